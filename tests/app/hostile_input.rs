//! What a trainer might type, or a file might hold, that must not flood the terminal or be misread: huge
//! values are quoted briefly, names with a comma or in another Unicode form stay one trainee, invisible
//! names are refused, a bad results folder is named with what to do, `analyze` stays bounded and says
//! when a count is only a lower bound.

use std::path::Path;

use crate::harness::{goodwill, goodwill_on, tempdir};

/// stderr of a refusal: a few lines at most, whatever the value.
fn small(err: &str, what: &str) {
    assert!(
        err.len() < 2_000,
        "{what}: {} bytes on stderr: {}…",
        err.len(),
        &err[..200.min(err.len())]
    );
}

fn play_ann(data: &Path) {
    crate::harness::record_soup_as_ann(data);
}

#[test]
fn huge_values_are_quoted_in_a_line() {
    let data = tempdir("huge-values");
    play_ann(&data);
    // One argument may hold at most 128 KB on Linux: 90 KB of Chinese, 100 KB of letters.
    let huge = "名".repeat(30_000);
    let hex = "a".repeat(100_000);
    for args in [
        vec![
            "play",
            "--text",
            "spilled-soup",
            "--choices",
            "2",
            "--profile",
            huge.as_str(),
        ],
        vec!["attempts", "resume", hex.as_str()],
        vec!["attempts", "discard", huge.as_str()],
        vec![
            "report",
            "--session",
            huge.as_str(),
            "--format",
            "csv",
            "--out",
            "/tmp/x.csv",
        ],
        vec!["class", "show", huge.as_str()],
        vec!["play", "--text", huge.as_str()],
        vec!["analyze", hex.as_str()],
        vec!["play", "--text", "spilled-soup", "--lang", huge.as_str()],
        vec!["new", "late-delivery", "--from-document", huge.as_str()],
    ] {
        let (code, _, err) = goodwill_on(&data, &[], &args);
        assert_ne!(code, 0, "{:?}", &args[..2]);
        small(&err, &format!("{:?}", &args[..2]));
    }

    // An export file with a 1 MB trainee name, and one with a 1 MB attempt id.
    let export = data.join("export.json");
    let (code, _, err) = goodwill_on(&data, &[], &["export", "--out", export.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(&export).unwrap();
    let mut value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let million = "x".repeat(1_000_000);
    let mut named = value.clone();
    named["attempts"][0]["attempt"]["profile"] = serde_json::json!(million);
    value["attempts"][0]["attempt"]["id"] = serde_json::json!(million);
    for (name, file) in [("name.json", named), ("id.json", value)] {
        let path = data.join(name);
        std::fs::write(&path, serde_json::to_vec(&file).unwrap()).unwrap();
        let (code, _, err) = goodwill_on(&data, &[], &["import", path.to_str().unwrap()]);
        assert_eq!(code, 2);
        assert!(err.contains(name) && err.contains("1000000 characters"), "{err:.300}");
        small(&err, name);
    }

    // A scenario whose id is 10 MB.
    let scenario = std::fs::read_to_string(crate::harness::repo().join("scenarios/spilled-soup.ron")).unwrap();
    let huge_id = scenario.replacen(
        "id: \"spilled-soup\"",
        &format!("id: \"{}\"", "X".repeat(10_000_000)),
        1,
    );
    assert_ne!(huge_id, scenario, "the id line was found");
    let file = data.join("huge-id.ron");
    std::fs::write(&file, huge_id).unwrap();
    // `check` reports on stdout.
    let (code, out, err) = goodwill(&["check", file.to_str().unwrap()]);
    assert_ne!(code, 0);
    let report = out + &err;
    assert!(report.contains("10000000 characters"), "{report:.300}");
    small(&report, "a 10 MB scenario id");
}

#[test]
fn one_name_in_two_unicode_forms_is_one_trainee_and_invisible_names_are_refused() {
    let data = tempdir("unicode-names");
    for name in ["Jos\u{e9}", "Jose\u{301}"] {
        let (code, _, err) = goodwill_on(&data, &[], &["profile", "add", name]);
        assert_eq!(code, 0, "{err}");
    }
    let (_, out, _) = goodwill_on(&data, &[], &["profile", "list"]);
    assert_eq!(
        out.lines().count(),
        1,
        "é composed and decomposed are one trainee: {out}"
    );
    for invisible in ["\u{200B}", "\u{FEFF}", "\u{202E}", "\u{2028}", "\u{200B}\u{FEFF}"] {
        let (code, _, err) = goodwill_on(&data, &[], &["profile", "add", invisible]);
        assert_eq!(code, 2, "{invisible:?} was accepted");
        assert!(err.contains("name"), "{invisible:?}: {err}");
    }
    let (code, _, err) = goodwill_on(&data, &[], &["profile", "add", "\u{202E}nnA"]);
    assert_eq!(code, 2, "a direction override is refused: {err}");
    let (_, out, _) = goodwill_on(&data, &[], &["profile", "list"]);
    assert_eq!(out.lines().count(), 1, "{out}");
}

#[test]
fn a_trainee_name_with_a_comma_stays_one_name() {
    let data = tempdir("comma-names");
    let (code, _, err) = goodwill_on(
        &data,
        &[],
        &[
            "class",
            "new",
            "Monday",
            "--trainees",
            "王芳,李明",
            "--trainee",
            "Smith, Ann",
            "--scenarios",
            "spilled-soup",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let (_, out, _) = goodwill_on(&data, &[], &["profile", "list"]);
    let names: Vec<&str> = out.lines().map(|l| l.split('\t').next().unwrap()).collect();
    assert_eq!(names.len(), 3, "{out}");
    assert!(names.contains(&"Smith, Ann"), "{out}");
    let (_, help, _) = goodwill(&["class", "new", "--help"]);
    assert!(help.contains("--trainee ") && help.contains("comma"), "{help}");
}

#[test]
fn a_results_folder_that_is_a_file_or_a_link_loop_says_what_to_do() {
    let dir = tempdir("bad-folder");
    let file = dir.join("data");
    std::fs::write(&file, b"x").unwrap();
    let looped = dir.join("loop");
    std::os::unix::fs::symlink(&looped, &looped).unwrap();
    for folder in [&file, &looped] {
        let (code, _, err) = goodwill_on(folder, &[], &["attempts", "list"]);
        assert_eq!(code, 2);
        assert!(
            err.contains(&*folder.to_string_lossy()) && err.contains("--data-dir") && !err.contains("os error"),
            "{err}"
        );
    }
}

#[test]
fn analyze_is_bounded_and_says_when_a_count_is_a_lower_bound() {
    let (code, _, err) = goodwill(&["analyze", "spilled-soup", "--random", "4294967295"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("100000"), "the maximum is stated: {err}");
    let (code, out, err) = goodwill(&["analyze", "spilled-soup", "--random", "1000"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("1000 random playthroughs"), "{out}");

    // A case with more paths than the count can hold.
    let scenario = goodwill_engine::generate::layered(2_000);
    let analysis = goodwill_engine::analyze::analyze(&scenario);
    assert_eq!(analysis.path_count, u128::MAX, "the generated case saturates the count");
    let dir = tempdir("many-paths");
    let file = dir.join("many.ron");
    std::fs::write(&file, goodwill_engine::generate::to_authored_ron(&scenario)).unwrap();
    let (code, out, err) = goodwill(&["analyze", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let line = out.lines().find(|l| l.starts_with("paths:")).unwrap();
    assert!(line.contains("more than"), "{line}");
}
