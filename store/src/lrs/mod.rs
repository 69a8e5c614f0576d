//! A learning record store (xAPI) as a destination and a source: [`push`] sends the outbox in batches,
//! [`pull`] reads a class's attempts back through the checks an import applies.
//!
//! The password comes from [`PASSWORD_ENV`], else the OS keyring ([`find_password`]): it is never printed,
//! logged, or written into a file or report, and no error message carries it (errors name the endpoint).

mod client;
mod keyring;
mod pull;
mod push;
mod settings;

pub use keyring::{
    KEYRING_SERVICE, KeyringError, PasswordSource, find_password, forget_password, keyring_password, save_password,
};
pub use pull::{PullSummary, check, class_statement_ids, pull};
pub use push::{PushOptions, PushSummary, push};
pub use settings::LrsSettings;

/// The environment variable holding the LRS password.
pub const PASSWORD_ENV: &str = "GOODWILL_LRS_PASSWORD";

/// A password that never shows: `Debug` and `Display` print stars.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    pub fn new(text: impl Into<String>) -> Password {
        Password(text.into())
    }

    /// [`PASSWORD_ENV`], when set and not empty.
    pub fn from_env() -> Option<Password> {
        std::env::var(PASSWORD_ENV).ok().filter(|p| !p.is_empty()).map(Password)
    }

    /// Whether it is the empty text (never a usable password).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub(crate) fn reveal(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("********")
    }
}

/// Where statements go and who sends them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lrs {
    /// The xAPI base, e.g. `http://127.0.0.1:8100/xAPI`, without a trailing slash.
    pub endpoint: String,
    pub user: String,
    pub password: Password,
}

impl Lrs {
    /// Checks the endpoint: an http(s) address with no user or password in it (those go in `--user` and
    /// [`PASSWORD_ENV`], so an address can be shown anywhere).
    pub fn new(endpoint: &str, user: &str, password: Password) -> Result<Lrs, LrsError> {
        let endpoint = endpoint.trim().trim_end_matches('/');
        let bad = |why: &str| {
            Err(LrsError::Setup(format!(
                "the LRS endpoint {} {why}",
                goodwill_engine::quote(endpoint)
            )))
        };
        let Some(rest) = endpoint
            .strip_prefix("https://")
            .or_else(|| endpoint.strip_prefix("http://"))
        else {
            return bad("is not an http:// or https:// address (for example http://127.0.0.1:8100/xAPI)");
        };
        let authority = rest.split('/').next().unwrap_or_default();
        if authority.is_empty() {
            return bad("names no host");
        }
        if authority.contains('@') {
            return Err(LrsError::Setup(
                "the LRS endpoint must not carry a user name or password: give the user with --user (or the \
                 settings) and the password in GOODWILL_LRS_PASSWORD"
                    .into(),
            ));
        }
        if endpoint.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return bad("has spaces in it");
        }
        if user.trim().is_empty() {
            return Err(LrsError::Setup(format!(
                "no LRS user for {endpoint}: give --user NAME (or set it in the settings)"
            )));
        }
        Ok(Lrs {
            endpoint: endpoint.to_owned(),
            user: user.trim().to_owned(),
            password,
        })
    }
}

/// What went wrong talking to an LRS: one line each, naming the endpoint and never the credentials.
#[derive(Debug, thiserror::Error)]
pub enum LrsError {
    #[error("{0}")]
    Setup(String),
    #[error("cannot reach the LRS at {endpoint}: {detail}. Is it running, and is the address right?")]
    Unreachable { endpoint: String, detail: String },
    #[error(
        "the secure connection to the LRS at {endpoint} failed (TLS: {detail}); check the address and its certificate"
    )]
    Tls { endpoint: String, detail: String },
    #[error(
        "the LRS at {endpoint} refused the user name or password (HTTP 401): check --user and the password (GOODWILL_LRS_PASSWORD or \
         `goodwill lrs password set`)"
    )]
    WrongPassword { endpoint: String },
    #[error("the LRS at {endpoint} does not let this user {what} (HTTP 403): ask its administrator for the right")]
    Forbidden { endpoint: String, what: &'static str },
    #[error("the LRS at {endpoint} answered HTTP {status} {what}: {detail}")]
    Answer {
        endpoint: String,
        status: u16,
        what: &'static str,
        detail: String,
    },
    #[error(transparent)]
    Store(#[from] crate::StoreError),
}

impl LrsError {
    /// Whether trying again later may succeed (the LRS was down or busy), as opposed to something a person
    /// must fix (a password, an address, the LRS refusing).
    pub fn is_transient(&self) -> bool {
        match self {
            LrsError::Unreachable { .. } => true,
            LrsError::Answer { status, .. } => *status >= 500 || *status == 429 || *status == 408,
            LrsError::Store(crate::StoreError::Busy) => true,
            _ => false,
        }
    }
}

/// A bounded, printable piece of an LRS's answer for a message (its JSON `detail`/`message` when there is one).
pub(crate) fn answer_detail(body: &str) -> String {
    let parsed: Option<serde_json::Value> = serde_json::from_str(body).ok();
    let text = parsed
        .as_ref()
        .and_then(|v| v.get("detail").or_else(|| v.get("message")))
        .map(|d| match d {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .unwrap_or_else(|| body.to_owned());
    let one_line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(300)
        .collect();
    if one_line.trim().is_empty() {
        "(no explanation given)".into()
    } else {
        one_line.trim().to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_endpoint_with_credentials_in_it_is_refused_without_repeating_them() {
        let e = Lrs::new("http://ann:secret@lrs.local/xAPI", "ann", Password::new("x")).unwrap_err();
        assert!(!e.to_string().contains("secret"), "{e}");
        assert!(Lrs::new("ftp://lrs.local", "ann", Password::new("x")).is_err());
        assert!(Lrs::new("http://lrs.local/xAPI", " ", Password::new("x")).is_err());
        let lrs = Lrs::new("http://lrs.local/xAPI/", "ann", Password::new("pw")).unwrap();
        assert_eq!(lrs.endpoint, "http://lrs.local/xAPI");
        assert!(!format!("{lrs:?}").contains("pw"));
    }
}
