//! Playing a case in the terminal: the scripted and the interactive `play`, its refusals, the files it
//! will not read, and every command ending quietly when its reader closes the pipe.

use std::process::Command;

use crate::harness::{
    as_arg, goodwill, goodwill_on, record_soup_as_ann, repo, scenario_dir, shipped_paths, soup_best, tempdir,
};

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

// One attempt lifecycle: the terminal refuses to resume on a changed scenario version.
#[test]
fn cli_refuses_to_resume_an_attempt_whose_scenario_version_changed_and_keeps_it() {
    let data = tempdir("cli-resume-version");
    let folder = scenario_dir("cli-resume-version-scenarios", false);
    let env = [("GOODWILL_SCENARIOS", folder.as_path())];
    let (before, after) = crate::harness::soup_best_split(3);
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
        &["attempts", "resume", &id, "--lang", "en", "--choices", &after],
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

/// Runs `goodwill args` with `input` on stdin; stdout and stderr together.
fn goodwill_with_input(args: &[&str], input: &str) -> String {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_goodwill"))
        .args(args)
        .current_dir(repo())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// The seed a run printed ("Seed: 123456 (add --seed 123456 …)").
fn printed_seed(out: &str) -> u64 {
    let at = out.find("Seed: ").unwrap_or_else(|| panic!("no seed printed:\n{out}")) + "Seed: ".len();
    out[at..]
        .split(|c: char| !c.is_ascii_digit())
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

/// The numbered answers as shown, in order.
fn shown_answers(out: &str) -> Vec<String> {
    out.lines()
        .filter(|l| l.trim_start().chars().next().is_some_and(|c| c.is_ascii_digit()) && l.contains(". "))
        .map(str::to_owned)
        .collect()
}

#[test]
fn terminal_play_draws_a_fresh_seed_prints_it_and_the_seed_replays_the_run() {
    let play = ["play", "--text", "roaming-charge", "--lang", "en"];
    let runs: Vec<String> = (0..4).map(|_| goodwill_with_input(&play, "q\n")).collect();
    let seeds: std::collections::BTreeSet<u64> = runs.iter().map(|o| printed_seed(o)).collect();
    assert!(seeds.len() > 1, "every run draws its own seed: {seeds:?}");
    for out in &runs {
        assert!(out.contains("No --profile given: this attempt is not saved"), "{out}");
    }
    // The printed seed gives the same wording and answer order again.
    let seed = printed_seed(&runs[0]).to_string();
    let again = goodwill_with_input(&[&play[..], &["--seed", &seed]].concat(), "q\n");
    assert_eq!(shown_answers(&again), shown_answers(&runs[0]));
    assert!(
        !again.contains("Seed: "),
        "a given seed is not announced again: {again}"
    );
}

#[test]
fn terminal_play_gives_feedback_after_each_choice_and_q_says_what_was_kept() {
    let data = tempdir("cli-quit");
    let args = ["play", "--text", "spilled-soup", "--lang", "en", "--seed", "4"];
    let out = goodwill_with_input(&args, "1\nq\n");
    let after = &out[out.find("> You: ").expect("an answer was played")..];
    let feedback = after
        .find("Feedback: ")
        .unwrap_or_else(|| panic!("no feedback: {after}"));
    let reply = after.find("Customer: ").unwrap_or_else(|| panic!("no reply: {after}"));
    assert!(
        feedback < reply,
        "the feedback comes before the customer's reply: {after}"
    );
    assert!(out.contains("this attempt is not saved"), "{out}");
    // Recorded: `q` says the attempt is kept and how to go on with it.
    let recorded = [
        &["--data-dir", data.to_str().unwrap()][..],
        &args[..],
        &["--profile", "Ann"],
    ]
    .concat();
    let out = goodwill_with_input(&recorded, "1\nq\n");
    let (_, list, _) = goodwill(&["--data-dir", data.to_str().unwrap(), "attempts", "list", "--unfinished"]);
    let id = list.lines().next().unwrap().split('\t').next().unwrap().to_owned();
    assert!(
        out.contains("The attempt is kept (1 step(s) answered, unfinished)")
            && out.contains(&format!("goodwill attempts resume {id}")),
        "{out}"
    );
    assert!(!out.contains("not saved"), "{out}");
    // Quitting before the first answer: nothing to keep, and it says so.
    let out = goodwill_with_input(&recorded, "q\n");
    assert!(out.contains("Nothing was answered yet, so nothing was saved"), "{out}");
    // In Chinese too.
    let out = goodwill_with_input(&["play", "--text", "spilled-soup"], "1\nq\n");
    assert!(
        out.contains("本次种子：") && out.contains("点评：") && out.contains("本次练习不保存"),
        "{out}"
    );
}

#[test]
fn the_help_is_bilingual_describes_every_option_and_offers_data_dir_only_where_used() {
    let help = |args: &[&str]| {
        let (code, out, err) = goodwill(&[args, &["--help"]].concat());
        assert_eq!(code, 0, "{args:?}: {err}");
        out
    };
    let top = help(&[]);
    assert!(top.contains("善意") && top.contains("Goodwill"), "{top}");
    // Every command's one-line description: Chinese first, then English.
    for line in top
        .lines()
        .filter(|l| l.starts_with("  ") && !l.trim_start().starts_with('-'))
    {
        let line = line.trim();
        if line.starts_with("help") {
            continue;
        }
        let han = line.find(|c: char| ('\u{4E00}'..='\u{9FFF}').contains(&c));
        let latin = line.find(" / ");
        assert!(
            matches!((han, latin), (Some(h), Some(l)) if h < l),
            "not Chinese then English: {line}"
        );
    }
    // The options the issue found bare, each described with its values.
    for (args, option, words) in [
        (&["play"][..], "--lang", &["zh|en", "语言", "Language"][..]),
        (&["play"][..], "--seed", &["种子", "draws a fresh one"][..]),
        (&["export"][..], "--out", &["FILE", "写入", "write"][..]),
        (&["import"][..], "FILES", &["goodwill export", "导出", "written by"][..]),
        (&["report"][..], "--session", &["CLASS", "培训课"][..]),
        (&["report"][..], "--out", &["FILE", "write"][..]),
        (&["report"][..], "--lang", &["zh|en", "语言"][..]),
        (&["analyze"][..], "--json", &["JSON"][..]),
        (&["analyze"][..], "--seed", &["--random", "种子"][..]),
    ] {
        let text = help(args);
        // The option's own line in the list (not the usage line).
        let entry = text
            .lines()
            .find(|l| {
                let t = l.trim_start();
                t.starts_with(option) || t.starts_with(&format!("<{option}>"))
            })
            .unwrap_or_else(|| panic!("{args:?} {option}:\n{text}"));
        for word in words {
            assert!(entry.contains(word), "{args:?} {option} lacks {word:?}:\n{entry}");
        }
    }
    // --data-dir only on the commands that open the results.
    for args in [&["check"][..], &["new"], &["analyze"]] {
        assert!(!help(args).contains("--data-dir"), "{args:?}");
    }
    for args in [
        &["play"][..],
        &["export"],
        &["import"],
        &["report"],
        &["profile"],
        &["profile", "add"],
        &["class", "new"],
        &["attempts", "list"],
    ] {
        assert!(help(args).contains("--data-dir"), "{args:?}");
    }
    // Given after the command, before it, or by GOODWILL_DATA_DIR: the same folder.
    let data = tempdir("cli-data-dir-places");
    let dir = data.to_str().unwrap();
    let (code, _, err) = goodwill(&["profile", "add", "王芳", "--data-dir", dir]);
    assert_eq!(code, 0, "{err}");
    let (_, listed, _) = goodwill(&["--data-dir", dir, "profile", "list"]);
    assert!(listed.contains("王芳"), "{listed}");
    let out = Command::new(env!("CARGO_BIN_EXE_goodwill"))
        .args(["profile", "list"])
        .env("GOODWILL_DATA_DIR", &data)
        .current_dir(repo())
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("王芳"));
}
