//! Writing export and report files where the user says, without ever writing through a link, into a
//! directory by mistake, or over one of the results database's own files.

use std::path::{Path, PathBuf};

use crate::atomic::{directory_of, refuse};
pub use crate::atomic::{write_atomically, write_new};
use crate::db::{SCHEMA_VERSION, backup_path};
use crate::error::Result;
use crate::store::Store;

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

impl Store {
    /// The database's own files: the database, its write-ahead log, shared memory, rollback journal
    /// and the backups kept before migrations.
    fn own_files(&self) -> Vec<PathBuf> {
        let path = self.path();
        let mut files = vec![path.to_path_buf()];
        for suffix in ["-wal", "-shm", "-journal"] {
            let mut name = path.as_os_str().to_owned();
            name.push(suffix);
            files.push(PathBuf::from(name));
        }
        files.extend((1..SCHEMA_VERSION).map(|v| backup_path(path, v)));
        files
    }

    /// Refuses to let an output file land on any of the database's own files: overwriting the log
    /// (`goodwill.db-wal`) loses committed results as surely as overwriting the database.
    pub fn check_output(&self, out: &Path) -> Result<()> {
        let taken = || {
            refuse(
                out,
                "this is one of the results database's own files (the database, its -wal, -shm or -journal \
                 file, or a backup); choose another --out",
            )
        };
        if self.own_files().iter().any(|f| same_file(out, f)) {
            return Err(taken());
        }
        // Files the database may create later (its log, a backup) are refused by name in its directory.
        let db_name = self
            .path()
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_lowercase();
        let out_name = out.file_name().unwrap_or_default().to_string_lossy().to_lowercase();
        let dir_of = |p: &Path| directory_of(p).canonicalize().ok();
        if out_name.starts_with(&db_name) && dir_of(out).is_some() && dir_of(out) == dir_of(self.path()) {
            return Err(taken());
        }
        Ok(())
    }

    /// [`write_atomically`] after [`Self::check_output`].
    pub fn write_output(&self, out: &Path, bytes: &[u8]) -> Result<()> {
        self.check_output(out)?;
        write_atomically(out, bytes)
    }
}
