//! A local stand-in for Inland Revenue's Contact API, called through the
//! generated client: adds a contact, then a phone to it.
//!
//! Run with `cargo run --example stand_in --features client,server`.
//!
//! This file is copied from `codegen/templates/stand_in.rs` by ird-codegen.

use CRATE_NAME::client::{Auth, Config, Environment};
use CRATE_NAME::contact::{self, Phone, PhoneType};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

/// Contacts by ID, each with its phones by ID.
#[derive(Default)]
struct Contacts {
    next_id: Mutex<i64>,
    phones: Mutex<BTreeMap<i64, BTreeMap<i64, Phone>>>,
}

impl Contacts {
    fn new_id(&self) -> i64 {
        let mut next = self.next_id.lock().unwrap();
        *next += 1;
        *next
    }
}

impl contact::Server for Contacts {
    async fn contact_post(
        &self,
        request: contact::ContactPostRequest,
    ) -> Result<contact::ContactPostResponse200, contact::ContactPostError> {
        let id = self.new_id();
        let phones = request
            .contact
            .phone
            .into_iter()
            .map(|phone| (self.new_id(), phone))
            .collect();
        self.phones.lock().unwrap().insert(id, phones);
        Ok(contact::ContactPostResponse200 { contact_id: id })
    }

    async fn phone_post(
        &self,
        request: contact::PhonePostRequest,
    ) -> Result<contact::PhonePostResponse200, contact::PhonePostError> {
        let id = self.new_id();
        let mut contacts = self.phones.lock().unwrap();
        let phones = contacts.entry(request.contact_id).or_default();
        if let Some(phone) = request.phone {
            phones.insert(id, phone);
        }
        Ok(contact::PhonePostResponse200 { phone_id: id })
    }

    async fn contact_put(
        &self,
        _: contact::ContactPutRequest,
    ) -> Result<(), contact::ContactPutError> {
        Ok(())
    }

    async fn contact_delete(
        &self,
        _: contact::ContactDeleteRequest,
    ) -> Result<(), contact::ContactDeleteError> {
        Ok(())
    }

    async fn phone_put(&self, _: contact::PhonePutRequest) -> Result<(), contact::PhonePutError> {
        Ok(())
    }

    async fn phone_delete(
        &self,
        _: contact::PhoneDeleteRequest,
    ) -> Result<(), contact::PhoneDeleteError> {
        Ok(())
    }

    async fn status_get(&self) -> Result<String, contact::StatusGetError> {
        Ok("OK".to_string())
    }
}

fn phone(number: &str) -> Phone {
    Phone {
        phone_type: PhoneType::Business,
        country: "NZ".to_string(),
        area_code: Some("4".to_string()),
        phone_number: number.to_string(),
        extension: None,
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The stand-in, on a free port of the loopback interface.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base_url = format!("http://{}", listener.local_addr()?);
    let router = contact::router(Arc::new(Contacts::default()));
    tokio::spawn(async move { axum_serve(listener, router).await });

    // The client, pointed at it.
    let config = Config::new(Environment::Custom(base_url))
        .auth(Auth::Bearer("an-access-token".into()));
    let client = contact::Client::new(&config)?;

    let request: contact::ContactPostRequest = serde_json::from_value(serde_json::json!({
        "CustomerID": "123131223",
        "CustomerIDType": "IRD",
        "Contact": {
            "ContactType": "SCNDRY",
            "Name": "Accounts",
            "Phone": [
                { "PhoneType": "BSN", "Country": "NZ", "AreaCode": "4", "PhoneNumber": "4451150" },
            ],
        },
    }))?;
    let added = client.contact_post(&request).await?;
    println!("added contact {}", added.contact_id);

    let request = contact::PhonePostRequest {
        contact_id: added.contact_id,
        phone: Some(phone("4451153")),
    };
    let phone = client.phone_post(&request).await?;
    println!("added phone {} to contact {}", phone.phone_id, added.contact_id);

    // A request that breaks the spec's rules is stopped before it is sent.
    let mut bad = request.clone();
    bad.phone = Some(phone_with_area_code("123456"));
    match client.phone_post(&bad).await {
        Err(CRATE_NAME::client::Error::Invalid(violations)) => {
            println!("not sent: {}", violations[0]);
        }
        other => println!("unexpected: {other:?}"),
    }
    Ok(())
}

fn phone_with_area_code(area_code: &str) -> Phone {
    Phone {
        area_code: Some(area_code.to_string()),
        ..phone("4451153")
    }
}

async fn axum_serve(listener: tokio::net::TcpListener, router: CRATE_NAME::server::axum::Router) {
    if let Err(err) = CRATE_NAME::server::axum::serve(listener, router).await {
        eprintln!("stand-in stopped: {err}");
    }
}
