//! `sessadm rules [ID]`: every rule with its statement and source.

use super::Ctx;
use crate::cli::RulesArgs;
use crate::error::Error;
use crate::render;
use crate::rules::{RULES, Rule, find};

pub fn run(ctx: &Ctx, args: RulesArgs) -> Result<(), Error> {
    match args.id {
        Some(id) => {
            let rule = find(&id).ok_or_else(|| {
                Error::not_found(format!(
                    "no rule {} — the rules are V1–V9 and S1–S13 (`sessadm rules`)",
                    crate::text::shown(&id)
                ))
            })?;
            ctx.emit(rule, |s| render::rules::rules(s, &[rule]))
        }
        None => {
            let all: Vec<&Rule> = RULES.iter().collect();
            ctx.emit(&all, |s| render::rules::rules(s, &all))
        }
    }
}
