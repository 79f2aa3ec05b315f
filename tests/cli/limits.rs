//! Inputs built to break things: CSV rows held to what a TOML event gets,
//! control characters in every column, endless and oversized inputs, bytes
//! that are not UTF-8. Every one ends quickly with exit 3, an exact place
//! and an empty stdout.

use std::io::Write;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use super::Sandbox;

const HEADER: &str = "at,user,kind,client,stay_signed_in,global_context,env,via,as_user\n";

/// A sandbox with the environment `p`, for CSV runs.
fn with_env() -> Sandbox {
    let s = Sandbox::new();
    s.ok(&["env", "add", "p"]);
    s
}

/// Wait for `child`, killing it and failing after `secs` seconds: a guard
/// against a hang, not a timing assertion.
fn wait_or_kill(mut child: Child, secs: u64, what: &str) -> std::process::Output {
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        if child.try_wait().expect("poll sessadm").is_some() {
            return child.wait_with_output().expect("collect sessadm");
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what}: sessadm still running after {secs}s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Check a failed run: exit 3, nothing on stdout, no panic; its stderr.
#[track_caller]
fn refused(out: &std::process::Output, what: &str) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(3), "{what}: {stderr}");
    assert!(out.stdout.is_empty(), "{what}: stdout not empty");
    assert!(!stderr.contains("panicked"), "{what}: {stderr}");
    stderr
}

/// A one-event TOML scenario with the event's keys `event`.
fn toml_event(event: &str) -> String {
    format!(
        "start = \"2026-03-02T08:00:00Z\"\nuser = \"alice\"\n[environment]\nname = \"p\"\n\
         [[events]]\nat = \"+0s\"\n{event}\n"
    )
}

#[test]
fn csv_columns_are_checked_whatever_the_kind() {
    let s = with_env();
    // (row after "2026-03-02T08:00:00Z,alice,", the error, the same event
    // in TOML when TOML checks it too)
    let cases: [(&str, &str, Option<&str>); 7] = [
        (
            "activity,fax,,,,,",
            "2:37: error[unknown]: unknown client \"fax\"",
            Some("kind = \"activity\"\nclient = \"fax\""),
        ),
        (
            "sign-in,,,,,url,",
            "2:40: error[unknown]: unknown via \"url\"",
            Some("kind = \"sign-in\"\nvia = \"url\""),
        ),
        (
            "activity,,maybe,,,,",
            "2:38: error[syntax]: stay_signed_in \"maybe\" is not true or false",
            Some("kind = \"activity\"\nstay_signed_in = \"maybe\""),
        ),
        (
            "sign-out,,,yes-please,,,",
            "2:39: error[syntax]: global_context \"yes-please\" is not true or false",
            Some("kind = \"sign-out\"\nglobal_context = \"yes-please\""),
        ),
        (
            "dance,,,,,,",
            "2:28: error[unknown]: unknown event kind \"dance\"",
            Some("kind = \"dance\""),
        ),
        // An environment that does not exist is refused whatever the kind,
        // in a CSV row as in a TOML event.
        (
            "activity,,,,nope,,",
            "2:40: error[unknown]: unknown environment \"nope\" — add it with `sessadm env add`",
            Some("kind = \"activity\"\nenv = \"nope\""),
        ),
        (
            "open-env,,,,p,manual,",
            "2:42: error[unknown]: unknown via \"manual\"",
            Some("kind = \"open-env\"\nenv = \"p\"\nvia = \"manual\""),
        ),
    ];
    for (row, error, toml) in cases {
        let f = s.write(
            "t.csv",
            &format!("{HEADER}2026-03-02T08:00:00Z,alice,{row}\n"),
        );
        let err = s.fails(&["simulate", "t.csv", "--env", "p"], 3);
        assert_eq!(err.trim(), format!("t.csv:{error}"), "{row}");
        let _ = f;
        if let Some(event) = toml {
            s.write("t.toml", &toml_event(event));
            s.fails(&["simulate", "t.toml"], 3);
        }
    }
    // The same columns, empty or valid, pass on every kind.
    s.write(
        "ok.csv",
        &format!(
            "{HEADER}2026-03-02T08:00:00Z,alice,sign-in,web,true,false,,,\n\
             2026-03-02T08:01:00Z,alice,activity,web,false,,p,link,\n\
             2026-03-02T08:02:00Z,alice,open-env,,,,P,manual-url,\n"
        ),
    );
    s.ok(&["simulate", "ok.csv", "--env", "p"]);
}

#[test]
fn control_characters_are_refused_in_every_csv_column() {
    let s = with_env();
    let columns = [
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
    let values = [
        "2026-03-02T08:00:00Z",
        "alice",
        "access",
        "",
        "",
        "",
        "",
        "",
        "bob",
    ];
    let mut csv = HEADER.to_string();
    let mut expected = Vec::new();
    let mut line = 2;
    for c in ['\0', '\u{1b}', '\u{85}', '\u{202e}', '\u{200b}', '\u{feff}'] {
        for (i, name) in columns.iter().enumerate() {
            let mut fields: Vec<String> = values.iter().map(|v| v.to_string()).collect();
            // After the first character, when there is one.
            let mut chars = fields[i].chars();
            let first: String = chars.next().map(String::from).unwrap_or_default();
            fields[i] = format!("{first}{c}{}", chars.as_str());
            let column = values[..i]
                .iter()
                .map(|v| v.chars().count() + 1)
                .sum::<usize>()
                + first.chars().count()
                + 1;
            csv.push_str(&fields.join(","));
            csv.push('\n');
            expected.push(format!(
                "t.csv:{line}:{column}: error[syntax]: {name} contains U+{:04X}, a control or invisible character — remove it",
                c as u32
            ));
            line += 1;
        }
    }
    s.write("t.csv", &csv);
    let err = s.fails(&["simulate", "t.csv", "--env", "p"], 3);
    let got: Vec<&str> = err.lines().collect();
    assert_eq!(got, expected);
    // JSON errors carry the same place.
    let e = s.json_error(&["simulate", "t.csv", "--env", "p"], 3);
    assert_eq!(e["code"], "syntax");
    assert_eq!(e["details"]["line"], 2);
}

#[test]
fn a_long_value_gives_one_short_error_line() {
    let s = with_env();
    let long = "x".repeat(500_000);
    s.write(
        "t.csv",
        &format!("{HEADER}2026-03-02T08:00:00Z,alice,activity,{long},,,,,\n"),
    );
    let err = s.fails(&["simulate", "t.csv", "--env", "p"], 3);
    assert!(err.len() < 400, "{} bytes", err.len());
    assert!(err.contains("unknown client \"xxxx"), "{err}");
    let e = s.json_error(&["simulate", "t.csv", "--env", "p"], 3);
    assert!(e["details"]["value"].as_str().unwrap().chars().count() <= 81);
}

#[cfg(unix)]
#[test]
fn dev_zero_ends_quickly_in_every_format() {
    let s = with_env();
    for (format, expect) in [
        (
            "json",
            "error[syntax]: /dev/zero is larger than 64 MiB — write a large timeline as CSV (sessadm simulate FILE.csv --env NAME)",
        ),
        (
            "toml",
            "error[syntax]: /dev/zero is larger than 64 MiB — write a large timeline as CSV (sessadm simulate FILE.csv --env NAME)",
        ),
        (
            "csv",
            "/dev/zero:1:1: error[syntax]: this record is longer than 1 MiB",
        ),
    ] {
        let child = s
            .cmd()
            .args([
                "simulate",
                "/dev/zero",
                "--input-format",
                format,
                "--env",
                "p",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn sessadm");
        let out = wait_or_kill(child, 60, format);
        let err = refused(&out, format);
        assert!(err.starts_with(expect), "{format}: {err}");
    }
}

/// Feed `chunk` to sessadm's stdin until it closes the pipe.
fn endless_stdin(s: &Sandbox, args: &[&str], chunk: &'static [u8]) -> std::process::Output {
    let mut child = s
        .cmd()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn sessadm");
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || {
        let deadline = Instant::now() + Duration::from_secs(60);
        // Stops when sessadm exits (a broken pipe) or at the deadline.
        while Instant::now() < deadline {
            if stdin.write_all(chunk).is_err() {
                return;
            }
        }
    });
    let out = wait_or_kill(child, 60, &format!("{args:?}"));
    writer.join().expect("writer");
    out
}

#[test]
fn an_endless_stdin_ends_quickly() {
    let s = with_env();
    let yes: &'static [u8] = &b"y\n".repeat(4096).leak()[..];
    let out = endless_stdin(&s, &["simulate", "-", "--input-format", "toml"], yes);
    let err = refused(&out, "toml");
    assert!(
        err.starts_with("error[syntax]: <stdin> is larger than 64 MiB"),
        "{err}"
    );
    // One endless CSV line.
    let a: &'static [u8] = &b"a".repeat(1 << 16).leak()[..];
    let out = endless_stdin(
        &s,
        &["simulate", "-", "--input-format", "csv", "--env", "p"],
        a,
    );
    let err = refused(&out, "csv");
    assert!(
        err.starts_with("<stdin>:1:1: error[syntax]: this record is longer than 1 MiB"),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn an_endless_fifo_ends_quickly() {
    let s = Sandbox::new();
    let fifo = s.path("endless.json");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|st| st.success());
    if !made {
        eprintln!("SKIPPED: `mkfifo` is missing or failed; cannot make a FIFO to test with");
        return;
    }
    let child = s
        .cmd()
        .args(["simulate", "endless.json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn sessadm");
    let path = fifo.clone();
    let writer = std::thread::spawn(move || {
        // Opening blocks until sessadm opens the other end.
        let Ok(mut f) = std::fs::OpenOptions::new().write(true).open(&path) else {
            return;
        };
        let chunk = b"[".repeat(1 << 16);
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if f.write_all(&chunk).is_err() {
                return;
            }
        }
    });
    let out = wait_or_kill(child, 60, "fifo");
    let err = refused(&out, "fifo");
    writer.join().expect("writer");
    assert!(
        err.starts_with("error[syntax]: endless.json is larger than 64 MiB"),
        "{err}"
    );
}

#[test]
fn a_file_just_over_64_mib_is_refused_unread() {
    let s = with_env();
    for name in ["big.json", "big.toml"] {
        // Sparse: no disk is spent on it.
        let f = std::fs::File::create(s.path(name)).unwrap();
        f.set_len((64 << 20) + 1).unwrap();
    }
    let err = s.fails(&["simulate", "big.json"], 3);
    assert_eq!(
        err.trim(),
        "error[syntax]: big.json is larger than 64 MiB — write a large timeline as CSV (sessadm simulate FILE.csv --env NAME)"
    );
    let err = s.fails(&["validate", "big.toml"], 3);
    assert!(
        err.starts_with("error[syntax]: big.toml is larger than 64 MiB"),
        "{err}"
    );
    let e = s.json_error(&["simulate", "big.toml"], 3);
    assert_eq!(e["code"], "syntax");
}

#[test]
fn bytes_that_are_not_utf8_are_found_at_their_line_and_column() {
    let s = with_env();
    let write = |name: &str, bytes: &[u8]| std::fs::write(s.path(name), bytes).unwrap();
    write(
        "s.toml",
        b"start = \"2026-03-02T08:00:00Z\"\n[environment]\nname = \"p\xc3\xa9\xff\"\n",
    );
    let err = s.fails(&["simulate", "s.toml"], 3);
    assert_eq!(
        err.trim(),
        "s.toml:3:11: error[syntax]: s.toml is not UTF-8 text (byte 0xff is not valid UTF-8) — save it as UTF-8"
    );
    write("s.json", b"{\n  \"environment\": {\"name\": \"\xfe\"}\n}\n");
    let err = s.fails(&["simulate", "s.json"], 3);
    assert!(
        err.starts_with("s.json:2:28: error[syntax]: s.json is not UTF-8 text (byte 0xfe"),
        "{err}"
    );
    write("policy.toml", b"[[environments]]\n\xe9name = \"p\"\n");
    let err = s.fails(&["validate", "policy.toml"], 3);
    assert!(
        err.starts_with("policy.toml:2:1: error[syntax]: policy.toml is not UTF-8 text (byte 0xe9"),
        "{err}"
    );
    let mut csv = HEADER.as_bytes().to_vec();
    csv.extend_from_slice(b"2026-03-02T08:00:00Z,al\xffice,activity,,,,,,\n");
    write("t.csv", &csv);
    let err = s.fails(&["simulate", "t.csv", "--env", "p"], 3);
    assert_eq!(
        err.trim(),
        "t.csv:2:24: error[syntax]: this line is not UTF-8 text (byte 0xff is not valid UTF-8) — save the CSV as UTF-8"
    );
    // In a quoted field too.
    let mut csv = HEADER.as_bytes().to_vec();
    csv.extend_from_slice(b"2026-03-02T08:00:00Z,\"a\"\"l\xffice\",activity,,,,,,\n");
    write("q.csv", &csv);
    let err = s.fails(&["simulate", "q.csv", "--env", "p"], 3);
    assert!(err.starts_with("q.csv:2:27: error[syntax]"), "{err}");
}

#[test]
fn many_events_at_one_second_keep_their_order() {
    // Past the engine's in-memory run (65,536 outcomes), an instant's
    // outcomes are set aside and merged: the output is the same as if
    // they had been held whole.
    let s = with_env();
    let mut csv = HEADER.to_string();
    let n = 70_000;
    for i in 0..n {
        let user = ["carol", "alice", "bob"][i % 3];
        let kind = if i < 3 { "sign-in" } else { "access" };
        let as_user = if i < 3 {
            ""
        } else {
            ["alice", "bob", "carol", "dave"][(i / 3) % 4]
        };
        csv.push_str(&format!(
            "2026-03-02T08:00:00Z,{user},{kind},,,,,,{as_user}\n"
        ));
    }
    s.write("t.csv", &csv);
    let out = s.ok(&[
        "simulate",
        "t.csv",
        "--env",
        "p",
        "--format",
        "jsonl",
        "--until",
        "2026-03-02T08:00:01Z",
    ]);
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let outcomes = &lines[..lines.len() - 1];
    let users: Vec<&str> = outcomes
        .iter()
        .map(|o| o["user"].as_str().unwrap())
        .collect();
    assert!(users.is_sorted(), "outcomes are not ordered by user");
    // Within alice, the mismatches name the other users in input order.
    let named: Vec<String> = outcomes
        .iter()
        .filter(|o| o["user"] == "alice" && o["kind"] == "access-denied")
        .map(|o| o["message"].as_str().unwrap().to_string())
        .collect();
    let expected: Vec<&str> = (3..n)
        .filter(|i| i % 3 == 1)
        .map(|i| ["alice", "bob", "carol", "dave"][(i / 3) % 4])
        .filter(|u| *u != "alice")
        .collect();
    assert_eq!(named.len(), expected.len());
    for (m, u) in named.iter().zip(&expected) {
        assert!(m.contains(u), "{m} should name {u}");
    }
}
