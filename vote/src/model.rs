//! What a class vote passes between the game and the room: a step put to the vote, its tally, what was
//! played, the ending, and the projector's snapshot. Plain data; the room (`room.rs`) decides.

use goodwill_engine::Bilingual;
use serde::Serialize;

/// One step put to the class: the customer's line and the answers the engine offers there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoteStep {
    /// The step's number in the run (0-based), as the game counts decisions.
    pub index: usize,
    pub narration: Option<Bilingual>,
    pub customer: Bilingual,
    /// The answers offered, in the engine's shown order (each phone shows its own shuffle of them).
    pub options: Vec<VoteOption>,
}

/// One answer offered at a step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoteOption {
    /// The choice's index in the scenario file: what the engine plays. Never sent to a phone.
    pub choice: usize,
    pub text: Bilingual,
}

/// The votes of one step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tally {
    pub step: usize,
    /// How many seats the room had when the tally was taken.
    pub seats: usize,
    /// Every offered choice (file index) with its votes, in the order the step offered them; zero counts
    /// are kept so the projector's bars show every answer.
    pub counts: Vec<(usize, u32)>,
    /// Each voter's choice (file index), in join order.
    pub votes: Vec<(String, usize)>,
}

/// Which answer the class picked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Majority {
    /// One answer had the most votes.
    Clear(usize),
    /// These answers (file indices, in offered order) share the most votes: the trainer picks.
    Tie(Vec<usize>),
    /// Nobody voted.
    NoVotes,
}

impl Tally {
    pub fn majority(&self) -> Majority {
        let top = self.counts.iter().map(|&(_, n)| n).max().unwrap_or(0);
        if top == 0 {
            return Majority::NoVotes;
        }
        let leaders: Vec<usize> = self
            .counts
            .iter()
            .filter(|&&(_, n)| n == top)
            .map(|&(c, _)| c)
            .collect();
        match leaders.as_slice() {
            [one] => Majority::Clear(*one),
            _ => Majority::Tie(leaders),
        }
    }

    /// How many seats voted.
    pub fn voted(&self) -> usize {
        self.votes.len()
    }

    /// The votes one choice (file index) got.
    pub fn count_of(&self, choice: usize) -> u32 {
        self.counts.iter().find(|&&(c, _)| c == choice).map_or(0, |&(_, n)| n)
    }
}

/// What was played at a step, for the phones' outcome screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepOutcome {
    pub step: usize,
    /// The answer the agent said.
    pub played: Bilingual,
    /// How the account moved, in words ("+12, balance 34").
    pub account: Bilingual,
    /// Why that answer works or fails.
    pub feedback: Bilingual,
}

/// The end of the case, for the phones' last screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoteSummary {
    pub title: Bilingual,
    pub epilogue: Bilingual,
    /// One line per step: how the class split.
    pub split: Vec<Bilingual>,
}

/// Where the room stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Seats fill; no step yet.
    Lobby,
    /// A step is open for votes.
    Voting,
    /// The step's votes are closed; the answer is being chosen.
    Closed,
    /// What was played is shown.
    Outcome,
    /// The case is over.
    Finished,
}

/// The projector's snapshot, cheap enough to take every frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoomView {
    /// Seated names in join order.
    pub seats: Vec<String>,
    /// Seats the trainer released for another phone, not yet taken again.
    pub away: Vec<String>,
    /// Seats that voted at the current (or just closed) step.
    pub voted: usize,
    /// The step open for votes, if one is.
    pub open_step: Option<usize>,
    /// Every seat voted at the open step (and there is at least one seat).
    pub everyone_voted: bool,
    pub phase: Phase,
}
