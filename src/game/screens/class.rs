//! Floor 5 · Class view for the projector: trainee × scenario outcomes, the class's balance curves for one
//! scenario on one chart, and a heatmap of golden steps applied or missed across the class; each trainee's
//! accuracy (their judgement, beside the outcomes) under their name and in each cell; and the class's own
//! class votes, apart from the trainees, each with how the class split at every step; and its group games
//! (the promise game's tallies per pair and round, with a line for each pair).

use std::path::PathBuf;

use bevy::prelude::*;
use bevy::text::RemSize;
use bevy::window::PrimaryWindow;
use goodwill_engine::Principle;
use goodwill_store::clock::short;
use goodwill_store::group_games::GroupGame;
use goodwill_store::plan_progress::{ItemProgress, plan_progress};
use goodwill_store::report::{Format, render};
use goodwill_store::summary::{ClassOverview, class_overview};
use goodwill_store::{Attempt, ClassSession, Decision};

use crate::describe::{accuracy_text, group_game_name, promise_pair_line, tally_line, vote_step_line};
use crate::game::chart::line_chart;
use crate::game::input::{ESC_BACK, UiAction};
use crate::game::library::Library;
use crate::game::palette;
use crate::game::report_view::{AccuracyMark, outcome_color};
use crate::game::results::{ResultsDb, ShownClass};
use crate::game::settings::Settings;
use crate::game::state::GameSet;
use crate::game::state::Screen;
use crate::game::theme::{Localized, button, button_row, label, panel, screen_root};
use crate::i18n::{Phrase, colon, fill, round_label, tr};

/// The class sessions, which one is shown, and which scenario's curves.
#[derive(Resource, Debug, Default)]
struct ClassView {
    pub classes: Vec<ClassSession>,
    pub class: usize,
    pub scenario: usize,
    /// The files the last export wrote, or why it failed.
    pub exported: Option<Result<Vec<PathBuf>, String>>,
}

#[derive(Component)]
struct ClassRoot;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<ClassView>()
        .add_systems(OnEnter(Screen::Class), (load, spawn_root).chain())
        .add_systems(Update, act.in_set(GameSet::Act).run_if(in_state(Screen::Class)))
        .add_systems(Update, rebuild.in_set(GameSet::Present).run_if(in_state(Screen::Class)));
}

fn load(db: Res<ResultsDb>, mut view: ResMut<ClassView>, mut shown: ResMut<ShownClass>) {
    view.classes = db.read(|s| s.classes()).unwrap_or_default();
    if let Some(name) = shown.0.take() {
        view.class = view.classes.iter().position(|c| c.name == name).unwrap_or(0);
    }
    view.class = view.class.min(view.classes.len().saturating_sub(1));
    view.set_changed();
}

fn spawn_root(mut commands: Commands) {
    commands.spawn((
        Name::new("Class screen"),
        DespawnOnExit(Screen::Class),
        ClassRoot,
        screen_root(),
        ESC_BACK,
    ));
}

fn act(
    mut actions: MessageReader<UiAction>,
    mut next: ResMut<NextState<Screen>>,
    mut view: ResMut<ClassView>,
    db: Res<ResultsDb>,
    library: Res<Library>,
    settings: Res<Settings>,
    windows: Query<(), With<bevy::window::PrimaryWindow>>,
    mut answers_of: ResMut<super::class_answers::AnswersOf>,
) {
    for action in actions.read() {
        match action {
            UiAction::ExportReport => {
                let Some(class) = view.classes.get(view.class).map(|c| c.name.clone()) else {
                    continue;
                };
                let exported = export(&db, &library, &class, settings.lang);
                // The page opens in the browser, ready to show the class (a game without a window, as in
                // the tests, only writes the files).
                if let Ok(files) = &exported
                    && let Some(page) = files.iter().find(|f| f.extension().is_some_and(|x| x == "html"))
                    && !windows.is_empty()
                {
                    crate::game::desktop::open(page);
                }
                view.exported = Some(exported);
            }
            UiAction::Back => next.set(Screen::Title),
            UiAction::CycleClass if !view.classes.is_empty() => {
                view.class = (view.class + 1) % view.classes.len();
                view.scenario = 0;
            }
            UiAction::CycleClassScenario => view.scenario += 1,
            UiAction::NewClass => next.set(Screen::ClassSetup),
            UiAction::OpenClassAnswers => {
                answers_of.0 = view.classes.get(view.class).map(|c| c.name.clone());
                if answers_of.0.is_some() {
                    next.set(Screen::ClassAnswers);
                }
            }
            _ => {}
        }
    }
}

fn rebuild(
    mut commands: Commands,
    view: Res<ClassView>,
    db: Res<ResultsDb>,
    library: Res<Library>,
    roots: Query<Entity, With<ClassRoot>>,
    rem: Res<RemSize>,
    scale: Option<Res<UiScale>>,
    windows: Query<&Window, With<PrimaryWindow>>,
) {
    if !view.is_changed() {
        return;
    }
    // Column widths are fixed from the text size and the window, never left to the grid: a Chinese
    // header that wraps inside an auto-sized column made its row taller than the panel allowed for.
    let window_width = windows.iter().next().map_or(1280.0, |w| w.width()) / scale.map_or(1.0, |s| s.0.max(0.1));
    let widths = Widths {
        rem: rem.0,
        // The screen's and the panel's padding either side.
        room: window_width - 2.0 * 24.0 - 2.0 * 16.0 - 12.0,
    };
    let Ok(root) = roots.single() else { return };
    let overview: Option<ClassOverview> = view.classes.get(view.class).map(|class| {
        let attempts = db
            .read(|s| s.finished_attempts(None, Some(&class.name)))
            .unwrap_or_default();
        class_overview(class, &attempts)
    });
    // The class votes' decisions carry each step's votes: the split the list shows.
    let class_votes: Vec<(Attempt, Vec<Decision>)> = overview
        .iter()
        .flat_map(|o| o.class_votes.iter())
        .map(|a| (a.clone(), db.read(|s| s.decisions(&a.id)).unwrap_or_default()))
        .collect();
    // Each trainee's current plan, and how their attempts since went on each item.
    let plans: Vec<(String, Vec<ItemProgress>)> = overview
        .iter()
        .flat_map(|o| o.grid.iter().map(|(trainee, _)| trainee.clone()))
        .filter_map(|trainee| {
            let current = db.read(|s| s.current_plan(&trainee)).flatten()?;
            let attempts = db
                .read(|s| s.finished_attempts(Some(&trainee), None))
                .unwrap_or_default();
            let progress = plan_progress(&current.plan, &current.attempt, &attempts);
            Some((trainee, progress))
        })
        .collect();
    let group_games: Vec<GroupGame> = overview
        .as_ref()
        .and_then(|o| db.read(|s| s.group_games(&o.class.name)))
        .unwrap_or_default();
    let title = |id: &str| {
        library
            .find(id)
            .map(|s| s.title.clone())
            .unwrap_or_else(|| goodwill_engine::Bilingual::new(id, id))
    };
    commands
        .entity(root)
        .despawn_related::<Children>()
        .with_children(|root| {
            let Some(overview) = overview else {
                root.spawn(label(Phrase::ClassView, 2.2, palette::ACCENT));
                root.spawn(label(Phrase::NoClasses, 1.1, palette::MUTED));
                root.spawn(button(Phrase::NewClass, UiAction::NewClass, 0));
                root.spawn(button(Phrase::Back, UiAction::Back, 1000));
                return;
            };
            let name = overview.class.name.clone();
            root.spawn(label(
                Localized::dynamic(move |lang| format!("{}{}{name}", tr(Phrase::ClassView, lang), colon(lang))),
                2.0,
                palette::ACCENT,
            ));
            root.spawn(button_row()).with_children(|row| {
                row.spawn(button(Phrase::SwitchClass, UiAction::CycleClass, 0));
                row.spawn(button(Phrase::SwitchCase, UiAction::CycleClassScenario, 1));
                row.spawn(button(Phrase::NewClass, UiAction::NewClass, 2));
                row.spawn(button(Phrase::ExportReport, UiAction::ExportReport, 3));
                row.spawn(button(Phrase::ClassAnswers, UiAction::OpenClassAnswers, 5));
                row.spawn(button(Phrase::Back, UiAction::Back, 4));
            });
            if let Some(exported) = view.exported.clone() {
                let ok = exported.is_ok();
                root.spawn(label(
                    Localized::dynamic(move |lang| match &exported {
                        Ok(files) => {
                            let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
                            format!("{}{}", tr(Phrase::ReportWritten, lang), names.join(" · "))
                        }
                        Err(e) => format!("{}{e}", tr(Phrase::ReportFailed, lang)),
                    }),
                    0.9,
                    if ok { palette::DEPOSIT } else { palette::WITHDRAWAL },
                ));
            }
            let scenarios = overview.scenarios();
            root.spawn(Node {
                flex_direction: FlexDirection::Row,
                flex_wrap: FlexWrap::Wrap,
                justify_content: JustifyContent::Center,
                align_items: AlignItems::FlexStart,
                column_gap: px(16),
                row_gap: px(12),
                width: percent(100),
                ..default()
            })
            .with_children(|row| {
                outcomes(row, &overview, &scenarios, &title, widths);
                heatmap(row, &overview, widths);
            });
            if !scenarios.is_empty() {
                let id = scenarios[view.scenario % scenarios.len()].clone();
                let curves = overview.curves(&id);
                let case = title(&id);
                root.spawn(panel()).with_children(|p| {
                    p.spawn(label(
                        Localized::dynamic(move |lang| {
                            format!("{}{}{}", tr(Phrase::BalanceCurves, lang), colon(lang), case.get(lang))
                        }),
                        1.1,
                        palette::INK,
                    ));
                    if curves.is_empty() {
                        p.spawn(label(Phrase::NoAttempts, 0.95, palette::MUTED));
                    } else {
                        line_chart(p, &curves);
                    }
                });
            }
            if !class_votes.is_empty() {
                class_vote_list(root, &class_votes, &title, widths);
            }
            if !plans.is_empty() {
                class_plans(root, plans);
            }
            if !group_games.is_empty() {
                group_game_list(root, &group_games, &title, widths);
            }
        });
}

/// The class's group games (003's promise and responsibility games), oldest first: the game and when, each
/// pair with its observer, and in the promise game each round's tally for that round's agent and the
/// pair's one-line debrief.
fn group_game_list(
    parent: &mut ChildSpawnerCommands,
    games: &[GroupGame],
    title: &dyn Fn(&str) -> goodwill_engine::Bilingual,
    widths: Widths,
) {
    parent
        .spawn(Node {
            flex_direction: FlexDirection::Column,
            flex_shrink: 0.0,
            width: percent(100),
            max_width: px(widths.rem * 48.0),
            ..default()
        })
        .with_children(|slot| {
            slot.spawn(panel()).with_children(|p| {
                p.spawn(label(Phrase::GroupGames, 1.1, palette::INK));
                for game in games {
                    let (kind, when, minutes) = (game.game, short(game.started_at), game.round_minutes);
                    p.spawn(label(
                        Localized::dynamic(move |lang| {
                            format!(
                                "{} · {when} · {}{}{}",
                                tr(group_game_name(kind), lang),
                                tr(Phrase::RoundLength, lang),
                                colon(lang),
                                fill(Phrase::Minutes, lang, &[("n", &minutes)])
                            )
                        }),
                        1.0,
                        palette::ACCENT,
                    ));
                    for (i, pair) in game.pairs.iter().enumerate() {
                        let (first, second, observer) = (
                            pair.first_agent.clone(),
                            pair.first_customer.clone(),
                            pair.observer.clone(),
                        );
                        let case = pair.case.as_deref().map(title);
                        let scene = pair.scene.clone();
                        p.spawn(label(
                            Localized::dynamic(move |lang| {
                                let mut line = format!(
                                    "{}{}{first} — {second}",
                                    fill(Phrase::PairNumber, lang, &[("n", &(i + 1))]),
                                    colon(lang)
                                );
                                if let Some(observer) = &observer {
                                    line += &format!(" · {}{}{observer}", tr(Phrase::Observer, lang), colon(lang));
                                }
                                if let Some(case) = &case {
                                    line += &format!(" · {}", case.get(lang));
                                } else if let Some(scene) = &scene {
                                    line += &format!(" · {scene}");
                                }
                                line
                            }),
                            0.95,
                            palette::INK,
                        ));
                        for (r, tally) in pair.rounds.iter().enumerate() {
                            let (agent, tally) = (pair.agent(r + 1).to_owned(), *tally);
                            p.spawn((
                                Node {
                                    padding: UiRect::left(px(16)),
                                    ..default()
                                },
                                children![label(
                                    Localized::dynamic(move |lang| format!(
                                        "{} · {agent}{}{}",
                                        round_label(r + 1, lang),
                                        colon(lang),
                                        tally_line(&tally, lang)
                                    )),
                                    0.9,
                                    palette::INK,
                                )],
                            ));
                        }
                        if !pair.rounds.is_empty() {
                            let pair = pair.clone();
                            p.spawn((
                                Node {
                                    padding: UiRect::left(px(16)),
                                    ..default()
                                },
                                children![label(
                                    Localized::dynamic(move |lang| promise_pair_line(&pair, lang)),
                                    0.9,
                                    palette::MUTED,
                                )],
                            ));
                        }
                    }
                }
            });
        });
}

/// Who planned what, and whether it moved: one line per trainee with a plan, each item with how their
/// attempts since went on it.
fn class_plans(parent: &mut ChildSpawnerCommands, plans: Vec<(String, Vec<ItemProgress>)>) {
    parent.spawn(panel()).with_children(|p| {
        p.spawn(label(Phrase::ClassPlans, 1.1, palette::INK));
        for (trainee, items) in plans {
            p.spawn(label(
                Localized::dynamic(move |lang| {
                    let items: Vec<String> = items
                        .iter()
                        .map(|item| crate::describe::plan_item_line(item, lang))
                        .collect();
                    format!("{trainee}{}{}", colon(lang), items.join(" · "))
                }),
                0.95,
                palette::INK,
            ));
        }
    });
}

/// The class's class votes, oldest first: the case and when, how it ended, and one line a step ("第 2 步：
/// 最佳回答得 3 / 5 票（60%）", the trainer's pick named). Lines wrap inside the panel, so the list reads at
/// the largest text size; the screen scrolls to it.
fn class_vote_list(
    parent: &mut ChildSpawnerCommands,
    class_votes: &[(Attempt, Vec<Decision>)],
    title: &dyn Fn(&str) -> goodwill_engine::Bilingual,
    widths: Widths,
) {
    parent
        .spawn(Node {
            flex_direction: FlexDirection::Column,
            flex_shrink: 0.0,
            width: percent(100),
            max_width: px(widths.rem * 48.0),
            ..default()
        })
        .with_children(|slot| {
            slot.spawn(panel()).with_children(|p| {
                p.spawn(label(Phrase::ReportClassVotes, 1.1, palette::INK));
                for (i, (attempt, decisions)) in class_votes.iter().enumerate() {
                    let case = title(&attempt.scenario);
                    let when = short(attempt.started_at);
                    p.spawn((
                        Node {
                            margin: UiRect::top(px(if i == 0 { 0 } else { 10 })),
                            ..default()
                        },
                        children![label(
                            Localized::dynamic(move |lang| format!("{} · {when}", case.get(lang))),
                            1.0,
                            palette::ACCENT,
                        )],
                    ));
                    let (outcome, balance, accuracy) = (attempt.outcome, attempt.final_balance, attempt.accuracy);
                    p.spawn(label(
                        Localized::dynamic(move |lang| {
                            let mut line = outcome.map_or_else(|| "—".to_owned(), |o| o.label().get(lang).to_owned());
                            if let Some(balance) = balance {
                                line += &format!(
                                    " · {}{}{}",
                                    tr(Phrase::FinalBalance, lang),
                                    colon(lang),
                                    crate::describe::balance_short(balance, lang)
                                );
                            }
                            line + &format!(" · {} {}", tr(Phrase::Accuracy, lang), accuracy_text(accuracy))
                        }),
                        0.95,
                        palette::INK,
                    ));
                    for (k, decision) in decisions.iter().enumerate() {
                        let split = decision.vote_split();
                        let overruled = split.played_against_the_vote();
                        p.spawn((
                            Node {
                                padding: UiRect::left(px(16)),
                                ..default()
                            },
                            children![label(
                                Localized::dynamic(move |lang| {
                                    let line = vote_step_line(&split, k + 1, lang);
                                    if overruled {
                                        format!("{line} · {}", tr(Phrase::ReportTrainerPick, lang))
                                    } else {
                                        line
                                    }
                                }),
                                0.9,
                                palette::INK,
                            )],
                        ));
                    }
                }
            });
        });
}

/// Trainee × scenario: the latest outcome and final balance, coloured by tier.
fn outcomes(
    parent: &mut ChildSpawnerCommands,
    overview: &ClassOverview,
    scenarios: &[String],
    title: &dyn Fn(&str) -> goodwill_engine::Bilingual,
    widths: Widths,
) {
    let (first, other) = widths.columns(6.0, 8.5, scenarios.len(), 6.0);
    // Never squeezed by the row: a squeezed grid would clip its last column.
    let mut slot = parent.spawn(Node {
        flex_shrink: 0.0,
        ..default()
    });
    slot.with_children(|parent| {
        parent.spawn(panel()).with_children(|p| {
            p.spawn(label(Phrase::Outcomes, 1.1, palette::INK));
            p.spawn(Node {
                display: Display::Grid,
                grid_template_columns: vec![
                    RepeatedGridTrack::px(1, first),
                    RepeatedGridTrack::px(scenarios.len().max(1) as u16, other),
                ],
                // Cells carry their own right margin, and the grid some room at its end: the panel's
                // width left out the grid's column gaps and clipped the last column.
                row_gap: px(4),
                align_items: AlignItems::End,
                padding: UiRect::right(px(10)),
                ..default()
            })
            .with_children(|grid| {
                grid.spawn((label(Phrase::Trainee, 0.95, palette::INK), gap()));
                for id in scenarios {
                    grid.spawn((label(title(id), 0.95, palette::INK), gap()));
                }
                for (trainee, results) in &overview.grid {
                    let t = trainee.clone();
                    // The trainee's judgement over their latest attempts, under the name.
                    let accuracy = overview.trainee_accuracy(trainee);
                    grid.spawn((
                        Node {
                            flex_direction: FlexDirection::Column,
                            ..gap()
                        },
                        children![
                            label(Localized::dynamic(move |_| t.clone()), 1.0, palette::INK),
                            (
                                AccuracyMark::Attempt(accuracy),
                                label(
                                    Localized::dynamic(move |lang| {
                                        format!("{} {}", tr(Phrase::Accuracy, lang), accuracy_text(accuracy))
                                    }),
                                    0.8,
                                    palette::MUTED,
                                )
                            )
                        ],
                    ));
                    for id in scenarios {
                        let latest = results.get(id).and_then(|r| r.latest.clone());
                        let outcome = latest.as_ref().and_then(|a| a.outcome);
                        let balance = latest.as_ref().and_then(|a| a.final_balance);
                        let accuracy = latest.as_ref().and_then(|a| a.accuracy);
                        let background =
                            outcome.map_or(Color::srgb(0.93, 0.92, 0.90), |o| outcome_color(o).with_alpha(0.25));
                        grid.spawn((
                            Node {
                                padding: UiRect::axes(px(8), px(3)),
                                margin: UiRect::right(px(6)),
                                border_radius: BorderRadius::all(px(4)),
                                ..default()
                            },
                            BackgroundColor(background),
                        ))
                        .with_children(|cell| {
                            cell.spawn(label(
                                Localized::dynamic(move |lang| match (outcome, balance) {
                                    (Some(o), Some(b)) => format!(
                                        "{} · {}\n{} {}",
                                        o.label().get(lang),
                                        crate::describe::balance_short(b, lang),
                                        tr(Phrase::Accuracy, lang),
                                        accuracy_text(accuracy)
                                    ),
                                    _ => "—".to_owned(),
                                }),
                                0.95,
                                palette::INK,
                            ));
                        });
                    }
                }
            });
        });
    });
}

/// Space to the right of a grid cell.
fn gap() -> Node {
    Node {
        margin: UiRect::right(px(6)),
        ..default()
    }
}

/// What the grids' columns may take: the text size (px per rem) and the width left in the window.
#[derive(Clone, Copy)]
struct Widths {
    rem: f32,
    room: f32,
}

impl Widths {
    /// The first column's and each of `n` other columns' widths in px: `first` and `other` rem when the
    /// window has room, else the other columns share what is left (never under 3.5 rem), `gap` px apart.
    fn columns(self, first: f32, other: f32, n: usize, gap: f32) -> (f32, f32) {
        let first = first * self.rem;
        let n = n.max(1) as f32;
        let share = (self.room - first) / n - gap;
        (first, (other * self.rem).min(share).max(3.5 * self.rem))
    }
}

/// Trainee × golden step: applied / on offer, red (never) through green (always), grey when never offered.
/// Each column is headed by its step's number and short name, in full-size ink, so the grid reads from the
/// back of a room without a separate key.
fn heatmap(parent: &mut ChildSpawnerCommands, overview: &ClassOverview, widths: Widths) {
    let steps = Principle::GOLDEN_STEPS.len();
    let (first, other) = widths.columns(5.5, 5.0, steps, 4.0);
    parent.spawn(panel()).with_children(|p| {
        p.spawn(label(Phrase::Heatmap, 1.1, palette::INK));
        p.spawn(Node {
            display: Display::Grid,
            grid_template_columns: vec![
                RepeatedGridTrack::px(1, first),
                RepeatedGridTrack::px(steps as u16, other),
            ],
            column_gap: px(4),
            row_gap: px(4),
            align_items: AlignItems::End,
            ..default()
        })
        .with_children(|grid| {
            grid.spawn(label(Phrase::Trainee, 0.9, palette::INK));
            for (i, step) in Principle::GOLDEN_STEPS.into_iter().enumerate() {
                grid.spawn((
                    Node {
                        flex_direction: FlexDirection::Column,
                        align_items: AlignItems::Center,
                        ..default()
                    },
                    children![
                        label(Localized::dynamic(move |_| (i + 1).to_string()), 1.0, palette::ACCENT),
                        (
                            label(step.short_name(), 0.85, palette::INK),
                            TextLayout::justify(Justify::Center),
                        ),
                    ],
                ));
            }
            for (trainee, tallies) in &overview.heatmap {
                let t = trainee.clone();
                grid.spawn(label(Localized::dynamic(move |_| t.clone()), 0.95, palette::INK));
                for tally in tallies {
                    let (applied, offered) = (tally.applied, tally.offered);
                    let color = match tally.rate() {
                        None => Color::srgb(0.92, 0.91, 0.89),
                        Some(rate) => Color::hsl(rate * 120.0, 0.55, 0.70),
                    };
                    grid.spawn((
                        Node {
                            padding: UiRect::axes(px(4), px(6)),
                            justify_content: JustifyContent::Center,
                            ..default()
                        },
                        BackgroundColor(color),
                    ))
                    .with_children(|cell| {
                        cell.spawn(label(
                            // Never on offer is no failure: a dash, not "0/0".
                            Localized::dynamic(move |_| {
                                if offered == 0 {
                                    "–".to_owned()
                                } else {
                                    format!("{applied}/{offered}")
                                }
                            }),
                            1.0,
                            palette::INK,
                        ));
                    });
                }
            }
        });
        p.spawn(label(Phrase::HeatmapScale, 0.85, palette::INK));
    });
}

/// Writes the class's report as a self-contained HTML page and a CSV into `reports/` in the results folder
/// (the folder `--data-dir` chose: a USB stick, a shared drive), through the store's checked writer.
fn export(db: &ResultsDb, library: &Library, class: &str, lang: goodwill_engine::Lang) -> Result<Vec<PathBuf>, String> {
    let store = db
        .lock()
        .ok_or_else(|| "the results database is not open".to_string())?;
    let titles = library.playable().map(|s| (s.id.clone(), s.title.clone())).collect();
    let data = store.report_data(class, titles).map_err(|e| e.to_string())?;
    let folder = db.dir.join("reports");
    // A class name may hold characters a file name cannot.
    let stem: String = class
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let mut written = Vec::new();
    let mut pages = vec![
        ("html", crate::pages::class_report::page(&data, lang).into_bytes()),
        ("csv", render(Format::Csv, &data, lang)),
    ];
    // The class's votes, when it played a class vote: a table of their own, beside the attempts.
    if data.attempts.iter().any(|a| a.is_class_vote()) {
        pages.push(("votes.csv", render(Format::Votes, &data, lang)));
    }
    // Its group games, when it played any: one row per pair and round, with the promise game's tallies.
    if !data.group_games.is_empty() {
        pages.push(("group-games.csv", render(Format::GroupGames, &data, lang)));
    }
    for (ext, bytes) in pages {
        let file = folder.join(format!("{stem}.{ext}"));
        store
            .output_guard()
            .replace_in_own_folder(&file, &bytes)
            .map_err(|e| e.to_string())?;
        written.push(file);
    }
    Ok(written)
}
