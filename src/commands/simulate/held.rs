//! Where a CSV run's output goes while its rows are still being checked.
//!
//! A CSV timeline is checked as it is read, and the engine runs all the
//! while on the rows already checked, so outcomes come long before the
//! last row is known to be good. Yet a bad row anywhere, even the last of
//! millions, must leave stdout empty (and exit 3), and memory must not
//! grow with the output. So until the input has passed, the text goes into
//! an anonymous temporary file (on disk, not in memory), copied to stdout
//! afterwards and dropped unread after a bad row. When stdout is itself a
//! regular file (`> out.jsonl`), text goes straight into it instead, and a
//! bad row cuts the file back to where it was (see [`Direct`]).
//!
//! A TOML or JSON scenario is checked whole before it runs: its output
//! goes straight to stdout ([`Gate::new`]).

use std::io::{self, Seek, SeekFrom, Write};
use std::sync::OnceLock;

use indicatif::ProgressBar;

use crate::render::sim::Sink;

/// Stdout, written around the progress bar, perhaps holding the text back
/// until [`Gate::release`].
pub struct Gate<'a> {
    stdout: io::StdoutLock<'static>,
    hold: Hold,
    /// The progress bar, if one is shown.
    bar: &'a OnceLock<ProgressBar>,
}

enum Hold {
    /// Text goes to stdout.
    No,
    /// Text goes into a temporary file, made at the first write.
    Spill(Option<std::fs::File>),
    /// Text goes to stdout, a regular file that can be cut back.
    Direct(Direct),
}

impl<'a> Gate<'a> {
    /// Stdout, text going out as it comes.
    pub fn new(bar: &'a OnceLock<ProgressBar>) -> Self {
        Gate {
            stdout: io::stdout().lock(),
            hold: Hold::No,
            bar,
        }
    }

    /// Stdout, text held until [`Gate::release`] or taken back by
    /// [`Gate::retract`].
    pub fn held(bar: &'a OnceLock<ProgressBar>) -> Self {
        let hold = match Direct::stdout() {
            Some(d) => Hold::Direct(d),
            None => Hold::Spill(None),
        };
        Gate {
            hold,
            ..Gate::new(bar)
        }
    }

    /// The input was good: what was held goes out, and from now on text
    /// goes out as it comes.
    pub fn release(&mut self) -> io::Result<()> {
        if let Hold::Spill(Some(mut file)) = std::mem::replace(&mut self.hold, Hold::No) {
            file.rewind()?;
            let stdout = &mut self.stdout;
            stdout.flush()?;
            match self.bar.get() {
                Some(b) => b.suspend(|| io::copy(&mut file, stdout))?,
                None => io::copy(&mut file, stdout)?,
            };
        }
        Ok(())
    }

    /// The input was bad: drop what was held, and take back what went
    /// straight into the file, so that it is as it was before the run.
    pub fn retract(&mut self) -> io::Result<()> {
        if let Hold::Direct(d) = std::mem::replace(&mut self.hold, Hold::No) {
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
        match (&mut self.hold, self.bar.get()) {
            (Hold::Spill(file), _) => {
                let file = match file {
                    Some(f) => f,
                    None => file.insert(tempfile::tempfile().map_err(|e| {
                        io::Error::other(format!("no temporary file to hold the output: {e}"))
                    })?),
                };
                file.write_all(text.as_bytes())?;
            }
            (_, Some(b)) => b.suspend(|| stdout.write_all(text.as_bytes()))?,
            (_, None) => stdout.write_all(text.as_bytes())?,
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

/// Elsewhere output is always held in a temporary file.
#[cfg(not(any(unix, windows)))]
fn stdout_file() -> Option<std::fs::File> {
    None
}
