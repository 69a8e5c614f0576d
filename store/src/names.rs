//! What a name and a scenario id may be: the rules every way into the database applies (the game, the
//! command line, an import), kept apart so the modules that apply them depend on it and not on each other.

use goodwill_engine::quote;
use goodwill_engine::text::is_invisible;
use unicode_normalization::UnicodeNormalization;

use crate::error::{Result, StoreError};

/// Longest profile or class name, in characters (it must fit a card on the projector).
pub const MAX_NAME_CHARS: usize = 40;

/// Invisible characters a name may still hold *between* visible ones: the joiners some scripts need
/// (Persian, Indic, emoji sequences) and the variation selectors that pick a glyph.
fn joiner(ch: char) -> bool {
    matches!(ch, '\u{200C}' | '\u{200D}' | '\u{FE00}'..='\u{FE0F}')
}

/// Trims a name, brings it to Unicode's composed form (NFC: "á" typed as one character or as "a" and an
/// accent is one name) and checks it is usable, or says why not. A name that is empty once spaces and
/// invisible characters are left out, or that holds a control, a line separator, a direction override
/// (U+202E) or a zero-width space, is refused: it would show as nothing, or look like another name.
pub fn clean_name(kind: &str, name: &str) -> Result<String> {
    let name: String = name.nfc().collect();
    // Spaces and zero-width spaces or byte order marks around a name (pasted from a document) go.
    let name = name.trim_matches(|c: char| c.is_whitespace() || matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}'));
    if name.is_empty()
        || name
            .chars()
            .all(|c| is_invisible(c) || c.is_whitespace() || c.is_control())
    {
        return Err(StoreError::Invalid(format!(
            "a {kind} name cannot be empty (spaces and invisible characters do not count): type a name"
        )));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(StoreError::Invalid(format!(
            "a {kind} name can have at most {MAX_NAME_CHARS} characters: {} is longer",
            quote(name)
        )));
    }
    if let Some(bad) = name
        .chars()
        .find(|&c| c.is_control() || (is_invisible(c) && !joiner(c)))
    {
        return Err(StoreError::Invalid(format!(
            "a {kind} name cannot contain control characters, or invisible or direction-changing ones \
             (U+{:04X} in {}): type it again without it",
            u32::from(bad),
            quote(name)
        )));
    }
    Ok(name.to_owned())
}

/// A name as it is looked up: the same composed form [`clean_name`] stores, so a name typed in another
/// form still finds its trainee or class (a name that would be refused is looked up as given).
pub fn lookup_name(name: &str) -> String {
    clean_name("lookup", name).unwrap_or_else(|_| name.to_owned())
}

/// Whether `id` is a scenario id as the loader accepts it: lowercase letters, digits and dashes.
pub fn is_scenario_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 100
        && id
            .chars()
            .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn composed_and_decomposed_names_are_one_name() {
        assert_eq!(clean_name("trainee", "a\u{301}").unwrap(), "\u{e1}");
        assert_eq!(clean_name("trainee", " \u{e1} ").unwrap(), "\u{e1}");
    }

    #[test]
    fn invisible_and_direction_changing_names_are_refused() {
        for bad in [
            "\u{200B}",
            "\u{FEFF}",
            "\u{202E}",
            "\u{2028}",
            " \u{200B}\u{FEFF} ",
            "\u{202E}Ann",
            "A\u{200B}nn",
        ] {
            let e = clean_name("trainee", bad).unwrap_err().to_string();
            assert!(e.contains("trainee name"), "{bad:?}: {e}");
        }
        assert_eq!(clean_name("trainee", "\u{FEFF}王芳").unwrap(), "王芳");
    }
}
