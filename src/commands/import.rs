//! `sessadm import-dataverse FILE [--env NAME]`: set an environment's
//! settings from a Dataverse organizations response.

use super::env::{not_found, show_changed};
use super::{Ctx, actor, read_file};
use crate::cli::ImportArgs;
use crate::error::Error;
use crate::located::Doc;
use crate::policy::dataverse;

pub fn run(ctx: &Ctx, a: ImportArgs) -> Result<(), Error> {
    let shown = a.file.display().to_string();
    let text = read_file(&a.file)?;
    let imported = dataverse::parse(&Doc::new(&shown, &text)).map_err(Error::Invalid)?;
    let name = match (&a.env, &imported.name) {
        (Some(n), _) => n.clone(),
        (None, Some(n)) => n.clone(),
        (None, None) => {
            return Err(Error::usage(
                "the organization has no name to match an environment by — pass --env NAME",
            ));
        }
    };
    let mut store = ctx.store()?;
    let env = store.write(&actor(), |w| {
        // Only a missing environment is not found; a database error stays one.
        let before = match w.environment(&name)? {
            Some(e) => e,
            None if a.env.is_none() => {
                return Err(Error::not_found(format!(
                    "no environment named {name:?} (the organization's name) — pass --env NAME"
                )));
            }
            None => return Err(not_found(&name)),
        };
        let mut after = before.clone();
        after.settings = imported.settings;
        Ok(w.update(&before, &after)?)
    })?;
    show_changed(ctx, &env)
}
