//! Reading scenario files: parse, validate, and report every problem with its position.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, SourceIndex};
use crate::schema::Scenario;
use crate::validate::validate;

/// The result of loading one file: the scenario if it is playable, and every problem found.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub path: PathBuf,
    /// `Some` when the file parsed and has no errors (warnings allowed).
    pub scenario: Option<Scenario>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.is_error())
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| !d.is_error())
    }

    pub fn is_ok(&self) -> bool {
        self.scenario.is_some()
    }

    /// The first error, for a one-line summary (an error card in the game).
    pub fn first_error(&self) -> Option<&Diagnostic> {
        self.errors().next()
    }
}

/// Parses RON text into a scenario without validating it. Syntax errors and unknown or missing fields
/// come back with the position ron reports.
pub fn parse(path: &Path, source: &str) -> Result<Scenario, Diagnostic> {
    ron::Options::default().from_str::<Scenario>(source).map_err(|e| {
        let at = (e.span.start.line, e.span.start.col);
        let at = if at.0 == 0 { None } else { Some(at) };
        Diagnostic::error(path, at, e.code.to_string())
    })
}

/// Parses and validates scenario text. `path` is only used to label diagnostics.
pub fn load_str(path: &Path, source: &str) -> Loaded {
    match parse(path, source) {
        Err(diagnostic) => Loaded {
            path: path.to_path_buf(),
            scenario: None,
            diagnostics: vec![diagnostic],
        },
        Ok(scenario) => {
            let diagnostics = validate(&scenario, path, &SourceIndex::new(source));
            let playable = !diagnostics.iter().any(Diagnostic::is_error);
            Loaded {
                path: path.to_path_buf(),
                scenario: playable.then_some(scenario),
                diagnostics,
            }
        }
    }
}

/// Reads, parses and validates one file.
pub fn load_file(path: &Path) -> Loaded {
    match std::fs::read(path) {
        Err(e) => Loaded {
            path: path.to_path_buf(),
            scenario: None,
            diagnostics: vec![Diagnostic::error(path, None, format!("cannot read the file: {e}"))],
        },
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => load_str(path, &text),
            Err(e) => {
                let offset = e.utf8_error().valid_up_to();
                let text = String::from_utf8_lossy(&e.into_bytes()[..offset]).into_owned();
                let at = SourceIndex::new(&text).position(offset);
                Loaded {
                    path: path.to_path_buf(),
                    scenario: None,
                    diagnostics: vec![Diagnostic::error(
                        path,
                        Some(at),
                        "the file is not valid UTF-8 text (save it as UTF-8)",
                    )],
                }
            }
        },
    }
}

/// Why a set of scenarios could not even be listed.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{0}: no such file or directory")]
    NotFound(PathBuf),
    #[error("{path}: cannot read the directory: {source}")]
    Unreadable { path: PathBuf, source: std::io::Error },
    #[error("{0}: no scenario files (*.ron) in this directory")]
    Empty(PathBuf),
}

/// The `.ron` files in a directory, sorted by name, or the path itself when it is a file.
pub fn scenario_files(path: &Path) -> Result<Vec<PathBuf>, LoadError> {
    if path.is_file() {
        return Ok(vec![path.to_path_buf()]);
    }
    if !path.exists() {
        return Err(LoadError::NotFound(path.to_path_buf()));
    }
    let entries = std::fs::read_dir(path).map_err(|source| LoadError::Unreadable {
        path: path.to_path_buf(),
        source,
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "ron"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(LoadError::Empty(path.to_path_buf()));
    }
    Ok(files)
}

/// Loads every scenario under the given paths (files or directories). A broken file is reported in
/// its own [`Loaded`]; the others still load. Two files claiming the same scenario id are both errors.
pub fn load_paths(paths: &[PathBuf]) -> Result<Vec<Loaded>, LoadError> {
    let mut loaded = Vec::new();
    for path in paths {
        for file in scenario_files(path)? {
            loaded.push(load_file(&file));
        }
    }
    flag_duplicate_ids(&mut loaded);
    flag_unknown_pairings(&mut loaded);
    Ok(loaded)
}

/// Warns about `pair_with` naming a scenario that is not loaded: round two then replays the same case.
pub fn flag_unknown_pairings(loaded: &mut [Loaded]) {
    let ids: Vec<String> = loaded
        .iter()
        .filter_map(|l| l.scenario.as_ref().map(|s| s.id.clone()))
        .collect();
    for entry in loaded.iter_mut() {
        let Some(partner) = entry.scenario.as_ref().and_then(|s| s.pair_with.clone()) else {
            continue;
        };
        if !ids.contains(&partner) {
            let at = std::fs::read_to_string(&entry.path)
                .ok()
                .and_then(|src| SourceIndex::new(&src).locate_keyed("pair_with", &partner, 0));
            entry.diagnostics.push(Diagnostic::warning(
                &entry.path,
                at,
                format!("pair_with names scenario `{partner}`, which is not loaded: round two will replay this case"),
            ));
        }
    }
}

/// Marks scenarios that share an id with an earlier file as errors: results are stored by id.
pub fn flag_duplicate_ids(loaded: &mut [Loaded]) {
    let mut first_by_id: BTreeMap<String, PathBuf> = BTreeMap::new();
    for entry in loaded.iter_mut() {
        let Some(id) = entry.scenario.as_ref().map(|s| s.id.clone()) else {
            continue;
        };
        match first_by_id.get(&id) {
            None => {
                first_by_id.insert(id, entry.path.clone());
            }
            Some(first) => {
                let at = std::fs::read_to_string(&entry.path)
                    .ok()
                    .and_then(|src| SourceIndex::new(&src).locate_keyed("id", &id, 0));
                entry.diagnostics.push(Diagnostic::error(
                    &entry.path,
                    at,
                    format!("duplicate scenario id `{id}`: {} already uses it", first.display()),
                ));
                entry.scenario = None;
            }
        }
    }
}
