//! Reflection and plans, as a trainee and a trainer meet them: an answer typed in Chinese through the input
//! method after the debrief, stored with the attempt and found in the CSV, the xAPI statements, the report
//! page and another machine's import; a plan picked at the end of the debrief, shown on the title at the
//! next sign-in and compared in progress; the class's answers behind the trainer PIN, names hideable.

use std::collections::BTreeMap;

use bevy::prelude::*;
use goodwill::game::input::UiAction;
use goodwill::game::results::Player;
use goodwill::game::run::ActiveRun;
use goodwill::game::screens::class_answers::AnswerCard;
use goodwill::game::screens::progress::{PlanItemLine, PlanPanel};
use goodwill::game::screens::title::PlanLine;
use goodwill::game::state::Screen;
use goodwill_engine::Lang;
use goodwill_store::Store;
use goodwill_store::plan_progress::Moved;
use goodwill_store::reflection::PlanTarget;
use goodwill_store::report::{Format, render};

use crate::harness::{
    choose_with_keys, click, file_indices, headless_with_data, pick_case_with_keys, press, scenario_dir, screen,
    seed_store, shipped_paths, sign_in, tempdir, type_line, visible_text,
};

const ANSWER: &str = "上次客人自己碰洒了饮料，我先跟他争是谁的错。下次我会先道歉，再拿毛巾和新饮料来。";
const CLASS: &str = "晚班";

/// Types `text` through the input method: composing first, then the commit, as a Chinese IME does.
fn type_through_ime(app: &mut App, text: &str) {
    let window = Entity::PLACEHOLDER;
    app.world_mut().write_message(bevy::window::Ime::Preedit {
        window,
        value: "shangci".into(),
        cursor: None,
    });
    app.update();
    app.world_mut().write_message(bevy::window::Ime::Commit {
        window,
        value: text.into(),
    });
    app.update();
    app.update();
}

/// Plays the soup case as the signed-in trainee by the keys, on `path` (`--choices` numbers), to the debrief.
fn play_soup(app: &mut App, path: &[usize]) {
    app.world_mut().resource_mut::<NextState<Screen>>().set(Screen::Select);
    app.update();
    app.update();
    pick_case_with_keys(app, "spilled-soup");
    for index in file_indices(path) {
        choose_with_keys(app, index);
    }
    assert_eq!(screen(app), Screen::Debrief);
}

fn attempt_id(app: &App) -> String {
    app.world()
        .resource::<ActiveRun>()
        .recorder
        .attempt()
        .expect("the run is recorded")
        .to_owned()
}

fn signed_in_app(name: &str, data: &std::path::Path) -> App {
    let dir = scenario_dir(&format!("reflect-{name}"), false);
    let mut app = headless_with_data(&dir, data);
    seed_store(&app, |s| {
        s.create_class(
            CLASS,
            &["王芳".to_owned(), "Ann".to_owned()],
            &["spilled-soup".to_owned()],
        )
    });
    sign_in(&mut app, "王芳");
    app.world_mut().resource_mut::<Player>().class = Some(CLASS.into());
    app
}

#[test]
fn a_reflection_typed_in_chinese_is_stored_exported_and_survives_an_import() {
    let data = tempdir("reflect-typed-data");
    let mut app = signed_in_app("typed", &data);
    let (_, worst) = shipped_paths("spilled-soup");
    play_soup(&mut app, &worst);
    let id = attempt_id(&app);
    click(&mut app, |b| b.action == UiAction::OpenReflect);
    assert_eq!(screen(&app), Screen::Reflect);
    let question = app.world().resource::<ActiveRun>().session.scenario().reflection[0].clone();
    assert!(
        visible_text(&mut app).contains(&question.zh),
        "{}",
        visible_text(&mut app)
    );

    type_through_ime(&mut app, ANSWER);
    assert!(
        visible_text(&mut app).contains(ANSWER),
        "the field shows what was committed"
    );
    type_line(&mut app, ""); // Enter saves
    let stored = seed_store(&app, |s| s.reflections(&id));
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].answer, ANSWER);
    assert_eq!(stored[0].asked, question);
    assert!(visible_text(&mut app).contains("已保存"), "{}", visible_text(&mut app));

    // The report formats carry it.
    let report = seed_store(&app, |s| s.report_data(CLASS, BTreeMap::new()));
    let csv = String::from_utf8(render(Format::Csv, &report, Lang::Zh)).unwrap();
    assert!(csv.contains(ANSWER), "{csv}");
    let statements: serde_json::Value = serde_json::from_slice(&render(Format::Xapi, &report, Lang::Zh)).unwrap();
    let responded = statements
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["result"]["response"] == ANSWER)
        .expect("a statement with the answer as its response");
    assert_eq!(responded["verb"]["display"]["en-US"], "responded");
    assert_eq!(responded["actor"]["name"], "王芳");
    let page = goodwill::pages::class_report::page(&report, Lang::Zh);
    assert!(
        page.contains(ANSWER) && page.contains(&question.zh),
        "the report page shows the answer"
    );

    // Export, then import on another machine: the answer comes along.
    let exported = seed_store(&app, |s| s.export(None));
    let elsewhere = Store::open_in(&tempdir("reflect-typed-elsewhere")).unwrap();
    let scenarios: Vec<goodwill_engine::Scenario> =
        goodwill_engine::load_paths(&[crate::harness::repo().join("scenarios")])
            .unwrap()
            .into_iter()
            .filter_map(|l| l.scenario)
            .collect();
    elsewhere.import(&exported, &scenarios).unwrap();
    assert_eq!(elsewhere.reflections(&id).unwrap(), stored);

    // Progress shows it, and the replay of the attempt shows it under the steps.
    app.world_mut()
        .resource_mut::<NextState<Screen>>()
        .set(Screen::Progress);
    app.update();
    app.update();
    let mut panels = app
        .world_mut()
        .query::<&goodwill::game::screens::progress::ProgressReflections>();
    assert_eq!(panels.iter(app.world()).count(), 1);
    assert!(visible_text(&mut app).contains(ANSWER));
    click(&mut app, |b| b.action == UiAction::OpenAttempt(0));
    assert_eq!(screen(&app), Screen::Transcript);
    assert!(visible_text(&mut app).contains(ANSWER), "{}", visible_text(&mut app));
}

#[test]
fn the_plan_is_shown_at_the_next_sign_in_and_compared_in_progress() {
    let data = tempdir("reflect-plan-data");
    let mut app = signed_in_app("plan", &data);
    let (best, worst) = shipped_paths("spilled-soup");
    play_soup(&mut app, &worst);
    let id = attempt_id(&app);
    click(&mut app, |b| b.action == UiAction::OpenReflect);
    // The worst path argued about fault: the list offers what the debrief just showed first.
    let offered = app
        .world()
        .resource::<goodwill::game::reflection::ReflectionDraft>()
        .choices
        .clone();
    let argue = offered
        .iter()
        .position(|t| *t == PlanTarget::Avoid(goodwill_engine::AntiPattern::ArguingFault))
        .expect("arguing is offered");
    assert!(argue < 10, "what this run did wrong comes first: {offered:?}");
    click(&mut app, |b| b.action == UiAction::TogglePlanItem(argue));
    // Own words for it, typed through the input method.
    click(&mut app, |b| b.action == UiAction::EditField(10));
    type_through_ime(&mut app, "先道歉，不争对错");
    click(&mut app, |b| b.action == UiAction::SavePlan);
    let plan = seed_store(&app, |s| s.plan(&id)).expect("the plan is stored");
    assert_eq!(plan.items.len(), 1);
    assert_eq!(plan.items[0].own_words.as_deref(), Some("先道歉，不争对错"));
    // A fourth item is refused on screen; three are kept.
    for i in (0..offered.len()).filter(|&i| i != argue).take(3) {
        click(&mut app, |b| b.action == UiAction::TogglePlanItem(i));
    }
    assert_eq!(
        app.world()
            .resource::<goodwill::game::reflection::ReflectionDraft>()
            .picked
            .len(),
        3
    );
    assert!(
        visible_text(&mut app).contains("最多选三项"),
        "{}",
        visible_text(&mut app)
    );

    // The next sign-in: a new game on the same results folder, the trainee picked again.
    drop(app);
    let mut app = headless_with_data(&scenario_dir("reflect-plan-again", false), &data);
    sign_in(&mut app, "王芳");
    app.world_mut()
        .resource_mut::<NextState<Screen>>()
        .set(Screen::Profiles);
    app.update();
    app.world_mut().resource_mut::<NextState<Screen>>().set(Screen::Title);
    app.update();
    app.update();
    let mut lines = app.world_mut().query::<&PlanLine>();
    assert_eq!(lines.iter(app.world()).count(), 1, "the title shows the plan");
    let text = visible_text(&mut app);
    assert!(
        text.contains("你的提升计划") && text.contains("避免：争论谁对谁错（先道歉，不争对错）"),
        "{text}"
    );
    // Someone else signed in sees no plan of hers.
    sign_in(&mut app, "Ann");
    app.world_mut()
        .resource_mut::<NextState<Screen>>()
        .set(Screen::Profiles);
    app.update();
    app.world_mut().resource_mut::<NextState<Screen>>().set(Screen::Title);
    app.update();
    app.update();
    let mut lines = app.world_mut().query::<&PlanLine>();
    assert_eq!(lines.iter(app.world()).count(), 0);
    sign_in(&mut app, "王芳");

    // Progress before another attempt: not tried yet; after the best path: improved.
    let moved = |app: &mut App| -> Vec<Moved> {
        app.world_mut()
            .resource_mut::<NextState<Screen>>()
            .set(Screen::Progress);
        app.update();
        app.update();
        let mut panels = app.world_mut().query::<&PlanPanel>();
        assert_eq!(panels.iter(app.world()).count(), 1, "progress shows the plan");
        let mut items = app.world_mut().query::<&PlanItemLine>();
        items.iter(app.world()).map(|l| l.0).collect()
    };
    assert_eq!(moved(&mut app), vec![Moved::NotYet]);
    play_soup(&mut app, &best);
    assert_eq!(moved(&mut app), vec![Moved::Better]);
    let text = visible_text(&mut app);
    assert!(text.contains("计划前 0/1 → 计划后 1/1 有进步"), "{text}");

    // The class view shows who planned what and whether it moved.
    app.world_mut().resource_mut::<NextState<Screen>>().set(Screen::Class);
    app.update();
    app.update();
    let text = visible_text(&mut app);
    assert!(
        text.contains("学员的提升计划") && text.contains("王芳：避免：争论谁对谁错"),
        "{text}"
    );
}

#[test]
fn the_class_answers_are_behind_the_pin_and_names_can_be_hidden() {
    let data = tempdir("reflect-class-data");
    let mut app = signed_in_app("class", &data);
    let (best, _) = shipped_paths("spilled-soup");
    play_soup(&mut app, &best);
    click(&mut app, |b| b.action == UiAction::OpenReflect);
    type_through_ime(&mut app, ANSWER);
    type_line(&mut app, "");
    // A PIN guards the trainer's screen: asked for while locked, the PIN is asked for instead.
    {
        let mut settings = app.world_mut().resource_mut::<goodwill::game::settings::Settings>();
        settings.trainer_pin = goodwill::game::settings::PinHash::new("2468");
    }
    app.world_mut()
        .resource_mut::<NextState<Screen>>()
        .set(Screen::ClassAnswers);
    app.update();
    app.update();
    app.update();
    assert_eq!(screen(&app), Screen::Settings);
    assert!(!visible_text(&mut app).contains(ANSWER));

    // The trainer enters it: from the class view, the class's answers to the question.
    app.world_mut()
        .resource_mut::<goodwill::game::settings::TrainerLock>()
        .unlocked = true;
    app.world_mut().resource_mut::<NextState<Screen>>().set(Screen::Class);
    app.update();
    app.update();
    click(&mut app, |b| b.action == UiAction::OpenClassAnswers);
    assert_eq!(screen(&app), Screen::ClassAnswers);
    let text = visible_text(&mut app);
    assert!(text.contains(ANSWER) && text.contains("王芳"), "{text}");
    let cards = |app: &mut App| -> Vec<Option<String>> {
        let mut q = app.world_mut().query::<&AnswerCard>();
        q.iter(app.world()).map(|c| c.0.clone()).collect()
    };
    assert_eq!(cards(&mut app), vec![Some("王芳".to_owned())]);
    press(&mut app, KeyCode::KeyH);
    assert_eq!(cards(&mut app), vec![None]);
    let text = visible_text(&mut app);
    assert!(
        text.contains(ANSWER) && text.contains("学员 1") && !text.contains("王芳"),
        "{text}"
    );
}

/// The keyboard alone: Tab from the debrief to *Reflect and plan*, an English answer typed and saved with
/// Enter, a plan item reached with Tab and picked with Enter.
#[test]
fn the_keyboard_alone_writes_an_english_answer_and_picks_a_plan() {
    let data = tempdir("reflect-keys-data");
    let mut app = signed_in_app("keys", &data);
    let (best, _) = shipped_paths("spilled-soup");
    play_soup(&mut app, &best);
    let id = attempt_id(&app);
    let focused = |app: &App| app.world().resource::<goodwill::game::input::Focus>().0;
    for _ in 0..20 {
        if screen(&app) == Screen::Reflect {
            break;
        }
        press(&mut app, KeyCode::Tab);
        let on_reflect = {
            let mut buttons = app.world_mut().query::<&goodwill::game::input::ActionButton>();
            let order = focused(&app);
            buttons
                .iter(app.world())
                .any(|b| Some(b.order) == order && b.action == UiAction::OpenReflect)
        };
        if on_reflect {
            press(&mut app, KeyCode::Enter);
        }
    }
    assert_eq!(screen(&app), Screen::Reflect);
    type_line(&mut app, "I will apologise first, even when the guest turned into me.");
    let stored = seed_store(&app, |s| s.reflections(&id));
    assert_eq!(stored.len(), 1, "Enter saved the answer");
    assert_eq!(
        stored[0].answer,
        "I will apologise first, even when the guest turned into me."
    );

    for _ in 0..40 {
        press(&mut app, KeyCode::Tab);
        let on_first_item = {
            let mut buttons = app.world_mut().query::<&goodwill::game::input::ActionButton>();
            let order = focused(&app);
            buttons
                .iter(app.world())
                .any(|b| Some(b.order) == order && b.action == UiAction::TogglePlanItem(0))
        };
        if on_first_item {
            press(&mut app, KeyCode::Enter);
            break;
        }
    }
    let draft = app.world().resource::<goodwill::game::reflection::ReflectionDraft>();
    assert_eq!(draft.picked.len(), 1, "Enter on the focused item picked it");
}
