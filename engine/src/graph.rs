//! The scenario as a graph of node indices: successors, reachability, cycles, topological order.

use crate::locate::QuickMap;
use crate::schema::{Next, Scenario};

/// For every node, the node index each choice leads to (`None`: the conversation ends there, or the
/// reference is dangling, which the validator reports).
pub type ChoiceTargets = Vec<Vec<Option<usize>>>;

/// Each choice's target, resolved once (a step must not search the node list).
pub fn choice_targets(scenario: &Scenario) -> ChoiceTargets {
    // The quick hasher: ids are short, and this runs on every check (SipHash was a tenth of it).
    let mut index: QuickMap<&str, usize> = QuickMap::with_capacity_and_hasher(scenario.nodes.len(), Default::default());
    for (i, n) in scenario.nodes.iter().enumerate() {
        // A duplicate id (an error the validator reports) resolves to the last node, as it always has.
        index.insert(n.id.as_str(), i);
    }
    targets_through(scenario, &index)
}

/// [`choice_targets`] through a map of node ids the caller already has (the validator's).
pub fn targets_through(scenario: &Scenario, index: &QuickMap<&str, usize>) -> ChoiceTargets {
    scenario
        .nodes
        .iter()
        .map(|n| {
            n.choices
                .iter()
                .map(|c| match &c.next {
                    Next::Node(id) => index.get(id.as_str()).copied(),
                    Next::End => None,
                })
                .collect()
        })
        .collect()
}

/// Successor node indices of every node, without repeats.
pub fn successors(scenario: &Scenario) -> Vec<Vec<usize>> {
    choice_targets(scenario)
        .into_iter()
        .map(|targets| {
            let mut next: Vec<usize> = targets.into_iter().flatten().collect();
            next.sort_unstable();
            next.dedup();
            next
        })
        .collect()
}

/// Which nodes can be reached from `start`.
pub fn reachable(succ: &[Vec<usize>], start: usize) -> Vec<bool> {
    let mut seen = vec![false; succ.len()];
    let mut stack = vec![start];
    while let Some(n) = stack.pop() {
        if std::mem::replace(&mut seen[n], true) {
            continue;
        }
        stack.extend(succ[n].iter().copied().filter(|&m| !seen[m]));
    }
    seen
}

/// Nodes reachable from `start` in topological order, or the nodes of a cycle if there is one.
pub fn topological_order(succ: &[Vec<usize>], start: usize) -> Result<Vec<usize>, Vec<usize>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    let mut mark = vec![Mark::New; succ.len()];
    let mut order = Vec::new();
    // Iterative DFS so a 10,000-node chain cannot overflow the stack.
    let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
    mark[start] = Mark::Open;
    while let Some(&mut (node, ref mut next)) = stack.last_mut() {
        if let Some(&child) = succ[node].get(*next) {
            *next += 1;
            match mark[child] {
                Mark::New => {
                    mark[child] = Mark::Open;
                    stack.push((child, 0));
                }
                Mark::Open => {
                    let from = stack.iter().position(|&(n, _)| n == child).unwrap_or(0);
                    let mut cycle: Vec<usize> = stack[from..].iter().map(|&(n, _)| n).collect();
                    cycle.push(child);
                    return Err(cycle);
                }
                Mark::Done => {}
            }
        } else {
            mark[node] = Mark::Done;
            order.push(node);
            stack.pop();
        }
    }
    order.reverse();
    Ok(order)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_a_diamond_and_finds_a_cycle() {
        let diamond = vec![vec![1, 2], vec![3], vec![3], vec![]];
        let order = topological_order(&diamond, 0).unwrap();
        assert_eq!(order.first(), Some(&0));
        assert_eq!(order.last(), Some(&3));
        let cyclic = vec![vec![1], vec![2], vec![1]];
        assert_eq!(topological_order(&cyclic, 0), Err(vec![1, 2, 1]));
        assert_eq!(reachable(&cyclic, 1), vec![false, true, true]);
    }
}
