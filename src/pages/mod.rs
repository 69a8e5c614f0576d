//! Pages: what Goodwill draws into files for a browser — the conversation map (`goodwill analyze --graph`
//! and the debrief's "conversation map") and the class report (`goodwill report --format html` and the
//! class view's "Export report").
//!
//! No Bevy here: this module stands beside `src/cli` and below `src/game`, and both call it. It holds the
//! one SVG writer ([`svg`]) and the one HTML page writer ([`html`]); every word it shows comes from
//! `crate::i18n`. The engine decides, the store keeps; this only draws.

pub mod class_report;
pub mod html;
pub mod map;
pub mod svg;
