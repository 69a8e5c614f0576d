//! Floor 5 · Profiles: pick or create the trainee whose results are kept, and the class session they play under.

use bevy::prelude::*;

use crate::game::input::{ESC_BACK, UiAction};
use crate::game::palette;
use crate::game::results::{Player, ResultsDb, SaveProblem};
use crate::game::state::GameSet;
use crate::game::state::Screen;
use crate::game::text_input::{NameBuffer, NameField};
use crate::game::theme::{Localized, button, label, panel, screen_root, text_field};
use crate::i18n::{Phrase, colon, tr};

/// Profiles and class sessions as listed when the screen opened.
#[derive(Resource, Debug, Default)]
struct Choices {
    profiles: Vec<String>,
    classes: Vec<String>,
}

#[derive(Component)]
struct ClassLabel;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Choices>()
        .add_systems(OnEnter(Screen::Profiles), (load, spawn).chain())
        .add_systems(Update, act.in_set(GameSet::Act).run_if(in_state(Screen::Profiles)))
        .add_systems(
            Update,
            show_class.in_set(GameSet::Present).run_if(in_state(Screen::Profiles)),
        );
}

fn load(db: Res<ResultsDb>, mut choices: ResMut<Choices>, mut buffer: ResMut<NameBuffer>) {
    choices.profiles = db
        .read(|s| s.profiles())
        .unwrap_or_default()
        .into_iter()
        .map(|p| p.name)
        .collect();
    choices.classes = db
        .read(|s| s.classes())
        .unwrap_or_default()
        .into_iter()
        .map(|c| c.name)
        .collect();
    buffer.0.clear();
}

fn spawn(mut commands: Commands, choices: Res<Choices>) {
    let profiles = choices.profiles.clone();
    commands
        .spawn((
            Name::new("Profiles screen"),
            DespawnOnExit(Screen::Profiles),
            screen_root(),
            ESC_BACK,
        ))
        .with_children(|root| {
            root.spawn(label(Phrase::ChooseTrainee, 2.2, palette::ACCENT));
            root.spawn(panel()).with_children(|p| {
                p.spawn(label(Phrase::NewTrainee, 1.0, palette::MUTED));
                p.spawn(text_field(NameField));
                p.spawn(button(Phrase::CreateTrainee, UiAction::CreateProfile, 500));
            });
            if !profiles.is_empty() {
                // The store lists trainees by their latest attempt (or, never played, when they were
                // added): said here so the order is not a puzzle.
                root.spawn(label(Phrase::ProfilesOrder, 0.9, palette::MUTED));
            }
            root.spawn(Node {
                flex_direction: FlexDirection::Row,
                flex_wrap: FlexWrap::Wrap,
                justify_content: JustifyContent::Center,
                column_gap: px(10),
                row_gap: px(10),
                max_width: px(1000),
                ..default()
            })
            .with_children(|list| {
                for (i, name) in profiles.into_iter().enumerate() {
                    list.spawn(button(
                        Localized::dynamic(move |_| name.clone()),
                        UiAction::PickProfile(i),
                        i,
                    ));
                }
            });
            root.spawn((
                ClassLabel,
                label(Localized::dynamic(|_| String::new()), 1.0, palette::INK),
            ));
            root.spawn(button(Phrase::SwitchClass, UiAction::CycleClass, 501));
            root.spawn(button(Phrase::Back, UiAction::Back, 1000));
        });
}

fn show_class(
    player: Res<Player>,
    mut labels: Query<&mut Localized, With<ClassLabel>>,
    added: Query<(), Added<ClassLabel>>,
) {
    if !player.is_changed() && added.is_empty() {
        return;
    }
    let class = player.class.clone();
    for mut text in &mut labels {
        let class = class.clone();
        *text = Localized::dynamic(move |lang| {
            let name = class.clone().unwrap_or_else(|| tr(Phrase::NoClass, lang).to_owned());
            format!("{}{}{name}", tr(Phrase::ClassSession, lang), colon(lang))
        });
    }
}

fn act(
    mut actions: MessageReader<UiAction>,
    mut next: ResMut<NextState<Screen>>,
    mut buffer: ResMut<NameBuffer>,
    choices: Res<Choices>,
    mut player: ResMut<Player>,
    db: Res<ResultsDb>,
    mut problem: ResMut<SaveProblem>,
) {
    for action in actions.read() {
        match action {
            UiAction::Back => next.set(Screen::Title),
            UiAction::PickProfile(i) => {
                if let Some(name) = choices.profiles.get(*i) {
                    player.profile = Some(name.clone());
                    next.set(Screen::Select);
                }
            }
            UiAction::CreateProfile | UiAction::SubmitText => {
                let typed = buffer.0.trim().to_owned();
                if typed.is_empty() {
                    continue;
                }
                let name = if db.is_open() {
                    db.write(&mut problem, |s| s.add_profile(&typed))
                } else {
                    Some(typed)
                };
                if let Some(name) = name {
                    buffer.0.clear();
                    player.profile = Some(name);
                    next.set(Screen::Select);
                }
            }
            UiAction::CycleClass => {
                let at = player
                    .class
                    .as_ref()
                    .and_then(|c| choices.classes.iter().position(|x| x == c));
                player.class = match at {
                    None => choices.classes.first().cloned(),
                    Some(i) => choices.classes.get(i + 1).cloned(),
                };
            }
            _ => {}
        }
    }
}
