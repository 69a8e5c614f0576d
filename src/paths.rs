//! Where Goodwill finds its scenarios and assets, whether run by `cargo run` or as a built binary.

use std::path::{Path, PathBuf};

/// Overrides the scenario directory.
pub const SCENARIOS_ENV: &str = "GOODWILL_SCENARIOS";
/// Overrides the assets directory.
pub const ASSETS_ENV: &str = "GOODWILL_ASSETS";

/// Candidate roots, in order: the current directory, the executable's directory and its ancestors
/// (`target/release/goodwill` → the repository), and the directory the crate was built from.
fn roots() -> Vec<PathBuf> {
    let mut roots = Vec::new();
    if let Ok(cwd) = std::env::current_dir() {
        roots.push(cwd);
    }
    if let Ok(exe) = std::env::current_exe() {
        roots.extend(exe.ancestors().skip(1).take(4).map(Path::to_path_buf));
    }
    roots.push(PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    roots
}

fn find(env: &str, name: &str, marker: impl Fn(&Path) -> bool) -> PathBuf {
    if let Some(dir) = std::env::var_os(env) {
        return PathBuf::from(dir);
    }
    roots()
        .into_iter()
        .map(|root| root.join(name))
        .find(|dir| marker(dir))
        .unwrap_or_else(|| PathBuf::from(name))
}

/// The scenario directory.
pub fn scenarios_dir() -> PathBuf {
    find(SCENARIOS_ENV, "scenarios", |d| d.is_dir())
}

/// The assets directory (fonts).
pub fn assets_dir() -> PathBuf {
    find(ASSETS_ENV, "assets", |d| d.join("fonts").is_dir())
}

/// The scenario files (`*.ron`) directly in the scenario directory, sorted. Symbolic links are left
/// out: the folder is what a trainer installed, and a link could lead anywhere on the machine.
pub fn scenario_files() -> Vec<PathBuf> {
    goodwill_engine::load::scenario_files(&scenarios_dir()).unwrap_or_default()
}

/// Whether `arg` has the form of a scenario id: lowercase letters, digits and dashes.
pub fn is_scenario_id(arg: &str) -> bool {
    goodwill_store::is_scenario_id(arg)
}

/// Resolves a scenario named on the command line. Ids are ids and paths are paths:
///
/// - an id (lowercase letters, digits, dashes) is looked up only among the files in the scenario
///   directory, by file stem or by the id inside, never as a path;
/// - anything else must be a path to a `.ron` file. Another file is refused without being read, so an
///   error can never echo the content of a file that is not a scenario.
pub fn resolve_scenario(arg: &str) -> Result<PathBuf, String> {
    if is_scenario_id(arg) {
        let files = scenario_files();
        if let Some(file) = files.iter().find(|f| f.file_stem().is_some_and(|s| s == arg)) {
            return Ok(file.clone());
        }
        for file in &files {
            if goodwill_engine::load_file(file).scenario.is_some_and(|s| s.id == arg) {
                return Ok(file.clone());
            }
        }
        return Err(format!(
            "no scenario {} in {} (`goodwill check` lists them)",
            goodwill_engine::quote(arg),
            scenarios_dir().display()
        ));
    }
    let path = PathBuf::from(arg);
    if path.extension().is_none_or(|x| x != "ron") {
        return Err(format!(
            "{} is neither a scenario id (lowercase letters, digits and dashes) nor a scenario file (*.ron)",
            goodwill_engine::quote(arg)
        ));
    }
    if !path.is_file() {
        return Err(format!("{}: no such scenario file", goodwill_engine::quote(arg)));
    }
    Ok(path)
}
