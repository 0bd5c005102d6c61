//! The one place that knows about serde_yaml.
//!
//! serde_yaml is no longer maintained upstream; everything else in the crate
//! sees only [`parse`] and its `serde_json::Value`, so a fork can swap the
//! YAML library by replacing this file.

use crate::error::{Error, Location};
use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde_json::{Map, Value};
use std::path::Path;

/// Parse YAML (or JSON, which is YAML) text into a JSON value.
///
/// Syntax errors, duplicate keys, and values JSON cannot hold (non-string
/// keys, `.nan`) name the file, the line and the JSON pointer of the
/// offending node.
pub fn parse(text: &str, file: &Path) -> Result<Value, Error> {
    if let Some(line) = flow_too_deep(text, MAX_DEPTH) {
        return Err(Error::Parse {
            location: Location {
                file: file.to_path_buf(),
                pointer: String::new(),
                line: Some(line),
            },
            message: format!(
                "`[` and `{{` nested more than {MAX_DEPTH} deep: recursion limit exceeded"
            ),
        });
    }
    // Tracking the path slows parsing down: only a document that fails pays
    // for it, parsed a second time to say where.
    if let Ok(Strict(value)) = Strict::deserialize(serde_yaml::Deserializer::from_str(text)) {
        return Ok(value);
    }
    let deserializer = serde_yaml::Deserializer::from_str(text);
    match serde_path_to_error::deserialize::<_, Strict>(deserializer) {
        Ok(Strict(value)) => Ok(value),
        Err(err) => {
            let pointer = path_to_pointer(err.path());
            let yaml_path = yaml_path(err.path());
            let inner = err.into_inner();
            let mut line = inner.location().map(|l| l.line());
            let mut message = inner.to_string();
            // serde_yaml appends " at line N column M" to its message, and
            // puts the path in front of errors raised by the visitor; the
            // location already says both.
            if let Some(at) = message.find(" at line ") {
                message.truncate(at);
            }
            if let Some(rest) = message.strip_prefix(&format!("{yaml_path}: ")) {
                message = rest.to_string();
            }
            if let Some(at) = message.find(DUPLICATE_KEY) {
                message.drain(..at);
                // serde_yaml places the error at the mapping; the second
                // entry is the one at fault.
                line = nth_line_of(text, &pointer, 1).or(line);
            }
            let line = line.or_else(|| line_of(text, &pointer));
            Err(Error::Parse {
                location: Location {
                    file: file.to_path_buf(),
                    pointer,
                    line,
                },
                message,
            })
        }
    }
}

const DUPLICATE_KEY: &str = "duplicate key";

/// The nesting serde_yaml reads before it stops with "recursion limit
/// exceeded".
const MAX_DEPTH: usize = 128;

/// The line where flow collections (`[..]`, `{..}`, so JSON too) first nest
/// more than `limit` deep. serde_yaml would refuse the document at that
/// depth as well, but its scanner first spends time quadratic in the depth
/// of open flow collections: minutes for a few hundred kilobytes. This
/// one-pass scan looks for flow collections only where a YAML value or
/// key can begin, skips quoted scalars, comments and block scalars, and so
/// errs, if at all, towards counting less than the reader would.
fn flow_too_deep(text: &str, limit: usize) -> Option<usize> {
    let mut depth = 0usize;
    // Inside a quoted scalar of a flow collection, which may span lines.
    let mut quote: Option<u8> = None;
    // The indentation of the line that opened a block scalar (`|`, `>`).
    let mut block_scalar: Option<usize> = None;
    for (index, line) in text.lines().enumerate() {
        let bytes = line.as_bytes();
        let indent = bytes.iter().take_while(|b| **b == b' ').count();
        if let Some(opened) = block_scalar {
            if indent > opened || line.trim().is_empty() {
                continue;
            }
            block_scalar = None;
        }
        let mut i = if depth == 0 { indent } else { 0 };
        if depth == 0 {
            // Block context: skip sequence and key indicators, then a key.
            loop {
                match bytes.get(i..i + 2) {
                    Some(b"- ") | Some(b"? ") => i += 2,
                    _ if bytes.get(i..) == Some(b"-") => i += 1,
                    _ => break,
                }
                while bytes.get(i) == Some(&b' ') {
                    i += 1;
                }
            }
            if !matches!(bytes.get(i), Some(b'[' | b'{')) {
                // A plain or quoted key, or a scalar: a collection can only
                // follow `: `.
                let Some(colon) = value_start(bytes, i) else {
                    continue;
                };
                i = colon;
                // Anchors and tags before the value.
                while matches!(bytes.get(i), Some(b'&' | b'!')) {
                    while bytes.get(i).is_some_and(|b| *b != b' ') {
                        i += 1;
                    }
                    while bytes.get(i) == Some(&b' ') {
                        i += 1;
                    }
                }
                match bytes.get(i) {
                    Some(b'[' | b'{') => {}
                    Some(b'|' | b'>') => {
                        block_scalar = Some(indent);
                        continue;
                    }
                    _ => continue,
                }
            }
        }
        // Flow context, from `i`.
        let mut scalar_start = true;
        while i < bytes.len() {
            let b = bytes[i];
            if let Some(q) = quote {
                if b == b'\\' && q == b'"' {
                    i += 2;
                    continue;
                }
                if b == q {
                    if q == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                        i += 2;
                        continue;
                    }
                    quote = None;
                    scalar_start = false;
                }
                i += 1;
                continue;
            }
            match b {
                b'[' | b'{' => {
                    depth += 1;
                    if depth > limit {
                        return Some(index + 1);
                    }
                    scalar_start = true;
                }
                b']' | b'}' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        break;
                    }
                    scalar_start = false;
                }
                b',' | b':' => scalar_start = true,
                b'"' | b'\'' if scalar_start => quote = Some(b),
                b'#' if i == 0 || bytes[i - 1] == b' ' => break,
                b' ' | b'\t' => {}
                _ => scalar_start = false,
            }
            i += 1;
        }
    }
    None
}

/// Where the value of a block mapping entry starts on this line (after
/// `: ` and spaces), when the key from `i` is followed by one there.
fn value_start(bytes: &[u8], mut i: usize) -> Option<usize> {
    // A quoted key ends at its closing quote.
    if let Some(&q @ (b'"' | b'\'')) = bytes.get(i) {
        i += 1;
        while i < bytes.len() && bytes[i] != q {
            i += if bytes[i] == b'\\' && q == b'"' { 2 } else { 1 };
        }
        i += 1;
    }
    while i < bytes.len() {
        match bytes[i] {
            b'#' if i > 0 && bytes[i - 1] == b' ' => return None,
            b':' if matches!(bytes.get(i + 1), None | Some(b' ')) => {
                i += 1;
                while bytes.get(i) == Some(&b' ') {
                    i += 1;
                }
                return Some(i);
            }
            _ => i += 1,
        }
    }
    None
}

/// serde_yaml's rendering of a path (`a.b[0].c`), as it prefixes messages.
fn yaml_path(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            Segment::Map { key } | Segment::Enum { variant: key } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Segment::Unknown => break,
        }
    }
    out
}

/// The value of a key seen before: always an error.
struct Duplicate(String);

impl<'de> de::DeserializeSeed<'de> for Duplicate {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, _: D) -> Result<(), D::Error> {
        Err(de::Error::custom(format!(
            "{DUPLICATE_KEY} `{}` (YAML keys must be unique)",
            self.0
        )))
    }
}

/// A JSON value read from YAML more strictly than `serde_json::Value`
/// reads itself: a key given twice is an error (not last-wins), and so is a
/// number JSON cannot hold (not `null`).
struct Strict(Value);

impl<'de> Deserialize<'de> for Strict {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StrictVisitor).map(Strict)
    }
}

struct StrictVisitor;

impl<'de> Visitor<'de> for StrictVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        serde_json::Number::from_f64(v)
            .map(Value::Number)
            .ok_or_else(|| E::custom(format!("{v} is not a number JSON can hold")))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Strict::deserialize(d).map(|s| s.0)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(Strict(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if out.contains_key(&key) {
                // Fail inside the value, so that the error's path and line
                // are those of the second entry.
                return map.next_value_seed(Duplicate(key)).map(|()| Value::Null);
            }
            let Strict(value) = map.next_value()?;
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }
}

/// Turn a serde_path_to_error path into a JSON pointer.
pub fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => pointer.push_str(&format!("/{index}")),
            Segment::Map { key } => pointer = crate::error::join_pointer(&pointer, key),
            Segment::Enum { variant } => pointer = crate::error::join_pointer(&pointer, variant),
            // A key that is not a string, say: the pointer stops at the
            // nearest node it can name.
            Segment::Unknown => break,
        }
    }
    pointer
}

/// Find the line of the node at `pointer` in block-style YAML text.
///
/// The parser keeps no positions for nodes it parsed successfully, so errors
/// found later (a wrong type deep in a schema) are located by walking the
/// text: each pointer segment is looked up as a key indented deeper than its
/// parent. Returns the line of the deepest segment found, so a flow-style
/// document still gets the nearest enclosing line.
pub fn line_of(text: &str, pointer: &str) -> Option<usize> {
    nth_line_of(text, pointer, 0)
}

/// [`line_of`], taking the `skip`-th later occurrence of the last segment
/// within its parent (a key given twice).
fn nth_line_of(text: &str, pointer: &str, skip: usize) -> Option<usize> {
    let segments: Vec<String> = pointer
        .split('/')
        .skip(1)
        .map(crate::error::unescape_segment)
        .collect();
    let lines: Vec<&str> = text.lines().collect();
    let mut found = None;
    let mut start = 0;
    let mut parent_indent: isize = -1;
    for (depth, segment) in segments.iter().enumerate() {
        let mut to_skip = if depth + 1 == segments.len() { skip } else { 0 };
        let index: Option<usize> = segment.parse().ok();
        let mut item_indent = None;
        let mut items_seen = 0;
        let mut hit = None;
        for (i, line) in lines.iter().enumerate().skip(start) {
            let trimmed = line.trim_start();
            let indent = (line.len() - trimmed.len()) as isize;
            if i > start
                && indent <= parent_indent
                && !trimmed.is_empty()
                && !trimmed.starts_with('#')
            {
                break; // left the parent's block
            }
            let dash = trimmed.starts_with("- ") || trimmed == "-";
            // A list item: the segment is its index.
            if let (Some(index), true) = (index, dash && indent > parent_indent) {
                let first = *item_indent.get_or_insert(indent);
                if indent == first {
                    if items_seen == index {
                        // Keys of the item start on its own line.
                        hit = Some((i, indent, i));
                        break;
                    }
                    items_seen += 1;
                }
                continue;
            }
            let key_indent = if dash { indent + 2 } else { indent };
            let key = trimmed.trim_start_matches("- ");
            let Some(key) = key.split(':').next() else {
                continue;
            };
            let key = key.trim().trim_matches(|c| c == '\'' || c == '"');
            if key_indent > parent_indent && key == segment && trimmed.contains(':') {
                if to_skip == 0 {
                    hit = Some((i, key_indent, i + 1));
                    break;
                }
                to_skip -= 1;
            }
        }
        match hit {
            Some((i, indent, next)) => {
                found = Some(i + 1);
                start = next;
                parent_indent = indent;
            }
            None => break,
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flow_nesting_is_counted_where_collections_can_start() {
        let deep = |n: usize| format!("a: {}1{}\n", "[".repeat(n), "]".repeat(n));
        assert_eq!(flow_too_deep(&deep(128), 128), None);
        assert_eq!(flow_too_deep(&format!("x: 1\n{}", deep(129)), 128), Some(2));
        let json = format!("{}{}", "{\"a\": ".repeat(200), "}".repeat(200));
        assert_eq!(flow_too_deep(&json, 128), Some(1));
        // Brackets in text that is no flow collection are not counted.
        let text = [
            "description: a [ plain { scalar",
            "quoted: '[[[[' ",
            "double: \"{{{{\\\"[[[\"",
            "flow: ['[[[', \"{{{\", it's, {a: '}}'}]",
            "block: |",
            "  [[[[[[",
            "  {{{{{{",
            "after: [1] # [[[[",
            "- item [ [",
        ]
        .join("\n");
        assert_eq!(flow_too_deep(&text, 2), None);
        assert_eq!(
            flow_too_deep(&format!("{text}\nlast: [[[1]]]"), 2),
            Some(10)
        );
    }

    #[test]
    fn deep_flow_nesting_is_refused_before_the_reader_runs() {
        let text = format!("{}1{}", "{items: ".repeat(50_000), "}".repeat(50_000));
        let err = parse(&text, Path::new("deep.yaml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("deep.yaml:1"), "{err}");
        assert!(err.contains("recursion limit exceeded"), "{err}");
    }

    #[test]
    fn syntax_error_names_line_and_file() {
        let err = parse("a:\n  b: [1, 2\n", Path::new("x.yaml")).unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("x.yaml:"), "{text}");
        match err {
            Error::Parse { location, .. } => assert!(location.line.is_some()),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn duplicate_keys_are_errors_with_pointer_and_line() {
        let text = "a:\n  b: 1\n  c: 2\n  b: 3\n";
        let err = parse(text, Path::new("x.yaml")).unwrap_err();
        let Error::Parse { location, message } = &err else {
            panic!("{err:?}")
        };
        assert!(message.contains("duplicate key `b`"), "{err}");
        assert_eq!(location.pointer, "/a/b", "{err}");
        assert_eq!(location.line, Some(4), "{err}");
    }

    #[test]
    fn not_a_number_is_an_error() {
        let err = parse("a: [1, .nan]\n", Path::new("x.yaml")).unwrap_err();
        assert!(err.to_string().contains("x.yaml:1 at /a/1"), "{err}");
    }

    #[test]
    fn integer_keys_read_as_strings() {
        let value = parse(
            "responses:\n  200: {description: ok}\n",
            Path::new("x.yaml"),
        )
        .unwrap();
        assert_eq!(value["responses"]["200"]["description"], "ok");
    }

    #[test]
    fn locates_nested_keys() {
        let text = "a:\n  b:\n    c: 1\n  d:\n    c: 2\n";
        assert_eq!(line_of(text, "/a/d/c"), Some(5));
        assert_eq!(line_of(text, "/a/b/c"), Some(3));
        assert_eq!(line_of(text, "/a/zz"), Some(1));
        assert_eq!(line_of(text, "/a/d"), Some(4));
    }

    #[test]
    fn locates_list_items() {
        let text = "p:\n  - in: body\n    name: a\n  - in: query\n    name: b\nq: 1\n";
        assert_eq!(line_of(text, "/p/1"), Some(4));
        assert_eq!(line_of(text, "/p/1/name"), Some(5));
        assert_eq!(line_of(text, "/p/0/in"), Some(2));
        assert_eq!(line_of(text, "/q"), Some(6));
    }

    #[test]
    fn locates_quoted_keys() {
        let text = "responses:\n  '200':\n    description: ok\n";
        assert_eq!(line_of(text, "/responses/200/description"), Some(3));
    }
}
