//! Floor 5 · Class vote lobby, on the projector: the QR code, the address and the join code, large enough
//! to read from the back of the room, and the trainees' names as they join. Enter starts the case.

use bevy::prelude::*;

use crate::game::class_vote::{ClassVote, VoteCommand, qr};
use crate::game::input::{Shortcuts, UiAction};
use crate::game::palette;
use crate::game::state::{GameSet, Screen};
use crate::game::theme::{Localized, button, button_at_least, button_row, label, panel};
use crate::i18n::{Phrase, colon, fill, tr};

#[derive(Component)]
struct LobbyRoot;

/// The list of who has joined, rebuilt as phones join.
#[derive(Component)]
struct Joined;

/// The join address's QR code, made once when the lobby opens.
#[derive(Resource)]
struct JoinCode(Option<Handle<Image>>);

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::VoteLobby), (make_code, spawn).chain())
        .add_systems(
            Update,
            (act.in_set(GameSet::Act), show_joined.in_set(GameSet::Present)).run_if(in_state(Screen::VoteLobby)),
        );
}

/// The address with the join code in it, as the QR code carries it: a scan opens the page with the
/// code already filled in.
pub fn address_with_code(vote: &ClassVote) -> String {
    format!("{}?code={}", vote.server.join_url(), vote.server.join_code())
}

fn make_code(mut commands: Commands, vote: Option<Res<ClassVote>>, images: Option<ResMut<Assets<Image>>>) {
    // Without a renderer (the headless tests) there are no images: the address and code still show.
    let handle = vote
        .zip(images)
        .and_then(|(vote, mut images)| match qr::image(&address_with_code(&vote)) {
            Ok(image) => Some(images.add(image)),
            Err(e) => {
                error!("the join address cannot be drawn as a QR code: {e}");
                None
            }
        });
    commands.insert_resource(JoinCode(handle));
}

fn spawn(mut commands: Commands, vote: Option<Res<ClassVote>>, code: Res<JoinCode>) {
    let Some(vote) = vote else { return };
    let title = vote.request.scenario.title.clone();
    let class = vote.request.class.clone();
    let url = vote.server.join_url();
    let join_code = vote.server.join_code().to_owned();
    commands
        .spawn((
            Name::new("Class vote lobby"),
            DespawnOnExit(Screen::VoteLobby),
            LobbyRoot,
            Node {
                width: percent(100),
                height: percent(100),
                flex_direction: FlexDirection::Column,
                padding: UiRect::all(px(16)),
                row_gap: px(10),
                overflow: Overflow::scroll_y(),
                ..default()
            },
            crate::game::input::Scrollable,
            BackgroundColor(palette::BACKGROUND),
            // Enter presses the focused button, which opens as "Start the case".
            Shortcuts(&[(KeyCode::Escape, UiAction::Back)]),
        ))
        .with_children(|root| {
            root.spawn(label(
                Localized::dynamic(move |lang| {
                    format!("{} · {} · {class}", tr(Phrase::ClassVote, lang), title.get(lang))
                }),
                1.4,
                palette::ACCENT,
            ));
            root.spawn(Node {
                flex_direction: FlexDirection::Row,
                flex_wrap: FlexWrap::Wrap,
                column_gap: px(28),
                row_gap: px(12),
                align_items: AlignItems::Center,
                ..default()
            })
            .with_children(|row| {
                if let Some(image) = code.0.clone() {
                    // Square, a third of the window's height at least: a phone reads it from the back.
                    row.spawn((
                        Name::new("Join QR code"),
                        ImageNode::new(image),
                        Node {
                            height: vh(42),
                            aspect_ratio: Some(1.0),
                            ..default()
                        },
                    ));
                }
                row.spawn(Node {
                    flex_direction: FlexDirection::Column,
                    row_gap: px(8),
                    flex_shrink: 1.0,
                    min_width: px(0),
                    ..default()
                })
                .with_children(|col| {
                    col.spawn(label(Phrase::JoinHow, 1.1, palette::INK));
                    col.spawn((
                        Name::new("Join address"),
                        label(Localized::dynamic(move |_| url.clone()), 1.8, palette::INK),
                    ));
                    col.spawn(label(Phrase::JoinCodeIs, 1.1, palette::INK));
                    // Letters apart, as they are read out and typed: K 7 M P Q 2.
                    let spaced = join_code.chars().map(String::from).collect::<Vec<_>>().join(" ");
                    col.spawn((
                        Name::new("Join code"),
                        label(Localized::dynamic(move |_| spaced.clone()), 3.2, palette::ACCENT),
                    ));
                });
            });
            root.spawn((Joined, panel()));
            root.spawn(button_row()).with_children(|row| {
                row.spawn(button(Phrase::BeginVoteCase, UiAction::BeginVoteCase, 0));
                row.spawn(button(Phrase::EndClassVote, UiAction::Back, 1));
            });
            root.spawn(label(Phrase::VoteLobbyHint, 0.9, palette::MUTED));
        });
}

/// Who has joined, in the order they joined, against the roster. Each name is a button: the trainer frees
/// a seat for a trainee whose phone gave out, and the trainee joins again from another.
fn show_joined(
    mut commands: Commands,
    vote: Option<Res<ClassVote>>,
    lists: Query<Entity, With<Joined>>,
    mut shown: Local<Option<(Vec<String>, Vec<String>)>>,
    added: Query<(), Added<Joined>>,
) {
    let Some(vote) = vote else { return };
    let now = (vote.view.seats.clone(), vote.view.away.clone());
    if shown.as_ref() == Some(&now) && added.is_empty() {
        return;
    }
    *shown = Some(now);
    let seats = vote.view.seats.clone();
    let away = vote.view.away.clone();
    let roster = vote.request.roster.len();
    for list in &lists {
        let count = seats.len() - away.len();
        commands.entity(list).despawn_related::<Children>().with_children(|p| {
            p.spawn(label(
                Localized::dynamic(move |lang| {
                    let joined = if roster > 0 {
                        fill(Phrase::JoinedOfRoster, lang, &[("n", &count), ("of", &roster)])
                    } else {
                        fill(Phrase::JoinedCount, lang, &[("n", &count)])
                    };
                    format!("{joined}{}", colon(lang))
                }),
                1.1,
                palette::ACCENT,
            ));
            if seats.is_empty() {
                p.spawn(label(Phrase::NobodyYet, 1.2, palette::INK));
                return;
            }
            p.spawn(button_row()).with_children(|row| {
                for (i, name) in seats.iter().enumerate() {
                    let gone = away.contains(name);
                    let name = name.clone();
                    row.spawn(button_at_least(
                        Localized::dynamic(move |lang| {
                            if gone {
                                format!("{name}（{}）", tr(Phrase::SeatAway, lang))
                            } else {
                                name.clone()
                            }
                        }),
                        UiAction::ReleaseSeat(i),
                        10 + i,
                        px(80),
                    ));
                }
            });
            p.spawn(label(Phrase::ReleaseSeatHint, 0.85, palette::MUTED));
        });
    }
}

fn act(
    mut actions: MessageReader<UiAction>,
    mut next: ResMut<NextState<Screen>>,
    mut votes: MessageWriter<VoteCommand>,
    vote: Option<Res<ClassVote>>,
) {
    for action in actions.read() {
        match action {
            UiAction::ReleaseSeat(i) => {
                if let Some(name) = vote.as_ref().and_then(|v| v.view.seats.get(*i)) {
                    votes.write(VoteCommand::ReleaseSeat(name.clone()));
                }
            }
            UiAction::BeginVoteCase => {
                votes.write(VoteCommand::BeginCase);
            }
            UiAction::Back => {
                votes.write(VoteCommand::Leave);
                next.set(Screen::Title);
            }
            _ => {}
        }
    }
}
