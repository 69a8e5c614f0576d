//! The map as `goodwill analyze --graph` and the debrief draw it: well-formed SVG naming every node, the
//! highlighted paths marked on exactly their own arrows, large scenarios drawn collapsed quickly, and a
//! Chinese map with no English words. (Moved from the engine's `tests/picture.rs`.)

use std::path::{Path, PathBuf};
use std::time::Instant;

use goodwill_engine::analyze::analyze;
use goodwill_engine::{Lang, generate, load_file};

use super::{FULL_LIMIT, draw_played_svg, draw_svg, page, played_choices, steps};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// All the text an SVG shows, one string per `<text>` element.
fn texts(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("not well-formed SVG: {e}"));
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    doc.descendants()
        .filter(|n| n.tag_name().name() == "text")
        .map(|n| n.descendants().filter_map(|d| d.text()).collect::<Vec<_>>().join("\n"))
        .collect()
}

#[test]
fn the_picture_parses_and_names_every_node_with_the_trainee_path_beside_the_best() {
    let root = root();
    let mut files: Vec<_> = std::fs::read_dir(root.join("scenarios"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.push(root.join("tests/fixtures/minimal.ron"));
    for file in files {
        let scenario = load_file(&file).scenario.expect("loads");
        let analysis = analyze(&scenario);
        let trainee = analysis.worst.as_ref().map(|w| w.choices.clone());
        let svg = draw_svg(&scenario, &analysis, trainee.as_deref(), Lang::En).unwrap();
        let shown = texts(&svg);
        for node in &scenario.nodes {
            assert!(
                shown.iter().any(|t| t.contains(node.id.as_str())),
                "{}: node `{}` is not named",
                file.display(),
                node.id
            );
        }
        let all = shown.join("\n");
        assert!(all.contains("the best path"), "{all}");
        assert!(all.contains("the trainee's path"), "{all}");
        assert!(
            all.contains("[yours"),
            "the trainee's choices are marked on the arrows: {all}"
        );
    }
}

#[test]
fn a_path_that_goes_nowhere_is_refused_with_the_step() {
    let scenario = load_file(&root().join("tests/fixtures/minimal.ron")).scenario.unwrap();
    assert!(steps(&scenario, &[0, 0]).is_ok());
    let err = steps(&scenario, &[0, 7]).unwrap_err().to_string();
    assert!(err.contains("step 2") && err.contains("has 2 choices"), "{err}");
    let err = steps(&scenario, &[2, 0]).unwrap_err().to_string();
    assert!(err.contains("step 1: the conversation ends there"), "{err}");
}

#[test]
fn a_thousand_node_scenario_is_drawn_collapsed_in_moments() {
    let scenario = generate::layered(1_000);
    assert!(scenario.nodes.len() > FULL_LIMIT);
    let analysis = analyze(&scenario);
    let started = Instant::now();
    let svg = draw_svg(&scenario, &analysis, None, Lang::En).unwrap();
    let elapsed = started.elapsed();
    let all = texts(&svg).join("\n");
    assert!(all.contains("collapsed: 1000 nodes"), "{all}");
    assert!(all.contains("passed straight through"), "runs are folded: {all}");
    assert!(elapsed.as_secs() < 20, "drawing took {elapsed:?}");
}

/// The arrows an SVG marks with `class`: (node id, 1-based choice number) of each.
fn marked(svg: &str, class: &str) -> Vec<(String, usize)> {
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("not well-formed SVG: {e}"));
    doc.descendants()
        .filter(|n| n.attribute("class").is_some_and(|c| c.split(' ').any(|c| c == class)))
        .map(|n| {
            assert!(
                n.children().any(|c| c.tag_name().name() == "path"),
                "a marked arrow is drawn"
            );
            (
                n.attribute("data-node").expect("the node it leaves").to_string(),
                n.attribute("data-choice")
                    .and_then(|c| c.parse().ok())
                    .expect("its choice number"),
            )
        })
        .collect()
}

#[test]
fn a_played_path_is_drawn_beside_the_best_and_marks_exactly_its_own_arrows() {
    let root = root();
    for file in ["scenarios/spilled-soup.ron", "scenarios/drained-lagoon.ron"] {
        let scenario = load_file(&root.join(file)).scenario.expect("loads");
        let analysis = analyze(&scenario);
        // The worst path, as a trainee who played it would have it in their step records.
        let played = analysis.worst.as_ref().expect("a worst path").choices.clone();
        let svg = draw_played_svg(&scenario, &analysis, &played, Lang::En).unwrap();
        let all = texts(&svg).join("\n");
        assert!(all.contains("your path"), "{all}");
        assert!(all.contains("the best path"), "{all}");
        let expected: Vec<(String, usize)> = steps(&scenario, &played)
            .unwrap()
            .into_iter()
            .map(|(n, c)| (scenario.nodes[n].id.to_string(), c + 1))
            .collect();
        let mut yours = marked(&svg, "your-path");
        yours.sort();
        let mut want = expected.clone();
        want.sort();
        assert_eq!(
            yours, want,
            "{file}: the arrows marked as your path are the played choices"
        );
        let best: Vec<(String, usize)> = steps(&scenario, &analysis.best.as_ref().unwrap().choices)
            .unwrap()
            .into_iter()
            .map(|(n, c)| (scenario.nodes[n].id.to_string(), c + 1))
            .collect();
        let mut marked_best = marked(&svg, "best-path");
        marked_best.sort();
        let mut best_sorted = best;
        best_sorted.sort();
        assert_eq!(marked_best, best_sorted, "{file}: the best path is marked beside it");
        // Nothing else is highlighted in a debrief's picture.
        assert!(marked(&svg, "worst-path").is_empty() && marked(&svg, "example-path").is_empty());

        // A trainee playing in Chinese reads the picture in Chinese: the same arrows, Chinese words.
        let zh = draw_played_svg(&scenario, &analysis, &played, Lang::Zh).unwrap();
        let words = texts(&zh).join("\n");
        for chinese in ["你的路径", "最佳路径", "余额", "箭头：选项编号"] {
            assert!(words.contains(chinese), "{file}: no {chinese} in\n{words}");
        }
        for english in ["your path", "best path", "balance", "arrows:", "End"] {
            assert!(
                !words.contains(english),
                "{file}: English `{english}` in the Chinese picture\n{words}"
            );
        }
        assert_eq!(marked(&zh, "your-path").len(), want.len());
    }
    // A path that leaves the scenario is refused with its step.
    let scenario = load_file(&root.join("tests/fixtures/minimal.ron")).scenario.unwrap();
    let analysis = analyze(&scenario);
    let err = draw_played_svg(&scenario, &analysis, &[0, 7], Lang::En)
        .unwrap_err()
        .to_string();
    assert!(err.contains("step 2"), "{err}");
}

#[test]
fn a_played_path_on_a_collapsed_picture_is_still_drawn_and_marked() {
    let scenario = generate::layered(1_000);
    let analysis = analyze(&scenario);
    // Always the last choice (the withdrawal) until the account closes.
    let played = vec![2; 6];
    let svg = draw_played_svg(&scenario, &analysis, &played, Lang::En).unwrap();
    let marked = marked(&svg, "your-path");
    assert!(!marked.is_empty() && marked.iter().all(|(_, c)| *c == 3), "{marked:?}");
    let all = texts(&svg).join("\n");
    assert!(
        all.contains("collapsed: 1000 nodes") && all.contains("your path"),
        "{all}"
    );
}

#[test]
fn a_finished_session_is_drawn_from_its_step_records() {
    let scenario = std::sync::Arc::new(load_file(&root().join("scenarios/spilled-soup.ron")).scenario.unwrap());
    let analysis = analyze(&scenario);
    // A trainee who always takes the first line offered on screen.
    let mut session = goodwill_engine::Session::new(scenario.clone(), 11);
    while session.report().is_none() {
        let pick = session.shown_choice(0).expect("a line is offered");
        session.choose(pick).unwrap();
    }
    let records = &session.report().unwrap().steps;
    let played = played_choices(&scenario, records).unwrap();
    assert_eq!(played, records.iter().map(|r| r.choice).collect::<Vec<_>>());
    let svg = draw_played_svg(&scenario, &analysis, &played, Lang::En).unwrap();
    let mut yours = marked(&svg, "your-path");
    yours.sort();
    let mut want: Vec<(String, usize)> = records.iter().map(|r| (r.node.clone(), r.choice + 1)).collect();
    want.sort();
    assert_eq!(yours, want);
    // Records from a different version of the file are refused, not drawn along the wrong arrows.
    let mut moved = records.clone();
    moved[0].node = "somewhere-else".into();
    let err = played_choices(&scenario, &moved).unwrap_err().to_string();
    assert!(err.contains("step 1") && err.contains("somewhere-else"), "{err}");
}

#[test]
fn a_chinese_analysis_map_has_no_english_words_and_the_page_escapes_its_title() {
    // `analyze --graph` draws in English; the same map drawn for a Chinese reader names the worst and
    // example paths in Chinese too (before the move, only the debrief's words were translated).
    let scenario = load_file(&root().join("scenarios/spilled-soup.ron")).scenario.unwrap();
    let analysis = analyze(&scenario);
    let trainee = analysis.worst.as_ref().map(|w| w.choices.clone());
    let zh = draw_svg(&scenario, &analysis, trainee.as_deref(), Lang::Zh).unwrap();
    let words = texts(&zh).join("\n");
    for chinese in ["学员的路径", "最差路径", "示例路径", "余额"] {
        assert!(words.contains(chinese), "no {chinese} in\n{words}");
    }
    for english in ["the best path", "worst", "dashed", "e.g.", "final balance", "End"] {
        assert!(!words.contains(english), "English `{english}` in\n{words}");
    }
    // The page around it: the title escaped, the drawing inside as an inline <svg>.
    let mut hostile = scenario.clone();
    hostile.title = goodwill_engine::Bilingual::new("<汤>", "<b>Soup</b> & \"co\"");
    let page = page(
        &hostile,
        &draw_svg(&hostile, &analysis, None, Lang::En).unwrap(),
        Lang::En,
    );
    assert!(page.starts_with("<!DOCTYPE html>"), "{page}");
    assert!(page.contains("&lt;b&gt;Soup&lt;/b&gt; &amp; &quot;co&quot;"), "{page}");
    assert!(!page.contains("<b>Soup"), "{page}");
    assert!(page.contains("<svg") && !page.contains("<?xml"), "one inline drawing");
}
