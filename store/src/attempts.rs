//! Recording attempts as they happen: start, one transaction per decision, finish or discard, resume.

use goodwill_engine::{Outcome, Report};
use rusqlite::{OptionalExtension, Row, params};
use serde::{Serialize, de::DeserializeOwned};

use crate::clock::now_ms;
use crate::error::{Result, StoreError};
use crate::records::{Attempt, Decision, DecisionInput, Mode, NewAttempt, ObserverMarks};
use crate::store::Store;

/// The columns [`attempt_from_row`] reads, in order.
pub(crate) const ATTEMPT_COLUMNS: &str = "a.id, a.profile, a.scenario, a.scenario_version, a.seed, a.started_at, \
    a.finished_at, a.discarded, a.outcome, a.final_balance, a.account_closed, a.timeline, a.golden_applied, \
    a.golden_missed, a.anti_patterns, a.class, a.mode, a.customer_player, a.observer, a.pair_id, a.round, \
    (SELECT count(*) FROM decisions d WHERE d.attempt_id = a.id)";

/// What it takes to pick an unfinished attempt up where it stopped: replay `picks` with the attempt's seed.
#[derive(Debug, Clone, PartialEq)]
pub struct Resume {
    pub attempt: Attempt,
    /// Each recorded decision: the 0-based choice and its sincerity rating, if rated.
    pub picks: Vec<(usize, Option<u8>)>,
}

pub(crate) fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

fn parse<T: DeserializeOwned + Default>(text: Option<String>) -> T {
    text.and_then(|t| serde_json::from_str(&t).ok()).unwrap_or_default()
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
        timeline: parse(row.get(11)?),
        golden_applied: parse(row.get(12)?),
        golden_missed: parse(row.get(13)?),
        anti_patterns: parse(row.get(14)?),
        class: row.get(15)?,
        mode: Mode::from_code(&mode),
        customer_player: row.get(17)?,
        observer: row.get(18)?,
        pair_id: row.get(19)?,
        round: row.get(20)?,
        steps: row.get(21)?,
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
    })
}

impl Store {
    /// Records the start of an attempt and returns its id (a UUID, unique across machines).
    pub fn start_attempt(&self, new: &NewAttempt) -> Result<String> {
        // The same cleaning as profiles get, so "Ann " and "Ann" are one trainee.
        let mut new = new.clone();
        new.profile = crate::people::clean_name("trainee", &new.profile)?;
        if let Some(customer) = &new.customer_player {
            new.customer_player = Some(crate::people::clean_name("trainee", customer)?);
        }
        let id = uuid::Uuid::new_v4().to_string();
        self.ensure_profile(&new.profile)?;
        if let Some(customer) = &new.customer_player {
            self.ensure_profile(customer)?;
        }
        self.conn.execute(
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

    /// Records one decision in its own transaction. The step number is the next one for the attempt.
    pub fn record_decision(&self, attempt: &str, input: &DecisionInput) -> Result<u32> {
        let tx = self.conn.unchecked_transaction()?;
        let finished: Option<Option<i64>> = tx
            .query_row("SELECT finished_at FROM attempts WHERE id = ?1", [attempt], |r| {
                r.get(0)
            })
            .optional()?;
        match finished {
            None => {
                return Err(StoreError::NotFound {
                    kind: "attempt",
                    name: attempt.to_owned(),
                });
            }
            Some(Some(_)) => return Err(StoreError::Invalid(format!("attempt {attempt} is already finished"))),
            Some(None) => {}
        }
        let step: u32 = tx.query_row("SELECT count(*) FROM decisions WHERE attempt_id = ?1", [attempt], |r| {
            r.get(0)
        })?;
        let record = &input.transcript.step;
        tx.execute(
            "INSERT INTO decisions (attempt_id, step, node, choice, balance_after, delta, time_taken_ms, decided_at,
                record, sincerity)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                attempt,
                step,
                record.node,
                record.choice as i64,
                record.balance,
                record.delta,
                input.time_taken_ms,
                now_ms(),
                json(&input.transcript),
                record.sincerity,
            ],
        )?;
        tx.commit()?;
        Ok(step)
    }

    /// Marks an attempt finished with the engine's report.
    pub fn finish_attempt(&self, attempt: &str, report: &Report) -> Result<()> {
        let changed = self.conn.execute(
            "UPDATE attempts SET finished_at = ?2, outcome = ?3, final_balance = ?4, account_closed = ?5,
                timeline = ?6, golden_applied = ?7, golden_missed = ?8, anti_patterns = ?9
             WHERE id = ?1 AND finished_at IS NULL",
            params![
                attempt,
                now_ms(),
                outcome_code(report.outcome),
                report.final_balance,
                report.account_closed,
                json(&report.timeline),
                json(&report.golden_applied),
                json(&report.golden_missed),
                json(&report.anti_patterns),
            ],
        )?;
        if changed == 0 {
            return Err(StoreError::Invalid(format!(
                "attempt {attempt} does not exist or is already finished"
            )));
        }
        Ok(())
    }

    /// Sets an unfinished attempt aside: it no longer offers itself for resuming, but stays on record.
    pub fn discard_attempt(&self, attempt: &str) -> Result<()> {
        self.conn.execute(
            "UPDATE attempts SET discarded = 1 WHERE id = ?1 AND finished_at IS NULL",
            [attempt],
        )?;
        Ok(())
    }

    /// Attempts left unfinished (the game was closed or killed) and not discarded, newest first.
    pub fn unfinished(&self) -> Result<Vec<Attempt>> {
        self.query_attempts(
            "a.finished_at IS NULL AND a.discarded = 0 ORDER BY a.started_at DESC",
            [],
        )
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

    /// Finished attempts, oldest first; `profile` and `class` narrow them down.
    pub fn finished_attempts(&self, profile: Option<&str>, class: Option<&str>) -> Result<Vec<Attempt>> {
        self.query_attempts(
            "a.finished_at IS NOT NULL AND (?1 IS NULL OR a.profile = ?1) AND (?2 IS NULL OR a.class = ?2)
             ORDER BY a.started_at, a.id",
            params![profile, class],
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
        let mut stmt = self.conn.prepare(
            "SELECT step, node, choice, balance_after, delta, time_taken_ms, decided_at, sincerity, record
             FROM decisions WHERE attempt_id = ?1 ORDER BY step",
        )?;
        let rows = stmt.query_map([attempt], decision_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
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

    /// Replaces the observer's checklist for an attempt.
    pub fn set_observer_marks(&self, attempt: &str, marks: &ObserverMarks) -> Result<()> {
        let tx = self.conn.unchecked_transaction()?;
        tx.execute("DELETE FROM observer_marks WHERE attempt_id = ?1", [attempt])?;
        for (step, applied) in marks {
            tx.execute(
                "INSERT INTO observer_marks (attempt_id, golden_step, applied) VALUES (?1, ?2, ?3)",
                params![attempt, step, applied],
            )?;
        }
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
