//! The game's screens, one top-level `States` variant and one plugin each.

pub mod class;
pub mod class_setup;
pub mod debrief;
pub mod pair;
pub mod play;
pub mod profiles;
pub mod progress;
pub mod select;
pub mod settings;
pub mod title;

use bevy::prelude::*;

#[derive(States, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Screen {
    #[default]
    Title,
    Select,
    Play,
    Debrief,
    Settings,
    /// Pick or create the trainee profile (and class session) results are kept under.
    Profiles,
    /// A trainee's progress: first versus latest attempts, and their past attempts.
    Progress,
    /// Step-by-step replay of one past attempt.
    Transcript,
    /// The projector's class view: outcomes grid, balance curves, golden-step heatmap.
    Class,
    /// A trainer creates a class session: its name, trainees and assigned scenarios.
    ClassSetup,
    /// Pair exercise: choose the two trainees (and an observer) and the case.
    PairSetup,
    /// Pair exercise: the customer player's role card, hidden from the agent.
    RoleCard,
    /// Pair exercise: the observer's seven-step checklist.
    Observer,
    /// Pair exercise: both rounds side by side.
    PairDebrief,
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
        .init_resource::<NextSeed>()
        .add_systems(StateTransition, reset_focus)
        .add_plugins((
            title::plugin,
            select::plugin,
            play::plugin,
            debrief::plugin,
            settings::plugin,
            profiles::plugin,
            progress::plugin,
            class::plugin,
            class_setup::plugin,
            pair::plugin,
        ));
}

/// A new screen starts clean: no keyboard focus, and no actions left over from the screen before. Without
/// the second, an action that ended the last screen (Esc → "back to the list" on a debrief) was read again
/// by the next screen's systems a frame later and sent the player away again.
fn reset_focus(
    mut transitions: MessageReader<StateTransitionEvent<Screen>>,
    mut focus: ResMut<super::input::Focus>,
    mut actions: ResMut<Messages<super::input::UiAction>>,
) {
    if transitions.read().count() > 0 {
        focus.0 = None;
        actions.clear();
    }
}
