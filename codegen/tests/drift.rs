//! The drift check on a copy of the workspace: a hand edit to a generated
//! file is caught in CI mode and repaired by a normal regeneration.

use ird_codegen::build_script::{run, Mode, Outcome};
use ird_codegen::Inputs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn copy_dir(from: &Path, to: &Path) {
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

/// A scratch workspace holding copies of `spec/` and `generated/`, reading
/// the real SDK.
fn scratch() -> (tempfile::TempDir, Inputs) {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&workspace().join("spec"), &dir.path().join("spec"));
    copy_dir(
        &workspace().join("generated"),
        &dir.path().join("generated"),
    );
    let mut inputs = Inputs::for_workspace(dir.path());
    inputs.sdk = ird_codegen::manifest::sdk_dir(&workspace());
    (dir, inputs)
}

#[test]
fn checked_in_crate_is_up_to_date() {
    let mut inputs = Inputs::for_workspace(&workspace());
    inputs.sdk = ird_codegen::manifest::sdk_dir(&workspace());
    assert_eq!(
        run(&inputs, Mode::Check, |_| {}).unwrap(),
        Outcome::UpToDate
    );
}

#[test]
fn hand_edit_is_caught_in_check_mode_and_repaired_by_write_mode() {
    let (dir, inputs) = scratch();
    let file = dir.path().join("generated/src/contact.rs");
    let original = std::fs::read_to_string(&file).unwrap();
    let edited = original.replacen("pub contact_id: i64,", "pub contact_id: u8,", 1);
    assert_ne!(original, edited);
    std::fs::write(&file, &edited).unwrap();

    let Outcome::Drift(diff) = run(&inputs, Mode::Check, |_| {}).unwrap() else {
        panic!("check mode must report the edit");
    };
    assert!(diff.contains("--- a/src/contact.rs"), "{diff}");
    assert!(diff.contains("-    pub contact_id: u8,"), "{diff}");
    assert!(diff.contains("+    pub contact_id: i64,"), "{diff}");
    // Check mode leaves the file as it was.
    assert_eq!(std::fs::read_to_string(&file).unwrap(), edited);

    let other = dir.path().join("generated/src/lib.rs");
    let before = std::fs::metadata(&other).unwrap().modified().unwrap();
    assert_eq!(
        run(&inputs, Mode::Write, |_| {}).unwrap(),
        Outcome::Wrote(vec!["src/contact.rs".into()])
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), original);
    // Files that did not change are not rewritten.
    assert_eq!(
        std::fs::metadata(&other).unwrap().modified().unwrap(),
        before
    );
    assert_eq!(
        run(&inputs, Mode::Check, |_| {}).unwrap(),
        Outcome::UpToDate
    );
}

#[test]
fn stale_files_are_drift_too() {
    let (dir, inputs) = scratch();
    std::fs::write(dir.path().join("generated/src/old_api.rs"), "// gone\n").unwrap();
    let Outcome::Drift(diff) = run(&inputs, Mode::Check, |_| {}).unwrap() else {
        panic!("stale file")
    };
    assert!(diff.contains("a/src/old_api.rs"), "{diff}");
    run(&inputs, Mode::Write, |_| {}).unwrap();
    assert!(!dir.path().join("generated/src/old_api.rs").exists());
}

#[test]
fn without_an_sdk_generated_is_left_alone() {
    let (dir, mut inputs) = scratch();
    inputs.sdk = dir.path().join("no-sdk-here");
    let file = dir.path().join("generated/src/contact.rs");
    std::fs::write(&file, "// edited\n").unwrap();
    let outcome = run(&inputs, Mode::Write, |_| {}).unwrap();
    assert!(matches!(outcome, Outcome::NoSdk(_)), "{outcome:?}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "// edited\n");
}

#[test]
fn a_changed_spec_is_a_checksum_error_naming_the_file_and_the_pin_command() {
    let (dir, inputs) = scratch();
    let manifest = dir.path().join("spec/manifest.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    let contact = text.find("module = \"contact\"").unwrap();
    let pinned = text[contact..]
        .lines()
        .find(|l| l.starts_with("sha256"))
        .unwrap()
        .to_string();
    std::fs::write(
        &manifest,
        text.replace(&pinned, &format!("sha256 = \"{}\"", "0".repeat(64))),
    )
    .unwrap();
    let err = run(&inputs, Mode::Check, |_| {}).unwrap_err().to_string();
    assert!(err.contains("Contact 2021-09-14.yaml"), "{err}");
    assert!(err.contains("checksum mismatch"), "{err}");
    assert!(err.contains("cargo run -p ird-codegen -- pin"), "{err}");
}

#[test]
fn a_missing_spec_is_an_error_naming_the_file() {
    let (dir, inputs) = scratch();
    let manifest = dir.path().join("spec/manifest.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(
        &manifest,
        text.replace("Contact 2021-09-14.yaml", "Contact 2099-01-01.yaml"),
    )
    .unwrap();
    let err = run(&inputs, Mode::Check, |_| {}).unwrap_err().to_string();
    assert!(err.contains("Contact 2099-01-01.yaml"), "{err}");
    assert!(err.contains("IRD_SDK_DIR"), "{err}");
}

#[test]
fn cli_check_exits_1_with_a_diff_then_0_after_generate() {
    let (dir, inputs) = scratch();
    let file = dir.path().join("generated/src/contact.rs");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replacen("/// Contact Add\n", "/// Contact Added\n", 1),
    )
    .unwrap();
    let cli = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_ird-codegen"))
            .arg("--workspace")
            .arg(dir.path())
            .args(args)
            .env("IRD_SDK_DIR", &inputs.sdk)
            .output()
            .unwrap()
    };
    let check = cli(&["check"]);
    assert_eq!(check.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&check.stdout);
    assert!(
        stdout.contains("-/// Contact Added") && stdout.contains("+/// Contact Add"),
        "{stdout}"
    );

    assert_eq!(cli(&["generate"]).status.code(), Some(0));
    assert_eq!(cli(&["check"]).status.code(), Some(0));

    // Bad input is exit 2.
    std::fs::write(
        dir.path().join("spec/manifest.toml"),
        "[[api]]\nmodule = 3\n",
    )
    .unwrap();
    let bad = cli(&["check"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("manifest.toml"));
}

#[test]
fn generation_is_deterministic() {
    let mut inputs = Inputs::for_workspace(&workspace());
    inputs.sdk = ird_codegen::manifest::sdk_dir(&workspace());
    let first = ird_codegen::generate(&inputs).unwrap();
    let second = ird_codegen::generate(&inputs).unwrap();
    assert_eq!(first.files, second.files);
}
