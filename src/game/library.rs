//! Floor 1 · Scenario files as Bevy assets: the engine's parser and validator behind an `AssetLoader`, a
//! `Library` of what is playable, and hot reload that keeps the last good version of a broken edit.

use std::sync::Arc;

use bevy::asset::io::Reader;
use bevy::asset::{AssetLoader, LoadContext, LoadedFolder};
use bevy::prelude::*;
use goodwill_engine::{Diagnostic, Scenario};

/// The asset source that serves the scenario directory.
pub const SOURCE: &str = "scenarios";

/// One scenario file as loaded: the scenario when it is playable, and every diagnostic.
/// Loading never fails, so a broken file still reaches the scenario list as an error card.
#[derive(Asset, TypePath, Debug, Clone)]
pub struct ScenarioFile {
    pub scenario: Option<Arc<Scenario>>,
    pub diagnostics: Vec<Diagnostic>,
    /// Where the id and `pair_with` are written, for the rules across files.
    pub id_at: Option<(usize, usize)>,
    pub pair_with_at: Option<(usize, usize)>,
}

/// Loads `.ron` scenario files with the same parser and validator as `goodwill check`.
#[derive(TypePath)]
pub struct ScenarioLoader {
    /// The folder the `scenarios://` source serves: messages name the real file, and links are refused.
    dir: std::path::PathBuf,
}

/// The scenario folder the game reads (set with the asset source, before the loader is registered).
#[derive(Resource, Debug, Clone)]
pub struct ScenarioDir(pub std::path::PathBuf);

impl AssetLoader for ScenarioLoader {
    type Asset = ScenarioFile;
    type Settings = ();
    type Error = std::io::Error;

    async fn load(
        &self,
        reader: &mut dyn Reader,
        _: &(),
        load_context: &mut LoadContext<'_>,
    ) -> Result<ScenarioFile, Self::Error> {
        let file = self.dir.join(load_context.path().path());
        // A link in the folder could point anywhere: the game reads only files that live there, as
        // `check` and `play` do.
        if std::fs::symlink_metadata(&file).is_ok_and(|m| m.file_type().is_symlink()) {
            return Ok(ScenarioFile {
                scenario: None,
                diagnostics: vec![Diagnostic::error(
                    &file,
                    None,
                    "this is a symbolic link, and links in the scenarios folder are not followed: copy the file here instead",
                )],
                id_at: None,
                pair_with_at: None,
            });
        }
        let mut bytes = Vec::new();
        reader.read_to_end(&mut bytes).await?;
        let loaded = goodwill_engine::load::load_bytes(&file, bytes);
        Ok(ScenarioFile {
            scenario: loaded.scenario.map(Arc::new),
            diagnostics: loaded.diagnostics,
            id_at: loaded.id_at,
            pair_with_at: loaded.pair_with_at,
        })
    }

    fn extensions(&self) -> &[&str] {
        &["ron"]
    }
}

/// A scenario as the game lists it.
#[derive(Debug, Clone)]
pub struct LibraryEntry {
    /// The file's name inside the scenario folder.
    pub file: String,
    /// Where the file really is (absolute), for messages: the folder may be anywhere
    /// (`GOODWILL_SCENARIOS`), so "scenarios/…" would point a trainer at the wrong place.
    pub path: std::path::PathBuf,
    /// The last version that loaded without errors.
    pub scenario: Option<Arc<Scenario>>,
    /// Errors in the current version of the file (empty when it is fine), and problems across files (an
    /// id another file already uses, a `pair_with` naming no scenario).
    pub errors: Vec<Diagnostic>,
    /// The last good version and the file's own errors, before the rules across files are applied
    /// (they are applied afresh at every change, so they never pile up).
    own: (Option<Arc<Scenario>>, Vec<Diagnostic>),
}

/// Every scenario file found, in file-name order.
#[derive(Resource, Debug, Default)]
pub struct Library {
    pub entries: Vec<LibraryEntry>,
    /// True once the folder has been read (so "no scenarios" is not shown while loading).
    pub ready: bool,
    folder: Handle<LoadedFolder>,
}

impl Library {
    pub fn playable(&self) -> impl Iterator<Item = &Arc<Scenario>> {
        self.entries.iter().filter_map(|e| e.scenario.as_ref())
    }

    /// The newest good version of the scenario with this id.
    pub fn find(&self, id: &str) -> Option<&Arc<Scenario>> {
        self.playable().find(|s| s.id == id)
    }

    /// Entry indices in the order every case list shows them: files with errors first (their author
    /// needs to see them), then the cases grouped by source document, each group by difficulty, then
    /// title. The English title orders both languages, so a list keeps its order when the language
    /// changes (and a selection made by position in it stays valid).
    pub fn display_order(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.entries.len()).collect();
        order.sort_by_cached_key(|&i| match &self.entries[i].scenario {
            None => (0, None, None, self.entries[i].file.clone()),
            Some(s) => (
                1,
                Some(s.source),
                Some(s.difficulty),
                s.title.en.as_str().to_lowercase(),
            ),
        });
        order
    }

    /// Entry indices of the playable cases, in display order: card `n` of the list is `listed()[n - 1]`.
    pub fn listed(&self) -> Vec<usize> {
        self.display_order()
            .into_iter()
            .filter(|&i| self.entries[i].scenario.is_some())
            .collect()
    }

    /// The playable cases in display order.
    pub fn sorted(&self) -> Vec<Arc<Scenario>> {
        self.listed()
            .into_iter()
            .filter_map(|i| self.entries[i].scenario.clone())
            .collect()
    }
}

pub(super) fn plugin(app: &mut App) {
    let dir = real_dir(
        &app.world()
            .get_resource::<ScenarioDir>()
            .map_or_else(crate::paths::scenarios_dir, |d| d.0.clone()),
    );
    app.init_asset::<ScenarioFile>()
        .register_asset_loader(ScenarioLoader { dir })
        .init_resource::<Library>()
        .add_systems(Startup, load_folder)
        .add_systems(PreUpdate, sync_library);
}

fn load_folder(mut library: ResMut<Library>, server: Res<AssetServer>) {
    library.folder = server.load_folder(format!("{SOURCE}://"));
}

/// Keeps the library in step with the asset store: first load, edits (hot reload) and removals.
fn sync_library(
    dir: Option<Res<ScenarioDir>>,
    mut library: ResMut<Library>,
    mut events: MessageReader<AssetEvent<ScenarioFile>>,
    mut folder_events: MessageReader<AssetEvent<LoadedFolder>>,
    folders: Res<Assets<LoadedFolder>>,
    files: Res<Assets<ScenarioFile>>,
    server: Res<AssetServer>,
) {
    let folder_changed = folder_events.read().count() > 0;
    let file_events: Vec<AssetId<ScenarioFile>> = events
        .read()
        .filter_map(|e| match e {
            AssetEvent::Added { id } | AssetEvent::Modified { id } | AssetEvent::LoadedWithDependencies { id } => {
                Some(*id)
            }
            _ => None,
        })
        .collect();
    if !folder_changed && file_events.is_empty() {
        if !library.ready
            && matches!(
                server.get_load_state(&library.folder),
                Some(bevy::asset::LoadState::Failed(_))
            )
        {
            library.ready = true;
        }
        return;
    }
    let Some(folder) = folders.get(&library.folder) else {
        return;
    };
    let mut handles: Vec<(String, AssetId<ScenarioFile>)> = folder
        .handles
        .iter()
        .filter_map(|h| {
            let id = h.id().try_typed::<ScenarioFile>().ok()?;
            let path = h.path().map(|p| p.path().display().to_string()).unwrap_or_default();
            Some((path, id))
        })
        .collect();
    handles.sort();
    let dir = real_dir(&dir.map_or_else(crate::paths::scenarios_dir, |d| d.0.clone()));
    let mut entries = Vec::new();
    let mut positions = Vec::new();
    for (file, id) in handles {
        let previous = library.entries.iter().find(|e| e.file == file).cloned();
        let Some(asset) = files.get(id) else {
            if let Some(previous) = previous {
                positions.push((None, None));
                entries.push(previous);
            }
            continue;
        };
        let errors: Vec<Diagnostic> = asset.diagnostics.iter().filter(|d| d.is_error()).cloned().collect();
        let scenario = asset.scenario.clone().or(previous.and_then(|p| p.own.0));
        positions.push((asset.id_at, asset.pair_with_at));
        entries.push(LibraryEntry {
            path: dir.join(&file),
            file,
            scenario: scenario.clone(),
            errors: errors.clone(),
            own: (scenario, errors),
        });
    }
    apply_cross_file_rules(&mut entries, &positions, &dir);
    library.entries = entries;
    library.ready = true;
}

/// The scenario folder as an absolute path, so every message names the file where it really is.
fn real_dir(dir: &std::path::Path) -> std::path::PathBuf {
    std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf())
}

/// A 1-based (line, column), when known.
type At = Option<(usize, usize)>;

/// The rules `goodwill check` applies across files: a second file with an id already used is shown as an
/// error and cannot be played (the first, by file name, keeps it), and a `pair_with` naming no loaded
/// scenario is shown on its card.
fn apply_cross_file_rules(entries: &mut [LibraryEntry], positions: &[(At, At)], dir: &std::path::Path) {
    for entry in entries.iter_mut() {
        entry.scenario = entry.own.0.clone();
        entry.errors = entry.own.1.clone();
    }
    let labels: Vec<std::path::PathBuf> = entries.iter().map(|e| dir.join(&e.file)).collect();
    let listed: Vec<goodwill_engine::load::Listed> = entries
        .iter()
        .zip(&labels)
        .zip(positions)
        .map(|((e, path), &(id_at, pair_with_at))| goodwill_engine::load::Listed {
            path,
            scenario: e.scenario.as_deref(),
            id_at,
            pair_with_at,
        })
        .collect();
    let problems = goodwill_engine::load::cross_file_problems(&listed);
    for (entry, (diagnostics, duplicate)) in entries.iter_mut().zip(problems) {
        entry.errors.extend(diagnostics);
        if duplicate {
            entry.scenario = None;
        }
    }
}
