//! `env …`, `tenant …` and `rules`: every command, every rule boundary,
//! every exit code.

use super::{Sandbox, assert_fits_80_at_a_terminal, codes};
use serde_json::{Value, json};

#[test]
fn add_creates_with_product_defaults() {
    let s = Sandbox::new();
    let v = s.json(&[
        "env",
        "add",
        "contoso-prod",
        "--url",
        "https://contoso.crm.dynamics.com",
        "--version",
        "9.2.24034.205",
        "--description",
        "Production",
    ]);
    assert_eq!(v["name"], "contoso-prod");
    assert_eq!(v["url"], "https://contoso.crm.dynamics.com");
    assert_eq!(v["version"], "9.2.24034.205");
    assert_eq!(v["description"], "Production");
    assert_eq!(
        v["session_timeout"],
        json!({"enabled": false, "length_min": 1440, "warning_min": 20})
    );
    assert_eq!(
        v["inactivity_timeout"],
        json!({"enabled": false, "after_min": null, "warning_min": 0})
    );
    let created = v["created_at"].as_str().unwrap();
    assert!(created.ends_with('Z') && created.len() == 20, "{created}");
    assert_eq!(v["updated_at"], v["created_at"]);
    // The same object comes back from show.
    assert_eq!(s.json(&["env", "show", "contoso-prod"]), v);
}

#[test]
fn add_without_optional_fields_gives_nulls() {
    let s = Sandbox::new();
    let v = s.json(&["env", "add", "bare"]);
    assert_eq!(v["url"], Value::Null);
    assert_eq!(v["version"], Value::Null);
    assert_eq!(v["description"], Value::Null);
}

#[test]
fn list_is_ordered_by_name_and_shows_effective_settings() {
    let s = Sandbox::new();
    s.ok(&["env", "add", "zeta"]);
    s.ok(&["env", "add", "Alpha", "--version", "9.0.2.3034"]);
    s.ok(&["env", "add", "mid"]);
    s.ok(&["env", "set-timeout", "mid", "--length", "8h"]);
    let v = s.json(&["env", "list"]);
    let names: Vec<_> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Alpha", "mid", "zeta"]);
    let table = s.ok(&["env", "list"]);
    assert_fits_80_at_a_terminal(&s, &["env", "list"]);
    assert!(table.contains("off: 24h max"), "{table}");
    assert!(table.contains("8h, warn 20m"), "{table}");
    assert!(table.contains("off: Entra policy"), "{table}");
}

#[test]
fn empty_list_is_an_empty_array() {
    let s = Sandbox::new();
    s.init();
    assert_eq!(s.json(&["env", "list"]), json!([]));
}

#[test]
fn show_update_and_rename() {
    let s = Sandbox::new();
    s.ok(&["env", "add", "old", "--url", "https://a.crm.dynamics.com"]);
    let v = s.json(&[
        "env",
        "update",
        "OLD",
        "--rename",
        "new",
        "--version",
        "9.2",
        "--description",
        "d",
        "--url",
        "",
    ]);
    assert_eq!(v["name"], "new");
    assert_eq!(v["url"], Value::Null, "an empty --url clears it");
    assert_eq!(v["version"], "9.2");
    s.fails(&["env", "show", "old"], 4);
    assert_eq!(s.json(&["env", "show", "NEW"])["name"], "new");
    // Renaming to another case of the same name is allowed.
    assert_eq!(
        s.json(&["env", "update", "new", "--rename", "New"])["name"],
        "New"
    );
}

#[test]
fn update_without_changes_is_a_usage_error() {
    let s = Sandbox::new();
    s.ok(&["env", "add", "a"]);
    let e = s.fails(&["env", "update", "a"], 2);
    assert!(e.contains("--rename"), "{e}");
}

#[test]
fn duplicate_names_differing_only_in_case_are_refused() {
    let s = Sandbox::new();
    s.ok(&["env", "add", "Contoso-Prod"]);
    s.ok(&["env", "add", "other"]);
    s.ok(&["env", "add", "Ärende"]);
    let before = s.dump();
    let e = s.json_error(&["env", "add", "contoso-prod"], 3);
    assert_eq!(e["code"], "V6");
    assert!(e["message"].as_str().unwrap().contains("already exists"));
    let e = s.json_error(&["env", "update", "other", "--rename", "CONTOSO-PROD"], 3);
    assert_eq!(e["code"], "V6");
    // Non-ASCII letters fold too.
    assert_eq!(s.json_error(&["env", "add", "äRENDE"], 3)["code"], "V6");
    assert_eq!(s.dump(), before);
}

#[test]
fn names_with_quotes_and_sql_are_just_names() {
    let s = Sandbox::new();
    let name = r#"O'Brien "prod"; DROP TABLE environments;--"#;
    assert_eq!(s.json(&["env", "add", name])["name"], name);
    s.ok(&["env", "add", "Robert'); DELETE FROM history;--"]);
    assert_eq!(s.json(&["env", "show", name])["name"], name);
    assert_eq!(s.json(&["env", "list"]).as_array().unwrap().len(), 2);
    s.ok(&["env", "set-timeout", name, "--length", "2h"]);
    let h = s.json(&["env", "history", name]);
    assert!(
        h.as_array()
            .unwrap()
            .iter()
            .all(|r| r["environment"] == name)
    );
    assert!(h.as_array().unwrap().len() >= 3);
}

#[test]
fn v6_name_form() {
    let s = Sandbox::new();
    for bad in ["", " lead", "trail ", "tab\there", "new\nline"] {
        assert_eq!(
            s.json_error(&["env", "add", bad], 3)["code"],
            "V6",
            "{bad:?}"
        );
    }
    let long = "x".repeat(101);
    assert_eq!(s.json_error(&["env", "add", &long], 3)["code"], "V6");
    s.ok(&["env", "add", &"x".repeat(100)]);
    s.ok(&["env", "add", &"é".repeat(100)]);
}

#[test]
fn v7_v8_and_description() {
    let s = Sandbox::new();
    let e = s.json_error(
        &["env", "add", "a", "--url", "http://a.crm.dynamics.com"],
        3,
    );
    assert_eq!(e["code"], "V7");
    assert_eq!(e["details"]["value"], "http://a.crm.dynamics.com");
    for bad in [
        "9.",
        "9..1",
        "1.2.3.4.5",
        "v9",
        "9.x",
        "99999999999999999999999",
    ] {
        assert_eq!(
            s.json_error(&["env", "add", "a", "--version", bad], 3)["code"],
            "V8",
            "{bad}"
        );
    }
    let long = "d".repeat(501);
    assert_eq!(
        s.json_error(&["env", "add", "a", "--description", &long], 3)["code"],
        "syntax"
    );
    s.ok(&[
        "env",
        "add",
        "a",
        "--description",
        &"d".repeat(500),
        "--version",
        "9",
    ]);
}

#[test]
fn several_broken_rules_are_all_reported() {
    let s = Sandbox::new();
    s.ok(&["env", "add", "taken"]);
    let e = s.json_error(
        &[
            "env",
            "add",
            "TAKEN",
            "--url",
            "ftp://x",
            "--version",
            "nine",
        ],
        3,
    );
    assert_eq!(codes(&e), ["V6", "V7", "V8"]);
    let text = s.fails(
        &[
            "env",
            "add",
            "TAKEN",
            "--url",
            "ftp://x",
            "--version",
            "nine",
        ],
        3,
    );
    assert_eq!(text.lines().count(), 3, "{text}");
    assert!(text.lines().all(|l| l.starts_with("error[V")), "{text}");
}

#[test]
fn v1_session_length_boundaries() {
    let s = Sandbox::new();
    s.ok(&["env", "add", "p"]);
    for (length, ok) in [("59", false), ("60", true), ("1440", true), ("1441", false)] {
        let args = [
            "env",
            "set-timeout",
            "p",
            "--length",
            length,
            "--warning",
            "0",
        ];
        if ok {
            let v = s.json(&args);
            assert_eq!(
                v["session_timeout"]["length_min"],
                length.parse::<u64>().unwrap()
            );
            assert_eq!(v["session_timeout"]["enabled"], true);
        } else {
            let e = s.json_error(&args, 3);
            assert_eq!(e["code"], "V1", "{length}");
            assert_eq!(e["details"]["allowed"], "1h–24h");
        }
    }
    let text = s.fails(&["env", "set-timeout", "p", "--length", "30m"], 3);
    assert_eq!(
        text.trim(),
        "error[V1]: session length 30m is outside 1h–24h"
    );
}

#[test]
fn v2_warning_equal_to_the_length_is_refused() {
    let s = Sandbox::new();
    s.ok(&["env", "add", "p"]);
    let e = s.json_error(
        &[
            "env",
            "set-timeout",
            "p",
            "--length",
            "1h",
            "--warning",
            "60",
        ],
        3,
    );
    assert_eq!(e["code"], "V2");
    let v = s.json(&[
        "env",
        "set-timeout",
        "p",
        "--length",
        "1h",
        "--warning",
        "59m",
    ]);
    assert_eq!(v["session_timeout"]["warning_min"], 59);
}

#[test]
fn a_kept_warning_too_long_for_a_new_length_is_named() {
    let s = Sandbox::new();
    s.ok(&["env", "add", "p"]);
    s.ok(&[
        "env",
        "set-timeout",
        "p",
        "--length",
        "24h",
        "--warning",
        "2h",
    ]);
    let e = s.json_error(&["env", "set-timeout", "p", "--length", "1h"], 3);
    assert_eq!(e["code"], "V2");
    assert!(e["message"].as_str().unwrap().contains("2h"), "{e}");
}

#[test]
fn v3_inactivity_minimum() {
    let s = Sandbox::new();
    s.ok(&["env", "add", "p"]);
    assert_eq!(
        s.json_error(&["env", "set-inactivity", "p", "--after", "4m"], 3)["code"],
        "V3"
    );
    let v = s.json(&["env", "set-inactivity", "p", "--after", "5m"]);
    assert_eq!(
        v["inactivity_timeout"],
        json!({"enabled": true, "after_min": 5, "warning_min": 0})
    );
}

#[test]
fn v4_inactivity_against_the_session_length_on_and_off() {
    let s = Sandbox::new();
    s.ok(&["env", "add", "p"]);
    // Session timeout off: the limit is 1440, exclusive.
    assert_eq!(
        s.json_error(&["env", "set-inactivity", "p", "--after", "24h"], 3)["code"],
        "V4"
    );
    s.ok(&["env", "set-inactivity", "p", "--after", "1439"]);
    // Turning the session timeout on at or below the inactivity is refused,
    // naming both values.
    let e = s.json_error(&["env", "set-timeout", "p", "--length", "1439"], 3);
    assert_eq!(e["code"], "V4");
    let msg = e["message"].as_str().unwrap();
    assert!(
        msg.contains("23h59m") && msg.contains("session length"),
        "{msg}"
    );
    s.ok(&["env", "set-timeout", "p", "--length", "1440"]);
    // Session on: inactivity equal to the length is refused, one less is fine.
    s.ok(&["env", "set-inactivity", "p", "--after", "30m"]);
    s.ok(&["env", "set-timeout", "p", "--length", "8h"]);
    assert_eq!(
        s.json_error(&["env", "set-inactivity", "p", "--after", "8h"], 3)["code"],
        "V4"
    );
    s.ok(&["env", "set-inactivity", "p", "--after", "7h59m"]);
    // With inactivity off, V4 does not apply to the kept value.
    s.ok(&["env", "set-inactivity", "p", "--disable"]);
    let v = s.json(&["env", "set-timeout", "p", "--length", "1h"]);
    assert_eq!(v["inactivity_timeout"]["enabled"], false);
    assert_eq!(v["inactivity_timeout"]["after_min"], 479);
}

#[test]
fn v5_inactivity_warning_equal_to_its_length_is_refused() {
    let s = Sandbox::new();
    s.ok(&["env", "add", "p"]);
    let e = s.json_error(
        &[
            "env",
            "set-inactivity",
            "p",
            "--after",
            "30m",
            "--warning",
            "30m",
        ],
        3,
    );
    assert_eq!(e["code"], "V5");
    let v = s.json(&[
        "env",
        "set-inactivity",
        "p",
        "--after",
        "30m",
        "--warning",
        "29m",
    ]);
    assert_eq!(v["inactivity_timeout"]["warning_min"], 29);
}

#[test]
fn disable_keeps_the_values() {
    let s = Sandbox::new();
    s.ok(&["env", "add", "p"]);
    s.ok(&[
        "env",
        "set-timeout",
        "p",
        "--length",
        "8h",
        "--warning",
        "15m",
    ]);
    s.ok(&[
        "env",
        "set-inactivity",
        "p",
        "--after",
        "30m",
        "--warning",
        "5m",
    ]);
    s.ok(&["env", "set-timeout", "p", "--disable"]);
    let v = s.json(&["env", "set-inactivity", "p", "--disable"]);
    assert_eq!(
        v["session_timeout"],
        json!({"enabled": false, "length_min": 480, "warning_min": 15})
    );
    assert_eq!(
        v["inactivity_timeout"],
        json!({"enabled": false, "after_min": 30, "warning_min": 5})
    );
    // --disable with a value is a usage error.
    s.fails(
        &["env", "set-timeout", "p", "--disable", "--length", "8h"],
        2,
    );
}

#[test]
fn durations_parse_as_documented() {
    let s = Sandbox::new();
    s.ok(&["env", "add", "p"]);
    for (input, minutes) in [
        ("8h", 480),
        ("1h30m", 90),
        ("90", 90),
        ("24h", 1440),
        ("1d", 1440),
    ] {
        let v = s.json(&[
            "env",
            "set-timeout",
            "p",
            "--length",
            input,
            "--warning",
            "0",
        ]);
        assert_eq!(v["session_timeout"]["length_min"], minutes, "{input}");
    }
    for bad in [
        "8 hours",
        "8hours",
        "1.5h",
        "30s",
        "h",
        "-1h",
        "99999999999999999999999",
    ] {
        let flag = format!("--length={bad}");
        let e = s.json_error(&["env", "set-timeout", "p", &flag], 3);
        assert_eq!(e["code"], "syntax", "{bad}");
        assert_eq!(e["details"]["value"], bad);
    }
    // Zero where zero is not allowed is the rule's error.
    assert_eq!(
        s.json_error(&["env", "set-timeout", "p", "--length", "0"], 3)["code"],
        "V1"
    );
    // 90d is a valid duration, and far outside V1.
    assert_eq!(
        s.json_error(&["env", "set-timeout", "p", "--length", "90d"], 3)["code"],
        "V1"
    );
}

#[test]
fn without_a_terminal_nothing_prompts() {
    let s = Sandbox::new();
    s.ok(&["env", "add", "p"]);
    let e = s.fails(&["env", "set-timeout", "p"], 2);
    assert!(e.contains("--length"), "{e}");
    let e = s.fails(&["env", "set-inactivity", "p", "--warning", "5m"], 2);
    assert!(e.contains("--after"), "{e}");
    let e = s.fails(&["env", "remove", "p"], 2);
    assert!(e.contains("--yes"), "{e}");
    let e = s.fails(&["tenant", "set"], 2);
    assert!(e.contains("--token-lifetime"), "{e}");
    let e = s.json_error(&["env", "set-timeout", "p"], 2);
    assert_eq!(e["code"], "usage");
    // Nothing was removed.
    s.ok(&["env", "show", "p"]);
}

#[test]
fn remove_with_yes_keeps_history() {
    let s = Sandbox::new();
    s.ok(&["env", "add", "p"]);
    s.ok(&["env", "set-timeout", "p", "--length", "2h"]);
    let v = s.json(&["--yes", "env", "remove", "p"]);
    assert_eq!(v["name"], "p");
    s.fails(&["env", "show", "p"], 4);
    let h = s.json(&["env", "history", "p"]);
    let fields: Vec<_> = h
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        ["deleted", "session_length", "session_timeout", "created"]
    );
    // A new environment of the same name starts a history of its own,
    // shown beside the old one under that name.
    s.ok(&["env", "add", "p"]);
    assert_eq!(
        s.json(&["env", "history", "p"]).as_array().unwrap().len(),
        5
    );
}

#[test]
fn history_records_every_change_with_actor_and_time() {
    let s = Sandbox::new();
    s.ok(&["env", "add", "a", "--url", "https://a.example.com"]);
    s.ok(&[
        "env",
        "set-timeout",
        "a",
        "--length",
        "8h",
        "--warning",
        "10m",
    ]);
    s.ok(&[
        "env",
        "set-inactivity",
        "a",
        "--after",
        "30m",
        "--warning",
        "5m",
    ]);
    s.ok(&["env", "update", "a", "--rename", "b", "--description", "x"]);
    s.ok(&["tenant", "set", "--token-lifetime", "30d"]);
    let h = s.json(&["env", "history"]);
    let rows: Vec<(String, Value, Value, Value)> = h
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            assert_eq!(r["actor"], "tester");
            let at = r["at"].as_str().unwrap();
            assert!(at.ends_with('Z'), "{at}");
            (
                r["field"].as_str().unwrap().to_string(),
                r["environment"].clone(),
                r["old"].clone(),
                r["new"].clone(),
            )
        })
        .collect();
    let want = [
        ("token_lifetime", Value::Null, json!("90d"), json!("30d")),
        ("description", json!("b"), Value::Null, json!("x")),
        ("name", json!("b"), json!("a"), json!("b")),
        ("inactivity_warning", json!("b"), json!("0m"), json!("5m")),
        ("inactivity", json!("b"), Value::Null, json!("30m")),
        ("inactivity_timeout", json!("b"), json!("off"), json!("on")),
        ("session_warning", json!("b"), json!("20m"), json!("10m")),
        ("session_length", json!("b"), json!("24h"), json!("8h")),
        ("session_timeout", json!("b"), json!("off"), json!("on")),
        (
            "url",
            json!("b"),
            Value::Null,
            json!("https://a.example.com"),
        ),
        ("created", json!("b"), Value::Null, json!("a")),
    ];
    let want: Vec<(String, Value, Value, Value)> = want
        .into_iter()
        .map(|(f, e, o, n)| (f.to_string(), e, o, n))
        .collect();
    assert_eq!(rows, want);
    // By the old name too, across the rename; and with a limit.
    assert_eq!(
        s.json(&["env", "history", "a"]).as_array().unwrap().len(),
        10
    );
    assert_eq!(
        s.json(&["env", "history", "b", "--limit", "2"]),
        json!([h[1], h[2]])
    );
    s.fails(&["env", "history", "nope"], 4);
    let table = s.ok(&["env", "history"]);
    assert!(!table.is_empty());
    assert_fits_80_at_a_terminal(&s, &["env", "history"]);
}

#[test]
fn actor_falls_back_to_the_os_user() {
    let s = Sandbox::new();
    let out = s
        .cmd()
        .env_remove("SESSADM_ACTOR")
        .env("USER", "someone-else")
        .args(["env", "add", "p"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let whoami = std::process::Command::new("id")
        .arg("-un")
        .output()
        .unwrap();
    let me = String::from_utf8_lossy(&whoami.stdout).trim().to_string();
    assert_eq!(s.json(&["env", "history"])[0]["actor"], me.as_str());
}

#[test]
fn unchanged_settings_write_no_history() {
    let s = Sandbox::new();
    s.ok(&["env", "add", "p"]);
    s.ok(&["env", "set-timeout", "p", "--length", "8h"]);
    let n = s.json(&["env", "history"]).as_array().unwrap().len();
    let before = s.json(&["env", "show", "p"]);
    s.ok(&["env", "set-timeout", "p", "--length", "8h"]);
    assert_eq!(s.json(&["env", "history"]).as_array().unwrap().len(), n);
    assert_eq!(s.json(&["env", "show", "p"]), before);
}

#[test]
fn failed_commands_leave_the_database_as_it_was() {
    let s = Sandbox::new();
    s.ok(&["env", "add", "p"]);
    s.ok(&["env", "add", "q"]);
    s.ok(&["env", "set-inactivity", "p", "--after", "30m"]);
    let before = s.dump();
    for (args, code) in [
        (vec!["env", "set-timeout", "p", "--length", "30m"], 3),
        (
            vec![
                "env",
                "set-timeout",
                "p",
                "--length",
                "30m",
                "--warning",
                "1h",
            ],
            3,
        ),
        (vec!["env", "set-timeout", "nope", "--length", "8h"], 4),
        (vec!["env", "set-inactivity", "p", "--after", "2m"], 3),
        (vec!["env", "update", "p", "--rename", "Q"], 3),
        (
            vec![
                "env",
                "update",
                "p",
                "--url",
                "http://x",
                "--version",
                "9.2",
            ],
            3,
        ),
        (vec!["env", "add", "P"], 3),
        (vec!["env", "remove", "p"], 2),
        (vec!["tenant", "set", "--token-lifetime", "59m"], 3),
        (vec!["tenant", "set", "--token-lifetime", "366d"], 3),
        (vec!["env", "set-timeout", "p", "--length", "8 hours"], 3),
    ] {
        s.fails(&args, code);
        assert_eq!(s.dump(), before, "{args:?} changed the database");
    }
}

#[test]
fn tenant_show_and_set() {
    let s = Sandbox::new();
    s.init();
    assert_eq!(
        s.json(&["tenant", "show"]),
        json!({"token_lifetime_min": 129600, "policy_check_interval_min": 60})
    );
    assert_eq!(
        s.json(&["tenant", "set", "--token-lifetime", "1h"])["token_lifetime_min"],
        60
    );
    assert_eq!(
        s.json(&["tenant", "set", "--token-lifetime", "365d"])["token_lifetime_min"],
        525_600
    );
    assert_eq!(
        s.json_error(&["tenant", "set", "--token-lifetime", "59m"], 3)["code"],
        "V9"
    );
    // A bare number has no unit: days and minutes are both likely.
    assert_eq!(
        s.fails(&["tenant", "set", "--token-lifetime", "90"], 3)
            .trim(),
        "error[syntax]: token lifetime \"90\" has no unit — write 90d for 90 days, or 90m"
    );
    let table = s.ok(&["tenant", "show"]);
    assert!(table.contains("365d"), "{table}");
}

#[test]
fn not_found_is_exit_4_everywhere() {
    let s = Sandbox::new();
    s.init();
    for args in [
        vec!["env", "show", "x"],
        vec!["env", "update", "x", "--version", "9"],
        vec!["env", "remove", "x", "--yes"],
        vec!["env", "set-timeout", "x", "--length", "8h"],
        vec!["env", "set-inactivity", "x", "--after", "8m"],
        vec!["env", "history", "x"],
        vec!["rules", "V10"],
    ] {
        let e = s.json_error(&args, 4);
        assert_eq!(e["code"], "not-found", "{args:?}");
    }
}

#[test]
fn usage_errors_are_exit_2_and_json_when_asked() {
    let s = Sandbox::new();
    s.init();
    s.fails(&["env", "frobnicate"], 2);
    s.fails(&["--output", "xml", "env", "list"], 2);
    s.fails(&["env", "history", "--limit", "many"], 2);
    let e = s.json_error(&["env", "frobnicate"], 2);
    assert_eq!(e["code"], "usage");
    // SESSADM_OUTPUT=json asks for JSON too.
    let out = s
        .cmd()
        .env("SESSADM_OUTPUT", "json")
        .args(["env", "show", "x"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    let v: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(v["error"]["code"], "not-found");
    assert!(out.stdout.is_empty());
}

#[test]
fn global_flags_work_after_the_subcommand() {
    let s = Sandbox::new();
    let other = s.path("other.db");
    let out = s
        .cmd()
        .env_remove("SESSADM_DB")
        .args([
            "env",
            "add",
            "p",
            "--db",
            other.to_str().unwrap(),
            "-o",
            "json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["name"], "p");
    assert!(other.exists());
    assert!(!s.db.exists());
}

#[test]
fn quiet_silences_change_tables_but_not_queries() {
    let s = Sandbox::new();
    assert_eq!(s.ok(&["-q", "env", "add", "p"]), "");
    let out = s.run(&["-q", "env", "set-timeout", "p", "--length", "8h"]);
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
    assert!(s.ok(&["-q", "env", "show", "p"]).contains("8h"));
}

#[test]
fn tables_fit_80_columns_and_carry_no_colour_off_a_terminal() {
    let s = Sandbox::new();
    let long = "a-rather-long-environment-name-that-goes-on-and-on-and-on-for-a-while";
    s.ok(&[
        "env",
        "add",
        long,
        "--url",
        "https://a-very-long-host-name-for-an-environment.crm4.dynamics.com/main.aspx",
        "--description",
        "word ".repeat(60).trim(),
    ]);
    s.ok(&["env", "set-timeout", long, "--length", "8h"]);
    for args in [
        vec!["env", "list"],
        vec!["env", "show", long],
        vec!["env", "history"],
        vec!["tenant", "show"],
        vec!["rules"],
    ] {
        let out = s.ok(&args);
        assert_fits_80_at_a_terminal(&s, &args);
        assert!(
            !out.contains('\x1b'),
            "{args:?} printed colour off a terminal"
        );
    }
}

#[test]
fn rules_lists_every_rule_with_its_source() {
    let s = Sandbox::new();
    let all = s.json(&["rules"]);
    let all = all.as_array().unwrap();
    let ids: Vec<_> = all.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let mut want: Vec<String> = (1..=9).map(|i| format!("V{i}")).collect();
    want.extend((1..=13).map(|i| format!("S{i}")));
    assert_eq!(ids, want);
    for r in all {
        assert!(!r["statement"].as_str().unwrap().is_empty());
        let quoted = r["source"]["page"]["title"].is_string() && r["source"]["quote"].is_string();
        assert!(quoted || r["own_choice"].is_string(), "{r}");
    }
    let v1 = s.json(&["rules", "v1"]);
    assert_eq!(v1["id"], "V1");
    assert_eq!(
        v1["source"]["page"]["title"],
        "Security enhancements: User session and access management"
    );
    assert!(
        v1["source"]["quote"]
            .as_str()
            .unwrap()
            .contains("1440 minutes")
    );
    let v6 = s.json(&["rules", "V6"]);
    assert_eq!(v6["source"], Value::Null);
    let text = s.ok(&["rules", "V2"]);
    assert!(text.contains("sessadm's own choice"), "{text}");
    // rules needs no database.
    assert!(!s.db.exists());
}

/// Terminal escapes are refused at input (SPEC §2); what a hand edit
/// stores anyway is shown escaped (tests/cli/control.rs).
#[test]
fn stored_text_cannot_drive_the_terminal() {
    let s = Sandbox::new();
    let err = s.fails(
        &[
            "env",
            "add",
            "esc",
            "--description",
            "a\u{1b}]0;pwned\u{7}\u{1b}[2J",
        ],
        3,
    );
    assert!(!err.contains('\u{1b}'), "{err:?}");
    assert!(
        err.contains("contains U+001B (a control character) at character 2"),
        "{err}"
    );
    assert!(!s.db.exists() || !s.ok(&["env", "list"]).contains("esc"));
}
