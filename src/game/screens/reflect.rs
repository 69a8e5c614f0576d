//! Floor 5 · Reflect and plan, after a debrief: the case's reflection questions with a field to answer each
//! (Chinese through the input method, or English), and the plan for next time picked from the golden steps
//! and anti-patterns (what this run missed first), each with optional own words. The draft and its saving
//! are `game::reflection`'s; this screen draws it and routes the actions.

use bevy::prelude::*;

use crate::describe::plan_target;
use crate::game::input::{NoFirstFocus, Shortcuts, UiAction};
use crate::game::palette;
use crate::game::reflection::{Editing, ReflectionDraft};
use crate::game::results::{ResultsDb, SaveProblem};
use crate::game::run::ActiveRun;
use crate::game::state::{GameSet, Screen};
use crate::game::text_input::{NameBuffer, NameField};
use crate::game::theme::{Localized, button, button_row, label, panel, screen_root};
use crate::i18n::{Phrase, tr};

#[derive(Component)]
struct ReflectRoot;

/// Marks the reflection screen's text field, for tests.
#[derive(Component)]
pub struct ReflectField;

/// Focus order: the questions' fields, their save button, the plan's items, its own words, then the end.
const ANSWER_ORDER: usize = 0;
const SAVE_ANSWER_ORDER: usize = 5;
const ITEM_ORDER: usize = 10;
const WORDS_ORDER: usize = 100;
const END_ORDER: usize = 200;
/// `EditField` numbers: the answers are 0 and 1, the own words of picked item k are `WORDS_FIELD + k`.
const WORDS_FIELD: usize = 10;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<ReflectionDraft>()
        .add_systems(OnEnter(Screen::Reflect), (open, spawn_root).chain())
        .add_systems(Update, act.in_set(GameSet::Act).run_if(in_state(Screen::Reflect)))
        .add_systems(
            Update,
            rebuild.in_set(GameSet::Present).run_if(in_state(Screen::Reflect)),
        );
}

/// Opens the draft on the attempt just debriefed (nothing to write when it was not recorded).
fn open(
    run: Option<Res<ActiveRun>>,
    db: Res<ResultsDb>,
    mut draft: ResMut<ReflectionDraft>,
    mut buffer: ResMut<NameBuffer>,
) {
    buffer.0.clear();
    *draft = ReflectionDraft::default();
    let Some(run) = run else { return };
    let Some(id) = run.recorder.attempt() else { return };
    let Some(attempt) = db.read(|s| s.attempt(id)).flatten() else {
        return;
    };
    if !attempt.is_finished() || attempt.is_class_vote() {
        return;
    }
    *draft = ReflectionDraft::open(&db, attempt, run.session.scenario().reflection.clone());
    if let Some(first) = draft.answers.first() {
        buffer.0.clone_from(first);
    }
}

fn spawn_root(mut commands: Commands) {
    commands.spawn((
        Name::new("Reflect screen"),
        DespawnOnExit(Screen::Reflect),
        ReflectRoot,
        screen_root(),
        Shortcuts(&[(KeyCode::Escape, UiAction::BackToList)]),
        // The screen opens for typing: Enter saves the answer, no button takes it.
        NoFirstFocus,
    ));
}

fn act(
    mut actions: MessageReader<UiAction>,
    mut next: ResMut<NextState<Screen>>,
    mut draft: ResMut<ReflectionDraft>,
    mut buffer: ResMut<NameBuffer>,
    db: Res<ResultsDb>,
    mut problem: ResMut<SaveProblem>,
) {
    for action in actions.read() {
        match action {
            UiAction::BackToList => next.set(Screen::Select),
            UiAction::EditField(i) if *i < WORDS_FIELD => draft.edit(Editing::Answer(*i), &mut buffer),
            UiAction::EditField(i) => draft.edit(Editing::Words(i - WORDS_FIELD), &mut buffer),
            UiAction::SubmitText | UiAction::SaveAnswer => draft.save_answer(&db, &mut problem, &mut buffer),
            UiAction::TogglePlanItem(i) => draft.toggle(*i, &mut buffer),
            UiAction::SavePlan => draft.save_plan(&db, &mut problem, &buffer),
            _ => {}
        }
    }
}

/// The text field: as wide as the column, so a long answer wraps instead of running off the screen.
fn wide_field() -> impl Bundle {
    (
        Node {
            width: percent(100),
            min_height: px(48),
            padding: UiRect::axes(px(12), px(8)),
            border: UiRect::all(px(2)),
            border_radius: BorderRadius::all(px(6)),
            ..default()
        },
        BorderColor::all(palette::ACCENT),
        BackgroundColor(Color::WHITE),
        children![(
            NameField,
            ReflectField,
            label(Localized::dynamic(|_| "▏".to_owned()), 1.1, palette::INK)
        )],
    )
}

/// A field not being typed into: a button showing its text, which moves typing there.
fn field_button(text: String, field: usize, order: usize) -> impl Bundle {
    button(
        Localized::dynamic(move |lang| {
            if text.is_empty() {
                tr(Phrase::ClickToType, lang).to_owned()
            } else {
                text.clone()
            }
        }),
        UiAction::EditField(field),
        order,
    )
}

fn rebuild(mut commands: Commands, draft: Res<ReflectionDraft>, roots: Query<Entity, With<ReflectRoot>>) {
    if !draft.is_changed() {
        return;
    }
    let Ok(root) = roots.single() else { return };
    commands
        .entity(root)
        .despawn_related::<Children>()
        .with_children(|root| {
            root.spawn(label(Phrase::ReflectAndPlan, 2.0, palette::ACCENT));
            root.spawn(button_row())
                .with_child(button(Phrase::BackToList, UiAction::BackToList, END_ORDER));
            if draft.attempt.is_none() {
                root.spawn(label(Phrase::NothingToReflect, 1.1, palette::MUTED));
                return;
            }
            if let Some(why) = draft.refused.clone() {
                root.spawn(label(
                    Localized::dynamic(move |lang| {
                        if why.starts_with("at most") {
                            format!("⚠ {}", tr(Phrase::PlanTooMany, lang))
                        } else {
                            format!("⚠ {}{why}", tr(Phrase::SaveRefused, lang))
                        }
                    }),
                    1.0,
                    palette::WITHDRAWAL,
                ));
            }
            let column = Node {
                flex_direction: FlexDirection::Column,
                row_gap: px(12),
                width: percent(100),
                max_width: px(1100),
                flex_shrink: 0.0,
                ..default()
            };
            root.spawn(column.clone()).with_children(|col| {
                col.spawn(panel()).with_children(|p| {
                    p.spawn(label(Phrase::ReflectionHeading, 1.3, palette::INK));
                    if draft.questions.is_empty() {
                        p.spawn(label(Phrase::NoReflectionQuestion, 1.0, palette::MUTED));
                    } else {
                        p.spawn(label(Phrase::ReflectionHint, 0.9, palette::MUTED));
                    }
                    for (i, question) in draft.questions.iter().enumerate() {
                        let saved = draft.saved[i];
                        let q = question.clone();
                        p.spawn(label(
                            Localized::dynamic(move |lang| {
                                let state = tr(
                                    if saved {
                                        Phrase::AnswerSaved
                                    } else {
                                        Phrase::AnswerNotSaved
                                    },
                                    lang,
                                );
                                format!("{}. {}（{state}）", i + 1, q.get(lang))
                            }),
                            1.05,
                            palette::INK,
                        ));
                        if draft.editing == Some(Editing::Answer(i)) {
                            p.spawn(wide_field());
                            p.spawn(button_row()).with_child(button(
                                Phrase::SaveAnswer,
                                UiAction::SaveAnswer,
                                SAVE_ANSWER_ORDER,
                            ));
                        } else {
                            p.spawn(field_button(draft.answers[i].clone(), i, ANSWER_ORDER + i));
                        }
                    }
                });
                col.spawn(panel()).with_children(|p| {
                    p.spawn(label(Phrase::PlanHeading, 1.3, palette::INK));
                    p.spawn(button_row()).with_children(|row| {
                        for (i, &target) in draft.choices.iter().enumerate() {
                            let picked = draft.picked.iter().any(|item| item.target == target);
                            row.spawn(button(
                                Localized::dynamic(move |lang| {
                                    format!("{} {}", if picked { "[✓]" } else { "[  ]" }, plan_target(target, lang))
                                }),
                                UiAction::TogglePlanItem(i),
                                ITEM_ORDER + i,
                            ));
                        }
                    });
                    for (k, item) in draft.picked.iter().enumerate() {
                        let target = item.target;
                        p.spawn(label(
                            Localized::dynamic(move |lang| {
                                format!(
                                    "{}. {} · {}",
                                    k + 1,
                                    plan_target(target, lang),
                                    tr(Phrase::OwnWords, lang)
                                )
                            }),
                            1.0,
                            palette::INK,
                        ));
                        if draft.editing == Some(Editing::Words(k)) {
                            p.spawn(wide_field());
                        } else {
                            p.spawn(field_button(
                                item.own_words.clone().unwrap_or_default(),
                                WORDS_FIELD + k,
                                WORDS_ORDER + k,
                            ));
                        }
                    }
                    p.spawn(button_row())
                        .with_child(button(Phrase::SavePlan, UiAction::SavePlan, WORDS_ORDER + 10));
                    if draft.plan_saved {
                        p.spawn(label(Phrase::PlanSaved, 1.0, palette::DEPOSIT));
                    }
                });
            });
        });
}
