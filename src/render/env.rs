//! Tables for environments, their history and the tenant.

use super::{Style, clean};
use crate::duration::format_min;
use crate::model::{
    DEFAULT_SESSION_LENGTH_MIN, DEFAULT_SESSION_WARNING_MIN, EnvironmentView, HistoryEntry,
    TenantView, is_legacy_version,
};

fn warned(w: u32) -> String {
    if w == 0 {
        "no warning".to_string()
    } else {
        format!("warning {} before", format_min(w))
    }
}

/// What governs the session length of this environment, in words.
pub fn session_summary(e: &EnvironmentView, short: bool) -> String {
    let s = &e.session_timeout;
    if s.enabled {
        return if short {
            format!(
                "{}, warn {}",
                format_min(s.length_min),
                format_min(s.warning_min)
            )
        } else {
            format!(
                "on: {}, {} (S5)",
                format_min(s.length_min),
                warned(s.warning_min)
            )
        };
    }
    let kept = if s.length_min != DEFAULT_SESSION_LENGTH_MIN
        || s.warning_min != DEFAULT_SESSION_WARNING_MIN
    {
        format!(
            " ({}, warn {} kept)",
            format_min(s.length_min),
            format_min(s.warning_min)
        )
    } else {
        String::new()
    };
    match (is_legacy_version(e.version.as_deref()), short) {
        (true, true) => format!("off: 24h max{kept}"),
        (true, false) => format!("off: 24h maximum session, before 9.1.0.3647 (S8){kept}"),
        (false, true) => format!("off: Entra policy{kept}"),
        (false, false) => format!("off: Entra session policy, token lifetime (S1){kept}"),
    }
}

/// The inactivity timeout in words.
pub fn inactivity_summary(e: &EnvironmentView, short: bool) -> String {
    let i = &e.inactivity_timeout;
    match (i.enabled, i.after_min) {
        (true, Some(a)) if short => {
            format!("{}, warn {}", format_min(a), format_min(i.warning_min))
        }
        (true, Some(a)) => format!("on: {}, {} (S6)", format_min(a), warned(i.warning_min)),
        (_, Some(a)) => format!("off ({} kept)", format_min(a)),
        (_, None) => "off".to_string(),
    }
}

/// An optional value for a table: cleaned, or a dash when absent.
pub(super) fn or_dash(v: &Option<String>) -> String {
    v.as_deref()
        .map_or_else(|| "—".to_string(), |s| clean(s).into_owned())
}

/// `env show`: one environment, field by field.
pub fn environment(style: &Style, e: &EnvironmentView) -> String {
    let mut t = style.table();
    let version = match e.version.as_deref().map(clean) {
        Some(v) if is_legacy_version(Some(&v)) => format!("{v} (before 9.1.0.3647)"),
        Some(v) => v.into_owned(),
        None => "— (current)".to_string(),
    };
    let rows = [
        ("Name", clean(&e.name).into_owned()),
        ("URL", or_dash(&e.url)),
        ("Version", version),
        ("Description", or_dash(&e.description)),
        ("Session timeout", session_summary(e, false)),
        ("Inactivity timeout", inactivity_summary(e, false)),
        ("Created", or_dash(&e.created_at)),
        ("Updated", or_dash(&e.updated_at)),
    ];
    for (k, v) in rows {
        t.add_row(vec![style.head(k), comfy_table::Cell::new(v)]);
    }
    style.render(t)
}

/// `env list`: one row per environment.
pub fn environments(style: &Style, envs: &[EnvironmentView]) -> String {
    if envs.is_empty() {
        return "No environments yet: add one with `sessadm env add NAME`.\n".to_string();
    }
    let mut t = style.table();
    t.set_header(vec![
        style.head("NAME"),
        style.head("VERSION"),
        style.head("SESSION TIMEOUT"),
        style.head("INACTIVITY"),
    ]);
    for e in envs {
        t.add_row(vec![
            comfy_table::Cell::new(clean(&e.name)),
            comfy_table::Cell::new(clean(e.version.as_deref().unwrap_or("current"))),
            comfy_table::Cell::new(session_summary(e, true)),
            comfy_table::Cell::new(inactivity_summary(e, true)),
        ]);
    }
    style.render(t)
}

/// `env history`: newest first.
pub fn history(style: &Style, rows: &[HistoryEntry]) -> String {
    if rows.is_empty() {
        return "No changes recorded.\n".to_string();
    }
    let mut t = style.table();
    t.set_header(vec![
        style.head("AT (UTC)"),
        style.head("ACTOR"),
        style.head("ENVIRONMENT"),
        style.head("CHANGE"),
    ]);
    for h in rows {
        // Every column is as stored: a hand edit may have put anything there.
        let change = match h.field.as_str() {
            "created" | "deleted" => h.field.clone(),
            f => format!("{}: {} → {}", clean(f), or_dash(&h.old), or_dash(&h.new)),
        };
        t.add_row(vec![
            comfy_table::Cell::new(clean(&h.at)),
            comfy_table::Cell::new(clean(&h.actor)),
            comfy_table::Cell::new(clean(h.environment.as_deref().unwrap_or("(tenant)"))),
            comfy_table::Cell::new(change),
        ]);
    }
    // The time stays on one line; the other columns wrap.
    if let Some(c) = t.column_mut(0) {
        c.set_constraint(comfy_table::ColumnConstraint::ContentWidth);
    }
    style.render(t)
}

/// `tenant show`.
pub fn tenant(style: &Style, t: &TenantView) -> String {
    let mut table = style.table();
    table.add_row(vec![
        style.head("Token lifetime"),
        comfy_table::Cell::new(format!(
            "{} (Entra ID asks for credentials again, S1)",
            format_min(t.token_lifetime_min)
        )),
    ]);
    table.add_row(vec![
        style.head("Policy check interval"),
        comfy_table::Cell::new(format!(
            "{} (fixed: the hourly token refresh, S2)",
            format_min(t.policy_check_interval_min)
        )),
    ]);
    style.render(table)
}
