//! `discover`, `pull` and `push` for people: one line per environment with
//! its status, its changes as `field: old → new`, a failure's reason, and a
//! summary. The same [`Report`] the JSON is.

use super::env::or_dash;
use super::{Style, clean};
use crate::tenant::{Report, Status};
use crate::term::paint;

pub fn report(style: &Style, r: &Report, verb: &str) -> String {
    let mut out = String::new();
    let width = r
        .environments
        .iter()
        .map(|e| clean(&e.name).chars().count())
        .max()
        .unwrap_or(0);
    for e in &r.environments {
        let status = match (e.status, r.dry_run) {
            (Status::Changed, true) => "would change",
            (Status::Added, true) => "would add",
            (Status::Updated, true) => "would update",
            (s, _) => s.as_str(),
        };
        let colour = match e.status {
            Status::Failed => "31",
            Status::Changed | Status::Added | Status::Updated => "33",
            _ => "2",
        };
        let name = clean(&e.name);
        let pad = width.saturating_sub(name.chars().count());
        out.push_str(&format!(
            "{name}{}  {}\n",
            " ".repeat(pad),
            paint(style.colour, colour, status)
        ));
        for c in &e.changes {
            out.push_str(&format!(
                "    {}: {} → {}\n",
                c.field,
                or_dash(&c.old),
                or_dash(&c.new)
            ));
        }
        if let Some(err) = &e.error {
            out.push_str(&format!("    {}\n", clean(err)));
        }
    }
    let counts: Vec<String> = r
        .summary
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(s, n)| format!("{n} {s}"))
        .collect();
    let total = r.environments.len();
    out.push_str(&format!(
        "{verb}: {total} environment{}{}{}\n",
        if total == 1 { "" } else { "s" },
        if counts.is_empty() { "" } else { ": " },
        counts.join(", ")
    ));
    out
}
