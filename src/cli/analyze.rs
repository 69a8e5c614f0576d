//! `goodwill analyze`: every path through a scenario, and optionally seeded random playthroughs.

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use goodwill_engine::Lang;
use goodwill_engine::analyze::{self, PathEnd};
use goodwill_engine::states::NoGraph;
use goodwill_engine::surface::{self, Surface};
use goodwill_store::output::OutputGuard;

use super::output::outln;

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

/// The most random playthroughs `analyze --random` plays (a few seconds on the largest shipped case);
/// the command line refuses more.
pub const MAX_RANDOM_RUNS: u32 = 100_000;

/// The path count as a person should read it: the analyser's count stops at `u128::MAX`, so that
/// value means "at least this many", never an exact figure.
fn path_count(count: u128) -> String {
    if count == u128::MAX {
        format!("more than {}", u128::MAX - 1)
    } else {
        count.to_string()
    }
}

pub fn run(arg: &str, random: Option<u32>, seed: u64, json: bool) -> Result<i32, String> {
    if random.is_some_and(|n| n > MAX_RANDOM_RUNS) {
        return Err(format!("--random takes at most {MAX_RANDOM_RUNS} playthroughs"));
    }
    let (scenario, errors) = super::load_analysable(arg)?;
    let scenario = Arc::new(scenario);
    let started = Instant::now();
    let analysis = analyze::analyze(&scenario);
    let elapsed = started.elapsed();
    // Only where every path was tried: on a larger file the search after each mistake could not finish.
    let mistakes = analysis
        .best
        .as_ref()
        .filter(|_| analysis.exact)
        .and_then(|best| goodwill_engine::mistakes::one_mistake(&scenario, &best.choices));
    // With errors left, the paths are reported (their figures are true as written), but not what reads
    // the answers' words or plays the case as a trainee would: the words may still be missing.
    let draft = !errors.is_empty();
    let skipped: Vec<&str> = if draft {
        vec![
            "surface tells (they read the answers' words, which errors may leave missing)",
            "random playthroughs (the game refuses to play a file with errors)",
        ]
    } else {
        Vec::new()
    };
    let runs = random
        .filter(|_| !draft)
        .map(|n| analyze::random_runs(&scenario, n, seed));
    let tells = goodwill_engine::tells::tells(&scenario);
    let surface = if draft {
        Err(NoGraph::Unplayable)
    } else {
        goodwill_engine::surface::surface_tells(&scenario)
    };
    if json {
        let mut analysis_json = serde_json::to_value(&analysis).map_err(|e| e.to_string())?;
        number_from_one(&mut analysis_json);
        let value = serde_json::json!({
            "scenario": scenario.id,
            "choices_numbered": "from 1, in file order, as `play --choices` takes them",
            "analysis": analysis_json,
            // The count saturates: at the cap it is a lower bound, not a count.
            "path_count_is_lower_bound": analysis.path_count == u128::MAX,
            "node_ids": scenario.nodes.iter().map(|n| n.id.as_str()).collect::<Vec<_>>(),
            "tells": tells,
            "surface": surface_json(&surface),
            "random": runs,
            "one_mistake": mistakes.as_ref().map(mistakes_json),
            "errors": errors,
            "skipped": skipped,
        });
        outln!("{}", serde_json::to_string_pretty(&value).map_err(|e| e.to_string())?);
        return Ok(if draft { 1 } else { 0 });
    }
    if draft {
        outln!(
            "{} error(s) remain, none of which changes the paths, so the paths are analysed as written; the game will not play the file until they are fixed:",
            errors.len()
        );
        for e in &errors {
            outln!("  {e}");
        }
        outln!("skipped: {}", skipped.join("; "));
    }
    outln!(
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
    outln!(
        "paths: {} ({exactness}) in {:.1} ms",
        path_count(analysis.path_count),
        elapsed.as_secs_f64() * 1000.0
    );
    if let Some(best) = &analysis.best {
        outln!("best final balance:  {}", describe(best));
    }
    if let Some(worst) = &analysis.worst {
        outln!("worst final balance: {}", describe(worst));
    }
    outln!("reachable outcomes:");
    for outcome in goodwill_engine::Outcome::ALL {
        match analysis.example_paths.get(&outcome) {
            Some(end) => outln!("  {:<9} yes, e.g. {}", outcome.code(), describe(end)),
            None => outln!("  {:<9} NO", outcome.code()),
        }
    }
    for (lang, tell) in [("zh", tells.zh), ("en", tells.en)] {
        outln!(
            "length tell ({lang}): the longest line is the best at {} of {} nodes ({:.0} %); always the longest ends {} ({}){}",
            tell.longest_is_best,
            tell.nodes,
            tell.share() * 100.0,
            tell.always_longest.code(),
            tell.always_longest_balance,
            if tell.is_a_tell() {
                "  <- a tell: a trainee could score by length"
            } else {
                ""
            }
        );
    }
    let rank = &tells.best_rank;
    outln!(
        "best length-rank strategy: {} ends {} ({}){}",
        rank.strategy,
        rank.outcome.code(),
        rank.balance,
        if rank.is_a_tell() {
            "  <- a tell: a trainee could score by length"
        } else {
            ""
        }
    );
    match &mistakes {
        Some(table) => print_mistakes(&scenario, table),
        None if !analysis.exact => {
            outln!("one mistake: not computed (too many paths to search the best play after each mistake)")
        }
        None => {}
    }
    if !draft {
        print_surface(&surface);
    }
    outln!("balance on arrival at each node:");
    for (node, range) in scenario.nodes.iter().zip(&analysis.nodes) {
        match range {
            Some(r) => outln!("  {:<28} {:>4} .. {:<4}", node.id, r.min, r.max),
            None => outln!("  {:<28} never reached", node.id),
        }
    }
    if let Some(runs) = runs {
        outln!("{} random playthroughs (seed {seed}):", runs.runs);
        for (outcome, count) in &runs.outcomes {
            outln!("  {:<9} {count}", outcome.code());
        }
        let mut unvisited = Vec::new();
        for (node, visits) in scenario.nodes.iter().zip(&runs.node_visits) {
            outln!("  node {:<28} {visits}", node.id);
            if *visits == 0 {
                unvisited.push(node.id.as_str());
            }
        }
        if !unvisited.is_empty() {
            outln!(
                "warning: no random run reached {} — check the content",
                unvisited.join(", ")
            );
        }
    }
    Ok(if draft { 1 } else { 0 })
}

/// The one-mistake table as JSON, choices numbered from 1 like `--choices`.
fn mistakes_json(table: &goodwill_engine::mistakes::OneMistake) -> serde_json::Value {
    let from_one = |choices: &[usize]| choices.iter().map(|c| c + 1).collect::<Vec<_>>();
    serde_json::json!({
        "best": from_one(&table.best),
        "best_outcome": table.best_outcome,
        "best_balance": table.best_balance,
        "exact": table.exact,
        "deviations": table.deviations.iter().map(|d| serde_json::json!({
            "step": d.step + 1,
            "node": d.node,
            "choice": d.choice + 1,
            "choices": from_one(&d.path),
            "outcome": d.outcome,
            "final_balance": d.final_balance,
            "forgiven": d.outcome >= table.best_outcome,
        })).collect::<Vec<_>>(),
        "forgiven": table.forgiven().count(),
    })
}

/// The one-mistake table: each single deviation from the best path, with the best play after it.
fn print_mistakes(scenario: &goodwill_engine::Scenario, table: &goodwill_engine::mistakes::OneMistake) {
    outln!(
        "one mistake: the best path ({} {}), with each other choice at each step and the best play after it ({} of {} forgiven: still {}):",
        table.best_balance,
        table.best_outcome.code(),
        table.forgiven().count(),
        table.deviations.len(),
        table.best_outcome.code()
    );
    outln!(
        "  {:>4}  {:<24} {:>6}  {:<9} {:>7}  path",
        "step",
        "node",
        "choice",
        "ends",
        "balance"
    );
    for d in &table.deviations {
        let tags = scenario
            .node_index(&d.node)
            .and_then(|n| scenario.nodes[n].choices.get(d.choice))
            .map(|c| {
                let mut tags: Vec<String> = c.applies.iter().map(|p| format!("{p:?}")).collect();
                tags.extend(c.breaks.iter().map(|a| format!("{a:?}")));
                tags.join(" ")
            })
            .unwrap_or_default();
        outln!(
            "  {:>4}  {:<24} {:>6}  {:<9} {:>7}  --choices {}{}  [{tags}]",
            d.step + 1,
            d.node,
            d.choice + 1,
            d.outcome.code(),
            d.final_balance,
            numbered(&d.path),
            if d.outcome >= table.best_outcome {
                "  forgiven"
            } else {
                ""
            }
        );
    }
    if !table.exact {
        outln!("  (some searches after a mistake stopped early: their balance is the best found)");
    }
}

/// The surface tells as JSON: the figures, the strongest rules and whether any breaks the thresholds;
/// `{"not_explored": why}` when the conversation has too many situations.
fn surface_json(surface: &Result<Surface, NoGraph>) -> serde_json::Value {
    match surface {
        Ok(s) => serde_json::json!({
            "random_keep": s.random_keep,
            "random_loyal": s.random_loyal,
            "random_lost": s.random_lost,
            "rules": s.rules,
            "distinct": s.distinct,
            "strongest": s.strongest(),
            "ratio_to_random": if s.ratio().is_finite() { serde_json::json!(s.ratio()) } else { serde_json::Value::Null },
            "top": s.top,
            "deterministic": s.deterministic,
            "beating": s.beating,
            "hot_nodes": s.hot_nodes,
            "limits": {
                "keep_share": surface::KEEP_SHARE_LIMIT,
                "keep_ratio_to_random": surface::KEEP_RATIO_LIMIT,
                "deterministic_keeps": false,
            },
            "is_a_tell": !s.offenders().is_empty(),
        }),
        Err(why) => serde_json::json!({ "not_explored": format!("{why:?}") }),
    }
}

/// The surface tells in the text report: the random player, the strongest rule beside it, the best
/// rule without randomness, and the nodes that feed them.
fn print_surface(found: &Result<Surface, NoGraph>) {
    let s = match found {
        Ok(s) => s,
        Err(NoGraph::TooLarge) => {
            outln!(
                "surface tells: not played (more than {} states or {} situations)",
                surface::STATE_LIMIT,
                surface::SITUATION_LIMIT
            );
            return;
        }
        Err(NoGraph::Unplayable) => return,
    };
    let percent = |p: f64| format!("{:.1} %", p * 100.0);
    outln!(
        "surface tells ({} rules that read only the answers' words): a random player keeps the customer in {}",
        s.rules,
        percent(s.random_keep)
    );
    let flag = |r: &surface::RuleResult| if r.beats(s.random_keep) { "  <- a tell" } else { "" };
    let strongest = s.strongest();
    outln!(
        "  strongest rule keeps in {} ({:.1}× random): {}{}",
        percent(strongest.keep),
        s.ratio(),
        strongest.rule,
        flag(strongest)
    );
    if !strongest.feeding_nodes.is_empty() {
        outln!("    picks only best answers at: {}", strongest.feeding_nodes.join(", "));
    }
    let d = &s.deterministic;
    outln!(
        "  best rule without randomness keeps in {}: {}{}",
        percent(d.keep),
        d.rule,
        flag(d)
    );
    outln!(
        "  limits: at most {} and {}× random; no rule without randomness keeps the customer",
        percent(surface::KEEP_SHARE_LIMIT),
        surface::KEEP_RATIO_LIMIT
    );
}

/// Paths in the JSON count choices from 1, like `--choices` and the text output (the engine counts
/// from 0).
fn number_from_one(analysis: &mut serde_json::Value) {
    let mut paths: Vec<&mut serde_json::Value> = Vec::new();
    if let Some(object) = analysis.as_object_mut() {
        for (key, value) in object.iter_mut() {
            match key.as_str() {
                "best" | "worst" => paths.push(value),
                "example_paths" => paths.extend(value.as_object_mut().into_iter().flat_map(|m| m.values_mut())),
                _ => {}
            }
        }
    }
    for path in paths {
        if let Some(choices) = path.get_mut("choices").and_then(|c| c.as_array_mut()) {
            for choice in choices.iter_mut() {
                *choice = serde_json::json!(choice.as_u64().map_or(0, |c| c + 1));
            }
        }
    }
}

/// `analyze --graph FILE [--path 2,1,3]`: the conversation as a picture (see `crate::pages::map`).
pub fn draw(arg: &str, out: &Path, path: Option<&[usize]>, guard: &OutputGuard) -> Result<(), String> {
    // Before the work of drawing: a bad --graph is named at once.
    guard.check(out).map_err(|e| e.to_string())?;
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
    // A path `play --choices` would refuse is refused here too: a choice whose `when` fails, a step after
    // the account closed.
    if let Some(choices) = &trainee {
        let mut trial = goodwill_engine::Session::new(Arc::new(scenario.clone()), 0);
        let mut led_on = false;
        for (step, &index) in choices.iter().enumerate() {
            let bad = |why: String| format!("--path item {} (`{}`): {why}", step + 1, index + 1);
            if trial.is_over() {
                if led_on {
                    return Err(bad(format!(
                        "the account closed at step {step} (the balance fell below zero), so the conversation ends there, as `play --choices` ends it"
                    )));
                }
                // A path past a written end is the map's to report, in its own words.
                break;
            }
            led_on = trial
                .current_node()
                .and_then(|node| node.choices.get(index))
                .is_some_and(|c| matches!(c.next, goodwill_engine::schema::Next::Node(_)));
            trial.choose(index).map_err(|e| bad(e.to_string()))?;
        }
    }
    let svg = crate::pages::map::draw_svg(&scenario, &analysis, trainee.as_deref(), Lang::En)
        .map_err(|e| format!("--path: {e}"))?;
    let html = out
        .extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("html") || x.eq_ignore_ascii_case("htm"));
    let content = if html {
        crate::pages::map::page(&scenario, &svg, Lang::En)
    } else {
        svg
    };
    // Through the one output guard: never over the results database, never through a link.
    guard.replace(out, content.as_bytes()).map_err(|e| e.to_string())?;
    eprintln!("wrote {}", out.display());
    Ok(())
}
