//! Floor 5 · Pair exercise: the customer player's role card — what happened, what they want, how upset they are —
//! shown only after the agent has looked away and the customer player asks for it. When the observer marks
//! on a phone, this is also where they find the QR code and join code (the agent is looking away).

use std::sync::Arc;

use bevy::prelude::*;

use crate::game::input::{ESC_BACK, NoFirstFocus, UiAction};
use crate::game::observer_phone::{ObserverPhone, ObserverPhoneProblem};
use crate::game::palette;
use crate::game::run::pair::{PairCommand, PairExercise};
use crate::game::state::GameSet;
use crate::game::state::Screen;
use crate::game::theme::{Localized, button, label, panel, screen_root};
use crate::i18n::{Phrase, colon, roles_line, round_label, tr};

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
    phone: Option<Res<ObserverPhone>>,
    phone_problem: Res<ObserverPhoneProblem>,
    roots: Query<(Entity, Has<Children>), With<RoleCardRoot>>,
) {
    let Some(exercise) = exercise else { return };
    let Ok((root, built)) = roots.single() else { return };
    let phone_changed = phone.as_ref().is_some_and(|p| p.is_changed()) || phone_problem.is_changed();
    if built && !revealed.is_changed() && !phone_changed {
        return;
    }
    let phone = phone
        .filter(|p| exercise.observer_phone && p.pair_id == exercise.pair_id)
        .map(|p| ObserverJoin {
            address: p.server.join_url(),
            code: p.server.join_code().to_owned(),
            qr: p.qr.clone(),
            joined: p.joined,
        });
    let phone_failed = exercise.observer.is_some() && !exercise.observer_phone && phone_problem.0.is_some();
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
                observer_join(root, phone, phone_failed);
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
            observer_join(root, phone, phone_failed);
        });
}

/// How the observer's phone joins, as the role card shows it.
struct ObserverJoin {
    address: String,
    code: String,
    qr: Option<Handle<Image>>,
    joined: bool,
}

/// Marks the observer's join panel, for tests.
#[derive(Component)]
pub struct ObserverJoinPanel;

/// The observer's QR code, address and join code, and whether their phone is there; or why there is no
/// phone this time. Never a mark: the agent turns round before long.
fn observer_join(root: &mut ChildSpawnerCommands, phone: Option<ObserverJoin>, failed: bool) {
    if failed {
        root.spawn(label(Phrase::ObserverPhoneFailed, 1.0, palette::WITHDRAWAL));
    }
    let Some(phone) = phone else { return };
    root.spawn((ObserverJoinPanel, panel())).with_children(|p| {
        if phone.joined {
            p.spawn(label(Phrase::ObserverPhoneJoined, 1.1, palette::ACCENT));
            // A flat battery: the seat is freed and the code shown again; the marks so far stay.
            p.spawn(button(Phrase::ReleaseObserverPhone, UiAction::ReleaseObserverPhone, 2));
            return;
        }
        p.spawn(label(Phrase::ObserverPhoneJoin, 1.0, palette::INK));
        p.spawn(Node {
            flex_direction: FlexDirection::Row,
            flex_wrap: FlexWrap::Wrap,
            column_gap: px(20),
            row_gap: px(8),
            align_items: AlignItems::Center,
            ..default()
        })
        .with_children(|row| {
            if let Some(image) = phone.qr {
                row.spawn((
                    Name::new("Observer QR code"),
                    ImageNode::new(image),
                    Node {
                        height: vh(30),
                        aspect_ratio: Some(1.0),
                        ..default()
                    },
                ));
            }
            let (address, code) = (phone.address, phone.code);
            row.spawn(Node {
                flex_direction: FlexDirection::Column,
                row_gap: px(6),
                flex_shrink: 1.0,
                min_width: px(0),
                ..default()
            })
            .with_children(|col| {
                col.spawn(label(Localized::dynamic(move |_| address.clone()), 1.3, palette::INK));
                // Letters apart, as they are read out and typed: K 7 M P Q 2.
                let spaced = code.chars().map(String::from).collect::<Vec<_>>().join(" ");
                col.spawn(label(
                    Localized::dynamic(move |lang| {
                        let words = tr(Phrase::JoinCodeIs, lang).trim_end_matches([':', '：']);
                        format!("{words}{}{spaced}", colon(lang))
                    }),
                    1.6,
                    palette::ACCENT,
                ));
                col.spawn(label(Phrase::ObserverPhoneWaiting, 0.95, palette::MUTED));
            });
        });
    });
}

fn role_card_actions(
    mut actions: MessageReader<UiAction>,
    mut next: ResMut<NextState<Screen>>,
    mut revealed: ResMut<Revealed>,
    mut pair: MessageWriter<PairCommand>,
    phone: Option<Res<ObserverPhone>>,
) {
    for action in actions.read() {
        match action {
            UiAction::ReleaseObserverPhone => {
                if let Some(phone) = &phone
                    && phone.server.release_phone()
                {
                    info!("the observer's seat is free for another phone");
                }
            }
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
