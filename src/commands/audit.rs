//! `sessadm audit`: environments against compliance baselines (SPEC §8).

use clap::ValueEnum;

use super::Ctx;
use super::env::named_or_all;
use crate::audit::{self, BASELINES, Baseline};
use crate::cli::{AuditArgs, BaselineId};
use crate::error::Error;
use crate::render;

/// The baseline a `--baseline` value names: the value's clap name is the
/// baseline's id, so the ids are spelled in the CLI and in BASELINES only.
fn baseline(b: BaselineId) -> Option<&'static Baseline> {
    audit::baseline(b.to_possible_value()?.get_name())
}

pub fn run(ctx: &Ctx, a: AuditArgs) -> Result<(), Error> {
    let baselines: Vec<&Baseline> = if a.baselines.is_empty() {
        BASELINES.iter().collect()
    } else {
        let mut picked: Vec<&Baseline> = Vec::new();
        for b in &a.baselines {
            if let Some(found) = baseline(*b)
                && !picked.iter().any(|p| p.id == found.id)
            {
                picked.push(found);
            }
        }
        picked
    };
    let (envs, tenant) = ctx
        .store_read()?
        .read(|r| Ok::<_, Error>((named_or_all(r, &a.names)?, r.tenant()?)))?;
    let report = audit::report(&envs, &tenant, &baselines, a.strict);
    ctx.emit(&report, |s| render::policy::audit(s, &report))?;
    let failed = report.summary.fail > 0 || (a.strict && report.summary.warn > 0);
    if failed {
        // The report is the result; the exit code says it did not pass.
        return Err(Error::ChecksFailed);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_baseline_value_names_a_baseline() {
        let named: Vec<&str> = BaselineId::value_variants()
            .iter()
            .map(|b| baseline(*b).map_or("(none)", |found| found.id))
            .collect();
        let ids: Vec<&str> = BASELINES.iter().map(|b| b.id).collect();
        assert_eq!(named, ids);
    }
}
