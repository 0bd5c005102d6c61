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

/// Keep the characters Rust allows in identifiers, replacing others with
/// word breaks, so heck sees the words.
fn identifier_words(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect()
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

/// A module name is a snake_case identifier that is not a keyword.
pub fn is_module_name(name: &str) -> bool {
    // `runtime`, `common` and `lib` are the crate's own files.
    !name.is_empty()
        && !is_keyword(name)
        && !["runtime", "common", "lib"].contains(&name)
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// A variant name for an enum value.
///
/// `""` becomes `Empty`; values with no identifier characters are spelled
/// out by their symbols (`+` -> `Plus`); others go through [`type_name`].
pub fn variant_name(value: &str) -> String {
    if value.is_empty() {
        return "Empty".to_string();
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
            ("größe", "Größe"),
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
    fn variant_names() {
        for (input, expected) in [
            ("", "Empty"),
            ("PRIMRY", "Primry"),
            ("BSNFAX", "Bsnfax"),
            ("+", "Plus"),
            ("-", "Minus"),
            ("1", "V1"),
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
