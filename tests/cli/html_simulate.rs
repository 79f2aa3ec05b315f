//! `simulate --format html`: the page against `-o json` of the same run,
//! outcome for outcome; escaping; self-containment; large runs.

use std::collections::{BTreeMap, HashMap};

use scraper::{Html, Selector};
use serde_json::Value;

use crate::Sandbox;

/// One outcome as `-o json` and the page both describe it.
type Row = (String, String, String, String, String, String);

fn example(name: &str) -> String {
    format!("{}/examples/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// Parse the page as HTML5 (no parse errors) and every `<svg>` in it as
/// XML; return the document.
#[track_caller]
fn parse(page: &str) -> Html {
    assert!(
        page.starts_with("<!DOCTYPE html>"),
        "{}",
        &page[..page.len().min(80)]
    );
    let doc = Html::parse_document(page);
    assert!(
        doc.errors.is_empty(),
        "HTML5 parse errors: {:?}",
        doc.errors
    );
    let mut rest = page;
    let mut svgs = 0;
    while let Some(start) = rest.find("<svg") {
        let end = rest[start..].find("</svg>").expect("a closed <svg>") + start + 6;
        let svg = &rest[start..end];
        if let Err(e) = roxmltree::Document::parse(svg) {
            panic!("an <svg> is not XML ({e}): {}", &svg[..svg.len().min(300)]);
        }
        svgs += 1;
        rest = &rest[end..];
    }
    assert!(svgs > 0, "the page has no SVG");
    doc
}

/// The outcomes the page draws: every element with a `data-kind`.
fn drawn(doc: &Html) -> Vec<Row> {
    let marks = Selector::parse("svg [data-kind]").expect("selector");
    let title = Selector::parse("title").expect("selector");
    let mut rows: Vec<Row> = doc
        .select(&marks)
        .map(|e| {
            let v = e.value();
            let attr = |k: &str| {
                v.attr(k)
                    .unwrap_or_else(|| panic!("{} has no {k}", e.html()))
                    .to_string()
            };
            let titles: Vec<_> = e.select(&title).collect();
            assert_eq!(titles.len(), 1, "one <title> in {}", e.html());
            (
                attr("data-at"),
                attr("data-user"),
                attr("data-kind"),
                attr("data-reason"),
                attr("data-rule"),
                titles[0].text().collect::<String>(),
            )
        })
        .collect();
    rows.sort();
    rows
}

fn outcomes(json: &Value) -> Vec<Row> {
    let s = |v: &Value| v.as_str().expect("a string").to_string();
    let mut rows: Vec<Row> = json["outcomes"]
        .as_array()
        .expect("outcomes")
        .iter()
        .map(|o| {
            (
                s(&o["at"]),
                s(&o["user"]),
                s(&o["kind"]),
                s(&o["reason"]),
                s(&o["rule"]),
                s(&o["message"]),
            )
        })
        .collect();
    rows.sort();
    rows
}

/// Nothing on the page comes from elsewhere or runs.
#[track_caller]
fn assert_self_contained(page: &str) {
    let lower = page.to_ascii_lowercase();
    assert!(!lower.contains("<script"), "a script on the page");
    for attr in ["src=", "@import", "url("] {
        assert!(!lower.contains(attr), "{attr} on the page");
    }
    for href in lower.split("href=\"").skip(1) {
        assert!(
            href.starts_with('#'),
            "a link out: {}",
            &href[..href.len().min(40)]
        );
    }
    assert!(page.contains("Content-Security-Policy"));
}

#[test]
fn every_outcome_is_one_element_matching_json_in_every_example() {
    let s = Sandbox::new();
    for name in [
        "workday.toml",
        "outage.toml",
        "outage.json",
        "bypass.toml",
        "settings-change.toml",
        "account-disabled.toml",
        "inactivity-web-vs-outlook.toml",
    ] {
        let path = example(name);
        let json = s.json(&["simulate", &path]);
        let page = s.ok(&["simulate", &path, "--format", "html"]);
        let doc = parse(&page);
        assert_self_contained(&page);
        let want = outcomes(&json);
        assert!(!want.is_empty(), "{name}: no outcomes");
        assert_eq!(drawn(&doc), want, "{name}");
        let env = json["environment"]["name"].as_str().expect("name");
        assert!(page.contains(&format!("Session timeline: {env}")), "{name}");
        let users = json["summary"]["users"].as_u64().expect("users");
        assert!(
            page.contains(&format!("<th>users</th><td>{users}</td>")),
            "{name}: the summary's users"
        );
    }
}

#[test]
fn sessions_are_bars_from_sign_in_to_their_end() {
    let s = Sandbox::new();
    let page = s.ok(&["simulate", &example("workday.toml"), "--format", "html"]);
    let doc = parse(&page);
    let bars = Selector::parse("rect[data-kind=\"session-start\"]").expect("selector");
    let x = |e: &scraper::ElementRef<'_>, k: &str| -> f64 {
        e.value()
            .attr(k)
            .expect("geometry")
            .parse()
            .expect("a number")
    };
    let bars: Vec<_> = doc.select(&bars).collect();
    assert_eq!(bars.len(), 2, "two sign-ins, two bars");
    // 08:00–16:00 is 8 hours, 16:03–17:00 (signed out by the user) 57 minutes.
    let (w1, w2) = (x(&bars[0], "width"), x(&bars[1], "width"));
    let ratio = w1 / w2;
    assert!((ratio - 480.0 / 57.0).abs() < 0.2, "{w1} / {w2}");
    // The first bar ends where the sign-out mark sits.
    let out = Selector::parse("[data-kind=\"signed-out\"][data-reason=\"session-expired\"]")
        .expect("selector");
    let mark = doc.select(&out).next().expect("the 16:00 sign-out");
    let end = x(&bars[0], "x") + w1;
    assert!((x(&mark, "x") - end).abs() < 0.11, "{end} vs the mark");
}

#[test]
fn names_from_the_scenario_show_as_text() {
    let s = Sandbox::new();
    let evil_user = "<script>alert(1)</script>";
    let evil_env = "\"><svg onload=alert(1)>";
    let scenario = format!(
        r#"start = "2026-03-02T08:00:00Z"
until = "2026-03-02T12:00:00Z"
events = [
  {{ at = "+0m", kind = "sign-in", user = '{evil_user}' }},
  {{ at = "+10m", kind = "activity", user = '{evil_user}' }},
]

[environment]
name = '{evil_env}'
session_length = "1h"
session_warning = "10m"
"#
    );
    let path = s.write("evil.toml", &scenario);
    let page = s.ok(&["simulate", &path, "--format", "html"]);
    let doc = parse(&page);
    assert_self_contained(&page);
    assert!(!page.contains("<svg onload"));
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(page.contains("&quot;&gt;&lt;svg onload=alert(1)&gt;"));
    let rows = drawn(&doc);
    assert!(rows.len() >= 3, "{rows:?}");
    assert!(rows.iter().all(|r| r.1 == evil_user), "{rows:?}");
    let json = s.json(&["simulate", &path]);
    assert_eq!(rows, outcomes(&json));
}

/// A CSV of `users` users, each signing in at 08:00 and active every 10
/// minutes; user i pauses for 40 minutes i % 5 times, so users differ in
/// how often inactivity signs them out.
fn team(users: usize) -> String {
    let mut rows = Vec::new();
    for u in 0..users {
        let name = format!("user{u:04}@contoso.com");
        let mut t = 8 * 60;
        rows.push((t, format!("{name},sign-in,web,false,,,,")));
        for pause in 0..=(u % 5) {
            for _ in 0..3 {
                t += 10;
                rows.push((t, format!("{name},activity,,,,,,")));
            }
            if pause < u % 5 {
                t += 40;
                rows.push((t, format!("{name},sign-in,web,false,,,,")));
            }
        }
    }
    rows.sort();
    let mut csv =
        String::from("at,user,kind,client,stay_signed_in,global_context,env,via,as_user\n");
    for (t, row) in rows {
        csv.push_str(&format!(
            "2026-03-02T{:02}:{:02}:00Z,{row}\n",
            t / 60,
            t % 60
        ));
    }
    csv
}

fn add_env(s: &Sandbox) {
    s.init();
    s.ok(&["env", "add", "contoso-prod"]);
    s.ok(&[
        "env",
        "set-inactivity",
        "contoso-prod",
        "--after",
        "30m",
        "--warning",
        "5m",
    ]);
}

#[test]
fn a_csv_run_draws_at_most_200_lanes_the_most_forced_first() {
    let s = Sandbox::new();
    add_env(&s);
    let csv = s.write("team.csv", &team(260));
    let page = s.ok(&[
        "simulate",
        &csv,
        "--env",
        "contoso-prod",
        "--format",
        "html",
    ]);
    let doc = parse(&page);
    let json = s.json(&["simulate", &csv, "--env", "contoso-prod"]);
    let want = outcomes(&json);
    let rows = drawn(&doc);
    let lanes: BTreeMap<&str, ()> = rows.iter().map(|r| (r.1.as_str(), ())).collect();
    assert_eq!(lanes.len(), 200);
    assert!(page.contains("60 users are not drawn"), "the page says so");
    // Exactly the drawn users' outcomes, each once.
    let of_drawn: Vec<Row> = want
        .iter()
        .filter(|r| lanes.contains_key(r.1.as_str()))
        .cloned()
        .collect();
    assert_eq!(rows, of_drawn);
    // No user left out had more forced sign-outs than one drawn.
    let mut forced: HashMap<&str, u64> = HashMap::new();
    for r in &want {
        let f = (r.2 == "signed-out" && r.3 != "user-sign-out") || r.2 == "reauth-required";
        *forced.entry(r.1.as_str()).or_default() += u64::from(f);
    }
    let least_drawn = lanes.keys().map(|u| forced[u]).min().expect("lanes");
    let most_left = forced
        .iter()
        .filter(|(u, _)| !lanes.contains_key(*u))
        .map(|(_, f)| *f)
        .max()
        .expect("users left out");
    assert!(least_drawn >= most_left, "{least_drawn} < {most_left}");
    // The chart of forced sign-outs by hour counts everyone.
    let total: u64 = forced.values().sum();
    assert!(total > 0);
    let bars = Selector::parse("svg[aria-label^=\"Forced\"] rect title").expect("selector");
    let charted: u64 = doc
        .select(&bars)
        .filter_map(|t| {
            let text: String = t.text().collect();
            text.split(": ")
                .nth(1)?
                .split(' ')
                .next()?
                .parse::<u64>()
                .ok()
        })
        .sum();
    assert_eq!(
        charted, total,
        "the hourly chart adds up to every forced sign-out"
    );
}

#[test]
fn a_bad_row_leaves_stdout_empty() {
    let s = Sandbox::new();
    add_env(&s);
    let mut csv = team(20);
    csv.push_str("2026-03-02T23:00:00Z,late@contoso.com,sign-on,web,false,,,,\n");
    let path = s.write("bad.csv", &csv);
    let err = s.fails(
        &[
            "simulate",
            &path,
            "--env",
            "contoso-prod",
            "--format",
            "html",
        ],
        3,
    );
    assert!(err.contains("sign-on"), "{err}");
}
