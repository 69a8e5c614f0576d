//! Trainees taking turns at one machine, and the trainer who runs the room: each trainee is offered only
//! their own unfinished attempt and sees their name while playing; a pair exercise keeps whoever was
//! signed in; the trainer adds a class's names in one go and keeps the class view behind a PIN typed twice;
//! an overdrawn account is told in words.

use bevy::prelude::*;
use goodwill::game::input::UiAction;
use goodwill::game::results::{Player, ResultsDb};
use goodwill::game::run::{ActiveRun, ResumeAttempt};
use goodwill::game::screens::play::WhoPlays;
use goodwill::game::screens::title::ResumeCard;
use goodwill::game::settings::{Settings, TrainerLock};
use goodwill::game::state::Screen;

use crate::harness::{
    answer, best_path, choose_with_keys, click, digit, headless, headless_with_data, pick_case_with_keys, press,
    scenario_dir, screen, seed_store, shown_position, sign_in, tempdir, type_line, visible_text,
};

/// How many resume cards the title shows.
fn resume_cards(app: &mut App) -> usize {
    app.world_mut()
        .query_filtered::<Entity, With<ResumeCard>>()
        .iter(app.world())
        .count()
}

/// The "who is playing" line on the play screen.
fn who_plays(app: &mut App) -> String {
    let mut texts = app.world_mut().query_filtered::<&Text, With<WhoPlays>>();
    texts
        .iter(app.world())
        .map(|t| t.0.clone())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Switches the trainee through the title's *Switch trainee*, creating `name`, as a trainee at the
/// classroom machine does; back on the title afterwards.
fn switch_to_new_trainee(app: &mut App, name: &str) {
    click(app, |b| b.action == UiAction::OpenProfiles);
    assert_eq!(screen(app), Screen::Profiles);
    type_line(app, name);
    assert_eq!(screen(app), Screen::Select);
    click(app, |b| b.action == UiAction::Back);
    assert_eq!(screen(app), Screen::Title);
}

#[test]
fn a_second_trainee_is_never_offered_the_first_ones_unfinished_attempt() {
    let dir = scenario_dir("turns", false);
    let data = tempdir("turns-data");
    let mut app = headless_with_data(&dir, &data);
    click(&mut app, |b| b.action == UiAction::Play);
    type_line(&mut app, "Ann");
    pick_case_with_keys(&mut app, "spilled-soup");
    assert!(who_plays(&mut app).contains("学员：Ann"), "{}", who_plays(&mut app));
    let path = best_path(app.world().resource::<ActiveRun>().session.scenario());
    for &index in &path[..2] {
        choose_with_keys(&mut app, index);
    }
    // Ann leaves the case through pause → back to the list, then the title.
    press(&mut app, KeyCode::Escape);
    click(&mut app, |b| b.action == UiAction::BackToList);
    click(&mut app, |b| b.action == UiAction::Back);
    assert_eq!(screen(&app), Screen::Title);
    assert_eq!(resume_cards(&mut app), 1, "Ann is offered her own attempt");
    let anns = app.world().resource::<ResultsDb>().read(|s| s.unfinished()).unwrap();
    assert_eq!(anns.len(), 1);
    let ann = anns[0].clone();

    // Bob sits down and signs in: nothing of Ann's is offered, and Enter does not resume it.
    switch_to_new_trainee(&mut app, "Bob");
    assert_eq!(resume_cards(&mut app), 0, "{}", visible_text(&mut app));
    let text = visible_text(&mut app);
    assert!(!text.contains("未完成的练习") && !text.contains("Ann"), "{text}");
    press(&mut app, KeyCode::Enter);
    assert_ne!(screen(&app), Screen::Play, "Enter resumes nothing of Ann's");
    if screen(&app) != Screen::Title {
        click(&mut app, |b| b.action == UiAction::Back);
    }

    // Even asked for directly (a stale card, another driver), the runner refuses to record Bob into it.
    app.world_mut().write_message(ResumeAttempt(ann.clone()));
    for _ in 0..3 {
        app.update();
    }
    assert_eq!(screen(&app), Screen::Title, "not resumed");
    let db = app.world().resource::<ResultsDb>();
    let kept = db.read(|s| s.attempt(&ann.id)).flatten().unwrap();
    assert_eq!(
        (kept.profile.as_str(), kept.steps),
        ("Ann", 2),
        "Ann's attempt is untouched"
    );
    assert!(db.read(|s| s.unfinished_of("Bob")).unwrap().is_empty());
    assert_eq!(
        app.world().resource::<Player>().profile.as_deref(),
        Some("Bob"),
        "Bob stays signed in"
    );
    // With nobody signed in, nothing is offered either.
    sign_in(&mut app, "Bob");
    app.world_mut().resource_mut::<Player>().profile = None;
    click(&mut app, |b| b.action == UiAction::OpenSettings);
    click(&mut app, |b| b.action == UiAction::Back);
    assert_eq!(resume_cards(&mut app), 0);

    // Bob plays a case of his own: the play screen names him, and it is recorded as his.
    sign_in(&mut app, "Bob");
    click(&mut app, |b| b.action == UiAction::Play);
    pick_case_with_keys(&mut app, "spilled-soup");
    let who = who_plays(&mut app);
    assert!(who.contains("学员：Bob") && !who.contains("Ann"), "{who}");
    choose_with_keys(&mut app, path[0]);
    let bobs = app
        .world()
        .resource::<ResultsDb>()
        .read(|s| s.unfinished_of("Bob"))
        .unwrap();
    assert_eq!(bobs.len(), 1);
    assert_ne!(bobs[0].id, ann.id);
    let kept = app
        .world()
        .resource::<ResultsDb>()
        .read(|s| s.attempt(&ann.id))
        .flatten()
        .unwrap();
    assert_eq!(kept.steps, 2, "Bob's answer is not in Ann's attempt");

    // Ann comes back: her attempt, and only hers, is offered and goes on under her name.
    press(&mut app, KeyCode::Escape);
    click(&mut app, |b| b.action == UiAction::BackToList);
    click(&mut app, |b| b.action == UiAction::Back);
    click(&mut app, |b| b.action == UiAction::OpenProfiles);
    let position = app
        .world()
        .resource::<ResultsDb>()
        .read(|s| s.profiles())
        .unwrap()
        .iter()
        .position(|p| p.name == "Ann")
        .unwrap();
    click(&mut app, |b| b.action == UiAction::PickProfile(position));
    click(&mut app, |b| b.action == UiAction::Back);
    assert_eq!(resume_cards(&mut app), 1);
    assert!(visible_text(&mut app).contains("未完成的练习：Ann"));
    click(&mut app, |b| b.action == UiAction::ResumeAttempt);
    assert_eq!(screen(&app), Screen::Play);
    assert!(who_plays(&mut app).contains("学员：Ann"));
    assert_eq!(
        app.world().resource::<ActiveRun>().recorder.attempt(),
        Some(ann.id.as_str())
    );
}

#[test]
fn finishing_a_pair_exercise_keeps_the_signed_in_trainee() {
    let dir = scenario_dir("turns-pair", false);
    let mut app = headless(&dir);
    seed_store(&app, |s| s.add_profile("Ann").and(s.add_profile("Bob")));
    sign_in(&mut app, "Ann");
    click(&mut app, |b| b.action == UiAction::OpenPair);
    click(&mut app, |b| b.action == UiAction::StartPair);
    for round in 0..2 {
        click(&mut app, |b| b.action == UiAction::RevealCard);
        click(&mut app, |b| b.action == UiAction::Continue);
        let run = app.world().resource::<ActiveRun>();
        let (agent, customer) = (
            run.trainee.clone().unwrap(),
            run.pair.as_ref().unwrap().customer.clone(),
        );
        let who = who_plays(&mut app);
        assert!(
            who.contains(&format!("客服（A）：{agent}")) && who.contains(&format!("顾客扮演者（B）：{customer}")),
            "round {round}: {who}"
        );
        for index in best_path(app.world().resource::<ActiveRun>().session.scenario()) {
            answer(&mut app, index, 4);
        }
        click(&mut app, |b| b.action == UiAction::NextRound);
    }
    assert_eq!(screen(&app), Screen::PairDebrief);
    click(&mut app, |b| b.action == UiAction::Back);
    assert_eq!(screen(&app), Screen::Title);
    assert_eq!(app.world().resource::<Player>().profile.as_deref(), Some("Ann"));
    assert!(
        visible_text(&mut app).contains("学员：Ann"),
        "{}",
        visible_text(&mut app)
    );
}

/// Types digits on the number keys, then Enter.
fn type_digits(app: &mut App, digits: &str) {
    for c in digits.chars() {
        let n = c.to_digit(10).unwrap() as usize;
        press(app, digit(if n == 0 { 10 } else { n }));
    }
    press(app, KeyCode::Enter);
}

fn locked(app: &App) -> bool {
    app.world()
        .resource::<Settings>()
        .locked(app.world().resource::<TrainerLock>())
}

#[test]
fn a_new_pin_is_typed_twice_leaves_the_trainer_unlocked_and_guards_the_class_view() {
    let dir = scenario_dir("turns-pin", false);
    let mut app = headless(&dir);
    click(&mut app, |b| b.action == UiAction::OpenSettings);
    click(&mut app, |b| b.action == UiAction::EnterPin);
    // Two typings that differ set nothing.
    type_digits(&mut app, "2468");
    assert!(
        visible_text(&mut app).contains("再输入一次"),
        "{}",
        visible_text(&mut app)
    );
    assert!(
        app.world().resource::<Settings>().trainer_pin.is_none(),
        "not set after one typing"
    );
    type_digits(&mut app, "2469");
    assert!(app.world().resource::<Settings>().trainer_pin.is_none());
    assert!(visible_text(&mut app).contains("两次输入的密码不一致"));
    // Typed the same twice: set, and the trainer who set it is not locked out.
    type_digits(&mut app, "2468");
    type_digits(&mut app, "2468");
    assert!(
        app.world()
            .resource::<Settings>()
            .trainer_pin
            .as_ref()
            .unwrap()
            .matches("2468")
    );
    assert!(!locked(&app), "the trainer stays unlocked");
    assert!(visible_text(&mut app).contains("密码已设置"));
    click(&mut app, |b| b.action == UiAction::CycleTextSize);
    // Unlocked, the class view opens; locked again, it asks for the PIN first and then opens.
    click(&mut app, |b| b.action == UiAction::Back);
    click(&mut app, |b| b.action == UiAction::OpenClass);
    assert_eq!(screen(&app), Screen::Class);
    click(&mut app, |b| b.action == UiAction::Back);
    click(&mut app, |b| b.action == UiAction::OpenSettings);
    click(&mut app, |b| b.action == UiAction::LockSettings);
    assert!(locked(&app));
    click(&mut app, |b| b.action == UiAction::Back);
    click(&mut app, |b| b.action == UiAction::OpenClass);
    assert_eq!(screen(&app), Screen::Settings, "a trainee cannot open the class view");
    assert!(visible_text(&mut app).contains("需要培训师密码"));
    // Reached another way (the new-class screen by its state), it is still refused.
    app.world_mut()
        .resource_mut::<NextState<Screen>>()
        .set(Screen::ClassSetup);
    for _ in 0..3 {
        app.update();
    }
    assert_eq!(screen(&app), Screen::Settings);
    type_digits(&mut app, "1111");
    assert_eq!(screen(&app), Screen::Settings);
    type_digits(&mut app, "2468");
    assert_eq!(
        screen(&app),
        Screen::ClassSetup,
        "the right PIN goes on to the screen asked for"
    );
}

#[test]
fn a_trainer_types_a_whole_class_of_names_on_the_new_class_screen() {
    let dir = scenario_dir("turns-names", false);
    let mut app = headless(&dir);
    seed_store(&app, |s| s.add_profile("Ann"));
    click(&mut app, |b| b.action == UiAction::OpenClass);
    click(&mut app, |b| b.action == UiAction::NewClass);
    assert_eq!(screen(&app), Screen::ClassSetup);
    type_line(&mut app, "周三班");
    // Names separated the ways a trainer writes a list; one too long; Ann again.
    let long = "长".repeat(41);
    type_line(&mut app, &format!("王芳、李明,Bob；Ann；{long}"));
    assert_eq!(screen(&app), Screen::ClassSetup, "the trainer stays on the screen");
    let text = visible_text(&mut app);
    assert!(
        text.contains("王芳（新）") && text.contains("李明（新）") && text.contains("Bob（新）"),
        "{text}"
    );
    assert!(text.contains("未加入") && text.contains("最多 40 个字符"), "{text}");
    // And more, after the first list.
    type_line(&mut app, "赵六");
    assert!(visible_text(&mut app).contains("赵六（新）"));
    click(&mut app, |b| b.action == UiAction::CreateClass);
    assert_eq!(screen(&app), Screen::Class);
    let db = app.world().resource::<ResultsDb>();
    let class = db.read(|s| s.class("周三班")).flatten().expect("the class is created");
    let mut trainees = class.trainees.clone();
    trainees.sort();
    let mut expected = ["Ann", "Bob", "李明", "王芳", "赵六"].map(String::from).to_vec();
    expected.sort();
    assert_eq!(trainees, expected);
    let profiles = db.read(|s| s.profiles()).unwrap();
    assert_eq!(profiles.len(), 5, "each new name is a trainee, once");
}

#[test]
fn an_overdrawn_account_is_told_in_words_not_as_a_negative_score() {
    let dir = scenario_dir("turns-overdraft", false);
    let mut app = headless(&dir);
    seed_store(&app, |s| {
        s.create_class("周四班", &["Ann".into()], &["missing-epaulette".into()])
    });
    sign_in(&mut app, "Ann");
    app.world_mut().resource_mut::<Player>().class = Some("周四班".into());
    click(&mut app, |b| b.action == UiAction::Play);
    pick_case_with_keys(&mut app, "missing-epaulette");
    let scenario = app.world().resource::<ActiveRun>().session.scenario().clone();
    let worst = goodwill_engine::analyze::analyze(&scenario).worst.unwrap().choices;
    for index in worst {
        press(&mut app, KeyCode::Space);
        let key = digit(shown_position(&app, index));
        press(&mut app, key);
        if app.world().resource::<ActiveRun>().session.is_over() {
            break;
        }
        press(&mut app, KeyCode::Space);
    }
    let report = app.world().resource::<ActiveRun>().session.report().unwrap().clone();
    assert!(report.account_closed && report.final_balance < 0);
    let overdraft = -report.final_balance;
    press(&mut app, KeyCode::Space);
    assert_eq!(screen(&app), Screen::Debrief);
    let text = visible_text(&mut app);
    assert!(text.contains(&format!("账户透支 {overdraft} 分，已关闭")), "{text}");
    assert!(
        !text.contains(&format!("-{overdraft}")),
        "no bare negative balance: {text}"
    );
    // The progress screen and the replay say it the same way.
    click(&mut app, |b| b.action == UiAction::BackToList);
    click(&mut app, |b| b.action == UiAction::Back);
    click(&mut app, |b| b.action == UiAction::OpenProgress);
    let text = visible_text(&mut app);
    assert!(text.contains(&format!("透支 {overdraft}")), "{text}");
    assert!(!text.contains(&format!("-{overdraft}")), "{text}");
    click(&mut app, |b| b.action == UiAction::OpenAttempt(0));
    for _ in 0..10 {
        press(&mut app, KeyCode::ArrowRight);
    }
    let text = visible_text(&mut app);
    assert!(text.contains(&format!("账户透支 {overdraft} 分，已关闭")), "{text}");
    // The class view's grid too.
    press(&mut app, KeyCode::Escape);
    press(&mut app, KeyCode::Escape);
    click(&mut app, |b| b.action == UiAction::OpenClass);
    assert_eq!(screen(&app), Screen::Class);
    let text = visible_text(&mut app);
    assert!(
        text.contains("周四班") && text.contains(&format!("透支 {overdraft}")),
        "{text}"
    );
    assert!(!text.contains(&format!("-{overdraft}")), "{text}");
}
