//! What the process is attached to: terminals, colour, prompts, stdout.
//!
//! sessadm prompts only when both stdin and stderr are terminals, and never
//! otherwise: a command that would need to ask fails with a usage error
//! naming the flag to pass. Colour only on a terminal, never with
//! `NO_COLOR` or `TERM=dumb`.

use std::io::{IsTerminal, Write};

use dialoguer::theme::{ColorfulTheme, SimpleTheme, Theme};

use crate::error::{Error, Violation};

#[derive(Debug, Clone, Copy)]
pub struct Term {
    pub stdin_tty: bool,
    pub stdout_tty: bool,
    pub stderr_tty: bool,
    colour_allowed: bool,
}

impl Term {
    pub fn detect() -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let dumb = std::env::var_os("TERM").is_some_and(|v| v == "dumb");
        Term {
            stdin_tty: std::io::stdin().is_terminal(),
            stdout_tty: std::io::stdout().is_terminal(),
            stderr_tty: std::io::stderr().is_terminal(),
            colour_allowed: !no_color && !dumb,
        }
    }

    /// A prompt can be shown and answered.
    pub fn interactive(&self) -> bool {
        self.stdin_tty && self.stderr_tty
    }

    pub fn stdout_colour(&self) -> bool {
        self.colour_allowed && self.stdout_tty
    }

    pub fn stderr_colour(&self) -> bool {
        self.colour_allowed && self.stderr_tty
    }

    /// The width output is laid out for at a terminal: `COLUMNS` when set,
    /// else the terminal's own, else 80.
    pub fn width(&self) -> u16 {
        let columns = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.trim().parse::<u16>().ok())
            .filter(|w| *w >= 20);
        // A terminal that does not know its size reports 0: use 80 then.
        let own = || {
            comfy_table::Table::new()
                .width()
                .filter(|w| self.stdout_tty && *w >= 20)
        };
        columns.or_else(own).unwrap_or(80)
    }

    fn theme(&self) -> Box<dyn Theme> {
        if self.stderr_colour() {
            Box::new(ColorfulTheme::default())
        } else {
            Box::new(SimpleTheme)
        }
    }

    /// Ask for a value until `check` accepts it; `default` is offered.
    pub fn ask<T>(
        &self,
        prompt: &str,
        default: Option<String>,
        check: impl Fn(&str) -> Result<T, Violation>,
    ) -> Result<T, Error> {
        let theme = self.theme();
        let mut input = dialoguer::Input::<String>::with_theme(theme.as_ref())
            .with_prompt(prompt)
            .validate_with(|s: &String| check(s).map(|_| ()).map_err(|v| v.to_string()));
        if let Some(d) = default {
            input = input.default(d);
        }
        let answer = input.interact_text().map_err(prompt_error)?;
        check(&answer).map_err(Error::one)
    }

    /// Ask a yes/no question; no is the default.
    pub fn confirm(&self, prompt: &str) -> Result<bool, Error> {
        let theme = self.theme();
        dialoguer::Confirm::with_theme(theme.as_ref())
            .with_prompt(prompt)
            .default(false)
            .interact()
            .map_err(prompt_error)
    }
}

/// A progress bar on stderr in sessadm's style; `len` None is a spinner.
pub fn progress_bar(len: Option<u64>, template: &str) -> indicatif::ProgressBar {
    let bar =
        indicatif::ProgressBar::with_draw_target(len, indicatif::ProgressDrawTarget::stderr());
    if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

/// Run `work` on this thread while another watches `done` (of `total`):
/// after a second, and only when `show` (stderr is a terminal), a progress
/// bar appears on stderr and follows it; it is cleared when the work ends.
/// A run shorter than a second never shows one.
pub fn progress_after_a_second<T>(
    show: bool,
    total: u64,
    template: &str,
    done: &std::sync::atomic::AtomicU64,
    work: impl FnOnce() -> T,
) -> T {
    use std::sync::atomic::Ordering;
    use std::sync::mpsc::{RecvTimeoutError, channel};
    use std::time::Duration;
    if !show {
        return work();
    }
    let (finished, wait) = channel::<()>();
    std::thread::scope(|s| {
        s.spawn(move || {
            if wait.recv_timeout(Duration::from_secs(1)) != Err(RecvTimeoutError::Timeout) {
                return; // done within the second
            }
            let bar = progress_bar(Some(total), template);
            loop {
                bar.set_position(done.load(Ordering::Relaxed).min(total));
                match wait.recv_timeout(Duration::from_millis(100)) {
                    Err(RecvTimeoutError::Timeout) => {}
                    _ => break,
                }
            }
            bar.finish_and_clear();
        });
        let out = work();
        drop(finished);
        out
    })
}

/// Ctrl-C anywhere — at a prompt, a confirmation, during a long run — ends
/// sessadm the same way: the cursor shown again, the line ended, exit 130.
/// A write in progress is rolled back by SQLite; nothing is half-written.
pub fn on_interrupt() {
    let _ = ctrlc::set_handler(|| {
        // While requests to the live tenant are in flight, the first Ctrl-C
        // only asks them to stop (no new request; what completed is kept);
        // a second one ends at once.
        if COOPERATE.load(Ordering::SeqCst) && !INTERRUPTED.swap(true, Ordering::SeqCst) {
            return;
        }
        restore_terminal();
        std::process::exit(i32::from(Error::Interrupted.exit_code()));
    });
}

use std::sync::atomic::{AtomicBool, Ordering};

static COOPERATE: AtomicBool = AtomicBool::new(false);
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Whether Ctrl-C was pressed while [`cooperate`] was on.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// Run `work` with Ctrl-C turned into a request to stop ([`interrupted`])
/// instead of an immediate exit.
pub fn cooperate<T>(work: impl FnOnce() -> T) -> T {
    COOPERATE.store(true, Ordering::SeqCst);
    let out = work();
    COOPERATE.store(false, Ordering::SeqCst);
    out
}

/// After a cooperative run that was interrupted: the terminal as it was.
pub fn after_interrupt() {
    restore_terminal();
}

/// Show the cursor again (a prompt or a progress bar may have hidden it)
/// and end the line.
fn restore_terminal() {
    let mut err = std::io::stderr();
    if err.is_terminal() {
        let _ = err.write_all(b"\x1b[?25h\n");
        let _ = err.flush();
    }
}

fn prompt_error(e: dialoguer::Error) -> Error {
    let dialoguer::Error::IO(io) = &e;
    if io.kind() == std::io::ErrorKind::Interrupted {
        // Ctrl-C read as a key: the same end as the signal's.
        restore_terminal();
        return Error::Interrupted;
    }
    Error::Io(format!("cannot read the answer: {e}").into())
}

/// Write to stdout; a reader that went away (`| head -1`) is not an error
/// worth a message.
pub fn print(text: &str) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|_| out.flush())
        .map_err(stdout_error)
}

pub fn stdout_error(e: std::io::Error) -> Error {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Error::BrokenPipe
    } else {
        Error::Io(format!("cannot write to stdout: {e}").into())
    }
}

/// A line for a person on stderr (notes, confirmations), unless quiet.
pub fn note(quiet: bool, text: &str) {
    if !quiet {
        let _ = writeln!(std::io::stderr(), "{text}");
    }
}

/// ANSI styling, used only when colour is on.
pub fn paint(on: bool, code: &str, text: &str) -> String {
    if on {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

/// Colour the `error[CODE]` tag of a line for stderr, when allowed.
pub fn paint_error(line: &str) -> String {
    if !Term::detect().stderr_colour() {
        return line.to_string();
    }
    match line
        .find("error[")
        .and_then(|i| line[i..].find(']').map(|j| (i, i + j + 1)))
    {
        Some((i, j)) => format!(
            "{}{}{}",
            &line[..i],
            paint(true, "1;31", &line[i..j]),
            &line[j..]
        ),
        None => line.to_string(),
    }
}
