//! Carrying results between machines: an export file (JSON) that a USB stick or a shared folder can carry,
//! and an import that merges it without duplicates. Attempts are identified by their UUID, profiles and
//! class sessions by name, so importing the same file twice, or files that overlap, adds nothing twice.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use goodwill_engine::Scenario;
use rusqlite::{Connection, OptionalExtension, params};

use crate::attempts::{ATTEMPT_COLUMNS, attempt_from_row, decisions_of, insert_votes, json, outcome_code};
use crate::clock::now_ms;
use crate::error::{Result, StoreError};
pub use crate::records::{Exchange, ExportedAttempt, FORMAT, FORMAT_VERSION, FORMAT_VERSION_WITHOUT_CLASS_VOTES};
use crate::reflection_store::{merge_plan, merge_reflection};
use crate::rules::check_exchange;
use crate::store::Store;
use goodwill_engine::quote;

/// What an import changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ImportSummary {
    pub profiles_added: usize,
    pub classes_added: usize,
    pub attempts_added: usize,
    /// Attempts this database already had (same id): left as they were.
    pub attempts_already_present: usize,
    /// Group games (the promise and responsibility games) this database did not have.
    pub group_games_added: usize,
}

impl std::fmt::Display for ImportSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} new attempt(s), {} already present; {} new profile(s), {} new class session(s)",
            self.attempts_added, self.attempts_already_present, self.profiles_added, self.classes_added
        )?;
        if self.group_games_added > 0 {
            write!(f, "; {} new group game(s)", self.group_games_added)?;
        }
        Ok(())
    }
}

impl Store {
    /// Everything finished, or only what belongs to class session `class`.
    pub fn export(&self, class: Option<&str>) -> Result<Exchange> {
        let classes = match class {
            Some(name) => vec![self.require_class(name)?],
            None => self.classes()?,
        };
        let attempts = self.finished_attempts(None, class)?;
        let mut names: Vec<String> = match class {
            Some(_) => classes.iter().flat_map(|c| c.trainees.iter().cloned()).collect(),
            None => self.profiles()?.into_iter().map(|p| p.name).collect(),
        };
        for attempt in attempts.iter().filter(|a| !a.is_class_vote()) {
            names.extend(attempt.customer_player.iter().cloned());
            names.push(attempt.profile.clone());
        }
        let all = self.profiles()?;
        let profiles = all.into_iter().filter(|p| names.contains(&p.name)).collect();
        let mut exported = Vec::new();
        for attempt in attempts {
            exported.push(ExportedAttempt {
                decisions: self.decisions(&attempt.id)?,
                observer_marks: self.observer_marks(&attempt.id)?,
                reflections: self.reflections(&attempt.id)?,
                plan: self.plan(&attempt.id)?,
                attempt,
            });
        }
        // Only a file with a class vote needs a build that reads them; any other keeps the older layout.
        let version = if exported.iter().any(|e| e.attempt.is_class_vote()) {
            FORMAT_VERSION
        } else {
            FORMAT_VERSION_WITHOUT_CLASS_VOTES
        };
        let group_games = match class {
            Some(_) => classes
                .iter()
                .map(|c| self.group_games(&c.name))
                .collect::<Result<Vec<_>>>()?
                .concat(),
            None => self.all_group_games()?,
        };
        Ok(Exchange {
            format: FORMAT.into(),
            version,
            exported_at: now_ms(),
            profiles,
            classes,
            attempts: exported,
            group_games,
        })
    }

    /// Writes [`Self::export`] to `path` atomically (a half-written file never replaces a good one).
    pub fn export_to_file(&self, class: Option<&str>, path: &Path) -> Result<Exchange> {
        let exchange = self.export(class)?;
        let text = serde_json::to_string_pretty(&exchange).map_err(|e| StoreError::Invalid(e.to_string()))?;
        self.write_output(path, text.as_bytes())?;
        Ok(exchange)
    }

    /// Merges one export file; see [`Self::import_files`].
    pub fn import_file(&self, path: &Path, scenarios: &[Scenario]) -> Result<ImportSummary> {
        Ok(self.import_files(&[path.to_path_buf()], scenarios)?.remove(0))
    }

    /// Merges export files into this database, all of them or none: every file is read and checked
    /// first (by the rules the game applies when it records, and against `scenarios`, the scenarios
    /// installed here), then all are merged in one transaction. An error names the file and the record.
    /// Returns what each file added, in order.
    pub fn import_files(&self, paths: &[PathBuf], scenarios: &[Scenario]) -> Result<Vec<ImportSummary>> {
        let mut exchanges = Vec::new();
        for path in paths {
            exchanges.push(read_export(path, scenarios)?);
        }
        let tx = self.write()?;
        let mut seen = Seen::new();
        let mut summaries = Vec::new();
        for (path, exchange) in paths.iter().zip(&exchanges) {
            let summary = merge(&tx, exchange, Some(path), &mut seen).map_err(|e| match e {
                StoreError::Invalid(detail) => StoreError::BadExport {
                    path: path.clone(),
                    detail,
                },
                other => other,
            })?;
            summaries.push(summary);
        }
        tx.commit()?;
        Ok(summaries)
    }

    /// Merges `exchange` into this database: nothing already present is added again or changed. The
    /// exchange is checked first, as a file would be.
    pub fn import(&self, exchange: &Exchange, scenarios: &[Scenario]) -> Result<ImportSummary> {
        let mut exchange = exchange.clone();
        check_exchange(&mut exchange, scenarios).map_err(StoreError::Invalid)?;
        let tx = self.write()?;
        let summary = merge(&tx, &exchange, None, &mut Seen::new())?;
        tx.commit()?;
        Ok(summary)
    }

    /// [`Self::import`] for attempts read back from an LRS (`lrs pull`): the same checks and merge, and in
    /// the same transaction a note that these attempts came from the LRS, so the outbox never queues them
    /// to be sent back.
    pub(crate) fn import_pulled(&self, exchange: &Exchange, scenarios: &[Scenario]) -> Result<ImportSummary> {
        let mut exchange = exchange.clone();
        check_exchange(&mut exchange, scenarios).map_err(StoreError::Invalid)?;
        let tx = self.write()?;
        let summary = merge(&tx, &exchange, None, &mut Seen::new())?;
        let ids: Vec<String> = exchange.attempts.iter().map(|e| e.attempt.id.clone()).collect();
        self.outbox_note_pulled(&tx, &ids)?;
        tx.commit()?;
        Ok(summary)
    }
}

/// Reads, parses and checks one export file.
fn read_export(path: &Path, scenarios: &[Scenario]) -> Result<Exchange> {
    let text = std::fs::read_to_string(path).map_err(|source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let bad = |detail: String| StoreError::BadExport {
        path: path.to_path_buf(),
        detail,
    };
    let mut exchange: Exchange = serde_json::from_str(&text).map_err(|e| bad(e.to_string()))?;
    if exchange.format != FORMAT {
        return Err(bad(format!(
            "format is {}, expected `{FORMAT}`",
            quote(&exchange.format)
        )));
    }
    if exchange.version > FORMAT_VERSION {
        return Err(bad(format!(
            "written by a newer Goodwill (file version {}, this build reads up to {FORMAT_VERSION})",
            exchange.version
        )));
    }
    check_exchange(&mut exchange, scenarios).map_err(bad)?;
    Ok(exchange)
}

/// An attempt as a whole — the attempt row, every decision with its transcript and votes, the observer's
/// marks — in one canonical form. Two records with one id are the same attempt only when these are equal,
/// so a field added to a record later is compared without anyone remembering to add it here. What the
/// trainee writes after the debrief (reflections, the plan) is left out: it may be written after a copy was
/// exported, so two copies of one attempt may differ there, and the later writing of each is kept instead
/// ([`merge_notes`]).
fn canonical(exported: &ExportedAttempt) -> Result<serde_json::Value> {
    let mut value = serde_json::to_value(exported).map_err(|e| StoreError::Invalid(e.to_string()))?;
    if let Some(fields) = value.as_object_mut() {
        fields.remove("reflections");
        fields.remove("plan");
    }
    Ok(value)
}

/// Adds an attempt's reflections and plan, keeping for each question (and for the plan) the copy written
/// last, whether it was here or in the file.
fn merge_notes(conn: &Connection, exported: &ExportedAttempt) -> Result<()> {
    for reflection in &exported.reflections {
        merge_reflection(conn, &exported.attempt.id, reflection)?;
    }
    if let Some(plan) = &exported.plan {
        merge_plan(conn, &exported.attempt.id, plan)?;
    }
    Ok(())
}

/// Where two canonical records first differ, as a path (`decisions[2].transcript.step.feedback`).
fn first_difference(a: &serde_json::Value, b: &serde_json::Value, path: &str) -> Option<String> {
    use serde_json::Value;
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
            keys.sort();
            keys.dedup();
            keys.into_iter().find_map(|k| {
                let inner = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                match (x.get(k), y.get(k)) {
                    (Some(p), Some(q)) => first_difference(p, q, &inner),
                    _ => Some(inner),
                }
            })
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (p, q))| first_difference(p, q, &format!("{path}[{i}]"))),
        _ => (a != b).then(|| path.to_owned()),
    }
}

/// The attempt `id` as this database holds it, in the form an export carries it.
fn stored(conn: &Connection, id: &str) -> Result<Option<ExportedAttempt>> {
    let attempt = conn
        .query_row(
            &format!("SELECT {ATTEMPT_COLUMNS} FROM attempts a WHERE a.id = ?1"),
            [id],
            attempt_from_row,
        )
        .optional()?;
    let Some(attempt) = attempt else {
        return Ok(None);
    };
    let mut stmt =
        conn.prepare("SELECT golden_step, applied FROM observer_marks WHERE attempt_id = ?1 ORDER BY golden_step")?;
    let observer_marks = stmt
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Some(ExportedAttempt {
        decisions: decisions_of(conn, id)?,
        observer_marks,
        reflections: Vec::new(),
        plan: None,
        attempt,
    }))
}

fn conflict(id: &str, against: &str, field: Option<String>) -> StoreError {
    StoreError::Invalid(format!(
        "attempt {} conflicts with {against} with the same id (its {} differs); nothing was imported. \
         Two machines should never share an id: check where this file came from",
        quote(id),
        field.as_deref().map_or("content".to_owned(), quote),
    ))
}

/// The attempts already merged in one import: their canonical form, and the file each came from.
pub(crate) type Seen = HashMap<String, (serde_json::Value, Option<PathBuf>)>;

/// Adds what `exchange` has that the database lacks. `seen` holds the attempts merged earlier in the
/// same import, so a second copy is counted as present and a different one with the same id refused.
fn merge(conn: &Connection, exchange: &Exchange, file: Option<&Path>, seen: &mut Seen) -> Result<ImportSummary> {
    let mut summary = ImportSummary::default();
    let known_classes: HashSet<&str> = exchange.classes.iter().map(|c| c.name.as_str()).collect();
    for profile in &exchange.profiles {
        summary.profiles_added += conn.execute(
            "INSERT OR IGNORE INTO profiles (name, created_at) VALUES (?1, ?2)",
            params![profile.name, profile.created_at],
        )?;
    }
    for class in &exchange.classes {
        summary.classes_added += conn.execute(
            "INSERT OR IGNORE INTO classes (name, created_at) VALUES (?1, ?2)",
            params![class.name, class.created_at],
        )?;
        for trainee in &class.trainees {
            summary.profiles_added += conn.execute(
                "INSERT OR IGNORE INTO profiles (name, created_at) VALUES (?1, ?2)",
                params![trainee, class.created_at],
            )?;
            conn.execute(
                "INSERT OR IGNORE INTO class_trainees (class, profile, position)
                 VALUES (?1, ?2, (SELECT count(*) FROM class_trainees WHERE class = ?1))",
                params![class.name, trainee],
            )?;
        }
        for scenario in &class.scenarios {
            conn.execute(
                "INSERT OR IGNORE INTO class_scenarios (class, scenario, position)
                 VALUES (?1, ?2, (SELECT count(*) FROM class_scenarios WHERE class = ?1))",
                params![class.name, scenario],
            )?;
        }
    }
    for exported in &exchange.attempts {
        let a = &exported.attempt;
        let incoming = canonical(exported)?;
        if let Some((earlier, from)) = seen.get(&a.id) {
            if *earlier != incoming {
                let against = match from {
                    Some(path) if Some(path.as_path()) != file => format!("an attempt in {}", path.display()),
                    _ => "an earlier attempt in the same file".to_owned(),
                };
                return Err(conflict(&a.id, &against, first_difference(earlier, &incoming, "")));
            }
            merge_notes(conn, exported)?;
            summary.attempts_already_present += 1;
            continue;
        }
        if let Some(present) = stored(conn, &a.id)? {
            let present = canonical(&present)?;
            if present != incoming {
                let field = first_difference(&present, &incoming, "");
                return Err(conflict(&a.id, "an attempt already in this database", field));
            }
            merge_notes(conn, exported)?;
            summary.attempts_already_present += 1;
            seen.insert(a.id.clone(), (incoming, file.map(Path::to_path_buf)));
            continue;
        }
        if let Some(class) = &a.class {
            let exists: Option<i64> = conn
                .query_row("SELECT 1 FROM classes WHERE name = ?1", [class], |r| r.get(0))
                .optional()?;
            if exists.is_none() && !known_classes.contains(class.as_str()) {
                return Err(StoreError::Invalid(format!(
                    "attempt {}: class session {} is neither in the file nor on this machine",
                    quote(&a.id),
                    quote(class)
                )));
            }
        }
        // A class vote's profile is its class session's name, no trainee's; its voters are seats, some
        // anonymous: neither becomes a profile.
        let agent = Some(&a.profile).filter(|_| !a.is_class_vote());
        for name in agent.into_iter().chain(a.customer_player.iter()) {
            summary.profiles_added += conn.execute(
                "INSERT OR IGNORE INTO profiles (name, created_at) VALUES (?1, ?2)",
                params![name, a.started_at],
            )?;
        }
        conn.execute(
            "INSERT INTO attempts (id, profile, scenario, scenario_version, seed, started_at, finished_at,
                discarded, outcome, final_balance, account_closed, timeline, golden_applied, golden_missed,
                anti_patterns, class, mode, customer_player, observer, pair_id, round, accuracy)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21,
                ?22)",
            params![
                a.id,
                a.profile,
                a.scenario,
                a.scenario_version,
                a.seed as i64,
                a.started_at,
                a.finished_at,
                a.discarded,
                a.outcome.map(outcome_code),
                a.final_balance,
                a.account_closed,
                json(&a.timeline)?,
                json(&a.golden_applied)?,
                json(&a.golden_missed)?,
                json(&a.anti_patterns)?,
                a.class,
                a.mode.code(),
                a.customer_player,
                a.observer,
                a.pair_id,
                a.round,
                a.accuracy,
            ],
        )?;
        for d in &exported.decisions {
            conn.execute(
                "INSERT INTO decisions (attempt_id, step, node, choice, balance_after, delta, time_taken_ms,
                    decided_at, record, sincerity)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![
                    a.id,
                    d.step,
                    d.node,
                    d.choice as i64,
                    d.balance_after,
                    d.delta,
                    d.time_taken_ms,
                    d.decided_at,
                    json(&d.transcript)?,
                    d.sincerity,
                ],
            )?;
            insert_votes(conn, &a.id, d.step, &d.votes)?;
        }
        for (step, applied) in &exported.observer_marks {
            conn.execute(
                "INSERT INTO observer_marks (attempt_id, golden_step, applied) VALUES (?1, ?2, ?3)",
                params![a.id, step, applied],
            )?;
        }
        merge_notes(conn, exported)?;
        seen.insert(a.id.clone(), (incoming, file.map(Path::to_path_buf)));
        summary.attempts_added += 1;
    }
    // A group game already here (the same file twice, overlapping files) is left as it is; one that differs
    // under the same id is refused, as an attempt is.
    for game in &exchange.group_games {
        summary.group_games_added += usize::from(crate::group_games::insert(conn, game)?);
    }
    Ok(summary)
}
