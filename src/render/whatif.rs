//! `whatif` for people: the side-by-side table and a chart of forced
//! sign-outs by hour of the day.

use comfy_table::{Cell, CellAlignment};

use super::Style;
use crate::duration::format_minutes;
use crate::term::paint;
use crate::whatif::{Population, WhatIf};

pub(crate) fn signed_f(d: f64, places: usize) -> String {
    if d > 0.0 {
        format!("+{d:.places$}")
    } else {
        format!("{d:.places$}")
    }
}

/// b − a of two counts, signed ("+3", "0", "-2"), exact for any counts.
pub(crate) fn count_diff(a: u64, b: u64) -> String {
    match b.cmp(&a) {
        std::cmp::Ordering::Equal => "0".into(),
        std::cmp::Ordering::Greater => format!("+{}", b - a),
        std::cmp::Ordering::Less => format!("-{}", a - b),
    }
}

/// A difference in minutes, signed like the other differences in its
/// column (ASCII "+" and "-").
fn minutes_diff(a: u64, b: u64) -> String {
    match b.cmp(&a) {
        std::cmp::Ordering::Equal => "0".into(),
        std::cmp::Ordering::Greater => format!("+{}", format_minutes(b - a)),
        std::cmp::Ordering::Less => format!("-{}", format_minutes(a - b)),
    }
}

/// "What if prod changed: inactivity: 30m → 15m"
pub fn title(w: &WhatIf) -> String {
    format!(
        "What if {} changed: {}",
        super::clean(&w.environment),
        if w.changes.is_empty() {
            "nothing".to_string()
        } else {
            super::clean(&w.changes.join(", ")).into_owned()
        }
    )
}

/// One figure of both sides, as the table and the page show it.
pub struct Row {
    pub name: String,
    pub current: String,
    pub proposed: String,
    pub difference: String,
}

fn row(name: impl Into<String>, current: String, proposed: String, difference: String) -> Row {
    Row {
        name: name.into(),
        current,
        proposed,
        difference,
    }
}

/// The figures of the side-by-side table, baselines apart: the terminal's
/// table and the HTML page show the same rows.
pub fn rows(w: &WhatIf) -> Vec<Row> {
    let (c, p) = (&w.current, &w.proposed);
    let mut out = vec![row(
        "sign-ins per user per day",
        format!("{:.2}", c.sign_ins_per_user_day),
        format!("{:.2}", p.sign_ins_per_user_day),
        signed_f(p.sign_ins_per_user_day - c.sign_ins_per_user_day, 2),
    )];
    for (label, a, b) in [
        ("signed out", &c.signed_out, &p.signed_out),
        ("reauthenticate", &c.reauth_required, &p.reauth_required),
    ] {
        for (&(reason, x), &(_, y)) in a.0.iter().zip(&b.0) {
            if x != 0 || y != 0 {
                out.push(row(
                    format!("{label}: {reason}"),
                    x.to_string(),
                    y.to_string(),
                    count_diff(x, y),
                ));
            }
        }
    }
    out.extend([
        row(
            "warnings",
            c.warnings.to_string(),
            p.warnings.to_string(),
            count_diff(c.warnings, p.warnings),
        ),
        row(
            "users affected",
            format!("{:.1} %", c.users_affected_share * 100.0),
            format!("{:.1} %", p.users_affected_share * 100.0),
            format!(
                "{} pts",
                signed_f((p.users_affected_share - c.users_affected_share) * 100.0, 1)
            ),
        ),
        row(
            "median uninterrupted work",
            format_minutes(c.median_uninterrupted_min),
            format_minutes(p.median_uninterrupted_min),
            minutes_diff(c.median_uninterrupted_min, p.median_uninterrupted_min),
        ),
        row(
            "95th percentile",
            format_minutes(c.p95_uninterrupted_min),
            format_minutes(p.p95_uninterrupted_min),
            minutes_diff(c.p95_uninterrupted_min, p.p95_uninterrupted_min),
        ),
        row(
            format!("time lost signing in ({}s each)", w.cost_s),
            format!("{:.0} min", c.reauth_minutes_lost),
            format!("{:.0} min", p.reauth_minutes_lost),
            format!(
                "{} min",
                signed_f(p.reauth_minutes_lost - c.reauth_minutes_lost, 0)
            ),
        ),
    ]);
    out
}

/// Who was run, in one sentence.
pub fn who(p: &Population) -> String {
    match p {
        Population::Replay {
            file,
            users,
            events,
            ..
        } => format!("Replay of {file}: {users} users, {events} events"),
        Population::Generated {
            profile,
            users,
            days,
            seed,
            events,
            ..
        } => format!(
            "Population: {users} {profile} users × {days} working days (seed {seed}), {events} events"
        ),
    }
}

pub fn report(style: &Style, w: &WhatIf) -> String {
    let (c, p) = (&w.current, &w.proposed);
    let mut out = String::new();
    out.push_str(&paint(
        style.colour,
        "1",
        &super::wrap(&title(w), style.text_width(), 2),
    ));
    out.push('\n');
    out.push_str(&super::wrap(&who(&w.population), style.text_width(), 2));
    out.push('\n');

    let mut t = style.table();
    t.set_header(vec![
        style.head(""),
        style.head("current"),
        style.head("proposed"),
        style.head("difference"),
    ]);
    let mut row = |name: &str, a: String, b: String, d: String| {
        t.add_row(vec![
            Cell::new(name),
            Cell::new(a).set_alignment(CellAlignment::Right),
            Cell::new(b).set_alignment(CellAlignment::Right),
            Cell::new(d).set_alignment(CellAlignment::Right),
        ]);
    };
    for r in rows(w) {
        row(&r.name, r.current, r.proposed, r.difference);
    }
    for b in crate::audit::BASELINES {
        let (x, y) = (
            c.baselines_met.contains(&b.id),
            p.baselines_met.contains(&b.id),
        );
        let yes = |v: bool| if v { "meets" } else { "—" }.to_string();
        let d = match (x, y) {
            (false, true) => "gained",
            (true, false) => "lost",
            _ => "",
        };
        row(b.id, yes(x), yes(y), d.to_string());
    }
    out.push_str(&style.render(t));
    out.push_str(&chart(
        style,
        &c.forced_sign_outs_by_hour,
        &p.forced_sign_outs_by_hour,
    ));
    out
}

/// Forced sign-outs by hour of the day, both sides, one line an hour.
fn chart(style: &Style, a: &[u64], b: &[u64]) -> String {
    let max = a.iter().chain(b).copied().max().unwrap_or(0);
    let mut out = String::from("\nForced sign-outs by hour of the day (UTC): ");
    out.push_str(&paint(style.colour, "36", "█ current"));
    out.push_str("  ");
    out.push_str(&paint(style.colour, "35", "▒ proposed"));
    out.push('\n');
    if max == 0 {
        out.push_str("  none on either side\n");
        return out;
    }
    // Each side gets half of the line after the hour and the numbers.
    let room = (usize::from(style.width).saturating_sub(24) / 2).max(8);
    let bar = |n: u64, ch: &str| ch.repeat(((n * room as u64).div_ceil(max)) as usize);
    for h in 0..24 {
        let (x, y) = (
            a.get(h).copied().unwrap_or(0),
            b.get(h).copied().unwrap_or(0),
        );
        if x == 0 && y == 0 {
            continue;
        }
        let left = format!("{:<room$}", bar(x, "█"));
        out.push_str(&format!(
            "{h:02} {} {x:>6} {} {y:>6}\n",
            paint(style.colour, "36", &left),
            paint(style.colour, "35", &format!("{:<room$}", bar(y, "▒"))),
        ));
    }
    out
}
