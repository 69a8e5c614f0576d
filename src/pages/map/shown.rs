//! What the map shows: every node and choice of a small scenario; of a large one (collapsed), only the
//! choices on a highlighted path, with the runs of nodes they pass straight through folded into one box.

use std::collections::{BTreeMap, HashMap};

use goodwill_engine::{Scenario, graph};

use super::FULL_LIMIT;
use super::highlight::{Highlight, Kind};

/// The choices and nodes drawn, and which highlights take each choice.
pub struct Shown {
    pub collapsed: bool,
    /// Whether each highlight is drawn (collapsed, the tiers' example paths are only listed).
    pub drawn_paths: Vec<bool>,
    /// The highlights along each `(node, choice)`, in priority order (trainee, best, worst, examples).
    pub on_edge: BTreeMap<(usize, usize), Vec<usize>>,
    /// The `(node, choice)` arrows drawn.
    pub choices: Vec<(usize, usize)>,
    /// Whether each node is drawn (as itself or inside a fold).
    pub nodes: Vec<bool>,
    /// For a node inside a fold, the fold's first node.
    pub fold_of: Vec<Option<usize>>,
    /// Each fold's first node → its nodes, in order (two or more).
    pub fold_members: BTreeMap<usize, Vec<usize>>,
}

pub fn shown(scenario: &Scenario, highlights: &[Highlight], targets: &[Vec<Option<usize>>]) -> Shown {
    let collapsed = scenario.nodes.len() > FULL_LIMIT;
    // Collapsed, the tiers' example paths are listed in the legend but not drawn: each one crossing the
    // others made a large case's picture a tangle of short runs (and tens of thousands of pixels wide).
    let drawn_paths: Vec<bool> = highlights
        .iter()
        .map(|h| !(collapsed && matches!(h.kind, Kind::Example(_))))
        .collect();
    let mut on_edge: BTreeMap<(usize, usize), Vec<usize>> = BTreeMap::new();
    for (h, highlight) in highlights.iter().enumerate().filter(|&(h, _)| drawn_paths[h]) {
        for &step in &highlight.steps {
            let list = on_edge.entry(step).or_default();
            if !list.contains(&h) {
                list.push(h);
            }
        }
    }
    let choices: Vec<(usize, usize)> = if collapsed {
        on_edge.keys().copied().collect()
    } else {
        scenario
            .nodes
            .iter()
            .enumerate()
            .flat_map(|(n, node)| (0..node.choices.len()).map(move |c| (n, c)))
            .collect()
    };
    let mut nodes = vec![!collapsed; scenario.nodes.len()];
    for &(n, c) in &choices {
        nodes[n] = true;
        if let Some(m) = targets[n][c] {
            nodes[m] = true;
        }
    }
    if let Some(start) = scenario.node_index(&scenario.start) {
        nodes[start] = true;
    }
    let fold_of = if collapsed {
        folds(scenario, &choices, &nodes, targets)
    } else {
        vec![None; scenario.nodes.len()]
    };
    let mut fold_members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (n, fold) in fold_of.iter().enumerate() {
        if let Some(head) = fold {
            fold_members.entry(*head).or_default().push(n);
        }
    }
    // A run of one node is shown as itself.
    fold_members.retain(|_, members| members.len() > 1);
    let fold_of = fold_of
        .into_iter()
        .map(|fold| fold.filter(|head| fold_members.contains_key(head)))
        .collect();
    Shown {
        collapsed,
        drawn_paths,
        on_edge,
        choices,
        nodes,
        fold_of,
        fold_members,
    }
}

/// Folding (collapsed only): a node with one drawn way in and one drawn way out, both through a single
/// choice, joins its predecessor's fold. Each node's fold head, or `None`.
fn folds(
    scenario: &Scenario,
    choices: &[(usize, usize)],
    shown: &[bool],
    targets: &[Vec<Option<usize>>],
) -> Vec<Option<usize>> {
    let mut fold_of: Vec<Option<usize>> = vec![None; scenario.nodes.len()];
    let mut ins: HashMap<usize, Vec<usize>> = HashMap::new();
    let mut outs: HashMap<usize, Vec<(usize, Option<usize>)>> = HashMap::new();
    for &(n, c) in choices {
        outs.entry(n).or_default().push((c, targets[n][c]));
        if let Some(m) = targets[n][c] {
            ins.entry(m).or_default().push(n);
        }
    }
    let start = scenario.node_index(&scenario.start);
    // Every drawn way in comes from one node, and every drawn way out goes to one other node.
    let single = |v: Option<&Vec<usize>>| v.is_some_and(|v| v.windows(2).all(|w| w[0] == w[1]) && !v.is_empty());
    let passes_through = |n: usize| {
        Some(n) != start
            && single(ins.get(&n))
            && outs
                .get(&n)
                .is_some_and(|v| !v.is_empty() && v.iter().all(|&(_, t)| t.is_some() && t == v[0].1))
    };
    let order = graph::topological_order(&graph::successors(scenario), start.unwrap_or(0)).unwrap_or_default();
    for &n in &order {
        if !shown[n] || !passes_through(n) {
            continue;
        }
        let pred = ins[&n][0];
        fold_of[n] = Some(if passes_through(pred) {
            fold_of[pred].unwrap_or(pred)
        } else {
            n
        });
    }
    fold_of
}
