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

/// Resolves a scenario named on the command line: a path to a file, or the id / file stem of a
/// scenario in the scenario directory.
pub fn resolve_scenario(arg: &str) -> Result<PathBuf, String> {
    let direct = PathBuf::from(arg);
    if direct.is_file() {
        return Ok(direct);
    }
    let dir = scenarios_dir();
    let by_stem = dir.join(format!("{arg}.ron"));
    if by_stem.is_file() {
        return Ok(by_stem);
    }
    if let Ok(files) = goodwill_engine::load::scenario_files(&dir) {
        for file in files {
            if let Some(s) = goodwill_engine::load_file(&file).scenario
                && s.id == arg
            {
                return Ok(file);
            }
        }
    }
    Err(format!(
        "no scenario `{arg}`: it is neither a file nor a scenario id in {}",
        dir.display()
    ))
}
