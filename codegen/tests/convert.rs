//! Swagger 2.0 conversion and loading, on small specs of our own.

use ird_codegen::error::{Diagnostics, Error};
use ird_codegen::load;
use std::path::Path;

/// The model of a spec of one API, named `a`.
fn model(text: &str) -> ird_codegen::model::Api {
    let mut diagnostics = Diagnostics::default();
    ird_codegen::build_api(
        Path::new("spec.yaml"),
        text.as_bytes(),
        "a",
        &[],
        &mut diagnostics,
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

fn convert(text: &str) -> serde_json::Value {
    let spec = load::load_str(text, Path::new("spec.yaml"), &mut Diagnostics::default()).unwrap();
    spec.document().clone()
}

#[test]
fn swagger2_becomes_openapi3() {
    let doc = convert(include_str!("specs/petstore-swagger2.yaml"));
    assert_eq!(doc["openapi"], "3.0.3");
    assert_eq!(doc["servers"][0]["url"], "https://pets.example/v1");
    assert_eq!(doc["servers"][1]["url"], "http://pets.example/v1");

    let get = &doc["paths"]["/pets/{petId}"]["get"];
    let params = get["parameters"].as_array().unwrap();
    let names: Vec<(&str, &str)> = params
        .iter()
        .map(|p| (p["name"].as_str().unwrap(), p["in"].as_str().unwrap()))
        .collect();
    assert_eq!(
        names,
        [
            ("petId", "path"),
            ("verbose", "query"),
            ("X-Trace", "header"),
            ("tags", "query")
        ]
    );
    assert_eq!(params[0]["schema"]["format"], "int64");
    assert_eq!(params[0]["required"], true);
    assert_eq!(params[3]["explode"], true);
    assert_eq!(params[3]["schema"]["items"]["type"], "string");

    let media = "application/json; charset=utf-8";
    assert_eq!(
        get["responses"]["200"]["content"][media]["schema"]["$ref"],
        "#/components/schemas/Pet"
    );
    assert!(get["responses"]["default"].get("content").is_none());

    let put = &doc["paths"]["/pets/{petId}"]["put"];
    assert_eq!(put["requestBody"]["required"], true);
    assert_eq!(
        put["requestBody"]["content"][media]["schema"]["$ref"],
        "#/components/schemas/Pet"
    );
    assert!(
        put.get("parameters").is_some(),
        "the path-level petId is copied in"
    );

    let pet = &doc["components"]["schemas"]["Pet"];
    assert_eq!(pet["properties"]["nickname"]["nullable"], true);
    assert_eq!(pet["properties"]["id"]["format"], "int64");
}

#[test]
fn converted_document_reads_as_openapiv3() {
    let spec = load::load_str(
        include_str!("specs/petstore-swagger2.yaml"),
        Path::new("spec.yaml"),
        &mut Diagnostics::default(),
    )
    .unwrap();
    let openapi = spec.openapi().clone();
    assert_eq!(openapi.paths.paths.len(), 1);
    assert!(openapi.components.unwrap().schemas.contains_key("Pet"));
}

#[test]
fn shape_errors_in_swagger2_name_the_source_pointer_and_line() {
    let text = include_str!("specs/petstore-swagger2.yaml").replace(
        "nickname: {type: string, x-nullable: true}",
        "nickname:\n        type: string\n        maxLength: lots",
    );
    let err =
        load::load_str(&text, Path::new("spec.yaml"), &mut Diagnostics::default()).unwrap_err();
    let Error::Parse { location, .. } = &err else {
        panic!("{err}")
    };
    assert!(location.pointer.starts_with("/definitions/Pet"), "{err}");
    assert!(location.line.is_some(), "{err}");
    assert!(err.to_string().starts_with("spec.yaml:"), "{err}");
}

#[test]
fn unknown_fields_are_warned_with_their_location() {
    let text = include_str!("specs/petstore-swagger2.yaml").replace(
        "operationId: putPet",
        "operationId: putPet\n      frobnicate: 1",
    );
    let mut diagnostics = Diagnostics::default();
    load::load_str(&text, Path::new("spec.yaml"), &mut diagnostics).unwrap();
    let warnings = diagnostics.into_warnings();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(
        warnings[0].location.pointer,
        "/paths/~1pets~1{petId}/put/frobnicate"
    );
    assert!(warnings[0].message.contains("frobnicate"));
}

#[test]
fn every_current_contact_operation_is_modelled() {
    // The real spec, loaded without the manifest.
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let sdk = ird_codegen::manifest::sdk_dir(workspace);
    let path = sdk.join(
        "Gateway_Services-Customer-and-Account/Customer Services Suite/Contact API/\
         Contact 2021-09-14.yaml",
    );
    let mut diagnostics = Diagnostics::default();
    let spec = load::load_file(&path, &mut diagnostics).unwrap();
    let api = ird_codegen::model::build(&spec, "contact", &mut diagnostics).unwrap();
    let ids: Vec<&str> = api.operations.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "contactPUT",
            "contactPOST",
            "contactDELETE",
            "phonePUT",
            "phonePOST",
            "phoneDELETE",
            "statusGET"
        ]
    );
    // Without the overlay the spec lists no success for status GET: warned.
    let warnings = diagnostics.into_warnings();
    assert!(
        warnings
            .iter()
            .any(|w| w.message.contains("`statusGET` lists no success")),
        "{warnings:?}"
    );
}

#[test]
fn reference_cycles_without_a_schema_are_errors() {
    let text = "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\ndefinitions:\n  \
                A: {$ref: '#/definitions/B'}\n  B: {$ref: '#/definitions/A'}\n";
    let mut diagnostics = Diagnostics::default();
    let spec = load::load_str(text, Path::new("cycle.yaml"), &mut diagnostics).unwrap();
    let err = ird_codegen::model::build(&spec, "m", &mut diagnostics)
        .unwrap_err()
        .to_string();
    assert!(err.contains("cycle of references"), "{err}");
    assert!(err.contains("cycle.yaml"), "{err}");
}

#[test]
fn module_names_may_not_shadow_the_crate_files() {
    for name in [
        "runtime", "lib", "client", "server", "common", "fn", "Foo", "",
    ] {
        assert!(!ird_codegen::naming::is_module_name(name), "{name}");
    }
    assert!(ird_codegen::naming::is_module_name("ird_number_validation"));
}

#[test]
fn a_path_level_ref_parameter_is_kept_beside_an_operation_ref_parameter() {
    let text = "swagger: '2.0'\ninfo: {title: t, version: '1'}\nparameters:\n  \
                Id: {name: id, in: path, required: true, type: string}\n  \
                Page: {name: page, in: query, type: integer}\n  \
                Id2: {name: id, in: path, required: true, type: integer}\n\
                paths:\n  /a/{id}:\n    parameters: [{$ref: '#/parameters/Id'}]\n    \
                get:\n      parameters: [{$ref: '#/parameters/Page'}]\n      \
                responses: {'200': {description: ok}}\n    \
                put:\n      parameters: [{$ref: '#/parameters/Id2'}]\n      \
                responses: {'200': {description: ok}}\n";
    let doc = convert(text);
    let refs = |method: &str| -> Vec<String> {
        doc["paths"]["/a/{id}"][method]["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["$ref"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        refs("get"),
        ["#/components/parameters/Id", "#/components/parameters/Page"]
    );
    // A reference to another `id` in the path replaces the path-level one.
    assert_eq!(refs("put"), ["#/components/parameters/Id2"]);
}

#[test]
fn x_nullable_beside_a_ref_becomes_a_nullable_all_of() {
    let text = "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\ndefinitions:\n  \
                A: {type: object, properties: {b: {$ref: '#/definitions/B', x-nullable: true, \
                description: the b}}}\n  B: {type: string}\n";
    let doc = convert(text);
    let b = &doc["components"]["schemas"]["A"]["properties"]["b"];
    assert_eq!(
        *b,
        serde_json::json!({
            "allOf": [{"$ref": "#/components/schemas/B"}],
            "nullable": true,
            "description": "the b"
        })
    );
}

#[test]
fn a_ref_to_a_component_whose_name_holds_a_slash_is_unescaped() {
    // RFC 6901: `/` in a name is `~1` in the pointer, `~` is `~0`.
    let text = "swagger: '2.0'\ninfo: {title: t, version: '1'}\nparameters:\n  \
                page/size: {name: pageSize, in: query, type: integer}\n  \
                a~b: {name: ab, in: query, type: string}\n\
                paths:\n  /a:\n    get:\n      operationId: aGet\n      \
                parameters:\n        - {$ref: '#/parameters/page~1size'}\n        \
                - {$ref: '#/parameters/a~0b'}\n      \
                responses: {'200': {description: ok}}\n";
    let api = model(text);
    let wire: Vec<&str> = api.operations[0]
        .params
        .iter()
        .map(|p| p.wire.as_str())
        .collect();
    assert_eq!(wire, ["pageSize", "ab"]);
}

#[test]
fn a_reference_with_siblings_keeps_the_referenced_type_and_the_description() {
    let text = "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\ndefinitions:\n  \
                A:\n    type: object\n    properties:\n      \
                b: {$ref: '#/definitions/B', x-nullable: true, maxLength: 5,\n          \
                description: the b}\n      \
                c: {$ref: '#/definitions/B', description: the c}\n  \
                B: {type: string}\n";
    let api = model(text);
    let a = api.types.iter().find(|t| t.name == "A").expect("A");
    let b = api.types.iter().position(|t| t.name == "B").expect("B");
    let ird_codegen::model::TypeKind::Struct { fields, .. } = &a.kind else {
        panic!("A is a struct: {:?}", a.kind);
    };
    for (field, docs, nullable) in [(&fields[0], "the b", true), (&fields[1], "the c", false)] {
        assert_eq!(field.ty, ird_codegen::model::Ty::Named(b), "{}", field.wire);
        assert_eq!(field.docs, docs);
        assert_eq!(field.nullable, nullable, "{}", field.wire);
    }
    assert_eq!(api.types.len(), 2, "no type made of a reference's siblings");
}

#[test]
fn definitions_spelled_alike_and_module_items_get_distinct_names() {
    let text = "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\ndefinitions:\n  \
                Foo: {type: object, properties: {x: {type: string}}}\n  \
                foo: {type: object, properties: {x: {type: integer}}}\n  \
                FOO: {type: object, properties: {x: {type: boolean}}}\n  \
                Client: {type: object, properties: {x: {type: string, format: date}}}\n  \
                self: {type: object, properties: {y: {type: string}}}\n  \
                Self: {type: object, properties: {y: {type: integer}}}\n";
    let api = model(text);
    let mut names: Vec<&str> = api.types.iter().map(|t| t.name.as_str()).collect();
    names.extend(
        api.types
            .iter()
            .flat_map(|t| t.aliases.iter().map(String::as_str)),
    );
    names.sort();
    assert_eq!(names, ["Client2", "Foo", "Foo2", "Foo3", "Self2", "Self_"]);
}
