//! The session state machine: (scenario, seed, choices) → the same events, balance timeline and report.
//!
//! Like a dialogue runtime it knows nothing about presentation: the caller asks what the customer says
//! and which choices are offered, passes the player's pick to [`Session::choose`], and renders the
//! [`DialogueEvent`]s that come back. The scoring itself lives in [`AccountState::apply_choice`], which the
//! analyser reuses.
//!
//! Choices are always named by their index in the file ("identity"); the order they are *shown* in is
//! drawn from the seed at every node ([`Session::offered`]), so no position predicts the best answer,
//! and it is recorded in every [`StepRecord`] so a replay shows exactly what the trainee saw.

use std::sync::Arc;

use rand::{RngExt, SeedableRng, rngs::ChaCha8Rng};
use serde::Serialize;

use crate::account::{AccountState, Entry, Mood, Outcome};
use crate::accuracy::{self, Judge};
use crate::graph::{self, ChoiceTargets};
use crate::principles::Principle;
use crate::report::{Report, ReportInput, StepRecord};
use crate::schema::{Node, PromiseDef, Scenario};
use crate::text::Bilingual;

/// The random stream that orders choices, apart from the one that picks wordings, so adding a wording
/// does not reshuffle every later node.
const ORDER_STREAM: u64 = 1;

/// What happened, in order, for a view to present.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum DialogueEvent {
    /// The conversation reached a node: show the narration (if any) and the customer's line.
    CustomerSpeaks {
        node: String,
        narration: Option<Bilingual>,
        line: Bilingual,
    },
    /// The agent said something.
    AgentSays {
        node: String,
        choice: usize,
        text: Bilingual,
    },
    /// The account moved.
    Account(Entry),
    /// The agent made a promise that is now owed.
    PromiseOpened { id: String, text: Bilingual },
    /// The customer's mood band changed.
    MoodChanged { from: Mood, to: Mood },
    /// The balance fell below zero: the account is closed and the customer is gone.
    AccountClosed { balance: i32 },
    /// The case is over.
    Finished { outcome: Outcome, balance: i32 },
}

/// A mistake the caller made driving the session.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SessionError {
    #[error("choice {number} does not exist here: node `{node}` has {count} choices (1–{count})")]
    NoSuchChoice { node: String, number: usize, count: usize },
    #[error("choice {number} of node `{node}` is not offered on this path (it needs: {needs})")]
    NotOffered { node: String, number: usize, needs: String },
    #[error("the scenario is already over")]
    Finished,
}

/// One playthrough in progress.
#[derive(Debug)]
pub struct Session {
    scenario: Arc<Scenario>,
    seed: u64,
    /// Picks the customer's wording.
    rng: ChaCha8Rng,
    /// Orders the offered choices.
    order_rng: ChaCha8Rng,
    state: AccountState,
    /// Index of the node waiting for a choice; `None` once finished.
    node: Option<usize>,
    line: Bilingual,
    narration: Option<Bilingual>,
    /// The current node's offered choices (file indices) in the order shown.
    offered: Vec<usize>,
    choices: Vec<usize>,
    steps: Vec<StepRecord>,
    /// The customer's line (as worded this run) that each step answered.
    heard: Vec<Bilingual>,
    timeline: Vec<i32>,
    /// Principles applied by any choice offered so far (for "missed" versus "not offered").
    offered_principles: Vec<Principle>,
    events: Vec<DialogueEvent>,
    report: Option<Report>,
    /// Where each choice leads, resolved once (a step must not search the node list), and the best final
    /// balances reachable, memoised: each step's accuracy review.
    judge: Arc<Judge>,
}

impl Session {
    /// Starts a run. The opening events (the first customer line) are in [`Self::events`].
    pub fn new(scenario: Arc<Scenario>, seed: u64) -> Self {
        let targets = Arc::new(graph::choice_targets(&scenario));
        Self::with_targets(scenario, seed, targets)
    }

    /// Like [`Self::new`], reusing targets resolved once for many runs of the same scenario.
    pub fn with_targets(scenario: Arc<Scenario>, seed: u64, targets: Arc<ChoiceTargets>) -> Self {
        Self::with_judge(scenario, seed, Arc::new(Judge::with_targets(targets)))
    }

    /// Like [`Self::new`], sharing one judge (targets and memoised best balances) among many runs of the
    /// same scenario, so the reckoning is done once.
    pub fn with_judge(scenario: Arc<Scenario>, seed: u64, judge: Arc<Judge>) -> Self {
        let state = AccountState::new(&scenario);
        let start = scenario.node_index(&scenario.start);
        let mut order_rng = ChaCha8Rng::seed_from_u64(seed);
        order_rng.set_stream(ORDER_STREAM);
        let mut session = Session {
            rng: ChaCha8Rng::seed_from_u64(seed),
            order_rng,
            seed,
            timeline: vec![state.balance],
            state,
            node: None,
            line: Bilingual::default(),
            narration: None,
            offered: Vec::new(),
            choices: Vec::new(),
            steps: Vec::new(),
            heard: Vec::new(),
            offered_principles: Vec::new(),
            events: Vec::new(),
            report: None,
            scenario,
            judge,
        };
        match start {
            Some(start) => {
                let mut events = Vec::new();
                session.enter(start, &mut events);
                session.events = events;
            }
            // A validated scenario always has its start node; an unvalidated one simply ends.
            None => session.finish(Vec::new()),
        }
        session
    }

    pub fn scenario(&self) -> &Arc<Scenario> {
        &self.scenario
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Every event so far, in order.
    pub fn events(&self) -> &[DialogueEvent] {
        &self.events
    }

    pub fn balance(&self) -> i32 {
        self.state.balance
    }

    pub fn mood(&self) -> Mood {
        self.state.mood()
    }

    pub fn open_promises(&self) -> Vec<&PromiseDef> {
        self.state.open_promises(&self.scenario)
    }

    /// The node waiting for the agent's answer, or `None` when the case is over.
    pub fn current_node(&self) -> Option<&Node> {
        self.node.map(|i| &self.scenario.nodes[i])
    }

    /// The wording of the customer's current line picked for this run.
    pub fn current_line(&self) -> Option<&Bilingual> {
        self.node.map(|_| &self.line)
    }

    /// The current node's offered choices, as file indices in the order they are shown. Empty once over.
    pub fn offered(&self) -> &[usize] {
        &self.offered
    }

    /// The account state (balance, promises) the next choice is scored against.
    pub fn account(&self) -> &AccountState {
        &self.state
    }

    /// Choices made so far (0-based file indices).
    pub fn choices(&self) -> &[usize] {
        &self.choices
    }

    /// Balance at the start and after every step.
    pub fn timeline(&self) -> &[i32] {
        &self.timeline
    }

    pub fn is_over(&self) -> bool {
        self.report.is_some()
    }

    pub fn report(&self) -> Option<&Report> {
        self.report.as_ref()
    }

    /// Once the case is over: the ending's (title, epilogue) this path reads — its outcome's ending, or
    /// the variant its promises and events chose.
    pub fn ending(&self) -> Option<(&Bilingual, &Bilingual)> {
        self.report.as_ref().map(|r| (&r.ending_title, &r.epilogue))
    }

    /// The conversation so far, oldest first: each customer line (as worded this run) with the step that
    /// answered it.
    pub fn history(&self) -> impl Iterator<Item = (&Bilingual, &StepRecord)> {
        let steps = match &self.report {
            Some(report) if self.steps.is_empty() => &report.steps,
            _ => &self.steps,
        };
        self.heard.iter().zip(steps)
    }

    /// The step the last choice made, with its score and feedback.
    pub fn last_step(&self) -> Option<&StepRecord> {
        self.steps.last().or_else(|| self.report.as_ref()?.steps.last())
    }

    /// The narration shown with the current line, if any.
    pub fn current_narration(&self) -> Option<&Bilingual> {
        self.node.and(self.narration.as_ref())
    }

    /// Rebuilds a session from stored picks (0-based file index and sincerity rating per step) with the
    /// seed it was played with: the engine is deterministic, so it stands where it stood. Stops at the
    /// first pick that no longer plays (the scenario changed since) and returns that error beside it.
    pub fn replay(
        scenario: Arc<Scenario>,
        seed: u64,
        picks: &[(usize, Option<u8>)],
    ) -> (Session, Option<SessionError>) {
        let mut session = Session::new(scenario, seed);
        for &(choice, rating) in picks {
            if let Err(e) = session.choose_rated(choice, rating) {
                return (session, Some(e));
            }
        }
        (session, None)
    }

    /// Plays choice `index` (0-based, in file order) at the current node and returns the events it caused.
    pub fn choose(&mut self, index: usize) -> Result<Vec<DialogueEvent>, SessionError> {
        self.choose_rated(index, None)
    }

    /// The file index of the choice shown at `position` (0-based), if there is one.
    pub fn shown_choice(&self, position: usize) -> Option<usize> {
        self.offered.get(position).copied()
    }

    /// Whether choice `index` at the current node asks the customer player for a sincerity rating.
    pub fn wants_rating(&self, index: usize) -> bool {
        self.current_node()
            .and_then(|node| node.choices.get(index))
            .is_some_and(|choice| choice.rate_sincerity && choice.effect > 0)
    }

    /// Like [`Self::choose`], with the customer player's sincerity rating (1–5) for a pair exercise.
    pub fn choose_rated(&mut self, index: usize, sincerity: Option<u8>) -> Result<Vec<DialogueEvent>, SessionError> {
        let node_index = self.node.ok_or(SessionError::Finished)?;
        let scenario = Arc::clone(&self.scenario);
        let node = &scenario.nodes[node_index];
        let choice = node.choices.get(index).ok_or_else(|| SessionError::NoSuchChoice {
            node: node.id.to_string(),
            number: index.saturating_add(1),
            count: node.choices.len(),
        })?;
        if !self.offered.contains(&index) {
            let needs: Vec<String> = choice.when.iter().map(|c| c.describe()).collect();
            return Err(SessionError::NotOffered {
                node: node.id.to_string(),
                number: index.saturating_add(1),
                needs: needs.join(", "),
            });
        }
        let shown = std::mem::take(&mut self.offered);
        let mut events = vec![DialogueEvent::AgentSays {
            node: node.id.to_string(),
            choice: index,
            text: choice.text.clone(),
        }];
        let mood_before = self.state.mood();
        let before = self.state.clone();
        let entries = self.state.apply_choice(&scenario, node_index, index, sincerity);
        let swallowed = accuracy::swallowed(before.balance, self.state.balance, &entries);
        let review = self
            .judge
            .review(&scenario, node_index, index, &before, &self.state, swallowed);
        let delta = entries.iter().map(|e| e.delta).sum();
        events.extend(entries.iter().cloned().map(DialogueEvent::Account));
        if let Some(id) = &choice.promise
            && let Some(def) = scenario.promise(id)
        {
            events.push(DialogueEvent::PromiseOpened {
                id: id.clone(),
                text: def.text.clone(),
            });
        }
        push_mood_change(&mut events, mood_before, self.state.mood());
        self.choices.push(index);
        self.timeline.push(self.state.balance);
        self.heard.push(self.line.clone());
        self.steps.push(StepRecord {
            node: node.id.to_string(),
            choice: index,
            text: choice.text.clone(),
            delta,
            balance: self.state.balance,
            entries,
            applies: choice.applies.clone(),
            breaks: choice.breaks.clone(),
            feedback: choice.feedback.clone(),
            cites: choice.citation(&scenario),
            sincerity: sincerity.filter(|_| choice.rate_sincerity && choice.effect > 0),
            shown,
            review,
        });
        if self.state.closed {
            events.push(DialogueEvent::AccountClosed {
                balance: self.state.balance,
            });
            self.finish_into(&mut events);
        } else {
            // `None` is an end, or a dangling reference in an unvalidated file: either way it ends here.
            match self
                .judge
                .targets()
                .get(node_index)
                .and_then(|t| t.get(index))
                .copied()
                .flatten()
            {
                Some(next) => self.enter(next, &mut events),
                None => self.finish_into(&mut events),
            }
        }
        self.events.extend(events.iter().cloned());
        Ok(events)
    }

    fn enter(&mut self, index: usize, events: &mut Vec<DialogueEvent>) {
        let scenario = Arc::clone(&self.scenario);
        let node = &scenario.nodes[index];
        let variant = node.variants.iter().find(|v| self.state.allows(&scenario, &v.when));
        let (wordings, narration) = match variant {
            Some(v) => (&v.customer, v.narration.as_ref().or(node.narration.as_ref())),
            None => (&node.customer, node.narration.as_ref()),
        };
        let wording = if wordings.len() > 1 {
            self.rng.random_range(0..wordings.len())
        } else {
            0
        };
        self.line = wordings.get(wording).cloned().unwrap_or_default();
        self.narration = narration.cloned();
        let mut offered = self.state.offered(&scenario, index);
        shuffle(&mut offered, &mut self.order_rng);
        for &i in &offered {
            self.offered_principles.extend(node.choices[i].applies.iter().copied());
        }
        self.offered = offered;
        self.node = Some(index);
        events.push(DialogueEvent::CustomerSpeaks {
            node: node.id.to_string(),
            narration: self.narration.clone(),
            line: self.line.clone(),
        });
        if self.offered.is_empty() {
            // Only an unvalidated scenario can offer nothing; the run simply ends.
            self.finish_into(events);
        }
    }

    fn finish_into(&mut self, events: &mut Vec<DialogueEvent>) {
        let mood_before = self.state.mood();
        let settled = self.state.settle(&self.scenario);
        if !settled.is_empty() {
            events.extend(settled.iter().cloned().map(DialogueEvent::Account));
            push_mood_change(events, mood_before, self.state.mood());
            self.timeline.push(self.state.balance);
            if self.state.closed {
                events.push(DialogueEvent::AccountClosed {
                    balance: self.state.balance,
                });
            }
        }
        self.node = None;
        self.offered.clear();
        events.push(DialogueEvent::Finished {
            outcome: self.state.outcome(),
            balance: self.state.balance,
        });
        self.build_report(settled);
    }

    /// Ends a scenario that has no playable start node (only reachable for unvalidated input).
    fn finish(&mut self, settled: Vec<Entry>) {
        self.events.push(DialogueEvent::Finished {
            outcome: self.state.outcome(),
            balance: self.state.balance,
        });
        self.build_report(settled);
    }

    fn build_report(&mut self, settled: Vec<Entry>) {
        let offered = std::mem::take(&mut self.offered_principles);
        self.report = Some(Report::build(ReportInput {
            scenario: &self.scenario,
            seed: self.seed,
            choices: self.choices.clone(),
            account: &self.state,
            timeline: self.timeline.clone(),
            steps: std::mem::take(&mut self.steps),
            settlement: settled,
            offered: &offered,
        }));
    }
}

/// Fisher–Yates with the session's order stream: every order equally likely, the same for a seed.
fn shuffle(items: &mut [usize], rng: &mut ChaCha8Rng) {
    for i in (1..items.len()).rev() {
        let j = rng.random_range(0..=i);
        items.swap(i, j);
    }
}

fn push_mood_change(events: &mut Vec<DialogueEvent>, from: Mood, to: Mood) {
    if from != to {
        events.push(DialogueEvent::MoodChanged { from, to });
    }
}

/// Plays a whole scripted run: (scenario, seed, 0-based choices in file order) → every event and the
/// report. The shown order does not matter to a script: choices are addressed by identity.
/// Stops with an error at the first choice that does not exist, or when choices remain after the end.
pub fn run(scenario: Arc<Scenario>, seed: u64, choices: &[usize]) -> Result<Session, SessionError> {
    let mut session = Session::new(scenario, seed);
    for &choice in choices {
        session.choose(choice)?;
    }
    Ok(session)
}
