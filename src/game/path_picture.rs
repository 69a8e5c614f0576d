//! Floor 4 · The debrief's map of the conversation: the whole case drawn as a graph with the trainee's own path
//! beside the best one (`crate::pages::map`), saved as a page in the results folder and opened in the
//! system's viewer — large enough to read on a projector, and kept for the trainer afterwards.

use std::path::{Path, PathBuf};

use goodwill_engine::{Bilingual, Lang, Report, Scenario, analyze};

use crate::pages::map;

/// Draws `report`'s path through `scenario` and writes it to `dir/maps/`, returning the file written.
/// `heard` are the customer's lines as worded in this run (the session's history), so the map quotes
/// what the trainee read. A failure is said in `lang`.
pub fn save(
    scenario: &Scenario,
    report: &Report,
    heard: &[Bilingual],
    name: &str,
    dir: &Path,
    lang: Lang,
) -> Result<PathBuf, String> {
    let analysis = analyze::analyze(scenario);
    let attempt = map::Attempt {
        steps: &report.steps,
        heard,
        end: Some((report.outcome, report.final_balance)),
    };
    let page = map::attempt_page(scenario, &analysis, attempt, lang).map_err(|e| e.words(lang))?;
    let folder = dir.join("maps");
    let file = folder.join(format!("{}-{name}.html", scenario.id));
    goodwill_store::output::OutputGuard::for_data_dir(dir)
        .replace_in_own_folder(&file, page.as_bytes())
        .map_err(|e| e.to_string())?;
    Ok(file)
}
