//! Snapshots of what a person reads: tables, plans, reports, `--help` and
//! errors, so that any change to them shows up as a reviewed diff.
//!
//! They pin text byte for byte; they assert nothing about meaning, which the
//! other tests do. What varies between runs is normalised before the
//! snapshot: the sandbox's directory becomes `[DIR]`, and the database's own
//! timestamps (created, updated, history `at`) become a placeholder of the
//! same width, so that table columns stay where they are. The actor is the
//! harness's fixed `SESSADM_ACTOR`.

use std::process::Output;

use super::{Sandbox, at_a_terminal};

/// Snapshot `$value` with the clock's timestamps replaced. Only for output
/// that shows database timestamps: a scenario's own times are fixed and are
/// part of what is pinned.
macro_rules! assert_timed_snapshot {
    ($name:expr, $value:expr) => {
        insta::with_settings!({filters => vec![
            (r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", "YYYY-MM-DDThh:mm:ssZ"),
        ]}, {
            insta::assert_snapshot!($name, $value);
        })
    };
}

const EXAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples");

/// `text` with the sandbox's directory written `[DIR]`.
fn clean(s: &Sandbox, text: &str) -> String {
    let mut text = text.to_string();
    if let Ok(real) = s.dir.path().canonicalize() {
        text = text.replace(real.to_str().expect("utf-8 path"), "[DIR]");
    }
    text.replace(s.dir.path().to_str().expect("utf-8 path"), "[DIR]")
}

/// The exit code, stdout and stderr of a run, for output whose exit code
/// is part of what a person sees (an audit that fails, an unsound database).
fn whole(s: &Sandbox, out: &Output) -> String {
    clean(
        s,
        &format!(
            "exit: {}\n--- stdout\n{}--- stderr\n{}",
            out.status
                .code()
                .map_or("signal".to_string(), |c| c.to_string()),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
        ),
    )
}

/// Four environments of different kinds and a tenant setting, made the way
/// an administrator would.
fn inventory() -> Sandbox {
    let s = Sandbox::new();
    for args in [
        &[
            "env",
            "add",
            "contoso-prod",
            "--url",
            "https://contoso.crm.dynamics.com",
            "--description",
            "Production",
        ][..],
        &[
            "env",
            "set-timeout",
            "contoso-prod",
            "--length",
            "8h",
            "--warning",
            "20m",
        ],
        &[
            "env",
            "set-inactivity",
            "contoso-prod",
            "--after",
            "30m",
            "--warning",
            "5m",
        ],
        &[
            "env",
            "add",
            "contoso-dev",
            "--url",
            "https://contoso-dev.crm.dynamics.com",
        ],
        &["env", "add", "legacy", "--version", "9.1.0.0"],
        &["env", "set-inactivity", "legacy", "--after", "2h"],
        &[
            "env",
            "add",
            "fabrikam",
            "--url",
            "https://fabrikam.crm4.dynamics.com",
        ],
        &[
            "env",
            "set-timeout",
            "fabrikam",
            "--length",
            "12h",
            "--warning",
            "0",
        ],
        &["env", "set-timeout", "fabrikam", "--disable"],
        &["tenant", "set", "--token-lifetime", "30d"],
    ] {
        s.ok(args);
    }
    s
}

/// A policy that leaves one environment alone, changes one field by field,
/// creates one, leaves two out (deleted with --prune) and changes the tenant.
const POLICY: &str = r#"[tenant]
token_lifetime = "7d"

[[environments]]
name = "contoso-dev"
url = "https://contoso-dev.crm.dynamics.com"

[[environments]]
name = "contoso-prod"
url = "https://contoso.crm.dynamics.com"
description = "Production, EU"
session_length = "10h"
session_warning = "15m"

[[environments]]
name = "northwind"
url = "https://northwind.crm.dynamics.com"
inactivity = "1h"
inactivity_warning = "10m"
"#;

// Tables, off a terminal and at an 80-column one

const TABLES: [(&str, &[&str]); 4] = [
    ("env_list", &["env", "list"]),
    ("env_show", &["env", "show", "contoso-prod"]),
    ("env_history", &["env", "history"]),
    ("tenant_show", &["tenant", "show"]),
];

#[test]
fn tables_off_a_terminal() {
    let s = inventory();
    for (name, args) in TABLES {
        assert_timed_snapshot!(name, clean(&s, &s.ok(args)));
    }
    assert_timed_snapshot!(
        "env_show_legacy",
        clean(&s, &s.ok(&["env", "show", "legacy"]))
    );
    assert_timed_snapshot!(
        "env_show_timeout_off_values_kept",
        clean(&s, &s.ok(&["env", "show", "fabrikam"]))
    );
}

#[test]
fn tables_at_an_80_column_terminal() {
    let s = inventory();
    for (name, args) in TABLES {
        let Some(screen) = at_a_terminal(&s, args, 80) else {
            return;
        };
        assert_timed_snapshot!(format!("{name}_80_columns"), clean(&s, &screen));
    }
}

// Plans and their results

#[test]
fn apply_dry_run_plans() {
    let s = inventory();
    s.write("policy.toml", POLICY);
    assert_snapshot_of(&s, "apply_dry_run", &["apply", "--dry-run", "policy.toml"]);
    assert_snapshot_of(
        &s,
        "apply_dry_run_prune",
        &["apply", "--dry-run", "--prune", "policy.toml"],
    );
}

#[test]
fn apply_yes_and_a_plan_with_nothing_to_do() {
    let s = inventory();
    s.write("policy.toml", POLICY);
    assert_snapshot_of(
        &s,
        "apply_yes_prune",
        &["apply", "--yes", "--prune", "policy.toml"],
    );
    assert_snapshot_of(
        &s,
        "apply_dry_run_unchanged",
        &["apply", "--dry-run", "policy.toml"],
    );
}

/// stdout of a run that must succeed, cleaned, as the snapshot `name`.
#[track_caller]
fn assert_snapshot_of(s: &Sandbox, name: &str, args: &[&str]) {
    insta::assert_snapshot!(name, clean(s, &s.ok(args)));
}

#[test]
fn validate_a_sound_file_and_one_with_every_violation() {
    let s = Sandbox::new();
    s.write("policy.toml", POLICY);
    assert_snapshot_of(&s, "validate_valid", &["validate", "policy.toml"]);
    s.write(
        "bad.toml",
        r#"[tenant]
token_lifetime = "30m"

[[environments]]
name = "v1"
session_length = "30m"

[[environments]]
name = "v2"
session_length = "2h"
session_warning = "3h"

[[environments]]
name = "v3"
inactivity = "2m"

[[environments]]
name = "v4-v5"
session_length = "1h"
inactivity = "2h"
inactivity_warning = "3h"

[[environments]]
name = "v6 "

[[environments]]
name = "v7"
url = "http://contoso.crm.dynamics.com"

[[environments]]
name = "v8"
version = "9.x"
"#,
    );
    insta::assert_snapshot!(
        "validate_every_violation",
        clean(&s, &s.fails(&["validate", "bad.toml"], 3))
    );
}

// Audit

#[test]
fn audit_reports() {
    let s = inventory();
    let run = |args: &[&str]| whole(&s, &s.run(args));
    insta::assert_snapshot!(
        "audit_pass_warn_fail",
        run(&[
            "audit",
            "contoso-prod",
            "legacy",
            "--baseline",
            "pci-dss-4.0",
            "--baseline",
            "hipaa",
            "--baseline",
            "nist-800-63b-4-aal2",
            "--baseline",
            "nist-800-63b-4-aal3",
        ])
    );
    insta::assert_snapshot!(
        "audit_passes",
        run(&["audit", "contoso-prod", "--baseline", "hipaa"])
    );
    insta::assert_snapshot!(
        "audit_warning_passes",
        run(&["audit", "contoso-prod", "--baseline", "nist-800-63b-4-aal3"])
    );
    insta::assert_snapshot!(
        "audit_strict_warning_fails",
        run(&[
            "audit",
            "contoso-prod",
            "--baseline",
            "nist-800-63b-4-aal3",
            "--strict",
        ])
    );
    insta::assert_snapshot!("audit_every_baseline", run(&["audit", "contoso-dev"]));
}

// Simulation

#[test]
fn simulate_example_scenarios() {
    let s = Sandbox::new();
    for example in ["workday.toml", "bypass.toml"] {
        let path = format!("{EXAMPLES}/{example}");
        let name = format!("simulate_{}", example.trim_end_matches(".toml"));
        insta::assert_snapshot!(name, clean(&s, &s.ok(&["simulate", &path])));
    }
}

#[test]
fn whatif_a_small_population() {
    let s = inventory();
    assert_snapshot_of(
        &s,
        "whatif_inactivity_15m",
        &[
            "whatif",
            "--env",
            "contoso-prod",
            "--inactivity",
            "15m",
            "--users",
            "20",
            "--days",
            "2",
            "--seed",
            "7",
            "--threads",
            "1",
        ],
    );
}

// Rules and export

#[test]
fn rules_all_and_one() {
    let s = Sandbox::new();
    assert_snapshot_of(&s, "rules", &["rules"]);
    assert_snapshot_of(&s, "rules_s10", &["rules", "S10"]);
}

#[test]
fn export_in_every_format() {
    let s = inventory();
    for format in ["toml", "json", "dataverse", "pac"] {
        assert_snapshot_of(
            &s,
            &format!("export_{format}"),
            &["export", "--format", format],
        );
    }
}

// db check

#[test]
fn db_check_sound_and_not() {
    let s = inventory();
    insta::assert_snapshot!("db_check_sound", whole(&s, &s.run(&["db", "check"])));
    // Behind sessadm's back: a setting without its history, a value no rule
    // allows, and a history row that never happened.
    let c = rusqlite::Connection::open(&s.db).expect("open the database");
    c.execute_batch(
        "PRAGMA ignore_check_constraints = ON;
         UPDATE settings SET sessiontimeoutinmins = 240
             WHERE environment_id = (SELECT id FROM environments WHERE name = 'contoso-dev');
         UPDATE tenant SET token_lifetime_min = 5;
         INSERT INTO history (at, actor, environment_id, environment, environment_key, field, old, new)
         VALUES ('2026-01-01T00:00:00Z', 'x', 1, 'contoso-prod', 'contoso-prod', 'session_length', '2h', '8h');",
    )
    .expect("hand-edit the database");
    drop(c);
    insta::assert_snapshot!("db_check_not_sound", whole(&s, &s.run(&["db", "check"])));
}

// --help

/// The subcommands a `--help` lists under "Commands:", but `help`.
fn subcommands(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| *l != "Commands:")
        .skip(1)
        .take_while(|l| !l.is_empty())
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_string)
        .collect()
}

#[test]
fn help_of_every_command() {
    let s = Sandbox::new();
    let top = s.ok(&["--help"]);
    insta::assert_snapshot!("help", top.clone());
    insta::assert_snapshot!("help_short", s.ok(&["-h"]));
    insta::assert_snapshot!("help_command", s.ok(&["help"]));
    // Every command and every command of a command, found from the help
    // itself so that a new one is snapshotted without editing this list.
    let mut todo: Vec<Vec<String>> = subcommands(&top).into_iter().map(|c| vec![c]).collect();
    assert!(todo.len() > 10, "too few commands found: {todo:?}\n{top}");
    let mut seen = 0;
    while let Some(path) = todo.pop() {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let help = s.ok(&args);
        insta::assert_snapshot!(format!("help_{}", path.join("_")), help.clone());
        for sub in subcommands(&help) {
            let mut deeper = path.clone();
            deeper.push(sub);
            todo.push(deeper);
        }
        seen += 1;
    }
    assert!(seen > 20, "too few commands and subcommands: {seen}");
}

// Errors a person reads

#[test]
fn errors_a_person_reads() {
    let s = inventory();
    let err = |args: &[&str], code: i32| clean(&s, &s.fails(args, code));
    insta::assert_snapshot!(
        "error_not_found_with_suggestion",
        err(&["env", "show", "contoso-prd"], 4)
    );
    insta::assert_snapshot!(
        "error_not_found_without_suggestion",
        err(&["env", "show", "nowhere"], 4)
    );
    insta::assert_snapshot!(
        "error_v1",
        err(&["env", "set-timeout", "fabrikam", "--length", "30m"], 3)
    );
    insta::assert_snapshot!(
        "error_v1_and_v4",
        err(
            &["env", "set-timeout", "contoso-prod", "--length", "30m"],
            3
        )
    );
    insta::assert_snapshot!(
        "error_v3",
        err(
            &["env", "set-inactivity", "contoso-dev", "--after", "2m"],
            3
        )
    );
    insta::assert_snapshot!(
        "error_duration_slip",
        err(
            &["env", "set-timeout", "contoso-prod", "--length", "1.5h"],
            3
        )
    );
    insta::assert_snapshot!(
        "error_control_character",
        err(&["env", "add", "bad\u{7}name"], 3)
    );
    insta::assert_snapshot!("error_usage_unknown_command", err(&["env", "lst"], 2));
    insta::assert_snapshot!(
        "error_usage_unknown_flag",
        err(&["env", "list", "--frobnicate"], 2)
    );
}

#[test]
fn errors_in_files_name_the_line_and_column() {
    let s = inventory();
    let err = |args: &[&str], code: i32| clean(&s, &s.fails(args, code));
    s.write(
        "scenario.toml",
        r#"start = "2026-03-02T08:00:00Z"
user = "alice@contoso.com"
events = [
  { at = "+0m", kind = "sign-on" },
]

[environment]
name = "contoso-prod"
"#,
    );
    insta::assert_snapshot!(
        "error_scenario_file",
        err(&["simulate", "scenario.toml"], 3)
    );
    s.write(
        "timeline.csv",
        "at,user,kind\n2026-03-02T08:00:00Z,alice@contoso.com,sign-in\n2026-03-02T09:00:00Z,alice@contoso.com,jump\n",
    );
    insta::assert_snapshot!(
        "error_csv_value",
        err(&["simulate", "timeline.csv", "--env", "contoso-prod"], 3)
    );
    s.write(
        "no-kind.csv",
        "at,user\n2026-03-02T08:00:00Z,alice@contoso.com\n",
    );
    insta::assert_snapshot!(
        "error_csv_header",
        err(&["simulate", "no-kind.csv", "--env", "contoso-prod"], 3)
    );
    s.write(
        "organization.json",
        "{\n  \"name\": \"contoso-prod\",\n  \"sessiontimeoutenabled\": true,\n  \"sessiontimeoutinmins\": 60\n}\n",
    );
    insta::assert_snapshot!(
        "error_import_missing_columns",
        err(&["import-dataverse", "organization.json"], 3)
    );
}

#[test]
fn errors_about_the_database_file() {
    let s = Sandbox::new();
    insta::assert_snapshot!(
        "error_no_database",
        clean(&s, &s.fails(&["env", "list"], 1))
    );
    let c = rusqlite::Connection::open(&s.db).expect("create another program's database");
    c.execute_batch("CREATE TABLE notes (t TEXT); INSERT INTO notes VALUES ('mine');")
        .expect("write another program's table");
    drop(c);
    insta::assert_snapshot!(
        "error_not_a_sessadm_database",
        clean(&s, &s.fails(&["env", "list"], 1))
    );
    let t = Sandbox::new();
    std::fs::write(
        &t.db,
        "name,url\ncontoso,https://contoso.crm.dynamics.com\n",
    )
    .expect("write a text file");
    insta::assert_snapshot!(
        "error_not_an_sqlite_file",
        clean(&t, &t.fails(&["env", "list"], 1))
    );
}
