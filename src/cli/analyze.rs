//! `goodwill analyze`: every path through a scenario, and optionally seeded random playthroughs.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use goodwill_engine::Lang;
use goodwill_engine::analyze::{self, PathEnd};
use goodwill_engine::picture;

fn numbered(choices: &[usize]) -> String {
    choices
        .iter()
        .map(|c| (c + 1).to_string())
        .collect::<Vec<_>>()
        .join(",")
}

fn describe(end: &PathEnd) -> String {
    format!(
        "{} ({}) via --choices {}",
        end.final_balance,
        end.outcome.code(),
        numbered(&end.choices)
    )
}

pub fn run(arg: &str, random: Option<u32>, seed: u64, json: bool) -> Result<i32, String> {
    let scenario = Arc::new(super::load_playable(arg)?);
    let started = Instant::now();
    let analysis = analyze::analyze(&scenario);
    let elapsed = started.elapsed();
    let runs = random.map(|n| analyze::random_runs(&scenario, n, seed));
    if json {
        let value = serde_json::json!({
            "scenario": scenario.id,
            "analysis": analysis,
            "node_ids": scenario.nodes.iter().map(|n| n.id.as_str()).collect::<Vec<_>>(),
            "random": runs,
        });
        println!("{}", serde_json::to_string_pretty(&value).map_err(|e| e.to_string())?);
        return Ok(0);
    }
    println!(
        "{} ({}): {} nodes",
        scenario.id,
        scenario.title.en,
        scenario.nodes.len()
    );
    let exactness = if analysis.exact {
        "all explored"
    } else {
        "too many to enumerate; swept approximately"
    };
    println!(
        "paths: {} ({exactness}) in {:.1} ms",
        analysis.path_count,
        elapsed.as_secs_f64() * 1000.0
    );
    if let Some(best) = &analysis.best {
        println!("best final balance:  {}", describe(best));
    }
    if let Some(worst) = &analysis.worst {
        println!("worst final balance: {}", describe(worst));
    }
    println!("reachable outcomes:");
    for outcome in goodwill_engine::Outcome::ALL {
        match analysis.example_paths.get(&outcome) {
            Some(end) => println!("  {:<9} yes, e.g. {}", outcome.code(), describe(end)),
            None => println!("  {:<9} NO", outcome.code()),
        }
    }
    println!("balance on arrival at each node:");
    for (node, range) in scenario.nodes.iter().zip(&analysis.nodes) {
        match range {
            Some(r) => println!("  {:<28} {:>4} .. {:<4}", node.id, r.min, r.max),
            None => println!("  {:<28} never reached", node.id),
        }
    }
    if let Some(runs) = runs {
        println!("{} random playthroughs (seed {seed}):", runs.runs);
        for (outcome, count) in &runs.outcomes {
            println!("  {:<9} {count}", outcome.code());
        }
        let mut unvisited = Vec::new();
        for (node, visits) in scenario.nodes.iter().zip(&runs.node_visits) {
            println!("  node {:<28} {visits}", node.id);
            if *visits == 0 {
                unvisited.push(node.id.as_str());
            }
        }
        if !unvisited.is_empty() {
            println!(
                "warning: no random run reached {} — check the content",
                unvisited.join(", ")
            );
        }
    }
    Ok(0)
}

/// Writes `bytes` to `path` through a new temporary file beside it, created exclusively (`O_EXCL`, so
/// never through a symlink planted there), then renamed over `path` (which replaces a symlink at `path`
/// rather than writing through it). A reader never sees half a picture.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| format!("{}: not a file name", path.display()))?;
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let temp = dir.join(format!(
        ".{}.{}-{nanos}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temp)
        .and_then(|mut f| f.write_all(bytes).and_then(|()| f.sync_all()))
        .and_then(|()| std::fs::rename(&temp, path));
    written.map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        format!("cannot write {}: {e}", path.display())
    })
}

/// `analyze --graph FILE [--path 2,1,3]`: the conversation as a picture (see `goodwill_engine::picture`).
pub fn draw(arg: &str, out: &Path, path: Option<&[usize]>) -> Result<(), String> {
    let scenario = super::load_playable(arg)?;
    let analysis = analyze::analyze(&scenario);
    let trainee: Option<Vec<usize>> = match path {
        Some(choices) => {
            if choices.contains(&0) {
                return Err("--path numbers choices from 1, in file order".into());
            }
            Some(choices.iter().map(|c| c - 1).collect())
        }
        None => None,
    };
    let svg =
        picture::draw_svg(&scenario, &analysis, trainee.as_deref(), Lang::En).map_err(|e| format!("--path: {e}"))?;
    let html = out
        .extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("html") || x.eq_ignore_ascii_case("htm"));
    let content = if html {
        picture::html_page(&format!("{} — {}", scenario.id, scenario.title.en), &svg)
    } else {
        svg
    };
    write_atomically(out, content.as_bytes())?;
    eprintln!("wrote {}", out.display());
    Ok(())
}
