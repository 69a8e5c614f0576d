//! Floor 2 · Sends finished attempts to the learning record store in the background while the game runs:
//! a thread of its own with its own connection to the results database, so play never waits for the
//! network. It looks every two seconds whether anything committed (an attempt finished: SQLite's
//! `data_version`), pushes the outbox when something waits, and after a failure waits longer each time
//! (5 s doubling to 10 min). A wrong password (401) or a user the LRS refuses (403) stops it: trying again
//! cannot help, so it waits for the settings or the password to change (or the next start). It finds the
//! password itself (`GOODWILL_LRS_PASSWORD`, else the OS keyring), so a slow keyring never holds up a frame.
//! What it knows — how many results wait, the last problem in words — is shared with the title screen.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use bevy::prelude::*;
use goodwill_engine::Lang;
use goodwill_store::Store;
use goodwill_store::lrs::{self, LrsError, LrsSettings, PushOptions};

use crate::game::results::ResultsDb;
use crate::game::settings::Settings;

/// How often the sender looks for new results.
const LOOK_EVERY: Duration = Duration::from_secs(2);
/// The first wait after a failure; it doubles up to [`LONGEST_WAIT`].
const FIRST_WAIT: Duration = Duration::from_secs(5);
const LONGEST_WAIT: Duration = Duration::from_secs(600);

/// Why the last send did not go through, to be said in the player's language.
#[derive(Debug, Clone, PartialEq)]
pub enum SendProblem {
    /// Sending is on, but no password was found (neither `GOODWILL_LRS_PASSWORD` nor the keyring), or the
    /// keyring cannot be reached.
    NotSetUp(String),
    Unreachable {
        endpoint: String,
    },
    WrongPassword {
        endpoint: String,
    },
    Forbidden {
        endpoint: String,
    },
    Tls {
        endpoint: String,
    },
    /// Anything else (the LRS's own words, in English).
    Other(String),
}

impl SendProblem {
    fn of(error: &LrsError) -> SendProblem {
        match error {
            LrsError::Unreachable { endpoint, .. } => SendProblem::Unreachable {
                endpoint: endpoint.clone(),
            },
            LrsError::WrongPassword { endpoint } => SendProblem::WrongPassword {
                endpoint: endpoint.clone(),
            },
            LrsError::Forbidden { endpoint, .. } => SendProblem::Forbidden {
                endpoint: endpoint.clone(),
            },
            LrsError::Tls { endpoint, .. } => SendProblem::Tls {
                endpoint: endpoint.clone(),
            },
            LrsError::Setup(text) => SendProblem::NotSetUp(text.clone()),
            other => SendProblem::Other(other.to_string()),
        }
    }

    /// The problem in `lang`.
    pub fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (SendProblem::NotSetUp(_), Lang::Zh) => {
                "发送未设置好：请在设置中填写 LRS 密码（存入系统钥匙串），或设置环境变量 GOODWILL_LRS_PASSWORD".into()
            }
            (SendProblem::NotSetUp(text), Lang::En) => text.clone(),
            (SendProblem::Unreachable { endpoint }, Lang::Zh) => {
                format!("连接不上学习记录系统 {endpoint}，稍后会自动再发")
            }
            (SendProblem::Unreachable { endpoint }, Lang::En) => {
                format!("cannot reach the LRS at {endpoint}; sending again later by itself")
            }
            (SendProblem::WrongPassword { endpoint }, Lang::Zh) => {
                format!("学习记录系统 {endpoint} 不接受这个用户名或密码，已停止发送；改好设置或密码后再发")
            }
            (SendProblem::WrongPassword { endpoint }, Lang::En) => {
                format!(
                    "the LRS at {endpoint} refused the user name or password; sending stopped until the settings or \
                     password change"
                )
            }
            (SendProblem::Forbidden { endpoint }, Lang::Zh) => {
                format!("学习记录系统 {endpoint} 不允许这个用户发送成绩，已停止发送；改好设置后再发")
            }
            (SendProblem::Forbidden { endpoint }, Lang::En) => {
                format!(
                    "the LRS at {endpoint} does not let this user send results; sending stopped until the settings \
                     change"
                )
            }
            (SendProblem::Tls { endpoint }, Lang::Zh) => format!("与 {endpoint} 的安全连接失败，请检查地址和证书"),
            (SendProblem::Tls { endpoint }, Lang::En) => {
                format!("the secure connection to {endpoint} failed; check the address and its certificate")
            }
            (SendProblem::Other(text), _) => text.clone(),
        }
    }
}

/// What the sender knows, shared with the title screen. `generation` changes with every update, so a view
/// redraws only then.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SendStatus {
    /// Sending is on in the settings.
    pub enabled: bool,
    /// Results (attempts) whose statements wait to be sent.
    pub waiting: i64,
    /// Statements the LRS refused (see `goodwill lrs status`).
    pub parked: i64,
    pub problem: Option<SendProblem>,
    pub generation: u64,
}

impl SendStatus {
    /// The title screen's line: how many results wait and the last problem, in `lang`; `None` when sending
    /// is off, or nothing waits and nothing went wrong.
    pub fn title_line(&self, lang: Lang) -> Option<String> {
        if !self.enabled {
            return None;
        }
        let mut parts = Vec::new();
        if self.waiting > 0 {
            parts.push(match lang {
                Lang::Zh => format!("{} 条成绩等待发送", self.waiting),
                Lang::En if self.waiting == 1 => "1 result waiting to be sent".to_owned(),
                Lang::En => format!("{} results waiting to be sent", self.waiting),
            });
        }
        if self.parked > 0 {
            parts.push(match lang {
                Lang::Zh => format!("{} 条被拒收（见 goodwill lrs status）", self.parked),
                Lang::En => format!("{} refused (see goodwill lrs status)", self.parked),
            });
        }
        if let Some(problem) = &self.problem {
            parts.push(problem.describe(lang));
        }
        (!parts.is_empty()).then(|| parts.join(if lang == Lang::Zh { "；" } else { "; " }))
    }
}

/// The background sender, when sending is on. Dropping it tells the thread to stop (it ends at its next
/// look, or between two batches); nothing is lost if the game closes mid-send.
#[derive(Resource, Default)]
pub struct LrsSender {
    pub status: Arc<Mutex<SendStatus>>,
    stop: Arc<AtomicBool>,
    /// The settings and password change it was started with: a change restarts it.
    running_with: Option<(LrsSettings, u64)>,
    thread: Option<JoinHandle<()>>,
}

/// Counts changes of the LRS password (the settings screen saved or forgot one): each restarts the sender,
/// which then reads the password again.
#[derive(Resource, Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct LrsPasswordChanges(pub u64);

impl LrsSender {
    /// A copy of what the sender knows.
    pub fn status(&self) -> SendStatus {
        match self.status.lock() {
            Ok(status) => status.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Whether its thread is running: false when sending is off, and after a wrong password or a refused
    /// user stopped it.
    pub fn is_sending(&self) -> bool {
        self.thread.as_ref().is_some_and(|t| !t.is_finished())
    }

    fn halt(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

impl Drop for LrsSender {
    fn drop(&mut self) {
        self.halt();
    }
}

fn update(status: &Mutex<SendStatus>, change: impl FnOnce(&mut SendStatus)) {
    let mut guard = match status.lock() {
        Ok(guard) => guard,
        Err(poisoned) => poisoned.into_inner(),
    };
    change(&mut guard);
    guard.generation += 1;
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<LrsSender>()
        .init_resource::<LrsPasswordChanges>()
        .add_systems(
            Update,
            follow_settings.run_if(
                resource_changed::<Settings>
                    .or_else(resource_changed::<LrsPasswordChanges>)
                    .or_else(resource_added::<LrsSender>),
            ),
        );
}

/// Starts, restarts or stops the sender as the settings' LRS section says, and names trainees under the
/// saved account home page in what the game records.
fn follow_settings(
    settings: Res<Settings>,
    password: Res<LrsPasswordChanges>,
    db: Res<ResultsDb>,
    mut sender: ResMut<LrsSender>,
) {
    let wanted = settings.lrs.clone();
    if sender.running_with.as_ref() == Some(&(wanted.clone(), password.0)) {
        return;
    }
    if let Some(store) = db.lock() {
        let page = wanted
            .account_home_page
            .clone()
            .unwrap_or_else(|| goodwill_store::report::ACCOUNT_HOME_PAGE.to_owned());
        if let Err(e) = store.set_account_home_page(&page) {
            error!("{e}");
        }
    }
    // The old thread (if any) stops; the new one gets its own flag and status.
    sender.halt();
    sender.stop = Arc::new(AtomicBool::new(false));
    let generation = sender.status().generation + 1;
    sender.status = Arc::new(Mutex::new(SendStatus {
        generation,
        ..SendStatus::default()
    }));
    sender.running_with = Some((wanted.clone(), password.0));
    sender.thread = None;
    if !wanted.enabled || !db.is_open() {
        return;
    }
    let status = sender.status.clone();
    update(&status, |s| s.enabled = true);
    let path = db.dir.join(goodwill_store::DB_FILE);
    let stop = sender.stop.clone();
    let spawned = std::thread::Builder::new()
        .name("lrs-sender".into())
        .spawn(move || send_in_background(path, wanted, status, stop));
    match spawned {
        Ok(thread) => sender.thread = Some(thread),
        Err(e) => error!("LRS: cannot start the sender: {e}"),
    }
}

/// The sender's thread: find the password, look, push what waits, wait longer after each failure, stop
/// when told — or when the LRS refuses the user or password.
fn send_in_background(path: PathBuf, settings: LrsSettings, status: Arc<Mutex<SendStatus>>, stop: Arc<AtomicBool>) {
    let lrs = match settings.lrs(None, None) {
        Ok(lrs) => lrs,
        Err(e) => {
            warn!("LRS: {e}");
            update(&status, |s| s.problem = Some(SendProblem::of(&e)));
            return;
        }
    };
    let store = match Store::open(&path) {
        Ok(store) => store,
        Err(e) => {
            update(&status, |s| s.problem = Some(SendProblem::Other(e.to_string())));
            return;
        }
    };
    if let Some(page) = &settings.account_home_page
        && let Err(e) = store.set_account_home_page(page)
    {
        update(&status, |s| s.problem = Some(SendProblem::Other(e.to_string())));
        return;
    }
    let mut seen_version = None;
    let mut wait = FIRST_WAIT;
    let mut not_before = Instant::now();
    while !stop.load(Ordering::Relaxed) {
        let version = store.data_version().ok();
        if version != seen_version && Instant::now() >= not_before {
            seen_version = version;
            let counts = store.outbox_status(None);
            if let Ok(counts) = &counts {
                update(&status, |s| {
                    (s.waiting, s.parked) = (counts.attempts_waiting, counts.parked)
                });
            }
            if counts.is_ok_and(|c| c.waiting > 0) {
                let options = PushOptions {
                    tries: 1,
                    stop: Some(&stop),
                    ..PushOptions::default()
                };
                let result = lrs::push(&store, &lrs, &options);
                let counts = store.outbox_status(None).unwrap_or_default();
                match result {
                    Ok(_) => {
                        wait = FIRST_WAIT;
                        update(&status, |s| {
                            (s.waiting, s.parked, s.problem) = (counts.attempts_waiting, counts.parked, None)
                        });
                    }
                    Err(e @ (LrsError::WrongPassword { .. } | LrsError::Forbidden { .. })) => {
                        // Trying again cannot help: wait for new settings or a new password.
                        warn!("LRS: {e}; sending stopped until the settings or password change");
                        update(&status, |s| {
                            (s.waiting, s.parked, s.problem) =
                                (counts.attempts_waiting, counts.parked, Some(SendProblem::of(&e)))
                        });
                        return;
                    }
                    Err(e) => {
                        warn!("LRS: {e}");
                        // Look again after the wait, whether or not anything new was recorded.
                        seen_version = None;
                        not_before = Instant::now() + wait;
                        wait = (wait * 2).min(LONGEST_WAIT);
                        update(&status, |s| {
                            (s.waiting, s.parked, s.problem) =
                                (counts.attempts_waiting, counts.parked, Some(SendProblem::of(&e)))
                        });
                    }
                }
            }
        }
        // Sleep in short steps, so a closing game stops the thread soon; look again every LOOK_EVERY.
        let looked = Instant::now();
        while looked.elapsed() < LOOK_EVERY && !stop.load(Ordering::Relaxed) {
            std::thread::sleep(Duration::from_millis(200));
        }
    }
}
