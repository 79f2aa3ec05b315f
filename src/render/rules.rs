//! `sessadm rules` for people: each rule as a short wrapped paragraph.

use super::{Style, wrap};
use crate::rules::Rule;
use crate::term::paint;

pub fn rules(style: &Style, rules: &[&Rule]) -> String {
    let width = usize::from(style.width).max(40);
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
        if let Some(s) = &r.source {
            out.push_str("     ");
            let text = format!("Source: {} — “{}”", s.seed, s.quote);
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
