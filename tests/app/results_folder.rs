//! The results folder shared between machines and tools: import all-or-nothing, unfinished attempts
//! listed, resumed and discarded, output kept off the database and links, and the last trainee remembered.

use std::path::Path;

use bevy::prelude::*;
use goodwill::game::input::UiAction;
use goodwill::game::results::ResultsDb;
use goodwill::game::state::Screen;

use crate::harness::{
    click, goodwill_on, headless_with_data, press, record_soup_as_ann, record_soup_as_ann_in, scenario_dir, screen,
    seed_store, shipped_paths, soup_best, soup_best_split, tempdir, visible_text,
};

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
    let (before, after) = soup_best_split(3);
    let partial = [
        "play",
        "--text",
        "spilled-soup",
        "--lang",
        "en",
        "--choices",
        &before,
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
        &["attempts", "resume", &id[..8], "--lang", "en", "--choices", &after],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Loyal"), "{out}");
    let (_, out, _) = goodwill_on(&data, &[], &["attempts", "list", "--unfinished"]);
    assert!(out.contains("no unfinished attempts"), "{out}");
    let (_, out, _) = goodwill_on(&data, &[], &["attempts", "list"]);
    assert!(
        out.contains(&id)
            && out.contains(&format!("{} decision(s)", shipped_paths("spilled-soup").0.len()))
            && out.contains("loyal"),
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
    record_soup_as_ann_in(&data, Some("Monday"));
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

#[test]
fn the_last_trainee_is_remembered_between_launches() {
    let dir = scenario_dir("remember", false);
    let data = tempdir("remember-data");
    {
        let mut app = headless_with_data(&dir, &data);
        seed_store(&app, |s| s.add_profile("Ann").and(s.add_profile("李明")));
        click(&mut app, |b| b.action == UiAction::OpenProfiles);
        assert!(visible_text(&mut app).contains("最近练习过的学员排在前面"));
        let profiles = app.world().resource::<ResultsDb>().read(|s| s.profiles()).unwrap();
        let li = profiles.iter().position(|p| p.name == "李明").unwrap();
        click(&mut app, |b| b.action == UiAction::PickProfile(li));
        assert_eq!(screen(&app), Screen::Select);
        app.update();
    }
    let mut app = headless_with_data(&dir, &data);
    assert_eq!(
        app.world()
            .resource::<goodwill::game::results::Player>()
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
        data.join(goodwill::game::results::LAST_PLAYER_FILE),
        other.join(goodwill::game::results::LAST_PLAYER_FILE),
    )
    .unwrap();
    let app = headless_with_data(&dir, &other);
    assert_eq!(app.world().resource::<goodwill::game::results::Player>().profile, None);
}

/// Every subcommand with an option that writes a file: the arguments that make it write to `out`.
fn file_writing_commands(out: &str) -> Vec<Vec<String>> {
    let args = |list: &[&str]| list.iter().map(|a| a.to_string()).collect::<Vec<_>>();
    vec![
        args(&["export", "--out", out]),
        args(&["export", "--session", "Monday", "--out", out]),
        args(&["report", "--session", "Monday", "--format", "csv", "--out", out]),
        args(&["report", "--session", "Monday", "--format", "html", "--out", out]),
        args(&["report", "--session", "Monday", "--format", "xapi", "--out", out]),
        args(&["analyze", "spilled-soup", "--graph", out]),
        args(&["analyze", "spilled-soup", "--graph", out, "--path", "2,1"]),
        args(&["new", "guarded-case", "--from-document", "000", "--out", out]),
    ]
}

#[test]
fn no_command_writes_over_the_results_database_or_its_companions() {
    let root = tempdir("cli-every-output");
    let data = root.join("data");
    std::fs::create_dir(&data).unwrap();
    let (code, _, err) = goodwill_on(&data, &[], &["class", "new", "Monday", "--trainees", "Ann"]);
    assert_eq!(code, 0, "{err}");
    record_soup_as_ann_in(&data, Some("Monday"));
    let companions = [
        "goodwill.db-wal",
        "goodwill.db-shm",
        "goodwill.db-journal",
        "goodwill.db.v1.bak",
    ];
    let data_name = data.file_name().unwrap().to_str().unwrap();
    let mut targets = vec![
        data.join("goodwill.db"),
        data.join("GOODWILL.DB-WAL"),
        data.join("..").join(data_name).join("goodwill.db"),
        data.join("..").join(data_name).join("goodwill.db-wal"),
        data.clone(),
        data.join("missing").join("out.svg"),
    ];
    targets.extend(companions.iter().map(|c| data.join(c)));
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&data, root.join("linked")).unwrap();
        targets.push(root.join("linked/goodwill.db"));
        targets.push(root.join("linked/goodwill.db-journal"));
        std::os::unix::fs::symlink(data.join("goodwill.db"), root.join("to-db.svg")).unwrap();
        targets.push(root.join("to-db.svg"));
        std::fs::write(root.join("victim.txt"), "precious").unwrap();
        std::os::unix::fs::symlink(root.join("victim.txt"), root.join("to-victim.svg")).unwrap();
        targets.push(root.join("to-victim.svg"));
    }
    let walk = |when: &str| {
        for target in &targets {
            for command in file_writing_commands(target.to_str().unwrap()) {
                let existed = std::fs::symlink_metadata(target).is_ok();
                let args: Vec<&str> = command.iter().map(String::as_str).collect();
                let (code, _, err) = goodwill_on(&data, &[], &args);
                assert_eq!(code, 2, "{when}: {args:?} was not refused: {err}");
                let opens_results = matches!(args[0], "export" | "report");
                if !existed && !opens_results {
                    assert!(
                        std::fs::symlink_metadata(target).is_err(),
                        "{when}: {args:?} created {}",
                        target.display()
                    );
                }
            }
        }
    };
    // Companions that do not exist yet are refused by name.
    for companion in companions {
        let _ = std::fs::remove_file(data.join(companion));
    }
    walk("before the companions exist");
    for companion in companions {
        if !data.join(companion).exists() {
            std::fs::write(data.join(companion), b"").unwrap();
        }
    }
    walk("once the companions exist");
    assert!(!data.join("missing").exists(), "no folder is made up");
    #[cfg(unix)]
    assert_eq!(std::fs::read_to_string(root.join("victim.txt")).unwrap(), "precious");
    let (code, out, err) = goodwill_on(&data, &[], &["attempts", "list"]);
    assert_eq!(code, 0, "the results are still readable: {err}");
    assert!(out.contains("Ann") && out.contains("loyal"), "{out}");
}

#[test]
fn a_bad_choices_script_records_nothing() {
    // One answer too many after the best path, and an answer that doesn't exist at the second step.
    let best = shipped_paths("spilled-soup").0;
    let too_long = (format!("{},1", soup_best()), format!("item {}", best.len() + 1));
    let no_such = (format!("{},9", best[0]), "item 2".to_owned());
    for (script, wrong) in [too_long, no_such] {
        let (script, wrong) = (script.as_str(), wrong.as_str());
        let data = tempdir(&format!("cli-bad-script-{}", script.len()));
        let (code, _, err) = goodwill_on(
            &data,
            &[],
            &[
                "play",
                "--text",
                "spilled-soup",
                "--lang",
                "en",
                "--choices",
                script,
                "--profile",
                "Ann",
            ],
        );
        assert_eq!(code, 2, "{script}: {err}");
        assert!(
            err.contains(wrong) && err.contains("nothing was recorded"),
            "{script}: {err}"
        );
        let (code, out, err) = goodwill_on(&data, &[], &["attempts", "list"]);
        assert_eq!(code, 0, "{err}");
        assert!(out.contains("no attempts yet"), "{script} recorded an attempt: {out}");
    }
}

/// A write-protected USB stick, as a read-only bind mount of a results folder (the test runs as root
/// in CI, where root could write through any file permission; without the right to mount it says so and
/// checks nothing).
#[test]
fn a_write_protected_results_folder_lists_exports_and_reports_and_says_read_only() {
    let source = tempdir("cli-ro-source");
    let (code, _, err) = goodwill_on(
        &source,
        &[],
        &[
            "class",
            "new",
            "Monday",
            "--trainees",
            "Ann",
            "--scenarios",
            "spilled-soup",
        ],
    );
    assert_eq!(code, 0, "{err}");
    record_soup_as_ann_in(&source, Some("Monday"));
    let stick = tempdir("cli-ro-stick");
    let mount = |args: &[&str]| {
        std::process::Command::new("mount")
            .args(args)
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !mount(&["--bind", source.to_str().unwrap(), stick.to_str().unwrap()]) {
        eprintln!("skipped: this machine does not let the test mount a read-only folder");
        return;
    }
    let remounted = mount(&["-o", "remount,bind,ro", stick.to_str().unwrap()]);
    let elsewhere = tempdir("cli-ro-elsewhere");
    let checks = std::panic::catch_unwind(|| {
        assert!(remounted);
        let (code, out, err) = goodwill_on(&stick, &[], &["profile", "list"]);
        assert!(code == 0 && out.contains("Ann"), "{err}");
        let (code, out, err) = goodwill_on(&stick, &[], &["attempts", "list"]);
        assert!(code == 0 && out.contains("loyal"), "{err}");
        let export = elsewhere.join("class.json");
        let (code, _, err) = goodwill_on(&stick, &[], &["export", "--out", export.to_str().unwrap()]);
        assert!(code == 0 && export.is_file(), "{err}");
        let report = elsewhere.join("class.html");
        let (code, _, err) = goodwill_on(
            &stick,
            &[],
            &[
                "report",
                "--session",
                "Monday",
                "--format",
                "html",
                "--out",
                report.to_str().unwrap(),
            ],
        );
        assert!(code == 0 && report.is_file(), "{err}");
        let (code, out, err) = goodwill_on(
            &stick,
            &[],
            &[
                "play",
                "--text",
                "spilled-soup",
                "--choices",
                &soup_best(),
                "--profile",
                "Bob",
            ],
        );
        assert_eq!(code, 2);
        assert!(
            err.contains("read-only") && out.is_empty(),
            "refused before the case is shown: {err}"
        );
    });
    let _ = std::process::Command::new("umount").arg("-l").arg(&stick).status();
    checks.unwrap();
}
