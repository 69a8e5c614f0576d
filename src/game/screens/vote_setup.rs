//! Floor 5 · Class vote setup: the trainer picks the class session, the case, whether trainees without a
//! name on the roster may take a seat, and an optional time limit per step; then opens the room. The vote
//! itself is driven by `game::class_vote`.

use std::sync::Arc;
use std::time::Duration;

use bevy::prelude::*;
use goodwill_engine::Scenario;
use goodwill_store::ClassSession;

use crate::game::class_vote::{VoteCommand, VoteProblem, VoteRequest};
use crate::game::input::{Cycler, ESC_BACK, UiAction};
use crate::game::library::Library;
use crate::game::palette;
use crate::game::results::{Player, ResultsDb};
use crate::game::state::{GameSet, Screen};
use crate::game::theme::{Localized, button, label, screen_root};
use crate::i18n::{Phrase, colon, fill, tr};

/// The time limits a trainer can set per step: none (the default: thinking, not speed), or minutes.
const TIME_LIMITS: [Option<u64>; 4] = [None, Some(1), Some(2), Some(3)];

/// What the setup screen has chosen so far.
#[derive(Resource, Debug, Default)]
struct VoteSetup {
    classes: Vec<ClassSession>,
    class: usize,
    case: usize,
    anonymous: bool,
    time_limit: usize,
}

#[derive(Component)]
struct SetupRoot;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<VoteSetup>()
        .init_resource::<VoteProblem>()
        .add_systems(OnEnter(Screen::VoteSetup), (load, spawn_root).chain())
        .add_systems(
            Update,
            (act.in_set(GameSet::Act), rebuild.in_set(GameSet::Present)).run_if(in_state(Screen::VoteSetup)),
        );
}

/// The class sessions, newest first; the signed-in class is chosen if there is one.
fn load(db: Res<ResultsDb>, player: Res<Player>, mut setup: ResMut<VoteSetup>, mut problem: ResMut<VoteProblem>) {
    setup.classes = db.read(|s| s.classes()).unwrap_or_default();
    if let Some(at) = player
        .class
        .as_ref()
        .and_then(|name| setup.classes.iter().position(|c| &c.name == name))
    {
        setup.class = at;
    }
    if setup.class >= setup.classes.len() {
        setup.class = 0;
    }
    problem.0 = None;
}

fn spawn_root(mut commands: Commands) {
    commands.spawn((
        Name::new("Class vote setup screen"),
        DespawnOnExit(Screen::VoteSetup),
        SetupRoot,
        screen_root(),
        ESC_BACK,
    ));
}

/// The cases offered: the class's assigned ones first, then the rest, each once.
fn cases_for(class: Option<&ClassSession>, library: &Library) -> Vec<Arc<Scenario>> {
    let all = library.sorted();
    let assigned = |s: &Arc<Scenario>| class.is_some_and(|c| c.scenarios.contains(&s.id));
    all.iter()
        .filter(|s| assigned(s))
        .chain(all.iter().filter(|s| !assigned(s)))
        .cloned()
        .collect()
}

fn act(
    mut actions: MessageReader<UiAction>,
    mut next: ResMut<NextState<Screen>>,
    mut setup: ResMut<VoteSetup>,
    library: Res<Library>,
    mut votes: MessageWriter<VoteCommand>,
) {
    if actions.is_empty() {
        return;
    }
    let cases = cases_for(setup.classes.get(setup.class), &library);
    for action in actions.read() {
        match action {
            UiAction::Back => next.set(Screen::Title),
            UiAction::NewClass => next.set(Screen::ClassSetup),
            UiAction::CycleClass if !setup.classes.is_empty() => {
                setup.class = (setup.class + 1) % setup.classes.len();
                setup.case = 0;
            }
            UiAction::CycleCase if !cases.is_empty() => setup.case = (setup.case + 1) % cases.len(),
            UiAction::CycleCaseBack if !cases.is_empty() => {
                setup.case = (setup.case % cases.len() + cases.len() - 1) % cases.len();
            }
            UiAction::ToggleAnonymousSeats => setup.anonymous = !setup.anonymous,
            UiAction::CycleVoteTimer => setup.time_limit = (setup.time_limit + 1) % TIME_LIMITS.len(),
            UiAction::OpenVoteRoom => {
                let Some(class) = setup.classes.get(setup.class) else {
                    continue;
                };
                let Some(scenario) = cases.get(setup.case % cases.len().max(1)) else {
                    continue;
                };
                votes.write(VoteCommand::Open(VoteRequest {
                    class: class.name.clone(),
                    roster: class.trainees.clone(),
                    scenario: Arc::clone(scenario),
                    anonymous: setup.anonymous || class.trainees.is_empty(),
                    time_limit: TIME_LIMITS[setup.time_limit].map(|m| Duration::from_secs(m * 60)),
                }));
            }
            _ => {}
        }
    }
}

fn rebuild(
    mut commands: Commands,
    setup: Res<VoteSetup>,
    library: Res<Library>,
    problem: Res<VoteProblem>,
    roots: Query<Entity, With<SetupRoot>>,
) {
    if !setup.is_changed() && !library.is_changed() && !problem.is_changed() {
        return;
    }
    let Ok(root) = roots.single() else { return };
    let class = setup.classes.get(setup.class).cloned();
    let cases = cases_for(class.as_ref(), &library);
    commands
        .entity(root)
        .despawn_related::<Children>()
        .with_children(|root| {
            root.spawn(label(Phrase::ClassVote, 2.2, palette::ACCENT));
            root.spawn(Node {
                max_width: px(900),
                ..default()
            })
            .with_child(label(Phrase::ClassVoteIntro, 1.0, palette::INK));
            let Some(class) = class else {
                root.spawn(label(Phrase::ClassVoteNeedsClass, 1.1, palette::WITHDRAWAL));
                root.spawn(button(Phrase::NewClass, UiAction::NewClass, 0));
                root.spawn(button(Phrase::Back, UiAction::Back, 1));
                return;
            };
            let (name, trainees) = (class.name.clone(), class.trainees.len());
            root.spawn(button(
                Localized::dynamic(move |lang| {
                    let count = fill(Phrase::TraineeCount, lang, &[("n", &trainees)]);
                    format!("{}{}{name}（{count}）→", tr(Phrase::ClassSession, lang), colon(lang))
                }),
                UiAction::CycleClass,
                0,
            ));
            let case = cases.get(setup.case % cases.len().max(1)).map(|s| s.title.clone());
            root.spawn((
                button(
                    Localized::dynamic(move |lang| {
                        let title = case.as_ref().map(|t| t.get(lang).to_owned()).unwrap_or_default();
                        format!("← {}{}{title} →", tr(Phrase::Case, lang), colon(lang))
                    }),
                    UiAction::CycleCase,
                    1,
                ),
                Cycler {
                    back: UiAction::CycleCaseBack,
                },
            ));
            let anonymous = setup.anonymous || trainees == 0;
            root.spawn(button(
                Localized::dynamic(move |lang| {
                    let state = tr(if anonymous { Phrase::Allowed } else { Phrase::NotAllowed }, lang);
                    format!("{}{}{state}", tr(Phrase::AnonymousSeats, lang), colon(lang))
                }),
                UiAction::ToggleAnonymousSeats,
                2,
            ));
            let minutes = TIME_LIMITS[setup.time_limit];
            root.spawn(button(
                Localized::dynamic(move |lang| {
                    let limit = match minutes {
                        None => tr(Phrase::NoTimeLimit, lang).to_owned(),
                        Some(m) => fill(Phrase::MinutesPerStep, lang, &[("n", &m)]),
                    };
                    format!("{}{}{limit}", tr(Phrase::VoteTimeLimit, lang), colon(lang))
                }),
                UiAction::CycleVoteTimer,
                3,
            ));
            if let Some(reason) = problem.0.clone() {
                root.spawn(label(
                    Localized::dynamic(move |lang| {
                        format!("⚠ {}{}{reason}", tr(Phrase::VoteServerFailed, lang), colon(lang))
                    }),
                    0.95,
                    palette::WITHDRAWAL,
                ));
            }
            root.spawn(button(Phrase::OpenVoteRoom, UiAction::OpenVoteRoom, 4));
            root.spawn(button(Phrase::Back, UiAction::Back, 5));
        });
}
