//! Player settings: language, text size, fullscreen, feedback timing. Saved whenever they change.

use std::path::PathBuf;

use bevy::prelude::*;
use bevy::text::RemSize;
use bevy::window::{MonitorSelection, PrimaryWindow, WindowMode};
use goodwill_engine::Lang;
use serde::{Deserialize, Serialize};

/// Overrides the directory settings are stored in (tests and screenshot runs use a temporary one).
pub const CONFIG_ENV: &str = "GOODWILL_CONFIG_DIR";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum TextSize {
    Small,
    #[default]
    Medium,
    Large,
    ExtraLarge,
}

impl TextSize {
    pub const ALL: [TextSize; 4] = [TextSize::Small, TextSize::Medium, TextSize::Large, TextSize::ExtraLarge];

    /// Pixels per rem: every font size in the game is given in rem.
    pub fn rem(self) -> f32 {
        match self {
            TextSize::Small => 16.0,
            TextSize::Medium => 20.0,
            TextSize::Large => 25.0,
            TextSize::ExtraLarge => 31.0,
        }
    }

    pub fn next(self) -> TextSize {
        let i = Self::ALL.iter().position(|s| *s == self).unwrap_or(0);
        Self::ALL[(i + 1) % Self::ALL.len()]
    }
}

#[derive(Resource, Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub lang: Lang,
    pub text_size: TextSize,
    pub fullscreen: bool,
    /// Show the feedback note right after each choice (otherwise only in the debrief).
    pub feedback_after_choice: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            lang: Lang::Zh,
            text_size: TextSize::Medium,
            fullscreen: false,
            feedback_after_choice: true,
        }
    }
}

/// Where settings live: `$GOODWILL_CONFIG_DIR`, else the OS config directory.
pub fn config_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(CONFIG_ENV) {
        return Some(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("org", "Goodwill", "goodwill").map(|d| d.config_dir().to_path_buf())
}

impl Settings {
    fn path() -> Option<PathBuf> {
        config_dir().map(|d| d.join("settings.ron"))
    }

    /// Loads saved settings; a missing or unreadable file gives the defaults (and a log line).
    pub fn load() -> Settings {
        let Some(path) = Self::path() else {
            return Settings::default();
        };
        match std::fs::read_to_string(&path) {
            Ok(text) => ron::from_str(&text).unwrap_or_else(|e| {
                warn!("ignoring {}: {e}", path.display());
                Settings::default()
            }),
            Err(_) => Settings::default(),
        }
    }

    /// Writes the settings atomically (temporary file, then rename), so a kill never leaves half a file.
    pub fn save(&self) {
        let Some(path) = Self::path() else { return };
        let result = (|| -> std::io::Result<()> {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            let text =
                ron::ser::to_string_pretty(self, ron::ser::PrettyConfig::default()).map_err(std::io::Error::other)?;
            let tmp = path.with_extension("ron.tmp");
            std::fs::write(&tmp, text)?;
            std::fs::rename(&tmp, &path)
        })();
        if let Err(e) = result {
            warn!("could not save settings to {}: {e}", path.display());
        }
    }
}

pub(super) fn plugin(app: &mut App) {
    app.insert_resource(Settings::load())
        .add_systems(Startup, apply_settings)
        .add_systems(
            Update,
            (apply_settings, save_settings).run_if(resource_changed::<Settings>),
        )
        .add_systems(Update, scale_to_window);
}

/// The layout is designed for 1280×720. A taller window (a 1080p projector, a 4K screen) scales the whole
/// interface up with it — text, spacing and charts alike — instead of leaving small text in a sea of
/// background; the text-size setting applies on top. Smaller windows keep the designed size.
pub const DESIGN_HEIGHT: f32 = 720.0;

fn scale_to_window(windows: Query<&Window, (With<PrimaryWindow>, Changed<Window>)>, scale: Option<ResMut<UiScale>>) {
    let Some(mut scale) = scale else { return };
    for window in &windows {
        let wanted = (window.height() / DESIGN_HEIGHT).max(1.0);
        if (scale.0 - wanted).abs() > 0.01 {
            scale.0 = wanted;
        }
    }
}

fn apply_settings(
    settings: Res<Settings>,
    mut rem: ResMut<RemSize>,
    mut windows: Query<&mut Window, With<PrimaryWindow>>,
) {
    rem.0 = settings.text_size.rem();
    for mut window in &mut windows {
        let mode = if settings.fullscreen {
            WindowMode::BorderlessFullscreen(MonitorSelection::Current)
        } else {
            WindowMode::Windowed
        };
        if window.mode != mode {
            window.mode = mode;
        }
    }
}

fn save_settings(settings: Res<Settings>) {
    if !settings.is_added() {
        settings.save();
    }
}
