//! Where the settings file lives, and its LRS section read without the game: shared by the game's settings
//! (`game::settings`, which reads and writes the whole file) and the `lrs` commands (which only read).

use std::path::PathBuf;

use goodwill_store::lrs::LrsSettings;
use serde::Deserialize;

/// Overrides the directory settings are stored in (tests and screenshot runs use a temporary one).
pub const CONFIG_ENV: &str = "GOODWILL_CONFIG_DIR";

/// Where settings live: `$GOODWILL_CONFIG_DIR`, else the OS config directory: `~/.config/goodwill` on
/// Linux, `%APPDATA%\goodwill\config` on Windows — beside the results (`goodwill_store::data_dir`), so a
/// trainer finds both in one folder.
pub fn config_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(CONFIG_ENV) {
        return Some(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("", "", "goodwill").map(|d| d.config_dir().to_path_buf())
}

/// The settings file.
pub fn settings_file() -> Option<PathBuf> {
    config_dir().map(|d| d.join("settings.ron"))
}

/// Only the LRS section of the file; the game checks the rest when it loads it.
#[derive(Deserialize, Default)]
#[serde(default)]
struct LrsSection {
    lrs: LrsSettings,
}

/// The saved LRS settings (checked by their rules), the defaults when there is no settings file, or why the
/// file cannot be used. Never moves or changes the file: the game does that for a broken one.
pub fn saved_lrs_settings() -> Result<LrsSettings, String> {
    let Some(path) = settings_file() else {
        return Ok(LrsSettings::default());
    };
    let text = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(LrsSettings::default()),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    let text = std::str::from_utf8(text.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&text))
        .map_err(|_| format!("{}: not UTF-8 text", path.display()))?;
    ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .from_str::<LrsSection>(text)
        .map(|s| s.lrs)
        .map_err(|e| format!("{}: {e}", path.display()))
}
