//! The pair exercise's observer on a phone, as a class lives it: the setup asks for the observer's phone,
//! the role card (the agent looking away) shows the join code, the observer's phone (a real HTTP client on
//! loopback) joins (and, its battery low, gives its seat to another phone) and marks the steps while the agent plays — and the agent's screen does not change by a
//! character — the round ends straight in its debrief (no checklist on the shared screen), the stored
//! observer marks are the phone's, the second round starts unmarked, and the server is gone at the end.

use std::net::SocketAddr;

use bevy::prelude::*;
use goodwill::game::input::UiAction;
use goodwill::game::observer_phone::ObserverPhone;
use goodwill::game::results::ResultsDb;
use goodwill::game::run::pair::PairExercise;
use goodwill::game::run::{ActiveRun, Phase};
use goodwill::game::state::Screen;
use serde_json::{Value, json};

use crate::class_vote::phone::{self, Phone};
use crate::harness::{
    best_path, click, digit, headless, press, scenario_dir, screen, seed_store, shown_position, visible_text,
};

/// The observer's server on loopback, and its join code.
fn server(app: &App) -> (SocketAddr, String) {
    let phone = app.world().resource::<ObserverPhone>();
    (
        SocketAddr::from(([127, 0, 0, 1], phone.server.port())),
        phone.server.join_code().to_owned(),
    )
}

fn mark(observer: &Phone, step: usize, applied: Value) -> u16 {
    phone::post(
        observer.addr,
        "/api/marks",
        &json!({ "token": observer.token, "step": step, "applied": applied }),
    )
    .expect("mark")
    .status
}

fn settle(app: &mut App) {
    for _ in 0..3 {
        app.update();
    }
}

/// Plays the round's best path from its first line, the customer player rating 4.
fn play_round(app: &mut App, mut between: impl FnMut(&mut App)) {
    let path = best_path(app.world().resource::<ActiveRun>().session.scenario());
    for (step, index) in path.into_iter().enumerate() {
        for _ in 0..10 {
            if app.world().resource::<ActiveRun>().phase == Phase::Choosing {
                break;
            }
            press(app, KeyCode::Space);
        }
        if step == 1 {
            between(app);
        }
        let key = digit(shown_position(app, index));
        press(app, key);
        if matches!(app.world().resource::<ActiveRun>().phase, Phase::Rating(_)) {
            press(app, digit(4));
        }
        press(app, KeyCode::Space);
    }
}

/// The observer marks stored with the round just played, by step.
fn stored_marks(app: &App) -> Vec<(u8, bool)> {
    let id = app
        .world()
        .resource::<ActiveRun>()
        .recorder
        .attempt()
        .expect("the round was recorded")
        .to_owned();
    app.world()
        .resource::<ResultsDb>()
        .read(|s| s.observer_marks(&id))
        .expect("marks read")
}

#[test]
fn the_observer_marks_on_a_phone_during_the_round_and_the_phone_marks_are_stored() {
    let dir = scenario_dir("observer-phone", false);
    let mut app = headless(&dir);
    seed_store(&app, |s| {
        s.add_profile("Ann")
            .and(s.add_profile("Bob"))
            .and(s.add_profile("蔡明"))
    });
    click(&mut app, |b| b.action == UiAction::OpenPair);
    assert!(
        !visible_text(&mut app).contains("观察员用手机打分"),
        "no phone is offered without an observer"
    );
    click(&mut app, |b| matches!(b.action, UiAction::PickObserver(Some(_))));
    assert!(visible_text(&mut app).contains("[  ] 观察员用手机打分"));
    click(&mut app, |b| b.action == UiAction::ToggleObserverPhone);
    assert!(visible_text(&mut app).contains("[✓] 观察员用手机打分"));
    click(&mut app, |b| b.action == UiAction::StartPair);
    assert_eq!(screen(&app), Screen::RoleCard);
    let observer_name = app
        .world()
        .resource::<PairExercise>()
        .observer
        .clone()
        .expect("an observer");

    // The look-away screen shows the observer how to join; the phone joins with the code.
    let (addr, code) = server(&app);
    let spaced = code.chars().map(String::from).collect::<Vec<_>>().join(" ");
    let look_away = visible_text(&mut app);
    assert!(
        look_away.contains(&spaced) && look_away.contains("客服扮演者看不到这些标记"),
        "{look_away}"
    );
    let first_phone = Phone::join(addr, &code, &observer_name).expect("the observer's phone joins");
    settle(&mut app);
    assert!(visible_text(&mut app).contains("观察员已连接"));
    // That phone's battery is low: the seat is freed, the code is shown again, another phone takes it.
    click(&mut app, |b| b.action == UiAction::ReleaseObserverPhone);
    settle(&mut app);
    assert!(visible_text(&mut app).contains(&spaced));
    assert_eq!(mark(&first_phone, 1, json!(true)), 401, "the old phone is turned away");
    let observer = Phone::join(addr, &code, &observer_name).expect("the observer's other phone joins");
    settle(&mut app);
    assert!(visible_text(&mut app).contains("观察员已连接"));
    click(&mut app, |b| b.action == UiAction::RevealCard);
    click(&mut app, |b| b.action == UiAction::Continue);
    assert_eq!(screen(&app), Screen::Play);

    // During the round the observer marks (and changes a mark); the agent's screen stays as it was.
    let phone_marks = [(1, json!(true)), (2, json!(false)), (3, json!(true)), (5, json!(true))];
    play_round(&mut app, |app| {
        let before = visible_text(app);
        for (step, applied) in &phone_marks {
            assert_eq!(mark(&observer, *step, applied.clone()), 200);
        }
        assert_eq!(mark(&observer, 5, json!(false)), 200, "a changed mind");
        settle(app);
        let after = visible_text(app);
        assert_eq!(before, after, "the marks change nothing on the agent's screen");
        for word in ["做到了", "没做到", "标记", "[✓]"] {
            assert!(
                !after.contains(word),
                "no mark on the agent's screen: {word} in {after}"
            );
        }
    });

    // The round ends in its own debrief: the shared screen's checklist is skipped.
    settle(&mut app);
    assert_eq!(screen(&app), Screen::Debrief);
    let expected: Vec<(u8, bool)> = vec![
        (1, true),
        (2, false),
        (3, true),
        (4, false),
        (5, false),
        (6, false),
        (7, false),
    ];
    assert_eq!(stored_marks(&app), expected, "the phone's marks are the round's");
    assert_eq!(
        mark(&observer, 4, json!(true)),
        409,
        "a mark after the round is refused"
    );
    assert_eq!(stored_marks(&app), expected);

    // Round two opens unmarked on the same phone.
    click(&mut app, |b| b.action == UiAction::NextRound);
    assert_eq!(screen(&app), Screen::RoleCard);
    let state = phone::get(addr, &format!("/api/marks?token={}", observer.token))
        .expect("marks")
        .json();
    assert_eq!(state["open"], true);
    assert!(
        state["round_title"].as_str().is_some_and(|t| t.starts_with("第2轮")),
        "{state}"
    );
    assert!(
        state["steps"]
            .as_array()
            .expect("steps")
            .iter()
            .all(|s| s["applied"].is_null())
    );
    click(&mut app, |b| b.action == UiAction::RevealCard);
    click(&mut app, |b| b.action == UiAction::Continue);
    play_round(&mut app, |_| {
        assert_eq!(mark(&observer, 6, json!(true)), 200);
    });
    settle(&mut app);
    assert_eq!(screen(&app), Screen::Debrief);
    let second = stored_marks(&app);
    assert_eq!(
        second.iter().filter(|(_, applied)| *applied).collect::<Vec<_>>(),
        vec![&(6, true)]
    );

    // The exercise ends: both rounds side by side, with the observer's marks; the server is gone.
    click(&mut app, |b| b.action == UiAction::NextRound);
    assert_eq!(screen(&app), Screen::PairDebrief);
    settle(&mut app);
    assert!(app.world().get_resource::<ObserverPhone>().is_none());
    assert!(phone::get(addr, "/healthz").is_err(), "the port is closed");
}

#[test]
fn without_the_phone_the_observer_marks_on_the_shared_screen_as_before() {
    let dir = scenario_dir("observer-no-phone", false);
    let mut app = headless(&dir);
    seed_store(&app, |s| {
        s.add_profile("Ann").and(s.add_profile("Bob")).and(s.add_profile("Cai"))
    });
    click(&mut app, |b| b.action == UiAction::OpenPair);
    click(&mut app, |b| matches!(b.action, UiAction::PickObserver(Some(_))));
    click(&mut app, |b| b.action == UiAction::StartPair);
    assert!(
        app.world().get_resource::<ObserverPhone>().is_none(),
        "no server without the toggle"
    );
    click(&mut app, |b| b.action == UiAction::RevealCard);
    click(&mut app, |b| b.action == UiAction::Continue);
    play_round(&mut app, |_| {});
    assert_eq!(screen(&app), Screen::Observer);
}
