//! What the workspace's `build.rs` does, here so that it can be tested.
//!
//! `cargo build` regenerates `generated/` from `spec/`, writing only files
//! whose bytes changed. Under CI (the `CI` variable set) it only verifies,
//! failing the build with a diff, so that a stale or hand-edited
//! `generated/` cannot be quietly repaired before the drift check sees it.
//! `IRD_CODEGEN=write|check|off` overrides the choice.

use crate::error::Error;
use crate::{manifest, sync, Inputs};
use std::path::{Path, PathBuf};

/// What the build script should do with `generated/`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Rewrite changed files.
    Write,
    /// Compare only; drift fails the build.
    Check,
    /// Do nothing.
    Off,
}

impl Mode {
    /// The mode from `IRD_CODEGEN` and `CI`.
    pub fn from_env() -> Result<Mode, String> {
        match std::env::var("IRD_CODEGEN").ok().as_deref() {
            Some("write") => Ok(Mode::Write),
            Some("check") => Ok(Mode::Check),
            Some("off") => Ok(Mode::Off),
            Some("") | None => {
                let ci =
                    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
                Ok(if ci { Mode::Check } else { Mode::Write })
            }
            Some(other) => Err(format!(
                "IRD_CODEGEN must be write, check or off, not `{other}`"
            )),
        }
    }
}

/// What a run did.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing to do (mode off).
    Skipped,
    /// No SDK at the given path; `generated/` left alone.
    NoSdk(String),
    /// `generated/` already matched.
    UpToDate,
    /// The stamp shows that nothing changed since `generated/` was last up
    /// to date: nothing was generated.
    Unchanged,
    /// These files were rewritten or removed.
    Wrote(Vec<String>),
    /// Check mode found drift: the diff, then why (see [`crate::drift`]).
    Drift(String),
}

/// Regenerate or verify `generated/` under the inputs' workspace.
///
/// `rerun` receives each path cargo should watch.
pub fn run(inputs: &Inputs, mode: Mode, rerun: impl FnMut(&Path)) -> Result<Outcome, Error> {
    run_stamped(inputs, mode, None, rerun)
}

/// [`run`], skipping generation when the stamp file `stamp` shows that no
/// input, no file of `generated/` and not the generator changed since a run
/// that left `generated/` up to date.
///
/// The check is cheap: a `stat` per file, and a checksum only of files whose
/// size or modification time moved. Without a valid stamp it generates, and
/// on success writes the stamp.
pub fn run_stamped(
    inputs: &Inputs,
    mode: Mode,
    stamp: Option<&Path>,
    mut rerun: impl FnMut(&Path),
) -> Result<Outcome, Error> {
    let workspace = &inputs.workspace;
    let dir = workspace.join("generated");
    // Only what generation reads or owns: a build inside generated/
    // (generated/target) must not make cargo rerun this script.
    rerun(&inputs.manifest);
    for owned in ["Cargo.toml", "rustfmt.toml", "README.md", "src", "examples"] {
        rerun(&dir.join(owned));
    }
    if mode == Mode::Off {
        return Ok(Outcome::Skipped);
    }
    if !inputs.sdk.is_dir() {
        return Ok(Outcome::NoSdk(inputs.sdk.display().to_string()));
    }
    let manifest = manifest::Manifest::load(&inputs.manifest)?;
    let watched = manifest.inputs(&inputs.sdk);
    for input in &watched {
        rerun(input);
    }
    let header = stamp_header(inputs, mode);
    if let Some(stamp) = stamp {
        if stamp::is_current(stamp, &header) {
            return Ok(Outcome::Unchanged);
        }
    }
    let (outcome, produced): (Outcome, Vec<PathBuf>) = match mode {
        Mode::Check => {
            // A spec that no longer matches its pin stops the build, as it
            // stops generation; `ird-codegen check` reports it as drift.
            let check = crate::drift::check(inputs, &dir, crate::manifest::Pins::Enforce)?;
            let outcome = if check.is_clean() {
                Outcome::UpToDate
            } else {
                Outcome::Drift(format!("{}\n{}", check.drift.diff, check.explain(&dir)))
            };
            (outcome, check.paths)
        }
        Mode::Write => {
            let generated = crate::generate(inputs)?;
            let drift = sync::write(&generated.files, &dir)?;
            let touched: Vec<String> = drift
                .changed
                .iter()
                .chain(&drift.stale)
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .collect();
            let outcome = if touched.is_empty() {
                Outcome::UpToDate
            } else {
                Outcome::Wrote(touched)
            };
            (outcome, generated.files.keys().cloned().collect())
        }
        Mode::Off => unreachable!("handled above"),
    };
    if let (Some(stamp), Outcome::UpToDate | Outcome::Wrote(_)) = (stamp, &outcome) {
        let mut files = watched;
        files.extend(produced.iter().map(|f| dir.join(f)));
        // A file added to or removed from these changes their mtime.
        let dirs = [dir.join("src"), dir.join("examples")];
        // A stamp that cannot be written only costs the next run its skip.
        let _ = stamp::write(stamp, &header, &files, &dirs);
    }
    Ok(outcome)
}

/// What a stamp is valid for: the generator build, the mode, and the paths.
fn stamp_header(inputs: &Inputs, mode: Mode) -> String {
    // A rebuilt generator (build script) has a new size or mtime.
    let exe = std::env::current_exe()
        .ok()
        .and_then(|p| stamp::stat(&p))
        .map(|(len, mtime)| format!("{len}:{mtime}"))
        .unwrap_or_default();
    format!(
        "ird-codegen {} exe={exe} mode={mode:?} sdk={} workspace={}",
        env!("CARGO_PKG_VERSION"),
        inputs.sdk.display(),
        inputs.workspace.display()
    )
}

/// The stamp file: one line of header, then `len mtime sha256 path` per
/// file and `len mtime - path` per directory.
mod stamp {
    use std::path::{Path, PathBuf};
    use std::time::UNIX_EPOCH;

    /// Size and modification time in nanoseconds.
    pub fn stat(path: &Path) -> Option<(u64, u128)> {
        let meta = std::fs::metadata(path).ok()?;
        let mtime = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
        Some((meta.len(), mtime.as_nanos()))
    }

    fn sha256(path: &Path) -> Option<String> {
        std::fs::read(path)
            .ok()
            .map(|bytes| crate::manifest::sha256_hex(&bytes))
    }

    pub fn write(
        stamp: &Path,
        header: &str,
        files: &[PathBuf],
        dirs: &[PathBuf],
    ) -> std::io::Result<()> {
        let mut text = format!("{header}\n");
        let missing = || std::io::Error::other("a stamped file vanished");
        for file in files {
            let (len, mtime) = stat(file).ok_or_else(missing)?;
            let sum = sha256(file).ok_or_else(missing)?;
            text.push_str(&format!("{len} {mtime} {sum} {}\n", file.display()));
        }
        for dir in dirs {
            if let Some((len, mtime)) = stat(dir) {
                text.push_str(&format!("{len} {mtime} - {}\n", dir.display()));
            }
        }
        std::fs::write(stamp, text)
    }

    /// Every file is as stamped: same size and mtime, or same checksum.
    pub fn is_current(stamp: &Path, header: &str) -> bool {
        let Ok(text) = std::fs::read_to_string(stamp) else {
            return false;
        };
        let mut lines = text.lines();
        if lines.next() != Some(header) {
            return false;
        }
        lines.all(|line| {
            let mut parts = line.splitn(4, ' ');
            let (Some(len), Some(mtime), Some(sum), Some(path)) =
                (parts.next(), parts.next(), parts.next(), parts.next())
            else {
                return false;
            };
            let path = Path::new(path);
            match stat(path) {
                Some((l, m)) if l.to_string() == len && m.to_string() == mtime => true,
                Some(_) if sum != "-" => sha256(path).is_some_and(|s| s == sum),
                _ => false,
            }
        })
    }
}

/// The whole build script: watch inputs, run, report through cargo.
pub fn main(workspace: &Path) {
    for var in ["IRD_SDK_DIR", "IRD_CODEGEN", "CI"] {
        println!("cargo:rerun-if-env-changed={var}");
    }
    let mode = match Mode::from_env() {
        Ok(mode) => mode,
        Err(message) => fail(&message),
    };
    let inputs = Inputs::for_workspace(workspace);
    let stamp = std::env::var_os("OUT_DIR").map(|d| Path::new(&d).join("ird-codegen.stamp"));
    let outcome = run_stamped(&inputs, mode, stamp.as_deref(), |path| {
        println!("cargo:rerun-if-changed={}", path.display())
    });
    match outcome {
        Ok(Outcome::Skipped | Outcome::UpToDate | Outcome::Unchanged) => {}
        Ok(Outcome::NoSdk(path)) => println!(
            "cargo:warning=no Inland Revenue SDK at {path}: generated/ left as it is \
             (set {} to regenerate)",
            manifest::SDK_ENV
        ),
        Ok(Outcome::Wrote(files)) => {
            println!(
                "cargo:warning=regenerated {} file(s) in generated/: {}",
                files.len(),
                files.join(", ")
            )
        }
        Ok(Outcome::Drift(diff)) => {
            eprintln!("{diff}");
            fail("generated/ does not match what spec/ and the generator produce (above).")
        }
        Err(err) => fail(&err.to_string()),
    }
}

fn fail(message: &str) -> ! {
    eprintln!("error: {message}");
    std::process::exit(1)
}
