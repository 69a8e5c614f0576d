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
    let loaded = load_paths(&paths).map_err(|e| e.to_string())?;
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
    Ok(if errors > 0 { 1 } else { 0 })
}
