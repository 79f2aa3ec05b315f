//! Where a CSV run's output goes while its rows are still being checked.
//!
//! Nothing reaches stdout before the whole input is known to be good, yet
//! the engine runs all the while on the rows already checked. Its outcomes
//! are held in the compact form of `sim::log` — in memory, then in a
//! temporary file — and become text once the last row has passed: a chunk
//! at a time, on this thread and on the reader's (idle by then) in turn.
//! When stdout is a regular file, output goes straight into it instead, and
//! a bad row cuts the file back (see [`Direct`]).
//!
//! Why not hold the text itself in a temporary file, which would need none
//! of this: a million outcomes are 135 MB of JSON lines but a few megabytes
//! here, and writing the text into a file cost the engine's thread about
//! 70 ms of kernel time, 1.14 × the whole run into `/dev/null` (README,
//! Speed). Written once the input has passed, the text is made by both
//! threads at once, since the reader's has nothing left to do.

use std::io::{self, Seek, SeekFrom, Write};
use std::sync::OnceLock;
use std::sync::mpsc::{Receiver, Sender, SyncSender};

use indicatif::ProgressBar;

use crate::render::sim::{Place, SimWriter, Sink, Text};
use crate::sim::log::{CHUNK, Decoder, Encoder, Start};
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

/// Held outcomes kept in memory; the rest go to a temporary file.
const IN_MEMORY: usize = 16 << 20;

/// Outcomes held while the input is checked, in chunks of [`CHUNK`].
struct Held {
    chunks: Vec<Stored>,
    current: Encoder,
    in_memory: usize,
    /// At most this many bytes are kept in memory.
    limit: usize,
    file: Option<std::fs::File>,
    file_len: u64,
}

struct Stored {
    start: Start,
    bytes: Bytes,
}

enum Bytes {
    Memory(Vec<u8>),
    File { at: u64, len: usize },
}

impl Held {
    fn new() -> Self {
        Held::with_limit(IN_MEMORY)
    }

    fn with_limit(limit: usize) -> Self {
        Held {
            chunks: Vec::new(),
            current: Encoder::new(Start::default()),
            in_memory: 0,
            limit,
            file: None,
            file_len: 0,
        }
    }

    fn push(&mut self, o: &Outcome) -> io::Result<()> {
        self.current.push(o);
        if self.current.len() == CHUNK {
            self.seal()?;
        }
        Ok(())
    }

    /// Close the current chunk and start the next.
    fn seal(&mut self) -> io::Result<()> {
        let next = Encoder::new(self.current.next_start());
        let full = std::mem::replace(&mut self.current, next);
        if full.is_empty() {
            return Ok(());
        }
        let start = full.start();
        let bytes = full.into_bytes();
        let bytes = if self.in_memory + bytes.len() <= self.limit {
            self.in_memory += bytes.len();
            Bytes::Memory(bytes)
        } else {
            let file = match &mut self.file {
                Some(f) => f,
                None => self.file.insert(tempfile::tempfile()?),
            };
            file.write_all(&bytes)?;
            let at = self.file_len;
            self.file_len += bytes.len() as u64;
            Bytes::File {
                at,
                len: bytes.len(),
            }
        };
        self.chunks.push(Stored { start, bytes });
        Ok(())
    }

    fn load(&self, bytes: Bytes) -> io::Result<Vec<u8>> {
        match bytes {
            Bytes::Memory(b) => Ok(b),
            Bytes::File { at, len } => {
                let mut b = vec![0; len];
                let file = self
                    .file
                    .as_ref()
                    .ok_or_else(|| io::Error::other("the held outcomes are gone"))?;
                crate::sim::log::read_exact_at(file, &mut b, at)?;
                Ok(b)
            }
        }
    }

    /// Write everything held through `w`, the helper writing every other
    /// chunk as text while this thread writes the one before it.
    fn release(
        mut self,
        w: &mut SimWriter<Gate<'_>>,
        ctx: &Context<'_>,
        helper: &Helper,
    ) -> io::Result<()> {
        self.seal()?;
        let mut chunks = std::mem::take(&mut self.chunks).into_iter();
        let helped = chunks.len() > 1;
        if helped {
            helper.send(Job::Style {
                text: w.text().fresh(),
                names: ctx.names.to_vec(),
                version: ctx.version.map(str::to_string),
                token_lifetime: ctx.token_lifetime,
            })?;
        }
        while let Some(mine) = chunks.next() {
            let theirs = chunks.next();
            let helping = theirs.is_some();
            if let Some(t) = theirs {
                helper.send(Job::Chunk {
                    start: t.start,
                    bytes: self.load(t.bytes)?,
                })?;
            }
            for o in Decoder::new(&self.load(mine.bytes)?, mine.start) {
                let o = o.ok_or_else(damaged)?;
                w.outcome(&Report {
                    outcome: &o,
                    user: ctx.names.get(o.user as usize).map_or("", |n| n),
                    context: ctx,
                })?;
            }
            if helping {
                let (mut text, place) = helper.receive()?;
                w.splice(&mut text, place)?;
            }
        }
        Ok(())
    }
}

fn damaged() -> io::Error {
    io::Error::other("the held outcomes could not be read back")
}

/// What the reader's thread is asked to do once every row has passed.
pub enum Job {
    /// How to write: the format, and what messages need.
    Style {
        text: Text,
        names: Vec<Box<str>>,
        version: Option<String>,
        token_lifetime: i64,
    },
    /// Write these held outcomes as text.
    Chunk { start: Start, bytes: Vec<u8> },
}

/// A chunk as text, and where the stream is after it.
pub type Done = io::Result<(String, Place)>;

/// This thread's end of the helper's channels.
pub struct Helper {
    pub jobs: SyncSender<Job>,
    pub done: Receiver<Done>,
}

impl Helper {
    fn send(&self, job: Job) -> io::Result<()> {
        self.jobs.send(job).map_err(|_| gone())
    }

    fn receive(&self) -> io::Result<(String, Place)> {
        self.done.recv().map_err(|_| gone())?
    }
}

fn gone() -> io::Error {
    io::Error::other("the thread writing held outcomes stopped")
}

/// Serve [`Job`]s until this thread's [`Helper`] hangs up.
pub fn help(jobs: Receiver<Job>, done: Sender<Done>) {
    let mut style = None;
    for job in jobs {
        match job {
            Job::Style {
                text,
                names,
                version,
                token_lifetime,
            } => style = Some((text, names, version, token_lifetime)),
            Job::Chunk { start, bytes } => {
                let Some((text, names, version, token_lifetime)) = &mut style else {
                    let _ = done.send(Err(gone()));
                    return;
                };
                let context = Context {
                    names,
                    version: version.as_deref(),
                    token_lifetime: *token_lifetime,
                };
                let mut place = Place::after(start.count, start.last_at);
                let mut out = String::with_capacity(bytes.len() * 16);
                let mut result = Ok(());
                for o in Decoder::new(&bytes, start) {
                    let Some(o) = o else {
                        result = Err(damaged());
                        break;
                    };
                    let report = Report {
                        outcome: &o,
                        user: names.get(o.user as usize).map_or("", |n| n),
                        context: &context,
                    };
                    text.outcome(&mut out, &mut place, &report);
                }
                if done.send(result.map(|()| (out, place))).is_err() {
                    return;
                }
            }
        }
    }
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
    pub fn release(&mut self, ctx: &Context<'_>, helper: &Helper) {
        if let Some(h) = self.held.take()
            && self.written.is_ok()
        {
            self.written = h.release(&mut self.w, ctx, helper);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::outcome::{Detail, OutKind, Reason};

    #[test]
    fn held_outcomes_come_back_from_memory_and_from_the_file() {
        let outcomes: Vec<Outcome> = (0..CHUNK as i64 * 5 + 7)
            .map(|i| Outcome {
                at: 1_772_438_400 + i / 3,
                user: (i % 977) as u32,
                kind: OutKind::Warning,
                reason: Reason::Inactivity,
                rule: "S6",
                ends_at: Some(1_772_438_400 + i / 3 + 300),
                detail: Detail::Inactivity {
                    after: 1800,
                    last: 1_772_438_400 + i / 3 - 1500,
                },
            })
            .collect();
        // Room for about two chunks in memory: the rest go to the file.
        let mut held = Held::with_limit(CHUNK * 30);
        for o in &outcomes {
            held.push(o).unwrap();
        }
        held.seal().unwrap();
        let chunks = std::mem::take(&mut held.chunks);
        assert_eq!(chunks.len(), 6);
        let in_file = chunks
            .iter()
            .filter(|c| matches!(c.bytes, Bytes::File { .. }))
            .count();
        assert!((1..6).contains(&in_file), "{in_file} chunks in the file");
        let mut back = Vec::new();
        for c in chunks {
            let bytes = held.load(c.bytes).unwrap();
            back.extend(Decoder::new(&bytes, c.start).map(|o| o.unwrap()));
        }
        assert_eq!(back, outcomes);
    }
}
