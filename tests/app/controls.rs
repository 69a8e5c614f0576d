//! What the highlight and the on-screen controls do on each screen and in each phase of play: a mouse
//! alone can pause, leave a case and open the glossary; each phase opens with its first button
//! highlighted and the key hint names the keys that work; the debrief does not start over on a stray
//! Enter; a screen returned to highlights the button it was left from; the guide, the pair chooser, the
//! look-away screen, a practice branch and a broken settings file say and do what they show.

use bevy::prelude::*;
use goodwill::game::input::{ActionButton, Focus, UiAction};
use goodwill::game::run::{ActiveRun, Phase};
use goodwill::game::settings::{BrokenSettings, SettingsFault, SettingsProblem};
use goodwill::game::state::Screen;
use goodwill_engine::Lang;

use crate::harness::{
    best_path, click, digit, headless, pick_case_with_keys, press, scenario_dir, screen, seed_class, seed_store,
    shown_position, sign_in, visible_text,
};

/// The action of the highlighted button, if any.
fn focused_action(app: &mut App) -> Option<UiAction> {
    let focused = app.world().resource::<Focus>().0?;
    let mut buttons = app.world_mut().query::<&ActionButton>();
    buttons.iter(app.world()).find(|b| b.order == focused).map(|b| b.action)
}

/// The case list, signed in as Ann.
fn to_the_cases(app: &mut App) {
    seed_store(app, |s| s.add_profile("Ann"));
    sign_in(app, "Ann");
    app.world_mut().resource_mut::<NextState<Screen>>().set(Screen::Select);
    for _ in 0..3 {
        app.update();
    }
    assert_eq!(screen(app), Screen::Select);
}

fn phase(app: &App) -> Phase {
    app.world().resource::<ActiveRun>().phase
}

#[test]
fn each_phase_of_play_opens_with_its_first_button_highlighted_and_hints_the_keys_that_work() {
    let dir = scenario_dir("controls-phases", false);
    let mut app = headless(&dir);
    to_the_cases(&mut app);
    pick_case_with_keys(&mut app, "spilled-soup");
    // While the line is revealed nothing is highlighted: Enter shows the rest of the line.
    assert_eq!(phase(&app), Phase::Reveal);
    assert_eq!(app.world().resource::<Focus>().0, None);
    press(&mut app, KeyCode::Enter);
    assert_eq!(phase(&app), Phase::Choosing);
    assert_eq!(
        focused_action(&mut app),
        Some(UiAction::Choose(0)),
        "the first answer is highlighted"
    );
    let answers = app.world().resource::<ActiveRun>().session.offered().len();
    let text = visible_text(&mut app);
    assert!(
        text.contains(&format!("数字键 1–{answers} 选择")),
        "the hint names the answers' real range: {text}"
    );
    // Tab walks the answers and the controls: never the customer's line, where Enter would do nothing.
    let mut stops = Vec::new();
    for _ in 0..answers + 2 {
        press(&mut app, KeyCode::Tab);
        stops.push(focused_action(&mut app).expect("Tab lands on a button"));
    }
    assert!(
        stops
            .iter()
            .all(|a| matches!(a, UiAction::Choose(_) | UiAction::Pause | UiAction::OpenGlossary)),
        "{stops:?}"
    );
    assert!(!stops.contains(&UiAction::Continue), "{stops:?}");
    // Answer with Enter on the highlighted first answer: the feedback opens on Continue.
    app.world_mut().resource_mut::<Focus>().0 = Some(0);
    press(&mut app, KeyCode::Enter);
    assert_eq!(phase(&app), Phase::Feedback);
    assert_eq!(focused_action(&mut app), Some(UiAction::Continue));
    let deposits = |app: &mut App| {
        visible_text(app)
            .lines()
            .filter(|l| l.starts_with('+') || l.starts_with('-'))
            .count()
    };
    assert!(
        deposits(&mut app) > 0,
        "the answer's deposit or withdrawal is shown with its feedback"
    );
    assert!(visible_text(&mut app).contains("空格 / Enter 继续"));
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Space);
    assert_eq!(phase(&app), Phase::Choosing);
    assert_eq!(
        deposits(&mut app),
        0,
        "the last answer's +N is gone once the next question is asked"
    );
    // English says the same range.
    app.world_mut()
        .resource_mut::<goodwill::game::settings::Settings>()
        .lang = Lang::En;
    for _ in 0..3 {
        app.update();
    }
    let answers = app.world().resource::<ActiveRun>().session.offered().len();
    assert!(visible_text(&mut app).contains(&format!("Keys 1–{answers} choose")));
}

#[test]
fn a_mouse_alone_pauses_leaves_a_case_and_opens_the_glossary() {
    let dir = scenario_dir("controls-mouse", false);
    let mut app = headless(&dir);
    to_the_cases(&mut app);
    pick_case_with_keys(&mut app, "spilled-soup");
    click(&mut app, |b| b.action == UiAction::OpenGlossary);
    assert!(
        visible_text(&mut app).contains("七大黄金步骤"),
        "the glossary is open over play"
    );
    click(&mut app, |b| b.action == UiAction::CloseGlossary);
    assert_eq!(screen(&app), Screen::Play);
    click(&mut app, |b| b.action == UiAction::Pause);
    assert_eq!(
        *app.world()
            .resource::<State<goodwill::game::screens::play::Pause>>()
            .get(),
        goodwill::game::screens::play::Pause::Paused
    );
    click(&mut app, |b| b.action == UiAction::BackToList);
    assert_eq!(screen(&app), Screen::Select, "the case is left with clicks alone");
}

#[test]
fn the_pause_menu_gives_the_highlight_back_to_the_answer_it_was_on() {
    let dir = scenario_dir("controls-pause-focus", false);
    let mut app = headless(&dir);
    to_the_cases(&mut app);
    pick_case_with_keys(&mut app, "spilled-soup");
    press(&mut app, KeyCode::Space);
    press(&mut app, KeyCode::ArrowDown);
    let on = app.world().resource::<Focus>().0;
    assert_eq!(on, Some(1));
    press(&mut app, KeyCode::Escape);
    assert_eq!(focused_action(&mut app), Some(UiAction::Resume));
    press(&mut app, KeyCode::Escape);
    assert_eq!(app.world().resource::<Focus>().0, on);
}

#[test]
fn a_stray_enter_on_the_debrief_starts_nothing_and_starting_over_is_a_deliberate_press() {
    let dir = scenario_dir("controls-debrief", false);
    let mut app = headless(&dir);
    to_the_cases(&mut app);
    pick_case_with_keys(&mut app, "spilled-soup");
    let path = best_path(app.world().resource::<ActiveRun>().session.scenario());
    for index in path {
        press(&mut app, KeyCode::Space);
        let key = digit(shown_position(&app, index));
        press(&mut app, key);
        press(&mut app, KeyCode::Enter);
    }
    while screen(&app) == Screen::Play {
        press(&mut app, KeyCode::Enter);
    }
    assert_eq!(screen(&app), Screen::Debrief);
    assert_eq!(focused_action(&mut app), Some(UiAction::OpenGlossary));
    let attempts = |app: &App| {
        app.world()
            .resource::<goodwill::game::results::ResultsDb>()
            .read(|s| Ok(s.finished_attempts(Some("Ann"), None)?.len() + s.unfinished()?.len()))
            .unwrap()
    };
    let before = attempts(&app);
    // One Enter too many: the glossary opens over the debrief, which is still there when it closes.
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Debrief);
    press(&mut app, KeyCode::Escape);
    assert_eq!(screen(&app), Screen::Debrief, "the debrief is still shown");
    assert_eq!(attempts(&app), before, "no new attempt was started");
    // Starting over is its own button (or R).
    click(&mut app, |b| b.action == UiAction::Retry);
    assert_eq!(screen(&app), Screen::Play);
}

#[test]
fn a_screen_returned_to_highlights_the_button_it_was_left_from() {
    let dir = scenario_dir("controls-return", false);
    let mut app = headless(&dir);
    assert_eq!(focused_action(&mut app), Some(UiAction::Play));
    app.world_mut().resource_mut::<Focus>().0 = None;
    // Keyboard to Settings, in, and back out.
    let mut buttons = app.world_mut().query::<&ActionButton>();
    let settings = buttons
        .iter(app.world())
        .find(|b| b.action == UiAction::OpenSettings)
        .unwrap()
        .order;
    app.world_mut().resource_mut::<Focus>().0 = Some(settings);
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Settings);
    press(&mut app, KeyCode::Escape);
    assert_eq!(screen(&app), Screen::Title);
    assert_eq!(
        focused_action(&mut app),
        Some(UiAction::OpenSettings),
        "back on Settings, not on Play"
    );
}

#[test]
fn the_guides_last_page_says_enter_starts_practising() {
    let dir = scenario_dir("controls-guide", false);
    let mut app = headless(&dir);
    click(&mut app, |b| b.action == UiAction::OpenGuide);
    let mut pages = 0;
    while !visible_text(&mut app).contains("开始练习") {
        assert!(visible_text(&mut app).contains("Enter 下一页"));
        click(&mut app, |b| b.action == UiAction::NextStep);
        pages += 1;
        assert!(pages < 10, "the guide ends");
    }
    let text = visible_text(&mut app);
    assert!(text.contains("Enter 开始练习"), "{text}");
    assert!(!text.contains("Enter 下一页"), "{text}");
}

#[test]
fn the_pair_case_chooser_steps_both_ways_and_the_look_away_screen_reveals_nothing_on_enter() {
    let dir = scenario_dir("controls-pair", false);
    let mut app = headless(&dir);
    seed_class(&app, &["Ann", "李明"]);
    click(&mut app, |b| b.action == UiAction::OpenPair);
    assert_eq!(screen(&app), Screen::PairSetup);
    let chooser = |app: &mut App| {
        let mut buttons = app.world_mut().query::<&ActionButton>();
        buttons
            .iter(app.world())
            .find(|b| b.action == UiAction::CycleCase)
            .unwrap()
            .order
    };
    let case_line = |app: &mut App| {
        visible_text(app)
            .lines()
            .find(|l| l.contains("案例："))
            .unwrap()
            .to_owned()
    };
    let order = chooser(&mut app);
    app.world_mut().resource_mut::<Focus>().0 = Some(order);
    let first = case_line(&mut app);
    press(&mut app, KeyCode::ArrowRight);
    let second = case_line(&mut app);
    assert_ne!(first, second, "→ steps to the next case");
    assert_eq!(app.world().resource::<Focus>().0, Some(order), "the highlight stays");
    press(&mut app, KeyCode::ArrowLeft);
    assert_eq!(case_line(&mut app), first, "← steps back");
    press(&mut app, KeyCode::ArrowLeft);
    assert_ne!(case_line(&mut app), first, "← from the first goes round to the last");
    assert_eq!(app.world().resource::<Focus>().0, Some(order));
    click(&mut app, |b| b.action == UiAction::StartPair);
    assert_eq!(screen(&app), Screen::RoleCard);
    // The agent player, told to look away, presses Enter: the card stays hidden.
    assert_eq!(app.world().resource::<Focus>().0, None);
    press(&mut app, KeyCode::Enter);
    let mut cards = app
        .world_mut()
        .query_filtered::<(), With<goodwill::game::screens::role_card::RoleCardPanel>>();
    assert_eq!(cards.iter(app.world()).count(), 0, "Enter alone shows no role card");
    click(&mut app, |b| b.action == UiAction::RevealCard);
    assert_eq!(cards.iter(app.world()).count(), 1);
}

#[test]
fn the_sincerity_rating_opens_with_a_rating_highlighted_and_its_hint_says_1_to_5() {
    let dir = scenario_dir("controls-rating", false);
    let mut app = headless(&dir);
    seed_class(&app, &["Ann", "李明"]);
    click(&mut app, |b| b.action == UiAction::OpenPair);
    click(&mut app, |b| b.action == UiAction::StartPair);
    click(&mut app, |b| b.action == UiAction::RevealCard);
    click(&mut app, |b| b.action == UiAction::Continue);
    let path = best_path(app.world().resource::<ActiveRun>().session.scenario());
    for index in path {
        press(&mut app, KeyCode::Space);
        let key = digit(shown_position(&app, index));
        press(&mut app, key);
        if matches!(phase(&app), Phase::Rating(_)) {
            assert!(
                matches!(focused_action(&mut app), Some(UiAction::Rate(_))),
                "a rating is highlighted"
            );
            let text = visible_text(&mut app);
            assert!(text.contains("数字键 1–5 评分"), "{text}");
            assert!(!text.contains("1–4"), "{text}");
            return;
        }
        press(&mut app, KeyCode::Space);
    }
    panic!("no line asked for a rating");
}

#[test]
fn a_practice_branch_is_marked_as_practice_during_play() {
    let dir = scenario_dir("controls-practice", false);
    let mut app = headless(&dir);
    to_the_cases(&mut app);
    pick_case_with_keys(&mut app, "spilled-soup");
    let mut marker = app
        .world_mut()
        .query_filtered::<(), With<goodwill::game::screens::play::PracticeMarker>>();
    assert_eq!(marker.iter(app.world()).count(), 0, "a real attempt is not marked");
    while screen(&app) == Screen::Play {
        press(&mut app, KeyCode::Space);
        if phase(&app) == Phase::Choosing {
            press(&mut app, digit(1));
        }
    }
    click(&mut app, |b| b.action == UiAction::TryFrom(0));
    assert_eq!(screen(&app), Screen::Play);
    assert_eq!(marker.iter(app.world()).count(), 1, "the practice branch is marked");
    assert!(visible_text(&mut app).contains("练习（不计入成绩）"));
}

#[test]
fn a_broken_settings_banner_speaks_the_players_language_and_goes_once_settings_are_saved() {
    let dir = scenario_dir("controls-banner", false);
    let mut app = headless(&dir);
    // Kept aside under this name, so a good file may be saved in its place.
    let kept = dir.join("settings.ron.broken");
    app.world_mut().resource_mut::<SettingsProblem>().0 = Some(BrokenSettings {
        fault: SettingsFault::Rules { line: 3, column: 14 },
        error: "3:14: Unexpected missing field named `text_size`".into(),
        kept_as: Some(kept.clone()),
    });
    click(&mut app, |b| b.action == UiAction::OpenSettings);
    let banner = |app: &mut App| {
        visible_text(app)
            .lines()
            .find(|l| l.starts_with('⚠'))
            .map(str::to_owned)
    };
    let zh = banner(&mut app).expect("the banner is shown");
    assert!(zh.contains("第 3 行第 14 列"), "{zh}");
    let words = zh.replace(&kept.display().to_string(), "");
    assert!(
        !words.chars().any(|c| c.is_ascii_alphabetic()),
        "no English parser words in Chinese: {zh}"
    );
    // A setting changed and saved: a good file stands in place of the broken one.
    click(&mut app, |b| b.action == UiAction::ToggleLanguage);
    assert_eq!(banner(&mut app), None, "the banner goes once new settings are saved");
    click(&mut app, |b| b.action == UiAction::Back);
    assert_eq!(screen(&app), Screen::Title);
    assert_eq!(banner(&mut app), None);
}
