//! Import trusts nothing in the file: every record meets the rules the game applies when it records,
//! attempts are checked against the scenarios installed here, a different attempt under a known id is a
//! conflict (not "already present"), and a refused import — of one file or of several — changes nothing.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::{How, full_path, in_class, installed, play, play_walk, replay_mismatch, scratch, solo};
use goodwill_engine::Lang;
use goodwill_store::report::{Format, render};
use goodwill_store::{DecisionInput, Mode, NewAttempt, Store, StoreError};
use serde_json::{Value, json};

/// A laptop's export: a class, class attempts, self-study and a rated pair round with observer marks.
fn laptop_export(name: &str) -> Value {
    let dir = scratch(name);
    let store = Store::open_in(&dir).unwrap();
    let cases = ["spilled-soup".to_owned(), "roaming-charge".to_owned()];
    store
        .create_class("Monday", &["Ann".to_owned(), "Bob".to_owned()], &cases)
        .unwrap();
    play_walk(&store, in_class("Ann", "spilled-soup", "Monday"), How::Praised, None);
    play_walk(&store, in_class("Bob", "spilled-soup", "Monday"), How::Argued, None);
    play_walk(&store, solo("Ann", "roaming-charge"), How::Praised, None);
    let pair = NewAttempt {
        mode: Mode::Pair,
        customer_player: Some("Bob".into()),
        observer: Some("Dee".into()),
        round: Some(1),
        pair_id: Some("pair-1".into()),
        ..in_class("Ann", "roaming-charge", "Monday")
    };
    let (id, _) = play_walk(&store, pair, How::Clean, Some(4));
    store.set_observer_marks(&id, &vec![(1, true), (3, false)]).unwrap();
    serde_json::to_value(store.export(None).unwrap()).unwrap()
}

fn write(dir: &Path, name: &str, value: &Value) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_vec(value).unwrap()).unwrap();
    path
}

/// Every row of every table, so "changes nothing" can be checked exactly.
fn dump(store: &Store) -> Vec<String> {
    let conn = rusqlite::Connection::open(store.path()).unwrap();
    let mut rows = Vec::new();
    for table in [
        "profiles",
        "classes",
        "class_trainees",
        "class_scenarios",
        "attempts",
        "decisions",
        "observer_marks",
    ] {
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

/// A trainer's database with results of its own.
fn trainer(name: &str) -> Store {
    let store = Store::open_in(&scratch(name)).unwrap();
    play_walk(&store, solo("Cai", "spilled-soup"), How::Praised, None);
    store
}

fn edit(base: &Value, change: impl FnOnce(&mut Value)) -> Value {
    let mut value = base.clone();
    change(&mut value);
    value
}

#[test]
fn each_record_the_game_would_never_write_is_refused_by_name_and_changes_nothing() {
    let base = laptop_export("rules-laptop");
    let store = trainer("rules");
    let dir = scratch("rules-files");
    let before = dump(&store);
    type Change = Box<dyn Fn(&mut Value)>;
    let cases: Vec<(&str, Change, &str)> = vec![
        (
            "empty name",
            Box::new(|v| v["profiles"][0]["name"] = json!("  ")),
            "cannot be empty",
        ),
        (
            "NUL in a name",
            Box::new(|v| v["profiles"][0]["name"] = json!("A\u{0}nn")),
            "control characters",
        ),
        (
            "ESC in a name",
            Box::new(|v| v["attempts"][0]["attempt"]["profile"] = json!("\u{1b}[31mAnn")),
            "control characters",
        ),
        (
            "a 41-character name",
            Box::new(|v| v["profiles"][0]["name"] = json!("x".repeat(41))),
            "at most 40",
        ),
        (
            "a huge name",
            Box::new(|v| v["classes"][0]["trainees"][0] = json!("名".repeat(100_000))),
            "at most 40",
        ),
        (
            "unfinished",
            Box::new(|v| v["attempts"][0]["attempt"]["finished_at"] = Value::Null),
            "not finished",
        ),
        ("sincerity 0", Box::new(|v| set_rating(v, 0)), "sincerity"),
        ("sincerity 6", Box::new(|v| set_rating(v, 6)), "sincerity"),
        ("sincerity 255", Box::new(|v| set_rating(v, 255)), "sincerity"),
        (
            "observer step 255",
            Box::new(|v| v["attempts"][3]["observer_marks"][0][0] = json!(255)),
            "golden step 255",
        ),
        (
            "negative start",
            Box::new(|v| v["attempts"][0]["attempt"]["started_at"] = json!(-5)),
            "not a valid time",
        ),
        (
            "a choice the node lacks",
            Box::new(|v| set_choice(v, 8)),
            "choice 9 does not exist",
        ),
        ("a huge choice", Box::new(|v| set_choice(v, u64::MAX)), "does not exist"),
        (
            "a node the scenario lacks",
            Box::new(|v| set_node(v, "nowhere")),
            "the conversation was at node",
        ),
        (
            "an outcome its balance does not earn",
            Box::new(|v| v["attempts"][1]["attempt"]["outcome"] = json!("loyal")),
            "does not match",
        ),
        (
            "discarded yet finished",
            Box::new(|v| v["attempts"][0]["attempt"]["discarded"] = json!(true)),
            "discarded",
        ),
        (
            "a path id for a scenario",
            Box::new(|v| v["attempts"][0]["attempt"]["scenario"] = json!("../../etc/x")),
            "not a scenario id",
        ),
        (
            "a class nobody has",
            Box::new(|v| v["classes"] = json!([])),
            "neither in the file",
        ),
    ];
    for (what, change, expected) in cases {
        let file = write(&dir, "laptop.json", &edit(&base, change));
        let err = store.import_file(&file, &installed()).expect_err(what);
        let message = err.to_string();
        assert!(matches!(err, StoreError::BadExport { .. }), "{what}: {err:?}");
        assert!(
            message.contains("laptop.json") && message.contains(expected),
            "{what}: the message names the file and the problem: {message}"
        );
        assert_eq!(dump(&store), before, "{what}: the refused import changed the database");
    }
    // The untouched file imports.
    let file = write(&dir, "laptop.json", &base);
    let summary = store.import_file(&file, &installed()).unwrap();
    assert_eq!(summary.attempts_added, 4);
}

fn set_rating(v: &mut Value, rating: u64) {
    let decision = &mut v["attempts"][3]["decisions"][0];
    decision["sincerity"] = json!(rating);
    decision["transcript"]["step"]["sincerity"] = json!(rating);
}

fn set_choice(v: &mut Value, choice: u64) {
    let decision = &mut v["attempts"][0]["decisions"][1];
    decision["choice"] = json!(choice);
    decision["transcript"]["step"]["choice"] = json!(choice);
    decision["transcript"]["step"]["shown"] = json!([]);
}

fn set_node(v: &mut Value, node: &str) {
    let decision = &mut v["attempts"][0]["decisions"][1];
    decision["node"] = json!(node);
    decision["transcript"]["step"]["node"] = json!(node);
}

#[test]
fn padded_names_are_cleaned_so_they_join_the_trainee_already_here() {
    let base = laptop_export("padded-laptop");
    let store = trainer("padded");
    let dir = scratch("padded-files");
    let padded = edit(&base, |v| {
        for p in v["profiles"].as_array_mut().unwrap() {
            p["name"] = json!(format!(" {} ", p["name"].as_str().unwrap()));
        }
        v["attempts"][0]["attempt"]["profile"] = json!(" Ann ");
    });
    store
        .import_file(&write(&dir, "padded.json", &padded), &installed())
        .unwrap();
    let names: Vec<String> = store.profiles().unwrap().into_iter().map(|p| p.name).collect();
    assert!(names.iter().all(|n| n.trim() == n), "{names:?}");
    assert_eq!(store.finished_attempts(Some("Ann"), None).unwrap().len(), 3);
}

#[test]
fn a_different_attempt_under_a_known_id_is_a_conflict_not_already_present() {
    let base = laptop_export("conflict-laptop");
    let store = trainer("conflict");
    let dir = scratch("conflict-files");
    let file = write(&dir, "laptop.json", &base);
    store.import_file(&file, &installed()).unwrap();
    let again = store.import_file(&file, &installed()).unwrap();
    assert_eq!((again.attempts_added, again.attempts_already_present), (0, 4));

    let before = dump(&store);
    let other = edit(&base, |v| v["attempts"][0]["attempt"]["profile"] = json!("Bob"));
    let err = store
        .import_file(&write(&dir, "other.json", &other), &installed())
        .unwrap_err();
    let id = base["attempts"][0]["attempt"]["id"].as_str().unwrap();
    assert!(
        err.to_string().contains("conflicts") && err.to_string().contains(id) && err.to_string().contains("other.json"),
        "{err}"
    );
    assert_eq!(dump(&store), before);

    // Two different attempts sharing one id inside one file are refused too.
    let fresh = trainer("conflict-fresh");
    let twins = edit(&base, |v| {
        let mut twin = v["attempts"][0].clone();
        twin["decisions"][0]["time_taken_ms"] = json!(99);
        v["attempts"].as_array_mut().unwrap().push(twin);
    });
    let before = dump(&fresh);
    let err = fresh
        .import_file(&write(&dir, "twins.json", &twins), &installed())
        .unwrap_err();
    assert!(err.to_string().contains("conflicts"), "{err}");
    assert_eq!(dump(&fresh), before);
}

#[test]
fn importing_several_files_is_all_or_nothing_and_names_the_bad_one() {
    let good = laptop_export("several-good");
    let bad = edit(&laptop_export("several-bad"), |v| {
        v["attempts"][2]["attempt"]["profile"] = json!("")
    });
    let store = trainer("several");
    let dir = scratch("several-files");
    let files = [write(&dir, "good.json", &good), write(&dir, "bad.json", &bad)];
    let before = dump(&store);
    let err = store.import_files(&files, &installed()).unwrap_err();
    assert!(err.to_string().contains("bad.json"), "{err}");
    assert!(!err.to_string().contains("good.json"), "{err}");
    assert_eq!(dump(&store), before, "good.json was not merged on its own");
    let summaries = store.import_files(&files[..1], &installed()).unwrap();
    assert_eq!(summaries[0].attempts_added, 4);
}

#[test]
fn results_of_a_scenario_not_installed_here_are_accepted_on_the_general_rules() {
    let base = laptop_export("elsewhere-laptop");
    let store = trainer("elsewhere");
    let dir = scratch("elsewhere-files");
    // Installed here with another version: the attempt cannot be checked against it, only the rules.
    let other_version = edit(&base, |v| {
        v["attempts"][0]["attempt"]["scenario_version"] = json!(7);
        set_node(v, "a-node-of-version-7");
    });
    store
        .import_file(&write(&dir, "v7.json", &other_version), &installed())
        .unwrap();
    // Not installed at all, still under the rules: a sincerity of 9 is refused whatever the case.
    let unknown = edit(&base, |v| {
        v["attempts"][3]["attempt"]["id"] = json!("11111111-2222-4333-8444-555555555555");
        v["attempts"][3]["attempt"]["scenario"] = json!("custom-case");
        set_rating(v, 9);
    });
    let err = store
        .import_file(&write(&dir, "custom.json", &unknown), &installed())
        .unwrap_err();
    assert!(err.to_string().contains("sincerity"), "{err}");
}

/// A small deterministic generator (splitmix64), so a failure replays exactly.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn hostile_value(rng: &mut Rng) -> Value {
    match rng.below(14) {
        0 => json!(-1),
        1 => json!(i64::MIN),
        2 => json!(u64::MAX),
        3 => json!(255),
        4 => json!(0),
        5 => json!(1e300),
        6 => json!(""),
        7 => json!(" Ann "),
        8 => json!("\u{0}\u{1b}[2J"),
        9 => json!("x".repeat(5000)),
        10 => Value::Null,
        11 => json!(true),
        12 => json!([]),
        _ => json!({"nested": [[[[{"deep": "\"quoted\""}]]]]}),
    }
}

/// Replaces one randomly chosen leaf (or drops a key, or duplicates an array item) somewhere in `value`.
fn mutate(value: &mut Value, rng: &mut Rng) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            let key = map.keys().nth(rng.below(map.len())).unwrap().clone();
            match rng.below(10) {
                0 => {
                    map.remove(&key);
                }
                1 => {
                    map.insert(key, hostile_value(rng));
                }
                _ => mutate(map.get_mut(&key).unwrap(), rng),
            }
        }
        Value::Array(items) if !items.is_empty() => {
            let i = rng.below(items.len());
            match rng.below(10) {
                0 => {
                    let copy = items[i].clone();
                    items.push(copy);
                }
                1 => items[i] = hostile_value(rng),
                _ => mutate(&mut items[i], rng),
            }
        }
        Value::Number(n) => {
            let n = n.as_i64().unwrap_or(0);
            *value = match rng.below(4) {
                0 => json!(n.wrapping_add(1)),
                1 => json!(n.wrapping_neg()),
                2 => json!(n.wrapping_mul(1_000_003)),
                _ => hostile_value(rng),
            };
        }
        _ => *value = hostile_value(rng),
    }
}

#[test]
fn mutated_exports_never_panic_and_a_refused_import_changes_nothing() {
    let base = laptop_export("fuzz-laptop");
    let store = trainer("fuzz");
    let dir = scratch("fuzz-files");
    let scenarios = installed();
    let mut rng = Rng(0x5EED);
    let (mut accepted, mut refused) = (0, 0);
    for case in 0..250 {
        let mut value = base.clone();
        for _ in 0..=rng.below(3) {
            mutate(&mut value, &mut rng);
        }
        // Some cases are fresh attempts (new ids), so accepted mutations really get merged.
        if rng.below(2) == 0
            && let Some(attempts) = value["attempts"].as_array_mut()
        {
            for (n, a) in attempts.iter_mut().enumerate() {
                if a["attempt"].is_object() {
                    a["attempt"]["id"] = json!(format!("fuzz-{case}-{n}"));
                }
            }
        }
        let mut text = serde_json::to_vec(&value).unwrap();
        // A file cut short, as a USB stick pulled out mid-copy leaves it.
        if rng.below(8) == 0 {
            text.truncate(rng.below(text.len()));
        }
        let file = dir.join("mutated.json");
        std::fs::write(&file, &text).unwrap();
        let before = dump(&store);
        match store.import_file(&file, &scenarios) {
            Ok(_) => {
                accepted += 1;
                // Everything the database now holds is what the game would have recorded.
                for attempt in store.finished_attempts(None, None).unwrap() {
                    if let Some(wrong) = replay_mismatch(&store, &attempt, &scenarios) {
                        panic!("case {case}: accepted attempt {} does not replay: {wrong}", attempt.id);
                    }
                }
            }
            Err(e) => {
                refused += 1;
                assert!(e.to_string().contains("mutated.json"), "case {case}: {e}");
                assert_eq!(
                    dump(&store),
                    before,
                    "case {case}: a refused import changed the database"
                );
            }
        }
    }
    eprintln!("fuzzed imports: {accepted} accepted (each replayed), {refused} refused");
    assert!(accepted > 0 && refused > 0, "{accepted} accepted, {refused} refused");
    // Whatever was accepted reads back and renders in every report format the store writes without a
    // panic (the HTML page, a view in the root crate, draws from the same `report_data`).
    for class in store.classes().unwrap() {
        let data = store.report_data(&class.name, BTreeMap::new()).unwrap();
        for format in [Format::Csv, Format::Xapi] {
            render(format, &data, Lang::En);
        }
    }
    for attempt in store.finished_attempts(None, None).unwrap() {
        store.decisions(&attempt.id).unwrap();
    }
}

#[test]
fn accuracy_travels_with_its_attempt_and_one_its_decisions_do_not_earn_is_refused() {
    let base = laptop_export("accuracy-laptop");
    let accuracies: Vec<Value> = base["attempts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["attempt"]["accuracy"].clone())
        .collect();
    assert!(
        accuracies.iter().all(Value::is_u64),
        "every attempt exports its accuracy: {accuracies:?}"
    );
    let dir = scratch("accuracy-files");
    let forged = [
        (
            "an accuracy its decisions do not earn",
            edit(&base, |v| {
                let a = &mut v["attempts"][0]["attempt"]["accuracy"];
                *a = json!(if a.as_u64() == Some(100) { 99 } else { 100 });
            }),
            "does not match its decisions' reviews",
            installed(),
        ),
        (
            "a class its loss does not earn",
            edit(&base, |v| {
                v["attempts"][0]["decisions"][0]["transcript"]["step"]["review"] =
                    json!({ "loss": 25, "class": "best" });
            }),
            "is not classed `best`",
            // Where the case is installed the replay refuses any changed review first (as a changed
            // transcript); this is the rule that holds for a case not installed here.
            Vec::new(),
        ),
        (
            "a review its replay does not give",
            edit(&base, |v| {
                v["attempts"][0]["decisions"][0]["transcript"]["step"]["review"] =
                    json!({ "loss": 25, "class": "best" });
            }),
            "is not what the case gives",
            installed(),
        ),
    ];
    let store = trainer("accuracy-forged");
    let before = dump(&store);
    for (what, value, expected, against) in forged {
        let err = store
            .import_file(&write(&dir, "forged.json", &value), &against)
            .expect_err(what);
        assert!(err.to_string().contains(expected), "{what}: {err}");
        assert_eq!(dump(&store), before, "{what}: the refused import changed the database");
    }
    // A file from before accuracy (no reviews, no accuracy) imports, its accuracy unknown.
    let old = edit(&base, |v| {
        for attempt in v["attempts"].as_array_mut().unwrap() {
            attempt["attempt"].as_object_mut().unwrap().remove("accuracy");
            for d in attempt["decisions"].as_array_mut().unwrap() {
                d["transcript"]["step"].as_object_mut().unwrap().remove("review");
            }
        }
    });
    store.import_file(&write(&dir, "old.json", &old), &installed()).unwrap();
    let imported = store.finished_attempts(Some("Bob"), None).unwrap();
    assert!(!imported.is_empty() && imported.iter().all(|a| a.accuracy.is_none()));
    // The untouched file's accuracies arrive as they left.
    let fresh = trainer("accuracy-fresh");
    fresh
        .import_file(&write(&dir, "laptop.json", &base), &installed())
        .unwrap();
    let exported_again = serde_json::to_value(fresh.export(Some("Monday")).unwrap()).unwrap();
    for attempt in exported_again["attempts"].as_array().unwrap() {
        let id = &attempt["attempt"]["id"];
        let original = base["attempts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| &a["attempt"]["id"] == id)
            .unwrap();
        assert_eq!(attempt["attempt"]["accuracy"], original["attempt"]["accuracy"]);
    }
}

/// The wall clock can be set back while a case is played (a time-zone fix, a network time correction);
/// the decisions after it are still dated within the attempt and in order, so the game's own export of
/// that attempt imports.
#[test]
fn an_attempt_played_while_the_clock_went_back_is_dated_in_order_and_imports() {
    let store = Store::open_in(&scratch("clock-back")).unwrap();
    let path = full_path("spilled-soup", 7, How::Praised);
    let (id, mut session) = play(&store, solo("Ann", "spilled-soup"), &path[..1], None);
    // As if the clock now reads an hour earlier than when the attempt started and was first answered.
    let conn = rusqlite::Connection::open(store.path()).unwrap();
    conn.execute(
        "UPDATE attempts SET started_at = started_at + 3600000 WHERE id = ?1",
        [&id],
    )
    .unwrap();
    conn.execute(
        "UPDATE decisions SET decided_at = decided_at + 3600000 WHERE attempt_id = ?1",
        [&id],
    )
    .unwrap();
    for &c in &path[1..] {
        let (_, decision) = DecisionInput::play(&mut session, c - 1, None, 1500).unwrap();
        store
            .record_decision_and_finish(&id, &decision, session.report())
            .unwrap();
    }
    let attempt = store.attempt(&id).unwrap().unwrap();
    let mut times = vec![attempt.started_at];
    times.extend(store.decisions(&id).unwrap().iter().map(|d| d.decided_at));
    times.push(attempt.finished_at.expect("the path ends the case"));
    assert!(times.is_sorted(), "dated in order: {times:?}");

    let dir = scratch("clock-back-file");
    let file = dir.join("results.json");
    store.export_to_file(None, &file).unwrap();
    let fresh = Store::open_in(&scratch("clock-back-import")).unwrap();
    let summary = fresh.import_file(&file, &installed()).unwrap();
    assert_eq!(summary.attempts_added, 1);
}
