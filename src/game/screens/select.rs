//! Floor 5 · Scenario select: a card per scenario and, for a trainer, an error card per broken file (with the
//! checker's message), summarised at the top of the list.

use bevy::prelude::*;

use crate::describe::stage_direction;
use crate::game::input::{ActionButton, Shortcuts, UiAction, number_pressed};
use crate::game::library::Library;
use crate::game::palette;
use crate::game::results::ScenarioRecords;
use crate::game::results::{Player, ResultsDb};
use crate::game::run::StartRun;
use crate::game::state::GameSet;
use crate::game::state::Screen;
use crate::game::theme::{Localized, button, label, screen_root};
use crate::i18n::{Phrase, colon, tr};

/// Whether the details of broken scenario files are shown. They are for whoever edits the files: shown
/// outside a class (a trainer preparing the room, an author trying an edit, self-study), hidden while a
/// trainee plays under a class session — the class sees one line saying how many files have problems,
/// and the trainer P (or its button) to show them.
#[derive(Resource, Debug, Default, PartialEq)]
pub struct ShowProblems(pub bool);

/// The summary of broken files at the top of the list, for tests and screenshots to find.
#[derive(Component)]
pub struct ProblemSummary;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<ShowProblems>()
        .add_systems(OnEnter(Screen::Select), (reload_records, decide_problems, spawn))
        .add_systems(
            Update,
            (
                shortcuts.in_set(GameSet::Input),
                act.in_set(GameSet::Act),
                rebuild.in_set(GameSet::Present),
            )
                .run_if(in_state(Screen::Select)),
        );
}

#[derive(Component)]
struct CardList;

/// An error card, for tests and screenshots to find.
#[derive(Component)]
pub struct ErrorCard;

/// Brings the trainee's best and latest results up to date from the database.
fn reload_records(db: Res<ResultsDb>, player: Res<Player>, mut records: ResMut<ScenarioRecords>) {
    if let Some(profile) = &player.profile {
        records.reload(&db, profile);
    }
}

fn decide_problems(player: Res<Player>, mut show: ResMut<ShowProblems>) {
    show.0 = player.profile.is_none() || player.class.is_none();
}

fn spawn(mut commands: Commands, player: Res<Player>, db: Res<ResultsDb>) {
    let who = player.clone();
    let saving = db.is_open();
    commands.spawn((
        Name::new("Select screen"),
        DespawnOnExit(Screen::Select),
        screen_root(),
        Shortcuts(&[
            (KeyCode::Escape, UiAction::Back),
            (KeyCode::KeyP, UiAction::ToggleProblems),
        ]),
        children![
            label(Phrase::Scenarios, 2.2, palette::ACCENT),
            label(
                Localized::dynamic(move |lang| who.who_line(saving, lang)),
                1.0,
                palette::MUTED
            ),
            // Back and the key hint sit above the list, which can be as long as the library is.
            button(Phrase::Back, UiAction::Back, 1000),
            label(Phrase::SelectHint, 0.9, palette::MUTED),
            // The order the cards come in (`Library::display_order`), said where they start.
            label(Phrase::CaseOrder, 0.9, palette::MUTED),
            (
                CardList,
                // Two cards a row, so a projector shows most of the library at once; error cards take a
                // whole row.
                Node {
                    flex_direction: FlexDirection::Row,
                    flex_wrap: FlexWrap::Wrap,
                    justify_content: JustifyContent::SpaceBetween,
                    row_gap: px(10),
                    width: px(1180),
                    max_width: percent(100),
                    // In the scrolling screen the list keeps its full height instead of being squeezed.
                    flex_shrink: 0.0,
                    ..default()
                },
            ),
        ],
    ));
}

fn rebuild(
    mut commands: Commands,
    library: Res<Library>,
    results: Res<ScenarioRecords>,
    player: Res<Player>,
    db: Res<ResultsDb>,
    show: Res<ShowProblems>,
    lists: Query<(Entity, Has<Children>), With<CardList>>,
) {
    for (list, built) in &lists {
        if built && !library.is_changed() && !show.is_changed() {
            continue;
        }
        let show_problems = show.0;
        // Warnings (a pairing that names no case) do not stop a case; only errors count as problems.
        let has_error = |e: &crate::game::library::LibraryEntry| e.errors.iter().any(|d| d.is_error());
        let broken = library.entries.iter().filter(|e| has_error(e)).count();
        // Only when the list is (re)built: this system runs every frame on the select screen.
        let assigned: Vec<String> = player
            .class
            .as_ref()
            .and_then(|class| db.read(|store| store.class(class)).flatten())
            .map(|c| c.scenarios)
            .unwrap_or_default();
        commands
            .entity(list)
            .despawn_related::<Children>()
            .with_children(|list| {
                if library.ready && library.entries.is_empty() {
                    list.spawn(label(Phrase::NoScenarios, 1.2, palette::WITHDRAWAL));
                } else if !library.ready {
                    list.spawn(label(Phrase::Loading, 1.2, palette::MUTED));
                }
                if broken > 0 {
                    list.spawn(problem_summary(broken, show_problems));
                }
                // Every file with errors, first — also one whose last good version still plays — so a
                // bad edit is never below the fold.
                if show_problems {
                    for index in library.display_order() {
                        let entry = &library.entries[index];
                        if has_error(entry) {
                            list.spawn(error_card(entry));
                        }
                    }
                }
                let mut position = 0;
                for index in library.display_order() {
                    let entry = &library.entries[index];
                    if let Some(s) = &entry.scenario {
                        position += 1;
                        let record = results.by_scenario.get(&s.id).copied().unwrap_or_default();
                        let is_assigned = assigned.contains(&s.id);
                        let (title, setting, difficulty) = (s.title.clone(), s.setting.clone(), s.difficulty);
                        let number = position;
                        let mut card = list.spawn((
                            Button,
                            ActionButton {
                                action: UiAction::PickScenario(index),
                                order: position - 1,
                            },
                            Node {
                                flex_direction: FlexDirection::Column,
                                padding: UiRect::all(px(14)),
                                row_gap: px(4),
                                border: UiRect::all(px(2)),
                                border_radius: BorderRadius::all(px(10)),
                                width: percent(49.2),
                                ..default()
                            },
                            BorderColor::all(Color::NONE),
                            BackgroundColor(palette::BUTTON),
                        ));
                        let source = s.source.title();
                        card.with_children(|c| {
                            // The cards are sorted by document; each names its own.
                            c.spawn(label(&source, 0.8, palette::MUTED));
                            c.spawn(label(
                                Localized::dynamic(move |lang| format!("{number}. {}", title.get(lang))),
                                1.4,
                                palette::INK,
                            ));
                            c.spawn(label(&setting, 1.0, palette::MUTED));
                            c.spawn(label(
                                Localized::dynamic(move |lang| {
                                    let show = |key: Phrase, result: Option<(goodwill_engine::Outcome, i32)>| {
                                        result.map(|(outcome, balance)| {
                                            format!(
                                                " · {}{}{} {}",
                                                tr(key, lang),
                                                colon(lang),
                                                outcome.label().get(lang),
                                                stage_direction(&balance.to_string(), lang)
                                            )
                                        })
                                    };
                                    let results = match (
                                        show(Phrase::BestResult, record.best),
                                        show(Phrase::LatestResult, record.latest),
                                    ) {
                                        (Some(best), Some(latest)) => format!("{best}{latest}"),
                                        _ => format!(" · {}", tr(Phrase::NotPlayed, lang)),
                                    };
                                    let assigned = if is_assigned {
                                        format!(" · ★ {}", tr(Phrase::Assigned, lang))
                                    } else {
                                        String::new()
                                    };
                                    format!(
                                        "{}{}{}{results}{assigned}",
                                        tr(Phrase::Difficulty, lang),
                                        colon(lang),
                                        difficulty.label().get(lang)
                                    )
                                }),
                                0.9,
                                palette::ACCENT,
                            ));
                            if has_error(entry) && show_problems {
                                c.spawn(label(
                                    Localized::dynamic(|lang| format!("⚠ {}", tr(Phrase::LastGoodVersion, lang))),
                                    0.85,
                                    palette::WITHDRAWAL,
                                ));
                            }
                        });
                    }
                }
            });
    }
}

/// One line at the top of the list: how many files have problems, and how to show or hide them.
fn problem_summary(broken: usize, shown: bool) -> impl Bundle {
    (
        ProblemSummary,
        Node {
            width: percent(100),
            flex_direction: FlexDirection::Row,
            flex_wrap: FlexWrap::Wrap,
            align_items: AlignItems::Center,
            column_gap: px(12),
            row_gap: px(6),
            padding: UiRect::axes(px(14), px(8)),
            margin: UiRect::bottom(px(4)),
            border_radius: BorderRadius::all(px(10)),
            ..default()
        },
        BackgroundColor(palette::ERROR_BG),
        children![
            label(
                Localized::dynamic(move |lang| {
                    let hint = tr(
                        if shown {
                            Phrase::HideProblems
                        } else {
                            Phrase::ShowProblems
                        },
                        lang,
                    );
                    format!("⚠ {broken} {} · {hint}", tr(Phrase::ProblemFiles, lang))
                }),
                0.95,
                palette::WITHDRAWAL,
            ),
            button(
                if shown {
                    Phrase::HideProblemsButton
                } else {
                    Phrase::ShowProblemsButton
                },
                UiAction::ToggleProblems,
                999,
            ),
        ],
    )
}

/// A file with errors: a heading and explanation in the player's language (it cannot be played, or its
/// last good version still is), where the file really is, and the checker's own words underneath for
/// whoever fixes it.
fn error_card(entry: &crate::game::library::LibraryEntry) -> impl Bundle {
    let messages: Vec<String> = entry.errors.iter().map(ToString::to_string).collect();
    let path = entry.path.display().to_string();
    let heading = if entry.scenario.is_some() {
        Phrase::LastGoodVersion
    } else {
        Phrase::BrokenFile
    };
    (
        ErrorCard,
        Node {
            width: percent(100),
            flex_direction: FlexDirection::Column,
            padding: UiRect::all(px(14)),
            row_gap: px(4),
            margin: UiRect::bottom(px(4)),
            border_radius: BorderRadius::all(px(10)),
            ..default()
        },
        BackgroundColor(palette::ERROR_BG),
        Children::spawn((
            Spawn(label(
                Localized::dynamic(move |lang| format!("⚠ {}", tr(heading, lang))),
                1.2,
                palette::WITHDRAWAL,
            )),
            Spawn(label(Localized::dynamic(move |_| path.clone()), 0.95, palette::INK)),
            Spawn(label(Phrase::BrokenExplain, 0.9, palette::MUTED)),
            SpawnIter(
                messages
                    .into_iter()
                    .map(|message| label(Localized::dynamic(move |_| message.clone()), 0.85, palette::INK)),
            ),
        )),
    )
}

fn shortcuts(keys: Res<ButtonInput<KeyCode>>, library: Res<Library>, mut actions: MessageWriter<UiAction>) {
    // Digits pick by the number on the card (its place in the list); 0 is the tenth.
    // Sorted only when a number is pressed: this system runs every frame on the list.
    if let Some(number) = number_pressed(&keys)
        && let Some(&index) = library.listed().get(number - 1)
    {
        actions.write(UiAction::PickScenario(index));
    }
}

fn act(
    mut actions: MessageReader<UiAction>,
    mut next: ResMut<NextState<Screen>>,
    library: Res<Library>,
    mut start: MessageWriter<StartRun>,
    mut show: ResMut<ShowProblems>,
) {
    for action in actions.read() {
        match action {
            UiAction::Back => next.set(Screen::Title),
            UiAction::ToggleProblems => show.0 = !show.0,
            UiAction::PickScenario(i) => {
                if let Some(scenario) = library.entries.get(*i).and_then(|e| e.scenario.clone()) {
                    start.write(StartRun::new(scenario));
                }
            }
            _ => {}
        }
    }
}
