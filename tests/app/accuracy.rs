//! Accuracy beside the outcome, as a trainee and a trainer see it: the debrief's figure and each step's
//! judgement, the terminal debrief, the replay, progress (first against latest) and the class view.
//!
//! The mistake is found by what the answer does (an anti-pattern that withdraws), the answers after it
//! by the engine's own judgement of them, never by position.

use std::sync::Arc;

use bevy::prelude::*;
use goodwill::game::input::UiAction;
use goodwill::game::library::Library;
use goodwill::game::report_view::AccuracyMark;
use goodwill::game::run::ActiveRun;
use goodwill::game::state::Screen;
use goodwill_engine::accuracy::Class;
use goodwill_engine::{Scenario, Session};

use crate::harness::{
    as_arg, click, digit, goodwill, headless, headless_with_data, pick_case_with_keys, press, scenario_dir, screen,
    seed_store, shown_position, sign_in, tempdir, visible_text,
};

/// The answers after `prefix` (0-based file indices) that give nothing away, to the end of the case.
fn best_answers_after(scenario: &Arc<Scenario>, mut picks: Vec<usize>) -> Vec<usize> {
    loop {
        let replay = |p: &[usize]| {
            Session::replay(
                Arc::clone(scenario),
                1,
                &p.iter().map(|&c| (c, None)).collect::<Vec<_>>(),
            )
            .0
        };
        let session = replay(&picks);
        if session.is_over() {
            return picks;
        }
        let best = session
            .offered()
            .iter()
            .copied()
            .find(|&c| {
                let mut tried = picks.clone();
                tried.push(c);
                replay(&tried).last_step().and_then(|s| s.review).map(|r| r.class) == Some(Class::Best)
            })
            .expect("a best answer");
        picks.push(best);
    }
}

/// A path of the soup case with one mistake (an anti-pattern that withdraws) among the best answers that
/// still ends loyal: the first such, along the flawless path.
fn soup_mistake_then_best(scenario: &Arc<Scenario>) -> Vec<usize> {
    let flawless = best_answers_after(scenario, Vec::new());
    for k in 0..flawless.len() {
        let prefix: Vec<(usize, Option<u8>)> = flawless[..k].iter().map(|&c| (c, None)).collect();
        let session = Session::replay(Arc::clone(scenario), 1, &prefix).0;
        let node = session.current_node().unwrap();
        for &c in session.offered() {
            let choice = &node.choices[c];
            if choice.breaks.is_empty() || goodwill_engine::account::immediate_score(scenario, choice) >= 0 {
                continue;
            }
            let mut picks = flawless[..k].to_vec();
            picks.push(c);
            let path = best_answers_after(scenario, picks);
            let played: Vec<(usize, Option<u8>)> = path.iter().map(|&c| (c, None)).collect();
            let report = Session::replay(Arc::clone(scenario), 1, &played)
                .0
                .report()
                .cloned()
                .unwrap();
            if report.outcome == goodwill_engine::Outcome::Loyal {
                return path;
            }
        }
    }
    panic!("the soup case has no mistake that the best answers recover to loyal");
}

/// The step of `path` that made the mistake: the first that is not the flawless answer.
fn mistake_step(scenario: &Arc<Scenario>, path: &[usize]) -> usize {
    let flawless = best_answers_after(scenario, Vec::new());
    path.iter().zip(&flawless).position(|(a, b)| a != b).unwrap_or(0)
}

fn soup(app: &App) -> Arc<Scenario> {
    app.world().resource::<Library>().find("spilled-soup").unwrap().clone()
}

/// Plays the current case with these file indices, by the number keys, to the debrief.
fn play_by_keys(app: &mut App, picks: &[usize]) {
    for &index in picks {
        press(app, KeyCode::Space);
        let key = digit(shown_position(app, index));
        press(app, key);
        press(app, KeyCode::Space);
    }
}

fn marks_on_screen(app: &mut App) -> Vec<AccuracyMark> {
    let mut query = app.world_mut().query::<&AccuracyMark>();
    query.iter(app.world()).copied().collect()
}

#[test]
fn the_debrief_shows_accuracy_and_marks_every_step_a_recovered_mistake_lower_than_flawless() {
    let dir = scenario_dir("accuracy-debrief", false);
    let mut app = headless(&dir);
    seed_store(&app, |s| s.add_profile("Ann"));
    sign_in(&mut app, "Ann");
    let scenario = soup(&app);
    let mut seen = Vec::new();
    for picks in [
        best_answers_after(&scenario, Vec::new()),
        soup_mistake_then_best(&scenario),
    ] {
        app.world_mut().resource_mut::<NextState<Screen>>().set(Screen::Select);
        app.update();
        app.update();
        pick_case_with_keys(&mut app, "spilled-soup");
        play_by_keys(&mut app, &picks);
        assert_eq!(screen(&app), Screen::Debrief);
        let report = app.world().resource::<ActiveRun>().session.report().unwrap().clone();
        let accuracy = report.accuracy.expect("reckoned");
        let marks = marks_on_screen(&mut app);
        assert!(marks.contains(&AccuracyMark::Attempt(Some(accuracy))), "{marks:?}");
        let steps: Vec<AccuracyMark> = report
            .steps
            .iter()
            .map(|s| AccuracyMark::Step(s.review.map(|r| r.class)))
            .collect();
        assert_eq!(
            marks
                .iter()
                .filter(|m| matches!(m, AccuracyMark::Step(_)))
                .copied()
                .collect::<Vec<_>>(),
            steps,
            "every step is marked, in order"
        );
        let text = visible_text(&mut app);
        assert!(text.contains(&format!("准确度：{accuracy}%")), "{text}");
        // The rule is explained where the trainee reads the result.
        assert!(text.contains(goodwill_engine::accuracy::rules().zh.as_str()));
        let step = mistake_step(&scenario, &picks);
        seen.push((report.outcome, accuracy, report.steps[step].review.unwrap().class, text));
    }
    let (flawless, recovered) = (&seen[0], &seen[1]);
    assert_eq!(flawless.1, 100);
    assert_eq!(
        recovered.0,
        goodwill_engine::Outcome::Loyal,
        "the recovered mistake still ends loyal"
    );
    assert!(recovered.1 <= 92, "but with a visibly lower accuracy: {}", recovered.1);
    assert!(recovered.2 >= Class::Inaccuracy);
    // The mistake's word is on the screen.
    assert!(recovered.3.contains(recovered.2.label().zh.as_str()), "{}", recovered.3);
}

#[test]
fn the_terminal_debrief_and_its_json_carry_accuracy_and_each_steps_judgement() {
    let loaded = goodwill_engine::load_file(&crate::harness::repo().join("scenarios/spilled-soup.ron"));
    let scenario = Arc::new(loaded.scenario.unwrap());
    let picks = soup_mistake_then_best(&scenario);
    let numbers: Vec<usize> = picks.iter().map(|c| c + 1).collect();
    let (code, out, err) = goodwill(&[
        "play",
        "--text",
        "spilled-soup",
        "--lang",
        "en",
        "--choices",
        &as_arg(&numbers),
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let accuracy = json["accuracy"].as_u64().expect("accuracy in the JSON");
    assert!(accuracy < 100);
    let first = &json["steps"][mistake_step(&scenario, &picks)]["review"];
    assert!(first["loss"].as_u64().unwrap() > 0, "{first}");
    assert!(err.contains(&format!("Accuracy: {accuracy}%")), "{err}");
    let class = first["class"].as_str().unwrap();
    assert!(
        err.contains(&format!(
            "Judgement: {}",
            Class::ALL.iter().find(|c| c.code() == class).unwrap().mark()
        )),
        "{err}"
    );
    assert!(
        err.contains(goodwill_engine::accuracy::rules().en.as_str()),
        "the rule is printed: {err}"
    );
}

#[test]
fn the_replay_progress_and_class_view_show_accuracy_first_against_latest() {
    let dir = scenario_dir("accuracy-progress", false);
    let data = tempdir("accuracy-progress-data");
    let mut app = headless_with_data(&dir, &data);
    let scenario = soup(&app);
    seed_store(&app, |s| {
        s.create_class("周一新人班", &["Ann".into()], &["spilled-soup".into()])
    });
    let flawless = best_answers_after(&scenario, Vec::new());
    let recovered = soup_mistake_then_best(&scenario);
    let mut accuracies = Vec::new();
    for picks in [&recovered, &flawless] {
        let mut session = Session::new(Arc::clone(&scenario), 5);
        seed_store(&app, |s| {
            let new = goodwill_store::NewAttempt {
                class: Some("周一新人班".into()),
                ..goodwill_store::NewAttempt::solo("Ann", "spilled-soup", scenario.version, 5)
            };
            let id = s.start_attempt(&new)?;
            for &c in picks.iter() {
                let (_, d) = goodwill_store::DecisionInput::play(&mut session, c, None, 1000).unwrap();
                s.record_decision_and_finish(&id, &d, session.report())?;
            }
            Ok(())
        });
        accuracies.push(session.report().unwrap().accuracy.unwrap());
    }
    sign_in(&mut app, "Ann");
    click(&mut app, |b| b.action == UiAction::OpenProgress);
    let text = visible_text(&mut app);
    let (first, latest) = (accuracies[0], accuracies[1]);
    assert!(
        text.contains(&format!("准确度 {first}%")) && text.contains(&format!("准确度 {latest}%")),
        "first and latest accuracy per case: {text}"
    );
    // Per golden step, first against latest, over the decisions that offered the step: the flawless
    // latest attempt is 100 % on every step it offered, and a step the mistake was made at shows lower.
    let db = app.world().resource::<goodwill::game::results::ResultsDb>();
    let attempts = db.read(|s| s.finished_attempts(Some("Ann"), None)).unwrap();
    let decisions: Vec<Vec<goodwill_store::Decision>> = attempts
        .iter()
        .map(|a| db.read(|s| s.decisions(&a.id)).unwrap())
        .collect();
    let per_step =
        |i: usize| goodwill_store::summary::golden_accuracy([(&attempts[i], decisions[i].as_slice())], &[&*scenario]);
    let (before, after) = (per_step(0), per_step(1));
    let mut improved = 0;
    for (b, a) in before.iter().zip(&after) {
        if let (Some(b), Some(a)) = (b.percent(), a.percent()) {
            assert_eq!(a, 100);
            assert!(
                text.contains(&format!("准确度 {b}% → {a}%")),
                "{b} → {a} per golden step: {text}"
            );
            improved += usize::from(b < a);
        }
    }
    assert!(
        improved > 0,
        "the step the mistake was made at improved: {before:?} → {after:?}"
    );
    // The replay of the first attempt (the list is newest first) marks the mistake at its step.
    click(&mut app, |b| b.action == UiAction::OpenAttempt(1));
    assert_eq!(screen(&app), Screen::Transcript);
    for _ in 0..mistake_step(&scenario, &recovered) {
        press(&mut app, KeyCode::ArrowRight);
    }
    let marks = marks_on_screen(&mut app);
    assert!(marks.contains(&AccuracyMark::Attempt(Some(first))), "{marks:?}");
    assert!(
        marks
            .iter()
            .any(|m| matches!(m, AccuracyMark::Step(Some(c)) if *c >= Class::Inaccuracy)),
        "{marks:?}"
    );
    press(&mut app, KeyCode::Escape);
    press(&mut app, KeyCode::Escape);
    click(&mut app, |b| b.action == UiAction::OpenClass);
    assert_eq!(screen(&app), Screen::Class);
    // The class view: Ann's accuracy over her latest attempts under her name, and in her cell.
    let marks = marks_on_screen(&mut app);
    assert!(marks.contains(&AccuracyMark::Attempt(Some(latest))), "{marks:?}");
    assert!(visible_text(&mut app).contains(&format!("准确度 {latest}%")));
    // The class report page the trainer exports from here carries the same figures.
    click(&mut app, |b| b.action == UiAction::ExportReport);
    let page = std::fs::read_to_string(data.join("reports/周一新人班.html")).expect("the class page is written");
    for accuracy in [first, latest] {
        assert!(
            page.contains(&format!("{accuracy}%")),
            "{accuracy}% is on the class page"
        );
    }
    assert!(
        page.contains(&format!("Ann<span class=\"line\">准确度 {latest}%")),
        "the trainee's accuracy beside the name"
    );
}
