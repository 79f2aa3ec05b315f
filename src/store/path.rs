//! Whether a database path is safe to use, judged before anything opens it.
//!
//! The file must be a regular file that this account owns and that nobody
//! else can write, in a directory nobody else controls; its `-wal` and
//! `-shm` companions likewise. A symlink, FIFO, socket, device or directory
//! is refused at once — checked with `symlink_metadata`, so a FIFO never
//! makes sessadm hang. Ownership and permission bits exist on Unix only;
//! elsewhere only the kind of file is judged.

use std::fs::{self, Metadata};
use std::io;
use std::path::{Path, PathBuf};

use super::StoreError;

/// What is at the database path.
#[derive(Debug)]
pub enum Found {
    Absent,
    /// A regular file; its metadata.
    File(Metadata),
}

/// Judge the database path itself: absent, or a regular file that is ours
/// and not writable by others.
pub fn check_file(path: &Path) -> Result<Found, StoreError> {
    let shown = path.display().to_string();
    let meta = match fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Found::Absent),
        Err(source) => {
            return Err(StoreError::Io {
                context: format!("cannot read {shown}"),
                source,
            });
        }
    };
    judge(&shown, &meta, "database")?;
    Ok(Found::File(meta))
}

/// Judge an existing `-wal` or `-shm` companion as strictly as the file:
/// SQLite would otherwise read (and replay) what someone else planted.
pub fn check_companions(path: &Path) -> Result<(), StoreError> {
    for suffix in ["-wal", "-shm"] {
        let p = companion(path, suffix);
        match fs::symlink_metadata(&p) {
            Ok(m) => judge(&p.display().to_string(), &m, "database companion")?,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(source) => {
                return Err(StoreError::Io {
                    context: format!("cannot read {}", p.display()),
                    source,
                });
            }
        }
    }
    Ok(())
}

/// `path` with `suffix` appended to its file name (`sessadm.db-wal`).
pub fn companion(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// The directory the database lives in, as a path that can be judged.
fn parent(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Judge the directory the database lives in, if it exists: nobody else may
/// control it. `strict` (the default data directory) also refuses one owned
/// by root; a directory given with --db may be a system one, like `/tmp`
/// (sticky, so others cannot replace files in it).
pub fn check_dir(path: &Path, strict: bool) -> Result<bool, StoreError> {
    let dir = parent(path);
    let meta = match fs::metadata(&dir) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
        Err(source) => {
            return Err(StoreError::Io {
                context: format!("cannot read {}", dir.display()),
                source,
            });
        }
    };
    let shown = dir.display().to_string();
    if !meta.is_dir() {
        return Err(StoreError::Unsafe {
            path: shown,
            why: "is not a directory".into(),
            fix: "pass --db with a path in a directory".into(),
        });
    }
    unix::judge_dir(&shown, &meta, strict)?;
    Ok(true)
}

fn judge(shown: &str, meta: &Metadata, what: &str) -> Result<(), StoreError> {
    let ft = meta.file_type();
    let kind = if ft.is_symlink() {
        Some("a symbolic link")
    } else if ft.is_dir() {
        Some("a directory")
    } else if ft.is_file() {
        None
    } else {
        Some(unix::special_kind(&ft))
    };
    if let Some(kind) = kind {
        return Err(StoreError::Unsafe {
            path: shown.to_string(),
            why: format!("is {kind}, not a regular file"),
            fix: format!(
                "sessadm only uses a {what} file it owns — pass --db with the real file's path"
            ),
        });
    }
    unix::judge_owner(shown, meta)
}

#[cfg(unix)]
mod unix {
    use std::fs::{FileType, Metadata};
    use std::os::unix::fs::{FileTypeExt, MetadataExt};

    use super::StoreError;

    // geteuid has no preconditions and cannot fail.
    unsafe extern "C" {
        safe fn geteuid() -> u32;
    }

    fn euid() -> u32 {
        geteuid()
    }

    pub fn special_kind(ft: &FileType) -> &'static str {
        if ft.is_fifo() {
            "a FIFO"
        } else if ft.is_socket() {
            "a socket"
        } else if ft.is_block_device() || ft.is_char_device() {
            "a device"
        } else {
            "not a regular file"
        }
    }

    pub fn judge_owner(shown: &str, meta: &Metadata) -> Result<(), StoreError> {
        let me = euid();
        if meta.uid() != me {
            return Err(StoreError::Unsafe {
                path: shown.to_string(),
                why: format!("is owned by another user (uid {}, not {me})", meta.uid()),
                fix: "another user could change what sessadm reads — copy it to a file of your own, or pass --db elsewhere".into(),
            });
        }
        if meta.mode() & 0o022 != 0 {
            return Err(StoreError::Unsafe {
                path: shown.to_string(),
                why: format!(
                    "is writable by {} (mode {:04o})",
                    writers(meta.mode()),
                    meta.mode() & 0o7777
                ),
                fix: format!("run `chmod 600 {shown}`, or pass --db elsewhere"),
            });
        }
        Ok(())
    }

    pub fn judge_dir(shown: &str, meta: &Metadata, strict: bool) -> Result<(), StoreError> {
        let me = euid();
        let owner = meta.uid();
        if owner != me && (strict || owner != 0) {
            return Err(StoreError::Unsafe {
                path: shown.to_string(),
                why: format!("is a directory owned by another user (uid {owner}, not {me})"),
                fix: "keep the database in a directory of your own — pass --db elsewhere".into(),
            });
        }
        let sticky = meta.mode() & 0o1000 != 0;
        if meta.mode() & 0o022 != 0 && (strict || !sticky) {
            return Err(StoreError::Unsafe {
                path: shown.to_string(),
                why: format!(
                    "is a directory writable by {} (mode {:04o}), who could replace the database or plant its -wal beside it",
                    writers(meta.mode()),
                    meta.mode() & 0o7777
                ),
                fix: format!("run `chmod 700 {shown}`, or pass --db elsewhere"),
            });
        }
        Ok(())
    }

    fn writers(mode: u32) -> &'static str {
        match (mode & 0o020 != 0, mode & 0o002 != 0) {
            (true, true) => "its group and others",
            (true, false) => "its group",
            _ => "others",
        }
    }
}

#[cfg(not(unix))]
mod unix {
    use std::fs::{FileType, Metadata};

    use super::StoreError;

    pub fn special_kind(_: &FileType) -> &'static str {
        "not a regular file"
    }

    pub fn judge_owner(_: &str, _: &Metadata) -> Result<(), StoreError> {
        Ok(())
    }

    pub fn judge_dir(_: &str, _: &Metadata, _: bool) -> Result<(), StoreError> {
        Ok(())
    }
}
