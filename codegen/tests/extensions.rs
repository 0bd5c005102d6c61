//! The overlay vocabulary of spec/README.md reaches the model and the
//! emitted `Validate` impls; malformed or unknown extensions are located.

use ird_codegen::error::{Diagnostics, Error};
use ird_codegen::model::{Api, AuthKind, IrdNumberRule, TypeKind};
use ird_codegen::{build_api, emit, output};
use std::path::{Path, PathBuf};

const SPEC: &str = include_str!("specs/rules.yaml");

fn overlay_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/specs/rules-overlay.yaml")
}

fn build_with(overlay_text: Option<&str>) -> (Result<Api, Error>, Diagnostics) {
    let mut diagnostics = Diagnostics::default();
    let dir = tempfile::tempdir().unwrap();
    let overlays = match overlay_text {
        Some(text) => {
            let path = dir.path().join("overlay.yaml");
            std::fs::write(&path, text).unwrap();
            vec![path]
        }
        None => vec![overlay_path()],
    };
    let api = build_api(
        Path::new("rules.yaml"),
        SPEC.as_bytes(),
        "rules",
        &overlays,
        &mut diagnostics,
    );
    (api, diagnostics)
}

fn request(api: &Api) -> &ird_codegen::model::TypeDef {
    api.types.iter().find(|t| t.name == "ThingRequest").unwrap()
}

#[test]
fn rules_reach_the_model() {
    let (api, diagnostics) = build_with(None);
    let api = api.unwrap();
    assert!(diagnostics.into_warnings().is_empty());
    let def = request(&api);
    assert_eq!(
        def.rules.one_of,
        [[
            ["CustomerID", "CustomerIDType"],
            ["AccountID", "AccountIDType"]
        ]]
    );
    assert_eq!(def.rules.together, [["Since", "At"]]);
    assert_eq!(def.rules.any_of, [[["IrdNumber"], ["Since"]]]);
    let TypeKind::Struct { fields, .. } = &def.kind else {
        panic!("a struct")
    };
    let field = |wire: &str| fields.iter().find(|f| f.wire == wire).unwrap();
    assert_eq!(
        field("CustomerID").constraints.ird_number,
        Some(IrdNumberRule::When {
            field: "CustomerIDType".into(),
            value: "IRD".into()
        })
    );
    assert_eq!(
        field("IrdNumber").constraints.ird_number,
        Some(IrdNumberRule::Always)
    );
    assert_eq!(field("Phones").constraints.max_items, Some(2));

    assert_eq!(api.servers.len(), 2);
    assert_eq!(api.servers[1].environment.as_deref(), Some("production"));
    assert!(api.servers[1].mutual_tls && !api.servers[0].mutual_tls);
    let auth: Vec<(&str, &AuthKind)> = api.auth.iter().map(|a| (&*a.name, &a.kind)).collect();
    assert_eq!(
        auth,
        [
            ("oauth", &AuthKind::Bearer),
            ("jwt", &AuthKind::Header("Authorization".into()))
        ]
    );
}

#[test]
fn rules_become_checks() {
    let (api, _) = build_with(None);
    let api = api.unwrap();
    let id = api
        .types
        .iter()
        .position(|t| t.name == "ThingRequest")
        .unwrap();
    let text = output::format(emit::emit_type(id, &api), "");
    for expected in [
        "impl crate::runtime::Validate for ThingRequest {",
        "checker.length(\"CustomerID\", value, None, Some(10));",
        "if self.customer_id_type.as_ref().map(|v| v.as_str()) == Some(\"IRD\") {",
        "checker.format(\"CustomerID\", value, crate::runtime::Format::IrdNumber);",
        "checker.ird_number(\"IrdNumber\", *value);",
        "checker.format(\"Since\", value, crate::runtime::Format::Date);",
        "checker.items(\"Phones\", value.len(), Some(1), Some(2));",
        "checker.nested(\"Phones\", value);",
        "(\"AccountIDType\", self.account_id_type.is_some())",
        "checker.together(",
        "&[(\"IrdNumber\", self.ird_number.is_some())],",
        ".any_of(",
        "checker.format(\"AccountID\", value, crate::runtime::Format::Digits);",
        "Give at least one of: `IrdNumber`; or `Since`.",
        "digits only",
        "Give exactly one of: `CustomerID` and `CustomerIDType`; or `AccountID` and",
        "an IRD number (modulus-11 check digit) when `CustomerIDType` is `IRD`",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
}

fn error_of(overlay: &str) -> String {
    let (api, _) = build_with(Some(overlay));
    match api {
        Ok(_) => panic!("expected an error for\n{overlay}"),
        Err(err) => err.to_string(),
    }
}

#[test]
fn malformed_extensions_are_located_errors() {
    let cases = [
        (
            "x-ird-one-of: [[CustomerID, Nope]]",
            "$.components.schemas.thingRequest",
            "/definitions/thingRequest/x-ird-one-of: `Nope` is not a property here",
        ),
        (
            "x-ird-together: [Since]",
            "$.components.schemas.thingRequest",
            "/definitions/thingRequest/x-ird-together: `x-ird-together` is a list of lists",
        ),
        (
            "x-ird-number: {when: {Nope: IRD}}",
            "$.components.schemas.thingRequest.properties.CustomerID",
            "/definitions/thingRequest/properties/CustomerID/x-ird-number: `when`: `Nope` \
             is not a property here",
        ),
        (
            "x-ird-number: {when: {Phones: IRD}}",
            "$.components.schemas.thingRequest.properties.CustomerID",
            "`when`: `Phones` holds no string",
        ),
        (
            "x-ird-number: yes please",
            "$.components.schemas.thingRequest.properties.CustomerID",
            "`x-ird-number` is `true` or `{when: {Field: VALUE}}`",
        ),
        (
            "x-ird-number: true",
            "$.components.schemas.thingRequest.properties.Phones",
            "`x-ird-number` applies to strings and integers only",
        ),
        (
            "x-ird-one-of: [[A]]",
            "$.components.schemas.thingRequest.properties.Since",
            "/definitions/thingRequest/properties/Since/x-ird-one-of: `x-ird-one-of` applies \
             to objects with properties",
        ),
    ];
    for (update, target, expected) in cases {
        let overlay = format!(
            "overlay: 1.0.0\ninfo: {{title: t, version: '1'}}\nactions:\n  - target: \
             {target}\n    update: {{{update}}}\n"
        );
        let message = error_of(&overlay);
        assert!(
            message.contains(expected),
            "{update}: expected {expected:?} in {message:?}"
        );
        assert!(message.contains("rules.yaml"), "{message}");
    }
}

#[test]
fn unknown_extensions_are_warnings_with_their_place() {
    let overlay = "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: \
                   $.components.schemas.thingRequest.properties.Since\n    update: \
                   {x-ird-numbr: true}\n";
    let (api, diagnostics) = build_with(Some(overlay));
    api.unwrap();
    let warnings: Vec<String> = diagnostics
        .into_warnings()
        .iter()
        .map(|w| w.to_string())
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("/definitions/thingRequest/properties/Since/x-ird-numbr")
            && warnings[0].contains("unknown extension `x-ird-numbr`"),
        "{warnings:?}"
    );
}

#[test]
fn server_extensions_are_checked() {
    let overlay = |server: &str| {
        format!(
            "overlay: 1.0.0\ninfo: {{title: t, version: '1'}}\nactions:\n  - target: $\n    \
             update: {{servers: [{{url: 'https://x.example/', {server}}}]}}\n"
        )
    };
    let message = error_of(&overlay("x-ird-environment: staging"));
    assert!(
        message.contains("`x-ird-environment` is `test` or `production`, not \"staging\""),
        "{message}"
    );
    let message = error_of(&overlay("x-ird-mutual-tls: 'yes'"));
    assert!(
        message.contains("`x-ird-mutual-tls` is `true` or `false`"),
        "{message}"
    );

    let (api, diagnostics) = build_with(Some(&overlay("x-ird-mutual-tsl: true")));
    assert!(!api.unwrap().servers[0].mutual_tls);
    let warnings: Vec<String> = diagnostics
        .into_warnings()
        .iter()
        .map(|w| w.to_string())
        .collect();
    assert!(
        warnings.len() == 1 && warnings[0].contains("unknown server extension `x-ird-mutual-tsl`"),
        "{warnings:?}"
    );
}
