//! Opening the SQLite file: refusing corrupt, foreign or newer files, and migrating older ones.
//!
//! Durability: the database runs in WAL mode with `synchronous = FULL`, and every decision is its own
//! transaction, so a crash or kill at any moment loses at most the decision being made.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use crate::error::{Result, StoreError};

/// Written into the SQLite header so a Goodwill database can be told from any other SQLite file ("Good").
pub const APPLICATION_ID: i64 = 0x476f_6f64;

/// Each entry upgrades the schema from version `i` to `i + 1`. Never edit a published entry: add one.
const MIGRATIONS: &[&str] = &[
    // v1: profiles, attempts and their decisions.
    "CREATE TABLE profiles (
        name TEXT PRIMARY KEY,
        created_at INTEGER NOT NULL
    );
    CREATE TABLE attempts (
        id TEXT PRIMARY KEY,
        profile TEXT NOT NULL,
        scenario TEXT NOT NULL,
        scenario_version INTEGER NOT NULL,
        seed INTEGER NOT NULL,
        started_at INTEGER NOT NULL,
        finished_at INTEGER,
        discarded INTEGER NOT NULL DEFAULT 0,
        outcome TEXT,
        final_balance INTEGER,
        account_closed INTEGER,
        timeline TEXT,
        golden_applied TEXT,
        golden_missed TEXT,
        anti_patterns TEXT
    );
    CREATE INDEX attempts_by_profile ON attempts (profile, scenario, started_at);
    CREATE TABLE decisions (
        attempt_id TEXT NOT NULL REFERENCES attempts (id) ON DELETE CASCADE,
        step INTEGER NOT NULL,
        node TEXT NOT NULL,
        choice INTEGER NOT NULL,
        balance_after INTEGER NOT NULL,
        delta INTEGER NOT NULL,
        time_taken_ms INTEGER NOT NULL,
        decided_at INTEGER NOT NULL,
        record TEXT NOT NULL,
        PRIMARY KEY (attempt_id, step)
    );",
    // v2: class sessions, roles in pair exercises, sincerity ratings and the observer's checklist.
    "CREATE TABLE classes (
        name TEXT PRIMARY KEY,
        created_at INTEGER NOT NULL
    );
    CREATE TABLE class_trainees (
        class TEXT NOT NULL REFERENCES classes (name) ON DELETE CASCADE,
        profile TEXT NOT NULL,
        position INTEGER NOT NULL,
        PRIMARY KEY (class, profile)
    );
    CREATE TABLE class_scenarios (
        class TEXT NOT NULL REFERENCES classes (name) ON DELETE CASCADE,
        scenario TEXT NOT NULL,
        position INTEGER NOT NULL,
        PRIMARY KEY (class, scenario)
    );
    ALTER TABLE attempts ADD COLUMN class TEXT;
    ALTER TABLE attempts ADD COLUMN mode TEXT NOT NULL DEFAULT 'solo';
    ALTER TABLE attempts ADD COLUMN customer_player TEXT;
    ALTER TABLE attempts ADD COLUMN observer TEXT;
    ALTER TABLE attempts ADD COLUMN pair_id TEXT;
    ALTER TABLE attempts ADD COLUMN round INTEGER;
    ALTER TABLE decisions ADD COLUMN sincerity INTEGER;
    CREATE TABLE observer_marks (
        attempt_id TEXT NOT NULL REFERENCES attempts (id) ON DELETE CASCADE,
        golden_step INTEGER NOT NULL,
        applied INTEGER NOT NULL,
        PRIMARY KEY (attempt_id, golden_step)
    );",
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Opens (creating if needed) the database at `path` and brings it to [`SCHEMA_VERSION`].
pub fn open(path: &Path) -> Result<Connection> {
    open_at_version(path, SCHEMA_VERSION)
}

/// Like [`open`], but migrates only up to `target`. Tests use it to build old databases.
pub fn open_at_version(path: &Path, target: i64) -> Result<Connection> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|source| StoreError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(|source| StoreError::Open {
        path: path.to_path_buf(),
        source,
    })?;
    let corrupt = |e: rusqlite::Error| StoreError::Corrupt {
        path: path.to_path_buf(),
        detail: e.to_string(),
    };
    // The first read of the header is where SQLite notices a file that is not a database.
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(corrupt)?;
    let app_id: i64 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(corrupt)?;
    let tables: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
        .map_err(corrupt)?;
    if app_id != APPLICATION_ID && (app_id != 0 || tables > 0) {
        return Err(StoreError::Foreign {
            path: path.to_path_buf(),
            found: app_id,
        });
    }
    if version > SCHEMA_VERSION {
        return Err(StoreError::Newer {
            path: path.to_path_buf(),
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    if tables > 0 {
        let check: String = conn
            .query_row("PRAGMA quick_check", [], |r| r.get(0))
            .map_err(corrupt)?;
        if check != "ok" {
            return Err(StoreError::Corrupt {
                path: path.to_path_buf(),
                detail: check,
            });
        }
    }
    conn.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;")
        .map_err(corrupt)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    if version > 0 && version < target {
        back_up_before_migrating(&conn, path, version)?;
    }
    migrate(&conn, version, target)?;
    Ok(conn)
}

/// Keeps a copy of an older database next to it before changing its schema, so an upgrade can be undone.
fn back_up_before_migrating(conn: &Connection, path: &Path, version: i64) -> Result<()> {
    let backup = backup_path(path, version);
    if backup.exists() {
        return Ok(());
    }
    conn.execute("VACUUM INTO ?1", [backup.to_string_lossy()])?;
    Ok(())
}

/// Where the copy of a version-`version` database is kept before migrating it.
pub fn backup_path(path: &Path, version: i64) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".v{version}.bak"));
    path.with_file_name(name)
}

fn migrate(conn: &Connection, from: i64, to: i64) -> Result<()> {
    for version in from..to {
        let tx = conn.unchecked_transaction()?;
        tx.execute_batch(MIGRATIONS[version as usize])?;
        tx.pragma_update(None, "user_version", version + 1)?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        tx.commit()?;
    }
    Ok(())
}
