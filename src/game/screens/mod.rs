//! Floor 5 · The game's screens, one top-level `States` variant and one plugin each.

mod banners;
pub mod class;
pub mod class_answers;
pub mod class_setup;
pub mod debrief;
pub mod group_game;
pub mod group_setup;
pub mod observer;
pub mod onboarding;
pub mod pair_debrief;
pub mod pair_setup;
pub mod play;
pub mod profiles;
pub mod progress;
pub mod reflect;
pub mod role_card;
pub mod select;
pub mod settings;
pub mod title;
pub mod vote_lobby;
pub mod vote_setup;

use bevy::prelude::*;

use super::run::pair::{PairExercise, PairStage};
use super::run::{ActiveRun, RunEvent};
use crate::game::state::{GameSet, Screen};

pub(super) fn plugin(app: &mut App) {
    app.init_state::<Screen>()
        // After the transition itself: run before it, this saw a screen change only a frame later and cleared
        // the focus the new screen had just been given.
        .add_systems(
            StateTransition,
            reset_focus.after(bevy::state::state::StateTransitionSystems::DependentTransitions),
        )
        .add_systems(Update, follow_run.after(GameSet::Run).before(GameSet::Present))
        .add_plugins((
            banners::plugin,
            title::plugin,
            select::plugin,
            play::plugin,
            debrief::plugin,
            settings::plugin,
            profiles::plugin,
            progress::plugin,
            class::plugin,
            class_setup::plugin,
            pair_setup::plugin,
            role_card::plugin,
            observer::plugin,
            pair_debrief::plugin,
            (
                onboarding::plugin,
                vote_setup::plugin,
                vote_lobby::plugin,
                reflect::plugin,
                class_answers::plugin,
                group_setup::plugin,
                group_game::plugin,
            ),
        ));
}

/// A new screen starts clean: no keyboard focus, and no actions left over from the screen before. Without
/// the second, an action that ended the last screen (Esc → "back to the list" on a debrief) was read again
/// by the next screen's systems a frame later and sent the player away again. A menu screen the player
/// comes back to highlights the button they left it from (Settings on the title after the settings, the
/// case just played on the list), not its first.
fn reset_focus(
    mut transitions: MessageReader<StateTransitionEvent<Screen>>,
    mut focus: ResMut<super::input::Focus>,
    mut return_focus: ResMut<super::input::ReturnFocus>,
    mut left_from: Local<std::collections::HashMap<Screen, usize>>,
    mut actions: ResMut<Messages<super::input::UiAction>>,
) {
    for transition in transitions.read() {
        if let (Some(exited), Some(order)) = (transition.exited, focus.0) {
            left_from.insert(exited, order);
        }
        return_focus.0 = transition
            .entered
            .filter(|screen| RETURNS_FOCUS.contains(screen))
            .and_then(|screen| left_from.get(&screen).copied());
        focus.0 = None;
        actions.clear();
    }
}

/// The menus a player goes out of and back to. Not the play screen, the debriefs or the pair exercise's
/// steps: each of those opens on its own first (or harmless) button every time.
const RETURNS_FOCUS: [Screen; 7] = [
    Screen::Title,
    Screen::Select,
    Screen::Settings,
    Screen::Profiles,
    Screen::Progress,
    Screen::Class,
    Screen::PairSetup,
];

/// The screen follows the run: a started run is played (or, already over, debriefed), a finished one is
/// debriefed, and the pair exercise moves between its screens.
fn follow_run(
    mut runs: MessageReader<RunEvent>,
    mut stages: MessageReader<PairStage>,
    mut next: ResMut<NextState<Screen>>,
    run: Option<Res<ActiveRun>>,
    exercise: Option<Res<PairExercise>>,
) {
    for event in runs.read() {
        match event {
            RunEvent::Started { over: false } => next.set(Screen::Play),
            RunEvent::Finished
                if run
                    .as_ref()
                    .zip(exercise.as_ref())
                    .is_some_and(|(run, exercise)| exercise.awaits_observer(run)) =>
            {
                next.set(Screen::Observer);
            }
            RunEvent::Started { over: true } | RunEvent::Finished => next.set(Screen::Debrief),
            RunEvent::ResumeRefused { .. } | RunEvent::LineShown | RunEvent::Engine(_) => {}
        }
    }
    for stage in stages.read() {
        next.set(match stage {
            PairStage::RoleCard => Screen::RoleCard,
            PairStage::RoundDebrief => Screen::Debrief,
            PairStage::BothRounds => Screen::PairDebrief,
            PairStage::Gone => Screen::Title,
        });
    }
}
