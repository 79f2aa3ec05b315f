//! Where a CSV run's output goes while its rows are still being checked.
//!
//! The promise: nothing reaches stdout before the whole input is known to
//! be good (a bad row, even the last of millions, means exit 3 and an empty
//! stdout), memory stays bounded, and the run is as fast as if nothing were
//! held. So the engine runs all the while on the rows already checked, and
//! its outcomes wait here:
//!
//! - [`Held`] keeps them in the compact form of `sim::log`, in chunks of
//!   `CHUNK` outcomes: in memory up to a limit, then in a temporary file.
//! - Once the last row has passed, [`Held::release`] turns the chunks into
//!   text on two threads in turn (the reader's core is idle by then) and
//!   writes them in order; from then on outcomes are written as they come.
//! - When stdout is a regular file (`> out.jsonl`), nothing is held: output
//!   goes straight into it, and a bad row cuts the file back ([`Direct`]).
//!
//! Why not hold the text itself in a temporary file, which would need none
//! of this: a million outcomes are 135 MB of JSON lines but a few megabytes
//! here, and writing the text into a file cost the engine's thread about
//! 70 ms of kernel time, 1.14 × the whole run into `/dev/null` (README,
//! Speed).

use std::io::{self, Seek, SeekFrom, Write};
use std::sync::OnceLock;
use std::sync::mpsc;

use indicatif::ProgressBar;

use crate::render::sim::{Place, SimWriter, Sink, Text};
use crate::sim::log::{Decoder, Held, HeldChunk, damaged};
use crate::sim::messages::{Context, Report};
use crate::sim::outcome::Outcome;

/// Stdout, written around the progress bar; or, when it is a regular file,
/// a file that can be cut back.
pub struct Gate<'a> {
    stdout: io::StdoutLock<'static>,
    direct: Option<Direct>,
    /// The progress bar, if one is shown.
    bar: &'a OnceLock<ProgressBar>,
}

impl<'a> Gate<'a> {
    pub fn new(bar: &'a OnceLock<ProgressBar>) -> Self {
        Gate {
            stdout: io::stdout().lock(),
            direct: None,
            bar,
        }
    }

    /// Write straight into stdout when it is a regular file: a bad row can
    /// still take the output back (see [`Gate::retract`]).
    pub fn direct_when_a_file(mut self) -> Self {
        self.direct = Direct::stdout();
        self
    }

    pub fn is_direct(&self) -> bool {
        self.direct.is_some()
    }

    /// The input was bad: take back what went straight into the file, so
    /// that it is as it was before the run.
    pub fn retract(&mut self) -> io::Result<()> {
        if let Some(d) = &self.direct {
            // Whatever stdout still buffers goes out first, to be cut too.
            self.stdout.flush()?;
            d.file.set_len(d.start)?;
            (&d.file).seek(SeekFrom::Start(d.start))?;
        }
        Ok(())
    }
}

impl Sink for Gate<'_> {
    fn take(&mut self, text: &mut String) -> io::Result<()> {
        let stdout = &mut self.stdout;
        match self.bar.get() {
            Some(b) => b.suspend(|| stdout.write_all(text.as_bytes()))?,
            None => stdout.write_all(text.as_bytes())?,
        }
        text.clear();
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.stdout.flush()
    }
}

/// Stdout as a regular file positioned at its end, as after `> out.jsonl`:
/// output can go straight into it, because cutting the file back to
/// `start` undoes it completely. Anything else (a pipe, a terminal, a file
/// opened in the middle) has its output held.
struct Direct {
    /// The same open file as stdout (a duplicate of its descriptor, so
    /// sharing its position).
    file: std::fs::File,
    start: u64,
}

impl Direct {
    fn stdout() -> Option<Direct> {
        let file = stdout_file()?;
        let meta = file.metadata().ok()?;
        let start = (&file).stream_position().ok()?;
        (meta.is_file() && start == meta.len()).then_some(Direct { file, start })
    }
}

/// Stdout as a file of its own (a duplicated descriptor or handle).
#[cfg(unix)]
fn stdout_file() -> Option<std::fs::File> {
    use std::os::fd::AsFd;
    Some(std::fs::File::from(
        io::stdout().as_fd().try_clone_to_owned().ok()?,
    ))
}

#[cfg(windows)]
fn stdout_file() -> Option<std::fs::File> {
    use std::os::windows::io::AsHandle;
    Some(std::fs::File::from(
        io::stdout().as_handle().try_clone_to_owned().ok()?,
    ))
}

/// Elsewhere output always goes through the held path.
#[cfg(not(any(unix, windows)))]
fn stdout_file() -> Option<std::fs::File> {
    None
}

/// Write everything held through `w`. A second thread turns every
/// other chunk into text while this one writes the chunk before it;
/// the texts are put in the stream in order.
fn release(mut held: Held, w: &mut SimWriter<Gate<'_>>, ctx: &Context<'_>) -> io::Result<()> {
    let chunks = held.chunks()?;
    let total = chunks.len();
    let (mine, theirs): (Vec<_>, Vec<_>) = chunks
        .into_iter()
        .enumerate()
        .partition(|(i, _)| i % 2 == 0);
    let held = &held;
    let mut style = w.text().fresh();
    std::thread::scope(|scope| {
        // One text ahead at most, so that memory stays bounded.
        let (done, texts) = mpsc::sync_channel::<io::Result<(String, Place)>>(1);
        scope.spawn(move || {
            for (_, chunk) in theirs {
                let text = as_text(held, chunk, &mut style, ctx);
                if done.send(text).is_err() {
                    return;
                }
            }
        });
        let mut texts = texts.into_iter();
        for (i, chunk) in mine {
            let bytes = held.load(chunk.bytes)?;
            for o in Decoder::new(&bytes, chunk.start) {
                let o = o.ok_or_else(damaged)?;
                w.outcome(&report(&o, ctx))?;
            }
            if i + 1 < total {
                let (mut text, place) = texts.next().ok_or_else(gone)??;
                w.splice(&mut text, place)?;
            }
        }
        Ok(())
    })
}

/// A chunk as text in the writer's `style`, and where the stream is after
/// it.
fn as_text(
    held: &Held,
    chunk: HeldChunk,
    style: &mut Text,
    ctx: &Context<'_>,
) -> io::Result<(String, Place)> {
    let bytes = held.load(chunk.bytes)?;
    let mut place = Place::after(chunk.start.count, chunk.start.last_at);
    let mut out = String::with_capacity(bytes.len() * 16);
    for o in Decoder::new(&bytes, chunk.start) {
        let o = o.ok_or_else(damaged)?;
        style.outcome(&mut out, &mut place, &report(&o, ctx));
    }
    Ok((out, place))
}

fn report<'a>(o: &'a Outcome, ctx: &'a Context<'a>) -> Report<'a> {
    Report {
        outcome: o,
        user: ctx.names.get(o.user as usize).map_or("", |n| n),
        context: ctx,
    }
}

fn gone() -> io::Error {
    io::Error::other("the thread writing held outcomes stopped")
}

/// A run's output: written as it comes, or held until the input passes.
pub struct Output<'g> {
    pub w: SimWriter<Gate<'g>>,
    held: Option<Held>,
    /// The first failed write, after which nothing more is written.
    pub written: io::Result<()>,
}

impl<'g> Output<'g> {
    /// Outcomes are held unless stdout is a file that can be cut back.
    pub fn new(mut w: SimWriter<Gate<'g>>, written: io::Result<()>) -> Self {
        let held = (!w.sink().is_direct()).then(Held::new);
        Output { w, held, written }
    }

    pub fn is_held(&self) -> bool {
        self.held.is_some()
    }

    pub fn outcome(&mut self, r: &Report<'_>) {
        if self.written.is_err() {
            return;
        }
        self.written = match &mut self.held {
            Some(h) => h.push(r.outcome),
            None => self.w.outcome(r),
        };
    }

    /// Every row has passed: write what was held, and from now on write
    /// outcomes as they come.
    pub fn release(&mut self, ctx: &Context<'_>) {
        if let Some(h) = self.held.take()
            && self.written.is_ok()
        {
            self.written = release(h, &mut self.w, ctx);
        }
    }
}
