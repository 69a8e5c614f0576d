//! Says what went wrong when a file is not valid RON, in the words of the slip that caused it: ron only
//! knows what it expected where it stopped (`Expected comma`), which is often a line after the cause.
//!
//! Each diagnosis looks at the tokens around ron's error position ([`crate::locate::Tokens`]) and names
//! the cause's own place: a straight `"` that ends a Chinese line early, a text whose closing `"` is
//! missing, a bracket left open (found by the file's indentation), a misspelt tag.

use crate::locate::{Kind, Lines, Token, Tokens};
use crate::principles::{AntiPattern, Principle};
use crate::suggest::closest;
use crate::text::quote;

/// Characters that may follow a closed string in valid RON (after spaces).
fn may_follow_string(c: char) -> bool {
    c.is_whitespace() || matches!(c, ',' | ')' | ']' | '}' | ':' | '/')
}

/// A string that ends right before ron's error, glued to what follows it: either a straight `"` inside
/// the text ended it early, or its own closing `"` is missing and it ran on into the next field.
pub fn string_slip(text: &str, error_offset: usize) -> Option<(usize, String)> {
    let mut tokens = Tokens::new(text);
    let mut last_string: Option<Token> = None;
    loop {
        let token = tokens.next();
        if token.kind == Kind::End || token.start > error_offset {
            break;
        }
        if token.kind == Kind::Scalar && text[token.start..].starts_with('"') {
            last_string = Some(token);
        } else if token.start < error_offset {
            last_string = None;
        }
    }
    let string = last_string?;
    let lines = Lines::new(text);
    let body = &text[string.start..string.end];
    let closed = body.len() >= 2 && body.ends_with('"');
    let glued = text[string.end..].chars().next().is_some_and(|c| !may_follow_string(c));
    // The next field's name inside the text: the text before it was never closed.
    let ran_on = [", en:", ",en:", ", zh:", ",zh:", "\n"]
        .iter()
        .filter_map(|marker| body.find(marker))
        .min();
    if let Some(inner) = ran_on.filter(|_| glued || !closed) {
        let (line, column) = lines.position(string.start);
        let (missing_line, missing_column) = lines.position(string.start + inner);
        return Some((
            string.start,
            format!(
                "the text that starts at line {line}, column {column} is not closed: its closing `\"` is missing at line {missing_line}, column {missing_column} (before {}), so it runs on into what follows; add the `\"`",
                quote(
                    body[inner..]
                        .trim_start_matches(',')
                        .trim()
                        .lines()
                        .next()
                        .unwrap_or_default()
                )
            ),
        ));
    }
    if closed && glued {
        let quote_at = string.end - 1;
        let (line, column) = lines.position(quote_at);
        return Some((
            quote_at,
            format!(
                "a straight `\"` inside the text {} (line {line}, column {column}) ends the text early: inside a Chinese line use 「」 or “”, inside an English one ‘’, or write it as `\\\"`",
                quote(body)
            ),
        ));
    }
    None
}

/// Curly quotes typed around a text instead of RON's straight ones: the first one found up to the token
/// after ron's error.
pub fn curly_quotes(text: &str, error_offset: usize) -> Option<(usize, String)> {
    let mut tokens = Tokens::new(text);
    loop {
        let token = tokens.next();
        if token.kind == Kind::End {
            return None;
        }
        let word = &text[token.start..token.end];
        if token.kind == Kind::Scalar
            && let Some(c) = word.chars().next().filter(|c| matches!(c, '“' | '”' | '＂' | '„'))
        {
            return Some((
                token.start,
                format!(
                    "curly quote `{c}` around a text: RON's texts need straight quotes, `\"…\"` (switch the input method to half-width, or retype the quotes); curly quotes are fine inside the text"
                ),
            ));
        }
        if token.start > error_offset {
            return None;
        }
    }
}

/// A bracket left open, found by the file's indentation: a closing bracket that starts a line further
/// left than the line that opened the innermost open bracket closes an outer one, so the inner one was
/// never closed. Also a `(` closed by `]` (or the reverse), and brackets still open at the end.
pub fn unclosed_bracket(text: &str, error_offset: usize) -> Option<(usize, String)> {
    let lines = Lines::new(text);
    let indent_of_line = |offset: usize| {
        let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let indent = text[start..].chars().take_while(|c| *c == ' ' || *c == '\t').count();
        let first_on_line = text[start..offset].trim().is_empty();
        (indent, first_on_line)
    };
    let mut tokens = Tokens::new(text);
    let mut open: Vec<(u8, usize)> = Vec::new();
    let closer = |b: u8| match b {
        b'(' => ')',
        b'[' => ']',
        _ => '}',
    };
    let unclosed = |(b, at): (u8, usize), why: String| {
        let (line, column) = lines.position(at);
        let opener = text[..at]
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_ascii_alphanumeric() || *c == '_')
            .last()
            .map_or(at, |(i, _)| i);
        let name = &text[opener..at];
        Some((
            at,
            format!(
                "`{name}{}` at line {line}, column {column} is never closed: add its `{}` ({why})",
                b as char,
                closer(b)
            ),
        ))
    };
    loop {
        let token = tokens.next();
        match token.kind {
            Kind::End => {
                return open
                    .last()
                    .filter(|(_, at)| *at <= error_offset)
                    .and_then(|&o| unclosed(o, "the file ends first".into()));
            }
            Kind::Open(b) => open.push((b, token.start)),
            Kind::Close => {
                let c = text.as_bytes()[token.start];
                let Some(&(b, at)) = open.last() else {
                    let (line, column) = lines.position(token.start);
                    return Some((
                        token.start,
                        format!(
                            "an extra `{}` at line {line}, column {column} closes nothing: remove it",
                            c as char
                        ),
                    ));
                };
                let (indent, first) = indent_of_line(token.start);
                let (open_indent, _) = indent_of_line(at);
                let same_line = lines.position(at).0 == lines.position(token.start).0;
                let mismatched = c as char != closer(b);
                let left_of_opener = first && !same_line && indent < open_indent;
                if (mismatched || left_of_opener) && at <= error_offset {
                    let (line, _) = lines.position(token.start);
                    return unclosed(
                        (b, at),
                        format!("the `{}` on line {line} closes an outer bracket", c as char),
                    );
                }
                open.pop();
            }
            _ => {}
        }
    }
}

/// A tag ron did not know: the closest one, and where a principle or an anti-pattern belongs.
pub fn unknown_variant(found: &str, expected: &[&str], outer: Option<&str>) -> Option<String> {
    let principles: Vec<String> = Principle::ALL.iter().map(|p| format!("{p:?}")).collect();
    let anti: Vec<String> = AntiPattern::ALL.iter().map(|a| format!("{a:?}")).collect();
    let is = |list: &[String]| list.iter().any(|n| n == found);
    let hint = match outer {
        Some("AntiPattern") if is(&principles) => Some(format!(
            "`{found}` is a principle, not an anti-pattern: put it in `applies: [...]`, not in `breaks: [...]`"
        )),
        Some("Principle") if is(&anti) => Some(format!(
            "`{found}` is an anti-pattern, not a principle: put it in `breaks: [...]`, not in `applies: [...]`"
        )),
        _ => None,
    };
    if hint.is_some() {
        return hint;
    }
    let near = closest(found, expected.iter().copied())?;
    let what = match outer {
        Some("Principle") => "principle",
        Some("AntiPattern") => "anti-pattern",
        _ => "name",
    };
    Some(format!("unknown {what} `{found}`: did you mean `{near}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stray_quote_in_a_chinese_line_is_named_at_the_quote() {
        let text = "(zh: \"他说\"好的\"再见\", en: \"x\")";
        let error = text.find("好").unwrap();
        let (at, message) = string_slip(text, error).expect("diagnosed");
        assert_eq!(&text[at..at + 1], "\"");
        assert!(message.contains("straight `\"` inside the text"), "{message}");
    }

    #[test]
    fn an_unclosed_text_names_where_its_quote_is_missing() {
        let text = "(zh: \"送回来, en: \"Bring it\")";
        let error = text.find("Bring").unwrap();
        let (_, message) = string_slip(text, error).expect("diagnosed");
        assert!(message.contains("is not closed"), "{message}");
        assert!(message.contains("column 10"), "{message}");
    }

    #[test]
    fn a_bracket_left_open_is_found_by_indentation() {
        let text = "(\n    a: [\n        (\n            next: Node(\"x\"\n        ),\n        (b: 1),\n    ],\n)";
        let error = text.find("(b").unwrap();
        let (at, message) = unclosed_bracket(text, error).expect("diagnosed");
        assert_eq!(&text[at..at + 1], "(");
        assert!(message.starts_with("`Node(` at line 4"), "{message}");
    }
}
