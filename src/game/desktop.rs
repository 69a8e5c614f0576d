//! Floor 1 · Hands a file the game wrote to the desktop: the system's viewer opens it (a browser for a page).

use std::path::Path;
use std::process::{Command, Stdio};

/// Opens `file` in the desktop's default viewer, without waiting for it. A machine with no viewer keeps
/// the file; the screen that wrote it names it either way.
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
