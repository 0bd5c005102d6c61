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
    validate: Option<ValidateFn>,
}

/// Decodes a body and returns its [`Validate`] violations.
type ValidateFn = fn(&[u8]) -> Result<Vec<Violation>, PayloadError>;

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
            validate: None,
        }
    }

    /// A JSON request body of type `T`, with its [`Validate`] rules.
    pub const fn json_validated<T>(type_name: &'static str, media_type: &'static str) -> Self
    where
        T: serde::de::DeserializeOwned + serde::Serialize + Validate,
    {
        BodyInfo {
            type_name,
            media_type,
            check: check_json::<T>,
            validate: Some(violations_of::<T>),
        }
    }

    /// A text body (`text/plain`), read as a string.
    pub const fn text(type_name: &'static str, media_type: &'static str) -> Self {
        BodyInfo {
            type_name,
            media_type,
            check: check_text,
            validate: None,
        }
    }

    /// Decode `bytes` into this body's type and encode it again, returning
    /// the re-encoded value, or the first fault with its field path.
    pub fn check(&self, bytes: &[u8]) -> Result<serde_json::Value, PayloadError> {
        (self.check)(bytes)
    }

    /// Decode `bytes` and run the body type's [`Validate`] rules: every
    /// violation (none for bodies without rules, such as responses).
    pub fn violations(&self, bytes: &[u8]) -> Result<Vec<Violation>, PayloadError> {
        match self.validate {
            Some(validate) => validate(bytes),
            None => (self.check)(bytes).map(|_| vec![]),
        }
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
    /// Where it is reached.
    pub servers: &'static [ServerInfo],
    /// How requests authenticate.
    pub auth: &'static [AuthInfo],
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

/// The error responses of one operation, as the client decodes them and
/// the server encodes them. Implemented by each operation's error enum.
pub trait ErrorResponse: Sized {
    /// Decode an error response with HTTP status `status`.
    fn decode(status: u16, body: &[u8]) -> Result<Self, PayloadError>;
    /// The HTTP status this error is sent with.
    fn status(&self) -> u16;
    /// The body this error is sent with, as JSON, or `None` for none.
    fn body(&self) -> Option<serde_json::Value>;
}

/// The path, query and header parameters of an operation, as they go on
/// the wire: implemented by `()` and by each operation's params struct.
pub trait WireParams: Sized {
    /// Each parameter that is set, by wire name and location, with its
    /// values as text (several for an array parameter).
    fn encode(&self) -> Vec<(&'static str, ParamLocation, Vec<String>)>;
    /// Read the parameters back; `lookup` gives the values received for a
    /// wire name and location. A fault names the parameter.
    fn decode(lookup: &dyn Fn(&str, ParamLocation) -> Vec<String>) -> Result<Self, Violation>;
}

impl WireParams for () {
    fn encode(&self) -> Vec<(&'static str, ParamLocation, Vec<String>)> {
        vec![]
    }

    fn decode(_: &dyn Fn(&str, ParamLocation) -> Vec<String>) -> Result<Self, Violation> {
        Ok(())
    }
}

/// A parameter value as wire text: strings as they are, numbers and
/// booleans as JSON writes them, arrays as one text per item.
pub fn param_to_wire<T: serde::Serialize>(value: &T) -> Vec<String> {
    fn text(value: serde_json::Value) -> String {
        match value {
            serde_json::Value::String(text) => text,
            other => other.to_string(),
        }
    }
    match serde_json::to_value(value) {
        Ok(serde_json::Value::Array(items)) => items.into_iter().map(text).collect(),
        Ok(serde_json::Value::Null) => vec![],
        Ok(other) => vec![text(other)],
        // Parameter types are strings, numbers, booleans, enums and arrays
        // of them, which always serialize.
        Err(_) => vec![],
    }
}

/// Read a parameter of type `T` from its wire texts: each text is tried as
/// a string, then as JSON (a number or boolean); several texts, or a type
/// that takes an array, read as an array. A fault names the parameter.
pub fn param_from_wire<T: serde::de::DeserializeOwned>(
    name: &str,
    texts: &[String],
) -> Result<T, Violation> {
    let item = |text: &String| -> Vec<serde_json::Value> {
        let mut candidates = vec![serde_json::Value::String(text.clone())];
        if let Ok(parsed) = serde_json::from_str::<serde_json::Value>(text) {
            if !parsed.is_string() {
                candidates.insert(0, parsed);
            }
        }
        candidates
    };
    let mut tried = vec![];
    if let [one] = texts {
        tried.extend(item(one));
    }
    let as_json: Vec<serde_json::Value> =
        texts.iter().map(|t| item(t).remove(0)).collect();
    let as_text: Vec<serde_json::Value> = texts
        .iter()
        .map(|t| serde_json::Value::String(t.clone()))
        .collect();
    tried.push(serde_json::Value::Array(as_json));
    tried.push(serde_json::Value::Array(as_text));
    let mut fault = String::new();
    for candidate in tried {
        match serde_json::from_value(candidate) {
            Ok(value) => return Ok(value),
            Err(err) if fault.is_empty() => fault = err.to_string(),
            Err(_) => {}
        }
    }
    Err(Violation {
        path: name.to_string(),
        rule: format!("not a valid value: {fault}"),
    })
}

/// Encode a JSON body, naming the field at fault on failure.
pub fn encode_json<T: serde::Serialize>(value: &T) -> Result<Vec<u8>, PayloadError> {
    let mut bytes = vec![];
    let mut serializer = serde_json::Serializer::new(&mut bytes);
    serde_path_to_error::serialize(value, &mut serializer).map_err(|err| PayloadError {
        path: err.path().to_string(),
        message: err.inner().to_string(),
    })?;
    Ok(bytes)
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

fn violations_of<T>(bytes: &[u8]) -> Result<Vec<Violation>, PayloadError>
where
    T: serde::de::DeserializeOwned + Validate,
{
    let value: T = decode_json(bytes)?;
    Ok(value.validate().err().unwrap_or_default())
}

fn check_text(bytes: &[u8]) -> Result<serde_json::Value, PayloadError> {
    std::str::from_utf8(bytes)
        .map(|text| serde_json::Value::String(text.to_string()))
        .map_err(|err| PayloadError {
            path: ".".to_string(),
            message: err.to_string(),
        })
}

/// A server an API is reached at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ServerInfo {
    /// The base URL, to which operation paths are appended.
    pub url: &'static str,
    /// What the spec or the build pack says of it.
    pub description: &'static str,
    /// `test` or `production`, where stated.
    pub environment: Option<&'static str>,
    /// Whether it requires a client certificate (mutual TLS).
    pub mutual_tls: bool,
}

/// How a request carries its credential.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthKind {
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// The credential as it is, in the named header (a JWT in
    /// `Authorization`, with no prefix).
    Header(&'static str),
    /// A scheme these bindings describe but do not model.
    Other(&'static str),
}

/// An authentication scheme an API accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AuthInfo {
    /// Its name in the spec.
    pub name: &'static str,
    /// What goes on the wire.
    pub kind: AuthKind,
    /// What the spec or the build pack says of it.
    pub description: &'static str,
}

/// A rule a value breaks, found by [`Validate::validate`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// The path of the field (`Contact.Phone[0].AreaCode`), or `.` for
    /// the whole payload.
    pub path: String,
    /// The rule, and what was found.
    pub rule: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at {}: {}", self.path, self.rule)
    }
}

/// Checks of the rules the spec and the build packs state beyond what the
/// types enforce: lengths, item counts, formats, IRD numbers, fields given
/// together or instead of each other.
pub trait Validate {
    /// Add the violations of `self` to `checker`, under its current path.
    fn check(&self, checker: &mut Checker);

    /// Every violation, or `Ok` when there are none.
    fn validate(&self) -> Result<(), Vec<Violation>> {
        let mut checker = Checker::default();
        self.check(&mut checker);
        if checker.violations.is_empty() {
            Ok(())
        } else {
            Err(checker.violations)
        }
    }
}

/// Bodiless requests have nothing to check.
impl Validate for () {
    fn check(&self, _: &mut Checker) {}
}

impl<T: Validate> Validate for Option<T> {
    fn check(&self, checker: &mut Checker) {
        if let Some(value) = self {
            value.check(checker);
        }
    }
}

impl<T: Validate> Validate for Box<T> {
    fn check(&self, checker: &mut Checker) {
        (**self).check(checker);
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn check(&self, checker: &mut Checker) {
        for (index, item) in self.iter().enumerate() {
            checker.path.push(Segment::Index(index));
            item.check(checker);
            checker.path.pop();
        }
    }
}

#[derive(Clone, Debug)]
enum Segment {
    Field(&'static str),
    Index(usize),
}

/// Collects violations with the path they are at; generated
/// [`Validate`] impls drive it.
#[derive(Clone, Debug, Default)]
pub struct Checker {
    path: Vec<Segment>,
    violations: Vec<Violation>,
}

/// String formats that are checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `YYYY-MM-DD`, a real calendar date.
    Date,
    /// `YYYY-MM-DDThh:mm:ss`, with optional fraction and offset.
    DateTime,
    /// An IRD number with a valid check digit.
    IrdNumber,
    /// Only the digits 0 to 9.
    Digits,
}

impl Checker {
    /// Check the field `name` of the current object with `check`.
    pub fn field(&mut self, name: &'static str, check: impl FnOnce(&mut Checker)) {
        self.path.push(Segment::Field(name));
        check(self);
        self.path.pop();
    }

    /// Check a nested value at field `name`.
    pub fn nested<T: Validate + ?Sized>(&mut self, name: &'static str, value: &T) {
        self.field(name, |checker| value.check(checker));
    }

    /// Record a violation at the current path.
    pub fn violation(&mut self, rule: impl Into<String>) {
        let mut path = String::new();
        for segment in &self.path {
            match segment {
                Segment::Field(name) => {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(name);
                }
                Segment::Index(index) => path.push_str(&format!("[{index}]")),
            }
        }
        if path.is_empty() {
            path.push('.');
        }
        self.violations.push(Violation {
            path,
            rule: rule.into(),
        });
    }

    /// Check the length in characters of the string field `name`.
    pub fn length(
        &mut self,
        name: &'static str,
        value: &str,
        min: Option<usize>,
        max: Option<usize>,
    ) {
        let length = value.chars().count();
        self.field(name, |checker| {
            if let Some(min) = min.filter(|&min| length < min) {
                checker.violation(format!("at least {min} characters, got {length}"));
            }
            if let Some(max) = max.filter(|&max| length > max) {
                checker.violation(format!("at most {max} characters, got {length}"));
            }
        });
    }

    /// Check that the string field `name` has the given format.
    pub fn format(&mut self, name: &'static str, value: &str, format: Format) {
        let fault = match format {
            Format::Date => date_fault(value),
            Format::DateTime => date_time_fault(value),
            Format::IrdNumber => IrdNumber::parse(value).err(),
            Format::Digits => (!value.bytes().all(|b| b.is_ascii_digit()))
                .then(|| format!("`{value}` holds characters other than digits")),
        };
        if let Some(fault) = fault {
            self.field(name, |checker| checker.violation(fault));
        }
    }

    /// Check that an integer field `name` is an IRD number.
    pub fn ird_number(&mut self, name: &'static str, value: i64) {
        self.field(name, |checker| {
            if let Err(fault) = IrdNumber::from_integer(value) {
                checker.violation(fault);
            }
        });
    }

    /// Check the number of items of the array field `name`.
    pub fn items(
        &mut self,
        name: &'static str,
        count: usize,
        min: Option<usize>,
        max: Option<usize>,
    ) {
        self.field(name, |checker| {
            if let Some(min) = min.filter(|&min| count < min) {
                checker.violation(format!("at least {min} items, got {count}"));
            }
            if let Some(max) = max.filter(|&max| count > max) {
                checker.violation(format!("at most {max} items, got {count}"));
            }
        });
    }

    /// Exactly one of `groups` (fields by wire name, with whether each is
    /// present) is given in full, and no field of the others.
    pub fn one_of(&mut self, groups: &[&[(&'static str, bool)]]) {
        let describe = |group: &[(&str, bool)]| {
            group
                .iter()
                .map(|(name, _)| *name)
                .collect::<Vec<_>>()
                .join(" and ")
        };
        let options = groups
            .iter()
            .map(|g| describe(g))
            .collect::<Vec<_>>()
            .join(", or ");
        let touched: Vec<&[(&str, bool)]> = groups
            .iter()
            .copied()
            .filter(|g| g.iter().any(|(_, present)| *present))
            .collect();
        match touched.as_slice() {
            [] => self.violation(format!("give {options}")),
            [group] => {
                for (name, _) in group.iter().filter(|(_, present)| !present) {
                    self.field(name, |checker| {
                        checker.violation(format!("required with {}", describe(group)))
                    });
                }
            }
            _ => self.violation(format!("give {options}, not more than one")),
        }
    }

    /// At least one of `groups` (fields by wire name, with whether each is
    /// present) is given in full.
    pub fn any_of(&mut self, groups: &[&[(&'static str, bool)]]) {
        if !groups.iter().any(|g| g.iter().all(|(_, present)| *present)) {
            let options = groups
                .iter()
                .map(|g| g.iter().map(|(name, _)| *name).collect::<Vec<_>>().join(" and "))
                .collect::<Vec<_>>()
                .join(", or ");
            self.violation(format!("give {options} (at least one)"));
        }
    }

    /// The fields of `group` are given together or not at all.
    pub fn together(&mut self, group: &[(&'static str, bool)]) {
        if group.iter().any(|(_, p)| *p) {
            let names = group
                .iter()
                .map(|(name, _)| *name)
                .collect::<Vec<_>>()
                .join(", ");
            for (name, _) in group.iter().filter(|(_, present)| !present) {
                self.field(name, |checker| {
                    checker.violation(format!("{names} are given together"))
                });
            }
        }
    }
}

/// What is wrong with `value` as a `YYYY-MM-DD` date, if anything.
fn date_fault(value: &str) -> Option<String> {
    let bytes = value.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        bytes
            .get(range.clone())
            .filter(|b| b.iter().all(u8::is_ascii_digit))
            .map(|_| value[range].parse::<u32>().expect("ASCII digits"))
    };
    let shape = bytes.len() == 10 && bytes[4] == b'-' && bytes[7] == b'-';
    let (Some(year), Some(month), Some(day), true) =
        (digits(0..4), digits(5..7), digits(8..10), shape)
    else {
        return Some(format!("`{value}` is not a date (YYYY-MM-DD)"));
    };
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Some(format!("`{value}` is not a date: month {month}")),
    };
    (day == 0 || day > days).then(|| format!("`{value}` is not a date: day {day}"))
}

/// What is wrong with `value` as a date-time, if anything.
fn date_time_fault(value: &str) -> Option<String> {
    let fault = || {
        Some(format!(
            "`{value}` is not a date-time (YYYY-MM-DDThh:mm:ss)"
        ))
    };
    let Some((date, time)) = value.split_once(['T', 't']) else {
        return fault();
    };
    if let Some(fault) = date_fault(date) {
        return Some(fault);
    }
    let bytes = time.as_bytes();
    let two = |i: usize| {
        bytes
            .get(i..i + 2)
            .filter(|b| b.iter().all(u8::is_ascii_digit))
            .map(|b| u32::from(b[0] - b'0') * 10 + u32::from(b[1] - b'0'))
    };
    let (Some(hour), Some(minute), Some(second)) = (two(0), two(3), two(6)) else {
        return fault();
    };
    if bytes.len() < 8
        || bytes[2] != b':'
        || bytes[5] != b':'
        || hour > 23
        || minute > 59
        || second > 60
    {
        return fault();
    }
    let mut rest = &time[8..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let end = fraction
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(fraction.len());
        if end == 0 {
            return fault();
        }
        rest = &fraction[end..];
    }
    let offset_ok = rest.is_empty()
        || rest.eq_ignore_ascii_case("z")
        || (rest.len() == 6
            && (rest.starts_with('+') || rest.starts_with('-'))
            && rest.as_bytes()[3] == b':'
            && rest[1..3]
                .bytes()
                .chain(rest[4..6].bytes())
                .all(|b| b.is_ascii_digit()));
    if offset_ok {
        None
    } else {
        fault()
    }
}

/// An IRD number that passed Inland Revenue's modulus-11 check digit test
/// ("IR Number Validation Modulus 11 Digit Check" in the Identity and Access
/// documents): 8 or 9 digits, between 10-000-000 and 150-000-000.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IrdNumber(u32);

impl IrdNumber {
    /// Check a number written as digits (`49091850`, `136410132`).
    /// Separators are not accepted: Inland Revenue's APIs take the digits.
    pub fn parse(text: &str) -> Result<IrdNumber, String> {
        if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("`{text}` is not an IRD number: digits only"));
        }
        if !(8..=9).contains(&text.len()) {
            return Err(format!("`{text}` is not an IRD number: 8 or 9 digits"));
        }
        let value: u32 = text
            .parse()
            .map_err(|_| format!("`{text}` is out of range"))?;
        IrdNumber::check(value).map_err(|fault| format!("`{text}` {fault}"))
    }

    /// Check a number given as an integer.
    pub fn from_integer(value: i64) -> Result<IrdNumber, String> {
        u32::try_from(value)
            .map_err(|_| "out of range".to_string())
            .and_then(IrdNumber::check)
            .map_err(|fault| format!("`{value}` {fault}"))
    }

    fn check(value: u32) -> Result<IrdNumber, String> {
        if !(10_000_000..=150_000_000).contains(&value) {
            return Err("is outside the IRD number range 10-000-000 to 150-000-000".into());
        }
        let check_digit = value % 10;
        let base = value / 10;
        let mut digits = [0u32; 8];
        let mut rest = base;
        for digit in digits.iter_mut().rev() {
            *digit = rest % 10;
            rest /= 10;
        }
        let weighted = |weights: [u32; 8]| {
            let sum: u32 = digits.iter().zip(weights).map(|(d, w)| d * w).sum();
            match sum % 11 {
                0 => 0,
                remainder => 11 - remainder,
            }
        };
        let mut expected = weighted([3, 2, 7, 6, 5, 4, 3, 2]);
        if expected == 10 {
            expected = weighted([7, 4, 3, 2, 5, 2, 7, 6]);
            if expected == 10 {
                return Err("fails the IRD number check digit test".into());
            }
        }
        if expected == check_digit {
            Ok(IrdNumber(value))
        } else {
            Err(format!(
                "fails the IRD number check digit test (expected {expected})"
            ))
        }
    }

    /// The number.
    pub const fn get(self) -> u32 {
        self.0
    }
}

impl fmt::Display for IrdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl std::str::FromStr for IrdNumber {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        IrdNumber::parse(text)
    }
}
