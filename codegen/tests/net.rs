//! The HTTP glue the generator emits per module: error enums and params go
//! on the wire, and the client and server are feature-gated, with one
//! method per operation. (The glue is run over loopback by the root
//! package's `tests/loopback.rs`.)

use std::path::{Path, PathBuf};

fn petstore() -> ird_codegen::Generated {
    let spec = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/specs/petstore-swagger2.yaml");
    ird_codegen::single_crate(&spec, "pets", &[]).unwrap()
}

#[test]
fn every_operation_gets_a_client_method_and_a_server_method() {
    let generated = petstore();
    let module = &generated.files[Path::new("src/pets.rs")];
    for expected in [
        concat!(
            "#[cfg(feature = \"client\")]\n#[derive(Clone, Debug)]\n",
            "pub struct Client(crate::client::Client);",
        ),
        "pub async fn get_pet(\n        &self,\n        params: &GetPetParams,\n    )",
        concat!(
            "pub async fn put_pet(\n        &self,\n        params: &PutPetParams,\n",
            "        request: &Pet,\n    )",
        ),
        "#[cfg(feature = \"server\")]\npub trait Server:",
        "    fn get_pet(\n        &self,\n        params: GetPetParams,\n    )",
        ".route::<\n            GetPet,",
        "impl crate::runtime::ErrorResponse for GetPetError {",
        "impl crate::runtime::ErrorResponse for PutPetError {",
        "impl crate::runtime::WireParams for GetPetParams {",
    ] {
        assert!(module.contains(expected), "missing:\n{expected}");
    }
    // Parameters are read back by wire name and location, and a missing
    // required one is named.
    assert!(module.contains("lookup(\"X-Trace\", crate::runtime::ParamLocation::Header)"));
    assert!(module.contains("rule: \"required path parameter missing\".to_string()"));
}

#[test]
fn the_http_stack_is_optional_and_off_by_default() {
    let generated = petstore();
    let cargo = &generated.files[Path::new("Cargo.toml")];
    assert!(cargo.contains("[features]\ndefault = []\n"), "{cargo}");
    assert!(cargo.contains("client = [\"dep:reqwest\"]"), "{cargo}");
    assert!(
        cargo.contains("server = [\"dep:axum\", \"dep:tokio\"]"),
        "{cargo}"
    );
    for dep in ["reqwest", "axum", "tokio"] {
        let table = format!("[dependencies.{dep}]\n");
        let start = cargo
            .find(&table)
            .unwrap_or_else(|| panic!("{dep}: {cargo}"));
        let rest = &cargo[start + table.len()..];
        let end = rest.find("\n\n").unwrap_or(rest.len());
        assert!(
            rest[..end].contains("optional = true"),
            "{dep} is not optional"
        );
    }
    let lib = &generated.files[Path::new("src/lib.rs")];
    assert!(lib.contains("#[cfg(feature = \"client\")]\npub mod client;"));
    assert!(lib.contains("#[cfg(feature = \"server\")]\npub mod server;"));
    assert!(generated.files.contains_key(Path::new("src/client.rs")));
    assert!(generated.files.contains_key(Path::new("src/server.rs")));
    // The stand-in example is written against a Contact API.
    assert!(!generated
        .files
        .contains_key(Path::new("examples/stand_in.rs")));
    assert!(!cargo.contains("stand_in"));
}
