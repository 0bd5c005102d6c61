//! The Contact API bindings against particular SDK sample messages; every
//! sample of every API is checked by `samples.rs`.

mod common;

use ird_gateway::contact::{
    self, ContactDelete, ContactPost, ContactPut, PhoneDelete, PhonePost, PhonePut, StatusGet,
};
use ird_gateway::runtime::{Method, Operation, Status};
use std::path::PathBuf;

const SAMPLES: &str =
    "Gateway_Services-Customer-and-Account/Customer Services Suite/Contact API/sample messages";

fn samples_dir() -> PathBuf {
    common::api_dir(SAMPLES)
}

#[test]
fn the_irn_sample_is_rejected_naming_customer_id_type() {
    let bytes = std::fs::read(
        samples_dir()
            .join("POST_400_EV1100_contact_CustomerIDType_not_equal_to_CST_or_IRD_request.json"),
    )
    .unwrap();
    let err = ird_gateway::runtime::decode_json::<contact::ContactPostRequest>(&bytes).unwrap_err();
    assert_eq!(err.path, "CustomerIDType");
    assert!(err.message.contains("IRN"), "{err}");
}

#[test]
fn large_ids_round_trip_as_integers() {
    let bytes = std::fs::read(samples_dir().join("POST_200_phone_create_response.json")).unwrap();
    let response: contact::PhonePostResponse200 =
        ird_gateway::runtime::decode_json(&bytes).unwrap();
    assert_eq!(response.phone_id, 1004740877181);
    let text = serde_json::to_string(&response).unwrap();
    assert_eq!(text, r#"{"PhoneID":1004740877181}"#);
}

#[test]
fn optional_fields_stay_absent_and_empty_strings_stay_values() {
    let bytes =
        std::fs::read(samples_dir().join("POST_200_contact_create_account_level_request.json"))
            .unwrap();
    let request: contact::ContactPostRequest = ird_gateway::runtime::decode_json(&bytes).unwrap();
    assert_eq!(request.customer_id, None);
    assert_eq!(
        request.account_id_type,
        Some(contact::AccountIdType::Account)
    );
    let phone = &request.contact.phone[0];
    assert_eq!(phone.phone_type, contact::PhoneType::Business);
    assert_eq!(phone.area_code.as_deref(), Some(""));
    let text = serde_json::to_string(&request).unwrap();
    assert!(!text.contains("CustomerID"), "{text}");
}

#[test]
fn empty_string_is_a_real_variant() {
    let value: contact::CustomerIdType = serde_json::from_str(r#""""#).unwrap();
    assert_eq!(value, contact::CustomerIdType::Empty);
    assert_eq!(value.as_str(), "");
    assert_eq!(
        serde_json::to_string(&contact::CustomerIdType::IrdNumber).unwrap(),
        r#""IRD""#
    );
}

#[test]
fn code_tables_name_variants() {
    assert_eq!(contact::ContactType::Primary.as_str(), "PRIMRY");
    assert_eq!(contact::ContactType::Secondary.as_str(), "SCNDRY");
    assert_eq!(contact::PhoneType::Mobile.as_str(), "CELL");
    assert_eq!(contact::PhoneType::Fax.as_str(), "BSNFAX");
    assert_eq!(contact::PhoneType::Home.to_string(), "HOM");
}

/// `T::Success` is `()`: the operation answers 200 with no body.
fn succeeds_without_body<T: Operation<Success = ()>>(
) -> &'static ird_gateway::runtime::OperationInfo {
    T::INFO
}

fn statuses(info: &ird_gateway::runtime::OperationInfo) -> Vec<Status> {
    info.responses.iter().map(|r| r.status).collect()
}

#[test]
fn operations_are_described() {
    let all = [
        (ContactPost::INFO, "contactPOST", Method::Post, "/contact"),
        (ContactPut::INFO, "contactPUT", Method::Put, "/contact"),
        (
            ContactDelete::INFO,
            "contactDELETE",
            Method::Delete,
            "/contact",
        ),
        (PhonePost::INFO, "phonePOST", Method::Post, "/phone"),
        (PhonePut::INFO, "phonePUT", Method::Put, "/phone"),
        (PhoneDelete::INFO, "phoneDELETE", Method::Delete, "/phone"),
        (StatusGet::INFO, "statusGET", Method::Get, "/status"),
    ];
    assert_eq!(contact::OPERATIONS.len(), all.len());
    let errors = [
        Status::Code(400),
        Status::Code(403),
        Status::Code(500),
        Status::Default,
    ];
    for (info, id, method, path) in all {
        assert_eq!(
            (info.operation_id, info.method, info.path),
            (id, method, path)
        );
        if id != "statusGET" {
            let mut expected = vec![Status::Code(200)];
            expected.extend(errors);
            assert_eq!(statuses(info), expected, "{id}");
            assert!(info.request.is_some(), "{id} takes a body");
        }
    }

    // Build pack 2.2: PUT and DELETE succeed with HTTP 200 and no body.
    for info in [
        succeeds_without_body::<ContactPut>(),
        succeeds_without_body::<ContactDelete>(),
        succeeds_without_body::<PhonePut>(),
        succeeds_without_body::<PhoneDelete>(),
    ] {
        assert!(
            info.response(200).unwrap().body.is_none(),
            "{}",
            info.operation_id
        );
    }
    // POST answers with the new id.
    fn success_of<T: Operation<Success = S>, S>() {}
    success_of::<ContactPost, contact::ContactPostResponse200>();
    success_of::<PhonePost, contact::PhonePostResponse200>();
    success_of::<StatusGet, String>();
    assert_eq!(
        StatusGet::INFO
            .response(200)
            .unwrap()
            .body
            .unwrap()
            .check(b"OK")
            .unwrap(),
        "OK"
    );
}

#[test]
fn error_bodies_decode_by_status() {
    let bytes = std::fs::read(
        samples_dir().join("DELETE_400_CST404_contact_already_been_deleted_response.json"),
    )
    .unwrap();
    let contact::ContactDeleteError::BadRequest(body) =
        contact::ContactDeleteError::decode(400, &bytes).unwrap()
    else {
        panic!("400 decodes as BadRequest");
    };
    assert_eq!(body.errors[0].code.as_str(), "CST404");
    assert_eq!(
        body.errors[0].message,
        "A record could not be located for the given identifier."
    );

    // An unlisted status goes to the default response's type.
    match contact::ContactDeleteError::decode(418, &bytes).unwrap() {
        contact::ContactDeleteError::Other { status, body } => {
            assert_eq!(status, 418);
            assert_eq!(body.errors.len(), 1);
        }
        other => panic!("expected Other, got {other:?}"),
    }

    // 403 bodies list only EV1022; a code the spec does not list still
    // decodes, keeping its raw value, and re-encodes unchanged.
    let forbidden = br#"{"errors":[{"code":"EV1022","type":"security","message":"no"}]}"#;
    let Ok(contact::ContactPostError::Forbidden(body)) =
        contact::ContactPostError::decode(403, forbidden)
    else {
        panic!("403 decodes as Forbidden");
    };
    assert_eq!(body.errors[0].code, contact::Response403ErrorCode::Ev1022);
    let unlisted = br#"{"errors":[{"code":"EV9999","type":"security","message":"no"}]}"#;
    let Ok(contact::ContactPostError::Forbidden(body)) =
        contact::ContactPostError::decode(403, unlisted)
    else {
        panic!("an unlisted code must not fail the response");
    };
    assert_eq!(
        body.errors[0].code,
        contact::Response403ErrorCode::Other("EV9999".to_string())
    );
    assert_eq!(
        serde_json::to_string(&body).unwrap(),
        r#"{"errors":[{"code":"EV9999","type":"security","message":"no"}]}"#
    );
    // The wrong JSON type is still an error, naming the field.
    let wrong = br#"{"errors":[{"code":1100,"type":"security","message":"no"}]}"#;
    let err = contact::ContactPostError::decode(403, wrong).unwrap_err();
    assert_eq!(err.path, "errors[0].code");
}
