//! What changed between two versions of a spec: for the clients of the API,
//! and for Rust code that uses the generated module.
//!
//! Both versions go through the generator's own pipeline ([`crate::build_api`])
//! and are compared as models ([`crate::model::Api`]), so the Rust names in
//! the report are the ones `generated/` would hold. The comparison walks the
//! two models side by side from each operation (parameters, request body,
//! each response body), matching fields by wire name: a type is paired with
//! its counterpart by where it is used, whatever name merging gave it in
//! either version. Types that no operation reaches are paired by name.
//!
//! Every wire change has two verdicts:
//!
//! - **senders**, clients that build requests: a new required field, a
//!   tighter length, a removed field or enum value break them;
//! - **readers**, clients that read responses strictly, rejecting what the
//!   spec does not list (the generated enums do, at this version of the
//!   generator): a new enum value or status, a field that becomes optional,
//!   a looser length break them; new fields do not (unknown fields are
//!   ignored).
//!
//! A verdict is `n/a` when the type is not used in that direction. Where a
//! public item of the generated module changes, the change names it and
//! says whether code using it stops compiling (the generated structs and
//! enums are exhaustive, so a new field breaks struct literals and a new
//! variant breaks exhaustive matches).

use crate::emit;
use crate::error::{Diagnostics, Error, Warning};
use crate::model::{
    Api, Body, Constraints, Field, Operation, Status, Ty, TypeDef, TypeId, TypeKind,
};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Whether a change breaks one kind of client.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Verdict {
    /// Clients of this kind that followed the old spec can fail.
    #[serde(rename = "breaking")]
    Breaking,
    /// Clients of this kind keep working.
    #[serde(rename = "compatible")]
    Compatible,
    /// The changed item is not used in this direction.
    #[serde(rename = "n/a")]
    NotApplicable,
}

/// What kind of change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A new operation.
    OperationAdded,
    /// An operation is gone.
    OperationRemoved,
    /// Same method and path, new `operationId`.
    OperationRenamed,
    /// A new path, query or header parameter.
    ParameterAdded,
    /// A parameter is gone.
    ParameterRemoved,
    /// The operation now takes a body.
    RequestBodyAdded,
    /// The operation no longer takes a body.
    RequestBodyRemoved,
    /// A new response status.
    ResponseAdded,
    /// A response status is gone.
    ResponseRemoved,
    /// A response now has a body.
    ResponseBodyAdded,
    /// A response no longer has a body.
    ResponseBodyRemoved,
    /// A body's media type changed.
    MediaTypeChanged,
    /// A new field.
    FieldAdded,
    /// A field is gone.
    FieldRemoved,
    /// A field or parameter became required or optional.
    RequiredChanged,
    /// A field became nullable or not.
    NullableChanged,
    /// A different type (string to number, struct to enum, ...).
    TypeChanged,
    /// `format` changed.
    FormatChanged,
    /// `minLength` or `maxLength` changed.
    LengthChanged,
    /// `pattern` changed.
    PatternChanged,
    /// A single value became a list or back, or `minItems`/`maxItems` changed.
    CardinalityChanged,
    /// `minimum` or `maximum` changed.
    RangeChanged,
    /// A new enum value.
    EnumValueAdded,
    /// An enum value is gone.
    EnumValueRemoved,
    /// `additionalProperties` changed.
    AdditionalPropertiesChanged,
    /// A new server URL.
    ServerAdded,
    /// A server URL is gone.
    ServerRemoved,
    /// A description, summary or code-table meaning changed.
    DocsChanged,
    /// A new generated type.
    TypeAdded,
    /// A generated type is gone.
    TypeRemoved,
    /// A type's Rust name changed.
    TypeRenamed,
    /// A new alias for a merged type.
    AliasAdded,
    /// An alias is gone.
    AliasRemoved,
    /// A field, variant or marker keeps its wire name but gets another Rust name.
    RustRenamed,
    /// An associated type of an operation or an error variant's payload changed.
    SignatureChanged,
    /// The documents differ in a keyword the model does not carry.
    NotCompared,
}

impl Kind {
    fn sign(self) -> char {
        use Kind::*;
        match self {
            OperationAdded | ParameterAdded | RequestBodyAdded | ResponseAdded
            | ResponseBodyAdded | FieldAdded | EnumValueAdded | ServerAdded | TypeAdded
            | AliasAdded => '+',
            OperationRemoved | ParameterRemoved | RequestBodyRemoved | ResponseRemoved
            | ResponseBodyRemoved | FieldRemoved | EnumValueRemoved | ServerRemoved
            | TypeRemoved | AliasRemoved => '-',
            _ => '~',
        }
    }
}

/// A public item of the generated module that changes.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct RustChange {
    /// The item: `contact::Phone::phone_number`, `contact::PhoneType::Fax`,
    /// `<contact::ContactPost as Operation>::Request`.
    pub item: String,
    /// What happens to it.
    pub change: String,
    /// Whether code that uses the item as it was stops compiling.
    pub breaks: bool,
}

/// One change.
#[derive(Clone, Debug, Serialize)]
pub struct Change {
    /// What kind of change.
    pub kind: Kind,
    /// What changed: a field's wire name, an enum value, `parameter `x``,
    /// `response 404`; empty for the type or operation itself.
    pub at: String,
    /// Old and new, in words.
    pub detail: String,
    /// The verdict for clients that send requests.
    pub senders: Verdict,
    /// The verdict for clients that read responses strictly.
    pub readers: Verdict,
    /// The public Rust item that changes with it, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rust: Option<RustChange>,
}

/// Whether something was added, removed or changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Presence {
    /// Only in the new version.
    Added,
    /// Only in the old version.
    Removed,
    /// In both, different.
    Changed,
}

impl Presence {
    fn sign(self) -> char {
        match self {
            Presence::Added => '+',
            Presence::Removed => '-',
            Presence::Changed => '~',
        }
    }
}

/// A changed type an operation reaches.
#[derive(Clone, Debug, Serialize)]
pub struct TypeUse {
    /// The type's name in the new version (the old one if it was removed).
    pub name: String,
    /// Where the operation uses it: `request`, `response 200`,
    /// `parameter `id``, with the wire path inside the body.
    pub at: String,
}

/// The changes of one operation.
#[derive(Clone, Debug, Serialize)]
pub struct OperationReport {
    /// `operationId` (the new one when it changed).
    pub operation: String,
    /// HTTP method.
    pub method: String,
    /// Path template.
    pub path: String,
    /// Added, removed or changed.
    pub status: Presence,
    /// Whether this operation's changes, or those of a type its requests
    /// use, break senders.
    pub breaks_senders: bool,
    /// Whether this operation's changes, or those of a type its responses
    /// use, break readers.
    pub breaks_readers: bool,
    /// Changes to the operation itself.
    pub changes: Vec<Change>,
    /// Changed types it uses (their changes are under `types`).
    pub types: Vec<TypeUse>,
}

/// The changes of one type.
#[derive(Clone, Debug, Serialize)]
pub struct TypeReport {
    /// Its Rust name in the new version (the old one if it was removed).
    pub name: String,
    /// Its Rust name in the old version, when that differs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_name: Option<String>,
    /// `struct`, `enum` or `alias`.
    pub kind: String,
    /// Added, removed or changed.
    pub status: Presence,
    /// Where operations use it, `operationId request `Contact.Phone[]``;
    /// empty when no operation does.
    pub used_in: Vec<String>,
    /// The changes.
    pub changes: Vec<Change>,
}

/// Counts over the whole report.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Summary {
    /// Every change listed.
    pub changes: usize,
    /// Changes that break senders.
    pub breaking_senders: usize,
    /// Changes that break readers.
    pub breaking_readers: usize,
    /// Public Rust items that change.
    pub rust_items: usize,
    /// Of those, the ones whose change stops code using them compiling.
    pub rust_breaking: usize,
}

/// The report on two versions of one API.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// The generated module the Rust items are in.
    pub module: String,
    /// The old spec, as given (file name only from [`diff_files`]).
    pub old: String,
    /// The new spec.
    pub new: String,
    /// Counts.
    pub summary: Summary,
    /// Changes to the document as a whole (servers).
    pub spec: Vec<Change>,
    /// Per operation, in path and method order.
    pub operations: Vec<OperationReport>,
    /// Per type, by name.
    pub types: Vec<TypeReport>,
    /// Every public Rust item that changes, by item path.
    pub rust: Vec<RustChange>,
    /// Where the documents differ in keywords the model does not carry, by
    /// JSON pointer into the OpenAPI 3.0 form (filled by [`diff_files`]).
    pub not_compared: Vec<Change>,
}

/// Compare two specs files: build both with the generator's pipeline (the
/// same overlays applied to each), then [`compare`]. The report names the
/// files by their file names. Returns the report and the warnings that
/// building either raised.
pub fn diff_files(
    old: &Path,
    new: &Path,
    module: &str,
    overlays: &[PathBuf],
) -> Result<(Report, Vec<Warning>), Error> {
    if !crate::naming::is_module_name(module) {
        return Err(Error::Manifest(crate::naming::module_name_problem(module)));
    }
    let mut diagnostics = Diagnostics::default();
    let mut build = |path: &Path| -> Result<(Api, serde_json::Value), Error> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let spec = crate::load_with_overlays(path, &bytes, overlays, &mut diagnostics)?;
        let api = crate::model::build(&spec, module, &mut diagnostics)?;
        Ok((api, spec.document().clone()))
    };
    let (old_api, old_doc) = build(old)?;
    let (new_api, new_doc) = build(new)?;
    let label = |p: &Path| {
        p.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| p.display().to_string())
    };
    let mut report = compare(&old_api, &new_api, &label(old), &label(new));
    report.not_compared = not_compared(&old_doc, &new_doc);
    report.summarize();
    Ok((report, diagnostics.into_warnings()))
}

/// Keywords of the OpenAPI document that the model does not carry, so the
/// comparison of models cannot see them.
const NOT_MODELLED: &[&str] = &[
    "tags",
    "example",
    "examples",
    "readOnly",
    "writeOnly",
    "deprecated",
    "security",
    "securitySchemes",
    "externalDocs",
    "default",
    "uniqueItems",
    "multipleOf",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minProperties",
    "maxProperties",
    "discriminator",
    "xml",
    "headers",
    "links",
    "callbacks",
    "style",
    "explode",
    "allowEmptyValue",
    "allowReserved",
    "contact",
    "license",
    "termsOfService",
];

/// Maps whose keys are names, not keywords.
const NAME_MAPS: &[&str] = &[
    "properties",
    "paths",
    "responses",
    "schemas",
    "parameters",
    "requestBodies",
    "content",
    "securitySchemes",
    "headers",
    "links",
    "callbacks",
    "examples",
    "encoding",
];

/// Where the two OpenAPI documents differ in keywords the model does not
/// carry (`tags`, `example`, `x-` extensions, ...): listed so that a
/// difference the model cannot see is never silently dropped.
pub fn not_compared(old: &serde_json::Value, new: &serde_json::Value) -> Vec<Change> {
    fn keyword(segments: &[String]) -> Option<&str> {
        segments.iter().enumerate().find_map(|(i, s)| {
            let is_name = i > 0 && NAME_MAPS.contains(&segments[i - 1].as_str());
            let is_index = s.chars().all(|c| c.is_ascii_digit());
            (!is_name && !is_index && (NOT_MODELLED.contains(&s.as_str()) || s.starts_with("x-")))
                .then_some(s.as_str())
        })
    }
    fn walk(
        old: Option<&serde_json::Value>,
        new: Option<&serde_json::Value>,
        segments: &mut Vec<String>,
        out: &mut BTreeMap<String, &'static str>,
    ) {
        use serde_json::Value;
        if old == new {
            return;
        }
        if let Some(k) = keyword(segments) {
            let pointer: String = segments
                .iter()
                .take_while(|s| s.as_str() != k)
                .chain(std::iter::once(&k.to_string()))
                .map(|s| format!("/{}", crate::error::pointer_segment(s)))
                .collect();
            let what = match (old, new) {
                (None, _) => "added",
                (_, None) => "removed",
                _ => "changed",
            };
            out.entry(pointer).or_insert(what);
            return;
        }
        match (old, new) {
            (Some(Value::Object(a)), Some(Value::Object(b))) => {
                let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
                for key in keys {
                    segments.push(key.clone());
                    walk(a.get(key), b.get(key), segments, out);
                    segments.pop();
                }
            }
            (Some(Value::Array(a)), Some(Value::Array(b))) => {
                for i in 0..a.len().max(b.len()) {
                    segments.push(i.to_string());
                    walk(a.get(i), b.get(i), segments, out);
                    segments.pop();
                }
            }
            // A whole value added or removed is an operation, type or field
            // the model compares.
            _ => {}
        }
    }
    let mut found = BTreeMap::new();
    walk(Some(old), Some(new), &mut vec![], &mut found);
    found
        .into_iter()
        .map(|(pointer, what)| Change {
            kind: Kind::NotCompared,
            at: pointer,
            detail: format!(
                "{what}; the model does not carry it: no verdict, and the generated code \
                 does not reflect it"
            ),
            senders: Verdict::NotApplicable,
            readers: Verdict::NotApplicable,
            rust: None,
        })
        .collect()
}

/// Compare two models of one API.
pub fn compare(old: &Api, new: &Api, old_label: &str, new_label: &str) -> Report {
    let module = new.module.clone();
    let mut walker = Walker::new(old, new);
    let op_pairs = pair_operations(old, new);
    for (o, n) in &op_pairs {
        if let (Some(o), Some(n)) = (o, n) {
            walker.operation(&old.operations[*o], &new.operations[*n]);
        }
    }
    // Types no operation pairs up (aliases, unused definitions): by name.
    for (b, def) in new.types.iter().enumerate() {
        if walker.pairs.keys().any(|k| k.1 == b) {
            continue;
        }
        let Some(a) = old.types.iter().position(|t| t.name == def.name) else {
            continue;
        };
        if !walker.pairs.keys().any(|k| k.0 == a) {
            walker.pairs.entry((a, b)).or_default();
            walker.walk(&Ty::Named(a), &Ty::Named(b), None, "");
        }
    }

    let differ = Differ {
        old,
        new,
        module: &module,
        old_names: names(old),
        new_names: names(new),
    };
    let mut changed: BTreeMap<(TypeId, TypeId), TypeReport> = BTreeMap::new();
    for (&(a, b), used) in &walker.pairs {
        let changes = differ.type_changes(a, b, used.dir);
        if changes.is_empty() {
            continue;
        }
        let (oa, nb) = (&old.types[a], &new.types[b]);
        let report = TypeReport {
            name: nb.name.clone(),
            old_name: (oa.name != nb.name).then(|| oa.name.clone()),
            kind: kind_name(&nb.kind).to_string(),
            status: Presence::Changed,
            used_in: used.places(),
            changes,
        };
        changed.insert((a, b), report);
    }
    let mut types: Vec<TypeReport> = changed.values().cloned().collect();
    let paired_old: BTreeSet<TypeId> = walker.pairs.keys().map(|k| k.0).collect();
    let paired_new: BTreeSet<TypeId> = walker.pairs.keys().map(|k| k.1).collect();
    let old_reach = reach(old);
    let new_reach = reach(new);
    for (b, def) in new.types.iter().enumerate() {
        if !paired_new.contains(&b) {
            types.extend(differ.lone_type(def, Presence::Added, new_reach.get(&b)));
        }
    }
    for (a, def) in old.types.iter().enumerate() {
        if !paired_old.contains(&a) {
            types.extend(differ.lone_type(def, Presence::Removed, old_reach.get(&a)));
        }
    }
    types.sort_by(|x, y| {
        (&x.name, &x.old_name, x.status as u8).cmp(&(&y.name, &y.old_name, y.status as u8))
    });

    // Which changed types each operation reaches, and in which direction.
    let mut operations = vec![];
    for (o, n) in &op_pairs {
        let report = match (o, n) {
            (Some(o), Some(n)) => {
                differ.operation(&old.operations[*o], &new.operations[*n], &walker, &changed)
            }
            (None, Some(n)) => differ.lone_operation(&new.operations[*n], Presence::Added),
            (Some(o), None) => differ.lone_operation(&old.operations[*o], Presence::Removed),
            (None, None) => continue,
        };
        if !report.changes.is_empty() || !report.types.is_empty() {
            operations.push(report);
        }
    }

    let mut spec = vec![];
    for (at, a, b) in [
        ("info.title", &old.title, &new.title),
        ("info.version", &old.version, &new.version),
    ] {
        if a != b {
            spec.push(wire(
                Kind::DocsChanged,
                at,
                &format!("`{a}` -> `{b}`"),
                Dir::BOTH,
                false,
                false,
            ));
        }
    }
    if old.docs != new.docs {
        spec.push(wire(
            Kind::DocsChanged,
            "info.description",
            &docs_delta("description", &old.docs, &new.docs),
            Dir::BOTH,
            false,
            false,
        ));
    }
    let urls = |api: &Api| -> Vec<String> { api.servers.iter().map(|s| s.url.clone()).collect() };
    let (old_urls, new_urls) = (urls(old), urls(new));
    for url in &old_urls {
        if !new_urls.contains(url) {
            spec.push(wire(
                Kind::ServerRemoved,
                url,
                "server no longer listed",
                Dir::REQUEST,
                true,
                false,
            ));
        }
    }
    for url in &new_urls {
        if !old_urls.contains(url) {
            spec.push(wire(
                Kind::ServerAdded,
                url,
                "new server",
                Dir::REQUEST,
                false,
                false,
            ));
        }
    }

    let mut report = Report {
        module,
        old: old_label.to_string(),
        new: new_label.to_string(),
        summary: Summary::default(),
        spec,
        operations,
        types,
        rust: vec![],
        not_compared: vec![],
    };
    report.summarize();
    report
}

/// Operations paired by method and path, in the new version's order, then
/// removed ones in the old version's.
fn pair_operations(old: &Api, new: &Api) -> Vec<(Option<usize>, Option<usize>)> {
    let key = |op: &Operation| (op.path.clone(), op.method.clone());
    let old_keys: BTreeMap<_, usize> = old
        .operations
        .iter()
        .enumerate()
        .map(|(i, op)| (key(op), i))
        .collect();
    let mut pairs: Vec<(Option<usize>, Option<usize>)> = new
        .operations
        .iter()
        .enumerate()
        .map(|(i, op)| (old_keys.get(&key(op)).copied(), Some(i)))
        .collect();
    let new_keys: BTreeSet<_> = new.operations.iter().map(key).collect();
    for (i, op) in old.operations.iter().enumerate() {
        if !new_keys.contains(&key(op)) {
            pairs.push((Some(i), None));
        }
    }
    pairs.sort_by_key(|(o, n)| {
        let op = match (o, n) {
            (_, Some(n)) => &new.operations[*n],
            (Some(o), None) => &old.operations[*o],
            (None, None) => unreachable!("every pair has a side"),
        };
        key(op)
    });
    pairs
}

/// Every Rust type name and alias of a model.
fn names(api: &Api) -> BTreeSet<String> {
    api.types
        .iter()
        .flat_map(|t| std::iter::once(t.name.clone()).chain(t.aliases.iter().cloned()))
        .collect()
}

fn kind_name(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct { .. } => "struct",
        TypeKind::StringEnum { .. } | TypeKind::IntEnum { .. } => "enum",
        TypeKind::Alias(_) => "alias",
    }
}

/// Directions a type is used in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Dir {
    request: bool,
    response: bool,
}

impl Dir {
    const REQUEST: Dir = Dir {
        request: true,
        response: false,
    };
    const RESPONSE: Dir = Dir {
        request: false,
        response: true,
    };
    const BOTH: Dir = Dir {
        request: true,
        response: true,
    };

    fn verdicts(self, senders_break: bool, readers_break: bool) -> (Verdict, Verdict) {
        let verdict = |used: bool, breaks: bool| match (used, breaks) {
            (false, _) => Verdict::NotApplicable,
            (true, true) => Verdict::Breaking,
            (true, false) => Verdict::Compatible,
        };
        (
            verdict(self.request, senders_break),
            verdict(self.response, readers_break),
        )
    }
}

/// A wire change used in `dir`.
fn wire(
    kind: Kind,
    at: &str,
    detail: &str,
    dir: Dir,
    senders_break: bool,
    readers_break: bool,
) -> Change {
    let (senders, readers) = dir.verdicts(senders_break, readers_break);
    Change {
        kind,
        at: at.to_string(),
        detail: detail.to_string(),
        senders,
        readers,
        rust: None,
    }
}

/// A change only the Rust side sees.
fn rust_only(kind: Kind, at: &str, detail: &str, rust: RustChange) -> Change {
    Change {
        kind,
        at: at.to_string(),
        detail: detail.to_string(),
        senders: Verdict::NotApplicable,
        readers: Verdict::NotApplicable,
        rust: Some(rust),
    }
}

fn rust(item: String, change: impl Into<String>, breaks: bool) -> Option<RustChange> {
    Some(RustChange {
        item,
        change: change.into(),
        breaks,
    })
}

/// How a pair of types is used: directions, and where (operation and role
/// to the shortest wire path inside the body).
#[derive(Clone, Debug, Default)]
struct Use {
    dir: Dir,
    at: BTreeMap<String, String>,
}

impl Use {
    fn places(&self) -> Vec<String> {
        self.at
            .iter()
            .map(|(via, path)| {
                if path.is_empty() {
                    via.clone()
                } else {
                    format!("{via} `{path}`")
                }
            })
            .collect()
    }
}

/// Where a walk started: an operation's parameter, request or response.
struct Via {
    label: String,
    request: bool,
}

/// Pairs the types of two models by walking them side by side.
struct Walker<'a> {
    old: &'a Api,
    new: &'a Api,
    pairs: BTreeMap<(TypeId, TypeId), Use>,
    seen_unused: BTreeSet<(TypeId, TypeId)>,
}

/// `Ty::Named` of an alias is the type it stands for, on the wire.
fn resolve<'t>(api: &'t Api, mut ty: &'t Ty) -> &'t Ty {
    // Alias cycles are rejected when the model is built; the bound is a guard.
    for _ in 0..64 {
        match ty {
            Ty::Named(id) => match &api.types[*id].kind {
                TypeKind::Alias(inner) => ty = inner,
                _ => return ty,
            },
            _ => return ty,
        }
    }
    ty
}

fn join(path: &str, wire: &str) -> String {
    if path.is_empty() {
        wire.to_string()
    } else {
        format!("{path}.{wire}")
    }
}

impl<'a> Walker<'a> {
    fn new(old: &'a Api, new: &'a Api) -> Self {
        Walker {
            old,
            new,
            pairs: BTreeMap::new(),
            seen_unused: BTreeSet::new(),
        }
    }

    fn operation(&mut self, o: &Operation, n: &Operation) {
        let id = &n.id;
        for p in &o.params {
            if let Some(q) = n
                .params
                .iter()
                .find(|q| q.wire == p.wire && q.location == p.location)
            {
                let via = Via {
                    label: format!("{id} parameter `{}`", q.wire),
                    request: true,
                };
                self.walk(&p.ty, &q.ty, Some(&via), "");
            }
        }
        if let (Some(a), Some(b)) = (&o.request, &n.request) {
            let via = Via {
                label: format!("{id} request"),
                request: true,
            };
            self.walk(&a.ty, &b.ty, Some(&via), "");
        }
        for r in &o.responses {
            let Some(s) = n.responses.iter().find(|s| s.status == r.status) else {
                continue;
            };
            if let (Some(a), Some(b)) = (&r.body, &s.body) {
                let via = Via {
                    label: format!("{id} response {}", s.status),
                    request: false,
                };
                self.walk(&a.ty, &b.ty, Some(&via), "");
            }
        }
    }

    fn walk(&mut self, o: &Ty, n: &Ty, via: Option<&Via>, path: &str) {
        let (old, new) = (self.old, self.new);
        let o = resolve(old, o);
        let n = resolve(new, n);
        match (o, n) {
            (Ty::Named(a), Ty::Named(b)) => {
                let key = (*a, *b);
                let recurse = match via {
                    Some(via) => {
                        let used = self.pairs.entry(key).or_default();
                        if via.request {
                            used.dir.request = true;
                        } else {
                            used.dir.response = true;
                        }
                        match used.at.get(&via.label) {
                            Some(seen) => {
                                if path.len() < seen.len() {
                                    used.at.insert(via.label.clone(), path.to_string());
                                }
                                false
                            }
                            None => {
                                used.at.insert(via.label.clone(), path.to_string());
                                true
                            }
                        }
                    }
                    None => {
                        self.pairs.entry(key).or_default();
                        self.seen_unused.insert(key)
                    }
                };
                if !recurse {
                    return;
                }
                if let (
                    TypeKind::Struct {
                        fields: of,
                        additional: oa,
                    },
                    TypeKind::Struct {
                        fields: nf,
                        additional: na,
                    },
                ) = (&old.types[*a].kind, &new.types[*b].kind)
                {
                    for f in of {
                        if let Some(g) = nf.iter().find(|g| g.wire == f.wire) {
                            self.walk(&f.ty, &g.ty, via, &join(path, &f.wire));
                        }
                    }
                    if let (Some(x), Some(y)) = (oa, na) {
                        self.walk(x, y, via, &join(path, "*"));
                    }
                }
            }
            (Ty::Vec(a), Ty::Vec(b)) => self.walk(a, b, via, &format!("{path}[]")),
            (Ty::Map(a), Ty::Map(b)) => self.walk(a, b, via, &join(path, "*")),
            // A single value that became a list, or back: the elements are
            // still the same thing.
            (Ty::Vec(a), other) => self.walk(a, other, via, path),
            (other, Ty::Vec(b)) => self.walk(other, b, via, path),
            _ => {}
        }
    }
}

/// Where each type of one model is used.
fn reach(api: &Api) -> BTreeMap<TypeId, Use> {
    let mut walker = Walker::new(api, api);
    for op in &api.operations {
        walker.operation(op, op);
    }
    walker
        .pairs
        .into_iter()
        .filter(|((a, b), _)| a == b)
        .map(|((a, _), used)| (a, used))
        .collect()
}

/// A field's type as emitted: `Option<Box<Phone>>`.
fn field_rust_ty(field: &Field, def: &TypeDef, api: &Api) -> String {
    let mut inner = emit::ty_name(&field.ty, api);
    if def.boxed.contains(&field.rust) {
        inner = format!("Box<{inner}>");
    }
    if field.required && !field.nullable {
        inner
    } else {
        format!("Option<{inner}>")
    }
}

fn body_name(body: &Body, api: &Api) -> String {
    match emit::body_spec_name(body, api) {
        Some(name) => name.to_string(),
        None => emit::ty_name(&body.ty, api),
    }
}

fn optional(required: bool) -> &'static str {
    if required {
        "required"
    } else {
        "optional"
    }
}

/// A bound (`maxLength`, `minimum`, ...) before and after, and whether the
/// change tightens or loosens what is allowed.
fn bound_change<T: PartialOrd + std::fmt::Display>(
    name: &str,
    old: Option<T>,
    new: Option<T>,
    upper: bool,
) -> Option<(String, bool, bool)> {
    let show = |v: &Option<T>| match v {
        Some(v) => v.to_string(),
        None => "none".to_string(),
    };
    let (tightens, loosens) = match (&old, &new) {
        (None, None) => return None,
        (Some(a), Some(b)) if a == b => return None,
        (None, Some(_)) => (true, false),
        (Some(_), None) => (false, true),
        (Some(a), Some(b)) => {
            let smaller = b < a;
            (smaller == upper, smaller != upper)
        }
    };
    Some((
        format!("{name} {} -> {}", show(&old), show(&new)),
        tightens,
        loosens,
    ))
}

/// A number as the spec wrote it, compared as a number.
#[derive(Clone, Debug, PartialEq)]
struct Num(String);

impl PartialOrd for Num {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        let a: f64 = self.0.parse().ok()?;
        let b: f64 = other.0.parse().ok()?;
        a.partial_cmp(&b)
    }
}

impl std::fmt::Display for Num {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Changes of `format`, `pattern` and the bounds, each with whether it
/// tightens (breaks senders) or loosens (breaks strict readers).
fn constraint_changes(old: &Constraints, new: &Constraints) -> Vec<(Kind, String, bool, bool)> {
    let mut out = vec![];
    let text = |kind: Kind, name: &str, a: &Option<String>, b: &Option<String>| {
        let show = |v: &Option<String>| match v {
            Some(v) => format!("`{v}`"),
            None => "none".to_string(),
        };
        (a != b).then(|| {
            (
                kind,
                format!("{name} {} -> {}", show(a), show(b)),
                b.is_some(),
                a.is_some(),
            )
        })
    };
    out.extend(text(
        Kind::FormatChanged,
        "format",
        &old.format,
        &new.format,
    ));
    out.extend(text(
        Kind::PatternChanged,
        "pattern",
        &old.pattern,
        &new.pattern,
    ));
    let bounds = [
        (
            Kind::LengthChanged,
            bound_change("minLength", old.min_length, new.min_length, false),
        ),
        (
            Kind::LengthChanged,
            bound_change("maxLength", old.max_length, new.max_length, true),
        ),
        (
            Kind::CardinalityChanged,
            bound_change("minItems", old.min_items, new.min_items, false),
        ),
        (
            Kind::CardinalityChanged,
            bound_change("maxItems", old.max_items, new.max_items, true),
        ),
        (
            Kind::RangeChanged,
            bound_change(
                "minimum",
                old.minimum.clone().map(Num),
                new.minimum.clone().map(Num),
                false,
            ),
        ),
        (
            Kind::RangeChanged,
            bound_change(
                "maximum",
                old.maximum.clone().map(Num),
                new.maximum.clone().map(Num),
                true,
            ),
        ),
    ];
    for (kind, change) in bounds {
        if let Some((detail, tightens, loosens)) = change {
            out.push((kind, detail, tightens, loosens));
        }
    }
    out
}

/// Docs generated for inline types without a description name their place,
/// which moves with the spec: not a change anyone wrote.
fn written_docs(docs: &str) -> &str {
    if docs.starts_with("The schema at `") {
        ""
    } else {
        docs
    }
}

struct Differ<'a> {
    old: &'a Api,
    new: &'a Api,
    module: &'a str,
    old_names: BTreeSet<String>,
    new_names: BTreeSet<String>,
}

impl Differ<'_> {
    /// `module::Type::member`. Known shortcoming: every item is taken to be
    /// in the API's own module; a type the generator moves to a module
    /// shared by several APIs would need that module's path here.
    fn item(&self, parts: &[&str]) -> String {
        let mut item = self.module.to_string();
        for part in parts {
            item.push_str("::");
            item.push_str(part);
        }
        item
    }

    /// A difference of shape between two types at one place: list or not,
    /// another primitive, struct against enum. `None` when the shapes
    /// agree (the pair's own changes are reported on the pair).
    fn shape(&self, o: &Ty, n: &Ty) -> Option<(Kind, String, bool, bool)> {
        let (old, new) = (self.old, self.new);
        let o = resolve(old, o);
        let n = resolve(new, n);
        let describe = |ty: &Ty, api: &Api| -> String {
            match ty {
                Ty::Named(id) => format!(
                    "{} `{}`",
                    kind_name(&api.types[*id].kind),
                    api.types[*id].name
                ),
                other => format!("`{}`", emit::ty_name(other, api)),
            }
        };
        let is_enum = |ty: &Ty, api: &Api| match ty {
            Ty::Named(id) => matches!(api.types[*id].kind, TypeKind::StringEnum { .. }),
            _ => false,
        };
        match (o, n) {
            (Ty::Vec(a), Ty::Vec(b)) | (Ty::Map(a), Ty::Map(b)) => self
                .shape(a, b)
                .map(|(k, d, s, r)| (k, format!("items: {d}"), s, r)),
            (Ty::Vec(_), _) => Some((
                Kind::CardinalityChanged,
                format!("list -> single value ({})", describe(n, new)),
                true,
                true,
            )),
            (_, Ty::Vec(_)) => Some((
                Kind::CardinalityChanged,
                format!("single value ({}) -> list", describe(o, old)),
                true,
                true,
            )),
            (Ty::Named(a), Ty::Named(b)) => {
                let (ka, kb) = (&old.types[*a].kind, &new.types[*b].kind);
                (std::mem::discriminant(ka) != std::mem::discriminant(kb)).then(|| {
                    (
                        Kind::TypeChanged,
                        format!("{} -> {}", describe(o, old), describe(n, new)),
                        true,
                        true,
                    )
                })
            }
            // A string that became an enum takes fewer values: senders
            // break. An enum that became a string may hold any: readers do.
            (Ty::String, _) if is_enum(n, new) => Some((
                Kind::TypeChanged,
                format!("`String` -> {}", describe(n, new)),
                true,
                false,
            )),
            (_, Ty::String) if is_enum(o, old) => Some((
                Kind::TypeChanged,
                format!("{} -> `String`", describe(o, old)),
                false,
                true,
            )),
            (a, b) if std::mem::discriminant(a) == std::mem::discriminant(b) => None,
            _ => Some((
                Kind::TypeChanged,
                format!("{} -> {}", describe(o, old), describe(n, new)),
                true,
                true,
            )),
        }
    }

    fn type_changes(&self, a: TypeId, b: TypeId, dir: Dir) -> Vec<Change> {
        let (od, nd) = (&self.old.types[a], &self.new.types[b]);
        let mut out = vec![];
        if od.name != nd.name {
            let survives = self.new_names.contains(&od.name);
            let detail = if survives {
                format!(
                    "`{}` is now `{}` here (the old name remains, for another type)",
                    od.name, nd.name
                )
            } else {
                format!("`{}` is now `{}`", od.name, nd.name)
            };
            out.push(rust_only(
                Kind::TypeRenamed,
                "",
                &detail,
                RustChange {
                    item: self.item(&[&od.name]),
                    change: format!("renamed to `{}`", self.item(&[&nd.name])),
                    breaks: !survives,
                },
            ));
        }
        for alias in &od.aliases {
            if !nd.aliases.contains(alias) && *alias != nd.name && !self.new_names.contains(alias) {
                out.push(rust_only(
                    Kind::AliasRemoved,
                    alias,
                    &format!("alias `{alias}` of `{}` is gone", nd.name),
                    RustChange {
                        item: self.item(&[alias]),
                        change: "alias removed".into(),
                        breaks: true,
                    },
                ));
            }
        }
        for alias in &nd.aliases {
            if !od.aliases.contains(alias) && !self.old_names.contains(alias) {
                out.push(rust_only(
                    Kind::AliasAdded,
                    alias,
                    &format!("new alias `{alias}` of `{}`", nd.name),
                    RustChange {
                        item: self.item(&[alias]),
                        change: format!("new alias of `{}`", nd.name),
                        breaks: false,
                    },
                ));
            }
        }
        if written_docs(&od.docs) != written_docs(&nd.docs) {
            out.push(wire(
                Kind::DocsChanged,
                "",
                &docs_delta(
                    "description",
                    written_docs(&od.docs),
                    written_docs(&nd.docs),
                ),
                dir,
                false,
                false,
            ));
        }
        match (&od.kind, &nd.kind) {
            (
                TypeKind::Struct {
                    fields: of,
                    additional: oa,
                },
                TypeKind::Struct {
                    fields: nf,
                    additional: na,
                },
            ) => {
                self.field_changes(od, nd, of, nf, dir, &mut out);
                self.additional_changes(nd, oa.as_ref(), na.as_ref(), dir, &mut out);
            }
            (TypeKind::StringEnum { variants: ov }, TypeKind::StringEnum { variants: nv }) => {
                for v in ov {
                    match nv.iter().find(|w| w.wire == v.wire) {
                        None => {
                            let mut c = wire(
                                Kind::EnumValueRemoved,
                                &value_at(&v.wire),
                                "value removed",
                                dir,
                                true,
                                false,
                            );
                            c.rust = rust(self.item(&[&nd.name, &v.rust]), "variant removed", true);
                            out.push(c);
                        }
                        Some(w) => {
                            if w.rust != v.rust {
                                out.push(rust_only(
                                    Kind::RustRenamed,
                                    &value_at(&v.wire),
                                    &format!("variant `{}` is now `{}`", v.rust, w.rust),
                                    RustChange {
                                        item: self.item(&[&nd.name, &v.rust]),
                                        change: format!("renamed to `{}`", w.rust),
                                        breaks: true,
                                    },
                                ));
                            }
                            if v.docs != w.docs {
                                out.push(wire(
                                    Kind::DocsChanged,
                                    &value_at(&v.wire),
                                    &docs_delta("meaning", &v.docs, &w.docs),
                                    dir,
                                    false,
                                    false,
                                ));
                            }
                        }
                    }
                }
                for w in nv {
                    if !ov.iter().any(|v| v.wire == w.wire) {
                        // Enums received in responses are open: they keep
                        // values they do not list, so a new one breaks no
                        // reader at the wire; exhaustive matches (the Rust
                        // item below) still break. Request-only enums are
                        // strict.
                        let open = nd.direction.response;
                        let mut c = wire(
                            Kind::EnumValueAdded,
                            &value_at(&w.wire),
                            if w.docs.is_empty() {
                                "new value".to_string()
                            } else {
                                format!("new value: {}", first_line(&w.docs))
                            }
                            .as_str(),
                            dir,
                            false,
                            !open,
                        );
                        c.rust = rust(
                            self.item(&[&nd.name, &w.rust]),
                            "new variant: exhaustive matches no longer compile",
                            true,
                        );
                        out.push(c);
                    }
                }
            }
            (TypeKind::Alias(x), TypeKind::Alias(y)) => {
                if let Some((kind, detail, s, r)) = self.shape(x, y) {
                    let mut c = wire(kind, "", &detail, dir, s, r);
                    c.rust = rust(
                        self.item(&[&nd.name]),
                        format!(
                            "`{}` -> `{}`",
                            emit::ty_name(x, self.old),
                            emit::ty_name(y, self.new)
                        ),
                        true,
                    );
                    out.push(c);
                }
            }
            (ok, nk) => {
                let mut c = wire(
                    Kind::TypeChanged,
                    "",
                    &format!("{} -> {}", kind_name(ok), kind_name(nk)),
                    dir,
                    true,
                    true,
                );
                c.rust = rust(
                    self.item(&[&nd.name]),
                    format!("now a {}", kind_name(nk)),
                    true,
                );
                out.push(c);
            }
        }
        out
    }

    fn field_changes(
        &self,
        od: &TypeDef,
        nd: &TypeDef,
        of: &[Field],
        nf: &[Field],
        dir: Dir,
        out: &mut Vec<Change>,
    ) {
        for f in of {
            let Some(g) = nf.iter().find(|g| g.wire == f.wire) else {
                // Senders that still set it send what the spec no longer
                // has: breaking, on the cautious assumption that the
                // gateway rejects requests that do not match the spec (its
                // test cases list "request does not match yaml file").
                // Readers that relied on a required field lose it.
                let mut c = wire(
                    Kind::FieldRemoved,
                    &f.wire,
                    &format!("{} field removed", optional(f.required)),
                    dir,
                    true,
                    f.required,
                );
                c.rust = rust(
                    self.item(&[&nd.name, &f.rust]),
                    "field removed: code that reads or sets it no longer compiles",
                    true,
                );
                out.push(c);
                continue;
            };
            let old_rust = field_rust_ty(f, od, self.old);
            let new_rust = field_rust_ty(g, nd, self.new);
            let item = self.item(&[&nd.name, &g.rust]);
            // The field's Rust type change, told with the first wire change
            // that explains it.
            let mut retyped = (old_rust != new_rust)
                .then(|| rust(item.clone(), format!("`{old_rust}` -> `{new_rust}`"), true))
                .flatten();
            if f.rust != g.rust {
                out.push(rust_only(
                    Kind::RustRenamed,
                    &g.wire,
                    &format!("field `{}` is now `{}`", f.rust, g.rust),
                    RustChange {
                        item: self.item(&[&nd.name, &f.rust]),
                        change: format!("renamed to `{}`", g.rust),
                        breaks: true,
                    },
                ));
            }
            if let Some((kind, detail, s, r)) = self.shape(&f.ty, &g.ty) {
                let mut c = wire(kind, &g.wire, &detail, dir, s, r);
                c.rust = retyped.take();
                out.push(c);
            }
            if f.required != g.required {
                let mut c = wire(
                    Kind::RequiredChanged,
                    &g.wire,
                    &format!("{} -> {}", optional(f.required), optional(g.required)),
                    dir,
                    g.required,
                    !g.required,
                );
                c.rust = retyped.take();
                out.push(c);
            }
            if f.nullable != g.nullable {
                let word = |n: bool| if n { "nullable" } else { "not nullable" };
                let mut c = wire(
                    Kind::NullableChanged,
                    &g.wire,
                    &format!("{} -> {}", word(f.nullable), word(g.nullable)),
                    dir,
                    !g.nullable,
                    g.nullable,
                );
                c.rust = retyped.take();
                out.push(c);
            }
            // Left over: a rename of the field's type (told on the type) or
            // a `Box` that a cycle added or removed.
            let boxed = |def: &TypeDef, field: &Field| def.boxed.contains(&field.rust);
            if let Some(change) = retyped.take().filter(|_| boxed(od, f) != boxed(nd, g)) {
                out.push(rust_only(
                    Kind::SignatureChanged,
                    &g.wire,
                    "boxing changed to break a cycle",
                    change,
                ));
            }
            for (kind, detail, s, r) in constraint_changes(&f.constraints, &g.constraints) {
                out.push(wire(kind, &g.wire, &detail, dir, s, r));
            }
            if f.docs != g.docs {
                out.push(wire(
                    Kind::DocsChanged,
                    &g.wire,
                    &docs_delta("description", &f.docs, &g.docs),
                    dir,
                    false,
                    false,
                ));
            }
        }
        for g in nf {
            if of.iter().any(|f| f.wire == g.wire) {
                continue;
            }
            let ty = field_rust_ty(g, nd, self.new);
            let mut c = wire(
                Kind::FieldAdded,
                &g.wire,
                &format!("new {} field `{ty}`", optional(g.required)),
                dir,
                g.required,
                false,
            );
            c.rust = rust(
                self.item(&[&nd.name, &g.rust]),
                format!("new field `{ty}`: struct literals no longer compile"),
                true,
            );
            out.push(c);
        }
    }

    fn additional_changes(
        &self,
        nd: &TypeDef,
        oa: Option<&Ty>,
        na: Option<&Ty>,
        dir: Dir,
        out: &mut Vec<Change>,
    ) {
        let item = self.item(&[&nd.name, "additional_properties"]);
        match (oa, na) {
            (None, None) => {}
            (None, Some(t)) => {
                let mut c = wire(
                    Kind::AdditionalPropertiesChanged,
                    "",
                    "other properties now allowed",
                    dir,
                    false,
                    false,
                );
                c.rust = rust(
                    item,
                    format!(
                        "new field `BTreeMap<String, {}>`: struct literals no longer compile",
                        emit::ty_name(t, self.new)
                    ),
                    true,
                );
                out.push(c);
            }
            (Some(_), None) => {
                let mut c = wire(
                    Kind::AdditionalPropertiesChanged,
                    "",
                    "other properties no longer allowed",
                    dir,
                    true,
                    false,
                );
                c.rust = rust(item, "field removed", true);
                out.push(c);
            }
            (Some(x), Some(y)) => {
                if let Some((kind, detail, s, r)) = self.shape(x, y) {
                    let mut c = wire(kind, "*", &format!("other properties: {detail}"), dir, s, r);
                    c.rust = rust(
                        item,
                        format!(
                            "`BTreeMap<String, {}>` -> `BTreeMap<String, {}>`",
                            emit::ty_name(x, self.old),
                            emit::ty_name(y, self.new)
                        ),
                        true,
                    );
                    out.push(c);
                }
            }
        }
    }

    /// A type only one version has; `None` when all its names exist in the
    /// other version too (the Rust items stay).
    fn lone_type(&self, def: &TypeDef, status: Presence, used: Option<&Use>) -> Option<TypeReport> {
        let api = if status == Presence::Added {
            self.new
        } else {
            self.old
        };
        let contents = match &def.kind {
            TypeKind::Struct { fields, .. } => {
                let names: Vec<&str> = fields.iter().map(|f| f.wire.as_str()).collect();
                format!("fields {}", listing(&names))
            }
            TypeKind::StringEnum { variants } => {
                let names: Vec<&str> = variants.iter().map(|v| v.wire.as_str()).collect();
                format!("values {}", listing(&names))
            }
            TypeKind::IntEnum { variants } => {
                let values: Vec<String> = variants.iter().map(|v| v.value.to_string()).collect();
                let names: Vec<&str> = values.iter().map(String::as_str).collect();
                format!("values {}", listing(&names))
            }
            TypeKind::Alias(ty) => format!("`{}`", emit::ty_name(ty, api)),
        };
        let mut names = vec![def.name.clone()];
        names.extend(def.aliases.iter().cloned());
        let mut changes = vec![];
        for name in names {
            let (kind, what, breaks) = match status {
                Presence::Added if self.old_names.contains(&name) => continue,
                Presence::Removed if self.new_names.contains(&name) => continue,
                Presence::Added => (Kind::TypeAdded, "new", false),
                _ => (Kind::TypeRemoved, "removed", true),
            };
            let change = if name == def.name {
                format!("{what} {}: {contents}", kind_name(&def.kind))
            } else if status == Presence::Added {
                format!("new alias of `{}`", def.name)
            } else {
                format!("alias of `{}` removed", def.name)
            };
            changes.push(rust_only(
                kind,
                "",
                &change,
                RustChange {
                    item: self.item(&[&name]),
                    change: change.clone(),
                    breaks,
                },
            ));
        }
        (!changes.is_empty()).then(|| TypeReport {
            name: def.name.clone(),
            old_name: None,
            kind: kind_name(&def.kind).to_string(),
            status,
            used_in: used.map(Use::places).unwrap_or_default(),
            changes,
        })
    }

    fn lone_operation(&self, op: &Operation, status: Presence) -> OperationReport {
        let added = status == Presence::Added;
        let mut c = wire(
            if added {
                Kind::OperationAdded
            } else {
                Kind::OperationRemoved
            },
            "",
            &format!(
                "{} `{} {}`",
                if added {
                    "new operation"
                } else {
                    "operation removed"
                },
                op.method,
                op.path
            ),
            Dir::BOTH,
            !added,
            !added,
        );
        c.rust = rust(
            self.item(&[&op.rust]),
            if added {
                "new operation marker (with its error enum and parameters)"
            } else {
                "operation marker removed (with its error enum and parameters)"
            },
            !added,
        );
        OperationReport {
            operation: op.id.clone(),
            method: op.method.clone(),
            path: op.path.clone(),
            status,
            breaks_senders: !added,
            breaks_readers: !added,
            changes: vec![c],
            types: vec![],
        }
    }

    fn operation(
        &self,
        o: &Operation,
        n: &Operation,
        walker: &Walker,
        types: &BTreeMap<(TypeId, TypeId), TypeReport>,
    ) -> OperationReport {
        let (old, new) = (self.old, self.new);
        let mut out = vec![];
        if o.id != n.id {
            let mut c = wire(
                Kind::OperationRenamed,
                "",
                &format!("operationId `{}` -> `{}`", o.id, n.id),
                Dir::BOTH,
                false,
                false,
            );
            if o.rust != n.rust {
                c.rust = rust(
                    self.item(&[&o.rust]),
                    format!("renamed to `{}`", self.item(&[&n.rust])),
                    true,
                );
            }
            out.push(c);
        } else if o.rust != n.rust {
            out.push(rust_only(
                Kind::RustRenamed,
                "",
                &format!("marker `{}` is now `{}`", o.rust, n.rust),
                RustChange {
                    item: self.item(&[&o.rust]),
                    change: format!("renamed to `{}`", self.item(&[&n.rust])),
                    breaks: true,
                },
            ));
        }
        if o.summary != n.summary {
            out.push(wire(
                Kind::DocsChanged,
                "",
                &docs_delta("summary", &o.summary, &n.summary),
                Dir::BOTH,
                false,
                false,
            ));
        }
        if o.docs != n.docs {
            out.push(wire(
                Kind::DocsChanged,
                "",
                &docs_delta("description", &o.docs, &n.docs),
                Dir::BOTH,
                false,
                false,
            ));
        }

        // Parameters.
        let params_item = |field: &str| {
            let name = n
                .params_name
                .as_deref()
                .or(o.params_name.as_deref())
                .unwrap_or("()");
            self.item(&[name, field])
        };
        for p in &o.params {
            let at = format!("parameter `{}`", p.wire);
            let Some(q) = n
                .params
                .iter()
                .find(|q| q.wire == p.wire && q.location == p.location)
            else {
                let mut c = wire(
                    Kind::ParameterRemoved,
                    &at,
                    &format!(
                        "{} {:?} parameter removed",
                        optional(p.required),
                        p.location
                    )
                    .to_lowercase(),
                    Dir::REQUEST,
                    true,
                    false,
                );
                c.rust = rust(params_item(&p.rust), "field removed", true);
                out.push(c);
                continue;
            };
            let ty = |param: &crate::model::Param, api: &Api| {
                let t = emit::ty_name(&param.ty, api);
                if param.required {
                    t
                } else {
                    format!("Option<{t}>")
                }
            };
            let (old_rust, new_rust) = (ty(p, old), ty(q, new));
            let mut told = false;
            if let Some((kind, detail, s, _)) = self.shape(&p.ty, &q.ty) {
                let mut c = wire(kind, &at, &detail, Dir::REQUEST, s, false);
                c.rust = rust(
                    params_item(&q.rust),
                    format!("`{old_rust}` -> `{new_rust}`"),
                    true,
                );
                told = true;
                out.push(c);
            }
            if p.required != q.required {
                let mut c = wire(
                    Kind::RequiredChanged,
                    &at,
                    &format!("{} -> {}", optional(p.required), optional(q.required)),
                    Dir::REQUEST,
                    q.required,
                    false,
                );
                if !told {
                    c.rust = rust(
                        params_item(&q.rust),
                        format!("`{old_rust}` -> `{new_rust}`"),
                        true,
                    );
                }
                out.push(c);
            }
            if p.docs != q.docs {
                out.push(wire(
                    Kind::DocsChanged,
                    &at,
                    &docs_delta("description", &p.docs, &q.docs),
                    Dir::REQUEST,
                    false,
                    false,
                ));
            }
        }
        for q in &n.params {
            if o.params
                .iter()
                .any(|p| p.wire == q.wire && p.location == q.location)
            {
                continue;
            }
            let mut c = wire(
                Kind::ParameterAdded,
                &format!("parameter `{}`", q.wire),
                &format!("new {} {:?} parameter", optional(q.required), q.location).to_lowercase(),
                Dir::REQUEST,
                q.required,
                false,
            );
            c.rust = rust(
                params_item(&q.rust),
                "new field: struct literals no longer compile",
                true,
            );
            out.push(c);
        }

        // The request body.
        match (&o.request, &n.request) {
            (None, None) => {}
            (None, Some(b)) => out.push(wire(
                Kind::RequestBodyAdded,
                "request",
                &format!(
                    "{} body `{}` ({})",
                    optional(n.request_required),
                    body_name(b, new),
                    b.media_type
                ),
                Dir::REQUEST,
                n.request_required,
                false,
            )),
            (Some(a), None) => out.push(wire(
                Kind::RequestBodyRemoved,
                "request",
                &format!("body `{}` removed", body_name(a, old)),
                Dir::REQUEST,
                true,
                false,
            )),
            (Some(a), Some(b)) => {
                if a.media_type != b.media_type {
                    out.push(wire(
                        Kind::MediaTypeChanged,
                        "request",
                        &format!("`{}` -> `{}`", a.media_type, b.media_type),
                        Dir::REQUEST,
                        true,
                        false,
                    ));
                }
                if o.request_required != n.request_required {
                    out.push(wire(
                        Kind::RequiredChanged,
                        "request",
                        &format!(
                            "{} -> {}",
                            optional(o.request_required),
                            optional(n.request_required)
                        ),
                        Dir::REQUEST,
                        n.request_required,
                        false,
                    ));
                }
                if let Some((kind, detail, s, _)) = self.shape(&a.ty, &b.ty) {
                    out.push(wire(kind, "request", &detail, Dir::REQUEST, s, false));
                }
            }
        }

        // Responses.
        let had_default = o.responses.iter().any(|r| r.status == Status::Default);
        let error_item =
            |status: Status| self.item(&[&n.error_name, &emit::status_variant(status)]);
        for r in &o.responses {
            let at = format!("response {}", r.status);
            let Some(s) = n.responses.iter().find(|s| s.status == r.status) else {
                let mut c = wire(
                    Kind::ResponseRemoved,
                    &at,
                    "status no longer listed",
                    Dir::RESPONSE,
                    false,
                    false,
                );
                if !r.status.is_success() {
                    c.rust = rust(
                        self.item(&[&o.error_name, &emit::status_variant(r.status)]),
                        "variant removed",
                        true,
                    );
                }
                out.push(c);
                continue;
            };
            match (&r.body, &s.body) {
                (None, None) => {}
                (None, Some(b)) => out.push(wire(
                    Kind::ResponseBodyAdded,
                    &at,
                    &format!("now has a body `{}`", body_name(b, new)),
                    Dir::RESPONSE,
                    false,
                    false,
                )),
                (Some(a), None) => out.push(wire(
                    Kind::ResponseBodyRemoved,
                    &at,
                    &format!("body `{}` removed", body_name(a, old)),
                    Dir::RESPONSE,
                    false,
                    true,
                )),
                (Some(a), Some(b)) => {
                    if a.media_type != b.media_type {
                        out.push(wire(
                            Kind::MediaTypeChanged,
                            &at,
                            &format!("`{}` -> `{}`", a.media_type, b.media_type),
                            Dir::RESPONSE,
                            false,
                            true,
                        ));
                    }
                    if let Some((kind, detail, _, rb)) = self.shape(&a.ty, &b.ty) {
                        out.push(wire(kind, &at, &detail, Dir::RESPONSE, false, rb));
                    }
                }
            }
            if r.description != s.description {
                out.push(wire(
                    Kind::DocsChanged,
                    &at,
                    &docs_delta("description", &r.description, &s.description),
                    Dir::RESPONSE,
                    false,
                    false,
                ));
            }
        }
        for s in &n.responses {
            if o.responses.iter().any(|r| r.status == s.status) {
                continue;
            }
            // A strict reader handles the statuses the spec lists; one not
            // listed before only reached it through `default`.
            let mut c = wire(
                Kind::ResponseAdded,
                &format!("response {}", s.status),
                &match &s.body {
                    Some(b) => format!("new status, body `{}`", body_name(b, new)),
                    None => "new status, no body".to_string(),
                },
                Dir::RESPONSE,
                false,
                !had_default,
            );
            if !s.status.is_success() {
                c.rust = rust(
                    error_item(s.status),
                    "new variant: exhaustive matches no longer compile",
                    true,
                );
            }
            out.push(c);
        }

        // What the `Operation` impl and the error enum say in Rust.
        let marker = self.item(&[&n.rust]);
        let (os, ns) = (signature(o, old), signature(n, new));
        for ((name, a), (_, b)) in os.iter().zip(&ns) {
            if a != b {
                out.push(rust_only(
                    Kind::SignatureChanged,
                    "",
                    &format!("`Operation::{name}` `{a}` -> `{b}`"),
                    RustChange {
                        item: format!("<{marker} as Operation>::{name}"),
                        change: format!("`{a}` -> `{b}`"),
                        breaks: true,
                    },
                ));
            }
        }
        for (status, a) in error_payloads(o, old) {
            if let Some(b) = error_payloads(n, new).get(&status) {
                if *b != a {
                    out.push(rust_only(
                        Kind::SignatureChanged,
                        &format!("response {status}"),
                        &format!("error payload `{a}` -> `{b}`"),
                        RustChange {
                            item: error_item(status),
                            change: format!("payload `{a}` -> `{b}`"),
                            breaks: true,
                        },
                    ));
                }
            }
        }

        // Changed types this operation uses.
        let mut uses = vec![];
        let mut senders = out.iter().any(|c| c.senders == Verdict::Breaking);
        let mut readers = out.iter().any(|c| c.readers == Verdict::Breaking);
        for (key, used) in &walker.pairs {
            let Some(report) = types.get(key) else {
                continue;
            };
            for (via, path) in &used.at {
                let Some(role) = via
                    .strip_prefix(&n.id)
                    .and_then(|rest| rest.strip_prefix(' '))
                else {
                    continue;
                };
                let request = role == "request" || role.starts_with("parameter ");
                if request {
                    senders |= report
                        .changes
                        .iter()
                        .any(|c| c.senders == Verdict::Breaking);
                } else {
                    readers |= report
                        .changes
                        .iter()
                        .any(|c| c.readers == Verdict::Breaking);
                }
                uses.push(TypeUse {
                    name: report.name.clone(),
                    at: if path.is_empty() {
                        role.to_string()
                    } else {
                        format!("{role} `{path}`")
                    },
                });
            }
        }
        uses.sort_by(|x, y| (&x.at, &x.name).cmp(&(&y.at, &y.name)));
        OperationReport {
            operation: n.id.clone(),
            method: n.method.clone(),
            path: n.path.clone(),
            status: Presence::Changed,
            breaks_senders: senders,
            breaks_readers: readers,
            changes: out,
            types: uses,
        }
    }
}

/// An enum value as a change's `at`: the empty string shows as `""`.
fn value_at(wire: &str) -> String {
    if wire.is_empty() {
        "\"\"".to_string()
    } else {
        wire.to_string()
    }
}

/// `a`, `b`, `c` and 4 more.
fn listing(names: &[&str]) -> String {
    const SHOWN: usize = 12;
    let mut text = names
        .iter()
        .take(SHOWN)
        .map(|n| {
            if n.is_empty() {
                "\"\"".to_string()
            } else {
                format!("`{n}`")
            }
        })
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > SHOWN {
        let _ = write!(text, " and {} more", names.len() - SHOWN);
    }
    if text.is_empty() {
        text.push_str("none");
    }
    text
}

/// What a description change removed and added, line by line, each line
/// cut short: `description: - "old words" + "new words"`.
fn docs_delta(what: &str, old: &str, new: &str) -> String {
    const LINES: usize = 6;
    const WIDTH: usize = 72;
    let cut = |line: &str| {
        let line = line.trim();
        if line.chars().count() > WIDTH {
            format!("\"{}…\"", line.chars().take(WIDTH).collect::<String>())
        } else {
            format!("\"{line}\"")
        }
    };
    let diff = similar::TextDiff::from_lines(old, new);
    let mut removed: Vec<String> = vec![];
    let mut added: Vec<String> = vec![];
    for change in diff.iter_all_changes() {
        let line = change.value().trim();
        // Blank lines and the rules under table headers say nothing.
        if line.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ')) {
            continue;
        }
        match change.tag() {
            similar::ChangeTag::Delete => removed.push(line.to_string()),
            similar::ChangeTag::Insert => added.push(line.to_string()),
            similar::ChangeTag::Equal => {}
        }
    }
    // A line changed past the cut shows from shortly before the change.
    for (a, b) in removed.iter_mut().zip(added.iter_mut()) {
        let same = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
        if same > WIDTH / 2 {
            let skip = same - WIDTH / 4;
            *a = format!("…{}", a.chars().skip(skip).collect::<String>());
            *b = format!("…{}", b.chars().skip(skip).collect::<String>());
        }
    }
    let mut text = format!("{what} changed:");
    for (sign, lines) in [('-', &removed), ('+', &added)] {
        for line in lines.iter().take(LINES) {
            let _ = write!(text, " {sign} {}", cut(line));
        }
        if lines.len() > LINES {
            let _ = write!(text, " {sign} {} more lines", lines.len() - LINES);
        }
    }
    if removed.is_empty() && added.is_empty() {
        text.push_str(" blank lines only");
    }
    text
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("").trim()
}

/// The associated types of an operation's `Operation` impl.
fn signature(op: &Operation, api: &Api) -> [(&'static str, String); 4] {
    let unit = || "()".to_string();
    let success = op
        .responses
        .iter()
        .find(|r| r.status.is_success())
        .and_then(|r| r.body.as_ref())
        .map(|b| body_name(b, api))
        .unwrap_or_else(unit);
    [
        ("Params", op.params_name.clone().unwrap_or_else(unit)),
        (
            "Request",
            op.request
                .as_ref()
                .map(|b| body_name(b, api))
                .unwrap_or_else(unit),
        ),
        ("Success", success),
        ("Error", op.error_name.clone()),
    ]
}

/// The payload type of each error variant, by status.
fn error_payloads(op: &Operation, api: &Api) -> BTreeMap<Status, String> {
    op.responses
        .iter()
        .filter(|r| !r.status.is_success())
        .map(|r| {
            let payload = r
                .body
                .as_ref()
                .map(|b| body_name(b, api))
                .unwrap_or_else(|| "no body".to_string());
            (r.status, payload)
        })
        .collect()
}

fn verdict_note(c: &Change) -> &'static str {
    use Verdict::*;
    match (c.senders, c.readers) {
        (Breaking, Breaking) => " (breaks senders and readers)",
        (Breaking, _) => " (breaks senders)",
        (_, Breaking) => " (breaks readers)",
        (NotApplicable, NotApplicable) => "",
        _ => " (compatible)",
    }
}

fn change_text(out: &mut String, indent: &str, c: &Change) {
    let at = if c.at.is_empty() {
        String::new()
    } else {
        format!("{}: ", c.at)
    };
    let _ = writeln!(
        out,
        "{indent}{} {at}{}{}",
        c.kind.sign(),
        c.detail,
        verdict_note(c)
    );
    if let Some(r) = &c.rust {
        let _ = writeln!(
            out,
            "{indent}    rust: {}: {}{}",
            r.item,
            r.change,
            if r.breaks { " [breaks]" } else { "" }
        );
    }
}

impl Report {
    /// Recount [`Report::summary`] and collect [`Report::rust`] from the
    /// changes.
    pub fn summarize(&mut self) {
        let all: Vec<&Change> = self
            .spec
            .iter()
            .chain(self.operations.iter().flat_map(|o| &o.changes))
            .chain(self.types.iter().flat_map(|t| &t.changes))
            .chain(&self.not_compared)
            .collect();
        self.rust = all
            .iter()
            .filter_map(|c| c.rust.clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        self.summary = Summary {
            changes: all.len(),
            breaking_senders: all
                .iter()
                .filter(|c| c.senders == Verdict::Breaking)
                .count(),
            breaking_readers: all
                .iter()
                .filter(|c| c.readers == Verdict::Breaking)
                .count(),
            rust_items: self.rust.len(),
            rust_breaking: self.rust.iter().filter(|r| r.breaks).count(),
        };
    }

    /// No change at all.
    pub fn is_empty(&self) -> bool {
        self.summary.changes == 0
    }

    /// The report as text: a summary, then operations, types and the Rust
    /// items, each change on a line marked `+`, `-` or `~`.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let s = &self.summary;
        let _ = writeln!(
            out,
            "{} -> {} (module `{}`)",
            self.old, self.new, self.module
        );
        if self.is_empty() {
            out.push_str("No changes.\n");
            return out;
        }
        let _ = writeln!(
            out,
            "{} changes: {} break senders, {} break readers; {} Rust items change, {} of them \
             breaking.",
            s.changes, s.breaking_senders, s.breaking_readers, s.rust_items, s.rust_breaking
        );
        out.push_str(
            "Senders build requests; readers decode responses and reject values the spec does \
             not list.\n",
        );
        if !self.spec.is_empty() {
            out.push_str("\nSpec\n");
            for c in &self.spec {
                change_text(&mut out, "  ", c);
            }
        }
        if !self.operations.is_empty() {
            out.push_str("\nOperations\n");
            for op in &self.operations {
                let breaks = match (op.breaks_senders, op.breaks_readers) {
                    (true, true) => " (breaks senders and readers)",
                    (true, false) => " (breaks senders)",
                    (false, true) => " (breaks readers)",
                    (false, false) => "",
                };
                let _ = writeln!(
                    out,
                    "  {} {} {} {}{breaks}",
                    op.status.sign(),
                    op.operation,
                    op.method,
                    op.path
                );
                for c in &op.changes {
                    change_text(&mut out, "      ", c);
                }
                for t in &op.types {
                    let _ = writeln!(out, "      * {}: type `{}` changed", t.at, t.name);
                }
            }
        }
        if !self.types.is_empty() {
            out.push_str("\nTypes\n");
            for t in &self.types {
                let old = match &t.old_name {
                    Some(old) => format!(" (was `{old}`)"),
                    None => String::new(),
                };
                let _ = writeln!(out, "  {} {} `{}`{old}", t.status.sign(), t.kind, t.name);
                // One line per operation: `in contactPOST request, response 200 `x``.
                let mut by_operation: Vec<(&str, Vec<&str>)> = vec![];
                for place in &t.used_in {
                    let (op, role) = place.split_once(' ').unwrap_or((place, ""));
                    match by_operation.last_mut() {
                        Some((last, roles)) if *last == op => roles.push(role),
                        _ => by_operation.push((op, vec![role])),
                    }
                }
                for (op, roles) in by_operation {
                    let _ = writeln!(out, "      in {op} {}", roles.join(", "));
                }
                for c in &t.changes {
                    change_text(&mut out, "      ", c);
                }
            }
        }
        if !self.not_compared.is_empty() {
            out.push_str("\nNot compared (the model does not carry these keywords)\n");
            for c in &self.not_compared {
                let _ = writeln!(out, "  ? {}: {}", c.at, c.detail);
            }
        }
        if !self.rust.is_empty() {
            let _ = writeln!(out, "\nRust items of `{}`", self.module);
            for r in &self.rust {
                let _ = writeln!(
                    out,
                    "  {} {}: {}",
                    if r.breaks { '!' } else { ' ' },
                    r.item,
                    r.change
                );
            }
        }
        out
    }

    /// The report as pretty-printed JSON.
    pub fn to_json(&self) -> String {
        let mut text =
            serde_json::to_string_pretty(self).expect("a report is plain data and serializes");
        text.push('\n');
        text
    }
}

/// The module a spec file's bindings would live in: the manifest's name
/// for the API whose folder (or archive folder) holds `spec`, else one made
/// from the file name's leading words (`Income API 2024-03-16.yaml` ->
/// `income`).
pub fn module_for(spec: &Path, manifest: Option<&crate::manifest::Manifest>, sdk: &Path) -> String {
    let canonical = |p: &Path| std::fs::canonicalize(p).ok();
    if let (Some(manifest), Some(dir)) = (manifest, spec.parent().and_then(canonical)) {
        for entry in &manifest.apis {
            let source = sdk.join(&entry.source);
            let Some(home) = source.parent().and_then(canonical) else {
                continue;
            };
            if dir == home || dir.parent() == Some(home.as_path()) {
                return entry.module.clone();
            }
        }
    }
    let stem = spec
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let words: Vec<&str> = stem
        .split([' ', '_', '-'])
        .take_while(|w| !w.is_empty() && !w.starts_with(|c: char| c.is_ascii_digit()))
        .filter(|w| !w.eq_ignore_ascii_case("api"))
        .collect();
    let name = heck::ToSnakeCase::to_snake_case(words.join(" ").as_str());
    if crate::naming::is_module_name(&name) {
        name
    } else {
        "api".to_string()
    }
}
