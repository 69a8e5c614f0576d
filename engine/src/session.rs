//! The session state machine: (scenario, seed, choices) → the same events, balance timeline and report.
//!
//! Like a dialogue runtime it knows nothing about presentation: the caller asks what the customer says
//! and which choices exist, passes the player's pick to [`Session::choose`], and renders the [`Event`]s
//! that come back. The scoring itself lives in [`AccountState::apply_choice`], which the analyser reuses.

use std::sync::Arc;

use rand::{RngExt, SeedableRng, rngs::ChaCha8Rng};
use serde::{Deserialize, Serialize};

use crate::account::{self, Mood, Outcome};
use crate::principles::{AntiPattern, Principle};
use crate::report::{Report, StepRecord};
use crate::schema::{Next, Node, PromiseDef, Scenario};
use crate::text::Text;

/// Why the balance moved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "promise", rename_all = "snake_case")]
pub enum EntryReason {
    /// What the agent just said.
    Choice,
    /// A promise was kept.
    PromiseKept(String),
    /// A promise was broken.
    PromiseBroken(String),
    /// A promise was still open when the conversation ended.
    PromiseUnkept(String),
}

/// One deposit or withdrawal, with the model's adjustments spelled out for the trainee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub reason: EntryReason,
    /// The amount the author wrote (positive deposit, negative withdrawal).
    pub base: i32,
    /// For a deposit: how many times this move was already made (each repeat earns less).
    pub repeats: u32,
    /// For a withdrawal: the interest charged on top because the customer was already upset.
    pub interest: i32,
    /// The sincerity rating (1–5) that scaled this deposit, when it was rated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sincerity: Option<u8>,
    /// What actually moved: `base` after repetition, sincerity or interest. Negative for withdrawals.
    pub delta: i32,
    /// The balance after this entry.
    pub balance: i32,
}

/// What happened, in order, for a view to present.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    /// The conversation reached a node: show the narration (if any) and the customer's line.
    CustomerSpeaks {
        node: String,
        narration: Option<Text>,
        line: Text,
    },
    /// The agent said something.
    AgentSays { node: String, choice: usize, text: Text },
    /// The account moved.
    Account(Entry),
    /// The agent made a promise that is now owed.
    PromiseOpened { id: String, text: Text },
    /// The customer's mood band changed.
    MoodChanged { from: Mood, to: Mood },
    /// The balance fell below zero: the account is closed and the customer is gone.
    AccountClosed { balance: i32 },
    /// The case is over.
    Finished { outcome: Outcome, balance: i32 },
}

/// Everything about a run that scoring depends on. Cheap to clone; the analyser explores with it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AccountState {
    pub balance: i32,
    /// How often each principle has been the leading move of a deposit (indexed like `Principle::ALL`).
    repeats: [u8; Principle::ALL.len()],
    /// Promises owed, as indices into `Scenario::promises`, in the order they were made.
    open_promises: Vec<usize>,
    pub closed: bool,
}

impl AccountState {
    pub fn new(scenario: &Scenario) -> Self {
        AccountState {
            balance: scenario.customer.starting_balance,
            repeats: [0; Principle::ALL.len()],
            open_promises: Vec::new(),
            closed: false,
        }
    }

    pub fn mood(&self) -> Mood {
        Mood::of(self.balance)
    }

    pub fn open_promises<'s>(&self, scenario: &'s Scenario) -> Vec<&'s PromiseDef> {
        self.open_promises.iter().map(|&i| &scenario.promises[i]).collect()
    }

    fn deposit(&mut self, reason: EntryReason, base: i32, lead: Option<Principle>, sincerity: Option<u8>) -> Entry {
        let repeats = lead.map_or(0, |p| u32::from(self.repeats[principle_index(p)]));
        let mut delta = account::repeated_deposit(base, repeats);
        if let Some(rating) = sincerity {
            delta = account::sincere_deposit(delta, rating);
        }
        if let Some(p) = lead {
            let slot = &mut self.repeats[principle_index(p)];
            *slot = slot.saturating_add(1);
        }
        self.balance = account::apply(self.balance, delta);
        Entry {
            reason,
            base,
            repeats,
            interest: 0,
            sincerity,
            delta,
            balance: self.balance,
        }
    }

    fn withdraw(&mut self, reason: EntryReason, amount: i32, temper: i32) -> Entry {
        let (amount, interest) = account::withdrawal_cost(amount, self.balance, temper);
        let delta = -(amount + interest);
        self.balance = account::apply(self.balance, delta);
        Entry {
            reason,
            base: -amount,
            repeats: 0,
            interest,
            sincerity: None,
            delta,
            balance: self.balance,
        }
    }

    /// Scores one choice and returns the account entries it caused. Pure: no randomness involved.
    /// `sincerity` is the customer player's rating in a pair exercise; it only counts on lines the author
    /// marked `rate_sincerity`.
    pub fn apply_choice(
        &mut self,
        scenario: &Scenario,
        node: usize,
        choice: usize,
        sincerity: Option<u8>,
    ) -> Vec<Entry> {
        let choice = &scenario.nodes[node].choices[choice];
        let temper = scenario.customer.temper;
        let sincerity = sincerity.filter(|_| choice.rate_sincerity).map(|r| r.clamp(1, 5));
        let mut entries = Vec::new();
        if choice.effect > 0 {
            entries.push(self.deposit(
                EntryReason::Choice,
                choice.effect,
                choice.applies.first().copied(),
                sincerity,
            ));
        } else if choice.effect < 0 {
            entries.push(self.withdraw(EntryReason::Choice, -choice.effect, temper));
        }
        for id in &choice.keeps {
            if let Some(i) = self.take_open_promise(scenario, id) {
                let value = scenario.promises[i].value;
                entries.push(self.deposit(EntryReason::PromiseKept(id.clone()), value, None, None));
            }
        }
        for id in &choice.breaks_promises {
            if let Some(i) = self.take_open_promise(scenario, id) {
                let value = scenario.promises[i].value;
                entries.push(self.withdraw(EntryReason::PromiseBroken(id.clone()), value, temper));
            }
        }
        if let Some(id) = &choice.promise
            && let Some(i) = scenario.promises.iter().position(|p| &p.id == id)
            && !self.open_promises.contains(&i)
        {
            self.open_promises.push(i);
        }
        if self.balance < 0 {
            self.closed = true;
        }
        entries
    }

    /// Settles promises still open when the conversation ends: each counts as broken.
    pub fn settle(&mut self, scenario: &Scenario) -> Vec<Entry> {
        let temper = scenario.customer.temper;
        let owed = std::mem::take(&mut self.open_promises);
        let mut entries = Vec::new();
        for i in owed {
            if self.closed {
                break;
            }
            let promise = &scenario.promises[i];
            entries.push(self.withdraw(EntryReason::PromiseUnkept(promise.id.clone()), promise.value, temper));
            if self.balance < 0 {
                self.closed = true;
            }
        }
        entries
    }

    /// The outcome this state earns if the conversation ends now (after [`Self::settle`]).
    pub fn outcome(&self) -> Outcome {
        if self.closed {
            Outcome::Lost
        } else {
            Outcome::for_final_balance(self.balance)
        }
    }

    fn take_open_promise(&mut self, scenario: &Scenario, id: &str) -> Option<usize> {
        let pos = self.open_promises.iter().position(|&i| scenario.promises[i].id == id)?;
        Some(self.open_promises.remove(pos))
    }
}

fn principle_index(p: Principle) -> usize {
    Principle::ALL.iter().position(|q| *q == p).unwrap_or(0)
}

/// A mistake the caller made driving the session.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SessionError {
    #[error("choice {number} does not exist here: node `{node}` has {count} choices (1–{count})")]
    NoSuchChoice { node: String, number: usize, count: usize },
    #[error("the scenario is already over")]
    Finished,
}

/// One playthrough in progress.
#[derive(Debug)]
pub struct Session {
    scenario: Arc<Scenario>,
    seed: u64,
    rng: ChaCha8Rng,
    state: AccountState,
    /// Index of the node waiting for a choice; `None` once finished.
    node: Option<usize>,
    line: Text,
    choices: Vec<usize>,
    steps: Vec<StepRecord>,
    timeline: Vec<i32>,
    visited: Vec<usize>,
    events: Vec<Event>,
    report: Option<Report>,
}

impl Session {
    /// Starts a run. The opening events (the first customer line) are in [`Self::events`].
    pub fn new(scenario: Arc<Scenario>, seed: u64) -> Self {
        let state = AccountState::new(&scenario);
        let start = scenario.node_index(&scenario.start);
        let mut session = Session {
            rng: ChaCha8Rng::seed_from_u64(seed),
            seed,
            timeline: vec![state.balance],
            state,
            node: None,
            line: Text::default(),
            choices: Vec::new(),
            steps: Vec::new(),
            visited: Vec::new(),
            events: Vec::new(),
            report: None,
            scenario,
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
    pub fn events(&self) -> &[Event] {
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
    pub fn current_line(&self) -> Option<&Text> {
        self.node.map(|_| &self.line)
    }

    /// Choices made so far (0-based indices).
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

    /// The step the last choice made, with its score and feedback.
    pub fn last_step(&self) -> Option<&StepRecord> {
        self.steps.last().or_else(|| self.report.as_ref()?.steps.last())
    }

    /// The narration of the current node, if it has one.
    pub fn current_narration(&self) -> Option<&Text> {
        self.current_node()?.narration.as_ref()
    }

    /// Plays choice `index` (0-based) at the current node and returns the events it caused.
    pub fn choose(&mut self, index: usize) -> Result<Vec<Event>, SessionError> {
        self.choose_rated(index, None)
    }

    /// Whether choice `index` at the current node asks the customer player for a sincerity rating.
    pub fn wants_rating(&self, index: usize) -> bool {
        self.current_node()
            .and_then(|node| node.choices.get(index))
            .is_some_and(|choice| choice.rate_sincerity && choice.effect > 0)
    }

    /// Like [`Self::choose`], with the customer player's sincerity rating (1–5) for a pair exercise.
    pub fn choose_rated(&mut self, index: usize, sincerity: Option<u8>) -> Result<Vec<Event>, SessionError> {
        let node_index = self.node.ok_or(SessionError::Finished)?;
        let scenario = Arc::clone(&self.scenario);
        let node = &scenario.nodes[node_index];
        let choice = node.choices.get(index).ok_or_else(|| SessionError::NoSuchChoice {
            node: node.id.clone(),
            number: index + 1,
            count: node.choices.len(),
        })?;
        let mut events = vec![Event::AgentSays {
            node: node.id.clone(),
            choice: index,
            text: choice.text.clone(),
        }];
        let mood_before = self.state.mood();
        let entries = self.state.apply_choice(&scenario, node_index, index, sincerity);
        let delta = entries.iter().map(|e| e.delta).sum();
        events.extend(entries.iter().cloned().map(Event::Account));
        if let Some(id) = &choice.promise
            && let Some(def) = scenario.promise(id)
        {
            events.push(Event::PromiseOpened {
                id: id.clone(),
                text: def.text.clone(),
            });
        }
        push_mood_change(&mut events, mood_before, self.state.mood());
        self.choices.push(index);
        self.timeline.push(self.state.balance);
        self.steps.push(StepRecord {
            node: node.id.clone(),
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
        });
        if self.state.closed {
            events.push(Event::AccountClosed {
                balance: self.state.balance,
            });
            self.finish_into(&mut events);
        } else {
            match &choice.next {
                Next::Node(id) => match scenario.node_index(id) {
                    Some(next) => self.enter(next, &mut events),
                    None => self.finish_into(&mut events),
                },
                Next::End => self.finish_into(&mut events),
            }
        }
        self.events.extend(events.iter().cloned());
        Ok(events)
    }

    fn enter(&mut self, index: usize, events: &mut Vec<Event>) {
        let node = &self.scenario.nodes[index];
        let wording = if node.customer.len() > 1 {
            self.rng.random_range(0..node.customer.len())
        } else {
            0
        };
        self.line = node.customer.get(wording).cloned().unwrap_or_default();
        self.node = Some(index);
        self.visited.push(index);
        events.push(Event::CustomerSpeaks {
            node: node.id.clone(),
            narration: node.narration.clone(),
            line: self.line.clone(),
        });
    }

    fn finish_into(&mut self, events: &mut Vec<Event>) {
        let mood_before = self.state.mood();
        let settled = self.state.settle(&self.scenario);
        if !settled.is_empty() {
            events.extend(settled.iter().cloned().map(Event::Account));
            push_mood_change(events, mood_before, self.state.mood());
            self.timeline.push(self.state.balance);
            if self.state.closed {
                events.push(Event::AccountClosed {
                    balance: self.state.balance,
                });
            }
        }
        self.node = None;
        events.push(Event::Finished {
            outcome: self.state.outcome(),
            balance: self.state.balance,
        });
        self.build_report(settled);
    }

    /// Ends a scenario that has no playable start node (only reachable for unvalidated input).
    fn finish(&mut self, settled: Vec<Entry>) {
        self.events.push(Event::Finished {
            outcome: self.state.outcome(),
            balance: self.state.balance,
        });
        self.build_report(settled);
    }

    fn build_report(&mut self, settled: Vec<Entry>) {
        let offered: Vec<Principle> = self
            .visited
            .iter()
            .flat_map(|&i| self.scenario.nodes[i].choices.iter())
            .flat_map(|c| c.applies.iter().copied())
            .collect();
        self.report = Some(Report::build(
            &self.scenario,
            self.seed,
            self.choices.clone(),
            self.state.outcome(),
            self.state.balance,
            self.state.closed,
            self.timeline.clone(),
            std::mem::take(&mut self.steps),
            settled,
            &offered,
        ));
    }
}

fn push_mood_change(events: &mut Vec<Event>, from: Mood, to: Mood) {
    if from != to {
        events.push(Event::MoodChanged { from, to });
    }
}

/// Plays a whole scripted run: (scenario, seed, 0-based choices) → every event and the report.
/// Stops with an error at the first choice that does not exist, or when choices remain after the end.
pub fn run(scenario: Arc<Scenario>, seed: u64, choices: &[usize]) -> Result<Session, SessionError> {
    let mut session = Session::new(scenario, seed);
    for &choice in choices {
        session.choose(choice)?;
    }
    Ok(session)
}

/// The anti-patterns committed along a list of steps, in the order first committed.
pub fn committed(steps: &[StepRecord]) -> Vec<AntiPattern> {
    let mut out: Vec<AntiPattern> = Vec::new();
    for a in steps.iter().flat_map(|s| s.breaks.iter()) {
        if !out.contains(a) {
            out.push(*a);
        }
    }
    out
}
