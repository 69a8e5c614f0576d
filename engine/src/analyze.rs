//! Explores every path through a scenario: how many there are, the best and worst outcome and the
//! choices that reach them, which outcome tiers are reachable, and the balance range at every node.
//!
//! Small scenarios (up to [`EXACT_PATH_LIMIT`] paths) are enumerated exhaustively, so the figures are
//! exact. Larger ones are swept once in topological order, keeping at every node a handful of
//! representative account states (the lowest, and the highest in each mood band); that is linear in
//! the number of choices and reported as approximate, because repetition and promises make the
//! balance depend on the whole path, not only on the node.

use std::collections::{BTreeMap, BTreeSet};

use rand::{RngExt, SeedableRng, rngs::ChaCha8Rng};
use serde::Serialize;

use crate::account::{AccountState, Mood, Outcome, PromiseStatus};
use crate::graph;
use crate::schema::Scenario;
use crate::session::Session;

/// Above this many paths the analyser stops enumerating and sweeps instead.
pub const EXACT_PATH_LIMIT: u128 = 200_000;

/// One complete path and where it ends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PathEnd {
    /// 0-based choice indices from the start.
    pub choices: Vec<usize>,
    pub final_balance: i32,
    pub outcome: Outcome,
}

/// Balance range on arrival at a node, over the paths explored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct NodeRange {
    pub min: i32,
    pub max: i32,
}

#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    /// True when every path was tried.
    pub exact: bool,
    /// Number of distinct choice sequences from the start to an end (saturating).
    pub path_count: u128,
    pub best: Option<PathEnd>,
    pub worst: Option<PathEnd>,
    pub reachable_outcomes: BTreeSet<Outcome>,
    /// One example path per reachable outcome.
    pub example_paths: BTreeMap<Outcome, PathEnd>,
    /// Per node (in file order): the balance range on arrival, `None` if no explored path arrives.
    pub nodes: Vec<Option<NodeRange>>,
    /// Per node and choice (file order): which promises (bit `i` for `Scenario::promises[i]`) were open
    /// on some explored arrival where the choice was offered; `None` if its conditions never held.
    #[serde(skip)]
    pub offered_with_open: Vec<Vec<Option<u64>>>,
    /// Nodes where some explored arrival offered no choice at all (every choice's condition failed),
    /// with the balance on arrival.
    pub dead_ends: Vec<(usize, i32)>,
}

/// Counts paths by dynamic programming over the graph (the scenario must be acyclic).
fn count_paths(targets: &Targets, order: &[usize]) -> u128 {
    let mut paths = vec![0u128; targets.0.len()];
    for &n in order.iter().rev() {
        paths[n] = targets.0[n]
            .iter()
            .fold(0u128, |total, t| total.saturating_add(t.map_or(1, |m| paths[m])));
    }
    order.first().map_or(0, |&s| paths[s])
}

struct Collector {
    best: Option<PathEnd>,
    worst: Option<PathEnd>,
    examples: BTreeMap<Outcome, PathEnd>,
    nodes: Vec<Option<NodeRange>>,
    offered_with_open: Vec<Vec<Option<u64>>>,
    dead_ends: Vec<(usize, i32)>,
}

impl Collector {
    fn new(scenario: &Scenario) -> Self {
        Collector {
            best: None,
            worst: None,
            examples: BTreeMap::new(),
            nodes: vec![None; scenario.nodes.len()],
            offered_with_open: scenario.nodes.iter().map(|n| vec![None; n.choices.len()]).collect(),
            dead_ends: Vec::new(),
        }
    }

    /// Records an arrival and returns the choices offered there (file order).
    fn arrive(&mut self, scenario: &Scenario, node: usize, state: &AccountState) -> Vec<usize> {
        let balance = state.balance;
        let range = self.nodes[node].get_or_insert(NodeRange {
            min: balance,
            max: balance,
        });
        range.min = range.min.min(balance);
        range.max = range.max.max(balance);
        let offered = state.offered(scenario, node);
        if offered.is_empty() && !self.dead_ends.iter().any(|&(n, _)| n == node) {
            self.dead_ends.push((node, balance));
        }
        let open = state
            .promise_statuses()
            .enumerate()
            .filter(|&(i, status)| i < 64 && status == PromiseStatus::Open)
            .fold(0u64, |mask, (i, _)| mask | (1 << i));
        for &choice in &offered {
            let slot = &mut self.offered_with_open[node][choice];
            *slot = Some(slot.unwrap_or(0) | open);
        }
        offered
    }

    /// Records a finished path. `choices` is only called when this path is kept (best, worst, or the
    /// first of its outcome), so long paths are not rebuilt for every end.
    fn end(&mut self, final_balance: i32, outcome: Outcome, choices: impl FnOnce() -> Vec<usize>) {
        let better = self.best.as_ref().is_none_or(|b| final_balance > b.final_balance);
        let worse = self.worst.as_ref().is_none_or(|w| final_balance < w.final_balance);
        let first = !self.examples.contains_key(&outcome);
        if !(better || worse || first) {
            return;
        }
        let end = PathEnd {
            choices: choices(),
            final_balance,
            outcome,
        };
        if better {
            self.best = Some(end.clone());
        }
        if worse {
            self.worst = Some(end.clone());
        }
        self.examples.entry(outcome).or_insert(end);
    }
}

/// Analyses a validated scenario (a scenario with a cycle or a missing start yields an empty analysis).
pub fn analyze(scenario: &Scenario) -> Analysis {
    let succ = graph::successors(scenario);
    let mut collector = Collector::new(scenario);
    let (exact, path_count) = match scenario
        .node_index(&scenario.start)
        .map(|s| (s, graph::topological_order(&succ, s)))
    {
        Some((start, Ok(order))) => {
            let targets = Targets::new(scenario);
            let count = count_paths(&targets, &order);
            let exact = count <= EXACT_PATH_LIMIT;
            if exact {
                enumerate(scenario, &targets, start, &mut collector);
            } else {
                sweep(scenario, &targets, &order, &mut collector);
            }
            (exact, count)
        }
        _ => (true, 0),
    };
    Analysis {
        exact,
        path_count,
        best: collector.best,
        worst: collector.worst,
        reachable_outcomes: collector.examples.keys().copied().collect(),
        example_paths: collector.examples,
        nodes: collector.nodes,
        offered_with_open: collector.offered_with_open,
        dead_ends: collector.dead_ends,
    }
}

/// Where a choice leads, as the analyser sees it.
enum Step {
    Continue(usize),
    Ended,
}

/// The node index each choice leads to (`None` for an end), resolved once so exploring is O(1) a step.
struct Targets(Vec<Vec<Option<usize>>>);

impl Targets {
    fn new(scenario: &Scenario) -> Self {
        Targets(graph::choice_targets(scenario))
    }

    fn advance(&self, scenario: &Scenario, state: &mut AccountState, node: usize, choice: usize) -> Step {
        state.apply_choice(scenario, node, choice, None);
        match self.0[node][choice] {
            Some(next) if !state.closed => Step::Continue(next),
            _ => Step::Ended,
        }
    }
}

/// Settles open promises and reports the path's end to the collector.
fn finish(scenario: &Scenario, mut state: AccountState, out: &mut Collector, choices: impl FnOnce() -> Vec<usize>) {
    state.settle(scenario);
    out.end(state.balance, state.outcome(), choices);
}

/// Depth-first over every path, with an explicit stack.
fn enumerate(scenario: &Scenario, targets: &Targets, start: usize, out: &mut Collector) {
    let mut stack = vec![(start, AccountState::new(scenario), Vec::new())];
    while let Some((node, state, path)) = stack.pop() {
        let offered = out.arrive(scenario, node, &state);
        for &choice in offered.iter().rev() {
            let mut next_state = state.clone();
            let mut next_path = path.clone();
            next_path.push(choice);
            match targets.advance(scenario, &mut next_state, node, choice) {
                Step::Continue(next) => stack.push((next, next_state, next_path)),
                Step::Ended => finish(scenario, next_state, out, || next_path),
            }
        }
    }
}

/// A state carried by the sweep, with its path stored as a link into a shared arena.
#[derive(Clone)]
struct Carried {
    state: AccountState,
    path: Option<usize>,
}

/// One pass in topological order keeping a few representative states per node.
fn sweep(scenario: &Scenario, targets: &Targets, order: &[usize], out: &mut Collector) {
    let mut arena: Vec<(Option<usize>, usize)> = Vec::new();
    let mut pending: Vec<Vec<Carried>> = vec![Vec::new(); scenario.nodes.len()];
    pending[order[0]].push(Carried {
        state: AccountState::new(scenario),
        path: None,
    });
    let unwind = |arena: &Vec<(Option<usize>, usize)>, mut link: Option<usize>| {
        let mut choices = Vec::new();
        while let Some(i) = link {
            choices.push(arena[i].1);
            link = arena[i].0;
        }
        choices.reverse();
        choices
    };
    for &node in order {
        let arrivals = representatives(std::mem::take(&mut pending[node]));
        for carried in arrivals {
            let offered = out.arrive(scenario, node, &carried.state);
            for choice in offered {
                let mut state = carried.state.clone();
                arena.push((carried.path, choice));
                let link = Some(arena.len() - 1);
                match targets.advance(scenario, &mut state, node, choice) {
                    Step::Continue(next) => pending[next].push(Carried { state, path: link }),
                    Step::Ended => finish(scenario, state, out, || unwind(&arena, link)),
                }
            }
        }
    }
}

/// For every combination of promise statuses seen (conditions can tell them apart), the lowest-balance
/// state plus the highest in each mood band: at most seven per combination.
fn representatives(states: Vec<Carried>) -> Vec<Carried> {
    if states.len() <= Mood::ALL.len() + 1 {
        return states;
    }
    let mut groups: BTreeMap<Vec<u8>, Vec<Carried>> = BTreeMap::new();
    for carried in states {
        let key = carried.state.promise_statuses().map(|s| s as u8).collect();
        groups.entry(key).or_default().push(carried);
    }
    let mut keep = Vec::new();
    for (_, mut group) in groups {
        group.sort_by_key(|c| c.state.balance);
        keep.push(group[0].clone());
        for mood in Mood::ALL {
            if let Some(top) = group.iter().rev().find(|c| c.state.mood() == mood) {
                keep.push(top.clone());
            }
        }
    }
    keep
}

/// How often seeded random playthroughs reached each node and each outcome.
#[derive(Debug, Clone, Serialize)]
pub struct RandomRuns {
    pub runs: u32,
    /// Per node, in file order.
    pub node_visits: Vec<u32>,
    pub outcomes: BTreeMap<Outcome, u32>,
}

/// Plays `runs` games with uniformly random choices; run `i` uses wording seed `seed + i`.
pub fn random_runs(scenario: &std::sync::Arc<Scenario>, runs: u32, seed: u64) -> RandomRuns {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut node_visits = vec![0u32; scenario.nodes.len()];
    let mut outcomes = BTreeMap::new();
    // One judge for every run: the best reachable balances are reckoned once.
    let judge = std::sync::Arc::new(crate::accuracy::Judge::new(scenario));
    for i in 0..runs {
        let mut session = Session::with_judge(
            std::sync::Arc::clone(scenario),
            seed.wrapping_add(u64::from(i)),
            std::sync::Arc::clone(&judge),
        );
        while let Some(node) = session.current_node() {
            if let Some(index) = scenario.node_index(&node.id) {
                node_visits[index] += 1;
            }
            let offered = session.offered();
            let pick = offered[rng.random_range(0..offered.len())];
            if session.choose(pick).is_err() {
                break;
            }
        }
        if let Some(report) = session.report() {
            *outcomes.entry(report.outcome).or_insert(0) += 1;
        }
    }
    RandomRuns {
        runs,
        node_visits,
        outcomes,
    }
}
