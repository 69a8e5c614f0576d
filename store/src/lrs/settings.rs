//! The LRS section of the settings file: where results go, who sends them, who the trainees' accounts
//! belong to, and whether the game sends by itself. Checked when read, like everything from outside: a
//! bad address is refused with the settings file's line, never used.

use serde::{Deserialize, Serialize};

use super::{Lrs, LrsError, Password};

/// `lrs: (enabled: true, endpoint: "http://…/xAPI", user: "trainer", account_home_page: "https://…")`.
/// No password: it comes from `GOODWILL_LRS_PASSWORD` or the OS keyring, and is never written into the file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawLrsSettings")]
pub struct LrsSettings {
    /// Whether the game sends finished attempts by itself (the `lrs` commands work either way).
    pub enabled: bool,
    /// The xAPI base, e.g. `http://127.0.0.1:8100/xAPI`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    /// The `homePage` of trainee accounts (the organisation's address); the example domain when unset.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_home_page: Option<String>,
}

#[derive(Deserialize)]
#[serde(default, deny_unknown_fields)]
#[derive(Default)]
struct RawLrsSettings {
    enabled: bool,
    endpoint: Option<String>,
    user: Option<String>,
    account_home_page: Option<String>,
}

impl TryFrom<RawLrsSettings> for LrsSettings {
    type Error = String;

    fn try_from(raw: RawLrsSettings) -> Result<Self, String> {
        if let Some(endpoint) = &raw.endpoint {
            // The same check the commands make; the user and password do not matter here.
            Lrs::new(endpoint, "check", Password::new("")).map_err(|e| e.to_string())?;
        }
        if let Some(user) = &raw.user
            && (user.trim().is_empty() || user.contains(':') || user.chars().any(char::is_control))
        {
            return Err("the LRS user must be a name without `:` or control characters".into());
        }
        if let Some(page) = &raw.account_home_page {
            crate::outbox::check_home_page(page).map_err(|e| e.to_string())?;
        }
        if raw.enabled && (raw.endpoint.is_none() || raw.user.is_none()) {
            return Err("sending to the LRS is on, but its endpoint or user is missing".into());
        }
        Ok(LrsSettings {
            enabled: raw.enabled,
            endpoint: raw.endpoint,
            user: raw.user,
            account_home_page: raw.account_home_page,
        })
    }
}

impl LrsSettings {
    /// Nothing set: the section is left out of the file.
    pub fn is_unset(&self) -> bool {
        *self == LrsSettings::default()
    }

    /// The LRS to talk to: `endpoint` and `user` given on the command line win over the saved ones; the
    /// password comes from `GOODWILL_LRS_PASSWORD`, else the OS keyring ([`super::find_password`]).
    pub fn lrs(&self, endpoint: Option<&str>, user: Option<&str>) -> Result<Lrs, LrsError> {
        let endpoint = endpoint.or(self.endpoint.as_deref()).ok_or_else(|| {
            LrsError::Setup(
                "no LRS endpoint: give --endpoint URL (the xAPI base, e.g. http://host:8100/xAPI) or save one in \
                 the settings"
                    .into(),
            )
        })?;
        let user = user.or(self.user.as_deref()).unwrap_or_default();
        // The address and user are checked before the keyring is asked about them.
        let checked = Lrs::new(endpoint, user, Password::new(""))?;
        let password = match super::find_password(&checked.endpoint, &checked.user) {
            Ok(Some((password, _))) => password,
            Ok(None) => {
                return Err(LrsError::Setup(format!(
                    "no LRS password for {} at {}: set {} or run `goodwill lrs password set` (it is never saved \
                     in a file)",
                    checked.user,
                    checked.endpoint,
                    super::PASSWORD_ENV
                )));
            }
            Err(e) => {
                return Err(LrsError::Setup(format!(
                    "no LRS password for {}: {e}",
                    checked.endpoint
                )));
            }
        };
        Ok(Lrs { password, ..checked })
    }

    /// Checks the section by the rules the settings file is read with (what the settings screen saves).
    pub fn checked(self) -> Result<LrsSettings, String> {
        LrsSettings::try_from(RawLrsSettings {
            enabled: self.enabled,
            endpoint: self.endpoint,
            user: self.user,
            account_home_page: self.account_home_page,
        })
    }
}
