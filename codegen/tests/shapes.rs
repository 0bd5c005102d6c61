//! General spec shapes, each proven by a small spec under `tests/shapes/`:
//! the module emitted for it and the warnings raised are snapshots
//! (`tests/snapshots/shapes__*.snap`), and all of them compile together as
//! modules of one scratch crate, clippy- and rustdoc-clean, whose own tests
//! (`tests/shapes/behaviour.rs`) decode and encode payloads through them.
//!
//! Specs the generator must refuse are under `tests/shapes/errors/`, each
//! with the located error it gives.

mod support;

use ird_codegen::error::{Diagnostics, Error};
use ird_codegen::output::{self, CrateSettings, Provenance};
use std::path::{Path, PathBuf};
use support::{yaml_files, Scratch};

fn shapes_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/shapes")
}

/// The fixtures' names (file stems), also their module names.
fn fixtures_on_disk() -> Vec<String> {
    yaml_files(&shapes_dir())
        .iter()
        .filter(|p| p.parent() == Some(shapes_dir().as_path()))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect()
}

/// Build fixture `name` (`tests/shapes/NAME.yaml`), named in locations by
/// its file name only.
fn build(dir: &Path, name: &str) -> Result<(ird_codegen::model::Api, Provenance, String), Error> {
    let file = format!("{name}.yaml");
    let bytes = std::fs::read(dir.join(&file)).unwrap();
    let mut diagnostics = Diagnostics::default();
    let api = ird_codegen::build_api(Path::new(&file), &bytes, name, &[], &mut diagnostics)?;
    let warnings: String = diagnostics
        .into_warnings()
        .iter()
        .map(|w| format!("{w}\n"))
        .collect();
    let provenance = Provenance {
        source: format!("codegen/tests/shapes/{file}"),
        sha256: ird_codegen::manifest::sha256_hex(&bytes),
        overlays: vec![],
        overlay_sha256: vec![],
    };
    Ok((api, provenance, warnings))
}

/// The module text and the warnings of a fixture, as snapshots.
fn snapshot(name: &str) {
    let (api, provenance, warnings) = build(&shapes_dir(), name).unwrap_or_else(|e| panic!("{e}"));
    let module = output::module_file(&api, &provenance, &Default::default(), None);
    insta::assert_snapshot!(format!("{name}_warnings"), warnings);
    insta::assert_snapshot!(name.to_string(), module);
}

macro_rules! shapes {
    ($($name:ident),* $(,)?) => {
        const FIXTURES: &[&str] = &[$(stringify!($name)),*];
        $(
            #[test]
            fn $name() {
                snapshot(stringify!($name));
            }
        )*
    };
}

shapes!(
    all_of,
    dates,
    docs,
    enums,
    maps,
    names,
    nullable,
    nullable3,
    operation_ids,
    params,
    refs,
    refs3,
    responses,
    unsupported,
    unsupported2,
);

#[test]
fn every_fixture_on_disk_has_a_snapshot_test() {
    assert_eq!(fixtures_on_disk(), FIXTURES);
}

/// All fixtures as modules of one crate, built with clippy and rustdoc
/// warnings denied, then the crate's tests run.
#[test]
fn every_fixture_compiles_and_behaves() {
    let apis: Vec<_> = FIXTURES
        .iter()
        .map(|name| {
            let (api, provenance, _) = build(&shapes_dir(), name).unwrap_or_else(|e| panic!("{e}"));
            (api, provenance)
        })
        .collect();
    let settings = CrateSettings {
        name: "shapes".to_string(),
        version: "0.1.0".to_string(),
        description: "The shape fixtures of ird-codegen's tests.".to_string(),
    };
    let mut files = output::crate_files(&settings, &apis, &[]);
    files.insert(
        "tests/behaviour.rs".into(),
        std::fs::read_to_string(shapes_dir().join("behaviour.rs")).unwrap(),
    );
    let mut scratch = Scratch::new("shapes");
    scratch.add_crate("shapes", &files);
    scratch.clippy();
    scratch.doc();
    scratch.cargo(&["test", "--workspace", "--quiet"], &[]);
}

/// Specs the generator must refuse, each with the error it gives: the file,
/// the line where it can tell, the JSON pointer, and why.
#[test]
fn refused_shapes_give_located_errors() {
    let dir = shapes_dir().join("errors");
    let mut report = String::new();
    for path in yaml_files(&dir) {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        match build(&dir, &name) {
            Ok(_) => panic!("{name}.yaml: expected an error"),
            Err(err) => {
                let text = err.to_string();
                assert!(text.starts_with(&format!("{name}.yaml")), "{text}");
                report.push_str(&format!("{text}\n"));
            }
        }
    }
    insta::assert_snapshot!("refused", report);
}
