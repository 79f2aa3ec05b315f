//! Reading a whole input file — a policy, a TOML or JSON scenario, a
//! Dataverse response — from a path or stdin, never past [`MAX_BYTES`].
//!
//! A file is parsed whole, so its size bounds the memory a run takes:
//! `/dev/zero`, a FIFO or an endless pipe must end in an error, not grow
//! until the machine gives out. A regular file is judged by its size before
//! a byte is read; anything else is read up to one byte past the limit.
//! The text is checked as UTF-8, and the first bad byte is reported at its
//! line and column. Reads only: parsing is the caller's. CSV timelines are
//! streamed instead (`sim::records`), with a bound on each record.

use std::io::Read;
use std::path::Path;

use crate::error::{Code, Error, Location, Violation};

/// The most a whole-file input may hold: 64 MiB.
pub const MAX_BYTES: u64 = 64 << 20;

/// [`MAX_BYTES`] as a person reads it.
pub const MAX_SHOWN: &str = "64 MiB";

/// Where an input comes from.
#[derive(Debug, Clone, Copy)]
pub enum Source<'a> {
    Path(&'a Path),
    Stdin,
}

/// Read all of `source` as UTF-8 text, refusing more than [`MAX_BYTES`].
/// `shown` names the input in errors; `hint` says what to do with one that
/// is too large.
pub fn read(source: Source<'_>, shown: &str, hint: &str) -> Result<String, Error> {
    read_limited(source, shown, hint, MAX_BYTES)
}

fn read_limited(source: Source<'_>, shown: &str, hint: &str, max: u64) -> Result<String, Error> {
    let cannot = |e: std::io::Error| Error::io(format!("cannot read {shown}"), e);
    let too_large = || {
        let limit = if max == MAX_BYTES {
            MAX_SHOWN.to_string()
        } else {
            format!("{max} bytes")
        };
        Error::one(
            Violation::new(Code::Syntax, format!("{shown} is larger than {limit}")).hint(hint),
        )
    };
    let bytes = match source {
        Source::Stdin => read_up_to(std::io::stdin().lock(), max, 0).map_err(cannot)?,
        Source::Path(path) => {
            let file = std::fs::File::open(path).map_err(cannot)?;
            // A regular file says its size: refused unread when too large,
            // and read into one allocation of the right size otherwise.
            // A device, FIFO or /proc file says nothing to trust.
            let size = file
                .metadata()
                .ok()
                .filter(|m| m.is_file())
                .map(|m| m.len());
            if size.is_some_and(|n| n > max) {
                return Err(too_large());
            }
            read_up_to(file, max, size.unwrap_or(0)).map_err(cannot)?
        }
    };
    if bytes.len() as u64 > max {
        return Err(too_large());
    }
    utf8(bytes, shown).map_err(Error::one)
}

/// Up to `max + 1` bytes of `input`: one more than allowed says it is too
/// large without reading the rest.
fn read_up_to(input: impl Read, max: u64, expected: u64) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::with_capacity(expected.min(max) as usize + 1);
    input.take(max + 1).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// `bytes` as text, or an error at the line and column (in characters) of
/// the first byte that is not UTF-8.
pub fn utf8(bytes: Vec<u8>, shown: &str) -> Result<String, Violation> {
    String::from_utf8(bytes).map_err(|e| {
        let bad = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let (line, column) = position(bytes, bad);
        Violation::new(
            Code::Syntax,
            format!(
                "{shown} is not UTF-8 text (byte 0x{:02x} is not valid UTF-8) — save it as UTF-8",
                bytes[bad]
            ),
        )
        .at(Location {
            file: shown.to_string(),
            line,
            column: Some(column),
        })
    })
}

/// Line and column (1-based, the column in characters) of byte `at` of
/// `bytes`, whose bytes before `at` are UTF-8.
pub fn position(bytes: &[u8], at: usize) -> (usize, usize) {
    let before = &bytes[..at.min(bytes.len())];
    let line_start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
    let line = memchr::memchr_iter(b'\n', before).count() + 1;
    // Counting the bytes that start a character counts characters.
    let column = before[line_start..]
        .iter()
        .filter(|&&b| b & 0xC0 != 0x80)
        .count()
        + 1;
    (line, column)
}

/// A reader that counts the bytes it hands over, for a progress bar.
pub struct Counting<'a, R> {
    pub inner: R,
    pub read: &'a std::sync::atomic::AtomicU64,
}

impl<R: Read> Read for Counting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read
            .fetch_add(n as u64, std::sync::atomic::Ordering::Relaxed);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_bytes_are_found_at_their_line_and_column() {
        let v = utf8(b"a = 1\nb = \"\xc3\xa9x\xff\"\n".to_vec(), "s.toml").unwrap_err();
        assert_eq!(
            v.to_string(),
            "s.toml:2:8: error[syntax]: s.toml is not UTF-8 text (byte 0xff is not valid UTF-8) — save it as UTF-8"
        );
        let v = utf8(b"\xfe".to_vec(), "s.json").unwrap_err();
        assert_eq!(v.location.unwrap().to_string(), "s.json:1:1");
        // A sequence cut short is reported at its first byte.
        let v = utf8(b"ab\xc3".to_vec(), "s").unwrap_err();
        assert_eq!(v.location.unwrap().column, Some(3));
        assert_eq!(utf8(b"ok\n".to_vec(), "s").unwrap(), "ok\n");
    }

    #[test]
    fn a_file_over_the_limit_is_refused_and_one_at_it_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.toml");
        std::fs::write(&path, "x".repeat(11)).unwrap();
        let e = read_limited(Source::Path(&path), "s.toml", "hint", 10).unwrap_err();
        assert_eq!(
            e.to_string(),
            "error[syntax]: s.toml is larger than 10 bytes — hint"
        );
        std::fs::write(&path, "x".repeat(10)).unwrap();
        let text = read_limited(Source::Path(&path), "s.toml", "hint", 10).unwrap();
        assert_eq!(text.len(), 10);
    }

    #[cfg(unix)]
    #[test]
    fn an_endless_device_stops_at_the_limit() {
        let e = read_limited(Source::Path(Path::new("/dev/zero")), "z", "hint", 1000).unwrap_err();
        assert_eq!(e.exit_code(), 3);
    }
}
