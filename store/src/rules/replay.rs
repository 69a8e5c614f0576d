//! An attempt at a scenario installed here (same id and version) is played again through the engine
//! with its seed and its recorded choices and ratings; only what that replay reproduces is accepted.
//! The engine is deterministic for a seed, so a record the game made is reproduced exactly, and a record
//! that was edited — a balance, a feedback text, an option's score, a golden list — is not.

use std::sync::Arc;

use goodwill_engine::account::SINCERITY_RANGE;
use goodwill_engine::{Scenario, Session};

use crate::records::{DecisionInput, ExportedAttempt, TranscriptStep};

/// Plays `exported`'s decisions on `scenario` and compares every recorded value with the replay's.
pub(super) fn check_against_scenario(exported: &ExportedAttempt, scenario: &Scenario) -> Result<(), String> {
    let a = &exported.attempt;
    let mut session = Session::new(Arc::new(scenario.clone()), a.seed);
    for (i, d) in exported.decisions.iter().enumerate() {
        let at = |e: String| format!("decision {} ({} `{}`): {e}", i + 1, scenario.id, d.node);
        let Some(node) = session.current_node() else {
            return Err(at("the conversation had already ended there".into()));
        };
        if node.id != d.node {
            return Err(at(format!("the conversation was at node `{}` there", node.id)));
        }
        if let Some(rating) = d.sincerity
            && !SINCERITY_RANGE.contains(&rating)
        {
            return Err(at(format!("sincerity rating {rating} is not 1–5")));
        }
        if d.sincerity.is_some() && !session.wants_rating(d.choice) {
            return Err(at("it carries a sincerity rating for a line that is not rated".into()));
        }
        let (_, replayed) =
            DecisionInput::play(&mut session, d.choice, d.sincerity, d.time_taken_ms).map_err(|e| at(e.to_string()))?;
        let mut expected = replayed.transcript;
        let recorded = &d.transcript;
        // Records written before choices were shuffled kept neither the order shown nor the options.
        if recorded.step.shown.is_empty() && recorded.options.is_empty() {
            expected.step.shown.clear();
            expected.options.clear();
        }
        // Records written before accuracy carry no review; the attempt's accuracy is then unknown too
        // (checked by `check_accuracy`), never one the importer makes up.
        if recorded.step.review.is_none() {
            expected.step.review = None;
        }
        if let Some(field) = first_difference(recorded, &expected) {
            return Err(at(format!(
                "its {field} is not what the case gives for this choice (the record was changed after it was \
                 played, or comes from another build of the case)"
            )));
        }
    }
    let Some(report) = session.report() else {
        return Err("the attempt is marked finished, but the conversation goes on after its last decision".into());
    };
    let checks: [(&str, bool); 7] = [
        ("balance timeline", a.timeline == report.timeline),
        ("final balance", a.final_balance == Some(report.final_balance)),
        ("closed account flag", a.account_closed == Some(report.account_closed)),
        ("outcome", a.outcome == Some(report.outcome)),
        ("golden steps applied", a.golden_applied == report.golden_applied),
        ("golden steps missed", a.golden_missed == report.golden_missed),
        ("anti-patterns", a.anti_patterns == report.anti_patterns),
    ];
    match checks.iter().find(|(_, same)| !same) {
        Some((field, _)) => Err(format!(
            "its {field} is not what playing its decisions on `{}` (version {}) gives",
            scenario.id, scenario.version
        )),
        None => Ok(()),
    }
}

/// The first part of a transcript step that differs, named for the message.
fn first_difference(recorded: &TranscriptStep, expected: &TranscriptStep) -> Option<&'static str> {
    let (r, e) = (&recorded.step, &expected.step);
    [
        ("narration", recorded.narration == expected.narration),
        ("customer's line", recorded.customer == expected.customer),
        ("answer's text", r.text == e.text),
        ("change of balance", r.delta == e.delta),
        ("balance", r.balance == e.balance),
        ("account entries", r.entries == e.entries),
        ("principles applied", r.applies == e.applies),
        ("anti-patterns", r.breaks == e.breaks),
        ("feedback", r.feedback == e.feedback),
        ("source cited", r.cites == e.cites),
        ("sincerity rating", r.sincerity == e.sincerity),
        ("order of the choices shown", r.shown == e.shown),
        ("options shown (texts and scores)", recorded.options == expected.options),
    ]
    .into_iter()
    .find(|(_, same)| !same)
    .map(|(field, _)| field)
    .or_else(|| (recorded != expected).then_some("transcript"))
}
