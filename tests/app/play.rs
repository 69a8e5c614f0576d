//! Solo play in the game, by keyboard and by mouse: title to debrief, the feedback and the mistakes panel,
//! practice after the debrief, an interrupted attempt resumed, a decision that cannot be saved.

use bevy::prelude::*;
use goodwill::game::input::UiAction;
use goodwill::game::library::Library;
use goodwill::game::results::ResultsDb;
use goodwill::game::run::ActiveRun;
use goodwill::game::screens::debrief::MistakeLine;
use goodwill::game::screens::debrief::OptionReviewed;
use goodwill::game::screens::debrief::OutcomeHeading;
use goodwill::game::settings::Settings;
use goodwill::game::state::Screen;
use goodwill_engine::Lang;
use goodwill_engine::Outcome;

use crate::harness::{
    best_path, choose_with_keys, click, click_the_customer_line, digit, goodwill_on, headless, headless_with_data,
    pick_case_with_keys, press, scenario_dir, screen, seed_store, shipped_cases, shipped_paths, shown_position,
    sign_in, tempdir, type_line, visible_text,
};

/// The library entry of a case, for a mouse click on its card.
fn entry_index(app: &App, id: &str) -> usize {
    let library = app.world().resource::<Library>();
    library
        .entries
        .iter()
        .position(|e| e.scenario.as_ref().is_some_and(|s| s.id == id))
        .expect("the case is loaded")
}

/// Signs Ann in and opens the case list.
fn to_the_cases_as_ann(app: &mut App) {
    seed_store(app, |s| s.add_profile("Ann"));
    sign_in(app, "Ann");
    app.world_mut().resource_mut::<NextState<Screen>>().set(Screen::Select);
    app.update();
    app.update();
    assert_eq!(screen(app), Screen::Select);
}

/// Plays the current case to its end: the choice that commits `mistake` wherever one is offered, else
/// the one with the largest effect; with `feedback` off there is no note to move on from.
fn play_committing(app: &mut App, mistake: goodwill_engine::AntiPattern, feedback: bool) -> Vec<usize> {
    let mut said = Vec::new();
    while screen(app) == Screen::Play {
        press(app, KeyCode::Space);
        let index = {
            let run = app.world().resource::<ActiveRun>();
            let Some(node) = run.session.current_node() else { break };
            let offered = run.session.offered();
            offered
                .iter()
                .copied()
                .find(|&i| node.choices[i].breaks.contains(&mistake))
                .or_else(|| offered.iter().copied().max_by_key(|&i| node.choices[i].effect))
                .unwrap()
        };
        said.push(index);
        let key = digit(shown_position(app, index));
        press(app, key);
        if feedback {
            press(app, KeyCode::Space);
        }
    }
    said
}

#[test]
fn keyboard_player_goes_from_title_to_debrief_and_sees_the_engine_outcome() {
    let dir = scenario_dir("keyboard", false);
    let mut app = headless(&dir);
    assert_eq!(screen(&app), Screen::Title);
    assert!(visible_text(&mut app).contains("开始"));
    // Play, the first button, is focused when the title opens.
    press(&mut app, KeyCode::Enter);
    // Nobody is signed in yet: the game asks who is playing, and the keyboard types a new name.
    assert_eq!(screen(&app), Screen::Profiles);
    // A Chinese name comes through the input method: composing shows in the field, the commit enters it.
    let window = Entity::PLACEHOLDER;
    app.world_mut().write_message(bevy::window::Ime::Preedit {
        window,
        value: "wangfang".into(),
        cursor: None,
    });
    app.update();
    app.update();
    assert!(
        visible_text(&mut app).contains("［wangfang］▏"),
        "{}",
        visible_text(&mut app)
    );
    app.world_mut().write_message(bevy::window::Ime::Commit {
        window,
        value: "王芳".into(),
    });
    app.update();
    type_line(&mut app, "");
    assert_eq!(screen(&app), Screen::Select);
    assert!(visible_text(&mut app).contains("王芳"));
    pick_case_with_keys(&mut app, "spilled-soup");
    assert_eq!(screen(&app), Screen::Play);
    let scenario = app.world().resource::<ActiveRun>().session.scenario().clone();
    let path = best_path(&scenario);
    for &index in &path {
        choose_with_keys(&mut app, index);
    }
    assert_eq!(screen(&app), Screen::Debrief);
    let expected = goodwill_engine::session::run(scenario, 1, &path)
        .unwrap()
        .report()
        .unwrap()
        .outcome;
    assert_eq!(expected, Outcome::Loyal);
    let mut heading = app.world_mut().query::<&OutcomeHeading>();
    assert_eq!(heading.single(app.world()).unwrap().0, expected);
    assert!(visible_text(&mut app).contains("忠诚客户"));
}

#[test]
fn mouse_player_overdraws_the_account_and_sees_it_closed() {
    let dir = scenario_dir("mouse", false);
    let mut app = headless(&dir);
    click(&mut app, |b| b.action == goodwill::game::input::UiAction::Play);
    assert_eq!(screen(&app), Screen::Profiles);
    seed_store(&app, |s| s.add_profile("Ann"));
    click(&mut app, |b| b.action == UiAction::Back);
    click(&mut app, |b| b.action == UiAction::OpenProfiles);
    click(&mut app, |b| b.action == UiAction::PickProfile(0));
    assert_eq!(screen(&app), Screen::Select);
    let epaulette = entry_index(&app, "missing-epaulette");
    click(&mut app, |b| {
        b.action == goodwill::game::input::UiAction::PickScenario(epaulette)
    });
    assert_eq!(screen(&app), Screen::Play);
    use goodwill::game::input::UiAction::{Choose, Continue};
    // The worst path (the clerk belittling the customer) closes the account on the spot, with a clear
    // moment. Click the line to skip its reveal, answer, then click Continue under the feedback note.
    let scenario = app.world().resource::<ActiveRun>().session.scenario().clone();
    let worst = goodwill_engine::analyze::analyze(&scenario).worst.unwrap().choices;
    for index in worst {
        click_the_customer_line(&mut app);
        let position = shown_position(&app, index);
        click(&mut app, |b| b.action == Choose(position - 1));
        if app.world().resource::<ActiveRun>().session.is_over() {
            break;
        }
        click(&mut app, |b| b.action == Continue);
    }
    assert!(
        app.world()
            .resource::<ActiveRun>()
            .session
            .report()
            .unwrap()
            .account_closed
    );
    assert!(visible_text(&mut app).contains("账户透支"));
    click(&mut app, |b| b.action == goodwill::game::input::UiAction::Continue);
    assert_eq!(screen(&app), Screen::Debrief);
    assert!(visible_text(&mut app).contains("失去客户"));
}

#[test]
fn every_case_plays_to_a_debrief_by_keyboard_in_english_and_by_mouse_in_chinese() {
    let dir = scenario_dir("every", false);
    let cases = shipped_cases();
    let mut app = headless(&dir);
    seed_store(&app, |s| s.add_profile("Ann"));
    sign_in(&mut app, "Ann");
    // Play, the first button, is focused when the title opens.
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        screen(&app),
        Screen::Select,
        "signed in, Play goes straight to the cases"
    );
    for (lang, keyboard) in [(Lang::En, true), (Lang::Zh, false)] {
        app.world_mut().resource_mut::<Settings>().lang = lang;
        for id in &cases {
            let id = id.as_str();
            if keyboard {
                pick_case_with_keys(&mut app, id);
            } else {
                let entry = entry_index(&app, id);
                click(&mut app, |b| b.action == UiAction::PickScenario(entry));
            }
            assert_eq!(screen(&app), Screen::Play, "{id}");
            let path = best_path(app.world().resource::<ActiveRun>().session.scenario());
            for index in path {
                if keyboard {
                    choose_with_keys(&mut app, index);
                } else {
                    click_the_customer_line(&mut app);
                    let position = shown_position(&app, index);
                    click(&mut app, |b| b.action == UiAction::Choose(position - 1));
                    click(&mut app, |b| b.action == UiAction::Continue);
                }
            }
            if screen(&app) != Screen::Debrief {
                let run = app.world().resource::<ActiveRun>();
                panic!(
                    "{id} ({lang:?}) did not reach its debrief: phase {:?}, node {:?}, choices {:?}",
                    run.phase,
                    run.session.current_node().map(|n| n.id.clone()),
                    run.session.choices()
                );
            }
            let report = app.world().resource::<ActiveRun>().session.report().unwrap().clone();
            assert_eq!(report.scenario, id, "{lang:?}");
            assert!(
                report.outcome >= Outcome::Retained,
                "{id}: the best path keeps the customer"
            );
            let heading = match lang {
                Lang::En => "Debrief",
                Lang::Zh => "复盘",
            };
            assert!(visible_text(&mut app).contains(heading));
            if keyboard {
                press(&mut app, KeyCode::Escape);
            } else {
                click(&mut app, |b| b.action == UiAction::BackToList);
            }
            assert_eq!(screen(&app), Screen::Select);
        }
    }
    let stored = app
        .world()
        .resource::<ResultsDb>()
        .read(|s| s.finished_attempts(Some("Ann"), None))
        .unwrap();
    assert_eq!(stored.len(), 2 * cases.len(), "every attempt is recorded");
}

#[test]
fn the_mistakes_panel_quotes_only_what_the_trainee_said_and_the_review_shows_every_option() {
    let dir = scenario_dir("mistakes", false);
    let mut app = headless(&dir);
    to_the_cases_as_ann(&mut app);
    pick_case_with_keys(&mut app, "spilled-soup");
    play_committing(&mut app, goodwill_engine::AntiPattern::Interrogating, true);
    assert_eq!(screen(&app), Screen::Debrief);
    let report = app.world().resource::<ActiveRun>().session.report().unwrap().clone();
    assert!(
        report
            .anti_patterns
            .contains(&goodwill_engine::AntiPattern::Interrogating)
    );
    let mut query = app.world_mut().query_filtered::<&Text, With<MistakeLine>>();
    let mistakes: Vec<String> = query.iter(app.world()).map(|t| t.0.clone()).collect();
    let said: Vec<&str> = report.steps.iter().map(|s| s.text.zh.as_str()).collect();
    // Whatever the panel quotes, the trainee said in this case: never a line from another case's example.
    for line in &mistakes {
        for quoted in line.split('“').skip(1).filter_map(|q| q.split('”').next()) {
            assert!(
                said.iter().any(|s| s.contains(quoted)),
                "the mistakes panel quotes {quoted:?}, which the trainee never said: {mistakes:?}"
            );
        }
    }
    let text = visible_text(&mut app);
    for foreign in ["你是跟谁说的", "维修的吃饭去了", "不都一样吗"] {
        assert!(
            !text.contains(foreign),
            "{foreign} was never said in the soup case:\n{text}"
        );
    }
    // The interrogating line itself is quoted under the mistake.
    let asked = report
        .steps
        .iter()
        .find(|s| s.breaks.contains(&goodwill_engine::AntiPattern::Interrogating))
        .unwrap();
    assert!(
        mistakes.iter().any(|m| m.contains(asked.text.zh.as_str())),
        "{mistakes:?}"
    );
    // Every option shown at every step is reviewed, the one said marked once per step, a best one each step.
    let mut query = app.world_mut().query::<&OptionReviewed>();
    let reviewed: Vec<(bool, bool)> = query.iter(app.world()).map(|o| (o.chosen, o.best)).collect();
    let shown: usize = report.steps.iter().map(|s| s.shown.len()).sum();
    assert_eq!(reviewed.len(), shown, "every option offered is in the review");
    assert_eq!(
        reviewed.iter().filter(|(chosen, _)| *chosen).count(),
        report.steps.len()
    );
    assert!(reviewed.iter().filter(|(_, best)| *best).count() >= report.steps.len());
    // Each option's reasoning is there, not only the chosen one's.
    let scenario = app.world().resource::<ActiveRun>().session.scenario().clone();
    let first = &report.steps[0];
    let node = scenario.node(&first.node).unwrap();
    for &i in &first.shown {
        // With the document it cites named once (the feedback's own bracket carries the title).
        let choice = &node.choices[i];
        let shown = goodwill::describe::cited(&choice.feedback.zh, choice.citation(&scenario), Lang::Zh);
        assert!(text.contains(shown.as_str()), "option {i}'s reasoning is missing");
        assert_eq!(
            shown.matches(choice.citation(&scenario).number()).count(),
            choice
                .feedback
                .zh
                .matches(choice.citation(&scenario).number())
                .count()
                .max(1),
            "the cited document is named once: {shown}"
        );
    }
}

#[test]
fn feedback_held_for_the_debrief_shows_no_score_or_mood_during_play() {
    let dir = scenario_dir("no-feedback", false);
    let mut app = headless(&dir);
    app.world_mut().resource_mut::<Settings>().feedback_after_choice = false;
    to_the_cases_as_ann(&mut app);
    pick_case_with_keys(&mut app, "spilled-soup");
    press(&mut app, KeyCode::Space);
    let text = visible_text(&mut app);
    assert!(!text.contains("情绪账户") && !text.contains("情绪："), "{text}");
    // A good first answer: it deposits, but nothing on screen says by how much or how he now feels.
    let index = {
        let run = app.world().resource::<ActiveRun>();
        let node = run.session.current_node().unwrap();
        let offered = run.session.offered();
        offered.iter().copied().max_by_key(|&i| node.choices[i].effect).unwrap()
    };
    let key = digit(shown_position(&app, index));
    press(&mut app, key);
    assert_eq!(screen(&app), Screen::Play);
    assert!(app.world().resource::<ActiveRun>().session.balance() > 30);
    let text = visible_text(&mut app);
    assert!(
        !text.lines().any(|l| l.starts_with('+')) && !text.contains("情绪：") && !text.contains("情绪账户"),
        "a score or mood shows during play:\n{text}"
    );
}

#[test]
fn after_the_debrief_a_trainee_can_go_back_to_a_step_and_try_another_answer_as_practice() {
    let dir = scenario_dir("rewind", false);
    let data = tempdir("rewind-data");
    let mut app = headless_with_data(&dir, &data);
    click(&mut app, |b| b.action == UiAction::Play);
    type_line(&mut app, "Ann");
    pick_case_with_keys(&mut app, "spilled-soup");
    let scenario = app.world().resource::<ActiveRun>().session.scenario().clone();
    let path = best_path(&scenario);
    choose_with_keys(&mut app, path[0]);
    // From the second line on, the earlier exchange stays readable on the play screen.
    press(&mut app, KeyCode::Space);
    let text = visible_text(&mut app);
    let first_answer = scenario.node(&scenario.start).unwrap().choices[path[0]].text.zh.clone();
    assert!(
        text.contains("此前的对话") && text.contains(first_answer.as_str()),
        "{text}"
    );
    for &index in &path[1..] {
        choose_with_keys(&mut app, index);
    }
    assert_eq!(screen(&app), Screen::Debrief);
    // The map of the conversation: this run's path beside the best one, saved beside the results.
    click(&mut app, |b| b.action == UiAction::ShowPathPicture);
    let maps: Vec<_> = std::fs::read_dir(data.join("maps"))
        .expect("maps folder")
        .flatten()
        .collect();
    assert_eq!(maps.len(), 1);
    let page = std::fs::read_to_string(maps[0].path()).unwrap();
    assert!(
        page.contains("<svg") && page.contains("your-path"),
        "the trainee's path is marked"
    );
    // It numbers each answer as it was shown on this attempt's screen, the keys that were pressed, and
    // shows no internal id: the nodes by the customer's lines, the answers by their text.
    let report = app.world().resource::<ActiveRun>().session.report().unwrap().clone();
    let pressed: Vec<usize> = report.steps.iter().map(|s| s.shown_position().unwrap() + 1).collect();
    let listed: Vec<usize> = page
        .match_indices("<li class=\"chosen\"><span class=\"num\">")
        .map(|(i, m)| page[i + m.len()..].split('.').next().unwrap().parse().unwrap())
        .collect();
    assert_eq!(
        listed, pressed,
        "the map's list numbers the answers as the keys pressed"
    );
    let pressed: Vec<String> = pressed.iter().map(ToString::to_string).collect();
    assert!(page.contains(&pressed.join(",")), "the legend names the keys pressed");
    let shown_text: String = page
        .split('<')
        .filter_map(|part| part.split_once('>'))
        .filter(|(tag, _)| !tag.starts_with("style"))
        .map(|(_, text)| text)
        .collect();
    for node in &scenario.nodes {
        assert!(
            !shown_text.contains(node.id.as_str()),
            "node id `{}` on the map",
            node.id
        );
    }
    for promise in &scenario.promises {
        assert!(
            !shown_text.contains(promise.id.as_str()),
            "promise id `{}` on the map",
            promise.id
        );
    }
    let run = app.world().resource::<ActiveRun>();
    let opening: String = run.session.history().next().unwrap().0.zh.chars().take(6).collect();
    assert!(
        shown_text.contains(&opening),
        "the opening line `{opening}` is on the map"
    );
    let text = visible_text(&mut app);
    assert!(text.contains("对话地图已保存") && text.contains("maps"), "{text}");
    let seed = app.world().resource::<ActiveRun>().session.seed();
    click(&mut app, |b| b.action == UiAction::TryFrom(2));
    assert_eq!(screen(&app), Screen::Play);
    let run = app.world().resource::<ActiveRun>();
    assert!(run.practice);
    assert_eq!(
        run.session.seed(),
        seed,
        "the same conversation, so the same wording and order"
    );
    assert_eq!(run.session.choices(), &path[..2], "replayed to the chosen step");
    let (_, worst) = shipped_paths("spilled-soup");
    // Answer differently from here on: whatever the worst path does next, where it can.
    while screen(&app) == Screen::Play {
        let offered = app.world().resource::<ActiveRun>().session.offered().to_vec();
        let step = app.world().resource::<ActiveRun>().session.choices().len();
        let pick = worst
            .get(step)
            .map(|n| n - 1)
            .filter(|i| offered.contains(i))
            .unwrap_or(offered[0]);
        choose_with_keys(&mut app, pick);
    }
    assert_eq!(screen(&app), Screen::Debrief);
    assert!(visible_text(&mut app).contains("练习（不计入成绩）"));
    let db = app.world().resource::<ResultsDb>();
    let attempts = db.read(|s| s.finished_attempts(Some("Ann"), None)).unwrap();
    assert_eq!(attempts.len(), 1, "the practice branch is not counted as an attempt");
    assert_eq!(attempts[0].outcome, Some(Outcome::Loyal));
}

#[test]
fn an_attempt_interrupted_mid_scenario_resumes_at_the_next_start() {
    let dir = scenario_dir("resume", false);
    let data = tempdir("resume-data");
    {
        let mut app = headless_with_data(&dir, &data);
        click(&mut app, |b| b.action == UiAction::Play);
        type_line(&mut app, "Ann");
        pick_case_with_keys(&mut app, "spilled-soup");
        let path = best_path(app.world().resource::<ActiveRun>().session.scenario());
        for &index in &path[..3] {
            choose_with_keys(&mut app, index);
        }
        assert_eq!(screen(&app), Screen::Play);
        // The app is dropped here without any shutdown, as a kill would leave it.
    }
    let mut app = headless_with_data(&dir, &data);
    let mut cards = app
        .world_mut()
        .query_filtered::<Entity, With<goodwill::game::screens::title::ResumeCard>>();
    assert_eq!(
        cards.iter(app.world()).count(),
        1,
        "the title offers the unfinished attempt"
    );
    click(&mut app, |b| b.action == UiAction::ResumeAttempt);
    assert_eq!(screen(&app), Screen::Play);
    let path = best_path(app.world().resource::<ActiveRun>().session.scenario());
    assert_eq!(app.world().resource::<ActiveRun>().session.choices(), &path[..3]);
    for &index in &path[3..] {
        choose_with_keys(&mut app, index);
    }
    assert_eq!(screen(&app), Screen::Debrief);
    let db = app.world().resource::<ResultsDb>();
    let attempts = db.read(|s| s.finished_attempts(Some("Ann"), None)).unwrap();
    assert_eq!(
        attempts.len(),
        1,
        "the resumed attempt is the same attempt, not a second one"
    );
    assert_eq!(attempts[0].outcome, Some(Outcome::Loyal));
    assert_eq!(db.read(|s| s.decisions(&attempts[0].id)).unwrap().len(), path.len());
    assert!(db.read(|s| s.unfinished()).unwrap().is_empty());
    // The select screen now shows the stored result.
    click(&mut app, |b| b.action == UiAction::BackToList);
    assert!(visible_text(&mut app).contains("最佳"), "{}", visible_text(&mut app));
}

#[test]
fn a_decision_that_cannot_be_saved_is_announced_and_play_goes_on() {
    let dir = scenario_dir("unsaved", false);
    let data = tempdir("unsaved-data");
    let mut app = headless_with_data(&dir, &data);
    click(&mut app, |b| b.action == UiAction::Play);
    type_line(&mut app, "Ann");
    pick_case_with_keys(&mut app, "spilled-soup");
    let path = best_path(app.world().resource::<ActiveRun>().session.scenario());
    choose_with_keys(&mut app, path[0]);
    assert!(!visible_text(&mut app).contains("不再保存"), "nothing has failed yet");
    // Another process (a trainer's `attempts discard`) removes the attempt under the game's feet.
    let id = app
        .world()
        .resource::<ActiveRun>()
        .recorder
        .attempt()
        .map(str::to_owned)
        .expect("the attempt is recorded");
    goodwill_store::Store::open_in(&data)
        .unwrap()
        .discard_attempt(&id)
        .unwrap();
    choose_with_keys(&mut app, path[1]);
    let text = visible_text(&mut app);
    assert!(text.contains("成绩写入失败，本次练习的成绩不再保存"), "{text}");
    for &index in &path[2..] {
        choose_with_keys(&mut app, index);
    }
    assert_eq!(
        screen(&app),
        Screen::Debrief,
        "the trainee finishes the case all the same"
    );
    assert!(
        visible_text(&mut app).contains("不再保存"),
        "the banner stays until a new attempt"
    );
    click(&mut app, |b| b.action == UiAction::Retry);
    assert!(
        !visible_text(&mut app).contains("不再保存"),
        "a new attempt is saved again"
    );
}

// The runner's events are what the play screen's account panel lists.
#[test]
fn the_account_panel_lists_the_last_answers_deposits_and_withdrawals_only() {
    let dir = scenario_dir("panel-entries", false);
    let mut app = headless(&dir);
    to_the_cases_as_ann(&mut app);
    pick_case_with_keys(&mut app, "spilled-soup");
    // The panel's entries are the only lines that start with a signed number ("+10 …", "-5 …"): their
    // amounts, top to bottom.
    let entry_lines = |app: &mut App| -> Vec<i32> {
        visible_text(app)
            .lines()
            .filter(|l| l.starts_with(['+', '-']))
            .filter_map(|l| {
                let end = l[1..].find(|c: char| !c.is_ascii_digit()).map_or(l.len(), |i| i + 1);
                l[..end].parse().ok()
            })
            .collect()
    };
    let last_answer = |app: &App| -> Vec<i32> {
        let run = app.world().resource::<ActiveRun>();
        run.session
            .last_step()
            .unwrap()
            .entries
            .iter()
            .map(|e| e.delta)
            .collect()
    };
    press(&mut app, KeyCode::Space);
    assert!(entry_lines(&mut app).is_empty(), "nothing answered yet");
    let path = best_path(app.world().resource::<ActiveRun>().session.scenario());
    for &index in &path[..2] {
        press(&mut app, KeyCode::Space);
        let key = digit(shown_position(&app, index));
        press(&mut app, key);
        let expected = last_answer(&app);
        assert!(!expected.is_empty(), "every answer moves the account");
        assert_eq!(entry_lines(&mut app), expected, "this answer's entries, and only those");
        press(&mut app, KeyCode::Space);
    }
    // Playing the case again starts with an empty list.
    press(&mut app, KeyCode::Escape);
    click(&mut app, |b| b.action == UiAction::Restart);
    press(&mut app, KeyCode::Space);
    assert_eq!(app.world().resource::<ActiveRun>().session.choices().len(), 0);
    assert!(entry_lines(&mut app).is_empty(), "a new run lists no entries");
}

// One attempt lifecycle: the game refuses to resume on a changed scenario version.
#[test]
fn the_game_refuses_to_resume_an_attempt_whose_scenario_version_changed_and_keeps_it() {
    let dir = scenario_dir("resume-version", false);
    let data = tempdir("resume-version-data");
    {
        let mut app = headless_with_data(&dir, &data);
        click(&mut app, |b| b.action == UiAction::Play);
        type_line(&mut app, "Ann");
        pick_case_with_keys(&mut app, "spilled-soup");
        let path = best_path(app.world().resource::<ActiveRun>().session.scenario());
        for &index in &path[..3] {
            choose_with_keys(&mut app, index);
        }
        // Closed mid-case.
    }
    // The trainer installs a rewritten case, its version bumped.
    let file = dir.join("spilled-soup.ron");
    let text = std::fs::read_to_string(&file).unwrap();
    let old = goodwill_engine::load_file(&file).scenario.unwrap().version;
    let bumped = text.replacen(&format!("version: {old},"), &format!("version: {},", old + 1), 1);
    assert_ne!(bumped, text, "the version line is found");
    std::fs::write(&file, bumped).unwrap();

    let mut app = headless_with_data(&dir, &data);
    let unfinished = |app: &App| app.world().resource::<ResultsDb>().read(|s| s.unfinished()).unwrap();
    let id = unfinished(&app)[0].id.clone();
    click(&mut app, |b| b.action == UiAction::ResumeAttempt);
    assert_eq!(screen(&app), Screen::Title, "not resumed");
    let text = visible_text(&mut app);
    assert!(
        text.contains("这次练习无法继续，记录已保留")
            && text.contains(&format!("version {old}"))
            && text.contains(&format!("now version {}", old + 1)),
        "{text}"
    );
    let kept = unfinished(&app);
    assert_eq!(kept.len(), 1);
    assert_eq!(
        (kept[0].id.as_str(), kept[0].steps, kept[0].discarded),
        (id.as_str(), 3, false)
    );
    // The card stays, so the trainee can set the attempt aside.
    click(&mut app, |b| b.action == UiAction::DiscardAttempt);
    assert!(unfinished(&app).is_empty());
}

// A change the player asks for that the results database refuses is announced, never dropped in silence.
#[test]
fn a_change_the_database_refuses_is_announced_on_screen() {
    let dir = scenario_dir("refused-change", false);
    let data = tempdir("refused-change-data");
    let (best_numbers, _) = shipped_paths("spilled-soup");
    {
        let mut app = headless_with_data(&dir, &data);
        click(&mut app, |b| b.action == UiAction::Play);
        type_line(&mut app, "Ann");
        pick_case_with_keys(&mut app, "spilled-soup");
        choose_with_keys(&mut app, best_numbers[0] - 1);
        // Closed mid-case: the title offers the attempt at the next start.
    }
    let mut app = headless_with_data(&dir, &data);
    let unfinished = app.world().resource::<ResultsDb>().read(|s| s.unfinished()).unwrap();
    let id = unfinished[0].id.clone();
    // Meanwhile the trainee finishes it in a terminal, so it can no longer be set aside.
    let rest: Vec<String> = best_numbers[1..].iter().map(usize::to_string).collect();
    let env = [("GOODWILL_SCENARIOS", dir.as_path())];
    let (code, _, err) = goodwill_on(&data, &env, &["attempts", "resume", &id, "--choices", &rest.join(",")]);
    assert_eq!(code, 0, "{err}");
    assert!(!visible_text(&mut app).contains("没有保存"), "nothing has failed yet");
    click(&mut app, |b| b.action == UiAction::DiscardAttempt);
    let text = visible_text(&mut app);
    assert!(
        text.contains("这一更改没有保存") && text.contains("only an unfinished attempt"),
        "{text}"
    );
    let finished = app
        .world()
        .resource::<ResultsDb>()
        .read(|s| s.finished_attempts(Some("Ann"), None))
        .unwrap();
    assert_eq!(finished.len(), 1, "the finished attempt is kept as it was");
}
