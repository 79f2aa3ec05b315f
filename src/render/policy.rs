//! Plans of `apply`, changes of `import-dataverse` and reports of `audit`,
//! for people.

use super::env::or_dash;
use super::{Style, clean, wrap};
use crate::audit::Report;
use crate::audit::Verdict;
use crate::model::EnvironmentView;
use crate::policy::plan::{Action, Applied, FieldChange};
use crate::term::paint;

fn change_line(c: &FieldChange) -> String {
    format!("{}: {} → {}", c.field, or_dash(&c.old), or_dash(&c.new))
}

/// One line per changed field, `field: old → new`, indented by 12 and
/// wrapped to `width`: the plan's rendering of a change, wherever a change
/// is shown.
fn push_changes(out: &mut String, changes: &[FieldChange], width: usize) {
    for c in changes {
        out.push_str("            ");
        out.push_str(&wrap(&change_line(c), width, 14));
        out.push('\n');
    }
}

/// What `import-dataverse` changed, field by field as `apply` shows it,
/// then the environment as it is now.
pub fn imported(
    style: &Style,
    file: &str,
    changes: &[FieldChange],
    env: &EnvironmentView,
) -> String {
    let width = style.text_width();
    let (file, name) = (clean(file), clean(&env.name));
    let title = if changes.is_empty() {
        format!("Imported {file}: {name} already has these settings — nothing changed.")
    } else {
        format!("Imported {file} into {name}:")
    };
    let mut out = paint(style.colour, "1", &wrap(&title, width, 2));
    out.push('\n');
    push_changes(&mut out, changes, width);
    out.push_str(&super::env::environment(style, env));
    out
}

/// The plan: one line per environment, then its field changes.
pub fn plan(style: &Style, a: &Applied<'_>) -> String {
    let width = style.text_width();
    let mut out = String::new();
    let title = if a.dry_run {
        format!("Plan for {} (dry run: nothing is changed)", a.file)
    } else if a.applied {
        format!("Applied {}", a.file)
    } else {
        format!("Plan for {}", a.file)
    };
    out.push_str(&paint(style.colour, "1", &wrap(&title, width, 2)));
    out.push('\n');
    for step in &a.plan.environments {
        let (mark, word, code) = match step.action {
            Action::Create => ("+", "create", "32"),
            Action::Change => ("~", "change", "33"),
            Action::Delete => ("-", "delete", "31"),
            Action::Unchanged => ("=", "unchanged", "2"),
        };
        let head = format!("{mark} {word:<9} {}", wrap(&clean(&step.name), width, 12));
        out.push_str(&paint(style.colour, code, &head));
        out.push('\n');
        push_changes(&mut out, &step.changes, width);
    }
    if let Some(t) = &a.plan.tenant {
        let head = match t.action {
            Action::Change => "~ change    tenant",
            _ => "= unchanged tenant",
        };
        out.push_str(&paint(style.colour, "1", head));
        out.push('\n');
        push_changes(&mut out, &t.changes, width);
    }
    let s = &a.plan.summary;
    out.push_str(&format!(
        "{} to create, {} to change, {} to delete, {} unchanged{}.\n",
        s.create,
        s.change,
        s.delete,
        s.unchanged,
        if !a.applied || !a.plan.has_changes() {
            ""
        } else {
            " — done"
        }
    ));
    out
}

/// The audit: per environment, one line per check, then the note.
pub fn audit(style: &Style, r: &Report) -> String {
    let width = style.text_width();
    let mut out = String::new();
    if r.environments.is_empty() {
        out.push_str("No environments to audit.\n");
    }
    for e in &r.environments {
        out.push_str(&paint(style.colour, "1", &clean(&e.name)));
        out.push('\n');
        for c in &e.checks {
            let (word, code) = match c.result {
                Verdict::Pass => ("PASS", "32"),
                Verdict::Warn => ("WARN", "33"),
                Verdict::Fail => ("FAIL", "31"),
            };
            let level = match c.level {
                crate::audit::Level::Shall => "SHALL",
                crate::audit::Level::Should => "SHOULD",
            };
            let text = format!(
                "{} {} ({level}): {} — found: {}",
                c.baseline,
                c.requirement,
                c.check,
                clean(&c.found)
            );
            out.push_str("  ");
            out.push_str(&paint(style.colour, code, word));
            out.push_str("  ");
            out.push_str(&wrap(&text, width, 8));
            out.push('\n');
            if let Some(fix) = &c.fix {
                out.push_str("        fix: ");
                out.push_str(&wrap(&clean(fix), width, 13));
                out.push('\n');
            }
        }
    }
    let s = &r.summary;
    out.push_str(&format!(
        "\n{} pass, {} warn, {} fail{}\n",
        s.pass,
        s.warn,
        s.fail,
        if r.strict {
            " (strict: warnings fail)"
        } else {
            ""
        }
    ));
    out.push_str(&wrap(&format!("Note — {}", r.note), width, 0));
    out.push('\n');
    out
}
