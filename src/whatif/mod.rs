//! Policy impact: a population of users run through the simulation engine
//! under the current settings and a proposal, side by side.
//!
//! Users are independent, so a generated population is split across
//! threads, each running one engine per side and taking users one at a
//! time: memory does not grow with the number of users or events, and the
//! totals are the same whatever the number of threads. No I/O here; a
//! replayed CSV is read by the caller.

pub mod metrics;
pub mod population;
pub mod rng;

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Serialize, Serializer};

use crate::audit::{self, BASELINES, Verdict};
use crate::model::{Environment, Settings, Tenant};
use crate::sim::engine::{Config, Engine};
use crate::sim::event::Event;
use crate::sim::messages::Report;
use crate::sim::outcome::{REAUTH, SIGNED_OUT, Summary};
use metrics::{Metrics, Track};
use population::{Profile, horizon, user_timeline};

/// One side of the comparison: the settings users work under.
#[derive(Debug, Clone)]
pub struct Side {
    pub settings: Settings,
    pub tenant: Tenant,
    pub version: Option<String>,
}

impl Side {
    pub fn config(&self, auto_sign_in: bool, horizon: Option<i64>) -> Config {
        Config::new(
            self.settings,
            self.version.clone(),
            &self.tenant,
            auto_sign_in,
            horizon,
        )
    }
}

/// Generated populations run as with `--auto-sign-in` (S11): a user starts
/// each working day after the first with an activity, which is itself an
/// interactive sign-in when the session has ended.
const AUTO_SIGN_IN: bool = true;

/// A generated population.
#[derive(Debug, Clone, Copy)]
pub struct Generated {
    pub profile: Profile,
    pub users: u64,
    pub days: u32,
    pub seed: u64,
}

/// Run a generated population on `threads` threads: (current, proposed).
/// `done` counts the users run so far, for whoever shows progress.
pub fn run_generated(
    current: &Side,
    proposed: &Side,
    pop: Generated,
    threads: usize,
    done: &AtomicU64,
) -> (Metrics, Metrics) {
    let next = AtomicU64::new(0);
    let end = horizon(pop.days);
    let chunk = 64;
    let work = || {
        let mut engines = [
            Engine::new(current.config(AUTO_SIGN_IN, Some(end))).with_users(vec!["user".into()]),
            Engine::new(proposed.config(AUTO_SIGN_IN, Some(end))).with_users(vec!["user".into()]),
        ];
        let mut totals = [Metrics::default(), Metrics::default()];
        let mut events: Vec<Event> = Vec::new();
        loop {
            let from = next.fetch_add(chunk, Ordering::Relaxed);
            if from >= pop.users {
                break;
            }
            let to = (from + chunk).min(pop.users);
            for user in from..to {
                user_timeline(pop.profile, pop.seed, user, pop.days, 0, &mut events);
                for (engine, m) in engines.iter_mut().zip(totals.iter_mut()) {
                    run_one(engine, &events, m);
                }
            }
            done.fetch_add(to - from, Ordering::Relaxed);
        }
        totals
    };
    let results: Vec<[Metrics; 2]> = if threads <= 1 {
        vec![work()]
    } else {
        std::thread::scope(|s| {
            let handles: Vec<_> = (0..threads).map(|_| s.spawn(work)).collect();
            // A worker that panicked is a bug, and its users are missing
            // from the totals: go on panicking, as on one thread, rather
            // than print figures that leave them out.
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
                .collect()
        })
    };
    let (mut a, mut b) = (Metrics::default(), Metrics::default());
    for [x, y] in &results {
        a.merge(x);
        b.merge(y);
    }
    (a, b)
}

/// One user's timeline through an engine, counted into `m`.
fn run_one(engine: &mut Engine, events: &[Event], m: &mut Metrics) {
    engine.restart();
    let counted = RefCell::new((Track::default(), m));
    let mut sink = |r: &Report<'_>| {
        let (track, m) = &mut *counted.borrow_mut();
        track.on_outcome(m, r.outcome);
    };
    for ev in events {
        if !engine.push(ev, &mut sink) {
            break;
        }
        // The engine has released everything before this instant.
        let (track, m) = &mut *counted.borrow_mut();
        track.on_event(m, ev.at);
    }
    let summary = engine.finish(&mut sink);
    let (track, m) = &mut *counted.borrow_mut();
    track.finish(m);
    m.outcomes.merge(&summary);
}

/// Follows each user of a multi-user run (a replayed CSV) through their
/// events and outcomes.
#[derive(Default)]
pub struct Tracker {
    pub metrics: Metrics,
    tracks: Vec<Track>,
}

impl Tracker {
    pub fn event(&mut self, ev: &Event) {
        if !ev.kind.is_users() {
            return;
        }
        let u = ev.user as usize;
        if self.tracks.len() <= u {
            self.tracks.resize(u + 1, Track::default());
        }
        self.tracks[u].on_event(&mut self.metrics, ev.at);
    }

    pub fn outcome(&mut self, r: &Report<'_>) {
        let u = r.outcome.user as usize;
        if self.tracks.len() <= u {
            self.tracks.resize(u + 1, Track::default());
        }
        self.tracks[u].on_outcome(&mut self.metrics, r.outcome);
    }

    /// The end of the run, with the engine's summary of it.
    pub fn finish(mut self, summary: Summary) -> Metrics {
        for t in &mut self.tracks {
            t.finish(&mut self.metrics);
        }
        self.metrics.outcomes = summary;
        self.metrics
    }
}

/// The baselines of SPEC §8 a side meets: no SHALL fails.
pub fn baselines_met(side: &Side, name: &str) -> Vec<&'static str> {
    let env = Environment {
        id: 0,
        name: name.to_string(),
        url: None,
        version: side.version.clone(),
        description: None,
        settings: side.settings,
        created_at: String::new(),
        updated_at: String::new(),
    };
    BASELINES
        .iter()
        .filter(|b| {
            audit::audit(&env, &side.tenant, &[b])
                .iter()
                .all(|f| f.result != Verdict::Fail)
        })
        .map(|b| b.id)
        .collect()
}

fn round(x: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (x * f).round() / f
}

/// Counts by reason, in the order of the engine's reason table; `-o json`
/// prints them as an object keyed by reason name.
#[derive(Debug, Clone, PartialEq)]
pub struct ByReason<T>(pub Vec<(&'static str, T)>);

impl<T: Serialize> Serialize for ByReason<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

impl ByReason<u64> {
    fn new<const N: usize>(counts: &[u64; N], names: &[crate::sim::outcome::Reason; N]) -> Self {
        ByReason(
            names
                .iter()
                .map(|r| r.as_str())
                .zip(counts.iter().copied())
                .collect(),
        )
    }

    /// other − self, reason by reason; both come from the same table.
    fn to(&self, other: &Self) -> ByReason<i64> {
        ByReason(
            self.0
                .iter()
                .zip(&other.0)
                .map(|(&(k, a), &(_, b))| (k, delta(a, b)))
                .collect(),
        )
    }
}

/// One side's figures, as `-o json` prints them.
#[derive(Debug, Clone, Serialize)]
pub struct Figures {
    pub users: u64,
    pub user_days: u64,
    pub sign_ins: u64,
    pub sign_ins_per_user_day: f64,
    pub signed_out: ByReason<u64>,
    pub reauth_required: ByReason<u64>,
    pub forced_sign_outs: u64,
    pub warnings: u64,
    pub users_affected: u64,
    pub users_affected_share: f64,
    pub median_uninterrupted_min: u64,
    pub p95_uninterrupted_min: u64,
    pub reauth_minutes_lost: f64,
    pub forced_sign_outs_by_hour: Vec<u64>,
    pub baselines_met: Vec<&'static str>,
    /// Stretches of uninterrupted working time in
    /// [`metrics::STRETCH_BINS`], for the page's chart; not in `-o json`.
    #[serde(skip)]
    pub uninterrupted_by_length: Vec<u64>,
}

impl Figures {
    pub fn new(m: &Metrics, baselines: Vec<&'static str>, cost_s: u64) -> Self {
        let o = &m.outcomes;
        let per_day = if m.user_days == 0 {
            0.0
        } else {
            o.sign_ins as f64 / m.user_days as f64
        };
        let share = if o.users == 0 {
            0.0
        } else {
            m.affected_users as f64 / o.users as f64
        };
        Figures {
            users: o.users,
            user_days: m.user_days,
            sign_ins: o.sign_ins,
            sign_ins_per_user_day: round(per_day, 3),
            signed_out: ByReason::new(&o.signed_out.reasons, &SIGNED_OUT),
            reauth_required: ByReason::new(&o.reauth_required.reasons, &REAUTH),
            forced_sign_outs: m.forced(),
            warnings: o.warnings,
            users_affected: m.affected_users,
            users_affected_share: round(share, 4),
            median_uninterrupted_min: m.stretch_quantile(0.5),
            p95_uninterrupted_min: m.stretch_quantile(0.95),
            reauth_minutes_lost: round(o.sign_ins as f64 * cost_s as f64 / 60.0, 1),
            forced_sign_outs_by_hour: m.forced_by_hour.to_vec(),
            baselines_met: baselines,
            uninterrupted_by_length: m.stretch_bins(),
        }
    }
}

/// Who was run: a generated population or a replayed file. `-o json`
/// names which in `source`, before the other fields.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "source", rename_all = "snake_case")]
pub enum Population {
    Generated {
        profile: &'static str,
        users: u64,
        days: u32,
        seed: u64,
        events: u64,
        sign_in_cost_s: u64,
    },
    Replay {
        file: String,
        users: u64,
        events: u64,
        auto_sign_in: bool,
        sign_in_cost_s: u64,
    },
}

/// What `whatif` prints with `-o json` (and draws its table from).
#[derive(Serialize)]
pub struct WhatIf {
    pub current: Figures,
    pub proposed: Figures,
    pub difference: Difference,
    pub population: Population,
    /// For the table: the environment and what the proposal changes.
    #[serde(skip)]
    pub environment: String,
    #[serde(skip)]
    pub changes: Vec<String>,
    #[serde(skip)]
    pub cost_s: u64,
}

/// proposed − current, figure by figure: counts as signed integers,
/// shares and rates rounded to 4 places so that float noise does not show.
#[derive(Debug, Clone, Serialize)]
pub struct Difference {
    pub users: i64,
    pub user_days: i64,
    pub sign_ins: i64,
    pub sign_ins_per_user_day: f64,
    pub signed_out: ByReason<i64>,
    pub reauth_required: ByReason<i64>,
    pub forced_sign_outs: i64,
    pub warnings: i64,
    pub users_affected: i64,
    pub users_affected_share: f64,
    pub median_uninterrupted_min: i64,
    pub p95_uninterrupted_min: i64,
    pub reauth_minutes_lost: f64,
    pub forced_sign_outs_by_hour: Vec<i64>,
    pub baselines_met: BaselinesChange,
}

/// The baselines the proposal meets and the current settings do not
/// (`gained`), and the other way round (`lost`), in SPEC order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BaselinesChange {
    pub gained: Vec<&'static str>,
    pub lost: Vec<&'static str>,
}

/// b − a for counts. No count comes near 2^63, so the casts cannot wrap.
fn delta(a: u64, b: u64) -> i64 {
    b as i64 - a as i64
}

/// proposed − current, figure by figure.
pub fn difference(current: &Figures, proposed: &Figures) -> Difference {
    let (a, b) = (current, proposed);
    let real = |x: f64, y: f64| round(y - x, 4);
    let only_in = |x: &[&'static str], y: &[&'static str]| -> Vec<&'static str> {
        x.iter().filter(|v| !y.contains(v)).copied().collect()
    };
    Difference {
        users: delta(a.users, b.users),
        user_days: delta(a.user_days, b.user_days),
        sign_ins: delta(a.sign_ins, b.sign_ins),
        sign_ins_per_user_day: real(a.sign_ins_per_user_day, b.sign_ins_per_user_day),
        signed_out: a.signed_out.to(&b.signed_out),
        reauth_required: a.reauth_required.to(&b.reauth_required),
        forced_sign_outs: delta(a.forced_sign_outs, b.forced_sign_outs),
        warnings: delta(a.warnings, b.warnings),
        users_affected: delta(a.users_affected, b.users_affected),
        users_affected_share: real(a.users_affected_share, b.users_affected_share),
        median_uninterrupted_min: delta(a.median_uninterrupted_min, b.median_uninterrupted_min),
        p95_uninterrupted_min: delta(a.p95_uninterrupted_min, b.p95_uninterrupted_min),
        reauth_minutes_lost: real(a.reauth_minutes_lost, b.reauth_minutes_lost),
        forced_sign_outs_by_hour: a
            .forced_sign_outs_by_hour
            .iter()
            .zip(&b.forced_sign_outs_by_hour)
            .map(|(&x, &y)| delta(x, y))
            .collect(),
        baselines_met: BaselinesChange {
            gained: only_in(&b.baselines_met, &a.baselines_met),
            lost: only_in(&a.baselines_met, &b.baselines_met),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures(baselines: Vec<&'static str>) -> Figures {
        let mut m = Metrics {
            user_days: 10,
            ..Metrics::default()
        };
        m.outcomes.users = 3;
        m.outcomes.sign_ins = 7;
        Figures::new(&m, baselines, 30)
    }

    fn keys(v: &impl Serialize) -> Vec<String> {
        match serde_json::to_value(v) {
            Ok(serde_json::Value::Object(o)) => o.keys().cloned().collect(),
            other => panic!("not an object: {other:?}"),
        }
    }

    #[test]
    fn the_difference_has_every_figure_in_the_same_order() {
        let a = figures(vec![]);
        let d = difference(&a, &a);
        assert_eq!(keys(&d), keys(&a));
        assert_eq!(keys(&d.signed_out), keys(&a.signed_out));
        assert_eq!(keys(&d.reauth_required), keys(&a.reauth_required));
    }

    #[test]
    fn the_difference_is_proposed_minus_current() {
        let a = figures(vec!["B1", "B2"]);
        let mut b = figures(vec!["B2", "B3"]);
        b.sign_ins = 2;
        b.users_affected_share = 0.1 + 0.2;
        b.forced_sign_outs_by_hour[9] = 4;
        let d = difference(&a, &b);
        assert_eq!(d.sign_ins, -5);
        assert_eq!(d.users_affected_share, 0.3);
        assert_eq!(d.forced_sign_outs_by_hour[9], 4);
        assert_eq!(
            d.baselines_met,
            BaselinesChange {
                gained: vec!["B3"],
                lost: vec!["B1"]
            }
        );
        assert!(d.signed_out.0.iter().all(|&(_, n)| n == 0));
    }
}
