//! Durations as people type and read them (SPEC §3).
//!
//! Input: a whole number of minutes (`90`) or `d`, `h`, `m` units combined in
//! that order (`1h30m`, `24h`, `90d`); timeline offsets also take `s` and a
//! leading `+`. Output: the canonical unit form, days only for a whole number
//! of days of 2 or more, which parses back to the same value. Ranges are not
//! this module's business: zero and limits are checked by the rules.

use crate::error::{Code, Violation};
use crate::text::{cut, shown};

/// The largest duration accepted, in seconds (about 292 billion years is
/// i64::MAX; a hundred years is more than any setting could want).
const MAX_SECONDS: u64 = 100 * 366 * 86_400;

/// Parse a settings duration into whole minutes. `what` names the value in
/// the error ("session length").
pub fn parse_minutes(input: &str, what: &str) -> Result<u32, Violation> {
    let secs = parse_units(input, input, what, false)?;
    // Units without seconds always give whole minutes.
    u32::try_from(secs / 60).map_err(|_| too_large(input, what))
}

/// Parse a timeline offset (`+90m`, `+30s`, `1h`, `90`) into seconds.
pub fn parse_offset_seconds(input: &str, what: &str) -> Result<i64, Violation> {
    let body = input.strip_prefix('+').unwrap_or(input);
    let secs = parse_units(body, input, what, true)?;
    i64::try_from(secs).map_err(|_| too_large(input, what))
}

fn allowed_form(with_seconds: bool) -> &'static str {
    if with_seconds {
        "minutes (90) or d/h/m/s units in that order (1h30m, +90m, +30s)"
    } else {
        "minutes (90) or d/h/m units in that order (1h30m, 24h, 90d)"
    }
}

fn bad(input: &str, what: &str, with_seconds: bool) -> Violation {
    let hint = slip(input, with_seconds)
        .unwrap_or_else(|| format!("write it as {}", allowed_form(with_seconds)));
    Violation::new(
        Code::Syntax,
        format!("{what} {} is not a duration", shown(input)),
    )
    .value(cut(input))
    .allowed(allowed_form(with_seconds))
    .hint(hint)
}

/// What the user probably meant by a value that is not a duration, in the
/// grammar's own words: `1.5h` → "write 1h30m", `90 min` → "write 90m",
/// `-1h` → durations are never negative.
fn slip(input: &str, with_seconds: bool) -> Option<String> {
    let t = input.trim();
    if let Some(rest) = t.strip_prefix('-')
        && parse_units(rest, rest, "", with_seconds).is_ok()
    {
        return Some(format!(
            "a duration cannot be negative; write it as {}",
            allowed_form(with_seconds)
        ));
    }
    // A number and a unit spelt out: "90 min", "8 hours", "2days".
    let digits = t
        .bytes()
        .take_while(|b| b.is_ascii_digit() || *b == b'.')
        .count();
    let (number, word) = t.split_at(digits);
    let word = word.trim().to_ascii_lowercase();
    let scale: f64 = match word.as_str() {
        "d" | "day" | "days" => 1440.0,
        "h" | "hr" | "hrs" | "hour" | "hours" => 60.0,
        "m" | "min" | "mins" | "minute" | "minutes" => 1.0,
        _ => return None,
    };
    let n: f64 = number.parse().ok()?;
    let minutes = n * scale;
    if minutes.fract() != 0.0 || !(0.0..=f64::from(u32::MAX)).contains(&minutes) {
        return None;
    }
    let canonical = format_min(minutes as u32);
    (canonical != t).then(|| format!("write {canonical}"))
}

/// A bare number of minutes as typed (`8`), if that is what `input` is.
pub fn bare_number(input: &str) -> Option<u32> {
    let t = input.trim();
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}

/// A duration that must carry its unit (the token lifetime, where a bare
/// `90` is far more likely days than minutes).
pub fn parse_minutes_with_unit(input: &str, what: &str) -> Result<u32, Violation> {
    if let Some(n) = bare_number(input) {
        return Err(
            Violation::new(Code::Syntax, format!("{what} {} has no unit", shown(input)))
                .value(cut(input))
                .allowed("d/h/m units in that order (90d, 12h, 1h30m)")
                .hint(format!("write {n}d for {n} days, or {n}m")),
        );
    }
    parse_minutes(input, what)
}

fn too_large(input: &str, what: &str) -> Violation {
    Violation::new(
        Code::Syntax,
        format!("{what} {} is too large", shown(input)),
    )
    .value(cut(input))
    .allowed("at most 36600d")
}

/// Parse `body`; errors quote `input`, the value as the user wrote it.
fn parse_units(body: &str, input: &str, what: &str, with_seconds: bool) -> Result<u64, Violation> {
    let s = body.trim();
    if s.is_empty() {
        return Err(bad(input, what, with_seconds));
    }
    // A bare number is minutes.
    if s.bytes().all(|b| b.is_ascii_digit()) {
        let n: u64 = s.parse().map_err(|_| too_large(input, what))?;
        let secs = n.checked_mul(60).ok_or_else(|| too_large(input, what))?;
        return if secs > MAX_SECONDS {
            Err(too_large(input, what))
        } else {
            Ok(secs)
        };
    }
    let units: &[(u8, u64)] = if with_seconds {
        &[(b'd', 86_400), (b'h', 3_600), (b'm', 60), (b's', 1)]
    } else {
        &[(b'd', 86_400), (b'h', 3_600), (b'm', 60)]
    };
    let bytes = s.as_bytes();
    let mut total: u64 = 0;
    let mut next_unit = 0; // index into `units`: each unit once, in order
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        if start == i || i == bytes.len() {
            return Err(bad(input, what, with_seconds));
        }
        let unit = bytes[i];
        i += 1;
        let pos = units[next_unit..]
            .iter()
            .position(|(u, _)| *u == unit)
            .ok_or_else(|| bad(input, what, with_seconds))?;
        let (_, scale) = units[next_unit + pos];
        next_unit += pos + 1;
        let n: u64 = s[start..i - 1]
            .parse()
            .map_err(|_| too_large(input, what))?;
        total = n
            .checked_mul(scale)
            .and_then(|v| total.checked_add(v))
            .filter(|v| *v <= MAX_SECONDS)
            .ok_or_else(|| too_large(input, what))?;
    }
    Ok(total)
}

/// Canonical form of whole minutes: `90d`, `24h`, `1h30m`, `45m`, `0m`.
pub fn format_minutes(minutes: u64) -> String {
    format_seconds(minutes.saturating_mul(60))
}

/// Canonical form of seconds: the minute form, plus `Ns` for a remainder.
pub fn format_seconds(secs: u64) -> String {
    let mut out = String::new();
    push_seconds(&mut out, secs);
    out
}

/// Append the canonical form of seconds to `out` without allocating: the
/// one writer of the form, for messages written by the hundred thousand.
pub fn push_seconds(out: &mut String, secs: u64) {
    let (mins, s) = (secs / 60, secs % 60);
    let mut num = |n: u64, unit: char| {
        push_decimal(out, n);
        out.push(unit);
    };
    if mins > 0 || s == 0 {
        if mins % 1440 == 0 && mins / 1440 >= 2 {
            num(mins / 1440, 'd');
        } else {
            let (h, m) = (mins / 60, mins % 60);
            if h > 0 {
                num(h, 'h');
            }
            if m > 0 || h == 0 {
                num(m, 'm');
            }
        }
    }
    if s > 0 {
        num(s, 's');
    }
}

fn push_decimal(out: &mut String, mut v: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    for &d in &digits[i..] {
        out.push(char::from(d));
    }
}

/// [`format_minutes`] of a setting's whole minutes.
pub fn format_min(minutes: u32) -> String {
    format_minutes(u64::from(minutes))
}

#[cfg(test)]
mod tests {

    #[test]
    fn slips_get_the_grammar_s_own_spelling() {
        let hint = |v: &str| {
            parse_minutes(v, "session length")
                .unwrap_err()
                .hint
                .unwrap()
        };
        assert_eq!(hint("1.5h"), "write 1h30m");
        assert_eq!(hint("90 min"), "write 1h30m");
        assert_eq!(hint("8 hours"), "write 8h");
        assert_eq!(hint("2 days"), "write 2d");
        assert_eq!(
            hint("-1h"),
            "a duration cannot be negative; write it as minutes (90) or d/h/m units in that order (1h30m, 24h, 90d)"
        );
        assert_eq!(
            hint("1.51h"),
            "write it as minutes (90) or d/h/m units in that order (1h30m, 24h, 90d)"
        );
        let e = parse_minutes_with_unit("90", "token lifetime").unwrap_err();
        assert_eq!(
            e.to_string(),
            "error[syntax]: token lifetime \"90\" has no unit — write 90d for 90 days, or 90m"
        );
        assert_eq!(
            parse_minutes_with_unit("90d", "token lifetime").unwrap(),
            129_600
        );
        assert_eq!(bare_number(" 8 "), Some(8));
        assert_eq!(bare_number("8h"), None);
    }

    use super::*;

    fn m(s: &str) -> Result<u32, Violation> {
        parse_minutes(s, "session length")
    }

    #[test]
    fn parses_documented_forms() {
        assert_eq!(m("8h"), Ok(480));
        assert_eq!(m("1h30m"), Ok(90));
        assert_eq!(m("90"), Ok(90));
        assert_eq!(m("90d"), Ok(129_600));
        assert_eq!(m("24h"), Ok(1440));
        assert_eq!(m("1d2h3m"), Ok(1440 + 120 + 3));
        assert_eq!(m("0"), Ok(0));
        assert_eq!(m("0m"), Ok(0));
    }

    #[test]
    fn refuses_other_forms() {
        for s in [
            "", " ", "8 hours", "8hours", "h", "1m30h", "1h1h", "8H", "-5", "1.5h", "30s", "m30",
            "1h30", "+8h", "8 h", "1d 2h",
        ] {
            let e = m(s).expect_err(s);
            assert_eq!(e.code, Code::Syntax, "{s}");
            assert_eq!(e.value.as_deref(), Some(s));
        }
        // Surrounding space is forgiven; a bare number is minutes.
        assert_eq!(m(" 8h "), Ok(480));
        assert_eq!(m("8"), Ok(8));
    }

    #[test]
    fn overflow_is_an_error_not_a_wrap() {
        for s in [
            "99999999999999999999",
            "99999999999999999999d",
            "18446744073709551615m",
            "36601d",
        ] {
            let e = m(s).expect_err(s);
            assert!(e.message.contains("too large"), "{s}: {}", e.message);
        }
        assert!(m("36600d").is_ok());
    }

    #[test]
    fn offsets_take_seconds_and_plus() {
        assert_eq!(parse_offset_seconds("+90m", "at"), Ok(5400));
        assert_eq!(parse_offset_seconds("+30s", "at"), Ok(30));
        assert_eq!(parse_offset_seconds("+1h0m5s", "at"), Ok(3605));
        assert_eq!(parse_offset_seconds("+0m", "at"), Ok(0));
        assert_eq!(parse_offset_seconds("90", "at"), Ok(5400));
        let e = parse_offset_seconds("+5x", "at").unwrap_err();
        assert_eq!(e.value.as_deref(), Some("+5x"));
        assert!(parse_offset_seconds("++5m", "at").is_err());
        assert!(parse_offset_seconds("-5m", "at").is_err());
    }

    #[test]
    fn canonical_output() {
        assert_eq!(format_minutes(129_600), "90d");
        assert_eq!(format_minutes(1440), "24h");
        assert_eq!(format_minutes(2880), "2d");
        assert_eq!(format_minutes(2160), "36h");
        assert_eq!(format_minutes(480), "8h");
        assert_eq!(format_minutes(90), "1h30m");
        assert_eq!(format_minutes(60), "1h");
        assert_eq!(format_minutes(45), "45m");
        assert_eq!(format_minutes(0), "0m");
        assert_eq!(format_seconds(30), "30s");
        assert_eq!(format_seconds(90), "1m30s");
        assert_eq!(format_seconds(3605), "1h5s");
    }

    #[test]
    fn canonical_output_round_trips() {
        for mins in (0..5000u64).chain([129_600, 525_600, 1_000_000]) {
            let s = format_minutes(mins);
            assert_eq!(m(&s).map(u64::from), Ok(mins), "{s}");
        }
        for secs in 0..4000u64 {
            let s = format_seconds(secs);
            assert_eq!(parse_offset_seconds(&s, "at"), Ok(secs as i64), "{s}");
        }
    }
}
