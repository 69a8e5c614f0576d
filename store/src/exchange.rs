//! Carrying results between machines: an export file (JSON) that a USB stick or a shared folder can carry,
//! and an import that merges it without duplicates. Attempts are identified by their UUID, profiles and
//! class sessions by name, so importing the same file twice, or files that overlap, adds nothing twice.

use std::path::Path;

use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};

use crate::attempts::{json, outcome_code};
use crate::clock::now_ms;
use crate::error::{Result, StoreError};
use crate::records::{Attempt, ClassSession, Decision, ObserverMarks, Profile};
use crate::store::Store;

/// The `format` field of every export file.
pub const FORMAT: &str = "goodwill-results";
/// Bumped when the file layout changes incompatibly.
pub const FORMAT_VERSION: u32 = 1;

/// The contents of an export file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Exchange {
    pub format: String,
    pub version: u32,
    pub exported_at: i64,
    pub profiles: Vec<Profile>,
    pub classes: Vec<ClassSession>,
    pub attempts: Vec<ExportedAttempt>,
}

/// A finished attempt with everything recorded about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportedAttempt {
    pub attempt: Attempt,
    pub decisions: Vec<Decision>,
    #[serde(default)]
    pub observer_marks: ObserverMarks,
}

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
        write_atomically(path, text.as_bytes())?;
        Ok(exchange)
    }

    /// Merges an export file into this database in one transaction.
    pub fn import_file(&self, path: &Path) -> Result<ImportSummary> {
        let text = std::fs::read_to_string(path).map_err(|source| StoreError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let bad = |detail: String| StoreError::BadExport {
            path: path.to_path_buf(),
            detail,
        };
        let exchange: Exchange = serde_json::from_str(&text).map_err(|e| bad(e.to_string()))?;
        if exchange.format != FORMAT {
            return Err(bad(format!("format is `{}`, expected `{FORMAT}`", exchange.format)));
        }
        if exchange.version > FORMAT_VERSION {
            return Err(bad(format!(
                "written by a newer Goodwill (file version {}, this build reads up to {FORMAT_VERSION})",
                exchange.version
            )));
        }
        self.import(&exchange)
    }

    /// Merges `exchange` into this database: nothing already present is added again or changed.
    pub fn import(&self, exchange: &Exchange) -> Result<ImportSummary> {
        let tx = self.write()?;
        let mut summary = ImportSummary::default();
        for profile in &exchange.profiles {
            summary.profiles_added += tx.execute(
                "INSERT OR IGNORE INTO profiles (name, created_at) VALUES (?1, ?2)",
                params![profile.name, profile.created_at],
            )?;
        }
        for class in &exchange.classes {
            summary.classes_added += tx.execute(
                "INSERT OR IGNORE INTO classes (name, created_at) VALUES (?1, ?2)",
                params![class.name, class.created_at],
            )?;
            for trainee in &class.trainees {
                tx.execute(
                    "INSERT OR IGNORE INTO class_trainees (class, profile, position)
                     VALUES (?1, ?2, (SELECT count(*) FROM class_trainees WHERE class = ?1))",
                    params![class.name, trainee],
                )?;
            }
            for scenario in &class.scenarios {
                tx.execute(
                    "INSERT OR IGNORE INTO class_scenarios (class, scenario, position)
                     VALUES (?1, ?2, (SELECT count(*) FROM class_scenarios WHERE class = ?1))",
                    params![class.name, scenario],
                )?;
            }
        }
        for exported in &exchange.attempts {
            let a = &exported.attempt;
            let present: Option<i64> = tx
                .query_row("SELECT 1 FROM attempts WHERE id = ?1", [&a.id], |r| r.get(0))
                .optional()?;
            if present.is_some() {
                summary.attempts_already_present += 1;
                continue;
            }
            for name in std::iter::once(&a.profile).chain(a.customer_player.iter()) {
                summary.profiles_added += tx.execute(
                    "INSERT OR IGNORE INTO profiles (name, created_at) VALUES (?1, ?2)",
                    params![name, a.started_at],
                )?;
            }
            tx.execute(
                "INSERT INTO attempts (id, profile, scenario, scenario_version, seed, started_at, finished_at,
                    discarded, outcome, final_balance, account_closed, timeline, golden_applied, golden_missed,
                    anti_patterns, class, mode, customer_player, observer, pair_id, round)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)",
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
                    json(&a.timeline),
                    json(&a.golden_applied),
                    json(&a.golden_missed),
                    json(&a.anti_patterns),
                    a.class,
                    a.mode.code(),
                    a.customer_player,
                    a.observer,
                    a.pair_id,
                    a.round,
                ],
            )?;
            for d in &exported.decisions {
                tx.execute(
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
                        json(&d.transcript),
                        d.sincerity,
                    ],
                )?;
            }
            for (step, applied) in &exported.observer_marks {
                tx.execute(
                    "INSERT INTO observer_marks (attempt_id, golden_step, applied) VALUES (?1, ?2, ?3)",
                    params![a.id, step, applied],
                )?;
            }
            summary.attempts_added += 1;
        }
        tx.commit()?;
        Ok(summary)
    }
}

/// Writes `bytes` to a temporary file beside `path`, syncs it, then renames it over `path`.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let io = |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    let mut tmp_name = path.file_name().unwrap_or_default().to_os_string();
    tmp_name.push(".partial");
    let tmp = path.with_file_name(tmp_name);
    let mut file = std::fs::File::create(&tmp).map_err(io)?;
    file.write_all(bytes).map_err(io)?;
    file.sync_all().map_err(io)?;
    std::fs::rename(&tmp, path).map_err(io)?;
    Ok(())
}
