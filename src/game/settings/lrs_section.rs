//! Floor 2 · The settings screen's learning record store (LRS) section as data: which field is being typed
//! into, a typed value checked by the settings file's rules before it is kept, the password saved into the
//! OS keyring, and "Test connection" — the keyring and the network each on a thread of their own, polled
//! every frame, so a frame never waits for them. What happened is one line in words.

use std::sync::Mutex;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use bevy::prelude::*;
use goodwill_engine::Lang;
use goodwill_store::lrs::{self, Lrs, LrsError, LrsSettings, Password};

use crate::game::lrs_sender::LrsPasswordChanges;

/// The section's fields that are typed into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LrsField {
    Endpoint,
    User,
    HomePage,
    Password,
}

impl LrsField {
    pub const ALL: [LrsField; 4] = [
        LrsField::Endpoint,
        LrsField::User,
        LrsField::HomePage,
        LrsField::Password,
    ];

    /// The field's current value as typing starts (the password is never read back: it starts empty).
    pub fn value(self, settings: &LrsSettings) -> String {
        match self {
            LrsField::Endpoint => settings.endpoint.clone(),
            LrsField::User => settings.user.clone(),
            LrsField::HomePage => settings.account_home_page.clone(),
            LrsField::Password => None,
        }
        .unwrap_or_default()
    }
}

/// The last thing to tell the trainer about the section, in either language.
#[derive(Debug, Clone, PartialEq)]
pub enum LrsNote {
    /// A value broke the settings file's rules: nothing was kept. The checker's words (English).
    Refused(String),
    /// The password needs the address and user first (it is kept for that user at that address).
    NeedsAddressAndUser,
    /// Waiting for the keyring or the LRS.
    Working,
    PasswordSaved,
    /// Kept in the keyring, but `GOODWILL_LRS_PASSWORD` is set and wins while it is.
    PasswordSavedEnvWins,
    /// The keyring could not keep (or be reached for) the password: its words, which suggest the variable.
    KeyringFailed(String),
    Connected {
        endpoint: String,
    },
    /// "Test connection" failed: why, in words.
    NotConnected(ConnectionProblem),
}

/// Why a connection test failed.
#[derive(Debug, Clone, PartialEq)]
pub enum ConnectionProblem {
    WrongPassword {
        endpoint: String,
    },
    Forbidden {
        endpoint: String,
    },
    Unreachable {
        endpoint: String,
    },
    Tls {
        endpoint: String,
    },
    /// No endpoint, user or password: the setup's own line (English).
    NotSetUp(String),
    Other(String),
}

impl ConnectionProblem {
    fn of(error: &LrsError) -> ConnectionProblem {
        match error {
            LrsError::WrongPassword { endpoint } => ConnectionProblem::WrongPassword {
                endpoint: endpoint.clone(),
            },
            LrsError::Forbidden { endpoint, .. } => ConnectionProblem::Forbidden {
                endpoint: endpoint.clone(),
            },
            LrsError::Unreachable { endpoint, .. } => ConnectionProblem::Unreachable {
                endpoint: endpoint.clone(),
            },
            LrsError::Tls { endpoint, .. } => ConnectionProblem::Tls {
                endpoint: endpoint.clone(),
            },
            LrsError::Setup(text) => ConnectionProblem::NotSetUp(text.clone()),
            other => ConnectionProblem::Other(other.to_string()),
        }
    }
}

impl LrsNote {
    /// The note in `lang`.
    pub fn describe(&self, lang: Lang) -> String {
        use ConnectionProblem as P;
        match (self, lang) {
            (LrsNote::Refused(why), Lang::Zh) => format!("未保存：{why}"),
            (LrsNote::Refused(why), Lang::En) => format!("Not saved: {why}"),
            (LrsNote::NeedsAddressAndUser, Lang::Zh) => "请先填写 LRS 地址和用户名，密码按它们保存。".into(),
            (LrsNote::NeedsAddressAndUser, Lang::En) => {
                "Set the LRS address and user first: the password is kept for them.".into()
            }
            (LrsNote::Working, Lang::Zh) => "请稍候……".into(),
            (LrsNote::Working, Lang::En) => "Working…".into(),
            (LrsNote::PasswordSaved, Lang::Zh) => "密码已存入系统钥匙串（不写入设置文件）。".into(),
            (LrsNote::PasswordSaved, Lang::En) => {
                "Password kept in the OS keyring (never in the settings file).".into()
            }
            (LrsNote::PasswordSavedEnvWins, Lang::Zh) => {
                "密码已存入系统钥匙串；但环境变量 GOODWILL_LRS_PASSWORD 已设置，目前仍以它为准。".into()
            }
            (LrsNote::PasswordSavedEnvWins, Lang::En) => {
                "Password kept in the OS keyring; but GOODWILL_LRS_PASSWORD is set, and is used while it is.".into()
            }
            (LrsNote::KeyringFailed(why), Lang::Zh) => {
                format!("密码没有保存：无法使用系统钥匙串。可改用环境变量 GOODWILL_LRS_PASSWORD。（{why}）")
            }
            (LrsNote::KeyringFailed(why), Lang::En) => format!("Password not kept: {why}"),
            (LrsNote::Connected { endpoint }, Lang::Zh) => format!("LRS 已连接：{endpoint}"),
            (LrsNote::Connected { endpoint }, Lang::En) => format!("Connected to the LRS: {endpoint}"),
            (LrsNote::NotConnected(P::WrongPassword { endpoint }), Lang::Zh) => {
                format!("LRS {endpoint} 不接受这个用户名或密码。")
            }
            (LrsNote::NotConnected(P::WrongPassword { endpoint }), Lang::En) => {
                format!("The LRS at {endpoint} refused the user name or password.")
            }
            (LrsNote::NotConnected(P::Forbidden { endpoint }), Lang::Zh) => {
                format!("LRS {endpoint} 不允许这个用户读写成绩，请找它的管理员。")
            }
            (LrsNote::NotConnected(P::Forbidden { endpoint }), Lang::En) => {
                format!("The LRS at {endpoint} does not allow this user; ask its administrator.")
            }
            (LrsNote::NotConnected(P::Unreachable { endpoint }), Lang::Zh) => {
                format!("连接不上 LRS {endpoint}：它在运行吗？地址对吗？")
            }
            (LrsNote::NotConnected(P::Unreachable { endpoint }), Lang::En) => {
                format!("Cannot reach the LRS at {endpoint}: is it running, and is the address right?")
            }
            (LrsNote::NotConnected(P::Tls { endpoint }), Lang::Zh) => {
                format!("与 {endpoint} 的安全连接失败，请检查地址和证书。")
            }
            (LrsNote::NotConnected(P::Tls { endpoint }), Lang::En) => {
                format!("The secure connection to {endpoint} failed; check the address and its certificate.")
            }
            (LrsNote::NotConnected(P::NotSetUp(why)), Lang::Zh) => format!("还不能连接：{why}"),
            (LrsNote::NotConnected(P::NotSetUp(why)), Lang::En) => format!("Cannot connect yet: {why}"),
            (LrsNote::NotConnected(P::Other(why)), Lang::Zh) => format!("连接失败：{why}"),
            (LrsNote::NotConnected(P::Other(why)), Lang::En) => format!("The test failed: {why}"),
        }
    }

    /// Whether the note reports something wrong (shown in the warning colour).
    pub fn is_problem(&self) -> bool {
        matches!(
            self,
            LrsNote::Refused(_) | LrsNote::NeedsAddressAndUser | LrsNote::KeyringFailed(_) | LrsNote::NotConnected(_)
        )
    }
}

/// What a finished thread hands back.
enum Done {
    PasswordSaved(Result<(), String>),
    Tested(Result<String, ConnectionProblem>),
}

/// The section's state on the settings screen.
#[derive(Resource, Default)]
pub struct LrsEdit {
    /// The field being typed into (its text is `text_input::NameBuffer`).
    pub editing: Option<LrsField>,
    pub note: Option<LrsNote>,
    /// The thread at work (a `Mutex` only so the resource may be shared between systems).
    task: Option<Mutex<Receiver<Done>>>,
}

impl LrsEdit {
    /// Whether the keyring or the LRS is being waited for.
    pub fn busy(&self) -> bool {
        self.task.is_some()
    }

    /// Keeps a typed value when `settings` with it still follow the settings file's rules; otherwise says
    /// why and keeps nothing. The password goes to the keyring (on a thread), never into `settings`.
    pub fn commit(&mut self, field: LrsField, typed: &str, settings: &mut LrsSettings) {
        let typed = typed.trim();
        let value = (!typed.is_empty()).then(|| typed.to_owned());
        let mut candidate = settings.clone();
        match field {
            LrsField::Endpoint => candidate.endpoint = value,
            LrsField::User => candidate.user = value,
            LrsField::HomePage => candidate.account_home_page = value,
            LrsField::Password => {
                self.save_password(settings, Password::new(typed));
                return;
            }
        }
        self.keep_if_valid(candidate, settings);
    }

    /// Turns sending on or off, if the settings allow it (on needs an address and a user).
    pub fn toggle(&mut self, settings: &mut LrsSettings) {
        let candidate = LrsSettings {
            enabled: !settings.enabled,
            ..settings.clone()
        };
        self.keep_if_valid(candidate, settings);
    }

    fn keep_if_valid(&mut self, candidate: LrsSettings, settings: &mut LrsSettings) {
        match candidate.checked() {
            Ok(checked) => {
                if *settings != checked {
                    *settings = checked;
                }
                self.note = None;
            }
            Err(why) => self.note = Some(LrsNote::Refused(why)),
        }
    }

    fn save_password(&mut self, settings: &LrsSettings, password: Password) {
        let (Some(endpoint), Some(user)) = (settings.endpoint.clone(), settings.user.clone()) else {
            self.note = Some(LrsNote::NeedsAddressAndUser);
            return;
        };
        if password.is_empty() {
            return;
        }
        self.run(move || {
            let saved = Lrs::new(&endpoint, &user, Password::new(""))
                .map_err(|e| e.to_string())
                .and_then(|lrs| lrs::save_password(&lrs.endpoint, &lrs.user, &password).map_err(|e| e.to_string()));
            Done::PasswordSaved(saved)
        });
    }

    /// "Test connection": asks the LRS, with the password found as the sender finds it.
    pub fn test(&mut self, settings: &LrsSettings) {
        let settings = settings.clone();
        self.run(move || {
            let answer = settings
                .lrs(None, None)
                .and_then(|lrs| lrs::check(&lrs).map(|()| lrs.endpoint))
                .map_err(|e| ConnectionProblem::of(&e));
            Done::Tested(answer)
        });
    }

    fn run(&mut self, work: impl FnOnce() -> Done + Send + 'static) {
        let (tell, answer) = channel();
        let spawned = std::thread::Builder::new().name("lrs-settings".into()).spawn(move || {
            let _ = tell.send(work());
        });
        match spawned {
            Ok(_) => {
                self.task = Some(Mutex::new(answer));
                self.note = Some(LrsNote::Working);
            }
            Err(e) => self.note = Some(LrsNote::KeyringFailed(format!("cannot start a thread: {e}"))),
        }
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<LrsEdit>().add_systems(Update, poll);
}

/// Picks up a finished keyring save or connection test; a saved password restarts the sender with it.
fn poll(mut edit: ResMut<LrsEdit>, mut changes: ResMut<LrsPasswordChanges>) {
    let Some(task) = &edit.bypass_change_detection().task else {
        return;
    };
    let received = match task.lock() {
        Ok(receiver) => receiver.try_recv(),
        Err(poisoned) => poisoned.into_inner().try_recv(),
    };
    let done = match received {
        Ok(done) => done,
        Err(TryRecvError::Empty) => return,
        Err(TryRecvError::Disconnected) => Done::Tested(Err(ConnectionProblem::Other("the check stopped".into()))),
    };
    edit.task = None;
    edit.note = Some(match done {
        Done::PasswordSaved(Ok(())) => {
            changes.0 += 1;
            if Password::from_env().is_some() {
                LrsNote::PasswordSavedEnvWins
            } else {
                LrsNote::PasswordSaved
            }
        }
        Done::PasswordSaved(Err(why)) => LrsNote::KeyringFailed(why),
        Done::Tested(Ok(endpoint)) => LrsNote::Connected { endpoint },
        Done::Tested(Err(problem)) => LrsNote::NotConnected(problem),
    });
}
