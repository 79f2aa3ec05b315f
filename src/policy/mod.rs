//! Policy as code (SPEC §7): policy files in, plans, and the formats the
//! inventory is written out in.
//!
//! A policy file states the whole wanted state of the environments it
//! lists: a key that is absent means the product default (no URL, the
//! custom session timeout off, ...). Reading one reports every violation in
//! it at once, each at its line and column; a file with any violation is
//! never applied. No SQLite and no clap here.

pub mod dataverse;
pub mod export;
pub mod plan;

use std::ops::Range;

use crate::envspec::{EnvSpec, table, unknown_keys};
use crate::error::{Code, Violation};
use crate::located::{Doc, Fields, Value};
use crate::model::{Environment, Tenant};
use crate::rules::name_key;
use crate::text::{cut, shown};

/// One environment as a policy file wants it.
#[derive(Debug, Clone)]
pub struct Wanted {
    /// Name, URL, version, description and settings; id and times unset.
    pub env: Environment,
    /// Where its table starts, for messages.
    pub span: Range<usize>,
}

/// Every key of a policy file's top level.
const POLICY_KEYS: &[&str] = &["tenant", "environments"];

/// A checked policy file.
#[derive(Debug, Clone, Default)]
pub struct Policy {
    pub tenant: Option<Tenant>,
    pub environments: Vec<Wanted>,
}

/// Read and check a policy file (TOML, or JSON of the same structure):
/// the policy, or every violation in it.
pub fn parse(doc: &Doc, json: bool) -> Result<Policy, Vec<Violation>> {
    let root = doc.parse(json).map_err(|e| vec![e])?;
    let entries = table(doc, &root, "a policy file").map_err(|e| vec![e])?;
    let mut fields = Fields::new(entries);
    let mut errors = Vec::new();
    let mut policy = Policy::default();

    if let Some(node) = fields.take("tenant") {
        policy.tenant = Some(crate::envspec::tenant(
            doc,
            node,
            Tenant::default(),
            &mut errors,
        ));
    }

    if let Some(node) = fields.take("environments") {
        match &node.value {
            Value::Array(items) => {
                // Each name's key and where it was first written, in bytes.
                let mut seen: std::collections::HashMap<String, usize> =
                    std::collections::HashMap::new();
                for item in items {
                    let Some(spec) = EnvSpec::read(doc, item, "[[environments]]", &mut errors)
                    else {
                        continue;
                    };
                    spec.check(doc, &mut errors);
                    let Some((name, name_span)) = spec.name.clone() else {
                        continue;
                    };
                    let key = name_key(&name);
                    if let Some(&first) = seen.get(&key) {
                        let first = doc.line(first);
                        errors.push(doc.locate(
                            Violation::new(
                                Code::V6,
                                format!(
                                    "environment {} appears twice in the file (first at line {first}; names are compared case-insensitively)",
                                    shown(&name)
                                ),
                            )
                            .value(cut(&name))
                            .allowed("each environment once"),
                            &name_span,
                        ));
                        continue;
                    }
                    seen.insert(key, name_span.start);
                    policy.environments.push(Wanted {
                        env: Environment {
                            id: 0,
                            name,
                            // Before the fields below move out of `spec`.
                            settings: spec.settings(),
                            url: spec.url.map(|u| u.0),
                            version: spec.version.map(|v| v.0),
                            description: spec.description.map(|d| d.0),
                            created_at: String::new(),
                            updated_at: String::new(),
                        },
                        span: spec.span,
                    });
                }
            }
            other => errors.push(doc.error(
                Code::Syntax,
                &node.span(),
                format!(
                    "environments must be an array of tables ([[environments]]), not {}",
                    other.kind()
                ),
            )),
        }
    }
    unknown_keys(doc, &fields, "the policy file", POLICY_KEYS, &mut errors);
    if errors.is_empty() {
        Ok(policy)
    } else {
        errors.sort_by_key(|v| v.location.as_ref().map(|l| (l.line, l.column)));
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<String> {
        parse(&Doc::new("p.toml", text), false)
            .unwrap_err()
            .iter()
            .map(|v| v.to_string())
            .collect()
    }

    #[test]
    fn every_violation_at_its_value() {
        let text = r#"[tenant]
token_lifetime = "400d"

[[environments]]
name = "a"
session_length = "30m"
inactivity = "4m"
colour = "red"

[[environments]]
name = "A"
url = "http://x"
"#;
        assert_eq!(
            errors(text),
            [
                "p.toml:2:18: error[V9]: token lifetime 400d is outside 1h–365d",
                "p.toml:6:18: error[V1]: session length 30m is outside 1h–24h",
                "p.toml:7:14: error[V3]: inactivity timeout 4m is below the minimum 5m",
                "p.toml:8:1: error[unknown]: unknown key \"colour\" in [[environments]]",
                "p.toml:11:8: error[V6]: environment \"A\" appears twice in the file (first at line 5; names are compared case-insensitively)",
                "p.toml:12:7: error[V7]: url \"http://x\" is not an https:// URL (http:// is only for a loopback host)",
            ]
        );
    }

    #[test]
    fn an_unknown_key_suggests_the_nearest_of_its_table() {
        let text = "enviroments = 1\n[tenant]\ntoken_lifetme = \"90d\"\n\
                    [[environments]]\nname = \"a\"\nInactivity = \"30m\"\n";
        assert_eq!(
            errors(text),
            [
                "p.toml:1:1: error[unknown]: unknown key \"enviroments\" in the policy file — did you mean environments?",
                "p.toml:3:1: error[unknown]: unknown key \"token_lifetme\" in [tenant] — did you mean token_lifetime?",
                "p.toml:6:1: error[unknown]: unknown key \"Inactivity\" in [[environments]] — did you mean inactivity?",
            ]
        );
    }

    #[test]
    fn absent_keys_mean_product_defaults() {
        let p = parse(
            &Doc::new("p.toml", "[[environments]]\nname = \"a\"\n"),
            false,
        )
        .unwrap();
        let e = &p.environments[0].env;
        assert_eq!(e.settings, crate::model::Settings::default());
        assert!(e.url.is_none() && e.version.is_none() && e.description.is_none());
        assert!(p.tenant.is_none());
    }

    #[test]
    fn off_with_kept_values() {
        let text = "[[environments]]\nname = \"a\"\nsession_timeout = false\nsession_length = \"8h\"\ninactivity_timeout = false\ninactivity = \"30m\"\n";
        let p = parse(&Doc::new("p.toml", text), false).unwrap();
        let s = p.environments[0].env.settings;
        assert!(!s.session_enabled && !s.inactivity_enabled);
        assert_eq!((s.session_length_min, s.inactivity_min), (480, Some(30)));
    }
}
