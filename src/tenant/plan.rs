//! What `discover`, `pull` and `push` would change: pure functions of the
//! inventory and what the service said. No I/O.

use std::collections::HashSet;

use crate::model::{Environment, FieldChange, Settings};
use crate::rules::{self, name_key};
use crate::tenant::admin::{Dataverse, Listed};

/// `env` with the settings `s` (same id, name and metadata).
pub fn with_settings(env: &Environment, s: &Settings) -> Environment {
    Environment {
        settings: *s,
        ..env.clone()
    }
}

/// `pull`: the inventory's fields that take the live values.
pub fn pull_changes(inventory: &Environment, live: &Settings) -> Vec<FieldChange> {
    inventory.changes(&with_settings(inventory, live))
}

/// `push`: the live fields that take the inventory's values (old = live).
pub fn push_changes(inventory: &Environment, live: &Settings) -> Vec<FieldChange> {
    with_settings(inventory, live).changes(inventory)
}

/// The Dataverse column of a settings field of [`Environment::fields`].
pub fn column(field: &str) -> Option<&'static str> {
    Some(match field {
        "session_timeout" => "sessiontimeoutenabled",
        "session_length" => "sessiontimeoutinmins",
        "session_warning" => "sessiontimeoutreminderinmins",
        "inactivity_timeout" => "inactivitytimeoutenabled",
        "inactivity" => "inactivitytimeoutinmins",
        "inactivity_warning" => "inactivitytimeoutreminderinmins",
        _ => return None,
    })
}

/// The PATCH body: only the columns of `changes`, with `wanted`'s values.
pub fn patch_body(
    changes: &[FieldChange],
    wanted: &Settings,
) -> serde_json::Map<String, serde_json::Value> {
    use serde_json::Value;
    let mut body = serde_json::Map::new();
    for c in changes {
        let value = match c.field {
            "session_timeout" => Value::from(wanted.session_enabled),
            "session_length" => Value::from(wanted.session_length_min),
            "session_warning" => Value::from(wanted.session_warning_min),
            "inactivity_timeout" => Value::from(wanted.inactivity_enabled),
            "inactivity" => wanted.inactivity_min.map_or(Value::Null, Value::from),
            "inactivity_warning" => Value::from(wanted.inactivity_warning_min),
            _ => continue,
        };
        if let Some(col) = column(c.field) {
            body.insert(col.to_string(), value);
        }
    }
    body
}

/// URLs are the same environment without case and trailing `/`.
pub fn same_url(a: &str, b: &str) -> bool {
    a.trim_end_matches('/')
        .eq_ignore_ascii_case(b.trim_end_matches('/'))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    Added,
    Updated,
    Unchanged,
    Skipped,
    Invalid,
}

/// One environment of the admin API's list, and what `discover` does.
#[derive(Debug, Clone)]
pub struct Discovered {
    pub found: Found,
    pub name: String,
    pub url: Option<String>,
    pub changes: Vec<FieldChange>,
    /// As stored now (updated, unchanged).
    pub before: Option<Environment>,
    /// To create (added) or as it becomes (updated).
    pub after: Option<Environment>,
    pub violations: Vec<crate::error::Violation>,
}

/// `discover`: each listed environment with Dataverse that the inventory
/// lacks (by URL) is added, one it has gets its version, one without
/// Dataverse is skipped. Names come from `domainName` (else the display
/// name, else the id) and must pass V6 against the inventory and each other.
pub fn discover(inventory: &[Environment], listed: &[Listed], now: &str) -> Vec<Discovered> {
    let mut taken: HashSet<String> = inventory.iter().map(|e| name_key(&e.name)).collect();
    let mut out = Vec::with_capacity(listed.len());
    for l in listed {
        let Some(d) = &l.dataverse else {
            out.push(skipped(l));
            continue;
        };
        let have = inventory.iter().find(|e| {
            e.url
                .as_deref()
                .is_some_and(|u| same_url(u, &d.instance_url))
        });
        out.push(match have {
            Some(have) => updated(have, d),
            None => added(l, d, now, &mut taken),
        });
    }
    out
}

/// A listed environment without Dataverse: nothing to keep.
fn skipped(l: &Listed) -> Discovered {
    Discovered {
        found: Found::Skipped,
        name: l.display_name.clone().unwrap_or_else(|| l.id.clone()),
        url: None,
        changes: Vec::new(),
        before: None,
        after: None,
        violations: Vec::new(),
    }
}

/// An environment the inventory has: it takes the listed version.
fn updated(have: &Environment, d: &Dataverse) -> Discovered {
    let after = Environment {
        version: d.version.clone().or_else(|| have.version.clone()),
        ..have.clone()
    };
    let violations: Vec<_> = after
        .version
        .as_deref()
        .and_then(rules::check_version)
        .into_iter()
        .collect();
    let changes = have.changes(&after);
    let found = if !violations.is_empty() {
        Found::Invalid
    } else if changes.is_empty() {
        Found::Unchanged
    } else {
        Found::Updated
    };
    Discovered {
        found,
        name: have.name.clone(),
        url: have.url.clone(),
        changes,
        before: Some(have.clone()),
        after: Some(after),
        violations,
    }
}

/// An environment the inventory lacks, to add under a name not `taken`
/// (which it then takes).
fn added(l: &Listed, d: &Dataverse, now: &str, taken: &mut HashSet<String>) -> Discovered {
    let env = Environment {
        id: 0,
        name: d
            .domain_name
            .clone()
            .or_else(|| l.display_name.clone())
            .unwrap_or_else(|| l.id.clone()),
        url: Some(d.instance_url.clone()),
        version: d.version.clone(),
        description: l.display_name.clone(),
        settings: Settings::default(),
        created_at: now.to_string(),
        updated_at: now.to_string(),
    };
    let mut violations = rules::check_metadata(
        &env.name,
        env.url.as_deref(),
        env.version.as_deref(),
        env.description.as_deref(),
    );
    let key = name_key(&env.name);
    if violations.is_empty() && !taken.insert(key) {
        violations.push(rules::duplicate_name(&env.name, &env.name));
    }
    let blank = Environment {
        url: None,
        version: None,
        description: None,
        ..env.clone()
    };
    let mut changes = vec![FieldChange {
        field: "name",
        old: None,
        new: Some(env.name.clone()),
    }];
    changes.extend(blank.changes(&env));
    Discovered {
        found: if violations.is_empty() {
            Found::Added
        } else {
            Found::Invalid
        },
        name: env.name.clone(),
        url: env.url.clone(),
        changes,
        before: None,
        after: Some(env),
        violations,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tenant::admin::Dataverse;

    fn env(name: &str, url: Option<&str>) -> Environment {
        Environment {
            id: 1,
            name: name.into(),
            url: url.map(str::to_string),
            version: Some("9.2.1".into()),
            description: None,
            settings: Settings::default(),
            created_at: "t".into(),
            updated_at: "t".into(),
        }
    }

    #[test]
    fn the_patch_body_holds_only_the_changed_columns() {
        let inv = Environment {
            settings: Settings {
                inactivity_enabled: true,
                inactivity_min: Some(30),
                ..Settings::default()
            },
            ..env("p", Some("https://p.crm.dynamics.com"))
        };
        let live = Settings::default();
        let changes = push_changes(&inv, &live);
        assert_eq!(
            changes.iter().map(|c| c.field).collect::<Vec<_>>(),
            ["inactivity_timeout", "inactivity"]
        );
        assert_eq!(changes[0].old.as_deref(), Some("off"));
        let body = patch_body(&changes, &inv.settings);
        assert_eq!(
            serde_json::Value::Object(body).to_string(),
            r#"{"inactivitytimeoutenabled":true,"inactivitytimeoutinmins":30}"#
        );
        assert!(push_changes(&inv, &inv.settings).is_empty());
        let pulled = pull_changes(&inv, &live);
        assert_eq!(pulled[0].old.as_deref(), Some("on"));
        assert_eq!(pulled[0].new.as_deref(), Some("off"));
    }

    #[test]
    fn discover_adds_updates_and_skips() {
        let inventory = [env("known", Some("https://Known.crm.dynamics.com/"))];
        let dv = |url: &str, v: &str, d: &str| {
            Some(Dataverse {
                instance_url: url.into(),
                version: Some(v.into()),
                domain_name: Some(d.into()),
            })
        };
        let listed = [
            Listed {
                id: "1".into(),
                display_name: Some("Known".into()),
                dataverse: dv("https://known.crm.dynamics.com", "9.2.2", "known"),
            },
            Listed {
                id: "2".into(),
                display_name: Some("New one".into()),
                dataverse: dv("https://new.crm.dynamics.com/", "9.2.3", "new"),
            },
            Listed {
                id: "3".into(),
                display_name: Some("No Dataverse".into()),
                dataverse: None,
            },
            Listed {
                id: "4".into(),
                display_name: None,
                dataverse: dv("https://other.crm.dynamics.com/", "9.2.3", "KNOWN"),
            },
        ];
        let got = discover(&inventory, &listed, "now");
        let found: Vec<_> = got.iter().map(|d| (d.found, d.name.as_str())).collect();
        assert_eq!(
            found,
            [
                (Found::Updated, "known"),
                (Found::Added, "new"),
                (Found::Skipped, "No Dataverse"),
                (Found::Invalid, "KNOWN"),
            ]
        );
        assert_eq!(got[0].changes.len(), 1);
        assert_eq!(got[0].changes[0].field, "version");
        let added = got[1].after.as_ref().unwrap();
        assert_eq!(added.description.as_deref(), Some("New one"));
        assert_eq!(added.url.as_deref(), Some("https://new.crm.dynamics.com/"));
        assert_eq!(got[3].violations[0].code, crate::error::Code::V6);
    }
}
