//! Floor 2 · The game's bridge to the results store: the open database (or why it could not be opened), the
//! trainee at the keyboard, and their results per scenario for the select screen.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use bevy::prelude::*;
use goodwill_engine::Outcome;
use goodwill_store::{Store, summary};

use crate::i18n::{Phrase, colon, tr};

/// The results database. `None` inside when it could not be opened: the game still plays, and the
/// title screen says why nothing is being saved.
#[derive(Resource)]
pub struct ResultsDb {
    store: Option<Mutex<Store>>,
    /// Why the database is unavailable, for the title screen.
    pub error: Option<String>,
    pub dir: PathBuf,
}

/// The last write to the results database that failed, for the banner that tells the player; `None`
/// while everything is saved. Cleared when a new attempt starts cleanly.
#[derive(Resource, Debug, Default, Clone, PartialEq)]
pub struct SaveProblem(pub Option<SaveFailure>);

/// A failed write: what the player lost, in their words, and the store's reason.
#[derive(Debug, Clone, PartialEq)]
pub struct SaveFailure {
    /// `Phrase::SavingFailed` when the attempt being played stopped being recorded;
    /// `Phrase::ChangeNotSaved` for any other change (a new trainee or class, a discard, observer marks).
    pub lost: Phrase,
    pub reason: String,
}

impl SaveProblem {
    /// The attempt being played is no longer recorded.
    pub fn attempt(reason: impl std::fmt::Display) -> Self {
        SaveProblem(Some(SaveFailure {
            lost: Phrase::SavingFailed,
            reason: reason.to_string(),
        }))
    }
}

impl ResultsDb {
    /// Opens `goodwill.db` in `dir`; a corrupt or newer file is reported and left untouched.
    pub fn open(dir: &Path) -> Self {
        match Store::open_in(dir) {
            Ok(store) => {
                info!("results are kept in {}", store.path().display());
                ResultsDb {
                    store: Some(Mutex::new(store)),
                    error: None,
                    dir: dir.to_path_buf(),
                }
            }
            Err(e) => {
                error!("{e}");
                ResultsDb {
                    store: None,
                    error: Some(e.to_string()),
                    dir: dir.to_path_buf(),
                }
            }
        }
    }

    pub fn is_open(&self) -> bool {
        self.store.is_some()
    }

    /// The open store, locked for the caller, or `None` when nothing can be saved.
    pub fn lock(&self) -> Option<MutexGuard<'_, Store>> {
        let store = self.store.as_ref()?;
        Some(match store.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        })
    }

    /// Reads from the store. A read that fails is logged and yields `None`, which a view shows as
    /// nothing to list: the game carries on, and nothing is lost by a read.
    pub fn read<R>(&self, f: impl FnOnce(&Store) -> goodwill_store::Result<R>) -> Option<R> {
        let guard = self.lock()?;
        match f(&guard) {
            Ok(value) => Some(value),
            Err(e) => {
                error!("results database (read): {e}");
                None
            }
        }
    }

    /// Changes the store. A write that fails is never silent: it is logged and set in `problem`, whose
    /// banner tells the player what was not saved. `None` when it failed or nothing can be saved.
    pub fn write<R>(
        &self,
        problem: &mut SaveProblem,
        f: impl FnOnce(&Store) -> goodwill_store::Result<R>,
    ) -> Option<R> {
        let guard = self.lock()?;
        match f(&guard) {
            Ok(value) => Some(value),
            Err(e) => {
                error!("results database (write): {e}");
                *problem = SaveProblem(Some(SaveFailure {
                    lost: Phrase::ChangeNotSaved,
                    reason: e.to_string(),
                }));
                None
            }
        }
    }
}

/// Who is playing, and under which class session (if any). Remembered between launches (see
/// [`Player::remembered`]).
#[derive(Resource, Debug, Default, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Player {
    pub profile: Option<String>,
    pub class: Option<String>,
}

/// The file beside `goodwill.db` that names the last trainee and class session.
pub const LAST_PLAYER_FILE: &str = "last-trainee.ron";

impl Player {
    /// The trainee and class session signed in when the game last closed, kept beside the results
    /// database rather than with the settings: a name only means something in the database that holds
    /// that trainee's results (a laptop with an imported class, a scratch data folder for the screenshot
    /// tour), while the settings belong to the machine's user. A name the database no longer knows
    /// (deleted, or a different database) is dropped, so nobody is signed in as a stranger.
    pub fn remembered(db: &ResultsDb) -> Player {
        if !db.is_open() {
            return Player::default();
        }
        let Ok(text) = std::fs::read_to_string(db.dir.join(LAST_PLAYER_FILE)) else {
            return Player::default();
        };
        let Ok(mut player) = ron::from_str::<Player>(&text) else {
            warn!("ignoring an unreadable {LAST_PLAYER_FILE}");
            return Player::default();
        };
        let profiles = db.read(|s| s.profiles()).unwrap_or_default();
        if !player
            .profile
            .as_ref()
            .is_some_and(|p| profiles.iter().any(|x| &x.name == p))
        {
            player.profile = None;
        }
        let classes = db.read(|s| s.classes()).unwrap_or_default();
        if !player
            .class
            .as_ref()
            .is_some_and(|c| classes.iter().any(|x| &x.name == c))
        {
            player.class = None;
        }
        player
    }

    /// Writes who is signed in (temporary file, then rename); a failure only costs the memory of it.
    fn remember(&self, db: &ResultsDb) {
        if !db.is_open() {
            return;
        }
        let path = db.dir.join(LAST_PLAYER_FILE);
        // Through the one guard, like every file the game writes: never through a link, never onto the
        // database or its companions.
        let result = ron::to_string(self).map_err(|e| e.to_string()).and_then(|text| {
            goodwill_store::output::OutputGuard::for_data_dir(&db.dir)
                .replace(&path, text.as_bytes())
                .map_err(|e| e.to_string())
        });
        if let Err(e) = result {
            warn!("could not remember the trainee in {}: {e}", path.display());
        }
    }

    /// "Trainee: Ann · Class session: Monday", or why nothing is saved.
    pub fn who_line(&self, saving: bool, lang: goodwill_engine::Lang) -> String {
        if !saving {
            return tr(Phrase::NotSaving, lang).to_owned();
        }
        let who = match &self.profile {
            Some(name) => format!("{}{}{name}", tr(Phrase::Trainee, lang), colon(lang)),
            None => tr(Phrase::NoTrainee, lang).to_owned(),
        };
        let class = self
            .class
            .clone()
            .unwrap_or_else(|| tr(Phrase::NoClass, lang).to_owned());
        format!("{who} · {}{}{class}", tr(Phrase::ClassSession, lang), colon(lang))
    }
}

/// A class session the class view should open on (one just created), by name.
#[derive(Resource, Debug, Default)]
pub struct ShownClass(pub Option<String>);

/// Best and latest result per scenario id for the current trainee (or for this run of the game when
/// nobody is signed in or nothing can be saved).
#[derive(Resource, Debug, Default)]
pub struct ScenarioRecords {
    pub by_scenario: HashMap<String, ScenarioRecord>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ScenarioRecord {
    pub best: Option<(Outcome, i32)>,
    pub latest: Option<(Outcome, i32)>,
    pub count: usize,
}

impl ScenarioRecords {
    /// Adds a result just played (kept in memory even when it cannot be saved).
    pub fn record(&mut self, scenario: &str, outcome: Outcome, balance: i32) {
        let entry = self.by_scenario.entry(scenario.to_string()).or_default();
        entry.count += 1;
        entry.latest = Some((outcome, balance));
        if entry.best.is_none_or(|best| (outcome, balance) > best) {
            entry.best = Some((outcome, balance));
        }
    }

    /// Reloads the trainee's results from the database.
    pub fn reload(&mut self, db: &ResultsDb, profile: &str) {
        let Some(attempts) = db.read(|s| s.finished_attempts(Some(profile), None)) else {
            return;
        };
        let pick = |a: &Option<goodwill_store::Attempt>| a.as_ref().and_then(|a| Some((a.outcome?, a.final_balance?)));
        self.by_scenario = summary::by_scenario(&attempts)
            .into_iter()
            .map(|(id, r)| {
                (
                    id,
                    ScenarioRecord {
                        best: pick(&r.best),
                        latest: pick(&r.latest),
                        count: r.count,
                    },
                )
            })
            .collect();
    }
}

pub(super) fn plugin(app: &mut App) {
    if !app.world().contains_resource::<ResultsDb>() {
        let dir = goodwill_store::data_dir(None);
        app.insert_resource(ResultsDb::open(&dir));
    }
    let player = Player::remembered(app.world().resource::<ResultsDb>());
    app.insert_resource(player)
        .init_resource::<ScenarioRecords>()
        .init_resource::<SaveProblem>()
        .init_resource::<ShownClass>()
        .add_systems(Last, remember_player.run_if(resource_changed::<Player>));
}

fn remember_player(player: Res<Player>, db: Res<ResultsDb>, mut last: Local<Option<Player>>) {
    if player.is_added() {
        *last = Some(player.clone());
        return;
    }
    if last.as_ref() != Some(&*player) {
        player.remember(&db);
        *last = Some(player.clone());
    }
}
