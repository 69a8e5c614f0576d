//! Floor 4 · The debrief's map of the conversation: the whole case drawn as a graph with the trainee's own path
//! beside the best one (`crate::pages::map`), saved as a page in the results folder and opened in the
//! system's viewer — large enough to read on a projector, and kept for the trainer afterwards.

use std::path::{Path, PathBuf};

use goodwill_engine::{Lang, Report, Scenario, analyze};

use crate::pages::map;

/// Draws `report`'s path through `scenario` and writes it to `dir/maps/`, returning the file written.
/// A failure is said in `lang`.
pub fn save(scenario: &Scenario, report: &Report, name: &str, dir: &Path, lang: Lang) -> Result<PathBuf, String> {
    let analysis = analyze::analyze(scenario);
    let played = map::played_choices(scenario, &report.steps).map_err(|e| e.words(lang))?;
    let svg = map::draw_played_svg(scenario, &analysis, &played, lang).map_err(|e| e.words(lang))?;
    let page = map::page(scenario, &svg, lang);
    let folder = dir.join("maps");
    let file = folder.join(format!("{}-{name}.html", scenario.id));
    goodwill_store::output::OutputGuard::for_data_dir(dir)
        .replace_in_own_folder(&file, page.as_bytes())
        .map_err(|e| e.to_string())?;
    Ok(file)
}
