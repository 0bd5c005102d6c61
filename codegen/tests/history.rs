//! `diff` over the SDK's whole history: every consecutive pair of versions
//! of every API, each report checked in as a snapshot under
//! `codegen/tests/snapshots/`, and each YAML change a build pack's change
//! log states found in the report of the version that made it.
//!
//! # Which versions, in which order
//!
//! An API's versions are the YAML the manifest pins plus every YAML in the
//! `Archive/`, `archive/` or `Archived/` folder beside it. The pinned file is
//! the newest: it is the one the API's README links, and the SDK moves a
//! superseded file into the archive folder. Archived files are ordered by
//! the date in their file name, `YYYY-MM-DD` or `YYYYMMDD` (the SDK carries
//! no other date: every `info.version` is empty). A name whose date is not
//! a calendar date can only be placed when it is alone in its archive
//! folder: `BIC 14-19-2021.yaml` (there is no month 19) is, and BIC's change
//! log confirms it is the first draft (17/09/21) that `BIC 2021-11-29.yaml`
//! replaced. The test fails if a folder ever holds an archived file it
//! cannot place, or an archived date later than the current file's.
//!
//! # The change logs, checked
//!
//! [`CHANGE_LOG`] lists each change-log entry that states a YAML change and
//! what its report must say. Entries the reports cannot show:
//!
//! - Account and Period 29/03/22, "YAML updated to include COVID-19
//!   Support Payments (CSP) account type": no YAML in the SDK has `CSP`;
//!   the pinned `Account 2021-09-14.yaml` and `Period 2021-10-28.yaml`
//!   predate the entry, and the updated files were not published.
//! - Bill 30/09/20, "Added new fields for DueDate and UnderArrangement,
//!   YAML file updated": `Bill 2020-09-30.yaml` is the oldest Bill YAML,
//!   so there is no earlier version to compare it with. It has both fields.
//! - Income 24/04/2020 (income types RINGLTC, RINGPRT, RND) and 17/02/2020
//!   (RESNRINT, RESNZINT): older than the oldest Income YAML
//!   (2020-05-06), which already lists all five.
//! - Entries that change the build pack only ("Added note that RSP
//!   accounts are not supported for create", section moves, certificate
//!   details, "(Minor formatting changes – no development changes)") and
//!   IRD Number Validation's 21/10/20 entry, which changed the build pack
//!   to match the YAML: there is one IRD Number Validation YAML, no history.
//! - "New YAML file issued" (October 2021 release, 17/09/21) names no
//!   change: the reports of the 2021-09-14 files show what changed, which
//!   is mostly the test server URL and descriptions.
//! - Name's current `Name 2023-07-27.yaml` has no change-log entry at all.

mod support;

use ird_codegen::diff;
use ird_codegen::manifest::{sdk_dir, Manifest};
use std::path::{Path, PathBuf};
use support::workspace;

const ARCHIVE_FOLDERS: [&str; 3] = ["Archive", "archive", "Archived"];

/// A calendar date from a file name: `YYYY-MM-DD` or `YYYYMMDD`.
fn name_date(stem: &str) -> Option<(u32, u32, u32)> {
    let valid = |y: u32, m: u32, d: u32| {
        ((1990..2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d))
            .then_some((y, m, d))
    };
    let digits: Vec<char> = stem.chars().collect();
    for start in 0..digits.len() {
        let rest: String = digits[start..].iter().collect();
        let head = |n: usize| {
            rest.get(..n)
                .filter(|s| s.chars().all(|c| c.is_ascii_digit()))
        };
        if rest.len() >= 10 && rest.as_bytes()[4] == b'-' && rest.as_bytes()[7] == b'-' {
            if let (Some(y), Some(m), Some(d)) = (head(4), rest.get(5..7), rest.get(8..10)) {
                if let (Ok(y), Ok(m), Ok(d)) = (y.parse(), m.parse(), d.parse()) {
                    if let Some(date) = valid(y, m, d) {
                        return Some(date);
                    }
                }
            }
        }
        if let Some(compact) = head(8) {
            if start == 0 || !digits[start - 1].is_ascii_digit() {
                let (y, m, d) = (&compact[..4], &compact[4..6], &compact[6..8]);
                if let Some(date) = valid(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?) {
                    return Some(date);
                }
            }
        }
    }
    None
}

fn stem(path: &Path) -> String {
    path.file_stem().unwrap().to_string_lossy().into_owned()
}

/// One API's versions, oldest first, by the rule in the module docs.
fn versions(current: &Path) -> Vec<PathBuf> {
    let dir = current.parent().unwrap();
    let mut archived = vec![];
    for folder in ARCHIVE_FOLDERS {
        let Ok(entries) = std::fs::read_dir(dir.join(folder)) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                archived.push(path);
            }
        }
    }
    let undated: Vec<&PathBuf> = archived
        .iter()
        .filter(|p| name_date(&stem(p)).is_none())
        .collect();
    assert!(
        undated.is_empty() || archived.len() == 1,
        "cannot order {undated:?} among the other archived versions"
    );
    archived.sort_by_key(|p| (name_date(&stem(p)), stem(p)));
    if let (Some(newest), Some(current_date)) = (
        archived.last().and_then(|p| name_date(&stem(p))),
        name_date(&stem(current)),
    ) {
        assert!(
            newest < current_date,
            "{current:?} is older than an archived version"
        );
    }
    archived.push(current.to_path_buf());
    archived
}

/// The date part of a version's file name, as the snapshot names it.
fn version_label(path: &Path) -> String {
    let stem = stem(path);
    stem.rsplit(' ').next().unwrap_or(&stem).to_string()
}

struct Pair {
    module: String,
    old: PathBuf,
    new: PathBuf,
    name: String,
}

fn history() -> Vec<Pair> {
    let workspace = workspace();
    let manifest = Manifest::load(&workspace.join("spec/manifest.toml")).unwrap();
    let sdk = sdk_dir(&workspace);
    let mut pairs = vec![];
    for api in &manifest.apis {
        let versions = versions(&sdk.join(&api.source));
        for (i, w) in versions.windows(2).enumerate() {
            pairs.push(Pair {
                module: api.module.clone(),
                name: format!(
                    "{}_{:02}_{}_to_{}",
                    api.module,
                    i + 1,
                    version_label(&w[0]),
                    version_label(&w[1])
                ),
                old: w[0].clone(),
                new: w[1].clone(),
            });
        }
    }
    pairs
}

fn report(pair: &Pair) -> diff::Report {
    diff::diff_files(&pair.old, &pair.new, &pair.module, &[])
        .unwrap_or_else(|e| panic!("{}: {e}", pair.name))
        .0
}

/// Change-log entries that state a YAML change: the module, the new
/// version's file-name date, the entry (build pack, date, words), and text
/// that lines of its report must hold. A YAML's file-name date can precede
/// the entry that announces it by some weeks (Period `2021-02-04` for the
/// 26/02/21 entry, Income `2020-11-25` for 16/12/2020 and `2021-02-09` for
/// 30/11/2020): the entry is matched with the first version that has it.
const CHANGE_LOG: &[(&str, &str, &str, &[&str])] = &[
    (
        "contact",
        "2020-11-04",
        "Contact 04/11/20: Updated YAML to correct PhoneNumber to be a required field in \
         Update Phone operation",
        &[
            "phonePUT PUT /phone (breaks senders)",
            "PhoneNumber: optional -> required (breaks senders)",
            "contact::Phone::phone_number: `Option<String>` -> `String`",
        ],
    ),
    (
        "customer",
        "2020-11-26",
        "Customer 26/11/20: Added new name type of PRF (Profile); also updated YAML file",
        &[
            "+ PRF: new value: Profile name (compatible)",
            "customer::NameType::ProfileName: new variant",
        ],
    ),
    (
        "account",
        "2021-02-18",
        "Account 18/02/21: New YAML file issued (byte for byte the 2021-01-15 file)",
        &["No changes."],
    ),
    (
        "bic",
        "2021-11-29",
        "BIC 29/11/2021: Added new error code EV1022 (Unauthorised access)",
        &[
            "+ response 403: new status",
            "bic::BicResponse403ErrorCode: new enum: values `EV1022`",
        ],
    ),
    (
        "period",
        "2021-01-15",
        "Period 15/01/21: New YAML issued",
        &["+ RSP: new value: Resurgence Support Payment (compatible)"],
    ),
    (
        "period",
        "2021-02-04",
        "Period 26/02/21: Added two new fields INC.ResidentialRentalDeductionsToCarryForward, \
         INC.ResearchAndDevelopmentTaxCreditToCarryForward",
        &[
            "response 200 `Periods[].INC`: type `Inc` changed",
            "+ ResidentialRentalDeductionsToCarryForward: new optional field",
            "+ ResearchAndDevelopmentTaxCreditToCarryForward: new optional field",
        ],
    ),
    (
        "period",
        "2021-10-28",
        "Period 28/10/21: New field (INC.ExtensionOfTimeStatus) in the JSON response payload",
        &[
            "response 200 `Periods[].INC`: type `Inc` changed",
            "+ ExtensionOfTimeStatus: new optional field `Option<ExtensionOfTimeStatus>`",
        ],
    ),
    (
        "income",
        "2020-06-10",
        "Income 10/06/2020: Description of IncomeSource updated; accompanying YAML updated",
        &["~ IncomeSource: description changed"],
    ),
    (
        "income",
        "2020-07-16",
        "Income 16/07/2020: Added 8 additional fields; accompanying YAML updated",
        &[
            "+ IncomeSourceID: new required field",
            "+ IncomeSourceIDType: new required field",
            "+ StudentLoan: new optional field",
            "+ Donation: new optional field",
            "+ ExtinguishedDonation: new optional field",
            "+ FamilyTaxCredit: new optional field",
            "+ EarningsNotLiableForACC: new optional field",
            "+ ImputationCreditforDividend: new optional field",
        ],
    ),
    (
        "income",
        "2020-11-25",
        "Income 16/12/2020: Returnable income types updated to include RESDSB, RESPYM, RESRED, \
         RINGFWD, SHRAIM; accompanying YAML updated (IncomeType is a string whose description \
         lists the types, so the report shows the lines the description gained)",
        &[
            "+ \"*   RESDSB - ",
            "+ \"*   RESPYM - ",
            "+ \"*   RESRED - ",
            "+ \"*   RINGFWD - ",
            "+ \"*   SHRAIM - ",
        ],
    ),
    (
        "income",
        "2021-02-09",
        "Income 30/11/2020: Fields added RateYearEnd, RateChanged",
        &[
            "+ RateYearEnd: new optional field",
            "+ RateChanged: new optional field",
        ],
    ),
    (
        "income",
        "2021-05-10",
        "Income 11/05/2021: New income type added to list: WAGESUB; accompanying YAML updated",
        &["+ \"*   WAGESUB - Net Wage Subsidy Income\""],
    ),
    (
        "income",
        "2022-03-09",
        "Income 17/01/22: Field Added: SubsidyType",
        &["+ SubsidyType: new optional field `Option<String>` (compatible)"],
    ),
];

/// The October 2021 release ("17/09/21 ... New YAML file issued") names no
/// change of its own; each of its files moved the test server to the new
/// gateway host, and most added `GET /status`.
const OCTOBER_2021: &[(&str, &str, bool)] = &[
    ("account", "2021-09-14", true),
    ("address", "2021-09-14", true),
    ("bank", "2021-09-14", true),
    ("contact", "2021-09-14", true),
    ("customer", "2021-09-14", true),
    ("period", "2021-09-14", false),
];

#[test]
fn every_archived_version_is_compared_with_its_successor() {
    let pairs = history();
    // 37 archived YAMLs, each followed by one newer version.
    assert_eq!(
        pairs.len(),
        37,
        "{:?}",
        pairs.iter().map(|p| &p.name).collect::<Vec<_>>()
    );
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| {
        for pair in &pairs {
            insta::assert_snapshot!(format!("history__{}", pair.name), report(pair).to_text());
        }
    });
}

#[test]
fn change_log_entries_show_in_the_reports() {
    let pairs = history();
    for (module, new_date, entry, expected) in CHANGE_LOG {
        let pair = pairs
            .iter()
            .find(|p| p.module == *module && version_label(&p.new) == *new_date)
            .unwrap_or_else(|| panic!("no {module} version {new_date} for `{entry}`"));
        let text = report(pair).to_text();
        for line in *expected {
            assert!(
                text.lines().any(|l| l.contains(line)),
                "{}: the change log says `{entry}`, the report lacks `{line}`:\n{text}",
                pair.name
            );
        }
    }
}

#[test]
fn the_october_2021_files_move_to_the_new_gateway() {
    let pairs = history();
    for (module, new_date, adds_status) in OCTOBER_2021 {
        let pair = pairs
            .iter()
            .find(|p| p.module == *module && version_label(&p.new) == *new_date)
            .unwrap_or_else(|| panic!("no {module} version {new_date}"));
        let text = report(pair).to_text();
        let host = "https://eservices-test-gateway.npnsp.ird.govt.nz/secure/gateway";
        let server = format!("+ {host}/{module}/: new server");
        assert!(text.contains(&server), "{}:\n{text}", pair.name);
        assert_eq!(
            text.contains("+ statusGET GET /status"),
            *adds_status,
            "{}:\n{text}",
            pair.name
        );
    }
}

#[test]
fn version_dates_come_from_file_names() {
    assert_eq!(name_date("Contact 2020-06-09"), Some((2020, 6, 9)));
    assert_eq!(name_date("Customer Service 20220510"), Some((2022, 5, 10)));
    assert_eq!(name_date("Income API 2024-03-16"), Some((2024, 3, 16)));
    assert_eq!(name_date("BIC 14-19-2021"), None);
}

#[test]
fn the_json_report_holds_the_same_facts() {
    let pair = history()
        .into_iter()
        .find(|p| p.module == "contact" && version_label(&p.new) == "2020-11-04")
        .unwrap();
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| {
        insta::assert_snapshot!(
            format!("history__{}.json", pair.name),
            report(&pair).to_json()
        );
    });
}
