//! The game's screens, one top-level `States` variant and one plugin each.

pub mod debrief;
pub mod play;
pub mod select;
pub mod settings;
pub mod title;

use std::collections::HashMap;

use bevy::prelude::*;
use goodwill_engine::Outcome;

#[derive(States, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Screen {
    #[default]
    Title,
    Select,
    Play,
    Debrief,
    Settings,
}

/// Best outcome per scenario id in this run of the game.
#[derive(Resource, Debug, Default)]
pub struct Results {
    pub best: HashMap<String, (Outcome, i32)>,
}

impl Results {
    pub fn record(&mut self, scenario: &str, outcome: Outcome, balance: i32) {
        let entry = self.best.entry(scenario.to_string()).or_insert((outcome, balance));
        if (outcome, balance) > *entry {
            *entry = (outcome, balance);
        }
    }
}

/// The seed the next playthrough uses; Retry moves to a new one.
#[derive(Resource, Debug, Clone, Copy)]
pub struct NextSeed(pub u64);

impl Default for NextSeed {
    fn default() -> Self {
        let seed = std::env::var("GOODWILL_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(1, |d| d.as_secs())
            });
        NextSeed(seed)
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_state::<Screen>()
        .init_resource::<Results>()
        .init_resource::<NextSeed>()
        .add_systems(StateTransition, reset_focus)
        .add_plugins((
            title::plugin,
            select::plugin,
            play::plugin,
            debrief::plugin,
            settings::plugin,
        ));
}

fn reset_focus(mut transitions: MessageReader<StateTransitionEvent<Screen>>, mut focus: ResMut<super::input::Focus>) {
    if transitions.read().count() > 0 {
        focus.0 = None;
    }
}
