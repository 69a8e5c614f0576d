//! Floor 5 · Pair exercise: the observer's seven-step checklist for the round just played, marked before the
//! side-by-side debrief shows what the engine saw.

use bevy::prelude::*;
use goodwill_engine::Principle;

use crate::game::input::{UiAction, number_pressed};
use crate::game::palette;
use crate::game::run::pair::{PairCommand, PairExercise};
use crate::game::state::GameSet;
use crate::game::state::Screen;
use crate::game::theme::{Localized, button, label, screen_root};
use crate::i18n::{Phrase, tr};

#[derive(Component)]
struct ObserverRoot;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Observer), spawn_observer_root)
        .add_systems(
            Update,
            (
                observer_actions.in_set(GameSet::Act),
                rebuild_observer.in_set(GameSet::Present),
            )
                .run_if(in_state(Screen::Observer)),
        );
}

fn spawn_observer_root(mut commands: Commands, exercise: Option<ResMut<PairExercise>>) {
    commands.spawn((
        Name::new("Observer screen"),
        DespawnOnExit(Screen::Observer),
        ObserverRoot,
        screen_root(),
    ));
    if let Some(mut exercise) = exercise {
        exercise.set_changed();
    }
}

fn observer_actions(
    mut actions: MessageReader<UiAction>,
    keys: Res<ButtonInput<KeyCode>>,
    exercise: Option<ResMut<PairExercise>>,
    mut pair: MessageWriter<PairCommand>,
) {
    let Some(mut exercise) = exercise else { return };
    if let Some(step) = number_pressed(&keys).filter(|&n| n <= exercise.marks.len()) {
        exercise.marks[step - 1] = !exercise.marks[step - 1];
    }
    for action in actions.read() {
        match action {
            UiAction::ToggleObserverStep(i) if *i < exercise.marks.len() => exercise.marks[*i] = !exercise.marks[*i],
            UiAction::Done => {
                pair.write(PairCommand::ObserverDone);
            }
            _ => {}
        }
    }
}

fn rebuild_observer(
    mut commands: Commands,
    exercise: Option<Res<PairExercise>>,
    roots: Query<Entity, With<ObserverRoot>>,
) {
    let Some(exercise) = exercise else { return };
    if !exercise.is_changed() {
        return;
    }
    let Ok(root) = roots.single() else { return };
    let observer = exercise.observer.clone().unwrap_or_default();
    let (agent, _) = exercise.roles();
    let marks = exercise.marks;
    commands
        .entity(root)
        .despawn_related::<Children>()
        .with_children(|root| {
            root.spawn(label(
                Localized::dynamic(move |lang| format!("{} · {observer} → {agent}", tr(Phrase::Observer, lang))),
                1.8,
                palette::ACCENT,
            ));
            root.spawn(label(Phrase::ObserverFirst, 1.0, palette::MUTED));
            root.spawn(label(Phrase::ObserverChecklist, 1.1, palette::INK));
            for (i, step) in Principle::GOLDEN_STEPS.into_iter().enumerate() {
                let mark = if marks[i] { "[✓]" } else { "[  ]" };
                root.spawn(button(
                    Localized::dynamic(move |lang| format!("{mark} {}. {}", i + 1, step.name().get(lang))),
                    UiAction::ToggleObserverStep(i),
                    i,
                ));
            }
            root.spawn(button(Phrase::Done, UiAction::Done, marks.len()));
        });
}
