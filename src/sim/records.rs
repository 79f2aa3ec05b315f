//! CSV records for the timeline reader (`sim::csv`), read by the `csv`
//! crate, with what its messages need and the crate does not give.
//!
//! The crate finds each record and its fields (`ByteRecord`) and where it
//! starts (`ByteRecord::position()`). It reads leniently: a stray quote is
//! taken as text and a quoted field left open runs to the end of the file,
//! where sessadm refuses the row and says where. So the bytes the crate
//! reads pass through a [`Window`] that keeps those of the record being
//! read; that bound is also the 1 MiB limit on a record, which keeps one
//! endless line (a CSV of `/dev/zero`) from growing memory. A record
//! without quotes (nearly every timeline row) is taken as the crate read
//! it: its columns follow from its fields' bounds. A record with quotes is
//! read again from its bytes by [`quoted`], which places every quote error
//! and every field on the original lines.

use std::io::{self, Read};
use std::ops::Range;

use csv::ByteRecord;

/// Why a record could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordError {
    /// The record is not UTF-8: the first bad byte, its line and column.
    Utf8 {
        line: u64,
        column: usize,
        byte: u8,
    },
    /// A record longer than [`MAX_RECORD`] bytes, starting on this line.
    TooLong {
        line: u64,
    },
    /// A quoted field is not closed before the end of the input.
    Unterminated {
        line: u64,
    },
    /// A quote in the middle of an unquoted field, or text after a closing
    /// quote.
    Quote {
        line: u64,
        column: usize,
    },
    Io(String),
}

/// The longest record read, in bytes: a timeline row is a few dozen, and a
/// bound keeps one endless line (a CSV of `/dev/zero`) from growing the
/// buffer without end.
pub const MAX_RECORD: usize = 1 << 20;

/// [`MAX_RECORD`] as a person reads it.
pub const MAX_RECORD_SHOWN: &str = "1 MiB";

/// Bytes a read, in the window and in the crate's own buffer.
const CHUNK: usize = 1 << 16;

pub struct Records<R> {
    reader: csv::Reader<Window<R>>,
    record: ByteRecord,
    /// The line the current record starts on (1-based).
    line: u64,
    /// The current record: its fields, as ranges into its text.
    fields: Vec<Range<usize>>,
    /// Where fields of a quoted record start in the original line(s), in
    /// characters (1-based); empty for a plain record.
    columns: Vec<usize>,
    /// Where the text of each field of a quoted record starts (after its
    /// opening quote, if any), in characters (1-based).
    inner: Vec<usize>,
    /// Unescaped text of a quoted record; a plain one's text is the
    /// crate's record.
    scratch: String,
    quoted: bool,
    /// The length of a plain record's text (a final `\r` left out).
    len: usize,
    /// Nothing has been read yet.
    first: bool,
    /// A record read and not yet handed out.
    pending: bool,
}

/// One record, borrowed from the reader.
pub struct Record<'r> {
    text: &'r str,
    fields: &'r [Range<usize>],
    columns: &'r [usize],
    inner: &'r [usize],
    /// Field `i` starts `i` characters further on the line than its text
    /// (the commas before it): a record without quotes.
    plain: bool,
    /// The line the record starts on.
    pub line: u64,
}

/// The blank line that starts a file, as a record of one empty field: the
/// crate skips blank lines, the header check does not.
static BLANK: [Range<usize>; 1] = [0..0];

impl<'r> Record<'r> {
    fn blank() -> Record<'static> {
        Record {
            text: "",
            fields: &BLANK,
            columns: &[],
            inner: &[],
            plain: true,
            line: 1,
        }
    }

    pub fn len(&self) -> usize {
        self.fields.len()
    }

    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    /// The text of every field, one after another.
    pub fn text(&self) -> &'r str {
        self.text
    }

    pub fn get(&self, i: usize) -> Option<&'r str> {
        self.fields.get(i).and_then(|r| self.text.get(r.clone()))
    }

    /// The column (in characters, 1-based) where field `i` starts.
    pub fn column(&self, i: usize) -> usize {
        if let Some(c) = self.columns.get(i) {
            return *c; // a quoted record: measured on the original line
        }
        match self.fields.get(i) {
            Some(f) if self.plain => char_count_bytes(&self.text.as_bytes()[..f.start]) + i + 1,
            _ => 1,
        }
    }

    /// The column (in characters, 1-based) of byte `at` of field `i`'s
    /// text, on the line the field starts on: exact up to the first line
    /// break inside a quoted field.
    pub fn column_in(&self, i: usize, at: usize) -> usize {
        let Some(f) = self.fields.get(i) else {
            return 1;
        };
        let before = self
            .text
            .as_bytes()
            .get(f.start..f.start + at)
            .unwrap_or_default();
        match self.inner.get(i) {
            Some(c) => c + inner_offset(before),
            None => self.column(i) + char_count_bytes(before),
        }
    }
}

/// How many characters of the original text the unescaped `before` took:
/// each quote in it was written twice.
fn inner_offset(before: &[u8]) -> usize {
    char_count_bytes(before) + memchr::memchr_iter(b'"', before).count()
}

/// What the window says when a record outgrows it.
#[derive(Debug)]
struct TooLong;

impl std::fmt::Display for TooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "a record longer than {MAX_RECORD_SHOWN}")
    }
}

impl std::error::Error for TooLong {}

/// The input as the crate reads it, keeping the bytes of the record being
/// read (from [`Window::keep`] on) for the messages about it. It holds at
/// most about twice [`MAX_RECORD`]: a record that does not end by then is
/// too long, and the read fails with [`TooLong`].
struct Window<R> {
    input: R,
    /// `buf[..end]` is the input from byte `base` on; `buf[..served]` has
    /// been handed to the crate.
    buf: Vec<u8>,
    end: usize,
    served: usize,
    base: u64,
    /// Where the record being read starts: bytes before it may go.
    keep: u64,
}

impl<R: Read> Window<R> {
    /// The input from byte `from` to byte `to`, as far as it is held.
    fn bytes(&self, from: u64, to: u64) -> &[u8] {
        let at = |b: u64| (b.saturating_sub(self.base) as usize).min(self.end);
        &self.buf[at(from)..at(to)]
    }

    /// Read more input, dropping what no record needs. False at the end.
    fn fill(&mut self) -> io::Result<bool> {
        let drop = (self.keep.saturating_sub(self.base) as usize).min(self.served);
        if drop > 0 {
            self.buf.copy_within(drop..self.end, 0);
            self.end -= drop;
            self.served -= drop;
            self.base += drop as u64;
        }
        if self.end == self.buf.len() {
            if self.buf.len() > MAX_RECORD {
                return Err(io::Error::other(TooLong));
            }
            let grown = self.buf.len() * 2;
            self.buf.resize(grown, 0);
        }
        loop {
            match self.input.read(&mut self.buf[self.end..]) {
                Ok(0) => return Ok(false),
                Ok(n) => {
                    self.end += n;
                    return Ok(true);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        }
    }
}

impl<R: Read> Read for Window<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.served == self.end && !self.fill()? {
            return Ok(0);
        }
        let n = (self.end - self.served).min(out.len());
        out[..n].copy_from_slice(&self.buf[self.served..self.served + n]);
        self.served += n;
        Ok(n)
    }
}

/// What [`Records::read`] found.
enum Next {
    End,
    /// A blank first line, handed out before the record after it.
    Blank,
    Record,
}

impl<R: Read> Records<R> {
    pub fn new(input: R) -> Self {
        let window = Window {
            input,
            buf: vec![0; CHUNK],
            end: 0,
            served: 0,
            base: 0,
            keep: 0,
        };
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .terminator(csv::Terminator::Any(b'\n'))
            .buffer_capacity(CHUNK)
            .from_reader(window);
        Records {
            reader,
            record: ByteRecord::new(),
            line: 1,
            fields: Vec::with_capacity(16),
            columns: Vec::new(),
            inner: Vec::new(),
            scratch: String::new(),
            quoted: false,
            len: 0,
            first: true,
            pending: false,
        }
    }

    /// The next record, or `None` at the end of the input.
    pub fn next_record(&mut self) -> Result<Option<Record<'_>>, RecordError> {
        if std::mem::take(&mut self.pending) {
            return self.current().map(Some);
        }
        match self.read()? {
            Next::End => Ok(None),
            Next::Blank => Ok(Some(Record::blank())),
            Next::Record => self.current().map(Some),
        }
    }

    /// Read the next record with the crate, and take it apart.
    fn read(&mut self) -> Result<Next, RecordError> {
        let more = self
            .reader
            .read_byte_record(&mut self.record)
            .map_err(|e| self.read_error(e))?;
        let first = std::mem::take(&mut self.first);
        let end = self.reader.position().clone();
        if !more {
            // Blank lines only: the first is the (empty) header.
            return Ok(if first && end.byte() > 0 {
                Next::Blank
            } else {
                Next::End
            });
        }
        let start = self
            .record
            .position()
            .cloned()
            .unwrap_or_else(csv::Position::new);
        let window = self.reader.get_ref();
        let raw = window.bytes(start.byte(), end.byte());
        // Blank lines before the record, which the crate skipped.
        let skipped = raw.iter().take_while(|&&b| b == b'\n').count();
        let raw = &raw[skipped..];
        self.line = start.line() + skipped as u64;
        let slice = self.record.as_slice();
        let fields = self.record.len();
        let newline = raw.last() == Some(&b'\n');
        // A record whose bytes are its fields and the commas between them
        // had no quotes.
        self.quoted = memchr::memchr2(b'"', b'\n', slice).is_some()
            || raw.len() != slice.len() + fields.saturating_sub(1) + usize::from(newline);
        let line_len = memchr::memchr(b'\n', raw).unwrap_or(raw.len());
        if line_len > MAX_RECORD {
            return Err(RecordError::TooLong { line: self.line });
        }
        if self.quoted {
            let parts = Parts {
                fields: &mut self.fields,
                columns: &mut self.columns,
                inner: &mut self.inner,
                scratch: &mut self.scratch,
            };
            quoted(raw, self.line, parts)?;
        } else {
            self.fields.clear();
            self.fields
                .extend((0..fields).map(|i| self.record.range(i).unwrap_or_default()));
            self.len = slice.len();
            // The `\r` of a CRLF line (or a last line) is no field's text.
            if slice.last() == Some(&b'\r')
                && let Some(last) = self.fields.last_mut()
            {
                last.end -= 1;
                self.len -= 1;
            }
        }
        self.reader.get_mut().keep = end.byte();
        if first && skipped > 0 {
            self.pending = true;
            return Ok(Next::Blank);
        }
        Ok(Next::Record)
    }

    /// The record just read, its text checked as UTF-8.
    fn current(&self) -> Result<Record<'_>, RecordError> {
        let text = if self.quoted {
            self.scratch.as_str()
        } else {
            let bytes = &self.record.as_slice()[..self.len];
            std::str::from_utf8(bytes).map_err(|e| {
                let bad = e.valid_up_to();
                // The commas before the bad byte are on the line too.
                let commas = self.fields.iter().take_while(|f| f.end <= bad).count();
                RecordError::Utf8 {
                    line: self.line,
                    column: char_count_bytes(&bytes[..bad]) + commas + 1,
                    byte: bytes[bad],
                }
            })?
        };
        Ok(Record {
            text,
            fields: &self.fields,
            columns: &self.columns,
            inner: &self.inner,
            plain: !self.quoted,
            line: self.line,
        })
    }

    /// What a failed read means: input that cannot be read, or a record
    /// that outgrew the window.
    fn read_error(&self, e: csv::Error) -> RecordError {
        let csv::ErrorKind::Io(e) = e.into_kind() else {
            return RecordError::Io("the CSV could not be read".into());
        };
        if !e.get_ref().is_some_and(|inner| inner.is::<TooLong>()) {
            return RecordError::Io(e.to_string());
        }
        // The record being read starts where the last one ended, after
        // any blank lines.
        let window = self.reader.get_ref();
        let at = self.reader.position();
        let raw = window.bytes(window.keep, u64::MAX);
        let skipped = raw.iter().take_while(|&&b| b == b'\n').count();
        let raw = &raw[skipped..];
        let line = at.line() + skipped as u64;
        // A quote error in what was read comes first.
        let mut parts = (Vec::new(), Vec::new(), Vec::new(), String::new());
        let parts = Parts {
            fields: &mut parts.0,
            columns: &mut parts.1,
            inner: &mut parts.2,
            scratch: &mut parts.3,
        };
        match quoted(raw, line, parts) {
            Err(e @ RecordError::Quote { .. }) => e,
            _ => RecordError::TooLong { line },
        }
    }
}

/// Where [`quoted`] puts a record.
struct Parts<'a> {
    fields: &'a mut Vec<Range<usize>>,
    columns: &'a mut Vec<usize>,
    inner: &'a mut Vec<usize>,
    scratch: &'a mut String,
}

/// A record with quotes, read again from its bytes `raw` (from its first
/// line on) as RFC 4180 says, strictly: a quote inside an unquoted field,
/// text after a closing quote or a quoted field left open is an error,
/// placed on the line it is on. Fields may run over several lines.
// Long: one byte-level state machine for RFC 4180; splitting it hides the states.
fn quoted(raw: &[u8], start_line: u64, p: Parts<'_>) -> Result<(), RecordError> {
    p.fields.clear();
    p.columns.clear();
    p.inner.clear();
    let too_long = || RecordError::TooLong { line: start_line };
    let mut out: Vec<u8> = Vec::new();
    let mut column = 1usize;
    let mut line = start_line;
    let mut i = 0;
    // Where each line of the record starts in `out`, to place a bad byte
    // found after the first line.
    let mut line_starts: Vec<usize> = Vec::new();
    'fields: loop {
        if i > MAX_RECORD {
            return Err(too_long());
        }
        p.fields.push(out.len()..out.len());
        p.columns.push(column);
        p.inner.push(column);
        let field = p.fields.len() - 1;
        let Some(&first) = raw.get(i) else {
            break 'fields;
        };
        if first == b'"' {
            i += 1;
            column += 1;
            p.inner[field] = column;
            loop {
                if i > MAX_RECORD {
                    return Err(too_long());
                }
                let Some(&b) = raw.get(i) else {
                    return Err(RecordError::Unterminated { line: start_line });
                };
                if b == b'"' {
                    if raw.get(i + 1) == Some(&b'"') {
                        out.push(b'"');
                        i += 2;
                        column += 2;
                        continue;
                    }
                    i += 1;
                    column += 1;
                    break;
                }
                if b == b'\n' {
                    line += 1;
                    column = 1;
                    line_starts.push(out.len() + 1);
                } else if b & 0xC0 != 0x80 {
                    column += 1;
                }
                out.push(b);
                i += 1;
            }
            p.fields[field].end = out.len();
            // After the closing quote: a comma, the end of the line, or
            // the end of the input.
            match raw.get(i) {
                Some(b',') => {
                    i += 1;
                    column += 1;
                    continue 'fields;
                }
                Some(b'\n') | None => break 'fields,
                Some(b'\r') if raw.get(i + 1) == Some(&b'\n') => break 'fields,
                Some(_) => return Err(RecordError::Quote { line, column }),
            }
        }
        loop {
            if i > MAX_RECORD {
                return Err(too_long());
            }
            let Some(&b) = raw.get(i) else {
                p.fields[field].end = out.len();
                break 'fields;
            };
            match b {
                b',' => {
                    p.fields[field].end = out.len();
                    i += 1;
                    column += 1;
                    continue 'fields;
                }
                b'\n' => {
                    if out.len() > p.fields[field].start && out.last() == Some(&b'\r') {
                        out.pop();
                    }
                    p.fields[field].end = out.len();
                    break 'fields;
                }
                b'"' => return Err(RecordError::Quote { line, column }),
                _ => {
                    if b & 0xC0 != 0x80 {
                        column += 1;
                    }
                    out.push(b);
                    i += 1;
                }
            }
        }
    }
    *p.scratch = String::from_utf8(out).map_err(|e| {
        // Columns are those of the first line's original text; on a later
        // line (inside a quoted field), counted from its start.
        let bad = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let byte = bytes[bad];
        match line_starts.iter().rposition(|&at| at <= bad) {
            // Approximate: text on that line outside the field is not in
            // `out`.
            Some(n) => RecordError::Utf8 {
                line: start_line + n as u64 + 1,
                column: char_count_bytes(&bytes[line_starts[n]..bad]) + 1,
                byte,
            },
            None => {
                let field = p.fields.iter().rposition(|f| f.start <= bad).unwrap_or(0);
                let before = &bytes[p.fields[field].start..bad];
                RecordError::Utf8 {
                    line: start_line,
                    column: p.inner[field] + inner_offset(before),
                    byte,
                }
            }
        }
    })?;
    Ok(())
}

/// Characters in `b`, whose bytes are UTF-8 up to its end (the bytes that
/// do not continue a character).
fn char_count_bytes(b: &[u8]) -> usize {
    b.iter().filter(|&&c| c & 0xC0 != 0x80).count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn read_all(bytes: &[u8], chunk: usize) -> Result<Vec<(u64, Vec<String>)>, RecordError> {
        /// Hands out at most `chunk` bytes a read, to cross buffer edges.
        struct Trickle<'a>(&'a [u8], usize);
        impl Read for Trickle<'_> {
            fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
                let n = self.0.len().min(out.len()).min(self.1);
                out[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let mut r = Records::new(Trickle(bytes, chunk));
        let mut all = Vec::new();
        while let Some(rec) = r.next_record()? {
            let fields = (0..rec.len())
                .map(|i| rec.get(i).unwrap().to_string())
                .collect();
            all.push((rec.line, fields));
        }
        Ok(all)
    }

    #[test]
    fn plain_rows_and_columns() {
        let text = "a,b,c\n1,,é3\r\nx,y,z";
        let mut r = Records::new(text.as_bytes());
        let rec = r.next_record().unwrap().unwrap();
        assert_eq!(
            (rec.get(0), rec.get(2), rec.line),
            (Some("a"), Some("c"), 1)
        );
        let rec = r.next_record().unwrap().unwrap();
        assert_eq!(rec.get(2), Some("é3"));
        assert_eq!(rec.column(2), 4);
        let rec = r.next_record().unwrap().unwrap();
        assert_eq!((rec.get(2), rec.line), (Some("z"), 3));
        assert!(r.next_record().unwrap().is_none());
    }

    #[test]
    fn quoted_fields() {
        let text = "at,user\n\"2026\",\"o\"\"brien, jr\nsecond line\"\nnext,\"x\"\r\n";
        let all = read_all(text.as_bytes(), 3).unwrap();
        assert_eq!(all[1].1, ["2026", "o\"brien, jr\nsecond line"]);
        assert_eq!(all[1].0, 2);
        assert_eq!(all[2], (4, vec!["next".to_string(), "x".to_string()]));
        assert!(matches!(
            read_all(b"a,\"b", 2),
            Err(RecordError::Unterminated { line: 1 })
        ));
        assert!(matches!(
            read_all(b"a,b\"c\n", 2),
            Err(RecordError::Quote { .. })
        ));
        assert!(matches!(
            read_all(b"\"a\"b,c\n", 2),
            Err(RecordError::Quote { .. })
        ));
        assert!(matches!(
            read_all(b"ok\n\xff\xfe,x\n", 64),
            Err(RecordError::Utf8 {
                line: 2,
                column: 1,
                byte: 0xff
            })
        ));
    }

    fn field() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-z0-9@.:-]{0,12}",
            "[a-z ,\"\n\r]{0,8}",
            "[é€\u{1F600}a]{0,4}",
        ]
    }

    fn quote(f: &str) -> String {
        if f.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", f.replace('"', "\"\""))
        } else {
            f.to_string()
        }
    }

    proptest! {
        /// Whatever is written, this reader and the csv crate read the
        /// same records, whatever the size of the reads.
        #[test]
        fn agrees_with_the_csv_crate(
            rows in prop::collection::vec(prop::collection::vec(field(), 1..5), 1..12),
            chunk in 1usize..40,
            crlf in any::<bool>(),
        ) {
            let eol = if crlf { "\r\n" } else { "\n" };
            let text: String = rows
                .iter()
                .map(|r| r.iter().map(|f| quote(f)).collect::<Vec<_>>().join(",") + eol)
                .collect();
            let ours = read_all(text.as_bytes(), chunk).unwrap();
            let mut theirs = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(text.as_bytes());
            let theirs: Vec<Vec<String>> = theirs
                .records()
                .map(|r| r.unwrap().iter().map(str::to_string).collect())
                .collect();
            let ours: Vec<Vec<String>> = ours
                .into_iter()
                .map(|(_, f)| f)
                // The csv crate skips empty lines; a line of one empty
                // unquoted field is an empty line.
                .filter(|f| !(f.len() == 1 && f[0].is_empty()))
                .collect();
            let theirs: Vec<Vec<String>> = theirs
                .into_iter()
                .filter(|f| !(f.len() == 1 && f[0].is_empty()))
                .collect();
            prop_assert_eq!(ours, theirs);
        }
    }
}
