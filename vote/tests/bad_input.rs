//! Bad input from phones, each refused with its status and a JSON error, and the tally untouched: a wrong
//! code, malformed JSON, a closed step, a key never offered, a second seat for a name, a 1 MB body, and a
//! burst of 1,000 requests from one client while another phone is still served promptly.

mod support;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use goodwill_engine::{Bilingual, Lang};
use goodwill_vote::{Tally, VoteConfig, VoteOption, VoteServer, VoteStep};
use serde_json::json;
use support::{Phone, get, key_for_text, post, request};

fn start(roster: &[&str]) -> (VoteServer, SocketAddr) {
    let mut config = VoteConfig::new(
        roster.iter().map(|s| s.to_string()).collect(),
        false,
        Lang::En,
        Bilingual::new("汤", "Soup"),
    );
    config.bind = "127.0.0.1:0".parse().expect("addr");
    let server = VoteServer::start(config, Arc::new(|| {})).expect("server starts");
    let addr = ([127, 0, 0, 1], server.port()).into();
    (server, addr)
}

fn step(index: usize) -> VoteStep {
    VoteStep {
        index,
        narration: Some(Bilingual::new("店里很吵。", "The shop is loud.")),
        customer: Bilingual::new("我的汤洒了！", "My soup spilled!"),
        options: (0..3)
            .map(|c| VoteOption {
                choice: c,
                text: Bilingual::new(format!("回答 {c}"), format!("Answer {c}")),
            })
            .collect(),
    }
}

fn assert_refused(response: &support::Response, status: u16, what: &str) {
    assert_eq!(response.status, status, "{what}: {}", response.body);
    assert!(
        response.json()["error"].as_str().is_some_and(|e| !e.is_empty()),
        "{what}: the error is JSON with a message: {}",
        response.body
    );
}

/// A tally's counts per answer and its voters.
type Counted = (Vec<(usize, u32)>, Vec<(String, usize)>);

/// The tally as counts and voters only (the seat count may change between two looks).
fn votes_of(tally: Option<Tally>) -> Option<Counted> {
    tally.map(|t| (t.counts, t.votes))
}

#[test]
fn a_wrong_code_and_a_second_seat_for_a_name_are_refused() {
    let (server, addr) = start(&["Ann", "Bo"]);
    let wrong = if server.join_code() == "ZZZZZZ" {
        "YYYYYY"
    } else {
        "ZZZZZZ"
    };
    let r = post(addr, "/api/join", &json!({ "code": wrong, "name": "Ann" })).expect("request");
    assert_refused(&r, 403, "wrong join code");
    let r = get(addr, &format!("/api/room?code={wrong}")).expect("request");
    assert_refused(&r, 403, "the roster needs the code");
    assert!(server.view().seats.is_empty());

    let ann = Phone::join(addr, server.join_code(), "Ann").expect("Ann joins");
    let second = Phone::join(addr, server.join_code(), "Ann").expect_err("a second Ann");
    assert_refused(&second, 409, "second seat for one name");
    let stranger = Phone::join(addr, server.join_code(), "Eve").expect_err("not on the roster");
    assert_refused(&stranger, 422, "name not on the roster");
    let anonymous = Phone::join_anonymous(addr, server.join_code()).expect_err("no anonymous seats");
    assert_refused(&anonymous, 422, "anonymous seat where none is allowed");
    assert_eq!(server.view().seats, vec!["Ann".to_string()]);
    // The real Ann's phone still has its seat.
    assert_eq!(ann.state().json()["me"], "Ann");
    let r = get(addr, "/api/state?token=not-a-token").expect("request");
    assert_refused(&r, 401, "unknown token");
}

#[test]
fn malformed_votes_closed_steps_and_keys_never_offered_leave_the_tally_alone() {
    let (server, addr) = start(&["Ann", "Bo"]);
    let ann = Phone::join(addr, server.join_code(), "Ann").expect("Ann joins");
    let bo = Phone::join(addr, server.join_code(), "Bo").expect("Bo joins");
    server.open_step(step(0));
    let ann_state = ann.state().json();
    let key0 = key_for_text(&ann_state, "Answer 0").expect("offered");
    assert_eq!(ann.vote(0, &key0).status, 200);
    let before = votes_of(server.tally());

    for (body, what) in [
        (&b"{\"token\": "[..], "cut-off JSON"),
        (&b"not json at all"[..], "not JSON"),
        (&b"{\"token\": 5, \"step\": \"x\"}"[..], "wrong field types"),
    ] {
        let r = request(addr, "POST", "/api/vote", Some(body)).expect("request");
        assert_refused(&r, 400, what);
        let r = request(addr, "POST", "/api/join", Some(body)).expect("request");
        assert_refused(&r, 400, what);
    }
    assert_refused(&bo.vote(0, "nokey123"), 422, "a key that does not exist");
    assert_refused(&bo.vote(1, &key0), 409, "a step that is not open");
    let r = post(addr, "/api/vote", &json!({ "token": "forged", "step": 0, "key": key0 })).expect("request");
    assert_refused(&r, 401, "a forged token");
    assert_eq!(votes_of(server.tally()), before, "nothing counted");

    let closed = server.close_step().expect("closed");
    assert_eq!(votes_of(Some(closed)), before);
    let bo_state = bo.state().json();
    let bo_key = key_for_text(&bo_state, "Answer 1").expect("still shown after closing");
    assert_refused(&bo.vote(0, &bo_key), 409, "vote for a closed step");
    assert_refused(&ann.vote(0, &bo_key), 409, "changing a vote after closing");

    // The next step's keys are new: step 0's key was never offered at step 1.
    server.open_step(step(1));
    assert_refused(&ann.vote(1, &key0), 422, "a key of another step");
    assert_eq!(server.tally().map(|t| t.voted()), Some(0));
}

#[test]
fn a_one_megabyte_body_is_refused_with_413() {
    let (server, addr) = start(&["Ann"]);
    let huge = format!(
        "{{\"code\": \"{}\", \"name\": \"{}\"}}",
        server.join_code(),
        "A".repeat(1024 * 1024)
    );
    let r = request(addr, "POST", "/api/join", Some(huge.as_bytes())).expect("request");
    assert_refused(&r, 413, "1 MB join");
    let r = request(addr, "POST", "/api/vote", Some(huge.as_bytes())).expect("request");
    assert_refused(&r, 413, "1 MB vote");
    assert!(server.view().seats.is_empty());
    // Just over the limit is refused too; the limit is 4 KiB.
    let r = request(addr, "POST", "/api/join", Some("x".repeat(4097).as_bytes())).expect("request");
    assert_refused(&r, 413, "4097 bytes");
}

#[test]
fn unknown_paths_are_404_json_and_nothing_on_disk_is_served() {
    let (_server, addr) = start(&[]);
    for path in [
        "/Cargo.toml",
        "/../Cargo.toml",
        "/assets/phone.html",
        "/api/nothing",
        "/src/lib.rs",
    ] {
        let r = get(addr, path).expect("request");
        assert_refused(&r, 404, path);
    }
    assert_eq!(get(addr, "/healthz").expect("request").status, 200);
    let r = request(addr, "DELETE", "/api/vote", None).expect("request");
    assert_refused(&r, 405, "DELETE");
}

#[test]
fn a_burst_of_a_thousand_requests_from_one_client_does_not_stall_another() {
    let (server, addr) = start(&["Flood", "Ann"]);
    let flood = Phone::join(addr, server.join_code(), "Flood").expect("flooder joins");
    let ann = Phone::join(addr, server.join_code(), "Ann").expect("Ann joins");
    server.open_step(step(0));
    let path = format!("/api/state?token={}", flood.token);
    let flooders: Vec<_> = (0..4)
        .map(|_| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut statuses = Vec::with_capacity(250);
                for _ in 0..250 {
                    statuses.push(get(addr, &path).map(|r| r.status).unwrap_or(0));
                }
                statuses
            })
        })
        .collect();
    // While the flood runs, Ann reads her state and votes: each answer comes back promptly.
    let mut slowest = Duration::ZERO;
    let mut key = String::new();
    for i in 0..20 {
        let t = Instant::now();
        let state = ann.state();
        slowest = slowest.max(t.elapsed());
        assert_eq!(state.status, 200, "Ann's state during the flood: {}", state.body);
        let want = format!("Answer {}", i % 3);
        key = key_for_text(&state.json(), &want).expect("offered");
        let t = Instant::now();
        let r = ann.vote(0, &key);
        slowest = slowest.max(t.elapsed());
        assert_eq!(r.status, 200, "Ann's vote during the flood: {}", r.body);
    }
    let statuses: Vec<u16> = flooders.into_iter().flat_map(|f| f.join().expect("flooder")).collect();
    let ok = statuses.iter().filter(|&&s| s == 200).count();
    let limited = statuses.iter().filter(|&&s| s == 429).count();
    assert_eq!(ok + limited, 1000, "every flood request was answered 200 or 429");
    assert!(limited >= 800, "the flood was cut: {ok} served, {limited} refused");
    assert!(slowest < Duration::from_millis(500), "Ann waited {slowest:?}");
    let tally = server.tally().expect("tally");
    assert_eq!(tally.voted(), 1, "the flood voted nothing; Ann's last vote counts");
    let last = ann.state().json();
    assert_eq!(last["my_vote"].as_str(), Some(key.as_str()));
    let r = get(addr, &path).expect("request");
    if r.status == 429 {
        assert!(r.header("retry-after").is_some(), "429 says when to come back");
    }
}

#[test]
fn stopping_the_server_frees_its_port_and_phones_get_pushed_steps() {
    let (server, addr) = start(&["Ann"]);
    let page = get(addr, "/").expect("page");
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("<html lang=\"en\""),
        "the page speaks the trainer's language"
    );
    let ann = Phone::join(addr, server.join_code(), "Ann").expect("Ann joins");
    let mut events = ann.events();
    let first = events.next_state(Duration::from_secs(5)).expect("first state event");
    server.open_step(step(0));
    let pushed = events.next_state(Duration::from_secs(5)).expect("pushed on open");
    assert!(pushed > first);
    assert_eq!(ann.state().json()["phase"], "voting");
    assert!(server.join_url().ends_with(&format!(":{}/", server.port())));
    drop(server);
    // The stream ends (not merely times out) and the port can be bound again at once.
    let ended = events.next_state(Duration::from_secs(5)).expect_err("the stream ended");
    assert_ne!(
        ended.kind(),
        std::io::ErrorKind::WouldBlock,
        "timed out instead of ending: {ended}"
    );
    assert_ne!(
        ended.kind(),
        std::io::ErrorKind::TimedOut,
        "timed out instead of ending: {ended}"
    );
    std::net::TcpListener::bind(addr).expect("the port is free after drop");
}

#[test]
fn a_seat_holding_many_event_streams_keeps_only_its_newest_four() {
    let (server, addr) = start(&["Ann"]);
    let ann = Phone::join(addr, server.join_code(), "Ann").expect("Ann joins");
    let mut streams: Vec<_> = (0..5).map(|_| ann.events()).collect();
    for stream in &mut streams {
        stream
            .next_state(Duration::from_secs(5))
            .expect("each stream starts with a state event");
    }
    server.open_step(step(0));
    // The oldest stream was ended when the fifth opened; the newest four are told of the step.
    let oldest = streams[0]
        .next_state(Duration::from_secs(5))
        .expect_err("the oldest stream ended");
    assert_eq!(
        oldest.kind(),
        std::io::ErrorKind::UnexpectedEof,
        "ended by the server, not timed out"
    );
    for (i, stream) in streams.iter_mut().enumerate().skip(1) {
        stream
            .next_state(Duration::from_secs(5))
            .unwrap_or_else(|e| panic!("stream {i} was not pushed the step: {e}"));
    }
}
