//! `goodwill report` output as its consumers read it: a spreadsheet parses the CSV and an LRS accepts the
//! xAPI statements. (The HTML page, a view drawn by the root crate's `pages`, is tested there.)

mod common;

use std::collections::BTreeMap;

use common::{How, in_class, play_walk, scenario, scratch};
use goodwill_engine::{Bilingual, Lang};
use goodwill_store::report::{Format, ReportData, render};
use goodwill_store::{Mode, NewAttempt, Store};
use serde_json::Value;

const HOSTILE: &str = "<script>alert(\"x\")</script> & 'Co', \"quoted\"\nnew line";

fn class_with_results(name: &str) -> (Store, ReportData) {
    let store = Store::open_in(&scratch(name)).unwrap();
    let trainees = ["李明".to_owned(), "Ann".to_owned()];
    let cases = ["spilled-soup".to_owned(), "roaming-charge".to_owned()];
    store.create_class("Class <b>7</b>", &trainees, &cases).unwrap();
    // Profile names cannot hold a newline, so the hostile text reaches the reports through the class name,
    // a customer player's name and a scenario title instead.
    let class = "Class <b>7</b>";
    play_walk(&store, in_class("李明", "spilled-soup", class), How::Praised, None);
    play_walk(&store, in_class("李明", "roaming-charge", class), How::Argued, None);
    play_walk(&store, in_class("Ann", "spilled-soup", class), How::Argued, None);
    let pair = NewAttempt {
        mode: Mode::Pair,
        customer_player: Some("<img src=x onerror=alert(1)>".into()),
        round: Some(1),
        pair_id: Some("p".into()),
        ..in_class("Ann", "roaming-charge", class)
    };
    play_walk(&store, pair, How::Clean, Some(4));
    let mut titles = BTreeMap::new();
    titles.insert("spilled-soup".to_owned(), scenario("spilled-soup").title.clone());
    titles.insert("roaming-charge".to_owned(), Bilingual::new("漫游费 <i>", HOSTILE));
    let data = store.report_data(class, titles).unwrap();
    (store, data)
}

#[test]
fn csv_parses_with_one_row_per_attempt_and_golden_step_columns() {
    let (_store, data) = class_with_results("csv");
    let bytes = render(Format::Csv, &data, Lang::En);
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let header = reader.headers().unwrap().clone();
    assert!(header.iter().any(|h| h.starts_with("step 1.")));
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 4);
    for row in &rows {
        assert_eq!(row.len(), header.len());
    }
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let roaming: Vec<&csv::StringRecord> = rows
        .iter()
        .filter(|r| &r[col("scenario")] == "roaming-charge")
        .collect();
    assert!(
        roaming.iter().any(|r| &r[col("scenario_title")] == HOSTILE),
        "awkward text survives quoting"
    );
    let soup_li = rows
        .iter()
        .find(|r| &r[col("trainee")] == "李明" && &r[col("scenario")] == "spilled-soup")
        .unwrap();
    assert_eq!(&soup_li[col("outcome")], "loyal");
    assert_eq!(&soup_li[col("session")], "Class <b>7</b>");
}

fn is_uuid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.iter().map(|p| p.len()).collect::<Vec<_>>() == vec![8, 4, 4, 4, 12]
        && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_hexdigit()))
}

fn is_absolute_iri(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once(':') else {
        return false;
    };
    !rest.is_empty()
        && scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        && !s.contains(' ')
}

fn is_rfc3339(s: &str) -> bool {
    time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).is_ok()
}

fn is_iso_duration(s: &str) -> bool {
    let Some(body) = s.strip_prefix("PT").and_then(|b| b.strip_suffix('S')) else {
        return false;
    };
    body.parse::<f64>().is_ok()
}

/// The statement requirements of the xAPI 1.0.3 spec (part 2, section 2.4) that apply to what we write.
fn validate_statement(s: &Value) {
    let obj = s.as_object().expect("a statement is an object");
    assert!(is_uuid(s["id"].as_str().unwrap()), "id must be a UUID");
    for required in ["actor", "verb", "object"] {
        assert!(obj.contains_key(required), "missing {required}");
    }
    let actor = &s["actor"];
    let ifis = ["mbox", "mbox_sha1sum", "openid", "account"]
        .iter()
        .filter(|k| actor.get(**k).is_some())
        .count();
    assert_eq!(ifis, 1, "an Agent has exactly one inverse functional identifier");
    assert!(is_absolute_iri(actor["account"]["homePage"].as_str().unwrap()));
    assert!(!actor["account"]["name"].as_str().unwrap().is_empty());
    assert!(is_absolute_iri(s["verb"]["id"].as_str().unwrap()));
    assert!(
        s["verb"]["display"]
            .as_object()
            .unwrap()
            .keys()
            .all(|k| k.contains('-'))
    );
    assert_eq!(s["object"]["objectType"], "Activity");
    assert!(is_absolute_iri(s["object"]["id"].as_str().unwrap()));
    assert!(is_rfc3339(s["timestamp"].as_str().unwrap()));
    if let Some(result) = s.get("result") {
        if let Some(score) = result.get("score") {
            let scaled = score["scaled"].as_f64().unwrap();
            assert!((-1.0..=1.0).contains(&scaled));
            let (raw, min, max) = (
                score["raw"].as_f64().unwrap(),
                score["min"].as_f64().unwrap(),
                score["max"].as_f64().unwrap(),
            );
            assert!(min <= raw && raw <= max && min < max);
        }
        if let Some(d) = result.get("duration") {
            assert!(is_iso_duration(d.as_str().unwrap()), "{d}");
        }
        for key in result
            .get("extensions")
            .and_then(Value::as_object)
            .into_iter()
            .flat_map(|m| m.keys())
        {
            assert!(is_absolute_iri(key), "extension keys are IRIs: {key}");
        }
    }
    let context = &s["context"];
    assert!(is_uuid(context["registration"].as_str().unwrap()));
    for key in context["extensions"].as_object().unwrap().keys() {
        assert!(is_absolute_iri(key), "{key}");
    }
    for a in context["contextActivities"]["grouping"].as_array().unwrap() {
        assert!(is_absolute_iri(a["id"].as_str().unwrap()));
    }
}

#[test]
fn xapi_statements_carry_the_spec_required_fields_and_stable_ids() {
    let (_store, data) = class_with_results("xapi");
    let statements: Value = serde_json::from_slice(&render(Format::Xapi, &data, Lang::En)).unwrap();
    let statements = statements.as_array().unwrap();
    let decisions: usize = data.decisions.values().map(Vec::len).sum();
    assert_eq!(statements.len(), data.attempts.len() + decisions);
    for s in statements {
        validate_statement(s);
    }
    let completed: Vec<&Value> = statements
        .iter()
        .filter(|s| s["verb"]["id"] == "http://adlnet.gov/expapi/verbs/completed")
        .collect();
    assert_eq!(completed.len(), 4);
    let loyal = completed
        .iter()
        .find(|s| s["actor"]["name"] == "李明" && s["object"]["id"].as_str().unwrap().ends_with("spilled-soup"))
        .unwrap();
    assert_eq!(loyal["result"]["success"], true);
    assert!(loyal["result"]["score"]["scaled"].as_f64().unwrap() >= 0.8);
    let mut ids: Vec<&str> = statements.iter().map(|s| s["id"].as_str().unwrap()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), statements.len(), "statement ids are unique");
    let again: Value = serde_json::from_slice(&render(Format::Xapi, &data, Lang::En)).unwrap();
    assert_eq!(
        again[0]["id"], statements[0]["id"],
        "re-exporting gives the same ids, so an LRS keeps one copy"
    );
    assert!(
        statements
            .iter()
            .any(|s| s["result"]["extensions"].to_string().contains("sincerity"))
    );
    // Each answer lists the options in the order the trainee saw them, identified by their number in
    // the file; the response is one of them, and the position it was shown at is recorded.
    let responded: Vec<&Value> = statements
        .iter()
        .filter(|s| s["verb"]["id"] != "http://adlnet.gov/expapi/verbs/completed")
        .collect();
    assert!(!responded.is_empty());
    for s in responded {
        let choices = s["object"]["definition"]["choices"]
            .as_array()
            .expect("the options shown");
        let ids: Vec<&str> = choices.iter().map(|c| c["id"].as_str().unwrap()).collect();
        let response = s["result"]["response"].as_str().unwrap();
        let position = ids
            .iter()
            .position(|id| *id == response)
            .expect("the response was offered");
        let shown = s["result"]["extensions"]
            .as_object()
            .unwrap()
            .iter()
            .find(|(k, _)| k.ends_with("ext/shown-position"))
            .map(|(_, v)| v.as_u64().unwrap());
        assert_eq!(shown, Some(position as u64 + 1));
    }
}

#[test]
fn accuracy_is_a_csv_column_and_an_xapi_extension_beside_the_balance_score() {
    let (_store, data) = class_with_results("accuracy");
    let bytes = render(Format::Csv, &data, Lang::En);
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let header = reader.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    for row in reader.records().map(Result::unwrap) {
        let attempt = data.attempts.iter().find(|a| a.id == row[col("attempt_id")]).unwrap();
        let accuracy = attempt.accuracy.expect("recorded with the attempt");
        assert_eq!(
            &row[col("accuracy")],
            accuracy.to_string(),
            "the stored accuracy, as a number"
        );
        assert_eq!(row[col("final_balance")], attempt.final_balance.unwrap().to_string());
    }
    let statements: Value = serde_json::from_slice(&render(Format::Xapi, &data, Lang::En)).unwrap();
    let accuracy_key = format!("{}ext/accuracy", goodwill_store::report::ACTIVITY_BASE);
    for s in statements.as_array().unwrap() {
        let extensions = &s["result"]["extensions"];
        if s["verb"]["id"] == "http://adlnet.gov/expapi/verbs/completed" {
            let attempt = data
                .attempts
                .iter()
                .find(|a| a.id == s["context"]["registration"])
                .unwrap();
            // The balance stays the score; accuracy rides beside it.
            assert_eq!(s["result"]["score"]["raw"], attempt.final_balance.unwrap());
            assert_eq!(extensions[&accuracy_key], attempt.accuracy.unwrap());
        } else {
            let class = extensions
                .as_object()
                .unwrap()
                .iter()
                .find(|(k, _)| k.ends_with("ext/decision-class"))
                .map(|(_, v)| v.as_str().unwrap().to_owned())
                .expect("every answer carries its class");
            assert!(["best", "good", "inaccuracy", "mistake", "blunder"].contains(&class.as_str()));
        }
    }
}
