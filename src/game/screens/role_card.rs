//! Floor 5 · Pair exercise: the customer player's role card — what happened, what they want, how upset they are —
//! shown only after the agent has looked away and the customer player asks for it.

use std::sync::Arc;

use bevy::prelude::*;

use crate::game::input::{ESC_BACK, NoFirstFocus, UiAction};
use crate::game::palette;
use crate::game::run::pair::{PairCommand, PairExercise};
use crate::game::state::GameSet;
use crate::game::state::Screen;
use crate::game::theme::{Localized, button, label, panel, screen_root};
use crate::i18n::{Phrase, roles_line, round_label};

/// Whether the customer player has asked to see the card: until then the screen only asks the agent
/// player to look away, so the card is never on screen while both can see it.
#[derive(Resource, Debug, Default, PartialEq)]
struct Revealed(bool);

#[derive(Component)]
struct RoleCardRoot;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Revealed>()
        .add_systems(OnEnter(Screen::RoleCard), (hide, spawn_root).chain())
        .add_systems(
            Update,
            (role_card_actions.in_set(GameSet::Act), rebuild.in_set(GameSet::Present))
                .run_if(in_state(Screen::RoleCard)),
        );
}

fn hide(mut revealed: ResMut<Revealed>) {
    revealed.0 = false;
}

fn spawn_root(mut commands: Commands) {
    commands.spawn((
        Name::new("Role card screen"),
        DespawnOnExit(Screen::RoleCard),
        RoleCardRoot,
        screen_root(),
        ESC_BACK,
        // Nothing is highlighted while the agent player looks away: an Enter of theirs must not show the
        // card. The customer player picks *Show role card* themselves (click, or Tab then Enter).
        NoFirstFocus,
    ));
}

/// Marks the role card, for tests.
#[derive(Component)]
pub struct RoleCardPanel;

fn rebuild(
    mut commands: Commands,
    exercise: Option<Res<PairExercise>>,
    revealed: Res<Revealed>,
    roots: Query<(Entity, Has<Children>), With<RoleCardRoot>>,
) {
    let Some(exercise) = exercise else { return };
    let Ok((root, built)) = roots.single() else { return };
    if built && !revealed.is_changed() {
        return;
    }
    let case = Arc::clone(exercise.case());
    let (agent, customer) = exercise.roles();
    let round = exercise.round;
    let revealed = revealed.0;
    commands
        .entity(root)
        .despawn_related::<Children>()
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
            if !revealed {
                root.spawn(label(Phrase::LookAwayFirst, 1.2, palette::WITHDRAWAL));
                root.spawn(button(Phrase::RevealCard, UiAction::RevealCard, 0));
                root.spawn(button(Phrase::Back, UiAction::Back, 1));
                return;
            }
            root.spawn(label(Phrase::AgentLookAway, 1.0, palette::WITHDRAWAL));
            root.spawn((RoleCardPanel, panel())).with_children(|p| {
                p.spawn(label(Phrase::RoleCard, 1.2, palette::ACCENT));
                p.spawn(label(&case.customer.name, 1.1, palette::INK));
                match &case.role_card {
                    Some(card) => {
                        for (key, text) in [
                            (Phrase::WhatHappened, &card.happened),
                            (Phrase::WhatYouWant, &card.wants),
                            (Phrase::HowUpset, &card.upset),
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
            root.spawn(button(Phrase::Continue, UiAction::Continue, 0));
            root.spawn(button(Phrase::Back, UiAction::Back, 1));
        });
}

fn role_card_actions(
    mut actions: MessageReader<UiAction>,
    mut next: ResMut<NextState<Screen>>,
    mut revealed: ResMut<Revealed>,
    mut pair: MessageWriter<PairCommand>,
) {
    for action in actions.read() {
        match action {
            UiAction::Back => next.set(Screen::Title),
            UiAction::RevealCard => {
                revealed.set_if_neq(Revealed(true));
            }
            UiAction::Continue if revealed.0 => {
                pair.write(PairCommand::StartRound);
            }
            _ => {}
        }
    }
}
