//! Pair exercise: the customer player's role card — what happened, what they want, how upset they are —
//! shown only after the agent has looked away and the customer player asks for it.

use std::sync::Arc;

use bevy::prelude::*;

use super::Screen;
use crate::game::GameSet;
use crate::game::input::UiAction;
use crate::game::run::pair::{PairCommand, PairExercise};
use crate::game::theme::{Localized, button, label, palette, panel, screen_root};
use crate::i18n::{Key, roles_line, round_label};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::RoleCard), spawn_role_card).add_systems(
        Update,
        role_card_actions
            .in_set(GameSet::Act)
            .run_if(in_state(Screen::RoleCard)),
    );
}

/// Marks the role card, for tests.
#[derive(Component)]
pub struct RoleCardPanel;

fn spawn_role_card(mut commands: Commands, exercise: Option<Res<PairExercise>>) {
    let Some(exercise) = exercise else { return };
    let case = Arc::clone(exercise.case());
    let (agent, customer) = exercise.roles();
    let round = exercise.round;
    commands
        .spawn((
            Name::new("Role card screen"),
            DespawnOnExit(Screen::RoleCard),
            screen_root(),
        ))
        .with_children(|root| {
            let title = case.title.clone();
            root.spawn(label(
                Localized::dynamic(move |lang| format!("{} · {}", round_label(round.into(), lang), title.get(lang))),
                1.8,
                palette::ACCENT,
            ));
            root.spawn(label(
                Localized::dynamic(move |lang| roles_line(&agent, &customer, lang)),
                1.1,
                palette::INK,
            ));
            root.spawn(label(Key::AgentLookAway, 1.0, palette::WITHDRAWAL));
            root.spawn((RoleCardPanel, panel())).with_children(|p| {
                p.spawn(label(Key::RoleCard, 1.2, palette::ACCENT));
                p.spawn(label(&case.customer.name, 1.1, palette::INK));
                match &case.role_card {
                    Some(card) => {
                        for (key, text) in [
                            (Key::WhatHappened, &card.happened),
                            (Key::WhatYouWant, &card.wants),
                            (Key::HowUpset, &card.upset),
                        ] {
                            p.spawn(label(key, 1.0, palette::MUTED));
                            p.spawn(label(text, 1.1, palette::INK));
                        }
                    }
                    None => {
                        p.spawn(label(&case.customer.persona, 1.1, palette::INK));
                    }
                }
            });
            root.spawn(button(Key::Continue, UiAction::Continue, 0));
            root.spawn(button(Key::Back, UiAction::Back, 1));
        });
}

fn role_card_actions(
    mut actions: MessageReader<UiAction>,
    mut next: ResMut<NextState<Screen>>,
    mut pair: MessageWriter<PairCommand>,
) {
    for action in actions.read() {
        match action {
            UiAction::Back => next.set(Screen::Title),
            UiAction::Continue => {
                pair.write(PairCommand::StartRound);
            }
            _ => {}
        }
    }
}
