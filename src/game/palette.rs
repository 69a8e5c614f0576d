//! Floor 1 · The game's colours, named by what they mean, so input (the focus highlight), widgets and
//! screens share one palette without depending on each other.

use bevy::prelude::Color;

pub const BACKGROUND: Color = Color::srgb(0.96, 0.94, 0.90);
pub const PANEL: Color = Color::srgb(1.0, 0.99, 0.97);
pub const INK: Color = Color::srgb(0.17, 0.16, 0.15);
pub const MUTED: Color = Color::srgb(0.42, 0.40, 0.37);
pub const ACCENT: Color = Color::srgb(0.13, 0.42, 0.45);
pub const BUTTON: Color = Color::srgb(0.91, 0.88, 0.83);
pub const BUTTON_FOCUS: Color = Color::srgb(0.80, 0.88, 0.87);
/// Under the mouse pointer: lighter than the keyboard's focus, so a pointer resting on the screen
/// never looks like a second highlight.
pub const BUTTON_HOVER: Color = Color::srgb(0.87, 0.89, 0.86);
pub const BUTTON_PRESSED: Color = Color::srgb(0.66, 0.80, 0.79);
pub const DEPOSIT: Color = Color::srgb(0.20, 0.55, 0.30);
pub const WITHDRAWAL: Color = Color::srgb(0.75, 0.22, 0.18);
pub const ERROR_BG: Color = Color::srgb(0.99, 0.91, 0.89);
pub const SHADE: Color = Color::srgba(0.10, 0.09, 0.08, 0.55);
