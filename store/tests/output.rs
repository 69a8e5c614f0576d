//! Export and report files land only where they were asked to: never through a link, never as a stray
//! temporary file, never over one of the results database's own files, never in a folder made up by typo.

mod common;

use std::path::Path;

use common::{How, play_walk, scratch, solo};
use goodwill_store::Store;

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[cfg(unix)]
#[test]
fn a_planted_link_is_never_written_through() {
    let dir = scratch("out-links");
    let store = Store::open_in(&dir.join("data")).unwrap();
    let victim = dir.join("victim.txt");
    std::fs::write(&victim, "precious").unwrap();
    // The old temporary name, and the destination itself, both planted as links to the victim.
    std::os::unix::fs::symlink(&victim, dir.join("class.json.partial")).unwrap();
    store.export_to_file(None, &dir.join("class.json")).unwrap();
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    assert!(
        std::fs::read_to_string(dir.join("class.json"))
            .unwrap()
            .contains("goodwill-results")
    );

    std::os::unix::fs::symlink(&victim, dir.join("linked.json")).unwrap();
    let err = store.export_to_file(None, &dir.join("linked.json")).unwrap_err();
    assert!(err.to_string().contains("symbolic link"), "{err}");
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
}

#[test]
fn every_file_of_the_database_is_refused_as_a_destination() {
    let dir = scratch("out-db-files");
    let store = Store::open_in(&dir).unwrap();
    let (id, _) = play_walk(&store, solo("Ann", "spilled-soup"), How::Praised, None);
    for name in [
        "goodwill.db",
        "goodwill.db-wal",
        "goodwill.db-shm",
        "goodwill.db-journal",
        "goodwill.db.v1.bak",
        "GOODWILL.DB-WAL",
    ] {
        let err = store.write_output(&dir.join(name), b"overwritten").unwrap_err();
        assert!(err.to_string().contains("database's own files"), "{name}: {err}");
    }
    // The same files reached another way: through `..`.
    let sub = dir.join("sub");
    std::fs::create_dir(&sub).unwrap();
    let err = store.write_output(&sub.join("../goodwill.db-wal"), b"x").unwrap_err();
    assert!(err.to_string().contains("database's own files"), "{err}");
    drop(store);
    let store = Store::open_in(&dir).unwrap();
    assert!(
        store.attempt(&id).unwrap().unwrap().is_finished(),
        "the committed attempt survived"
    );
}

#[cfg(unix)]
#[test]
fn a_hard_link_to_the_database_is_refused() {
    let dir = scratch("out-hardlink");
    let store = Store::open_in(&dir.join("data")).unwrap();
    std::fs::hard_link(store.path(), dir.join("report.csv")).unwrap();
    let err = store.write_output(&dir.join("report.csv"), b"x").unwrap_err();
    assert!(err.to_string().contains("database's own files"), "{err}");
}

#[test]
fn a_directory_is_refused_and_leaves_nothing_behind() {
    let dir = scratch("out-dir");
    let store = Store::open_in(&dir.join("data")).unwrap();
    let target = dir.join("reports");
    std::fs::create_dir(&target).unwrap();
    let err = store.write_output(&target, b"x").unwrap_err();
    assert!(err.to_string().contains("is a directory"), "{err}");
    assert!(entries(&target).is_empty());
    assert_eq!(entries(&dir), vec!["data", "reports"]);
}

#[test]
fn a_missing_directory_is_named_not_created() {
    let dir = scratch("out-missing");
    let store = Store::open_in(&dir.join("data")).unwrap();
    let err = store.export_to_file(None, &dir.join("typo/class.json")).unwrap_err();
    assert!(err.to_string().contains("does not exist"), "{err}");
    assert!(!dir.join("typo").exists());
}

#[test]
fn a_good_destination_is_replaced_whole() {
    let dir = scratch("out-replace");
    let store = Store::open_in(&dir.join("data")).unwrap();
    let out = dir.join("class.json");
    std::fs::write(&out, "old").unwrap();
    store.export_to_file(None, &out).unwrap();
    assert!(std::fs::read_to_string(&out).unwrap().contains("goodwill-results"));
    assert_eq!(entries(&dir), vec!["class.json", "data"], "no temporary file is left");
}
