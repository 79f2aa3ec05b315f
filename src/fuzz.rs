//! Fuzz targets for every parser of outside input (SPEC §9: no panic on any
//! input; every error is actionable): scenario TOML/JSON, scenario CSV,
//! policy TOML/JSON, Dataverse responses, the located JSON reader they share,
//! durations and times.
//!
//! Each target feeds three kinds of input: arbitrary text, mutations of a
//! valid seed (byte edits, spliced tokens, replaced values, deep nesting),
//! and values generated from a grammar with edge numbers. Whatever comes in,
//! a parser either refuses it with violations that each carry a code and a
//! one-line message, or gives a result that is sane (valid by the rules,
//! in order, and written back out it reads back the same).
//!
//! The case counts are modest so that `cargo test` stays quick; the
//! `PROPTEST_CASES` environment variable, when set, overrides every count
//! here for a long run by hand. Only public entry points are called, so
//! the targets hold whatever the parsers check inside.

use proptest::prelude::*;
use proptest::sample::Index;

use crate::duration::{format_min, format_seconds, parse_minutes, parse_offset_seconds};
use crate::error::Violation;
use crate::located::{Doc, Node, Value};
use crate::model::{Environment, Settings, Tenant};
use crate::policy::{self, dataverse, export, plan};
use crate::rules;
use crate::sim::csv;
use crate::sim::engine::Engine;
use crate::sim::scenario::{self, Context};
use crate::sim::time::{self, format_rfc3339, parse_rfc3339};

/// `cases` unless `PROPTEST_CASES` asks for another number: proptest's
/// default config reads that variable, `with_cases` would ignore it.
fn config(cases: u32) -> ProptestConfig {
    let default = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_some() {
        default
    } else {
        ProptestConfig { cases, ..default }
    }
}

// ---------------------------------------------------------------------------
// Seeds: valid inputs, kept as they are in the repository where there is one.

const SCENARIO_TOML: &[&str] = &[
    include_str!("../examples/workday.toml"),
    include_str!("../examples/bypass.toml"),
    include_str!("../examples/outage.toml"),
    include_str!("../examples/settings-change.toml"),
    include_str!("../examples/account-disabled.toml"),
    include_str!("../examples/inactivity-web-vs-outlook.toml"),
];
const SCENARIO_JSON: &[&str] = &[include_str!("../examples/outage.json")];
const SCENARIO_CSV: &str = include_str!("../examples/team.csv");
const DATAVERSE: &str = include_str!("../tests/fixtures/dataverse/organizations-response.json");
/// The six columns alone: small, so that most edits land on them.
const DATAVERSE_SMALL: &str = r#"{"@odata.context": "https://x/api/data/v9.2/$metadata#organizations", "value": [{
  "name": "contoso-prod", "organizationid": "0b0c0d0e-0000-0000-0000-000000000001",
  "sessiontimeoutenabled": true, "sessiontimeoutinmins": 480,
  "sessiontimeoutreminderinmins": 20, "inactivitytimeoutenabled": true,
  "inactivitytimeoutinmins": 30, "inactivitytimeoutreminderinmins": 5}]}"#;
/// SPEC §7's example, with a second environment whose timeouts are off but
/// keep their values.
const POLICY_TOML: &str = r#"[tenant]
token_lifetime = "90d"

[[environments]]
name = "contoso-prod"
url = "https://contoso.crm.dynamics.com"
version = "9.2.24034.205"
description = "Production"
session_length = "8h"      # absent = custom session timeout off
session_warning = "20m"
inactivity = "30m"         # absent = inactivity timeout off
inactivity_warning = "5m"

[[environments]]
name = "contoso-dev"
url = "http://127.0.0.1:8080"
version = "9.0"
session_timeout = false
session_length = 90
inactivity_timeout = false
inactivity = "1h"
"#;
const POLICY_JSON: &str = r#"{
  "tenant": {"token_lifetime": "90d"},
  "environments": [
    {"name": "contoso-prod", "url": "https://contoso.crm.dynamics.com",
     "version": "9.2.24034.205", "description": "Production\ttabbed",
     "session_length": "8h", "session_warning": "20m",
     "inactivity": "30m", "inactivity_warning": "5m"},
    {"name": "contoso-dev", "session_timeout": false, "session_length": 90,
     "inactivity_timeout": false, "inactivity": "1h"}
  ]
}"#;

// ---------------------------------------------------------------------------
// Mutations.

/// Tokens that tend to break parsers.
const BREAKERS: &[&str] = &[
    "\"",
    "'",
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "=",
    "\\",
    "\\u",
    "\\ud800",
    "\\udc00\\ud800",
    "\\u0000",
    "\n",
    "\r",
    "\r\n",
    "\t",
    "#",
    "'''",
    "\"\"\"",
    "\u{202e}",
    "\u{200b}",
    "\u{feff}",
    "\u{85}",
    "\u{1b}[2J",
    "\0",
    "é",
    "😀",
    "-",
    "+",
    "-0",
    "9999999999999999999",
    "18446744073709551616",
    "-9223372036854775809",
    "1e400",
    "-1e400",
    "nan",
    "inf",
    "0x7fffffffffffffff",
    "+99999999d",
];

/// Values, valid and at their edges, that keep a parser going past the
/// syntax into the rules.
const VALUES: &[&str] = &[
    "0",
    "-1",
    "4294967296",
    "0.5",
    "36601d",
    "36600d",
    "99999999999999999999m",
    "1h30m",
    "8h",
    "24h",
    "25h",
    "0m",
    "4m",
    "5m",
    "59",
    "60",
    "1440",
    "1441",
    "366d",
    "+30s",
    "+0m",
    "+8h",
    "2026-03-02T08:00:00Z",
    "2026-02-29T08:00:00Z",
    "9998-12-31T00:00:00Z",
    "9998-12-31T00:00:00-23:59",
    "0001-01-01T00:00:00+23:59",
    "2026-03-02T23:59:60Z",
    "1979-05-27T07:32:00",
    "true",
    "false",
    "null",
    "sign-in",
    "activity",
    "settings",
    "open-env",
    "access",
    "end",
    "outage-start",
    "web",
    "outlook",
    "usd-ie",
    "web-resource",
    "manual-url",
    "link",
    "contoso-prod",
    "contoso-legacy",
    "CONTOSO-PROD",
    "alice@contoso.com",
    "",
    " ",
    "http://example.com",
    "http://127.0.0.1",
    "https://",
    "https://a.b/c",
    "9.0",
    "9.1.0.3647",
    "9.1.0.3646",
    "1.2.3.4.5",
    "x\u{202e}y",
];

#[derive(Debug, Clone)]
enum Edit {
    /// Flip one bit of a byte.
    Flip(Index, u8),
    Insert(Index, u8),
    Delete(Index, usize),
    /// Copy a slice to another place.
    Duplicate(Index, usize, Index),
    Splice(Index, &'static str),
    /// Replace what follows the n-th delimiter (`"`, `,`, `=`, `:`, newline)
    /// up to the next one: a value swapped, the structure kept.
    Field(Index, &'static str),
    /// Open many arrays or tables at one place.
    Nest(Index, &'static str, usize),
}

fn edit() -> BoxedStrategy<Edit> {
    let token = prop::sample::select(BREAKERS);
    let value = prop_oneof![
        3 => prop::sample::select(VALUES),
        1 => prop::sample::select(BREAKERS),
    ];
    prop_oneof![
        2 => (any::<Index>(), 0u8..8).prop_map(|(i, b)| Edit::Flip(i, b)),
        1 => (any::<Index>(), any::<u8>()).prop_map(|(i, b)| Edit::Insert(i, b)),
        2 => (any::<Index>(), 1usize..16).prop_map(|(i, n)| Edit::Delete(i, n)),
        1 => (any::<Index>(), 1usize..64, any::<Index>()).prop_map(|(i, n, to)| Edit::Duplicate(i, n, to)),
        3 => (any::<Index>(), token).prop_map(|(i, t)| Edit::Splice(i, t)),
        8 => (any::<Index>(), value).prop_map(|(i, t)| Edit::Field(i, t)),
        1 => (
            any::<Index>(),
            prop::sample::select(&["[", "{\"a\":", "a = [", "[[", "{a={"][..]),
            prop_oneof![1usize..200, 200usize..3000],
        )
            .prop_map(|(i, open, n)| Edit::Nest(i, open, n)),
    ]
    .boxed()
}

/// A place in `len` bytes, `0..=len`.
fn at(i: &Index, len: usize) -> usize {
    i.index(len + 1)
}

fn apply(seed: &[u8], edits: &[Edit]) -> Vec<u8> {
    let mut b = seed.to_vec();
    for e in edits {
        match e {
            Edit::Flip(i, bit) if !b.is_empty() => {
                let p = i.index(b.len());
                b[p] ^= 1 << bit;
            }
            Edit::Insert(i, byte) => {
                let p = at(i, b.len());
                b.insert(p, *byte);
            }
            Edit::Delete(i, n) if !b.is_empty() => {
                let p = i.index(b.len());
                let end = (p + n).min(b.len());
                b.drain(p..end);
            }
            Edit::Duplicate(i, n, to) if !b.is_empty() => {
                let p = i.index(b.len());
                let piece = b[p..(p + n).min(b.len())].to_vec();
                let to = at(to, b.len());
                b.splice(to..to, piece);
            }
            Edit::Splice(i, t) => {
                let p = at(i, b.len());
                b.splice(p..p, t.bytes());
            }
            Edit::Field(i, t) => {
                let delim = |c: &u8| matches!(c, b'"' | b',' | b'=' | b':' | b'\n');
                let marks: Vec<usize> = (0..b.len()).filter(|&p| delim(&b[p])).collect();
                if marks.is_empty() {
                    continue;
                }
                let start = marks[i.index(marks.len())] + 1;
                let end = b[start..]
                    .iter()
                    .position(delim)
                    .map_or(b.len(), |n| start + n);
                b.splice(start..end, t.bytes());
            }
            Edit::Nest(i, open, n) => {
                let p = at(i, b.len());
                b.splice(p..p, open.repeat(*n).into_bytes());
            }
            _ => {}
        }
    }
    b
}

/// A seed with a few edits, as bytes: mostly one, so that most inputs
/// are nearly valid and reach the checks behind the syntax.
fn mutated(seeds: &'static [&'static str]) -> impl Strategy<Value = Vec<u8>> {
    let edits = prop_oneof![
        4 => prop::collection::vec(edit(), 1..=1),
        2 => prop::collection::vec(edit(), 2..4),
        1 => prop::collection::vec(edit(), 4..12),
    ];
    (prop::sample::select(seeds), edits).prop_map(|(seed, edits)| apply(seed.as_bytes(), &edits))
}

/// Parsers of files take text: the command reading the file refuses what
/// is not UTF-8 before they see it.
fn text(bytes: Vec<u8>) -> String {
    String::from_utf8_lossy(&bytes).into_owned()
}

// ---------------------------------------------------------------------------
// What every refusal must be.

/// Each violation has a code of a user's mistake (exit 3, or 4 for a name
/// not found), a non-empty message, prints as one line with no control or
/// bidi character raw (SPEC §2, `text::shown`), and points inside the input
/// when it points anywhere.
fn check_refusal(all: &[Violation], input: &str) -> Result<(), TestCaseError> {
    prop_assert!(!all.is_empty(), "refused without a violation");
    let lines = input.split('\n').count();
    for v in all {
        let code = v.code.as_str();
        prop_assert!(
            !code.is_empty() && code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'),
            "bad code {code:?}"
        );
        prop_assert!(
            matches!(v.code.exit_code(), 3 | 4),
            "{code}: not an input error: {v}"
        );
        prop_assert!(!v.message.trim().is_empty(), "[{code}] has no message");
        let shown = v.to_string();
        prop_assert!(!shown.contains(['\n', '\r']), "not one line: {shown:?}");
        prop_assert!(
            crate::text::find_forbidden(&shown, true).is_none(),
            "a control or bidi character written raw: {shown:?}"
        );
        let json = crate::error::Error::Invalid(vec![v.clone()]).to_json();
        prop_assert_eq!(json["error"]["code"].as_str(), Some(code));
        if let Some(l) = &v.location {
            prop_assert!(
                l.line >= 1 && l.line <= lines,
                "line {} of {lines}: {shown}",
                l.line
            );
            prop_assert!(l.column.is_none_or(|c| c >= 1), "column 0: {shown}");
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Scenarios (TOML, JSON).

fn prod() -> Environment {
    Environment {
        id: 1,
        name: "contoso-prod".into(),
        url: Some("https://contoso.crm.dynamics.com".into()),
        version: Some("9.2.24034.205".into()),
        description: None,
        settings: Settings::default(),
        created_at: String::new(),
        updated_at: String::new(),
    }
}

/// Parse a scenario as `simulate` does, with or without `--env`; on success
/// check what the engine is given and run it.
fn scenario_case(
    input: &str,
    json: bool,
    with_env: bool,
    until: Option<&str>,
) -> Result<(), TestCaseError> {
    let env = prod();
    let lookup = |name: &str| match rules::name_key(name).as_str() {
        "contoso-legacy" => Some(Some("9.0.2.3034".to_string())),
        "contoso-test" => Some(None),
        _ => None,
    };
    let ctx = Context {
        env: with_env.then_some(&env),
        tenant: with_env.then(Tenant::default),
        lookup: &lookup,
        until,
        auto_sign_in: with_env,
    };
    let parsed = match scenario::parse(&Doc::new("s", input), json, &ctx) {
        Err(all) => return check_refusal(&all, input),
        Ok(p) => p,
    };
    prop_assert!(rules::check_settings(&parsed.config.settings).is_empty());
    prop_assert!(parsed.config.token_lifetime > 0);
    for w in parsed.events.windows(2) {
        prop_assert!(w[0].at <= w[1].at, "events out of order");
    }
    for ev in &parsed.events {
        prop_assert!(time::in_range(ev.at));
        if ev.kind.is_users() {
            prop_assert!((ev.user as usize) < parsed.users.len());
        }
    }
    // What the file let through, the engine runs without a panic.
    let horizon = parsed.config.horizon;
    let mut engine = Engine::new(parsed.config).with_users(parsed.users);
    let mut last = i64::MIN;
    let mut bad: Option<String> = None;
    let mut sink = |r: &crate::sim::messages::Report<'_>| {
        let m = r.message();
        if r.outcome.at < last || horizon.is_some_and(|h| r.outcome.at >= h) || m.contains('\n') {
            bad.get_or_insert(format!("{} {m:?}", r.outcome.at));
        }
        last = r.outcome.at;
    };
    for ev in &parsed.events {
        if !engine.push(ev, &mut sink) {
            break;
        }
    }
    engine.finish(&mut sink);
    prop_assert!(
        bad.is_none(),
        "outcome out of order, past the horizon or not one line: {bad:?}"
    );
    Ok(())
}

/// A string literal JSON and TOML both read.
fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// Values for generated documents: mostly strings of the right shape,
/// some edge numbers and wrong types, so the checks behind the syntax are
/// reached.
fn doc_value() -> BoxedStrategy<String> {
    prop_oneof![
        3 => prop::sample::select(VALUES).prop_map(quoted),
        2 => duration_text(false).prop_map(|d| quoted(&d)),
        1 => time_text().prop_map(|t| quoted(&t)),
        1 => prop::sample::select(BREAKERS).prop_map(quoted),
        1 => prop::sample::select(&[
            "0", "5", "60", "1440", "-1", "4294967296", "9223372036854775807", "1.5", "true",
            "[]", "{}", "[1, \"a\"]",
        ][..])
        .prop_map(str::to_string),
    ]
    .boxed()
}

/// The keys a file may have, and some it may not (misspelt).
fn with_typos(keys: &[&'static str], typos: &[&'static str]) -> Vec<&'static str> {
    keys.iter().chain(typos).copied().collect()
}

fn scenario_json() -> BoxedStrategy<String> {
    let key = prop::sample::select(with_typos(
        crate::sim::scenario::EVENT_KEYS,
        &["nmae", "actvity"],
    ));
    let kind = prop::sample::select(crate::sim::event::KINDS);
    let event = (
        prop_oneof![
            time_text(),
            duration_text(true).prop_map(|d| format!("+{d}"))
        ],
        kind,
        prop::collection::btree_map(key, doc_value(), 0..4),
    )
        .prop_map(|(at, kind, extra)| {
            let mut s = format!("{{\"at\": {}, \"kind\": {}", quoted(&at), quoted(kind));
            for (k, v) in extra
                .into_iter()
                .filter(|(k, _)| !matches!(*k, "at" | "kind"))
            {
                s.push_str(&format!(", {}: {v}", quoted(k)));
            }
            s.push('}');
            s
        });
    let env_key = prop::sample::select(crate::envspec::ENV_KEYS);
    (
        prop::option::of(time_text()),
        prop::option::of(prop_oneof![3 => time_text().prop_map(|t| quoted(&t)), 1 => doc_value()]),
        prop::collection::btree_map(env_key, doc_value(), 0..6),
        prop::option::of(doc_value()),
        prop::collection::vec(event, 0..12),
    )
        .prop_map(|(start, until, env, tenant, events)| {
            let mut s = String::from("{");
            if let Some(t) = start {
                s.push_str(&format!("\"start\": {}, ", quoted(&t)));
            }
            if let Some(u) = until {
                s.push_str(&format!("\"until\": {u}, "));
            }
            s.push_str("\"environment\": {\"name\": \"contoso-prod\"");
            for (k, v) in env.into_iter().filter(|(k, _)| *k != "name") {
                s.push_str(&format!(", {}: {v}", quoted(k)));
            }
            s.push_str("}, ");
            if let Some(t) = tenant {
                s.push_str(&format!("\"tenant\": {{\"token_lifetime\": {t}}}, "));
            }
            s.push_str(
                "\"environments\": [{\"name\": \"contoso-legacy\", \"version\": \"9.0\"}], ",
            );
            s.push_str(&format!("\"events\": [{}]}}", events.join(", ")));
            s
        })
        .boxed()
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn scenario_toml_mutated(bytes in mutated(SCENARIO_TOML), with_env in any::<bool>()) {
        scenario_case(&text(bytes), false, with_env, None)?;
    }

    #[test]
    fn scenario_json_mutated(bytes in mutated(SCENARIO_JSON), with_env in any::<bool>()) {
        scenario_case(&text(bytes), true, with_env, None)?;
    }

    #[test]
    fn scenario_json_generated(
        doc in scenario_json(),
        until in prop::option::of(prop_oneof![time_text(), Just("+2h".to_string())]),
    ) {
        scenario_case(&doc, true, false, until.as_deref())?;
    }

    #[test]
    fn scenario_arbitrary(input in "\\PC{0,300}|[\\[\\]{}=\",:a-z0-9\n+-]{0,300}", json in any::<bool>()) {
        scenario_case(&input, json, false, None)?;
    }
}

// ---------------------------------------------------------------------------
// Scenario CSV.

fn csv_case(input: &[u8]) -> Result<(), TestCaseError> {
    let mut lookup = |name: &str| match rules::name_key(name).as_str() {
        "contoso-prod" => Some(false),
        "contoso-legacy" => Some(true),
        _ => None,
    };
    let mut names = 0usize;
    let mut events = 0u64;
    let mut last = i64::MIN;
    let mut bad: Option<String> = None;
    let mut send = |b: csv::Batch| {
        names += b.names.len();
        for ev in &b.events {
            events += 1;
            if ev.at < last || !time::in_range(ev.at) {
                bad.get_or_insert(format!("event at {} after {last}", ev.at));
            }
            if ev.kind.is_users() && ev.user as usize >= names {
                bad.get_or_insert(format!("user {} of {names} names", ev.user));
            }
            last = ev.at;
        }
        true
    };
    let result = csv::read(input, "t.csv", &mut lookup, &mut send);
    prop_assert!(bad.is_none(), "{bad:?}");
    match result {
        Ok(count) => prop_assert_eq!(count, events),
        Err(all) => {
            // A hundred errors, then one line counting the rest.
            prop_assert!(all.len() <= 101, "{} errors", all.len());
            check_refusal(&all, &String::from_utf8_lossy(input))?;
        }
    }
    Ok(())
}

fn csv_generated() -> BoxedStrategy<String> {
    let field = |pool: &'static [&'static str]| {
        prop_oneof![
            4 => prop::sample::select(pool).prop_map(str::to_string),
            1 => prop::sample::select(BREAKERS).prop_map(str::to_string),
            1 => prop::sample::select(BREAKERS).prop_map(|t| format!("\"{}\"", t.replace('"', "\"\""))),
        ]
    };
    let row = (
        prop_oneof![6 => time_text(), 1 => prop::sample::select(BREAKERS).prop_map(str::to_string)],
        field(&["alice@contoso.com", "bob@contoso.com", "", " ", "\"a,b\""]),
        field(crate::sim::event::KINDS),
        field(&[
            "",
            "web",
            "outlook",
            "usd-ie",
            "web-resource",
            "portal",
            "wbe",
        ]),
        field(&["", "true", "false", "yes"]),
        field(&["", "true", "false"]),
        field(&["", "contoso-prod", "contoso-legacy", "nowhere"]),
        field(&["", "link", "manual-url", "email"]),
        field(&["", "alice@contoso.com", "carol@contoso.com"]),
    )
        .prop_map(|(a, b, c, d, e, f, g, h, i)| [a, b, c, d, e, f, g, h, i].join(","));
    (
        prop_oneof![
            8 => Just("at,user,kind,client,stay_signed_in,global_context,env,via,as_user"),
            1 => Just("\u{feff}at,user,kind,client,stay_signed_in,global_context,env,via,as_user"),
            1 => Just(" at , user,kind,client,stay_signed_in,global_context,env,via,as_user,at"),
            1 => Just("kind,at,user,clinet,stay_signed_in,global_context,env,via,as_user"),
        ],
        prop::collection::vec(row, 0..20),
        prop::sample::select(&["\n", "\r\n"][..]),
    )
        .prop_map(|(header, rows, nl)| {
            let mut s = header.to_string();
            for r in rows {
                s.push_str(nl);
                s.push_str(&r);
            }
            s
        })
        .boxed()
}

/// Found by `csv_generated_rows`: a kind with a line break or U+202E, in a
/// row without a user, was written raw into its error.
#[test]
fn csv_kind_is_escaped_in_the_needs_a_user_error() {
    for row in [
        "2026-03-02T08:00:00Z,,\"a\nb\"",
        "2026-03-02T08:00:00Z,,a\u{202e}b",
    ] {
        let input = format!("at,user,kind\n{row}\n");
        let mut lookup = |_: &str| None;
        let mut send = |_: csv::Batch| true;
        let all = csv::read(input.as_bytes(), "t.csv", &mut lookup, &mut send)
            .expect_err("a row without a user is refused");
        if let Err(e) = check_refusal(&all, &input) {
            panic!("{e}");
        }
    }
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn csv_mutated(bytes in mutated(&[SCENARIO_CSV])) {
        csv_case(&bytes)?;
    }

    #[test]
    fn csv_generated_rows(input in csv_generated()) {
        csv_case(input.as_bytes())?;
    }

    #[test]
    fn csv_arbitrary(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        csv_case(&bytes)?;
    }
}

// ---------------------------------------------------------------------------
// Policy files (TOML, JSON).

fn policy_case(input: &str, json: bool) -> Result<(), TestCaseError> {
    let parsed = match policy::parse(&Doc::new("p", input), json) {
        Err(all) => return check_refusal(&all, input),
        Ok(p) => p,
    };
    let tenant = parsed.tenant.unwrap_or_default();
    prop_assert!(rules::check_token_lifetime(tenant.token_lifetime_min).is_none());
    let envs: Vec<Environment> = parsed.environments.iter().map(|w| w.env.clone()).collect();
    let mut keys = std::collections::HashSet::new();
    for e in &envs {
        prop_assert!(keys.insert(rules::name_key(&e.name)), "{:?} twice", e.name);
        let meta = rules::check_metadata(
            &e.name,
            e.url.as_deref(),
            e.version.as_deref(),
            e.description.as_deref(),
        );
        prop_assert!(meta.is_empty(), "accepted {:?}: {}", e.name, meta[0]);
        prop_assert!(rules::check_settings(&e.settings).is_empty());
    }
    // SPEC §7: what is exported applies back with zero changes, in both
    // formats.
    for (written, as_json) in [
        (export::toml(&envs, &tenant), false),
        (export::json(&envs, &tenant), true),
    ] {
        let back = policy::parse(&Doc::new("export", &written), as_json);
        prop_assert!(
            back.is_ok(),
            "export does not read back: {:?}\n{written}",
            back.err()
        );
        if let Ok(back) = back {
            let p = plan::plan(&envs, &tenant, &back, true);
            prop_assert!(!p.has_changes(), "export plans changes:\n{written}");
        }
    }
    Ok(())
}

/// A generated policy file: known keys, values from the pool.
fn policy_generated(json: bool) -> BoxedStrategy<String> {
    let key = prop::sample::select(with_typos(crate::envspec::ENV_KEYS, &["sesion_length"]));
    let tenant = prop_oneof![
        3 => duration_text(false).prop_map(|d| quoted(&d)),
        1 => doc_value(),
    ];
    let value = prop_oneof![
        3 => doc_value(),
        1 => prop::sample::select(&[
            "\"contoso-prod\"", "\"Contoso-Prod\"", "\"https://contoso.crm.dynamics.com/\"",
            "\"http://[::1]:8080\"", "\"http://localhost\"", "\"9.2.24034.205\"", "\"9.0\"",
            "\"9.1.0.3646\"", "\" padded \"", "\"\"", "\"a\\u202eb\"", "\"tab\\there\"",
        ][..]).prop_map(str::to_string),
    ];
    let name = prop_oneof![
        4 => (0u32..6).prop_map(|n| quoted(&format!("env-{n}"))),
        1 => prop::sample::select(VALUES).prop_map(quoted),
        1 => prop::sample::select(BREAKERS).prop_map(quoted),
    ];
    let env = (name, prop::collection::btree_map(key, value, 0..8));
    (prop::option::of(tenant), prop::collection::vec(env, 0..4))
        .prop_map(move |(tenant, envs)| {
            if json {
                let mut s = String::from("{");
                if let Some(t) = tenant {
                    s.push_str(&format!("\"tenant\": {{\"token_lifetime\": {t}}}, "));
                }
                let envs: Vec<String> = envs
                    .into_iter()
                    .map(|(name, kv)| {
                        let body: Vec<String> = std::iter::once(format!("\"name\": {name}"))
                            .chain(
                                kv.into_iter()
                                    .filter(|(k, _)| *k != "name")
                                    .map(|(k, v)| format!("{}: {v}", quoted(k))),
                            )
                            .collect();
                        format!("{{{}}}", body.join(", "))
                    })
                    .collect();
                s.push_str(&format!("\"environments\": [{}]}}", envs.join(", ")));
                s
            } else {
                let mut s = String::new();
                if let Some(t) = tenant {
                    s.push_str(&format!("[tenant]\ntoken_lifetime = {t}\n"));
                }
                for (name, kv) in envs {
                    s.push_str(&format!("[[environments]]\nname = {name}\n"));
                    for (k, v) in kv.into_iter().filter(|(k, _)| *k != "name") {
                        s.push_str(&format!("{k} = {v}\n"));
                    }
                }
                s
            }
        })
        .boxed()
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn policy_toml_mutated(bytes in mutated(&[POLICY_TOML])) {
        policy_case(&text(bytes), false)?;
    }

    #[test]
    fn policy_json_mutated(bytes in mutated(&[POLICY_JSON])) {
        policy_case(&text(bytes), true)?;
    }

    #[test]
    fn policy_generated_docs(
        (json, input) in any::<bool>().prop_flat_map(|json| (Just(json), policy_generated(json)))
    ) {
        policy_case(&input, json)?;
    }

    #[test]
    fn policy_arbitrary(input in "\\PC{0,300}|[\\[\\]{}=\",:a-z0-9\n+-]{0,300}", json in any::<bool>()) {
        policy_case(&input, json)?;
    }
}

// ---------------------------------------------------------------------------
// Dataverse responses.

fn dataverse_case(input: &str) -> Result<(), TestCaseError> {
    let got = match dataverse::parse(&Doc::new("o.json", input), true) {
        Err(all) => return check_refusal(&all, input),
        Ok(g) => g,
    };
    prop_assert!(rules::check_settings(&got.settings).is_empty());
    // The body `export --format dataverse` writes reads back the same.
    let env = Environment {
        settings: got.settings,
        ..prod()
    };
    let body = export::organization(&env).to_string();
    let back = dataverse::parse(&Doc::new("back.json", &body), true);
    prop_assert_eq!(back.map(|b| b.settings), Ok(got.settings));
    Ok(())
}

/// Minutes around the edges of V1–V5, and past u32 and i64.
const MINUTES: &[i64] = &[
    0,
    1,
    4,
    5,
    19,
    20,
    59,
    60,
    61,
    480,
    1439,
    1440,
    1441,
    -1,
    4_294_967_295,
    4_294_967_296,
    i64::MAX,
    i64::MIN,
];
/// What a column of minutes must not be.
const NOT_MINUTES: &[&str] = &[
    "null",
    "true",
    "\"480\"",
    "480.0",
    "4.8e2",
    "1e400",
    "18446744073709551616",
    "[]",
];

fn dataverse_generated() -> BoxedStrategy<String> {
    let number = prop_oneof![
        6 => prop::sample::select(MINUTES).prop_map(|n| n.to_string()),
        1 => prop::sample::select(NOT_MINUTES).prop_map(str::to_string),
    ];
    let flag = prop_oneof![
        6 => prop::sample::select(&["true", "false", "null"][..]),
        1 => prop::sample::select(&["1", "\"true\"", "[]"][..]),
    ];
    (
        prop::collection::vec(prop::option::of(number), 4),
        prop::collection::vec(prop::option::of(flag), 2),
        any::<bool>(),
    )
        .prop_map(|(mins, flags, wrapped)| {
            let mut cols = vec!["\"name\": \"contoso-prod\"".to_string()];
            for (c, f) in ["sessiontimeoutenabled", "inactivitytimeoutenabled"]
                .iter()
                .zip(&flags)
            {
                if let Some(f) = f {
                    cols.push(format!("{c:?}: {f}"));
                }
            }
            for (c, m) in [
                "sessiontimeoutinmins",
                "sessiontimeoutreminderinmins",
                "inactivitytimeoutinmins",
                "inactivitytimeoutreminderinmins",
            ]
            .iter()
            .zip(&mins)
            {
                if let Some(m) = m {
                    cols.push(format!("{c:?}: {m}"));
                }
            }
            let org = format!("{{{}}}", cols.join(", "));
            if wrapped {
                format!("{{\"value\": [{org}]}}")
            } else {
                org
            }
        })
        .boxed()
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn dataverse_mutated(bytes in mutated(&[DATAVERSE_SMALL, DATAVERSE_SMALL, DATAVERSE])) {
        dataverse_case(&text(bytes))?;
    }

    #[test]
    fn dataverse_generated_columns(input in dataverse_generated()) {
        dataverse_case(&input)?;
    }

    #[test]
    fn dataverse_arbitrary(input in "\\PC{0,200}|[\\[\\]{}\",:a-z0-9 -]{0,200}") {
        dataverse_case(&input)?;
    }
}

// ---------------------------------------------------------------------------
// The JSON reader every JSON input goes through, against serde_json.

/// The located tree as serde_json would hold it; numbers as f64, since
/// the two readers keep integers past i64 differently.
fn plain(n: &Node) -> serde_json::Value {
    use serde_json::Value as J;
    match &n.value {
        Value::Null => J::Null,
        Value::Bool(b) => J::Bool(*b),
        Value::Int(i) => serde_json::json!(*i as f64),
        Value::Float(f) => serde_json::json!(f),
        Value::BigInt(s) => J::String(s.clone()),
        Value::Str(s) | Value::Datetime(s) => J::String(s.to_string()),
        Value::Array(items) => J::Array(items.iter().map(plain).collect()),
        Value::Table(t) => J::Object(
            t.iter()
                .map(|(k, v)| (k.name.to_string(), plain(v)))
                .collect(),
        ),
    }
}

fn numbers_as_f64(v: serde_json::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        J::Number(n) => serde_json::json!(n.as_f64()),
        J::Array(a) => J::Array(a.into_iter().map(numbers_as_f64).collect()),
        J::Object(o) => J::Object(o.into_iter().map(|(k, v)| (k, numbers_as_f64(v))).collect()),
        other => other,
    }
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn json_reader_agrees_with_serde_json(
        bytes in prop_oneof![
            mutated(&[DATAVERSE_SMALL, POLICY_JSON]).prop_map(text),
            "[\\[\\]{}\",:a0-9 .eE+\\\\u-]{0,60}",
        ]
    ) {
        let ours = Doc::new("j", &bytes).parse_json();
        // serde_json takes no byte-order mark; ours skips one at the start.
        let theirs = serde_json::from_str::<serde_json::Value>(
            bytes.strip_prefix('\u{feff}').unwrap_or(&bytes),
        );
        match (&ours, &theirs) {
            (Ok(o), Ok(t)) => {
                prop_assert_eq!(plain(o), numbers_as_f64(t.clone()));
            }
            (Ok(_), Err(e)) => {
                // serde_json refuses numbers past f64; ours reads them as inf.
                prop_assert!(e.to_string().contains("number out of range"), "serde_json: {e}");
            }
            (Err(v), Ok(_)) => {
                // Ours also refuses a duplicate key (serde_json keeps the last).
                prop_assert!(
                    v.message.contains("duplicate key") || v.message.contains("nested too deeply"),
                    "only ours refuses: {v}"
                );
            }
            (Err(v), Err(_)) => check_refusal(std::slice::from_ref(v), &bytes)?,
        }
    }
}

// ---------------------------------------------------------------------------
// Durations (SPEC §3).

/// A number written with edge values.
fn number_text() -> BoxedStrategy<String> {
    prop_oneof![
        (0u64..100_000).prop_map(|n| n.to_string()),
        prop::sample::select(
            &[
                0u64,
                1,
                59,
                60,
                1439,
                1440,
                36_600,
                36_601,
                52_704_000,
                52_704_001,
                878_400,
                878_401,
                3_162_240_000,
                3_162_240_001,
                u32::MAX as u64,
                u32::MAX as u64 + 1,
                u64::MAX,
            ][..]
        )
        .prop_map(|n| n.to_string()),
        Just("99999999999999999999999".to_string()),
        (0u64..100).prop_map(|n| format!("000{n}")),
    ]
    .boxed()
}

/// Durations from the grammar, in and out of order, with wrong units too.
fn duration_text(seconds: bool) -> BoxedStrategy<String> {
    let unit = prop::sample::select(if seconds {
        &["d", "h", "m", "s", "", "x", "D", "ms"][..]
    } else {
        &["d", "h", "m", "", "x", "s", "H"][..]
    });
    prop_oneof![
        number_text(),
        prop::collection::vec((number_text(), unit), 1..5)
            .prop_map(|parts| parts.into_iter().map(|(n, u)| format!("{n}{u}")).collect()),
    ]
    .boxed()
}

/// The value a duration without spaces or sign should have, in seconds,
/// worked out again from SPEC §3: `None` when it must be refused.
fn expected_seconds(s: &str, seconds: bool) -> Option<u64> {
    const MAX: u64 = 100 * 366 * 86_400;
    let units: &[(char, u64)] = if seconds {
        &[('d', 86_400), ('h', 3_600), ('m', 60), ('s', 1)]
    } else {
        &[('d', 86_400), ('h', 3_600), ('m', 60)]
    };
    if s.is_empty() {
        return None;
    }
    if s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse::<u64>().ok()?.checked_mul(60).filter(|v| *v <= MAX);
    }
    let mut total = 0u64;
    let mut rest = s;
    let mut next = 0;
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let unit = rest[digits..].chars().next()?;
        if digits == 0 {
            return None;
        }
        let pos = units[next..].iter().position(|(u, _)| *u == unit)?;
        let scale = units[next + pos].1;
        next += pos + 1;
        let n: u64 = rest[..digits].parse().ok()?;
        total = n.checked_mul(scale)?.checked_add(total)?;
        if total > MAX {
            return None;
        }
        rest = &rest[digits + unit.len_utf8()..];
    }
    Some(total)
}

fn check_duration_error(v: &Violation, input: &str) -> Result<(), TestCaseError> {
    check_refusal(std::slice::from_ref(v), input)?;
    prop_assert_eq!(v.code, crate::error::Code::Syntax);
    // SPEC §3: the error names the value (cut after 80 characters).
    let named = crate::text::cut(input);
    prop_assert_eq!(v.value.as_deref(), Some(named.as_ref()));
    Ok(())
}

proptest! {
    #![proptest_config(config(1024))]

    #[test]
    fn settings_durations(input in prop_oneof![
        4 => duration_text(false),
        1 => "\\PC{0,16}",
        1 => "[ +0-9dhms\t]{0,12}",
    ]) {
        match parse_minutes(&input, "session length") {
            Ok(m) => {
                // SPEC §3: the canonical form reads back to the same value.
                let canon = format_min(m);
                prop_assert_eq!(parse_minutes(&canon, "x"), Ok(m), "{}", canon);
            }
            Err(v) => check_duration_error(&v, &input)?,
        }
        if input.bytes().all(|b| b.is_ascii_alphanumeric()) {
            let want = expected_seconds(&input, false).map(|s| (s / 60) as u32);
            prop_assert_eq!(parse_minutes(&input, "x").ok(), want);
        }
    }

    #[test]
    fn timeline_offsets(input in prop_oneof![
        4 => (any::<bool>(), duration_text(true)).prop_map(|(p, d)| if p { format!("+{d}") } else { d }),
        1 => "\\PC{0,16}",
        1 => "[ +0-9dhms]{0,12}",
    ]) {
        match parse_offset_seconds(&input, "at") {
            Ok(s) => {
                prop_assert!(s >= 0);
                let canon = format_seconds(s as u64);
                prop_assert_eq!(parse_offset_seconds(&canon, "x"), Ok(s), "{}", canon);
                prop_assert_eq!(parse_offset_seconds(&format!("+{canon}"), "x"), Ok(s));
            }
            Err(v) => check_duration_error(&v, &input)?,
        }
        let body = input.strip_prefix('+').unwrap_or(&input);
        if body.bytes().all(|b| b.is_ascii_alphanumeric()) {
            let want = expected_seconds(body, true).map(|s| s as i64);
            prop_assert_eq!(parse_offset_seconds(&input, "x").ok(), want);
        }
    }
}

// ---------------------------------------------------------------------------
// Times (SPEC §3).

/// RFC 3339 from its fields, each from a range a little wider than valid.
fn time_text() -> BoxedStrategy<String> {
    // Mostly valid fields, sometimes one at or past its edge.
    let two = |lo: u32, hi: u32| prop_oneof![12 => lo..=hi, 1 => Just(0), 1 => hi + 1..100];
    let pick = |all: &'static [&'static str]| prop_oneof![6 => Just(all[0]), 1 => prop::sample::select(all)];
    (
        prop_oneof![1 => 1u32..=9998, 1 => Just(0), 1 => Just(9999), 8 => 1960u32..2100],
        two(1, 12),
        two(1, 28),
        two(0, 23),
        two(0, 59),
        two(0, 60),
        pick(&["T", "t", " ", "_"]),
        pick(&["", ".5", ".999999999", ".", ".123456789012"]),
        prop_oneof![
            3 => pick(&["Z", "z", "", "+00:00", "-00:00", "+0100", "ZZ"]).prop_map(str::to_string),
            1 => (any::<bool>(), 0u32..=25, 0u32..=61).prop_map(|(plus, h, m)| {
                format!("{}{h:02}:{m:02}", if plus { '+' } else { '-' })
            }),
        ],
    )
        .prop_map(|(y, mo, d, h, mi, s, sep, frac, off)| {
            format!("{y:04}-{mo:02}-{d:02}{sep}{h:02}:{mi:02}:{s:02}{frac}{off}")
        })
        .boxed()
}

/// A time cut, stretched or edited at one byte.
fn time_mutated() -> impl Strategy<Value = String> {
    (time_text(), prop::collection::vec(edit(), 1..3))
        .prop_map(|(t, edits)| text(apply(t.as_bytes(), &edits)))
}

fn check_time(input: &str) -> Result<(), TestCaseError> {
    let first = parse_rfc3339(input);
    // The date remembered from the last parse changes no answer.
    prop_assert_eq!(parse_rfc3339(input), first);
    if let Some(date) = input.get(..10) {
        let _ = parse_rfc3339(&format!("{date}T12:00:00Z"));
        prop_assert_eq!(parse_rfc3339(input), first, "after {}T12:00:00Z", date);
    }
    if let Ok(t) = first {
        prop_assert!(time::in_range(t));
        let out = format_rfc3339(t);
        prop_assert!(out.len() == 20 && out.ends_with('Z'), "{}", out);
        prop_assert_eq!(parse_rfc3339(&out), Ok(t));
        // chrono reads it to the same instant (a leap second is the last
        // second of its minute in both).
        let theirs = chrono::DateTime::parse_from_rfc3339(input).map(|d| d.timestamp());
        prop_assert_eq!(theirs, Ok(t), "chrono disagrees on {:?}", input);
    }
    // Times as a scenario writes them: absolute, or an offset from a start.
    for start in [None, Some(time::EARLIEST), Some(time::LATEST), Some(0)] {
        match scenario::parse_time(input, start, "at") {
            Ok(t) => prop_assert!(time::in_range(t)),
            Err(v) => check_refusal(&[v], input)?,
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(1024))]

    #[test]
    fn times(input in prop_oneof![
        4 => time_text(),
        2 => time_mutated(),
        1 => "\\PC{0,30}",
        1 => "[0-9T:Z+.-]{17,30}",
        1 => (any::<bool>(), duration_text(true)).prop_map(|(p, d)| if p { format!("+{d}") } else { d }),
    ]) {
        check_time(&input)?;
    }

    #[test]
    fn times_in_range_print_and_read_back(t in time::EARLIEST..=time::LATEST) {
        let out = format_rfc3339(t);
        prop_assert!(out.len() == 20 && out.ends_with('Z'));
        prop_assert_eq!(parse_rfc3339(&out), Ok(t));
    }
}

// ---------------------------------------------------------------------------
// Deep nesting, which a random edit seldom reaches in full.

#[test]
fn deep_nesting_is_refused_not_a_stack_overflow() {
    for depth in [127, 128, 129, 1_000, 100_000] {
        let arrays = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let tables = format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth));
        for json in [&arrays, &tables] {
            // The located reader takes what serde_json takes: 128 levels.
            let read = Doc::new("j", json).parse_json();
            assert_eq!(read.is_ok(), depth <= 128, "depth {depth}");
            let refused = [
                read.err().map(|v| vec![v]),
                dataverse::parse(&Doc::new("j", json), true).err(),
                policy::parse(&Doc::new("j", json), true).err(),
            ];
            for all in refused.into_iter().flatten() {
                if let Err(e) = check_refusal(&all, json) {
                    panic!("{e}");
                }
            }
        }
        let toml = format!("a = {}{}", "[".repeat(depth), "]".repeat(depth));
        let inline = format!("a = {}1{}", "{a=".repeat(depth), "}".repeat(depth));
        for t in [&toml, &inline] {
            match policy::parse(&Doc::new("t", t), false) {
                Ok(_) => panic!("a policy of nested arrays was accepted"),
                Err(all) => {
                    if let Err(e) = check_refusal(&all, t) {
                        panic!("{e}");
                    }
                }
            }
        }
    }
}
