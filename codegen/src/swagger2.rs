//! Swagger 2.0 to OpenAPI 3.0.
//!
//! The conversion works on the JSON value, so that every field it does not
//! rewrite (vendor extensions, examples, keywords the two versions share)
//! passes through unchanged. What it rewrites:
//!
//! - `host`, `basePath` and `schemes` become `servers`;
//! - `definitions`, `parameters`, `responses` and `securityDefinitions`
//!   move under `components`, and every `$ref` follows them;
//! - a `body` parameter becomes a `requestBody`, `formData` parameters a
//!   form `requestBody`, with one media type per `consumes` entry;
//! - a response `schema` becomes `content`, one media type per `produces`;
//! - non-body parameters get their type under `schema`;
//! - `x-nullable` becomes `nullable`, `type: file` a binary string, and a
//!   string `discriminator` an object.

use crate::error::{join_pointer, Diagnostics, Error, Location};
use serde_json::{json, Map, Value};
use std::path::Path;

const DEFAULT_MEDIA_TYPE: &str = "application/json";

/// Convert a Swagger 2.0 document (already known to say `swagger: "2.0"`).
///
/// `text` is the source, to give errors and warnings their line.
pub fn convert(
    doc: &Value,
    file: &Path,
    text: &str,
    diagnostics: &mut Diagnostics,
) -> Result<Value, Error> {
    let mut cx = Converter {
        file,
        text,
        diagnostics,
        consumes: vec![],
        produces: vec![],
        shared_parameters: Map::new(),
        body_parameters: vec![],
    };
    cx.document(doc.as_object().expect("version check saw a mapping"))
}

/// Map a pointer into the converted document back to the Swagger 2.0 source
/// layout, for error messages. Pointers under paths keep their prefix, since
/// operations stay where they were.
pub fn source_pointer(pointer: &str) -> String {
    const MOVES: [(&str, &str); 5] = [
        ("/components/schemas", "/definitions"),
        ("/components/parameters", "/parameters"),
        ("/components/requestBodies", "/parameters"),
        ("/components/responses", "/responses"),
        ("/components/securitySchemes", "/securityDefinitions"),
    ];
    for (to, from) in MOVES {
        if let Some(rest) = pointer.strip_prefix(to) {
            return format!("{from}{rest}");
        }
    }
    // A request body came from the operation's body parameter; point at the
    // operation's parameters, the nearest thing the source has.
    if let Some(at) = pointer.find("/requestBody") {
        return format!("{}/parameters", &pointer[..at]);
    }
    // A response's `content/{media type}/schema` was its `schema`.
    let segments: Vec<&str> = pointer.split('/').collect();
    if let Some(at) = (2..segments.len()).find(|&i| {
        segments[i - 2] == "content"
            && segments[i] == "schema"
            && segments[..i - 2].contains(&"responses")
    }) {
        let mut out: Vec<&str> = segments[..at - 2].to_vec();
        out.extend(&segments[at..]);
        return out.join("/");
    }
    pointer.to_string()
}

/// A converted `$ref` as the Swagger 2.0 source wrote it, for messages.
pub fn source_reference(reference: &str) -> String {
    const MOVES: [(&str, &str); 4] = [
        ("#/components/schemas/", "#/definitions/"),
        ("#/components/parameters/", "#/parameters/"),
        ("#/components/requestBodies/", "#/parameters/"),
        ("#/components/responses/", "#/responses/"),
    ];
    for (to, from) in MOVES {
        if let Some(rest) = reference.strip_prefix(to) {
            return format!("{from}{rest}");
        }
    }
    reference.to_string()
}

struct Converter<'a> {
    file: &'a Path,
    text: &'a str,
    diagnostics: &'a mut Diagnostics,
    consumes: Vec<String>,
    produces: Vec<String>,
    /// The document's `parameters`, to see what a `$ref` parameter is.
    shared_parameters: Map<String, Value>,
    /// Names of the shared parameters that are `in: body`.
    body_parameters: Vec<String>,
}

const HTTP_METHODS: [&str; 7] = ["get", "put", "post", "delete", "options", "head", "patch"];

impl Converter<'_> {
    fn at(&self, pointer: &str) -> Location {
        Location {
            file: self.file.to_path_buf(),
            pointer: pointer.to_string(),
            line: crate::yaml::line_of(self.text, pointer),
        }
    }

    fn warn(&mut self, pointer: &str, message: impl Into<String>) {
        let location = self.at(pointer);
        self.diagnostics.warn(location, message);
    }

    fn document(&mut self, doc: &Map<String, Value>) -> Result<Value, Error> {
        self.consumes = self.string_list(doc.get("consumes"), "/consumes")?;
        self.produces = self.string_list(doc.get("produces"), "/produces")?;
        if let Some(Value::Object(shared)) = doc.get("parameters") {
            self.shared_parameters = shared.clone();
            self.body_parameters = shared
                .iter()
                .filter(|(_, p)| p.get("in").and_then(Value::as_str) == Some("body"))
                .map(|(name, _)| name.clone())
                .collect();
        }

        let mut out = Map::new();
        out.insert("openapi".into(), json!("3.0.3"));
        out.insert(
            "info".into(),
            doc.get("info").cloned().unwrap_or_else(|| json!({})),
        );
        if let Some(servers) = self.servers(doc)? {
            out.insert("servers".into(), servers);
        }
        let mut components = Map::new();
        let mut paths = Map::new();
        for (key, value) in doc {
            let pointer = join_pointer("", key);
            match key.as_str() {
                "swagger" | "info" | "host" | "basePath" | "schemes" | "consumes" | "produces" => {}
                "paths" => paths = self.paths(value, &pointer)?,
                "definitions" => {
                    let schemas =
                        self.map_values(value, &pointer, |cx, v, p| Ok(cx.schema(v, p)))?;
                    components.insert("schemas".into(), Value::Object(schemas));
                }
                "parameters" => self.global_parameters(value, &pointer, &mut components)?,
                "responses" => {
                    let responses = self.map_values(value, &pointer, |cx, v, p| {
                        cx.response(v, p, &cx.produces.clone())
                    })?;
                    components.insert("responses".into(), Value::Object(responses));
                }
                "securityDefinitions" => {
                    let schemes =
                        self.map_values(value, &pointer, |cx, v, p| cx.security_scheme(v, p))?;
                    components.insert("securitySchemes".into(), Value::Object(schemes));
                }
                "security" | "tags" | "externalDocs" => {
                    out.insert(key.clone(), value.clone());
                }
                _ if key.starts_with("x-") => {
                    out.insert(key.clone(), value.clone());
                }
                _ => self.warn(&pointer, format!("unknown top-level field `{key}` ignored")),
            }
        }
        out.insert("paths".into(), Value::Object(paths));
        if !components.is_empty() {
            out.insert("components".into(), Value::Object(components));
        }
        Ok(Value::Object(out))
    }

    fn servers(&mut self, doc: &Map<String, Value>) -> Result<Option<Value>, Error> {
        let host = doc.get("host").and_then(Value::as_str);
        let base = doc.get("basePath").and_then(Value::as_str).unwrap_or("");
        let schemes = self.string_list(doc.get("schemes"), "/schemes")?;
        let Some(host) = host else {
            return Ok((!base.is_empty()).then(|| json!([{ "url": base }])));
        };
        let schemes = if schemes.is_empty() {
            vec!["https".to_string()]
        } else {
            schemes
        };
        let servers = schemes
            .iter()
            .map(|s| json!({ "url": format!("{s}://{host}{base}") }));
        Ok(Some(Value::Array(servers.collect())))
    }

    fn string_list(&self, value: Option<&Value>, pointer: &str) -> Result<Vec<String>, Error> {
        let Some(value) = value else {
            return Ok(vec![]);
        };
        let items = value
            .as_array()
            .ok_or_else(|| Error::invalid(self.at(pointer), "expected a list of strings"))?;
        items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                item.as_str().map(str::to_string).ok_or_else(|| {
                    Error::invalid(self.at(&format!("{pointer}/{i}")), "expected a string")
                })
            })
            .collect()
    }

    fn object<'v>(&self, value: &'v Value, pointer: &str) -> Result<&'v Map<String, Value>, Error> {
        value
            .as_object()
            .ok_or_else(|| Error::invalid(self.at(pointer), "expected a mapping"))
    }

    fn map_values(
        &mut self,
        value: &Value,
        pointer: &str,
        mut f: impl FnMut(&mut Self, &Value, &str) -> Result<Value, Error>,
    ) -> Result<Map<String, Value>, Error> {
        let mut out = Map::new();
        for (key, item) in self.object(value, pointer)? {
            let converted = f(self, item, &join_pointer(pointer, key))?;
            out.insert(key.clone(), converted);
        }
        Ok(out)
    }

    fn paths(&mut self, value: &Value, pointer: &str) -> Result<Map<String, Value>, Error> {
        let mut out = Map::new();
        for (path, item) in self.object(value, pointer)? {
            let item_pointer = join_pointer(pointer, path);
            if path.starts_with("x-") {
                out.insert(path.clone(), item.clone());
                continue;
            }
            out.insert(path.clone(), self.path_item(item, &item_pointer)?);
        }
        Ok(out)
    }

    fn path_item(&mut self, value: &Value, pointer: &str) -> Result<Value, Error> {
        let item = self.object(value, pointer)?;
        let mut out = Map::new();
        // Path-level body parameters cannot be expressed in OpenAPI 3 at the
        // path level; they are copied into each operation instead.
        let mut shared = vec![];
        for (key, value) in item {
            let p = join_pointer(pointer, key);
            match key.as_str() {
                "parameters" => shared = self.array(value, &p)?.to_vec(),
                "$ref" => {
                    self.warn(&p, "a `$ref` path item is kept as is; it is not resolved");
                    out.insert(key.clone(), value.clone());
                }
                m if HTTP_METHODS.contains(&m) => {}
                _ if key.starts_with("x-") => {
                    out.insert(key.clone(), value.clone());
                }
                _ => self.warn(&p, format!("unknown path item field `{key}` ignored")),
            }
        }
        for method in HTTP_METHODS {
            if let Some(op) = item.get(method) {
                let op_pointer = join_pointer(pointer, method);
                let converted = self.operation(op, &op_pointer, &shared, pointer)?;
                out.insert(method.to_string(), converted);
            }
        }
        Ok(Value::Object(out))
    }

    fn array<'v>(&self, value: &'v Value, pointer: &str) -> Result<&'v Vec<Value>, Error> {
        value
            .as_array()
            .ok_or_else(|| Error::invalid(self.at(pointer), "expected a list"))
    }

    fn operation(
        &mut self,
        value: &Value,
        pointer: &str,
        shared: &[Value],
        path_pointer: &str,
    ) -> Result<Value, Error> {
        let op = self.object(value, pointer)?;
        let consumes = match op.get("consumes") {
            Some(v) => self.string_list(Some(v), &join_pointer(pointer, "consumes"))?,
            None => self.consumes.clone(),
        };
        let produces = match op.get("produces") {
            Some(v) => self.string_list(Some(v), &join_pointer(pointer, "produces"))?,
            None => self.produces.clone(),
        };

        // Operation parameters override path-level ones with the same name
        // and location.
        let own: Vec<(Value, String)> = match op.get("parameters") {
            Some(v) => {
                let p = join_pointer(pointer, "parameters");
                let list = self.array(v, &p)?;
                list.iter()
                    .enumerate()
                    .map(|(i, v)| (v.clone(), format!("{p}/{i}")))
                    .collect()
            }
            None => vec![],
        };
        let key_of = |v: &Value| self.parameter_key(v);
        let mut params: Vec<(Value, String)> = shared
            .iter()
            .enumerate()
            .filter(|(_, s)| !own.iter().any(|(o, _)| key_of(o) == key_of(s)))
            .map(|(i, s)| (s.clone(), format!("{path_pointer}/parameters/{i}")))
            .collect();
        params.extend(own);

        let mut out = Map::new();
        let mut parameters = vec![];
        let mut form = vec![];
        for (param, p) in &params {
            if let Some(reference) = param.get("$ref").and_then(Value::as_str) {
                self.warn_reference_siblings(param, p);
                // A shared body parameter became a request body.
                let body = reference
                    .strip_prefix("#/parameters/")
                    .filter(|name| self.body_parameters.iter().any(|b| b == name));
                if let Some(name) = body {
                    if out.contains_key("requestBody") {
                        return Err(Error::invalid(self.at(p), "more than one body parameter"));
                    }
                    let reference = format!("#/components/requestBodies/{name}");
                    out.insert("requestBody".into(), json!({ "$ref": reference }));
                } else {
                    parameters.push(json!({ "$ref": self.reference(reference) }));
                }
                continue;
            }
            let object = self.object(param, p)?;
            match object.get("in").and_then(Value::as_str) {
                Some("body") => {
                    if out.contains_key("requestBody") {
                        return Err(Error::invalid(self.at(p), "more than one body parameter"));
                    }
                    out.insert("requestBody".into(), self.body(object, p, &consumes)?);
                }
                Some("formData") => form.push((object, p.clone())),
                Some("query" | "path" | "header") => parameters.push(self.parameter(object, p)?),
                Some(other) => {
                    return Err(Error::invalid(
                        self.at(&join_pointer(p, "in")),
                        format!("unknown parameter location `{other}`"),
                    ))
                }
                None => return Err(Error::invalid(self.at(p), "parameter without `in`")),
            }
        }
        if !form.is_empty() {
            if out.contains_key("requestBody") {
                let p = &form[0].1;
                return Err(Error::invalid(
                    self.at(p),
                    "formData beside a body parameter",
                ));
            }
            out.insert("requestBody".into(), self.form_body(&form, &consumes)?);
        }

        for (key, value) in op {
            let p = join_pointer(pointer, key);
            match key.as_str() {
                "parameters" | "consumes" | "produces" => {}
                "responses" => {
                    let responses = self.map_values(value, &p, |cx, v, rp| {
                        if rp.rsplit('/').next().is_some_and(|k| k.starts_with("x-")) {
                            return Ok(v.clone());
                        }
                        cx.response(v, rp, &produces)
                    })?;
                    out.insert(key.clone(), Value::Object(responses));
                }
                "schemes" => self.warn(&p, "per-operation `schemes` are not carried over"),
                "tags" | "summary" | "description" | "externalDocs" | "operationId"
                | "deprecated" | "security" => {
                    out.insert(key.clone(), value.clone());
                }
                _ if key.starts_with("x-") => {
                    out.insert(key.clone(), value.clone());
                }
                _ => self.warn(&p, format!("unknown operation field `{key}` ignored")),
            }
        }
        if !parameters.is_empty() {
            out.insert("parameters".into(), Value::Array(parameters));
        }
        Ok(Value::Object(out))
    }

    /// What makes a parameter replace another: its name and location, read
    /// through a `$ref` to the document's parameters. A reference that
    /// names nothing is only the same as itself.
    fn parameter_key(&self, param: &Value) -> (Option<Value>, Option<Value>) {
        let param = match param.get("$ref").and_then(Value::as_str) {
            Some(reference) => match reference
                .strip_prefix("#/parameters/")
                .map(crate::error::unescape_segment)
                .and_then(|name| self.shared_parameters.get(&name))
            {
                Some(target) => target,
                None => return (Some(json!(reference)), None),
            },
            None => param,
        };
        (param.get("name").cloned(), param.get("in").cloned())
    }

    fn media_types(&self, types: &[String]) -> Vec<String> {
        if types.is_empty() {
            vec![DEFAULT_MEDIA_TYPE.to_string()]
        } else {
            types.to_vec()
        }
    }

    fn body(
        &mut self,
        param: &Map<String, Value>,
        pointer: &str,
        consumes: &[String],
    ) -> Result<Value, Error> {
        let schema = param
            .get("schema")
            .ok_or_else(|| Error::invalid(self.at(pointer), "body parameter without `schema`"))?;
        let schema = self.schema(schema, &join_pointer(pointer, "schema"));
        let mut content = Map::new();
        for media in self.media_types(consumes) {
            content.insert(media, json!({ "schema": schema }));
        }
        let mut body = Map::new();
        copy_fields(param, &mut body, &["description", "required"]);
        body.insert("content".into(), Value::Object(content));
        Ok(Value::Object(body))
    }

    fn form_body(
        &mut self,
        form: &[(&Map<String, Value>, String)],
        consumes: &[String],
    ) -> Result<Value, Error> {
        let mut properties = Map::new();
        let mut required = vec![];
        for (param, pointer) in form {
            let name = param
                .get("name")
                .and_then(Value::as_str)
                .ok_or_else(|| Error::invalid(self.at(pointer), "parameter without `name`"))?;
            if param.get("required").and_then(Value::as_bool) == Some(true) {
                required.push(json!(name));
            }
            properties.insert(name.to_string(), self.parameter_schema(param, pointer));
        }
        let mut schema = Map::new();
        schema.insert("type".into(), json!("object"));
        schema.insert("properties".into(), Value::Object(properties));
        let any_required = !required.is_empty();
        if any_required {
            schema.insert("required".into(), Value::Array(required));
        }
        let has_file = form
            .iter()
            .any(|(p, _)| p.get("type") == Some(&json!("file")));
        let media: Vec<String> = consumes
            .iter()
            .filter(|m| {
                m.starts_with("multipart/form-data")
                    || m.starts_with("application/x-www-form-urlencoded")
            })
            .cloned()
            .collect();
        let media = if !media.is_empty() {
            media
        } else if has_file {
            vec!["multipart/form-data".to_string()]
        } else {
            vec!["application/x-www-form-urlencoded".to_string()]
        };
        let schema = Value::Object(schema);
        let content: Map<String, Value> = media
            .into_iter()
            .map(|m| (m, json!({ "schema": schema })))
            .collect();
        Ok(json!({ "content": content, "required": any_required }))
    }

    fn parameter(&mut self, param: &Map<String, Value>, pointer: &str) -> Result<Value, Error> {
        let mut out = Map::new();
        copy_fields(
            param,
            &mut out,
            &["name", "in", "description", "required", "deprecated"],
        );
        if param.get("in") == Some(&json!("path")) {
            out.insert("required".into(), json!(true));
        }
        if param.get("allowEmptyValue").is_some() {
            copy_fields(param, &mut out, &["allowEmptyValue"]);
        }
        match param.get("collectionFormat").and_then(Value::as_str) {
            None | Some("csv") => {
                if param.get("type") == Some(&json!("array")) {
                    out.insert("explode".into(), json!(false));
                }
            }
            Some("multi") => {
                out.insert("explode".into(), json!(true));
            }
            Some("ssv") => {
                out.insert("style".into(), json!("spaceDelimited"));
            }
            Some("pipes") => {
                out.insert("style".into(), json!("pipeDelimited"));
            }
            Some(other) => self.warn(
                &join_pointer(pointer, "collectionFormat"),
                format!("collectionFormat `{other}` has no OpenAPI 3 equivalent; csv assumed"),
            ),
        }
        for (key, value) in param {
            if key.starts_with("x-") {
                out.insert(key.clone(), value.clone());
            }
        }
        out.insert("schema".into(), self.parameter_schema(param, pointer));
        Ok(Value::Object(out))
    }

    /// The schema of a non-body parameter: its type keywords sit on the
    /// parameter itself in Swagger 2.0.
    fn parameter_schema(&mut self, param: &Map<String, Value>, pointer: &str) -> Value {
        const SCHEMA_KEYS: [&str; 17] = [
            "type",
            "format",
            "items",
            "enum",
            "default",
            "maximum",
            "minimum",
            "exclusiveMaximum",
            "exclusiveMinimum",
            "maxLength",
            "minLength",
            "pattern",
            "maxItems",
            "minItems",
            "uniqueItems",
            "multipleOf",
            "x-nullable",
        ];
        let mut schema = Map::new();
        copy_fields(param, &mut schema, &SCHEMA_KEYS);
        self.schema(&Value::Object(schema), pointer)
    }

    fn response(
        &mut self,
        value: &Value,
        pointer: &str,
        produces: &[String],
    ) -> Result<Value, Error> {
        if let Some(reference) = value.get("$ref").and_then(Value::as_str) {
            self.warn_reference_siblings(value, pointer);
            return Ok(json!({ "$ref": self.reference(reference) }));
        }
        let response = self.object(value, pointer)?;
        let mut out = Map::new();
        out.insert(
            "description".into(),
            response
                .get("description")
                .cloned()
                .unwrap_or_else(|| json!("")),
        );
        if let Some(schema) = response.get("schema") {
            let schema = self.schema(schema, &join_pointer(pointer, "schema"));
            let examples = response.get("examples").and_then(Value::as_object);
            let mut content = Map::new();
            for media in self.media_types(produces) {
                let mut entry = Map::new();
                entry.insert("schema".into(), schema.clone());
                if let Some(example) = examples.and_then(|e| e.get(&media)) {
                    entry.insert("example".into(), example.clone());
                }
                content.insert(media, Value::Object(entry));
            }
            out.insert("content".into(), Value::Object(content));
        }
        if let Some(headers) = response.get("headers") {
            let p = join_pointer(pointer, "headers");
            let headers = self.map_values(headers, &p, |cx, h, hp| {
                let header = cx.object(h, hp)?.clone();
                let mut out = Map::new();
                copy_fields(&header, &mut out, &["description"]);
                out.insert("schema".into(), cx.parameter_schema(&header, hp));
                Ok(Value::Object(out))
            })?;
            out.insert("headers".into(), Value::Object(headers));
        }
        for (key, value) in response {
            if key.starts_with("x-") {
                out.insert(key.clone(), value.clone());
            }
        }
        Ok(Value::Object(out))
    }

    fn global_parameters(
        &mut self,
        value: &Value,
        pointer: &str,
        components: &mut Map<String, Value>,
    ) -> Result<(), Error> {
        let mut parameters = Map::new();
        let mut bodies = Map::new();
        for (name, param) in self.object(value, pointer)? {
            let p = join_pointer(pointer, name);
            let object = self.object(param, &p)?;
            match object.get("in").and_then(Value::as_str) {
                Some("body") => {
                    bodies.insert(name.clone(), self.body(object, &p, &self.consumes.clone())?);
                }
                Some("formData") => {
                    self.warn(
                        &p,
                        "a shared formData parameter cannot be referenced in OpenAPI 3; skipped",
                    );
                }
                _ => {
                    parameters.insert(name.clone(), self.parameter(object, &p)?);
                }
            }
        }
        if !parameters.is_empty() {
            components.insert("parameters".into(), Value::Object(parameters));
        }
        if !bodies.is_empty() {
            components.insert("requestBodies".into(), Value::Object(bodies));
        }
        Ok(())
    }

    fn security_scheme(&mut self, value: &Value, pointer: &str) -> Result<Value, Error> {
        let scheme = self.object(value, pointer)?;
        let mut out = Map::new();
        copy_fields(scheme, &mut out, &["description"]);
        match scheme.get("type").and_then(Value::as_str) {
            Some("basic") => {
                out.insert("type".into(), json!("http"));
                out.insert("scheme".into(), json!("basic"));
            }
            Some("apiKey") => copy_fields(scheme, &mut out, &["type", "name", "in"]),
            Some("oauth2") => {
                let flow = match scheme.get("flow").and_then(Value::as_str) {
                    Some("implicit") => "implicit",
                    Some("password") => "password",
                    Some("application") => "clientCredentials",
                    _ => "authorizationCode",
                };
                let mut details = Map::new();
                copy_fields(scheme, &mut details, &["authorizationUrl", "tokenUrl"]);
                details.insert(
                    "scopes".into(),
                    scheme.get("scopes").cloned().unwrap_or(json!({})),
                );
                out.insert("type".into(), json!("oauth2"));
                out.insert("flows".into(), json!({ flow: details }));
            }
            _ => {
                return Err(Error::invalid(
                    self.at(&join_pointer(pointer, "type")),
                    "security scheme type must be basic, apiKey or oauth2",
                ))
            }
        }
        Ok(Value::Object(out))
    }

    fn reference(&self, reference: &str) -> String {
        const MOVES: [(&str, &str); 3] = [
            ("#/definitions/", "#/components/schemas/"),
            ("#/parameters/", "#/components/parameters/"),
            ("#/responses/", "#/components/responses/"),
        ];
        for (from, to) in MOVES {
            if let Some(rest) = reference.strip_prefix(from) {
                return format!("{to}{rest}");
            }
        }
        // Anything else is kept as written; loading rejects what does not
        // resolve, located.
        reference.to_string()
    }

    /// Rewrite a schema and everything nested in it.
    fn schema(&mut self, value: &Value, pointer: &str) -> Value {
        let Some(object) = value.as_object() else {
            return value.clone();
        };
        if object.contains_key("$ref") && object.len() > 1 {
            return self.reference_with_siblings(object, pointer);
        }
        let mut out = Map::new();
        for (key, item) in object {
            let p = join_pointer(pointer, key);
            match key.as_str() {
                "$ref" if item.is_string() => {
                    let reference = item.as_str().unwrap_or_default();
                    out.insert(key.clone(), json!(self.reference(reference)));
                }
                "x-nullable" => {
                    out.insert("nullable".into(), item.clone());
                }
                "type" if item == "file" => {
                    out.insert("type".into(), json!("string"));
                    out.insert("format".into(), json!("binary"));
                }
                "discriminator" if item.is_string() => {
                    out.insert(key.clone(), json!({ "propertyName": item }));
                }
                "properties" | "patternProperties" if item.is_object() => {
                    let map = item.as_object().unwrap();
                    let converted = map
                        .iter()
                        .map(|(k, v)| (k.clone(), self.schema(v, &join_pointer(&p, k))))
                        .collect();
                    out.insert(key.clone(), Value::Object(converted));
                }
                "items" | "additionalProperties" | "not" if item.is_object() => {
                    out.insert(key.clone(), self.schema(item, &p));
                }
                "allOf" | "anyOf" | "oneOf" if item.is_array() => {
                    let list = item.as_array().unwrap();
                    let converted = list
                        .iter()
                        .enumerate()
                        .map(|(i, v)| self.schema(v, &format!("{p}/{i}")))
                        .collect();
                    out.insert(key.clone(), Value::Array(converted));
                }
                _ => {
                    out.insert(key.clone(), item.clone());
                }
            }
        }
        Value::Object(out)
    }
}

impl Converter<'_> {
    /// A parameter or response that is a `$ref` is only the reference in
    /// OpenAPI 3.0: say so for the keys beside it.
    fn warn_reference_siblings(&mut self, object: &Value, pointer: &str) {
        let keys: Vec<&str> = object
            .as_object()
            .into_iter()
            .flat_map(|o| o.keys())
            .map(String::as_str)
            .filter(|k| *k != "$ref")
            .collect();
        if !keys.is_empty() {
            self.warn(pointer, ignored_beside_reference(&keys));
        }
    }

    /// `{$ref: X, x-nullable: true, description: ..}`: OpenAPI 3.0 ignores
    /// every sibling of a `$ref`, so the reference is written the 3.0 way, as
    /// `{allOf: [{$ref: X}], nullable: true, description: ..}`, keeping the
    /// siblings for modelling to use or to warn about.
    fn reference_with_siblings(&mut self, object: &Map<String, Value>, pointer: &str) -> Value {
        // What may stand beside a reference: words about it, and
        // constraints on its values (which modelling warns it does not
        // enforce). Keywords that would make it another type are dropped.
        const KEPT: &[&str] = &[
            "description",
            "title",
            "example",
            "default",
            "readOnly",
            "writeOnly",
            "format",
            "pattern",
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
            "minLength",
            "maxLength",
            "minItems",
            "maxItems",
            "uniqueItems",
            "minProperties",
            "maxProperties",
        ];
        let dropped: Vec<&str> = object
            .keys()
            .map(String::as_str)
            .filter(|k| *k != "$ref" && !k.starts_with("x-") && !KEPT.contains(k))
            .collect();
        if !dropped.is_empty() {
            self.warn(pointer, ignored_beside_reference(&dropped));
        }
        let mut out = Map::new();
        for (key, item) in object {
            if dropped.contains(&key.as_str()) {
                continue;
            }
            match key.as_str() {
                "$ref" => {
                    // A `$ref` that is no string stays as written, for
                    // loading to reject with its place.
                    let converted = match item.as_str() {
                        Some(reference) => json!(self.reference(reference)),
                        None => item.clone(),
                    };
                    out.insert("allOf".into(), json!([{ "$ref": converted }]));
                }
                "x-nullable" => {
                    out.insert("nullable".into(), item.clone());
                }
                _ => {
                    out.insert(key.clone(), item.clone());
                }
            }
        }
        Value::Object(out)
    }
}

/// The warning for `keys` beside a `$ref`, which OpenAPI 3.0 does not read.
pub(crate) fn ignored_beside_reference(keys: &[impl AsRef<str>]) -> String {
    let keys: Vec<&str> = keys.iter().map(AsRef::as_ref).collect();
    format!(
        "`{}` beside `$ref` ignored: only the reference is read",
        keys.join("`, `")
    )
}

fn copy_fields(from: &Map<String, Value>, to: &mut Map<String, Value>, keys: &[&str]) {
    for key in keys {
        if let Some(value) = from.get(*key) {
            to.insert((*key).to_string(), value.clone());
        }
    }
}
