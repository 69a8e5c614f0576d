//! Writing and reading reflection answers and improvement plans: each belongs to a finished attempt of a
//! trainee (never a class vote), and is checked by the same rules an import applies ([`crate::reflection`]).

use goodwill_engine::quote;
use rusqlite::{Connection, OptionalExtension, params};

use crate::attempts::json;
use crate::clock::now_ms;
use crate::error::{Result, StoreError};
use crate::names::lookup_name;
use crate::plan_progress::PlanOf;
use crate::records::Attempt;
use crate::reflection::{Plan, Reflection, check_plan, check_reflection};
use crate::store::Store;

/// The attempt a reflection or plan is written for must be finished and be a trainee's.
fn writable_for(store: &Store, attempt: &str) -> Result<Attempt> {
    let found = store.attempt(attempt)?.ok_or_else(|| StoreError::NotFound {
        kind: "attempt",
        name: attempt.to_owned(),
    })?;
    if !found.is_finished() || found.is_class_vote() {
        return Err(StoreError::Invalid(format!(
            "attempt {} is {}: reflections and plans follow a trainee's finished case",
            quote(attempt),
            if found.is_class_vote() {
                "a class vote"
            } else {
                "not finished"
            }
        )));
    }
    Ok(found)
}

pub(crate) fn reflections_of(conn: &Connection, attempt: &str) -> Result<Vec<Reflection>> {
    let mut stmt = conn.prepare(
        "SELECT question, asked, answer, answered_at FROM reflections WHERE attempt_id = ?1 ORDER BY question",
    )?;
    let rows = stmt.query_map([attempt], |r| {
        let asked: String = r.get(1)?;
        Ok(Reflection {
            question: r.get(0)?,
            asked: serde_json::from_str(&asked)
                .map_err(|e| rusqlite::Error::FromSqlConversionFailure(1, rusqlite::types::Type::Text, Box::new(e)))?,
            answer: r.get(2)?,
            answered_at: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn plan_of(conn: &Connection, attempt: &str) -> Result<Option<Plan>> {
    let row: Option<(i64, String)> = conn
        .query_row(
            "SELECT made_at, items FROM plans WHERE attempt_id = ?1",
            [attempt],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    row.map(|(made_at, items)| {
        Ok(Plan {
            made_at,
            items: serde_json::from_str(&items).map_err(|e| StoreError::Invalid(format!("a stored plan: {e}")))?,
        })
    })
    .transpose()
}

/// Writes `reflection` for `attempt`, keeping whichever of it and one already there was written last (an
/// import of an older copy never overwrites a newer answer).
pub(crate) fn merge_reflection(conn: &Connection, attempt: &str, reflection: &Reflection) -> Result<usize> {
    Ok(conn.execute(
        "INSERT INTO reflections (attempt_id, question, asked, answer, answered_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (attempt_id, question) DO UPDATE SET asked = excluded.asked, answer = excluded.answer,
            answered_at = excluded.answered_at
         WHERE excluded.answered_at > reflections.answered_at",
        params![
            attempt,
            reflection.question,
            json(&reflection.asked)?,
            reflection.answer,
            reflection.answered_at
        ],
    )?)
}

/// Writes `plan` for `attempt`, keeping the later of it and one already there.
pub(crate) fn merge_plan(conn: &Connection, attempt: &str, plan: &Plan) -> Result<usize> {
    Ok(conn.execute(
        "INSERT INTO plans (attempt_id, made_at, items) VALUES (?1, ?2, ?3)
         ON CONFLICT (attempt_id) DO UPDATE SET made_at = excluded.made_at, items = excluded.items
         WHERE excluded.made_at > plans.made_at",
        params![attempt, plan.made_at, json(&plan.items)?],
    )?)
}

impl Store {
    /// Saves the trainee's answer to reflection question `reflection.question` of a finished attempt,
    /// replacing an earlier answer to it. The text is cleaned and checked (length, no hidden characters);
    /// `answered_at` is set to now. Returns what was stored.
    pub fn save_reflection(&self, attempt: &str, mut reflection: Reflection) -> Result<Reflection> {
        writable_for(self, attempt)?;
        check_reflection(&mut reflection).map_err(StoreError::Invalid)?;
        reflection.answered_at = now_ms();
        let tx = self.write()?;
        // An earlier answer still waiting in the LRS outbox is replaced there too: the LRS gets the answer the
        // report shows. (One already sent stays sent: the LRS keeps what it was told.)
        if let Some(earlier) = self
            .reflections(attempt)?
            .into_iter()
            .find(|r| r.question == reflection.question)
        {
            crate::outbox::unqueue_reflection(self, attempt, &earlier)?;
        }
        tx.execute(
            "DELETE FROM reflections WHERE attempt_id = ?1 AND question = ?2",
            params![attempt, reflection.question],
        )?;
        merge_reflection(&tx, attempt, &reflection)?;
        // Queued for the LRS in the same transaction: saved and queued, or neither.
        crate::outbox::queue_reflection(self, attempt, &reflection)?;
        tx.commit()?;
        Ok(reflection)
    }

    /// The answers written after an attempt, by question.
    pub fn reflections(&self, attempt: &str) -> Result<Vec<Reflection>> {
        reflections_of(&self.conn, attempt)
    }

    /// Saves the improvement plan made at the end of a finished attempt's debrief (replacing one made
    /// there before); `made_at` is set to now. Returns what was stored.
    pub fn save_plan(&self, attempt: &str, mut plan: Plan) -> Result<Plan> {
        writable_for(self, attempt)?;
        check_plan(&mut plan).map_err(StoreError::Invalid)?;
        plan.made_at = now_ms();
        let tx = self.write()?;
        tx.execute("DELETE FROM plans WHERE attempt_id = ?1", [attempt])?;
        merge_plan(&tx, attempt, &plan)?;
        tx.commit()?;
        Ok(plan)
    }

    /// The plan made after an attempt, if any.
    pub fn plan(&self, attempt: &str) -> Result<Option<Plan>> {
        plan_of(&self.conn, attempt)
    }

    /// The trainee's current plan: the last one they made, with the attempt it followed.
    pub fn current_plan(&self, trainee: &str) -> Result<Option<PlanOf>> {
        let trainee = lookup_name(trainee);
        let id: Option<String> = self
            .conn
            .query_row(
                "SELECT p.attempt_id FROM plans p JOIN attempts a ON a.id = p.attempt_id
                 WHERE a.profile = ?1 AND a.mode != 'class_vote'
                 ORDER BY p.made_at DESC, p.attempt_id DESC LIMIT 1",
                [trainee],
                |r| r.get(0),
            )
            .optional()?;
        let Some(id) = id else { return Ok(None) };
        let (Some(attempt), Some(plan)) = (self.attempt(&id)?, self.plan(&id)?) else {
            return Ok(None);
        };
        Ok(Some(PlanOf { attempt, plan }))
    }

    /// Every answer to reflection questions of `scenario` under class session `class`, with its attempt,
    /// oldest first: the trainer's screen groups them by question.
    pub fn class_reflections(&self, class: &str, scenario: &str) -> Result<Vec<(Attempt, Reflection)>> {
        let attempts = self.finished_attempts(None, Some(class))?;
        let mut out = Vec::new();
        for attempt in attempts
            .into_iter()
            .filter(|a| a.scenario == scenario && !a.is_class_vote())
        {
            for reflection in self.reflections(&attempt.id)? {
                out.push((attempt.clone(), reflection));
            }
        }
        out.sort_by_key(|(a, r)| (r.answered_at, a.id.clone(), r.question));
        Ok(out)
    }
}
