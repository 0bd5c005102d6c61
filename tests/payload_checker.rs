//! `cargo run -p ird-gateway --example check`, in exactly the documented
//! form, on the SDK's Contact samples.

mod common;

use std::process::{Command, Output};

const SAMPLES: &str =
    "Gateway_Services-Customer-and-Account/Customer Services Suite/Contact API/sample messages";

fn check(args: &[&str]) -> Output {
    Command::new(env!("CARGO"))
        .current_dir(common::workspace())
        .args(["run", "-q", "-p", "ird-gateway", "--example", "check", "--"])
        .args(args)
        .output()
        .expect("cargo runs")
}

fn sample(name: &str) -> String {
    common::api_dir(SAMPLES)
        .join(name)
        .to_string_lossy()
        .into_owned()
}

#[test]
fn valid_request_is_printed_re_encoded() {
    let file = sample("POST_200_contact_TAX_Agent_Linked_CST_Customer_request.json");
    let out = check(&["contact", "contactPOST", "request", &file]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let original: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(printed, original);
}

#[test]
fn invalid_request_exits_1_naming_the_field() {
    let file =
        sample("POST_400_EV1100_contact_CustomerIDType_not_equal_to_CST_or_IRD_request.json");
    let out = check(&["contact", "contactPOST", "request", &file]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("at CustomerIDType: unknown variant `IRN`"),
        "{stderr}"
    );
}

#[test]
fn responses_by_status_number_and_default() {
    let file = sample("DELETE_400_CST404_contact_already_been_deleted_response.json");
    for status in ["400", "default"] {
        let out = check(&["contact", "contactDELETE", "response", status, &file]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{status}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stdout).contains("CST404"));
    }
    // A 403 body lists only EV1022, but response codes are open: the
    // CST404 sample decodes, its code kept as received.
    let out = check(&["contact", "contactDELETE", "response", "403", &file]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("CST404"));
    // A request is no error body: the checker names what is missing.
    let request = sample("DELETE_200_contact_request.json");
    let out = check(&["contact", "contactDELETE", "response", "403", &request]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("missing field `errors`"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // A success response with no body: 200 of contactPUT.
    let out = check(&["contact", "contactPUT", "response", "200", &file]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("has no body"));
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["contact"][..],
        &["nope", "contactPOST", "request", "x"],
        &["contact", "contactPOST", "response", "abc", "x"],
    ] {
        let out = check(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("usage:"),
            "{args:?}"
        );
    }
}
