//! `sessadm tenant …`: the identity-provider settings (one row).

use super::{Ctx, actor};
use crate::cli::TenantCommand;
use crate::duration::{format_minutes, parse_minutes_with_unit};
use crate::error::Error;
use crate::model::{Tenant, TenantView};
use crate::render;
use crate::rules::check_token_lifetime;

pub fn run(ctx: &Ctx, cmd: TenantCommand) -> Result<(), Error> {
    let tenant = match cmd {
        TenantCommand::Show => {
            let t = ctx
                .store_read()?
                .read(|r| r.tenant().map_err(Error::from))?;
            let view = TenantView::from(&t);
            return ctx.emit(&view, |s| render::env::tenant(s, &view));
        }
        TenantCommand::Set(a) => {
            let what = "token lifetime";
            let check = |s: &str| {
                let m = parse_minutes_with_unit(s, what)?;
                check_token_lifetime(m).map_or(Ok(m), Err)
            };
            let minutes = match a.token_lifetime {
                Some(v) => check(&v)?,
                None if ctx.term.interactive() => {
                    let current = ctx.store()?.read(|r| r.tenant().map_err(Error::from))?;
                    ctx.term.ask(
                        "Token lifetime (1h–365d)",
                        Some(format_minutes(u64::from(current.token_lifetime_min))),
                        check,
                    )?
                }
                None => {
                    return Err(Error::usage(
                        "tenant set needs --token-lifetime DUR; sessadm asks only at a terminal",
                    ));
                }
            };
            let after = Tenant {
                token_lifetime_min: minutes,
            };
            ctx.store()?.write(&actor(), |w| {
                let before = w.tenant()?;
                w.set_tenant(&before, &after)?;
                Ok::<_, Error>(after)
            })?
        }
    };
    let view = TenantView::from(&tenant);
    ctx.emit_change(&view, |s| render::env::tenant(s, &view))
}
