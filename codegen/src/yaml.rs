//! The one place that knows about serde_yaml.
//!
//! serde_yaml is no longer maintained upstream; everything else in the crate
//! sees only [`parse`] and its `serde_json::Value`, so a fork can swap the
//! YAML library by replacing this file.

use crate::error::{Error, Location};
use std::path::Path;

/// Parse YAML (or JSON, which is YAML) text into a JSON value.
///
/// Syntax errors, and values JSON cannot hold (non-string keys, `.nan`),
/// name the file, the line and the JSON pointer of the offending node.
pub fn parse(text: &str, file: &Path) -> Result<serde_json::Value, Error> {
    let deserializer = serde_yaml::Deserializer::from_str(text);
    serde_path_to_error::deserialize(deserializer).map_err(|err| {
        let pointer = path_to_pointer(err.path());
        let inner = err.into_inner();
        let line = inner.location().map(|l| l.line());
        let mut message = inner.to_string();
        // serde_yaml appends " at line N column M" to its message; the
        // location already says it.
        if let Some(at) = message.find(" at line ") {
            message.truncate(at);
        }
        Error::Parse {
            location: Location {
                file: file.to_path_buf(),
                pointer,
                line,
            },
            message,
        }
    })
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
            Segment::Unknown => pointer.push_str("/?"),
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
    let segments: Vec<String> = pointer
        .split('/')
        .skip(1)
        .map(crate::error::unescape_segment)
        .collect();
    let lines: Vec<&str> = text.lines().collect();
    let mut found = None;
    let mut start = 0;
    let mut parent_indent: isize = -1;
    for segment in &segments {
        let hit = (start..lines.len()).find_map(|i| {
            let line = lines[i];
            let trimmed = line.trim_start();
            let indent = (line.len() - trimmed.len()) as isize;
            if i > start
                && indent <= parent_indent
                && !trimmed.is_empty()
                && !trimmed.starts_with('#')
            {
                return Some(None); // left the parent's block
            }
            let key = trimmed.trim_start_matches("- ");
            let key = key
                .split(':')
                .next()?
                .trim()
                .trim_matches(|c| c == '\'' || c == '"');
            (indent > parent_indent && key == segment && trimmed.contains(':'))
                .then_some(Some((i, indent)))
        });
        match hit.flatten() {
            Some((i, indent)) => {
                found = Some(i + 1);
                start = i + 1;
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
    fn locates_nested_keys() {
        let text = "a:\n  b:\n    c: 1\n  d:\n    c: 2\n";
        assert_eq!(line_of(text, "/a/d/c"), Some(5));
        assert_eq!(line_of(text, "/a/b/c"), Some(3));
        assert_eq!(line_of(text, "/a/zz"), Some(1));
        assert_eq!(line_of(text, "/a/d"), Some(4));
    }

    #[test]
    fn locates_quoted_keys() {
        let text = "responses:\n  '200':\n    description: ok\n";
        assert_eq!(line_of(text, "/responses/200/description"), Some(3));
    }
}
