//! Bilingual text: every player-visible string exists in Chinese first, then English.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A language the game can be played in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Simplified Chinese, the language the source documents are written in.
    #[default]
    Zh,
    /// English translation.
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::En];

    /// The short code used on the command line and in settings files.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// The other language (for a one-key language toggle).
    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }
}

impl std::str::FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "zh" | "cn" | "zh-cn" => Ok(Lang::Zh),
            "en" => Ok(Lang::En),
            other => Err(format!("unknown language {} (expected zh or en)", quote(other))),
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A string in both languages. Written in scenario files as `(zh: "…", en: "…")`.
///
/// Both fields default to empty so that a missing translation is reported by the validator with the
/// file position of the text, instead of as a bare "missing field" parse error.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bilingual {
    #[serde(default)]
    pub zh: String,
    #[serde(default)]
    pub en: String,
}

impl Bilingual {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Bilingual {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The text in `lang`; falls back to the other language rather than showing nothing.
    pub fn get(&self, lang: Lang) -> &str {
        let (want, other) = match lang {
            Lang::Zh => (&self.zh, &self.en),
            Lang::En => (&self.en, &self.zh),
        };
        if want.trim().is_empty() { other } else { want }
    }

    /// Which languages are missing (empty or whitespace only).
    pub fn missing(&self) -> Vec<Lang> {
        let mut out = Vec::new();
        if self.zh.trim().is_empty() {
            out.push(Lang::Zh);
        }
        if self.en.trim().is_empty() {
            out.push(Lang::En);
        }
        out
    }
}

/// The most characters of a value that an error message repeats: enough to recognise it, never so much
/// that a 50 MB name fills the terminal.
pub const QUOTE_CHARS: usize = 80;

/// A user's value as an error message quotes it: control and invisible characters escaped, and cut to
/// [`QUOTE_CHARS`] characters with the full length said (`"Ann…" (1048576 characters)`). Every message
/// that repeats a value from a file, a flag or a database goes through this one function.
pub fn quote(value: &str) -> String {
    let total = value.chars().count();
    let mut shown = String::new();
    let mut kept = 0;
    for ch in value.chars() {
        if kept == QUOTE_CHARS {
            break;
        }
        kept += 1;
        let escaped: String = if ch.is_control() || is_invisible(ch) {
            ch.escape_unicode().collect()
        } else if ch == '`' || ch == '\\' {
            ch.escape_default().collect()
        } else {
            ch.to_string()
        };
        shown.push_str(&escaped);
    }
    if kept < total {
        format!("`{shown}…` ({total} characters)")
    } else {
        format!("`{shown}`")
    }
}

/// The longest message a diagnostic carries: a few lines of text, whatever the file held.
pub const MAX_MESSAGE_CHARS: usize = 600;

/// A message with every `` `quoted` `` value longer than [`QUOTE_CHARS`] cut by [`quote`], and the whole
/// cut to [`MAX_MESSAGE_CHARS`]: the scenario checker's messages quote ids and values from the file in
/// backticks, and a 10 MB id must not print 10 MB.
pub fn shorten_quoted(message: &str) -> String {
    let parts: Vec<&str> = message.split('`').collect();
    let mut out = String::new();
    for (i, part) in parts.iter().enumerate() {
        let quoted = i % 2 == 1;
        let closed = i + 1 < parts.len();
        if !quoted {
            out.push_str(part);
        } else if closed && part.chars().count() > QUOTE_CHARS && !part.ends_with('…') {
            // (A value already cut by `quote` ends in "…" and is left as it is.)
            out.push_str(&quote(part));
        } else {
            out.push('`');
            out.push_str(part);
            if closed {
                out.push('`');
            }
        }
    }
    match out.char_indices().nth(MAX_MESSAGE_CHARS) {
        Some((cut, _)) => format!("{}… ({} characters in all)", &out[..cut], out.chars().count()),
        None => out,
    }
}

/// Characters that show nothing, or reorder what follows them: zero-width spaces and joiners, the byte
/// order mark, bidirectional controls, line and paragraph separators, soft hyphens and other format
/// characters. A name made only of these looks empty, or like another name.
pub fn is_invisible(ch: char) -> bool {
    matches!(
        ch,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF0}'..='\u{FFFB}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E0FFF}'
    )
}

/// Shorthand for built-in bilingual strings.
pub fn t(zh: &str, en: &str) -> Bilingual {
    Bilingual::new(zh, en)
}

/// Where, in `feedback`, the game names the cited document (`number`, such as `000`): the byte range of
/// the number inside the final bracket (（000、003） in Chinese, (000, 003) in English), where the
/// document's title then goes; `None` when the feedback does not end with such a bracket, and the title
/// is added in a bracket of its own after it.
pub fn citation_slot(feedback: &str, number: &str, lang: Lang) -> Option<std::ops::Range<usize>> {
    let (open, close) = match lang {
        Lang::Zh => ('（', '）'),
        Lang::En => ('(', ')'),
    };
    let body = feedback.trim_end().strip_suffix(close)?;
    let at = body.rfind(open)?;
    let inner_start = at + open.len_utf8();
    let inner = &body[inner_start..];
    let digit_at = |i: usize| inner[i..].chars().next().is_some_and(|c| c.is_ascii_digit());
    inner
        .match_indices(number)
        .map(|(i, _)| i)
        .find(|&i| {
            let before = inner[..i].chars().next_back().is_none_or(|c| !c.is_ascii_digit());
            let after = i + number.len() >= inner.len() || !digit_at(i + number.len());
            before && after
        })
        .map(|i| inner_start + i..inner_start + i + number.len())
}

/// True when `text` names document `number` (three digits standing alone, as in 000 or （000）).
pub fn names_document(text: &str, number: &str) -> bool {
    text.match_indices(number).any(|(i, _)| {
        let before = text[..i].chars().next_back().is_none_or(|c| !c.is_ascii_digit());
        let after = text[i + number.len()..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_ascii_digit());
        before && after
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn falls_back_to_the_other_language_when_one_is_missing() {
        let text = Bilingual::new("你好", "");
        assert_eq!(text.get(Lang::En), "你好");
        assert_eq!(text.missing(), vec![Lang::En]);
    }

    #[test]
    fn quotes_at_most_a_line_of_a_value() {
        assert_eq!(quote("Ann"), "`Ann`");
        let huge = "名".repeat(1_000_000);
        let quoted = quote(&huge);
        assert!(quoted.chars().count() < QUOTE_CHARS + 40, "{quoted}");
        assert!(quoted.ends_with("(1000000 characters)"));
        assert_eq!(quote("a\u{202E}b\n"), "`a\\u{202e}b\\u{a}`");
    }

    #[test]
    fn diagnostics_quote_long_values_briefly() {
        let id = "x".repeat(10_000_000);
        let message = shorten_quoted(&format!("scenario id `{id}` must be lowercase; node `a` too"));
        assert!(message.len() < 300, "{message}");
        assert!(
            message.contains("(10000000 characters) must be lowercase; node `a` too"),
            "{message}"
        );
        assert_eq!(shorten_quoted("node `start` is fine"), "node `start` is fine");
    }

    #[test]
    fn parses_language_codes() {
        assert_eq!("EN".parse::<Lang>().unwrap(), Lang::En);
        assert!("fr".parse::<Lang>().is_err());
    }
}
