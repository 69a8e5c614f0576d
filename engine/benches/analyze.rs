//! `cargo bench -p goodwill-engine`: how long `analyze` takes on generated scenarios of growing size.
//! Target: under a second at 10,000 nodes, growing linearly.

use std::time::Instant;

use goodwill_engine::{analyze, generate};

fn main() {
    println!("{:>8} {:>12} {:>14} {:>10}", "nodes", "paths", "analyze (ms)", "ms/1k");
    for nodes in [1_000, 2_500, 5_000, 10_000, 20_000] {
        let scenario = generate::layered(nodes);
        let runs = 5;
        let mut best = f64::MAX;
        let mut paths = 0;
        for _ in 0..runs {
            let start = Instant::now();
            let analysis = analyze::analyze(&scenario);
            best = best.min(start.elapsed().as_secs_f64() * 1000.0);
            paths = analysis.path_count;
            assert!(!analysis.exact);
        }
        let paths = if paths == u128::MAX {
            "saturated".to_string()
        } else {
            format!("{paths:.3e}", paths = paths as f64)
        };
        println!(
            "{nodes:>8} {paths:>12} {best:>14.1} {:>10.2}",
            best / nodes as f64 * 1000.0
        );
    }
}
