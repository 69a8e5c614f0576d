//! Floor 5 · The step-by-step replay of one past attempt (← / →): what the customer said, every option shown with
//! the one chosen and the best one marked, the score and the feedback.

use bevy::prelude::*;
use goodwill_engine::Bilingual;
use goodwill_store::clock;

use super::{Screen, TranscriptView, title_of};
use crate::describe::{accuracy_text, review_text};
use crate::game::input::{Shortcuts, UiAction};
use crate::game::library::Library;
use crate::game::palette;
use crate::game::report_view::{AccuracyMark, bars, class_color, feedback_panel};
use crate::game::state::GameSet;
use crate::game::theme::{Localized, button, button_row, label, panel, screen_root};
use crate::i18n::{Phrase, colon, step_of, tr};

#[derive(Component)]
struct TranscriptRoot;

/// Marks the replay's panel of reflection answers, for tests.
#[derive(Component)]
pub struct ReplayReflections;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Transcript), spawn_transcript_root)
        .add_systems(
            Update,
            (
                transcript_actions.in_set(GameSet::Act),
                rebuild_transcript.in_set(GameSet::Present),
            )
                .run_if(in_state(Screen::Transcript)),
        );
}

fn spawn_transcript_root(mut commands: Commands, mut view: ResMut<TranscriptView>) {
    commands.spawn((
        Name::new("Transcript screen"),
        DespawnOnExit(Screen::Transcript),
        TranscriptRoot,
        screen_root(),
        // ← / → step through the replay (so they don't also move the focus); Esc goes back.
        Shortcuts(&[
            (KeyCode::Escape, UiAction::Back),
            (KeyCode::ArrowRight, UiAction::NextStep),
            (KeyCode::ArrowLeft, UiAction::PreviousStep),
        ]),
    ));
    // Build on the first frame.
    view.set_changed();
}

fn transcript_actions(
    mut actions: MessageReader<UiAction>,
    mut next: ResMut<NextState<Screen>>,
    mut view: ResMut<TranscriptView>,
) {
    let last = view.decisions.len().saturating_sub(1);
    let mut step = view.step;
    for action in actions.read() {
        match action {
            UiAction::Back => next.set(Screen::Progress),
            UiAction::NextStep => step = (step + 1).min(last),
            UiAction::PreviousStep => step = step.saturating_sub(1),
            _ => {}
        }
    }
    if step != view.step {
        view.step = step;
    }
}

fn rebuild_transcript(
    mut commands: Commands,
    view: Res<TranscriptView>,
    library: Res<Library>,
    roots: Query<Entity, With<TranscriptRoot>>,
) {
    if !view.is_changed() {
        return;
    }
    let Ok(root) = roots.single() else { return };
    let Some(attempt) = view.attempt.clone() else { return };
    let title = title_of(&library, &attempt.scenario);
    let total = view.decisions.len();
    let index = view.step;
    let decision = view.decisions.get(index).cloned();
    let reflections = view.reflections.clone();
    let timeline: Vec<i32> = std::iter::once(view.decisions.first().map_or(0, |d| d.balance_after - d.delta))
        .chain(view.decisions.iter().take(index + 1).map(|d| d.balance_after))
        .collect();
    commands
        .entity(root)
        .despawn_related::<Children>()
        .with_children(|root| {
            let a = attempt.clone();
            root.spawn(label(
                Localized::dynamic(move |lang| {
                    format!(
                        "{} · {} · {} · {}",
                        tr(Phrase::Transcript, lang),
                        title.get(lang),
                        a.profile,
                        clock::short(a.started_at)
                    )
                }),
                1.6,
                palette::ACCENT,
            ));
            root.spawn(button_row()).with_children(|row| {
                row.spawn(button(Phrase::PreviousStep, UiAction::PreviousStep, 0));
                row.spawn(button(Phrase::NextStep, UiAction::NextStep, 1));
                row.spawn(button(Phrase::Back, UiAction::Back, 2));
            });
            let accuracy = attempt.accuracy;
            root.spawn((
                AccuracyMark::Attempt(accuracy),
                label(
                    Localized::dynamic(move |lang| {
                        format!(
                            "{} · {}{}{}",
                            step_of(index + 1, total, lang),
                            tr(Phrase::Accuracy, lang),
                            colon(lang),
                            accuracy_text(accuracy)
                        )
                    }),
                    1.0,
                    palette::MUTED,
                ),
            ));
            // What the trainee wrote after the case, under every step of its replay.
            if !reflections.is_empty() {
                root.spawn((ReplayReflections, panel())).with_children(|p| {
                    p.spawn(label(Phrase::ReflectionAnswers, 1.1, palette::INK));
                    for reflection in reflections {
                        let (asked, answer) = (reflection.asked, reflection.answer);
                        p.spawn(label(&asked, 0.95, palette::MUTED));
                        p.spawn(label(Localized::dynamic(move |_| answer.clone()), 1.0, palette::INK));
                    }
                });
            }
            let Some(d) = decision else { return };
            root.spawn(Node {
                flex_direction: FlexDirection::Column,
                row_gap: px(10),
                width: percent(100),
                max_width: px(1100),
                ..default()
            })
            .with_children(|col| {
                // The judgement stored with the decision: shown even when the case is no longer installed.
                let review = d.transcript.step.review;
                let class = review.map(|r| r.class);
                col.spawn((
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
                        1.1,
                        class_color(class),
                    ),
                ));
                if let Some(narration) = &d.transcript.narration {
                    col.spawn(label(narration, 1.0, palette::MUTED));
                }
                col.spawn(panel()).with_children(|p| {
                    p.spawn(label(&d.transcript.customer, 1.2, palette::INK));
                });
                // The answer is the ▶ line among the options: every option, the best starred, right under
                // what the customer said, so the replay shows what else could have been said at a glance.
                let scenario = library
                    .find(&attempt.scenario)
                    .filter(|s| s.version == attempt.scenario_version);
                options_shown(col, &d.transcript, scenario.map(|s| &**s));
                let (delta, balance, rating) = (d.delta, d.balance_after, d.sincerity);
                col.spawn(label(
                    Localized::dynamic(move |lang| {
                        let rated = rating
                            .map(|r| format!(" · {} {r}/5", tr(Phrase::Sincerity, lang)))
                            .unwrap_or_default();
                        format!(
                            "{delta:+} → {}{}{}{rated}",
                            tr(Phrase::Balance, lang),
                            colon(lang),
                            crate::describe::balance_words(balance, lang)
                        )
                    }),
                    1.1,
                    if delta >= 0 {
                        palette::DEPOSIT
                    } else {
                        palette::WITHDRAWAL
                    },
                ));
                feedback_panel(col, &d.transcript.step.feedback, d.transcript.step.cites, 1.0);
                col.spawn(panel()).with_children(|p| bars(p, &timeline));
                col.spawn(label(Phrase::TranscriptHint, 0.85, palette::MUTED));
            });
        });
}

/// The options as the trainee saw them, in the order shown: the one chosen marked, the best ones
/// starred, so a replay says what else could have been said; with the case still in the library (same
/// version), each option also says why it works or fails.
fn options_shown(
    parent: &mut ChildSpawnerCommands,
    transcript: &goodwill_store::TranscriptStep,
    scenario: Option<&goodwill_engine::Scenario>,
) {
    let options = &transcript.options;
    if options.is_empty() {
        // Recorded before the order shown was kept: only the answer itself is known.
        let said = transcript.step.text.clone();
        parent.spawn(label(
            Localized::dynamic(move |lang| format!("{}{}{}", tr(Phrase::You, lang), colon(lang), said.get(lang))),
            1.1,
            palette::ACCENT,
        ));
        return;
    }
    let chosen = transcript.step.shown_position();
    let best = options.iter().map(|o| o.score).max().unwrap_or(0);
    let reasons: Vec<Option<Bilingual>> = match scenario.map(|s| transcript.step.options(s)) {
        Some(reviewed) if reviewed.len() == options.len() => reviewed.into_iter().map(|r| Some(r.feedback)).collect(),
        _ => vec![None; options.len()],
    };
    parent.spawn(panel()).with_children(|p| {
        p.spawn(label(Phrase::OptionsShown, 0.95, palette::INK));
        for (position, (option, reason)) in options.iter().zip(reasons).enumerate() {
            let text = option.text.clone();
            let mark = if Some(position) == chosen { "▶" } else { "·" };
            let star = if option.score == best { " ★" } else { "" };
            let score = option.score;
            p.spawn(label(
                Localized::dynamic(move |lang| format!("{mark} ({score:+}){star} {}", text.get(lang))),
                1.0,
                if Some(position) == chosen {
                    palette::ACCENT
                } else {
                    palette::INK
                },
            ));
            if let Some(reason) = reason {
                p.spawn((
                    Node {
                        padding: UiRect::left(px(28)),
                        ..default()
                    },
                    children![label(reason, 0.85, palette::MUTED)],
                ));
            }
        }
        p.spawn(label(Phrase::OptionsShownHint, 0.85, palette::MUTED));
    });
}
