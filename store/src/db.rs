//! Opening the SQLite file: refusing corrupt, foreign or newer files, and migrating older ones.
//!
//! Durability: the database runs in WAL mode with `synchronous = FULL`, and every decision is its own
//! transaction, so a crash or kill at any moment loses at most the decision being made.
//!
//! Concurrency: several Goodwill processes may open one database at once (two terminals, the game and
//! an import). Every write transaction starts IMMEDIATE, so it waits for the write lock under the busy
//! timeout instead of failing when it would have to upgrade a read; the header is read in one snapshot;
//! migration happens under the write lock after looking again, so exactly one process migrates and the
//! others find the work done.
//!
//! Creation: a new database is never made by SQLite in place. Every process that finds no file builds a
//! whole one (schema, application id, version and the write-ahead-log mark in its header) under a
//! temporary name and links it in only if the name is still free ([`create_whole`]), so exactly one
//! wins and nobody ever opens, switches to WAL or writes into a half-made, empty or rollback-mode
//! file that others are creating at the same moment.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use crate::atomic::{Existing, put_in_place};
use crate::error::{Result, StoreError, is_busy, is_damaged};

/// How long a process waits for another one's write (an import of a whole class is the longest)
/// before it reports the database as busy.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

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
    // v3: the attempt's accuracy (0–100, the trainee's judgement beside the outcome). NULL for attempts
    // recorded before it, or when it could not be reckoned: reports show "—". Each decision's loss and
    // class travel in its `record` (the transcript), which needs no column.
    "ALTER TABLE attempts ADD COLUMN accuracy INTEGER;",
    // v4: a class vote's ballots, each trainee's choice (file index) at each step of a class-vote attempt
    // (mode 'class_vote'). One vote per voter per step is the key; each belongs to its decision and goes
    // with it. A voter is a seat's name, not a profile: anonymous seats vote too.
    "CREATE TABLE votes (
        attempt_id TEXT NOT NULL,
        step INTEGER NOT NULL,
        voter TEXT NOT NULL,
        choice INTEGER NOT NULL,
        PRIMARY KEY (attempt_id, step, voter),
        FOREIGN KEY (attempt_id, step) REFERENCES decisions (attempt_id, step) ON DELETE CASCADE
    );",
    // v5: what a trainee writes after a debrief. Each answer to one of
    // the case's reflection questions (1-based place, the question's words as asked in JSON, the answer), and
    // the improvement plan made at the end of the debrief (its items in JSON): both belong to the attempt.
    "CREATE TABLE reflections (
        attempt_id TEXT NOT NULL REFERENCES attempts (id) ON DELETE CASCADE,
        question INTEGER NOT NULL,
        asked TEXT NOT NULL,
        answer TEXT NOT NULL,
        answered_at INTEGER NOT NULL,
        PRIMARY KEY (attempt_id, question)
    );
    CREATE TABLE plans (
        attempt_id TEXT PRIMARY KEY REFERENCES attempts (id) ON DELETE CASCADE,
        made_at INTEGER NOT NULL,
        items TEXT NOT NULL
    );",
    // v6: a trainer's group game of a class session
    // (003's promise game or responsibility game). Its pairs, their cards and each round's tallies are one
    // JSON record, read and written whole, as a decision's transcript is.
    "CREATE TABLE group_games (
        id TEXT PRIMARY KEY,
        class TEXT NOT NULL REFERENCES classes (name) ON DELETE CASCADE,
        game TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        finished_at INTEGER NOT NULL,
        round_minutes INTEGER NOT NULL,
        pairs TEXT NOT NULL
    );
    CREATE INDEX group_games_by_class ON group_games (class, started_at);",
    // v7: the LRS outbox. Each finished attempt's xAPI statements (compact JSON, deterministic ids), queued
    // in the transaction that finishes it; `sent_at` once the LRS answered that it holds one, `parked` (the
    // reason in words) once it refused one. `outbox_pulled`: attempts that came from the LRS, never queued
    // to go back. `outbox_state`: the last error a push met.
    "CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY,
        statement_id TEXT NOT NULL UNIQUE,
        attempt_id TEXT NOT NULL,
        class TEXT,
        body TEXT NOT NULL,
        queued_at INTEGER NOT NULL,
        sent_at INTEGER,
        parked TEXT
    );
    CREATE INDEX outbox_by_attempt ON outbox (attempt_id);
    CREATE INDEX outbox_waiting ON outbox (class, seq) WHERE sent_at IS NULL AND parked IS NULL;
    CREATE TABLE outbox_pulled (attempt_id TEXT PRIMARY KEY);
    CREATE TABLE outbox_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);",
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
        results_folder(dir)?;
    }
    // A few steps of opening (switching a new file to WAL, recovering another process's WAL) can report
    // "busy" without consulting the busy handler; they are safe to repeat from the start.
    let deadline = Instant::now() + BUSY_TIMEOUT;
    loop {
        match try_open(path, target) {
            Err(StoreError::Busy) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(20)),
            result => return result,
        }
    }
}

/// Opens the database at `path` for reading only, because its folder cannot be written (`why`). No
/// journal, lock file or migration is written. When no write-ahead log is waiting beside it (the last
/// Goodwill to close it folded the log into the file) it is opened as immutable, which needs no lock file
/// at all; otherwise SQLite reads the log as well, through its existing lock file.
pub(crate) fn open_read_only(path: &Path, why: crate::atomic::Unwritable) -> Result<Connection> {
    let sorted = classify(path);
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    let log_waiting = std::fs::metadata(PathBuf::from(wal)).is_ok_and(|m| m.len() > 0);
    let encoded: String =
        percent_encoding::utf8_percent_encode(&path.to_string_lossy(), percent_encoding::NON_ALPHANUMERIC)
            .to_string()
            .replace("%2F", "/");
    let uri = format!(
        "file:{encoded}?mode=ro{}",
        if log_waiting { "" } else { "&immutable=1" }
    );
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(&uri, flags).map_err(&sorted)?;
    conn.busy_timeout(BUSY_TIMEOUT).map_err(&sorted)?;
    let header = Header::read(&conn).map_err(&sorted)?;
    header.check(path)?;
    if header.version < SCHEMA_VERSION {
        return Err(StoreError::ReadOnly {
            path: path.to_path_buf(),
            why,
            fix: "This database was written by an older Goodwill and must be upgraded before it can be read: \
                  copy the folder to a writable disk and open it there",
        });
    }
    conn.execute_batch("PRAGMA query_only = ON;").map_err(&sorted)?;
    Ok(conn)
}

/// Makes sure the results folder `dir` is a folder (creating it if it does not exist yet), or says in
/// words what is there instead and what to do: a file, a link that leads nowhere or round in a circle.
fn results_folder(dir: &Path) -> Result<()> {
    let Err(source) = std::fs::create_dir_all(dir) else {
        return Ok(());
    };
    let problem = |what: &str| StoreError::Folder {
        path: dir.to_path_buf(),
        what: what.to_owned(),
    };
    Err(match std::fs::metadata(dir) {
        Ok(meta) if !meta.is_dir() => problem("is a file, not a folder"),
        // ELOOP: a link that leads back to itself.
        Err(e) if e.raw_os_error() == Some(40) => {
            problem("is a link that leads round in a circle (a symbolic link loop)")
        }
        // Linux says ENOTDIR; Windows only "path not found", so the folders above are looked at too.
        Err(e)
            if e.kind() == std::io::ErrorKind::NotADirectory
                || dir
                    .ancestors()
                    .skip(1)
                    .any(|up| std::fs::metadata(up).is_ok_and(|m| !m.is_dir())) =>
        {
            problem("is inside something that is a file, not a folder")
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && std::fs::symlink_metadata(dir).is_ok() => {
            problem("is a link to something that does not exist")
        }
        _ => StoreError::Io {
            path: dir.to_path_buf(),
            source,
        },
    })
}

/// What the header says about a file, read in one snapshot.
struct Header {
    version: i64,
    app_id: i64,
    tables: i64,
}

impl Header {
    fn read(conn: &Connection) -> rusqlite::Result<Header> {
        Ok(Header {
            version: conn.query_row("PRAGMA user_version", [], |r| r.get(0))?,
            app_id: conn.query_row("PRAGMA application_id", [], |r| r.get(0))?,
            tables: conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?,
        })
    }

    /// Refuses a file that is not ours or is newer than this build.
    fn check(&self, path: &Path) -> Result<()> {
        if self.app_id != APPLICATION_ID && (self.app_id != 0 || self.tables > 0) {
            return Err(StoreError::Foreign {
                path: path.to_path_buf(),
                found: self.app_id,
            });
        }
        if self.version > SCHEMA_VERSION {
            return Err(StoreError::Newer {
                path: path.to_path_buf(),
                found: self.version,
                supported: SCHEMA_VERSION,
            });
        }
        Ok(())
    }
}

/// Sorts SQLite's errors while opening: busy is busy, only a verdict on the content is "corrupt".
fn classify(path: &Path) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
    move |e| {
        if is_busy(&e) {
            StoreError::Busy
        } else if is_damaged(&e) {
            StoreError::Corrupt {
                path: path.to_path_buf(),
                detail: e.to_string(),
            }
        } else {
            StoreError::Open {
                path: path.to_path_buf(),
                source: e,
            }
        }
    }
}

/// Puts a complete new database at `path` when nothing is there yet.
///
/// Why not let SQLite create it: with several processes opening a new file at once, some open it while
/// it is still empty, and the first writer switches it to WAL and creates the tables while others are
/// still in rollback mode on the same file, deciding from their own view of an empty file. SQLite's
/// locks are meant to cover that moment, but it is the one where processes act on different views of
/// one file, and no test can make it certain (a lost profile was once seen there and not seen again).
/// Building the file apart and linking it in whole removes the moment altogether: the name holds either
/// nothing or a finished WAL database, and every process opens it as it opens any existing database.
///
/// The link fails when anything is there, so of several creators exactly one puts its file in place and
/// the others throw theirs away and open the winner's. Where hard links are not available (FAT, some
/// network shares) SQLite creates the file as it always could; a copy would be seen half-done.
fn create_whole(path: &Path, target: i64) -> Result<()> {
    if std::fs::symlink_metadata(path).is_ok() {
        return Ok(());
    }
    match put_in_place(path, Existing::KeepWhole, |tmp, _| build_new(tmp, target)) {
        Err(StoreError::Io { source, .. })
            if matches!(
                source.kind(),
                std::io::ErrorKind::AlreadyExists | std::io::ErrorKind::Unsupported
            ) =>
        {
            Ok(())
        }
        other => other,
    }
}

/// Fills the empty temporary file `tmp` with a complete database at version `target`, marked for WAL in
/// its header, and closes it, leaving no journal or log beside it.
fn build_new(tmp: &Path, target: i64) -> Result<()> {
    let conn = Connection::open_with_flags(tmp, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    conn.execute_batch("PRAGMA synchronous = FULL;")?;
    let tx = Transaction::new_unchecked(&conn, TransactionBehavior::Immediate)?;
    for migration in MIGRATIONS.iter().take(usize::try_from(target).unwrap_or(0)) {
        tx.execute_batch(migration)?;
    }
    tx.pragma_update(None, "user_version", target)?;
    tx.pragma_update(None, "application_id", APPLICATION_ID)?;
    tx.commit()?;
    // Written into the header (in a rollback-journal transaction of its own), so whoever opens the
    // finished file goes straight into WAL mode.
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(StoreError::Open {
            path: tmp.to_path_buf(),
            source: rusqlite::Error::InvalidQuery,
        });
    }
    conn.close().map_err(|(_, e)| StoreError::from(e))
}

fn try_open(path: &Path, target: i64) -> Result<Connection> {
    let sorted = classify(path);
    create_whole(path, target)?;
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(&sorted)?;
    conn.busy_timeout(BUSY_TIMEOUT).map_err(&sorted)?;
    // One read transaction, so a file another process is creating is seen either empty or complete
    // (never "tables but no application id", which would read as another program's file).
    let header = {
        let tx = Transaction::new_unchecked(&conn, TransactionBehavior::Deferred).map_err(&sorted)?;
        // The first read of the header is where SQLite notices a file that is not a database.
        let header = Header::read(&tx).map_err(&sorted)?;
        tx.commit().map_err(&sorted)?;
        header
    };
    header.check(path)?;
    if header.tables > 0 {
        let check: String = conn
            .query_row("PRAGMA quick_check", [], |r| r.get(0))
            .map_err(&sorted)?;
        if check != "ok" {
            return Err(StoreError::Corrupt {
                path: path.to_path_buf(),
                detail: check,
            });
        }
    }
    let mode: String = conn
        .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
        .map_err(&sorted)?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(StoreError::Open {
            path: path.to_path_buf(),
            source: rusqlite::Error::InvalidQuery,
        });
    }
    conn.execute_batch("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;")
        .map_err(&sorted)?;
    if header.version < target {
        migrate(&conn, path, target)?;
    }
    Ok(conn)
}

/// Creates or upgrades the schema under the write lock. Whoever gets the lock first migrates; the others
/// look again once they have it and find nothing left to do.
fn migrate(conn: &Connection, path: &Path, target: i64) -> Result<()> {
    let sorted = classify(path);
    let tx = Transaction::new_unchecked(conn, TransactionBehavior::Immediate).map_err(&sorted)?;
    let header = Header::read(&tx).map_err(&sorted)?;
    header.check(path)?;
    if header.version >= target {
        return Ok(());
    }
    if header.version > 0 {
        back_up_before_migrating(path, header.version)?;
    }
    for version in header.version..target {
        tx.execute_batch(MIGRATIONS[version as usize])?;
    }
    tx.pragma_update(None, "user_version", target)?;
    tx.pragma_update(None, "application_id", APPLICATION_ID)?;
    tx.commit()?;
    Ok(())
}

/// Keeps a fresh copy of an older database next to it before changing its schema, so an upgrade can be
/// undone. Never migrates without one: when the usual name is taken (an earlier backup, a directory, a
/// link), the copy goes under the next free name ([`backup_candidates`]).
///
/// Runs while the caller holds the write lock, so the copy is of the old version and no other Goodwill
/// is copying at the same time. The copy is read through a second connection (readers are not blocked
/// by the lock) into a temporary file and put in place by [`put_in_place`] like every other file the
/// store writes, created exclusively under its final name, so a crash never leaves a half-written
/// backup under a real name and a link planted under any of the names is never followed.
fn back_up_before_migrating(path: &Path, version: i64) -> Result<()> {
    let backup = backup_path(path, version);
    // Left by a crash during a copy by an earlier version, which used this fixed temporary name
    // (or planted: removing a link never touches its target).
    let mut partial = backup.clone().into_os_string();
    partial.push(".partial");
    match std::fs::remove_file(PathBuf::from(partial)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            return Err(StoreError::Io {
                path: backup.clone(),
                source: e,
            });
        }
        _ => {}
    }
    let mut last_error = None;
    for candidate in backup_candidates(path, version) {
        // A name plainly taken is skipped without copying; the exclusive placing below still decides.
        if std::fs::symlink_metadata(&candidate).is_ok() {
            continue;
        }
        let placed = put_in_place(&candidate, Existing::Keep, |tmp, _| {
            let copier = Connection::open_with_flags(
                path,
                OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )?;
            copier.busy_timeout(BUSY_TIMEOUT)?;
            // VACUUM INTO accepts an existing file when it is empty, as the new temporary file is.
            copier.execute("VACUUM INTO ?1", [tmp.to_string_lossy()])?;
            Ok(())
        });
        match placed {
            Err(StoreError::Io { source, .. }) if source.kind() == std::io::ErrorKind::AlreadyExists => {
                last_error = Some(source);
            }
            other => return other,
        }
    }
    Err(StoreError::Io {
        path: backup,
        source: last_error.unwrap_or_else(|| std::io::Error::other("no free name for a backup")),
    })
}

/// The names a backup of a version-`version` database may take, in order: [`backup_path`], then the
/// same with `.2`, `.3`, … (a bounded number, so a folder full of planted names ends in an error).
fn backup_candidates(path: &Path, version: i64) -> impl Iterator<Item = PathBuf> {
    let first = backup_path(path, version);
    std::iter::once(first.clone()).chain((2..1000).map(move |n| {
        let mut name = first.clone().into_os_string();
        name.push(format!(".{n}"));
        PathBuf::from(name)
    }))
}

/// Where the copy of a version-`version` database is kept before migrating it.
pub fn backup_path(path: &Path, version: i64) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".v{version}.bak"));
    path.with_file_name(name)
}
