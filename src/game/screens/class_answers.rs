//! Floor 5 · The trainer's screen of a class's reflection answers, one question at a time (from the class
//! view, behind the trainer PIN when one is set): every trainee's answer under the question, with the
//! names hidden at a key press when it is projected.

use bevy::prelude::*;
use goodwill_engine::Bilingual;
use goodwill_store::reflection::Reflection;

use crate::game::input::{Shortcuts, UiAction};
use crate::game::library::Library;
use crate::game::palette;
use crate::game::results::ResultsDb;
use crate::game::settings::{Settings, TrainerLock};
use crate::game::state::{GameSet, Screen};
use crate::game::theme::{Localized, button, button_row, label, panel, screen_root};
use crate::i18n::{Phrase, colon, fill, tr};

/// The class session whose answers are shown (set by the class view).
#[derive(Resource, Debug, Default)]
pub struct AnswersOf(pub Option<String>);

/// One question's answers: the case, the question as asked, and (trainee, answer) oldest first.
#[derive(Debug, Clone)]
pub struct QuestionAnswers {
    pub scenario: String,
    pub asked: Bilingual,
    pub answers: Vec<(String, String)>,
}

/// What the screen shows: every question answered in the class, which one, and whether names show.
#[derive(Resource, Debug, Default)]
pub struct ClassAnswersView {
    pub questions: Vec<QuestionAnswers>,
    pub shown: usize,
    pub hide_names: bool,
}

#[derive(Component)]
struct AnswersRoot;

/// Marks an answer's card, for tests: the name shown on it (`None` when names are hidden).
#[derive(Component, Debug)]
pub struct AnswerCard(pub Option<String>);

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<AnswersOf>()
        .init_resource::<ClassAnswersView>()
        .add_systems(OnEnter(Screen::ClassAnswers), (load, spawn_root).chain())
        .add_systems(Update, act.in_set(GameSet::Act).run_if(in_state(Screen::ClassAnswers)))
        .add_systems(
            Update,
            rebuild.in_set(GameSet::Present).run_if(in_state(Screen::ClassAnswers)),
        );
}

/// Groups answers by case and by the question's words as asked (a reworded question is a new one).
pub fn group(answers: Vec<(String, String, Reflection)>) -> Vec<QuestionAnswers> {
    let mut out: Vec<QuestionAnswers> = Vec::new();
    for (trainee, scenario, reflection) in answers {
        let at = out
            .iter()
            .position(|q| q.scenario == scenario && q.asked == reflection.asked);
        let entry = match at {
            Some(i) => &mut out[i],
            None => {
                out.push(QuestionAnswers {
                    scenario,
                    asked: reflection.asked.clone(),
                    answers: Vec::new(),
                });
                out.last_mut().expect("just pushed")
            }
        };
        entry.answers.push((trainee, reflection.answer));
    }
    out
}

fn load(
    db: Res<ResultsDb>,
    of: Res<AnswersOf>,
    settings: Res<Settings>,
    lock: Res<TrainerLock>,
    mut view: ResMut<ClassAnswersView>,
) {
    *view = ClassAnswersView::default();
    // Nothing is read while the trainer's PIN guards the screen.
    if settings.locked(&lock) {
        return;
    }
    let Some(class) = of.0.clone() else { return };
    let attempts = db.read(|s| s.finished_attempts(None, Some(&class))).unwrap_or_default();
    let mut answers = Vec::new();
    for attempt in attempts.iter().filter(|a| !a.is_class_vote()) {
        for reflection in db.read(|s| s.reflections(&attempt.id)).unwrap_or_default() {
            answers.push((attempt.profile.clone(), attempt.scenario.clone(), reflection));
        }
    }
    view.questions = group(answers);
}

fn spawn_root(mut commands: Commands) {
    commands.spawn((
        Name::new("Class answers screen"),
        DespawnOnExit(Screen::ClassAnswers),
        AnswersRoot,
        screen_root(),
        Shortcuts(&[
            (KeyCode::Escape, UiAction::Back),
            (KeyCode::KeyH, UiAction::ToggleNames),
            (KeyCode::ArrowRight, UiAction::NextQuestion),
        ]),
    ));
}

fn act(mut actions: MessageReader<UiAction>, mut next: ResMut<NextState<Screen>>, mut view: ResMut<ClassAnswersView>) {
    for action in actions.read() {
        match action {
            UiAction::Back => next.set(Screen::Class),
            UiAction::ToggleNames => view.hide_names = !view.hide_names,
            UiAction::NextQuestion if !view.questions.is_empty() => {
                view.shown = (view.shown + 1) % view.questions.len();
            }
            UiAction::OpenSettings => next.set(Screen::Settings),
            _ => {}
        }
    }
}

fn rebuild(
    mut commands: Commands,
    view: Res<ClassAnswersView>,
    of: Res<AnswersOf>,
    settings: Res<Settings>,
    lock: Res<TrainerLock>,
    library: Res<Library>,
    roots: Query<Entity, With<AnswersRoot>>,
) {
    if !view.is_changed() {
        return;
    }
    let Ok(root) = roots.single() else { return };
    let class = of.0.clone().unwrap_or_default();
    let locked = settings.locked(&lock);
    commands
        .entity(root)
        .despawn_related::<Children>()
        .with_children(|root| {
            root.spawn(label(
                Localized::dynamic(move |lang| format!("{}{}{class}", tr(Phrase::ClassAnswers, lang), colon(lang))),
                2.0,
                palette::ACCENT,
            ));
            if locked {
                root.spawn(label(Phrase::TrainerOnly, 1.1, palette::WITHDRAWAL));
                root.spawn(button_row()).with_children(|row| {
                    row.spawn(button(Phrase::Settings, UiAction::OpenSettings, 0));
                    row.spawn(button(Phrase::Back, UiAction::Back, 1));
                });
                return;
            }
            root.spawn(button_row()).with_children(|row| {
                row.spawn(button(Phrase::NextQuestion, UiAction::NextQuestion, 0));
                row.spawn(button(
                    if view.hide_names {
                        Phrase::ShowNames
                    } else {
                        Phrase::HideNames
                    },
                    UiAction::ToggleNames,
                    1,
                ));
                row.spawn(button(Phrase::Back, UiAction::Back, 2));
            });
            let Some(question) = view.questions.get(view.shown % view.questions.len().max(1)).cloned() else {
                root.spawn(label(Phrase::NoAnswersYet, 1.1, palette::MUTED));
                return;
            };
            let title = library
                .find(&question.scenario)
                .map(|s| s.title.clone())
                .unwrap_or_else(|| Bilingual::new(question.scenario.clone(), question.scenario.clone()));
            let (number, total) = (view.shown % view.questions.len() + 1, view.questions.len());
            let asked = question.asked.clone();
            root.spawn(Node {
                flex_direction: FlexDirection::Column,
                row_gap: px(10),
                width: percent(100),
                max_width: px(1100),
                flex_shrink: 0.0,
                ..default()
            })
            .with_children(|col| {
                col.spawn(panel()).with_children(|p| {
                    p.spawn(label(
                        Localized::dynamic(move |lang| format!("{number}/{total} · {}", title.get(lang))),
                        1.0,
                        palette::MUTED,
                    ));
                    p.spawn(label(&asked, 1.3, palette::INK));
                });
                for (n, (trainee, answer)) in question.answers.into_iter().enumerate() {
                    let name = (!view.hide_names).then_some(trainee);
                    let shown_name = name.clone();
                    col.spawn((AnswerCard(name), panel())).with_children(|p| {
                        p.spawn(label(
                            Localized::dynamic(move |lang| match &shown_name {
                                Some(name) => name.clone(),
                                None => fill(Phrase::TraineeNumber, lang, &[("n", &(n + 1))]),
                            }),
                            0.95,
                            palette::MUTED,
                        ));
                        p.spawn(label(Localized::dynamic(move |_| answer.clone()), 1.1, palette::INK));
                    });
                }
            });
        });
}
