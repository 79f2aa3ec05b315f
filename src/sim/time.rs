//! Instants as whole seconds since the Unix epoch, UTC (SPEC §3).
//!
//! Parsing and printing RFC 3339 sit on the hot path of a million-event
//! CSV, so both are done by hand on fixed positions rather than through a
//! general date library; `chrono` checks them in the tests.

/// Seconds since 1970-01-01T00:00:00Z.
pub type Time = i64;

pub const MINUTE: i64 = 60;
pub const HOUR: i64 = 3600;
pub const DAY: i64 = 86_400;

/// Days since the epoch of a proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

fn num(b: &[u8]) -> Option<i64> {
    let mut n = 0i64;
    for &c in b {
        if !c.is_ascii_digit() {
            return None;
        }
        n = n * 10 + i64::from(c - b'0');
    }
    Some(n)
}

/// Why a time did not parse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeError {
    /// Not RFC 3339 at all.
    Form,
    /// A date-time without an offset (`Z` or `±hh:mm`).
    NoOffset,
    /// A field out of range (month 13, 25:00, February 30th).
    Range,
}

impl TimeError {
    /// What is wrong, to follow the value in a message.
    pub fn why(self) -> &'static str {
        match self {
            TimeError::NoOffset => "has no UTC offset (add Z or ±hh:mm)",
            TimeError::Range => "is not a real date and time in the years 0001–9998",
            TimeError::Form => "is not an RFC 3339 time",
        }
    }
}

thread_local! {
    /// The last date parsed (`YYYY-MM-DD`, valid) and its days since the
    /// epoch.
    static LAST_DATE: std::cell::Cell<([u8; 10], i64)> = const { std::cell::Cell::new(([0; 10], 0)) };
}

/// Parse RFC 3339 (`2026-03-02T08:00:00Z`, `2026-03-02T09:00:00+01:00`,
/// fractions of a second dropped) into UTC seconds.
pub fn parse_rfc3339(s: &str) -> Result<Time, TimeError> {
    let b = s.as_bytes();
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || b[13] != b':' || b[16] != b':' {
        return Err(TimeError::Form);
    }
    if !matches!(b[10], b'T' | b't' | b' ') {
        return Err(TimeError::Form);
    }
    let field = |r: std::ops::Range<usize>| num(&b[r]).ok_or(TimeError::Form);
    // A time-ordered timeline has thousands of rows on each day: the date
    // of the last row, already checked, is not worked out again.
    let (last_date, last_days) = LAST_DATE.get();
    let known = (last_date == b[..10]).then_some(last_days);
    let (y, mo, d) = match known {
        Some(_) => (0, 0, 0),
        None => (field(0..4)?, field(5..7)?, field(8..10)?),
    };
    let (h, mi, sec) = (field(11..13)?, field(14..16)?, field(17..19)?);
    let mut i = 19;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return Err(TimeError::Form);
        }
    }
    let offset = match b.get(i) {
        None => return Err(TimeError::NoOffset),
        Some(b'Z' | b'z') if i + 1 == b.len() => 0,
        Some(&sign @ (b'+' | b'-')) if b.len() == i + 6 && b[i + 3] == b':' => {
            let oh = num(&b[i + 1..i + 3]).ok_or(TimeError::Form)?;
            let om = num(&b[i + 4..i + 6]).ok_or(TimeError::Form)?;
            if oh > 23 || om > 59 {
                return Err(TimeError::Range);
            }
            let o = oh * HOUR + om * MINUTE;
            if sign == b'+' { o } else { -o }
        }
        Some(_) => return Err(TimeError::Form),
    };
    if h > 23 || mi > 59 || sec > 60 {
        return Err(TimeError::Range);
    }
    let days = match known {
        Some(days) => days,
        None => {
            if !(1..=12).contains(&mo) || d < 1 || d > days_in_month(y, mo) {
                return Err(TimeError::Range);
            }
            let days = days_from_civil(y, mo, d);
            let mut date = [0u8; 10];
            date.copy_from_slice(&b[..10]);
            LAST_DATE.set((date, days));
            days
        }
    };
    // A leap second is the last second of its minute.
    let sec = sec.min(59);
    let t = days * DAY + h * HOUR + mi * MINUTE + sec - offset;
    if in_range(t) {
        Ok(t)
    } else {
        Err(TimeError::Range)
    }
}

/// The instants sessadm takes: years 0001 to 9998, so that a year of
/// session on either side still prints as RFC 3339.
pub const EARLIEST: Time = -62_135_596_800; // 0001-01-01T00:00:00Z
pub const LATEST: Time = 253_370_678_400; // 9998-12-31T00:00:00Z

pub fn in_range(t: Time) -> bool {
    (EARLIEST..=LATEST).contains(&t)
}

/// `2026-03-02T08:00:00Z`.
pub fn format_rfc3339(t: Time) -> String {
    let mut s = String::with_capacity(20);
    push_rfc3339(&mut s, t);
    s
}

thread_local! {
    /// The last day formatted, and its `YYYY-MM-DD`: timelines stay on one
    /// day for thousands of outcomes.
    static LAST_DAY: std::cell::Cell<(i64, [u8; 10])> = const { std::cell::Cell::new((i64::MIN, [0; 10])) };
}

/// Append `2026-03-02T08:00:00Z` to `out` without allocating.
pub fn push_rfc3339(out: &mut String, t: Time) {
    let days = t.div_euclid(DAY);
    let secs = t.rem_euclid(DAY);
    let (cached, date) = LAST_DAY.get();
    if cached == days {
        let mut buf = [0u8; 20];
        buf[..10].copy_from_slice(&date);
        buf[10] = b'T';
        put_clock(&mut buf[11..], secs);
        // Only ASCII digits and separators were written.
        out.push_str(std::str::from_utf8(&buf).unwrap_or_default());
        return;
    }
    let (y, m, d) = civil_from_days(days);
    let mut buf = [0u8; 20];
    let put2 = |buf: &mut [u8], at: usize, v: u32| {
        buf[at] = b'0' + (v / 10) as u8;
        buf[at + 1] = b'0' + (v % 10) as u8;
    };
    if (0..=9999).contains(&y) {
        let y = y as u32;
        put2(&mut buf, 0, y / 100);
        put2(&mut buf, 2, y % 100);
    } else {
        out.push_str(&format!(
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
            secs / 3600,
            secs / 60 % 60,
            secs % 60
        ));
        return;
    }
    buf[4] = b'-';
    put2(&mut buf, 5, m);
    buf[7] = b'-';
    put2(&mut buf, 8, d);
    buf[10] = b'T';
    put_clock(&mut buf[11..], secs);
    let mut date = [0u8; 10];
    date.copy_from_slice(&buf[..10]);
    LAST_DAY.set((days, date));
    // Only ASCII digits and separators were written.
    out.push_str(std::str::from_utf8(&buf).unwrap_or_default());
}

/// `HH:MM:SSZ` of seconds into a day, into 9 bytes.
fn put_clock(buf: &mut [u8], secs: i64) {
    let two = |v: i64| [b'0' + (v / 10) as u8, b'0' + (v % 10) as u8];
    buf[0..2].copy_from_slice(&two(secs / 3600));
    buf[2] = b':';
    buf[3..5].copy_from_slice(&two(secs / 60 % 60));
    buf[5] = b':';
    buf[6..8].copy_from_slice(&two(secs % 60));
    buf[8] = b'Z';
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, Utc};

    #[test]
    fn parses_utc_and_offsets() {
        let t = parse_rfc3339("2026-03-02T08:00:00Z").unwrap();
        assert_eq!(format_rfc3339(t), "2026-03-02T08:00:00Z");
        assert_eq!(parse_rfc3339("2026-03-02T09:00:00+01:00"), Ok(t));
        assert_eq!(parse_rfc3339("2026-03-02T03:30:00-04:30"), Ok(t));
        assert_eq!(parse_rfc3339("2026-03-02t08:00:00.999z"), Ok(t));
        assert_eq!(parse_rfc3339("2026-03-02 08:00:00Z"), Ok(t));
    }

    #[test]
    fn refuses_what_is_not_rfc3339() {
        assert_eq!(
            parse_rfc3339("2026-03-02T08:00:00"),
            Err(TimeError::NoOffset)
        );
        assert_eq!(parse_rfc3339("2026-02-29T08:00:00Z"), Err(TimeError::Range));
        assert_eq!(parse_rfc3339("2026-13-01T08:00:00Z"), Err(TimeError::Range));
        assert_eq!(parse_rfc3339("2026-03-02T24:00:00Z"), Err(TimeError::Range));
        for bad in [
            "",
            "yesterday",
            "2026-03-02",
            "2026-03-02T08:00Z",
            "2026-03-02T08:00:00ZZ",
            "2026-03-02T08:00:00+0100",
            "+90m",
            "2026-03-02T08:00:00.Z",
            "２０２６-03-02T08:00:00Z",
        ] {
            assert!(parse_rfc3339(bad).is_err(), "{bad}");
        }
        assert!(parse_rfc3339("2024-02-29T08:00:00Z").is_ok());
        assert_eq!(parse_rfc3339("9999-06-01T00:00:00Z"), Err(TimeError::Range));
        assert_eq!(parse_rfc3339("0000-06-01T00:00:00Z"), Err(TimeError::Range));
        assert_eq!(format_rfc3339(EARLIEST), "0001-01-01T00:00:00Z");
        assert_eq!(format_rfc3339(LATEST), "9998-12-31T00:00:00Z");
    }

    #[test]
    fn agrees_with_chrono() {
        for t in (-62_000_000_000i64..200_000_000_000).step_by(777_777_777) {
            let ours = format_rfc3339(t);
            let theirs = DateTime::<Utc>::from_timestamp(t, 0)
                .unwrap()
                .format("%Y-%m-%dT%H:%M:%SZ")
                .to_string();
            assert_eq!(ours, theirs);
            assert_eq!(parse_rfc3339(&ours), Ok(t));
        }
    }

    #[test]
    fn the_remembered_date_changes_no_answer() {
        // The same answers whether or not the date was the last one seen.
        let cases = [
            ("2026-03-02T08:00:00Z", Ok(1_772_438_400)),
            ("2026-03-02T25:00:00Z", Err(TimeError::Range)),
            ("2026-03-02T08:00:00", Err(TimeError::NoOffset)),
            ("2026-03-02T08:61:00Z", Err(TimeError::Range)),
            ("2026-03-02T23:59:60Z", Ok(1_772_495_999)),
            ("2026-02-30T08:00:00Z", Err(TimeError::Range)),
            ("2026-02-30T08:00:00", Err(TimeError::NoOffset)),
            ("20x6-03-02T08:00:00", Err(TimeError::Form)),
            ("2026-03-02T08:00:00+01:00", Ok(1_772_434_800)),
        ];
        for _ in 0..2 {
            for (text, want) in cases {
                assert_eq!(parse_rfc3339(text), want, "{text}");
                // Again right after a good time on the same day.
                let _ = parse_rfc3339(&format!("{}T12:00:00Z", &text[..10]));
                assert_eq!(parse_rfc3339(text), want, "{text} (date remembered)");
            }
        }
    }
}
