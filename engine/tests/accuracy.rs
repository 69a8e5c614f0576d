//! Accuracy beside the outcome (issue 21, item 5): a mistake recovered by the best answers can still end
//! loyal, but its accuracy is visibly lower than a flawless handling's, and the step is marked.
//!
//! The paths are found by what the answers do, never by position: the mistake is an answer that commits
//! an anti-pattern and withdraws from the account; "the best answers" after it are the ones the
//! reckoning says give nothing away (the test checks what that means by the final balance).

mod common;

use std::sync::Arc;

use common::*;
use goodwill_engine::account::immediate_score;
use goodwill_engine::accuracy::{Class, Judge};
use goodwill_engine::{Outcome, Report, Scenario, Session};

fn play(s: &Arc<Scenario>, judge: &Arc<Judge>, picks: &[usize]) -> Session {
    let mut session = Session::with_judge(Arc::clone(s), 7, Arc::clone(judge));
    for &pick in picks {
        session.choose(pick).expect("an offered choice");
    }
    session
}

/// Plays `picks`, then at every node an answer that gives away nothing, to the end.
fn best_after(s: &Arc<Scenario>, judge: &Arc<Judge>, mut picks: Vec<usize>) -> Report {
    loop {
        let session = play(s, judge, &picks);
        if let Some(report) = session.report() {
            return report.clone();
        }
        let best = session
            .offered()
            .iter()
            .copied()
            .find(|&choice| {
                let mut tried = picks.clone();
                tried.push(choice);
                let after = play(s, judge, &tried);
                let step = after.last_step().expect("a step");
                step.review.expect("reckoned").class == Class::Best
            })
            .expect("some answer is always the best one");
        picks.push(best);
    }
}

#[test]
fn a_recovered_mistake_ends_loyal_with_a_visibly_lower_accuracy() {
    let mut loyal_recoveries = 0;
    let mut cases_with_one = 0;
    let mut invisible = Vec::new();
    let mut cases_without_a_visible_one = Vec::new();
    for id in shipped_ids() {
        let s = shipped_case(&id);
        let judge = Arc::new(Judge::new(&s));
        let flawless = best_after(&s, &judge, Vec::new());
        assert_eq!(
            flawless.accuracy,
            Some(100),
            "{id}: the best answers throughout are flawless"
        );
        assert!(
            flawless
                .steps
                .iter()
                .all(|step| step.review.map(|r| r.class) == Some(Class::Best)),
            "{id}: every step of the flawless path is marked best"
        );
        let mut found = false;
        let mut visible = false;
        for k in 0..flawless.choices.len() {
            let session = play(&s, &judge, &flawless.choices[..k]);
            let node = session.current_node().expect("the flawless path goes on").clone();
            for &choice in session.offered() {
                let answer = &node.choices[choice];
                if answer.breaks.is_empty() || immediate_score(&s, answer) >= 0 {
                    continue;
                }
                let mut picks = flawless.choices[..k].to_vec();
                picks.push(choice);
                let recovered = best_after(&s, &judge, picks);
                // Best answers after the mistake never end above the flawless path.
                assert!(recovered.final_balance <= flawless.final_balance, "{id}");
                if recovered.outcome != Outcome::Loyal {
                    continue;
                }
                found = true;
                loyal_recoveries += 1;
                let mark = recovered.steps[k].review.map(|r| r.class);
                let accuracy = recovered.accuracy.expect("reckoned");
                eprintln!(
                    "{id}: {:?} at `{}` then the best answers: loyal {} (flawless {}), accuracy {accuracy} %, marked {mark:?}",
                    answer.breaks, node.id, recovered.final_balance, flawless.final_balance
                );
                if accuracy <= 92 && mark.is_some_and(|c| c >= Class::Inaccuracy) {
                    visible = true;
                } else {
                    invisible.push(format!(
                        "{id}/{}: {:?} then the best answers ends loyal {} with accuracy {accuracy} % and the step marked {mark:?}",
                        node.id, answer.breaks, recovered.final_balance
                    ));
                }
            }
        }
        cases_with_one += usize::from(found);
        if found && !visible {
            cases_without_a_visible_one.push(id.clone());
        }
    }
    assert!(
        cases_with_one >= 3 && loyal_recoveries >= 10,
        "the check needs recovered mistakes that end loyal to look at: {loyal_recoveries} in {cases_with_one} cases"
    );
    // A detour that gives (almost) nothing away is the case's doing, not the measure's: the content rewards
    // it (the epaulette's owner recovering the clerk's blunder did, when this was written). Named here so a
    // closing note can quote them; most recoveries must show, and every case with one must show one.
    eprintln!(
        "recoveries the accuracy barely sees ({}):\n{}",
        invisible.len(),
        invisible.join("\n")
    );
    assert!(
        cases_without_a_visible_one.is_empty(),
        "in these cases no mistake recovered to loyal shows in the accuracy (8 points below the flawless 100, \
         the step marked an inaccuracy or worse): {cases_without_a_visible_one:?}"
    );
    assert!(
        invisible.len() * 5 <= loyal_recoveries,
        "more than a fifth of the mistakes recovered to loyal do not show in the accuracy:\n{}",
        invisible.join("\n")
    );
}

#[test]
fn a_replay_reviews_every_step_as_the_game_did() {
    for id in shipped_ids() {
        let s = shipped_case(&id);
        let judge = Arc::new(Judge::new(&s));
        let played = best_after(&s, &judge, Vec::new());
        // A fresh session, with its own reckoning, from the stored picks: the same marks and accuracy.
        let picks: Vec<(usize, Option<u8>)> = played.choices.iter().map(|&c| (c, None)).collect();
        let (replayed, error) = Session::replay(Arc::clone(&s), 99, &picks);
        assert!(error.is_none());
        let report = replayed.report().expect("finished");
        let marks = |r: &Report| r.steps.iter().map(|s| s.review).collect::<Vec<_>>();
        assert_eq!(marks(report), marks(&played), "{id}");
        assert_eq!(report.accuracy, played.accuracy, "{id}");
    }
}

#[test]
fn a_file_too_large_to_reckon_says_its_accuracy_is_unknown() {
    let s = Arc::new(goodwill_engine::generate::layered(3_000));
    let mut session = Session::new(Arc::clone(&s), 1);
    for _ in 0..3 {
        let pick = session.offered()[0];
        session.choose(pick).expect("offered");
    }
    assert!(session.history().all(|(_, step)| step.review.is_none()));
}
