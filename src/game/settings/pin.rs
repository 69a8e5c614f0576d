//! Floor 2 · The trainer PIN as the settings file keeps it: a salted hash, checked when the file is read.

use serde::{Deserialize, Serialize};

/// A trainer PIN: 4 to 8 digits, easy to type on a classroom keyboard and quick to change.
pub const PIN_LENGTH: std::ops::RangeInclusive<usize> = 4..=8;

/// Whether `pin` is acceptable as a trainer PIN.
pub fn valid_pin(pin: &str) -> bool {
    PIN_LENGTH.contains(&pin.chars().count()) && pin.chars().all(|c| c.is_ascii_digit())
}

/// The trainer PIN as the settings file keeps it: `blake3:SALT:HASH`, never the digits. This keeps the PIN
/// from being read off the file; it cannot stop someone who may edit the file (they could delete it), and
/// a few digits can always be guessed by trying them all — it is a classroom lock, not a password store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PinHash {
    salt: String,
    hash: blake3::Hash,
}

const PIN_HASH_SCHEME: &str = "blake3";
const PIN_HASH_CONTEXT: &str = "goodwill 2026 trainer PIN v1";

impl PinHash {
    /// Hashes a valid PIN with a fresh random salt; `None` for a PIN that breaks [`valid_pin`].
    pub fn new(pin: &str) -> Option<PinHash> {
        if !valid_pin(pin) {
            return None;
        }
        let salt = uuid::Uuid::new_v4().simple().to_string();
        let hash = Self::digest(&salt, pin);
        Some(PinHash { salt, hash })
    }

    fn digest(salt: &str, pin: &str) -> blake3::Hash {
        let mut hasher = blake3::Hasher::new_derive_key(PIN_HASH_CONTEXT);
        hasher.update(salt.as_bytes());
        hasher.update(b":");
        hasher.update(pin.as_bytes());
        hasher.finalize()
    }

    /// Whether `pin` is the PIN this was made from (`blake3::Hash` compares in constant time).
    pub fn matches(&self, pin: &str) -> bool {
        Self::digest(&self.salt, pin) == self.hash
    }
}

impl TryFrom<String> for PinHash {
    type Error = String;

    fn try_from(stored: String) -> Result<Self, String> {
        let mistake = || {
            format!(
                "trainer_pin must be a PIN hashed by the game (\"{PIN_HASH_SCHEME}:…\"), set on its settings \
                 screen; a PIN written into the file by hand is refused"
            )
        };
        let mut parts = stored.split(':');
        let (Some(PIN_HASH_SCHEME), Some(salt), Some(hash), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(mistake());
        };
        if salt.len() != 32 || !salt.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(mistake());
        }
        let hash = blake3::Hash::from_hex(hash).map_err(|_| mistake())?;
        Ok(PinHash {
            salt: salt.to_owned(),
            hash,
        })
    }
}

impl From<PinHash> for String {
    fn from(pin: PinHash) -> String {
        format!("{PIN_HASH_SCHEME}:{}:{}", pin.salt, pin.hash.to_hex())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pin_is_kept_salted_and_hashed_and_read_back_by_the_same_rules() {
        assert!(PinHash::new("123").is_none() && PinHash::new("12a4").is_none());
        let pin = PinHash::new("2468").unwrap();
        let stored = String::from(pin.clone());
        assert!(stored.starts_with("blake3:") && !stored.contains("2468"), "{stored}");
        assert_ne!(
            stored,
            String::from(PinHash::new("2468").unwrap()),
            "each PIN gets its own salt"
        );
        let back = PinHash::try_from(stored.clone()).unwrap();
        assert!(back.matches("2468") && !back.matches("2467"));
    }
}
