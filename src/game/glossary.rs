//! Floor 5 · The glossary: the seven golden steps and the emotional account's rules, in the engine's own words, as an
//! overlay over whatever is on screen (play, debrief), and the widgets the first-run guide shows them with.
//! While open it owns the keyboard and the mouse wheel, so nothing underneath moves; closing it leaves the
//! screen below exactly as it was.

use bevy::input::InputSystems;
use bevy::input::mouse::{MouseScrollUnit, MouseWheel};
use bevy::prelude::*;
use goodwill_engine::account::rules;
use goodwill_engine::{Mood, Outcome, Principle};

use super::input::{OverlayButton, UiAction};
use super::palette;
use super::report_view::outcome_color;
use super::theme::{Localized, button, column, label, panel};
use crate::game::state::GameSet;
use crate::game::state::Screen;
use crate::i18n::Phrase;

/// Whether the glossary is over the screen.
#[derive(States, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Glossary {
    #[default]
    Closed,
    Open,
}

/// The keys that open and close the glossary.
pub const GLOSSARY_KEYS: [KeyCode; 2] = [KeyCode::KeyG, KeyCode::F1];

/// The glossary's scrolling body.
#[derive(Component)]
struct GlossaryBody;

pub(super) fn plugin(app: &mut App) {
    app.init_state::<Glossary>()
        .add_systems(OnEnter(Glossary::Open), spawn_overlay)
        .add_systems(
            PreUpdate,
            own_the_keyboard.after(InputSystems).run_if(in_state(Glossary::Open)),
        )
        .add_systems(Update, open_and_close.in_set(GameSet::Act))
        .add_systems(OnExit(Glossary::Open), resume_below)
        .add_systems(Update, close_on_screen_change.in_set(GameSet::Act));
}

fn open_and_close(mut actions: MessageReader<UiAction>, mut next: ResMut<NextState<Glossary>>) {
    for action in actions.read() {
        match action {
            UiAction::OpenGlossary => next.set(Glossary::Open),
            UiAction::CloseGlossary => next.set(Glossary::Closed),
            _ => {}
        }
    }
}

/// The play screen pauses for the glossary; closing it resumes play at the same point.
fn resume_below(mut actions: MessageWriter<UiAction>) {
    actions.write(UiAction::Resume);
}

/// A screen change (the runner ending a case, say) takes the glossary away with the screen it was over.
fn close_on_screen_change(
    mut transitions: MessageReader<StateTransitionEvent<Screen>>,
    glossary: Res<State<Glossary>>,
    mut next: ResMut<NextState<Glossary>>,
) {
    if transitions.read().count() > 0 && *glossary.get() == Glossary::Open {
        next.set(Glossary::Closed);
    }
}

/// G, F1 or Esc closes; ↑/↓ and Page Up/Down and the wheel scroll the glossary. Every key and wheel turn is
/// then taken away from the screen underneath, which must not answer, scroll or navigate meanwhile.
fn own_the_keyboard(
    mut keys: ResMut<ButtonInput<KeyCode>>,
    mut wheel: ResMut<Messages<MouseWheel>>,
    mut bodies: Query<(&mut ScrollPosition, &ComputedNode), With<GlossaryBody>>,
    mut actions: MessageWriter<UiAction>,
) {
    if keys.any_just_pressed(GLOSSARY_KEYS) || keys.just_pressed(KeyCode::Escape) {
        actions.write(UiAction::CloseGlossary);
    }
    let mut dy: f32 = wheel
        .drain()
        .map(|e| match e.unit {
            MouseScrollUnit::Line => -e.y * 40.0,
            MouseScrollUnit::Pixel => -e.y,
        })
        .sum();
    for (key, step) in [
        (KeyCode::ArrowDown, 60.0),
        (KeyCode::ArrowUp, -60.0),
        (KeyCode::PageDown, 400.0),
        (KeyCode::PageUp, -400.0),
    ] {
        if keys.just_pressed(key) {
            dy += step;
        }
    }
    if dy != 0.0 {
        for (mut position, frame) in &mut bodies {
            // No further than the end: a key held past it would otherwise pile up offset to unwind.
            let end = (frame.content_size.y - frame.size.y).max(0.0) * frame.inverse_scale_factor;
            position.0.y = (position.0.y + dy).clamp(0.0, end);
        }
    }
    keys.clear();
}

fn spawn_overlay(mut commands: Commands) {
    commands.spawn((
        Name::new("Glossary"),
        DespawnOnExit(Glossary::Open),
        // Above the pause menu and the save banner: it is opaque and takes every click.
        GlobalZIndex(30),
        Node {
            position_type: PositionType::Absolute,
            width: percent(100),
            height: percent(100),
            flex_direction: FlexDirection::Column,
            align_items: AlignItems::Center,
            padding: UiRect::all(px(16)),
            row_gap: px(8),
            ..default()
        },
        BackgroundColor(palette::BACKGROUND),
        children![
            label(Phrase::Glossary, 1.8, palette::ACCENT),
            (
                Name::new("Glossary body"),
                GlossaryBody,
                // Shows the scroll bar where the glossary is longer than the window.
                crate::game::input::Scrollable,
                Node {
                    flex_direction: FlexDirection::Row,
                    flex_wrap: FlexWrap::Wrap,
                    column_gap: px(16),
                    row_gap: px(12),
                    width: percent(100),
                    max_width: px(1400),
                    flex_grow: 1.0,
                    flex_basis: px(0),
                    align_items: AlignItems::FlexStart,
                    overflow: Overflow::scroll_y(),
                    ..default()
                },
                children![
                    (column(), children![(panel(), children![golden_steps()])]),
                    (column(), children![(panel(), children![account_terms()])]),
                ],
            ),
            (
                Node {
                    flex_direction: FlexDirection::Row,
                    column_gap: px(16),
                    align_items: AlignItems::Center,
                    flex_shrink: 0.0,
                    ..default()
                },
                children![
                    (
                        button(Phrase::CloseGlossary, UiAction::CloseGlossary, 200),
                        OverlayButton
                    ),
                    label(Phrase::GlossaryHint, 0.85, palette::MUTED),
                ],
            ),
        ],
    ));
}

/// The seven golden steps, numbered, each with what it asks of the agent.
pub fn golden_steps() -> impl Bundle {
    (
        Node {
            flex_direction: FlexDirection::Column,
            row_gap: px(8),
            ..default()
        },
        Children::spawn((
            Spawn(label(Phrase::GuideStepsTitle, 1.2, palette::ACCENT)),
            SpawnIter(Principle::GOLDEN_STEPS.into_iter().enumerate().map(|(i, step)| {
                (
                    Node {
                        flex_direction: FlexDirection::Column,
                        row_gap: px(2),
                        ..default()
                    },
                    children![
                        label(
                            Localized::dynamic(move |lang| format!("{}. {}", i + 1, step.name().get(lang))),
                            1.05,
                            palette::INK,
                        ),
                        label(step.description(), 0.9, palette::MUTED),
                    ],
                )
            })),
        )),
    )
}

/// The account's rules, as `account::rules()` gives them, each named by the term it explains.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    Scale,
    Interest,
    Promises,
    Repeats,
    Sincerity,
    Order,
    /// The game's own rule of accuracy (the trainee's judgement beside the outcome).
    Accuracy,
}

impl Rule {
    pub const ALL: [Rule; 7] = [
        Rule::Scale,
        Rule::Interest,
        Rule::Promises,
        Rule::Repeats,
        Rule::Sincerity,
        Rule::Order,
        Rule::Accuracy,
    ];

    pub fn term(self) -> Phrase {
        match self {
            Rule::Scale => Phrase::TermScale,
            Rule::Interest => Phrase::TermInterest,
            Rule::Promises => Phrase::TermPromises,
            Rule::Repeats => Phrase::TermRepeats,
            Rule::Sincerity => Phrase::TermSincerity,
            Rule::Order => Phrase::TermOrder,
            Rule::Accuracy => Phrase::TermAccuracy,
        }
    }

    /// The engine's text of this rule. Naming all six account rules here means a rule added to the engine fails to
    /// compile until it is given a term, instead of being shown under the wrong one.
    pub fn text(self) -> goodwill_engine::Bilingual {
        let [scale, interest, promises, repeats, sincerity, order] = rules();
        match self {
            Rule::Scale => scale,
            Rule::Interest => interest,
            Rule::Promises => promises,
            Rule::Repeats => repeats,
            Rule::Sincerity => sincerity,
            Rule::Order => order,
            Rule::Accuracy => goodwill_engine::accuracy::rules(),
        }
    }
}

/// The account's rules, each under its term, with the mood and outcome scales on top.
pub fn account_terms() -> impl Bundle {
    (
        Node {
            flex_direction: FlexDirection::Column,
            row_gap: px(8),
            ..default()
        },
        Children::spawn((
            Spawn(label(Phrase::AccountTerms, 1.2, palette::ACCENT)),
            Spawn(balance_scales()),
            SpawnIter(Rule::ALL.into_iter().map(rule_entry)),
        )),
    )
}

/// One rule under its term.
pub fn rule_entry(rule: Rule) -> impl Bundle {
    (
        Node {
            flex_direction: FlexDirection::Column,
            row_gap: px(2),
            ..default()
        },
        children![
            label(rule.term(), 1.05, palette::INK),
            label(rule.text(), 0.9, palette::MUTED)
        ],
    )
}

/// The 0–100 balance as two bars, moods above and outcomes below, each band as wide as its range. The
/// bands are read off the engine's own `Mood::of` and `Outcome::for_final_balance`, so they cannot drift.
pub fn balance_scales() -> impl Bundle {
    let moods = bands(|b| Mood::of(b).label(), |b| mood_color(Mood::of(b)));
    let outcomes = bands(
        |b| Outcome::for_final_balance(b).label(),
        |b| outcome_color(Outcome::for_final_balance(b)),
    );
    (
        Node {
            flex_direction: FlexDirection::Column,
            row_gap: px(4),
            flex_shrink: 0.0,
            ..default()
        },
        children![
            label(Phrase::GuideMoodScale, 0.85, palette::MUTED),
            scale_bar(moods),
            label(Phrase::GuideOutcomeScale, 0.85, palette::MUTED),
            scale_bar(outcomes),
        ],
    )
}

/// A band of the balance scale: from `start` up to (not including) `end`.
#[derive(Clone)]
struct Band {
    start: i32,
    end: i32,
    name: goodwill_engine::Bilingual,
    color: Color,
}

fn bands(name: impl Fn(i32) -> goodwill_engine::Bilingual, color: impl Fn(i32) -> Color) -> Vec<Band> {
    let mut out: Vec<Band> = Vec::new();
    for balance in 0..=100 {
        let here = name(balance);
        match out.last_mut() {
            Some(band) if band.name == here => band.end = balance + 1,
            _ => out.push(Band {
                start: balance,
                end: balance + 1,
                name: here,
                color: color(balance),
            }),
        }
    }
    out
}

fn scale_bar(bands: Vec<Band>) -> impl Bundle {
    (
        Node {
            flex_direction: FlexDirection::Row,
            width: percent(100),
            column_gap: px(2),
            ..default()
        },
        Children::spawn(SpawnIter(bands.into_iter().map(|band| {
            let Band {
                start,
                end,
                name,
                color,
            } = band;
            let last = end - 1;
            (
                Node {
                    flex_grow: (end - start) as f32,
                    flex_basis: px(0),
                    flex_direction: FlexDirection::Column,
                    align_items: AlignItems::Center,
                    padding: UiRect::axes(px(2), px(4)),
                    overflow: Overflow::clip(),
                    ..default()
                },
                BackgroundColor(color),
                children![
                    label(name, 0.75, Color::WHITE),
                    label(
                        Localized::dynamic(move |_| format!("{start}–{last}")),
                        0.7,
                        Color::WHITE
                    ),
                ],
            )
        }))),
    )
}

fn mood_color(mood: Mood) -> Color {
    match mood {
        Mood::Furious => Color::srgb(0.62, 0.14, 0.12),
        Mood::Angry => palette::WITHDRAWAL,
        Mood::Upset => Color::srgb(0.78, 0.45, 0.16),
        Mood::Neutral => palette::MUTED,
        Mood::Satisfied => Color::srgb(0.25, 0.52, 0.40),
        Mood::Delighted => palette::DEPOSIT,
    }
}
