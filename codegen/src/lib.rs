//! Generates Rust bindings from Inland Revenue's Gateway Services API
//! specifications.
//!
//! The pipeline, one module per stage:
//!
//! 1. [`yaml`] parses the text (the only module that knows serde_yaml);
//! 2. [`load`] checks the version and, through [`swagger2`], brings the
//!    document into the OpenAPI 3.0 form of the `openapiv3` crate;
//! 3. [`overlay`] applies the build-pack facts under `spec/`;
//! 4. [`model`] resolves references, merges identical schemas and names
//!    everything (with [`naming`] and [`docs`]);
//! 5. [`emit`] turns the model into tokens and [`output`] into formatted
//!    files, in memory;
//! 6. [`sync`] compares them with, or writes them to, a directory, and
//!    [`drift`] says why `generated/` differs.
//!
//! [`generate`] runs the pipeline over the manifest; the binary and the
//! workspace's `build.rs` are thin layers over it. [`diff`] compares the
//! models of two versions of a spec.

#![warn(missing_docs)]

pub mod build_script;
pub mod diff;
pub mod docs;
pub mod drift;
pub mod emit;
pub mod error;
pub mod load;
pub mod manifest;
pub mod model;
pub mod naming;
pub mod net;
pub mod output;
pub mod overlay;
pub mod shared;
pub mod swagger2;
pub mod sync;
pub mod validate;
pub mod yaml;

use error::{Diagnostics, Error, Warning};
use manifest::Manifest;
use output::{CrateSettings, Files, Provenance};
use std::path::{Path, PathBuf};

/// The generated crate's package name.
pub const CRATE_NAME: &str = "ird-gateway";

/// The result of a run: the files, the warnings, and a summary.
#[derive(Debug)]
pub struct Generated {
    /// Files relative to the crate root.
    pub files: Files,
    /// Unsupported shapes met, with their locations.
    pub warnings: Vec<Warning>,
    /// Per API: module, schemas read, types emitted, aliases, operations.
    pub summary: Vec<ApiSummary>,
}

/// Counts for one API.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiSummary {
    /// Module name.
    pub module: String,
    /// Schemas (definitions and inline objects/enums) read.
    pub schemas: usize,
    /// Types emitted after merging identical ones.
    pub types: usize,
    /// Definition names kept as aliases of a merged type.
    pub aliases: usize,
    /// Operations.
    pub operations: usize,
}

/// Where the inputs are: the workspace (holding `spec/`) and the SDK.
#[derive(Clone, Debug)]
pub struct Inputs {
    /// The manifest file.
    pub manifest: PathBuf,
    /// The SDK root.
    pub sdk: PathBuf,
    /// The directory paths in headers are relative to (the workspace root).
    pub workspace: PathBuf,
}

impl Inputs {
    /// The standard layout under a workspace root: `spec/manifest.toml`, and
    /// the SDK from `IRD_SDK_DIR` or `../shared/ird-sdk`.
    pub fn for_workspace(workspace: &Path) -> Inputs {
        Inputs {
            manifest: workspace.join("spec/manifest.toml"),
            sdk: manifest::sdk_dir(workspace),
            workspace: workspace.to_path_buf(),
        }
    }
}

/// Load one spec, apply its overlays, and build its model.
pub fn build_api(
    spec_path: &Path,
    bytes: &[u8],
    module: &str,
    overlays: &[PathBuf],
    diagnostics: &mut Diagnostics,
) -> Result<model::Api, Error> {
    let spec = load_with_overlays(spec_path, bytes, overlays, diagnostics)?;
    model::build(&spec, module, diagnostics)
}

/// Load one spec and apply its overlays: the document [`build_api`] models.
pub fn load_with_overlays(
    spec_path: &Path,
    bytes: &[u8],
    overlays: &[PathBuf],
    diagnostics: &mut Diagnostics,
) -> Result<load::LoadedSpec, Error> {
    let text = std::str::from_utf8(bytes).map_err(|e| Error::Parse {
        location: error::Location::new(spec_path, ""),
        message: format!("not UTF-8: {e}"),
    })?;
    let mut spec = load::load_str(text, spec_path, diagnostics)?;
    for overlay_path in overlays {
        let overlay = overlay::Overlay::load(overlay_path)?;
        spec.apply_overlay(&overlay, overlay_path)?;
    }
    Ok(spec)
}

/// Run the whole pipeline over the manifest, in memory.
pub fn generate(inputs: &Inputs) -> Result<Generated, Error> {
    generate_with(inputs, manifest::Pins::Enforce)
}

/// [`generate`], with a choice of what an SDK file that no longer matches
/// its pin does: stop generation, or go on with the file as it is (its
/// actual checksum goes in the headers, as `pin` would record it).
pub fn generate_with(inputs: &Inputs, pins: manifest::Pins) -> Result<Generated, Error> {
    let manifest = Manifest::load(&inputs.manifest)?;
    let mut diagnostics = Diagnostics::default();
    let mut apis = vec![];
    for entry in &manifest.apis {
        let (path, bytes) = match pins {
            manifest::Pins::Enforce => entry.read_source(&inputs.sdk)?,
            manifest::Pins::Report => entry.read_unpinned(&inputs.sdk)?,
        };
        let overlays: Vec<PathBuf> = entry
            .overlays
            .iter()
            .map(|o| manifest.dir.join(o))
            .collect();
        let overlay_sha256 = overlays
            .iter()
            .map(|o| {
                std::fs::read(o)
                    .map(|b| manifest::sha256_hex(&b))
                    .map_err(|e| Error::io(o, e))
            })
            .collect::<Result<Vec<_>, Error>>()?;
        let api = build_api(&path, &bytes, &entry.module, &overlays, &mut diagnostics)?;
        let relative = |p: &Path| -> String {
            p.strip_prefix(&inputs.workspace)
                .unwrap_or(p)
                .to_string_lossy()
                .replace('\\', "/")
        };
        let provenance = Provenance {
            source: entry.source.clone(),
            sha256: manifest::sha256_hex(&bytes),
            overlays: overlays.iter().map(|o| relative(o)).collect(),
            overlay_sha256,
        };
        apis.push((api, provenance));
    }
    let settings = CrateSettings {
        name: CRATE_NAME.to_string(),
        version: "0.1.0".to_string(),
        description: "Rust bindings for Inland Revenue's Gateway Services APIs, generated from \
                      the SDK's specifications by ird-codegen."
            .to_string(),
    };
    let summary = apis
        .iter()
        .map(|(api, _)| ApiSummary {
            module: api.module.clone(),
            schemas: api.stats.schemas,
            types: api.stats.types,
            aliases: api.stats.aliases,
            operations: api.operations.len(),
        })
        .collect();
    // Warnings name SDK files relative to the SDK root, not by machine path.
    let warnings: Vec<Warning> = diagnostics
        .into_warnings()
        .into_iter()
        .map(|mut w| {
            if let Ok(rel) = w.location.file.strip_prefix(&inputs.sdk) {
                w.location.file = rel.to_path_buf();
            }
            w
        })
        .collect();
    let files = output::crate_files(&settings, &apis, &warnings);
    Ok(Generated {
        files,
        warnings,
        summary,
    })
}

/// Generate a standalone crate for one spec file (any Swagger 2.0 or
/// OpenAPI 3.0 document), named after `module`.
pub fn single_crate(spec: &Path, module: &str, overlays: &[PathBuf]) -> Result<Generated, Error> {
    if !naming::is_module_name(module) {
        return Err(Error::Manifest(format!(
            "module `{module}` is not a snake_case Rust identifier"
        )));
    }
    let bytes = std::fs::read(spec).map_err(|e| Error::io(spec, e))?;
    let mut diagnostics = Diagnostics::default();
    let api = build_api(spec, &bytes, module, overlays, &mut diagnostics)?;
    let provenance = Provenance {
        source: spec
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        sha256: manifest::sha256_hex(&bytes),
        overlays: overlays
            .iter()
            .map(|o| {
                o.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default()
            })
            .collect(),
        overlay_sha256: overlays
            .iter()
            .map(|o| {
                std::fs::read(o)
                    .map(|b| manifest::sha256_hex(&b))
                    .map_err(|e| Error::io(o, e))
            })
            .collect::<Result<Vec<_>, Error>>()?,
    };
    let summary = vec![ApiSummary {
        module: module.to_string(),
        schemas: api.stats.schemas,
        types: api.stats.types,
        aliases: api.stats.aliases,
        operations: api.operations.len(),
    }];
    let settings = CrateSettings {
        name: module.replace('_', "-"),
        version: "0.1.0".to_string(),
        description: format!(
            "Rust bindings for the {} API, generated by ird-codegen.",
            api.title
        ),
    };
    let warnings = diagnostics.into_warnings();
    // The README names the spec by file name, not by the path given.
    let listed: Vec<Warning> = warnings
        .iter()
        .cloned()
        .map(|mut w| {
            if let Some(name) = w.location.file.file_name() {
                w.location.file = PathBuf::from(name);
            }
            w
        })
        .collect();
    let files = output::crate_files(&settings, &[(api, provenance)], &listed);
    Ok(Generated {
        files,
        warnings,
        summary,
    })
}
