//! The "one mistake" table: the best path, and each single deviation from it — at each step, each other
//! choice offered there, then the best play after it — with where each ends. It shows an author which
//! mistakes the case forgives (a deviation that still ends loyal) and which it does not.

use serde::Serialize;

use crate::account::{AccountState, Outcome};
use crate::graph::{self, ChoiceTargets};
use crate::schema::Scenario;

/// Past this many paths tried in all (over every deviation), the best play after a deviation is not
/// searched further: the rest of the table is the best found so far (the shipped cases need a few
/// thousand at most; the analyser's own limit for trying every path is 200,000).
pub const SEARCH_LIMIT: usize = 2_000_000;

/// One deviation from the best path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deviation {
    /// 0-based step of the best path where the other choice is taken.
    pub step: usize,
    /// The node, by id, and the 0-based file-order choice taken instead of the best path's.
    pub node: String,
    pub choice: usize,
    /// The whole path (0-based file-order choices): the best path up to `step`, the mistake, then the
    /// best play after it.
    pub path: Vec<usize>,
    pub outcome: Outcome,
    pub final_balance: i32,
}

/// The best path and every single deviation from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OneMistake {
    pub best: Vec<usize>,
    pub best_outcome: Outcome,
    pub best_balance: i32,
    pub deviations: Vec<Deviation>,
    /// False when the searches stopped at [`SEARCH_LIMIT`] (a figure is then the best found, not
    /// necessarily the best there is).
    pub exact: bool,
}

impl OneMistake {
    /// The deviations that still end in the best path's outcome: the mistakes the case forgives.
    pub fn forgiven(&self) -> impl Iterator<Item = &Deviation> {
        self.deviations.iter().filter(move |d| d.outcome >= self.best_outcome)
    }
}

/// The table for a scenario whose paths can be followed (a validated one, or a draft whose errors leave
/// the paths as written); `None` when it has no best path (no start node, or a loop).
pub fn one_mistake(scenario: &Scenario, best: &[usize]) -> Option<OneMistake> {
    let targets = graph::choice_targets(scenario);
    let start = scenario.node_index(&scenario.start)?;
    let mut search = Search {
        scenario,
        targets: &targets,
        tried: 0,
    };
    let mut state = AccountState::new(scenario);
    let mut node = Some(start);
    let mut deviations = Vec::new();
    for (step, &taken) in best.iter().enumerate() {
        let Some(at) = node else { break };
        for other in state.offered(scenario, at) {
            if other == taken {
                continue;
            }
            let mut after = state.clone();
            after.apply_choice(scenario, at, other, None);
            let (balance, rest) = match targets[at][other] {
                Some(next) if !after.closed => search.best_from(next, &after)?,
                _ => {
                    after.settle(scenario);
                    (after.balance, Vec::new())
                }
            };
            let mut path = best[..step].to_vec();
            path.push(other);
            path.extend(rest);
            deviations.push(Deviation {
                step,
                node: scenario.nodes[at].id.clone(),
                choice: other,
                path,
                outcome: Outcome::for_final_balance(balance),
                final_balance: balance,
            });
        }
        state.apply_choice(scenario, at, taken, None);
        node = targets[at][taken].filter(|_| !state.closed);
    }
    state.settle(scenario);
    Some(OneMistake {
        best: best.to_vec(),
        best_outcome: state.outcome(),
        best_balance: state.balance,
        deviations,
        exact: search.tried < SEARCH_LIMIT,
    })
}

struct Search<'a> {
    scenario: &'a Scenario,
    targets: &'a ChoiceTargets,
    tried: usize,
}

impl Search<'_> {
    /// The best final balance reachable on arrival at `node` with `state`, and the choices that reach it
    /// (file order; the first best in file order on a tie). `None` where nothing is offered.
    fn best_from(&mut self, node: usize, state: &AccountState) -> Option<(i32, Vec<usize>)> {
        let mut best: Option<(i32, Vec<usize>)> = None;
        for choice in state.offered(self.scenario, node) {
            if self.tried >= SEARCH_LIMIT {
                break;
            }
            let mut after = state.clone();
            after.apply_choice(self.scenario, node, choice, None);
            let found = match self.targets[node][choice] {
                Some(next) if !after.closed => self.best_from(next, &after),
                _ => {
                    self.tried += 1;
                    after.settle(self.scenario);
                    Some((after.balance, Vec::new()))
                }
            };
            if let Some((balance, mut rest)) = found
                && best.as_ref().is_none_or(|(b, _)| balance > *b)
            {
                rest.insert(0, choice);
                best = Some((balance, rest));
            }
        }
        best
    }
}
