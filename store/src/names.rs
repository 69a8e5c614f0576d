//! What a name and a scenario id may be: the rules every way into the database applies (the game, the
//! command line, an import), kept apart so the modules that apply them depend on it and not on each other.

use crate::error::{Result, StoreError};

/// Longest profile or class name, in characters (it must fit a card on the projector).
pub const MAX_NAME_CHARS: usize = 40;

/// Trims a name and checks it is usable, or says why not.
pub fn clean_name(kind: &str, name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(StoreError::Invalid(format!("a {kind} name cannot be empty")));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(StoreError::Invalid(format!(
            "a {kind} name can have at most {MAX_NAME_CHARS} characters"
        )));
    }
    if name.chars().any(char::is_control) {
        return Err(StoreError::Invalid(format!(
            "a {kind} name cannot contain control characters"
        )));
    }
    Ok(name.to_owned())
}

/// Whether `id` is a scenario id as the loader accepts it: lowercase letters, digits and dashes.
pub fn is_scenario_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 100
        && id
            .chars()
            .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-')
}
