//! `sessadm pull [NAME...]`: read the live session columns and make the
//! inventory match, in one transaction with history (SPEC §10.1).

use super::{Ctx, actor, live};
use crate::cli::PullArgs;
use crate::error::Error;
use crate::model::Settings;
use crate::tenant::{self, EnvReport, Failure, Report, Status, dataverse, plan};

pub fn run(ctx: &Ctx, a: PullArgs) -> Result<(), Error> {
    let mut store = ctx.store()?;
    let envs = live::select(store.read(|r| r.environments())?, &a.names)?;
    let (options, session) = live::session(&a.live)?;
    let read = live::in_parallel(ctx, "pull", &envs, options.jobs, |e| {
        read_one(&session, e.url.as_deref())
    });
    let not_started = read.iter().filter(|r| r.is_none()).count();
    let done: Vec<(&crate::model::Environment, Result<Settings, Failure>)> = envs
        .iter()
        .zip(read)
        .filter_map(|(e, r)| r.map(|r| (e, r)))
        .collect();
    let reports = if a.dry_run {
        done.iter()
            .map(|(e, r)| {
                report_of(
                    e,
                    r,
                    plan::pull_changes(e, r.as_ref().unwrap_or(&e.settings)),
                )
            })
            .collect()
    } else {
        // Planned again under the write lock, against the inventory as it
        // is now: what is written is what the service said.
        store.write(&actor(), |w| -> Result<Vec<EnvReport>, Error> {
            let mut out = Vec::with_capacity(done.len());
            for (e, r) in &done {
                let Ok(live) = r else {
                    out.push(report_of(e, r, Vec::new()));
                    continue;
                };
                let now = w.environment(&e.name)?.unwrap_or_else(|| (*e).clone());
                let changes = plan::pull_changes(&now, live);
                if !changes.is_empty() {
                    w.update(&now, &plan::with_settings(&now, live))?;
                }
                out.push(report_of(e, r, changes));
            }
            Ok(out)
        })?
    };
    let mut report = Report::new(
        reports,
        &[Status::Changed, Status::Unchanged, Status::Failed],
        a.dry_run,
    );
    report.not_started = not_started;
    live::finish(ctx, &report, "pull", a.exit_code)
}

fn read_one(session: &tenant::Session, url: Option<&str>) -> Result<Settings, Failure> {
    let url = url.ok_or_else(|| {
        Failure::network("has no URL — set one with sessadm env update NAME --url".into())
    })?;
    dataverse::read(session, url).map(|o| o.settings)
}

fn report_of(
    e: &crate::model::Environment,
    r: &Result<Settings, Failure>,
    changes: Vec<crate::model::FieldChange>,
) -> EnvReport {
    match r {
        Err(f) => EnvReport::failed(&e.name, e.url.as_deref(), f.clone()),
        Ok(_) => {
            let status = if changes.is_empty() {
                Status::Unchanged
            } else {
                Status::Changed
            };
            EnvReport::new(&e.name, e.url.as_deref(), status, changes)
        }
    }
}
