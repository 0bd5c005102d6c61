//! `ird-codegen`: generate, check and re-pin the bindings.

use clap::{Parser, Subcommand};
use ird_codegen::error::{Diagnostics, Error};
use ird_codegen::manifest::{Manifest, Pins};
use ird_codegen::{sync, Inputs};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: ird_codegen::Allocator = ird_codegen::Allocator;

/// Generates Rust bindings from Inland Revenue Gateway Services specs.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    /// The workspace root holding `spec/` and `generated/`.
    #[arg(long, global = true, default_value_os_t = default_workspace())]
    workspace: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate `generated/` from `spec/` and the SDK, writing only files
    /// whose content changed.
    Generate {
        /// Write here instead of `generated/`.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Regenerate in memory and compare with `generated/`: exit 0 when it
    /// matches, 1 with a unified diff and the reason when it does not (a
    /// spec that no longer matches its pin, a changed overlay or manifest,
    /// or the generator), 2 on bad input.
    Check {
        /// Compare with this directory instead of `generated/`.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Record the current checksum of every SDK file in the manifest, then
    /// regenerate.
    Pin,
    /// Print the OpenAPI 3.0 YAML that a spec converts to.
    Convert {
        /// A Swagger 2.0 or OpenAPI 3.0 file.
        spec: PathBuf,
    },
    /// Report what changed between two versions of a spec: per operation
    /// and type, each change marked as breaking or not for clients that
    /// send requests and for clients that read responses, with the public
    /// items of the generated module that change.
    Diff {
        /// The old version (Swagger 2.0 or OpenAPI 3.0).
        old: PathBuf,
        /// The new version.
        new: PathBuf,
        /// The generated module the Rust names are in; by default the
        /// manifest's module for the folder holding NEW, else one made from
        /// NEW's file name.
        #[arg(long)]
        module: Option<String>,
        /// Overlays to apply to both versions, in order.
        #[arg(long = "overlay")]
        overlays: Vec<PathBuf>,
        /// `text` for people, `json` for tools.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Write a standalone crate for one spec.
    Crate {
        /// A Swagger 2.0 or OpenAPI 3.0 file.
        spec: PathBuf,
        /// The crate directory to write.
        #[arg(long)]
        out: PathBuf,
        /// The module name of the API inside the crate.
        #[arg(long)]
        module: String,
        /// Overlays to apply, in order.
        #[arg(long = "overlay")]
        overlays: Vec<PathBuf>,
    },
}

/// How `diff` prints its report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// Plain text.
    Text,
    /// JSON.
    Json,
}

fn default_workspace() -> PathBuf {
    // Run through cargo, the manifest dir is codegen/; its parent is the
    // workspace. Run directly, assume the current directory.
    match std::env::var_os("CARGO_MANIFEST_DIR") {
        Some(dir) => Path::new(&dir)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default(),
        None => PathBuf::from("."),
    }
}

/// `eprintln!`, quiet when stderr is closed (`2>&1 | head`): there is
/// nobody left to tell.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr().lock(), $($arg)*);
    }};
}

/// `print!`, done when the reader of stdout has gone (`| head`); other
/// failures to write are errors.
macro_rules! put {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        match write!(std::io::stdout().lock(), $($arg)*) {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                return Err(Error::io(Path::new("<stdout>"), e));
            }
            _ => {}
        }
    }};
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(code) => code,
        Err(err) => {
            say!("error: {err}");
            ExitCode::from(2)
        }
    }
}

fn print_warnings(warnings: &[ird_codegen::error::Warning]) {
    for warning in warnings {
        say!("warning: {warning}");
    }
}

fn run(cli: &Cli) -> Result<ExitCode, Error> {
    let inputs = Inputs::for_workspace(&cli.workspace);
    let generated_dir = cli.workspace.join("generated");
    match &cli.command {
        Command::Generate { out } => {
            let generated = ird_codegen::generate(&inputs)?;
            print_warnings(&generated.warnings);
            let dir = out.clone().unwrap_or(generated_dir);
            let drift = sync::write(&generated.files, &dir)?;
            for s in &generated.summary {
                say!(
                    "{}: {} operations, {} types from {} schemas ({} merged names kept as aliases)",
                    s.module,
                    s.operations,
                    s.types,
                    s.schemas,
                    s.aliases
                );
            }
            say!(
                "{}: {} files written, {} removed, {} unchanged",
                dir.display(),
                drift.changed.len(),
                drift.stale.len(),
                generated.files.len() - drift.changed.len()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Check { out } => {
            let dir = out.clone().unwrap_or(generated_dir);
            let check = ird_codegen::drift::check(&inputs, &dir, Pins::Report)?;
            print_warnings(&check.warnings);
            if check.is_clean() {
                say!("{}: up to date ({} files)", dir.display(), check.files);
                Ok(ExitCode::SUCCESS)
            } else {
                put!("{}", check.drift.diff);
                say!("{}", check.explain(&dir));
                Ok(ExitCode::FAILURE)
            }
        }
        Command::Pin => {
            let manifest = Manifest::load(&inputs.manifest)?;
            let changed = manifest.pin(&inputs.sdk)?;
            if changed.is_empty() {
                say!("every pin is current");
            } else {
                say!("re-pinned: {}", changed.join(", "));
            }
            let generated = ird_codegen::generate(&inputs)?;
            print_warnings(&generated.warnings);
            let drift = sync::write(&generated.files, &generated_dir)?;
            say!(
                "{}: {} files written",
                generated_dir.display(),
                drift.changed.len()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Convert { spec } => {
            let mut diagnostics = Diagnostics::default();
            let loaded = ird_codegen::load::load_file(spec, &mut diagnostics)?;
            print_warnings(&diagnostics.into_warnings());
            // The converter's own document, which overlays target; loading
            // has already read it into the `openapiv3` model.
            let yaml = serde_yaml::to_string(loaded.document()).map_err(|e| Error::Parse {
                location: ird_codegen::error::Location::new(spec, ""),
                message: e.to_string(),
            })?;
            put!("{yaml}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Diff {
            old,
            new,
            module,
            overlays,
            format,
        } => {
            let module = match module {
                Some(module) => module.clone(),
                None => {
                    let manifest = Manifest::load(&inputs.manifest).ok();
                    ird_codegen::diff::module_for(new, manifest.as_ref(), &inputs.sdk)
                }
            };
            let (report, warnings) = ird_codegen::diff::diff_files(old, new, &module, overlays)?;
            print_warnings(&warnings);
            match format {
                Format::Text => put!("{}", report.to_text()),
                Format::Json => put!("{}", report.to_json()),
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Crate {
            spec,
            out,
            module,
            overlays,
        } => {
            let files = ird_codegen::single_crate(spec, module, overlays)?;
            print_warnings(&files.warnings);
            // Never write over a crate or files ird-codegen did not make:
            // `--out` is empty, or a crate it wrote.
            let existing = out.join("Cargo.toml");
            let ours = existing.is_file() && sync::is_generated(&existing)?;
            let empty = std::fs::read_dir(out).map_or(true, |mut d| d.next().is_none());
            if !ours && !empty {
                return Err(Error::Manifest(format!(
                    "{}: neither empty nor a crate written by ird-codegen; choose an empty \
                     --out directory",
                    out.display()
                )));
            }
            let drift = sync::write(&files.files, out)?;
            say!("{}: {} files written", out.display(), drift.changed.len());
            Ok(ExitCode::SUCCESS)
        }
    }
}
