//! The checker teaches: each slip a trainer makes writing a case by hand (issue 24) is fed to the loader
//! in a copy of a shipped case, and the message must name the slip, its place and the fix.

mod common;

use std::path::Path;

use goodwill_engine::load::{Loaded, load_str};
use goodwill_engine::{Diagnostic, Severity};

const SOUP: &str = "scenarios/spilled-soup.ron";

fn soup() -> String {
    std::fs::read_to_string(common::repo().join(SOUP)).expect("shipped case")
}

/// `text` with the `n`th (from 1) occurrence of `from` replaced by `to`; panics if there is none, so a
/// test never passes on a mistake it did not make.
fn replace_nth(text: &str, from: &str, to: &str, n: usize) -> String {
    let (at, _) = text
        .match_indices(from)
        .nth(n - 1)
        .unwrap_or_else(|| panic!("no occurrence {n} of {from:?}"));
    format!("{}{to}{}", &text[..at], &text[at + from.len()..])
}

/// 1-based line and column (in characters) of the `n`th occurrence of `needle` in `text`.
fn position_of(text: &str, needle: &str, n: usize) -> (usize, usize) {
    let (at, _) = text.match_indices(needle).nth(n - 1).expect("present");
    let line = text[..at].matches('\n').count() + 1;
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    (line, text[start..at].chars().count() + 1)
}

fn load(text: &str) -> Loaded {
    load_str(Path::new("case.ron"), text)
}

/// The one diagnostic of `severity` whose message contains `words`.
fn find<'a>(loaded: &'a Loaded, severity: Severity, words: &str) -> &'a Diagnostic {
    loaded
        .diagnostics
        .iter()
        .find(|d| d.severity == severity && d.message.contains(words))
        .unwrap_or_else(|| panic!("no {severity:?} with {words:?} in {:#?}", loaded.diagnostics))
}

fn at(d: &Diagnostic) -> (usize, usize) {
    (d.line.expect("a line"), d.column.expect("a column"))
}

#[test]
fn curly_quotes_around_a_text_are_named_as_such() {
    let text = replace_nth(
        &soup(),
        "zh: \"散席之前把干洗好的西服送回来\"",
        "zh: “散席之前把干洗好的西服送回来”",
        1,
    );
    let loaded = load(&text);
    let d = find(&loaded, Severity::Error, "curly quote `“` around a text");
    assert!(d.message.contains("straight quotes, `\"…\"`"), "{d}");
    assert_eq!(at(d), position_of(&text, "“散席", 1));
}

#[test]
fn a_straight_quote_inside_a_chinese_line_is_named_where_it_ends_the_text() {
    let text = replace_nth(
        &soup(),
        "\"散席之前把干洗好的西服送回来\"",
        "\"散席之前把\"干洗\"好的西服送回来\"",
        1,
    );
    let loaded = load(&text);
    let d = find(&loaded, Severity::Error, "a straight `\"` inside the text");
    assert!(d.message.contains("use 「」 or “”"), "{d}");
    assert_eq!(at(d), position_of(&text, "\"干洗", 1));
}

#[test]
fn an_unclosed_text_names_where_its_closing_quote_is_missing() {
    let text = replace_nth(&soup(), "送回来\", en: \"Bring", "送回来, en: \"Bring", 1);
    let loaded = load(&text);
    let d = find(&loaded, Severity::Error, "is not closed: its closing `\"` is missing");
    let (line, column) = position_of(&text, ", en: \"Bring", 1);
    assert!(
        d.message.contains(&format!("missing at line {line}, column {column}")),
        "{d}"
    );
}

#[test]
fn a_missing_parenthesis_names_the_bracket_left_open() {
    let text = replace_nth(&soup(), "next: Node(\"argue\"),", "next: Node(\"argue\"", 1);
    let loaded = load(&text);
    let d = find(&loaded, Severity::Error, "`Node(` at line");
    assert!(d.message.contains("is never closed: add its `)`"), "{d}");
    assert_eq!(at(d), position_of(&text, "(\"argue\"", 1), "at the bracket itself");
}

#[test]
fn misspelt_node_promise_and_tag_names_get_a_did_you_mean() {
    let typo = replace_nth(&soup(), "next: Node(\"argue\")", "next: Node(\"argeu\")", 1);
    let loaded = load(&typo);
    let d = find(&loaded, Severity::Error, "leads to node `argeu`");
    assert!(d.message.contains("(did you mean `argue`?)"), "{d}");

    let typo = replace_nth(
        &soup(),
        "promise: Some(\"suit-back\")",
        "promise: Some(\"suit-bak\")",
        1,
    );
    let loaded = load(&typo);
    let d = find(&loaded, Severity::Error, "names promise `suit-bak`");
    assert!(d.message.contains("(did you mean `suit-back`?)"), "{d}");

    let typo = replace_nth(
        &soup(),
        "applies: [ApologiseInOwnName",
        "applies: [ApologiseInOwnNmae",
        1,
    );
    let loaded = load(&typo);
    let d = find(&loaded, Severity::Error, "unknown principle `ApologiseInOwnNmae`");
    assert!(
        d.message
            .starts_with("unknown principle `ApologiseInOwnNmae`: did you mean `ApologiseInOwnName`?")
    );
    assert_eq!(at(d), position_of(&typo, "ApologiseInOwnNmae", 1));

    // An anti-pattern written among the principles is told where it belongs.
    let misplaced = replace_nth(&soup(), "applies: [ApologiseInOwnName", "applies: [ArguingFault", 1);
    let loaded = load(&misplaced);
    find(
        &loaded,
        Severity::Error,
        "`ArguingFault` is an anti-pattern, not a principle: put it in `breaks: [...]`",
    );
}

#[test]
fn a_duplicate_node_id_is_reported_before_the_dangling_references_it_causes() {
    // The `bill` node renamed to an id already used: the references to `bill` (earlier in the file) now
    // lead nowhere, but the cause is the duplicate, further down.
    let text = replace_nth(&soup(), "id: \"bill\"", "id: \"li-sorry\"", 1);
    let loaded = load(&text);
    let first = loaded.errors().next().expect("errors");
    assert!(first.message.starts_with("duplicate node id `li-sorry`"), "{first}");
    let (line, column) = position_of(&text, "id: \"li-sorry\"", 2);
    assert_eq!(at(first), (line, column + 4));
    let dangling = find(&loaded, Severity::Error, "leads to node `bill`");
    assert!(at(dangling).0 < at(first).0, "the consequence is earlier in the file");
}

#[test]
fn placeholders_left_by_new_are_warned_one_line_each() {
    let skeleton = goodwill_engine::generate::skeleton("cake", goodwill_engine::Source::Doc001);
    let loaded = load(&skeleton);
    assert!(loaded.is_ok(), "{:#?}", loaded.diagnostics);
    let d = find(
        &loaded,
        Severity::Warning,
        "placeholders `【案例标题】` and `[Title of the case]`",
    );
    assert!(d.message.contains("left from `goodwill new`: replace them"), "{d}");
    assert_eq!(at(d), position_of(&skeleton, "【案例标题】", 1));
    // The shipped cases have none.
    let shipped = load(&soup());
    assert!(!shipped.diagnostics.iter().any(|d| d.message.contains("placeholder")));
}

#[test]
fn a_character_outside_the_font_is_named_with_its_place_and_a_name_character_is_not() {
    let text = replace_nth(&soup(), "name: (zh: \"李先生\"", "name: (zh: \"李喆先生🙂\"", 1);
    let loaded = load(&text);
    assert!(
        loaded.is_ok(),
        "a character outside the font is a warning, not an error"
    );
    let d = find(&loaded, Severity::Warning, "is not in the game's font");
    assert!(d.message.contains("U+1F642"), "{d}");
    assert!(d.message.contains("python3 assets/fonts/subset.py"), "{d}");
    let (line, column) = position_of(&text, "🙂", 1);
    assert_eq!(at(d), (line, column));
    assert!(d.message.contains(&format!("at line {line}, column {column}")), "{d}");
    assert!(
        !loaded.diagnostics.iter().any(|d| d.message.contains("U+5586")),
        "喆 is in the font: {:#?}",
        loaded.diagnostics
    );
}

#[test]
fn length_tells_are_placed_at_the_nodes_that_make_them() {
    let skeleton = goodwill_engine::generate::skeleton("cake", goodwill_engine::Source::Doc001);
    // The best answer made the longest at both nodes (B at `open`, C at `remedy`).
    let long_zh =
        "我非常理解您的心情，您订的生日蛋糕没有按时送到，让您在孩子的生日会上等了整整一个小时，这确实是我们的错";
    let long_en = "I completely understand: the birthday cake you ordered did not arrive on time, and you waited a whole hour at your child's party; that is our fault";
    let text = replace_nth(
        &skeleton,
        "(zh: \"【回应二】\", en: \"[Answer B]\")",
        &format!("(zh: \"{long_zh}\", en: \"{long_en}\")"),
        1,
    );
    let text = replace_nth(
        &text,
        "(zh: \"【回应三】\", en: \"[Answer C]\")",
        &format!("(zh: \"{long_zh}。\", en: \"{long_en}.\")"),
        2,
    );
    let loaded = load(&text);
    let d = find(&loaded, Severity::Warning, "length is a tell in Chinese");
    let id_at = |id: &str| {
        let (line, column) = position_of(&text, &format!("id: \"{id}\""), 1);
        (line, column + 4)
    };
    let (open, remedy) = (id_at("open"), id_at("remedy"));
    assert_eq!(at(d), open, "{d}");
    assert!(
        d.message.contains(&format!(
            "`open` ({}:{}), `remedy` ({}:{})",
            open.0, open.1, remedy.0, remedy.1
        )),
        "{d}"
    );
}

#[test]
fn a_citation_the_game_would_double_is_warned() {
    // The feedback names 000 but does not end with it: the game adds 000's title after it as well.
    let text = replace_nth(
        &soup(),
        "先道歉，战火才会平息。（000）\"",
        "先道歉，战火才会平息（000）。\"",
        1,
    );
    let loaded = load(&text);
    let d = find(&loaded, Severity::Warning, "names document 000");
    assert!(
        d.message.contains("cited twice: end the feedback with `（000）`"),
        "{d}"
    );
    assert!(
        !load(&soup())
            .diagnostics
            .iter()
            .any(|d| d.message.contains("cited twice"))
    );
}

#[test]
fn a_draft_with_only_path_independent_errors_can_still_be_analysed() {
    let text = replace_nth(&soup(), "title: (zh: \"洒了的汤\"", "title: (zh: \"\"", 1);
    let loaded = load(&text);
    assert!(loaded.errors().any(|e| e.message.contains("missing translation")));
    assert!(loaded.scenario.is_none(), "the game will not play it");
    let draft = loaded.draft.expect("a draft: the paths are as written");
    let analysis = goodwill_engine::analyze::analyze(&draft);
    assert_eq!(analysis.best.expect("best path").final_balance, 100);
    // A broken reference changes the paths: no draft.
    let broken = replace_nth(&soup(), "next: Node(\"argue\")", "next: Node(\"argeu\")", 1);
    assert!(load(&broken).draft.is_none());
}
