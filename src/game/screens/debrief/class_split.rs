//! Floor 5 · The debrief of a class vote: at every step, how the class split beside the best answer (★),
//! what was played (▶) and whether the trainer overruled the majority. Read from the back of the room: one
//! line a step, then one line an answer with its bar.

use bevy::prelude::*;
use goodwill_engine::{Report, Scenario};
use goodwill_store::{Vote, VoteSplit};

use crate::describe::vote_step_line;

use crate::game::class_vote::StepSplit;
use crate::game::palette;
use crate::game::theme::{Localized, label};
use crate::i18n::{Phrase, tr};

/// Marks one answer's line of the class split, for tests: its votes and whether it was the best.
#[derive(Component, Debug)]
pub struct SplitLine {
    pub votes: u32,
    pub best: bool,
    pub played: bool,
}

pub(super) fn class_split(p: &mut ChildSpawnerCommands, report: &Report, scenario: &Scenario, splits: &[StepSplit]) {
    p.spawn(label(Phrase::ClassSplit, 1.2, palette::INK));
    for (i, (step, split)) in report.steps.iter().zip(splits).enumerate() {
        let options = step.options(scenario);
        let order: Vec<usize> = if step.shown.is_empty() {
            (0..options.len()).collect()
        } else {
            step.shown.clone()
        };
        // The same split the class view and the report read from the results.
        let scores: Vec<i32> = options.iter().map(|o| o.score).collect();
        let votes: Vec<Vote> = split
            .tally
            .votes
            .iter()
            .map(|(voter, c)| Vote::new(voter.clone(), *c))
            .collect();
        let votes = VoteSplit::new(&order, &scores, &votes, split.played);
        let voted = votes.total();
        let (overruled, tie) = (split.overruled, split.tie);
        let heading = votes.clone();
        p.spawn(Node {
            margin: UiRect::top(px(if i == 0 { 4 } else { 12 })),
            ..default()
        })
        .with_child(label(
            Localized::dynamic(move |lang| {
                let mut line = vote_step_line(&heading, i + 1, lang);
                if overruled || tie {
                    line.push_str(" · ");
                    line.push_str(tr(
                        if tie {
                            Phrase::TieTrainerPicked
                        } else {
                            Phrase::ReportTrainerPick
                        },
                        lang,
                    ));
                }
                line
            }),
            1.0,
            palette::ACCENT,
        ));
        for (option, &choice) in options.iter().zip(&order) {
            let count = votes.votes_for(choice);
            let share = if voted == 0 { 0.0 } else { count as f32 / voted as f32 };
            let (best, played) = (votes.best.contains(&choice), choice == split.played);
            let text = option.text.clone();
            p.spawn((
                SplitLine {
                    votes: count,
                    best,
                    played,
                },
                Node {
                    flex_direction: FlexDirection::Column,
                    padding: UiRect::left(px(20)),
                    row_gap: px(2),
                    width: percent(100),
                    ..default()
                },
            ))
            .with_children(|line| {
                line.spawn(label(
                    Localized::dynamic(move |lang| {
                        let marks = format!("{}{}", if played { "▶ " } else { "" }, if best { "★ " } else { "" });
                        let tally = crate::describe::votes_share(count, share, lang);
                        format!("{marks}{} — {tally}", text.get(lang))
                    }),
                    0.9,
                    if played { palette::ACCENT } else { palette::INK },
                ));
                line.spawn((
                    Node {
                        width: percent(100),
                        height: px(10),
                        border_radius: BorderRadius::all(px(3)),
                        ..default()
                    },
                    BackgroundColor(palette::BACKGROUND),
                ))
                .with_child((
                    Node {
                        width: percent(share * 100.0),
                        height: percent(100),
                        border_radius: BorderRadius::all(px(3)),
                        ..default()
                    },
                    BackgroundColor(if best { palette::DEPOSIT } else { palette::MUTED }),
                ));
            });
        }
    }
    p.spawn(label(
        Localized::dynamic(|lang| {
            format!(
                "★ {} · ▶ {}",
                tr(Phrase::BestAnswerMark, lang),
                tr(Phrase::ClassPlayed, lang)
            )
        }),
        0.85,
        palette::MUTED,
    ));
}
