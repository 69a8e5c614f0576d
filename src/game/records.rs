//! The game's bridge to the results store: the open database (or why it could not be opened), the
//! trainee at the keyboard, and their results per scenario for the select screen.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use bevy::prelude::*;
use goodwill_engine::Outcome;
use goodwill_store::{Store, summary};

/// The results database. `None` inside when it could not be opened: the game still plays, and the
/// title screen says why nothing is being saved.
#[derive(Resource)]
pub struct ResultsDb {
    store: Option<Mutex<Store>>,
    /// Why the database is unavailable, for the title screen.
    pub error: Option<String>,
    pub dir: PathBuf,
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

    /// Runs `f` on the store; a failure is logged and yields `None` (the game carries on).
    pub fn with<R>(&self, f: impl FnOnce(&Store) -> goodwill_store::Result<R>) -> Option<R> {
        let store = self.store.as_ref()?;
        let guard = match store.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        match f(&guard) {
            Ok(value) => Some(value),
            Err(e) => {
                error!("results database: {e}");
                None
            }
        }
    }
}

/// Who is playing, and under which class session (if any).
#[derive(Resource, Debug, Default, Clone)]
pub struct Player {
    pub profile: Option<String>,
    pub class: Option<String>,
}

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
        let Some(attempts) = db.with(|s| s.finished_attempts(Some(profile), None)) else {
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
    app.init_resource::<Player>().init_resource::<ScenarioRecords>();
}
