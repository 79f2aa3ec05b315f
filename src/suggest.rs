//! "Did you mean": the nearest valid words to a word that matched none, for
//! unknown environment names, keys, event kinds, clients and `via`s.
//!
//! Words are compared ignoring case by their Damerau–Levenshtein distance
//! (a swap of two neighbouring letters, the commonest slip at a keyboard,
//! counts as one edit, like a letter missed, added or mistyped). A word is
//! suggested when at most one edit in four characters of the longer word
//! separates them, and always for a single edit: `contoso-prd` finds
//! `contoso-prod` (1 edit in 12) but not `contoso-dev` (3 in 11), so names
//! of one tenant that share a long prefix are not offered for each other,
//! which is what Jaro–Winkler's prefix bonus would do.
//!
//! Pure functions; no I/O. The wording of the hint lives here too, so that
//! every "did you mean" reads the same.

use crate::text::{find_forbidden, shown};

/// At most this many suggestions.
pub const MAX: usize = 3;

/// Words longer than this are compared with nothing: no valid word is that
/// long, and the distance costs the product of the two lengths.
const LONGEST: usize = 200;

/// The valid words close to `word`, nearest first (ties in the order
/// given), at most [`MAX`], each once; empty when none is close. A word
/// equal to `word` ignoring case counts as nearest of all.
pub fn nearest<'a, I>(word: &str, candidates: I) -> Vec<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let typed: Vec<char> = word.chars().take(LONGEST + 1).collect();
    if typed.len() > LONGEST {
        return Vec::new();
    }
    let typed: String = typed.into_iter().collect::<String>().to_lowercase();
    let typed_len = typed.chars().count();
    let mut found: Vec<(usize, &'a str)> = Vec::new();
    for c in candidates {
        if found.iter().any(|(_, f)| *f == c) {
            continue;
        }
        let folded = c.to_lowercase();
        let len = folded.chars().count();
        let bound = (typed_len.max(len) / 4).max(1);
        // The distance is at least the difference in length: skip the work.
        if typed_len.abs_diff(len) > bound {
            continue;
        }
        let d = strsim::damerau_levenshtein(&typed, &folded);
        if d <= bound {
            found.push((d, c));
        }
    }
    found.sort_by_key(|(d, _)| *d);
    found.into_iter().take(MAX).map(|(_, c)| c).collect()
}

/// `did you mean a, b or c?` for the words [`nearest`] finds, or `None`.
pub fn did_you_mean<'a, I>(word: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    phrase(&nearest(word, candidates))
}

/// `did you mean a?`, `did you mean a or b?`, `did you mean a, b or c?`;
/// `None` for no words. A word is quoted (and escaped) when it holds
/// anything but letters, digits and `-_.:`, so `O'Brien dev` cannot be
/// misread.
pub fn phrase(words: &[&str]) -> Option<String> {
    let shown: Vec<String> = words.iter().map(|w| bare_or_quoted(w)).collect();
    let list = match shown.as_slice() {
        [] => return None,
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    };
    Some(format!("did you mean {list}?"))
}

fn bare_or_quoted(word: &str) -> String {
    let plain = !word.is_empty()
        && find_forbidden(word, false).is_none()
        && word
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'));
    if plain { word.to_string() } else { shown(word) }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KINDS: &[&str] = &["sign-in", "activity", "access", "sign-out", "end"];

    #[test]
    fn one_slip_finds_the_word() {
        assert_eq!(nearest("actvity", KINDS.iter().copied()), ["activity"]);
        // A swap is one edit.
        assert_eq!(nearest("acitvity", KINDS.iter().copied()), ["activity"]);
        assert_eq!(nearest("sign_in", KINDS.iter().copied()), ["sign-in"]);
        assert_eq!(nearest("ned", KINDS.iter().copied()), ["end"]);
    }

    #[test]
    fn case_is_ignored() {
        assert_eq!(nearest("ACTIVITY", KINDS.iter().copied()), ["activity"]);
        assert_eq!(
            nearest("Contoso-PRD", ["contoso-prod"].into_iter()),
            ["contoso-prod"]
        );
    }

    #[test]
    fn names_sharing_a_prefix_are_not_confused() {
        let names = ["contoso-prod", "contoso-dev", "contoso-test", "fabrikam"];
        assert_eq!(nearest("contoso-prd", names), ["contoso-prod"]);
        assert_eq!(nearest("contoso", names), Vec::<&str>::new());
        assert_eq!(
            nearest("teleport", KINDS.iter().copied()),
            Vec::<&str>::new()
        );
    }

    #[test]
    fn nearest_first_at_most_three_each_once() {
        let names = ["prod-a2", "prod-b", "prod-a", "prod-c", "prod-d", "prod-b"];
        assert_eq!(nearest("prod-x", names), ["prod-b", "prod-a", "prod-c"]);
        assert_eq!(nearest("prod-a1", names), ["prod-a2", "prod-a"]);
    }

    #[test]
    fn a_huge_word_is_compared_with_nothing() {
        let huge = "a".repeat(10_000_000);
        assert!(nearest(&huge, [huge.as_str()]).is_empty());
        let long = "b".repeat(LONGEST);
        assert_eq!(nearest(&long, [long.as_str()]), [long.as_str()]);
    }

    #[test]
    fn the_phrase_lists_and_quotes() {
        assert_eq!(phrase(&[]), None);
        assert_eq!(phrase(&["a"]).unwrap(), "did you mean a?");
        assert_eq!(phrase(&["a", "b"]).unwrap(), "did you mean a or b?");
        assert_eq!(
            phrase(&["a", "b", "c.d"]).unwrap(),
            "did you mean a, b or c.d?"
        );
        assert_eq!(
            phrase(&["O'Brien dev", "x\u{202e}"]).unwrap(),
            "did you mean \"O'Brien dev\" or \"x\\u{202e}\"?"
        );
        assert_eq!(
            did_you_mean("actvity", KINDS.iter().copied()).unwrap(),
            "did you mean activity?"
        );
    }
}
