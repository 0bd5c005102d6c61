//! OpenAPI Overlay 1.0: the facts the build packs state and the YAML lacks,
//! applied to the OpenAPI 3.0 form of a spec before it is modelled.
//!
//! An action whose target matches nothing, or whose update does not fit the
//! node it targets, is an error naming the action: when Inland Revenue
//! revises a spec, a fact must never drop out silently.

use crate::error::{Error, Location};
use serde::Deserialize;
use serde_json::Value;
use serde_json_path::JsonPath;
use std::path::Path;

/// An overlay document.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Overlay {
    /// Must be `1.0.x`.
    pub overlay: String,
    /// Title and version of the overlay.
    pub info: OverlayInfo,
    /// Informational: the document this overlay was written for.
    #[serde(default)]
    pub extends: Option<String>,
    /// Applied in order.
    pub actions: Vec<Action>,
}

/// `info` of an overlay.
#[derive(Clone, Debug, Deserialize)]
pub struct OverlayInfo {
    /// What the overlay is.
    pub title: String,
    /// Its version.
    pub version: String,
}

/// One action: update or remove every node the target selects.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Action {
    /// A JSONPath (RFC 9535) query.
    pub target: String,
    /// Where the fact comes from (build-pack section, README).
    #[serde(default)]
    pub description: Option<String>,
    /// Merged into each target.
    #[serde(default)]
    pub update: Option<Value>,
    /// Remove each target from its parent.
    #[serde(default)]
    pub remove: bool,
}

impl Overlay {
    /// Read an overlay file.
    pub fn load(file: &Path) -> Result<Overlay, Error> {
        let text = std::fs::read_to_string(file).map_err(|e| Error::io(file, e))?;
        Overlay::parse(&text, file)
    }

    /// Read overlay text; `file` names it in errors.
    pub fn parse(text: &str, file: &Path) -> Result<Overlay, Error> {
        let value = crate::yaml::parse(text, file)?;
        let overlay: Overlay = serde_path_to_error::deserialize(&value).map_err(|err| {
            let pointer = crate::yaml::path_to_pointer(err.path());
            let line = crate::yaml::line_of(text, &pointer);
            Error::Parse {
                location: Location {
                    file: file.to_path_buf(),
                    pointer,
                    line,
                },
                message: err.into_inner().to_string(),
            }
        })?;
        if !overlay.overlay.starts_with("1.0") {
            return Err(Error::Version {
                location: Location::new(file, "/overlay"),
                message: format!("overlay version {} is not 1.0.x", overlay.overlay),
            });
        }
        Ok(overlay)
    }

    /// Apply every action to `document`, in order.
    pub fn apply(&self, document: &mut Value, file: &Path) -> Result<(), Error> {
        for (index, action) in self.actions.iter().enumerate() {
            action.apply(document).map_err(|message| Error::Overlay {
                location: Location::new(file, format!("/actions/{index}")),
                action: format!("#{} ({})", index + 1, action.target),
                message,
            })?;
        }
        Ok(())
    }
}

impl Action {
    fn apply(&self, document: &mut Value) -> Result<(), String> {
        let path = JsonPath::parse(&self.target).map_err(|e| format!("bad JSONPath: {e}"))?;
        let pointers: Vec<String> = path
            .query_located(document)
            .locations()
            .map(|l| l.to_json_pointer())
            .collect();
        if pointers.is_empty() {
            return Err("target matches nothing; the spec may have changed under this fact".into());
        }
        match (&self.update, self.remove) {
            (Some(_), true) => Err("an action either updates or removes, not both".into()),
            (None, false) => Err("an action needs `update` or `remove: true`".into()),
            (None, true) => {
                // Remove from the back so earlier pointers stay valid.
                for pointer in pointers.iter().rev() {
                    remove_at(document, pointer)?;
                }
                Ok(())
            }
            (Some(update), false) => {
                for pointer in &pointers {
                    let node = document.pointer_mut(pointer).expect("located node exists");
                    merge(node, update).map_err(|m| format!("at {pointer}: {m}"))?;
                }
                Ok(())
            }
        }
    }
}

/// Overlay 1.0 merge: objects merge recursively, arrays take the update's
/// items appended (or, for an array update, its elements), and a primitive
/// target is replaced by a primitive update.
fn merge(target: &mut Value, update: &Value) -> Result<(), String> {
    match (target, update) {
        (Value::Object(target), Value::Object(update)) => {
            for (key, value) in update {
                match target.get_mut(key) {
                    Some(existing @ (Value::Object(_) | Value::Array(_))) => {
                        merge(existing, value)?
                    }
                    _ => {
                        target.insert(key.clone(), value.clone());
                    }
                }
            }
            Ok(())
        }
        (Value::Array(target), Value::Array(update)) => {
            target.extend(update.iter().cloned());
            Ok(())
        }
        (Value::Array(target), update) => {
            target.push(update.clone());
            Ok(())
        }
        (target @ (Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_)), update)
            if !update.is_object() && !update.is_array() =>
        {
            *target = update.clone();
            Ok(())
        }
        (target, _) => Err(format!(
            "the update does not fit the target (a {})",
            match target {
                Value::Object(_) => "mapping",
                Value::Array(_) => "list",
                _ => "scalar",
            }
        )),
    }
}

fn remove_at(document: &mut Value, pointer: &str) -> Result<(), String> {
    let (parent, last) = pointer
        .rsplit_once('/')
        .ok_or("cannot remove the whole document")?;
    let key = crate::error::unescape_segment(last);
    match document.pointer_mut(parent) {
        Some(Value::Object(map)) => {
            map.shift_remove(&key);
            Ok(())
        }
        Some(Value::Array(list)) => {
            let index: usize = key.parse().map_err(|_| "bad array index".to_string())?;
            list.remove(index);
            Ok(())
        }
        _ => Err(format!("parent of {pointer} is not a container")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn action(target: &str, update: Value) -> Action {
        Action {
            target: target.into(),
            description: None,
            update: Some(update),
            remove: false,
        }
    }

    #[test]
    fn update_merges_into_every_target() {
        let mut doc =
            json!({"paths": {"/a": {"put": {"responses": {}}}, "/b": {"put": {"responses": {}}}}});
        action(
            "$.paths.*.put.responses",
            json!({"200": {"description": "ok"}}),
        )
        .apply(&mut doc)
        .unwrap();
        assert_eq!(
            doc["paths"]["/b"]["put"]["responses"]["200"]["description"],
            "ok"
        );
        assert_eq!(
            doc["paths"]["/a"]["put"]["responses"]["200"]["description"],
            "ok"
        );
    }

    #[test]
    fn stale_target_is_an_error() {
        let mut doc = json!({"paths": {}});
        let err = action("$.paths['/gone'].put", json!({}))
            .apply(&mut doc)
            .unwrap_err();
        assert!(err.contains("matches nothing"), "{err}");
    }

    #[test]
    fn wrong_shape_is_an_error() {
        let mut doc = json!({"a": "text"});
        let err = action("$.a", json!({"b": 1})).apply(&mut doc).unwrap_err();
        assert!(err.contains("does not fit"), "{err}");
    }

    #[test]
    fn remove_deletes_targets() {
        let mut doc = json!({"a": {"b": 1, "c": 2}});
        let remove = Action {
            target: "$.a.b".into(),
            description: None,
            update: None,
            remove: true,
        };
        remove.apply(&mut doc).unwrap();
        assert_eq!(doc, json!({"a": {"c": 2}}));
    }
}
