//! One CSV row per finished attempt, with one column per golden step, for spreadsheets. A class vote is
//! one of those rows (mode `class_vote`, role `class`, the class session's name in the trainee column).
//! The class's votes are a CSV of their own (`report --format votes`, and beside the attempts in the class
//! view's export), one row per vote ([`VOTE_COLUMNS`]): one table per file, so every spreadsheet and CSV
//! reader takes either file as it is.

use goodwill_engine::schema::MAX_REFLECTION_QUESTIONS;
use goodwill_engine::{GOLDEN_STEP_COUNT, Lang};

use crate::reflection::{Plan, PlanTarget};

use super::{ReportData, step_label};
use crate::clock::rfc3339;

/// The columns of the votes table: the class vote (attempt id), the step (1-based, in the order played),
/// who voted for which choice (its number in the file, as xAPI's `response`, and its text), what the class
/// played there, and whether the vote was for a best answer (the highest immediate score shown, the
/// debrief's ★; empty when the record does not say).
pub const VOTE_COLUMNS: [&str; 11] = [
    "session",
    "attempt_id",
    "scenario",
    "step",
    "voter",
    "vote",
    "vote_text",
    "played",
    "played_text",
    "best_answer",
    "voted_with_class",
];

pub(super) fn render(data: &ReportData, lang: Lang) -> Vec<u8> {
    let mut out = ::csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = [
        "session",
        "trainee",
        "role",
        "customer_player",
        "mode",
        "round",
        "scenario",
        "scenario_title",
        "scenario_version",
        "seed",
        "attempt_id",
        "started_at",
        "finished_at",
        "outcome",
        "final_balance",
        // The trainee's judgement, 0–100, beside the outcome; empty when unknown (recorded before it).
        "accuracy",
        "account_closed",
        "decisions",
        "seconds_deciding",
        "anti_patterns",
    ]
    .map(String::from)
    .to_vec();
    header.extend((1..=GOLDEN_STEP_COUNT).map(|n| format!("step {}", step_label(n, lang))));
    // What the trainee wrote after the debrief: each reflection answer, and the plan's items.
    header.extend((1..=MAX_REFLECTION_QUESTIONS).map(|n| format!("reflection_{n}")));
    header.push("plan".into());
    // The csv writer quotes what needs quoting; a write into a Vec cannot fail.
    let _ = out.write_record(&header);
    for a in &data.attempts {
        let decisions = data.decisions.get(&a.id).map(Vec::as_slice).unwrap_or_default();
        let seconds: i64 = decisions
            .iter()
            .fold(0i64, |total, d| total.saturating_add(d.time_taken_ms))
            / 1000;
        let mut row = vec![
            data.class().name.clone(),
            a.profile.clone(),
            if a.is_class_vote() { "class" } else { "agent" }.into(),
            a.customer_player.clone().unwrap_or_default(),
            a.mode.code().into(),
            a.round.map(|r| r.to_string()).unwrap_or_default(),
            a.scenario.clone(),
            data.title(&a.scenario, lang),
            a.scenario_version.to_string(),
            a.seed.to_string(),
            a.id.clone(),
            rfc3339(a.started_at),
            a.finished_at.map(rfc3339).unwrap_or_default(),
            a.outcome.map(|o| o.code().to_owned()).unwrap_or_default(),
            a.final_balance.map(|b| b.to_string()).unwrap_or_default(),
            a.accuracy.map(|p| p.to_string()).unwrap_or_default(),
            a.account_closed.unwrap_or(false).to_string(),
            decisions.len().to_string(),
            seconds.to_string(),
            a.anti_patterns
                .iter()
                .map(|p| p.name().get(lang).to_owned())
                .collect::<Vec<_>>()
                .join("; "),
        ];
        row.extend(a.golden_checklist().iter().map(|(_, status)| status.code().to_owned()));
        let answers = data.reflections.get(&a.id).map(Vec::as_slice).unwrap_or_default();
        row.extend((1..=MAX_REFLECTION_QUESTIONS).map(|n| {
            answers
                .iter()
                .find(|r| usize::from(r.question) == n)
                .map(|r| r.answer.clone())
                .unwrap_or_default()
        }));
        row.push(
            data.plans
                .get(&a.id)
                .map(|plan| plan_cell(plan, lang))
                .unwrap_or_default(),
        );
        let _ = out.write_record(row.iter().map(|cell| defuse(cell).into_owned()));
    }
    out.into_inner().unwrap_or_default()
}

/// A plan in one cell: each item's name (marked to apply or to avoid), with the trainee's own words.
fn plan_cell(plan: &Plan, lang: Lang) -> String {
    plan.items
        .iter()
        .map(|item| {
            let (sign, name) = match item.target {
                PlanTarget::Apply(p) => ("+", p.name()),
                PlanTarget::Avoid(a) => ("-", a.name()),
            };
            match &item.own_words {
                Some(words) => format!("{sign}{} ({words})", name.get(lang)),
                None => format!("{sign}{}", name.get(lang)),
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The votes of every class vote in the report, one row per vote, under its header (the header alone when
/// nobody voted).
pub(super) fn render_votes(data: &ReportData, lang: Lang) -> Vec<u8> {
    let mut out = ::csv::Writer::from_writer(Vec::new());
    let _ = out.write_record(VOTE_COLUMNS);
    for a in data.attempts.iter().filter(|a| a.is_class_vote()) {
        for d in data.decisions.get(&a.id).map(Vec::as_slice).unwrap_or_default() {
            let split = d.vote_split();
            let step = &d.transcript.step;
            let text_of = |choice: usize| {
                step.shown
                    .iter()
                    .position(|&c| c == choice)
                    .and_then(|p| d.transcript.options.get(p))
                    .map(|o| o.text.get(lang).to_owned())
                    .unwrap_or_default()
            };
            for vote in &d.votes {
                let row = [
                    data.class().name.clone(),
                    a.id.clone(),
                    a.scenario.clone(),
                    (d.step + 1).to_string(),
                    vote.voter.clone(),
                    (vote.choice + 1).to_string(),
                    text_of(vote.choice),
                    (d.choice + 1).to_string(),
                    step.text.get(lang).to_owned(),
                    if split.best.is_empty() {
                        String::new()
                    } else {
                        split.best.contains(&vote.choice).to_string()
                    },
                    (vote.choice == d.choice).to_string(),
                ];
                let _ = out.write_record(row.iter().map(|cell| defuse(cell).into_owned()));
            }
        }
    }
    out.into_inner().unwrap_or_default()
}

/// The columns of the group games' table: one row per pair and round (one row a pair in the
/// responsibility game, which keeps no tally: its counts are empty). The counts are the promise game's, for
/// the agent of that round.
pub const GROUP_GAME_COLUMNS: [&str; 16] = [
    "session",
    "game_id",
    "game",
    "started_at",
    "finished_at",
    "round_minutes",
    "pair",
    "round",
    "agent",
    "customer",
    "observer",
    "case",
    "promises_asked",
    "promises_made",
    "declined_well",
    "could_not_keep",
];

/// Every group game of the class, one row per pair and round, under its header.
pub(super) fn render_group_games(data: &ReportData) -> Vec<u8> {
    let mut out = ::csv::Writer::from_writer(Vec::new());
    let _ = out.write_record(GROUP_GAME_COLUMNS);
    for game in &data.group_games {
        for (p, pair) in game.pairs.iter().enumerate() {
            let rounds: Vec<Option<&crate::group_games::PromiseTally>> = if pair.rounds.is_empty() {
                vec![None]
            } else {
                pair.rounds.iter().map(Some).collect()
            };
            for (r, tally) in rounds.into_iter().enumerate() {
                let round = r + 1;
                let (agent, customer) = if round == 2 {
                    (&pair.first_customer, &pair.first_agent)
                } else {
                    (&pair.first_agent, &pair.first_customer)
                };
                let counts = tally.map(|t| t.counts().map(|c| c.to_string())).unwrap_or_default();
                let row = [
                    [
                        data.class().name.clone(),
                        game.id.clone(),
                        game.game.code().to_owned(),
                        rfc3339(game.started_at),
                        rfc3339(game.finished_at),
                        game.round_minutes.to_string(),
                        (p + 1).to_string(),
                        if tally.is_some() {
                            round.to_string()
                        } else {
                            String::new()
                        },
                        agent.clone(),
                        customer.clone(),
                        pair.observer.clone().unwrap_or_default(),
                        pair.case.clone().or_else(|| pair.scene.clone()).unwrap_or_default(),
                    ]
                    .to_vec(),
                    counts.to_vec(),
                ]
                .concat();
                let _ = out.write_record(row.iter().map(|cell| defuse(cell).into_owned()));
            }
        }
    }
    out.into_inner().unwrap_or_default()
}

/// A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR at the start) gets a leading `'`,
/// so a trainee named `=HYPERLINK(…)` stays text. Plain negative numbers stay numbers.
fn defuse(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky =
        cell.starts_with(['=', '+', '@', '\t', '\r']) || (cell.starts_with('-') && cell[1..].parse::<f64>().is_err());
    if risky {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

#[cfg(test)]
mod tests {
    use super::defuse;

    #[test]
    fn cells_a_spreadsheet_would_run_as_formulas_stay_text() {
        assert_eq!(defuse("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(defuse("+1"), "'+1");
        assert_eq!(defuse("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(defuse("-cmd"), "'-cmd");
        assert_eq!(defuse("-21"), "-21", "a negative balance stays a number");
        assert_eq!(defuse("李明"), "李明");
    }
}
