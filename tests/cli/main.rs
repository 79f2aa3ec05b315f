//! Integration tests: the real binary on a real SQLite file in a temp dir.
//!
//! Each test gets its own directory and `SESSADM_DB`; nothing is shared.

mod acceptance;
mod acceptance_policy;
mod env;
mod generated;
mod policy;
mod shells;
mod simulate;
mod store;
mod terminal;
mod whatif;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

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

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
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
            .env("HOME", self.dir.path())
            .env_remove("XDG_DATA_HOME")
            .stdin(Stdio::null());
        c
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd().args(args).output().expect("run sessadm")
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
