//! SQLite storage: opening, refusing what is not ours, migrating, and the
//! transactions every command runs in (SPEC §5).
//!
//! No clap and no printing here. A file that is not a sessadm database, or
//! one newer than this binary, is refused before anything is written to it.

mod queries;

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

pub use queries::{Reader, Writer};

/// Marks a SQLite file as sessadm's (`PRAGMA application_id`): "SESS".
pub const APPLICATION_ID: i32 = 0x5345_5353;

/// The migrations, in order; the index + 1 is the `user_version` after it.
/// Never edit one that has landed.
const MIGRATIONS: &[(&str, &str)] = &[(
    "0001_inventory",
    include_str!("../../migrations/0001_inventory.sql"),
)];

/// The schema version this binary writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// How long a command waits for another sessadm process's write.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "{path} has schema version {found}, newer than this sessadm knows ({known}); it was left untouched — upgrade sessadm"
    )]
    IncompatibleVersion {
        path: String,
        found: i64,
        known: i64,
    },
    #[error("{path} is not a sessadm database ({why}); it was left untouched — pass another --db")]
    NotSessadm { path: String, why: String },
    #[error("{0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("{context}: {source}")]
    Io {
        context: String,
        source: std::io::Error,
    },
}

impl From<StoreError> for crate::error::Error {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Io { .. } => crate::error::Error::Io(e.to_string()),
            _ => crate::error::Error::Database(e.to_string()),
        }
    }
}

impl From<rusqlite::Error> for crate::error::Error {
    fn from(e: rusqlite::Error) -> Self {
        crate::error::Error::Database(e.to_string())
    }
}

/// The default database path: `$XDG_DATA_HOME/sessadm/sessadm.db`, else
/// `~/.local/share/sessadm/sessadm.db` (macOS: `~/Library/Application
/// Support/sessadm/sessadm.db`).
pub fn default_path() -> Option<PathBuf> {
    let from_env = |k: &str| {
        std::env::var_os(k)
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
    };
    let base = if cfg!(target_os = "macos") {
        from_env("HOME").map(|h| h.join("Library/Application Support"))
    } else if cfg!(windows) {
        from_env("APPDATA")
    } else {
        from_env("XDG_DATA_HOME").or_else(|| from_env("HOME").map(|h| h.join(".local/share")))
    };
    base.map(|b| b.join("sessadm").join("sessadm.db"))
}

/// An open, migrated sessadm database.
pub struct Store {
    conn: Connection,
}

impl Store {
    /// Open (creating it and its directory when missing) and migrate.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let shown = path.display().to_string();
        let io = |context: String| move |source| StoreError::Io { context, source };
        match fs::metadata(path) {
            Ok(m) if m.is_dir() => {
                return Err(StoreError::NotSessadm {
                    path: shown,
                    why: "it is a directory".into(),
                });
            }
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                create_private(path).map_err(io(format!("cannot create {shown}")))?;
            }
            Err(e) => return Err(io(format!("cannot read {shown}"))(e)),
        }
        // Opening is one step at a time across sessadm processes: a new
        // database is checked, switched to WAL and migrated by one of them
        // while the others wait. An advisory lock on the file itself; it
        // writes nothing, and SQLite's own locks are separate ones.
        let guard = fs::File::open(path).map_err(io(format!("cannot open {shown}")))?;
        guard.lock().map_err(io(format!("cannot lock {shown}")))?;
        let existed = guard
            .metadata()
            .map_err(io(format!("cannot read {shown}")))?
            .len()
            > 0;
        if existed {
            check_header(path, &shown)?;
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // Decide from what SQLite reads (the WAL included), in one snapshot,
        // before writing anything.
        if existed {
            let tx = conn.unchecked_transaction()?;
            identify(&tx, &shown)?;
            tx.commit()?;
        }
        conn.pragma_update(None, "foreign_keys", true)?;
        let mode: String =
            conn.pragma_update_and_check(None, "journal_mode", "wal", |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            // In-memory or a file system without shared memory: carry on.
            conn.pragma_update(None, "journal_mode", "delete")?;
        }
        conn.pragma_update(None, "synchronous", "normal")?;
        let mut store = Store { conn };
        store.migrate(&shown)?;
        drop(guard);
        Ok(store)
    }

    /// Apply pending migrations in one IMMEDIATE transaction. Running it on
    /// an up-to-date database changes nothing.
    fn migrate(&mut self, shown: &str) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Another process may have migrated while we waited for the lock.
        let version = identify(&tx, shown)?;
        for (i, (_, sql)) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", i as i64 + 1)?;
        }
        if version < SCHEMA_VERSION {
            tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Run `f` in a read transaction.
    pub fn read<T, E: From<StoreError>>(
        &mut self,
        f: impl FnOnce(&Reader<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Deferred)
            .map_err(StoreError::from)?;
        let out = f(&Reader::new(&tx))?;
        tx.commit().map_err(StoreError::from)?;
        Ok(out)
    }

    /// Run `f` in one IMMEDIATE write transaction: it fully happens, with its
    /// history, or not at all.
    pub fn write<T, E: From<StoreError>>(
        &mut self,
        actor: &str,
        f: impl FnOnce(&mut Writer<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(StoreError::from)?;
        let now = now_utc();
        let out = {
            let mut w = Writer::new(&tx, actor, &now);
            f(&mut w)?
        };
        tx.commit().map_err(StoreError::from)?;
        Ok(out)
    }
}

/// The current time as stored: RFC 3339, UTC, seconds.
pub fn now_utc() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Create the file (and its directory) readable by its owner only.
fn create_private(path: &Path) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        let mut b = fs::DirBuilder::new();
        b.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
        b.create(dir)?;
    }
    let mut o = fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
    match o.open(path) {
        Ok(_) => Ok(()),
        // Another process created it first: fine.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

/// Read the 100-byte SQLite header without SQLite: refuse a file that is not
/// SQLite at all, or that is marked as another program's, before SQLite
/// could touch it.
fn check_header(path: &Path, shown: &str) -> Result<(), StoreError> {
    let mut header = [0u8; 100];
    let mut f = fs::File::open(path).map_err(|source| StoreError::Io {
        context: format!("cannot open {shown}"),
        source,
    })?;
    let mut read = 0;
    while read < header.len() {
        match f.read(&mut header[read..]) {
            Ok(0) => break,
            Ok(n) => read += n,
            Err(source) => {
                return Err(StoreError::Io {
                    context: format!("cannot read {shown}"),
                    source,
                });
            }
        }
    }
    let not_ours = |why: &str| StoreError::NotSessadm {
        path: shown.to_string(),
        why: why.to_string(),
    };
    if read < header.len() || &header[..16] != b"SQLite format 3\0" {
        return Err(not_ours("not an SQLite file"));
    }
    let app_id = i32::from_be_bytes([header[68], header[69], header[70], header[71]]);
    if app_id != 0 && app_id != APPLICATION_ID {
        return Err(not_ours("another program's SQLite database"));
    }
    Ok(())
}

/// Decide from SQLite's own view whether this is a sessadm database (or an
/// empty one to initialise), and return its schema version.
fn identify(conn: &Connection, shown: &str) -> Result<i64, StoreError> {
    let app_id: i32 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if app_id == APPLICATION_ID {
        if version > SCHEMA_VERSION {
            return Err(StoreError::IncompatibleVersion {
                path: shown.to_string(),
                found: version,
                known: SCHEMA_VERSION,
            });
        }
        return Ok(version);
    }
    let objects: i64 = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
    if app_id == 0 && version == 0 && objects == 0 {
        return Ok(0);
    }
    Err(StoreError::NotSessadm {
        path: shown.to_string(),
        why: "another program's SQLite database".into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrating_twice_is_a_no_op() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        drop(Store::open(&path).unwrap());
        let schema = |p: &Path| -> Vec<String> {
            let c = Connection::open(p).unwrap();
            let mut st = c
                .prepare("SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY name")
                .unwrap();
            st.query_map([], |r| r.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap()
        };
        let before = schema(&path);
        let mut s = Store::open(&path).unwrap();
        s.migrate("s.db").unwrap();
        drop(s);
        assert_eq!(schema(&path), before);
        let c = Connection::open(&path).unwrap();
        let v: i64 = c
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, SCHEMA_VERSION);
        let tenants: i64 = c
            .query_row("SELECT count(*) FROM tenant", [], |r| r.get(0))
            .unwrap();
        assert_eq!(tenants, 1);
    }

    #[test]
    fn schema_checks_mirror_the_rules() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        drop(Store::open(&path).unwrap());
        let c = Connection::open(&path).unwrap();
        c.execute_batch(
            "INSERT INTO environments (name, name_key, created_at, updated_at)
             VALUES ('a', 'a', 'x', 'x');
             INSERT INTO settings (environment_id) VALUES (1);",
        )
        .unwrap();
        for bad in [
            "UPDATE settings SET sessiontimeoutinmins = 59",
            "UPDATE settings SET sessiontimeoutinmins = 1441",
            "UPDATE settings SET sessiontimeoutreminderinmins = 1440",
            "UPDATE settings SET inactivitytimeoutinmins = 4",
            "UPDATE settings SET inactivitytimeoutenabled = 1",
            "UPDATE settings SET inactivitytimeoutenabled = 1, inactivitytimeoutinmins = 1440",
            "UPDATE settings SET sessiontimeoutenabled = 1, sessiontimeoutinmins = 60,
                inactivitytimeoutenabled = 1, inactivitytimeoutinmins = 60",
            "UPDATE settings SET inactivitytimeoutinmins = 30, inactivitytimeoutreminderinmins = 30",
            "UPDATE tenant SET token_lifetime_min = 59",
            "UPDATE tenant SET token_lifetime_min = 525601",
            "UPDATE environments SET url = 'http://x'",
            "UPDATE environments SET version = '9..1'",
            "UPDATE environments SET version = '1.2.3.4.5'",
            "UPDATE environments SET name = ' a'",
            "UPDATE environments SET name = 'a' || char(10) || 'b'",
            "INSERT INTO tenant (id) VALUES (2)",
        ] {
            assert!(c.execute_batch(bad).is_err(), "{bad}");
        }
        c.execute_batch(
            "UPDATE settings SET sessiontimeoutenabled = 1, sessiontimeoutinmins = 61,
                inactivitytimeoutenabled = 1, inactivitytimeoutinmins = 60;
             UPDATE environments SET version = '9.2.24034.205', url = 'https://x';",
        )
        .unwrap();
        c.execute_batch("INSERT INTO history (at, actor, field) VALUES ('x', 'y', 'z')")
            .unwrap();
        assert!(c.execute_batch("DELETE FROM history").is_err());
        assert!(c.execute_batch("UPDATE history SET actor = 'q'").is_err());
    }
}
