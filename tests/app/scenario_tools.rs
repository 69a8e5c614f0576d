//! The scenario author's tools, `check`, `new` and `analyze`, and the game's library applying `check`'s
//! rules to the scenarios folder: broken files, shared ids, links.

use bevy::prelude::*;
use goodwill::game::library::Library;
use goodwill::game::screens::select::ErrorCard;
use goodwill::game::state::Screen;

use crate::harness::{
    goodwill, headless, press, repo, scenario_dir, screen, seed_store, shipped_cases, tempdir, type_line, visible_text,
};

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
    assert!(out.contains("1 playable, 0 error(s)"), "{out}");
    // It plays, but every placeholder left is named, one line each, until the case's words replace it.
    assert!(
        out.contains("placeholders `【案例标题】` and `[Title of the case]` left from `goodwill new`"),
        "{out}"
    );
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

/// Issue 21: rules that read only the answers' words. `analyze` reports the strongest beside a random
/// player, in text and JSON, with the engine's exact figures; `check` warns at the node that feeds it.
#[test]
fn analyze_and_check_report_the_strongest_rule_of_words() {
    let file = "tests/fixtures/minimal.ron";
    let scenario = goodwill_engine::load_file(&repo().join(file)).scenario.unwrap();
    let expected = goodwill_engine::surface::surface_tells(&scenario).unwrap();
    let (code, out, err) = goodwill(&["analyze", file]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("a random player keeps the customer in"), "{out}");
    assert!(
        out.contains(&format!(
            "strongest rule keeps in {:.1} %",
            expected.strongest().keep * 100.0
        )),
        "{out}"
    );
    let (code, out, err) = goodwill(&["analyze", file, "--json"]);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let surface = &json["surface"];
    assert_eq!(surface["random_keep"].as_f64(), Some(expected.random_keep));
    assert_eq!(surface["strongest"]["keep"].as_f64(), Some(expected.strongest().keep));
    assert_eq!(
        surface["strongest"]["rule"].as_str(),
        Some(expected.strongest().rule.as_str())
    );
    assert_eq!(surface["is_a_tell"].as_bool(), Some(!expected.offenders().is_empty()));
    // This small fixture's words do give its best answers away: `check` says so, at a node's line.
    assert!(expected.strongest().beats(expected.random_keep));
    let (code, out, _) = goodwill(&["check", file]);
    assert_eq!(code, 0, "warnings do not fail: {out}");
    let tell = out
        .lines()
        .find(|l| l.contains("the words are a tell"))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(
        tell.starts_with(&format!("{file}:")) && tell.contains(": warning: "),
        "{tell}"
    );
    let fed = &expected.strongest().feeding_nodes[0];
    assert!(tell.contains(&format!("`{fed}` (")), "{tell}");
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
    seed_store(&app, |s| s.create_class("周一班", &["Ann".into()], &[]));
    app.world_mut().resource_mut::<goodwill::game::results::Player>().class = Some("周一班".into());
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

/// A path through a shipped case that `play --choices` refuses: the first (in file order, depth first)
/// that takes a choice whose `when` fails, or that goes on after the account closed.
fn refused_path(case: &str, closed: bool) -> Option<Vec<usize>> {
    use goodwill_engine::schema::Next;
    let scenario = std::sync::Arc::new(
        goodwill_engine::load_file(&repo().join(format!("scenarios/{case}.ron")))
            .scenario
            .expect("shipped case"),
    );
    let mut stack = vec![Vec::<usize>::new()];
    while let Some(path) = stack.pop() {
        let mut session = goodwill_engine::Session::new(std::sync::Arc::clone(&scenario), 0);
        for &c in &path {
            session.choose(c).expect("a path built from offered choices");
        }
        let Some(node) = session.current_node() else {
            continue;
        };
        let node = node.clone();
        for c in (0..node.choices.len()).rev() {
            let mut next = path.clone();
            next.push(c);
            if !session.offered().contains(&c) {
                if !closed {
                    return Some(next);
                }
                continue;
            }
            let mut trial = goodwill_engine::Session::new(std::sync::Arc::clone(&scenario), 0);
            for &step in &next {
                trial.choose(step).expect("offered");
            }
            if trial.is_over() && matches!(node.choices[c].next, Next::Node(_)) {
                if closed {
                    next.push(0);
                    return Some(next);
                }
                continue;
            }
            stack.push(next);
        }
    }
    None
}

#[test]
fn analyze_graph_path_refuses_what_play_refuses() {
    let dir = tempdir("graph-refused");
    let out = dir.join("map.svg");
    for (case, closed, why) in [
        ("drained-lagoon", false, "is not offered on this path"),
        ("spilled-soup", true, "the account closed"),
    ] {
        let path = refused_path(case, closed).unwrap_or_else(|| panic!("{case} has such a path"));
        let numbers = path.iter().map(|c| (c + 1).to_string()).collect::<Vec<_>>().join(",");
        let (code, _, err) = goodwill(&["play", "--text", case, "--choices", &numbers]);
        assert_ne!(code, 0, "play refuses {numbers}: {err}");
        let (code, _, err) = goodwill(&["analyze", case, "--graph", out.to_str().unwrap(), "--path", &numbers]);
        assert_eq!(code, 2, "{case} --path {numbers}: {err}");
        assert!(err.contains(why), "{case} --path {numbers}: {err}");
        assert!(!out.exists(), "nothing is drawn for a refused path");
    }
}

#[test]
fn analyze_reports_the_paths_of_a_draft_whose_errors_leave_them_as_written() {
    let dir = tempdir("draft");
    let file = dir.join("soup-draft.ron");
    let text = std::fs::read_to_string(repo().join("scenarios/spilled-soup.ron")).unwrap();
    // A title without its Chinese: an error the game refuses, but one that changes no path.
    let text = text.replacen("title: (zh: \"洒了的汤\"", "title: (zh: \"\"", 1);
    std::fs::write(&file, text).unwrap();
    let (code, out, err) = goodwill(&["analyze", file.to_str().unwrap(), "--random", "10"]);
    assert_eq!(code, 1, "errors remain: {out}{err}");
    assert!(
        out.contains("1 error(s) remain, none of which changes the paths"),
        "{out}"
    );
    assert!(
        out.contains("missing translation: the title has no Chinese (zh)"),
        "{out}"
    );
    assert!(out.contains("best final balance:  100 (loyal)"), "{out}");
    assert!(out.contains("worst final balance:"), "{out}");
    assert!(
        out.contains("skipped: surface tells") && out.contains("random playthroughs"),
        "{out}"
    );
    assert!(!out.contains("10 random playthroughs"), "{out}");
    // An error that changes the paths (a reference to no node) is still refused.
    let broken = dir.join("soup-broken.ron");
    let text = std::fs::read_to_string(repo().join("scenarios/spilled-soup.ron")).unwrap();
    std::fs::write(&broken, text.replacen("Node(\"argue\")", "Node(\"argeu\")", 1)).unwrap();
    let (code, _, err) = goodwill(&["analyze", broken.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        err.contains("cannot be analysed") && err.contains("did you mean `argue`?"),
        "{err}"
    );
}

#[test]
fn the_one_mistake_table_lists_each_deviation_and_where_it_really_ends() {
    let (code, out, err) = goodwill(&["analyze", "spilled-soup", "--json"]);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let table = &json["one_mistake"];
    let best: Vec<u64> = table["best"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_u64().unwrap())
        .collect();
    assert_eq!(table["best_balance"], json["analysis"]["best"]["final_balance"]);
    let deviations = table["deviations"].as_array().unwrap();
    // One row for every other choice offered at every step of the best path.
    assert!(deviations.len() >= best.len(), "{table}");
    let mut forgiven = 0;
    for d in deviations {
        let choices: Vec<String> = d["choices"].as_array().unwrap().iter().map(|c| c.to_string()).collect();
        let step = d["step"].as_u64().unwrap() as usize;
        // The best path up to the mistake, then another choice than the best path's.
        assert_eq!(
            choices[..step - 1].join(","),
            best[..step - 1]
                .iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join(",")
        );
        assert_ne!(choices[step - 1], best[step - 1].to_string());
        // Played, the row's path ends where the table says.
        let (code, played, err) = goodwill(&[
            "play",
            "--text",
            "spilled-soup",
            "--choices",
            &choices.join(","),
            "--json",
        ]);
        assert_eq!(code, 0, "{err}");
        let report: serde_json::Value = serde_json::from_str(&played).unwrap();
        assert_eq!(report["final_balance"], d["final_balance"], "{d}");
        assert_eq!(report["outcome"], d["outcome"], "{d}");
        forgiven += usize::from(d["forgiven"].as_bool().unwrap());
    }
    assert_eq!(table["forgiven"].as_u64().unwrap() as usize, forgiven);
    assert!(
        forgiven > 0 && forgiven < deviations.len(),
        "the soup forgives some mistakes, not all"
    );
    let (code, out, _) = goodwill(&["analyze", "spilled-soup"]);
    assert_eq!(code, 0);
    assert!(
        out.contains(&format!("({forgiven} of {} forgiven: still loyal)", deviations.len())),
        "{out}"
    );
}
