//! Floor 5 · Class setup: the trainer names a class session, ticks its trainees and the cases it assigns.

use std::collections::BTreeSet;

use bevy::prelude::*;

use crate::game::input::{ESC_BACK, UiAction};
use crate::game::library::Library;
use crate::game::palette;
use crate::game::results::{Player, ResultsDb, SaveProblem, ShownClass};
use crate::game::state::GameSet;
use crate::game::state::Screen;
use crate::game::text_input::{NameBuffer, NameField};
use crate::game::theme::{Localized, button, button_row, label, panel, screen_root, text_field};
use crate::i18n::Phrase;

/// What the trainer has ticked so far.
#[derive(Resource, Debug, Default)]
struct Draft {
    profiles: Vec<String>,
    trainees: BTreeSet<usize>,
    cases: BTreeSet<usize>,
}

#[derive(Component)]
struct SetupRoot;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Draft>()
        .add_systems(OnEnter(Screen::ClassSetup), (load, spawn_root).chain())
        .add_systems(Update, act.in_set(GameSet::Act).run_if(in_state(Screen::ClassSetup)))
        .add_systems(
            Update,
            rebuild.in_set(GameSet::Present).run_if(in_state(Screen::ClassSetup)),
        );
}

fn load(db: Res<ResultsDb>, library: Res<Library>, mut draft: ResMut<Draft>, mut buffer: ResMut<NameBuffer>) {
    buffer.0.clear();
    draft.profiles = db
        .read(|s| s.profiles())
        .unwrap_or_default()
        .into_iter()
        .map(|p| p.name)
        .collect();
    draft.trainees = (0..draft.profiles.len()).collect();
    draft.cases = (0..library.playable().count()).collect();
}

fn spawn_root(mut commands: Commands) {
    commands.spawn((
        Name::new("Class setup screen"),
        DespawnOnExit(Screen::ClassSetup),
        SetupRoot,
        screen_root(),
        ESC_BACK,
    ));
}
fn act(
    mut actions: MessageReader<UiAction>,
    mut next: ResMut<NextState<Screen>>,
    mut draft: ResMut<Draft>,
    buffer: Res<NameBuffer>,
    library: Res<Library>,
    db: Res<ResultsDb>,
    mut problem: ResMut<SaveProblem>,
    mut shown: ResMut<ShownClass>,
    mut player: ResMut<Player>,
) {
    for action in actions.read() {
        match action {
            UiAction::Back => next.set(Screen::Class),
            UiAction::ToggleTrainee(i) => toggle(&mut draft.trainees, *i),
            UiAction::ToggleCase(i) => toggle(&mut draft.cases, *i),
            UiAction::CreateClass => {
                let name = buffer.0.trim().to_owned();
                if name.is_empty() {
                    continue;
                }
                let trainees: Vec<String> = draft
                    .trainees
                    .iter()
                    .filter_map(|&i| draft.profiles.get(i).cloned())
                    .collect();
                let cases: Vec<String> = library
                    .sorted()
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| draft.cases.contains(i))
                    .map(|(_, s)| s.id.clone())
                    .collect();
                if let Some(class) = db.write(&mut problem, |s| s.create_class(&name, &trainees, &cases)) {
                    // Show the new class on the class view, and play under it from now on.
                    shown.0 = Some(class.name.clone());
                    player.class = Some(class.name);
                    next.set(Screen::Class);
                }
            }
            _ => {}
        }
    }
}

fn rebuild(mut commands: Commands, draft: Res<Draft>, library: Res<Library>, roots: Query<Entity, With<SetupRoot>>) {
    if !draft.is_changed() && !library.is_changed() {
        return;
    }
    let Ok(root) = roots.single() else { return };
    let profiles = draft.profiles.clone();
    let cases: Vec<_> = library.sorted().iter().map(|s| s.title.clone()).collect();
    let (picked_trainees, picked_cases) = (draft.trainees.clone(), draft.cases.clone());
    commands
        .entity(root)
        .despawn_related::<Children>()
        .with_children(|root| {
            root.spawn(label(Phrase::NewClass, 2.0, palette::ACCENT));
            root.spawn(panel()).with_children(|p| {
                p.spawn(label(Phrase::ClassName, 1.0, palette::MUTED));
                p.spawn(text_field(NameField));
            });
            let tick = |on: bool| if on { "[✓]" } else { "[  ]" };
            root.spawn(label(Phrase::ClassTrainees, 1.0, palette::INK));
            root.spawn(button_row()).with_children(|r| {
                for (i, name) in profiles.into_iter().enumerate() {
                    let mark = tick(picked_trainees.contains(&i));
                    r.spawn(button(
                        Localized::dynamic(move |_| format!("{mark} {name}")),
                        UiAction::ToggleTrainee(i),
                        i,
                    ));
                }
            });
            root.spawn(label(Phrase::ClassCases, 1.0, palette::INK));
            root.spawn(button_row()).with_children(|r| {
                for (i, title) in cases.into_iter().enumerate() {
                    let mark = tick(picked_cases.contains(&i));
                    r.spawn(button(
                        Localized::dynamic(move |lang| format!("{mark} {}", title.get(lang))),
                        UiAction::ToggleCase(i),
                        100 + i,
                    ));
                }
            });
            root.spawn(button_row()).with_children(|r| {
                r.spawn(button(Phrase::CreateClass, UiAction::CreateClass, 200));
                r.spawn(button(Phrase::Back, UiAction::Back, 201));
            });
        });
}

fn toggle(set: &mut BTreeSet<usize>, item: usize) {
    if !set.remove(&item) {
        set.insert(item);
    }
}
