//! `sessadm import-dataverse FILE [--env NAME]`: set an environment's
//! settings from a Dataverse organizations response, and show what changed.

use super::env::find;
use super::{Ctx, actor, read_file};
use crate::cli::ImportArgs;
use crate::error::Error;
use crate::located::Doc;
use crate::model::EnvironmentView;
use crate::policy::dataverse;
use crate::render;
use crate::text::shown;

pub fn run(ctx: &Ctx, a: ImportArgs) -> Result<(), Error> {
    let file = a.file.display().to_string();
    let text = read_file(&a.file)?;
    // Nothing is written unless the whole response is valid.
    let imported =
        dataverse::parse(&Doc::new(&file, &text), a.env.is_none()).map_err(Error::Invalid)?;
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
    let (changes, env) = store.write(&actor(), |w| {
        // Only a missing environment is not found; a database error stays one.
        let before = match a.env {
            Some(_) => find(w, &name)?,
            None => w.environment(&name)?.ok_or_else(|| {
                Error::not_found(format!(
                    "no environment named {} (the organization's name) — pass --env NAME",
                    shown(&name)
                ))
            })?,
        };
        let mut after = before.clone();
        after.settings = imported.settings;
        let changes = before.changes(&after);
        Ok::<_, Error>((changes, w.update(&before, &after)?))
    })?;
    let view = EnvironmentView::from(&env);
    ctx.emit_change(&view, |s| {
        render::policy::imported(s, &file, &changes, &view)
    })
}
