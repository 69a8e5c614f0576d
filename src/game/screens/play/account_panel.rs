//! Floor 5 · The play screen's left column: the customer's portrait and mood, the account gauge with the last
//! answer's deposits and withdrawals (heard from the runner's events), and the promises still owed.

use std::sync::Arc;

use bevy::prelude::*;
use goodwill_engine::account::Entry;
use goodwill_engine::{Bilingual, DialogueEvent};

use crate::describe::describe_entry;
use crate::game::input::Scrollable;
use crate::game::palette;
use crate::game::portrait::portrait;
use crate::game::run::{ActiveRun, Phase, RunEvent};
use crate::game::theme::{Localized, label, panel};
use crate::i18n::{Phrase, colon, tr};

/// The deposits and withdrawals the last answer caused (settlement at the end included), listed under
/// the gauge until the next answer.
#[derive(Resource, Debug, Default)]
pub(super) struct LastAnswerEntries(pub Vec<Entry>);

/// Listens to the runner: the agent's line opens a new answer's list, each account entry the engine
/// reported after it joins the list, and a new run starts with none. It runs whatever the screen, so no
/// event is missed while the screen changes to Play.
pub(super) fn note_entries(mut events: MessageReader<RunEvent>, mut entries: ResMut<LastAnswerEntries>) {
    for event in events.read() {
        match event {
            RunEvent::Started { .. } | RunEvent::Engine(DialogueEvent::AgentSays { .. }) => entries.0.clear(),
            RunEvent::Engine(DialogueEvent::Account(entry)) => entries.0.push(entry.clone()),
            _ => {}
        }
    }
}

/// The column, spawned under `root`. With `scores` off (feedback only in the debrief) the column shows the
/// customer and the promises but no balance, mood word or deposits: those would grade each answer as it
/// is given, which is the feedback the trainer chose to hold back.
pub(super) fn customer_column(root: &mut ChildSpawnerCommands, run: &ActiveRun, entries: &[Entry], scores: bool) {
    let session = &run.session;
    let scenario = Arc::clone(session.scenario());
    let balance = session.balance();
    let mood = session.mood();
    // The last answer's deposits belong to its feedback: once the next line is on, they are gone.
    let entries = if matches!(run.phase, Phase::Feedback | Phase::Closed) {
        entries
    } else {
        &[]
    };
    root.spawn((
        Name::new("Customer column"),
        Node {
            flex_direction: FlexDirection::Column,
            row_gap: px(12),
            // Narrow: at the largest text the conversation beside it needs every column it can get.
            width: percent(26),
            min_width: px(240),
            // Scrolls when the largest text makes it taller than the window (long promises, a broken
            // promise's explanation); the bar sits in its padding, beside the text.
            overflow: Overflow::scroll_y(),
            padding: UiRect::right(px(14)),
            ..default()
        },
        Scrollable,
    ))
    .with_children(|left| {
        left.spawn(super::who::who_plays(run));
        left.spawn(panel()).with_children(|p| {
            p.spawn(Node {
                justify_content: JustifyContent::Center,
                ..default()
            })
            .with_children(|c| {
                c.spawn(portrait(&scenario.customer, mood));
            });
            p.spawn(label(&scenario.customer.name, 1.3, palette::INK));
            if !scores {
                return;
            }
            p.spawn(label(
                Localized::dynamic(move |lang| {
                    format!("{}{}{}", tr(Phrase::Mood, lang), colon(lang), mood.label().get(lang))
                }),
                1.0,
                palette::MUTED,
            ));
        });
        if scores {
            left.spawn(panel()).with_children(|p| {
                p.spawn(label(
                    Localized::dynamic(move |lang| {
                        format!(
                            "{}{}{}",
                            tr(Phrase::Balance, lang),
                            colon(lang),
                            crate::describe::balance_words(balance, lang)
                        )
                    }),
                    1.1,
                    palette::INK,
                ));
                gauge(p, balance);
                for entry in entries {
                    let e = entry.clone();
                    let scenario = Arc::clone(session.scenario());
                    p.spawn(label(
                        Localized::dynamic(move |lang| describe_entry(&e, &scenario, lang)),
                        1.2,
                        entry_color(entry),
                    ));
                }
            });
        }
        let promises: Vec<Bilingual> = session.open_promises().iter().map(|p| p.text.clone()).collect();
        left.spawn(panel()).with_children(|p| {
            p.spawn(label(Phrase::OpenPromises, 1.0, palette::INK));
            if promises.is_empty() {
                p.spawn(label(Phrase::NoOpenPromises, 0.9, palette::MUTED));
            }
            for text in &promises {
                let t = text.clone();
                p.spawn(label(
                    Localized::dynamic(move |lang| format!("• {}", t.get(lang))),
                    0.9,
                    palette::ACCENT,
                ));
            }
        });
    });
}

fn entry_color(entry: &Entry) -> Color {
    if entry.delta >= 0 {
        palette::DEPOSIT
    } else {
        palette::WITHDRAWAL
    }
}

/// The balance as a bar from 0 to 100, coloured by how the customer feels.
fn gauge(parent: &mut ChildSpawnerCommands, balance: i32) {
    let fill = balance.clamp(0, 100) as f32;
    let color = match balance {
        i32::MIN..=29 => palette::WITHDRAWAL,
        30..=59 => Color::srgb(0.85, 0.62, 0.20),
        _ => palette::DEPOSIT,
    };
    parent
        .spawn((
            Node {
                width: percent(100),
                height: px(18),
                border_radius: BorderRadius::all(px(9)),
                ..default()
            },
            BackgroundColor(Color::srgb(0.88, 0.86, 0.82)),
        ))
        .with_children(|bar| {
            bar.spawn((
                Node {
                    width: percent(fill),
                    height: percent(100),
                    border_radius: BorderRadius::all(px(9)),
                    ..default()
                },
                BackgroundColor(color),
            ));
        });
}
