//! SQLite storage: judging the path, opening, refusing what is not ours,
//! migrating, and the transactions every command runs in (SPEC §5).
//!
//! No clap and no printing here, except the one line a terminal is shown
//! while a write waits for another writer. A path that someone else could
//! control, a file that is not a sessadm database, or one newer than this
//! binary is refused before anything is written to it. Commands that only
//! read open the file read-only ([`Store::open_read`]): no migration, no
//! lock, nothing created beside it.

mod check;
mod path;
mod queries;

use std::fs;
use std::io::{IsTerminal, Read};
use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime};

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

pub use check::{Report, Section};
pub use path::companion;
pub use queries::{Reader, Writer};

/// Marks a SQLite file as sessadm's (`PRAGMA application_id`): "SESS".
pub const APPLICATION_ID: i32 = 0x5345_5353;

/// The migrations, in order; the index + 1 is the `user_version` after it.
/// Never edit one that has landed.
const MIGRATIONS: &[(&str, &str)] = &[
    (
        "0001_inventory",
        include_str!("../../migrations/0001_inventory.sql"),
    ),
    (
        "0002_loopback_http",
        include_str!("../../migrations/0002_loopback_http.sql"),
    ),
];

/// The schema version this binary writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// How long a write waits for another sessadm process's write, unless
/// `SESSADM_BUSY_TIMEOUT` says otherwise.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// After this long, a write that waits says so on a terminal.
const TELL_AFTER: Duration = Duration::from_secs(2);

/// The database in use, for errors that surface far from the store
/// (a `rusqlite::Error` turned into a command's error names the file).
static CURRENT: Mutex<String> = Mutex::new(String::new());

fn current() -> String {
    CURRENT.lock().map(|p| p.clone()).unwrap_or_default()
}

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
    #[error(
        "{path} is damaged ({why}); it was left untouched — restore a backup, or run `sessadm db check`"
    )]
    Damaged { path: String, why: String },
    #[error("{path} {why}; it was not used — {fix}")]
    Unsafe {
        path: String,
        why: String,
        fix: String,
    },
    #[error(
        "no database at {path} — check --db (or SESSADM_DB); a command that changes something creates it"
    )]
    Missing { path: String },
    #[error("{}", describe(&current(), .0))]
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
            StoreError::Io { .. } => crate::error::Error::Io(Box::new(e)),
            _ => crate::error::Error::Database(Box::new(e)),
        }
    }
}

impl From<rusqlite::Error> for crate::error::Error {
    fn from(e: rusqlite::Error) -> Self {
        crate::error::Error::Database(Box::new(StoreError::Sqlite(e)))
    }
}

/// A database error as an administrator can act on it: the file, what is
/// wrong, what to do. Never SQLite's text alone, never the SQL.
fn describe(path: &str, e: &rusqlite::Error) -> String {
    use rusqlite::ErrorCode as C;
    let path = if path.is_empty() {
        "the database"
    } else {
        path
    };
    let (code, detail) = match e {
        rusqlite::Error::SqliteFailure(f, msg) => (Some(f.code), msg.clone()),
        _ => (None, None),
    };
    let detail = detail.map(|d| crate::text::cut(&d).into_owned());
    match code {
        Some(C::DatabaseCorrupt | C::NotADatabase) => {
            format!("{path}: the file is damaged: restore a backup, or run `sessadm db check`")
        }
        Some(C::DiskFull) => format!(
            "{path}: the disk is full; nothing was changed — free some space and run the command again"
        ),
        Some(C::ReadOnly) => format!(
            "{path} cannot be written (a read-only file, directory or file system); nothing was changed — make it writable (chmod 600 {path}) or pass --db elsewhere"
        ),
        Some(C::DatabaseBusy | C::DatabaseLocked) => format!(
            "{path} is held by another process (another sessadm writing to it); nothing was changed — run the command again when it has finished"
        ),
        Some(C::CannotOpen) => format!(
            "cannot open {path} or the files SQLite keeps beside it (-wal, -shm) — check that they and their directory are yours, or pass --db elsewhere"
        ),
        Some(C::PermissionDenied) => {
            format!("{path}: permission denied — check that the file and its directory are yours")
        }
        Some(C::SystemIoFailure) => format!(
            "{path}: the disk failed to read or write{}; nothing was changed — check the disk, then run `sessadm db check`",
            detail.map(|d| format!(" ({d})")).unwrap_or_default()
        ),
        Some(C::ConstraintViolation) => format!(
            "{path} refused a value that breaks its rules{} — run `sessadm db check`",
            detail.map(|d| format!(" ({d})")).unwrap_or_default()
        ),
        _ => format!(
            "{path}: {} — run `sessadm db check`",
            detail.unwrap_or_else(|| match e {
                rusqlite::Error::SqliteFailure(f, _) => f.to_string(),
                // rusqlite's own errors (a type mismatch, …): a value sessadm
                // cannot read, without the SQL it came from.
                rusqlite::Error::SqlInputError { error, .. } => error.to_string(),
                other => crate::text::cut(&other.to_string()).into_owned(),
            })
        ),
    }
}

/// `SESSADM_DB`, when set; set but empty is a mistake worth naming.
pub fn db_from_env() -> Result<Option<std::path::PathBuf>, crate::error::Error> {
    match std::env::var_os("SESSADM_DB") {
        None => Ok(None),
        Some(v) if v.is_empty() => Err(crate::error::Error::usage(
            "SESSADM_DB is set but empty — set it to the database file's path, or unset it",
        )),
        Some(v) => Ok(Some(std::path::PathBuf::from(v))),
    }
}

/// The default database path: `$XDG_DATA_HOME/sessadm/sessadm.db`, else
/// `~/.local/share/sessadm/sessadm.db` (macOS: `~/Library/Application
/// Support/sessadm/sessadm.db`).
pub fn default_path() -> Option<std::path::PathBuf> {
    let from_env = |k: &str| {
        std::env::var_os(k)
            .map(std::path::PathBuf::from)
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

/// How the database is opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Create and migrate when needed; transactions may write.
    Write,
    /// Never create, migrate, lock or write anything.
    Read,
}

/// Where the path came from: the default data directory is held to a
/// stricter standard (created 0700, ours alone).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Default,
    Given,
}

/// An open sessadm database.
pub struct Store {
    conn: Connection,
    shown: String,
    /// A read of a database at rest goes straight to the file (nothing is
    /// created beside it); the file's state before, to notice a writer's
    /// checkpoint that changed it meanwhile.
    snapshot: Option<Fingerprint>,
    path: std::path::PathBuf,
}

impl Store {
    /// Open for writing (creating it and its directory when missing) and
    /// migrate.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        Store::open_with(path, Access::Write, Origin::Given)
    }

    /// Open read-only; a missing file is an error, not a new database.
    pub fn open_read(path: &Path) -> Result<Store, StoreError> {
        Store::open_with(path, Access::Read, Origin::Given)
    }

    pub fn open_with(path: &Path, access: Access, origin: Origin) -> Result<Store, StoreError> {
        let shown = path.display().to_string();
        if let Ok(mut c) = CURRENT.lock() {
            c.clone_from(&shown);
        }
        let strict = origin == Origin::Default;
        let dir_exists = path::check_dir(path, strict)?;
        let found = path::check_file(path)?;
        path::check_companions(path)?;
        match access {
            Access::Read => match found {
                path::Found::Absent => Err(StoreError::Missing { path: shown }),
                path::Found::File(meta) => open_read(path, shown, &meta),
            },
            Access::Write => {
                if let path::Found::Absent = found {
                    create_private(path, dir_exists)
                        .map_err(io(format!("cannot create {shown}")))?;
                    // Judge what was created (or what another process
                    // created first) like any existing file.
                    path::check_dir(path, strict)?;
                    path::check_file(path)?;
                }
                open_write(path, shown)
            }
        }
    }

    /// Apply pending migrations in one IMMEDIATE transaction. Running it on
    /// an up-to-date database changes nothing.
    fn migrate(&mut self) -> Result<(), StoreError> {
        // A migration may rebuild a table (SQLite cannot alter a CHECK):
        // foreign keys are off meanwhile, as SQLite's documentation says for
        // schema changes, so dropping the old table neither cascades nor
        // fails; they are checked before the commit and on again after.
        // The pragma is a no-op inside a transaction, hence out here.
        self.conn.pragma_update(None, "foreign_keys", false)?;
        let migrated = self.migrate_in_transaction();
        let on = self.conn.pragma_update(None, "foreign_keys", true);
        migrated?;
        Ok(on?)
    }

    fn migrate_in_transaction(&mut self) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Another process may have migrated while we waited for the lock.
        let version = identify(&tx, &self.shown)?;
        for (i, (_, sql)) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", i as i64 + 1)?;
        }
        if version < SCHEMA_VERSION {
            let broken: i64 =
                tx.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                    r.get(0)
                })?;
            if broken > 0 {
                return Err(rusqlite::Error::SqliteFailure(
                    rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY),
                    Some(format!(
                        "{broken} rows break a foreign key after migrating; nothing was changed"
                    )),
                )
                .into());
            }
            tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The file as the user named it.
    pub fn shown(&self) -> &str {
        &self.shown
    }

    /// Run `f` in a read transaction. A read that went straight to the file
    /// is run again if a writer's checkpoint changed the file meanwhile.
    pub fn read<T, E: From<StoreError>>(
        &mut self,
        mut f: impl FnMut(&Reader<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        loop {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Deferred)
                .map_err(StoreError::from)?;
            let out = f(&Reader::new(&tx))?;
            tx.commit().map_err(StoreError::from)?;
            match &self.snapshot {
                // Read again, once, through SQLite's own locks.
                Some(before) if Fingerprint::of(&self.path).as_ref() != Some(before) => {
                    self.conn = connect_ro(&self.path, false)?;
                    self.snapshot = None;
                }
                _ => return Ok(out),
            }
        }
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

    /// Check the file and sessadm's invariants (`sessadm db check`).
    pub fn check(&mut self) -> Result<Report, StoreError> {
        check::run(&self.conn, &self.shown)
    }
}

fn io(context: String) -> impl FnOnce(std::io::Error) -> StoreError {
    move |source| StoreError::Io { context, source }
}

fn open_write(path: &Path, shown: String) -> Result<Store, StoreError> {
    // Opening is one step at a time across sessadm processes: a new
    // database is checked, switched to WAL and migrated by one of them
    // while the others wait. An advisory lock on the file itself; it
    // writes nothing, and SQLite's own locks are separate ones.
    let guard = open_nofollow(path).map_err(io(format!("cannot open {shown}")))?;
    let mut waiting = Waiting::new(&shown);
    loop {
        match guard.try_lock() {
            Ok(()) => break,
            Err(fs::TryLockError::WouldBlock) => {
                if !waiting.tick(0) {
                    return Err(StoreError::Sqlite(rusqlite::Error::SqliteFailure(
                        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
                        None,
                    )));
                }
            }
            Err(fs::TryLockError::Error(e)) => {
                return Err(io(format!("cannot lock {shown}"))(e));
            }
        }
    }
    let existed = guard
        .metadata()
        .map_err(io(format!("cannot read {shown}")))?
        .len()
        > 0;
    if existed {
        check_header(path, &shown)?;
    }
    repair_shm_mode(path);
    let mut conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    busy_handler(&mut conn, &shown)?;
    // Decide from what SQLite reads (the WAL included), in one snapshot,
    // before writing anything.
    if existed {
        let tx = conn.unchecked_transaction()?;
        identify(&tx, &shown)?;
        tx.commit()?;
    }
    conn.pragma_update(None, "foreign_keys", true)?;
    let mode: String = conn.pragma_update_and_check(None, "journal_mode", "wal", |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        // In-memory or a file system without shared memory: carry on.
        conn.pragma_update(None, "journal_mode", "delete")?;
    }
    conn.pragma_update(None, "synchronous", "normal")?;
    let mut store = Store {
        conn,
        shown,
        snapshot: None,
        path: path.to_path_buf(),
    };
    store.migrate()?;
    drop(guard);
    Ok(store)
}

fn open_read(path: &Path, shown: String, meta: &fs::Metadata) -> Result<Store, StoreError> {
    if meta.len() == 0 {
        // Created by a writer that has not set it up yet.
        return empty(path, shown);
    }
    check_header(path, &shown)?;
    // At rest (no -wal), everything is in the file: read it as it is,
    // creating nothing beside it, which works in a read-only directory and
    // leaves no -shm behind. Otherwise a writer may be at work: read
    // through SQLite's shared memory, never waiting for it (WAL).
    let at_rest = !companion(path, "-wal").exists();
    let snapshot = at_rest.then(|| Fingerprint::of(path)).flatten();
    let conn = connect_ro(path, snapshot.is_some())?;
    let tx = conn.unchecked_transaction()?;
    let version = identify(&tx, &shown)?;
    tx.commit()?;
    if version < SCHEMA_VERSION {
        if version == 0 {
            // Nothing in it yet.
            return empty(path, shown);
        }
        // Written by an older sessadm: read a copy, migrated in memory, so
        // that a read after an upgrade works without touching the file (the
        // next change migrates the file itself).
        return migrated_copy(&conn, path, shown);
    }
    Ok(Store {
        conn,
        shown,
        snapshot,
        path: path.to_path_buf(),
    })
}

/// The database behind `conn` copied into memory and migrated there.
fn migrated_copy(conn: &Connection, path: &Path, shown: String) -> Result<Store, StoreError> {
    let mut memory = Connection::open_in_memory()?;
    // A thousand pages a step: a few steps for any inventory.
    rusqlite::backup::Backup::new(conn, &mut memory)?.run_to_completion(
        1000,
        Duration::ZERO,
        None,
    )?;
    let mut store = Store {
        conn: memory,
        shown,
        snapshot: None,
        path: path.to_path_buf(),
    };
    store.migrate()?;
    Ok(store)
}

/// An empty inventory, read from memory: what a database that exists but
/// holds nothing yet reads as.
fn empty(path: &Path, shown: String) -> Result<Store, StoreError> {
    let mut store = Store {
        conn: Connection::open_in_memory()?,
        shown,
        snapshot: None,
        path: path.to_path_buf(),
    };
    store.migrate()?;
    Ok(store)
}

/// A read-only connection: straight to the file (`immutable`), or through
/// SQLite's locks.
fn connect_ro(path: &Path, immutable: bool) -> Result<Connection, StoreError> {
    let uri = format!(
        "{}?mode=ro{}",
        file_uri(path),
        if immutable { "&immutable=1" } else { "" }
    );
    let mut conn = Connection::open_with_flags(
        uri,
        OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    busy_handler(&mut conn, &path.display().to_string())?;
    conn.pragma_update(None, "query_only", true)?;
    Ok(conn)
}

/// A `file:` URI for SQLite, every byte outside the unreserved set
/// percent-encoded so that `?`, `#` and `%` in a path stay part of it.
fn file_uri(path: &Path) -> String {
    let text = path.to_string_lossy();
    #[cfg(windows)]
    let text = {
        let t = text.replace('\\', "/");
        if t.as_bytes().get(1) == Some(&b':') {
            format!("/{t}")
        } else {
            t
        }
    };
    let mut out = String::from("file:");
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// What changes when a writer touches the file.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Fingerprint {
    len: u64,
    modified: Option<SystemTime>,
    #[cfg(unix)]
    inode: (u64, u64),
}

impl Fingerprint {
    fn of(path: &Path) -> Option<Fingerprint> {
        let m = fs::metadata(path).ok()?;
        Some(Fingerprint {
            len: m.len(),
            modified: m.modified().ok(),
            #[cfg(unix)]
            inode: {
                use std::os::unix::fs::MetadataExt;
                (m.dev(), m.ino())
            },
        })
    }
}

/// Open the file itself, never through a symlink, never waiting on a FIFO.
fn open_nofollow(path: &Path) -> std::io::Result<fs::File> {
    let mut o = fs::OpenOptions::new();
    o.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // O_NOFOLLOW | O_NONBLOCK, whose values differ by platform.
        #[cfg(target_os = "linux")]
        o.custom_flags(0o400000 | 0o4000);
        #[cfg(any(target_os = "macos", target_os = "freebsd"))]
        o.custom_flags(0x0100 | 0x0004);
    }
    let f = o.open(path)?;
    if !f.metadata()?.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    Ok(f)
}

/// A `-shm` left read-only by an older sessadm's read would stop every
/// writer after it: give it the database's own permissions back. Only
/// ever a file this account owns (judged before).
fn repair_shm_mode(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let shm = companion(path, "-shm");
        if let (Ok(db), Ok(s)) = (fs::metadata(path), fs::symlink_metadata(&shm))
            && s.is_file()
            && s.permissions().mode() & 0o200 == 0
            && db.permissions().mode() & 0o200 != 0
        {
            let _ = fs::set_permissions(&shm, db.permissions());
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// How long writes wait for another writer: `SESSADM_BUSY_TIMEOUT`
/// (`5s`, `2m`), else 30 s.
fn busy_timeout() -> Duration {
    std::env::var("SESSADM_BUSY_TIMEOUT")
        .ok()
        .and_then(|v| crate::duration::parse_offset_seconds(v.trim(), "SESSADM_BUSY_TIMEOUT").ok())
        .and_then(|s| u64::try_from(s).ok())
        .map_or(BUSY_TIMEOUT, Duration::from_secs)
}

/// A wait for another writer: tells a terminal after [`TELL_AFTER`], gives
/// up after the busy timeout.
struct Waiting {
    shown: String,
    timeout: Duration,
    started: Option<Instant>,
    told: bool,
    tell: bool,
}

impl Waiting {
    fn new(shown: &str) -> Self {
        Waiting {
            shown: shown.to_string(),
            timeout: busy_timeout(),
            started: None,
            told: false,
            tell: std::io::stderr().is_terminal(),
        }
    }

    /// One more try failed: wait a little and say whether to try again.
    fn tick(&mut self, count: i32) -> bool {
        let waited = self.started.get_or_insert_with(Instant::now).elapsed();
        if waited >= self.timeout {
            self.started = None;
            return false;
        }
        if self.tell && !self.told && waited >= TELL_AFTER {
            eprintln!("waiting for another sessadm writing {}…", self.shown);
            self.told = true;
        }
        std::thread::sleep(Duration::from_millis(if count < 20 { 5 } else { 20 }));
        true
    }
}

fn busy_handler(conn: &mut Connection, shown: &str) -> Result<(), StoreError> {
    let mut waiting = Waiting::new(shown);
    conn.busy_handler(Some(move |count: i32| {
        if count == 0 {
            // A new wait: its own two seconds before a word.
            waiting.started = None;
        }
        waiting.tick(count)
    }))?;
    Ok(())
}

/// The current time as stored: RFC 3339, UTC, seconds.
pub fn now_utc() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Create the file (and its directory, 0700) readable by its owner only.
fn create_private(path: &Path, dir_exists: bool) -> std::io::Result<()> {
    if !dir_exists && let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
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
        // Another process created it first: fine (it is judged next).
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

/// Read the 100-byte SQLite header without SQLite: refuse a file that is not
/// SQLite at all, or that is marked as another program's, before SQLite
/// could touch it.
fn check_header(path: &Path, shown: &str) -> Result<(), StoreError> {
    let mut header = [0u8; 100];
    let mut f = open_nofollow(path).map_err(io(format!("cannot open {shown}")))?;
    let mut read = 0;
    while read < header.len() {
        match f.read(&mut header[read..]) {
            Ok(0) => break,
            Ok(n) => read += n,
            Err(source) => return Err(io(format!("cannot read {shown}"))(source)),
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
    let objects: i64 = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
    if app_id == APPLICATION_ID {
        if version > SCHEMA_VERSION {
            return Err(StoreError::IncompatibleVersion {
                path: shown.to_string(),
                found: version,
                known: SCHEMA_VERSION,
            });
        }
        if version < 0 {
            return Err(StoreError::Damaged {
                path: shown.to_string(),
                why: format!("its schema version is {version}, which no sessadm writes"),
            });
        }
        if version == 0 && objects > 0 {
            return Err(StoreError::Damaged {
                path: shown.to_string(),
                why: "it has sessadm's tables but schema version 0".into(),
            });
        }
        return Ok(version);
    }
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
    fn a_store_error_stays_typed_until_printed() {
        use std::error::Error as _;
        let io = StoreError::Io {
            context: "cannot read x.db".into(),
            source: std::io::Error::other("denied"),
        };
        let e = crate::error::Error::from(io);
        let crate::error::Error::Io(cause) = &e else {
            panic!("an I/O store error is an io error: {e:?}");
        };
        assert!(cause.downcast_ref::<StoreError>().is_some());
        assert_eq!(
            e.source().and_then(|s| s.source()).map(|s| s.to_string()),
            Some("denied".into())
        );
        assert_eq!(e.to_string(), "error[io]: cannot read x.db: denied");

        let missing = StoreError::Missing {
            path: "x.db".into(),
        };
        let shown = missing.to_string();
        let e = crate::error::Error::from(missing);
        assert!(matches!(&e, crate::error::Error::Database(c) if c.is::<StoreError>()));
        assert_eq!(e.to_string(), format!("error[database]: {shown}"));
        assert_eq!(e.exit_code(), 1);
    }

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
        s.migrate().unwrap();
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

    /// A database of the first release's schema (migration 0001) at `path`,
    /// with `rows` run in it.
    fn version_1_database(path: &Path, rows: &str) {
        let c = Connection::open(path).unwrap();
        c.execute_batch(MIGRATIONS[0].1).unwrap();
        c.pragma_update(None, "user_version", 1).unwrap();
        c.pragma_update(None, "application_id", APPLICATION_ID)
            .unwrap();
        c.execute_batch(rows).unwrap();
    }

    /// A read of a database of the first release's schema sees it
    /// migrated, and leaves the file as it was.
    #[test]
    fn a_version_1_database_is_read_migrated_in_memory_and_left_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        version_1_database(
            &path,
            "INSERT INTO environments (name, name_key, created_at, updated_at)
             VALUES ('A', 'a', 't', 't');
             INSERT INTO settings (environment_id) VALUES (1);",
        );
        let before = std::fs::read(&path).unwrap();
        let mut s = Store::open_read(&path).unwrap();
        let names: Vec<String> = s
            .read(|r| r.environments())
            .unwrap()
            .into_iter()
            .map(|e| e.name)
            .collect();
        assert_eq!(names, ["A"]);
        drop(s);
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }

    /// A database made by the schema of 0001 (the first release) is
    /// migrated in place: ids, settings, history and the id sequence kept,
    /// foreign keys still enforced, http:// to loopback now storable.
    #[test]
    fn a_version_1_database_is_migrated_keeping_everything() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        version_1_database(
            &path,
            "PRAGMA foreign_keys = ON;
             INSERT INTO environments (name, name_key, url, created_at, updated_at)
             VALUES ('A', 'a', 'https://a.crm.dynamics.com', 't', 't'),
                    ('b', 'b', NULL, 't', 't'), ('c', 'c', NULL, 't', 't');
             INSERT INTO settings (environment_id, sessiontimeoutenabled, sessiontimeoutinmins)
             VALUES (1, 1, 480), (2, 0, 1440), (3, 0, 1440);
             INSERT INTO history (at, actor, environment_id, environment, field, new)
             VALUES ('t', 'me', 1, 'A', 'created', 'A');
             DELETE FROM environments WHERE id = 3;",
        );
        drop(Store::open(&path).unwrap());
        let c = Connection::open(&path).unwrap();
        c.pragma_update(None, "foreign_keys", true).unwrap();
        let v: i64 = c
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, SCHEMA_VERSION);
        let rows: Vec<(i64, String, i64)> = c
            .prepare(
                "SELECT e.id, e.name, s.sessiontimeoutinmins FROM environments e
                 JOIN settings s ON s.environment_id = e.id ORDER BY e.id",
            )
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(rows, [(1, "A".into(), 480), (2, "b".into(), 1440)]);
        let history: i64 = c
            .query_row("SELECT count(*) FROM history", [], |r| r.get(0))
            .unwrap();
        assert_eq!(history, 1);
        // The UNIQUE name_key is still there.
        assert!(
            c.execute(
                "INSERT INTO environments (name, name_key, created_at, updated_at)
                 VALUES ('a', 'a', 't', 't')",
                [],
            )
            .is_err()
        );
        // Id 3 was given once: never again.
        c.execute(
            "INSERT INTO environments (name, name_key, url, created_at, updated_at)
             VALUES ('d', 'd', 'http://127.0.0.1:8080/org', 't', 't')",
            [],
        )
        .unwrap();
        assert_eq!(c.last_insert_rowid(), 4);
        for bad in [
            "http://evil.example",
            "http://127.0.0.1.evil.example/",
            "http://localhost.evil.example",
            "http://evil.example/?127.0.0.1",
            "http://localhost:8a/",
        ] {
            assert!(
                c.execute("UPDATE environments SET url = ?1 WHERE id = 4", [bad])
                    .is_err(),
                "{bad}"
            );
        }
        for good in ["http://localhost", "http://[::1]:9000/x", "HTTPS://x"] {
            c.execute("UPDATE environments SET url = ?1 WHERE id = 4", [good])
                .unwrap();
        }
        // Settings' foreign key still cascades and still refuses orphans.
        c.execute("DELETE FROM environments WHERE id = 1", [])
            .unwrap();
        let left: i64 = c
            .query_row("SELECT count(*) FROM settings", [], |r| r.get(0))
            .unwrap();
        assert_eq!(left, 1);
        assert!(
            c.execute("INSERT INTO settings (environment_id) VALUES (99)", [])
                .is_err()
        );
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
