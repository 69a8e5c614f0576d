//! Problems found in a scenario file, each pointing at `file:line:column` where it can.

use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth a look; the scenario still plays.
    Warning,
    /// The scenario cannot be played until it is fixed.
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: PathBuf,
    /// 1-based; `None` when the problem concerns the whole file.
    pub line: Option<usize>,
    /// 1-based, counted in characters.
    pub column: Option<usize>,
    pub message: String,
}

impl Diagnostic {
    pub fn error(file: impl Into<PathBuf>, at: Option<(usize, usize)>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, file, at, message)
    }

    pub fn warning(file: impl Into<PathBuf>, at: Option<(usize, usize)>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, file, at, message)
    }

    fn new(
        severity: Severity,
        file: impl Into<PathBuf>,
        at: Option<(usize, usize)>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity,
            file: file.into(),
            line: at.map(|(l, _)| l),
            column: at.map(|(_, c)| c),
            message: message.into(),
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let (Some(line), Some(column)) = (self.line, self.column) {
            write!(f, ":{line}:{column}")?;
        }
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, ": {severity}: {}", self.message)
    }
}

/// Finds positions in a scenario's source text, so that problems found after parsing (a dangling
/// reference, a missing translation) still point at a line and column.
pub struct SourceIndex<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> SourceIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        SourceIndex { text, line_starts }
    }

    /// 1-based (line, column in characters) of a byte offset.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1);
        let start = self.line_starts[line - 1];
        let column = self.text[start..offset.min(self.text.len())].chars().count() + 1;
        (line, column)
    }

    /// Byte offsets of every `"value"` string literal whose preceding token is `key` followed by `:`
    /// or `(` — e.g. `id: "soup"` for key `id`, or `Node("soup")` for key `Node`.
    pub fn find_keyed(&self, key: &str, value: &str) -> Vec<usize> {
        let quoted = format!("\"{value}\"");
        self.text
            .match_indices(&quoted)
            .filter(|(i, _)| {
                let before = self.text[..*i].trim_end();
                if let Some(b) = before.strip_suffix(':').or_else(|| before.strip_suffix('(')) {
                    return b.trim_end().ends_with(key);
                }
                // Inside a list such as `keeps: ["a", "b"]`: accept when the list belongs to `key`.
                if before.ends_with('[') || before.ends_with(',') {
                    let open = before.rfind('[').unwrap_or(0);
                    let closed_since = before[open..].contains(']');
                    return !closed_since
                        && before[..open]
                            .trim_end()
                            .strip_suffix(':')
                            .is_some_and(|b| b.trim_end().ends_with(key));
                }
                false
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// Position of the n-th (0-based) keyed string literal, or of the first one if there are fewer.
    pub fn locate_keyed(&self, key: &str, value: &str, nth: usize) -> Option<(usize, usize)> {
        let hits = self.find_keyed(key, value);
        hits.get(nth).or(hits.first()).map(|&i| self.position(i))
    }

    /// Position of the first occurrence of `needle` at or after byte offset `from`.
    pub fn locate_from(&self, needle: &str, from: usize) -> Option<(usize, usize)> {
        if needle.is_empty() {
            return None;
        }
        self.text.get(from..)?.find(needle).map(|i| self.position(from + i))
    }

    /// Byte offset of a 1-based position (inverse of [`Self::position`], used to search onwards).
    pub fn offset(&self, (line, column): (usize, usize)) -> usize {
        let start = self.line_starts.get(line.saturating_sub(1)).copied().unwrap_or(0);
        self.text[start..]
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(self.text.len(), |(i, _)| start + i)
    }

    /// Position of `key:` — for top-level fields such as `start:`.
    pub fn locate_field(&self, key: &str) -> Option<(usize, usize)> {
        self.locate_from(&format!("{key}:"), 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_characters_from_one() {
        let src = "a\n汤汤 \"x\"\n";
        let index = SourceIndex::new(src);
        let at = src.find("\"x\"").unwrap();
        assert_eq!(index.position(at), (2, 4));
    }

    #[test]
    fn finds_ids_and_references_by_their_key() {
        let src = "nodes: [\n  (id: \"a\", next: Node(\"b\")),\n  (id: \"b\"),\n]\nkeeps: [\"z\", \"b\"]";
        let index = SourceIndex::new(src);
        assert_eq!(index.locate_keyed("id", "b", 0), Some((3, 8)));
        assert_eq!(index.locate_keyed("Node", "b", 0), Some((2, 24)));
        assert_eq!(index.locate_keyed("keeps", "b", 0), Some((5, 14)));
    }
}
