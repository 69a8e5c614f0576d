//! The map as `goodwill analyze --graph` and the debrief draw it: well-formed SVG naming every node, the
//! highlighted paths marked on exactly their own arrows, large scenarios drawn collapsed quickly, and a
//! Chinese map with no English words. (Moved from the engine's `tests/picture.rs`.)

use crate::pages::test_support::{shipped_files, visible};
use std::path::{Path, PathBuf};
use std::time::Instant;

use goodwill_engine::analyze::analyze;
use goodwill_engine::{Lang, generate, load_file};

use super::{Attempt, FULL_LIMIT, attempt_page, draw_played_svg, draw_svg, page, played_choices, steps};
use goodwill_engine::{Bilingual, Report, Scenario, Session};
use std::sync::Arc;

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

/// A run of `choices` (0-based, file order) with `seed`: its report and the lines as heard.
fn run(scenario: &Scenario, seed: u64, choices: &[usize]) -> (Report, Vec<Bilingual>) {
    let session = goodwill_engine::session::run(Arc::new(scenario.clone()), seed, choices).expect("it plays");
    let heard = session.history().map(|(line, _)| line.clone()).collect();
    (session.report().expect("it ended").clone(), heard)
}

fn attempt<'a>(report: &'a Report, heard: &'a [Bilingual]) -> Attempt<'a> {
    Attempt {
        steps: &report.steps,
        heard,
        end: Some((report.outcome, report.final_balance)),
    }
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
        let (report, heard) = run(&scenario, 5, &played);
        let svg = draw_played_svg(&scenario, &analysis, attempt(&report, &heard), Lang::En).unwrap();
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
        let zh = draw_played_svg(&scenario, &analysis, attempt(&report, &heard), Lang::Zh).unwrap();
        let words = texts(&zh).join("\n");
        for chinese in ["你这次的路径", "最佳路径", "余额", "箭头上"] {
            assert!(words.contains(chinese), "{file}: no {chinese} in\n{words}");
        }
        for english in ["your path", "best path", "balance", "arrow", "End"] {
            assert!(
                !words.contains(english),
                "{file}: English `{english}` in the Chinese picture\n{words}"
            );
        }
        assert_eq!(marked(&zh, "your-path").len(), want.len());
    }
    // Records that leave the scenario are refused with their step.
    let scenario = load_file(&root.join("tests/fixtures/minimal.ron")).scenario.unwrap();
    let analysis = analyze(&scenario);
    let (mut report, heard) = run(&scenario, 1, &[0, 0]);
    report.steps[1].choice = 7;
    let err = draw_played_svg(&scenario, &analysis, attempt(&report, &heard), Lang::En)
        .unwrap_err()
        .to_string();
    assert!(err.contains("step 2"), "{err}");
}

#[test]
fn a_played_path_on_a_collapsed_picture_is_still_drawn_and_marked() {
    let scenario = generate::layered(1_000);
    let analysis = analyze(&scenario);
    // Always the last choice (the withdrawal) until the account closes.
    let mut session = Session::new(Arc::new(scenario.clone()), 3);
    while session.report().is_none() {
        session.choose(2).unwrap();
    }
    let heard: Vec<Bilingual> = session.history().map(|(line, _)| line.clone()).collect();
    let report = session.report().unwrap().clone();
    let svg = draw_played_svg(&scenario, &analysis, attempt(&report, &heard), Lang::En).unwrap();
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
    let heard: Vec<Bilingual> = session.history().map(|(line, _)| line.clone()).collect();
    let played = Attempt {
        steps: records,
        heard: &heard,
        end: None,
    };
    let svg = draw_played_svg(&scenario, &analysis, played, Lang::En).unwrap();
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

/// Plays `scenario` with `seed` pressing, at each step, the `pressed` position (1-based) *as shown*
/// (wrapping to the first shown line when a step offers fewer), as a trainee at the keyboard would.
fn press(scenario: &Scenario, seed: u64, pressed: &[usize]) -> (Report, Vec<Bilingual>, Vec<usize>) {
    let mut session = Session::new(Arc::new(scenario.clone()), seed);
    let mut keys = Vec::new();
    for &key in pressed.iter().cycle() {
        if session.report().is_some() {
            break;
        }
        let key = if session.offered().len() >= key { key } else { 1 };
        session.choose(session.shown_choice(key - 1).unwrap()).unwrap();
        keys.push(key);
    }
    let heard = session.history().map(|(line, _)| line.clone()).collect();
    (session.report().unwrap().clone(), heard, keys)
}

/// The drawing inside a page.
fn drawing(page: &str) -> &str {
    &page[page.find("<svg").expect("a drawing")..page.rfind("</svg>").unwrap() + 6]
}

/// Each label's text in a drawing, by the (node id, 1-based file choice) of the arrow it labels.
fn labels(svg: &str) -> Vec<((String, usize), String)> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    doc.descendants()
        .filter(|n| n.tag_name().name() == "text" && n.attribute("class") == Some("label"))
        .filter_map(|n| {
            let g = n.parent()?;
            let key = (
                g.attribute("data-node")?.to_owned(),
                g.attribute("data-choice")?.parse().ok()?,
            );
            let text = n
                .descendants()
                .filter(|d| d.is_text())
                .filter_map(|d| d.text())
                .collect::<Vec<_>>()
                .join("\n");
            Some((key, text))
        })
        .collect()
}

#[test]
fn the_trainees_map_numbers_each_answer_as_it_was_shown_in_that_attempt() {
    let scenario = load_file(&root().join("scenarios/spilled-soup.ron")).scenario.unwrap();
    let analysis = analyze(&scenario);
    // The keys of the trainee, pressed on a seeded attempt.
    let (report, heard, keys) = press(&scenario, 20_261_206, &[3, 1, 2, 2, 1, 2, 2]);
    // The shuffle must matter here, or the test could not tell shown numbers from file numbers.
    let file_numbers: Vec<usize> = report.steps.iter().map(|s| s.choice + 1).collect();
    assert_ne!(
        keys, file_numbers,
        "this seed shows some step in another order than the file"
    );
    for lang in [Lang::Zh, Lang::En] {
        let page = attempt_page(&scenario, &analysis, attempt(&report, &heard), lang).unwrap();
        let labels = labels(drawing(&page));
        for (step, key) in report.steps.iter().zip(&keys) {
            let label = labels
                .iter()
                .find(|((node, choice), _)| *node == step.node && *choice == step.choice + 1)
                .map(|(_, text)| text)
                .unwrap_or_else(|| panic!("no label on {}'s arrow", step.node));
            assert!(
                label.starts_with(&format!("{key} · ")),
                "pressed {key}, the map says {label}"
            );
        }
        // Every number on the map is one the trainee was shown: the arrows at nodes they never reached
        // carry no number at all.
        let reached: Vec<&str> = report.steps.iter().map(|s| s.node.as_str()).collect();
        for ((node, _), text) in &labels {
            let numbered = text.split(" · ").next().is_some_and(|n| n.parse::<usize>().is_ok());
            assert_eq!(numbered, reached.contains(&node.as_str()), "{node}: {text}");
        }
        // The legend says what was pressed, and the list below numbers the answer taken the same way.
        let pressed: Vec<String> = keys.iter().map(ToString::to_string).collect();
        assert!(page.contains(&pressed.join(",")), "the legend lists the keys pressed");
        let chosen: Vec<&str> = page
            .match_indices("<li class=\"chosen\"><span class=\"num\">")
            .map(|(i, m)| &page[i + m.len()..])
            .collect();
        assert_eq!(chosen.len(), keys.len());
        for (list, key) in chosen.iter().zip(&keys) {
            assert!(
                list.starts_with(&format!("{key}.")),
                "the list says {}",
                &list[..8.min(list.len())]
            );
        }
    }
}

#[test]
fn no_internal_id_appears_on_a_trainees_map() {
    for file in shipped_files() {
        let scenario = load_file(&file).scenario.expect("loads");
        let analysis = analyze(&scenario);
        let (report, heard, _) = press(&scenario, 42, &[2, 1, 3]);
        let ids: Vec<&str> = scenario
            .nodes
            .iter()
            .map(|n| n.id.as_str())
            .chain(scenario.promises.iter().map(|p| p.id.as_str()))
            .chain(scenario.events.iter().map(|e| e.id.as_str()))
            .collect();
        for lang in [Lang::Zh, Lang::En] {
            let page = attempt_page(&scenario, &analysis, attempt(&report, &heard), lang).unwrap();
            let text = visible(&page);
            // An id may be a plain English word ("towel") that the case's own English lines use too; only
            // where the case's own text never says it is it surely the id.
            let own_text = if lang == Lang::En {
                std::fs::read_to_string(&file).unwrap()
            } else {
                String::new()
            };
            for id in &ids {
                let said_in_text = own_text.matches(id).count() > own_text.matches(&format!("\"{id}\"")).count();
                if !said_in_text {
                    assert!(!text.contains(id), "{}: id `{id}` on the {lang:?} map", file.display());
                }
            }
            // Every node is there by the customer's (shortened) line.
            let start = scenario.node_index(&scenario.start).unwrap();
            let first: String = super::words::first_line(&scenario, start, lang)
                .chars()
                .take(4)
                .collect();
            assert!(
                text.contains(&first),
                "{}: the opening line `{first}` is not on the map",
                file.display()
            );
            if lang == Lang::Zh {
                // No English word of the interface on a Chinese page.
                for english in ["balance", "your path", "best path", "End", "promise"] {
                    assert!(
                        !text.contains(english),
                        "{}: `{english}` on the Chinese map",
                        file.display()
                    );
                }
            }
        }
    }
}

/// A rectangle: x0, y0, x1, y1.
type Rect = [f64; 4];

/// The boxes of what a drawing shows: each node's rectangle and each label's text (estimated as drawn).
fn boxes(svg: &str) -> (Vec<Rect>, Vec<(Rect, String)>) {
    let doc = roxmltree::Document::parse(svg).unwrap();
    let num = |n: roxmltree::Node, a: &str| n.attribute(a).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    let rects = doc
        .descendants()
        .filter(|n| {
            n.tag_name().name() == "rect" && n.attribute("fill") != Some("white") && n.attribute("rx").is_some()
        })
        .map(|n| {
            [
                num(n, "x"),
                num(n, "y"),
                num(n, "x") + num(n, "width"),
                num(n, "y") + num(n, "height"),
            ]
        })
        .collect();
    let labels = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "text" && n.attribute("class") == Some("label"))
        .map(|n| {
            let text = n
                .descendants()
                .filter(|d| d.is_text())
                .filter_map(|d| d.text())
                .collect::<Vec<_>>()
                .join("\n");
            let font = num(n, "font-size");
            let (w, h) = super::measure::text_size(&text, font);
            let (x, top) = (num(n, "x"), num(n, "y") - font * 0.6);
            ([x - w / 2.0, top, x + w / 2.0, top + h], text)
        })
        .collect();
    (rects, labels)
}

fn overlap(a: &[f64; 4], b: &[f64; 4]) -> bool {
    a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
}

#[test]
fn labels_stand_clear_of_each_other_and_of_the_boxes() {
    for file in shipped_files() {
        let scenario = load_file(&file).scenario.expect("loads");
        let analysis = analyze(&scenario);
        let (report, heard, _) = press(&scenario, 7, &[1, 2]);
        let author = draw_svg(&scenario, &analysis, None, Lang::En).unwrap();
        for lang in [Lang::Zh, Lang::En] {
            let trainee = draw_played_svg(&scenario, &analysis, attempt(&report, &heard), lang).unwrap();
            for svg in [&author, &trainee] {
                let (rects, labels) = boxes(svg);
                for (i, (a, text)) in labels.iter().enumerate() {
                    for (b, other) in &labels[i + 1..] {
                        assert!(!overlap(a, b), "{}: label `{text}` runs into `{other}`", file.display());
                    }
                    for r in &rects {
                        assert!(!overlap(a, r), "{}: label `{text}` runs into a box", file.display());
                    }
                }
            }
        }
    }
}

#[test]
fn the_trainees_page_fits_the_window_with_its_legend_above_the_map() {
    let scenario = load_file(&root().join("scenarios/missing-epaulette.ron"))
        .scenario
        .unwrap();
    let analysis = analyze(&scenario);
    let (report, heard, _) = press(&scenario, 9, &[1]);
    let page = attempt_page(&scenario, &analysis, attempt(&report, &heard), Lang::Zh).unwrap();
    // The drawing scales from its viewBox to the page's width, never past its own size.
    assert!(
        page.contains(".map svg{display:block;width:100%;height:auto}"),
        "{page}"
    );
    let svg = drawing(&page);
    assert!(svg.contains("viewBox="), "{svg}");
    assert!(page.contains("<figure class=\"map\" style=\"max-width:"));
    // The legend comes first, then the map, then the answers in full.
    let legend = page.find("<ul class=\"legend\">").expect("a legend");
    let map = page.find("<figure").unwrap();
    let list = page.find("你这次的回答").expect("the list of answers");
    assert!(legend < map && map < list);
    // The full text of every answer the trainee was shown is on the page (in the list and on hover).
    for step in &report.steps {
        let node = scenario.node(&step.node).unwrap();
        for &c in &step.shown {
            let text = node.choices[c].text.get(Lang::Zh);
            let escaped = text
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
                .replace('"', "&quot;");
            assert!(
                page.contains(&escaped),
                "the answer `{text}` is not in full on the page"
            );
        }
    }
}
