//! Helpers shared by the tests that compile generated code: a scratch cargo
//! workspace holding any number of generated crates, built by one cargo run
//! into one target directory kept beside this test's own, so serde and
//! friends are built once and reused across runs.
//!
//! The scratch workspace lives under that target directory too (never in
//! the repository) and is wiped and rewritten by every run: at a fixed path,
//! cargo reuses its artifacts instead of piling up a copy per run.

#![allow(dead_code)] // each test binary uses part of this module

use ird_codegen::output::Files;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("codegen/ has a parent")
        .to_path_buf()
}

/// Copy the directory tree `from` to `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The SDK root (`IRD_SDK_DIR` or `../shared/ird-sdk`); a test that needs it
/// fails with a clear message when it is missing.
pub fn sdk() -> PathBuf {
    let sdk = ird_codegen::manifest::sdk_dir(&workspace());
    assert!(
        sdk.is_dir(),
        "the SDK is not at {}: set IRD_SDK_DIR to a checkout",
        sdk.display()
    );
    sdk
}

/// A path relative to `root`, with `/` separators.
pub fn relative(path: &Path, root: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Every file under `dir` whose name ends in `.yaml`, sorted.
pub fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = vec![];
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        let entries =
            std::fs::read_dir(&current).unwrap_or_else(|e| panic!("{}: {e}", current.display()));
        for entry in entries {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "yaml") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// The target directory of the scratch builds: a sibling of the one this
/// test binary was built in (`<target>/debug/deps/<test>`), so that it is
/// kept between runs but never shared with the workspace's own builds.
pub fn scratch_target() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    let target = exe
        .ancestors()
        .nth(3)
        .map(Path::to_path_buf)
        .unwrap_or_else(std::env::temp_dir);
    target.join("ird-scratch")
}

/// A scratch cargo workspace.
pub struct Scratch {
    dir: PathBuf,
    members: Vec<String>,
}

impl Scratch {
    /// An empty workspace named `name`, replacing any left by a former run.
    pub fn new(name: &str) -> Scratch {
        let dir = scratch_target().join("workspaces").join(name);
        if dir.exists() {
            std::fs::remove_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        }
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        Scratch {
            dir,
            members: vec![],
        }
    }

    /// The workspace directory.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// The directory a member crate lives in.
    pub fn member_dir(&self, member: &str) -> PathBuf {
        self.dir.join(member)
    }

    /// Register a crate directory (already written) as a member.
    pub fn add_member(&mut self, member: &str) {
        self.members.push(member.to_string());
    }

    /// Write a generated crate's files as member `member`.
    pub fn add_crate(&mut self, member: &str, files: &Files) {
        let root = self.member_dir(member);
        for (path, text) in files {
            let path = root.join(path);
            std::fs::create_dir_all(path.parent().expect("a file has a parent")).unwrap();
            std::fs::write(&path, text).unwrap();
        }
        self.add_member(member);
    }

    /// Run `cargo <args>` over the whole workspace, offline, with the
    /// workspace's lock file so the dependency versions are the ones the
    /// repository pins. Panics with cargo's output when it fails.
    pub fn cargo(&self, args: &[&str], envs: &[(&str, &str)]) -> String {
        let members: Vec<String> = self.members.iter().map(|m| format!("{m:?}")).collect();
        std::fs::write(
            self.dir.join("Cargo.toml"),
            format!(
                "[workspace]\nmembers = [{}]\nresolver = \"2\"\n",
                members.join(", ")
            ),
        )
        .unwrap();
        std::fs::copy(workspace().join("Cargo.lock"), self.dir.join("Cargo.lock")).unwrap();
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
        let mut command = Command::new(&cargo);
        // `--offline` goes before any `--`, which starts the driver's flags.
        command
            .args(&args[..1])
            .arg("--offline")
            .args(&args[1..])
            .current_dir(&self.dir)
            .env("CARGO_TARGET_DIR", scratch_target())
            .env("CARGO_TERM_COLOR", "never")
            // Incremental state would be hundreds of megabytes for code
            // that is built once per run.
            .env("CARGO_INCREMENTAL", "0")
            .env_remove("RUSTFLAGS")
            .env_remove("CARGO_ENCODED_RUSTFLAGS");
        for (key, value) in envs {
            command.env(key, value);
        }
        let output = command
            .output()
            .unwrap_or_else(|e| panic!("running {cargo}: {e}"));
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert!(
            output.status.success(),
            "`cargo {}` failed in the scratch workspace {}:\n{}\n{stderr}",
            args.join(" "),
            self.dir.display(),
            String::from_utf8_lossy(&output.stdout)
        );
        stderr
    }

    /// `cargo check` of every member's library: it compiles, without a
    /// single warning (only members' warnings are shown; dependencies'
    /// are capped by cargo).
    pub fn check(&self) {
        let stderr = self.cargo(
            &["check", "--workspace", "--lib", "--message-format=short"],
            &[],
        );
        let warnings: Vec<&str> = stderr.lines().filter(|l| l.contains("warning")).collect();
        assert!(
            warnings.is_empty(),
            "the scratch workspace compiles with warnings:\n{}",
            warnings.join("\n")
        );
    }

    /// `cargo clippy` over every target of every member with warnings
    /// denied: the generated code compiles, and cleanly.
    pub fn clippy(&self) {
        let clippy = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args(["clippy", "--version"])
            .output();
        assert!(
            clippy.is_ok_and(|o| o.status.success()),
            "cargo clippy is needed: `rustup component add clippy`"
        );
        self.cargo(
            &[
                "clippy",
                "--workspace",
                "--all-targets",
                "--quiet",
                "--",
                "-D",
                "warnings",
            ],
            &[],
        );
    }

    /// `cargo doc` of every member with rustdoc warnings denied.
    pub fn doc(&self) {
        self.cargo(
            &["doc", "--workspace", "--no-deps", "--quiet"],
            &[("RUSTDOCFLAGS", "-D warnings")],
        );
    }
}
