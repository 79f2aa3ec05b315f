//! Reading a CSV timeline of many users (SPEC §6.1) as a stream.
//!
//! Rows are checked one by one and handed on in batches of events, with the
//! user names first seen in each batch; every error in the file is collected
//! (up to a hundred, then counted). Memory stays bounded by the number of
//! distinct users, never by the number of rows. The caller decides what may
//! be printed before the last row has been checked (see `simulate`).

use std::collections::HashMap;
use std::io::Read;

use super::event::{Client, Event, Kind, Users, Via};
use super::records::{MAX_RECORD_SHOWN, Record, RecordError, Records};
use super::time::{Time, parse_rfc3339};
use crate::error::{Code, Location, Violation};
use crate::text::{codepoint, cut, is_forbidden, shown};

/// The names of the columns a CSV may have, in the order of [`Column`].
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

/// A column a CSV may have; `as usize` is its place in [`COLUMNS`].
#[derive(Clone, Copy)]
enum Column {
    At,
    User,
    Kind,
    Client,
    StaySignedIn,
    GlobalContext,
    Env,
    Via,
    AsUser,
}

impl Column {
    const ALL: [Column; COLUMNS.len()] = [
        Column::At,
        Column::User,
        Column::Kind,
        Column::Client,
        Column::StaySignedIn,
        Column::GlobalContext,
        Column::Env,
        Column::Via,
        Column::AsUser,
    ];

    fn name(self) -> &'static str {
        COLUMNS[self as usize]
    }
}

/// Where each column is in a row, by [`Column`]; `usize::MAX` when the
/// header lacks it.
type Places = [usize; COLUMNS.len()];

/// Stop collecting errors after this many; the count of the rest is kept.
const MAX_ERRORS: usize = 100;

/// Events a batch: large enough to make handing over cheap, small enough
/// to keep memory flat.
pub const BATCH: usize = 8192;

/// Checked events, and the names of the users they introduce.
#[derive(Debug, Default)]
pub struct Batch {
    /// Names of users first seen in this batch, in id order.
    pub names: Vec<String>,
    pub events: Vec<Event>,
    /// How far into the input the batch ends, in bytes, when the caller
    /// counts them (for progress).
    pub offset: u64,
}

/// Whether another environment (by name, compared case-insensitively as
/// `rules::name_key` does) exists, and if it is older than 9.1.0.3647.
pub type EnvLookup<'a> = dyn FnMut(&str) -> Option<bool> + 'a;

/// Check every row, handing on the events in batches through `send`
/// (which returns false to stop). Returns the number of events, or every
/// violation found; after the first violation no more events are sent.
/// `file` names the input in errors.
pub fn read(
    input: impl Read,
    file: &str,
    env_lookup: &mut EnvLookup<'_>,
    send: &mut dyn FnMut(Batch) -> bool,
) -> Result<u64, Vec<Violation>> {
    let mut reader = Records::new(input);
    let at = |line: u64, column: usize| location(file, line, column);
    let Header { index, names } = read_header(&mut reader, file)?;
    let width = names.len();
    let mut errors: Vec<Violation> = Vec::new();
    let mut more = 0usize;

    let mut users = Users::default();
    let mut envs: HashMap<String, Option<bool>> = HashMap::new();
    let mut previous: Option<(Time, u64)> = None;
    let mut count = 0u64;
    let mut batch = Batch::default();
    let mut named = 0usize;
    let mut flush = |batch: &mut Batch, users: &Users, named: &mut usize| {
        batch.names = (*named..users.len())
            .map(|id| users.name(id as u32).to_string())
            .collect();
        *named = users.len();
        send(std::mem::take(batch))
    };
    loop {
        let rec = match reader.next_record() {
            Ok(Some(r)) => r,
            Ok(None) => break,
            Err(e) => {
                errors.push(record_violation(e, file));
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
        if let Some((v, column)) = forbidden(&rec, &names) {
            fail(v, column);
            continue;
        }
        match parse_row(&rec, &index, &mut users, &mut envs, env_lookup) {
            Ok(ev) => {
                if let Some(v) = out_of_order(ev.at, previous) {
                    fail(v, rec.column(index[Column::At as usize]));
                    continue;
                }
                previous = Some((ev.at, line));
                if errors.is_empty() {
                    batch.events.push(ev);
                    count += 1;
                    if batch.events.len() == BATCH && !flush(&mut batch, &users, &mut named) {
                        return Ok(count);
                    }
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
    if !batch.events.is_empty() || named < users.len() {
        flush(&mut batch, &users, &mut named);
    }
    Ok(count)
}

/// A row earlier than the one before it (at `previous`: its time and
/// line): a CSV timeline must be sorted by time.
fn out_of_order(at: Time, previous: Option<(Time, u64)>) -> Option<Violation> {
    let (p, pline) = previous?;
    (at < p).then(|| {
        Violation::new(
            Code::Order,
            format!(
                "this row ({}) is earlier than the one before it ({}, line {pline}) — sort the CSV by time first",
                super::time::format_rfc3339(at),
                super::time::format_rfc3339(p)
            ),
        )
    })
}

fn location(file: &str, line: u64, column: usize) -> Location {
    Location {
        file: file.to_string(),
        line: line as usize,
        column: Some(column),
    }
}

/// What the record reader could not make out, as a person reads it.
fn record_violation(e: RecordError, file: &str) -> Violation {
    let at = |line: u64, column: usize| location(file, line, column);
    match e {
        RecordError::Utf8 { line, column, byte } => Violation::new(
            Code::Syntax,
            format!(
                "this line is not UTF-8 text (byte 0x{byte:02x} is not valid UTF-8) — save the CSV as UTF-8"
            ),
        )
        .at(at(line, column)),
        RecordError::TooLong { line } => Violation::new(
            Code::Syntax,
            format!(
                "this record is longer than {MAX_RECORD_SHOWN} — a timeline row is one event of a few dozen characters"
            ),
        )
        .at(at(line, 1)),
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
    }
}

/// Where the header puts each column, and each field's column name by its
/// place in the row.
struct Header {
    index: Places,
    names: Vec<&'static str>,
}

/// The header names the columns, in any order; an unknown or repeated
/// column, or a missing `at` or `kind`, is an error.
fn read_header(reader: &mut Records<impl Read>, file: &str) -> Result<Header, Vec<Violation>> {
    let at = |line: u64, column: usize| location(file, line, column);
    let mut errors: Vec<Violation> = Vec::new();
    let mut index: Places = [usize::MAX; COLUMNS.len()];
    let Some(header) = reader
        .next_record()
        .map_err(|e| vec![record_violation(e, file)])?
    else {
        return Err(vec![
            Violation::new(Code::Syntax, "the CSV is empty: it needs a header line")
                .at(at(1, 1))
                .allowed(COLUMNS.join(",")),
        ]);
    };
    for i in 0..header.len() {
        let name = header.get(i).unwrap_or_default();
        let trimmed = name.trim().trim_start_matches('\u{feff}');
        match Column::ALL.into_iter().find(|c| c.name() == trimmed) {
            Some(c) if index[c as usize] == usize::MAX => index[c as usize] = i,
            Some(_) => errors.push(
                Violation::new(
                    Code::Syntax,
                    format!("column {} appears twice", shown(trimmed)),
                )
                .at(at(1, header.column(i))),
            ),
            None => errors.push(
                Violation::new(Code::Unknown, format!("unknown column {}", shown(trimmed)))
                    .value(cut(trimmed))
                    .allowed(COLUMNS.join(","))
                    .at(at(1, header.column(i))),
            ),
        }
    }
    let mut names = vec![""; header.len()];
    for c in Column::ALL {
        let i = index[c as usize];
        if i != usize::MAX {
            names[i] = c.name();
        }
    }
    for required in [Column::At, Column::Kind] {
        if index[required as usize] == usize::MAX {
            errors.push(
                Violation::new(
                    Code::Syntax,
                    format!("the header has no {:?} column", required.name()),
                )
                .allowed(COLUMNS.join(","))
                .at(at(1, 1)),
            );
        }
    }
    if errors.is_empty() {
        Ok(Header { index, names })
    } else {
        Err(errors)
    }
}

/// A kind as a message names it: a plain word as it is, anything else
/// quoted, escaped and cut (it may hold a line break or U+202E).
fn kind_word(kind: &str) -> std::borrow::Cow<'_, str> {
    if !kind.is_empty()
        && kind.len() <= 40
        && kind.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
    {
        std::borrow::Cow::Borrowed(kind)
    } else {
        std::borrow::Cow::Owned(crate::text::shown(kind))
    }
}

fn text<'r>(record: &Record<'r>, index: &Places, col: Column) -> &'r str {
    match index[col as usize] {
        usize::MAX => "",
        i => record.get(i).unwrap_or_default(),
    }
}

/// A field that is missing from the header points at the line's start.
fn field_of(index: &Places, col: Column) -> usize {
    match index[col as usize] {
        usize::MAX => 0,
        i => i,
    }
}

fn flag(record: &Record<'_>, index: &Places, col: Column) -> Result<bool, (Violation, usize)> {
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
                    format!("{} {} is not true or false", col.name(), shown(v)),
                )
                .value(cut(v))
                .allowed("true, false (or empty)"),
                field_of(index, col),
            )),
        },
    }
}

/// The first forbidden character (SPEC §2: controls, bidi and zero-width
/// format characters) in any field of the row, pointed at exactly.
fn forbidden(record: &Record<'_>, names: &[&str]) -> Option<(Violation, usize)> {
    // Most rows are printable ASCII: one pass over the bytes, no branch
    // per byte, clears them. Anything else is looked at character by
    // character.
    let unusual = record
        .text()
        .bytes()
        .fold(false, |any, b| any | (b.wrapping_sub(0x20) >= 0x5f));
    if !unusual {
        return None;
    }
    (0..record.len()).find_map(|i| {
        let field = record.get(i)?;
        let (at, c) = field
            .char_indices()
            .find(|&(_, c)| is_forbidden(c, false))?;
        let name = names.get(i).copied().unwrap_or("this field");
        Some((
            Violation::new(
                Code::Syntax,
                format!(
                    "{name} contains {}, a control or invisible character — remove it",
                    codepoint(c)
                ),
            )
            .value(cut(field)),
            record.column_in(i, at),
        ))
    })
}

/// The event kinds as a CSV row names them.
enum Named {
    SignIn,
    Access,
    OpenEnv,
    Simple(Kind),
}

/// One row as an event.
///
/// Columns that do not belong to the row's kind are held to what the same
/// key gets in a TOML event: a TOML event accepts every event key whatever
/// its kind and checks its value, so here a non-empty `client`, `via`,
/// `stay_signed_in` or `global_context` is checked on every row, with the
/// same words, and only then ignored where the kind has no use for it.
/// `env` is stricter than TOML: a name on any row must be an environment
/// that exists, since a row naming one that does not is a mistake whatever
/// its kind. An empty column is absent.
fn parse_row(
    record: &Record<'_>,
    index: &Places,
    users: &mut Users,
    envs: &mut HashMap<String, Option<bool>>,
    env_lookup: &mut EnvLookup<'_>,
) -> Result<Event, (Violation, usize)> {
    let at_text = text(record, index, Column::At);
    let at = parse_rfc3339(at_text).map_err(|e| {
        (
            Violation::new(Code::Syntax, format!("at {} {}", shown(at_text), e.why()))
                .value(cut(at_text))
                .allowed("RFC 3339 with an offset, e.g. 2026-03-02T08:00:00Z"),
            field_of(index, Column::At),
        )
    })?;
    let kind_text = text(record, index, Column::Kind);
    let named = match kind_text {
        "sign-in" => Named::SignIn,
        "access" => Named::Access,
        "open-env" => Named::OpenEnv,
        "settings" => {
            return Err((
                Violation::new(
                    Code::Unknown,
                    "settings events are for TOML and JSON scenarios, not CSV",
                )
                .value("settings"),
                field_of(index, Column::Kind),
            ));
        }
        k => Named::Simple(
            Kind::simple(k)
                .ok_or_else(|| (Kind::unknown(&cut(k)), field_of(index, Column::Kind)))?,
        ),
    };
    let user_text = text(record, index, Column::User);
    let needs_user = !matches!(kind_text, "outage-start" | "outage-end" | "end");
    if needs_user && user_text.trim().is_empty() {
        return Err((
            Violation::new(
                Code::Syntax,
                format!("this {} row needs a user", kind_word(kind_text)),
            ),
            field_of(index, Column::User),
        ));
    }
    let client = match text(record, index, Column::Client) {
        "" => Client::Web,
        c => Client::parse(c)
            .ok_or_else(|| (Client::unknown(&cut(c)), field_of(index, Column::Client)))?,
    };
    let stay_signed_in = flag(record, index, Column::StaySignedIn)?;
    let global_context = flag(record, index, Column::GlobalContext)?;
    let env = match text(record, index, Column::Env) {
        "" => None,
        name => Some(environment(name, envs, env_lookup).ok_or_else(|| {
            (
                Violation::new(
                    Code::Unknown,
                    format!("unknown environment {}", shown(name)),
                )
                .value(cut(name))
                .hint("add it with `sessadm env add`"),
                field_of(index, Column::Env),
            )
        })?),
    };
    let via = match text(record, index, Column::Via) {
        "" => Via::Link,
        v => Via::parse(v).ok_or_else(|| (Via::unknown(&cut(v)), field_of(index, Column::Via)))?,
    };
    let user = users.id(user_text);
    let kind = match named {
        Named::SignIn => Kind::SignIn {
            client,
            stay_signed_in,
            global_context,
        },
        Named::Access => {
            let a = text(record, index, Column::AsUser);
            Kind::Access {
                as_user: (!a.is_empty()).then(|| users.id(a)),
            }
        }
        Named::OpenEnv => match env {
            Some(legacy) => Kind::OpenEnv { legacy, via },
            None => {
                return Err((
                    Violation::new(Code::Syntax, "an open-env row needs env"),
                    field_of(index, Column::Env),
                ));
            }
        },
        Named::Simple(k) => k,
    };
    Ok(Event { at, user, kind })
}

/// Whether the environment called `name` exists and is older than
/// 9.1.0.3647. Cached by the name as written, so that a repeated name
/// costs no allocation; the lookup itself ignores case.
fn environment(
    name: &str,
    envs: &mut HashMap<String, Option<bool>>,
    env_lookup: &mut EnvLookup<'_>,
) -> Option<bool> {
    match envs.get(name) {
        Some(l) => *l,
        None => {
            let l = env_lookup(name);
            envs.insert(name.to_string(), l);
            l
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::name_key;
    use crate::sim::event::KINDS;

    const HEADER: &str = "at,user,kind,env\n";

    /// Read `rows` under [`HEADER`]: the events, or the errors as printed.
    fn run(rows: &str, lookup: &mut EnvLookup<'_>) -> Result<Vec<Event>, Vec<String>> {
        read_all(&format!("{HEADER}{rows}"), lookup)
            .map_err(|e| e.iter().map(ToString::to_string).collect())
    }

    /// Read a whole CSV: the events, or the violations.
    fn read_all(input: &str, lookup: &mut EnvLookup<'_>) -> Result<Vec<Event>, Vec<Violation>> {
        let mut events = Vec::new();
        let mut send = |b: Batch| {
            events.extend(b.events);
            true
        };
        read(input.as_bytes(), "t.csv", lookup, &mut send)?;
        Ok(events)
    }

    #[test]
    fn errors_stop_at_a_hundred_and_the_rest_are_counted() {
        let row = "2026-03-02T08:00:00Z,u,dance,\n";
        let errors = run(&row.repeat(100), &mut |_| None).unwrap_err();
        assert_eq!(errors.len(), 100);
        assert_eq!(
            errors[99],
            "t.csv:101:24: error[unknown]: unknown event kind \"dance\""
        );
        let errors = run(&row.repeat(101), &mut |_| None).unwrap_err();
        assert_eq!(errors.len(), 101);
        assert_eq!(
            errors[99],
            "t.csv:101:24: error[unknown]: unknown event kind \"dance\""
        );
        assert_eq!(errors[100], "error[syntax]: … and 1 more errors in t.csv");
    }

    #[test]
    fn unknown_names_say_what_is_allowed() {
        let input = "at,user,kind,client,env,via\n\
                     2026-03-02T08:00:00Z,u,dance,,,\n\
                     2026-03-02T08:00:00Z,u,sign-in,fax,,\n\
                     2026-03-02T08:00:00Z,u,open-env,,dev,url\n\
                     2026-03-02T08:00:00Z,u,open-env,,dev,manual-url\n\
                     2026-03-02T08:00:00Z,u,open-env,,dev,\n";
        let errors = read_all(input, &mut |_| Some(false)).unwrap_err();
        let shown: Vec<_> = errors
            .iter()
            .map(|v| (v.to_string(), v.value.clone(), v.allowed.clone()))
            .collect();
        let some = |s: &str| Some(s.to_string());
        assert_eq!(
            shown,
            [
                (
                    "t.csv:2:24: error[unknown]: unknown event kind \"dance\"".to_string(),
                    some("dance"),
                    some(&KINDS.join(", "))
                ),
                (
                    "t.csv:3:32: error[unknown]: unknown client \"fax\"".to_string(),
                    some("fax"),
                    some(
                        "web, outlook, outlook-app, mobile, usd-wpf, usd-ie, live-assist, canvas-app, \
                         web-resource, portal"
                    )
                ),
                (
                    "t.csv:4:38: error[unknown]: unknown via \"url\"".to_string(),
                    some("url"),
                    some("link, manual-url")
                ),
            ]
        );
    }

    #[test]
    fn environments_are_found_whatever_their_case_and_asked_once_a_spelling() {
        let mut asked = Vec::new();
        let mut lookup = |name: &str| {
            asked.push(name.to_string());
            (name_key(name) == "dev").then_some(true)
        };
        let rows = "2026-03-02T08:00:00Z,u,open-env,Dev\n\
                    2026-03-02T08:01:00Z,u,open-env,dev\n\
                    2026-03-02T08:02:00Z,u,open-env,Dev\n\
                    2026-03-02T08:03:00Z,u,open-env,DEV\n";
        let events = run(rows, &mut lookup).unwrap();
        assert_eq!(events.len(), 4);
        assert!(events.iter().all(|e| e.kind
            == Kind::OpenEnv {
                legacy: true,
                via: Via::Link
            }));
        assert_eq!(asked, ["Dev", "dev", "DEV"]);
    }

    #[test]
    fn an_unknown_environment_is_an_error_on_every_row() {
        let mut lookup = |_: &str| None;
        let rows = "2026-03-02T08:00:00Z,u,open-env,qa\n\
                    2026-03-02T08:01:00Z,u,open-env,qa\n";
        let errors = run(rows, &mut lookup).unwrap_err();
        assert_eq!(
            errors,
            [
                "t.csv:2:33: error[unknown]: unknown environment \"qa\" — add it with `sessadm env add`",
                "t.csv:3:33: error[unknown]: unknown environment \"qa\" — add it with `sessadm env add`",
            ]
        );
    }
}
