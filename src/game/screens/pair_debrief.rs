//! Floor 5 · Pair exercise: both rounds side by side — outcome, balance, sincerity ratings, the engine's checklist
//! and, where there was an observer, what they saw against what the engine saw.

use bevy::prelude::*;
use goodwill_engine::StepStatus;

use crate::game::input::{ESC_BACK, UiAction};
use crate::game::palette;
use crate::game::report_view::{bars, checklist, outcome_color};
use crate::game::run::pair::{PairExercise, PlayedRound};
use crate::game::state::GameSet;
use crate::game::state::Screen;
use crate::game::theme::{Localized, button, column, columns_row, label, panel, screen_root};
use crate::i18n::{Phrase, colon, roles_line, round_label, tr};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::PairDebrief), spawn_pair_debrief)
        .add_systems(
            Update,
            pair_debrief_actions
                .in_set(GameSet::Act)
                .run_if(in_state(Screen::PairDebrief)),
        );
}

fn spawn_pair_debrief(mut commands: Commands, exercise: Option<Res<PairExercise>>) {
    let Some(exercise) = exercise else { return };
    let rounds = exercise.played.clone();
    let titles: Vec<_> = exercise.cases.iter().map(|c| c.title.clone()).collect();
    commands
        .spawn((
            Name::new("Pair debrief screen"),
            DespawnOnExit(Screen::PairDebrief),
            screen_root(),
            ESC_BACK,
        ))
        .with_children(|root| {
            root.spawn(label(Phrase::BothRounds, 2.0, palette::ACCENT));
            root.spawn(button(Phrase::Back, UiAction::Back, 0));
            root.spawn(columns_row(1500.0)).with_children(|columns| {
                for (i, round) in rounds.into_iter().enumerate() {
                    let title = titles.get(i).cloned().unwrap_or_default();
                    columns
                        .spawn(column())
                        .with_children(|col| round_column(col, i + 1, &title, round));
                }
            });
        });
}

fn round_column(col: &mut ChildSpawnerCommands, number: usize, title: &goodwill_engine::Bilingual, round: PlayedRound) {
    let report = round.report;
    let (agent, customer) = (round.agent, round.customer);
    let title = title.clone();
    col.spawn(label(
        Localized::dynamic(move |lang| format!("{} · {}", round_label(number, lang), title.get(lang))),
        1.4,
        palette::INK,
    ));
    col.spawn(label(
        Localized::dynamic(move |lang| roles_line(&agent, &customer, lang)),
        1.0,
        palette::MUTED,
    ));
    let (outcome, balance, accuracy) = (report.outcome, report.final_balance, report.accuracy);
    col.spawn(label(
        Localized::dynamic(move |lang| {
            format!(
                "{} · {}",
                outcome.label().get(lang),
                crate::describe::balance_words(balance, lang)
            )
        }),
        1.6,
        outcome_color(outcome),
    ));
    // Each round's judgement beside its outcome.
    col.spawn(label(
        Localized::dynamic(move |lang| {
            format!(
                "{}{}{}",
                tr(Phrase::Accuracy, lang),
                colon(lang),
                crate::describe::accuracy_text(accuracy)
            )
        }),
        1.1,
        palette::INK,
    ));
    col.spawn(panel()).with_children(|p| bars(p, &report.timeline));
    let ratings: Vec<u8> = report.steps.iter().filter_map(|s| s.sincerity).collect();
    col.spawn(label(
        Localized::dynamic(move |lang| {
            let list: Vec<String> = ratings.iter().map(|r| format!("{r}/5")).collect();
            format!(
                "{}{}{}",
                tr(Phrase::Sincerity, lang),
                colon(lang),
                if list.is_empty() {
                    "—".into()
                } else {
                    list.join(" · ")
                }
            )
        }),
        1.0,
        palette::INK,
    ));
    col.spawn(panel()).with_children(|p| checklist(p, &report));
    if let Some(observed) = round.observed {
        col.spawn(panel()).with_children(|p| {
            p.spawn(label(
                Localized::dynamic(|lang| {
                    format!("{} / {}", tr(Phrase::ObserverSays, lang), tr(Phrase::EngineSays, lang))
                }),
                1.1,
                palette::INK,
            ));
            // A step the case never offered on this path is "not offered", not "not done": the observer
            // cannot be wrong about it either way.
            for (i, (step, status)) in report.golden_checklist().iter().enumerate() {
                let seen = observed[i];
                let agrees = match status {
                    StepStatus::Applied => seen,
                    StepStatus::Missed => !seen,
                    StepStatus::NotOffered => true,
                };
                p.spawn(label(
                    Localized::dynamic(move |lang| {
                        let mark = |b: bool| {
                            if b {
                                tr(Phrase::Seen, lang)
                            } else {
                                tr(Phrase::NotSeen, lang)
                            }
                        };
                        let engine = match status {
                            StepStatus::Applied => mark(true),
                            StepStatus::Missed => mark(false),
                            StepStatus::NotOffered => tr(Phrase::NotOffered, lang),
                        };
                        format!(
                            "{}. {}{}{} / {engine}",
                            i + 1,
                            step.name().get(lang),
                            colon(lang),
                            mark(seen),
                        )
                    }),
                    0.9,
                    if !agrees {
                        palette::WITHDRAWAL
                    } else if status == StepStatus::NotOffered {
                        palette::MUTED
                    } else {
                        palette::DEPOSIT
                    },
                ));
            }
        });
    }
}

fn pair_debrief_actions(mut actions: MessageReader<UiAction>, mut next: ResMut<NextState<Screen>>) {
    for action in actions.read() {
        if *action == UiAction::Back {
            // The pair's rounds were recorded under their own agents (`run::pair`); whoever was signed in
            // before the exercise stays signed in.
            next.set(Screen::Title);
        }
    }
}
