//! Loading the shipped cases, and walking a case by what its choices *do*: shared by the verdict tests and
//! the tests of what every shipped case meets.
//!
//! A walk picks, at each node, the one offered choice whose tags — the principles it applies, the
//! anti-patterns it commits, the promises it opens, keeps or breaks — match the step's description,
//! never by position or wording, so content can be reordered and reworded without weakening a test. A
//! step that matches no offered choice, or more than one, fails: an ambiguous step is a broken test.
#![allow(dead_code)] // each test file uses its own subset

use std::path::{Path, PathBuf};
use std::sync::Arc;

use goodwill_engine::analyze::analyze;
use goodwill_engine::schema::Choice;
use goodwill_engine::{AntiPattern, Outcome, Principle, Report, Scenario, Session, load_file};

/// The repository's root, where `scenarios/` and `tests/fixtures/` are.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// The file of the shipped case `id`.
pub fn shipped_file(id: &str) -> PathBuf {
    repo().join("scenarios").join(format!("{id}.ron"))
}

/// The shipped case `id`, insisting that it loads with no errors and no warnings (the length-tell check
/// is one of the warnings).
pub fn shipped_case(id: &str) -> Arc<Scenario> {
    let loaded = load_file(&shipped_file(id));
    let problems: Vec<String> = loaded.diagnostics.iter().map(ToString::to_string).collect();
    assert!(problems.is_empty(), "{id}:\n{}", problems.join("\n"));
    Arc::new(loaded.scenario.expect("playable"))
}

/// The ids of every shipped case, read from `scenarios/`, so a new file is covered as soon as it lands.
pub fn shipped_ids() -> Vec<String> {
    let mut ids: Vec<String> = std::fs::read_dir(repo().join("scenarios"))
        .unwrap()
        .filter_map(|e| {
            let path = e.ok()?.path();
            (path.extension()? == "ron").then(|| path.file_stem().unwrap().to_string_lossy().into_owned())
        })
        .collect();
    ids.sort();
    ids
}

/// What a step of a walk picks: a test on a choice's tags, with a description for failure messages.
pub struct Pick {
    pub describe: String,
    test: Box<dyn Fn(&Choice) -> bool>,
}

impl Pick {
    pub fn new(describe: impl Into<String>, test: impl Fn(&Choice) -> bool + 'static) -> Pick {
        Pick {
            describe: describe.into(),
            test: Box::new(test),
        }
    }

    /// Both tests must hold.
    pub fn and(self, other: Pick) -> Pick {
        let (a, b) = (self.test, other.test);
        Pick::new(format!("{} and {}", self.describe, other.describe), move |c| {
            a(c) && b(c)
        })
    }

    pub fn matches(&self, choice: &Choice) -> bool {
        (self.test)(choice)
    }
}

/// The test must not hold.
pub fn not(pick: Pick) -> Pick {
    let test = pick.test;
    Pick::new(format!("not ({})", pick.describe), move |c| !test(c))
}

/// The choice applies this principle.
pub fn applies(p: Principle) -> Pick {
    Pick::new(format!("applies {p:?}"), move |c| c.applies.contains(&p))
}

/// The choice applies every one of these principles.
pub fn applies_all(ps: &'static [Principle]) -> Pick {
    Pick::new(format!("applies {ps:?}"), move |c| {
        ps.iter().all(|p| c.applies.contains(p))
    })
}

/// The choice commits this anti-pattern.
pub fn breaks(a: AntiPattern) -> Pick {
    Pick::new(format!("breaks {a:?}"), move |c| c.breaks.contains(&a))
}

/// The choice commits every one of these anti-patterns.
pub fn commits_all(aps: &'static [AntiPattern]) -> Pick {
    Pick::new(format!("commits {aps:?}"), move |c| {
        aps.iter().all(|a| c.breaks.contains(a))
    })
}

/// The choice commits exactly these anti-patterns and no others.
pub fn commits_only(aps: &'static [AntiPattern]) -> Pick {
    Pick::new(format!("commits only {aps:?}"), move |c| {
        c.breaks.len() == aps.len() && aps.iter().all(|a| c.breaks.contains(a))
    })
}

/// The choice commits no anti-pattern.
pub fn clean() -> Pick {
    Pick::new("commits no anti-pattern", |c| c.breaks.is_empty())
}

/// The choice opens this promise.
pub fn promises(id: &'static str) -> Pick {
    Pick::new(format!("promises `{id}`"), move |c| c.promise.as_deref() == Some(id))
}

/// The choice opens this promise (another name for [`promises`]).
pub fn opens(id: &'static str) -> Pick {
    promises(id)
}

/// The choice opens no promise.
pub fn no_promise() -> Pick {
    Pick::new("opens no promise", |c| c.promise.is_none())
}

/// The choice keeps this promise.
pub fn keeps(id: &'static str) -> Pick {
    Pick::new(format!("keeps `{id}`"), move |c| c.keeps.iter().any(|k| k == id))
}

/// The choice breaks this promise.
pub fn breaks_promise(id: &'static str) -> Pick {
    Pick::new(format!("breaks promise `{id}`"), move |c| {
        c.breaks_promises.iter().any(|k| k == id)
    })
}

/// Plays one pick per node from the start, each applied to the choices offered there, and returns the
/// report of the finished case. `rating` is the customer player's sincerity rating for marked lines
/// (None: solo play). The seed only orders the choices and the walk is by identity, so it is played
/// with three seeds, which must agree.
pub fn walk_rated(s: &Arc<Scenario>, picks: impl AsRef<[Pick]>, rating: Option<u8>) -> Report {
    let picks = picks.as_ref();
    let mut reports: Vec<Report> = Vec::new();
    for seed in [1, 7, 42] {
        let mut session = Session::new(Arc::clone(s), seed);
        for (step, pick) in picks.iter().enumerate() {
            let node = session
                .current_node()
                .unwrap_or_else(|| panic!("{}: the case ended before step {} ({})", s.id, step + 1, pick.describe))
                .clone();
            let matching: Vec<usize> = session
                .offered()
                .iter()
                .copied()
                .filter(|&i| pick.matches(&node.choices[i]))
                .collect();
            assert_eq!(
                matching.len(),
                1,
                "{}/{} (step {}): `{}` must match exactly one offered choice, matches {:?} (offered {:?})",
                s.id,
                node.id,
                step + 1,
                pick.describe,
                matching,
                session.offered()
            );
            session.choose_rated(matching[0], rating).expect("an offered choice");
        }
        let report = session.report().unwrap_or_else(|| {
            panic!(
                "{}: the walk stops at node `{}` before the case ends",
                s.id,
                session.current_node().map_or("?", |n| n.id.as_str())
            )
        });
        if let Some(first) = reports.first() {
            assert_eq!(
                (&report.choices, report.final_balance),
                (&first.choices, first.final_balance),
                "{}: seed {seed} walks elsewhere",
                s.id
            );
        }
        reports.push(report.clone());
    }
    reports.swap_remove(0)
}

pub fn walk(s: &Arc<Scenario>, picks: impl AsRef<[Pick]>) -> Report {
    walk_rated(s, picks, None)
}

/// The document's verdict, at least 8 points inside the tier so it does not hang on a single point:
/// loyal ≥ 88, retained 68–71, resolved 38–51, lost ≤ 21 or the account closed.
pub fn assert_verdict(what: &str, report: &Report, tier: Outcome) {
    let b = report.final_balance;
    // Shown with --nocapture: the figures a closing note quotes.
    eprintln!("{what}: {:?} at {b}", report.outcome);
    let inside = match tier {
        Outcome::Loyal => b >= 88,
        Outcome::Retained => (68..=71).contains(&b),
        Outcome::Resolved => (38..=51).contains(&b),
        Outcome::Lost => report.account_closed || b <= 21,
    };
    assert!(
        report.outcome == tier && inside,
        "{what}: expected {tier:?} with 8 points of margin, got {:?} at {b} (closed: {}), timeline {:?}",
        report.outcome,
        report.account_closed,
        report.timeline
    );
}

pub fn assert_tier_with_margin(report: &Report, tier: Outcome) {
    assert_verdict(&report.scenario, report, tier);
}

/// The content rules every shipped case meets: 3–4 choices a node, each tagged with a principle or an
/// anti-pattern, few enough paths to explore them all, all four endings reachable, and a best path of at
/// least four decisions.
pub fn assert_complete(s: &Scenario) {
    let name = &s.id;
    for node in &s.nodes {
        assert!(
            (3..=4).contains(&node.choices.len()),
            "{name}/{} has {} choices",
            node.id,
            node.choices.len()
        );
        for (i, choice) in node.choices.iter().enumerate() {
            assert!(
                !choice.applies.is_empty() || !choice.breaks.is_empty(),
                "{name}/{} choice {} carries no principle or anti-pattern",
                node.id,
                i + 1
            );
        }
    }
    let analysis = analyze(s);
    assert!(analysis.exact, "{name} should be small enough to explore exhaustively");
    for outcome in Outcome::ALL {
        assert!(
            analysis.reachable_outcomes.contains(&outcome),
            "{name}: {outcome:?} unreachable"
        );
    }
    let best = analysis.best.expect("a best path");
    assert!(
        best.choices.len() >= 4,
        "{name}: best path has only {} decisions",
        best.choices.len()
    );
}
