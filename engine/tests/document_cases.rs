//! The six cases adapted from documents 001–004: each loads cleanly, meets the content rules, has no
//! length tell, and scores the documents' praised and criticised responses as the documents judge them.
//!
//! Paths are walked by *tags* — what a choice applies, commits, promises, keeps or breaks — never by its
//! position or wording, so rewording a line or reordering a node cannot silently change what a test
//! checks: at each node exactly one offered choice must match the pick, or the test fails and says where.

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use goodwill_engine::analyze::analyze;
use goodwill_engine::schema::Difficulty;
use goodwill_engine::tells::tells;
use goodwill_engine::{AntiPattern, Outcome, Principle, Scenario, Source, load_file};

use AntiPattern as A;
use Principle as P;

/// The six cases with their documents and the partner each one pairs with (document 003's role-play
/// games swap roles between two related cases).
const CASES: [(&str, Source, &str); 6] = [
    ("drained-lagoon", Source::Doc001, "power-outage"),
    ("power-outage", Source::Doc004, "drained-lagoon"),
    ("repairer-at-lunch", Source::Doc003, "movers-no-truck"),
    ("movers-no-truck", Source::Doc003, "repairer-at-lunch"),
    ("house-deposit", Source::Doc003, "late-for-appointment"),
    ("late-for-appointment", Source::Doc002, "house-deposit"),
];

fn path_of(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .join("scenarios")
        .join(format!("{name}.ron"))
}

/// Loads a case, insisting on no errors and no warnings (the tells check is one of the warnings).
fn load(name: &str) -> Arc<Scenario> {
    let loaded = load_file(&path_of(name));
    let problems: Vec<String> = loaded.diagnostics.iter().map(ToString::to_string).collect();
    assert!(problems.is_empty(), "{name}:\n{}", problems.join("\n"));
    Arc::new(loaded.scenario.expect("playable"))
}

#[test]
fn document_cases_are_clean_complete_and_paired() {
    for (name, source, partner) in CASES {
        let s = load(name);
        assert_eq!(s.id, name);
        assert_eq!(s.source, source, "{name} is adapted from the wrong document");
        assert_eq!(
            s.pair_with.as_deref(),
            Some(partner),
            "{name} pairs with the wrong case"
        );
        assert!(CASES.iter().any(|(id, _, _)| *id == partner));
        let card = s
            .role_card
            .as_ref()
            .unwrap_or_else(|| panic!("{name} has no role card"));
        for text in [&card.happened, &card.wants, &card.upset] {
            assert!(text.missing().is_empty(), "{name}: role card text missing a language");
        }
        let rated = s
            .nodes
            .iter()
            .flat_map(|n| &n.choices)
            .filter(|c| c.rate_sincerity && c.effect > 0)
            .count();
        assert!(rated >= 2, "{name}: only {rated} lines rated for sincerity");
        assert_complete(&s);
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
fn document_cases_have_no_length_tell() {
    for (name, _, _) in CASES {
        let s = load(name);
        let t = tells(&s);
        for (lang, tell) in [("zh", t.zh), ("en", t.en)] {
            assert!(
                tell.share() <= 0.40,
                "{name} {lang}: longest line is best at {}/{} nodes",
                tell.longest_is_best,
                tell.nodes
            );
            assert!(
                tell.always_longest <= Outcome::Resolved,
                "{name} {lang}: always picking the longest ends {:?}",
                tell.always_longest
            );
        }
    }
}

/// No fixed length rank ("always the 2nd longest", "always the 3rd shortest", …, in either language)
/// keeps the customer: where the right answer falls among the lengths varies from node to node.
/// Loaded without `load`'s zero-warning check, so a failure names the strategy rather than every warning.
#[test]
fn document_cases_have_no_length_rank_tell() {
    for (name, _, _) in CASES {
        let loaded = load_file(&path_of(name));
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

#[test]
fn document_cases_spread_difficulty() {
    let levels: Vec<Difficulty> = CASES.iter().map(|(name, _, _)| load(name).difficulty).collect();
    for level in [Difficulty::Easy, Difficulty::Medium, Difficulty::Hard] {
        assert!(levels.contains(&level), "no {level:?} case among the six");
    }
}

/// Chinese text uses full-width punctuation only (the font subset and the house style both expect it).
#[test]
fn document_cases_use_full_width_punctuation_in_chinese() {
    for (name, _, _) in CASES {
        let source = std::fs::read_to_string(path_of(name)).unwrap();
        for (n, line) in source.lines().enumerate() {
            let Some(start) = line.find("zh: \"") else { continue };
            let rest = &line[start + 5..];
            // Chinese strings never contain an ASCII quote, so the first one closes the string.
            let text = &rest[..rest.find('"').unwrap_or(rest.len())];
            let bad: Vec<char> = text.chars().filter(|c| ",.:;?!()\"'".contains(*c)).collect();
            assert!(bad.is_empty(), "{name}:{}: ASCII punctuation {bad:?} in {text}", n + 1);
        }
    }
}

// ---- 001: the drained lagoon ----

#[test]
fn drained_lagoon_jennas_answer_wins_the_guest_and_the_schedule_loses_her() {
    let s = load("drained-lagoon");
    // Jenna: thanks for calling, the room-notice system failed, "的确是我们的错误"; then the golden steps.
    let praised = walk(
        &s,
        &[
            applies_all(&[P::ThankForComplaint, P::ApologiseSincerely, P::TakeResponsibilityFirst]),
            applies_all(&[P::ProposeRemedyLetDecide]).and(opens("refill-by-three")),
            keeps("refill-by-three"),
            applies_all(&[P::FixTheProcess]),
        ],
    );
    assert_verdict("Jenna's answer", &praised, Outcome::Loyal);
    assert!(praised.anti_patterns.is_empty());
    for step in [
        P::ThankForComplaint,
        P::ApologiseSincerely,
        P::ProposeRemedyLetDecide,
        P::FixTheProcess,
    ] {
        assert!(praised.golden_applied.contains(&step), "missing {step:?}");
    }
    // "That's the cleaning schedule", then arguing about the notice.
    let criticised = walk(
        &s,
        &[
            commits_all(&[A::NotMyFault, A::DraggingCompanyIn]),
            commits_all(&[A::ArguingFault]),
        ],
    );
    assert_verdict("the cleaning-schedule answer", &criticised, Outcome::Lost);
    assert!(criticised.anti_patterns.contains(&A::NotMyFault));
}

#[test]
fn drained_lagoon_promising_the_water_in_an_hour_ends_below_the_honest_three_pm() {
    let s = load("drained-lagoon");
    let first = || applies_all(&[P::ThankForComplaint, P::ApologiseSincerely, P::TakeResponsibilityFirst]);
    let honest = walk(
        &s,
        &[
            first(),
            opens("refill-by-three"),
            keeps("refill-by-three"),
            applies_all(&[P::FixTheProcess]),
        ],
    );
    let over = walk(
        &s,
        &[
            first(),
            opens("refill-in-hour"),
            breaks_promise("refill-in-hour").and(applies_all(&[P::ApologiseSincerely])),
            applies_all(&[P::FixTheProcess]),
        ],
    );
    assert!(over.final_balance < honest.final_balance);
    assert!(over.outcome < honest.outcome);
    assert!(over.anti_patterns.contains(&A::OverPromising));
}

// ---- 003: the repairer at lunch ----

#[test]
fn repairer_reference_answer_makes_a_loyal_customer_and_passing_the_buck_loses_him() {
    let s = load("repairer-at-lunch");
    // 003's reference answer: apologise, ask what the problem is, try to help, only then leave it.
    let praised = walk(
        &s,
        &[
            applies_all(&[P::ApologiseSincerely, P::PromiseToActNow]),
            applies_all(&[P::ListenAndRestate]),
            applies_all(&[P::ProposeRemedyLetDecide]).and(opens("call-by-two")),
            keeps("call-by-two").and(clean()),
        ],
    );
    assert_verdict("the reference answer", &praised, Outcome::Loyal);
    assert!(praised.anti_patterns.is_empty());
    // "维修的吃饭去了，您得等他回来", then "不清楚".
    let criticised = walk(&s, &[commits_only(&[A::BlamingColleague]), commits_all(&[A::DontKnow])]);
    assert_verdict("the repairer's at lunch", &criticised, Outcome::Lost);
    assert!(criticised.anti_patterns.contains(&A::BlamingColleague));
    // The same brush-off followed by "every shop's the same" is lost too.
    let dismissed = walk(
        &s,
        &[commits_only(&[A::BlamingColleague]), commits_all(&[A::ItsAllTheSame])],
    );
    assert_verdict("every shop's the same", &dismissed, Outcome::Lost);
}

#[test]
fn repairer_ten_minute_guarantee_ends_below_the_honest_call_back() {
    let s = load("repairer-at-lunch");
    let start = || applies_all(&[P::ApologiseSincerely, P::PromiseToActNow]);
    let honest = walk(
        &s,
        &[
            start(),
            applies_all(&[P::ListenAndRestate]),
            opens("call-by-two"),
            keeps("call-by-two").and(clean()),
        ],
    );
    let over = walk(
        &s,
        &[
            start(),
            applies_all(&[P::ListenAndRestate]),
            opens("ten-minutes"),
            breaks_promise("ten-minutes").and(applies_all(&[P::ApologiseSincerely])),
        ],
    );
    assert!(over.outcome <= Outcome::Resolved, "{:?}", over.outcome);
    assert!(over.final_balance < honest.final_balance);
}

// ---- 003: the movers with no truck ----

#[test]
fn movers_honest_decline_with_options_wins_and_the_phantom_truck_is_the_worst() {
    let s = load("movers-no-truck");
    // 003's reference answer: "我知道您希望马上给您服务，不过……距离太远，况且现在司机又少", then what
    // can be done.
    let praised = walk(
        &s,
        &[
            applies_all(&[P::ListenAndRestate]),
            applies_all(&[P::PromiseOnlyWhatYouCanKeep]),
            applies_all(&[P::ProposeRemedyLetDecide]).and(opens("by-half-three")),
            keeps("by-half-three").and(clean()),
            applies_all(&[P::FixTheProcess]),
        ],
    );
    assert_verdict("the honest decline", &praised, Outcome::Loyal);
    assert!(praised.other_principles.contains(&P::PromiseOnlyWhatYouCanKeep));
    // Promise a truck you don't have, then blame the traffic and dispatch.
    let worst = walk(&s, &[opens("truck-now"), commits_all(&[A::NotMyFault])]);
    assert_verdict("the phantom truck", &worst, Outcome::Lost);
    assert!(worst.account_closed);
    // The analyser's worst path over the whole case also runs through that promise.
    let analysis = analyze(&s);
    let low = analysis.worst.unwrap();
    let mut node = s.node_index(&s.start).unwrap();
    let mut promised = false;
    for &c in &low.choices {
        let choice = &s.nodes[node].choices[c];
        promised |= choice.promise.as_deref() == Some("truck-now");
        match &choice.next {
            goodwill_engine::schema::Next::Node(id) => node = s.node_index(id).unwrap(),
            goodwill_engine::schema::Next::End => break,
        }
    }
    assert!(promised, "the worst path should promise the truck that doesn't exist");
}

#[test]
fn movers_owning_the_broken_promise_at_once_recovers_only_to_resolved() {
    let s = load("movers-no-truck");
    // 003: "一旦发现无法兑现……第一时间向客户表示歉意……说明……补救措施".
    let recovered = walk(
        &s,
        &[
            opens("truck-now"),
            breaks_promise("truck-now").and(applies_all(&[P::ApologiseSincerely])),
            keeps("by-half-three").and(clean()),
            applies_all(&[P::FixTheProcess]),
        ],
    );
    assert_verdict("the owned-up broken promise", &recovered, Outcome::Resolved);
    let honest = walk(
        &s,
        &[
            applies_all(&[P::ListenAndRestate]),
            applies_all(&[P::PromiseOnlyWhatYouCanKeep]),
            opens("by-half-three"),
            keeps("by-half-three").and(clean()),
            applies_all(&[P::FixTheProcess]),
        ],
    );
    assert!(recovered.final_balance < honest.final_balance);
    // Another empty promise instead ("快了快了") leaves the first one owed: lost.
    let bluff = walk(&s, &[opens("truck-now"), commits_only(&[A::OverPromising])]);
    assert_verdict("the second bluff", &bluff, Outcome::Lost);
}

// ---- 003: the house deposit ----

#[test]
fn house_deposit_careful_promise_kept_wins_and_holding_it_whatever_then_failing_loses() {
    let s = load("house-deposit");
    let praised = walk(
        &s,
        &[
            applies_all(&[P::ListenAndRestate]),
            applies_all(&[P::PromiseOnlyWhatYouCanKeep]).and(opens("first-call")),
            keeps("first-call"),
            applies_all(&[P::ConfirmSatisfaction]),
        ],
    );
    assert_verdict("the careful promise", &praised, Outcome::Loyal);
    assert!(praised.anti_patterns.is_empty());
    // "谁来都不卖", then hoping he won't notice ("侥幸心理"), then "not my fault".
    let criticised = walk(
        &s,
        &[
            opens("hold-week"),
            commits_all(&[A::LeftUninformed]).and(breaks_promise("hold-week")),
            commits_all(&[A::NotMyFault]),
        ],
    );
    assert_verdict("holding it whatever happens", &criticised, Outcome::Lost);
    // Owning the broken promise at once recovers, but only to resolved.
    let recovered = walk(
        &s,
        &[
            opens("hold-week"),
            breaks_promise("hold-week").and(applies_all(&[P::ApologiseSincerely])),
            applies_all(&[P::ConfirmSatisfaction]),
        ],
    );
    assert_verdict("the owned-up broken promise", &recovered, Outcome::Resolved);
    // No promise at all beats promising the flat and failing, either way.
    let none = walk(
        &s,
        &[
            applies_all(&[P::ListenAndRestate]),
            applies_all(&[P::PromiseOnlyWhatYouCanKeep]).and(no_promise()),
            applies_all(&[P::KeepInformed]),
            applies_all(&[P::ConfirmSatisfaction]),
        ],
    );
    assert!(none.final_balance > recovered.final_balance);
    assert!(none.final_balance > criticised.final_balance);
    assert!(none.final_balance < praised.final_balance);
}

// ---- 002: late for the appointment ----

#[test]
fn late_ringing_early_to_apologise_and_reschedule_wins_and_the_two_fifty_call_loses() {
    let s = load("late-for-appointment");
    let praised = walk(
        &s,
        &[
            applies_all(&[P::KeepInformed]),
            applies_all(&[P::ApologiseSincerely, P::ProposeRemedyLetDecide]),
            opens("four-sharp"),
            keeps("four-sharp").and(clean()),
        ],
    );
    assert_verdict("ringing early", &praised, Outcome::Loyal);
    assert!(praised.anti_patterns.is_empty());
    // Waiting, then at 2:50 "跟您说一声", then leaving him waiting again.
    let criticised = walk(
        &s,
        &[
            commits_only(&[A::LeftUninformed]),
            commits_all(&[A::LeftUninformed, A::PerfunctoryApology]),
            commits_only(&[A::LeftUninformed]),
        ],
    );
    assert_verdict("the 2:50 call", &criticised, Outcome::Lost);
    assert!(criticised.anti_patterns.contains(&A::LeftUninformed));
    // A text first, or a sincere apology only at 2:50, both stay below ringing early.
    let rest = || [opens("four-sharp"), keeps("four-sharp").and(clean())];
    let mut texted = vec![
        commits_all(&[A::PerfunctoryApology]),
        applies_all(&[P::ApologiseSincerely]),
    ];
    texted.extend(rest());
    let texted = walk(&s, &texted);
    let mut late_sorry = vec![
        commits_only(&[A::LeftUninformed]),
        applies_all(&[P::ApologiseSincerely]),
    ];
    late_sorry.extend(rest());
    let late_sorry = walk(&s, &late_sorry);
    assert!(texted.outcome < praised.outcome && late_sorry.outcome < praised.outcome);
    assert!(late_sorry.final_balance < texted.final_balance);
    // "Fifteen minutes at most" when you know it is an hour: owned up to at the door, still below.
    let over = walk(
        &s,
        &[
            applies_all(&[P::KeepInformed]),
            applies_all(&[P::ApologiseSincerely, P::ProposeRemedyLetDecide]),
            opens("quarter-past"),
            breaks_promise("quarter-past").and(applies_all(&[P::ApologiseSincerely])),
        ],
    );
    assert!(over.outcome <= Outcome::Resolved && over.final_balance < praised.final_balance);
}

// ---- 004: the power cut ----

#[test]
fn power_cut_venting_apology_and_explanation_win_understanding_and_dont_know_loses() {
    let s = load("power-outage");
    // 004: let him vent, then apologise sincerely, show understanding, explain the cause and the repair;
    // "最终得到客户的谅解".
    let praised = walk(
        &s,
        &[
            applies_all(&[P::ListenAndRestate]),
            applies_all(&[P::ApologiseSincerely]),
            applies_all(&[P::KeepInformed]),
            applies_all(&[P::ThankForComplaint]),
        ],
    );
    assert_verdict("004's handling", &praised, Outcome::Retained);
    assert!(praised.anti_patterns.is_empty());
    // "不清楚、不知道", then sending him off to complain.
    let criticised = walk(
        &s,
        &[commits_all(&[A::DontKnow]), commits_only(&[A::DismissingComplaint])],
    );
    assert_verdict("不清楚、不知道", &criticised, Outcome::Lost);
    assert!(criticised.anti_patterns.contains(&A::DontKnow));
    // Going on to call back once the power is on (001 step 6, 003) turns understanding into loyalty.
    let golden = walk(
        &s,
        &[
            applies_all(&[P::ListenAndRestate]),
            applies_all(&[P::ApologiseSincerely]),
            applies_all(&[P::KeepInformed]),
            opens("callback"),
            keeps("callback").and(applies_all(&[P::FixTheProcess])),
        ],
    );
    assert_verdict("the call-back", &golden, Outcome::Loyal);
    // Guaranteeing power in half an hour ends below the honest explanation, whether or not owned up to.
    let start = || {
        [
            applies_all(&[P::ListenAndRestate]),
            applies_all(&[P::ApologiseSincerely]),
            opens("half-hour"),
        ]
    };
    let mut owned = start().into_iter().collect::<Vec<_>>();
    owned.push(breaks_promise("half-hour").and(applies_all(&[P::ApologiseSincerely])));
    owned.push(keeps("callback").and(applies_all(&[P::FixTheProcess])));
    let owned = walk(&s, &owned);
    let mut dropped = start().into_iter().collect::<Vec<_>>();
    dropped.push(commits_all(&[A::LeftUninformed]));
    let dropped = walk(&s, &dropped);
    assert!(owned.final_balance < golden.final_balance && owned.outcome <= Outcome::Resolved);
    assert_verdict("the unkept half hour", &dropped, Outcome::Lost);
}
