//! What a session keeps of a played case, on the shipped cases: the same seed and choices replay the same
//! events, the review of a step lists every option shown with its reasoning, and the golden checklist
//! agrees with the report's lists.

mod common;

use common::*;
use std::sync::Arc;

use goodwill_engine::Session;
use goodwill_engine::analyze::analyze;
use goodwill_engine::session::run;

#[test]
fn same_seed_and_choices_replay_identically() {
    let s = shipped_case("roaming-charge");
    // Three steps, each taking the first choice shown under seed 42.
    let mut session = Session::new(Arc::clone(&s), 42);
    for _ in 0..3 {
        let first = session.shown_choice(0).expect("the case is still running");
        session.choose(first).unwrap();
    }
    let choices = session.choices().to_vec();
    let a = run(Arc::clone(&s), 42, &choices).unwrap();
    let b = run(Arc::clone(&s), 42, &choices).unwrap();
    assert_eq!(a.events(), b.events());
    assert_eq!(a.timeline(), b.timeline());
    assert_eq!(a.events(), session.events());
    // Some seed picks a different wording for the first line (the first node has several).
    let first = |seed| run(Arc::clone(&s), seed, &[]).unwrap().current_line().cloned();
    assert!(
        (0..20).any(|seed| first(seed) != first(42)),
        "wordings never vary with the seed"
    );
}

/// The checklist the debrief, the CLI and the reports show agrees with the report's three lists, and
/// every golden step has exactly one status: on every shipped case's best and worst path.
#[test]
fn the_golden_checklist_matches_the_reports_lists() {
    use goodwill_engine::{GOLDEN_STEP_COUNT, StepStatus};
    for name in shipped_ids() {
        let s = shipped_case(&name);
        let analysis = analyze(&s);
        for path in [analysis.best.unwrap(), analysis.worst.unwrap()] {
            let session = run(Arc::clone(&s), 1, &path.choices).unwrap();
            let report = session.report().expect("a path from the analysis ends the case");
            let checklist = report.golden_checklist();
            assert_eq!(checklist.with_status(StepStatus::Applied), report.golden_applied);
            assert_eq!(checklist.with_status(StepStatus::Missed), report.golden_missed);
            assert_eq!(checklist.with_status(StepStatus::NotOffered), report.golden_not_offered);
            assert_eq!(checklist.iter().count(), GOLDEN_STEP_COUNT);
        }
    }
}

#[test]
fn the_review_of_a_step_lists_every_option_shown_with_its_reasoning() {
    let soup = shipped_case("spilled-soup");
    let session = Session::new(Arc::clone(&soup), 3);
    let first = session.offered()[0];
    let session = run(Arc::clone(&soup), 3, &[first]).unwrap();
    let step = session.last_step().unwrap();
    let options = step.options(&soup);
    assert_eq!(options.len(), step.shown.len());
    assert_eq!(options.iter().filter(|o| o.chosen).count(), 1);
    let best = options.iter().map(|o| o.score).max().unwrap();
    assert!(options.iter().all(|o| o.best == (o.score == best)));
    let node = soup.node(&step.node).unwrap();
    for (option, &i) in options.iter().zip(&step.shown) {
        assert_eq!(option.feedback, node.choices[i].feedback, "in the order shown");
    }
}
