//! One module per subcommand: turn clap's arguments into plain values, call
//! the core (rules, store, engine), render. `run` dispatches.

pub mod apply;
pub mod audit;
pub mod db;
pub mod discover;
pub mod env;
pub mod export;
pub mod import;
pub mod live;
pub mod pull;
pub mod push;
pub mod rules;
pub mod simulate;
pub mod tenant;
pub mod validate;
pub mod whatif;

use std::path::PathBuf;

use serde::Serialize;

use crate::cli::{Cli, Command, Output};
use crate::error::Error;
use crate::render::{self, Style};
use crate::store::{self, Access, Origin, Store};
use crate::term::{self, Term};

/// What every command may need from the global flags and the process.
pub struct Ctx {
    pub output: Output,
    pub yes: bool,
    pub quiet: bool,
    pub term: Term,
    db: Option<PathBuf>,
}

impl Ctx {
    /// The global flags, completed from `SESSADM_OUTPUT` and `SESSADM_DB`;
    /// a bad value of either is a usage error naming the variable.
    pub fn new(cli: &Cli, term: Term) -> Result<Self, Error> {
        let output = match cli.output {
            Some(o) => o,
            None => output_from_env()?.unwrap_or(Output::Table),
        };
        let db = match &cli.db {
            Some(p) if p.as_os_str().is_empty() => {
                return Err(Error::usage(
                    "--db is empty — pass the database file's path",
                ));
            }
            Some(p) => Some(p.clone()),
            None => crate::store::db_from_env()?,
        };
        Ok(Ctx {
            output,
            yes: cli.yes,
            quiet: cli.quiet,
            term,
            db,
        })
    }

    pub fn json(&self) -> bool {
        self.output == Output::Json
    }

    pub fn style(&self) -> Style {
        Style {
            width: self.term.width(),
            colour: self.term.stdout_colour(),
            wrap: self.term.stdout_tty,
        }
    }

    /// Open the database to change it: created and migrated when needed.
    pub fn store(&self) -> Result<Store, Error> {
        self.open(Access::Write)
    }

    /// Open the database to read it: read-only, never created; a missing
    /// file is an error naming the path, so a mistyped --db never passes.
    pub fn store_read(&self) -> Result<Store, Error> {
        self.open(Access::Read)
    }

    fn open(&self, access: Access) -> Result<Store, Error> {
        let (path, origin) = self.db_path()?;
        Ok(Store::open_with(&path, access, origin)?)
    }

    /// The database file: --db, else SESSADM_DB, else the default.
    fn db_path(&self) -> Result<(PathBuf, Origin), Error> {
        match &self.db {
            Some(p) => Ok((p.clone(), Origin::Given)),
            None => Ok((
                store::default_path().ok_or_else(|| {
                    Error::Io(
                        "no data directory (neither XDG_DATA_HOME nor HOME is set) — pass --db or set SESSADM_DB"
                            .into(),
                    )
                })?,
                Origin::Default,
            )),
        }
    }

    /// The database file as a person reads it, for questions and notes.
    pub fn store_path(&self) -> String {
        self.db_path()
            .map(|(p, _)| crate::text::escape(&p.display().to_string()).into_owned())
            .unwrap_or_else(|_| "the database".into())
    }

    /// Print a result: JSON, or the table `table` draws from the same value.
    pub fn emit<T: Serialize + ?Sized>(
        &self,
        value: &T,
        table: impl FnOnce(&Style) -> String,
    ) -> Result<(), Error> {
        let text = if self.json() {
            render::json(value)?
        } else {
            table(&self.style())
        };
        term::print(&text)
    }

    /// Print what a change produced; in table form only unless --quiet.
    pub fn emit_change<T: Serialize + ?Sized>(
        &self,
        value: &T,
        table: impl FnOnce(&Style) -> String,
    ) -> Result<(), Error> {
        if self.quiet && !self.json() {
            return Ok(());
        }
        self.emit(value, table)
    }

    pub fn note(&self, text: &str) {
        term::note(self.quiet || self.json(), text);
    }

    /// Ask for confirmation unless --yes; without a terminal, refuse and
    /// name the flag.
    pub fn confirm(&self, question: &str, what: &str) -> Result<(), Error> {
        if self.yes {
            return Ok(());
        }
        if !self.term.interactive() {
            return Err(Error::usage(format!(
                "{what} needs confirmation and there is no terminal to ask at — pass --yes"
            )));
        }
        if self.term.confirm(question)? {
            Ok(())
        } else {
            Err(Error::Declined("aborted: nothing was changed".into()))
        }
    }
}

/// Who is making a change: `SESSADM_ACTOR`, else the OS user.
pub fn actor() -> String {
    let from_env = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
    from_env("SESSADM_ACTOR")
        .or_else(os_user)
        .or_else(|| from_env("USER"))
        .or_else(|| from_env("LOGNAME"))
        .unwrap_or_else(|| "unknown".to_string())
}

/// The name of the account the process runs as, asked of the OS (the
/// user database on Unix, the logon name on Windows) rather than the
/// environment, which anyone can set; `None` where the OS cannot say.
fn os_user() -> Option<String> {
    whoami::username().ok().filter(|v| !v.trim().is_empty())
}

/// `SESSADM_OUTPUT`, when set: `table` or `json`.
fn output_from_env() -> Result<Option<Output>, Error> {
    match std::env::var_os("SESSADM_OUTPUT") {
        None => Ok(None),
        Some(v) if v.is_empty() => Ok(None),
        Some(v) => match v.to_str() {
            Some("table") => Ok(Some(Output::Table)),
            Some("json") => Ok(Some(Output::Json)),
            _ => Err(Error::usage(format!(
                "SESSADM_OUTPUT is {}, not an output format — set it to table or json, or unset it",
                crate::text::shown(&v.to_string_lossy())
            ))),
        },
    }
}

/// Run the parsed command line.
pub fn run(cli: Cli) -> Result<(), Error> {
    let ctx = Ctx::new(&cli, Term::detect())?;
    match cli.command {
        Command::Env(cmd) => env::run(&ctx, cmd),
        Command::Tenant(cmd) => tenant::run(&ctx, cmd),
        Command::Simulate(args) => simulate::run(&ctx, args),
        Command::Export(args) => export::run(&ctx, args),
        Command::Validate(args) => validate::run(&ctx, args),
        Command::Apply(args) => apply::run(&ctx, args),
        Command::ImportDataverse(args) => import::run(&ctx, args),
        Command::Audit(args) => audit::run(&ctx, args),
        Command::Rules(args) => rules::run(&ctx, args),
        Command::Db(cmd) => db::run(&ctx, cmd),
        Command::Whatif(args) => whatif::run(&ctx, args),
        Command::Discover(args) => discover::run(&ctx, args),
        Command::Pull(args) => pull::run(&ctx, args),
        Command::Push(args) => push::run(&ctx, args),
        Command::Completions(args) => term::print(&crate::completion::script(args.shell)),
        Command::Man => term::print(&crate::man::page()),
    }
}

/// Whether errors should be JSON: `-o json` anywhere on the command line
/// (the last `-o` wins), else `SESSADM_OUTPUT=json`. Read before clap, so
/// that even a usage error comes out as JSON.
pub fn wants_json(args: &[std::ffi::OsString]) -> bool {
    let mut json = std::env::var("SESSADM_OUTPUT").is_ok_and(|v| v == "json");
    let mut it = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(a) = it.next() {
        let value = match a.as_ref() {
            "--" => break,
            "-o" | "--output" => it.next().map(|v| v.into_owned()),
            s => s
                .strip_prefix("--output=")
                .or_else(|| s.strip_prefix("-o="))
                .or_else(|| s.strip_prefix("-o"))
                .map(str::to_string),
        };
        if let Some(v) = value {
            json = v == "json";
        }
    }
    json
}

/// Report a command-line error the way the rest of sessadm reports errors:
/// help and version go to stdout with exit 0; anything else is a usage error
/// (exit 2), as JSON when JSON was asked for.
pub fn clap_error(e: clap::Error, json: bool) -> Result<(), Error> {
    use clap::error::ErrorKind;
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => term::print(&e.render().to_string()),
        _ if json => {
            // clap's message without the usage and help lines, on one line.
            let text = e.render().to_string();
            let message = text
                .lines()
                .map(str::trim)
                .take_while(|l| !l.starts_with("Usage:"))
                .filter(|l| !l.is_empty() && !l.starts_with("For more information"))
                .collect::<Vec<_>>()
                .join(" ")
                .trim_start_matches("error: ")
                .to_string();
            Err(Error::usage(if message.is_empty() {
                "invalid command line".to_string()
            } else {
                message
            }))
        }
        _ => {
            let _ = e.print();
            Err(Error::UsagePrinted)
        }
    }
}

/// Read a whole input file (at most `input::MAX_BYTES`), naming it in the
/// error.
pub fn read_file(path: &std::path::Path) -> Result<String, Error> {
    crate::input::read(
        crate::input::Source::Path(path),
        &path.display().to_string(),
        "sessadm reads policy and settings files up to that size; check that this is the file meant",
    )
}

/// A policy file, or stdin for `-`: its name as errors show it, its text,
/// and whether it is JSON (`format`, else the extension, else — for stdin —
/// whether it starts with `{`).
pub fn read_policy(
    path: &std::path::Path,
    format: Option<crate::cli::PolicyFormat>,
) -> Result<(String, String, bool), Error> {
    use crate::cli::PolicyFormat;
    let stdin = path.as_os_str() == "-";
    let (shown, text) = if stdin {
        let shown = "<stdin>".to_string();
        let text = crate::input::read(
            crate::input::Source::Stdin,
            &shown,
            "sessadm reads policy files up to that size",
        )?;
        (shown, text)
    } else {
        (path.display().to_string(), read_file(path)?)
    };
    let json = match format {
        Some(f) => f == PolicyFormat::Json,
        None if stdin => text
            .trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n'])
            .starts_with('{'),
        None => is_json(path),
    };
    Ok((shown, text, json))
}

/// Whether a file is JSON (by its extension), else TOML.
pub fn is_json(path: &std::path::Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
}
