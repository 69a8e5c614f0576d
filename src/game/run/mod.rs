//! Floor 3 · The playthrough runner: one plugin owns a run's life — start, resume, answer, rate, record, finish —
//! and re-sends what the engine says as [`RunEvent`] messages. Screens, the tour and the tests drive it
//! with [`StartRun`] and [`RunCommand`] and only present what it holds; a new way to drive a run (a
//! class vote from phones) sends the same commands.

pub mod pair;

use std::sync::Arc;

use bevy::prelude::*;
use goodwill_engine::{DialogueEvent, Scenario, Session};
use goodwill_store::{Attempt, AttemptRecorder, Mode, NewAttempt, Vote};

use super::library::Library;
use super::results::{Player, ResultsDb, SaveProblem};
use super::settings::Settings;
use crate::game::state::GameSet;
use crate::i18n::{Phrase, tr};
use pair::PairRound;

/// Starts a playthrough of this scenario (from any screen).
#[derive(Message, Debug, Clone)]
pub struct StartRun {
    pub scenario: Arc<Scenario>,
    /// Set in a pair exercise.
    pub pair: Option<PairRound>,
    /// Set for "try another answer at step N": a practice branch of a finished run.
    pub practice: Option<Practice>,
    /// Set in a class vote: the class's phones choose the answers (`game::class_vote`).
    pub class_vote: Option<ClassVoteRun>,
}

/// A run the class plays together by voting from their phones: recorded as the class session's
/// class-vote attempt, with every trainee's votes beside each decision.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassVoteRun {
    /// The class session the attempt belongs to.
    pub class: String,
}

impl StartRun {
    pub fn new(scenario: Arc<Scenario>) -> Self {
        StartRun {
            scenario,
            pair: None,
            practice: None,
            class_vote: None,
        }
    }
}

/// A practice branch: the finished run's seed and its first picks (choice, rating), replayed so play goes
/// on from the step the trainee wants to try again. Kept in the results as practice, never as an attempt.
#[derive(Debug, Clone, PartialEq)]
pub struct Practice {
    pub seed: u64,
    pub picks: Vec<(usize, Option<u8>)>,
}

/// Resumes an interrupted attempt: the scenario must be in the library. Its seed and decisions are
/// replayed and it keeps its id; it is refused ([`RunEvent::ResumeRefused`]) when the case changed since.
#[derive(Message, Debug, Clone)]
pub struct ResumeAttempt(pub Attempt);

/// What a view (or any other driver) asks of the run in progress.
#[derive(Message, Debug, Clone, PartialEq)]
pub enum RunCommand {
    /// Show the whole line now, or move on from a feedback note or the overdraft moment.
    Continue,
    /// Answer with the choice shown at this position (0-based, in the order the player saw).
    Answer(usize),
    /// Pair exercise: the customer player's sincerity rating (1–5) of the line just spoken.
    Rate(u8),
    /// Class vote: answer with the choice shown at this position, as the class voted (or the trainer
    /// picked), recording every trainee's vote with the decision.
    Voted { position: usize, votes: Vec<Vote> },
    /// Throw this attempt away and play the case again.
    Restart,
    /// After the debrief: go back to step `.0` (0-based) of this run and answer differently, as practice.
    TryFrom(usize),
}

/// What happened in the run, for the views: the engine's own events, and the run's. Written in
/// [`GameSet::Run`]; views read them in [`GameSet::Present`] (what the run holds now is in [`ActiveRun`]).
#[derive(Message, Debug, Clone, PartialEq)]
pub enum RunEvent {
    /// A run began; `over` when a resumed attempt had already reached its end.
    Started { over: bool },
    /// An interrupted attempt cannot be resumed (the case changed since it was played). It is kept as it
    /// was; `reason` says why, for the player.
    ResumeRefused { attempt: String, reason: String },
    /// A new customer line is to be revealed.
    LineShown,
    /// Something the engine reported about the last answer, in the engine's order: the agent's line
    /// first, then what it did to the account, promises and mood, then the next line or the end.
    Engine(DialogueEvent),
    /// The case is over and its last moment has been seen: time for the debrief.
    Finished,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// The customer's line is being revealed.
    Reveal,
    /// Waiting for the agent's choice.
    Choosing,
    /// Pair exercise: the customer player rates how sincere the agent's spoken line (choice `.0`) sounded.
    Rating(usize),
    /// Showing the feedback on the last choice.
    Feedback,
    /// The account was overdrawn: the moment before the debrief.
    Closed,
}

/// The playthrough in progress.
#[derive(Resource)]
pub struct ActiveRun {
    pub session: Session,
    pub phase: Phase,
    /// Where the decisions are recorded: [`AttemptRecorder::attempt`] is the attempt's id in the results
    /// database, once the first decision is stored.
    pub recorder: AttemptRecorder,
    /// When the current line appeared, for the time each decision took.
    pub shown_at: std::time::Instant,
    pub pair: Option<PairRound>,
    /// A practice branch ("try another answer"): not one of the trainee's attempts.
    pub practice: bool,
    /// Whose attempt this is: the trainee it is recorded under (in a pair round, its agent). `None` when
    /// nothing is recorded (nobody signed in, or no results database). The play screen shows it.
    pub trainee: Option<String>,
    /// Set in a class vote: the class's phones choose, and the feedback is always read together.
    pub class_vote: Option<ClassVoteRun>,
}

/// The seed the next playthrough uses; each new run moves it on.
#[derive(Resource, Debug, Clone, Copy)]
pub struct NextSeed(pub u64);

impl Default for NextSeed {
    fn default() -> Self {
        let seed = std::env::var("GOODWILL_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(1, |d| d.as_secs())
            });
        NextSeed(seed)
    }
}

pub(super) fn plugin(app: &mut App) {
    app.add_message::<StartRun>()
        .add_message::<ResumeAttempt>()
        .add_message::<RunCommand>()
        .add_message::<RunEvent>()
        .init_resource::<NextSeed>()
        .add_systems(Update, (resume, start, act).chain().in_set(GameSet::Run))
        .add_plugins(pair::plugin);
}

/// Picks the interrupted attempt up through the store's lifecycle (same checks as `goodwill attempts
/// resume`), rebuilds its pair exercise if it had one, and begins the run; a refusal is reported.
fn resume(
    mut requests: MessageReader<ResumeAttempt>,
    mut commands: Commands,
    db: Res<ResultsDb>,
    library: Res<Library>,
    mut player: ResMut<Player>,
    mut problem: ResMut<SaveProblem>,
    settings: Res<Settings>,
    mut events: MessageWriter<RunEvent>,
) {
    for ResumeAttempt(attempt) in requests.read() {
        let Some(scenario) = library.find(&attempt.scenario).cloned() else {
            warn!("cannot resume: scenario `{}` is not loaded", attempt.scenario);
            continue;
        };
        // Only the signed-in trainee's own attempt (or a pair round they played in) is picked up, and it
        // is checked against the stored attempt, not the message: nobody's answers go into another's record.
        let Some(trainee) = player.profile.clone() else {
            events.write(RunEvent::ResumeRefused {
                attempt: attempt.id.clone(),
                reason: tr(Phrase::ResumeNeedsTrainee, settings.lang).to_owned(),
            });
            continue;
        };
        let Some(store) = db.lock() else { continue };
        let resumed = AttemptRecorder::resume_for(&store, &attempt.id, scenario, &trainee);
        drop(store);
        let (session, recorder) = match resumed {
            Ok(resumed) => resumed,
            Err(e) => {
                warn!("{e}");
                events.write(RunEvent::ResumeRefused {
                    attempt: attempt.id.clone(),
                    reason: e.to_string(),
                });
                continue;
            }
        };
        // The trainee stays signed in (a pair round's customer or observer resuming it included); the
        // attempt goes on under its own class session, and so does what is played next.
        player.class = attempt.class.clone();
        if let Some(exercise) = pair::restore_exercise(&db, &library, attempt) {
            commands.insert_resource(exercise);
        }
        problem.set_if_neq(SaveProblem(None));
        let owner = db
            .read(|s| s.attempt(&attempt.id))
            .flatten()
            .map_or_else(|| attempt.profile.clone(), |stored| stored.profile);
        begin(
            &mut commands,
            &mut events,
            Begun {
                session,
                recorder,
                pair: PairRound::of_attempt(attempt),
                practice: false,
                trainee: Some(owner),
                class_vote: None,
            },
        );
    }
}

/// Starts a new playthrough, or a practice branch of a finished one.
fn start(
    mut starts: MessageReader<StartRun>,
    mut commands: Commands,
    mut seed: ResMut<NextSeed>,
    db: Res<ResultsDb>,
    player: Res<Player>,
    mut problem: ResMut<SaveProblem>,
    mut events: MessageWriter<RunEvent>,
) {
    let Some(start) = starts.read().last().cloned() else {
        return;
    };
    let scenario = start.scenario;
    problem.set_if_neq(SaveProblem(None));
    let practice = start.practice.is_some();
    let session_seed = match &start.practice {
        Some(branch) => branch.seed,
        None => {
            let next = seed.0;
            seed.0 = seed.0.wrapping_add(1);
            next
        }
    };
    let mut session = Session::new(Arc::clone(&scenario), session_seed);
    // The trainee playing the agent: in a pair round, that round's agent; in a class vote, the class.
    let agent = match (&start.pair, &start.practice, &start.class_vote) {
        (_, _, Some(vote)) => Some(vote.class.clone()),
        (Some(round), None, None) => Some(round.agent.clone()),
        _ => player.profile.clone(),
    };
    let mut trainee = agent.clone().filter(|_| db.is_open());
    let mut recorder = match agent.filter(|_| db.is_open()) {
        Some(agent) => {
            let pair = start.pair.as_ref().filter(|_| !practice);
            let new = match &start.class_vote {
                Some(vote) => NewAttempt::class_vote(&vote.class, &scenario.id, scenario.version, session_seed),
                None => NewAttempt {
                    profile: agent,
                    scenario: scenario.id.clone(),
                    scenario_version: scenario.version,
                    seed: session_seed,
                    class: player.class.clone(),
                    mode: match (practice, pair) {
                        (true, _) => Mode::Practice,
                        (false, Some(_)) => Mode::Pair,
                        (false, None) => Mode::Solo,
                    },
                    customer_player: pair.map(|p| p.customer.clone()),
                    observer: pair.and_then(|p| p.observer.clone()),
                    pair_id: pair.map(|p| p.pair_id.clone()),
                    round: pair.map(|p| p.round),
                },
            };
            AttemptRecorder::new(new).unwrap_or_else(|e| {
                *problem =
                    SaveProblem::attempt(format!("the attempt could not be started in the results database: {e}"));
                trainee = None;
                AttemptRecorder::off()
            })
        }
        None => AttemptRecorder::off(),
    };
    if let Some(branch) = start.practice {
        // The branch's first steps, replayed into its own practice attempt.
        let store = db.lock();
        for (choice, rating) in branch.picks {
            match recorder.choose(store.as_deref(), &mut session, choice, rating, 0) {
                Ok(played) => {
                    if let Err(e) = played.saved {
                        error!("results database: {e}");
                        *problem = SaveProblem::attempt(e);
                    }
                }
                Err(_) => break,
            }
        }
    }
    begin(
        &mut commands,
        &mut events,
        Begun {
            session,
            recorder,
            pair: start.pair,
            practice,
            trainee,
            class_vote: start.class_vote,
        },
    );
}

/// A run about to begin: what [`ActiveRun`] is made of, but its phase and clock.
struct Begun {
    session: Session,
    recorder: AttemptRecorder,
    pair: Option<PairRound>,
    practice: bool,
    trainee: Option<String>,
    class_vote: Option<ClassVoteRun>,
}

/// Makes `session` the run in progress and tells the views.
fn begin(commands: &mut Commands, events: &mut MessageWriter<RunEvent>, run: Begun) {
    let Begun {
        session,
        recorder,
        pair,
        practice,
        trainee,
        class_vote,
    } = run;
    let over = session.is_over();
    commands.insert_resource(ActiveRun {
        session,
        phase: if over { Phase::Feedback } else { Phase::Reveal },
        recorder,
        shown_at: std::time::Instant::now(),
        pair,
        practice,
        trainee,
        class_vote,
    });
    events.write(RunEvent::Started { over });
    if !over {
        events.write(RunEvent::LineShown);
    }
}
/// Carries out the views' commands on the run in progress.
fn act(
    mut commands_in: MessageReader<RunCommand>,
    run: Option<ResMut<ActiveRun>>,
    settings: Res<Settings>,
    db: Res<ResultsDb>,
    mut problem: ResMut<SaveProblem>,
    mut starts: MessageWriter<StartRun>,
    mut events: MessageWriter<RunEvent>,
) {
    let Some(mut run) = run else {
        commands_in.clear();
        return;
    };
    // Space and a click on the same frame are one "continue", not two.
    let mut continued = false;
    for command in commands_in.read() {
        match *command {
            RunCommand::Voted { position, ref votes } if run.phase == Phase::Choosing && run.class_vote.is_some() => {
                let Some(index) = run.session.shown_choice(position) else {
                    continue;
                };
                answer(&mut run, &db, &settings, &mut problem, &mut events, index, None, votes);
            }
            RunCommand::Voted { .. } => {}
            RunCommand::Restart => {
                db.write(&mut problem, |store| run.recorder.discard(store));
                starts.write(StartRun {
                    pair: run.pair.clone(),
                    class_vote: run.class_vote.clone(),
                    ..StartRun::new(Arc::clone(run.session.scenario()))
                });
            }
            RunCommand::TryFrom(step) if run.session.is_over() && run.pair.is_none() && run.class_vote.is_none() => {
                let picks: Vec<(usize, Option<u8>)> = run
                    .session
                    .history()
                    .take(step)
                    .map(|(_, s)| (s.choice, s.sincerity))
                    .collect();
                starts.write(StartRun {
                    practice: Some(Practice {
                        seed: run.session.seed(),
                        picks,
                    }),
                    ..StartRun::new(Arc::clone(run.session.scenario()))
                });
            }
            RunCommand::TryFrom(_) => {}
            RunCommand::Continue if !continued => {
                continued = true;
                match run.phase {
                    Phase::Reveal => run.phase = Phase::Choosing,
                    Phase::Feedback | Phase::Closed if run.session.is_over() => {
                        events.write(RunEvent::Finished);
                    }
                    Phase::Feedback | Phase::Closed => {
                        run.phase = Phase::Reveal;
                        events.write(RunEvent::LineShown);
                    }
                    Phase::Choosing | Phase::Rating(_) => {}
                }
            }
            RunCommand::Continue => {}
            // In a class vote the class answers, by its votes: a stray number key on the projector's
            // keyboard plays nothing.
            RunCommand::Answer(_) if run.class_vote.is_some() => {}
            RunCommand::Answer(position) if run.phase == Phase::Choosing => {
                // Answers arrive by the position shown; the session names choices by file index.
                let Some(index) = run.session.shown_choice(position) else {
                    continue;
                };
                if run.pair.is_some() && run.session.wants_rating(index) {
                    run.phase = Phase::Rating(index);
                    continue;
                }
                answer(&mut run, &db, &settings, &mut problem, &mut events, index, None, &[]);
            }
            RunCommand::Rate(rating) => {
                if let Phase::Rating(index) = run.phase {
                    answer(
                        &mut run,
                        &db,
                        &settings,
                        &mut problem,
                        &mut events,
                        index,
                        Some(rating),
                        &[],
                    );
                }
            }
            RunCommand::Answer(_) => {}
        }
    }
}

/// Plays choice `index`, records it, re-sends the engine's events and moves the run to its next phase.
fn answer(
    run: &mut ActiveRun,
    db: &ResultsDb,
    settings: &Settings,
    problem: &mut SaveProblem,
    events: &mut MessageWriter<RunEvent>,
    index: usize,
    rating: Option<u8>,
    votes: &[Vote],
) {
    let elapsed = run.shown_at.elapsed().as_millis() as i64;
    let store = db.lock();
    let chosen = if run.class_vote.is_some() {
        run.recorder
            .choose_with_votes(store.as_deref(), &mut run.session, index, votes, elapsed)
            .map_err(|e| e.to_string())
    } else {
        run.recorder
            .choose(store.as_deref(), &mut run.session, index, rating, elapsed)
            .map_err(|e| e.to_string())
    };
    let played = match chosen {
        Ok(played) => played,
        Err(e) => {
            warn!("choice {} cannot be played: {e}", index + 1);
            return;
        }
    };
    drop(store);
    if let Err(e) = played.saved {
        // The recorder has stopped recording this attempt (later decisions would be stored out of step):
        // say so, and play on.
        error!("results database: {e}");
        *problem = SaveProblem::attempt(e);
    }
    run.shown_at = std::time::Instant::now();
    let closed = played
        .events
        .iter()
        .any(|e| matches!(e, DialogueEvent::AccountClosed { .. }));
    events.write_batch(played.events.into_iter().map(RunEvent::Engine));
    run.phase = if closed {
        Phase::Closed
    } else if settings.feedback_after_choice || run.class_vote.is_some() {
        Phase::Feedback
    } else if run.session.is_over() {
        events.write(RunEvent::Finished);
        Phase::Feedback
    } else {
        events.write(RunEvent::LineShown);
        Phase::Reveal
    };
}
