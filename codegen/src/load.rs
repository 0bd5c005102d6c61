//! Reading a spec: check its version first, then bring it into the
//! `openapiv3` model (converting Swagger 2.0 on the way).

use crate::error::{join_pointer, Diagnostics, Error, Location};
use crate::{swagger2, yaml};
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

/// The OpenAPI version a document declared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceVersion {
    /// `swagger: "2.0"`.
    Swagger2,
    /// `openapi: 3.0.x`.
    OpenApi30,
}

/// A spec read and brought into OpenAPI 3.0 form: the JSON value (what
/// overlays act on) and its `openapiv3` model, kept in step.
#[derive(Clone, Debug)]
pub struct LoadedSpec {
    /// The file it came from.
    pub file: PathBuf,
    /// The source text, kept to locate later errors by line.
    pub text: String,
    /// Which version the source declared.
    pub version: SourceVersion,
    document: Value,
    openapi: openapiv3::OpenAPI,
}

/// Read and convert the spec at `file`.
pub fn load_file(file: &Path, diagnostics: &mut Diagnostics) -> Result<LoadedSpec, Error> {
    let text = std::fs::read_to_string(file).map_err(|e| Error::io(file, e))?;
    load_str(&text, file, diagnostics)
}

/// Read and convert spec text; `file` names it in errors.
pub fn load_str(
    text: &str,
    file: &Path,
    diagnostics: &mut Diagnostics,
) -> Result<LoadedSpec, Error> {
    load_overlaid(text, file, &[], diagnostics)
}

/// [`load_str`], with `overlays` (each with the file it was read from)
/// applied in order before the document is read into the model: once, not
/// once per overlay. An error is the one checking after every overlay
/// would give: the spec's own, or that of the first overlay that breaks
/// the document.
pub fn load_overlaid(
    text: &str,
    file: &Path,
    overlays: &[(PathBuf, crate::overlay::Overlay)],
    diagnostics: &mut Diagnostics,
) -> Result<LoadedSpec, Error> {
    let raw = yaml::parse(text, file)?;
    let version = detect_version(&raw, file).map_err(|e| with_line(e, text))?;
    let mut document = match version {
        SourceVersion::Swagger2 => {
            let converted = swagger2::convert(&raw, file, text, diagnostics);
            diagnostics.locate_lines(file, text);
            converted.map_err(|e| with_line(e, text))?
        }
        SourceVersion::OpenApi30 => raw,
    };
    check_references(&document, file, text, version)?;
    let mut overlaid = || {
        for (overlay_file, overlay) in overlays {
            overlay.apply(&mut document, overlay_file)?;
        }
        if !overlays.is_empty() {
            check_references(&document, file, text, version)?;
        }
        read_model(&document, file, text, version)
    };
    let openapi = match overlaid() {
        Ok(openapi) => openapi,
        Err(error) if overlays.is_empty() => return Err(error),
        // Only a failure pays for finding the step that broke the document.
        Err(error) => return Err(first_failure(text, file, overlays).unwrap_or(error)),
    };
    for (pointer, key) in unread_statuses(&document) {
        diagnostics.warn(
            locate(file, text, version, &pointer),
            format!("response `{key}` is no HTTP status (100 to 999, `4XX` or `default`): ignored"),
        );
    }
    for (pointer, keys) in reference_siblings(&document) {
        diagnostics.warn(
            locate(file, text, version, &pointer),
            swagger2::ignored_beside_reference(&keys),
        );
    }
    Ok(LoadedSpec {
        file: file.to_path_buf(),
        text: text.to_string(),
        version,
        document,
        openapi,
    })
}

/// Load the spec alone, then apply `overlays` one at a time, checking after
/// each: the first error met.
fn first_failure(
    text: &str,
    file: &Path,
    overlays: &[(PathBuf, crate::overlay::Overlay)],
) -> Option<Error> {
    // The warnings were collected by the load that failed.
    let mut spec = match load_str(text, file, &mut Diagnostics::default()) {
        Ok(spec) => spec,
        Err(error) => return Some(error),
    };
    overlays
        .iter()
        .find_map(|(overlay_file, overlay)| spec.apply_overlay(overlay, overlay_file).err())
}

/// Give an error found before lines were known the line of its pointer.
fn with_line(mut error: Error, text: &str) -> Error {
    if let Error::Parse { location, .. }
    | Error::Version { location, .. }
    | Error::Invalid { location, .. } = &mut error
    {
        if location.line.is_none() {
            location.line = yaml::line_of(text, &location.pointer);
        }
    }
    error
}

/// Deserialize a document into the `openapiv3` model.
///
/// Errors carry the JSON pointer of the offending node (mapped back to the
/// source document's layout for converted Swagger 2.0) and its line.
fn read_model(
    document: &Value,
    file: &Path,
    text: &str,
    version: SourceVersion,
) -> Result<openapiv3::OpenAPI, Error> {
    use serde::Deserialize;
    check_deep_schemas(document, file, text, version)?;
    // Tracking the path costs a third of the read: only an invalid document
    // pays it, read a second time to say where it fails.
    if let Ok(openapi) = openapiv3::OpenAPI::deserialize(document) {
        return Ok(openapi);
    }
    serde_path_to_error::deserialize(document).map_err(|err| Error::Parse {
        location: locate(file, text, version, &yaml::path_to_pointer(err.path())),
        message: err.into_inner().to_string(),
    })
}

/// Keys of operations' `responses` that the `openapiv3` model drops without
/// a word: neither `default`, a status code nor a range, nor an extension.
fn unread_statuses(document: &Value) -> Vec<(String, String)> {
    let status = |key: &str| match key.as_bytes() {
        [d, b'X' | b'x', b'X' | b'x'] => d.is_ascii_digit(),
        [_, _, _] => key
            .parse::<u16>()
            .is_ok_and(|code| (100..1000).contains(&code)),
        _ => false,
    };
    let mut found = vec![];
    let paths = document.get("paths").and_then(Value::as_object);
    for (path, item) in paths.into_iter().flatten() {
        for (method, op) in item.as_object().into_iter().flatten() {
            let responses = op.get("responses").and_then(Value::as_object);
            for key in responses.into_iter().flatten().map(|(k, _)| k) {
                if key != "default" && !key.starts_with("x-") && !status(key) {
                    let pointer = join_pointer(&join_pointer("/paths", path), method);
                    let pointer = join_pointer(&join_pointer(&pointer, "responses"), key);
                    found.push((pointer, key.clone()));
                }
            }
        }
    }
    found
}

/// Objects of `document` holding a `$ref` and other keys, which the
/// `openapiv3` model drops, with those keys. (The Swagger 2.0 converter
/// keeps a schema's by wrapping its reference in an `allOf`.)
fn reference_siblings(document: &Value) -> Vec<(String, Vec<String>)> {
    let mut found = vec![];
    let _ = objects(document, |pointer, map| {
        if map.get("$ref").is_some_and(Value::is_string) && map.len() > 1 {
            let keys = map.keys().filter(|k| *k != "$ref").cloned().collect();
            found.push((pointer.to_string(), keys));
        }
        Ok(())
    });
    found
}

/// Call `visit` on every mapping of `document` with its pointer, in
/// document order, leaving out data (`example`, `default`, `enum`, and
/// extensions), until it fails.
fn objects(
    document: &Value,
    mut visit: impl FnMut(&str, &Map<String, Value>) -> Result<(), Error>,
) -> Result<(), Error> {
    let mut stack = vec![(String::new(), document)];
    while let Some((pointer, value)) = stack.pop() {
        match value {
            Value::Object(map) => {
                visit(&pointer, map)?;
                for (key, item) in map.iter().rev() {
                    let data = matches!(key.as_str(), "example" | "examples" | "default" | "enum")
                        || key.starts_with("x-");
                    if !data && (item.is_object() || item.is_array()) {
                        stack.push((join_pointer(&pointer, key), item));
                    }
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate().rev() {
                    if item.is_object() || item.is_array() {
                        stack.push((format!("{pointer}/{i}"), item));
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// Every `$ref` must point inside the document, at something that is there.
///
/// Values that are data rather than schema (`example`, `default`, `enum`,
/// extensions) are not looked into: a `$ref` key there is not a reference.
fn check_references(
    document: &Value,
    file: &Path,
    text: &str,
    version: SourceVersion,
) -> Result<(), Error> {
    objects(document, |pointer, map| {
        // (A mapping under `$ref` is a property named `$ref`.)
        if let Some(v) = map.get("$ref").filter(|v| !v.is_string() && !v.is_object()) {
            return Err(Error::invalid(
                locate(file, text, version, &join_pointer(pointer, "$ref")),
                format!("`$ref` must be a string, not {v}"),
            ));
        }
        let Some(Value::String(reference)) = map.get("$ref") else {
            return Ok(());
        };
        let at = || locate(file, text, version, &join_pointer(pointer, "$ref"));
        let reference = match version {
            SourceVersion::Swagger2 => swagger2::source_reference(reference),
            SourceVersion::OpenApi30 => reference.clone(),
        };
        let Some(target) = reference.strip_prefix('#') else {
            return Err(Error::invalid(
                at(),
                format!(
                    "`$ref: {reference}` refers to another document; only references inside \
                     the spec (`#/...`) are supported"
                ),
            ));
        };
        // Converted references point into the converted document.
        let converted = map["$ref"].as_str().unwrap_or_default();
        let target = converted.strip_prefix('#').unwrap_or(target);
        if document.pointer(target).is_none() {
            return Err(Error::invalid(
                at(),
                format!("`$ref: {reference}` points at nothing in this spec"),
            ));
        }
        Ok(())
    })
}

/// Schemas nested deeper than this are read bottom-up first.
const SHALLOW_SCHEMAS: usize = 8;

/// `openapiv3` reads a schema through untagged enums, which retry every
/// variant of every enclosing schema when a nested one is invalid: the time
/// doubles with each level above the fault (20 levels took half a minute).
/// A document whose schemas nest deeply is therefore read schema by schema
/// from the deepest up, so that the first invalid one is reported before
/// any schema around it is read; every schema is then read once per level
/// it lies below, at worst.
fn check_deep_schemas(
    document: &Value,
    file: &Path,
    text: &str,
    version: SourceVersion,
) -> Result<(), Error> {
    use serde::Deserialize;
    // (schema depth, pointer, node); the walk is iterative.
    let mut schemas: Vec<(usize, String, &Value)> = vec![];
    let mut stack: Vec<(String, &Value, Option<usize>)> = vec![(String::new(), document, None)];
    while let Some((pointer, value, depth)) = stack.pop() {
        if let Some(d) = depth {
            if value.is_object() {
                schemas.push((d, pointer.clone(), value));
            }
        }
        let child = |key: &str| join_pointer(&pointer, key);
        match value {
            Value::Object(map) => {
                for (key, item) in map {
                    let schema_child = match depth {
                        Some(d) => match key.as_str() {
                            "items" | "additionalProperties" | "not" => Some(Some(d + 1)),
                            "properties" | "allOf" | "anyOf" | "oneOf" => {
                                // A map or list of schemas.
                                let entries: Vec<(String, &Value)> = match item {
                                    Value::Object(m) => m
                                        .iter()
                                        .map(|(k, v)| (join_pointer(&child(key), k), v))
                                        .collect(),
                                    Value::Array(l) => l
                                        .iter()
                                        .enumerate()
                                        .map(|(i, v)| (format!("{}/{i}", child(key)), v))
                                        .collect(),
                                    _ => vec![],
                                };
                                for (p, v) in entries {
                                    stack.push((p, v, Some(d + 1)));
                                }
                                None
                            }
                            "example" | "examples" | "default" | "enum" => None,
                            _ if key.starts_with("x-") => None,
                            _ => Some(None),
                        },
                        None if key == "schema" => Some(Some(0)),
                        None if pointer == "/components/schemas" => Some(Some(0)),
                        None => Some(None),
                    };
                    if let Some(depth) = schema_child {
                        if item.is_object() || item.is_array() {
                            stack.push((child(key), item, depth));
                        }
                    }
                }
            }
            Value::Array(items) if depth.is_none() => {
                for (i, item) in items.iter().enumerate() {
                    stack.push((format!("{pointer}/{i}"), item, None));
                }
            }
            _ => {}
        }
    }
    if schemas.iter().all(|(d, _, _)| *d <= SHALLOW_SCHEMAS) {
        return Ok(());
    }
    schemas.sort_by_key(|s| std::cmp::Reverse(s.0));
    for (_, pointer, node) in schemas {
        if let Err(err) = openapiv3::ReferenceOr::<openapiv3::Schema>::deserialize(node) {
            return Err(Error::Parse {
                location: locate(file, text, version, &pointer),
                message: err.to_string(),
            });
        }
    }
    Ok(())
}

/// A pointer into the converted document as a location in the source.
fn locate(file: &Path, text: &str, version: SourceVersion, pointer: &str) -> Location {
    let pointer = match version {
        SourceVersion::Swagger2 => swagger2::source_pointer(pointer),
        SourceVersion::OpenApi30 => pointer.to_string(),
    };
    let line = yaml::line_of(text, &pointer);
    Location {
        file: file.to_path_buf(),
        pointer,
        line,
    }
}

impl LoadedSpec {
    /// The OpenAPI 3.0 document as JSON.
    pub fn document(&self) -> &Value {
        &self.document
    }

    /// The document in the `openapiv3` model.
    pub fn openapi(&self) -> &openapiv3::OpenAPI {
        &self.openapi
    }

    /// Apply an overlay read from `file`, then read the changed document
    /// into the model again.
    pub fn apply_overlay(
        &mut self,
        overlay: &crate::overlay::Overlay,
        file: &Path,
    ) -> Result<(), Error> {
        overlay.apply(&mut self.document, file)?;
        check_references(&self.document, &self.file, &self.text, self.version)?;
        self.openapi = read_model(&self.document, &self.file, &self.text, self.version)?;
        Ok(())
    }

    /// A location in this spec's source.
    pub fn locate(&self, pointer: &str) -> Location {
        locate(&self.file, &self.text, self.version, pointer)
    }
}

/// Look at `swagger` / `openapi` before anything else, so that a document of
/// another version gets one clear error instead of a confusing shape error.
fn detect_version(raw: &Value, file: &Path) -> Result<SourceVersion, Error> {
    let at = |pointer: &str, message: String| Error::Version {
        location: Location {
            file: file.to_path_buf(),
            pointer: pointer.to_string(),
            line: None,
        },
        message,
    };
    let Some(object) = raw.as_object() else {
        return Err(at(
            "",
            "a spec must be a mapping with a `swagger` or `openapi` field".into(),
        ));
    };
    let text_of = |v: &Value| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    match (object.get("swagger"), object.get("openapi")) {
        (Some(_), Some(_)) => Err(at(
            "",
            "both `swagger` and `openapi` are set; keep one".into(),
        )),
        (Some(v), None) if text_of(v) == "2.0" => Ok(SourceVersion::Swagger2),
        (Some(v), None) => Err(at(
            "/swagger",
            format!(
                "unsupported Swagger version {}: only \"2.0\" is read",
                text_of(v)
            ),
        )),
        (None, Some(Value::String(v))) if is_openapi_30(v) => Ok(SourceVersion::OpenApi30),
        (None, Some(v)) => Err(at(
            "/openapi",
            format!(
                "unsupported OpenAPI version {}: Swagger 2.0 and OpenAPI 3.0.x are read \
                 (3.1 is not supported)",
                text_of(v)
            ),
        )),
        (None, None) => Err(at(
            "",
            "no `swagger` or `openapi` field: this does not look like an OpenAPI document".into(),
        )),
    }
}

fn is_openapi_30(version: &str) -> bool {
    version == "3.0"
        || version
            .strip_prefix("3.0.")
            .is_some_and(|p| p.parse::<u32>().is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<LoadedSpec, Error> {
        load_str(text, Path::new("t.yaml"), &mut Diagnostics::default())
    }

    #[test]
    fn rejects_other_versions_first() {
        for (text, needle) in [
            ("openapi: 3.1.0\ninfo: {}\n", "3.1 is not supported"),
            ("swagger: '1.2'\n", "only \"2.0\""),
            ("info: {title: x}\n", "no `swagger` or `openapi`"),
            ("- a\n", "must be a mapping"),
        ] {
            let err = load(text).unwrap_err().to_string();
            assert!(err.contains(needle), "{err}");
        }
    }

    #[test]
    fn reads_openapi_30_directly() {
        let spec = load("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n").unwrap();
        assert_eq!(spec.version, SourceVersion::OpenApi30);
    }

    #[test]
    fn shape_errors_name_pointer_and_line() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  \
                    schemas:\n    A:\n      type: string\n      maxLength: lots\n";
        let err = load(text).unwrap_err();
        let Error::Parse { location, .. } = &err else {
            panic!("{err:?}")
        };
        assert!(
            location.pointer.starts_with("/components/schemas/A"),
            "{err}"
        );
        assert!(location.line.is_some(), "{err}");
    }
}
