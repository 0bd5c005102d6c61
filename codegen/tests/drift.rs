//! The drift check on a copy of the workspace: a hand edit to a generated
//! file is caught in CI mode and repaired by a normal regeneration, and
//! `check` names the cause of each drift (a changed spec, overlay or
//! manifest, or the generator).

mod support;

use ird_codegen::build_script::{run, Mode, Outcome};
use ird_codegen::Inputs;
use std::path::Path;
use std::process::Command;
use support::{copy_dir, workspace};

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

/// A scratch SDK holding copies of the pinned files only (in a temporary
/// directory, never in the repository), so that a test can change one.
fn scratch_sdk(inputs: &Inputs) -> tempfile::TempDir {
    let sdk = tempfile::tempdir().unwrap();
    let manifest = ird_codegen::manifest::Manifest::load(&inputs.manifest).unwrap();
    for api in &manifest.apis {
        let to = sdk.path().join(&api.source);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(inputs.sdk.join(&api.source), to).unwrap();
    }
    sdk
}

const CONTACT: &str = "Gateway_Services-Customer-and-Account/Customer Services Suite/\
                       Contact API/Contact 2021-09-14.yaml";

fn cli(dir: &Path, sdk: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_ird-codegen"))
        .arg("--workspace")
        .arg(dir)
        .args(args)
        .env("IRD_SDK_DIR", sdk)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_changed_spec_is_drift_that_names_the_pin_command() {
    let (dir, inputs) = scratch();
    let sdk = scratch_sdk(&inputs);
    let spec = sdk.path().join(CONTACT);
    let mut text = std::fs::read_to_string(&spec).unwrap();
    text.push_str("# a new release\n");
    std::fs::write(&spec, text).unwrap();

    let (code, stdout, stderr) = cli(dir.path(), sdk.path(), &["check"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("`contact`: the spec changed"), "{stderr}");
    assert!(stderr.contains("Contact 2021-09-14.yaml"), "{stderr}");
    assert!(
        stderr.contains("Run `cargo run -p ird-codegen -- pin`."),
        "{stderr}"
    );
    // Only the module's header moves: the diff shows the new checksum.
    let new_sum = ird_codegen::manifest::sha256_hex(&std::fs::read(&spec).unwrap());
    assert!(stdout.contains(&format!("(sha256 {new_sum})")), "{stdout}");
    // The build script still refuses to build from an unpinned spec.
    let mut scratch_inputs = inputs.clone();
    scratch_inputs.sdk = sdk.path().to_path_buf();
    let err = run(&scratch_inputs, Mode::Check, |_| {})
        .unwrap_err()
        .to_string();
    assert!(err.contains("checksum mismatch"), "{err}");

    // The one command re-pins and regenerates.
    let (code, _, stderr) = cli(dir.path(), sdk.path(), &["pin"]);
    assert_eq!(code, Some(0), "{stderr}");
    let (code, _, stderr) = cli(dir.path(), sdk.path(), &["check"]);
    assert_eq!(code, Some(0), "{stderr}");
}

#[test]
fn an_edited_overlay_is_named_as_the_cause() {
    let (dir, inputs) = scratch();
    let overlay = dir.path().join("spec/overlays/contact.yaml");
    let text = std::fs::read_to_string(&overlay).unwrap();
    let edited = text.replacen("with no response payload'", "and no response payload'", 1);
    assert_ne!(text, edited);
    std::fs::write(&overlay, edited).unwrap();
    let (code, stdout, stderr) = cli(dir.path(), &inputs.sdk, &["check"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("`contact`: the overlay `spec/overlays/contact.yaml` changed"),
        "{stderr}"
    );
    assert!(!stderr.contains("generator changed"), "{stderr}");
    assert!(
        stderr.contains("Run `cargo run -p ird-codegen -- generate`."),
        "{stderr}"
    );
    assert!(stdout.contains("and no response payload"), "{stdout}");
}

#[test]
fn same_inputs_with_other_output_blame_the_generator_or_a_hand_edit() {
    let (dir, inputs) = scratch();
    let file = dir.path().join("generated/src/runtime.rs");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("{text}\n// a local change\n")).unwrap();
    let (code, stdout, stderr) = cli(dir.path(), &inputs.sdk, &["check"]);
    assert_eq!(code, Some(1));
    assert!(stdout.contains("-// a local change"), "{stdout}");
    assert!(
        stderr.contains(
            "`src/runtime.rs`: the spec and overlays match what these were generated from, so \
             the generator changed since, or the files were edited by hand"
        ),
        "{stderr}"
    );
    // The build script's check mode explains it the same way.
    let Outcome::Drift(text) = run(&inputs, Mode::Check, |_| {}).unwrap() else {
        panic!("drift expected");
    };
    assert!(text.contains("the generator changed since"), "{text}");
}

#[test]
fn a_manifest_pin_without_regeneration_is_named() {
    let (dir, inputs) = scratch();
    let file = dir.path().join("generated/src/contact.rs");
    let text = std::fs::read_to_string(&file).unwrap();
    let manifest = ird_codegen::manifest::Manifest::load(&inputs.manifest).unwrap();
    let pinned = &manifest
        .apis
        .iter()
        .find(|a| a.module == "contact")
        .unwrap()
        .sha256;
    std::fs::write(&file, text.replacen(pinned.as_str(), &"1".repeat(64), 1)).unwrap();
    let (code, _, stderr) = cli(dir.path(), &inputs.sdk, &["check"]);
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains(&format!(
            "`contact`: the manifest pins sha256 {pinned}, but the module was generated from {}",
            "1".repeat(64)
        )),
        "{stderr}"
    );
}

#[test]
fn a_module_left_out_of_the_manifest_leaves_a_stale_file() {
    let (dir, inputs) = scratch();
    let manifest = dir.path().join("spec/manifest.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    let start = text.find("[[api]]\nmodule = \"bic\"").unwrap();
    let end = start + text[start..].find("\n\n").unwrap() + 2;
    std::fs::write(&manifest, format!("{}{}", &text[..start], &text[end..])).unwrap();
    let (code, _, stderr) = cli(dir.path(), &inputs.sdk, &["check"]);
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("`src/bic.rs`: generation no longer produces it"),
        "{stderr}"
    );
    // lib.rs changes with the modules: not blamed on the generator.
    assert!(!stderr.contains("generator changed"), "{stderr}");
}

#[test]
fn a_superseded_spec_points_at_its_archive_and_the_new_file() {
    let (dir, inputs) = scratch();
    let sdk = scratch_sdk(&inputs);
    let spec = sdk.path().join(CONTACT);
    let folder = spec.parent().unwrap();
    std::fs::create_dir_all(folder.join("Archived")).unwrap();
    std::fs::rename(&spec, folder.join("Archived/Contact 2021-09-14.yaml")).unwrap();
    std::fs::write(folder.join("Contact 2099-01-01.yaml"), "swagger: '2.0'\n").unwrap();
    let (code, _, stderr) = cli(dir.path(), sdk.path(), &["check"]);
    assert_eq!(code, Some(2), "a missing input is an input error");
    assert!(
        stderr.contains(
            "The pinned file is now at `Gateway_Services-Customer-and-Account/\
                         Customer Services Suite/Contact API/Archived/Contact 2021-09-14.yaml`"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("Contact 2099-01-01.yaml"), "{stderr}");
    assert!(stderr.contains("ird-codegen diff OLD NEW"), "{stderr}");
}
