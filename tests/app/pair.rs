//! The pair exercise: the role card, the sincerity rating, the observer, the swapped second round, and an
//! interrupted round resumed.

use bevy::prelude::*;
use goodwill::game::input::UiAction;
use goodwill::game::results::ResultsDb;
use goodwill::game::run::ActiveRun;
use goodwill::game::state::Screen;

use crate::harness::{
    answer, best_path, click, headless, headless_with_data, press, scenario_dir, screen, seed_store, sign_in, tempdir,
    visible_text,
};

#[test]
fn pair_exercise_shows_the_role_card_rates_sincerity_and_swaps_roles() {
    let dir = scenario_dir("pair", false);
    let mut app = headless(&dir);
    seed_store(&app, |s| {
        s.add_profile("Ann").and(s.add_profile("Bob")).and(s.add_profile("Cai"))
    });
    click(&mut app, |b| b.action == UiAction::OpenPair);
    assert_eq!(screen(&app), Screen::PairSetup);
    // Roles are picked from the list of trainees; the observer row offers only the third person.
    click(&mut app, |b| matches!(b.action, UiAction::PickObserver(Some(_))));
    click(&mut app, |b| b.action == UiAction::StartPair);
    assert_eq!(screen(&app), Screen::RoleCard);
    let exercise = app
        .world()
        .resource::<goodwill::game::run::pair::PairExercise>()
        .clone();
    let (a, b) = (exercise.first_agent.clone(), exercise.first_customer.clone());
    assert_ne!(a, b);
    assert_eq!(exercise.observer.as_deref().map(|o| o != a && o != b), Some(true));
    // Round one: the card stays hidden until the agent has looked away and the customer player asks.
    let hidden = visible_text(&mut app);
    assert!(
        hidden.contains("转过身去") && !hidden.contains("发生了什么"),
        "{hidden}"
    );
    click(&mut app, |b| b.action == UiAction::RevealCard);
    // The customer player's card tells what happened.
    assert!(visible_text(&mut app).contains("角色卡"));
    click(&mut app, |b| b.action == UiAction::Continue);
    assert_eq!(screen(&app), Screen::Play);
    let mut rated = 0;
    let scenario = app.world().resource::<ActiveRun>().session.scenario().clone();
    let path = best_path(&scenario);
    for &index in &path {
        rated += usize::from(answer(&mut app, index, 1));
    }
    assert!(rated >= 2, "marked lines ask the customer player for a rating");
    // The observer ticks two steps before the game's own checklist is on screen.
    assert_eq!(screen(&app), Screen::Observer);
    assert!(
        !visible_text(&mut app).contains("✓ 1."),
        "no verdict shown to the observer yet"
    );
    click(&mut app, |b| b.action == UiAction::ToggleObserverStep(2));
    click(&mut app, |b| b.action == UiAction::Done);
    assert_eq!(screen(&app), Screen::Debrief);
    let hollow = app.world().resource::<ActiveRun>().session.report().unwrap().clone();
    let as_written = goodwill_engine::session::run(scenario, 1, &path)
        .unwrap()
        .report()
        .unwrap()
        .final_balance;
    assert!(
        hollow.final_balance < as_written,
        "hollow delivery deposits less than the written line"
    );
    click(&mut app, |b| b.action == UiAction::NextRound);
    // Round two swaps the roles and plays the paired case.
    assert_eq!(screen(&app), Screen::RoleCard);
    click(&mut app, |b| b.action == UiAction::RevealCard);
    click(&mut app, |b| b.action == UiAction::Continue);
    let path = best_path(app.world().resource::<ActiveRun>().session.scenario());
    for index in path {
        answer(&mut app, index, 5);
    }
    assert_eq!(screen(&app), Screen::Observer);
    click(&mut app, |b| b.action == UiAction::Done);
    assert_eq!(screen(&app), Screen::Debrief);
    click(&mut app, |b| b.action == UiAction::NextRound);
    assert_eq!(screen(&app), Screen::PairDebrief);
    let text = visible_text(&mut app);
    assert!(
        text.contains("两轮对比") && text.contains(&a) && text.contains(&b),
        "{text}"
    );
    let db = app.world().resource::<ResultsDb>();
    let ann = db.read(|s| s.finished_attempts(Some(&a), None)).unwrap();
    let bob = db.read(|s| s.finished_attempts(Some(&b), None)).unwrap();
    assert_eq!((ann.len(), bob.len()), (1, 1));
    assert_eq!(ann[0].customer_player.as_deref(), Some(b.as_str()));
    assert_eq!(bob[0].customer_player.as_deref(), Some(a.as_str()));
    assert_eq!((ann[0].round, bob[0].round), (Some(1), Some(2)));
    assert_eq!(ann[0].pair_id, bob[0].pair_id);
    // Round two plays the first case's partner.
    let first = &exercise.cases[0];
    assert_eq!(Some(&bob[0].scenario), first.pair_with.as_ref());
    assert_ne!(bob[0].scenario, ann[0].scenario);
    let ratings: Vec<u8> = db
        .read(|s| s.decisions(&ann[0].id))
        .unwrap()
        .iter()
        .filter_map(|d| d.sincerity)
        .collect();
    assert!(ratings.iter().all(|&r| r == 1) && !ratings.is_empty());
    assert_eq!(db.read(|s| s.observer_marks(&ann[0].id)).unwrap()[2], (3, true));
}

#[test]
fn an_interrupted_pair_round_resumes_and_still_ends_with_both_rounds_side_by_side() {
    let dir = scenario_dir("pair-resume", false);
    let data = tempdir("pair-resume-data");
    {
        let mut app = headless_with_data(&dir, &data);
        seed_store(&app, |s| s.add_profile("Ann").and(s.add_profile("Bob")));
        // Ann is signed in (and remembered): the next start offers her the pair round she played in.
        sign_in(&mut app, "Ann");
        click(&mut app, |b| b.action == UiAction::OpenPair);
        click(&mut app, |b| b.action == UiAction::StartPair);
        click(&mut app, |b| b.action == UiAction::RevealCard);
        click(&mut app, |b| b.action == UiAction::Continue);
        for index in best_path(app.world().resource::<ActiveRun>().session.scenario()) {
            answer(&mut app, index, 4);
        }
        click(&mut app, |b| b.action == UiAction::NextRound);
        assert_eq!(screen(&app), Screen::RoleCard);
        click(&mut app, |b| b.action == UiAction::RevealCard);
        click(&mut app, |b| b.action == UiAction::Continue);
        for &index in &best_path(app.world().resource::<ActiveRun>().session.scenario())[..2] {
            answer(&mut app, index, 5);
        }
        assert_eq!(screen(&app), Screen::Play);
        // Killed here, in the middle of round two.
    }
    let mut app = headless_with_data(&dir, &data);
    press(&mut app, KeyCode::Enter);
    // Key → action → run → screen change can take a few frames, depending on system order.
    for _ in 0..3 {
        app.update();
    }
    assert_eq!(screen(&app), Screen::Play);
    let path = best_path(app.world().resource::<ActiveRun>().session.scenario());
    assert_eq!(app.world().resource::<ActiveRun>().session.choices(), &path[..2]);
    for &index in &path[2..] {
        answer(&mut app, index, 5);
    }
    assert_eq!(screen(&app), Screen::Debrief);
    click(&mut app, |b| b.action == UiAction::NextRound);
    assert_eq!(screen(&app), Screen::PairDebrief);
    let text = visible_text(&mut app);
    assert!(
        text.contains("第1轮") && text.contains("第2轮"),
        "both rounds, the first replayed from the store: {text}"
    );
}
