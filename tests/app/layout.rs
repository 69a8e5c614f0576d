//! The laid-out interface (Bevy's UI layout on a headless window): every button reached by keyboard and
//! shown whole at the largest text and on a projector, and menus moved by row and column.

mod readable;

use std::path::Path;

use bevy::prelude::*;
use goodwill::game::input::ActionButton;
use goodwill::game::input::UiAction;
use goodwill::game::library::Library;
use goodwill::game::run::ActiveRun;
use goodwill::game::screens::select::ErrorCard;
use goodwill::game::settings::Settings;
use goodwill::game::state::Screen;

use crate::harness::{
    PastAttempt, answer, best_path, choose_with_keys, click, digit, headless, pick_case_with_keys, press, repo,
    scenario_dir, screen, seed_class, shipped_cases, shown_position, sign_in, visible_text,
};

/// The headless game with Bevy's UI layout running (text shaped with the shipped font) on a 1280×720
/// logical target: every node gets the `ComputedNode` and `UiGlobalTransform` a window would show.
fn headless_laid_out(scenarios: &Path, text_size: goodwill::game::settings::TextSize) -> App {
    headless_laid_out_at(scenarios, text_size, UVec2::new(1280, 720))
}

/// The same on a window of `physical` pixels, the interface scaled with its height as the game does.
fn headless_laid_out_at(scenarios: &Path, text_size: goodwill::game::settings::TextSize, physical: UVec2) -> App {
    use bevy::app::{HierarchyPropagatePlugin, PropagateSet};
    use bevy::ui::{ComputedUiRenderTargetInfo, ComputedUiTargetCamera, UiSystems};
    let mut app = headless(scenarios);
    // `UiPlugin` also brings picking and accessibility, which need a window; layout needs only these.
    app.add_plugins((
        bevy::text::TextPlugin,
        HierarchyPropagatePlugin::<ComputedUiTargetCamera>::new(PostUpdate),
        HierarchyPropagatePlugin::<ComputedUiRenderTargetInfo>::new(PostUpdate),
    ))
    .init_resource::<UiScale>()
    .init_resource::<bevy::ui::ui_surface::UiSurface>()
    .configure_sets(
        PostUpdate,
        (
            UiSystems::Prepare,
            UiSystems::Propagate,
            UiSystems::Content,
            UiSystems::Layout,
        )
            .chain(),
    )
    .configure_sets(
        PostUpdate,
        (
            PropagateSet::<ComputedUiTargetCamera>::default().in_set(UiSystems::Propagate),
            PropagateSet::<ComputedUiRenderTargetInfo>::default().in_set(UiSystems::Propagate),
        ),
    )
    .add_systems(
        PostUpdate,
        (
            bevy::ui::update::propagate_ui_target_cameras.in_set(UiSystems::Prepare),
            bevy::ui::widget::measure_text_system
                .in_set(UiSystems::Content)
                .after(bevy::text::detect_text_needs_rerender)
                .after(bevy::text::load_font_assets_into_font_collection),
            bevy::ui::ui_layout_system.in_set(UiSystems::Layout),
        ),
    );
    let font = std::fs::read(repo().join("assets/fonts/NotoSansSC-goodwill.otf")).unwrap();
    let _ = app
        .world_mut()
        .resource_mut::<Assets<bevy::text::Font>>()
        .insert(AssetId::default(), bevy::text::Font::from_bytes(font));
    app.world_mut().spawn((
        Camera2d,
        Camera {
            computed: bevy::camera::ComputedCameraValues {
                target_info: Some(bevy::camera::RenderTargetInfo {
                    physical_size: physical,
                    scale_factor: 1.0,
                }),
                ..default()
            },
            ..default()
        },
    ));
    app.world_mut().resource_mut::<Settings>().text_size = text_size;
    // What `settings::scale_to_window` does with a real window.
    app.world_mut().resource_mut::<UiScale>().0 =
        (physical.y as f32 / goodwill::game::settings::DESIGN_HEIGHT).max(1.0);
    for _ in 0..3 {
        app.update();
    }
    app
}

/// The rectangle (in the window's physical pixels) a node was last laid out at.
fn laid_out_rect(app: &App, entity: Entity) -> Rect {
    let node = app.world().get::<ComputedNode>(entity).unwrap();
    let at = app.world().get::<UiGlobalTransform>(entity).unwrap();
    Rect::from_center_size(at.translation, node.size)
}

/// The shown buttons (only an open overlay's, while one is open) by focus order.
fn focusable(app: &mut App) -> Vec<(usize, Entity)> {
    let mut query = app
        .world_mut()
        .query::<(Entity, &ActionButton, Has<goodwill::game::input::OverlayButton>)>();
    let all: Vec<_> = query.iter(app.world()).map(|(e, b, o)| (b.order, e, o)).collect();
    let overlay = all.iter().any(|(_, _, o)| *o);
    let mut shown: Vec<(usize, Entity)> = all
        .into_iter()
        .filter(|(_, _, o)| !overlay || *o)
        .map(|(order, e, _)| (order, e))
        .collect();
    shown.sort();
    shown
}

/// What the player would see of the focused button: it must lie inside the window and inside
/// every ancestor that clips (a scrolling column, the screen itself), with no part cut off.
fn assert_focused_in_view(app: &mut App, what: &str) {
    let order = app
        .world()
        .resource::<goodwill::game::input::Focus>()
        .0
        .unwrap_or_else(|| panic!("{what}: nothing is focused"));
    let (_, entity) = *focusable(app)
        .iter()
        .find(|(o, _)| *o == order)
        .unwrap_or_else(|| panic!("{what}: the focused button {order} is not on screen"));
    assert_in_view(app, entity, what);
}

/// Presses ↓ from nothing focused through every answer: each one is shown whole, and the customer's line
/// stays in sight while the trainee picks an answer to it.
fn walk_the_answers_down(app: &mut App, answers: usize, what: &str) {
    assert_eq!(
        app.world().resource::<ActiveRun>().phase,
        goodwill::game::run::Phase::Choosing,
        "{what}"
    );
    app.world_mut().resource_mut::<goodwill::game::input::Focus>().0 = None;
    for _ in 0..answers {
        press(app, KeyCode::ArrowDown);
        for _ in 0..3 {
            app.update();
        }
        assert_focused_in_view(app, what);
        let mut line = app
            .world_mut()
            .query_filtered::<&ChildOf, With<goodwill::game::screens::play::CustomerLine>>();
        let panel = line.single(app.world()).unwrap().parent();
        assert_in_view(app, panel, &format!("{what}: the customer's line"));
    }
}

/// `entity` is laid out whole inside the window and inside every container that clips it.
fn assert_in_view(app: &mut App, entity: Entity, what: &str) {
    let rect = laid_out_rect(app, entity);
    let label = visible_label(app, entity);
    assert!(
        rect.width() > 0.0 && rect.height() > 0.0,
        "{what}: «{label}» has no size"
    );
    let mut cameras = app.world_mut().query::<&Camera>();
    let size = cameras
        .single(app.world())
        .unwrap()
        .computed
        .target_info
        .as_ref()
        .unwrap()
        .physical_size;
    let window = Rect::new(0.0, 0.0, size.x as f32, size.y as f32);
    let inside = |outer: Rect| {
        rect.min.x >= outer.min.x - 0.5
            && rect.min.y >= outer.min.y - 0.5
            && rect.max.x <= outer.max.x + 0.5
            && rect.max.y <= outer.max.y + 0.5
    };
    assert!(inside(window), "{what}: «{label}» at {rect:?} is outside the window");
    let mut ancestor = entity;
    while let Some(parent) = app.world().get::<ChildOf>(ancestor).map(ChildOf::parent) {
        ancestor = parent;
        let overflow = app.world().get::<Node>(parent).unwrap().overflow;
        if overflow.y != OverflowAxis::Visible || overflow.x != OverflowAxis::Visible {
            let clip = laid_out_rect(app, parent);
            assert!(
                inside(clip),
                "{what}: «{label}» at {rect:?} is cut off by its scrolling container at {clip:?}"
            );
        }
    }
}

/// The text on a button, for messages.
fn visible_label(app: &mut App, button: Entity) -> String {
    let mut texts = Vec::new();
    let mut stack = vec![button];
    while let Some(e) = stack.pop() {
        if let Some(text) = app.world().get::<Text>(e) {
            texts.push(text.0.clone());
        }
        if let Some(children) = app.world().get::<Children>(e) {
            stack.extend(children.iter());
        }
    }
    texts.join(" ")
}

/// Moves the focus with Tab through every focusable button of the screen, asserting each one is fully
/// in view once focused (the screen scrolls to it). Returns how many there were.
fn tab_through_every_button(app: &mut App, what: &str) -> usize {
    let all: Vec<usize> = focusable(app).into_iter().map(|(o, _)| o).collect();
    assert!(!all.is_empty(), "{what}: no buttons");
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..all.len() {
        press(app, KeyCode::Tab);
        // The scroll to a new focus takes effect at the next layout.
        for _ in 0..3 {
            app.update();
        }
        assert_focused_in_view(app, what);
        seen.insert(app.world().resource::<goodwill::game::input::Focus>().0.unwrap());
    }
    assert_eq!(
        seen.into_iter().collect::<Vec<_>>(),
        all,
        "{what}: Tab reaches every button"
    );
    all.len()
}

#[test]
fn on_a_projector_at_the_largest_text_every_button_is_reached_and_shown_by_keyboard() {
    use goodwill::game::settings::TextSize;
    // The projector at the largest text; the default text at 720p; a 1080p projector, which scales the
    // 720p layout up by 1.5.
    for (size, window) in [
        (TextSize::ExtraLarge, UVec2::new(1280, 720)),
        (TextSize::Medium, UVec2::new(1280, 720)),
        (TextSize::ExtraLarge, UVec2::new(1920, 1080)),
    ] {
        let dir = scenario_dir(&format!("layout-{size:?}-{}", window.y), true);
        let mut app = headless_laid_out_at(&dir, size, window);
        seed_class(&app, &["Ann", "李明", "王芳"]);
        let what = |screen: &str| format!("{screen} at {size:?} on {}×{}", window.x, window.y);
        // An interrupted attempt puts the resume card above the menu.
        let scenario = app.world().resource::<Library>().find("spilled-soup").unwrap().clone();
        let first = goodwill_engine::Session::new(scenario, 9).offered()[0];
        PastAttempt::played("Ann", "spilled-soup", 9, &[first])
            .unfinished()
            .record(&app);
        // Offered to Ann only: she is at the keyboard.
        sign_in(&mut app, "Ann");
        press(&mut app, KeyCode::KeyL);
        press(&mut app, KeyCode::KeyL);
        click(&mut app, |b| b.action == UiAction::OpenSettings);
        click(&mut app, |b| b.action == UiAction::Back);
        assert_eq!(screen(&app), Screen::Title);
        let mut resume = app
            .world_mut()
            .query_filtered::<Entity, With<goodwill::game::screens::title::ResumeCard>>();
        assert_eq!(resume.iter(app.world()).count(), 1, "the resume card is shown");
        // The card and the whole menu fit the screen as it opens, with nothing scrolled.
        let mut buttons = app.world_mut().query::<(Entity, &ActionButton)>();
        let last = buttons
            .iter(app.world())
            .filter(|(_, b)| b.order >= 10)
            .max_by_key(|(_, b)| b.order)
            .map(|(e, _)| e)
            .expect("the menu");
        assert_in_view(
            &mut app,
            last,
            &what("title with the resume card, the menu's last button"),
        );
        assert!(
            app.world().resource::<goodwill::game::input::Focus>().0.is_some(),
            "something is focused when the title opens"
        );
        tab_through_every_button(&mut app, &what("title"));
        press(&mut app, KeyCode::Escape);
        tab_through_every_button(&mut app, &what("quit question"));
        press(&mut app, KeyCode::Escape);
        click(&mut app, |b| b.action == UiAction::OpenSettings);
        tab_through_every_button(&mut app, &what("settings"));
        press(&mut app, KeyCode::Escape);
        click(&mut app, |b| b.action == UiAction::OpenProfiles);
        assert_eq!(screen(&app), Screen::Profiles);
        tab_through_every_button(&mut app, &what("profiles"));
        // Nobody signed in yet (Ann, signed in for her resume card, leaves): the broken file is listed, first.
        click(&mut app, |b| b.action == UiAction::Back);
        app.world_mut()
            .resource_mut::<goodwill::game::results::Player>()
            .profile = None;
        click(&mut app, |b| b.action == UiAction::Play);
        assert_eq!(screen(&app), Screen::Profiles);
        sign_in(&mut app, "Ann");
        app.world_mut().resource_mut::<NextState<Screen>>().set(Screen::Select);
        for _ in 0..4 {
            app.update();
        }
        assert_eq!(screen(&app), Screen::Select);
        let mut error_cards = app.world_mut().query_filtered::<Entity, With<ErrorCard>>();
        assert_eq!(
            error_cards.iter(app.world()).count(),
            1,
            "self-study: the problems are shown"
        );
        let cards = tab_through_every_button(&mut app, &what("case list with its problems shown"));
        assert!(cards > shipped_cases().len());
        // ↓ alone walks the list to its last card, which the list scrolls into view.
        for _ in 0..shipped_cases().len() {
            press(&mut app, KeyCode::ArrowDown);
            for _ in 0..3 {
                app.update();
            }
            assert_focused_in_view(&mut app, &what("case list, ↓"));
        }
        press(&mut app, KeyCode::ArrowRight);
        for _ in 0..3 {
            app.update();
        }
        assert_focused_in_view(&mut app, &what("case list, →"));
        let library = app.world().resource::<Library>();
        let last = *library.listed().last().unwrap();
        let focused = app.world().resource::<goodwill::game::input::Focus>().0;
        let mut buttons = app.world_mut().query::<&ActionButton>();
        let focused_action = buttons
            .iter(app.world())
            .find(|b| Some(b.order) == focused)
            .map(|b| b.action);
        assert_eq!(
            focused_action,
            Some(UiAction::PickScenario(last)),
            "↓ and → reach the last card"
        );
        // The play screen: the customer's line, every answer, then the feedback's Continue.
        pick_case_with_keys(&mut app, "broken-suitcase-wheel");
        press(&mut app, KeyCode::Space);
        tab_through_every_button(&mut app, &what("play, the answers"));
        let answers = app.world().resource::<ActiveRun>().session.offered().len();
        press(&mut app, KeyCode::Escape);
        tab_through_every_button(&mut app, &what("pause menu"));
        press(&mut app, KeyCode::Escape);
        // From nothing focused, ↓ reaches the last answer too, shown whole, under the customer's line.
        walk_the_answers_down(&mut app, answers, &what("play, ↓ through the answers"));
        press(&mut app, KeyCode::Enter);
        tab_through_every_button(&mut app, &what("play, feedback"));
        let scenario = app.world().resource::<ActiveRun>().session.scenario().clone();
        let path = goodwill_engine::analyze::analyze(&scenario).worst.unwrap().choices;
        press(&mut app, KeyCode::Space);
        // The second line, with the conversation so far above it.
        press(&mut app, KeyCode::Space);
        let answers = app.world().resource::<ActiveRun>().session.offered().len();
        walk_the_answers_down(&mut app, answers, &what("play, the second line's answers"));
        // English runs longer than Chinese: the same in English.
        app.world_mut().resource_mut::<Settings>().lang = goodwill_engine::Lang::En;
        for _ in 0..3 {
            app.update();
        }
        walk_the_answers_down(&mut app, answers, &what("play in English, the second line's answers"));
        app.world_mut().resource_mut::<Settings>().lang = goodwill_engine::Lang::Zh;
        // The glossary over play: longer than the window at the largest text, it scrolls to its end and
        // no further.
        press(&mut app, KeyCode::KeyG);
        for _ in 0..3 {
            app.update();
        }
        let body_scroll = |app: &mut App| {
            let mut bodies = app.world_mut().query::<(&Name, &ScrollPosition, &ComputedNode)>();
            let (_, position, frame) = bodies
                .iter(app.world())
                .find(|(name, _, _)| name.as_str() == "Glossary body")
                .expect("the glossary is open");
            let end = (frame.content_size.y - frame.size.y).max(0.0) * frame.inverse_scale_factor;
            (position.0.y, end)
        };
        for _ in 0..20 {
            press(&mut app, KeyCode::PageDown);
        }
        for _ in 0..3 {
            app.update();
        }
        let (scrolled, end) = body_scroll(&mut app);
        if size == TextSize::ExtraLarge {
            assert!(
                end > 0.0,
                "{}: the glossary is longer than the window",
                what("glossary")
            );
        }
        assert!(
            (scrolled - end).abs() < 1.0,
            "{}: scrolled to {scrolled}, the end is {end}",
            what("glossary")
        );
        press(&mut app, KeyCode::ArrowUp);
        for _ in 0..3 {
            app.update();
        }
        assert!(
            body_scroll(&mut app).0 < end || end == 0.0,
            "{}: ↑ scrolls back at once",
            what("glossary")
        );
        press(&mut app, KeyCode::KeyG);
        for _ in 0..3 {
            app.update();
        }
        for &index in &path {
            if screen(&app) != Screen::Play || app.world().resource::<ActiveRun>().session.is_over() {
                break;
            }
            if app.world().resource::<ActiveRun>().session.offered().contains(&index) {
                choose_with_keys(&mut app, index);
            } else {
                let first = app.world().resource::<ActiveRun>().session.offered()[0];
                choose_with_keys(&mut app, first);
            }
        }
        while screen(&app) == Screen::Play {
            press(&mut app, KeyCode::Space);
        }
        assert_eq!(screen(&app), Screen::Debrief);
        tab_through_every_button(&mut app, &what("debrief"));
        click(&mut app, |b| b.action == UiAction::BackToList);
        click(&mut app, |b| b.action == UiAction::Back);
        click(&mut app, |b| b.action == UiAction::OpenProgress);
        assert_eq!(screen(&app), Screen::Progress);
        tab_through_every_button(&mut app, &what("progress"));
        click(&mut app, |b| b.action == UiAction::OpenAttempt(0));
        assert_eq!(screen(&app), Screen::Transcript);
        tab_through_every_button(&mut app, &what("replay"));
        // → steps the replay, and only that: the highlighted button stays where it is.
        let mut buttons = app.world_mut().query::<&ActionButton>();
        let next_step = buttons
            .iter(app.world())
            .find(|b| b.action == UiAction::NextStep)
            .map(|b| b.order);
        app.world_mut().resource_mut::<goodwill::game::input::Focus>().0 = next_step;
        let step = app
            .world()
            .resource::<goodwill::game::screens::progress::TranscriptView>()
            .step;
        press(&mut app, KeyCode::ArrowRight);
        for _ in 0..3 {
            app.update();
        }
        assert_eq!(
            app.world()
                .resource::<goodwill::game::screens::progress::TranscriptView>()
                .step,
            step + 1
        );
        assert_eq!(
            app.world().resource::<goodwill::game::input::Focus>().0,
            next_step,
            "{}",
            what("replay, →")
        );
        click(&mut app, |b| b.action == UiAction::Back);
        click(&mut app, |b| b.action == UiAction::Back);
        click(&mut app, |b| b.action == UiAction::OpenClass);
        assert_eq!(screen(&app), Screen::Class);
        tab_through_every_button(&mut app, &what("class view"));
        click(&mut app, |b| b.action == UiAction::NewClass);
        assert_eq!(screen(&app), Screen::ClassSetup);
        tab_through_every_button(&mut app, &what("class setup"));
        click(&mut app, |b| b.action == UiAction::Back);
        click(&mut app, |b| b.action == UiAction::Back);
        click(&mut app, |b| b.action == UiAction::OpenPair);
        assert_eq!(screen(&app), Screen::PairSetup);
        tab_through_every_button(&mut app, &what("pair setup"));
        click(&mut app, |b| matches!(b.action, UiAction::PickObserver(Some(_))));
        click(&mut app, |b| b.action == UiAction::StartPair);
        assert_eq!(screen(&app), Screen::RoleCard);
        tab_through_every_button(&mut app, &what("look away"));
        click(&mut app, |b| b.action == UiAction::RevealCard);
        tab_through_every_button(&mut app, &what("role card"));
        click(&mut app, |b| b.action == UiAction::Continue);
        let mut rated = false;
        for index in best_path(app.world().resource::<ActiveRun>().session.scenario()) {
            press(&mut app, KeyCode::Space);
            let key = digit(shown_position(&app, index));
            press(&mut app, key);
            if matches!(
                app.world().resource::<ActiveRun>().phase,
                goodwill::game::run::Phase::Rating(_)
            ) && !rated
            {
                rated = true;
                tab_through_every_button(&mut app, &what("sincerity rating"));
            }
            if matches!(
                app.world().resource::<ActiveRun>().phase,
                goodwill::game::run::Phase::Rating(_)
            ) {
                press(&mut app, digit(4));
            }
            press(&mut app, KeyCode::Space);
        }
        assert!(rated, "the sincerity rating was shown");
        assert_eq!(screen(&app), Screen::Observer);
        tab_through_every_button(&mut app, &what("observer checklist"));
        click(&mut app, |b| b.action == UiAction::Done);
        assert_eq!(screen(&app), Screen::Debrief);
        tab_through_every_button(&mut app, &what("pair round debrief"));
        click(&mut app, |b| b.action == UiAction::NextRound);
        click(&mut app, |b| b.action == UiAction::RevealCard);
        click(&mut app, |b| b.action == UiAction::Continue);
        for index in best_path(app.world().resource::<ActiveRun>().session.scenario()) {
            answer(&mut app, index, 5);
        }
        click(&mut app, |b| b.action == UiAction::Done);
        click(&mut app, |b| b.action == UiAction::NextRound);
        assert_eq!(screen(&app), Screen::PairDebrief);
        tab_through_every_button(&mut app, &what("both rounds side by side"));
    }
}

#[test]
fn menus_move_by_row_and_column_and_esc_on_the_title_asks_first() {
    /// Whether the game asked to quit, kept (messages last only two frames).
    #[derive(Resource, Default)]
    struct Quitting(bool);
    let dir = scenario_dir("grid", false);
    let mut app = headless_laid_out(&dir, goodwill::game::settings::TextSize::ExtraLarge);
    app.init_resource::<Quitting>().add_systems(
        Last,
        |mut exits: MessageReader<AppExit>, mut quitting: ResMut<Quitting>| {
            quitting.0 |= exits.read().count() > 0;
        },
    );
    let focused_action = |app: &mut App| {
        let focused = app.world().resource::<goodwill::game::input::Focus>().0;
        let mut buttons = app.world_mut().query::<&ActionButton>();
        buttons
            .iter(app.world())
            .find(|b| Some(b.order) == focused)
            .map(|b| b.action)
    };
    // The menu is three buttons a row: Play, Pair, Progress / Class view, Class vote, Group games /
    // Switch trainee, Settings, Guide / Quit.
    assert_eq!(
        focused_action(&mut app),
        Some(UiAction::Play),
        "Play is focused at once"
    );
    for (key, expected) in [
        (KeyCode::ArrowDown, UiAction::OpenClass),
        (KeyCode::ArrowRight, UiAction::OpenClassVote),
        (KeyCode::ArrowRight, UiAction::OpenGroupGames),
        (KeyCode::ArrowUp, UiAction::OpenProgress),
        (KeyCode::ArrowLeft, UiAction::OpenPair),
        (KeyCode::ArrowDown, UiAction::OpenClassVote),
        (KeyCode::ArrowDown, UiAction::OpenSettings),
        (KeyCode::ArrowLeft, UiAction::OpenProfiles),
        (KeyCode::ArrowDown, UiAction::Quit),
    ] {
        press(&mut app, key);
        assert_eq!(focused_action(&mut app), Some(expected), "after {key:?}");
    }
    // Esc asks; Esc again (or Cancel) stays; only the question's Quit quits.
    press(&mut app, KeyCode::Escape);
    let mut questions = app
        .world_mut()
        .query_filtered::<Entity, With<goodwill::game::screens::title::QuitQuestion>>();
    assert_eq!(questions.iter(app.world()).count(), 1);
    assert!(visible_text(&mut app).contains("确定要退出吗？"));
    assert!(!app.world().resource::<Quitting>().0, "Esc alone does not quit");
    assert_eq!(focused_action(&mut app), Some(UiAction::ConfirmQuit));
    press(&mut app, KeyCode::Escape);
    assert_eq!(questions.iter(app.world()).count(), 0);
    assert!(!app.world().resource::<Quitting>().0);
    assert_eq!(
        focused_action(&mut app),
        Some(UiAction::Quit),
        "the focus is back where it was"
    );
    press(&mut app, KeyCode::Escape);
    press(&mut app, KeyCode::Enter);
    assert!(app.world().resource::<Quitting>().0, "Esc, Enter quits");
}
