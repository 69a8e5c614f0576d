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
}

/// Reads class session `class`'s attempts from `lrs` into `store`, checked against `scenarios` (the ones
/// installed here). Each page is merged in its own transaction, all of it or none; an error stops the
/// pull, keeping the pages merged before it.
pub fn pull(store: &Store, lrs: &Lrs, class: &str, scenarios: &[Scenario]) -> Result<PullSummary, LrsError> {
    let client = Client::new(lrs);
    let endpoint = lrs.endpoint.clone();
    let mut summary = PullSummary::default();
    let mut target = format!(
        "statements?activity={}&related_activities=true&verb={}&limit={PAGE}",
        utf8_percent_encode(&class_activity(class), NON_ALPHANUMERIC),
        utf8_percent_encode(VERB_COMPLETED, NON_ALPHANUMERIC),
    );
    loop {
        let answer = client.get(&target)?;
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
        let page: Value = serde_json::from_str(&answer.body).map_err(|e| LrsError::Answer {
            endpoint: endpoint.clone(),
            status: answer.status,
            what: "with something that is not a statement list",
            detail: e.to_string(),
        })?;
        drop(answer);
        summary.pages += 1;
        let statements = page["statements"].as_array().map(Vec::as_slice).unwrap_or_default();
        let mut exchange = Exchange {
            format: FORMAT.into(),
            version: FORMAT_VERSION,
            exported_at: crate::clock::now_ms(),
            profiles: Vec::new(),
            classes: Vec::new(),
            attempts: Vec::new(),
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
        match page["more"].as_str().filter(|m| !m.is_empty()) {
            Some(more) => target = more.to_owned(),
            None => return Ok(summary),
        }
    }
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
