//! The one integration-test binary (each links Bevy, so there is only one): the command line as a
//! trainer runs it, the headless game driven by the same keys and clicks a player uses, and the font.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use bevy::input::ButtonState;
use bevy::input::InputPlugin;
use bevy::input::keyboard::{Key as LogicalKey, KeyboardInput};
use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use goodwill::game::input::ActionButton;
use goodwill::game::input::UiAction;
use goodwill::game::library::Library;
use goodwill::game::records::ResultsDb;
use goodwill::game::run::ActiveRun;
use goodwill::game::screens::Screen;
use goodwill::game::screens::debrief::{MistakeLine, OptionReviewed, OutcomeHeading};
use goodwill::game::screens::select::ErrorCard;
use goodwill::game::settings::Settings;
use goodwill_engine::{Lang, Outcome};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn goodwill(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_goodwill"))
        .args(args)
        .current_dir(repo())
        .output()
        .expect("run goodwill");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

// ---------- command line ----------

/// A shipped case's best and worst paths by the engine's analysis, as `--choices` numbers (1-based, file
/// order), so tests name no positions that a content rewrite would change.
fn shipped_paths(id: &str) -> (Vec<usize>, Vec<usize>) {
    let loaded = goodwill_engine::load_file(&repo().join("scenarios").join(format!("{id}.ron")));
    let analysis = goodwill_engine::analyze::analyze(loaded.scenario.as_ref().expect("a shipped case loads"));
    let numbers = |end: Option<goodwill_engine::analyze::PathEnd>| end.unwrap().choices.iter().map(|c| c + 1).collect();
    (numbers(analysis.best), numbers(analysis.worst))
}

/// The ids of the shipped cases, from the `scenarios/` folder.
fn shipped_cases() -> Vec<String> {
    let mut ids: Vec<String> = std::fs::read_dir(repo().join("scenarios"))
        .unwrap()
        .filter_map(|e| {
            let path = e.ok()?.path();
            (path.extension()? == "ron").then(|| path.file_stem().unwrap().to_string_lossy().into_owned())
        })
        .collect();
    ids.sort();
    ids
}

fn as_arg(numbers: &[usize]) -> String {
    numbers.iter().map(ToString::to_string).collect::<Vec<_>>().join(",")
}

#[test]
fn check_passes_on_the_shipped_scenarios_and_fails_on_fixtures() {
    let (code, out, _) = goodwill(&["check"]);
    assert_eq!(code, 0, "{out}");
    let shipped = shipped_cases().len();
    assert!(
        out.contains(&format!("{shipped} playable, 0 error(s), 0 warning(s)")),
        "{out}"
    );
    let (code, out, _) = goodwill(&["check", "tests/fixtures"]);
    assert_eq!(code, 1);
    // Every broken fixture is reported in one run, each with file:line:column.
    for fixture in [
        "syntax-error",
        "unknown-field",
        "dangling-node",
        "cycle",
        "missing-translation",
    ] {
        assert!(
            out.lines()
                .any(|l| l.starts_with(&format!("tests/fixtures/{fixture}.ron:")) && l.contains(": error: ")),
            "{fixture}:\n{out}"
        );
    }
    assert!(
        out.contains("2 playable"),
        "minimal.ron and phone-repair.ron still load: {out}"
    );
}

#[test]
fn check_explains_missing_paths_instead_of_panicking() {
    let (code, _, err) = goodwill(&["check", "no/such/dir"]);
    assert_eq!(code, 2);
    assert!(err.contains("no/such/dir: no such file or directory"), "{err}");
    let empty = tempdir("empty-scenarios");
    let (code, _, err) = goodwill(&["check", empty.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("no scenario files"), "{err}");
}

#[test]
fn scripted_play_prints_the_transcript_and_json_result() {
    let (best_numbers, _) = shipped_paths("spilled-soup");
    let best = as_arg(&best_numbers);
    let (code, out, err) = goodwill(&[
        "play",
        "--text",
        "spilled-soup",
        "--lang",
        "en",
        "--seed",
        "3",
        "--choices",
        &best,
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).expect("stdout is the JSON result");
    assert_eq!(json["outcome"], "loyal");
    assert_eq!(json["steps"].as_array().unwrap().len(), best_numbers.len());
    assert!(json["timeline"].as_array().unwrap().len() > best_numbers.len());
    // Both numberings: the file order a script uses, and the position the choice was shown at.
    assert_eq!(json["choice_numbers"], serde_json::json!(best_numbers));
    for step in json["steps"].as_array().unwrap() {
        let position = step["shown_position"].as_u64().expect("a shown position");
        assert!((1..=4).contains(&position), "{step}");
        assert!(step["choice_number"].as_u64().is_some());
    }
    assert!(err.contains("Mr Li"), "transcript goes to stderr: {err}");
    // Same seed and choices → the same result, byte for byte.
    let (_, again, _) = goodwill(&[
        "play",
        "--text",
        "spilled-soup",
        "--lang",
        "en",
        "--seed",
        "3",
        "--choices",
        &best,
        "--json",
    ]);
    assert_eq!(out, again);
}

#[test]
fn the_interactive_terminal_shows_choices_in_the_seeded_order_and_answers_by_position() {
    use std::io::Write;
    let loaded = goodwill_engine::load_file(&repo().join("scenarios/spilled-soup.ron"));
    let scenario = std::sync::Arc::new(loaded.scenario.unwrap());
    let mut orders = std::collections::BTreeSet::new();
    for seed in [1u64, 2, 3, 4] {
        let session = goodwill_engine::Session::new(std::sync::Arc::clone(&scenario), seed);
        let offered = session.offered().to_vec();
        orders.insert(offered.clone());
        let node = session.current_node().unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_goodwill"))
            .args([
                "play",
                "--text",
                "spilled-soup",
                "--lang",
                "en",
                "--seed",
                &seed.to_string(),
            ])
            .current_dir(repo())
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // Answer "1" (whatever is shown first), then quit.
        child.stdin.take().unwrap().write_all(b"1\nq\n").unwrap();
        let out = child.wait_with_output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        for (position, &index) in offered.iter().enumerate() {
            let expected = format!("  {}. {}", position + 1, node.choices[index].text.en);
            assert!(text.contains(&expected), "seed {seed}: missing {expected:?} in\n{text}");
        }
        let said = format!("You: {}", node.choices[offered[0]].text.en);
        assert!(
            text.contains(&said),
            "answer 1 plays the first choice shown: {said:?}\n{text}"
        );
    }
    assert!(orders.len() > 1, "the order changes with the seed");
}

#[test]
fn scripted_play_rejects_a_bad_choice_with_a_message() {
    let (code, _, err) = goodwill(&["play", "--text", "spilled-soup", "--choices", "9"]);
    assert_eq!(code, 2);
    assert!(err.contains("choice 9 does not exist") && err.contains("1–"), "{err}");
    let (code, _, err) = goodwill(&["play", "--text", "no-such-case"]);
    assert_eq!(code, 2);
    assert!(err.contains("no scenario `no-such-case`"), "{err}");
}

#[test]
fn analyze_reports_every_tier_and_random_coverage() {
    let (code, out, err) = goodwill(&["analyze", "missing-epaulette", "--random", "300"]);
    assert_eq!(code, 0, "{err}");
    for tier in ["lost", "resolved", "retained", "loyal"] {
        assert!(
            out.lines()
                .any(|l| l.trim_start().starts_with(tier) && l.contains("yes")),
            "{tier}:\n{out}"
        );
    }
    assert!(out.contains("best final balance:"), "{out}");
    assert!(out.contains("300 random playthroughs"), "{out}");
    assert!(
        out.contains("length tell (zh)") && out.contains("length tell (en)"),
        "{out}"
    );
    // JSON numbers choices like `--choices` does: from 1, in file order; replaying the best path by
    // those numbers reaches the best balance.
    let (code, out, err) = goodwill(&["analyze", "missing-epaulette", "--json"]);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let best = &json["analysis"]["best"];
    let numbers: Vec<String> = best["choices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert!(!numbers.contains(&"0".to_string()), "{numbers:?}");
    assert!(json["tells"]["zh"]["nodes"].as_u64().unwrap() > 0);
    let (code, played, err) = goodwill(&[
        "play",
        "--text",
        "missing-epaulette",
        "--choices",
        &numbers.join(","),
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    let played: serde_json::Value = serde_json::from_str(&played).unwrap();
    assert_eq!(played["final_balance"], best["final_balance"]);
}

// ---------- the headless game ----------

fn tempdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("goodwill-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A copy of the shipped scenarios plus, optionally, a broken file.
fn scenario_dir(name: &str, broken: bool) -> PathBuf {
    let dir = tempdir(name);
    for entry in std::fs::read_dir(repo().join("scenarios")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
    }
    if broken {
        std::fs::copy(
            repo().join("tests/fixtures/dangling-node.ron"),
            dir.join("zz-broken.ron"),
        )
        .unwrap();
    }
    dir
}

/// The real game plugins on a windowless app, with a fresh results database.
fn headless(scenarios: &Path) -> App {
    let data = tempdir(&format!("data-{}", scenarios.file_name().unwrap().to_string_lossy()));
    headless_with_data(scenarios, &data)
}

/// The real game plugins on a windowless app, keeping results in `data`.
fn headless_with_data(scenarios: &Path, data: &Path) -> App {
    // Settings go to a private directory, never the user's.
    // SAFETY: every test sets the same value, and nothing reads it concurrently with a different one.
    unsafe {
        std::env::set_var(
            goodwill::game::settings::CONFIG_ENV,
            std::env::temp_dir().join("goodwill-test-config"),
        )
    };
    let mut app = App::new();
    app.insert_resource(ResultsDb::open(data));
    goodwill::game::register_scenario_source(&mut app, scenarios);
    app.add_plugins((
        MinimalPlugins,
        StatesPlugin,
        InputPlugin,
        AssetPlugin {
            file_path: scenarios.to_string_lossy().into(),
            ..default()
        },
    ))
    .init_resource::<bevy::text::RemSize>()
    .add_plugins(goodwill::game::plugin);
    app.insert_resource(Settings::default());
    app.update();
    for _ in 0..500 {
        app.update();
        if app.world().resource::<Library>().ready {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(app.world().resource::<Library>().ready, "scenarios did not load");
    app.update();
    app
}

fn press(app: &mut App, key: KeyCode) {
    for state in [ButtonState::Pressed, ButtonState::Released] {
        app.world_mut().write_message(KeyboardInput {
            key_code: key,
            logical_key: LogicalKey::Unidentified(bevy::input::keyboard::NativeKey::Unidentified),
            state,
            text: None,
            repeat: false,
            window: Entity::PLACEHOLDER,
        });
        app.update();
    }
    // Key → action → run → screen change can take a frame or two more, depending on system order.
    app.update();
    app.update();
}

/// Types text the way a keyboard delivers it (one key event per character), then Enter.
fn type_line(app: &mut App, text: &str) {
    for c in text.chars() {
        app.world_mut().write_message(KeyboardInput {
            key_code: KeyCode::KeyA,
            logical_key: LogicalKey::Character(c.to_string().into()),
            state: ButtonState::Pressed,
            text: Some(c.to_string().into()),
            repeat: false,
            window: Entity::PLACEHOLDER,
        });
        app.update();
    }
    app.world_mut().write_message(KeyboardInput {
        key_code: KeyCode::Enter,
        logical_key: LogicalKey::Enter,
        state: ButtonState::Pressed,
        text: None,
        repeat: false,
        window: Entity::PLACEHOLDER,
    });
    for _ in 0..3 {
        app.update();
    }
}

fn screen(app: &App) -> Screen {
    *app.world().resource::<State<Screen>>().get()
}

fn visible_text(app: &mut App) -> String {
    let mut query = app.world_mut().query::<&Text>();
    query
        .iter(app.world())
        .map(|t| t.0.clone())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Clicks a button the way the UI does: its `Interaction` becomes `Pressed`.
fn click(app: &mut App, matches: impl Fn(&ActionButton) -> bool) {
    let mut query = app.world_mut().query::<(Entity, &ActionButton)>();
    let target = query
        .iter(app.world())
        .find(|(_, b)| matches(b))
        .map(|(e, _)| e)
        .expect("button on screen");
    app.world_mut().entity_mut(target).insert(Interaction::Pressed);
    for _ in 0..4 {
        app.update();
    }
}

/// The 1-based position at which the current node shows the choice with this 0-based file index:
/// choices are shown in a seeded order, so a test names a choice by identity and looks up its place.
fn shown_position(app: &App, index: usize) -> usize {
    let run = app.world().resource::<ActiveRun>();
    let offered = run.session.offered();
    offered
        .iter()
        .position(|&i| i == index)
        .unwrap_or_else(|| panic!("choice {index} is not offered here: {offered:?}"))
        + 1
}

fn digit(position: usize) -> KeyCode {
    goodwill::game::input::NUMBER_KEYS[position - 1].0
}

/// The path (0-based file indices) with the best final balance, found by the engine's analysis, so
/// the tests need no positions that a content rewrite would change.
fn best_path(scenario: &goodwill_engine::Scenario) -> Vec<usize> {
    goodwill_engine::analyze::analyze(scenario)
        .best
        .expect("a best path")
        .choices
}

/// Opens a case from the list by the number on its card (the list is sorted for reading, not by file).
fn pick_case_with_keys(app: &mut App, id: &str) {
    let library = app.world().resource::<Library>();
    let position = library
        .listed()
        .into_iter()
        .position(|i| library.entries[i].scenario.as_ref().unwrap().id == id)
        .expect("the case is listed");
    let key = digit(position + 1);
    press(app, key);
    let run = app.world().resource::<ActiveRun>();
    assert_eq!(run.session.scenario().id, id);
}

/// The library entry of a case, for a mouse click on its card.
fn entry_index(app: &App, id: &str) -> usize {
    let library = app.world().resource::<Library>();
    library
        .entries
        .iter()
        .position(|e| e.scenario.as_ref().is_some_and(|s| s.id == id))
        .expect("the case is loaded")
}

/// Answers with the choice at 0-based file `index`, by pressing the number it is shown under.
fn choose_with_keys(app: &mut App, index: usize) {
    // Skip the reveal, then answer, then move on from the feedback note.
    press(app, KeyCode::Space);
    let key = digit(shown_position(app, index));
    press(app, key);
    press(app, KeyCode::Space);
}

#[test]
fn keyboard_player_goes_from_title_to_debrief_and_sees_the_engine_outcome() {
    let dir = scenario_dir("keyboard", false);
    let mut app = headless(&dir);
    assert_eq!(screen(&app), Screen::Title);
    assert!(visible_text(&mut app).contains("开始"));
    press(&mut app, KeyCode::ArrowDown);
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

/// Signs Ann in and opens the case list.
fn to_the_cases_as_ann(app: &mut App) {
    app.world().resource::<ResultsDb>().with(|s| s.add_profile("Ann"));
    app.world_mut()
        .resource_mut::<goodwill::game::records::Player>()
        .profile = Some("Ann".into());
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
        assert!(
            text.contains(node.choices[i].feedback.zh.as_str()),
            "option {i}'s reasoning is missing"
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
fn progress_calls_a_step_an_early_ending_never_reached_not_reached_not_a_regression() {
    let dir = scenario_dir("not-reached", false);
    let mut app = headless(&dir);
    {
        let db = app.world().resource::<ResultsDb>();
        let (best, worst) = shipped_paths("spilled-soup");
        // First the whole case, then an attempt the customer walked out of early.
        for path in [best, worst] {
            let scenario = app.world().resource::<Library>().find("spilled-soup").unwrap().clone();
            let mut session = goodwill_engine::Session::new(scenario, 5);
            let id = db
                .with(|s| s.start_attempt(&goodwill_store::NewAttempt::solo("Ann", "spilled-soup", 1, 5)))
                .unwrap();
            for n in path {
                let (_, d) = goodwill_store::DecisionInput::play(&mut session, n - 1, None, 1000).unwrap();
                db.with(|s| s.record_decision(&id, &d));
            }
            db.with(|s| s.finish_attempt(&id, session.report().unwrap()));
        }
    }
    app.world_mut()
        .resource_mut::<goodwill::game::records::Player>()
        .profile = Some("Ann".into());
    click(&mut app, |b| b.action == UiAction::OpenProgress);
    assert_eq!(screen(&app), Screen::Progress);
    let text = visible_text(&mut app);
    assert!(text.contains("→ 未走到"), "{text}");
    assert!(
        !text.contains("0/0"),
        "a step never on offer reads as a failure: {text}"
    );
}

#[test]
fn mouse_player_overdraws_the_account_and_sees_it_closed() {
    let dir = scenario_dir("mouse", false);
    let mut app = headless(&dir);
    click(&mut app, |b| b.action == goodwill::game::input::UiAction::Play);
    assert_eq!(screen(&app), Screen::Profiles);
    app.world().resource::<ResultsDb>().with(|s| s.add_profile("Ann"));
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
        click(&mut app, |b| b.action == Continue);
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
fn switching_language_changes_the_visible_text() {
    let dir = scenario_dir("language", false);
    let mut app = headless(&dir);
    assert!(visible_text(&mut app).contains("开始"));
    app.world_mut().resource_mut::<Settings>().lang = Lang::En;
    app.update();
    let text = visible_text(&mut app);
    assert!(text.contains("Play") && !text.contains("开始"), "{text}");
}

#[test]
fn a_broken_file_shows_an_error_card_and_the_rest_stay_playable() {
    let dir = scenario_dir("broken", true);
    let mut app = headless(&dir);
    press(&mut app, KeyCode::ArrowDown);
    press(&mut app, KeyCode::Enter);
    type_line(&mut app, "Ann");
    assert_eq!(screen(&app), Screen::Select);
    let mut cards = app.world_mut().query_filtered::<Entity, With<ErrorCard>>();
    assert_eq!(cards.iter(app.world()).count(), 1);
    let text = visible_text(&mut app);
    assert!(
        text.contains("zz-broken.ron:22:"),
        "the checker's file:line:column is on the card:\n{text}"
    );
    assert!(text.contains("clsoe"), "{text}");
    assert!(
        text.contains(&dir.join("zz-broken.ron").display().to_string()),
        "the card names the file where it really is: {text}"
    );
    assert_eq!(
        app.world().resource::<Library>().playable().count(),
        shipped_cases().len()
    );
}

#[test]
fn a_link_in_the_scenarios_folder_is_not_followed_by_the_game_or_check() {
    let dir = scenario_dir("linked", false);
    // A valid scenario living elsewhere, linked into the folder under a new id.
    let outside = tempdir("linked-outside");
    let source = std::fs::read_to_string(repo().join("tests/fixtures/phone-repair.ron")).unwrap();
    std::fs::write(outside.join("elsewhere.ron"), source).unwrap();
    std::os::unix::fs::symlink(outside.join("elsewhere.ron"), dir.join("zz-linked.ron")).unwrap();
    let app = headless(&dir);
    let library = app.world().resource::<Library>();
    assert!(
        library.find("phone-repair").is_none(),
        "the linked scenario is not playable"
    );
    let entry = library
        .entries
        .iter()
        .find(|e| e.file.contains("zz-linked"))
        .expect("listed as an error");
    assert!(entry.errors[0].message.contains("symbolic link"), "{:?}", entry.errors);
    assert_eq!(library.playable().count(), shipped_cases().len());
    let (code, out, _) = goodwill(&["check", dir.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("zz-linked") && !out.contains("phone-repair"), "{out}");
}

#[test]
fn every_case_plays_to_a_debrief_by_keyboard_in_english_and_by_mouse_in_chinese() {
    let dir = scenario_dir("every", false);
    let cases = shipped_cases();
    let mut app = headless(&dir);
    app.world().resource::<ResultsDb>().with(|s| s.add_profile("Ann"));
    app.world_mut()
        .resource_mut::<goodwill::game::records::Player>()
        .profile = Some("Ann".into());
    press(&mut app, KeyCode::ArrowDown);
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
                    click(&mut app, |b| b.action == UiAction::Continue);
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
        .with(|s| s.finished_attempts(Some("Ann"), None))
        .unwrap();
    assert_eq!(stored.len(), 2 * cases.len(), "every attempt is recorded");
}

/// Answers with 0-based file `index` at the current node; in a pair exercise a marked line is then
/// rated. Returns whether a rating was asked for.
fn answer(app: &mut App, index: usize, rating: u8) -> bool {
    press(app, KeyCode::Space);
    let key = digit(shown_position(app, index));
    press(app, key);
    let rated = matches!(
        app.world().resource::<ActiveRun>().phase,
        goodwill::game::run::Phase::Rating(_)
    );
    if rated {
        assert!(visible_text(app).contains("真诚") || visible_text(app).contains("incere"));
        press(app, digit(usize::from(rating)));
    }
    press(app, KeyCode::Space);
    rated
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
    let attempts = db.with(|s| s.finished_attempts(Some("Ann"), None)).unwrap();
    assert_eq!(
        attempts.len(),
        1,
        "the resumed attempt is the same attempt, not a second one"
    );
    assert_eq!(attempts[0].outcome, Some(Outcome::Loyal));
    assert_eq!(db.with(|s| s.decisions(&attempts[0].id)).unwrap().len(), path.len());
    assert!(db.with(|s| s.unfinished()).unwrap().is_empty());
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
        .attempt
        .clone()
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

#[test]
fn pair_exercise_shows_the_role_card_rates_sincerity_and_swaps_roles() {
    let dir = scenario_dir("pair", false);
    let mut app = headless(&dir);
    app.world()
        .resource::<ResultsDb>()
        .with(|s| s.add_profile("Ann").and(s.add_profile("Bob")).and(s.add_profile("Cai")));
    click(&mut app, |b| b.action == UiAction::OpenPair);
    assert_eq!(screen(&app), Screen::PairSetup);
    click(&mut app, |b| b.action == UiAction::CycleObserver);
    click(&mut app, |b| b.action == UiAction::StartPair);
    assert_eq!(screen(&app), Screen::RoleCard);
    let exercise = app
        .world()
        .resource::<goodwill::game::run::pair::PairExercise>()
        .clone();
    let (a, b) = (exercise.first_agent.clone(), exercise.first_customer.clone());
    assert_ne!(a, b);
    assert_eq!(exercise.observer.as_deref().map(|o| o != a && o != b), Some(true));
    // Round one: the first case in the list; the customer player's card tells what happened.
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
    // The observer ticks two steps.
    assert_eq!(screen(&app), Screen::Observer);
    click(&mut app, |b| b.action == UiAction::ToggleObserverStep(2));
    click(&mut app, |b| b.action == UiAction::Done);
    // Round two swaps the roles and plays the paired case.
    assert_eq!(screen(&app), Screen::RoleCard);
    click(&mut app, |b| b.action == UiAction::Continue);
    let path = best_path(app.world().resource::<ActiveRun>().session.scenario());
    for index in path {
        answer(&mut app, index, 5);
    }
    assert_eq!(screen(&app), Screen::Debrief);
    click(&mut app, |b| b.action == UiAction::NextRound);
    click(&mut app, |b| b.action == UiAction::Done);
    assert_eq!(screen(&app), Screen::PairDebrief);
    let text = visible_text(&mut app);
    assert!(
        text.contains("两轮对比") && text.contains(&a) && text.contains(&b),
        "{text}"
    );
    let db = app.world().resource::<ResultsDb>();
    let ann = db.with(|s| s.finished_attempts(Some(&a), None)).unwrap();
    let bob = db.with(|s| s.finished_attempts(Some(&b), None)).unwrap();
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
        .with(|s| s.decisions(&ann[0].id))
        .unwrap()
        .iter()
        .filter_map(|d| d.sincerity)
        .collect();
    assert!(ratings.iter().all(|&r| r == 1) && !ratings.is_empty());
    assert_eq!(db.with(|s| s.observer_marks(&ann[0].id)).unwrap()[2], (3, true));
}

#[test]
fn an_interrupted_pair_round_resumes_and_still_ends_with_both_rounds_side_by_side() {
    let dir = scenario_dir("pair-resume", false);
    let data = tempdir("pair-resume-data");
    {
        let mut app = headless_with_data(&dir, &data);
        app.world()
            .resource::<ResultsDb>()
            .with(|s| s.add_profile("Ann").and(s.add_profile("Bob")));
        click(&mut app, |b| b.action == UiAction::OpenPair);
        click(&mut app, |b| b.action == UiAction::StartPair);
        click(&mut app, |b| b.action == UiAction::Continue);
        for index in best_path(app.world().resource::<ActiveRun>().session.scenario()) {
            answer(&mut app, index, 4);
        }
        click(&mut app, |b| b.action == UiAction::NextRound);
        assert_eq!(screen(&app), Screen::RoleCard);
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

#[test]
fn progress_transcript_and_class_screens_show_stored_results() {
    let dir = scenario_dir("class", false);
    let mut app = headless(&dir);
    {
        let db = app.world().resource::<ResultsDb>();
        db.with(|s| s.create_class("周一新人班", &["Ann".into(), "李明".into()], &["spilled-soup".into()]));
        let (best, worst) = shipped_paths("spilled-soup");
        for (who, path) in [("Ann", worst), ("Ann", best.clone()), ("李明", best)] {
            let scenario = app.world().resource::<Library>().find("spilled-soup").unwrap().clone();
            let mut session = goodwill_engine::Session::new(scenario, 5);
            let new = goodwill_store::NewAttempt {
                class: Some("周一新人班".into()),
                ..goodwill_store::NewAttempt::solo(who, "spilled-soup", 1, 5)
            };
            let id = db.with(|s| s.start_attempt(&new)).unwrap();
            for n in path {
                let (_, d) = goodwill_store::DecisionInput::play(&mut session, n - 1, None, 1000).unwrap();
                db.with(|s| s.record_decision(&id, &d));
            }
            db.with(|s| s.finish_attempt(&id, session.report().unwrap()));
        }
    }
    app.world_mut()
        .resource_mut::<goodwill::game::records::Player>()
        .profile = Some("Ann".into());
    click(&mut app, |b| b.action == UiAction::OpenProgress);
    assert_eq!(screen(&app), Screen::Progress);
    let text = visible_text(&mut app);
    assert!(
        text.contains("第一次 失去客户") && text.contains("最近一次 忠诚客户"),
        "{text}"
    );
    click(&mut app, |b| b.action == UiAction::OpenAttempt(0));
    assert_eq!(screen(&app), Screen::Transcript);
    let steps = shipped_paths("spilled-soup").0.len();
    assert!(visible_text(&mut app).contains(&format!("第1步，共{steps}步")));
    // The replay shows the options as they were offered, in the order shown, the answer marked.
    assert!(
        visible_text(&mut app).contains("按你看到的顺序"),
        "{}",
        visible_text(&mut app)
    );
    press(&mut app, KeyCode::ArrowRight);
    assert!(visible_text(&mut app).contains(&format!("第2步，共{steps}步")));
    press(&mut app, KeyCode::Escape);
    press(&mut app, KeyCode::Escape);
    click(&mut app, |b| b.action == UiAction::OpenClass);
    assert_eq!(screen(&app), Screen::Class);
    let text = visible_text(&mut app);
    assert!(
        text.contains("周一新人班") && text.contains("李明") && text.contains("忠诚客户"),
        "{text}"
    );
    assert!(text.contains("1/1"), "the heatmap counts applied / on offer: {text}");
    // A trainer sets up the next class in the game: a name, the trainees ticked, the cases ticked.
    click(&mut app, |b| b.action == UiAction::NewClass);
    assert_eq!(screen(&app), Screen::ClassSetup);
    type_line(&mut app, "周二班");
    click(&mut app, |b| b.action == UiAction::ToggleTrainee(0));
    click(&mut app, |b| b.action == UiAction::CreateClass);
    assert_eq!(screen(&app), Screen::Class);
    assert!(visible_text(&mut app).contains("周二班"));
    let class = app
        .world()
        .resource::<ResultsDb>()
        .with(|s| s.class("周二班"))
        .flatten()
        .unwrap();
    assert_eq!(
        (class.trainees.len(), class.scenarios.len()),
        (1, shipped_cases().len()),
        "one of two trainees left out"
    );
    assert_eq!(
        app.world()
            .resource::<goodwill::game::records::Player>()
            .class
            .as_deref(),
        Some("周二班")
    );
}

#[test]
fn trainer_commands_create_a_class_record_play_merge_and_report() {
    let room = tempdir("cli-room");
    let laptop = tempdir("cli-laptop");
    let with = |dir: &Path, args: &[&str]| {
        let mut all = vec!["--data-dir", dir.to_str().unwrap()];
        all.extend_from_slice(args);
        goodwill(&all)
    };
    let (code, out, err) = with(
        &room,
        &[
            "class",
            "new",
            "Monday",
            "--trainees",
            "Ann,李明",
            "--scenarios",
            "spilled-soup",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("2 trainee(s)"), "{out}");
    let best = as_arg(&shipped_paths("spilled-soup").0);
    let (code, _, err) = with(
        &laptop,
        &[
            "play",
            "--text",
            "spilled-soup",
            "--choices",
            &best,
            "--profile",
            "李明",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let (code, out, _) = with(&laptop, &["profile", "list"]);
    assert_eq!(code, 0);
    assert!(out.contains("李明\t1 finished attempt(s)"), "{out}");
    let carry = laptop.join("carry.json");
    let (code, _, err) = with(&laptop, &["export", "--out", carry.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    for expected in ["1 new attempt(s)", "0 new attempt(s), 1 already present"] {
        let (code, out, err) = with(&room, &["import", carry.to_str().unwrap()]);
        assert_eq!(code, 0, "{err}");
        assert!(out.contains(expected), "{out}");
    }
    // A self-study attempt is not part of the class; one played under the class is.
    let html = room.join("monday.html");
    let (code, out, err) = with(
        &room,
        &[
            "report",
            "--session",
            "Monday",
            "--format",
            "html",
            "--out",
            html.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("0 finished attempt(s)"), "{out}");
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("李明") && page.starts_with("<!DOCTYPE html>"));
    let (code, _, err) = with(
        &room,
        &["report", "--session", "Nope", "--format", "csv", "--out", "x.csv"],
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("no class session named `Nope`") && err.contains("Monday"),
        "{err}"
    );
    let (code, _, err) = with(
        &room,
        &["report", "--session", "Monday", "--format", "pdf", "--out", "x.pdf"],
    );
    assert_eq!(code, 2);
    assert!(err.contains("unknown format `pdf`"), "{err}");
    // A corrupt database is refused with its path, and left as it was.
    let broken = tempdir("cli-broken");
    std::fs::write(
        broken.join("goodwill.db"),
        b"definitely not sqlite, but long enough to have a header",
    )
    .unwrap();
    let (code, _, err) = with(&broken, &["profile", "list"]);
    assert_eq!(code, 2);
    assert!(err.contains("goodwill.db") && err.contains("left untouched"), "{err}");
    assert_eq!(
        std::fs::read(broken.join("goodwill.db")).unwrap(),
        b"definitely not sqlite, but long enough to have a header"
    );
}

// ---------- the font ----------

/// Every character the interface and the scenarios show must be in the shipped CJK subset.
#[test]
fn font_covers_every_character() {
    let font = std::fs::read(repo().join("assets/fonts/NotoSansSC-goodwill.otf")).expect("font shipped");
    assert!(
        repo().join("assets/fonts/OFL.txt").is_file(),
        "the font's licence ships with it"
    );
    let face = ttf_parser::Face::parse(&font, 0).expect("the shipped font parses");
    let mut texts: Vec<String> = Vec::new();
    for lang in Lang::ALL {
        texts.extend(
            goodwill::i18n::Key::ALL
                .iter()
                .map(|k| goodwill::i18n::tr(*k, lang).to_string()),
        );
        texts.extend(
            goodwill_engine::Principle::ALL
                .iter()
                .map(|p| p.name().get(lang).to_string()),
        );
        texts.extend(
            goodwill_engine::AntiPattern::ALL
                .iter()
                .map(|p| p.name().get(lang).to_string()),
        );
        texts.extend(
            goodwill_engine::Outcome::ALL
                .iter()
                .map(|o| goodwill_engine::report::word_of_mouth(*o).get(lang).to_string()),
        );
    }
    for entry in std::fs::read_dir(repo().join("scenarios")).unwrap() {
        texts.push(std::fs::read_to_string(entry.unwrap().path()).unwrap());
    }
    texts.push("✓×–⚠•→■▏★［］".into());
    let mut missing: Vec<char> = texts
        .concat()
        .chars()
        .filter(|c| !c.is_control() && face.glyph_index(*c).is_none())
        .collect();
    missing.sort();
    missing.dedup();
    assert!(
        missing.is_empty(),
        "not in the font subset (run assets/fonts/subset.py): {missing:?}"
    );
}

// ---------- command line: shared results folders, hostile files and paths (store robustness) ----------

/// The soup case's best path, as `--choices` takes it.
fn soup_best() -> String {
    as_arg(&shipped_paths("spilled-soup").0)
}

/// Plays the soup case's best path as Ann on data directory `data`, recorded.
fn record_soup_as_ann(data: &Path) {
    let (code, _, err) = goodwill_on(
        data,
        &[],
        &[
            "play",
            "--text",
            "spilled-soup",
            "--choices",
            &soup_best(),
            "--profile",
            "Ann",
        ],
    );
    assert_eq!(code, 0, "{err}");
}

/// Runs goodwill on data directory `data` with extra environment variables.
fn goodwill_on(data: &Path, env: &[(&str, &Path)], args: &[&str]) -> (i32, String, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_goodwill"));
    command.arg("--data-dir").arg(data).args(args).current_dir(repo());
    for (key, value) in env {
        command.env(key, value);
    }
    let out = command.output().expect("run goodwill");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

#[test]
fn cli_commands_end_quietly_when_the_reader_closes_the_pipe() {
    let data = tempdir("cli-pipe");
    record_soup_as_ann(&data);
    for args in [
        &["analyze", "roaming-charge", "--random", "200"][..],
        &["check"][..],
        &["profile", "list"][..],
        &["attempts", "list"][..],
        &["play", "--text", "spilled-soup", "--choices", &soup_best(), "--json"][..],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_goodwill"))
            .arg("--data-dir")
            .arg(&data)
            .args(args)
            .current_dir(repo())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // Like `| head -0`: the reader is gone before the first line is written.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
    }
}

#[test]
fn cli_play_reads_only_scenarios_and_never_echoes_another_file() {
    let data = tempdir("cli-paths-data");
    let outside = tempdir("cli-paths-outside");
    let secret = outside.join("notes.txt");
    std::fs::write(&secret, "topsecret: the root password\n").unwrap();
    let secret_ron = outside.join("notes.ron");
    std::fs::write(&secret_ron, "topsecret: the root password\n").unwrap();
    let folder = scenario_dir("cli-paths-scenarios", false);
    #[cfg(unix)]
    std::os::unix::fs::symlink(&secret_ron, folder.join("linked.ron")).unwrap();
    let env = [("GOODWILL_SCENARIOS", folder.as_path())];
    let relative = format!("../../../../../../../..{}", outside.join("notes").display());
    for arg in [
        secret.to_str().unwrap(),
        relative.as_str(),
        "../../etc/passwd",
        "linked",
        "Spilled Soup",
    ] {
        let (code, out, err) = goodwill_on(&data, &env, &["play", "--text", arg, "--choices", "1"]);
        assert_eq!(code, 2, "{arg}: {out}{err}");
        assert!(!err.contains("topsecret") && !err.contains("root:"), "{arg}: {err}");
        assert!(
            err.contains("neither a scenario id") || err.contains("no scenario"),
            "{arg}: {err}"
        );
    }
    let (code, out, err) = goodwill_on(&data, &env, &["check", secret.to_str().unwrap()]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(!out.contains("topsecret") && !err.contains("topsecret"), "{out}{err}");
    assert!(err.contains("not a scenario file"), "{err}");
    // An id is still found in the folder, and a path to a .ron file is still a path.
    let (code, _, err) = goodwill_on(&data, &env, &["analyze", "spilled-soup"]);
    assert_eq!(code, 0, "{err}");
    let file = folder.join("spilled-soup.ron");
    let (code, _, err) = goodwill_on(&data, &env, &["analyze", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn cli_import_checks_every_record_and_is_all_or_nothing() {
    let laptop = tempdir("cli-import-laptop");
    let room = tempdir("cli-import-room");
    record_soup_as_ann(&laptop);
    let good = laptop.join("good.json");
    let (code, _, err) = goodwill_on(&laptop, &[], &["export", "--out", good.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let mut value: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&good).unwrap()).unwrap();
    value["attempts"][0]["attempt"]["id"] = serde_json::json!("00000000-0000-4000-8000-000000000001");
    value["attempts"][0]["attempt"]["profile"] = serde_json::json!("Bob\u{1b}[2J");
    let bad = laptop.join("bad.json");
    std::fs::write(&bad, serde_json::to_vec(&value).unwrap()).unwrap();

    let (code, _, err) = goodwill_on(&room, &[], &["import", good.to_str().unwrap(), bad.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("bad.json") && err.contains("control characters"), "{err}");
    assert!(err.contains("nothing was imported"), "{err}");
    let (_, out, _) = goodwill_on(&room, &[], &["attempts", "list"]);
    assert!(out.contains("no attempts yet"), "good.json was not merged alone: {out}");
    let (code, out, err) = goodwill_on(&room, &[], &["import", good.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("1 new attempt(s)"), "{out}");
}

#[test]
fn cli_lists_resumes_and_discards_unfinished_attempts() {
    let data = tempdir("cli-attempts");
    let partial = [
        "play",
        "--text",
        "spilled-soup",
        "--lang",
        "en",
        "--choices",
        "2,1,2",
        "--profile",
        "Ann",
    ];
    let (code, _, err) = goodwill_on(&data, &[], &partial);
    assert_eq!(code, 2, "the scripted play stops before the end: {err}");
    let (code, out, _) = goodwill_on(&data, &[], &["attempts", "list", "--unfinished"]);
    assert_eq!(code, 0);
    let line = out.lines().next().unwrap().to_owned();
    assert!(
        line.contains("Ann") && line.contains("3 decision(s)") && line.contains("unfinished"),
        "{out}"
    );
    let id = line.split('\t').next().unwrap().to_owned();

    let (code, out, err) = goodwill_on(
        &data,
        &[],
        &["attempts", "resume", &id[..8], "--lang", "en", "--choices", "2,3,2"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Loyal"), "{out}");
    let (_, out, _) = goodwill_on(&data, &[], &["attempts", "list", "--unfinished"]);
    assert!(out.contains("no unfinished attempts"), "{out}");
    let (_, out, _) = goodwill_on(&data, &[], &["attempts", "list"]);
    assert!(
        out.contains(&id) && out.contains("6 decision(s)") && out.contains("loyal"),
        "{out}"
    );
    let (code, _, err) = goodwill_on(&data, &[], &["attempts", "discard", &id]);
    assert_eq!(code, 2);
    assert!(err.contains("is finished"), "{err}");

    let (code, _, _) = goodwill_on(&data, &[], &partial);
    assert_eq!(code, 2);
    let (_, out, _) = goodwill_on(&data, &[], &["attempts", "list", "--unfinished"]);
    let second = out.lines().next().unwrap().split('\t').next().unwrap().to_owned();
    let (code, out, err) = goodwill_on(&data, &[], &["attempts", "discard", &second]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("discarded"), "{out}");
    let (_, out, _) = goodwill_on(&data, &[], &["attempts", "list", "--unfinished"]);
    assert!(out.contains("no unfinished attempts"), "{out}");
}

#[test]
fn cli_output_never_lands_on_the_database_a_link_or_a_directory() {
    let data = tempdir("cli-out");
    let (code, _, err) = goodwill_on(&data, &[], &["class", "new", "Monday", "--trainees", "Ann"]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = goodwill_on(
        &data,
        &[],
        &[
            "play",
            "--text",
            "spilled-soup",
            "--choices",
            &soup_best(),
            "--profile",
            "Ann",
            "--session",
            "Monday",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let report = |out: &Path| {
        goodwill_on(
            &data,
            &[],
            &[
                "report",
                "--session",
                "Monday",
                "--format",
                "csv",
                "--out",
                out.to_str().unwrap(),
            ],
        )
    };
    for name in ["goodwill.db", "goodwill.db-wal", "goodwill.db-shm"] {
        let (code, _, err) = report(&data.join(name));
        assert_eq!(code, 2, "{name}");
        assert!(err.contains("database's own files"), "{name}: {err}");
    }
    let (code, _, err) = report(&data);
    assert_eq!(code, 2);
    assert!(err.contains("is a directory"), "{err}");
    #[cfg(unix)]
    {
        let victim = data.join("victim.txt");
        std::fs::write(&victim, "precious").unwrap();
        std::os::unix::fs::symlink(&victim, data.join("report.csv")).unwrap();
        let (code, _, err) = report(&data.join("report.csv"));
        assert_eq!(code, 2);
        assert!(err.contains("symbolic link"), "{err}");
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    }
    let (code, _, err) = goodwill_on(
        &data,
        &[],
        &["export", "--out", data.join("missing/class.json").to_str().unwrap()],
    );
    assert_eq!(code, 2);
    assert!(err.contains("does not exist"), "{err}");
    let (_, out, _) = goodwill_on(&data, &[], &["attempts", "list"]);
    assert!(
        out.contains("loyal"),
        "the recorded attempt survived every refused --out: {out}"
    );
}

// ---------- scenario tools: the game's library applies `check`'s rules across files ----------

#[test]
fn the_game_library_flags_a_shared_id_and_an_unknown_pairing_like_check() {
    let dir = tempdir("cross-file");
    for name in ["a-twin.ron", "b-twin.ron"] {
        std::fs::copy(repo().join("tests/fixtures/cross-file").join(name), dir.join(name)).unwrap();
    }
    let app = headless(&dir);
    let library = app.world().resource::<Library>();
    assert_eq!(library.entries.len(), 2);
    let (first, second) = (&library.entries[0], &library.entries[1]);
    assert!(
        first.scenario.is_some() && first.errors.is_empty(),
        "{:?}",
        first.errors
    );
    assert!(
        second.scenario.is_none(),
        "the second file with the id cannot be played"
    );
    let messages: Vec<String> = second.errors.iter().map(ToString::to_string).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("b-twin.ron:3:9: error: duplicate scenario id `twin`")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("b-twin.ron:15:16: warning: pair_with names scenario `nobody`")),
        "{messages:?}"
    );
    assert_eq!(library.playable().count(), 1);
    // `goodwill check` says the same about the same files.
    let (code, out, _) = goodwill(&["check", dir.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("b-twin.ron:3:9: error: duplicate scenario id `twin`"),
        "{out}"
    );
    assert!(
        out.contains("b-twin.ron:15:16: warning: pair_with names scenario `nobody`"),
        "{out}"
    );
}

#[test]
fn check_reads_a_notepad_file_with_a_byte_order_mark() {
    let (code, out, _) = goodwill(&["check", "tests/fixtures/valid/bom.ron"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("1 playable, 0 error(s)"), "{out}");
}

#[test]
fn new_writes_a_skeleton_that_checks_and_plays_and_never_overwrites() {
    let dir = tempdir("new-skeleton");
    let file = dir.join("late-delivery.ron");
    let path = file.to_str().unwrap();
    let (code, out, err) = goodwill(&["new", "late-delivery", "--from-document", "003", "--out", path]);
    assert_eq!(code, 0, "{out}{err}");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.contains("source: Doc003") && text.contains("id: \"late-delivery\""),
        "{text}"
    );
    let (code, out, _) = goodwill(&["check", path]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("1 playable, 0 error(s), 0 warning(s)"), "{out}");
    let (code, out, err) = goodwill(&["play", "--text", path, "--choices", "1,1", "--json"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("\"outcome\""), "{out}");
    // A second run refuses to write over the file.
    let (code, _, err) = goodwill(&["new", "late-delivery", "--from-document", "003", "--out", path]);
    assert_eq!(code, 2);
    assert!(err.contains("already exists"), "{err}");
    let (code, _, err) = goodwill(&["new", "Late Delivery", "--from-document", "003", "--out", path]);
    assert_eq!(code, 2);
    assert!(err.contains("lowercase letters"), "{err}");
}

#[test]
fn analyze_draws_the_conversation_with_the_trainee_path_through_a_fresh_file() {
    let dir = tempdir("graph");
    let out = dir.join("soup.svg");
    let (code, _, err) = goodwill(&[
        "analyze",
        "tests/fixtures/minimal.ron",
        "--graph",
        out.to_str().unwrap(),
        "--path",
        "2,1",
    ]);
    assert_eq!(code, 0, "{err}");
    let svg = std::fs::read_to_string(&out).unwrap();
    assert!(
        svg.contains("<svg") && svg.contains("open") && svg.contains("close"),
        "{svg}"
    );
    assert!(
        svg.contains("trainee") && svg.contains("--choices 2,1"),
        "the trainee's path is drawn"
    );
    // A symlink at the output name is refused, as for every output, and never written through.
    let target = dir.join("victim.txt");
    std::fs::write(&target, "keep me").unwrap();
    let link = dir.join("linked.html");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let (code, _, err) = goodwill(&[
        "analyze",
        "tests/fixtures/minimal.ron",
        "--graph",
        link.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("symbolic link"), "{err}");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me");
    let page = dir.join("case.html");
    let (code, _, err) = goodwill(&[
        "analyze",
        "tests/fixtures/minimal.ron",
        "--graph",
        page.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(std::fs::read_to_string(&page).unwrap().starts_with("<!DOCTYPE html>"));
    let (code, _, err) = goodwill(&[
        "analyze",
        "tests/fixtures/minimal.ron",
        "--graph",
        out.to_str().unwrap(),
        "--path",
        "3,1",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("the conversation ends there"), "{err}");
}
