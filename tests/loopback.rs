//! The generated client against the generated server, over real sockets
//! on 127.0.0.1: every operation of every API with the SDK's sample
//! messages as bodies, every error status the operations list, and the
//! failures a client meets on the wire (bad bodies, refused connections,
//! timeouts, requests the router rejects, the exact auth header sent).
//!
//! The operations come from `ird_gateway::APIS`: one the tables below do
//! not cover fails the test.

#[allow(dead_code)]
mod common;

use ird_gateway::client::{Auth, Config, Environment, Error};
use ird_gateway::runtime::{ErrorResponse, Operation, Status, Validate, WireParams};
use ird_gateway::{
    account, address, bank, bic, bill, contact, customer, income, ird_number_validation, name,
    period, APIS,
};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const ROOT: &str = "Gateway_Services-Customer-and-Account";

/// Each API's sample folder, relative to [`ROOT`].
const FOLDERS: &[(&str, &str)] = &[
    ("account", "Customer Services Suite/Account API/sample messages"),
    ("address", "Customer Services Suite/Address API/sample messages"),
    ("bank", "Customer Services Suite/Bank API/sample messages"),
    ("bic", "Customer Services Suite/BIC API/sample messages"),
    ("contact", "Customer Services Suite/Contact API/sample messages"),
    ("customer", "Customer Services Suite/Customer API/sample messages"),
    ("name", "Customer Services Suite/Name API/sample messages"),
    ("period", "Customer Services Suite/Period API/sample messages"),
    ("bill", "Service - Bill/Sample Files"),
    ("income", "Service - Income/sample messages"),
    (
        "ird_number_validation",
        "Service - IRD Number Validation/sample messages",
    ),
];

/// The sample request and 200 response of each operation that has a body:
/// (module, operationId, request file, response file).
const ROUND_TRIPS: &[(&str, &str, Option<&str>, Option<&str>)] = &[
    (
        "account",
        "accountPOST",
        Some("POST_200_Account_with_FAM_account_request.json"),
        Some("POST_200_Account_with_FAM_account_response.json"),
    ),
    (
        "account",
        "listPOST",
        Some("POST_200_list_request.json"),
        Some("POST_200_list_response.json"),
    ),
    (
        "address",
        "addressPUT",
        Some("PUT_200_address_CusomerAccountLinkedToPB_request.json"),
        None,
    ),
    (
        "address",
        "addressPOST",
        Some("POST_200_address_create_NZ_address_with_DPID_request.json"),
        Some("POST_200_address_create_NZ_address_with_DPID_response.json"),
    ),
    (
        "address",
        "addressDELETE",
        Some("DELETE_200_address_LinkedIndividualWithAddress_request.json"),
        None,
    ),
    (
        "bank",
        "bankPOST",
        Some("POST_200_bank_Create_NZ_bank_account_request.json"),
        None,
    ),
    (
        "bank",
        "bankDELETE",
        Some("DELETE_200_Delete_bank_request.json"),
        None,
    ),
    (
        "bic",
        "bicPOST",
        Some("POST_200_Add_bic_request_with_CST_ID.json"),
        None,
    ),
    (
        "bic",
        "bicDELETE",
        Some("DELETE_200_Delete_bic_request_with_CST_ID.json"),
        None,
    ),
    (
        "bill",
        "billPOST",
        Some("Request.json"),
        Some("response_positive_response.json"),
    ),
    (
        "contact",
        "contactPUT",
        Some("PUT_200_contact_request.json"),
        None,
    ),
    (
        "contact",
        "contactPOST",
        Some("POST_200_contact_create_account_level_request.json"),
        Some("POST_200_contact_create_account_level_response.json"),
    ),
    (
        "contact",
        "contactDELETE",
        Some("DELETE_200_contact_request.json"),
        None,
    ),
    ("contact", "phonePUT", Some("PUT_200_phone_request.json"), None),
    (
        "contact",
        "phonePOST",
        Some("POST_200_phone_create_request.json"),
        Some("POST_200_phone_create_response.json"),
    ),
    (
        "contact",
        "phoneDELETE",
        Some("DELETE_200_phone_request.json"),
        None,
    ),
    (
        "customer",
        "customerPOST",
        Some("POST_200_customer_request.json"),
        Some("POST_200_customer_response.json"),
    ),
    (
        "income",
        "listPOST",
        Some("request_with_end_date.json"),
        Some("response_positive_response.json"),
    ),
    (
        "ird_number_validation",
        "validateIRDPOST",
        Some("name_and_address.json"),
        Some("match-response.json"),
    ),
    (
        "name",
        "namePUT",
        Some("PUT_200_name_Update_preferred_name_request.json"),
        None,
    ),
    (
        "name",
        "namePOST",
        Some("POST_200_name_Create_preferred_name_request.json"),
        Some("POST_200_name_Create_preferred_name_response.json"),
    ),
    (
        "name",
        "nameDELETE",
        Some("DELETE_200_name_Delete_name_request.json"),
        None,
    ),
    (
        "period",
        "listPOST",
        Some("POST_200_list_non-INC_account_request.json"),
        Some("POST_200_list_non-INC_account_response.json"),
    ),
];

/// Each API's sample 400 body; APIs whose folder has none use the Contact
/// API's, whose envelope every 400 type shares.
const BAD_REQUESTS: &[(&str, &str)] = &[
    ("account", "POST_400_list_EV1100_response.json"),
    (
        "address",
        "POST_400_address_EV1100_create_NZ_address_with_missing_mandatory_fields_response.json",
    ),
    (
        "bic",
        "DELETE_400_bic_BIC101_delete_non-existet_biccode_response_payload.json",
    ),
    (
        "contact",
        "POST_400_EV1100_contact_CustomerIDType_not_equal_to_CST_or_IRD_response.json",
    ),
    (
        "customer",
        "POST_400_customer_EV1100_missing_CustomerIDType_response.json",
    ),
    ("name", "POST_400_name_NAM101_existing_name_of_this_type_response.json"),
    ("period", "POST_400_list_EV1100_invalid_From_Date_response.json"),
    ("income", "response_EV1100_invalid_input_parameter.json"),
];

/// The SDK has no 403 sample under that status; the Income API's EV1022
/// ("access is not permitted", type `security`) is the code the specs
/// list under 403 Forbidden.
const FORBIDDEN: (&str, &str) = ("income", "response_EV1022_access_is_not_permitted.json");

/// The sample bodies, filed by the SDK under 400, of the codes the Bill API
/// lists under 401 (EV1020, the token is not valid), 404 (CST404, no
/// record) and 429 (EV1200, over the limit).
const OTHER_STATUSES: &[(u16, &str, &str)] = &[
    (401, "income", "response_EV1020_token_is_not_valid.json"),
    (
        404,
        "customer",
        "POST_400_customer_CST404_non-existent_IRD_number_response.json",
    ),
    (429, "income", "response_EV1200_exceed_the_max_limit.json"),
];

fn sample(module: &str, file: &str) -> Vec<u8> {
    let dir = FOLDERS
        .iter()
        .find(|(m, _)| *m == module)
        .map(|(_, dir)| *dir)
        .unwrap_or_else(|| panic!("no sample folder for {module}"));
    let path: PathBuf = common::sdk_dir().join(ROOT).join(dir).join(file);
    std::fs::read(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

fn json(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes).expect("JSON")
}

/// What the stand-in answers an operation with.
#[derive(Clone, Debug)]
enum Reply {
    /// The 2xx body, as bytes (empty for none).
    Success(Vec<u8>),
    /// An error response: status and body.
    Error(u16, Vec<u8>),
}

/// An in-memory stand-in for every API: answers each operation with the
/// reply set for it, and keeps the requests it decoded.
#[derive(Default)]
struct StandIn {
    replies: Mutex<BTreeMap<String, Reply>>,
    seen: Mutex<Vec<(String, Value)>>,
}

impl StandIn {
    fn set(&self, module: &str, operation_id: &str, reply: Reply) {
        self.replies
            .lock()
            .unwrap()
            .insert(format!("{module}/{operation_id}"), reply);
    }

    fn answer<O>(&self, module: &str, request: &O::Request) -> Result<O::Success, O::Error>
    where
        O: Operation,
        O::Request: serde::Serialize,
        O::Success: serde::de::DeserializeOwned,
        O::Error: ErrorResponse,
    {
        let key = format!("{module}/{}", O::INFO.operation_id);
        self.seen
            .lock()
            .unwrap()
            .push((key.clone(), serde_json::to_value(request).unwrap()));
        let reply = self.replies.lock().unwrap().get(&key).cloned();
        match reply.unwrap_or(Reply::Success(vec![])) {
            Reply::Success(bytes) => Ok(success::<O>(&bytes)),
            Reply::Error(status, bytes) => Err(O::Error::decode(status, &bytes)
                .unwrap_or_else(|err| panic!("{key}: {status} body: {err}"))),
        }
    }
}

/// Decode a 2xx body as `O` lists it: JSON, text, or none.
fn success<O>(bytes: &[u8]) -> O::Success
where
    O: Operation,
    O::Success: serde::de::DeserializeOwned,
{
    let listed = O::INFO
        .responses
        .iter()
        .find(|r| matches!(r.status, Status::Code(200..=299)))
        .and_then(|r| r.body);
    match listed {
        None => serde_json::from_value(Value::Null).unwrap(),
        Some(body) if body.media_type.starts_with("text/") => {
            serde_json::from_value(Value::String(String::from_utf8(bytes.to_vec()).unwrap()))
                .unwrap()
        }
        Some(_) => ird_gateway::runtime::decode_json(bytes).unwrap(),
    }
}

/// Implements each API's `Server` trait on [`StandIn`] and lists each
/// operation with the function that drives it through the client.
macro_rules! stand_in {
    ($($module:ident { $($method:ident: $marker:ident $(($request:ident))?),* $(,)? })*) => {
        $(
            impl $module::Server for StandIn {
                $(
                    async fn $method(
                        &self,
                        $($request: <$module::$marker as Operation>::Request)?
                    ) -> Result<
                        <$module::$marker as Operation>::Success,
                        <$module::$marker as Operation>::Error,
                    > {
                        self.answer::<$module::$marker>(stringify!($module), &($($request)?))
                    }
                )*
            }
        )*

        /// (module, operationId, driver) for every operation.
        fn drivers() -> Vec<(&'static str, &'static str, Driver)> {
            vec![$($(
                (
                    stringify!($module),
                    <$module::$marker as Operation>::INFO.operation_id,
                    Driver {
                        round_trip: |ctx, request, response| {
                            Box::pin(round_trip::<$module::$marker>(ctx, request, response))
                        },
                        errors: |ctx| Box::pin(error_statuses::<$module::$marker>(ctx)),
                    },
                ),
            )*)*]
        }

        /// Every API's router, nested under `/<module>`.
        fn router(stand_in: Arc<StandIn>) -> ird_gateway::server::axum::Router {
            ird_gateway::server::axum::Router::new()
                $(.nest(concat!("/", stringify!($module)), $module::router(stand_in.clone())))*
        }

        /// A client of the API `module` at `base`, configured by `config`.
        fn client(module: &str, config: &Config) -> ird_gateway::client::Client {
            match module {
                $(stringify!($module) => $module::Client::new(config).unwrap().inner().clone(),)*
                other => panic!("no API {other}"),
            }
        }
    };
}

stand_in! {
    account {
        account_post: AccountPost(request),
        list_post: ListPost(request),
        status_get: StatusGet,
    }
    address {
        address_put: AddressPut(request),
        address_post: AddressPost(request),
        address_delete: AddressDelete(request),
        status_get: StatusGet,
    }
    bank {
        bank_post: BankPost(request),
        bank_delete: BankDelete(request),
        status_get: StatusGet,
    }
    bic {
        bic_post: BicPost(request),
        bic_delete: BicDelete(request),
        status_get: StatusGet,
    }
    bill {
        bill_post: BillPost(request),
        status_get: StatusGet,
    }
    contact {
        contact_put: ContactPut(request),
        contact_post: ContactPost(request),
        contact_delete: ContactDelete(request),
        phone_put: PhonePut(request),
        phone_post: PhonePost(request),
        phone_delete: PhoneDelete(request),
        status_get: StatusGet,
    }
    customer {
        customer_post: CustomerPost(request),
        status_get: StatusGet,
    }
    income {
        list_post: ListPost(request),
        status_get: StatusGet,
    }
    ird_number_validation {
        status_get: StatusGet,
        validate_ird_post: ValidateIrdPost(request),
    }
    name {
        name_put: NamePut(request),
        name_post: NamePost(request),
        name_delete: NameDelete(request),
        status_get: StatusGet,
    }
    period {
        list_post: ListPost(request),
        status_get: StatusGet,
    }
}

type Pinned<'a> = std::pin::Pin<Box<dyn std::future::Future<Output = ()> + 'a>>;

/// How one operation is driven through the client.
struct Driver {
    round_trip: for<'a> fn(&'a Ctx, Option<Vec<u8>>, Option<Vec<u8>>) -> Pinned<'a>,
    errors: for<'a> fn(&'a Ctx) -> Pinned<'a>,
}

/// A running stand-in and a client per API.
struct Ctx {
    stand_in: Arc<StandIn>,
    base: String,
    module: &'static str,
}

impl Ctx {
    fn client(&self) -> ird_gateway::client::Client {
        let config = Config::new(Environment::Custom(format!("{}/{}", self.base, self.module)))
            .timeout(Duration::from_secs(20));
        client(self.module, &config)
    }
}

async fn serve(stand_in: Arc<StandIn>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = router(stand_in);
    tokio::spawn(async move { ird_gateway::server::axum::serve(listener, app).await });
    base
}

/// The sample request goes through the client and the router to the
/// stand-in unchanged, and the sample response comes back as the typed
/// success.
async fn round_trip<O>(ctx: &Ctx, request: Option<Vec<u8>>, response: Option<Vec<u8>>)
where
    O: Operation,
    O::Params: WireParams + Default,
    O::Request: serde::Serialize + serde::de::DeserializeOwned + Validate,
    O::Success: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
    O::Error: ErrorResponse + std::fmt::Debug,
{
    let id = O::INFO.operation_id;
    let request_value: O::Request = match &request {
        Some(bytes) => ird_gateway::runtime::decode_json(bytes).unwrap(),
        None => serde_json::from_value(Value::Null).unwrap(),
    };
    let reply = match (&response, id) {
        (Some(bytes), _) => bytes.clone(),
        // Every API's status operation; only Contact lists its "OK" body.
        (None, "statusGET") => b"OK".to_vec(),
        (None, _) => vec![],
    };
    ctx.stand_in
        .set(ctx.module, id, Reply::Success(reply.clone()));
    ctx.stand_in.seen.lock().unwrap().clear();
    let got = ctx
        .client()
        .call::<O>(&O::Params::default(), &request_value)
        .await
        .unwrap_or_else(|err| panic!("{}/{id}: {err}", ctx.module));
    assert_eq!(got, success::<O>(&reply), "{}/{id}", ctx.module);
    if let Some(bytes) = &response {
        assert_eq!(
            serde_json::to_value(&got).unwrap(),
            json(bytes),
            "{}/{id}: the success re-encodes as the sample",
            ctx.module
        );
    }
    let seen = ctx.stand_in.seen.lock().unwrap().clone();
    let expected = request.as_deref().map_or(Value::Null, json);
    assert_eq!(
        seen,
        vec![(format!("{}/{id}", ctx.module), expected)],
        "{}/{id}: the stand-in got the sample request",
        ctx.module
    );
}

/// Each error status the operation lists, with a sample body, comes back
/// as the typed error with its status; so does a status it does not list.
async fn error_statuses<O>(ctx: &Ctx)
where
    O: Operation,
    O::Params: WireParams + Default,
    O::Request: serde::Serialize + serde::de::DeserializeOwned + Validate,
    O::Success: serde::de::DeserializeOwned + std::fmt::Debug,
    O::Error: ErrorResponse + PartialEq + std::fmt::Debug,
{
    let id = O::INFO.operation_id;
    let bad_request = BAD_REQUESTS
        .iter()
        .find(|(m, _)| *m == ctx.module)
        .map_or_else(
            || sample("contact", BAD_REQUESTS[3].1),
            |(m, f)| sample(m, f),
        );
    let server_error = serde_json::to_vec(&serde_json::json!({"errors": [{
        "code": "EU6001", "type": "server", "message": "Unexpected error occurred"
    }]}))
    .unwrap();
    let mut statuses = vec![];
    for response in O::INFO.responses {
        match response.status {
            Status::Code(400) => statuses.push((400, bad_request.clone())),
            Status::Code(403) => statuses.push((403, sample(FORBIDDEN.0, FORBIDDEN.1))),
            Status::Code(500) => statuses.push((500, server_error.clone())),
            // An unlisted status falls to `default`.
            Status::Default => statuses.push((418, bad_request.clone())),
            Status::Code(c) if (200..300).contains(&c) => {}
            Status::Code(c) if OTHER_STATUSES.iter().any(|(s, _, _)| *s == c) => {
                let (_, module, file) = OTHER_STATUSES.iter().find(|(s, _, _)| *s == c).unwrap();
                statuses.push((c, sample(module, file)));
            }
            other => panic!("{}/{id}: no sample body for status {other}", ctx.module),
        }
    }
    // Every operation lists `default`, and all but the status checks list
    // 400, 403 and 500.
    assert!(statuses.iter().any(|(s, _)| *s == 418), "{}/{id}", ctx.module);
    let client = ctx.client();
    let request = request_for::<O>(ctx.module);
    for (status, body) in statuses {
        ctx.stand_in
            .set(ctx.module, id, Reply::Error(status, body.clone()));
        let err = client
            .call::<O>(&O::Params::default(), &request)
            .await
            .expect_err("an error status");
        let expected = O::Error::decode(status, &body).unwrap();
        match err {
            Error::Api { status: got, error } => {
                assert_eq!(got, status, "{}/{id}", ctx.module);
                assert_eq!(error.status(), status, "{}/{id}", ctx.module);
                assert_eq!(error, expected, "{}/{id}: {status}", ctx.module);
                if let Some(value) = error.body() {
                    assert_eq!(value, json(&body), "{}/{id}: {status} body", ctx.module);
                }
            }
            other => panic!("{}/{id}: {status}: {other:?}", ctx.module),
        }
    }
}

/// The operation's sample request, or `()` where it takes none.
fn request_for<O>(module: &str) -> O::Request
where
    O: Operation,
    O::Request: serde::de::DeserializeOwned,
{
    ROUND_TRIPS
        .iter()
        .find(|(m, id, _, _)| *m == module && *id == O::INFO.operation_id)
        .and_then(|(m, _, request, _)| request.map(|r| sample(m, r)))
        .map_or_else(
            || serde_json::from_value(Value::Null).unwrap(),
            |bytes| ird_gateway::runtime::decode_json(&bytes).unwrap(),
        )
}

#[tokio::test]
async fn every_operation_round_trips_and_returns_every_error_status() {
    let stand_in = Arc::new(StandIn::default());
    let base = serve(stand_in.clone()).await;
    let drivers = drivers();
    let mut covered = 0;
    for api in APIS {
        for op in api.operations {
            let driver = drivers
                .iter()
                .find(|(m, id, _)| *m == api.module && *id == op.operation_id)
                .map(|(_, _, d)| d)
                .unwrap_or_else(|| {
                    panic!("{}/{} has no loopback driver", api.module, op.operation_id)
                });
            let files = ROUND_TRIPS
                .iter()
                .find(|(m, id, _, _)| *m == api.module && *id == op.operation_id);
            if op.request.is_some() {
                assert!(
                    files.is_some(),
                    "{}/{}: no sample request",
                    api.module,
                    op.operation_id
                );
            }
            let (request, response) = files.map_or((None, None), |(m, _, q, r)| {
                (q.map(|f| sample(m, f)), r.map(|f| sample(m, f)))
            });
            let ctx = Ctx {
                stand_in: stand_in.clone(),
                base: base.clone(),
                module: api.module,
            };
            (driver.round_trip)(&ctx, request, response).await;
            (driver.errors)(&ctx).await;
            covered += 1;
        }
    }
    assert_eq!(covered, drivers.len());
    assert_eq!(covered, 34, "operations in the SDK's eleven APIs");
}
