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
pub mod parallel;
pub mod shared;
pub mod swagger2;
pub mod sync;
pub mod validate;
pub mod yaml;

use error::{Diagnostics, Error, Warning};
use manifest::Manifest;
use output::{CrateSettings, Files, Provenance};
use std::path::{Path, PathBuf};

/// The global allocator the CLI, the build script and the benches run with.
/// Generation builds and drops many small token trees and syntax nodes;
/// mimalloc serves them faster than the system allocator (see the
/// README's performance figures). A program embedding the generator picks
/// its own allocator; this is only offered.
#[cfg(feature = "mimalloc")]
pub use mimalloc::MiMalloc as Allocator;

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
    let loaded = read_overlays(overlays)?;
    build_api_with(spec_path, bytes, module, &loaded, diagnostics)
}

fn read_overlays(paths: &[PathBuf]) -> Result<Vec<(PathBuf, overlay::Overlay)>, Error> {
    paths
        .iter()
        .map(|path| Ok((path.clone(), overlay::Overlay::load(path)?)))
        .collect()
}

/// [`build_api`] with the overlays already read: no file is touched.
pub fn build_api_with(
    spec_path: &Path,
    bytes: &[u8],
    module: &str,
    overlays: &[(PathBuf, overlay::Overlay)],
    diagnostics: &mut Diagnostics,
) -> Result<model::Api, Error> {
    on_large_stack(spec_path, || {
        docs::with_memo(|| {
            let spec = load_with(spec_path, bytes, overlays, diagnostics)?;
            model::build(&spec, module, diagnostics)
        })
    })
}

/// Load one spec and apply its overlays: the document [`build_api`] models.
pub fn load_with_overlays(
    spec_path: &Path,
    bytes: &[u8],
    overlays: &[PathBuf],
    diagnostics: &mut Diagnostics,
) -> Result<load::LoadedSpec, Error> {
    let loaded = read_overlays(overlays)?;
    on_large_stack(spec_path, || {
        load_with(spec_path, bytes, &loaded, diagnostics)
    })
}

fn load_with(
    spec_path: &Path,
    bytes: &[u8],
    overlays: &[(PathBuf, overlay::Overlay)],
    diagnostics: &mut Diagnostics,
) -> Result<load::LoadedSpec, Error> {
    let text = std::str::from_utf8(bytes).map_err(|e| Error::Parse {
        location: error::Location::new(spec_path, ""),
        message: format!("not UTF-8: {e}"),
    })?;
    load::load_overlaid(text, spec_path, overlays, diagnostics)
}

/// Run `work` on a thread of its own with a large stack. Parsing and
/// modelling recurse as deep as the document nests and as long as its
/// chains of references run: a hostile spec must not exhaust the stack
/// before its size limits it (the YAML reader stops at 128 levels of
/// nesting; a reference chain needs tens of bytes of spec per link).
fn on_large_stack<T: Send>(
    spec_path: &Path,
    work: impl FnOnce() -> Result<T, Error> + Send,
) -> Result<T, Error> {
    const STACK: usize = 256 << 20;
    std::thread::scope(|scope| {
        let handle = std::thread::Builder::new()
            .name("ird-codegen-model".into())
            .stack_size(STACK)
            .spawn_scoped(scope, work)
            .map_err(|e| Error::io(spec_path, e))?;
        handle
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

/// Everything [`generate`] reads, in memory: the manifest, and per API its
/// spec's bytes and its overlays.
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
    /// The overlays' checksums, for the module headers.
    pub overlay_sha256: Vec<String>,
}

impl Sources {
    /// Read the manifest and every file it names; `pins` says what an SDK
    /// file that no longer matches its pin does.
    pub fn read(inputs: &Inputs, pins: manifest::Pins) -> Result<Sources, Error> {
        let manifest = Manifest::load(&inputs.manifest)?;
        let mut apis = vec![];
        for entry in &manifest.apis {
            let (path, bytes) = match pins {
                manifest::Pins::Enforce => entry.read_source(&inputs.sdk)?,
                manifest::Pins::Report => entry.read_unpinned(&inputs.sdk)?,
            };
            let mut overlays = vec![];
            let mut overlay_sha256 = vec![];
            for o in &entry.overlays {
                let file = manifest.dir.join(o);
                let text = std::fs::read_to_string(&file).map_err(|e| Error::io(&file, e))?;
                overlay_sha256.push(manifest::sha256_hex(text.as_bytes()));
                let overlay = overlay::Overlay::parse(&text, &file)?;
                overlays.push((file, overlay));
            }
            apis.push(ApiSource {
                path,
                bytes,
                overlays,
                overlay_sha256,
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
    generate_with(inputs, manifest::Pins::Enforce)
}

/// [`generate`], with a choice of what an SDK file that no longer matches
/// its pin does: stop generation, or go on with the file as it is (its
/// actual checksum goes in the headers, as `pin` would record it).
pub fn generate_with(inputs: &Inputs, pins: manifest::Pins) -> Result<Generated, Error> {
    generate_from(&Sources::read(inputs, pins)?)
}

/// Run the pipeline over sources already read: no file is touched.
pub fn generate_from(sources: &Sources) -> Result<Generated, Error> {
    // Descriptions repeat across APIs: convert each once for all of them.
    docs::with_memo(|| generate_from_memoized(sources))
}

fn generate_from_memoized(sources: &Sources) -> Result<Generated, Error> {
    let jobs: Vec<_> = sources.manifest.apis.iter().zip(&sources.apis).collect();
    // One job per API, spread over threads, largest spec first; results come
    // back in manifest order, and the first error in that order is the one
    // reported.
    let built = parallel::map_weighted(
        &jobs,
        |(_, source)| source.bytes.len(),
        |(entry, source)| {
            let mut diagnostics = Diagnostics::default();
            let api = build_api_with(
                &source.path,
                &source.bytes,
                &entry.module,
                &source.overlays,
                &mut diagnostics,
            );
            api.map(|api| (api, diagnostics))
        },
    );
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
            sha256: manifest::sha256_hex(&source.bytes),
            overlays: source.overlays.iter().map(|(o, _)| relative(o)).collect(),
            overlay_sha256: source.overlay_sha256.clone(),
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
            if let Ok(rel) = w.location.file.strip_prefix(&sources.sdk) {
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
        return Err(Error::Manifest(naming::module_name_problem(module)));
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
