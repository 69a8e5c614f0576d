//! The LRS password in the OS keyring (Credential Manager on Windows, the Secret Service on Linux), and the
//! one order the password is looked for in: `GOODWILL_LRS_PASSWORD` when set, else the keyring. One keyring
//! entry per user at an endpoint. No error here carries the password: the keyring's own errors are said in
//! words (one of them holds the stored bytes, so it is never formatted).

use std::sync::mpsc;
use std::time::Duration;

use super::{PASSWORD_ENV, Password};

/// The keyring's service name for Goodwill's LRS passwords.
pub const KEYRING_SERVICE: &str = "goodwill-lrs";

/// How long a keyring call may take: a Secret Service that waits on an unlock prompt nobody sees must not
/// hold up a command or the settings screen for ever.
const KEYRING_TIMEOUT: Duration = Duration::from_secs(15);

/// Where the password was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordSource {
    Environment,
    Keyring,
}

/// Why the keyring could not be used, in one line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyringError {
    #[error("no OS keyring can be reached here ({detail}); set {PASSWORD_ENV} to give the LRS password instead")]
    Unavailable { detail: String },
    #[error("the OS keyring refused: {detail}")]
    Refused { detail: String },
}

/// The account an entry is kept under: the user at the endpoint (without a trailing slash).
fn account(endpoint: &str, user: &str) -> String {
    format!("{} @ {}", user.trim(), endpoint.trim().trim_end_matches('/'))
}

/// The password for `user` at `endpoint`: `GOODWILL_LRS_PASSWORD` when set and not empty, else the
/// keyring's entry. `Ok(None)` when neither has one; `Err` when the variable is unset and the keyring
/// cannot be reached.
pub fn find_password(endpoint: &str, user: &str) -> Result<Option<(Password, PasswordSource)>, KeyringError> {
    if let Some(password) = Password::from_env() {
        return Ok(Some((password, PasswordSource::Environment)));
    }
    Ok(keyring_password(endpoint, user)?.map(|p| (p, PasswordSource::Keyring)))
}

/// The keyring's password for `user` at `endpoint`, if it holds one.
pub fn keyring_password(endpoint: &str, user: &str) -> Result<Option<Password>, KeyringError> {
    let account = account(endpoint, user);
    with_timeout(move || platform::get(&account))
}

/// Keeps `password` in the keyring for `user` at `endpoint`, replacing what was there.
pub fn save_password(endpoint: &str, user: &str, password: &Password) -> Result<(), KeyringError> {
    if password.reveal().is_empty() {
        return Err(KeyringError::Refused {
            detail: "an empty password is not kept".into(),
        });
    }
    let account = account(endpoint, user);
    let password = password.clone();
    with_timeout(move || platform::set(&account, &password))
}

/// Removes the keyring's password for `user` at `endpoint`; whether there was one.
pub fn forget_password(endpoint: &str, user: &str) -> Result<bool, KeyringError> {
    let account = account(endpoint, user);
    with_timeout(move || platform::delete(&account))
}

/// Runs a keyring call on a thread of its own and waits at most [`KEYRING_TIMEOUT`] for it.
fn with_timeout<T: Send + 'static>(
    call: impl FnOnce() -> Result<T, KeyringError> + Send + 'static,
) -> Result<T, KeyringError> {
    let (done, answer) = mpsc::channel();
    let spawned = std::thread::Builder::new().name("keyring".into()).spawn(move || {
        let _ = done.send(call());
    });
    if let Err(e) = spawned {
        return Err(KeyringError::Unavailable {
            detail: format!("cannot start a thread for it: {e}"),
        });
    }
    answer.recv_timeout(KEYRING_TIMEOUT).unwrap_or_else(|_| {
        Err(KeyringError::Unavailable {
            detail: format!(
                "it did not answer within {} s (is it locked?)",
                KEYRING_TIMEOUT.as_secs()
            ),
        })
    })
}

#[cfg(any(windows, target_os = "linux"))]
mod platform {
    use keyring::{Entry, Error};

    use super::{KEYRING_SERVICE, KeyringError};
    use crate::lrs::Password;

    /// The keyring's error in words. `BadEncoding` holds the stored bytes and `Ambiguous` the credentials,
    /// so neither is formatted.
    fn said(error: Error) -> KeyringError {
        match error {
            Error::NoStorageAccess(e) | Error::PlatformFailure(e) => KeyringError::Unavailable {
                detail: one_line(&e.to_string()),
            },
            Error::BadEncoding(_) => KeyringError::Refused {
                detail: "the stored password is not UTF-8 text; set it again".into(),
            },
            Error::Ambiguous(_) => KeyringError::Refused {
                detail: "it holds more than one password for this user; forget them and set it again".into(),
            },
            Error::TooLong(what, most) => KeyringError::Refused {
                detail: format!("the {what} is longer than the keyring allows ({most})"),
            },
            Error::Invalid(what, why) => KeyringError::Refused {
                detail: format!("the {what} is not accepted: {why}"),
            },
            Error::NoEntry => KeyringError::Refused {
                detail: "no password is kept there".into(),
            },
            other => KeyringError::Refused {
                detail: one_line(&format!("{other}")),
            },
        }
    }

    fn one_line(text: &str) -> String {
        text.chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .take(200)
            .collect()
    }

    fn entry(account: &str) -> Result<Entry, KeyringError> {
        Entry::new(KEYRING_SERVICE, account).map_err(said)
    }

    pub fn get(account: &str) -> Result<Option<Password>, KeyringError> {
        match entry(account)?.get_password() {
            Ok(password) => Ok(Some(Password::new(password))),
            Err(Error::NoEntry) => Ok(None),
            Err(e) => Err(said(e)),
        }
    }

    pub fn set(account: &str, password: &Password) -> Result<(), KeyringError> {
        entry(account)?.set_password(password.reveal()).map_err(said)
    }

    pub fn delete(account: &str) -> Result<bool, KeyringError> {
        match entry(account)?.delete_credential() {
            Ok(()) => Ok(true),
            Err(Error::NoEntry) => Ok(false),
            Err(e) => Err(said(e)),
        }
    }
}

#[cfg(not(any(windows, target_os = "linux")))]
mod platform {
    use super::KeyringError;
    use crate::lrs::Password;

    fn unavailable() -> KeyringError {
        KeyringError::Unavailable {
            detail: "this build of Goodwill has no keyring support for this system".into(),
        }
    }

    pub fn get(_: &str) -> Result<Option<Password>, KeyringError> {
        Err(unavailable())
    }

    pub fn set(_: &str, _: &Password) -> Result<(), KeyringError> {
        Err(unavailable())
    }

    pub fn delete(_: &str) -> Result<bool, KeyringError> {
        Err(unavailable())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_is_the_user_at_the_endpoint_whatever_the_trailing_slash() {
        assert_eq!(
            account("http://lrs.local/xAPI/", " ann "),
            account("http://lrs.local/xAPI", "ann")
        );
        assert_ne!(
            account("http://lrs.local/xAPI", "ann"),
            account("http://lrs.local/xAPI", "bob")
        );
    }
}
