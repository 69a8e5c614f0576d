//! Reading a class's attempts back from an LRS: its `completed` statements, found by the class's grouping
//! activity and read page by page (`more` links), each carrying the attempt as it was recorded
//! ([`crate::report::AttemptRecord`]). Every page is merged through the checks an import applies (the
//! rules, and a replay for a scenario installed here), by attempt id: an attempt already here is counted,
//! not added twice, and a different one with the same id is refused.

use goodwill_engine::Scenario;
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::Value;

use super::client::Client;
use super::{Lrs, LrsError, answer_detail};
use crate::records::{ClassSession, Exchange, FORMAT, FORMAT_VERSION};
use crate::report::{AttemptRecord, RECORD_EXTENSION, class_activity};
use crate::store::Store;

const VERB_COMPLETED: &str = "http://adlnet.gov/expapi/verbs/completed";
/// Statements asked for per page.
const PAGE: usize = 100;

/// What a pull read and changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PullSummary {
    pub pages: usize,
    /// `completed` statements read.
    pub statements: usize,
    pub attempts_added: usize,
    pub attempts_already_present: usize,
    /// `completed` statements that carry no Goodwill record (another tool's): left alone.
    pub foreign: usize,
    /// Whether every statement had to be read, because the LRS found none by the class's activity.
    pub scanned: bool,
}

/// Reads class session `class`'s attempts from `lrs` into `store`, checked against `scenarios` (the ones
/// installed here). Each page is merged in its own transaction, all of it or none; an error stops the
/// pull, keeping the pages merged before it.
pub fn pull(store: &Store, lrs: &Lrs, class: &str, scenarios: &[Scenario]) -> Result<PullSummary, LrsError> {
    let endpoint = lrs.endpoint.clone();
    let mut summary = PullSummary::default();
    let mut pages = 0;
    let scanned = class_pages(lrs, class, Some(VERB_COMPLETED), |statements| {
        pages += 1;
        merge_page(store, &endpoint, statements, scenarios, &mut summary)
    })?;
    summary.pages = pages;
    summary.scanned = scanned;
    Ok(summary)
}

/// Merges one page's `completed` statements through the import's checks.
fn merge_page(
    store: &Store,
    endpoint: &str,
    statements: &[Value],
    scenarios: &[Scenario],
    summary: &mut PullSummary,
) -> Result<(), LrsError> {
    let mut exchange = Exchange {
        format: FORMAT.into(),
        version: FORMAT_VERSION,
        exported_at: crate::clock::now_ms(),
        profiles: Vec::new(),
        classes: Vec::new(),
        attempts: Vec::new(),
        group_games: Vec::new(),
    };
    for statement in statements {
        summary.statements += 1;
        let Some(text) = statement["result"]["extensions"][RECORD_EXTENSION].as_str() else {
            summary.foreign += 1;
            continue;
        };
        let id = statement["id"].as_str().unwrap_or("?");
        let record: AttemptRecord = serde_json::from_str(text).map_err(|e| {
            LrsError::Store(crate::StoreError::Invalid(format!(
                "statement {id} from {endpoint} carries a Goodwill record that cannot be read: {e}"
            )))
        })?;
        if record.format != FORMAT || record.version > FORMAT_VERSION {
            return Err(LrsError::Store(crate::StoreError::Invalid(format!(
                "statement {id} from {endpoint} was written by a newer Goodwill (record {} version {}); \
                 update Goodwill to pull it",
                record.format, record.version
            ))));
        }
        if let Some(session) = record.class {
            add_class(&mut exchange.classes, session);
        }
        // One copy per attempt per page: an LRS may list a statement twice across a re-send.
        if !exchange
            .attempts
            .iter()
            .any(|a| a.attempt.id == record.attempt.attempt.id)
        {
            exchange.attempts.push(record.attempt);
        }
    }
    if !exchange.attempts.is_empty() {
        let merged = store.import_pulled(&exchange, scenarios)?;
        summary.attempts_added += merged.attempts_added;
        summary.attempts_already_present += merged.attempts_already_present;
    }
    Ok(())
}

/// Hands `each` the statements of class session `class` (with `verb`, when given), a page at a time,
/// following `more` links. Asked for by the class's grouping activity (`related_activities`); when the
/// LRS finds nothing that way, every statement is read and sorted here, because some LRSs cannot filter
/// by activity (Ralph 5.1's file backend compares the activity with a parsed IRI and never matches).
/// Returns whether it had to read everything.
fn class_pages(
    lrs: &Lrs,
    class: &str,
    verb: Option<&str>,
    mut each: impl FnMut(&[Value]) -> Result<(), LrsError>,
) -> Result<bool, LrsError> {
    let client = Client::new(lrs);
    let activity = class_activity(class);
    let mut filtered = format!(
        "statements?activity={}&related_activities=true&limit={PAGE}",
        utf8_percent_encode(&activity, NON_ALPHANUMERIC),
    );
    if let Some(verb) = verb {
        filtered.push_str(&format!("&verb={}", utf8_percent_encode(verb, NON_ALPHANUMERIC)));
    }
    let mut found = false;
    for scan in [false, true] {
        let mut target = if scan {
            format!("statements?limit={PAGE}")
        } else {
            filtered.clone()
        };
        loop {
            let page = read_page(&client, &target)?;
            let statements: Vec<Value> = page["statements"]
                .as_array()
                .map(Vec::as_slice)
                .unwrap_or_default()
                .iter()
                .filter(|s| in_class(s, &activity) && verb.is_none_or(|v| s["verb"]["id"] == v))
                .cloned()
                .collect();
            found |= !statements.is_empty();
            if !statements.is_empty() {
                each(&statements)?;
            }
            match page["more"].as_str().filter(|m| !m.is_empty()) {
                Some(more) => target = more.to_owned(),
                None => break,
            }
        }
        if found {
            return Ok(scan);
        }
    }
    Ok(true)
}

/// Whether a statement belongs to the class whose grouping activity is `activity`.
fn in_class(statement: &Value, activity: &str) -> bool {
    statement["context"]["contextActivities"]["grouping"]
        .as_array()
        .is_some_and(|g| g.iter().any(|a| a["id"] == activity))
}

fn read_page(client: &Client, target: &str) -> Result<Value, LrsError> {
    let endpoint = client.endpoint().to_owned();
    let answer = client.get(target)?;
    match answer.status {
        200 => {}
        401 => return Err(LrsError::WrongPassword { endpoint }),
        403 => {
            return Err(LrsError::Forbidden {
                endpoint,
                what: "read statements",
            });
        }
        status => {
            return Err(LrsError::Answer {
                endpoint,
                status,
                what: "when asked for the class's statements",
                detail: answer_detail(&answer.body),
            });
        }
    }
    serde_json::from_str(&answer.body).map_err(|e| LrsError::Answer {
        endpoint,
        status: answer.status,
        what: "with something that is not a statement list",
        detail: e.to_string(),
    })
}

/// Adds a class session as one record carries it, joining its roster and scenarios with another
/// record's copy of the same class.
fn add_class(classes: &mut Vec<ClassSession>, session: ClassSession) {
    match classes.iter_mut().find(|c| c.name == session.name) {
        Some(known) => {
            for trainee in session.trainees {
                if !known.trainees.contains(&trainee) {
                    known.trainees.push(trainee);
                }
            }
            for scenario in session.scenarios {
                if !known.scenarios.contains(&scenario) {
                    known.scenarios.push(scenario);
                }
            }
            known.created_at = known.created_at.min(session.created_at);
        }
        None => classes.push(session),
    }
}

/// The ids of every statement `lrs` holds of class session `class` (any verb, every page), in the order it
/// lists them: what `lrs push` made it hold. Tests and the benchmark count them.
pub fn class_statement_ids(lrs: &Lrs, class: &str) -> Result<Vec<String>, LrsError> {
    let mut ids = Vec::new();
    class_pages(lrs, class, None, |statements| {
        ids.extend(
            statements
                .iter()
                .map(|s| s["id"].as_str().unwrap_or_default().to_owned()),
        );
        Ok(())
    })?;
    Ok(ids)
}

/// Asks `lrs` for one statement: whether it answers, and takes this user and password.
pub fn check(lrs: &Lrs) -> Result<(), LrsError> {
    read_page(&Client::new(lrs), "statements?limit=1").map(drop)
}
