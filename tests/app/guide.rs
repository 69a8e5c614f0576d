//! The first-run guide and the glossary: greeted once, skippable, reopened from the title and settings;
//! the glossary over play and the debrief, returning to the same step.

use bevy::prelude::*;
use goodwill::game::input::UiAction;
use goodwill::game::run::ActiveRun;
use goodwill::game::settings::Settings;
use goodwill::game::state::Screen;

use crate::harness::{
    best_path, choose_with_keys, click, digit, headless, headless_with_settings, pick_case_with_keys, press,
    scenario_dir, screen, shown_position, tempdir, type_line, visible_text,
};

#[test]
fn the_guide_greets_a_first_launch_once_and_can_be_skipped() {
    let dir = scenario_dir("guide", false);
    let data = tempdir("guide-data");
    // A first launch: no settings file yet.
    let config = tempdir("guide-config");
    let (first, problem) = Settings::load_from(&config.join("settings.ron"));
    assert!(problem.0.is_none());
    let mut app = headless_with_settings(&dir, &data, first);
    assert_eq!(screen(&app), Screen::Onboarding);
    let text = visible_text(&mut app);
    // The engine's own rule text, the loss line included, is what the trainee reads.
    let scale = goodwill_engine::account::rules()[0].zh.clone();
    assert!(text.contains(scale.as_str()), "{text}");
    assert!(text.contains("透支") || text.contains("跌破 0"), "{text}");
    // → turns the page; the golden steps are there with the engine's names and descriptions.
    press(&mut app, KeyCode::ArrowRight);
    press(&mut app, KeyCode::ArrowRight);
    let text = visible_text(&mut app);
    for step in goodwill_engine::Principle::GOLDEN_STEPS {
        assert!(text.contains(step.name().zh.as_str()), "{:?} missing:\n{text}", step);
        assert!(
            text.contains(step.description().zh.as_str()),
            "{:?} missing:\n{text}",
            step
        );
    }
    // Esc skips the rest, and the game remembers it.
    press(&mut app, KeyCode::Escape);
    assert_eq!(screen(&app), Screen::Title);
    let seen = app.world().resource::<Settings>().clone();
    assert!(seen.onboarding_seen);
    seen.save_to(&config.join("settings.ron")).unwrap();
    drop(app);
    // The next launch goes straight to the title; the guide is still one click away.
    let (again, _) = Settings::load_from(&config.join("settings.ron"));
    let mut app = headless_with_settings(&dir, &data, again);
    assert_eq!(screen(&app), Screen::Title);
    click(&mut app, |b| b.action == UiAction::OpenGuide);
    assert_eq!(screen(&app), Screen::Onboarding);
    // Enter turns the pages to the end and starts practising, back where the guide was opened from.
    for _ in 0..4 {
        press(&mut app, KeyCode::Enter);
    }
    assert_eq!(screen(&app), Screen::Title);
    // From settings too, and back to settings.
    click(&mut app, |b| b.action == UiAction::OpenSettings);
    click(&mut app, |b| b.action == UiAction::OpenGuide);
    assert_eq!(screen(&app), Screen::Onboarding);
    click(&mut app, |b| b.action == UiAction::Done);
    assert_eq!(screen(&app), Screen::Settings);
}

/// Whether the glossary is open over the current screen.
fn glossary_open(app: &App) -> bool {
    *app.world()
        .resource::<State<goodwill::game::glossary::Glossary>>()
        .get()
        == goodwill::game::glossary::Glossary::Open
}

#[test]
fn the_glossary_opens_from_play_and_the_debrief_and_returns_to_the_same_step() {
    let dir = scenario_dir("glossary", false);
    let mut app = headless(&dir);
    click(&mut app, |b| b.action == UiAction::Play);
    type_line(&mut app, "Ann");
    pick_case_with_keys(&mut app, "spilled-soup");
    let path = best_path(app.world().resource::<ActiveRun>().session.scenario());
    choose_with_keys(&mut app, path[0]);
    press(&mut app, KeyCode::Space);
    let before = {
        let run = app.world().resource::<ActiveRun>();
        (
            run.session.choices().to_vec(),
            run.session.offered().to_vec(),
            run.phase,
        )
    };
    press(&mut app, KeyCode::KeyG);
    assert!(glossary_open(&app));
    let text = visible_text(&mut app);
    for step in goodwill_engine::Principle::GOLDEN_STEPS {
        assert!(text.contains(step.name().zh.as_str()), "{text}");
    }
    assert!(
        text.contains(goodwill_engine::account::rules()[2].zh.as_str()),
        "promises: {text}"
    );
    // Keys pressed over the glossary do not answer the customer underneath.
    let answer = digit(shown_position(&app, path[1]));
    press(&mut app, answer);
    press(&mut app, KeyCode::Space);
    assert_eq!(app.world().resource::<ActiveRun>().session.choices(), &before.0[..]);
    press(&mut app, KeyCode::Escape);
    assert!(!glossary_open(&app));
    assert_eq!(screen(&app), Screen::Play);
    assert_eq!(
        *app.world()
            .resource::<State<goodwill::game::screens::play::Pause>>()
            .get(),
        goodwill::game::screens::play::Pause::Running,
        "closing the glossary goes back to play, not to the pause menu"
    );
    {
        let run = app.world().resource::<ActiveRun>();
        assert_eq!(
            (
                run.session.choices().to_vec(),
                run.session.offered().to_vec(),
                run.phase
            ),
            before
        );
    }
    // Play goes on from exactly there.
    press(&mut app, answer);
    assert_eq!(app.world().resource::<ActiveRun>().session.choices(), &path[..2]);
    press(&mut app, KeyCode::Space);
    for &index in &path[2..] {
        choose_with_keys(&mut app, index);
    }
    assert_eq!(screen(&app), Screen::Debrief);
    click(&mut app, |b| b.action == UiAction::OpenGlossary);
    assert!(glossary_open(&app));
    // Esc closes the glossary only; the debrief stays.
    press(&mut app, KeyCode::Escape);
    assert!(!glossary_open(&app));
    assert_eq!(screen(&app), Screen::Debrief);
    press(&mut app, KeyCode::KeyG);
    assert!(glossary_open(&app));
    click(&mut app, |b| b.action == UiAction::CloseGlossary);
    assert!(!glossary_open(&app));
    assert_eq!(screen(&app), Screen::Debrief);
}
