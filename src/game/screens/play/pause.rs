//! Floor 5 · The pause menu: a sub-state of the play screen, with its overlay scoped to it, so leaving the play
//! screen or resuming removes it without bookkeeping.

use bevy::prelude::*;

use crate::game::input::{OverlayButton, UiAction};
use crate::game::palette;
use crate::game::state::Screen;
use crate::game::theme::{button, label, overlay_backdrop, panel};
use crate::i18n::Phrase;

/// Whether the playthrough is paused. Exists only on the play screen, and starts running each time.
#[derive(SubStates, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[source(Screen = Screen::Play)]
pub enum Pause {
    #[default]
    Running,
    Paused,
}

pub(super) fn plugin(app: &mut App) {
    app.add_sub_state::<Pause>()
        .add_systems(OnEnter(Pause::Paused), spawn_overlay);
}

fn spawn_overlay(mut commands: Commands) {
    commands.spawn((
        Name::new("Pause menu"),
        DespawnOnExit(Pause::Paused),
        overlay_backdrop(),
        children![(
            panel(),
            children![
                label(Phrase::Paused, 1.8, palette::ACCENT),
                (button(Phrase::Resume, UiAction::Resume, 100), OverlayButton),
                (button(Phrase::Restart, UiAction::Restart, 101), OverlayButton),
                (button(Phrase::BackToList, UiAction::BackToList, 102), OverlayButton),
            ],
        )],
    ));
}
