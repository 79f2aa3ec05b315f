//! `simulate`: inputs, outputs, and every kind of bad input.

use std::process::Stdio;

use serde_json::Value;

use super::{Sandbox, assert_fits_80_at_a_terminal};

const SCENARIO: &str = r#"start = "2026-03-02T08:00:00Z"
user = "alice@contoso.com"

[environment]
name = "contoso-prod"
version = "9.2.24034.205"
session_length = "8h"
session_warning = "20m"

[[events]]
at = "+0m"
kind = "sign-in"
client = "web"
stay_signed_in = false
"#;

fn lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

#[test]
fn json_document_has_environment_outcomes_and_summary() {
    let s = Sandbox::new();
    let f = s.write("w.toml", SCENARIO);
    let v = s.json(&["simulate", &f]);
    assert_eq!(v["environment"]["name"], "contoso-prod");
    assert_eq!(v["environment"]["session_timeout"]["length_min"], 480);
    let outcomes = v["outcomes"].as_array().unwrap();
    let warning = &outcomes[1];
    assert_eq!(
        warning,
        &serde_json::json!({
            "at": "2026-03-02T15:40:00Z",
            "user": "alice@contoso.com",
            "kind": "warning",
            "reason": "session-expired",
            "rule": "S5",
            "message": "Session ends in 20m (custom session timeout 8h)",
            "ends_at": "2026-03-02T16:00:00Z"
        })
    );
    assert_eq!(outcomes[2]["kind"], "signed-out");
    assert_eq!(outcomes[2]["at"], "2026-03-02T16:00:00Z");
    for o in outcomes {
        for key in ["at", "user", "kind", "reason", "rule", "message"] {
            assert!(o[key].is_string(), "{key} missing in {o}");
        }
    }
    assert_eq!(
        v["summary"],
        serde_json::json!({"users": 1, "sign_ins": 1, "signed_out": {"session-expired": 1},
            "reauth_required": {}, "warnings": 1, "access_denied": {}, "signed_in_min": 480})
    );
    // --format json is the same document; --format overrides -o.
    let same = s.ok(&["-o", "table", "simulate", &f, "--format", "json"]);
    assert_eq!(serde_json::from_str::<Value>(&same).unwrap(), v);
}

#[test]
fn jsonl_streams_outcomes_then_the_summary() {
    let s = Sandbox::new();
    let f = s.write("w.toml", SCENARIO);
    let out = s.ok(&["simulate", &f, "--format", "jsonl"]);
    let all = lines(&out);
    assert_eq!(all.len(), 4);
    assert_eq!(all[0]["kind"], "session-start");
    assert_eq!(all[1]["kind"], "warning");
    assert_eq!(all[2]["kind"], "signed-out");
    assert_eq!(all[3]["summary"]["sign_ins"], 1);
    let doc = s.json(&["simulate", &f]);
    assert_eq!(
        &all[..3],
        doc["outcomes"].as_array().unwrap().as_slice(),
        "jsonl and json carry the same outcomes"
    );
}

#[test]
fn table_is_time_ordered_and_fits_80_columns() {
    let s = Sandbox::new();
    let f = s.write("w.toml", SCENARIO);
    let out = s.ok(&["simulate", &f]);
    assert_fits_80_at_a_terminal(&s, &["simulate", &f]);
    let warn = out.find("15:40:00").unwrap();
    let signed_out = out.find("16:00:00").unwrap();
    assert!(out.find("08:00:00").unwrap() < warn && warn < signed_out);
    assert!(out.contains("Summary"), "{out}");
    assert!(out.contains("session-expired"), "{out}");
}

#[test]
fn the_examples_run_and_their_json_twin_agrees() {
    let s = Sandbox::new();
    let root = env!("CARGO_MANIFEST_DIR");
    for ex in [
        "workday.toml",
        "inactivity-web-vs-outlook.toml",
        "outage.toml",
        "account-disabled.toml",
        "bypass.toml",
        "settings-change.toml",
    ] {
        let v = s.json(&["simulate", &format!("{root}/examples/{ex}")]);
        assert!(!v["outcomes"].as_array().unwrap().is_empty(), "{ex}");
    }
    let toml = s.json(&["simulate", &format!("{root}/examples/outage.toml")]);
    let json = s.json(&["simulate", &format!("{root}/examples/outage.json")]);
    assert_eq!(toml, json);
    // The workday example does what its comments say.
    let v = s.json(&["simulate", &format!("{root}/examples/workday.toml")]);
    let brief: Vec<(String, String)> = v["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["at"].as_str().unwrap()[11..16].to_string(),
                format!(
                    "{} {}",
                    o["kind"].as_str().unwrap(),
                    o["reason"].as_str().unwrap()
                ),
            )
        })
        .collect();
    let want = [
        ("08:00", "session-start custom-session-timeout"),
        ("10:45", "warning inactivity"),
        ("15:40", "warning session-expired"),
        ("16:00", "signed-out session-expired"),
        ("16:02", "access-denied signed-out"),
        ("16:03", "session-start custom-session-timeout"),
        ("17:00", "signed-out user-sign-out"),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(brief, want);
}

#[test]
fn stdin_needs_an_input_format() {
    let s = Sandbox::new();
    let e = s.fails(&["simulate", "-"], 2);
    assert!(e.contains("--input-format"), "{e}");
    let out = s.run_stdin(
        &["-o", "json", "simulate", "-", "--input-format", "toml"],
        SCENARIO,
    );
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["summary"]["warnings"], 1);
}

#[test]
fn until_cuts_the_run() {
    let s = Sandbox::new();
    let f = s.write("w.toml", SCENARIO);
    let v = s.json(&["simulate", &f, "--until", "2026-03-02T15:40:00Z"]);
    assert_eq!(v["outcomes"].as_array().unwrap().len(), 1);
    assert_eq!(v["summary"]["signed_in_min"], 460);
    let v = s.json(&["simulate", &f, "--until", "+7h41m"]);
    assert_eq!(v["outcomes"].as_array().unwrap().len(), 2);
    // Any offset is accepted; output is UTC.
    let v = s.json(&["simulate", &f, "--until", "2026-03-02T17:40:00+02:00"]);
    assert_eq!(v["outcomes"].as_array().unwrap().len(), 1);
    let e = s.json_error(&["simulate", &f, "--until", "tomorrow"], 3);
    assert_eq!(e["code"], "syntax");
}

#[test]
fn times_with_offsets_come_out_in_utc() {
    let s = Sandbox::new();
    let text = SCENARIO.replace("\"+0m\"", "\"2026-03-02T09:00:00+01:00\"");
    let f = s.write("w.toml", &text);
    let v = s.json(&["simulate", &f]);
    assert_eq!(v["outcomes"][0]["at"], "2026-03-02T08:00:00Z");
}

#[test]
fn env_from_the_database_and_csv() {
    let s = Sandbox::new();
    s.ok(&["env", "add", "contoso-prod", "--version", "9.2.24034.205"]);
    s.ok(&["env", "add", "contoso-legacy", "--version", "9.0.2.3034"]);
    s.ok(&[
        "env",
        "set-timeout",
        "contoso-prod",
        "--length",
        "2h",
        "--warning",
        "0",
    ]);
    s.ok(&["tenant", "set", "--token-lifetime", "1h"]);
    let csv = "at,user,kind,client,stay_signed_in,global_context,env,via,as_user\n\
        2026-03-02T08:00:00Z,alice,sign-in,web,,,,,\n\
        2026-03-02T08:00:00Z,bob,sign-in,outlook,true,,,,\n\
        2026-03-02T08:30:00Z,bob,open-env,,,,contoso-legacy,,\n";
    let f = s.write("t.csv", csv);
    let out = s.ok(&["simulate", &f, "--env", "contoso-prod", "--format", "jsonl"]);
    let all = lines(&out);
    let brief: Vec<_> = all[..all.len() - 1]
        .iter()
        .map(|o| {
            (
                o["at"].as_str().unwrap().to_string(),
                o["user"].as_str().unwrap().to_string(),
                o["kind"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        brief,
        [
            (
                "2026-03-02T08:00:00Z".into(),
                "alice".into(),
                "session-start".into()
            ),
            (
                "2026-03-02T08:00:00Z".into(),
                "bob".into(),
                "session-start".into()
            ),
            (
                "2026-03-02T08:00:00Z".into(),
                "bob".into(),
                "not-enforced".into()
            ),
            // The tenant's 1h token lifetime ends both sessions before 2h.
            (
                "2026-03-02T09:00:00Z".into(),
                "alice".into(),
                "reauth-required".into()
            ),
            (
                "2026-03-02T09:00:00Z".into(),
                "bob".into(),
                "reauth-required".into()
            ),
        ]
    );
    assert_eq!(all.last().unwrap()["summary"]["users"], 2);
    // A scenario with --env and no [environment] uses the database's.
    let toml = "start = \"2026-03-02T08:00:00Z\"\n[[events]]\nat = \"+0m\"\nkind = \"sign-in\"\n";
    let f = s.write("e.toml", toml);
    let v = s.json(&["simulate", &f, "--env", "CONTOSO-PROD"]);
    assert_eq!(v["environment"]["name"], "contoso-prod");
    assert_eq!(v["outcomes"][1]["reason"], "token-lifetime");
    // Unknown --env is exit 4; CSV without --env is a usage error.
    s.fails(&["simulate", &f, "--env", "nope"], 4);
    let csv = s.write("x.csv", "at,user,kind\n");
    s.fails(&["simulate", &csv], 2);
}

#[test]
fn every_error_in_a_scenario_is_reported_with_line_and_column() {
    let s = Sandbox::new();
    let text = r#"start = "2026-03-02T08:00:00Z"
user = "alice"
colour = "blue"

[environment]
name = "p"
session_length = "30m"
inactivity = "8 hours"

[[events]]
at = "+10m"
kind = "sign-in"
client = "netscape"

[[events]]
at = "+5m"
kind = "activity"

[[events]]
at = "yesterday"
kind = "teleport"

[[events]]
at = "+20m"
kind = "open-env"
env = "atlantis"
"#;
    let f = s.write("bad.toml", text);
    let err = s.fails(&["simulate", &f], 3);
    let got: Vec<&str> = err.lines().collect();
    let expect = [
        ":7:18: error[V1]: session length 30m is outside 1h–24h",
        ":8:14: error[syntax]: inactivity timeout \"8 hours\" is not a duration",
        ":13:10: error[unknown]: unknown client \"netscape\"",
        ":16:6: error[order]:",
        ":20:6: error[syntax]: at \"yesterday\"",
        ":21:8: error[unknown]: unknown event kind \"teleport\"",
        ":26:7: error[unknown]: unknown environment \"atlantis\"",
        ":3:1: error[unknown]: unknown key \"colour\"",
    ];
    for want in expect {
        assert!(
            got.iter().any(|l| l.starts_with(&f) && l.contains(want)),
            "missing {want:?} in\n{err}"
        );
    }
    assert_eq!(got.len(), expect.len(), "{err}");
    let e = s.json_error(&["simulate", &f], 3);
    assert_eq!(e["violations"].as_array().unwrap().len(), expect.len());
    assert_eq!(e["details"]["file"], f);
    assert!(e["details"]["line"].is_u64());
}

#[test]
fn json_scenarios_report_line_and_column_too() {
    let s = Sandbox::new();
    let text = "{\n  \"start\": \"2026-03-02T08:00:00Z\",\n  \"environment\": {\"name\": \"p\"},\n  \"events\": [\n    {\"at\": \"+0m\", \"kind\": \"sign-in\", \"stay_signed_in\": \"yes\"}\n  ]\n}\n";
    let f = s.write("bad.json", text);
    let err = s.fails(&["simulate", &f], 3);
    assert!(err.contains("bad.json:5:56: error[syntax]"), "{err}");
    let f = s.write("broken.json", "{\"start\": }");
    let err = s.fails(&["simulate", &f], 3);
    assert!(
        err.contains("broken.json:1:11: error[syntax]: invalid JSON"),
        "{err}"
    );
    let f = s.write("dup.json", "{\"user\": \"a\", \"user\": \"b\"}");
    let err = s.fails(&["simulate", &f], 3);
    assert!(err.contains("duplicate key"), "{err}");
}

#[test]
fn bad_csv_rows_name_their_line() {
    let s = Sandbox::new();
    s.ok(&["env", "add", "p"]);
    let csv = "at,user,kind,client,stay_signed_in,global_context,env,via,as_user\n\
        2026-03-02T08:00:00Z,alice,sign-in,web,,,,,\n\
        2026-03-02T07:00:00Z,alice,activity,,,,,,\n\
        2026-03-02T09:00:00,alice,activity,,,,,,\n\
        2026-03-02T09:00:00Z,alice,dance,,,,,,\n\
        2026-03-02T09:00:00Z,alice,sign-in,fax,,,,,\n\
        2026-03-02T09:00:00Z,alice,sign-in,web,maybe,,,,\n\
        2026-03-02T09:00:00Z,,activity,,,,,,\n\
        2026-03-02T09:00:00Z,alice,open-env,,,,nowhere,,\n\
        2026-03-02T09:00:00Z,alice,activity\n\
        2026-03-02T09:00:00Z,alice,settings,,,,,,\n";
    let f = s.write("bad.csv", csv);
    let err = s.fails(&["simulate", &f, "--env", "p"], 3);
    for want in [
        ":3:1: error[order]",
        ":4:1: error[syntax]: at \"2026-03-02T09:00:00\" has no UTC offset",
        ":5:28: error[unknown]: unknown event kind \"dance\"",
        ":6:36: error[unknown]: unknown client \"fax\"",
        ":7:40: error[syntax]: stay_signed_in \"maybe\"",
        ":8:22: error[syntax]: this activity row needs a user",
        ":9:40: error[unknown]: unknown environment \"nowhere\"",
        ":10:1: error[syntax]: this row has 3 fields",
        ":11:28: error[unknown]: settings events are for TOML and JSON",
    ] {
        assert!(err.contains(want), "missing {want:?} in\n{err}");
    }
    let f = s.write("cols.csv", "at,user,kind,colour\n");
    let err = s.fails(&["simulate", &f, "--env", "p"], 3);
    assert!(
        err.contains(":1:14: error[unknown]: unknown column \"colour\""),
        "{err}"
    );
}

#[test]
fn unusable_inputs_fail_cleanly() {
    let s = Sandbox::new();
    s.fails(&["simulate", "missing.toml"], 1);
    let f = s.write("notes.txt", "hello");
    let e = s.fails(&["simulate", &f], 2);
    assert!(e.contains("--input-format"), "{e}");
    let f = s.write("empty.toml", "");
    let e = s.fails(&["simulate", &f], 3);
    assert!(e.contains("no [environment]"), "{e}");
    let f = s.write("garbage.toml", "\u{0}\u{1}[[[");
    s.fails(&["simulate", &f], 3);
    let bad = s.path("latin1.toml");
    std::fs::write(&bad, b"user = \"J\xf6rg\"\n").unwrap();
    let e = s.fails(&["simulate", bad.to_str().unwrap()], 3);
    assert!(e.contains("not UTF-8"), "{e}");
    let f = s.write("late.toml",
        "start = \"9998-12-30T00:00:00Z\"\n[environment]\nname = \"p\"\n[[events]]\nat = \"+3d\"\nkind = \"sign-in\"\n",
    );
    let e = s.fails(&["simulate", &f], 3);
    assert!(e.contains("9998"), "{e}");
    let f = s.write("bin.csv", "\u{0}\u{ff}");
    s.ok(&["env", "add", "p"]);
    s.fails(&["simulate", &f, "--env", "p"], 3);
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let s = Sandbox::new();
    let root = env!("CARGO_MANIFEST_DIR");
    let mut child = s
        .cmd()
        .args([
            "simulate",
            &format!("{root}/examples/bypass.toml"),
            "--format",
            "jsonl",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("panicked"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A CSV of `n` events for a few users, in time order.
fn big_csv(s: &Sandbox, n: usize) -> String {
    let mut text =
        String::from("at,user,kind,client,stay_signed_in,global_context,env,via,as_user\n");
    let start = 1_772_438_400i64; // 2026-03-02T08:00:00Z
    for i in 0..n {
        let t = start + (i as i64) * 2;
        let (day, secs) = (t.div_euclid(86_400), t.rem_euclid(86_400));
        // 2026-03-02 is day 20514 since the epoch; the file spans a few days.
        let date = [
            "2026-03-02",
            "2026-03-03",
            "2026-03-04",
            "2026-03-05",
            "2026-03-06",
        ][(day - 20_514) as usize];
        let kind = if i % 50 == 0 { "sign-in" } else { "activity" };
        text.push_str(&format!(
            "{date}T{:02}:{:02}:{:02}Z,user{}@contoso.com,{kind},,,,,,\n",
            secs / 3600,
            secs / 60 % 60,
            secs % 60,
            i % 7
        ));
    }
    s.write("big.csv", &text)
}

/// A CSV of 30,000 sign-ins of 9,000 users (megabytes of outcomes), and
/// the same with a bad row at the end, for environment `p`.
fn many_sign_ins(s: &Sandbox) -> (String, String) {
    s.ok(&["env", "add", "p"]);
    let mut text =
        String::from("at,user,kind,client,stay_signed_in,global_context,env,via,as_user\n");
    for i in 0..30_000 {
        let (h, m, sec) = (8 + i / 3600, i / 60 % 60, i % 60);
        text.push_str(&format!(
            "2026-03-02T{h:02}:{m:02}:{sec:02}Z,user{}@contoso.com,sign-in,web,,,,,\n",
            i % 9_000
        ));
    }
    let good = s.write("many.csv", &text);
    text.push_str("2026-03-02T23:00:00Z,user1@contoso.com,dance,,,,,,\n");
    (good, s.write("bad-end.csv", &text))
}

const BAD_END: &str = ":30002:40: error[unknown]: unknown event kind \"dance\"";

#[test]
fn a_bad_last_row_leaves_stdout_empty_however_much_came_before() {
    // Megabytes of outcomes are produced before the reader reaches the bad
    // row; none of them may reach stdout.
    let s = Sandbox::new();
    let (f, bad) = many_sign_ins(&s);
    for format in ["jsonl", "json", "table"] {
        let err = s.fails(&["simulate", &bad, "--env", "p", "--format", format], 3);
        assert!(err.contains(BAD_END), "{err}");
    }
    let good = s.ok(&["simulate", &f, "--env", "p", "--format", "jsonl"]);
    assert!(good.len() > 4 << 20, "only {} bytes", good.len());
    let all = lines(&good);
    assert_eq!(all.len(), good.lines().count());
    assert!(all.last().unwrap().get("summary").is_some());
    // Held output comes out whole and in order.
    let times: Vec<&str> = all[..all.len() - 1]
        .iter()
        .map(|o| o["at"].as_str().unwrap())
        .collect();
    assert!(times.is_sorted(), "outcomes out of order");
    let starts = all.iter().filter(|o| o["kind"] == "session-start").count();
    assert_eq!(starts, 9_000);
}

#[test]
fn output_into_a_file_is_taken_back_after_a_bad_row() {
    // Into a regular file output is written at once; a bad row must leave
    // the file as it was, even with text before and stderr in the same file.
    let s = Sandbox::new();
    let (good, bad) = many_sign_ins(&s);
    let piped = s.ok(&["simulate", &good, "--env", "p", "--format", "json"]);
    // Opened for writing at the end (as `>` does, or `1<>` then a seek),
    // or for appending (as `>>` does).
    let run_into = |csv: &str, before: &str, append: bool, errors_too: bool| {
        use std::io::Seek;
        let path = s.path("out.txt");
        std::fs::write(&path, before).unwrap();
        let mut file = std::fs::OpenOptions::new()
            .append(append)
            .write(true)
            .open(&path)
            .unwrap();
        file.seek(std::io::SeekFrom::End(0)).unwrap();
        let mut cmd = s.cmd();
        cmd.args(["simulate", csv, "--env", "p", "--format", "json"])
            .stdout(file.try_clone().unwrap());
        if errors_too {
            cmd.stderr(file);
        }
        let status = cmd.status().unwrap();
        (status.code(), std::fs::read_to_string(&path).unwrap())
    };
    // Into a file outcomes are written as they come; through a pipe they
    // are held, then written in chunks by two threads: the text is the same.
    for format in ["jsonl", "table"] {
        let piped = s.ok(&["simulate", &good, "--env", "p", "--format", format]);
        let path = s.path("direct.txt");
        let status = s
            .cmd()
            .args(["simulate", &good, "--env", "p", "--format", format])
            .stdout(std::fs::File::create(&path).unwrap())
            .status()
            .unwrap();
        assert!(status.success());
        let direct = std::fs::read_to_string(&path).unwrap();
        assert!(direct == piped, "{format}: a file and a pipe differ");
    }
    for append in [false, true] {
        let (code, text) = run_into(&good, "", append, false);
        assert_eq!(code, Some(0));
        assert!(text == piped, "a file and a pipe differ");
        let (code, text) = run_into(&good, "before\n", append, false);
        assert_eq!(code, Some(0));
        assert!(text.strip_prefix("before\n") == Some(piped.as_str()));
    }
    let short = |t: &str| t.chars().take(300).collect::<String>();
    for append in [false, true] {
        let (code, text) = run_into(&bad, "", append, false);
        assert_eq!(code, Some(3));
        assert!(
            text.is_empty(),
            "{} bytes left: {}",
            text.len(),
            short(&text)
        );
        let (code, text) = run_into(&bad, "before\n", append, false);
        assert_eq!(code, Some(3));
        assert!(text == "before\n", "{} bytes: {}", text.len(), short(&text));
    }
    // `> out.txt 2>&1`: the error follows what was there, with no gap.
    let (code, text) = run_into(&bad, "before\n", false, true);
    assert_eq!(code, Some(3));
    let error = text.strip_prefix("before\n").unwrap_or_default();
    assert!(
        error.lines().count() == 1 && error.contains(BAD_END) && !error.contains('\0'),
        "{} bytes: {}",
        text.len(),
        short(&text)
    );
}

#[test]
fn long_runs_show_progress_only_on_a_terminal() {
    let s = Sandbox::new();
    s.ok(&["env", "add", "p"]);
    let f = big_csv(&s, 150_000);
    let out = s
        .cmd()
        .args(["simulate", &f, "--env", "p", "--format", "jsonl"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    if !super::have("script") {
        return;
    }
    let command = format!(
        "{} simulate {f} --env p --format jsonl > {}",
        super::bin().display(),
        s.path("out.jsonl").display()
    );
    let out = s
        .command("script")
        .args(["-qec", &command, "/dev/null"])
        .env("TERM", "xterm")
        .output()
        .unwrap();
    assert!(out.status.success());
    let screen = String::from_utf8_lossy(&out.stdout);
    assert!(screen.contains("simulating"), "no progress bar: {screen:?}");
    let lines = std::fs::read_to_string(s.path("out.jsonl")).unwrap();
    assert!(lines.lines().last().unwrap().starts_with("{\"summary\""));
}

#[test]
fn a_closed_pipe_ends_quietly() {
    if !super::have("bash") {
        return;
    }
    let s = Sandbox::new();
    for i in 0..300 {
        s.ok(&["env", "add", &format!("env-{i:03}")]);
    }
    let f = big_csv(&s, 20_000);
    let bin = super::bin();
    for cmd in [
        format!("{} rules | head -1", bin.display()),
        format!("{} env list | head -1", bin.display()),
        format!("{} -o json env list | head -c 10", bin.display()),
        format!("{} completions bash | head -1", bin.display()),
        format!("{} man | head -1", bin.display()),
        format!("{} --help | head -1", bin.display()),
        format!(
            "{} simulate {f} --env env-000 --format jsonl | head -1",
            bin.display()
        ),
        format!("{} export | head -1", bin.display()),
    ] {
        let out = s
            .command("bash")
            .args(["-c", &format!("set -o pipefail; {cmd} >/dev/null")])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{cmd}");
        assert!(
            out.stderr.is_empty(),
            "{cmd}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// S13: an inactivity warning at 08:55 for 09:00 is reported though the
/// session also expires at 09:00; the sign-out is session-expired.
#[test]
fn a_warning_comes_at_its_time_when_another_deadline_shares_its_instant() {
    let s = Sandbox::new();
    let f = s.write(
        "tie.toml",
        r#"start = "2026-03-02T08:00:00Z"
user = "alice"
[environment]
name = "prod"
session_length = "1h"
session_warning = "10m"
inactivity = "40m"
inactivity_warning = "5m"
[[events]]
at = "+0m"
kind = "sign-in"
[[events]]
at = "+20m"
kind = "activity"
"#,
    );
    let v = s.json(&["simulate", &f]);
    let got: Vec<(String, String, String, String)> = v["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .skip(1)
        .map(|o| {
            let f = |k: &str| o[k].as_str().unwrap_or_default().to_string();
            (f("at"), f("kind"), f("reason"), f("ends_at"))
        })
        .collect();
    let row = |a: &str, k: &str, r: &str, e: &str| {
        (a.to_string(), k.to_string(), r.to_string(), e.to_string())
    };
    assert_eq!(
        got,
        [
            row(
                "2026-03-02T08:50:00Z",
                "warning",
                "session-expired",
                "2026-03-02T09:00:00Z"
            ),
            row(
                "2026-03-02T08:55:00Z",
                "warning",
                "inactivity",
                "2026-03-02T09:00:00Z"
            ),
            row("2026-03-02T09:00:00Z", "signed-out", "session-expired", ""),
        ]
    );
    assert_eq!(v["summary"]["warnings"], 2);
}

/// §6.1: an `end` event at T and `until = T` give the same outcomes and
/// the same summary, users included.
#[test]
fn an_end_event_and_until_give_the_same_summary() {
    let s = Sandbox::new();
    let body = r#"
[environment]
name = "prod"
[[events]]
at = "+0m"
kind = "sign-in"
[[events]]
at = "2026-03-02T10:00:00Z"
kind = "sign-in"
user = "bob"
"#;
    let head = "start = \"2026-03-02T08:00:00Z\"\nuser = \"alice\"\n";
    let until = s.write(
        "until.toml",
        &format!("{head}until = \"2026-03-02T10:00:00Z\"\n{body}"),
    );
    let end = s.write(
        "end.toml",
        &format!("{head}{body}[[events]]\nat = \"2026-03-02T10:00:00Z\"\nkind = \"end\"\n"),
    );
    let a = s.json(&["simulate", &until]);
    let b = s.json(&["simulate", &end]);
    assert_eq!(a["outcomes"], b["outcomes"]);
    assert_eq!(a["summary"], b["summary"]);
    assert_eq!(b["summary"]["users"], 1);
}
