//! What `discover`, `pull` and `push` share: options, the credential, the
//! selection of environments, the progress bar, and how a run ends (exit
//! codes of SPEC §10.1, Ctrl-C).

use std::sync::atomic::AtomicU64;
use std::time::Duration;

use super::Ctx;
use crate::cli::{AuthKind, LiveArgs};
use crate::error::Error;
use crate::model::Environment;
use crate::rules::name_key;
use crate::tenant::{self, Options, Report, Session, Status, auth};

/// The options and a session with the chosen credential (a usage error,
/// before any request, when none is configured).
pub fn session(a: &LiveArgs) -> Result<(Options, Session), Error> {
    let options = Options {
        jobs: usize::from(a.jobs),
        timeout: Duration::from_secs(a.timeout),
    };
    let kind = a.auth.map(|k| match k {
        AuthKind::Secret => auth::Kind::Secret,
        AuthKind::Federated => auth::Kind::Federated,
        AuthKind::AzureCli => auth::Kind::AzureCli,
    });
    let credential = auth::choose(kind)?;
    Ok((options, Session::new(&options, credential)))
}

/// The environments named (all must exist), else every one with a URL.
pub fn select(all: Vec<Environment>, names: &[String]) -> Result<Vec<Environment>, Error> {
    if names.is_empty() {
        return Ok(all.into_iter().filter(|e| e.url.is_some()).collect());
    }
    let mut out = Vec::new();
    let mut missing = Vec::new();
    for n in names {
        match all.iter().find(|e| name_key(&e.name) == name_key(n)) {
            Some(e) if !out.iter().any(|o: &Environment| o.id == e.id) => out.push(e.clone()),
            Some(_) => {}
            None => missing.push(crate::error::Violation::new(
                crate::error::Code::NotFound,
                format!(
                    "no environment named {} — see sessadm env list",
                    crate::text::shown(n)
                ),
            )),
        }
    }
    if missing.is_empty() {
        Ok(out)
    } else {
        Err(Error::Invalid(missing))
    }
}

/// Run `work` over `items` `jobs` at a time, with Ctrl-C cooperative and a
/// progress bar on a terminal's stderr when more than 10 are in flight.
pub fn in_parallel<T: Sync, R: Send>(
    ctx: &Ctx,
    verb: &str,
    items: &[T],
    jobs: usize,
    work: impl Fn(&T) -> R + Sync,
) -> Vec<Option<R>> {
    let done = AtomicU64::new(0);
    let template = format!("{verb} {{wide_bar}} {{pos}}/{{len}} environments {{eta}}");
    crate::term::cooperate(|| {
        crate::term::progress_after_a_second(
            ctx.term.stderr_tty && !ctx.quiet && items.len() > 10,
            items.len() as u64,
            &template,
            &done,
            || tenant::for_each(items, jobs, &done, &work),
        )
    })
}

/// Print the report and end as SPEC §10.1 says: 130 after Ctrl-C, 1 for
/// failures (3 when all are live values breaking V1–V5), 5 for pending
/// changes with `--dry-run --exit-code`, else 0.
pub fn finish(ctx: &Ctx, report: &Report, verb: &str, exit_code: bool) -> Result<(), Error> {
    ctx.emit(report, |s| crate::render::tenant::report(s, report, verb))?;
    if crate::term::interrupted() {
        crate::term::after_interrupt();
        crate::term::note(
            false,
            &format!(
                "interrupted: {} environment{} not started; what completed is kept",
                report.not_started,
                if report.not_started == 1 { "" } else { "s" }
            ),
        );
        return Err(Error::Interrupted);
    }
    let violations = report.violations();
    if !violations.is_empty() {
        return Err(Error::Invalid(violations));
    }
    let pending =
        report.count(Status::Changed) + report.count(Status::Added) + report.count(Status::Updated);
    if report.dry_run && exit_code && pending > 0 {
        return Err(Error::ChangesPending);
    }
    Ok(())
}
