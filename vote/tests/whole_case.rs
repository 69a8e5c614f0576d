//! A whole shipped case voted by 40 phones over loopback: each step opened from the engine's session,
//! every vote counted, the majority played and stored with every trainee's vote; a quarter of the phones
//! drop and rejoin midway and find their seat and their vote.

mod support;

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use goodwill_engine::{Lang, Session};
use goodwill_store::{AttemptRecorder, NewAttempt, Vote};
use goodwill_vote::{
    Majority, Phase, VoteConfig, VoteServer, outcome_from_session, step_from_session, summary_from_session,
};
use support::{EventStream, Phone, key_for_text};

const PHONES: usize = 40;
/// Phones `0..MAJORITY_BLOC` always vote for the first answer the engine lists: a clear majority that the
/// test did not compute from the server's own tally.
const MAJORITY_BLOC: usize = 22;
/// The step at which every fourth phone drops its connection and rejoins.
const DROP_AT_STEP: u64 = 1;
const WAIT: Duration = Duration::from_secs(20);

/// What the phones report to the trainer's side: each step's final votes, by name.
#[derive(Default)]
struct Ballots {
    by_step: HashMap<u64, Vec<(String, usize)>>,
}

struct Board {
    ballots: Mutex<Ballots>,
    changed: Condvar,
}

/// The answers of the open step in the engine's order (file index, English text), as the "game" opened it.
type OpenAnswers = Arc<Mutex<HashMap<u64, Vec<(usize, String)>>>>;

fn shipped_case() -> Arc<goodwill_engine::Scenario> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scenarios/spilled-soup.ron");
    let loaded = goodwill_engine::load_file(&path);
    let problem = format!("{} does not load: {:?}", path.display(), loaded.first_error());
    Arc::new(loaded.scenario.expect(&problem))
}

/// Which answer (index into the engine's order) phone `i` wants at `step`.
fn wanted(i: usize, step: u64, answers: usize) -> usize {
    if i < MAJORITY_BLOC {
        0
    } else {
        (i + step as usize) % answers
    }
}

fn phone_life(
    i: usize,
    addr: std::net::SocketAddr,
    code: String,
    answers: OpenAnswers,
    board: Arc<Board>,
) -> Result<(), String> {
    let name = format!("Trainee {i:02}");
    let phone = Phone::join(addr, &code, &name).map_err(|r| format!("{name} join: {} {}", r.status, r.body))?;
    let mut events = phone.events();
    let mut voted_steps = Vec::new();
    loop {
        events
            .next_state(WAIT)
            .map_err(|e| format!("{name} waiting for an event: {e}"))?;
        let state = phone.state();
        if state.status != 200 {
            return Err(format!("{name} state: {} {}", state.status, state.body));
        }
        let state = state.json();
        match state["phase"].as_str() {
            Some("finished") => {
                if state["summary"]["title"].as_str().is_none_or(str::is_empty) {
                    return Err(format!("{name}: finished without an ending"));
                }
                return Ok(());
            }
            Some("voting") => {}
            _ => continue,
        }
        let step = state["step"]["index"]
            .as_u64()
            .ok_or(format!("{name}: no step index"))?;
        if voted_steps.contains(&step) {
            continue;
        }
        let offered = answers
            .lock()
            .map_err(|_| "poisoned")?
            .get(&step)
            .cloned()
            .ok_or("unknown step")?;
        let choice_at = wanted(i, step, offered.len());
        let (choice, text) = &offered[choice_at];
        let key = key_for_text(&state, text).ok_or(format!("{name}: answer {text} not on my phone"))?;
        // Every other phone first taps a different answer, then changes its mind: only the last counts.
        if i % 2 == 1 && offered.len() > 1 {
            let (_, other_text) = &offered[(choice_at + 1) % offered.len()];
            let other = key_for_text(&state, other_text).ok_or("other answer missing")?;
            let r = phone.vote(step, &other);
            if r.status != 200 {
                return Err(format!("{name} first vote: {} {}", r.status, r.body));
            }
        }
        let r = phone.vote(step, &key);
        if r.status != 200 {
            return Err(format!("{name} vote: {} {}", r.status, r.body));
        }
        if step == DROP_AT_STEP && i.is_multiple_of(4) {
            // The phone's Wi-Fi drops: the stream is gone; the page comes back with its stored token.
            drop(events);
            let back = phone.rejoin(&code);
            let back_json = back.json();
            if back.status != 200 || back_json["name"] != name.as_str() || back_json["token"] != phone.token.as_str() {
                return Err(format!("{name} rejoin gave {} {}", back.status, back.body));
            }
            let again = phone.state().json();
            if again["my_vote"].as_str() != Some(key.as_str()) {
                return Err(format!(
                    "{name} after rejoin: my_vote {} instead of {key}",
                    again["my_vote"]
                ));
            }
            events = EventStream::open(addr, &phone.token).map_err(|e| format!("{name} reopening events: {e}"))?;
        }
        voted_steps.push(step);
        let mut ballots = board.ballots.lock().map_err(|_| "poisoned")?;
        ballots.by_step.entry(step).or_default().push((name.clone(), *choice));
        board.changed.notify_all();
    }
}

#[test]
fn forty_phones_vote_through_a_whole_case_and_the_majority_is_played() {
    let scenario = shipped_case();
    let roster: Vec<String> = (0..PHONES).map(|i| format!("Trainee {i:02}")).collect();
    // The results, as the game records a class vote: the class's attempt with every trainee's vote.
    let data = std::env::temp_dir().join(format!("goodwill-vote-whole-case-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    std::fs::create_dir_all(&data).expect("data folder");
    let store = goodwill_store::Store::open_in(&data).expect("results database");
    store
        .create_class(CLASS, &roster, std::slice::from_ref(&scenario.id))
        .expect("class");
    let wakes = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&wakes);
    let mut config = VoteConfig::new(roster, false, Lang::En, scenario.title.clone());
    config.bind = "127.0.0.1:0".parse().expect("addr");
    let server = VoteServer::start(
        config,
        Arc::new(move || {
            counter.fetch_add(1, Ordering::Relaxed);
        }),
    )
    .expect("server starts");
    let addr: std::net::SocketAddr = ([127, 0, 0, 1], server.port()).into();
    let code = server.join_code().to_string();
    let answers: OpenAnswers = Arc::default();
    let board = Arc::new(Board {
        ballots: Mutex::default(),
        changed: Condvar::new(),
    });

    let phones: Vec<_> = (0..PHONES)
        .map(|i| {
            let (code, answers, board) = (code.clone(), Arc::clone(&answers), Arc::clone(&board));
            std::thread::spawn(move || phone_life(i, addr, code, answers, board))
        })
        .collect();

    let start = Instant::now();
    while server.view().seats.len() < PHONES {
        assert!(
            start.elapsed() < WAIT,
            "only {} phones joined",
            server.view().seats.len()
        );
        std::thread::sleep(Duration::from_millis(5));
    }

    let mut session = Session::new(Arc::clone(&scenario), 11);
    let mut recorder = AttemptRecorder::new(NewAttempt::class_vote(CLASS, &scenario.id, scenario.version, 11))
        .expect("a class-vote attempt");
    let mut tallies = Vec::new();
    let mut step_index = 0u64;
    let mut total_votes = 0;
    while let Some(step) = step_from_session(&session, step_index as usize) {
        answers.lock().expect("answers").insert(
            step_index,
            step.options.iter().map(|o| (o.choice, o.text.en.clone())).collect(),
        );
        server.open_step(step.clone());
        // Wait until every phone says it is done voting at this step (bounded).
        let ballots = board
            .changed
            .wait_timeout_while(board.ballots.lock().expect("ballots"), WAIT, |b| {
                b.by_step.get(&step_index).map_or(0, Vec::len) < PHONES
            })
            .expect("ballots")
            .0;
        let mut expected: Vec<(String, usize)> = ballots.by_step.get(&step_index).cloned().unwrap_or_default();
        drop(ballots);
        assert_eq!(expected.len(), PHONES, "step {step_index}: phones done voting");
        let view = server.view();
        assert!(
            view.everyone_voted,
            "step {step_index}: {} of {} voted",
            view.voted,
            view.seats.len()
        );

        let tally = server.close_step().expect("a step was open");
        let mut counted = tally.votes.clone();
        counted.sort();
        expected.sort();
        assert_eq!(
            counted, expected,
            "step {step_index}: every phone's last vote counted, as cast"
        );
        assert_eq!(tally.voted(), PHONES);
        total_votes += tally.voted();
        let first = step.options[0].choice;
        let played = match tally.majority() {
            Majority::Clear(choice) => choice,
            other => panic!("step {step_index}: expected a clear majority, got {other:?}"),
        };
        assert_eq!(played, first, "the bloc's answer is the majority");
        assert!(tally.count_of(played) as usize >= MAJORITY_BLOC);
        let votes: Vec<Vote> = tally
            .votes
            .iter()
            .map(|(voter, c)| Vote::new(voter.clone(), *c))
            .collect();
        let recorded = recorder
            .choose_with_votes(Some(&store), &mut session, played, &votes, 0)
            .expect("the engine plays the majority");
        recorded.saved.expect("the decision and its votes are stored");
        assert_eq!(session.choices().last(), Some(&played));
        let outcome = outcome_from_session(&session, step_index as usize).expect("outcome");
        server.show_outcome(outcome);
        tallies.push(tally);
        step_index += 1;
    }
    assert!(session.is_over(), "the case ran to its end");
    assert!(step_index > DROP_AT_STEP, "the case has steps past the drop");
    let summary = summary_from_session(&session, &tallies).expect("summary");
    assert_eq!(summary.split.len(), tallies.len());
    server.finish(summary);
    eprintln!("{PHONES} phones voted {step_index} steps: {total_votes} votes counted");

    for (i, phone) in phones.into_iter().enumerate() {
        let result = phone.join().unwrap_or_else(|_| panic!("phone {i} panicked"));
        if let Err(e) = result {
            panic!("phone {i}: {e}");
        }
    }
    assert_eq!(server.view().phase, Phase::Finished);
    assert_eq!(server.view().seats.len(), PHONES, "rejoining phones kept their seats");
    // The game was woken for every seat and every counted vote (changes included).
    assert!(wakes.load(Ordering::Relaxed) >= PHONES + total_votes);
    let played: Vec<usize> = tallies
        .iter()
        .map(|t| match t.majority() {
            Majority::Clear(c) => c,
            _ => usize::MAX,
        })
        .collect();
    assert_eq!(
        session.choices(),
        played.as_slice(),
        "every step played the class's majority"
    );
    // The stored votes are the tallies' votes, step by step: every trainee's last vote, nothing else.
    let attempts = store.class_votes(CLASS).expect("class votes");
    assert_eq!(attempts.len(), 1);
    let decisions = store.decisions(&attempts[0].id).expect("decisions");
    assert_eq!(decisions.len(), tallies.len());
    for (decision, tally) in decisions.iter().zip(&tallies) {
        let mut stored: Vec<(String, usize)> = decision.votes.iter().map(|v| (v.voter.clone(), v.choice)).collect();
        let mut counted = tally.votes.clone();
        stored.sort();
        counted.sort();
        assert_eq!(stored, counted, "step {}: the stored votes", decision.step);
        assert_eq!(stored.len(), PHONES);
    }
    let _ = std::fs::remove_dir_all(&data);
}

/// The class session the phones belong to.
const CLASS: &str = "Forty phones";
