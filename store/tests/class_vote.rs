//! A class vote in the results: the class's attempt, recorded with every trainee's vote in the same write
//! as each decision, kept out of every trainee's own results, carried through export and import (forged
//! votes refused), and shown in the CSV and xAPI reports as a trainer would look for it.

mod common;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use common::{How, full_path, installed, partial_path, play_walk, scenario, scratch, solo};
use goodwill_engine::{Lang, Session};
use goodwill_store::exchange::{FORMAT_VERSION, FORMAT_VERSION_WITHOUT_CLASS_VOTES};
use goodwill_store::report::{ACCOUNT_HOME_PAGE, CLASS_HOME_PAGE, Format, VOTE_COLUMNS, render};
use goodwill_store::summary::class_overview;
use goodwill_store::{
    AttemptRecorder, DecisionInput, Mode, NewAttempt, ResumeError, Store, StoreError, Vote, VoteError, db,
};
use serde_json::{Value, json};

const CASE: &str = "spilled-soup";
const SEED: u64 = 7;
const CLASS: &str = "Class 7";
const ANONYMOUS: &str = "匿名 1";

fn roster() -> Vec<String> {
    ["Ann", "Bob", "李明"].map(String::from).to_vec()
}

fn class_store(name: &str) -> Store {
    let store = Store::open_in(&scratch(name)).unwrap();
    store.create_class(CLASS, &roster(), &[CASE.to_owned()]).unwrap();
    store
}

/// The class's votes at a step where `offered` is on offer and `played` is played: Ann and the anonymous
/// seat vote for what is played, Bob for another answer, and 李明 votes only at even steps.
fn votes_at(step: usize, offered: &[usize], played: usize) -> Vec<Vote> {
    let other = offered.iter().copied().find(|&c| c != played).unwrap_or(played);
    let mut votes = vec![
        Vote::new("Bob", other),
        Vote::new(ANONYMOUS, played),
        Vote::new("Ann", played),
    ];
    if step.is_multiple_of(2) {
        votes.push(Vote::new("李明", other));
    }
    votes
}

/// Plays `choices` (1-based file indices) as a class vote of `class` through the recorder, each step with
/// [`votes_at`]'s votes. Returns the attempt's id, the session and the votes given at each step.
fn play_class_vote(store: &Store, class: &str, choices: &[usize]) -> (String, Session, Vec<Vec<Vote>>) {
    let new = NewAttempt::class_vote(class, CASE, scenario(CASE).version, SEED);
    let mut recorder = AttemptRecorder::new(new).unwrap();
    assert!(recorder.is_class_vote());
    let mut session = Session::new(scenario(CASE), SEED);
    let mut given = Vec::new();
    for (step, &c) in choices.iter().enumerate() {
        let votes = votes_at(step, session.offered(), c - 1);
        let played = recorder
            .choose_with_votes(Some(store), &mut session, c - 1, &votes, 2500)
            .unwrap();
        played.saved.unwrap();
        given.push(votes);
    }
    (recorder.attempt().unwrap().to_owned(), session, given)
}

fn sorted(mut votes: Vec<Vote>) -> Vec<Vote> {
    votes.sort();
    votes
}

#[test]
fn a_class_vote_is_recorded_with_every_vote_and_read_back_with_the_split() {
    let store = class_store("cv-record");
    let path = full_path(CASE, SEED, How::Praised);
    let (id, session, given) = play_class_vote(&store, CLASS, &path);
    assert!(session.is_over());

    let attempt = store.attempt(&id).unwrap().unwrap();
    assert_eq!(attempt.mode, Mode::ClassVote);
    assert_eq!(attempt.profile, CLASS, "the class's attempt carries the class's name");
    assert_eq!(attempt.class.as_deref(), Some(CLASS));
    assert!(attempt.is_finished(), "finished in the write of its last decision");
    assert_eq!(attempt.accuracy, session.report().unwrap().accuracy);

    let decisions = store.decisions(&id).unwrap();
    assert_eq!(decisions.len(), path.len());
    for (d, votes) in decisions.iter().zip(&given) {
        assert_eq!(d.votes, sorted(votes.clone()), "every vote back, sorted by voter");
        let split = d.vote_split();
        assert_eq!(split.total() as usize, votes.len());
        assert_eq!(split.played, d.choice);
        assert_eq!(
            split.counts.iter().map(|(c, _)| *c).collect::<Vec<_>>(),
            d.transcript.step.shown,
            "a bar for every answer shown, in the order shown"
        );
        assert_eq!(split.votes_for(d.choice), 2, "Ann and the anonymous seat voted for it");
        let best_votes: u32 = votes.iter().filter(|v| split.best.contains(&v.choice)).count() as u32;
        assert_eq!(split.best_votes(), best_votes);
        assert!(split.best_percent().is_some());
    }
    // The first step: Ann, Bob, 匿名 1 and 李明 voted; Bob and 李明 for another answer.
    let first = decisions[0].vote_split();
    assert_eq!(first.total(), 4);
    assert_eq!(first.leaders().len(), 2, "2 against 2: a tie");
    assert!(
        !first.played_against_the_vote(),
        "a tie the trainer settles is no override"
    );

    // Voting makes nobody a profile, and the class is no trainee.
    let profiles: Vec<String> = store.profiles().unwrap().into_iter().map(|p| p.name).collect();
    assert!(!profiles.contains(&CLASS.to_owned()), "{profiles:?}");
    assert!(!profiles.contains(&ANONYMOUS.to_owned()), "{profiles:?}");
    // The class's attempt is among the class's, and in no trainee's progress.
    assert_eq!(store.finished_attempts(None, Some(CLASS)).unwrap().len(), 1);
    assert_eq!(store.class_votes(CLASS).unwrap(), vec![attempt.clone()]);
    for trainee in roster() {
        assert!(store.finished_attempts(Some(&trainee), None).unwrap().is_empty());
    }
    let class = store.require_class(CLASS).unwrap();
    let overview = class_overview(&class, &store.finished_attempts(None, Some(CLASS)).unwrap());
    assert_eq!(overview.class_votes.len(), 1);
    assert!(
        overview
            .grid
            .iter()
            .all(|(name, results)| name != CLASS && results.is_empty())
    );
    assert!(
        overview.trainee_accuracy("Ann").is_none(),
        "a vote is not Ann's accuracy"
    );
}

#[test]
fn a_trainer_may_play_an_answer_the_class_did_not_choose() {
    let store = class_store("cv-override");
    let path = full_path(CASE, SEED, How::Praised);
    let mut recorder = AttemptRecorder::new(NewAttempt::class_vote(CLASS, CASE, scenario(CASE).version, SEED)).unwrap();
    let mut session = Session::new(scenario(CASE), SEED);
    for &c in &path {
        let other = session.offered().iter().copied().find(|&o| o != c - 1).unwrap();
        // Everyone voted for another answer; the trainer plays the path's.
        let votes = [Vote::new("Ann", other), Vote::new("Bob", other)];
        let played = recorder
            .choose_with_votes(Some(&store), &mut session, c - 1, &votes, 900)
            .unwrap();
        played.saved.unwrap();
    }
    let id = recorder.attempt().unwrap().to_owned();
    let decisions = store.decisions(&id).unwrap();
    assert!(decisions.iter().all(|d| d.vote_split().played_against_the_vote()));
    // And the import takes it: the played answer is not held to the majority.
    let fresh = Store::open_in(&scratch("cv-override-into")).unwrap();
    let summary = fresh.import(&store.export(Some(CLASS)).unwrap(), &installed()).unwrap();
    assert_eq!(summary.attempts_added, 1);
}

#[test]
fn a_class_vote_is_never_a_trainees_attempt_even_one_named_like_the_class() {
    // A class session named like one of its trainees: the vote is still the class's.
    let store = Store::open_in(&scratch("cv-namesake")).unwrap();
    store.create_class("Ann", &roster(), &[CASE.to_owned()]).unwrap();
    let (own, _) = play_walk(
        &store,
        NewAttempt {
            class: Some("Ann".into()),
            ..solo("Ann", CASE)
        },
        How::Argued,
        None,
    );
    let (vote, _, _) = play_class_vote(&store, "Ann", &full_path(CASE, SEED, How::Praised));
    let anns: Vec<String> = store
        .finished_attempts(Some("Ann"), None)
        .unwrap()
        .into_iter()
        .map(|a| a.id)
        .collect();
    assert_eq!(anns, vec![own.clone()], "only her own attempt is credited to Ann");
    let class = store.require_class("Ann").unwrap();
    let overview = class_overview(&class, &store.finished_attempts(None, Some("Ann")).unwrap());
    let (_, results) = overview.grid.iter().find(|(t, _)| t == "Ann").unwrap();
    assert_eq!(results[CASE].count, 1, "Ann's row counts her attempt, not the class's");
    assert_eq!(
        overview.class_votes.iter().map(|a| &a.id).collect::<Vec<_>>(),
        vec![&vote]
    );

    // Left unfinished, a class vote is offered to nobody, and nobody resumes it as their own.
    let (unfinished, _, _) = play_class_vote(&store, "Ann", &partial_path(CASE, SEED, How::Praised, 1));
    assert!(store.unfinished_of("Ann").unwrap().is_empty());
    let refused = AttemptRecorder::resume_for(&store, &unfinished, scenario(CASE), "Ann").unwrap_err();
    assert!(matches!(refused, ResumeError::ClassVote { .. }), "{refused}");
    let refused = AttemptRecorder::resume(&store, &unfinished, scenario(CASE)).unwrap_err();
    assert!(matches!(refused, ResumeError::ClassVote { .. }), "{refused}");
    let refused = AttemptRecorder::resume_class_vote(&store, &own, scenario(CASE)).unwrap_err();
    assert!(matches!(refused, ResumeError::NotClassVote { .. }), "{refused}");
    assert_eq!(store.decisions(&unfinished).unwrap().len(), 1, "kept as it was");

    // The class vote goes on as a class vote: the next votes go into the same attempt.
    let (mut session, mut recorder) = AttemptRecorder::resume_class_vote(&store, &unfinished, scenario(CASE)).unwrap();
    assert!(recorder.is_class_vote());
    let next = full_path(CASE, SEED, How::Praised)[1] - 1;
    let votes = [Vote::new("Bob", next)];
    recorder
        .choose_with_votes(Some(&store), &mut session, next, &votes, 700)
        .unwrap()
        .saved
        .unwrap();
    assert_eq!(store.decisions(&unfinished).unwrap()[1].votes, votes.to_vec());
}

/// How many rows the database holds, table by table: nothing written means all of them unchanged.
fn rows(store: &Store) -> (usize, usize, usize) {
    let attempts = store.unfinished().unwrap().len() + store.finished_attempts(None, None).unwrap().len();
    let decisions: usize = store
        .unfinished()
        .unwrap()
        .iter()
        .chain(&store.finished_attempts(None, None).unwrap())
        .map(|a| store.decisions(&a.id).unwrap().len())
        .sum();
    let votes: usize = store
        .unfinished()
        .unwrap()
        .iter()
        .chain(&store.finished_attempts(None, None).unwrap())
        .flat_map(|a| store.decisions(&a.id).unwrap())
        .map(|d| d.votes.len())
        .sum();
    (attempts, decisions, votes)
}

#[test]
fn bad_votes_are_refused_before_anything_plays_and_nothing_is_written() {
    let store = class_store("cv-refused");
    let new = NewAttempt::class_vote(CLASS, CASE, scenario(CASE).version, SEED);
    let mut recorder = AttemptRecorder::new(new).unwrap();
    let mut session = Session::new(scenario(CASE), SEED);
    let path = full_path(CASE, SEED, How::Praised);

    let check_refused = |recorder: &mut AttemptRecorder, session: &mut Session, votes: &[Vote], what: &str| {
        let before = (rows(&store), session.choices().len());
        let choice = path[session.choices().len()] - 1;
        let e = recorder
            .choose_with_votes(Some(&store), session, choice, votes, 500)
            .unwrap_err();
        assert!(matches!(e, VoteError::Votes(_)), "{what}: {e}");
        assert!(e.to_string().contains(what), "{what}: {e}");
        assert_eq!(
            (rows(&store), session.choices().len()),
            before,
            "{what}: nothing played or written"
        );
    };
    for round in 0..2 {
        let offered = session.offered().to_vec();
        let not_offered = (0..100).find(|c| !offered.contains(c)).unwrap();
        check_refused(
            &mut recorder,
            &mut session,
            &[Vote::new("Ann", not_offered)],
            "not offered",
        );
        check_refused(
            &mut recorder,
            &mut session,
            &[Vote::new("Ann", offered[0]), Vote::new(" Ann", offered[1])],
            "twice",
        );
        check_refused(
            &mut recorder,
            &mut session,
            &[Vote::new("\u{202E}Ann", offered[0])],
            "voter name",
        );
        check_refused(
            &mut recorder,
            &mut session,
            &[Vote::new("  ", offered[0])],
            "voter name",
        );
        if round == 0 {
            // A good first step; the same refusals at the second write nothing more.
            let votes = [Vote::new("Ann", offered[0])];
            recorder
                .choose_with_votes(Some(&store), &mut session, path[0] - 1, &votes, 500)
                .unwrap()
                .saved
                .unwrap();
            assert_eq!(rows(&store), (1, 1, 1));
        }
    }

    // Votes in an attempt that is not a class vote: refused by the recorder and by the store itself.
    let mut solo_recorder = AttemptRecorder::new(solo("Ann", CASE)).unwrap();
    let mut solo_session = Session::new(scenario(CASE), SEED);
    let offered = solo_session.offered().to_vec();
    let before = rows(&store);
    let e = solo_recorder
        .choose_with_votes(
            Some(&store),
            &mut solo_session,
            path[0] - 1,
            &[Vote::new("Bob", offered[0])],
            500,
        )
        .unwrap_err();
    assert!(e.to_string().contains("not a class vote"), "{e}");
    assert!(solo_session.choices().is_empty());
    let solo_id = store.start_attempt(&solo("Ann", CASE)).unwrap();
    let (_, mut decision) = DecisionInput::play(&mut solo_session, path[0] - 1, None, 500).unwrap();
    decision.votes = vec![Vote::new("Bob", offered[0])];
    let e = store.record_decision(&solo_id, &decision).unwrap_err();
    assert!(e.to_string().contains("not a class vote"), "{e}");
    assert!(store.decisions(&solo_id).unwrap().is_empty());
    assert_eq!(rows(&store).2, before.2);

    // A class vote names its own class as its profile, and its class session exists.
    let stray = NewAttempt {
        profile: "Ann".into(),
        ..NewAttempt::class_vote(CLASS, CASE, scenario(CASE).version, SEED)
    };
    assert!(AttemptRecorder::new(stray).is_err());
    let mut nowhere = AttemptRecorder::new(NewAttempt::class_vote(
        "No such class",
        CASE,
        scenario(CASE).version,
        SEED,
    ))
    .unwrap();
    let mut nowhere_session = Session::new(scenario(CASE), SEED);
    let played = nowhere
        .choose_with_votes(Some(&store), &mut nowhere_session, path[0] - 1, &[], 500)
        .unwrap();
    assert!(
        matches!(played.saved, Err(StoreError::NotFound { .. })),
        "{:?}",
        played.saved
    );
    assert!(store.finished_attempts(None, Some("No such class")).unwrap().is_empty());
}

/// A class with a solo attempt and a finished class vote, exported as JSON.
fn exported(name: &str) -> (Store, Value) {
    let store = class_store(name);
    play_walk(
        &store,
        NewAttempt {
            class: Some(CLASS.into()),
            ..solo("Ann", CASE)
        },
        How::Argued,
        None,
    );
    play_class_vote(&store, CLASS, &full_path(CASE, SEED, How::Praised));
    let value = serde_json::to_value(store.export(None).unwrap()).unwrap();
    (store, value)
}

fn class_vote_index(v: &Value) -> usize {
    v["attempts"]
        .as_array()
        .unwrap()
        .iter()
        .position(|a| a["attempt"]["mode"] == "class_vote")
        .expect("the class vote is exported")
}

fn write(dir: &Path, name: &str, value: &Value) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_vec_pretty(value).unwrap()).unwrap();
    path
}

#[test]
fn export_and_import_carry_the_votes_whole() {
    let (store, value) = exported("cv-export");
    assert_eq!(
        value["version"],
        json!(FORMAT_VERSION),
        "a file with a class vote needs a build that reads it"
    );
    let i = class_vote_index(&value);
    assert!(
        value["attempts"][i]["decisions"][0]["votes"]
            .as_array()
            .is_some_and(|v| v.len() == 4)
    );
    assert!(
        value["attempts"][1 - i]["decisions"][0].get("votes").is_none(),
        "a solo attempt's decisions carry no votes field, as before"
    );

    let dir = scratch("cv-import");
    let file = write(&dir, "class.json", &value);
    let fresh = Store::open_in(&dir).unwrap();
    let summary = fresh.import_file(&file, &installed()).unwrap();
    assert_eq!(summary.attempts_added, 2);
    let there = store.export(None).unwrap();
    let here = fresh.export(None).unwrap();
    assert_eq!(
        here.attempts, there.attempts,
        "every attempt, decision and vote the same"
    );
    assert_eq!(here.classes, there.classes);
    let names: Vec<String> = fresh.profiles().unwrap().into_iter().map(|p| p.name).collect();
    assert!(
        !names.contains(&CLASS.to_owned()) && !names.contains(&ANONYMOUS.to_owned()),
        "{names:?}"
    );
    // Importing again adds nothing; the same votes in another order are the same record.
    let mut shuffled = value.clone();
    for d in shuffled["attempts"][i]["decisions"].as_array_mut().unwrap() {
        d["votes"].as_array_mut().unwrap().reverse();
    }
    let again = fresh
        .import_file(&write(&dir, "again.json", &shuffled), &installed())
        .unwrap();
    assert_eq!((again.attempts_added, again.attempts_already_present), (0, 2));
    // A file without a class vote keeps the version older builds read.
    let plain = Store::open_in(&scratch("cv-plain")).unwrap();
    play_walk(&plain, solo("Ann", CASE), How::Argued, None);
    assert_eq!(plain.export(None).unwrap().version, FORMAT_VERSION_WITHOUT_CLASS_VOTES);
}

#[test]
fn a_changed_vote_is_a_conflict_with_the_first_copy() {
    let (_, value) = exported("cv-conflict");
    let dir = scratch("cv-conflict-into");
    let fresh = Store::open_in(&dir).unwrap();
    fresh
        .import_file(&write(&dir, "first.json", &value), &installed())
        .unwrap();
    let i = class_vote_index(&value);
    let mut changed = value.clone();
    let decision = &mut changed["attempts"][i]["decisions"][0];
    let shown: Vec<u64> = decision["transcript"]["step"]["shown"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_u64().unwrap())
        .collect();
    let vote = &mut decision["votes"][0];
    let other = shown.iter().find(|&&c| json!(c) != vote["choice"]).unwrap();
    vote["choice"] = json!(other);
    let e = fresh
        .import_file(&write(&dir, "changed.json", &changed), &installed())
        .unwrap_err()
        .to_string();
    assert!(e.contains("conflicts") && e.contains("votes"), "{e}");
}

type Forgery = fn(&mut Value, usize);

fn forgeries() -> Vec<(&'static str, Forgery, &'static str)> {
    vec![
        (
            "a vote for a choice not offered",
            |v, i| v["attempts"][i]["decisions"][0]["votes"][0]["choice"] = json!(99),
            "not offered",
        ),
        (
            "two votes by one voter at a step",
            |v, i| {
                let votes = v["attempts"][i]["decisions"][0]["votes"].as_array_mut().unwrap();
                let mut twice = votes[0].clone();
                twice["voter"] = json!(format!(" {} ", twice["voter"].as_str().unwrap()));
                votes.push(twice);
            },
            "twice",
        ),
        (
            "a voter whose name is invisible",
            |v, i| v["attempts"][i]["decisions"][0]["votes"][0]["voter"] = json!("\u{200B}"),
            "voter name",
        ),
        (
            "votes on a solo attempt",
            |v, i| {
                let votes = v["attempts"][i]["decisions"][0]["votes"].clone();
                v["attempts"][1 - i]["decisions"][0]["votes"] = votes;
            },
            "not a class vote",
        ),
        (
            "a class vote credited to a trainee",
            |v, i| v["attempts"][i]["attempt"]["profile"] = json!("Ann"),
            "class's name",
        ),
        (
            "a class vote with a sincerity rating",
            |v, i| {
                let d = &mut v["attempts"][i]["decisions"][0];
                d["sincerity"] = json!(5);
                d["transcript"]["step"]["sincerity"] = json!(5);
            },
            // The replay of the installed case or the rule for any case names the decision.
            "decision 1",
        ),
    ]
}

#[test]
fn forged_votes_are_refused_by_import_and_nothing_is_added() {
    let (_, value) = exported("cv-forged");
    let i = class_vote_index(&value);
    let dir = scratch("cv-forged-into");
    let fresh = Store::open_in(&dir).unwrap();
    for (what, forge, says) in forgeries() {
        let mut forged = value.clone();
        forge(&mut forged, i);
        let file = write(&dir, "forged.json", &forged);
        // Refused whether or not the case is installed here: these rules hold for any case.
        for scenarios in [installed(), Vec::new()] {
            let e = fresh.import_file(&file, &scenarios).unwrap_err();
            assert!(matches!(e, StoreError::BadExport { .. }), "{what}: {e}");
            assert!(e.to_string().contains(says), "{what}: {e}");
            assert!(fresh.finished_attempts(None, None).unwrap().is_empty(), "{what}");
            assert!(fresh.profiles().unwrap().is_empty(), "{what}");
        }
    }
}

fn report(name: &str) -> (Store, String, goodwill_store::report::ReportData) {
    let store = class_store(name);
    play_walk(
        &store,
        NewAttempt {
            class: Some(CLASS.into()),
            ..solo("Ann", CASE)
        },
        How::Argued,
        None,
    );
    let (id, _, _) = play_class_vote(&store, CLASS, &full_path(CASE, SEED, How::Praised));
    let mut titles = BTreeMap::new();
    titles.insert(CASE.to_owned(), scenario(CASE).title.clone());
    let data = store.report_data(CLASS, titles).unwrap();
    (store, id, data)
}

#[test]
fn the_csv_lists_the_class_vote_and_every_vote() {
    let (store, id, data) = report("cv-csv");
    // Two files, one table each: a strict CSV reader takes either whole.
    let attempts = String::from_utf8(render(Format::Csv, &data, Lang::En)).unwrap();
    let votes = String::from_utf8(render(Format::Votes, &data, Lang::En)).unwrap();
    assert!(!attempts.contains("\n\n"), "the attempts file is one table");

    let mut reader = csv::Reader::from_reader(attempts.as_bytes());
    let header = reader.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(rows.len(), 2, "one row per attempt");
    let class_row = rows.iter().find(|r| r[col("attempt_id")] == id).unwrap();
    assert_eq!(&class_row[col("mode")], "class_vote");
    assert_eq!(&class_row[col("role")], "class");
    assert_eq!(&class_row[col("trainee")], CLASS);
    assert_eq!(&class_row[col("outcome")], "loyal");
    let ann = rows.iter().find(|r| &r[col("trainee")] == "Ann").unwrap();
    assert_eq!((&ann[col("mode")], &ann[col("role")]), ("solo", "agent"));

    let mut reader = csv::Reader::from_reader(votes.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        VOTE_COLUMNS.to_vec()
    );
    let votes: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let decisions = store.decisions(&id).unwrap();
    assert_eq!(
        votes.len(),
        decisions.iter().map(|d| d.votes.len()).sum::<usize>(),
        "one row per vote"
    );
    let vcol = |name: &str| VOTE_COLUMNS.iter().position(|h| *h == name).unwrap();
    let first = &decisions[0];
    for vote in &first.votes {
        let row = votes
            .iter()
            .find(|r| &r[vcol("step")] == "1" && r[vcol("voter")] == vote.voter)
            .unwrap_or_else(|| panic!("{}'s vote at step 1", vote.voter));
        assert_eq!(row[vcol("vote")], (vote.choice + 1).to_string());
        assert_eq!(row[vcol("played")], (first.choice + 1).to_string());
        assert_eq!(&row[vcol("played_text")], first.transcript.step.text.en);
        let position = first
            .transcript
            .step
            .shown
            .iter()
            .position(|&c| c == vote.choice)
            .unwrap();
        assert_eq!(&row[vcol("vote_text")], first.transcript.options[position].text.en);
        assert_eq!(row[vcol("voted_with_class")], (vote.choice == first.choice).to_string());
        assert_eq!(&row[vcol("attempt_id")], id);
    }

    // A report without a class vote is the attempts table alone, as before.
    let plain = Store::open_in(&scratch("cv-csv-plain")).unwrap();
    plain.create_class(CLASS, &roster(), &[]).unwrap();
    play_walk(
        &plain,
        NewAttempt {
            class: Some(CLASS.into()),
            ..solo("Ann", CASE)
        },
        How::Argued,
        None,
    );
    let data = plain.report_data(CLASS, BTreeMap::new()).unwrap();
    let text = String::from_utf8(render(Format::Csv, &data, Lang::En)).unwrap();
    assert!(!text.contains("\n\n"));
    assert_eq!(text.lines().count(), 2);
}

#[test]
fn xapi_has_a_responded_statement_per_trainee_per_step_pointing_at_the_class_decision() {
    let (store, id, data) = report("cv-xapi");
    let bytes = render(Format::Xapi, &data, Lang::En);
    let statements: Vec<Value> = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(bytes, render(Format::Xapi, &data, Lang::En), "the same ids every time");
    let ids: HashSet<&str> = statements.iter().map(|s| s["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), statements.len(), "statement ids are unique");

    let of_class_vote: Vec<&Value> = statements
        .iter()
        .filter(|s| s["context"]["registration"] == id)
        .collect();
    let by_id: BTreeMap<&str, &Value> = of_class_vote.iter().map(|s| (s["id"].as_str().unwrap(), *s)).collect();
    // The class's own statements: the class as an identified group, never a trainee's account.
    let own: Vec<&&Value> = of_class_vote
        .iter()
        .filter(|s| s["actor"]["objectType"] == "Group")
        .collect();
    let decisions = store.decisions(&id).unwrap();
    assert_eq!(own.len(), decisions.len() + 1, "a responded per step and a completed");
    for s in &own {
        assert_eq!(
            s["actor"]["account"],
            json!({ "homePage": CLASS_HOME_PAGE, "name": CLASS })
        );
    }
    // One responded per voter per step, in the context of the class's decision at that step.
    let votes: Vec<&&Value> = of_class_vote
        .iter()
        .filter(|s| s["context"]["statement"].is_object())
        .collect();
    assert_eq!(votes.len(), decisions.iter().map(|d| d.votes.len()).sum::<usize>());
    let mut seen = HashSet::new();
    for s in &votes {
        assert_eq!(s["verb"]["id"], "http://adlnet.gov/expapi/verbs/responded");
        assert_eq!(s["context"]["statement"]["objectType"], "StatementRef");
        let class_statement = by_id[s["context"]["statement"]["id"].as_str().unwrap()];
        assert_eq!(class_statement["actor"]["objectType"], "Group");
        assert_eq!(
            s["object"]["id"], class_statement["object"]["id"],
            "the same step's node"
        );
        let voter = s["actor"]["name"].as_str().unwrap().to_owned();
        assert!(
            seen.insert((voter.clone(), s["object"]["id"].clone())),
            "{voter} twice at one step"
        );
        let home = s["actor"]["account"]["homePage"].as_str().unwrap();
        if voter == ANONYMOUS {
            assert!(home.starts_with(CLASS_HOME_PAGE) && home.ends_with("/seats"), "{home}");
        } else {
            assert_eq!(home, ACCOUNT_HOME_PAGE, "a trainee of the roster votes as themself");
        }
    }
    // Statements come in the order played: Bob's first vote statement is his vote at the first step.
    let bobs_first = votes.iter().find(|s| s["actor"]["name"] == "Bob").unwrap();
    let bob = decisions[0].votes.iter().find(|v| v.voter == "Bob").unwrap();
    assert_eq!(bobs_first["result"]["response"], json!((bob.choice + 1).to_string()));
    // Ann's own attempt is hers alone: none of the class's statements is hers except her votes.
    let anns_own = statements
        .iter()
        .filter(|s| s["actor"]["name"] == "Ann" && s["context"]["registration"] != id)
        .count();
    assert_eq!(anns_own, store.decisions(&data.attempts[0].id).unwrap().len() + 1);
}

#[test]
fn a_v3_database_gains_the_votes_table_with_a_backup_kept() {
    let dir = scratch("cv-migrate");
    let path = dir.join("goodwill.db");
    {
        let conn = db::open_at_version(&path, 3).unwrap();
        conn.execute_batch(
            "INSERT INTO profiles VALUES ('Old Timer', 1700000000000);
             INSERT INTO attempts (id, profile, scenario, scenario_version, seed, started_at, finished_at, outcome,
                final_balance, account_closed, timeline, golden_applied, golden_missed, anti_patterns)
             VALUES ('a1', 'Old Timer', 'spilled-soup', 1, 42, 1700000000000, 1700000100000, 'retained', 72, 0,
                '[30,50,72]', '[]', '[]', '[]');",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, db::SCHEMA_VERSION);
    let tables: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_master WHERE name = 'votes'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(tables, 1, "the votes table is there");
    assert!(
        db::backup_path(&path, 3).exists(),
        "the v3 file is kept before migrating"
    );
    assert_eq!(store.attempt("a1").unwrap().unwrap().mode, Mode::Solo);
    store.create_class(CLASS, &roster(), &[]).unwrap();
    let (id, _, _) = play_class_vote(&store, CLASS, &full_path(CASE, SEED, How::Praised));
    assert!(store.decisions(&id).unwrap().iter().all(|d| !d.votes.is_empty()));
}
