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
//! 6. [`sync`] compares them with, or writes them to, a directory.
//!
//! [`generate`] runs the pipeline over the manifest; the binary and the
//! workspace's `build.rs` are thin layers over it.

#![warn(missing_docs)]

pub mod build_script;
pub mod docs;
pub mod emit;
pub mod error;
pub mod load;
pub mod manifest;
pub mod model;
pub mod naming;
pub mod output;
pub mod overlay;
pub mod parallel;
pub mod swagger2;
pub mod sync;
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
    let mut loaded = vec![];
    for path in overlays {
        loaded.push((path.clone(), overlay::Overlay::load(path)?));
    }
    build_api_with(spec_path, bytes, module, &loaded, diagnostics)
}

/// [`build_api`] with the overlays already read: no file is touched.
pub fn build_api_with(
    spec_path: &Path,
    bytes: &[u8],
    module: &str,
    overlays: &[(PathBuf, overlay::Overlay)],
    diagnostics: &mut Diagnostics,
) -> Result<model::Api, Error> {
    let text = std::str::from_utf8(bytes).map_err(|e| Error::Parse {
        location: error::Location::new(spec_path, ""),
        message: format!("not UTF-8: {e}"),
    })?;
    // Parsing and modelling recurse as deep as the document nests and as
    // long as its chains of references run: give them a stack of their own
    // that a hostile spec cannot exhaust before its size limits it (the
    // YAML reader stops at 128 levels of nesting; a reference chain needs
    // tens of bytes of spec per link).
    const STACK: usize = 256 << 20;
    std::thread::scope(|scope| {
        let work = std::thread::Builder::new()
            .name("ird-codegen-model".into())
            .stack_size(STACK)
            .spawn_scoped(scope, || {
                docs::with_memo(|| {
                    let mut spec = load::load_str(text, spec_path, diagnostics)?;
                    for (overlay_path, overlay) in overlays {
                        spec.apply_overlay(overlay, overlay_path)?;
                    }
                    model::build(&spec, module, diagnostics)
                })
            })
            .map_err(|e| Error::io(spec_path, e))?;
        work.join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

/// Everything [`generate`] reads, in memory: the manifest, and per API its
/// spec's bytes (checked against the pin) and its overlays.
#[derive(Debug)]
pub struct Sources {
    /// The manifest.
    pub manifest: Manifest,
    /// Per API, in manifest order.
    pub apis: Vec<ApiSource>,
    /// The workspace root, for the paths in file headers.
    pub workspace: PathBuf,
    /// The SDK root, for the paths in warnings.
    pub sdk: PathBuf,
}

/// One API's inputs, read.
#[derive(Debug)]
pub struct ApiSource {
    /// The spec file.
    pub path: PathBuf,
    /// Its bytes.
    pub bytes: Vec<u8>,
    /// Its overlays, read and parsed, with their files.
    pub overlays: Vec<(PathBuf, overlay::Overlay)>,
}

impl Sources {
    /// Read the manifest and every file it names.
    pub fn read(inputs: &Inputs) -> Result<Sources, Error> {
        let manifest = Manifest::load(&inputs.manifest)?;
        let mut apis = vec![];
        for entry in &manifest.apis {
            let (path, bytes) = entry.read_source(&inputs.sdk)?;
            let mut overlays = vec![];
            for o in &entry.overlays {
                let file = manifest.dir.join(o);
                let overlay = overlay::Overlay::load(&file)?;
                overlays.push((file, overlay));
            }
            apis.push(ApiSource {
                path,
                bytes,
                overlays,
            });
        }
        Ok(Sources {
            manifest,
            apis,
            workspace: inputs.workspace.clone(),
            sdk: inputs.sdk.clone(),
        })
    }
}

/// Run the whole pipeline over the manifest, in memory.
pub fn generate(inputs: &Inputs) -> Result<Generated, Error> {
    generate_from(&Sources::read(inputs)?)
}

/// Run the pipeline over sources already read: no file is touched.
pub fn generate_from(sources: &Sources) -> Result<Generated, Error> {
    let jobs: Vec<_> = sources.manifest.apis.iter().zip(&sources.apis).collect();
    // One job per API, spread over threads; results come back in manifest
    // order, and the first error in that order is the one reported.
    let built = parallel::map(&jobs, |(entry, source)| {
        let mut diagnostics = Diagnostics::default();
        let api = build_api_with(
            &source.path,
            &source.bytes,
            &entry.module,
            &source.overlays,
            &mut diagnostics,
        );
        api.map(|api| (api, diagnostics))
    });
    let mut diagnostics = Diagnostics::default();
    let mut apis = vec![];
    for ((entry, source), result) in jobs.iter().zip(built) {
        let (api, warnings) = result?;
        diagnostics.extend(warnings);
        let relative = |p: &Path| -> String {
            p.strip_prefix(&sources.workspace)
                .unwrap_or(p)
                .to_string_lossy()
                .replace('\\', "/")
        };
        let provenance = Provenance {
            source: entry.source.clone(),
            sha256: entry.sha256.clone(),
            overlays: source.overlays.iter().map(|(o, _)| relative(o)).collect(),
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
    let files = output::crate_files(&settings, &apis);
    // Warnings name SDK files relative to the SDK root, not by machine path.
    let warnings = diagnostics
        .into_warnings()
        .into_iter()
        .map(|mut w| {
            if let Ok(rel) = w.location.file.strip_prefix(&sources.sdk) {
                w.location.file = rel.to_path_buf();
            }
            w
        })
        .collect();
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
    let files = output::crate_files(&settings, &[(api, provenance)]);
    Ok(Generated {
        files,
        warnings: diagnostics.into_warnings(),
        summary,
    })
}
