//! Compare generated files with a directory, or bring the directory in line.

use crate::error::Error;
use crate::output::Files;
use std::path::{Path, PathBuf};

/// How a directory differs from what generation produced.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Drift {
    /// Files whose content differs, or that are missing.
    pub changed: Vec<PathBuf>,
    /// Files present that generation no longer produces.
    pub stale: Vec<PathBuf>,
    /// A unified diff of all of it.
    pub diff: String,
}

impl Drift {
    /// No difference at all.
    pub fn is_clean(&self) -> bool {
        self.changed.is_empty() && self.stale.is_empty()
    }
}

/// Files under `dir` that generation owns: `Cargo.toml`, `rustfmt.toml`, `README.md`, and
/// Rust files under `src/` and `examples/`.
fn owned_files(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let mut found = vec![];
    for file in ["Cargo.toml", "rustfmt.toml", "README.md"] {
        if dir.join(file).is_file() {
            found.push(PathBuf::from(file));
        }
    }
    for sub in ["src", "examples"] {
        let root = dir.join(sub);
        if !root.is_dir() {
            continue;
        }
        let mut stack = vec![root];
        while let Some(current) = stack.pop() {
            let entries = std::fs::read_dir(&current).map_err(|e| Error::io(&current, e))?;
            for entry in entries {
                let entry = entry.map_err(|e| Error::io(&current, e))?;
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    found.push(path.strip_prefix(dir).expect("under dir").to_path_buf());
                }
            }
        }
    }
    found.sort();
    Ok(found)
}

/// Compare `files` with `dir`, normalizing CRLF so a checkout on Windows
/// does not drift.
pub fn compare(files: &Files, dir: &Path) -> Result<Drift, Error> {
    let mut drift = Drift::default();
    for (relative, expected) in files {
        let path = dir.join(relative);
        let actual = match std::fs::read_to_string(&path) {
            Ok(text) => Some(text.replace("\r\n", "\n")),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(Error::io(&path, e)),
        };
        if actual.as_deref() != Some(expected.as_str()) {
            let name = relative.to_string_lossy().replace('\\', "/");
            let old = actual.unwrap_or_default();
            let diff = similar::TextDiff::from_lines(&old, expected);
            drift.diff.push_str(
                &diff
                    .unified_diff()
                    .context_radius(3)
                    .header(&format!("a/{name}"), &format!("b/{name}"))
                    .to_string(),
            );
            drift.changed.push(relative.clone());
        }
    }
    for relative in owned_files(dir)? {
        if !files.contains_key(&relative) {
            let name = relative.to_string_lossy().replace('\\', "/");
            let old = std::fs::read_to_string(dir.join(&relative)).unwrap_or_default();
            let diff = similar::TextDiff::from_lines(&old, "");
            drift.diff.push_str(
                &diff
                    .unified_diff()
                    .header(&format!("a/{name}"), "/dev/null")
                    .to_string(),
            );
            drift.stale.push(relative);
        }
    }
    Ok(drift)
}

/// Write the files that differ and remove stale ones; untouched files keep
/// their modification times, so cargo does not rebuild them.
pub fn write(files: &Files, dir: &Path) -> Result<Drift, Error> {
    let drift = compare(files, dir)?;
    for relative in &drift.changed {
        let path = dir.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        std::fs::write(&path, &files[relative]).map_err(|e| Error::io(&path, e))?;
    }
    for relative in &drift.stale {
        let path = dir.join(relative);
        std::fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
    }
    Ok(drift)
}
