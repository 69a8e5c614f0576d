//! Trainee profiles and the trainer's class sessions.

use goodwill_engine::quote;
use rusqlite::{Connection, OptionalExtension, params};

use crate::clock::now_ms;
use crate::error::{Result, StoreError};
use crate::names::{clean_name, is_scenario_id, lookup_name};
use crate::records::{ClassSession, Profile};
use crate::store::Store;

impl Store {
    /// Adds a trainee profile (nothing happens if it exists) and returns the cleaned name.
    pub fn add_profile(&self, name: &str) -> Result<String> {
        let name = clean_name("profile", name)?;
        let tx = self.write()?;
        ensure_profile(&tx, &name)?;
        tx.commit()?;
        Ok(name)
    }
}

/// Adds a profile unless one with this (already cleaned) name exists.
pub(crate) fn ensure_profile(conn: &Connection, name: &str) -> Result<()> {
    conn.execute(
        "INSERT OR IGNORE INTO profiles (name, created_at) VALUES (?1, ?2)",
        params![name, now_ms()],
    )?;
    Ok(())
}

impl Store {
    /// Every profile, most recently active first.
    pub fn profiles(&self) -> Result<Vec<Profile>> {
        let mut stmt = self.conn.prepare(
            "SELECT p.name, p.created_at FROM profiles p
             ORDER BY coalesce((SELECT max(started_at) FROM attempts a WHERE a.profile = p.name), p.created_at) DESC,
                      p.name",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(Profile {
                name: r.get(0)?,
                created_at: r.get(1)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Creates a class session, or adds trainees and scenarios to the one with this name.
    pub fn create_class(&self, name: &str, trainees: &[String], scenarios: &[String]) -> Result<ClassSession> {
        let name = clean_name("class session", name)?;
        let trainees = trainees
            .iter()
            .map(|t| clean_name("trainee", t))
            .collect::<Result<Vec<_>>>()?;
        if let Some(bad) = scenarios.iter().find(|s| !is_scenario_id(s.trim())) {
            return Err(StoreError::Invalid(format!(
                "{} is not a scenario id (lowercase letters, digits and dashes)",
                quote(bad)
            )));
        }
        let tx = self.write()?;
        tx.execute(
            "INSERT OR IGNORE INTO classes (name, created_at) VALUES (?1, ?2)",
            params![name, now_ms()],
        )?;
        for trainee in &trainees {
            tx.execute(
                "INSERT OR IGNORE INTO profiles (name, created_at) VALUES (?1, ?2)",
                params![trainee, now_ms()],
            )?;
            tx.execute(
                "INSERT OR IGNORE INTO class_trainees (class, profile, position)
                 VALUES (?1, ?2, (SELECT count(*) FROM class_trainees WHERE class = ?1))",
                params![name, trainee],
            )?;
        }
        for scenario in scenarios {
            tx.execute(
                "INSERT OR IGNORE INTO class_scenarios (class, scenario, position)
                 VALUES (?1, ?2, (SELECT count(*) FROM class_scenarios WHERE class = ?1))",
                params![name, scenario.trim()],
            )?;
        }
        tx.commit()?;
        self.class(&name)?.ok_or(StoreError::NotFound {
            kind: "class session",
            name,
        })
    }

    /// A class session with its trainees and scenarios in the order they were added.
    pub fn class(&self, name: &str) -> Result<Option<ClassSession>> {
        let name = lookup_name(name);
        let name = name.as_str();
        let created_at: Option<i64> = self
            .conn
            .query_row("SELECT created_at FROM classes WHERE name = ?1", [name], |r| r.get(0))
            .optional()?;
        let Some(created_at) = created_at else {
            return Ok(None);
        };
        let list = |sql: &str| -> Result<Vec<String>> {
            let mut stmt = self.conn.prepare(sql)?;
            let rows = stmt.query_map([name], |r| r.get(0))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        };
        Ok(Some(ClassSession {
            name: name.to_owned(),
            created_at,
            trainees: list("SELECT profile FROM class_trainees WHERE class = ?1 ORDER BY position, profile")?,
            scenarios: list("SELECT scenario FROM class_scenarios WHERE class = ?1 ORDER BY position, scenario")?,
        }))
    }

    /// Every class session, newest first.
    pub fn classes(&self) -> Result<Vec<ClassSession>> {
        let mut stmt = self
            .conn
            .prepare("SELECT name FROM classes ORDER BY created_at DESC, name")?;
        let names: Vec<String> = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        let mut out = Vec::new();
        for name in names {
            if let Some(class) = self.class(&name)? {
                out.push(class);
            }
        }
        Ok(out)
    }

    /// The class session named `name`, or an error naming the ones that exist.
    pub fn require_class(&self, name: &str) -> Result<ClassSession> {
        self.class(name)?.ok_or_else(|| {
            let known: Vec<String> = self.classes().unwrap_or_default().into_iter().map(|c| c.name).collect();
            StoreError::Invalid(if known.is_empty() {
                format!(
                    "no class session named {} (none exist yet: create one with `goodwill class new`)",
                    quote(name)
                )
            } else {
                format!("no class session named {}; known: {}", quote(name), known.join(", "))
            })
        })
    }
}
