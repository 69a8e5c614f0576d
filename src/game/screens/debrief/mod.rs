//! Floor 5 · Debrief: outcome and epilogue, the balance over time, the golden-step checklist, mistakes, every
//! choice with its feedback and source, and what the outcome means for word of mouth.

use std::sync::Arc;

use bevy::prelude::*;
use goodwill_engine::Outcome;

mod class_split;
mod review;

pub use class_split::SplitLine;

use crate::game::class_vote::{ClassVote, VoteCommand};
use crate::game::input::{FirstFocus, Shortcuts, UiAction};
use crate::game::library::Library;
use crate::game::palette;
use crate::game::path_picture;
use crate::game::report_view::{accuracy_panel, bars, checklist, outcome_color};
use crate::game::results::{ResultsDb, ScenarioRecords};
use crate::game::run::pair::PairCommand;
use crate::game::run::{ActiveRun, RunCommand, StartRun};
use crate::game::settings::Settings;
use crate::game::state::GameSet;
use crate::game::state::Screen;
use crate::game::theme::{
    Localized, button, button_at_least, button_row, column, columns_row, label, panel, screen_root,
};
use crate::i18n::{Phrase, colon, tr};

/// Marks the outcome heading, for tests.
#[derive(Component, Debug)]
pub struct OutcomeHeading(pub Outcome);

pub use review::{MistakeLine, OptionReviewed};
use review::{mistakes, step_review};

/// Esc back to the list, R to retry, N for the next case.
const SOLO_KEYS: &[(KeyCode, UiAction)] = &[
    (KeyCode::Escape, UiAction::BackToList),
    (KeyCode::KeyR, UiAction::Retry),
    (KeyCode::KeyN, UiAction::NextScenario),
    (KeyCode::KeyG, UiAction::OpenGlossary),
    (KeyCode::F1, UiAction::OpenGlossary),
];

/// A pair round moves on only with its own button; the glossary is still at hand.
const PAIR_KEYS: &[(KeyCode, UiAction)] = &[
    (KeyCode::KeyG, UiAction::OpenGlossary),
    (KeyCode::F1, UiAction::OpenGlossary),
];

/// Focus order of the glossary button, which the debrief opens on.
const HARMLESS: usize = 3;

/// The line under the map button: where the map was saved, or why it could not be drawn.
#[derive(Component)]
struct PathPictureLine;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Debrief), (record, spawn).chain())
        .add_systems(
            Update,
            show_path_picture.in_set(GameSet::Act).run_if(in_state(Screen::Debrief)),
        )
        .add_systems(Update, act.in_set(GameSet::Act).run_if(in_state(Screen::Debrief)));
}

fn record(run: Option<Res<ActiveRun>>, mut results: ResMut<ScenarioRecords>) {
    if let Some(report) = run.as_ref().and_then(|r| r.session.report()) {
        results.record(&report.scenario, report.outcome, report.final_balance);
    }
}

fn spawn(mut commands: Commands, run: Option<Res<ActiveRun>>, vote: Option<Res<ClassVote>>) {
    let Some(report) = run.as_ref().and_then(|r| r.session.report()).cloned() else {
        return;
    };
    let report = Arc::new(report);
    let scenario = run.as_ref().map(|r| Arc::clone(r.session.scenario()));
    let pair_round = run.as_ref().and_then(|r| r.pair.as_ref()).map(|p| p.round);
    let practice = run.as_ref().is_some_and(|r| r.practice);
    let recorded = run.as_ref().is_some_and(|r| r.recorder.attempt().is_some());
    // A class vote's debrief: the class's split at every step, and the room stays open for another go.
    let splits = vote
        .filter(|_| run.as_ref().is_some_and(|r| r.class_vote.is_some()))
        .map(|vote| vote.splits.clone());
    let class_vote = splits.is_some();
    let steps = report.steps.len();
    commands
        .spawn((
            Name::new("Debrief screen"),
            DespawnOnExit(Screen::Debrief),
            screen_root(),
            // A pair exercise moves on only with its own button: Retry or Next would break the round order.
            Shortcuts(if pair_round.is_some() { PAIR_KEYS } else { SOLO_KEYS }),
            // Opens on the glossary, not on starting over: an Enter pressed once too often after the last
            // answer opens the glossary over the debrief instead of skipping it. Starting over (or on) is
            // a deliberate move to its button, or R / N.
            FirstFocus(HARMLESS),
        ))
        .with_children(|root| {
            let outcome = report.outcome;
            root.spawn((
                OutcomeHeading(outcome),
                label(
                    Localized::dynamic(move |lang| {
                        let heading = format!("{} · {}", tr(Phrase::Debrief, lang), outcome.label().get(lang));
                        if practice {
                            format!("{heading} · {}", tr(Phrase::PracticeRun, lang))
                        } else {
                            heading
                        }
                    }),
                    2.2,
                    outcome_color(outcome),
                ),
            ));
            // Actions first, so they are visible without scrolling.
            root.spawn(button_row())
                .with_children(|b| match pair_round {
                    Some(1) => {
                        b.spawn(button(Phrase::NextRoundSwap, UiAction::NextRound, 0));
                    }
                    Some(_) => {
                        b.spawn(button(Phrase::CompareRounds, UiAction::NextRound, 0));
                    }
                    None if class_vote => {
                        b.spawn(button(Phrase::Retry, UiAction::Retry, 0));
                        b.spawn(button(Phrase::EndClassVote, UiAction::BackToList, 2));
                    }
                    None => {
                        b.spawn(button(Phrase::Retry, UiAction::Retry, 0));
                        b.spawn(button(Phrase::NextScenario, UiAction::NextScenario, 1));
                        b.spawn(button(Phrase::BackToList, UiAction::BackToList, 2));
                        // Reflection questions and a plan follow a recorded run of the trainee's own.
                        if recorded && !practice {
                            b.spawn(button(Phrase::ReflectAndPlan, UiAction::OpenReflect, 4));
                        }
                    }
                })
                .with_child(button(Phrase::Glossary, UiAction::OpenGlossary, HARMLESS));
            root.spawn(button_row()).with_children(|b| {
                b.spawn(button(Phrase::PathPicture, UiAction::ShowPathPicture, 5));
                b.spawn((
                    PathPictureLine,
                    label(Localized::dynamic(|_| String::new()), 0.9, palette::MUTED),
                ));
            });
            // Rewind: branch from any step of this run and answer differently (kept apart, as practice).
            if pair_round.is_none() && !class_vote && steps > 0 {
                root.spawn(button_row()).with_children(|b| {
                    b.spawn(label(Phrase::TryAnotherAnswer, 0.95, palette::MUTED));
                    for step in 0..steps {
                        let number = step + 1;
                        b.spawn(button_at_least(
                            Localized::dynamic(move |_| number.to_string()),
                            UiAction::TryFrom(step),
                            10 + step,
                            px(56),
                        ));
                    }
                });
            }
            root.spawn(columns_row(1400.0)).with_children(|columns| {
                columns
                    .spawn(Node {
                        row_gap: px(12),
                        ..column()
                    })
                    .with_children(|left| {
                        if let (Some(splits), Some(scenario)) = (&splits, &scenario) {
                            left.spawn(panel())
                                .with_children(|p| class_split::class_split(p, &report, scenario, splits));
                        }
                        // The trainee's judgement beside the customer's fate, first thing under the outcome.
                        accuracy_panel(left, report.accuracy, report.steps.iter().map(|s| s.review).collect());
                        left.spawn(panel()).with_children(|p| {
                            p.spawn(label(&report.ending_title, 1.4, palette::INK));
                            p.spawn(label(&report.epilogue, 1.0, palette::INK));
                        });
                        left.spawn(panel()).with_children(|p| {
                            let final_balance = report.final_balance;
                            p.spawn(label(
                                Localized::dynamic(move |lang| {
                                    format!(
                                        "{} · {}{}{}",
                                        tr(Phrase::Timeline, lang),
                                        tr(Phrase::FinalBalance, lang),
                                        colon(lang),
                                        crate::describe::balance_words(final_balance, lang)
                                    )
                                }),
                                1.1,
                                palette::INK,
                            ));
                            bars(p, &report.timeline);
                        });
                        left.spawn(panel()).with_children(|p| {
                            p.spawn(label(Phrase::WordOfMouth, 1.1, palette::INK));
                            p.spawn(label(&report.word_of_mouth, 0.95, palette::INK));
                        });
                        // Every rule the trainee was scored by, where they read the result.
                        left.spawn(panel()).with_children(|p| {
                            p.spawn(label(Phrase::HowScored, 1.1, palette::INK));
                            for rule in goodwill_engine::account::rules() {
                                p.spawn(label(&rule, 0.85, palette::MUTED));
                            }
                            p.spawn(label(&goodwill_engine::accuracy::rules(), 0.85, palette::MUTED));
                        });
                    });
                columns
                    .spawn(Node {
                        row_gap: px(12),
                        ..column()
                    })
                    .with_children(|right| {
                        right.spawn(panel()).with_children(|p| checklist(p, &report));
                        right.spawn(panel()).with_children(|p| mistakes(p, &report));
                    });
            });
            // Full width: every option of every step, so the trainee sees why the others were weaker.
            root.spawn(Node {
                flex_direction: FlexDirection::Column,
                width: percent(100),
                max_width: px(1400),
                flex_shrink: 0.0,
                ..default()
            })
            .with_children(|wide| {
                wide.spawn(panel())
                    .with_children(|p| step_review(p, &report, scenario.as_deref()));
            });
        });
}

fn act(
    mut actions: MessageReader<UiAction>,
    run: Option<Res<ActiveRun>>,
    library: Res<Library>,
    mut next: ResMut<NextState<Screen>>,
    mut starts: MessageWriter<StartRun>,
    mut pair: MessageWriter<PairCommand>,
    mut commands: MessageWriter<RunCommand>,
    mut votes: MessageWriter<VoteCommand>,
) {
    if run.as_ref().is_some_and(|r| r.class_vote.is_some()) {
        // A class vote plays again with the same room and phones, or ends the vote.
        for action in actions.read() {
            match action {
                UiAction::Retry => {
                    votes.write(VoteCommand::BeginCase);
                }
                UiAction::BackToList => {
                    votes.write(VoteCommand::Leave);
                    next.set(Screen::Title);
                }
                _ => {}
            }
        }
        return;
    }
    if run.as_ref().is_some_and(|r| r.pair.is_some()) {
        // A pair round moves on only with its own button: Retry or Next would break the round order.
        for action in actions.read() {
            if *action == UiAction::NextRound {
                pair.write(PairCommand::RoundDone);
            }
        }
        return;
    }
    for action in actions.read() {
        let current = run.as_ref().map(|r| Arc::clone(r.session.scenario()));
        match action {
            UiAction::Retry => {
                if let Some(scenario) = current {
                    // Prefer the newest good version of the file (hot reload), else the one just played.
                    let scenario = library.find(&scenario.id).cloned().unwrap_or(scenario);
                    starts.write(StartRun::new(scenario));
                }
            }
            UiAction::NextScenario => {
                let playable: Vec<_> = library.playable().cloned().collect();
                let at = current.and_then(|c| playable.iter().position(|s| s.id == c.id));
                let next_scenario = match at {
                    Some(i) => playable.get((i + 1) % playable.len()).cloned(),
                    None => playable.first().cloned(),
                };
                match next_scenario {
                    Some(s) => {
                        starts.write(StartRun::new(s));
                    }
                    None => next.set(Screen::Select),
                }
            }
            UiAction::BackToList => next.set(Screen::Select),
            UiAction::OpenReflect => next.set(Screen::Reflect),
            UiAction::TryFrom(step) => {
                commands.write(RunCommand::TryFrom(*step));
            }
            _ => {}
        }
    }
}

/// Draws the map of this run, saves it beside the results and opens it; the line under the button says
/// where it went (or why it could not be drawn).
fn show_path_picture(
    mut actions: MessageReader<UiAction>,
    run: Option<Res<ActiveRun>>,
    db: Res<ResultsDb>,
    settings: Res<Settings>,
    windows: Query<(), With<bevy::window::PrimaryWindow>>,
    mut lines: Query<&mut Localized, With<PathPictureLine>>,
) {
    if !actions.read().any(|a| *a == UiAction::ShowPathPicture) {
        return;
    }
    let Some(run) = run else { return };
    let Some(report) = run.session.report() else { return };
    let name = run
        .recorder
        .attempt()
        .map_or_else(|| format!("seed-{}", run.session.seed()), str::to_owned);
    let heard: Vec<_> = run.session.history().map(|(line, _)| line.clone()).collect();
    let saved = path_picture::save(run.session.scenario(), report, &heard, &name, &db.dir, settings.lang);
    // Only a game with a window opens a viewer (the headless tests check the file instead).
    if let Ok(file) = &saved
        && !windows.is_empty()
    {
        crate::game::desktop::open(file);
    }
    for mut line in &mut lines {
        let saved = saved.clone();
        *line = Localized::dynamic(move |lang| match &saved {
            Ok(file) => format!("{}{}", tr(Phrase::PathPictureSaved, lang), file.display()),
            Err(e) => format!("{}{e}", tr(Phrase::PathPictureFailed, lang)),
        });
    }
}
