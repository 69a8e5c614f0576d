//! `goodwill check`: validate scenario files and list every problem at once.

use std::path::PathBuf;

use goodwill_engine::load_paths;

use super::output::outln;

pub fn run(paths: &[PathBuf]) -> Result<i32, String> {
    let paths = if paths.is_empty() {
        vec![crate::paths::scenarios_dir()]
    } else {
        paths.to_vec()
    };
    // A file named outright must be a scenario file: any other is refused unread, so no error can
    // echo what it holds (`goodwill check /etc/passwd`).
    if let Some(other) = paths
        .iter()
        .find(|p| p.is_file() && p.extension().is_none_or(|x| x != "ron"))
    {
        return Err(format!("{}: not a scenario file (*.ron)", other.display()));
    }
    let mut loaded = load_paths(&paths).map_err(|e| e.to_string())?;
    // The surface tells (rules that read only the answers' words) are played here, not on every load.
    for file in &mut loaded {
        if let Some(scenario) = &file.scenario {
            let text = std::fs::read_to_string(&file.path).unwrap_or_default();
            let found = goodwill_engine::surface::diagnostics(scenario, &file.path, &text);
            file.diagnostics.extend(found);
        }
    }
    let (mut errors, mut warnings) = (0, 0);
    for file in &loaded {
        for d in &file.diagnostics {
            outln!("{d}");
            if d.is_error() {
                errors += 1;
            } else {
                warnings += 1;
            }
        }
    }
    let ok = loaded.iter().filter(|l| l.is_ok()).count();
    outln!(
        "checked {} file(s): {ok} playable, {errors} error(s), {warnings} warning(s)",
        loaded.len()
    );
    // The process ends next and hands its memory back whole: freeing a large file's scenario piece by
    // piece first would only make the command slower.
    std::mem::forget(loaded);
    Ok(if errors > 0 { 1 } else { 0 })
}
