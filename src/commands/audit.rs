//! `sessadm audit`: environments against compliance baselines (SPEC §8).

use serde::Serialize;

use super::Ctx;
use super::env::named_or_all;
use crate::audit::{self, BASELINES, Baseline, Finding, S10_NOTE, Verdict};
use crate::cli::{AuditArgs, BaselineId};
use crate::error::Error;
use crate::render;

#[derive(Serialize)]
pub struct EnvAudit {
    pub name: String,
    pub checks: Vec<Finding>,
}

#[derive(Serialize, Default)]
pub struct Totals {
    pub pass: usize,
    pub warn: usize,
    pub fail: usize,
}

#[derive(Serialize)]
pub struct Report {
    pub baselines: Vec<&'static str>,
    pub environments: Vec<EnvAudit>,
    pub summary: Totals,
    pub strict: bool,
    pub note: &'static str,
}

fn id(b: BaselineId) -> &'static str {
    match b {
        BaselineId::PciDss40 => "pci-dss-4.0",
        BaselineId::Hipaa => "hipaa",
        BaselineId::Nist3Aal2 => "nist-800-63b-3-aal2",
        BaselineId::Nist3Aal3 => "nist-800-63b-3-aal3",
        BaselineId::Nist4Aal2 => "nist-800-63b-4-aal2",
        BaselineId::Nist4Aal3 => "nist-800-63b-4-aal3",
        BaselineId::Asvs2 => "asvs-4.0.3-l2",
        BaselineId::Asvs3 => "asvs-4.0.3-l3",
    }
}

pub fn run(ctx: &Ctx, a: AuditArgs) -> Result<(), Error> {
    let baselines: Vec<&Baseline> = if a.baselines.is_empty() {
        BASELINES.iter().collect()
    } else {
        let mut picked: Vec<&Baseline> = Vec::new();
        for b in &a.baselines {
            if let Some(found) = audit::baseline(id(*b))
                && !picked.iter().any(|p| p.id == found.id)
            {
                picked.push(found);
            }
        }
        picked
    };
    let (envs, tenant) = ctx
        .store()?
        .read(|r| Ok::<_, Error>((named_or_all(r, &a.names)?, r.tenant()?)))?;
    let mut summary = Totals::default();
    let environments: Vec<EnvAudit> = envs
        .iter()
        .map(|e| {
            let checks = audit::audit(e, &tenant, &baselines);
            for c in &checks {
                match c.result {
                    Verdict::Pass => summary.pass += 1,
                    Verdict::Warn => summary.warn += 1,
                    Verdict::Fail => summary.fail += 1,
                }
            }
            EnvAudit {
                name: e.name.clone(),
                checks,
            }
        })
        .collect();
    let report = Report {
        baselines: baselines.iter().map(|b| b.id).collect(),
        environments,
        summary,
        strict: a.strict,
        note: S10_NOTE,
    };
    ctx.emit(&report, |s| render::policy::audit(s, &report))?;
    let failed = report.summary.fail > 0 || (a.strict && report.summary.warn > 0);
    if failed {
        // The report is the result; the exit code says it did not pass.
        return Err(Error::Exit(3));
    }
    Ok(())
}
