//! What can go wrong with the results store, phrased for the person who has to fix it.

use std::path::PathBuf;

use rusqlite::ErrorCode;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path}: cannot open the results database: {source}")]
    Open { path: PathBuf, source: rusqlite::Error },
    #[error(
        "{path}: this is not a readable Goodwill results database ({detail}). It was left untouched; \
         move it aside (or point --data-dir / GOODWILL_DATA_DIR elsewhere) to start a new one"
    )]
    Corrupt { path: PathBuf, detail: String },
    #[error(
        "{path}: the results database was written by a newer Goodwill (schema version {found}; this build \
         knows up to {supported}). It was left untouched; update Goodwill to use it"
    )]
    Newer { path: PathBuf, found: i64, supported: i64 },
    #[error("{path}: this SQLite file belongs to another program (application id {found:#x}); it was left untouched")]
    Foreign { path: PathBuf, found: i64 },
    /// Another process held the database longer than the busy timeout. Nothing is wrong with the file,
    /// so this must never read like [`StoreError::Corrupt`]: a trainer would abandon a good database.
    #[error("the results database is busy (another Goodwill is writing to it); nothing was changed, try again")]
    Busy,
    /// The results folder cannot be written (a write-protected stick, a full disk): the database was
    /// opened for reading, and this is what a write gets.
    #[error(
        "{path}: the results folder is {why}, so nothing can be recorded, imported or changed there; results \
         can still be listed, exported and reported. {fix}"
    )]
    ReadOnly {
        path: PathBuf,
        why: crate::atomic::Unwritable,
        fix: &'static str,
    },
    /// The results folder is not a usable folder.
    #[error(
        "{path}: the results folder {what}. Move it aside, or point --data-dir (or GOODWILL_DATA_DIR) at a \
         folder"
    )]
    Folder { path: PathBuf, what: String },
    #[error("{0}")]
    Invalid(String),
    #[error("no {kind} named {}", goodwill_engine::quote(name))]
    NotFound { kind: &'static str, name: String },
    #[error("results database: {0}")]
    Sql(rusqlite::Error),
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{path}: cannot be imported: {detail}")]
    BadExport { path: PathBuf, detail: String },
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        if is_busy(&e) {
            StoreError::Busy
        } else {
            StoreError::Sql(e)
        }
    }
}

/// SQLite's "busy" and "locked": another connection holds the lock, the file itself is fine.
pub(crate) fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
    )
}

/// SQLite's verdicts on the file's content, the only errors that may be reported as "not a database".
pub(crate) fn is_damaged(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt)
    )
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
