//! Simulation output, streamed: a table for people, one JSON document, or
//! JSON lines (SPEC §6.3). Outcomes are written as they are released, so
//! the output of a million-event run never sits in memory.

use std::io::{self, Write};

use crate::duration::format_seconds;
use crate::model::EnvironmentView;
use crate::sim::messages::Report;
use crate::sim::outcome::{OutKind, Summary, Tally};
use crate::sim::time::{DAY, Time, push_rfc3339};
use crate::term::paint;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
    Jsonl,
}

/// Whether any byte of `s` needs escaping in JSON: a control character, a
/// quote or a backslash. Eight bytes at a time (SWAR), since every outcome's
/// message passes through here.
fn needs_escape(s: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let has_zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS;
    let mut chunks = s.chunks_exact(8);
    for c in &mut chunks {
        let x = u64::from_le_bytes(c.try_into().unwrap_or_default());
        // Bytes below 0x20 (ASCII only: bytes with the high bit set are
        // parts of UTF-8 sequences and never need escaping).
        let below = x.wrapping_sub(ONES * 0x20) & !x & HIGHS;
        if below | has_zero(x ^ (ONES * u64::from(b'"'))) | has_zero(x ^ (ONES * u64::from(b'\\')))
            != 0
        {
            return true;
        }
    }
    chunks
        .remainder()
        .iter()
        .any(|&b| b < 0x20 || b == b'"' || b == b'\\')
}

/// Append `s` to `out` as a JSON string.
pub fn push_json_str(out: &mut String, s: &str) {
    out.push('"');
    if !needs_escape(s.as_bytes()) {
        out.push_str(s);
        out.push('"');
        return;
    }
    let mut plain = 0;
    for (i, b) in s.bytes().enumerate() {
        let esc = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&s[plain..i]);
        if esc.is_empty() {
            out.push_str(&format!("\\u{b:04x}"));
        } else {
            out.push_str(esc);
        }
        plain = i + 1;
    }
    out.push_str(&s[plain..]);
    out.push('"');
}

/// One outcome as a compact JSON object. `user` is the user's name, already
/// a JSON string.
pub fn push_outcome_json(out: &mut String, r: &Report<'_>, user: &str) {
    let o = r.outcome;
    out.push_str("{\"at\":\"");
    push_rfc3339(out, o.at);
    out.push_str("\",\"user\":");
    out.push_str(user);
    out.push_str(",\"kind\":\"");
    out.push_str(o.kind.as_str());
    out.push_str("\",\"reason\":\"");
    out.push_str(o.reason.as_str());
    out.push_str("\",\"rule\":\"");
    out.push_str(o.rule);
    out.push_str("\",\"message\":\"");
    let mark = out.len();
    r.write_message(out);
    // Messages are sessadm's own words; only a user name inside one can
    // need escaping.
    if needs_escape(&out.as_bytes()[mark..]) {
        let text = out.split_off(mark);
        out.pop();
        push_json_str(out, &text);
    } else {
        out.push('"');
    }
    if let Some(e) = o.ends_at {
        out.push_str(",\"ends_at\":\"");
        push_rfc3339(out, e);
        out.push('"');
    }
    out.push('}');
}

/// Where the writer's text goes, a buffer at a time. `take` may keep the
/// buffer itself (leaving an empty one of the same capacity) rather than
/// copy it.
pub trait Sink {
    fn take(&mut self, text: &mut String) -> io::Result<()>;
    fn flush(&mut self) -> io::Result<()>;
}

/// Any writer, as a sink.
pub struct Plain<W: Write>(pub W);

impl<W: Write> Sink for Plain<W> {
    fn take(&mut self, text: &mut String) -> io::Result<()> {
        self.0.write_all(text.as_bytes())?;
        text.clear();
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

/// How far a stream of outcomes has got: what the text of the next one
/// depends on (a JSON separator, a table's day heading).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Place {
    /// Outcomes written before.
    pub count: u64,
    /// The day of the last of them.
    pub day: Option<i64>,
}

impl Place {
    /// After `count` outcomes, the last of them at `last_at`.
    pub fn after(count: u64, last_at: Option<Time>) -> Self {
        Place {
            count,
            day: last_at.map(|t| t.div_euclid(DAY)),
        }
    }
}

/// Outcomes as text in one format. Any thread can hold one: given the
/// same [`Place`], every copy writes the same text.
#[derive(Debug, Clone)]
pub struct Text {
    format: Format,
    /// Table: show a user column (more than one user).
    show_user: bool,
    /// The layout's width: the terminal's, else 80.
    width: usize,
    /// At a terminal messages wrap to `width`; elsewhere nothing wraps.
    wrap: bool,
    colour: bool,
    /// Each user's name as a JSON string, made once.
    json_names: Vec<Option<Box<str>>>,
}

impl Text {
    pub fn new(format: Format, show_user: bool, style: &crate::render::Style) -> Self {
        Text {
            format,
            show_user,
            width: usize::from(style.width).max(60),
            wrap: style.wrap,
            colour: style.colour,
            json_names: Vec::new(),
        }
    }

    /// The same style, with nothing cached.
    pub fn fresh(&self) -> Self {
        Text {
            json_names: Vec::new(),
            ..self.clone()
        }
    }

    /// Append the outcome at `place` to `out`, and move `place` past it.
    pub fn outcome(&mut self, out: &mut String, place: &mut Place, r: &Report<'_>) {
        match self.format {
            Format::Jsonl | Format::Json => {
                let id = r.user_id() as usize;
                if self.json_names.len() <= id {
                    self.json_names.resize(id + 1, None);
                }
                let name = self.json_names[id].get_or_insert_with(|| {
                    let mut s = String::new();
                    push_json_str(&mut s, r.user);
                    s.into_boxed_str()
                });
                if self.format == Format::Json {
                    out.push_str(if place.count == 0 {
                        "\n    "
                    } else {
                        ",\n    "
                    });
                }
                push_outcome_json(out, r, name);
                if self.format == Format::Jsonl {
                    out.push('\n');
                }
            }
            Format::Table => self.table_row(out, place, r),
        }
        place.count += 1;
        place.day = Some(r.outcome.at.div_euclid(DAY));
    }

    /// The width messages wrap to: none off a terminal.
    fn wrap_width(&self) -> usize {
        if self.wrap { self.width } else { usize::MAX }
    }

    fn table_row(&self, out: &mut String, place: &Place, r: &Report<'_>) {
        let (o, user) = (r.outcome, crate::render::clean(r.user));
        let day = o.at.div_euclid(DAY);
        if place.day != Some(day) {
            let mut date = String::new();
            push_rfc3339(&mut date, o.at);
            let head = format!("── {} ", &date[..10]);
            let rule = "─".repeat(self.width.saturating_sub(head.chars().count()));
            out.push_str(&paint(self.colour, "2", &format!("{head}{rule}")));
            out.push('\n');
        }
        let mut stamp = String::new();
        push_rfc3339(&mut stamp, o.at);
        let time = &stamp[11..19];
        let what = format!("{} ({})", o.kind.as_str(), o.reason.as_str());
        let colour = match o.kind {
            OutKind::SignedOut | OutKind::ReauthRequired => "31",
            OutKind::SignInRefused | OutKind::AccessDenied | OutKind::PolicyBypass => "35",
            OutKind::Warning => "33",
            OutKind::SessionStart => "32",
            _ => "36",
        };
        // The user goes on the first line when it fits, else before the
        // message.
        let user_inline = self.show_user
            && (!self.wrap
                || time.len() + user.chars().count() + what.len() + o.rule.len() + 5 <= self.width);
        let head = if user_inline {
            format!("{time}  {user}  {what}")
        } else {
            format!("{time}  {what}")
        };
        let pad = self
            .width
            .saturating_sub(head.chars().count() + o.rule.len())
            .max(1);
        let shown = if user_inline {
            format!("{time}  {user}  {}", paint(self.colour, colour, &what))
        } else {
            format!("{time}  {}", paint(self.colour, colour, &what))
        };
        out.push_str(&shown);
        out.push_str(&" ".repeat(pad));
        out.push_str(o.rule);
        out.push('\n');
        let message = if self.show_user && !user_inline {
            format!("{user}: {}", crate::render::clean(&r.message()))
        } else {
            crate::render::clean(&r.message()).into_owned()
        };
        out.push_str("          ");
        out.push_str(&crate::render::wrap(&message, self.wrap_width(), 10));
        out.push('\n');
    }
}

/// Writes outcomes in one of the formats as they come.
pub struct SimWriter<W: Sink> {
    out: W,
    text: Text,
    place: Place,
    line: String,
}

impl<W: Sink> SimWriter<W> {
    pub fn new(out: W, format: Format, show_user: bool, style: &crate::render::Style) -> Self {
        SimWriter {
            out,
            text: Text::new(format, show_user, style),
            place: Place::default(),
            line: String::with_capacity(1 << 17),
        }
    }

    /// Where the text goes.
    pub fn sink(&mut self) -> &mut W {
        &mut self.out
    }

    /// The writer's style, for text written elsewhere (see [`Self::splice`]).
    pub fn text(&self) -> &Text {
        &self.text
    }

    pub fn begin(&mut self, env: &EnvironmentView) -> io::Result<()> {
        match self.text.format {
            Format::Json => {
                let env = serde_json::to_string_pretty(env).map_err(io::Error::other)?;
                let env = env.replace('\n', "\n  ");
                self.line
                    .push_str(&format!("{{\n  \"environment\": {env},\n  \"outcomes\": ["));
            }
            Format::Jsonl => {}
            Format::Table => {
                let version = env.version.as_deref().unwrap_or("current");
                let title = format!(
                    "Environment {} (version {}), times in UTC",
                    crate::render::clean(&env.name),
                    crate::render::clean(version)
                );
                let title = crate::render::wrap(&title, self.text.wrap_width(), 2);
                self.line.push_str(&paint(self.text.colour, "1", &title));
                self.line.push('\n');
            }
        }
        Ok(())
    }

    /// Outcomes gather in one buffer that goes out in large writes.
    fn drain_if_full(&mut self) -> io::Result<()> {
        if self.line.len() >= 1 << 16 {
            self.out.take(&mut self.line)?;
        }
        Ok(())
    }

    pub fn outcome(&mut self, r: &Report<'_>) -> io::Result<()> {
        self.text.outcome(&mut self.line, &mut self.place, r);
        self.drain_if_full()
    }

    /// Put in outcomes written elsewhere from [`Self::place`] on, which
    /// brought the stream to `place`.
    pub fn splice(&mut self, text: &mut String, place: Place) -> io::Result<()> {
        if !self.line.is_empty() {
            self.out.take(&mut self.line)?;
        }
        self.out.take(text)?;
        self.place = place;
        Ok(())
    }

    pub fn end(mut self, summary: &Summary) -> io::Result<()> {
        let (colour, count) = (self.text.colour, self.place.count);
        match self.text.format {
            Format::Jsonl => {
                let s = serde_json::to_string(summary).map_err(io::Error::other)?;
                self.line.push_str(&format!("{{\"summary\":{s}}}\n"));
            }
            Format::Json => {
                let s = serde_json::to_string_pretty(summary).map_err(io::Error::other)?;
                let s = s.replace('\n', "\n  ");
                let close = if count == 0 { "]" } else { "\n  ]" };
                self.line
                    .push_str(&format!("{close},\n  \"summary\": {s}\n}}\n"));
            }
            Format::Table => {
                if count == 0 {
                    self.line.push_str("No outcomes.\n");
                }
                self.line.push_str(&summary_table(summary, colour));
            }
        }
        self.out.take(&mut self.line)?;
        self.out.flush()
    }
}

fn tally<const N: usize>(t: Tally<'_, N>) -> String {
    let total = t.0.total();
    let parts: Vec<String> =
        t.1.iter()
            .zip(t.0.reasons)
            .filter(|(_, n)| *n > 0)
            .map(|(r, n)| format!("{} {n}", r.as_str()))
            .collect();
    if parts.is_empty() {
        total.to_string()
    } else {
        format!("{total} ({})", parts.join(", "))
    }
}

/// The summary block of the table format.
pub fn summary_table(s: &Summary, colour: bool) -> String {
    use crate::sim::outcome::{DENIED, REAUTH, SIGNED_OUT};
    let signed_in: Time = s.signed_in_secs;
    let rows = [
        ("users", s.users.to_string()),
        ("sign-ins", s.sign_ins.to_string()),
        ("signed out", tally(Tally(&s.signed_out, &SIGNED_OUT))),
        ("reauth required", tally(Tally(&s.reauth_required, &REAUTH))),
        ("warnings", s.warnings.to_string()),
        ("access denied", tally(Tally(&s.access_denied, &DENIED))),
        (
            "signed in",
            format!(
                "{} ({} min)",
                format_seconds(signed_in.max(0) as u64 / 60 * 60),
                s.signed_in_min()
            ),
        ),
    ];
    let mut out = format!("\n{}\n", paint(colour, "1", "Summary"));
    for (k, v) in rows {
        out.push_str(&format!("  {k:<16} {v}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_escape_scan_finds_every_byte_that_needs_it() {
        for len in 0..20 {
            for pos in 0..len {
                for bad in [0u8, 0x1f, b'"', b'\\', b'\n'] {
                    let mut v = vec![b'a'; len];
                    v[pos] = bad;
                    assert!(needs_escape(&v), "{v:?}");
                }
                let mut v = vec![b'a'; len];
                v[pos] = 0x20;
                assert!(!needs_escape(&v));
            }
        }
        assert!(!needs_escape("éèü€ 'quoted' ~\u{7f}".as_bytes()));
    }

    #[test]
    fn json_strings_are_escaped() {
        let mut s = String::new();
        push_json_str(&mut s, "a\"b\\c\nd\u{1}é");
        let back: String = serde_json::from_str(&s).unwrap();
        assert_eq!(back, "a\"b\\c\nd\u{1}é");
    }
}
