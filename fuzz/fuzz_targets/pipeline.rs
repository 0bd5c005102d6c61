//! The whole pipeline (load, convert, overlay, model, emit) on arbitrary
//! bytes, and on Swagger 2.0 documents built from the fuzzer's bytes, so that
//! most inputs get past the parser: names that collide, `$ref`s that dangle,
//! cycle or point outside the file, deep nesting, huge enums, wrong types,
//! and overlays aimed at any of it.
//!
//! Every input must end in `Ok` or in an error located in one of the two
//! files: a panic, a hang (libFuzzer's `-timeout`) or runaway memory
//! (`-rss_limit_mb`) is a failure.

#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use ird_codegen::error::{Diagnostics, Error};
use ird_codegen::output::{self, CrateSettings, Provenance};
use ird_codegen::overlay::Overlay;
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Map, Value};
use std::path::{Path, PathBuf};

const SPEC: &str = "fuzz.yaml";
const OVERLAY: &str = "fuzz-overlay.yaml";

/// A document with the shape of a spec, and maybe an overlay.
#[derive(Arbitrary, Debug)]
struct Structured {
    spec: Spec,
    overlay: Option<OverlayDoc>,
    yaml: bool,
}

/// Separates the spec from the overlay in a raw input.
const OVERLAY_SEPARATOR: &[u8] = b"\n#--- overlay ---\n";

#[derive(Arbitrary, Debug)]
struct Spec {
    openapi3: bool,
    definitions: Vec<(Name, Schema)>,
    paths: Vec<(PathName, Vec<(Method, Operation)>)>,
    parameters: Vec<(Name, Parameter)>,
    extra: Option<(Name, Junk)>,
}

/// Names from a small set, so that they collide, plus some that are hard to
/// turn into Rust.
#[derive(Arbitrary, Debug, Clone, Copy)]
struct Name(u8);

const NAMES: &[&str] = &[
    "A",
    "a",
    "Contact",
    "contact",
    "contact_POST_Request",
    "ContactPostRequest",
    "contactPOSTRequest",
    "type",
    "self",
    "Self",
    "crate",
    "super",
    "r#type",
    "",
    " ",
    "1st",
    "_",
    "__",
    "a-b",
    "a b",
    "a/b",
    "~0~1",
    "Ünïcödé",
    "名前",
    "x-ext",
    "$ref",
    "Option",
    "String",
    "Vec",
    "Result",
    "runtime",
    "OPERATIONS",
    "Error",
    "Default",
    "Response400",
    "Request",
    "errors",
    "\u{0}",
    "\"quoted\"",
    "line\nbreak",
];

impl Name {
    fn get(self) -> &'static str {
        NAMES[self.0 as usize % NAMES.len()]
    }
}

#[derive(Arbitrary, Debug)]
enum RefTarget {
    Definition(Name),
    Parameter(Name),
    Response(Name),
    External(Name),
    Absolute,
    Weird(String),
}

impl RefTarget {
    fn render(&self) -> String {
        match self {
            RefTarget::Definition(n) => format!("#/definitions/{}", n.get()),
            RefTarget::Parameter(n) => format!("#/parameters/{}", n.get()),
            RefTarget::Response(n) => format!("#/responses/{}", n.get()),
            RefTarget::External(n) => format!("other.yaml#/definitions/{}", n.get()),
            RefTarget::Absolute => "https://example.com/spec.yaml#/definitions/A".into(),
            RefTarget::Weird(s) => s.clone(),
        }
    }
}

#[derive(Arbitrary, Debug)]
enum Schema {
    Ref(RefTarget),
    Object {
        properties: Vec<(Name, Schema)>,
        required: Vec<Name>,
        additional: Option<Box<Schema>>,
        nullable: Option<bool>,
        description: Option<Description>,
    },
    Array {
        items: Option<Box<Schema>>,
        min_items: Option<i64>,
    },
    Primitive {
        ty: Primitive,
        format: Option<Format>,
        max_length: Option<Junk>,
    },
    Enum {
        ty: Option<Primitive>,
        values: Vec<Junk>,
        description: Option<Description>,
    },
    /// An enum of `n` distinct strings (up to 8 192).
    HugeEnum(u16),
    AllOf(Vec<Schema>),
    OneOf(Vec<Schema>),
    /// `depth` levels of arrays and single-property objects.
    Deep {
        depth: u8,
        leaf: Box<Schema>,
    },
    /// Whatever value, where a schema should be.
    Junk(Junk),
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Primitive {
    String,
    Integer,
    Number,
    Boolean,
    Object,
    Array,
    File,
    Null,
    Unknown,
}

impl Primitive {
    fn render(self) -> &'static str {
        match self {
            Primitive::String => "string",
            Primitive::Integer => "integer",
            Primitive::Number => "number",
            Primitive::Boolean => "boolean",
            Primitive::Object => "object",
            Primitive::Array => "array",
            Primitive::File => "file",
            Primitive::Null => "null",
            Primitive::Unknown => "decimal",
        }
    }
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Format {
    Int32,
    Int64,
    Float,
    Double,
    Date,
    DateTime,
    Byte,
    Binary,
    Unknown,
}

impl Format {
    fn render(self) -> &'static str {
        match self {
            Format::Int32 => "int32",
            Format::Int64 => "int64",
            Format::Float => "float",
            Format::Double => "double",
            Format::Date => "date",
            Format::DateTime => "date-time",
            Format::Byte => "byte",
            Format::Binary => "binary",
            Format::Unknown => "uuid-ish",
        }
    }
}

/// Descriptions, with the HTML and code tables the SDK uses.
#[derive(Arbitrary, Debug)]
enum Description {
    Text(String),
    Html(String),
    CodeTable(Vec<(Name, Name)>),
}

impl Description {
    fn render(&self) -> Value {
        match self {
            Description::Text(s) => json!(s),
            Description::Html(s) => json!(format!("<p>{s}</p><br/><b>{s}</b>")),
            Description::CodeTable(rows) => {
                let mut html = String::from("<table><tr><th>Code</th><th>Description</th></tr>");
                for (code, meaning) in rows {
                    html.push_str(&format!(
                        "<tr><td>{}</td><td>{}</td></tr>",
                        code.get(),
                        meaning.get()
                    ));
                }
                html.push_str("</table>");
                json!(html)
            }
        }
    }
}

/// An arbitrary JSON value, bounded by the input's size.
#[derive(Arbitrary, Debug)]
enum Junk {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Name(Name),
    List(Vec<Junk>),
    Map(Vec<(Name, Junk)>),
}

impl Junk {
    fn render(&self) -> Value {
        match self {
            Junk::Null => Value::Null,
            Junk::Bool(b) => json!(b),
            Junk::Int(i) => json!(i),
            Junk::Float(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
            Junk::Str(s) => json!(s),
            Junk::Name(n) => json!(n.get()),
            Junk::List(items) => Value::Array(items.iter().map(Junk::render).collect()),
            Junk::Map(entries) => Value::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.get().to_string(), v.render()))
                    .collect(),
            ),
        }
    }
}

/// A JSON object of `entries`, moved in: `json!` would copy each value
/// (it serializes what it is given), which made rendering nested schemas
/// quadratic in their depth.
fn object<const N: usize>(entries: [(&str, Value); N]) -> Value {
    Value::Object(entries.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

impl Schema {
    fn render(&self) -> Value {
        match self {
            Schema::Ref(target) => json!({ "$ref": target.render() }),
            Schema::Object {
                properties,
                required,
                additional,
                nullable,
                description,
            } => {
                let mut out = Map::new();
                out.insert("type".into(), json!("object"));
                let props: Map<String, Value> = properties
                    .iter()
                    .map(|(n, s)| (n.get().to_string(), s.render()))
                    .collect();
                out.insert("properties".into(), Value::Object(props));
                if !required.is_empty() {
                    let names: Vec<&str> = required.iter().map(|n| n.get()).collect();
                    out.insert("required".into(), json!(names));
                }
                if let Some(additional) = additional {
                    out.insert("additionalProperties".into(), additional.render());
                }
                if let Some(nullable) = nullable {
                    out.insert("x-nullable".into(), json!(nullable));
                }
                if let Some(description) = description {
                    out.insert("description".into(), description.render());
                }
                Value::Object(out)
            }
            Schema::Array { items, min_items } => {
                let mut out = Map::new();
                out.insert("type".into(), json!("array"));
                if let Some(items) = items {
                    out.insert("items".into(), items.render());
                }
                if let Some(min) = min_items {
                    out.insert("minItems".into(), json!(min));
                }
                Value::Object(out)
            }
            Schema::Primitive {
                ty,
                format,
                max_length,
            } => {
                let mut out = Map::new();
                out.insert("type".into(), json!(ty.render()));
                if let Some(format) = format {
                    out.insert("format".into(), json!(format.render()));
                }
                if let Some(max) = max_length {
                    out.insert("maxLength".into(), max.render());
                }
                Value::Object(out)
            }
            Schema::Enum {
                ty,
                values,
                description,
            } => {
                let mut out = Map::new();
                if let Some(ty) = ty {
                    out.insert("type".into(), json!(ty.render()));
                }
                out.insert(
                    "enum".into(),
                    Value::Array(values.iter().map(Junk::render).collect()),
                );
                if let Some(description) = description {
                    out.insert("description".into(), description.render());
                }
                Value::Object(out)
            }
            Schema::HugeEnum(n) => {
                // At most 8 192 values. 65 535 take about a second in a
                // release build (time grows linearly with the count), which
                // the fuzzer's instrumentation stretches past its per-input
                // timeout.
                let n = *n % 8193;
                let values: Vec<Value> = (0..n).map(|i| json!(format!("V{i}"))).collect();
                object([("type", json!("string")), ("enum", Value::Array(values))])
            }
            Schema::AllOf(parts) => {
                object([("allOf", parts.iter().map(Schema::render).collect())])
            }
            Schema::OneOf(parts) => {
                object([("oneOf", parts.iter().map(Schema::render).collect())])
            }
            Schema::Deep { depth, leaf } => {
                let mut value = leaf.render();
                for level in 0..*depth {
                    value = if level % 2 == 0 {
                        object([("type", json!("array")), ("items", value)])
                    } else {
                        object([
                            ("type", json!("object")),
                            ("properties", object([("next", value)])),
                        ])
                    };
                }
                value
            }
            Schema::Junk(junk) => junk.render(),
        }
    }
}

#[derive(Arbitrary, Debug)]
struct PathName(Name, bool);

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Method {
    Get,
    Put,
    Post,
    Delete,
    Patch,
    Trace,
}

impl Method {
    fn render(self) -> &'static str {
        match self {
            Method::Get => "get",
            Method::Put => "put",
            Method::Post => "post",
            Method::Delete => "delete",
            Method::Patch => "patch",
            Method::Trace => "trace",
        }
    }
}

#[derive(Arbitrary, Debug)]
struct Operation {
    operation_id: Option<Name>,
    parameters: Vec<Parameter>,
    responses: Vec<(Status, Option<Schema>)>,
    consumes: Option<Vec<Name>>,
    description: Option<Description>,
}

#[derive(Arbitrary, Debug)]
enum Status {
    Code(u16),
    Default,
    Junk(Name),
}

#[derive(Arbitrary, Debug)]
enum Parameter {
    Body(Option<Schema>),
    Query(Name, Primitive, bool),
    Path(Name),
    Header(Name, Primitive),
    Form(Name, Primitive),
    Ref(RefTarget),
    Junk(Junk),
}

impl Parameter {
    fn render(&self) -> Value {
        match self {
            Parameter::Body(schema) => {
                let mut out = json!({ "in": "body", "name": "body" });
                if let Some(schema) = schema {
                    out["schema"] = schema.render();
                }
                out
            }
            Parameter::Query(n, ty, required) => {
                json!({ "in": "query", "name": n.get(), "type": ty.render(), "required": required })
            }
            Parameter::Path(n) => {
                json!({ "in": "path", "name": n.get(), "type": "string", "required": true })
            }
            Parameter::Header(n, ty) => {
                json!({ "in": "header", "name": n.get(), "type": ty.render() })
            }
            Parameter::Form(n, ty) => {
                json!({ "in": "formData", "name": n.get(), "type": ty.render() })
            }
            Parameter::Ref(target) => json!({ "$ref": target.render() }),
            Parameter::Junk(junk) => junk.render(),
        }
    }
}

impl Spec {
    fn render(&self) -> Value {
        let mut doc = Map::new();
        doc.insert("swagger".into(), json!("2.0"));
        doc.insert("info".into(), json!({ "title": "Fuzz", "version": "1" }));
        let definitions: Map<String, Value> = self
            .definitions
            .iter()
            .map(|(n, s)| (n.get().to_string(), s.render()))
            .collect();
        doc.insert("definitions".into(), Value::Object(definitions));
        let parameters: Map<String, Value> = self
            .parameters
            .iter()
            .map(|(n, p)| (n.get().to_string(), p.render()))
            .collect();
        if !parameters.is_empty() {
            doc.insert("parameters".into(), Value::Object(parameters));
        }
        let mut paths = Map::new();
        for (PathName(name, templated), operations) in &self.paths {
            let path = if *templated {
                format!("/{}/{{{}}}", name.get(), name.get())
            } else {
                format!("/{}", name.get())
            };
            let mut item = Map::new();
            for (method, op) in operations {
                item.insert(method.render().into(), op.render());
            }
            paths.insert(path, Value::Object(item));
        }
        doc.insert("paths".into(), Value::Object(paths));
        if let Some((name, junk)) = &self.extra {
            doc.insert(name.get().to_string(), junk.render());
        }
        let doc = Value::Object(doc);
        if self.openapi3 {
            // The same shapes as OpenAPI 3.0, where the converter is skipped:
            // reuse the converter's output when it has one.
            let mut diagnostics = Diagnostics::default();
            let text = serde_json::to_string(&doc).expect("a value serializes");
            if let Ok(loaded) =
                ird_codegen::load::load_str(&text, Path::new(SPEC), &mut diagnostics)
            {
                return loaded.document().clone();
            }
        }
        doc
    }
}

impl Operation {
    fn render(&self) -> Value {
        let mut out = Map::new();
        if let Some(id) = self.operation_id {
            out.insert("operationId".into(), json!(id.get()));
        }
        if !self.parameters.is_empty() {
            out.insert(
                "parameters".into(),
                Value::Array(self.parameters.iter().map(Parameter::render).collect()),
            );
        }
        let mut responses = Map::new();
        for (status, schema) in &self.responses {
            let key = match status {
                Status::Code(code) => (code % 600).to_string(),
                Status::Default => "default".into(),
                Status::Junk(n) => n.get().to_string(),
            };
            let mut response = json!({ "description": "r" });
            if let Some(schema) = schema {
                response["schema"] = schema.render();
            }
            responses.insert(key, response);
        }
        out.insert("responses".into(), Value::Object(responses));
        if let Some(consumes) = &self.consumes {
            let list: Vec<&str> = consumes.iter().map(|n| n.get()).collect();
            out.insert("consumes".into(), json!(list));
        }
        if let Some(description) = &self.description {
            out.insert("description".into(), description.render());
        }
        Value::Object(out)
    }
}

#[derive(Arbitrary, Debug)]
struct OverlayDoc {
    version: bool,
    actions: Vec<OverlayAction>,
}

#[derive(Arbitrary, Debug)]
struct OverlayAction {
    target: Target,
    update: Option<Junk>,
    remove: bool,
}

#[derive(Arbitrary, Debug)]
enum Target {
    Known(u8),
    Any(String),
}

const TARGETS: &[&str] = &[
    "$",
    "$.paths",
    "$.paths.*",
    "$.paths.*.*",
    "$.paths.*.*.responses",
    "$.paths.*.*.responses.*",
    "$.components.schemas",
    "$.components.schemas.*",
    "$.components.schemas.*.properties",
    "$..properties",
    "$..enum",
    "$..['$ref']",
    "$.info",
    "$.info.title",
    "$.openapi",
    "$[",
    "$.paths[?@.get]",
];

impl OverlayDoc {
    fn render(&self) -> Value {
        let actions: Vec<Value> = self
            .actions
            .iter()
            .map(|a| {
                let target = match &a.target {
                    Target::Known(i) => TARGETS[*i as usize % TARGETS.len()].to_string(),
                    Target::Any(s) => s.clone(),
                };
                let mut action = json!({ "target": target });
                if let Some(update) = &a.update {
                    action["update"] = update.render();
                }
                if a.remove {
                    action["remove"] = json!(true);
                }
                action
            })
            .collect();
        json!({
            "overlay": if self.version { "1.0.0" } else { "2.0.0" },
            "info": { "title": "fuzz", "version": "1" },
            "actions": actions,
        })
    }
}

fn to_text(value: &Value, yaml: bool) -> Vec<u8> {
    if yaml {
        serde_yaml::to_string(value)
            .expect("a JSON value is YAML")
            .into_bytes()
    } else {
        serde_json::to_vec_pretty(value).expect("a value serializes")
    }
}

/// An error must name one of the two inputs.
fn check_located(err: &Error) {
    let location = match err {
        Error::Parse { location, .. }
        | Error::Version { location, .. }
        | Error::Invalid { location, .. }
        | Error::Overlay { location, .. } => location,
        Error::Io { .. } | Error::Manifest(_) => panic!("unexpected error kind: {err}"),
    };
    assert!(
        location.file == Path::new(SPEC) || location.file == Path::new(OVERLAY),
        "error not located in an input: {err}"
    );
    assert!(
        location.pointer.is_empty() || location.pointer.starts_with('/'),
        "not a JSON pointer: {err}"
    );
}

fn run(spec: &[u8], overlay: Option<&[u8]>) {
    let mut overlays = vec![];
    if let Some(overlay) = overlay {
        let Ok(text) = std::str::from_utf8(overlay) else {
            return;
        };
        match Overlay::parse(text, Path::new(OVERLAY)) {
            Ok(overlay) => overlays.push((PathBuf::from(OVERLAY), overlay)),
            Err(err) => return check_located(&err),
        }
    }
    // What `convert` prints.
    if let Ok(text) = std::str::from_utf8(spec) {
        let mut diagnostics = Diagnostics::default();
        match ird_codegen::load::load_str(text, Path::new(SPEC), &mut diagnostics) {
            Ok(loaded) => {
                serde_yaml::to_string(loaded.openapi()).expect("the model serializes");
            }
            Err(err) => check_located(&err),
        }
    }
    let mut diagnostics = Diagnostics::default();
    let api = match ird_codegen::build_api_with(
        Path::new(SPEC),
        spec,
        "fuzz",
        &overlays,
        &mut diagnostics,
    ) {
        Ok(api) => api,
        Err(err) => return check_located(&err),
    };
    for warning in diagnostics.into_warnings() {
        assert!(
            warning.location.file == Path::new(SPEC) || warning.location.file == Path::new(OVERLAY),
            "warning not located in an input: {warning}"
        );
    }
    let settings = CrateSettings {
        name: "fuzz".into(),
        version: "0.1.0".into(),
        description: "fuzz".into(),
    };
    let provenance = Provenance {
        source: SPEC.into(),
        sha256: String::new(),
        overlays: overlays.iter().map(|_| OVERLAY.to_string()).collect(),
        overlay_sha256: overlays.iter().map(|_| String::new()).collect(),
    };
    let files = output::crate_files(&settings, &[(api, provenance)], &[]);
    assert!(files.contains_key(Path::new("src/fuzz.rs")));
}

// An input starting with byte 0 is read as a `Structured` document; any
// other is the spec's bytes as they come (the YAML parser's and the version
// check's turn), with an overlay after `OVERLAY_SEPARATOR`. Real specs are
// so good seeds as they are.
fuzz_target!(|data: &[u8]| {
    match data.split_first() {
        Some((0, rest)) => {
            let Ok(input) = Structured::arbitrary_take_rest(Unstructured::new(rest)) else {
                return;
            };
            let spec = to_text(&input.spec.render(), input.yaml);
            let overlay = input.overlay.map(|o| to_text(&o.render(), input.yaml));
            run(&spec, overlay.as_deref());
        }
        _ => {
            let at = data
                .windows(OVERLAY_SEPARATOR.len())
                .position(|w| w == OVERLAY_SEPARATOR);
            match at {
                Some(at) => run(&data[..at], Some(&data[at + OVERLAY_SEPARATOR.len()..])),
                None => run(data, None),
            }
        }
    }
});
