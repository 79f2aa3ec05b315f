//! Integration tests: the real binary on a real SQLite file in a temp dir.
//!
//! Each test gets its own directory and `SESSADM_DB`; nothing is shared.

mod acceptance;
mod acceptance_policy;
mod browser;
mod control;
mod database;
mod emulator;
mod env;
mod fuzz;
mod generated;
mod html_simulate;
mod html_whatif;
mod import;
mod limits;
mod policy;
mod rules;
mod shells;
mod simulate;
mod slips;
mod snapshots;
mod store;
mod suggest;
mod tenant;
mod terminal;
mod whatif;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use serde_json::Value;

/// A temp directory with its own database, and ways to run sessadm in it.
pub struct Sandbox {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
}

impl Default for Sandbox {
    fn default() -> Self {
        Self::new()
    }
}

impl Sandbox {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("sessadm.db");
        Sandbox { dir, db }
    }

    /// Create this sandbox's (empty) database, as a first write would:
    /// commands that only read never create one.
    pub fn init(&self) -> &Self {
        drop(sessadm::store::Store::open(&self.db).expect("create the database"));
        self
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Write `text` to the file `name` in the sandbox; its absolute path.
    pub fn write(&self, name: &str, text: &str) -> String {
        let p = self.path(name);
        std::fs::write(&p, text).expect("write file");
        p.to_str().expect("utf-8 path").to_string()
    }

    /// sessadm with a clean environment: this sandbox's database, a known
    /// actor, no colour, no terminal on stdin.
    pub fn cmd(&self) -> Command {
        self.command(bin())
    }

    /// Any program, with the environment `cmd` gives sessadm.
    pub fn command(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        let mut c = Command::new(program);
        c.current_dir(self.dir.path())
            .env("SESSADM_DB", &self.db)
            .env("SESSADM_ACTOR", "tester")
            .env_remove("SESSADM_OUTPUT")
            .env_remove("NO_COLOR")
            .env_remove("COLUMNS")
            .env("HOME", self.dir.path())
            .env_remove("XDG_DATA_HOME")
            .stdin(Stdio::null());
        c
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd().args(args).output().expect("run sessadm")
    }

    /// Run with `input` on stdin; the output, whatever the exit code.
    pub fn run_stdin(&self, args: &[&str], input: &str) -> Output {
        let mut child = self
            .cmd()
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn sessadm");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input.as_bytes())
            .expect("write stdin");
        child.wait_with_output().expect("wait for sessadm")
    }

    /// Run, expect exit 0, return stdout.
    #[track_caller]
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "sessadm {args:?} failed with {:?}\nstdout: {}\nstderr: {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8 stdout")
    }

    /// Run with `-o json`, expect exit 0, parse stdout.
    #[track_caller]
    pub fn json(&self, args: &[&str]) -> Value {
        let mut all = vec!["-o", "json"];
        all.extend_from_slice(args);
        let text = self.ok(&all);
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
    }

    /// Run, expect exit `code`, return stderr; stdout must be empty.
    #[track_caller]
    pub fn fails(&self, args: &[&str], code: i32) -> String {
        let out = self.run(args);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(
            out.status.code(),
            Some(code),
            "sessadm {args:?}: want exit {code}\nstdout: {}\nstderr: {stderr}",
            String::from_utf8_lossy(&out.stdout)
        );
        assert!(
            out.stdout.is_empty(),
            "sessadm {args:?} failed but printed on stdout: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        assert!(!stderr.contains("panicked"), "panic: {stderr}");
        stderr
    }

    /// Run with `-o json`, expect exit `code`, return the error object.
    #[track_caller]
    pub fn json_error(&self, args: &[&str], code: i32) -> Value {
        let mut all = vec!["-o", "json"];
        all.extend_from_slice(args);
        let stderr = self.fails(&all, code);
        let v: Value = serde_json::from_str(stderr.trim())
            .unwrap_or_else(|e| panic!("stderr is not one JSON object ({e}): {stderr}"));
        v["error"].clone()
    }

    /// Every row of every table, as text, for "nothing changed" checks.
    pub fn dump(&self) -> String {
        dump(&self.db)
    }
}

pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_sessadm"))
}

/// The Dataverse fixture, kept as it is in the repository.
pub const DATAVERSE_FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/dataverse/organizations-response.json"
);

/// This process's PATH with `dir` first, so that its programs are found
/// before any installed ones.
pub fn path_with(dir: &Path) -> String {
    format!(
        "{}:{}",
        dir.display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

/// Every violation in a JSON error object (one, or all of `violations`).
pub fn violations(err: &Value) -> Vec<Value> {
    match err["violations"].as_array() {
        Some(all) => all.clone(),
        None => vec![err.clone()],
    }
}

/// Every error code in a JSON error object: the violations when there are
/// several, else the one code.
pub fn codes(err: &Value) -> Vec<String> {
    violations(err)
        .iter()
        .map(|v| {
            v["code"]
                .as_str()
                .unwrap_or_else(|| panic!("no code in {v}"))
                .to_string()
        })
        .collect()
}

/// Run `sessadm ARGS` on a pseudo-terminal (util-linux `script`), typing
/// `input` at once; returns the exit code and everything the terminal showed.
pub fn on_terminal(s: &Sandbox, args: &str, input: &str, no_color: bool) -> (i32, String) {
    let mut c = s.command("script");
    if no_color {
        c.env("NO_COLOR", "1");
    }
    let mut pty = Pty::start(c, args);
    pty.type_bytes(input.as_bytes());
    pty.finish()
}

/// Like `on_terminal` without colour, but type only once sessadm shows
/// `prompt`.
pub fn answer_prompt(s: &Sandbox, args: &str, prompt: &str, input: &str) -> (i32, String) {
    let mut pty = Pty::spawn(s, args);
    pty.wait_for(prompt);
    pty.type_bytes(input.as_bytes());
    pty.finish()
}

/// How long a terminal test waits for what it expects before failing.
const TERMINAL_DEADLINE: Duration = Duration::from_secs(30);

/// sessadm on a pseudo-terminal (util-linux `script`), its screen read as
/// it is written, so that a test waits for what it expects with a deadline
/// instead of sleeping.
pub struct Pty {
    child: std::process::Child,
    stdin: Option<std::process::ChildStdin>,
    chunks: std::sync::mpsc::Receiver<Vec<u8>>,
    screen: Vec<u8>,
}

impl Pty {
    /// `sessadm ARGS` without colour.
    pub fn spawn(s: &Sandbox, args: &str) -> Pty {
        let mut c = s.command("script");
        c.env("NO_COLOR", "1");
        Pty::start(c, args)
    }

    /// `sessadm ARGS` under `c`, a `script` command with its environment.
    pub fn start(mut c: Command, args: &str) -> Pty {
        use std::io::Read;
        let command = format!("{} {args}", bin().display());
        let mut child = c
            .args(["-qec", &command, "/dev/null"])
            .env("TERM", "xterm")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("spawn script");
        let mut out = child.stdout.take().expect("stdout");
        let (tx, chunks) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = out.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        Pty {
            stdin: child.stdin.take(),
            child,
            chunks,
            screen: Vec::new(),
        }
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.screen).into_owned()
    }

    /// Wait until the screen shows `want`.
    pub fn wait_for(&mut self, want: &str) {
        let end = std::time::Instant::now() + TERMINAL_DEADLINE;
        while !self.text().contains(want) {
            let left = end.saturating_duration_since(std::time::Instant::now());
            assert!(!left.is_zero(), "never showed {want:?}: {}", self.text());
            if let Ok(chunk) = self.chunks.recv_timeout(left) {
                self.screen.extend(chunk);
            }
        }
    }

    pub fn type_bytes(&mut self, bytes: &[u8]) {
        use std::io::Write;
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(bytes).expect("type");
        stdin.flush().expect("flush");
    }

    /// Wait for sessadm to end: its exit code and the whole screen.
    pub fn finish(mut self) -> (i32, String) {
        let end = std::time::Instant::now() + TERMINAL_DEADLINE;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                while let Ok(chunk) = self
                    .chunks
                    .recv_timeout(std::time::Duration::from_millis(500))
                {
                    self.screen.extend(chunk);
                }
                drop(self.stdin.take());
                return (status.code().unwrap_or(-1), self.text());
            }
            if std::time::Instant::now() > end {
                let _ = self.child.kill();
                panic!("sessadm did not end: {}", self.text());
            }
            if let Ok(chunk) = self
                .chunks
                .recv_timeout(std::time::Duration::from_millis(50))
            {
                self.screen.extend(chunk);
            }
        }
    }
}

/// A canonical text dump of a sessadm database's content.
pub fn dump(db: &Path) -> String {
    let c = rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .expect("open db");
    let mut out = String::new();
    for table in ["environments", "settings", "tenant", "history"] {
        let mut st = c
            .prepare(&format!("SELECT * FROM {table} ORDER BY 1"))
            .expect("prepare");
        let n = st.column_count();
        let rows = st
            .query_map([], |r| {
                (0..n)
                    .map(|i| {
                        r.get::<_, rusqlite::types::Value>(i)
                            .map(|v| format!("{v:?}"))
                    })
                    .collect::<Result<Vec<_>, _>>()
            })
            .expect("query");
        for row in rows {
            out.push_str(&format!("{table}: {}\n", row.expect("row").join(" | ")));
        }
    }
    out
}

/// Lines of human output must fit 80 columns.
#[track_caller]
pub fn assert_fits_80(text: &str) {
    for line in text.lines() {
        assert!(
            line.chars().count() <= 80,
            "line wider than 80 columns ({}): {line}",
            line.chars().count()
        );
    }
}

/// At an 80-column terminal (`COLUMNS=80` under util-linux `script`),
/// what `sessadm ARGS` shows must fit; off a terminal nothing is wrapped,
/// so this is where the width is checked. Says why it skips without
/// `script`.
#[track_caller]
pub fn assert_fits_80_at_a_terminal(s: &Sandbox, args: &[&str]) {
    if let Some(screen) = at_a_terminal(s, args, 80) {
        assert_fits_80(&screen);
    }
}

/// What `sessadm ARGS` shows at a terminal `columns` wide (`COLUMNS`, no
/// colour), which must succeed; None, saying why, without util-linux
/// `script`.
#[track_caller]
pub fn at_a_terminal(s: &Sandbox, args: &[&str], columns: u16) -> Option<String> {
    if !have("script") {
        eprintln!("SKIP the terminal check: util-linux script is not installed");
        return None;
    }
    let quoted: Vec<String> = args
        .iter()
        .map(|a| format!("'{}'", a.replace('\'', "'\\''")))
        .collect();
    let command = format!("{} {}", bin().display(), quoted.join(" "));
    let out = s
        .command("script")
        .args(["-qec", &command, "/dev/null"])
        .env("COLUMNS", columns.to_string())
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .output()
        .expect("run script");
    let screen = String::from_utf8_lossy(&out.stdout).replace('\r', "");
    assert!(
        out.status.success(),
        "sessadm {args:?} at a terminal: {screen}"
    );
    assert!(!screen.trim().is_empty(), "sessadm {args:?} showed nothing");
    Some(screen)
}

/// Whether an outside program is on PATH; tests that need it say loudly why
/// they skip when it is not.
pub fn have(program: &str) -> bool {
    let found = Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {program}"))
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !found {
        eprintln!("SKIPPED: `{program}` is not installed; install it to run this test");
    }
    found
}
