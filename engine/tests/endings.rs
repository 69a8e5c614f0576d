//! Endings that tell what happened: events marked by choices, ending variants chosen by the path's
//! promises and events, the check that warns where an ending's text claims what a path reading it did
//! not do, and clear errors for ids that name nothing.

use std::path::Path;
use std::sync::Arc;

use goodwill_engine::load::{Loaded, load_str};
use goodwill_engine::{Outcome, Session, Severity};

/// A small case: the opening choice either has the suit cleaned (and promises it back) or not; the
/// second choice decides the tier. `LOST` is the lost ending's body, `MARKS` the marks of the cleaning
/// choice, `WHEN` a condition on a line variant.
const CASE: &str = r#"Scenario(
    id: "endings-case",
    title: (zh: "汤", en: "Soup"),
    setting: (zh: "餐厅。", en: "A restaurant."),
    source: Doc000,
    difficulty: Easy,
    agent: (zh: "服务员", en: "The waiter"),
    customer: (name: (zh: "李先生", en: "Mr Li"), persona: (zh: "客人。", en: "A guest."), starting_balance: 50),
    promises: [(id: "suit-back", text: (zh: "送回西服", en: "Bring the suit back"), value: 5, words: ["送回", "brought back"])],
    events: [(id: "suit-cleaned", text: (zh: "西服送洗", en: "The suit was cleaned"), words: ["洗好", "cleaned"])],
    start: "spill",
    nodes: [
        (
            id: "spill",
            customer: [(zh: "汤洒了！", en: "The soup spilled!")],
            choices: [
                (text: (zh: "对不起，我去送洗。", en: "Sorry, I'll have it cleaned."), effect: 5, applies: [ApologiseSincerely], promise: Some("suit-back"), MARKS
                 feedback: (zh: "好。", en: "Good."), next: Node("then")),
                (text: (zh: "不是我的错。", en: "Not my fault."), effect: -5, breaks: [NotMyFault], feedback: (zh: "差。", en: "Bad."), next: Node("then")),
            ],
        ),
        (
            id: "then",
            customer: [(zh: "然后呢？", en: "And then?")],
            variants: [(when: [WHEN], customer: [(zh: "西服呢？", en: "My suit?")])],
            choices: [
                (text: (zh: "西服在这儿。", en: "Here is your suit."), effect: 5, applies: [KeepInformed], keeps: ["suit-back"], feedback: (zh: "好。", en: "Good."), next: End),
                (text: (zh: "您再等等。", en: "Wait a bit."), effect: -30, breaks: [LeftUninformed], breaks_promises: ["suit-back"], feedback: (zh: "差。", en: "Bad."), next: End),
                (text: (zh: "谢谢您告诉我。", en: "Thank you for telling me."), effect: 40, applies: [ThankForComplaint], keeps: ["suit-back"], feedback: (zh: "好。", en: "Good."), next: End),
                (text: (zh: "好的。", en: "All right."), effect: -12, breaks: [DismissingComplaint], feedback: (zh: "差。", en: "Bad."), next: End),
            ],
        ),
    ],
    endings: (
        lost: LOST,
        resolved: (title: (zh: "了结", en: "Settled"), epilogue: (zh: "事情了结了。", en: "It was settled.")),
        retained: (title: (zh: "再来", en: "Back"), epilogue: (zh: "他会再来。", en: "He will be back.")),
        loyal: (title: (zh: "常客", en: "Regular"), epilogue: (zh: "他成了常客。", en: "He became a regular.")),
    ),
)"#;

/// A lost ending that speaks of the cleaned suit on every path (untrue where it was never cleaned).
const LOST_CLAIMS: &str = r#"(title: (zh: "走了", en: "Gone"), epilogue: (zh: "他穿着洗好的西服走了。", en: "He left in his cleaned suit."))"#;

/// The same claim, only where the suit was cleaned, and a promise broken told only where it was made.
const LOST_BY_PATH: &str = r#"(
            title: (zh: "走了", en: "Gone"),
            epilogue: (zh: "他一身汤渍地走了。", en: "He left in his stained suit."),
            variants: [
                (when: [PromiseBroken("suit-back")], title: Some((zh: "失约", en: "A broken promise")), epilogue: (zh: "西服没有按说好的送回，他再也没来。", en: "The suit was not brought back as promised; he never came again.")),
                (when: [Happened("suit-cleaned")], epilogue: (zh: "他穿着洗好的西服走了。", en: "He left in his cleaned suit.")),
            ],
        )"#;

fn case(lost: &str, marks: &str, when: &str) -> String {
    CASE.replace("LOST", lost).replace("MARKS", marks).replace("WHEN", when)
}

fn load(text: &str) -> Loaded {
    load_str(Path::new("endings-case.ron"), text)
}

/// The 1-based line and column of the first occurrence of `needle` in `text`.
fn position_of(text: &str, needle: &str) -> (usize, usize) {
    let offset = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in the case"));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

fn with_message<'a>(loaded: &'a Loaded, severity: Severity, words: &str) -> Vec<&'a goodwill_engine::Diagnostic> {
    loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == severity && d.message.contains(words))
        .collect()
}

#[test]
fn an_ending_that_claims_an_event_some_path_lacks_is_warned_at_its_text() {
    let text = case(
        LOST_CLAIMS,
        r#"marks: ["suit-cleaned"],"#,
        r#"PromiseOpen("suit-back")"#,
    );
    let loaded = load(&text);
    assert!(loaded.scenario.is_some(), "{:#?}", loaded.diagnostics);
    let warned = with_message(&loaded, Severity::Warning, "event `suit-cleaned`");
    assert_eq!(warned.len(), 1, "{:#?}", loaded.diagnostics);
    let w = warned[0];
    // At the epilogue that says it, naming the word and a path that reads it without the event.
    let at = position_of(&text, r#"(zh: "他穿着洗好"#);
    assert_eq!((w.line, w.column), (Some(at.0), Some(at.1)), "{w}");
    assert!(w.message.contains("洗好") && w.message.contains("`spill` 2"), "{w}");
}

#[test]
fn endings_chosen_by_the_path_are_not_warned_and_read_what_happened() {
    let text = case(
        LOST_BY_PATH,
        r#"marks: ["suit-cleaned"],"#,
        r#"PromiseOpen("suit-back")"#,
    );
    let loaded = load(&text);
    let claims: Vec<_> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("speaks of"))
        .collect();
    assert!(claims.is_empty(), "{claims:#?}");
    let scenario = Arc::new(loaded.scenario.expect("playable"));
    // Cleaned, promised, then the promise broken: the broken-promise text, with its own title.
    let broken = goodwill_engine::session::run(Arc::clone(&scenario), 1, &[0, 1]).unwrap();
    let report = broken.report().unwrap();
    assert_eq!(report.outcome, Outcome::Lost);
    assert_eq!(report.ending_variant, Some(0));
    assert_eq!(report.ending_title.en, "A broken promise");
    assert_eq!(
        broken.ending().map(|(title, _)| title.en.as_str()),
        Some("A broken promise")
    );
    assert!(
        report.epilogue.en.contains("not brought back"),
        "{}",
        report.epilogue.en
    );
    // Never cleaned, never promised: the default, which claims neither.
    let plain = goodwill_engine::session::run(Arc::clone(&scenario), 1, &[1, 1]).unwrap();
    let report = plain.report().unwrap();
    assert_eq!((report.outcome, report.ending_variant), (Outcome::Lost, None));
    assert_eq!(report.ending_title.en, "Gone");
    assert!(report.epilogue.en.contains("stained"), "{}", report.epilogue.en);
}

#[test]
fn a_promise_word_in_an_ending_reached_without_the_promise_is_warned() {
    // The resolved ending speaks of the suit brought back; the path `spill` 2 → `then` 1 never promised it.
    let text = case(
        LOST_BY_PATH,
        r#"marks: ["suit-cleaned"],"#,
        r#"PromiseOpen("suit-back")"#,
    )
    .replace(
        r#"epilogue: (zh: "事情了结了。", en: "It was settled.")"#,
        r#"epilogue: (zh: "西服送回了，事情了结了。", en: "The suit was brought back and it was settled.")"#,
    );
    let loaded = load(&text);
    let warned = with_message(&loaded, Severity::Warning, "promise `suit-back`");
    assert_eq!(warned.len(), 1, "{:#?}", loaded.diagnostics);
    assert!(warned[0].message.contains("`resolved` ending"), "{}", warned[0]);
    assert_eq!(warned[0].line, Some(position_of(&text, "西服送回了").0));
}

#[test]
fn conditions_on_events_choose_customer_lines() {
    let text = case(
        LOST_BY_PATH,
        r#"marks: ["suit-cleaned"],"#,
        r#"Happened("suit-cleaned")"#,
    );
    let scenario = Arc::new(load(&text).scenario.expect("playable"));
    let mut session = Session::new(Arc::clone(&scenario), 3);
    session.choose(0).unwrap();
    assert_eq!(session.current_line().unwrap().en, "My suit?");
    let mut session = Session::new(scenario, 3);
    session.choose(1).unwrap();
    assert_eq!(session.current_line().unwrap().en, "And then?");
}

#[test]
fn an_unknown_event_is_an_error_that_suggests_the_declared_one() {
    let text = case(
        LOST_BY_PATH,
        r#"marks: ["suit-claened"],"#,
        r#"NotHappened("suitcleaned")"#,
    );
    let loaded = load(&text);
    assert!(loaded.scenario.is_none(), "an unknown id must stop the file");
    for (needle, wrong) in [
        (r#""suit-claened""#, "suit-claened"),
        (r#"NotHappened("suitcleaned")"#, "suitcleaned"),
    ] {
        let errors = with_message(&loaded, Severity::Error, &format!("event `{wrong}`"));
        assert_eq!(errors.len(), 1, "{:#?}", loaded.diagnostics);
        assert!(
            errors[0].message.contains("did you mean `suit-cleaned`?"),
            "{}",
            errors[0]
        );
        assert_eq!((errors[0].line, errors[0].column), {
            let (l, c) = position_of(&text, needle);
            (Some(l), Some(c))
        });
    }
    // A condition in an ending variant is checked the same way.
    let text = case(LOST_BY_PATH, "", r#"PromiseOpen("suit-back")"#)
        .replace(r#"[Happened("suit-cleaned")]"#, r#"[Happened("cleaned")]"#);
    let loaded = load(&text);
    let errors = with_message(&loaded, Severity::Error, "event `cleaned`");
    assert_eq!(errors.len(), 1, "{:#?}", loaded.diagnostics);
    assert!(
        errors[0].message.contains("variant 2 of the `lost` ending"),
        "{}",
        errors[0]
    );
    assert_eq!(errors[0].line, Some(position_of(&text, r#"Happened("cleaned")"#).0));
}

#[test]
fn a_file_without_the_new_fields_loads_as_before() {
    let text = case(
        r#"(title: (zh: "走了", en: "Gone"), epilogue: (zh: "他走了。", en: "He left."))"#,
        "",
        r#"PromiseOpen("suit-back")"#,
    )
    .replace(r#", words: ["送回", "brought back"]"#, "")
    .replace(
        r#"    events: [(id: "suit-cleaned", text: (zh: "西服送洗", en: "The suit was cleaned"), words: ["洗好", "cleaned"])],"#,
        "",
    );
    let loaded = load(&text);
    assert!(loaded.errors().next().is_none(), "{:#?}", loaded.diagnostics);
    let scenario = Arc::new(loaded.scenario.unwrap());
    assert!(scenario.events.is_empty());
    let report = goodwill_engine::session::run(scenario, 1, &[1, 1]).unwrap();
    assert_eq!(report.report().unwrap().epilogue.en, "He left.");
}

#[test]
fn feedback_that_says_the_customer_is_gone_is_warned_where_a_path_through_it_recovers() {
    // "Wait a bit" breaks the promise (-30 and more): gone for good is true of it. "All right" (-12)
    // still ends resolved from the cleaning path: saying the customer is gone for good is not.
    let text = case(
        LOST_BY_PATH,
        r#"marks: ["suit-cleaned"],"#,
        r#"PromiseOpen("suit-back")"#,
    )
    .replace(
        r#"breaks_promises: ["suit-back"], feedback: (zh: "差。", en: "Bad.")"#,
        r#"breaks_promises: ["suit-back"], feedback: (zh: "客户就永远失去了。", en: "The customer is gone for good.")"#,
    )
    .replace(
        r#"breaks: [DismissingComplaint], feedback: (zh: "差。", en: "Bad.")"#,
        r#"breaks: [DismissingComplaint], feedback: (zh: "客户再也不会来了。", en: "She will never come back.")"#,
    );
    let loaded = load(&text);
    let warned = with_message(&loaded, Severity::Warning, "gone for good");
    assert_eq!(warned.len(), 1, "{:#?}", loaded.diagnostics);
    assert!(warned[0].message.contains("choice 4 of node `then`"), "{}", warned[0]);
    assert!(warned[0].message.contains("ends resolved"), "{}", warned[0]);
    assert_eq!(warned[0].line, Some(position_of(&text, "客户再也不会来了").0));
}

#[test]
fn an_ending_that_says_an_event_did_not_happen_is_warned_where_it_did() {
    // "He left soup-stained" is untrue where the suit was cleaned: `not_words` say so.
    let stained = r#"(title: (zh: "走了", en: "Gone"), epilogue: (zh: "他一身汤渍地走了。", en: "He left in his stained suit."))"#;
    let declare = |text: String| {
        text.replace(
            r#"words: ["洗好", "cleaned"])"#,
            r#"words: ["洗好", "cleaned"], not_words: ["汤渍", "stained"])"#,
        )
    };
    let text = declare(case(
        stained,
        r#"marks: ["suit-cleaned"],"#,
        r#"PromiseOpen("suit-back")"#,
    ));
    let loaded = load(&text);
    let warned = with_message(&loaded, Severity::Warning, "did not happen");
    assert_eq!(warned.len(), 1, "{:#?}", loaded.diagnostics);
    assert!(
        warned[0].message.contains("汤渍") && warned[0].message.contains("`spill` 1"),
        "{}",
        warned[0]
    );
    assert!(
        warned[0].message.contains(r#"NotHappened("suit-cleaned")"#),
        "{}",
        warned[0]
    );
    assert_eq!(warned[0].line, Some(position_of(&text, "他一身汤渍").0));
    // With the variants that tell the cleaned paths their own story, the default is read only where
    // the suit stayed stained: nothing to warn.
    let text = declare(case(
        LOST_BY_PATH,
        r#"marks: ["suit-cleaned"],"#,
        r#"PromiseOpen("suit-back")"#,
    ));
    let loaded = load(&text);
    assert!(
        with_message(&loaded, Severity::Warning, "did not happen").is_empty(),
        "{:#?}",
        loaded.diagnostics
    );
}
