//! `sessadm discover`: add the tenant's Dataverse environments to the
//! inventory and update versions, in one transaction (SPEC §10.1).

use super::{Ctx, actor, live};
use crate::cli::DiscoverArgs;
use crate::error::Error;
use crate::tenant::plan::{self, Found};
use crate::tenant::{EnvReport, Failure, Report, Status, admin};

const STATUSES: [Status; 5] = [
    Status::Added,
    Status::Updated,
    Status::Unchanged,
    Status::Skipped,
    Status::Failed,
];

pub fn run(ctx: &Ctx, a: DiscoverArgs) -> Result<(), Error> {
    let mut store = ctx.store()?;
    let (_, session) = live::session(&a.live)?;
    let base = admin::base();
    let listed = crate::term::cooperate(|| admin::list(&session, &base)).map_err(|f| {
        Error::one(crate::error::Violation::new(
            crate::error::Code::Network,
            f.message,
        ))
    })?;
    if crate::term::interrupted() {
        crate::term::after_interrupt();
        return Err(Error::Interrupted);
    }
    let now = crate::store::now_utc();
    let steps = |inventory: &[crate::model::Environment]| plan::discover(inventory, &listed, &now);
    let reports = if a.dry_run {
        let inventory = store.read(|r| r.environments())?;
        steps(&inventory).into_iter().map(report_of).collect()
    } else {
        store.write(&actor(), |w| -> Result<Vec<EnvReport>, Error> {
            let inventory = w.environments()?;
            let mut out = Vec::new();
            for d in steps(&inventory) {
                match (d.found, &d.before, &d.after) {
                    (Found::Added, _, Some(after)) => {
                        w.create(after)?;
                    }
                    (Found::Updated, Some(before), Some(after)) => {
                        w.update(before, after)?;
                    }
                    _ => {}
                }
                out.push(report_of(d));
            }
            Ok(out)
        })?
    };
    live::finish(
        ctx,
        &Report::new(reports, &STATUSES, a.dry_run),
        "discover",
        false,
    )
}

fn report_of(d: plan::Discovered) -> EnvReport {
    let status = match d.found {
        Found::Added => Status::Added,
        Found::Updated => Status::Updated,
        Found::Unchanged => Status::Unchanged,
        Found::Skipped => Status::Skipped,
        Found::Invalid => {
            return EnvReport::failed(&d.name, d.url.as_deref(), Failure::invalid(d.violations));
        }
    };
    let changes = if d.found == Found::Unchanged || d.found == Found::Skipped {
        Vec::new()
    } else {
        d.changes
    };
    EnvReport::new(&d.name, d.url.as_deref(), status, changes)
}
