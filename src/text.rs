//! Text from outside, made safe to judge and to show: the characters SPEC §2
//! refuses in names, URLs and descriptions, a value cut short for an error
//! line, and stored text escaped for a table.
//!
//! Pure functions; no I/O.

use std::borrow::Cow;
use std::fmt::Write;

/// Values longer than this many characters are cut in error messages.
pub const SHOWN_MAX: usize = 80;

/// Whether SPEC §2 refuses `c` in a text field: C0 and C1 controls, and the
/// format characters that reorder or hide text (bidi overrides and isolates,
/// zero-width characters, the byte-order mark). `allow_tab` lets a tab
/// through (descriptions).
pub fn is_forbidden(c: char, allow_tab: bool) -> bool {
    match c {
        '\t' => !allow_tab,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => true,
        '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => true,
        '\u{feff}' => true,
        _ => false,
    }
}

/// The first forbidden character of `s` and its position in characters
/// (0-based), if any.
pub fn find_forbidden(s: &str, allow_tab: bool) -> Option<(usize, char)> {
    s.chars()
        .enumerate()
        .find(|&(_, c)| is_forbidden(c, allow_tab))
}

/// A character as Unicode names it: `U+202E`.
pub fn codepoint(c: char) -> String {
    format!("U+{:04X}", c as u32)
}

/// A value quoted for an error line, cut after [`SHOWN_MAX`] characters
/// with "…", so that a 10 MB name still gives one short line. Forbidden
/// characters are escaped, never written raw to a terminal.
pub fn shown(value: &str) -> String {
    let mut out = String::with_capacity(value.len().min(SHOWN_MAX * 4) + 2);
    out.push('"');
    for (i, c) in value.chars().enumerate() {
        if i == SHOWN_MAX {
            out.push('…');
            break;
        }
        push_escaped(&mut out, c, true);
    }
    out.push('"');
    out
}

/// A value as it was given, cut like [`shown`] but without quotes: for the
/// `value` detail of an error.
pub fn cut(value: &str) -> Cow<'_, str> {
    match value.char_indices().nth(SHOWN_MAX) {
        None => Cow::Borrowed(value),
        Some((end, _)) => Cow::Owned(format!("{}…", &value[..end])),
    }
}

/// Stored text for a table: forbidden characters appear as `\u{202e}`
/// escapes instead of acting on the terminal. Text without any is borrowed.
pub fn escape(s: &str) -> Cow<'_, str> {
    if find_forbidden(s, true).is_none() {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        push_escaped(&mut out, c, false);
    }
    Cow::Owned(out)
}

fn push_escaped(out: &mut String, c: char, quoted: bool) {
    match c {
        '"' if quoted => out.push_str("\\\""),
        '\\' if quoted => out.push_str("\\\\"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' if quoted => out.push_str("\\t"),
        c if is_forbidden(c, true) => {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
        c => out.push(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forbidden_characters_are_those_of_spec_2() {
        for c in [
            '\0', '\n', '\u{1b}', '\u{7f}', '\u{85}', '\u{9f}', '\u{200b}', '\u{200f}', '\u{202a}',
            '\u{202e}', '\u{2066}', '\u{2069}', '\u{feff}',
        ] {
            assert!(is_forbidden(c, true), "{}", codepoint(c));
        }
        for c in [
            'a', ' ', 'é', '\u{a0}', '\u{2010}', '\u{2070}', '\u{202f}', '😀',
        ] {
            assert!(!is_forbidden(c, false), "{}", codepoint(c));
        }
        assert!(is_forbidden('\t', false));
        assert!(!is_forbidden('\t', true));
        assert_eq!(
            find_forbidden("invoice\u{202e}gnp.exe", false),
            Some((7, '\u{202e}'))
        );
        assert_eq!(codepoint('\u{202e}'), "U+202E");
        assert_eq!(codepoint('\0'), "U+0000");
    }

    #[test]
    fn shown_values_are_cut_after_80_characters() {
        assert_eq!(shown("prod"), "\"prod\"");
        let long = "é".repeat(10_000_000);
        let s = shown(&long);
        assert_eq!(s.chars().count(), SHOWN_MAX + 3);
        assert!(s.ends_with("…\""));
        assert_eq!(shown(&"a".repeat(80)), format!("\"{}\"", "a".repeat(80)));
        assert_eq!(cut(&"a".repeat(80)), "a".repeat(80));
        assert_eq!(cut(&"a".repeat(81)), format!("{}…", "a".repeat(80)));
        assert_eq!(shown("a\u{202e}b\n\"c"), "\"a\\u{202e}b\\n\\\"c\"");
    }

    #[test]
    fn escape_leaves_clean_text_alone() {
        assert!(matches!(escape("contoso-prod"), Cow::Borrowed(_)));
        assert_eq!(escape("a\u{202e}b\u{1b}[2J"), "a\\u{202e}b\\u{1b}[2J");
        assert_eq!(escape("tab\there"), "tab\there");
    }
}
