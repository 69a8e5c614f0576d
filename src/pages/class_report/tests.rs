//! The class report page as a browser reads it: self-contained, with every name and text a trainee or
//! trainer typed shown as text, never as markup. (Moved from the store's `tests/reports.rs`.)

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use goodwill_engine::{Bilingual, Lang, Scenario, Session, load_file};
use goodwill_store::report::ReportData;
use goodwill_store::{DecisionInput, Mode, NewAttempt, Store};

use super::page;

const HOSTILE: &str = "<script>alert(\"x\")</script> & 'Co', \"quoted\"\nnew line";

/// A fresh, empty directory, unique per test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("goodwill-pages-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn scenario(name: &str) -> Arc<Scenario> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("scenarios/{name}.ron"));
    Arc::new(load_file(&path).scenario.expect("shipped scenario loads"))
}

/// Plays 1-based `choices`, recording each decision, and finishes the attempt if the case ends.
fn play(store: &Store, new: NewAttempt, choices: &[usize], rating: Option<u8>) {
    let mut session = Session::new(scenario(&new.scenario), new.seed);
    let id = store.start_attempt(&new).unwrap();
    for &c in choices {
        let (_, decision) = DecisionInput::play(&mut session, c - 1, rating, 1500).unwrap();
        store
            .record_decision_and_finish(&id, &decision, session.report())
            .unwrap();
    }
}

fn in_class(profile: &str, name: &str, class: &str) -> NewAttempt {
    NewAttempt {
        class: Some(class.to_owned()),
        ..NewAttempt::solo(profile, name, scenario(name).version, 7)
    }
}

/// The store tests' class: hostile text in the class name, a customer player's name and a scenario title.
fn class_with_results(name: &str) -> (Store, ReportData) {
    let store = Store::open_in(&scratch(name)).unwrap();
    let trainees = ["李明".to_owned(), "Ann".to_owned()];
    let cases = ["spilled-soup".to_owned(), "roaming-charge".to_owned()];
    store.create_class("Class <b>7</b>", &trainees, &cases).unwrap();
    // Profile names cannot hold a newline, so the hostile text reaches the reports through the class name,
    // a customer player's name and a scenario title instead.
    let class = "Class <b>7</b>";
    play(
        &store,
        in_class("李明", "spilled-soup", class),
        &[2, 1, 2, 2, 3, 2],
        None,
    );
    play(&store, in_class("李明", "roaming-charge", class), &[1, 1], None);
    play(&store, in_class("Ann", "spilled-soup", class), &[1, 1], None);
    let pair = NewAttempt {
        mode: Mode::Pair,
        customer_player: Some("<img src=x onerror=alert(1)>".into()),
        round: Some(1),
        pair_id: Some("p".into()),
        ..in_class("Ann", "roaming-charge", class)
    };
    play(&store, pair, &[3, 3, 3, 2, 3, 4], Some(4));
    let mut titles = BTreeMap::new();
    titles.insert("spilled-soup".to_owned(), scenario("spilled-soup").title.clone());
    titles.insert("roaming-charge".to_owned(), Bilingual::new("漫游费 <i>", HOSTILE));
    let data = store.report_data(class, titles).unwrap();
    (store, data)
}

/// Every `<` in the page must open one of the tags the report itself writes.
fn assert_only_own_markup(html: &str) {
    const OWN: [&str; 21] = [
        "!DOCTYPE",
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "h1",
        "h2",
        "p",
        "table",
        "tr",
        "th",
        "td",
        "figure",
        "figcaption",
        "svg",
        "line",
        "text",
        "polyline",
        "rect",
    ];
    for (i, _) in html.match_indices('<') {
        let rest = &html[i + 1..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '!' || *c == '/')
            .collect();
        let bare = name.trim_start_matches('/');
        assert!(
            OWN.contains(&bare),
            "unexpected markup (user text became a tag?) at {i}: {}",
            &html[i..(i + 40).min(html.len())]
        );
    }
}

#[test]
fn html_is_self_contained_and_escapes_every_name_and_text() {
    let (_store, data) = class_with_results("html");
    for lang in [Lang::Zh, Lang::En] {
        let html = page(&data, lang);
        assert_only_own_markup(&html);
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
        assert!(html.contains("Class &lt;b&gt;7&lt;/b&gt;"));
        assert!(html.contains("<svg"), "balance curves are drawn inline");
        assert!(
            !html.contains("http://") || !html.contains("src=\"http"),
            "no external resources"
        );
        assert!(!html.contains("<link") && !html.contains("<script"));
        assert!(html.contains("李明"));
    }
    let zh = page(&data, Lang::Zh);
    assert!(zh.contains("七大黄金步骤"));
}

#[test]
fn every_balance_chart_is_well_formed_svg_naming_each_trainee() {
    let (_store, data) = class_with_results("chart");
    for id in data.overview.scenarios() {
        let curves = data.overview.curves(&id);
        if curves.is_empty() {
            continue;
        }
        let svg = super::chart::balance_chart(&curves, &data.title(&id, Lang::En)).into_string();
        let doc = roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("not well-formed SVG: {e}\n{svg}"));
        let shown: Vec<&str> = doc
            .descendants()
            .filter(|n| n.is_text())
            .filter_map(|n| n.text())
            .collect();
        for (trainee, _) in &curves {
            assert!(
                shown.contains(&trainee.as_str()),
                "{trainee} is not in the legend: {shown:?}"
            );
        }
        assert_eq!(
            doc.descendants().filter(|n| n.tag_name().name() == "polyline").count(),
            curves.len()
        );
    }
}
