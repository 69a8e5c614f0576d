//! The rules a record must meet to enter the database from outside (an export file): the same ones the
//! game and the command line apply when they record, plus the scenario each attempt cites when that
//! scenario (same id and version) is installed here.
//!
//! A scenario that is not installed here (or is installed at another version) cannot be checked
//! against, and its results are still results, so they are accepted on the general rules alone. Balances
//! are not recomputed: the scoring model may have changed between the two machines' Goodwill builds.

use std::collections::HashSet;

use goodwill_engine::schema::{MAX_BALANCE, Next};
use goodwill_engine::{Outcome, Scenario, account::SINCERITY_RANGE};

use crate::names::{clean_name, is_scenario_id};
use crate::records::{ClassSession, Exchange, ExportedAttempt, Mode, Profile, check_accuracy, check_observer_marks};

/// Earliest and latest acceptable timestamp (Unix ms): the epoch to the end of year 9999.
const TIME_RANGE: std::ops::RangeInclusive<i64> = 0..=253_402_300_799_999;
/// No real balance goes this far below zero: the account closes (and the case ends) at the first
/// withdrawal past zero, and one withdrawal with interest is a few hundred at most.
const BALANCE_FLOOR: i32 = -10_000;
/// The largest deposit or withdrawal one step may record.
const DELTA_LIMIT: i32 = 10_000;
/// A node never has anywhere near this many choices; it keeps every index printable and countable.
const MAX_CHOICE_INDEX: usize = 999;
/// Time to pick one answer: a day is already an abandoned terminal.
const MAX_TIME_TAKEN_MS: i64 = 86_400_000;
/// More decisions than any scenario has steps.
const MAX_DECISIONS: usize = 10_000;
/// Attempt ids are UUIDs; older files may carry other plain ids.
const MAX_ID_CHARS: usize = 64;

fn time(what: &str, ms: i64) -> Result<(), String> {
    if TIME_RANGE.contains(&ms) {
        Ok(())
    } else {
        Err(format!("{what} {ms} is not a valid time"))
    }
}

fn balance(what: &str, value: i32) -> Result<(), String> {
    if (BALANCE_FLOOR..=MAX_BALANCE).contains(&value) {
        Ok(())
    } else {
        Err(format!(
            "{what} {value} is outside the account's range ({BALANCE_FLOOR}–{MAX_BALANCE})"
        ))
    }
}

fn plain_id(what: &str, id: &str) -> Result<(), String> {
    if id.is_empty() || id.chars().count() > MAX_ID_CHARS || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        return Err(format!(
            "{what} `{}` is not a valid id (letters, digits and dashes, at most {MAX_ID_CHARS})",
            id.escape_debug()
        ));
    }
    Ok(())
}

/// Checks every record in `exchange` and cleans the names in it exactly as the game would have (so
/// " Ann " and "Ann" are one trainee). The error names the record at fault.
pub(crate) fn check_exchange(exchange: &mut Exchange, scenarios: &[Scenario]) -> Result<(), String> {
    for profile in &mut exchange.profiles {
        check_profile(profile).map_err(|e| format!("profile `{}`: {e}", profile.name.escape_debug()))?;
    }
    for class in &mut exchange.classes {
        check_class(class).map_err(|e| format!("class session `{}`: {e}", class.name.escape_debug()))?;
    }
    for exported in &mut exchange.attempts {
        let label = format!("attempt {}", exported.attempt.id.escape_debug());
        check_attempt(exported, scenarios).map_err(|e| format!("{label}: {e}"))?;
    }
    Ok(())
}

fn check_profile(profile: &mut Profile) -> Result<(), String> {
    profile.name = clean_name("trainee", &profile.name).map_err(|e| e.to_string())?;
    time("created_at", profile.created_at)
}

fn check_class(class: &mut ClassSession) -> Result<(), String> {
    class.name = clean_name("class session", &class.name).map_err(|e| e.to_string())?;
    time("created_at", class.created_at)?;
    for trainee in &mut class.trainees {
        *trainee = clean_name("trainee", trainee).map_err(|e| e.to_string())?;
    }
    for scenario in &class.scenarios {
        if !is_scenario_id(scenario) {
            return Err(format!(
                "`{}` is not a scenario id (lowercase letters, digits and dashes)",
                scenario.escape_debug()
            ));
        }
    }
    Ok(())
}

fn check_attempt(exported: &mut ExportedAttempt, scenarios: &[Scenario]) -> Result<(), String> {
    let a = &mut exported.attempt;
    plain_id("the id", &a.id)?;
    a.profile = clean_name("trainee", &a.profile).map_err(|e| e.to_string())?;
    for name in [&mut a.customer_player, &mut a.observer].into_iter().flatten() {
        *name = clean_name("trainee", name).map_err(|e| e.to_string())?;
    }
    if let Some(class) = &mut a.class {
        *class = clean_name("class session", class).map_err(|e| e.to_string())?;
    }
    if !is_scenario_id(&a.scenario) {
        return Err(format!(
            "`{}` is not a scenario id (lowercase letters, digits and dashes)",
            a.scenario.escape_debug()
        ));
    }
    time("started_at", a.started_at)?;
    let finished_at = a
        .finished_at
        .ok_or("it is not finished (an export carries finished attempts only)")?;
    time("finished_at", finished_at)?;
    if finished_at < a.started_at {
        return Err("it finished before it started".into());
    }
    if a.discarded {
        return Err("a finished attempt cannot be discarded".into());
    }
    let (Some(outcome), Some(final_balance), Some(closed)) = (a.outcome, a.final_balance, a.account_closed) else {
        return Err("its outcome, final balance or account state is missing".into());
    };
    balance("the final balance", final_balance)?;
    let earned = if closed {
        Outcome::Lost
    } else {
        Outcome::for_final_balance(final_balance)
    };
    if outcome != earned {
        return Err(format!(
            "outcome `{}` does not match its final balance {final_balance} (that earns `{}`)",
            outcome.code(),
            earned.code()
        ));
    }
    match a.mode {
        Mode::Solo | Mode::Practice if a.customer_player.is_some() || a.round.is_some() => {
            return Err("a self-study or practice attempt has no customer player and no round".into());
        }
        Mode::Pair if a.customer_player.is_none() => return Err("a pair round needs its customer player".into()),
        _ => {}
    }
    if a.customer_player.as_ref() == Some(&a.profile) {
        return Err("the agent cannot also voice the customer".into());
    }
    if let Some(round) = a.round
        && !(1..=2).contains(&round)
    {
        return Err(format!(
            "round {round} does not exist (a pair exercise has rounds 1 and 2)"
        ));
    }
    if let Some(pair) = &a.pair_id
        && (pair.is_empty() || pair.chars().count() > 100 || pair.chars().any(char::is_control))
    {
        return Err("its pair id is not valid".into());
    }

    let decisions = &exported.decisions;
    if decisions.is_empty() || decisions.len() > MAX_DECISIONS {
        return Err(format!("it has {} decisions", decisions.len()));
    }
    if a.timeline.len() != decisions.len() + 1 && a.timeline.len() != decisions.len() + 2 {
        return Err(format!(
            "its balance timeline has {} entries for {} decisions",
            a.timeline.len(),
            decisions.len()
        ));
    }
    for &b in &a.timeline {
        balance("a balance in its timeline", b)?;
    }
    if a.timeline.last() != Some(&final_balance) {
        return Err("its timeline does not end at its final balance".into());
    }
    for (i, d) in decisions.iter().enumerate() {
        let at = |e: String| format!("decision {}: {e}", i + 1);
        let step = &d.transcript.step;
        if d.step as usize != i {
            return Err(at(format!(
                "numbered {} (decisions are numbered in order from 0)",
                d.step
            )));
        }
        if d.choice > MAX_CHOICE_INDEX {
            return Err(at(format!("choice index {} does not exist", d.choice)));
        }
        if step.node != d.node
            || step.choice != d.choice
            || step.balance != d.balance_after
            || step.delta != d.delta
            || step.sincerity != d.sincerity
        {
            return Err(at(
                "its transcript does not match its node, choice, balance or rating".into()
            ));
        }
        balance("the balance", d.balance_after).map_err(at)?;
        if !(-DELTA_LIMIT..=DELTA_LIMIT).contains(&d.delta) {
            return Err(at(format!("change {} is out of range", d.delta)));
        }
        if let Some(rating) = d.sincerity
            && !SINCERITY_RANGE.contains(&rating)
        {
            return Err(at(format!("sincerity rating {rating} is not 1–5")));
        }
        if !(0..=MAX_TIME_TAKEN_MS).contains(&d.time_taken_ms) {
            return Err(at(format!("time taken {} ms is not valid", d.time_taken_ms)));
        }
        time("decided_at", d.decided_at).map_err(at)?;
        if !step.shown.is_empty() {
            let distinct: HashSet<usize> = step.shown.iter().copied().collect();
            if distinct.len() != step.shown.len() || !distinct.contains(&d.choice) {
                return Err(at("the choices it says were shown do not include the one chosen".into()));
            }
        }
    }
    check_observer_marks(&exported.observer_marks)?;
    check_accuracy(exported)?;
    if let Some(scenario) = scenarios
        .iter()
        .find(|s| s.id == exported.attempt.scenario && s.version == exported.attempt.scenario_version)
    {
        check_against_scenario(exported, scenario)?;
    }
    Ok(())
}

/// Walks the recorded decisions through the scenario: each at the node the previous one led to, each
/// choice one that node has, the last one ending the conversation.
fn check_against_scenario(exported: &ExportedAttempt, scenario: &Scenario) -> Result<(), String> {
    let mut expected = Some(scenario.start.clone());
    let last = exported.decisions.len() - 1;
    for (i, d) in exported.decisions.iter().enumerate() {
        let at = |e: String| format!("decision {} ({} `{}`): {e}", i + 1, scenario.id, d.node);
        match &expected {
            Some(node) if *node == d.node => {}
            Some(node) => return Err(at(format!("the conversation was at node `{node}` there"))),
            None => return Err(at("the conversation had already ended".into())),
        }
        let node = scenario
            .node(&d.node)
            .ok_or_else(|| at("the scenario has no such node".into()))?;
        let choice = node.choices.get(d.choice).ok_or_else(|| {
            at(format!(
                "choice {} does not exist (the node has {})",
                d.choice + 1,
                node.choices.len()
            ))
        })?;
        if d.transcript.step.shown.iter().any(|&s| s >= node.choices.len()) {
            return Err(at("it lists a shown choice the node does not have".into()));
        }
        if d.sincerity.is_some() && !(choice.rate_sincerity && choice.effect > 0) {
            return Err(at("it carries a sincerity rating for a line that is not rated".into()));
        }
        // Overdrawing the account ends the conversation wherever it is.
        expected = match &choice.next {
            _ if d.balance_after < 0 => None,
            Next::Node(next) => Some(next.to_string()),
            Next::End => None,
        };
        if i == last && expected.is_some() {
            return Err(at(
                "the attempt is marked finished, but the conversation goes on after it".into(),
            ));
        }
    }
    Ok(())
}
