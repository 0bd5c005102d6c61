//! Errors and warnings, each naming where in the input it arose.

use std::fmt;
use std::path::PathBuf;

/// A place in an input document: the file, a JSON pointer into it, and the
/// line when it is known.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    /// The file, as the user named it (relative paths stay relative).
    pub file: PathBuf,
    /// JSON pointer (RFC 6901) into the document, `""` for the whole document.
    pub pointer: String,
    /// 1-based line, where the parser or the locator could tell.
    pub line: Option<usize>,
}

impl Location {
    /// A location at `pointer` in `file`, line unknown.
    pub fn new(file: impl Into<PathBuf>, pointer: impl Into<String>) -> Self {
        Location {
            file: file.into(),
            pointer: pointer.into(),
            line: None,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        let pointer = if self.pointer.is_empty() {
            "/"
        } else {
            &self.pointer
        };
        write!(f, " at {pointer}")
    }
}

/// Everything that stops generation.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// The document is not valid YAML, or does not have the expected shape.
    #[error("{location}: {message}")]
    Parse {
        /// Where.
        location: Location,
        /// What the parser said.
        message: String,
    },
    /// The document is valid YAML but not a version we read.
    #[error("{location}: {message}")]
    Version {
        /// Where the version field is, or should be.
        location: Location,
        /// What is wrong with it.
        message: String,
    },
    /// The document is well-formed but contradicts itself or cannot be
    /// turned into Rust (a dangling `$ref`, say).
    #[error("{location}: {message}")]
    Invalid {
        /// Where.
        location: Location,
        /// Why.
        message: String,
    },
    /// The manifest under `spec/` is malformed, or names a file that is
    /// missing or no longer matches its checksum.
    #[error("{0}")]
    Manifest(String),
    /// An overlay action no longer applies to the document it targets.
    #[error("{location}: overlay action {action}: {message}")]
    Overlay {
        /// The overlay file and the action's pointer within it.
        location: Location,
        /// The action, as `#N (target)`.
        action: String,
        /// Why it does not apply.
        message: String,
    },
}

impl Error {
    /// An [`Error::Invalid`] at `location`.
    pub fn invalid(location: Location, message: impl Into<String>) -> Self {
        Error::Invalid {
            location,
            message: message.into(),
        }
    }

    /// An [`Error::Io`] for `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

/// A shape the generator reads but does not fully support, reported with its
/// location instead of being dropped silently.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Warning {
    /// Where.
    pub location: Location,
    /// What was not supported and what the generator did instead.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// Collects warnings across the stages of one run.
#[derive(Debug, Default)]
pub struct Diagnostics {
    warnings: Vec<Warning>,
}

impl Diagnostics {
    /// Record a warning.
    pub fn warn(&mut self, location: Location, message: impl Into<String>) {
        self.warnings.push(Warning {
            location,
            message: message.into(),
        });
    }

    /// Give the warnings about `file` that have no line the line of their
    /// pointer in `text` (the converter finds them before lines are known).
    pub fn locate_lines(&mut self, file: &std::path::Path, text: &str) {
        for warning in &mut self.warnings {
            if warning.location.file == file && warning.location.line.is_none() {
                warning.location.line = crate::yaml::line_of(text, &warning.location.pointer);
            }
        }
    }

    /// Take over the warnings of another run.
    pub fn extend(&mut self, other: Diagnostics) {
        self.warnings.extend(other.warnings);
    }

    /// The warnings so far, sorted and without repeats.
    pub fn into_warnings(mut self) -> Vec<Warning> {
        self.warnings.sort();
        self.warnings.dedup();
        self.warnings
    }
}

/// Escape one JSON pointer segment (RFC 6901).
pub fn pointer_segment(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Unescape one JSON pointer segment (RFC 6901).
pub fn unescape_segment(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

/// Append a segment to a JSON pointer.
pub fn join_pointer(pointer: &str, segment: &str) -> String {
    // Built in place: modelling joins a pointer for every node it visits.
    let mut joined = String::with_capacity(pointer.len() + segment.len() + 1);
    joined.push_str(pointer);
    joined.push('/');
    for c in segment.chars() {
        match c {
            '~' => joined.push_str("~0"),
            '/' => joined.push_str("~1"),
            c => joined.push(c),
        }
    }
    joined
}
