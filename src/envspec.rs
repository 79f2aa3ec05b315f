//! An environment as written in a file: a scenario's `[environment]`, a
//! policy file's `[[environments]]`, a scenario's `settings` event.
//!
//! The keys are the same everywhere (SPEC §6.1, §7): `name`, `url`,
//! `version`, `description`, and the settings `session_length`,
//! `session_warning`, `inactivity`, `inactivity_warning`, with
//! `session_timeout = false` / `inactivity_timeout = false` to keep a value
//! that is not enforced. A timeout is on when its value key is present.
//! Every value is checked with the rules, and every violation points at the
//! value that causes it.

use std::ops::Range;

use crate::duration::parse_minutes;
use crate::error::{Code, Violation};
use crate::located::{Doc, Fields, Node, Value};
use crate::model::{Settings, Tenant};
use crate::rules::{self, SettingField};
use crate::text::{cut, shown};

/// A string value, or an error pointing at it.
pub fn string<'n>(doc: &Doc, node: &'n Node, what: &str) -> Result<&'n str, Violation> {
    match &node.value {
        Value::Str(s) => Ok(s),
        other => Err(doc.error(
            Code::Syntax,
            &node.span(),
            format!("{what} must be a string, not {}", other.kind()),
        )),
    }
}

pub fn boolean(doc: &Doc, node: &Node, what: &str) -> Result<bool, Violation> {
    match &node.value {
        Value::Bool(b) => Ok(*b),
        other => Err(doc.error(
            Code::Syntax,
            &node.span(),
            format!("{what} must be true or false, not {}", other.kind()),
        )),
    }
}

/// A duration in whole minutes: `"8h"`, `"90"`, or an integer of minutes.
pub fn minutes(doc: &Doc, node: &Node, what: &str) -> Result<u32, Violation> {
    match &node.value {
        Value::Str(s) => parse_minutes(s, what).map_err(|v| doc.locate(v, &node.span())),
        Value::Int(n) => u32::try_from(*n).map_err(|_| not_a_duration(doc, node, what, n)),
        Value::BigInt(n) => Err(not_a_duration(doc, node, what, n)),
        other => Err(doc.error(
            Code::Syntax,
            &node.span(),
            format!(
                "{what} must be a duration such as \"8h\", not {}",
                other.kind()
            ),
        )),
    }
}

/// A whole number that cannot be minutes: negative, or past u32.
fn not_a_duration(doc: &Doc, node: &Node, what: &str, n: &dyn std::fmt::Display) -> Violation {
    doc.error(
        Code::Syntax,
        &node.span(),
        format!("{what} {n} is not a duration"),
    )
    .value(n.to_string())
}

/// The table entries of a node, or an error.
pub fn table<'n>(
    doc: &Doc,
    node: &'n Node,
    what: &str,
) -> Result<&'n [(crate::located::Key, Node)], Violation> {
    match &node.value {
        Value::Table(t) => Ok(t),
        other => Err(doc.error(
            Code::Syntax,
            &node.span(),
            format!("{what} must be a table, not {}", other.kind()),
        )),
    }
}

/// Every key of an environment table ([`EnvSpec::read`]).
pub const ENV_KEYS: &[&str] = &[
    "name",
    "url",
    "version",
    "description",
    "session_timeout",
    "session_length",
    "session_warning",
    "inactivity_timeout",
    "inactivity",
    "inactivity_warning",
];

/// Every key of a `[tenant]` table.
pub const TENANT_KEYS: &[&str] = &["token_lifetime"];

/// Report every key nobody read as an unknown key, with the nearest of
/// `known` (the keys of that table) when one is close.
pub fn unknown_keys(
    doc: &Doc,
    fields: &Fields<'_>,
    what: &str,
    known: &[&str],
    errors: &mut Vec<Violation>,
) {
    for k in fields.unknown() {
        let v = doc
            .error(
                Code::Unknown,
                &k.span(),
                format!("unknown key {} in {what}", shown(&k.name)),
            )
            .value(cut(&k.name));
        errors.push(
            match crate::suggest::did_you_mean(&k.name, known.iter().copied()) {
                Some(hint) => v.hint(hint),
                None => v,
            },
        );
    }
}

/// A `[tenant]` table over `base`: its token lifetime (V9), every problem
/// to `errors`.
pub fn tenant(doc: &Doc, node: &Node, base: Tenant, errors: &mut Vec<Violation>) -> Tenant {
    let mut tenant = base;
    match table(doc, node, "[tenant]") {
        Ok(t) => {
            let mut fields = Fields::new(t);
            if let Some(n) = fields.take("token_lifetime") {
                match minutes(doc, n, "token lifetime") {
                    Ok(m) => match rules::check_token_lifetime(m) {
                        Some(v) => errors.push(doc.locate(v, &n.span())),
                        None => tenant.token_lifetime_min = m,
                    },
                    Err(e) => errors.push(e),
                }
            }
            unknown_keys(doc, &fields, "[tenant]", TENANT_KEYS, errors);
        }
        Err(e) => errors.push(e),
    }
    tenant
}

/// The settings keys present in one table, each with where its value is.
#[derive(Debug, Clone, Default)]
pub struct SettingsPatch {
    pub session_timeout: Option<(bool, Range<usize>)>,
    pub session_length: Option<(u32, Range<usize>)>,
    pub session_warning: Option<(u32, Range<usize>)>,
    pub inactivity_timeout: Option<(bool, Range<usize>)>,
    pub inactivity: Option<(u32, Range<usize>)>,
    pub inactivity_warning: Option<(u32, Range<usize>)>,
}

impl SettingsPatch {
    /// Take the setting keys out of `fields`; bad values go to `errors`.
    pub fn read(doc: &Doc, fields: &mut Fields<'_>, errors: &mut Vec<Violation>) -> Self {
        let mut p = SettingsPatch::default();
        let mut dur = |key: &str, what: &str, errors: &mut Vec<Violation>| {
            let node = fields.take(key)?;
            match minutes(doc, node, what) {
                Ok(m) => Some((m, node.span())),
                Err(e) => {
                    errors.push(e);
                    None
                }
            }
        };
        p.session_length = dur("session_length", "session length", errors);
        p.session_warning = dur("session_warning", "session warning", errors);
        p.inactivity = dur("inactivity", "inactivity timeout", errors);
        p.inactivity_warning = dur("inactivity_warning", "inactivity warning", errors);
        let mut flag = |key: &str, errors: &mut Vec<Violation>| {
            let node = fields.take(key)?;
            match boolean(doc, node, key) {
                Ok(b) => Some((b, node.span())),
                Err(e) => {
                    errors.push(e);
                    None
                }
            }
        };
        p.session_timeout = flag("session_timeout", errors);
        p.inactivity_timeout = flag("inactivity_timeout", errors);
        p
    }

    pub fn is_empty(&self) -> bool {
        self.session_timeout.is_none()
            && self.session_length.is_none()
            && self.session_warning.is_none()
            && self.inactivity_timeout.is_none()
            && self.inactivity.is_none()
            && self.inactivity_warning.is_none()
    }

    /// These keys over `base`: a value key turns its timeout on unless the
    /// on/off key says otherwise; the on/off key alone switches the kept
    /// value.
    pub fn apply(&self, base: Settings) -> Settings {
        let mut s = base;
        if let Some((m, _)) = self.session_length {
            s.session_length_min = m;
            s.session_enabled = true;
        }
        if let Some((on, _)) = self.session_timeout {
            s.session_enabled = on;
        }
        if let Some((m, _)) = self.session_warning {
            s.session_warning_min = m;
        }
        if let Some((m, _)) = self.inactivity {
            s.inactivity_min = Some(m);
            s.inactivity_enabled = true;
        }
        if let Some((on, _)) = self.inactivity_timeout {
            s.inactivity_enabled = on;
        }
        if let Some((m, _)) = self.inactivity_warning {
            s.inactivity_warning_min = m;
        }
        s
    }

    /// Where the value of a setting is written, if in this table.
    pub fn span(&self, field: SettingField) -> Option<Range<usize>> {
        match field {
            SettingField::SessionLength => self
                .session_length
                .as_ref()
                .map(|x| x.1.clone())
                .or_else(|| self.session_timeout.as_ref().map(|x| x.1.clone())),
            SettingField::SessionWarning => self.session_warning.as_ref().map(|x| x.1.clone()),
            SettingField::Inactivity => self
                .inactivity
                .as_ref()
                .map(|x| x.1.clone())
                .or_else(|| self.inactivity_timeout.as_ref().map(|x| x.1.clone())),
            SettingField::InactivityWarning => {
                self.inactivity_warning.as_ref().map(|x| x.1.clone())
            }
        }
    }

    /// V1–V5 over `settings` (this patch applied to something), each
    /// violation pointing at the value in this table that it concerns, else
    /// at `fallback`.
    pub fn check(
        &self,
        doc: &Doc,
        settings: &Settings,
        fallback: &Range<usize>,
        errors: &mut Vec<Violation>,
    ) {
        for (field, v) in rules::check_settings_fields(settings) {
            // When the value at fault is not in this table, the one it was
            // checked against may be: a warning against its timeout, V4's
            // inactivity against the session length.
            let against = match field {
                SettingField::SessionWarning => Some(SettingField::SessionLength),
                SettingField::InactivityWarning => Some(SettingField::Inactivity),
                SettingField::Inactivity if v.code == Code::V4 => Some(SettingField::SessionLength),
                _ => None,
            };
            let span = self
                .span(field)
                .or_else(|| against.and_then(|a| self.span(a)))
                .unwrap_or_else(|| fallback.clone());
            errors.push(doc.locate(v, &span));
        }
    }
}

/// One environment table as written.
#[derive(Debug, Clone, Default)]
pub struct EnvSpec {
    pub name: Option<(String, Range<usize>)>,
    pub url: Option<(String, Range<usize>)>,
    pub version: Option<(String, Range<usize>)>,
    pub description: Option<(String, Range<usize>)>,
    pub patch: SettingsPatch,
    /// The whole table.
    pub span: Range<usize>,
}

impl EnvSpec {
    /// Read an environment table; unknown keys and bad values go to
    /// `errors`.
    pub fn read(
        doc: &Doc,
        node: &Node,
        what: &str,
        errors: &mut Vec<Violation>,
    ) -> Option<EnvSpec> {
        let entries = match table(doc, node, what) {
            Ok(t) => t,
            Err(e) => {
                errors.push(e);
                return None;
            }
        };
        let mut fields = Fields::new(entries);
        let mut text = |key: &str, errors: &mut Vec<Violation>| {
            let node = fields.take(key)?;
            match string(doc, node, key) {
                Ok(s) => Some((s.to_string(), node.span())),
                Err(e) => {
                    errors.push(e);
                    None
                }
            }
        };
        let name = text("name", errors);
        let url = text("url", errors);
        let version = text("version", errors);
        let description = text("description", errors);
        let patch = SettingsPatch::read(doc, &mut fields, errors);
        unknown_keys(doc, &fields, what, ENV_KEYS, errors);
        Some(EnvSpec {
            name,
            url,
            version,
            description,
            patch,
            span: node.span(),
        })
    }

    /// The settings this table describes, over the defaults.
    pub fn settings(&self) -> Settings {
        self.patch.apply(Settings::default())
    }

    /// V1–V8 and the description length, each at its value.
    pub fn check(&self, doc: &Doc, errors: &mut Vec<Violation>) {
        match &self.name {
            Some((n, span)) => {
                if let Some(v) = rules::check_name(n) {
                    errors.push(doc.locate(v, span));
                }
            }
            None => errors.push(doc.error(
                Code::V6,
                &self.span,
                "an environment needs a name (name = \"...\")",
            )),
        }
        if let Some((u, span)) = &self.url
            && let Some(v) = rules::check_url(u)
        {
            errors.push(doc.locate(v, span));
        }
        if let Some((ver, span)) = &self.version
            && let Some(v) = rules::check_version(ver)
        {
            errors.push(doc.locate(v, span));
        }
        if let Some((d, span)) = &self.description
            && let Some(v) = rules::check_description(d)
        {
            errors.push(doc.locate(v, span));
        }
        self.patch.check(doc, &self.settings(), &self.span, errors);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An `[environment]` table named "a", read and checked: its settings,
    /// and every violation as printed.
    fn read(settings: &str) -> (Settings, Vec<String>) {
        read_table(&format!("name = \"a\"\n{settings}\n"))
    }

    fn read_table(text: &str) -> (Settings, Vec<String>) {
        let doc = Doc::new("e.toml", text);
        let root = doc.parse_toml().unwrap();
        let mut errors = Vec::new();
        let spec = EnvSpec::read(&doc, &root, "[environment]", &mut errors).unwrap();
        spec.check(&doc, &mut errors);
        let shown = errors.iter().map(ToString::to_string).collect();
        (spec.settings(), shown)
    }

    #[test]
    fn an_integer_too_large_for_i64_is_not_a_name() {
        assert_eq!(
            read_table("name = 99999999999999999999\n").1,
            [
                "e.toml:1:8: error[syntax]: name must be a string, not an integer",
                "e.toml:1:1: error[V6]: an environment needs a name (name = \"...\")",
            ]
        );
        assert_eq!(
            read_table("name = 7\n").1,
            [
                "e.toml:1:8: error[syntax]: name must be a string, not an integer",
                "e.toml:1:1: error[V6]: an environment needs a name (name = \"...\")",
            ]
        );
        assert_eq!(
            read("session_length = 99999999999999999999").1,
            ["e.toml:2:18: error[syntax]: session length 99999999999999999999 is not a duration"]
        );
    }

    #[test]
    fn whole_numbers_are_minutes() {
        let (s, errors) = read("session_length = 60");
        assert_eq!(errors, Vec::<String>::new());
        assert_eq!((s.session_length_min, s.session_enabled), (60, true));
        assert_eq!(
            read("session_length = 59").1,
            ["e.toml:2:18: error[V1]: session length 59m is outside 1h–24h"]
        );
        assert_eq!(
            read("session_length = -1").1,
            ["e.toml:2:18: error[syntax]: session length -1 is not a duration"]
        );
        assert_eq!(
            read("session_length = 4294967296").1,
            ["e.toml:2:18: error[syntax]: session length 4294967296 is not a duration"]
        );
        assert_eq!(
            read("session_length = 4294967295").1,
            ["e.toml:2:18: error[V1]: session length 71582788h15m is outside 1h–24h"]
        );
    }
}
