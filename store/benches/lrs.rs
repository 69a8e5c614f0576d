//! Figures for the LRS outbox and the xAPI report (`cargo bench -p goodwill-store --bench lrs`):
//! - `report --format xapi` of a class of 5,000 attempts: time and peak memory;
//! - push of 10,000 statements (time, requests, peak memory) and a pull of the same class into a second
//!   data folder, against the LRS in `GOODWILL_TEST_LRS` (with `GOODWILL_TEST_LRS_USER` and
//!   `GOODWILL_LRS_PASSWORD`; `. .ci/lrs` starts one) — skipped, saying so, without one.
//!
//! Each measured part runs in a fresh process of its own (this program started again with `--measure`),
//! so its peak memory — the high-water mark of resident memory, `VmHWM` — is that part's alone and not the
//! setting-up's. Linux only. Sizes: `GOODWILL_BENCH_STATEMENTS` (10,000) and `GOODWILL_BENCH_ATTEMPTS`
//! (5,000).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use goodwill_engine::{Bilingual, Scenario, Session};
use goodwill_store::lrs::{self, Lrs, Password, PushOptions};
use goodwill_store::{AttemptRecorder, NewAttempt, Store};

const CASE: &str = "spilled-soup";

fn scenario() -> Arc<Scenario> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../scenarios/{CASE}.ron"));
    Arc::new(
        goodwill_engine::load_file(&path)
            .scenario
            .expect("the shipped case loads"),
    )
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("goodwill-bench-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    dir
}

/// The high-water mark of this process's resident memory, in MB.
fn peak_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// A class of `attempts` finished attempts at the soup case (one played for real through the recorder,
/// the rest copies of it under new ids, merged by an import so each is checked by a replay), with every
/// attempt's statements queued. Returns the store and how many statements are queued.
fn class_of(dir: &Path, class: &str, attempts: usize) -> (Store, i64) {
    let store = Store::open_in(dir).expect("open");
    let roster: Vec<String> = (1..=30).map(|i| format!("Trainee {i}")).collect();
    store.create_class(class, &roster, &[CASE.to_owned()]).expect("class");
    let case = scenario();
    let mut recorder = AttemptRecorder::new(NewAttempt {
        class: Some(class.to_owned()),
        ..NewAttempt::solo("Trainee 1", CASE, case.version, 7)
    })
    .expect("recorder");
    let mut session = Session::new(case.clone(), 7);
    while !session.is_over() {
        let pick = session.offered()[0];
        recorder
            .choose(Some(&store), &mut session, pick, None, 1500)
            .expect("plays")
            .saved
            .expect("saved");
    }
    let mut exchange = store.export(Some(class)).expect("export");
    let model = exchange.attempts[0].clone();
    exchange.attempts = (1..attempts)
        .map(|i| {
            let mut copy = model.clone();
            copy.attempt.id = uuid::Uuid::new_v4().to_string();
            copy.attempt.profile = roster[i % roster.len()].clone();
            copy
        })
        .collect();
    store.import(&exchange, &[(*case).clone()]).expect("import");
    store.queue_unqueued(Some(class)).expect("queue");
    let queued = store.outbox_status(Some(class)).expect("status").waiting;
    (store, queued)
}

fn titles() -> BTreeMap<String, Bilingual> {
    let case = scenario();
    BTreeMap::from([(case.id.clone(), case.title.clone())])
}

fn size(var: &str, default: usize) -> usize {
    std::env::var(var).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// Runs one measured part in a fresh process and prints what it printed.
fn measure(args: &[&str]) {
    let exe = std::env::current_exe().expect("this program");
    let out = std::process::Command::new(exe)
        .arg("--measure")
        .args(args)
        .output()
        .expect("run the measured part");
    print!("{}", String::from_utf8_lossy(&out.stdout));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

fn report(attempts: usize) {
    let dir = scratch("report");
    let (store, statements) = class_of(&dir, "Report class", attempts);
    drop(store);
    measure(&["report", dir.to_str().expect("a UTF-8 path"), &statements.to_string()]);
    let _ = std::fs::remove_dir_all(&dir);
}

fn measured_report(dir: &Path, statements: &str) {
    let store = Store::open_in(dir).expect("open");
    let out = dir.join("statements.json");
    let started = Instant::now();
    let written = store
        .write_xapi_report("Report class", &titles(), &out)
        .expect("report");
    let took = started.elapsed();
    let size = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
    println!(
        "report --format xapi: {written} attempts, {statements} statements, {:.1} MB file in {:.2} s, peak memory {:.1} MB",
        size as f64 / 1e6,
        took.as_secs_f64(),
        peak_mb()
    );
}

fn the_lrs() -> Option<Lrs> {
    let (Ok(endpoint), Ok(user), Some(password)) = (
        std::env::var("GOODWILL_TEST_LRS"),
        std::env::var("GOODWILL_TEST_LRS_USER"),
        Password::from_env(),
    ) else {
        return None;
    };
    Some(Lrs::new(&endpoint, &user, password).expect("endpoint"))
}

fn push_and_pull(target: usize) {
    if the_lrs().is_none() {
        println!(
            "push/pull: SKIPPED — no LRS configured (GOODWILL_TEST_LRS, GOODWILL_TEST_LRS_USER, \
             GOODWILL_LRS_PASSWORD); start one with `. .ci/lrs`"
        );
        return;
    }
    let class = format!("Bench {}", &uuid::Uuid::new_v4().simple().to_string()[..12]);
    // How many statements one attempt makes, to reach the target.
    let (probe, per_attempt) = class_of(&scratch("probe"), "Probe", 1);
    drop(probe);
    let attempts = target.div_ceil(per_attempt.max(1) as usize);
    let dir = scratch("push");
    let (store, _) = class_of(&dir, &class, attempts);
    drop(store);
    measure(&["push", dir.to_str().expect("a UTF-8 path"), &class]);
    measure(&["pull", scratch("pull").to_str().expect("a UTF-8 path"), &class]);
}

fn measured_push(dir: &Path, class: &str) {
    let lrs = the_lrs().expect("an LRS");
    let store = Store::open_in(dir).expect("open");
    let statements = store.outbox_status(Some(class)).expect("status").waiting;
    let attempts = store.outbox_status(Some(class)).expect("status").attempts_waiting;
    let started = Instant::now();
    let pushed = lrs::push(&store, &lrs, &PushOptions::default()).expect("push");
    println!(
        "push: {} statements ({attempts} attempts) to {} in {:.1} s, {} requests (batches of up to {}), \
         {} parked, peak memory {:.1} MB",
        pushed.sent,
        lrs.endpoint,
        started.elapsed().as_secs_f64(),
        pushed.posts,
        PushOptions::default().batch,
        pushed.parked,
        peak_mb()
    );
    assert_eq!(pushed.sent as i64, statements, "every statement sent");
}

fn measured_pull(dir: &Path, class: &str) {
    let lrs = the_lrs().expect("an LRS");
    let second = Store::open_in(dir).expect("open");
    let started = Instant::now();
    let pulled = lrs::pull(&second, &lrs, class, &[(*scenario()).clone()]).expect("pull");
    println!(
        "pull: {} attempts from {} statements in {:.1} s, {} pages{}, peak memory {:.1} MB",
        pulled.attempts_added,
        pulled.statements,
        started.elapsed().as_secs_f64(),
        pulled.pages,
        if pulled.scanned {
            " (the LRS cannot filter by activity: every statement it holds was read)"
        } else {
            ""
        },
        peak_mb()
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "--measure") {
        let part = |i: usize| args.get(at + i).map(String::as_str).unwrap_or_default();
        match part(1) {
            "report" => measured_report(Path::new(part(2)), part(3)),
            "push" => measured_push(Path::new(part(2)), part(3)),
            "pull" => measured_pull(Path::new(part(2)), part(3)),
            other => panic!("no measured part {other:?}"),
        }
        return;
    }
    // `cargo bench` passes `--bench`; a filter argument is accepted and ignored.
    report(size("GOODWILL_BENCH_ATTEMPTS", 5_000));
    push_and_pull(size("GOODWILL_BENCH_STATEMENTS", 10_000));
}
