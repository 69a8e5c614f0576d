//! Floor 5 · Class setup: the trainer names a class session, adds its trainees — typing a whole list of names at
//! once, or ticking the trainees already known — and ticks the cases it assigns.

use std::collections::BTreeSet;

use bevy::prelude::*;
use goodwill_store::name_list::parse_name_list;

use crate::game::input::{ESC_BACK, Focus, NoFirstFocus, UiAction};
use crate::game::library::Library;
use crate::game::palette;
use crate::game::results::{Player, ResultsDb, SaveProblem, ShownClass};
use crate::game::state::GameSet;
use crate::game::state::Screen;
use crate::game::text_input::{NameBuffer, NameField};
use crate::game::theme::{Localized, button, button_row, label, panel, screen_root, text_field};
use crate::i18n::{Phrase, colon, tr};
use goodwill_engine::Lang;

/// The screen's two text fields; the one being typed into holds the shared [`NameBuffer`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Field {
    #[default]
    ClassName,
    Trainees,
}

impl Field {
    fn index(self) -> usize {
        match self {
            Field::ClassName => 0,
            Field::Trainees => 1,
        }
    }
}

/// What the trainer has typed and ticked so far. Nothing is written until *Create*.
#[derive(Resource, Debug, Default)]
struct Draft {
    /// The trainees already in the results, then the names typed here.
    profiles: Vec<String>,
    /// How many of `profiles` are already in the results (the rest are new).
    known: usize,
    trainees: BTreeSet<usize>,
    cases: BTreeSet<usize>,
    editing: Field,
    /// The class name while the trainees' field is being typed into.
    class_name: String,
    /// Names the last list could not take, with why.
    refused: Vec<(String, String)>,
}

#[derive(Component)]
struct SetupRoot;

/// Focus order: the fields, then the trainees (a class may have dozens), the cases, Create and Back.
const TRAINEE_ORDER: usize = 10;
const CASE_ORDER: usize = 10_000;
const END_ORDER: usize = 20_000;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Draft>()
        .add_systems(OnEnter(Screen::ClassSetup), (load, spawn_root).chain())
        .add_systems(Update, act.in_set(GameSet::Act).run_if(in_state(Screen::ClassSetup)))
        .add_systems(
            Update,
            rebuild.in_set(GameSet::Present).run_if(in_state(Screen::ClassSetup)),
        );
}

fn load(db: Res<ResultsDb>, library: Res<Library>, mut draft: ResMut<Draft>, mut buffer: ResMut<NameBuffer>) {
    buffer.0.clear();
    let profiles: Vec<String> = db
        .read(|s| s.profiles())
        .unwrap_or_default()
        .into_iter()
        .map(|p| p.name)
        .collect();
    *draft = Draft {
        known: profiles.len(),
        trainees: (0..profiles.len()).collect(),
        profiles,
        cases: (0..library.playable().count()).collect(),
        ..default()
    };
}

fn spawn_root(mut commands: Commands) {
    commands.spawn((
        Name::new("Class setup screen"),
        DespawnOnExit(Screen::ClassSetup),
        SetupRoot,
        screen_root(),
        ESC_BACK,
        // The screen opens for typing the class name: no button takes the first Enter.
        NoFirstFocus,
    ));
}

/// Moves typing to `field`: what was typed in the other one is kept in the draft.
fn edit(draft: &mut Draft, buffer: &mut NameBuffer, field: Field) {
    if draft.editing == field {
        return;
    }
    if draft.editing == Field::ClassName {
        draft.class_name = std::mem::take(&mut buffer.0);
    } else {
        buffer.0 = std::mem::take(&mut draft.class_name);
    }
    draft.editing = field;
}

/// Adds the typed list to the draft, ticked; a name already listed is ticked, not added twice.
fn add_names(draft: &mut Draft, text: &str) {
    let list = parse_name_list(text);
    for name in list.names {
        let index = match draft.profiles.iter().position(|p| *p == name) {
            Some(i) => i,
            None => {
                draft.profiles.push(name);
                draft.profiles.len() - 1
            }
        };
        draft.trainees.insert(index);
    }
    draft.refused = list.refused;
}

fn act(
    mut actions: MessageReader<UiAction>,
    mut next: ResMut<NextState<Screen>>,
    mut draft: ResMut<Draft>,
    mut buffer: ResMut<NameBuffer>,
    mut focus: ResMut<Focus>,
    library: Res<Library>,
    db: Res<ResultsDb>,
    mut problem: ResMut<SaveProblem>,
    mut shown: ResMut<ShownClass>,
    mut player: ResMut<Player>,
) {
    for action in actions.read() {
        match action {
            UiAction::Back => next.set(Screen::Class),
            UiAction::ToggleTrainee(i) => toggle(&mut draft.trainees, *i),
            UiAction::ToggleCase(i) => toggle(&mut draft.cases, *i),
            UiAction::EditField(0) => edit(&mut draft, &mut buffer, Field::ClassName),
            UiAction::EditField(_) => edit(&mut draft, &mut buffer, Field::Trainees),
            // Enter in the name field goes on to the trainees' field; Enter there adds the names typed and
            // stays, ready for the next ones.
            UiAction::SubmitText if draft.editing == Field::ClassName => {
                edit(&mut draft, &mut buffer, Field::Trainees);
                focus.0 = None;
            }
            UiAction::SubmitText => {
                let typed = std::mem::take(&mut buffer.0);
                add_names(&mut draft, &typed);
                focus.0 = None;
            }
            UiAction::CreateClass => {
                // Names still in the trainees' field join too: the trainer need not press Enter first.
                if draft.editing == Field::Trainees && !buffer.0.trim().is_empty() {
                    let typed = std::mem::take(&mut buffer.0);
                    add_names(&mut draft, &typed);
                }
                let name = match draft.editing {
                    Field::ClassName => buffer.0.trim().to_owned(),
                    Field::Trainees => draft.class_name.trim().to_owned(),
                };
                if name.is_empty() {
                    edit(&mut draft, &mut buffer, Field::ClassName);
                    continue;
                }
                let trainees: Vec<String> = draft
                    .trainees
                    .iter()
                    .filter_map(|&i| draft.profiles.get(i).cloned())
                    .collect();
                let cases: Vec<String> = library
                    .sorted()
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| draft.cases.contains(i))
                    .map(|(_, s)| s.id.clone())
                    .collect();
                // The class, its new trainees and its cases in one write.
                if let Some(class) = db.write(&mut problem, |s| s.create_class(&name, &trainees, &cases)) {
                    // Show the new class on the class view, and play under it from now on.
                    shown.0 = Some(class.name.clone());
                    player.class = Some(class.name);
                    next.set(Screen::Class);
                }
            }
            _ => {}
        }
    }
}

/// A field: the one being typed into shows the buffer (and the caret); the other is a button that moves
/// typing there, showing what it holds.
fn field(parent: &mut ChildSpawnerCommands, this: Field, draft: &Draft) {
    if draft.editing == this {
        parent.spawn(text_field(NameField));
        return;
    }
    let held = match this {
        Field::ClassName => draft.class_name.clone(),
        Field::Trainees => String::new(),
    };
    parent.spawn(button(
        Localized::dynamic(move |lang| {
            if held.is_empty() {
                tr(Phrase::ClickToType, lang).to_owned()
            } else {
                held.clone()
            }
        }),
        UiAction::EditField(this.index()),
        this.index(),
    ));
}

fn rebuild(mut commands: Commands, draft: Res<Draft>, library: Res<Library>, roots: Query<Entity, With<SetupRoot>>) {
    if !draft.is_changed() && !library.is_changed() {
        return;
    }
    let Ok(root) = roots.single() else { return };
    let profiles = draft.profiles.clone();
    let known = draft.known;
    let cases: Vec<_> = library.sorted().iter().map(|s| s.title.clone()).collect();
    let (picked_trainees, picked_cases) = (draft.trainees.clone(), draft.cases.clone());
    let refused = draft.refused.clone();
    commands
        .entity(root)
        .despawn_related::<Children>()
        .with_children(|root| {
            root.spawn(label(Phrase::NewClass, 2.0, palette::ACCENT));
            root.spawn(panel()).with_children(|p| {
                p.spawn(label(Phrase::ClassName, 1.0, palette::MUTED));
                field(p, Field::ClassName, &draft);
                p.spawn(label(Phrase::AddTrainees, 1.0, palette::MUTED));
                field(p, Field::Trainees, &draft);
                for (piece, reason) in refused {
                    p.spawn(label(
                        // The store's reason is in English; Chinese gives the rules in its own words.
                        Localized::dynamic(move |lang| match lang {
                            Lang::Zh => format!(
                                "⚠ {}：「{piece}」（{}）",
                                tr(Phrase::NameRefused, lang),
                                tr(Phrase::NameRules, lang)
                            ),
                            Lang::En => {
                                format!("⚠ {}{}“{piece}” ({reason})", tr(Phrase::NameRefused, lang), colon(lang))
                            }
                        }),
                        0.9,
                        palette::WITHDRAWAL,
                    ));
                }
            });
            let tick = |on: bool| if on { "[✓]" } else { "[  ]" };
            root.spawn(label(Phrase::ClassTrainees, 1.0, palette::INK));
            root.spawn(button_row()).with_children(|r| {
                for (i, name) in profiles.into_iter().enumerate() {
                    let mark = tick(picked_trainees.contains(&i));
                    let new = i >= known;
                    r.spawn(button(
                        Localized::dynamic(move |lang| {
                            if new {
                                format!("{mark} {name}（{}）", tr(Phrase::NewName, lang))
                            } else {
                                format!("{mark} {name}")
                            }
                        }),
                        UiAction::ToggleTrainee(i),
                        TRAINEE_ORDER + i,
                    ));
                }
            });
            root.spawn(label(Phrase::ClassCases, 1.0, palette::INK));
            root.spawn(button_row()).with_children(|r| {
                for (i, title) in cases.into_iter().enumerate() {
                    let mark = tick(picked_cases.contains(&i));
                    r.spawn(button(
                        Localized::dynamic(move |lang| format!("{mark} {}", title.get(lang))),
                        UiAction::ToggleCase(i),
                        CASE_ORDER + i,
                    ));
                }
            });
            root.spawn(button_row()).with_children(|r| {
                r.spawn(button(Phrase::CreateClass, UiAction::CreateClass, END_ORDER));
                r.spawn(button(Phrase::Back, UiAction::Back, END_ORDER + 1));
            });
        });
}

fn toggle(set: &mut BTreeSet<usize>, item: usize) {
    if !set.remove(&item) {
        set.insert(item);
    }
}
