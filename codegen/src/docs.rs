//! Descriptions to rustdoc: HTML converted to Markdown, then made safe for
//! rustdoc (no accidental links, HTML tags, bare URLs or doctests).

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};

/// A description turned into Markdown, with any code table found in it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Doc {
    /// The Markdown text, already safe for rustdoc; empty when there is none.
    pub text: String,
    /// `code -> meaning` rows of a table headed `code | description`.
    pub codes: BTreeMap<String, String>,
    /// The text without the code table, for items whose variants carry it.
    pub text_without_codes: String,
}

thread_local! {
    static MEMO: RefCell<Option<HashMap<String, Doc>>> = const { RefCell::new(None) };
}

/// Run `f` with [`convert`] memoized on this thread: the specs repeat
/// descriptions (the error envelopes; each schema is read for its type and
/// for its field), and the conversion is pure. The memo lives as long as
/// the outermost call; nested calls share it.
pub fn with_memo<T>(f: impl FnOnce() -> T) -> T {
    struct Reset;
    impl Drop for Reset {
        fn drop(&mut self) {
            MEMO.with(|m| *m.borrow_mut() = None);
        }
    }
    let outermost = MEMO.with(|m| {
        let mut memo = m.borrow_mut();
        let outermost = memo.is_none();
        if outermost {
            *memo = Some(HashMap::new());
        }
        outermost
    });
    let _reset = outermost.then_some(Reset);
    f()
}

/// Convert a spec description. Whitespace-only descriptions give no doc.
pub fn convert(description: Option<&str>) -> Doc {
    let Some(raw) = description else {
        return Doc::default();
    };
    if let Some(doc) = MEMO.with(|m| m.borrow().as_ref().and_then(|memo| memo.get(raw).cloned())) {
        return doc;
    }
    let doc = convert_uncached(raw);
    MEMO.with(|m| {
        if let Some(memo) = m.borrow_mut().as_mut() {
            memo.insert(raw.to_string(), doc.clone());
        }
    });
    doc
}

fn convert_uncached(raw: &str) -> Doc {
    let raw = raw.replace("\r\n", "\n").replace('\r', "\n");
    if raw.trim().is_empty() {
        return Doc::default();
    }
    let markdown = if looks_like_html(&raw) {
        html_to_markdown(&raw)
    } else {
        escape_plain(&raw)
    };
    let markdown = make_rustdoc_safe(&markdown);
    let (codes, without) = split_code_table(&markdown);
    Doc {
        text: markdown,
        codes,
        text_without_codes: without,
    }
}

fn looks_like_html(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes
        .windows(2)
        .any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || w[1] == b'/'))
        && [
            "<p", "<br", "<table", "<b>", "<i>", "<ul", "<li", "<a ", "</", "<strong", "<em",
        ]
        .iter()
        .any(|t| text.contains(t))
}

fn html_to_markdown(html: &str) -> String {
    match htmd::convert(html) {
        Ok(markdown) => markdown,
        // htmd fails only on I/O inside html5ever; fall back to the text.
        Err(_) => escape_plain(html),
    }
}

/// Plain text is Markdown already, but characters rustdoc gives meaning to
/// are escaped.
fn escape_plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '[' | ']' | '<' | '>' | '*' | '_' | '`' | '\\' | '#' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// Line-level fixes: no indented code blocks (they would be doctests), no
/// fenced blocks without a language (same), bare URLs in angle brackets, and
/// stray trailing whitespace gone.
fn make_rustdoc_safe(markdown: &str) -> String {
    let mut lines = vec![];
    let mut in_fence = false;
    for line in markdown.lines() {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix("```") {
            in_fence = !in_fence;
            let info = if in_fence && rest.trim().is_empty() {
                "text"
            } else {
                rest
            };
            lines.push(format!("```{info}"));
            continue;
        }
        if in_fence {
            lines.push(line.trim_end().to_string());
            continue;
        }
        lines.push(wrap_bare_urls(trimmed.trim_end()));
    }
    if in_fence {
        lines.push("```".to_string());
    }
    // Collapse runs of blank lines and trim the ends.
    let mut out: Vec<String> = vec![];
    for line in lines {
        if line.is_empty() && out.last().is_none_or(|l| l.is_empty()) {
            continue;
        }
        out.push(line);
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out.join("\n")
}

fn wrap_bare_urls(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(at) = ["https://", "http://"]
        .iter()
        .filter_map(|s| rest.find(s))
        .min()
    {
        let before = &rest[..at];
        let tail = &rest[at..];
        let end = tail
            .find(|c: char| c.is_whitespace() || c == ')' || c == '>' || c == '"')
            .unwrap_or(tail.len());
        let url = tail[..end].trim_end_matches(['.', ',', ';']);
        out.push_str(before);
        let already = before.ends_with('<') || before.ends_with("](") || before.ends_with('(');
        if already {
            out.push_str(url);
        } else {
            out.push('<');
            out.push_str(url);
            out.push('>');
        }
        rest = &tail[url.len()..];
    }
    out.push_str(rest);
    out
}

/// Find a Markdown table whose header starts with `code`, and return its
/// rows and the text without it.
fn split_code_table(markdown: &str) -> (BTreeMap<String, String>, String) {
    let lines: Vec<&str> = markdown.lines().collect();
    let cells = |line: &str| -> Vec<String> {
        let inner = line.trim().trim_start_matches('|').trim_end_matches('|');
        inner.split('|').map(|c| unescape(c.trim())).collect()
    };
    let mut codes = BTreeMap::new();
    let mut kept = vec![];
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let header = line.trim_start().starts_with('|').then(|| cells(line));
        let is_code_table = header.as_ref().is_some_and(|h| {
            h.len() >= 2
                && h[0].eq_ignore_ascii_case("code")
                && h[1].eq_ignore_ascii_case("description")
        });
        if !is_code_table {
            kept.push(line);
            i += 1;
            continue;
        }
        i += 1;
        while i < lines.len() && lines[i].trim_start().starts_with('|') {
            let row = cells(lines[i]);
            let is_rule = row
                .iter()
                .all(|c| c.chars().all(|ch| ch == '-' || ch == ':'));
            if !is_rule && row.len() >= 2 {
                codes
                    .entry(row[0].clone())
                    .or_insert_with(|| row[1].clone());
            }
            i += 1;
        }
    }
    let without = make_rustdoc_safe(&kept.join("\n"));
    (codes, without)
}

fn unescape(cell: &str) -> String {
    let mut out = String::new();
    let mut chars = cell.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(next) = chars.next() {
                out.push(next);
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_blank_give_nothing() {
        assert_eq!(convert(None).text, "");
        assert_eq!(convert(Some(" ")).text, "");
        assert_eq!(convert(Some("\r\n\t")).text, "");
    }

    #[test]
    fn html_paragraph_and_code_table() {
        let doc = convert(Some(
            "<p>The type of contact.</p><table><tbody><tr><th>code</th><th>description</th></tr>\
             <tr><td>PRIMRY</td><td>Primary</td></tr><tr><td>SCNDRY</td><td>Secondary</td></tr>\
             <tr><td></td><td></td></tr></tbody></table>",
        ));
        assert!(doc.text.starts_with("The type of contact."), "{}", doc.text);
        assert!(doc.text.contains("| PRIMRY | Primary"), "{}", doc.text);
        assert_eq!(doc.codes.get("PRIMRY").map(String::as_str), Some("Primary"));
        assert_eq!(
            doc.codes.get("SCNDRY").map(String::as_str),
            Some("Secondary")
        );
        assert_eq!(doc.text_without_codes, "The type of contact.");
    }

    #[test]
    fn html_fences_get_a_language() {
        let doc = convert(Some("<p>Example:</p><pre><code>let x = 1;</code></pre>"));
        assert!(doc.text.contains("```text"), "{}", doc.text);
    }

    #[test]
    fn plain_text_hazards_are_escaped() {
        let doc = convert(Some(
            "Use [x] or <y>, see https://ird.govt.nz.\r\n    indented\n```\ncode\n```",
        ));
        assert!(doc.text.contains("\\[x\\]"), "{}", doc.text);
        assert!(doc.text.contains("\\<y\\>"), "{}", doc.text);
        assert!(doc.text.contains("<https://ird.govt.nz>"), "{}", doc.text);
        assert!(doc.text.contains("\nindented"), "{}", doc.text);
        // Backticks in plain text are escaped, so no fence (and no doctest)
        // can start.
        assert!(doc.text.contains("\\`\\`\\`"), "{}", doc.text);
        assert!(!doc.text.contains('\r'));
    }
}
