//! Reading a TOML file that is mostly a long run of `[[NAME]]` sections a
//! few sections at a time.
//!
//! The `toml` crate holds a whole document's tokens, parser events and
//! tables at once: many times the size of the file, for a scenario of a
//! million `[[events]]` or a policy of a hundred thousand
//! `[[environments]]`. This module cuts the text at those sections' headers
//! and parses each batch of consecutive sections as a document of its own,
//! then the rest of the file as one document in which the batches are
//! blanked out. Every byte keeps its offset, so every span is the one the
//! whole parse gives.
//!
//! It must give the very tree the whole parse gives, or nothing: whenever
//! that is not certain (any error, a header such as `[events.x]` or
//! `[[ events ]]` that reaches into the sections, a key `events` written
//! another way) it answers `None`, and the caller parses the whole file,
//! which also yields the error exactly as before.

use std::ops::Range;

use toml::de::{DeTable, DeValue};
use toml_parser::lexer::TokenKind;

use super::{Node, Value, toml_node, toml_table};

/// About how many bytes of consecutive sections are parsed at a time: the
/// `toml` crate's working memory for a batch is some ten times this.
pub(super) const BATCH: usize = 64 << 10;

/// Consecutive `[[NAME]]` sections, all of one NAME, parsed together.
struct Batch {
    /// From the first section's `[` to the next header or the end.
    span: Range<usize>,
    /// NAME, in the first header.
    name: Range<usize>,
    /// How many sections.
    count: usize,
}

/// The tree of `text`, read in batches of about `batch` bytes; `None` when
/// the text has no `[[NAME]]` section, or when the result might differ from
/// parsing it whole in any way.
pub(super) fn parse(text: &str, batch: usize) -> Option<Node> {
    let batches = scan(text, batch);
    if batches.is_empty() {
        return None;
    }
    let mut names: Vec<(&str, Vec<Node>)> = Vec::new();
    let mut root = {
        let rest = blank(text, &batches, &mut names)?;
        let parsed = DeTable::parse(&rest).ok()?;
        let span = parsed.span();
        Node::new(toml_table(parsed.into_inner(), 0), span)
    };
    for b in &batches {
        let name = &text[b.name.clone()];
        let parsed = DeTable::parse(&text[b.span.clone()]).ok()?.into_inner();
        let mut entries = parsed.into_iter();
        let (key, value) = entries.next()?;
        if entries.next().is_some() || **key.get_ref() != *name {
            return None;
        }
        let DeValue::Array(items) = value.into_inner() else {
            return None;
        };
        if items.len() != b.count {
            return None;
        }
        let (_, into) = names.iter_mut().find(|(n, _)| *n == name)?;
        into.extend(items.into_iter().map(|item| toml_node(item, b.span.start)));
    }
    // Each NAME holds the one empty table its first header made in the
    // rest of the file; anything else there means the sections were
    // reached some other way too.
    let Value::Table(entries) = &mut root.value else {
        return None;
    };
    for (name, items) in names {
        let (_, node) = entries.iter_mut().find(|(k, _)| k.name == name)?;
        let Value::Array(placeholder) = &mut node.value else {
            return None;
        };
        match placeholder.as_slice() {
            [first]
                if matches!(&first.value, Value::Table(t) if t.is_empty())
                    && items.first().is_some_and(|i| i.span() == first.span()) => {}
            _ => return None,
        }
        *placeholder = items;
        placeholder.shrink_to_fit();
    }
    Some(root)
}

/// The batches of `[[NAME]]` sections in `text`, each of one NAME and of
/// about `size` bytes (at least one section).
///
/// A header is a `[` first on its line (after spaces or a comment's line),
/// outside any value: the toml crate's own lexer finds the strings, and an
/// array or inline table after `=` is followed to its end, across lines.
/// A section is an exact `[[NAME]]` with NAME a bare key; every other
/// header ends the batch before it.
fn scan(text: &str, size: usize) -> Vec<Batch> {
    enum State {
        LineStart,
        Key,
        Value(usize),
        /// A header's line: nothing on it may start another.
        Header,
    }
    let mut batches = Vec::new();
    let mut open: Option<Batch> = None;
    let mut state = State::LineStart;
    for token in toml_parser::Source::new(text).lex() {
        let kind = token.kind();
        let at = token.span().start();
        state = match (state, kind) {
            (_, TokenKind::Eof) => break,
            (State::LineStart, TokenKind::LeftSquareBracket) => {
                let name = section_name(text, at);
                let same = |b: &Batch| {
                    name.as_ref()
                        .is_some_and(|n| text[b.name.clone()] == text[n.clone()])
                };
                match &mut open {
                    Some(b) if same(b) && at - b.span.start < size => b.count += 1,
                    _ => {
                        if let Some(mut b) = open.take() {
                            b.span.end = at;
                            batches.push(b);
                        }
                        open = name.map(|name| Batch {
                            span: at..text.len(),
                            name,
                            count: 1,
                        });
                    }
                }
                State::Header
            }
            (State::LineStart, TokenKind::Whitespace | TokenKind::Comment | TokenKind::Newline) => {
                State::LineStart
            }
            (State::LineStart, _) => State::Key,
            (State::Key, TokenKind::Equals) => State::Value(0),
            (State::Value(d), TokenKind::LeftSquareBracket | TokenKind::LeftCurlyBracket) => {
                State::Value(d + 1)
            }
            (State::Value(d), TokenKind::RightSquareBracket | TokenKind::RightCurlyBracket) => {
                State::Value(d.saturating_sub(1))
            }
            (State::Value(d), TokenKind::Newline) if d > 0 => State::Value(d),
            (_, TokenKind::Newline) => State::LineStart,
            (state, _) => state,
        };
    }
    batches.extend(open);
    batches
}

/// NAME's bytes when the header at `at` is exactly `[[NAME]]` with NAME a
/// bare key.
fn section_name(text: &str, at: usize) -> Option<Range<usize>> {
    let rest = text.as_bytes().get(at..)?.strip_prefix(b"[[")?;
    let len = rest
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-'))?;
    (len > 0 && rest[len..].starts_with(b"]]")).then_some(at + 2..at + 2 + len)
}

/// `text` with every batch blanked to spaces, but for the first header of
/// each NAME (so that the rest of the file holds NAME where the whole file
/// does, in the same order among the other keys) and the last newline of
/// each batch (so that the header after it still starts a line). Few
/// tokens are left to lex. Lists each NAME in `names`.
fn blank<'t>(
    text: &'t str,
    batches: &[Batch],
    names: &mut Vec<(&'t str, Vec<Node>)>,
) -> Option<String> {
    let mut bytes = text.as_bytes().to_vec();
    for b in batches {
        let name = &text[b.name.clone()];
        let mut from = b.span.start;
        if !names.iter().any(|(n, _)| *n == name) {
            names.push((name, Vec::new()));
            from = b.name.end + 2;
        }
        let region = bytes.get_mut(from..b.span.end)?;
        let newline = memchr::memrchr(b'\n', region);
        region.fill(b' ');
        if let Some(i) = newline {
            region[i] = b'\n';
        }
    }
    // Whole characters were replaced by ASCII: this cannot fail.
    String::from_utf8(bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::located::Doc;
    use proptest::prelude::*;

    fn whole(text: &str) -> Result<Node, String> {
        Doc::new("f.toml", text)
            .parse_toml_whole()
            .map_err(|e| e.to_string())
    }

    #[test]
    fn sections_are_read_in_batches_as_the_whole_file() {
        let text = "start = 1\n[environment]\nname = \"x\"\n\n[[events]]\nat = \"+1s\"\n\
                    [[events]] # two\nat = \"+2s\"\nkind.x = 'a'\n[[other]]\n\
                    a = [\n  1,\n]\n[[events]]\nat = \"+3s\"\n";
        for size in [1, 20, 40, 1000] {
            let split = parse(text, size).expect("read in batches");
            assert_eq!(Ok(split), whole(text), "batches of {size} bytes");
        }
        let batches = scan(text, 1);
        let names: Vec<_> = batches.iter().map(|b| &text[b.name.clone()]).collect();
        assert_eq!(names, ["events", "events", "other", "events"]);
        assert_eq!(scan(text, 1000).len(), 3);
    }

    #[test]
    fn anything_uncertain_is_left_to_the_whole_parse() {
        for text in [
            // Reaching into the sections with another header.
            "[[events]]\na = 1\n[events.x]\nb = 2\n",
            "[[events]]\na = 1\n[[events.y]]\nb = 2\n",
            "[[events]]\na = 1\n[[ events ]]\nb = 2\n",
            "[[\"events\"]]\na = 1\n[[events]]\nb = 2\n",
            // The key written at the root as well.
            "events = []\n[[events]]\na = 1\n",
            // Errors, in a section and outside.
            "[[events]]\na = 1\na = 2\n",
            "x = 1\nx = 2\n[[events]]\na = 1\n",
            "[[events]]\na = 1\n[[events]] x\n",
            // No sections at all.
            "a = 1\n[t]\nb = 2\n",
        ] {
            assert_eq!(parse(text, 1), None, "{text:?}");
        }
    }

    #[test]
    fn headers_inside_values_strings_and_comments_are_not_sections() {
        let text = "a = [\n[[\"x\"]],\n]\nb = \"\"\"\n[[events]]\n\"\"\"\n# [[events]]\n\
                    c = { d = [\n[1] ] }\n[[events]]\ne = '''\n[[events]]\n'''\n";
        let batches = scan(text, 1);
        assert_eq!(batches.len(), 1);
        assert_eq!(batches[0].count, 1);
        assert_eq!(Ok(parse(text, 1).unwrap()), whole(text));
    }

    /// Headers, most of them sections, some of them reaching into the
    /// sections another way, or errors.
    const HEADERS: &[&str] = &[
        "[[events]]",
        "[[events]]",
        "[[events]]",
        "[[events]]",
        "[[events]]",
        "[[events]]",
        "[[events]]",
        "[[events]]",
        "[[events]]",
        "[[events]]",
        "[[events]] # a comment",
        "  [[events]]",
        "[[events]]\r",
        "[[other]]",
        "[[other]]",
        "[environment]",
        "[t.u]",
        "[[ events ]]",
        "[events.x]",
        "[[events.y]]",
        "['events']",
        "[[\"events\"]]",
    ];

    /// Values, some spanning lines and holding text that looks like a
    /// header.
    const VALUES: &[&str] = &[
        "\"+1s\"",
        "'sign-in'",
        "12",
        "99999999999999999999",
        "2026-03-02T08:00:00Z",
        "true",
        "[\n[1], [[2]],\n]",
        "[\n[[1]],\n]",
        "[\n  \"[[events]]\",\n]",
        "{ d = [\n[1] ] }",
        "{\n  e = 1,\n}",
        "\"\"\"\n[[events]]\n\"\"\"",
        "'''\n[environment]\n'''",
        "'ü' # [[events]]",
        "[]",
    ];

    /// Keys, mostly distinct by their number, a few the same everywhere.
    const KEYS: &[&str] = &[
        "k", "k", "k", "k", "k", "k", "k", "k", "x.y", "x.y", "\"q\"", "é", "events", "events.z",
        "at",
    ];

    fn line() -> impl Strategy<Value = String> {
        (
            prop::sample::select(KEYS),
            0..1000u32,
            prop::sample::select(VALUES),
        )
            .prop_map(|(k, n, v)| match k {
                "k" => format!("k{n} = {v}"),
                "x.y" => format!("x{n}.y = {v}"),
                _ => format!("{k} = {v}"),
            })
    }

    fn section() -> impl Strategy<Value = String> {
        (
            prop::sample::select(HEADERS),
            prop::collection::vec(line(), 0..4),
            prop::bool::ANY,
        )
            .prop_map(|(header, lines, gap)| {
                let mut text = format!("{header}\n");
                for l in lines {
                    text.push_str(&l);
                    text.push('\n');
                }
                if gap {
                    text.push_str("\n# between\n");
                }
                text
            })
    }

    fn document() -> impl Strategy<Value = String> {
        (
            prop::bool::ANY,
            prop::collection::vec(line(), 0..4),
            prop::collection::vec(section(), 0..12),
        )
            .prop_map(|(bom, lines, sections)| {
                let mut text = String::from(if bom { "\u{feff}" } else { "" });
                for l in lines {
                    text.push_str(&l);
                    text.push('\n');
                }
                text.extend(sections);
                text
            })
    }

    /// A document with a few bytes changed, to reach errors of every kind.
    fn mutated() -> impl Strategy<Value = String> {
        (
            document(),
            prop::collection::vec(
                (
                    any::<prop::sample::Index>(),
                    prop::sample::select(&b"[]{}=\"'\n#. x"[..]),
                ),
                0..4,
            ),
        )
            .prop_map(|(text, edits)| {
                let mut bytes = text.into_bytes();
                for (at, b) in edits {
                    if bytes.is_empty() {
                        break;
                    }
                    let i = at.index(bytes.len());
                    // Only ASCII is replaced, and only ASCII put in.
                    if bytes[i].is_ascii() {
                        bytes[i] = b;
                    }
                }
                String::from_utf8(bytes).unwrap_or_default()
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn batches_give_the_whole_parse_or_nothing(text in document(), size in 1usize..200) {
            if let Some(split) = parse(&text, size) {
                prop_assert_eq!(Ok(split), whole(&text));
            }
        }

        #[test]
        fn mutated_batches_give_the_whole_parse_or_nothing(text in mutated(), size in 1usize..200) {
            if let Some(split) = parse(&text, size) {
                prop_assert_eq!(Ok(split), whole(&text));
            }
        }

        #[test]
        fn the_parse_is_the_whole_parse(text in mutated()) {
            let doc = Doc::new("f.toml", &text);
            prop_assert_eq!(
                doc.parse_toml().map_err(|e| e.to_string()),
                whole(&text)
            );
        }
    }
}
