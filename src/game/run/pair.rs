//! Floor 3 · The classroom pair exercise's rounds (003's role-play games): trainee A plays the agent while B voices
//! the customer and rates how sincere A sounded, then they swap; an optional observer marks the seven
//! steps after each round — on the shared screen, or on their own phone during the round
//! (`game::observer_phone` carries the marks here). This module keeps the exercise and moves it on; the
//! pair screens present it.

use std::sync::Arc;

use bevy::prelude::*;
use goodwill_engine::GOLDEN_STEP_COUNT;
use goodwill_engine::{Report, Scenario, Session};
use goodwill_store::Attempt;

use super::{ActiveRun, StartRun};
use crate::game::library::Library;
use crate::game::results::{ResultsDb, SaveProblem};
use crate::game::state::GameSet;

/// One round of a pair exercise as the runner records it: who plays the agent, who voices the customer.
#[derive(Debug, Clone, PartialEq)]
pub struct PairRound {
    pub agent: String,
    pub customer: String,
    pub observer: Option<String>,
    pub pair_id: String,
    pub round: u8,
}

impl PairRound {
    /// The round an interrupted attempt belonged to, if it was played in a pair exercise.
    pub fn of_attempt(attempt: &Attempt) -> Option<PairRound> {
        Some(PairRound {
            agent: attempt.profile.clone(),
            customer: attempt.customer_player.clone().unwrap_or_default(),
            observer: attempt.observer.clone(),
            pair_id: attempt.pair_id.clone()?,
            round: attempt.round.unwrap_or(1),
        })
    }
}

/// One round as played.
#[derive(Debug, Clone)]
pub struct PlayedRound {
    pub agent: String,
    pub customer: String,
    pub report: Report,
    pub attempt: Option<String>,
    /// Observer's marks per golden step, when there is an observer.
    pub observed: Option<[bool; GOLDEN_STEP_COUNT]>,
}

/// The exercise in progress.
#[derive(Resource, Debug, Clone)]
pub struct PairExercise {
    pub first_agent: String,
    pub first_customer: String,
    pub observer: Option<String>,
    /// The observer marks the steps on their own phone during each round, where the agent cannot see,
    /// instead of on the shared screen after it.
    pub observer_phone: bool,
    pub cases: [Arc<Scenario>; 2],
    pub pair_id: String,
    /// 1 or 2.
    pub round: u8,
    pub played: Vec<PlayedRound>,
    /// The observer's checklist being filled in.
    pub marks: [bool; GOLDEN_STEP_COUNT],
    /// The observer's marks for the round just played, given before its debrief showed the game's own.
    pub observed_this_round: Option<[bool; GOLDEN_STEP_COUNT]>,
}

impl PairExercise {
    /// A new exercise on `first` (and its paired case, if the library has it) with a fresh id that links
    /// both rounds in the results, unique across machines.
    pub fn new(
        agent: String,
        customer: String,
        observer: Option<String>,
        first: Arc<Scenario>,
        library: &Library,
    ) -> Self {
        let second = first
            .pair_with
            .as_ref()
            .and_then(|id| library.find(id).cloned())
            .unwrap_or_else(|| Arc::clone(&first));
        PairExercise {
            first_agent: agent,
            first_customer: customer,
            observer,
            observer_phone: false,
            cases: [first, second],
            pair_id: format!("pair-{}", uuid::Uuid::new_v4()),
            round: 1,
            played: Vec::new(),
            marks: [false; GOLDEN_STEP_COUNT],
            observed_this_round: None,
        }
    }

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

    /// Whether the round just finished must go to the observer before its debrief: the observer marks
    /// what they saw before the game's ✓/× could sway them.
    /// Marks made on the observer's phone arrive by themselves (`PairCommand::PhoneMarks`): no screen waits.
    pub fn awaits_observer(&self, run: &ActiveRun) -> bool {
        self.observer.is_some() && !self.observer_phone && run.pair.is_some() && self.observed_this_round.is_none()
    }

    /// The round about to be played, as the runner records it.
    pub fn current_round(&self) -> PairRound {
        let (agent, customer) = self.roles();
        PairRound {
            agent,
            customer,
            observer: self.observer.clone(),
            pair_id: self.pair_id.clone(),
            round: self.round,
        }
    }
}

/// What the pair screens ask of the exercise.
#[derive(Message, Debug, Clone, Copy, PartialEq, Eq)]
pub enum PairCommand {
    /// The role card has been read: play the current round.
    StartRound,
    /// The round's debrief is done: file the round.
    RoundDone,
    /// The observer has marked the round (before its debrief).
    ObserverDone,
    /// The round just finished was marked on the observer's phone: these marks (per golden step, applied
    /// or not) are the round's. The debrief is already on screen; nothing else moves.
    PhoneMarks([bool; GOLDEN_STEP_COUNT]),
}

/// Where the exercise goes next, for the screens.
#[derive(Message, Debug, Clone, Copy, PartialEq, Eq)]
pub enum PairStage {
    RoleCard,
    /// The round's own debrief, after the observer has marked it.
    RoundDebrief,
    BothRounds,
    /// There is no exercise to go on with (a pair round resumed without its first round's record).
    Gone,
}

pub(super) fn plugin(app: &mut App) {
    app.add_message::<PairCommand>()
        .add_message::<PairStage>()
        .add_systems(Update, act.in_set(GameSet::Run).before(super::start));
}

fn act(
    mut commands_in: MessageReader<PairCommand>,
    exercise: Option<ResMut<PairExercise>>,
    run: Option<Res<ActiveRun>>,
    db: Res<ResultsDb>,
    mut problem: ResMut<SaveProblem>,
    mut starts: MessageWriter<StartRun>,
    mut stages: MessageWriter<PairStage>,
) {
    let Some(mut exercise) = exercise else {
        if !commands_in.is_empty() {
            commands_in.clear();
            stages.write(PairStage::Gone);
        }
        return;
    };
    for command in commands_in.read() {
        match command {
            PairCommand::StartRound => {
                starts.write(StartRun {
                    pair: Some(exercise.current_round()),
                    ..StartRun::new(Arc::clone(exercise.case()))
                });
            }
            PairCommand::RoundDone => {
                let Some(report) = run.as_ref().and_then(|r| r.session.report()).cloned() else {
                    continue;
                };
                let (agent, customer) = exercise.roles();
                let observed = exercise.observed_this_round.take();
                exercise.played.push(PlayedRound {
                    agent,
                    customer,
                    report,
                    attempt: run.as_ref().and_then(|r| r.recorder.attempt().map(str::to_owned)),
                    observed,
                });
                exercise.marks = [false; GOLDEN_STEP_COUNT];
                stages.write(advance(&mut exercise));
            }
            PairCommand::ObserverDone => {
                let marks = exercise.marks;
                record_observed(&mut exercise, marks, run.as_deref(), &db, &mut problem);
                stages.write(PairStage::RoundDebrief);
            }
            PairCommand::PhoneMarks(marks) => {
                record_observed(&mut exercise, *marks, run.as_deref(), &db, &mut problem);
            }
        }
    }
}

/// Keeps the observer's marks with the round just played and stores them with its attempt.
fn record_observed(
    exercise: &mut PairExercise,
    marks: [bool; GOLDEN_STEP_COUNT],
    run: Option<&ActiveRun>,
    db: &ResultsDb,
    problem: &mut SaveProblem,
) {
    exercise.observed_this_round = Some(marks);
    if let Some(id) = run.and_then(|r| r.recorder.attempt()) {
        let list: Vec<(u8, bool)> = (1u8..).zip(marks).collect();
        db.write(problem, |s| s.set_observer_marks(id, &list));
    }
}

/// After round one, round two (roles swapped); after round two, both rounds side by side.
fn advance(exercise: &mut PairExercise) -> PairStage {
    if exercise.round == 1 {
        exercise.round = 2;
        PairStage::RoleCard
    } else {
        PairStage::BothRounds
    }
}

/// Rebuilds the exercise an interrupted pair round belonged to, so that after resuming it the rounds still
/// follow on and the side-by-side debrief can show an earlier round (replayed from its stored picks: the
/// engine is deterministic for a seed).
pub fn restore_exercise(db: &ResultsDb, library: &Library, attempt: &Attempt) -> Option<PairExercise> {
    let pair_id = attempt.pair_id.clone()?;
    let round = attempt.round.unwrap_or(1).clamp(1, 2);
    let this_case = library.find(&attempt.scenario).cloned()?;
    let customer = attempt.customer_player.clone().unwrap_or_default();
    let (first_agent, first_customer) = if round == 1 {
        (attempt.profile.clone(), customer)
    } else {
        (customer, attempt.profile.clone())
    };
    let rounds = db.read(|s| s.pair_rounds(&pair_id)).unwrap_or_default();
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
        let picks = db.read(|s| s.resume(&first.id)).map(|r| r.picks).unwrap_or_default();
        let (session, _) = Session::replay(Arc::clone(&first_case), first.seed, &picks);
        let marks = db.read(|s| s.observer_marks(&first.id)).unwrap_or_default();
        if let Some(report) = session.report().cloned() {
            played.push(PlayedRound {
                agent: first_agent.clone(),
                customer: first_customer.clone(),
                report,
                attempt: Some(first.id.clone()),
                observed: (!marks.is_empty()).then(|| {
                    let mut seen = [false; GOLDEN_STEP_COUNT];
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
        // A resumed round is marked on the shared screen: its phone (and its marks so far) are gone.
        observer_phone: false,
        cases: [first_case, second_case],
        pair_id,
        round,
        played,
        marks: [false; GOLDEN_STEP_COUNT],
        observed_this_round: None,
    })
}
