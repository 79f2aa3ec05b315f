//! What a new administrator slips on: durations typed the way people say
//! them, bare numbers meant as hours, environment variables with bad
//! values, and where the global options are in `--help`.

use super::Sandbox;

fn error_line(s: &Sandbox, args: &[&str]) -> String {
    s.fails(args, 3).trim().to_string()
}

#[test]
fn a_duration_that_is_not_one_is_invalid_input_with_the_grammar() {
    let s = Sandbox::new();
    s.ok(&["env", "add", "p"]);
    let grammar = "write it as minutes (90) or d/h/m units in that order (1h30m, 24h, 90d)";
    for (value, hint) in [
        ("1.5h", "write 1h30m".to_string()),
        ("90 min", "write 1h30m".to_string()),
        ("8 hours", "write 8h".to_string()),
        ("-1h", format!("a duration cannot be negative; {grammar}")),
        ("-90", format!("a duration cannot be negative; {grammar}")),
        ("soon", grammar.to_string()),
    ] {
        assert_eq!(
            error_line(&s, &["env", "set-timeout", "p", "--length", value]),
            format!("error[syntax]: session length \"{value}\" is not a duration — {hint}"),
        );
    }
    // A flag value that starts with a minus is the flag's value, never an
    // unknown flag (exit 2).
    for args in [
        &["env", "set-inactivity", "p", "--after", "-5m"][..],
        &[
            "env",
            "set-timeout",
            "p",
            "--length",
            "8h",
            "--warning",
            "-1m",
        ],
        &["tenant", "set", "--token-lifetime", "-1d"],
    ] {
        let e = s.json_error(args, 3);
        assert_eq!(e["code"], "syntax", "{args:?}");
        assert!(
            e["message"]
                .as_str()
                .unwrap()
                .contains("cannot be negative"),
            "{e}"
        );
    }
    s.ok(&["env", "show", "p"]);
}

#[test]
fn a_bare_number_meant_as_hours_gets_a_hint() {
    let s = Sandbox::new();
    s.ok(&["env", "add", "p"]);
    assert_eq!(
        error_line(
            &s,
            &[
                "env",
                "set-timeout",
                "p",
                "--length",
                "8",
                "--warning",
                "5m"
            ]
        ),
        "error[V1]: session length 8m is outside 1h–24h — did you mean 8h?"
    );
    // Every violation is still reported; the hint goes with the one it fixes.
    assert_eq!(
        error_line(&s, &["env", "set-timeout", "p", "--length", "8"]),
        "error[V1]: session length 8m is outside 1h–24h — did you mean 8h?\n\
         error[V2]: session warning 20m must be shorter than the session length 8m"
    );
    // 30h would break the rule too: no hint.
    assert_eq!(
        error_line(&s, &["env", "set-timeout", "p", "--length", "30"]),
        "error[V1]: session length 30m is outside 1h–24h"
    );
    assert_eq!(
        error_line(&s, &["env", "set-inactivity", "p", "--after", "2"]),
        "error[V3]: inactivity timeout 2m is below the minimum 5m — did you mean 2h?"
    );
    // Written with its unit, the same value is taken as it is.
    s.ok(&["env", "set-timeout", "p", "--length", "8h"]);
    s.ok(&["env", "set-timeout", "p", "--length", "90"]);
    assert_eq!(
        s.json(&["env", "show", "p"])["session_timeout"]["length_min"],
        90
    );
}

#[test]
fn the_token_lifetime_needs_its_unit() {
    let s = Sandbox::new();
    assert_eq!(
        error_line(&s, &["tenant", "set", "--token-lifetime", "90"]),
        "error[syntax]: token lifetime \"90\" has no unit — write 90d for 90 days, or 90m"
    );
    assert_eq!(
        s.json(&["tenant", "set", "--token-lifetime", "90d"])["token_lifetime_min"],
        129_600
    );
}

#[test]
fn a_bad_environment_variable_is_named() {
    let s = Sandbox::new();
    s.init();
    let run = |k: &str, v: &str, args: &[&str]| {
        let out = s.cmd().env(k, v).args(args).output().unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).trim().to_string(),
        )
    };
    assert_eq!(
        run("SESSADM_OUTPUT", "xml", &["env", "list"]),
        (
            Some(2),
            "error[usage]: SESSADM_OUTPUT is \"xml\", not an output format — set it to table or json, or unset it"
                .to_string()
        )
    );
    // A flag on the command line wins over the variable.
    let (code, _) = run("SESSADM_OUTPUT", "xml", &["-o", "json", "env", "list"]);
    assert_eq!(code, Some(0));
    assert_eq!(
        run("SESSADM_DB", "", &["env", "list"]),
        (
            Some(2),
            "error[usage]: SESSADM_DB is set but empty — set it to the database file's path, or unset it"
                .to_string()
        )
    );
    // The variable never makes --db look required in a usage line.
    let (code, err) = run("SESSADM_DB", s.db.to_str().unwrap(), &["env", "show"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("Usage: sessadm env show <NAME>"), "{err}");
    let out = s
        .cmd()
        .env("SESSADM_OUTPUT", "json")
        .args(["tenant", "show"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["token_lifetime_min"], 129_600);
}

#[test]
fn help_shows_a_command_s_own_options_before_the_global_ones() {
    let s = Sandbox::new();
    let help = s.ok(&["env", "set-timeout", "--help"]);
    let own = help.find("\nOptions:\n").expect("own options");
    let global = help.find("\nGlobal options:\n").expect("global options");
    assert!(own < global, "{help}");
    for flag in ["--length", "--warning", "--disable"] {
        let at = own + help[own..].find(flag).unwrap();
        assert!(at < global, "{flag} among the command's own: {help}");
    }
    for flag in ["--db", "--output", "--yes", "--quiet"] {
        assert!(
            help[global..].contains(flag),
            "{flag} under Global options: {help}"
        );
    }
    assert!(
        help.contains("Usage: sessadm env set-timeout [OPTIONS] <NAME>"),
        "{help}"
    );
    insta::assert_snapshot!("env_set_timeout_help", help);
}

#[test]
fn baseline_ids_ignore_case() {
    let s = Sandbox::new();
    s.ok(&["env", "add", "p"]);
    s.ok(&["env", "set-inactivity", "p", "--after", "15m"]);
    let v = s.json(&["audit", "--baseline", "PCI-DSS-4.0", "--baseline", "Hipaa"]);
    assert_eq!(v["baselines"], serde_json::json!(["pci-dss-4.0", "hipaa"]));
}

#[test]
fn apply_without_a_terminal_needs_yes_and_changes_nothing() {
    let s = Sandbox::new();
    s.ok(&["env", "add", "p"]);
    let f = s.write(
        "p.toml",
        "[[environments]]\nname = \"p\"\ninactivity = \"15m\"\n",
    );
    let before = s.dump();
    let e = s.fails(&["apply", &f], 2);
    assert_eq!(
        e.trim(),
        "error[usage]: apply needs confirmation and there is no terminal to ask at — pass --yes"
    );
    assert_eq!(s.dump(), before);
    // Nothing to change: nothing to confirm.
    s.ok(&["apply", &f, "--yes"]);
    let again = s.ok(&["apply", &f]);
    assert!(
        again.contains("0 to create, 0 to change, 0 to delete, 1 unchanged."),
        "{again}"
    );
}

#[test]
fn the_plan_counts_the_tenant() {
    let s = Sandbox::new();
    s.ok(&["env", "add", "p"]);
    let f = s.write("t.toml", "[tenant]\ntoken_lifetime = \"30d\"\n");
    let plan = s.ok(&["apply", &f, "--dry-run"]);
    assert!(
        plan.trim_end()
            .ends_with("0 to create, 1 to change, 0 to delete, 0 unchanged."),
        "{plan}"
    );
    let out = s.run(&["apply", &f, "--dry-run", "--exit-code"]);
    assert_eq!(out.status.code(), Some(5));
    let v = s.json(&["apply", &f, "--yes"]);
    assert_eq!(
        v["summary"],
        serde_json::json!({"create": 0, "change": 1, "delete": 0, "unchanged": 0})
    );
    assert_eq!(s.json(&["tenant", "show"])["token_lifetime_min"], 43_200);
}

#[test]
fn validate_and_apply_read_stdin_for_dash() {
    let s = Sandbox::new();
    s.ok(&["env", "add", "p", "--url", "https://p.example"]);
    s.ok(&["env", "set-inactivity", "p", "--after", "15m"]);
    let toml = s.ok(&["export"]);
    let json = s.ok(&["export", "--format", "json"]);
    for text in [&toml, &json] {
        let out = s.run_stdin(&["validate", "-"], text);
        assert!(out.status.success(), "{out:?}");
        assert!(String::from_utf8_lossy(&out.stdout).starts_with("<stdin>: valid"));
    }
    // Into another database, from stdin: --yes, since stdin is not a terminal.
    let other = Sandbox::new();
    let out = other.run_stdin(&["apply", "-"], &json);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let out = other.run_stdin(&["apply", "-", "--yes"], &json);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        other.json(&["env", "show", "p"])["inactivity_timeout"]["after_min"],
        15
    );
    // Errors name <stdin> with their line and column.
    let out = s.run_stdin(
        &["validate", "-"],
        "[[environments]]\nname = \"p\"\nsession_length = \"30m\"\n",
    );
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "<stdin>:3:18: error[V1]: session length 30m is outside 1h–24h"
    );
    // The format can be said outright, and - read once only.
    let out = s.run_stdin(&["validate", "-", "--input-format", "json"], &toml);
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    s.fails(&["validate", "-", "-"], 2);
}

const LONG_URL: &str =
    "https://contoso-customer-service-production-emea.crm4.dynamics.com/main.aspx?appid=0f1e";

/// A sandbox with one environment whose name, URL and description are
/// longer than a narrow terminal.
fn wide_values() -> Sandbox {
    let s = Sandbox::new();
    s.ok(&[
        "env",
        "add",
        "contoso-customer-service-production-emea",
        "--url",
        LONG_URL,
        "--version",
        "9.2.24034.205",
        "--description",
        "The production environment of the customer service team in Europe, the Middle East and Africa",
    ]);
    s
}

#[test]
fn off_a_terminal_nothing_is_wrapped() {
    let s = wide_values();
    for args in [
        &["env", "show", "contoso-customer-service-production-emea"][..],
        &["env", "history"],
    ] {
        let out = s.ok(args);
        assert!(out.lines().any(|l| l.contains(LONG_URL)), "{args:?}: {out}");
    }
    let out = s.ok(&["env", "show", "contoso-customer-service-production-emea"]);
    assert!(
        out.contains("The production environment of the customer service team in Europe, the Middle East and Africa"),
        "{out}"
    );
}

#[test]
fn at_a_terminal_tables_fit_its_width_and_never_break_a_word() {
    let s = wide_values();
    for columns in [100u16, 60] {
        for args in [
            &["env", "show", "contoso-customer-service-production-emea"][..],
            &["env", "list"],
            &["env", "history"],
        ] {
            let Some(screen) = super::at_a_terminal(&s, args, columns) else {
                return;
            };
            for line in screen.lines() {
                assert!(
                    line.chars().count() <= usize::from(columns),
                    "{args:?} at {columns} columns: {line}\n{screen}"
                );
            }
            // Every word of a cell is whole, or cut at its end with "…":
            // never a piece of the URL or the name starting a line.
            let words: Vec<&str> = screen
                .split(|c: char| c.is_whitespace() || "│┆".contains(c))
                .filter(|w| !w.is_empty())
                .collect();
            for w in &words {
                if w.starts_with("https://") {
                    let kept = w.trim_end_matches('…');
                    assert!(
                        *w == LONG_URL || (w.ends_with('…') && LONG_URL.starts_with(kept)),
                        "{args:?} at {columns}: URL broken as {w:?}\n{screen}"
                    );
                }
            }
            assert!(
                !words
                    .iter()
                    .any(|w| LONG_URL.ends_with(w) && !w.starts_with("https") && w.len() > 8),
                "{args:?} at {columns}: the URL was split\n{screen}"
            );
        }
    }
}
