//! `sessadm whatif`: the current settings and a proposal, side by side,
//! over a generated or replayed population.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, mpsc};

use super::simulate::FromDb;
use super::{Ctx, is_json, read_file};
use crate::cli::{ProfileArg, WhatifArgs, WhatifFormat};
use crate::duration::{format_minutes, parse_minutes, parse_offset_seconds};
use crate::error::{Code, Error, Violation};
use crate::located::Doc;
use crate::model::{DEFAULT_TOKEN_LIFETIME_MIN, Environment};
use crate::render;
use crate::rules::{self, name_key};
use crate::sim::csv;
use crate::sim::engine::Engine;
use crate::sim::messages::Report;
use crate::whatif::metrics::Metrics;
use crate::whatif::population::Profile;
use crate::whatif::{
    Figures, Generated, Population, Side, Tracker, WhatIf, baselines_met, difference, run_generated,
};

fn profile(p: ProfileArg) -> Profile {
    match p {
        ProfileArg::Office => Profile::Office,
        ProfileArg::Shift => Profile::Shift,
        ProfileArg::Field => Profile::Field,
        ProfileArg::ContactCenter => Profile::ContactCenter,
        ProfileArg::Mixed => Profile::Mixed,
    }
}

/// The proposal: a policy file's entry, or flags over the current settings.
fn proposal(a: &WhatifArgs, env: &Environment, current: &Side) -> Result<Side, Error> {
    match &a.propose {
        Some(path) => proposed_in_file(path, env, current),
        None => proposed_by_flags(a, current),
    }
}

/// The environment's entry of a policy file (or its only one), and its
/// `[tenant]`, over the current settings.
fn proposed_in_file(
    path: &std::path::Path,
    env: &Environment,
    current: &Side,
) -> Result<Side, Error> {
    let mut side = current.clone();
    let shown = path.display().to_string();
    let text = read_file(path)?;
    let policy =
        crate::policy::parse(&Doc::new(&shown, &text), is_json(path)).map_err(Error::Invalid)?;
    let wanted = policy
        .environments
        .iter()
        .find(|w| name_key(&w.env.name) == name_key(&env.name))
        .or(match policy.environments.as_slice() {
            [only] => Some(only),
            _ => None,
        })
        .ok_or_else(|| {
            Error::one(
                Violation::new(
                    Code::Unknown,
                    format!(
                        "{shown} has no entry for environment {} — name it, or keep one environment in the file",
                        crate::text::shown(&env.name)
                    ),
                )
                .value(crate::text::cut(&env.name)),
            )
        })?;
    side.settings = wanted.env.settings;
    side.version = wanted.env.version.clone().or(side.version);
    if let Some(t) = policy.tenant {
        side.tenant = t;
    }
    Ok(side)
}

/// The settings flags over the current settings, checked against V1–V9.
fn proposed_by_flags(a: &WhatifArgs, current: &Side) -> Result<Side, Error> {
    let mut side = current.clone();
    let mut errors = Vec::new();
    let mut minutes = |v: &Option<String>, what: &str| -> Option<u32> {
        v.as_deref()
            .and_then(|s| parse_minutes(s, what).map_err(|e| errors.push(e)).ok())
    };
    let length = minutes(&a.session_length, "session length");
    let warning = minutes(&a.session_warning, "session warning");
    let inactivity = minutes(&a.inactivity, "inactivity timeout");
    let inactivity_warning = minutes(&a.inactivity_warning, "inactivity warning");
    let token = minutes(&a.token_lifetime, "token lifetime");
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    let s = &mut side.settings;
    if let Some(l) = length {
        s.session_enabled = true;
        s.session_length_min = l;
    }
    if a.no_session_length {
        s.session_enabled = false;
    }
    if let Some(w) = warning {
        s.session_warning_min = w;
    }
    if a.no_session_warning {
        s.session_warning_min = 0;
    }
    if let Some(i) = inactivity {
        s.inactivity_enabled = true;
        s.inactivity_min = Some(i);
    }
    if a.no_inactivity {
        s.inactivity_enabled = false;
    }
    if let Some(w) = inactivity_warning {
        s.inactivity_warning_min = w;
    }
    if a.no_inactivity_warning {
        s.inactivity_warning_min = 0;
    }
    if let Some(t) = token {
        side.tenant.token_lifetime_min = t;
    }
    if a.no_token_lifetime {
        side.tenant.token_lifetime_min = DEFAULT_TOKEN_LIFETIME_MIN;
    }
    let mut violations = rules::check_settings(&side.settings);
    violations.extend(rules::check_token_lifetime(side.tenant.token_lifetime_min));
    if !violations.is_empty() {
        return Err(Error::Invalid(violations));
    }
    let nothing = length.is_none()
        && warning.is_none()
        && inactivity.is_none()
        && inactivity_warning.is_none()
        && token.is_none()
        && !(a.no_session_length
            || a.no_session_warning
            || a.no_inactivity
            || a.no_inactivity_warning
            || a.no_token_lifetime);
    if nothing {
        return Err(Error::usage(
            "nothing proposed — pass --propose FILE or settings such as --inactivity 15m or --session-length 8h",
        ));
    }
    Ok(side)
}

/// What the proposal changes, in words: "inactivity: 30m → 15m".
fn changes(env: &Environment, current: &Side, proposed: &Side) -> Vec<String> {
    let before = Environment {
        settings: current.settings,
        ..env.clone()
    };
    let after = Environment {
        settings: proposed.settings,
        ..env.clone()
    };
    let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "—".into());
    let mut out: Vec<String> = before
        .fields()
        .into_iter()
        .zip(after.fields())
        .filter(|(x, y)| x.1 != y.1)
        .map(|((f, x), (_, y))| format!("{f}: {} → {}", show(&x), show(&y)))
        .collect();
    if current.tenant != proposed.tenant {
        out.push(format!(
            "token_lifetime: {} → {}",
            format_minutes(u64::from(current.tenant.token_lifetime_min)),
            format_minutes(u64::from(proposed.tenant.token_lifetime_min))
        ));
    }
    out
}

pub fn run(ctx: &Ctx, a: WhatifArgs) -> Result<(), Error> {
    let db = ctx.store_read()?.read(|r| FromDb::load(r, &a.env))?;
    let (env, tenant) = (&db.env, db.tenant);
    let current = Side {
        settings: env.settings,
        tenant,
        version: env.version.clone(),
    };
    let proposed = proposal(&a, env, &current)?;
    // An offset is written without a sign ("30s", "+30s"), so never negative.
    let cost_s = parse_offset_seconds(&a.sign_in_cost, "sign-in cost")?.unsigned_abs();
    let threads = a.threads.map_or_else(
        || std::thread::available_parallelism().map_or(1, |n| n.get()),
        |t| t as usize,
    );
    let (m_current, m_proposed, population) = match &a.replay {
        None => {
            let pop = Generated {
                profile: profile(a.profile),
                users: a.users,
                days: a.days,
                seed: a.seed,
            };
            let done = AtomicU64::new(0);
            let (x, y) = crate::term::progress_after_a_second(
                ctx.term.stderr_tty,
                pop.users,
                "whatif {wide_bar} {pos}/{len} users {eta}",
                &done,
                || run_generated(&current, &proposed, pop, threads, &done),
            );
            let events = x.events;
            (
                x,
                y,
                Population::Generated {
                    profile: pop.profile.as_str(),
                    users: pop.users,
                    days: pop.days,
                    seed: pop.seed,
                    events,
                    sign_in_cost_s: cost_s,
                },
            )
        }
        Some(path) => {
            let (x, y) = replay(ctx, path, &current, &proposed, a.auto_sign_in, &db)?;
            let (users, events) = (x.outcomes.users, x.events);
            (
                x,
                y,
                Population::Replay {
                    file: path.display().to_string(),
                    users,
                    events,
                    auto_sign_in: a.auto_sign_in,
                    sign_in_cost_s: cost_s,
                },
            )
        }
    };
    let current_fig = Figures::new(&m_current, baselines_met(&current, &env.name), cost_s);
    let proposed_fig = Figures::new(&m_proposed, baselines_met(&proposed, &env.name), cost_s);
    let report = WhatIf {
        difference: difference(&current_fig, &proposed_fig),
        current: current_fig,
        proposed: proposed_fig,
        population,
        environment: env.name.clone(),
        changes: changes(env, &current, &proposed),
        cost_s,
    };
    match a.format {
        Some(WhatifFormat::Html) => crate::term::print(&render::html::whatif::page(&report)),
        Some(WhatifFormat::Json) => crate::term::print(&render::json(&report)?),
        Some(WhatifFormat::Table) => {
            crate::term::print(&render::whatif::report(&ctx.style(), &report))
        }
        None => ctx.emit(&report, |s| render::whatif::report(s, &report)),
    }
}

/// Replay a CSV under both sides: this thread reads and checks the file
/// once and hands every batch to two engine threads, one a side, so the
/// parsing is not done twice. A bad row still fails the whole replay.
fn replay(
    ctx: &Ctx,
    path: &std::path::Path,
    current: &Side,
    proposed: &Side,
    auto_sign_in: bool,
    db: &FromDb,
) -> Result<(Metrics, Metrics), Error> {
    let shown = path.display().to_string();
    let file =
        std::fs::File::open(path).map_err(|e| Error::io(format!("cannot read {shown}"), e))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let read_bytes = AtomicU64::new(0);
    let input = crate::input::Counting {
        inner: std::io::BufReader::with_capacity(1 << 16, file),
        read: &read_bytes,
    };
    // Set before the batches end: whether every row was valid, so that
    // the engines do not run out the clock for a replay that has failed.
    let valid = AtomicBool::new(false);
    let run = |side: &Side, batches: mpsc::Receiver<Arc<csv::Batch>>| -> Option<Metrics> {
        let mut engine = Engine::new(side.config(auto_sign_in, None));
        let tracker = std::cell::RefCell::new(Tracker::default());
        let mut sink = |r: &Report<'_>| tracker.borrow_mut().outcome(r);
        let mut running = true;
        for b in batches {
            engine.add_users(b.names.iter().cloned());
            if !running {
                continue; // past the end: the reader goes on checking
            }
            for ev in &b.events {
                if !engine.push(ev, &mut sink) {
                    running = false;
                    break;
                }
                tracker.borrow_mut().event(ev);
            }
        }
        if !valid.load(Ordering::SeqCst) {
            return None;
        }
        let summary = engine.finish(&mut sink);
        Some(tracker.into_inner().finish(summary))
    };
    std::thread::scope(|s| {
        let (to_a, from_reader) = mpsc::sync_channel::<Arc<csv::Batch>>(4);
        let a = s.spawn(|| run(current, from_reader));
        let (to_b, from_reader) = mpsc::sync_channel::<Arc<csv::Batch>>(4);
        let b = s.spawn(|| run(proposed, from_reader));
        // Other environments opened in the timeline: from the database, as
        // `simulate` finds them.
        let mut lookup = |name: &str| db.is_legacy(name);
        let mut send = move |batch: csv::Batch| {
            let batch = Arc::new(batch);
            to_a.send(Arc::clone(&batch)).is_ok() && to_b.send(batch).is_ok()
        };
        let read = crate::term::progress_after_a_second(
            ctx.term.stderr_tty && size > 0,
            size,
            "whatif {wide_bar} {bytes}/{total_bytes} {eta}",
            &read_bytes,
            || csv::read(input, &shown, &mut lookup, &mut send),
        );
        valid.store(read.is_ok(), Ordering::SeqCst);
        drop(send); // ends the engines' loops
        let stopped = || Error::Io("the replay stopped unexpectedly".into());
        let (a, b) = (a.join(), b.join());
        read.map_err(Error::Invalid)?;
        match (a, b) {
            (Ok(Some(a)), Ok(Some(b))) => Ok((a, b)),
            _ => Err(stopped()),
        }
    })
}
