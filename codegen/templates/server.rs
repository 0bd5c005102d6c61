//! Server stubs (cargo feature `server`): an axum router per API that
//! decodes requests into the typed structs, validates them, answers bad
//! requests the way Inland Revenue does (400, an `errors` array, code
//! `EV1100`, the field named), calls your implementation of the API's
//! `Server` trait, and encodes its answer.
//!
//! Each API module has a `Server` trait with one method per operation and
//! a `router` function built with [`Routes`]. Serve it with
//! [`axum::serve()`] on a [`tokio::net::TcpListener`] to stand in for Inland
//! Revenue's mock environment in your own tests.
//!
//! This file is copied verbatim from `codegen/templates/server.rs` by
//! ird-codegen.

use crate::runtime::{ErrorResponse, Operation, ParamLocation, Validate, Violation, WireParams};
use axum::body::Bytes;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{on, MethodFilter, MethodRouter};
use std::collections::BTreeMap;
use std::future::Future;
use std::sync::Arc;

pub use axum;
pub use tokio;

/// The code Inland Revenue answers malformed or invalid requests with.
pub const INVALID_INPUT: &str = "EV1100";

/// The 400 response for `violations`, shaped as Inland Revenue's: one
/// entry per violation in `errors`, each with code `EV1100`, type
/// `validation`, and a message naming the field.
pub fn bad_request(violations: &[Violation]) -> Response {
    let errors: Vec<serde_json::Value> = violations
        .iter()
        .map(|v| {
            serde_json::json!({
                "code": INVALID_INPUT,
                "type": "validation",
                "message": format!(
                    "Invalid input parameters. Please check documentation: {} ({})",
                    v.path, v.rule
                ),
            })
        })
        .collect();
    json_response(
        StatusCode::BAD_REQUEST,
        "application/json; charset=utf-8",
        &serde_json::json!({ "errors": errors }),
    )
}

fn json_response(status: StatusCode, media_type: &str, value: &serde_json::Value) -> Response {
    let content_type = HeaderValue::from_str(media_type)
        .unwrap_or_else(|_| HeaderValue::from_static("application/json"));
    let body = serde_json::to_vec(value).unwrap_or_default();
    (status, [(header::CONTENT_TYPE, content_type)], body).into_response()
}

/// The media type an operation lists for `status`, JSON by default.
fn media_type(info: &crate::runtime::OperationInfo, status: u16) -> &'static str {
    info.response(status)
        .and_then(|r| r.body)
        .map_or("application/json; charset=utf-8", |b| b.media_type)
}

/// Builds an API's router one operation at a time: each route reads the
/// operation's method and path from its `INFO`.
pub struct Routes<S> {
    server: Arc<S>,
    paths: BTreeMap<&'static str, MethodRouter>,
}

impl<S: Send + Sync + 'static> Routes<S> {
    /// Routes answered by `server`.
    pub fn new(server: Arc<S>) -> Self {
        Routes {
            server,
            paths: BTreeMap::new(),
        }
    }

    /// Route operation `O` to `handler`, which gets the server, the decoded
    /// and validated parameters and request body, and answers with the
    /// success body or an error response.
    pub fn route<O, F, Fut>(mut self, handler: F) -> Self
    where
        O: Operation + 'static,
        O::Params: WireParams + Send + 'static,
        O::Request: serde::de::DeserializeOwned + Validate + Send + 'static,
        O::Success: serde::Serialize,
        O::Error: ErrorResponse,
        F: Fn(Arc<S>, O::Params, O::Request) -> Fut + Clone + Send + Sync + 'static,
        Fut: Future<Output = Result<O::Success, O::Error>> + Send + 'static,
    {
        let info = O::INFO;
        let server = self.server.clone();
        let filter = match info.method {
            crate::runtime::Method::Get => MethodFilter::GET,
            crate::runtime::Method::Put => MethodFilter::PUT,
            crate::runtime::Method::Post => MethodFilter::POST,
            crate::runtime::Method::Delete => MethodFilter::DELETE,
            crate::runtime::Method::Options => MethodFilter::OPTIONS,
            crate::runtime::Method::Head => MethodFilter::HEAD,
            crate::runtime::Method::Patch => MethodFilter::PATCH,
            crate::runtime::Method::Trace => MethodFilter::TRACE,
        };
        let endpoint = on(
            filter,
            move |path: axum::extract::RawPathParams,
                  uri: Uri,
                  headers: HeaderMap,
                  body: Bytes| {
                let server = server.clone();
                let handler = handler.clone();
                async move {
                    let path: Vec<(String, String)> = path
                        .iter()
                        .map(|(k, v)| (k.to_string(), v.to_string()))
                        .collect();
                    let params = match decode_params::<O::Params>(&path, &uri, &headers) {
                        Ok(params) => params,
                        Err(violation) => return bad_request(&[violation]),
                    };
                    let request = match decode_request::<O>(&body) {
                        Ok(request) => request,
                        Err(violations) => return bad_request(&violations),
                    };
                    match handler(server, params, request).await {
                        Ok(success) => encode_success::<O>(&success),
                        Err(error) => encode_error::<O>(&error),
                    }
                }
            },
        );
        let route = match self.paths.remove(info.path) {
            Some(existing) => existing.merge(endpoint),
            None => endpoint,
        };
        self.paths.insert(info.path, route);
        self
    }

    /// The router, with every operation routed so far.
    pub fn into_router(self) -> axum::Router {
        self.paths
            .into_iter()
            .fold(axum::Router::new(), |router, (path, route)| {
                router.route(path, route)
            })
    }
}

fn decode_params<P: WireParams>(
    path: &[(String, String)],
    uri: &Uri,
    headers: &HeaderMap,
) -> Result<P, Violation> {
    let query: Vec<(String, String)> = uri
        .query()
        .map(|q| {
            q.split('&')
                .filter(|pair| !pair.is_empty())
                .map(|pair| {
                    let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                    (percent_decode(k), percent_decode(v))
                })
                .collect()
        })
        .unwrap_or_default();
    let lookup = |name: &str, location: ParamLocation| -> Vec<String> {
        match location {
            ParamLocation::Path => path
                .iter()
                .filter(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .collect(),
            ParamLocation::Query => query
                .iter()
                .filter(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .collect(),
            ParamLocation::Header => headers
                .get_all(name)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(',').map(|s| s.trim().to_string()))
                .collect(),
            ParamLocation::Cookie => headers
                .get_all(header::COOKIE)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(';'))
                .filter_map(|c| c.trim().split_once('='))
                .filter(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
                .collect(),
        }
    };
    P::decode(&lookup)
}

fn decode_request<O>(body: &[u8]) -> Result<O::Request, Vec<Violation>>
where
    O: Operation,
    O::Request: serde::de::DeserializeOwned + Validate,
{
    let request: O::Request = if O::INFO.request.is_some() {
        crate::runtime::decode_json(body).map_err(|fault| {
            vec![Violation {
                path: fault.path,
                rule: fault.message,
            }]
        })?
    } else {
        // A bodiless operation: `()` reads from `null`, whatever was sent.
        serde_json::from_value(serde_json::Value::Null).map_err(|err| {
            vec![Violation {
                path: ".".to_string(),
                rule: err.to_string(),
            }]
        })?
    };
    request.validate()?;
    Ok(request)
}

fn encode_success<O>(success: &O::Success) -> Response
where
    O: Operation,
    O::Success: serde::Serialize,
{
    let info = O::INFO;
    let listed = info
        .responses
        .iter()
        .find(|r| matches!(r.status, crate::runtime::Status::Code(200..=299)));
    let status = match listed.map(|r| r.status) {
        Some(crate::runtime::Status::Code(code)) => code,
        _ => 200,
    };
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    match listed.and_then(|r| r.body) {
        None => status.into_response(),
        Some(body) if body.media_type.starts_with("text/") => {
            let text = match serde_json::to_value(success) {
                Ok(serde_json::Value::String(text)) => text,
                Ok(other) => other.to_string(),
                Err(err) => return server_fault(&err.to_string()),
            };
            let content_type = HeaderValue::from_str(body.media_type)
                .unwrap_or_else(|_| HeaderValue::from_static("text/plain"));
            (status, [(header::CONTENT_TYPE, content_type)], text).into_response()
        }
        Some(body) => match serde_json::to_value(success) {
            Ok(value) => json_response(status, body.media_type, &value),
            Err(err) => server_fault(&err.to_string()),
        },
    }
}

fn encode_error<O>(error: &O::Error) -> Response
where
    O: Operation,
    O::Error: ErrorResponse,
{
    let code = error.status();
    let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    match error.body() {
        Some(body) => json_response(status, media_type(O::INFO, code), &body),
        None => status.into_response(),
    }
}

/// A 500 for an answer that could not be encoded, with the code the specs
/// list for "Unexpected error occurred".
fn server_fault(message: &str) -> Response {
    json_response(
        StatusCode::INTERNAL_SERVER_ERROR,
        "application/json; charset=utf-8",
        &serde_json::json!({ "errors": [{
            "code": "EU6001",
            "type": "server",
            "message": format!("the response could not be encoded: {message}"),
        }]}),
    )
}

/// Decode `%XX` escapes and `+` in a query component.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                    (Some(h), Some(l)) => {
                        out.push((h * 16 + l) as u8);
                        i += 3;
                        continue;
                    }
                    _ => out.push(b'%'),
                }
            }
            b'+' => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
