//! An HTTP client for every operation (cargo feature `client`): typed
//! requests in, typed successes or typed error responses out.
//!
//! [`Config`] says which environment to call, how to authenticate and how
//! long to wait; each API module's `Client` wraps a [`Client`] bound to that
//! API's server and has one method per operation, all going through
//! [`Client::call`]. Requests are validated before they are sent, so a fault
//! is reported with its field path instead of as an `EV1100` from Inland
//! Revenue.
//!
//! This file is copied verbatim from `codegen/templates/client.rs` by
//! ird-codegen.

use crate::runtime::{
    ErrorResponse, Operation, ParamLocation, PayloadError, ServerInfo, Validate, Violation,
    WireParams,
};
use std::fmt;
use std::time::Duration;

/// A credential or key: kept out of `Debug` output and logs.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wrap a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The value, for sending it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret::new(value)
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

/// Which servers requests go to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Environment {
    /// Inland Revenue's mock (test) gateway: the API's server marked
    /// `test`, or, where none is marked, the first server the spec lists.
    Test,
    /// Production: the API's server marked `production`.
    Production,
    /// A base URL of your own (a local stand-in, a proxy), to which the
    /// operation paths are appended as they are to a spec server's URL.
    Custom(String),
}

/// How requests carry their credential.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Auth {
    /// No `Authorization` header.
    None,
    /// An OAuth access token: `Authorization: Bearer <token>`.
    Bearer(Secret),
    /// A JWT as it is: `Authorization: <jwt>`, with no prefix.
    Jwt(Secret),
}

/// Everything a [`Client`] is built from. Start with [`Config::new`] and
/// chain the setters.
#[derive(Clone, Debug)]
pub struct Config {
    environment: Environment,
    auth: Auth,
    identity: Option<Secret>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    http: Option<reqwest::Client>,
    validate: bool,
}

impl Config {
    /// Requests to `environment`, with no credential, no client
    /// certificate, reqwest's default timeouts, and validation on.
    pub fn new(environment: Environment) -> Self {
        Config {
            environment,
            auth: Auth::None,
            identity: None,
            timeout: None,
            connect_timeout: None,
            http: None,
            validate: true,
        }
    }

    /// Authenticate with `auth`.
    pub fn auth(mut self, auth: Auth) -> Self {
        self.auth = auth;
        self
    }

    /// Present this client certificate (mutual TLS, as production
    /// requires): one PEM holding the private key and the certificate chain.
    pub fn identity_pem(mut self, pem: impl Into<Secret>) -> Self {
        self.identity = Some(pem.into());
        self
    }

    /// Give up on a request after `timeout` in all.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Give up on connecting after `timeout`.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Send through this reqwest client instead of building one. It then
    /// carries the TLS identity and timeouts: setting those here as well is
    /// a [`ConfigError`].
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Whether requests are validated before they are sent (the default).
    /// Turn it off to send a request Inland Revenue should reject.
    pub fn validate(mut self, validate: bool) -> Self {
        self.validate = validate;
        self
    }
}

/// Why a [`Client`] could not be built.
#[derive(Debug)]
pub struct ConfigError {
    /// What is wrong.
    pub message: String,
    /// The underlying failure, if any.
    pub source: Option<reqwest::Error>,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(source) = &self.source {
            write!(f, ": {source}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_ref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

fn config_error(message: String) -> ConfigError {
    ConfigError {
        message,
        source: None,
    }
}

/// Why a call failed. `E` is the operation's error enum.
#[derive(Debug)]
pub enum Error<E> {
    /// The request breaks rules of its type; it was not sent.
    Invalid(Vec<Violation>),
    /// The request could not be encoded; it was not sent.
    Encode(PayloadError),
    /// The server answered with an error status the operation describes.
    Api {
        /// The HTTP status.
        status: u16,
        /// The decoded error response (for Inland Revenue's, the `errors`
        /// array).
        error: E,
    },
    /// No complete response: the connection failed or timed out.
    Transport {
        /// The HTTP status, if one arrived before the failure.
        status: Option<u16>,
        /// What had arrived of the body.
        body: Vec<u8>,
        /// The failure.
        source: reqwest::Error,
    },
    /// A response arrived but its body does not match its type, or its
    /// status is not one the operation describes.
    Decode {
        /// The HTTP status.
        status: u16,
        /// The body as it arrived.
        body: Vec<u8>,
        /// Where the body is at fault, and why.
        error: PayloadError,
    },
}

impl<E> Error<E> {
    /// The HTTP status of the response, if there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. } | Error::Decode { status, .. } => Some(*status),
            Error::Transport { status, .. } => *status,
            Error::Invalid(_) | Error::Encode(_) => None,
        }
    }

    /// The raw body of the response, where one was kept.
    pub fn body(&self) -> Option<&[u8]> {
        match self {
            Error::Transport { body, .. } | Error::Decode { body, .. } => Some(body),
            _ => None,
        }
    }

    /// Whether the call failed by timing out.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Transport { source, .. } if source.is_timeout())
    }

    /// Whether the call failed to connect.
    pub fn is_connect(&self) -> bool {
        matches!(self, Error::Transport { source, .. } if source.is_connect())
    }
}

impl<E: fmt::Debug> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Invalid(violations) => {
                f.write_str("invalid request, not sent:")?;
                for violation in violations {
                    write!(f, " {violation};")?;
                }
                Ok(())
            }
            Error::Encode(error) => write!(f, "request could not be encoded {error}"),
            Error::Api { status, error } => write!(f, "status {status}: {error:?}"),
            Error::Transport { source, .. } => write!(f, "transport failure: {source}"),
            Error::Decode { status, error, .. } => {
                write!(f, "response with status {status} does not decode {error}")
            }
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport { source, .. } => Some(source),
            Error::Encode(error) | Error::Decode { error, .. } => Some(error),
            _ => None,
        }
    }
}

/// A client for one API: its base URL, credential and HTTP client.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base_url: String,
    auth: Auth,
    validate: bool,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .field("auth", &self.auth)
            .field("validate", &self.validate)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client for the API `module` reached at `servers` (its `SERVERS`),
    /// configured by `config`.
    pub fn new(module: &str, servers: &[ServerInfo], config: &Config) -> Result<Self, ConfigError> {
        let (base_url, mutual_tls) = match &config.environment {
            Environment::Custom(url) => (url.clone(), false),
            Environment::Test => servers
                .iter()
                .find(|s| s.environment == Some("test"))
                .or_else(|| servers.iter().find(|s| s.environment.is_none()))
                .map(|s| (s.url.to_string(), s.mutual_tls))
                .ok_or_else(|| config_error(format!("the {module} API lists no test server")))?,
            Environment::Production => servers
                .iter()
                .find(|s| s.environment == Some("production"))
                .map(|s| (s.url.to_string(), s.mutual_tls))
                .ok_or_else(|| {
                    config_error(format!("the {module} API lists no production server"))
                })?,
        };
        let http = match &config.http {
            Some(http) => {
                if config.identity.is_some()
                    || config.timeout.is_some()
                    || config.connect_timeout.is_some()
                {
                    return Err(config_error(
                        "a client certificate or timeout was set along with an HTTP client: \
                         set them on the HTTP client"
                            .to_string(),
                    ));
                }
                http.clone()
            }
            None => {
                if mutual_tls && config.identity.is_none() {
                    return Err(config_error(format!(
                        "the {module} API's server {base_url} requires a client certificate: \
                         set Config::identity_pem"
                    )));
                }
                let mut builder = reqwest::Client::builder();
                if let Some(pem) = &config.identity {
                    let identity = reqwest::Identity::from_pem(pem.expose().as_bytes())
                        .map_err(|source| ConfigError {
                            message: "the client certificate PEM does not load".to_string(),
                            source: Some(source),
                        })?;
                    builder = builder.identity(identity);
                }
                if let Some(timeout) = config.timeout {
                    builder = builder.timeout(timeout);
                }
                if let Some(timeout) = config.connect_timeout {
                    builder = builder.connect_timeout(timeout);
                }
                builder.build().map_err(|source| ConfigError {
                    message: "the HTTP client could not be built".to_string(),
                    source: Some(source),
                })?
            }
        };
        Ok(Client {
            http,
            base_url,
            auth: config.auth.clone(),
            validate: config.validate,
        })
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Call operation `O` with its parameters and request body, and decode
    /// the response by its status.
    pub async fn call<O>(
        &self,
        params: &O::Params,
        request: &O::Request,
    ) -> Result<O::Success, Error<O::Error>>
    where
        O: Operation,
        O::Params: WireParams,
        O::Request: serde::Serialize + Validate,
        O::Success: serde::de::DeserializeOwned,
        O::Error: ErrorResponse,
    {
        let info = O::INFO;
        if self.validate {
            request.validate().map_err(Error::Invalid)?;
        }
        let mut path = info.path.to_string();
        let mut query: Vec<(&str, String)> = vec![];
        let mut headers = reqwest::header::HeaderMap::new();
        for (name, location, values) in params.encode() {
            match location {
                ParamLocation::Path => {
                    let value = values.join(",");
                    path = path.replace(&format!("{{{name}}}"), &encode_path_segment(&value));
                }
                ParamLocation::Query => query.extend(values.into_iter().map(|v| (name, v))),
                ParamLocation::Header | ParamLocation::Cookie => {
                    let value = values.join(",");
                    let (name, value) = if location == ParamLocation::Cookie {
                        ("cookie", format!("{name}={value}"))
                    } else {
                        (name, value)
                    };
                    let header_name = reqwest::header::HeaderName::from_bytes(name.as_bytes());
                    let header_value = reqwest::header::HeaderValue::from_str(&value);
                    match (header_name, header_value) {
                        (Ok(header_name), Ok(header_value)) => {
                            headers.append(header_name, header_value);
                        }
                        _ => {
                            return Err(Error::Invalid(vec![Violation {
                                path: name.to_string(),
                                rule: "not valid in an HTTP header".to_string(),
                            }]))
                        }
                    }
                }
            }
        }
        let url = format!("{}{}", self.base_url.trim_end_matches('/'), path);
        let method = reqwest::Method::from_bytes(info.method.as_str().as_bytes())
            .unwrap_or(reqwest::Method::GET);
        let mut builder = self.http.request(method, url).headers(headers);
        if !query.is_empty() {
            builder = builder.query(&query);
        }
        let credential = match &self.auth {
            Auth::None => None,
            Auth::Bearer(token) => Some(format!("Bearer {}", token.expose())),
            Auth::Jwt(token) => Some(token.expose().to_string()),
        };
        if let Some(credential) = credential {
            let mut value = reqwest::header::HeaderValue::from_str(&credential).map_err(|_| {
                Error::Invalid(vec![Violation {
                    path: "Authorization".to_string(),
                    rule: "the credential is not valid in an HTTP header".to_string(),
                }])
            })?;
            value.set_sensitive(true);
            builder = builder.header(reqwest::header::AUTHORIZATION, value);
        }
        if let Some(body) = &info.request {
            let bytes = crate::runtime::encode_json(request).map_err(Error::Encode)?;
            builder = builder
                .header(reqwest::header::CONTENT_TYPE, body.media_type)
                .body(bytes);
        }
        let mut response = builder.send().await.map_err(|source| Error::Transport {
            status: None,
            body: vec![],
            source,
        })?;
        let status = response.status().as_u16();
        let mut body = vec![];
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => body.extend_from_slice(&chunk),
                Ok(None) => break,
                Err(source) => {
                    return Err(Error::Transport {
                        status: Some(status),
                        body,
                        source,
                    })
                }
            }
        }
        if (200..300).contains(&status) {
            return match decode_success::<O::Success>(info, status, &body) {
                Ok(success) => Ok(success),
                Err(error) => Err(Error::Decode {
                    status,
                    body,
                    error,
                }),
            };
        }
        match O::Error::decode(status, &body) {
            Ok(error) => Err(Error::Api { status, error }),
            Err(error) => Err(Error::Decode {
                status,
                body,
                error,
            }),
        }
    }
}

/// Decode a 2xx body by what the operation lists for that status: JSON,
/// text, or nothing (any body is then ignored).
fn decode_success<T: serde::de::DeserializeOwned>(
    info: &crate::runtime::OperationInfo,
    status: u16,
    body: &[u8],
) -> Result<T, PayloadError> {
    let listed = info
        .responses
        .iter()
        .find(|r| r.status.matches(status) && r.status != crate::runtime::Status::Default)
        .and_then(|r| r.body);
    let value = match listed {
        None => serde_json::Value::Null,
        Some(listed) if listed.media_type.starts_with("text/") => {
            let text = std::str::from_utf8(body).map_err(|err| PayloadError {
                path: ".".to_string(),
                message: err.to_string(),
            })?;
            serde_json::Value::String(text.to_string())
        }
        Some(_) => return crate::runtime::decode_json(body),
    };
    serde_json::from_value(value).map_err(|err| PayloadError {
        path: ".".to_string(),
        message: err.to_string(),
    })
}

/// Percent-encode a path parameter value.
fn encode_path_segment(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}
