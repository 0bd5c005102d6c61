//! The build-pack facts under `spec/overlays/`, against the real SDK.
//!
//! Each test names the facts it covers; removing an action from an overlay
//! makes at least one of them fail. The first part checks the OpenAPI 3.0
//! documents the overlays produce (what the generator models); the facts'
//! effect on the generated bindings is checked further down.

mod common;

use ird_codegen::error::{Diagnostics, Error};
use ird_codegen::manifest::Manifest;
use ird_codegen::overlay::Overlay;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::path::PathBuf;

fn manifest() -> Manifest {
    Manifest::load(&common::workspace().join("spec/manifest.toml")).unwrap()
}

/// Every API's OpenAPI 3.0 document with its overlays applied, by module.
fn documents() -> Vec<(String, Value)> {
    overlaid(true)
}

/// Every API's OpenAPI 3.0 document, with its overlays applied or not.
fn overlaid(apply: bool) -> Vec<(String, Value)> {
    let manifest = manifest();
    let sdk = common::sdk_dir();
    manifest
        .apis
        .iter()
        .map(|entry| {
            let (path, bytes) = entry.read_source(&sdk).unwrap();
            let text = String::from_utf8(bytes).unwrap();
            let mut diagnostics = Diagnostics::default();
            let mut spec = ird_codegen::load::load_str(&text, &path, &mut diagnostics).unwrap();
            for overlay in entry.overlays.iter().filter(|_| apply) {
                let file = manifest.dir.join(overlay);
                spec.apply_overlay(&Overlay::load(&file).unwrap(), &file)
                    .unwrap();
            }
            (entry.module.clone(), spec.document().clone())
        })
        .collect()
}

fn document(module: &str) -> Value {
    documents()
        .into_iter()
        .find(|(m, _)| m == module)
        .unwrap_or_else(|| panic!("no module {module}"))
        .1
}

/// The node at `pointer`, or a panic naming the module and pointer.
fn at<'a>(doc: &'a Value, module: &str, pointer: &str) -> &'a Value {
    doc.pointer(pointer)
        .unwrap_or_else(|| panic!("{module}: nothing at {pointer}"))
}

const MODULES: [&str; 11] = [
    "account",
    "address",
    "bank",
    "bic",
    "contact",
    "customer",
    "name",
    "period",
    "bill",
    "income",
    "ird_number_validation",
];

/// The eight Customer Services Suite APIs.
const SUITE: [&str; 8] = [
    "account", "address", "bank", "bic", "contact", "customer", "name", "period",
];

#[test]
fn the_manifest_lists_every_api_and_every_overlay_file() {
    let manifest = manifest();
    let modules: Vec<&str> = manifest.apis.iter().map(|a| a.module.as_str()).collect();
    assert_eq!(modules, MODULES);
    let listed: BTreeSet<String> = manifest
        .apis
        .iter()
        .flat_map(|a| a.overlays.iter().cloned())
        .collect();
    let on_disk: BTreeSet<String> = std::fs::read_dir(manifest.dir.join("overlays"))
        .unwrap()
        .map(|e| format!("overlays/{}", e.unwrap().file_name().to_string_lossy()))
        .collect();
    assert_eq!(
        listed, on_disk,
        "an overlay file is not applied, or missing"
    );
    for api in &manifest.apis {
        assert!(
            api.overlays
                .contains(&format!("overlays/{}.yaml", api.module)),
            "{} has no overlay of its own",
            api.module
        );
    }
}

/// Every action says where its fact comes from, in its `description` and in
/// a comment above it.
#[test]
fn every_action_cites_its_source() {
    let dir = manifest().dir.join("overlays");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let file: PathBuf = entry.unwrap().path();
        let overlay = Overlay::load(&file).unwrap();
        for (index, action) in overlay.actions.iter().enumerate() {
            let description = action.description.as_deref().unwrap_or("");
            assert!(
                description.len() > 20,
                "{} action #{}: the description must cite the source",
                file.display(),
                index + 1
            );
        }
        // The line above each `- target:` is a comment.
        let text = std::fs::read_to_string(&file).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let mut actions = 0;
        for (i, line) in lines.iter().enumerate() {
            if line.trim_start().starts_with("- target:") {
                actions += 1;
                assert!(
                    i > 0 && lines[i - 1].trim_start().starts_with('#'),
                    "{}:{}: no comment above the action",
                    file.display(),
                    i + 1
                );
            }
        }
        assert_eq!(actions, overlay.actions.len(), "{}", file.display());
    }
}

#[test]
fn the_real_sdk_generates_without_warnings() {
    let generated =
        ird_codegen::generate(&ird_codegen::Inputs::for_workspace(&common::workspace())).unwrap();
    let warnings: Vec<String> = generated.warnings.iter().map(|w| w.to_string()).collect();
    assert!(warnings.is_empty(), "{}", warnings.join("\n"));
}

/// When a spec revision moves what an action targets, generation stops
/// naming the overlay file and the action.
#[test]
fn a_stale_target_stops_generation_naming_the_action() {
    let manifest = manifest();
    let file = manifest.dir.join("overlays/contact.yaml");
    let overlay = Overlay::load(&file).unwrap();
    let converted = overlaid(false).into_iter().find(|(m, _)| m == "contact");
    let converted = converted.unwrap().1;
    overlay.apply(&mut converted.clone(), &file).unwrap();
    let mut doc = converted.clone();
    doc["paths"].as_object_mut().unwrap().remove("/phone");
    let err = overlay.apply(&mut doc, &file).unwrap_err();
    let Error::Overlay {
        location, action, ..
    } = &err
    else {
        panic!("not an overlay error: {err}")
    };
    assert!(
        action.contains("$.paths['/phone'].put.responses"),
        "{action}"
    );
    assert!(
        location.file.ends_with("spec/overlays/contact.yaml"),
        "{err}"
    );
    assert!(err.to_string().contains("matches nothing"), "{err}");

    // The wrong shape: the phone list is a scalar in this revision.
    let mut doc = converted;
    doc["components"]["schemas"]["contact_POST_Request"]["properties"]["Contact"]["properties"]
        ["Phone"] = json!("phones");
    let err = overlay.apply(&mut doc, &file).unwrap_err();
    assert!(err.to_string().contains("does not fit"), "{err}");
    assert!(err.to_string().contains("Phone"), "{err}");
}

/// Environments: the README's mock/test and production base URLs, with the
/// `/gateway/<api>` path; production on port 4046 with mutual TLS.
#[test]
fn servers_are_the_readme_environments() {
    let suite = |api: &str| {
        vec![
            json!({
                "url": format!("https://customerservices.test.services.ird.govt.nz/gateway/{api}"),
                "env": "test", "mtls": null,
            }),
            json!({
                "url": format!("https://services.ird.govt.nz:4046/gateway/{api}"),
                "env": "production", "mtls": true,
            }),
        ]
    };
    let mut expected: Vec<(&str, Vec<Value>)> = SUITE.iter().map(|m| (*m, suite(m))).collect();
    expected.push((
        "bill",
        vec![
            json!({"url": "https://bill.test.services.ird.govt.nz/gateway/bill",
                   "env": "test", "mtls": null}),
            json!({"url": "https://services.ird.govt.nz:4046/gateway/bill",
                   "env": "production", "mtls": true}),
        ],
    ));
    expected.push((
        "income",
        vec![
            json!({"url": "https://income.test.services.ird.govt.nz/gateway/income",
                   "env": "test", "mtls": null}),
            json!({"url": "https://test5.services.ird.govt.nz:4046/gateway/income",
                   "env": "test", "mtls": true}),
            json!({"url": "https://services.ird.govt.nz:4046/gateway/income",
                   "env": "production", "mtls": true}),
        ],
    ));
    expected.push((
        "ird_number_validation",
        vec![
            json!({"url": "https://irdvalidation.test.services.ird.govt.nz/gateway/customer-service",
                   "env": "test", "mtls": null}),
            json!({"url": "https://services.ird.govt.nz:4046/gateway/customer-service",
                   "env": "production", "mtls": true}),
        ],
    ));
    let docs = documents();
    assert_eq!(expected.len(), docs.len());
    for (module, servers) in expected {
        let doc = &docs.iter().find(|(m, _)| m == module).unwrap().1;
        let got: Vec<Value> = at(doc, module, "/servers")
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                json!({
                    "url": s["url"],
                    "env": s["x-ird-environment"],
                    "mtls": s["x-ird-mutual-tls"],
                })
            })
            .collect();
        assert_eq!(got, servers, "{module}");
        for server in &got {
            let url = server["url"].as_str().unwrap();
            assert!(!url.ends_with('/'), "{module}: {url} + /path would give //");
            assert_eq!(
                url.contains(":4046"),
                server["mtls"] == true,
                "{module}: {url}"
            );
        }
    }
}

/// Authentication: OAuth as `Authorization: Bearer <token>`, JWT as
/// `Authorization: <jwt>`; which APIs take which (Identity and Access
/// README), IRD Number Validation takes neither (mutual TLS only).
#[test]
fn security_schemes_follow_the_identity_and_access_table() {
    let oauth = json!({"type": "http", "scheme": "bearer"});
    let jwt = json!({"type": "apiKey", "in": "header", "name": "Authorization"});
    for (module, doc) in documents() {
        let expected: Vec<&str> = match module.as_str() {
            "bill" => vec!["oauth"],
            "ird_number_validation" => vec![],
            _ => vec!["oauth", "jwt"],
        };
        let security: Vec<Value> = expected.iter().map(|s| json!({ *s: [] })).collect();
        assert_eq!(at(&doc, &module, "/security"), &json!(security), "{module}");
        let schemes = doc.pointer("/components/securitySchemes");
        let names: Vec<&str> = schemes
            .and_then(Value::as_object)
            .map(|m| m.keys().map(String::as_str).collect())
            .unwrap_or_default();
        assert_eq!(names, expected, "{module}");
        for name in names {
            let scheme = &schemes.unwrap()[name];
            let want = if name == "oauth" { &oauth } else { &jwt };
            for (key, value) in want.as_object().unwrap() {
                assert_eq!(&scheme[key], value, "{module}: {name}.{key}");
            }
        }
    }
}

/// Operations whose build pack says "HTTP 200 with no response payload",
/// and every API's status GET answering 200 with the text "OK".
#[test]
fn success_responses_the_build_packs_state() {
    let no_body: &[(&str, &[(&str, &str)])] = &[
        ("address", &[("/address", "put"), ("/address", "delete")]),
        ("bank", &[("/bank", "post"), ("/bank", "delete")]),
        ("bic", &[("/bic", "post"), ("/bic", "delete")]),
        (
            "contact",
            &[
                ("/contact", "put"),
                ("/contact", "delete"),
                ("/phone", "put"),
                ("/phone", "delete"),
            ],
        ),
        ("name", &[("/name", "put"), ("/name", "delete")]),
    ];
    for (module, doc) in documents() {
        let status = at(&doc, &module, "/paths/~1status/get/responses/200");
        assert_eq!(
            status["content"]["text/plain"]["schema"],
            json!({"type": "string"}),
            "{module}: status GET answers text"
        );
        let listed = no_body
            .iter()
            .find(|(m, _)| *m == module)
            .map(|(_, ops)| *ops)
            .unwrap_or(&[]);
        for (path, method) in listed {
            let pointer = format!("/paths/{}/{method}/responses/200", path.replace('/', "~1"));
            let ok = at(&doc, &module, &pointer);
            assert!(ok.get("content").is_none(), "{module} {method} {path}");
        }
        // Every other operation keeps the 200 body its YAML gives.
        for (path, item) in at(&doc, &module, "/paths").as_object().unwrap() {
            for (method, op) in item.as_object().unwrap() {
                let ok = op["responses"].get("200");
                let bodiless = listed.contains(&(path.as_str(), method.as_str()));
                assert!(ok.is_some(), "{module} {method} {path} has no 200");
                if path != "/status" && !bodiless {
                    assert!(
                        ok.unwrap().get("content").is_some(),
                        "{module} {method} {path}"
                    );
                }
            }
        }
    }
    // Income README: 416 with an empty body when no income is in the range.
    let income = document("income");
    let range = at(&income, "income", "/paths/~1list/post/responses/416");
    assert!(range.get("content").is_none());
}

/// One schema-level fact: at `pointer` in `module`'s document, `key` is
/// `value`.
struct Fact {
    module: &'static str,
    pointer: &'static str,
    key: &'static str,
    value: fn() -> Value,
}

const fn fact(
    module: &'static str,
    pointer: &'static str,
    key: &'static str,
    value: fn() -> Value,
) -> Fact {
    Fact {
        module,
        pointer,
        key,
        value,
    }
}

const S: &str = "/components/schemas";

fn when_ird() -> Value {
    json!({"when": {"CustomerIDType": "IRD"}})
}
fn ird() -> Value {
    json!(true)
}
fn date() -> Value {
    json!("date")
}
fn customer_or_account() -> Value {
    json!([
        ["CustomerID", "CustomerIDType"],
        ["AccountID", "AccountIDType"]
    ])
}

/// Cardinalities, identifier rules, IRD numbers and date formats, as the
/// overlays write them into the documents.
const FACTS: &[Fact] = &[
    // Contact build pack 2.2.1.1: one to five phones; customer or account.
    fact(
        "contact",
        "/components/schemas/contact_POST_Request/properties/Contact/properties/Phone",
        "minItems",
        || json!(1),
    ),
    fact(
        "contact",
        "/components/schemas/contact_POST_Request/properties/Contact/properties/Phone",
        "maxItems",
        || json!(5),
    ),
    fact(
        "contact",
        "/components/schemas/contact_POST_Request",
        "x-ird-one-of",
        customer_or_account,
    ),
    fact(
        "contact",
        "/components/schemas/contact_POST_Request/properties/CustomerID",
        "x-ird-number",
        when_ird,
    ),
    // Address build pack 2.2, 2.2.1.1 and 2.2.2.
    fact(
        "address",
        "/components/schemas/address_POST_Request",
        "x-ird-one-of",
        customer_or_account,
    ),
    fact(
        "address",
        "/components/schemas/address_POST_Request/properties/CustomerID",
        "x-ird-number",
        when_ird,
    ),
    fact(
        "address",
        "/components/schemas/address_PUT_Request",
        "x-ird-one-of",
        || json!([["Address"], ["NewZealand"]]),
    ),
    // Bank: NewZealand or International, not both.
    fact(
        "bank",
        "/components/schemas/bank_POST_Request",
        "x-ird-one-of",
        || json!([["NewZealand"], ["International"]]),
    ),
    // IRD numbers where CustomerIDType is IRD.
    fact(
        "account",
        "/components/schemas/list_POST_Request/properties/CustomerID",
        "x-ird-number",
        when_ird,
    ),
    fact(
        "bic",
        "/components/schemas/bic_POST_Request/properties/CustomerID",
        "x-ird-number",
        when_ird,
    ),
    fact(
        "bic",
        "/components/schemas/bic_DELETE_Request/properties/CustomerID",
        "x-ird-number",
        when_ird,
    ),
    fact(
        "customer",
        "/components/schemas/customer_POST_Request/properties/CustomerID",
        "x-ird-number",
        when_ird,
    ),
    fact(
        "name",
        "/components/schemas/name_POST_Request/properties/CustomerID",
        "x-ird-number",
        when_ird,
    ),
    // IRD numbers outright.
    fact(
        "income",
        "/components/schemas/list_POST_Request/properties/IRD",
        "x-ird-number",
        ird,
    ),
    fact(
        "ird_number_validation",
        "/components/schemas/validateIRD_POST_Request/properties/IRD",
        "x-ird-number",
        ird,
    ),
    // Dates.
    fact(
        "income",
        "/components/schemas/list_POST_Request/properties/StartDate",
        "format",
        date,
    ),
    fact(
        "income",
        "/components/schemas/list_POST_Request/properties/EndDate",
        "format",
        date,
    ),
    fact(
        "bic",
        "/components/schemas/bic_POST_Request/properties/Commence",
        "format",
        date,
    ),
    fact(
        "bic",
        "/components/schemas/bic_DELETE_Request/properties/Cease",
        "format",
        date,
    ),
];

#[test]
fn schema_facts_are_in_the_documents() {
    let docs = documents();
    let mut failures = vec![];
    for f in FACTS {
        assert!(f.pointer.starts_with(S), "{}", f.pointer);
        let doc = &docs.iter().find(|(m, _)| m == f.module).unwrap().1;
        let node = at(doc, f.module, f.pointer);
        if node.get(f.key) != Some(&(f.value)()) {
            failures.push(format!(
                "{} {}: {} is {:?}, want {}",
                f.module,
                f.pointer,
                f.key,
                node.get(f.key),
                (f.value)()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every x-ird-one-of and x-ird-together group names properties the object
/// has, and every conditional x-ird-number names a sibling and one of its
/// enum values: a typo in an overlay would otherwise be a rule that never
/// fires.
#[test]
fn vendor_extensions_name_real_properties() {
    fn walk(node: &Value, pointer: &str, module: &str, seen: &mut usize) {
        match node {
            Value::Object(map) => {
                let properties = map.get("properties").and_then(Value::as_object);
                for key in ["x-ird-one-of", "x-ird-together"] {
                    if let Some(groups) = map.get(key) {
                        *seen += 1;
                        let properties = properties.expect("an object schema");
                        for name in
                            groups.as_array().unwrap().iter().flat_map(|g| {
                                g.as_array().unwrap().iter().map(|n| n.as_str().unwrap())
                            })
                        {
                            assert!(
                                properties.contains_key(name),
                                "{module} {pointer}: {key} names {name}"
                            );
                        }
                    }
                }
                if let Some(properties) = properties {
                    for (name, property) in properties {
                        let Some(when) = property.pointer("/x-ird-number/when") else {
                            continue;
                        };
                        *seen += 1;
                        for (field, value) in when.as_object().unwrap() {
                            let sibling = properties.get(field).unwrap_or_else(|| {
                                panic!("{module} {pointer}/{name}: no sibling {field}")
                            });
                            let values = sibling["enum"].as_array().unwrap();
                            assert!(values.contains(value), "{module} {pointer}: {value}");
                        }
                    }
                }
                for (key, value) in map {
                    walk(value, &format!("{pointer}/{key}"), module, seen);
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    walk(item, &format!("{pointer}/{i}"), module, seen);
                }
            }
            _ => {}
        }
    }
    let mut seen = 0;
    for (module, doc) in documents() {
        walk(&doc, "", &module, &mut seen);
    }
    assert_eq!(
        seen, 11,
        "x-ird-one-of/-together groups and conditional IRD numbers"
    );
}
