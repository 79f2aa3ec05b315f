//! `sessadm simulate`: read a scenario or CSV, run the engine, stream the
//! outcomes. Input is checked whole before the first outcome is printed.

mod held;

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Sender, SyncSender};
use std::sync::{OnceLock, mpsc};
use std::thread::{Scope, ScopedJoinHandle};

use indicatif::ProgressBar;

use super::Ctx;
use super::env::find;
use crate::cli::{InputFormat, Output, SimFormat, SimulateArgs};
use crate::error::{Code, Error, Violation};
use crate::input::Source;
use crate::model::{Environment, EnvironmentView, Tenant, is_legacy_version};
use crate::render::html::timeline::Timeline;
use crate::render::sim::{Format, SimWriter};
use crate::rules::name_key;
use crate::sim::csv;
use crate::sim::engine::{Config, Engine};
use crate::sim::event::Event;
use crate::sim::messages::Report;
use crate::sim::outcome::Summary;
use crate::sim::scenario::{self, Context, parse_time};
use crate::store::Reader;
use held::Gate;

/// What the database gives a run with --env (and `whatif`).
pub(super) struct FromDb {
    pub env: Environment,
    pub tenant: Tenant,
    /// Every environment's version, by case-folded name.
    versions: HashMap<String, Option<String>>,
}

impl FromDb {
    pub fn load(r: &Reader<'_>, name: &str) -> Result<FromDb, Error> {
        let env = find(r, name)?;
        let tenant = r.tenant()?;
        let versions = r
            .environments()?
            .into_iter()
            .map(|e| (name_key(&e.name), e.version))
            .collect();
        Ok(FromDb {
            env,
            tenant,
            versions,
        })
    }

    /// The version of the environment called `name`, if there is one.
    fn version(&self, name: &str) -> Option<Option<String>> {
        self.versions.get(&name_key(name)).cloned()
    }

    /// S9: whether the environment called `name` exists, and is older than
    /// 9.1.0.3647.
    pub fn is_legacy(&self, name: &str) -> Option<bool> {
        self.versions
            .get(&name_key(name))
            .map(|v| is_legacy_version(v.as_deref()))
    }
}

pub fn run(ctx: &Ctx, a: SimulateArgs) -> Result<(), Error> {
    let stdin = a.scenario.as_os_str() == "-";
    let input = match a.input_format {
        Some(f) => f,
        None if stdin => {
            return Err(Error::usage(
                "reading a scenario from stdin needs --input-format toml, json or csv",
            ));
        }
        None => guess_format(&a.scenario)?,
    };
    // A stream of text, or (None) a page drawn once the run is over.
    let format = match (a.format, ctx.output) {
        (Some(SimFormat::Table), _) => Some(Format::Table),
        (Some(SimFormat::Json), _) => Some(Format::Json),
        (Some(SimFormat::Jsonl), _) => Some(Format::Jsonl),
        (Some(SimFormat::Html), _) => None,
        (None, Output::Json) => Some(Format::Json),
        (None, Output::Table) => Some(Format::Table),
    };
    if input == InputFormat::Csv && a.env.is_none() {
        return Err(Error::usage(
            "a CSV timeline takes its settings from the database — pass --env NAME",
        ));
    }
    let db = match &a.env {
        Some(name) => Some(ctx.store_read()?.read(|r| FromDb::load(r, name))?),
        None => None,
    };
    let shown = if stdin {
        "<stdin>".to_string()
    } else {
        a.scenario.display().to_string()
    };
    if input == InputFormat::Csv {
        let db = db.as_ref().ok_or_else(|| Error::usage("pass --env NAME"))?;
        return run_csv(ctx, &a, format, db, stdin, &shown);
    }

    run_scenario(ctx, &a, input, format, db.as_ref(), stdin, &shown)
}

/// A CSV timeline, with the settings of the environment named by --env.
fn run_csv(
    ctx: &Ctx,
    a: &SimulateArgs,
    format: Option<Format>,
    db: &FromDb,
    stdin: bool,
    shown: &str,
) -> Result<(), Error> {
    let horizon = a
        .until
        .as_deref()
        .map(|u| parse_time(u, None, "--until"))
        .transpose()?;
    let run = CsvRun {
        env: EnvironmentView::from(&db.env),
        config: Config::new(
            db.env.settings,
            db.env.version.clone(),
            &db.tenant,
            a.auto_sign_in,
            horizon,
        ),
        db,
        input: open(&a.scenario, stdin, shown)?,
        shown,
        size: (!stdin)
            .then(|| std::fs::metadata(&a.scenario).ok().map(|m| m.len()))
            .flatten(),
    };
    match format {
        Some(format) => simulate_csv(ctx, format, run),
        None => simulate_csv_html(ctx, run),
    }
}

/// A TOML or JSON scenario, with its own environment (or one of the
/// database's, by --env).
fn run_scenario(
    ctx: &Ctx,
    a: &SimulateArgs,
    input: InputFormat,
    format: Option<Format>,
    db: Option<&FromDb>,
    stdin: bool,
    shown: &str,
) -> Result<(), Error> {
    // A TOML or JSON scenario is parsed whole: bounded, so that an endless
    // input ends in an error. A timeline too large for that is a CSV.
    let source = if stdin {
        Source::Stdin
    } else {
        Source::Path(&a.scenario)
    };
    let text = crate::input::read(
        source,
        shown,
        "write a large timeline as CSV (sessadm simulate FILE.csv --env NAME)",
    )?;
    let doc = crate::located::Doc::new(shown, &text);
    let lookup = |name: &str| db.and_then(|d| d.version(name));
    let context = Context {
        env: db.map(|d| &d.env),
        tenant: db.map(|d| d.tenant),
        lookup: &lookup,
        until: a.until.as_deref(),
        auto_sign_in: a.auto_sign_in,
    };
    let parsed =
        scenario::parse(&doc, input == InputFormat::Json, &context).map_err(Error::Invalid)?;
    let show_user = parsed.users.len() > 1;
    let Some(format) = format else {
        return simulate_html(
            &parsed.environment,
            parsed.config,
            parsed.users,
            parsed.events,
        );
    };
    simulate(
        ctx,
        format,
        &parsed.environment,
        parsed.config,
        parsed.users,
        parsed.events,
        show_user,
    )
}

fn guess_format(path: &Path) -> Result<InputFormat, Error> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    match ext.as_deref() {
        Some("toml") => Ok(InputFormat::Toml),
        Some("json") => Ok(InputFormat::Json),
        Some("csv") => Ok(InputFormat::Csv),
        _ => Err(Error::usage(format!(
            "cannot tell the format of {} from its name — pass --input-format toml, json or csv",
            path.display()
        ))),
    }
}

fn open(path: &Path, stdin: bool, shown: &str) -> Result<Box<dyn Read + Send>, Error> {
    if stdin {
        return Ok(Box::new(std::io::stdin()));
    }
    let f = std::fs::File::open(path).map_err(|e| Error::io(format!("cannot read {shown}"), e))?;
    Ok(Box::new(std::io::BufReader::with_capacity(1 << 16, f)))
}

/// Run the engine over `events`, writing outcomes as they are released.
fn simulate(
    ctx: &Ctx,
    format: Format,
    env: &EnvironmentView,
    config: Config,
    users: Vec<String>,
    events: Vec<Event>,
    show_user: bool,
) -> Result<(), Error> {
    let style = ctx.style();
    let bar = OnceLock::new();
    let gate = Gate::new(&bar);
    let mut w = SimWriter::new(gate, format, show_user, &style);
    let mut written = w.begin(env);
    let mut engine = Engine::new(config).with_users(users);
    let mut sink = |r: &Report<'_>| {
        if written.is_ok() {
            written = w.outcome(r);
        }
    };
    let progress = ctx.term.stderr_tty && events.len() as u64 > PROGRESS_AFTER;
    if progress {
        let _ = bar.set(progress_bar(Some(events.len() as u64), false));
    }
    for (i, ev) in events.iter().enumerate() {
        if !engine.push(ev, &mut sink) {
            break;
        }
        if let Some(b) = bar.get()
            && i % 4096 == 0
        {
            b.set_position(i as u64);
        }
    }
    let summary: Summary = engine.finish(&mut sink);
    if let Some(b) = bar.get() {
        b.finish_and_clear();
    }
    if let Some(why) = engine.failed() {
        return Err(Error::Io(why.to_string().into()));
    }
    written.map_err(crate::term::stdout_error)?;
    w.end(&summary).map_err(crate::term::stdout_error)
}

/// Run the engine over `events` and draw the page once it is over.
fn simulate_html(
    env: &EnvironmentView,
    config: Config,
    users: Vec<String>,
    events: Vec<Event>,
) -> Result<(), Error> {
    let until = config.horizon;
    let mut page = Timeline::new(env, until);
    let mut engine = Engine::new(config).with_users(users);
    let mut sink = |r: &Report<'_>| page.outcome(r);
    for ev in &events {
        if !engine.push(ev, &mut sink) {
            break;
        }
    }
    let summary = engine.finish(&mut sink);
    if let Some(why) = engine.failed() {
        return Err(Error::Io(why.to_string().into()));
    }
    let text = page
        .finish(&summary, engine.horizon(), &engine.context())
        .map_err(|e| Error::io("cannot draw the page", e))?;
    crate::term::print(&text)
}

/// What a CSV run reads, and with what settings.
struct CsvRun<'a> {
    env: EnvironmentView,
    config: Config,
    db: &'a FromDb,
    input: Box<dyn Read + Send>,
    shown: &'a str,
    /// The input's size, when it is a file: the progress bar counts bytes.
    size: Option<u64>,
}

/// Show (on a terminal, past [`PROGRESS_AFTER`] events) and move the
/// progress bar of a CSV run: by bytes read when the size is known, else
/// by events.
fn show_progress(ctx: &Ctx, bar: &OnceLock<ProgressBar>, size: Option<u64>, seen: u64, read: u64) {
    if ctx.term.stderr_tty && seen > PROGRESS_AFTER && bar.get().is_none() {
        let _ = bar.set(progress_bar(size, true));
    }
    if let Some(b) = bar.get() {
        b.set_position(if size.is_some() { read } else { seen });
    }
}

/// A CSV timeline drawn as a page. One thread reads and checks the rows,
/// this one runs the engine; the page holds everything until the run is
/// over, so a bad row needs nothing taken back.
fn simulate_csv_html(ctx: &Ctx, run: CsvRun<'_>) -> Result<(), Error> {
    let CsvRun {
        env,
        config,
        db,
        input,
        shown,
        size,
    } = run;
    let mut page = Timeline::new(&env, config.horizon);
    let mut engine = Engine::new(config);
    let (tx, rx) = mpsc::sync_channel::<csv::Batch>(16);
    let bar = OnceLock::new();
    let checked = std::thread::scope(|scope| {
        let reader = spawn_reader(scope, input, db, shown, tx, None);
        let (mut running, mut seen) = (true, 0u64);
        for batch in rx {
            seen += batch.events.len() as u64;
            show_progress(ctx, &bar, size, seen, batch.offset);
            engine.add_users(batch.names);
            if !running {
                continue; // past the horizon: the reader goes on checking
            }
            for ev in &batch.events {
                if !engine.push(ev, &mut |r: &Report<'_>| page.outcome(r)) {
                    running = false;
                    break;
                }
            }
        }
        joined(reader)
    });
    if let Some(b) = bar.get() {
        b.finish_and_clear();
    }
    checked.map_err(Error::Invalid)?;
    let summary = engine.finish(&mut |r: &Report<'_>| page.outcome(r));
    if let Some(why) = engine.failed() {
        return Err(Error::Io(why.to_string().into()));
    }
    let text = page
        .finish(&summary, engine.horizon(), &engine.context())
        .map_err(|e| Error::io("cannot draw the page", e))?;
    crate::term::print(&text)
}

/// Read and check a CSV run's rows on a thread of `scope`. Batches of
/// events go to `events`, each with the bytes read so far (for the
/// progress bar); then `status`, if given, is told whether every row passed.
fn spawn_reader<'scope>(
    scope: &'scope Scope<'scope, '_>,
    input: Box<dyn Read + Send>,
    db: &'scope FromDb,
    shown: &'scope str,
    events: SyncSender<csv::Batch>,
    status: Option<Sender<bool>>,
) -> ScopedJoinHandle<'scope, Result<u64, Vec<Violation>>> {
    scope.spawn(move || {
        let read = AtomicU64::new(0);
        let input = crate::input::Counting {
            inner: input,
            read: &read,
        };
        let mut lookup = |name: &str| db.is_legacy(name);
        let mut send = |mut b: csv::Batch| {
            b.offset = read.load(Ordering::Relaxed);
            events.send(b).is_ok()
        };
        let result = csv::read(input, shown, &mut lookup, &mut send);
        if let Some(status) = status {
            let _ = status.send(result.is_ok());
        }
        result
    })
}

/// What the reader's thread found: every violation, or the events read.
fn joined(
    reader: ScopedJoinHandle<'_, Result<u64, Vec<Violation>>>,
) -> Result<u64, Vec<Violation>> {
    reader
        .join()
        .unwrap_or_else(|_| Err(vec![Violation::new(Code::Io, "the CSV reader failed")]))
}

/// Runs longer than this many events show a progress bar (on a terminal).
const PROGRESS_AFTER: u64 = 100_000;

/// A progress bar on stderr: by bytes of input when its size is known,
/// else by events.
fn progress_bar(len: Option<u64>, bytes: bool) -> ProgressBar {
    let template = match (len.is_some(), bytes) {
        (true, true) => "simulating {wide_bar} {bytes}/{total_bytes} {eta}",
        (true, false) => "simulating {wide_bar} {pos}/{len} events {eta}",
        (false, _) => "simulating {spinner} {pos} events",
    };
    let bar = crate::term::progress_bar(len, template);
    bar.tick();
    bar
}

/// A CSV timeline on two threads: one reads and checks rows, this one runs
/// the engine. Output is held (see `held`) until the last row has been
/// checked, so a bad row at the end still means an empty stdout and exit 3,
/// while memory stays flat; then two threads write it.
fn simulate_csv(ctx: &Ctx, format: Format, run: CsvRun<'_>) -> Result<(), Error> {
    let CsvRun {
        env,
        config,
        db,
        input,
        shown,
        size,
    } = run;
    let bar = OnceLock::new();
    let (event_tx, event_rx) = mpsc::sync_channel::<csv::Batch>(16);
    let (status_tx, status_rx) = mpsc::channel::<bool>();
    let style = ctx.style();
    std::thread::scope(|scope| {
        let reader = spawn_reader(scope, input, db, shown, event_tx, Some(status_tx));
        let gate = Gate::new(&bar).direct_when_a_file();
        let mut w = SimWriter::new(gate, format, true, &style);
        let begun = w.begin(&env);
        let mut out = held::Output::new(w, begun);
        let mut engine = Engine::new(config);
        let mut valid: Option<bool> = None;
        let mut running = true;
        let mut seen = 0u64;
        for batch in event_rx {
            seen += batch.events.len() as u64;
            show_progress(ctx, &bar, size, seen, batch.offset);
            engine.add_users(batch.names);
            if valid.is_none() {
                valid = status_rx.try_recv().ok();
                if valid == Some(true) && out.is_held() {
                    out.release(&engine.context());
                }
            }
            if !running || valid == Some(false) {
                continue; // past the horizon (the reader goes on checking), or a bad row
            }
            for ev in &batch.events {
                if !engine.push(ev, &mut |r: &Report<'_>| out.outcome(r)) {
                    running = false;
                    break;
                }
            }
        }
        let summary = engine.finish(&mut |r: &Report<'_>| out.outcome(r));
        if valid.is_none() {
            valid = status_rx.recv().ok();
        }
        if valid == Some(true) && out.is_held() {
            out.release(&engine.context());
        }
        if let Some(b) = bar.get() {
            b.finish_and_clear();
        }
        let checked = joined(reader);
        let held::Output { mut w, written, .. } = out;
        if let Err(errors) = checked {
            w.sink().retract().map_err(crate::term::stdout_error)?;
            return Err(Error::Invalid(errors));
        }
        if let Some(why) = engine.failed() {
            w.sink().retract().map_err(crate::term::stdout_error)?;
            return Err(Error::Io(why.to_string().into()));
        }
        written.map_err(crate::term::stdout_error)?;
        w.end(&summary).map_err(crate::term::stdout_error)
    })
}
