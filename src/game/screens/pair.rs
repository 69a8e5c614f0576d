//! The classroom pair exercise (003's role-play games): trainee A plays the agent while B voices the
//! customer from a role card and rates how sincere A sounded; then they swap. An optional observer ticks
//! the seven steps. The debrief puts both rounds side by side.

use std::sync::Arc;

use bevy::prelude::*;
use goodwill_engine::{Principle, Report, Scenario};

use super::Screen;
use super::debrief::{chart, checklist, outcome_color};
use super::play::{ActiveRun, PairRound, StartRun};
use crate::game::input::{UiAction, number_pressed};
use crate::game::library::Library;
use crate::game::records::{Player, ResultsDb};
use crate::game::theme::{Localized, button, label, palette, panel, screen_root};
use crate::i18n::{Key, colon, tr};

/// Choices on the setup screen: indices into the profile list and the playable scenarios.
#[derive(Resource, Debug, Default)]
pub struct PairSetup {
    pub profiles: Vec<String>,
    pub agent: usize,
    pub customer: usize,
    pub observer: Option<usize>,
    pub case: usize,
}

/// One round as played.
#[derive(Debug, Clone)]
pub struct PlayedRound {
    pub agent: String,
    pub customer: String,
    pub report: Report,
    pub attempt: Option<String>,
    /// Observer's marks per golden step, when there is an observer.
    pub observed: Option<[bool; 7]>,
}

/// The exercise in progress.
#[derive(Resource, Debug, Clone)]
pub struct PairExercise {
    pub first_agent: String,
    pub first_customer: String,
    pub observer: Option<String>,
    pub cases: [Arc<Scenario>; 2],
    pub pair_id: String,
    /// 1 or 2.
    pub round: u8,
    pub played: Vec<PlayedRound>,
    /// The observer's checklist being filled in.
    pub marks: [bool; 7],
}

impl PairExercise {
    /// Round two swaps the roles.
    pub fn roles(&self) -> (String, String) {
        if self.round == 1 {
            (self.first_agent.clone(), self.first_customer.clone())
        } else {
            (self.first_customer.clone(), self.first_agent.clone())
        }
    }

    pub fn case(&self) -> &Arc<Scenario> {
        &self.cases[usize::from(self.round.clamp(1, 2) - 1)]
    }
}

#[derive(Component)]
struct SetupRoot;
#[derive(Component)]
struct ObserverRoot;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<PairSetup>()
        .add_systems(OnEnter(Screen::PairSetup), (load_setup, spawn_setup_root).chain())
        .add_systems(
            Update,
            (setup_actions, rebuild_setup)
                .chain()
                .run_if(in_state(Screen::PairSetup)),
        )
        .add_systems(OnEnter(Screen::RoleCard), spawn_role_card)
        .add_systems(Update, role_card_actions.run_if(in_state(Screen::RoleCard)))
        .add_systems(Update, round_finished.run_if(in_state(Screen::Debrief)))
        .add_systems(OnEnter(Screen::Observer), spawn_observer_root)
        .add_systems(
            Update,
            (observer_actions, rebuild_observer)
                .chain()
                .run_if(in_state(Screen::Observer)),
        )
        .add_systems(OnEnter(Screen::PairDebrief), spawn_pair_debrief)
        .add_systems(Update, pair_debrief_actions.run_if(in_state(Screen::PairDebrief)));
}

fn load_setup(db: Res<ResultsDb>, mut setup: ResMut<PairSetup>) {
    // The list is re-sorted by recent activity: keep the same people chosen, by name, not by position.
    let name_at = |i: usize| setup.profiles.get(i).cloned();
    let (agent, customer) = (name_at(setup.agent), name_at(setup.customer));
    let observer = setup.observer.and_then(name_at);
    setup.profiles = db
        .with(|s| s.profiles())
        .unwrap_or_default()
        .into_iter()
        .map(|p| p.name)
        .collect();
    let find = |name: &Option<String>, list: &[String]| name.as_ref().and_then(|n| list.iter().position(|p| p == n));
    let list = setup.profiles.clone();
    setup.agent = find(&agent, &list).unwrap_or(setup.agent);
    setup.customer = find(&customer, &list).unwrap_or(setup.customer);
    setup.observer = find(&observer, &list).or(setup.observer);
    let n = setup.profiles.len();
    if n >= 2 && (setup.agent >= n || setup.customer >= n || setup.agent == setup.customer) {
        setup.agent = 0;
        setup.customer = 1;
    }
    if setup.observer.is_some_and(|o| o == setup.agent || o == setup.customer) {
        setup.observer = None;
    }
    if setup.observer.is_some_and(|o| o >= n) {
        setup.observer = None;
    }
}

fn spawn_setup_root(mut commands: Commands) {
    commands.spawn((
        Name::new("Pair setup screen"),
        DespawnOnExit(Screen::PairSetup),
        SetupRoot,
        screen_root(),
    ));
}

fn next_other(current: usize, len: usize, skip: &[usize]) -> usize {
    (1..=len)
        .map(|k| (current + k) % len)
        .find(|i| !skip.contains(i))
        .unwrap_or(current)
}

fn setup_actions(
    mut actions: MessageReader<UiAction>,
    keys: Res<ButtonInput<KeyCode>>,
    mut next: ResMut<NextState<Screen>>,
    mut setup: ResMut<PairSetup>,
    library: Res<Library>,
    mut commands: Commands,
) {
    if keys.just_pressed(KeyCode::Escape) {
        next.set(Screen::Title);
    }
    // This system runs every frame: sort the library only when there is an action to act on.
    if actions.is_empty() {
        return;
    }
    let playable: Vec<Arc<Scenario>> = library.sorted();
    let n = setup.profiles.len();
    for action in actions.read() {
        match action {
            UiAction::Back => next.set(Screen::Title),
            // Nobody plays two parts: the cycles skip whoever holds the other roles.
            UiAction::CycleAgent if n >= 2 => {
                let taken: Vec<usize> = std::iter::once(setup.customer).chain(setup.observer).collect();
                setup.agent = next_other(setup.agent, n, &taken);
            }
            UiAction::CycleCustomer if n >= 2 => {
                let taken: Vec<usize> = std::iter::once(setup.agent).chain(setup.observer).collect();
                setup.customer = next_other(setup.customer, n, &taken);
            }
            UiAction::CycleObserver => {
                let taken = [setup.agent, setup.customer];
                let after = setup.observer.map_or(0, |o| o + 1);
                setup.observer = (after..n).find(|i| !taken.contains(i));
            }
            UiAction::CycleCase if !playable.is_empty() => setup.case = (setup.case + 1) % playable.len(),
            UiAction::StartPair if n >= 2 && !playable.is_empty() => {
                let first = Arc::clone(&playable[setup.case % playable.len()]);
                let second = first
                    .pair_with
                    .as_ref()
                    .and_then(|id| library.find(id).cloned())
                    .unwrap_or_else(|| Arc::clone(&first));
                commands.insert_resource(PairExercise {
                    first_agent: setup.profiles[setup.agent].clone(),
                    first_customer: setup.profiles[setup.customer].clone(),
                    observer: setup.observer.map(|o| setup.profiles[o].clone()),
                    cases: [first, second],
                    pair_id: new_pair_id(),
                    round: 1,
                    played: Vec::new(),
                    marks: [false; 7],
                });
                next.set(Screen::RoleCard);
            }
            _ => {}
        }
    }
}

/// An id linking the two rounds of one exercise in the results: the start time and the process, unique on
/// this machine, and distinct across machines in practice (attempts themselves carry UUIDs).
fn new_pair_id() -> String {
    format!("pair-{}-{}", goodwill_store::clock::now_ms(), std::process::id())
}

fn rebuild_setup(
    mut commands: Commands,
    setup: Res<PairSetup>,
    library: Res<Library>,
    roots: Query<Entity, With<SetupRoot>>,
) {
    if !setup.is_changed() && !library.is_changed() {
        return;
    }
    let Ok(root) = roots.single() else { return };
    let playable: Vec<Arc<Scenario>> = library.sorted();
    let name = |i: usize| setup.profiles.get(i).cloned().unwrap_or_default();
    let (agent, customer) = (name(setup.agent), name(setup.customer));
    let observer = setup.observer.map(name);
    let case = playable
        .get(setup.case % playable.len().max(1))
        .map(|s| s.title.clone());
    let enough = setup.profiles.len() >= 2;
    commands
        .entity(root)
        .despawn_related::<Children>()
        .with_children(|root| {
            root.spawn(label(Key::PairExercise, 2.2, palette::ACCENT));
            if !enough {
                root.spawn(label(Key::PairNeedsTwo, 1.1, palette::WITHDRAWAL));
                root.spawn(button(Key::SwitchTrainee, UiAction::OpenProfiles, 0));
                root.spawn(button(Key::Back, UiAction::Back, 1));
                return;
            }
            let row = |key: Key, value: String, action: UiAction, order: usize| {
                button(
                    Localized::dynamic(move |lang| format!("{}{}{value}", tr(key, lang), colon(lang))),
                    action,
                    order,
                )
            };
            root.spawn(row(Key::Agent, agent, UiAction::CycleAgent, 0));
            root.spawn(row(Key::CustomerPlayer, customer, UiAction::CycleCustomer, 1));
            root.spawn(button(
                Localized::dynamic(move |lang| {
                    let who = observer.clone().unwrap_or_else(|| tr(Key::Nobody, lang).to_owned());
                    format!("{}{}{who}", tr(Key::Observer, lang), colon(lang))
                }),
                UiAction::CycleObserver,
                2,
            ));
            root.spawn(button(
                Localized::dynamic(move |lang| {
                    let title = case.as_ref().map(|t| t.get(lang).to_owned()).unwrap_or_default();
                    format!("{}{}{title}", tr(Key::Case, lang), colon(lang))
                }),
                UiAction::CycleCase,
                3,
            ));
            root.spawn(button(Key::StartPair, UiAction::StartPair, 4));
            root.spawn(button(Key::Back, UiAction::Back, 5));
        });
}

/// Rebuilds the exercise an interrupted pair round belonged to, so that after resuming it the rounds still
/// follow on and the side-by-side debrief can show an earlier round (replayed from its stored picks: the
/// engine is deterministic for a seed).
pub fn restore_exercise(db: &ResultsDb, library: &Library, attempt: &goodwill_store::Attempt) -> Option<PairExercise> {
    let pair_id = attempt.pair_id.clone()?;
    let round = attempt.round.unwrap_or(1).clamp(1, 2);
    let this_case = library.find(&attempt.scenario).cloned()?;
    let customer = attempt.customer_player.clone().unwrap_or_default();
    let (first_agent, first_customer) = if round == 1 {
        (attempt.profile.clone(), customer)
    } else {
        (customer, attempt.profile.clone())
    };
    let rounds = db.with(|s| s.pair_rounds(&pair_id)).unwrap_or_default();
    let earlier = rounds
        .iter()
        .find(|a| a.round == Some(1) && a.is_finished() && round == 2);
    let first_case = earlier
        .and_then(|a| library.find(&a.scenario).cloned())
        .unwrap_or_else(|| Arc::clone(&this_case));
    let second_case = if round == 2 {
        Arc::clone(&this_case)
    } else {
        first_case
            .pair_with
            .as_ref()
            .and_then(|id| library.find(id).cloned())
            .unwrap_or_else(|| Arc::clone(&first_case))
    };
    let mut played = Vec::new();
    if let Some(first) = earlier {
        let picks = db.with(|s| s.resume(&first.id)).map(|r| r.picks).unwrap_or_default();
        let mut session = goodwill_engine::Session::new(Arc::clone(&first_case), first.seed);
        for (choice, rating) in picks {
            if session.choose_rated(choice, rating).is_err() {
                break;
            }
        }
        let marks = db.with(|s| s.observer_marks(&first.id)).unwrap_or_default();
        if let Some(report) = session.report().cloned() {
            played.push(PlayedRound {
                agent: first_agent.clone(),
                customer: first_customer.clone(),
                report,
                attempt: Some(first.id.clone()),
                observed: (!marks.is_empty()).then(|| {
                    let mut seen = [false; 7];
                    for (step, applied) in marks {
                        if let Some(slot) = seen.get_mut(usize::from(step).wrapping_sub(1)) {
                            *slot = applied;
                        }
                    }
                    seen
                }),
            });
        }
    }
    Some(PairExercise {
        first_agent,
        first_customer,
        observer: attempt.observer.clone(),
        cases: [first_case, second_case],
        pair_id,
        round,
        played,
        marks: [false; 7],
    })
}

/// "Agent (A): Ann · Customer player (B): Bob", in the current language.
fn roles_line(agent: String, customer: String) -> Localized {
    Localized::dynamic(move |lang| {
        format!(
            "{}{}{agent} · {}{}{customer}",
            tr(Key::Agent, lang),
            colon(lang),
            tr(Key::CustomerPlayer, lang),
            colon(lang)
        )
    })
}

/// "第1轮" / "Round 1".
fn round_label(number: usize, lang: goodwill_engine::Lang) -> String {
    match lang {
        goodwill_engine::Lang::Zh => format!("第{number}轮"),
        goodwill_engine::Lang::En => format!("Round {number}"),
    }
}

/// Marks the role card, for tests.
#[derive(Component)]
pub struct RoleCardPanel;

fn spawn_role_card(mut commands: Commands, exercise: Option<Res<PairExercise>>) {
    let Some(exercise) = exercise else { return };
    let case = Arc::clone(exercise.case());
    let (agent, customer) = exercise.roles();
    let round = exercise.round;
    commands
        .spawn((
            Name::new("Role card screen"),
            DespawnOnExit(Screen::RoleCard),
            screen_root(),
        ))
        .with_children(|root| {
            let title = case.title.clone();
            root.spawn(label(
                Localized::dynamic(move |lang| format!("{} · {}", round_label(round.into(), lang), title.get(lang))),
                1.8,
                palette::ACCENT,
            ));
            root.spawn(label(roles_line(agent, customer), 1.1, palette::INK));
            root.spawn(label(Key::AgentLookAway, 1.0, palette::WITHDRAWAL));
            root.spawn((RoleCardPanel, panel())).with_children(|p| {
                p.spawn(label(Key::RoleCard, 1.2, palette::ACCENT));
                p.spawn(label(&case.customer.name, 1.1, palette::INK));
                match &case.role_card {
                    Some(card) => {
                        for (key, text) in [
                            (Key::WhatHappened, &card.happened),
                            (Key::WhatYouWant, &card.wants),
                            (Key::HowUpset, &card.upset),
                        ] {
                            p.spawn(label(key, 1.0, palette::MUTED));
                            p.spawn(label(text, 1.1, palette::INK));
                        }
                    }
                    None => {
                        p.spawn(label(&case.customer.persona, 1.1, palette::INK));
                    }
                }
            });
            root.spawn(button(Key::Continue, UiAction::Continue, 0));
            root.spawn(button(Key::Back, UiAction::Back, 1));
        });
}

fn role_card_actions(
    mut actions: MessageReader<UiAction>,
    mut next: ResMut<NextState<Screen>>,
    exercise: Option<Res<PairExercise>>,
    mut starts: MessageWriter<StartRun>,
) {
    for action in actions.read() {
        match action {
            UiAction::Back => next.set(Screen::Title),
            UiAction::Continue => {
                let Some(exercise) = &exercise else {
                    next.set(Screen::Title);
                    continue;
                };
                let (agent, customer) = exercise.roles();
                starts.write(StartRun {
                    scenario: Arc::clone(exercise.case()),
                    resume: None,
                    pair: Some(PairRound {
                        agent,
                        customer,
                        observer: exercise.observer.clone(),
                        pair_id: exercise.pair_id.clone(),
                        round: exercise.round,
                    }),
                });
            }
            _ => {}
        }
    }
}

/// On a pair round's debrief, "next round" files the round and moves on.
fn round_finished(
    mut actions: MessageReader<UiAction>,
    mut next: ResMut<NextState<Screen>>,
    run: Option<Res<ActiveRun>>,
    exercise: Option<ResMut<PairExercise>>,
) {
    for action in actions.read() {
        if *action != UiAction::NextRound {
            continue;
        }
        let (Some(run), Some(mut exercise)) = (run.as_ref(), exercise) else {
            // A resumed pair round without its exercise: nothing to compare it with.
            next.set(Screen::Title);
            return;
        };
        let Some(report) = run.session.report().cloned() else {
            return;
        };
        let (agent, customer) = exercise.roles();
        exercise.played.push(PlayedRound {
            agent,
            customer,
            report,
            attempt: run.attempt.clone(),
            observed: None,
        });
        exercise.marks = [false; 7];
        if exercise.observer.is_some() {
            next.set(Screen::Observer);
        } else {
            advance(&mut exercise, &mut next);
        }
        return;
    }
}

fn advance(exercise: &mut PairExercise, next: &mut NextState<Screen>) {
    if exercise.round == 1 {
        exercise.round = 2;
        next.set(Screen::RoleCard);
    } else {
        next.set(Screen::PairDebrief);
    }
}

fn spawn_observer_root(mut commands: Commands, exercise: Option<ResMut<PairExercise>>) {
    commands.spawn((
        Name::new("Observer screen"),
        DespawnOnExit(Screen::Observer),
        ObserverRoot,
        screen_root(),
    ));
    if let Some(mut exercise) = exercise {
        exercise.set_changed();
    }
}

fn observer_actions(
    mut actions: MessageReader<UiAction>,
    keys: Res<ButtonInput<KeyCode>>,
    mut next: ResMut<NextState<Screen>>,
    exercise: Option<ResMut<PairExercise>>,
    db: Res<ResultsDb>,
) {
    let Some(mut exercise) = exercise else { return };
    if let Some(step) = number_pressed(&keys).filter(|&n| n <= exercise.marks.len()) {
        exercise.marks[step - 1] = !exercise.marks[step - 1];
    }
    for action in actions.read() {
        match action {
            UiAction::ToggleObserverStep(i) if *i < 7 => exercise.marks[*i] = !exercise.marks[*i],
            UiAction::Done => {
                let marks = exercise.marks;
                if let Some(round) = exercise.played.last_mut() {
                    round.observed = Some(marks);
                    if let Some(id) = &round.attempt {
                        let list: Vec<(u8, bool)> = marks.iter().enumerate().map(|(i, m)| (i as u8 + 1, *m)).collect();
                        db.with(|s| s.set_observer_marks(id, &list));
                    }
                }
                advance(&mut exercise, &mut next);
            }
            _ => {}
        }
    }
}

fn rebuild_observer(
    mut commands: Commands,
    exercise: Option<Res<PairExercise>>,
    roots: Query<Entity, With<ObserverRoot>>,
) {
    let Some(exercise) = exercise else { return };
    if !exercise.is_changed() {
        return;
    }
    let Ok(root) = roots.single() else { return };
    let observer = exercise.observer.clone().unwrap_or_default();
    let agent = exercise.played.last().map(|r| r.agent.clone()).unwrap_or_default();
    let marks = exercise.marks;
    commands
        .entity(root)
        .despawn_related::<Children>()
        .with_children(|root| {
            root.spawn(label(
                Localized::dynamic(move |lang| format!("{} · {observer} → {agent}", tr(Key::Observer, lang))),
                1.8,
                palette::ACCENT,
            ));
            root.spawn(label(Key::ObserverChecklist, 1.1, palette::INK));
            for (i, step) in Principle::GOLDEN_STEPS.into_iter().enumerate() {
                let mark = if marks[i] { "[✓]" } else { "[  ]" };
                root.spawn(button(
                    Localized::dynamic(move |lang| format!("{mark} {}. {}", i + 1, step.name().get(lang))),
                    UiAction::ToggleObserverStep(i),
                    i,
                ));
            }
            root.spawn(button(Key::Done, UiAction::Done, 7));
        });
}

fn spawn_pair_debrief(mut commands: Commands, exercise: Option<Res<PairExercise>>) {
    let Some(exercise) = exercise else { return };
    let rounds = exercise.played.clone();
    let titles: Vec<_> = exercise.cases.iter().map(|c| c.title.clone()).collect();
    commands
        .spawn((
            Name::new("Pair debrief screen"),
            DespawnOnExit(Screen::PairDebrief),
            screen_root(),
        ))
        .with_children(|root| {
            root.spawn(label(Key::BothRounds, 2.0, palette::ACCENT));
            root.spawn(button(Key::Back, UiAction::Back, 0));
            root.spawn(Node {
                flex_direction: FlexDirection::Row,
                column_gap: px(18),
                width: percent(100),
                max_width: px(1500),
                align_items: AlignItems::FlexStart,
                ..default()
            })
            .with_children(|columns| {
                for (i, round) in rounds.into_iter().enumerate() {
                    let title = titles.get(i).cloned().unwrap_or_default();
                    columns
                        .spawn(Node {
                            flex_direction: FlexDirection::Column,
                            row_gap: px(10),
                            flex_grow: 1.0,
                            flex_basis: px(0),
                            ..default()
                        })
                        .with_children(|col| round_column(col, i + 1, &title, round));
                }
            });
        });
}

fn round_column(col: &mut ChildSpawnerCommands, number: usize, title: &goodwill_engine::Text, round: PlayedRound) {
    let report = round.report;
    let (agent, customer) = (round.agent, round.customer);
    let title = title.clone();
    col.spawn(label(
        Localized::dynamic(move |lang| format!("{} · {}", round_label(number, lang), title.get(lang))),
        1.4,
        palette::INK,
    ));
    col.spawn(label(roles_line(agent, customer), 1.0, palette::MUTED));
    let (outcome, balance) = (report.outcome, report.final_balance);
    col.spawn(label(
        Localized::dynamic(move |lang| format!("{} · {balance}", outcome.label().get(lang))),
        1.6,
        outcome_color(outcome),
    ));
    col.spawn(panel()).with_children(|p| chart(p, &report.timeline));
    let ratings: Vec<u8> = report.steps.iter().filter_map(|s| s.sincerity).collect();
    col.spawn(label(
        Localized::dynamic(move |lang| {
            let list: Vec<String> = ratings.iter().map(|r| format!("{r}/5")).collect();
            format!(
                "{}{}{}",
                tr(Key::Sincerity, lang),
                colon(lang),
                if list.is_empty() {
                    "—".into()
                } else {
                    list.join(" · ")
                }
            )
        }),
        1.0,
        palette::INK,
    ));
    col.spawn(panel()).with_children(|p| checklist(p, &report));
    if let Some(observed) = round.observed {
        col.spawn(panel()).with_children(|p| {
            p.spawn(label(
                Localized::dynamic(|lang| format!("{} / {}", tr(Key::ObserverSays, lang), tr(Key::EngineSays, lang))),
                1.1,
                palette::INK,
            ));
            for (i, step) in Principle::GOLDEN_STEPS.into_iter().enumerate() {
                let engine = report.golden_applied.contains(&step);
                let seen = observed[i];
                p.spawn(label(
                    Localized::dynamic(move |lang| {
                        let mark = |b: bool| if b { tr(Key::Seen, lang) } else { tr(Key::NotSeen, lang) };
                        format!(
                            "{}. {}{}{} / {}",
                            i + 1,
                            step.name().get(lang),
                            colon(lang),
                            mark(seen),
                            mark(engine)
                        )
                    }),
                    0.9,
                    if seen == engine {
                        palette::DEPOSIT
                    } else {
                        palette::WITHDRAWAL
                    },
                ));
            }
        });
    }
}

fn pair_debrief_actions(
    mut actions: MessageReader<UiAction>,
    keys: Res<ButtonInput<KeyCode>>,
    mut next: ResMut<NextState<Screen>>,
    mut player: ResMut<Player>,
) {
    if keys.just_pressed(KeyCode::Escape) {
        next.set(Screen::Title);
    }
    for action in actions.read() {
        if *action == UiAction::Back {
            // A pair exercise records under both trainees; nobody stays signed in for self-study.
            player.profile = None;
            next.set(Screen::Title);
        }
    }
}
