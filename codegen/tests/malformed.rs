//! The malformed-spec corpus under `tests/malformed/`: each spec states in
//! its leading comments what generation must end in, and where.
//!
//! ```text
//! # expect: error | warning | ok
//! # file: spec | overlay        (which input the location names)
//! # pointer: /definitions/A     (the JSON pointer, exactly)
//! # line: 12                    (the line, when it must be known)
//! # message: text               (a part of the message; quotes are stripped)
//! ```
//!
//! `NAME.overlay.yaml` beside `NAME.yaml` is applied to it.

use ird_codegen::error::{Diagnostics, Error, Location};
use ird_codegen::output::{self, CrateSettings, Provenance};
use ird_codegen::overlay::Overlay;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/malformed")
}

#[derive(Debug)]
struct Expectation {
    outcome: String,
    file: Option<String>,
    pointer: Option<String>,
    line: Option<usize>,
    message: Option<String>,
}

fn expectation(path: &Path, text: &str) -> Expectation {
    let mut fields = BTreeMap::new();
    for line in text.lines().take_while(|l| l.starts_with('#')) {
        if let Some((key, value)) = line.trim_start_matches('#').trim().split_once(": ") {
            let value = value.trim();
            let value = value
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .unwrap_or(value);
            fields.insert(key.to_string(), value.to_string());
        }
    }
    let outcome = fields
        .get("expect")
        .unwrap_or_else(|| panic!("{}: no `# expect:` line", path.display()))
        .clone();
    assert!(
        ["error", "warning", "ok"].contains(&outcome.as_str()),
        "{}: expect must be error, warning or ok",
        path.display()
    );
    Expectation {
        outcome,
        file: fields.get("file").cloned(),
        pointer: fields.get("pointer").cloned(),
        line: fields
            .get("line")
            .map(|l| l.parse().expect("a line number")),
        message: fields.get("message").cloned(),
    }
}

/// The whole pipeline, to formatted files.
fn generate(spec: &Path, overlay: Option<&Path>) -> Result<Diagnostics, Error> {
    let bytes = std::fs::read(spec).unwrap();
    let mut overlays = vec![];
    if let Some(path) = overlay {
        let text = std::fs::read_to_string(path).unwrap();
        overlays.push((path.to_path_buf(), Overlay::parse(&text, path)?));
    }
    let mut diagnostics = Diagnostics::default();
    let api = ird_codegen::build_api_with(spec, &bytes, "corpus", &overlays, &mut diagnostics)?;
    let settings = CrateSettings {
        name: "corpus".into(),
        version: "0.1.0".into(),
        description: "corpus".into(),
    };
    let provenance = Provenance {
        source: "corpus.yaml".into(),
        sha256: String::new(),
        overlays: vec![],
        overlay_sha256: vec![],
    };
    let files = output::crate_files(&settings, &[(api, provenance)], &[]);
    assert!(files.contains_key(Path::new("src/corpus.rs")));
    Ok(diagnostics)
}

fn location_of(err: &Error) -> &Location {
    match err {
        Error::Parse { location, .. }
        | Error::Version { location, .. }
        | Error::Invalid { location, .. }
        | Error::Overlay { location, .. } => location,
        Error::Io { .. } | Error::Manifest(_) => panic!("not a located error: {err}"),
    }
}

/// Compare one located message with the expectation; `None` when it fits.
fn mismatch(
    expect: &Expectation,
    location: &Location,
    message: &str,
    spec: &Path,
    overlay: Option<&Path>,
) -> Option<String> {
    let file = match expect.file.as_deref() {
        Some("overlay") => overlay.expect("an overlay beside the spec"),
        Some("spec") | None => spec,
        Some(other) => panic!("file must be spec or overlay, not {other}"),
    };
    if location.file != file {
        return Some(format!(
            "in {}, not {}",
            location.file.display(),
            file.display()
        ));
    }
    if let Some(pointer) = &expect.pointer {
        if &location.pointer != pointer {
            return Some(format!("at {}, not {pointer}", location.pointer));
        }
    }
    if let Some(line) = expect.line {
        if location.line != Some(line) {
            return Some(format!("on line {:?}, not {line}", location.line));
        }
    }
    if let Some(part) = &expect.message {
        if !message.contains(part.as_str()) {
            return Some(format!("message does not contain `{part}`"));
        }
    }
    None
}

#[test]
fn every_malformed_spec_fails_or_warns_where_it_says() {
    let mut specs: Vec<PathBuf> = std::fs::read_dir(corpus())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.ends_with(".yaml") && !name.ends_with(".overlay.yaml")
        })
        .collect();
    specs.sort();
    assert!(specs.len() >= 25, "the corpus is {} files", specs.len());
    let mut failures = vec![];
    for spec in &specs {
        let text = std::fs::read_to_string(spec).unwrap();
        let expect = expectation(spec, &text);
        let overlay = spec.with_extension("overlay.yaml");
        let overlay = overlay.is_file().then_some(overlay.as_path());
        let name = spec.file_name().unwrap().to_string_lossy();
        match (expect.outcome.as_str(), generate(spec, overlay)) {
            ("error", Err(err)) => {
                if let Some(why) =
                    mismatch(&expect, location_of(&err), &err.to_string(), spec, overlay)
                {
                    failures.push(format!("{name}: error {why}: {err}"));
                }
            }
            ("warning", Ok(diagnostics)) => {
                let warnings = diagnostics.into_warnings();
                let fits = warnings
                    .iter()
                    .any(|w| mismatch(&expect, &w.location, &w.message, spec, overlay).is_none());
                if !fits {
                    failures.push(format!("{name}: no such warning among {warnings:#?}"));
                }
            }
            ("ok", Ok(_)) => {}
            (want, Err(err)) => failures.push(format!("{name}: expected {want}, got {err}")),
            (want, Ok(d)) => failures.push(format!(
                "{name}: expected {want}, generated with {:?}",
                d.into_warnings()
            )),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Overlays are applied together before the document is read; the error
/// is still the first one that checking after every overlay would meet.
#[test]
fn the_first_overlay_that_breaks_the_document_is_the_error() {
    let spec = Path::new("two-overlays.yaml");
    let text = "swagger: \"2.0\"\ninfo: {title: Two, version: \"1\"}\npaths: {}\n\
                definitions:\n  A:\n    type: object\n    properties:\n      \
                x: {type: string}\n";
    let breaks = "overlay: 1.0.0\ninfo: {title: breaks, version: \"1\"}\nactions:\n  \
                  - target: $.components.schemas.A.properties.x\n    update: {type: 7}\n";
    let stale = "overlay: 1.0.0\ninfo: {title: stale, version: \"1\"}\nactions:\n  \
                 - target: $.components.schemas.Gone\n    update: {type: object}\n";
    let overlay = |name: &str, text: &str| {
        let path = PathBuf::from(name);
        let parsed = Overlay::parse(text, &path).expect("a well-formed overlay");
        (path, parsed)
    };
    let overlays = [overlay("breaks.yaml", breaks), overlay("stale.yaml", stale)];
    let err = ird_codegen::build_api_with(
        spec,
        text.as_bytes(),
        "two",
        &overlays,
        &mut Diagnostics::default(),
    )
    .expect_err("the first overlay leaves a schema whose type is a number");
    let location = location_of(&err);
    assert_eq!(location.file, spec, "{err}");
    // (openapiv3 flattens the schema: the error names the object.)
    assert_eq!(location.pointer, "/definitions/A", "{err}");
    assert!(
        err.to_string().contains("invalid type: integer `7`"),
        "{err}"
    );

    // The stale overlay alone is reported as itself.
    let err = ird_codegen::build_api_with(
        spec,
        text.as_bytes(),
        "two",
        &overlays[1..],
        &mut Diagnostics::default(),
    )
    .expect_err("the target is gone");
    assert_eq!(location_of(&err).file, Path::new("stale.yaml"), "{err}");
}
