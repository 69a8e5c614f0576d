//! Floor 5 · The play screen's answers in a class vote, on the projector: while the class votes, the answers
//! and how many have voted (never the split, so nobody follows the crowd); once the vote closes, the split
//! as bars, the majority's answer marked to be played, and the trainer's pick if they choose another.

use bevy::prelude::*;
use goodwill_vote::Majority;

use super::conversation::answer_box;
use crate::game::class_vote::{ClassVote, VoteStage};
use crate::game::input::{ActionButton, Focus, UiAction};
use crate::game::palette;
use crate::game::run::{ActiveRun, Phase};
use crate::game::theme::{Localized, button, label, panel};
use crate::i18n::{Phrase, fill, tr};

/// The box the class vote's answers and status are drawn in; filled by [`show_vote`].
#[derive(Component)]
pub struct VoteAnswers;

/// The box, put where a player's answer buttons would be.
pub(super) fn vote_answers() -> impl Bundle {
    (VoteAnswers, answer_box())
}

/// What the panel last showed: it is redrawn only when one of these changes.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Shown {
    stage: Stage,
    voted: usize,
    seats: usize,
    seconds_left: Option<u64>,
}

#[derive(Debug, Clone, PartialEq)]
enum Stage {
    Voting(usize),
    Closed(Option<usize>),
    Other,
}

/// Redraws the class vote's answers when the count, the stage, the pick or the countdown changes.
pub(super) fn show_vote(
    mut commands: Commands,
    vote: Option<Res<ClassVote>>,
    run: Option<Res<ActiveRun>>,
    boxes: Query<Entity, With<VoteAnswers>>,
    added: Query<(), Added<VoteAnswers>>,
    mut last: Local<Option<Shown>>,
    mut focus: ResMut<Focus>,
) {
    let (Some(vote), Some(run)) = (vote, run) else { return };
    if run.phase != Phase::Choosing {
        return;
    }
    let shown = Shown {
        stage: match &vote.stage {
            VoteStage::Voting { step, .. } => Stage::Voting(*step),
            VoteStage::Closed { pick, .. } => Stage::Closed(*pick),
            _ => Stage::Other,
        },
        voted: vote.view.voted,
        seats: vote.view.seats.len(),
        seconds_left: vote.seconds_left(),
    };
    if last.as_ref() == Some(&shown) && added.is_empty() {
        return;
    }
    // The highlight goes to the stage's main button as the stage changes: Close while voting, Play once
    // closed.
    if last.as_ref().map(|l| std::mem::discriminant(&l.stage)) != Some(std::mem::discriminant(&shown.stage)) {
        focus.0 = Some(0);
    }
    *last = Some(shown.clone());
    let Some(node) = run.session.current_node() else { return };
    let answers: Vec<(usize, goodwill_engine::Bilingual)> = run
        .session
        .offered()
        .iter()
        .map(|&index| (index, node.choices[index].text.clone()))
        .collect();
    for entity in &boxes {
        commands
            .entity(entity)
            .despawn_related::<Children>()
            .with_children(|p| match &vote.stage {
                VoteStage::Closed { tally, pick } => closed(p, &answers, tally, *pick),
                _ => voting(p, &answers, &shown),
            });
    }
}

/// While the class votes: how many have voted, the time left, Close, then the answers. Close leads the
/// box: it takes the highlight as the step opens, and a highlighted button is scrolled into view — at the
/// end of the box it scrolled the count out of sight, on the projector the very line the class watches.
fn voting(p: &mut ChildSpawnerCommands, answers: &[(usize, goodwill_engine::Bilingual)], shown: &Shown) {
    let (voted, seats, left) = (shown.voted, shown.seats, shown.seconds_left);
    p.spawn((
        Name::new("Vote count"),
        label(
            Localized::dynamic(move |lang| {
                let mut line = fill(Phrase::VotedOf, lang, &[("n", &voted), ("of", &seats)]);
                if let Some(left) = left {
                    line.push_str(" · ");
                    line.push_str(&fill(
                        Phrase::TimeLeft,
                        lang,
                        &[("t", &format!("{}:{:02}", left / 60, left % 60))],
                    ));
                }
                line
            }),
            1.4,
            palette::ACCENT,
        ),
    ));
    p.spawn(label(Phrase::SplitAfterClose, 0.9, palette::MUTED));
    p.spawn(button(Phrase::CloseVote, UiAction::CloseVote, 0));
    for (position, (_, text)) in answers.iter().enumerate() {
        let text = text.clone();
        p.spawn(panel()).with_child(label(
            Localized::dynamic(move |lang| format!("{}. {}", position + 1, text.get(lang))),
            1.0,
            palette::INK,
        ));
    }
}

/// The vote is closed: the split as bars; the answer to be played is marked, and any answer can be picked.
fn closed(
    p: &mut ChildSpawnerCommands,
    answers: &[(usize, goodwill_engine::Bilingual)],
    tally: &goodwill_vote::Tally,
    pick: Option<usize>,
) {
    let voted = tally.voted();
    let majority = tally.majority();
    let headline = match (&majority, pick) {
        (Majority::NoVotes, None) => Phrase::NoVotesPick,
        (Majority::Tie(_), None) => Phrase::TiePick,
        _ => Phrase::VoteClosed,
    };
    p.spawn(label(
        Localized::dynamic(move |lang| fill(headline, lang, &[("n", &voted)])),
        1.3,
        palette::ACCENT,
    ));
    if let Some(position) = pick {
        // What will be played, in one line above the bars: at the largest text the bars run below the fold.
        let count = answers.get(position).map_or(0, |(choice, _)| tally.count_of(*choice));
        let share = if voted == 0 { 0.0 } else { count as f32 / voted as f32 };
        p.spawn((
            Name::new("Answer to be played"),
            label(
                Localized::dynamic(move |lang| {
                    format!(
                        "▶ {}{}{} · {}",
                        tr(Phrase::ToBePlayed, lang),
                        crate::i18n::colon(lang),
                        position + 1,
                        crate::describe::votes_share(count, share, lang)
                    )
                }),
                1.1,
                palette::INK,
            ),
        ));
        p.spawn(button(Phrase::PlayVoteAnswer, UiAction::PlayVoteAnswer, 0));
    }
    for (position, (choice, text)) in answers.iter().enumerate() {
        let count = tally
            .counts
            .iter()
            .find(|(c, _)| c == choice)
            .map_or(0, |&(_, n)| n as usize);
        let share = if voted == 0 { 0.0 } else { count as f32 / voted as f32 };
        let is_majority = majority == Majority::Clear(*choice);
        let picked = pick == Some(position);
        let text = text.clone();
        p.spawn((
            Button,
            ActionButton {
                action: UiAction::Choose(position),
                order: 1 + position,
            },
            Node {
                flex_direction: FlexDirection::Column,
                row_gap: px(6),
                padding: UiRect::axes(px(16), px(10)),
                border_radius: BorderRadius::all(px(8)),
                border: UiRect::all(px(if picked { 4 } else { 2 })),
                width: percent(100),
                ..default()
            },
            BorderColor::all(if picked { palette::ACCENT } else { Color::NONE }),
            BackgroundColor(palette::BUTTON),
        ))
        .with_children(|b| {
            b.spawn(label(
                Localized::dynamic(move |lang| format!("{}. {}", position + 1, text.get(lang))),
                1.0,
                palette::INK,
            ));
            b.spawn(Node {
                flex_direction: FlexDirection::Row,
                align_items: AlignItems::Center,
                column_gap: px(10),
                width: percent(100),
                ..default()
            })
            .with_children(|row| {
                // The bar's track is the whole class that voted; the bar, this answer's share.
                row.spawn((
                    Node {
                        flex_grow: 1.0,
                        height: px(18),
                        border_radius: BorderRadius::all(px(4)),
                        ..default()
                    },
                    BackgroundColor(palette::PANEL),
                ))
                .with_child((
                    Name::new("Vote bar"),
                    Node {
                        width: percent(share * 100.0),
                        height: percent(100),
                        border_radius: BorderRadius::all(px(4)),
                        ..default()
                    },
                    BackgroundColor(if is_majority { palette::ACCENT } else { palette::MUTED }),
                ));
                row.spawn(label(
                    Localized::dynamic(move |lang| {
                        let mut line = crate::describe::votes_share(count as u32, share, lang);
                        if is_majority {
                            line.push_str(" · ");
                            line.push_str(tr(Phrase::Majority, lang));
                        }
                        if picked {
                            line.push_str(" · ▶ ");
                            line.push_str(tr(Phrase::ToBePlayed, lang));
                        }
                        line
                    }),
                    1.0,
                    palette::INK,
                ));
            });
        });
    }
    p.spawn(label(Phrase::PickAnotherHint, 0.9, palette::MUTED));
}
