//! `sessadm rules` for people: each rule as a short wrapped paragraph.

use super::{Style, wrap};
use crate::rules::{Page, Rule};
use crate::term::paint;

pub fn rules(style: &Style, rules: &[&Rule]) -> String {
    let width = style.text_width().max(40);
    let mut out = String::new();
    for (i, r) in rules.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let id = format!("{:<4}", r.id);
        out.push_str(&paint(style.colour, "1", &id));
        out.push(' ');
        out.push_str(&wrap(r.statement, width, 5));
        out.push('\n');
        for s in r.source.iter().chain(r.other_sources) {
            out.push_str("     ");
            let text = format!("Source: {} — “{}”", page(s.page), s.quote);
            out.push_str(&wrap(&text, width, 5));
            out.push('\n');
        }
        if let Some(own) = r.own_choice {
            out.push_str("     ");
            let text = format!("sessadm's own choice: {own}.");
            out.push_str(&paint(style.colour, "2", &wrap(&text, width, 5)));
            out.push('\n');
        }
    }
    out
}

/// A page as a reader looks it up: its title, what it covers and, where it
/// has one, its address (kept whole by `wrap`: it is one word).
fn page(p: &Page) -> String {
    match p.url {
        Some(url) => format!("{} ({}), {url}", p.title, p.covers),
        None => format!("{} ({})", p.title, p.covers),
    }
}
