//! The HTTP side of an API module: how its error enums and parameters go on
//! the wire (always emitted), its `Client` (behind the `client` feature) and
//! its `Server` trait and `router` (behind the `server` feature). The
//! generic work is in the `client.rs` and `server.rs` templates; this emits
//! the per-operation glue.

use crate::emit::{body_ty, doc_attrs, location_tokens, status_variant, ty_tokens};
use crate::model::{Api, Operation, ParamLocation, Status};
use crate::naming;
use proc_macro2::{Literal, TokenStream};
use quote::quote;

fn ident(name: &str) -> syn::Ident {
    syn::Ident::new(name, proc_macro2::Span::call_site())
}

/// Names the per-API `Client` already uses for itself.
const CLIENT_NAMES: &[&str] = &["new", "inner", "call", "base_url"];

/// The snake_case method name of an operation on the client and the
/// server trait: `ContactPost` -> `contact_post`.
pub fn method_name(op: &Operation) -> String {
    let name = naming::field_name(&op.rust);
    if CLIENT_NAMES.contains(&name.as_str()) {
        format!("{name}_operation")
    } else {
        name
    }
}

/// `impl ErrorResponse` for an operation's error enum, and `impl
/// WireParams` for its params struct.
pub fn emit_wire(op: &Operation, api: &Api) -> TokenStream {
    let error = ident(&op.error_name);
    let errors: Vec<_> = op
        .responses
        .iter()
        .filter(|r| !r.status.is_success())
        .collect();
    let mut status_arms = vec![];
    let mut body_arms = vec![];
    for r in &errors {
        let variant = ident(&status_variant(r.status));
        let with_status = matches!(r.status, Status::Default | Status::Range(_));
        let code = match r.status {
            Status::Code(c) => {
                let c = Literal::u16_unsuffixed(c);
                quote! { #c }
            }
            _ => quote! { *status },
        };
        match (&r.body, with_status) {
            (Some(_), false) => {
                status_arms.push(quote! { Self::#variant(_) => #code, });
                body_arms
                    .push(quote! { Self::#variant(body) => ::serde_json::to_value(body).ok(), });
            }
            (Some(_), true) => {
                status_arms.push(quote! { Self::#variant { status, .. } => #code, });
                body_arms.push(
                    quote! { Self::#variant { body, .. } => ::serde_json::to_value(body).ok(), },
                );
            }
            (None, false) => {
                status_arms.push(quote! { Self::#variant => #code, });
                body_arms.push(quote! { Self::#variant => ::std::option::Option::None, });
            }
            (None, true) => {
                status_arms.push(quote! { Self::#variant { status } => #code, });
                body_arms.push(quote! { Self::#variant { .. } => ::std::option::Option::None, });
            }
        }
    }
    // An enum with no variants (an operation listing no error status) has
    // nothing to match on.
    let (status_body, body_body) = if errors.is_empty() {
        (quote! { match *self {} }, quote! { match *self {} })
    } else {
        (
            quote! { match self { #(#status_arms)* } },
            quote! { match self { #(#body_arms)* } },
        )
    };
    let error_impl = quote! {
        impl crate::runtime::ErrorResponse for #error {
            fn decode(
                status: u16,
                body: &[u8],
            ) -> ::std::result::Result<Self, crate::runtime::PayloadError> {
                Self::decode(status, body)
            }

            fn status(&self) -> u16 {
                #status_body
            }

            fn body(&self) -> ::std::option::Option<::serde_json::Value> {
                #body_body
            }
        }
    };
    let params_impl = op.params_name.as_ref().map(|name| {
        let name = ident(name);
        let required = op.params.iter().filter(|p| p.required).map(|p| {
            let wire = &p.wire;
            let rust = ident(&p.rust);
            let location = location_tokens(p.location);
            quote! { (#wire, #location, crate::runtime::param_to_wire(&self.#rust)) }
        });
        let optional: Vec<TokenStream> = op
            .params
            .iter()
            .filter(|p| !p.required)
            .map(|p| {
                let wire = &p.wire;
                let rust = ident(&p.rust);
                let location = location_tokens(p.location);
                quote! {
                    if let ::std::option::Option::Some(value) = &self.#rust {
                        out.push((#wire, #location, crate::runtime::param_to_wire(value)));
                    }
                }
            })
            .collect();
        let encode = if optional.is_empty() {
            quote! { ::std::vec![#(#required),*] }
        } else {
            quote! {
                let mut out = ::std::vec![#(#required),*];
                #(#optional)*
                out
            }
        };
        let decode = op.params.iter().map(|p| {
            let wire = &p.wire;
            let rust = ident(&p.rust);
            let location = location_tokens(p.location);
            let ty = ty_tokens(&p.ty, api);
            let missing = format!("required {} parameter missing", location_word(p.location));
            if p.required {
                quote! {
                    #rust: {
                        let texts = lookup(#wire, #location);
                        if texts.is_empty() {
                            return ::std::result::Result::Err(crate::runtime::Violation {
                                path: #wire.to_string(),
                                rule: #missing.to_string(),
                            });
                        }
                        crate::runtime::param_from_wire::<#ty>(#wire, &texts)?
                    },
                }
            } else {
                quote! {
                    #rust: {
                        let texts = lookup(#wire, #location);
                        if texts.is_empty() {
                            ::std::option::Option::None
                        } else {
                            ::std::option::Option::Some(
                                crate::runtime::param_from_wire::<#ty>(#wire, &texts)?,
                            )
                        }
                    },
                }
            }
        });
        quote! {
            impl crate::runtime::WireParams for #name {
                fn encode(
                    &self,
                ) -> ::std::vec::Vec<(
                    &'static str,
                    crate::runtime::ParamLocation,
                    ::std::vec::Vec<::std::string::String>,
                )> {
                    #encode
                }

                fn decode(
                    lookup: &dyn Fn(
                        &str,
                        crate::runtime::ParamLocation,
                    ) -> ::std::vec::Vec<::std::string::String>,
                ) -> ::std::result::Result<Self, crate::runtime::Violation> {
                    ::std::result::Result::Ok(Self { #(#decode)* })
                }
            }
        }
    });
    quote! { #error_impl #params_impl }
}

fn location_word(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    }
}

/// The argument list and call arguments of an operation's method: params
/// and request where the operation has them.
struct Arguments {
    /// `params: &T, request: &U` for the client.
    client: Vec<TokenStream>,
    /// `&params, &request`, or `&()` where there is none, for `call`.
    call: Vec<TokenStream>,
    /// `params: T, request: U` for the server trait.
    server: Vec<TokenStream>,
    /// The closure's names for them, `_` where there is none.
    closure: Vec<TokenStream>,
    /// What the closure passes on.
    forward: Vec<TokenStream>,
}

fn arguments(op: &Operation, api: &Api) -> Arguments {
    let mut args = Arguments {
        client: vec![],
        call: vec![],
        server: vec![],
        closure: vec![],
        forward: vec![],
    };
    if let Some(name) = &op.params_name {
        let params = ident(name);
        args.client.push(quote! { params: &#params });
        args.call.push(quote! { params });
        args.server.push(quote! { params: #params });
        args.closure.push(quote! { params });
        args.forward.push(quote! { params });
    } else {
        args.call.push(quote! { &() });
        args.closure.push(quote! { _ });
    }
    if let Some(body) = &op.request {
        let request = body_ty(body, api);
        args.client.push(quote! { request: &#request });
        args.call.push(quote! { request });
        args.server.push(quote! { request: #request });
        args.closure.push(quote! { request });
        args.forward.push(quote! { request });
    } else {
        args.call.push(quote! { &() });
        args.closure.push(quote! { _ });
    }
    args
}

/// The success type of an operation, as its `Operation` impl names it.
fn success_ty(op: &Operation, api: &Api) -> TokenStream {
    let first = op.responses.iter().find(|r| r.status.is_success());
    match first.and_then(|r| r.body.as_ref()) {
        Some(body) => body_ty(body, api),
        None => quote! { () },
    }
}

fn operation_doc(op: &Operation) -> String {
    let summary = if op.summary.is_empty() {
        op.id.clone()
    } else {
        op.summary.clone()
    };
    format!("{summary}: `{} {}` ([`{}`]).", op.method, op.path, op.rust)
}

/// The API's `Client`, behind the `client` feature.
pub fn emit_client(api: &Api) -> TokenStream {
    let module = &api.module;
    let methods = api.operations.iter().map(|op| {
        let marker = ident(&op.rust);
        let method = ident(&method_name(op));
        let docs = doc_attrs(&operation_doc(op));
        let args = arguments(op, api);
        let client_args = &args.client;
        let call_args = &args.call;
        let success = success_ty(op, api);
        let error = ident(&op.error_name);
        quote! {
            #docs
            pub async fn #method(
                &self,
                #(#client_args),*
            ) -> ::std::result::Result<#success, crate::client::Error<#error>> {
                self.0.call::<#marker>(#(#call_args),*).await
            }
        }
    });
    let doc = format!(
        " A client for the {} API: one method per operation.",
        if api.title.is_empty() {
            &api.module
        } else {
            &api.title
        }
    );
    quote! {
        #[doc = #doc]
        #[cfg(feature = "client")]
        #[derive(Clone, Debug)]
        pub struct Client(crate::client::Client);

        #[cfg(feature = "client")]
        impl Client {
            /// A client for this API's server in `config`'s environment.
            pub fn new(
                config: &crate::client::Config,
            ) -> ::std::result::Result<Self, crate::client::ConfigError> {
                crate::client::Client::new(#module, SERVERS, config).map(Client)
            }

            /// The generic client, for [`crate::client::Client::call`].
            pub fn inner(&self) -> &crate::client::Client {
                &self.0
            }

            #(#methods)*
        }
    }
}

/// The API's `Server` trait and `router`, behind the `server` feature.
pub fn emit_server(api: &Api) -> TokenStream {
    let methods = api.operations.iter().map(|op| {
        let method = ident(&method_name(op));
        let docs = doc_attrs(&operation_doc(op));
        let args = arguments(op, api);
        let server_args = &args.server;
        let success = success_ty(op, api);
        let error = ident(&op.error_name);
        quote! {
            #docs
            fn #method(
                &self,
                #(#server_args),*
            ) -> impl ::std::future::Future<
                Output = ::std::result::Result<#success, #error>,
            > + ::std::marker::Send;
        }
    });
    let routes = api.operations.iter().map(|op| {
        let marker = ident(&op.rust);
        let method = ident(&method_name(op));
        let args = arguments(op, api);
        let closure = &args.closure;
        let forward = &args.forward;
        quote! {
            .route::<#marker, _, _>(|server, #(#closure),*| async move {
                server.#method(#(#forward),*).await
            })
        }
    });
    let title = if api.title.is_empty() {
        &api.module
    } else {
        &api.title
    };
    let doc = format!(
        " The {title} API as a server: implement one method per operation and serve \
         [`router`]. Requests arrive decoded and validated."
    );
    quote! {
        #[doc = #doc]
        #[cfg(feature = "server")]
        pub trait Server: ::std::marker::Send + ::std::marker::Sync + 'static {
            #(#methods)*
        }

        /// The axum router of this API: every operation in [`OPERATIONS`],
        /// answered by `server`.
        #[cfg(feature = "server")]
        pub fn router<S: Server>(server: ::std::sync::Arc<S>) -> crate::server::axum::Router {
            crate::server::Routes::new(server)
                #(#routes)*
                .into_router()
        }
    }
}
