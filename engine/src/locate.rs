//! Finds where things are in a scenario's RON text by structure, not by searching for their text.
//!
//! The validator works on the parsed [`crate::Scenario`], so it knows *what* is wrong by its place in the
//! structure (`nodes[12].choices[1].effect`), not by where it is in the file. [`locate`] walks the text's
//! tokens once, following the same nesting, and returns the byte offset of every asked-for place. One pass
//! for all the diagnostics of a file keeps checking linear in the file's size: searching the text for each
//! value, as positions used to be found, made a 10,000-node file take ten seconds. A value the file does
//! not spell out (an omitted optional field) falls back to its nearest enclosing value that is written.
//!
//! The walk also finds things a text search cannot: a string with an escaped quote (`"a\"b"`), or the
//! same id written twice.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// One step of a path into the file's structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Key<'a> {
    /// A named field of a struct, `name: value`.
    Field(&'a str),
    /// An item of a list, or a positional member of a tuple or an enum variant (`Node("x")` has item 0).
    Index(usize),
}

/// A path from the top-level value, e.g. `[Field("nodes"), Index(3), Field("id")]`.
pub type Path = Vec<Key<'static>>;

/// Builds a [`Path`]: `path!["nodes", 3, "choices", 1, "effect"]`.
#[macro_export]
macro_rules! path {
    ($($key:expr),* $(,)?) => {
        vec![$($crate::locate::IntoKey::into_key($key)),*]
    };
}

/// What `path!` accepts: field names and indices.
pub trait IntoKey {
    fn into_key(self) -> Key<'static>;
}

impl IntoKey for &'static str {
    fn into_key(self) -> Key<'static> {
        Key::Field(self)
    }
}

impl IntoKey for usize {
    fn into_key(self) -> Key<'static> {
        Key::Index(self)
    }
}

/// Path hashes are already well mixed, so the map need not hash them again.
#[derive(Default)]
struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = mix(self.0, u64::from(b));
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type PathMap<V> = HashMap<u64, V, BuildHasherDefault<PassThrough>>;

/// A fast hasher for short keys such as node ids (the ids come from the file being checked, so this is
/// not exposed to anything more hostile than its own author).
#[derive(Default)]
pub struct QuickHasher(u64);

impl Hasher for QuickHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.0 = mix(self.0, u64::from_le_bytes(chunk.try_into().expect("8 bytes")));
        }
        for &b in chunks.remainder() {
            self.0 = mix(self.0, u64::from(b));
        }
    }
}

/// A `HashMap` keyed by short strings, hashed with [`QuickHasher`].
pub type QuickMap<K, V> = HashMap<K, V, BuildHasherDefault<QuickHasher>>;

fn mix(h: u64, x: u64) -> u64 {
    (h.rotate_left(5) ^ x).wrapping_mul(0x517c_c1b7_2722_0a95)
}

fn key_hash(parent: u64, key: &Key) -> u64 {
    match key {
        Key::Field(name) => {
            let name = name.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| mix(h, u64::from(b)));
            mix(mix(parent, 1), name)
        }
        Key::Index(i) => mix(mix(parent, 2), *i as u64),
    }
}

/// Byte offsets, in `text`, of the values at `wanted` (or of their nearest written ancestor; `None` only
/// when not even the top-level value is there). One pass over the text, stopping early once every path
/// is found exactly.
pub fn locate(text: &str, wanted: &[Path]) -> Vec<Option<usize>> {
    if wanted.is_empty() {
        return Vec::new();
    }
    // Every prefix of every wanted path gets a slot, so a missing field falls back to its parent. A slot
    // names its path as (index into `wanted`, length), so building them allocates no paths.
    let mut slots: Vec<Slot> = Vec::new();
    let mut by_hash: PathMap<u32> = PathMap::default();
    for (i, path) in wanted.iter().enumerate() {
        let mut h = 0;
        for len in 0..=path.len() {
            if len > 0 {
                h = key_hash(h, &path[len - 1]);
            }
            let mut at = by_hash.get(&h).copied();
            // Another path with the same hash: follow the chain to this one, or to its end.
            while let Some(k) = at {
                let slot = &slots[k as usize];
                if wanted[slot.path.0][..slot.path.1] == path[..len] {
                    break;
                }
                at = slot.next;
            }
            let k = match at {
                Some(k) => k,
                None => {
                    slots.push(Slot {
                        path: (i, len),
                        offset: None,
                        wanted: 0,
                        next: by_hash.get(&h).copied(),
                    });
                    let k = (slots.len() - 1) as u32;
                    by_hash.insert(h, k);
                    k
                }
            };
            if len == path.len() {
                slots[k as usize].wanted += 1;
            }
        }
    }
    let mut walk = Walk {
        wanted,
        tokens: Tokens::new(text),
        path: Vec::new(),
        hashes: vec![0],
        slots,
        by_hash,
        exact_left: wanted.len(),
        done: false,
    };
    walk.top();
    wanted
        .iter()
        .map(|path| {
            let mut hashes = Vec::with_capacity(path.len() + 1);
            hashes.push(0);
            for key in path {
                hashes.push(key_hash(*hashes.last().expect("not empty"), key));
            }
            (0..=path.len())
                .rev()
                .find_map(|len| walk.find(hashes[len], &path[..len])?.offset)
        })
        .collect()
}

/// A path asked for (or an ancestor of one), and where it was found.
struct Slot {
    /// `wanted[path.0][..path.1]`.
    path: (usize, usize),
    offset: Option<usize>,
    /// How many of the wanted paths are exactly this one.
    wanted: usize,
    /// The next slot whose path has the same hash.
    next: Option<u32>,
}

struct Walk<'a> {
    wanted: &'a [Path],
    tokens: Tokens<'a>,
    path: Vec<Key<'a>>,
    /// `hashes[i]` is the hash of `path[..i]`.
    hashes: Vec<u64>,
    slots: Vec<Slot>,
    /// The first slot of each path hash.
    by_hash: PathMap<u32>,
    /// Full wanted paths not yet found (counting duplicates), for stopping early.
    exact_left: usize,
    done: bool,
}

impl<'a> Walk<'a> {
    fn top(&mut self) {
        // `#![enable(...)]` attributes come before the value.
        while self.tokens.peek().kind == Kind::Hash {
            self.tokens.next();
            if self.tokens.peek().kind == Kind::Bang {
                self.tokens.next();
            }
            if self.tokens.peek().kind == Kind::Open(b'[') {
                self.tokens.next();
                self.skip_group();
            }
        }
        self.value();
    }

    fn push(&mut self, key: Key<'a>) {
        let h = key_hash(*self.hashes.last().unwrap_or(&0), &key);
        self.path.push(key);
        self.hashes.push(h);
    }

    fn pop(&mut self) {
        self.path.pop();
        self.hashes.pop();
    }

    /// The slot of `path` (whose hash is `h`), if it was asked for.
    fn find(&self, h: u64, path: &[Key]) -> Option<&Slot> {
        let mut at = self.by_hash.get(&h).copied();
        while let Some(k) = at {
            let slot = &self.slots[k as usize];
            if self.wanted[slot.path.0][..slot.path.1] == *path {
                return Some(slot);
            }
            at = slot.next;
        }
        None
    }

    /// Records where the value at the current path starts (the first time it is seen).
    fn visit(&mut self, offset: usize) {
        let h = *self.hashes.last().unwrap_or(&0);
        let mut at = self.by_hash.get(&h).copied();
        while let Some(k) = at {
            let slot = &mut self.slots[k as usize];
            if self.wanted[slot.path.0][..slot.path.1] == self.path[..] {
                if slot.offset.is_none() {
                    slot.offset = Some(offset);
                    self.exact_left = self.exact_left.saturating_sub(slot.wanted);
                    if self.exact_left == 0 {
                        self.done = true;
                    }
                }
                return;
            }
            at = slot.next;
        }
    }

    fn value(&mut self) {
        if self.done {
            return;
        }
        let token = self.tokens.next();
        self.visit(token.start);
        match token.kind {
            Kind::Ident if self.tokens.peek().kind == Kind::Open(b'(') => {
                self.tokens.next();
                // `Some(x)` is looked through: `narration.zh` finds the `zh` inside `Some((zh: …))`.
                let transparent = &self.tokens.text[token.start..token.end] == "Some";
                self.members(transparent);
            }
            Kind::Open(b'(') => self.members(false),
            Kind::Open(b'[') => self.items(),
            Kind::Open(_) => self.skip_group(),
            _ => {}
        }
    }

    /// The inside of `( … )`: named fields, or positional members.
    fn members(&mut self, transparent: bool) {
        let mut index = 0;
        loop {
            if self.done {
                return;
            }
            let token = self.tokens.peek();
            match token.kind {
                Kind::Close | Kind::End => {
                    self.tokens.next();
                    return;
                }
                Kind::Comma => {
                    self.tokens.next();
                    continue;
                }
                _ => {}
            }
            if token.kind == Kind::Ident && self.tokens.peek_second().kind == Kind::Colon {
                self.tokens.next();
                self.tokens.next();
                let name = &self.tokens.text[token.start..token.end];
                self.push(Key::Field(name));
                self.value();
                self.pop();
            } else if transparent && index == 0 {
                self.value();
            } else {
                self.push(Key::Index(index));
                self.value();
                self.pop();
            }
            index += 1;
        }
    }

    /// The inside of `[ … ]`.
    fn items(&mut self) {
        let mut index = 0;
        loop {
            if self.done {
                return;
            }
            match self.tokens.peek().kind {
                Kind::Close | Kind::End => {
                    self.tokens.next();
                    return;
                }
                Kind::Comma => {
                    self.tokens.next();
                    continue;
                }
                _ => {}
            }
            self.push(Key::Index(index));
            self.value();
            self.pop();
            index += 1;
        }
    }

    /// Skips to the close of a group whose opening token was just read (maps, attributes).
    fn skip_group(&mut self) {
        let mut depth = 1usize;
        while depth > 0 {
            match self.tokens.next().kind {
                Kind::Open(_) => depth += 1,
                Kind::Close => depth -= 1,
                Kind::End => return,
                _ => {}
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Open(u8),
    Close,
    Comma,
    Colon,
    Hash,
    Bang,
    Ident,
    /// A string, character, number, or anything else that is one value on its own.
    Scalar,
    End,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Token {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
}

/// RON tokens with comments and whitespace skipped; strings are one token whatever they contain.
#[derive(Clone)]
pub(crate) struct Tokens<'a> {
    pub text: &'a str,
    pos: usize,
    peeked: Option<Token>,
}

impl<'a> Tokens<'a> {
    pub fn new(text: &'a str) -> Self {
        Tokens {
            text,
            pos: 0,
            peeked: None,
        }
    }

    pub fn peek(&mut self) -> Token {
        if let Some(t) = self.peeked {
            return t;
        }
        let t = self.scan();
        self.peeked = Some(t);
        t
    }

    fn peek_second(&mut self) -> Token {
        self.peek();
        let mut ahead = self.clone();
        ahead.peeked = None;
        ahead.scan()
    }

    pub fn next(&mut self) -> Token {
        match self.peeked.take() {
            Some(t) => t,
            None => self.scan(),
        }
    }

    fn scan(&mut self) -> Token {
        let bytes = self.text.as_bytes();
        loop {
            let Some(&b) = bytes.get(self.pos) else {
                return Token {
                    kind: Kind::End,
                    start: self.pos,
                    end: self.pos,
                };
            };
            let start = self.pos;
            let single = |kind| Token {
                kind,
                start,
                end: start + 1,
            };
            match b {
                b' ' | b'\t' | b'\n' | b'\r' => self.pos += 1,
                b'/' if bytes.get(start + 1) == Some(&b'/') => {
                    self.pos = self.text[start..].find('\n').map_or(bytes.len(), |i| start + i + 1);
                }
                b'/' if bytes.get(start + 1) == Some(&b'*') => self.block_comment(),
                b'(' | b'[' | b'{' => {
                    self.pos += 1;
                    return single(Kind::Open(b));
                }
                b')' | b']' | b'}' => {
                    self.pos += 1;
                    return single(Kind::Close);
                }
                b',' => {
                    self.pos += 1;
                    return single(Kind::Comma);
                }
                b':' => {
                    self.pos += 1;
                    return single(Kind::Colon);
                }
                b'#' => {
                    self.pos += 1;
                    return single(Kind::Hash);
                }
                b'!' => {
                    self.pos += 1;
                    return single(Kind::Bang);
                }
                b'"' => {
                    self.quoted(b'"');
                    return self.token(Kind::Scalar, start);
                }
                b'\'' => {
                    self.quoted(b'\'');
                    return self.token(Kind::Scalar, start);
                }
                b'r' if matches!(bytes.get(start + 1), Some(b'"' | b'#')) && self.raw_string() => {
                    return self.token(Kind::Scalar, start);
                }
                b if b.is_ascii_alphabetic() || b == b'_' => {
                    self.pos += 1;
                    while bytes
                        .get(self.pos)
                        .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
                    {
                        self.pos += 1;
                    }
                    // `b"bytes"`: the prefix and the string are one value.
                    if self.pos == start + 1 && b == b'b' && bytes.get(self.pos) == Some(&b'"') {
                        self.quoted(b'"');
                        return self.token(Kind::Scalar, start);
                    }
                    return self.token(Kind::Ident, start);
                }
                b if b.is_ascii_digit() || b == b'-' || b == b'+' || b == b'.' => {
                    self.pos += 1;
                    while bytes
                        .get(self.pos)
                        .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_' || *c == b'.')
                    {
                        self.pos += 1;
                    }
                    return self.token(Kind::Scalar, start);
                }
                _ => {
                    // Anything else (a stray or full-width character) is one value-like token.
                    let len = self.text[start..].chars().next().map_or(1, char::len_utf8);
                    self.pos += len;
                    if self.text[start..self.pos].chars().all(char::is_whitespace) {
                        continue;
                    }
                    return self.token(Kind::Scalar, start);
                }
            }
        }
    }

    fn token(&self, kind: Kind, start: usize) -> Token {
        Token {
            kind,
            start,
            end: self.pos,
        }
    }

    /// Skips a quoted string or character starting at `pos`, honouring backslash escapes.
    fn quoted(&mut self, quote: u8) {
        let bytes = self.text.as_bytes();
        self.pos += 1;
        while let Some(&b) = bytes.get(self.pos) {
            self.pos += 1;
            if b == b'\\' {
                self.pos += 1;
            } else if b == quote {
                break;
            }
        }
        self.pos = self.pos.min(bytes.len());
    }

    /// Skips `r"…"` or `r#"…"#`; false (nothing consumed) if `r#` is a raw identifier instead.
    fn raw_string(&mut self) -> bool {
        let rest = &self.text[self.pos + 1..];
        let hashes = rest.bytes().take_while(|&b| b == b'#').count();
        if rest.as_bytes().get(hashes) != Some(&b'"') {
            return false;
        }
        let close = format!("\"{}", "#".repeat(hashes));
        let body = self.pos + 1 + hashes + 1;
        self.pos = self.text[body..]
            .find(&close)
            .map_or(self.text.len(), |i| body + i + close.len());
        true
    }

    /// Skips a (nestable) block comment.
    fn block_comment(&mut self) {
        let bytes = self.text.as_bytes();
        let mut depth = 0usize;
        while self.pos < bytes.len() {
            if bytes[self.pos] == b'/' && bytes.get(self.pos + 1) == Some(&b'*') {
                depth += 1;
                self.pos += 2;
            } else if bytes[self.pos] == b'*' && bytes.get(self.pos + 1) == Some(&b'/') {
                depth -= 1;
                self.pos += 2;
                if depth == 0 {
                    return;
                }
            } else {
                self.pos += 1;
            }
        }
    }
}

/// 1-based (line, column in characters) for byte offsets, from one pass over the line starts.
pub struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        Lines { text, starts }
    }

    pub fn position(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let column = self.text.get(start..offset).map_or(0, |s| s.chars().count()) + 1;
        (line, column)
    }
}

/// Each node's id with the line and column of its `id` in `text` (0, 0 where it cannot be found): for
/// tools that name nodes an author should look at.
pub fn node_positions(scenario: &crate::Scenario, text: &str) -> Vec<(String, usize, usize)> {
    let wanted: Vec<Path> = (0..scenario.nodes.len())
        .map(|n| crate::path!["nodes", n, "id"])
        .collect();
    let lines = Lines::new(text);
    locate(text, &wanted)
        .into_iter()
        .zip(&scenario.nodes)
        .map(|(offset, node)| {
            let (line, column) = offset.map_or((0, 0), |o| lines.position(o));
            (node.id.clone(), line, column)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, path: Path) -> Option<(usize, usize)> {
        locate(text, &[path])[0].map(|o| Lines::new(text).position(o))
    }

    #[test]
    fn finds_values_by_structure() {
        let src = "Scenario(\n  id: \"a\\\"b\", // id\n  nodes: [\n    (id: \"x\", next: Node(\"y\")),\n    /* (id: \"q\") */ (id: \"y\", narration: Some((zh: \"汤\", en: \"s\"))),\n  ],\n)";
        assert_eq!(at(src, path!["id"]), Some((2, 7)));
        assert_eq!(at(src, path!["nodes", 1, "id"]), Some((5, 26)));
        assert_eq!(at(src, path!["nodes", 0, "next", 0]), Some((4, 26)));
        assert_eq!(at(src, path!["nodes", 1, "narration", "en"]), Some((5, 61)));
        // Not written: falls back to the nearest written ancestor.
        assert_eq!(at(src, path!["nodes", 0, "choices", 2]), Some((4, 5)));
        assert_eq!(at(src, path!["nodes", 7]), Some((3, 10)));
    }

    #[test]
    fn positions_count_lines_and_characters_from_one() {
        let src = "a\n汤汤 \"x\"\n";
        assert_eq!(Lines::new(src).position(src.find("\"x\"").unwrap()), (2, 4));
    }
}
