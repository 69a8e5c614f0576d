//! The shipped cases and the checker, tested through the engine alone (no Bevy): every scenario loads,
//! meets the content rules, and scores the documents' praised and criticised responses as they judge them.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use goodwill_engine::analyze::analyze;
use goodwill_engine::session::run;
use goodwill_engine::{AntiPattern, Outcome, Principle, Scenario, load_file};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn scenario(name: &str) -> Arc<Scenario> {
    let loaded = load_file(&repo().join("scenarios").join(format!("{name}.ron")));
    let errors: Vec<String> = loaded.errors().map(ToString::to_string).collect();
    assert!(errors.is_empty(), "{name} has errors:\n{}", errors.join("\n"));
    Arc::new(loaded.scenario.unwrap())
}

/// Plays 1-based choices and returns the report.
fn play(s: &Arc<Scenario>, choices: &[usize]) -> goodwill_engine::Report {
    let zero: Vec<usize> = choices.iter().map(|c| c - 1).collect();
    let session = run(Arc::clone(s), 1, &zero).expect("valid choices");
    session.report().expect("the path reaches an end").clone()
}

fn choice_text(s: &Scenario, node: &str, number: usize) -> String {
    s.node(node).unwrap().choices[number - 1].text.zh.clone()
}

const CASES: [&str; 4] = [
    "spilled-soup",
    "missing-epaulette",
    "broken-suitcase-wheel",
    "roaming-charge",
];

#[test]
fn every_shipped_scenario_is_clean_and_complete() {
    for name in CASES {
        let s = scenario(name);
        let loaded = load_file(&repo().join("scenarios").join(format!("{name}.ron")));
        assert_eq!(loaded.warnings().count(), 0, "{name} has warnings");
        for node in &s.nodes {
            assert!(
                (3..=4).contains(&node.choices.len()),
                "{name}/{} has {} choices",
                node.id,
                node.choices.len()
            );
        }
        let analysis = analyze(&s);
        assert!(analysis.exact, "{name} should be small enough to explore exhaustively");
        for outcome in Outcome::ALL {
            assert!(
                analysis.reachable_outcomes.contains(&outcome),
                "{name}: {outcome:?} unreachable"
            );
        }
        let best = analysis.best.unwrap();
        assert!(
            best.choices.len() >= 4,
            "{name}: best path has only {} decisions",
            best.choices.len()
        );
    }
}

#[test]
fn soup_praised_apology_and_dry_cleaning_win_a_regular() {
    let s = scenario("spilled-soup");
    // 小张's response in 000: apologise in his own name, dry-clean the suit, bring a fresh soup.
    let praised = choice_text(&s, &s.start, 2);
    assert!(praised.contains("干洗") && praised.contains("对不起"), "{praised}");
    let report = play(&s, &[2, 1, 2, 2, 3, 2]);
    assert_eq!(report.outcome, Outcome::Loyal);
    assert!(report.golden_applied.contains(&Principle::ApologiseSincerely));
    assert!(report.anti_patterns.is_empty());
}

#[test]
fn soup_arguing_that_the_guest_turned_round_loses_him() {
    let s = scenario("spilled-soup");
    let criticised = choice_text(&s, &s.start, 1);
    assert!(criticised.contains("转身"), "{criticised}");
    let report = play(&s, &[1, 1]);
    assert_eq!(report.outcome, Outcome::Lost);
    assert!(report.account_closed);
    assert!(report.anti_patterns.contains(&AntiPattern::ArguingFault));
}

#[test]
fn epaulette_owner_listening_and_apologising_makes_her_loyal() {
    let s = scenario("missing-epaulette");
    let report = play(&s, &[2, 2, 2, 2, 2]);
    assert_eq!(report.outcome, Outcome::Loyal);
    assert!(report.golden_applied.contains(&Principle::ListenAndRestate));
    assert!(report.golden_applied.contains(&Principle::ApologiseSincerely));
}

#[test]
fn epaulette_clerks_isnt_it_all_the_same_steers_to_lost() {
    let s = scenario("missing-epaulette");
    let criticised = choice_text(&s, &s.start, 1);
    assert!(criticised.contains("不都一样"), "{criticised}");
    assert_eq!(play(&s, &[1, 1]).outcome, Outcome::Lost);
    // The owner's best recovery after the clerk's line stops short of retaining her (the helper's
    // exhaustive search: 1,2,2,2,2 ends resolved).
    assert!(play(&s, &[1, 2, 2, 2, 2]).outcome <= Outcome::Resolved);
}

#[test]
fn suitcase_duty_manager_taking_responsibility_keeps_the_guest() {
    let s = scenario("broken-suitcase-wheel");
    // The document's own sequence: the porter argues, then the duty manager's praised response.
    let report = play(&s, &[1, 3, 2, 2, 3, 4]);
    assert!(report.outcome >= Outcome::Retained, "{:?}", report.outcome);
    assert!(report.other_principles.contains(&Principle::TakeResponsibilityFirst));
    assert!(report.golden_applied.contains(&Principle::ThankForComplaint));
    // Without the porter's blunder the same handling earns loyalty.
    assert_eq!(play(&s, &[3, 3, 2, 2, 3, 4]).outcome, Outcome::Loyal);
}

#[test]
fn suitcase_porters_it_was_already_broken_steers_to_lost() {
    let s = scenario("broken-suitcase-wheel");
    let criticised = choice_text(&s, &s.start, 1);
    assert!(criticised.contains("坏的"), "{criticised}");
    let report = play(&s, &[1, 1]);
    assert_eq!(report.outcome, Outcome::Lost);
    assert!(report.anti_patterns.contains(&AntiPattern::ArguingFault));
}

#[test]
fn roaming_charge_golden_steps_win_loyalty_and_excuses_lose_the_customer() {
    let s = scenario("roaming-charge");
    let praised = play(&s, &[3, 3, 3, 2, 3, 4]);
    assert_eq!(praised.outcome, Outcome::Loyal);
    assert!(praised.golden_missed.is_empty(), "missed {:?}", praised.golden_missed);
    let criticised = play(&s, &[1, 1]);
    assert_eq!(criticised.outcome, Outcome::Lost);
}

#[test]
fn same_seed_and_choices_replay_identically() {
    let s = scenario("roaming-charge");
    let a = run(Arc::clone(&s), 42, &[2, 2, 2]).unwrap();
    let b = run(Arc::clone(&s), 42, &[2, 2, 2]).unwrap();
    assert_eq!(a.events(), b.events());
    assert_eq!(a.timeline(), b.timeline());
    // Some seed picks a different wording for the first line (the first node has several).
    let first = |seed| run(Arc::clone(&s), seed, &[]).unwrap().current_line().cloned();
    assert!(
        (0..20).any(|seed| first(seed) != first(42)),
        "wordings never vary with the seed"
    );
}

/// Each malformed fixture yields its own error, at the right place.
#[test]
fn malformed_fixtures_name_file_line_column_and_problem() {
    let cases = [
        ("syntax-error.ron", 8, "Expected comma"),
        ("unknown-field.ron", 13, "Unexpected field named `mood`"),
        ("dangling-node.ron", 22, "leads to node `clsoe`, which does not exist"),
        ("duplicate-node.ron", 30, "duplicate node id `open`"),
        ("unreachable-node.ron", 40, "node `orphan` is unreachable"),
        ("no-way-out.ron", 30, "has no way out"),
        ("missing-translation.ron", 31, "missing translation"),
        ("effect-out-of-range.ron", 25, "effect -90 is out of range"),
        ("unreachable-ending.ron", 44, "the `loyal` ending cannot be reached"),
        ("cycle.ron", 18, "the conversation loops"),
        (
            "undeclared-promise.ron",
            33,
            "names promise `call-bak`, which is not declared",
        ),
    ];
    for (file, line, message) in cases {
        let path = repo().join("tests/fixtures").join(file);
        let loaded = load_file(&path);
        assert!(loaded.scenario.is_none(), "{file} should not be playable");
        let hit = loaded.errors().find(|d| d.message.contains(message));
        let hit = hit.unwrap_or_else(|| panic!("{file}: no error containing {message:?}: {:?}", loaded.diagnostics));
        assert_eq!(hit.line, Some(line), "{file}: {hit}");
        assert!(hit.column.is_some(), "{file}: {hit}");
        assert!(
            hit.to_string().starts_with(&format!("{}:{line}:", path.display())),
            "{hit}"
        );
    }
    assert!(load_file(&repo().join("tests/fixtures/minimal.ron")).is_ok());
}

/// Plays 1-based choices in a pair exercise where the customer player gives every rated line `rating`.
fn play_rated(s: &Arc<Scenario>, choices: &[usize], rating: u8) -> goodwill_engine::Report {
    let mut session = goodwill_engine::Session::new(Arc::clone(s), 1);
    for &c in choices {
        session.choose_rated(c - 1, Some(rating)).expect("valid choice");
    }
    session.report().expect("the path reaches an end").clone()
}

#[test]
fn an_apology_rated_insincere_earns_less_than_one_rated_sincere() {
    // 000: the apology works only when it is sincere. Same words, same path: the customer player's rating
    // decides how much of each marked deposit lands.
    let soup = scenario("spilled-soup");
    let path = [2, 1, 2, 2, 3, 2];
    let sincere = play_rated(&soup, &path, 5);
    let as_written = play(&soup, &path);
    let hollow = play_rated(&soup, &path, 1);
    assert_eq!(sincere.outcome, Outcome::Loyal);
    assert!(sincere.final_balance >= as_written.final_balance);
    assert!(
        hollow.final_balance < as_written.final_balance - 15,
        "a hollow apology must cost the trainee: {} vs {}",
        hollow.final_balance,
        as_written.final_balance
    );
    assert!(
        hollow.outcome < Outcome::Loyal,
        "the praised words said insincerely must not win loyalty"
    );
    let rated: Vec<Option<u8>> = hollow.steps.iter().map(|s| s.sincerity).collect();
    assert!(
        rated.contains(&Some(1)),
        "rated steps carry their rating into the report"
    );
    // Unmarked lines ignore a rating: an insult is not softened or worsened by how it is said.
    let argued = play_rated(&soup, &[1, 1], 5);
    assert_eq!(argued.final_balance, play(&soup, &[1, 1]).final_balance);
}

#[test]
fn every_case_has_a_role_card_a_pairing_and_rated_lines() {
    let ids: Vec<String> = CASES.iter().map(|c| scenario(c).id.clone()).collect();
    for case in CASES {
        let s = scenario(case);
        let card = s
            .role_card
            .as_ref()
            .unwrap_or_else(|| panic!("{case} has no role card"));
        assert!(!card.happened.zh.is_empty() && !card.wants.en.is_empty() && !card.upset.zh.is_empty());
        let partner = s
            .pair_with
            .as_ref()
            .unwrap_or_else(|| panic!("{case} has no pair_with"));
        assert!(ids.contains(partner), "{case} pairs with unknown `{partner}`");
        let rated = s
            .nodes
            .iter()
            .flat_map(|n| &n.choices)
            .filter(|c| c.rate_sincerity)
            .count();
        assert!(rated >= 2, "{case} marks only {rated} lines for a sincerity rating");
    }
}
