//! One attempt's life in the results, the same for the terminal (`goodwill play --text`, `attempts
//! resume`) and the game's runner: created with its first decision, one write per decision, resumed
//! only on the scenario version it was played on, finished on resume if a kill left it unfinished.
//! A class vote goes through the same recorder, each decision written with the class's votes
//! ([`AttemptRecorder::choose_with_votes`]).

use std::sync::Arc;

use goodwill_engine::{Scenario, Session, SessionError};

use crate::error::{Result, StoreError};
use crate::names::clean_name;
use crate::records::{DecisionInput, Mode, NewAttempt, Played};
use crate::store::Store;
use crate::votes::{Vote, checked_votes};

/// Records one playthrough's decisions into one attempt. It holds no session and no store: the caller
/// owns the session (the game keeps it in a resource the views read) and lends the store per decision
/// (the game's sits behind a lock).
#[derive(Debug, Clone, PartialEq)]
pub struct AttemptRecorder {
    state: State,
    /// Whether the attempt is a class vote: only then may a decision carry votes.
    class_vote: bool,
}

#[derive(Debug, Clone, PartialEq)]
enum State {
    /// Nothing is recorded: nobody signed in, or no results database.
    Off,
    /// The attempt to create with the first decision.
    ///
    /// Why then, and not when the case opens: an attempt's content is its decisions. Before the first
    /// one there is nothing a trainee did that could be lost — a new start draws a new seed, as a resumed
    /// empty attempt would have started over anyway — while a row created at the start stays behind,
    /// empty, every time someone opens a case and leaves. Creating it in the same transaction as the first
    /// decision means even a kill between the two cannot leave an empty attempt, and a choice that does
    /// not play (a bad `--choices` number) writes nothing.
    Pending(NewAttempt),
    /// Decisions go into this attempt.
    Recording(String),
    /// A write failed: later decisions would be stored out of step with the ones missing, so nothing more
    /// is written for this playthrough (the caller says so and plays on, or stops).
    Stopped,
}

/// Why a class's votes were refused by [`AttemptRecorder::choose_with_votes`]. Either way the choice did
/// not play and nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum VoteError {
    /// A vote for a choice not offered at this step, a voter twice, a name that is not valid, or votes
    /// in an attempt that is not a class vote.
    #[error("the class's votes cannot be recorded: {0}")]
    Votes(String),
    /// The choice itself cannot be played (the engine's reason).
    #[error(transparent)]
    Play(#[from] SessionError),
}

/// Why an unfinished attempt cannot be picked up. Every refusal leaves the attempt as it was: it stays
/// on record, and on offer until it is discarded.
#[derive(Debug, thiserror::Error)]
pub enum ResumeError {
    #[error("attempt {id} is already finished")]
    Finished { id: String },
    #[error("attempt {id} was discarded")]
    Discarded { id: String },
    #[error("attempt {id} was played on scenario `{recorded}`, not `{given}`")]
    OtherScenario {
        id: String,
        recorded: String,
        given: String,
    },
    /// The case was rewritten since: replaying the decisions on the new text would grade answers the
    /// trainee never saw, so the attempt is never continued against another version.
    #[error(
        "attempt {id} was played on version {recorded} of `{scenario}`, which is now version {current}: \
         it cannot be resumed on another version, and is kept as it was"
    )]
    VersionChanged {
        id: String,
        scenario: String,
        recorded: u32,
        current: u32,
    },
    /// A row written by hand or by an old import may hold any choice at all.
    #[error("attempt {id}: recorded decision {step} no longer fits the scenario ({reason})")]
    NoLongerFits {
        id: String,
        step: usize,
        reason: SessionError,
    },
    /// The game at a shared machine resumes only the signed-in trainee's attempts: another trainee's
    /// answers must never be recorded as theirs.
    #[error("attempt {id} belongs to {owner}, not to {trainee}: only {owner} can resume it")]
    OtherTrainee { id: String, owner: String, trainee: String },
    /// A class vote is the class's, not one trainee's: it goes on only as a class vote
    /// ([`AttemptRecorder::resume_class_vote`]), never as someone's own attempt.
    #[error(
        "attempt {id} is a class vote of class session {class}: it is the class's, not one trainee's, and goes \
         on only as a class vote"
    )]
    ClassVote { id: String, class: String },
    /// [`AttemptRecorder::resume_class_vote`] was given an attempt that is not a class vote.
    #[error("attempt {id} is not a class vote")]
    NotClassVote { id: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The scenario's title, for the finished attempt's xAPI statements (the outbox names the case by it).
fn note_title(store: &Store, session: &Session) {
    let scenario = session.scenario();
    store.note_scenario_titles([(scenario.id.clone(), scenario.title.clone())]);
}

impl AttemptRecorder {
    /// Records into a new attempt, created with the first decision. The names are checked now, so a bad
    /// one is refused before the first answer rather than after it.
    ///
    /// A class vote ([`NewAttempt::class_vote`]) is refused unless it names its class session as its
    /// profile and has no pair roles; whether that class session exists is checked with the first write.
    pub fn new(attempt: NewAttempt) -> Result<Self> {
        clean_name("trainee", &attempt.profile)?;
        for name in [&attempt.customer_player, &attempt.observer].into_iter().flatten() {
            clean_name("trainee", name)?;
        }
        attempt.check_class_vote()?;
        Ok(AttemptRecorder {
            class_vote: attempt.mode == Mode::ClassVote,
            state: State::Pending(attempt),
        })
    }

    /// Records nothing.
    pub fn off() -> Self {
        AttemptRecorder {
            state: State::Off,
            class_vote: false,
        }
    }

    /// Picks unfinished attempt `id` up on `scenario`: checks it may go on, replays its decisions with
    /// its seed, and returns the session where it stopped with a recorder that goes on writing into the
    /// same attempt. An attempt whose every decision is stored but which a kill left unfinished (an older
    /// build finished in a separate write) is finished here; the session comes back over.
    ///
    /// A class vote is refused ([`ResumeError::ClassVote`]): it is nobody's own attempt to continue.
    pub fn resume(store: &Store, id: &str, scenario: Arc<Scenario>) -> Result<(Session, Self), ResumeError> {
        Self::resume_as(store, id, scenario, false)
    }

    /// [`AttemptRecorder::resume`] for a class vote that a closed window or a kill left unfinished (the
    /// trainer opens the class vote again): the same checks, and the recorder goes on taking the class's
    /// votes with [`AttemptRecorder::choose_with_votes`]. Refuses an attempt that is not a class vote
    /// ([`ResumeError::NotClassVote`]).
    pub fn resume_class_vote(store: &Store, id: &str, scenario: Arc<Scenario>) -> Result<(Session, Self), ResumeError> {
        Self::resume_as(store, id, scenario, true)
    }

    fn resume_as(
        store: &Store,
        id: &str,
        scenario: Arc<Scenario>,
        class_vote: bool,
    ) -> Result<(Session, Self), ResumeError> {
        let crate::Resume { attempt, picks } = store.resume(id)?;
        match (attempt.is_class_vote(), class_vote) {
            (true, false) => {
                return Err(ResumeError::ClassVote {
                    class: attempt.class.unwrap_or(attempt.profile),
                    id: attempt.id,
                });
            }
            (false, true) => return Err(ResumeError::NotClassVote { id: attempt.id }),
            _ => {}
        }
        let finished = attempt.is_finished();
        let id = attempt.id;
        if finished {
            return Err(ResumeError::Finished { id });
        }
        if attempt.discarded {
            return Err(ResumeError::Discarded { id });
        }
        if scenario.id != attempt.scenario {
            return Err(ResumeError::OtherScenario {
                id,
                recorded: attempt.scenario,
                given: scenario.id.clone(),
            });
        }
        if scenario.version != attempt.scenario_version {
            return Err(ResumeError::VersionChanged {
                id,
                scenario: attempt.scenario,
                recorded: attempt.scenario_version,
                current: scenario.version,
            });
        }
        let (session, stopped) = Session::replay(scenario, attempt.seed, &picks);
        if let Some(reason) = stopped {
            return Err(ResumeError::NoLongerFits {
                step: session.choices().len() + 1,
                id,
                reason,
            });
        }
        if let Some(report) = session.report() {
            note_title(store, &session);
            store.finish_attempt(&id, report)?;
        }
        Ok((
            session,
            AttemptRecorder {
                state: State::Recording(id),
                class_vote,
            },
        ))
    }

    /// [`AttemptRecorder::resume`] for `trainee`, the one signed in at a shared machine: refused with
    /// [`ResumeError::OtherTrainee`] unless the attempt is theirs (or a pair round they played in), so the
    /// next trainee's answers are never recorded into someone else's attempt. The attempt is kept as it was.
    /// A class vote is nobody's: refused with [`ResumeError::ClassVote`].
    pub fn resume_for(
        store: &Store,
        id: &str,
        scenario: Arc<Scenario>,
        trainee: &str,
    ) -> Result<(Session, Self), ResumeError> {
        let attempt = store.find_attempt(id)?;
        if attempt.is_class_vote() {
            return Err(ResumeError::ClassVote {
                class: attempt.class.unwrap_or(attempt.profile),
                id: attempt.id,
            });
        }
        if !attempt.involves(trainee) {
            return Err(ResumeError::OtherTrainee {
                id: attempt.id,
                owner: attempt.profile,
                trainee: trainee.to_owned(),
            });
        }
        Self::resume(store, &attempt.id, scenario)
    }

    /// Plays choice `index` (0-based, file order) on `session` and records it: creating the attempt with
    /// the first decision, and finishing it in the same write when the choice ended the case. The choice
    /// is played even when the write fails (`Played::saved` says so, and recording stops); `store` is
    /// `None` only when nothing is being recorded. An error means the choice did not play, and nothing
    /// was written.
    ///
    /// In a class vote this records a step nobody voted at (the trainer picked); with votes, use
    /// [`AttemptRecorder::choose_with_votes`].
    pub fn choose(
        &mut self,
        store: Option<&Store>,
        session: &mut Session,
        index: usize,
        sincerity: Option<u8>,
        time_taken_ms: i64,
    ) -> Result<Played, SessionError> {
        let (events, decision) = DecisionInput::play(session, index, sincerity, time_taken_ms)?;
        Ok(self.write(store, session, events, decision))
    }

    /// A class vote's step: plays choice `index` (0-based, file order: the majority's answer, or the one
    /// the trainer picked instead — it need not be the most voted) on `session` and records it with
    /// `votes`, the class's votes at this step, in the same transaction as the decision (and the result,
    /// when the case ended). One vote per voter; each vote's choice must be one offered at this step
    /// (`session.offered()`); voters are seat names (a trainee of the class or an anonymous seat), cleaned
    /// as trainee names are. The store keeps them sorted by voter; read them back with
    /// [`crate::Decision::votes`] and [`crate::Decision::vote_split`].
    ///
    /// Bad votes — or any votes when this recorder records an attempt that is not a class vote — are
    /// refused with [`VoteError::Votes`] before anything plays: the session is as it was and nothing is
    /// written. An engine refusal is [`VoteError::Play`], likewise with nothing played. Otherwise the
    /// choice plays, and [`Played::saved`] says whether the write succeeded, as with
    /// [`AttemptRecorder::choose`]. With [`AttemptRecorder::off`] the votes are checked and nothing is
    /// written.
    pub fn choose_with_votes(
        &mut self,
        store: Option<&Store>,
        session: &mut Session,
        index: usize,
        votes: &[Vote],
        time_taken_ms: i64,
    ) -> Result<Played, VoteError> {
        let recording = matches!(self.state, State::Pending(_) | State::Recording(_));
        if recording && !self.class_vote && !votes.is_empty() {
            return Err(VoteError::Votes(
                "this attempt is not a class vote: votes are recorded only in a class-vote attempt".into(),
            ));
        }
        let votes = checked_votes(votes, session.offered()).map_err(VoteError::Votes)?;
        let (events, mut decision) = DecisionInput::play(session, index, None, time_taken_ms)?;
        decision.votes = votes;
        Ok(self.write(store, session, events, decision))
    }

    /// Writes a decision just played (creating the attempt with the first one); after a failed write,
    /// recording stops.
    fn write(
        &mut self,
        store: Option<&Store>,
        session: &Session,
        events: Vec<goodwill_engine::DialogueEvent>,
        decision: DecisionInput,
    ) -> Played {
        if let (Some(store), Some(_)) = (store, session.report()) {
            note_title(store, session);
        }
        let saved = match (&self.state, store) {
            (State::Off | State::Stopped, _) => Ok(()),
            (State::Pending(_) | State::Recording(_), None) => {
                Err(StoreError::Invalid("no results database to record into".into()))
            }
            (State::Pending(new), Some(store)) => store
                .start_attempt_with(new, &decision, session.report())
                .map(|id| self.state = State::Recording(id)),
            (State::Recording(id), Some(store)) => store
                .record_decision_and_finish(id, &decision, session.report())
                .map(drop),
        };
        if saved.is_err() {
            self.state = State::Stopped;
        }
        Played { events, saved }
    }

    /// Whether this recorder records a class vote.
    pub fn is_class_vote(&self) -> bool {
        self.class_vote
    }

    /// The attempt's id, once its first decision is stored and while it is being recorded.
    pub fn attempt(&self) -> Option<&str> {
        match &self.state {
            State::Recording(id) => Some(id),
            _ => None,
        }
    }

    /// Sets the attempt aside (the trainee starts the case again): it stays on record, no longer offered
    /// for resuming, and nothing more is written. Before the first decision there is nothing to set aside.
    pub fn discard(&mut self, store: &Store) -> Result<()> {
        let state = std::mem::replace(&mut self.state, State::Off);
        match state {
            State::Recording(id) => store.discard_attempt(&id),
            _ => Ok(()),
        }
    }
}
