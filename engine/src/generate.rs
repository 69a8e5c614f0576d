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

/// A RON string literal.
fn quoted(s: &str) -> String {
    ron::ser::to_string(s).unwrap_or_else(|_| format!("{s:?}"))
}

fn text_ron(t: &Text) -> String {
    format!("(zh: {}, en: {})", quoted(&t.zh), quoted(&t.en))
}

fn ids_ron(ids: &[String]) -> String {
    let ids: Vec<String> = ids.iter().map(|id| quoted(id)).collect();
    format!("[{}]", ids.join(", "))
}

/// Writes a scenario the way an author does (see `docs/authoring.md`): one choice per line, optional
/// fields left out when they hold their default. The loader benchmark times reading this from disk.
pub fn to_authored_ron(s: &Scenario) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(w, "// Generated: {} nodes.\nScenario(", s.nodes.len());
    let _ = writeln!(w, "    id: {},", quoted(&s.id));
    let _ = writeln!(w, "    title: {},", text_ron(&s.title));
    let _ = writeln!(w, "    setting: {},", text_ron(&s.setting));
    let _ = writeln!(w, "    source: {:?},", s.source);
    let _ = writeln!(w, "    difficulty: {:?},", s.difficulty);
    let _ = writeln!(w, "    agent: {},", text_ron(&s.agent));
    let _ = writeln!(
        w,
        "    customer: (name: {}, persona: {}, starting_balance: {}, temper: {}),",
        text_ron(&s.customer.name),
        text_ron(&s.customer.persona),
        s.customer.starting_balance,
        s.customer.temper
    );
    let _ = writeln!(w, "    promises: [");
    for p in &s.promises {
        let _ = writeln!(
            w,
            "        (id: {}, text: {}, value: {}),",
            quoted(&p.id),
            text_ron(&p.text),
            p.value
        );
    }
    let _ = writeln!(w, "    ],\n    start: {},\n    nodes: [", quoted(&s.start));
    for node in &s.nodes {
        let _ = writeln!(w, "        (\n            id: {},", quoted(&node.id));
        let lines: Vec<String> = node.customer.iter().map(text_ron).collect();
        let _ = writeln!(w, "            customer: [{}],", lines.join(", "));
        let _ = writeln!(w, "            choices: [");
        for c in &node.choices {
            let mut fields = vec![format!("text: {}", text_ron(&c.text)), format!("effect: {}", c.effect)];
            if !c.applies.is_empty() {
                let names: Vec<String> = c.applies.iter().map(|p| format!("{p:?}")).collect();
                fields.push(format!("applies: [{}]", names.join(", ")));
            }
            if !c.breaks.is_empty() {
                let names: Vec<String> = c.breaks.iter().map(|a| format!("{a:?}")).collect();
                fields.push(format!("breaks: [{}]", names.join(", ")));
            }
            if let Some(p) = &c.promise {
                fields.push(format!("promise: Some({})", quoted(p)));
            }
            if !c.keeps.is_empty() {
                fields.push(format!("keeps: {}", ids_ron(&c.keeps)));
            }
            if !c.breaks_promises.is_empty() {
                fields.push(format!("breaks_promises: {}", ids_ron(&c.breaks_promises)));
            }
            fields.push(format!("feedback: {}", text_ron(&c.feedback)));
            fields.push(match &c.next {
                Next::Node(id) => format!("next: Node({})", quoted(id)),
                Next::End => "next: End".to_string(),
            });
            let _ = writeln!(w, "                ({}),", fields.join(", "));
        }
        let _ = writeln!(w, "            ],\n        ),");
    }
    let _ = writeln!(w, "    ],\n    endings: (");
    for (name, e) in [
        ("lost", &s.endings.lost),
        ("resolved", &s.endings.resolved),
        ("retained", &s.endings.retained),
        ("loyal", &s.endings.loyal),
    ] {
        let _ = writeln!(
            w,
            "        {name}: (title: {}, epilogue: {}),",
            text_ron(&e.title),
            text_ron(&e.epilogue)
        );
    }
    let _ = writeln!(w, "    ),\n)");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_authored_form_reads_back_as_the_same_scenario() {
        let s = layered(60);
        let back: Scenario = ron::from_str(&to_authored_ron(&s)).expect("parses");
        assert_eq!(back, s);
    }
}
