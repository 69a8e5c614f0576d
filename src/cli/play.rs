//! `goodwill play --text`: the whole game in a terminal, interactive or scripted with `--choices`.

use std::io::{BufRead, Write};
use std::sync::Arc;

use goodwill_engine::session::{Entry, EntryReason};
use goodwill_engine::{Event, Lang, Report, Scenario, Session};
use goodwill_store::{DecisionInput, NewAttempt, Store};

use super::output::outln;
use crate::i18n::{Key, tr};

/// Where and as whom a terminal attempt is recorded.
#[derive(Clone, Copy)]
pub struct Recording<'a> {
    pub store: &'a Store,
    pub profile: &'a str,
    /// The class session it counts for, if any.
    pub class: Option<&'a str>,
}

/// Plays one choice, recording it (in its own transaction) when the attempt is being recorded.
struct Recorder<'a> {
    store: Option<&'a Store>,
    /// The attempt to record into, once it exists.
    attempt: Option<String>,
    /// The attempt to start with the first decision: one abandoned before any answer leaves no row.
    pending: Option<NewAttempt>,
    shown: std::time::Instant,
}

impl Recorder<'_> {
    fn choose(&mut self, session: &mut Session, index: usize) -> Result<Vec<Event>, String> {
        let elapsed = self.shown.elapsed().as_millis() as i64;
        let (events, decision) = DecisionInput::play(session, index, None, elapsed).map_err(|e| e.to_string())?;
        if let Some(store) = self.store {
            if let Some(new) = self.pending.take() {
                self.attempt = Some(store.start_attempt(&new).map_err(|e| e.to_string())?);
            }
            if let Some(id) = &self.attempt {
                // The deciding answer and the attempt's result are one write: a kill cannot split them.
                store
                    .record_decision_and_finish(id, &decision, session.report())
                    .map_err(|e| e.to_string())?;
            }
        }
        self.shown = std::time::Instant::now();
        Ok(events)
    }
}

pub fn run(
    arg: &str,
    lang: Lang,
    seed: u64,
    choices: Option<&[usize]>,
    json: bool,
    recording: Option<Recording>,
) -> Result<i32, String> {
    let scenario = Arc::new(super::load_playable(arg)?);
    let pending = recording.map(|r| NewAttempt {
        class: r.class.map(str::to_owned),
        ..NewAttempt::solo(r.profile, &scenario.id, scenario.version, seed)
    });
    if let Some(new) = &pending {
        // Refuse a bad name now, not after the first answer.
        goodwill_store::clean_name("trainee", &new.profile).map_err(|e| e.to_string())?;
    }
    let recorder = Recorder {
        store: recording.map(|r| r.store),
        attempt: None,
        pending,
        shown: std::time::Instant::now(),
    };
    let session = Session::new(Arc::clone(&scenario), seed);
    drive(&scenario, session, recorder, lang, choices, json)
}

/// Picks up an unfinished attempt where it stopped: replays its recorded decisions with its seed, shows
/// the conversation so far, and goes on recording into the same attempt.
pub fn resume(
    store: &Store,
    resume: &goodwill_store::Resume,
    lang: Lang,
    choices: Option<&[usize]>,
    json: bool,
) -> Result<i32, String> {
    let attempt = &resume.attempt;
    if attempt.is_finished() {
        return Err(format!("attempt {} is already finished", attempt.id));
    }
    let scenario = Arc::new(super::load_playable(&attempt.scenario)?);
    if scenario.version != attempt.scenario_version {
        return Err(format!(
            "attempt {} was played on version {} of `{}`, which is now version {}: it cannot be resumed \
             (discard it with `goodwill attempts discard {}`)",
            attempt.id, attempt.scenario_version, scenario.id, scenario.version, attempt.id
        ));
    }
    let mut session = Session::new(Arc::clone(&scenario), attempt.seed);
    for (step, &(choice, rating)) in resume.picks.iter().enumerate() {
        // A row written by hand or by an old import may hold any number; the engine numbers choices
        // from 1 and must not be handed one it cannot number.
        if choice == usize::MAX {
            return Err(format!(
                "attempt {}: recorded decision {} names no choice; discard it",
                attempt.id,
                step + 1
            ));
        }
        session.choose_rated(choice, rating).map_err(|e| {
            format!(
                "attempt {}: recorded decision {} no longer fits the scenario ({e}); discard it",
                attempt.id,
                step + 1
            )
        })?;
    }
    if let Some(report) = session.report() {
        // Recorded by a build that finished in a separate write and was killed in between.
        store.finish_attempt(&attempt.id, report).map_err(|e| e.to_string())?;
    }
    let recorder = Recorder {
        store: Some(store),
        attempt: Some(attempt.id.clone()),
        pending: None,
        shown: std::time::Instant::now(),
    };
    drive(&scenario, session, recorder, lang, choices, json)
}

/// Shows the conversation so far, then plays it to the end, from `--choices` or from the keyboard.
fn drive(
    scenario: &Scenario,
    mut session: Session,
    mut recorder: Recorder,
    lang: Lang,
    choices: Option<&[usize]>,
    json: bool,
) -> Result<i32, String> {
    // With --json the transcript goes to stderr so stdout carries only the result.
    let mut out: Box<dyn Write> = if json {
        Box::new(std::io::stderr())
    } else {
        Box::new(std::io::stdout())
    };
    let w = &mut out;
    let heading = format!("{} — {}", scenario.title.get(lang), scenario.setting.get(lang));
    line(w, &heading);
    line(
        w,
        &format!(
            "{}: {}   {}: {}",
            tr(Key::Customer, lang),
            scenario.customer.name.get(lang),
            tr(Key::You, lang),
            scenario.agent.get(lang)
        ),
    );
    line(w, &format!("{}\n", scenario.customer.persona.get(lang)));
    print_events(w, session.events(), lang);
    match choices {
        Some(script) => {
            for (step, &number) in script.iter().enumerate() {
                if session.is_over() {
                    return Err(format!(
                        "the scenario ended after {step} choice(s), but --choices has {}",
                        script.len()
                    ));
                }
                let index = number.checked_sub(1).ok_or("choices are numbered from 1")?;
                print_choices(w, &session, lang);
                let events = recorder
                    .choose(&mut session, index)
                    .map_err(|e| format!("--choices item {}: {e}", step + 1))?;
                line(w, &format!("> {number}"));
                print_events(w, &events, lang);
            }
            if !session.is_over() {
                let node = session.current_node().map(|n| n.id.clone()).unwrap_or_default();
                let count = session.current_node().map_or(0, |n| n.choices.len());
                return Err(format!(
                    "the scenario is not over after {} choice(s): node `{node}` is waiting for a choice (1–{count})",
                    script.len()
                ));
            }
        }
        None => {
            let stdin = std::io::stdin();
            let mut input = stdin.lock();
            while let Some(node) = session.current_node() {
                let count = node.choices.len();
                print_choices(w, &session, lang);
                let _ = write!(
                    w,
                    "{} (1–{count}, q {}) > ",
                    tr(Key::YourAnswer, lang),
                    tr(Key::ToQuit, lang)
                );
                let _ = w.flush();
                let mut buf = String::new();
                if input.read_line(&mut buf).map_err(|e| e.to_string())? == 0 {
                    line(w, "");
                    return Err("input ended before the scenario did".into());
                }
                let answer = buf.trim();
                if answer.eq_ignore_ascii_case("q") {
                    return Ok(0);
                }
                match answer
                    .parse::<usize>()
                    .ok()
                    .and_then(|n| n.checked_sub(1))
                    .filter(|&i| i < count)
                {
                    Some(index) => {
                        let events = recorder.choose(&mut session, index)?;
                        print_events(w, &events, lang);
                    }
                    None => line(w, &format!("{} 1–{count}", tr(Key::PleaseType, lang))),
                }
            }
        }
    }
    let report = session.report().ok_or("the scenario did not finish")?;
    print_debrief(w, report, scenario, lang);
    if json {
        let text = serde_json::to_string_pretty(report).map_err(|e| e.to_string())?;
        outln!("{text}");
    }
    Ok(0)
}

fn line(w: &mut Box<dyn Write>, text: &str) {
    if let Err(e) = writeln!(w, "{text}") {
        super::output::finish_on_write_error(&e);
    }
}

fn print_choices(w: &mut Box<dyn Write>, session: &Session, lang: Lang) {
    if let Some(node) = session.current_node() {
        for (i, c) in node.choices.iter().enumerate() {
            line(w, &format!("  {}. {}", i + 1, c.text.get(lang)));
        }
    }
}

/// A deposit or withdrawal as the trainee sees it: `+12` or `-15 (10 + 5 interest)`.
pub fn describe_entry(entry: &Entry, lang: Lang) -> String {
    let mut text = format!("{:+}", entry.delta);
    if entry.interest > 0 {
        text += &format!(" ({} + {} {})", -entry.base, entry.interest, tr(Key::Interest, lang));
    }
    if entry.repeats > 0 {
        text += &format!(" ({} ×{})", tr(Key::Repeated, lang), entry.repeats + 1);
    }
    if let Some(rating) = entry.sincerity {
        let percent = goodwill_engine::account::sincerity_percent(rating);
        text += &format!(" ({} {rating}/5 → {percent}%)", tr(Key::Sincerity, lang));
    }
    match &entry.reason {
        EntryReason::Choice => {}
        EntryReason::PromiseKept(id) => text += &format!(" [{}: {id}]", tr(Key::PromiseKept, lang)),
        EntryReason::PromiseBroken(id) => text += &format!(" [{}: {id}]", tr(Key::PromiseBroken, lang)),
        EntryReason::PromiseUnkept(id) => text += &format!(" [{}: {id}]", tr(Key::PromiseUnkept, lang)),
    }
    text
}

fn print_events(w: &mut Box<dyn Write>, events: &[Event], lang: Lang) {
    for event in events {
        match event {
            Event::CustomerSpeaks {
                narration, line: said, ..
            } => {
                line(w, "");
                if let Some(n) = narration {
                    line(w, &format!("({})", n.get(lang)));
                }
                line(w, &format!("{}: {}", tr(Key::Customer, lang), said.get(lang)));
            }
            Event::AgentSays { text, .. } => line(w, &format!("{}: {}", tr(Key::You, lang), text.get(lang))),
            Event::Account(entry) => line(
                w,
                &format!(
                    "  [{} {} → {}]",
                    tr(Key::Account, lang),
                    describe_entry(entry, lang),
                    entry.balance
                ),
            ),
            Event::PromiseOpened { text, .. } => {
                line(w, &format!("  [{}: {}]", tr(Key::PromiseOpened, lang), text.get(lang)))
            }
            Event::MoodChanged { to, .. } => line(w, &format!("  [{}: {}]", tr(Key::Mood, lang), to.label().get(lang))),
            Event::AccountClosed { balance } => {
                line(w, &format!("\n*** {} ({balance}) ***", tr(Key::AccountClosed, lang)))
            }
            Event::Finished { .. } => {}
        }
    }
}

fn print_debrief(w: &mut Box<dyn Write>, report: &Report, scenario: &goodwill_engine::Scenario, lang: Lang) {
    line(w, "");
    line(
        w,
        &format!(
            "=== {}: {} — {} ===",
            tr(Key::Outcome, lang),
            report.outcome.label().get(lang),
            report.ending_title.get(lang)
        ),
    );
    line(w, report.epilogue.get(lang));
    line(w, &format!("{}: {}", tr(Key::FinalBalance, lang), report.final_balance));
    let timeline: Vec<String> = report.timeline.iter().map(ToString::to_string).collect();
    line(w, &format!("{}: {}", tr(Key::Timeline, lang), timeline.join(" → ")));
    line(w, &format!("\n{}:", tr(Key::GoldenSteps, lang)));
    for step in goodwill_engine::Principle::GOLDEN_STEPS {
        let mark = if report.golden_applied.contains(&step) {
            "[x]"
        } else if report.golden_missed.contains(&step) {
            "[ ]"
        } else {
            "[-]"
        };
        line(
            w,
            &format!(
                "  {mark} {}. {}",
                step.golden_step().unwrap_or(0),
                step.name().get(lang)
            ),
        );
    }
    line(
        w,
        &format!(
            "  ([x] {}  [ ] {}  [-] {})",
            tr(Key::Applied, lang),
            tr(Key::Missed, lang),
            tr(Key::NotOffered, lang)
        ),
    );
    if !report.anti_patterns.is_empty() {
        line(w, &format!("\n{}:", tr(Key::AntiPatterns, lang)));
        for a in &report.anti_patterns {
            line(w, &format!("  ! {}", a.name().get(lang)));
        }
    }
    line(w, &format!("\n{}:", tr(Key::Feedback, lang)));
    for (i, step) in report.steps.iter().enumerate() {
        line(w, &format!("  {}. {} ({:+})", i + 1, step.text.get(lang), step.delta));
        line(
            w,
            &format!("     {} [{}]", step.feedback.get(lang), step.cites.title().get(lang)),
        );
    }
    line(w, &format!("\n{}", report.word_of_mouth.get(lang)));
    let _ = scenario;
}
