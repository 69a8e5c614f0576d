//! Carrying results between machines: an export file (JSON) that a USB stick or a shared folder can carry,
//! and an import that merges it without duplicates. Attempts are identified by their UUID, profiles and
//! class sessions by name, so importing the same file twice, or files that overlap, adds nothing twice.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use goodwill_engine::Scenario;
use rusqlite::{Connection, OptionalExtension, params};

use crate::attempts::{ATTEMPT_COLUMNS, attempt_from_row, decisions_of, json, outcome_code};
use crate::clock::now_ms;
use crate::error::{Result, StoreError};
use crate::records::{Attempt, Decision};
pub use crate::records::{Exchange, ExportedAttempt, FORMAT, FORMAT_VERSION};
use crate::rules::check_exchange;
use crate::store::Store;

/// What an import changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ImportSummary {
    pub profiles_added: usize,
    pub classes_added: usize,
    pub attempts_added: usize,
    /// Attempts this database already had (same id): left as they were.
    pub attempts_already_present: usize,
}

impl std::fmt::Display for ImportSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} new attempt(s), {} already present; {} new profile(s), {} new class session(s)",
            self.attempts_added, self.attempts_already_present, self.profiles_added, self.classes_added
        )
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
        for attempt in &attempts {
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
                attempt,
            });
        }
        Ok(Exchange {
            format: FORMAT.into(),
            version: FORMAT_VERSION,
            exported_at: now_ms(),
            profiles,
            classes,
            attempts: exported,
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
        let mut seen = HashMap::new();
        let mut summaries = Vec::new();
        for (path, exchange) in paths.iter().zip(&exchanges) {
            let summary = merge(&tx, exchange, &mut seen).map_err(|e| match e {
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
        let summary = merge(&tx, &exchange, &mut HashMap::new())?;
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
            "format is `{}`, expected `{FORMAT}`",
            exchange.format.escape_debug()
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

/// What must agree for two records with one attempt id to be the same attempt.
#[derive(Debug, PartialEq)]
struct Fingerprint {
    profile: String,
    scenario: String,
    scenario_version: u32,
    seed: u64,
    started_at: i64,
    finished_at: Option<i64>,
    final_balance: Option<i32>,
    steps: Vec<(String, usize, Option<u8>)>,
}

impl Fingerprint {
    fn of(attempt: &Attempt, decisions: &[Decision]) -> Fingerprint {
        Fingerprint {
            profile: attempt.profile.clone(),
            scenario: attempt.scenario.clone(),
            scenario_version: attempt.scenario_version,
            seed: attempt.seed,
            started_at: attempt.started_at,
            finished_at: attempt.finished_at,
            final_balance: attempt.final_balance,
            steps: decisions
                .iter()
                .map(|d| (d.node.clone(), d.choice, d.sincerity))
                .collect(),
        }
    }
}

fn conflict(id: &str) -> StoreError {
    StoreError::Invalid(format!(
        "attempt {id} conflicts with another attempt with the same id (a different trainee, case, time or \
         decisions); nothing was imported. Two machines should never share an id: check where this file came from"
    ))
}

/// Adds what `exchange` has that the database lacks. `seen` holds the attempts merged earlier in the
/// same import, so a second copy is counted as present and a different one with the same id refused.
fn merge(conn: &Connection, exchange: &Exchange, seen: &mut HashMap<String, Fingerprint>) -> Result<ImportSummary> {
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
        let incoming = Fingerprint::of(a, &exported.decisions);
        if let Some(earlier) = seen.get(&a.id) {
            if *earlier != incoming {
                return Err(conflict(&a.id));
            }
            summary.attempts_already_present += 1;
            continue;
        }
        let present = conn
            .query_row(
                &format!("SELECT {ATTEMPT_COLUMNS} FROM attempts a WHERE a.id = ?1"),
                [&a.id],
                attempt_from_row,
            )
            .optional()?;
        if let Some(stored) = present {
            let decisions = decisions_of(conn, &a.id)?;
            if Fingerprint::of(&stored, &decisions) != incoming {
                return Err(conflict(&a.id));
            }
            summary.attempts_already_present += 1;
            seen.insert(a.id.clone(), incoming);
            continue;
        }
        if let Some(class) = &a.class {
            let exists: Option<i64> = conn
                .query_row("SELECT 1 FROM classes WHERE name = ?1", [class], |r| r.get(0))
                .optional()?;
            if exists.is_none() && !known_classes.contains(class.as_str()) {
                return Err(StoreError::Invalid(format!(
                    "attempt {}: class session `{class}` is neither in the file nor on this machine",
                    a.id
                )));
            }
        }
        for name in std::iter::once(&a.profile).chain(a.customer_player.iter()) {
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
        }
        for (step, applied) in &exported.observer_marks {
            conn.execute(
                "INSERT INTO observer_marks (attempt_id, golden_step, applied) VALUES (?1, ?2, ?3)",
                params![a.id, step, applied],
            )?;
        }
        seen.insert(a.id.clone(), incoming);
        summary.attempts_added += 1;
    }
    Ok(summary)
}
