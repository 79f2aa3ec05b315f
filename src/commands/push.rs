//! `sessadm push [NAME...]`: make the live service match the inventory:
//! read, show the plan, ask (or --yes), PATCH only what differs, verify
//! (SPEC §10.1). The inventory is only read.

use super::{Ctx, live};
use crate::cli::PushArgs;
use crate::error::Error;
use crate::model::{Environment, FieldChange};
use crate::tenant::{EnvReport, Failure, Report, Status, dataverse, plan};

const STATUSES: [Status; 3] = [Status::Changed, Status::Unchanged, Status::Failed];

/// An environment of the inventory and its live organization as read, or
/// why it could not be read.
type Planned<'e> = (&'e Environment, Result<dataverse::Org, Failure>);

pub fn run(ctx: &Ctx, a: PushArgs) -> Result<(), Error> {
    let mut store = ctx.store_read()?;
    let envs = live::select(store.read(|r| r.environments())?, &a.names)?;
    drop(store);
    let (options, session) = live::session(&a.live)?;
    // 1. Read every environment and plan.
    let read = live::in_parallel(ctx, "push", &envs, options.jobs, |e| {
        let url = e.url.as_deref().ok_or_else(|| {
            Failure::network("has no URL — set one with sessadm env update NAME --url".into())
        })?;
        dataverse::read(&session, url)
    });
    let mut not_started = read.iter().filter(|r| r.is_none()).count();
    let planned: Vec<Planned> = envs
        .iter()
        .zip(read)
        .filter_map(|(e, r)| r.map(|r| (e, r)))
        .collect();
    let shown = plan_report(&planned, true);
    if a.dry_run || shown.count(Status::Changed) == 0 || crate::term::interrupted() {
        let mut r = plan_report(&planned, a.dry_run);
        r.not_started = not_started;
        return live::finish(ctx, &r, "push", a.exit_code);
    }
    // 2. At a terminal the plan comes first, then the question.
    let asked = !ctx.yes && ctx.term.interactive();
    if asked && !ctx.json() {
        crate::term::print(&crate::render::tenant::report(&ctx.style(), &shown, "push"))?;
    }
    let n = shown.count(Status::Changed);
    ctx.confirm(
        &format!(
            "Change the live settings of {n} environment{}?",
            if n == 1 { "" } else { "s" }
        ),
        "push",
    )?;
    // 3. Write what differs, from the read that was shown.
    let todo: Vec<(&Environment, dataverse::Org)> = planned
        .iter()
        .filter_map(|(e, r)| match r {
            Ok(org) if !plan::push_changes(e, &org.settings).is_empty() => Some((*e, org.clone())),
            _ => None,
        })
        .collect();
    let written = live::in_parallel(ctx, "push", &todo, options.jobs, |(e, org)| {
        dataverse::push(&session, e, org.clone())
    });
    not_started += written.iter().filter(|r| r.is_none()).count();
    let reports = written_reports(&planned, &todo, written);
    let mut report = Report::new(reports, &STATUSES, false);
    report.not_started = not_started;
    live::finish(ctx, &report, "push", a.exit_code)
}

/// What pushing would change in each environment read.
fn plan_report(planned: &[Planned], dry_run: bool) -> Report {
    let reports = planned
        .iter()
        .map(|(e, r)| match r {
            Err(f) => EnvReport::failed(&e.name, e.url.as_deref(), f.clone()),
            Ok(org) => {
                let changes = plan::push_changes(e, &org.settings);
                let status = if changes.is_empty() {
                    Status::Unchanged
                } else {
                    Status::Changed
                };
                EnvReport::new(&e.name, e.url.as_deref(), status, changes)
            }
        })
        .collect();
    Report::new(reports, &STATUSES, dry_run)
}

/// What the push did to each environment read: `written` holds the
/// outcome of each of `todo` (those that differed), None if not started.
fn written_reports(
    planned: &[Planned],
    todo: &[(&Environment, dataverse::Org)],
    written: Vec<Option<Result<Vec<FieldChange>, Failure>>>,
) -> Vec<EnvReport> {
    let mut reports = Vec::with_capacity(planned.len());
    let mut results = todo.iter().zip(written);
    for (e, r) in planned {
        match r {
            Err(f) => reports.push(EnvReport::failed(&e.name, e.url.as_deref(), f.clone())),
            Ok(org) if plan::push_changes(e, &org.settings).is_empty() => reports.push(
                EnvReport::new(&e.name, e.url.as_deref(), Status::Unchanged, Vec::new()),
            ),
            Ok(_) => match results.next() {
                Some((_, Some(Ok(changes)))) => reports.push(EnvReport::new(
                    &e.name,
                    e.url.as_deref(),
                    if changes.is_empty() {
                        Status::Unchanged
                    } else {
                        Status::Changed
                    },
                    changes,
                )),
                Some((_, Some(Err(f)))) => {
                    reports.push(EnvReport::failed(&e.name, e.url.as_deref(), f))
                }
                _ => {}
            },
        }
    }
    reports
}
