//! What every test module shares: running `goodwill` as a trainer does, scratch folders, the shipped
//! cases and their best paths, the headless game driven by the keys and clicks a player uses, and results
//! seeded into its database as if they had been played.

use std::path::Path;
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use bevy::input::ButtonState;
use bevy::input::InputPlugin;
use bevy::input::keyboard::Key as LogicalKey;
use bevy::input::keyboard::KeyboardInput;
use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use goodwill::game::input::ActionButton;
use goodwill::game::library::Library;
use goodwill::game::results::ResultsDb;
use goodwill::game::run::ActiveRun;
use goodwill::game::settings::Settings;
use goodwill::game::state::Screen;

/// The repository's root: `scenarios/`, `tests/fixtures/` and `assets/` are found from here.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `goodwill args` in the repository, as a trainer would: its exit code, stdout and stderr.
pub fn goodwill(args: &[&str]) -> (i32, String, String) {
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

/// Runs goodwill on data directory `data` with extra environment variables.
pub fn goodwill_on(data: &Path, env: &[(&str, &Path)], args: &[&str]) -> (i32, String, String) {
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

/// A fresh, empty scratch folder for this test run.
pub fn tempdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("goodwill-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A copy of the shipped scenarios plus, optionally, a broken file.
pub fn scenario_dir(name: &str, broken: bool) -> PathBuf {
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

/// The ids of the shipped cases, from the `scenarios/` folder.
pub fn shipped_cases() -> Vec<String> {
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

/// A shipped case's best and worst paths by the engine's analysis, as `--choices` numbers (1-based, file
/// order), so tests name no positions that a content rewrite would change.
pub fn shipped_paths(id: &str) -> (Vec<usize>, Vec<usize>) {
    let loaded = goodwill_engine::load_file(&repo().join("scenarios").join(format!("{id}.ron")));
    let analysis = goodwill_engine::analyze::analyze(loaded.scenario.as_ref().expect("a shipped case loads"));
    let numbers = |end: Option<goodwill_engine::analyze::PathEnd>| end.unwrap().choices.iter().map(|c| c + 1).collect();
    (numbers(analysis.best), numbers(analysis.worst))
}

/// Numbers as `--choices` takes them: `2,1,3`.
pub fn as_arg(numbers: &[usize]) -> String {
    numbers.iter().map(ToString::to_string).collect::<Vec<_>>().join(",")
}

/// The soup case's best path, as `--choices` takes it.
pub fn soup_best() -> String {
    as_arg(&shipped_paths("spilled-soup").0)
}

/// The soup case's best path cut after `n` decisions: the part before (`--choices` for an attempt left
/// unfinished) and the part after (to resume it with).
pub fn soup_best_split(n: usize) -> (String, String) {
    let best = shipped_paths("spilled-soup").0;
    assert!(best.len() > n, "the best path is longer than {n}");
    (as_arg(&best[..n]), as_arg(&best[n..]))
}

/// Plays the soup case's best path as Ann on data directory `data`, recorded.
pub fn record_soup_as_ann(data: &Path) {
    record_soup_as_ann_in(data, None);
}

/// Plays the soup case's best path as Ann on data directory `data`, recorded in class `class` if given.
pub fn record_soup_as_ann_in(data: &Path, class: Option<&str>) {
    let best = soup_best();
    let mut args = vec!["play", "--text", "spilled-soup", "--choices", &best, "--profile", "Ann"];
    if let Some(class) = class {
        args.extend(["--session", class]);
    }
    let (code, _, err) = goodwill_on(data, &[], &args);
    assert_eq!(code, 0, "{err}");
}

/// The real game plugins on a windowless app, with a fresh results database.
pub fn headless(scenarios: &Path) -> App {
    let data = tempdir(&format!("data-{}", scenarios.file_name().unwrap().to_string_lossy()));
    headless_with_data(scenarios, &data)
}

/// The real game plugins on a windowless app, keeping results in `data`, for a player who has been here
/// before (the first-run guide already seen), so the game opens on the title.
pub fn headless_with_data(scenarios: &Path, data: &Path) -> App {
    let returning = Settings {
        onboarding_seen: true,
        ..Settings::default()
    };
    headless_with_settings(scenarios, data, returning)
}

/// The real game plugins on a windowless app, started with `settings` as if loaded from the settings file.
pub fn headless_with_settings(scenarios: &Path, data: &Path, settings: Settings) -> App {
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

/// Presses and releases `key`, then lets the game react.
pub fn press(app: &mut App, key: KeyCode) {
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
pub fn type_line(app: &mut App, text: &str) {
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

/// The screen the game is on.
pub fn screen(app: &App) -> Screen {
    *app.world().resource::<State<Screen>>().get()
}

/// All the text on screen, one line per text node.
pub fn visible_text(app: &mut App) -> String {
    let mut query = app.world_mut().query::<&Text>();
    query
        .iter(app.world())
        .map(|t| t.0.clone())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Clicks a button the way the UI does: its `Interaction` becomes `Pressed`.
pub fn click(app: &mut App, matches: impl Fn(&ActionButton) -> bool) {
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

/// Clicks the customer's line, which shows it whole (as Space does).
pub fn click_the_customer_line(app: &mut App) {
    let mut query = app
        .world_mut()
        .query_filtered::<Entity, With<goodwill::game::screens::play::ShowsTheLine>>();
    let line = query.single(app.world()).expect("the customer's line is on screen");
    app.world_mut().entity_mut(line).insert(Interaction::Pressed);
    for _ in 0..4 {
        app.update();
    }
}

/// The 1-based position at which the current node shows the choice with this 0-based file index:
/// choices are shown in a seeded order, so a test names a choice by identity and looks up its place.
pub fn shown_position(app: &App, index: usize) -> usize {
    let run = app.world().resource::<ActiveRun>();
    let offered = run.session.offered();
    offered
        .iter()
        .position(|&i| i == index)
        .unwrap_or_else(|| panic!("choice {index} is not offered here: {offered:?}"))
        + 1
}

/// The number key for a 1-based position.
pub fn digit(position: usize) -> KeyCode {
    goodwill::game::input::NUMBER_KEYS[position - 1].0
}

/// The path (0-based file indices) with the best final balance, found by the engine's analysis, so
/// the tests need no positions that a content rewrite would change.
pub fn best_path(scenario: &goodwill_engine::Scenario) -> Vec<usize> {
    goodwill_engine::analyze::analyze(scenario)
        .best
        .expect("a best path")
        .choices
}

/// Opens a case from the list by the number on its card (the list is sorted for reading, not by file).
pub fn pick_case_with_keys(app: &mut App, id: &str) {
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

/// Answers with the choice at 0-based file `index`, by pressing the number it is shown under.
pub fn choose_with_keys(app: &mut App, index: usize) {
    // Skip the reveal, then answer, then move on from the feedback note.
    press(app, KeyCode::Space);
    let key = digit(shown_position(app, index));
    press(app, key);
    press(app, KeyCode::Space);
}

/// Answers with 0-based file `index` at the current node; in a pair exercise a marked line is then
/// rated. Returns whether a rating was asked for.
pub fn answer(app: &mut App, index: usize, rating: u8) -> bool {
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

/// Signs `name` in, as picking them on the profiles screen does.
pub fn sign_in(app: &mut App, name: &str) {
    app.world_mut()
        .resource_mut::<goodwill::game::results::Player>()
        .profile = Some(name.into());
}

/// `--choices` numbers (1-based, file order) as the 0-based file indices the engine takes.
pub fn file_indices(numbers: &[usize]) -> Vec<usize> {
    numbers.iter().map(|n| n - 1).collect()
}

/// An attempt written straight into the game's results database as if it had been played, so the
/// screens that show results have content: the one way the tests seed results.
pub struct PastAttempt {
    who: String,
    case: String,
    class: Option<String>,
    seed: u64,
    /// The answers, as 0-based file indices.
    choices: Vec<usize>,
    finished: bool,
}

impl PastAttempt {
    /// `who` answered `choices` (0-based file indices) in `case`, shown in the order of `seed`, to the end.
    pub fn played(who: &str, case: &str, seed: u64, choices: &[usize]) -> Self {
        PastAttempt {
            who: who.into(),
            case: case.into(),
            class: None,
            seed,
            choices: choices.to_vec(),
            finished: true,
        }
    }

    /// Played under `class`.
    pub fn in_class(self, class: &str) -> Self {
        PastAttempt {
            class: Some(class.into()),
            ..self
        }
    }

    /// Stopped after the last of its choices, as a killed game leaves it.
    pub fn unfinished(self) -> Self {
        PastAttempt {
            finished: false,
            ..self
        }
    }

    /// Records the attempt, decision by decision, and returns its id.
    pub fn record(&self, app: &App) -> String {
        let db = app.world().resource::<ResultsDb>();
        let scenario = app.world().resource::<Library>().find(&self.case).unwrap().clone();
        let mut session = goodwill_engine::Session::new(scenario, self.seed);
        let new = goodwill_store::NewAttempt {
            class: self.class.clone(),
            ..goodwill_store::NewAttempt::solo(&self.who, &self.case, 1, self.seed)
        };
        let store = db.lock().expect("the results database is open");
        let id = store.start_attempt(&new).unwrap();
        for &index in &self.choices {
            let (_, d) = goodwill_store::DecisionInput::play(&mut session, index, None, 1000).unwrap();
            store.record_decision(&id, &d).unwrap();
        }
        if self.finished {
            store.finish_attempt(&id, session.report().unwrap()).unwrap();
        }
        id
    }
}

/// Writes a test's set-up straight into the game's results database; a failed write fails the test.
pub fn seed_store<R>(app: &App, write: impl FnOnce(&goodwill_store::Store) -> goodwill_store::Result<R>) -> R {
    let db = app.world().resource::<ResultsDb>();
    let store = db.lock().expect("the results database is open");
    write(&store).expect("the test's set-up is written")
}

/// The class 周一新人班 of `trainees`, taking the soup case, in which Ann has played it worst then best and
/// 李明 best: content for progress, the replay, the class view and the pair exercise.
pub fn seed_class(app: &App, trainees: &[&str]) {
    let trainees: Vec<String> = trainees.iter().map(|t| (*t).to_owned()).collect();
    seed_store(app, |s| {
        s.create_class("周一新人班", &trainees, &["spilled-soup".into()])
    });
    let (best, worst) = shipped_paths("spilled-soup");
    for (who, path) in [("Ann", worst), ("Ann", best.clone()), ("李明", best)] {
        PastAttempt::played(who, "spilled-soup", 5, &file_indices(&path))
            .in_class("周一新人班")
            .record(app);
    }
}

/// A class vote of `class` on `case`, answered along `choices` (0-based file indices) in the order of
/// `seed` and recorded as the game's runner records one (each step with its votes, in the decision's
/// write); `votes(step, offered, played)` gives the class's votes at each step. Returns the attempt's id.
pub fn record_class_vote(
    app: &App,
    class: &str,
    case: &str,
    seed: u64,
    choices: &[usize],
    votes: impl Fn(usize, &[usize], usize) -> Vec<goodwill_store::Vote>,
) -> String {
    let scenario = app.world().resource::<Library>().find(case).unwrap().clone();
    let new = goodwill_store::NewAttempt::class_vote(class, case, scenario.version, seed);
    let mut recorder = goodwill_store::AttemptRecorder::new(new).expect("a class vote of a class");
    let mut session = goodwill_engine::Session::new(scenario, seed);
    let db = app.world().resource::<ResultsDb>();
    let store = db.lock().expect("the results database is open");
    for (step, &index) in choices.iter().enumerate() {
        let given = votes(step, session.offered(), index);
        let played = recorder
            .choose_with_votes(Some(&store), &mut session, index, &given, 1000)
            .expect("the votes fit the step");
        played.saved.expect("the decision is written");
    }
    recorder.attempt().expect("at least one decision").to_owned()
}
