//! `diff` on two small specs of our own: each verdict rule, the Rust view
//! against what the generator really emits, the JSON form, and the CLI.

use ird_codegen::diff::{self, Change, Kind, Report, Verdict};
use std::path::{Path, PathBuf};
use std::process::Command;

const OLD: &str = r#"
swagger: '2.0'
info: {title: Pets, version: '1'}
host: pets.example
basePath: /v1
schemes: [https]
paths:
  /pet:
    post:
      operationId: petPOST
      consumes: [application/json]
      produces: [application/json]
      parameters:
        - {in: body, name: body, required: true, schema: {$ref: '#/definitions/pet_POST_Request'}}
      responses:
        '200':
          description: OK
          schema: {$ref: '#/definitions/pet_POST_Response200'}
  /pet/list:
    get:
      operationId: petListGET
      produces: [application/json]
      responses:
        '200':
          description: OK
          schema: {type: array, items: {type: string}}
definitions:
  pet_POST_Request:
    type: object
    required: [Name]
    properties:
      Name: {type: string, maxLength: 50}
      Kind: {type: string, enum: [CAT, DOG, BIRD]}
      Tag: {type: string}
  pet_POST_Response200:
    type: object
    required: [PetID, Status]
    properties:
      PetID: {type: number, format: int64}
      Status: {type: string, enum: [NEW, OLD]}
      Nickname: {type: string}
      Note: {type: string, maxLength: 20}
"#;

const NEW: &str = r#"
swagger: '2.0'
info: {title: Pets, version: '2'}
host: pets.example
basePath: /v1
schemes: [https]
paths:
  /pet:
    post:
      operationId: petPOST
      tags: [pets]
      consumes: [application/json]
      produces: [application/json]
      parameters:
        - {in: body, name: body, required: true, schema: {$ref: '#/definitions/pet_POST_Request'}}
      responses:
        '200':
          description: OK
          schema: {$ref: '#/definitions/pet_POST_Response200'}
        '404':
          description: No such pet
    delete:
      operationId: petDELETE
      responses:
        '200': {description: OK}
definitions:
  pet_POST_Request:
    type: object
    required: [Name, Owner]
    properties:
      Name: {type: string, maxLength: 30}
      Kind: {type: string, enum: [CAT, DOG]}
      Tag: {type: array, items: {type: string}}
      Owner: {type: string}
      Colour: {type: string}
  pet_POST_Response200:
    type: object
    required: [PetID]
    properties:
      PetID: {type: number, format: int64}
      Status: {type: string, enum: [NEW, OLD, LOST]}
      Note: {type: string, maxLength: 40}
      Age: {type: integer, format: int32}
"#;

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn report() -> (tempfile::TempDir, Report) {
    let dir = tempfile::tempdir().unwrap();
    let old = write(dir.path(), "pets-1.yaml", OLD);
    let new = write(dir.path(), "pets-2.yaml", NEW);
    let (report, _) = diff::diff_files(&old, &new, "pets", &[]).unwrap();
    (dir, report)
}

/// The change of `kind` at `at` in type `ty`.
fn change<'r>(report: &'r Report, ty: &str, at: &str, kind: Kind) -> &'r Change {
    report
        .types
        .iter()
        .filter(|t| t.name == ty)
        .flat_map(|t| &t.changes)
        .find(|c| c.at == at && c.kind == kind)
        .unwrap_or_else(|| panic!("no {kind:?} at {ty}.{at} in\n{}", report.to_text()))
}

fn op_change<'r>(report: &'r Report, op: &str, at: &str, kind: Kind) -> &'r Change {
    report
        .operations
        .iter()
        .filter(|o| o.operation == op)
        .flat_map(|o| &o.changes)
        .find(|c| c.at == at && c.kind == kind)
        .unwrap_or_else(|| panic!("no {kind:?} at {op} {at} in\n{}", report.to_text()))
}

fn verdicts(c: &Change) -> (Verdict, Verdict) {
    (c.senders, c.readers)
}

use Verdict::{Breaking, Compatible, NotApplicable};

#[test]
fn request_changes_are_judged_for_senders() {
    let (_dir, r) = report();
    let req = "PetPostRequest";
    // A new required request field breaks senders; a new optional one does not.
    let owner = change(&r, req, "Owner", Kind::FieldAdded);
    assert_eq!(verdicts(owner), (Breaking, NotApplicable));
    let colour = change(&r, req, "Colour", Kind::FieldAdded);
    assert_eq!(verdicts(colour), (Compatible, NotApplicable));
    // A tighter length breaks senders.
    let name = change(&r, req, "Name", Kind::LengthChanged);
    assert_eq!(name.detail, "maxLength 50 -> 30");
    assert_eq!(verdicts(name), (Breaking, NotApplicable));
    // A single value that became a list.
    let tag = change(&r, req, "Tag", Kind::CardinalityChanged);
    assert_eq!(verdicts(tag), (Breaking, NotApplicable));
    // A removed request enum value breaks senders that send it.
    let bird = change(&r, "Kind", "BIRD", Kind::EnumValueRemoved);
    assert_eq!(verdicts(bird), (Breaking, NotApplicable));
}

#[test]
fn response_changes_are_judged_for_strict_readers() {
    let (_dir, r) = report();
    let res = "PetPostResponse200";
    // A new response enum value breaks strict readers, and exhaustive matches.
    let lost = change(&r, "Status", "LOST", Kind::EnumValueAdded);
    assert_eq!(verdicts(lost), (NotApplicable, Breaking));
    let rust = lost.rust.as_ref().unwrap();
    assert_eq!(rust.item, "pets::Status::Lost");
    assert!(rust.breaks);
    // A removed optional response field breaks nobody on the wire, but it
    // breaks Rust code that reads it.
    let nickname = change(&r, res, "Nickname", Kind::FieldRemoved);
    assert_eq!(verdicts(nickname), (NotApplicable, Compatible));
    let rust = nickname.rust.as_ref().unwrap();
    assert_eq!(rust.item, "pets::PetPostResponse200::nickname");
    assert!(rust.breaks);
    // A response field that became optional breaks readers that expect it,
    // and its Rust type.
    let status = change(&r, res, "Status", Kind::RequiredChanged);
    assert_eq!(status.detail, "required -> optional");
    assert_eq!(verdicts(status), (NotApplicable, Breaking));
    assert_eq!(
        status.rust.as_ref().unwrap().change,
        "`Status` -> `Option<Status>`"
    );
    // A looser length breaks strict readers; a new optional field does not.
    let note = change(&r, res, "Note", Kind::LengthChanged);
    assert_eq!(verdicts(note), (NotApplicable, Breaking));
    let age = change(&r, res, "Age", Kind::FieldAdded);
    assert_eq!(verdicts(age), (NotApplicable, Compatible));
}

#[test]
fn operations_added_removed_and_new_statuses() {
    let (_dir, r) = report();
    let gone = op_change(&r, "petListGET", "", Kind::OperationRemoved);
    assert_eq!(verdicts(gone), (Breaking, Breaking));
    let added = op_change(&r, "petDELETE", "", Kind::OperationAdded);
    assert_eq!(verdicts(added), (Compatible, Compatible));
    assert!(!added.rust.as_ref().unwrap().breaks);
    // No `default` before: a strict reader does not expect a 404.
    let not_found = op_change(&r, "petPOST", "response 404", Kind::ResponseAdded);
    assert_eq!(verdicts(not_found), (NotApplicable, Breaking));
    assert_eq!(
        not_found.rust.as_ref().unwrap().item,
        "pets::PetPostError::NotFound"
    );
    let post = r
        .operations
        .iter()
        .find(|o| o.operation == "petPOST")
        .unwrap();
    assert!(post.breaks_senders && post.breaks_readers);
    assert!(post
        .types
        .iter()
        .any(|t| t.name == "PetPostRequest" && t.at == "request"));
    // The version is in the spec section; `tags` is not modelled, so it is
    // listed rather than dropped.
    assert!(r
        .spec
        .iter()
        .any(|c| c.at == "info.version" && c.detail == "`1` -> `2`"));
    assert_eq!(r.not_compared.len(), 1, "{:?}", r.not_compared);
    assert_eq!(r.not_compared[0].at, "/paths/~1pet/post/tags");
}

#[test]
fn rust_items_are_the_ones_the_generator_emits() {
    let (dir, r) = report();
    let new = dir.path().join("pets-2.yaml");
    let generated = ird_codegen::single_crate(&new, "pets", &[]).unwrap();
    let module = &generated.files[Path::new("src/pets.rs")];
    for item in &r.rust {
        let mut parts = item.item.trim_start_matches("pets::").split("::");
        let ty = parts.next().unwrap();
        let member = parts.next();
        let removed = item.change.contains("removed");
        if removed {
            continue;
        }
        let declared = [
            format!("pub struct {ty}"),
            format!("pub enum {ty}"),
            format!("pub type {ty}"),
        ];
        assert!(
            declared.iter().any(|d| module.contains(d.as_str())),
            "{} is not in the generated module",
            item.item
        );
        if let Some(member) = member {
            let field = format!("pub {member}:");
            let variant = format!("    {member},");
            let tuple = format!("    {member}(");
            assert!(
                module.contains(&field) || module.contains(&variant) || module.contains(&tuple),
                "{} is not in the generated module",
                item.item
            );
        }
    }
    assert!(r
        .rust
        .iter()
        .any(|i| i.item == "pets::PetPostRequest::owner"));
}

#[test]
fn no_change_is_no_change() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.yaml", OLD);
    let b = write(dir.path(), "b.yaml", OLD);
    let (report, _) = diff::diff_files(&a, &b, "pets", &[]).unwrap();
    assert!(report.is_empty());
    assert_eq!(
        report.to_text(),
        "a.yaml -> b.yaml (module `pets`)\nNo changes.\n"
    );
}

#[test]
fn cli_prints_text_or_json_and_exits_2_on_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let old = write(dir.path(), "Pets 2020-01-01.yaml", OLD);
    let new = write(dir.path(), "Pets 2021-01-01.yaml", NEW);
    let run = |args: &[&std::ffi::OsStr]| {
        Command::new(env!("CARGO_BIN_EXE_ird-codegen"))
            .arg("--workspace")
            .arg(dir.path())
            .args(args)
            .output()
            .unwrap()
    };
    let text = run(&["diff".as_ref(), old.as_os_str(), new.as_os_str()]);
    assert_eq!(text.status.code(), Some(0));
    let stdout = String::from_utf8(text.stdout).unwrap();
    // The module defaults to the file name's leading words.
    assert!(
        stdout.starts_with("Pets 2020-01-01.yaml -> Pets 2021-01-01.yaml (module `pets`)"),
        "{stdout}"
    );
    assert!(stdout.contains("+ Owner: new required field `String` (breaks senders)"));

    let json = run(&[
        "diff".as_ref(),
        old.as_os_str(),
        new.as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
    ]);
    assert_eq!(json.status.code(), Some(0));
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(value["module"], "pets");
    assert!(value["summary"]["breaking_senders"].as_u64().unwrap() >= 4);
    let owner = value["types"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|t| t["changes"].as_array().unwrap())
        .find(|c| c["at"] == "Owner")
        .unwrap();
    assert_eq!(owner["kind"], "field_added");
    assert_eq!(owner["senders"], "breaking");
    assert_eq!(owner["readers"], "n/a");
    assert_eq!(owner["rust"]["item"], "pets::PetPostRequest::owner");

    let missing = dir.path().join("nope.yaml");
    let bad = run(&["diff".as_ref(), old.as_os_str(), missing.as_os_str()]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("nope.yaml"));
}

#[test]
fn the_module_comes_from_the_manifest_or_the_file_name() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let manifest =
        ird_codegen::manifest::Manifest::load(&workspace.join("spec/manifest.toml")).unwrap();
    let sdk = ird_codegen::manifest::sdk_dir(workspace);
    let validation = manifest
        .apis
        .iter()
        .find(|a| a.module == "ird_number_validation")
        .unwrap();
    let spec = sdk.join(&validation.source);
    assert_eq!(
        diff::module_for(&spec, Some(&manifest), &sdk),
        "ird_number_validation"
    );
    let archived = sdk
        .join(
            &manifest
                .apis
                .iter()
                .find(|a| a.module == "bic")
                .unwrap()
                .source,
        )
        .parent()
        .unwrap()
        .join("Archive/BIC 14-19-2021.yaml");
    assert_eq!(diff::module_for(&archived, Some(&manifest), &sdk), "bic");
    assert_eq!(
        diff::module_for(Path::new("Income API 2024-03-16.yaml"), None, &sdk),
        "income"
    );
}
