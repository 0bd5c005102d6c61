//! `impl Validate` for the types sent in requests: the rules the spec and
//! the build-pack overlays state beyond what the types enforce (lengths,
//! item counts, formats, IRD numbers, fields given together or instead of
//! each other), checked by code the runtime's `Checker` drives.

use crate::model::{Api, Field, IrdNumberRule, Ty, TypeDef, TypeKind};
use proc_macro2::{Span, TokenStream};
use quote::quote;

fn ident(name: &str) -> syn::Ident {
    syn::Ident::new(name, Span::call_site())
}

/// Whether values of `ty` implement `runtime::Validate`: structs sent in
/// requests, open enums also sent in requests, and arrays of them.
pub fn validates(ty: &Ty, api: &Api) -> bool {
    match ty {
        Ty::Named(id) => {
            let def = &api.types[*id];
            match &def.kind {
                TypeKind::Struct { .. } => def.direction.request,
                TypeKind::StringEnum { .. } => def.direction.request && def.direction.response,
                TypeKind::IntEnum { .. } => false,
                TypeKind::Alias(inner) => validates(inner, api),
            }
        }
        Ty::Vec(inner) => validates(inner, api),
        _ => false,
    }
}

/// `impl Validate` for a struct: each field's checks, then the rules
/// across fields.
// Known gaps: `pattern`, `minimum`/`maximum`, and rules on the items of
// arrays of strings or on map values are documented but not checked.
pub fn struct_impl(def: &TypeDef, fields: &[Field], api: &Api) -> TokenStream {
    let name = ident(&def.name);
    let mut checks: Vec<TokenStream> = fields
        .iter()
        .filter_map(|field| field_checks(field, fields, api))
        .collect();
    let present = |wire: &String| {
        let field = fields.iter().find(|f| f.wire == *wire);
        match field {
            Some(field) if field.required && !field.nullable => quote! { (#wire, true) },
            Some(field) => {
                let rust = ident(&field.rust);
                quote! { (#wire, self.#rust.is_some()) }
            }
            // The model rejects groups naming no property.
            None => quote! { (#wire, false) },
        }
    };
    for (rules, method) in [(&def.rules.one_of, "one_of"), (&def.rules.any_of, "any_of")] {
        let method = ident(method);
        for rule in rules {
            let groups = rule.iter().map(|group| {
                let members = group.iter().map(present);
                quote! { &[#(#members),*] }
            });
            checks.push(quote! { checker.#method(&[#(#groups),*]); });
        }
    }
    for group in &def.rules.together {
        let members = group.iter().map(present);
        checks.push(quote! { checker.together(&[#(#members),*]); });
    }
    let arg = if checks.is_empty() {
        quote! { _checker }
    } else {
        quote! { checker }
    };
    quote! {
        impl crate::runtime::Validate for #name {
            fn check(&self, #arg: &mut crate::runtime::Checker) {
                #(#checks)*
            }
        }
    }
}

/// `impl Validate` for an open enum also sent in requests: a value the spec
/// does not list is a violation there.
pub fn open_enum_impl(def: &TypeDef, other: &str) -> TokenStream {
    let name = ident(&def.name);
    let other = ident(other);
    quote! {
        impl crate::runtime::Validate for #name {
            fn check(&self, checker: &mut crate::runtime::Checker) {
                if let Self::#other(value) = self {
                    checker.violation(format!("`{value}` is not a value the spec lists"));
                }
            }
        }
    }
}

fn field_checks(field: &Field, fields: &[Field], api: &Api) -> Option<TokenStream> {
    let wire = &field.wire;
    let c = &field.constraints;
    let mut on_value = vec![];
    match &field.ty {
        Ty::String => {
            if c.min_length.is_some() || c.max_length.is_some() {
                let min = option_usize(c.min_length);
                let max = option_usize(c.max_length);
                on_value.push(quote! { checker.length(#wire, value, #min, #max); });
            }
            let format = match c.format.as_deref() {
                Some("date") => Some(quote! { Date }),
                Some("date-time") => Some(quote! { DateTime }),
                _ => None,
            };
            if let Some(format) = format {
                on_value.push(quote! {
                    checker.format(#wire, value, crate::runtime::Format::#format);
                });
            }
            if c.digits {
                on_value.push(quote! {
                    checker.format(#wire, value, crate::runtime::Format::Digits);
                });
            }
            if let Some(rule) = &c.ird_number {
                let check = quote! {
                    checker.format(#wire, value, crate::runtime::Format::IrdNumber);
                };
                on_value.push(guarded(rule, check, fields, api));
            }
        }
        Ty::I64 | Ty::I32 => {
            if let Some(rule) = &c.ird_number {
                let number = if field.ty == Ty::I64 {
                    quote! { *value }
                } else {
                    quote! { i64::from(*value) }
                };
                let check = quote! { checker.ird_number(#wire, #number); };
                on_value.push(guarded(rule, check, fields, api));
            }
        }
        Ty::Vec(inner) => {
            if c.min_items.is_some() || c.max_items.is_some() {
                let min = option_usize(c.min_items);
                let max = option_usize(c.max_items);
                on_value.push(quote! { checker.items(#wire, value.len(), #min, #max); });
            }
            if validates(inner, api) {
                on_value.push(quote! { checker.nested(#wire, value); });
            }
        }
        ty if validates(ty, api) => on_value.push(quote! { checker.nested(#wire, value); }),
        _ => {}
    }
    if on_value.is_empty() {
        return None;
    }
    let rust = ident(&field.rust);
    Some(if field.required && !field.nullable {
        quote! { { let value = &self.#rust; #(#on_value)* } }
    } else {
        quote! { if let Some(value) = &self.#rust { #(#on_value)* } }
    })
}

fn option_usize(value: Option<usize>) -> TokenStream {
    match value {
        Some(v) => {
            let v = proc_macro2::Literal::usize_unsuffixed(v);
            quote! { Some(#v) }
        }
        None => quote! { None },
    }
}

/// `check`, run only when the rule's condition on a sibling field holds.
fn guarded(rule: &IrdNumberRule, check: TokenStream, fields: &[Field], api: &Api) -> TokenStream {
    let IrdNumberRule::When { field, value } = rule else {
        return check;
    };
    let Some(sibling) = fields.iter().find(|f| f.wire == *field) else {
        // The model rejects a `when` naming no sibling.
        return TokenStream::new();
    };
    let rust = ident(&sibling.rust);
    let is_enum = matches!(
        sibling.ty.named().map(|id| &api.types[id].kind),
        Some(TypeKind::StringEnum { .. })
    );
    let optional = !sibling.required || sibling.nullable;
    let condition = match (sibling.ty == Ty::String, is_enum, optional) {
        (true, _, false) => quote! { self.#rust == #value },
        (true, _, true) => quote! { self.#rust.as_deref() == Some(#value) },
        (_, true, false) => quote! { self.#rust.as_str() == #value },
        (_, true, true) => quote! { self.#rust.as_ref().map(|v| v.as_str()) == Some(#value) },
        // The model rejects a `when` on a sibling that holds no string.
        _ => return TokenStream::new(),
    };
    quote! { if #condition { #check } }
}
