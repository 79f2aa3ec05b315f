//! A streaming RFC 4180 CSV record reader, tuned for timelines.
//!
//! Why not the `csv` crate: on a million-row timeline its general state
//! machine was the largest single cost of `simulate`. Timeline rows almost
//! never contain quotes, so this reader finds each line with `memchr`,
//! splits it on commas, and validates UTF-8 once per line; only a line with
//! a quote takes the full RFC 4180 path (quoted fields with `""` escapes,
//! commas and line breaks inside quotes). Property tests hold it to the
//! `csv` crate's reading of the same bytes.

use std::io::Read;
use std::ops::Range;

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

pub struct Records<R> {
    input: R,
    buf: Vec<u8>,
    /// Unread bytes are `buf[pos..end]`.
    pos: usize,
    end: usize,
    eof: bool,
    /// The line the next record starts on (1-based).
    line: u64,
    /// The current record: its fields, as ranges into `text`.
    fields: Vec<Range<usize>>,
    /// Where fields of a quoted record start in the original line(s), in
    /// characters (1-based); empty for a plain record.
    columns: Vec<usize>,
    /// Where the text of each field of a quoted record starts (after its
    /// opening quote, if any), in characters (1-based).
    inner: Vec<usize>,
    /// Unescaped text of a quoted record.
    scratch: String,
}

/// One record, borrowed from the reader.
pub struct Record<'r> {
    text: &'r str,
    fields: &'r [Range<usize>],
    columns: &'r [usize],
    inner: &'r [usize],
    /// The line the record starts on.
    pub line: u64,
}

impl<'r> Record<'r> {
    pub fn len(&self) -> usize {
        self.fields.len()
    }

    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    /// The text of every field: the line itself for a record without
    /// quotes, else the fields' unescaped text one after another.
    pub fn text(&self) -> &'r str {
        self.text
    }

    pub fn get(&self, i: usize) -> Option<&'r str> {
        self.fields.get(i).map(|r| &self.text[r.clone()])
    }

    /// The column (in characters, 1-based) where field `i` starts.
    pub fn column(&self, i: usize) -> usize {
        if let Some(c) = self.columns.get(i) {
            return *c; // a quoted record: measured on the original line
        }
        match self.fields.get(i) {
            Some(f) => char_count(&self.text[..f.start]) + 1,
            None => 1,
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

const CHUNK: usize = 1 << 16;

/// The longest record read, in bytes: a timeline row is a few dozen, and a
/// bound keeps one endless line (a CSV of `/dev/zero`) from growing the
/// buffer without end.
pub const MAX_RECORD: usize = 1 << 20;

/// [`MAX_RECORD`] as a person reads it.
pub const MAX_RECORD_SHOWN: &str = "1 MiB";

impl<R: Read> Records<R> {
    pub fn new(input: R) -> Self {
        Records {
            input,
            buf: vec![0; CHUNK],
            pos: 0,
            end: 0,
            eof: false,
            line: 1,
            fields: Vec::with_capacity(16),
            columns: Vec::with_capacity(16),
            inner: Vec::new(),
            scratch: String::new(),
        }
    }

    /// Read more input, keeping the unread bytes. False at the end.
    fn fill(&mut self) -> Result<bool, RecordError> {
        if self.eof {
            return Ok(false);
        }
        if self.pos > 0 {
            self.buf.copy_within(self.pos..self.end, 0);
            self.end -= self.pos;
            self.pos = 0;
        }
        if self.end == self.buf.len() {
            let grown = self.buf.len() * 2;
            self.buf.resize(grown, 0);
        }
        loop {
            match self.input.read(&mut self.buf[self.end..]) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(false);
                }
                Ok(n) => {
                    self.end += n;
                    return Ok(true);
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(RecordError::Io(e.to_string())),
            }
        }
    }

    /// The next record, or `None` at the end of the input.
    pub fn next_record(&mut self) -> Result<Option<Record<'_>>, RecordError> {
        // Find a whole line.
        let nl = loop {
            if let Some(i) = memchr::memchr(b'\n', &self.buf[self.pos..self.end]) {
                break Some(self.pos + i);
            }
            if self.end - self.pos > MAX_RECORD {
                return Err(RecordError::TooLong { line: self.line });
            }
            if !self.fill()? {
                break None;
            }
        };
        let (start, line_end, next) = match nl {
            Some(i) => (self.pos, i, i + 1),
            None if self.pos < self.end => (self.pos, self.end, self.end),
            None => return Ok(None),
        };
        if line_end - start > MAX_RECORD {
            return Err(RecordError::TooLong { line: self.line });
        }
        let record_line = self.line;
        // Commas and quotes, found with SIMD: most lines have no quote.
        let bytes = &self.buf[start..line_end];
        let trimmed = if bytes.last() == Some(&b'\r') {
            bytes.len() - 1
        } else {
            bytes.len()
        };
        self.fields.clear();
        let mut quoted = false;
        let mut field_start = 0;
        for i in memchr::memchr2_iter(b',', b'"', &bytes[..trimmed]) {
            if bytes[i] == b'"' {
                quoted = true;
                break;
            }
            self.fields.push(field_start..i);
            field_start = i + 1;
        }
        if quoted {
            self.quoted()?;
            return Ok(Some(Record {
                text: &self.scratch,
                fields: &self.fields,
                columns: &self.columns,
                inner: &self.inner,
                line: record_line,
            }));
        }
        self.fields.push(field_start..trimmed);
        // Columns are worked out only if an error needs one.
        self.columns.clear();
        self.inner.clear();
        self.pos = next;
        self.line += 1;
        // The one UTF-8 check of the line.
        let line = &self.buf[start..start + trimmed];
        let text = std::str::from_utf8(line).map_err(|e| {
            let bad = e.valid_up_to();
            RecordError::Utf8 {
                line: record_line,
                column: char_count_bytes(&line[..bad]) + 1,
                byte: line[bad],
            }
        })?;
        Ok(Some(Record {
            text,
            fields: &self.fields,
            columns: &self.columns,
            inner: &self.inner,
            line: record_line,
        }))
    }

    /// The full RFC 4180 path for a record with quotes, which may run over
    /// several lines.
    // Long: one byte-level state machine for RFC 4180; splitting it would cost per byte.
    fn quoted(&mut self) -> Result<(), RecordError> {
        self.fields.clear();
        self.columns.clear();
        self.inner.clear();
        let mut out: Vec<u8> = Vec::new();
        let mut column = 1usize;
        let mut i = self.pos;
        let start_line = self.line;
        // Where each line of the record starts in `out`, to place a bad
        // byte found after the first line.
        let mut line_starts: Vec<usize> = Vec::new();
        'fields: loop {
            if i - self.pos > MAX_RECORD {
                return Err(RecordError::TooLong { line: start_line });
            }
            self.fields.push(out.len()..out.len());
            self.columns.push(column);
            self.inner.push(column);
            let field = self.fields.len() - 1;
            // Make sure there is a byte to look at.
            if i >= self.end {
                let consumed = i - self.pos;
                if !self.fill()? {
                    self.pos = self.end;
                    break 'fields;
                }
                i = self.pos + consumed;
            }
            if self.buf[i] == b'"' {
                i += 1;
                column += 1;
                self.inner[field] = column;
                loop {
                    if i >= self.end {
                        let consumed = i - self.pos;
                        if consumed > MAX_RECORD {
                            return Err(RecordError::TooLong { line: start_line });
                        }
                        if !self.fill()? {
                            return Err(RecordError::Unterminated { line: start_line });
                        }
                        i = self.pos + consumed;
                        continue;
                    }
                    let b = self.buf[i];
                    if b == b'"' {
                        if i + 1 >= self.end {
                            let consumed = i - self.pos;
                            self.fill()?;
                            i = self.pos + consumed;
                        }
                        if self.buf.get(i + 1).filter(|_| i + 1 < self.end) == Some(&b'"') {
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
                        self.line += 1;
                        column = 1;
                        line_starts.push(out.len() + 1);
                    } else if b & 0xC0 != 0x80 {
                        column += 1;
                    }
                    out.push(b);
                    i += 1;
                }
                self.fields[field].end = out.len();
                // After the closing quote: a comma, the end of the line, or
                // the end of the input.
                if i + 1 >= self.end {
                    let consumed = i - self.pos;
                    self.fill()?;
                    i = self.pos + consumed;
                }
                match self.buf.get(i).filter(|_| i < self.end) {
                    Some(b',') => {
                        i += 1;
                        column += 1;
                        continue 'fields;
                    }
                    Some(b'\n') => {
                        i += 1;
                        break 'fields;
                    }
                    Some(b'\r') if self.buf.get(i + 1) == Some(&b'\n') && i + 1 < self.end => {
                        i += 2;
                        break 'fields;
                    }
                    None => break 'fields,
                    Some(_) => {
                        return Err(RecordError::Quote {
                            line: self.line,
                            column,
                        });
                    }
                }
            } else {
                loop {
                    if i >= self.end {
                        let consumed = i - self.pos;
                        if consumed > MAX_RECORD {
                            return Err(RecordError::TooLong { line: start_line });
                        }
                        if !self.fill()? {
                            self.fields[field].end = out.len();
                            break 'fields;
                        }
                        i = self.pos + consumed;
                        continue;
                    }
                    let b = self.buf[i];
                    match b {
                        b',' => {
                            self.fields[field].end = out.len();
                            i += 1;
                            column += 1;
                            continue 'fields;
                        }
                        b'\n' => {
                            if out.len() > self.fields[field].start && out.last() == Some(&b'\r') {
                                out.pop();
                            }
                            self.fields[field].end = out.len();
                            i += 1;
                            break 'fields;
                        }
                        b'"' => {
                            return Err(RecordError::Quote {
                                line: self.line,
                                column,
                            });
                        }
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
        }
        self.pos = i.min(self.end);
        self.line += 1;
        self.scratch = String::from_utf8(out).map_err(|e| {
            // Columns are those of the first line's original text; on a
            // later line (inside a quoted field), counted from its start.
            let bad = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let byte = bytes[bad];
            let later = line_starts.iter().rposition(|&at| at <= bad);
            match later {
                // Approximate: text on that line outside the field is not
                // in `out`.
                Some(n) => RecordError::Utf8 {
                    line: start_line + n as u64 + 1,
                    column: char_count_bytes(&bytes[line_starts[n]..bad]) + 1,
                    byte,
                },
                None => {
                    let field = self
                        .fields
                        .iter()
                        .rposition(|f| f.start <= bad)
                        .unwrap_or(0);
                    let before = &bytes[self.fields[field].start..bad];
                    RecordError::Utf8 {
                        line: start_line,
                        column: self.inner[field] + inner_offset(before),
                        byte,
                    }
                }
            }
        })?;
        Ok(())
    }
}

/// Characters in `b`, whose bytes are UTF-8 up to its end (the bytes that
/// do not continue a character).
fn char_count_bytes(b: &[u8]) -> usize {
    b.iter().filter(|&&c| c & 0xC0 != 0x80).count()
}

fn char_count(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    }
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
