//! The LRS outbox: each finished attempt's xAPI statements (the report's builder, deterministic ids),
//! queued in the results database in the transaction that finishes the attempt, and each reflection answer's
//! statement in the transaction that saves the answer, until an LRS has them.
//!
//! A statement is waiting, sent (the LRS answered that it holds it) or parked (the LRS refused it, with
//! the reason in words): nothing is retried forever, and nothing is marked sent before the LRS answered,
//! so a kill at any moment loses nothing. A resend after a kill is harmless: the ids are the report's,
//! derived from the attempt, so the LRS keeps one copy (`lrs::push` counts a 409 for identical content as
//! sent).

use std::collections::BTreeMap;

use goodwill_engine::Bilingual;
use rusqlite::{OptionalExtension, params};

use crate::clock::now_ms;
use crate::error::Result;
use crate::records::{ExportedAttempt, Mode};
use crate::reflection::Reflection;
use crate::report::{ACCOUNT_HOME_PAGE, XapiContext, attempt_statements, reflected};
use crate::store::Store;

/// What the statements name that the results do not hold: the `homePage` of trainee accounts (the
/// organisation's, from the settings) and the scenarios' titles.
#[derive(Debug, Clone, PartialEq)]
pub struct XapiIdentity {
    pub home_page: String,
    pub titles: BTreeMap<String, Bilingual>,
}

impl Default for XapiIdentity {
    fn default() -> Self {
        XapiIdentity {
            home_page: ACCOUNT_HOME_PAGE.to_owned(),
            titles: BTreeMap::new(),
        }
    }
}

/// One statement waiting in the outbox.
#[derive(Debug, Clone, PartialEq)]
pub struct Queued {
    /// Its place in the queue (oldest first).
    pub seq: i64,
    /// The statement's id (UUID v5, as in the report).
    pub id: String,
    /// The statement as compact JSON text.
    pub body: String,
}

/// How the outbox stands.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OutboxStatus {
    /// Statements not yet sent, parked ones left out.
    pub waiting: i64,
    /// How many attempts' statements are waiting ("N results waiting to be sent").
    pub attempts_waiting: i64,
    pub sent: i64,
    pub parked: i64,
    /// The last error a push met, in words (cleared by a push that sends everything).
    pub last_error: Option<String>,
    /// Parked statements: id and why, oldest first (at most 20).
    pub parked_reasons: Vec<(String, String)>,
}

impl Store {
    /// Sets the `homePage` of trainee accounts in every statement built from now on (the outbox's and the
    /// report's). Refuses anything but an absolute http(s) address.
    pub fn set_account_home_page(&self, home_page: &str) -> Result<()> {
        check_home_page(home_page)?;
        self.xapi.borrow_mut().home_page = home_page.to_owned();
        Ok(())
    }

    /// The `homePage` of trainee accounts in the statements.
    pub fn account_home_page(&self) -> String {
        self.xapi.borrow().home_page.clone()
    }

    /// Notes scenario titles for the statements (an activity's name is its scenario's title; without one
    /// it is the scenario's id).
    pub fn note_scenario_titles(&self, titles: impl IntoIterator<Item = (String, Bilingual)>) {
        self.xapi.borrow_mut().titles.extend(titles);
    }

    /// Queues the statements of every finished attempt (of class session `class`, or all) that the outbox
    /// has never held: attempts recorded before the outbox existed, or brought in by an import. Returns how
    /// many attempts were queued. Statements already queued are left as they are.
    pub fn queue_unqueued(&self, class: Option<&str>) -> Result<usize> {
        let attempts = self.finished_attempts(None, class)?;
        let mut queued = 0;
        for attempt in attempts {
            let tx = self.write()?;
            let pulled: Option<i64> = tx
                .query_row(
                    "SELECT 1 FROM outbox_pulled WHERE attempt_id = ?1",
                    [&attempt.id],
                    |r| r.get(0),
                )
                .optional()?;
            let known: Option<i64> = tx
                .query_row(
                    "SELECT 1 FROM outbox WHERE attempt_id = ?1 LIMIT 1",
                    [&attempt.id],
                    |r| r.get(0),
                )
                .optional()?;
            if pulled.is_none() {
                if known.is_none() {
                    queue_attempt(self, &attempt.id)?;
                    queued += 1;
                } else {
                    // Answers saved before the outbox queued them (or brought in by an import).
                    for reflection in self.reflections(&attempt.id)? {
                        queue_reflection(self, &attempt.id, &reflection)?;
                    }
                }
            }
            tx.commit()?;
        }
        Ok(queued)
    }

    /// Up to `max_statements` waiting statements (of class session `class`, or all), oldest first, whose
    /// bodies add up to at most `max_bytes` (always at least one, whatever its size, so a big one is sent
    /// and, if refused, parked rather than stuck).
    pub fn outbox_batch(&self, class: Option<&str>, max_statements: usize, max_bytes: usize) -> Result<Vec<Queued>> {
        let mut stmt = self.conn.prepare(
            "SELECT seq, statement_id, body FROM outbox
             WHERE sent_at IS NULL AND parked IS NULL AND (?1 IS NULL OR class = ?1)
             ORDER BY seq LIMIT ?2",
        )?;
        let mut rows = stmt.query(params![class, max_statements as i64])?;
        let mut batch = Vec::new();
        let mut bytes = 0usize;
        while let Some(row) = rows.next()? {
            let body: String = row.get(2)?;
            if !batch.is_empty() && bytes + body.len() + 1 > max_bytes {
                break;
            }
            bytes += body.len() + 1;
            batch.push(Queued {
                seq: row.get(0)?,
                id: row.get(1)?,
                body,
            });
        }
        Ok(batch)
    }

    /// Marks statements sent: the LRS answered that it holds them.
    pub fn outbox_mark_sent(&self, seqs: &[i64]) -> Result<()> {
        let tx = self.write()?;
        let now = now_ms();
        for seq in seqs {
            tx.execute(
                "UPDATE outbox SET sent_at = ?2 WHERE seq = ?1 AND sent_at IS NULL",
                params![seq, now],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Parks a statement the LRS refused: it is no longer sent, and `why` says what the LRS answered.
    pub fn outbox_park(&self, seq: i64, why: &str) -> Result<()> {
        let tx = self.write()?;
        tx.execute("UPDATE outbox SET parked = ?2 WHERE seq = ?1", params![seq, why])?;
        tx.commit()?;
        Ok(())
    }

    /// Puts every parked statement back in the queue (after the cause was fixed). Returns how many.
    pub fn outbox_unpark(&self) -> Result<usize> {
        let tx = self.write()?;
        let n = tx.execute("UPDATE outbox SET parked = NULL WHERE parked IS NOT NULL", [])?;
        tx.commit()?;
        Ok(n)
    }

    /// Remembers the last error a push met (or clears it), for `lrs status` and the title screen.
    pub fn outbox_set_error(&self, error: Option<&str>) -> Result<()> {
        let tx = self.write()?;
        match error {
            Some(text) => tx.execute(
                "INSERT INTO outbox_state (key, value) VALUES ('last_error', ?1)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [text],
            )?,
            None => tx.execute("DELETE FROM outbox_state WHERE key = 'last_error'", [])?,
        };
        tx.commit()?;
        Ok(())
    }

    /// A number that changes whenever another connection (the game's, another process) commits to this
    /// database: a sender polls it to learn that an attempt finished without reading the outbox each time.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self.conn.query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// Remembers that attempts came from the LRS (`lrs pull`), so they are not queued to be sent back.
    pub(crate) fn outbox_note_pulled(&self, conn: &rusqlite::Connection, attempt_ids: &[String]) -> Result<()> {
        for id in attempt_ids {
            conn.execute("INSERT OR IGNORE INTO outbox_pulled (attempt_id) VALUES (?1)", [id])?;
        }
        Ok(())
    }

    /// How the outbox stands, for class session `class` or all.
    pub fn outbox_status(&self, class: Option<&str>) -> Result<OutboxStatus> {
        let (waiting, attempts_waiting, sent, parked) = self.conn.query_row(
            "SELECT
                count(*) FILTER (WHERE sent_at IS NULL AND parked IS NULL),
                count(DISTINCT attempt_id) FILTER (WHERE sent_at IS NULL AND parked IS NULL),
                count(*) FILTER (WHERE sent_at IS NOT NULL),
                count(*) FILTER (WHERE parked IS NOT NULL AND sent_at IS NULL)
             FROM outbox WHERE ?1 IS NULL OR class = ?1",
            [class],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )?;
        let last_error = self
            .conn
            .query_row("SELECT value FROM outbox_state WHERE key = 'last_error'", [], |r| {
                r.get(0)
            })
            .optional()?;
        let mut stmt = self.conn.prepare(
            "SELECT statement_id, parked FROM outbox
             WHERE parked IS NOT NULL AND sent_at IS NULL AND (?1 IS NULL OR class = ?1) ORDER BY seq LIMIT 20",
        )?;
        let parked_reasons = stmt
            .query_map([class], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(OutboxStatus {
            waiting,
            attempts_waiting,
            sent,
            parked,
            last_error,
            parked_reasons,
        })
    }
}

/// An account `homePage`: an absolute http(s) address with nothing around it.
pub(crate) fn check_home_page(page: &str) -> Result<()> {
    let ok = (page.starts_with("https://") || page.starts_with("http://"))
        && page.len() > "https://".len()
        && !page.chars().any(|c| c.is_whitespace() || c.is_control());
    if ok {
        Ok(())
    } else {
        Err(crate::StoreError::Invalid(format!(
            "account home page {} is not an http(s) address (for example https://training.example.com/trainees)",
            goodwill_engine::quote(page)
        )))
    }
}

/// Queues a just-finished attempt's statements (see [`queue_attempt`]), except a pair round with an
/// observer whose marks are not in yet: the observer ticks the checklist after the round ends, and the
/// record the `completed` statement carries must hold the marks, so [`Store::set_observer_marks`] queues
/// it. (A round whose observer never marks is queued by [`Store::queue_unqueued`], as `lrs push` does.)
pub(crate) fn queue_finished(store: &Store, attempt_id: &str) -> Result<usize> {
    let waits_for_marks = store
        .attempt(attempt_id)?
        .is_some_and(|a| a.mode == Mode::Pair && a.observer.is_some())
        && store.observer_marks(attempt_id)?.is_empty();
    if waits_for_marks {
        return Ok(0);
    }
    queue_attempt(store, attempt_id)
}

/// Queues the statements of finished attempt `attempt_id`, inside the caller's write transaction on
/// `store`'s connection (the one that finishes the attempt). A practice branch is no attempt and queues
/// nothing; statements already queued (same id) are left as they are.
pub(crate) fn queue_attempt(store: &Store, attempt_id: &str) -> Result<usize> {
    let Some(attempt) = store.attempt(attempt_id)? else {
        return Ok(0);
    };
    if attempt.mode == Mode::Practice || !attempt.is_finished() {
        return Ok(0);
    }
    // What the attempt was when it finished: reflections and a plan are written after it, and go to a report
    // as statements of their own, so this attempt's statements stay the same whenever they are built.
    let exported = ExportedAttempt {
        decisions: store.decisions(attempt_id)?,
        observer_marks: store.observer_marks(attempt_id)?,
        attempt,
        reflections: Vec::new(),
        plan: None,
    };
    let reflections = store.reflections(attempt_id)?;
    in_context(store, &exported.attempt, |context, insert| {
        attempt_statements(context, &exported, &mut *insert)?;
        // Answers already saved (an attempt queued late, by `lrs push`); none when it has just finished.
        for reflection in &reflections {
            insert(reflected(context, &exported.attempt, reflection))?;
        }
        Ok(())
    })
}

/// Queues the `responded` statement of a reflection answer just saved (the report's builder, so the same
/// id), inside the caller's write transaction on `store`'s connection (the one that saves the answer). An
/// answer to a practice branch, or to an attempt that came from the LRS, queues nothing.
pub(crate) fn queue_reflection(store: &Store, attempt_id: &str, reflection: &Reflection) -> Result<usize> {
    let Some(attempt) = store.attempt(attempt_id)? else {
        return Ok(0);
    };
    if attempt.mode == Mode::Practice || !attempt.is_finished() {
        return Ok(0);
    }
    let pulled: Option<i64> = store
        .conn
        .query_row("SELECT 1 FROM outbox_pulled WHERE attempt_id = ?1", [attempt_id], |r| {
            r.get(0)
        })
        .optional()?;
    if pulled.is_some() {
        return Ok(0);
    }
    in_context(store, &attempt, |context, insert| {
        insert(reflected(context, &attempt, reflection))
    })
}

/// Takes an earlier answer's statement out of the outbox if it has not been sent yet (its answer is being
/// replaced), inside the caller's write transaction.
pub(crate) fn unqueue_reflection(store: &Store, attempt_id: &str, earlier: &Reflection) -> Result<()> {
    let Some(attempt) = store.attempt(attempt_id)? else {
        return Ok(());
    };
    let identity = store.xapi.borrow().clone();
    let context = XapiContext {
        class: None,
        titles: &identity.titles,
        home_page: &identity.home_page,
    };
    let statement = reflected(&context, &attempt, earlier);
    let id = statement["id"].as_str().unwrap_or_default();
    store
        .conn
        .execute("DELETE FROM outbox WHERE statement_id = ?1 AND sent_at IS NULL", [id])?;
    Ok(())
}

/// Hands `build` the statements' context for `attempt` and an `insert` that queues one statement (an id
/// already queued is left as it is); returns how many were queued.
fn in_context(
    store: &Store,
    attempt: &crate::records::Attempt,
    build: impl FnOnce(&XapiContext, &mut dyn FnMut(serde_json::Value) -> Result<()>) -> Result<()>,
) -> Result<usize> {
    let class = match &attempt.class {
        Some(name) => store.class(name)?,
        None => None,
    };
    let identity = store.xapi.borrow().clone();
    let context = XapiContext {
        class: class.as_ref(),
        titles: &identity.titles,
        home_page: &identity.home_page,
    };
    let mut statement_insert = store.conn.prepare(
        "INSERT OR IGNORE INTO outbox (statement_id, attempt_id, class, body, queued_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    let now = now_ms();
    let mut queued = 0;
    let mut insert = |statement: serde_json::Value| -> Result<()> {
        let id = statement["id"].as_str().unwrap_or_default().to_owned();
        let body = serde_json::to_string(&statement).map_err(|e| crate::StoreError::Invalid(e.to_string()))?;
        queued += statement_insert.execute(params![id, attempt.id, attempt.class, body, now])?;
        Ok(())
    };
    build(&context, &mut insert)?;
    Ok(queued)
}
