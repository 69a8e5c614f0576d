//! Above the floors · The Bevy game: it presents what the engine decides and never scores anything itself.
//! This root only wires the floors' plugins together (docs/architecture.md draws the floors; `.ci/floors.py`
//! checks that no floor imports one above it).

pub mod chart;
pub mod class_vote;
pub mod desktop;
pub mod first_frame;
pub mod glossary;
pub mod group_game;
pub mod input;
pub mod library;
pub mod lrs_sender;
pub mod observer_phone;
pub mod palette;
pub mod path_picture;
pub mod portrait;
pub mod reflection;
pub mod report_view;
pub mod results;
pub mod run;
pub mod screens;
pub mod settings;
pub mod state;
pub mod text_input;
pub mod theme;
pub mod tour;
pub mod window_icon;

use bevy::asset::io::AssetSourceBuilder;
use bevy::prelude::*;
use std::time::Duration;

use bevy::winit::{UpdateMode, WinitSettings};
use state::GameSet;

/// Everything except windowing and rendering: states, screens, input, settings, the scenario library.
/// The headless tests add exactly this plugin on top of a minimal app.
pub fn plugin(app: &mut App) {
    app.configure_sets(
        Update,
        (
            GameSet::Input,
            GameSet::Act,
            GameSet::Drive,
            GameSet::Run,
            GameSet::Present,
        )
            .chain(),
    )
    .add_plugins((
        settings::plugin,
        results::plugin,
        lrs_sender::plugin,
        library::plugin,
        input::plugin,
        text_input::plugin,
        theme::plugin,
        run::plugin,
        group_game::plugin,
        class_vote::plugin,
        observer_phone::plugin,
        screens::plugin,
        glossary::plugin,
    ));
}

/// Registers the scenario directory as the `scenarios://` asset source (must precede `AssetPlugin`).
pub fn register_scenario_source(app: &mut App, dir: &std::path::Path) {
    app.insert_resource(library::ScenarioDir(dir.to_path_buf()));
    app.register_asset_source(
        library::SOURCE,
        AssetSourceBuilder::platform_default(&dir.to_string_lossy(), None),
    );
}

/// Loads the shipped CJK font into the default font slot, so every text (Chinese and English) uses it.
fn install_font(mut fonts: ResMut<Assets<Font>>) {
    let path = crate::paths::assets_dir().join("fonts/NotoSansSC-goodwill.otf");
    match std::fs::read(&path) {
        Ok(bytes) => {
            let _ = fonts.insert(AssetId::default(), Font::from_bytes(bytes));
        }
        Err(e) => error!("cannot load the CJK font {}: {e}; text will not render", path.display()),
    }
}

/// Opens the game window; returns the process exit code.
pub fn run(data_dir: Option<std::path::PathBuf>, window_size: Option<(u32, u32)>) -> i32 {
    // Ctrl+C / SIGTERM: everything worth keeping is written the moment it changes (settings, results),
    // so quitting at once loses nothing. Waiting for the event loop instead could take up to a minute
    // while reactive rendering sleeps.
    if let Err(e) = ctrlc::set_handler(|| std::process::exit(130)) {
        eprintln!("goodwill: cannot install the Ctrl+C handler: {e}");
    }
    let scenarios = crate::paths::scenarios_dir();
    let assets = crate::paths::assets_dir();
    let mut app = App::new();
    app.insert_resource(results::ResultsDb::open(&goodwill_store::data_dir(data_dir.as_deref())));
    register_scenario_source(&mut app, &scenarios);
    app.add_plugins(
        DefaultPlugins
            .set(WindowPlugin {
                primary_window: Some(Window {
                    title: "Goodwill · 善意".into(),
                    resolution: window_size.unwrap_or((1280, 720)).into(),
                    ..default()
                }),
                ..default()
            })
            .set(AssetPlugin {
                file_path: assets.to_string_lossy().into_owned(),
                watch_for_changes_override: Some(true),
                ..default()
            }),
    )
    // Draw only on input, window events or an explicit redraw request (animations send those). Unlike
    // `desktop_app()`, an unfocused window still honours redraw requests: on a projector or under Xvfb the
    // window may never get focus, and a click must still take effect at once.
    .insert_resource(WinitSettings {
        focused_mode: UpdateMode::reactive(Duration::from_secs(5)),
        unfocused_mode: UpdateMode::reactive(Duration::from_secs(60)),
    })
    .insert_resource(ClearColor(palette::BACKGROUND))
    .add_systems(Startup, (install_font, spawn_camera))
    .add_plugins((plugin, first_frame::plugin, window_icon::plugin));
    tour::configure(&mut app);
    match app.run() {
        AppExit::Success => 0,
        AppExit::Error(code) => i32::from(code.get()),
    }
}

fn spawn_camera(mut commands: Commands) {
    commands.spawn(Camera2d);
}
