//! Floor 5 · Play screen: the customer, their line revealed progressively, the agent's numbered choices, the
//! emotional-account gauge with every deposit and withdrawal, and open promises. The runner
//! (`game::run`) plays the answers; this screen only turns keys into its commands and shows the run.

mod account_panel;
mod conversation;
mod pause;
mod vote_panel;
mod who;

use bevy::prelude::*;
use bevy::window::RequestRedraw;

use crate::game::class_vote::VoteCommand;
use crate::game::input::{NoFirstFocus, UiAction, number_pressed};
use crate::game::palette;
use crate::game::run::{ActiveRun, Phase, RunCommand, RunEvent};
use crate::game::settings::Settings;
use crate::game::state::GameSet;
use crate::game::state::Screen;
use crate::game::theme::{Localized, label};
use crate::i18n::Phrase;
use account_panel::{LastAnswerEntries, note_entries};
pub use conversation::{PracticeMarker, ShowsTheLine};
pub use pause::Pause;
pub use vote_panel::VoteAnswers;
pub use who::WhoPlays;

/// How much of the customer's line is shown, as a fraction (kept apart from `ActiveRun` so the
/// reveal animation does not rebuild the screen every frame).
#[derive(Resource, Default)]
pub struct Reveal(pub f32);

/// The keys the play screen reads itself (menus and buttons go through `input`): what each one asks for
/// in which phase. Numbers answer by the position shown (or rate 1–5); Enter continues outside a choice.
const CONTINUE_KEYS: [KeyCode; 3] = [KeyCode::Space, KeyCode::Enter, KeyCode::NumpadEnter];

#[derive(Component)]
struct PlayRoot;
/// The text node the reveal animation fills in.
#[derive(Component)]
pub struct CustomerLine;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Reveal>()
        .init_resource::<LastAnswerEntries>()
        .add_plugins(pause::plugin)
        .add_systems(OnEnter(Screen::Play), spawn_root)
        .add_systems(Update, note_entries.in_set(GameSet::Present).before(rebuild))
        .add_systems(
            Update,
            (
                (shortcuts, click_on_the_line).in_set(GameSet::Input),
                act.in_set(GameSet::Act),
                (
                    advance_reveal.run_if(in_state(Pause::Running)),
                    show_reveal,
                    rebuild,
                    vote_panel::show_vote,
                )
                    .chain()
                    .in_set(GameSet::Present),
            )
                .run_if(in_state(Screen::Play)),
        );
}

fn spawn_root(mut commands: Commands) {
    commands.spawn((
        Name::new("Play screen"),
        DespawnOnExit(Screen::Play),
        PlayRoot,
        // The focus is the play screen's own: each phase highlights its first button as it is shown (see
        // `rebuild`), never a button left from the phase before.
        NoFirstFocus,
        Node {
            width: percent(100),
            height: percent(100),
            flex_direction: FlexDirection::Column,
            padding: UiRect::all(px(16)),
            row_gap: px(10),
            ..default()
        },
        BackgroundColor(palette::BACKGROUND),
    ));
}

fn shortcuts(
    keys: Res<ButtonInput<KeyCode>>,
    run: Option<Res<ActiveRun>>,
    pause: Res<State<Pause>>,
    mut actions: MessageWriter<UiAction>,
) {
    let Some(run) = run else { return };
    let paused = *pause.get() == Pause::Paused;
    if keys.just_pressed(KeyCode::Escape) {
        actions.write(if paused { UiAction::Resume } else { UiAction::Pause });
        return;
    }
    if paused {
        return;
    }
    if keys.any_just_pressed(crate::game::glossary::GLOSSARY_KEYS) {
        actions.write(UiAction::OpenGlossary);
        return;
    }
    // While choosing, Enter presses the focused answer instead (through `input`); Space always continues.
    let continues = if run.phase == Phase::Choosing {
        keys.just_pressed(KeyCode::Space)
    } else {
        keys.any_just_pressed(CONTINUE_KEYS)
    };
    if continues {
        actions.write(UiAction::Continue);
    }
    match (run.phase, number_pressed(&keys)) {
        (Phase::Rating(_), Some(rating @ 1..=5)) => {
            actions.write(UiAction::Rate(rating as u8));
        }
        (Phase::Choosing, Some(position)) if position <= run.session.offered().len() => {
            actions.write(UiAction::Choose(position - 1));
        }
        _ => {}
    }
}

/// A click on the customer's line shows it whole, as Space does.
fn click_on_the_line(
    lines: Query<&Interaction, (Changed<Interaction>, With<conversation::ShowsTheLine>)>,
    mut actions: MessageWriter<UiAction>,
) {
    if lines.iter().any(|i| *i == Interaction::Pressed) {
        actions.write(UiAction::Continue);
    }
}

/// Turns the player's actions into pause changes, navigation and commands for the runner.
fn act(
    mut actions: MessageReader<UiAction>,
    pause: Res<State<Pause>>,
    mut next_pause: ResMut<NextState<Pause>>,
    mut next: ResMut<NextState<Screen>>,
    mut run: MessageWriter<RunCommand>,
    mut votes: MessageWriter<VoteCommand>,
    active: Option<Res<ActiveRun>>,
) {
    let class_vote = active.is_some_and(|run| run.class_vote.is_some());
    let mut paused = *pause.get() == Pause::Paused;
    for action in actions.read() {
        match *action {
            // The glossary pauses play beneath it; closing it sends Resume.
            UiAction::Pause | UiAction::OpenGlossary => {
                paused = true;
                next_pause.set(Pause::Paused);
            }
            UiAction::Resume => {
                paused = false;
                next_pause.set(Pause::Running);
            }
            UiAction::Restart => {
                next_pause.set(Pause::Running);
                run.write(RunCommand::Restart);
            }
            // Leaving a class vote closes its room: the phones are told, and the server stops.
            UiAction::BackToList if class_vote => {
                votes.write(VoteCommand::Leave);
                next.set(Screen::Title);
            }
            UiAction::BackToList => next.set(Screen::Select),
            _ if paused => {}
            UiAction::Continue => {
                run.write(RunCommand::Continue);
            }
            // In a class vote the trainer only picks which answer is played once the vote has closed.
            UiAction::Choose(position) if class_vote => {
                votes.write(VoteCommand::Pick(position));
            }
            UiAction::Choose(position) => {
                run.write(RunCommand::Answer(position));
            }
            UiAction::CloseVote => {
                votes.write(VoteCommand::Close);
            }
            UiAction::PlayVoteAnswer => {
                votes.write(VoteCommand::PlayPick);
            }
            UiAction::Rate(rating) => {
                run.write(RunCommand::Rate(rating));
            }
            _ => {}
        }
    }
}

/// Moves the reveal on; a new line starts it again. A finished reveal tells the runner the line is read.
fn advance_reveal(
    time: Res<Time>,
    settings: Res<Settings>,
    run: Option<Res<ActiveRun>>,
    mut events: MessageReader<RunEvent>,
    mut progress: ResMut<Reveal>,
    mut commands: MessageWriter<RunCommand>,
    mut redraw: MessageWriter<RequestRedraw>,
) {
    if events.read().any(|e| *e == RunEvent::LineShown) {
        progress.0 = 0.0;
    }
    let Some(run) = run else { return };
    if run.phase != Phase::Reveal {
        return;
    }
    let Some(line) = run.session.current_line() else {
        return;
    };
    let total = line.get(settings.lang).chars().count().max(1) as f32;
    if progress.0 < 1.0 {
        progress.0 = match settings.text_speed.chars_per_second() {
            Some(speed) => (progress.0 + time.delta_secs() * speed / total).min(1.0),
            None => 1.0,
        };
    }
    if progress.0 >= 1.0 {
        commands.write(RunCommand::Continue);
    }
    // Reactive rendering sleeps between inputs; ask for frames while the text animates (and for the one
    // that shows the answers).
    redraw.write(RequestRedraw);
}

/// Shows as much of the customer's line as has been revealed (all of it once the reveal is over).
fn show_reveal(
    settings: Res<Settings>,
    run: Option<Res<ActiveRun>>,
    progress: Res<Reveal>,
    mut lines: Query<&mut Text, With<CustomerLine>>,
) {
    let Some(run) = run else { return };
    let Some(line) = run.session.current_line() else {
        return;
    };
    let full = line.get(settings.lang);
    let shown = if run.phase == Phase::Reveal {
        (progress.0 * full.chars().count() as f32).round() as usize
    } else {
        usize::MAX
    };
    let visible = crate::game::theme::for_the_font(full.chars().take(shown).collect(), settings.lang);
    for mut text in &mut lines {
        if text.0 != visible {
            text.0.clone_from(&visible);
        }
    }
}

fn rebuild(
    mut commands: Commands,
    run: Option<Res<ActiveRun>>,
    entries: Res<LastAnswerEntries>,
    roots: Query<Entity, With<PlayRoot>>,
    mut focus: ResMut<crate::game::input::Focus>,
    mut last_phase: Local<Option<Phase>>,
    settings: Res<Settings>,
) {
    let Some(run) = run else { return };
    let Ok(root) = roots.single() else { return };
    if !run.is_changed() && !run.is_added() && !entries.is_changed() {
        return;
    }
    // Keyboard focus belongs to the buttons of one phase: once the phase changes (choices → rating →
    // feedback → next line), the highlight goes to the new phase's first button — never to whatever now
    // sits at the old focus position.
    if *last_phase != Some(run.phase) {
        focus.0 = conversation::first_focus(run.phase);
        *last_phase = Some(run.phase);
    }
    let scenario = std::sync::Arc::clone(run.session.scenario());
    commands
        .entity(root)
        .despawn_related::<Children>()
        .with_children(|root| {
            root.spawn(Node {
                flex_direction: FlexDirection::Row,
                column_gap: px(18),
                flex_grow: 1.0,
                flex_basis: px(0),
                // The columns get the height left by the control bar, and scroll inside it.
                min_height: px(0),
                ..default()
            })
            .with_children(|row| {
                account_panel::customer_column(row, &run, &entries.0, settings.feedback_after_choice);
                // Right column: the conversation. It scrolls when the largest text size makes it taller than
                // the window, so every line, the answers and Continue are within reach of the wheel and keys.
                row.spawn((
                    Name::new("Conversation"),
                    Node {
                        flex_direction: FlexDirection::Column,
                        row_gap: px(10),
                        flex_grow: 1.0,
                        flex_basis: px(0),
                        // Never wider than its share, whatever a line that does not wrap would want.
                        min_width: px(0),
                        overflow: Overflow::scroll_y(),
                        // Room for the scroll bar beside the text, never over it.
                        padding: UiRect::right(px(14)),
                        ..default()
                    },
                    crate::game::input::Scrollable,
                ))
                .with_children(|right| {
                    conversation::case_heading(right, &run, &scenario);
                    conversation::conversation(right, &run, &scenario);
                });
            });
            controls(root, &run);
        });
}

/// The bar under the columns: pause (and from there leave the case) and the glossary for the mouse, and
/// the keys this phase answers to — always on screen, whatever the columns above hold.
fn controls(root: &mut ChildSpawnerCommands, run: &ActiveRun) {
    let hint = match run.phase {
        Phase::Choosing => {
            let n = run.session.offered().len();
            Localized::dynamic(move |lang| crate::i18n::fill(Phrase::KeysChoose, lang, &[("n", &n)]))
        }
        Phase::Reveal => Phrase::KeysReveal.into(),
        Phase::Rating(_) => Phrase::KeysRate.into(),
        Phase::Feedback | Phase::Closed => Phrase::KeysContinue.into(),
    };
    root.spawn((
        Name::new("Play controls"),
        PlayControls,
        Node {
            flex_direction: FlexDirection::Row,
            flex_wrap: FlexWrap::Wrap,
            align_items: AlignItems::Center,
            column_gap: px(10),
            row_gap: px(6),
            flex_shrink: 0.0,
            ..default()
        },
    ))
    .with_children(|bar| {
        bar.spawn(small_button(Phrase::PauseButton, UiAction::Pause, PAUSE_ORDER));
        bar.spawn(small_button(
            Phrase::GlossaryButton,
            UiAction::OpenGlossary,
            PAUSE_ORDER + 1,
        ));
        bar.spawn(label(hint, 0.85, palette::MUTED));
    });
}

/// Focus order of the control bar's first button: after every answer, rating and Continue.
const PAUSE_ORDER: usize = 950;

/// Marks the play screen's control bar, for tests.
#[derive(Component)]
pub struct PlayControls;

/// A compact button for the control bar: it must leave the columns their height at the largest text.
fn small_button(content: Phrase, action: UiAction, order: usize) -> impl Bundle {
    (
        Button,
        crate::game::input::ActionButton { action, order },
        Node {
            padding: UiRect::axes(px(12), px(4)),
            border_radius: BorderRadius::all(px(8)),
            border: UiRect::all(px(2)),
            ..default()
        },
        BorderColor::all(Color::NONE),
        BackgroundColor(palette::BUTTON),
        children![label(content, 0.85, palette::INK)],
    )
}
