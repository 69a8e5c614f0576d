//! The engine's session read into what the class sees: the step to vote on, what was played, the ending.
//! The engine decides everything; these only copy its texts.

use goodwill_engine::{Bilingual, Session};

use crate::model::{StepOutcome, Tally, VoteOption, VoteStep, VoteSummary};

/// The session's current node as step `index`: narration, the customer's line, and the offered answers
/// in the engine's shown order. `None` once the case is over.
pub fn step_from_session(session: &Session, index: usize) -> Option<VoteStep> {
    let node = session.current_node()?;
    let customer = session.current_line()?.clone();
    let options = session
        .offered()
        .iter()
        .filter_map(|&choice| {
            node.choices.get(choice).map(|c| VoteOption {
                choice,
                text: c.text.clone(),
            })
        })
        .collect();
    Some(VoteStep {
        index,
        narration: session.current_narration().cloned(),
        customer,
        options,
    })
}

/// What the last played step did (answer, account move, feedback) as step `index`. `None` before any.
pub fn outcome_from_session(session: &Session, index: usize) -> Option<StepOutcome> {
    let step = session.last_step()?;
    Some(StepOutcome {
        step: index,
        played: step.text.clone(),
        account: Bilingual::new(
            format!("账户变化：{:+}，余额：{}", step.delta, step.balance),
            format!("Account {:+}, balance {}", step.delta, step.balance),
        ),
        feedback: step.feedback.clone(),
    })
}

/// The ending of a finished case, with one line per step saying how the class voted for what was
/// played. `None` while the case goes on.
pub fn summary_from_session(session: &Session, tallies: &[Tally]) -> Option<VoteSummary> {
    let (title, epilogue) = session.ending()?;
    let report = session.report()?;
    let split = report
        .steps
        .iter()
        .enumerate()
        .map(|(i, step)| {
            let tally = tallies.iter().find(|t| t.step == i);
            let (got, voted) = tally.map_or((0, 0), |t| (t.count_of(step.choice), t.voted()));
            Bilingual::new(
                format!("第 {} 步：{} / {} 票选了「{}」", i + 1, got, voted, step.text.zh),
                format!("Step {}: {} of {} votes for “{}”", i + 1, got, voted, step.text.en),
            )
        })
        .collect();
    Some(VoteSummary {
        title: title.clone(),
        epilogue: epilogue.clone(),
        split,
    })
}
