//! Types two APIs define identically move to `common`; types that differ,
//! and response enums versus request enums, stay apart. On two small
//! specs of our own that differ only in names and one error-code list.

use ird_codegen::error::Diagnostics;
use ird_codegen::output::{self, CrateSettings, Files, Provenance};
use std::path::Path;

fn files() -> Files {
    let apis: Vec<_> = [
        ("alpha", include_str!("specs/sharing-a.yaml")),
        ("beta", include_str!("specs/sharing-b.yaml")),
    ]
    .into_iter()
    .map(|(module, text)| {
        let path = Path::new(module).with_extension("yaml");
        let api = ird_codegen::build_api(
            &path,
            text.as_bytes(),
            module,
            &[],
            &mut Diagnostics::default(),
        )
        .unwrap();
        let provenance = Provenance {
            source: path.display().to_string(),
            sha256: String::new(),
            overlays: vec![],
            overlay_sha256: vec![],
        };
        (api, provenance)
    })
    .collect();
    let settings = CrateSettings {
        name: "two-apis".into(),
        version: "0.1.0".into(),
        description: "Two APIs.".into(),
    };
    output::crate_files(&settings, &apis, &[])
}

fn file<'a>(files: &'a Files, path: &str) -> &'a str {
    files
        .get(Path::new(path))
        .unwrap_or_else(|| panic!("no {path}"))
}

#[test]
fn identical_envelopes_are_one_type_under_the_words_their_names_share() {
    let files = files();
    let common = file(&files, "src/common.rs");
    assert!(common.contains("pub struct Response403 {"), "{common}");
    assert!(common.contains("pub errors: ::std::vec::Vec<Response403Error>,"));
    assert!(common.contains("/// - [`alpha::AlphaResponse403`](crate::alpha::AlphaResponse403)"));
    let alpha = file(&files, "src/alpha.rs");
    let beta = file(&files, "src/beta.rs");
    // Each module keeps its spec's names, as aliases of the shared type.
    assert!(alpha.contains("pub type AlphaResponse403 = crate::common::Response403;"));
    assert!(beta.contains("pub type BetaResponse403 = crate::common::Response403;"));
    assert!(
        alpha.contains("pub type AlphaResponse403ErrorCode = crate::common::Response403ErrorCode;")
    );
    assert!(file(&files, "src/lib.rs").contains("pub mod common;"));
}

#[test]
fn envelopes_whose_codes_differ_stay_in_their_modules() {
    let files = files();
    let common = file(&files, "src/common.rs");
    assert!(!common.contains("Response400"), "{common}");
    let alpha = file(&files, "src/alpha.rs");
    let beta = file(&files, "src/beta.rs");
    assert!(alpha.contains("pub struct AlphaResponse400 {"));
    assert!(alpha.contains("Ev2000,") && !alpha.contains("Ev3000,"));
    assert!(beta.contains("pub struct BetaResponse400 {"));
    assert!(beta.contains("Ev3000,") && !beta.contains("Ev2000,"));
}

#[test]
fn same_names_are_reexported() {
    let files = files();
    let alpha = file(&files, "src/alpha.rs");
    let start = alpha.find("pub use crate::common::").expect("a re-export");
    let reexport = &alpha[start..start + alpha[start..].find(';').unwrap()];
    for name in ["ThingRequest", "ThingResponse"] {
        assert!(reexport.contains(name), "{reexport}");
        assert!(
            !alpha.contains(&format!("pub struct {name} ")),
            "{name} is shared"
        );
    }
}

/// The item `pub enum NAME` in `text`, up to its closing brace.
fn enum_item<'a>(text: &'a str, name: &str) -> &'a str {
    let start = text
        .find(&format!("pub enum {name} {{"))
        .unwrap_or_else(|| panic!("no enum {name}"));
    let end = start + text[start..].find("\n}\n").unwrap();
    // Include the derive line above.
    let derive = text[..start].rfind("#[derive").unwrap();
    &text[derive..end]
}

#[test]
fn response_enums_are_open_and_request_enums_strict() {
    let files = files();
    let common = file(&files, "src/common.rs");
    let request = enum_item(common, "ThingRequestKind");
    assert!(request.contains("Copy"), "{request}");
    assert!(!request.contains("Other"), "{request}");
    let response = enum_item(common, "ThingResponseKind");
    assert!(
        response.contains("#[serde(from = \"::std::string::String\")]"),
        "{response}"
    );
    assert!(
        response.contains("Other(::std::string::String),"),
        "{response}"
    );
    let codes = enum_item(common, "Response403ErrorCode");
    assert!(
        codes.contains("Ev1022,") && codes.contains("Other("),
        "{codes}"
    );
}

#[test]
fn one_api_has_no_common_module() {
    let text = include_str!("specs/sharing-a.yaml");
    let api = ird_codegen::build_api(
        Path::new("a.yaml"),
        text.as_bytes(),
        "alpha",
        &[],
        &mut Diagnostics::default(),
    )
    .unwrap();
    let provenance = Provenance {
        source: "a.yaml".into(),
        sha256: String::new(),
        overlays: vec![],
        overlay_sha256: vec![],
    };
    let settings = CrateSettings {
        name: "alpha".into(),
        version: "0.1.0".into(),
        description: "One API.".into(),
    };
    let files = output::crate_files(&settings, &[(api, provenance)], &[]);
    assert!(!files.contains_key(Path::new("src/common.rs")));
    assert!(!file(&files, "src/lib.rs").contains("common"));
}
