//! The one gate for every file Goodwill writes where someone chose: `export --out`, `report --out`,
//! `analyze --graph`, `new --out`, and the game's own maps, reports and settings. [`OutputGuard`] is the
//! only public way to reach the store's atomic writer, so a new command cannot forget the checks: never
//! through a link, never into a directory by mistake or a folder made up by typo, and never over the
//! results database or one of its companions (its -wal, -shm or -journal file, or a backup), whether
//! that file exists yet or not, however the path reaches it (`..`, a symlinked folder, a hard link).

use std::path::{Path, PathBuf};

use crate::atomic::{check_destination, directory_of, refuse, write_atomically, write_new};
use crate::error::Result;
use crate::store::{DB_FILE, Store};

/// Guards output files against the results database in one data directory. Build it from the data
/// directory ([`OutputGuard::for_data_dir`]) or from an open [`Store`] ([`Store::output_guard`]); it
/// does not open the database, so commands that need no results (`new`, `analyze`) still check.
#[derive(Debug, Clone)]
pub struct OutputGuard {
    database: PathBuf,
}

/// Whether two paths name one file (also through a hard link).
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(a), Ok(b)) = (std::fs::metadata(a), std::fs::metadata(b)) {
            return a.dev() == b.dev() && a.ino() == b.ino();
        }
    }
    matches!((a.canonicalize(), b.canonicalize()), (Ok(a), Ok(b)) if a == b)
}

/// The folder a path is in, with `..` and symlinked folders resolved; `None` when it does not exist.
fn real_directory_of(path: &Path) -> Option<PathBuf> {
    directory_of(path).canonicalize().ok()
}

fn lowercase_name(path: &Path) -> String {
    path.file_name().unwrap_or_default().to_string_lossy().to_lowercase()
}

impl OutputGuard {
    /// The guard for the results database `goodwill.db` in `dir`.
    pub fn for_data_dir(dir: &Path) -> OutputGuard {
        OutputGuard {
            database: dir.join(DB_FILE),
        }
    }

    /// The guard for the results database at `path`.
    pub fn for_database(path: &Path) -> OutputGuard {
        OutputGuard {
            database: path.to_path_buf(),
        }
    }

    /// Whether `name` (a file name, compared without case, as Windows and macOS compare) is the
    /// database's or one its companions could take: the database, `-wal`, `-shm`, `-journal`, and the
    /// backups `.v1.bak`, `.v1.bak.2`, … A name that only starts with the database's is one of them.
    fn is_database_name(&self, name: &str) -> bool {
        name.starts_with(&lowercase_name(&self.database))
    }

    /// The database's files that exist now, wherever they are linked from.
    fn existing_database_files(&self) -> Vec<PathBuf> {
        let dir = directory_of(&self.database);
        let mut files = vec![self.database.clone()];
        if let Ok(entries) = std::fs::read_dir(&dir) {
            files.extend(
                entries
                    .filter_map(|e| e.ok())
                    .filter(|e| self.is_database_name(&e.file_name().to_string_lossy().to_lowercase()))
                    .map(|e| e.path()),
            );
        }
        files
    }

    /// Refuses `out` as an output file when it is (or could become) one of the database's files, or
    /// when [`Self::replace`] would refuse it: a link, a directory, a missing folder. Commands call
    /// it before the work of rendering, so a bad path is named at once.
    pub fn check(&self, out: &Path) -> Result<()> {
        let taken = || {
            refuse(
                out,
                "this is one of the results database's own files (the database, its -wal, -shm or -journal \
                 file, or a backup); choose another file",
            )
        };
        if self.existing_database_files().iter().any(|f| same_file(out, f)) {
            return Err(taken());
        }
        // Files the database may create later (its log, a backup) are refused by name in its folder,
        // however the path reaches that folder.
        let out_dir = real_directory_of(out);
        if self.is_database_name(&lowercase_name(out))
            && out_dir.is_some()
            && out_dir == real_directory_of(&self.database)
        {
            return Err(taken());
        }
        check_destination(out)
    }

    /// Writes `bytes` to `out` after [`Self::check`], atomically, replacing a regular file there.
    pub fn replace(&self, out: &Path, bytes: &[u8]) -> Result<()> {
        self.check(out)?;
        write_atomically(out, bytes)
    }

    /// Like [`Self::replace`] for a file written piece by piece: `fill` writes into a buffered temporary
    /// file, which replaces `out` only when all of it is written, so a large report never has to be held
    /// in memory whole.
    pub fn replace_streaming(
        &self,
        out: &Path,
        fill: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<()> {
        self.check(out)?;
        crate::atomic::check_destination(out)?;
        crate::atomic::put_in_place(out, crate::atomic::Existing::Replace, |_, file| {
            let mut buffered = std::io::BufWriter::new(file);
            fill(&mut buffered)
                .and_then(|()| std::io::Write::flush(&mut buffered))
                .map_err(|source| crate::error::StoreError::Io {
                    path: out.to_path_buf(),
                    source,
                })
        })
    }

    /// Writes `bytes` to a new file at `out` after the same checks: fails with an
    /// [`std::io::ErrorKind::AlreadyExists`] I/O error when anything (a file, a link, a directory) is
    /// already there, and never leaves a partial file under `out`.
    pub fn create(&self, out: &Path, bytes: &[u8]) -> Result<()> {
        self.check(out)?;
        write_new(out, bytes)
    }

    /// Like [`Self::replace`], first creating `out`'s folder when it is missing: for the folders the
    /// game keeps its own files in (`maps/`, `reports/`, the settings folder), never for a user's path.
    pub fn replace_in_own_folder(&self, out: &Path, bytes: &[u8]) -> Result<()> {
        let dir = directory_of(out);
        std::fs::create_dir_all(&dir).map_err(|source| crate::error::StoreError::Io { path: dir, source })?;
        self.replace(out, bytes)
    }
}

impl Store {
    /// The guard for output files beside this database.
    pub fn output_guard(&self) -> OutputGuard {
        OutputGuard::for_database(self.path())
    }

    /// [`OutputGuard::check`] for this database.
    pub fn check_output(&self, out: &Path) -> Result<()> {
        self.output_guard().check(out)
    }

    /// [`OutputGuard::replace`] for this database.
    pub fn write_output(&self, out: &Path, bytes: &[u8]) -> Result<()> {
        self.output_guard().replace(out, bytes)
    }
}
