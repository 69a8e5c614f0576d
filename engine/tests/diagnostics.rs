//! The checker's messages say what to do, at the right `file:line:column`: one fixture per slip an author
//! makes (`tests/fixtures/`), and the rules across files (`tests/fixtures/cross-file/`).

use std::path::{Path, PathBuf};

use goodwill_engine::load::{Loaded, load_file, load_paths};
use goodwill_engine::{Diagnostic, Severity};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .join("tests/fixtures")
        .join(name)
}

/// The diagnostic containing `message`, asserted to be at `line:column` and printed with them.
fn expect<'a>(loaded: &'a Loaded, severity: Severity, message: &str, at: (usize, usize)) -> &'a Diagnostic {
    let hit = loaded
        .diagnostics
        .iter()
        .find(|d| d.severity == severity && d.message.contains(message))
        .unwrap_or_else(|| panic!("no {severity:?} containing {message:?} in {:#?}", loaded.diagnostics));
    assert_eq!((hit.line, hit.column), (Some(at.0), Some(at.1)), "{hit}");
    let printed = hit.to_string();
    assert!(
        printed.starts_with(&format!("{}:{}:{}: ", loaded.path.display(), at.0, at.1)),
        "{printed}"
    );
    hit
}

#[test]
fn a_byte_order_mark_is_skipped_not_refused() {
    let path = fixture("valid/bom.ron");
    assert!(
        std::fs::read(&path).unwrap().starts_with(b"\xef\xbb\xbf"),
        "the fixture keeps its BOM"
    );
    let loaded = load_file(&path);
    assert!(loaded.is_ok(), "{:?}", loaded.diagnostics);
    assert_eq!(loaded.errors().count(), 0);
    assert_eq!(
        loaded.id_at,
        Some((3, 9)),
        "positions count as an editor shows them, without the BOM"
    );
}

#[test]
fn a_json_file_is_told_it_is_json() {
    let loaded = load_file(&fixture("json.ron"));
    let hit = expect(&loaded, Severity::Error, "this looks like JSON", (1, 1));
    assert!(hit.message.contains("write `Scenario(`"), "{hit}");
}

#[test]
fn next_with_a_bare_string_says_to_write_node() {
    let loaded = load_file(&fixture("next-string.ron"));
    let hit = expect(&loaded, Severity::Error, "`next` takes", (22, 71));
    assert!(hit.message.contains(r#"write `next: Node("close")`"#), "{hit}");
}

#[test]
fn full_width_punctuation_is_named() {
    let loaded = load_file(&fixture("full-width-colon.ron"));
    let hit = expect(&loaded, Severity::Error, "full-width `：` (U+FF1A)", (23, 84));
    assert!(hit.message.contains("ASCII `:`"), "{hit}");
    let loaded = load_file(&fixture("full-width-comma.ron"));
    let hit = expect(&loaded, Severity::Error, "full-width `，` (U+FF0C)", (12, 29));
    assert!(hit.message.contains("ASCII `,`"), "{hit}");
}

#[test]
fn an_undeclared_promise_does_not_also_report_an_unreachable_ending() {
    let loaded = load_file(&fixture("undeclared-promise.ron"));
    expect(&loaded, Severity::Error, "names promise `call-bak`", (33, 124));
    assert!(
        !loaded
            .diagnostics
            .iter()
            .any(|d| d.message.contains("cannot be reached")),
        "{:#?}",
        loaded.diagnostics
    );
    assert!(
        loaded
            .diagnostics
            .iter()
            .any(|d| d.message.contains("were not checked"))
    );
}

#[test]
fn an_untagged_choice_is_told_which_tags_its_words_suggest() {
    let loaded = load_file(&fixture("valid/untagged-choices.ron"));
    assert!(loaded.is_ok(), "warnings only: {:?}", loaded.diagnostics);
    let waiting = expect(
        &loaded,
        Severity::Warning,
        "choice 2 of node `close` applies no principle",
        (35, 24),
    );
    assert!(
        waiting.message.contains("its words suggest `breaks: [LeftUninformed]`"),
        "{waiting}"
    );
    let call_back = expect(
        &loaded,
        Severity::Warning,
        "choice 2 of node `open` applies no principle",
        (23, 24),
    );
    assert!(call_back.message.contains("`breaks: [NoCallBack]`"), "{call_back}");
    assert!(call_back.message.contains("`applies: [KeepInformed]`"), "{call_back}");
}

#[test]
fn out_of_range_values_stop_the_analysis_and_say_so() {
    for (file, message, at) in [
        ("effect-overflow.ron", "effect 2147483647 is out of range", (21, 82)),
        (
            "balance-overflow.ron",
            "starting_balance -2147483648 is out of range",
            (12, 27),
        ),
    ] {
        let loaded = load_file(&fixture(file));
        expect(&loaded, Severity::Error, message, at);
        assert!(
            !loaded
                .diagnostics
                .iter()
                .any(|d| d.message.contains("cannot be reached")),
            "{file}: {:#?}",
            loaded.diagnostics
        );
        let note = loaded
            .diagnostics
            .iter()
            .find(|d| d.message.contains("were not checked"))
            .unwrap_or_else(|| panic!("{file}: no note that the paths were not checked"));
        assert!(note.message.contains("out of range"), "{note}");
    }
}

#[test]
fn an_id_with_an_escaped_quote_gets_a_line_and_column() {
    let loaded = load_file(&fixture("escaped-quote-id.ron"));
    expect(&loaded, Severity::Error, "must be lowercase letters", (3, 9));
}

#[test]
fn a_shared_id_is_an_error_and_an_unknown_pairing_a_warning_at_their_positions() {
    let loaded = load_paths(&[fixture("cross-file")]).unwrap();
    assert_eq!(loaded.len(), 2);
    assert!(loaded[0].is_ok(), "the first file keeps the id");
    assert!(!loaded[1].is_ok(), "the second cannot be played");
    let hit = expect(&loaded[1], Severity::Error, "duplicate scenario id `twin`", (3, 9));
    assert!(hit.message.contains("a-twin.ron already uses it"), "{hit}");
    expect(
        &loaded[1],
        Severity::Warning,
        "pair_with names scenario `nobody`",
        (15, 16),
    );
}

/// `goodwill new ID --from-document N`: the skeleton passes the checker cleanly for every document, and
/// every ending can be played to; `check` lists only its placeholders.
#[test]
fn a_new_skeleton_checks_clean_and_plays_to_every_ending() {
    use goodwill_engine::{Outcome, Source, analyze::analyze, generate::skeleton, load_str, session::run};
    for source in Source::ALL {
        let text = skeleton("new-case", source);
        let loaded = load_str(Path::new("new-case.ron"), &text);
        // Its only warnings are the placeholders it asks the author to fill.
        assert!(
            loaded
                .diagnostics
                .iter()
                .all(|d| !d.is_error() && d.message.contains("left from `goodwill new`")),
            "{source:?}: {:#?}",
            loaded.diagnostics
        );
        let scenario = std::sync::Arc::new(loaded.scenario.unwrap());
        assert_eq!(scenario.source, source);
        let analysis = analyze(&scenario);
        assert_eq!(analysis.reachable_outcomes.len(), Outcome::ALL.len(), "{source:?}");
        // The best path, played, ends loyal; the rules of words find nothing to pick by.
        let best = analysis.best.clone().unwrap();
        let session = run(std::sync::Arc::clone(&scenario), 1, &best.choices).unwrap();
        assert_eq!(session.report().unwrap().outcome, Outcome::Loyal);
        let words = goodwill_engine::surface::diagnostics(&scenario, Path::new("new-case.ron"), &text);
        assert!(words.is_empty(), "{source:?}: {words:#?}");
    }
}

/// A large file's problems are still found, near its end as near its start, and placed at their line and
/// column.
#[test]
fn a_large_files_problems_are_found_and_placed() {
    use goodwill_engine::generate::{layered, to_authored_ron};
    let text = to_authored_ron(&layered(3_000));
    assert!(text.len() > 1_000_000, "a large file");
    let path = Path::new("large.ron");
    let clean = goodwill_engine::load_str(path, &text);
    assert!(
        clean.is_ok() && clean.errors().count() == 0,
        "{:?}",
        clean.first_error()
    );

    // A reference to no node, in the last quarter of the file.
    let wrong = r#"next: Node("n2800")"#;
    let at = text.rfind(wrong).expect("a choice leads to n2800");
    let broken = format!(
        "{}{}{}",
        &text[..at],
        r#"next: Node("nowhere")"#,
        &text[at + wrong.len()..]
    );
    // The message points at the value, after `next: `.
    let at = at + "next: ".len();
    let line = broken[..at].matches('\n').count() + 1;
    let column = broken[broken[..at].rfind('\n').map_or(0, |i| i + 1)..at]
        .chars()
        .count()
        + 1;
    let loaded = goodwill_engine::load_str(path, &broken);
    assert!(!loaded.is_ok());
    expect(
        &loaded,
        Severity::Error,
        "leads to node `nowhere`, which does not exist",
        (line, column),
    );

    // A loop from the second half back to the first.
    let looped = text.replacen(r#"next: Node("n2501")"#, r#"next: Node("n7")"#, 1);
    let loaded = goodwill_engine::load_str(path, &looped);
    assert!(!loaded.is_ok());
    assert!(
        loaded
            .errors()
            .any(|d| d.to_string().contains("the conversation loops")),
        "{:?}",
        loaded.diagnostics
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
        let path = fixture(file);
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
    assert!(load_file(&fixture("minimal.ron")).is_ok());
}

/// A reflection question without one of its languages, or a third question, is an error at its place.
#[test]
fn reflection_questions_need_both_languages_and_at_most_two() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .join("scenarios/spilled-soup.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    let shipped = goodwill_engine::load_str(&path, &text);
    assert!(shipped.is_ok(), "{:?}", shipped.diagnostics);
    let start = text
        .find("    reflection: [")
        .expect("the shipped case has a reflection question");
    let line = text[..start].lines().count() + 2; // the question's `(` is on the line after `reflection: [`
    let en_start = text[start..].find("en: \"").unwrap() + start;
    let en_end = text[en_start + 5..].find('"').unwrap() + en_start + 5;
    let untranslated = format!("{}en: \"  \"{}", &text[..en_start], &text[en_end + 1..]);
    let loaded = goodwill_engine::load_str(&path, &untranslated);
    assert!(!loaded.is_ok());
    let hit = expect(
        &loaded,
        Severity::Error,
        "missing translation: reflection question 1 has no English (en)",
        (line, 9),
    );
    assert!(hit.to_string().contains("spilled-soup.ron"), "{hit}");

    let three = text.replacen(
        "    reflection: [\n",
        "    reflection: [\n        (zh: \"一\", en: \"One\"),\n        (zh: \"二\", en: \"Two\"),\n",
        1,
    );
    let loaded = goodwill_engine::load_str(&path, &three);
    assert!(!loaded.is_ok());
    expect(&loaded, Severity::Error, "`reflection` has 3 questions", (line + 2, 9));
}
