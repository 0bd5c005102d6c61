//! Payloads through the types generated for the shape fixtures. This file
//! is copied into the scratch crate `codegen/tests/shapes.rs` builds from
//! every fixture (one module each) and runs as that crate's test.

use serde_json::{json, Value};
use shapes::runtime::{decode_json, Operation, PayloadError};

/// Decode `value` as `T`, then encode it again.
fn round_trip<T>(value: &Value) -> Value
where
    T: serde::de::DeserializeOwned + serde::Serialize,
{
    let decoded: T = decode_json(value.to_string().as_bytes()).unwrap();
    serde_json::to_value(decoded).unwrap()
}

/// The error decoding `value` as `T` gives.
fn fault<T: serde::de::DeserializeOwned + std::fmt::Debug>(value: &Value) -> PayloadError {
    decode_json::<T>(value.to_string().as_bytes()).unwrap_err()
}

#[test]
fn recursive_schemas_and_reference_chains() {
    use shapes::refs::{GetTree, Node, Odd, Tree, TreeAlias};
    let tree = json!({
        "root": {
            "label": "a",
            "parent": {"label": "p"},
            "children": [{"label": "b", "children": [{"label": "c"}]}],
            "index": {"x": {"label": "d"}},
            "sibling": {"label": "s"}
        },
        "even": {"next": {"next": {}}}
    });
    assert_eq!(round_trip::<TreeAlias>(&tree), tree);
    let decoded: Tree = decode_json(tree.to_string().as_bytes()).unwrap();
    let parent: &Node = decoded.root.parent.as_deref().unwrap();
    assert_eq!(parent.label, "p");
    assert_eq!(decoded.root.index.as_ref().unwrap()["x"].label, "d");
    // Odd requires `next`.
    let err = fault::<Odd>(&json!({}));
    assert!(err.message.contains("missing field `next`"), "{err}");
    // `$ref` parameters, path-level and operation-level, both arrive.
    let params: Vec<&str> = GetTree::INFO.params.iter().map(|p| p.name).collect();
    assert_eq!(params, ["treeId", "pageSize"]);
    let _ = shapes::refs::GetTreeParams {
        tree_id: "t".into(),
        page_size: Some(10),
    };
}

#[test]
fn all_of_merges_members_and_required_beside_them() {
    use shapes::all_of::{CreateDogResponse201, Dog};
    let dog = json!({"name": "Rex", "age": 3, "barks": true});
    assert_eq!(round_trip::<Dog>(&dog), dog);
    // `required` beside `allOf` (Pet's `age`, Dog's `barks`) is required.
    let err = fault::<Dog>(&json!({"name": "Rex", "age": 3}));
    assert!(err.message.contains("missing field `barks`"), "{err}");
    let err = fault::<Dog>(&json!({"name": "Rex", "barks": true}));
    assert!(err.message.contains("missing field `age`"), "{err}");
    let created = json!({"name": "Rex", "age": 3, "barks": false, "id": 7});
    assert_eq!(round_trip::<CreateDogResponse201>(&created), created);
}

#[test]
fn additional_properties_typed_and_free_form() {
    use shapes::maps::{Catalogue, Counts, Labels, Tagged};
    let catalogue = json!({
        "name": "c",
        "labels": {"a": "b"},
        "extra": {"any": [1, {"x": null}]},
        "counts": {"n": 3},
        "prices": {"p": {"amount": 1.5}},
        "colours": ["red"]
    });
    let decoded: Catalogue = decode_json(catalogue.to_string().as_bytes()).unwrap();
    assert_eq!(decoded.additional_properties["colours"], ["red"]);
    assert_eq!(decoded.prices.as_ref().unwrap()["p"].amount.as_f64(), Some(1.5));
    assert_eq!(serde_json::to_value(&decoded).unwrap(), catalogue);
    let counts: Counts = decode_json(br#"{"a": 1, "b": 2}"#).unwrap();
    assert_eq!(counts["b"], 2);
    assert!(decode_json::<Labels>(br#"{"a": 1}"#).is_err());
    // A property named like the map of extra keys keeps its wire name.
    let tagged = json!({"additional_properties": "own", "other": true});
    let decoded: Tagged = decode_json(tagged.to_string().as_bytes()).unwrap();
    assert_eq!(decoded.additional_properties_2.as_deref(), Some("own"));
    assert_eq!(decoded.additional_properties["other"], true);
}

#[test]
fn required_nullable_against_optional() {
    use shapes::nullable::Person;
    let person = json!({"name": "A", "nickname": null, "age": null, "address": null});
    // Required and nullable fields are sent as `null`; optional ones are
    // left out.
    assert_eq!(round_trip::<Person>(&person), person);
    let err = fault::<Person>(&json!({"nickname": "x", "age": 1, "address": null}));
    assert!(err.message.contains("missing field `name`"), "{err}");
    let err = fault::<Person>(&json!({"name": null, "nickname": null, "age": 1, "address": null}));
    assert_eq!(err.path, "name");
    let full = json!({
        "name": "A", "nickname": "n", "age": 30, "address": {"line": "1 Main St"},
        "email": "a@example.com", "phone": null, "previous": null, "tags": ["t"]
    });
    let decoded: Person = decode_json(full.to_string().as_bytes()).unwrap();
    assert_eq!(decoded.address.unwrap().line.as_deref(), Some("1 Main St"));
    assert_eq!(decoded.phone, None);

    use shapes::nullable3::{Colour, Item};
    let item = json!({"id": null, "colour": "red", "parent": null, "shade": null,
                       "nickname": null});
    let decoded: Item = decode_json(item.to_string().as_bytes()).unwrap();
    assert_eq!(decoded.colour, Some(Colour::Red));
    assert_eq!(decoded.shade, None);
    assert!(decoded.parent.is_none());
    assert_eq!(decoded.nickname, None);
    assert_eq!(round_trip::<Item>(&item)["nickname"], Value::Null);
}

#[test]
fn integer_enums_are_rust_enums() {
    use shapes::enums::{Offset, Priority, Rating, Settings, SettingsLevel};
    assert_eq!(decode_json::<Priority>(b"2").unwrap(), Priority::Normal);
    let err = decode_json::<Priority>(b"7").unwrap_err();
    assert!(err.message.contains("expected one of 1, 2, 3"), "{err}");
    assert!(decode_json::<Priority>(b"\"2\"").is_err());
    assert_eq!(serde_json::to_string(&Offset::Minus1).unwrap(), "-1");
    assert_eq!(
        Offset::from_value(1_000_000_000_000),
        Some(Offset::V1000000000000)
    );
    assert_eq!(Rating::V5.value(), 5);
    assert_eq!(Priority::High.to_string(), "3");
    let settings = json!({"priority": 1, "level": 20, "levels": [10, 20], "ratio": 0.5});
    assert_eq!(round_trip::<Settings>(&settings), settings);
    let err = fault::<Settings>(&json!({"priority": 1, "level": 30}));
    assert_eq!(err.path, "level");
    assert_eq!(SettingsLevel::V10.value(), 10);
}

#[test]
fn string_enums_that_differ_only_in_case_or_punctuation() {
    use shapes::enums::{Case, Digits, Symbols};
    let all = ["abc", "ABC", "a-b-c", "a_b_c", "A.B.C", "Abc2"];
    let decoded: Vec<Case> = all
        .iter()
        .map(|v| decode_json(json!(v).to_string().as_bytes()).unwrap())
        .collect();
    let mut distinct = decoded.clone();
    distinct.dedup();
    assert_eq!(distinct.len(), all.len());
    let wire: Vec<&str> = decoded.iter().map(|c| c.as_str()).collect();
    assert_eq!(wire, all);
    assert_eq!(Case::ABC2.as_str(), "a_b_c");
    assert_eq!(Symbols::Empty.as_str(), "");
    assert_eq!(Symbols::PlusPlus.as_str(), "++");
    assert_eq!(Symbols::Symbol.as_str(), "…");
    assert_eq!(Digits::Minus1.as_str(), "-1");
    assert_eq!(Digits::V01.as_str(), "01");
}

#[test]
fn keywords_and_non_ascii_names_keep_their_wire_names() {
    use shapes::names::{Crate, GetKeywordsParams, Keywords, Maori, Matamua, Self_, U540dU524d};
    let keywords = json!({"type": "t", "Self": "S", "self": "s", "_": "u", "type_": "t2",
                          "union": "x", "gen": "g"});
    let decoded: Keywords = decode_json(keywords.to_string().as_bytes()).unwrap();
    assert_eq!(decoded.type_.as_deref(), Some("t"));
    assert_eq!(decoded.type_2.as_deref(), Some("t2"));
    assert_eq!(decoded.self_2.as_deref(), Some("S"));
    assert_eq!(decoded.field.as_deref(), Some("u"));
    assert_eq!(serde_json::to_value(&decoded).unwrap(), keywords);
    let param_names: Vec<&str> = shapes::names::GetKeywords::INFO
        .params
        .iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(param_names.len(), 55);
    let params = GetKeywordsParams {
        type_: "path".into(),
        type_2: Some("header".into()),
        ..params_with_only_type()
    };
    assert_eq!(params.type_2.as_deref(), Some("header"));

    let maori = json!({"kōrero": "k", "Größe": 3, "mātāmua": "ā"});
    let decoded: Maori = decode_json(maori.to_string().as_bytes()).unwrap();
    assert_eq!(decoded.matamua, Some(Matamua::A));
    assert_eq!(decoded.grosse, Some(3));
    assert_eq!(round_trip::<Maori>(&maori), maori);
    assert_eq!(Matamua::A2.as_str(), "Ā");
    let other = json!({"名前": "n", "имя": "i", "🎉": "p", "½": "h", "e\u{301}": "e"});
    assert_eq!(round_trip::<U540dU524d>(&other), other);
    let self_: Self_ = decode_json(br#"{"crate": "Self"}"#).unwrap();
    assert_eq!(self_.crate_.unwrap(), Crate::Self2);
}

/// Every parameter of `getKeywords` unset but the required path one.
fn params_with_only_type() -> shapes::names::GetKeywordsParams {
    shapes::names::GetKeywordsParams {
        type_: String::new(),
        as_: None,
        async_: None,
        await_: None,
        break_: None,
        const_: None,
        continue_: None,
        crate_: None,
        dyn_: None,
        else_: None,
        enum_: None,
        extern_: None,
        false_: None,
        fn_: None,
        for_: None,
        if_: None,
        impl_: None,
        in_: None,
        let_: None,
        loop_: None,
        match_: None,
        mod_: None,
        move_: None,
        mut_: None,
        pub_: None,
        ref_: None,
        return_: None,
        self_: None,
        self_2: None,
        static_: None,
        struct_: None,
        super_: None,
        trait_: None,
        true_: None,
        type_2: None,
        unsafe_: None,
        use_: None,
        where_: None,
        while_: None,
        abstract_: None,
        become_: None,
        box_: None,
        do_: None,
        final_: None,
        gen_: None,
        macro_: None,
        override_: None,
        priv_: None,
        try_: None,
        typeof_: None,
        unsized_: None,
        virtual_: None,
        yield_: None,
        union: None,
        field: None,
    }
}

#[test]
fn dates_are_strings() {
    use shapes::dates::{Event, ListEventsParams};
    let event = json!({"day": "2024-03-16", "at": "2024-03-16T10:00:00Z", "days": ["2024-01-01"]});
    let decoded: Event = decode_json(event.to_string().as_bytes()).unwrap();
    assert_eq!(decoded.day, "2024-03-16");
    assert_eq!(round_trip::<Event>(&event), event);
    let _ = ListEventsParams {
        from: Some("2024-01-01".into()),
        since: None,
    };
}

#[test]
fn path_query_header_and_form_parameters() {
    use shapes::params::{GetFile, GetFileParams, Sort, UploadFile, UploadFileRequest};
    use shapes::runtime::ParamLocation;
    let places: Vec<(&str, ParamLocation, bool)> = GetFile::INFO
        .params
        .iter()
        .map(|p| (p.name, p.location, p.required))
        .collect();
    assert_eq!(
        places,
        [
            ("folder", ParamLocation::Path, true),
            ("X-Request-Id", ParamLocation::Header, true),
            ("id", ParamLocation::Path, true),
            ("ID", ParamLocation::Header, false),
            ("fields", ParamLocation::Query, false),
            ("pipes", ParamLocation::Query, false),
            ("sort", ParamLocation::Query, false),
            ("limit", ParamLocation::Query, false),
            ("verbose", ParamLocation::Query, false),
        ]
    );
    let params = GetFileParams {
        folder: "f".into(),
        x_request_id: "r".into(),
        id: 1,
        id_2: Some("other".into()),
        fields: None,
        pipes: Some(vec![1, 2]),
        sort: Some(Sort::Desc),
        limit: None,
        verbose: None,
    };
    assert_eq!(params.sort.unwrap().as_str(), "desc");
    let request = UploadFile::INFO.request.unwrap();
    assert_eq!(request.media_type, "multipart/form-data");
    let upload = UploadFileRequest {
        content: vec![0, 255],
        comment: None,
        tags: Some(vec!["a".into()]),
    };
    assert_eq!(upload.content.len(), 2);
}

#[test]
fn responses_by_status() {
    use shapes::responses::{OrderStatus, Ping, PingError, PlaceOrder, PlaceOrderError};
    assert_eq!(
        PlaceOrderError::decode(418, b"").unwrap(),
        PlaceOrderError::Status418
    );
    assert_eq!(
        PlaceOrderError::decode(404, b"").unwrap(),
        PlaceOrderError::NotFound
    );
    let problem = br#"{"message": "down"}"#;
    match PlaceOrderError::decode(503, problem).unwrap() {
        PlaceOrderError::Status5xx { status, body } => {
            assert_eq!(status, 503);
            assert_eq!(body.message.as_deref(), Some("down"));
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        PlaceOrderError::decode(400, problem).unwrap(),
        PlaceOrderError::BadRequest(_)
    ));
    // `default` takes any status not listed.
    assert!(matches!(
        PlaceOrderError::decode(499, br#""teapot""#).unwrap(),
        PlaceOrderError::Other { status: 499, .. }
    ));
    let statuses: Vec<String> = PlaceOrder::INFO
        .responses
        .iter()
        .map(|r| r.status.to_string())
        .collect();
    assert_eq!(
        statuses,
        ["200", "202", "204", "400", "404", "409", "418", "5XX", "default"]
    );
    // The 202 body is typed in OPERATIONS too.
    let queued = PlaceOrder::INFO.response(202).unwrap().body.unwrap();
    assert_eq!(queued.type_name, "Ticket");
    assert!(queued.check(br#"{"queue": 3}"#).is_ok());
    assert!(queued.check(br#"{"queue": "three"}"#).is_err());
    assert!(PlaceOrder::INFO.response(204).unwrap().body.is_none());
    let text = OrderStatus::INFO.response(200).unwrap().body.unwrap();
    assert_eq!(text.check(b"OK").unwrap(), json!("OK"));
    assert!(matches!(
        PingError::decode(200, br#"{}"#).unwrap(),
        PingError::Other { status: 200, .. }
    ));
    let _: <Ping as Operation>::Success = ();
}

#[test]
fn missing_and_colliding_operation_ids() {
    use shapes::operation_ids::{
        AddThing, AddThing3, AddThingOperation, AddThingOperation2, GetThings2,
    };
    let ids: Vec<&str> = shapes::operation_ids::OPERATIONS
        .iter()
        .map(|o| o.operation_id)
        .collect();
    assert_eq!(
        ids,
        [
            "getThings2",
            "addThing",
            "addThing3",
            "deleteThings",
            "addThing2",
            "AddThing",
            "add_thing",
            "getThings"
        ]
    );
    assert_eq!(GetThings2::INFO.path, "/things");
    // Operations are read in GET, PUT, POST, DELETE order: PUT keeps the id.
    assert_eq!(AddThing::INFO.method.as_str(), "PUT");
    assert_eq!(AddThing3::INFO.method.as_str(), "POST");
    assert_eq!(AddThingOperation::INFO.operation_id, "AddThing");
    assert_eq!(AddThingOperation2::INFO.operation_id, "add_thing");
}

#[test]
fn hazardous_descriptions_still_decode() {
    use shapes::docs::{Kind, Note};
    let note = json!({"kind": "B_C", "text": "abc"});
    let decoded: Note = decode_json(note.to_string().as_bytes()).unwrap();
    assert_eq!(decoded.kind, Some(Kind::BC));
    assert_eq!(Kind::A.as_str(), "A");
}

#[test]
fn unsupported_shapes_still_hold_the_data() {
    use shapes::unsupported::Shapes;
    let shapes = json!({"either": 3, "any": true, "never": 1, "list": [1, "a"], "mixed": "m",
                        "untyped": {"x": [null]}, "untypedItems": ["a"]});
    assert_eq!(round_trip::<Shapes>(&shapes), shapes);
}
