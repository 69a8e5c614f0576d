//! A results folder that cannot be written — a write-protected USB stick, a full disk — still shows
//! its results: profiles, attempts, an export to another disk and a report all read; what would write
//! says in words that the folder is read-only or the disk full, and nothing is lost.
//!
//! Both are real mounts (a read-only bind mount, a 1 MB tmpfs), made in the test's own mount namespace
//! when it may (tests run as root in CI); where mounting is not allowed the test says so and checks
//! nothing, rather than simulating a folder root could write anyway.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{How, play_walk, scratch, solo};
use goodwill_store::{Store, StoreError};

/// Mounts `what` at `at` with `options`; false when this machine does not let the test mount.
fn mount(args: &[&str]) -> bool {
    Command::new("mount")
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

fn unmount(at: &Path) {
    let _ = Command::new("umount").arg("-l").arg(at).status();
}

/// A data folder with two finished attempts in it.
fn seeded(dir: &Path) {
    let store = Store::open_in(dir).unwrap();
    play_walk(&store, solo("Ann", "spilled-soup"), How::Praised, None);
    play_walk(&store, solo("Bob", "spilled-soup"), How::Argued, None);
}

/// Everything a trainer reads, and an export written to another disk.
fn reads_everything(dir: &Path, elsewhere: &Path) -> Result<(), StoreError> {
    let store = Store::open_in(dir)?;
    assert_eq!(store.profiles()?.len(), 2);
    assert_eq!(store.finished_attempts(None, None)?.len(), 2);
    let out = elsewhere.join("export.json");
    let exported = store.export_to_file(None, &out)?;
    assert_eq!(exported.attempts.len(), 2);
    assert!(std::fs::metadata(&out).unwrap().len() > 100);
    Ok(())
}

#[test]
fn a_write_protected_results_folder_still_reads_and_exports() {
    let source = scratch("ro-source");
    seeded(&source);
    let at: PathBuf = scratch("ro-mount");
    if !mount(&["--bind", source.to_str().unwrap(), at.to_str().unwrap()]) {
        eprintln!("skipped: this machine does not let the test mount a read-only folder");
        return;
    }
    let remounted = mount(&["-o", "remount,bind,ro", at.to_str().unwrap()]);
    let outcome = std::panic::catch_unwind(|| {
        assert!(remounted, "remount read-only");
        assert!(std::fs::write(at.join("probe"), b"x").is_err(), "the mount is writable");
        let elsewhere = scratch("ro-elsewhere");
        reads_everything(&at, &elsewhere).unwrap_or_else(|e| panic!("reading a read-only folder: {e}"));
        // A write says what is wrong in words.
        let store = Store::open_in(&at).unwrap();
        let err = store.add_profile("Cai").unwrap_err().to_string();
        assert!(err.contains("read-only"), "{err}");
    });
    unmount(&at);
    outcome.unwrap();
}

#[test]
fn a_full_disk_still_reads_and_exports() {
    let at: PathBuf = scratch("full-mount");
    if !mount(&["-t", "tmpfs", "-o", "size=1M", "tmpfs", at.to_str().unwrap()]) {
        eprintln!("skipped: this machine does not let the test mount a small disk");
        return;
    }
    let outcome = std::panic::catch_unwind(|| {
        seeded(&at);
        // Fill the disk to the last byte.
        let filler = at.join("filler");
        let mut chunk = vec![0u8; 4096];
        let mut file = std::fs::File::create(&filler).unwrap();
        use std::io::Write;
        while file.write_all(&chunk).is_ok() {}
        chunk.truncate(1);
        while file.write_all(&chunk).is_ok() {}
        let _ = file.sync_all();
        let elsewhere = scratch("full-elsewhere");
        reads_everything(&at, &elsewhere).unwrap_or_else(|e| panic!("reading on a full disk: {e}"));
        let store = Store::open_in(&at).unwrap();
        let err = store.add_profile("Cai").unwrap_err().to_string();
        assert!(err.contains("full"), "{err}");
    });
    unmount(&at);
    outcome.unwrap();
}

#[test]
fn a_results_folder_that_is_a_file_or_a_link_loop_is_named_with_what_to_do() {
    let dir = scratch("folder-problems");
    let file = dir.join("data");
    std::fs::write(&file, b"not a folder").unwrap();
    let mut cases = vec![
        (file.clone(), "is a file, not a folder"),
        (file.join("inside"), "is a file, not a folder"),
    ];
    // Links need no rights on Unix; on Windows making one does, so there only the file cases run.
    #[cfg(unix)]
    {
        let looped = dir.join("loop");
        std::os::unix::fs::symlink(&looped, &looped).unwrap();
        let dangling = dir.join("dangling");
        std::os::unix::fs::symlink(dir.join("nowhere"), &dangling).unwrap();
        cases.extend([(looped, "circle"), (dangling, "does not exist")]);
    }
    for (folder, words) in cases {
        let err = Store::open_in(&folder).unwrap_err().to_string();
        assert!(
            err.contains(&*folder.to_string_lossy()) && err.contains(words) && err.contains("--data-dir"),
            "{}: {err}",
            folder.display()
        );
        assert!(!err.contains("os error"), "{err}");
    }
    assert_eq!(std::fs::read(&file).unwrap(), b"not a folder");
}

#[test]
fn a_new_database_on_a_full_disk_says_so_and_leaves_nothing_behind() {
    let at: PathBuf = scratch("full-new-mount");
    if !mount(&["-t", "tmpfs", "-o", "size=1M", "tmpfs", at.to_str().unwrap()]) {
        eprintln!("skipped: this machine does not let the test mount a small disk");
        return;
    }
    let outcome = std::panic::catch_unwind(|| {
        // Fill the disk all but a few kilobytes: room to start a file, not to finish a database.
        let filler = at.join("filler");
        let mut file = std::fs::File::create(&filler).unwrap();
        use std::io::Write;
        let chunk = vec![0u8; 4096];
        while file.write_all(&chunk).is_ok() {}
        let _ = file.sync_all();
        file.set_len(file.metadata().unwrap().len() - 8192).unwrap();
        drop(file);
        let err = Store::open_in(&at).unwrap_err().to_string();
        assert!(err.contains("full"), "{err}");
        let names: Vec<String> = std::fs::read_dir(&at)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n != "filler")
            .collect();
        assert!(names.is_empty(), "no half-made database or temporary file: {names:?}");
    });
    unmount(&at);
    outcome.unwrap();
}
