//! Surface tells: rules that read only the answers' words are caught when the words give the best
//! answer away, tell nothing when the words are the same on both sides, and their chances are exact.

use std::path::Path;
use std::sync::Arc;

use goodwill_engine::account::{AccountState, Outcome};
use goodwill_engine::load::load_str;
use goodwill_engine::surface::{self, Ties};
use goodwill_engine::{Scenario, graph};

mod common;

/// A three-node case; `answers` gives each node's three answers as (zh, en, effect): the first is the
/// best. Starting at 40, three best answers end loyal, two and the last node's small slip (-5) retained;
/// any other wrong answer ends lost or resolved.
fn case(answers: [[(&str, &str, i32); 3]; 3]) -> String {
    let mut nodes = String::new();
    for (n, node) in answers.iter().enumerate() {
        let next = if n == 2 {
            "End".to_string()
        } else {
            format!("Node(\"n{}\")", n + 1)
        };
        let mut choices = String::new();
        for (k, &(zh, en, effect)) in node.iter().enumerate() {
            // The last node's last answer is only a small slip, so "retained" is reachable.
            let effect = if n == 2 && k == 2 { -5 } else { effect };
            // A different move at each node, so repetition does not shrink the best path's deposits.
            let good = ["ThankForComplaint", "ApologiseSincerely", "ConfirmSatisfaction"][n];
            let tag = if effect > 0 {
                format!("applies: [{good}]")
            } else {
                "breaks: [DismissingComplaint]".to_string()
            };
            choices.push_str(&format!(
                "                (text: (zh: \"{zh}\", en: \"{en}\"), effect: {effect}, {tag}, feedback: (zh: \"说明。\", en: \"Why.\"), next: {next}),\n"
            ));
        }
        nodes.push_str(&format!(
            "        (\n            id: \"n{n}\",\n            customer: [(zh: \"顾客说话。\", en: \"The customer speaks.\")],\n            choices: [\n{choices}            ],\n        ),\n"
        ));
    }
    format!(
        r#"Scenario(
    id: "surface-case",
    title: (zh: "案例", en: "Case"),
    setting: (zh: "店里。", en: "A shop."),
    source: Doc001,
    difficulty: Easy,
    agent: (zh: "店员", en: "The clerk"),
    customer: (name: (zh: "王女士", en: "Ms Wang"), persona: (zh: "顾客。", en: "A customer."), starting_balance: 40),
    start: "n0",
    nodes: [
{nodes}    ],
    endings: (
        lost: (title: (zh: "走了", en: "Gone"), epilogue: (zh: "她走了。", en: "She left.")),
        resolved: (title: (zh: "了结", en: "Settled"), epilogue: (zh: "了结了。", en: "Settled.")),
        retained: (title: (zh: "再来", en: "Back"), epilogue: (zh: "她会再来。", en: "She will be back.")),
        loyal: (title: (zh: "常客", en: "Regular"), epilogue: (zh: "她成了常客。", en: "She became a regular.")),
    ),
)"#
    )
}

fn scenario(text: &str) -> Scenario {
    let loaded = load_str(Path::new("surface-case.ron"), text);
    loaded.scenario.unwrap_or_else(|| panic!("{:#?}", loaded.diagnostics))
}

/// A random player's chance of each outcome, by walking every path (no shared states): an independent
/// count to hold the dynamic programming to.
fn enumerate(s: &Scenario) -> [f64; 4] {
    fn walk(
        s: &Scenario,
        targets: &graph::ChoiceTargets,
        node: usize,
        state: AccountState,
        p: f64,
        out: &mut [f64; 4],
    ) {
        let offered = state.offered(s, node);
        let share = p / offered.len() as f64;
        for choice in offered {
            let mut next = state.clone();
            next.apply_choice(s, node, choice, None);
            match targets[node][choice] {
                Some(to) if !next.closed => walk(s, targets, to, next, share, out),
                _ => {
                    next.settle(s);
                    out[next.outcome() as usize] += share;
                }
            }
        }
    }
    let targets = graph::choice_targets(s);
    let mut out = [0.0; 4];
    let start = s.node_index(&s.start).unwrap();
    walk(s, &targets, start, AccountState::new(s), 1.0, &mut out);
    out
}

#[test]
fn thanks_that_always_mark_the_best_answer_are_caught_and_placed() {
    let text = case([
        [
            (
                "谢谢您告诉我，我马上处理。",
                "Thank you for telling me; I'll see to it.",
                15,
            ),
            ("这种事很常见。", "This happens all the time.", -20),
            ("您先回去吧。", "You can go home for now.", -20),
        ],
        [
            (
                "感谢您的耐心，我们换一件新的。",
                "Thanks for your patience; we'll replace it.",
                15,
            ),
            ("规定就是这样。", "Those are the rules.", -20),
            ("别人都没说什么。", "Nobody else complained.", -20),
        ],
        [
            ("谢谢您，还有别的需要吗？", "Thank you; anything else?", 15),
            ("就这样吧。", "That's that.", -20),
            ("下次注意点。", "Be careful next time.", -20),
        ],
    ]);
    let s = scenario(&text);
    let found = surface::surface_tells(&s).unwrap();
    let strongest = found.strongest();
    assert!((strongest.keep - 1.0).abs() < 1e-9, "{strongest:#?}");
    assert!(strongest.rule.contains("ThankForComplaint"), "{}", strongest.rule);
    assert_eq!(strongest.feeding_nodes, ["n0", "n1", "n2"]);
    assert!(found.random_keep < 0.1, "{}", found.random_keep);
    assert!(found.deterministic.keep > 0.5 && found.deterministic.ties != Ties::Random);
    // `check` warns at the first node that feeds the rule and names the others with line and column.
    let warnings = surface::diagnostics(&s, Path::new("surface-case.ron"), &text);
    assert_eq!(warnings.len(), 2, "{warnings:#?}");
    let line_of = |id: &str| text.lines().position(|l| l.contains(&format!("id: \"{id}\""))).unwrap() + 1;
    assert_eq!(warnings[0].line, Some(line_of("n0")), "{}", warnings[0]);
    for id in ["n1", "n2"] {
        assert!(
            warnings[0].message.contains(&format!("`{id}` ({}:", line_of(id))),
            "{}",
            warnings[0]
        );
    }
}

#[test]
fn the_same_words_on_both_sides_tell_nothing() {
    // Every answer at a node has the same words: no rule of words can do better than chance.
    let same = |zh, en| [(zh, en, 15), (zh, en, -20), (zh, en, -20)];
    let text = case([
        same("对不起，谢谢您。", "Sorry, and thank you."),
        same("我马上去办。", "I'll do it right away."),
        same("还有什么需要吗？", "Anything else?"),
    ]);
    let s = scenario(&text);
    let found = surface::surface_tells(&s).unwrap();
    assert!((found.strongest().keep - found.random_keep).abs() < 1e-9, "{found:#?}");
    assert!(found.offenders().is_empty());
    assert!(surface::diagnostics(&s, Path::new("surface-case.ron"), &text).is_empty());
}

#[test]
fn chances_are_exact_over_every_path() {
    for id in ["spilled-soup", "repairer-at-lunch"] {
        let s = Arc::new(goodwill_engine::load_file(&common::shipped_file(id)).scenario.unwrap());
        let found = surface::surface_tells(&s).unwrap();
        let all = enumerate(&s);
        let keep = all[Outcome::Retained as usize] + all[Outcome::Loyal as usize];
        assert!(
            (found.random_keep - keep).abs() < 1e-9,
            "{id}: {} vs {keep}",
            found.random_keep
        );
        assert!((found.random_lost - all[Outcome::Lost as usize]).abs() < 1e-9, "{id}");
        assert!((all.iter().sum::<f64>() - 1.0).abs() < 1e-9);
    }
}

/// Issue 21, item 1: in no shipped case may a rule that reads only the answers' words keep the customer
/// (retained or loyal) in more than 15 % of plays, or more than twice as often as a random player; and no
/// such rule without randomness may keep the customer at all.
#[test]
fn no_rule_of_words_keeps_the_customer_in_a_shipped_case() {
    let mut failures = Vec::new();
    for id in common::shipped_ids() {
        let file = common::shipped_file(&id);
        let s = goodwill_engine::load_file(&file).scenario.expect("playable");
        let text = std::fs::read_to_string(&file).unwrap();
        let found = surface::surface_tells(&s).expect("explored");
        if !found.offenders().is_empty() {
            let warnings: Vec<String> = surface::diagnostics(&s, &file, &text)
                .iter()
                .map(ToString::to_string)
                .collect();
            failures.push(format!(
                "{id}: random keeps {:.1} %; {} distinct rules beat the limits; strongest {:.1} % ({})\n{}",
                found.random_keep * 100.0,
                found.beating,
                found.strongest().keep * 100.0,
                found.strongest().rule,
                warnings.join("\n")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
