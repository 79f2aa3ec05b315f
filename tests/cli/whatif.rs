//! `whatif`: seeded populations, zero differences, monotonicity, replays.

use serde_json::{Value, json};

use super::Sandbox;

fn prod(s: &Sandbox) {
    s.ok(&["env", "add", "prod", "--version", "9.2.24034.205"]);
    s.ok(&["env", "set-timeout", "prod", "--length", "8h"]);
    s.ok(&[
        "env",
        "set-inactivity",
        "prod",
        "--after",
        "30m",
        "--warning",
        "5m",
    ]);
}

fn whatif(s: &Sandbox, extra: &[&str]) -> Value {
    let mut args = vec!["whatif", "--env", "prod"];
    args.extend_from_slice(extra);
    s.json(&args)
}

#[test]
fn the_json_has_three_metric_objects_with_the_same_keys() {
    let s = Sandbox::new();
    prod(&s);
    let v = whatif(&s, &["--inactivity", "15m", "--users", "50", "--days", "2"]);
    let keys = |o: &Value| -> Vec<String> { o.as_object().unwrap().keys().cloned().collect() };
    assert_eq!(
        keys(&v),
        ["current", "proposed", "difference", "population"]
    );
    assert_eq!(keys(&v["current"]), keys(&v["proposed"]));
    assert_eq!(keys(&v["current"]), keys(&v["difference"]));
    for key in [
        "users",
        "sign_ins_per_user_day",
        "signed_out",
        "warnings",
        "users_affected_share",
        "median_uninterrupted_min",
        "p95_uninterrupted_min",
        "reauth_minutes_lost",
        "baselines_met",
    ] {
        assert!(v["current"].get(key).is_some(), "{key} missing");
    }
    assert_eq!(v["current"]["users"], 50);
    assert_eq!(v["current"]["user_days"], 100);
    // 15m meets PCI DSS 8.2.8; 30m does not.
    assert!(
        !v["current"]["baselines_met"]
            .as_array()
            .unwrap()
            .contains(&json!("pci-dss-4.0"))
    );
    assert!(
        v["difference"]["baselines_met"]["gained"]
            .as_array()
            .unwrap()
            .contains(&json!("pci-dss-4.0"))
    );
    // 30 s a sign-in.
    let sign_ins = v["proposed"]["sign_ins"].as_f64().unwrap();
    assert_eq!(
        v["proposed"]["reauth_minutes_lost"].as_f64().unwrap(),
        (sign_ins * 0.5 * 10.0).round() / 10.0
    );
    assert_eq!(
        v["population"],
        json!({"source": "generated", "profile": "office", "users": 50, "days": 2, "seed": 1,
            "events": v["population"]["events"], "sign_in_cost_s": 30})
    );
}

#[test]
fn the_same_seed_gives_the_same_numbers_on_any_number_of_threads() {
    let s = Sandbox::new();
    prod(&s);
    for profile in ["office", "shift", "field", "contact-center", "mixed"] {
        let args = [
            "--inactivity",
            "20m",
            "--users",
            "120",
            "--days",
            "3",
            "--profile",
            profile,
            "--seed",
            "7",
        ];
        let one = whatif(&s, &[&args[..], &["--threads", "1"]].concat());
        let two = whatif(&s, &[&args[..], &["--threads", "2"]].concat());
        let again = whatif(&s, &[&args[..], &["--threads", "3"]].concat());
        assert_eq!(one, two, "{profile}");
        assert_eq!(one, again, "{profile}");
        assert!(
            one["population"]["events"].as_u64().unwrap() > 1000,
            "{profile}"
        );
        let other = whatif(&s, &[&args[..8], &["--seed", "8"]].concat());
        assert_ne!(
            one["current"], other["current"],
            "{profile}: another seed, other numbers"
        );
    }
    // The table is the same too.
    let a = s.ok(&[
        "whatif",
        "--env",
        "prod",
        "--inactivity",
        "20m",
        "--users",
        "40",
    ]);
    let b = s.ok(&[
        "whatif",
        "--env",
        "prod",
        "--inactivity",
        "20m",
        "--users",
        "40",
    ]);
    assert_eq!(a, b);
    super::assert_fits_80_at_a_terminal(
        &s,
        &[
            "whatif",
            "--env",
            "prod",
            "--inactivity",
            "20m",
            "--users",
            "40",
        ],
    );
}

fn all_zero(v: &Value) -> bool {
    match v {
        Value::Number(n) => n.as_f64() == Some(0.0),
        Value::Object(m) if m.contains_key("gained") => {
            m["gained"].as_array().unwrap().is_empty() && m["lost"].as_array().unwrap().is_empty()
        }
        Value::Object(m) => m.values().all(all_zero),
        Value::Array(a) => a.iter().all(all_zero),
        _ => false,
    }
}

#[test]
fn a_proposal_identical_to_the_current_settings_changes_nothing() {
    let s = Sandbox::new();
    prod(&s);
    let v = whatif(
        &s,
        &["--inactivity", "30m", "--users", "80", "--profile", "mixed"],
    );
    assert!(all_zero(&v["difference"]), "{}", v["difference"]);
    assert_eq!(v["current"], v["proposed"]);
    // The same through a policy file: the exported inventory.
    let policy = s.ok(&["export"]);
    let f = s.path("p.toml");
    std::fs::write(&f, policy).unwrap();
    let v = whatif(&s, &["--propose", f.to_str().unwrap(), "--users", "80"]);
    assert!(all_zero(&v["difference"]), "{}", v["difference"]);
}

#[test]
fn a_stricter_inactivity_timeout_never_lowers_sign_ins() {
    let s = Sandbox::new();
    prod(&s);
    for profile in ["office", "shift", "field", "contact-center", "mixed"] {
        for seed in ["1", "2", "3"] {
            let mut last = 0.0;
            for after in ["4h", "1h", "30m", "15m", "5m"] {
                let v = whatif(
                    &s,
                    &[
                        "--inactivity",
                        after,
                        "--inactivity-warning",
                        "0",
                        "--users",
                        "60",
                        "--days",
                        "3",
                        "--profile",
                        profile,
                        "--seed",
                        seed,
                    ],
                );
                let sign_ins = v["proposed"]["sign_ins"].as_f64().unwrap();
                assert!(
                    sign_ins >= last,
                    "{profile} seed {seed}: inactivity {after} gives {sign_ins} sign-ins, fewer than {last}"
                );
                last = sign_ins;
            }
        }
    }
}

#[test]
fn replaying_a_csv_gives_the_totals_of_simulate() {
    let s = Sandbox::new();
    prod(&s);
    let csv =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/team.csv")).unwrap();
    s.ok(&["env", "add", "contoso-prod"]);
    let f = s.path("t.csv");
    std::fs::write(&f, csv).unwrap();
    let f = f.to_str().unwrap();
    for auto in [false, true] {
        let mut sim = vec!["simulate", f, "--env", "prod", "--format", "json"];
        let mut what = vec![
            "whatif",
            "--env",
            "prod",
            "--inactivity",
            "15m",
            "--replay",
            f,
        ];
        if auto {
            sim.push("--auto-sign-in");
            what.push("--auto-sign-in");
        }
        let simulated = s.json(&sim)["summary"].clone();
        let v = s.json(&what);
        let current = &v["current"];
        assert_eq!(current["sign_ins"], simulated["sign_ins"]);
        assert_eq!(current["users"], simulated["users"]);
        assert_eq!(current["warnings"], simulated["warnings"]);
        for (reason, n) in simulated["signed_out"].as_object().unwrap() {
            assert_eq!(&current["signed_out"][reason], n, "{reason}");
        }
        for (reason, n) in simulated["reauth_required"].as_object().unwrap() {
            assert_eq!(&current["reauth_required"][reason], n, "{reason}");
        }
        assert_eq!(v["population"]["source"], "replay");
    }
}

#[test]
fn bad_proposals_and_flags() {
    let s = Sandbox::new();
    prod(&s);
    let e = s.fails(&["whatif", "--env", "prod"], 2);
    assert!(e.contains("nothing proposed"), "{e}");
    s.fails(
        &[
            "whatif",
            "--env",
            "prod",
            "--inactivity",
            "15m",
            "--replay",
            "x.csv",
            "--users",
            "5",
        ],
        2,
    );
    s.fails(
        &[
            "whatif",
            "--env",
            "prod",
            "--inactivity",
            "15m",
            "--no-inactivity",
        ],
        2,
    );
    s.fails(
        &[
            "whatif",
            "--env",
            "prod",
            "--inactivity",
            "15m",
            "--users",
            "0",
        ],
        2,
    );
    assert_eq!(
        s.json_error(&["whatif", "--env", "prod", "--inactivity", "2m"], 3)["code"],
        "V3"
    );
    assert_eq!(
        s.json_error(&["whatif", "--env", "prod", "--session-length", "20m"], 3)["code"],
        "V1"
    );
    s.fails(&["whatif", "--env", "nope", "--inactivity", "15m"], 4);
    // A proposal that turns a timeout off.
    let v = whatif(&s, &["--no-inactivity", "--users", "30"]);
    assert_eq!(v["proposed"]["signed_out"]["inactivity"], 0);
}

#[test]
fn a_replay_fails_whole_on_a_missing_file_or_a_bad_row() {
    let s = Sandbox::new();
    prod(&s);
    let replay = |f: &str| -> Vec<String> {
        let f = s.path(f).to_str().unwrap().to_string();
        [
            "whatif",
            "--env",
            "prod",
            "--inactivity",
            "15m",
            "--replay",
            &f,
        ]
        .map(String::from)
        .to_vec()
    };
    fn strs(v: &[String]) -> Vec<&str> {
        v.iter().map(String::as_str).collect()
    }
    assert_eq!(s.json_error(&strs(&replay("missing.csv")), 1)["code"], "io");

    // Several batches of good rows, then a bad one: no figures at all.
    let mut csv =
        String::from("at,user,kind,client,stay_signed_in,global_context,env,via,as_user\n");
    for i in 0..20_000 {
        let (h, m, sec) = (8 + i / 3600, i / 60 % 60, i % 60);
        let kind = if i < 50 {
            "sign-in,web,false"
        } else {
            "activity,,"
        };
        csv.push_str(&format!(
            "2026-03-02T{h:02}:{m:02}:{sec:02}Z,user{}@contoso.com,{kind},,,,\n",
            i % 50
        ));
    }
    std::fs::write(s.path("good.csv"), &csv).unwrap();
    std::fs::write(s.path("bad.csv"), format!("{csv}garbage,row\n")).unwrap();
    let v = s.json(&strs(&replay("good.csv")));
    assert_eq!(v["population"]["users"], 50);
    assert_eq!(v["population"]["events"], 20_000);
    assert_eq!(v["current"]["sign_ins"], 50);
    let e = s.json_error(&strs(&replay("bad.csv")), 3);
    assert_eq!(e["code"], "syntax");
    assert_eq!(e["details"]["line"], 20_002);
}

#[test]
fn the_table_signs_every_difference_in_ascii() {
    let s = Sandbox::new();
    prod(&s);
    let table = s.ok(&[
        "whatif",
        "--env",
        "prod",
        "--inactivity",
        "15m",
        "--users",
        "100",
        "--days",
        "3",
    ]);
    // A shorter inactivity timeout shortens the stretches of work.
    for row in ["median uninterrupted work", "95th percentile"] {
        let line = table.lines().find(|l| l.contains(row)).unwrap();
        let difference = line.trim_end_matches('│').rsplit('┆').next().unwrap();
        assert!(difference.trim().starts_with('-'), "{line}");
    }
    assert!(!table.contains('\u{2212}'), "{table}");
}
