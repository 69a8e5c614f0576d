//! Stored results as trainee and trainer see them: progress and the replay, the class view and class
//! setup, the class report from the game, and the trainer's class commands in the terminal.

use std::path::Path;

use bevy::prelude::*;
use goodwill::game::input::UiAction;
use goodwill::game::results::ResultsDb;
use goodwill::game::state::Screen;

use crate::harness::{
    PastAttempt, as_arg, click, file_indices, goodwill, goodwill_on, headless, headless_with_data, press,
    record_class_vote, record_soup_as_ann, scenario_dir, screen, seed_class, shipped_cases, shipped_paths, sign_in,
    tempdir, type_line, visible_text,
};

#[test]
fn progress_calls_a_step_an_early_ending_never_reached_not_reached_not_a_regression() {
    let dir = scenario_dir("not-reached", false);
    let mut app = headless(&dir);
    let (best, worst) = shipped_paths("spilled-soup");
    // First the whole case, then an attempt the customer walked out of early.
    for path in [best, worst] {
        PastAttempt::played("Ann", "spilled-soup", 5, &file_indices(&path)).record(&app);
    }
    sign_in(&mut app, "Ann");
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
fn progress_transcript_and_class_screens_show_stored_results() {
    let dir = scenario_dir("class", false);
    let mut app = headless(&dir);
    seed_class(&app, &["Ann", "李明"]);
    sign_in(&mut app, "Ann");
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
        .read(|s| s.class("周二班"))
        .flatten()
        .unwrap();
    assert_eq!(
        (class.trainees.len(), class.scenarios.len()),
        (1, shipped_cases().len()),
        "one of two trainees left out"
    );
    assert_eq!(
        app.world()
            .resource::<goodwill::game::results::Player>()
            .class
            .as_deref(),
        Some("周二班")
    );
}

/// The class's votes at a step: at the first the class wanted another answer and the trainer played their
/// own (only the anonymous seat voted for it); later Ann and the anonymous seat vote for what is played,
/// 李明 for another answer.
fn class_votes_at(step: usize, offered: &[usize], played: usize) -> Vec<goodwill_store::Vote> {
    use goodwill_store::Vote;
    let other = offered
        .iter()
        .copied()
        .find(|&c| c != played)
        .expect("two answers on offer");
    if step == 0 {
        vec![
            Vote::new("Ann", other),
            Vote::new("李明", other),
            Vote::new("匿名 1", played),
        ]
    } else {
        vec![
            Vote::new("Ann", played),
            Vote::new("匿名 1", played),
            Vote::new("李明", other),
        ]
    }
}

#[test]
fn the_class_view_lists_the_class_votes_apart_from_the_trainees() {
    let dir = scenario_dir("class-votes", false);
    let mut app = headless(&dir);
    seed_class(&app, &["Ann", "李明"]);
    let path = file_indices(&shipped_paths("spilled-soup").0);
    let id = record_class_vote(&app, "周一新人班", "spilled-soup", 5, &path, class_votes_at);
    click(&mut app, |b| b.action == UiAction::OpenClass);
    assert_eq!(screen(&app), Screen::Class);
    let decisions = app.world().resource::<ResultsDb>().read(|s| s.decisions(&id)).unwrap();
    assert_eq!(decisions.len(), path.len());
    // At each step, the votes for an answer with the best immediate score among those shown, out of three.
    let best_votes = |d: &goodwill_store::Decision| {
        let top = d.transcript.options.iter().map(|o| o.score).max().unwrap();
        let best: Vec<usize> = d
            .transcript
            .step
            .shown
            .iter()
            .zip(&d.transcript.options)
            .filter(|(_, o)| o.score == top)
            .map(|(&c, _)| c)
            .collect();
        d.votes.iter().filter(|v| best.contains(&v.choice)).count()
    };
    let text = visible_text(&mut app);
    assert!(text.contains("全班投票"), "{text}");
    let outcome = app
        .world()
        .resource::<ResultsDb>()
        .read(|s| s.attempt(&id))
        .flatten()
        .and_then(|a| a.outcome)
        .expect("the class vote finished");
    assert!(
        text.contains(&format!(
            "{} · 最终余额：",
            outcome.label().get(goodwill_engine::Lang::Zh)
        )),
        "{text}"
    );
    for (i, d) in decisions.iter().enumerate() {
        let best = best_votes(d);
        let mut line = format!("第 {} 步：最佳回答得 {best} / 3 票（{}%）", i + 1, (best * 100 + 1) / 3);
        if i == 0 {
            line += " · 培训师改选";
        }
        assert!(text.lines().any(|l| l == line), "{line} in {text}");
    }
    // The class is no trainee: no row of the grid or the heatmap is headed by its name alone.
    assert!(!text.lines().any(|l| l == "周一新人班"), "{text}");
    app.world_mut()
        .resource_mut::<goodwill::game::settings::Settings>()
        .lang = goodwill_engine::Lang::En;
    for _ in 0..3 {
        app.update();
    }
    let text = visible_text(&mut app);
    assert!(text.contains("Class votes"), "{text}");
    assert!(
        text.contains(&format!(
            "Step 1: {} of 3 votes for the best answer",
            best_votes(&decisions[0])
        )) && text.contains("trainer's pick"),
        "{text}"
    );
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
