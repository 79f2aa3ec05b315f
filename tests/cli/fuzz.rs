//! The real binary on mutated input files (SPEC §9: no panic on any input):
//! whatever a scenario, CSV, policy or Dataverse file holds, sessadm exits
//! with a documented code, and every refusal is written as `error[CODE]:`
//! lines, or as one JSON error object with `-o json`.
//!
//! Few cases by default, since each one starts the binary; `PROPTEST_CASES`
//! overrides the count for a long run by hand. The library's own fuzz
//! targets (src/fuzz.rs) do the many cases.

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::Value;

use super::Sandbox;

const SCENARIO_TOML: &str = include_str!("../../examples/workday.toml");
const SCENARIO_BYPASS: &str = include_str!("../../examples/bypass.toml");
const SCENARIO_JSON: &str = include_str!("../../examples/outage.json");
const SCENARIO_CSV: &str = include_str!("../../examples/team.csv");
const DATAVERSE: &str = r#"{"value": [{"name": "contoso-prod",
  "sessiontimeoutenabled": true, "sessiontimeoutinmins": 480,
  "sessiontimeoutreminderinmins": 20, "inactivitytimeoutenabled": true,
  "inactivitytimeoutinmins": 30, "inactivitytimeoutreminderinmins": 5}]}"#;
const POLICY_TOML: &str = r#"[tenant]
token_lifetime = "90d"

[[environments]]
name = "contoso-prod"
url = "https://contoso.crm.dynamics.com"
version = "9.2.24034.205"
session_length = "8h"
session_warning = "20m"
inactivity = "30m"
inactivity_warning = "5m"
"#;
const POLICY_JSON: &str = r#"{"tenant": {"token_lifetime": "90d"}, "environments": [
  {"name": "contoso-prod", "session_length": "8h", "inactivity": "30m",
   "session_timeout": false}]}"#;

const TOKENS: &[&str] = &[
    "\"",
    "{",
    "}",
    "[",
    "]",
    ",",
    "=",
    ":",
    "\n",
    "\\u",
    "\u{202e}",
    "\0",
    "\u{feff}",
    "-",
    "9999999999999999999",
    "1e400",
    "+99999999d",
    "36601d",
    "0",
    "8h",
    "25h",
    "4m",
    "null",
    "true",
    "sign-in",
    "settings",
    "outlook",
    "manual-url",
    "contoso-legacy",
    "2026-03-02T08:00:00Z",
    "9998-12-31T00:00:00Z",
    "2026-02-30T08:00:00Z",
    "[[[[[[[[[[",
];

/// One byte edit of a seed, or a value swapped after a delimiter.
#[derive(Debug, Clone)]
enum Edit {
    Flip(Index, u8),
    Delete(Index, usize),
    Splice(Index, &'static str),
    Field(Index, &'static str),
}

fn edit() -> impl Strategy<Value = Edit> {
    let token = prop::sample::select(TOKENS);
    prop_oneof![
        1 => (any::<Index>(), 0u8..8).prop_map(|(i, b)| Edit::Flip(i, b)),
        1 => (any::<Index>(), 1usize..12).prop_map(|(i, n)| Edit::Delete(i, n)),
        1 => (any::<Index>(), token.clone()).prop_map(|(i, t)| Edit::Splice(i, t)),
        3 => (any::<Index>(), token).prop_map(|(i, t)| Edit::Field(i, t)),
    ]
}

fn apply(seed: &str, edits: &[Edit]) -> Vec<u8> {
    let mut b = seed.as_bytes().to_vec();
    for e in edits {
        match e {
            Edit::Flip(i, bit) => {
                let p = i.index(b.len());
                b[p] ^= 1 << bit;
            }
            Edit::Delete(i, n) => {
                let p = i.index(b.len());
                b.drain(p..(p + n).min(b.len()));
            }
            Edit::Splice(i, t) => {
                let p = i.index(b.len() + 1);
                b.splice(p..p, t.bytes());
            }
            Edit::Field(i, t) => {
                let delim = |c: &u8| matches!(c, b'"' | b',' | b'=' | b':' | b'\n');
                let marks: Vec<usize> = (0..b.len()).filter(|&p| delim(&b[p])).collect();
                if let Some(&m) = marks.get(i.index(marks.len().max(1))) {
                    let end = b[m + 1..]
                        .iter()
                        .position(delim)
                        .map_or(b.len(), |n| m + 1 + n);
                    b.splice(m + 1..end, t.bytes());
                }
            }
        }
        if b.is_empty() {
            b.push(b'\n');
        }
    }
    b
}

/// Which command reads the file, and the file's seed and extension.
#[derive(Debug, Clone, Copy)]
enum Target {
    Simulate(&'static str, &'static str),
    SimulateCsv,
    Validate(&'static str, &'static str),
    Import,
}

fn target() -> impl Strategy<Value = Target> {
    prop_oneof![
        Just(Target::Simulate(SCENARIO_TOML, "toml")),
        Just(Target::Simulate(SCENARIO_BYPASS, "toml")),
        Just(Target::Simulate(SCENARIO_JSON, "json")),
        Just(Target::SimulateCsv),
        Just(Target::Validate(POLICY_TOML, "toml")),
        Just(Target::Validate(POLICY_JSON, "json")),
        Just(Target::Import),
    ]
}

/// `FILE:LINE(:COL)?: error[CODE]: message`, the location optional.
fn is_error_line(line: &str, file: &str) -> bool {
    /// The rest after a non-empty run of digits.
    fn number(s: &str) -> Option<&str> {
        let rest = s.trim_start_matches(|c: char| c.is_ascii_digit());
        (rest.len() < s.len()).then_some(rest)
    }
    let located = line
        .strip_prefix(file)
        .and_then(|r| r.strip_prefix(':'))
        .and_then(number)
        .map(|r| {
            r.strip_prefix(':')
                .and_then(number)
                .unwrap_or(r)
                .strip_prefix(": ")
                .unwrap_or("")
        });
    let rest = located.unwrap_or(line);
    let Some(rest) = rest.strip_prefix("error[") else {
        return false;
    };
    let Some((code, message)) = rest.split_once("]: ") else {
        return false;
    };
    !code.is_empty()
        && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !message.trim().is_empty()
}

fn run_case(
    s: &Sandbox,
    target: Target,
    edits: &[Edit],
    json: bool,
    n: usize,
) -> Result<(), TestCaseError> {
    let (seed, ext) = match target {
        Target::Simulate(seed, ext) | Target::Validate(seed, ext) => (seed, ext),
        Target::SimulateCsv => (SCENARIO_CSV, "csv"),
        Target::Import => (DATAVERSE, "json"),
    };
    // Raw bytes: a file that is not UTF-8 is refused like any other.
    let path = s.path(&format!("case{n}.{ext}"));
    std::fs::write(&path, apply(seed, edits)).expect("write the case");
    let file = path.to_str().expect("utf-8 path").to_string();
    let mut args: Vec<&str> = if json { vec!["-o", "json"] } else { vec![] };
    match target {
        Target::Simulate(..) => args.extend(["simulate", &file]),
        Target::SimulateCsv => args.extend(["simulate", &file, "--env", "contoso-prod"]),
        Target::Validate(..) => args.extend(["validate", &file]),
        Target::Import => args.extend(["import-dataverse", &file, "--env", "contoso-prod"]),
    }
    let out = s.run(&args);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let code = out.status.code();
    let shown = || format!("sessadm {args:?}: exit {code:?}\nstderr: {stderr}");
    prop_assert!(
        matches!(code, Some(0 | 3 | 4)),
        "undocumented exit (101 is a panic): {}",
        shown()
    );
    prop_assert!(!stderr.contains("panicked"), "{}", shown());
    if code == Some(0) {
        prop_assert!(!stdout.trim().is_empty(), "{}", shown());
        if json {
            let parsed = serde_json::from_str::<Value>(&stdout);
            prop_assert!(parsed.is_ok(), "stdout is not JSON: {}", shown());
        }
        return Ok(());
    }
    prop_assert!(
        stdout.is_empty(),
        "a refusal printed on stdout: {}",
        shown()
    );
    if json {
        let v: Value = serde_json::from_str(stderr.trim())
            .map_err(|e| TestCaseError::fail(format!("not one JSON object ({e}): {}", shown())))?;
        let error = &v["error"];
        prop_assert!(
            error["code"].as_str().is_some_and(|c| !c.is_empty()),
            "no error.code: {}",
            shown()
        );
        prop_assert!(
            error["message"].as_str().is_some_and(|m| !m.is_empty()),
            "no error.message: {}",
            shown()
        );
    } else {
        prop_assert!(
            !stderr.trim().is_empty(),
            "a refusal without a word: {}",
            shown()
        );
        // A line that is not an error line continues the one before it:
        // allowed only for the known defect.
        let mut errors: Vec<String> = Vec::new();
        for line in stderr.lines() {
            match errors.last_mut() {
                Some(last) if !is_error_line(line, &file) => {
                    last.push('\n');
                    last.push_str(line);
                }
                _ => errors.push(line.to_string()),
            }
        }
        for e in &errors {
            prop_assert!(
                is_error_line(e, &file),
                "not an error[CODE] line: {e:?}\n{}",
                shown()
            );
            prop_assert!(
                !e.contains('\n') && !e.contains(is_raw_control),
                "an error line broken or with a raw control character: {e:?}\n{}",
                shown()
            );
        }
    }
    Ok(())
}

/// A C0/C1 control (tab aside) or a character that reorders or hides text
/// (SPEC §2): never written raw on stderr.
fn is_raw_control(c: char) -> bool {
    (c.is_control() && c != '\t')
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

#[test]
fn mutated_files_give_documented_exits_and_coded_errors() {
    let s = Sandbox::new();
    s.ok(&["env", "add", "contoso-prod", "--version", "9.2.24034.205"]);
    s.ok(&["env", "add", "contoso-legacy", "--version", "9.0.2.3034"]);
    let mut config = Config::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = 48;
    }
    // A file's name and line are part of the failure message; no file of
    // regressions is kept for a test outside the library.
    config.failure_persistence = None;
    let mut runner = TestRunner::new(config);
    let n = std::cell::Cell::new(0usize);
    // Mostly one edit, so that many files still get past the syntax.
    let edits = prop_oneof![
        3 => prop::collection::vec(edit(), 1..=1),
        1 => prop::collection::vec(edit(), 2..5),
    ];
    let cases = (target(), edits, any::<bool>());
    let result = runner.run(&cases, |(target, edits, json)| {
        n.set(n.get() + 1);
        run_case(&s, target, &edits, json, n.get())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

#[test]
fn csv_kind_is_escaped_on_stderr() {
    let s = Sandbox::new();
    s.ok(&["env", "add", "contoso-prod"]);
    let f = s.write("t.csv", "at,user,kind\n2026-03-02T08:00:00Z,,\"a\nb\"\n");
    let stderr = s.fails(&["simulate", &f, "--env", "contoso-prod"], 3);
    for line in stderr.lines() {
        assert!(is_error_line(line, &f), "not an error[CODE] line: {line:?}");
    }
}

#[test]
fn the_error_line_pattern_is_strict() {
    let f = "/tmp/x.toml";
    assert!(is_error_line("error[syntax]: bad", f));
    assert!(is_error_line("/tmp/x.toml:3: error[V1]: bad", f));
    assert!(is_error_line("/tmp/x.toml:3:7: error[not-found]: bad", f));
    assert!(!is_error_line("/tmp/x.toml:3:7: oops", f));
    assert!(!is_error_line("/tmp/x.toml:: error[V1]: bad", f));
    assert!(!is_error_line("/tmp/x.toml:3:7:9: error[V1]: bad", f));
    assert!(!is_error_line("error[]: bad", f));
    assert!(!is_error_line("error[V1]: ", f));
    assert!(!is_error_line(
        "thread 'main' panicked at src/main.rs:1:1:",
        f
    ));
    assert!(!is_error_line("  a continued message", f));
}
