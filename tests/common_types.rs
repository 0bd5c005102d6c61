//! The types several APIs share are one Rust type; response enums accept
//! codes the spec does not list; request enums stay strict.

mod common;

use ird_gateway::{account, address, bank, bic, common as shared, contact, customer, name, period};
use serde_json::Value;
use std::any::TypeId;

const CONTACT_SAMPLES: &str =
    "Gateway_Services-Customer-and-Account/Customer Services Suite/Contact API/sample messages";

#[test]
fn the_403_and_500_envelopes_are_one_type_across_the_suite() {
    let forbidden = [
        TypeId::of::<account::PostResponse403>(),
        TypeId::of::<address::AddressResponse403>(),
        TypeId::of::<bank::BankResponse403>(),
        TypeId::of::<bic::BicResponse403>(),
        TypeId::of::<contact::Response403>(),
        TypeId::of::<customer::CustomerPostResponse403>(),
        TypeId::of::<name::NameResponse403>(),
        TypeId::of::<period::ListPostResponse403>(),
    ];
    assert!(forbidden
        .iter()
        .all(|t| *t == TypeId::of::<shared::Response403>()));
    let server = [
        TypeId::of::<account::PostResponse500>(),
        TypeId::of::<bank::BankResponse500>(),
        TypeId::of::<contact::Response500>(),
        TypeId::of::<name::NameResponse500>(),
    ];
    assert!(server
        .iter()
        .all(|t| *t == TypeId::of::<shared::Response500>()));
}

#[test]
fn envelopes_whose_code_lists_differ_stay_apart() {
    // Contact's DELETE may answer CST404; its POST lists other codes.
    assert_ne!(
        TypeId::of::<contact::ContactDeleteResponse400>(),
        TypeId::of::<contact::ContactPostResponse400>()
    );
    assert_ne!(
        TypeId::of::<contact::ContactDeleteResponse400>(),
        TypeId::of::<bank::BankDeleteResponse400>()
    );
    assert_eq!(
        contact::ContactDeleteResponse400ErrorCode::Cst404.as_str(),
        "CST404"
    );
}

#[test]
fn an_unlisted_error_code_decodes_and_keeps_its_value() {
    let path = common::api_dir(CONTACT_SAMPLES)
        .join("DELETE_400_CST404_contact_already_been_deleted_response.json");
    let text = std::fs::read_to_string(path).unwrap();
    let changed = text.replace("CST404", "CST999");
    assert_ne!(text, changed);
    let decoded = contact::ContactDeleteError::decode(400, changed.as_bytes()).unwrap();
    let contact::ContactDeleteError::BadRequest(body) = decoded else {
        panic!("400 decodes as BadRequest");
    };
    assert_eq!(
        body.errors[0].code,
        contact::ContactDeleteResponse400ErrorCode::Other("CST999".into())
    );
    assert_eq!(body.errors[0].code.to_string(), "CST999");
    let reencoded = serde_json::to_value(&body).unwrap();
    assert_eq!(reencoded, serde_json::from_str::<Value>(&changed).unwrap());
}

#[test]
fn an_unlisted_request_value_is_rejected_naming_the_field() {
    let path = common::api_dir(CONTACT_SAMPLES).join("POST_200_phone_create_request.json");
    let mut request: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    let phone_type = request
        .pointer_mut("/Phone/PhoneType")
        .expect("the sample has a phone type");
    *phone_type = Value::String("PAGER".into());
    let bytes = serde_json::to_vec(&request).unwrap();
    let err = ird_gateway::runtime::decode_json::<contact::PhonePostRequest>(&bytes).unwrap_err();
    assert_eq!(err.path, "Phone.PhoneType");
    assert!(err.message.contains("PAGER"), "{err}");
}
