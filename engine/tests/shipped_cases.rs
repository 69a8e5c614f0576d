//! What every shipped case meets beyond the checker's rules, over every file in `scenarios/`: a clean
//! load and the content rules, the document it is adapted from, a role card, a pairing and rated lines,
//! no length tell, full-width Chinese punctuation, and a spread of difficulty and of faces.
//!
//! A new case is held to all of this once its row is in [`CASES`] (a file missing from the table fails
//! the first test); what its document says of its answers goes in `verdicts.rs`.

mod common;

use common::*;
use std::sync::Arc;

use goodwill_engine::schema::{Choice, Difficulty};
use goodwill_engine::tells::{LONGEST_IS_BEST_LIMIT, tells};
use goodwill_engine::{Lang, Outcome, Session, Source, load_file};

/// Every shipped case, in the order of the documents, with the document it is adapted from and the
/// partner it pairs with (document 003's role-play games swap roles between two related cases).
const CASES: [(&str, Source, &str); 10] = [
    ("spilled-soup", Source::Doc000, "missing-epaulette"),
    ("missing-epaulette", Source::Doc000, "spilled-soup"),
    ("drained-lagoon", Source::Doc001, "power-outage"),
    ("late-for-appointment", Source::Doc002, "house-deposit"),
    ("roaming-charge", Source::Doc003, "broken-suitcase-wheel"),
    ("repairer-at-lunch", Source::Doc003, "movers-no-truck"),
    ("movers-no-truck", Source::Doc003, "repairer-at-lunch"),
    ("house-deposit", Source::Doc003, "late-for-appointment"),
    ("broken-suitcase-wheel", Source::Doc004, "roaming-charge"),
    ("power-outage", Source::Doc004, "drained-lagoon"),
];

fn ids() -> impl Iterator<Item = &'static str> {
    CASES.iter().map(|(id, _, _)| *id)
}

#[test]
fn every_shipped_scenario_is_clean_and_complete() {
    let mut listed: Vec<String> = ids().map(str::to_owned).collect();
    listed.sort();
    assert_eq!(
        listed,
        shipped_ids(),
        "CASES lists every file in scenarios/, and only those"
    );
    for name in ids() {
        let s = shipped_case(name);
        assert_eq!(s.id, name);
        assert_complete(&s);
    }
}

#[test]
fn every_case_names_its_document_and_its_feedback_cites_it() {
    for (name, source, _) in CASES {
        let s = shipped_case(name);
        assert_eq!(s.source, source, "{name} is adapted from the wrong document");
        for node in &s.nodes {
            for (i, c) in node.choices.iter().enumerate() {
                // Feedback names the document it cites, in both languages.
                let number = c.citation(&s).number();
                assert!(
                    c.feedback.zh.contains(number) && c.feedback.en.contains(number),
                    "{name}/{} choice {}: feedback does not cite {number}",
                    node.id,
                    i + 1
                );
            }
        }
    }
}

#[test]
fn every_case_has_a_role_card_a_pairing_and_rated_lines() {
    for (name, _, partner) in CASES {
        let s = shipped_case(name);
        assert_eq!(
            s.pair_with.as_deref(),
            Some(partner),
            "{name} pairs with the wrong case"
        );
        assert!(ids().any(|id| id == partner), "{name} pairs with unknown `{partner}`");
        let card = s
            .role_card
            .as_ref()
            .unwrap_or_else(|| panic!("{name} has no role card"));
        assert!(!card.happened.zh.is_empty() && !card.wants.en.is_empty() && !card.upset.zh.is_empty());
        for text in [&card.happened, &card.wants, &card.upset] {
            assert!(text.missing().is_empty(), "{name}: role card text missing a language");
        }
        let rated: Vec<&Choice> = s
            .nodes
            .iter()
            .flat_map(|n| &n.choices)
            .filter(|c| c.rate_sincerity)
            .collect();
        assert!(
            rated.len() >= 2,
            "{name} marks only {} lines for a sincerity rating",
            rated.len()
        );
        assert!(
            rated.iter().all(|c| c.effect > 0),
            "{name}: a rated line must be a deposit"
        );
    }
}

/// Length is no clue: in each case, in each language, the longest line is among the best at no more
/// than 40 % of nodes, and always picking the longest line ends lost or resolved.
#[test]
fn no_case_can_be_won_by_picking_the_longest_line() {
    for name in ids() {
        let s = shipped_case(name);
        let t = tells(&s);
        for (lang, tell) in [("zh", t.zh), ("en", t.en)] {
            // Shown with --nocapture: the figures the final report quotes.
            eprintln!(
                "{name} ({lang}): longest is best at {}/{} nodes, always-longest ends {:?} ({})",
                tell.longest_is_best, tell.nodes, tell.always_longest, tell.always_longest_balance
            );
            assert!(
                tell.share() <= LONGEST_IS_BEST_LIMIT,
                "{name} ({lang}): the longest line is the best at {}/{} nodes",
                tell.longest_is_best,
                tell.nodes
            );
            assert!(
                tell.always_longest <= Outcome::Resolved,
                "{name} ({lang}): always picking the longest ends {:?} ({})",
                tell.always_longest,
                tell.always_longest_balance
            );
        }
    }
}

/// Non-whitespace characters in a choice's line, as `tells` counts them.
fn length(choice: &Choice, lang: Lang) -> usize {
    choice.text.get(lang).chars().filter(|c| !c.is_whitespace()).count()
}

/// Beyond the engine's check (the longest line): a trainee who learns that the right answer is "the
/// second-longest" or "the shortest" must not win either. Every fixed length rank — k-th longest or
/// k-th shortest offered line, in either language — played at every node ends lost or resolved.
#[test]
fn no_fixed_length_rank_wins_a_case() {
    for name in ids() {
        let s = shipped_case(name);
        for lang in [Lang::Zh, Lang::En] {
            for from_shortest in [false, true] {
                for rank in 0..4 {
                    let mut session = Session::new(Arc::clone(&s), 0);
                    while let Some(node) = session.current_node() {
                        let mut offered = session.offered().to_vec();
                        // Ties broken by file order, so the result does not depend on the seed.
                        offered.sort_by_key(|&i| (length(&node.choices[i], lang), i));
                        if !from_shortest {
                            offered.reverse();
                        }
                        let pick = offered[rank.min(offered.len() - 1)];
                        session.choose(pick).unwrap();
                    }
                    let report = session.report().unwrap();
                    let which = if from_shortest { "shortest" } else { "longest" };
                    assert!(
                        report.outcome <= Outcome::Resolved,
                        "{name} ({lang:?}): always the line ranked {} from the {which} ends {:?} ({})",
                        rank + 1,
                        report.outcome,
                        report.final_balance
                    );
                }
            }
        }
    }
}

/// No fixed length rank ("always the 2nd longest", "always the 3rd shortest", …, in either language)
/// keeps the customer, by the engine's own tells check: where the right answer falls among the lengths
/// varies from node to node. Loaded without `shipped_case`'s zero-warning check, so a failure names the
/// strategy rather than every warning.
#[test]
fn no_case_has_a_length_rank_tell() {
    for name in ids() {
        let loaded = load_file(&shipped_file(name));
        let s = Arc::new(loaded.scenario.unwrap_or_else(|| panic!("{name} is not playable")));
        let rank = tells(&s).best_rank;
        assert!(
            rank.outcome <= Outcome::Resolved,
            "{name}: picking by length alone ({}) ends {:?} at {}",
            rank.strategy,
            rank.outcome,
            rank.balance
        );
    }
}

/// The same limit over all the cases together, so no language leans on length across the set.
#[test]
fn across_the_shipped_cases_the_longest_line_is_rarely_the_best() {
    let (mut zh, mut en, mut nodes) = (0, 0, 0);
    for name in ids() {
        let t = tells(&shipped_case(name));
        zh += t.zh.longest_is_best;
        en += t.en.longest_is_best;
        nodes += t.zh.nodes;
    }
    let limit = LONGEST_IS_BEST_LIMIT * nodes as f64;
    assert!(zh as f64 <= limit, "zh: longest is best at {zh}/{nodes} nodes");
    assert!(en as f64 <= limit, "en: longest is best at {en}/{nodes} nodes");
}

/// Words alone never keep the customer in the soup, epaulette, lagoon, late and suitcase cases (issue 21):
/// no rule that reads only the answers and breaks its ties without randomness ever keeps the customer,
/// and none with random ties keeps them in more than 15 % of plays, nor more than twice as often as a
/// player who picks at random. At every decisive node the wrong
/// answers come as twins of the right one — the same thanks, apologies, 您, questions, numbers and
/// negations, one line longer and one shorter — so only what the words *say* tells them apart.
#[test]
fn the_answers_words_never_keep_the_customer_in_the_cases_of_000_001_002_and_the_suitcase() {
    use goodwill_engine::surface::{KEEP_SHARE_LIMIT, surface_tells};
    for name in [
        "spilled-soup",
        "missing-epaulette",
        "drained-lagoon",
        "late-for-appointment",
        "broken-suitcase-wheel",
    ] {
        let s = shipped_case(name);
        let surface = surface_tells(&s).expect("small enough for the exact sweep");
        let strongest = surface.strongest();
        // Shown with --nocapture: the figures a closing note quotes.
        eprintln!(
            "{name}: random {:.1} %, strongest {:.1} % ({:.2}×) — {}; without randomness {:.1} %",
            surface.random_keep * 100.0,
            strongest.keep * 100.0,
            surface.ratio(),
            strongest.rule,
            surface.deterministic.keep * 100.0
        );
        assert!(
            surface.deterministic.keep <= 1e-9,
            "{name}: “{}” keeps the customer with no randomness at all ({:.1} %)",
            surface.deterministic.rule,
            surface.deterministic.keep * 100.0
        );
        assert!(
            strongest.keep <= KEEP_SHARE_LIMIT + 1e-9,
            "{name}: “{}” keeps the customer in {:.1} % of plays",
            strongest.rule,
            strongest.keep * 100.0
        );
        assert!(
            !strongest.beats(surface.random_keep),
            "{name}: “{}” keeps the customer {:.2}× as often as a random player",
            strongest.rule,
            surface.ratio()
        );
    }
}

#[test]
fn the_shipped_cases_spread_difficulty() {
    let levels: Vec<Difficulty> = ids().map(|name| shipped_case(name).difficulty).collect();
    for level in [Difficulty::Easy, Difficulty::Medium, Difficulty::Hard] {
        assert!(levels.contains(&level), "no {level:?} case among the shipped ones");
    }
}

/// Chinese text uses full-width punctuation only (the font subset and the house style both expect it);
/// a decimal point is no punctuation.
#[test]
fn every_case_uses_full_width_punctuation_in_chinese() {
    for name in ids() {
        let source = std::fs::read_to_string(shipped_file(name)).unwrap();
        for (n, line) in source.lines().enumerate() {
            let Some(start) = line.find("zh: \"") else { continue };
            let rest = &line[start + 5..];
            // Chinese strings never contain an ASCII quote, so the first one closes the string.
            let text = &rest[..rest.find('"').unwrap_or(rest.len())];
            // A decimal point inside a number (86.40元) is how Chinese writes it too.
            let chars: Vec<char> = text.chars().collect();
            let decimal = |i: usize| {
                chars[i] == '.'
                    && i > 0
                    && chars[i - 1].is_ascii_digit()
                    && chars.get(i + 1).is_some_and(char::is_ascii_digit)
            };
            let bad: Vec<char> = (0..chars.len())
                .filter(|&i| ",.:;?!()\"'".contains(chars[i]) && !decimal(i))
                .map(|i| chars[i])
                .collect();
            assert!(bad.is_empty(), "{name}:{}: ASCII punctuation {bad:?} in {text}", n + 1);
        }
    }
}

#[test]
fn portraits_follow_the_customer_the_file_describes() {
    use goodwill_engine::schema::{Age, Sex};
    let look = |name: &str| shipped_case(name).customer.appearance();
    // Mr Li, Miss Lin and Ms Chen: the three customers who all had the same male face.
    assert_eq!(look("spilled-soup").sex, Sex::Male);
    assert_eq!(
        (look("missing-epaulette").sex, look("missing-epaulette").age),
        (Sex::Female, Age::Young)
    );
    assert_eq!(look("roaming-charge").sex, Sex::Female);
    // An explicit field wins over what the name suggests.
    let mut li = shipped_case("spilled-soup").customer.clone();
    li.sex = Some(Sex::Female);
    li.age = Some(Age::Older);
    li.glasses = Some(true);
    let a = li.appearance();
    assert_eq!((a.sex, a.age, a.glasses), (Sex::Female, Age::Older, true));
    // Across the shipped cases the faces differ: no one look is shared by more than half of them.
    let looks: Vec<_> = shipped_ids().iter().map(|n| look(n)).collect();
    for l in &looks {
        assert!(looks.iter().filter(|o| *o == l).count() * 2 <= looks.len(), "{looks:?}");
    }
}
