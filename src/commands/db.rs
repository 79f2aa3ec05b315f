//! `sessadm db check`: the file's integrity and sessadm's own invariants.
//! Opens the database read-only; the report is the result, and the exit
//! code (1) says when it is not sound.

use std::fmt::Write;

use super::Ctx;
use crate::cli::DbCommand;
use crate::error::Error;
use crate::store::Report;

pub fn run(ctx: &Ctx, cmd: DbCommand) -> Result<(), Error> {
    match cmd {
        DbCommand::Check => check(ctx),
    }
}

fn check(ctx: &Ctx) -> Result<(), Error> {
    let report = ctx.store_read()?.check()?;
    ctx.emit(&report, |_| text(&report))?;
    if report.sound {
        Ok(())
    } else {
        Err(Error::Unsound)
    }
}

/// One line per check, each problem indented under the check that found it.
fn text(r: &Report) -> String {
    let problems: usize = r.checks.iter().map(|c| c.problems.len()).sum();
    let mut out = String::new();
    let _ = if r.sound {
        writeln!(out, "{}: sound", crate::text::escape(&r.path))
    } else {
        writeln!(
            out,
            "{}: {problems} problem{} — restore a backup, or fix what is named below",
            crate::text::escape(&r.path),
            if problems == 1 { "" } else { "s" }
        )
    };
    for c in &r.checks {
        let _ = writeln!(out, "  {:<5} {}", if c.ok { "ok" } else { "FAIL" }, c.check);
        for p in &c.problems {
            let _ = writeln!(out, "        {}", crate::text::escape(p));
        }
    }
    out
}
