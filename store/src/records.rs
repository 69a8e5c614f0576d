//! The rows the store hands out: attempts, their decisions, profiles and class sessions.

use std::collections::HashSet;

use goodwill_engine::{
    AntiPattern, Bilingual, DialogueEvent, GOLDEN_STEP_COUNT, GoldenChecklist, Outcome, Principle, Session,
    SessionError, StepRecord,
};
use serde::{Deserialize, Serialize};

use crate::names::clean_name;
use crate::reflection::{Plan, Reflection};
use crate::votes::{Vote, VoteSplit};

/// How an attempt was played.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Self-study or a class turn: one trainee plays the agent against the scripted customer.
    Solo,
    /// Classroom pair exercise: one trainee is the agent, another voices the customer and rates sincerity.
    Pair,
    /// "Try another answer at step N" after a debrief: a branch of a finished attempt, kept apart from
    /// the trainee's results (it is never counted as an attempt).
    Practice,
    /// A class vote: the whole class answers the case together from their phones, the majority's answer
    /// (or the trainer's pick) is played, and every trainee's vote is kept with each decision. The attempt
    /// is the class session's, never a trainee's: its `profile` is the class session's name (see
    /// [`NewAttempt::class_vote`]), it is credited to nobody's progress and offered to nobody to resume.
    ClassVote,
}

impl Mode {
    pub fn code(self) -> &'static str {
        match self {
            Mode::Solo => "solo",
            Mode::Pair => "pair",
            Mode::Practice => "practice",
            Mode::ClassVote => "class_vote",
        }
    }

    pub fn from_code(code: &str) -> Mode {
        match code {
            "pair" => Mode::Pair,
            "practice" => Mode::Practice,
            "class_vote" => Mode::ClassVote,
            _ => Mode::Solo,
        }
    }
}

/// What is known when an attempt starts.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAttempt {
    /// The trainee playing the agent.
    pub profile: String,
    pub scenario: String,
    pub scenario_version: u32,
    pub seed: u64,
    pub class: Option<String>,
    pub mode: Mode,
    /// The trainee voicing the customer in a pair exercise.
    pub customer_player: Option<String>,
    /// A third trainee ticking the observer checklist, if any.
    pub observer: Option<String>,
    /// Links the two rounds of one pair exercise.
    pub pair_id: Option<String>,
    /// 1 or 2 in a pair exercise.
    pub round: Option<u8>,
}

impl NewAttempt {
    /// A self-study attempt.
    pub fn solo(profile: &str, scenario: &str, scenario_version: u32, seed: u64) -> Self {
        NewAttempt {
            profile: profile.to_owned(),
            scenario: scenario.to_owned(),
            scenario_version,
            seed,
            class: None,
            mode: Mode::Solo,
            customer_player: None,
            observer: None,
            pair_id: None,
            round: None,
        }
    }

    /// A class vote of class session `class` (which must exist when the first decision is written): the
    /// attempt's `profile` and `class` are both the class session's name. No trainee profile is made for
    /// it, and the store never counts it as any trainee's attempt, even one who shares the class's name.
    pub fn class_vote(class: &str, scenario: &str, scenario_version: u32, seed: u64) -> Self {
        NewAttempt {
            class: Some(class.to_owned()),
            mode: Mode::ClassVote,
            ..NewAttempt::solo(class, scenario, scenario_version, seed)
        }
    }

    /// A class vote names its class session, carries that name as its profile, and has none of a pair
    /// round's roles. Other modes pass. (An import applies the same rule in `rules/`.)
    pub(crate) fn check_class_vote(&self) -> crate::Result<()> {
        if self.mode != Mode::ClassVote {
            return Ok(());
        }
        let bad = |why: &str| Err(crate::StoreError::Invalid(format!("a class vote {why}")));
        let Some(class) = &self.class else {
            return bad("belongs to a class session: name it");
        };
        if clean_name("class session", class)? != clean_name("class session", &self.profile)? {
            return bad("is the class session's attempt: its profile must be the class session's name");
        }
        if self.customer_player.is_some() || self.observer.is_some() || self.pair_id.is_some() || self.round.is_some() {
            return bad("has no customer player, observer, pair or round");
        }
        Ok(())
    }
}

/// One decision as it is recorded: enough to replay the transcript without the scenario file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TranscriptStep {
    pub narration: Option<Bilingual>,
    /// What the customer said before the agent answered.
    pub customer: Bilingual,
    /// The answer, its score and its feedback, as the engine recorded it (with the order shown).
    pub step: StepRecord,
    /// The options offered, in the order shown (`step.shown`): the answers not taken, for the replay.
    /// Empty in records made before choices were shuffled.
    #[serde(default)]
    pub options: Vec<ShownOption>,
}

/// An option the agent was offered at a step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShownOption {
    pub text: Bilingual,
    /// Its immediate score (effect, plus promises kept, less twice promises broken): how good it was.
    pub score: i32,
}

/// A decision to record, as the agent makes it.
#[derive(Debug, Clone, PartialEq)]
pub struct DecisionInput {
    pub transcript: TranscriptStep,
    /// Time from the choices appearing to the pick.
    pub time_taken_ms: i64,
    /// The class's votes at this step, in a class-vote attempt (empty otherwise): written in the same
    /// transaction as the decision. Set by [`crate::AttemptRecorder::choose_with_votes`].
    pub votes: Vec<Vote>,
}

impl DecisionInput {
    /// Plays choice `index` (0-based) on `session` and returns its events with the decision to record:
    /// the customer's line the agent answered, and the engine's scoring of the answer.
    pub fn play(
        session: &mut Session,
        index: usize,
        sincerity: Option<u8>,
        time_taken_ms: i64,
    ) -> Result<(Vec<DialogueEvent>, DecisionInput), SessionError> {
        let narration = session.current_narration().cloned();
        let customer = session.current_line().cloned().unwrap_or_default();
        let options = match session.current_node() {
            Some(node) => session
                .offered()
                .iter()
                .map(|&i| ShownOption {
                    text: node.choices[i].text.clone(),
                    score: goodwill_engine::account::immediate_score(session.scenario(), &node.choices[i]),
                })
                .collect(),
            None => Vec::new(),
        };
        let events = session.choose_rated(index, sincerity)?;
        let step = session.last_step().cloned().ok_or(SessionError::Finished)?;
        let decision = DecisionInput {
            transcript: TranscriptStep {
                narration,
                customer,
                step,
                options,
            },
            time_taken_ms,
            votes: Vec::new(),
        };
        Ok((events, decision))
    }
}

/// A choice played by [`play_and_record`]: what the engine said, and whether the record was written.
#[derive(Debug)]
pub struct Played {
    pub events: Vec<DialogueEvent>,
    /// `Ok` when the decision was written (or nothing was being recorded); the write's error otherwise.
    pub saved: crate::Result<()>,
}

/// Plays choice `index` (0-based, file order) and, when `record_into` names a store and an attempt,
/// records the decision there — with the attempt's result when this choice ended the case — in one
/// write, so a kill cannot keep one without the other. The choice is played even when the write fails:
/// the caller keeps playing and tells the player the results are not being saved.
pub fn play_and_record(
    session: &mut Session,
    index: usize,
    sincerity: Option<u8>,
    time_taken_ms: i64,
    record_into: Option<(&crate::Store, &str)>,
) -> Result<Played, SessionError> {
    let (events, decision) = DecisionInput::play(session, index, sincerity, time_taken_ms)?;
    let saved = match record_into {
        Some((store, attempt)) => store
            .record_decision_and_finish(attempt, &decision, session.report())
            .map(|_| ()),
        None => Ok(()),
    };
    Ok(Played { events, saved })
}

/// An attempt as stored, finished or not.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attempt {
    pub id: String,
    pub profile: String,
    pub scenario: String,
    pub scenario_version: u32,
    pub seed: u64,
    pub started_at: i64,
    pub finished_at: Option<i64>,
    pub discarded: bool,
    pub outcome: Option<Outcome>,
    pub final_balance: Option<i32>,
    pub account_closed: Option<bool>,
    /// Balance at the start and after every step (and after settlement); filled in when finished.
    pub timeline: Vec<i32>,
    pub golden_applied: Vec<Principle>,
    pub golden_missed: Vec<Principle>,
    pub anti_patterns: Vec<AntiPattern>,
    pub class: Option<String>,
    pub mode: Mode,
    pub customer_player: Option<String>,
    pub observer: Option<String>,
    pub pair_id: Option<String>,
    pub round: Option<u8>,
    /// How many decisions are recorded.
    pub steps: u32,
    /// The trainee's judgement beside the outcome, 0–100 (see `goodwill_engine::accuracy`): `None` while
    /// unfinished, for attempts recorded before accuracy, or when it could not be reckoned.
    #[serde(default)]
    pub accuracy: Option<u8>,
}

impl Attempt {
    pub fn is_finished(&self) -> bool {
        self.finished_at.is_some()
    }

    /// Whether this is a class vote: the class session's attempt, whose `profile` is the class's name.
    pub fn is_class_vote(&self) -> bool {
        self.mode == Mode::ClassVote
    }

    /// Whether `trainee` played in this attempt: as its trainee, or in a pair round as the customer's voice
    /// or the observer. Never for a class vote, which is the class's (even for a trainee who shares the
    /// class session's name, or voted in it): nobody resumes it, or is credited with it, as their own.
    pub fn involves(&self, trainee: &str) -> bool {
        self.mode != Mode::ClassVote && self.profile == trainee
            || self.mode == Mode::Pair
                && (self.customer_player.as_deref() == Some(trainee) || self.observer.as_deref() == Some(trainee))
    }

    /// Where the attempt stands on each golden step (all "not offered" while unfinished).
    pub fn golden_checklist(&self) -> GoldenChecklist {
        GoldenChecklist::from_lists(&self.golden_applied, &self.golden_missed)
    }
}

/// One recorded decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    pub step: u32,
    pub node: String,
    pub choice: usize,
    pub balance_after: i32,
    pub delta: i32,
    pub time_taken_ms: i64,
    pub decided_at: i64,
    pub sincerity: Option<u8>,
    pub transcript: TranscriptStep,
    /// In a class vote, every seat's vote at this step, sorted by voter (empty otherwise, and left out of
    /// an export file then, so files without class votes read as before).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub votes: Vec<Vote>,
}

impl Decision {
    /// How the class split at this step: votes per choice shown (in the order shown, zeros included),
    /// the best answer(s) by immediate score, and the choice played. For a decision without votes every
    /// count is 0.
    pub fn vote_split(&self) -> VoteSplit {
        let step = &self.transcript.step;
        let scores: Vec<i32> = self.transcript.options.iter().map(|o| o.score).collect();
        VoteSplit::new(&step.shown, &scores, &self.votes, self.choice)
    }
}

/// A trainee.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    pub name: String,
    pub created_at: i64,
}

/// A trainer's class session: who is in it and which scenarios they play.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassSession {
    pub name: String,
    pub created_at: i64,
    pub trainees: Vec<String>,
    pub scenarios: Vec<String>,
}

/// The observer's checklist for one attempt: golden step number (1–[`GOLDEN_STEP_COUNT`]) → seen applied
/// or not.
///
/// [`GOLDEN_STEP_COUNT`]: goodwill_engine::GOLDEN_STEP_COUNT
pub type ObserverMarks = Vec<(u8, bool)>;

/// An observer's checklist names each golden step (1–[`GOLDEN_STEP_COUNT`]) at most once.
pub(crate) fn check_observer_marks(marks: &ObserverMarks) -> Result<(), String> {
    let mut marked = HashSet::new();
    for &(step, _) in marks {
        if !(1..=GOLDEN_STEP_COUNT).contains(&usize::from(step)) || !marked.insert(step) {
            return Err(format!(
                "observer mark for golden step {step} is not valid (steps 1–{GOLDEN_STEP_COUNT}, once each)"
            ));
        }
    }
    Ok(())
}

/// The accuracy an attempt carries agrees with its decisions' reviews, as the engine records them: each
/// review's class is the one its loss earns, and the attempt's accuracy (when given) is the one its
/// reviews earn, which needs every decision reviewed.
pub(crate) fn check_accuracy(exported: &ExportedAttempt) -> Result<(), String> {
    use goodwill_engine::accuracy::{Class, accuracy_percent};
    for (i, d) in exported.decisions.iter().enumerate() {
        if let Some(review) = d.transcript.step.review
            && (!(0..=MAX_LOSS).contains(&review.loss) || review.class != Class::of(review.loss))
        {
            return Err(format!(
                "decision {}: a loss of {} points is not classed `{}`",
                i + 1,
                review.loss,
                review.class.code()
            ));
        }
    }
    if let Some(accuracy) = exported.attempt.accuracy {
        let earned = accuracy_percent(exported.decisions.iter().map(|d| d.transcript.step.review));
        if earned != Some(accuracy) {
            return Err(match earned {
                Some(earned) => {
                    format!("accuracy {accuracy} % does not match its decisions' reviews (they earn {earned} %)")
                }
                None => format!("accuracy {accuracy} % is given, but not every decision carries its review"),
            });
        }
    }
    Ok(())
}

/// The largest loss a review can carry: more than the balance's whole range plus every deposit a file
/// could have swallowed is not a loss the engine reckons.
const MAX_LOSS: i32 = 1_000_000;

/// The `format` field of every export file.
pub const FORMAT: &str = "goodwill-results";
/// Bumped when the file layout changes incompatibly: the newest version this build reads. 2 added class
/// votes (mode `class_vote`, votes on decisions), which an older build cannot read; a file without a class
/// vote is still written as [`FORMAT_VERSION_WITHOUT_CLASS_VOTES`], so older builds go on reading it.
pub const FORMAT_VERSION: u32 = 2;
/// The version of an export file that carries no class vote: its layout is the one older builds read.
pub const FORMAT_VERSION_WITHOUT_CLASS_VOTES: u32 = 1;

/// The contents of an export file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Exchange {
    pub format: String,
    pub version: u32,
    pub exported_at: i64,
    pub profiles: Vec<Profile>,
    pub classes: Vec<ClassSession>,
    pub attempts: Vec<ExportedAttempt>,
    /// The class sessions' group games (003's promise and responsibility games); left out when there are
    /// none, so such a file reads as before.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub group_games: Vec<crate::group_games::GroupGame>,
}

/// A finished attempt with everything recorded about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportedAttempt {
    pub attempt: Attempt,
    pub decisions: Vec<Decision>,
    #[serde(default)]
    pub observer_marks: ObserverMarks,
    /// The trainee's answers to the case's reflection questions (left out of the file when none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reflections: Vec<Reflection>,
    /// The improvement plan made at the end of the debrief, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<Plan>,
}
