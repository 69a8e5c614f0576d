//! The class vote as a trainer and a class live it: the trainer opens the room, phones (real HTTP clients
//! on loopback) join from the roster, vote at every step — one changes its vote, one reloads and finds its
//! seat — the projector counts without showing the split, closes when everyone has voted, shows the split,
//! plays the majority (and once the trainer's pick at a tie), and the debrief and the results hold every
//! trainee's vote.

use std::net::SocketAddr;

use bevy::prelude::*;
use goodwill::game::class_vote::{ClassVote, VoteStage};
use goodwill::game::input::UiAction;
use goodwill::game::run::{ActiveRun, Phase};
use goodwill::game::screens::debrief::SplitLine;
use goodwill::game::state::Screen;

/// The simulated phones of the vote crate's own tests: plain HTTP/1.1 clients, as a phone's browser is.
#[path = "../../vote/tests/support/mod.rs"]
pub mod phone;

use crate::harness::{
    best_path, click, headless_with_data, press, scenario_dir, screen, seed_store, tempdir, visible_text,
};
use phone::{Phone, key_for_text};

const CLASS: &str = "周三投票班";
const ROSTER: [&str; 3] = ["Ann", "Bob", "王芳"];

/// The room's loopback address and join code.
fn room(app: &App) -> (SocketAddr, String) {
    let vote = app.world().resource::<ClassVote>();
    (
        SocketAddr::from(([127, 0, 0, 1], vote.server.port())),
        vote.server.join_code().to_owned(),
    )
}

/// Lets the game read the room (the phones answer on the server's own thread).
fn settle(app: &mut App) {
    for _ in 0..3 {
        app.update();
    }
}

/// The text (Chinese) of the answer with this file index at the current node.
fn answer_text(app: &App, index: usize) -> String {
    let run = app.world().resource::<ActiveRun>();
    run.session.current_node().expect("a step is open").choices[index]
        .text
        .zh
        .clone()
}

fn stage(app: &App) -> VoteStage {
    app.world().resource::<ClassVote>().stage.clone()
}

/// Skips the line's reveal until the projector shows the answers.
fn until_voting(app: &mut App) {
    for _ in 0..10 {
        if app.world().resource::<ActiveRun>().phase == Phase::Choosing {
            return;
        }
        press(app, KeyCode::Space);
    }
    panic!("the answers never showed");
}

#[test]
fn a_class_votes_through_a_case_from_their_phones_and_every_vote_is_kept() {
    let scenarios = scenario_dir("class-vote", false);
    let data = tempdir("class-vote-data");
    let mut app = headless_with_data(&scenarios, &data);
    seed_store(&app, |s| {
        let roster: Vec<String> = ROSTER.iter().map(|n| (*n).to_owned()).collect();
        s.create_class(CLASS, &roster, &["spilled-soup".into()])
    });

    // The trainer: Class vote on the title → the class and its assigned case are chosen → open.
    click(&mut app, |b| b.action == UiAction::OpenClassVote);
    assert_eq!(screen(&app), Screen::VoteSetup);
    assert!(visible_text(&mut app).contains(CLASS));
    click(&mut app, |b| b.action == UiAction::OpenVoteRoom);
    assert_eq!(screen(&app), Screen::VoteLobby);
    let (addr, code) = room(&app);
    assert!(code.len() <= 6, "a join code of at most 6 characters: {code}");
    let lobby = visible_text(&mut app);
    assert!(
        lobby.contains(&code.chars().map(String::from).collect::<Vec<_>>().join(" ")),
        "{lobby}"
    );
    assert!(lobby.contains(":"), "the address is on the projector: {lobby}");

    // The phones join from the roster; a wrong code and a second seat for a name are refused.
    assert_eq!(Phone::join(addr, "ZZZZZZ", "Ann").err().map(|r| r.status), Some(403));
    let mut phones: Vec<Phone> = ROSTER
        .iter()
        .map(|name| Phone::join(addr, &code, name).unwrap_or_else(|r| panic!("{name}: {}", r.status)))
        .collect();
    assert_eq!(Phone::join(addr, &code, "Ann").err().map(|r| r.status), Some(409));
    settle(&mut app);
    let joined = visible_text(&mut app);
    assert!(joined.contains("已加入 3 / 3 人"), "{joined}");
    assert!(joined.contains("王芳"), "{joined}");
    // 王芳's phone dies: the trainer frees her seat (a click on her name) and she joins from another.
    click(&mut app, |b| b.action == UiAction::ReleaseSeat(2));
    assert!(visible_text(&mut app).contains("王芳（等待换手机加入）"));
    assert_eq!(
        phones[2].state().status,
        401,
        "the old phone no longer reaches her seat"
    );
    phones[2] = Phone::join(addr, &code, "王芳").unwrap_or_else(|r| panic!("王芳 again: {}", r.status));
    settle(&mut app);
    assert!(visible_text(&mut app).contains("已加入 3 / 3 人"));

    click(&mut app, |b| b.action == UiAction::BeginVoteCase);
    assert_eq!(screen(&app), Screen::Play);
    assert!(
        visible_text(&mut app).contains(&format!("全班投票：{CLASS}")),
        "the play screen says whose run it is"
    );
    let scenario = app.world().resource::<ActiveRun>().session.scenario().clone();
    let best = best_path(&scenario);

    let mut step = 0;
    let mut overruled_at = None;
    while screen(&app) == Screen::Play {
        until_voting(&mut app);
        let run = app.world().resource::<ActiveRun>();
        let offered = run.session.offered().to_vec();
        // The class follows the best path; at the second step two phones split and the third stays silent,
        // a tie the trainer settles.
        let good = best.get(step).copied().unwrap_or(offered[0]);
        let other = *offered.iter().find(|&&c| c != good).expect("two answers at least");
        let (good_text, other_text) = (answer_text(&app, good), answer_text(&app, other));
        let state = phones[0].state().json();
        assert_eq!(state["step"]["index"].as_u64(), Some(step as u64));
        let key = |p: &Phone, text: &str| key_for_text(&p.state().json(), text).expect("the answer is offered");
        let tie = step == 1;
        // Ann first votes for the other answer, then changes her mind.
        assert_eq!(phones[0].vote(step as u64, &key(&phones[0], &other_text)).status, 200);
        settle(&mut app);
        let counting = visible_text(&mut app);
        assert!(counting.contains("已投票：1 / 3"), "{counting}");
        assert!(
            !counting.contains("票 · "),
            "no split is shown while the class votes: {counting}"
        );
        if !tie {
            assert_eq!(phones[0].vote(step as u64, &key(&phones[0], &good_text)).status, 200);
        }
        // Bob reloads his page mid-vote: the same seat, the same step.
        let back = phones[1].rejoin(&code);
        assert_eq!((back.status, back.json()["name"].as_str()), (200, Some("Bob")));
        assert_eq!(phones[1].vote(step as u64, &key(&phones[1], &good_text)).status, 200);
        if tie {
            // 王芳 does not vote: Ann (other) and Bob (good) tie; the trainer closes the vote.
            settle(&mut app);
            assert!(matches!(stage(&app), VoteStage::Voting { .. }));
            click(&mut app, |b| b.action == UiAction::CloseVote);
            assert!(
                matches!(stage(&app), VoteStage::Closed { pick: None, .. }),
                "a tie waits for the trainer"
            );
            assert!(visible_text(&mut app).contains("平票"));
            // The trainer picks the other answer to make a point: by its number on the projector.
            let position = app
                .world()
                .resource::<ActiveRun>()
                .session
                .offered()
                .iter()
                .position(|&c| c == other)
                .unwrap();
            press(&mut app, goodwill::game::input::NUMBER_KEYS[position].0);
            overruled_at = Some(step);
        } else {
            assert_eq!(phones[2].vote(step as u64, &key(&phones[2], &good_text)).status, 200);
            // Everyone has voted: the vote closes by itself and the majority's answer is picked.
            settle(&mut app);
            let VoteStage::Closed { tally, pick } = stage(&app) else {
                panic!("the vote closes when everyone has voted")
            };
            assert_eq!(
                tally.count_of(good),
                3,
                "Ann's changed vote counts once, for her last choice"
            );
            assert_eq!(tally.voted(), 3);
            let position = app
                .world()
                .resource::<ActiveRun>()
                .session
                .offered()
                .iter()
                .position(|&c| c == good);
            assert_eq!(pick, position);
            let split = visible_text(&mut app);
            assert!(split.contains("3 票 · 100%") && split.contains("多数"), "{split}");
        }
        // A vote after the close is refused, and changes nothing.
        assert_eq!(phones[2].vote(step as u64, &key(&phones[2], &other_text)).status, 409);
        click(&mut app, |b| b.action == UiAction::PlayVoteAnswer);
        let played = app.world().resource::<ActiveRun>().session.choices().last().copied();
        assert_eq!(played, Some(if tie { other } else { good }));
        assert_eq!(
            app.world().resource::<ActiveRun>().phase,
            Phase::Feedback,
            "the class reads the feedback"
        );
        assert!(visible_text(&mut app).contains("全班："));
        let phone = phones[0].state().json();
        assert_eq!(phone["phase"].as_str(), Some("outcome"));
        // The phones read the feedback as the projector shows it, its source named in full.
        let feedback = phone["outcome"]["feedback"]
            .as_str()
            .expect("the feedback on the phone")
            .to_owned();
        assert!(visible_text(&mut app).contains(&feedback), "{feedback}");
        step += 1;
        press(&mut app, KeyCode::Space);
        assert!(step < 30, "the case ends");
    }
    assert_eq!(screen(&app), Screen::Debrief);
    assert_eq!(phones[0].state().json()["phase"].as_str(), Some("finished"));

    // The debrief: every step's split, the best answer beside it.
    let mut lines = app.world_mut().query::<&SplitLine>();
    let lines: Vec<(u32, bool, bool)> = lines.iter(app.world()).map(|l| (l.votes, l.best, l.played)).collect();
    assert!(lines.iter().filter(|l| l.2).count() == step, "one played answer a step");
    assert!(
        lines.iter().map(|l| l.0).sum::<u32>() as usize == 3 * step - 1,
        "every vote is shown"
    );
    assert!(visible_text(&mut app).contains("平票，由培训师选定"));

    // The results: one class-vote attempt of the class, every trainee's vote at every step.
    let db = app.world().resource::<goodwill::game::results::ResultsDb>();
    let store = db.lock().unwrap();
    let attempts = store.class_votes(CLASS).unwrap();
    assert_eq!(attempts.len(), 1);
    let decisions = store.decisions(&attempts[0].id).unwrap();
    assert_eq!(decisions.len(), step);
    for (i, decision) in decisions.iter().enumerate() {
        let voters: Vec<&str> = decision.votes.iter().map(|v| v.voter.as_str()).collect();
        if Some(i) == overruled_at {
            assert_eq!(voters.len(), 2, "{voters:?}");
            let split = decision.vote_split();
            assert_eq!(split.leaders().len(), 2, "a tie is kept as a tie");
            assert_eq!(split.votes_for(decision.choice), 1, "the trainer's pick had Ann's vote");
        } else {
            assert_eq!(voters.len(), 3, "step {i}: {voters:?}");
        }
    }
    // Nobody's own progress counts it, and no trainee is offered it to resume.
    assert!(store.finished_attempts(Some("Ann"), None).unwrap().is_empty());
    assert!(store.unfinished_of("Ann").unwrap().is_empty());
}

#[test]
fn leaving_the_class_vote_stops_the_server() {
    let scenarios = scenario_dir("class-vote-leave", false);
    let data = tempdir("class-vote-leave-data");
    let mut app = headless_with_data(&scenarios, &data);
    seed_store(&app, |s| s.create_class(CLASS, &["Ann".into()], &[]));
    click(&mut app, |b| b.action == UiAction::OpenClassVote);
    click(&mut app, |b| b.action == UiAction::OpenVoteRoom);
    let (addr, _) = room(&app);
    assert_eq!(phone::get(addr, "/healthz").map(|r| r.status).ok(), Some(200));
    press(&mut app, KeyCode::Escape);
    assert_eq!(screen(&app), Screen::Title);
    assert!(app.world().get_resource::<ClassVote>().is_none());
    settle(&mut app);
    assert!(
        phone::get(addr, "/healthz").is_err(),
        "nothing listens once the vote is left"
    );
}
