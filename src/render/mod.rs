//! Output for people (tables, wrapped text) and scripts (JSON).
//!
//! Each command computes one serde value; JSON is that value serialised,
//! and the table is drawn from the same value, never from separate
//! computations. At a terminal tables and text fit its width; elsewhere
//! nothing is wrapped.

pub mod env;
pub mod html;
pub mod policy;
pub mod rules;
pub mod sim;
pub mod tenant;
pub mod whatif;

use comfy_table::{Attribute, Cell, ContentArrangement, Table, presets};
use serde::Serialize;

use crate::error::Error;

/// How output is laid out: the width of the terminal, whether to wrap to
/// it, and whether colour may be used.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub width: u16,
    pub colour: bool,
    /// At a terminal, tables and text fit `width`; elsewhere nothing is
    /// wrapped, so that `grep` finds every value whole.
    pub wrap: bool,
}

/// Cells narrower than this are never asked for: a word longer than its
/// column's share is cut with "…" rather than broken.
const MIN_COLUMN: usize = 8;

impl Style {
    /// A table with sessadm's look: light rules; wrapped to the terminal at
    /// a terminal, never wrapped elsewhere. Print it with [`Style::render`].
    pub fn table(&self) -> Table {
        let mut t = Table::new();
        t.load_style(presets::UTF8_FULL_CONDENSED.with_rounded_corners());
        if self.wrap {
            t.set_content_arrangement(ContentArrangement::Dynamic)
                .set_width(self.width);
        } else {
            t.set_content_arrangement(ContentArrangement::Disabled);
        }
        if self.colour {
            t.enforce_styling();
        } else {
            t.force_no_tty();
        }
        t
    }

    /// The width text is wrapped to: the terminal's, or none off a terminal.
    pub fn text_width(&self) -> usize {
        if self.wrap {
            usize::from(self.width)
        } else {
            usize::MAX
        }
    }

    /// The table as text, ending with a newline. At a terminal a cell wraps
    /// only at spaces: every column is at least as wide as its longest word
    /// (a name, URL, version, actor, `old → new`), and when the terminal is
    /// too narrow for that, the longest words are cut with "…" instead of
    /// being broken.
    pub fn render(&self, mut t: Table) -> String {
        if !self.wrap {
            return format!("{t}\n");
        }
        let columns = t.column_count();
        let measure = |t: &Table, i: usize, of: fn(&str) -> usize| -> usize {
            t.column_cells_with_header_iter(i)
                .flatten()
                .map(|c| c.content().lines().map(of).max().unwrap_or(0))
                .max()
                .unwrap_or(0)
        };
        let longest_word = |l: &str| {
            l.split_whitespace()
                .map(|w| w.chars().count())
                .max()
                .unwrap_or(0)
        };
        let line_width = |l: &str| l.chars().count();
        let whole: Vec<usize> = (0..columns).map(|i| measure(&t, i, line_width)).collect();
        // Borders and padding: "│ " before each column, " │" at the end.
        let room = usize::from(self.width).saturating_sub(3 * columns + 1);
        if whole.iter().sum::<usize>() <= room {
            return format!("{t}\n");
        }
        let mut floor: Vec<usize> = (0..columns).map(|i| measure(&t, i, longest_word)).collect();
        if floor.iter().sum::<usize>() > room {
            // Not even the longest words fit: cut them, never break them.
            floor = share(&floor, room);
            t = cut_words(&t, &floor, self);
        }
        // Narrow the widest columns first, none below its longest word.
        let mut widths = whole;
        while widths.iter().sum::<usize>() > room {
            let Some((i, _)) = widths
                .iter()
                .zip(&floor)
                .enumerate()
                .filter(|(_, (w, f))| w > f)
                .max_by_key(|(_, (w, _))| **w)
            else {
                break;
            };
            widths[i] -= 1;
        }
        for (i, w) in widths.iter().enumerate() {
            if let Some(col) = t.column_mut(i) {
                // The width comfy-table is given includes the padding.
                col.set_constraint(comfy_table::ColumnConstraint::Absolute(
                    comfy_table::Width::Fixed(u16::try_from(*w + 2).unwrap_or(u16::MAX)),
                ));
            }
        }
        format!("{t}\n")
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

/// Each column's share of `room`: its longest word when all fit, else the
/// longest words shortened first, none below [`MIN_COLUMN`] (or its own
/// longest word, when shorter).
fn share(longest: &[usize], room: usize) -> Vec<usize> {
    let mut caps = longest.to_vec();
    while caps.iter().sum::<usize>() > room {
        // Shorten the widest column by one, down to the floor.
        let Some((i, _)) = caps
            .iter()
            .enumerate()
            .filter(|(_, c)| **c > MIN_COLUMN)
            .max_by_key(|(_, c)| **c)
        else {
            break;
        };
        caps[i] -= 1;
    }
    caps
}

/// A copy of `t` whose words longer than their column's cap end in "…".
fn cut_words(t: &Table, caps: &[usize], style: &Style) -> Table {
    let cut = |text: &str, cap: usize| -> String {
        text.lines()
            .map(|line| {
                line.split(' ')
                    .map(|w| {
                        if w.chars().count() > cap {
                            let keep: String = w.chars().take(cap.saturating_sub(1)).collect();
                            format!("{keep}…")
                        } else {
                            w.to_string()
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    let mut out = style.table();
    let row = |cells: &mut dyn Iterator<Item = &Cell>| -> Vec<Cell> {
        cells
            .enumerate()
            .map(|(i, c)| {
                Cell::new(cut(
                    &c.content(),
                    caps.get(i).copied().unwrap_or(usize::MAX),
                ))
            })
            .collect()
    };
    if let Some(h) = t.header() {
        let cells = row(&mut h.cell_iter());
        out.set_header(
            cells
                .into_iter()
                .map(|c| style_head(style, c))
                .collect::<Vec<_>>(),
        );
    }
    for r in t.row_iter() {
        out.add_row(row(&mut r.cell_iter()));
    }
    out
}

fn style_head(style: &Style, c: Cell) -> Cell {
    if style.colour {
        c.add_attribute(Attribute::Bold)
    } else {
        c
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
        .map_err(|e| Error::Io(format!("cannot serialise output: {e}").into()))?;
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
