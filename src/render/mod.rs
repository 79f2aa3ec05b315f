//! Output for people (tables, wrapped text) and scripts (JSON).
//!
//! Each command computes one serde value; JSON is that value serialised,
//! and the table is drawn from the same value, never from separate
//! computations. Tables fit the width they are given (80 off a terminal).

pub mod env;
pub mod policy;
pub mod rules;
pub mod sim;
pub mod whatif;

use comfy_table::{Attribute, Cell, ContentArrangement, Table, presets};
use serde::Serialize;

use crate::error::Error;

/// How a table is laid out: width and whether it may use colour.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub width: u16,
    pub colour: bool,
}

impl Style {
    /// A table with sessadm's look: light rules, wrapped cells.
    pub fn table(&self) -> Table {
        let mut t = Table::new();
        t.load_style(presets::UTF8_FULL_CONDENSED.with_rounded_corners())
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_width(self.width);
        if self.colour {
            t.enforce_styling();
        } else {
            t.force_no_tty();
        }
        t
    }

    /// A header cell: bold when colour is on.
    pub fn head(&self, text: &str) -> Cell {
        let c = Cell::new(text);
        if self.colour {
            c.add_attribute(Attribute::Bold)
        } else {
            c
        }
    }

    /// A de-emphasised cell (dim when colour is on).
    pub fn dim(&self, text: &str) -> Cell {
        let c = Cell::new(text);
        if self.colour {
            c.add_attribute(Attribute::Dim)
        } else {
            c
        }
    }
}

/// Text from users (names, descriptions, URLs, actors) made safe for a
/// terminal: every character SPEC §2 refuses at input (C0/C1 controls,
/// bidi overrides and isolates, zero-width characters, U+FEFF) is shown as
/// an escape such as `\u{1b}`, so no value stored by other means can move
/// the cursor, retitle the window or reorder what is read. JSON output keeps
/// the exact value.
pub fn clean(s: &str) -> std::borrow::Cow<'_, str> {
    crate::text::escape(s)
}

/// Serialise for scripts: pretty, with a final newline.
pub fn json<T: Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    let mut s = serde_json::to_string_pretty(value)
        .map_err(|e| Error::Io(format!("cannot serialise output: {e}")))?;
    s.push('\n');
    Ok(s)
}

/// Wrap `text` to `width` columns, indenting continuation lines by
/// `indent` spaces (the first line is the caller's).
pub fn wrap(text: &str, width: usize, indent: usize) -> String {
    let mut out = String::new();
    let mut col = indent;
    let mut first = true;
    let room = width.saturating_sub(indent).max(10);
    // Words longer than a line are cut into pieces that fit.
    let pieces = text.split_whitespace().flat_map(|w| {
        let chars: Vec<char> = w.chars().collect();
        chars
            .chunks(room)
            .map(|c| c.iter().collect::<String>())
            .collect::<Vec<_>>()
    });
    for word in pieces {
        let word = word.as_str();
        let len = word.chars().count();
        if !first && col + 1 + len > width {
            out.push('\n');
            out.push_str(&" ".repeat(indent));
            col = indent;
        } else if !first {
            out.push(' ');
            col += 1;
        }
        out.push_str(word);
        col += len;
        first = false;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_shown_not_sent() {
        assert_eq!(
            clean("a\u{1b}]0;x\u{7}\u{1b}[2J\nb"),
            "a\\u{1b}]0;x\\u{7}\\u{1b}[2J\\nb"
        );
        assert_eq!(clean("invoice\u{202e}gnp.exe"), "invoice\\u{202e}gnp.exe");
        assert_eq!(
            clean("a\u{85}\u{200b}\u{feff}"),
            "a\\u{85}\\u{200b}\\u{feff}"
        );
        assert!(matches!(clean("plain é"), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn wrap_keeps_to_the_width() {
        let w = wrap(
            "one two three four five six seven eight nine ten eleven twelve",
            20,
            4,
        );
        for line in w.lines() {
            assert!(line.chars().count() <= 20, "{line:?}");
        }
        assert!(w.lines().skip(1).all(|l| l.starts_with("    ")));
        assert_eq!(w.split_whitespace().count(), 12, "no word is lost in {w:?}");
    }
}
