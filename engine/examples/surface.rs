//! Surface tells for authors, without Bevy: `cargo run -p goodwill-engine --example surface -- FILE...`.
//! For each case: a random player's chance of keeping the customer (retained or loyal), the strongest
//! rules that read only the answers' words with their chances, the best rule without randomness, and
//! the nodes whose wording feeds each rule (it picks only best answers there). See `engine/src/surface.rs`.

use std::path::PathBuf;

use goodwill_engine::load_file;
use goodwill_engine::surface::{self, KEEP_RATIO_LIMIT, KEEP_SHARE_LIMIT, RuleResult};

fn percent(p: f64) -> String {
    format!("{:.1} %", p * 100.0)
}

fn print_rule(r: &RuleResult, random: f64, lines: &[(String, usize, usize)]) {
    let flag = if r.beats(random) {
        "  <- beats the thresholds"
    } else {
        ""
    };
    println!(
        "  {:>7} keep ({} loyal, {} lost)  {}{flag}",
        percent(r.keep),
        percent(r.loyal),
        percent(r.lost),
        r.rule
    );
    if r.same_as > 0 {
        println!("          (and {} other rules that pick exactly alike)", r.same_as);
    }
    let fed: Vec<String> = r
        .feeding
        .iter()
        .map(|&n| {
            let (id, line, col) = &lines[n];
            format!("{id} ({line}:{col})")
        })
        .collect();
    if !fed.is_empty() {
        println!("          picks only best answers at: {}", fed.join(", "));
    }
}

fn main() {
    let mut failed = false;
    for arg in std::env::args().skip(1) {
        let path = PathBuf::from(&arg);
        let loaded = load_file(&path);
        for d in loaded.diagnostics.iter().filter(|d| d.is_error()) {
            println!("{d}");
        }
        let Some(scenario) = loaded.scenario else {
            failed = true;
            continue;
        };
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let lines = goodwill_engine::locate::node_positions(&scenario, &text);
        let s = match surface::surface_tells(&scenario) {
            Ok(s) => s,
            Err(why) => {
                println!("{arg}: not explored ({why:?})");
                continue;
            }
        };
        println!(
            "{arg}: random player keeps the customer in {} of plays ({} loyal, {} lost); {} rules, {} distinct, {} beat the limits ({} and {KEEP_RATIO_LIMIT}× random; without randomness, never keep)",
            percent(s.random_keep),
            percent(s.random_loyal),
            percent(s.random_lost),
            s.rules,
            s.distinct,
            s.beating,
            percent(KEEP_SHARE_LIMIT),
        );
        if !s.hot_nodes.is_empty() {
            let hot: Vec<String> = s.hot_nodes.iter().map(|(id, k)| format!("{id} {k}")).collect();
            println!(
                " nodes feeding rules over the limits (how many rules): {}",
                hot.join(", ")
            );
        }
        println!(" strongest rules with random tie-breaking ({:.2}× random):", s.ratio());
        for r in &s.top {
            print_rule(r, s.random_keep, &lines);
        }
        println!(" best rule without randomness:");
        print_rule(&s.deterministic, s.random_keep, &lines);
        for d in surface::diagnostics(&scenario, &path, &text) {
            println!("{d}");
            failed = true;
        }
    }
    if failed {
        std::process::exit(1);
    }
}
