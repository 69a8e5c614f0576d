//! The Bevy game.

use bevy::prelude::*;

/// Opens the game window; returns the exit code.
pub fn run() -> i32 {
    App::new().add_plugins(DefaultPlugins).run();
    0
}
