//! What a finished file must not keep: the 【…】 / […] placeholders `goodwill new` writes, and characters
//! the game's font cannot draw. Both are found in the file's texts (its strings, never its comments),
//! with line and column.

use std::collections::BTreeMap;
use std::path::Path;

use crate::diagnostic::Diagnostic;
use crate::locate::{Kind, Lines, Tokens};
use crate::text::quote;

/// The skeleton's English placeholder, when a text is one: the whole text in square brackets, or a
/// bracket followed only by its citation (`[Why it works] (001)`). A text that goes on after its bracket
/// (`[Sighs] Fine.`) is the author's own.
fn english_placeholder(inner: &str) -> Option<&str> {
    let rest = inner.strip_prefix('[')?;
    let close = rest.find(']')?;
    let after = rest[close + 1..].trim();
    let citation = after.starts_with('(')
        && after.ends_with(')')
        && after[1..after.len() - 1]
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == ' ');
    (close > 0 && (after.is_empty() || citation)).then(|| &inner[..close + 2])
}

/// Warnings for placeholders left in and characters outside the font, in the order of the file.
pub fn scan(file: &Path, text: &str) -> Vec<Diagnostic> {
    let lines = Lines::new(text);
    let mut out = Vec::new();
    // Each character missing from the font: where it is first, and how often it occurs.
    let mut missing: BTreeMap<usize, (char, usize)> = BTreeMap::new();
    let mut first_of: std::collections::HashMap<char, usize> = std::collections::HashMap::new();
    let mut placeholders: Vec<((usize, usize), Vec<String>)> = Vec::new();
    let mut tokens = Tokens::new(text);
    loop {
        let token = tokens.next();
        if token.kind == Kind::End {
            break;
        }
        let word = &text[token.start..token.end];
        if token.kind != Kind::Scalar || !word.starts_with('"') {
            continue;
        }
        let inner = word.trim_start_matches('"').trim_end_matches('"');
        let placeholder = if let Some(at) = word.find('【').filter(|_| word.contains('】')) {
            let end = word[at..].find('】').map_or(word.len(), |e| at + e + '】'.len_utf8());
            Some((token.start + at, &word[at..end]))
        } else {
            english_placeholder(inner).map(|words| (token.start + 1, words))
        };
        if let Some((offset, words)) = placeholder {
            let position = lines.position(offset);
            // One warning a line: a skeleton's line holds the Chinese and the English placeholder.
            match placeholders.last_mut() {
                Some((at, list)) if at.0 == position.0 => list.push(quote(words)),
                _ => placeholders.push((position, vec![quote(words)])),
            }
        }
        for (i, c) in word.char_indices() {
            if crate::glyphs::in_font(c) {
                continue;
            }
            match first_of.get(&c) {
                Some(first) => {
                    if let Some(entry) = missing.get_mut(first) {
                        entry.1 += 1;
                    }
                }
                None => {
                    first_of.insert(c, token.start + i);
                    missing.insert(token.start + i, (c, 1));
                }
            }
        }
    }
    for (at, words) in placeholders {
        out.push(Diagnostic::warning(
            file,
            Some(at),
            format!(
                "{} {} left from `goodwill new`: replace {} with the case's own words",
                if words.len() > 1 { "placeholders" } else { "placeholder" },
                words.join(" and "),
                if words.len() > 1 { "them" } else { "it" },
            ),
        ));
    }
    for (offset, (c, count)) in missing {
        let (line, column) = lines.position(offset);
        let more = if count > 1 {
            format!(", and {} more time(s) after it", count - 1)
        } else {
            String::new()
        };
        out.push(Diagnostic::warning(
            file,
            Some((line, column)),
            format!(
                "the character {} (U+{:04X}) at line {line}, column {column}{more} is not in the game's font: the game would show a box; use another character, or add it to the font with `python3 assets/fonts/subset.py` (it takes every character of the scenarios; needs fonts-noto-cjk and fonttools) and ship the new font",
                quote(&c.to_string()),
                u32::from(c)
            ),
        ));
    }
    out.sort_by_key(|d| (d.line, d.column));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bracketed_placeholder_is_found_and_a_stage_direction_is_not() {
        assert_eq!(english_placeholder("[Answer A]"), Some("[Answer A]"));
        assert_eq!(english_placeholder("[Why it works] (001)"), Some("[Why it works]"));
        assert_eq!(english_placeholder("[Sighs] Fine, go on."), None);
        assert_eq!(english_placeholder("Fine [sighs]"), None);
    }
}
