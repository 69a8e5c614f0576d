//! Floor 5 · The play screen's right column: the customer's line (revealed by the view), the answers in the order
//! shown, the sincerity rating in a pair exercise, and the feedback on the last answer.

use bevy::prelude::*;
use goodwill_engine::{Bilingual, Scenario};

use super::CustomerLine;
use crate::game::input::{ActionButton, Scrollable, ShrinksToFit, UiAction};
use crate::game::palette;
use crate::game::report_view::feedback_panel;
use crate::game::run::{ActiveRun, Phase};
use crate::game::theme::{Localized, button, label, panel};
use crate::i18n::{Phrase, colon, tr};

/// The case's name and scene, wrapped (never cut at the edge), and, in a practice branch, a marker that
/// this run is practice and not counted.
pub(super) fn case_heading(parent: &mut ChildSpawnerCommands, run: &ActiveRun, scenario: &Scenario) {
    let (title, setting) = (scenario.title.clone(), scenario.setting.clone());
    // The scene is set once, with the first line; after it the name alone, and its lines go to the
    // conversation so far and the answers.
    let first_line = run.session.history().next().is_none();
    parent.spawn((
        Name::new("Case heading"),
        label(
            Localized::dynamic(move |lang| {
                if first_line {
                    format!("{} — {}", title.get(lang), setting.get(lang))
                } else {
                    title.get(lang).to_owned()
                }
            }),
            0.95,
            palette::MUTED,
        ),
    ));
    if run.practice {
        parent
            .spawn((
                PracticeMarker,
                Node {
                    padding: UiRect::axes(px(10), px(2)),
                    border_radius: BorderRadius::all(px(6)),
                    align_self: AlignSelf::FlexStart,
                    ..default()
                },
                BackgroundColor(palette::ACCENT),
            ))
            .with_child(label(Phrase::PracticeRun, 0.9, Color::WHITE));
    }
}

/// Marks the "practice, not counted" tag of a practice branch, for tests.
#[derive(Component)]
pub struct PracticeMarker;

/// Marks the customer's line: a click on it shows the line whole, as Space does.
#[derive(Component)]
pub struct ShowsTheLine;

/// The button a phase opens with highlighted: the first answer, the middle of the sincerity scale (a
/// rating the customer player moves from, never a verdict pressed by accident), Continue after feedback.
/// While the line is revealed nothing is: Enter shows the rest of the line.
pub(super) fn first_focus(phase: Phase) -> Option<usize> {
    match phase {
        Phase::Reveal => None,
        Phase::Choosing => Some(0),
        Phase::Rating(_) => Some(MIDDLE_RATING_ORDER),
        Phase::Feedback | Phase::Closed => Some(CONTINUE_ORDER),
    }
}

/// Focus order of the rating 3 button (ratings 1–5 are orders 0–4).
const MIDDLE_RATING_ORDER: usize = 2;
/// Focus order of Continue after an answer.
const CONTINUE_ORDER: usize = 0;

pub(super) fn conversation(parent: &mut ChildSpawnerCommands, run: &ActiveRun, scenario: &Scenario) {
    let session = &run.session;
    if let (Phase::Rating(index), Some(node)) = (run.phase, session.current_node()) {
        rating_prompt(parent, run, &node.choices[index].text, index);
        return;
    }
    if let Some(node) = session.current_node()
        && run.phase != Phase::Feedback
        && run.phase != Phase::Closed
    {
        history(parent, run, scenario);
        if let Some(narration) = session.current_narration().cloned() {
            // The scene as it stands, whole: it is what the line below answers to.
            parent.spawn((Name::new("Narration"), label(&narration, 0.95, palette::MUTED)));
        }
        let name = scenario.customer.name.clone();
        parent.spawn(label(
            Localized::dynamic(move |lang| name.get(lang).to_string()),
            1.0,
            palette::ACCENT,
        ));
        // A click on the line shows it whole (as Space does); it is not a stop of the keyboard's focus,
        // where Enter would do nothing once the line is shown.
        parent
            .spawn((panel(), Button, Interaction::default(), ShowsTheLine))
            .with_children(|p| {
                // Text is filled in by the reveal system.
                p.spawn((
                    Text::default(),
                    CustomerLine,
                    TextFont {
                        font_size: FontSize::Rem(1.25),
                        ..default()
                    },
                    TextColor(palette::INK),
                ));
            });
        if run.phase == Phase::Choosing && run.class_vote.is_some() {
            // The class votes from their phones: the answers, the count and then the split.
            parent.spawn(super::vote_panel::vote_answers());
        } else if run.phase == Phase::Choosing {
            // In a box of their own that scrolls when the column is short (the largest text on a
            // projector), so the line they answer stays in sight above them.
            parent.spawn(answer_box()).with_children(|answers| {
                // Shown in the session's seeded order: the number on a button is its position, never a
                // tell.
                for (position, &index) in session.offered().iter().enumerate() {
                    let text = node.choices[index].text.clone();
                    answers.spawn(choice_button(
                        Localized::dynamic(move |lang| format!("{}. {}", position + 1, text.get(lang))),
                        UiAction::Choose(position),
                        position,
                    ));
                }
            });
        }
        return;
    }
    // After a choice: what it did, and why.
    if let Some((text, feedback, cites)) = last_choice(run) {
        // In a class vote the answer was the class's.
        let who = if run.class_vote.is_some() {
            Phrase::TheClass
        } else {
            Phrase::You
        };
        parent.spawn(label(
            Localized::dynamic(move |lang| format!("{}{}{}", tr(who, lang), colon(lang), text.get(lang))),
            1.1,
            palette::INK,
        ));
        feedback_panel(parent, &feedback, cites, 1.05);
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
                b.spawn(label(Phrase::AccountClosed, 1.5, Color::WHITE));
            });
    }
    parent.spawn(button(Phrase::Continue, UiAction::Continue, CONTINUE_ORDER));
}

/// Pair exercise: the agent has said a marked line aloud; the customer player rates its sincerity 1–5.
fn rating_prompt(parent: &mut ChildSpawnerCommands, run: &ActiveRun, said: &Bilingual, _index: usize) {
    let said = said.clone();
    let customer = run.pair.as_ref().map(|p| p.customer.clone()).unwrap_or_default();
    parent.spawn(label(
        Localized::dynamic(move |lang| format!("{}{}{}", tr(Phrase::You, lang), colon(lang), said.get(lang))),
        1.1,
        palette::INK,
    ));
    parent.spawn(panel()).with_children(|p| {
        p.spawn(label(
            Localized::dynamic(move |lang| format!("{customer} · {}", tr(Phrase::RateSincerity, lang))),
            1.2,
            palette::ACCENT,
        ));
        p.spawn(label(Phrase::RateSincerityHint, 0.9, palette::MUTED));
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
                    Phrase::Sincerity1,
                    Phrase::Sincerity2,
                    Phrase::Sincerity3,
                    Phrase::Sincerity4,
                    Phrase::Sincerity5,
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
fn last_choice(run: &ActiveRun) -> Option<(Bilingual, Bilingual, goodwill_engine::Source)> {
    let step = run.session.last_step()?;
    Some((step.text.clone(), step.feedback.clone(), step.cites))
}

/// The answers' box: as tall as the answers when there is room, down to a third of the window (the longest
/// answer at the largest text) when there is not, scrolling inside itself.
pub(super) fn answer_box() -> impl Bundle {
    (
        Name::new("Answers"),
        Node {
            flex_direction: FlexDirection::Column,
            row_gap: px(12),
            // Gives way in earnest only once the conversation so far is down to its least (flex shares a
            // shortfall by these factors times the heights; that box's is 100).
            flex_shrink: 1.0,
            // Two long English answers at the largest text on 720p: one alone must never fill it.
            min_height: vh(40),
            overflow: Overflow::scroll_y(),
            // Room for the scroll bar beside the answers, never over them.
            padding: UiRect::right(px(14)),
            ..default()
        },
        Scrollable,
        ShrinksToFit,
    )
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
        children![label(content, 1.0, palette::INK)],
    )
}

/// The conversation so far — the customer's earlier lines and the player's answers — in a box of its own
/// that scrolls (opened at its end, the latest exchange), so the current line and the answers keep their
/// place. When the column is short (the largest text) it gives way first. The stage direction before the
/// current line is not in it: it is shown whole, under it.
fn history(parent: &mut ChildSpawnerCommands, run: &ActiveRun, scenario: &Scenario) {
    let said: Vec<(Bilingual, Bilingual)> = run
        .session
        .history()
        .map(|(line, step)| (line.clone(), step.text.clone()))
        .collect();
    if said.is_empty() {
        return;
    }
    let name = scenario.customer.name.clone();
    parent
        .spawn((
            Name::new("Conversation so far"),
            ConversationHistory,
            // Gives way to the answers first when the column is short; the wheel over it and Page Up/Down
            // scroll it back to the start.
            ShrinksToFit,
            Scrollable,
            Node {
                flex_direction: FlexDirection::Column,
                flex_shrink: 100.0,
                row_gap: px(4),
                max_height: vh(22),
                // The last exchange's last line whole, at the largest text.
                min_height: vh(9),
                overflow: Overflow::scroll_y(),
                padding: UiRect::axes(px(12), px(6)),
                border_radius: BorderRadius::all(px(8)),
                ..default()
            },
            BackgroundColor(palette::PANEL),
            // Opens at the latest exchange: layout clamps this to the end of the content.
            ScrollPosition(Vec2::new(0.0, f32::MAX)),
        ))
        .with_children(|box_| {
            box_.spawn(label(Phrase::SoFar, 0.8, palette::MUTED));
            for (line, answer) in said {
                let name = name.clone();
                box_.spawn(label(
                    Localized::dynamic(move |lang| format!("{}{}{}", name.get(lang), colon(lang), line.get(lang))),
                    0.85,
                    palette::MUTED,
                ));
                box_.spawn(label(
                    Localized::dynamic(move |lang| {
                        format!("{}{}{}", tr(Phrase::You, lang), colon(lang), answer.get(lang))
                    }),
                    0.85,
                    palette::INK,
                ));
            }
        });
}

/// Marks the conversation-so-far box, for tests.
#[derive(Component)]
pub struct ConversationHistory;
