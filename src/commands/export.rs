//! `sessadm export`: the inventory as a policy file, Dataverse bodies or a
//! pac script, on stdout.

use super::Ctx;
use super::env::find;
use crate::cli::{ExportArgs, ExportFormat, Output};
use crate::error::Error;
use crate::policy::export;
use crate::term;

pub fn run(ctx: &Ctx, a: ExportArgs) -> Result<(), Error> {
    let format = match (a.format, ctx.output) {
        (Some(f), _) => f,
        (None, Output::Json) => ExportFormat::Json,
        (None, Output::Table) => ExportFormat::Toml,
    };
    let (envs, tenant) = ctx.store()?.read(|r| {
        let envs = if a.names.is_empty() {
            r.environments()?
        } else {
            let mut picked = Vec::with_capacity(a.names.len());
            for name in &a.names {
                let e = find(r, name)?;
                if !picked
                    .iter()
                    .any(|p: &crate::model::Environment| p.id == e.id)
                {
                    picked.push(e);
                }
            }
            picked
        };
        Ok::<_, Error>((envs, r.tenant()?))
    })?;
    let text = match format {
        ExportFormat::Toml => export::toml(&envs, &tenant),
        ExportFormat::Json => export::json(&envs, &tenant),
        ExportFormat::Dataverse => export::dataverse(&envs),
        ExportFormat::Pac => export::pac(&envs, &tenant),
    };
    term::print(&text)
}
