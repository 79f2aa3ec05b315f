//! The inventory written out: as a policy file (TOML or JSON) that `apply`
//! reads back to zero changes, as Dataverse Web API bodies, and as a `pac`
//! script.

use serde_json::{Map, Value, json};

use crate::duration::format_min;
use crate::model::{DEFAULT_SESSION_LENGTH_MIN, DEFAULT_SESSION_WARNING_MIN, Environment, Tenant};
use crate::shell::sh_quote;

/// A TOML basic string.
pub fn toml_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            // SPEC §2's characters too (bidi, zero-width, U+FEFF): the file
            // shows them as escapes yet reads back as the same value.
            c if crate::text::is_forbidden(c, false) => {
                out.push_str(&format!("\\u{:04X}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The keys of one environment, in policy-file order, as (key, value):
/// the least that `apply` turns back into exactly these settings.
fn keys(e: &Environment) -> Vec<(&'static str, Value)> {
    let mut k: Vec<(&'static str, Value)> = vec![("name", json!(e.name))];
    if let Some(u) = &e.url {
        k.push(("url", json!(u)));
    }
    if let Some(v) = &e.version {
        k.push(("version", json!(v)));
    }
    if let Some(d) = &e.description {
        k.push(("description", json!(d)));
    }
    let s = &e.settings;
    let kept = s.session_length_min != DEFAULT_SESSION_LENGTH_MIN
        || s.session_warning_min != DEFAULT_SESSION_WARNING_MIN;
    if s.session_enabled || kept {
        if !s.session_enabled {
            k.push(("session_timeout", json!(false)));
        }
        k.push(("session_length", json!(format_min(s.session_length_min))));
        k.push(("session_warning", json!(format_min(s.session_warning_min))));
    }
    if let Some(a) = s.inactivity_min {
        if !s.inactivity_enabled {
            k.push(("inactivity_timeout", json!(false)));
        }
        k.push(("inactivity", json!(format_min(a))));
        k.push((
            "inactivity_warning",
            json!(format_min(s.inactivity_warning_min)),
        ));
    }
    k
}

/// A policy file in TOML.
pub fn toml(envs: &[Environment], tenant: &Tenant) -> String {
    let mut out = String::with_capacity(64 + envs.len() * 200);
    out.push_str("# sessadm policy: the Privacy + Security session settings of ");
    out.push_str(&format!(
        "{} environment{}.\n# Check it with `sessadm validate FILE`, apply it with `sessadm apply FILE`.\n\n",
        envs.len(),
        if envs.len() == 1 { "" } else { "s" }
    ));
    out.push_str("[tenant]\ntoken_lifetime = ");
    out.push_str(&toml_str(&format_min(tenant.token_lifetime_min)));
    out.push('\n');
    for e in envs {
        out.push_str("\n[[environments]]\n");
        for (key, value) in keys(e) {
            out.push_str(key);
            out.push_str(" = ");
            match value {
                Value::String(s) => out.push_str(&toml_str(&s)),
                other => out.push_str(&other.to_string()),
            }
            out.push('\n');
        }
    }
    out
}

/// A policy file in JSON: the same structure as the TOML.
pub fn json(envs: &[Environment], tenant: &Tenant) -> String {
    let environments: Vec<Value> = envs
        .iter()
        .map(|e| {
            let mut m = Map::new();
            for (k, v) in keys(e) {
                m.insert(k.to_string(), v);
            }
            Value::Object(m)
        })
        .collect();
    let doc = json!({
        "tenant": {"token_lifetime": format_min(tenant.token_lifetime_min)},
        "environments": environments,
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

/// The six `organization` columns of SPEC §2 for one environment.
pub fn organization(e: &Environment) -> Value {
    let s = &e.settings;
    let values = [
        json!(s.session_enabled),
        json!(s.session_length_min),
        json!(s.session_warning_min),
        json!(s.inactivity_enabled),
        json!(s.inactivity_min),
        json!(s.inactivity_warning_min),
    ];
    Value::Object(
        super::dataverse::COLUMNS
            .iter()
            .zip(values)
            .map(|(c, v)| (c.to_string(), v))
            .collect(),
    )
}

/// Bodies for `PATCH .../api/data/v9.2/organizations(<id>)`.
pub fn dataverse(envs: &[Environment]) -> String {
    let all: Vec<Value> = envs
        .iter()
        .map(|e| json!({"name": e.name, "url": e.url, "organization": organization(e)}))
        .collect();
    let mut s = serde_json::to_string_pretty(&all).unwrap_or_default();
    s.push('\n');
    s
}

/// A POSIX sh script of `pac env update-settings` calls (SPEC §7): pac 1.32
/// renamed `pac org` to `pac env`; the header tells users of an older pac.
pub fn pac(envs: &[Environment], tenant: &Tenant) -> String {
    let mut out = String::from(
        "#!/bin/sh\n\
         # The Privacy + Security session settings, for the Power Platform CLI.\n\
         # Written by `sessadm export --format pac`; run it where pac is signed in.\n\
         # Every value is in single quotes on purpose: nothing in it is expanded.\n\
         # pac 1.32 renamed `pac org` to `pac env`. On an older pac, replace `pac env`\n\
         # with `pac org`: `pac org update-settings` takes the same arguments.\n\
         # shellcheck disable=SC2016\n\
         set -eu\n",
    );
    out.push_str(&format!(
        "\n# The token lifetime ({}) is a Microsoft Entra ID setting, not an environment's.\n",
        format_min(tenant.token_lifetime_min)
    ));
    for e in envs {
        // A comment shows the name escaped: a line break stored by other
        // means cannot end it early, nor can other controls act on a
        // terminal the script is shown on.
        let name = crate::text::escape(&e.name);
        let Some(url) = &e.url else {
            out.push_str(&format!(
                "\n# {name}: skipped, no URL to address it by (set one with: {})\n",
                crate::text::escape(&crate::shell::env_command(
                    "update",
                    "--url https://...",
                    &e.name
                ))
            ));
            continue;
        };
        out.push_str(&format!("\n# {name}\n"));
        let org = organization(e);
        for column in super::dataverse::COLUMNS {
            let value = match &org[column] {
                Value::Null => {
                    out.push_str(&format!("# {column}: not set\n"));
                    continue;
                }
                v => v.to_string(),
            };
            out.push_str(&format!(
                "pac env update-settings --environment {} --name {} --value {}\n",
                sh_quote(url),
                sh_quote(column),
                sh_quote(&value)
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_strings_escape() {
        assert_eq!(toml_str("a\"b\\c\nd"), r#""a\"b\\c\nd""#);
        assert_eq!(toml_str("é€"), "\"é€\"");
        assert_eq!(toml_str("a\u{202e}b\u{85}"), r#""a\u202Eb\u0085""#);
    }
}
