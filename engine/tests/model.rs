//! The emotional-account rules as a trainee meets them in a session.

mod common;

use common::{applies, breaks, keeps, walk};
use std::path::Path;
use std::sync::Arc;

use goodwill_engine::account::EntryReason;
use goodwill_engine::session::run;
use goodwill_engine::{DialogueEvent, Outcome, Scenario, load_file};

fn minimal() -> Arc<Scenario> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/minimal.ron");
    Arc::new(load_file(&path).scenario.expect("minimal fixture is valid"))
}

#[test]
fn a_withdrawal_from_an_upset_customer_costs_interest() {
    // Balance 40 (upset): "not my business" withdraws 35 plus 20 % interest and overdraws the account.
    let session = run(minimal(), 1, &[2]).unwrap();
    let entry = session.events().iter().find_map(|e| match e {
        DialogueEvent::Account(entry) => Some(entry.clone()),
        _ => None,
    });
    let entry = entry.unwrap();
    assert_eq!(entry.base, -35);
    assert_eq!(entry.interest, 7);
    assert_eq!(entry.balance, 40 - 42);
    let report = session.report().unwrap();
    assert!(report.account_closed);
    assert_eq!(report.outcome, Outcome::Lost);
    assert!(
        session
            .events()
            .iter()
            .any(|e| matches!(e, DialogueEvent::AccountClosed { .. }))
    );
}

#[test]
fn a_promise_kept_deposits_and_one_left_open_is_charged_at_the_end() {
    let kept = run(minimal(), 1, &[1, 0]).unwrap();
    let kept_report = kept.report().unwrap();
    assert!(
        kept_report.steps[1]
            .entries
            .iter()
            .any(|e| e.reason == EntryReason::PromiseKept("call-back".into()))
    );
    // Promise made, then the agent closes perfunctorily: the open promise is settled as broken.
    let broken = run(minimal(), 1, &[1, 1]).unwrap();
    let report = broken.report().unwrap();
    assert_eq!(report.settlement.len(), 1);
    assert_eq!(
        report.settlement[0].reason,
        EntryReason::PromiseUnkept("call-back".into())
    );
    assert!(report.final_balance < kept_report.final_balance);
    assert_eq!(report.timeline.len(), 4, "start, two steps, settlement");
}

#[test]
fn choosing_a_choice_that_does_not_exist_is_an_error_not_a_panic() {
    let err = run(minimal(), 1, &[7]).unwrap_err();
    assert!(err.to_string().contains("choice 8 does not exist"), "{err}");
}

fn fixture(name: &str) -> Arc<Scenario> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures")
        .join(name);
    let loaded = load_file(&path);
    assert_eq!(loaded.diagnostics, vec![], "{name} loads cleanly");
    Arc::new(loaded.scenario.unwrap())
}

#[test]
fn an_over_promise_that_fails_ends_below_a_vague_answer_with_ordinary_promise_values() {
    // 003: "don't promise lightly" — an unkept promise costs far more than one lost sale.
    let shop = fixture("phone-repair.ron");
    assert!(shop.promises.iter().all(|p| (10..=15).contains(&p.value)));
    use goodwill_engine::AntiPattern::{LeftUninformed, OverPromising};
    use goodwill_engine::Principle::{ApologiseSincerely, KeepInformed, PromiseOnlyWhatYouCanKeep};
    // The best the over-promiser can do at 1:50 is to call and admit it.
    let over = walk(
        &shop,
        [
            breaks(OverPromising),
            applies(KeepInformed),
            applies(ApologiseSincerely),
        ],
    );
    let vague = walk(
        &shop,
        [
            breaks(LeftUninformed),
            applies(KeepInformed),
            applies(ApologiseSincerely),
        ],
    );
    let honest = walk(
        &shop,
        [
            applies(PromiseOnlyWhatYouCanKeep),
            keeps("call-by-two"),
            applies(ApologiseSincerely),
        ],
    );
    assert!(
        over.final_balance < vague.final_balance,
        "over-promise {} must end below the vague answer {}",
        over.final_balance,
        vague.final_balance
    );
    assert!(vague.final_balance < honest.final_balance);
    assert!(
        over.steps[1].entries.iter().any(|e| e.credit > 0),
        "the credit is taken back"
    );
    // The 1:50 node offers only the call that fits the promise made at the counter.
    let texts = |r: &goodwill_engine::Report| r.steps[1].text.en.clone();
    assert!(texts(&over).contains("won't be fixed"));
    assert!(texts(&honest).contains("update you"));
    assert!(texts(&vague).contains("agree when"));
    // …and the customer's line there depends on it too.
    let waiting = goodwill_engine::session::run(Arc::clone(&shop), 1, &[1]).unwrap();
    assert!(waiting.current_line().unwrap().en.contains("on the way back"));
    let errands = goodwill_engine::session::run(Arc::clone(&shop), 1, &[3]).unwrap();
    assert!(errands.current_line().unwrap().en.contains("errands"));
    // A script naming a choice that is not offered on this path is refused, with the condition.
    let err = goodwill_engine::session::run(Arc::clone(&shop), 1, &[3, 1]).unwrap_err();
    assert!(
        err.to_string().contains("not offered") && err.to_string().contains("fixed-by-two"),
        "{err}"
    );
}

#[test]
fn breaking_a_promise_always_costs_more_than_keeping_it_would_have_earned() {
    // Whatever the customer's mood when the promise falls due, and whatever its value.
    let base = fixture("phone-repair.ron");
    let entry = |session: &goodwill_engine::Session, reason: EntryReason| {
        session.events().iter().find_map(|e| match e {
            DialogueEvent::Account(entry) if entry.reason == reason => Some(entry.delta),
            _ => None,
        })
    };
    let mut compared = 0;
    for value in [1, 10, 15, 40] {
        for balance in (0..=100).step_by(5) {
            let mut scenario = (*base).clone();
            scenario.customer.starting_balance = balance;
            scenario.promises[1].value = value;
            let scenario = Arc::new(scenario);
            // Promise a call at the counter (file choice 3), then at 1:50 make it (1) or wait (4).
            let kept = goodwill_engine::session::run(Arc::clone(&scenario), 1, &[2, 0]).unwrap();
            let broken = goodwill_engine::session::run(Arc::clone(&scenario), 1, &[2, 3]).unwrap();
            let kept = entry(&kept, EntryReason::PromiseKept("call-by-two".into()));
            let broken = entry(&broken, EntryReason::PromiseBroken("call-by-two".into()));
            let (Some(kept), Some(broken)) = (kept, broken) else {
                // Only a start so low that the account closed before 1:50 has nothing to compare.
                assert!(balance < 10, "value {value}, start {balance}");
                continue;
            };
            compared += 1;
            assert!(
                -broken >= 2 * value && -broken > kept,
                "value {value}, start {balance}: broken {broken}, kept {kept}"
            );
        }
    }
    assert!(compared >= 70, "compared only {compared} cases");
}

#[test]
fn choices_are_shown_in_a_seeded_order_recorded_with_each_step() {
    let shop = fixture("phone-repair.ron");
    let counter = shop.node("counter").unwrap();
    let best = (0..counter.choices.len())
        .max_by_key(|&i| goodwill_engine::account::immediate_score(&shop, &counter.choices[i]))
        .unwrap();
    let mut at_position = [0u32; 4];
    for seed in 0..800 {
        let session = goodwill_engine::Session::new(Arc::clone(&shop), seed);
        let offered = session.offered();
        let mut sorted = offered.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, vec![0, 1, 2, 3], "every choice offered once");
        at_position[offered.iter().position(|&i| i == best).unwrap()] += 1;
    }
    // Uniform: 200 expected at each position; 140–260 is far outside chance for 800 draws.
    assert!(at_position.iter().all(|&n| (140..=260).contains(&n)), "{at_position:?}");
    // Same seed, same order; the order is recorded, and scripts address choices by file index.
    let a = goodwill_engine::session::run(Arc::clone(&shop), 9, &[2, 0, 0]).unwrap();
    let b = goodwill_engine::session::run(Arc::clone(&shop), 9, &[2, 0, 0]).unwrap();
    assert_eq!(a.report().unwrap().steps, b.report().unwrap().steps);
    let c = goodwill_engine::session::run(Arc::clone(&shop), 10, &[2, 0, 0]).unwrap();
    assert_eq!(a.report().unwrap().final_balance, c.report().unwrap().final_balance);
    let step = &a.report().unwrap().steps[0];
    assert_eq!(step.choice, 2);
    assert_eq!(step.shown.len(), 4);
    assert_eq!(step.shown[step.shown_position().unwrap()], 2);
}

#[test]
fn the_history_pairs_each_customer_line_with_the_answer_to_it() {
    let shop = fixture("phone-repair.ron");
    let mut session = goodwill_engine::Session::new(Arc::clone(&shop), 3);
    let opening = session.current_line().unwrap().clone();
    session.choose(2).unwrap();
    let second = session.current_line().unwrap().clone();
    session.choose(0).unwrap();
    let history: Vec<_> = session
        .history()
        .map(|(line, step)| (line.clone(), step.choice))
        .collect();
    assert_eq!(history, vec![(opening.clone(), 2), (second, 0)]);
    // A finished run keeps its history (the steps move into the report).
    let done = goodwill_engine::session::run(Arc::clone(&shop), 3, &[2, 0, 0]).unwrap();
    assert!(done.is_over());
    assert_eq!(done.history().count(), 3);
    assert_eq!(done.history().next().unwrap().0, &opening);
}

#[test]
fn the_length_check_flags_a_case_where_the_longest_line_wins() {
    // The minimal fixture's best lines are not its longest; lengthen them and the check notices.
    let mut scenario = (*minimal()).clone();
    for node in &mut scenario.nodes {
        let best = (0..node.choices.len()).max_by_key(|&i| node.choices[i].effect).unwrap();
        node.choices[best].text.zh = "非常非常长的一句话，说得很周到，每一个细节都顾及到了。".repeat(2);
        node.choices[best].text.en = "A very long and thorough line that covers every detail. ".repeat(2);
    }
    let tells = goodwill_engine::tells::tells(&Arc::new(scenario));
    assert!(tells.zh.is_a_tell() && tells.en.is_a_tell());
    assert!(tells.zh.always_longest >= Outcome::Retained);
    let clean = goodwill_engine::tells::tells(&minimal());
    assert!(!clean.zh.is_a_tell() && !clean.en.is_a_tell(), "{clean:?}");
}

#[test]
fn the_checker_follows_conditions() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/phone-repair.ron");
    let source = std::fs::read_to_string(&path).unwrap();
    let check = |edited: String| goodwill_engine::load_str(&path, &edited).diagnostics;
    let has = |diags: &[goodwill_engine::Diagnostic], text: &str| {
        diags.iter().any(|d| d.message.contains(text) && d.line.is_some())
    };
    // A condition naming a promise that does not exist.
    let d = check(source.replace(
        r#"when: [PromiseOpen("call-by-two")]"#,
        r#"when: [PromiseOpen("call-by-3")]"#,
    ));
    assert!(has(&d, "names promise `call-by-3`, which is not declared"), "{d:?}");
    // At 1:50, after a vague answer at the counter, no condition holds: that path is a dead end.
    let d = check(
        source
            .replace(
                r#"breaks: [NoCallBack],"#,
                r#"breaks: [NoCallBack], when: [BalanceAbove(99)],"#,
            )
            .replace(
                r#"when: [PromiseNotMade("call-by-two"), PromiseNotMade("fixed-by-two")]"#,
                r#"when: [PromiseKept("call-by-two")]"#,
            ),
    );
    assert!(has(&d, "node `one-fifty` offers no choice on some path"), "{d:?}");
    // A choice whose condition never holds, and a keep of a promise that cannot be open there.
    let d = check(source.replace(
        r#"when: [PromiseOpen("call-by-two")]"#,
        r#"when: [PromiseKept("call-by-two")]"#,
    ));
    assert!(has(&d, "is never offered"), "{d:?}");
    let d = check(source.replace(
        r#"when: [PromiseOpen("call-by-two")]"#,
        r#"when: [PromiseNotMade("call-by-two"), PromiseNotMade("fixed-by-two")]"#,
    ));
    assert!(has(&d, "keeps promise `call-by-two`, which cannot be open"), "{d:?}");
    let d = check(
        source
            .replace("BalanceAbove", "BalanceBelow")
            .replace("PromiseOpen(\"fixed-by-two\")", "BalanceAbove(140)"),
    );
    assert!(has(&d, "off the scale"), "{d:?}");
}

/// Every shipped case, loaded from `scenarios/`.
fn shipped() -> Vec<Arc<Scenario>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scenarios");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|f| Arc::new(load_file(f).scenario.unwrap_or_else(|| panic!("{} loads", f.display()))))
        .collect()
}

#[test]
fn in_every_shipped_case_the_best_answer_is_shown_anywhere_and_length_gives_nothing_away() {
    let cases = shipped();
    assert!(cases.len() >= 10, "{} cases", cases.len());
    let (mut longest_best, mut nodes) = ([0usize; 2], 0usize);
    for s in &cases {
        // Position: at the first node, the best-scoring choice lands at each place about equally often.
        let start = s.node(&s.start).unwrap();
        let best = (0..start.choices.len())
            .max_by_key(|&i| goodwill_engine::account::immediate_score(s, &start.choices[i]))
            .unwrap();
        let places = start.choices.len();
        let mut at = vec![0u32; places];
        let runs = 600u32;
        for seed in 0..u64::from(runs) {
            let session = goodwill_engine::Session::new(Arc::clone(s), seed);
            at[session.offered().iter().position(|&i| i == best).unwrap()] += 1;
        }
        let expected = runs / places as u32;
        for (place, &n) in at.iter().enumerate() {
            assert!(
                n * 10 >= expected * 7 && n * 10 <= expected * 13,
                "{}: the best answer is shown {place}th {n} times of {runs} ({at:?})",
                s.id
            );
        }
        // Length: "always the longest" and every fixed length rank lose or merely resolve.
        let tells = goodwill_engine::tells::tells(s);
        for tell in [&tells.zh, &tells.en] {
            assert!(tell.always_longest <= Outcome::Resolved, "{}: {tell:?}", s.id);
        }
        assert!(!tells.best_rank.is_a_tell(), "{}: {:?}", s.id, tells.best_rank);
        longest_best[0] += tells.zh.longest_is_best;
        longest_best[1] += tells.en.longest_is_best;
        nodes += tells.zh.nodes;
    }
    // Across all cases, the longest line is the best at no more than 40 % of nodes, in either language.
    for (lang, count) in ["zh", "en"].iter().zip(longest_best) {
        assert!(
            count * 10 <= nodes * 4,
            "{lang}: longest is best at {count} of {nodes} nodes"
        );
        eprintln!("{lang}: the longest line is the best at {count} of {nodes} nodes");
    }
}
