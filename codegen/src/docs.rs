//! Descriptions to rustdoc: HTML converted to Markdown, then made safe for
//! rustdoc (no accidental links, HTML tags, bare URLs or doctests).

use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard};

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

/// Conversions already made, shared by every thread: the specs repeat
/// descriptions (the error envelopes across APIs; each schema is read for
/// its type and for its field), and the conversion is pure.
struct Memo {
    /// Calls of [`with_memo`] in progress, on any thread.
    users: usize,
    docs: BTreeMap<String, Doc>,
}

static MEMO: Mutex<Memo> = Mutex::new(Memo {
    users: 0,
    docs: BTreeMap::new(),
});

fn memo() -> MutexGuard<'static, Memo> {
    // A panic elsewhere cannot leave a wrong entry: entries are inserted whole.
    MEMO.lock().unwrap_or_else(|e| e.into_inner())
}

/// Run `f` with [`convert`] memoized. The memo lives while any call is in
/// progress, so a generation that nests calls across its threads shares one,
/// and it is emptied when the last ends.
pub fn with_memo<T>(f: impl FnOnce() -> T) -> T {
    struct Leave;
    impl Drop for Leave {
        fn drop(&mut self) {
            let mut memo = memo();
            memo.users -= 1;
            if memo.users == 0 {
                memo.docs = BTreeMap::new();
            }
        }
    }
    memo().users += 1;
    let _leave = Leave;
    f()
}

/// Convert a spec description. Whitespace-only descriptions give no doc.
pub fn convert(description: Option<&str>) -> Doc {
    let Some(raw) = description else {
        return Doc::default();
    };
    if let Some(doc) = memo().docs.get(raw) {
        return doc.clone();
    }
    let doc = convert_uncached(raw);
    let mut memo = memo();
    if memo.users > 0 {
        memo.docs.insert(raw.to_string(), doc.clone());
    }
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

/// A short plain text (a summary, a title, a code table's meaning) made
/// safe for rustdoc the way [`convert`] makes a plain description safe.
pub fn plain(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    make_rustdoc_safe(&escape_plain(&text))
}

/// Elements a description may use; `<name>` with any other name is text
/// (`<IRD number>`, `<brackets>`), not a tag.
const HTML_ELEMENTS: [&str; 51] = [
    "a",
    "abbr",
    "b",
    "blockquote",
    "body",
    "br",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "div",
    "dl",
    "dt",
    "em",
    "font",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "hr",
    "html",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "tt",
    "u",
    "ul",
];

/// The element name of a tag starting at `rest` (just after a `<`), when
/// it is one descriptions use: `p` for `<p>`, `/p>` and `<p class=..>`.
fn tag_name(rest: &str) -> Option<&str> {
    let rest = rest.strip_prefix('/').unwrap_or(rest);
    let end = rest
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(rest.len());
    let name = &rest[..end];
    let next = rest[end..].chars().next();
    let ends_tag = matches!(next, Some('>' | '/' | ' ' | '\t' | '\n'));
    let known = HTML_ELEMENTS.iter().any(|e| e.eq_ignore_ascii_case(name));
    (ends_tag && known).then_some(name)
}

fn looks_like_html(text: &str) -> bool {
    text.match_indices('<')
        .any(|(at, _)| tag_name(&text[at + 1..]).is_some())
}

/// `<` that starts no known tag becomes `&lt;`, so the HTML parser keeps it
/// as text instead of dropping an element it does not know.
fn escape_unknown_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    for (i, piece) in html.split('<').enumerate() {
        if i > 0 {
            let starts_text = piece.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/')
                && tag_name(piece).is_none();
            out.push_str(if starts_text { "&lt;" } else { "<" });
        }
        out.push_str(piece);
    }
    out
}

fn html_to_markdown(html: &str) -> String {
    thread_local! {
        // Building a converter sets up all its element handlers; reuse one.
        static CONVERTER: htmd::HtmlToMarkdown = htmd::HtmlToMarkdown::new();
    }
    match CONVERTER.with(|converter| converter.convert(&escape_unknown_tags(html))) {
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
    fn angle_bracketed_words_are_not_tags() {
        // `<brackets>` starts like `<br`, `<param>` like `<p`: plain text.
        let doc = convert(Some("Send <brackets> and <param> as they are."));
        assert_eq!(doc.text, "Send \\<brackets\\> and \\<param\\> as they are.");
        // In HTML, an unknown element is text too, not dropped.
        let doc = convert(Some("<p>The <IRD> number, <b>bold</b>.</p>"));
        assert!(doc.text.contains("IRD"), "{}", doc.text);
        assert!(doc.text.contains("**bold**"), "{}", doc.text);
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
