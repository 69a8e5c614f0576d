//! Writing export and report files where the user says, without ever writing through a link, into a
//! directory by mistake, or over one of the results database's own files.

use std::fs::{File, OpenOptions};
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

use crate::db::{SCHEMA_VERSION, backup_path};
use crate::error::{Result, StoreError};
use crate::store::Store;

fn refuse(path: &Path, why: &str) -> StoreError {
    StoreError::Io {
        path: path.to_path_buf(),
        source: std::io::Error::new(ErrorKind::InvalidInput, why.to_owned()),
    }
}

/// Writes `bytes` to `path` atomically: into a new temporary file in the same directory, created
/// exclusively (so a link planted under its name is never followed), synced, then renamed over `path`.
/// A half-written file never replaces a good one. Refuses a `path` that is a symbolic link, a
/// directory or anything but a regular file, and a directory that does not exist (a typo in `--out`
/// should not silently create folders).
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let name = path
        .file_name()
        .ok_or_else(|| refuse(path, "this is not a file name"))?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    match std::fs::metadata(&dir) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => return Err(refuse(&dir, "this is not a directory")),
        Err(e) if e.kind() == ErrorKind::NotFound => {
            return Err(refuse(&dir, "this directory does not exist (create it first)"));
        }
        Err(source) => return Err(StoreError::Io { path: dir, source }),
    }
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            return Err(refuse(path, "this is a symbolic link; name the real file instead"));
        }
        Ok(m) if m.is_dir() => return Err(refuse(path, "this is a directory; name a file inside it")),
        Ok(m) if !m.is_file() => return Err(refuse(path, "this is not a regular file")),
        Ok(_) => {}
        Err(e) if e.kind() == ErrorKind::NotFound => {}
        Err(source) => {
            return Err(StoreError::Io {
                path: path.to_path_buf(),
                source,
            });
        }
    }
    let (tmp, mut file) = create_temporary(&dir, &name.to_string_lossy())?;
    let written = file
        .write_all(bytes)
        .and_then(|()| file.sync_all())
        .and_then(|()| std::fs::rename(&tmp, path));
    if let Err(source) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(StoreError::Io {
            path: path.to_path_buf(),
            source,
        });
    }
    // Make the rename itself durable; not every platform can open a directory, and the file is whole.
    if let Ok(d) = File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// A new, empty file in `dir` under a name nobody else holds.
fn create_temporary(dir: &Path, name: &str) -> Result<(PathBuf, File)> {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    for n in 0..100u32 {
        let tmp = dir.join(format!(".{name}.{}-{nanos}-{n}.partial", std::process::id()));
        match OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(file) => return Ok((tmp, file)),
            Err(e) if e.kind() == ErrorKind::AlreadyExists => continue,
            Err(source) => return Err(StoreError::Io { path: tmp, source }),
        }
    }
    Err(refuse(dir, "cannot create a temporary file here"))
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
        let dir_of = |p: &Path| {
            let parent = match p.parent() {
                Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
                _ => PathBuf::from("."),
            };
            parent.canonicalize().ok()
        };
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
