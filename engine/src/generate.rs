//! Synthetic scenarios for benchmarks and tests: large, valid, and with every outcome reachable.

use crate::principles::{AntiPattern, Principle, Source};
use crate::schema::{Choice, Customer, Difficulty, Ending, Endings, Next, Node, PromiseDef, Scenario};
use crate::text::Text;

/// A layered scenario of `nodes` nodes, three choices each. Node `i` leads to `i + 1` and `i + 2`,
/// so the number of paths grows like the Fibonacci numbers (far too many to enumerate at 10,000 nodes).
pub fn layered(nodes: usize) -> Scenario {
    let nodes = nodes.max(2);
    let text = |s: &str| Text::new(s, s);
    let next = |i: usize| {
        if i < nodes {
            Next::Node(format!("n{i}"))
        } else {
            Next::End
        }
    };
    let node_list = (0..nodes)
        .map(|i| Node {
            id: format!("n{i}"),
            narration: None,
            customer: vec![text("…"), text("……")],
            variants: vec![],
            choices: vec![
                choice(
                    12,
                    vec![Principle::ApologiseSincerely],
                    vec![],
                    next(i + 1),
                    (i % 50 == 0).then(|| "p".to_string()),
                    vec![],
                ),
                choice(
                    6,
                    vec![Principle::ListenAndRestate],
                    vec![],
                    next(i + 2),
                    None,
                    if i % 50 == 25 { vec!["p".into()] } else { vec![] },
                ),
                choice(-9, vec![], vec![AntiPattern::ArguingFault], next(i + 1), None, vec![]),
            ],
        })
        .collect();
    let ending = |s: &str| Ending {
        title: text(s),
        epilogue: text(s),
    };
    Scenario {
        id: "generated".into(),
        version: 1,
        title: text("generated"),
        setting: text("generated"),
        source: Source::Doc001,
        difficulty: Difficulty::Hard,
        customer: Customer {
            name: text("c"),
            persona: text("c"),
            starting_balance: 40,
            temper: 100,
        },
        agent: text("a"),
        promises: vec![PromiseDef {
            id: "p".into(),
            text: text("p"),
            value: 5,
        }],
        start: "n0".into(),
        nodes: node_list,
        endings: Endings {
            lost: ending("lost"),
            resolved: ending("resolved"),
            retained: ending("retained"),
            loyal: ending("loyal"),
        },
        role_card: None,
        pair_with: None,
    }
}

fn choice(
    effect: i32,
    applies: Vec<Principle>,
    breaks: Vec<AntiPattern>,
    next: Next,
    promise: Option<String>,
    keeps: Vec<String>,
) -> Choice {
    Choice {
        text: Text::new("…", "…"),
        effect,
        applies,
        breaks,
        promise,
        keeps,
        breaks_promises: vec![],
        feedback: Text::new("…", "…"),
        cites: None,
        rate_sincerity: false,
        when: vec![],
        next,
    }
}
