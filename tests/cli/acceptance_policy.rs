//! Black-box checks of policy as code and audit, written from SPEC.md §7–§8.
//!
//! Every expectation comes from SPEC.md (§2, §4, §7, §8) or from the issue
//! that asked for `export`, `validate`, `apply`, `import-dataverse` and
//! `audit`; the comments quote the line each one rests on. Checks that
//! differ only in their data are rows of a table (`cases!`), one test per
//! row.

use super::{DATAVERSE_FIXTURE, Sandbox, answer_prompt, bin, have, path_with, violations};
use crate::emulator::COLUMNS;
use serde_json::{Map, Value, json};

// ---------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------

/// One `#[test]` per row, named by the row: `name: runner(args...);`.
macro_rules! cases {
    ($($(#[$attr:meta])* $name:ident: $run:ident($($arg:expr),* $(,)?);)*) => {
        $($(#[$attr])* #[test] fn $name() { $run($($arg),*); })*
    };
}

/// The words of a command line without quoting, split at whitespace.
fn words(line: &str) -> Vec<&str> {
    line.split_whitespace().collect()
}

/// The organization name in the fixture.
const FIXTURE_ORG: &str = "org271c9bf4";

/// Write `text` to the file `name` in the sandbox; returns `name` as it is,
/// since sessadm is run there and its messages name the file that way.
fn write_rel(s: &Sandbox, name: &str, text: &str) -> String {
    std::fs::write(s.path(name), text).expect("write file");
    name.to_string()
}

/// 1-based line and column (in characters) where `needle` starts in `text`.
fn pos(text: &str, needle: &str) -> (usize, usize) {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in {text}"));
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, text[line_start..at].chars().count() + 1)
}

/// Position of the value in `key = value` (or `"key": value`), given a needle
/// that is the whole unique `key = value` text.
fn value_pos(text: &str, needle: &str) -> (usize, usize) {
    let (line, col) = pos(text, needle);
    let sep = needle
        .find("= ")
        .map(|i| i + 2)
        .or_else(|| needle.find(": ").map(|i| i + 2))
        .expect("needle has = or :");
    (line, col + needle[..sep].chars().count())
}

/// Assert that stderr has a line `FILE:LINE:COLUMN: error[CODE]: ...`.
#[track_caller]
fn assert_diag(stderr: &str, file: &str, (line, col): (usize, usize), code: &str) {
    let want = format!("{file}:{line}:{col}: error[{code}]: ");
    assert!(
        stderr.lines().any(|l| l.starts_with(&want)),
        "no line starting with {want:?} in:\n{stderr}"
    );
}

fn show(s: &Sandbox, name: &str) -> Value {
    s.json(&["env", "show", name])
}

/// `env list` without the timestamps, to compare two databases.
fn inventory(s: &Sandbox) -> Value {
    let mut list = s.json(&["env", "list"]);
    for e in list.as_array_mut().expect("array") {
        let o = e.as_object_mut().expect("object");
        o.remove("created_at");
        o.remove("updated_at");
    }
    json!({"envs": list, "tenant": s.json(&["tenant", "show"])})
}

fn history(s: &Sandbox, name: &str) -> Vec<Value> {
    s.json(&["env", "history", name])
        .as_array()
        .expect("array")
        .clone()
}

/// `apply FILE --dry-run` as JSON.
fn plan(s: &Sandbox, file: &str) -> Value {
    s.json(&["apply", file, "--dry-run"])
}

#[track_caller]
fn assert_zero_changes(plan: &Value) {
    let sum = &plan["summary"];
    assert_eq!(
        (&sum["create"], &sum["change"], &sum["delete"]),
        (&json!(0), &json!(0), &json!(0)),
        "round trip planned changes: {plan:#}"
    );
    for e in plan["environments"].as_array().expect("environments") {
        assert_eq!(e["action"], "unchanged", "{e:#}");
    }
    if !plan["tenant"].is_null() {
        assert_eq!(plan["tenant"]["action"], "unchanged", "{plan:#}");
    }
}

/// Export in `format`, write it into the sandbox, and plan it back.
fn round_trip(s: &Sandbox, format: &str) -> Value {
    let text = s.ok(&["export", "--format", format]);
    let file = write_rel(s, &format!("rt.{format}"), &text);
    plan(s, &file)
}

/// The fixture, parsed.
fn fixture() -> Value {
    let text = std::fs::read_to_string(DATAVERSE_FIXTURE).expect("read the Dataverse fixture");
    serde_json::from_str(&text).expect("fixture is JSON")
}

/// The fixture's one organization with the six columns set to `six`, a JSON
/// array of their values in the order of `COLUMNS`.
fn org_with(six: Value) -> Map<String, Value> {
    let six = match six {
        Value::Array(all) if all.len() == COLUMNS.len() => all,
        other => panic!("not six column values: {other}"),
    };
    let mut o = fixture()["value"][0]
        .as_object()
        .expect("organization")
        .clone();
    for (k, val) in COLUMNS.iter().zip(six) {
        o.insert((*k).to_string(), val);
    }
    o
}

/// A single-organization response, as `GET organizations(<id>)` returns it.
fn single(o: Map<String, Value>) -> Value {
    let mut all = Map::new();
    all.insert(
        "@odata.context".into(),
        json!(
            "https://org35543650.crm4.dynamics.com/api/data/v9.2/$metadata#organizations/$entity"
        ),
    );
    all.extend(o);
    Value::Object(all)
}

fn write_json(s: &Sandbox, name: &str, v: &Value) -> String {
    write_rel(s, name, &serde_json::to_string_pretty(v).expect("json"))
}

/// `audit` with `-o json`: exit code and the report (printed even on exit 3).
fn audit(s: &Sandbox, args: &[&str]) -> (i32, Value) {
    let mut all = vec!["-o", "json", "audit"];
    all.extend_from_slice(args);
    let out = s.run(&all);
    let code = out.status.code().unwrap_or(-1);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "panic: {stderr}");
    let v = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "audit {args:?} (exit {code}) stdout is not JSON ({e}): {}\nstderr: {stderr}",
            String::from_utf8_lossy(&out.stdout)
        )
    });
    (code, v)
}

/// The checks of one baseline for one environment, in report order.
fn checks(report: &Value, env: &str, baseline: &str) -> Vec<Value> {
    let e = report["environments"]
        .as_array()
        .expect("environments")
        .iter()
        .find(|e| e["name"] == env)
        .unwrap_or_else(|| panic!("{env} not in {report:#}"));
    e["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .filter(|c| c["baseline"] == baseline)
        .cloned()
        .collect()
}

fn results(report: &Value, env: &str, baseline: &str) -> Vec<String> {
    checks(report, env, baseline)
        .iter()
        .map(|c| c["result"].as_str().unwrap_or("?").to_string())
        .collect()
}

const BASELINES: [&str; 8] = [
    "pci-dss-4.0",
    "hipaa",
    "nist-800-63b-3-aal2",
    "nist-800-63b-3-aal3",
    "nist-800-63b-4-aal2",
    "nist-800-63b-4-aal3",
    "asvs-4.0.3-l2",
    "asvs-4.0.3-l3",
];

/// Run a `sessadm ...` command line as printed by sessadm, through sh, with
/// this build first on PATH.
fn run_printed_command(s: &Sandbox, line: &str) -> std::process::Output {
    let path = path_with(bin().parent().expect("bin dir"));
    s.command("sh")
        .arg("-c")
        .arg(line)
        .env("PATH", path)
        .output()
        .expect("run sh")
}

/// For every failing or warning check of every baseline, in a fresh
/// sandbox set up by `setup`, run the printed fix and check that the same
/// check then passes.
fn assert_every_fix_fixes(name: &str, setup: &dyn Fn(&Sandbox)) {
    let s = Sandbox::new();
    setup(&s);
    // Each sandbox holds only this environment: audit them all, so that a
    // name like `-x` is not taken for a flag.
    let (_, report) = audit(&s, &[]);
    let mut tried = 0;
    for baseline in BASELINES {
        for (i, c) in checks(&report, name, baseline).iter().enumerate() {
            if c["result"] == "pass" {
                continue;
            }
            let fix = c["fix"]
                .as_str()
                .unwrap_or_else(|| panic!("no fix for {c:#}"));
            let t = Sandbox::new();
            setup(&t);
            let out = run_printed_command(&t, fix);
            assert!(
                out.status.success(),
                "fix `{fix}` for {baseline} {} failed (exit {:?}): {}",
                c["check"],
                out.status.code(),
                String::from_utf8_lossy(&out.stderr)
            );
            let (_, after) = audit(&t, &["--baseline", baseline]);
            let now = &checks(&after, name, baseline)[i];
            assert_eq!(now["result"], "pass", "after `{fix}`: {now:#}");
            tried += 1;
        }
    }
    assert!(tried > 0, "nothing to fix in {report:#}");
}

/// A fake `pac` that prints each argument on its own line, then `<<end>>`.
fn fake_pac(s: &Sandbox) -> String {
    let dir = s.path("fakebin");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let pac = dir.join("pac");
    std::fs::write(
        &pac,
        "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done\nprintf '%s\\n' '<<end>>'\n",
    )
    .expect("write fake pac");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&pac, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    path_with(&dir)
}

/// Run an exported pac script with the fake pac; its invocations.
fn run_pac_script(s: &Sandbox, script: &str) -> Vec<Vec<String>> {
    let path = fake_pac(s);
    let file = write_rel(s, "settings.sh", script);
    let out = s
        .command("sh")
        .arg(&file)
        .env("PATH", path)
        .output()
        .expect("run sh");
    assert!(
        out.status.success(),
        "script failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let mut calls = Vec::new();
    let mut cur = Vec::new();
    for line in text.lines() {
        if line == "<<end>>" {
            calls.push(std::mem::take(&mut cur));
        } else {
            cur.push(line.to_string());
        }
    }
    assert!(cur.is_empty(), "trailing output: {cur:?}");
    calls
}

/// An inventory with every kind of environment the issue lists.
fn mixed_inventory(s: &Sandbox) {
    // settings on, with url, version and description
    s.ok(&words(
        "env add contoso-prod --url https://contoso.crm.dynamics.com \
         --version 9.2.24034.205 --description Production",
    ));
    s.ok(&words(
        "env set-timeout contoso-prod --length 8h --warning 20m",
    ));
    s.ok(&words(
        "env set-inactivity contoso-prod --after 30m --warning 5m",
    ));
    // off, values kept
    s.ok(&["env", "add", "kept", "--version", "9.0.2.3034"]);
    s.ok(&words("env set-timeout kept --length 2h --warning 10m"));
    s.ok(&words("env set-inactivity kept --after 45m --warning 7m"));
    s.ok(&["env", "set-timeout", "kept", "--disable"]);
    s.ok(&["env", "set-inactivity", "kept", "--disable"]);
    // no url, no version, defaults
    s.ok(&["env", "add", "bare"]);
    // quotes, non-ASCII and a tab (the one control character a description
    // may hold) in the name and description
    s.ok(&[
        "env",
        "add",
        "Ünïcødé \"q\" 'x' \\ #] 日本 🚀",
        "--description",
        "multi\tline \"quoted\" \\ 'x' ñ",
        "--url",
        "https://q.example.com/a'b\"c",
    ]);
    s.ok(&[
        "env",
        "set-inactivity",
        "Ünïcødé \"q\" 'x' \\ #] 日本 🚀",
        "--after",
        "1h",
    ]);
    s.ok(&["tenant", "set", "--token-lifetime", "1h30m"]);
}

const POLICY: &str = r#"[tenant]
token_lifetime = "30d"

[[environments]]
name = "contoso-prod"
url = "https://contoso.crm.dynamics.com"
version = "9.2.24034.205"
description = "Production"
session_length = "8h"
session_warning = "20m"
inactivity = "30m"
inactivity_warning = "5m"
"#;

// ---------------------------------------------------------------------------
// export (§7)
// ---------------------------------------------------------------------------

/// §7: "`export [NAME...] [--format toml|json|dataverse|pac]` | write the
/// inventory (or some environments) to stdout", in the policy-file keys.
#[test]
fn export_toml_is_a_policy_file_with_tenant_and_environments() {
    let s = Sandbox::new();
    s.ok(&["apply", &write_rel(&s, "p.toml", POLICY), "--yes"]);
    let text = s.ok(&["export"]);
    let t: toml::Table = toml::from_str(&text).expect("export is TOML");
    assert_eq!(t["tenant"]["token_lifetime"].as_str(), Some("30d"));
    let envs = t["environments"].as_array().expect("[[environments]]");
    assert_eq!(envs.len(), 1);
    let e = &envs[0];
    for (k, v) in [
        ("name", "contoso-prod"),
        ("url", "https://contoso.crm.dynamics.com"),
        ("version", "9.2.24034.205"),
        ("description", "Production"),
        ("session_length", "8h"),
        ("session_warning", "20m"),
        ("inactivity", "30m"),
        ("inactivity_warning", "5m"),
    ] {
        assert_eq!(e[k].as_str(), Some(v), "{k} in {text}");
    }
}

/// §7: "A policy file is TOML (or JSON with the same structure)".
#[test]
fn export_json_has_the_same_structure_as_toml() {
    let s = Sandbox::new();
    mixed_inventory(&s);
    let t: toml::Table = toml::from_str(&s.ok(&["export", "--format", "toml"])).expect("TOML");
    let j: Value = serde_json::from_str(&s.ok(&["export", "--format", "json"])).expect("JSON");
    assert_eq!(serde_json::to_value(&t).expect("to json"), j);
}

/// §7: "write the inventory (or some environments)"; §4: exit 4 not found.
#[test]
fn export_names_select_environments_and_unknown_is_exit_4() {
    let s = Sandbox::new();
    mixed_inventory(&s);
    let j: Value =
        serde_json::from_str(&s.ok(&["export", "bare", "kept", "--format", "json"])).expect("JSON");
    let names: Vec<&str> = j["environments"]
        .as_array()
        .expect("environments")
        .iter()
        .map(|e| e["name"].as_str().expect("name"))
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(sorted, ["bare", "kept"]);
    s.fails(&["export", "no-such-env"], 4);
    s.fails(&["export", "no-such-env", "--format", "pac"], 4);
}

/// §7: "`--format dataverse`: a JSON array with one `{"name", "url",
/// "organization": {...}}` per environment, where `organization` is ... exactly
/// the six columns of §2 (minutes as integers; a setting that is off still
/// carries its stored minutes)."
#[test]
fn export_dataverse_bodies_have_exactly_the_six_columns() {
    let s = Sandbox::new();
    mixed_inventory(&s);
    let v: Value =
        serde_json::from_str(&s.ok(&["export", "--format", "dataverse"])).expect("JSON array");
    let all = v.as_array().expect("array");
    assert_eq!(all.len(), 4);
    for e in all {
        let mut keys: Vec<&String> = e.as_object().expect("object").keys().collect();
        keys.sort();
        assert_eq!(keys, ["name", "organization", "url"], "{e:#}");
        let mut cols: Vec<&str> = e["organization"]
            .as_object()
            .expect("organization")
            .keys()
            .map(String::as_str)
            .collect();
        cols.sort();
        let mut want = COLUMNS.to_vec();
        want.sort();
        assert_eq!(cols, want, "{e:#}");
    }
    let prod = all
        .iter()
        .find(|e| e["name"] == "contoso-prod")
        .expect("prod");
    assert_eq!(prod["url"], "https://contoso.crm.dynamics.com");
    assert_eq!(
        prod["organization"],
        json!({"sessiontimeoutenabled": true, "sessiontimeoutinmins": 480,
               "sessiontimeoutreminderinmins": 20, "inactivitytimeoutenabled": true,
               "inactivitytimeoutinmins": 30, "inactivitytimeoutreminderinmins": 5})
    );
    let kept = all.iter().find(|e| e["name"] == "kept").expect("kept");
    assert_eq!(kept["url"], Value::Null);
    assert_eq!(
        kept["organization"],
        json!({"sessiontimeoutenabled": false, "sessiontimeoutinmins": 120,
               "sessiontimeoutreminderinmins": 10, "inactivitytimeoutenabled": false,
               "inactivitytimeoutinmins": 45, "inactivitytimeoutreminderinmins": 7})
    );
}

/// Issue 6: "`export --format pac` is a POSIX sh script that passes `sh -n`
/// and shellcheck."
#[test]
fn export_pac_passes_sh_n_and_shellcheck() {
    let s = Sandbox::new();
    mixed_inventory(&s);
    s.ok(&[
        "env",
        "add",
        "evil $(touch x) `id` 'q'",
        "--url",
        "https://e.example.com/a'b\"c$(touch pwned)`touch bt`$IFS;x&y|z*?[a]~!#%",
    ]);
    let script = s.ok(&["export", "--format", "pac"]);
    let file = write_rel(&s, "settings.sh", &script);
    assert!(script.starts_with("#!/bin/sh"), "{script}");
    let out = s.command("sh").args(["-n", &file]).output().expect("sh -n");
    assert!(
        out.status.success(),
        "sh -n: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    if !have("shellcheck") {
        eprintln!("SKIPPED shellcheck part: shellcheck is not installed");
        return;
    }
    let out = s
        .command("shellcheck")
        .args(["-s", "sh", &file])
        .output()
        .expect("shellcheck");
    assert!(
        out.status.success(),
        "shellcheck:\n{}\n{script}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// Issue 6: "an environment URL containing quotes, `$(...)`, `$IFS` or
/// backticks reaches `pac` as one literal argument and never runs."
#[test]
fn export_pac_url_reaches_pac_as_one_literal_argument() {
    let s = Sandbox::new();
    let url = "https://e.example.com/a'b\"c$(touch pwned)`touch bt`$IFS;touch semi&&x|y *?[a]~\\z";
    s.ok(&["env", "add", "evil", "--url", url]);
    let script = s.ok(&["export", "evil", "--format", "pac"]);
    let calls = run_pac_script(&s, &script);
    assert!(!calls.is_empty(), "no pac call in {script}");
    for call in &calls {
        let i = call
            .iter()
            .position(|a| a == "--environment")
            .unwrap_or_else(|| panic!("no --environment in {call:?}"));
        assert_eq!(call[i + 1], url, "{call:?}");
        assert_eq!(call.len(), 8, "one argument per value: {call:?}");
    }
    for f in ["pwned", "bt", "semi"] {
        assert!(!s.path(f).exists(), "`{f}` was created: the URL ran");
    }
}

/// §7: "`pac env update-settings --environment <url> --name <column> --value
/// <value>` lines … (pac 1.32 renamed `pac org` to `pac env`; `org` still
/// works, `env` is current.)"
#[test]
fn export_pac_calls_update_settings_with_each_column() {
    let s = Sandbox::new();
    s.ok(&["apply", &write_rel(&s, "p.toml", POLICY), "--yes"]);
    let script = s.ok(&["export", "--format", "pac"]);
    // The header, before the first command, tells users of an older pac.
    let header: Vec<&str> = script
        .lines()
        .take_while(|l| l.starts_with('#') || l.is_empty())
        .collect();
    assert!(
        header
            .iter()
            .any(|l| l.contains("pac 1.32") && l.contains("`pac org`")),
        "{script}"
    );
    assert!(
        header
            .iter()
            .any(|l| l.contains("`pac org update-settings`")),
        "{script}"
    );
    let calls = run_pac_script(&s, &script);
    let want: Vec<Vec<String>> = [
        ("sessiontimeoutenabled", "true"),
        ("sessiontimeoutinmins", "480"),
        ("sessiontimeoutreminderinmins", "20"),
        ("inactivitytimeoutenabled", "true"),
        ("inactivitytimeoutinmins", "30"),
        ("inactivitytimeoutreminderinmins", "5"),
    ]
    .iter()
    .map(|(col, val)| {
        [
            "env",
            "update-settings",
            "--environment",
            "https://contoso.crm.dynamics.com",
            "--name",
            col,
            "--value",
            val,
        ]
        .iter()
        .map(|a| a.to_string())
        .collect()
    })
    .collect();
    let mut got = calls.clone();
    got.sort();
    let mut want = want;
    want.sort();
    assert_eq!(got, want);
}

/// §7 / issue 6: "An environment without a URL becomes a comment saying why it
/// was skipped."
#[test]
fn export_pac_environment_without_url_is_a_comment() {
    let s = Sandbox::new();
    s.ok(&["env", "add", "no-url-env"]);
    s.ok(&["env", "add", "with-url", "--url", "https://w.example.com"]);
    let script = s.ok(&["export", "--format", "pac"]);
    let mentions: Vec<&str> = script
        .lines()
        .filter(|l| l.contains("no-url-env"))
        .collect();
    assert!(!mentions.is_empty(), "no-url-env not mentioned:\n{script}");
    for l in &mentions {
        assert!(l.trim_start().starts_with('#'), "not a comment: {l}");
    }
    assert!(
        mentions.iter().any(|l| l.to_lowercase().contains("url")),
        "the comment does not say it has no URL: {mentions:?}"
    );
    let calls = run_pac_script(&s, &script);
    assert!(!calls.is_empty());
    assert!(
        calls
            .iter()
            .all(|c| c.contains(&"https://w.example.com".to_string())),
        "{calls:?}"
    );
}

// ---------------------------------------------------------------------------
// round trip (issue 2)
// ---------------------------------------------------------------------------

/// Issue 2: "`export` then `apply` of its output plans zero changes, for every
/// kind of environment": four environments and the tenant (SPEC §7: the
/// summary counts it) are unchanged.
fn zero_changes_for_every_kind(format: &str) {
    let s = Sandbox::new();
    mixed_inventory(&s);
    let p = round_trip(&s, format);
    assert_zero_changes(&p);
    assert_eq!(p["summary"]["unchanged"], 5, "{p:#}");
}

cases! {
    round_trip_toml_plans_zero_changes_for_every_kind: zero_changes_for_every_kind("toml");
    round_trip_json_plans_zero_changes_for_every_kind: zero_changes_for_every_kind("json");
}

/// `--exit-code` is the CI form of the round trip: exit 0 when none.
#[test]
fn round_trip_dry_run_exit_code_is_zero() {
    let s = Sandbox::new();
    mixed_inventory(&s);
    let file = write_rel(&s, "rt.toml", &s.ok(&["export"]));
    s.ok(&["apply", &file, "--dry-run", "--exit-code"]);
}

/// §7: "so `export` can write an environment whose timeout is off but keeps
/// its values, and `apply` restores exactly that".
#[test]
fn export_applied_to_an_empty_database_restores_exactly() {
    let a = Sandbox::new();
    mixed_inventory(&a);
    let text = a.ok(&["export"]);
    let b = Sandbox::new();
    b.ok(&["apply", &write_rel(&b, "inv.toml", &text), "--yes"]);
    assert_eq!(inventory(&a), inventory(&b));
    let kept = show(&b, "kept");
    assert_eq!(
        kept["session_timeout"],
        json!({"enabled": false, "length_min": 120, "warning_min": 10})
    );
    assert_eq!(
        kept["inactivity_timeout"],
        json!({"enabled": false, "after_min": 45, "warning_min": 7})
    );
}

/// Issue 2: "off with values kept", including a session timeout that is off
/// with a length below an inactivity that is on (V4 compares with 1440).
#[test]
fn round_trip_session_off_with_kept_length_below_inactivity() {
    let s = Sandbox::new();
    s.ok(&["env", "add", "x"]);
    s.ok(&words("env set-timeout x --length 2h --warning 0"));
    s.ok(&["env", "set-timeout", "x", "--disable"]);
    s.ok(&words("env set-inactivity x --after 3h --warning 1h"));
    assert_zero_changes(&round_trip(&s, "toml"));
    assert_zero_changes(&round_trip(&s, "json"));
}

/// Issue 2: "names with quotes and non-ASCII", and no URL / no version.
#[test]
fn round_trip_names_with_quotes_and_non_ascii_apply_to_a_new_database() {
    let a = Sandbox::new();
    for name in [
        "q\"uote",
        "a'pos",
        "back\\slash",
        "ÅÄÖ åäö",
        "日本語 環境",
        "emoji 🚀",
        "# not a comment",
        "[not a table]",
    ] {
        a.ok(&["env", "add", name]);
    }
    assert_zero_changes(&round_trip(&a, "toml"));
    let b = Sandbox::new();
    b.ok(&[
        "apply",
        &write_rel(&b, "x.json", &a.ok(&["export", "--format", "json"])),
        "--yes",
    ]);
    assert_eq!(inventory(&a), inventory(&b));
}

// ---------------------------------------------------------------------------
// validate (issue 3)
// ---------------------------------------------------------------------------

/// §7: "`validate FILE...` | check policy files without a database".
#[test]
fn validate_valid_file_exit_0_and_creates_no_database() {
    let s = Sandbox::new();
    let file = write_rel(&s, "p.toml", POLICY);
    let out = s.ok(&["validate", &file]);
    assert!(out.contains("p.toml"), "{out}");
    s.json(&["validate", &file]);
    assert!(!s.db.exists(), "validate created a database");
}

#[test]
fn validate_does_not_open_the_database() {
    let s = Sandbox::new();
    std::fs::write(&s.db, "not a database").expect("write");
    s.ok(&["validate", &write_rel(&s, "p.toml", POLICY)]);
    assert_eq!(
        std::fs::read_to_string(&s.db).expect("read"),
        "not a database"
    );
}

const BAD_TOML: &str = r#"[tenant]
token_lifetime = "400d"

[[environments]]
name = "alpha"
session_length = "30m"
inactivity = "2m"
inactivity_warning = "3m"
sesion_warning = "5m"

[[environments]]
name = "beta"
url = "http://beta.example.com"
version = "9.x.1"
session_length = "2h"
session_warning = "2h"
inactivity = "3h"

[[environments]]
name = "ALPHA"
"#;

/// The violations of a JSON policy file.
const BAD_JSON: &str = r#"{
  "tenant": {"token_lifetime": "30m"},
  "environments": [
    {"name": "ü-x", "session_length": "8h", "session_warning": "9h",
     "inactivity": "8h"},
    {"name": "y", "inactivity": "24h", "colour": "red"}
  ],
  "extra": 1
}
"#;

/// `validate` of `text`, written to the file `file`: exit 3 and exactly one
/// line `FILE:LINE:COLUMN: error[CODE]: ...` for each wanted (needle, code),
/// pointing at the value of a `key = value` (or `"key": value`) needle, else
/// at the needle itself; exit 0 when none is wanted.
fn validate(file: &str, text: &str, want: &[(&str, &str)]) {
    let s = Sandbox::new();
    let f = write_rel(&s, file, text);
    if want.is_empty() {
        s.ok(&["validate", &f]);
        return;
    }
    let err = s.fails(&["validate", &f], 3);
    for (needle, code) in want {
        let at = if needle.contains("= ") || needle.contains(": ") {
            value_pos(text, needle)
        } else {
            pos(text, needle)
        };
        assert_diag(&err, &f, at, code);
    }
    assert_eq!(
        err.lines().count(),
        want.len(),
        "one line a violation:\n{err}"
    );
}

cases! {
    /// Issue 3: "report every violation in a file at once, each as
    /// `FILE:LINE:COLUMN: error[Vn]: ...` pointing at the offending value".
    validate_reports_every_violation_with_position_of_the_value: validate("bad.toml", BAD_TOML, &[
        ("token_lifetime = \"400d\"", "V9"),
        ("session_length = \"30m\"", "V1"),
        ("inactivity = \"2m\"", "V3"),
        ("inactivity_warning = \"3m\"", "V5"),
        ("sesion_warning", "unknown"),
        ("url = \"http://beta", "V7"),
        ("version = \"9.x.1\"", "V8"),
        ("session_warning = \"2h\"", "V2"),
        ("inactivity = \"3h\"", "V4"),
        ("name = \"ALPHA\"", "V6"),
    ]);
    /// §7: "(or JSON with the same structure)": positions in a JSON policy file.
    validate_json_policy_positions: validate("bad.json", BAD_JSON, &[
        ("\"token_lifetime\": \"30m\"", "V9"),
        ("\"session_warning\": \"9h\"", "V2"),
        ("\"inactivity\": \"8h\"", "V4"),
        ("\"inactivity\": \"24h\"", "V4"),
        ("\"colour\"", "unknown"),
        ("\"extra\"", "unknown"),
    ]);
    /// Issue 3: "Unknown keys are errors (a typo must never silently drop a
    /// setting)" — in `[tenant]`, at the top level and in JSON.
    validate_unknown_keys_everywhere_are_errors: validate(
        "typo.toml",
        "tokn = 1\n[tenant]\ntoken_lifetme = \"30d\"\n\
         [[environments]]\nname = \"a\"\nInactivity = \"30m\"\n",
        &[("tokn", "unknown"), ("token_lifetme", "unknown"), ("Inactivity", "unknown")],
    );
    validate_unknown_keys_in_json_are_errors: validate(
        "typo.json",
        "{\"environments\": [{\"name\": \"a\", \"session_lenght\": \"8h\"}]}",
        &[("\"session_lenght\"", "unknown")],
    );
    /// Issue 3: "Duplicate names in a file are errors"; §2 names are "compared
    /// case-insensitively".
    validate_duplicate_names_case_insensitive: validate(
        "dup.toml",
        "[[environments]]\nname = \"Prod\"\n\n\
         [[environments]]\nname = \"dev\"\n\n\
         [[environments]]\nname = \"PROD\"\n",
        &[("name = \"PROD\"", "V6")],
    );
    // §2 V4: "compares with the session length when the custom session
    // timeout is on, else with 1440"; "V4 applies only while the inactivity
    // timeout is on"; §7 `session_timeout = false` / `inactivity_timeout = false`.
    validate_v4_compares_with_the_session_length_when_on: validate(
        "on.toml",
        "[[environments]]\nname = \"a\"\nsession_length = \"2h\"\ninactivity = \"2h\"\n",
        &[("inactivity = \"2h\"", "V4")],
    );
    validate_v4_compares_with_1440_when_the_session_is_off: validate(
        "s-off.toml",
        "[[environments]]\nname = \"a\"\n\
         session_timeout = false\nsession_length = \"2h\"\ninactivity = \"3h\"\n",
        &[],
    );
    validate_v4_does_not_apply_when_inactivity_is_off: validate(
        "i-off.toml",
        "[[environments]]\nname = \"a\"\n\
         session_length = \"2h\"\ninactivity_timeout = false\ninactivity = \"3h\"\n",
        &[],
    );
    validate_v4_compares_with_1440_without_a_session_length: validate(
        "n.toml",
        "[[environments]]\nname = \"a\"\ninactivity = \"1440m\"\n",
        &[("inactivity = \"1440m\"", "V4")],
    );
}

/// §4: "With `-o json` stderr carries one object ... with `"violations":
/// [...]`"; §7: "each with `file:line:column`, rule id and allowed range".
#[test]
fn validate_json_error_lists_every_violation_with_position_and_allowed() {
    let s = Sandbox::new();
    let f = write_rel(&s, "bad.toml", BAD_TOML);
    let err = s.json_error(&["validate", &f], 3);
    let all = violations(&err);
    assert!(all.len() >= 10, "{err:#}");
    let mut codes: Vec<&str> = all.iter().map(|v| v["code"].as_str().unwrap()).collect();
    codes.sort();
    codes.dedup();
    for c in [
        "V1", "V2", "V3", "V4", "V5", "V6", "V7", "V8", "V9", "unknown",
    ] {
        assert!(codes.contains(&c), "{c} missing: {codes:?}");
    }
    let (line, col) = value_pos(BAD_TOML, "session_length = \"30m\"");
    let v1 = all.iter().find(|v| v["code"] == "V1").expect("V1");
    assert_eq!(v1["details"]["file"], "bad.toml");
    assert_eq!(v1["details"]["line"], line);
    assert_eq!(v1["details"]["column"], col);
    assert_eq!(v1["details"]["value"], "30m");
    for v in all
        .iter()
        .filter(|v| v["code"].as_str().unwrap().starts_with('V'))
    {
        assert!(
            v["details"]["allowed"]
                .as_str()
                .is_some_and(|a| !a.is_empty()),
            "no allowed range: {v:#}"
        );
    }
    assert_eq!(err["code"], all[0]["code"]);
}

/// §7: "`validate FILE...` ... every violation": across several files.
#[test]
fn validate_several_files_reports_all_of_them() {
    let s = Sandbox::new();
    let a = write_rel(
        &s,
        "a.toml",
        "[[environments]]\nname = \"a\"\nsession_length = \"25h\"\n",
    );
    let ok = write_rel(&s, "ok.toml", POLICY);
    let b = write_rel(
        &s,
        "b.json",
        "{\"environments\": [{\"name\": \"b\", \"inactivity\": \"4m\"}]}",
    );
    let err = s.fails(&["validate", &a, &ok, &b], 3);
    assert_diag(&err, &a, (3, 18), "V1");
    assert_diag(
        &err,
        &b,
        value_pos(
            &std::fs::read_to_string(s.path(&b)).unwrap(),
            "\"inactivity\": \"4m\"",
        ),
        "V3",
    );
    assert!(!err.contains("ok.toml:"), "{err}");
}

/// §4: "`syntax` (malformed file...)" exit 3, with its position.
#[test]
fn validate_malformed_file_is_a_syntax_error() {
    let s = Sandbox::new();
    let f = write_rel(
        &s,
        "m.toml",
        "[[environments]]\nname = \"x\"\nsession_length = \"8h\n",
    );
    let err = s.fails(&["validate", &f], 3);
    assert!(err.starts_with("m.toml:3:"), "{err}");
    assert!(err.contains("error[syntax]"), "{err}");
    let e = s.json_error(
        &["validate", &write_rel(&s, "m.json", "{\"environments\": [")],
        3,
    );
    assert_eq!(e["code"], "syntax");
}

// ---------------------------------------------------------------------------
// apply (issues 3 and 4)
// ---------------------------------------------------------------------------

/// Issue 4: "The plan shows, per environment, create / change (each field old
/// → new) / delete / unchanged."
#[test]
fn apply_dry_run_plan_shows_each_action_and_field_and_changes_nothing() {
    let s = Sandbox::new();
    s.ok(&words(
        "env add contoso-prod --url https://contoso.crm.dynamics.com",
    ));
    s.ok(&["env", "add", "same"]);
    s.ok(&["env", "add", "gone"]);
    let policy = "[[environments]]\nname = \"contoso-prod\"\n\
        url = \"https://contoso.crm.dynamics.com\"\nsession_length = \"8h\"\n\n\
        [[environments]]\nname = \"same\"\n\n\
        [[environments]]\nname = \"new-env\"\ninactivity = \"30m\"\n";
    let f = write_rel(&s, "p.toml", policy);
    let before = s.dump();
    let p = s.json(&["apply", &f, "--dry-run", "--prune"]);
    assert_eq!(s.dump(), before, "dry run changed the database");
    assert_eq!(
        p["summary"],
        json!({"create": 1, "change": 1, "delete": 1, "unchanged": 1})
    );
    let envs = p["environments"].as_array().expect("environments");
    let action = |n: &str| {
        envs.iter()
            .find(|e| e["name"] == n)
            .unwrap_or_else(|| panic!("{n} not in plan {p:#}"))
    };
    assert_eq!(action("same")["action"], "unchanged");
    assert_eq!(action("gone")["action"], "delete");
    assert_eq!(action("new-env")["action"], "create");
    let prod = action("contoso-prod");
    assert_eq!(prod["action"], "change");
    let changes = prod["changes"].as_array().expect("changes");
    assert!(
        changes
            .iter()
            .any(|c| c["field"] == "session_length" && c["old"] == "24h" && c["new"] == "8h"),
        "{prod:#}"
    );
    assert!(
        changes.iter().all(|c| c["field"] != "url"),
        "url did not change: {prod:#}"
    );
}

/// Issue 1: "with table and JSON output" — the table plan names each field
/// with `old → new`.
#[test]
fn apply_table_plan_shows_old_to_new() {
    let s = Sandbox::new();
    s.ok(&["apply", &write_rel(&s, "p.toml", POLICY), "--yes"]);
    let changed = POLICY
        .replace("\"8h\"", "\"12h\"")
        .replace("\"30d\"", "\"7d\"");
    let out = s.ok(&["apply", &write_rel(&s, "q.toml", &changed), "--dry-run"]);
    assert!(out.contains("contoso-prod"), "{out}");
    assert!(
        out.lines().any(|l| l.contains("session_length")
            && l.contains("8h")
            && l.contains("12h")
            && l.contains('→')),
        "{out}"
    );
    assert!(
        out.lines()
            .any(|l| l.contains("token_lifetime") && l.contains("30d") && l.contains("7d")),
        "{out}"
    );
}

/// §7: "`--exit-code` with `--dry-run`: exit 5 when there are changes, 0 when
/// none"; §4 exit 5 "changes pending".
#[test]
fn apply_dry_run_exit_code_5_when_changes_pending() {
    let s = Sandbox::new();
    let f = write_rel(&s, "p.toml", POLICY);
    let out = s.run(&["apply", &f, "--dry-run", "--exit-code"]);
    assert_eq!(out.status.code(), Some(5));
    assert!(!s.db.exists() || !s.dump().contains("contoso-prod"));
    s.ok(&["apply", &f, "--yes"]);
    s.ok(&["apply", &f, "--dry-run", "--exit-code"]);
    // A tenant-only change is a change too.
    let t = write_rel(&s, "t.toml", "[tenant]\ntoken_lifetime = \"1d\"\n");
    let out = s.run(&["apply", &t, "--dry-run", "--exit-code"]);
    assert_eq!(out.status.code(), Some(5));
    let out = s.run(&["-o", "json", "apply", &t, "--dry-run", "--exit-code"]);
    assert_eq!(out.status.code(), Some(5));
    let p: Value = serde_json::from_slice(&out.stdout).expect("plan JSON on stdout");
    assert_eq!(p["tenant"]["action"], "change");
}

/// Issue 3: "`apply` of a file with any violation changes nothing", and
/// reports every violation like `validate`.
#[test]
fn apply_invalid_file_changes_nothing_and_reports_all() {
    let s = Sandbox::new();
    s.ok(&["apply", &write_rel(&s, "p.toml", POLICY), "--yes"]);
    let before = s.dump();
    let f = write_rel(&s, "bad.toml", BAD_TOML);
    let err = s.fails(&["apply", &f], 3);
    assert_diag(
        &err,
        &f,
        value_pos(BAD_TOML, "session_length = \"30m\""),
        "V1",
    );
    assert_diag(&err, &f, value_pos(BAD_TOML, "name = \"ALPHA\""), "V6");
    assert_diag(&err, &f, pos(BAD_TOML, "sesion_warning"), "unknown");
    s.fails(&["--yes", "apply", &f, "--prune"], 3);
    assert_eq!(s.dump(), before, "a refused apply changed the database");
}

/// Issue 3: a file that is valid except one typo changes nothing at all —
/// not the tenant, not the other environments.
#[test]
fn apply_one_unknown_key_changes_nothing() {
    let s = Sandbox::new();
    s.ok(&["env", "add", "a"]);
    let before = s.dump();
    let t = "[tenant]\ntoken_lifetime = \"7d\"\n\n\
        [[environments]]\nname = \"a\"\nsession_length = \"8h\"\n\n\
        [[environments]]\nname = \"b\"\ninactivty = \"30m\"\n";
    let f = write_rel(&s, "typo.toml", t);
    let err = s.json_error(&["apply", &f], 3);
    assert_eq!(err["code"], "unknown");
    assert_eq!(err["details"]["line"], pos(t, "inactivty").0);
    assert_eq!(s.dump(), before);
}

/// Issue 4: "`apply` is one transaction, recorded in history like any other
/// change"; §2 history rows carry the actor, environment, field, old, new.
#[test]
fn apply_records_every_change_in_history() {
    let s = Sandbox::new();
    s.ok(&["env", "add", "contoso-prod"]);
    s.ok(&["env", "add", "old-env"]);
    let n_before = s.json(&["env", "history"]).as_array().unwrap().len();
    let f = write_rel(&s, "p.toml", POLICY);
    let res = s.json(&["--yes", "apply", &f, "--prune"]);
    assert_eq!(res["applied"], true, "{res:#}");
    let prod = history(&s, "contoso-prod");
    let has = |rows: &[Value], field: &str, old: Value, new: Value| {
        rows.iter().any(|r| {
            r["field"] == field && r["old"] == old && r["new"] == new && r["actor"] == "tester"
        })
    };
    assert!(
        has(&prod, "session_length", json!("24h"), json!("8h")),
        "{prod:#?}"
    );
    assert!(
        has(&prod, "inactivity", Value::Null, json!("30m")),
        "{prod:#?}"
    );
    assert!(
        has(
            &prod,
            "url",
            Value::Null,
            json!("https://contoso.crm.dynamics.com")
        ),
        "{prod:#?}"
    );
    let old = history(&s, "old-env");
    assert!(old.len() >= 2, "deleted environment's history: {old:#?}");
    assert!(
        old.iter()
            .any(|r| r["environment"] == "old-env" && r["actor"] == "tester"),
        "{old:#?}"
    );
    let all = s.json(&["env", "history"]);
    let all = all.as_array().unwrap();
    assert!(
        all.iter().any(|r| r["environment"].is_null()
            && r["field"] == "token_lifetime"
            && r["old"] == "90d"
            && r["new"] == "30d"),
        "{all:#?}"
    );
    assert!(all.len() > n_before);
}

/// Issue 4: "`--prune` deletions ... need `--yes` otherwise"; §4 "fails with
/// exit 2 and says which flag to pass".
#[test]
fn apply_prune_without_terminal_needs_yes() {
    let s = Sandbox::new();
    s.ok(&["env", "add", "keep"]);
    s.ok(&["env", "add", "extra"]);
    let before = s.dump();
    let f = write_rel(&s, "p.toml", "[[environments]]\nname = \"keep\"\n");
    let err = s.fails(&["apply", &f, "--prune"], 2);
    assert!(err.contains("--yes"), "{err}");
    let err = s.json_error(&["apply", &f, "--prune"], 2);
    assert_eq!(err["code"], "usage");
    assert_eq!(s.dump(), before);
    s.ok(&["--yes", "apply", &f, "--prune"]);
    s.fails(&["env", "show", "extra"], 4);
    show(&s, "keep");
}

/// §7: "delete with `--prune`": without it, unnamed environments stay; a
/// dry run of a prune needs no confirmation because it deletes nothing.
#[test]
fn apply_without_prune_keeps_unnamed_environments() {
    let s = Sandbox::new();
    s.ok(&["env", "add", "unnamed"]);
    let f = write_rel(&s, "p.toml", POLICY);
    let p = s.json(&["apply", &f, "--yes"]);
    assert_eq!(p["summary"]["delete"], 0);
    show(&s, "unnamed");
    let p = s.json(&["apply", &f, "--prune", "--dry-run"]);
    assert_eq!(p["summary"]["delete"], 1, "{p:#}");
    show(&s, "unnamed");
}

/// Issue 4: "`--prune` deletions ask for confirmation at a terminal".
#[test]
fn apply_prune_asks_at_a_terminal() {
    if !have("script") {
        return;
    }
    let s = Sandbox::new();
    s.ok(&["env", "add", "keep"]);
    s.ok(&["env", "add", "extra"]);
    write_rel(&s, "p.toml", "[[environments]]\nname = \"keep\"\n");
    let before = s.dump();
    let (_, screen) = answer_prompt(&s, "apply p.toml --prune", "Apply this plan", "n\n");
    assert!(screen.contains("extra"), "the question names it: {screen}");
    assert_eq!(s.dump(), before, "answering no deleted: {screen}");
    let (code, screen) = answer_prompt(&s, "apply p.toml --prune", "Apply this plan", "y\n");
    assert_eq!(code, 0, "{screen}");
    s.fails(&["env", "show", "extra"], 4);
}

/// Issue 4: "`apply` is one transaction": a plan whose steps are only valid
/// together (shorter length with shorter warning, longer session with longer
/// inactivity) is applied as a whole.
#[test]
fn apply_changes_that_are_only_valid_together() {
    let s = Sandbox::new();
    s.ok(&["env", "add", "a"]);
    s.ok(&words("env set-timeout a --length 8h --warning 7h"));
    s.ok(&["env", "add", "b"]);
    s.ok(&words("env set-inactivity b --after 45m --warning 40m"));
    s.ok(&["env", "add", "c"]);
    s.ok(&["env", "set-timeout", "c", "--length", "2h"]);
    s.ok(&["env", "set-inactivity", "c", "--after", "1h50m"]);
    let policy = "[[environments]]\nname = \"a\"\nsession_length = \"2h\"\n\
        session_warning = \"1h\"\n\n\
        [[environments]]\nname = \"b\"\ninactivity = \"10m\"\ninactivity_warning = \"5m\"\n\n\
        [[environments]]\nname = \"c\"\nsession_length = \"8h\"\ninactivity = \"7h\"\n";
    let f = write_rel(&s, "p.toml", policy);
    s.ok(&["apply", &f, "--yes"]);
    assert_eq!(show(&s, "a")["session_timeout"]["length_min"], 120);
    assert_eq!(show(&s, "a")["session_timeout"]["warning_min"], 60);
    assert_eq!(show(&s, "b")["inactivity_timeout"]["after_min"], 10);
    assert_eq!(show(&s, "c")["inactivity_timeout"]["after_min"], 420);
    assert_zero_changes(&plan(&s, &f));
}

/// §7: "A timeout is on when its value key ... is present, unless
/// `session_timeout = false` ...: then the values are stored but not
/// enforced".
#[test]
fn apply_off_switch_stores_values_turned_off() {
    let s = Sandbox::new();
    let t = "[[environments]]\nname = \"x\"\nsession_timeout = false\nsession_length = \"2h\"\n\
        session_warning = \"10m\"\ninactivity_timeout = false\ninactivity = \"45m\"\n\
        inactivity_warning = \"7m\"\n";
    s.ok(&["apply", &write_rel(&s, "p.toml", t), "--yes"]);
    let e = show(&s, "x");
    assert_eq!(
        e["session_timeout"],
        json!({"enabled": false, "length_min": 120, "warning_min": 10})
    );
    assert_eq!(
        e["inactivity_timeout"],
        json!({"enabled": false, "after_min": 45, "warning_min": 7})
    );
}

// ---------------------------------------------------------------------------
// import-dataverse (issue 5)
// ---------------------------------------------------------------------------

/// Issue 5: "reads `../shared/fixtures/dataverse/organizations-response.json`
/// exactly as it is (OData annotations, ~400 other columns, nulls)".
#[test]
fn import_dataverse_reads_the_fixture_as_is() {
    let s = Sandbox::new();
    s.ok(&["env", "add", "target"]);
    s.ok(&["env", "set-timeout", "target", "--length", "8h"]);
    s.ok(&["env", "set-inactivity", "target", "--after", "30m"]);
    let e = s.json(&["import-dataverse", DATAVERSE_FIXTURE, "--env", "target"]);
    assert_eq!(e["name"], "target");
    assert_eq!(e["session_timeout"]["enabled"], false, "{e:#}");
    assert_eq!(e["inactivity_timeout"]["enabled"], false, "{e:#}");
    assert_eq!(show(&s, "target")["session_timeout"]["enabled"], false);
}

/// Without `--env` the environment is the organization's `name`.
#[test]
fn import_dataverse_without_env_uses_the_organization_name() {
    let s = Sandbox::new();
    s.ok(&["env", "add", "other"]);
    let before = s.dump();
    s.fails(&["import-dataverse", DATAVERSE_FIXTURE], 4);
    assert_eq!(s.dump(), before);
    s.ok(&["env", "add", FIXTURE_ORG]);
    s.ok(&["import-dataverse", DATAVERSE_FIXTURE]);
}

/// The fixture's organization with the six columns set to `six` (see
/// `org_with`), written as one object or as the one element of `value`.
fn organization_file(s: &Sandbox, six: Value, one_object: bool) -> String {
    let o = org_with(six);
    let v = if one_object {
        single(o)
    } else {
        let mut v = fixture();
        v["value"] = json!([Value::Object(o)]);
        v
    };
    write_json(s, "organization.json", &v)
}

/// `import-dataverse` of `six` into `target`: its output and `env show`
/// then have these session and inactivity timeouts.
fn imports(six: Value, one_object: bool, session: Value, inactivity: Value) -> Sandbox {
    let s = Sandbox::new();
    s.ok(&["env", "add", "target"]);
    let f = organization_file(&s, six, one_object);
    let out = s.json(&["import-dataverse", &f, "--env", "target"]);
    for e in [out, show(&s, "target")] {
        assert_eq!(e["session_timeout"], session, "{e:#}");
        assert_eq!(e["inactivity_timeout"], inactivity, "{e:#}");
    }
    s
}

/// Issue 5: "Values that break V1–V5 are refused naming the Dataverse column
/// and the rule, and nothing is written": exit 3, for each wanted (code,
/// column) a text line and a JSON violation naming both, and no other
/// violation.
fn refuses_import(six: Value, one_object: bool, want: &[(&str, &str)]) {
    let s = Sandbox::new();
    s.ok(&["env", "add", "target"]);
    let before = s.dump();
    let f = organization_file(&s, six, one_object);
    let args = ["import-dataverse", &f, "--env", "target"];
    let err = s.fails(&args, 3);
    let all = violations(&s.json_error(&args, 3));
    for (code, col) in want {
        assert!(
            err.lines()
                .any(|l| l.contains(&format!("error[{code}]")) && l.contains(col)),
            "no {code} naming {col}:\n{err}"
        );
        assert!(
            all.iter()
                .any(|v| v["code"] == *code
                    && v["message"].as_str().is_some_and(|m| m.contains(col))),
            "no {code} naming {col}: {all:#?}"
        );
    }
    assert_eq!(all.len(), want.len(), "{all:#?}");
    assert_eq!(s.dump(), before, "a refused import wrote something");
}

cases! {
    /// Issue 5: "a `{"value": [...]}` with one element"; a setting that is
    /// off keeps its minutes.
    import_dataverse_value_array_with_one_element: imports(
        json!([false, 120, 10, true, 30, 0]),
        false,
        json!({"enabled": false, "length_min": 120, "warning_min": 10}),
        json!({"enabled": true, "after_min": 30, "warning_min": 0}),
    );
    /// §2 V4: "it compares with the session length when the custom session
    /// timeout is on, else with 1440" — also for imported values.
    import_dataverse_v4_compares_with_1440_when_session_off: imports(
        json!([false, 120, 10, true, 180, 0]),
        true,
        json!({"enabled": false, "length_min": 120, "warning_min": 10}),
        json!({"enabled": true, "after_min": 180, "warning_min": 0}),
    );
    import_dataverse_refuses_v1_v2_v3_v5_naming_columns: refuses_import(
        json!([true, 30, 40, true, 2, 5]),
        true,
        &[
            ("V1", "sessiontimeoutinmins"),
            ("V2", "sessiontimeoutreminderinmins"),
            ("V3", "inactivitytimeoutinmins"),
            ("V5", "inactivitytimeoutreminderinmins"),
        ],
    );
    import_dataverse_refuses_v4_naming_the_column: refuses_import(
        json!([true, 480, 20, true, 600, 0]),
        false,
        &[("V4", "inactivitytimeoutinmins")],
    );
}

/// Issue 5: "a single organization object" — sets the six columns exactly,
/// and the change is in the history.
#[test]
fn import_dataverse_single_object_sets_the_six_columns() {
    let s = imports(
        json!([true, 480, 15, true, 60, 10]),
        true,
        json!({"enabled": true, "length_min": 480, "warning_min": 15}),
        json!({"enabled": true, "after_min": 60, "warning_min": 10}),
    );
    let h = history(&s, "target");
    assert!(
        h.iter()
            .any(|r| r["field"] == "session_length" && r["new"] == "8h" && r["actor"] == "tester"),
        "{h:#?}"
    );
}

/// §7: "one object, or `{"value": [...]}`" — anything else (several or no
/// organizations, wrong types, not JSON) is refused and writes nothing.
#[test]
fn import_dataverse_refuses_malformed_responses() {
    let s = Sandbox::new();
    s.ok(&["env", "add", "target"]);
    let before = s.dump();
    let good = org_with(json!([true, 480, 20, false, null, 0]));
    let mut two = fixture();
    two["value"] = json!([Value::Object(good.clone()), Value::Object(good.clone())]);
    let mut none = fixture();
    none["value"] = json!([]);
    let mut wrong = good.clone();
    wrong.insert("sessiontimeoutinmins".into(), json!("480"));
    let mut fraction = good;
    fraction.insert("sessiontimeoutinmins".into(), json!(90.5));
    for (name, v) in [
        ("two.json", two),
        ("none.json", none),
        ("wrong.json", single(wrong)),
        ("fraction.json", single(fraction)),
    ] {
        let f = write_json(&s, name, &v);
        s.fails(&["import-dataverse", &f, "--env", "target"], 3);
    }
    let f = write_rel(&s, "garbage.json", "{\"value\": [");
    s.fails(&["import-dataverse", &f, "--env", "target"], 3);
    s.fails(&["import-dataverse", DATAVERSE_FIXTURE, "--env", "nope"], 4);
    assert_eq!(s.dump(), before);
}

// ---------------------------------------------------------------------------
// audit (issue 7, §8)
// ---------------------------------------------------------------------------

/// Issue 7: "every baseline of §8 with its requirement ids" and the SHALL /
/// SHOULD level of each check in the §8 table.
#[test]
fn audit_covers_every_baseline_with_requirement_ids_and_levels() {
    let s = Sandbox::new();
    s.ok(&["env", "add", "weak"]);
    let (code, r) = audit(&s, &[]);
    assert_eq!(code, 6);
    let want: [(&str, &str, &[&str]); 8] = [
        ("pci-dss-4.0", "8.2.8", &["SHALL"]),
        ("hipaa", "164.312(a)(2)(iii)", &["SHALL"]),
        ("nist-800-63b-3-aal2", "4.2.3", &["SHALL", "SHALL"]),
        ("nist-800-63b-3-aal3", "4.3.3", &["SHALL", "SHALL"]),
        (
            "nist-800-63b-4-aal2",
            "2.2.3",
            &["SHALL", "SHOULD", "SHOULD"],
        ),
        ("nist-800-63b-4-aal3", "2.3.3", &["SHALL", "SHOULD"]),
        ("asvs-4.0.3-l2", "V3.3.2", &["SHALL", "SHALL"]),
        ("asvs-4.0.3-l3", "V3.3.2", &["SHALL", "SHALL"]),
    ];
    for (baseline, req, levels) in want {
        let cs = checks(&r, "weak", baseline);
        let got: Vec<&str> = cs.iter().map(|c| c["level"].as_str().unwrap()).collect();
        assert_eq!(got, levels, "{baseline}");
        for c in &cs {
            assert!(
                c["requirement"].as_str().unwrap().contains(req),
                "{baseline}: {c:#}"
            );
        }
    }
}

/// An audit of one environment, `e`, after the command lines of `setup`:
/// `audit ARGS` exits `exit` (when given) and the checks of each wanted
/// baseline have these results, in order.
struct Audit<'a> {
    setup: &'a [&'a str],
    args: &'a str,
    exit: Option<i32>,
    want: &'a [(&'a str, &'a [&'a str])],
    /// Any further check of the report.
    also: Option<fn(&Value)>,
}

const AUDIT: Audit = Audit {
    setup: &[],
    args: "",
    exit: None,
    want: &[],
    also: None,
};

fn audits(a: Audit) {
    let s = Sandbox::new();
    s.ok(&["env", "add", "e"]);
    for line in a.setup {
        s.ok(&words(line));
    }
    let (code, r) = audit(&s, &words(a.args));
    if let Some(exit) = a.exit {
        assert_eq!(code, exit, "{r:#}");
    }
    for (baseline, want) in a.want {
        assert_eq!(results(&r, "e", baseline), *want, "{baseline}");
    }
    if let Some(also) = a.also {
        also(&r);
    }
}

cases! {
    /// §8 for an environment with everything off (token lifetime 90 days).
    audit_default_environment_results: audits(Audit {
        want: &[
            ("pci-dss-4.0", &["fail"]),
            ("hipaa", &["fail"]),
            ("nist-800-63b-3-aal2", &["fail", "fail"]),
            ("nist-800-63b-3-aal3", &["fail", "fail"]),
            ("nist-800-63b-4-aal2", &["pass", "warn", "warn"]),
            ("nist-800-63b-4-aal3", &["fail", "warn"]),
            ("asvs-4.0.3-l2", &["fail", "fail"]),
            ("asvs-4.0.3-l3", &["fail", "fail"]),
        ],
        ..AUDIT
    });
    // §8 pci-dss-4.0: "inactivity on, ≤ 15 min" — boundaries, and a kept
    // value of an inactivity timeout that is off does not count.
    audit_pci_inactivity_15m_passes: audits(Audit {
        setup: &["env set-inactivity e --after 15m"],
        args: "--baseline pci-dss-4.0 e",
        exit: Some(0),
        want: &[("pci-dss-4.0", &["pass"])],
        ..AUDIT
    });
    audit_pci_inactivity_16m_fails_with_the_value_and_a_fix: audits(Audit {
        setup: &["env set-inactivity e --after 16m"],
        args: "--baseline pci-dss-4.0 e",
        exit: Some(6),
        want: &[("pci-dss-4.0", &["fail"])],
        also: Some(|r| {
            let c = &checks(r, "e", "pci-dss-4.0")[0];
            assert!(c["found"].as_str().unwrap().contains("16m"), "value found: {c:#}");
            assert!(c["fix"].as_str().unwrap().starts_with("sessadm "), "{c:#}");
        }),
    });
    audit_pci_inactivity_kept_while_off_fails: audits(Audit {
        setup: &["env set-inactivity e --after 10m", "env set-inactivity e --disable"],
        args: "--baseline pci-dss-4.0 e",
        exit: Some(6),
        want: &[("pci-dss-4.0", &["fail"])],
        ..AUDIT
    });
    /// §8 hipaa: "inactivity on (automatic logoff; no number in the rule)".
    audit_hipaa_any_inactivity_passes: audits(Audit {
        setup: &["env set-inactivity e --after 23h"],
        args: "--baseline hipaa",
        exit: Some(0),
        want: &[("hipaa", &["pass"])],
        ..AUDIT
    });
    // §8 inactivity limits: nist rev 3 aal2 / asvs l2 "≤ 30 min" (SHALL),
    // nist rev 4 aal2 "≤ 1 h" (SHOULD).
    audit_inactivity_30m_passes_the_30m_limit: audits(Audit {
        setup: &["env set-timeout e --length 8h", "env set-inactivity e --after 30m"],
        want: &[("nist-800-63b-3-aal2", &["pass", "pass"]), ("asvs-4.0.3-l2", &["pass", "pass"])],
        ..AUDIT
    });
    audit_inactivity_31m_fails_the_30m_limit: audits(Audit {
        setup: &["env set-timeout e --length 8h", "env set-inactivity e --after 31m"],
        want: &[("nist-800-63b-3-aal2", &["pass", "fail"]), ("asvs-4.0.3-l2", &["pass", "fail"])],
        ..AUDIT
    });
    audit_inactivity_1h_passes_the_1h_limit: audits(Audit {
        setup: &["env set-timeout e --length 8h", "env set-inactivity e --after 1h"],
        want: &[("nist-800-63b-4-aal2", &["pass", "pass", "pass"])],
        ..AUDIT
    });
    audit_inactivity_61m_warns_over_the_1h_limit: audits(Audit {
        setup: &["env set-timeout e --length 8h", "env set-inactivity e --after 61"],
        want: &[("nist-800-63b-4-aal2", &["pass", "pass", "warn"])],
        ..AUDIT
    });
    // §8 nist-800-63b-4-aal2: "SHOULD: the overall limit (the custom session
    // length when on, else the token lifetime) ≤ 24 h".
    audit_nist4_aal2_overall_limit_uses_token_lifetime_when_session_off: audits(Audit {
        setup: &["env set-inactivity e --after 30m", "tenant set --token-lifetime 24h"],
        args: "--baseline nist-800-63b-4-aal2 --strict",
        exit: Some(0),
        want: &[("nist-800-63b-4-aal2", &["pass", "pass", "pass"])],
        ..AUDIT
    });
    /// A warning alone is not a failure.
    audit_nist4_aal2_token_lifetime_over_24h_warns: audits(Audit {
        setup: &["env set-inactivity e --after 30m", "tenant set --token-lifetime 25h"],
        args: "--baseline nist-800-63b-4-aal2",
        exit: Some(0),
        want: &[("nist-800-63b-4-aal2", &["pass", "warn", "pass"])],
        also: Some(|r| {
            let c = &checks(r, "e", "nist-800-63b-4-aal2")[1];
            let found = c["found"].as_str().unwrap();
            assert!(found.contains("25h") || found.contains("1d1h"), "{found}");
        }),
    });
    /// A custom session of 24h is the overall limit, whatever the token.
    audit_nist4_aal2_custom_session_is_the_overall_limit: audits(Audit {
        setup: &[
            "env set-inactivity e --after 30m",
            "tenant set --token-lifetime 25h",
            "env set-timeout e --length 24h",
        ],
        args: "--baseline nist-800-63b-4-aal2",
        want: &[("nist-800-63b-4-aal2", &["pass", "pass", "pass"])],
        ..AUDIT
    });
}

/// §8: a compliant environment passes everything and exits 0.
#[test]
fn audit_compliant_environment_passes_and_exits_0() {
    let s = Sandbox::new();
    s.ok(&["env", "add", "strong"]);
    s.ok(&["env", "set-timeout", "strong", "--length", "12h"]);
    s.ok(&["env", "set-inactivity", "strong", "--after", "15m"]);
    let (code, r) = audit(&s, &["--strict"]);
    assert_eq!(code, 0, "{r:#}");
    for b in BASELINES {
        for c in checks(&r, "strong", b) {
            assert_eq!(c["result"], "pass", "{c:#}");
            assert!(c["fix"].is_null(), "a pass needs no fix: {c:#}");
        }
    }
}

/// §8 "custom session ≤ 12 h" (nist rev 3, rev 4 aal3, asvs): 12h passes,
/// 12h1m fails, and a kept length of a session timeout that is off fails.
#[test]
fn audit_custom_session_at_most_12h() {
    let s = Sandbox::new();
    for (name, len) in [("s12h", "12h"), ("s721", "721"), ("off8h", "8h")] {
        s.ok(&["env", "add", name]);
        s.ok(&["env", "set-timeout", name, "--length", len]);
        s.ok(&["env", "set-inactivity", name, "--after", "10m"]);
    }
    s.ok(&["env", "set-timeout", "off8h", "--disable"]);
    for b in [
        "nist-800-63b-3-aal2",
        "nist-800-63b-3-aal3",
        "nist-800-63b-4-aal3",
        "asvs-4.0.3-l2",
        "asvs-4.0.3-l3",
    ] {
        let (_, r) = audit(&s, &["--baseline", b]);
        assert_eq!(results(&r, "s12h", b)[0], "pass", "{b}");
        assert_eq!(results(&r, "s721", b)[0], "fail", "{b}");
        assert_eq!(results(&r, "off8h", b)[0], "fail", "{b}");
    }
}

/// Issue 7: "Exit 3 on any failure (on warnings too with `--strict`)".
#[test]
fn audit_strict_makes_warnings_fail() {
    let s = Sandbox::new();
    s.ok(&["env", "add", "w"]);
    s.ok(&["env", "set-timeout", "w", "--length", "12h"]);
    s.ok(&["env", "set-inactivity", "w", "--after", "30m"]);
    let (code, r) = audit(&s, &["--baseline", "nist-800-63b-4-aal3"]);
    assert_eq!(results(&r, "w", "nist-800-63b-4-aal3"), ["pass", "warn"]);
    assert_eq!(code, 0);
    let (code, _) = audit(&s, &["--baseline", "nist-800-63b-4-aal3", "--strict"]);
    assert_eq!(code, 6);
    let out = s.run(&["audit", "--baseline", "nist-800-63b-4-aal3", "--strict"]);
    assert_eq!(out.status.code(), Some(6));
}

/// §8: "Every audit also notes (S10) the clients on which these timeouts are
/// not enforced" — in JSON and in the table.
#[test]
fn audit_notes_s10_clients() {
    let s = Sandbox::new();
    s.ok(&["env", "add", "x"]);
    let (_, r) = audit(&s, &["--baseline", "hipaa"]);
    let text = r.to_string().to_lowercase();
    for word in ["s10", "outlook", "canvas", "portal", "live assist"] {
        assert!(text.contains(word), "{word} not noted: {r:#}");
    }
    let table =
        String::from_utf8_lossy(&s.run(&["audit", "--baseline", "hipaa"]).stdout).to_lowercase();
    for word in ["s10", "outlook", "canvas", "portal"] {
        assert!(
            table.contains(word),
            "{word} not noted in the table: {table}"
        );
    }
}

/// Issue 1: "with table and JSON output" — the table has pass / warn / fail,
/// the requirement id, the value found and the fix command.
#[test]
fn audit_table_shows_result_requirement_value_and_fix() {
    let s = Sandbox::new();
    s.ok(&["env", "add", "lax"]);
    s.ok(&["env", "set-inactivity", "lax", "--after", "45m"]);
    let out = s.run(&words(
        "audit --baseline pci-dss-4.0 --baseline nist-800-63b-4-aal3",
    ));
    assert_eq!(out.status.code(), Some(6));
    let t = String::from_utf8_lossy(&out.stdout);
    for want in [
        "lax",
        "FAIL",
        "WARN",
        "8.2.8",
        "2.3.3",
        "45m",
        "sessadm env set-inactivity lax",
    ] {
        assert!(t.contains(want), "{want} missing:\n{t}");
    }
}

/// §4 exit codes: unknown environment 4, unknown baseline is a usage error.
#[test]
fn audit_unknown_environment_or_baseline() {
    let s = Sandbox::new();
    s.ok(&["env", "add", "x"]);
    s.fails(&["audit", "nope"], 4);
    s.fails(&["audit", "--baseline", "sox"], 2);
}

cases! {
    /// Issue 7: "the sessadm command that would fix it" — each printed fix,
    /// run as printed (names with quotes and `$`), makes its check pass.
    audit_fix_commands_fix_their_check: assert_every_fix_fixes("it's \"$HOME\" `id` ü", &|s| {
        s.ok(&["env", "add", "it's \"$HOME\" `id` ü"]);
    });
    audit_fix_commands_fix_their_check_with_a_long_session_warning: assert_every_fix_fixes(
        "longwarn",
        &|s| {
            s.ok(&["env", "add", "longwarn"]);
            s.ok(&["env", "set-timeout", "longwarn", "--length", "20h", "--warning", "13h"]);
            s.ok(&["env", "set-inactivity", "longwarn", "--after", "10m"]);
        },
    );
    audit_fix_commands_fix_their_check_with_a_long_inactivity: assert_every_fix_fixes(
        "longidle",
        &|s| {
            s.ok(&["env", "add", "longidle"]);
            s.ok(&["env", "set-inactivity", "longidle", "--after", "13h"]);
        },
    );
    audit_fix_commands_fix_their_check_for_a_name_starting_with_a_dash: assert_every_fix_fixes(
        "-x",
        &|s| {
            let f = write_rel(s, "dash.toml", "[[environments]]\nname = \"-x\"\n");
            s.ok(&["apply", &f, "--yes"]);
        },
    );
}
