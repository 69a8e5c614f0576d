//! Every distinct situation a conversation can be in — a node and the account state on arrival (balance,
//! repeats, promises, events) — with where each offered choice leads. Paths that arrive at the same
//! node in the same state share one entry, so a case with hundreds of thousands of paths has only a few
//! thousand states: questions about *every* path (which ending texts a path can read, the exact chance
//! that a rule of thumb keeps the customer) are answered over the states, exactly.
//!
//! The customer's wording draws and line variants do not change which choices are offered or how they
//! score (variants are chosen by the same state), so they need no entries of their own.

use std::collections::HashMap;

use crate::account::{AccountState, Outcome};
use crate::graph;
use crate::schema::Scenario;

/// Above this many states the graph is not built (a generated file of thousands of nodes): the questions
/// answered over it are then reported as not checked.
pub const STATE_LIMIT: usize = 400_000;

/// Where a choice leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum To {
    /// Another state (index into [`StateGraph::states`]).
    State(u32),
    /// The conversation ends (index into [`StateGraph::ends`]).
    End(u32),
}

/// One node arrived at in one account state.
#[derive(Debug, Clone)]
pub struct State {
    pub node: usize,
    pub account: AccountState,
    /// The offered choices (file indices, file order) and where each leads.
    pub edges: Vec<(usize, To)>,
    /// How this state was first reached: the state before and the choice made there (`None`: start).
    pub parent: Option<(u32, usize)>,
}

/// One distinct way the conversation can end: the account after open promises are settled.
#[derive(Debug, Clone)]
pub struct End {
    pub account: AccountState,
    pub outcome: Outcome,
    /// The last state and choice of the first path found that ends here.
    pub parent: (u32, usize),
}

/// The reachable states of a validated scenario.
#[derive(Debug, Clone)]
pub struct StateGraph {
    pub states: Vec<State>,
    pub ends: Vec<End>,
    /// State indices ordered so that every state comes before the states it leads to.
    pub order: Vec<u32>,
}

/// Why there is no graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoGraph {
    /// The start node is missing or the conversation loops (the validator reports both).
    Unplayable,
    /// More states than the limit ([`STATE_LIMIT`] unless the caller set another).
    TooLarge,
}

impl StateGraph {
    /// Builds the graph, or says why not.
    pub fn build(scenario: &Scenario) -> Result<StateGraph, NoGraph> {
        Self::build_within(scenario, STATE_LIMIT)
    }

    /// [`Self::build`], giving up beyond `limit` states.
    pub fn build_within(scenario: &Scenario, limit: usize) -> Result<StateGraph, NoGraph> {
        let succ = graph::successors(scenario);
        let start = scenario.node_index(&scenario.start).ok_or(NoGraph::Unplayable)?;
        let topo = graph::topological_order(&succ, start).map_err(|_| NoGraph::Unplayable)?;
        let targets = graph::choice_targets(scenario);
        let mut rank = vec![usize::MAX; scenario.nodes.len()];
        for (r, &n) in topo.iter().enumerate() {
            rank[n] = r;
        }
        let mut graph = StateGraph {
            states: Vec::new(),
            ends: Vec::new(),
            order: Vec::new(),
        };
        let mut seen: HashMap<(usize, AccountState), u32> = HashMap::new();
        let mut ends: HashMap<AccountState, u32> = HashMap::new();
        let first = AccountState::new(scenario);
        seen.insert((start, first.clone()), 0);
        graph.states.push(State {
            node: start,
            account: first,
            edges: Vec::new(),
            parent: None,
        });
        let mut entries = Vec::new();
        // Every state found is expanded once; new states are appended and expanded in turn.
        let mut next = 0;
        while next < graph.states.len() {
            let here = next as u32;
            next += 1;
            let node = graph.states[next - 1].node;
            let offered = graph.states[next - 1].account.offered(scenario, node);
            let mut edges = Vec::with_capacity(offered.len());
            for choice in offered {
                let mut account = graph.states[next - 1].account.clone();
                entries.clear();
                account.apply_choice_into(scenario, node, choice, None, &mut entries);
                let to = match targets[node][choice] {
                    Some(target) if !account.closed => {
                        let key = (target, account);
                        match seen.get(&key) {
                            Some(&id) => To::State(id),
                            None => {
                                if graph.states.len() >= limit {
                                    return Err(NoGraph::TooLarge);
                                }
                                let id = graph.states.len() as u32;
                                graph.states.push(State {
                                    node: target,
                                    account: key.1.clone(),
                                    edges: Vec::new(),
                                    parent: Some((here, choice)),
                                });
                                seen.insert(key, id);
                                To::State(id)
                            }
                        }
                    }
                    _ => {
                        account.settle(scenario);
                        let id = match ends.get(&account) {
                            Some(&id) => id,
                            None => {
                                let id = graph.ends.len() as u32;
                                graph.ends.push(End {
                                    outcome: account.outcome(),
                                    account: account.clone(),
                                    parent: (here, choice),
                                });
                                ends.insert(account, id);
                                id
                            }
                        };
                        To::End(id)
                    }
                };
                edges.push((choice, to));
            }
            graph.states[next - 1].edges = edges;
        }
        let mut order: Vec<u32> = (0..graph.states.len() as u32).collect();
        order.sort_by_key(|&i| rank[graph.states[i as usize].node]);
        graph.order = order;
        Ok(graph)
    }

    /// The choices (node index, 0-based choice) of the first path found to `state`.
    pub fn path_to(&self, state: u32) -> Vec<(usize, usize)> {
        let mut path = Vec::new();
        let mut at = self.states[state as usize].parent;
        while let Some((before, choice)) = at {
            let s = &self.states[before as usize];
            path.push((s.node, choice));
            at = s.parent;
        }
        path.reverse();
        path
    }

    /// The choices of the first path found that ends at `end`.
    pub fn path_to_end(&self, end: u32) -> Vec<(usize, usize)> {
        let (state, choice) = self.ends[end as usize].parent;
        let mut path = self.path_to(state);
        path.push((self.states[state as usize].node, choice));
        path
    }

    /// A path as an author reads it: "`spill` 2 → `suit-off` 1" (node ids, 1-based choice numbers).
    pub fn describe_path(scenario: &Scenario, path: &[(usize, usize)]) -> String {
        let steps: Vec<String> = path
            .iter()
            .map(|&(node, choice)| format!("`{}` {}", scenario.nodes[node].id, choice + 1))
            .collect();
        steps.join(" → ")
    }
}
