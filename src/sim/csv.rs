//! Reading a CSV timeline of many users (SPEC §6.1) as a stream.
//!
//! The CSV is read twice over in effect, without ever being held in memory:
//! the first pass checks every row and writes the events in a compact
//! binary form to an anonymous temporary file (the spool); the engine then
//! reads the spool. So every error in the file is reported before a single
//! outcome is printed, and memory stays bounded by the number of distinct
//! users, never by the number of rows.

use std::collections::HashMap;
use std::io::{BufReader, BufWriter, Read, Seek, SeekFrom, Write};

use super::event::{Account, Client, Event, Kind, Users, Via};
use super::records::{Record, RecordError, Records};
use super::time::{Time, TimeError, parse_rfc3339};
use crate::error::{Code, Location, Violation};
use crate::rules::name_key;

/// The columns a CSV may have.
pub const COLUMNS: [&str; 9] = [
    "at",
    "user",
    "kind",
    "client",
    "stay_signed_in",
    "global_context",
    "env",
    "via",
    "as_user",
];

/// Stop collecting errors after this many; the count of the rest is kept.
const MAX_ERRORS: usize = 100;

/// The bytes of one event in the spool.
const RECORD: usize = 18;

/// A checked CSV, ready to run.
pub struct Compiled {
    pub users: Vec<String>,
    pub events: u64,
    spool: std::fs::File,
}

impl Compiled {
    /// The events, in file order.
    pub fn events(self) -> std::io::Result<SpoolReader> {
        let mut f = self.spool;
        f.seek(SeekFrom::Start(0))?;
        Ok(SpoolReader {
            input: BufReader::with_capacity(1 << 16, f),
            left: self.events,
        })
    }
}

pub struct SpoolReader {
    input: BufReader<std::fs::File>,
    left: u64,
}

impl Iterator for SpoolReader {
    type Item = std::io::Result<Event>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        let mut b = [0u8; RECORD];
        if let Err(e) = self.input.read_exact(&mut b) {
            return Some(Err(e));
        }
        Some(Ok(decode(&b)))
    }
}

fn encode(ev: &Event, out: &mut [u8; RECORD]) {
    out[0..8].copy_from_slice(&ev.at.to_le_bytes());
    out[8..12].copy_from_slice(&ev.user.to_le_bytes());
    let (code, a, b, extra): (u8, u8, u8, u32) = match &ev.kind {
        Kind::SignIn {
            client,
            stay_signed_in,
            global_context,
        } => (
            0,
            Client::ALL.iter().position(|c| c == client).unwrap_or(0) as u8,
            u8::from(*stay_signed_in) | (u8::from(*global_context) << 1),
            0,
        ),
        Kind::Activity => (1, 0, 0, 0),
        Kind::Access { as_user } => (2, 0, 0, as_user.map_or(0, |a| a + 1)),
        Kind::OpenEnv { legacy, via } => (3, u8::from(*legacy), u8::from(*via == Via::ManualUrl), 0),
        Kind::SignOut => (4, 0, 0, 0),
        Kind::Account(a) => (
            5,
            match a {
                Account::Disabled => 0,
                Account::Deleted => 1,
                Account::SignInBlocked => 2,
                Account::RefreshTokenRevoked => 3,
                Account::Enabled => 4,
            },
            0,
            0,
        ),
        Kind::OutageStart => (6, 0, 0, 0),
        Kind::OutageEnd => (7, 0, 0, 0),
        // Settings events are refused in CSV before they get here.
        Kind::End | Kind::Settings(_) => (8, 0, 0, 0),
    };
    out[12] = code;
    // `a` is below 16 and `b` below 4: one byte holds both.
    out[13] = a | (b << 4);
    out[14..18].copy_from_slice(&extra.to_le_bytes());
}

fn decode(b: &[u8; RECORD]) -> Event {
    let at = i64::from_le_bytes(b[0..8].try_into().unwrap_or_default());
    let user = u32::from_le_bytes(b[8..12].try_into().unwrap_or_default());
    let extra = u32::from_le_bytes(b[14..18].try_into().unwrap_or_default());
    let (a, hi) = (b[13] & 0x0f, b[13] >> 4);
    let kind = match b[12] {
        0 => Kind::SignIn {
            client: Client::ALL[usize::from(a) % Client::ALL.len()],
            stay_signed_in: hi & 1 != 0,
            global_context: hi & 2 != 0,
        },
        1 => Kind::Activity,
        2 => Kind::Access {
            as_user: extra.checked_sub(1),
        },
        3 => Kind::OpenEnv {
            legacy: a != 0,
            via: if hi != 0 { Via::ManualUrl } else { Via::Link },
        },
        4 => Kind::SignOut,
        5 => Kind::Account(match a {
            0 => Account::Disabled,
            1 => Account::Deleted,
            2 => Account::SignInBlocked,
            3 => Account::RefreshTokenRevoked,
            _ => Account::Enabled,
        }),
        6 => Kind::OutageStart,
        7 => Kind::OutageEnd,
        _ => Kind::End,
    };
    Event { at, user, kind }
}

/// Whether another environment (by name) exists, and if it is older than
/// 9.1.0.3647.
pub type EnvLookup<'a> = dyn FnMut(&str) -> Option<bool> + 'a;

/// Check every row and spool the events. `file` names the input in errors.
pub fn compile(
    input: impl Read,
    file: &str,
    env_lookup: &mut EnvLookup<'_>,
) -> Result<Compiled, Vec<Violation>> {
    let io_error = |e: std::io::Error| vec![Violation::new(Code::Io, format!("{file}: {e}"))];
    let spool = tempfile::tempfile().map_err(io_error)?;
    let mut out = BufWriter::with_capacity(1 << 16, spool);
    let mut reader = Records::new(input);
    let mut errors: Vec<Violation> = Vec::new();
    let mut more = 0usize;
    let at = |line: u64, column: usize| Location {
        file: file.to_string(),
        line: line as usize,
        column: Some(column),
    };
    let record_error = |e: RecordError| match e {
        RecordError::Utf8 { line } => {
            Violation::new(Code::Syntax, "this line is not valid UTF-8").at(at(line, 1))
        }
        RecordError::Unterminated { line } => Violation::new(
            Code::Syntax,
            "invalid CSV: a quoted field is not closed before the end of the file",
        )
        .at(at(line, 1)),
        RecordError::Quote { line, column } => Violation::new(
            Code::Syntax,
            "invalid CSV: a quote inside an unquoted field or after a closing quote",
        )
        .at(at(line, column)),
        RecordError::Io(e) => Violation::new(Code::Io, format!("cannot read {file}: {e}")),
    };

    // The header names the columns, in any order; unknown ones are errors.
    let mut index = [usize::MAX; COLUMNS.len()];
    let width = match reader.next_record().map_err(|e| vec![record_error(e)])? {
        None => {
            return Err(vec![
                Violation::new(Code::Syntax, "the CSV is empty: it needs a header line")
                    .at(at(1, 1))
                    .allowed(COLUMNS.join(",")),
            ]);
        }
        Some(header) => {
            for i in 0..header.len() {
                let name = header.get(i).unwrap_or_default();
                let trimmed = name.trim().trim_start_matches('\u{feff}');
                match COLUMNS.iter().position(|c| *c == trimmed) {
                    Some(c) if index[c] == usize::MAX => index[c] = i,
                    Some(_) => errors.push(
                        Violation::new(Code::Syntax, format!("column {trimmed:?} appears twice"))
                            .at(at(1, header.column(i))),
                    ),
                    None => errors.push(
                        Violation::new(Code::Unknown, format!("unknown column {trimmed:?}"))
                            .value(trimmed)
                            .allowed(COLUMNS.join(","))
                            .at(at(1, header.column(i))),
                    ),
                }
            }
            header.len()
        }
    };
    for (c, required) in [(0, "at"), (2, "kind")] {
        if index[c] == usize::MAX {
            errors.push(
                Violation::new(Code::Syntax, format!("the header has no {required:?} column"))
                    .allowed(COLUMNS.join(","))
                    .at(at(1, 1)),
            );
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }

    let mut users = Users::default();
    let mut envs: HashMap<String, Option<bool>> = HashMap::new();
    let mut previous: Option<(Time, u64)> = None;
    let mut count = 0u64;
    let mut buf = [0u8; RECORD];
    loop {
        let rec = match reader.next_record() {
            Ok(Some(r)) => r,
            Ok(None) => break,
            Err(e) => {
                errors.push(record_error(e));
                break;
            }
        };
        let line = rec.line;
        let mut fail = |v: Violation, column: usize| {
            if errors.len() < MAX_ERRORS {
                errors.push(v.at(at(line, column)));
            } else {
                more += 1;
            }
        };
        if rec.len() == 1 && rec.get(0) == Some("") {
            continue; // a blank line
        }
        if rec.len() != width {
            fail(
                Violation::new(
                    Code::Syntax,
                    format!("this row has {} fields, the header {width}", rec.len()),
                ),
                1,
            );
            continue;
        }
        match parse_row(&rec, &index, &mut users, &mut envs, env_lookup) {
            Ok(ev) => {
                if let Some((p, pline)) = previous
                    && ev.at < p
                {
                    fail(
                        Violation::new(
                            Code::Order,
                            format!(
                                "this row ({}) is earlier than the one before it ({}, line {pline}) — sort the CSV by time first",
                                super::time::format_rfc3339(ev.at),
                                super::time::format_rfc3339(p)
                            ),
                        ),
                        rec.column(index[0]),
                    );
                    continue;
                }
                previous = Some((ev.at, line));
                if errors.is_empty() {
                    encode(&ev, &mut buf);
                    out.write_all(&buf).map_err(io_error)?;
                    count += 1;
                }
            }
            Err((v, field)) => fail(v, rec.column(field)),
        }
    }
    if more > 0 {
        errors.push(Violation::new(
            Code::Syntax,
            format!("… and {more} more errors in {file}"),
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let spool = out
        .into_inner()
        .map_err(|e| io_error(e.into_error()))?;
    Ok(Compiled {
        users: users.into_names(),
        events: count,
        spool,
    })
}

fn text<'r>(record: &Record<'r>, index: &[usize], col: usize) -> &'r str {
    match index[col] {
        usize::MAX => "",
        i => record.get(i).unwrap_or_default(),
    }
}

/// A field that is missing from the header points at the line's start.
fn field_of(index: &[usize], col: usize) -> usize {
    if index[col] == usize::MAX { 0 } else { index[col] }
}

fn flag(record: &Record<'_>, index: &[usize], col: usize) -> Result<bool, (Violation, usize)> {
    let v = text(record, index, col);
    match v {
        "" | "false" | "0" => Ok(false),
        "true" | "1" => Ok(true),
        _ => match v.to_ascii_lowercase().as_str() {
            "false" | "no" => Ok(false),
            "true" | "yes" => Ok(true),
            _ => Err((
                Violation::new(
                    Code::Syntax,
                    format!("{} {v:?} is not true or false", COLUMNS[col]),
                )
                .value(v)
                .allowed("true, false (or empty)"),
                field_of(index, col),
            )),
        },
    }
}

fn parse_row(
    record: &Record<'_>,
    index: &[usize; COLUMNS.len()],
    users: &mut Users,
    envs: &mut HashMap<String, Option<bool>>,
    env_lookup: &mut EnvLookup<'_>,
) -> Result<Event, (Violation, usize)> {
    let at_text = text(record, index, 0);
    let at = parse_rfc3339(at_text).map_err(|e| {
        let why = match e {
            TimeError::NoOffset => "has no UTC offset (add Z or ±hh:mm)",
            TimeError::Range => "is not a real date and time",
            TimeError::Form => "is not an RFC 3339 time",
        };
        (
            Violation::new(Code::Syntax, format!("at {at_text:?} {why}"))
                .value(at_text)
                .allowed("RFC 3339 with an offset, e.g. 2026-03-02T08:00:00Z"),
            field_of(index, 0),
        )
    })?;
    let kind_text = text(record, index, 2);
    let user_text = text(record, index, 1);
    let needs_user = !matches!(kind_text, "outage-start" | "outage-end" | "end");
    if needs_user && user_text.trim().is_empty() {
        return Err((
            Violation::new(Code::Syntax, format!("this {kind_text} row needs a user")),
            field_of(index, 1),
        ));
    }
    let user = users.id(user_text);
    let kind = match kind_text {
        "activity" => Kind::Activity,
        "sign-in" => {
            let c = text(record, index, 3);
            let client = if c.is_empty() {
                Client::Web
            } else {
                Client::parse(c).ok_or_else(|| {
                    (
                        Violation::new(Code::Unknown, format!("unknown client {c:?}"))
                            .value(c)
                            .allowed(Client::ALL.map(Client::as_str).join(", ")),
                        field_of(index, 3),
                    )
                })?
            };
            Kind::SignIn {
                client,
                stay_signed_in: flag(record, index, 4)?,
                global_context: flag(record, index, 5)?,
            }
        }
        "access" => {
            let a = text(record, index, 8);
            Kind::Access {
                as_user: (!a.is_empty()).then(|| users.id(a)),
            }
        }
        "open-env" => {
            let name = text(record, index, 6);
            if name.is_empty() {
                return Err((
                    Violation::new(Code::Syntax, "an open-env row needs env"),
                    field_of(index, 6),
                ));
            }
            let key = name_key(name);
            let legacy = match envs.get(&key) {
                Some(l) => *l,
                None => {
                    let l = env_lookup(name);
                    envs.insert(key, l);
                    l
                }
            }
            .ok_or_else(|| {
                (
                    Violation::new(Code::Unknown, format!("unknown environment {name:?}"))
                        .value(name)
                        .hint("add it with `sessadm env add`"),
                    field_of(index, 6),
                )
            })?;
            let via = match text(record, index, 7) {
                "" | "link" => Via::Link,
                "manual-url" => Via::ManualUrl,
                v => {
                    return Err((
                        Violation::new(Code::Unknown, format!("unknown via {v:?}"))
                            .value(v)
                            .allowed("link, manual-url"),
                        field_of(index, 7),
                    ));
                }
            };
            Kind::OpenEnv { legacy, via }
        }
        "sign-out" => Kind::SignOut,
        "account-disabled" => Kind::Account(Account::Disabled),
        "account-deleted" => Kind::Account(Account::Deleted),
        "sign-in-blocked" => Kind::Account(Account::SignInBlocked),
        "refresh-token-revoked" => Kind::Account(Account::RefreshTokenRevoked),
        "account-enabled" => Kind::Account(Account::Enabled),
        "outage-start" => Kind::OutageStart,
        "outage-end" => Kind::OutageEnd,
        "end" => Kind::End,
        "settings" => {
            return Err((
                Violation::new(
                    Code::Unknown,
                    "settings events are for TOML and JSON scenarios, not CSV",
                )
                .value("settings"),
                field_of(index, 2),
            ));
        }
        k => {
            return Err((
                Violation::new(Code::Unknown, format!("unknown event kind {k:?}"))
                    .value(k)
                    .allowed(super::event::KINDS.join(", ")),
                field_of(index, 2),
            ));
        }
    };
    Ok(Event { at, user, kind })
}
