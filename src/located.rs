//! Documents whose every key and value knows where it stands in its file.
//!
//! Scenario and policy files come as TOML or JSON; both are read into the
//! same tree of [`Node`]s carrying byte spans, so that every error can say
//! `FILE:LINE:COLUMN` and point at the offending value, and so that unknown
//! and duplicate keys are caught in both formats alike. TOML is parsed by
//! the `toml` crate's spanned parser, a file's `[[NAME]]` sections a batch
//! at a time (`sections`), since the crate holds many times a whole
//! document's size while it parses; JSON by the small parser below, which
//! also refuses duplicate keys (serde_json would keep the last silently).

mod sections;

use std::ops::Range;

use crate::error::{Code, Location, Violation};

/// A parsed value with the bytes it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    span: Span,
}

impl Node {
    pub fn new(value: Value, span: Range<usize>) -> Self {
        Node {
            value,
            span: Span::from(span),
        }
    }

    /// The bytes the value came from.
    pub fn span(&self) -> Range<usize> {
        self.span.range()
    }
}

/// A byte range in 8 bytes rather than a `Range<usize>`'s 16: a file is
/// at most 64 MiB ([`crate::input::MAX_BYTES`]), and a large one holds a
/// few million nodes and keys.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Span {
    start: u32,
    end: u32,
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Self {
        // Past 4 GiB, which no input reaches, every position is the last.
        let at = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Span {
            start: at(r.start),
            end: at(r.end),
        }
    }
}

impl Span {
    fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

impl std::fmt::Debug for Span {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.range().fmt(f)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    /// A TOML integer outside the range of i64, as written: still an
    /// integer to whoever reads it, never a string.
    BigInt(String),
    Float(f64),
    Str(Text),
    /// A TOML date-time, as written.
    Datetime(Text),
    Array(Vec<Node>),
    Table(Vec<(Key, Node)>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    pub name: Text,
    span: Span,
}

impl Key {
    pub fn new(name: Text, span: Range<usize>) -> Self {
        Key {
            name,
            span: Span::from(span),
        }
    }

    /// The bytes the key came from, quotes included.
    pub fn span(&self) -> Range<usize> {
        self.span.range()
    }
}

/// A string read from a file. Most keys and values are short, and a large
/// file holds millions of them: up to [`Text::INLINE`] bytes are kept in
/// place, sparing an allocation (at least 32 bytes with its header) each.
/// Reads as a `&str`.
#[derive(Clone)]
pub struct Text(Repr);

#[derive(Clone)]
enum Repr {
    Inline { len: u8, bytes: [u8; Text::INLINE] },
    Heap(Box<str>),
}

impl Text {
    /// The longest string kept in place: what fits beside the length and
    /// the tag in the 24 bytes a `String` takes.
    pub const INLINE: usize = 22;

    pub fn as_str(&self) -> &str {
        match &self.0 {
            // Always whole characters: copied from a `&str` in one piece.
            Repr::Inline { len, bytes } => {
                std::str::from_utf8(&bytes[..usize::from(*len)]).unwrap_or_default()
            }
            Repr::Heap(s) => s,
        }
    }

    /// The bytes, without checking them again as UTF-8: what comparing
    /// keys by name needs, many times a table.
    fn as_bytes(&self) -> &[u8] {
        match &self.0 {
            Repr::Inline { len, bytes } => &bytes[..usize::from(*len)],
            Repr::Heap(s) => s.as_bytes(),
        }
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        if s.len() <= Text::INLINE {
            let mut bytes = [0; Text::INLINE];
            bytes[..s.len()].copy_from_slice(s.as_bytes());
            Text(Repr::Inline {
                len: s.len() as u8,
                bytes,
            })
        } else {
            Text(Repr::Heap(s.into()))
        }
    }
}

impl From<String> for Text {
    fn from(s: String) -> Self {
        if s.len() <= Text::INLINE {
            Text::from(s.as_str())
        } else {
            Text(Repr::Heap(s.into_boxed_str()))
        }
    }
}

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl Eq for Text {}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Value {
    /// The type's name as a person reads it in an error.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Int(_) | Value::BigInt(_) => "an integer",
            Value::Float(_) => "a float",
            Value::Str(_) => "a string",
            Value::Datetime(_) => "a date-time",
            Value::Array(_) => "an array",
            Value::Table(_) => "a table",
        }
    }
}

/// One input file: its name as the user gave it, and its text.
pub struct Doc<'a> {
    pub file: String,
    pub text: &'a str,
    /// Where each line starts, worked out at the first position asked
    /// for: a file read without error never needs it.
    line_starts: std::sync::OnceLock<Vec<usize>>,
}

impl<'a> Doc<'a> {
    pub fn new(file: impl Into<String>, text: &'a str) -> Self {
        Doc {
            file: file.into(),
            text,
            line_starts: std::sync::OnceLock::new(),
        }
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            let mut starts = vec![0];
            starts.extend(memchr::memchr_iter(b'\n', self.text.as_bytes()).map(|i| i + 1));
            starts
        })
    }

    /// The line (1-based) of a byte offset: a binary search, cheap enough
    /// to call for every value of a large file, unlike [`Doc::location`].
    pub fn line(&self, byte: usize) -> usize {
        let byte = byte.min(self.text.len());
        self.line_starts().partition_point(|&s| s <= byte)
    }

    /// Line and column (1-based, in characters) of a byte offset. The
    /// column costs a count of the characters before it on its line, so
    /// this is for building errors, not for every value read.
    pub fn location(&self, byte: usize) -> Location {
        let byte = byte.min(self.text.len());
        let line = self.line(byte);
        let start = self.line_starts()[line - 1];
        let column = self
            .text
            .get(start..byte)
            .map_or(1, |s| s.chars().count() + 1);
        Location {
            file: self.file.clone(),
            line,
            column: Some(column),
        }
    }

    /// A violation pointing at `span`.
    pub fn error(&self, code: Code, span: &Range<usize>, message: impl Into<String>) -> Violation {
        Violation::new(code, message).at(self.location(span.start))
    }

    /// A violation from the rules, pointing at `span`.
    pub fn locate(&self, v: Violation, span: &Range<usize>) -> Violation {
        v.at(self.location(span.start))
    }

    /// Parse JSON or TOML into a located tree.
    pub fn parse(&self, json: bool) -> Result<Node, Violation> {
        if json {
            self.parse_json()
        } else {
            self.parse_toml()
        }
    }

    /// Parse TOML into a located tree.
    ///
    /// A file of many `[[NAME]]` sections is read a batch of sections at a
    /// time (see `sections`), to the very tree the whole parse gives; any
    /// other, and any with an error, is parsed whole.
    pub fn parse_toml(&self) -> Result<Node, Violation> {
        match sections::parse(self.text, sections::BATCH) {
            Some(node) => Ok(node),
            None => self.parse_toml_whole(),
        }
    }

    fn parse_toml_whole(&self) -> Result<Node, Violation> {
        use toml::de::DeTable;
        let parsed = DeTable::parse(self.text).map_err(|e| {
            let at = e.span().map_or(0, |s| s.start);
            // The parser's message may quote a key of any length: cut short
            // and escaped like any value from the file.
            let msg = e.message().trim().trim_end_matches('.');
            let msg = crate::text::escape(&crate::text::cut(msg)).into_owned();
            Violation::new(Code::Syntax, format!("invalid TOML: {msg}")).at(self.location(at))
        })?;
        let span = parsed.span();
        Ok(Node::new(toml_table(parsed.into_inner(), 0), span))
    }

    /// Parse JSON into a located tree.
    pub fn parse_json(&self) -> Result<Node, Violation> {
        let mut p = JsonParser {
            doc: self,
            bytes: self.text.as_bytes(),
            pos: 0,
            depth: 0,
        };
        p.skip_ws();
        let node = p.value()?;
        p.skip_ws();
        if p.pos < p.bytes.len() {
            return Err(p.err("unexpected text after the JSON value"));
        }
        Ok(node)
    }
}

/// A parsed table as a [`Value`], its spans moved on by `offset`: the
/// bytes before the text it was parsed from.
fn toml_table(t: toml::de::DeTable<'_>, offset: usize) -> Value {
    // Allocated once at its size: collecting the map's iterator would
    // leave room for at least four entries, most of a large file's tables
    // having fewer.
    let mut entries = Vec::with_capacity(t.len());
    entries.extend(t.into_iter().map(|(k, v)| {
        let span = k.span();
        let key = Key::new(
            Text::from(&**k.get_ref()),
            span.start + offset..span.end + offset,
        );
        (key, toml_node(v, offset))
    }));
    Value::Table(entries)
}

fn toml_node(v: toml::Spanned<toml::de::DeValue<'_>>, offset: usize) -> Node {
    use toml::de::DeValue;
    let span = v.span();
    let span = span.start + offset..span.end + offset;
    let value = match v.into_inner() {
        DeValue::String(s) => Value::Str(Text::from(&*s)),
        DeValue::Integer(i) => {
            let digits = i.as_str().replace('_', "");
            let digits = digits
                .trim_start_matches("0x")
                .trim_start_matches("0o")
                .trim_start_matches("0b");
            match i64::from_str_radix(digits, i.radix()) {
                Ok(n) => Value::Int(n),
                // The parser hands over the digits without their prefix.
                Err(_) => Value::BigInt(match i.radix() {
                    16 => format!("0x{}", i.as_str()),
                    8 => format!("0o{}", i.as_str()),
                    2 => format!("0b{}", i.as_str()),
                    _ => i.as_str().to_string(),
                }),
            }
        }
        DeValue::Float(f) => Value::Float(f.as_str().replace('_', "").parse().unwrap_or(f64::NAN)),
        DeValue::Boolean(b) => Value::Bool(b),
        DeValue::Datetime(d) => Value::Datetime(Text::from(d.to_string())),
        DeValue::Array(a) => {
            let mut items = Vec::with_capacity(a.len());
            items.extend(a.into_iter().map(|v| toml_node(v, offset)));
            Value::Array(items)
        }
        DeValue::Table(t) => toml_table(t, offset),
    };
    Node::new(value, span)
}

const MAX_DEPTH: usize = 128;

/// Up to this many keys, an object's keys are checked for duplicates by
/// looking through them: cheaper than a set for the small objects that
/// make up most files.
const LOOK_THROUGH: usize = 16;

struct JsonParser<'d, 'a> {
    doc: &'d Doc<'a>,
    bytes: &'a [u8],
    pos: usize,
    depth: usize,
}

impl JsonParser<'_, '_> {
    fn err(&self, msg: &str) -> Violation {
        Violation::new(Code::Syntax, format!("invalid JSON: {msg}")).at(self.doc.location(self.pos))
    }

    fn skip_ws(&mut self) {
        // A byte-order mark at the very start (Windows tools write one).
        if self.pos == 0 && self.bytes.starts_with("\u{feff}".as_bytes()) {
            self.pos = 3;
        }
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    fn expect(&mut self, word: &str) -> Result<(), Violation> {
        if self.bytes[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(())
        } else {
            Err(self.err("expected a value"))
        }
    }

    fn value(&mut self) -> Result<Node, Violation> {
        let start = self.pos;
        let value = match self.bytes.get(self.pos) {
            None => return Err(self.err("unexpected end of input")),
            Some(b'{') => self.object()?,
            Some(b'[') => self.array()?,
            Some(b'"') => Value::Str(self.string()?),
            Some(b't') => {
                self.expect("true")?;
                Value::Bool(true)
            }
            Some(b'f') => {
                self.expect("false")?;
                Value::Bool(false)
            }
            Some(b'n') => {
                self.expect("null")?;
                Value::Null
            }
            Some(b'-' | b'0'..=b'9') => self.number()?,
            Some(_) => return Err(self.err("expected a value")),
        };
        Ok(Node::new(value, start..self.pos))
    }

    fn nest(&mut self) -> Result<(), Violation> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            Err(self.err("nested too deeply"))
        } else {
            Ok(())
        }
    }

    fn object(&mut self) -> Result<Value, Violation> {
        self.nest()?;
        self.pos += 1;
        let mut entries: Vec<(Key, Node)> = Vec::new();
        // The names so far, once there are too many to look through.
        let mut names: Option<std::collections::HashSet<String>> = None;
        self.skip_ws();
        if self.bytes.get(self.pos) == Some(&b'}') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(Value::Table(entries));
        }
        loop {
            self.skip_ws();
            if self.bytes.get(self.pos) != Some(&b'"') {
                return Err(self.err("expected a key in double quotes"));
            }
            let kstart = self.pos;
            let name = self.string()?;
            let key = Key::new(name, kstart..self.pos);
            let seen = match &mut names {
                Some(names) => !names.insert(key.name.to_string()),
                None => entries.iter().any(|(k, _)| k.name == key.name),
            };
            if seen {
                self.pos = kstart;
                return Err(self.err(&format!("duplicate key {}", crate::text::shown(&key.name))));
            }
            self.skip_ws();
            if self.bytes.get(self.pos) != Some(&b':') {
                return Err(self.err("expected ':' after the key"));
            }
            self.pos += 1;
            self.skip_ws();
            let value = self.value()?;
            entries.push((key, value));
            if names.is_none() && entries.len() >= LOOK_THROUGH {
                names = Some(entries.iter().map(|(k, _)| k.name.to_string()).collect());
            }
            self.skip_ws();
            match self.bytes.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    self.depth -= 1;
                    // A vector grows by doubling: a large file's millions of
                    // small objects would otherwise keep up to half spare.
                    entries.shrink_to_fit();
                    return Ok(Value::Table(entries));
                }
                _ => return Err(self.err("expected ',' or '}'")),
            }
        }
    }

    fn array(&mut self) -> Result<Value, Violation> {
        self.nest()?;
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.bytes.get(self.pos) == Some(&b']') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(Value::Array(items));
        }
        loop {
            self.skip_ws();
            items.push(self.value()?);
            self.skip_ws();
            match self.bytes.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    self.depth -= 1;
                    items.shrink_to_fit();
                    return Ok(Value::Array(items));
                }
                _ => return Err(self.err("expected ',' or ']'")),
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, Violation> {
        let s = self
            .bytes
            .get(self.pos..self.pos + 4)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .ok_or_else(|| self.err("bad \\u escape"))?;
        self.pos += 4;
        Ok(s)
    }

    fn string(&mut self) -> Result<Text, Violation> {
        self.pos += 1; // the opening quote
        let mut out = String::new();
        loop {
            let run = self.pos;
            while let Some(&b) = self.bytes.get(self.pos) {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            // The input is a &str, so any run of whole bytes between ASCII
            // delimiters is valid UTF-8.
            let piece = std::str::from_utf8(&self.bytes[run..self.pos]).unwrap_or_default();
            match self.bytes.get(self.pos) {
                None => return Err(self.err("unterminated string")),
                Some(b'"') => {
                    self.pos += 1;
                    // Most strings have no escape: read in one piece.
                    if out.is_empty() {
                        return Ok(Text::from(piece));
                    }
                    out.push_str(piece);
                    return Ok(Text::from(out));
                }
                Some(b'\\') => {
                    out.push_str(piece);
                    self.pos += 1;
                    let c = match self.bytes.get(self.pos) {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.pos += 1;
                            let hi = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&hi) {
                                if !self.bytes[self.pos..].starts_with(b"\\u") {
                                    return Err(self.err("unpaired surrogate"));
                                }
                                self.pos += 2;
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return Err(self.err("unpaired surrogate"));
                                }
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            } else {
                                hi
                            };
                            out.push(
                                char::from_u32(code).ok_or_else(|| self.err("bad \\u escape"))?,
                            );
                            continue;
                        }
                        _ => return Err(self.err("bad escape")),
                    };
                    out.push(c);
                    self.pos += 1;
                }
                Some(_) => return Err(self.err("control character in a string")),
            }
        }
    }

    fn number(&mut self) -> Result<Value, Violation> {
        let start = self.pos;
        let digits = |p: &mut Self| {
            let s = p.pos;
            while p.bytes.get(p.pos).is_some_and(u8::is_ascii_digit) {
                p.pos += 1;
            }
            p.pos > s
        };
        if self.bytes.get(self.pos) == Some(&b'-') {
            self.pos += 1;
        }
        if self.bytes.get(self.pos) == Some(&b'0') {
            self.pos += 1;
        } else if !digits(self) {
            return Err(self.err("bad number"));
        }
        let mut float = false;
        if self.bytes.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            float = true;
            if !digits(self) {
                return Err(self.err("bad number"));
            }
        }
        if let Some(b'e' | b'E') = self.bytes.get(self.pos) {
            self.pos += 1;
            float = true;
            if let Some(b'+' | b'-') = self.bytes.get(self.pos) {
                self.pos += 1;
            }
            if !digits(self) {
                return Err(self.err("bad number"));
            }
        }
        let text = std::str::from_utf8(&self.bytes[start..self.pos]).unwrap_or("0");
        if !float && let Ok(n) = text.parse::<i64>() {
            return Ok(Value::Int(n));
        }
        Ok(Value::Float(text.parse().unwrap_or(f64::NAN)))
    }
}

/// Reads a table's keys by name, then reports the ones nobody asked for.
pub struct Fields<'n> {
    entries: &'n [(Key, Node)],
    used: Vec<bool>,
}

impl<'n> Fields<'n> {
    pub fn new(entries: &'n [(Key, Node)]) -> Self {
        Fields {
            entries,
            used: vec![false; entries.len()],
        }
    }

    pub fn take(&mut self, name: &str) -> Option<&'n Node> {
        let i = self.entries.iter().position(|(k, _)| k.name == name)?;
        self.used[i] = true;
        Some(&self.entries[i].1)
    }

    /// The key entry itself (for pointing at the key).
    pub fn key(&self, name: &str) -> Option<&'n Key> {
        self.entries
            .iter()
            .find(|(k, _)| k.name == name)
            .map(|(k, _)| k)
    }

    /// Keys that were never taken.
    pub fn unknown(&self) -> impl Iterator<Item = &'n Key> + '_ {
        self.entries
            .iter()
            .zip(&self.used)
            .filter(|(_, u)| !**u)
            .map(|((k, _), _)| k)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_values_carry_their_positions() {
        let text = "{\n  \"a\": [1, 2.5, true, null],\n  \"b\": \"x\\u00e9\\n\"\n}";
        let doc = Doc::new("f.json", text);
        let n = doc.parse_json().unwrap();
        let Value::Table(t) = &n.value else { panic!() };
        assert_eq!(t[0].0.name, "a");
        let loc = doc.location(t[1].1.span().start);
        assert_eq!((loc.line, loc.column), (3, Some(8)));
        assert_eq!(t[1].1.value, Value::Str("xé\n".into()));
        let Value::Array(a) = &t[0].1.value else {
            panic!()
        };
        assert_eq!(a[0].value, Value::Int(1));
        assert_eq!(a[1].value, Value::Float(2.5));
        assert_eq!(a[3].value, Value::Null);
    }

    #[test]
    fn json_errors_say_where() {
        for (text, line, col) in [
            ("{\"a\": 1,\n \"a\": 2}", 2, 2),
            ("{\"a\": tru}", 1, 7),
            ("[1, 2", 1, 6),
            ("{\"a\": \"\u{1}\"}", 1, 8),
            ("{} x", 1, 4),
            ("", 1, 1),
        ] {
            let e = Doc::new("f.json", text).parse_json().unwrap_err();
            let l = e.location.unwrap();
            assert_eq!(
                (l.line, l.column),
                (line, Some(col)),
                "{text:?}: {}",
                e.message
            );
            assert_eq!(e.code, Code::Syntax);
        }
        let deep = "[".repeat(1000);
        assert!(Doc::new("f", &deep).parse_json().is_err());
    }

    #[test]
    fn toml_values_carry_their_positions() {
        let text = "a = 1\n[t]\nb = \"x\"\nc = 2026-03-02T08:00:00Z\n";
        let doc = Doc::new("f.toml", text);
        let n = doc.parse_toml().unwrap();
        let Value::Table(t) = &n.value else { panic!() };
        let Value::Table(inner) = &t[1].1.value else {
            panic!()
        };
        let loc = doc.location(inner[0].1.span().start);
        assert_eq!((loc.line, loc.column), (3, Some(5)));
        assert_eq!(
            inner[1].1.value,
            Value::Datetime("2026-03-02T08:00:00Z".into())
        );
        let e = Doc::new("f.toml", "a = 1\na = 2\n")
            .parse_toml()
            .unwrap_err();
        assert_eq!(e.location.unwrap().line, 2);
    }

    #[test]
    fn line_agrees_with_location() {
        let text = "a\néé\n\nlast";
        let doc = Doc::new("f", text);
        for byte in 0..=text.len() + 2 {
            assert_eq!(doc.line(byte), doc.location(byte).line, "byte {byte}");
        }
        assert_eq!(doc.line(text.len()), 4);
    }

    #[test]
    fn toml_integers_too_large_stay_integers() {
        let text = "a = 99999999999999999999\nb = 0x7fff_ffff_ffff_ffff\nc = 0x8000000000000000\nd = 0o7777777777777777777777\n";
        let Value::Table(t) = Doc::new("f.toml", text).parse_toml().unwrap().value else {
            panic!()
        };
        let values: Vec<_> = t.into_iter().map(|(_, n)| n.value).collect();
        assert_eq!(
            values,
            [
                Value::BigInt("99999999999999999999".into()),
                Value::Int(i64::MAX),
                Value::BigInt("0x8000000000000000".into()),
                Value::BigInt("0o7777777777777777777777".into()),
            ]
        );
        assert_eq!(values[0].kind(), "an integer");
    }

    #[test]
    fn columns_count_characters() {
        let doc = Doc::new("f", "ééé x");
        assert_eq!(doc.location(7).column, Some(5));
    }

    #[test]
    fn short_and_long_strings_read_alike() {
        assert_eq!(size_of::<Text>(), 24);
        assert_eq!(size_of::<Node>(), 40);
        for s in [
            "",
            "at",
            "ü",
            &"x".repeat(Text::INLINE),
            &"é".repeat(11),
            &"y".repeat(23),
            &"é".repeat(40),
        ] {
            let t = Text::from(s);
            assert_eq!(t.as_str(), s);
            assert_eq!(t, Text::from(s.to_string()));
            assert!(t == s && t == *s);
            assert_eq!(format!("{t:?}"), format!("{s:?}"));
        }
        assert_ne!(Text::from("ab"), Text::from("abc"));
        assert_ne!(Text::from("x".repeat(30)), Text::from("x".repeat(31)));
    }

    #[test]
    fn duplicate_json_keys_are_found_in_objects_of_any_size() {
        // Past LOOK_THROUGH keys the names go into a set: both ways must
        // find the duplicate, at the second key.
        for keys in [3, LOOK_THROUGH - 1, LOOK_THROUGH, LOOK_THROUGH + 1, 40] {
            for dup in [0, keys / 2, keys - 1] {
                let mut text = String::from("{");
                for i in 0..keys {
                    text.push_str(&format!("\"k{i}\": {i},\n"));
                }
                text.push_str(&format!("\"k{dup}\": 0}}"));
                let e = Doc::new("f.json", &text).parse_json().unwrap_err();
                let l = e.location.unwrap();
                assert_eq!(
                    (l.line, l.column),
                    (keys + 1, Some(1)),
                    "{keys} keys, k{dup} twice"
                );
                assert!(e.message.contains(&format!("k{dup}")), "{}", e.message);
            }
            let mut text = String::from("{");
            for i in 0..keys {
                text.push_str(&format!("\"k{i}\": {i}, "));
            }
            text.push_str("\"last\": 0}");
            let Value::Table(t) = Doc::new("f.json", &text).parse_json().unwrap().value else {
                panic!()
            };
            assert_eq!(t.len(), keys + 1);
        }
    }
}
