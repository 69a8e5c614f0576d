//! Pair exercise setup: who plays the agent, who voices the customer, who observes, and the case. The
//! exercise itself (its rounds and their order) lives in `game::run::pair`.

use std::sync::Arc;

use bevy::prelude::*;
use goodwill_engine::Scenario;

use super::Screen;
use crate::game::GameSet;
use crate::game::input::{ESC_BACK, UiAction};
use crate::game::library::Library;
use crate::game::records::ResultsDb;
use crate::game::run::pair::PairExercise;
use crate::game::theme::{Localized, button, label, palette, screen_root};
use crate::i18n::{Key, colon, tr};

/// Choices on the setup screen: indices into the profile list and the playable scenarios.
#[derive(Resource, Debug, Default)]
struct PairSetup {
    profiles: Vec<String>,
    agent: usize,
    customer: usize,
    observer: Option<usize>,
    case: usize,
}

#[derive(Component)]
struct SetupRoot;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<PairSetup>()
        .add_systems(OnEnter(Screen::PairSetup), (load_setup, spawn_setup_root).chain())
        .add_systems(
            Update,
            (
                setup_actions.in_set(GameSet::Act),
                rebuild_setup.in_set(GameSet::Present),
            )
                .run_if(in_state(Screen::PairSetup)),
        );
}

fn load_setup(db: Res<ResultsDb>, mut setup: ResMut<PairSetup>) {
    // The list is re-sorted by recent activity: keep the same people chosen, by name, not by position.
    let name_at = |i: usize| setup.profiles.get(i).cloned();
    let (agent, customer) = (name_at(setup.agent), name_at(setup.customer));
    let observer = setup.observer.and_then(name_at);
    setup.profiles = db
        .with(|s| s.profiles())
        .unwrap_or_default()
        .into_iter()
        .map(|p| p.name)
        .collect();
    let find = |name: &Option<String>, list: &[String]| name.as_ref().and_then(|n| list.iter().position(|p| p == n));
    let list = setup.profiles.clone();
    setup.agent = find(&agent, &list).unwrap_or(setup.agent);
    setup.customer = find(&customer, &list).unwrap_or(setup.customer);
    setup.observer = find(&observer, &list).or(setup.observer);
    let n = setup.profiles.len();
    if n >= 2 && (setup.agent >= n || setup.customer >= n || setup.agent == setup.customer) {
        setup.agent = 0;
        setup.customer = 1;
    }
    if setup.observer.is_some_and(|o| o == setup.agent || o == setup.customer) {
        setup.observer = None;
    }
    if setup.observer.is_some_and(|o| o >= n) {
        setup.observer = None;
    }
}

fn spawn_setup_root(mut commands: Commands) {
    commands.spawn((
        Name::new("Pair setup screen"),
        DespawnOnExit(Screen::PairSetup),
        SetupRoot,
        screen_root(),
        ESC_BACK,
    ));
}

fn next_other(current: usize, len: usize, skip: &[usize]) -> usize {
    (1..=len)
        .map(|k| (current + k) % len)
        .find(|i| !skip.contains(i))
        .unwrap_or(current)
}

fn setup_actions(
    mut actions: MessageReader<UiAction>,
    mut next: ResMut<NextState<Screen>>,
    mut setup: ResMut<PairSetup>,
    library: Res<Library>,
    mut commands: Commands,
) {
    // This system runs every frame: sort the library only when there is an action to act on.
    if actions.is_empty() {
        return;
    }
    let playable: Vec<Arc<Scenario>> = library.sorted();
    let n = setup.profiles.len();
    for action in actions.read() {
        match action {
            UiAction::Back => next.set(Screen::Title),
            // Nobody plays two parts: the cycles skip whoever holds the other roles.
            UiAction::CycleAgent if n >= 2 => {
                let taken: Vec<usize> = std::iter::once(setup.customer).chain(setup.observer).collect();
                setup.agent = next_other(setup.agent, n, &taken);
            }
            UiAction::CycleCustomer if n >= 2 => {
                let taken: Vec<usize> = std::iter::once(setup.agent).chain(setup.observer).collect();
                setup.customer = next_other(setup.customer, n, &taken);
            }
            UiAction::CycleObserver => {
                let taken = [setup.agent, setup.customer];
                let after = setup.observer.map_or(0, |o| o + 1);
                setup.observer = (after..n).find(|i| !taken.contains(i));
            }
            UiAction::CycleCase if !playable.is_empty() => setup.case = (setup.case + 1) % playable.len(),
            UiAction::StartPair if n >= 2 && !playable.is_empty() => {
                let first = Arc::clone(&playable[setup.case % playable.len()]);
                commands.insert_resource(PairExercise::new(
                    setup.profiles[setup.agent].clone(),
                    setup.profiles[setup.customer].clone(),
                    setup.observer.map(|o| setup.profiles[o].clone()),
                    first,
                    &library,
                ));
                next.set(Screen::RoleCard);
            }
            _ => {}
        }
    }
}

fn rebuild_setup(
    mut commands: Commands,
    setup: Res<PairSetup>,
    library: Res<Library>,
    roots: Query<Entity, With<SetupRoot>>,
) {
    if !setup.is_changed() && !library.is_changed() {
        return;
    }
    let Ok(root) = roots.single() else { return };
    let playable: Vec<Arc<Scenario>> = library.sorted();
    let name = |i: usize| setup.profiles.get(i).cloned().unwrap_or_default();
    let (agent, customer) = (name(setup.agent), name(setup.customer));
    let observer = setup.observer.map(name);
    let case = playable
        .get(setup.case % playable.len().max(1))
        .map(|s| s.title.clone());
    let enough = setup.profiles.len() >= 2;
    commands
        .entity(root)
        .despawn_related::<Children>()
        .with_children(|root| {
            root.spawn(label(Key::PairExercise, 2.2, palette::ACCENT));
            if !enough {
                root.spawn(label(Key::PairNeedsTwo, 1.1, palette::WITHDRAWAL));
                root.spawn(button(Key::SwitchTrainee, UiAction::OpenProfiles, 0));
                root.spawn(button(Key::Back, UiAction::Back, 1));
                return;
            }
            let row = |key: Key, value: String, action: UiAction, order: usize| {
                button(
                    Localized::dynamic(move |lang| format!("{}{}{value}", tr(key, lang), colon(lang))),
                    action,
                    order,
                )
            };
            root.spawn(row(Key::Agent, agent, UiAction::CycleAgent, 0));
            root.spawn(row(Key::CustomerPlayer, customer, UiAction::CycleCustomer, 1));
            root.spawn(button(
                Localized::dynamic(move |lang| {
                    let who = observer.clone().unwrap_or_else(|| tr(Key::Nobody, lang).to_owned());
                    format!("{}{}{who}", tr(Key::Observer, lang), colon(lang))
                }),
                UiAction::CycleObserver,
                2,
            ));
            root.spawn(button(
                Localized::dynamic(move |lang| {
                    let title = case.as_ref().map(|t| t.get(lang).to_owned()).unwrap_or_default();
                    format!("{}{}{title}", tr(Key::Case, lang), colon(lang))
                }),
                UiAction::CycleCase,
                3,
            ));
            root.spawn(button(Key::StartPair, UiAction::StartPair, 4));
            root.spawn(button(Key::Back, UiAction::Back, 5));
        });
}
