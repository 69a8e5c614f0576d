//! Shared helpers for the store tests: scratch directories and scripted playthroughs.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use goodwill_engine::{Scenario, Session, load_file};
use goodwill_store::{DecisionInput, NewAttempt, Store};

/// A fresh, empty directory under the target directory, unique per test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("goodwill-store-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub fn scenario(name: &str) -> Arc<Scenario> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../scenarios/{name}.ron"));
    Arc::new(load_file(&path).scenario.expect("shipped scenario loads"))
}

/// Every shipped scenario, as the command line passes them to an import.
pub fn installed() -> Vec<Scenario> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scenarios");
    goodwill_engine::load_paths(&[dir])
        .unwrap()
        .into_iter()
        .filter_map(|l| l.scenario)
        .collect()
}

/// Plays 1-based `choices` as `profile`, recording each decision, and finishes the attempt if the case ends.
pub fn play(store: &Store, new: NewAttempt, choices: &[usize], rating: Option<u8>) -> (String, Session) {
    let mut session = Session::new(scenario(&new.scenario), new.seed);
    let id = store.start_attempt(&new).unwrap();
    for &c in choices {
        let (_, decision) = DecisionInput::play(&mut session, c - 1, rating, 1500).unwrap();
        store
            .record_decision_and_finish(&id, &decision, session.report())
            .unwrap();
    }
    (id, session)
}

/// A self-study attempt at the installed version of `name`, so imports check it against the scenario.
pub fn solo(profile: &str, name: &str) -> NewAttempt {
    NewAttempt::solo(profile, name, scenario(name).version, 7)
}

pub fn in_class(profile: &str, scenario: &str, class: &str) -> NewAttempt {
    NewAttempt {
        class: Some(class.to_owned()),
        ..solo(profile, scenario)
    }
}
