//! Outcomes held in a compact binary form while a CSV is still being
//! checked (see `simulate`). A million outcomes take a few megabytes here
//! against well over a hundred as text, and their words are written only
//! once the input is known to be good — in chunks, by two threads at once.
//!
//! Times are stored as differences from the outcome before (in a timeline
//! they are mostly zero or a few seconds), numbers as LEB128 varints, and
//! kinds, reasons, rules and clients as their index in the lists of each.

use std::io::{self, Write};

use super::event::Client;
use super::outcome::{Detail, OutKind, Outcome, Reason};
use super::time::Time;
use crate::model::Settings;

/// Outcomes a chunk: the unit of work when the held outcomes are written.
pub const CHUNK: usize = 2048;

/// Where a chunk starts in the stream of outcomes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Start {
    /// Outcomes before the chunk.
    pub count: u64,
    /// The time of the outcome just before the chunk.
    pub last_at: Option<Time>,
}

/// Outcomes encoded one after another.
#[derive(Debug, Default)]
pub struct Encoder {
    bytes: Vec<u8>,
    start: Start,
    len: usize,
    last_at: Option<Time>,
}

impl Encoder {
    pub fn new(start: Start) -> Self {
        Encoder {
            bytes: Vec::with_capacity(CHUNK * 20),
            start,
            len: 0,
            last_at: start.last_at,
        }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Where this chunk starts.
    pub fn start(&self) -> Start {
        self.start
    }

    /// Where the chunk after this one starts.
    pub fn next_start(&self) -> Start {
        Start {
            count: self.start.count + self.len as u64,
            last_at: self.last_at,
        }
    }

    /// The encoded outcomes.
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    pub fn push(&mut self, o: &Outcome) {
        let out = &mut self.bytes;
        put_i64(out, o.at.wrapping_sub(self.last_at.unwrap_or(0)));
        self.last_at = Some(o.at);
        put_u64(out, u64::from(o.user));
        out.push(index(&OutKind::ALL, &o.kind));
        out.push(index(&Reason::ALL, &o.reason));
        out.push(rule_index(o.rule));
        match o.ends_at {
            None => out.push(0),
            Some(e) => {
                out.push(1);
                put_i64(out, e.wrapping_sub(o.at));
            }
        }
        let at = o.at;
        match o.detail {
            Detail::None => out.push(0),
            Detail::Start {
                client,
                stay_signed_in,
                length_min,
                inactivity,
            } => {
                out.push(1);
                out.push(index(&Client::ALL, &client));
                out.push(u8::from(stay_signed_in));
                put_u64(out, u64::from(length_min));
                put_option(out, inactivity);
            }
            Detail::NotEnforced {
                client,
                inactivity_only,
            } => {
                out.push(2);
                out.push(index(&Client::ALL, &client));
                out.push(u8::from(inactivity_only));
            }
            Detail::Since(t) => {
                out.push(3);
                put_i64(out, t.wrapping_sub(at));
            }
            Detail::Length(n) => {
                out.push(4);
                put_u64(out, u64::from(n));
            }
            Detail::Inactivity { after, last } => {
                out.push(5);
                put_i64(out, after);
                put_i64(out, last.wrapping_sub(at));
            }
            Detail::Ended(None) => out.push(6),
            Detail::Ended(Some((t, why))) => {
                out.push(7);
                put_i64(out, t.wrapping_sub(at));
                out.push(index(&Reason::ALL, &why));
            }
            Detail::Other(u) => {
                out.push(8);
                put_u64(out, u64::from(u));
            }
            Detail::Settings { new, old } => {
                out.push(9);
                put_settings(out, &new);
                put_settings(out, &old);
            }
        }
        self.len += 1;
    }
}

/// Outcomes a block of a [`Runs`]: what a reader of a run holds decoded
/// at a time.
const BLOCK: usize = 256;

/// Encoded runs kept in memory up to this many bytes; the rest go to an
/// anonymous temporary file.
const RUNS_IN_MEMORY: usize = 8 << 20;

/// The outcomes of one instant too many to hold as they are, set aside as
/// runs (each already in output order) in the compact form above: in
/// memory, then in an anonymous temporary file. So a million events at one
/// second cost a few megabytes at most, not a million outcomes.
///
/// The engine's one brush with I/O, kept here: if no temporary file can be
/// made or written, runs stay in memory; if one cannot be read back,
/// [`Runs::failed`] says so and the caller reports it.
#[derive(Debug, Default)]
pub struct Runs {
    blocks: Vec<Block>,
    /// The blocks of each run.
    runs: Vec<std::ops::Range<usize>>,
    in_memory: usize,
    file: Option<std::fs::File>,
    file_len: u64,
    /// No temporary file could be made or written.
    no_file: bool,
    failed: Option<String>,
}

#[derive(Debug)]
struct Block {
    start: Start,
    bytes: Stored,
}

#[derive(Debug)]
enum Stored {
    Memory(Vec<u8>),
    File { at: u64, len: usize },
}

impl Runs {
    pub fn is_empty(&self) -> bool {
        self.runs.is_empty()
    }

    /// Why held outcomes could not be read back, if that happened.
    pub fn failed(&self) -> Option<&str> {
        self.failed.as_deref()
    }

    /// Set aside one run of outcomes.
    pub fn push(&mut self, run: &[Outcome]) {
        let first = self.blocks.len();
        for part in run.chunks(BLOCK) {
            let mut e = Encoder::new(Start::default());
            for o in part {
                e.push(o);
            }
            let bytes = e.into_bytes();
            let bytes = if self.in_memory + bytes.len() <= RUNS_IN_MEMORY {
                self.in_memory += bytes.len();
                Stored::Memory(bytes)
            } else {
                self.write_out(bytes)
            };
            self.blocks.push(Block {
                start: Start::default(),
                bytes,
            });
        }
        self.runs.push(first..self.blocks.len());
    }

    fn write_out(&mut self, bytes: Vec<u8>) -> Stored {
        if self.file.is_none() && !self.no_file {
            self.file = tempfile::tempfile().ok();
            self.no_file = self.file.is_none();
        }
        if self.no_file {
            self.in_memory += bytes.len();
            return Stored::Memory(bytes);
        }
        let at = self.file_len;
        let written = self
            .file
            .as_mut()
            .is_some_and(|f| f.write_all(&bytes).is_ok());
        if written {
            self.file_len += bytes.len() as u64;
            Stored::File {
                at,
                len: bytes.len(),
            }
        } else {
            // The disk is full, or there is none: no more writes (a failed
            // one may have left part of the block), memory from now on.
            self.no_file = true;
            self.in_memory += bytes.len();
            Stored::Memory(bytes)
        }
    }

    /// A reader of each run, in the order they were set aside.
    pub fn readers(&self) -> Vec<RunReader> {
        self.runs
            .iter()
            .map(|r| RunReader {
                blocks: r.clone(),
                current: Vec::new(),
                pos: 0,
            })
            .collect()
    }

    /// Forget every run, keeping the file for the next instant.
    pub fn clear(&mut self) {
        self.blocks.clear();
        self.runs.clear();
        self.in_memory = 0;
        if let Some(f) = &mut self.file
            && self.file_len > 0
        {
            use std::io::Seek;
            if f.set_len(0).and_then(|()| f.rewind()).is_err() {
                self.file = None;
            }
        }
        self.file_len = 0;
    }

    fn load(&mut self, block: usize, into: &mut Vec<Outcome>) {
        into.clear();
        let Some(b) = self.blocks.get_mut(block) else {
            return;
        };
        let start = b.start;
        let read;
        let bytes: &[u8] = match &mut b.bytes {
            Stored::Memory(v) => v,
            Stored::File { at, len } => {
                let mut v = vec![0; *len];
                let ok = self
                    .file
                    .as_ref()
                    .is_some_and(|f| read_exact_at(f, &mut v, *at).is_ok());
                if !ok {
                    self.failed = Some(
                        "outcomes set aside in a temporary file could not be read back".into(),
                    );
                    return;
                }
                read = v;
                &read
            }
        };
        for o in Decoder::new(bytes, start) {
            match o {
                Some(o) => into.push(o),
                None => {
                    self.failed = Some("outcomes set aside could not be decoded".into());
                    return;
                }
            }
        }
    }
}

/// Reads one run of a [`Runs`] a block at a time.
#[derive(Debug)]
pub struct RunReader {
    /// The blocks still to read.
    blocks: std::ops::Range<usize>,
    current: Vec<Outcome>,
    pos: usize,
}

impl RunReader {
    /// The next outcome of the run, without taking it.
    pub fn peek(&mut self, runs: &mut Runs) -> Option<&Outcome> {
        if self.pos == self.current.len() {
            let b = self.blocks.next()?;
            runs.load(b, &mut self.current);
            self.pos = 0;
        }
        self.current.get(self.pos)
    }

    pub fn advance(&mut self) {
        self.pos += 1;
    }
}

/// Reads back what an [`Encoder`] wrote, given the chunk's start. Yields
/// `None` for bytes no encoder wrote (a damaged temporary file), then stops.
pub struct Decoder<'a> {
    bytes: &'a [u8],
    pos: usize,
    last_at: Option<Time>,
    failed: bool,
}

impl<'a> Decoder<'a> {
    pub fn new(bytes: &'a [u8], start: Start) -> Self {
        Decoder {
            bytes,
            pos: 0,
            last_at: start.last_at,
            failed: false,
        }
    }

    fn byte(&mut self) -> Option<u8> {
        let b = *self.bytes.get(self.pos)?;
        self.pos += 1;
        Some(b)
    }

    fn u64(&mut self) -> Option<u64> {
        let mut v = 0u64;
        let mut shift = 0;
        loop {
            let b = self.byte()?;
            if shift > 63 || (shift == 63 && b > 1) {
                return None;
            }
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Some(v);
            }
            shift += 7;
        }
    }

    fn u32(&mut self) -> Option<u32> {
        u32::try_from(self.u64()?).ok()
    }

    fn i64(&mut self) -> Option<i64> {
        let z = self.u64()?;
        Some((z >> 1) as i64 ^ -((z & 1) as i64))
    }

    fn flag(&mut self) -> Option<bool> {
        match self.byte()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }

    fn pick<T: Copy>(&mut self, all: &[T]) -> Option<T> {
        all.get(usize::from(self.byte()?)).copied()
    }

    fn settings(&mut self) -> Option<Settings> {
        Some(Settings {
            session_enabled: self.flag()?,
            session_length_min: self.u32()?,
            session_warning_min: self.u32()?,
            inactivity_enabled: self.flag()?,
            inactivity_min: match self.u64()? {
                0 => None,
                n => Some(u32::try_from(n - 1).ok()?),
            },
            inactivity_warning_min: self.u32()?,
        })
    }

    fn outcome(&mut self) -> Option<Outcome> {
        let at = self.last_at.unwrap_or(0).wrapping_add(self.i64()?);
        self.last_at = Some(at);
        let user = self.u32()?;
        let kind = self.pick(&OutKind::ALL)?;
        let reason = self.pick(&Reason::ALL)?;
        let rule = crate::rules::RULES.get(usize::from(self.byte()?))?.id;
        let ends_at = match self.byte()? {
            0 => None,
            1 => Some(at.wrapping_add(self.i64()?)),
            _ => return None,
        };
        let detail = match self.byte()? {
            0 => Detail::None,
            1 => Detail::Start {
                client: self.pick(&Client::ALL)?,
                stay_signed_in: self.flag()?,
                length_min: self.u32()?,
                inactivity: match self.byte()? {
                    0 => None,
                    1 => Some(self.i64()?),
                    _ => return None,
                },
            },
            2 => Detail::NotEnforced {
                client: self.pick(&Client::ALL)?,
                inactivity_only: self.flag()?,
            },
            3 => Detail::Since(at.wrapping_add(self.i64()?)),
            4 => Detail::Length(self.u32()?),
            5 => Detail::Inactivity {
                after: self.i64()?,
                last: at.wrapping_add(self.i64()?),
            },
            6 => Detail::Ended(None),
            7 => Detail::Ended(Some((
                at.wrapping_add(self.i64()?),
                self.pick(&Reason::ALL)?,
            ))),
            8 => Detail::Other(self.u32()?),
            9 => Detail::Settings {
                new: self.settings()?,
                old: self.settings()?,
            },
            _ => return None,
        };
        Some(Outcome {
            at,
            user,
            kind,
            reason,
            rule,
            ends_at,
            detail,
        })
    }
}

impl Iterator for Decoder<'_> {
    type Item = Option<Outcome>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed || self.pos >= self.bytes.len() {
            return None;
        }
        let o = self.outcome();
        self.failed = o.is_none();
        Some(o)
    }
}

fn index<T: PartialEq>(all: &[T], x: &T) -> u8 {
    all.iter().position(|a| a == x).map_or(u8::MAX, |i| i as u8)
}

/// A rule id's index in [`crate::rules::RULES`]; outcomes only carry ids
/// from there.
fn rule_index(rule: &str) -> u8 {
    crate::rules::RULES
        .iter()
        .position(|r| r.id == rule)
        .map_or(u8::MAX, |i| i as u8)
}

fn put_u64(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn put_i64(out: &mut Vec<u8>, v: i64) {
    put_u64(out, ((v << 1) ^ (v >> 63)) as u64);
}

fn put_option(out: &mut Vec<u8>, v: Option<i64>) {
    match v {
        None => out.push(0),
        Some(v) => {
            out.push(1);
            put_i64(out, v);
        }
    }
}

fn put_settings(out: &mut Vec<u8>, s: &Settings) {
    out.push(u8::from(s.session_enabled));
    put_u64(out, u64::from(s.session_length_min));
    put_u64(out, u64::from(s.session_warning_min));
    out.push(u8::from(s.inactivity_enabled));
    put_u64(out, s.inactivity_min.map_or(0, |m| u64::from(m) + 1));
    put_u64(out, u64::from(s.inactivity_warning_min));
}

/// Fill `buf` from `file` at byte `at`, without moving the file's cursor
/// where the platform allows (Unix `pread`, Windows `seek_read`).
pub fn read_exact_at(file: &std::fs::File, buf: &mut [u8], at: u64) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        std::os::unix::fs::FileExt::read_exact_at(file, buf, at)
    }
    #[cfg(windows)]
    {
        let (mut done, mut at) = (0, at);
        while done < buf.len() {
            match std::os::windows::fs::FileExt::seek_read(file, &mut buf[done..], at)? {
                0 => return Err(std::io::ErrorKind::UnexpectedEof.into()),
                n => {
                    done += n;
                    at += n as u64;
                }
            }
        }
        Ok(())
    }
    #[cfg(not(any(unix, windows)))]
    {
        use std::io::{Read, Seek, SeekFrom};
        let mut f = file;
        f.seek(SeekFrom::Start(at))?;
        f.read_exact(buf)
    }
}

/// Held outcomes kept in memory; the rest go to a temporary file.
const IN_MEMORY: usize = 16 << 20;

/// Outcomes held in the compact form, in chunks of [`CHUNK`]: in memory
/// up to a limit, then in a temporary file. Read back a chunk at a time.
pub struct Held {
    chunks: Vec<HeldChunk>,
    current: Encoder,
    in_memory: usize,
    /// At most this many bytes are kept in memory.
    limit: usize,
    file: Option<std::fs::File>,
    file_len: u64,
}

/// One chunk of held outcomes: where it starts, and where its bytes are.
pub struct HeldChunk {
    pub start: Start,
    pub bytes: Bytes,
}

/// Where a chunk's bytes are.
pub enum Bytes {
    Memory(Vec<u8>),
    File { at: u64, len: usize },
}

impl Held {
    pub fn new() -> Self {
        Held::with_limit(IN_MEMORY)
    }

    pub fn with_limit(limit: usize) -> Self {
        Held {
            chunks: Vec::new(),
            current: Encoder::new(Start::default()),
            in_memory: 0,
            limit,
            file: None,
            file_len: 0,
        }
    }

    pub fn push(&mut self, o: &Outcome) -> io::Result<()> {
        self.current.push(o);
        if self.current.len() == CHUNK {
            self.seal()?;
        }
        Ok(())
    }

    /// Close the current chunk and start the next.
    pub fn seal(&mut self) -> io::Result<()> {
        let next = Encoder::new(self.current.next_start());
        let full = std::mem::replace(&mut self.current, next);
        if full.is_empty() {
            return Ok(());
        }
        let start = full.start();
        let bytes = full.into_bytes();
        let bytes = if self.in_memory + bytes.len() <= self.limit {
            self.in_memory += bytes.len();
            Bytes::Memory(bytes)
        } else {
            let file = match &mut self.file {
                Some(f) => f,
                None => self.file.insert(tempfile::tempfile()?),
            };
            file.write_all(&bytes)?;
            let at = self.file_len;
            self.file_len += bytes.len() as u64;
            Bytes::File {
                at,
                len: bytes.len(),
            }
        };
        self.chunks.push(HeldChunk { start, bytes });
        Ok(())
    }

    /// The bytes of a chunk taken by [`Held::chunks`].
    pub fn load(&self, bytes: Bytes) -> io::Result<Vec<u8>> {
        match bytes {
            Bytes::Memory(b) => Ok(b),
            Bytes::File { at, len } => {
                let mut b = vec![0; len];
                let file = self
                    .file
                    .as_ref()
                    .ok_or_else(|| io::Error::other("the held outcomes are gone"))?;
                read_exact_at(file, &mut b, at)?;
                Ok(b)
            }
        }
    }

    /// Every chunk, the last one sealed; read each with [`Held::load`].
    pub fn chunks(&mut self) -> io::Result<Vec<HeldChunk>> {
        self.seal()?;
        Ok(std::mem::take(&mut self.chunks))
    }

    /// The outcomes of a chunk taken by [`Held::chunks`], in order.
    pub fn outcomes(&self, chunk: HeldChunk) -> io::Result<Vec<Outcome>> {
        let bytes = self.load(chunk.bytes)?;
        Decoder::new(&bytes, chunk.start)
            .map(|o| o.ok_or_else(damaged))
            .collect()
    }
}

impl Default for Held {
    fn default() -> Self {
        Held::new()
    }
}

/// Held outcomes that do not decode: the memory or the file was damaged.
pub fn damaged() -> io::Error {
    io::Error::other("the held outcomes could not be read back")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn held_outcomes_come_back_from_memory_and_from_the_file() {
        let outcomes: Vec<Outcome> = (0..CHUNK as i64 * 5 + 7)
            .map(|i| Outcome {
                at: 1_772_438_400 + i / 3,
                user: (i % 977) as u32,
                kind: OutKind::Warning,
                reason: Reason::Inactivity,
                rule: "S6",
                ends_at: Some(1_772_438_400 + i / 3 + 300),
                detail: Detail::Inactivity {
                    after: 1800,
                    last: 1_772_438_400 + i / 3 - 1500,
                },
            })
            .collect();
        // Room for about two chunks in memory: the rest go to the file.
        let mut held = Held::with_limit(CHUNK * 30);
        for o in &outcomes {
            held.push(o).unwrap();
        }
        let chunks = held.chunks().unwrap();
        assert_eq!(chunks.len(), 6);
        let in_file = chunks
            .iter()
            .filter(|c| matches!(c.bytes, Bytes::File { .. }))
            .count();
        assert!((1..6).contains(&in_file), "{in_file} chunks in the file");
        let mut back = Vec::new();
        for c in chunks {
            let bytes = held.load(c.bytes).unwrap();
            back.extend(Decoder::new(&bytes, c.start).map(|o| o.unwrap()));
        }
        assert_eq!(back, outcomes);
    }

    fn settings() -> impl Strategy<Value = Settings> {
        (
            any::<bool>(),
            any::<u32>(),
            any::<u32>(),
            any::<bool>(),
            proptest::option::of(any::<u32>()),
            any::<u32>(),
        )
            .prop_map(|(a, b, c, d, e, f)| Settings {
                session_enabled: a,
                session_length_min: b,
                session_warning_min: c,
                inactivity_enabled: d,
                inactivity_min: e,
                inactivity_warning_min: f,
            })
    }

    fn detail() -> impl Strategy<Value = Detail> {
        let client = proptest::sample::select(Client::ALL.to_vec());
        let reason = proptest::sample::select(Reason::ALL.to_vec());
        prop_oneof![
            Just(Detail::None),
            (
                client.clone(),
                any::<bool>(),
                any::<u32>(),
                proptest::option::of(any::<i64>())
            )
                .prop_map(|(client, stay_signed_in, length_min, inactivity)| {
                    Detail::Start {
                        client,
                        stay_signed_in,
                        length_min,
                        inactivity,
                    }
                }),
            (client, any::<bool>()).prop_map(|(client, inactivity_only)| {
                Detail::NotEnforced {
                    client,
                    inactivity_only,
                }
            }),
            any::<i64>().prop_map(Detail::Since),
            any::<u32>().prop_map(Detail::Length),
            (any::<i64>(), any::<i64>())
                .prop_map(|(after, last)| Detail::Inactivity { after, last }),
            proptest::option::of((any::<i64>(), reason)).prop_map(Detail::Ended),
            any::<u32>().prop_map(Detail::Other),
            (settings(), settings()).prop_map(|(new, old)| Detail::Settings { new, old }),
        ]
    }

    fn outcome() -> impl Strategy<Value = Outcome> {
        (
            any::<i64>(),
            any::<u32>(),
            proptest::sample::select(OutKind::ALL.to_vec()),
            proptest::sample::select(Reason::ALL.to_vec()),
            proptest::sample::select(crate::rules::RULES.iter().map(|r| r.id).collect::<Vec<_>>()),
            proptest::option::of(any::<i64>()),
            detail(),
        )
            .prop_map(|(at, user, kind, reason, rule, ends_at, detail)| Outcome {
                at,
                user,
                kind,
                reason,
                rule,
                ends_at,
                detail,
            })
    }

    proptest! {
        #[test]
        fn outcomes_come_back_as_they_went_in(
            outcomes in proptest::collection::vec(outcome(), 0..40),
            split in 0usize..40,
        ) {
            // Two chunks, the second started where the first ended.
            let split = split.min(outcomes.len());
            let mut first = Encoder::new(Start::default());
            for o in &outcomes[..split] {
                first.push(o);
            }
            let next = first.next_start();
            prop_assert_eq!(next.count, split as u64);
            let mut second = Encoder::new(next);
            for o in &outcomes[split..] {
                second.push(o);
            }
            let mut back: Vec<Outcome> = Vec::new();
            for (bytes, start) in [(first.into_bytes(), Start::default()), (second.into_bytes(), next)] {
                for o in Decoder::new(&bytes, start) {
                    back.push(o.expect("decodes"));
                }
            }
            prop_assert_eq!(back, outcomes);
        }

        #[test]
        fn damaged_bytes_end_the_stream_without_a_panic(
            bytes in proptest::collection::vec(any::<u8>(), 0..200),
        ) {
            let n = Decoder::new(&bytes, Start::default()).take(500).count();
            prop_assert!(n <= bytes.len());
        }
    }

    #[test]
    fn a_typical_outcome_takes_a_few_bytes() {
        let o = Outcome {
            at: 1_772_438_400,
            user: 9_999,
            kind: OutKind::SessionStart,
            reason: Reason::CustomTimeout,
            rule: "S5",
            ends_at: Some(1_772_438_400 + 8 * 3600),
            detail: Detail::Start {
                client: Client::Web,
                stay_signed_in: false,
                length_min: 480,
                inactivity: Some(1800),
            },
        };
        let mut e = Encoder::new(Start {
            count: 0,
            last_at: Some(1_772_438_390),
        });
        e.push(&o);
        assert!(e.into_bytes().len() <= 20);
    }
}
