//! The converter's output checked by an independent validator: every SDK
//! spec, current and archived, and every shape fixture, goes through
//! `ird-codegen convert`, and openapi-spec-validator must accept the
//! OpenAPI 3.0 it prints. The current specs are checked with their overlays
//! applied as well, since that is the document the model reads.
//!
//! The validator is `$OPENAPI_SPEC_VALIDATOR`, else `openapi-spec-validator`
//! on `PATH`; `.ci/run` installs the pinned version of
//! `.ci/openapi-spec-validator.txt`. Without it the test fails under CI
//! (`CI` set) and is skipped with a note elsewhere.

mod support;

use ird_codegen::error::Diagnostics;
use ird_codegen::manifest::Manifest;
use std::path::{Path, PathBuf};
use std::process::Command;
use support::{relative, sdk, workspace, yaml_files};

const VALIDATOR_ENV: &str = "OPENAPI_SPEC_VALIDATOR";

/// The validator's command, or `None` (after a note) when it is missing
/// outside CI.
fn validator() -> Option<PathBuf> {
    let from_env = std::env::var_os(VALIDATOR_ENV).map(PathBuf::from);
    let command = from_env
        .clone()
        .unwrap_or_else(|| PathBuf::from("openapi-spec-validator"));
    let works = Command::new(&command)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if works {
        return Some(command);
    }
    let message = format!(
        "openapi-spec-validator is not runnable as `{}`: install the version pinned in \
         .ci/openapi-spec-validator.txt (`.ci/run` does, into a venv) and set {VALIDATOR_ENV} \
         to its path or put it on PATH",
        command.display()
    );
    if std::env::var_os("CI").is_some() || from_env.is_some() {
        panic!("{message}");
    }
    eprintln!("note: skipping the converter validation: {message}");
    None
}

/// One document to validate: what it is, and the file holding it.
struct Converted {
    name: String,
    file: PathBuf,
}

/// `ird-codegen convert SPEC` into `dir`, as the `index`th file.
fn convert(spec: &Path, name: String, dir: &Path, index: usize) -> Converted {
    let output = Command::new(env!("CARGO_BIN_EXE_ird-codegen"))
        .arg("convert")
        .arg(spec)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "convert {name} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let file = dir.join(format!("{index:03}.yaml"));
    std::fs::write(&file, &output.stdout).unwrap();
    Converted { name, file }
}

/// Run the validator over all documents at once; it stops at the first
/// invalid one, so on failure each document is validated alone. Returns
/// the faults, by document name.
fn faults(validator: &Path, documents: &[Converted]) -> Vec<(String, String)> {
    let run = |files: &[&Path]| {
        Command::new(validator)
            .args(["--validation-errors", "all"])
            .args(files)
            .output()
            .unwrap()
    };
    let files: Vec<&Path> = documents.iter().map(|d| d.file.as_path()).collect();
    let all = run(&files);
    let stdout = String::from_utf8_lossy(&all.stdout);
    let oks = stdout.lines().filter(|l| l.ends_with(": OK")).count();
    if all.status.success() && oks == documents.len() {
        return vec![];
    }
    let mut faults = vec![];
    for document in documents {
        let one = run(&[document.file.as_path()]);
        if !one.status.success() {
            let text = String::from_utf8_lossy(&one.stdout).replace(
                &document.file.display().to_string(),
                &format!("{} (converted)", document.name),
            );
            let stderr = String::from_utf8_lossy(&one.stderr);
            faults.push((document.name.clone(), format!("{text}{stderr}")));
        }
    }
    faults
}

/// Every document valid, or a panic listing every fault.
fn validate_all(validator: &Path, documents: &[Converted]) {
    let faults = faults(validator, documents);
    let text: Vec<&str> = faults.iter().map(|(_, t)| t.as_str()).collect();
    assert!(
        faults.is_empty(),
        "the validator rejects {} converted document(s):\n{}",
        faults.len(),
        text.join("\n")
    );
}

/// Fixtures whose source is itself invalid on purpose, with what the
/// validator says of it: the converter keeps the fault, and the generator
/// warns about it (see their snapshots).
const INVALID_FIXTURES: &[(&str, &str)] = &[
    (
        "operation_ids.yaml",
        "Operation ID 'addThing' for 'post' in '/things' is not unique",
    ),
    (
        "unsupported.yaml",
        "Operation ID 'getShapes' for 'get' in '/elsewhere' is not unique",
    ),
];

#[test]
fn every_converted_sdk_spec_is_valid_openapi_30() {
    let Some(validator) = validator() else {
        return;
    };
    let sdk = sdk();
    let dir = tempfile::tempdir().unwrap();
    let manifest = Manifest::load(&workspace().join("spec/manifest.toml")).unwrap();
    let mut specs: Vec<PathBuf> = manifest.apis.iter().map(|a| sdk.join(&a.source)).collect();
    let archived: Vec<PathBuf> = yaml_files(&sdk)
        .into_iter()
        .filter(|p| {
            p.parent()
                .and_then(Path::file_name)
                .is_some_and(|n| n == "Archive" || n == "archive" || n == "Archived")
        })
        .collect();
    assert_eq!(archived.len(), 37, "the archived specs");
    specs.extend(archived);
    let mut documents: Vec<Converted> = specs
        .iter()
        .enumerate()
        .map(|(i, spec)| convert(spec, relative(spec, &sdk), dir.path(), i))
        .collect();

    // The current specs with their overlays, as the model reads them.
    for api in manifest.apis.iter().filter(|a| !a.overlays.is_empty()) {
        let mut diagnostics = Diagnostics::default();
        let mut spec = ird_codegen::load::load_file(&sdk.join(&api.source), &mut diagnostics)
            .unwrap_or_else(|e| panic!("{e}"));
        for overlay in &api.overlays {
            let path = manifest.dir.join(overlay);
            let loaded = ird_codegen::overlay::Overlay::load(&path).unwrap();
            spec.apply_overlay(&loaded, &path).unwrap();
        }
        let file = dir.path().join(format!("{:03}.json", documents.len()));
        std::fs::write(
            &file,
            serde_json::to_string_pretty(spec.document()).unwrap(),
        )
        .unwrap();
        documents.push(Converted {
            name: format!("{} with {}", api.source, api.overlays.join(", ")),
            file,
        });
    }
    validate_all(&validator, &documents);
}

#[test]
fn every_converted_shape_fixture_is_valid_openapi_30() {
    let Some(validator) = validator() else {
        return;
    };
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/shapes");
    let dir = tempfile::tempdir().unwrap();
    let documents: Vec<Converted> = yaml_files(&fixtures)
        .iter()
        .filter(|p| p.parent() == Some(fixtures.as_path()))
        .enumerate()
        .map(|(i, spec)| convert(spec, relative(spec, &fixtures), dir.path(), i))
        .collect();
    assert!(documents.len() >= 10, "the shape fixtures");
    let found = faults(&validator, &documents);
    let names: Vec<&str> = found.iter().map(|(n, _)| n.as_str()).collect();
    let expected: Vec<&str> = INVALID_FIXTURES.iter().map(|(n, _)| *n).collect();
    assert_eq!(names, expected, "{found:#?}");
    for ((_, text), (name, needle)) in found.iter().zip(INVALID_FIXTURES) {
        assert!(text.contains(needle), "{name}: {text}");
    }
}

/// The check is worth something only if the validator refuses what it
/// should: a document whose path names a parameter no operation declares.
#[test]
fn the_validator_refuses_a_broken_document() {
    let Some(validator) = validator() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("broken.yaml");
    std::fs::write(
        &file,
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a/{id}:\n    get:\n      \
         responses: {'200': {description: ok}}\n",
    )
    .unwrap();
    let output = Command::new(&validator).arg(&file).output().unwrap();
    assert!(!output.status.success());
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("Path parameter 'id'"), "{stdout}");
}
