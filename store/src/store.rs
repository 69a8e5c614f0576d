//! The store handle and where its file lives.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, Transaction, TransactionBehavior};

use crate::atomic::Unwritable;
use crate::db;
use crate::error::{Result, StoreError};

/// What to do about a folder that cannot be written.
pub(crate) fn fix(why: Unwritable) -> &'static str {
    match why {
        Unwritable::Full => "Free some space on that disk, then try again",
        Unwritable::ReadOnly => {
            "Slide the stick's write-protect switch off (or copy the folder to a writable disk), then try again"
        }
        Unwritable::Denied => "Ask for write access to the folder, or copy it somewhere you can write",
    }
}

/// Environment variable that overrides where results are kept (the `--data-dir` flag wins over it).
pub const DATA_DIR_ENV: &str = "GOODWILL_DATA_DIR";
/// The database file inside the data directory.
pub const DB_FILE: &str = "goodwill.db";

/// The data directory: `--data-dir`, else `GOODWILL_DATA_DIR`, else the OS data directory
/// (`~/.local/share/goodwill` on Linux, `%APPDATA%\goodwill\data` on Windows), else `./goodwill-data`.
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
    /// Set when the folder cannot be written and the database was opened for reading only.
    read_only: Option<Unwritable>,
    /// Who the xAPI statements name (trainees' `homePage`) and the scenarios' titles: what the outbox
    /// builds each finished attempt's statements with. A cell, because the recorder notes a scenario's
    /// title through the shared handle it is lent.
    pub(crate) xapi: std::cell::RefCell<crate::outbox::XapiIdentity>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Opens the database file at `path`, creating or migrating it as needed.
    ///
    /// When the folder cannot be written — a write-protected USB stick, a full disk — and the database is
    /// there, it is opened for reading instead: listing, exporting and reports work, and every write is
    /// refused with [`StoreError::ReadOnly`], which says why in words.
    pub fn open(path: &Path) -> Result<Store> {
        match db::open(path) {
            Ok(conn) => Ok(Store {
                conn,
                path: path.to_path_buf(),
                read_only: None,
                xapi: Default::default(),
            }),
            Err(e @ (StoreError::Open { .. } | StoreError::Io { .. } | StoreError::Sql(_))) => {
                let dir = crate::atomic::directory_of(path);
                match (path.is_file(), crate::atomic::unwritable(&dir)) {
                    (true, Some(why)) => Ok(Store {
                        conn: db::open_read_only(path, why)?,
                        path: path.to_path_buf(),
                        read_only: Some(why),
                        xapi: Default::default(),
                    }),
                    (false, Some(why)) => Err(StoreError::ReadOnly {
                        path: path.to_path_buf(),
                        why,
                        fix: fix(why),
                    }),
                    _ => Err(e),
                }
            }
            Err(e) => Err(e),
        }
    }

    /// Refuses at once, in words, when the folder cannot be written: for commands that would otherwise
    /// show a case and then fail at the first answer.
    pub fn require_writable(&self) -> Result<()> {
        match self.read_only {
            Some(why) => Err(StoreError::ReadOnly {
                path: self.path.clone(),
                why,
                fix: fix(why),
            }),
            None => Ok(()),
        }
    }

    /// Why the folder cannot be written, when the database was opened for reading only.
    pub fn read_only(&self) -> Option<Unwritable> {
        self.read_only
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
        if let Some(why) = self.read_only {
            return Err(StoreError::ReadOnly {
                path: self.path.clone(),
                why,
                fix: fix(why),
            });
        }
        Ok(Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?)
    }
}
