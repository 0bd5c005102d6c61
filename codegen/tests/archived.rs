//! Every archived version of every SDK spec goes through `ird-codegen crate`
//! and the crates it writes compile without warnings, in one scratch
//! workspace checked by one cargo run.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use support::{relative, sdk, yaml_files, Scratch};

/// What `crate` does with an archived spec.
#[derive(Debug)]
enum Outcome {
    /// It writes a crate, which compiles.
    Compiles,
    /// It stops with an error naming this location (file, line and
    /// pointer) and message. No archived spec needs this today; a spec the
    /// generator should not read goes here with the error it must give.
    #[allow(dead_code)]
    Fails(&'static str),
}

use Outcome::*;

const CUSTOMER_AND_ACCOUNT: &str = "Gateway_Services-Customer-and-Account";

/// Every YAML under the SDK's `Archive/`, `archive/` and `Archived/`
/// folders, relative to `Gateway_Services-Customer-and-Account/`.
const ARCHIVED: &[(&str, Outcome)] = &[
    (
        "Customer Services Suite/Account API/archive/Account 2020-09-30.yaml",
        Compiles,
    ),
    (
        "Customer Services Suite/Account API/archive/Account 2021-01-15.yaml",
        Compiles,
    ),
    (
        "Customer Services Suite/Account API/archive/Account 2021-02-18.yaml",
        Compiles,
    ),
    (
        "Customer Services Suite/Address API/Archive/Address 2020-09-30.yaml",
        Compiles,
    ),
    (
        "Customer Services Suite/BIC API/Archive/BIC 14-19-2021.yaml",
        Compiles,
    ),
    (
        "Customer Services Suite/Bank API/Archive/Bank 2020-09-30.yaml",
        Compiles,
    ),
    (
        "Customer Services Suite/Contact API/Archived/Contact 2020-06-09.yaml",
        Compiles,
    ),
    (
        "Customer Services Suite/Contact API/Archived/Contact 2020-06-26.yaml",
        Compiles,
    ),
    (
        "Customer Services Suite/Contact API/Archived/Contact 2020-07-03.yaml",
        Compiles,
    ),
    (
        "Customer Services Suite/Contact API/Archived/Contact 2020-07-16.yaml",
        Compiles,
    ),
    (
        "Customer Services Suite/Contact API/Archived/Contact 2020-07-21.yaml",
        Compiles,
    ),
    (
        "Customer Services Suite/Contact API/Archived/Contact 2020-08-05.yaml",
        Compiles,
    ),
    (
        "Customer Services Suite/Contact API/Archived/Contact 2020-08-11.yaml",
        Compiles,
    ),
    (
        "Customer Services Suite/Contact API/Archived/Contact 2020-09-30.yaml",
        Compiles,
    ),
    (
        "Customer Services Suite/Contact API/Archived/Contact 2020-11-04.yaml",
        Compiles,
    ),
    (
        "Customer Services Suite/Customer API/Archived/Customer 2020-06-15.yaml",
        Compiles,
    ),
    (
        "Customer Services Suite/Customer API/Archived/Customer 2020-06-29.yaml",
        Compiles,
    ),
    (
        "Customer Services Suite/Customer API/Archived/Customer 2020-07-03.yaml",
        Compiles,
    ),
    (
        "Customer Services Suite/Customer API/Archived/Customer 2020-07-07.yaml",
        Compiles,
    ),
    (
        "Customer Services Suite/Customer API/Archived/Customer 2020-08-05.yaml",
        Compiles,
    ),
    (
        "Customer Services Suite/Customer API/Archived/Customer 2020-09-30.yaml",
        Compiles,
    ),
    (
        "Customer Services Suite/Customer API/Archived/Customer 2020-11-26.yaml",
        Compiles,
    ),
    (
        "Customer Services Suite/Name API/Archive/Name 2020-09-30.yaml",
        Compiles,
    ),
    (
        "Customer Services Suite/Period API/Archive/Period 2020-09-30.yaml",
        Compiles,
    ),
    (
        "Customer Services Suite/Period API/Archive/Period 2021-01-15.yaml",
        Compiles,
    ),
    (
        "Customer Services Suite/Period API/Archive/Period 2021-02-04.yaml",
        Compiles,
    ),
    (
        "Customer Services Suite/Period API/Archive/Period 2021-09-14.yaml",
        Compiles,
    ),
    ("Service - Bill/Archive/Bill 2020-09-30.yaml", Compiles),
    (
        "Service - Income/Archived/Income API 2020-05-06.yaml",
        Compiles,
    ),
    (
        "Service - Income/Archived/Income API 2020-06-10.yaml",
        Compiles,
    ),
    (
        "Service - Income/Archived/Income API 2020-07-16.yaml",
        Compiles,
    ),
    (
        "Service - Income/Archived/Income API 2020-11-25.yaml",
        Compiles,
    ),
    (
        "Service - Income/Archived/Income API 2021-02-09.yaml",
        Compiles,
    ),
    (
        "Service - Income/Archived/Income API 2021-05-10.yaml",
        Compiles,
    ),
    (
        "Service - Income/Archived/Income API 2021-09-17.yaml",
        Compiles,
    ),
    (
        "Service - Income/Archived/Income API 2022-03-09.yaml",
        Compiles,
    ),
    (
        "Service - Income/Archived/Income API 2022-04-11.yaml",
        Compiles,
    ),
];

const ARCHIVE_FOLDERS: [&str; 3] = ["Archive", "archive", "Archived"];

fn in_archive_folder(path: &Path) -> bool {
    path.parent()
        .and_then(Path::file_name)
        .is_some_and(|name| ARCHIVE_FOLDERS.iter().any(|a| name == *a))
}

/// The module name for an archived file: its stem in snake case
/// (`Contact 2020-06-09` -> `contact_2020_06_09`).
fn module_name(path: &str) -> String {
    let stem = Path::new(path)
        .file_stem()
        .expect("a file name")
        .to_string_lossy();
    let name = ird_codegen::naming::field_name(&stem);
    assert!(
        ird_codegen::naming::is_module_name(&name),
        "{path}: `{name}` is not a module name"
    );
    name
}

#[test]
fn the_table_lists_every_archived_file_on_disk() {
    let root = sdk().join(CUSTOMER_AND_ACCOUNT);
    let on_disk: Vec<String> = yaml_files(&sdk())
        .into_iter()
        .filter(|p| in_archive_folder(p))
        .map(|p| relative(&p, &root))
        .collect();
    let listed: Vec<String> = ARCHIVED.iter().map(|(p, _)| p.to_string()).collect();
    assert_eq!(
        on_disk, listed,
        "the archived files on disk and the ARCHIVED table differ"
    );
    assert_eq!(listed.len(), 37);
    let mut modules: Vec<String> = listed.iter().map(|p| module_name(p)).collect();
    modules.sort();
    modules.dedup();
    assert_eq!(modules.len(), listed.len(), "module names must be unique");
}

#[test]
fn every_archived_spec_goes_through_crate_and_compiles() {
    let root = sdk().join(CUSTOMER_AND_ACCOUNT);
    let mut scratch = Scratch::new("archived");
    let mut warnings = String::new();
    let mut failures = vec![];
    for (path, outcome) in ARCHIVED {
        let spec: PathBuf = root.join(path);
        let module = module_name(path);
        let out = scratch.member_dir(&module);
        let run = Command::new(env!("CARGO_BIN_EXE_ird-codegen"))
            .arg("crate")
            .arg(&spec)
            .arg("--out")
            .arg(&out)
            .args(["--module", &module])
            .output()
            .unwrap();
        let prefix = format!("{}/", root.display());
        let stderr = String::from_utf8_lossy(&run.stderr).replace(&prefix, "");
        match outcome {
            Compiles if run.status.success() => {
                scratch.add_member(&module);
                warnings.push_str(&format!("{path}:\n"));
                for line in stderr.lines().filter(|l| l.starts_with("warning: ")) {
                    warnings.push_str(&format!("  {line}\n"));
                }
            }
            Compiles => failures.push(format!("{path}: expected a crate, got:\n{stderr}")),
            Fails(expected) => {
                if run.status.success() || !stderr.contains(expected) {
                    failures.push(format!(
                        "{path}: expected an error containing {expected:?}, got:\n{stderr}"
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Every warning, with its line and pointer: a change to what the
    // generator reports on the archive shows up in review.
    insta::assert_snapshot!("archived_warnings", warnings);
    scratch.check();
}
