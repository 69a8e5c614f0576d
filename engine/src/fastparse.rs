//! A fast, strict reader for the RON that scenario files are written in, tried before `ron` itself.
//!
//! `ron` spends about 10 µs a node, which alone would break `goodwill check`'s budget on large files.
//! Scenario files use a small part of RON (structs, lists, strings, integers, booleans, `Some`/`None`,
//! enum variants with at most one value, comments), so this reader handles exactly that, through the
//! same serde derives, at several times the speed. It is deliberately strict: on anything else — an
//! unusual escape, a raw string, a float, an extension attribute, any syntax error — it gives up and the
//! loader asks `ron`, which then decides and words the error. So it can only ever agree with `ron` or
//! defer to it; `tests/diagnostics.rs` checks that on every fixture and shipped file.
//!
//! A large file (half a megabyte or more) is read on two threads: see [`scenario_from_str`]. Parsing is
//! most of what `goodwill check` costs, and an author's machine has a second core.

use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt;
use std::thread::ScopedJoinHandle;

use serde::Deserialize;
use serde::de::{self, DeserializeOwned, DeserializeSeed, Visitor};

use crate::schema::{Node, Scenario};

/// The value in `text`, or `None` when this reader cannot be sure (then ask `ron`).
pub fn from_str<T: DeserializeOwned>(text: &str) -> Option<T> {
    let mut de = Reader::new(text, 0);
    let value = T::deserialize(&mut de).ok()?;
    de.skip_blank().ok()?;
    (de.pos == de.bytes.len()).then_some(value)
}

/// Files smaller than this are read on one thread: starting a second costs more than it saves.
const TWO_THREADS_FROM: usize = 512 * 1024;

/// A scenario, read as [`from_str`] reads it; a large file is read on two threads. The second thread
/// starts at a node near the middle of the file and reads the rest of the node list; the first reads
/// from the top and takes the second's nodes over only if it arrives at exactly that node, inside
/// `nodes: [` (so a guess that lands in a comment or a string is simply not used). Either way the result
/// is the one a single reader would produce.
pub fn scenario_from_str(text: &str) -> Option<Scenario> {
    read_scenario(text).map(|(scenario, _)| scenario)
}

/// [`scenario_from_str`], and whether the second thread's nodes were used.
fn read_scenario(text: &str) -> Option<(Scenario, bool)> {
    let Some(at) = (text.len() >= TWO_THREADS_FROM)
        .then(|| node_near(text, text.len() / 2))
        .flatten()
    else {
        return from_str(text).map(|scenario| (scenario, false));
    };
    std::thread::scope(|scope| {
        let tail = scope.spawn(move || read_node_tail(text, at));
        let mut de = Reader::new(text, 0);
        de.splice = Some(Splice { at, tail: Some(tail) });
        let value = Scenario::deserialize(&mut de);
        // The second thread's result when this one never reached its node (joined here, so even a
        // panic there is only a result not used).
        if let Some(Splice { tail: Some(tail), .. }) = de.splice.take() {
            let _ = tail.join();
        }
        // Nodes taken over but not placed in the node list would be lost: then this reader is unsure.
        let unplaced = SPLICED_NODES.with_borrow_mut(Option::take).is_some();
        let value = value.ok().filter(|_| !unplaced)?;
        de.skip_blank().ok()?;
        (de.pos == de.bytes.len()).then_some((value, de.spliced))
    })
}

/// Where a node of the node list seems to start at or after `from`: a `(` directly followed (blanks
/// aside) by `id:` and preceded by the comma after the previous node. Only a guess; see
/// [`scenario_from_str`].
fn node_near(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut search = from;
    // Look a little way only: a file of a few huge nodes is read on one thread.
    let limit = (from + 256 * 1024).min(bytes.len());
    while search < limit {
        let found = search + text.get(search..limit)?.find("id:")?;
        search = found + 3;
        let before = |mut i: usize| {
            while i > 0 && bytes[i - 1].is_ascii_whitespace() {
                i -= 1;
            }
            i.checked_sub(1)
        };
        if let Some(open) = before(found)
            && bytes[open] == b'('
        {
            // `Node(` where the file names its structs.
            let start = if text[..open].ends_with("Node") { open - 4 } else { open };
            if before(start).is_some_and(|comma| bytes[comma] == b',') {
                return Some(start);
            }
        }
    }
    None
}

/// The second thread's part: nodes from `at` to the end of the list, and where the list's `]` is.
fn read_node_tail(text: &str, at: usize) -> NodeTail {
    let mut de = Reader::new(text, at);
    let mut nodes = Vec::new();
    loop {
        nodes.push(Node::deserialize(&mut de).ok()?);
        if !de.separator(b']').ok()? {
            return Some((nodes, de.pos));
        }
    }
}

thread_local! {
    /// Nodes the second thread read, waiting for the node list being read on this thread.
    static SPLICED_NODES: RefCell<Option<Vec<Node>>> = const { RefCell::new(None) };
}

/// Nodes read by a second thread that belong at the end of the node list being read now, if any
/// (called by the node list's reader, [`crate::schema`]).
pub(crate) fn take_spliced_nodes() -> Option<Vec<Node>> {
    SPLICED_NODES.with_borrow_mut(Option::take)
}

/// What the second thread read: the nodes, and where the list's `]` is (`None` if it could not).
type NodeTail = Option<(Vec<Node>, usize)>;

/// Where the second thread started, and its result until it is taken.
struct Splice<'scope> {
    at: usize,
    tail: Option<ScopedJoinHandle<'scope, NodeTail>>,
}

/// "Not sure": the caller falls back to `ron`. Carries nothing, since `ron` words the real error.
#[derive(Debug)]
pub struct GiveUp;

impl fmt::Display for GiveUp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("left to ron")
    }
}

impl std::error::Error for GiveUp {}

impl de::Error for GiveUp {
    fn custom<T: fmt::Display>(_: T) -> Self {
        GiveUp
    }
}

type Result<T> = std::result::Result<T, GiveUp>;

/// Bytes that may start a blank or a comment: a single space before any other byte is skipped inline.
const BLANK: [bool; 256] = {
    let mut table = [false; 256];
    table[b' ' as usize] = true;
    table[b'\t' as usize] = true;
    table[b'\n' as usize] = true;
    table[b'\r' as usize] = true;
    table[b'/' as usize] = true;
    table
};

/// Bytes that end a plain run inside a string: its closing quote, an escape, a line break.
const STRING_STOP: [bool; 256] = {
    let mut table = [false; 256];
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table[b'\n' as usize] = true;
    table[b'\r' as usize] = true;
    table
};

/// Bytes that continue an identifier (ASCII letters, digits, `_`), as a table: identifiers are half
/// the tokens of a scenario file.
const IDENT: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || c == b'_';
        b += 1;
    }
    table
};

struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    /// How many lists and structs enclose the reader (the scenario itself is struct 1).
    depth: u32,
    /// The scenario's field being read, at depth 1.
    field: &'a str,
    splice: Option<Splice<'a>>,
    /// The second thread's nodes were taken over.
    spliced: bool,
}

impl<'a> Reader<'a> {
    fn new(text: &'a str, pos: usize) -> Self {
        Reader {
            text,
            bytes: text.as_bytes(),
            pos,
            depth: 0,
            field: "",
            splice: None,
            spliced: false,
        }
    }

    /// At the node where the second thread started: takes its nodes over and moves to the list's end.
    /// `false` (and nothing changed) anywhere else, or when the second thread could not read them.
    fn take_over_nodes(&mut self) -> bool {
        let Some(splice) = &mut self.splice else { return false };
        if self.depth != 2 || self.field != "nodes" || self.pos != splice.at {
            return false;
        }
        let tail = splice.tail.take().and_then(|t| t.join().ok()).flatten();
        self.splice = None;
        let Some((nodes, end)) = tail else { return false };
        SPLICED_NODES.with_borrow_mut(|slot| *slot = Some(nodes));
        self.pos = end;
        self.spliced = true;
        true
    }

    /// Skips whitespace and comments.
    #[inline]
    fn skip_blank(&mut self) -> Result<()> {
        // This runs before every token, usually where there is nothing to skip: that case is inline.
        match self.bytes.get(self.pos) {
            // One space before a token (after `:` and `,`), the commonest blank of all.
            Some(b' ') if self.bytes.get(self.pos + 1).is_some_and(|&b| !BLANK[usize::from(b)]) => {
                self.pos += 1;
                Ok(())
            }
            Some(b' ' | b'\t' | b'\n' | b'\r' | b'/') => self.skip_blank_run(),
            _ => Ok(()),
        }
    }

    #[inline(never)]
    fn skip_blank_run(&mut self) -> Result<()> {
        // Indentation is a third of a scenario file: whole words of spaces at a time.
        let bytes = self.bytes;
        let mut pos = self.pos;
        loop {
            while pos + 8 <= bytes.len()
                && u64::from_ne_bytes(bytes[pos..pos + 8].try_into().expect("8 bytes"))
                    == u64::from_ne_bytes(*b"        ")
            {
                pos += 8;
            }
            match bytes.get(pos) {
                Some(b' ' | b'\t' | b'\n' | b'\r') => pos += 1,
                Some(b'/') => match bytes.get(pos + 1) {
                    Some(b'/') => pos = memchr_newline(bytes, pos),
                    Some(b'*') => {
                        let mut depth = 0usize;
                        loop {
                            match (bytes.get(pos), bytes.get(pos + 1)) {
                                (Some(b'/'), Some(b'*')) => {
                                    depth += 1;
                                    pos += 2;
                                }
                                (Some(b'*'), Some(b'/')) => {
                                    depth -= 1;
                                    pos += 2;
                                    if depth == 0 {
                                        break;
                                    }
                                }
                                (Some(_), _) => pos += 1,
                                (None, _) => return Err(GiveUp),
                            }
                        }
                    }
                    _ => return Err(GiveUp),
                },
                _ => {
                    self.pos = pos;
                    return Ok(());
                }
            }
        }
    }

    fn peek(&mut self) -> Result<Option<u8>> {
        self.skip_blank()?;
        Ok(self.bytes.get(self.pos).copied())
    }

    fn eat(&mut self, byte: u8) -> Result<()> {
        if self.peek()? == Some(byte) {
            self.pos += 1;
            Ok(())
        } else {
            Err(GiveUp)
        }
    }

    fn ident(&mut self) -> Result<&'a str> {
        self.skip_blank()?;
        let bytes = self.bytes;
        let start = self.pos;
        match bytes.get(start) {
            Some(b) if b.is_ascii_alphabetic() || *b == b'_' => {}
            _ => return Err(GiveUp),
        }
        let mut end = start + 1;
        while end < bytes.len() && IDENT[usize::from(bytes[end])] {
            end += 1;
        }
        self.pos = end;
        // `r#raw` identifiers and `b"bytes"` are left to ron.
        if matches!(bytes.get(end), Some(b'#' | b'"')) {
            return Err(GiveUp);
        }
        // ASCII only, so the slice is on character boundaries.
        Ok(&self.text[start..end])
    }

    fn string(&mut self) -> Result<Cow<'a, str>> {
        self.eat(b'"')?;
        let bytes = self.bytes;
        let start = self.pos;
        // The usual string: no escape, so it is borrowed from the text as it stands.
        let mut end = start;
        while end < bytes.len() && !STRING_STOP[usize::from(bytes[end])] {
            end += 1;
        }
        if bytes.get(end) == Some(&b'"') {
            self.pos = end + 1;
            // Both ends are at ASCII quotes, so on character boundaries.
            return Ok(Cow::Borrowed(&self.text[start..end]));
        }
        let mut owned: Option<String> = None;
        let mut run = start;
        let mut pos = start;
        loop {
            // Straight to the next byte that ends the plain run.
            while pos < bytes.len() && !STRING_STOP[usize::from(bytes[pos])] {
                pos += 1;
            }
            match *bytes.get(pos).ok_or(GiveUp)? {
                b'"' => {
                    let tail = &self.text[run..pos];
                    self.pos = pos + 1;
                    return Ok(match owned {
                        None => Cow::Borrowed(&self.text[start..pos]),
                        Some(mut s) => {
                            s.push_str(tail);
                            Cow::Owned(s)
                        }
                    });
                }
                b'\\' => {
                    let escaped = match bytes.get(pos + 1) {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'n') => '\n',
                        Some(b't') => '\t',
                        Some(b'r') => '\r',
                        _ => return Err(GiveUp),
                    };
                    let s = owned.get_or_insert_with(String::new);
                    s.push_str(&self.text[run..pos]);
                    s.push(escaped);
                    pos += 2;
                    run = pos;
                }
                // A line break inside a string: whatever ron makes of it, it decides.
                _ => return Err(GiveUp),
            }
        }
    }

    /// `(zh: "…", en: "…")` — spaced any way, on one line or several, a comma after the second or not —;
    /// `None` (and nothing consumed) for anything else (the fields the other way round, a struct name).
    fn bilingual(&mut self) -> Option<(Cow<'a, str>, Cow<'a, str>)> {
        let start = self.pos;
        // The next token is exactly `word` (blanks and comments before it skipped).
        let expect = |r: &mut Self, word: &[u8]| -> Result<()> {
            r.skip_blank()?;
            if r.bytes[r.pos..].starts_with(word) {
                r.pos += word.len();
                Ok(())
            } else {
                Err(GiveUp)
            }
        };
        let read = |r: &mut Self| -> Result<(Cow<'a, str>, Cow<'a, str>)> {
            expect(r, b"(")?;
            expect(r, b"zh")?;
            expect(r, b":")?;
            let zh = r.string()?;
            expect(r, b",")?;
            expect(r, b"en")?;
            expect(r, b":")?;
            let en = r.string()?;
            r.skip_blank()?;
            if r.bytes.get(r.pos) == Some(&b',') {
                r.pos += 1;
            }
            expect(r, b")")?;
            Ok((zh, en))
        };
        match read(self) {
            Ok(pair) => Some(pair),
            Err(GiveUp) => {
                self.pos = start;
                None
            }
        }
    }

    fn integer(&mut self) -> Result<i64> {
        self.skip_blank()?;
        let start = self.pos;
        if self.bytes.get(self.pos) == Some(&b'-') {
            self.pos += 1;
        }
        let digits = self.pos;
        while self.bytes.get(self.pos).is_some_and(u8::is_ascii_digit) {
            self.pos += 1;
        }
        // Floats, `1_000`, `0x1F`, suffixes: left to ron.
        if self.pos == digits
            || self
                .bytes
                .get(self.pos)
                .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'.')
        {
            return Err(GiveUp);
        }
        self.text[start..self.pos].parse().map_err(|_| GiveUp)
    }

    /// After an item: a comma, or the closing bracket (which is left for the caller).
    fn separator(&mut self, close: u8) -> Result<bool> {
        match self.peek()? {
            Some(b',') => {
                self.pos += 1;
                Ok(self.peek()? != Some(close))
            }
            Some(b) if b == close => Ok(false),
            _ => Err(GiveUp),
        }
    }
}

fn memchr_newline(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |i| from + i + 1)
}

impl<'de> de::Deserializer<'de> for &mut Reader<'de> {
    type Error = GiveUp;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value> {
        Err(GiveUp)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.ident()? {
            "true" => visitor.visit_bool(true),
            "false" => visitor.visit_bool(false),
            _ => Err(GiveUp),
        }
    }

    fn deserialize_i8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_i64(self.integer()?)
    }
    fn deserialize_i16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_i64(self.integer()?)
    }
    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_i64(self.integer()?)
    }
    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_i64(self.integer()?)
    }
    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_i64(self.integer()?)
    }
    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_i64(self.integer()?)
    }
    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_i64(self.integer()?)
    }
    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_i64(self.integer()?)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.string()? {
            Cow::Borrowed(s) => visitor.visit_borrowed_str(s),
            Cow::Owned(s) => visitor.visit_string(s),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.ident()? {
            "None" => visitor.visit_none(),
            "Some" => {
                self.eat(b'(')?;
                let value = visitor.visit_some(&mut *self)?;
                self.eat(b')')?;
                Ok(value)
            }
            _ => Err(GiveUp),
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.eat(b'[')?;
        self.depth += 1;
        let value = visitor.visit_seq(Items {
            reader: &mut *self,
            more: None,
        })?;
        self.depth -= 1;
        self.eat(b']')?;
        Ok(value)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        // Bilingual texts are most of a file's values, always written `(zh: "…", en: "…")`: read that
        // shape straight through. Anything else about them (another order, a name, a comment inside) is
        // read the general way.
        if fields == ["zh", "en"]
            && let Some((zh, en)) = self.bilingual()
        {
            return visitor.visit_map(Bilingual {
                values: [Some(zh), Some(en)],
                next: 0,
            });
        }
        if self.peek()? != Some(b'(') && self.ident()? != name {
            return Err(GiveUp);
        }
        self.eat(b'(')?;
        self.depth += 1;
        let value = visitor.visit_map(Fields {
            reader: &mut *self,
            more: None,
        })?;
        self.depth -= 1;
        self.eat(b')')?;
        Ok(value)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        let variant = self.ident()?;
        visitor.visit_enum(Variant {
            reader: self,
            name: variant,
        })
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_borrowed_str(self.ident()?)
    }

    serde::forward_to_deserialize_any! {
        i128 u128 f32 f64 char bytes byte_buf unit unit_struct newtype_struct tuple tuple_struct map
        ignored_any
    }
}

/// The items of `[…]`. `more` is `None` before the first item.
struct Items<'r, 'de> {
    reader: &'r mut Reader<'de>,
    more: Option<bool>,
}

impl<'de> de::SeqAccess<'de> for Items<'_, 'de> {
    type Error = GiveUp;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        let more = match self.more {
            None => self.reader.peek()? != Some(b']'),
            Some(more) => more,
        };
        if !more || self.reader.take_over_nodes() {
            return Ok(None);
        }
        let value = seed.deserialize(&mut *self.reader)?;
        self.more = Some(self.reader.separator(b']')?);
        Ok(Some(value))
    }
}

/// The fields of `(name: value, …)`.
struct Fields<'r, 'de> {
    reader: &'r mut Reader<'de>,
    more: Option<bool>,
}

impl<'de> de::MapAccess<'de> for Fields<'_, 'de> {
    type Error = GiveUp;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        let more = match self.more {
            None => self.reader.peek()? != Some(b')'),
            Some(more) => more,
        };
        if !more {
            return Ok(None);
        }
        let name = self.reader.ident()?;
        if self.reader.depth == 1 {
            self.reader.field = name;
        }
        self.reader.eat(b':')?;
        let key: de::value::BorrowedStrDeserializer<'de, GiveUp> = de::value::BorrowedStrDeserializer::new(name);
        seed.deserialize(key).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        let value = seed.deserialize(&mut *self.reader)?;
        self.more = Some(self.reader.separator(b')')?);
        Ok(value)
    }
}

/// The two fields of a text read by [`Reader::bilingual`].
struct Bilingual<'de> {
    values: [Option<Cow<'de, str>>; 2],
    next: usize,
}

impl<'de> de::MapAccess<'de> for Bilingual<'de> {
    type Error = GiveUp;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        let Some(name) = ["zh", "en"].get(self.next) else {
            return Ok(None);
        };
        let key: de::value::BorrowedStrDeserializer<'de, GiveUp> = de::value::BorrowedStrDeserializer::new(name);
        seed.deserialize(key).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        let value = self.values.get_mut(self.next).and_then(Option::take).ok_or(GiveUp)?;
        self.next += 1;
        match value {
            Cow::Borrowed(s) => seed.deserialize(de::value::BorrowedStrDeserializer::<GiveUp>::new(s)),
            Cow::Owned(s) => seed.deserialize(de::value::StringDeserializer::<GiveUp>::new(s)),
        }
    }
}

struct Variant<'r, 'de> {
    reader: &'r mut Reader<'de>,
    name: &'de str,
}

impl<'r, 'de> de::EnumAccess<'de> for Variant<'r, 'de> {
    type Error = GiveUp;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self)> {
        let name: de::value::BorrowedStrDeserializer<'de, GiveUp> = de::value::BorrowedStrDeserializer::new(self.name);
        let value = seed.deserialize(name)?;
        Ok((value, self))
    }
}

impl<'de> de::VariantAccess<'de> for Variant<'_, 'de> {
    type Error = GiveUp;

    fn unit_variant(self) -> Result<()> {
        if self.reader.peek()? == Some(b'(') {
            return Err(GiveUp);
        }
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value> {
        self.reader.eat(b'(')?;
        let value = seed.deserialize(&mut *self.reader)?;
        self.reader.eat(b')')?;
        Ok(value)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value> {
        Err(GiveUp)
    }

    fn struct_variant<V: Visitor<'de>>(self, _: &'static [&'static str], _: V) -> Result<V::Value> {
        Err(GiveUp)
    }
}

#[cfg(test)]
mod tests {
    use crate::schema::Scenario;
    use crate::text::Bilingual;

    /// A file large enough to be read on two threads, written as an author writes one.
    fn large_file() -> String {
        let text = crate::generate::to_authored_ron(&crate::generate::layered(1_500));
        assert!(text.len() >= super::TWO_THREADS_FROM);
        text
    }

    /// The node where the second thread starts.
    fn split_point(text: &str) -> usize {
        super::node_near(text, text.len() / 2).expect("a node near the middle")
    }

    /// Read on two threads, a large file gives exactly what one reader (and ron) gives.
    #[test]
    fn a_large_file_read_on_two_threads_is_read_as_ron_reads_it() {
        let text = large_file();
        let at = split_point(&text);
        assert!(text[at..].starts_with('(') && text[..at].trim_end().ends_with(','));
        let (two, spliced) = super::read_scenario(&text).expect("the fast reader reads it");
        assert!(spliced, "the second thread's half was used");
        let one = super::from_str::<Scenario>(&text).expect("the fast reader reads it");
        let ron: Scenario = ron::from_str(&text).expect("ron reads it");
        assert_eq!(two.nodes.len(), 1_500);
        assert_eq!(two, one);
        assert_eq!(two, ron);
    }

    /// A guess that lands on something only shaped like a node (here in a comment) is not used, and a
    /// problem in the second half still sends the file to ron.
    #[test]
    fn a_wrong_guess_or_a_broken_second_half_reads_as_one_reader_would() {
        let text = large_file();
        let at = split_point(&text);
        let decoy = format!("{}/* , ( id: \"ghost\", */ {}", &text[..at], &text[at..]);
        assert!(super::node_near(&decoy, decoy.len() / 2).is_some_and(|g| decoy[g..].starts_with("( id: \"ghost")));
        let ron: Scenario = ron::from_str(&decoy).expect("ron reads it");
        assert_eq!(super::read_scenario(&decoy), Some((ron, false)));

        // Nodes written with their struct name are split the same way.
        let named = text.replace("        (\n            id:", "        Node(\n            id:");
        let at = split_point(&named);
        assert!(named[at..].starts_with("Node("), "{}", &named[at..at + 20]);
        let ron: Scenario = ron::from_str(&named).expect("ron reads it");
        assert_eq!(super::read_scenario(&named), Some((ron, true)));

        let late = at + text[at..].find("effect:").expect("a choice after the split");
        let broken = text[..late].to_string() + &text[late..].replacen("effect:", "effect: 1.5, x:", 1);
        assert_eq!(super::scenario_from_str(&broken), None);
        assert!(ron::from_str::<Scenario>(&broken).is_err());
        assert!(
            super::take_spliced_nodes().is_none(),
            "nothing left over for the next file"
        );
    }

    /// The straight-through reading of `(zh: "…", en: "…")` agrees with ron, and every other way of
    /// writing a text still reads (the general way) or is left to ron.
    #[test]
    fn bilingual_texts_read_as_ron_reads_them() {
        let cases = [
            r#"(zh: "你好", en: "hello")"#,
            r#"(zh: "a \"quoted\" word", en: "line\nbreak")"#,
            r#"(en: "hello", zh: "你好")"#,
            r#"(zh: "a", en: "b",)"#,
            r#"Bilingual(zh: "a", en: "b")"#,
            r#"(zh:"a",en:"b")"#,
            r#"(zh: "a")"#,
            r#"(zh: "a", en: /* note */ "b")"#,
            "(\n    zh: \"a\",\n    en: \"b\",\n)",
            r#"(zhx: "a", en: "b")"#,
            r#"(zh: "a", enx: "b")"#,
            r#"(zh: "a", en: "b",,)"#,
            r#"[(zh: "a", en: "b"), (zh: "c", en: "d")]"#,
        ];
        for case in cases {
            let ron_text: Result<Bilingual, _> = ron::from_str(case);
            let ron_list: Result<Vec<Bilingual>, _> = ron::from_str(case);
            if let Some(fast) = super::from_str::<Bilingual>(case) {
                assert_eq!(Ok(fast), ron_text.map_err(|_| ()), "{case}");
            }
            if let Some(fast) = super::from_str::<Vec<Bilingual>>(case) {
                assert_eq!(Ok(fast), ron_list.map_err(|_| ()), "{case}");
            }
        }
        assert!(super::from_str::<Bilingual>(r#"(zh: "你好", en: "hello")"#).is_some());
        // As ron's pretty printer and its compact form write them.
        assert!(super::from_str::<Bilingual>("(\n    zh: \"a\",\n    en: \"b\",\n)").is_some());
        assert!(super::from_str::<Bilingual>(r#"(zh:"a",en:"b")"#).is_some());
        assert!(super::from_str::<Bilingual>(r#"(en: "hello", zh: "你好")"#).is_some());
    }
}
