//! The build script's no-op path: with a stamp from a run that left
//! `generated/` up to date, a run where nothing changed generates nothing,
//! and any change to an input or to `generated/` is still seen.

mod support;

use ird_codegen::build_script::{run_stamped, Mode, Outcome};
use ird_codegen::Inputs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};
use support::{copy_dir, workspace};

fn scratch() -> (tempfile::TempDir, Inputs, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&workspace().join("spec"), &dir.path().join("spec"));
    copy_dir(
        &workspace().join("generated"),
        &dir.path().join("generated"),
    );
    let mut inputs = Inputs::for_workspace(dir.path());
    inputs.sdk = ird_codegen::manifest::sdk_dir(&workspace());
    let stamp = dir.path().join("stamp");
    (dir, inputs, stamp)
}

fn run(inputs: &Inputs, mode: Mode, stamp: &Path) -> Outcome {
    run_stamped(inputs, mode, Some(stamp), |_| {}).unwrap()
}

/// Move a file's mtime without changing its bytes.
fn touch(path: &Path) {
    let file = std::fs::File::options().append(true).open(path).unwrap();
    file.set_modified(SystemTime::now() + Duration::from_secs(5))
        .unwrap();
}

#[test]
fn nothing_changed_means_nothing_generated() {
    let (_dir, inputs, stamp) = scratch();
    assert_eq!(run(&inputs, Mode::Check, &stamp), Outcome::UpToDate);
    assert!(stamp.is_file());
    assert_eq!(run(&inputs, Mode::Check, &stamp), Outcome::Unchanged);
    // A stamp is per mode.
    assert_eq!(run(&inputs, Mode::Write, &stamp), Outcome::UpToDate);
    assert_eq!(run(&inputs, Mode::Write, &stamp), Outcome::Unchanged);
}

#[test]
fn a_touched_file_with_the_same_bytes_is_unchanged() {
    let (dir, inputs, stamp) = scratch();
    assert_eq!(run(&inputs, Mode::Check, &stamp), Outcome::UpToDate);
    touch(&dir.path().join("generated/src/contact.rs"));
    touch(&dir.path().join("spec/manifest.toml"));
    assert_eq!(run(&inputs, Mode::Check, &stamp), Outcome::Unchanged);
}

#[test]
fn a_hand_edit_after_the_stamp_is_still_caught() {
    let (dir, inputs, stamp) = scratch();
    assert_eq!(run(&inputs, Mode::Check, &stamp), Outcome::UpToDate);
    let file = dir.path().join("generated/src/bank.rs");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replacen("pub ", "pub(crate) ", 1)).unwrap();
    let Outcome::Drift(diff) = run(&inputs, Mode::Check, &stamp) else {
        panic!("the edit must be seen");
    };
    assert!(diff.contains("src/bank.rs"), "{diff}");
    // A failed check leaves the stamp invalid: the next run checks again.
    assert!(matches!(
        run(&inputs, Mode::Check, &stamp),
        Outcome::Drift(_)
    ));
    assert_eq!(
        run(&inputs, Mode::Write, &stamp),
        Outcome::Wrote(vec!["src/bank.rs".into()])
    );
    assert_eq!(run(&inputs, Mode::Write, &stamp), Outcome::Unchanged);
}

#[test]
fn a_new_file_in_generated_or_a_changed_overlay_is_seen() {
    let (dir, inputs, stamp) = scratch();
    assert_eq!(run(&inputs, Mode::Write, &stamp), Outcome::UpToDate);
    std::fs::write(dir.path().join("generated/src/stray.rs"), "// stray\n").unwrap();
    assert_eq!(
        run(&inputs, Mode::Write, &stamp),
        Outcome::Wrote(vec!["src/stray.rs".into()])
    );
    assert_eq!(run(&inputs, Mode::Write, &stamp), Outcome::Unchanged);

    let overlay = dir.path().join("spec/overlays/contact.yaml");
    let text = std::fs::read_to_string(&overlay).unwrap();
    std::fs::write(&overlay, format!("{text}\n# a comment\n")).unwrap();
    // Regenerated, not skipped: the module header carries the overlay's
    // checksum, so only that line changes.
    assert_eq!(
        run(&inputs, Mode::Write, &stamp),
        Outcome::Wrote(vec!["src/contact.rs".into()])
    );
}
