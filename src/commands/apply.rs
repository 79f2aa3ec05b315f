//! `sessadm apply FILE`: make the inventory match a policy file, in one
//! transaction, after showing the plan.

use super::{Ctx, actor, read_policy};
use crate::cli::ApplyArgs;
use crate::error::Error;
use crate::located::Doc;
use crate::policy::plan::{Action, Applied, Plan, plan};
use crate::policy::{self, Policy};
use crate::render;
use crate::store::{Reader, Writer};

pub fn run(ctx: &Ctx, a: ApplyArgs) -> Result<(), Error> {
    let (shown, text, json) = read_policy(&a.file, a.input_format)?;
    // Nothing is applied unless the whole file is valid.
    let policy: Policy = policy::parse(&Doc::new(&shown, &text), json).map_err(Error::Invalid)?;
    let mut store = ctx.store()?;
    let plan_now = |r: &Reader<'_>| -> Result<Plan, Error> {
        Ok(plan(&r.environments()?, &r.tenant()?, &policy, a.prune))
    };
    let planned = store.read(plan_now)?;
    let show = |dry_run: bool, applied: bool, p: &Plan| {
        let out = Applied {
            file: &shown,
            dry_run,
            applied,
            plan: p,
        };
        ctx.emit(&out, |s| render::policy::plan(s, &out))
    };
    if a.dry_run {
        show(true, false, &planned)?;
        return if a.exit_code && planned.has_changes() {
            Err(Error::ChangesPending)
        } else {
            Ok(())
        };
    }
    if !planned.has_changes() {
        return if ctx.quiet && !ctx.json() {
            Ok(())
        } else {
            show(false, false, &planned)
        };
    }
    // At a terminal the plan comes first, then the question; --yes skips
    // both; without a terminal and without --yes nothing is changed (exit 2).
    let asked = !ctx.yes && ctx.term.interactive();
    if asked && !ctx.json() {
        show(false, false, &planned)?;
    }
    ctx.confirm(&question(&planned, ctx.store_path()), "apply")?;
    let done = store.write(&actor(), |w| {
        // Planned again under the write lock: what is applied is what was
        // shown, or nothing.
        let p = plan_now(w)?;
        if p != planned {
            return Err(Error::Database(
                "the inventory changed while the plan was being confirmed; nothing was applied — run apply again"
                    .into(),
            ));
        }
        carry_out(w, &p)?;
        Ok(p)
    })?;
    if asked && !ctx.json() {
        let s = &done.summary;
        ctx.note(&format!(
            "Applied {shown}: {} created, {} changed, {} deleted.",
            s.create, s.change, s.delete
        ));
        return Ok(());
    }
    if ctx.quiet && !ctx.json() {
        return Ok(());
    }
    show(false, true, &done)
}

/// The confirmation question, with what it will do.
fn question(p: &Plan, db: String) -> String {
    let s = &p.summary;
    let mut what = vec![];
    if s.create > 0 {
        what.push(format!("create {}", s.create));
    }
    if s.change > 0 {
        what.push(format!("change {}", s.change));
    }
    if s.delete > 0 {
        what.push(format!(
            "delete {} ({}; their history is kept)",
            s.delete,
            p.deletions().join(", ")
        ));
    }
    format!("Apply this plan to {db}: {}?", what.join(", "))
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
