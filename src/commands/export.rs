//! `sessadm export`: the inventory as a policy file, Dataverse bodies or a
//! pac script, on stdout.

use super::Ctx;
use super::env::named_or_all;
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
    let (envs, tenant) = ctx
        .store_read()?
        .read(|r| Ok::<_, Error>((named_or_all(r, &a.names)?, r.tenant()?)))?;
    let text = match format {
        ExportFormat::Toml => export::toml(&envs, &tenant),
        ExportFormat::Json => export::json(&envs, &tenant),
        ExportFormat::Dataverse => export::dataverse(&envs),
        ExportFormat::Pac => export::pac(&envs, &tenant),
    };
    term::print(&text)
}
