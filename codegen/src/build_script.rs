//! What the workspace's `build.rs` does, here so that it can be tested.
//!
//! `cargo build` regenerates `generated/` from `spec/`, writing only files
//! whose bytes changed. Under CI (the `CI` variable set) it only verifies,
//! failing the build with a diff, so that a stale or hand-edited
//! `generated/` cannot be quietly repaired before the drift check sees it.
//! `IRD_CODEGEN=write|check|off` overrides the choice.

use crate::error::Error;
use crate::{manifest, sync, Inputs};
use std::path::Path;

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
    /// These files were rewritten or removed.
    Wrote(Vec<String>),
    /// Check mode found drift: the diff, then why (see [`crate::drift`]).
    Drift(String),
}

/// Regenerate or verify `generated/` under the inputs' workspace.
///
/// `rerun` receives each path cargo should watch.
pub fn run(inputs: &Inputs, mode: Mode, mut rerun: impl FnMut(&Path)) -> Result<Outcome, Error> {
    let workspace = &inputs.workspace;
    rerun(&workspace.join("spec"));
    rerun(&workspace.join("generated"));
    if mode == Mode::Off {
        return Ok(Outcome::Skipped);
    }
    if !inputs.sdk.is_dir() {
        return Ok(Outcome::NoSdk(inputs.sdk.display().to_string()));
    }
    let manifest = manifest::Manifest::load(&inputs.manifest)?;
    for input in manifest.inputs(&inputs.sdk) {
        rerun(&input);
    }
    let dir = workspace.join("generated");
    match mode {
        Mode::Check => {
            // A spec that no longer matches its pin stops the build, as it
            // stops generation; `ird-codegen check` reports it as drift.
            let check = crate::drift::check(inputs, &dir, crate::manifest::Pins::Enforce)?;
            Ok(if check.is_clean() {
                Outcome::UpToDate
            } else {
                Outcome::Drift(format!("{}\n{}", check.drift.diff, check.explain(&dir)))
            })
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
            Ok(if touched.is_empty() {
                Outcome::UpToDate
            } else {
                Outcome::Wrote(touched)
            })
        }
        Mode::Off => unreachable!("handled above"),
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
    let outcome = run(&inputs, mode, |path| {
        println!("cargo:rerun-if-changed={}", path.display())
    });
    match outcome {
        Ok(Outcome::Skipped | Outcome::UpToDate) => {}
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
