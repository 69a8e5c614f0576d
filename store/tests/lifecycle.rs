//! The attempt lifecycle both the terminal and the game record through: when an attempt comes into
//! being, how a failed write stops it, and when a resume is refused.

mod common;

use std::sync::Arc;

use common::{How, full_path, partial_path, scenario, scratch, solo};
use goodwill_engine::Session;
use goodwill_store::{AttemptRecorder, ResumeError, Store};

/// Plays 1-based `choices` through a recorder for a new solo attempt by Ann.
fn record(store: &Store, case: &str, choices: &[usize]) -> (AttemptRecorder, Session) {
    let mut recorder = AttemptRecorder::new(solo("Ann", case)).unwrap();
    let mut session = Session::new(scenario(case), 7);
    for &c in choices {
        let played = recorder.choose(Some(store), &mut session, c - 1, None, 1200).unwrap();
        played.saved.unwrap();
    }
    (recorder, session)
}

#[test]
fn an_attempt_comes_into_being_with_its_first_decision_and_never_empty() {
    let dir = scratch("lifecycle-created");
    let store = Store::open_in(&dir).unwrap();
    let mut recorder = AttemptRecorder::new(solo("Ann", "spilled-soup")).unwrap();
    let mut session = Session::new(scenario("spilled-soup"), 7);
    // Every row, the empty ones `unfinished` leaves out included.
    let attempt_rows = |store: &Store| -> i64 {
        let conn = rusqlite::Connection::open(store.path()).unwrap();
        conn.query_row("SELECT count(*) FROM attempts", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(attempt_rows(&store), 0, "opening a case writes nothing");
    // A choice that does not exist is refused before anything is written.
    assert!(recorder.choose(Some(&store), &mut session, 99, None, 10).is_err());
    assert_eq!(attempt_rows(&store), 0, "a choice that did not play leaves no attempt");
    assert_eq!(recorder.attempt(), None);

    let first = full_path("spilled-soup", 7, How::Praised)[0];
    recorder
        .choose(Some(&store), &mut session, first - 1, None, 10)
        .unwrap()
        .saved
        .unwrap();
    let id = recorder
        .attempt()
        .expect("the first decision created the attempt")
        .to_owned();
    assert_eq!(attempt_rows(&store), 1);
    assert_eq!(store.decisions(&id).unwrap().len(), 1);
    assert_eq!(store.unfinished().unwrap()[0].id, id);

    // A bad name is refused when the recorder is made, not after the first answer.
    assert!(AttemptRecorder::new(solo("  ", "spilled-soup")).is_err());
}

#[test]
fn a_failed_write_stops_recording_so_nothing_is_stored_out_of_step() {
    let dir = scratch("lifecycle-stopped");
    let store = Store::open_in(&dir).unwrap();
    let path = partial_path("spilled-soup", 7, How::Praised, 3);
    let (mut recorder, mut session) = record(&store, "spilled-soup", &path[..1]);
    let id = recorder.attempt().unwrap().to_owned();
    store.discard_attempt(&id).unwrap();
    let played = recorder
        .choose(Some(&store), &mut session, path[1] - 1, None, 10)
        .unwrap();
    assert!(played.saved.is_err(), "writing into a discarded attempt fails");
    assert_eq!(recorder.attempt(), None, "recording stopped");
    let played = recorder
        .choose(Some(&store), &mut session, path[2] - 1, None, 10)
        .unwrap();
    assert!(played.saved.is_ok(), "nothing more is attempted");
    assert_eq!(store.decisions(&id).unwrap().len(), 1);
    assert_eq!(session.choices().len(), 3, "play went on");
}

#[test]
fn resuming_refuses_a_changed_scenario_version_and_keeps_the_attempt() {
    let dir = scratch("lifecycle-version");
    let store = Store::open_in(&dir).unwrap();
    let path = full_path("spilled-soup", 7, How::Praised);
    let (recorder, played) = record(
        &store,
        "spilled-soup",
        &partial_path("spilled-soup", 7, How::Praised, 3),
    );
    let id = recorder.attempt().unwrap().to_owned();
    let mut rewritten = (*scenario("spilled-soup")).clone();
    rewritten.version += 1;

    let refused = AttemptRecorder::resume(&store, &id, Arc::new(rewritten)).unwrap_err();
    assert!(
        matches!(refused, ResumeError::VersionChanged { recorded, current, .. } if current == recorded + 1),
        "{refused:?}"
    );
    let message = refused.to_string();
    assert!(
        message.contains("version") && message.contains("spilled-soup") && message.contains("kept"),
        "{message}"
    );
    let kept = store.attempt(&id).unwrap().unwrap();
    assert!(!kept.discarded && !kept.is_finished(), "{kept:?}");
    assert_eq!(store.decisions(&id).unwrap().len(), 3);
    assert_eq!(store.unfinished().unwrap()[0].id, id, "still offered for resuming");

    // On the version it was played on, it goes on where it stopped, into the same attempt.
    let (mut session, mut recorder) = AttemptRecorder::resume(&store, &id, scenario("spilled-soup")).unwrap();
    assert_eq!(session.choices(), played.choices());
    assert_eq!(recorder.attempt(), Some(id.as_str()));
    for &c in &path[3..] {
        recorder
            .choose(Some(&store), &mut session, c - 1, None, 10)
            .unwrap()
            .saved
            .unwrap();
    }
    let finished = store.attempt(&id).unwrap().unwrap();
    assert!(finished.is_finished());
    assert_eq!(finished.steps as usize, path.len());
    assert!(matches!(
        AttemptRecorder::resume(&store, &id, scenario("spilled-soup")),
        Err(ResumeError::Finished { .. })
    ));
}

#[test]
fn resuming_refuses_a_discarded_attempt_and_decisions_that_no_longer_fit() {
    let dir = scratch("lifecycle-refusals");
    let store = Store::open_in(&dir).unwrap();
    let (recorder, _) = record(
        &store,
        "spilled-soup",
        &partial_path("spilled-soup", 7, How::Praised, 1),
    );
    let discarded = recorder.attempt().unwrap().to_owned();
    store.discard_attempt(&discarded).unwrap();
    assert!(matches!(
        AttemptRecorder::resume(&store, &discarded, scenario("spilled-soup")),
        Err(ResumeError::Discarded { .. })
    ));

    // A case rewritten without bumping its version: the stored choice is no longer there.
    let path = partial_path("spilled-soup", 7, How::Praised, 2);
    let (recorder, _) = record(&store, "spilled-soup", &path);
    let id = recorder.attempt().unwrap().to_owned();
    let mut rewritten = (*scenario("spilled-soup")).clone();
    // Every node loses the choice the first decision took and all after it.
    for node in &mut rewritten.nodes {
        node.choices.truncate(path[0] - 1);
    }
    let refused = AttemptRecorder::resume(&store, &id, Arc::new(rewritten)).unwrap_err();
    assert!(
        matches!(refused, ResumeError::NoLongerFits { step: 1, .. }),
        "{refused:?}"
    );
    assert!(!store.attempt(&id).unwrap().unwrap().discarded, "kept");
    assert!(matches!(
        AttemptRecorder::resume(&store, &id, scenario("missing-epaulette")),
        Err(ResumeError::OtherScenario { .. })
    ));
}

#[test]
fn resuming_finishes_an_attempt_a_kill_left_unfinished_after_its_last_decision() {
    let dir = scratch("lifecycle-finish");
    let store = Store::open_in(&dir).unwrap();
    // As an older build recorded it: every decision stored, the finish a separate write that never came.
    let id = store.start_attempt(&solo("Ann", "spilled-soup")).unwrap();
    let mut session = Session::new(scenario("spilled-soup"), 7);
    for c in full_path("spilled-soup", 7, How::Praised) {
        let (_, decision) = goodwill_store::DecisionInput::play(&mut session, c - 1, None, 10).unwrap();
        store.record_decision(&id, &decision).unwrap();
    }
    assert!(!store.attempt(&id).unwrap().unwrap().is_finished());
    let (resumed, _) = AttemptRecorder::resume(&store, &id, scenario("spilled-soup")).unwrap();
    assert!(resumed.is_over());
    let attempt = store.attempt(&id).unwrap().unwrap();
    assert_eq!(attempt.outcome, Some(session.report().unwrap().outcome));
    assert!(store.unfinished().unwrap().is_empty());
}
