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
    (
        "account",
        "Customer Services Suite/Account API/sample messages",
    ),
    (
        "address",
        "Customer Services Suite/Address API/sample messages",
    ),
    ("bank", "Customer Services Suite/Bank API/sample messages"),
    ("bic", "Customer Services Suite/BIC API/sample messages"),
    (
        "contact",
        "Customer Services Suite/Contact API/sample messages",
    ),
    (
        "customer",
        "Customer Services Suite/Customer API/sample messages",
    ),
    ("name", "Customer Services Suite/Name API/sample messages"),
    (
        "period",
        "Customer Services Suite/Period API/sample messages",
    ),
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
    (
        "contact",
        "phonePUT",
        Some("PUT_200_phone_request.json"),
        None,
    ),
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
    (
        "name",
        "POST_400_name_NAM101_existing_name_of_this_type_response.json",
    ),
    (
        "period",
        "POST_400_list_EV1100_invalid_From_Date_response.json",
    ),
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

/// Drives one operation with its sample request and response.
type RoundTrip = for<'a> fn(&'a Ctx, Option<Vec<u8>>, Option<Vec<u8>>) -> Pinned<'a>;

/// How one operation is driven through the client.
struct Driver {
    round_trip: RoundTrip,
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
        let config = Config::new(Environment::Custom(format!(
            "{}/{}",
            self.base, self.module
        )))
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
            // A listed error with no body (Income's 416): an empty answer.
            Status::Code(c) if response.body.is_none() => statuses.push((c, vec![])),
            other => panic!("{}/{id}: no sample body for status {other}", ctx.module),
        }
    }
    // Every operation lists `default`, and all but the status checks list
    // 400, 403 and 500.
    assert!(
        statuses.iter().any(|(s, _)| *s == 418),
        "{}/{id}",
        ctx.module
    );
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

/// A raw HTTP/1.1 server on loopback standing in for a misbehaving one:
/// keeps each request it reads (head and body as text) and answers with
/// `response` as it is, or holds the connection open without a word when
/// there is none.
async fn raw_server(response: Option<Vec<u8>>) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let requests = Arc::new(Mutex::new(vec![]));
    let seen = requests.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let response = response.clone();
            let seen = seen.clone();
            tokio::spawn(async move {
                let mut buffer = vec![];
                let mut chunk = [0u8; 4096];
                loop {
                    let Ok(n) = stream.read(&mut chunk).await else {
                        return;
                    };
                    if n == 0 {
                        return;
                    }
                    buffer.extend_from_slice(&chunk[..n]);
                    let text = String::from_utf8_lossy(&buffer).into_owned();
                    if let Some(end) = text.find("\r\n\r\n") {
                        let length = text[..end]
                            .lines()
                            .find_map(|l| {
                                let (name, value) = l.split_once(':')?;
                                name.eq_ignore_ascii_case("content-length")
                                    .then(|| value.trim().parse::<usize>().ok())?
                            })
                            .unwrap_or(0);
                        if buffer.len() >= end + 4 + length {
                            seen.lock().unwrap().push(text);
                            break;
                        }
                    }
                }
                match response {
                    Some(response) => {
                        let _ = stream.write_all(&response).await;
                        let _ = stream.shutdown().await;
                    }
                    None => tokio::time::sleep(Duration::from_secs(30)).await,
                }
            });
        }
    });
    (base, requests)
}

fn http_response(status: &str, content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

fn contact_client(base: &str, config: impl FnOnce(Config) -> Config) -> contact::Client {
    let config = config(Config::new(Environment::Custom(base.to_string())));
    contact::Client::new(&config).unwrap()
}

fn contact_post_sample() -> contact::ContactPostRequest {
    let bytes = sample(
        "contact",
        "POST_200_contact_create_account_level_request.json",
    );
    ird_gateway::runtime::decode_json(&bytes).unwrap()
}

/// A phone add whose area code breaks the spec's 5-character limit.
fn phone_post_too_long() -> contact::PhonePostRequest {
    let bytes = sample("contact", "POST_200_phone_create_request.json");
    let mut request: contact::PhonePostRequest = ird_gateway::runtime::decode_json(&bytes).unwrap();
    request.phone.as_mut().unwrap().area_code = Some("123456".to_string());
    request
}

#[tokio::test]
async fn a_malformed_json_response_is_a_decode_error_keeping_the_body() {
    let body = br#"{"ContactID": 12,"#;
    let (base, _) = raw_server(Some(http_response("200 OK", "application/json", body))).await;
    let err = contact_client(&base, |c| c)
        .contact_post(&contact_post_sample())
        .await
        .unwrap_err();
    match &err {
        Error::Decode {
            status,
            body: got,
            error,
        } => {
            assert_eq!(*status, 200);
            assert_eq!(got, body);
            assert!(error.message.contains("EOF"), "{error}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(err.body(), Some(&body[..]));
}

#[tokio::test]
async fn an_empty_body_where_one_is_expected_is_a_decode_error() {
    let (base, _) = raw_server(Some(http_response("200 OK", "application/json", b""))).await;
    let err = contact_client(&base, |c| c)
        .contact_post(&contact_post_sample())
        .await
        .unwrap_err();
    match err {
        Error::Decode { status, body, .. } => {
            assert_eq!(status, 200);
            assert!(body.is_empty());
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_body_of_the_wrong_shape_names_the_field() {
    let body = br#"{"ContactID": "twelve"}"#;
    let (base, _) = raw_server(Some(http_response("200 OK", "application/json", body))).await;
    let err = contact_client(&base, |c| c)
        .contact_post(&contact_post_sample())
        .await
        .unwrap_err();
    match err {
        Error::Decode {
            error, body: got, ..
        } => {
            assert_eq!(error.path, "ContactID");
            assert_eq!(got, body);
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn an_error_code_the_spec_does_not_list_is_kept_as_received() {
    let body = br#"{"errors":[{"code":"ZZZ999","type":"validation","message":"new rule"}]}"#;
    let (base, _) = raw_server(Some(http_response(
        "400 Bad Request",
        "application/json; charset=utf-8",
        body,
    )))
    .await;
    let err = contact_client(&base, |c| c)
        .contact_post(&contact_post_sample())
        .await
        .unwrap_err();
    match err {
        Error::Api {
            status: 400,
            error: contact::ContactPostError::BadRequest(response),
        } => {
            assert_eq!(
                response.errors[0].code,
                contact::ContactPostResponse400ErrorCode::Other("ZZZ999".to_string())
            );
            assert_eq!(response.errors[0].message, "new rule");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn an_error_body_that_is_not_json_is_a_decode_error_keeping_the_body() {
    let body = b"<html>Service Unavailable</html>";
    let (base, _) = raw_server(Some(http_response(
        "503 Service Unavailable",
        "text/html",
        body,
    )))
    .await;
    let err = contact_client(&base, |c| c)
        .contact_post(&contact_post_sample())
        .await
        .unwrap_err();
    match &err {
        Error::Decode {
            status, body: got, ..
        } => {
            assert_eq!(*status, 503);
            assert_eq!(got, body);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(err.status(), Some(503));
}

#[tokio::test]
async fn a_refused_connection_is_a_transport_error() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let err = contact_client(&base, |c| c).status_get().await.unwrap_err();
    assert!(err.is_connect(), "{err:?}");
    assert!(matches!(err, Error::Transport { status: None, .. }));
}

#[tokio::test]
async fn a_server_that_does_not_answer_times_out() {
    let (base, requests) = raw_server(None).await;
    let started = std::time::Instant::now();
    let err = contact_client(&base, |c| c.timeout(Duration::from_millis(300)))
        .contact_post(&contact_post_sample())
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_eq!(requests.lock().unwrap().len(), 1, "the request was sent");
}

#[tokio::test]
async fn an_invalid_request_is_stopped_before_it_is_sent() {
    let (base, requests) =
        raw_server(Some(http_response("200 OK", "application/json", b"{}"))).await;
    let err = contact_client(&base, |c| c)
        .phone_post(&phone_post_too_long())
        .await
        .unwrap_err();
    match err {
        Error::Invalid(violations) => {
            assert_eq!(violations.len(), 1);
            assert_eq!(violations[0].path, "Phone.AreaCode");
            assert!(
                violations[0].rule.contains("at most 5"),
                "{}",
                violations[0]
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(requests.lock().unwrap().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn the_router_rejects_a_bad_request_with_ev1100_naming_the_field() {
    let stand_in = Arc::new(StandIn::default());
    let base = serve(stand_in.clone()).await;
    let client = contact_client(&format!("{base}/contact"), |c| c.validate(false));
    let err = client.phone_post(&phone_post_too_long()).await.unwrap_err();
    match err {
        Error::Api {
            status: 400,
            error: contact::PhonePostError::BadRequest(response),
        } => {
            assert_eq!(response.errors.len(), 1);
            let error = &response.errors[0];
            assert_eq!(error.code, contact::PhonePostResponse400ErrorCode::Ev1100);
            assert_eq!(error.type_.as_str(), "validation");
            assert!(
                error
                    .message
                    .starts_with("Invalid input parameters. Please check documentation: "),
                "{}",
                error.message
            );
            assert!(
                error.message.contains("Phone.AreaCode"),
                "{}",
                error.message
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(stand_in.seen.lock().unwrap().is_empty(), "not passed on");
}

/// Send raw bytes to `base` and read the whole answer.
async fn raw_request(base: &str, request: String) -> String {
    let address = base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = vec![];
    stream.read_to_end(&mut answer).await.unwrap();
    String::from_utf8(answer).unwrap()
}

fn post(path: &str, body: &str) -> String {
    format!(
        "POST {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}

/// The `errors` of a 400 answer.
fn errors_of(answer: &str) -> Vec<Value> {
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    let body = &answer[answer.find("\r\n\r\n").unwrap() + 4..];
    let value: Value = serde_json::from_str(body).unwrap();
    value["errors"].as_array().unwrap().clone()
}

#[tokio::test]
async fn the_router_rejects_malformed_and_incomplete_bodies_with_ev1100() {
    let stand_in = Arc::new(StandIn::default());
    let base = serve(stand_in.clone()).await;

    let errors =
        errors_of(&raw_request(&base, post("/contact/phone", r#"{"ContactID": 1,"#)).await);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0]["code"], "EV1100");
    assert_eq!(errors[0]["type"], "validation");

    let body = r#"{"ContactID": 1, "Phone": {"PhoneType": "PAGER", "Country": "NZ",
        "PhoneNumber": "4451153"}}"#;
    let errors = errors_of(&raw_request(&base, post("/contact/phone", body)).await);
    assert_eq!(errors[0]["code"], "EV1100");
    let message = errors[0]["message"].as_str().unwrap();
    assert!(message.contains("Phone.PhoneType"), "{message}");

    let errors = errors_of(&raw_request(&base, post("/contact/phone", r#"{"Phone": null}"#)).await);
    let message = errors[0]["message"].as_str().unwrap();
    assert!(message.contains("ContactID"), "{message}");

    // Every violation is reported, each naming its field.
    let body = r#"{"ContactID": 1, "Phone": {"PhoneType": "BSN", "Country": "NZL",
        "AreaCode": "123456", "PhoneNumber": "4451153"}}"#;
    let errors = errors_of(&raw_request(&base, post("/contact/phone", body)).await);
    let messages: Vec<&str> = errors
        .iter()
        .map(|e| e["message"].as_str().unwrap())
        .collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(
        messages.iter().any(|m| m.contains("Phone.Country")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("Phone.AreaCode")),
        "{messages:?}"
    );
    assert!(stand_in.seen.lock().unwrap().is_empty(), "none passed on");
}

/// The `authorization` header lines of a raw request, as sent.
fn authorization_lines(request: &str) -> Vec<String> {
    request
        .lines()
        .filter(|l| {
            l.split_once(':')
                .is_some_and(|(name, _)| name.eq_ignore_ascii_case("authorization"))
        })
        .map(|l| l.split_once(':').unwrap().1.trim().to_string())
        .collect()
}

#[tokio::test]
async fn the_client_sends_exactly_the_auth_header_chosen() {
    let ok = http_response("200 OK", "text/plain", b"OK");
    let cases = [
        (
            Auth::Bearer("oauth-token-1".into()),
            vec!["Bearer oauth-token-1"],
        ),
        (
            Auth::Jwt("eyJhbGciOi.jwt.sig".into()),
            vec!["eyJhbGciOi.jwt.sig"],
        ),
        (Auth::None, vec![]),
    ];
    for (auth, expected) in cases {
        let (base, requests) = raw_server(Some(ok.clone())).await;
        let client = contact_client(&base, |c| c.auth(auth.clone()));
        assert_eq!(client.status_get().await.unwrap(), "OK");
        let requests = requests.lock().unwrap();
        assert_eq!(requests.len(), 1);
        assert!(
            requests[0].starts_with("GET /status HTTP/1.1\r\n"),
            "{}",
            requests[0]
        );
        assert_eq!(authorization_lines(&requests[0]), expected, "{auth:?}");
    }
}

#[tokio::test]
async fn credentials_and_keys_stay_out_of_debug_output() {
    let config = Config::new(Environment::Test)
        .auth(Auth::Bearer("oauth-secret-token".into()))
        .identity_pem("-----BEGIN PRIVATE KEY-----\nkey-material\n");
    let shown = format!("{config:?}");
    assert!(!shown.contains("oauth-secret-token"), "{shown}");
    assert!(!shown.contains("key-material"), "{shown}");
    assert!(shown.contains("<redacted>"), "{shown}");
    let client =
        contact::Client::new(&Config::new(Environment::Test).auth(Auth::Jwt("jwt-secret".into())))
            .unwrap();
    let shown = format!("{client:?}");
    assert!(!shown.contains("jwt-secret"), "{shown}");
}

#[test]
fn environments_come_from_the_servers_of_the_spec_and_overlays() {
    for api in APIS {
        let test = ird_gateway::client::Client::new(
            api.module,
            api.servers,
            &Config::new(Environment::Test),
        )
        .unwrap();
        let expected = api
            .servers
            .iter()
            .find(|s| s.environment == Some("test"))
            .or_else(|| api.servers.iter().find(|s| s.environment.is_none()))
            .unwrap();
        assert_eq!(test.base_url(), expected.url, "{}", api.module);
        let production = ird_gateway::client::Client::new(
            api.module,
            api.servers,
            &Config::new(Environment::Production).identity_pem("not a PEM"),
        );
        match api
            .servers
            .iter()
            .find(|s| s.environment == Some("production"))
        {
            // A production server was stated: the identity is loaded (and
            // this one does not load) or not needed.
            Some(server) if server.mutual_tls => {
                let err = production.unwrap_err();
                assert!(err.message.contains("PEM"), "{}: {err}", api.module);
            }
            Some(server) => assert_eq!(production.unwrap().base_url(), server.url),
            None => {
                let err = production.unwrap_err();
                assert!(
                    err.message
                        .contains(&format!("the {} API lists no production", api.module)),
                    "{err}"
                );
            }
        }
    }
    let custom = contact::Client::new(&Config::new(Environment::Custom(
        "http://127.0.0.1:9/ir/".to_string(),
    )))
    .unwrap();
    assert_eq!(custom.inner().base_url(), "http://127.0.0.1:9/ir/");
}

#[test]
fn mutual_tls_servers_require_a_client_identity() {
    use ird_gateway::runtime::ServerInfo;
    let servers = [ServerInfo {
        url: "https://gateway.example/contact/",
        description: "production",
        environment: Some("production"),
        mutual_tls: true,
    }];
    let config = Config::new(Environment::Production);
    let err = ird_gateway::client::Client::new("contact", &servers, &config).unwrap_err();
    assert!(
        err.message.contains("requires a client certificate"),
        "{err}"
    );

    let config = Config::new(Environment::Production).identity_pem("not a PEM");
    let err = ird_gateway::client::Client::new("contact", &servers, &config).unwrap_err();
    assert!(err.message.contains("PEM does not load"), "{err}");

    // A client of your own carries its own identity and timeouts.
    let config = Config::new(Environment::Production).http_client(Default::default());
    ird_gateway::client::Client::new("contact", &servers, &config).unwrap();
    let config = config.timeout(Duration::from_secs(1));
    let err = ird_gateway::client::Client::new("contact", &servers, &config).unwrap_err();
    assert!(err.message.contains("set them on the HTTP client"), "{err}");
}

#[test]
fn parameters_go_on_the_wire_as_text_and_read_back_typed() {
    use ird_gateway::runtime::{param_from_wire, param_to_wire};
    assert_eq!(param_to_wire(&42i64), vec!["42"]);
    assert_eq!(param_to_wire(&true), vec!["true"]);
    assert_eq!(param_to_wire(&"a b".to_string()), vec!["a b"]);
    assert_eq!(param_to_wire(&vec!["x", "y"]), vec!["x", "y"]);
    assert_eq!(param_to_wire(&contact::PhoneType::Mobile), vec!["CELL"]);

    let texts = |items: &[&str]| items.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(param_from_wire::<i64>("id", &texts(&["42"])), Ok(42));
    assert_eq!(param_from_wire::<bool>("on", &texts(&["false"])), Ok(false));
    // Digits stay text where the type is a string.
    assert_eq!(
        param_from_wire::<String>("ird", &texts(&["049091850"])),
        Ok("049091850".to_string())
    );
    assert_eq!(
        param_from_wire::<Vec<i64>>("ids", &texts(&["1", "2"])),
        Ok(vec![1, 2])
    );
    assert_eq!(
        param_from_wire::<Vec<String>>("tags", &texts(&["7"])),
        Ok(vec!["7".to_string()])
    );
    assert_eq!(
        param_from_wire::<contact::PhoneType>("type", &texts(&["CELL"])),
        Ok(contact::PhoneType::Mobile)
    );
    let fault = param_from_wire::<i64>("id", &texts(&["forty"])).unwrap_err();
    assert_eq!(fault.path, "id");
}
