//! The drift gate: does `generated/` hold what the pinned spec, the
//! overlays and the generator produce, and when it does not, why.
//!
//! Each generated module file starts with its provenance: the SDK file and
//! its sha256, and each overlay with its sha256. Comparing those with the
//! manifest and the files as they are now tells the causes apart:
//!
//! - an SDK file no longer matches its pin: the spec changed (review it,
//!   then re-pin and regenerate with one command);
//! - the manifest pins, names or overlays something else than the file was
//!   made from: the manifest changed and `generated/` was not regenerated;
//! - an overlay's checksum differs from the one in the header: the overlay
//!   changed;
//! - everything matches and the output still differs: the generator
//!   changed, or someone edited the file by hand. The two look the same
//!   from here (the generator's own version is not recorded, so that a
//!   change to the generator that does not change its output costs no
//!   regeneration).

use crate::error::{Error, Warning};
use crate::manifest::{self, ApiEntry, Manifest, Pins, PIN_COMMAND};
use crate::sync::{self, Drift};
use crate::Inputs;
use std::fmt;
use std::path::{Path, PathBuf};

/// The command that regenerates `generated/` from unchanged inputs.
pub const GENERATE_COMMAND: &str = "cargo run -p ird-codegen -- generate";

/// Why `generated/` differs from what generation produces.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cause {
    /// The SDK file no longer matches its pinned checksum: the spec changed.
    SpecChanged {
        /// The module.
        module: String,
        /// The SDK file, relative to the SDK root.
        source: String,
        /// The checksum the manifest pins.
        pinned: String,
        /// The file's checksum now.
        actual: String,
    },
    /// The manifest pins another checksum than the module was generated
    /// from (re-pinned or edited, then not regenerated).
    PinChanged {
        /// The module.
        module: String,
        /// The checksum in the generated file's header.
        generated_from: String,
        /// The checksum the manifest pins.
        pinned: String,
    },
    /// The manifest names another SDK file than the module was generated
    /// from.
    SourceChanged {
        /// The module.
        module: String,
        /// The file in the generated header.
        was: String,
        /// The file the manifest names.
        now: String,
    },
    /// An overlay was edited, added or removed since the module was
    /// generated.
    OverlayChanged {
        /// The module.
        module: String,
        /// The overlay, relative to the workspace.
        overlay: String,
        /// What happened to it.
        what: String,
    },
    /// The manifest lists a module that `generated/` lacks.
    ModuleAdded {
        /// The module.
        module: String,
    },
    /// `generated/` holds a file that generation no longer produces.
    Stale {
        /// The file, relative to `generated/`.
        file: String,
    },
    /// Files whose own inputs are unchanged but which depend on every
    /// module (`lib.rs`, `README.md`, `common.rs`, and modules whose types
    /// are shared), changed along with the modules named by other causes.
    FollowsOthers {
        /// The files, relative to `generated/`.
        files: Vec<String>,
    },
    /// Same inputs, different output: the generator changed since these
    /// files were written, or they were edited by hand.
    SameInputs {
        /// The files, relative to `generated/`.
        files: Vec<String>,
    },
}

impl fmt::Display for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Cause::SpecChanged {
                module,
                source,
                pinned,
                actual,
            } => write!(
                f,
                "`{module}`: the spec changed: `{source}` has sha256 {actual}, the manifest \
                 pins {pinned}. Review the change (`ird-codegen diff OLD NEW` reports it per \
                 operation and type), then re-pin and regenerate with `{PIN_COMMAND}`"
            ),
            Cause::PinChanged {
                module,
                generated_from,
                pinned,
            } => write!(
                f,
                "`{module}`: the manifest pins sha256 {pinned}, but the module was generated \
                 from {generated_from}: the manifest changed without regenerating"
            ),
            Cause::SourceChanged { module, was, now } => write!(
                f,
                "`{module}`: the manifest names `{now}`, the module was generated from `{was}`"
            ),
            Cause::OverlayChanged {
                module,
                overlay,
                what,
            } => write!(f, "`{module}`: the overlay `{overlay}` {what}"),
            Cause::ModuleAdded { module } => {
                write!(f, "`{module}`: in the manifest, not yet generated")
            }
            Cause::Stale { file } => write!(
                f,
                "`{file}`: generation no longer produces it (its module left the manifest, or \
                 it was added by hand)"
            ),
            Cause::FollowsOthers { files } => write!(
                f,
                "{}: changed along with the modules above (they list the modules, or share \
                 types with them through `common`)",
                files
                    .iter()
                    .map(|f| format!("`{f}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Cause::SameInputs { files } => write!(
                f,
                "{}: the spec and overlays match what these were generated from, so the \
                 generator changed since, or the files were edited by hand",
                files
                    .iter()
                    .map(|f| format!("`{f}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }
}

/// The outcome of a check.
#[derive(Debug)]
pub struct Check {
    /// How many files generation produced.
    pub files: usize,
    /// Those files, relative to `generated/`.
    pub paths: Vec<PathBuf>,
    /// The files that differ, and the unified diff.
    pub drift: Drift,
    /// Why, when anything differs.
    pub causes: Vec<Cause>,
    /// Warnings generation raised.
    pub warnings: Vec<Warning>,
}

impl Check {
    /// `generated/` matches and every pin holds.
    pub fn is_clean(&self) -> bool {
        self.drift.is_clean() && self.causes.is_empty()
    }

    /// The one command that brings `generated/` in line: `pin` when a spec
    /// changed (it re-pins and regenerates), else `generate`.
    pub fn command(&self) -> &'static str {
        if self
            .causes
            .iter()
            .any(|c| matches!(c, Cause::SpecChanged { .. }))
        {
            PIN_COMMAND
        } else {
            GENERATE_COMMAND
        }
    }

    /// The causes and the command, for people.
    pub fn explain(&self, dir: &Path) -> String {
        let mut text = format!(
            "{}: {} files differ from what the pinned spec, overlays and generator produce, {} \
             are stale. Why:\n",
            dir.display(),
            self.drift.changed.len(),
            self.drift.stale.len()
        );
        for cause in &self.causes {
            text.push_str(&format!("- {cause}\n"));
        }
        text.push_str(&format!("Run `{}`.", self.command()));
        text
    }
}

/// Where a module file says it came from.
#[derive(Debug, Default, PartialEq, Eq)]
struct Header {
    source: String,
    sha256: String,
    /// Overlay and its checksum, when the header records one.
    overlays: Vec<(String, Option<String>)>,
}

fn parse_header(text: &str) -> Option<Header> {
    let mut lines = text.lines();
    let first = lines.next()?;
    let rest = first.strip_prefix("// @generated by ird-codegen from `")?;
    let (source, rest) = rest.split_once("` (sha256 ")?;
    let sha256 = rest.strip_suffix(')')?;
    let mut header = Header {
        source: source.to_string(),
        sha256: sha256.to_string(),
        overlays: vec![],
    };
    for line in lines {
        let Some(rest) = line.strip_prefix("// with overlay `") else {
            break;
        };
        let (overlay, sha) = match rest.split_once("` (sha256 ") {
            Some((overlay, sha)) => (overlay, sha.strip_suffix(')').map(str::to_string)),
            None => (rest.trim_end_matches('`'), None),
        };
        header.overlays.push((overlay.to_string(), sha));
    }
    Some(header)
}

/// Regenerate in memory, compare with `dir`, and say why they differ.
///
/// With [`Pins::Report`] an SDK file that no longer matches its pin is a
/// cause, not an error; with [`Pins::Enforce`] it stops the check as it
/// stops generation. A missing SDK file, a bad manifest or a spec that does
/// not build are errors either way.
pub fn check(inputs: &Inputs, dir: &Path, pins: Pins) -> Result<Check, Error> {
    let manifest = Manifest::load(&inputs.manifest)?;
    let mut causes = vec![];
    for entry in &manifest.apis {
        let (_, bytes) = entry
            .read_unpinned(&inputs.sdk)
            .map_err(|e| missing_source(e, entry, &inputs.sdk))?;
        let actual = manifest::sha256_hex(&bytes);
        if actual != entry.sha256 {
            causes.push(Cause::SpecChanged {
                module: entry.module.clone(),
                source: entry.source.clone(),
                pinned: entry.sha256.clone(),
                actual,
            });
        }
    }
    if pins == Pins::Enforce && !causes.is_empty() {
        // The same error generation gives.
        for entry in &manifest.apis {
            entry.read_source(&inputs.sdk)?;
        }
    }
    let generated = crate::generate_with(inputs, Pins::Report).map_err(|e| {
        if causes.is_empty() {
            e
        } else {
            let why: Vec<String> = causes.iter().map(|c| format!("- {c}")).collect();
            Error::Manifest(format!(
                "{}\nand generating from it fails: {e}",
                why.join("\n")
            ))
        }
    })?;
    let drift = sync::compare(&generated.files, dir)?;
    explain_files(&manifest, inputs, dir, &drift, &mut causes)?;
    Ok(Check {
        files: generated.files.len(),
        paths: generated.files.keys().cloned().collect(),
        drift,
        causes,
        warnings: generated.warnings,
    })
}

fn explain_files(
    manifest: &Manifest,
    inputs: &Inputs,
    dir: &Path,
    drift: &Drift,
    causes: &mut Vec<Cause>,
) -> Result<(), Error> {
    let name = |p: &PathBuf| p.to_string_lossy().replace('\\', "/");
    let mut module_causes = !causes.is_empty();
    let mut same_inputs = vec![];
    let mut crate_wide = vec![];
    for relative in &drift.changed {
        let file = name(relative);
        let module = file
            .strip_prefix("src/")
            .and_then(|f| f.strip_suffix(".rs"))
            .and_then(|m| manifest.apis.iter().find(|a| a.module == m));
        let Some(entry) = module else {
            // lib.rs lists the modules and their counts; the runtime,
            // the example and Cargo.toml come from the generator alone.
            crate_wide.push(file);
            continue;
        };
        if causes
            .iter()
            .any(|c| matches!(c, Cause::SpecChanged { module, .. } if *module == entry.module))
        {
            continue;
        }
        let path = dir.join(relative);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text.replace("\r\n", "\n"),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                causes.push(Cause::ModuleAdded {
                    module: entry.module.clone(),
                });
                module_causes = true;
                continue;
            }
            Err(e) => return Err(Error::io(&path, e)),
        };
        let found = header_causes(entry, parse_header(&text), manifest, inputs)?;
        if found.is_empty() {
            same_inputs.push(file);
        } else {
            module_causes = true;
            causes.extend(found);
        }
    }
    for relative in &drift.stale {
        causes.push(Cause::Stale {
            file: name(relative),
        });
        module_causes = true;
    }
    // The files that list the modules or share types between them change
    // with the modules; with no module cause, they changed like the rest.
    // Known gap: with a module cause, a generator change in one of these
    // files is reported as following the modules.
    let follows_modules = ["src/lib.rs", "README.md", "src/common.rs"];
    if module_causes {
        let mut follows: Vec<String> = crate_wide
            .iter()
            .filter(|f| follows_modules.contains(&f.as_str()))
            .cloned()
            .collect();
        crate_wide.retain(|f| !follows_modules.contains(&f.as_str()));
        follows.append(&mut same_inputs);
        if !follows.is_empty() {
            follows.sort();
            causes.push(Cause::FollowsOthers { files: follows });
        }
    }
    same_inputs.extend(crate_wide);
    if !same_inputs.is_empty() {
        same_inputs.sort();
        causes.push(Cause::SameInputs { files: same_inputs });
    }
    Ok(())
}

/// What differs between a module file's header and its inputs now.
fn header_causes(
    entry: &ApiEntry,
    header: Option<Header>,
    manifest: &Manifest,
    inputs: &Inputs,
) -> Result<Vec<Cause>, Error> {
    let module = entry.module.clone();
    let Some(header) = header else {
        // No provenance at all: not what the generator writes.
        return Ok(vec![]);
    };
    let mut causes = vec![];
    if header.source != entry.source {
        causes.push(Cause::SourceChanged {
            module: module.clone(),
            was: header.source.clone(),
            now: entry.source.clone(),
        });
    } else if header.sha256 != entry.sha256 {
        causes.push(Cause::PinChanged {
            module: module.clone(),
            generated_from: header.sha256.clone(),
            pinned: entry.sha256.clone(),
        });
    }
    let relative = |p: &Path| -> String {
        p.strip_prefix(&inputs.workspace)
            .unwrap_or(p)
            .to_string_lossy()
            .replace('\\', "/")
    };
    let now: Vec<(String, PathBuf)> = entry
        .overlays
        .iter()
        .map(|o| {
            let path = manifest.dir.join(o);
            (relative(&path), path)
        })
        .collect();
    for (overlay, sha) in &header.overlays {
        match now.iter().find(|(name, _)| name == overlay) {
            None => causes.push(Cause::OverlayChanged {
                module: module.clone(),
                overlay: overlay.clone(),
                what: "was removed from the manifest".into(),
            }),
            Some((_, path)) => {
                let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
                let actual = manifest::sha256_hex(&bytes);
                match sha {
                    Some(sha) if *sha != actual => causes.push(Cause::OverlayChanged {
                        module: module.clone(),
                        overlay: overlay.clone(),
                        what: format!("changed: sha256 {actual}, the module was made with {sha}"),
                    }),
                    // Headers written before overlay checksums were
                    // recorded: the overlay cannot be told from the
                    // generator, and counts as an input that matched.
                    _ => {}
                }
            }
        }
    }
    for (overlay, _) in &now {
        if !header.overlays.iter().any(|(o, _)| o == overlay) {
            causes.push(Cause::OverlayChanged {
                module: module.clone(),
                overlay: overlay.clone(),
                what: "was added to the manifest".into(),
            });
        }
    }
    Ok(causes)
}

/// A missing SDK file: say where a file with the pinned checksum is now,
/// when it is still in the API's folder (the SDK moves superseded YAMLs
/// into an archive folder), and which YAMLs the folder holds instead.
fn missing_source(err: Error, entry: &ApiEntry, sdk: &Path) -> Error {
    let source = sdk.join(&entry.source);
    let Some(folder) = source.parent().filter(|f| f.is_dir()) else {
        return err;
    };
    let mut yamls = vec![];
    let mut stack = vec![(folder.to_path_buf(), 0)];
    while let Some((dir, depth)) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for item in entries.flatten() {
            let path = item.path();
            if path.is_dir() && depth < 1 {
                stack.push((path, depth + 1));
            } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                yamls.push(path);
            }
        }
    }
    yamls.sort();
    let show = |p: &Path| {
        p.strip_prefix(sdk)
            .unwrap_or(p)
            .to_string_lossy()
            .replace('\\', "/")
    };
    let mut hint = String::new();
    if let Some(moved) = yamls
        .iter()
        .find(|p| std::fs::read(p).is_ok_and(|b| manifest::sha256_hex(&b) == entry.sha256))
    {
        hint.push_str(&format!(
            " The pinned file is now at `{}`: the SDK superseded it.",
            show(moved)
        ));
    }
    let current: Vec<String> = yamls
        .iter()
        .filter(|p| p.parent() == Some(folder))
        .map(|p| format!("`{}`", show(p)))
        .collect();
    if !current.is_empty() {
        hint.push_str(&format!(
            " The API's folder holds {}; review the change with `ird-codegen diff OLD NEW`, \
             point `source` at the new file, then run `{PIN_COMMAND}`.",
            current.join(", ")
        ));
    }
    if hint.is_empty() {
        err
    } else {
        Error::Manifest(format!("{err}.{hint}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_with_and_without_overlay_checksums() {
        let text = "// @generated by ird-codegen from `A/B 2021.yaml` (sha256 abc)\n\
                    // with overlay `spec/overlays/b.yaml` (sha256 def)\n\
                    // with overlay `spec/overlays/c.yaml`\n\
                    // Do not edit by hand.\n";
        assert_eq!(
            parse_header(text),
            Some(Header {
                source: "A/B 2021.yaml".into(),
                sha256: "abc".into(),
                overlays: vec![
                    ("spec/overlays/b.yaml".into(), Some("def".into())),
                    ("spec/overlays/c.yaml".into(), None),
                ],
            })
        );
        assert_eq!(parse_header("// edited\n"), None);
    }
}
