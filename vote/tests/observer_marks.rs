//! The pair round's observer on a phone: the observer's page is served instead of the class vote's, the
//! observer joins with the code, marks the seven steps (and changes and clears a mark), and the game reads
//! exactly those marks. Refused: a wrong code, a second phone for the observer, a wrong token (401), a step
//! outside 1..=7 (422), a mark after the round closed (409), a body over 4 KiB (413); a new round starts
//! unmarked and the phone is told by its event stream. A class vote has no marks API.

mod support;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use goodwill_engine::{Bilingual, GOLDEN_STEP_COUNT, Lang};
use goodwill_vote::{ObserverConfig, ObserverServer, VoteConfig, VoteServer};
use serde_json::{Value, json};
use support::{Phone, get, post, request};

const OBSERVER: &str = "蔡明";

fn start(lang: Lang) -> (ObserverServer, SocketAddr) {
    let mut config = ObserverConfig::new(
        OBSERVER.into(),
        lang,
        Bilingual::new("第1轮 · 汤洒了", "Round 1 · Soup"),
    );
    config.bind = "127.0.0.1:0".parse().expect("addr");
    let server = ObserverServer::start(config, Arc::new(|| {})).expect("server starts");
    let addr = ([127, 0, 0, 1], server.port()).into();
    (server, addr)
}

fn mark(addr: SocketAddr, token: &str, step: Value, applied: Value) -> support::Response {
    post(
        addr,
        "/api/marks",
        &json!({ "token": token, "step": step, "applied": applied }),
    )
    .expect("mark")
}

fn assert_refused(response: &support::Response, status: u16, what: &str) {
    assert_eq!(response.status, status, "{what}: {}", response.body);
    assert!(
        response.json()["error"].as_str().is_some_and(|e| !e.is_empty()),
        "{what}: the error is JSON with a message: {}",
        response.body
    );
}

/// What the phone's checklist shows: each step's mark.
fn phone_marks(phone: &Phone) -> Vec<Value> {
    let state = get(phone.addr, &format!("/api/marks?token={}", phone.token))
        .expect("marks")
        .json();
    state["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .map(|s| s["applied"].clone())
        .collect()
}

#[test]
fn the_observer_marks_the_seven_steps_and_the_game_reads_exactly_those_marks() {
    let (server, addr) = start(Lang::Zh);
    assert!(!server.view().joined, "nobody has joined yet");
    assert_eq!(server.view().marks, [None; GOLDEN_STEP_COUNT]);

    let page = get(addr, "/").expect("page");
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("扮演客服的学员看不到这些标记。"),
        "the observer's page, not the vote's"
    );
    assert!(!page.body.contains("你会怎么回答？"));

    let code = server.join_code().to_owned();
    let observer = Phone::join(addr, &code, OBSERVER).expect("the observer joins");
    assert!(server.view().joined);
    let state = get(addr, &format!("/api/marks?token={}", observer.token))
        .expect("marks")
        .json();
    assert_eq!(state["round_title"], "第1轮 · 汤洒了");
    assert_eq!(state["me"], OBSERVER);
    assert_eq!(state["open"], true);
    let names: Vec<&str> = state["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .filter_map(|s| s["name"].as_str())
        .collect();
    assert_eq!(names.len(), GOLDEN_STEP_COUNT, "{names:?}");
    assert!(names.iter().all(|n| !n.is_empty()));

    for (step, applied) in [(1, json!(true)), (2, json!(false)), (4, json!(true)), (7, json!(true))] {
        assert_eq!(mark(addr, &observer.token, json!(step), applied).status, 200);
    }
    // A changed mind: step 4 becomes "not applied", step 7 is taken back.
    assert_eq!(mark(addr, &observer.token, json!(4), json!(false)).status, 200);
    assert_eq!(mark(addr, &observer.token, json!(7), Value::Null).status, 200);

    let expected = [Some(true), Some(false), None, Some(false), None, None, None];
    assert_eq!(server.view().marks, expected);
    assert_eq!(
        phone_marks(&observer),
        vec![
            json!(true),
            json!(false),
            Value::Null,
            json!(false),
            Value::Null,
            Value::Null,
            Value::Null
        ],
        "the phone reads back what it marked"
    );
    assert_eq!(
        server.close_round(),
        expected,
        "the round's marks are what the phone made"
    );
}

#[test]
fn wrong_tokens_steps_out_of_range_late_marks_and_second_phones_are_refused() {
    let (server, addr) = start(Lang::En);
    let code = server.join_code().to_owned();
    let wrong_code = if code == "222222" { "333333" } else { "222222" };
    assert_refused(
        &Phone::join(addr, wrong_code, OBSERVER).expect_err("wrong code"),
        403,
        "wrong code",
    );
    assert_refused(
        &Phone::join(addr, &code, "Ann").expect_err("not the observer"),
        422,
        "another name",
    );
    let observer = Phone::join(addr, &code, OBSERVER).expect("joins");
    assert_refused(
        &Phone::join(addr, &code, OBSERVER).expect_err("second phone"),
        409,
        "a second phone",
    );

    assert_refused(&mark(addr, "not-a-token", json!(1), json!(true)), 401, "wrong token");
    assert_refused(
        &get(addr, "/api/marks?token=nope").expect("marks"),
        401,
        "wrong token reads",
    );
    for step in [json!(0), json!(8), json!(1000)] {
        assert_refused(
            &mark(addr, &observer.token, step.clone(), json!(true)),
            422,
            &format!("step {step}"),
        );
    }
    assert_refused(
        &mark(addr, &observer.token, json!(-1), json!(true)),
        400,
        "a negative step",
    );
    assert_refused(
        &mark(addr, &observer.token, json!(1), json!("yes")),
        400,
        "applied not a bool",
    );
    let huge = format!(
        "{{\"token\":\"{}\",\"step\":1,\"applied\":true,\"pad\":\"{}\"}}",
        observer.token,
        "x".repeat(1 << 20)
    );
    let response = request(addr, "POST", "/api/marks", Some(huge.as_bytes())).expect("huge");
    assert_refused(&response, 413, "a 1 MB body");
    assert_eq!(
        server.view().marks,
        [None; GOLDEN_STEP_COUNT],
        "no refused mark counted"
    );

    assert_eq!(mark(addr, &observer.token, json!(3), json!(true)).status, 200);
    let mut events = observer.events();
    events
        .next_state(Duration::from_secs(5))
        .expect("the stream's first state");
    let closed = server.close_round();
    events
        .next_state(Duration::from_secs(5))
        .expect("the phone is told the round closed");
    assert_refused(
        &mark(addr, &observer.token, json!(5), json!(true)),
        409,
        "after the round",
    );
    assert_eq!(server.view().marks, closed, "a late mark changes nothing");
    assert_eq!(closed[2], Some(true));

    server.open_round(Bilingual::new("第2轮", "Round 2"));
    events
        .next_state(Duration::from_secs(5))
        .expect("the phone is told a new round opened");
    let state = get(addr, &format!("/api/marks?token={}", observer.token))
        .expect("marks")
        .json();
    assert_eq!(state["round_title"], "Round 2");
    assert!(
        state["steps"]
            .as_array()
            .expect("steps")
            .iter()
            .all(|s| s["applied"].is_null())
    );
    assert_eq!(mark(addr, &observer.token, json!(5), json!(true)).status, 200);
    assert_eq!(server.view().marks[4], Some(true));
}

#[test]
fn the_observer_page_is_self_contained_and_its_chinese_uses_full_width_punctuation() {
    let (_server, addr) = start(Lang::Zh);
    let page = get(addr, "/").expect("page");
    let body = &page.body;
    assert!(body.contains("<html lang=\"zh\">"));
    let csp = page.header("content-security-policy").expect("a policy");
    assert!(csp.contains("default-src 'none'"), "{csp}");
    for external in ["http://", "https://", "<link", "<script src", "<img", "@import", "url("] {
        assert!(
            !body.contains(external),
            "the page must not load anything: found {external}"
        );
    }
    for unsafe_sink in ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write"] {
        assert!(
            !body.contains(unsafe_sink),
            "texts are set as text only: found {unsafe_sink}"
        );
    }
    for needed in [
        "localStorage",
        "EventSource",
        "\"visibilitychange\"",
        "width=device-width",
        "aria-pressed",
    ] {
        assert!(body.contains(needed), "the page uses {needed}");
    }
    assert!(body.contains("The agent cannot see these marks."));
    let from = body.find("zh: {").expect("a zh table");
    let end = body[from..].find("en: {").expect("an en table") + from;
    let words: Vec<&str> = body[from..end].split('"').skip(1).step_by(2).collect();
    assert!(words.len() > 15, "{}", words.len());
    for word in words
        .iter()
        .filter(|w| w.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)))
    {
        assert!(
            !word.contains([',', '.', ':', '!', '?', '(', ')']),
            "ASCII punctuation in Chinese text: {word}"
        );
    }
    let (_english, addr) = start(Lang::En);
    assert!(get(addr, "/").expect("page").body.contains("<html lang=\"en\">"));
}

#[test]
fn a_class_vote_has_no_marks_api() {
    let mut config = VoteConfig::new(vec!["Ann".into()], false, Lang::En, Bilingual::new("汤", "Soup"));
    config.bind = "127.0.0.1:0".parse().expect("addr");
    let server = VoteServer::start(config, Arc::new(|| {})).expect("server starts");
    let addr: SocketAddr = ([127, 0, 0, 1], server.port()).into();
    let ann = Phone::join(addr, server.join_code(), "Ann").expect("joins");
    assert_refused(
        &mark(addr, &ann.token, json!(1), json!(true)),
        404,
        "marks in a class vote",
    );
    assert!(
        !get(addr, "/")
            .expect("page")
            .body
            .contains("The agent cannot see these marks.")
    );
}

#[test]
fn a_new_phone_takes_the_observers_seat_once_the_game_frees_it_and_the_marks_stay() {
    let (server, addr) = start(Lang::Zh);
    let code = server.join_code().to_owned();
    let old = Phone::join(addr, &code, OBSERVER).expect("joins");
    assert_eq!(mark(addr, &old.token, json!(2), json!(true)).status, 200);
    assert_refused(
        &Phone::join(addr, &code, OBSERVER).expect_err("taken"),
        409,
        "a second phone",
    );
    assert!(server.release_phone());
    assert!(!server.view().joined, "the seat waits for the new phone");
    let new = Phone::join(addr, &code, OBSERVER).expect("the new phone joins");
    assert!(server.view().joined);
    assert_refused(&mark(addr, &old.token, json!(3), json!(true)), 401, "the old phone");
    assert_eq!(mark(addr, &new.token, json!(3), json!(false)).status, 200);
    assert_eq!(
        server.view().marks[1..3],
        [Some(true), Some(false)],
        "the old phone's mark stays"
    );
}
