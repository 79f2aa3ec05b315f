//! `sessadm apply FILE`: make the inventory match a policy file, in one
//! transaction, after showing the plan.

use serde::Serialize;

use super::{Ctx, actor, is_json, read_file};
use crate::cli::ApplyArgs;
use crate::error::Error;
use crate::located::Doc;
use crate::policy::plan::{Action, Plan, plan};
use crate::policy::{self, Policy};
use crate::render;
use crate::store::{Reader, Writer};

/// What `apply` prints.
#[derive(Serialize)]
pub struct Applied<'a> {
    pub file: &'a str,
    pub dry_run: bool,
    pub applied: bool,
    #[serde(flatten)]
    pub plan: &'a Plan,
}

pub fn run(ctx: &Ctx, a: ApplyArgs) -> Result<(), Error> {
    let shown = a.file.display().to_string();
    let text = read_file(&a.file)?;
    // Nothing is applied unless the whole file is valid.
    let policy: Policy =
        policy::parse(&Doc::new(&shown, &text), is_json(&a.file)).map_err(Error::Invalid)?;
    let mut store = ctx.store()?;
    let plan_now = |r: &Reader<'_>| -> Result<Plan, Error> {
        Ok(plan(&r.environments()?, &r.tenant()?, &policy, a.prune))
    };
    if a.dry_run {
        let planned = store.read(plan_now)?;
        let out = Applied {
            file: &shown,
            dry_run: true,
            applied: false,
            plan: &planned,
        };
        ctx.emit(&out, |s| render::policy::plan(s, &out))?;
        return if a.exit_code && planned.has_changes() {
            Err(Error::Exit(5))
        } else {
            Ok(())
        };
    }
    // Only --prune deletes, so only then is a plan needed before the write
    // transaction: its deletions are confirmed first.
    let deletions = if a.prune {
        store.read(plan_now)?.deletions()
    } else {
        Vec::new()
    };
    if !deletions.is_empty() {
        ctx.confirm(
            &format!(
                "Delete {} environment{} that {shown} does not name ({})? Their history is kept.",
                deletions.len(),
                if deletions.len() == 1 { "" } else { "s" },
                deletions.join(", ")
            ),
            "apply --prune",
        )?;
    }
    let done = store.write(&actor(), |w| {
        // Planned again under the write lock: what is applied is what the
        // database holds now.
        let p = plan_now(w)?;
        if p.deletions() != deletions {
            return Err(Error::Database(
                "the inventory changed while the deletions were being confirmed — run apply again"
                    .into(),
            ));
        }
        carry_out(w, &p)?;
        Ok(p)
    })?;
    let out = Applied {
        file: &shown,
        dry_run: false,
        applied: true,
        plan: &done,
    };
    ctx.emit_change(&out, |s| render::policy::plan(s, &out))
}

/// Every step of the plan, on one write transaction.
fn carry_out(w: &mut Writer<'_>, p: &Plan) -> Result<(), Error> {
    for step in &p.environments {
        match (step.action, &step.before, &step.after) {
            (Action::Create, _, Some(after)) => {
                w.create(after)?;
            }
            (Action::Change, Some(before), Some(after)) => {
                w.update(before, after)?;
            }
            (Action::Delete, Some(before), _) => w.delete(before)?,
            _ => {}
        }
    }
    if let Some(t) = &p.tenant
        && t.action == Action::Change
    {
        w.set_tenant(&t.before, &t.after)?;
    }
    Ok(())
}
