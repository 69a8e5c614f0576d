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

/// Checks that a stored finished attempt is what the game would have recorded: played again through the
/// engine with its seed, choices and ratings, every balance, transcript and result comes out the same.
/// Attempts at a case not installed here (or at another version) are checked on the rules any record
/// meets. Returns what is wrong, if anything.
pub fn replay_mismatch(store: &Store, attempt: &goodwill_store::Attempt, installed: &[Scenario]) -> Option<String> {
    let decisions = store.decisions(&attempt.id).unwrap();
    let closed = attempt.account_closed?;
    let balance = attempt.final_balance?;
    if closed != (balance < 0) {
        return Some(format!("closed {closed} with balance {balance}"));
    }
    if attempt.timeline.last() != Some(&balance) || decisions.is_empty() {
        return Some("timeline does not end at the final balance".into());
    }
    for (i, d) in decisions.iter().enumerate() {
        if attempt.timeline.get(i + 1) != Some(&d.balance_after) {
            return Some(format!("timeline and decision {i} disagree"));
        }
        if d.sincerity.is_some() && attempt.mode == goodwill_store::Mode::Solo {
            return Some("a rating in a solo attempt".into());
        }
    }
    let scenario = installed
        .iter()
        .find(|s| s.id == attempt.scenario && s.version == attempt.scenario_version)?;
    let mut session = Session::new(Arc::new(scenario.clone()), attempt.seed);
    for d in &decisions {
        let (_, replayed) = match DecisionInput::play(&mut session, d.choice, d.sincerity, d.time_taken_ms) {
            Ok(played) => played,
            Err(e) => return Some(format!("decision {} does not replay: {e}", d.step)),
        };
        let mut expected = replayed.transcript;
        if d.transcript.step.shown.is_empty() && d.transcript.options.is_empty() {
            expected.step.shown.clear();
            expected.options.clear();
        }
        if expected != d.transcript {
            return Some(format!("decision {}'s transcript is not the replay's", d.step));
        }
    }
    let Some(report) = session.report() else {
        return Some("the replay is not over".into());
    };
    let same = attempt.timeline == report.timeline
        && attempt.final_balance == Some(report.final_balance)
        && attempt.account_closed == Some(report.account_closed)
        && attempt.outcome == Some(report.outcome)
        && attempt.golden_applied == report.golden_applied
        && attempt.golden_missed == report.golden_missed
        && attempt.anti_patterns == report.anti_patterns;
    (!same).then(|| "its result is not the replay's".into())
}
