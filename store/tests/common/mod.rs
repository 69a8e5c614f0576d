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

/// What a walk through a case is after, judged by what its choices do (their principles, anti-patterns
/// and promises) and by how the case ends — never by where a choice sits in the file or on screen, so the
/// shipped content can be reordered or rewritten without a test silently playing something else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    /// Every line applies a principle and commits no anti-pattern and breaks no promise, to the end;
    /// the customer stays loyal.
    Praised,
    /// Every line applies a principle and commits no anti-pattern and breaks no promise, to the end,
    /// whatever a sincerity rating then makes of it.
    Clean,
    /// Every line commits an anti-pattern and applies no principle; the customer is lost.
    Argued,
}

impl How {
    fn step_ok(self, choice: &goodwill_engine::schema::Choice) -> bool {
        let clean = !choice.applies.is_empty() && choice.breaks.is_empty() && choice.breaks_promises.is_empty();
        match self {
            How::Praised | How::Clean => clean,
            How::Argued => choice.applies.is_empty() && !choice.breaks.is_empty(),
        }
    }

    fn end_ok(self, report: &goodwill_engine::Report) -> bool {
        match self {
            How::Praised => report.outcome == goodwill_engine::Outcome::Loyal,
            How::Clean => true,
            How::Argued => report.outcome == goodwill_engine::Outcome::Lost,
        }
    }
}

/// A whole path through shipped case `name` played with `seed`, as 1-based file indices for [`play`]:
/// the first (in file order) whose every choice and ending are what `how` asks for. Panics, naming the
/// case, when the case has no such path: that is a change of content the test must hear about.
pub fn full_path(name: &str, seed: u64, how: How) -> Vec<usize> {
    full_path_rated(name, seed, None, how)
}

/// Like [`full_path`] for a pair round rated `rating` throughout; a rated walk also plays at least one
/// line the customer player rates, so there is a rating to record.
pub fn full_path_rated(name: &str, seed: u64, rating: Option<u8>, how: How) -> Vec<usize> {
    let scenario = scenario(name);
    let mut path = Vec::new();
    let found = search(&scenario, seed, rating, how, &mut path);
    assert!(found, "{name} (seed {seed}) has no path that is {how:?}");
    path.into_iter().map(|c| c + 1).collect()
}

/// The first `n` decisions of [`full_path`]: an attempt left unfinished. Panics if the path ends by then.
pub fn partial_path(name: &str, seed: u64, how: How, n: usize) -> Vec<usize> {
    let full = full_path(name, seed, how);
    assert!(
        full.len() > n,
        "{name}: the {how:?} path ends after {} decisions, not after more than {n}",
        full.len()
    );
    full[..n].to_vec()
}

/// Depth-first over the offered choices in file order; `path` holds the 0-based choices taken so far.
/// Each branch is replayed from the start (a session is not cloned); the shipped cases are small.
fn search(scenario: &Arc<Scenario>, seed: u64, rating: Option<u8>, how: How, path: &mut Vec<usize>) -> bool {
    let mut session = Session::new(Arc::clone(scenario), seed);
    let mut rated = false;
    for &c in path.iter() {
        rated |= rating.is_some() && session.wants_rating(c);
        session
            .choose_rated(c, rating)
            .expect("a choice the search took plays again");
    }
    if let Some(report) = session.report() {
        return how.end_ok(report) && (rating.is_none() || rated);
    }
    let Some(node) = session.current_node() else {
        return false;
    };
    let mut offered = session.offered().to_vec();
    offered.sort_unstable();
    for i in offered {
        if !how.step_ok(&node.choices[i]) {
            continue;
        }
        path.push(i);
        if search(scenario, seed, rating, how, path) {
            return true;
        }
        path.pop();
    }
    false
}

/// Plays the whole [`full_path_rated`] that is `how` for `new`'s case and seed, as [`play`] does.
pub fn play_walk(store: &Store, new: NewAttempt, how: How, rating: Option<u8>) -> (String, Session) {
    let path = full_path_rated(&new.scenario, new.seed, rating, how);
    let (id, session) = play(store, new, &path, rating);
    assert!(session.is_over(), "the {how:?} path ends the case");
    (id, session)
}
