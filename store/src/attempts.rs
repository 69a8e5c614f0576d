//! Recording attempts as they happen: start, one transaction per decision, finish or discard, resume.

use goodwill_engine::{Outcome, Report, quote};
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::{Serialize, de::DeserializeOwned};

use crate::clock::now_ms;
use crate::error::{Result, StoreError};
use crate::names::{clean_name, lookup_name};
use crate::people::ensure_profile;
use crate::records::{Attempt, Decision, DecisionInput, Mode, NewAttempt, ObserverMarks, check_observer_marks};
use crate::store::Store;
use crate::votes::{Vote, checked_votes};

/// The columns [`attempt_from_row`] reads, in order.
pub(crate) const ATTEMPT_COLUMNS: &str = "a.id, a.profile, a.scenario, a.scenario_version, a.seed, a.started_at, \
    a.finished_at, a.discarded, a.outcome, a.final_balance, a.account_closed, a.timeline, a.golden_applied, \
    a.golden_missed, a.anti_patterns, a.class, a.mode, a.customer_player, a.observer, a.pair_id, a.round, \
    (SELECT count(*) FROM decisions d WHERE d.attempt_id = a.id), a.accuracy";

/// What it takes to pick an unfinished attempt up where it stopped: replay `picks` with the attempt's seed.
#[derive(Debug, Clone, PartialEq)]
pub struct Resume {
    pub attempt: Attempt,
    /// Each recorded decision: the 0-based choice and its sincerity rating, if rated.
    pub picks: Vec<(usize, Option<u8>)>,
}

/// A value as the JSON text its column holds. A value that cannot be written is an error, never an
/// empty column.
pub(crate) fn json<T: Serialize>(value: &T) -> rusqlite::Result<String> {
    serde_json::to_string(value).map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))
}

/// Column `index` read back from JSON; NULL (an unfinished attempt) is the empty value, while text that
/// does not parse is an error, so a damaged row is reported instead of showing as "nothing recorded".
fn parse<T: DeserializeOwned + Default>(row: &Row, index: usize) -> rusqlite::Result<T> {
    match row.get::<_, Option<String>>(index)? {
        None => Ok(T::default()),
        Some(text) => serde_json::from_str(&text)
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, Box::new(e))),
    }
}

pub(crate) fn outcome_code(outcome: Outcome) -> &'static str {
    outcome.code()
}

pub(crate) fn outcome_from_code(code: &str) -> Option<Outcome> {
    Outcome::ALL.into_iter().find(|o| o.code() == code)
}

pub(crate) fn attempt_from_row(row: &Row) -> rusqlite::Result<Attempt> {
    let outcome: Option<String> = row.get(8)?;
    let mode: String = row.get(16)?;
    Ok(Attempt {
        id: row.get(0)?,
        profile: row.get(1)?,
        scenario: row.get(2)?,
        scenario_version: row.get(3)?,
        // Seeds are u64; SQLite integers are i64. The bits round-trip.
        seed: row.get::<_, i64>(4)? as u64,
        started_at: row.get(5)?,
        finished_at: row.get(6)?,
        discarded: row.get(7)?,
        outcome: outcome.as_deref().and_then(outcome_from_code),
        final_balance: row.get(9)?,
        account_closed: row.get(10)?,
        timeline: parse(row, 11)?,
        golden_applied: parse(row, 12)?,
        golden_missed: parse(row, 13)?,
        anti_patterns: parse(row, 14)?,
        class: row.get(15)?,
        mode: Mode::from_code(&mode),
        customer_player: row.get(17)?,
        observer: row.get(18)?,
        pair_id: row.get(19)?,
        round: row.get(20)?,
        steps: row.get(21)?,
        accuracy: row.get(22)?,
    })
}

fn decision_from_row(row: &Row) -> rusqlite::Result<Decision> {
    let record: String = row.get(8)?;
    let transcript = serde_json::from_str(&record)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(8, rusqlite::types::Type::Text, Box::new(e)))?;
    Ok(Decision {
        step: row.get(0)?,
        node: row.get(1)?,
        choice: row.get::<_, i64>(2)? as usize,
        balance_after: row.get(3)?,
        delta: row.get(4)?,
        time_taken_ms: row.get(5)?,
        decided_at: row.get(6)?,
        sincerity: row.get(7)?,
        transcript,
        votes: Vec::new(),
    })
}

impl Store {
    /// Records the start of an attempt and returns its id (a UUID, unique across machines). The game and
    /// the terminal record through [`crate::AttemptRecorder`], which creates the attempt with its first
    /// decision; this bare row is for seeding and tests.
    pub fn start_attempt(&self, new: &NewAttempt) -> Result<String> {
        let tx = self.write()?;
        let id = insert_attempt(&tx, new)?;
        tx.commit()?;
        Ok(id)
    }

    /// Creates the attempt and records its first decision (finishing it, when that decision ended the
    /// case) in one transaction, so no kill can leave an attempt without a decision. Returns its id.
    pub(crate) fn start_attempt_with(
        &self,
        new: &NewAttempt,
        first: &DecisionInput,
        report: Option<&Report>,
    ) -> Result<String> {
        let tx = self.write()?;
        let id = insert_attempt(&tx, new)?;
        insert_decision(&tx, &id, first, report)?;
        if report.is_some() {
            crate::outbox::queue_finished(self, &id)?;
        }
        tx.commit()?;
        Ok(id)
    }

    /// Records one decision in its own transaction. The step number is the next one for the attempt.
    pub fn record_decision(&self, attempt: &str, input: &DecisionInput) -> Result<u32> {
        self.record_decision_and_finish(attempt, input, None)
    }

    /// Records one decision and, when it ended the case (`report` is the session's report), marks the
    /// attempt finished in the same transaction: a kill can never leave every decision stored but the
    /// attempt unfinished. Returns the step number. A finished attempt's xAPI statements are queued in the
    /// LRS outbox in the same transaction.
    pub fn record_decision_and_finish(
        &self,
        attempt: &str,
        input: &DecisionInput,
        report: Option<&Report>,
    ) -> Result<u32> {
        let tx = self.write()?;
        let step = insert_decision(&tx, attempt, input, report)?;
        if report.is_some() {
            crate::outbox::queue_finished(self, attempt)?;
        }
        tx.commit()?;
        Ok(step)
    }

    /// Marks an attempt finished with the engine's report, and queues its xAPI statements in the LRS
    /// outbox in the same transaction.
    pub fn finish_attempt(&self, attempt: &str, report: &Report) -> Result<()> {
        let tx = self.write()?;
        finish(&tx, attempt, report)?;
        crate::outbox::queue_finished(self, attempt)?;
        tx.commit()?;
        Ok(())
    }

    /// Sets an unfinished attempt aside: it no longer offers itself for resuming, but stays on record.
    /// A finished attempt cannot be discarded.
    pub fn discard_attempt(&self, attempt: &str) -> Result<()> {
        let tx = self.write()?;
        let changed = tx.execute(
            "UPDATE attempts SET discarded = 1 WHERE id = ?1 AND finished_at IS NULL",
            [attempt],
        )?;
        let exists: Option<i64> = tx
            .query_row("SELECT 1 FROM attempts WHERE id = ?1", [attempt], |r| r.get(0))
            .optional()?;
        tx.commit()?;
        match (changed, exists) {
            (1.., _) => Ok(()),
            (0, Some(_)) => Err(StoreError::Invalid(format!(
                "attempt {} is finished: only an unfinished attempt can be discarded",
                quote(attempt)
            ))),
            (0, None) => Err(StoreError::NotFound {
                kind: "attempt",
                name: attempt.to_owned(),
            }),
        }
    }

    /// Attempts left unfinished (the game was closed or killed) and not discarded, newest first.
    ///
    /// A self-study attempt with no decision yet is left out: resuming it would be the same as starting
    /// again, so offering it only piles up rows. A pair round is offered even then, because resuming it
    /// keeps the exercise's two rounds together. (Since [`crate::AttemptRecorder`] creates attempts with
    /// their first decision, only rows written by older builds have none.) An unfinished class vote is
    /// listed too (so `attempts list` shows it and it can be discarded), under its class session's name;
    /// it is offered to no trainee ([`Store::unfinished_of`]) and resumed only as a class vote
    /// ([`crate::AttemptRecorder::resume_class_vote`]).
    pub fn unfinished(&self) -> Result<Vec<Attempt>> {
        self.query_attempts(
            "a.finished_at IS NULL AND a.discarded = 0 AND a.mode != 'practice'
                AND (a.mode = 'pair' OR EXISTS (SELECT 1 FROM decisions d WHERE d.attempt_id = a.id))
             ORDER BY a.started_at DESC, a.id",
            [],
        )
    }

    /// The unfinished attempts (as [`Store::unfinished`]) that `trainee` may pick up: their own, and a
    /// pair round they took part in (as the agent, the customer or the observer). Offered to whoever is
    /// signed in, so the next trainee at a shared machine never continues — and never records into —
    /// someone else's attempt. A class vote is the class's, so it is never among them.
    pub fn unfinished_of(&self, trainee: &str) -> Result<Vec<Attempt>> {
        Ok(self.unfinished()?.into_iter().filter(|a| a.involves(trainee)).collect())
    }

    /// The attempt whose id is `id` or starts with `id` (as `attempts list` prints them, at least
    /// 8 characters), or an error saying there is none or which ones it could be.
    pub fn find_attempt(&self, id: &str) -> Result<Attempt> {
        if let Some(found) = self.attempt(id)? {
            return Ok(found);
        }
        let not_found = || StoreError::NotFound {
            kind: "attempt",
            name: id.to_owned(),
        };
        if id.chars().count() < 8 || !id.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
            return Err(not_found());
        }
        let mut matches =
            self.query_attempts("substr(a.id, 1, length(?1)) = ?1 ORDER BY a.started_at LIMIT 5", [id])?;
        match matches.len() {
            0 => Err(not_found()),
            1 => Ok(matches.remove(0)),
            _ => Err(StoreError::Invalid(format!(
                "{} could be several attempts ({}…); give more of the id",
                quote(id),
                matches.iter().map(|a| a.id.as_str()).collect::<Vec<_>>().join(", ")
            ))),
        }
    }

    /// One attempt by id.
    pub fn attempt(&self, id: &str) -> Result<Option<Attempt>> {
        Ok(self.query_attempts("a.id = ?1", [id])?.into_iter().next())
    }

    /// The rounds of one pair exercise, in round order (finished or not, not discarded).
    pub fn pair_rounds(&self, pair_id: &str) -> Result<Vec<Attempt>> {
        self.query_attempts(
            "a.pair_id = ?1 AND a.discarded = 0 ORDER BY a.round, a.started_at",
            [pair_id],
        )
    }

    /// Finished attempts, oldest first; `profile` and `class` narrow them down. Practice branches are not
    /// attempts and are left out. A class vote is the class's: it is among a class's attempts (and all of
    /// them), never among a trainee's (`profile` given), so no trainee's progress or accuracy counts it —
    /// not even a trainee who shares the class session's name.
    pub fn finished_attempts(&self, profile: Option<&str>, class: Option<&str>) -> Result<Vec<Attempt>> {
        let profile = profile.map(lookup_name);
        let class = class.map(lookup_name);
        self.query_attempts(
            "a.finished_at IS NOT NULL AND a.mode != 'practice'
                AND (?1 IS NULL OR (a.profile = ?1 AND a.mode != 'class_vote')) AND (?2 IS NULL OR a.class = ?2)
             ORDER BY a.started_at, a.id",
            params![profile, class],
        )
    }

    /// The finished class votes of class session `class`, oldest first: the class's own attempts, for its
    /// report and debrief (each decision's votes: [`Store::decisions`], then `Decision::vote_split`).
    pub fn class_votes(&self, class: &str) -> Result<Vec<Attempt>> {
        self.query_attempts(
            "a.finished_at IS NOT NULL AND a.mode = 'class_vote' AND a.class = ?1 ORDER BY a.started_at, a.id",
            [lookup_name(class)],
        )
    }

    pub(crate) fn query_attempts(&self, filter: &str, params: impl rusqlite::Params) -> Result<Vec<Attempt>> {
        let sql = format!("SELECT {ATTEMPT_COLUMNS} FROM attempts a WHERE {filter}");
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params, attempt_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The decisions of an attempt, in order.
    pub fn decisions(&self, attempt: &str) -> Result<Vec<Decision>> {
        decisions_of(&self.conn, attempt)
    }

    /// What the game needs to resume an unfinished attempt.
    pub fn resume(&self, attempt: &str) -> Result<Resume> {
        let found = self.attempt(attempt)?.ok_or_else(|| StoreError::NotFound {
            kind: "attempt",
            name: attempt.to_owned(),
        })?;
        let picks = self
            .decisions(attempt)?
            .into_iter()
            .map(|d| (d.choice, d.sincerity))
            .collect();
        Ok(Resume { attempt: found, picks })
    }

    /// Replaces the observer's checklist for an attempt. Refuses step numbers outside
    /// 1–[`goodwill_engine::GOLDEN_STEP_COUNT`] and a step marked twice, which an import would refuse later.
    pub fn set_observer_marks(&self, attempt: &str, marks: &ObserverMarks) -> Result<()> {
        check_observer_marks(marks).map_err(StoreError::Invalid)?;
        let tx = self.write()?;
        tx.execute("DELETE FROM observer_marks WHERE attempt_id = ?1", [attempt])?;
        for (step, applied) in marks {
            tx.execute(
                "INSERT INTO observer_marks (attempt_id, golden_step, applied) VALUES (?1, ?2, ?3)",
                params![attempt, step, applied],
            )?;
        }
        // A pair round with an observer waited for these marks to queue its statements (the record the
        // `completed` statement carries holds them).
        crate::outbox::queue_attempt(self, attempt)?;
        tx.commit()?;
        Ok(())
    }

    pub fn observer_marks(&self, attempt: &str) -> Result<ObserverMarks> {
        let mut stmt = self
            .conn
            .prepare("SELECT golden_step, applied FROM observer_marks WHERE attempt_id = ?1 ORDER BY golden_step")?;
        let rows = stmt.query_map([attempt], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// The decisions of an attempt, in order, each with its votes (sorted by voter), as `conn` (perhaps inside
/// a transaction) sees them.
pub(crate) fn decisions_of(conn: &Connection, attempt: &str) -> Result<Vec<Decision>> {
    let mut stmt = conn.prepare(
        "SELECT step, node, choice, balance_after, delta, time_taken_ms, decided_at, sincerity, record
         FROM decisions WHERE attempt_id = ?1 ORDER BY step",
    )?;
    let rows = stmt.query_map([attempt], decision_from_row)?;
    let mut decisions: Vec<Decision> = rows.collect::<rusqlite::Result<_>>()?;
    // The default (binary) collation orders voters byte by byte, as Rust orders strings: the order
    // `checked_votes` puts an import's votes in, so equal records compare equal.
    let mut stmt = conn.prepare("SELECT step, voter, choice FROM votes WHERE attempt_id = ?1 ORDER BY step, voter")?;
    let votes = stmt.query_map([attempt], |r| {
        Ok((
            r.get::<_, u32>(0)?,
            Vote::new(r.get::<_, String>(1)?, r.get::<_, i64>(2)? as usize),
        ))
    })?;
    for vote in votes {
        let (step, vote) = vote?;
        if let Some(decision) = decisions.iter_mut().find(|d| d.step == step) {
            decision.votes.push(vote);
        }
    }
    Ok(decisions)
}

/// Writes one step's votes (already checked by [`checked_votes`]).
pub(crate) fn insert_votes(conn: &Connection, attempt: &str, step: u32, votes: &[Vote]) -> Result<()> {
    let mut stmt = conn.prepare("INSERT INTO votes (attempt_id, step, voter, choice) VALUES (?1, ?2, ?3, ?4)")?;
    for vote in votes {
        stmt.execute(params![attempt, step, vote.voter, vote.choice as i64])?;
    }
    Ok(())
}

/// Writes the report's results into an unfinished attempt.
fn finish(conn: &Connection, attempt: &str, report: &Report) -> Result<()> {
    let changed = conn.execute(
        // Never before its start or its last decision, whatever the wall clock did (see `insert_decision`).
        "UPDATE attempts SET finished_at = MAX(?2, started_at,
                COALESCE((SELECT MAX(decided_at) FROM decisions WHERE attempt_id = ?1), ?2)),
            outcome = ?3, final_balance = ?4, account_closed = ?5,
            timeline = ?6, golden_applied = ?7, golden_missed = ?8, anti_patterns = ?9, accuracy = ?10
         WHERE id = ?1 AND finished_at IS NULL",
        params![
            attempt,
            now_ms(),
            outcome_code(report.outcome),
            report.final_balance,
            report.account_closed,
            json(&report.timeline)?,
            json(&report.golden_applied)?,
            json(&report.golden_missed)?,
            json(&report.anti_patterns)?,
            report.accuracy,
        ],
    )?;
    if changed == 0 {
        return Err(StoreError::Invalid(format!(
            "attempt {} does not exist or is already finished",
            quote(attempt)
        )));
    }
    Ok(())
}

/// Writes a new attempt's row (names cleaned as profiles are, so "Ann " and "Ann" are one trainee) and
/// returns its id, a UUID unique across machines.
fn insert_attempt(tx: &Connection, new: &NewAttempt) -> Result<String> {
    new.check_class_vote()?;
    let mut new = new.clone();
    new.profile = clean_name("trainee", &new.profile)?;
    if let Some(class) = &new.class {
        new.class = Some(clean_name("class session", class)?);
    }
    if let Some(customer) = &new.customer_player {
        new.customer_player = Some(clean_name("trainee", customer)?);
    }
    if let Some(observer) = &new.observer {
        new.observer = Some(clean_name("trainee", observer)?);
    }
    let id = uuid::Uuid::new_v4().to_string();
    if new.mode == Mode::ClassVote {
        // The class's attempt: its profile is the class session's name, which is no trainee, so no profile
        // is made for it; the class session itself must be there for its report and its export.
        let class = new.class.as_deref().unwrap_or_default();
        let exists: Option<i64> = tx
            .query_row("SELECT 1 FROM classes WHERE name = ?1", [class], |r| r.get(0))
            .optional()?;
        if exists.is_none() {
            return Err(StoreError::NotFound {
                kind: "class session",
                name: class.to_owned(),
            });
        }
    } else {
        ensure_profile(tx, &new.profile)?;
    }
    if let Some(customer) = &new.customer_player {
        ensure_profile(tx, customer)?;
    }
    tx.execute(
        "INSERT INTO attempts (id, profile, scenario, scenario_version, seed, started_at, class, mode,
            customer_player, observer, pair_id, round)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            id,
            new.profile,
            new.scenario,
            new.scenario_version,
            new.seed as i64,
            now_ms(),
            new.class,
            new.mode.code(),
            new.customer_player,
            new.observer,
            new.pair_id,
            new.round,
        ],
    )?;
    Ok(id)
}

/// Writes the next decision of an unfinished attempt and, with `report`, the attempt's result. Returns
/// the step number.
fn insert_decision(tx: &Connection, attempt: &str, input: &DecisionInput, report: Option<&Report>) -> Result<u32> {
    let state: Option<(Option<i64>, bool, String)> = tx
        .query_row(
            "SELECT finished_at, discarded, mode FROM attempts WHERE id = ?1",
            [attempt],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    match state {
        None => {
            return Err(StoreError::NotFound {
                kind: "attempt",
                name: attempt.to_owned(),
            });
        }
        Some((Some(_), _, _)) => {
            return Err(StoreError::Invalid(format!(
                "attempt {} is already finished",
                quote(attempt)
            )));
        }
        // Discarded by another process (`attempts discard`) while it was being played.
        Some((None, true, _)) => {
            return Err(StoreError::Invalid(format!("attempt {} was discarded", quote(attempt))));
        }
        Some((None, false, mode)) => {
            if !input.votes.is_empty() && Mode::from_code(&mode) != Mode::ClassVote {
                return Err(StoreError::Invalid(format!(
                    "attempt {} is not a class vote: votes are recorded only in a class-vote attempt",
                    quote(attempt)
                )));
            }
        }
    }
    let votes = checked_votes(&input.votes, &input.transcript.step.shown).map_err(StoreError::Invalid)?;
    let step: u32 = tx.query_row("SELECT count(*) FROM decisions WHERE attempt_id = ?1", [attempt], |r| {
        r.get(0)
    })?;
    let record = &input.transcript.step;
    tx.execute(
        // Dated no earlier than the attempt's start or the decision before it, even if the wall clock was
        // set back meanwhile: import refuses a decision dated outside its attempt or out of order, and
        // the game must never write a record its own import refuses.
        "INSERT INTO decisions (attempt_id, step, node, choice, balance_after, delta, time_taken_ms, decided_at,
            record, sincerity)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,
            MAX(?8, (SELECT started_at FROM attempts WHERE id = ?1),
                COALESCE((SELECT MAX(decided_at) FROM decisions WHERE attempt_id = ?1), ?8)),
            ?9, ?10)",
        params![
            attempt,
            step,
            record.node,
            record.choice as i64,
            record.balance,
            record.delta,
            input.time_taken_ms,
            now_ms(),
            json(&input.transcript)?,
            record.sincerity,
        ],
    )?;
    insert_votes(tx, attempt, step, &votes)?;
    if let Some(report) = report {
        finish(tx, attempt, report)?;
    }
    Ok(step)
}
