//! The rules a record must meet to enter the database from outside (an export file): the same ones the
//! game and the command line apply when they record.
//!
//! Two levels. For a scenario installed here at the same id and version, the recorded decisions are
//! played again through the engine ([`replay`]) and only what that replay reproduces is accepted: every
//! balance, change, timeline entry, transcript text, feedback, option score, golden list, anti-pattern,
//! outcome and the closed flag. For any other scenario nothing can be replayed, so every range and
//! invariant that holds for *any* case is checked instead (this module): the account's scale and the
//! largest change one step can make, a timeline that follows the decisions entry by entry, closed exactly
//! when overdrawn, golden lists and anti-patterns that follow from the steps, times in order within the
//! attempt, and the roles of the mode (sincerity, observer and pair only in a pair round). A class vote's
//! votes are checked at both levels (a choice shown at that step, one vote per voter, a valid name, and
//! votes only in a class-vote attempt); the trainer may have played a choice the class did not put first,
//! so the played choice is not held to the majority. A group game is held to `GroupGame::check`, the rule
//! the game records it by.

mod replay;

use std::collections::HashSet;

use goodwill_engine::account::{Entry, EntryReason, SINCERITY_RANGE, apply, sincere_deposit, withdrawal_cost};
use goodwill_engine::principles::Principle;
use goodwill_engine::report::committed;
use goodwill_engine::schema::{MAX_BALANCE, MAX_EFFECT};
use goodwill_engine::{Outcome, Scenario, quote};

use crate::names::{clean_name, is_scenario_id};
use crate::records::{ClassSession, Exchange, ExportedAttempt, Mode, Profile, check_accuracy, check_observer_marks};
use crate::reflection::{check_plan, check_reflection};
use crate::votes::checked_votes;

/// Earliest and latest acceptable timestamp (Unix ms): the epoch to the end of year 9999.
const TIME_RANGE: std::ops::RangeInclusive<i64> = 0..=253_402_300_799_999;
/// The steepest temper a scenario may give its customer (percent; the validator's upper bound).
const MAX_TEMPER_PERCENT: i32 = 300;
/// More account entries than one answer can cause: its own effect, and each promise it keeps or breaks.
const MAX_ENTRIES_PER_STEP: usize = 16;
/// A node never has anywhere near this many choices; it keeps every index printable and countable.
const MAX_CHOICE_INDEX: usize = 999;
/// Time to pick one answer: a day is already an abandoned terminal.
const MAX_TIME_TAKEN_MS: i64 = 86_400_000;
/// More decisions than any scenario has steps.
const MAX_DECISIONS: usize = 10_000;
/// Attempt ids are UUIDs; older files may carry other plain ids.
const MAX_ID_CHARS: usize = 64;

/// The largest deposit one entry can make: the largest effect, rated as sincerely as possible.
fn max_entry_gain() -> i32 {
    sincere_deposit(MAX_EFFECT, *SINCERITY_RANGE.end())
}

/// The largest withdrawal one entry can make: a broken promise of the largest value (twice its value
/// plus the credit it bought) from a furious customer of the steepest temper.
fn max_entry_loss() -> i32 {
    let amount = 2 * MAX_EFFECT + max_entry_gain();
    let (amount, interest) = withdrawal_cost(amount, 0, MAX_TEMPER_PERCENT);
    amount + interest
}

/// The lowest balance a record can show: an open account (0) hit by every entry of one step at their
/// largest. The account closes at the first step that overdraws it, so nothing goes lower.
fn balance_floor() -> i32 {
    -(max_entry_loss() * MAX_ENTRIES_PER_STEP as i32)
}

fn time(what: &str, ms: i64) -> Result<(), String> {
    if TIME_RANGE.contains(&ms) {
        Ok(())
    } else {
        Err(format!("{what} {ms} is not a valid time"))
    }
}

fn balance(what: &str, value: i32) -> Result<(), String> {
    let floor = balance_floor();
    if (floor..=MAX_BALANCE).contains(&value) {
        Ok(())
    } else {
        Err(format!(
            "{what} {value} is outside what the account can show ({floor}–{MAX_BALANCE})"
        ))
    }
}

fn plain_id(what: &str, id: &str) -> Result<(), String> {
    if id.is_empty() || id.chars().count() > MAX_ID_CHARS || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        return Err(format!(
            "{what} {} is not a valid id (letters, digits and dashes, at most {MAX_ID_CHARS})",
            quote(id)
        ));
    }
    Ok(())
}

fn name(kind: &str, value: &str) -> Result<String, String> {
    clean_name(kind, value).map_err(|e| e.to_string())
}

/// Checks every record in `exchange` and cleans the names in it exactly as the game would have (so
/// " Ann " and "Ann" are one trainee). The error names the record at fault.
pub(crate) fn check_exchange(exchange: &mut Exchange, scenarios: &[Scenario]) -> Result<(), String> {
    for profile in &mut exchange.profiles {
        check_profile(profile).map_err(|e| format!("profile {}: {e}", quote(&profile.name)))?;
    }
    for class in &mut exchange.classes {
        check_class(class).map_err(|e| format!("class session {}: {e}", quote(&class.name)))?;
    }
    for exported in &mut exchange.attempts {
        let label = format!("attempt {}", quote(&exported.attempt.id));
        check_attempt(exported, scenarios).map_err(|e| format!("{label}: {e}"))?;
    }
    // A group game is checked as the game checks it when it records one; its class session must be in the
    // file or already here (the merge looks).
    for game in &mut exchange.group_games {
        let label = format!("group game {}", quote(&game.id));
        game.check().map_err(|e| format!("{label}: {e}"))?;
    }
    Ok(())
}

fn check_profile(profile: &mut Profile) -> Result<(), String> {
    profile.name = name("trainee", &profile.name)?;
    time("created_at", profile.created_at)
}

fn check_class(class: &mut ClassSession) -> Result<(), String> {
    class.name = name("class session", &class.name)?;
    time("created_at", class.created_at)?;
    for trainee in &mut class.trainees {
        *trainee = name("trainee", trainee)?;
    }
    for scenario in &class.scenarios {
        if !is_scenario_id(scenario) {
            return Err(format!(
                "{} is not a scenario id (lowercase letters, digits and dashes)",
                quote(scenario)
            ));
        }
    }
    Ok(())
}

fn check_attempt(exported: &mut ExportedAttempt, scenarios: &[Scenario]) -> Result<(), String> {
    check_people(exported)?;
    check_result(exported)?;
    // The replay's messages say most precisely where a record leaves the case, so it goes first; the
    // general rules still apply to what it does not cover (times, ratings' range).
    if let Some(scenario) = scenarios
        .iter()
        .find(|s| s.id == exported.attempt.scenario && s.version == exported.attempt.scenario_version)
    {
        replay::check_against_scenario(exported, scenario)?;
    }
    check_decisions(exported)?;
    check_votes(exported)?;
    check_observer_marks(&exported.observer_marks)?;
    check_accuracy(exported)?;
    if !exported.observer_marks.is_empty() && exported.attempt.observer.is_none() {
        return Err("it carries an observer's marks but had no observer".into());
    }
    // One order for the marks, as the database lists them, so equal records compare equal.
    exported.observer_marks.sort_unstable();
    check_notes(exported)
}

/// The reflections and the plan: only after a trainee's finished attempt, each question once, the text
/// clean and within its length, written no earlier than the attempt started.
fn check_notes(exported: &mut ExportedAttempt) -> Result<(), String> {
    if exported.reflections.is_empty() && exported.plan.is_none() {
        return Ok(());
    }
    let attempt = &exported.attempt;
    if attempt.mode == Mode::ClassVote || attempt.finished_at.is_none() {
        return Err("it carries reflections or a plan, which only follow a trainee's finished case".into());
    }
    let mut questions = HashSet::new();
    for reflection in &mut exported.reflections {
        check_reflection(reflection)?;
        time("a reflection's answered_at", reflection.answered_at)?;
        if reflection.answered_at < attempt.started_at {
            return Err(format!(
                "reflection question {} was answered before the attempt started",
                reflection.question
            ));
        }
        if !questions.insert(reflection.question) {
            return Err(format!("reflection question {} is answered twice", reflection.question));
        }
    }
    // One order, as the database lists them.
    exported.reflections.sort_by_key(|r| r.question);
    if let Some(plan) = &mut exported.plan {
        check_plan(plan).map_err(|e| format!("its plan: {e}"))?;
        time("the plan's made_at", plan.made_at)?;
        if plan.made_at < attempt.started_at {
            return Err("its plan was made before the attempt started".into());
        }
    }
    Ok(())
}

/// The id, the names and the roles the attempt's mode allows.
fn check_people(exported: &mut ExportedAttempt) -> Result<(), String> {
    let a = &mut exported.attempt;
    plain_id("the id", &a.id)?;
    a.profile = name("trainee", &a.profile)?;
    for person in [&mut a.customer_player, &mut a.observer].into_iter().flatten() {
        *person = name("trainee", person)?;
    }
    if let Some(class) = &mut a.class {
        *class = name("class session", class)?;
    }
    if !is_scenario_id(&a.scenario) {
        return Err(format!(
            "{} is not a scenario id (lowercase letters, digits and dashes)",
            quote(&a.scenario)
        ));
    }
    match a.mode {
        Mode::Solo | Mode::Practice
            if a.customer_player.is_some() || a.round.is_some() || a.observer.is_some() || a.pair_id.is_some() =>
        {
            return Err("a self-study or practice attempt has no customer player, observer, pair or round".into());
        }
        Mode::ClassVote
            if a.customer_player.is_some() || a.round.is_some() || a.observer.is_some() || a.pair_id.is_some() =>
        {
            return Err("a class vote has no customer player, observer, pair or round".into());
        }
        // The class's attempt carries the class session's name as its profile (no trainee's name).
        Mode::ClassVote if a.class.as_ref() != Some(&a.profile) => {
            return Err(
                "a class vote belongs to its class session, and carries the class's name as its profile".into(),
            );
        }
        Mode::Pair if a.customer_player.is_none() || a.pair_id.is_none() || a.round.is_none() => {
            return Err("a pair round needs its customer player, its pair id and its round number".into());
        }
        _ => {}
    }
    if a.customer_player.as_ref() == Some(&a.profile) {
        return Err("the agent cannot also voice the customer".into());
    }
    if let Some(observer) = &a.observer
        && (observer == &a.profile || Some(observer) == a.customer_player.as_ref())
    {
        return Err("the observer cannot also play in the round".into());
    }
    if let Some(round) = a.round
        && !(1..=2).contains(&round)
    {
        return Err(format!(
            "round {round} does not exist (a pair exercise has rounds 1 and 2)"
        ));
    }
    if let Some(pair) = &a.pair_id {
        plain_id("its pair id", pair)?;
    }
    if a.steps as usize != exported.decisions.len() {
        return Err(format!(
            "it says it has {} decisions but carries {}",
            a.steps,
            exported.decisions.len()
        ));
    }
    Ok(())
}

/// Times, the outcome, the closed flag and the balance timeline, against each other and the decisions.
fn check_result(exported: &ExportedAttempt) -> Result<(), String> {
    let a = &exported.attempt;
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
    // The account closes the moment it is overdrawn, and only then.
    if closed != (final_balance < 0) {
        return Err(format!(
            "its account is marked {} with a final balance of {final_balance} (an account is closed exactly \
             when it is overdrawn, below 0)",
            if closed { "closed" } else { "open" }
        ));
    }
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
    let decisions = &exported.decisions;
    if decisions.is_empty() || decisions.len() > MAX_DECISIONS {
        return Err(format!("it has {} decisions", decisions.len()));
    }
    let n = decisions.len();
    if a.timeline.len() != n + 1 && a.timeline.len() != n + 2 {
        return Err(format!(
            "its balance timeline has {} entries for {n} decisions",
            a.timeline.len()
        ));
    }
    for &b in &a.timeline {
        balance("a balance in its timeline", b)?;
    }
    if !(0..=MAX_BALANCE).contains(&a.timeline[0]) {
        return Err(format!(
            "its timeline starts at {}, outside the account's scale (0–{MAX_BALANCE})",
            a.timeline[0]
        ));
    }
    for (i, d) in decisions.iter().enumerate() {
        if a.timeline[i + 1] != d.balance_after {
            return Err(format!(
                "its timeline says {} after decision {}, the decision says {}",
                a.timeline[i + 1],
                i + 1,
                d.balance_after
            ));
        }
        if i + 1 < n && d.balance_after < 0 {
            return Err(format!(
                "decision {} overdrew the account ({}), yet the conversation went on",
                i + 1,
                d.balance_after
            ));
        }
    }
    if a.timeline.len() == n + 2 {
        // Promises still open at the end are settled as broken: only a withdrawal, from an open account.
        let (before, after) = (a.timeline[n], a.timeline[n + 1]);
        if before < 0 || after >= before {
            return Err(format!(
                "its timeline ends with a settlement from {before} to {after}, which the account never makes \
                 (settling open promises only withdraws, from an open account)"
            ));
        }
    }
    if a.timeline.last() != Some(&final_balance) {
        return Err("its timeline does not end at its final balance".into());
    }
    let steps: Vec<_> = decisions.iter().map(|d| d.transcript.step.clone()).collect();
    let applied: Vec<Principle> = Principle::GOLDEN_STEPS
        .into_iter()
        .filter(|p| steps.iter().any(|s| s.applies.contains(p)))
        .collect();
    if a.golden_applied != applied {
        return Err("its golden steps applied are not the ones its decisions applied".into());
    }
    let mut seen = HashSet::new();
    let in_order = Principle::GOLDEN_STEPS
        .into_iter()
        .filter(|p| a.golden_missed.contains(p))
        .collect::<Vec<_>>();
    if a.golden_missed.iter().any(|p| applied.contains(p) || !seen.insert(*p)) || a.golden_missed != in_order {
        return Err(
            "its golden steps missed contradict its decisions (a step is both applied and missed, \
                    listed twice, or is not a golden step)"
                .into(),
        );
    }
    if a.anti_patterns != committed(&steps) {
        return Err("its anti-patterns are not the ones its decisions committed".into());
    }
    Ok(())
}

/// Each decision: numbered in order, dated within the attempt and in order, its transcript agreeing with
/// it, and its account entries adding up from the balance before it to the balance after it.
fn check_decisions(exported: &ExportedAttempt) -> Result<(), String> {
    let a = &exported.attempt;
    let finished_at = a.finished_at.unwrap_or(i64::MAX);
    let mut last_decided = a.started_at;
    for (i, d) in exported.decisions.iter().enumerate() {
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
                "its transcript does not match its node, choice, balance, change or rating".into(),
            ));
        }
        if let Some(rating) = d.sincerity {
            if !SINCERITY_RANGE.contains(&rating) {
                return Err(at(format!("sincerity rating {rating} is not 1–5")));
            }
            if matches!(a.mode, Mode::Solo | Mode::ClassVote) {
                return Err(at(
                    "it carries a sincerity rating, which only a pair round's customer player gives".into(),
                ));
            }
        }
        if !(0..=MAX_TIME_TAKEN_MS).contains(&d.time_taken_ms) {
            return Err(at(format!("time taken {} ms is not valid", d.time_taken_ms)));
        }
        time("decided_at", d.decided_at).map_err(at)?;
        if d.decided_at < last_decided || d.decided_at > finished_at {
            return Err(at(format!(
                "it is dated {}, outside the attempt or out of order (the attempt ran from {} to {finished_at}, \
                 the decision before it at {last_decided})",
                d.decided_at, a.started_at
            )));
        }
        last_decided = d.decided_at;
        if !step.shown.is_empty() {
            let distinct: HashSet<usize> = step.shown.iter().copied().collect();
            if distinct.len() != step.shown.len() || !distinct.contains(&d.choice) {
                return Err(at("the choices it says were shown do not include the one chosen".into()));
            }
        }
        let options = &d.transcript.options;
        if !options.is_empty() {
            let chosen = step.shown_position().map(|p| &options[p.min(options.len() - 1)]);
            if options.len() != step.shown.len() || chosen.is_none_or(|o| o.text != step.text) {
                return Err(at("the options it lists do not match the choices shown".into()));
            }
        }
        let before = a.timeline.get(i).copied().unwrap_or_default();
        check_entries(&step.entries, before, d.delta, d.balance_after).map_err(at)?;
    }
    Ok(())
}

/// A class vote's votes at each step: a choice shown at that step, one vote per voter, valid names (cleaned
/// and put in the order the database keeps, so equal records compare equal). Any other attempt carries
/// none. The choice played is not held to the votes: the trainer may pick another answer than the class's.
fn check_votes(exported: &mut ExportedAttempt) -> Result<(), String> {
    let class_vote = exported.attempt.mode == Mode::ClassVote;
    for (i, d) in exported.decisions.iter_mut().enumerate() {
        let at = |e: String| format!("decision {}: {e}", i + 1);
        if d.votes.is_empty() {
            continue;
        }
        if !class_vote {
            return Err(at(format!(
                "it carries votes, but the attempt is not a class vote (mode `{}`)",
                exported.attempt.mode.code()
            )));
        }
        d.votes = checked_votes(&d.votes, &d.transcript.step.shown).map_err(at)?;
    }
    Ok(())
}

/// The account entries of one step follow the model's arithmetic: each one within the largest deposit
/// or withdrawal a case can make, each balance the one before plus its change (capped at the top of the
/// scale), summing to the step's change and ending at the balance after the step.
fn check_entries(entries: &[Entry], before: i32, delta: i32, after: i32) -> Result<(), String> {
    if entries.len() > MAX_ENTRIES_PER_STEP {
        return Err(format!("it records {} account entries for one answer", entries.len()));
    }
    let (gain, loss) = (max_entry_gain(), max_entry_loss());
    let mut balance = before;
    let mut sum = 0i32;
    for entry in entries {
        if !(-loss..=gain).contains(&entry.delta) {
            return Err(format!(
                "an account entry of {} is beyond what one answer can do ({}–{gain})",
                entry.delta, -loss
            ));
        }
        let withdrawal = matches!(
            entry.reason,
            EntryReason::PromiseBroken(_) | EntryReason::PromiseUnkept(_)
        );
        if withdrawal && entry.delta > 0 || matches!(entry.reason, EntryReason::PromiseKept(_)) && entry.delta < 0 {
            return Err(format!(
                "an account entry for a promise moves the balance the wrong way ({})",
                entry.delta
            ));
        }
        balance = apply(balance, entry.delta);
        sum += entry.delta;
        if entry.balance != balance {
            return Err(format!(
                "an account entry says the balance became {}, but {} there is {balance}",
                entry.balance, entry.delta
            ));
        }
    }
    if sum != delta || balance != after {
        return Err(format!(
            "its account entries add up to {sum} (balance {before} → {balance}), but it records a change of \
             {delta} to {after}"
        ));
    }
    Ok(())
}
