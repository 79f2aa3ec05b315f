//! `rules`: every rule names the page it quotes, never a file of the
//! repository; and S10's App for Outlook, through the real simulation.

use serde_json::{Value, json};

use super::Sandbox;

const TITLE: &str = "Security enhancements: User session and access management";
const ISSUE_160: &str = "https://github.com/MicrosoftDocs/power-platform/issues/160";

/// Text with its line breaks and runs of spaces as one space, as a person
/// reads wrapped lines.
fn fold(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every source of a rule in `rules -o json`: `source`, then `other_sources`.
fn sources(rule: &Value) -> Vec<Value> {
    let mut all: Vec<Value> = rule["source"]
        .as_object()
        .map(|_| rule["source"].clone())
        .into_iter()
        .collect();
    all.extend(
        rule["other_sources"]
            .as_array()
            .expect("other_sources")
            .iter()
            .cloned(),
    );
    all
}

#[test]
fn every_source_is_a_page_with_title_and_what_it_covers() {
    let s = Sandbox::new();
    let all = s.json(&["rules"]);
    let mut cited = 0;
    for rule in all.as_array().unwrap() {
        for src in sources(rule) {
            let page = src["page"].as_object().unwrap_or_else(|| panic!("{rule}"));
            assert!(
                page["title"].as_str().is_some_and(|t| !t.is_empty()),
                "{rule}"
            );
            assert!(
                page["covers"].as_str().is_some_and(|c| !c.is_empty()),
                "{rule}"
            );
            // Only what a reader can use: no seed file name, no empty address.
            for key in page.keys() {
                assert!(
                    ["title", "covers", "url"].contains(&key.as_str()),
                    "{key} in {rule}"
                );
            }
            if let Some(url) = page.get("url") {
                assert!(url.as_str().unwrap().starts_with("https://"), "{rule}");
            }
            assert!(
                src["quote"].as_str().is_some_and(|q| !q.is_empty()),
                "{rule}"
            );
            assert!(src.get("seed").is_none(), "{rule}");
            cited += 1;
        }
    }
    assert!(cited >= 17, "only {cited} sources");
    let text = s.ok(&["rules"]);
    assert!(!text.contains(".txt"), "a file name in:\n{text}");
    assert!(!text.contains("seed"), "a seed named in:\n{text}");
}

#[test]
fn the_two_versions_of_the_page_are_told_apart_by_what_they_cover() {
    let s = Sandbox::new();
    let v4 = s.json(&["rules", "V4"]);
    // The seed pages give no address of their own, so none is shown.
    assert_eq!(
        v4["source"]["page"],
        json!({"title": TITLE, "covers": "Power Platform admin center"})
    );
    let s8 = s.json(&["rules", "S8"]);
    assert_eq!(
        s8["source"]["page"],
        json!({"title": TITLE, "covers": "Dynamics 365 (online), version 9.x"})
    );
    assert!(
        s8["source"]["quote"]
            .as_str()
            .unwrap()
            .contains("user session timeout of 24 hours")
    );
    assert_eq!(v4["other_sources"], json!([]));
}

#[test]
fn a_rule_as_a_person_reads_it() {
    let s = Sandbox::new();
    // Off a terminal nothing is wrapped: one line for the statement, one
    // for its source.
    insta::assert_snapshot!(s.ok(&["rules", "V4"]), @r"
    V4   An inactivity timeout that is on is shorter than the session length when the custom session timeout is on, otherwise shorter than 1440 minutes.
         Source: Security enhancements: User session and access management (Power Platform admin center) — “Maximum Duration of Inactivity: less than Maximum Session length or 1440 minutes”
    ");
    super::assert_fits_80_at_a_terminal(&s, &["rules", "V4"]);
}

/// S10: Microsoft's answer on the App for Outlook is cited with its address
/// beside the page's own list of clients.
#[test]
fn s10_cites_microsofts_answer_on_the_app_for_outlook() {
    let s = Sandbox::new();
    let s10 = s.json(&["rules", "s10"]);
    assert_eq!(s10["source"]["page"]["title"], TITLE);
    assert!(
        s10["source"]["quote"]
            .as_str()
            .unwrap()
            .contains("Dynamics 365 for Outlook")
    );
    assert_eq!(
        s10["other_sources"],
        json!([{
            "page": {
                "title": "Dynamics 365 App for Outlook",
                "covers": "MicrosoftDocs/power-platform issue #160, Microsoft's answer of 2020-08-27",
                "url": ISSUE_160
            },
            "quote": "Dynamics 365 App for Outlook is a model-driven app."
        }])
    );
    let own = s10["own_choice"].as_str().unwrap();
    assert!(
        own.contains("outlook-app") && own.contains("(outlook)"),
        "{own}"
    );

    let text = s.ok(&["rules", "S10"]);
    assert_eq!(text.matches("Source: ").count(), 2, "{text}");
    // The address stays whole on one line, so it can be copied.
    assert!(text.lines().any(|l| l.contains(ISSUE_160)), "{text}");
    assert!(
        fold(&text).contains("“Dynamics 365 App for Outlook is a model-driven app.”"),
        "{text}"
    );
    super::assert_fits_80_at_a_terminal(&s, &["rules", "S10"]);
}

/// One user, signed in with `client`: first left idle, then active past the
/// end of the custom session.
fn both_timeouts(client: &str) -> String {
    format!(
        r#"start = "2026-03-02T08:00:00Z"
user = "alice@contoso.com"
until = "2026-03-02T12:00:00Z"

[environment]
name = "contoso-prod"
version = "9.2.24034.205"
session_length = "1h"
session_warning = "0m"
inactivity = "30m"

[tenant]
token_lifetime = "90d"

[[events]]
at = "+0m"
kind = "sign-in"
client = "{client}"

[[events]]
at = "+2h"
kind = "sign-in"
client = "{client}"

[[events]]
at = "+2h20m"
kind = "activity"

[[events]]
at = "+2h40m"
kind = "activity"
"#
    )
}

/// (at, kind, reason, rule) of every outcome.
fn outcomes(s: &Sandbox, client: &str) -> Vec<(String, String, String, String)> {
    let f = s.write(&format!("{client}.toml"), &both_timeouts(client));
    let v = s.json(&["simulate", &f]);
    v["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            let at = o["at"].as_str().unwrap();
            (
                at[11..16].to_string(),
                o["kind"].as_str().unwrap().to_string(),
                o["reason"].as_str().unwrap().to_string(),
                o["rule"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn row(at: &str, kind: &str, reason: &str, rule: &str) -> (String, String, String, String) {
    (at.into(), kind.into(), reason.into(), rule.into())
}

/// S10: the App for Outlook is a model-driven app and enforces both
/// timeouts, as the web client does.
#[test]
fn s10_the_app_for_outlook_enforces_both_timeouts() {
    let s = Sandbox::new();
    let got = outcomes(&s, "outlook-app");
    assert_eq!(got, outcomes(&s, "web"), "outlook-app differs from web");
    let sign_outs: Vec<_> = got
        .iter()
        .filter(|o| o.1 == "signed-out")
        .cloned()
        .collect();
    assert_eq!(
        sign_outs,
        [
            row("08:30", "signed-out", "inactivity", "S6"),
            row("11:00", "signed-out", "session-expired", "S5"),
        ]
    );
    assert!(!got.iter().any(|o| o.1 == "not-enforced"), "{got:?}");
}

/// S10: Dynamics 365 for Outlook, the add-in the page names, enforces
/// neither timeout: a `not-enforced` note at sign-in, and no sign-out.
#[test]
fn s10_the_outlook_add_in_enforces_neither() {
    let s = Sandbox::new();
    let got = outcomes(&s, "outlook");
    assert!(
        got.contains(&row("08:00", "not-enforced", "client", "S10")),
        "{got:?}"
    );
    assert!(!got.iter().any(|o| o.1 == "signed-out"), "{got:?}");
    let f = s.write("o.toml", &both_timeouts("outlook"));
    let text = s.ok(&["simulate", &f]);
    assert!(
        fold(&text).contains(
            "Dynamics 365 for Outlook does not enforce the session and inactivity timeouts"
        ),
        "{text}"
    );
}
