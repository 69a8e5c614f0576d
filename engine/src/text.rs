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
            other => Err(format!("unknown language `{other}` (expected zh or en)")),
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

/// Shorthand for built-in bilingual strings.
pub fn t(zh: &str, en: &str) -> Bilingual {
    Bilingual::new(zh, en)
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
    fn parses_language_codes() {
        assert_eq!("EN".parse::<Lang>().unwrap(), Lang::En);
        assert!("fr".parse::<Lang>().is_err());
    }
}
