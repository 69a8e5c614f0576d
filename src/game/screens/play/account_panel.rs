//! The play screen's left column: the customer's portrait and mood, the account gauge with the last
//! answer's deposits and withdrawals, and the promises still owed.

use std::sync::Arc;

use bevy::prelude::*;
use goodwill_engine::Bilingual;
use goodwill_engine::account::Entry;

use crate::describe::describe_entry;
use crate::game::portrait::portrait;
use crate::game::run::ActiveRun;
use crate::game::theme::{Localized, label, palette, panel};
use crate::i18n::{Phrase, colon, tr};

/// The column, spawned under `root`. With `scores` off (feedback only in the debrief) the column shows the
/// customer and the promises but no balance, mood word or deposits: those would grade each answer as it
/// is given, which is the feedback the trainer chose to hold back.
pub(super) fn customer_column(root: &mut ChildSpawnerCommands, run: &ActiveRun, scores: bool) {
    let session = &run.session;
    let scenario = Arc::clone(session.scenario());
    let balance = session.balance();
    let mood = session.mood();
    root.spawn(Node {
        flex_direction: FlexDirection::Column,
        row_gap: px(14),
        width: percent(32),
        min_width: px(260),
        ..default()
    })
    .with_children(|left| {
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
                    Localized::dynamic(move |lang| format!("{}{}{balance}", tr(Phrase::Balance, lang), colon(lang))),
                    1.1,
                    palette::INK,
                ));
                gauge(p, balance);
                for entry in &run.last_entries {
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
