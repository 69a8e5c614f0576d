//! Draws the committed conversation maps: `cargo run --example pictures` writes `docs/graphs/ID.svg` for
//! every scenario in `scenarios/` (what `goodwill analyze FILE --graph` draws), plus
//! `docs/graphs/examples/` with a trainee's path drawn beside the best one and a collapsed 1,000-node map.
//! Run from anywhere; paths are found from this crate's folder.

use std::path::Path;

use goodwill::pages::map;
use goodwill_engine::analyze::analyze;
use goodwill_engine::{Lang, generate, load_file};
use goodwill_store::output::OutputGuard;

/// Pictures go through the one output guard, like every file Goodwill writes.
fn write_atomically(path: &Path, bytes: &[u8]) -> goodwill_store::Result<()> {
    OutputGuard::for_data_dir(&goodwill_store::data_dir(None)).replace(path, bytes)
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = root.join("docs/graphs");
    let mut files: Vec<_> = std::fs::read_dir(root.join("scenarios"))
        .expect("the scenarios folder")
        .map(|e| e.expect("a folder entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    files.sort();
    for file in &files {
        let scenario = load_file(file).scenario.expect("shipped scenarios load");
        let analysis = analyze(&scenario);
        let svg = map::draw_svg(&scenario, &analysis, None, Lang::En).expect("drawn");
        let name = out.join(format!("{}.svg", scenario.id));
        write_atomically(&name, svg.as_bytes()).expect("written");
        println!("{}", name.display());
    }
    let examples = out.join("examples");
    std::fs::create_dir_all(&examples).expect("the examples folder");
    // A debrief's map: a trainee who took the worst line at the first two steps, then the best line
    // (the first choice) wherever they were; drawn with the best path beside it.
    let soup = load_file(&root.join("scenarios/spilled-soup.ron"))
        .scenario
        .expect("the soup case loads");
    let analysis = analyze(&soup);
    let worst = analysis.worst.as_ref().expect("a worst path").choices.clone();
    let played: Vec<usize> = worst
        .iter()
        .take(2)
        .copied()
        .chain(std::iter::repeat(0))
        .take(worst.len())
        .collect();
    // Follow the scenario: stop where the conversation ends.
    let played = (1..=played.len())
        .rev()
        .map(|n| &played[..n])
        .find(|p| map::steps(&soup, p).is_ok())
        .expect("a prefix follows the scenario");
    // Played with a seed, so the map numbers each answer as that run showed it.
    let session = goodwill_engine::session::run(std::sync::Arc::new(soup.clone()), 7, played).expect("it plays");
    let report = session.report().expect("the case ended");
    let heard: Vec<_> = session.history().map(|(line, _)| line.clone()).collect();
    let attempt = map::Attempt {
        steps: &report.steps,
        heard: &heard,
        end: Some((report.outcome, report.final_balance)),
    };
    let svg = map::draw_played_svg(&soup, &analysis, attempt, Lang::En).expect("drawn");
    let name = examples.join("spilled-soup-played.svg");
    write_atomically(&name, svg.as_bytes()).expect("written");
    println!("{} (played {:?})", name.display(), played);
    // A 1,000-node generated case, drawn collapsed.
    let big = generate::layered(1_000);
    let analysis = analyze(&big);
    let svg = map::draw_svg(&big, &analysis, None, Lang::En).expect("drawn");
    let name = examples.join("generated-1000.svg");
    write_atomically(&name, svg.as_bytes()).expect("written");
    println!("{}", name.display());
}
