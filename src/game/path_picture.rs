//! The debrief's map of the conversation: the whole case drawn as a graph with the trainee's own path
//! beside the best one (engine `picture`), saved as a page in the results folder and opened in the
//! system's viewer — large enough to read on a projector, and kept for the trainer afterwards.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

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

/// Opens `file` in the desktop's default viewer, without waiting for it. A machine with no viewer keeps
/// the file; the debrief names it either way.
pub fn open(file: &Path) {
    let opener = if cfg!(target_os = "macos") {
        Command::new("open").arg(file).spawn()
    } else if cfg!(target_os = "windows") {
        Command::new("cmd").args(["/C", "start", ""]).arg(file).spawn()
    } else {
        Command::new("xdg-open")
            .arg(file)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
    };
    if let Err(e) = opener {
        bevy::log::warn!("cannot open {}: {e}", file.display());
    }
}
