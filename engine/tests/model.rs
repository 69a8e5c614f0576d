//! The emotional-account rules as a trainee meets them in a session.

use std::path::Path;
use std::sync::Arc;

use goodwill_engine::session::{EntryReason, run};
use goodwill_engine::{Event, Outcome, Scenario, load_file};

fn minimal() -> Arc<Scenario> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/minimal.ron");
    Arc::new(load_file(&path).scenario.expect("minimal fixture is valid"))
}

#[test]
fn a_withdrawal_from_an_upset_customer_costs_interest() {
    // Balance 40 (upset): "not my business" withdraws 35 plus 20 % interest and overdraws the account.
    let session = run(minimal(), 1, &[2]).unwrap();
    let entry = session.events().iter().find_map(|e| match e {
        Event::Account(entry) => Some(entry.clone()),
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
            .any(|e| matches!(e, Event::AccountClosed { .. }))
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
