//! The debrief's map of the conversation: the whole case drawn as a graph with the trainee's own path
//! beside the best one (engine `picture`), saved as a page in the results folder and opened in the
//! system's viewer — large enough to read on a projector, and kept for the trainer afterwards.

use std::path::{Path, PathBuf};

use goodwill_engine::{Lang, Report, Scenario, analyze, picture};

/// Draws `report`'s path through `scenario` and writes it to `dir/maps/`, returning the file written.
pub fn save(scenario: &Scenario, report: &Report, name: &str, dir: &Path, lang: Lang) -> Result<PathBuf, String> {
    let analysis = analyze::analyze(scenario);
    let played = picture::played_choices(scenario, &report.steps)?;
    let svg = picture::draw_played_svg(scenario, &analysis, &played, lang)?;
    let page = picture::html_page(&format!("{} — {}", scenario.id, scenario.title.get(lang)), &svg);
    let folder = dir.join("maps");
    std::fs::create_dir_all(&folder).map_err(|e| format!("cannot create {}: {e}", folder.display()))?;
    let file = folder.join(format!("{}-{name}.html", scenario.id));
    goodwill_store::output::write_atomically(&file, page.as_bytes()).map_err(|e| e.to_string())?;
    Ok(file)
}
