//! The LRS outbox and its push and pull. The outbox's own tests need nothing; the others run against a
//! real LRS (Ralph, started by `.ci/lrs`, which exports `GOODWILL_TEST_LRS`, `GOODWILL_TEST_LRS_USER` and
//! `GOODWILL_LRS_PASSWORD`). Without one they say that they are skipped and why.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use common::{How, in_class, installed, play_walk, scenario, scratch};
use goodwill_engine::{Bilingual, Session};
use goodwill_store::lrs::{self, Lrs, LrsError, Password, PushOptions};
use goodwill_store::reflection::Reflection;
use goodwill_store::report::{Format, render};
use goodwill_store::{AttemptRecorder, Mode, NewAttempt, Store, Vote, db};
use serde_json::Value;

const CASE: &str = "spilled-soup";

/// The LRS the tests run against, or `None` after printing why they are skipped.
fn test_lrs(test: &str) -> Option<Lrs> {
    let (Ok(endpoint), Ok(user)) = (
        std::env::var("GOODWILL_TEST_LRS"),
        std::env::var("GOODWILL_TEST_LRS_USER"),
    ) else {
        // CI always starts one (.ci/run sources .ci/lrs): there a missing LRS is a failure, not a skip.
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{test}: CI runs without an LRS; .ci/run must source .ci/lrs"
        );
        skipped(
            test,
            "no LRS configured (GOODWILL_TEST_LRS and GOODWILL_TEST_LRS_USER are not set); start one with `. .ci/lrs`, as .ci/run does",
        );
        return None;
    };
    let password = Password::from_env().expect("GOODWILL_LRS_PASSWORD is set beside GOODWILL_TEST_LRS");
    Some(Lrs::new(&endpoint, &user, password).unwrap())
}

/// Says on the terminal that `test` is skipped and why: written to the process's stderr itself, which the
/// test harness does not capture, so a skip is seen even when the test is reported as passing.
fn skipped(test: &str, why: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "SKIPPED {test}: {why}");
}

/// A class name no other test (or earlier run against the same LRS) uses.
fn unique_class(what: &str) -> String {
    format!("{what} {}", &uuid::Uuid::new_v4().simple().to_string()[..12])
}

fn titles() -> BTreeMap<String, Bilingual> {
    installed().into_iter().map(|s| (s.id, s.title)).collect()
}

/// An answer to reflection question `n` of the soup case.
fn answer(n: u8, text: &str) -> Reflection {
    Reflection {
        question: n,
        asked: scenario(CASE).reflection[usize::from(n) - 1].clone(),
        answer: text.to_owned(),
        answered_at: 0,
    }
}

/// A store with class session `class` (Ann, Bob, 李明) and finished attempts of every kind the game
/// records: self-study turns (Ann's and 李明's with a reflection answer), a pair round with a sincerity rating, and
/// a class vote with its votes.
fn class_with_every_kind(dir: &str, class: &str) -> Store {
    let store = Store::open_in(&scratch(dir)).unwrap();
    store.note_scenario_titles(titles());
    let roster = ["Ann", "Bob", "李明"].map(String::from);
    store.create_class(class, &roster, &[CASE.to_owned()]).unwrap();
    let (ann, _) = play_walk(&store, in_class("Ann", CASE, class), How::Praised, None);
    store
        .save_reflection(&ann, answer(1, "先道歉，再补救。I apologised first."))
        .unwrap();
    let (li, _) = play_walk(&store, in_class("李明", CASE, class), How::Argued, None);
    store.save_reflection(&li, answer(1, "下次先听完客人说话。")).unwrap();
    let pair = NewAttempt {
        mode: Mode::Pair,
        customer_player: Some("Bob".into()),
        round: Some(1),
        pair_id: Some("p1".into()),
        ..in_class("Ann", CASE, class)
    };
    play_walk(&store, pair, How::Clean, Some(4));
    play_class_vote(&store, class);
    store
}

/// A class vote through the recorder: Ann and an anonymous seat vote for what is played, Bob for another.
fn play_class_vote(store: &Store, class: &str) {
    let path = common::full_path(CASE, 7, How::Praised);
    let mut recorder = AttemptRecorder::new(NewAttempt::class_vote(class, CASE, scenario(CASE).version, 7)).unwrap();
    let mut session = Session::new(scenario(CASE), 7);
    for &c in &path {
        let other = session.offered().iter().copied().find(|&o| o != c - 1).unwrap_or(c - 1);
        let votes = [
            Vote::new("Ann", c - 1),
            Vote::new("Bob", other),
            Vote::new("匿名 1", c - 1),
        ];
        recorder
            .choose_with_votes(Some(store), &mut session, c - 1, &votes, 2000)
            .unwrap()
            .saved
            .unwrap();
    }
    assert!(session.is_over());
}

/// Every statement in the outbox of `class`, waiting or not, as JSON.
fn outbox_statements(store: &Store) -> Vec<Value> {
    let path = store.path().to_path_buf();
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut stmt = conn.prepare("SELECT body FROM outbox ORDER BY seq").unwrap();
    stmt.query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .map(|b| serde_json::from_str(&b.unwrap()).unwrap())
        .collect()
}

fn ids(statements: &[Value]) -> BTreeSet<String> {
    statements
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_owned())
        .collect()
}

/// Marks every statement unsent again: the state a kill leaves when the LRS stored a batch but its answer
/// never arrived.
fn forget_sent(store: &Store) {
    let conn = rusqlite::Connection::open(store.path()).unwrap();
    conn.execute("UPDATE outbox SET sent_at = NULL", []).unwrap();
}

#[test]
fn finishing_an_attempt_queues_the_reports_statements_in_the_same_write() {
    let class = "Class 9";
    let store = class_with_every_kind("outbox-queue", class);
    // An unfinished attempt queues nothing.
    let unfinished = common::partial_path(CASE, 7, How::Praised, 2);
    common::play(&store, in_class("Bob", CASE, class), &unfinished, None);

    let queued = outbox_statements(&store);
    let report: Value = serde_json::from_slice(&render(
        Format::Xapi,
        &store.report_data(class, titles()).unwrap(),
        goodwill_engine::Lang::En,
    ))
    .unwrap();
    let report = report.as_array().unwrap();
    assert_eq!(
        queued.len(),
        report.len(),
        "one queued statement per statement of the report"
    );
    assert_eq!(ids(&queued).len(), report.len(), "no statement is queued twice");
    for statement in report {
        assert!(
            queued.contains(statement),
            "the outbox holds the report's statement {} exactly",
            statement["id"]
        );
    }
    // Every kind is there: the class's own statements as a Group, each voter's vote, the pair round.
    assert!(queued.iter().any(|s| s["actor"]["objectType"] == "Group"));
    assert!(queued.iter().any(|s| s["actor"]["name"] == "匿名 1"));
    assert!(
        queued.iter().any(
            |s| s["context"]["extensions"][format!("{}ext/mode", goodwill_store::report::ACTIVITY_BASE)] == "pair"
        )
    );

    let status = store.outbox_status(None).unwrap();
    assert_eq!(status.waiting as usize, report.len());
    assert_eq!(status.attempts_waiting, 4);
    assert_eq!((status.sent, status.parked), (0, 0));
}

#[test]
fn a_pair_round_with_an_observer_is_queued_once_the_observer_has_marked_it() {
    let store = Store::open_in(&scratch("outbox-observer")).unwrap();
    store
        .create_class(
            "Pair class",
            &["Ann".to_owned(), "Bob".to_owned(), "Cy".to_owned()],
            &[CASE.to_owned()],
        )
        .unwrap();
    let round = NewAttempt {
        mode: Mode::Pair,
        customer_player: Some("Bob".into()),
        observer: Some("Cy".into()),
        round: Some(1),
        pair_id: Some("p1".into()),
        ..in_class("Ann", CASE, "Pair class")
    };
    let (id, _) = play_walk(&store, round, How::Clean, Some(4));
    assert_eq!(
        store.outbox_status(None).unwrap().waiting,
        0,
        "nothing is queued before the observer's marks"
    );
    store.set_observer_marks(&id, &vec![(1, true), (2, false)]).unwrap();
    let queued = outbox_statements(&store);
    assert!(!queued.is_empty());
    let completed = queued
        .iter()
        .find(|s| s["verb"]["id"] == "http://adlnet.gov/expapi/verbs/completed")
        .unwrap();
    let record: goodwill_store::report::AttemptRecord = serde_json::from_str(
        completed["result"]["extensions"][goodwill_store::report::RECORD_EXTENSION]
            .as_str()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(record.attempt.observer_marks, vec![(1, true), (2, false)]);
}

#[test]
fn an_older_database_gets_the_outbox_and_its_finished_attempts_can_be_queued() {
    let dir = scratch("outbox-migrate");
    let path = dir.join(goodwill_store::DB_FILE);
    drop(db::open_at_version(&path, 4).unwrap());
    {
        // Results recorded before the outbox existed: a v4 database written by hand as an old build would.
        let store = Store::open(&path).unwrap();
        store
            .create_class("Old class", &["Ann".to_owned()], &[CASE.to_owned()])
            .unwrap();
        play_walk(&store, in_class("Ann", CASE, "Old class"), How::Praised, None);
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute("DELETE FROM outbox", []).unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.outbox_status(None).unwrap().waiting, 0);
    store.note_scenario_titles(titles());
    assert_eq!(store.queue_unqueued(Some("Old class")).unwrap(), 1);
    assert_eq!(store.queue_unqueued(Some("Old class")).unwrap(), 0, "queued once");
    assert!(store.outbox_status(None).unwrap().waiting > 0);
}

#[test]
fn push_sends_exactly_the_attempts_statements_once() {
    let Some(lrs) = test_lrs("push_sends_exactly_the_attempts_statements_once") else {
        return;
    };
    let class = unique_class("Push class");
    let store = class_with_every_kind("lrs-push", &class);
    let queued = outbox_statements(&store);

    let summary = lrs::push(&store, &lrs, &PushOptions::default()).unwrap();
    assert_eq!(summary.sent, queued.len());
    assert_eq!(summary.parked, 0);
    let held = lrs::class_statement_ids(&lrs, &class).unwrap();
    assert_eq!(held.len(), queued.len(), "the LRS holds each statement once");
    assert_eq!(held.into_iter().collect::<BTreeSet<_>>(), ids(&queued));
    let status = store.outbox_status(None).unwrap();
    assert_eq!((status.waiting, status.sent as usize), (0, queued.len()));

    // Again: nothing is waiting, nothing is posted, the LRS holds the same.
    let again = lrs::push(&store, &lrs, &PushOptions::default()).unwrap();
    assert_eq!((again.sent, again.posts), (0, 0));
    // And after a kill that lost the LRS's answers: everything is resent, and the LRS still holds one copy.
    forget_sent(&store);
    let resent = lrs::push(&store, &lrs, &PushOptions::default()).unwrap();
    assert_eq!((resent.sent, resent.parked), (queued.len(), 0));
    assert_eq!(lrs::class_statement_ids(&lrs, &class).unwrap().len(), queued.len());
}

/// The statements in the outbox that answer a reflection question.
fn reflection_statements(statements: &[Value]) -> Vec<&Value> {
    statements
        .iter()
        .filter(|s| s["object"]["id"].as_str().is_some_and(|id| id.contains("/reflection/")))
        .collect()
}

#[test]
fn a_reflection_answer_is_queued_when_saved_and_pushed_once() {
    let Some(lrs) = test_lrs("a_reflection_answer_is_queued_when_saved_and_pushed_once") else {
        return;
    };
    let class = unique_class("Reflect class");
    let store = class_with_every_kind("lrs-reflect", &class);
    // Saving the answers queued them: two statements, the report's own (same ids, same content).
    let queued = outbox_statements(&store);
    let answers = reflection_statements(&queued);
    assert_eq!(answers.len(), 2, "one statement per answer");
    let report: Value = serde_json::from_slice(&render(
        Format::Xapi,
        &store.report_data(&class, titles()).unwrap(),
        goodwill_engine::Lang::En,
    ))
    .unwrap();
    for statement in &answers {
        assert!(report.as_array().unwrap().contains(statement), "{}", statement["id"]);
    }

    let first = lrs::push(&store, &lrs, &PushOptions::default()).unwrap();
    assert_eq!((first.sent, first.parked), (queued.len(), 0));
    let held = lrs::class_statement_ids(&lrs, &class).unwrap();
    for statement in &answers {
        assert!(
            held.iter().any(|id| id == statement["id"].as_str().unwrap()),
            "the LRS holds the answer"
        );
    }
    let again = lrs::push(&store, &lrs, &PushOptions::default()).unwrap();
    assert_eq!((again.sent, again.posts), (0, 0), "a second push adds nothing");
    assert_eq!(lrs::class_statement_ids(&lrs, &class).unwrap().len(), held.len());

    // An answer rewritten after it was sent is a new statement (the LRS keeps what it was told); one
    // rewritten before it left replaces the waiting one.
    let ann = store
        .finished_attempts(Some("Ann"), Some(&class))
        .unwrap()
        .into_iter()
        .find(|a| !store.reflections(&a.id).unwrap().is_empty())
        .expect("Ann's answered attempt")
        .id;
    store.save_reflection(&ann, answer(1, "第二次写：先道歉。")).unwrap();
    store
        .save_reflection(&ann, answer(1, "第三次写：先道歉，再补救。"))
        .unwrap();
    let status = store.outbox_status(None).unwrap();
    assert_eq!(status.waiting, 1, "only the latest rewrite waits");
    let pushed = lrs::push(&store, &lrs, &PushOptions::default()).unwrap();
    assert_eq!(pushed.sent, 1);
    assert_eq!(lrs::class_statement_ids(&lrs, &class).unwrap().len(), held.len() + 1);
}

#[test]
fn a_statement_the_lrs_refuses_is_parked_with_its_reason_and_the_rest_are_sent() {
    let Some(lrs) = test_lrs("a_statement_the_lrs_refuses_is_parked_with_its_reason_and_the_rest_are_sent") else {
        return;
    };
    let class = unique_class("Refused class");
    let store = Store::open_in(&scratch("lrs-refused")).unwrap();
    store
        .create_class(&class, &["Ann".to_owned()], &[CASE.to_owned()])
        .unwrap();
    play_walk(&store, in_class("Ann", CASE, &class), How::Praised, None);
    let good = outbox_statements(&store).len();
    // A statement with no actor, in the same batch as the good ones.
    let conn = rusqlite::Connection::open(store.path()).unwrap();
    let bad = uuid::Uuid::new_v4().to_string();
    let body = serde_json::json!({"id": bad, "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
        "object": {"id": "https://goodwill.example.org/xapi/scenarios/x"}});
    conn.execute(
        "INSERT INTO outbox (statement_id, attempt_id, class, body, queued_at) VALUES (?1, 'x', ?2, ?3, 0)",
        rusqlite::params![bad, class, body.to_string()],
    )
    .unwrap();

    let summary = lrs::push(&store, &lrs, &PushOptions::default()).unwrap();
    assert_eq!((summary.sent, summary.parked), (good, 1));
    let status = store.outbox_status(Some(&class)).unwrap();
    assert_eq!(status.parked, 1);
    let (id, why) = &status.parked_reasons[0];
    assert_eq!(id, &bad);
    assert!(why.contains(&lrs.endpoint) && why.contains("422"), "{why}");
    assert_eq!(lrs::class_statement_ids(&lrs, &class).unwrap().len(), good);
}

#[test]
fn a_wrong_password_and_an_endpoint_that_is_down_are_one_line_naming_the_endpoint() {
    let Some(lrs) = test_lrs("a_wrong_password_and_an_endpoint_that_is_down_are_one_line_naming_the_endpoint") else {
        return;
    };
    let store = Store::open_in(&scratch("lrs-errors")).unwrap();
    store
        .create_class("Err class", &["Ann".to_owned()], &[CASE.to_owned()])
        .unwrap();
    play_walk(&store, in_class("Ann", CASE, "Err class"), How::Praised, None);
    let waiting = store.outbox_status(None).unwrap().waiting;

    let wrong = Lrs::new(&lrs.endpoint, &lrs.user, Password::new("not-the-password-4711")).unwrap();
    let e = lrs::push(&store, &wrong, &PushOptions::default()).unwrap_err();
    assert!(matches!(e, LrsError::WrongPassword { .. }), "{e}");
    let text = e.to_string();
    assert!(
        text.contains(&lrs.endpoint) && !text.contains("4711") && !text.contains('\n'),
        "{text}"
    );
    let status = store.outbox_status(None).unwrap();
    assert_eq!(
        (status.waiting, status.parked),
        (waiting, 0),
        "nothing is lost or parked for a password"
    );
    assert_eq!(status.last_error.as_deref(), Some(text.as_str()));

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let down = Lrs::new(
        &format!("http://127.0.0.1:{port}/xAPI"),
        "ann",
        Password::new("pw-4711"),
    )
    .unwrap();
    let options = PushOptions {
        tries: 2,
        first_wait: Duration::from_millis(10),
        ..PushOptions::default()
    };
    let e = lrs::push(&store, &down, &options).unwrap_err();
    assert!(matches!(e, LrsError::Unreachable { .. }), "{e}");
    assert!(
        e.to_string().contains(&down.endpoint) && !e.to_string().contains("4711"),
        "{e}"
    );
    assert_eq!(store.outbox_status(None).unwrap().waiting, waiting);
}

/// A Ralph LRS of the test's own, on `port`, keeping statements in `dir`, killed when dropped (one
/// process: killing it closes the port at once).
struct OwnLrs(Child);

impl OwnLrs {
    fn start(ralph: &Path, dir: &Path, port: u16, lrs: &Lrs) -> OwnLrs {
        // uvicorn itself: `ralph runserver` reloads, in a child that outlives a kill of its parent.
        let child = Command::new(ralph.with_file_name("python"))
            .args([
                "-m",
                "uvicorn",
                "ralph.api:app",
                "--host",
                "127.0.0.1",
                "--port",
                &port.to_string(),
            ])
            .env("RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH", dir)
            .env("RALPH_BACKENDS__LRS__FS__DEFAULT_LRS_FILE", "")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let own = OwnLrs(child);
        let deadline = Instant::now() + Duration::from_secs(60);
        // Up when it answers a read of an unknown class (an empty list).
        while lrs::class_statement_ids(lrs, "nobody").is_err() {
            assert!(
                Instant::now() < deadline,
                "the test's own LRS did not start within 60 s"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        own
    }
}

impl Drop for OwnLrs {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn an_lrs_killed_mid_push_then_restarted_gets_everything_once() {
    let Some(shared) = test_lrs("an_lrs_killed_mid_push_then_restarted_gets_everything_once") else {
        return;
    };
    let Some(ralph) = std::env::var_os("GOODWILL_TEST_RALPH").map(PathBuf::from) else {
        skipped(
            "an_lrs_killed_mid_push_then_restarted_gets_everything_once",
            "GOODWILL_TEST_RALPH is not set",
        );
        return;
    };
    let class = unique_class("Killed class");
    let dir = scratch("lrs-killed");
    let store = Store::open_in(&dir).unwrap();
    store
        .create_class(&class, &["Ann".to_owned(), "Bob".to_owned()], &[CASE.to_owned()])
        .unwrap();
    for i in 0..8 {
        let who = if i % 2 == 0 { "Ann" } else { "Bob" };
        let how = if i % 3 == 0 { How::Argued } else { How::Praised };
        play_walk(
            &store,
            NewAttempt {
                seed: i,
                ..in_class(who, CASE, &class)
            },
            how,
            None,
        );
    }
    let queued = outbox_statements(&store);
    let statements_dir = dir.join("lrs-statements");
    std::fs::create_dir_all(&statements_dir).unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let lrs = Lrs::new(
        &format!("http://127.0.0.1:{port}/xAPI"),
        &shared.user,
        shared.password.clone(),
    )
    .unwrap();

    let server = OwnLrs::start(&ralph, &statements_dir, port, &lrs);
    let stop = AtomicBool::new(false);
    let db = store.path().to_path_buf();
    let first = std::thread::scope(|s| {
        let pushing = s.spawn(|| {
            let store = Store::open(&db).unwrap();
            let options = PushOptions {
                batch: 1,
                tries: 2,
                first_wait: Duration::from_millis(50),
                stop: Some(&stop),
                ..PushOptions::default()
            };
            lrs::push(&store, &lrs, &options)
        });
        // Kill the LRS once some batches are in and others are not.
        let deadline = Instant::now() + Duration::from_secs(60);
        while store.outbox_status(None).unwrap().sent < 6 {
            assert!(
                Instant::now() < deadline && !pushing.is_finished(),
                "the push went on without sending"
            );
            std::thread::sleep(Duration::from_millis(2));
        }
        drop(server);
        pushing.join().unwrap()
    });
    let status = store.outbox_status(None).unwrap();
    assert!(first.is_err(), "the push stops when the LRS is gone: {first:?}");
    assert!(status.sent > 0 && status.waiting > 0, "killed mid-push: {status:?}");
    assert_eq!(status.parked, 0);

    let _server = OwnLrs::start(&ralph, &statements_dir, port, &lrs);
    let second = lrs::push(&store, &lrs, &PushOptions::default()).unwrap();
    assert_eq!(second.parked, 0);
    let held = lrs::class_statement_ids(&lrs, &class).unwrap();
    assert_eq!(held.len(), queued.len(), "every statement arrived, none twice");
    assert_eq!(held.into_iter().collect::<BTreeSet<_>>(), ids(&queued));
    assert_eq!(store.outbox_status(None).unwrap().waiting, 0);
}

#[test]
fn pull_on_a_second_machine_gives_the_same_class_overview() {
    let Some(lrs) = test_lrs("pull_on_a_second_machine_gives_the_same_class_overview") else {
        return;
    };
    let class = unique_class("Pulled class");
    let first = class_with_every_kind("lrs-pull-first", &class);
    lrs::push(&first, &lrs, &PushOptions::default()).unwrap();

    let second = Store::open_in(&scratch("lrs-pull-second")).unwrap();
    let summary = lrs::pull(&second, &lrs, &class, &installed()).unwrap();
    assert_eq!(summary.attempts_added, 4);
    assert_eq!(summary.foreign, 0);
    let a = first.report_data(&class, titles()).unwrap();
    let b = second.report_data(&class, titles()).unwrap();
    assert_eq!(
        a.overview, b.overview,
        "the class view's numbers are the first machine's"
    );
    assert_eq!(a.attempts, b.attempts);
    assert_eq!(a.decisions, b.decisions);
    // Pulled attempts are not queued to go back, and pulling again adds nothing.
    assert_eq!(second.queue_unqueued(None).unwrap(), 0);
    let again = lrs::pull(&second, &lrs, &class, &installed()).unwrap();
    assert_eq!((again.attempts_added, again.attempts_already_present), (0, 4));
}

#[test]
fn every_kind_of_statement_passes_ralphs_strict_model() {
    let Some(_) = test_lrs("every_kind_of_statement_passes_ralphs_strict_model") else {
        return;
    };
    let Some(ralph) = std::env::var_os("GOODWILL_TEST_RALPH").map(PathBuf::from) else {
        skipped(
            "every_kind_of_statement_passes_ralphs_strict_model",
            "GOODWILL_TEST_RALPH is not set",
        );
        return;
    };
    let store = class_with_every_kind("lrs-validate", "Valid class");
    let statements = outbox_statements(&store);
    let file = scratch("lrs-validate-file").join("statements.json");
    std::fs::write(&file, serde_json::to_string(&statements).unwrap()).unwrap();
    let python = ralph.with_file_name("python");
    let out = Command::new(python)
        .arg("-c")
        .arg(
            "import json, sys\n\
             from ralph.models.xapi.base.statements import BaseXapiStatement\n\
             bad = 0\n\
             for s in json.load(open(sys.argv[1])):\n\
             \x20   try:\n\
             \x20       BaseXapiStatement.model_validate(s)\n\
             \x20   except Exception as e:\n\
             \x20       bad += 1; print(s['id'], e)\n\
             print('checked', len(json.load(open(sys.argv[1]))), 'invalid', bad)\n\
             sys.exit(1 if bad else 0)\n",
        )
        .arg(&file)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "Ralph's strict model refused statements:\n{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains(&format!("checked {} invalid 0", statements.len())),
        "{text}"
    );
    // Every kind was among them: a trainee's step and result, a pair round, the class's, a vote.
    let kinds: BTreeSet<(String, String)> = statements
        .iter()
        .map(|s| {
            (
                s["actor"]["objectType"].as_str().unwrap().to_owned(),
                s["verb"]["id"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(kinds.len(), 4, "{kinds:?}");
    assert!(
        statements
            .iter()
            .any(|s| s["object"]["id"].as_str().is_some_and(|id| id.contains("/reflection/"))),
        "a reflection answer was among them"
    );
}
