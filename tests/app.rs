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
use goodwill::game::screens::debrief::{MistakeLine, OptionReviewed, OutcomeHeading};
use goodwill::game::screens::select::ErrorCard;
use goodwill::game::settings::{Settings, TextSize};
use goodwill::game::state::Screen;
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

/// The real game plugins on a windowless app, keeping results in `data`, for a player who has been here
/// before (the first-run guide already seen), so the game opens on the title.
fn headless_with_data(scenarios: &Path, data: &Path) -> App {
    let returning = Settings {
        onboarding_seen: true,
        ..Settings::default()
    };
    headless_with_settings(scenarios, data, returning)
}

/// The real game plugins on a windowless app, started with `settings` as if loaded from the settings file.
fn headless_with_settings(scenarios: &Path, data: &Path, settings: Settings) -> App {
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
    app.insert_resource(settings);
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
    for state in [ButtonState::Pressed, ButtonState::Released] {
        app.world_mut().write_message(KeyboardInput {
            key_code: KeyCode::Enter,
            logical_key: LogicalKey::Enter,
            state,
            text: None,
            repeat: false,
            window: Entity::PLACEHOLDER,
        });
        app.update();
    }
    for _ in 0..2 {
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
    // Play, the first button, is focused when the title opens.
    press(&mut app, KeyCode::Enter);
    type_line(&mut app, "Ann");
    assert_eq!(screen(&app), Screen::Select);
    let mut cards = app.world_mut().query_filtered::<Entity, With<ErrorCard>>();
    assert_eq!(
        cards.iter(app.world()).count(),
        1,
        "outside a class the card shows at once"
    );
    // During a class a trainee sees one line saying a file has problems; the details wait for P.
    app.world()
        .resource::<ResultsDb>()
        .with(|s| s.create_class("周一班", &["Ann".into()], &[]));
    app.world_mut().resource_mut::<goodwill::game::records::Player>().class = Some("周一班".into());
    press(&mut app, KeyCode::Escape);
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Select);
    let text = visible_text(&mut app);
    assert!(text.contains("1 个案例文件有错误") && !text.contains("clsoe"), "{text}");
    let mut cards = app.world_mut().query_filtered::<Entity, With<ErrorCard>>();
    assert_eq!(cards.iter(app.world()).count(), 0);
    press(&mut app, KeyCode::KeyP);
    let mut cards = app.world_mut().query_filtered::<Entity, With<ErrorCard>>();
    assert_eq!(cards.iter(app.world()).count(), 1);
    // At the top of the list: the summary, then the card, then the cases.
    let card = cards.single(app.world()).unwrap();
    let list = app.world().get::<ChildOf>(card).unwrap().parent();
    let first_two: Vec<Entity> = app.world().get::<Children>(list).unwrap().iter().take(2).collect();
    assert!(
        app.world()
            .get::<goodwill::game::screens::select::ProblemSummary>(first_two[0])
            .is_some()
    );
    assert_eq!(first_two[1], card);
    let text = visible_text(&mut app);
    assert!(
        text.contains("这个案例文件有错误，暂时不能练习") && text.contains("检查器的详细信息"),
        "the heading and explanation are in the player's language: {text}"
    );
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
    let attempts = db.with(|s| s.finished_attempts(Some("Ann"), None)).unwrap();
    assert_eq!(attempts.len(), 1, "the practice branch is not counted as an attempt");
    assert_eq!(attempts[0].outcome, Some(Outcome::Loyal));
}

#[test]
fn text_speed_setting_slows_the_reveal_or_shows_the_line_at_once() {
    let dir = scenario_dir("text-speed", false);
    let mut app = headless(&dir);
    click(&mut app, |b| b.action == UiAction::OpenSettings);
    // Normal → fast → instant, from the settings screen.
    click(&mut app, |b| b.action == UiAction::CycleTextSpeed);
    click(&mut app, |b| b.action == UiAction::CycleTextSpeed);
    assert_eq!(
        app.world().resource::<Settings>().text_speed,
        goodwill::game::settings::TextSpeed::Instant
    );
    assert!(visible_text(&mut app).contains("立即显示"));
    press(&mut app, KeyCode::Escape);
    click(&mut app, |b| b.action == UiAction::Play);
    type_line(&mut app, "Ann");
    pick_case_with_keys(&mut app, "spilled-soup");
    for _ in 0..3 {
        app.update();
    }
    assert_eq!(
        app.world().resource::<ActiveRun>().phase,
        goodwill::game::run::Phase::Choosing,
        "the answers are offered without waiting for the text"
    );
}

/// The shipped font is a Chinese one, whose curly quotes are full-width: English lines are shown with
/// straight quotes, so a quotation doesn't stand apart from its words; Chinese keeps its own.
#[test]
fn english_lines_are_shown_with_quotes_that_sit_with_their_words() {
    let dir = scenario_dir("quotes", false);
    let mut app = headless(&dir);
    click(&mut app, |b| b.action == UiAction::Play);
    type_line(&mut app, "Ann");
    pick_case_with_keys(&mut app, "late-for-appointment");
    while app.world().resource::<ActiveRun>().phase != goodwill::game::run::Phase::Choosing {
        press(&mut app, KeyCode::Space);
    }
    let chinese = visible_text(&mut app);
    app.world_mut().resource_mut::<Settings>().lang = Lang::En;
    for _ in 0..3 {
        app.update();
    }
    let english = visible_text(&mut app);
    assert!(english.contains("(Send a text: 'Mr Liu"), "{english}");
    assert!(!english.contains(['‘', '’', '“', '”']), "{english}");
    assert!(chinese.contains(['“', '”']), "{chinese}");
}

#[test]
fn a_trainer_exports_the_class_report_from_the_class_view() {
    let dir = scenario_dir("export", false);
    let data = tempdir("export-data");
    record_soup_as_ann(&data);
    let (code, _, err) = goodwill_on(
        &data,
        &[],
        &[
            "class",
            "new",
            "周一/新人",
            "--trainees",
            "Ann",
            "--scenarios",
            "spilled-soup",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let mut app = headless_with_data(&dir, &data);
    click(&mut app, |b| b.action == UiAction::OpenClass);
    assert_eq!(screen(&app), Screen::Class);
    click(&mut app, |b| b.action == UiAction::ExportReport);
    let text = visible_text(&mut app);
    assert!(text.contains("报告已写入"), "{text}");
    // The name's slash cannot reach the file system: the files land in the results folder's reports/.
    let page = std::fs::read_to_string(data.join("reports/周一-新人.html")).expect("HTML report written");
    assert!(
        page.contains("周一/新人") || page.contains("周一&#x2F;新人"),
        "the page names the class"
    );
    assert!(data.join("reports/周一-新人.csv").is_file(), "CSV report written");
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
            goodwill::i18n::Phrase::ALL
                .iter()
                .map(|k| goodwill::i18n::tr(*k, lang).to_string()),
        );
        texts.extend(
            goodwill_engine::Principle::ALL
                .iter()
                .map(|p| p.name().get(lang).to_string()),
        );
        texts.extend(
            goodwill_engine::Principle::ALL
                .iter()
                .map(|p| p.description().get(lang).to_string()),
        );
        texts.extend(
            goodwill_engine::account::rules()
                .iter()
                .map(|r| r.get(lang).to_string()),
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

// ---------- first-run guide, glossary, trainer PIN ----------

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

fn type_digits(app: &mut App, digits: &str) {
    for c in digits.chars() {
        let n = c.to_digit(10).unwrap() as usize;
        press(app, digit(if n == 0 { 10 } else { n }));
    }
    press(app, KeyCode::Enter);
}

#[test]
fn a_trainer_pin_locks_language_text_size_and_feedback_until_entered() {
    let dir = scenario_dir("pin", false);
    let mut app = headless(&dir);
    click(&mut app, |b| b.action == UiAction::OpenSettings);
    click(&mut app, |b| b.action == UiAction::EnterPin);
    type_digits(&mut app, "12");
    assert!(app.world().resource::<Settings>().trainer_pin.is_none(), "too short");
    assert!(visible_text(&mut app).contains("4–8"));
    type_digits(&mut app, "2468");
    let settings = app.world().resource::<Settings>().clone();
    let pin = settings.trainer_pin.clone().expect("a PIN is set");
    // The file keeps a salted hash, never the digits.
    let saved = ron::ser::to_string(&settings).unwrap();
    assert!(!saved.contains("2468") && saved.contains("blake3:"), "{saved}");
    assert!(pin.matches("2468") && !pin.matches("2469"));
    // Locked: the buttons say so and change nothing, and the title's L key cannot switch the language.
    assert!(visible_text(&mut app).contains("已锁定"));
    let size = settings.text_size;
    click(&mut app, |b| b.action == UiAction::CycleTextSize);
    click(&mut app, |b| b.action == UiAction::ToggleFeedback);
    click(&mut app, |b| b.action == UiAction::ToggleLanguage);
    let now = app.world().resource::<Settings>().clone();
    assert_eq!(
        (now.text_size, now.feedback_after_choice, now.lang),
        (size, true, Lang::Zh)
    );
    assert!(visible_text(&mut app).contains("培训师锁定"));
    click(&mut app, |b| b.action == UiAction::Back);
    press(&mut app, KeyCode::KeyL);
    assert_eq!(
        app.world().resource::<Settings>().lang,
        Lang::Zh,
        "L on the title is held too"
    );
    // A wrong PIN keeps the lock; the right one lifts it for this session.
    click(&mut app, |b| b.action == UiAction::OpenSettings);
    click(&mut app, |b| b.action == UiAction::EnterPin);
    type_digits(&mut app, "1111");
    assert!(visible_text(&mut app).contains("密码不对"));
    assert!(app.world().resource::<Settings>().locked(app.world().resource()));
    // The field stays open for another try.
    type_digits(&mut app, "2468");
    assert!(!visible_text(&mut app).contains("已锁定"));
    click(&mut app, |b| b.action == UiAction::CycleTextSize);
    assert_eq!(app.world().resource::<Settings>().text_size, size.next());
    // Lock again, unlock, and remove the PIN: everything is free again.
    click(&mut app, |b| b.action == UiAction::LockSettings);
    assert!(visible_text(&mut app).contains("已锁定"));
    click(&mut app, |b| b.action == UiAction::EnterPin);
    type_digits(&mut app, "2468");
    // Guessing: after three wrong PINs in a row the next try waits, and even the right PIN is not tried
    // during the wait.
    click(&mut app, |b| b.action == UiAction::LockSettings);
    click(&mut app, |b| b.action == UiAction::EnterPin);
    for guess in ["0000", "0001"] {
        type_digits(&mut app, guess);
        assert!(!visible_text(&mut app).contains("秒后再试"));
    }
    type_digits(&mut app, "0002");
    assert!(visible_text(&mut app).contains("密码错误次数过多，请 30 秒后再试"));
    type_digits(&mut app, "2468");
    assert!(visible_text(&mut app).contains("秒后再试"));
    assert!(app.world().resource::<Settings>().locked(app.world().resource()));
    // Leaving the screen does not start the count again.
    click(&mut app, |b| b.action == UiAction::Back);
    click(&mut app, |b| b.action == UiAction::Back);
    click(&mut app, |b| b.action == UiAction::OpenSettings);
    click(&mut app, |b| b.action == UiAction::EnterPin);
    type_digits(&mut app, "2468");
    assert!(app.world().resource::<Settings>().locked(app.world().resource()));
    // Once the wait is over, the right PIN unlocks and the count starts again.
    app.world_mut()
        .resource_mut::<goodwill::game::screens::settings::PinTries>()
        .refused_until = Some(0.0);
    type_digits(&mut app, "2468");
    assert!(!app.world().resource::<Settings>().locked(app.world().resource()));
    assert_eq!(
        app.world()
            .resource::<goodwill::game::screens::settings::PinTries>()
            .wrong_in_a_row,
        0
    );
    click(&mut app, |b| b.action == UiAction::ClearPin);
    assert!(app.world().resource::<Settings>().trainer_pin.is_none());
    click(&mut app, |b| b.action == UiAction::ToggleLanguage);
    assert_eq!(app.world().resource::<Settings>().lang, Lang::En);
}

#[test]
fn a_settings_file_from_outside_is_checked_and_a_broken_one_is_kept() {
    // A PIN typed into the file by hand, a misspelt field, a syntax error: each refused, with the reason.
    for (text, says) in [
        ("(trainer_pin: \"1234\")", "trainer_pin"),
        ("(text_sise: Large)", "text_sise"),
        ("(lang: Zh", ""),
    ] {
        let error = Settings::parse(text).expect_err(text);
        assert!(error.contains(says), "{text}: {error}");
    }
    let good = Settings {
        trainer_pin: goodwill::game::settings::PinHash::new("8080"),
        ..Settings::default()
    };
    let text = ron::ser::to_string(&good).unwrap();
    assert_eq!(
        Settings::parse(&text).unwrap(),
        good,
        "what the game writes, it reads back"
    );
    // A broken file is set aside, byte for byte, and the game says where.
    let config = tempdir("broken-settings");
    let path = config.join("settings.ron");
    std::fs::write(&path, "(trainer_pin: \"1234\")").unwrap();
    let (settings, problem) = Settings::load_from(&path);
    let broken = problem.0.expect("the problem is reported");
    let kept = broken.kept_as.expect("the file is kept");
    assert_eq!(std::fs::read_to_string(&kept).unwrap(), "(trainer_pin: \"1234\")");
    assert!(!path.exists(), "the next save cannot overwrite it");
    assert_eq!(settings.trainer_pin, None);
    settings.save_to(&path).unwrap();
    assert_eq!(std::fs::read_to_string(&kept).unwrap(), "(trainer_pin: \"1234\")");
}

#[test]
fn settings_cycle_backwards_with_the_left_arrow() {
    let dir = scenario_dir("cycle", false);
    let mut app = headless(&dir);
    click(&mut app, |b| b.action == UiAction::OpenSettings);
    assert_eq!(app.world().resource::<Settings>().text_size, TextSize::Medium);
    // The language line is focused when settings open; ↓ to the text size, then ← makes the text
    // smaller, and wraps to the largest.
    press(&mut app, KeyCode::ArrowDown);
    press(&mut app, KeyCode::ArrowLeft);
    assert_eq!(app.world().resource::<Settings>().text_size, TextSize::Small);
    press(&mut app, KeyCode::ArrowLeft);
    assert_eq!(app.world().resource::<Settings>().text_size, TextSize::ExtraLarge);
    press(&mut app, KeyCode::ArrowRight);
    assert_eq!(app.world().resource::<Settings>().text_size, TextSize::Small);
    assert!(
        visible_text(&mut app).contains("字号：小"),
        "{}",
        visible_text(&mut app)
    );
}

// ---------- layout ----------

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

/// A class with results, so progress, replay, the class view and the pair exercise have content.
fn seed_class(app: &mut App) {
    let db = app.world().resource::<ResultsDb>();
    db.with(|s| {
        s.create_class(
            "周一新人班",
            &["Ann".into(), "李明".into(), "王芳".into()],
            &["spilled-soup".into()],
        )
    });
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
        seed_class(&mut app);
        let what = |screen: &str| format!("{screen} at {size:?} on {}×{}", window.x, window.y);
        // An interrupted attempt puts the resume card above the menu.
        {
            let db = app.world().resource::<ResultsDb>();
            let scenario = app.world().resource::<Library>().find("spilled-soup").unwrap().clone();
            let mut session = goodwill_engine::Session::new(scenario, 9);
            let new = goodwill_store::NewAttempt::solo("Ann", "spilled-soup", 1, 9);
            let id = db.with(|s| s.start_attempt(&new)).unwrap();
            let first = session.offered()[0];
            let (_, d) = goodwill_store::DecisionInput::play(&mut session, first, None, 1000).unwrap();
            db.with(|s| s.record_decision(&id, &d));
        }
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
        // Nobody signed in yet: the broken file is listed, first.
        click(&mut app, |b| b.action == UiAction::Back);
        click(&mut app, |b| b.action == UiAction::Play);
        assert_eq!(screen(&app), Screen::Profiles);
        app.world_mut()
            .resource_mut::<goodwill::game::records::Player>()
            .profile = Some("Ann".into());
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
    // The menu is three buttons a row: Play, Pair, Progress / Class view, Switch trainee, Settings / Quit.
    assert_eq!(
        focused_action(&mut app),
        Some(UiAction::Play),
        "Play is focused at once"
    );
    for (key, expected) in [
        (KeyCode::ArrowDown, UiAction::OpenClass),
        (KeyCode::ArrowRight, UiAction::OpenProfiles),
        (KeyCode::ArrowRight, UiAction::OpenSettings),
        (KeyCode::ArrowUp, UiAction::OpenProgress),
        (KeyCode::ArrowLeft, UiAction::OpenPair),
        (KeyCode::ArrowDown, UiAction::OpenProfiles),
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

#[test]
fn the_last_trainee_is_remembered_between_launches() {
    let dir = scenario_dir("remember", false);
    let data = tempdir("remember-data");
    {
        let mut app = headless_with_data(&dir, &data);
        app.world()
            .resource::<ResultsDb>()
            .with(|s| s.add_profile("Ann").and(s.add_profile("李明")));
        click(&mut app, |b| b.action == UiAction::OpenProfiles);
        assert!(visible_text(&mut app).contains("最近练习过的学员排在前面"));
        let profiles = app.world().resource::<ResultsDb>().with(|s| s.profiles()).unwrap();
        let li = profiles.iter().position(|p| p.name == "李明").unwrap();
        click(&mut app, |b| b.action == UiAction::PickProfile(li));
        assert_eq!(screen(&app), Screen::Select);
        app.update();
    }
    let mut app = headless_with_data(&dir, &data);
    assert_eq!(
        app.world()
            .resource::<goodwill::game::records::Player>()
            .profile
            .as_deref(),
        Some("李明")
    );
    assert!(
        visible_text(&mut app).contains("学员：李明"),
        "{}",
        visible_text(&mut app)
    );
    // Play goes straight to the cases.
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Select);
    drop(app);
    // A trainee the database no longer knows is not signed in.
    let other = tempdir("remember-other");
    std::fs::copy(
        data.join(goodwill::game::records::LAST_PLAYER_FILE),
        other.join(goodwill::game::records::LAST_PLAYER_FILE),
    )
    .unwrap();
    let app = headless_with_data(&dir, &other);
    assert_eq!(app.world().resource::<goodwill::game::records::Player>().profile, None);
}

// MOVE: play — the runner's events are what the play screen's account panel lists.
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

// MOVE: play — one attempt lifecycle: the game refuses to resume on a changed scenario version.
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
    let unfinished = |app: &App| app.world().resource::<ResultsDb>().with(|s| s.unfinished()).unwrap();
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

// MOVE: command line — one attempt lifecycle: the terminal refuses to resume on a changed scenario version.
#[test]
fn cli_refuses_to_resume_an_attempt_whose_scenario_version_changed_and_keeps_it() {
    let data = tempdir("cli-resume-version");
    let folder = scenario_dir("cli-resume-version-scenarios", false);
    let env = [("GOODWILL_SCENARIOS", folder.as_path())];
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
    let (code, _, err) = goodwill_on(&data, &env, &partial);
    assert_eq!(code, 2, "the scripted play stops before the end: {err}");
    let (_, out, _) = goodwill_on(&data, &env, &["attempts", "list", "--unfinished"]);
    let id = out.lines().next().unwrap().split('\t').next().unwrap().to_owned();

    let file = folder.join("spilled-soup.ron");
    let text = std::fs::read_to_string(&file).unwrap();
    let old = goodwill_engine::load_file(&file).scenario.unwrap().version;
    let bumped = text.replacen(&format!("version: {old},"), &format!("version: {},", old + 1), 1);
    assert_ne!(bumped, text, "the version line is found");
    std::fs::write(&file, bumped).unwrap();

    let (code, out, err) = goodwill_on(
        &data,
        &env,
        &["attempts", "resume", &id, "--lang", "en", "--choices", "2,3,2"],
    );
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.contains(&format!("version {old}"))
            && err.contains(&format!("now version {}", old + 1))
            && err.contains(&format!("goodwill attempts discard {id}")),
        "{err}"
    );
    let (_, out, _) = goodwill_on(&data, &env, &["attempts", "list", "--unfinished"]);
    assert!(
        out.contains(&id) && out.contains("3 decision(s)") && out.contains("unfinished"),
        "kept as it was: {out}"
    );
}
