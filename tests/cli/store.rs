//! The database file: where it lives, what is refused, and many writers.

use std::collections::BTreeSet;
use std::fs;

use super::Sandbox;

fn set_user_version(db: &std::path::Path, v: i64) {
    let c = rusqlite::Connection::open(db).unwrap();
    c.pragma_update(None, "user_version", v).unwrap();
}

#[test]
fn a_newer_schema_is_refused_and_left_untouched() {
    let s = Sandbox::new();
    s.ok(&["env", "add", "p"]);
    set_user_version(&s.db, 99);
    let before = fs::read(&s.db).unwrap();
    let e = s.fails(&["env", "list"], 1);
    assert!(e.contains("newer"), "{e}");
    assert!(e.contains("99"), "{e}");
    s.fails(&["env", "add", "q"], 1);
    let e = s.json_error(&["env", "list"], 1);
    assert_eq!(e["code"], "database");
    assert_eq!(fs::read(&s.db).unwrap(), before);
}

#[test]
fn a_file_that_is_not_a_database_is_refused_and_left_untouched() {
    let s = Sandbox::new();
    let text = b"name,url\ncontoso,https://contoso.crm.dynamics.com\n".repeat(50);
    fs::write(&s.db, &text).unwrap();
    let e = s.fails(&["env", "add", "p"], 1);
    assert!(e.contains("not a sessadm database"), "{e}");
    assert_eq!(fs::read(&s.db).unwrap(), text);
    // A short file too.
    fs::write(&s.db, b"hi").unwrap();
    s.fails(&["env", "list"], 1);
    assert_eq!(fs::read(&s.db).unwrap(), b"hi");
}

#[test]
fn another_programs_sqlite_is_refused_and_left_untouched() {
    let s = Sandbox::new();
    {
        let c = rusqlite::Connection::open(&s.db).unwrap();
        c.execute_batch("CREATE TABLE notes (t TEXT); INSERT INTO notes VALUES ('mine');")
            .unwrap();
    }
    let before = fs::read(&s.db).unwrap();
    let e = s.fails(&["env", "list"], 1);
    assert!(e.contains("not a sessadm database"), "{e}");
    assert_eq!(fs::read(&s.db).unwrap(), before);
    // Also one marked with another application id, even if empty.
    let other = s.path("other.db");
    {
        let c = rusqlite::Connection::open(&other).unwrap();
        c.pragma_update(None, "application_id", 42).unwrap();
    }
    let before = fs::read(&other).unwrap();
    s.fails(&["--db", other.to_str().unwrap(), "env", "list"], 1);
    assert_eq!(fs::read(&other).unwrap(), before);
}

#[test]
fn an_empty_file_becomes_a_new_database() {
    let s = Sandbox::new();
    fs::write(&s.db, b"").unwrap();
    s.ok(&["env", "add", "p"]);
    assert_eq!(s.json(&["env", "list"]).as_array().unwrap().len(), 1);
}

#[test]
fn opening_twice_migrates_once() {
    let s = Sandbox::new();
    s.ok(&["env", "add", "p"]);
    let before = s.dump();
    s.ok(&["env", "list"]);
    s.ok(&["env", "list"]);
    assert_eq!(s.dump(), before);
    let c = rusqlite::Connection::open(&s.db).unwrap();
    let v: i64 = c
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(v, sessadm::store::SCHEMA_VERSION);
    let mode: String = c
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let strict: i64 = c
        .query_row(
            "SELECT count(*) FROM pragma_table_list WHERE schema = 'main' AND strict = 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(strict, 4, "every table is STRICT");
}

#[test]
fn the_default_database_is_private_under_xdg_data_home() {
    let s = Sandbox::new();
    let data = s.path("data");
    let out = s
        .cmd()
        .env_remove("SESSADM_DB")
        .env("XDG_DATA_HOME", &data)
        .args(["env", "add", "p"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let db = data.join("sessadm").join("sessadm.db");
    assert!(db.exists());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(&db).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{mode:o}");
    }
    // Without XDG_DATA_HOME: ~/.local/share.
    let out = s
        .cmd()
        .env_remove("SESSADM_DB")
        .args(["env", "add", "q"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(s.path(".local/share/sessadm/sessadm.db").exists());
}

#[test]
fn an_unusable_path_is_a_runtime_failure() {
    let s = Sandbox::new();
    let e = s.fails(&["--db", s.dir.path().to_str().unwrap(), "env", "list"], 1);
    assert!(e.contains("directory"), "{e}");
    fs::write(s.path("file"), b"x").unwrap();
    let under_a_file = s.path("file/sub/db.sqlite");
    s.fails(&["--db", under_a_file.to_str().unwrap(), "env", "list"], 1);
}

/// 8 processes at once, each running 25 `set-timeout` commands on one
/// environment: all succeed and exactly those 200 changes are recorded.
#[test]
fn concurrent_writers_all_succeed_and_lose_no_history() {
    let s = Sandbox::new();
    s.ok(&["env", "add", "shared"]);
    std::thread::scope(|scope| {
        let s = &s;
        let workers: Vec<_> = (0..8u32)
            .map(|w| {
                scope.spawn(move || {
                    for i in 0..25u32 {
                        let length = 60 + w * 25 + i; // 200 distinct lengths
                        let out = s
                            .cmd()
                            .env("SESSADM_ACTOR", format!("worker-{w}"))
                            .args(["-q", "env", "set-timeout", "shared", "--length"])
                            .arg(length.to_string())
                            .args(["--warning", "0"])
                            .output()
                            .unwrap();
                        assert!(
                            out.status.success(),
                            "worker {w} step {i}: {}",
                            String::from_utf8_lossy(&out.stderr)
                        );
                    }
                })
            })
            .collect();
        for w in workers {
            w.join().unwrap();
        }
    });
    let h = s.json(&["env", "history", "shared"]);
    let lengths: Vec<&str> = h
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["field"] == "session_length")
        .map(|r| r["new"].as_str().unwrap())
        .collect();
    assert_eq!(lengths.len(), 200);
    let got: BTreeSet<_> = lengths.into_iter().collect();
    let want: BTreeSet<String> = (60..260u64)
        .map(sessadm::duration::format_minutes)
        .collect();
    assert_eq!(got, want.iter().map(String::as_str).collect());
    // Each change's old value is the value before it: no lost update.
    let chain: Vec<_> = h
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .filter(|r| r["field"] == "session_length")
        .collect();
    for pair in chain.windows(2) {
        assert_eq!(pair[1]["old"], pair[0]["new"]);
    }
    let actors: BTreeSet<_> = h
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["field"] == "session_length")
        .map(|r| r["actor"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(actors.len(), 8);
}

/// Many processes meeting a database that does not exist yet: one creates
/// and migrates it, the others wait, and all succeed.
#[test]
fn concurrent_first_use_of_a_new_database() {
    for round in 0..3 {
        let s = Sandbox::new();
        let db = s.path(&format!("new-{round}.db"));
        std::thread::scope(|scope| {
            let (s, db) = (&s, &db);
            let workers: Vec<_> = (0..16)
                .map(|i| {
                    scope.spawn(move || {
                        s.cmd()
                            .env("SESSADM_DB", db)
                            .env("SESSADM_ACTOR", "t")
                            .args(["-q", "env", "add", &format!("env-{i}")])
                            .output()
                            .unwrap()
                    })
                })
                .collect();
            for w in workers {
                let out = w.join().unwrap();
                assert!(
                    out.status.success(),
                    "{}",
                    String::from_utf8_lossy(&out.stderr)
                );
            }
        });
        let out = s
            .cmd()
            .env("SESSADM_DB", &db)
            .args(["-o", "json", "env", "list"])
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v.as_array().unwrap().len(), 16);
    }
}
