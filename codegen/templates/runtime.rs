//! What every generated API module builds on: how an operation is
//! described, and typed decoding of payloads with the path of any fault.
//!
//! This file is copied verbatim from `codegen/templates/runtime.rs` by
//! ird-codegen.

use std::fmt;

/// An HTTP method.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`.
    Get,
    /// `PUT`.
    Put,
    /// `POST`.
    Post,
    /// `DELETE`.
    Delete,
    /// `OPTIONS`.
    Options,
    /// `HEAD`.
    Head,
    /// `PATCH`.
    Patch,
    /// `TRACE`.
    Trace,
}

impl Method {
    /// The method as it goes on the wire.
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The status a response is listed under.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    /// One status code.
    Code(u16),
    /// A range such as `4XX`, by its first digit.
    Range(u16),
    /// Every status the operation does not list.
    Default,
}

impl Status {
    /// Whether a response with HTTP status `code` falls under this entry
    /// (`Default` matches anything; callers try exact entries first).
    pub const fn matches(self, code: u16) -> bool {
        match self {
            Status::Code(c) => c == code,
            Status::Range(r) => code / 100 == r,
            Status::Default => true,
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Status::Code(c) => write!(f, "{c}"),
            Status::Range(r) => write!(f, "{r}XX"),
            Status::Default => f.write_str("default"),
        }
    }
}

/// Where a parameter goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ParamLocation {
    /// In the path template.
    Path,
    /// In the query string.
    Query,
    /// An HTTP header.
    Header,
    /// A cookie.
    Cookie,
}

/// A non-body parameter of an operation.
#[derive(Clone, Copy, Debug)]
pub struct ParamInfo {
    /// The name on the wire.
    pub name: &'static str,
    /// Where it goes.
    pub location: ParamLocation,
    /// Whether it must be sent.
    pub required: bool,
}

/// A request or response body: its media type, the Rust type it decodes
/// into, and a type-erased check used by tools such as `examples/check.rs`.
#[derive(Clone, Copy)]
pub struct BodyInfo {
    /// The Rust type's name, as it appears in its module.
    pub type_name: &'static str,
    /// The media type the spec gives (`application/json; charset=utf-8`).
    pub media_type: &'static str,
    check: fn(&[u8]) -> Result<serde_json::Value, PayloadError>,
}

impl BodyInfo {
    /// A JSON body of type `T`.
    pub const fn json<T>(type_name: &'static str, media_type: &'static str) -> Self
    where
        T: serde::de::DeserializeOwned + serde::Serialize,
    {
        BodyInfo {
            type_name,
            media_type,
            check: check_json::<T>,
        }
    }

    /// A text body (`text/plain`), read as a string.
    pub const fn text(type_name: &'static str, media_type: &'static str) -> Self {
        BodyInfo {
            type_name,
            media_type,
            check: check_text,
        }
    }

    /// Decode `bytes` into this body's type and encode it again, returning
    /// the re-encoded value, or the first fault with its field path.
    pub fn check(&self, bytes: &[u8]) -> Result<serde_json::Value, PayloadError> {
        (self.check)(bytes)
    }
}

impl fmt::Debug for BodyInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BodyInfo")
            .field("type_name", &self.type_name)
            .field("media_type", &self.media_type)
            .finish_non_exhaustive()
    }
}

/// One response an operation lists.
#[derive(Clone, Copy, Debug)]
pub struct ResponseInfo {
    /// The status it is listed under.
    pub status: Status,
    /// Its description in the spec.
    pub description: &'static str,
    /// Its body, or `None` when the response has none.
    pub body: Option<BodyInfo>,
}

/// Everything the spec says about one operation, as data.
#[derive(Clone, Copy, Debug)]
pub struct OperationInfo {
    /// The spec's `operationId`.
    pub operation_id: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The path template, relative to the server URL.
    pub path: &'static str,
    /// The spec's summary.
    pub summary: &'static str,
    /// Non-body parameters.
    pub params: &'static [ParamInfo],
    /// The request body, if the operation takes one.
    pub request: Option<BodyInfo>,
    /// The responses, exact statuses first and `default` last.
    pub responses: &'static [ResponseInfo],
}

impl OperationInfo {
    /// The response entry for HTTP status `code`: an exact or range match,
    /// else `default`.
    pub fn response(&self, code: u16) -> Option<&ResponseInfo> {
        let listed =
            |r: &&ResponseInfo| !matches!(r.status, Status::Default) && r.status.matches(code);
        self.responses
            .iter()
            .find(listed)
            .or_else(|| self.responses.iter().find(|r| r.status == Status::Default))
    }
}

/// One API of the crate.
#[derive(Clone, Copy, Debug)]
pub struct ApiInfo {
    /// The module name.
    pub module: &'static str,
    /// The spec's title.
    pub title: &'static str,
    /// Its operations.
    pub operations: &'static [OperationInfo],
}

impl ApiInfo {
    /// The operation with this `operationId`.
    pub fn operation(&self, operation_id: &str) -> Option<&'static OperationInfo> {
        self.operations
            .iter()
            .find(|o| o.operation_id == operation_id)
    }
}

/// A typed description of one operation, implemented by each operation's
/// marker type (`contact::ContactPost`).
pub trait Operation {
    /// The operation as data.
    const INFO: &'static OperationInfo;
    /// The path, query and header parameters, or `()`.
    type Params;
    /// The request body, or `()` when there is none.
    type Request;
    /// The body of the success response, or `()` when it has none.
    type Success;
    /// The error responses, by status.
    type Error;
}

/// A payload that does not match its type: where, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PayloadError {
    /// The path of the offending field (`Contact.Phone[0].PhoneType`), or
    /// `.` for the whole payload.
    pub path: String,
    /// What is wrong there.
    pub message: String,
}

impl fmt::Display for PayloadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at {}: {}", self.path, self.message)
    }
}

impl std::error::Error for PayloadError {}

/// Decode a JSON payload into `T`, naming the field at fault on failure.
pub fn decode_json<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, PayloadError> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value: T =
        serde_path_to_error::deserialize(&mut deserializer).map_err(|err| PayloadError {
            path: err.path().to_string(),
            message: err.inner().to_string(),
        })?;
    deserializer.end().map_err(|err| PayloadError {
        path: ".".to_string(),
        message: err.to_string(),
    })?;
    Ok(value)
}

fn check_json<T>(bytes: &[u8]) -> Result<serde_json::Value, PayloadError>
where
    T: serde::de::DeserializeOwned + serde::Serialize,
{
    let value: T = decode_json(bytes)?;
    serde_json::to_value(&value).map_err(|err| PayloadError {
        path: ".".to_string(),
        message: err.to_string(),
    })
}

fn check_text(bytes: &[u8]) -> Result<serde_json::Value, PayloadError> {
    std::str::from_utf8(bytes)
        .map(|text| serde_json::Value::String(text.to_string()))
        .map_err(|err| PayloadError {
            path: ".".to_string(),
            message: err.to_string(),
        })
}
