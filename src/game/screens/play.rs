//! Play screen: the customer, their line revealed progressively, the agent's numbered choices, the
//! emotional-account gauge with every deposit and withdrawal, open promises, and a pause menu.

use std::sync::Arc;

use bevy::prelude::*;
use bevy::window::RequestRedraw;
use goodwill_engine::session::Entry;
use goodwill_engine::{Event, Scenario, Session, Text as BiText};
use goodwill_store::{DecisionInput, Mode, NewAttempt, Resume};

use super::{NextSeed, Screen};
use crate::describe::describe_entry;
use crate::game::input::{ActionButton, OverlayButton, UiAction, number_pressed};
use crate::game::portrait::portrait;
use crate::game::records::{Player, ResultsDb};
use crate::game::settings::Settings;
use crate::game::theme::{Localized, button, label, palette, panel};
use crate::i18n::{Key, colon, tr};

/// Starts a playthrough of this scenario (from any screen).
#[derive(Message, Debug, Clone)]
pub struct StartRun {
    pub scenario: Arc<Scenario>,
    /// Picks up an interrupted attempt: its seed and decisions are replayed, and it keeps its id.
    pub resume: Option<Resume>,
    /// Set in a pair exercise.
    pub pair: Option<PairRound>,
}

impl StartRun {
    pub fn new(scenario: Arc<Scenario>) -> Self {
        StartRun {
            scenario,
            resume: None,
            pair: None,
        }
    }
}

/// One round of a classroom pair exercise: who plays the agent, who voices the customer.
#[derive(Debug, Clone, PartialEq)]
pub struct PairRound {
    pub agent: String,
    pub customer: String,
    pub observer: Option<String>,
    pub pair_id: String,
    pub round: u8,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// The customer's line is being revealed.
    Reveal,
    /// Waiting for the agent's choice.
    Choosing,
    /// Pair exercise: the customer player rates how sincere the agent's spoken line (choice `.0`) sounded.
    Rating(usize),
    /// Showing the feedback on the last choice.
    Feedback,
    /// The account was overdrawn: the moment before the debrief.
    Closed,
}

/// The playthrough in progress.
#[derive(Resource)]
pub struct ActiveRun {
    pub session: Session,
    pub phase: Phase,
    pub paused: bool,
    /// Account entries caused by the last choice, shown on the gauge.
    pub last_entries: Vec<Entry>,
    /// The attempt's id in the results database, when it is being recorded.
    pub attempt: Option<String>,
    /// When the current line appeared, for the time each decision took.
    pub shown_at: std::time::Instant,
    pub pair: Option<PairRound>,
}

/// How much of the customer's line is shown, as a fraction (kept apart from `ActiveRun` so the
/// reveal animation does not rebuild the screen every frame).
#[derive(Resource, Default)]
pub struct Reveal(pub f32);

/// Characters revealed per second.
const REVEAL_SPEED: f32 = 45.0;

#[derive(Component)]
struct PlayRoot;
#[derive(Component)]
pub struct CustomerLine;
#[derive(Component)]
struct PauseOverlay;

pub(super) fn plugin(app: &mut App) {
    app.add_message::<StartRun>()
        .init_resource::<Reveal>()
        .add_systems(Update, start_run)
        .add_systems(OnEnter(Screen::Play), spawn_root)
        .add_systems(
            Update,
            (shortcuts, act, reveal, rebuild, pause_overlay)
                .chain()
                .run_if(in_state(Screen::Play)),
        );
}

fn start_run(
    mut starts: MessageReader<StartRun>,
    mut commands: Commands,
    mut seed: ResMut<NextSeed>,
    mut next: ResMut<NextState<Screen>>,
    mut reveal: ResMut<Reveal>,
    db: Res<ResultsDb>,
    player: Res<Player>,
) {
    let Some(start) = starts.read().last().cloned() else {
        return;
    };
    let scenario = start.scenario;
    let (session, attempt) = match start.resume {
        Some(resume) => {
            let mut session = Session::new(Arc::clone(&scenario), resume.attempt.seed);
            for (choice, rating) in resume.picks {
                if session.choose_rated(choice, rating).is_err() {
                    warn!(
                        "attempt {} no longer replays on this version of the scenario",
                        resume.attempt.id
                    );
                    break;
                }
            }
            (session, Some(resume.attempt.id))
        }
        None => {
            let session = Session::new(Arc::clone(&scenario), seed.0);
            seed.0 = seed.0.wrapping_add(1);
            let agent = start
                .pair
                .as_ref()
                .map(|p| p.agent.clone())
                .or_else(|| player.profile.clone());
            let attempt = agent.and_then(|agent| {
                let new = NewAttempt {
                    profile: agent,
                    scenario: scenario.id.clone(),
                    scenario_version: scenario.version,
                    seed: session.seed(),
                    class: player.class.clone(),
                    mode: if start.pair.is_some() { Mode::Pair } else { Mode::Solo },
                    customer_player: start.pair.as_ref().map(|p| p.customer.clone()),
                    observer: start.pair.as_ref().and_then(|p| p.observer.clone()),
                    pair_id: start.pair.as_ref().map(|p| p.pair_id.clone()),
                    round: start.pair.as_ref().map(|p| p.round),
                };
                db.with(|store| store.start_attempt(&new))
            });
            (session, attempt)
        }
    };
    let over = session.is_over();
    if over && let (Some(id), Some(report)) = (&attempt, session.report()) {
        // Killed between the last decision and marking the attempt finished: finish it now.
        db.with(|store| store.finish_attempt(id, report));
    }
    commands.insert_resource(ActiveRun {
        session,
        phase: if over { Phase::Feedback } else { Phase::Reveal },
        paused: false,
        last_entries: Vec::new(),
        attempt,
        shown_at: std::time::Instant::now(),
        pair: start.pair,
    });
    reveal.0 = 0.0;
    next.set(if over { Screen::Debrief } else { Screen::Play });
}

/// Plays a choice (with the customer player's rating in a pair exercise) and records the decision in its
/// own transaction; the attempt is marked finished when the case ends.
fn play_choice(run: &mut ActiveRun, db: &ResultsDb, index: usize, rating: Option<u8>) -> Option<Vec<Event>> {
    let elapsed = run.shown_at.elapsed().as_millis() as i64;
    let (events, decision) = DecisionInput::play(&mut run.session, index, rating, elapsed).ok()?;
    if let Some(id) = &run.attempt {
        // The deciding answer and the result are one write: a kill cannot store one without the other.
        db.with(|store| store.record_decision_and_finish(id, &decision, run.session.report()));
    }
    run.shown_at = std::time::Instant::now();
    Some(events)
}

fn spawn_root(mut commands: Commands) {
    commands.spawn((
        Name::new("Play screen"),
        DespawnOnExit(Screen::Play),
        PlayRoot,
        Node {
            width: percent(100),
            height: percent(100),
            flex_direction: FlexDirection::Row,
            padding: UiRect::all(px(20)),
            column_gap: px(20),
            ..default()
        },
        BackgroundColor(palette::BACKGROUND),
    ));
}

fn shortcuts(keys: Res<ButtonInput<KeyCode>>, run: Option<Res<ActiveRun>>, mut actions: MessageWriter<UiAction>) {
    let Some(run) = run else { return };
    if keys.just_pressed(KeyCode::Escape) {
        actions.write(if run.paused { UiAction::Resume } else { UiAction::Pause });
        return;
    }
    if run.paused {
        return;
    }
    let continue_keys = keys.just_pressed(KeyCode::Space)
        || (run.phase != Phase::Choosing
            && (keys.just_pressed(KeyCode::Enter) || keys.just_pressed(KeyCode::NumpadEnter)));
    if continue_keys {
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

#[allow(clippy::too_many_arguments)] // a Bevy system: each argument is a resource it reads or writes
fn act(
    mut actions: MessageReader<UiAction>,
    run: Option<ResMut<ActiveRun>>,
    settings: Res<Settings>,
    mut reveal: ResMut<Reveal>,
    mut next: ResMut<NextState<Screen>>,
    mut starts: MessageWriter<StartRun>,
    db: Res<ResultsDb>,
    mut focus: ResMut<crate::game::input::Focus>,
) {
    let Some(mut run) = run else { return };
    let phase_before = run.phase;
    // Keyboard focus belongs to the buttons of one phase: once the phase changes (choices → rating →
    // feedback → next line), Enter must not press whatever now sits at the old focus position.
    let mut continued = false;
    for action in actions.read() {
        match *action {
            UiAction::Pause => run.paused = true,
            UiAction::Resume => run.paused = false,
            UiAction::Restart => {
                if let Some(id) = &run.attempt {
                    db.with(|store| store.discard_attempt(id));
                }
                starts.write(StartRun {
                    pair: run.pair.clone(),
                    ..StartRun::new(Arc::clone(run.session.scenario()))
                });
            }
            UiAction::BackToList => next.set(Screen::Select),
            _ if run.paused => {}
            UiAction::Continue if !continued => {
                continued = true;
                match run.phase {
                    Phase::Reveal => {
                        reveal.0 = 1.0;
                        run.phase = Phase::Choosing;
                    }
                    Phase::Feedback if run.session.is_over() => next.set(Screen::Debrief),
                    Phase::Feedback => {
                        reveal.0 = 0.0;
                        run.phase = Phase::Reveal;
                    }
                    Phase::Closed => next.set(Screen::Debrief),
                    Phase::Choosing | Phase::Rating(_) => {}
                }
            }
            UiAction::Choose(_) | UiAction::Rate(_) if matches!(run.phase, Phase::Choosing | Phase::Rating(_)) => {
                let (index, rating) = match (*action, run.phase) {
                    // `Choose` carries the position shown; the session names choices by file index.
                    (UiAction::Choose(position), Phase::Choosing) => {
                        let Some(i) = run.session.shown_choice(position) else {
                            continue;
                        };
                        if run.pair.is_some() && run.session.wants_rating(i) {
                            run.phase = Phase::Rating(i);
                            continue;
                        }
                        (i, None)
                    }
                    (UiAction::Rate(r), Phase::Rating(i)) => (i, Some(r)),
                    _ => continue,
                };
                let Some(events) = play_choice(&mut run, &db, index, rating) else {
                    continue;
                };
                run.last_entries = events
                    .iter()
                    .filter_map(|e| match e {
                        Event::Account(entry) => Some(entry.clone()),
                        _ => None,
                    })
                    .collect();
                let closed = events.iter().any(|e| matches!(e, Event::AccountClosed { .. }));
                run.phase = if closed {
                    Phase::Closed
                } else if settings.feedback_after_choice {
                    Phase::Feedback
                } else if run.session.is_over() {
                    next.set(Screen::Debrief);
                    Phase::Feedback
                } else {
                    reveal.0 = 0.0;
                    Phase::Reveal
                };
            }
            _ => {}
        }
    }
    if run.phase != phase_before {
        focus.0 = None;
    }
}

fn reveal(
    time: Res<Time>,
    settings: Res<Settings>,
    run: Option<ResMut<ActiveRun>>,
    mut progress: ResMut<Reveal>,
    mut lines: Query<&mut Text, With<CustomerLine>>,
    mut redraw: MessageWriter<RequestRedraw>,
) {
    let Some(mut run) = run else { return };
    let Some(line) = run.session.current_line().cloned() else {
        return;
    };
    let full = line.get(settings.lang);
    let total = full.chars().count().max(1) as f32;
    if run.phase == Phase::Reveal && !run.paused {
        progress.0 = (progress.0 + time.delta_secs() * REVEAL_SPEED / total).min(1.0);
        if progress.0 >= 1.0 {
            run.phase = Phase::Choosing;
        } else {
            // Reactive rendering sleeps between inputs; ask for frames while the text animates.
            redraw.write(RequestRedraw);
        }
    }
    let shown = if run.phase == Phase::Reveal {
        (progress.0 * total).round() as usize
    } else {
        usize::MAX
    };
    let visible: String = full.chars().take(shown).collect();
    for mut text in &mut lines {
        if text.0 != visible {
            text.0.clone_from(&visible);
        }
    }
}

fn entry_color(entry: &Entry) -> Color {
    if entry.delta >= 0 {
        palette::DEPOSIT
    } else {
        palette::WITHDRAWAL
    }
}

fn rebuild(mut commands: Commands, run: Option<Res<ActiveRun>>, roots: Query<Entity, With<PlayRoot>>) {
    let Some(run) = run else { return };
    let Ok(root) = roots.single() else { return };
    if !run.is_changed() && !run.is_added() {
        return;
    }
    let session = &run.session;
    let scenario = Arc::clone(session.scenario());
    let balance = session.balance();
    let mood = session.mood();
    commands
        .entity(root)
        .despawn_related::<Children>()
        .with_children(|root| {
            // Left column: the customer, the account, the promises.
            root.spawn(Node {
                flex_direction: FlexDirection::Column,
                row_gap: px(14),
                width: percent(32),
                min_width: px(260),
                ..default()
            })
            .with_children(|left| {
                left.spawn(panel()).with_children(|p| {
                    p.spawn(Node {
                        justify_content: JustifyContent::Center,
                        ..default()
                    })
                    .with_children(|c| {
                        c.spawn(portrait(mood));
                    });
                    p.spawn(label(&scenario.customer.name, 1.3, palette::INK));
                    p.spawn(label(
                        Localized::dynamic(move |lang| {
                            format!("{}{}{}", tr(Key::Mood, lang), colon(lang), mood.label().get(lang))
                        }),
                        1.0,
                        palette::MUTED,
                    ));
                });
                left.spawn(panel()).with_children(|p| {
                    p.spawn(label(
                        Localized::dynamic(move |lang| format!("{}{}{balance}", tr(Key::Balance, lang), colon(lang))),
                        1.1,
                        palette::INK,
                    ));
                    gauge(p, balance);
                    for entry in &run.last_entries {
                        let e = entry.clone();
                        let scenario = Arc::clone(session.scenario());
                        p.spawn(label(
                            Localized::dynamic(move |lang| describe_entry(&e, &scenario, lang)),
                            1.2,
                            entry_color(entry),
                        ));
                    }
                });
                let promises: Vec<BiText> = session.open_promises().iter().map(|p| p.text.clone()).collect();
                left.spawn(panel()).with_children(|p| {
                    p.spawn(label(Key::OpenPromises, 1.0, palette::INK));
                    if promises.is_empty() {
                        p.spawn(label(Key::NoOpenPromises, 0.9, palette::MUTED));
                    }
                    for text in &promises {
                        let t = text.clone();
                        p.spawn(label(
                            Localized::dynamic(move |lang| format!("• {}", t.get(lang))),
                            0.9,
                            palette::ACCENT,
                        ));
                    }
                });
            });
            // Right column: the conversation. It scrolls when the largest text size makes it taller than
            // the window, so the answers and Continue are never out of reach.
            root.spawn((
                Node {
                    flex_direction: FlexDirection::Column,
                    row_gap: px(12),
                    flex_grow: 1.0,
                    flex_basis: px(0),
                    overflow: Overflow::scroll_y(),
                    ..default()
                },
                crate::game::input::Scrollable,
            ))
            .with_children(|right| {
                let (title, setting) = (scenario.title.clone(), scenario.setting.clone());
                right.spawn(label(
                    Localized::dynamic(move |lang| format!("{} — {}", title.get(lang), setting.get(lang))),
                    0.95,
                    palette::MUTED,
                ));
                conversation(right, &run, &scenario);
                right.spawn(Node {
                    flex_grow: 1.0,
                    ..default()
                });
                right.spawn(label(Key::KeysHint, 0.85, palette::MUTED));
            });
        });
}

/// The balance as a bar from 0 to 100, coloured by how the customer feels.
fn gauge(parent: &mut ChildSpawnerCommands, balance: i32) {
    let fill = balance.clamp(0, 100) as f32;
    let color = match balance {
        i32::MIN..=29 => palette::WITHDRAWAL,
        30..=59 => Color::srgb(0.85, 0.62, 0.20),
        _ => palette::DEPOSIT,
    };
    parent
        .spawn((
            Node {
                width: percent(100),
                height: px(18),
                border_radius: BorderRadius::all(px(9)),
                ..default()
            },
            BackgroundColor(Color::srgb(0.88, 0.86, 0.82)),
        ))
        .with_children(|bar| {
            bar.spawn((
                Node {
                    width: percent(fill),
                    height: percent(100),
                    border_radius: BorderRadius::all(px(9)),
                    ..default()
                },
                BackgroundColor(color),
            ));
        });
}

fn conversation(parent: &mut ChildSpawnerCommands, run: &ActiveRun, scenario: &Scenario) {
    let session = &run.session;
    if let (Phase::Rating(index), Some(node)) = (run.phase, session.current_node()) {
        rating_prompt(parent, run, &node.choices[index].text, index);
        return;
    }
    if let Some(node) = session.current_node()
        && run.phase != Phase::Feedback
        && run.phase != Phase::Closed
    {
        if let Some(narration) = session.current_narration() {
            parent.spawn(label(narration, 1.0, palette::MUTED));
        }
        let name = scenario.customer.name.clone();
        parent.spawn(label(
            Localized::dynamic(move |lang| name.get(lang).to_string()),
            1.0,
            palette::ACCENT,
        ));
        parent
            .spawn((
                panel(),
                Button,
                ActionButton {
                    action: UiAction::Continue,
                    order: 900,
                },
                Interaction::default(),
            ))
            .with_children(|p| {
                // Text is filled in by the reveal system.
                p.spawn((
                    Text::default(),
                    CustomerLine,
                    TextFont {
                        font_size: FontSize::Rem(1.35),
                        ..default()
                    },
                    TextColor(palette::INK),
                ));
            });
        if run.phase == Phase::Choosing {
            // Shown in the session's seeded order: the number on a button is its position, never a tell.
            for (position, &index) in session.offered().iter().enumerate() {
                let text = node.choices[index].text.clone();
                parent.spawn(choice_button(
                    Localized::dynamic(move |lang| format!("{}. {}", position + 1, text.get(lang))),
                    UiAction::Choose(position),
                    position,
                ));
            }
        }
        return;
    }
    // After a choice: what it did, and why.
    if let Some((text, feedback, cites)) = last_choice(run) {
        parent.spawn(label(
            Localized::dynamic(move |lang| format!("{}{}{}", tr(Key::You, lang), colon(lang), text.get(lang))),
            1.1,
            palette::INK,
        ));
        parent.spawn(panel()).with_children(|p| {
            p.spawn(label(&feedback, 1.05, palette::INK));
            p.spawn(label(
                Localized::dynamic(move |lang| {
                    format!("{}{}{}", tr(Key::Source, lang), colon(lang), cites.title().get(lang))
                }),
                0.85,
                palette::MUTED,
            ));
        });
    }
    if run.phase == Phase::Closed {
        parent
            .spawn((
                Node {
                    padding: UiRect::all(px(18)),
                    border_radius: BorderRadius::all(px(10)),
                    ..default()
                },
                BackgroundColor(palette::WITHDRAWAL),
            ))
            .with_children(|b| {
                b.spawn(label(Key::AccountClosed, 1.5, Color::WHITE));
            });
    }
    parent.spawn(button(Key::Continue, UiAction::Continue, 0));
}

/// Pair exercise: the agent has said a marked line aloud; the customer player rates its sincerity 1–5.
fn rating_prompt(parent: &mut ChildSpawnerCommands, run: &ActiveRun, said: &BiText, _index: usize) {
    let said = said.clone();
    let customer = run.pair.as_ref().map(|p| p.customer.clone()).unwrap_or_default();
    parent.spawn(label(
        Localized::dynamic(move |lang| format!("{}{}{}", tr(Key::You, lang), colon(lang), said.get(lang))),
        1.1,
        palette::INK,
    ));
    parent.spawn(panel()).with_children(|p| {
        p.spawn(label(
            Localized::dynamic(move |lang| format!("{customer} · {}", tr(Key::RateSincerity, lang))),
            1.2,
            palette::ACCENT,
        ));
        p.spawn(label(Key::RateSincerityHint, 0.9, palette::MUTED));
        p.spawn(Node {
            flex_direction: FlexDirection::Row,
            flex_wrap: FlexWrap::Wrap,
            column_gap: px(8),
            row_gap: px(8),
            ..default()
        })
        .with_children(|row| {
            for rating in 1..=5u8 {
                let key = [
                    Key::Sincerity1,
                    Key::Sincerity2,
                    Key::Sincerity3,
                    Key::Sincerity4,
                    Key::Sincerity5,
                ][usize::from(rating - 1)];
                row.spawn((
                    Button,
                    ActionButton {
                        action: UiAction::Rate(rating),
                        order: usize::from(rating) - 1,
                    },
                    Node {
                        padding: UiRect::axes(px(14), px(10)),
                        border_radius: BorderRadius::all(px(8)),
                        border: UiRect::all(px(2)),
                        ..default()
                    },
                    BorderColor::all(Color::NONE),
                    BackgroundColor(palette::BUTTON),
                    children![label(
                        Localized::dynamic(move |lang| format!("{rating} · {}", tr(key, lang))),
                        1.05,
                        palette::INK
                    )],
                ));
            }
        });
    });
}

/// The last choice made: its text, feedback and the document it cites.
fn last_choice(run: &ActiveRun) -> Option<(BiText, BiText, goodwill_engine::Source)> {
    let step = run.session.last_step()?;
    Some((step.text.clone(), step.feedback.clone(), step.cites))
}

/// A wide, left-aligned answer button.
fn choice_button(content: Localized, action: UiAction, order: usize) -> impl Bundle {
    (
        Button,
        ActionButton { action, order },
        Node {
            padding: UiRect::axes(px(16), px(10)),
            border_radius: BorderRadius::all(px(8)),
            border: UiRect::all(px(2)),
            width: percent(100),
            ..default()
        },
        BorderColor::all(Color::NONE),
        BackgroundColor(palette::BUTTON),
        children![label(content, 1.1, palette::INK)],
    )
}

fn pause_overlay(mut commands: Commands, run: Option<Res<ActiveRun>>, overlays: Query<Entity, With<PauseOverlay>>) {
    let Some(run) = run else { return };
    let shown = !overlays.is_empty();
    if run.paused == shown {
        return;
    }
    if !run.paused {
        for e in &overlays {
            commands.entity(e).despawn();
        }
        return;
    }
    commands.spawn((
        PauseOverlay,
        DespawnOnExit(Screen::Play),
        GlobalZIndex(10),
        Node {
            position_type: PositionType::Absolute,
            width: percent(100),
            height: percent(100),
            align_items: AlignItems::Center,
            justify_content: JustifyContent::Center,
            ..default()
        },
        BackgroundColor(palette::SHADE),
        children![(
            panel(),
            children![
                label(Key::Paused, 1.8, palette::ACCENT),
                (button(Key::Resume, UiAction::Resume, 100), OverlayButton),
                (button(Key::Restart, UiAction::Restart, 101), OverlayButton),
                (button(Key::BackToList, UiAction::BackToList, 102), OverlayButton),
            ],
        )],
    ));
}
