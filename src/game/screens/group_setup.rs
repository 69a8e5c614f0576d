//! Floor 5 · Group games setup, for the trainer: the game (003's promise game or responsibility game), the
//! class session, the length of a round, and the pairs from the class's roster — each with an optional
//! observer and the cards it plays from (a shipped case's, or a scene typed on the spot). The game itself
//! is `game::group_game`; the projector is `screens::group_game`.

use std::sync::Arc;

use bevy::prelude::*;
use goodwill_engine::Scenario;
use goodwill_store::ClassSession;
use goodwill_store::group_games::{GroupGameKind, MAX_SCENE_CHARS};

use crate::game::group_game::{Card, GroupGameRun, PlannedPair, default_minutes};
use crate::game::input::{ESC_BACK, UiAction};
use crate::game::library::Library;
use crate::game::palette;
use crate::game::results::{Player, ResultsDb};
use crate::game::state::{GameSet, Screen};
use crate::game::text_input::{NameBuffer, NameField};
use crate::game::theme::{Localized, button, button_row, label, panel, screen_root, text_field};
use crate::i18n::{Phrase, colon, fill, tr};

/// A pair being made: the one who goes first, their partner once picked, the observer, and the cards.
#[derive(Debug, Clone, Default)]
struct DraftPair {
    first: String,
    second: Option<String>,
    observer: Option<String>,
    /// An index into the cases; one past the last means a scene typed on the spot.
    card: usize,
    scene: String,
}

/// What the setup screen has chosen so far.
#[derive(Resource, Debug, Default)]
struct Draft {
    classes: Vec<ClassSession>,
    class: usize,
    game: usize,
    minutes: u32,
    pairs: Vec<DraftPair>,
    /// The pair whose scene is being typed.
    typing: Option<usize>,
    /// Why the game did not start.
    problem: Option<Phrase>,
}

impl Draft {
    fn game(&self) -> GroupGameKind {
        GroupGameKind::ALL[self.game % GroupGameKind::ALL.len()]
    }

    fn roster(&self) -> &[String] {
        self.classes.get(self.class).map_or(&[], |c| c.trainees.as_slice())
    }

    /// Whether `name` already has a place: in a pair, or observing one.
    fn placed(&self, name: &str) -> bool {
        self.pairs
            .iter()
            .any(|p| p.first == name || p.second.as_deref() == Some(name) || p.observer.as_deref() == Some(name))
    }
}

#[derive(Component)]
struct SetupRoot;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Draft>()
        .add_systems(OnEnter(Screen::GroupSetup), (load, spawn_root).chain())
        .add_systems(
            Update,
            (act.in_set(GameSet::Act), rebuild.in_set(GameSet::Present)).run_if(in_state(Screen::GroupSetup)),
        );
}

/// The class sessions, newest first (the signed-in class chosen if there is one); the pairs of the last
/// setup are kept when the class is the same, so a trainer coming back does not pick them again.
fn load(db: Res<ResultsDb>, player: Res<Player>, mut draft: ResMut<Draft>, mut buffer: ResMut<NameBuffer>) {
    let before = draft.classes.get(draft.class).map(|c| c.name.clone());
    draft.classes = db.read(|s| s.classes()).unwrap_or_default();
    let wanted = before.or_else(|| player.class.clone());
    draft.class = wanted
        .and_then(|name| draft.classes.iter().position(|c| c.name == name))
        .unwrap_or(0);
    let roster = draft.roster().to_vec();
    draft.pairs.retain(|p| roster.contains(&p.first));
    if draft.minutes == 0 {
        draft.minutes = default_minutes(draft.game());
    }
    draft.typing = None;
    draft.problem = None;
    buffer.0.clear();
    draft.set_changed();
}

fn spawn_root(mut commands: Commands) {
    commands.spawn((
        Name::new("Group games setup screen"),
        DespawnOnExit(Screen::GroupSetup),
        SetupRoot,
        screen_root(),
        ESC_BACK,
    ));
}

fn act(
    mut actions: MessageReader<UiAction>,
    mut next: ResMut<NextState<Screen>>,
    mut draft: ResMut<Draft>,
    mut buffer: ResMut<NameBuffer>,
    library: Res<Library>,
    mut commands: Commands,
) {
    if actions.is_empty() {
        return;
    }
    let cases: Vec<Arc<Scenario>> = library.sorted();
    for action in actions.read() {
        draft.problem = None;
        match *action {
            UiAction::Back if draft.typing.is_some() => {
                draft.typing = None;
                buffer.0.clear();
            }
            UiAction::Back => next.set(Screen::Title),
            UiAction::NewClass => next.set(Screen::ClassSetup),
            UiAction::CycleClass if !draft.classes.is_empty() => {
                draft.class = (draft.class + 1) % draft.classes.len();
                draft.pairs.clear();
                draft.typing = None;
            }
            UiAction::PickGroupGame(i) if i < GroupGameKind::ALL.len() => {
                draft.game = i;
                draft.minutes = default_minutes(draft.game());
            }
            UiAction::LongerRound => draft.minutes = (draft.minutes + 5).min(180),
            UiAction::ShorterRound => draft.minutes = draft.minutes.saturating_sub(5).max(5),
            UiAction::AddToPair(i) => {
                let Some(name) = draft.roster().get(i).cloned() else {
                    continue;
                };
                if draft.placed(&name) {
                    continue;
                }
                match draft.pairs.last_mut() {
                    Some(pair) if pair.second.is_none() => pair.second = Some(name),
                    _ => {
                        // Each new pair starts on the next case, so neighbouring pairs play different ones.
                        let card = draft.pairs.len() % cases.len().max(1);
                        draft.pairs.push(DraftPair {
                            first: name,
                            card,
                            ..default()
                        });
                    }
                }
            }
            UiAction::SplitPair(p) if p < draft.pairs.len() => {
                draft.pairs.remove(p);
                draft.typing = None;
            }
            UiAction::CyclePairObserver(p) if p < draft.pairs.len() => {
                let current = draft.pairs[p].observer.clone();
                let free: Vec<String> = draft
                    .roster()
                    .iter()
                    .filter(|n| !draft.placed(n) || current.as_deref() == Some(n.as_str()))
                    .cloned()
                    .collect();
                let next_one = match current.and_then(|c| free.iter().position(|n| *n == c)) {
                    Some(at) => free.get(at + 1).cloned(),
                    None => free.first().cloned(),
                };
                draft.pairs[p].observer = next_one;
            }
            UiAction::CyclePairCard(p) if p < draft.pairs.len() => {
                let choices = cases.len() + 1;
                draft.pairs[p].card = (draft.pairs[p].card + 1) % choices;
            }
            UiAction::TypePairScene(p) if p < draft.pairs.len() => {
                draft.typing = Some(p);
                buffer.0 = draft.pairs[p].scene.clone();
            }
            UiAction::SubmitText => {
                if let Some(p) = draft.typing.take()
                    && let Some(pair) = draft.pairs.get_mut(p)
                {
                    pair.scene = buffer.0.trim().chars().take(MAX_SCENE_CHARS).collect();
                }
                buffer.0.clear();
            }
            UiAction::StartGroupGame => match start(&draft, &cases) {
                Ok(run) => {
                    commands.insert_resource(run);
                    next.set(Screen::GroupGame);
                }
                Err(why) => draft.problem = Some(why),
            },
            _ => {}
        }
    }
}

/// The game as set up: the full pairs (a name still waiting for a partner is left out), each with its
/// cards; or why it cannot start.
fn start(draft: &Draft, cases: &[Arc<Scenario>]) -> Result<GroupGameRun, Phrase> {
    let class = draft.classes.get(draft.class).ok_or(Phrase::ClassVoteNeedsClass)?;
    let mut pairs = Vec::new();
    for pair in &draft.pairs {
        let Some(second) = &pair.second else { continue };
        let card = match cases.get(pair.card) {
            Some(case) => Card::Case(Arc::clone(case)),
            None if pair.scene.trim().is_empty() => return Err(Phrase::NoSceneYet),
            None => Card::Scene(pair.scene.clone()),
        };
        pairs.push(PlannedPair {
            first: pair.first.clone(),
            second: second.clone(),
            observer: pair.observer.clone(),
            card,
        });
    }
    if pairs.is_empty() {
        return Err(Phrase::NeedOnePair);
    }
    Ok(GroupGameRun::new(
        class.name.clone(),
        draft.game(),
        pairs,
        draft.minutes,
    ))
}

/// A game's name and its rule as 003 gives it.
pub fn game_words(game: GroupGameKind) -> (Phrase, Phrase) {
    match game {
        GroupGameKind::Promise => (Phrase::PromiseGame, Phrase::PromiseGameRule),
        GroupGameKind::Responsibility => (Phrase::ResponsibilityGame, Phrase::ResponsibilityGameRule),
    }
}

fn tick(chosen: bool) -> &'static str {
    if chosen { "✓ " } else { "" }
}

fn rebuild(mut commands: Commands, draft: Res<Draft>, library: Res<Library>, roots: Query<Entity, With<SetupRoot>>) {
    if !draft.is_changed() && !library.is_changed() {
        return;
    }
    let Ok(root) = roots.single() else { return };
    let cases: Vec<Arc<Scenario>> = library.sorted();
    let class = draft.classes.get(draft.class).cloned();
    let game = draft.game();
    commands
        .entity(root)
        .despawn_related::<Children>()
        .with_children(|root| {
            root.spawn(label(Phrase::GroupGames, 2.2, palette::ACCENT));
            root.spawn(Node {
                max_width: px(900),
                ..default()
            })
            .with_child(label(Phrase::GroupGamesIntro, 1.0, palette::INK));
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
            root.spawn(button_row()).with_children(|row| {
                for (i, kind) in GroupGameKind::ALL.into_iter().enumerate() {
                    let chosen = kind == game;
                    row.spawn(button(
                        Localized::dynamic(move |lang| format!("{}{}", tick(chosen), tr(game_words(kind).0, lang))),
                        UiAction::PickGroupGame(i),
                        1 + i,
                    ));
                }
            });
            root.spawn(Node {
                max_width: px(900),
                ..default()
            })
            .with_child(label(game_words(game).1, 0.95, palette::MUTED));
            let minutes = draft.minutes;
            root.spawn(button_row()).with_children(|row| {
                row.spawn(label(
                    Localized::dynamic(move |lang| {
                        let words = if game == GroupGameKind::Promise {
                            Phrase::MinutesDocument
                        } else {
                            Phrase::MinutesOwn
                        };
                        format!(
                            "{}{}{}",
                            tr(Phrase::RoundLength, lang),
                            colon(lang),
                            fill(words, lang, &[("n", &minutes)])
                        )
                    }),
                    1.05,
                    palette::INK,
                ));
                row.spawn(button(Phrase::ShorterRound, UiAction::ShorterRound, 3));
                row.spawn(button(Phrase::LongerRound, UiAction::LongerRound, 4));
            });
            root.spawn(Node {
                max_width: px(900),
                ..default()
            })
            .with_child(label(Phrase::PickPairsHint, 1.0, palette::INK));
            root.spawn(button_row()).with_children(|row| {
                for (i, trainee) in class.trainees.iter().enumerate() {
                    if !draft.placed(trainee) {
                        let trainee = trainee.clone();
                        row.spawn(button(
                            Localized::dynamic(move |_| trainee.clone()),
                            UiAction::AddToPair(i),
                            10 + i,
                        ));
                    }
                }
            });
            root.spawn(label(Phrase::PairsHeading, 1.2, palette::INK));
            if draft.pairs.is_empty() {
                root.spawn(label(Phrase::NoPairsYet, 1.0, palette::MUTED));
            }
            for (p, pair) in draft.pairs.iter().enumerate() {
                pair_panel(root, p, pair, &cases, draft.typing == Some(p));
            }
            if let Some(problem) = draft.problem {
                root.spawn(label(problem, 1.05, palette::WITHDRAWAL));
            }
            root.spawn(button(Phrase::StartGroupGame, UiAction::StartGroupGame, 9000));
            root.spawn(button(Phrase::Back, UiAction::Back, 9001));
        });
}

/// One pair: who goes first and who answers, its observer and its cards (with the scene's field while it
/// is being typed).
fn pair_panel(parent: &mut ChildSpawnerCommands, p: usize, pair: &DraftPair, cases: &[Arc<Scenario>], typing: bool) {
    let order = 2000 + p * 10;
    let (first, second) = (pair.first.clone(), pair.second.clone());
    let observer = pair.observer.clone();
    let case = cases.get(pair.card).map(|c| c.title.clone());
    let typed = case.is_none();
    let scene = pair.scene.clone();
    parent.spawn(panel()).with_children(|panel| {
        panel.spawn(label(
            Localized::dynamic(move |lang| {
                let partner = second.clone().unwrap_or_else(|| match lang {
                    goodwill_engine::Lang::Zh => format!("（{}）", tr(Phrase::WaitingForPartner, lang)),
                    goodwill_engine::Lang::En => format!("({})", tr(Phrase::WaitingForPartner, lang)),
                });
                format!(
                    "{}{}{first} → {partner}",
                    fill(Phrase::PairNumber, lang, &[("n", &(p + 1))]),
                    colon(lang)
                )
            }),
            1.1,
            palette::ACCENT,
        ));
        panel.spawn(button_row()).with_children(|row| {
            row.spawn(button(
                Localized::dynamic(move |lang| {
                    let who = observer.clone().unwrap_or_else(|| tr(Phrase::Nobody, lang).to_owned());
                    format!("{}{}{who} →", tr(Phrase::Observer, lang), colon(lang))
                }),
                UiAction::CyclePairObserver(p),
                order,
            ));
            row.spawn(button(
                Localized::dynamic(move |lang| {
                    let from = case
                        .as_ref()
                        .map_or_else(|| tr(Phrase::TypedScene, lang).to_owned(), |t| t.get(lang).to_owned());
                    format!("{}{}{from} →", tr(Phrase::CardsFrom, lang), colon(lang))
                }),
                UiAction::CyclePairCard(p),
                order + 1,
            ));
            if typed {
                row.spawn(button(Phrase::TypeScene, UiAction::TypePairScene(p), order + 2));
            }
            row.spawn(button(Phrase::SplitPair, UiAction::SplitPair(p), order + 3));
        });
        if typing {
            panel.spawn(label(Phrase::TypeSceneHint, 1.0, palette::INK));
            panel.spawn(text_field(NameField));
        } else if typed {
            panel.spawn(label(
                Localized::dynamic(move |lang| {
                    if scene.is_empty() {
                        tr(Phrase::NoSceneYet, lang).to_owned()
                    } else {
                        scene.clone()
                    }
                }),
                1.0,
                palette::INK,
            ));
        }
    });
}
