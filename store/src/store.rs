//! The store handle and where its file lives.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, Transaction, TransactionBehavior};

use crate::db;
use crate::error::Result;

/// Environment variable that overrides where results are kept (the `--data-dir` flag wins over it).
pub const DATA_DIR_ENV: &str = "GOODWILL_DATA_DIR";
/// The database file inside the data directory.
pub const DB_FILE: &str = "goodwill.db";

/// The data directory: `--data-dir`, else `GOODWILL_DATA_DIR`, else the OS data directory
/// (`~/.local/share/goodwill` on Linux), else `./goodwill-data`.
pub fn data_dir(flag: Option<&Path>) -> PathBuf {
    if let Some(dir) = flag {
        return dir.to_path_buf();
    }
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|v| !v.is_empty()) {
        return PathBuf::from(dir);
    }
    directories::ProjectDirs::from("", "", "goodwill")
        .map(|dirs| dirs.data_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from("goodwill-data"))
}

/// An open results database.
pub struct Store {
    pub(crate) conn: Connection,
    path: PathBuf,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Opens the database file at `path`, creating or migrating it as needed.
    pub fn open(path: &Path) -> Result<Store> {
        Ok(Store {
            conn: db::open(path)?,
            path: path.to_path_buf(),
        })
    }

    /// Opens `goodwill.db` in the data directory.
    pub fn open_in(dir: &Path) -> Result<Store> {
        Store::open(&dir.join(DB_FILE))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Starts a write transaction. IMMEDIATE takes the write lock up front, waiting for another
    /// process's write under the busy timeout; a deferred one that read first could not wait and would
    /// fail at once with "database is locked".
    pub(crate) fn write(&self) -> Result<Transaction<'_>> {
        Ok(Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?)
    }
}
