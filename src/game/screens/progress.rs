//! Progress: a trainee's first versus latest attempt per scenario and per golden step, their past
//! attempts, and a step-by-step replay of any one of them.

use bevy::prelude::*;
use goodwill_engine::{Principle, Text as BiText};
use goodwill_store::summary::{self, StepTally};
use goodwill_store::{Attempt, Decision, clock};

use super::Screen;
use crate::game::GameSet;
use crate::game::input::UiAction;
use crate::game::library::Library;
use crate::game::records::{Player, ResultsDb};
use crate::game::report_view::{bars, outcome_color};
use crate::game::theme::{Localized, button, button_row, column, label, palette, panel, screen_root};
use crate::i18n::{Key, colon, step_of, tr};

/// Past attempts listed on the progress screen, newest first.
#[derive(Resource, Debug, Default)]
struct PastAttempts(Vec<Attempt>);

/// The attempt being replayed and the step shown.
#[derive(Resource, Debug, Default)]
pub struct TranscriptView {
    pub attempt: Option<Attempt>,
    pub decisions: Vec<Decision>,
    pub step: usize,
}

#[derive(Component)]
struct TranscriptRoot;

/// How many past attempts the list shows.
const LISTED: usize = 30;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<PastAttempts>()
        .init_resource::<TranscriptView>()
        .add_systems(OnEnter(Screen::Progress), spawn_progress)
        .add_systems(
            Update,
            progress_actions.in_set(GameSet::Act).run_if(in_state(Screen::Progress)),
        )
        .add_systems(OnEnter(Screen::Transcript), spawn_transcript_root)
        .add_systems(
            Update,
            (
                transcript_actions.in_set(GameSet::Act),
                rebuild_transcript.in_set(GameSet::Present),
            )
                .run_if(in_state(Screen::Transcript)),
        );
}

fn title_of(library: &Library, id: &str) -> BiText {
    library
        .find(id)
        .map(|s| s.title.clone())
        .unwrap_or_else(|| BiText::new(id, id))
}

/// "2/3", or "not reached" when the step was never on offer: "0/0" reads as a failure.
fn tally_text(t: StepTally, lang: goodwill_engine::Lang) -> String {
    if t.offered == 0 {
        tr(Key::NotReached, lang).to_owned()
    } else {
        format!("{}/{}", t.applied, t.offered)
    }
}

fn spawn_progress(
    mut commands: Commands,
    db: Res<ResultsDb>,
    player: Res<Player>,
    library: Res<Library>,
    mut past: ResMut<PastAttempts>,
) {
    let attempts = player
        .profile
        .as_ref()
        .and_then(|p| db.with(|s| s.finished_attempts(Some(p), None)))
        .unwrap_or_default();
    let progress = summary::progress(&attempts);
    past.0 = attempts.iter().rev().take(LISTED).cloned().collect();
    let who = player.profile.clone().unwrap_or_default();
    commands
        .spawn((
            Name::new("Progress screen"),
            DespawnOnExit(Screen::Progress),
            screen_root(),
        ))
        .with_children(|root| {
            root.spawn(label(
                Localized::dynamic(move |lang| format!("{} · {who}", tr(Key::Progress, lang))),
                2.2,
                palette::ACCENT,
            ));
            root.spawn(button(Key::Back, UiAction::Back, 1000));
            if attempts.is_empty() {
                root.spawn(label(Key::NoAttempts, 1.1, palette::MUTED));
                return;
            }
            root.spawn(Node {
                flex_direction: FlexDirection::Row,
                column_gap: px(18),
                width: percent(100),
                max_width: px(1400),
                align_items: AlignItems::FlexStart,
                ..default()
            })
            .with_children(|columns| {
                columns.spawn(column()).with_children(|left| {
                    left.spawn(panel()).with_children(|p| {
                        for (id, results) in &progress.scenarios {
                            let title = title_of(&library, id);
                            let (first, latest, count) = (results.first.clone(), results.latest.clone(), results.count);
                            let color = latest
                                .as_ref()
                                .and_then(|a| a.outcome)
                                .map_or(palette::INK, outcome_color);
                            // The count sits beside the line, never wrapped onto a line of its own.
                            p.spawn(Node {
                                flex_direction: FlexDirection::Row,
                                column_gap: px(12),
                                align_items: AlignItems::FlexStart,
                                ..default()
                            })
                            .with_children(|row| {
                                row.spawn((
                                    Node {
                                        flex_shrink: 1.0,
                                        ..default()
                                    },
                                    children![label(
                                        Localized::dynamic(move |lang| {
                                            let show = |a: &Option<Attempt>| {
                                                a.as_ref()
                                                    .and_then(|a| {
                                                        Some(format!(
                                                            "{} ({})",
                                                            a.outcome?.label().get(lang),
                                                            a.final_balance?
                                                        ))
                                                    })
                                                    .unwrap_or_default()
                                            };
                                            format!(
                                                "{}{}{} {} → {} {}",
                                                title.get(lang),
                                                colon(lang),
                                                tr(Key::FirstAttempt, lang),
                                                show(&first),
                                                tr(Key::LatestAttempt, lang),
                                                show(&latest)
                                            )
                                        }),
                                        1.0,
                                        color,
                                    )],
                                ));
                                row.spawn((
                                    Node {
                                        flex_shrink: 0.0,
                                        ..default()
                                    },
                                    children![(
                                        label(Localized::dynamic(move |_| format!("×{count}")), 1.0, palette::MUTED),
                                        TextLayout::no_wrap(),
                                    )],
                                ));
                            });
                        }
                    });
                    left.spawn(panel()).with_children(|p| {
                        p.spawn(label(Key::GoldenStepsProgress, 1.1, palette::INK));
                        for (i, step) in Principle::GOLDEN_STEPS.into_iter().enumerate() {
                            let (first, latest) = (progress.first_steps[i], progress.latest_steps[i]);
                            let color = match first.change_to(latest) {
                                Some(std::cmp::Ordering::Greater) => palette::DEPOSIT,
                                Some(std::cmp::Ordering::Less) => palette::WITHDRAWAL,
                                Some(std::cmp::Ordering::Equal) => palette::INK,
                                None => palette::MUTED,
                            };
                            p.spawn(label(
                                Localized::dynamic(move |lang| {
                                    format!(
                                        "{}. {}{}{} → {}",
                                        i + 1,
                                        step.name().get(lang),
                                        colon(lang),
                                        tally_text(first, lang),
                                        tally_text(latest, lang)
                                    )
                                }),
                                0.95,
                                color,
                            ));
                        }
                    });
                });
                columns.spawn(column()).with_children(|right| {
                    right.spawn(label(Key::PastAttempts, 1.1, palette::INK));
                    for (i, attempt) in past.0.iter().enumerate() {
                        let title = title_of(&library, &attempt.scenario);
                        let a = attempt.clone();
                        right.spawn(button(
                            Localized::dynamic(move |lang| {
                                format!(
                                    "{} · {} · {} ({})",
                                    clock::short(a.started_at),
                                    title.get(lang),
                                    a.outcome.map(|o| o.label().get(lang).to_owned()).unwrap_or_default(),
                                    a.final_balance.unwrap_or(0)
                                )
                            }),
                            UiAction::OpenAttempt(i),
                            i,
                        ));
                    }
                });
            });
        });
}

fn progress_actions(
    mut actions: MessageReader<UiAction>,
    keys: Res<ButtonInput<KeyCode>>,
    mut next: ResMut<NextState<Screen>>,
    past: Res<PastAttempts>,
    db: Res<ResultsDb>,
    mut view: ResMut<TranscriptView>,
) {
    if keys.just_pressed(KeyCode::Escape) {
        next.set(Screen::Title);
    }
    for action in actions.read() {
        match action {
            UiAction::Back => next.set(Screen::Title),
            UiAction::OpenAttempt(i) => {
                let Some(attempt) = past.0.get(*i) else { continue };
                view.decisions = db.with(|s| s.decisions(&attempt.id)).unwrap_or_default();
                view.attempt = Some(attempt.clone());
                view.step = 0;
                next.set(Screen::Transcript);
            }
            _ => {}
        }
    }
}

fn spawn_transcript_root(mut commands: Commands, mut view: ResMut<TranscriptView>) {
    commands.spawn((
        Name::new("Transcript screen"),
        DespawnOnExit(Screen::Transcript),
        TranscriptRoot,
        screen_root(),
    ));
    // Build on the first frame.
    view.set_changed();
}

fn transcript_actions(
    mut actions: MessageReader<UiAction>,
    keys: Res<ButtonInput<KeyCode>>,
    mut next: ResMut<NextState<Screen>>,
    mut view: ResMut<TranscriptView>,
) {
    let last = view.decisions.len().saturating_sub(1);
    let mut step = view.step;
    if keys.just_pressed(KeyCode::Escape) {
        next.set(Screen::Progress);
    }
    if keys.just_pressed(KeyCode::ArrowRight) {
        step = (step + 1).min(last);
    }
    if keys.just_pressed(KeyCode::ArrowLeft) {
        step = step.saturating_sub(1);
    }
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
                        tr(Key::Transcript, lang),
                        title.get(lang),
                        a.profile,
                        clock::short(a.started_at)
                    )
                }),
                1.6,
                palette::ACCENT,
            ));
            root.spawn(button_row()).with_children(|row| {
                row.spawn(button(Key::PreviousStep, UiAction::PreviousStep, 0));
                row.spawn(button(Key::NextStep, UiAction::NextStep, 1));
                row.spawn(button(Key::Back, UiAction::Back, 2));
            });
            root.spawn(label(
                Localized::dynamic(move |lang| step_of(index + 1, total, lang)),
                1.0,
                palette::MUTED,
            ));
            let Some(d) = decision else { return };
            root.spawn(Node {
                flex_direction: FlexDirection::Column,
                row_gap: px(10),
                width: percent(100),
                max_width: px(1100),
                ..default()
            })
            .with_children(|col| {
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
                            .map(|r| format!(" · {} {r}/5", tr(Key::Sincerity, lang)))
                            .unwrap_or_default();
                        format!("{delta:+} → {}{}{balance}{rated}", tr(Key::Balance, lang), colon(lang))
                    }),
                    1.1,
                    if delta >= 0 {
                        palette::DEPOSIT
                    } else {
                        palette::WITHDRAWAL
                    },
                ));
                col.spawn(panel()).with_children(|p| {
                    let (feedback, cites) = (d.transcript.step.feedback.clone(), d.transcript.step.cites);
                    p.spawn(label(&feedback, 1.0, palette::INK));
                    p.spawn(label(
                        Localized::dynamic(move |lang| {
                            format!("{}{}{}", tr(Key::Source, lang), colon(lang), cites.title().get(lang))
                        }),
                        0.85,
                        palette::MUTED,
                    ));
                });
                col.spawn(panel()).with_children(|p| bars(p, &timeline));
                col.spawn(label(Key::TranscriptHint, 0.85, palette::MUTED));
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
            Localized::dynamic(move |lang| format!("{}{}{}", tr(Key::You, lang), colon(lang), said.get(lang))),
            1.1,
            palette::ACCENT,
        ));
        return;
    }
    let chosen = transcript.step.shown_position();
    let best = options.iter().map(|o| o.score).max().unwrap_or(0);
    let reasons: Vec<Option<BiText>> = match scenario.map(|s| transcript.step.options(s)) {
        Some(reviewed) if reviewed.len() == options.len() => reviewed.into_iter().map(|r| Some(r.feedback)).collect(),
        _ => vec![None; options.len()],
    };
    parent.spawn(panel()).with_children(|p| {
        p.spawn(label(Key::OptionsShown, 0.95, palette::INK));
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
        p.spawn(label(Key::OptionsShownHint, 0.85, palette::MUTED));
    });
}
