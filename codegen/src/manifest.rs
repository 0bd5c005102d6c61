//! `spec/manifest.toml`: which SDK file each API module is generated from,
//! pinned by checksum, and the overlays applied to it.

use crate::error::Error;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// The environment variable that points at an SDK checkout.
pub const SDK_ENV: &str = "IRD_SDK_DIR";
/// Where the SDK is looked for, relative to the workspace root, when
/// [`SDK_ENV`] is not set.
pub const DEFAULT_SDK_DIR: &str = "../shared/ird-sdk";
/// The command that re-pins checksums after an SDK update.
pub const PIN_COMMAND: &str = "cargo run -p ird-codegen -- pin";

/// The parsed manifest.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// One entry per generated module, in output order.
    #[serde(rename = "api")]
    pub apis: Vec<ApiEntry>,
    /// The directory holding the manifest; overlay paths are relative to it.
    #[serde(skip)]
    pub dir: PathBuf,
    /// The manifest file itself.
    #[serde(skip)]
    pub file: PathBuf,
}

/// One API: a module of the generated crate.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiEntry {
    /// The Rust module name (`contact`).
    pub module: String,
    /// The YAML, relative to the SDK root.
    pub source: String,
    /// Lower-case hex sha256 of the YAML's bytes.
    pub sha256: String,
    /// Overlay documents applied in order, relative to the manifest.
    #[serde(default)]
    pub overlays: Vec<String>,
}

impl Manifest {
    /// Read the manifest at `file`.
    pub fn load(file: &Path) -> Result<Manifest, Error> {
        let text = std::fs::read_to_string(file).map_err(|e| Error::io(file, e))?;
        let mut manifest: Manifest = toml_edit::de::from_str(&text)
            .map_err(|e| Error::Manifest(format!("{}: {e}", file.display())))?;
        manifest.dir = file.parent().unwrap_or(Path::new(".")).to_path_buf();
        manifest.file = file.to_path_buf();
        let mut seen = std::collections::BTreeSet::new();
        for api in &manifest.apis {
            if !crate::naming::is_module_name(&api.module) {
                return Err(Error::Manifest(format!(
                    "{}: {}",
                    file.display(),
                    crate::naming::module_name_problem(&api.module)
                )));
            }
            if !seen.insert(api.module.as_str()) {
                return Err(Error::Manifest(format!(
                    "{}: module `{}` is listed twice",
                    file.display(),
                    api.module
                )));
            }
        }
        Ok(manifest)
    }

    /// Every file generation reads: the manifest, overlays, and SDK sources.
    pub fn inputs(&self, sdk: &Path) -> Vec<PathBuf> {
        let mut files = vec![self.file.clone()];
        for api in &self.apis {
            files.push(sdk.join(&api.source));
            files.extend(api.overlays.iter().map(|o| self.dir.join(o)));
        }
        files
    }

    /// Rewrite the manifest with each source's current checksum, keeping its
    /// comments and layout. Returns the modules whose pin changed.
    pub fn pin(&self, sdk: &Path) -> Result<Vec<String>, Error> {
        let text = std::fs::read_to_string(&self.file).map_err(|e| Error::io(&self.file, e))?;
        let mut doc: toml_edit::DocumentMut = text
            .parse()
            .map_err(|e| Error::Manifest(format!("{}: {e}", self.file.display())))?;
        let mut changed = vec![];
        let tables = doc["api"].as_array_of_tables_mut().ok_or_else(|| {
            Error::Manifest(format!("{}: no [[api]] tables", self.file.display()))
        })?;
        for (table, api) in tables.iter_mut().zip(&self.apis) {
            let path = sdk.join(&api.source);
            let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
            let sum = sha256_hex(&bytes);
            if sum != api.sha256 {
                changed.push(api.module.clone());
                table["sha256"] = toml_edit::value(sum);
            }
        }
        std::fs::write(&self.file, doc.to_string()).map_err(|e| Error::io(&self.file, e))?;
        Ok(changed)
    }
}

/// What to do when an SDK file no longer matches its pin.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pins {
    /// Stop: generation needs the pinned spec.
    Enforce,
    /// Go on with the file as it is; the drift check reports the mismatch.
    Report,
}

impl ApiEntry {
    /// Read this API's source from `sdk` without checking its pin.
    pub fn read_unpinned(&self, sdk: &Path) -> Result<(PathBuf, Vec<u8>), Error> {
        let path = sdk.join(&self.source);
        let bytes = std::fs::read(&path).map_err(|e| {
            Error::Manifest(format!(
                "{}: cannot read the `{}` spec ({e}). Point {SDK_ENV} at an SDK checkout, \
                 or fix `source` in spec/manifest.toml and re-pin with `{PIN_COMMAND}`",
                path.display(),
                self.module
            ))
        })?;
        Ok((path, bytes))
    }

    /// Read this API's source from `sdk`, checking it against its pin.
    pub fn read_source(&self, sdk: &Path) -> Result<(PathBuf, Vec<u8>), Error> {
        let (path, bytes) = self.read_unpinned(sdk)?;
        let actual = sha256_hex(&bytes);
        if actual != self.sha256 {
            return Err(Error::Manifest(format!(
                "{}: checksum mismatch for `{}`: pinned {}, file has {actual}. The spec \
                 changed; review it, then re-pin and regenerate with `{PIN_COMMAND}`",
                path.display(),
                self.module,
                self.sha256
            )));
        }
        Ok((path, bytes))
    }
}

/// The SDK root: `$IRD_SDK_DIR`, else [`DEFAULT_SDK_DIR`] under `workspace`.
pub fn sdk_dir(workspace: &Path) -> PathBuf {
    match std::env::var_os(SDK_ENV) {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => workspace.join(DEFAULT_SDK_DIR),
    }
}

/// Lower-case hex sha256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
