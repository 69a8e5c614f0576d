//! Floor 5 · Pair exercise setup: who plays the agent, who voices the customer, who observes, and the case. The
//! exercise itself (its rounds and their order) lives in `game::run::pair`.

use std::sync::Arc;

use bevy::prelude::*;
use goodwill_engine::Scenario;

use crate::game::input::{Cycler, ESC_BACK, UiAction};
use crate::game::library::Library;
use crate::game::palette;
use crate::game::results::ResultsDb;
use crate::game::run::pair::PairExercise;
use crate::game::state::GameSet;
use crate::game::state::Screen;
use crate::game::theme::{Localized, button, button_row, label, screen_root};
use crate::i18n::{Phrase, colon, tr};

/// Choices on the setup screen: indices into the profile list and the playable scenarios.
#[derive(Resource, Debug, Default)]
struct PairSetup {
    profiles: Vec<String>,
    agent: usize,
    customer: usize,
    observer: Option<usize>,
    /// The observer marks on their own phone during the round (only with an observer).
    observer_phone: bool,
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
        .read(|s| s.profiles())
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
            // Nobody plays two parts: picking the customer player as agent swaps the two; picking the
            // observer for a part leaves the exercise without an observer.
            UiAction::PickAgent(i) if *i < n => {
                let i = *i;
                if i == setup.customer {
                    setup.customer = setup.agent;
                }
                if setup.observer == Some(i) {
                    setup.observer = None;
                }
                setup.agent = i;
            }
            UiAction::PickCustomer(i) if *i < n => {
                let i = *i;
                if i == setup.agent {
                    setup.agent = setup.customer;
                }
                if setup.observer == Some(i) {
                    setup.observer = None;
                }
                setup.customer = i;
            }
            UiAction::PickObserver(who) => {
                setup.observer = who.filter(|&o| o < n && o != setup.agent && o != setup.customer);
            }
            UiAction::ToggleObserverPhone if setup.observer.is_some() => {
                setup.observer_phone = !setup.observer_phone;
            }
            UiAction::CycleCase if !playable.is_empty() => setup.case = (setup.case + 1) % playable.len(),
            UiAction::CycleCaseBack if !playable.is_empty() => {
                setup.case = (setup.case % playable.len() + playable.len() - 1) % playable.len();
            }
            UiAction::StartPair if n >= 2 && !playable.is_empty() => {
                let first = Arc::clone(&playable[setup.case % playable.len()]);
                let mut exercise = PairExercise::new(
                    setup.profiles[setup.agent].clone(),
                    setup.profiles[setup.customer].clone(),
                    setup.observer.map(|o| setup.profiles[o].clone()),
                    first,
                    &library,
                );
                exercise.observer_phone = setup.observer.is_some() && setup.observer_phone;
                commands.insert_resource(exercise);
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
    let observer = setup.observer;
    let case = playable
        .get(setup.case % playable.len().max(1))
        .map(|s| s.title.clone());
    let enough = setup.profiles.len() >= 2;
    commands
        .entity(root)
        .despawn_related::<Children>()
        .with_children(|root| {
            root.spawn(label(Phrase::PairExercise, 2.2, palette::ACCENT));
            if !enough {
                root.spawn(label(Phrase::PairNeedsTwo, 1.1, palette::WITHDRAWAL));
                root.spawn(button(Phrase::SwitchTrainee, UiAction::OpenProfiles, 0));
                root.spawn(button(Phrase::Back, UiAction::Back, 1));
                return;
            }
            // One row per part, every trainee a button in it: the chosen one is ticked.
            let names = setup.profiles.clone();
            let parts: [(Phrase, Option<usize>, PickPart, usize); 2] = [
                (Phrase::Agent, Some(setup.agent), UiAction::PickAgent, 0),
                (
                    Phrase::CustomerPlayer,
                    Some(setup.customer),
                    UiAction::PickCustomer,
                    100,
                ),
            ];
            for (key, chosen, pick, first_order) in parts {
                root.spawn(label(key, 1.05, palette::INK));
                root.spawn(button_row()).with_children(|row| {
                    for (i, name) in names.iter().enumerate() {
                        row.spawn(choice_chip(name, chosen == Some(i), pick(i), first_order + i));
                    }
                });
            }
            root.spawn(label(Phrase::Observer, 1.05, palette::INK));
            root.spawn(button_row()).with_children(|row| {
                row.spawn(button(
                    Localized::dynamic(move |lang| format!("{}{}", tick(observer.is_none()), tr(Phrase::Nobody, lang))),
                    UiAction::PickObserver(None),
                    200,
                ));
                for (i, name) in names.iter().enumerate() {
                    if i != setup.agent && i != setup.customer {
                        row.spawn(choice_chip(
                            name,
                            setup.observer == Some(i),
                            UiAction::PickObserver(Some(i)),
                            201 + i,
                        ));
                    }
                }
            });
            // The observer's phone: offered only when there is an observer to hold it.
            if observer.is_some() {
                let on = setup.observer_phone;
                root.spawn(button(
                    Localized::dynamic(move |lang| format!("{}{}", toggle_mark(on), tr(Phrase::ObserverOnPhone, lang))),
                    UiAction::ToggleObserverPhone,
                    300,
                ));
            }
            // ← and → say the case steps both ways: ←/→ while it is focused, or a click (forward).
            root.spawn((
                button(
                    Localized::dynamic(move |lang| {
                        let title = case.as_ref().map(|t| t.get(lang).to_owned()).unwrap_or_default();
                        format!("← {}{}{title} →", tr(Phrase::Case, lang), colon(lang))
                    }),
                    UiAction::CycleCase,
                    400,
                ),
                Cycler {
                    back: UiAction::CycleCaseBack,
                },
            ));
            root.spawn(button(Phrase::StartPair, UiAction::StartPair, 401));
            root.spawn(button(Phrase::Back, UiAction::Back, 402));
        });
}

/// The action that gives a part to profile `i`.
type PickPart = fn(usize) -> UiAction;

fn tick(chosen: bool) -> &'static str {
    if chosen { "✓ " } else { "" }
}

/// A switch's state in front of its words: [✓] on, [  ] off.
fn toggle_mark(on: bool) -> &'static str {
    if on { "[✓] " } else { "[  ] " }
}

/// A trainee's name as a button in a part's row, ticked when they have the part.
fn choice_chip(name: &str, chosen: bool, action: UiAction, order: usize) -> impl Bundle {
    let text = format!("{}{name}", tick(chosen));
    button(Localized::dynamic(move |_| text.clone()), action, order)
}
