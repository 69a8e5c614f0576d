//! Floor 4 · Widgets that present a finished attempt's report, shared by the debriefs and the progress screens:
//! the outcome's colour, the balance after every step as bars, the golden-step checklist and the accuracy.

use bevy::prelude::*;
use goodwill_engine::accuracy::{Class, StepReview};
use goodwill_engine::{Bilingual, Mood, Outcome, Report, Source, StepStatus};

use super::palette;
use super::theme::{Localized, label, panel};
use crate::describe::{accuracy_text, class_counts};
use crate::i18n::{Phrase, colon, tr};

/// Marks the accuracy figure and each step's judgement, for tests: the accuracy (`None` unknown), or the
/// step's class.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccuracyMark {
    Attempt(Option<u8>),
    Step(Option<Class>),
}

/// The colour a decision's class is shown in: best and good green, an inaccuracy amber, a mistake or a
/// blunder red, unknown muted.
pub fn class_color(class: Option<Class>) -> Color {
    match class {
        Some(Class::Best | Class::Good) => palette::DEPOSIT,
        Some(Class::Inaccuracy) => Color::srgb(0.70, 0.50, 0.12),
        Some(Class::Mistake | Class::Blunder) => palette::WITHDRAWAL,
        None => palette::MUTED,
    }
}

/// The accuracy beside the outcome: the figure, how many steps fell in each class, and what it means
/// (the outcome is the customer's fate, accuracy the trainee's judgement). "—" when unknown.
pub fn accuracy_panel(parent: &mut ChildSpawnerCommands, accuracy: Option<u8>, reviews: Vec<Option<StepReview>>) {
    parent.spawn(panel()).with_children(|p| {
        let color = match accuracy {
            Some(a) if a >= 90 => palette::DEPOSIT,
            Some(a) if a >= 70 => Color::srgb(0.70, 0.50, 0.12),
            Some(_) => palette::WITHDRAWAL,
            None => palette::MUTED,
        };
        p.spawn((
            AccuracyMark::Attempt(accuracy),
            label(
                Localized::dynamic(move |lang| {
                    format!(
                        "{}{}{}",
                        tr(Phrase::Accuracy, lang),
                        colon(lang),
                        accuracy_text(accuracy)
                    )
                }),
                1.4,
                color,
            ),
        ));
        if accuracy.is_some() {
            p.spawn(label(
                Localized::dynamic(move |lang| class_counts(reviews.iter().copied(), lang)),
                0.95,
                palette::INK,
            ));
            p.spawn(label(Phrase::AccuracyHint, 0.85, palette::MUTED));
        } else {
            p.spawn(label(Phrase::AccuracyUnknownHint, 0.85, palette::MUTED));
        }
    });
}

/// The colour an outcome is shown in: lost red, resolved amber, kept green.
pub fn outcome_color(outcome: Outcome) -> Color {
    match outcome {
        Outcome::Lost => palette::WITHDRAWAL,
        Outcome::Resolved => Color::srgb(0.70, 0.50, 0.12),
        Outcome::Retained | Outcome::Loyal => palette::DEPOSIT,
    }
}

/// The seven golden steps: applied ✓, missed ✗, not offered on this path –.
pub fn checklist(parent: &mut ChildSpawnerCommands, report: &Report) {
    parent.spawn(label(Phrase::GoldenSteps, 1.1, palette::INK));
    for (step, status) in report.golden_checklist().iter() {
        let (mark, color) = match status {
            StepStatus::Applied => ("✓", palette::DEPOSIT),
            StepStatus::Missed => ("×", palette::WITHDRAWAL),
            StepStatus::NotOffered => ("–", palette::MUTED),
        };
        let number = step.golden_step().unwrap_or(0);
        parent.spawn(label(
            Localized::dynamic(move |lang| format!("{mark} {number}. {}", step.name().get(lang))),
            0.95,
            color,
        ));
    }
    parent.spawn(label(
        Localized::dynamic(|lang| {
            format!(
                "✓ {}  × {}  – {}",
                tr(Phrase::Applied, lang),
                tr(Phrase::Missed, lang),
                tr(Phrase::NotOffered, lang)
            )
        }),
        0.8,
        palette::MUTED,
    ));
}

/// The balance after every step as bars on a 0–100 scale, big enough to read across a room: each bar
/// carries its value above and its step below ("start" for the opening balance); an overdraft shows as a
/// red stub with its value in red.
pub fn bars(parent: &mut ChildSpawnerCommands, timeline: &[i32]) {
    parent
        .spawn(Node {
            flex_direction: FlexDirection::Row,
            flex_wrap: FlexWrap::Wrap,
            align_items: AlignItems::FlexEnd,
            column_gap: px(10),
            row_gap: px(10),
            padding: UiRect::top(px(8)),
            ..default()
        })
        .with_children(|chart| {
            for (i, &balance) in timeline.iter().enumerate() {
                let color = match Mood::of(balance) {
                    _ if balance < 0 => palette::WITHDRAWAL,
                    Mood::Furious | Mood::Angry => Color::srgb(0.86, 0.42, 0.32),
                    Mood::Upset | Mood::Neutral => Color::srgb(0.85, 0.66, 0.28),
                    Mood::Satisfied | Mood::Delighted => palette::DEPOSIT,
                };
                // 0–100 over 200 px; an overdraft is a stub, never a bar that reads as a deposit.
                let height = if balance < 0 {
                    6.0
                } else {
                    (balance.min(100) as f32 * 2.0).max(4.0)
                };
                chart
                    .spawn(Node {
                        flex_direction: FlexDirection::Column,
                        align_items: AlignItems::Center,
                        justify_content: JustifyContent::FlexEnd,
                        height: px(280),
                        min_width: px(56),
                        row_gap: px(4),
                        ..default()
                    })
                    .with_children(|column| {
                        column.spawn(label(
                            Localized::dynamic(move |lang| crate::describe::balance_short(balance, lang)),
                            1.0,
                            if balance < 0 { palette::WITHDRAWAL } else { palette::INK },
                        ));
                        column.spawn((
                            Node {
                                width: px(44),
                                height: px(height),
                                border_radius: BorderRadius::top(px(5)),
                                ..default()
                            },
                            BackgroundColor(color),
                        ));
                        column.spawn(label(
                            Localized::dynamic(move |lang| {
                                if i == 0 {
                                    tr(Phrase::ChartStart, lang).to_owned()
                                } else {
                                    i.to_string()
                                }
                            }),
                            0.9,
                            palette::INK,
                        ));
                    });
            }
        });
}

/// The feedback on an answer in a panel, naming the document it comes from once: after a choice in
/// play and at each step of a replay.
pub fn feedback_panel(parent: &mut ChildSpawnerCommands, feedback: &Bilingual, cites: Source, rem: f32) {
    let feedback = feedback.clone();
    parent.spawn(panel()).with_children(|p| {
        p.spawn(label(
            Localized::dynamic(move |lang| crate::describe::cited(feedback.get(lang), cites, lang)),
            rem,
            palette::INK,
        ));
    });
}
