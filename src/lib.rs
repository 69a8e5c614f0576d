//! Goodwill: the Bevy game and the command line around the engine in `goodwill-engine`.

pub mod cli;
pub mod config;
pub mod describe;
pub mod game;
pub mod i18n;
pub mod pages;
pub mod paths;
pub mod windows_console;
