//! Reflection answers and improvement plans: stored with their attempt, refused when bad, carried by an
//! export into another machine (the later writing kept), and in the CSV and xAPI reports.

mod common;

use std::collections::BTreeMap;

use common::{How, in_class, installed, play_walk, scenario, scratch, solo};
use goodwill_engine::{AntiPattern, Lang, Principle};
use goodwill_store::plan_progress::{Moved, plan_progress};
use goodwill_store::reflection::{Plan, PlanItem, PlanTarget, Reflection};
use goodwill_store::report::{Format, render};
use goodwill_store::{NewAttempt, Store};
use serde_json::Value;

const ANSWER: &str = "上次客人自己碰洒了饮料，我先跟他争是谁的错，结果他更生气了。下次我会先道歉，再想办法补救。";

fn question(n: u8) -> Reflection {
    let asked = scenario("spilled-soup").reflection[usize::from(n) - 1].clone();
    Reflection {
        question: n,
        asked,
        answer: format!("  {ANSWER}\r\n第二行。 "),
        answered_at: 0,
    }
}

fn plan() -> Plan {
    Plan {
        made_at: 0,
        items: vec![
            PlanItem {
                target: PlanTarget::Apply(Principle::ApologiseSincerely),
                own_words: Some("先道歉，不争对错".into()),
            },
            PlanItem {
                target: PlanTarget::Avoid(AntiPattern::ArguingFault),
                own_words: None,
            },
        ],
    }
}

#[test]
fn a_chinese_reflection_is_stored_cleaned_and_refused_when_bad() {
    let store = Store::open_in(&scratch("reflect-store")).unwrap();
    let (id, _) = play_walk(&store, solo("王芳", "spilled-soup"), How::Argued, None);
    let saved = store.save_reflection(&id, question(1)).unwrap();
    assert_eq!(
        saved.answer,
        format!("{ANSWER}\n第二行。"),
        "trimmed, line ends made plain"
    );
    assert!(saved.answered_at > 0);
    assert_eq!(store.reflections(&id).unwrap(), vec![saved]);

    for bad in ["   ", "好\u{202E}的", &"字".repeat(1001)] {
        let e = store
            .save_reflection(
                &id,
                Reflection {
                    answer: bad.to_owned(),
                    ..question(1)
                },
            )
            .unwrap_err();
        assert!(e.to_string().contains("answer"), "{e}");
    }
    let e = store
        .save_reflection(
            &id,
            Reflection {
                question: 3,
                ..question(1)
            },
        )
        .unwrap_err();
    assert!(e.to_string().contains("question 3"), "{e}");

    // Nothing may be written after an unfinished attempt.
    let mut session = goodwill_engine::Session::new(scenario("spilled-soup"), 7);
    let unfinished = store.start_attempt(&solo("王芳", "spilled-soup")).unwrap();
    let (_, decision) = goodwill_store::DecisionInput::play(&mut session, 0, None, 100).unwrap();
    store.record_decision(&unfinished, &decision).unwrap();
    assert!(store.save_reflection(&unfinished, question(1)).is_err());
    assert!(store.save_plan(&unfinished, plan()).is_err());
}

#[test]
fn a_plan_is_checked_and_its_items_compared_since() {
    let store = Store::open_in(&scratch("reflect-plan")).unwrap();
    let (first, _) = play_walk(&store, solo("王芳", "spilled-soup"), How::Argued, None);
    let too_many = Plan {
        items: PlanTarget::all()
            .into_iter()
            .take(4)
            .map(|target| PlanItem {
                target,
                own_words: None,
            })
            .collect(),
        ..plan()
    };
    assert!(
        store
            .save_plan(&first, too_many)
            .unwrap_err()
            .to_string()
            .contains("1–3")
    );
    let not_golden = Plan {
        items: vec![PlanItem {
            target: PlanTarget::Apply(Principle::KeepInformed),
            own_words: None,
        }],
        ..plan()
    };
    assert!(store.save_plan(&first, not_golden).is_err());

    assert!(store.current_plan("王芳").unwrap().is_none());
    store.save_plan(&first, plan()).unwrap();
    let current = store
        .current_plan("王芳")
        .unwrap()
        .expect("the plan is the trainee's current one");
    assert_eq!(current.attempt.id, first);
    assert_eq!(current.plan.items[0].own_words.as_deref(), Some("先道歉，不争对错"));
    assert!(
        store.current_plan("Ann").unwrap().is_none(),
        "a plan is its own trainee's"
    );

    let mine = |store: &Store| store.finished_attempts(Some("王芳"), None).unwrap();
    let progress = plan_progress(&current.plan, &current.attempt, &mine(&store));
    assert!(progress.iter().all(|p| p.moved() == Moved::NotYet), "{progress:?}");
    assert_eq!(progress[1].before.offered, 1);
    assert_eq!(progress[1].before.applied, 0, "the argued attempt argued");

    play_walk(&store, solo("王芳", "spilled-soup"), How::Praised, None);
    let progress = plan_progress(&current.plan, &current.attempt, &mine(&store));
    assert_eq!(progress[0].moved(), Moved::Better, "{progress:?}");
    assert_eq!(progress[1].moved(), Moved::Better, "{progress:?}");
    assert_eq!((progress[1].since.applied, progress[1].since.offered), (1, 1));
}

#[test]
fn reflections_and_plans_survive_export_and_import_and_reach_the_reports() {
    let here = Store::open_in(&scratch("reflect-export-a")).unwrap();
    here.create_class("晚班", &["王芳".to_owned()], &["spilled-soup".to_owned()])
        .unwrap();
    let (id, _) = play_walk(&here, in_class("王芳", "spilled-soup", "晚班"), How::Argued, None);
    let before = here.export(None).unwrap();
    let saved = here.save_reflection(&id, question(1)).unwrap();
    here.save_plan(&id, plan()).unwrap();
    let exported = here.export(None).unwrap();
    assert_eq!(exported.attempts[0].reflections, vec![saved.clone()]);

    // Another machine imports the copy exported before the answer, then the one after: the answer and the
    // plan arrive with the second, and a third import of the older copy takes neither away.
    let there = Store::open_in(&scratch("reflect-export-b")).unwrap();
    let scenarios = installed();
    there.import(&before, &scenarios).unwrap();
    assert!(there.reflections(&id).unwrap().is_empty());
    let summary = there.import(&exported, &scenarios).unwrap();
    assert_eq!(summary.attempts_already_present, 1);
    there.import(&before, &scenarios).unwrap();
    assert_eq!(there.reflections(&id).unwrap(), vec![saved.clone()]);
    assert_eq!(there.plan(&id).unwrap(), here.plan(&id).unwrap());

    // A forged answer is refused with the record named.
    let mut forged = exported.clone();
    forged.attempts[0].reflections[0].answer = "\u{0007}".into();
    let e = there.import(&forged, &scenarios).unwrap_err().to_string();
    assert!(e.contains(&id) && e.contains("answer"), "{e}");

    // CSV: the answer in its column, read back by a CSV reader.
    let data = there.report_data("晚班", BTreeMap::new()).unwrap();
    let csv = render(Format::Csv, &data, Lang::Zh);
    let mut reader = csv::Reader::from_reader(csv.as_slice());
    let header = reader.headers().unwrap().clone();
    let column = header
        .iter()
        .position(|h| h == "reflection_1")
        .expect("a reflection column");
    let plan_column = header.iter().position(|h| h == "plan").expect("a plan column");
    let row = reader.records().next().unwrap().unwrap();
    assert_eq!(&row[column], saved.answer);
    assert!(
        row[plan_column].contains("+诚心诚意道歉 (先道歉，不争对错)"),
        "{}",
        &row[plan_column]
    );
    assert!(row[plan_column].contains("-争论谁对谁错"), "{}", &row[plan_column]);

    // xAPI: a `responded` with the text as its response, and the same id when written again.
    let statements: Value = serde_json::from_slice(&render(Format::Xapi, &data, Lang::Zh)).unwrap();
    let answered: Vec<&Value> = statements
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["result"]["response"] == saved.answer.as_str())
        .collect();
    assert_eq!(answered.len(), 1, "{statements:#}");
    let statement = answered[0];
    assert_eq!(statement["verb"]["id"], "http://adlnet.gov/expapi/verbs/responded");
    assert_eq!(statement["actor"]["name"], "王芳");
    assert_eq!(statement["object"]["definition"]["interactionType"], "long-fill-in");
    assert_eq!(
        statement["object"]["definition"]["name"]["zh-CN"],
        saved.asked.zh.as_str()
    );
    let again: Value = serde_json::from_slice(&render(Format::Xapi, &data, Lang::Zh)).unwrap();
    assert!(again.as_array().unwrap().iter().any(|s| s["id"] == statement["id"]));
}

#[test]
fn a_class_vote_takes_no_reflection() {
    let store = Store::open_in(&scratch("reflect-class-vote")).unwrap();
    store
        .create_class("早班", &["王芳".to_owned()], &["spilled-soup".to_owned()])
        .unwrap();
    let new = NewAttempt::class_vote("早班", "spilled-soup", scenario("spilled-soup").version, 7);
    let (id, _) = play_walk(&store, new, How::Praised, None);
    let e = store.save_reflection(&id, question(1)).unwrap_err();
    assert!(e.to_string().contains("class vote"), "{e}");
}
