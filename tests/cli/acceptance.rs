//! Black-box checks written from SPEC.md alone, as a new user would use
//! sessadm.
//!
//! Every expectation here is derived from the spec (§2–§6); the comments
//! quote or cite the line each one comes from. Checks that differ only in
//! their data are rows of a table (`cases!`), one test per row.

use super::{Sandbox, assert_fits_80_at_a_terminal, codes};
use serde_json::{Value, json};
use std::process::Stdio;

// ---------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------

/// One `#[test]` per row, named by the row: `name: runner(args...);`.
macro_rules! cases {
    ($($(#[$attr:meta])* $name:ident: $run:ident($($arg:expr),* $(,)?);)*) => {
        $($(#[$attr])* #[test] fn $name() { $run($($arg),*) })*
    };
}

/// The words of a command line without quoting, split at whitespace.
fn words(line: &str) -> Vec<&str> {
    line.split_whitespace().collect()
}

/// Day 1 (2026-03-02) at `hms`, UTC.
fn d1(hms: &str) -> String {
    format!("2026-03-02T{hms}Z")
}

/// Day 2 (2026-03-03) at `hms`, UTC.
fn d2(hms: &str) -> String {
    format!("2026-03-03T{hms}Z")
}

/// One `[[events]]` table.
fn ev(at: &str, kind: &str, extra: &str) -> String {
    format!("[[events]]\nat = \"{at}\"\nkind = \"{kind}\"\n{extra}\n")
}

/// Run a TOML scenario with `--format json` and return the document.
fn sim(s: &Sandbox, toml: &str, extra: &[&str]) -> Value {
    let p = s.write("scenario.toml", toml);
    let mut args = vec!["simulate", p.as_str(), "--format", "json"];
    args.extend_from_slice(extra);
    let text = s.ok(&args);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

fn outcomes(v: &Value) -> Vec<Value> {
    v["outcomes"].as_array().expect("outcomes array").clone()
}

/// The outcomes that matter for timing: everything except the free-form
/// `session-start`, `note` and `not-enforced`, as (at, kind, reason, rule).
fn key(v: &Value) -> Vec<(String, String, String, String)> {
    outcomes(v)
        .iter()
        .filter(|o| {
            !matches!(
                o["kind"].as_str(),
                Some("session-start" | "note" | "not-enforced")
            )
        })
        .map(|o| {
            (
                o["at"].as_str().unwrap_or("").to_string(),
                o["kind"].as_str().unwrap_or("").to_string(),
                o["reason"].as_str().unwrap_or("").to_string(),
                o["rule"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

/// Assert the key outcomes exactly; a rule of `*` matches any rule.
#[track_caller]
fn assert_key(v: &Value, want: &[(&str, &str, &str, &str)]) {
    let got = key(v);
    let ok = got.len() == want.len()
        && got
            .iter()
            .zip(want)
            .all(|(g, w)| g.0 == w.0 && g.1 == w.1 && g.2 == w.2 && (w.3 == "*" || g.3 == w.3));
    assert!(
        ok,
        "outcomes differ\nwant: {want:#?}\ngot:  {got:#?}\nfull: {:#}",
        v["outcomes"]
    );
}

fn kinds(v: &Value) -> Vec<String> {
    outcomes(v)
        .iter()
        .map(|o| o["kind"].as_str().unwrap_or("").to_string())
        .collect()
}

/// The first outcome of `kind`.
fn first(v: &Value, kind: &str) -> Value {
    outcomes(v)
        .into_iter()
        .find(|o| o["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind} in {:#}", v["outcomes"]))
}

const CURRENT: &str = "9.2.24034.205";
const LEGACY: &str = "9.0.2.3034";

// ---------------------------------------------------------------------------
// §2 / §4: environments
// ---------------------------------------------------------------------------

#[test]
fn env_add_prints_object_with_defaults_and_metadata() {
    // §2 defaults: session off/1440/20; inactivity off/—/0; `null` where unset.
    let s = Sandbox::new();
    let v = s.json(&["env", "add", "contoso-prod"]);
    assert_eq!(v["name"], "contoso-prod");
    assert!(v["url"].is_null() && v["version"].is_null() && v["description"].is_null());
    assert_eq!(v["session_timeout"]["enabled"], false);
    assert_eq!(v["session_timeout"]["length_min"], 1440);
    assert_eq!(v["session_timeout"]["warning_min"], 20);
    assert_eq!(v["inactivity_timeout"]["enabled"], false);
    assert!(v["inactivity_timeout"]["after_min"].is_null());
    assert_eq!(v["inactivity_timeout"]["warning_min"], 0);
    let created = v["created_at"].as_str().expect("created_at");
    assert!(
        created.ends_with('Z') && created.len() == 20,
        "RFC 3339 UTC to the second: {created}"
    );
    assert_eq!(s.json(&["env", "show", "contoso-prod"]), v);
    s.ok(&words(
        "env add contoso-full --url https://contoso.crm.dynamics.com \
         --version 9.2.24034.205 --description Production",
    ));
    let v = s.json(&["env", "show", "contoso-full"]);
    assert_eq!(v["url"], "https://contoso.crm.dynamics.com");
    assert_eq!(v["version"], "9.2.24034.205");
    assert_eq!(v["description"], "Production");
}

#[test]
fn v6_duplicate_name_is_case_insensitive() {
    // §2: "unique, compared case-insensitively (V6; ... exit 3)"
    let s = Sandbox::new();
    s.ok(&["env", "add", "Contoso-Prod"]);
    let before = s.dump();
    let e = s.json_error(&["env", "add", "contoso-prod"], 3);
    assert_eq!(e["code"], "V6");
    assert_eq!(s.dump(), before, "a refused command changes nothing");
}

#[test]
fn description_at_most_500_characters() {
    let s = Sandbox::new();
    s.ok(&["env", "add", "a", "--description", &"d".repeat(500)]);
    s.fails(&["env", "add", "b", "--description", &"d".repeat(501)], 3);
}

#[test]
fn several_violations_are_all_reported() {
    // §4: "Several violations in one input are all reported ... with
    // "violations": [...] inside error when there are several."
    let s = Sandbox::new();
    let e = s.json_error(
        &["env", "add", "x", "--url", "http://x", "--version", "9..2"],
        3,
    );
    let mut c = codes(&e);
    c.sort();
    assert_eq!(c, ["V7", "V8"], "{e:#}");
    assert!(e["message"].is_string(), "{e:#}");
    for v in e["violations"].as_array().unwrap() {
        assert!(v["message"].is_string(), "{v}");
    }
}

#[test]
fn error_object_shape_on_stderr() {
    // §4: stderr carries one object {"error": {"code", "message", "details"}}.
    let s = Sandbox::new();
    s.init();
    let out = s.run(&["-o", "json", "env", "show", "nope"]);
    assert_eq!(out.status.code(), Some(4));
    assert!(out.stdout.is_empty());
    let v: Value = serde_json::from_slice(&out.stderr).expect("one JSON object on stderr");
    let e = &v["error"];
    assert_eq!(e["code"], "not-found");
    assert!(e["message"].as_str().is_some_and(|m| m.contains("nope")));
    assert!(e.get("details").is_some(), "details present: {e}");
}

#[test]
fn text_error_names_code_and_value() {
    // §4 e.g. `error[V1]: session length 30m is outside 1h–24h`
    let s = Sandbox::new();
    s.ok(&["env", "add", "x"]);
    let err = s.fails(&["env", "set-timeout", "x", "--length", "30m"], 3);
    assert!(err.contains("V1"), "{err}");
    assert!(err.contains("30m"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
}

#[test]
fn env_list_is_ordered_by_name() {
    let s = Sandbox::new();
    for n in ["zeta", "alpha", "mid"] {
        s.ok(&["env", "add", n]);
    }
    let v = s.json(&["env", "list"]);
    let names: Vec<_> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["alpha", "mid", "zeta"]);
    assert_eq!(v[0], s.json(&["env", "show", "alpha"]));
    assert_eq!(s.json(&["env", "list"]).as_array().unwrap().len(), 3);
}

#[test]
fn unknown_environment_is_exit_4() {
    let s = Sandbox::new();
    s.ok(&["env", "add", "x"]);
    for args in [
        &["env", "show", "y"][..],
        &["env", "update", "y", "--description", "d"],
        &["env", "set-timeout", "y", "--length", "8h"],
        &["env", "set-inactivity", "y", "--after", "30m"],
        &["--yes", "env", "remove", "y"],
    ] {
        let e = s.json_error(args, 4);
        assert_eq!(e["code"], "not-found", "{args:?}");
    }
}

#[test]
fn env_update_changes_metadata_and_renames() {
    let s = Sandbox::new();
    s.ok(&["env", "add", "old"]);
    s.ok(&["env", "add", "other"]);
    let v = s.json(&words(
        "env update old --url https://x.crm.dynamics.com --version 9.1 \
         --description d --rename new",
    ));
    assert_eq!(v["name"], "new");
    assert_eq!(v["url"], "https://x.crm.dynamics.com");
    assert_eq!(v["version"], "9.1");
    assert_eq!(v["description"], "d");
    s.fails(&["env", "show", "old"], 4);
    assert_eq!(s.json(&["env", "show", "NEW"])["name"], "new");
    // Renaming onto another name (ignoring case) is V6.
    let e = s.json_error(&["env", "update", "new", "--rename", "OTHER"], 3);
    assert_eq!(codes(&e), ["V6"]);
    // Update validates like add.
    let e = s.json_error(&["env", "update", "new", "--url", "http://x"], 3);
    assert_eq!(codes(&e), ["V7"]);
}

#[test]
fn env_remove_needs_yes_without_terminal() {
    // §4: "When stdin is not a terminal, sessadm never prompts: a command that
    // would ask fails with exit 2 and says which flag to pass."
    let s = Sandbox::new();
    s.ok(&["env", "add", "x"]);
    let before = s.dump();
    let err = s.fails(&["env", "remove", "x"], 2);
    assert!(err.contains("--yes"), "{err}");
    assert_eq!(s.dump(), before);
    s.ok(&["--yes", "env", "remove", "x"]);
    s.fails(&["env", "show", "x"], 4);
    assert_eq!(s.json(&["env", "list"]), serde_json::json!([]));
}

// ---------------------------------------------------------------------------
// §2 settings rules V1–V9, §3 durations
// ---------------------------------------------------------------------------

/// A setting's bounds, each value tried on a fresh database set up by the
/// command lines of `setup`: `set VALUE` with a `bad` value is refused with
/// exit 3, exactly `code` and no change; with a `good` one it succeeds, the
/// JSON pointer `field` reads the wanted value (also in `show`, when given)
/// and `on` (when given) reads true.
struct Bounds<'a> {
    setup: &'a [&'a str],
    set: &'a str,
    bad: &'a [&'a str],
    code: &'a str,
    field: &'a str,
    good: &'a [(&'a str, Value)],
    on: &'a str,
    show: &'a str,
}

/// An environment `x` whose settings are set.
const X: Bounds = Bounds {
    setup: &["env add x"],
    set: "",
    bad: &[],
    code: "",
    field: "",
    good: &[],
    on: "",
    show: "env show x",
};

fn bounds(b: Bounds) {
    let fresh = || {
        let s = Sandbox::new();
        s.init();
        for line in b.setup {
            s.ok(&words(line));
        }
        s
    };
    for bad in b.bad {
        let s = fresh();
        let before = s.dump();
        let e = s.json_error(&[words(b.set), vec![*bad]].concat(), 3);
        assert_eq!(codes(&e), [b.code], "{:?} {bad:?}: {e:#}", b.set);
        assert_eq!(s.dump(), before, "a refused command changes nothing");
    }
    for (good, want) in b.good {
        let s = fresh();
        let mut read = vec![s.json(&[words(b.set), vec![*good]].concat())];
        if !b.show.is_empty() {
            read.push(s.json(&words(b.show)));
        }
        for v in read {
            let got = v
                .pointer(b.field)
                .unwrap_or_else(|| panic!("no {}: {v:#}", b.field));
            assert_eq!(got, want, "{:?} {good:?}: {}", b.set, b.field);
            if !b.on.is_empty() {
                assert_eq!(v.pointer(b.on), Some(&json!(true)), "{good:?}: {v:#}");
            }
        }
    }
}

cases! {
    /// §2: names are 1–100 characters, no control characters, no leading or
    /// trailing space (V6).
    v6_name_length_and_characters: bounds(Bounds {
        setup: &[],
        set: "env add",
        bad: &["a".repeat(101).as_str(), "", " lead", "trail ", "tab\there"],
        code: "V6",
        field: "/name",
        good: &[("a".repeat(100).as_str(), json!("a".repeat(100)))],
        show: "",
        ..X
    });
    v7_url_must_be_https: bounds(Bounds {
        setup: &[],
        set: "env add x --url",
        bad: &["http://contoso.crm.dynamics.com", "contoso.crm.dynamics.com"],
        code: "V7",
        field: "/url",
        good: &[("https://contoso.crm4.dynamics.com", json!("https://contoso.crm4.dynamics.com"))],
        ..X
    });
    v8_version_one_to_four_parts: bounds(Bounds {
        setup: &[],
        set: "env add x --version",
        bad: &["9.2.24034.205.1", "9..2", "v9.2", "9.2.", "abc"],
        code: "V8",
        field: "/version",
        good: &[
            ("9", json!("9")),
            ("9.2", json!("9.2")),
            ("9.2.24034", json!("9.2.24034")),
            ("9.2.24034.205", json!("9.2.24034.205")),
        ],
        ..X
    });
    v1_session_length_boundaries: bounds(Bounds {
        set: "env set-timeout x --length",
        bad: &["59", "59m", "1441", "24h1m", "25h"],
        code: "V1",
        field: "/session_timeout/length_min",
        good: &[
            ("60", json!(60)),
            ("1h", json!(60)),
            ("1440", json!(1440)),
            ("24h", json!(1440)),
            ("1d", json!(1440)),
        ],
        on: "/session_timeout/enabled",
        ..X
    });
    /// §2 V2; a warning of 0 is no warning.
    v2_session_warning_below_length: bounds(Bounds {
        set: "env set-timeout x --length 1h --warning",
        bad: &["1h"],
        code: "V2",
        field: "/session_timeout/warning_min",
        good: &[("59m", json!(59)), ("0", json!(0))],
        on: "/session_timeout/enabled",
        ..X
    });
    v3_inactivity_at_least_5_minutes: bounds(Bounds {
        set: "env set-inactivity x --after",
        bad: &["4m"],
        code: "V3",
        field: "/inactivity_timeout/after_min",
        good: &[("5m", json!(5))],
        on: "/inactivity_timeout/enabled",
        ..X
    });
    v4_inactivity_below_1440: bounds(Bounds {
        set: "env set-inactivity x --after",
        bad: &["24h"],
        code: "V4",
        field: "/inactivity_timeout/after_min",
        good: &[("1439", json!(1439))],
        on: "/inactivity_timeout/enabled",
        ..X
    });
    v4_inactivity_below_session_length: bounds(Bounds {
        setup: &["env add x", "env set-timeout x --length 8h"],
        set: "env set-inactivity x --after",
        bad: &["8h"],
        code: "V4",
        field: "/inactivity_timeout/after_min",
        good: &[("7h59m", json!(479))],
        on: "/inactivity_timeout/enabled",
        ..X
    });
    v5_inactivity_warning_below_inactivity: bounds(Bounds {
        set: "env set-inactivity x --after 30m --warning",
        bad: &["30m"],
        code: "V5",
        field: "/inactivity_timeout/warning_min",
        good: &[("29m", json!(29))],
        on: "/inactivity_timeout/enabled",
        ..X
    });
    /// §3: "a whole number of minutes (90), or units d, h, m combined in
    /// that order".
    durations_accept_minutes_and_units: bounds(Bounds {
        set: "env set-timeout x --length",
        field: "/session_timeout/length_min",
        good: &[
            ("90", json!(90)),
            ("1h30m", json!(90)),
            ("90m", json!(90)),
            ("2h", json!(120)),
        ],
        on: "/session_timeout/enabled",
        ..X
    });
    /// §2 V9: the token lifetime is 1 hour to 365 days.
    v9_token_lifetime_boundaries: bounds(Bounds {
        setup: &[],
        set: "tenant set --token-lifetime",
        bad: &["59m", "366d", "365d1m"],
        code: "V9",
        field: "/token_lifetime_min",
        good: &[("1h", json!(60)), ("365d", json!(365 * 1440))],
        show: "tenant show",
        ..X
    });
}

#[test]
fn set_timeout_disable_keeps_values() {
    // §2: "When a setting is off, its values are kept".
    let s = Sandbox::new();
    s.ok(&["env", "add", "x"]);
    s.ok(&words("env set-timeout x --length 8h --warning 15m"));
    let v = s.json(&["env", "set-timeout", "x", "--disable"]);
    assert_eq!(v["session_timeout"]["enabled"], false);
    assert_eq!(v["session_timeout"]["length_min"], 480);
    assert_eq!(v["session_timeout"]["warning_min"], 15);
    s.ok(&words("env set-inactivity x --after 30m --warning 5m"));
    let v = s.json(&["env", "set-inactivity", "x", "--disable"]);
    assert_eq!(v["inactivity_timeout"]["enabled"], false);
    assert_eq!(v["inactivity_timeout"]["after_min"], 30);
    assert_eq!(v["inactivity_timeout"]["warning_min"], 5);
}

#[test]
fn v4_turning_session_on_below_inactivity_is_refused_naming_both() {
    // §2: "turning the session timeout on with a length at or below an
    // enabled inactivity value is refused, naming both values."
    let s = Sandbox::new();
    s.ok(&["env", "add", "x"]);
    s.ok(&["env", "set-inactivity", "x", "--after", "2h"]);
    let before = s.dump();
    let err = s.fails(&["env", "set-timeout", "x", "--length", "1h30m"], 3);
    assert!(err.contains("V4"), "{err}");
    assert!(err.contains("2h") && err.contains("1h30m"), "{err}");
    let e = s.json_error(&["env", "set-timeout", "x", "--length", "2h"], 3);
    assert_eq!(codes(&e), ["V4"], "equal is refused too");
    assert_eq!(s.dump(), before);
    s.ok(&["env", "set-timeout", "x", "--length", "2h1m"]);
}

#[test]
fn v4_does_not_apply_while_inactivity_is_off() {
    let s = Sandbox::new();
    s.ok(&["env", "add", "x"]);
    s.ok(&["env", "set-inactivity", "x", "--after", "2h"]);
    s.ok(&["env", "set-inactivity", "x", "--disable"]);
    let v = s.json(&["env", "set-timeout", "x", "--length", "1h"]);
    assert_eq!(v["session_timeout"]["length_min"], 60);
    assert_eq!(v["inactivity_timeout"]["after_min"], 120);
}

#[test]
fn malformed_durations_are_syntax_errors_naming_the_value() {
    // §3: "Anything else ... or overflow, is a clear error naming the value."
    // §4: code `syntax` for a malformed value or duration.
    let s = Sandbox::new();
    s.ok(&["env", "add", "x"]);
    let before = s.dump();
    for bad in [
        "30m1h",
        "1.5h",
        "abc",
        "1h30",
        "99999999999999999999d",
        "1w",
    ] {
        let out = s.run(&["-o", "json", "env", "set-timeout", "x", "--length", bad]);
        let code = out.status.code();
        assert!(
            matches!(code, Some(2 | 3)),
            "{bad}: exit {code:?}, stderr {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{stderr}");
        let v: Value = serde_json::from_str(stderr.trim()).expect("JSON error");
        assert_eq!(v["error"]["code"], "syntax", "{bad}: {v}");
        assert!(v.to_string().contains(bad), "names the value {bad}: {v}");
    }
    assert_eq!(s.dump(), before);
}

#[test]
fn durations_print_canonically_in_tables() {
    // §3: "days only for a whole number of days of 2 or more (90d), otherwise
    // hours and minutes (24h, 8h, 1h30m, 1h, 45m)"
    let s = Sandbox::new();
    s.init();
    let t = s.ok(&["tenant", "show"]);
    assert!(t.contains("90d"), "{t}");
    s.ok(&["tenant", "set", "--token-lifetime", "1d"]);
    let t = s.ok(&["tenant", "show"]);
    assert!(t.contains("24h") && !t.contains("1d"), "{t}");
    s.ok(&["tenant", "set", "--token-lifetime", "2880m"]);
    assert!(s.ok(&["tenant", "show"]).contains("2d"));
    s.ok(&["env", "add", "x"]);
    s.ok(&words("env set-timeout x --length 90 --warning 45"));
    let t = s.ok(&["env", "show", "x"]);
    assert!(t.contains("1h30m") && t.contains("45m"), "{t}");
}

// ---------------------------------------------------------------------------
// tenant, history, global flags
// ---------------------------------------------------------------------------

#[test]
fn tenant_defaults() {
    // §2: token lifetime 90 days, policy checks every 60 minutes.
    let s = Sandbox::new();
    s.init();
    let v = s.json(&["tenant", "show"]);
    assert_eq!(v["token_lifetime_min"], 90 * 1440);
    assert_eq!(v["policy_check_interval_min"], 60);
}

#[test]
fn history_records_changes_newest_first() {
    let s = Sandbox::new();
    s.ok(&["env", "add", "x"]);
    s.ok(&["env", "add", "y"]);
    s.ok(&["env", "set-timeout", "x", "--length", "8h"]);
    let h = s.json(&["env", "history", "x"]);
    let rows = h.as_array().expect("array");
    assert!(rows.len() >= 2, "create + setting: {h:#}");
    for r in rows {
        assert_eq!(r["environment"], "x");
        assert_eq!(r["actor"], "tester", "SESSADM_ACTOR");
        for k in ["at", "field", "old", "new"] {
            assert!(r.get(k).is_some(), "field {k} in {r}");
        }
    }
    let ats: Vec<_> = rows.iter().map(|r| r["at"].as_str().unwrap()).collect();
    let mut sorted = ats.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(ats, sorted, "newest first");
    // The newest row is the session length change 1440 -> 480.
    let newest = rows
        .iter()
        .find(|r| r["new"].to_string().contains("480") || r["new"].to_string().contains("8h"))
        .expect("a row with the new length");
    assert!(
        newest["old"].to_string().contains("1440") || newest["old"].to_string().contains("24h"),
        "{newest}"
    );
    let limited = s.json(&["env", "history", "--limit", "1"]);
    assert_eq!(limited.as_array().unwrap().len(), 1);
    let all = s.json(&["env", "history"]);
    assert!(
        all.as_array()
            .unwrap()
            .iter()
            .any(|r| r["environment"] == "y")
    );
}

#[test]
fn history_of_a_deleted_environment_is_kept() {
    let s = Sandbox::new();
    s.ok(&["env", "add", "gone"]);
    s.ok(&["env", "set-timeout", "gone", "--length", "2h"]);
    let n_before = s.json(&["env", "history"]).as_array().unwrap().len();
    s.ok(&["--yes", "env", "remove", "gone"]);
    let h = s.json(&["env", "history"]);
    let rows = h.as_array().unwrap();
    assert!(rows.len() > n_before, "delete recorded: {h:#}");
    assert!(rows.iter().all(|r| r["environment"] == "gone"), "{h:#}");
}

#[test]
fn tenant_changes_are_recorded() {
    let s = Sandbox::new();
    s.ok(&["tenant", "set", "--token-lifetime", "30d"]);
    let h = s.json(&["env", "history"]);
    let rows = h.as_array().unwrap();
    assert_eq!(rows.len(), 1, "{h:#}");
    assert_eq!(rows[0]["actor"], "tester");
    let new = rows[0]["new"].to_string();
    assert!(new.contains("43200") || new.contains("30d"), "{h:#}");
}

#[test]
fn failed_command_changes_nothing() {
    // §5: "Every command is one transaction: it fully happens or not at all."
    let s = Sandbox::new();
    s.ok(&["env", "add", "x"]);
    let before = s.dump();
    s.fails(&words("env set-timeout x --length 8h --warning 9h"), 3);
    s.fails(
        &["env", "update", "x", "--url", "ftp://x", "--rename", "z"],
        3,
    );
    assert_eq!(s.dump(), before);
}

#[test]
fn db_flag_and_env_var_choose_the_file() {
    let s = Sandbox::new();
    let other = s.path("nested/dir/other.db");
    let other_s = other.to_str().unwrap();
    s.ok(&["--db", other_s, "env", "add", "only-here"]);
    assert!(other.exists(), "created with its directory");
    s.ok(&["--db", other_s, "env", "show", "only-here"]);
    // The sandbox's own database was never created: reading it fails.
    s.fails(&["env", "show", "only-here"], 1);
    s.init();
    s.fails(&["env", "show", "only-here"], 4);
}

#[test]
fn default_db_is_in_xdg_data_home() {
    let s = Sandbox::new();
    let data = s.path("xdg");
    let out = s
        .cmd()
        .env_remove("SESSADM_DB")
        .env("XDG_DATA_HOME", &data)
        .args(["env", "add", "x"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(data.join("sessadm").join("sessadm.db").exists());
}

#[cfg(unix)]
#[test]
fn db_file_is_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let s = Sandbox::new();
    s.ok(&["env", "add", "x"]);
    let mode = std::fs::metadata(&s.db).unwrap().permissions().mode();
    assert_eq!(mode & 0o077, 0, "mode {mode:o}");
}

#[test]
fn output_env_var_and_quiet() {
    let s = Sandbox::new();
    s.init();
    let out = s
        .cmd()
        .env("SESSADM_OUTPUT", "json")
        .args(["tenant", "show"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON via SESSADM_OUTPUT");
    assert_eq!(v["policy_check_interval_min"], 60);
    // -q still prints results.
    let v = s.json(&["-q", "env", "add", "x"]);
    assert_eq!(v["name"], "x");
}

#[test]
fn usage_errors_are_exit_2() {
    let s = Sandbox::new();
    s.ok(&["env", "add", "x"]);
    s.fails(&["env", "show"], 2);
    s.fails(&["env", "frobnicate"], 2);
    s.fails(&["-o", "yaml", "env", "list"], 2);
    // §4: "Running a settings command with a missing value ... without a
    // terminal it is a usage error."
    s.fails(&["env", "set-timeout", "x"], 2);
    s.fails(&["env", "set-inactivity", "x"], 2);
    s.fails(&["tenant", "set"], 2);
    let e = s.json_error(&["env", "set-timeout", "x"], 2);
    assert_eq!(e["code"], "usage");
    // `--length` and `--disable` are alternatives.
    s.fails(
        &["env", "set-timeout", "x", "--length", "2h", "--disable"],
        2,
    );
}

// ---------------------------------------------------------------------------
// §5 storage
// ---------------------------------------------------------------------------

#[test]
fn not_a_database_is_refused_untouched() {
    let s = Sandbox::new();
    std::fs::write(&s.db, b"hello, this is not sqlite\n").unwrap();
    let before = std::fs::read(&s.db).unwrap();
    s.fails(&["env", "list"], 1);
    s.fails(&["env", "add", "x"], 1);
    let e = s.json_error(&["env", "list"], 1);
    assert!(e["code"] == "database" || e["code"] == "io", "{e}");
    assert_eq!(std::fs::read(&s.db).unwrap(), before);
}

#[test]
fn another_programs_sqlite_is_refused_untouched() {
    let s = Sandbox::new();
    {
        let c = rusqlite::Connection::open(&s.db).unwrap();
        c.execute_batch("CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT);")
            .unwrap();
    }
    let before = std::fs::read(&s.db).unwrap();
    s.fails(&["env", "add", "x"], 1);
    let e = s.json_error(&["env", "list"], 1);
    assert!(e["code"] == "database" || e["code"] == "io", "{e}");
    assert_eq!(std::fs::read(&s.db).unwrap(), before);
}

#[test]
fn newer_schema_is_refused_untouched() {
    let s = Sandbox::new();
    s.ok(&["env", "add", "x"]);
    {
        let c = rusqlite::Connection::open(&s.db).unwrap();
        c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA user_version = 9999;")
            .unwrap();
    }
    let before = s.dump();
    let err = s.fails(&["env", "add", "y"], 1);
    assert!(
        err.contains("newer") || err.contains("9999"),
        "says so: {err}"
    );
    assert_eq!(s.dump(), before);
}

#[test]
fn concurrent_writers_all_succeed() {
    // §5: "several sessadm processes writing at once all succeed, and no
    // history row is lost."
    let s = Sandbox::new();
    s.ok(&["env", "add", "seed"]);
    let n_before = s.json(&["env", "history"]).as_array().unwrap().len();
    let kids: Vec<_> = (0..8)
        .map(|i| {
            s.cmd()
                .args(["env", "add", &format!("e{i}")])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for k in kids {
        let out = k.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(s.json(&["env", "list"]).as_array().unwrap().len(), 9);
    let h = s.json(&["env", "history"]);
    let rows = h.as_array().unwrap();
    assert!(rows.len() >= n_before + 8);
    for i in 0..8 {
        let name = format!("e{i}");
        assert!(rows.iter().any(|r| r["environment"] == name.as_str()));
    }
}

// ---------------------------------------------------------------------------
// rules
// ---------------------------------------------------------------------------

#[test]
fn rules_lists_every_id_and_one_rule() {
    let s = Sandbox::new();
    let all = s.ok(&["rules"]);
    for i in 1..=9 {
        assert!(all.contains(&format!("V{i}")), "V{i}");
    }
    for i in 1..=13 {
        assert!(all.contains(&format!("S{i}")), "S{i}");
    }
    assert!(
        all.contains("sessadm's own choice"),
        "spec wording for own rules"
    );
    let one = s.ok(&["rules", "S5"]);
    assert!(one.contains("S5"));
    assert!(!one.contains("S6 "), "only S5: {one}");
}

// ---------------------------------------------------------------------------
// §6 simulation
// ---------------------------------------------------------------------------

/// A scenario for alice@contoso.com in contoso-prod, and what simulating it
/// gives.
struct Sim<'a> {
    start: &'a str,
    /// `until` in the file, if any.
    until: &'a str,
    /// `version` of contoso-prod; None leaves it out.
    version: Option<&'a str>,
    /// More `[environment]` lines.
    env: &'a str,
    /// More top-level tables (`[tenant]`, `[[environments]]`).
    extra: &'a str,
    /// (at, kind, more lines) of each event.
    events: &'a [(&'a str, &'a str, &'a str)],
    /// More arguments to `simulate`.
    args: &'a [&'a str],
    /// The key outcomes, exactly (see `assert_key`).
    want: &'a [(&'a str, &'a str, &'a str, &'a str)],
    /// Summary fields and their values.
    summary: Value,
    /// Any further check of the document.
    also: Option<fn(&Value)>,
}

/// A current environment without custom timeouts, from 08:00 on day 1.
const SIM: Sim = Sim {
    start: "2026-03-02T08:00:00Z",
    until: "",
    version: Some(CURRENT),
    env: "",
    extra: "",
    events: &[],
    args: &[],
    want: &[],
    summary: Value::Null,
    also: None,
};

/// The example of §6.3: an 8h session with a 20m warning, signed in on the
/// web at 08:00 without "stay signed in", until 08:00 the next day.
const EXAMPLE: Sim = Sim {
    until: "2026-03-03T08:00:00Z",
    env: "session_length = \"8h\"\nsession_warning = \"20m\"",
    events: &[("+0m", "sign-in", "client = \"web\"\nstay_signed_in = false")],
    ..SIM
};

impl Sim<'_> {
    fn toml(&self) -> String {
        let mut t = format!("start = \"{}\"\nuser = \"alice@contoso.com\"\n", self.start);
        if !self.until.is_empty() {
            t += &format!("until = \"{}\"\n", self.until);
        }
        t += "\n[environment]\nname = \"contoso-prod\"\n";
        if let Some(version) = self.version {
            t += &format!("version = \"{version}\"\n");
        }
        t += &format!("{}\n\n{}\n\n", self.env, self.extra);
        for (at, kind, more) in self.events {
            t += &ev(at, kind, more);
        }
        t
    }
}

fn simulate(c: Sim) {
    let s = Sandbox::new();
    let v = sim(&s, &c.toml(), c.args);
    assert_key(&v, c.want);
    for (k, want) in c.summary.as_object().into_iter().flatten() {
        assert_eq!(&v["summary"][k], want, "summary {k}: {:#}", v["summary"]);
    }
    if let Some(also) = c.also {
        also(&v);
    }
}

/// The 24h maximum of a legacy environment signed in at 08:00 on day 1,
/// with the default 20m warning (S8).
const LEGACY_24H: [(&str, &str, &str, &str); 2] = [
    ("2026-03-03T07:40:00Z", "warning", "max-session-24h", "S8"),
    (
        "2026-03-03T08:00:00Z",
        "signed-out",
        "max-session-24h",
        "S8",
    ),
];

/// Opening contoso-prod by typing its URL.
const MANUAL_URL: &str = "env = \"contoso-prod\"\nvia = \"manual-url\"";

/// A second, legacy environment.
const ALSO_LEGACY: &str = "[[environments]]\nname = \"contoso-legacy\"\nversion = \"9.0.2.3034\"";

/// A horizon after the 24h maximum.
const DAY_3: &[&str] = &["--until", "2026-03-04T00:00:00Z"];

/// A 2h session without warning, and a 30m inactivity timeout.
const WEB_RESOURCE_ENV: &str =
    "session_length = \"2h\"\nsession_warning = \"0\"\ninactivity = \"30m\"";

/// Signed out at 08:10, active at 08:20.
const ACTIVE_AFTER_SIGN_OUT: Sim = Sim {
    env: "inactivity = \"1h\"",
    events: &[
        ("+0m", "sign-in", ""),
        ("+10m", "sign-out", ""),
        ("+20m", "activity", ""),
    ],
    ..SIM
};

/// The §6.3 example with `until` at the session's end, 16:00.
const UNTIL_16: Sim = Sim {
    until: "2026-03-02T16:00:00Z",
    ..EXAMPLE
};

cases! {
    /// §6.3 example: warning 15:40 ends_at 16:00, signed_in_min 480.
    s5_spec_example_json_document: simulate(Sim {
        want: &[
            (&d1("15:40:00"), "warning", "session-expired", "S5"),
            (&d1("16:00:00"), "signed-out", "session-expired", "S5"),
        ],
        summary: json!({
            "users": 1, "sign_ins": 1, "signed_out": {"session-expired": 1},
            "reauth_required": {}, "warnings": 1, "access_denied": {}, "signed_in_min": 480,
        }),
        also: Some(|v| {
            assert_eq!(v["environment"]["name"], "contoso-prod");
            assert_eq!(v["environment"]["session_timeout"]["enabled"], true);
            assert_eq!(v["environment"]["session_timeout"]["length_min"], 480);
            assert_eq!(kinds(v)[0], "session-start");
            assert_eq!(outcomes(v)[0]["at"], d1("08:00:00"));
            let w = first(v, "warning");
            assert_eq!(w["ends_at"], d1("16:00:00"));
            assert_eq!(w["user"], "alice@contoso.com");
            assert!(w["message"].is_string());
        }),
        ..EXAMPLE
    });
    /// S1: "In every mode ... a session ends at sign-in + token lifetime",
    /// without a warning.
    s1_token_lifetime_in_every_mode_without_warning: simulate(Sim {
        extra: "[tenant]\ntoken_lifetime = \"2h\"",
        events: &[("+0m", "sign-in", "")],
        want: &[(&d1("10:00:00"), "reauth-required", "token-lifetime", "S1")],
        summary: json!({"signed_in_min": 120, "warnings": 0,
                        "reauth_required": {"token-lifetime": 1}}),
        ..SIM
    });
    s1_token_lifetime_ends_a_longer_custom_session: simulate(Sim {
        env: "session_length = \"8h\"\nsession_warning = \"0m\"",
        extra: "[tenant]\ntoken_lifetime = \"2h\"",
        events: &[("+0m", "sign-in", "")],
        want: &[(&d1("10:00:00"), "reauth-required", "token-lifetime", "S1")],
        ..SIM
    });
    /// S2: checks at sign-in + k·60 min, anchored at sign-in; seconds kept.
    s3_disable_takes_effect_at_next_hourly_check_anchored_at_sign_in: simulate(Sim {
        events: &[("+17m30s", "sign-in", ""), ("+20m", "account-disabled", "")],
        want: &[(&d1("09:17:30"), "reauth-required", "account-disabled", "S3")],
        ..SIM
    });
    /// §6.2: "input events of that instant in file order; then policy checks".
    s3_event_at_a_check_instant_is_applied_by_that_check: simulate(Sim {
        env: "session_length = \"8h\"",
        events: &[("+0m", "sign-in", ""), ("+60m", "refresh-token-revoked", "")],
        want: &[(&d1("09:00:00"), "reauth-required", "refresh-token-revoked", "S3")],
        ..SIM
    });
    /// §6.2: refused "if deleted, disabled, blocked or during an outage, in
    /// that order".
    s3_sign_in_refused_in_precedence_order: simulate(Sim {
        extra: "[tenant]\ntoken_lifetime = \"1h\"",
        events: &[
            ("+0m", "sign-in-blocked", ""),
            ("+0m", "account-disabled", ""),
            ("+0m", "outage-start", ""),
            ("+1m", "sign-in", ""),
            ("+2m", "account-enabled", ""),
            ("+3m", "sign-in", ""),
            ("+4m", "outage-end", ""),
            ("+5m", "sign-in", ""),
        ],
        want: &[
            (&d1("08:01:00"), "sign-in-refused", "account-disabled", "S3"),
            (&d1("08:03:00"), "sign-in-refused", "outage", "S4"),
            (&d1("09:05:00"), "reauth-required", "token-lifetime", "S1"),
        ],
        ..SIM
    });
    s3_sign_in_refused_while_deleted_even_when_enabled: simulate(Sim {
        events: &[
            ("+0m", "sign-in-blocked", ""),
            ("+0m", "account-deleted", ""),
            ("+1m", "sign-in", ""),
            ("+2m", "account-enabled", ""),
            ("+3m", "sign-in", ""),
        ],
        want: &[
            (&d1("08:01:00"), "sign-in-refused", "account-deleted", "S3"),
            (&d1("08:03:00"), "sign-in-refused", "account-deleted", "S3"),
        ],
        ..SIM
    });
    s4_outage_without_stay_signed_in_fails_at_first_check: simulate(Sim {
        events: &[
            ("+0m", "sign-in", "stay_signed_in = false"),
            ("+30m", "outage-start", ""),
            ("+3h", "outage-end", ""),
        ],
        want: &[(&d1("09:00:00"), "reauth-required", "policy-check-failed", "S4")],
        summary: json!({"signed_in_min": 60}),
        ..SIM
    });
    /// Outage 1 spans the checks at 09:00 and 10:00; outage 2 spans 12:00.
    s4_stay_signed_in_continues_once_per_outage: simulate(Sim {
        extra: "[tenant]\ntoken_lifetime = \"5h\"",
        events: &[
            ("+0m", "sign-in", "stay_signed_in = true"),
            ("+30m", "outage-start", ""),
            ("+150m", "outage-end", ""),
            ("+200m", "outage-start", ""),
            ("+250m", "outage-end", ""),
        ],
        want: &[
            (&d1("09:00:00"), "access-continued", "stay-signed-in", "S4"),
            (&d1("12:00:00"), "access-continued", "stay-signed-in", "S4"),
            (&d1("13:00:00"), "reauth-required", "token-lifetime", "S1"),
        ],
        ..SIM
    });
    s4_revocation_during_outage_waits_for_first_successful_check: simulate(Sim {
        events: &[
            ("+0m", "sign-in", "stay_signed_in = true"),
            ("+10m", "outage-start", ""),
            ("+20m", "refresh-token-revoked", ""),
            ("+90m", "outage-end", ""),
        ],
        want: &[
            (&d1("09:00:00"), "access-continued", "stay-signed-in", "S4"),
            (&d1("10:00:00"), "reauth-required", "refresh-token-revoked", "S3"),
        ],
        ..SIM
    });
    s5_zero_warning_means_no_warning: simulate(Sim {
        env: "session_length = \"1h\"\nsession_warning = \"0m\"",
        events: &[("+0m", "sign-in", ""), ("+30m", "activity", "")],
        want: &[(&d1("09:00:00"), "signed-out", "session-expired", "S5")],
        ..SIM
    });
    s6_inactivity_reset_by_activity_not_by_access_or_open_env: simulate(Sim {
        env: "inactivity = \"30m\"\ninactivity_warning = \"5m\"",
        events: &[
            ("+0m", "sign-in", ""),
            ("+20m", "activity", ""),
            ("+25m", "access", "as_user = \"alice@contoso.com\""),
            ("+30m", "open-env", "env = \"contoso-prod\"\nvia = \"link\""),
        ],
        want: &[
            (&d1("08:45:00"), "warning", "inactivity", "S6"),
            (&d1("08:50:00"), "signed-out", "inactivity", "S6"),
        ],
        also: Some(|v| assert_eq!(first(v, "warning")["ends_at"], d1("08:50:00"))),
        ..SIM
    });
    s13_warning_dropped_when_activity_moved_the_deadline: simulate(Sim {
        env: "inactivity = \"30m\"\ninactivity_warning = \"5m\"",
        events: &[("+0m", "sign-in", ""), ("+24m", "activity", "")],
        want: &[
            (&d1("08:49:00"), "warning", "inactivity", "S6"),
            (&d1("08:54:00"), "signed-out", "inactivity", "S6"),
        ],
        ..SIM
    });
    /// §6.2: "deadlines due; then warnings due; then the input events".
    same_instant_warning_before_activity: simulate(Sim {
        env: "inactivity = \"30m\"\ninactivity_warning = \"5m\"",
        events: &[("+0m", "sign-in", ""), ("+25m", "activity", "")],
        want: &[
            (&d1("08:25:00"), "warning", "inactivity", "S6"),
            (&d1("08:50:00"), "warning", "inactivity", "S6"),
            (&d1("08:55:00"), "signed-out", "inactivity", "S6"),
        ],
        ..SIM
    });
    /// "A deadline at T means the session is valid until just before T."
    same_instant_deadline_before_activity: simulate(Sim {
        env: "inactivity = \"30m\"",
        events: &[("+0m", "sign-in", ""), ("+30m", "activity", "")],
        want: &[
            (&d1("08:30:00"), "signed-out", "inactivity", "S6"),
            (&d1("08:30:00"), "access-denied", "signed-out", "S11"),
        ],
        summary: json!({"access_denied": {"signed-out": 1}}),
        ..SIM
    });
    /// §6.2: "...then the input events of that instant in file order; then
    /// policy checks": an outage starting at 09:00 fails the 09:00 check; an
    /// outage ending at 10:00 lets the 10:00 check succeed and apply S3.
    same_instant_events_before_policy_checks: simulate(Sim {
        events: &[
            ("+0m", "sign-in", "stay_signed_in = true"),
            ("+60m", "outage-start", ""),
            ("+120m", "outage-end", ""),
            ("+120m", "account-disabled", ""),
        ],
        want: &[
            (&d1("09:00:00"), "access-continued", "stay-signed-in", "S4"),
            (&d1("10:00:00"), "reauth-required", "account-disabled", "S3"),
        ],
        ..SIM
    });
    /// Session warning due 08:40, inactivity deadline 08:40: "deadlines due;
    /// then warnings due" — the session is gone, so no warning (S13:
    /// "reported at its time if the session is still open").
    same_instant_deadline_suppresses_warning: simulate(Sim {
        env: "session_length = \"1h\"\nsession_warning = \"20m\"\ninactivity = \"40m\"",
        events: &[("+0m", "sign-in", "")],
        want: &[(&d1("08:40:00"), "signed-out", "inactivity", "S6")],
        summary: json!({"warnings": 0}),
        ..SIM
    });
    seconds_offsets_give_exact_times: simulate(Sim {
        env: "inactivity = \"5m\"",
        events: &[("+0s", "sign-in", ""), ("+90s", "activity", "")],
        want: &[(&d1("08:06:30"), "signed-out", "inactivity", "S6")],
        ..SIM
    });
    event_times_with_offsets_are_printed_in_utc: simulate(Sim {
        env: "session_length = \"1h\"\nsession_warning = \"0\"",
        events: &[("2026-03-02T10:10:00+01:00", "sign-in", "")],
        want: &[(&d1("10:10:00"), "signed-out", "session-expired", "S5")],
        also: Some(|v| assert_eq!(outcomes(v)[0]["at"], d1("09:10:00"))),
        ..SIM
    });
    /// `start` with an offset; offsets combining units.
    start_with_an_offset_and_offsets_combining_units: simulate(Sim {
        start: "2026-03-02T09:00:00+01:00",
        env: "session_length = \"1h\"\nsession_warning = \"0\"",
        events: &[("+1d2h", "sign-in", "")],
        want: &[(&d2("11:00:00"), "signed-out", "session-expired", "S5")],
        also: Some(|v| assert_eq!(outcomes(v)[0]["at"], d2("10:00:00"))),
        ..SIM
    });
    s7_settings_take_effect_at_next_sign_in: simulate(Sim {
        events: &[
            ("+0m", "sign-in", ""),
            ("+1h", "settings", "session_length = \"1h\""),
            ("+2h", "sign-out", ""),
            ("+3h", "sign-in", ""),
        ],
        want: &[
            (&d1("09:00:00"), "settings-pending", "next-sign-in", "S7"),
            (&d1("10:00:00"), "signed-out", "user-sign-out", "*"),
            (&d1("11:40:00"), "warning", "session-expired", "S5"),
            (&d1("12:00:00"), "signed-out", "session-expired", "S5"),
        ],
        summary: json!({"sign_ins": 2, "signed_in_min": 180}),
        ..SIM
    });
    s8_legacy_environment_has_24h_maximum: simulate(Sim {
        version: Some(LEGACY),
        events: &[("+0m", "sign-in", "")],
        want: &LEGACY_24H,
        ..SIM
    });
    // §2: versions are "compared part by part, missing parts are 0"; current
    // is ≥ 9.1.0.3647, and an absent version is current.
    s8_version_9_1_0_3647_is_current: simulate(Sim {
        version: Some("9.1.0.3647"),
        events: &[("+0m", "sign-in", "")],
        args: DAY_3,
        ..SIM
    });
    s8_version_9_1_0_3646_is_legacy: simulate(Sim {
        version: Some("9.1.0.3646"),
        events: &[("+0m", "sign-in", "")],
        args: DAY_3,
        want: &LEGACY_24H,
        ..SIM
    });
    s8_version_9_1_is_legacy: simulate(Sim {
        version: Some("9.1"),
        events: &[("+0m", "sign-in", "")],
        args: DAY_3,
        want: &LEGACY_24H,
        ..SIM
    });
    s8_version_9_2_is_current: simulate(Sim {
        version: Some("9.2"),
        events: &[("+0m", "sign-in", "")],
        args: DAY_3,
        ..SIM
    });
    s8_version_10_is_current: simulate(Sim {
        version: Some("10"),
        events: &[("+0m", "sign-in", "")],
        args: DAY_3,
        ..SIM
    });
    s8_absent_version_is_current: simulate(Sim {
        version: None,
        events: &[("+0m", "sign-in", "")],
        args: DAY_3,
        ..SIM
    });
    /// S8: "They have no hourly policy check: S3 applies at the next sign-in."
    s8_legacy_has_no_hourly_check: simulate(Sim {
        version: Some(LEGACY),
        env: "session_warning = \"0\"",
        events: &[
            ("+0m", "sign-in", ""),
            ("+10m", "account-disabled", ""),
            ("+20m", "outage-start", ""),
            ("+3h", "outage-end", ""),
        ],
        want: &[(&d2("08:00:00"), "signed-out", "max-session-24h", "S8")],
        ..SIM
    });
    s9_manual_url_bypass_then_24h_from_sign_in: simulate(Sim {
        events: &[
            ("+0m", "sign-in", ""),
            ("+1h", "open-env", MANUAL_URL),
            ("+2h", "open-env", MANUAL_URL),
        ],
        want: &[
            (&d1("09:00:00"), "policy-bypass", "manual-url", "S9"),
            (&d2("07:40:00"), "warning", "max-session-24h", "*"),
            (&d2("08:00:00"), "signed-out", "max-session-24h", "*"),
        ],
        ..SIM
    });
    s9_mixed_versions_bypass_keeps_policy_checks: simulate(Sim {
        env: "inactivity = \"3h\"",
        extra: ALSO_LEGACY,
        events: &[
            ("+0m", "sign-in", ""),
            ("+10m", "open-env", "env = \"contoso-legacy\""),
            ("+70m", "account-disabled", ""),
        ],
        want: &[
            (&d1("08:10:00"), "policy-bypass", "mixed-versions", "S9"),
            (&d1("10:00:00"), "reauth-required", "account-disabled", "S3"),
        ],
        ..SIM
    });
    s9_no_bypass_under_custom_session_timeout: simulate(Sim {
        env: "session_length = \"8h\"\nsession_warning = \"0\"",
        extra: ALSO_LEGACY,
        events: &[
            ("+0m", "sign-in", ""),
            ("+1h", "open-env", MANUAL_URL),
            ("+2h", "open-env", "env = \"contoso-legacy\""),
        ],
        want: &[(&d1("16:00:00"), "signed-out", "session-expired", "S5")],
        ..SIM
    });
    s10_outlook_does_not_enforce_timeouts: simulate(Sim {
        env: "session_length = \"1h\"\ninactivity = \"30m\"",
        extra: "[tenant]\ntoken_lifetime = \"3h\"",
        events: &[("+0m", "sign-in", "client = \"outlook\"")],
        want: &[(&d1("11:00:00"), "reauth-required", "token-lifetime", "S1")],
        also: Some(|v| assert_eq!(first(v, "not-enforced")["at"], d1("08:00:00"))),
        ..SIM
    });
    /// "The same client list applies to every version": no 24h on legacy.
    s10_outlook_has_no_24h_maximum_on_legacy: simulate(Sim {
        version: Some(LEGACY),
        extra: "[tenant]\ntoken_lifetime = \"30h\"",
        events: &[("+0m", "sign-in", "client = \"outlook\"")],
        want: &[(&d2("14:00:00"), "reauth-required", "token-lifetime", "S1")],
        ..SIM
    });
    /// "the token lifetime and S3/S4 still apply".
    s10_s3_still_applies_on_mobile: simulate(Sim {
        env: "session_length = \"1h\"",
        events: &[("+0m", "sign-in", "client = \"mobile\""), ("+90m", "account-disabled", "")],
        want: &[(&d1("10:00:00"), "reauth-required", "account-disabled", "S3")],
        ..SIM
    });
    s10_web_resource_has_no_inactivity_without_global_context: simulate(Sim {
        env: WEB_RESOURCE_ENV,
        events: &[("+0m", "sign-in", "client = \"web-resource\"")],
        want: &[(&d1("10:00:00"), "signed-out", "session-expired", "S5")],
        ..SIM
    });
    s10_web_resource_has_inactivity_with_global_context: simulate(Sim {
        env: WEB_RESOURCE_ENV,
        events: &[("+0m", "sign-in", "client = \"web-resource\"\nglobal_context = true")],
        want: &[(&d1("08:30:00"), "signed-out", "inactivity", "S6")],
        ..SIM
    });
    s10_usd_ie_has_inactivity: simulate(Sim {
        env: WEB_RESOURCE_ENV,
        events: &[("+0m", "sign-in", "client = \"usd-ie\"")],
        want: &[(&d1("08:30:00"), "signed-out", "inactivity", "S6")],
        ..SIM
    });
    s11_access_after_sign_out_is_denied: simulate(Sim {
        args: &["--until", "2026-03-02T09:00:00Z"],
        want: &[
            (&d1("08:10:00"), "signed-out", "user-sign-out", "*"),
            (&d1("08:20:00"), "access-denied", "signed-out", "S11"),
        ],
        summary: json!({"signed_in_min": 10}),
        ..ACTIVE_AFTER_SIGN_OUT
    });
    s11_auto_sign_in_signs_in_again_at_activity: simulate(Sim {
        args: &["--until", "2026-03-02T09:00:00Z", "--auto-sign-in"],
        want: &[(&d1("08:10:00"), "signed-out", "user-sign-out", "*")],
        summary: json!({"sign_ins": 2, "signed_in_min": 50}),
        also: Some(|v| {
            let starts: Vec<_> = outcomes(v)
                .into_iter()
                .filter(|o| o["kind"] == "session-start")
                .map(|o| o["at"].clone())
                .collect();
            assert_eq!(starts, [d1("08:00:00"), d1("08:20:00")]);
        }),
        ..ACTIVE_AFTER_SIGN_OUT
    });
    /// §6.2: "sign-out and open-env while signed out are ignored; activity
    /// and access while signed out are S11 (signed-out wins over
    /// token-user-mismatch)."
    s11_while_signed_out_before_any_sign_in: simulate(Sim {
        events: &[
            ("+0m", "activity", ""),
            ("+1m", "sign-out", ""),
            ("+2m", "open-env", MANUAL_URL),
            ("+3m", "access", "as_user = \"bob@contoso.com\""),
        ],
        want: &[
            (&d1("08:00:00"), "access-denied", "signed-out", "S11"),
            (&d1("08:03:00"), "access-denied", "signed-out", "S11"),
        ],
        summary: json!({"sign_ins": 0, "signed_in_min": 0, "access_denied": {"signed-out": 2}}),
        ..SIM
    });
    s12_token_user_mismatch_and_signed_out_wins: simulate(Sim {
        env: "session_length = \"1h\"\nsession_warning = \"0\"",
        events: &[
            ("+0m", "sign-in", ""),
            ("+10m", "access", "as_user = \"mallory@contoso.com\""),
            ("+20m", "access", "as_user = \"alice@contoso.com\""),
            ("+70m", "access", "as_user = \"mallory@contoso.com\""),
        ],
        want: &[
            (&d1("08:10:00"), "access-denied", "token-user-mismatch", "S12"),
            (&d1("09:00:00"), "signed-out", "session-expired", "S5"),
            (&d1("09:10:00"), "access-denied", "signed-out", "S11"),
        ],
        ..SIM
    });
    sign_in_while_open_is_a_note: simulate(Sim {
        env: "session_length = \"1h\"\nsession_warning = \"0\"",
        events: &[("+0m", "sign-in", ""), ("+30m", "sign-in", "")],
        want: &[(&d1("09:00:00"), "signed-out", "session-expired", "S5")],
        also: Some(|v| {
            let o = outcomes(v);
            assert!(
                o.iter().any(|x| x["kind"] == "note" && x["at"] == d1("08:30:00")),
                "{o:#?}"
            );
            assert_eq!(o.iter().filter(|x| x["kind"] == "session-start").count(), 1);
        }),
        ..SIM
    });
    /// session-expired and token-lifetime both at 10:00.
    s13_coinciding_session_and_token_deadlines_report_the_session: simulate(Sim {
        env: "session_length = \"2h\"\nsession_warning = \"0\"",
        extra: "[tenant]\ntoken_lifetime = \"2h\"",
        events: &[("+0m", "sign-in", "")],
        want: &[(&d1("10:00:00"), "signed-out", "session-expired", "S5")],
        ..SIM
    });
    /// max-session-24h and inactivity both at 24h (legacy, inactivity 23h).
    s13_coinciding_24h_and_inactivity_deadlines_report_the_24h: simulate(Sim {
        version: Some(LEGACY),
        env: "session_warning = \"0\"\ninactivity = \"23h\"",
        events: &[("+0m", "sign-in", ""), ("+1h", "activity", "")],
        want: &[(&d2("08:00:00"), "signed-out", "max-session-24h", "S8")],
        ..SIM
    });
    outcomes_ordered_by_time_then_user: simulate(Sim {
        env: "session_length = \"1h\"\nsession_warning = \"0\"",
        events: &[
            ("+0m", "sign-in", "user = \"zoe@contoso.com\""),
            ("+0m", "sign-in", "user = \"bob@contoso.com\""),
        ],
        want: &[
            (&d1("09:00:00"), "signed-out", "session-expired", "S5"),
            (&d1("09:00:00"), "signed-out", "session-expired", "S5"),
        ],
        summary: json!({"users": 2, "sign_ins": 2, "signed_in_min": 120}),
        also: Some(|v| {
            let got: Vec<_> = outcomes(v)
                .iter()
                .filter(|o| o["kind"] == "signed-out")
                .map(|o| o["user"].as_str().unwrap().to_string())
                .collect();
            assert_eq!(got, ["bob@contoso.com", "zoe@contoso.com"]);
        }),
        ..SIM
    });
    // "Outcomes at or after the horizon are not reported." The horizon is
    // the earliest of --until, the file's until and an end event.
    /// The file's until at 16:00: the 16:00 sign-out is at the horizon.
    horizon_file_until_drops_outcomes_at_it: simulate(Sim {
        want: &[(&d1("15:40:00"), "warning", "session-expired", "S5")],
        summary: json!({"signed_in_min": 480}),
        ..UNTIL_16
    });
    /// --until earlier, with an offset: 17:40+02:00 = 15:40Z.
    horizon_earlier_until_flag_with_an_offset_wins: simulate(Sim {
        args: &["--until", "2026-03-02T17:40:00+02:00"],
        summary: json!({"signed_in_min": 460, "warnings": 0}),
        ..UNTIL_16
    });
    horizon_file_until_wins_over_a_later_until_flag: simulate(Sim {
        args: &["--until", "2026-03-03T00:00:00Z"],
        want: &[(&d1("15:40:00"), "warning", "session-expired", "S5")],
        ..UNTIL_16
    });
    horizon_earlier_end_event_wins: simulate(Sim {
        events: &[
            ("+0m", "sign-in", "client = \"web\"\nstay_signed_in = false"),
            ("+1h", "end", ""),
        ],
        summary: json!({"signed_in_min": 60}),
        ..UNTIL_16
    });
}

#[test]
fn simulate_formats_jsonl_table_and_override() {
    let s = Sandbox::new();
    let p = s.write("ex.toml", &EXAMPLE.toml());
    let doc: Value = serde_json::from_str(&s.ok(&["simulate", &p, "--format", "json"])).unwrap();
    // `--format` overrides `-o`.
    let over: Value =
        serde_json::from_str(&s.ok(&["-o", "table", "simulate", &p, "--format", "json"])).unwrap();
    assert_eq!(over, doc);
    assert_eq!(s.json(&["simulate", &p]), doc, "-o json = --format json");
    // jsonl: one outcome a line, then the summary line.
    let text = s.ok(&["simulate", &p, "--format", "jsonl"]);
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line JSON"))
        .collect();
    let n = doc["outcomes"].as_array().unwrap().len();
    assert_eq!(lines.len(), n + 1, "{text}");
    assert_eq!(&lines[..n], doc["outcomes"].as_array().unwrap().as_slice());
    let last = &lines[n];
    let summary = if last.get("summary").is_some() {
        &last["summary"]
    } else {
        last
    };
    assert_eq!(summary, &doc["summary"]);
    // table: readable at 80 columns, shows the times.
    let table = s.ok(&["-o", "json", "simulate", &p, "--format", "table"]);
    assert!(serde_json::from_str::<Value>(&table).is_err());
    assert!(
        table.contains("15:40") && table.contains("16:00"),
        "{table}"
    );
    assert_fits_80_at_a_terminal(&s, &["simulate", &p, "--format", "table"]);
}

#[test]
fn json_scenario_matches_toml() {
    let s = Sandbox::new();
    let toml_doc = sim(&s, &EXAMPLE.toml(), &[]);
    let json = r#"{
      "start": "2026-03-02T08:00:00Z",
      "user": "alice@contoso.com",
      "until": "2026-03-03T08:00:00Z",
      "environment": {"name": "contoso-prod", "version": "9.2.24034.205",
                      "session_length": "8h", "session_warning": "20m"},
      "events": [{"at": "+0m", "kind": "sign-in", "client": "web", "stay_signed_in": false}]
    }"#;
    let p = s.write("scenario.json", json);
    let v: Value = serde_json::from_str(&s.ok(&["simulate", &p, "--format", "json"])).unwrap();
    assert_eq!(v, toml_doc);
    // stdin with --input-format.
    let out = s.run_stdin(
        &words("simulate - --input-format toml --format json"),
        &EXAMPLE.toml(),
    );
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v, toml_doc);
}

#[test]
fn simulate_with_env_from_database() {
    let s = Sandbox::new();
    s.ok(&["env", "add", "prod", "--version", "9.2.24034.205"]);
    s.ok(&words("env set-timeout prod --length 2h --warning 10m"));
    s.ok(&["tenant", "set", "--token-lifetime", "90m"]);
    let toml = format!(
        "start = \"2026-03-02T08:00:00Z\"\nuser = \"alice@contoso.com\"\n\n{}",
        ev("+0m", "sign-in", "")
    );
    let v = sim(&s, &toml, &["--env", "prod"]);
    assert_eq!(v["environment"]["name"], "prod");
    assert_eq!(v["environment"]["session_timeout"]["length_min"], 120);
    // Tenant from the database: 90m token lifetime comes first.
    assert_key(
        &v,
        &[(&d1("09:30:00"), "reauth-required", "token-lifetime", "S1")],
    );
    // Unknown --env is exit 4.
    let p = s.write("x.toml", &toml);
    s.fails(&["simulate", &p, "--env", "nope"], 4);
    // A scenario's [environment] replaces the --env one as a whole; the
    // database tenant still applies with --env.
    let own = Sim {
        env: "inactivity = \"10m\"",
        events: &[("+0m", "sign-in", "")],
        ..SIM
    }
    .toml();
    let v = sim(&s, &own, &["--env", "prod"]);
    assert_eq!(v["environment"]["name"], "contoso-prod");
    assert_eq!(v["environment"]["session_timeout"]["enabled"], false);
    assert_key(&v, &[(&d1("08:10:00"), "signed-out", "inactivity", "S6")]);
    // Without --env and without [tenant], the §2 defaults apply (90d), not
    // the database's 90m.
    let one_sign_in = Sim {
        events: &[("+0m", "sign-in", "")],
        ..SIM
    };
    let v = sim(&s, &one_sign_in.toml(), &[]);
    assert_key(
        &v,
        &[(
            "2026-05-31T08:00:00Z",
            "reauth-required",
            "token-lifetime",
            "S1",
        )],
    );
}

#[test]
fn simulate_env_from_database_details() {
    let s = Sandbox::new();
    s.ok(&["env", "add", "prod", "--version", "9.2"]);
    s.ok(&["env", "add", "legacy", "--version", "9.0"]);
    // An inactivity timeout that is off keeps its value and is not enforced.
    s.ok(&["env", "set-inactivity", "prod", "--after", "30m"]);
    s.ok(&["env", "set-inactivity", "prod", "--disable"]);
    let toml = format!(
        "start = \"2026-03-02T08:00:00Z\"\nuser = \"alice@contoso.com\"\n\n{}{}",
        ev("+0m", "sign-in", ""),
        ev("+10m", "open-env", "env = \"legacy\"")
    );
    let v = sim(&s, &toml, &["--env", "prod"]);
    assert!(!v["environment"]["created_at"].is_null());
    // open-env names come from the database too: legacy after current.
    assert_key(
        &v,
        &[
            (&d1("08:10:00"), "policy-bypass", "mixed-versions", "S9"),
            (&d2("07:40:00"), "warning", "max-session-24h", "*"),
            (&d2("08:00:00"), "signed-out", "max-session-24h", "*"),
        ],
    );
    // An environment the database does not know, named in the file: exit 3.
    let bad = toml.replace("\"legacy\"", "\"ghost\"");
    let p = s.write("bad.toml", &bad);
    let e = s.json_error(&["simulate", &p, "--env", "prod"], 3);
    assert_eq!(codes(&e), ["unknown"]);
}

/// A scenario that `simulate` refuses with exit 3 and exactly `code`.
fn refused_scenario(text: &str, code: &str) {
    let s = Sandbox::new();
    let p = s.write("bad.toml", text);
    let e = s.json_error(&["simulate", &p], 3);
    assert_eq!(codes(&e), [code], "{e:#}\n{text}");
}

cases! {
    scenario_unknown_event_key: refused_scenario(
        &Sim { events: &[("+0m", "sign-in", "colour = \"red\"")], ..SIM }.toml(),
        "unknown",
    );
    scenario_unknown_environment_key: refused_scenario(
        &Sim { env: "sesion_length = \"8h\"", events: &[("+0m", "sign-in", "")], ..SIM }.toml(),
        "unknown",
    );
    scenario_settings_event_breaking_v1: refused_scenario(
        &Sim {
            events: &[("+0m", "sign-in", ""), ("+1m", "settings", "session_length = \"30m\"")],
            ..SIM
        }
        .toml(),
        "V1",
    );
    scenario_time_without_offset: refused_scenario(
        &Sim { events: &[("2026-03-02T09:00:00", "sign-in", "")], ..SIM }.toml(),
        "syntax",
    );
    scenario_v4_in_file: refused_scenario(
        &Sim {
            env: "session_length = \"1h\"\ninactivity = \"1h\"",
            events: &[("+0m", "sign-in", "")],
            ..SIM
        }
        .toml(),
        "V4",
    );
    scenario_unknown_kind: refused_scenario(
        &Sim { events: &[("+0m", "teleport", "")], ..SIM }.toml(),
        "unknown",
    );
    scenario_unknown_client: refused_scenario(
        &Sim { events: &[("+0m", "sign-in", "client = \"lynx\"")], ..SIM }.toml(),
        "unknown",
    );
    scenario_unknown_environment: refused_scenario(
        &Sim {
            events: &[("+0m", "sign-in", ""), ("+1m", "open-env", "env = \"nowhere\"")],
            ..SIM
        }
        .toml(),
        "unknown",
    );
    scenario_events_out_of_order: refused_scenario(
        &Sim { events: &[("+10m", "sign-in", ""), ("+5m", "activity", "")], ..SIM }.toml(),
        "order",
    );
    scenario_malformed_toml: refused_scenario("start = [", "syntax");
    scenario_environment_breaking_v1: refused_scenario(
        &Sim { env: "session_length = \"30m\"", events: &[("+0m", "sign-in", "")], ..SIM }.toml(),
        "V1",
    );
}

#[test]
fn simulate_io_and_usage_errors() {
    let s = Sandbox::new();
    s.ok(&["env", "add", "prod"]);
    // A missing file is an I/O failure: exit 1, code io.
    let missing = s.path("missing.toml");
    let e = s.json_error(&["simulate", missing.to_str().unwrap()], 1);
    assert_eq!(e["code"], "io");
    // --until must be RFC 3339 with an offset.
    let p = s.write("ok.toml", &EXAMPLE.toml());
    let out = s.run(&[
        "-o",
        "json",
        "simulate",
        &p,
        "--until",
        "2026-03-02T10:00:00",
    ]);
    assert!(matches!(out.status.code(), Some(2 | 3)), "{out:?}");
    let v: Value = serde_json::from_slice(&out.stderr).expect("JSON error");
    assert_eq!(v["error"]["code"], "syntax");
    // CSV needs --env (usage); stdin needs --input-format (usage).
    let csv = s.write(
        "e.csv",
        &format!("{CSV_HEADER}2026-03-02T08:00:00Z,a@x,sign-in,,,,,,\n"),
    );
    s.fails(&["simulate", &csv], 2);
    s.fails(&["simulate", "-"], 2);
}

#[test]
fn out_of_order_error_names_the_line() {
    let s = Sandbox::new();
    let text = Sim {
        events: &[("+10m", "sign-in", ""), ("+5m", "activity", "")],
        ..SIM
    }
    .toml();
    // The second event's `at` line.
    let line = text
        .lines()
        .position(|l| l.contains("+5m"))
        .map(|i| i + 1)
        .unwrap();
    let p = s.write("bad.toml", &text);
    let err = s.fails(&["simulate", &p], 3);
    assert!(
        err.contains(&line.to_string()) || err.contains(&(line - 1).to_string()),
        "names line {line} (or its [[events]] header): {err}"
    );
}

const CSV_HEADER: &str = "at,user,kind,client,stay_signed_in,global_context,env,via,as_user\n";

#[test]
fn csv_many_users_and_shared_outage() {
    let s = Sandbox::new();
    s.ok(&["env", "add", "prod", "--version", "9.2.24034.205"]);
    let csv = format!(
        "{CSV_HEADER}\
         2026-03-02T08:00:00Z,alice@contoso.com,sign-in,web,false,,,,\n\
         2026-03-02T08:30:00Z,bob@contoso.com,sign-in,web,true,,,,\n\
         2026-03-02T09:10:00Z,,outage-start,,,,,,\n\
         2026-03-02T09:20:00Z,bob@contoso.com,access,,,,,,mallory@contoso.com\n\
         2026-03-02T11:00:00Z,,outage-end,,,,,,\n"
    );
    let p = s.write("events.csv", &csv);
    let v: Value = serde_json::from_str(&s.ok(&[
        "simulate",
        &p,
        "--env",
        "prod",
        "--until",
        "2026-03-02T12:00:00Z",
        "--format",
        "json",
    ]))
    .unwrap();
    assert_key(
        &v,
        &[
            (
                &d1("09:20:00"),
                "access-denied",
                "token-user-mismatch",
                "S12",
            ),
            (&d1("09:30:00"), "access-continued", "stay-signed-in", "S4"),
            (
                &d1("10:00:00"),
                "reauth-required",
                "policy-check-failed",
                "S4",
            ),
        ],
    );
    assert_eq!(v["summary"]["users"], 2);
    // alice 08:00–10:00 (120) + bob 08:30–12:00 (210).
    assert_eq!(v["summary"]["signed_in_min"], 330);
}

#[test]
fn csv_errors() {
    let s = Sandbox::new();
    s.ok(&["env", "add", "prod"]);
    let bad_col = "at,user,kind,colour\n2026-03-02T08:00:00Z,a@x,sign-in,red\n";
    let p = s.write("cols.csv", bad_col);
    s.fails(&["simulate", &p, "--env", "prod"], 3);
    let unordered = format!(
        "{CSV_HEADER}2026-03-02T09:00:00Z,a@x,sign-in,,,,,,\n2026-03-02T08:00:00Z,a@x,activity,,,,,,\n"
    );
    let p = s.write("order.csv", &unordered);
    let e = s.json_error(&["simulate", &p, "--env", "prod"], 3);
    assert_eq!(codes(&e), ["order"]);
}

#[test]
fn simulate_table_fits_80_columns_with_realistic_names() {
    // §6.3: "`table` shows the outcomes in time order and a summary, readable
    // at 80 columns." Names of 40–50 characters are ordinary UPNs.
    let s = Sandbox::new();
    let toml = format!(
        "start = \"2026-03-02T08:00:00Z\"\n\
         user = \"christopher.montgomery@contoso-subsidiary.com\"\n\n\
         [environment]\nname = \"contoso-customer-service-production-emea\"\n\
         version = \"{CURRENT}\"\n\
         session_length = \"8h\"\ninactivity = \"30m\"\ninactivity_warning = \"5m\"\n\n{}{}",
        ev("+0m", "sign-in", ""),
        ev(
            "+0m",
            "sign-in",
            "user = \"alexandra.vanderberg-smythe@contoso-subsidiary.com\""
        ),
    );
    let p = s.write("wide.toml", &toml);
    let table = s.ok(&["simulate", &p, "--format", "table"]);
    assert!(table.contains("08:30"), "{table}");
    // Off a terminal nothing is wrapped: each message is one whole line.
    assert!(
        table.contains(
            "Signed in on web: the custom session timeout of 8h ends the session at 16:00"
        ),
        "{table}"
    );
    assert_fits_80_at_a_terminal(&s, &["simulate", &p, "--format", "table"]);
}

#[test]
fn no_colour_when_not_a_terminal() {
    // §4: "Colour only on a terminal".
    let s = Sandbox::new();
    s.ok(&["env", "add", "x"]);
    let p = s.write("ex.toml", &EXAMPLE.toml());
    for args in [
        &["env", "list"][..],
        &["env", "show", "x"],
        &["tenant", "show"],
        &["env", "history"],
        &["rules"],
        &["simulate", p.as_str()],
    ] {
        let out = s.ok(args);
        assert!(!out.contains('\u{1b}'), "{args:?}: escape codes in {out}");
    }
    let err = s.fails(&["env", "show", "y"], 4);
    assert!(!err.contains('\u{1b}'), "{err}");
}
