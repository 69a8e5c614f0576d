//! Records the game never creates are refused, each with a message naming the file, and the database is
//! left as it was. For a case installed here at the same version the decisions are replayed and only
//! what the replay reproduces is accepted; for a case not installed here, every rule that holds for any
//! case still refuses what no case could produce.

mod common;

use std::path::{Path, PathBuf};

use common::{How, installed, play_walk, scratch};
use goodwill_store::{Mode, NewAttempt, Store};
use serde_json::{Value, json};

/// A self-study attempt (index 0) and a rated pair round with an observer (index 1).
fn export(name: &str) -> Value {
    let store = Store::open_in(&scratch(name)).unwrap();
    let version = common::scenario("roaming-charge").version;
    let solo = NewAttempt::solo("Ann", "roaming-charge", version, 7);
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
    store.set_observer_marks(&id, &vec![(1, true)]).unwrap();
    serde_json::to_value(store.export(None).unwrap()).unwrap()
}

fn write(dir: &Path, name: &str, value: &Value) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_vec(value).unwrap()).unwrap();
    path
}

fn first_rated(a: &mut Value) -> &mut Value {
    a["decisions"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|d| d["sincerity"].is_u64())
        .expect("a rated decision")
}

type Forgery = fn(&mut Value);

/// (what, attempt index, forgery, refused even for a case not installed here).
fn forgeries() -> Vec<(&'static str, usize, Forgery, bool)> {
    vec![
        (
            "closed with balance 100",
            0,
            |a| {
                a["attempt"]["account_closed"] = json!(true);
                a["attempt"]["final_balance"] = json!(100);
                a["attempt"]["outcome"] = json!("lost");
                let last = a["attempt"]["timeline"].as_array().unwrap().len() - 1;
                a["attempt"]["timeline"][last] = json!(100);
            },
            true,
        ),
        (
            "negative balance, open",
            0,
            |a| {
                a["attempt"]["final_balance"] = json!(-5);
                a["attempt"]["outcome"] = json!("lost");
                let last = a["attempt"]["timeline"].as_array().unwrap().len() - 1;
                a["attempt"]["timeline"][last] = json!(-5);
            },
            true,
        ),
        (
            "a balance of -10000",
            0,
            |a| {
                let n = a["decisions"].as_array().unwrap().len();
                let d = &mut a["decisions"][n - 1];
                d["balance_after"] = json!(-10_000);
                d["delta"] = json!(-10_000);
                d["transcript"]["step"]["balance"] = json!(-10_000);
                d["transcript"]["step"]["delta"] = json!(-10_000);
                a["attempt"]["final_balance"] = json!(-10_000);
                a["attempt"]["account_closed"] = json!(true);
                a["attempt"]["outcome"] = json!("lost");
                a["attempt"]["timeline"] = json!(a["attempt"]["timeline"].as_array().unwrap()[..n].to_vec());
                a["attempt"]["timeline"].as_array_mut().unwrap().push(json!(-10_000));
            },
            true,
        ),
        (
            "a change of 10000",
            0,
            |a| {
                let d = &mut a["decisions"][0];
                d["delta"] = json!(10_000);
                d["transcript"]["step"]["delta"] = json!(10_000);
                d["transcript"]["step"]["entries"][0]["delta"] = json!(10_000);
            },
            true,
        ),
        (
            "a timeline that does not follow the decisions",
            0,
            |a| {
                a["attempt"]["timeline"][1] = json!(a["attempt"]["timeline"][1].as_i64().unwrap() + 1);
            },
            true,
        ),
        (
            "a rating in a solo attempt",
            0,
            |a| {
                a["decisions"][0]["sincerity"] = json!(3);
                a["decisions"][0]["transcript"]["step"]["sincerity"] = json!(3);
            },
            true,
        ),
        (
            "a decision before the attempt",
            0,
            |a| {
                let start = a["attempt"]["started_at"].as_i64().unwrap();
                a["decisions"][0]["decided_at"] = json!(start - 60_000);
            },
            true,
        ),
        (
            "a decision a year after it",
            0,
            |a| {
                let n = a["decisions"].as_array().unwrap().len();
                let end = a["attempt"]["finished_at"].as_i64().unwrap();
                a["decisions"][n - 1]["decided_at"] = json!(end + 365 * 86_400_000);
            },
            true,
        ),
        (
            "decisions out of order",
            0,
            |a| {
                let first = a["decisions"][0]["decided_at"].as_i64().unwrap();
                a["decisions"][0]["decided_at"] = json!(first + 1);
                a["decisions"][1]["decided_at"] = json!(first);
            },
            true,
        ),
        (
            "a forged answer text",
            0,
            |a| {
                a["decisions"][0]["transcript"]["step"]["text"]["en"] = json!("I solved everything.");
                let pos = a["decisions"][0]["transcript"]["step"]["shown"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .position(|c| *c == a["decisions"][0]["choice"])
                    .unwrap();
                a["decisions"][0]["transcript"]["options"][pos]["text"]["en"] = json!("I solved everything.");
            },
            false,
        ),
        (
            "forged feedback",
            0,
            |a| a["decisions"][2]["transcript"]["step"]["feedback"]["zh"] = json!("完美。"),
            false,
        ),
        (
            "a forged option score",
            0,
            |a| a["decisions"][1]["transcript"]["options"][0]["score"] = json!(40),
            false,
        ),
        (
            "a forged customer line",
            0,
            |a| a["decisions"][1]["transcript"]["customer"]["zh"] = json!("谢谢。"),
            false,
        ),
        (
            "golden lists that contradict the path",
            0,
            |a| {
                a["attempt"]["golden_applied"] = json!(["ThankForComplaint", "ApologiseSincerely"]);
            },
            true,
        ),
        (
            "anti-patterns the path never committed",
            0,
            |a| {
                a["attempt"]["anti_patterns"] = json!(["DontKnow"]);
            },
            true,
        ),
        (
            "a solo attempt with an observer",
            0,
            |a| a["attempt"]["observer"] = json!("Dee"),
            true,
        ),
        (
            "a solo attempt with a pair id",
            0,
            |a| a["attempt"]["pair_id"] = json!("pair-9"),
            true,
        ),
        (
            "a pair round without its pair id",
            1,
            |a| a["attempt"]["pair_id"] = Value::Null,
            true,
        ),
        (
            "a pair round without its round",
            1,
            |a| a["attempt"]["round"] = Value::Null,
            true,
        ),
        (
            "the observer also playing",
            1,
            |a| a["attempt"]["observer"] = json!("Bob"),
            true,
        ),
        (
            "the observer is the agent",
            1,
            |a| a["attempt"]["observer"] = json!("Ann"),
            true,
        ),
        (
            "observer marks without an observer",
            0,
            |a| a["observer_marks"] = json!([[2, true]]),
            true,
        ),
        (
            "a rating on a line that is not rated",
            1,
            |a| {
                let d = a["decisions"]
                    .as_array_mut()
                    .unwrap()
                    .iter_mut()
                    .find(|d| d["sincerity"].is_null())
                    .unwrap();
                d["sincerity"] = json!(5);
                d["transcript"]["step"]["sincerity"] = json!(5);
            },
            false,
        ),
        (
            "another rating than the one the deposit shows",
            1,
            |a| {
                let d = first_rated(a);
                d["sincerity"] = json!(5);
                d["transcript"]["step"]["sincerity"] = json!(5);
            },
            false,
        ),
        (
            "a step count that is not its decisions",
            0,
            |a| a["attempt"]["steps"] = json!(2),
            true,
        ),
    ]
}

/// The attempts renamed to a case not installed here.
fn elsewhere(mut v: Value) -> Value {
    for a in v["attempts"].as_array_mut().unwrap() {
        a["attempt"]["scenario"] = json!("a-case-from-elsewhere");
    }
    v
}

fn check(base: &Value, installed_here: bool) {
    let dir = scratch(if installed_here {
        "forgery-installed"
    } else {
        "forgery-elsewhere"
    });
    let scenarios = installed();
    let store = Store::open_in(&dir.join("db")).unwrap();
    let before = store.finished_attempts(None, None).unwrap();
    // The untouched export imports cleanly (into a scratch database), so each refusal is the forgery's.
    let clean = Store::open_in(&dir.join("clean")).unwrap();
    let summary = clean.import_file(&write(&dir, "clean.json", base), &scenarios).unwrap();
    assert_eq!(summary.attempts_added, 2);
    for (what, index, forge, general) in forgeries() {
        if !installed_here && !general {
            continue;
        }
        let mut forged = base.clone();
        forge(&mut forged["attempts"][index]);
        assert_ne!(forged, *base, "{what}: the forgery changed nothing");
        let file = write(&dir, "forged.json", &forged);
        let err = match store.import_file(&file, &scenarios) {
            Ok(_) => panic!("{what} (installed here: {installed_here}): accepted"),
            Err(e) => e.to_string(),
        };
        assert!(err.contains("forged.json"), "{what}: {err}");
        assert!(err.len() < 1000, "{what}: {err}");
        assert_eq!(store.finished_attempts(None, None).unwrap(), before, "{what}");
    }
}

#[test]
fn records_the_game_never_creates_are_refused_for_an_installed_case() {
    check(&export("forgery-source-here"), true);
}

#[test]
fn records_no_case_could_produce_are_refused_for_a_case_not_installed_here() {
    check(&elsewhere(export("forgery-source-elsewhere")), false);
}
