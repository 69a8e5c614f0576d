//! Load figures for the class vote over loopback, printed as plain lines:
//! 60 phones voting three steps (every vote counted; latency from a phone's tap to the game seeing it in
//! `view()`/`tally()` after the waker, p50/p95/max, target p95 ≤ 200 ms), and 300 phones held at once
//! (all joined, all with an open event stream, all pushed the step, all votes counted).
//!
//! `cargo bench -p goodwill-vote` (optimised), or in debug: `cargo test -p goodwill-vote --bench vote_load`.
//! Exits non-zero when a vote is lost or the p95 target is missed.

#[path = "../tests/support/mod.rs"]
mod support;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use goodwill_engine::{Bilingual, Lang};
use goodwill_vote::{Rate, VoteConfig, VoteOption, VoteServer, VoteStep};
use support::{Phone, key_for_text};

const WAIT: Duration = Duration::from_secs(30);
const P95_TARGET: Duration = Duration::from_millis(200);

/// Wakes the "game" thread, as the game's event loop is woken.
#[derive(Default)]
struct Wakeup {
    count: Mutex<u64>,
    changed: Condvar,
}

impl Wakeup {
    fn poke(&self) {
        *self.count.lock().unwrap_or_else(|e| e.into_inner()) += 1;
        self.changed.notify_all();
    }
}

fn start(phones: usize, wakeup: &Arc<Wakeup>) -> (VoteServer, SocketAddr) {
    let roster = (0..phones).map(|i| format!("Phone {i:03}")).collect();
    let mut config = VoteConfig::new(roster, false, Lang::En, Bilingual::new("压力", "Load"));
    config.bind = "127.0.0.1:0".parse().expect("addr");
    // Every simulated phone shares the one loopback address, which a classroom's phones do not: the
    // per-address bucket (joins) is widened; each seat keeps the default per-seat limit.
    config.limits.address = Rate {
        per_second: 1000.0,
        burst: 1000.0,
    };
    let poke = Arc::clone(wakeup);
    let server = VoteServer::start(config, Arc::new(move || poke.poke())).expect("server starts");
    let addr = ([127, 0, 0, 1], server.port()).into();
    (server, addr)
}

fn step(index: usize) -> VoteStep {
    VoteStep {
        index,
        narration: None,
        customer: Bilingual::new("顾客", "Customer"),
        options: (0..4)
            .map(|c| VoteOption {
                choice: c,
                text: Bilingual::new(format!("回答 {c}"), format!("Answer {c}")),
            })
            .collect(),
    }
}

/// A phone's life: join, listen, and vote once at each step it is pushed, noting when it tapped.
fn phone(
    i: usize,
    addr: SocketAddr,
    code: &str,
    steps: usize,
    ready: &AtomicUsize,
    taps: &Mutex<HashMap<(usize, String), Instant>>,
) -> Result<(), String> {
    let name = format!("Phone {i:03}");
    let phone = Phone::join(addr, code, &name).map_err(|r| format!("{name} join: {} {}", r.status, r.body))?;
    let mut events = phone.events();
    events
        .next_state(WAIT)
        .map_err(|e| format!("{name} first event: {e}"))?;
    ready.fetch_add(1, Ordering::SeqCst);
    let mut voted = 0;
    while voted < steps {
        events.next_state(WAIT).map_err(|e| format!("{name} event: {e}"))?;
        let state = phone.state().json();
        if state["phase"] != "voting" {
            continue;
        }
        let index = state["step"]["index"].as_u64().ok_or("no step")? as usize;
        if index != voted {
            continue;
        }
        let key = key_for_text(&state, &format!("Answer {}", i % 4)).ok_or("answer missing")?;
        taps.lock()
            .map_err(|_| "poisoned")?
            .insert((index, name.clone()), Instant::now());
        let r = phone.vote(index as u64, &key);
        if r.status != 200 {
            return Err(format!("{name} vote: {} {}", r.status, r.body));
        }
        voted += 1;
    }
    Ok(())
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let at = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[at.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// Runs `phones` phones through `steps` steps; returns (votes counted, votes cast, tap → seen latencies,
/// phones whose stream was open, how long the last step took to fill).
fn run(phones: usize, steps: usize) -> (usize, usize, Vec<Duration>, usize, Duration) {
    let wakeup = Arc::new(Wakeup::default());
    let (server, addr) = start(phones, &wakeup);
    let code = server.join_code().to_string();
    let ready = AtomicUsize::new(0);
    let taps: Mutex<HashMap<(usize, String), Instant>> = Mutex::default();
    let mut counted = 0;
    let mut latencies = Vec::new();
    let mut last_fill = Duration::ZERO;
    let mut held = 0;
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..phones)
            .map(|i| {
                let (code, ready, taps) = (&code, &ready, &taps);
                std::thread::Builder::new()
                    .stack_size(256 * 1024)
                    .spawn_scoped(scope, move || phone(i, addr, code, steps, ready, taps))
                    .expect("phone thread")
            })
            .collect();
        let t = Instant::now();
        while ready.load(Ordering::SeqCst) < phones && t.elapsed() < WAIT {
            std::thread::sleep(Duration::from_millis(2));
        }
        held = ready.load(Ordering::SeqCst);
        for index in 0..steps {
            let opened = Instant::now();
            server.open_step(step(index));
            // The game's side: woken by the server, it reads the tally and notes when each vote shows.
            let mut seen: HashMap<String, Instant> = HashMap::new();
            let mut guard = wakeup.count.lock().unwrap_or_else(|e| e.into_inner());
            while seen.len() < held && opened.elapsed() < WAIT {
                drop(guard);
                let now = Instant::now();
                if let Some(tally) = server.tally() {
                    for (name, _) in tally.votes {
                        seen.entry(name).or_insert(now);
                    }
                }
                let _ = server.view();
                guard = wakeup.count.lock().unwrap_or_else(|e| e.into_inner());
                if seen.len() < held {
                    guard = wakeup
                        .changed
                        .wait_timeout(guard, Duration::from_millis(50))
                        .unwrap_or_else(|e| e.into_inner())
                        .0;
                }
            }
            drop(guard);
            last_fill = opened.elapsed();
            let tally = server.close_step().expect("a step was open");
            counted += tally.voted();
            let taps = taps.lock().unwrap_or_else(|e| e.into_inner());
            for (name, at) in &seen {
                if let Some(tap) = taps.get(&(index, name.clone())) {
                    latencies.push(at.saturating_duration_since(*tap));
                }
            }
        }
        for handle in handles {
            match handle.join() {
                Ok(Ok(())) => {}
                Ok(Err(e)) => eprintln!("phone failed: {e}"),
                Err(_) => eprintln!("a phone thread panicked"),
            }
        }
    });
    let cast = taps.lock().unwrap_or_else(|e| e.into_inner()).len();
    latencies.sort();
    (counted, cast, latencies, held, last_fill)
}

fn main() {
    // `cargo bench` passes `--bench`; a filter argument is ignored: there are two fixed runs.
    let mut failed = false;

    let (counted, cast, latencies, held, _) = run(60, 3);
    let p95 = percentile(&latencies, 0.95);
    println!(
        "60 phones: {counted}/{} votes counted ({cast} cast) over 3 steps, {held}/60 streams open; vote → tally p50 {}, p95 {}, max {} (target p95 ≤ {})",
        60 * 3,
        ms(percentile(&latencies, 0.5)),
        ms(p95),
        ms(latencies.last().copied().unwrap_or_default()),
        ms(P95_TARGET),
    );
    if counted != 180 || cast != 180 || p95 > P95_TARGET {
        println!("60 phones: MISSED");
        failed = true;
    }

    let t = Instant::now();
    let (counted, cast, latencies, held, fill) = run(300, 1);
    println!(
        "300 phones held at once: {held}/300 joined with an open event stream, {counted}/300 votes counted ({cast} cast), step filled in {}, vote → tally p95 {}, whole run {}",
        ms(fill),
        ms(percentile(&latencies, 0.95)),
        ms(t.elapsed()),
    );
    if held != 300 || counted != 300 || cast != 300 {
        println!("300 phones: MISSED (a vote or a phone was lost)");
        failed = true;
    }
    if failed {
        std::process::exit(1);
    }
}
