//! Rule by rule: scenarios in, exact outcomes (time, kind, reason, rule) out.

use super::engine::Engine;
use super::messages::Report;
use super::outcome::{Outcome, Summary};
use super::scenario::{Context, Scenario, parse};
use super::time::format_rfc3339;
use crate::located::Doc;

/// An outcome as the tests state it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    pub at: String,
    pub user: String,
    pub kind: &'static str,
    pub reason: &'static str,
    pub rule: &'static str,
    pub ends_at: Option<String>,
    pub message: String,
}

pub fn scenario(text: &str, until: Option<&str>, auto: bool) -> Scenario {
    let lookup = |_: &str| None;
    let ctx = Context {
        env: None,
        tenant: None,
        lookup: &lookup,
        until,
        auto_sign_in: auto,
    };
    parse(&Doc::new("t.toml", text), false, &ctx).unwrap_or_else(|e| {
        panic!(
            "scenario does not parse: {:?}",
            e.iter().map(|v| v.to_string()).collect::<Vec<_>>()
        )
    })
}

pub fn run_scenario(s: Scenario) -> (Vec<Seen>, Vec<Outcome>, Summary) {
    let mut engine = Engine::new(s.config).with_users(s.users);
    let mut seen = Vec::new();
    let mut raw = Vec::new();
    let mut sink = |r: &Report<'_>| {
        let o = r.outcome;
        seen.push(Seen {
            at: format_rfc3339(o.at),
            user: r.user.to_string(),
            kind: o.kind.as_str(),
            reason: o.reason.as_str(),
            rule: o.rule,
            ends_at: o.ends_at.map(format_rfc3339),
            message: r.message(),
        });
        raw.push(*o);
    };
    for ev in &s.events {
        if !engine.push(ev, &mut sink) {
            break;
        }
    }
    let summary = engine.finish(&mut sink);
    (seen, raw, summary)
}

fn run(text: &str) -> Vec<Seen> {
    run_scenario(scenario(text, None, false)).0
}

fn run_with(text: &str, until: Option<&str>, auto: bool) -> (Vec<Seen>, Summary) {
    let (seen, _, summary) = run_scenario(scenario(text, until, auto));
    (seen, summary)
}

/// (time of day on 2026-03-02 or a full time, kind, reason, rule)
fn brief(seen: &[Seen]) -> Vec<(String, &'static str, &'static str, &'static str)> {
    seen.iter()
        .map(|s| {
            let at =
                s.at.strip_prefix("2026-03-02T")
                    .map(|t| t.trim_end_matches('Z').to_string())
                    .unwrap_or_else(|| s.at.clone());
            (at, s.kind, s.reason, s.rule)
        })
        .collect()
}

fn b(
    at: &str,
    kind: &'static str,
    reason: &'static str,
    rule: &'static str,
) -> (String, &'static str, &'static str, &'static str) {
    (at.to_string(), kind, reason, rule)
}

const HEAD: &str = "start = \"2026-03-02T08:00:00Z\"\nuser = \"alice@contoso.com\"\n";

fn env(settings: &str) -> String {
    format!("{HEAD}[environment]\nname = \"prod\"\nversion = \"9.2.24034.205\"\n{settings}\n")
}

fn events(list: &[(&str, &str)]) -> String {
    list.iter()
        .map(|(at, rest)| format!("[[events]]\nat = \"{at}\"\n{rest}\n"))
        .collect()
}

// S1 ------------------------------------------------------------------------

#[test]
fn s1_without_a_custom_timeout_only_the_token_lifetime_ends_the_session() {
    let text = env("[tenant]\ntoken_lifetime = \"1h\"")
        + &events(&[
            ("+0m", "kind = \"sign-in\""),
            ("+30m", "kind = \"activity\""),
        ]);
    assert_eq!(
        brief(&run(&text)),
        [
            b("08:00:00", "session-start", "entra-session-policy", "S1"),
            b("09:00:00", "reauth-required", "token-lifetime", "S1"),
        ]
    );
}

#[test]
fn s1_default_token_lifetime_is_90_days_with_nothing_in_between() {
    let text = env("") + &events(&[("+0m", "kind = \"sign-in\"")]);
    let (seen, summary) = run_with(&text, None, false);
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0].ends_at.as_deref(), Some("2026-05-31T08:00:00Z"));
    assert_eq!(
        (seen[1].at.as_str(), seen[1].kind, seen[1].reason),
        ("2026-05-31T08:00:00Z", "reauth-required", "token-lifetime")
    );
    assert_eq!(summary.signed_in_min(), 90 * 1440);
}

#[test]
fn s1_an_event_one_second_before_the_token_end_still_finds_the_session() {
    let text = env("[tenant]\ntoken_lifetime = \"1h\"")
        + &events(&[
            ("+0m", "kind = \"sign-in\""),
            ("+59m59s", "kind = \"activity\""),
        ]);
    assert_eq!(
        brief(&run(&text)),
        [
            b("08:00:00", "session-start", "entra-session-policy", "S1"),
            b("09:00:00", "reauth-required", "token-lifetime", "S1"),
        ]
    );
}

#[test]
fn s1_an_event_exactly_at_the_token_end_comes_after_it() {
    // Valid until just before the end: at 09:00 the session is over.
    let text = env("[tenant]\ntoken_lifetime = \"1h\"")
        + &events(&[
            ("+0m", "kind = \"sign-in\""),
            ("+1h", "kind = \"activity\""),
        ]);
    assert_eq!(
        brief(&run(&text)),
        [
            b("08:00:00", "session-start", "entra-session-policy", "S1"),
            b("09:00:00", "reauth-required", "token-lifetime", "S1"),
            b("09:00:00", "access-denied", "signed-out", "S11"),
        ]
    );
}

// S2 / S3 ---------------------------------------------------------------------

#[test]
fn s2_s3_account_disabled_takes_effect_at_the_next_hourly_check_from_sign_in() {
    let text = env("")
        + &events(&[
            ("+10m", "kind = \"sign-in\""),
            ("+30m", "kind = \"account-disabled\""),
            ("+40m", "kind = \"activity\""),
        ]);
    assert_eq!(
        brief(&run(&text)),
        [
            b("08:10:00", "session-start", "entra-session-policy", "S1"),
            b("09:10:00", "reauth-required", "account-disabled", "S3"),
        ]
    );
}

#[test]
fn s3_an_admin_action_exactly_on_a_check_instant_takes_effect_then() {
    let text = env("")
        + &events(&[
            ("+0m", "kind = \"sign-in\""),
            ("+2h", "kind = \"account-deleted\""),
        ]);
    assert_eq!(
        brief(&run(&text)),
        [
            b("08:00:00", "session-start", "entra-session-policy", "S1"),
            b("10:00:00", "reauth-required", "account-deleted", "S3"),
        ]
    );
}

#[test]
fn s3_every_kind_of_revocation_and_the_sign_in_refusals() {
    for (kind, reason) in [
        ("account-disabled", "account-disabled"),
        ("account-deleted", "account-deleted"),
        ("sign-in-blocked", "sign-in-blocked"),
        ("refresh-token-revoked", "refresh-token-revoked"),
    ] {
        let text = env("")
            + &events(&[
                ("+0m", "kind = \"sign-in\""),
                ("+5m", &format!("kind = \"{kind}\"")),
                ("+90m", "kind = \"sign-in\""),
            ]);
        let seen = brief(&run(&text));
        assert_eq!(
            seen[1],
            b("09:00:00", "reauth-required", reason, "S3"),
            "{kind}"
        );
        if kind == "refresh-token-revoked" {
            // A revoked token does not stop a new sign-in.
            assert_eq!(
                seen[2],
                b("09:30:00", "session-start", "entra-session-policy", "S1")
            );
        } else {
            assert_eq!(
                seen[2],
                b("09:30:00", "sign-in-refused", reason, "S3"),
                "{kind}"
            );
        }
    }
}

#[test]
fn s3_refusals_go_deleted_disabled_blocked_outage() {
    let text = env("")
        + &events(&[
            ("+0m", "kind = \"sign-in-blocked\""),
            ("+1m", "kind = \"outage-start\""),
            ("+2m", "kind = \"sign-in\""),
            ("+3m", "kind = \"account-disabled\""),
            ("+4m", "kind = \"sign-in\""),
            ("+5m", "kind = \"account-deleted\""),
            ("+6m", "kind = \"sign-in\""),
            ("+7m", "kind = \"account-enabled\""),
            ("+8m", "kind = \"sign-in\""),
            ("+9m", "kind = \"outage-end\""),
            ("+10m", "kind = \"sign-in\""),
        ]);
    let reasons: Vec<_> = run(&text).iter().map(|s| (s.kind, s.reason)).collect();
    assert_eq!(
        reasons,
        [
            ("sign-in-refused", "sign-in-blocked"),
            ("sign-in-refused", "account-disabled"),
            ("sign-in-refused", "account-deleted"),
            // Enabling does not bring back a deleted account.
            ("sign-in-refused", "account-deleted"),
            ("sign-in-refused", "account-deleted"),
        ]
    );
}

#[test]
fn s3_account_enabled_before_the_check_lifts_a_disable() {
    let text = env("")
        + &events(&[
            ("+0m", "kind = \"sign-in\""),
            ("+10m", "kind = \"account-disabled\""),
            ("+20m", "kind = \"account-enabled\""),
            ("+1h", "kind = \"end\""),
        ]);
    assert_eq!(
        brief(&run(&text)),
        [b("08:00:00", "session-start", "entra-session-policy", "S1")]
    );
}

#[test]
fn s3_a_sign_in_while_signed_in_is_checked_first_then_changes_nothing() {
    let text = env("session_length = \"8h\"")
        + &events(&[
            ("+0m", "kind = \"sign-in\""),
            ("+1h", "kind = \"sign-in\""),
            ("+90m", "kind = \"account-disabled\""),
            ("+100m", "kind = \"sign-in\""),
        ]);
    assert_eq!(
        brief(&run(&text))[..4],
        [
            b("08:00:00", "session-start", "custom-session-timeout", "S5"),
            b("09:00:00", "note", "already-signed-in", "S11"),
            b("09:40:00", "sign-in-refused", "account-disabled", "S3"),
            b("10:00:00", "reauth-required", "account-disabled", "S3"),
        ]
    );
}

#[test]
fn s2_s3_an_account_change_a_second_after_a_check_waits_for_the_next() {
    for (kind, reason) in [
        ("account-disabled", "account-disabled"),
        ("account-deleted", "account-deleted"),
        ("sign-in-blocked", "sign-in-blocked"),
        ("refresh-token-revoked", "refresh-token-revoked"),
    ] {
        let text = env("")
            + &events(&[
                ("+0m", "kind = \"sign-in\""),
                ("+1h0m1s", &format!("kind = \"{kind}\"")),
            ]);
        assert_eq!(
            brief(&run(&text)),
            [
                b("08:00:00", "session-start", "entra-session-policy", "S1"),
                b("10:00:00", "reauth-required", reason, "S3"),
            ],
            "{kind}"
        );
    }
}

// S4 --------------------------------------------------------------------------

#[test]
fn s4_outage_with_stay_signed_in_continues_once_per_outage() {
    let text = env("")
        + &events(&[
            ("+0m", "kind = \"sign-in\"\nstay_signed_in = true"),
            ("+30m", "kind = \"outage-start\""),
            ("+3h30m", "kind = \"outage-end\""),
            ("+4h30m", "kind = \"outage-start\""),
            ("+5h30m", "kind = \"outage-end\""),
            ("+8h", "kind = \"end\""),
        ]);
    assert_eq!(
        brief(&run(&text)),
        [
            b("08:00:00", "session-start", "entra-session-policy", "S1"),
            b("09:00:00", "access-continued", "stay-signed-in", "S4"),
            b("13:00:00", "access-continued", "stay-signed-in", "S4"),
        ]
    );
}

#[test]
fn s4_outage_without_stay_signed_in_expires_the_claims() {
    let text = env("")
        + &events(&[
            ("+0m", "kind = \"sign-in\""),
            ("+30m", "kind = \"outage-start\""),
            ("+40m", "kind = \"sign-in\""),
            ("+3h", "kind = \"outage-end\""),
        ]);
    assert_eq!(
        brief(&run(&text))[..3],
        [
            b("08:00:00", "session-start", "entra-session-policy", "S1"),
            b("08:40:00", "sign-in-refused", "outage", "S4"),
            b("09:00:00", "reauth-required", "policy-check-failed", "S4"),
        ]
    );
}

#[test]
fn s4_an_outage_ending_on_a_check_instant_lets_that_check_succeed() {
    let text = env("")
        + &events(&[
            ("+0m", "kind = \"sign-in\""),
            ("+30m", "kind = \"outage-start\""),
            ("+1h", "kind = \"outage-end\""),
            ("+2h", "kind = \"end\""),
        ]);
    assert_eq!(
        brief(&run(&text)),
        [b("08:00:00", "session-start", "entra-session-policy", "S1")]
    );
}

#[test]
fn s4_a_revocation_during_an_outage_waits_for_a_successful_check() {
    let text = env("")
        + &events(&[
            ("+0m", "kind = \"sign-in\"\nstay_signed_in = true"),
            ("+15m", "kind = \"refresh-token-revoked\""),
            ("+30m", "kind = \"outage-start\""),
            ("+2h30m", "kind = \"outage-end\""),
        ]);
    assert_eq!(
        brief(&run(&text)),
        [
            b("08:00:00", "session-start", "entra-session-policy", "S1"),
            b("09:00:00", "access-continued", "stay-signed-in", "S4"),
            b("11:00:00", "reauth-required", "refresh-token-revoked", "S3"),
        ]
    );
}

// S5 --------------------------------------------------------------------------

#[test]
fn s5_custom_timeout_warns_then_signs_out_regardless_of_activity() {
    let text = env("session_length = \"8h\"\nsession_warning = \"20m\"")
        + &events(&[
            ("+0m", "kind = \"sign-in\""),
            ("+7h50m", "kind = \"activity\""),
            ("+8h", "kind = \"activity\""),
        ]);
    let seen = run(&text);
    assert_eq!(
        brief(&seen),
        [
            b("08:00:00", "session-start", "custom-session-timeout", "S5"),
            b("15:40:00", "warning", "session-expired", "S5"),
            b("16:00:00", "signed-out", "session-expired", "S5"),
            b("16:00:00", "access-denied", "signed-out", "S11"),
        ]
    );
    assert_eq!(seen[1].ends_at.as_deref(), Some("2026-03-02T16:00:00Z"));
    assert_eq!(seen[0].ends_at.as_deref(), Some("2026-03-02T16:00:00Z"));
}

#[test]
fn s5_warning_zero_means_no_warning() {
    let text = env("session_length = \"1h\"\nsession_warning = \"0\"")
        + &events(&[("+0m", "kind = \"sign-in\"")]);
    assert_eq!(
        brief(&run(&text)),
        [
            b("08:00:00", "session-start", "custom-session-timeout", "S5"),
            b("09:00:00", "signed-out", "session-expired", "S5"),
        ]
    );
}

#[test]
fn s5_one_second_before_the_timeout_the_session_is_open_and_activity_keeps_nothing() {
    let text = env("session_length = \"1h\"\nsession_warning = \"0\"")
        + &events(&[
            ("+0m", "kind = \"sign-in\""),
            ("+59m59s", "kind = \"activity\""),
            ("+59m59s", "kind = \"sign-in\""),
        ]);
    assert_eq!(
        brief(&run(&text)),
        [
            b("08:00:00", "session-start", "custom-session-timeout", "S5"),
            b("08:59:59", "note", "already-signed-in", "S11"),
            b("09:00:00", "signed-out", "session-expired", "S5"),
        ]
    );
}

// S6 --------------------------------------------------------------------------

#[test]
fn s6_activity_resets_inactivity_but_access_and_open_env_do_not() {
    let text = env(
        "inactivity = \"30m\"\ninactivity_warning = \"5m\"\n[[environments]]\nname = \"other\"",
    ) + &events(&[
        ("+0m", "kind = \"sign-in\""),
        ("+20m", "kind = \"activity\""),
        ("+40m", "kind = \"access\""),
        ("+45m", "kind = \"open-env\"\nenv = \"other\""),
    ]);
    let seen = run(&text);
    assert_eq!(
        brief(&seen),
        [
            b("08:00:00", "session-start", "entra-session-policy", "S1"),
            b("08:45:00", "warning", "inactivity", "S6"),
            b("08:50:00", "signed-out", "inactivity", "S6"),
        ]
    );
    assert_eq!(seen[1].ends_at.as_deref(), Some("2026-03-02T08:50:00Z"));
}

#[test]
fn s6_activity_exactly_at_the_inactivity_deadline_is_too_late() {
    let text = env("inactivity = \"30m\"\ninactivity_warning = \"5m\"")
        + &events(&[
            ("+0m", "kind = \"sign-in\""),
            ("+30m", "kind = \"activity\""),
        ]);
    assert_eq!(
        brief(&run(&text)),
        [
            b("08:00:00", "session-start", "entra-session-policy", "S1"),
            b("08:25:00", "warning", "inactivity", "S6"),
            b("08:30:00", "signed-out", "inactivity", "S6"),
            b("08:30:00", "access-denied", "signed-out", "S11"),
        ]
    );
}

#[test]
fn s6_activity_one_second_before_the_inactivity_deadline_resets_it() {
    let text = env("inactivity = \"30m\"\ninactivity_warning = \"5m\"")
        + &events(&[
            ("+0m", "kind = \"sign-in\""),
            ("+29m59s", "kind = \"activity\""),
        ]);
    let seen = run(&text);
    assert_eq!(
        brief(&seen),
        [
            b("08:00:00", "session-start", "entra-session-policy", "S1"),
            b("08:25:00", "warning", "inactivity", "S6"),
            b("08:54:59", "warning", "inactivity", "S6"),
            b("08:59:59", "signed-out", "inactivity", "S6"),
        ]
    );
    assert_eq!(seen[2].ends_at.as_deref(), Some("2026-03-02T08:59:59Z"));
}

// S7 --------------------------------------------------------------------------

#[test]
fn s7_settings_change_mid_session_waits_for_the_next_sign_in() {
    let text = env("session_length = \"8h\"\nsession_warning = \"0\"")
        + &events(&[
            ("+0m", "kind = \"sign-in\""),
            ("+1h", "kind = \"settings\"\nsession_length = \"2h\""),
            ("+8h", "kind = \"sign-in\""),
        ]);
    assert_eq!(
        brief(&run(&text)),
        [
            b("08:00:00", "session-start", "custom-session-timeout", "S5"),
            b("09:00:00", "settings-pending", "next-sign-in", "S7"),
            // The open session keeps its 8h...
            b("16:00:00", "signed-out", "session-expired", "S5"),
            // ...the next one gets 2h.
            b("16:00:00", "session-start", "custom-session-timeout", "S5"),
            b("18:00:00", "signed-out", "session-expired", "S5"),
        ]
    );
}

// S8 --------------------------------------------------------------------------

#[test]
fn s8_legacy_version_has_a_24h_session_and_no_hourly_check() {
    let text = format!("{HEAD}[environment]\nname = \"old\"\nversion = \"9.0.2.3034\"\n")
        + &events(&[
            ("+0m", "kind = \"sign-in\""),
            ("+2h", "kind = \"account-disabled\""),
            ("+24h", "kind = \"sign-in\""),
        ]);
    let seen = run(&text);
    assert_eq!(
        brief(&seen),
        [
            b("08:00:00", "session-start", "legacy-24h-session", "S8"),
            b("10:00:00", "note", "no-policy-check", "S8"),
            b("2026-03-03T07:40:00Z", "warning", "max-session-24h", "S8"),
            b(
                "2026-03-03T08:00:00Z",
                "signed-out",
                "max-session-24h",
                "S8"
            ),
            b(
                "2026-03-03T08:00:00Z",
                "sign-in-refused",
                "account-disabled",
                "S3"
            ),
        ]
    );
}

#[test]
fn s8_boundary_version_9_1_0_3647_is_current() {
    let text = format!("{HEAD}[environment]\nname = \"x\"\nversion = \"9.1.0.3647\"\n")
        + &events(&[("+0m", "kind = \"sign-in\""), ("+1h", "kind = \"end\"")]);
    assert_eq!(run(&text)[0].rule, "S1");
    let text = format!("{HEAD}[environment]\nname = \"x\"\nversion = \"9.1.0.3646\"\n")
        + &events(&[("+0m", "kind = \"sign-in\""), ("+1h", "kind = \"end\"")]);
    assert_eq!(run(&text)[0].rule, "S8");
}

// S9 --------------------------------------------------------------------------

#[test]
fn s9_manual_url_brings_back_the_24h_limit_from_the_sign_in() {
    let text = env("inactivity = \"8h\"")
        + &events(&[
            ("+0m", "kind = \"sign-in\""),
            ("+1h", "kind = \"activity\""),
            (
                "+2h",
                "kind = \"open-env\"\nenv = \"prod\"\nvia = \"manual-url\"",
            ),
            (
                "+3h",
                "kind = \"open-env\"\nenv = \"prod\"\nvia = \"manual-url\"",
            ),
            ("+7h", "kind = \"activity\""),
            ("+14h", "kind = \"activity\""),
            ("+21h", "kind = \"activity\""),
        ]);
    let seen = run(&text);
    assert_eq!(
        brief(&seen),
        [
            b("08:00:00", "session-start", "entra-session-policy", "S1"),
            b("10:00:00", "policy-bypass", "manual-url", "S9"),
            b("2026-03-03T07:40:00Z", "warning", "max-session-24h", "S9"),
            b(
                "2026-03-03T08:00:00Z",
                "signed-out",
                "max-session-24h",
                "S9"
            ),
        ]
    );
    assert_eq!(seen[1].ends_at.as_deref(), Some("2026-03-03T08:00:00Z"));
}

#[test]
fn s9_opening_an_older_version_after_a_current_one_bypasses() {
    let text = env(
        "[[environments]]\nname = \"legacy\"\nversion = \"9.0\"\n[[environments]]\nname = \"new\"\nversion = \"9.2\"",
    ) + &events(&[
        ("+0m", "kind = \"sign-in\""),
        ("+1h", "kind = \"open-env\"\nenv = \"new\""),
        ("+2h", "kind = \"open-env\"\nenv = \"legacy\""),
        ("+3h", "kind = \"end\""),
    ]);
    assert_eq!(
        brief(&run(&text)),
        [
            b("08:00:00", "session-start", "entra-session-policy", "S1"),
            b("10:00:00", "policy-bypass", "mixed-versions", "S9"),
        ]
    );
}

#[test]
fn s9_a_custom_timeout_or_a_non_enforcing_client_prevents_the_bypass() {
    let text = env("session_length = \"10h\"")
        + &events(&[
            ("+0m", "kind = \"sign-in\""),
            (
                "+1h",
                "kind = \"open-env\"\nenv = \"prod\"\nvia = \"manual-url\"",
            ),
            ("+2h", "kind = \"end\""),
        ]);
    assert_eq!(run(&text).len(), 1);
    let text = env("")
        + &events(&[
            ("+0m", "kind = \"sign-in\"\nclient = \"outlook\""),
            (
                "+1h",
                "kind = \"open-env\"\nenv = \"prod\"\nvia = \"manual-url\"",
            ),
            ("+2h", "kind = \"end\""),
        ]);
    let kinds: Vec<_> = run(&text).iter().map(|s| s.kind).collect();
    assert_eq!(kinds, ["session-start", "not-enforced"]);
}

#[test]
fn s9_a_late_bypass_ends_the_session_at_once() {
    let text = env("")
        + &events(&[
            ("+0m", "kind = \"sign-in\""),
            (
                "+25h",
                "kind = \"open-env\"\nenv = \"prod\"\nvia = \"manual-url\"",
            ),
        ]);
    assert_eq!(
        brief(&run(&text)),
        [
            b("08:00:00", "session-start", "entra-session-policy", "S1"),
            b("2026-03-03T09:00:00Z", "policy-bypass", "manual-url", "S9"),
            b(
                "2026-03-03T09:00:00Z",
                "signed-out",
                "max-session-24h",
                "S9"
            ),
        ]
    );
}

#[test]
fn s9_a_bypass_exactly_24h_after_the_sign_in_ends_the_session_then() {
    let text = env("")
        + &events(&[
            ("+0m", "kind = \"sign-in\""),
            (
                "+24h",
                "kind = \"open-env\"\nenv = \"prod\"\nvia = \"manual-url\"",
            ),
        ]);
    let seen = run(&text);
    assert_eq!(
        brief(&seen),
        [
            b("08:00:00", "session-start", "entra-session-policy", "S1"),
            b("2026-03-03T08:00:00Z", "policy-bypass", "manual-url", "S9"),
            b(
                "2026-03-03T08:00:00Z",
                "signed-out",
                "max-session-24h",
                "S9"
            ),
        ]
    );
    assert_eq!(seen[1].ends_at.as_deref(), Some("2026-03-03T08:00:00Z"));
}

#[test]
fn s9_a_bypass_after_the_warning_time_warns_at_once() {
    // The session warning lead is 20m: from 23h40m after the sign-in the
    // warning's time has passed when the bypass comes, so it is given with
    // the bypass, once, and the session ends at sign-in + 24h.
    for (at, when, left) in [
        ("+23h40m", "2026-03-03T07:40:00Z", "20m"),
        ("+23h50m", "2026-03-03T07:50:00Z", "10m"),
        ("+23h59m59s", "2026-03-03T07:59:59Z", "1s"),
    ] {
        let text = env("")
            + &events(&[
                ("+0m", "kind = \"sign-in\""),
                (
                    at,
                    "kind = \"open-env\"\nenv = \"prod\"\nvia = \"manual-url\"",
                ),
            ]);
        let seen = run(&text);
        assert_eq!(
            brief(&seen),
            [
                b("08:00:00", "session-start", "entra-session-policy", "S1"),
                b(when, "policy-bypass", "manual-url", "S9"),
                b(when, "warning", "max-session-24h", "S9"),
                b(
                    "2026-03-03T08:00:00Z",
                    "signed-out",
                    "max-session-24h",
                    "S9"
                ),
            ],
            "{at}"
        );
        assert_eq!(seen[2].ends_at.as_deref(), Some("2026-03-03T08:00:00Z"));
        assert_eq!(
            seen[2].message,
            format!("Session ends in {left} (24h maximum session)")
        );
    }
}

#[test]
fn s9_a_bypass_a_second_before_the_warning_time_warns_on_time() {
    let text = env("")
        + &events(&[
            ("+0m", "kind = \"sign-in\""),
            (
                "+23h39m59s",
                "kind = \"open-env\"\nenv = \"prod\"\nvia = \"manual-url\"",
            ),
        ]);
    assert_eq!(
        brief(&run(&text)),
        [
            b("08:00:00", "session-start", "entra-session-policy", "S1"),
            b("2026-03-03T07:39:59Z", "policy-bypass", "manual-url", "S9"),
            b("2026-03-03T07:40:00Z", "warning", "max-session-24h", "S9"),
            b(
                "2026-03-03T08:00:00Z",
                "signed-out",
                "max-session-24h",
                "S9"
            ),
        ]
    );
}

// S10 -------------------------------------------------------------------------

#[test]
fn s10_outlook_enforces_neither_timeout_but_the_token_lifetime_holds() {
    let text =
        env("session_length = \"1h\"\ninactivity = \"10m\"\n[tenant]\ntoken_lifetime = \"3h\"")
            + &events(&[("+0m", "kind = \"sign-in\"\nclient = \"outlook\"")]);
    assert_eq!(
        brief(&run(&text)),
        [
            b("08:00:00", "session-start", "entra-session-policy", "S1"),
            b("08:00:00", "not-enforced", "client", "S10"),
            b("11:00:00", "reauth-required", "token-lifetime", "S1"),
        ]
    );
}

#[test]
fn s10_web_resources_need_the_global_context_for_inactivity() {
    let base = env("session_length = \"2h\"\nsession_warning = \"0\"\ninactivity = \"30m\"");
    let text = base.clone() + &events(&[("+0m", "kind = \"sign-in\"\nclient = \"web-resource\"")]);
    assert_eq!(
        brief(&run(&text)),
        [
            b("08:00:00", "session-start", "custom-session-timeout", "S5"),
            b("08:00:00", "not-enforced", "client", "S10"),
            b("10:00:00", "signed-out", "session-expired", "S5"),
        ]
    );
    let text = base.clone()
        + &events(&[(
            "+0m",
            "kind = \"sign-in\"\nclient = \"web-resource\"\nglobal_context = true",
        )]);
    assert_eq!(
        brief(&run(&text))[1],
        b("08:30:00", "signed-out", "inactivity", "S6")
    );
    let text = base + &events(&[("+0m", "kind = \"sign-in\"\nclient = \"usd-ie\"")]);
    assert_eq!(
        brief(&run(&text))[1],
        b("08:30:00", "signed-out", "inactivity", "S6")
    );
}

#[test]
fn s10_every_non_enforcing_client_is_noted() {
    for client in [
        "outlook",
        "mobile",
        "usd-wpf",
        "live-assist",
        "canvas-app",
        "portal",
    ] {
        let text = env("session_length = \"1h\"")
            + &events(&[
                ("+0m", &format!("kind = \"sign-in\"\nclient = \"{client}\"")),
                ("+2h", "kind = \"end\""),
            ]);
        let kinds: Vec<_> = run(&text).iter().map(|s| s.kind).collect();
        assert_eq!(kinds, ["session-start", "not-enforced"], "{client}");
    }
}

// S11 / S12 -------------------------------------------------------------------

#[test]
fn s11_after_sign_out_access_needs_a_sign_in() {
    let text = env("")
        + &events(&[
            ("+0m", "kind = \"activity\""),
            ("+1m", "kind = \"sign-in\""),
            ("+2m", "kind = \"sign-out\""),
            ("+3m", "kind = \"sign-out\""),
            ("+4m", "kind = \"access\""),
            (
                "+5m",
                "kind = \"access\"\nas_user = \"mallory@contoso.com\"",
            ),
            (
                "+6m",
                "kind = \"open-env\"\nenv = \"prod\"\nvia = \"manual-url\"",
            ),
        ]);
    assert_eq!(
        brief(&run(&text)),
        [
            b("08:00:00", "access-denied", "signed-out", "S11"),
            b("08:01:00", "session-start", "entra-session-policy", "S1"),
            b("08:02:00", "signed-out", "user-sign-out", "S11"),
            b("08:04:00", "access-denied", "signed-out", "S11"),
            b("08:05:00", "access-denied", "signed-out", "S11"),
        ]
    );
}

#[test]
fn s11_auto_sign_in_turns_activity_into_a_sign_in() {
    let text = env("session_length = \"1h\"\nsession_warning = \"0\"")
        + &events(&[
            ("+0m", "kind = \"sign-in\""),
            ("+90m", "kind = \"activity\""),
            ("+2h", "kind = \"end\""),
        ]);
    let (seen, summary) = run_with(&text, None, true);
    assert_eq!(
        brief(&seen),
        [
            b("08:00:00", "session-start", "custom-session-timeout", "S5"),
            b("09:00:00", "signed-out", "session-expired", "S5"),
            b("09:30:00", "session-start", "custom-session-timeout", "S5"),
        ]
    );
    assert_eq!(summary.sign_ins, 2);
    assert_eq!(summary.signed_in_min(), 60 + 30);
}

#[test]
fn s12_a_token_of_another_user_is_refused_and_the_session_goes_on() {
    let text = env("")
        + &events(&[
            ("+0m", "kind = \"sign-in\""),
            ("+5m", "kind = \"access\"\nas_user = \"bob@contoso.com\""),
            ("+6m", "kind = \"access\"\nas_user = \"alice@contoso.com\""),
            ("+1h", "kind = \"end\""),
        ]);
    let seen = run(&text);
    assert_eq!(
        brief(&seen),
        [
            b("08:00:00", "session-start", "entra-session-policy", "S1"),
            b("08:05:00", "access-denied", "token-user-mismatch", "S12"),
        ]
    );
    let (_, summary) = run_with(&text, None, false);
    assert_eq!(summary.users, 1, "as_user is not a user of the run");
}

// S13 and same-instant order ------------------------------------------------------

#[test]
fn s13_a_warning_whose_deadline_moved_is_not_given() {
    let text = env("inactivity = \"30m\"\ninactivity_warning = \"5m\"")
        + &events(&[
            ("+0m", "kind = \"sign-in\""),
            ("+20m", "kind = \"activity\""),
            // Before the 08:45 warning: it moves to 09:09.
            ("+44m", "kind = \"activity\""),
            ("+2h", "kind = \"end\""),
        ]);
    assert_eq!(
        brief(&run(&text)),
        [
            b("08:00:00", "session-start", "entra-session-policy", "S1"),
            b("09:09:00", "warning", "inactivity", "S6"),
            b("09:14:00", "signed-out", "inactivity", "S6"),
        ]
    );
    // Activity after a warning moves the deadline: a new warning comes.
    let text = env("inactivity = \"30m\"\ninactivity_warning = \"5m\"")
        + &events(&[
            ("+0m", "kind = \"sign-in\""),
            ("+26m", "kind = \"activity\""),
            ("+2h", "kind = \"end\""),
        ]);
    assert_eq!(
        brief(&run(&text)),
        [
            b("08:00:00", "session-start", "entra-session-policy", "S1"),
            b("08:25:00", "warning", "inactivity", "S6"),
            b("08:51:00", "warning", "inactivity", "S6"),
            b("08:56:00", "signed-out", "inactivity", "S6"),
        ]
    );
}

#[test]
fn s13_simultaneous_deadlines_report_the_first_of_the_list() {
    // Custom 24h and a 24h token lifetime end together: session-expired.
    let text = env(
        "session_length = \"24h\"\nsession_warning = \"0\"\n[tenant]\ntoken_lifetime = \"24h\"",
    ) + &events(&[("+0m", "kind = \"sign-in\"")]);
    assert_eq!(
        brief(&run(&text))[1..],
        [b(
            "2026-03-03T08:00:00Z",
            "signed-out",
            "session-expired",
            "S5"
        )]
    );
    // Inactivity ending with the session: session-expired.
    let text = env("session_length = \"1h\"\nsession_warning = \"0\"\ninactivity = \"30m\"")
        + &events(&[
            ("+0m", "kind = \"sign-in\""),
            ("+10m", "kind = \"activity\""),
            ("+30m", "kind = \"activity\""),
        ]);
    assert_eq!(
        brief(&run(&text))[1..],
        [b("09:00:00", "signed-out", "session-expired", "S5")]
    );
    // Inactivity with a token lifetime: inactivity.
    let text = env("inactivity = \"1h\"\n[tenant]\ntoken_lifetime = \"1h\"")
        + &events(&[("+0m", "kind = \"sign-in\"")]);
    assert_eq!(
        brief(&run(&text))[1..],
        [b("09:00:00", "signed-out", "inactivity", "S6")]
    );
}

#[test]
fn s13_each_warning_comes_at_its_time_though_another_deadline_takes_the_instant() {
    // Session 9h (warning 20m) and inactivity 8h (warning 5m) end together
    // at 17:00: the sign-out is session-expired (the tie rule chooses
    // between sign-outs only), and each warning comes at its own time.
    let text = env(
        "session_length = \"9h\"\nsession_warning = \"20m\"\ninactivity = \"8h\"\ninactivity_warning = \"5m\"",
    ) + &events(&[
        ("+0m", "kind = \"sign-in\""),
        ("+1h", "kind = \"activity\""),
    ]);
    let (seen, summary) = run_with(&text, None, false);
    assert_eq!(
        brief(&seen)[1..],
        [
            b("16:40:00", "warning", "session-expired", "S5"),
            b("16:55:00", "warning", "inactivity", "S6"),
            b("17:00:00", "signed-out", "session-expired", "S5"),
        ]
    );
    assert_eq!(summary.warnings, 2);
}

#[test]
fn an_end_event_hides_the_outcomes_of_its_own_instant() {
    let text = env("")
        + &events(&[
            ("+0m", "kind = \"sign-in\""),
            ("+1h", "kind = \"sign-out\""),
            ("+1h", "kind = \"end\""),
        ]);
    let (seen, summary) = run_with(&text, None, false);
    assert_eq!(
        brief(&seen),
        [b("08:00:00", "session-start", "entra-session-policy", "S1")]
    );
    assert_eq!(summary.signed_out.total(), 0);
    assert_eq!(summary.signed_in_min(), 60);
}

#[test]
fn s13_two_warnings_for_one_instant_are_both_reported() {
    let text = env(
        "session_length = \"1h\"\nsession_warning = \"10m\"\ninactivity = \"50m\"\ninactivity_warning = \"10m\"",
    ) + &events(&[
        ("+0m", "kind = \"sign-in\""),
        ("+10m", "kind = \"activity\""),
    ]);
    let seen = brief(&run(&text));
    assert_eq!(
        seen[1..],
        [
            b("08:50:00", "warning", "session-expired", "S5"),
            b("08:50:00", "warning", "inactivity", "S6"),
            b("09:00:00", "signed-out", "session-expired", "S5"),
        ]
    );
}

#[test]
fn an_end_event_and_until_count_the_same_users() {
    // Bob's only event is at the horizon: not read as happening.
    let rows = [
        ("+0m", "kind = \"sign-in\""),
        ("+2h", "kind = \"sign-in\"\nuser = \"bob\""),
    ];
    let with_end = env("") + &events(&[rows[0], rows[1], ("+2h", "kind = \"end\"")]);
    let with_until = format!("until = \"2026-03-02T10:00:00Z\"\n{}", env("")) + &events(&rows);
    let (seen_end, end) = run_with(&with_end, None, false);
    let (seen_until, until) = run_with(&with_until, None, false);
    assert_eq!(brief(&seen_end), brief(&seen_until));
    assert_eq!(end.users, 1);
    assert_eq!(until.users, 1);
    assert_eq!(end.signed_in_min(), until.signed_in_min());
}

#[test]
fn a_deadline_and_an_event_at_the_same_second_deadline_first() {
    let text = env("session_length = \"1h\"\nsession_warning = \"0\"")
        + &events(&[("+0m", "kind = \"sign-in\""), ("+1h", "kind = \"sign-in\"")]);
    assert_eq!(
        brief(&run(&text))[1..3],
        [
            b("09:00:00", "signed-out", "session-expired", "S5"),
            b("09:00:00", "session-start", "custom-session-timeout", "S5"),
        ]
    );
}

#[test]
fn a_warning_and_an_activity_at_the_same_second_warning_first() {
    let text = env("inactivity = \"30m\"\ninactivity_warning = \"5m\"")
        + &events(&[
            ("+0m", "kind = \"sign-in\""),
            ("+25m", "kind = \"activity\""),
            ("+30m", "kind = \"end\""),
        ]);
    assert_eq!(
        brief(&run(&text))[1..],
        [b("08:25:00", "warning", "inactivity", "S6")]
    );
}

#[test]
fn outcomes_of_one_instant_are_ordered_by_user() {
    let text = env("session_length = \"1h\"\nsession_warning = \"0\"")
        + &events(&[
            ("+0m", "kind = \"sign-in\"\nuser = \"zoe\""),
            ("+0m", "kind = \"sign-in\"\nuser = \"adam\""),
        ]);
    let seen = run(&text);
    let order: Vec<_> = seen.iter().map(|s| (s.user.as_str(), s.kind)).collect();
    assert_eq!(
        order,
        [
            ("adam", "session-start"),
            ("zoe", "session-start"),
            ("adam", "signed-out"),
            ("zoe", "signed-out"),
        ]
    );
}

#[test]
fn the_horizon_cuts_outcomes_and_counts_time_until_it() {
    let text = env("session_length = \"8h\"")
        + &events(&[
            ("+0m", "kind = \"sign-in\""),
            ("+9h", "kind = \"activity\""),
        ]);
    let (seen, summary) = run_with(&text, Some("+7h40m"), false);
    assert_eq!(seen.len(), 1, "the warning at the horizon is not reported");
    assert_eq!(summary.signed_in_min(), 460);
    let (seen, summary) = run_with(&text, Some("2026-03-02T16:00:00Z"), false);
    assert_eq!(seen.len(), 2);
    assert_eq!(summary.signed_in_min(), 480);
}
