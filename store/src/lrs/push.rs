//! Sending the outbox: batches of statements (at most `batch` and well under 1 MB), retried with
//! exponential backoff while the LRS is down or busy; a statement is marked sent only after the LRS
//! answered that it holds it.
//!
//! What each answer means:
//! - 200/204: the batch is sent.
//! - 409 for a batch: some id is already there; each statement is sent on its own. 409 for one statement:
//!   the LRS's copy is fetched by id; the same content counts as sent (an earlier push the LRS kept but whose
//!   answer a kill cut off), different content is parked.
//! - 400/422 (a statement the LRS finds malformed) and 413 (too large): the batch is halved until the
//!   statement at fault is alone, and that one is parked with the LRS's words.
//! - 401/403: the push stops with the error; nothing is parked, because the statements are not at fault
//!   (a fixed password sends them as they are).
//! - 5xx, 408, 429, no answer: tried again after a wait that doubles, then the push stops with the error and
//!   the statements stay waiting.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use serde_json::Value;

use super::client::{Answer, Client};
use super::{Lrs, LrsError, answer_detail};
use crate::outbox::Queued;
use crate::store::Store;

/// How a push goes.
#[derive(Debug, Clone)]
pub struct PushOptions<'a> {
    /// Only this class session's statements (all when `None`).
    pub class: Option<&'a str>,
    /// Statements per POST (25–100 is what LRSs take comfortably).
    pub batch: usize,
    /// Bytes per POST, at most: well under the 1 MB some LRSs refuse.
    pub max_bytes: usize,
    /// How often one request is tried while the LRS is down or busy, before the push stops.
    pub tries: u32,
    /// The first wait between tries; each next one is twice as long (at most 60 s).
    pub first_wait: Duration,
    /// Set to stop between batches (the game closing).
    pub stop: Option<&'a AtomicBool>,
}

impl Default for PushOptions<'_> {
    fn default() -> Self {
        PushOptions {
            class: None,
            batch: 50,
            max_bytes: 512 * 1024,
            tries: 5,
            first_wait: Duration::from_millis(500),
            stop: None,
        }
    }
}

/// What a push did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PushSummary {
    /// Statements the LRS now holds (new, or found there already with the same content).
    pub sent: usize,
    /// Statements the LRS refused, parked with its reason.
    pub parked: usize,
    /// POSTs made (a split batch counts each part).
    pub posts: usize,
    /// Times a request was tried again after the LRS was down or busy.
    pub retries: usize,
}

/// Sends every waiting statement (of `options.class`, or all) to `lrs`. Stops at the first error a person
/// must fix, or when the LRS stays unreachable through every try; what was sent stays sent, the rest stays
/// waiting. The error is also kept as the outbox's last error; a push that empties the queue clears it.
pub fn push(store: &Store, lrs: &Lrs, options: &PushOptions) -> Result<PushSummary, LrsError> {
    let client = Client::new(lrs);
    let mut summary = PushSummary::default();
    let result = push_all(store, &client, options, &mut summary);
    match &result {
        Ok(()) => store.outbox_set_error(None)?,
        Err(e) => {
            let _ = store.outbox_set_error(Some(&e.to_string()));
        }
    }
    result.map(|()| summary)
}

fn push_all(store: &Store, client: &Client, options: &PushOptions, summary: &mut PushSummary) -> Result<(), LrsError> {
    loop {
        if options.stop.is_some_and(|s| s.load(Ordering::Relaxed)) {
            return Ok(());
        }
        let batch = store.outbox_batch(options.class, options.batch.max(1), options.max_bytes)?;
        if batch.is_empty() {
            return Ok(());
        }
        send(store, client, &batch, options, summary)?;
    }
}

fn body_of(batch: &[Queued]) -> String {
    let mut body = String::with_capacity(batch.iter().map(|q| q.body.len() + 1).sum::<usize>() + 2);
    body.push('[');
    for (i, q) in batch.iter().enumerate() {
        if i > 0 {
            body.push(',');
        }
        body.push_str(&q.body);
    }
    body.push(']');
    body
}

fn send(
    store: &Store,
    client: &Client,
    batch: &[Queued],
    options: &PushOptions,
    summary: &mut PushSummary,
) -> Result<(), LrsError> {
    let body = body_of(batch);
    let answer = with_retries(options, summary, || client.post_statements(&body))?;
    summary.posts += 1;
    let endpoint = client.endpoint().to_owned();
    match answer.status {
        200..=299 => {
            store.outbox_mark_sent(&batch.iter().map(|q| q.seq).collect::<Vec<_>>())?;
            summary.sent += batch.len();
            Ok(())
        }
        409 if batch.len() > 1 => {
            for one in batch {
                send(store, client, std::slice::from_ref(one), options, summary)?;
            }
            Ok(())
        }
        409 => settle_conflict(store, client, &batch[0], options, summary),
        400 | 413 | 422 if batch.len() > 1 => {
            let (a, b) = batch.split_at(batch.len() / 2);
            send(store, client, a, options, summary)?;
            send(store, client, b, options, summary)
        }
        400 | 422 => park(
            store,
            &batch[0],
            &format!(
                "the LRS at {endpoint} refused it (HTTP {}): {}",
                answer.status,
                answer_detail(&answer.body)
            ),
            summary,
        ),
        413 => park(
            store,
            &batch[0],
            &format!("the LRS at {endpoint} finds it too large (HTTP 413), even on its own"),
            summary,
        ),
        401 => Err(LrsError::WrongPassword { endpoint }),
        403 => Err(LrsError::Forbidden {
            endpoint,
            what: "send statements",
        }),
        status => Err(LrsError::Answer {
            endpoint,
            status,
            what: "to the statements sent",
            detail: answer_detail(&answer.body),
        }),
    }
}

/// A 409 for one statement: the LRS has one with this id. Fetch it: the same content is sent, other
/// content is parked.
fn settle_conflict(
    store: &Store,
    client: &Client,
    queued: &Queued,
    options: &PushOptions,
    summary: &mut PushSummary,
) -> Result<(), LrsError> {
    let endpoint = client.endpoint().to_owned();
    let answer = with_retries(options, summary, || {
        client.get(&format!("statements?statementId={}", queued.id))
    })?;
    let ours: Value = serde_json::from_str(&queued.body).unwrap_or(Value::Null);
    match answer.status {
        200 => {
            let theirs: Value = serde_json::from_str(&answer.body).unwrap_or(Value::Null);
            if same_statement(&ours, &theirs) {
                store.outbox_mark_sent(&[queued.seq])?;
                summary.sent += 1;
                Ok(())
            } else {
                park(
                    store,
                    queued,
                    &format!(
                        "the LRS at {endpoint} already holds a different statement with this id (HTTP 409): the \
                         results were changed after they were sent, or another machine sent other content"
                    ),
                    summary,
                )
            }
        }
        401 => Err(LrsError::WrongPassword { endpoint }),
        403 => Err(LrsError::Forbidden {
            endpoint,
            what: "read statements",
        }),
        status => park(
            store,
            queued,
            &format!(
                "the LRS at {endpoint} answered 409 (conflict), then HTTP {status} when asked for its copy: {}",
                answer_detail(&answer.body)
            ),
            summary,
        ),
    }
}

fn park(store: &Store, queued: &Queued, why: &str, summary: &mut PushSummary) -> Result<(), LrsError> {
    store.outbox_park(queued.seq, why)?;
    summary.parked += 1;
    Ok(())
}

/// Tries `request` while the LRS is unreachable or answers that it is busy or failing (5xx, 408, 429),
/// waiting twice as long each time; the last answer or error stands.
fn with_retries(
    options: &PushOptions,
    summary: &mut PushSummary,
    mut request: impl FnMut() -> Result<Answer, LrsError>,
) -> Result<Answer, LrsError> {
    let mut wait = options.first_wait;
    let tries = options.tries.max(1);
    for attempt in 1..=tries {
        let result = request();
        let again = match &result {
            Err(e) => e.is_transient(),
            Ok(answer) => answer.status >= 500 || answer.status == 429 || answer.status == 408,
        };
        if !again || attempt == tries || options.stop.is_some_and(|s| s.load(Ordering::Relaxed)) {
            return result;
        }
        summary.retries += 1;
        std::thread::sleep(wait);
        wait = (wait * 2).min(Duration::from_secs(60));
    }
    unreachable!("the last try returns")
}

/// Whether the LRS's copy `theirs` is the statement `ours`: every property we sent is there with the same
/// value (an LRS adds `stored`, `authority` and `version`, and may write the timestamp in another form of
/// the same instant).
fn same_statement(ours: &Value, theirs: &Value) -> bool {
    let (Value::Object(ours), Value::Object(theirs)) = (ours, theirs) else {
        return false;
    };
    ours.iter().all(|(key, value)| match (key.as_str(), theirs.get(key)) {
        ("timestamp", Some(Value::String(t))) => value.as_str().is_some_and(|o| same_instant(o, t)),
        (_, Some(other)) => contains(value, other),
        (_, None) => false,
    })
}

/// `theirs` holds everything in `ours` (objects may have more keys; arrays and values are equal).
fn contains(ours: &Value, theirs: &Value) -> bool {
    match (ours, theirs) {
        (Value::Object(a), Value::Object(b)) => a.iter().all(|(k, v)| b.get(k).is_some_and(|w| contains(v, w))),
        (Value::Array(a), Value::Array(b)) => a.len() == b.len() && a.iter().zip(b).all(|(v, w)| contains(v, w)),
        (Value::Number(a), Value::Number(b)) => a == b || a.as_f64() == b.as_f64(),
        _ => ours == theirs,
    }
}

fn same_instant(a: &str, b: &str) -> bool {
    use time::OffsetDateTime;
    use time::format_description::well_known::Rfc3339;
    match (OffsetDateTime::parse(a, &Rfc3339), OffsetDateTime::parse(b, &Rfc3339)) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_lrs_copy_with_its_own_additions_is_the_same_statement() {
        let ours = json!({"id": "x", "timestamp": "2026-11-23T18:54:12.345Z", "result": {"score": {"raw": 5}}});
        let theirs = json!({"id": "x", "timestamp": "2026-11-23T18:54:12.345+00:00", "stored": "…",
            "authority": {}, "version": "1.0.3", "result": {"score": {"raw": 5.0}}});
        assert!(same_statement(&ours, &theirs));
        let changed = json!({"id": "x", "timestamp": "2026-11-23T18:54:12.345Z", "result": {"score": {"raw": 6}}});
        assert!(!same_statement(&changed, &theirs));
        let later = json!({"id": "x", "timestamp": "2026-11-23T18:54:13.345Z", "result": {"score": {"raw": 5}}});
        assert!(!same_statement(&later, &theirs));
    }
}
