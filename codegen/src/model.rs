//! The model the emitter works from: the types and operations of one API,
//! with Rust names chosen, `$ref`s resolved and identical schemas merged.

use crate::docs::{self, Doc};
use crate::error::{join_pointer, Diagnostics, Error};
use crate::load::LoadedSpec;
use crate::naming;
use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, OpenAPI, Parameter, ReferenceOr, Schema,
    SchemaKind, StatusCode, Type, VariantOrUnknownOrEmpty,
};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Index of a type in [`Api::types`].
pub type TypeId = usize;

/// A Rust type as used in a field, parameter or body.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Ty {
    /// `String`.
    String,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `f32`.
    F32,
    /// `f64`.
    F64,
    /// `bool`.
    Bool,
    /// `Vec<u8>`: a `format: binary` string, such as a file parameter.
    Bytes,
    /// `serde_json::Value`: a schema that does not say what it holds.
    Json,
    /// A generated type.
    Named(TypeId),
    /// `Vec<T>`.
    Vec(Box<Ty>),
    /// `BTreeMap<String, T>`.
    Map(Box<Ty>),
}

/// What `maxLength` and friends said of a field, kept for docs (and for the
/// validation the build-pack facts add).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Constraints {
    /// `minLength`.
    pub min_length: Option<usize>,
    /// `maxLength`.
    pub max_length: Option<usize>,
    /// `minItems`.
    pub min_items: Option<usize>,
    /// `maxItems`.
    pub max_items: Option<usize>,
    /// `pattern`.
    pub pattern: Option<String>,
    /// `format`, when it does not change the Rust type (`date`, ...).
    pub format: Option<String>,
    /// `minimum`, as written.
    pub minimum: Option<String>,
    /// `maximum`, as written.
    pub maximum: Option<String>,
    /// `x-ird-number`: the value is an IRD number.
    pub ird_number: Option<IrdNumberRule>,
    /// `x-ird-digits`: the value holds only the digits 0 to 9.
    pub digits: bool,
}

/// When a field holds an IRD number (`x-ird-number`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum IrdNumberRule {
    /// Always.
    Always,
    /// Only when the sibling field `field` (wire name) has the value `value`.
    When {
        /// The sibling's wire name.
        field: String,
        /// The value it must have.
        value: String,
    },
}

/// Rules across the fields of one object, from `x-ird-one-of` and
/// `x-ird-together`; wire names.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObjectRules {
    /// Rules of groups of which exactly one is given: all of its fields,
    /// and none of the other groups' fields.
    pub one_of: Vec<Vec<Vec<String>>>,
    /// Rules of groups of which at least one is given in full.
    pub any_of: Vec<Vec<Vec<String>>>,
    /// Each group's fields are given together or not at all.
    pub together: Vec<Vec<String>>,
}

impl ObjectRules {
    /// No rules at all.
    pub fn is_empty(&self) -> bool {
        self.one_of.is_empty() && self.any_of.is_empty() && self.together.is_empty()
    }
}

/// A struct field.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Field {
    /// The name on the wire.
    pub wire: String,
    /// The Rust name.
    pub rust: String,
    /// Its type, without the `Option` that `required`/`nullable` add.
    pub ty: Ty,
    /// Listed in `required`.
    pub required: bool,
    /// `nullable` / `x-nullable`.
    pub nullable: bool,
    /// Rendered description.
    pub docs: String,
    /// Constraints from the schema.
    pub constraints: Constraints,
}

/// An enum variant.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Variant {
    /// The value on the wire.
    pub wire: String,
    /// The Rust name.
    pub rust: String,
    /// Its meaning, from the description's code table.
    pub docs: String,
}

/// What a generated type is.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TypeKind {
    /// A struct with named fields.
    Struct {
        /// In spec order.
        fields: Vec<Field>,
        /// `additionalProperties`: extra keys kept in a map of this type.
        additional: Option<Ty>,
    },
    /// A closed set of strings.
    StringEnum {
        /// In spec order.
        variants: Vec<Variant>,
    },
    /// `pub type Name = ...;`: a definition that is a plain type.
    Alias(Ty),
    /// A closed set of integers (an integer enum, or a number enum whose
    /// values are whole numbers).
    IntEnum {
        /// In spec order.
        variants: Vec<IntVariant>,
    },
}

/// A variant of an integer enum.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IntVariant {
    /// The value on the wire.
    pub value: i64,
    /// The Rust name.
    pub rust: String,
    /// Its meaning, from the description's code table.
    pub docs: String,
}

impl Ty {
    /// The generated type this names, looking through `Vec` and maps.
    pub fn named(&self) -> Option<TypeId> {
        match self {
            Ty::Named(id) => Some(*id),
            Ty::Vec(inner) | Ty::Map(inner) => inner.named(),
            _ => None,
        }
    }
}

impl TypeKind {
    /// The generated types this one refers to directly.
    pub fn references(&self) -> Vec<TypeId> {
        match self {
            TypeKind::Struct { fields, additional } => fields
                .iter()
                .map(|f| &f.ty)
                .chain(additional)
                .filter_map(Ty::named)
                .collect(),
            TypeKind::Alias(ty) => ty.named().into_iter().collect(),
            TypeKind::StringEnum { .. } | TypeKind::IntEnum { .. } => vec![],
        }
    }
}

/// A generated type.
#[derive(Clone, Debug)]
pub struct TypeDef {
    /// Its Rust name.
    pub name: String,
    /// Rendered description.
    pub docs: String,
    /// What it is.
    pub kind: TypeKind,
    /// Where in the spec it was defined (JSON pointers), first one first.
    pub origins: Vec<String>,
    /// Other names it answers to: definitions merged into it, each emitted
    /// as a type alias so the spec's names stay available.
    pub aliases: Vec<String>,
    /// Fields of this struct that need a `Box` to break a cycle.
    pub boxed: BTreeSet<String>,
    /// Whether requests, responses or both reach it.
    pub direction: Direction,
    /// Rules across its fields (structs only).
    pub rules: ObjectRules,
}

/// Where a parameter goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
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

/// A non-body parameter.
#[derive(Clone, Debug)]
pub struct Param {
    /// The wire name.
    pub wire: String,
    /// The Rust name.
    pub rust: String,
    /// Where it goes.
    pub location: ParamLocation,
    /// Must be sent.
    pub required: bool,
    /// Its type.
    pub ty: Ty,
    /// Rendered description.
    pub docs: String,
}

/// A request or response body.
#[derive(Clone, Debug)]
pub struct Body {
    /// The media type as the spec gives it (`application/json; charset=utf-8`).
    pub media_type: String,
    /// The Rust type of the body.
    pub ty: Ty,
    /// The spec's name for it, when the body refers to a definition: the
    /// type may have been merged under another name, and signatures read
    /// better with the operation's own.
    pub spec_name: Option<String>,
}

/// A response status: a code or `default`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// A specific code.
    Code(u16),
    /// A range such as `4XX`, by its first digit.
    Range(u16),
    /// Any status not listed.
    Default,
}

impl std::fmt::Display for Status {
    /// As the spec writes it: `200`, `4XX`, `default`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Status::Code(c) => write!(f, "{c}"),
            Status::Range(r) => write!(f, "{r}XX"),
            Status::Default => f.write_str("default"),
        }
    }
}

impl Status {
    /// Is this a success status?
    pub fn is_success(self) -> bool {
        matches!(self, Status::Code(200..=299) | Status::Range(2))
    }
}

/// One response of an operation.
#[derive(Clone, Debug)]
pub struct Response {
    /// Its status.
    pub status: Status,
    /// The response description.
    pub description: String,
    /// Its body, if it has one.
    pub body: Option<Body>,
}

/// One operation.
#[derive(Clone, Debug)]
pub struct Operation {
    /// `operationId` (synthesized when missing).
    pub id: String,
    /// The Rust name of the operation's marker type.
    pub rust: String,
    /// HTTP method, upper case.
    pub method: String,
    /// Path template relative to the server URL.
    pub path: String,
    /// Summary line.
    pub summary: String,
    /// Rendered description.
    pub docs: String,
    /// Non-body parameters, in spec order.
    pub params: Vec<Param>,
    /// The request body.
    pub request: Option<Body>,
    /// Whether the body is required.
    pub request_required: bool,
    /// Responses in status order, `default` last.
    pub responses: Vec<Response>,
    /// The Rust name of the per-status error enum.
    pub error_name: String,
    /// The Rust name of the parameters struct, when there are parameters.
    pub params_name: Option<String>,
}

/// One API, ready to emit.
#[derive(Clone, Debug)]
pub struct Api {
    /// The module name.
    pub module: String,
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// Rendered `info.description`.
    pub docs: String,
    /// Servers: the spec's, or the environments an overlay states.
    pub servers: Vec<Server>,
    /// Authentication schemes, from `components.securitySchemes`.
    pub auth: Vec<AuthScheme>,
    /// The types, sorted by name.
    pub types: Vec<TypeDef>,
    /// The operations, in path then method order.
    pub operations: Vec<Operation>,
    /// How many schemas were read and merged, for the summary line.
    pub stats: Stats,
}

/// A server the API is reached at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Server {
    /// The base URL.
    pub url: String,
    /// Its description.
    pub description: String,
    /// `x-ird-environment` (`test`, `production`), if stated.
    pub environment: Option<String>,
    /// `x-ird-mutual-tls`: a client certificate is required.
    pub mutual_tls: bool,
}

/// How a request proves who sends it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthScheme {
    /// The scheme's name in `securitySchemes`.
    pub name: String,
    /// What goes on the wire.
    pub kind: AuthKind,
    /// Its description.
    pub description: String,
}

/// The wire form of an authentication scheme.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuthKind {
    /// `Authorization: Bearer <token>` (`type: http, scheme: bearer`).
    Bearer,
    /// The credential as it is, in this header (`type: apiKey, in: header`).
    Header(String),
    /// A scheme the bindings describe but do not model (OAuth flows,
    /// OpenID Connect, query or cookie keys), with its type.
    Other(String),
}

/// Counts that let a run's summary add up.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Distinct places a struct or enum was defined (definitions and inline).
    pub schemas: usize,
    /// Types emitted after merging identical ones.
    pub types: usize,
    /// Definitions kept as aliases of a merged type.
    pub aliases: usize,
}

/// Build the model of `spec` for module `module`.
pub fn build(spec: &LoadedSpec, module: &str, diagnostics: &mut Diagnostics) -> Result<Api, Error> {
    let openapi = spec.openapi();
    let mut builder = Builder {
        spec,
        openapi,
        diagnostics,
        raw: vec![],
        defs: IndexMap::new(),
        merging: vec![],
    };
    builder.reserve_definitions();
    builder.convert_definitions()?;
    let operations = builder.convert_operations()?;
    let raw = builder.raw;
    finish(spec, openapi, module, raw, operations, diagnostics)
}

/// A type before merging and naming.
#[derive(Clone, Debug)]
struct RawType {
    /// Name segments from its place: `[definition]` for a definition,
    /// `[definition, property, ...]` for an inline schema.
    place: Vec<String>,
    /// Set for definitions: their name is required, not suggested.
    definition: Option<String>,
    docs: String,
    kind: Option<TypeKind>,
    rules: ObjectRules,
    pointer: String,
}

struct Builder<'a> {
    spec: &'a LoadedSpec,
    openapi: &'a OpenAPI,
    diagnostics: &'a mut Diagnostics,
    raw: Vec<RawType>,
    defs: IndexMap<String, TypeId>,
    /// The `$ref`s whose properties an `allOf` is merging right now: one
    /// met again inside its own merge would merge forever.
    merging: Vec<String>,
}

const SCHEMA_PREFIX: &str = "#/components/schemas/";

/// The `x-ird-...` schema extensions this generator reads (spec/README.md).
const EXTENSIONS: [&str; 5] = [
    "x-ird-number",
    "x-ird-digits",
    "x-ird-one-of",
    "x-ird-any-of",
    "x-ird-together",
];

/// A list of non-empty lists of property names.
fn groups_of(value: &serde_json::Value) -> Option<Vec<Vec<String>>> {
    let groups: Vec<Vec<String>> = value
        .as_array()?
        .iter()
        .map(|g| {
            g.as_array()?
                .iter()
                .map(|f| f.as_str().map(str::to_string))
                .collect::<Option<Vec<String>>>()
        })
        .collect::<Option<_>>()?;
    (!groups.is_empty() && groups.iter().all(|g| !g.is_empty())).then_some(groups)
}

impl Builder<'_> {
    fn warn(&mut self, pointer: &str, message: impl Into<String>) {
        let location = self.spec.locate(pointer);
        self.diagnostics.warn(location, message);
    }

    fn error(&self, pointer: &str, message: impl Into<String>) -> Error {
        Error::invalid(self.spec.locate(pointer), message)
    }

    fn schemas(&self) -> impl Iterator<Item = (&String, &ReferenceOr<Schema>)> {
        self.openapi
            .components
            .iter()
            .flat_map(|c| c.schemas.iter())
    }

    /// The schema defined under `name` (unescaped) in the components.
    fn schema_named(&self, name: &str) -> Option<&ReferenceOr<Schema>> {
        self.openapi.components.as_ref()?.schemas.get(name)
    }

    /// Give every definition an id before converting any, so forward
    /// references and cycles resolve.
    fn reserve_definitions(&mut self) {
        let names: Vec<String> = self.schemas().map(|(n, _)| n.clone()).collect();
        for name in names {
            let id = self.raw.len();
            self.raw.push(RawType {
                place: vec![name.clone()],
                definition: Some(name.clone()),
                docs: String::new(),
                kind: None,
                rules: ObjectRules::default(),
                pointer: join_pointer("/components/schemas", &name),
            });
            self.defs.insert(name, id);
        }
    }

    fn convert_definitions(&mut self) -> Result<(), Error> {
        let schemas: Vec<(String, ReferenceOr<Schema>)> = self
            .schemas()
            .map(|(n, s)| (n.clone(), s.clone()))
            .collect();
        for (name, schema) in schemas {
            let id = self.defs[&name];
            let pointer = self.raw[id].pointer.clone();
            let place = vec![name.clone()];
            let mut rules = ObjectRules::default();
            let (kind, docs) = match &schema {
                ReferenceOr::Reference { reference } => (
                    TypeKind::Alias(self.reference(reference, &pointer)?),
                    String::new(),
                ),
                ReferenceOr::Item(schema) => {
                    let docs = docs::convert(schema.schema_data.description.as_deref());
                    match self.type_kind(schema, &place, &pointer, &docs)? {
                        Some(kind) => {
                            self.unknown_extensions(schema, &pointer);
                            rules = self.object_rules(schema, &kind, &pointer)?;
                            let text = pick_docs(&docs, &kind);
                            (kind, text)
                        }
                        None => {
                            let ty = self.convert_item(schema, &place, &pointer)?.0;
                            (TypeKind::Alias(ty), docs.text.clone())
                        }
                    }
                }
            };
            self.raw[id].kind = Some(kind);
            self.raw[id].docs = docs;
            self.raw[id].rules = rules;
        }
        Ok(())
    }

    fn reference(&mut self, reference: &str, pointer: &str) -> Result<Ty, Error> {
        let written = self.as_written(reference);
        let Some(name) = reference.strip_prefix(SCHEMA_PREFIX) else {
            return Err(self.error(
                pointer,
                format!("`$ref: {written}` is not a schema reference"),
            ));
        };
        let name = crate::error::unescape_segment(name);
        match self.defs.get(&name) {
            Some(&id) => Ok(Ty::Named(id)),
            None => Err(self.error(pointer, format!("`$ref: {written}` names no schema"))),
        }
    }

    /// Whether the definition `reference` names is itself nullable, which
    /// makes every use of it nullable.
    fn nullable_definition(&self, reference: &str) -> bool {
        let Some(name) = reference.strip_prefix(SCHEMA_PREFIX) else {
            return false;
        };
        let name = crate::error::unescape_segment(name);
        match self.schema_named(&name) {
            Some(ReferenceOr::Item(schema)) => {
                schema.schema_data.nullable || enum_allows_null(schema)
            }
            _ => false,
        }
    }

    /// A reference as the source spells it: `#/definitions/X` in Swagger
    /// 2.0, which the converter wrote as `#/components/schemas/X`.
    fn as_written(&self, reference: &str) -> String {
        match (self.spec.version, reference.strip_prefix('#')) {
            (crate::load::SourceVersion::Swagger2, Some(pointer)) => {
                format!("#{}", crate::swagger2::source_pointer(pointer))
            }
            _ => reference.to_string(),
        }
    }

    /// The type of a schema at `place`; returns it and whether it is nullable.
    fn convert<S: std::borrow::Borrow<Schema>>(
        &mut self,
        schema: &ReferenceOr<S>,
        place: &[String],
        pointer: &str,
    ) -> Result<(Ty, bool), Error> {
        match schema {
            ReferenceOr::Reference { reference } => {
                let ty = self.reference(reference, pointer)?;
                Ok((ty, self.nullable_definition(reference)))
            }
            ReferenceOr::Item(schema) => self.convert_item(schema.borrow(), place, pointer),
        }
    }

    fn convert_item(
        &mut self,
        schema: &Schema,
        place: &[String],
        pointer: &str,
    ) -> Result<(Ty, bool), Error> {
        let nullable = schema.schema_data.nullable || enum_allows_null(schema);
        if let Some((reference, ignored)) = lone_reference(schema) {
            let ty = self.reference(reference, pointer)?;
            if !ignored.is_empty() {
                // Known shortcoming: constraints beside a reference are not
                // merged into the referenced type's.
                let written = self.as_written(reference);
                self.warn(
                    pointer,
                    format!(
                        "`{}` beside `$ref: {written}` not enforced: only the referenced \
                         schema's constraints are",
                        ignored.join("`, `")
                    ),
                );
            }
            return Ok((ty, nullable));
        }
        let docs = docs::convert(schema.schema_data.description.as_deref());
        self.unknown_extensions(schema, pointer);
        if let Some(kind) = self.type_kind(schema, place, pointer, &docs)? {
            let id = self.raw.len();
            let docs_text = pick_docs(&docs, &kind);
            let rules = self.object_rules(schema, &kind, pointer)?;
            self.raw.push(RawType {
                place: place.to_vec(),
                definition: None,
                docs: docs_text,
                kind: Some(kind),
                rules,
                pointer: pointer.to_string(),
            });
            return Ok((Ty::Named(id), nullable));
        }
        if let Some(key) = ["x-ird-one-of", "x-ird-any-of", "x-ird-together"]
            .into_iter()
            .find(|k| schema.schema_data.extensions.contains_key(*k))
        {
            let p = join_pointer(pointer, key);
            return Err(self.error(&p, format!("`{key}` applies to objects with properties")));
        }
        let ty = match &schema.schema_kind {
            SchemaKind::Type(Type::String(s))
                if s.format == VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Binary) =>
            {
                Ty::Bytes
            }
            SchemaKind::Type(Type::String(_)) => Ty::String,
            SchemaKind::Type(Type::Boolean(_)) => Ty::Bool,
            SchemaKind::Type(Type::Integer(t)) => match &t.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => Ty::I32,
                VariantOrUnknownOrEmpty::Unknown(f) if f == "int32" => Ty::I32,
                VariantOrUnknownOrEmpty::Unknown(f) if f != "int64" => {
                    let message = format!("integer format `{f}` is not known: typed as `i64`");
                    self.warn(pointer, message);
                    Ty::I64
                }
                _ => Ty::I64,
            },
            SchemaKind::Type(Type::Number(t)) => match &t.format {
                // Swagger specs, Inland Revenue's among them, write integer
                // ids as `type: number, format: int64`.
                VariantOrUnknownOrEmpty::Unknown(f) if f == "int64" => Ty::I64,
                VariantOrUnknownOrEmpty::Unknown(f) if f == "int32" => Ty::I32,
                VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => Ty::F32,
                VariantOrUnknownOrEmpty::Unknown(f) => {
                    let message =
                        format!("number format `{f}` is not known: typed as `serde_json::Number`");
                    self.warn(pointer, message);
                    Ty::F64
                }
                _ => Ty::F64,
            },
            SchemaKind::Type(Type::Array(array)) => {
                let mut item_place = place.to_vec();
                if let Some(last) = item_place.last_mut() {
                    *last = naming::singular(last);
                }
                match &array.items {
                    Some(items) => {
                        let p = join_pointer(pointer, "items");
                        Ty::Vec(Box::new(self.convert(items, &item_place, &p)?.0))
                    }
                    None => {
                        self.warn(
                            pointer,
                            "array without `items`: elements are `serde_json::Value`",
                        );
                        Ty::Vec(Box::new(Ty::Json))
                    }
                }
            }
            SchemaKind::Type(Type::Object(object)) => match &object.additional_properties {
                Some(AdditionalProperties::Schema(inner)) => {
                    let p = join_pointer(pointer, "additionalProperties");
                    Ty::Map(Box::new(
                        self.convert(inner, &map_value_place(place), &p)?.0,
                    ))
                }
                _ => Ty::Map(Box::new(Ty::Json)),
            },
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } | SchemaKind::Not { .. } => {
                self.warn(
                    pointer,
                    "oneOf/anyOf/not is not supported yet: typed as `serde_json::Value`",
                );
                Ty::Json
            }
            SchemaKind::AllOf { .. } => unreachable!("allOf always gives a type kind"),
            SchemaKind::Any(any) => self.any_type(any, place, pointer)?,
        };
        Ok((ty, nullable))
    }

    /// An enum's values with repeats left out (each would be a variant that
    /// no value decodes into), warning when there were any.
    fn distinct<T: Ord + Clone + std::fmt::Display>(
        &mut self,
        values: Vec<T>,
        pointer: &str,
    ) -> Vec<T> {
        let mut seen = BTreeSet::new();
        let mut kept: Vec<T> = Vec::with_capacity(values.len());
        let mut repeated = vec![];
        for value in values {
            if seen.insert(value.clone()) {
                kept.push(value);
            } else {
                repeated.push(format!("`{value}`"));
            }
        }
        if !repeated.is_empty() {
            let p = join_pointer(pointer, "enum");
            self.warn(
                &p,
                format!(
                    "enum lists {} more than once: kept once",
                    repeated.join(", ")
                ),
            );
        }
        kept
    }

    /// If the schema needs a generated type (an object with properties, a
    /// string enum, an `allOf`), its kind.
    fn type_kind(
        &mut self,
        schema: &Schema,
        place: &[String],
        pointer: &str,
        docs: &Doc,
    ) -> Result<Option<TypeKind>, Error> {
        match &schema.schema_kind {
            // `null` among the values makes the field nullable (see
            // `enum_allows_null`); it is no variant.
            SchemaKind::Type(Type::String(s)) if s.enumeration.iter().any(Option::is_some) => {
                let values: Vec<String> = s.enumeration.iter().flatten().cloned().collect();
                let values = self.distinct(values, pointer);
                let enum_name = place
                    .last()
                    .map(|p| naming::type_name(p))
                    .unwrap_or_default();
                Ok(Some(TypeKind::StringEnum {
                    variants: variants(&values, docs, &enum_name),
                }))
            }
            SchemaKind::Type(Type::Integer(i)) if i.enumeration.iter().any(Option::is_some) => {
                let values: Vec<i64> = i.enumeration.iter().flatten().copied().collect();
                let values = self.distinct(values, pointer);
                Ok(Some(int_enum(&values, docs, place)))
            }
            SchemaKind::Type(Type::Number(n)) if n.enumeration.iter().any(Option::is_some) => {
                let values: Vec<f64> = n.enumeration.iter().flatten().copied().collect();
                // Whole numbers within f64's exact range are integers.
                let whole: Vec<i64> = values
                    .iter()
                    .filter(|v| v.fract() == 0.0 && v.abs() <= 9_007_199_254_740_992.0)
                    .map(|v| *v as i64)
                    .collect();
                if whole.len() == values.len() {
                    let whole = self.distinct(whole, pointer);
                    return Ok(Some(int_enum(&whole, docs, place)));
                }
                // Known shortcoming: fractional enums stay plain numbers.
                self.warn(
                    pointer,
                    "numeric enum with fractional values: typed as its number; the listed values \
                     are not enforced",
                );
                Ok(None)
            }
            SchemaKind::Type(Type::Object(object)) if !object.properties.is_empty() => {
                let additional =
                    self.additional(object.additional_properties.as_ref(), place, pointer)?;
                let fields = self.fields(&object.properties, &object.required, place, pointer)?;
                Ok(Some(struct_kind(fields, additional)))
            }
            // `allOf` with properties, `required` or `type` beside it.
            SchemaKind::Any(any) if !any.all_of.is_empty() && lone_reference(schema).is_none() => {
                self.warn_ignored_beside(any, pointer);
                let own = (
                    &any.properties,
                    any.required.as_slice(),
                    any.additional_properties.as_ref(),
                );
                self.merge_all_of(&any.all_of, Some(own), place, pointer)
                    .map(Some)
            }
            SchemaKind::Any(any) if !any.properties.is_empty() => {
                self.warn_ignored_beside(any, pointer);
                let additional =
                    self.additional(any.additional_properties.as_ref(), place, pointer)?;
                let fields = self.fields(&any.properties, &any.required, place, pointer)?;
                Ok(Some(struct_kind(fields, additional)))
            }
            SchemaKind::AllOf { all_of } if lone_reference(schema).is_none() => {
                self.all_of(all_of, place, pointer).map(Some)
            }
            _ => Ok(None),
        }
    }

    fn additional(
        &mut self,
        additional: Option<&AdditionalProperties>,
        place: &[String],
        pointer: &str,
    ) -> Result<Option<Ty>, Error> {
        match additional {
            None | Some(AdditionalProperties::Any(false)) => Ok(None),
            Some(AdditionalProperties::Any(true)) => Ok(Some(Ty::Json)),
            Some(AdditionalProperties::Schema(schema)) => {
                let p = join_pointer(pointer, "additionalProperties");
                Ok(Some(self.convert(schema, &map_value_place(place), &p)?.0))
            }
        }
    }

    /// `x-ird-number` on a property: `true`, or `{when: {Field: VALUE}}`.
    fn ird_number_rule(
        &mut self,
        schema: &Schema,
        ty: &Ty,
        pointer: &str,
    ) -> Result<Option<IrdNumberRule>, Error> {
        let Some(value) = schema.schema_data.extensions.get("x-ird-number") else {
            return Ok(None);
        };
        let p = join_pointer(pointer, "x-ird-number");
        if !matches!(ty, Ty::String | Ty::I64 | Ty::I32) {
            return Err(self.error(&p, "`x-ird-number` applies to strings and integers only"));
        }
        let when = value
            .get("when")
            .and_then(|w| w.as_object())
            .filter(|w| w.len() == 1);
        match (value, when) {
            (serde_json::Value::Bool(true), _) => Ok(Some(IrdNumberRule::Always)),
            (serde_json::Value::Bool(false), _) => Ok(None),
            (_, Some(when)) => {
                let (field, expected) = when.iter().next().expect("one entry");
                let Some(expected) = expected.as_str() else {
                    return Err(self.error(&p, "`when` compares with a string value"));
                };
                Ok(Some(IrdNumberRule::When {
                    field: field.clone(),
                    value: expected.to_string(),
                }))
            }
            _ => Err(self.error(
                &p,
                "`x-ird-number` is `true` or `{when: {Field: VALUE}}` (one field)",
            )),
        }
    }

    /// `x-ird-digits` on a property: `true` or `false`.
    fn digits_rule(&mut self, schema: &Schema, ty: &Ty, pointer: &str) -> Result<bool, Error> {
        let Some(value) = schema.schema_data.extensions.get("x-ird-digits") else {
            return Ok(false);
        };
        let p = join_pointer(pointer, "x-ird-digits");
        match value {
            serde_json::Value::Bool(digits) if *ty == Ty::String => Ok(*digits),
            serde_json::Value::Bool(_) => {
                Err(self.error(&p, "`x-ird-digits` applies to strings only"))
            }
            _ => Err(self.error(&p, "`x-ird-digits` is `true` or `false`")),
        }
    }

    /// `x-ird-one-of`, `x-ird-any-of` and `x-ird-together` on an object
    /// schema. One-of and any-of take one rule (a list of groups) or a list
    /// of rules.
    fn object_rules(
        &mut self,
        schema: &Schema,
        kind: &TypeKind,
        pointer: &str,
    ) -> Result<ObjectRules, Error> {
        let known = ["x-ird-one-of", "x-ird-any-of", "x-ird-together"];
        let mut rules = ObjectRules::default();
        let TypeKind::Struct { fields, .. } = kind else {
            if let Some(key) = known
                .iter()
                .find(|k| schema.schema_data.extensions.contains_key(**k))
            {
                let p = join_pointer(pointer, key);
                return Err(self.error(&p, format!("`{key}` applies to object schemas only")));
            }
            return Ok(rules);
        };
        for key in known {
            let Some(value) = schema.schema_data.extensions.get(key) else {
                continue;
            };
            let p = join_pointer(pointer, key);
            let several = key != "x-ird-together"
                && value
                    .get(0)
                    .and_then(|group| group.get(0))
                    .is_some_and(serde_json::Value::is_array);
            let listed: Option<Vec<Vec<Vec<String>>>> = if several {
                value
                    .as_array()
                    .and_then(|all| all.iter().map(groups_of).collect())
            } else {
                groups_of(value).map(|groups| vec![groups])
            };
            let Some(listed) = listed else {
                let shape = if key == "x-ird-together" {
                    "a list of lists of property names"
                } else {
                    "a list of lists of property names, or a list of such lists"
                };
                return Err(self.error(&p, format!("`{key}` is {shape}")));
            };
            for name in listed.iter().flatten().flatten() {
                if !fields.iter().any(|f| f.wire == *name) {
                    return Err(self.error(&p, format!("`{name}` is not a property here")));
                }
            }
            match key {
                "x-ird-one-of" => rules.one_of = listed,
                "x-ird-any-of" => rules.any_of = listed,
                _ => rules.together = listed.into_iter().flatten().collect(),
            }
        }
        Ok(rules)
    }

    /// Warn about `x-ird-...` keys this generator does not know, so a
    /// misspelt fact is not silently ignored.
    fn unknown_extensions(&mut self, schema: &Schema, pointer: &str) {
        let unknown: Vec<String> = schema
            .schema_data
            .extensions
            .keys()
            .filter(|k| k.starts_with("x-ird-") && !EXTENSIONS.contains(&k.as_str()))
            .cloned()
            .collect();
        for key in unknown {
            self.warn(
                &join_pointer(pointer, &key),
                format!("unknown extension `{key}`: ignored (spec/README.md lists them)"),
            );
        }
    }

    fn fields(
        &mut self,
        properties: &IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        place: &[String],
        pointer: &str,
    ) -> Result<Vec<Field>, Error> {
        for name in required {
            if !properties.contains_key(name) {
                let p = join_pointer(pointer, "required");
                self.warn(
                    &p,
                    format!("`{name}` is required but not a property; ignored"),
                );
            }
        }
        let mut fields = vec![];
        for (wire, schema) in properties {
            let p = join_pointer(&join_pointer(pointer, "properties"), wire);
            let mut field_place = place.to_vec();
            field_place.push(wire.clone());
            let (ty, nullable) = self.convert(schema, &field_place, &p)?;
            let (docs, constraints) = match schema {
                ReferenceOr::Item(s) => {
                    let mut c = constraints(s);
                    let bounds = [
                        ("minLength", "maxLength", c.min_length, c.max_length),
                        ("minItems", "maxItems", c.min_items, c.max_items),
                    ];
                    for (low, high, min, max) in bounds {
                        let (Some(min), Some(max)) = (min, max) else {
                            continue;
                        };
                        if min > max {
                            let message = format!(
                                "`{low}: {min}` is above `{high}: {max}`: no value meets both, \
                                 so checks refuse every value"
                            );
                            self.warn(&p, message);
                        }
                    }
                    c.ird_number = self.ird_number_rule(s, &ty, &p)?;
                    c.digits = self.digits_rule(s, &ty, &p)?;
                    (docs_for_field(s, &ty), c)
                }
                ReferenceOr::Reference { .. } => (String::new(), Constraints::default()),
            };
            fields.push(Field {
                wire: wire.clone(),
                rust: naming::field_name(wire),
                ty,
                required: required.contains(wire),
                nullable,
                docs,
                constraints,
            });
        }
        for field in &fields {
            let Some(IrdNumberRule::When { field: sibling, .. }) = &field.constraints.ird_number
            else {
                continue;
            };
            let p = join_pointer(
                &join_pointer(&join_pointer(pointer, "properties"), &field.wire),
                "x-ird-number",
            );
            let holds_string = fields
                .iter()
                .find(|f| f.wire == *sibling)
                .map(|f| match &f.ty {
                    Ty::String => true,
                    Ty::Named(id) => self.is_string_enum(*id),
                    _ => false,
                });
            match holds_string {
                Some(true) => {}
                Some(false) => {
                    return Err(self.error(&p, format!("`when`: `{sibling}` holds no string")))
                }
                None => {
                    return Err(
                        self.error(&p, format!("`when`: `{sibling}` is not a property here"))
                    )
                }
            }
        }
        Ok(fields)
    }

    /// Whether type `id` is a string enum, also for a definition not yet
    /// converted.
    fn is_string_enum(&self, id: TypeId) -> bool {
        match &self.raw[id].kind {
            Some(kind) => matches!(kind, TypeKind::StringEnum { .. }),
            None => self.raw[id].definition.as_ref().is_some_and(|name| {
                self.schemas().any(|(n, s)| {
                    n == name
                        && matches!(s, ReferenceOr::Item(Schema {
                            schema_kind: SchemaKind::Type(Type::String(t)), ..
                        }) if !t.enumeration.is_empty())
                })
            }),
        }
    }

    /// `allOf`: one struct with the properties of every member; `required`
    /// beside `allOf` and in members both count.
    fn all_of(
        &mut self,
        members: &[ReferenceOr<Schema>],
        place: &[String],
        pointer: &str,
    ) -> Result<TypeKind, Error> {
        self.merge_all_of(members, None, place, pointer)
    }

    /// `allOf` and what stands beside it (`own`: properties, `required`,
    /// `additionalProperties`), merged into one struct; the properties
    /// beside come after the members'.
    fn merge_all_of(
        &mut self,
        members: &[ReferenceOr<Schema>],
        own: Option<OwnProperties<'_>>,
        place: &[String],
        pointer: &str,
    ) -> Result<TypeKind, Error> {
        let mut properties = IndexMap::new();
        let mut required = vec![];
        let mut additional = None;
        let mut seen = BTreeSet::new();
        for (i, member) in members.iter().enumerate() {
            let p = format!("{pointer}/allOf/{i}");
            self.collect_all_of(
                member,
                &p,
                &mut properties,
                &mut required,
                &mut additional,
                &mut seen,
            )?;
        }
        if let Some((own_properties, own_required, own_additional)) = own {
            properties.extend(own_properties.clone());
            required.extend(own_required.iter().cloned());
            if own_additional.is_some() {
                additional = own_additional.cloned();
            }
        }
        // While the fields convert, the members stay "being merged": a
        // property that merges one of them again is a cycle too.
        let depth = self.merging.len();
        self.merging.extend(seen.iter().cloned());
        let additional = self.additional(additional.as_ref(), place, pointer);
        let fields = self.fields(&properties, &required, place, pointer);
        self.merging.truncate(depth);
        Ok(struct_kind(fields?, additional?))
    }

    /// `oneOf`, `anyOf` and `not` beside properties or `allOf` say more
    /// than one struct can: warn that they are left out.
    fn warn_ignored_beside(&mut self, any: &openapiv3::AnySchema, pointer: &str) {
        let ignored: Vec<&str> = [
            ("oneOf", !any.one_of.is_empty()),
            ("anyOf", !any.any_of.is_empty()),
            ("not", any.not.is_some()),
        ]
        .iter()
        .filter(|(_, present)| *present)
        .map(|(name, _)| *name)
        .collect();
        if !ignored.is_empty() {
            self.warn(
                pointer,
                format!(
                    "`{}` beside the properties is not supported: ignored",
                    ignored.join("`, `")
                ),
            );
        }
    }

    /// A schema with none of the keywords the model reads as a type: a map
    /// when it has `additionalProperties`, else any JSON (warning when it
    /// has keywords that say more).
    fn any_type(
        &mut self,
        any: &openapiv3::AnySchema,
        place: &[String],
        pointer: &str,
    ) -> Result<Ty, Error> {
        let object_like = any.typ.as_deref().is_none_or(|t| t == "object");
        if let (Some(additional), true) = (&any.additional_properties, object_like) {
            let value = match additional {
                AdditionalProperties::Any(_) => Ty::Json,
                AdditionalProperties::Schema(schema) => {
                    let p = join_pointer(pointer, "additionalProperties");
                    self.convert(schema, &map_value_place(place), &p)?.0
                }
            };
            return Ok(Ty::Map(Box::new(value)));
        }
        let says_more = any.typ.is_some()
            || !any.enumeration.is_empty()
            || any.items.is_some()
            || any.format.is_some()
            || any.pattern.is_some()
            || !any.one_of.is_empty()
            || !any.any_of.is_empty()
            || any.not.is_some();
        if says_more {
            self.warn(
                pointer,
                "schema shape not understood: typed as `serde_json::Value`",
            );
        }
        Ok(Ty::Json)
    }

    fn collect_all_of(
        &mut self,
        member: &ReferenceOr<Schema>,
        pointer: &str,
        properties: &mut IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &mut Vec<String>,
        additional: &mut Option<AdditionalProperties>,
        seen: &mut BTreeSet<String>,
    ) -> Result<(), Error> {
        let schema = match member {
            ReferenceOr::Reference { reference } => {
                // A member met again while it is being merged is a cycle; met
                // again beside (a diamond), it merges the same properties.
                if self.merging.contains(reference) {
                    let written = self.as_written(reference);
                    return Err(self.error(
                        pointer,
                        format!(
                            "`allOf` includes `{written}` inside its own merge: a recursive \
                             `allOf` cannot be flattened into one struct"
                        ),
                    ));
                }
                seen.insert(reference.clone());
                let name = reference.strip_prefix(SCHEMA_PREFIX).unwrap_or(reference);
                let name = crate::error::unescape_segment(name);
                match self.schema_named(&name) {
                    Some(schema) => {
                        let schema = schema.clone();
                        let p = join_pointer("/components/schemas", &name);
                        self.merging.push(reference.clone());
                        let merged = self
                            .collect_all_of(&schema, &p, properties, required, additional, seen);
                        self.merging.pop();
                        return merged;
                    }
                    None => {
                        let written = self.as_written(reference);
                        return Err(
                            self.error(pointer, format!("`$ref: {written}` names no schema"))
                        );
                    }
                }
            }
            ReferenceOr::Item(schema) => schema,
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => {
                properties.extend(o.properties.clone());
                required.extend(o.required.iter().cloned());
                if o.additional_properties.is_some() {
                    additional.clone_from(&o.additional_properties);
                }
            }
            SchemaKind::Any(a) => {
                for (i, inner) in a.all_of.iter().enumerate() {
                    let p = format!("{pointer}/allOf/{i}");
                    self.collect_all_of(inner, &p, properties, required, additional, seen)?;
                }
                properties.extend(a.properties.clone());
                required.extend(a.required.iter().cloned());
                if a.additional_properties.is_some() {
                    additional.clone_from(&a.additional_properties);
                }
            }
            SchemaKind::AllOf { all_of } => {
                for (i, inner) in all_of.iter().enumerate() {
                    let p = format!("{pointer}/allOf/{i}");
                    self.collect_all_of(inner, &p, properties, required, additional, seen)?;
                }
            }
            _ => self.warn(
                pointer,
                "`allOf` member is not an object: its constraints are ignored",
            ),
        }
        Ok(())
    }

    fn convert_operations(&mut self) -> Result<Vec<Operation>, Error> {
        let mut operations = vec![];
        let mut ids = OperationIds::new(self.openapi);
        for (path, item) in self.openapi.paths.paths.clone() {
            let path_pointer = join_pointer("/paths", &path);
            let ReferenceOr::Item(item) = item else {
                self.warn(
                    &path_pointer,
                    "`$ref` path items are not supported: skipped",
                );
                continue;
            };
            let methods = [
                ("GET", &item.get),
                ("PUT", &item.put),
                ("POST", &item.post),
                ("DELETE", &item.delete),
                ("OPTIONS", &item.options),
                ("HEAD", &item.head),
                ("PATCH", &item.patch),
                ("TRACE", &item.trace),
            ];
            for (method, op) in methods {
                let Some(op) = op else { continue };
                let pointer = join_pointer(&path_pointer, &method.to_ascii_lowercase());
                let (id, warning) = ids.claim(op.operation_id.as_deref(), method, &path);
                if let Some(warning) = warning {
                    self.warn(&pointer, warning);
                }
                let mut params = item.parameters.clone();
                params.extend(op.parameters.iter().cloned());
                operations.push(self.operation(&id, method, &path, op, &params, &pointer)?);
            }
        }
        Ok(operations)
    }

    fn operation(
        &mut self,
        id: &str,
        method: &str,
        path: &str,
        op: &openapiv3::Operation,
        params: &[ReferenceOr<Parameter>],
        pointer: &str,
    ) -> Result<Operation, Error> {
        let base = naming::operation_name(id);
        let mut converted: Vec<Param> = vec![];
        for (i, param) in params.iter().enumerate() {
            let p = format!("{pointer}/parameters/{i}");
            let param = match param {
                ReferenceOr::Item(param) => param.clone(),
                ReferenceOr::Reference { reference } => self.parameter_ref(reference, &p)?,
            };
            let location = match &param {
                Parameter::Query { .. } => ParamLocation::Query,
                Parameter::Header { .. } => ParamLocation::Header,
                Parameter::Path { .. } => ParamLocation::Path,
                Parameter::Cookie { .. } => ParamLocation::Cookie,
            };
            // Query arrays are sent as repeated pairs (`form`, exploded).
            let repeated_pairs = match &param {
                Parameter::Query { style, .. } => {
                    matches!(style, openapiv3::QueryStyle::Form)
                        && param.parameter_data_ref().explode.unwrap_or(true)
                }
                _ => true,
            };
            let data = param.parameter_data();
            let ty = match &data.format {
                openapiv3::ParameterSchemaOrContent::Schema(schema) => {
                    let place = vec![format!("{base}Params"), data.name.clone()];
                    self.convert(schema, &place, &join_pointer(&p, "schema"))?.0
                }
                openapiv3::ParameterSchemaOrContent::Content(_) => {
                    self.warn(&p, "parameter with `content` is typed as a string");
                    Ty::String
                }
            };
            // Known shortcoming: arrays in a query are sent as repeated
            // pairs (`q=a&q=b`), whatever their style.
            if !repeated_pairs && matches!(ty, Ty::Vec(_)) {
                let message = format!(
                    "query array `{}` is sent as repeated pairs (`{0}=a&{0}=b`), not in the \
                     style the spec gives",
                    data.name
                );
                self.warn(&p, message);
            }
            // An operation parameter replaces a path-level one of the same name.
            converted.retain(|c| !(c.wire == data.name && c.location == location));
            converted.push(Param {
                rust: naming::field_name(&data.name),
                wire: data.name,
                location,
                required: data.required,
                ty,
                docs: docs::convert(data.description.as_deref()).text,
            });
        }
        // `id` in the path and `ID` in a header are both `id`.
        let mut names: Vec<String> = converted.iter().map(|p| p.rust.clone()).collect();
        unique_names(&mut names, &BTreeSet::new(), "_");
        for (param, name) in converted.iter_mut().zip(names) {
            param.rust = name;
        }
        let mut request = None;
        let mut request_required = false;
        if let Some(body) = &op.request_body {
            let p = join_pointer(pointer, "requestBody");
            let body = match body {
                ReferenceOr::Item(body) => body.clone(),
                ReferenceOr::Reference { reference } => self.request_body_ref(reference, &p)?,
            };
            request_required = body.required;
            let place = vec![format!("{base}Request")];
            request = self.body(&body.content, &place, &join_pointer(&p, "content"))?;
        }
        let mut responses = vec![];
        let statuses = op
            .responses
            .responses
            .iter()
            .map(|(code, r)| {
                (
                    match code {
                        StatusCode::Code(c) => Status::Code(*c),
                        StatusCode::Range(r) => Status::Range(*r),
                    },
                    r,
                )
            })
            .chain(op.responses.default.iter().map(|r| (Status::Default, r)));
        for (status, response) in statuses {
            let label = status.to_string();
            let p = join_pointer(&join_pointer(pointer, "responses"), &label);
            let response = match response {
                ReferenceOr::Item(r) => r.clone(),
                ReferenceOr::Reference { reference } => self.response_ref(reference, &p)?,
            };
            let suffix = if status == Status::Default {
                "Default".to_string()
            } else {
                label
            };
            let place = vec![format!("{base}Response{suffix}")];
            if !response.headers.is_empty() {
                let names: Vec<&str> = response.headers.keys().map(String::as_str).collect();
                self.warn(
                    &join_pointer(&p, "headers"),
                    format!(
                        "response headers are not modelled: `{}` left out",
                        names.join("`, `")
                    ),
                );
            }
            let body = self.body(&response.content, &place, &join_pointer(&p, "content"))?;
            responses.push(Response {
                status,
                description: response.description.trim().to_string(),
                body,
            });
        }
        responses.sort_by_key(|r| r.status);
        self.warn_other_successes(id, &responses, pointer);
        if !responses.iter().any(|r| r.status.is_success()) {
            self.warn(
                pointer,
                format!("`{id}` lists no success response: its success type is `()`"),
            );
        }
        self.warn_path_template(path, &converted, pointer);
        let docs = docs::convert(op.description.as_deref()).text;
        Ok(Operation {
            id: id.to_string(),
            rust: base.clone(),
            method: method.to_string(),
            path: path.to_string(),
            summary: op.summary.clone().unwrap_or_default().trim().to_string(),
            docs,
            params_name: (!converted.is_empty()).then(|| format!("{base}Params")),
            params: converted,
            request,
            request_required,
            responses,
            error_name: format!("{base}Error"),
        })
    }

    /// A `{name}` in the path with no path parameter of that name is sent
    /// as written; a path parameter the path does not hold is never sent.
    fn warn_path_template(&mut self, path: &str, params: &[Param], pointer: &str) {
        let templated: Vec<&str> = path
            .split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
            .collect();
        let in_path = |p: &&Param| p.location == ParamLocation::Path;
        for name in &templated {
            if !params.iter().filter(in_path).any(|p| p.wire == *name) {
                let message = format!(
                    "`{{{name}}}` in the path has no path parameter: it is sent as written"
                );
                self.warn(pointer, message);
            }
        }
        for param in params.iter().filter(in_path) {
            if !templated.contains(&param.wire.as_str()) {
                let message = format!(
                    "path parameter `{}` is not in the path `{path}`: it is never sent",
                    param.wire
                );
                self.warn(pointer, message);
            }
        }
    }

    /// `Operation::Success` is the first success response's body: say so
    /// when another success status has a different one.
    fn warn_other_successes(&mut self, id: &str, responses: &[Response], pointer: &str) {
        let ty_of = |r: &Response| r.body.as_ref().map(|b| b.ty.clone());
        let mut successes = responses.iter().filter(|r| r.status.is_success());
        let Some(first) = successes.next() else {
            return;
        };
        let others: Vec<String> = successes
            .filter(|r| ty_of(r) != ty_of(first))
            .map(|r| r.status.to_string())
            .collect();
        if !others.is_empty() {
            self.warn(
                pointer,
                format!(
                    "`{id}` has success responses with different bodies: its success type is \
                     the {} body; {} are described in `OPERATIONS` only",
                    first.status,
                    others.join(", ")
                ),
            );
        }
    }

    fn body(
        &mut self,
        content: &IndexMap<String, openapiv3::MediaType>,
        place: &[String],
        pointer: &str,
    ) -> Result<Option<Body>, Error> {
        let chosen = content
            .iter()
            .find(|(m, _)| is_json(m))
            .or_else(|| content.iter().find(|(m, _)| m.starts_with("text/")))
            .or_else(|| content.first());
        let Some((media_type, media)) = chosen else {
            return Ok(None);
        };
        let p = join_pointer(pointer, media_type);
        if content.len() > 1 && content.keys().any(|m| !is_json(m)) {
            self.warn(&p, "several media types: only this one is typed");
        }
        let essence = media_type.split(';').next().unwrap_or("").trim();
        if essence == "multipart/form-data" || essence == "application/x-www-form-urlencoded" {
            // Known shortcoming: the runtime encodes and checks JSON only.
            self.warn(
                &p,
                "a form body is typed as a struct of its fields; encoding it as a form is left \
                 to the caller",
            );
        }
        let ty = match &media.schema {
            Some(schema) => self.convert(schema, place, &join_pointer(&p, "schema"))?.0,
            None if media_type.starts_with("text/") => Ty::String,
            None => Ty::Json,
        };
        let spec_name = match &media.schema {
            Some(ReferenceOr::Reference { reference }) => {
                reference.strip_prefix(SCHEMA_PREFIX).map(naming::type_name)
            }
            _ => None,
        };
        Ok(Some(Body {
            media_type: media_type.clone(),
            ty,
            spec_name,
        }))
    }

    fn component<T: Clone>(
        &self,
        map: Option<&IndexMap<String, ReferenceOr<T>>>,
        prefix: &str,
        reference: &str,
        pointer: &str,
    ) -> Result<T, Error> {
        let mut reference = reference.to_string();
        for _ in 0..32 {
            let name = reference.strip_prefix(prefix).ok_or_else(|| {
                self.error(
                    pointer,
                    format!("`$ref: {reference}` must start with {prefix}"),
                )
            })?;
            let name = crate::error::unescape_segment(name);
            match map.and_then(|m| m.get(&name)) {
                Some(ReferenceOr::Item(item)) => return Ok(item.clone()),
                Some(ReferenceOr::Reference { reference: next }) => reference = next.clone(),
                None => {
                    return Err(self.error(pointer, format!("`$ref: {reference}` names nothing")))
                }
            }
        }
        Err(self.error(
            pointer,
            format!("`$ref: {reference}` is a chain of more than 32 references"),
        ))
    }

    fn parameter_ref(&self, reference: &str, pointer: &str) -> Result<Parameter, Error> {
        let map = self.openapi.components.as_ref().map(|c| &c.parameters);
        self.component(map, "#/components/parameters/", reference, pointer)
    }

    fn request_body_ref(
        &self,
        reference: &str,
        pointer: &str,
    ) -> Result<openapiv3::RequestBody, Error> {
        let map = self.openapi.components.as_ref().map(|c| &c.request_bodies);
        self.component(map, "#/components/requestBodies/", reference, pointer)
    }

    fn response_ref(&self, reference: &str, pointer: &str) -> Result<openapiv3::Response, Error> {
        let map = self.openapi.components.as_ref().map(|c| &c.responses);
        self.component(map, "#/components/responses/", reference, pointer)
    }
}

/// The operationIds of a document. The spec's own are reserved first, so
/// an id made up for a missing or repeated one never takes another's.
struct OperationIds {
    explicit: BTreeSet<String>,
    used: BTreeSet<String>,
}

impl OperationIds {
    fn new(openapi: &OpenAPI) -> Self {
        let explicit = openapi
            .paths
            .paths
            .values()
            .filter_map(ReferenceOr::as_item)
            .flat_map(|item| item.iter().map(|(_, op)| op))
            .filter_map(|op| op.operation_id.clone())
            .filter(|id| !id.trim().is_empty())
            .collect();
        OperationIds {
            explicit,
            used: BTreeSet::new(),
        }
    }

    /// The id of the operation at `method path`, and a warning when it is
    /// not the spec's own.
    fn claim(&mut self, given: Option<&str>, method: &str, path: &str) -> (String, Option<String>) {
        let given = given.filter(|id| !id.trim().is_empty());
        let wanted = match given {
            Some(id) => id.to_string(),
            None => format!("{}{}", method.to_ascii_lowercase(), naming::type_name(path)),
        };
        let free = |ids: &Self, id: &str| {
            !ids.used.contains(id) && (given == Some(id) || !ids.explicit.contains(id))
        };
        let id = if free(self, &wanted) {
            wanted.clone()
        } else {
            (2..)
                .map(|n| format!("{wanted}{n}"))
                .find(|candidate| free(self, candidate))
                .expect("some number is free")
        };
        let warning = match given {
            Some(_) if id == wanted => None,
            Some(_) => Some(format!(
                "operationId `{wanted}` is used twice: this one is `{id}`"
            )),
            None if id == wanted => Some(format!("no operationId: named `{id}`")),
            None => Some(format!(
                "no operationId: named `{id}`, since `{wanted}` is another operation's"
            )),
        };
        self.used.insert(id.clone());
        (id, warning)
    }
}

/// Properties, `required` and `additionalProperties` written beside `allOf`.
type OwnProperties<'a> = (
    &'a IndexMap<String, ReferenceOr<Box<Schema>>>,
    &'a [String],
    Option<&'a AdditionalProperties>,
);

/// `allOf: [{$ref: X}]` and nothing else that shapes the type (a
/// description or `nullable` may stand beside): the type is X itself. With
/// it, the keywords beside that only constrain values (`maxLength`, ..),
/// which the type does not carry.
fn lone_reference(schema: &Schema) -> Option<(&str, Vec<&'static str>)> {
    match &schema.schema_kind {
        SchemaKind::AllOf { all_of } => match all_of.as_slice() {
            [ReferenceOr::Reference { reference }] => Some((reference, vec![])),
            _ => None,
        },
        SchemaKind::Any(any) => {
            let [ReferenceOr::Reference { reference }] = any.all_of.as_slice() else {
                return None;
            };
            let shapes = any.typ.is_some()
                || !any.properties.is_empty()
                || !any.required.is_empty()
                || any.additional_properties.is_some()
                || any.items.is_some()
                || !any.enumeration.is_empty()
                || !any.one_of.is_empty()
                || !any.any_of.is_empty()
                || any.not.is_some();
            if shapes {
                return None;
            }
            let constraints = [
                ("pattern", any.pattern.is_some()),
                ("multipleOf", any.multiple_of.is_some()),
                ("exclusiveMinimum", any.exclusive_minimum.is_some()),
                ("exclusiveMaximum", any.exclusive_maximum.is_some()),
                ("minimum", any.minimum.is_some()),
                ("maximum", any.maximum.is_some()),
                ("minProperties", any.min_properties.is_some()),
                ("maxProperties", any.max_properties.is_some()),
                ("minItems", any.min_items.is_some()),
                ("maxItems", any.max_items.is_some()),
                ("uniqueItems", any.unique_items.is_some()),
                ("format", any.format.is_some()),
                ("minLength", any.min_length.is_some()),
                ("maxLength", any.max_length.is_some()),
            ];
            let present = constraints
                .into_iter()
                .filter(|(_, present)| *present)
                .map(|(name, _)| name)
                .collect();
            Some((reference, present))
        }
        _ => None,
    }
}

/// `enum: [a, b, null]`: null is allowed, the OpenAPI 3.0 way of saying
/// `nullable` on an enum.
fn enum_allows_null(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => s.enumeration.iter().any(Option::is_none),
        SchemaKind::Type(Type::Integer(i)) => i.enumeration.iter().any(Option::is_none),
        SchemaKind::Type(Type::Number(n)) => n.enumeration.iter().any(Option::is_none),
        _ => false,
    }
}

/// The place of a map's values: `[.., prices]` -> `[.., prices value]`, so
/// the value type is `PricesValue`.
fn map_value_place(place: &[String]) -> Vec<String> {
    let mut place = place.to_vec();
    match place.last_mut() {
        Some(last) => *last = format!("{last} value"),
        None => place.push("Value".into()),
    }
    place
}

/// An integer enum, its variants named like string ones (`V1`, `Minus1`,
/// or the code table's label).
fn int_enum(values: &[i64], docs: &Doc, place: &[String]) -> TypeKind {
    let wire: Vec<String> = values.iter().map(i64::to_string).collect();
    let enum_name = place
        .last()
        .map(|p| naming::type_name(p))
        .unwrap_or_default();
    let variants = variants(&wire, docs, &enum_name)
        .into_iter()
        .zip(values)
        .map(|(v, value)| IntVariant {
            value: *value,
            rust: v.rust,
            docs: v.docs,
        })
        .collect();
    TypeKind::IntEnum { variants }
}

/// A struct, its field names made unique; `additional_properties` is kept
/// for the map of extra keys when there is one.
fn struct_kind(mut fields: Vec<Field>, additional: Option<Ty>) -> TypeKind {
    let reserved: BTreeSet<String> = additional
        .iter()
        .map(|_| "additional_properties".to_string())
        .collect();
    let mut names: Vec<String> = fields.iter().map(|f| f.rust.clone()).collect();
    unique_names(&mut names, &reserved, "_");
    for (field, name) in fields.iter_mut().zip(names) {
        field.rust = name;
    }
    TypeKind::Struct { fields, additional }
}

/// Make `names` unique, in order: the first of equal names keeps it (unless
/// it is reserved), the others get the lowest free number (`type_2`, `A2`).
pub fn unique_names(names: &mut [String], reserved: &BTreeSet<String>, separator: &str) {
    let wanted: BTreeSet<String> = names.iter().cloned().collect();
    let mut taken: BTreeSet<String> = reserved.clone();
    for name in names.iter_mut() {
        if taken.insert(name.clone()) {
            continue;
        }
        // `type_` -> `type_2`; `Self_` (a variant) -> `Self2`, since an
        // underscore beside a letter is not UpperCamel.
        let (stem, separator) = match name.strip_suffix('_') {
            Some(_) if separator.is_empty() => (name.trim_end_matches('_'), ""),
            Some(_) => (name.as_str(), ""),
            None => (name.as_str(), separator),
        };
        let mut n = 2;
        let renamed = loop {
            let candidate = format!("{stem}{separator}{n}");
            if !taken.contains(&candidate) && !wanted.contains(&candidate) {
                break candidate;
            }
            n += 1;
        };
        taken.insert(renamed.clone());
        *name = renamed;
    }
}

fn is_json(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or("").trim();
    essence == "application/json" || essence.ends_with("+json")
}

/// The doc for a type: without its code table when the variants carry it.
fn pick_docs(docs: &Doc, kind: &TypeKind) -> String {
    match kind {
        TypeKind::IntEnum { variants }
            if variants
                .iter()
                .all(|v| docs.codes.contains_key(&v.value.to_string())) =>
        {
            docs.text_without_codes.clone()
        }
        TypeKind::StringEnum { variants }
            if variants.iter().all(|v| docs.codes.contains_key(&v.wire)) =>
        {
            docs.text_without_codes.clone()
        }
        _ => docs.text.clone(),
    }
}

fn docs_for_field(schema: &Schema, ty: &Ty) -> String {
    // A field whose type is a generated enum or struct documents itself on
    // the type; the field keeps the prose only.
    let doc = docs::convert(schema.schema_data.description.as_deref());
    if matches!(ty, Ty::Named(_)) && !doc.codes.is_empty() {
        doc.text_without_codes
    } else {
        doc.text
    }
}

fn constraints(schema: &Schema) -> Constraints {
    let mut c = Constraints::default();
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            c.min_length = s.min_length;
            c.max_length = s.max_length;
            c.pattern.clone_from(&s.pattern);
            c.format = match &s.format {
                VariantOrUnknownOrEmpty::Item(f) => Some(format!("{f:?}").to_ascii_lowercase()),
                VariantOrUnknownOrEmpty::Unknown(f) => Some(f.clone()),
                VariantOrUnknownOrEmpty::Empty => None,
            }
            .map(|f| {
                if f == "datetime" {
                    "date-time".to_string()
                } else {
                    f
                }
            });
        }
        SchemaKind::Type(Type::Array(a)) => {
            c.min_items = a.min_items;
            c.max_items = a.max_items;
        }
        SchemaKind::Type(Type::Number(n)) => {
            c.minimum = n.minimum.map(|v| v.to_string());
            c.maximum = n.maximum.map(|v| v.to_string());
        }
        SchemaKind::Type(Type::Integer(i)) => {
            c.minimum = i.minimum.map(|v| v.to_string());
            c.maximum = i.maximum.map(|v| v.to_string());
        }
        _ => {}
    }
    c
}

/// Variants for string values, named by the code table where its labels are
/// short and unique, else by the value itself.
fn variants(values: &[String], docs: &Doc, enum_name: &str) -> Vec<Variant> {
    let enum_words: BTreeSet<String> = naming::camel_words(enum_name)
        .into_iter()
        .map(|w| w.to_ascii_lowercase())
        .collect();
    let label_names: Vec<Option<String>> = values
        .iter()
        .map(|v| docs.codes.get(v).and_then(|m| label_name(m, &enum_words)))
        .collect();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for name in label_names.iter().flatten() {
        *counts.entry(name).or_default() += 1;
    }
    let mut out: Vec<Variant> = values
        .iter()
        .zip(&label_names)
        .map(|(value, label)| {
            let rust = match label {
                Some(name) if counts[name.as_str()] == 1 => name.clone(),
                _ => naming::variant_name(value),
            };
            let docs = match docs.codes.get(value).map(|m| m.trim()) {
                Some(meaning) if !meaning.is_empty() => docs::plain(meaning),
                _ if value.is_empty() => "The empty string: no value given.".to_string(),
                _ => String::new(),
            };
            Variant {
                wire: value.clone(),
                rust,
                docs,
            }
        })
        .collect();
    // Values differing only in case or punctuation can map to one name;
    // number the later ones, in spec order.
    let mut names: Vec<String> = out.iter().map(|v| v.rust.clone()).collect();
    unique_names(&mut names, &BTreeSet::new(), "");
    for (variant, name) in out.iter_mut().zip(names) {
        variant.rust = name;
    }
    out
}

/// A variant name from a code-table meaning, when the meaning is a short
/// label: at most four words of letters, digits and spaces. Trailing words
/// the enum's own name has (`phone` in `PhoneType`) are dropped.
fn label_name(meaning: &str, enum_words: &BTreeSet<String>) -> Option<String> {
    let meaning = meaning.trim();
    if meaning.is_empty() || meaning.len() > 32 {
        return None;
    }
    if !meaning
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-' || c == '/')
    {
        return None;
    }
    let mut words: Vec<&str> = meaning.split_whitespace().collect();
    if words.len() > 4 {
        return None;
    }
    while words.len() > 1
        && words
            .last()
            .is_some_and(|w| enum_words.contains(&w.to_ascii_lowercase()))
    {
        words.pop();
    }
    let name = naming::type_name(&words.join(" "));
    (!name.starts_with('T') || !name[1..].starts_with(|c: char| c.is_ascii_digit())).then_some(name)
}

/// Merge identical types, name them, and order everything for output.
fn finish(
    spec: &LoadedSpec,
    openapi: &OpenAPI,
    module: &str,
    raw: Vec<RawType>,
    mut operations: Vec<Operation>,
    diagnostics: &mut Diagnostics,
) -> Result<Api, Error> {
    let schemas = raw.len();

    // Merge: a type's key is its kind with named references replaced by
    // their targets' keys, so nested identical types merge too.
    // Types sent and types received stay apart even when they look alike:
    // they evolve separately, and are decoded with different strictness.
    let directions = directions(&raw, &operations);
    let mut keys = Keys {
        keys: vec![None; raw.len()],
        interned: HashMap::new(),
    };
    for id in 0..raw.len() {
        structural_key(id, &raw, &mut keys, &mut BTreeSet::new());
    }
    let keys = keys.keys;
    let mut groups: IndexMap<String, Vec<TypeId>> = IndexMap::new();
    for (id, key) in keys.iter().enumerate() {
        let key = format!(
            "{:?}|{}",
            directions[id],
            key.clone().expect("every key computed")
        );
        groups.entry(key).or_default().push(id);
    }
    let mut canonical: Vec<TypeId> = (0..raw.len()).collect();
    let mut members: Vec<Vec<TypeId>> = vec![];
    for group in groups.values() {
        let index = members.len();
        for &id in group {
            canonical[id] = index;
        }
        members.push(group.clone());
    }

    // Name: definitions keep their names; a group of several definitions
    // takes the words their names share, if any; inline types take the
    // shortest name from their place that no other type wants.
    let names = choose_names(&raw, &members);

    // An alias may not take a type's or another alias's name (`foo` and
    // `Foo` as `Foo2` and `Foo`, both spelled `Foo`).
    let mut alias_taken: BTreeSet<String> = names.iter().cloned().collect();
    alias_taken.extend(MODULE_ITEMS.iter().map(|s| s.to_string()));
    let mut types: Vec<TypeDef> = members
        .iter()
        .enumerate()
        .map(|(index, group)| {
            let first = &raw[group[0]];
            let name = names[index].clone();
            let mut docs = first.docs.clone();
            if docs.is_empty() && first.definition.is_none() {
                let places: Vec<String> = group
                    .iter()
                    .take(4)
                    .map(|&id| format!("`{}`", readable_place(&raw[id].pointer)))
                    .collect();
                let more = if group.len() > 4 {
                    format!(" and {} more", group.len() - 4)
                } else {
                    String::new()
                };
                docs = format!("The schema at {}{more}.", places.join(", "));
            }
            let mut aliases: Vec<String> = group
                .iter()
                .filter_map(|&id| raw[id].definition.as_deref().map(naming::type_name))
                .filter(|alias| *alias != name)
                .collect();
            aliases.sort();
            aliases.dedup();
            aliases.retain(|alias| alias_taken.insert(alias.clone()));
            TypeDef {
                name,
                docs,
                kind: remap_kind(first.kind.clone().expect("kind set"), &canonical),
                origins: group.iter().map(|&id| raw[id].pointer.clone()).collect(),
                aliases,
                boxed: BTreeSet::new(),
                direction: directions[group[0]],
                rules: first.rules.clone(),
            }
        })
        .collect();
    for op in &mut operations {
        remap_operation(op, &canonical);
    }

    // Sort by name and renumber references to match.
    let mut order: Vec<usize> = (0..types.len()).collect();
    order.sort_by(|&a, &b| types[a].name.cmp(&types[b].name));
    let mut position = vec![0; types.len()];
    for (new, &old) in order.iter().enumerate() {
        position[old] = new;
    }
    let mut sorted: Vec<Option<TypeDef>> = types.drain(..).map(Some).collect();
    let mut types: Vec<TypeDef> = order
        .iter()
        .map(|&old| sorted[old].take().unwrap())
        .collect();
    for ty in &mut types {
        ty.kind = remap_kind(ty.kind.clone(), &position);
    }
    for op in &mut operations {
        remap_operation(op, &position);
    }
    reject_alias_cycles(spec, &types)?;
    for (pointer, message) in untype_recursive_aliases(&mut types) {
        diagnostics.warn(spec.locate(&pointer), message);
    }
    mark_boxes(&mut types);
    for (pointer, message) in name_operations(&mut operations, &types) {
        diagnostics.warn(spec.locate(&pointer), message);
    }

    let aliases = types.iter().map(|t| t.aliases.len()).sum();
    let stats = Stats {
        schemas,
        types: types.len(),
        aliases,
    };
    let servers = servers(spec, openapi, diagnostics)?;
    let auth = openapi
        .components
        .iter()
        .flat_map(|c| &c.security_schemes)
        .filter_map(|(name, scheme)| match scheme {
            ReferenceOr::Item(scheme) => Some((name, scheme)),
            ReferenceOr::Reference { .. } => None,
        })
        .map(|(name, scheme)| {
            use openapiv3::{APIKeyLocation, SecurityScheme};
            let (kind, description) = match scheme {
                SecurityScheme::HTTP {
                    scheme,
                    description,
                    ..
                } if scheme.eq_ignore_ascii_case("bearer") => (AuthKind::Bearer, description),
                SecurityScheme::HTTP {
                    scheme,
                    description,
                    ..
                } => (AuthKind::Other(format!("http {scheme}")), description),
                SecurityScheme::APIKey {
                    location: APIKeyLocation::Header,
                    name,
                    description,
                    ..
                } => (AuthKind::Header(name.clone()), description),
                SecurityScheme::APIKey { description, .. } => {
                    (AuthKind::Other("apiKey".into()), description)
                }
                SecurityScheme::OAuth2 { description, .. } => {
                    (AuthKind::Other("oauth2".into()), description)
                }
                SecurityScheme::OpenIDConnect { description, .. } => {
                    (AuthKind::Other("openIdConnect".into()), description)
                }
            };
            AuthScheme {
                name: name.clone(),
                kind,
                description: description.clone().unwrap_or_default(),
            }
        })
        .collect();
    Ok(Api {
        module: module.to_string(),
        title: openapi.info.title.trim().to_string(),
        version: openapi.info.version.trim().to_string(),
        docs: docs::convert(openapi.info.description.as_deref()).text,
        servers,
        auth,
        types,
        operations,
        stats,
    })
}

/// The servers, with `x-ird-environment` and `x-ird-mutual-tls` read and
/// checked; other `x-ird-...` keys are warnings.
fn servers(
    spec: &LoadedSpec,
    openapi: &OpenAPI,
    diagnostics: &mut Diagnostics,
) -> Result<Vec<Server>, Error> {
    let mut out = vec![];
    for (i, server) in openapi.servers.iter().enumerate() {
        let pointer = format!("/servers/{i}");
        let at = |key: &str| spec.locate(&join_pointer(&pointer, key));
        let environment = match server.extensions.get("x-ird-environment") {
            None => None,
            Some(serde_json::Value::String(e)) if e == "test" || e == "production" => {
                Some(e.clone())
            }
            Some(other) => {
                return Err(Error::invalid(
                    at("x-ird-environment"),
                    format!("`x-ird-environment` is `test` or `production`, not {other}"),
                ))
            }
        };
        let mutual_tls = match server.extensions.get("x-ird-mutual-tls") {
            None => false,
            Some(serde_json::Value::Bool(b)) => *b,
            Some(other) => {
                return Err(Error::invalid(
                    at("x-ird-mutual-tls"),
                    format!("`x-ird-mutual-tls` is `true` or `false`, not {other}"),
                ))
            }
        };
        for key in server.extensions.keys().filter(|k| {
            k.starts_with("x-ird-") && *k != "x-ird-environment" && *k != "x-ird-mutual-tls"
        }) {
            diagnostics.warn(
                at(key),
                format!("unknown server extension `{key}`: ignored (spec/README.md lists them)"),
            );
        }
        out.push(Server {
            url: server.url.clone(),
            description: server.description.clone().unwrap_or_default(),
            environment,
            mutual_tls,
        });
    }
    Ok(out)
}

/// Whether a type is reachable from requests, responses, both or neither.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Direction {
    /// Reachable from a request body or parameter.
    pub request: bool,
    /// Reachable from a response body.
    pub response: bool,
}

fn directions(raw: &[RawType], operations: &[Operation]) -> Vec<Direction> {
    fn mark(ty: &Ty, raw: &[RawType], out: &mut [Direction], request: bool) {
        match ty {
            Ty::Named(id) => {
                let d = &mut out[*id];
                let seen = if request { d.request } else { d.response };
                if seen {
                    return;
                }
                if request {
                    d.request = true;
                } else {
                    d.response = true;
                }
                match raw[*id].kind.as_ref().expect("kind set") {
                    TypeKind::Struct { fields, additional } => {
                        for f in fields {
                            mark(&f.ty, raw, out, request);
                        }
                        if let Some(a) = additional {
                            mark(a, raw, out, request);
                        }
                    }
                    TypeKind::Alias(t) => mark(t, raw, out, request),
                    TypeKind::StringEnum { .. } | TypeKind::IntEnum { .. } => {}
                }
            }
            Ty::Vec(inner) | Ty::Map(inner) => mark(inner, raw, out, request),
            _ => {}
        }
    }
    let mut out = vec![Direction::default(); raw.len()];
    for op in operations {
        for p in &op.params {
            mark(&p.ty, raw, &mut out, true);
        }
        if let Some(b) = &op.request {
            mark(&b.ty, raw, &mut out, true);
        }
        for r in &op.responses {
            if let Some(b) = &r.body {
                mark(&b.ty, raw, &mut out, false);
            }
        }
    }
    out
}

/// `/components/schemas/a/properties/B/items` -> `a.B[]`.
pub fn readable_place(pointer: &str) -> String {
    let Some(rest) = pointer.strip_prefix("/components/schemas/") else {
        return pointer.to_string();
    };
    crate::error::unescape_segment(&rest.replace("/properties/", ".").replace("/items", "[]"))
}

/// Structural keys, and a number for each distinct key, so that a key names
/// the keys of the types it refers to by number: keys stay short however
/// long a chain of references is (embedding them whole made a chain of N
/// types cost N² time and memory).
struct Keys {
    keys: Vec<Option<String>>,
    interned: HashMap<String, usize>,
}

impl std::ops::Index<TypeId> for Keys {
    type Output = Option<String>;
    fn index(&self, id: TypeId) -> &Option<String> {
        &self.keys[id]
    }
}

impl std::ops::IndexMut<TypeId> for Keys {
    fn index_mut(&mut self, id: TypeId) -> &mut Option<String> {
        &mut self.keys[id]
    }
}

impl Keys {
    /// The number standing for `key`; it keeps the `#` that marks keys
    /// taken inside a cycle.
    fn token(&mut self, key: String) -> String {
        let mark = if key.contains('#') { "#" } else { "" };
        let next = self.interned.len();
        let n = *self.interned.entry(key).or_insert(next);
        format!("{mark}k{n}")
    }
}

fn structural_key(
    id: TypeId,
    raw: &[RawType],
    keys: &mut Keys,
    visiting: &mut BTreeSet<TypeId>,
) -> String {
    if let Some(key) = &keys[id] {
        return key.clone();
    }
    if !visiting.insert(id) {
        // A cycle: the type stands for itself.
        return format!("#{id}");
    }
    let ty = &raw[id];
    let kind = ty.kind.as_ref().expect("kind set");
    let mut key = format!("docs={:?};rules={:?};", ty.docs, ty.rules);
    match kind {
        TypeKind::Struct { fields, additional } => {
            key.push_str("struct{");
            for f in fields {
                let t = ty_key(&f.ty, raw, keys, visiting);
                key.push_str(&format!(
                    "{:?}:{t}:{}:{}:{:?}:{:?},",
                    f.wire, f.required, f.nullable, f.docs, f.constraints
                ));
            }
            if let Some(a) = additional {
                key.push_str(&format!("+{}", ty_key(a, raw, keys, visiting)));
            }
            key.push('}');
        }
        TypeKind::StringEnum { variants } => key.push_str(&format!("enum{variants:?}")),
        TypeKind::IntEnum { variants } => key.push_str(&format!("intenum{variants:?}")),
        TypeKind::Alias(t) => key.push_str(&format!("alias({})", ty_key(t, raw, keys, visiting))),
    }
    // Definitions that are aliases keep their own identity: merging
    // `type A = String` with `type B = String` would gain nothing.
    if matches!(kind, TypeKind::Alias(_)) {
        key = format!("{key}@{}", ty.place.join("/"));
    }
    visiting.remove(&id);
    // Keys of types in a cycle depend on where the walk entered it; only
    // cache keys that did not.
    if !key.contains('#') {
        keys[id] = Some(key.clone());
    } else {
        let own = format!("#{id}:{key}");
        keys[id] = Some(own.clone());
        return own;
    }
    key
}

fn ty_key(ty: &Ty, raw: &[RawType], keys: &mut Keys, visiting: &mut BTreeSet<TypeId>) -> String {
    match ty {
        Ty::Named(id) => {
            let key = structural_key(*id, raw, keys, visiting);
            format!("({})", keys.token(key))
        }
        Ty::Vec(inner) => format!("vec<{}>", ty_key(inner, raw, keys, visiting)),
        Ty::Map(inner) => format!("map<{}>", ty_key(inner, raw, keys, visiting)),
        other => format!("{other:?}"),
    }
}

/// `base` if no name in `taken` is, else `base` numbered from 2 (`Foo2`;
/// `Self_`, a keyword escaped, gives `Self2`): added to `taken`.
fn claim_numbered(taken: &mut BTreeSet<String>, base: &str) -> String {
    let mut name = base.to_string();
    let mut n = 2;
    while taken.contains(&name) {
        name = format!("{}{n}", base.trim_end_matches('_'));
        n += 1;
    }
    taken.insert(name.clone());
    name
}

/// Names every API module defines besides its types.
const MODULE_ITEMS: &[&str] = &["Client", "Server"];

fn choose_names(raw: &[RawType], members: &[Vec<TypeId>]) -> Vec<String> {
    let mut names: Vec<Option<String>> = vec![None; members.len()];
    let mut taken: BTreeSet<String> = MODULE_ITEMS.iter().map(|s| s.to_string()).collect();

    // Groups holding definitions.
    for (index, group) in members.iter().enumerate() {
        let defs: Vec<String> = group
            .iter()
            .filter_map(|&id| raw[id].definition.as_deref().map(naming::type_name))
            .collect();
        if defs.is_empty() {
            continue;
        }
        let mut sorted = defs.clone();
        sorted.sort();
        sorted.dedup();
        let name = if sorted.len() == 1 {
            sorted[0].clone()
        } else {
            shared_words(&sorted).unwrap_or_else(|| sorted[0].clone())
        };
        names[index] = Some(name);
    }
    // Definition names are claimed first; a merged name that collides with a
    // definition falls back to its first member.
    let all_defs: BTreeSet<String> = raw
        .iter()
        .filter_map(|r| r.definition.as_deref().map(naming::type_name))
        .collect();
    for (index, group) in members.iter().enumerate() {
        if let Some(name) = names[index].clone() {
            let own: BTreeSet<String> = group
                .iter()
                .filter_map(|&id| raw[id].definition.as_deref().map(naming::type_name))
                .collect();
            let clash = (all_defs.contains(&name) && !own.contains(&name)) || taken.contains(&name);
            let base = if clash {
                own.iter().next().cloned().unwrap()
            } else {
                name
            };
            // Definitions whose names differ only in case or punctuation
            // (`Foo`, `foo`, `FOO`), or that take a module item's name, are
            // numbered in document order.
            names[index] = Some(claim_numbered(&mut taken, &base));
        }
    }

    // Inline groups: candidates from the shortest place, growing leftwards.
    // A place starts at a definition; it goes by the name its (possibly
    // merged) type got.
    let mut definition_names: HashMap<&str, String> = HashMap::new();
    for (index, group) in members.iter().enumerate() {
        for &id in group {
            if let (Some(def), Some(name)) = (raw[id].definition.as_deref(), &names[index]) {
                definition_names.insert(def, name.clone());
            }
        }
    }
    let mut pending: Vec<(usize, Vec<String>)> = members
        .iter()
        .enumerate()
        .filter(|(index, _)| names[*index].is_none())
        .map(|(index, group)| {
            let place = group
                .iter()
                .map(|&id| &raw[id].place)
                .min_by(|a, b| (a.len(), *a).cmp(&(b.len(), *b)))
                .unwrap();
            let mut place = place.clone();
            if let Some(renamed) = place
                .first()
                .and_then(|root| definition_names.get(root.as_str()))
            {
                place[0] = renamed.clone();
            }
            (index, candidates(&place))
        })
        .collect();
    pending.sort_by(|a, b| a.1.cmp(&b.1));
    let longest = pending.iter().map(|(_, c)| c.len()).max().unwrap_or(0);
    for level in 0..longest {
        let mut wanted: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (slot, (_, cands)) in pending.iter().enumerate() {
            if let Some(name) = cands.get(level) {
                wanted.entry(name.clone()).or_default().push(slot);
            }
        }
        let mut granted = BTreeSet::new();
        for (name, slots) in wanted {
            if slots.len() == 1 && !taken.contains(&name) {
                names[pending[slots[0]].0] = Some(name.clone());
                taken.insert(name);
                granted.insert(slots[0]);
            }
        }
        let mut slot = 0;
        pending.retain(|_| {
            let keep = !granted.contains(&slot);
            slot += 1;
            keep
        });
    }
    // Types whose every candidate was contested: number them, in the order
    // of their places.
    for (index, cands) in pending {
        let base = cands.last().cloned().unwrap_or_else(|| "Unnamed".into());
        names[index] = Some(claim_numbered(&mut taken, &base));
    }
    names
        .into_iter()
        .map(|n| n.expect("every type named"))
        .collect()
}

/// `[a, b, c]` -> `[C, BC, ABC]`, each part in UpperCamel.
fn candidates(place: &[String]) -> Vec<String> {
    let parts: Vec<String> = place.iter().map(|p| naming::type_name(p)).collect();
    (1..=parts.len())
        .map(|n| parts[parts.len() - n..].concat())
        .collect()
}

/// The words a set of names share at their start and end:
/// `ContactPostResponse403`, `PhonePutResponse403` -> `Response403`.
pub(crate) fn shared_words(names: &[String]) -> Option<String> {
    let words: Vec<Vec<String>> = names.iter().map(|n| naming::camel_words(n)).collect();
    let shortest = words.iter().map(Vec::len).min()?;
    let prefix = (0..shortest)
        .take_while(|&i| words.iter().all(|w| w[i] == words[0][i]))
        .count();
    let suffix = (0..shortest - prefix)
        .take_while(|&i| {
            words
                .iter()
                .all(|w| w[w.len() - 1 - i] == words[0][words[0].len() - 1 - i])
        })
        .count();
    // Without a shared ending (`Response403`) the names share a subject but
    // not a role, and a name made of the subject alone would mislead.
    if suffix == 0 {
        return None;
    }
    let first = &words[0];
    let mut name: Vec<String> = first[..prefix].to_vec();
    name.extend(first[first.len() - suffix..].iter().cloned());
    let name = name.concat();
    (!name.is_empty() && !name.starts_with(|c: char| c.is_ascii_digit())).then_some(name)
}

fn remap_ty(ty: &Ty, map: &[usize]) -> Ty {
    match ty {
        Ty::Named(id) => Ty::Named(map[*id]),
        Ty::Vec(inner) => Ty::Vec(Box::new(remap_ty(inner, map))),
        Ty::Map(inner) => Ty::Map(Box::new(remap_ty(inner, map))),
        other => other.clone(),
    }
}

pub(crate) fn remap_kind(kind: TypeKind, map: &[usize]) -> TypeKind {
    match kind {
        TypeKind::Struct { fields, additional } => TypeKind::Struct {
            fields: fields
                .into_iter()
                .map(|f| Field {
                    ty: remap_ty(&f.ty, map),
                    ..f
                })
                .collect(),
            additional: additional.map(|a| remap_ty(&a, map)),
        },
        TypeKind::Alias(t) => TypeKind::Alias(remap_ty(&t, map)),
        other => other,
    }
}

fn remap_operation(op: &mut Operation, map: &[usize]) {
    for p in &mut op.params {
        p.ty = remap_ty(&p.ty, map);
    }
    if let Some(b) = &mut op.request {
        b.ty = remap_ty(&b.ty, map);
    }
    for r in &mut op.responses {
        if let Some(b) = &mut r.body {
            b.ty = remap_ty(&b.ty, map);
        }
    }
}

/// `A: {$ref: B}`, `B: {$ref: A}` names no type at all.
fn reject_alias_cycles(spec: &LoadedSpec, types: &[TypeDef]) -> Result<(), Error> {
    for (start, def) in types.iter().enumerate() {
        let mut seen = BTreeSet::from([start]);
        let mut current = &def.kind;
        while let TypeKind::Alias(Ty::Named(next)) = current {
            if !seen.insert(*next) {
                let pointer = def.origins.first().cloned().unwrap_or_default();
                return Err(Error::invalid(
                    spec.locate(&pointer),
                    format!(
                        "`{}` is a cycle of references that never reaches a schema",
                        def.name
                    ),
                ));
            }
            current = &types[*next].kind;
        }
    }
    Ok(())
}

/// `L: {type: array, items: {$ref: L}}` is `type L = Vec<L>`, which Rust
/// refuses: an alias may not contain itself, through arrays and maps or
/// other aliases. Such aliases become JSON values. Returns a warning, with
/// the schema's pointer, for each.
fn untype_recursive_aliases(types: &mut [TypeDef]) -> Vec<(String, String)> {
    fn named(ty: &Ty, out: &mut Vec<TypeId>) {
        match ty {
            Ty::Named(id) => out.push(*id),
            Ty::Vec(inner) | Ty::Map(inner) => named(inner, out),
            _ => {}
        }
    }
    let is_alias = |t: &TypeDef| matches!(t.kind, TypeKind::Alias(_));
    let edges: Vec<Vec<TypeId>> = types
        .iter()
        .map(|t| {
            let mut out = vec![];
            if let TypeKind::Alias(ty) = &t.kind {
                named(ty, &mut out);
            }
            out.retain(|&next| is_alias(&types[next]));
            out
        })
        .collect();
    let component = strongly_connected(&edges);
    let mut size: BTreeMap<usize, usize> = BTreeMap::new();
    for &c in &component {
        *size.entry(c).or_default() += 1;
    }
    let mut warnings = vec![];
    for id in 0..types.len() {
        let recursive = size[&component[id]] > 1 || edges[id].contains(&id);
        if !recursive {
            continue;
        }
        types[id].kind = TypeKind::Alias(Ty::Json);
        warnings.push((
            types[id].origins.first().cloned().unwrap_or_default(),
            format!(
                "`{}` contains itself through arrays or maps only, which a Rust type alias \
                 cannot: typed as `serde_json::Value`",
                types[id].name
            ),
        ));
    }
    warnings
}

/// Box struct fields that would otherwise make a type contain itself.
fn mark_boxes(types: &mut [TypeDef]) {
    fn direct(ty: &Ty) -> Option<TypeId> {
        match ty {
            Ty::Named(id) => Some(*id),
            _ => None,
        }
    }
    // A field is boxed when its type leads back to the struct holding it
    // through direct (unboxed, not `Vec`) references: when both lie in one
    // strongly connected component. Components in linear time, and without
    // recursion, since a chain of references can be as long as the spec.
    let edges: Vec<Vec<TypeId>> = types
        .iter()
        .map(|t| match &t.kind {
            TypeKind::Struct { fields, .. } => {
                fields.iter().filter_map(|f| direct(&f.ty)).collect()
            }
            TypeKind::Alias(t) => direct(t).into_iter().collect(),
            TypeKind::StringEnum { .. } | TypeKind::IntEnum { .. } => vec![],
        })
        .collect();
    let component = strongly_connected(&edges);
    for id in 0..types.len() {
        let TypeKind::Struct { fields, .. } = &types[id].kind else {
            continue;
        };
        let boxed: BTreeSet<String> = fields
            .iter()
            .filter(|f| direct(&f.ty).is_some_and(|next| component[next] == component[id]))
            .map(|f| f.rust.clone())
            .collect();
        types[id].boxed = boxed;
    }
}

/// Tarjan's strongly connected components, iteratively: the component of
/// each node.
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut component = vec![UNSEEN; n];
    let mut stack = vec![];
    let mut next_index = 0;
    let mut components = 0;
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        // (node, next edge to follow)
        let mut work = vec![(root, 0)];
        index[root] = next_index;
        low[root] = next_index;
        next_index += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (node, ref mut edge)) = work.last_mut() {
            if let Some(&next) = edges[node].get(*edge) {
                *edge += 1;
                if index[next] == UNSEEN {
                    index[next] = next_index;
                    low[next] = next_index;
                    next_index += 1;
                    stack.push(next);
                    on_stack[next] = true;
                    work.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(index[next]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = components;
                    if member == node {
                        break;
                    }
                }
                components += 1;
            }
        }
    }
    component
}

/// Operation marker and error names must not collide with types or with
/// each other (`addThing` and `AddThing` are both `AddThing`). Returns a
/// warning, with the operation's pointer, for each name changed.
fn name_operations(operations: &mut [Operation], types: &[TypeDef]) -> Vec<(String, String)> {
    let mut taken: BTreeSet<String> = types.iter().map(|t| t.name.clone()).collect();
    taken.extend(types.iter().flat_map(|t| t.aliases.iter().cloned()));
    taken.extend(MODULE_ITEMS.iter().map(|s| s.to_string()));
    let mut claim = |wanted: &str, fallback: &str| {
        if taken.insert(wanted.to_string()) {
            wanted.to_string()
        } else {
            claim_numbered(&mut taken, &format!("{wanted}{fallback}"))
        }
    };
    let mut warnings = vec![];
    for op in operations.iter_mut() {
        let pointer = join_pointer(
            &join_pointer("/paths", &op.path),
            &op.method.to_ascii_lowercase(),
        );
        let mut renamed = |what: &str, wanted: &str, got: &str| {
            if wanted != got {
                warnings.push((
                    pointer.clone(),
                    format!(
                        "the {what} of `{}` would be `{wanted}`, another item's name: it is \
                         `{got}`",
                        op.id
                    ),
                ));
            }
        };
        let marker = claim(&op.rust, "Operation");
        renamed("marker type", &op.rust, &marker);
        let error = claim(&op.error_name, "Status");
        renamed("error enum", &op.error_name, &error);
        op.rust = marker;
        op.error_name = error;
        if let Some(params) = op.params_name.clone() {
            let name = claim(&params, "Set");
            renamed("parameters struct", &params, &name);
            op.params_name = Some(name);
        }
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strongly_connected_components() {
        // 0 -> 1 -> 2 -> 0 is a cycle; 3 -> 3 loops; 4 -> 0 leads in only.
        let edges = vec![vec![1], vec![2], vec![0], vec![3], vec![0]];
        let c = strongly_connected(&edges);
        assert_eq!(c[0], c[1]);
        assert_eq!(c[1], c[2]);
        assert_ne!(c[3], c[0]);
        assert_ne!(c[4], c[0]);
        assert_ne!(c[4], c[3]);
    }

    #[test]
    fn shared_words_of_error_envelopes() {
        let names = [
            "ContactDeleteResponse403".to_string(),
            "PhonePutResponse403".to_string(),
        ];
        assert_eq!(shared_words(&names).as_deref(), Some("Response403"));
        let names = [
            "ContactPostResponse500".to_string(),
            "ContactPutResponse500".to_string(),
        ];
        assert_eq!(shared_words(&names).as_deref(), Some("ContactResponse500"));
        let names = [
            "ContactDeleteRequest".to_string(),
            "ContactPostResponse200".to_string(),
        ];
        assert_eq!(shared_words(&names), None);
        assert_eq!(shared_words(&["Abc".into(), "Xyz".into()]), None);
    }

    #[test]
    fn unique_names_never_take_a_name_another_wants() {
        let mut names: Vec<String> = ["Abc", "Abc", "Abc2", "Self_", "Self_", "type_", "type_"]
            .map(String::from)
            .to_vec();
        unique_names(&mut names, &BTreeSet::new(), "");
        assert_eq!(
            names,
            ["Abc", "Abc3", "Abc2", "Self_", "Self2", "type_", "type2"]
        );
        let mut fields: Vec<String> = ["id", "id", "additional_properties", "type_", "type_"]
            .map(String::from)
            .to_vec();
        let reserved = BTreeSet::from(["additional_properties".to_string()]);
        unique_names(&mut fields, &reserved, "_");
        assert_eq!(
            fields,
            ["id", "id_2", "additional_properties_2", "type_", "type_2"]
        );
    }

    #[test]
    fn candidate_names_grow_leftwards() {
        let place = [
            "contact_POST_Request".to_string(),
            "Contact".into(),
            "Phone".into(),
        ];
        assert_eq!(
            candidates(&place),
            ["Phone", "ContactPhone", "ContactPostRequestContactPhone"]
        );
    }

    #[test]
    fn labels_become_variant_names() {
        let enum_words: BTreeSet<String> = ["phone".into(), "type".into()].into();
        assert_eq!(
            label_name("Mobile phone", &enum_words).as_deref(),
            Some("Mobile")
        );
        assert_eq!(label_name("Fax", &enum_words).as_deref(), Some("Fax"));
        assert_eq!(
            label_name("A record could not be located.", &enum_words),
            None
        );
        assert_eq!(label_name("", &enum_words), None);
    }
}
