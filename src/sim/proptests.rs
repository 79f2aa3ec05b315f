//! Invariants of the engine over random timelines.

use proptest::prelude::*;

use super::engine::{Config, Engine};
use super::event::{Account, Client, Event, Kind, Via};
use super::outcome::{OutKind, Outcome};
use crate::model::Settings;

const START: i64 = 1_772_438_400; // 2026-03-02T08:00:00Z

fn settings() -> impl Strategy<Value = Settings> {
    (
        any::<bool>(),
        60u32..=1440,
        0u32..60,
        any::<bool>(),
        5u32..=120,
        0u32..5,
    )
        .prop_map(
            |(session_enabled, len, warn, inactivity_enabled, after, iwarn)| {
                let limit = if session_enabled { len } else { 1440 };
                Settings {
                    session_enabled,
                    session_length_min: len,
                    session_warning_min: warn.min(len - 1),
                    inactivity_enabled,
                    inactivity_min: Some(after.min(limit - 1)),
                    inactivity_warning_min: iwarn.min(after.min(limit - 1) - 1),
                }
            },
        )
}

fn client() -> impl Strategy<Value = Client> {
    prop::sample::select(Client::ALL.to_vec())
}

fn kind(users: u32) -> impl Strategy<Value = Kind> {
    prop_oneof![
        4 => (client(), any::<bool>(), any::<bool>()).prop_map(|(client, s, g)| Kind::SignIn {
            client,
            stay_signed_in: s,
            global_context: g,
        }),
        8 => Just(Kind::Activity),
        2 => proptest::option::of(0..users).prop_map(|as_user| Kind::Access { as_user }),
        1 => (any::<bool>(), any::<bool>()).prop_map(|(legacy, m)| Kind::OpenEnv {
            legacy,
            via: if m { Via::ManualUrl } else { Via::Link },
        }),
        2 => Just(Kind::SignOut),
        1 => settings().prop_map(Kind::Settings),
        1 => prop::sample::select(vec![
            Account::Disabled,
            Account::Deleted,
            Account::SignInBlocked,
            Account::RefreshTokenRevoked,
            Account::Enabled,
            Account::Enabled,
        ])
        .prop_map(Kind::Account),
        1 => Just(Kind::OutageStart),
        1 => Just(Kind::OutageEnd),
    ]
}

/// A timeline: (gap to the previous event in seconds, user, kind).
fn timeline() -> impl Strategy<Value = (Config, Vec<Event>, Vec<String>)> {
    (
        settings(),
        any::<bool>(),
        60i64..=7 * 86_400,
        any::<bool>(),
        proptest::option::of(3_600i64..3 * 86_400),
        1u32..4,
    )
        .prop_flat_map(|(settings, legacy, token, auto, horizon, users)| {
            let events = prop::collection::vec(
                (
                    prop_oneof![Just(0i64), 1i64..120, 120i64..7_200, 3_600i64..40_000],
                    0..users,
                    kind(users),
                ),
                0..60,
            );
            (
                Just((settings, legacy, token, auto, horizon, users)),
                events,
            )
        })
        .prop_map(|((settings, legacy, token, auto, horizon, users), raw)| {
            let mut t = START;
            let events = raw
                .into_iter()
                .map(|(gap, user, kind)| {
                    t += gap;
                    Event { at: t, user, kind }
                })
                .collect();
            let config = Config {
                settings,
                version: legacy.then(|| "9.0".to_string()),
                legacy,
                token_lifetime: token * 60,
                auto_sign_in: auto,
                horizon: horizon.map(|h| START + h),
            };
            let names = (0..users).map(|u| format!("user{u}@contoso.com")).collect();
            (config, events, names)
        })
}

fn run(config: &Config, events: &[Event], names: &[String]) -> Vec<(Outcome, String)> {
    let mut engine = Engine::new(config.clone()).with_users(names.to_vec());
    let mut out = Vec::new();
    let mut sink = |r: &super::messages::Report<'_>| {
        // Every message can be written.
        assert!(!r.message().is_empty());
        out.push((*r.outcome, r.user.to_string()));
    };
    for ev in events {
        if !engine.push(ev, &mut sink) {
            break;
        }
    }
    engine.finish(&mut sink);
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn outcomes_are_in_time_then_user_order((config, events, names) in timeline()) {
        let out = run(&config, &events, &names);
        for w in out.windows(2) {
            let (a, b) = (&w[0], &w[1]);
            prop_assert!(a.0.at < b.0.at || (a.0.at == b.0.at && a.1 <= b.1),
                "{} {} then {} {}", a.0.at, a.1, b.0.at, b.1);
        }
        if let Some(h) = config.horizon {
            prop_assert!(out.iter().all(|(o, _)| o.at < h));
        }
    }

    #[test]
    fn every_outcome_survives_being_held((config, events, names) in timeline()) {
        // What waits while a CSV is checked (sim::log) comes back unchanged:
        // every kind, reason, rule and detail the engine gives is encodable.
        let out = run(&config, &events, &names);
        let mut e = crate::sim::log::Encoder::new(Default::default());
        for (o, _) in &out {
            e.push(o);
        }
        let bytes = e.into_bytes();
        let back: Vec<_> = crate::sim::log::Decoder::new(&bytes, Default::default()).collect();
        prop_assert_eq!(back.len(), out.len());
        for (b, (o, _)) in back.iter().zip(&out) {
            prop_assert_eq!(b.as_ref(), Some(o));
        }
    }

    #[test]
    fn the_same_input_gives_the_same_output((config, events, names) in timeline()) {
        prop_assert_eq!(run(&config, &events, &names), run(&config, &events, &names));
    }

    #[test]
    fn on_an_enforcing_client_no_session_outlives_its_custom_length(
        (config, events, names) in timeline()
    ) {
        let out = run(&config, &events, &names);
        let mut open: std::collections::HashMap<&str, (i64, i64)> = Default::default();
        let mut lengths = vec![];
        for (o, u) in &out {
            match o.kind {
                OutKind::SessionStart => {
                    if o.rule == "S5" {
                        // ends_at is sign-in + the custom length or earlier.
                        let end = o.ends_at.expect("session-start carries ends_at");
                        open.insert(u, (o.at, end));
                        lengths.push(end - o.at);
                    } else {
                        open.remove(u.as_str());
                    }
                }
                OutKind::SignedOut | OutKind::ReauthRequired => {
                    if let Some((start, end)) = open.remove(u.as_str()) {
                        prop_assert!(o.at <= end, "session from {start} ended at {} after {end}", o.at);
                    }
                }
                _ => {}
            }
        }
        for l in lengths {
            prop_assert!(l <= 1440 * 60);
        }
    }

    #[test]
    fn after_a_sign_out_only_refusals_or_a_new_sign_in((config, events, names) in timeline()) {
        let out = run(&config, &events, &names);
        let mut signed_out: std::collections::HashSet<&str> = Default::default();
        for (o, u) in &out {
            if signed_out.contains(u.as_str()) {
                prop_assert!(
                    matches!(o.kind, OutKind::SignInRefused | OutKind::AccessDenied | OutKind::SessionStart),
                    "{} after a sign-out of {u}", o.kind.as_str()
                );
            }
            match o.kind {
                OutKind::SignedOut | OutKind::ReauthRequired => { signed_out.insert(u); }
                OutKind::SessionStart => { signed_out.remove(u.as_str()); }
                _ => {}
            }
        }
    }
}

/// Whatever bytes come in, reading them never panics: it gives a scenario
/// or errors.
mod no_panic {
    use proptest::prelude::*;

    use crate::located::Doc;
    use crate::sim::scenario::{Context, parse};

    fn fragments() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "start = \"2026-03-02T08:00:00Z\"\n",
            "[environment]\nname = \"p\"\n",
            "session_length = \"8h\"\n",
            "inactivity = 99999999999\n",
            "[[events]]\nat = \"+0m\"\nkind = \"sign-in\"\n",
            "at = \"+99999999999999d\"\n",
            "kind = \"open-env\"\nenv = \"x\"\n",
            "[[environments]]\nname = \"x\"\nversion = \"9.0\"\n",
            "{\"start\": [1, {\"a\": null}], \"events\": [{}]}",
            "\"\\ud800\"",
            "\u{0}\u{ffff}é",
            "[",
            "]]",
            "=",
            "\n",
        ]);
        prop::collection::vec(pieces, 0..12).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

        #[test]
        fn scenarios_never_panic(text in prop_oneof![fragments(), ".{0,200}"], json in any::<bool>()) {
            let lookup = |_: &str| None;
            let ctx = Context { env: None, tenant: None, lookup: &lookup, until: None, auto_sign_in: false };
            let _ = parse(&Doc::new("f", &text), json, &ctx);
        }

        #[test]
        fn csv_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..400), header in any::<bool>()) {
            let mut input = if header {
                b"at,user,kind,client,stay_signed_in,global_context,env,via,as_user\n".to_vec()
            } else {
                Vec::new()
            };
            input.extend(bytes);
            let mut lookup = |_: &str| Some(false);
            let mut sink = |_: crate::sim::csv::Batch| true;
            let _ = crate::sim::csv::read(&input[..], "f.csv", &mut lookup, &mut sink);
        }
    }
}
