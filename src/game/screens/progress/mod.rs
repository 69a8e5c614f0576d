//! Floor 5 · Progress: a trainee's first versus latest attempt per scenario and per golden step, their past
//! attempts, and a step-by-step replay of any one of them.

use bevy::prelude::*;

use crate::describe::{balance_short, stage_direction};

/// "（透支 7）" after a Chinese word, " (overdrawn 7)" after an English one.
fn in_brackets(text: String, lang: goodwill_engine::Lang) -> String {
    match lang {
        goodwill_engine::Lang::Zh => stage_direction(&text, lang),
        goodwill_engine::Lang::En => format!(" {}", stage_direction(&text, lang)),
    }
}
use goodwill_engine::{Bilingual, Principle};
use goodwill_store::summary::{self, StepAccuracy, StepTally};
use goodwill_store::{Attempt, Decision, clock};

mod transcript;

use crate::describe::{accuracy_text, plan_item_line, plan_line};
use crate::game::input::UiAction;
use crate::game::library::Library;
use crate::game::palette;
use crate::game::report_view::outcome_color;
use crate::game::results::{Player, ResultsDb};
use crate::game::state::GameSet;
use crate::game::state::Screen;
use crate::game::theme::{Localized, button, column, columns_row, label, panel, screen_root};
use crate::i18n::{Phrase, colon, tr};
use goodwill_store::plan_progress::{Moved, plan_progress};
use goodwill_store::reflection::Reflection;

/// Past attempts listed on the progress screen, newest first.
#[derive(Resource, Debug, Default)]
struct PastAttempts(Vec<Attempt>);

/// The attempt being replayed and the step shown.
#[derive(Resource, Debug, Default)]
pub struct TranscriptView {
    pub attempt: Option<Attempt>,
    pub decisions: Vec<Decision>,
    pub step: usize,
    /// The trainee's answers to the case's reflection questions, written after it.
    pub reflections: Vec<Reflection>,
}

/// Marks the plan's panel, for tests.
#[derive(Component)]
pub struct PlanPanel;

/// Marks one planned item's line with whether it moved, for tests.
#[derive(Component, Debug)]
pub struct PlanItemLine(pub Moved);

/// Marks the panel of the trainee's reflection answers, for tests.
#[derive(Component)]
pub struct ProgressReflections;

/// How many of the trainee's latest reflection answers progress shows.
const ANSWERS_SHOWN: usize = 4;

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
        .add_plugins(transcript::plugin);
}

fn title_of(library: &Library, id: &str) -> Bilingual {
    library
        .find(id)
        .map(|s| s.title.clone())
        .unwrap_or_else(|| Bilingual::new(id, id))
}

/// "2/3", or "not reached" when the step was never on offer: "0/0" reads as a failure.
fn tally_text(t: StepTally, lang: goodwill_engine::Lang) -> String {
    if t.offered == 0 {
        tr(Phrase::NotReached, lang).to_owned()
    } else {
        format!("{}/{}", t.applied, t.offered)
    }
}

/// Accuracy per golden step over the first and over the latest attempt of each case: the decisions are read
/// from the results, which golden steps each offered from the installed case (same version).
fn golden_accuracy_first_and_latest(
    progress: &summary::Progress,
    db: &ResultsDb,
    library: &Library,
) -> (
    [StepAccuracy; goodwill_engine::GOLDEN_STEP_COUNT],
    [StepAccuracy; goodwill_engine::GOLDEN_STEP_COUNT],
) {
    let scenarios: Vec<&goodwill_engine::Scenario> = library.playable().map(|s| &**s).collect();
    let over = |pick: fn(&summary::ScenarioResults) -> Option<&Attempt>| {
        let played: Vec<(Attempt, Vec<Decision>)> = progress
            .scenarios
            .values()
            .filter_map(pick)
            .map(|a| (a.clone(), db.read(|s| s.decisions(&a.id)).unwrap_or_default()))
            .collect();
        summary::golden_accuracy(played.iter().map(|(a, d)| (a, d.as_slice())), &scenarios)
    };
    (over(|r| r.first.as_ref()), over(|r| r.latest.as_ref()))
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
        .and_then(|p| db.read(|s| s.finished_attempts(Some(p), None)))
        .unwrap_or_default();
    let progress = summary::progress(&attempts);
    let plan = player
        .profile
        .as_deref()
        .and_then(|trainee| db.read(|s| s.current_plan(trainee)).flatten())
        .map(|current| {
            let items = plan_progress(&current.plan, &current.attempt, &attempts);
            (current.plan, items)
        });
    let (first_accuracy, latest_accuracy) = golden_accuracy_first_and_latest(&progress, &db, &library);
    past.0 = attempts.iter().rev().take(LISTED).cloned().collect();
    // The trainee's latest answers to reflection questions, newest first, with the case they followed.
    let answers: Vec<(Bilingual, Reflection)> = past
        .0
        .iter()
        .flat_map(|a| {
            let title = title_of(&library, &a.scenario);
            db.read(|s| s.reflections(&a.id))
                .unwrap_or_default()
                .into_iter()
                .map(move |r| (title.clone(), r))
        })
        .take(ANSWERS_SHOWN)
        .collect();
    let who = player.profile.clone().unwrap_or_default();
    commands
        .spawn((
            Name::new("Progress screen"),
            DespawnOnExit(Screen::Progress),
            screen_root(),
        ))
        .with_children(|root| {
            root.spawn(label(
                Localized::dynamic(move |lang| format!("{} · {who}", tr(Phrase::Progress, lang))),
                2.2,
                palette::ACCENT,
            ));
            root.spawn(button(Phrase::Back, UiAction::Back, 1000));
            if attempts.is_empty() {
                root.spawn(label(Phrase::NoAttempts, 1.1, palette::MUTED));
                return;
            }
            // The plan, item by item: how the attempts since it went on that step, against those before.
            if let Some((plan, items)) = plan {
                root.spawn((PlanPanel, panel())).with_children(|p| {
                    p.spawn(label(
                        Localized::dynamic(move |lang| {
                            format!(
                                "{}{}{}",
                                tr(Phrase::YourPlan, lang),
                                colon(lang),
                                plan_line(&plan, lang)
                            )
                        }),
                        1.1,
                        palette::INK,
                    ));
                    p.spawn(label(Phrase::PlanProgress, 0.95, palette::MUTED));
                    for item in items {
                        let color = match item.moved() {
                            Moved::Better => palette::DEPOSIT,
                            Moved::Worse => palette::WITHDRAWAL,
                            Moved::Same => palette::INK,
                            Moved::NotYet => palette::MUTED,
                        };
                        p.spawn((
                            PlanItemLine(item.moved()),
                            label(Localized::dynamic(move |lang| plan_item_line(&item, lang)), 1.0, color),
                        ));
                    }
                });
            }
            root.spawn(columns_row(1400.0)).with_children(|columns| {
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
                                                            "{}{} {} {}",
                                                            a.outcome?.label().get(lang),
                                                            in_brackets(balance_short(a.final_balance?, lang), lang),
                                                            tr(Phrase::Accuracy, lang),
                                                            accuracy_text(a.accuracy)
                                                        ))
                                                    })
                                                    .unwrap_or_default()
                                            };
                                            format!(
                                                "{}{}{} {} → {} {}",
                                                title.get(lang),
                                                colon(lang),
                                                tr(Phrase::FirstAttempt, lang),
                                                show(&first),
                                                tr(Phrase::LatestAttempt, lang),
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
                        p.spawn(label(Phrase::GoldenStepsProgress, 1.1, palette::INK));
                        for (i, step) in Principle::GOLDEN_STEPS.into_iter().enumerate() {
                            let (first, latest) = (progress.first_steps[i], progress.latest_steps[i]);
                            let (first_acc, latest_acc) = (first_accuracy[i].percent(), latest_accuracy[i].percent());
                            let color = match first.change_to(latest) {
                                Some(std::cmp::Ordering::Greater) => palette::DEPOSIT,
                                Some(std::cmp::Ordering::Less) => palette::WITHDRAWAL,
                                Some(std::cmp::Ordering::Equal) => palette::INK,
                                None => palette::MUTED,
                            };
                            p.spawn(label(
                                Localized::dynamic(move |lang| {
                                    format!(
                                        "{}. {}{}{} → {} · {} {} → {}",
                                        i + 1,
                                        step.name().get(lang),
                                        colon(lang),
                                        tally_text(first, lang),
                                        tally_text(latest, lang),
                                        tr(Phrase::Accuracy, lang),
                                        accuracy_text(first_acc),
                                        accuracy_text(latest_acc)
                                    )
                                }),
                                0.95,
                                color,
                            ));
                        }
                    });
                });
                if !answers.is_empty() {
                    columns.spawn(column()).with_children(|middle| {
                        middle.spawn((ProgressReflections, panel())).with_children(|p| {
                            p.spawn(label(Phrase::ReflectionAnswers, 1.1, palette::INK));
                            for (title, reflection) in answers {
                                let (asked, answer) = (reflection.asked, reflection.answer);
                                p.spawn(label(
                                    Localized::dynamic(move |lang| {
                                        format!("{} · {}", title.get(lang), asked.get(lang))
                                    }),
                                    0.9,
                                    palette::MUTED,
                                ));
                                p.spawn(label(Localized::dynamic(move |_| answer.clone()), 1.0, palette::INK));
                            }
                        });
                    });
                }
                columns.spawn(column()).with_children(|right| {
                    right.spawn(label(Phrase::PastAttempts, 1.1, palette::INK));
                    for (i, attempt) in past.0.iter().enumerate() {
                        let title = title_of(&library, &attempt.scenario);
                        let a = attempt.clone();
                        right.spawn(button(
                            Localized::dynamic(move |lang| {
                                format!(
                                    "{} · {} · {}{} · {} {}",
                                    clock::short(a.started_at),
                                    title.get(lang),
                                    a.outcome.map(|o| o.label().get(lang).to_owned()).unwrap_or_default(),
                                    in_brackets(balance_short(a.final_balance.unwrap_or(0), lang), lang),
                                    tr(Phrase::Accuracy, lang),
                                    accuracy_text(a.accuracy)
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
                view.decisions = db.read(|s| s.decisions(&attempt.id)).unwrap_or_default();
                view.reflections = db.read(|s| s.reflections(&attempt.id)).unwrap_or_default();
                view.attempt = Some(attempt.clone());
                view.step = 0;
                next.set(Screen::Transcript);
            }
            _ => {}
        }
    }
}
