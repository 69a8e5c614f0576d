//! Try the phone page by hand: serves one shipped case as a class vote on this machine's LAN address.
//! Each step closes when every seat voted (or after `--step-seconds`, 60 by default) and the majority
//! (the first of a tie) is played.
//!
//! `cargo run -p goodwill-vote --example class_vote_demo -- [scenario.ron] [--en] [--names "Ann,Bo"] [--port 8080]`

use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use goodwill_engine::{Lang, Session};
use goodwill_vote::{Majority, VoteConfig, VoteServer, outcome_from_session, step_from_session, summary_from_session};

fn main() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let mut path = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../scenarios/spilled-soup.ron"));
    let mut lang = Lang::Zh;
    let mut names: Vec<String> = Vec::new();
    let mut port = 0u16;
    let mut step_seconds = 60u64;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--en" => lang = Lang::En,
            "--names" => names = args.next().unwrap_or_default().split(',').map(str::to_string).collect(),
            "--port" => {
                port = args
                    .next()
                    .and_then(|p| p.parse().ok())
                    .ok_or("--port needs a number")?
            }
            "--step-seconds" => {
                step_seconds = args
                    .next()
                    .and_then(|p| p.parse().ok())
                    .ok_or("--step-seconds needs a number")?
            }
            other => path = PathBuf::from(other),
        }
    }
    let loaded = goodwill_engine::load_file(&path);
    let problem = format!("{}: {:?}", path.display(), loaded.first_error());
    let scenario = Arc::new(loaded.scenario.ok_or(problem)?);

    // The waker pokes this condition so the loop below sees votes at once.
    let poke = Arc::new((Mutex::new(0u64), Condvar::new()));
    let waker_poke = Arc::clone(&poke);
    let mut config = VoteConfig::new(names, true, lang, scenario.title.clone());
    config.bind = ([0, 0, 0, 0], port).into();
    let server = VoteServer::start(
        config,
        Arc::new(move || {
            let (count, changed) = &*waker_poke;
            *count.lock().unwrap_or_else(|e| e.into_inner()) += 1;
            changed.notify_all();
        }),
    )
    .map_err(|e| format!("cannot start the server: {e}"))?;
    println!(
        "Open {}?code={} on a phone (join code {}).",
        server.join_url(),
        server.join_code(),
        server.join_code()
    );
    println!("Press Enter to open the first step.");
    let mut line = String::new();
    std::io::stdin().read_line(&mut line).map_err(|e| e.to_string())?;

    let mut session = Session::new(Arc::clone(&scenario), 1);
    let mut tallies = Vec::new();
    let mut index = 0;
    while let Some(step) = step_from_session(&session, index) {
        server.open_step(step);
        let deadline = Instant::now() + Duration::from_secs(step_seconds);
        let (count, changed) = &*poke;
        let mut guard = count.lock().unwrap_or_else(|e| e.into_inner());
        while !server.view().everyone_voted && Instant::now() < deadline {
            let view = server.view();
            println!("step {}: {} of {} voted", index + 1, view.voted, view.seats.len());
            guard = changed
                .wait_timeout(guard, Duration::from_secs(1))
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        drop(guard);
        let tally = server.close_step().ok_or("no step was open")?;
        let played = match tally.majority() {
            Majority::Clear(choice) => choice,
            Majority::Tie(choices) => choices[0],
            Majority::NoVotes => session.offered()[0],
        };
        println!("step {}: {:?} → playing choice {}", index + 1, tally.counts, played + 1);
        session.choose(played).map_err(|e| e.to_string())?;
        if let Some(outcome) = outcome_from_session(&session, index) {
            server.show_outcome(outcome);
        }
        tallies.push(tally);
        std::thread::sleep(Duration::from_secs(4));
        index += 1;
    }
    if let Some(summary) = summary_from_session(&session, &tallies) {
        server.finish(summary);
    }
    println!("The case is over. Press Enter to stop the server.");
    std::io::stdin().read_line(&mut line).map_err(|e| e.to_string())?;
    Ok(())
}
