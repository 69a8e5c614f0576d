//! One attempt id, two contents: whatever field differs — the class, a transcript text, the observer's
//! marks, the pair id, the mode, a decision's time, a golden list, the anti-patterns — the import is
//! refused as a conflict naming the file, whether the first copy is in the database, earlier in the
//! same file, or in another file of the same import. An identical copy is "already present".
//!
//! The files name a case not installed here, so the general rules alone decide what is a valid record
//! and each changed copy below is one those rules accept: only the comparison can catch it.

mod common;

use std::path::{Path, PathBuf};

use common::{How, play_walk, scratch};
use goodwill_engine::Principle;
use goodwill_store::{Mode, NewAttempt, Store};
use serde_json::{Value, json};

/// A class with a pair round (observer, marks, rating) and a self-study attempt, exported.
fn export() -> Value {
    let store = Store::open_in(&scratch("conflict-source")).unwrap();
    let cases = ["roaming-charge".to_owned()];
    store
        .create_class("Monday", &["Ann".to_owned(), "Bob".to_owned()], &cases)
        .unwrap();
    store.create_class("Tuesday", &["Ann".to_owned()], &cases).unwrap();
    let solo = NewAttempt {
        class: Some("Monday".into()),
        ..NewAttempt::solo("Ann", "roaming-charge", common::scenario("roaming-charge").version, 7)
    };
    play_walk(&store, solo.clone(), How::Praised, None);
    let pair = NewAttempt {
        mode: Mode::Pair,
        customer_player: Some("Bob".into()),
        observer: Some("Dee".into()),
        round: Some(1),
        pair_id: Some("pair-1".into()),
        ..solo
    };
    let (id, _) = play_walk(&store, pair, How::Clean, Some(4));
    store.set_observer_marks(&id, &vec![(1, true), (3, false)]).unwrap();
    at_a_persons_pace(serde_json::to_value(store.export(None).unwrap()).unwrap())
}

/// Dates each decision its time taken after the one before (the first after the start) and finishes the
/// attempt with its last decision. Played in a tight loop, an attempt's start and first decisions can
/// share one millisecond, and then no decision's time can change and stay inside the attempt (the rule
/// that a decision is dated within its attempt, in order, is right); a person takes seconds to answer.
fn at_a_persons_pace(mut v: Value) -> Value {
    for a in v["attempts"].as_array_mut().unwrap() {
        let mut at = a["attempt"]["started_at"].as_i64().unwrap();
        for d in a["decisions"].as_array_mut().unwrap() {
            at += d["time_taken_ms"].as_i64().unwrap();
            d["decided_at"] = json!(at);
        }
        a["attempt"]["finished_at"] = json!(at);
    }
    v
}

fn write(dir: &Path, name: &str, value: &Value) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_vec(value).unwrap()).unwrap();
    path
}

/// A copy of attempt `i` changed by `change`, everything else as it was.
type Change = fn(&mut Value);

fn golden_name(p: Principle) -> Value {
    serde_json::to_value(p).unwrap()
}

/// The changes, each one a record the general rules accept: (what, which attempt, change).
fn changes() -> Vec<(&'static str, usize, Change)> {
    vec![
        ("class", 0, |a| a["attempt"]["class"] = json!("Tuesday")),
        ("mode", 0, |a| a["attempt"]["mode"] = json!("practice")),
        ("seed", 0, |a| a["attempt"]["seed"] = json!(8)),
        ("start time", 0, |a| {
            a["attempt"]["started_at"] = json!(a["attempt"]["started_at"].as_i64().unwrap() - 1)
        }),
        ("finish time", 0, |a| {
            a["attempt"]["finished_at"] = json!(a["attempt"]["finished_at"].as_i64().unwrap() + 1)
        }),
        ("decision time", 0, |a| {
            let d = &mut a["decisions"][0];
            d["decided_at"] = json!(d["decided_at"].as_i64().unwrap() - 1)
        }),
        ("time taken", 0, |a| a["decisions"][0]["time_taken_ms"] = json!(1501)),
        ("feedback", 0, |a| {
            a["decisions"][0]["transcript"]["step"]["feedback"]["en"] = json!("Well done!")
        }),
        ("customer line", 0, |a| {
            a["decisions"][1]["transcript"]["customer"]["en"] = json!("Hm.")
        }),
        ("option score", 0, |a| {
            let options = a["decisions"][0]["transcript"]["options"].as_array_mut().unwrap();
            let last = options.len() - 1;
            options[last]["score"] = json!(options[last]["score"].as_i64().unwrap() + 5);
        }),
        ("golden lists", 0, |a| {
            // A golden step no answer applies any more moves from "applied" to "missed".
            let applied = a["attempt"]["golden_applied"].as_array().unwrap().clone();
            let step = applied.last().cloned().expect("the path applies a golden step");
            for d in a["decisions"].as_array_mut().unwrap() {
                d["transcript"]["step"]["applies"]
                    .as_array_mut()
                    .unwrap()
                    .retain(|p| *p != step);
            }
            a["attempt"]["golden_applied"] = json!(applied[..applied.len() - 1].to_vec());
            let mut missed = a["attempt"]["golden_missed"].as_array().unwrap().clone();
            missed.push(step);
            let order: Vec<Value> = Principle::GOLDEN_STEPS.into_iter().map(golden_name).collect();
            missed.sort_by_key(|p| order.iter().position(|q| q == p));
            a["attempt"]["golden_missed"] = json!(missed);
        }),
        ("anti-patterns", 0, |a| {
            let pattern = json!("Interrogating");
            a["decisions"][0]["transcript"]["step"]["breaks"] = json!([pattern.clone()]);
            let mut all = vec![pattern.clone()];
            for p in a["attempt"]["anti_patterns"].as_array().unwrap() {
                if *p != pattern {
                    all.push(p.clone());
                }
            }
            a["attempt"]["anti_patterns"] = json!(all);
        }),
        ("pair id", 1, |a| a["attempt"]["pair_id"] = json!("pair-2")),
        ("observer", 1, |a| a["attempt"]["observer"] = json!("Eve")),
        ("observer marks", 1, |a| a["observer_marks"][0][1] = json!(false)),
        ("rating", 1, |a| {
            // Another rating on the first rated line.
            for d in a["decisions"].as_array_mut().unwrap() {
                if d["sincerity"].is_u64() {
                    d["sincerity"] = json!(5);
                    d["transcript"]["step"]["sincerity"] = json!(5);
                    break;
                }
            }
        }),
    ]
}

/// The case is renamed to one not installed here, so only the general rules check the records.
fn elsewhere(mut v: Value) -> Value {
    for a in v["attempts"].as_array_mut().unwrap() {
        a["attempt"]["scenario"] = json!("a-case-from-elsewhere");
    }
    v["classes"][0]["scenarios"] = json!(["a-case-from-elsewhere"]);
    v
}

fn changed(base: &Value, index: usize, change: Change) -> Value {
    let mut copy = base["attempts"][index].clone();
    change(&mut copy);
    copy
}

#[test]
fn a_changed_copy_of_an_attempt_is_a_conflict_wherever_the_first_copy_is() {
    let base = elsewhere(export());
    let dir = scratch("conflict-files");
    let original = write(&dir, "original.json", &base);
    let mut checked = 0;
    for (what, index, change) in changes() {
        let copy = changed(&base, index, change);
        if copy == base["attempts"][index] {
            continue;
        }
        checked += 1;
        let mut alone = base.clone();
        alone["attempts"] = json!([copy.clone()]);
        let changed_file = write(&dir, "changed.json", &alone);

        // On its own the changed copy is a valid record: only the comparison can refuse it.
        let fresh = Store::open_in(&scratch("conflict-alone")).unwrap();
        fresh
            .import_file(&changed_file, &[])
            .unwrap_or_else(|e| panic!("{what}: the changed copy should pass the rules alone: {e}"));

        // 1. Against the database.
        let store = Store::open_in(&scratch("conflict-db")).unwrap();
        store.import_file(&original, &[]).unwrap();
        let before = dump(&store);
        let err = store.import_file(&changed_file, &[]).unwrap_err().to_string();
        assert!(
            err.contains("conflicts") && err.contains("changed.json") && err.contains("already in this database"),
            "{what}, against the database: {err}"
        );
        assert_eq!(dump(&store), before, "{what}: a refused import changed the database");

        // 2. Within one file.
        let mut twins = base.clone();
        twins["attempts"].as_array_mut().unwrap().push(copy);
        let twins_file = write(&dir, "twins.json", &twins);
        let store = Store::open_in(&scratch("conflict-twins")).unwrap();
        let err = store.import_file(&twins_file, &[]).unwrap_err().to_string();
        assert!(
            err.contains("conflicts") && err.contains("twins.json") && err.contains("same file"),
            "{what}, within one file: {err}"
        );
        assert!(store.finished_attempts(None, None).unwrap().is_empty());

        // 3. Across two files of one import: the message names both.
        let store = Store::open_in(&scratch("conflict-two")).unwrap();
        let err = store
            .import_files(&[original.clone(), changed_file.clone()], &[])
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("conflicts") && err.contains("changed.json") && err.contains("original.json"),
            "{what}, across two files: {err}"
        );
        assert!(store.finished_attempts(None, None).unwrap().is_empty());
    }
    assert_eq!(checked, changes().len(), "every change makes a different record");

    // Identical copies are "already present" in all three places.
    let store = Store::open_in(&scratch("conflict-same")).unwrap();
    let mut twins = base.clone();
    let first = base["attempts"][0].clone();
    twins["attempts"].as_array_mut().unwrap().push(first);
    let twins_file = write(&dir, "same-twins.json", &twins);
    let summaries = store.import_files(&[twins_file, original.clone()], &[]).unwrap();
    assert_eq!(
        (summaries[0].attempts_added, summaries[0].attempts_already_present),
        (2, 1)
    );
    assert_eq!(
        (summaries[1].attempts_added, summaries[1].attempts_already_present),
        (0, 2)
    );
    let again = store.import_file(&original, &[]).unwrap();
    assert_eq!((again.attempts_added, again.attempts_already_present), (0, 2));
}

/// Every row of the attempt tables.
fn dump(store: &Store) -> Vec<String> {
    let conn = rusqlite::Connection::open(store.path()).unwrap();
    let mut rows = Vec::new();
    for table in ["profiles", "classes", "attempts", "decisions", "observer_marks"] {
        let mut stmt = conn.prepare(&format!("SELECT * FROM {table} ORDER BY 1, 2")).unwrap();
        let columns = stmt.column_count();
        let mut query = stmt.query([]).unwrap();
        while let Some(row) = query.next().unwrap() {
            let cells: Vec<String> = (0..columns).map(|i| format!("{:?}", row.get_ref(i).unwrap())).collect();
            rows.push(format!("{table}: {}", cells.join(" | ")));
        }
    }
    rows
}
