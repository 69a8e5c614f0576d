//! Widgets that present a finished attempt's report, shared by the debriefs and the progress screens:
//! the outcome's colour, the balance after every step as bars, and the golden-step checklist.

use bevy::prelude::*;
use goodwill_engine::{Mood, Outcome, Report, StepStatus};

use super::theme::{Localized, label, palette};
use crate::i18n::{Key, tr};

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
    parent.spawn(label(Key::GoldenSteps, 1.1, palette::INK));
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
                tr(Key::Applied, lang),
                tr(Key::Missed, lang),
                tr(Key::NotOffered, lang)
            )
        }),
        0.8,
        palette::MUTED,
    ));
}

/// The balance after every step as bars on a 0–100 scale; an overdraft shows as a red stub.
pub fn bars(parent: &mut ChildSpawnerCommands, timeline: &[i32]) {
    parent
        .spawn(Node {
            flex_direction: FlexDirection::Row,
            align_items: AlignItems::FlexEnd,
            column_gap: px(6),
            height: px(170),
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
                let height = if balance < 0 { 3.0 } else { (balance as f32).max(2.0) };
                chart
                    .spawn(Node {
                        flex_direction: FlexDirection::Column,
                        align_items: AlignItems::Center,
                        justify_content: JustifyContent::FlexEnd,
                        height: percent(100),
                        width: px(40),
                        ..default()
                    })
                    .with_children(|column| {
                        column.spawn(label(
                            Localized::dynamic(move |_| balance.to_string()),
                            0.75,
                            palette::INK,
                        ));
                        column.spawn((
                            Node {
                                width: px(26),
                                height: percent(height * 0.8),
                                border_radius: BorderRadius::top(px(4)),
                                ..default()
                            },
                            BackgroundColor(color),
                        ));
                        column.spawn(label(
                            Localized::dynamic(move |_| if i == 0 { "0".into() } else { i.to_string() }),
                            0.7,
                            palette::MUTED,
                        ));
                    });
            }
        });
}
