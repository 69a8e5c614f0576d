//! A trainer's group games (003's 实物训练游戏), kept under the class session they were played in: the
//! promise game (one presses for promises, the other avoids the ones they cannot keep; the roles swap) and
//! the responsibility game (each describes their work's nature, content and responsibilities; the roles
//! swap; the two fill in each other's gaps). One check ([`GroupGame::check`]) serves the game and an import.

use std::collections::HashSet;

use goodwill_engine::quote;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use crate::error::{Result, StoreError};
use crate::names::{clean_name, is_scenario_id, lookup_name};
use crate::store::Store;

/// Which of 003's games was played.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupGameKind {
    /// 003 unit 2: the "customer" presses for as many promises as possible; the agent avoids making any
    /// they cannot keep. 30 minutes, then the roles swap for another 30.
    Promise,
    /// 003 unit 1: each describes to the other the nature, content and responsibilities of their work;
    /// then they swap, and discuss and fill in each other's gaps.
    Responsibility,
}

impl GroupGameKind {
    pub const ALL: [GroupGameKind; 2] = [GroupGameKind::Promise, GroupGameKind::Responsibility];

    pub fn code(self) -> &'static str {
        match self {
            GroupGameKind::Promise => "promise",
            GroupGameKind::Responsibility => "responsibility",
        }
    }

    pub fn from_code(code: &str) -> Option<GroupGameKind> {
        GroupGameKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// Whether the game keeps a tally of promises for each round.
    pub fn tallies_promises(self) -> bool {
        self == GroupGameKind::Promise
    }
}

/// What the observer (or the pair itself) counted in one round of the promise game, for the agent of that
/// round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PromiseTally {
    /// Promises the customer player asked for.
    pub asked: u32,
    /// Promises the agent made.
    pub made: u32,
    /// Requests the agent declined well (kindly, with what they *can* do).
    pub declined_well: u32,
    /// Promises made that the agent could not keep.
    pub not_kept: u32,
}

/// The most a counter can show: more than anyone asks in an hour.
pub const MAX_COUNT: u32 = 999;

impl PromiseTally {
    /// The four counts in order: asked, made, declined well, could not keep.
    pub fn counts(&self) -> [u32; 4] {
        [self.asked, self.made, self.declined_well, self.not_kept]
    }

    /// Counter `which` (0 asked, 1 made, 2 declined well, 3 could not keep) moved by one, up or down, never
    /// below zero or above [`MAX_COUNT`].
    pub fn step(&mut self, which: usize, up: bool) {
        let count = match which {
            0 => &mut self.asked,
            1 => &mut self.made,
            2 => &mut self.declined_well,
            3 => &mut self.not_kept,
            _ => return,
        };
        *count = if up {
            (*count + 1).min(MAX_COUNT)
        } else {
            count.saturating_sub(1)
        };
    }

    fn check(&self) -> std::result::Result<(), String> {
        if self.counts().iter().any(|&c| c > MAX_COUNT) {
            return Err(format!("a count is over {MAX_COUNT}"));
        }
        if self.not_kept > self.made {
            return Err(format!(
                "{} promises could not be kept but only {} were made",
                self.not_kept, self.made
            ));
        }
        Ok(())
    }
}

/// One pair of a group game: who played what first (the roles swap in the second round), who observed,
/// and the card they played from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupPair {
    /// The agent of round one (the describer, in the responsibility game): the customer of round two.
    pub first_agent: String,
    /// The customer of round one (the listener): the agent of round two.
    pub first_customer: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observer: Option<String>,
    /// The shipped case whose cards the pair played from, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case: Option<String>,
    /// A scene the trainer typed on the spot instead of a case's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scene: Option<String>,
    /// The promise game's tally of each round (two); empty in the responsibility game.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rounds: Vec<PromiseTally>,
}

impl GroupPair {
    /// The agent of round `round` (1 or 2).
    pub fn agent(&self, round: usize) -> &str {
        if round == 2 {
            &self.first_customer
        } else {
            &self.first_agent
        }
    }
}

/// Longest scene a trainer may type for a pair, in characters.
pub const MAX_SCENE_CHARS: usize = 200;
/// Most pairs one game runs: a large room.
pub const MAX_PAIRS: usize = 30;
/// Longest round, in minutes.
pub const MAX_ROUND_MINUTES: u32 = 180;

/// A finished group game of a class session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupGame {
    pub id: String,
    pub class: String,
    pub game: GroupGameKind,
    pub started_at: i64,
    pub finished_at: i64,
    /// The length of each round as the trainer left it.
    pub round_minutes: u32,
    pub pairs: Vec<GroupPair>,
}

impl GroupGame {
    /// Checks the game and cleans its names as every way into the database does: a class and names that
    /// are names, 1–[`MAX_PAIRS`] pairs, nobody in two places, a case id or a short scene, two tallies a
    /// pair in the promise game (none in the other) that never keep more promises than were made, and
    /// times in order.
    pub fn check(&mut self) -> std::result::Result<(), String> {
        let plain = !self.id.is_empty()
            && self.id.chars().count() <= 64
            && self.id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        if !plain {
            return Err(format!("{} is not a valid id", quote(&self.id)));
        }
        let name = |kind: &str, value: &str| clean_name(kind, value).map_err(|e| e.to_string());
        self.class = name("class session", &self.class)?;
        if !(0..=253_402_300_799_999).contains(&self.started_at) || self.finished_at < self.started_at {
            return Err(format!(
                "its times are out of order ({} to {})",
                self.started_at, self.finished_at
            ));
        }
        if !(1..=MAX_ROUND_MINUTES).contains(&self.round_minutes) {
            return Err(format!(
                "a round of {} minutes is not 1–{MAX_ROUND_MINUTES}",
                self.round_minutes
            ));
        }
        if !(1..=MAX_PAIRS).contains(&self.pairs.len()) {
            return Err(format!("{} pairs is not 1–{MAX_PAIRS}", self.pairs.len()));
        }
        let mut seen = HashSet::new();
        let rounds = if self.game.tallies_promises() { 2 } else { 0 };
        for (i, pair) in self.pairs.iter_mut().enumerate() {
            let at = |e: String| format!("pair {}: {e}", i + 1);
            pair.first_agent = name("trainee", &pair.first_agent).map_err(at)?;
            pair.first_customer = name("trainee", &pair.first_customer).map_err(at)?;
            if let Some(observer) = &mut pair.observer {
                *observer = name("trainee", observer).map_err(at)?;
            }
            for person in [
                Some(&pair.first_agent),
                Some(&pair.first_customer),
                pair.observer.as_ref(),
            ]
            .into_iter()
            .flatten()
            {
                if !seen.insert(person.clone()) {
                    return Err(at(format!("{} has two places in the game", quote(person))));
                }
            }
            if let Some(case) = &pair.case
                && !is_scenario_id(case)
            {
                return Err(at(format!("{} is not a scenario id", quote(case))));
            }
            if let Some(scene) = &mut pair.scene {
                *scene = scene.trim().to_owned();
                if scene.is_empty() || scene.chars().count() > MAX_SCENE_CHARS || scene.chars().any(char::is_control) {
                    return Err(at(format!("a scene is 1–{MAX_SCENE_CHARS} characters on one line")));
                }
            }
            if pair.rounds.len() != rounds {
                return Err(at(format!(
                    "the {} game keeps {rounds} tallies a pair, not {}",
                    self.game.code(),
                    pair.rounds.len()
                )));
            }
            for (r, tally) in pair.rounds.iter().enumerate() {
                tally.check().map_err(|e| at(format!("round {}: {e}", r + 1)))?;
            }
        }
        Ok(())
    }
}

fn json<T: Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| StoreError::Invalid(e.to_string()))
}

fn game_from_row(row: &rusqlite::Row) -> rusqlite::Result<(GroupGame, String)> {
    let code: String = row.get(2)?;
    let game = GroupGameKind::from_code(&code).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            2,
            rusqlite::types::Type::Text,
            format!("unknown group game {code}").into(),
        )
    })?;
    Ok((
        GroupGame {
            id: row.get(0)?,
            class: row.get(1)?,
            game,
            started_at: row.get(3)?,
            finished_at: row.get(4)?,
            round_minutes: row.get(5)?,
            pairs: Vec::new(),
        },
        row.get(6)?,
    ))
}

const COLUMNS: &str = "id, class, game, started_at, finished_at, round_minutes, pairs";

fn read(conn: &Connection, filter: &str, param: &str) -> Result<Vec<GroupGame>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM group_games {filter} ORDER BY started_at, id"
    ))?;
    let rows = stmt.query_map([param], game_from_row)?;
    let mut games = Vec::new();
    for row in rows {
        let (mut game, pairs) = row?;
        game.pairs = serde_json::from_str(&pairs)
            .map_err(|e| StoreError::Invalid(format!("group game {}: {e}", quote(&game.id))))?;
        games.push(game);
    }
    Ok(games)
}

/// Writes `game` (already checked) unless a game with its id is there: the same one is left as it is, a
/// different one is refused. Returns whether it was added.
pub(crate) fn insert(conn: &Connection, game: &GroupGame) -> Result<bool> {
    let present: Option<String> = conn
        .query_row("SELECT id FROM group_games WHERE id = ?1", [&game.id], |r| r.get(0))
        .optional()?;
    if present.is_some() {
        let stored = read(conn, "WHERE id = ?1", &game.id)?;
        if stored.first() == Some(game) {
            return Ok(false);
        }
        return Err(StoreError::Invalid(format!(
            "group game {} conflicts with the one already in this database with the same id; nothing was \
             imported",
            quote(&game.id)
        )));
    }
    let known: Option<i64> = conn
        .query_row("SELECT 1 FROM classes WHERE name = ?1", [&game.class], |r| r.get(0))
        .optional()?;
    if known.is_none() {
        return Err(StoreError::Invalid(format!(
            "group game {}: class session {} does not exist",
            quote(&game.id),
            quote(&game.class)
        )));
    }
    conn.execute(
        "INSERT INTO group_games (id, class, game, started_at, finished_at, round_minutes, pairs)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            game.id,
            game.class,
            game.game.code(),
            game.started_at,
            game.finished_at,
            game.round_minutes,
            json(&game.pairs)?
        ],
    )?;
    Ok(true)
}

impl Store {
    /// Records a finished group game of its class session, checked first; returns it as stored (names
    /// cleaned).
    pub fn record_group_game(&self, game: &GroupGame) -> Result<GroupGame> {
        let mut game = game.clone();
        game.check()
            .map_err(|e| StoreError::Invalid(format!("group game {}: {e}", quote(&game.id))))?;
        let tx = self.write()?;
        insert(&tx, &game)?;
        tx.commit()?;
        Ok(game)
    }

    /// The group games of class session `class`, oldest first.
    pub fn group_games(&self, class: &str) -> Result<Vec<GroupGame>> {
        read(&self.conn, "WHERE class = ?1", &lookup_name(class))
    }

    /// Every group game, oldest first.
    pub fn all_group_games(&self) -> Result<Vec<GroupGame>> {
        read(&self.conn, "WHERE ?1 = ?1", "")
    }
}
