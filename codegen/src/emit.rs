//! Rust items for the model, one function per item kind.

use crate::model::{
    Api, AuthKind, Field, IrdNumberRule, Operation, Param, ParamLocation, Status, Ty, TypeDef,
    TypeKind,
};
use proc_macro2::{Span, TokenStream};
use quote::quote;
use std::collections::BTreeSet;

fn ident(name: &str) -> syn::Ident {
    syn::Ident::new(name, Span::call_site())
}

/// `#[doc]` attributes for Markdown text, one per line.
pub fn doc_attrs(text: &str) -> TokenStream {
    let lines = text.lines().map(|line| {
        if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        }
    });
    quote! { #( #[doc = #lines] )* }
}

/// The tokens of a field or body type.
pub fn ty_tokens(ty: &Ty, api: &Api) -> TokenStream {
    match ty {
        Ty::String => quote! { ::std::string::String },
        Ty::I32 => quote! { i32 },
        Ty::I64 => quote! { i64 },
        // A JSON number as written: Inland Revenue sends both `0` and
        // `0.0`, and an `f64` would turn one into the other.
        Ty::F32 | Ty::F64 => quote! { ::serde_json::Number },
        Ty::Bool => quote! { bool },
        Ty::Bytes => quote! { ::std::vec::Vec<u8> },
        Ty::Json => quote! { ::serde_json::Value },
        Ty::Named(id) => {
            let name = ident(&api.types[*id].name);
            quote! { #name }
        }
        Ty::Vec(inner) => {
            let inner = ty_tokens(inner, api);
            quote! { ::std::vec::Vec<#inner> }
        }
        Ty::Map(inner) => {
            let inner = ty_tokens(inner, api);
            quote! { ::std::collections::BTreeMap<::std::string::String, #inner> }
        }
    }
}

/// What emitting one type needs to know about all of them, worked out once
/// per API: asked type by type, each answer walks every type or operation.
struct TypeFacts {
    /// Whether each type can be `Eq`.
    eq: Vec<bool>,
    /// Each type's [`usage_docs`].
    usage: Vec<Option<String>>,
}

thread_local! {
    static TYPE_FACTS: std::cell::RefCell<Option<TypeFacts>> =
        const { std::cell::RefCell::new(None) };
}

/// Run `f` (the emission of `api`'s types) with `is_eq` and the types'
/// uses by operations known for every type at once: asked type by type,
/// `is_eq` walked everything each type reaches (quadratic along a chain of
/// references) and the uses took a pass over every operation.
pub fn with_type_facts<T>(api: &Api, f: impl FnOnce() -> T) -> T {
    struct Reset;
    impl Drop for Reset {
        fn drop(&mut self) {
            TYPE_FACTS.with(|e| *e.borrow_mut() = None);
        }
    }
    // Not `Eq`: a JSON value within reach (numbers are `serde_json::Number`,
    // which is). Spread backwards along references from the types holding one.
    fn direct_non_eq(ty: &Ty, refs: &mut Vec<usize>) -> bool {
        match ty {
            Ty::Json => true,
            Ty::Vec(inner) | Ty::Map(inner) => direct_non_eq(inner, refs),
            Ty::Named(id) => {
                refs.push(*id);
                false
            }
            _ => false,
        }
    }
    let n = api.types.len();
    let mut eq = vec![true; n];
    let mut referrers: Vec<Vec<usize>> = vec![vec![]; n];
    let mut work = vec![];
    for (id, def) in api.types.iter().enumerate() {
        let mut refs = vec![];
        let own = match &def.kind {
            TypeKind::Struct { fields, additional } => {
                let mut any = false;
                for f in fields {
                    any |= direct_non_eq(&f.ty, &mut refs);
                }
                if let Some(a) = additional {
                    any |= direct_non_eq(a, &mut refs);
                }
                any
            }
            TypeKind::StringEnum { .. } | TypeKind::IntEnum { .. } => false,
            TypeKind::Alias(t) => direct_non_eq(t, &mut refs),
        };
        for r in refs {
            referrers[r].push(id);
        }
        if own {
            eq[id] = false;
            work.push(id);
        }
    }
    while let Some(id) = work.pop() {
        for &r in &referrers[id] {
            if eq[r] {
                eq[r] = false;
                work.push(r);
            }
        }
    }
    let usage = usage_docs(api);
    TYPE_FACTS.with(|e| *e.borrow_mut() = Some(TypeFacts { eq, usage }));
    let _reset = Reset;
    f()
}

/// Whether values of `ty` can be `Eq` (no JSON values inside).
fn is_eq(ty: &Ty, api: &Api, seen: &mut BTreeSet<usize>) -> bool {
    if let Ty::Named(id) = ty {
        let known = TYPE_FACTS.with(|e| {
            e.borrow()
                .as_ref()
                .and_then(|facts| facts.eq.get(*id).copied())
        });
        if let Some(eq) = known {
            return eq;
        }
    }
    match ty {
        Ty::Json => false,
        Ty::Vec(inner) | Ty::Map(inner) => is_eq(inner, api, seen),
        Ty::Named(id) => {
            if !seen.insert(*id) {
                return true;
            }
            match &api.types[*id].kind {
                TypeKind::Struct { fields, additional } => {
                    fields.iter().all(|f| is_eq(&f.ty, api, seen))
                        && additional.as_ref().is_none_or(|a| is_eq(a, api, seen))
                }
                TypeKind::StringEnum { .. } | TypeKind::IntEnum { .. } => true,
                TypeKind::Alias(t) => is_eq(t, api, seen),
            }
        }
        _ => true,
    }
}

/// Emit one type, with where it is used, and the aliases that name it.
pub fn emit_type(id: usize, api: &Api) -> TokenStream {
    let def = &api.types[id];
    let known = TYPE_FACTS.with(|e| {
        e.borrow()
            .as_ref()
            .map(|facts| facts.usage.get(id).cloned().flatten())
    });
    let usage = known.unwrap_or_else(|| usage_docs(api).swap_remove(id));
    let item = match usage {
        Some(usage) => {
            let mut copy = def.clone();
            copy.docs = if copy.docs.is_empty() {
                usage
            } else {
                format!("{}\n\n{usage}", copy.docs)
            };
            emit_item(&copy, id, api)
        }
        None if def.docs.is_empty() => {
            // Every item has a doc: a schema without a description or a use
            // as a body is named by its place.
            let mut copy = def.clone();
            let origin = def.origins.first().map(String::as_str).unwrap_or_default();
            copy.docs = format!("The schema at `{}`.", crate::model::readable_place(origin));
            emit_item(&copy, id, api)
        }
        None => emit_item(def, id, api),
    };
    let aliases = emit_aliases(def);
    quote! { #item #aliases }
}

/// The struct, enum or type alias for `def` (type `id` of `api`), with the
/// docs `def` carries.
pub fn emit_item(def: &TypeDef, id: usize, api: &Api) -> TokenStream {
    match &def.kind {
        TypeKind::Struct { fields, additional } => {
            emit_struct(id, def, fields, additional.as_ref(), api)
        }
        TypeKind::StringEnum { variants } => emit_enum(def, variants),
        TypeKind::IntEnum { variants } => emit_int_enum(def, variants),
        TypeKind::Alias(ty) => {
            let docs = doc_attrs(&def.docs);
            let name = ident(&def.name);
            let ty = ty_tokens(ty, api);
            quote! { #docs pub type #name = #ty; }
        }
    }
}

/// `pub type` aliases for the spec names merged into `def`.
pub fn emit_aliases(def: &TypeDef) -> TokenStream {
    let aliases = def.aliases.iter().map(|alias| {
        let doc = format!(" The spec's `{alias}`: identical to [`{}`].", def.name);
        let alias = ident(alias);
        let target = ident(&def.name);
        quote! { #[doc = #doc] pub type #alias = #target; }
    });
    quote! { #(#aliases)* }
}

/// For every type of `api` used directly as a request or response body, the
/// sentence its doc ends with ("Used as the request body of
/// [`ContactPost`]; ..."). One pass over the operations: asked type by
/// type, it was types times operations.
fn usage_docs(api: &Api) -> Vec<Option<String>> {
    let mut uses: Vec<Vec<String>> = vec![vec![]; api.types.len()];
    let named = |body: &Option<crate::model::Body>| match body.as_ref().map(|b| &b.ty) {
        Some(Ty::Named(id)) => Some(*id),
        _ => None,
    };
    for op in &api.operations {
        if let Some(id) = named(&op.request) {
            uses[id].push(format!("the request body of [`{}`]", op.rust));
        }
        // Statuses by type, types in the order their first response comes.
        let mut statuses: Vec<(usize, Vec<String>)> = vec![];
        for response in &op.responses {
            let Some(id) = named(&response.body) else {
                continue;
            };
            let status = response.status.to_string();
            match statuses.iter_mut().find(|(t, _)| *t == id) {
                Some((_, list)) => list.push(status),
                None => statuses.push((id, vec![status])),
            }
        }
        for (id, list) in statuses {
            uses[id].push(format!(
                "the {} response of [`{}`]",
                list.join(", "),
                op.rust
            ));
        }
    }
    uses.into_iter()
        .map(|uses| (!uses.is_empty()).then(|| format!("Used as {}.", uses.join("; "))))
        .collect()
}

fn field_doc(field: &Field) -> String {
    let c = &field.constraints;
    let mut notes = vec![];
    match (c.min_length, c.max_length) {
        (Some(min), Some(max)) if min == max => notes.push(format!("exactly {min} characters")),
        (Some(min), Some(max)) => notes.push(format!("{min} to {max} characters")),
        (None, Some(max)) => notes.push(format!("at most {max} characters")),
        (Some(min), None) => notes.push(format!("at least {min} characters")),
        (None, None) => {}
    }
    match (c.min_items, c.max_items) {
        (Some(min), Some(max)) => notes.push(format!("{min} to {max} items")),
        (None, Some(max)) => notes.push(format!("at most {max} items")),
        (Some(min), None) => notes.push(format!("at least {min} items")),
        (None, None) => {}
    }
    if let Some(format) = &c.format {
        notes.push(format!("format `{format}`"));
    }
    if let Some(pattern) = &c.pattern {
        notes.push(format!("pattern `{}`", pattern.replace('`', "'")));
    }
    if let Some(min) = &c.minimum {
        notes.push(format!("minimum {min}"));
    }
    if let Some(max) = &c.maximum {
        notes.push(format!("maximum {max}"));
    }
    if c.digits {
        notes.push("digits only".into());
    }
    match &c.ird_number {
        Some(IrdNumberRule::Always) => notes.push("an IRD number (modulus-11 check digit)".into()),
        Some(IrdNumberRule::When { field, value }) => notes.push(format!(
            "an IRD number (modulus-11 check digit) when {} is {}",
            code_span(field),
            code_span(value)
        )),
        None => {}
    }
    let wire = format!(
        "Wire name {}{}.",
        code_span(&field.wire),
        if field.required { ", required" } else { "" }
    );
    let constraints = if notes.is_empty() {
        wire
    } else {
        format!("{wire} Spec: {}.", notes.join(", "))
    };
    if field.docs.is_empty() {
        constraints
    } else {
        format!("{}\n\n{constraints}", field.docs)
    }
}

/// A struct's docs, with its rules across fields.
fn struct_doc(def: &TypeDef) -> String {
    let list = |group: &[String]| {
        group
            .iter()
            .map(|f| format!("`{f}`"))
            .collect::<Vec<_>>()
            .join(" and ")
    };
    let mut rules = vec![];
    for rule in &def.rules.one_of {
        let options: Vec<String> = rule.iter().map(|g| list(g)).collect();
        rules.push(format!("Give exactly one of: {}.", options.join("; or ")));
    }
    for rule in &def.rules.any_of {
        let options: Vec<String> = rule.iter().map(|g| list(g)).collect();
        rules.push(format!("Give at least one of: {}.", options.join("; or ")));
    }
    for group in &def.rules.together {
        rules.push(format!("Give {} together, or none of them.", list(group)));
    }
    if rules.is_empty() {
        return def.docs.clone();
    }
    let rules = rules.join(" ");
    if def.docs.is_empty() {
        rules
    } else {
        format!("{}\n\n{rules}", def.docs)
    }
}

fn emit_struct(
    id: usize,
    def: &TypeDef,
    fields: &[Field],
    additional: Option<&Ty>,
    api: &Api,
) -> TokenStream {
    let docs = doc_attrs(&struct_doc(def));
    let name = ident(&def.name);
    let eq = is_eq(&Ty::Named(id), api, &mut BTreeSet::new());
    let derives = if eq {
        quote! { #[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize, serde::Serialize)] }
    } else {
        quote! { #[derive(Clone, Debug, PartialEq, serde::Deserialize, serde::Serialize)] }
    };
    let fields_tokens = fields.iter().map(|field| {
        let docs = doc_attrs(&field_doc(field));
        let rust = ident(&field.rust);
        let wire = &field.wire;
        let mut inner = ty_tokens(&field.ty, api);
        if def.boxed.contains(&field.rust) {
            inner = quote! { ::std::boxed::Box<#inner> };
        }
        let rename = (field.rust != field.wire).then(|| quote! { rename = #wire, });
        if field.required && !field.nullable {
            let attr = rename.map(|r| quote! { #[serde(#r)] });
            quote! { #docs #attr pub #rust: #inner, }
        } else if field.required {
            // Required but nullable: always sent, possibly as `null`.
            let attr = rename.map(|r| quote! { #[serde(#r)] });
            quote! { #docs #attr pub #rust: ::std::option::Option<#inner>, }
        } else {
            // Known shortcoming: an optional nullable field reads absent and
            // `null` alike, as `None`, and sends `None` as absent.
            quote! {
                #docs
                #[serde(#rename default, skip_serializing_if = "::std::option::Option::is_none")]
                pub #rust: ::std::option::Option<#inner>,
            }
        }
    });
    let additional = additional.map(|ty| {
        let ty = ty_tokens(ty, api);
        quote! {
            /// Properties beyond those listed, which the spec allows.
            #[serde(flatten)]
            pub additional_properties: ::std::collections::BTreeMap<::std::string::String, #ty>,
        }
    });
    let validate = def
        .direction
        .request
        .then(|| crate::validate::struct_impl(def, fields, api));
    quote! {
        #docs
        #derives
        pub struct #name {
            #(#fields_tokens)*
            #additional
        }

        #validate
    }
}

fn emit_enum(def: &TypeDef, variants: &[crate::model::Variant]) -> TokenStream {
    if def.direction.response {
        return emit_open_enum(def, variants);
    }
    let docs = doc_attrs(&def.docs);
    let name = ident(&def.name);
    let items = variants.iter().map(|v| {
        let docs = variant_docs(&v.docs, &v.wire);
        let rust = ident(&v.rust);
        let wire = &v.wire;
        let rename = (v.rust != v.wire).then(|| quote! { #[serde(rename = #wire)] });
        quote! { #docs #rename #rust, }
    });
    let arms = variants.iter().map(|v| {
        let rust = ident(&v.rust);
        let wire = &v.wire;
        quote! { Self::#rust => #wire, }
    });
    let serialize = serialize_as_str(&name);
    quote! {
        #docs
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Deserialize)]
        pub enum #name {
            #(#items)*
        }

        impl #name {
            /// The value as it goes on the wire.
            pub const fn as_str(self) -> &'static str {
                match self {
                    #(#arms)*
                }
            }
        }

        #serialize

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    }
}

/// `text` as a Markdown code span: control characters written as escapes
/// (a tab in a doc comment is a lint), and a fence longer than any run of
/// backticks inside.
pub fn code_span(text: &str) -> String {
    let text: String = text
        .chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect();
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    if longest == 0 {
        return format!("`{text}`");
    }
    let fence = "`".repeat(longest + 1);
    format!("{fence} {text} {fence}")
}

/// A string enum's `Serialize`: its `as_str`, one string write (the
/// derive's would branch to a write per variant).
fn serialize_as_str(name: &syn::Ident) -> TokenStream {
    quote! {
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
    }
}

/// A variant's doc: its meaning from the code table, else its wire value.
fn variant_docs(meaning: &str, wire: &dyn std::fmt::Display) -> TokenStream {
    if meaning.is_empty() {
        doc_attrs(&format!("The value {}.", code_span(&wire.to_string())))
    } else {
        doc_attrs(meaning)
    }
}

/// The name of an open enum's variant for values the spec does not list.
pub fn unlisted_variant(variants: &[crate::model::Variant]) -> &'static str {
    ["Other", "Unlisted", "UnlistedValue"]
        .into_iter()
        .find(|candidate| variants.iter().all(|v| v.rust != *candidate))
        .unwrap_or("UnlistedWireValue")
}

/// An enum received in responses: values the spec does not list yet decode
/// into a catch-all variant that keeps the raw string, so a new code from
/// Inland Revenue does not fail a whole response.
fn emit_open_enum(def: &TypeDef, variants: &[crate::model::Variant]) -> TokenStream {
    let mut docs_text = def.docs.clone();
    let other = ident(unlisted_variant(variants));
    // Also sent in requests: there, an unlisted value is a violation.
    let validate = def
        .direction
        .request
        .then(|| crate::validate::open_enum_impl(def, unlisted_variant(variants)));
    let note = format!(
        "Received in responses, so values the spec does not list decode as `{other}` \
         with the value as received, and encode back unchanged."
    );
    docs_text = if docs_text.is_empty() {
        note
    } else {
        format!("{docs_text}\n\n{note}")
    };
    let docs = doc_attrs(&docs_text);
    let name = ident(&def.name);
    let items = variants.iter().map(|v| {
        let docs = variant_docs(&v.docs, &v.wire);
        let rust = ident(&v.rust);
        quote! { #docs #rust, }
    });
    let to_wire = variants.iter().map(|v| {
        let rust = ident(&v.rust);
        let wire = &v.wire;
        quote! { Self::#rust => #wire, }
    });
    let from_wire = variants.iter().map(|v| {
        let rust = ident(&v.rust);
        let wire = &v.wire;
        quote! { #wire => Self::#rust, }
    });
    let serialize = serialize_as_str(&name);
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Deserialize)]
        #[serde(from = "::std::string::String")]
        pub enum #name {
            #(#items)*
            /// A value the spec does not list, as received.
            #other(::std::string::String),
        }

        impl #name {
            /// The value as it goes on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_wire)*
                    Self::#other(value) => value,
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for #name {
            fn from(value: ::std::string::String) -> Self {
                match value.as_str() {
                    #(#from_wire)*
                    _ => Self::#other(value),
                }
            }
        }

        #serialize

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        #validate
    }
}

/// An integer literal, negative ones as `-` and the magnitude.
fn int_literal(value: i64) -> TokenStream {
    let magnitude = proc_macro2::Literal::u64_unsuffixed(value.unsigned_abs());
    if value < 0 {
        quote! { -#magnitude }
    } else {
        quote! { #magnitude }
    }
}

/// An integer enum: a Rust enum whose variants stand for the values, with
/// hand-written serde impls (serde's derive spells variants as strings).
fn emit_int_enum(def: &TypeDef, variants: &[crate::model::IntVariant]) -> TokenStream {
    let docs = doc_attrs(&def.docs);
    let name = ident(&def.name);
    let items = variants.iter().map(|v| {
        let docs = variant_docs(&v.docs, &v.value);
        let rust = ident(&v.rust);
        quote! { #docs #rust, }
    });
    let to_value = variants.iter().map(|v| {
        let rust = ident(&v.rust);
        let value = int_literal(v.value);
        quote! { Self::#rust => #value, }
    });
    let from_value = variants.iter().map(|v| {
        let rust = ident(&v.rust);
        let value = int_literal(v.value);
        quote! { #value => ::std::option::Option::Some(Self::#rust), }
    });
    let values: Vec<String> = variants.iter().map(|v| v.value.to_string()).collect();
    let expected = format!("one of {}", values.join(", "));
    quote! {
        #docs
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#items)*
        }

        impl #name {
            /// The value as it goes on the wire.
            pub const fn value(self) -> i64 {
                match self {
                    #(#to_value)*
                }
            }

            /// The variant for a wire value, or `None` when the spec does
            /// not list it.
            pub const fn from_value(value: i64) -> ::std::option::Option<Self> {
                match value {
                    #(#from_value)*
                    _ => ::std::option::Option::None,
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.value(), f)
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let value = <i64 as serde::Deserialize>::deserialize(deserializer)?;
                let unexpected = serde::de::Unexpected::Signed(value);
                Self::from_value(value)
                    .ok_or_else(|| serde::de::Error::invalid_value(unexpected, &#expected))
            }
        }
    }
}

fn status_tokens(status: Status) -> TokenStream {
    match status {
        Status::Code(c) => {
            let c = proc_macro2::Literal::u16_unsuffixed(c);
            quote! { crate::runtime::Status::Code(#c) }
        }
        Status::Range(r) => {
            let r = proc_macro2::Literal::u16_unsuffixed(r);
            quote! { crate::runtime::Status::Range(#r) }
        }
        Status::Default => quote! { crate::runtime::Status::Default },
    }
}

/// The type of a body, by the spec's own name for it where that name
/// survives as the type or one of its aliases.
pub fn body_ty(body: &crate::model::Body, api: &Api) -> TokenStream {
    match body_spec_name(body, api) {
        Some(name) => {
            let name = ident(name);
            quote! { #name }
        }
        None => ty_tokens(&body.ty, api),
    }
}

/// The spec's name for a body's type, when it survives as the type's name
/// or one of its aliases.
pub fn body_spec_name<'a>(body: &'a crate::model::Body, api: &Api) -> Option<&'a str> {
    let (Some(name), Ty::Named(id)) = (&body.spec_name, &body.ty) else {
        return None;
    };
    let def = &api.types[*id];
    (def.name == *name || def.aliases.contains(name)).then_some(name.as_str())
}

/// A type as a reader would write it: `Vec<Phone>`, `String`.
pub fn ty_name(ty: &Ty, api: &Api) -> String {
    match ty {
        Ty::String => "String".into(),
        Ty::I32 => "i32".into(),
        Ty::I64 => "i64".into(),
        Ty::F32 => "f32".into(),
        Ty::F64 => "f64".into(),
        Ty::Bool => "bool".into(),
        Ty::Bytes => "Vec<u8>".into(),
        Ty::Json => "serde_json::Value".into(),
        Ty::Named(id) => api.types[*id].name.clone(),
        Ty::Vec(inner) => format!("Vec<{}>", ty_name(inner, api)),
        Ty::Map(inner) => format!("BTreeMap<String, {}>", ty_name(inner, api)),
    }
}

fn body_tokens(body: Option<&crate::model::Body>, request: bool, api: &Api) -> TokenStream {
    let Some(body) = body else {
        return quote! { ::std::option::Option::None };
    };
    let media = &body.media_type;
    let ty = body_ty(body, api);
    let type_name = match body_spec_name(body, api) {
        Some(name) => name.to_string(),
        None => ty_name(&body.ty, api),
    };
    if body.ty == Ty::String && !media.contains("json") {
        quote! { ::std::option::Option::Some(crate::runtime::BodyInfo::text(#type_name, #media)) }
    } else if request && crate::validate::validates(&body.ty, api) {
        quote! {
            ::std::option::Option::Some(
                crate::runtime::BodyInfo::json_validated::<#ty>(#type_name, #media),
            )
        }
    } else {
        quote! {
            ::std::option::Option::Some(crate::runtime::BodyInfo::json::<#ty>(#type_name, #media))
        }
    }
}

/// The runtime's name for a parameter location.
pub(crate) fn location_tokens(location: ParamLocation) -> TokenStream {
    match location {
        ParamLocation::Path => quote! { crate::runtime::ParamLocation::Path },
        ParamLocation::Query => quote! { crate::runtime::ParamLocation::Query },
        ParamLocation::Header => quote! { crate::runtime::ParamLocation::Header },
        ParamLocation::Cookie => quote! { crate::runtime::ParamLocation::Cookie },
    }
}

/// `OPERATIONS`: every operation as data.
pub fn emit_operation_table(api: &Api) -> TokenStream {
    let entries = api.operations.iter().map(|op| {
        let id = &op.id;
        let method = ident(&(op.method[..1].to_string() + &op.method[1..].to_ascii_lowercase()));
        let path = &op.path;
        let summary = &op.summary;
        let params = op.params.iter().map(|p| {
            let name = &p.wire;
            let location = location_tokens(p.location);
            let required = p.required;
            quote! {
                crate::runtime::ParamInfo { name: #name, location: #location, required: #required }
            }
        });
        let request = body_tokens(op.request.as_ref(), true, api);
        let responses = op.responses.iter().map(|r| {
            let status = status_tokens(r.status);
            let description = &r.description;
            let body = body_tokens(r.body.as_ref(), false, api);
            quote! {
                crate::runtime::ResponseInfo {
                    status: #status,
                    description: #description,
                    body: #body,
                }
            }
        });
        quote! {
            crate::runtime::OperationInfo {
                operation_id: #id,
                method: crate::runtime::Method::#method,
                path: #path,
                summary: #summary,
                params: &[#(#params),*],
                request: #request,
                responses: &[#(#responses),*],
            }
        }
    });
    quote! {
        /// Every operation of this API as data, in path and method order.
        pub const OPERATIONS: &[crate::runtime::OperationInfo] = &[#(#entries),*];
    }
}

/// HTTP reason phrases for the statuses specs list, as variant names.
fn reason(code: u16) -> Option<&'static str> {
    Some(match code {
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        204 => "NoContent",
        400 => "BadRequest",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        406 => "NotAcceptable",
        409 => "Conflict",
        410 => "Gone",
        412 => "PreconditionFailed",
        413 => "PayloadTooLarge",
        415 => "UnsupportedMediaType",
        422 => "UnprocessableEntity",
        429 => "TooManyRequests",
        500 => "InternalServerError",
        501 => "NotImplemented",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        _ => return None,
    })
}

/// The variant of an operation's error enum for a status: `Forbidden`,
/// `Status418`, `Status4xx`, `Other` for `default`.
pub fn status_variant(status: Status) -> String {
    match status {
        Status::Code(c) => reason(c)
            .map(str::to_string)
            .unwrap_or_else(|| format!("Status{c}")),
        Status::Range(r) => format!("Status{r}xx"),
        Status::Default => "Other".to_string(),
    }
}

/// The marker type, its `Operation` impl, its error enum and its params.
pub fn emit_operation(index: usize, op: &Operation, api: &Api) -> TokenStream {
    let marker = ident(&op.rust);
    let index = proc_macro2::Literal::usize_unsuffixed(index);
    let error = ident(&op.error_name);
    let mut doc = if op.summary.is_empty() {
        op.id.clone()
    } else {
        crate::docs::plain(&op.summary)
    };
    doc.push_str(&format!(
        "\n\n`{} {}` (operation `{}`).",
        op.method, op.path, op.id
    ));
    if !op.docs.is_empty() {
        doc.push_str(&format!("\n\n{}", op.docs));
    }
    let docs = doc_attrs(&doc);

    let successes: Vec<_> = op
        .responses
        .iter()
        .filter(|r| r.status.is_success())
        .collect();
    let success = match successes.first().and_then(|r| r.body.as_ref()) {
        Some(body) => body_ty(body, api),
        None => quote! { () },
    };
    let request = match &op.request {
        Some(body) => body_ty(body, api),
        None => quote! { () },
    };
    let params_ty = match &op.params_name {
        Some(name) => {
            let name = ident(name);
            quote! { #name }
        }
        None => quote! { () },
    };

    let errors: Vec<_> = op
        .responses
        .iter()
        .filter(|r| !r.status.is_success())
        .collect();
    let variants = errors.iter().map(|r| {
        let variant = ident(&status_variant(r.status));
        let status_text = match r.status {
            Status::Default => "Any status not listed".to_string(),
            s => format!("Status {}", s),
        };
        let description = if r.description.is_empty() {
            String::new()
        } else {
            format!(": {}", crate::docs::plain(&r.description))
        };
        let doc = format!(" {status_text}{description}.");
        let status_field = (r.status == Status::Default || matches!(r.status, Status::Range(_)))
            .then(|| {
                quote! { /// The HTTP status received.
                status: u16, }
            });
        match &r.body {
            Some(body) => {
                let ty = body_ty(body, api);
                if status_field.is_some() {
                    quote! { #[doc = #doc] #variant { #status_field /// The decoded body.
                    body: #ty }, }
                } else {
                    quote! { #[doc = #doc] #variant(#ty), }
                }
            }
            None => match status_field {
                Some(field) => quote! { #[doc = #doc] #variant { #field }, },
                None => quote! { #[doc = #doc] #variant, },
            },
        }
    });
    // Each error status as a match pattern and the expression decoding it.
    let decode_arms: Vec<(TokenStream, TokenStream)> = errors
        .iter()
        .map(|r| {
            let variant = ident(&status_variant(r.status));
            let pattern = match r.status {
                Status::Code(c) => {
                    let c = proc_macro2::Literal::u16_unsuffixed(c);
                    quote! { #c }
                }
                Status::Range(d) => {
                    let lo = proc_macro2::Literal::u16_unsuffixed(d * 100);
                    let hi = proc_macro2::Literal::u16_unsuffixed(d * 100 + 99);
                    quote! { #lo..=#hi }
                }
                Status::Default => quote! { _ },
            };
            let with_status = matches!(r.status, Status::Default | Status::Range(_));
            let decoded = match (&r.body, with_status) {
                (Some(_), false) => {
                    quote! { crate::runtime::decode_json(body).map(Self::#variant) }
                }
                (Some(_), true) => {
                    quote! {
                        crate::runtime::decode_json(body)
                            .map(|body| Self::#variant { status, body })
                    }
                }
                (None, false) => quote! { ::std::result::Result::Ok(Self::#variant) },
                (None, true) => quote! { ::std::result::Result::Ok(Self::#variant { status }) },
            };
            (pattern, decoded)
        })
        .collect();
    let has_default = errors.iter().any(|r| r.status == Status::Default);
    let not_listed = quote! {
        ::std::result::Result::Err(crate::runtime::PayloadError {
            path: ".".to_string(),
            message: ::std::format!("status {status} is not an error status of this operation"),
        })
    };
    let decode_body = match decode_arms.as_slice() {
        // A lone `_` arm would be a match clippy rightly objects to.
        [(_, decoded)] if has_default => decoded.clone(),
        [] => not_listed,
        arms => {
            let arms = arms
                .iter()
                .map(|(pattern, decoded)| quote! { #pattern => #decoded, });
            let fallback = (!has_default).then(|| quote! { _ => #not_listed, });
            quote! { match status { #(#arms)* #fallback } }
        }
    };
    let error_doc = format!(" The error responses of [`{}`], by HTTP status.", op.rust);
    let uses_body = errors.iter().any(|r| r.body.is_some());
    let body_param = if uses_body {
        quote! { body }
    } else {
        quote! { _body }
    };
    let params = op
        .params_name
        .as_ref()
        .map(|name| emit_params(name, op, &op.params, api));

    quote! {
        #docs
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
        pub struct #marker;

        impl crate::runtime::Operation for #marker {
            const INFO: &'static crate::runtime::OperationInfo = &OPERATIONS[#index];
            type Params = #params_ty;
            type Request = #request;
            type Success = #success;
            type Error = #error;
        }

        #[doc = #error_doc]
        #[derive(Clone, Debug, PartialEq)]
        pub enum #error {
            #(#variants)*
        }

        impl #error {
            /// Decode an error response with HTTP status `status`.
            pub fn decode(
                status: u16,
                #body_param: &[u8],
            ) -> ::std::result::Result<Self, crate::runtime::PayloadError> {
                #decode_body
            }
        }

        #params
    }
}

fn emit_params(name: &str, op: &Operation, params: &[Param], api: &Api) -> TokenStream {
    let doc = format!(" The path, query and header parameters of [`{}`].", op.rust);
    let name = ident(name);
    let fields = params.iter().map(|p| {
        let where_ = match p.location {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
        };
        let mut doc = format!(
            "The {where_} parameter {}{}.",
            code_span(&p.wire),
            if p.required { ", required" } else { "" }
        );
        if !p.docs.is_empty() {
            doc = format!("{}\n\n{doc}", p.docs);
        }
        let docs = doc_attrs(&doc);
        let rust = ident(&p.rust);
        let ty = ty_tokens(&p.ty, api);
        if p.required {
            quote! { #docs pub #rust: #ty, }
        } else {
            quote! { #docs pub #rust: ::std::option::Option<#ty>, }
        }
    });
    quote! {
        #[doc = #doc]
        #[derive(Clone, Debug, PartialEq)]
        pub struct #name {
            #(#fields)*
        }
    }
}

/// `SERVERS` and `AUTH`: where the API is and how requests authenticate,
/// from the spec and the overlays.
pub fn emit_servers_and_auth(api: &Api) -> TokenStream {
    let servers = api.servers.iter().map(|s| {
        let url = &s.url;
        let description = &s.description;
        let environment = match &s.environment {
            Some(e) => quote! { ::std::option::Option::Some(#e) },
            None => quote! { ::std::option::Option::None },
        };
        let mutual_tls = s.mutual_tls;
        quote! {
            crate::runtime::ServerInfo {
                url: #url,
                description: #description,
                environment: #environment,
                mutual_tls: #mutual_tls,
            }
        }
    });
    let auth = api.auth.iter().map(|a| {
        let name = &a.name;
        let description = &a.description;
        let kind = match &a.kind {
            AuthKind::Bearer => quote! { crate::runtime::AuthKind::Bearer },
            AuthKind::Header(header) => quote! { crate::runtime::AuthKind::Header(#header) },
            AuthKind::Other(kind) => quote! { crate::runtime::AuthKind::Other(#kind) },
        };
        quote! {
            crate::runtime::AuthInfo { name: #name, kind: #kind, description: #description }
        }
    });
    quote! {
        /// The servers this API is reached at: environments, base URLs, and
        /// whether a client certificate is required.
        pub const SERVERS: &[crate::runtime::ServerInfo] = &[#(#servers),*];

        /// The authentication schemes this API accepts.
        pub const AUTH: &[crate::runtime::AuthInfo] = &[#(#auth),*];
    }
}

#[cfg(test)]
mod tests {
    use super::code_span;

    #[test]
    fn code_spans_escape_control_characters_and_fence_backticks() {
        assert_eq!(code_span("CustomerID"), "`CustomerID`");
        assert_eq!(code_span("a\tb"), "`a\\tb`");
        assert_eq!(code_span("a`b"), "`` a`b ``");
        assert_eq!(code_span("``"), "``` `` ```");
    }
}
