//! The database path under attack and under faults: what is refused before
//! opening, read-only commands that create and wait for nothing, a write
//! that waits visibly, errors that say what to do, and `db check`.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use super::{Sandbox, have};

/// The commands that only read (SPEC §4), with the arguments they need.
const READERS: &[&[&str]] = &[
    &["env", "list"],
    &["env", "show", "p"],
    &["env", "history"],
    &["tenant", "show"],
    &["export"],
    &["audit"],
    &["db", "check"],
];

/// Every file in `dir`, by name.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A sandbox whose database holds one environment `p`.
fn with_p() -> Sandbox {
    let s = Sandbox::new();
    s.ok(&["env", "add", "p", "--url", "https://p.example"]);
    s.ok(&["env", "set-timeout", "p", "--length", "8h"]);
    // Every baseline met, so that `audit` exits 0 among the readers.
    s.ok(&["env", "set-inactivity", "p", "--after", "15m"]);
    s
}

/// `db` with `suffix` after its name: `s.db-wal`.
fn companion(db: &Path, suffix: &str) -> PathBuf {
    let mut s = db.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

fn is_root() -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
    }
    #[cfg(not(unix))]
    false
}

// ---------------------------------------------------------------------------
// A missing database is never created by a read.

#[test]
fn reading_a_missing_database_fails_naming_it_and_creates_nothing() {
    let s = Sandbox::new();
    let typo = s.path("ci/sesadm.db");
    for args in READERS {
        let mut all = vec!["--db", typo.to_str().unwrap()];
        all.extend_from_slice(args);
        let e = s.fails(&all, 1);
        assert!(e.contains(typo.to_str().unwrap()), "{args:?}: {e}");
        assert!(e.contains("no database at"), "{args:?}: {e}");
    }
    // audit is the case that matters in CI: never "No environments to audit".
    let e = s.json_error(&["--db", typo.to_str().unwrap(), "audit"], 1);
    assert_eq!(e["code"], "database");
    let out = s
        .cmd()
        .args([
            "simulate",
            "x.csv",
            "--env",
            "p",
            "--db",
            typo.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(!s.path("ci").exists(), "a read created the directory");
    assert!(!s.db.exists(), "a read created the default database");
    assert_eq!(listing(s.dir.path()), Vec::<String>::new());
}

#[test]
fn completion_of_names_reads_and_creates_nothing() {
    let s = Sandbox::new();
    let out = s
        .cmd()
        .args(["__complete", "env-names", "--", "env", "show"])
        .output()
        .unwrap();
    assert!(out.stdout.is_empty());
    assert!(!s.db.exists());
    s.ok(&["env", "add", "alpha"]);
    let before = listing(s.dir.path());
    let out = s
        .cmd()
        .args(["__complete", "env-names", "--", "env", "show"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "alpha");
    assert_eq!(listing(s.dir.path()), before);
}

// ---------------------------------------------------------------------------
// The path must be a regular file of ours.

#[cfg(unix)]
#[test]
fn a_symlink_is_refused_for_reads_and_writes_and_its_target_untouched() {
    let s = with_p();
    let link = s.path("link.db");
    std::os::unix::fs::symlink(&s.db, &link).unwrap();
    let before = fs::read(&s.db).unwrap();
    for args in [&["env", "list"][..], &["env", "add", "q"], &["db", "check"]] {
        let mut all = vec!["--db", link.to_str().unwrap()];
        all.extend_from_slice(args);
        let e = s.fails(&all, 1);
        assert!(e.contains("symbolic link"), "{e}");
        assert!(e.contains(link.to_str().unwrap()), "{e}");
    }
    assert_eq!(fs::read(&s.db).unwrap(), before);
    // A dangling one is refused too, and nothing is created at its target.
    let dangling = s.path("dangling.db");
    std::os::unix::fs::symlink(s.path("target.db"), &dangling).unwrap();
    let e = s.fails(&["--db", dangling.to_str().unwrap(), "env", "add", "q"], 1);
    assert!(e.contains("symbolic link"), "{e}");
    assert!(!s.path("target.db").exists());
}

/// Run sessadm with a deadline: a refusal must come at once, never a hang.
fn run_with_deadline(s: &Sandbox, args: &[&str]) -> (Option<i32>, String) {
    let mut child = s
        .cmd()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut err = String::new();
            child
                .stderr
                .take()
                .unwrap()
                .read_to_string(&mut err)
                .unwrap();
            return (status.code(), err);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("sessadm {args:?} hung");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[cfg(unix)]
#[test]
fn a_fifo_socket_device_or_directory_is_refused_at_once() {
    let s = Sandbox::new();
    let mut cases: Vec<(PathBuf, &str)> = vec![
        (s.dir.path().to_path_buf(), "a directory"),
        (PathBuf::from("/dev/null"), "a device"),
    ];
    let sock = s.path("sock.db");
    let _listener = std::os::unix::net::UnixListener::bind(&sock).unwrap();
    cases.push((sock, "a socket"));
    if have("mkfifo") {
        let fifo = s.path("fifo.db");
        assert!(
            Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
        cases.push((fifo, "a FIFO"));
    } else {
        eprintln!("SKIP the FIFO case: mkfifo is not installed");
    }
    for (path, kind) in &cases {
        for cmd in [&["env", "list"][..], &["env", "add", "q"]] {
            let mut args = vec!["--db", path.to_str().unwrap()];
            args.extend_from_slice(cmd);
            let (code, err) = run_with_deadline(&s, &args);
            assert_eq!(code, Some(1), "{path:?} {cmd:?}: {err}");
            assert!(err.contains(kind), "{path:?}: {err}");
            assert!(err.contains("not a regular file"), "{err}");
        }
    }
}

#[cfg(unix)]
#[test]
fn a_file_others_can_write_is_refused_with_the_fix() {
    use std::os::unix::fs::PermissionsExt;
    let s = with_p();
    for mode in [0o660, 0o602, 0o666] {
        fs::set_permissions(&s.db, fs::Permissions::from_mode(mode)).unwrap();
        let before = fs::read(&s.db).unwrap();
        let e = s.fails(&["env", "list"], 1);
        assert!(e.contains("writable by"), "{e}");
        assert!(e.contains(&format!("chmod 600 {}", s.db.display())), "{e}");
        s.fails(&["env", "add", "q"], 1);
        assert_eq!(fs::read(&s.db).unwrap(), before);
    }
    // Readable by others is a choice the owner may make.
    fs::set_permissions(&s.db, fs::Permissions::from_mode(0o644)).unwrap();
    s.ok(&["env", "list"]);
    s.ok(&["env", "add", "q"]);
}

#[cfg(unix)]
#[test]
fn a_directory_others_can_write_is_refused_unless_sticky() {
    use std::os::unix::fs::PermissionsExt;
    let s = Sandbox::new();
    let shared = s.path("shared");
    fs::create_dir(&shared).unwrap();
    fs::set_permissions(&shared, fs::Permissions::from_mode(0o777)).unwrap();
    let db = shared.join("s.db");
    let e = s.fails(&["--db", db.to_str().unwrap(), "env", "add", "q"], 1);
    assert!(e.contains("chmod 700"), "{e}");
    assert!(e.contains("writable by"), "{e}");
    assert!(!db.exists(), "nothing is created in it");
    // Like /tmp: others cannot replace a file they do not own.
    fs::set_permissions(&shared, fs::Permissions::from_mode(0o1777)).unwrap();
    s.ok(&["--db", db.to_str().unwrap(), "env", "add", "q"]);
    s.ok(&["--db", db.to_str().unwrap(), "env", "show", "q"]);
}

#[cfg(unix)]
#[test]
fn the_default_directory_is_created_0700_and_refused_when_loose() {
    use std::os::unix::fs::PermissionsExt;
    let s = Sandbox::new();
    let data = s.path("xdg");
    let run = |args: &[&str]| {
        s.cmd()
            .env_remove("SESSADM_DB")
            .env("XDG_DATA_HOME", &data)
            .args(args)
            .output()
            .unwrap()
    };
    let out = run(&["env", "add", "x"]);
    assert!(out.status.success(), "{out:?}");
    let dir = data.join("sessadm");
    let mode = fs::metadata(&dir).unwrap().permissions().mode() & 0o7777;
    assert_eq!(mode, 0o700);
    let mode = fs::metadata(dir.join("sessadm.db"))
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o600);
    // Sticky or not, the default directory is ours alone.
    for loose in [0o770, 0o1777] {
        fs::set_permissions(&dir, fs::Permissions::from_mode(loose)).unwrap();
        let out = run(&["env", "list"]);
        assert_eq!(out.status.code(), Some(1), "{loose:o}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(dir.to_str().unwrap()), "{err}");
        assert!(err.contains("chmod 700"), "{err}");
    }
}

#[cfg(unix)]
#[test]
fn a_file_or_directory_of_another_user_is_refused() {
    if !is_root() {
        eprintln!("SKIP: changing a file's owner needs root");
        return;
    }
    let s = with_p();
    let before = fs::read(&s.db).unwrap();
    std::os::unix::fs::chown(&s.db, Some(65534), Some(65534)).unwrap();
    for args in [&["env", "list"][..], &["env", "add", "q"]] {
        let e = s.fails(args, 1);
        assert!(e.contains("owned by another user"), "{e}");
        assert!(e.contains("uid 65534"), "{e}");
    }
    assert_eq!(fs::read(&s.db).unwrap(), before);
    std::os::unix::fs::chown(&s.db, Some(0), Some(0)).unwrap();
    // A directory of another user's: they could swap the file.
    let theirs = s.path("theirs");
    fs::create_dir(&theirs).unwrap();
    std::os::unix::fs::chown(&theirs, Some(65534), Some(65534)).unwrap();
    let db = theirs.join("s.db");
    let e = s.fails(&["--db", db.to_str().unwrap(), "env", "add", "q"], 1);
    assert!(e.contains("directory owned by another user"), "{e}");
    assert!(!db.exists());
    // A -wal planted beside ours by another user is refused too.
    let wal = companion(&s.db, "-wal");
    fs::write(&wal, b"").unwrap();
    std::os::unix::fs::chown(&wal, Some(65534), Some(65534)).unwrap();
    let e = s.fails(&["env", "list"], 1);
    assert!(e.contains("-wal"), "{e}");
}

// ---------------------------------------------------------------------------
// Reading needs no write access and never waits.

#[test]
fn a_read_of_a_database_at_rest_leaves_nothing_beside_it() {
    let s = with_p();
    let before_files = listing(s.dir.path());
    let before = fs::read(&s.db).unwrap();
    for args in READERS {
        s.ok(args);
    }
    assert_eq!(listing(s.dir.path()), before_files);
    assert_eq!(fs::read(&s.db).unwrap(), before);
}

#[test]
fn reads_do_not_wait_for_a_writer_holding_a_transaction() {
    let s = with_p();
    let holder = rusqlite::Connection::open(&s.db).unwrap();
    holder
        .execute_batch("BEGIN IMMEDIATE; UPDATE tenant SET token_lifetime_min = 60;")
        .unwrap();
    // Writers wait (here: up to an hour); readers must not wait at all —
    // they can only succeed while the transaction is still open.
    for args in READERS {
        let out = s
            .cmd()
            .env("SESSADM_BUSY_TIMEOUT", "1h")
            .args(*args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {out:?}");
    }
    // They see the last committed state, not the open transaction.
    assert_eq!(s.json(&["tenant", "show"])["token_lifetime_min"], 129_600);
    holder.execute_batch("ROLLBACK").unwrap();
}

#[cfg(unix)]
#[test]
fn as_another_user_a_read_only_file_in_a_read_only_directory_can_be_read() {
    use std::os::unix::fs::PermissionsExt;
    if !is_root() || !have("setpriv") {
        eprintln!("SKIP: running as another user needs root and setpriv");
        return;
    }
    // A directory the unprivileged user owns, with a copy of sessadm in it.
    let s = Sandbox::new();
    fs::set_permissions(s.dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let home = s.path("home");
    fs::create_dir(&home).unwrap();
    let bin = home.join("sessadm");
    fs::copy(super::bin(), &bin).unwrap();
    let data = home.join("data");
    fs::create_dir(&data).unwrap();
    let db = data.join("s.db");
    for p in [&home, &data, &bin] {
        std::os::unix::fs::chown(p, Some(65534), Some(65534)).unwrap();
    }
    let as_nobody = |args: &[&str]| {
        Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(&bin)
            .args(args)
            .env("SESSADM_DB", &db)
            .env("SESSADM_ACTOR", "tester")
            .env("HOME", &home)
            .env("SESSADM_BUSY_TIMEOUT", "5s")
            .stdin(Stdio::null())
            .output()
            .unwrap()
    };
    let probe = as_nobody(&["--version"]);
    if !probe.status.success() {
        eprintln!("SKIP: the unprivileged user cannot run sessadm here: {probe:?}");
        return;
    }
    for args in [
        &["env", "add", "p"][..],
        &["env", "set-timeout", "p", "--length", "8h"],
        &["env", "set-inactivity", "p", "--after", "15m"],
    ] {
        let out = as_nobody(args);
        assert!(out.status.success(), "{out:?}");
    }
    fs::set_permissions(&db, fs::Permissions::from_mode(0o400)).unwrap();
    fs::set_permissions(&data, fs::Permissions::from_mode(0o500)).unwrap();
    for args in READERS {
        let out = as_nobody(args);
        assert!(out.status.success(), "{args:?}: {out:?}");
    }
    assert_eq!(listing(&data), ["s.db"]);
    // A write there fails, saying why and what to do.
    let out = as_nobody(&["env", "add", "q"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(db.to_str().unwrap()), "{err}");
    assert!(!err.contains("INSERT") && !err.contains("CREATE"), "{err}");
    // What the reads left behind works for the next writer.
    fs::set_permissions(&data, fs::Permissions::from_mode(0o700)).unwrap();
    fs::set_permissions(&db, fs::Permissions::from_mode(0o600)).unwrap();
    let out = as_nobody(&["env", "add", "q"]);
    assert!(out.status.success(), "{out:?}");
    let out = as_nobody(&["db", "check"]);
    assert!(out.status.success(), "{out:?}");
}

// ---------------------------------------------------------------------------
// A write that waits says so.

#[test]
fn a_blocked_write_gives_up_naming_the_file_and_the_other_process() {
    let s = with_p();
    let holder = rusqlite::Connection::open(&s.db).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let before = s.dump_committed();
    let out = s
        .cmd()
        .env("SESSADM_BUSY_TIMEOUT", "1s")
        .args(["env", "add", "q"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(s.db.to_str().unwrap()), "{err}");
    assert!(err.contains("another process"), "{err}");
    // Not a terminal: no waiting line.
    assert!(!err.contains("waiting for"), "{err}");
    holder.execute_batch("ROLLBACK").unwrap();
    drop(holder);
    assert_eq!(s.dump_committed(), before);
}

#[cfg(unix)]
#[test]
fn a_blocked_write_says_so_on_a_terminal_and_goes_on_when_free() {
    if !have("script") {
        eprintln!("SKIP: util-linux script is not installed");
        return;
    }
    let s = with_p();
    let holder = rusqlite::Connection::open(&s.db).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let mut c = s.command("script");
    c.env("NO_COLOR", "1").env("SESSADM_BUSY_TIMEOUT", "2m");
    let mut pty = super::Pty::start(c, "env add q");
    pty.wait_for(&format!(
        "waiting for another sessadm writing {}",
        s.db.display()
    ));
    holder.execute_batch("ROLLBACK").unwrap();
    drop(holder);
    let (code, screen) = pty.finish();
    assert_eq!(code, 0, "{screen}");
    s.ok(&["env", "show", "q"]);
}

// ---------------------------------------------------------------------------
// Errors that say what to do.

#[test]
fn a_damaged_file_says_so_and_points_to_db_check() {
    let s = with_p();
    for i in 0..40 {
        s.ok(&[
            "env",
            "add",
            &format!("e{i}"),
            "--description",
            &"x".repeat(400),
        ]);
    }
    // Keep the header, scramble the pages after the first.
    let mut bytes = fs::read(&s.db).unwrap();
    assert!(bytes.len() > 8192);
    for (i, b) in bytes[4096..].iter_mut().enumerate() {
        *b = (i as u8).wrapping_mul(31) ^ 0x5a;
    }
    fs::write(&s.db, &bytes).unwrap();
    for args in [&["env", "list"][..], &["env", "add", "q"]] {
        let e = s.fails(args, 1);
        assert!(
            e.contains("the file is damaged: restore a backup, or run `sessadm db check`"),
            "{args:?}: {e}"
        );
        assert!(e.contains(s.db.to_str().unwrap()), "{e}");
        assert!(!e.contains("SELECT") && !e.contains("CREATE"), "{e}");
    }
    let out = s.run(&["db", "check"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
}

#[test]
fn a_schema_version_that_is_negative_or_zero_with_tables_is_refused_untouched() {
    for v in [-1i64, 0, i64::from(i32::MIN)] {
        let s = with_p();
        {
            let c = rusqlite::Connection::open(&s.db).unwrap();
            c.pragma_update(None, "user_version", v).unwrap();
        }
        let before = fs::read(&s.db).unwrap();
        for args in [&["env", "list"][..], &["env", "add", "q"], &["db", "check"]] {
            let e = s.fails(args, 1);
            assert!(e.contains("damaged"), "{v}: {e}");
            assert!(e.contains("left untouched"), "{e}");
        }
        assert_eq!(fs::read(&s.db).unwrap(), before, "{v}");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_named_and_changes_nothing() {
    if !is_root() || !have("mount") {
        eprintln!("SKIP: a small file system for this test needs root and mount");
        return;
    }
    let s = Sandbox::new();
    let mnt = s.path("small");
    fs::create_dir(&mnt).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=256k,mode=0700", "tmpfs"])
        .arg(&mnt)
        .status()
        .is_ok_and(|st| st.success());
    if !mounted {
        eprintln!("SKIP: cannot mount a tmpfs here");
        return;
    }
    struct Unmount(PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg(&self.0).status();
        }
    }
    let _guard = Unmount(mnt.clone());
    let db = mnt.join("s.db");
    let dbs = db.to_str().unwrap();
    s.ok(&["--db", dbs, "env", "add", "p"]);
    let mut failure = None;
    for i in 0..400 {
        let out = s
            .cmd()
            .args(["--db", dbs, "env", "add", &format!("e{i}"), "--description"])
            .arg("x".repeat(480))
            .output()
            .unwrap();
        if !out.status.success() {
            failure = Some(out);
            break;
        }
    }
    let out = failure.expect("the small file system never filled up");
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(dbs), "{err}");
    assert!(err.contains("full") || err.contains("space"), "{err}");
    assert!(!err.contains("INSERT"), "{err}");
}

// ---------------------------------------------------------------------------
// db check

#[test]
fn db_check_passes_a_sound_database() {
    let s = with_p();
    s.ok(&["env", "set-inactivity", "p", "--after", "30m"]);
    s.ok(&["env", "update", "p", "--rename", "P2"]);
    s.ok(&["env", "add", "gone"]);
    s.ok(&["env", "remove", "gone", "--yes"]);
    s.ok(&["tenant", "set", "--token-lifetime", "30d"]);
    let v = s.json(&["db", "check"]);
    assert_eq!(v["sound"], true, "{v}");
    let names: Vec<&str> = v["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["check"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["integrity", "foreign-keys", "schema", "values", "history"]
    );
    assert!(
        v["checks"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["ok"] == true)
    );
    let text = s.ok(&["db", "check"]);
    assert!(
        text.starts_with(&format!("{}: sound", s.db.display())),
        "{text}"
    );
}

/// Change the database behind sessadm's back.
fn hand_edit(db: &Path, sql: &str) {
    let c = rusqlite::Connection::open(db).unwrap();
    c.execute_batch(sql).unwrap();
}

fn check_fails(s: &Sandbox) -> (Value, String) {
    let out = s.run(&["-o", "json", "db", "check"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["sound"], false);
    let problems = v["checks"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["problems"].as_array().unwrap().iter())
        .map(|p| p.as_str().unwrap().to_string())
        .collect::<Vec<_>>()
        .join("\n");
    (v, problems)
}

#[test]
fn db_check_finds_a_setting_changed_without_its_history() {
    let s = with_p();
    hand_edit(&s.db, "UPDATE settings SET sessiontimeoutinmins = 240");
    let (_, problems) = check_fails(&s);
    assert!(
        problems
            .contains("environment \"p\": session_length is \"4h\" but its history ends at \"8h\""),
        "{problems}"
    );
    // Text at the terminal: the check that failed, and the problem under it.
    let out = s.run(&["db", "check"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("FAIL  history"), "{text}");
    assert!(text.contains("1 problem"), "{text}");
}

#[test]
fn db_check_finds_values_outside_the_rules() {
    let s = with_p();
    hand_edit(
        &s.db,
        "PRAGMA ignore_check_constraints = ON;
         UPDATE settings SET sessiontimeoutinmins = 30, sessiontimeoutreminderinmins = 10;
         UPDATE tenant SET token_lifetime_min = 5;",
    );
    let (v, problems) = check_fails(&s);
    assert!(problems.contains("error[V1]"), "{problems}");
    assert!(problems.contains("tenant: error[V9]"), "{problems}");
    let values = v["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["check"] == "values")
        .unwrap();
    assert_eq!(values["ok"], false);
}

#[test]
fn db_check_finds_a_history_row_removed_or_forged() {
    let s = with_p();
    hand_edit(
        &s.db,
        "INSERT INTO history (at, actor, environment_id, environment, environment_key, field, old, new)
         VALUES ('2026-01-01T00:00:00Z', 'x', 1, 'p', 'p', 'session_length', '2h', '8h')",
    );
    let (_, problems) = check_fails(&s);
    assert!(
        problems.contains("session_length changed from \"2h\" but was \"8h\""),
        "{problems}"
    );
}

#[test]
fn db_check_catches_a_foreign_wal_replayed_into_the_file() {
    let a = Sandbox::new();
    a.ok(&["env", "add", "alpha"]);
    a.ok(&["env", "set-timeout", "alpha", "--length", "8h"]);
    let b = Sandbox::new();
    b.ok(&["env", "add", "beta"]);
    assert!(a.json(&["db", "check"])["sound"] == true);
    // Another database's write-ahead log, caught before its checkpoint.
    let c = rusqlite::Connection::open(&b.db).unwrap();
    c.execute_batch(
        "PRAGMA wal_autocheckpoint = 0;
         UPDATE settings SET inactivitytimeoutenabled = 1, inactivitytimeoutinmins = 15;",
    )
    .unwrap();
    let wal = companion(&b.db, "-wal");
    assert!(fs::metadata(&wal).unwrap().len() > 0);
    fs::copy(&wal, companion(&a.db, "-wal")).unwrap();
    drop(c);
    let (_, problems) = check_fails(&a);
    assert!(!problems.is_empty());
}

impl Sandbox {
    /// The committed content, read the way sessadm reads.
    fn dump_committed(&self) -> String {
        self.ok(&["-o", "json", "env", "list"])
    }
}

#[test]
fn a_path_with_uri_characters_is_read_as_written() {
    let s = Sandbox::new();
    let dir = s.path("we?ird #dir%20&x=1");
    fs::create_dir(&dir).unwrap();
    let db = dir.join("s.db");
    let dbs = db.to_str().unwrap();
    s.ok(&["--db", dbs, "env", "add", "p"]);
    let v = s.json(&["--db", dbs, "env", "show", "p"]);
    assert_eq!(v["name"], "p");
    assert_eq!(listing(&dir), ["s.db"]);
}

/// After an upgrade, a read of a database an older sessadm wrote works and
/// leaves the file as it was; the next change migrates the file itself.
#[test]
fn a_database_of_an_older_schema_is_read_untouched_and_migrated_by_a_write() {
    let s = Sandbox::new();
    {
        let c = rusqlite::Connection::open(&s.db).unwrap();
        c.execute_batch(include_str!("../../migrations/0001_inventory.sql"))
            .unwrap();
        c.pragma_update(None, "user_version", 1).unwrap();
        c.pragma_update(None, "application_id", sessadm::store::APPLICATION_ID)
            .unwrap();
        c.execute_batch(
            "INSERT INTO environments (name, name_key, created_at, updated_at)
             VALUES ('p', 'p', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
             INSERT INTO settings (environment_id, sessiontimeoutenabled, sessiontimeoutinmins,
                 inactivitytimeoutenabled, inactivitytimeoutinmins)
             VALUES (1, 1, 480, 1, 15);
             INSERT INTO history (at, actor, environment_id, environment, environment_key, field, new)
             VALUES ('2026-01-01T00:00:00Z', 'me', 1, 'p', 'p', 'created', 'p');",
        )
        .unwrap();
    }
    let before = fs::read(&s.db).unwrap();
    for args in READERS {
        // Every reader works (audit: every baseline met; db check: the
        // hand-made history is not a full chain, so only its exit is read).
        let out = s.run(args);
        let want = if args[0] == "db" { 1 } else { 0 };
        assert_eq!(out.status.code(), Some(want), "{args:?}: {out:?}");
    }
    assert_eq!(fs::read(&s.db).unwrap(), before, "a read changed the file");
    s.ok(&["env", "add", "local", "--url", "http://127.0.0.1:8080/"]);
    let c = rusqlite::Connection::open(&s.db).unwrap();
    let v: i64 = c
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert!(v > 1, "the write migrated the file");
    assert_eq!(s.json(&["env", "list"]).as_array().unwrap().len(), 2);
}
