//! Errors and the one place that maps them to exit codes (SPEC §4).
//!
//! Every failure a user can cause becomes a [`Violation`]: an error code
//! (`V1`…`V9`, `syntax`, `unknown`, …), one line saying what was wrong, the
//! value given and what is allowed, and where in a file when there is a file.
//! This module owns the wording of the `error[CODE]:` line and the JSON error
//! object; it must not know about clap, SQLite or terminals.

use std::fmt;

use serde::Serialize;

/// The error codes of SPEC §4.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Code {
    V1,
    V2,
    V3,
    V4,
    V5,
    V6,
    V7,
    V8,
    V9,
    #[serde(rename = "syntax")]
    Syntax,
    #[serde(rename = "unknown")]
    Unknown,
    #[serde(rename = "order")]
    Order,
    #[serde(rename = "not-found")]
    NotFound,
    #[serde(rename = "usage")]
    Usage,
    #[serde(rename = "database")]
    Database,
    #[serde(rename = "io")]
    Io,
    /// The live service: HTTP, network, credentials, a malformed answer.
    #[serde(rename = "network")]
    Network,
}

impl Code {
    pub fn as_str(self) -> &'static str {
        match self {
            Code::V1 => "V1",
            Code::V2 => "V2",
            Code::V3 => "V3",
            Code::V4 => "V4",
            Code::V5 => "V5",
            Code::V6 => "V6",
            Code::V7 => "V7",
            Code::V8 => "V8",
            Code::V9 => "V9",
            Code::Syntax => "syntax",
            Code::Unknown => "unknown",
            Code::Order => "order",
            Code::NotFound => "not-found",
            Code::Usage => "usage",
            Code::Database => "database",
            Code::Io => "io",
            Code::Network => "network",
        }
    }

    /// The exit code of SPEC §4 for an error of this code.
    pub fn exit_code(self) -> u8 {
        match self {
            Code::Database | Code::Io | Code::Network => 1,
            Code::Usage => 2,
            Code::NotFound => 4,
            _ => 3,
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where in an input file a violation was found (1-based).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    pub file: String,
    pub line: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.column {
            Some(c) => write!(f, "{}:{}:{}", self.file, self.line, c),
            None => write!(f, "{}:{}", self.file, self.line),
        }
    }
}

/// One thing wrong with the input: a broken rule, a malformed value, an
/// unknown name. `message` is the sentence after `error[CODE]: `.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub code: Code,
    pub message: String,
    /// The value as given, in the user's own form where there is one.
    pub value: Option<String>,
    /// What is allowed, e.g. `1h–24h`.
    pub allowed: Option<String>,
    /// How to fix it, appended after an em dash.
    pub hint: Option<String>,
    pub location: Option<Location>,
}

impl Violation {
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Violation {
            code,
            message: message.into(),
            value: None,
            allowed: None,
            hint: None,
            location: None,
        }
    }

    pub fn value(mut self, value: impl Into<String>) -> Self {
        self.value = Some(value.into());
        self
    }

    pub fn allowed(mut self, allowed: impl Into<String>) -> Self {
        self.allowed = Some(allowed.into());
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    /// Attach a location unless one is already set.
    pub fn at_if_none(mut self, location: impl FnOnce() -> Location) -> Self {
        if self.location.is_none() {
            self.location = Some(location());
        }
        self
    }

    /// The full message without the location prefix or the `error[..]` tag.
    pub fn text(&self) -> String {
        match &self.hint {
            Some(h) => format!("{} — {}", self.message, h),
            None => self.message.clone(),
        }
    }

    pub fn to_json(&self) -> serde_json::Value {
        let mut details = serde_json::Map::new();
        if let Some(v) = &self.value {
            details.insert("value".into(), v.clone().into());
        }
        if let Some(a) = &self.allowed {
            details.insert("allowed".into(), a.clone().into());
        }
        if let Some(h) = &self.hint {
            details.insert("hint".into(), h.clone().into());
        }
        if let Some(l) = &self.location {
            details.insert("file".into(), l.file.clone().into());
            details.insert("line".into(), l.line.into());
            if let Some(c) = l.column {
                details.insert("column".into(), c.into());
            }
        }
        serde_json::json!({
            "code": self.code.as_str(),
            "message": self.text(),
            "details": if details.is_empty() { serde_json::Value::Null } else { details.into() },
        })
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(l) = &self.location {
            write!(f, "{l}: ")?;
        }
        write!(f, "error[{}]: {}", self.code, self.text())
    }
}

/// What went wrong underneath a database or file error, kept whole — its
/// type and its `source()` — until the error is printed.
pub type Cause = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Everything a command can fail with. Each variant knows its exit code
/// ([`Error::exit_code`]); no command chooses a number itself.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// One or more violations of the input rules (exit 3, 4 or 2 by code).
    #[error("{}", .0.first().map(|v| v.to_string()).unwrap_or_default())]
    Invalid(Vec<Violation>),
    /// The database cannot be used: locked, corrupt, too new, not ours (exit 1).
    #[error("error[database]: {0}")]
    Database(#[source] Cause),
    /// Reading or writing a file failed (exit 1).
    #[error("error[io]: {0}")]
    Io(#[source] Cause),
    /// Whoever read stdout went away (`| head -1`): stop quietly, exit 0.
    #[error("broken pipe")]
    BrokenPipe,
    /// The user declined a confirmation: nothing was done (exit 1).
    #[error("{0}")]
    Declined(String),
    /// `audit` found a failed check (or, with --strict, a warning); the
    /// report already printed is the result (exit 6).
    #[error("checks failed")]
    ChecksFailed,
    /// A dry run with --exit-code found changes to make (exit 5).
    #[error("changes pending")]
    ChangesPending,
    /// `db check` found problems; its report already printed says which (exit 1).
    #[error("the database is not sound")]
    Unsound,
    /// Ctrl-C: the terminal is restored and what completed is kept (exit 130).
    #[error("interrupted")]
    Interrupted,
    /// A command-line error clap has already printed in its own words (exit 2).
    #[error("usage error")]
    UsagePrinted,
}

impl Error {
    pub fn one(v: Violation) -> Self {
        Error::Invalid(vec![v])
    }

    pub fn usage(message: impl Into<String>) -> Self {
        Error::one(Violation::new(Code::Usage, message))
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Error::one(Violation::new(Code::NotFound, message))
    }

    pub fn syntax(message: impl Into<String>) -> Self {
        Error::one(Violation::new(Code::Syntax, message))
    }

    pub fn io(context: impl fmt::Display, err: impl fmt::Display) -> Self {
        Error::Io(format!("{context}: {err}").into())
    }

    pub fn violations(&self) -> Vec<Violation> {
        match self {
            Error::Invalid(v) => v.clone(),
            Error::Database(m) => vec![Violation::new(Code::Database, m.to_string())],
            Error::Io(m) => vec![Violation::new(Code::Io, m.to_string())],
            Error::Declined(m) => vec![Violation::new(Code::Usage, m.clone())],
            Error::BrokenPipe
            | Error::ChecksFailed
            | Error::ChangesPending
            | Error::Unsound
            | Error::Interrupted
            | Error::UsagePrinted => vec![],
        }
    }

    /// The exit code of SPEC §4. With several violations the first decides,
    /// except that a rule violation (3) outranks a usage error.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Invalid(v) => v.first().map(|v| v.code.exit_code()).unwrap_or(3),
            Error::Database(_) | Error::Io(_) | Error::Declined(_) => 1,
            Error::BrokenPipe => 0,
            Error::ChecksFailed => 6,
            Error::ChangesPending => 5,
            Error::Unsound => 1,
            Error::Interrupted => 130,
            Error::UsagePrinted => 2,
        }
    }

    /// Whether there is nothing left to print: the output already said it
    /// (a report, clap's message, the interrupted line) or nobody reads it.
    pub fn already_reported(&self) -> bool {
        matches!(
            self,
            Error::BrokenPipe
                | Error::ChecksFailed
                | Error::ChangesPending
                | Error::Unsound
                | Error::Interrupted
                | Error::UsagePrinted
        )
    }

    /// `{"error": {"code", "message", "details"[, "violations"]}}` (SPEC §4).
    pub fn to_json(&self) -> serde_json::Value {
        let all = self.violations();
        let mut first = all
            .first()
            .map(Violation::to_json)
            .unwrap_or_else(|| serde_json::json!({"code": "io", "message": "", "details": null}));
        if all.len() > 1
            && let Some(obj) = first.as_object_mut()
        {
            obj.insert(
                "violations".into(),
                all.iter()
                    .map(Violation::to_json)
                    .collect::<Vec<_>>()
                    .into(),
            );
        }
        serde_json::json!({ "error": first })
    }

    /// One line per violation, as printed on stderr.
    pub fn lines(&self) -> Vec<String> {
        self.violations().iter().map(|v| v.to_string()).collect()
    }
}

impl From<Violation> for Error {
    fn from(v: Violation) -> Self {
        Error::one(v)
    }
}

impl From<Vec<Violation>> for Error {
    fn from(v: Vec<Violation>) -> Self {
        Error::Invalid(v)
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_outcome_has_its_exit_code() {
        let codes = [
            (Error::ChecksFailed, 6),
            (Error::ChangesPending, 5),
            (Error::Unsound, 1),
            (Error::Interrupted, 130),
            (Error::UsagePrinted, 2),
            (Error::BrokenPipe, 0),
            (Error::Database("locked".into()), 1),
            (Error::Io("gone".into()), 1),
            (Error::usage("no"), 2),
            (Error::not_found("no"), 4),
            (Error::syntax("no"), 3),
        ];
        for (e, code) in codes {
            assert_eq!(e.exit_code(), code, "{e:?}");
        }
    }

    #[test]
    fn outcomes_already_shown_print_nothing_more() {
        for e in [
            Error::ChecksFailed,
            Error::ChangesPending,
            Error::Unsound,
            Error::Interrupted,
            Error::UsagePrinted,
            Error::BrokenPipe,
        ] {
            assert!(e.already_reported());
            assert!(e.lines().is_empty());
        }
        assert!(!Error::Database("locked".into()).already_reported());
        assert_eq!(
            Error::Database("locked".into()).lines(),
            vec!["error[database]: locked".to_string()]
        );
    }
}
