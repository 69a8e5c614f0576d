//! Engine-only scenario check for authors: `cargo run -p goodwill-engine --example check -- FILE...`.
//! Prints every diagnostic and, for a playable file, the analysis (best, worst, tiers, node ranges).
//! The full command line (`goodwill check` / `goodwill analyze`) does the same with Bevy linked in.

use std::path::PathBuf;
use std::sync::Arc;

use goodwill_engine::{analyze, load_file};

fn main() {
    let mut failed = false;
    for arg in std::env::args().skip(1) {
        let loaded = load_file(&PathBuf::from(&arg));
        for d in &loaded.diagnostics {
            println!("{d}");
        }
        let Some(scenario) = loaded.scenario else {
            failed = true;
            continue;
        };
        // The surface tells, as `goodwill check` plays them.
        let text = std::fs::read_to_string(&arg).unwrap_or_default();
        for d in goodwill_engine::surface::diagnostics(&scenario, &PathBuf::from(&arg), &text) {
            println!("{d}");
        }
        let a = analyze::analyze(&scenario);
        println!("{arg}: {} paths (exact: {})", a.path_count, a.exact);
        for (outcome, path) in &a.example_paths {
            let choices: Vec<String> = path.choices.iter().map(|c| (c + 1).to_string()).collect();
            println!(
                "  {:?}: e.g. --choices {} (final {})",
                outcome,
                choices.join(","),
                path.final_balance
            );
        }
        for (label, end) in [("best", &a.best), ("worst", &a.worst)] {
            if let Some(end) = end {
                let choices: Vec<String> = end.choices.iter().map(|c| (c + 1).to_string()).collect();
                println!(
                    "  {label}: {} {:?} via {}",
                    end.final_balance,
                    end.outcome,
                    choices.join(",")
                );
            }
        }
        for (node, range) in scenario.nodes.iter().zip(&a.nodes) {
            match range {
                Some(r) => println!("  node {:<24} balance {}..{}", node.id, r.min, r.max),
                None => println!("  node {:<24} never reached", node.id),
            }
        }
        let random = analyze::random_runs(&Arc::new(scenario.clone()), 1000, 7);
        println!("  1000 random runs: {:?}", random.outcomes);
    }
    if failed {
        std::process::exit(1);
    }
}
