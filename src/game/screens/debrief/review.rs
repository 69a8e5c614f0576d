//! Floor 5 · The debrief's review of the answers: the mistakes made (described neutrally, with the trainee's own
//! lines) and, for every step, every option shown with its score and why it works or fails.

use bevy::prelude::*;
use goodwill_engine::report::OptionReview;
use goodwill_engine::{Report, Scenario};

use crate::describe::{cited, review_text};
use crate::game::palette;
use crate::game::report_view::{AccuracyMark, class_color};
use crate::game::theme::{Localized, label};
use crate::i18n::{Phrase, colon, step_label, tr};

/// Marks the lines of the mistakes panel, for tests.
#[derive(Component, Debug)]
pub struct MistakeLine;

/// Marks one option in the per-step review, for tests.
#[derive(Component, Debug)]
pub struct OptionReviewed {
    pub chosen: bool,
    pub best: bool,
}

/// The mistakes made, each described neutrally and followed by the trainee's own lines that made it:
/// never an example line from the documents, which may come from another case.
pub(super) fn mistakes(p: &mut ChildSpawnerCommands, report: &Report) {
    p.spawn(label(Phrase::AntiPatterns, 1.1, palette::INK));
    if report.anti_patterns.is_empty() {
        p.spawn(label(Phrase::NoAntiPatterns, 0.95, palette::DEPOSIT));
    }
    for &pattern in &report.anti_patterns {
        p.spawn((MistakeLine, label(pattern.name(), 0.95, palette::WITHDRAWAL)));
        for (step, said) in report.lines_committing(pattern) {
            let said = said.clone();
            p.spawn((
                MistakeLine,
                label(
                    Localized::dynamic(move |lang| format!("    {step}. “{}”", said.get(lang))),
                    0.85,
                    palette::MUTED,
                ),
            ));
        }
    }
}

/// Each step: what the trainee said and what it did, then every option shown there, in the order seen,
/// with its score and one line of why it works or fails.
pub(super) fn step_review(p: &mut ChildSpawnerCommands, report: &Report, scenario: Option<&Scenario>) {
    p.spawn(label(Phrase::Feedback, 1.1, palette::INK));
    p.spawn(label(Phrase::OptionsShownHint, 0.85, palette::MUTED));
    for (i, step) in report.steps.iter().enumerate() {
        let delta = step.delta;
        let color = if delta >= 0 {
            palette::DEPOSIT
        } else {
            palette::WITHDRAWAL
        };
        let review = step.review;
        let class = review.map(|r| r.class);
        p.spawn((
            Node {
                margin: UiRect::top(px(if i == 0 { 0 } else { 10 })),
                flex_direction: FlexDirection::Row,
                flex_wrap: FlexWrap::Wrap,
                column_gap: px(14),
                ..default()
            },
            children![
                label(
                    // The line itself is the ▶ option below; the heading gives what it did to the account,
                    // with interest and repetition, beside the options' immediate scores.
                    Localized::dynamic(move |lang| {
                        format!(
                            "{} · {}{}{delta:+}",
                            step_label(i + 1, lang),
                            tr(Phrase::Balance, lang),
                            colon(lang)
                        )
                    }),
                    1.0,
                    color,
                ),
                // How much of the best reachable ending this answer gave away, in a word.
                (
                    AccuracyMark::Step(class),
                    label(
                        Localized::dynamic(move |lang| {
                            format!(
                                "{}{}{}",
                                tr(Phrase::Judgement, lang),
                                colon(lang),
                                review_text(review, lang)
                            )
                        }),
                        1.0,
                        class_color(class),
                    )
                )
            ],
        ));
        let options = scenario.map(|s| step.options(s)).unwrap_or_default();
        if options.is_empty() {
            // The scenario is gone from the library: the chosen line and its own feedback are all there is.
            let (said, feedback, cites) = (step.text.clone(), step.feedback.clone(), step.cites);
            p.spawn(label(
                Localized::dynamic(move |lang| format!("▶ {}", said.get(lang))),
                0.9,
                palette::ACCENT,
            ));
            p.spawn(label(
                Localized::dynamic(move |lang| format!("    {}", cited(feedback.get(lang), cites, lang))),
                0.85,
                palette::MUTED,
            ));
            continue;
        }
        for option in options {
            p.spawn(option_review(option));
        }
    }
}

/// One option at a step: ▶ if chosen, ★ if best, its score, and its reasoning on the line below.
fn option_review(option: OptionReview) -> impl Bundle {
    let OptionReview {
        text,
        score,
        feedback,
        cites,
        chosen,
        best,
    } = option;
    let mark = if chosen { "▶" } else { "·" };
    let star = if best { " ★" } else { "" };
    let heading = label(
        Localized::dynamic(move |lang| format!("{mark} ({score:+}){star} {}", text.get(lang))),
        0.9,
        if chosen { palette::ACCENT } else { palette::INK },
    );
    let reason = label(
        Localized::dynamic(move |lang| cited(feedback.get(lang), cites, lang)),
        0.8,
        palette::MUTED,
    );
    (
        OptionReviewed { chosen, best },
        Node {
            flex_direction: FlexDirection::Column,
            padding: UiRect::left(px(24)),
            row_gap: px(2),
            ..default()
        },
        children![
            heading,
            (
                Node {
                    padding: UiRect::left(px(22)),
                    ..default()
                },
                children![reason]
            )
        ],
    )
}
