//! The one way the store puts a whole file on disk: filled under a temporary name created exclusively
//! in the same directory, synced, then moved into place, so nobody ever sees half a file and nothing is
//! ever written through a link planted under either name.
//!
//! Exports, reports, `goodwill analyze --graph` output and the backup kept before a migration all come
//! through [`put_in_place`]; [`write_atomically`] and [`write_new`] are its two faces, reached from
//! outside the store only through `crate::output::OutputGuard`, which first refuses the database's files.

use std::fs::{File, OpenOptions};
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

use crate::error::{Result, StoreError};

pub(crate) fn refuse(path: &Path, why: &str) -> StoreError {
    StoreError::Io {
        path: path.to_path_buf(),
        source: std::io::Error::new(ErrorKind::InvalidInput, why.to_owned()),
    }
}

/// What may already be at the destination.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Existing {
    /// A regular file there is replaced whole.
    Replace,
    /// Anything there (a file, a link, a directory) makes the write fail with `AlreadyExists`.
    Keep,
    /// Like [`Existing::Keep`], and the file must appear whole or not at all: where hard links are not
    /// available the write fails with `Unsupported` instead of copying (a copy can be seen half-done).
    /// For a file other processes may open the moment it appears, such as a new results database.
    KeepWhole,
}

/// Writes `bytes` to `path` atomically, replacing a regular file that is there. Refuses a `path` that is
/// a symbolic link, a directory or anything but a regular file, and a directory that does not exist (a
/// typo in `--out` should not silently create folders).
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    check_destination(path)?;
    put_in_place(path, Existing::Replace, |_, file| write_all(file, bytes, path))
}

/// Writes `bytes` to a new file at `path`: fails with an [`ErrorKind::AlreadyExists`] I/O error when
/// anything (a file, a link, a directory) is already there, and never leaves a partial file under `path`.
pub(crate) fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    existing_directory(&directory_of(path))?;
    put_in_place(path, Existing::Keep, |_, file| write_all(file, bytes, path))
}

fn write_all(file: &mut File, bytes: &[u8], path: &Path) -> Result<()> {
    file.write_all(bytes).map_err(|source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// The directory `path` is in (`.` for a bare file name).
pub(crate) fn directory_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn existing_directory(dir: &Path) -> Result<()> {
    match std::fs::metadata(dir) {
        Ok(m) if m.is_dir() => Ok(()),
        Ok(_) => Err(refuse(dir, "this is not a directory")),
        Err(e) if e.kind() == ErrorKind::NotFound => {
            Err(refuse(dir, "this directory does not exist (create it first)"))
        }
        Err(source) => Err(StoreError::Io {
            path: dir.to_path_buf(),
            source,
        }),
    }
}

/// Refuses what [`write_atomically`] must not replace, with a message naming the mistake.
pub(crate) fn check_destination(path: &Path) -> Result<()> {
    if path.file_name().is_none() {
        return Err(refuse(path, "this is not a file name"));
    }
    existing_directory(&directory_of(path))?;
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => Err(refuse(path, "this is a symbolic link; name the real file instead")),
        Ok(m) if m.is_dir() => Err(refuse(path, "this is a directory; name a file inside it")),
        Ok(m) if !m.is_file() => Err(refuse(path, "this is not a regular file")),
        Ok(_) => Ok(()),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(()),
        Err(source) => Err(StoreError::Io {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// Creates a new temporary file beside `path`, lets `fill` write it (through the open file, or by its
/// path for writers such as SQLite's `VACUUM INTO` that open it themselves), syncs it, and moves it to
/// `path`: by rename for [`Existing::Replace`], by a hard link that fails when `path` exists for
/// [`Existing::Keep`] and [`Existing::KeepWhole`]. The temporary file is removed on any failure; the
/// directory is synced at the end so the new name itself survives a crash.
pub(crate) fn put_in_place(
    path: &Path,
    existing: Existing,
    fill: impl FnOnce(&Path, &mut File) -> Result<()>,
) -> Result<()> {
    let name = path
        .file_name()
        .ok_or_else(|| refuse(path, "this is not a file name"))?;
    let dir = directory_of(path);
    let (tmp, mut file) = create_temporary(&dir, &name.to_string_lossy())?;
    let io = |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    };
    let placed = fill(&tmp, &mut file)
        .and_then(|()| file.sync_all().map_err(io))
        .and_then(|()| match existing {
            Existing::Replace => std::fs::rename(&tmp, path).map_err(io),
            // A link, unlike a rename, never replaces what is there; the temporary name then goes.
            Existing::Keep | Existing::KeepWhole => match std::fs::hard_link(&tmp, path) {
                Ok(()) => std::fs::remove_file(&tmp).map_err(io),
                Err(e) if e.kind() == ErrorKind::AlreadyExists => Err(io(e)),
                Err(e) if existing == Existing::KeepWhole => Err(io(std::io::Error::new(
                    ErrorKind::Unsupported,
                    format!("cannot link a finished file into place here: {e}"),
                ))),
                // No hard links on this file system (FAT, some network shares): copy into a file
                // created exclusively instead; still never over anything, though no longer atomic.
                Err(_) => copy_into_new(&tmp, path)
                    .map_err(io)
                    .and_then(|()| std::fs::remove_file(&tmp).map_err(io)),
            },
        });
    if let Err(e) = placed {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    // Make the new name durable; not every platform can open a directory, and the file is whole.
    if let Ok(d) = File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Copies `from` into a new file at `to`, created exclusively and synced; removes it again on failure.
fn copy_into_new(from: &Path, to: &Path) -> std::io::Result<()> {
    let mut target = OpenOptions::new().write(true).create_new(true).open(to)?;
    let copied = File::open(from)
        .and_then(|mut source| std::io::copy(&mut source, &mut target))
        .and_then(|_| target.sync_all());
    if copied.is_err() {
        let _ = std::fs::remove_file(to);
    }
    copied
}

/// A new, empty file in `dir` under a name nobody else holds, created exclusively (`O_EXCL`), so a
/// link planted under that name is never followed.
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

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("goodwill-atomic-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_new_file_never_replaces_what_is_there() {
        let dir = scratch("new");
        let path = dir.join("case.ron");
        write_new(&path, b"first").unwrap();
        let err = write_new(&path, b"second").unwrap_err();
        match err {
            StoreError::Io { source, .. } => assert_eq!(source.kind(), ErrorKind::AlreadyExists),
            other => panic!("{other}"),
        }
        assert_eq!(std::fs::read(&path).unwrap(), b"first");
        assert_eq!(names(&dir), ["case.ron"], "no temporary file is left");
    }

    #[cfg(unix)]
    #[test]
    fn a_new_file_is_not_written_through_a_planted_link() {
        let dir = scratch("new-link");
        let target = dir.join("target");
        std::fs::write(&target, b"precious").unwrap();
        std::os::unix::fs::symlink(&target, dir.join("case.ron")).unwrap();
        assert!(write_new(&dir.join("case.ron"), b"x").is_err());
        assert_eq!(std::fs::read(&target).unwrap(), b"precious");
    }

    #[test]
    fn a_failed_fill_leaves_nothing_behind() {
        let dir = scratch("fail");
        let path = dir.join("out.txt");
        let err = put_in_place(&path, Existing::Replace, |_, _| Err(refuse(&path, "no"))).unwrap_err();
        assert!(err.to_string().contains("no"), "{err}");
        assert!(names(&dir).is_empty());
    }
}

/// Why a folder cannot take a file, found by trying: a small probe file created exclusively, written,
/// synced and removed at once. `None` when the folder can be written.
pub(crate) fn unwritable(dir: &Path) -> Option<Unwritable> {
    let probe = dir.join(format!(".goodwill-write-probe-{}", std::process::id()));
    let attempt = (|| {
        let mut file = OpenOptions::new().write(true).create_new(true).open(&probe)?;
        let written = file.write_all(&[0u8; 4096]).and_then(|()| file.sync_all());
        drop(file);
        let _ = std::fs::remove_file(&probe);
        written
    })();
    match attempt {
        Ok(()) => None,
        Err(e) => Some(match e.kind() {
            ErrorKind::StorageFull | ErrorKind::QuotaExceeded => Unwritable::Full,
            ErrorKind::ReadOnlyFilesystem => Unwritable::ReadOnly,
            _ => Unwritable::Denied,
        }),
    }
}

/// Why a folder cannot be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unwritable {
    /// The disk is full (or the user's quota used up).
    Full,
    /// A read-only medium or mount: a write-protected USB stick, a CD, a read-only share.
    ReadOnly,
    /// The folder's permissions do not let this user write.
    Denied,
}

impl std::fmt::Display for Unwritable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Unwritable::Full => "on a full disk",
            Unwritable::ReadOnly => "read-only (a write-protected USB stick or a read-only mount)",
            Unwritable::Denied => "read-only for you (its permissions do not let you write there)",
        })
    }
}
