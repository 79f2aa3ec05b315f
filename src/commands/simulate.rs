//! `sessadm simulate`: read a scenario or CSV, run the engine, stream the
//! outcomes. Input is checked whole before the first outcome is printed.

use std::collections::HashMap;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::sync::atomic::{AtomicU8, AtomicU64, Ordering};
use std::sync::{Arc, OnceLock, mpsc};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::Ctx;
use super::env::find;
use crate::cli::{InputFormat, Output, SimFormat, SimulateArgs};
use crate::error::{Code, Error, Violation};
use crate::model::{Environment, EnvironmentView, Tenant, is_legacy_version};
use crate::render::sim::{Format, SimWriter, Sink};
use crate::rules::name_key;
use crate::sim::csv;
use crate::sim::engine::{Config, Engine};
use crate::sim::event::Event;
use crate::sim::messages::Report;
use crate::sim::outcome::Summary;
use crate::sim::scenario::{self, Context, parse_time};

/// What the database gives a run with --env.
struct FromDb {
    env: Environment,
    tenant: Tenant,
    /// Every environment's version, by case-folded name.
    versions: HashMap<String, Option<String>>,
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
    let format = match (a.format, ctx.output) {
        (Some(SimFormat::Table), _) => Format::Table,
        (Some(SimFormat::Json), _) => Format::Json,
        (Some(SimFormat::Jsonl), _) => Format::Jsonl,
        (None, Output::Json) => Format::Json,
        (None, Output::Table) => Format::Table,
    };
    if input == InputFormat::Csv && a.env.is_none() {
        return Err(Error::usage(
            "a CSV timeline takes its settings from the database — pass --env NAME",
        ));
    }
    let db = match &a.env {
        Some(name) => Some(ctx.store()?.read(|r| {
            let env = find(r, name)?;
            let tenant = r.tenant()?;
            let versions = r
                .environments()?
                .into_iter()
                .map(|e| (name_key(&e.name), e.version))
                .collect();
            Ok::<_, Error>(FromDb {
                env,
                tenant,
                versions,
            })
        })?),
        None => None,
    };
    let shown = if stdin {
        "<stdin>".to_string()
    } else {
        a.scenario.display().to_string()
    };
    let reader = open(&a.scenario, stdin, &shown)?;

    if input == InputFormat::Csv {
        let db = db.as_ref().ok_or_else(|| Error::usage("pass --env NAME"))?;
        let horizon = a
            .until
            .as_deref()
            .map(|u| parse_time(u, None, "--until"))
            .transpose()?;
        let config = Config {
            settings: db.env.settings,
            version: db.env.version.clone(),
            legacy: is_legacy_version(db.env.version.as_deref()),
            token_lifetime: i64::from(db.tenant.token_lifetime_min) * 60,
            auto_sign_in: a.auto_sign_in,
            horizon,
        };
        let size = (!stdin)
            .then(|| std::fs::metadata(&a.scenario).ok().map(|m| m.len()))
            .flatten();
        return simulate_csv(
            ctx,
            format,
            &EnvironmentView::from(&db.env),
            config,
            db,
            reader,
            &shown,
            size,
        );
    }

    let mut bytes = Vec::new();
    let mut reader = reader;
    reader
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(&shown, e))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| Error::syntax(format!("{shown} is not UTF-8 text")))?;
    let doc = crate::located::Doc::new(&shown, &text);
    let lookup = |name: &str| {
        db.as_ref()
            .and_then(|d| d.versions.get(&name_key(name)).cloned())
    };
    let context = Context {
        env: db.as_ref().map(|d| &d.env),
        tenant: db.as_ref().map(|d| d.tenant),
        lookup: &lookup,
        until: a.until.as_deref(),
        auto_sign_in: a.auto_sign_in,
    };
    let parsed =
        scenario::parse(&doc, input == InputFormat::Json, &context).map_err(Error::Invalid)?;
    let show_user = parsed.users.len() > 1;
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
    let state = AtomicU8::new(VALID);
    let bar = OnceLock::new();
    let spool = OnceLock::new();
    let gate = Gate::new(&state, &bar, &spool);
    let mut w = SimWriter::new(
        gate,
        format,
        show_user,
        usize::from(style.width),
        style.colour,
    );
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
    written.map_err(crate::term::stdout_error)?;
    w.end(&summary).map_err(crate::term::stdout_error)
}

/// Runs longer than this many events show a progress bar (on a terminal).
const PROGRESS_AFTER: u64 = 100_000;

/// A progress bar on stderr: by bytes of input when its size is known,
/// else by events.
fn progress_bar(len: Option<u64>, bytes: bool) -> ProgressBar {
    let bar = match len {
        Some(n) => ProgressBar::with_draw_target(Some(n), ProgressDrawTarget::stderr()),
        None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()),
    };
    let template = match (len.is_some(), bytes) {
        (true, true) => "simulating {wide_bar} {bytes}/{total_bytes} {eta}",
        (true, false) => "simulating {wide_bar} {pos}/{len} events {eta}",
        (false, _) => "simulating {spinner} {pos} events",
    };
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.tick();
    bar
}

/// Counts the bytes read, for the progress bar.
struct Counting<R> {
    inner: R,
    read: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

const VALIDATING: u8 = 0;
const VALID: u8 = 1;
const INVALID: u8 = 2;

/// Where output goes while the CSV is still being checked: memory, then a
/// temporary file, copied to stdout once every row has passed, dropped if
/// one fails. Nothing reaches stdout before the input is known to be valid.
struct Gate<'a> {
    stdout: std::io::StdoutLock<'static>,
    /// The first output, held in memory, a buffer at a time.
    held: Vec<String>,
    held_bytes: usize,
    /// What did not fit in `held`, once needed.
    spool: &'a OnceLock<Spool>,
    /// Whether the spool has gone out to stdout.
    spool_copied: bool,
    /// Stdout as a regular file, written straight away (see [`Direct`]).
    direct: Option<Direct>,
    state: &'a AtomicU8,
    /// The progress bar, if one is shown: output goes out around it.
    bar: &'a OnceLock<ProgressBar>,
}

/// How much output waits in memory before the rest goes to a file: enough
/// for any hand-written timeline, small enough that a large run's pages go
/// to the file system's cache rather than the process's own memory.
const HOLD: usize = 1 << 20;

impl<'a> Gate<'a> {
    fn new(
        state: &'a AtomicU8,
        bar: &'a OnceLock<ProgressBar>,
        spool: &'a OnceLock<Spool>,
    ) -> Self {
        Gate {
            stdout: std::io::stdout().lock(),
            held: Vec::new(),
            held_bytes: 0,
            spool,
            spool_copied: false,
            direct: None,
            state,
            bar,
        }
    }

    /// Write straight to stdout when it is a regular file: a bad row can
    /// still take the output back (see [`Gate::retract`]).
    fn direct_when_a_file(mut self) -> Self {
        self.direct = Direct::stdout();
        self
    }

    /// The input was bad: take back what went straight to the file, so it
    /// is as it was before the run.
    fn retract(&mut self) -> std::io::Result<()> {
        if let Some(d) = &self.direct {
            // Whatever stdout still buffers goes out first, to be cut too.
            self.stdout.flush()?;
            d.file.set_len(d.start)?;
            (&d.file).seek(SeekFrom::Start(d.start))?;
        }
        Ok(())
    }

    fn out(&mut self, buf: &[u8]) -> std::io::Result<()> {
        match self.bar.get() {
            Some(b) => b.suspend(|| self.stdout.write_all(buf)),
            None => self.stdout.write_all(buf),
        }
    }

    fn open_up(&mut self) -> std::io::Result<()> {
        for chunk in std::mem::take(&mut self.held) {
            self.out(chunk.as_bytes())?;
        }
        if let Some(spool) = self.spool.get()
            && !self.spool_copied
        {
            self.spool_copied = true;
            let mut f = spool.finish()?;
            f.seek(SeekFrom::Start(0))?;
            // From a file, `io::copy` lets the kernel move the bytes
            // (sendfile, splice) without a trip through this process.
            let stdout = &mut self.stdout;
            match self.bar.get() {
                Some(b) => b.suspend(|| std::io::copy(&mut f, stdout))?,
                None => std::io::copy(&mut f, stdout)?,
            };
        }
        Ok(())
    }
}

impl Sink for Gate<'_> {
    fn take(&mut self, text: &mut String) -> std::io::Result<()> {
        match self.state.load(Ordering::Acquire) {
            VALID => {
                self.open_up()?;
                self.out(text.as_bytes())?;
            }
            INVALID => {}
            _ if self.direct.is_some() => self.out(text.as_bytes())?,
            _ if self.spool.get().is_none() && self.held_bytes + text.len() <= HOLD => {
                // Keep the buffer itself: no copy while the input is checked.
                self.held_bytes += text.len();
                let room = text.capacity();
                self.held
                    .push(std::mem::replace(text, String::with_capacity(room)));
                return Ok(());
            }
            _ => {
                let spool = match self.spool.get() {
                    Some(s) => s,
                    None => {
                        let _ = self.spool.set(Spool::new()?);
                        self.spool
                            .get()
                            .ok_or_else(|| std::io::Error::other("no output spool"))?
                    }
                };
                return spool.put(text);
            }
        }
        text.clear();
        Ok(())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.state.load(Ordering::Acquire) == VALID {
            self.open_up()?;
            self.stdout.flush()?;
        }
        Ok(())
    }
}

/// Stdout as a regular file positioned at its end, as after `> out.jsonl`:
/// output can go straight into it, because cutting the file back to
/// `start` undoes it completely. Holding a large run's output in a
/// temporary file and copying it over would double the file system's work.
/// Anything else (a pipe, a terminal, a file opened in the middle) has
/// its output held.
struct Direct {
    /// The same open file as stdout (a duplicate of its descriptor, so
    /// sharing its position).
    file: std::fs::File,
    start: u64,
}

impl Direct {
    fn stdout() -> Option<Direct> {
        use std::os::fd::AsFd;
        let file = std::fs::File::from(std::io::stdout().as_fd().try_clone_to_owned().ok()?);
        let meta = file.metadata().ok()?;
        let start = (&file).stream_position().ok()?;
        (meta.is_file() && start == meta.len()).then_some(Direct { file, start })
    }
}

/// Output set aside while a large CSV is checked: a temporary file that
/// both threads write. The engine's thread queues full buffers; the
/// reader, whenever it would otherwise wait for the engine, writes queued
/// buffers at their places in the file. On a large run the file system's
/// work is a good part of the whole, and this spreads it over both cores.
struct Spool {
    file: std::fs::File,
    queue: std::sync::Mutex<Queue>,
}

#[derive(Default)]
struct Queue {
    /// Buffers waiting to be written, each with its place in the file.
    waiting: std::collections::VecDeque<(u64, String)>,
    /// Written, cleared buffers, to be filled again.
    spare: Vec<String>,
    /// Bytes queued so far: where the next buffer goes.
    len: u64,
    /// The first failed write.
    error: Option<std::io::Error>,
}

/// Buffers that may wait for the reader before the engine's thread writes
/// them itself: bounds memory when the reader has no time to spare.
const WAITING: usize = 8;

impl Spool {
    fn new() -> std::io::Result<Spool> {
        Ok(Spool {
            file: tempfile::tempfile()?,
            queue: std::sync::Mutex::new(Queue::default()),
        })
    }

    fn queue(&self) -> std::sync::MutexGuard<'_, Queue> {
        // A thread that panicked holding the lock left the queue whole.
        self.queue.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Queue `text`, leaving an empty buffer in its place.
    fn put(&self, text: &mut String) -> std::io::Result<()> {
        let mut q = self.queue();
        let empty = q
            .spare
            .pop()
            .unwrap_or_else(|| String::with_capacity(text.capacity()));
        let full = std::mem::replace(text, empty);
        let at = q.len;
        q.len += full.len() as u64;
        q.waiting.push_back((at, full));
        if q.waiting.len() <= WAITING {
            return Ok(());
        }
        drop(q);
        self.write_one();
        Ok(())
    }

    /// Write the oldest waiting buffer; false when none waits.
    fn write_one(&self) -> bool {
        use std::os::unix::fs::FileExt;
        let Some((at, mut text)) = self.queue().waiting.pop_front() else {
            return false;
        };
        let written = self.file.write_all_at(text.as_bytes(), at);
        text.clear();
        let mut q = self.queue();
        if let Err(e) = written
            && q.error.is_none()
        {
            q.error = Some(e);
        }
        if q.spare.len() < WAITING {
            q.spare.push(text);
        }
        true
    }

    /// Write what still waits; the file, or the first error.
    fn finish(&self) -> std::io::Result<&std::fs::File> {
        while self.write_one() {}
        match self.queue().error.take() {
            Some(e) => Err(e),
            None => Ok(&self.file),
        }
    }
}

/// A CSV timeline on two threads: one reads and checks rows, this one runs
/// the engine and writes. Output waits (in memory, then in a temporary
/// file) until the last row has been checked, so a bad row at the end still
/// means an empty stdout and exit 3, while a good file streams with flat
/// memory.
#[allow(clippy::too_many_arguments)]
fn simulate_csv(
    ctx: &Ctx,
    format: Format,
    env: &EnvironmentView,
    config: Config,
    db: &FromDb,
    input: Box<dyn Read + Send>,
    shown: &str,
    size: Option<u64>,
) -> Result<(), Error> {
    let state = AtomicU8::new(VALIDATING);
    let bar = OnceLock::new();
    let spool = &OnceLock::new();
    let counted = Arc::new(AtomicU64::new(0));
    let input = Counting {
        inner: input,
        read: counted.clone(),
    };
    let read = &counted;
    let (event_tx, event_rx) = mpsc::sync_channel::<csv::Batch>(16);
    let style = ctx.style();
    std::thread::scope(|scope| {
        let state = &state;
        let reader = scope.spawn(move || {
            let mut lookup = |name: &str| {
                db.versions
                    .get(&name_key(name))
                    .map(|v| is_legacy_version(v.as_deref()))
            };
            let mut send = |mut b: csv::Batch| {
                b.offset = read.load(Ordering::Relaxed);
                // Rather than wait for the engine, write its held output.
                loop {
                    match event_tx.try_send(b) {
                        Ok(()) => return true,
                        Err(mpsc::TrySendError::Disconnected(_)) => return false,
                        Err(mpsc::TrySendError::Full(back)) => {
                            b = back;
                            if !spool.get().is_some_and(Spool::write_one) {
                                return event_tx.send(b).is_ok();
                            }
                        }
                    }
                }
            };
            let result = csv::read(input, shown, &mut lookup, &mut send);
            state.store(
                if result.is_ok() { VALID } else { INVALID },
                Ordering::Release,
            );
            result
        });
        let gate = Gate::new(state, &bar, spool).direct_when_a_file();
        let mut w = SimWriter::new(gate, format, true, usize::from(style.width), style.colour);
        let mut written: Result<(), std::io::Error> = w.begin(env);
        let mut engine = Engine::new(config);
        let mut sink = |r: &Report<'_>| {
            if written.is_ok() {
                written = w.outcome(r);
            }
        };
        let mut running = true;
        let mut seen = 0u64;
        for batch in event_rx {
            seen += batch.events.len() as u64;
            if ctx.term.stderr_tty && seen > PROGRESS_AFTER && bar.get().is_none() {
                let _ = bar.set(progress_bar(size, true));
            }
            if let Some(b) = bar.get() {
                b.set_position(if size.is_some() { batch.offset } else { seen });
            }
            engine.add_users(batch.names);
            if !running {
                continue; // past the horizon: the reader still checks the rest
            }
            for ev in &batch.events {
                if !engine.push(ev, &mut sink) {
                    running = false;
                    break;
                }
            }
        }
        let summary = engine.finish(&mut sink);
        if let Some(b) = bar.get() {
            b.finish_and_clear();
        }
        let checked = reader
            .join()
            .unwrap_or_else(|_| Err(vec![Violation::new(Code::Io, "the CSV reader failed")]));
        if let Err(errors) = checked {
            w.sink().retract().map_err(crate::term::stdout_error)?;
            return Err(Error::Invalid(errors));
        }
        written.map_err(crate::term::stdout_error)?;
        w.end(&summary).map_err(crate::term::stdout_error)
    })
}
