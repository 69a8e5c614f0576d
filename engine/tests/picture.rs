//! `goodwill analyze --graph`: the picture is well-formed SVG and names every node; large scenarios are
//! drawn collapsed, quickly.

use std::path::Path;
use std::time::Instant;

use goodwill_engine::analyze::analyze;
use goodwill_engine::picture::{FULL_LIMIT, draw_svg, steps};
use goodwill_engine::{Lang, generate, load_file};

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
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
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
                shown.iter().any(|t| t.contains(&node.id)),
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
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let scenario = load_file(&root.join("tests/fixtures/minimal.ron")).scenario.unwrap();
    assert!(steps(&scenario, &[0, 0]).is_ok());
    let err = steps(&scenario, &[0, 7]).unwrap_err();
    assert!(err.contains("step 2") && err.contains("has 2 choices"), "{err}");
    let err = steps(&scenario, &[2, 0]).unwrap_err();
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
