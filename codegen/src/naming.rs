//! Rust names for spec names: pure functions, tested on awkward inputs.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Every Rust keyword, strict and reserved, in all editions.
const KEYWORDS: [&str; 52] = [
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "gen", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Is `word` a Rust keyword?
pub fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word)
}

/// Keep ASCII letters and digits, replacing other characters with word
/// breaks, so heck sees the words. Generated names are ASCII: Latin letters
/// with diacritics fold to their base letters (`ā` -> `a`, `ß` -> `ss`),
/// and letters of other scripts become their code points as words of their
/// own (`名` -> `u540D`), so every name is a valid, lint-free identifier.
fn identifier_words(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if let Some(folded) = fold_latin(c) {
            out.push_str(folded);
        } else if c.is_alphanumeric() {
            out.push_str(&format!(" u{:04x} ", c as u32));
        } else {
            out.push(' ');
        }
    }
    out
}

/// The ASCII spelling of a Latin letter with a diacritic (Latin-1 and
/// Latin Extended-A, which cover te reo Māori's macrons and the European
/// languages), or `None`.
fn fold_latin(c: char) -> Option<&'static str> {
    const FOLDS: [(&str, &str); 44] = [
        ("ÀÁÂÃÄÅĀĂĄ", "A"),
        ("àáâãäåāăą", "a"),
        ("ÇĆĈĊČ", "C"),
        ("çćĉċč", "c"),
        ("ĎĐÐ", "D"),
        ("ďđð", "d"),
        ("ÈÉÊËĒĔĖĘĚ", "E"),
        ("èéêëēĕėęě", "e"),
        ("ĜĞĠĢ", "G"),
        ("ĝğġģ", "g"),
        ("ĤĦ", "H"),
        ("ĥħ", "h"),
        ("ÌÍÎÏĨĪĬĮİ", "I"),
        ("ìíîïĩīĭįı", "i"),
        ("Ĵ", "J"),
        ("ĵ", "j"),
        ("Ķ", "K"),
        ("ķĸ", "k"),
        ("ĹĻĽĿŁ", "L"),
        ("ĺļľŀł", "l"),
        ("ÑŃŅŇŊ", "N"),
        ("ñńņňŉŋ", "n"),
        ("ÒÓÔÕÖØŌŎŐ", "O"),
        ("òóôõöøōŏő", "o"),
        ("ŔŖŘ", "R"),
        ("ŕŗř", "r"),
        ("ŚŜŞŠ", "S"),
        ("śŝşšſ", "s"),
        ("ŢŤŦ", "T"),
        ("ţťŧ", "t"),
        ("ÙÚÛÜŨŪŬŮŰŲ", "U"),
        ("ùúûüũūŭůűų", "u"),
        ("Ŵ", "W"),
        ("ŵ", "w"),
        ("ÝŶŸ", "Y"),
        ("ýÿŷ", "y"),
        ("ŹŻŽ", "Z"),
        ("źżž", "z"),
        ("Æ", "AE"),
        ("æ", "ae"),
        ("Œ", "OE"),
        ("œ", "oe"),
        ("Ĳ", "IJ"),
        ("ĳ", "ij"),
    ];
    match c {
        'ß' => Some("ss"),
        'Þ' => Some("Th"),
        'þ' => Some("th"),
        _ => FOLDS
            .iter()
            .find(|(from, _)| from.contains(c))
            .map(|(_, to)| *to),
    }
}

/// A type or variant name: `contact_POST_Request` -> `ContactPostRequest`.
///
/// Leading digits get a `T` prefix; a name with no identifier characters at
/// all becomes `Unnamed` (callers disambiguate).
pub fn type_name(name: &str) -> String {
    let camel = identifier_words(name).to_upper_camel_case();
    let camel = if camel.is_empty() {
        "Unnamed".to_string()
    } else {
        camel
    };
    if camel.starts_with(|c: char| c.is_ascii_digit()) {
        format!("T{camel}")
    } else if is_keyword(&camel) {
        format!("{camel}_")
    } else {
        camel
    }
}

/// The marker type name of an operation. A trailing upper-case HTTP method
/// (Inland Revenue's `contactPOST`, `validateIRDPOST`) is its own word, so
/// the name matches the `validateIRD_POST_Request` definitions beside it.
pub fn operation_name(operation_id: &str) -> String {
    for method in ["DELETE", "OPTIONS", "PATCH", "POST", "HEAD", "GET", "PUT"] {
        if let Some(stem) = operation_id.strip_suffix(method) {
            if !stem.is_empty() && stem.chars().any(|c| c.is_lowercase()) {
                return type_name(&format!("{stem}_{method}"));
            }
        }
    }
    type_name(operation_id)
}

/// A field or parameter name: `CustomerIDType` -> `customer_id_type`,
/// `type` -> `type_`, `2fa` -> `_2fa`.
pub fn field_name(name: &str) -> String {
    let snake = identifier_words(name).to_snake_case();
    if snake.is_empty() {
        "field".to_string()
    } else if snake.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{snake}")
    } else if is_keyword(&snake) {
        format!("{snake}_")
    } else {
        snake
    }
}

/// The generated crate's own modules and files, which no API may be named.
pub const RESERVED_MODULES: &[&str] = &["runtime", "common", "lib", "client", "server"];

/// A module name is a snake_case identifier that is not a keyword nor one
/// of [`RESERVED_MODULES`].
pub fn is_module_name(name: &str) -> bool {
    !name.is_empty()
        && !is_keyword(name)
        && !RESERVED_MODULES.contains(&name)
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Why `name` cannot name an API's module.
pub fn module_name_problem(name: &str) -> String {
    if RESERVED_MODULES.contains(&name) {
        format!(
            "module `{name}` is taken by the generated crate (`{}` are its own)",
            RESERVED_MODULES.join("`, `")
        )
    } else {
        format!("module `{name}` is not a snake_case Rust identifier")
    }
}

/// A variant name for an enum value.
///
/// `""` becomes `Empty`; values with no identifier characters are spelled
/// out by their symbols (`+` -> `Plus`); others go through [`type_name`].
pub fn variant_name(value: &str) -> String {
    if value.is_empty() {
        return "Empty".to_string();
    }
    // `-1` is not `1`.
    if let Some(digits) = value.strip_prefix('-') {
        if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
            return format!("Minus{digits}");
        }
    }
    if value.chars().any(char::is_alphanumeric) {
        let name = type_name(value);
        // A value starting with a digit reads better as `V1` than `T1`.
        return match name.strip_prefix('T') {
            Some(rest) if value.starts_with(|c: char| c.is_ascii_digit()) => format!("V{rest}"),
            _ => name,
        };
    }
    let words: Vec<&str> = value
        .chars()
        .map(|c| match c {
            '+' => "Plus",
            '-' => "Minus",
            '*' => "Star",
            '/' => "Slash",
            '.' => "Dot",
            ',' => "Comma",
            ' ' => "Space",
            '_' => "Underscore",
            '#' => "Hash",
            '@' => "At",
            '&' => "Ampersand",
            '%' => "Percent",
            '$' => "Dollar",
            '!' => "Bang",
            '?' => "Question",
            '=' => "Equals",
            '<' => "Less",
            '>' => "Greater",
            _ => "Symbol",
        })
        .collect();
    words.concat()
}

/// The singular of an English plural, for naming array items from the
/// array's name: `errors` -> `error`, `addresses` -> `address`,
/// `categories` -> `category`. Words that do not look plural are returned
/// unchanged.
pub fn singular(word: &str) -> String {
    let lower = word.to_ascii_lowercase();
    let cut = |n: usize, add: &str| format!("{}{add}", &word[..word.len() - n]);
    if lower.ends_with("ies") && word.len() > 4 {
        cut(3, if word.ends_with("IES") { "Y" } else { "y" })
    } else if ["sses", "shes", "ches", "xes", "zzes"]
        .iter()
        .any(|s| lower.ends_with(s))
    {
        cut(2, "")
    } else if lower.ends_with('s')
        && !lower.ends_with("ss")
        && !lower.ends_with("us")
        && !lower.ends_with("is")
        && word.len() > 3
    {
        cut(1, "")
    } else {
        word.to_string()
    }
}

/// Split an UpperCamel name into its words: `ContactPostRequest` ->
/// `["Contact", "Post", "Request"]`.
pub fn camel_words(name: &str) -> Vec<String> {
    let mut words: Vec<String> = vec![];
    for c in name.chars() {
        let start = c.is_uppercase()
            || (c.is_ascii_digit()
                && words
                    .last()
                    .is_some_and(|w| !w.ends_with(|d: char| d.is_ascii_digit())));
        match words.last_mut() {
            Some(word) if !start => word.push(c),
            _ => words.push(c.to_string()),
        }
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names() {
        for (input, expected) in [
            ("contact_POST_Request", "ContactPostRequest"),
            ("contact_POST_Response200", "ContactPostResponse200"),
            ("CustomerIDType", "CustomerIdType"),
            ("2fa", "T2fa"),
            ("", "Unnamed"),
            ("a-b.c d", "ABCD"),
            ("Self", "Self_"),
            ("größe", "Grosse"),
            ("Māori", "Maori"),
            ("名前", "U540dU524d"),
            ("½", "U00bd"),
        ] {
            assert_eq!(type_name(input), expected, "{input}");
        }
    }

    #[test]
    fn operation_names() {
        for (input, expected) in [
            ("contactPOST", "ContactPost"),
            ("validateIRDPOST", "ValidateIrdPost"),
            ("statusGET", "StatusGet"),
            ("listPets", "ListPets"),
            ("POST", "Post"),
        ] {
            assert_eq!(operation_name(input), expected, "{input}");
        }
    }

    #[test]
    fn field_names() {
        for (input, expected) in [
            ("CustomerIDType", "customer_id_type"),
            ("ContactID", "contact_id"),
            ("type", "type_"),
            ("self", "self_"),
            ("Self", "self_"),
            ("2fa", "_2fa"),
            ("$$", "field"),
            ("x-rate", "x_rate"),
            ("kōrero", "korero"),
            ("Øre", "ore"),
            ("名前", "u540d_u524d"),
            ("🎉", "field"),
        ] {
            assert_eq!(field_name(input), expected, "{input}");
        }
    }

    #[test]
    fn every_keyword_becomes_a_plain_identifier() {
        for keyword in KEYWORDS {
            let field = field_name(keyword);
            let ty = type_name(keyword);
            assert!(
                syn::parse_str::<syn::Ident>(&field).is_ok(),
                "{keyword} -> {field}"
            );
            assert!(
                syn::parse_str::<syn::Ident>(&ty).is_ok(),
                "{keyword} -> {ty}"
            );
        }
    }

    #[test]
    fn every_name_is_an_ascii_identifier() {
        for input in [
            "½",
            "٣",
            "Ⅻ",
            "e\u{301}",
            "名前",
            "🎉",
            "ß",
            "Ĳssel",
            "-",
            "__",
            "a\u{200d}b",
        ] {
            for name in [type_name(input), field_name(input), variant_name(input)] {
                assert!(name.is_ascii(), "{input} -> {name}");
                assert!(
                    syn::parse_str::<syn::Ident>(&name).is_ok(),
                    "{input} -> {name}"
                );
            }
        }
    }

    #[test]
    fn variant_names() {
        for (input, expected) in [
            ("", "Empty"),
            ("PRIMRY", "Primry"),
            ("BSNFAX", "Bsnfax"),
            ("+", "Plus"),
            ("-", "Minus"),
            ("1", "V1"),
            ("-1", "Minus1"),
            ("-", "Minus"),
            ("ā", "A"),
            ("security", "Security"),
        ] {
            assert_eq!(variant_name(input), expected, "{input}");
        }
    }

    #[test]
    fn singulars() {
        for (input, expected) in [
            ("errors", "error"),
            ("Addresses", "Address"),
            ("Categories", "Category"),
            ("Phone", "Phone"),
            ("Status", "Status"),
            ("Address", "Address"),
            ("Boxes", "Box"),
        ] {
            assert_eq!(singular(input), expected, "{input}");
        }
    }

    #[test]
    fn words() {
        assert_eq!(
            camel_words("ContactPostResponse400"),
            ["Contact", "Post", "Response", "400"]
        );
    }
}
