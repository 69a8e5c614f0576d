//! `goodwill play --text`: the whole game in a terminal, interactive or scripted with `--choices`.

use std::io::{BufRead, Write};
use std::sync::Arc;

use goodwill_engine::{DialogueEvent, Lang, Report, Scenario, Session, StepStatus};
use goodwill_store::{Attempt, AttemptRecorder, NewAttempt, ResumeError, Store};

use super::output::outln;
use crate::describe::{accuracy_text, cited, class_counts, describe_entry, review_text, stage_direction};
use crate::i18n::{Phrase, colon, tr};

/// Where and as whom a terminal attempt is recorded.
#[derive(Clone, Copy)]
pub struct Recording<'a> {
    pub store: &'a Store,
    pub profile: &'a str,
    /// The class session it counts for, if any.
    pub class: Option<&'a str>,
}

/// Plays one choice, recording it when the attempt is being recorded, and times each decision.
struct Terminal<'a> {
    store: Option<&'a Store>,
    recorder: AttemptRecorder,
    shown: std::time::Instant,
}

impl Terminal<'_> {
    fn choose(&mut self, session: &mut Session, index: usize) -> Result<Vec<DialogueEvent>, String> {
        let elapsed = self.shown.elapsed().as_millis() as i64;
        let played = self
            .recorder
            .choose(self.store, session, index, None, elapsed)
            .map_err(|e| e.to_string())?;
        played.saved.map_err(|e| e.to_string())?;
        self.shown = std::time::Instant::now();
        Ok(played.events)
    }
}

/// The seed of a `--choices` script given no `--seed`.
pub const SCRIPT_SEED: u64 = 1;

/// A seed for a run given none: different every time (so answers are not learnt by position), short
/// enough to type back with `--seed`.
pub fn fresh_seed() -> u64 {
    uuid::Uuid::new_v4().as_u64_pair().0 % 1_000_000 + 1
}

pub fn run(
    arg: &str,
    lang: Lang,
    seed: Option<u64>,
    choices: Option<&[usize]>,
    json: bool,
    recording: Option<Recording>,
) -> Result<i32, String> {
    let scenario = Arc::new(super::load_playable(arg)?);
    // A person at the keyboard gets a fresh seed (shown, so the run can be repeated); a `--choices` script
    // keeps seed 1, so the same script always plays the same way.
    let drawn = seed.is_none() && choices.is_none();
    let seed = match (seed, choices) {
        (Some(seed), _) => seed,
        (None, Some(_)) => SCRIPT_SEED,
        (None, None) => fresh_seed(),
    };
    let recorder = match recording {
        Some(r) => AttemptRecorder::new(NewAttempt {
            class: r.class.map(str::to_owned),
            ..NewAttempt::solo(r.profile, &scenario.id, scenario.version, seed)
        })
        .map_err(|e| e.to_string())?,
        None => AttemptRecorder::off(),
    };
    let terminal = Terminal {
        store: recording.map(|r| r.store),
        recorder,
        shown: std::time::Instant::now(),
    };
    let session = Session::new(Arc::clone(&scenario), seed);
    let mut notes = Vec::new();
    if drawn {
        notes.push(seed_note(seed, lang));
    }
    if recording.is_none() {
        notes.push(tr(Phrase::TerminalNotSaved, lang).to_owned());
    }
    drive(&scenario, session, terminal, lang, choices, json, &notes)
}

/// "本次种子：123456（加上 --seed 123456 可重现同样的措辞和选项顺序）".
fn seed_note(seed: u64, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("本次种子：{seed}（加上 --seed {seed} 可重现同样的措辞和选项顺序）"),
        Lang::En => format!("Seed: {seed} (add --seed {seed} to get the same wording and answer order again)"),
    }
}

/// What `q` leaves behind: the attempt kept and how to go on with it, or that nothing was saved.
fn quit_note(terminal: &Terminal, answered: usize, lang: Lang) -> String {
    match (terminal.recorder.attempt(), terminal.store.is_some()) {
        (Some(id), _) => match lang {
            Lang::Zh => format!(
                "练习已保留（已答 {answered} 步，未完成）。继续：goodwill attempts resume {id}；放弃：goodwill attempts discard {id}"
            ),
            Lang::En => format!(
                "The attempt is kept ({answered} step(s) answered, unfinished). Go on with: goodwill attempts resume {id}; \
                 set it aside with: goodwill attempts discard {id}"
            ),
        },
        (None, true) => tr(Phrase::TerminalNothingYet, lang).to_owned(),
        (None, false) => tr(Phrase::TerminalNotSaved, lang).to_owned(),
    }
}

/// Picks up an unfinished attempt where it stopped: replays its recorded decisions with its seed, shows
/// the conversation so far, and goes on recording into the same attempt. Refused (and the attempt kept)
/// when it is finished or discarded, or the scenario changed since.
pub fn resume(
    store: &Store,
    attempt: &Attempt,
    lang: Lang,
    choices: Option<&[usize]>,
    json: bool,
) -> Result<i32, String> {
    let scenario = Arc::new(super::load_playable(&attempt.scenario)?);
    let (session, recorder) =
        AttemptRecorder::resume(store, &attempt.id, Arc::clone(&scenario)).map_err(|e| match e {
            ResumeError::VersionChanged { .. } | ResumeError::NoLongerFits { .. } => {
                format!("{e} (discard it with `goodwill attempts discard {}`)", attempt.id)
            }
            _ => e.to_string(),
        })?;
    let terminal = Terminal {
        store: Some(store),
        recorder,
        shown: std::time::Instant::now(),
    };
    drive(&scenario, session, terminal, lang, choices, json, &[])
}

/// Shows the conversation so far, then plays it to the end, from `--choices` or from the keyboard.
fn drive(
    scenario: &Scenario,
    mut session: Session,
    mut terminal: Terminal,
    lang: Lang,
    choices: Option<&[usize]>,
    json: bool,
    notes: &[String],
) -> Result<i32, String> {
    // With --json the transcript goes to stderr so stdout carries only the result.
    let mut out: Box<dyn Write> = if json {
        Box::new(std::io::stderr())
    } else {
        Box::new(std::io::stdout())
    };
    let w = &mut out;
    WIDTH.get_or_init(|| terminal_width(json));
    let heading = format!("{} — {}", scenario.title.get(lang), scenario.setting.get(lang));
    line(w, &heading);
    line(
        w,
        &format!(
            "{}{}{}   {}{}{}",
            tr(Phrase::Customer, lang),
            colon(lang),
            scenario.customer.name.get(lang),
            tr(Phrase::You, lang),
            colon(lang),
            scenario.agent.get(lang)
        ),
    );
    line(w, &format!("{}\n", scenario.customer.persona.get(lang)));
    for note in notes {
        line(w, &format!("[{note}]"));
    }
    print_events(w, session.events(), scenario, lang);
    match choices {
        Some(script) => {
            // The whole script is played on a throwaway session first: a bad one records nothing.
            check_script(&session, script)?;
            for (step, &number) in script.iter().enumerate() {
                if session.is_over() {
                    return Err(format!(
                        "the scenario ended after {step} choice(s), but --choices has {}",
                        script.len()
                    ));
                }
                let index = number.checked_sub(1).ok_or("choices are numbered from 1")?;
                print_choices(w, &session, lang, Numbering::FileOrder);
                let events = terminal
                    .choose(&mut session, index)
                    .map_err(|e| format!("--choices item {}: {e}", step + 1))?;
                line(w, &format!("> {number}"));
                print_answer(w, &events, &session, scenario, lang);
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
            while session.current_node().is_some() {
                let count = session.offered().len();
                print_choices(w, &session, lang, Numbering::Shown);
                let hint = match lang {
                    Lang::Zh => format!("（1–{count}，q {}）", tr(Phrase::ToQuit, lang)),
                    Lang::En => format!(" (1–{count}, q {})", tr(Phrase::ToQuit, lang)),
                };
                let _ = write!(w, "{}{hint} > ", tr(Phrase::YourAnswer, lang));
                let _ = w.flush();
                let mut buf = String::new();
                if input.read_line(&mut buf).map_err(|e| e.to_string())? == 0 {
                    line(w, "");
                    return Err("input ended before the scenario did".into());
                }
                let answer = buf.trim();
                if answer.eq_ignore_ascii_case("q") {
                    line(w, &format!("\n{}", quit_note(&terminal, session.choices().len(), lang)));
                    return Ok(0);
                }
                // The trainee answers by the position shown; the session names choices by file index.
                match answer
                    .parse::<usize>()
                    .ok()
                    .and_then(|n| n.checked_sub(1))
                    .and_then(|position| session.shown_choice(position))
                {
                    Some(index) => {
                        let events = terminal.choose(&mut session, index)?;
                        print_answer(w, &events, &session, scenario, lang);
                    }
                    None => line(w, &format!("{} 1–{count}", tr(Phrase::PleaseType, lang))),
                }
            }
        }
    }
    let report = session.report().ok_or("the scenario did not finish")?;
    print_debrief(w, report, lang);
    if json {
        let text = serde_json::to_string_pretty(&json_report(report)?).map_err(|e| e.to_string())?;
        outln!("{text}");
    }
    Ok(0)
}

/// Plays `script` (1-based choices in file order) on a throwaway copy of `session`, so that a script
/// with a choice that does not exist, is not offered, or comes after the end is refused before anything
/// is recorded. A script that stops before the end is a valid partial play.
fn check_script(session: &Session, script: &[usize]) -> Result<(), String> {
    let mut trial = Session::new(Arc::clone(session.scenario()), session.seed());
    for &index in session.choices() {
        // The moves already recorded replay as they were played; a failure here is the resume's to report.
        if trial.choose(index).is_err() {
            return Ok(());
        }
    }
    for (step, &number) in script.iter().enumerate() {
        let bad = |why: String| format!("--choices item {} (`{number}`): {why}; nothing was recorded", step + 1);
        if trial.is_over() {
            return Err(bad(format!(
                "the scenario ended after {step} choice(s), but --choices has {}",
                script.len()
            )));
        }
        let index = number
            .checked_sub(1)
            .ok_or_else(|| bad("choices are numbered from 1".into()))?;
        trial.choose(index).map_err(|e| bad(e.to_string()))?;
    }
    Ok(())
}

/// The report as JSON, with 1-based numbers beside the engine's 0-based indices: `choice_numbers`
/// replays with `--choices` (file order), and each step's `shown_position` is where the trainee saw it.
fn json_report(report: &Report) -> Result<serde_json::Value, String> {
    let mut value = serde_json::to_value(report).map_err(|e| e.to_string())?;
    let numbers: Vec<usize> = report.choices.iter().map(|c| c + 1).collect();
    value["choice_numbers"] = serde_json::json!(numbers);
    if let Some(steps) = value["steps"].as_array_mut() {
        for (json, step) in steps.iter_mut().zip(&report.steps) {
            json["choice_number"] = serde_json::json!(step.choice + 1);
            json["shown_position"] = serde_json::json!(step.shown_position().map(|p| p + 1));
        }
    }
    Ok(value)
}

/// Terminal width for wrapping, when a person is reading a terminal; `None` (no wrapping) when the
/// output goes to a pipe or a file, so scripts see one line per item.
static WIDTH: std::sync::OnceLock<Option<usize>> = std::sync::OnceLock::new();

fn terminal_width(json: bool) -> Option<usize> {
    use std::io::IsTerminal;
    let interactive = if json {
        std::io::stderr().is_terminal()
    } else {
        std::io::stdout().is_terminal()
    };
    interactive.then(|| textwrap::termwidth().clamp(40, 120))
}

/// Wraps `text` to `width` columns by Unicode line-breaking rules (CJK between characters, never
/// before closing punctuation), continuing under the text after a list number or a label.
pub fn wrap(text: &str, width: usize) -> String {
    let lead = text.len() - text.trim_start().len();
    let rest = &text[lead..];
    let marker = rest
        .find(". ")
        .filter(|&i| i > 0 && rest[..i].chars().all(|c| c.is_ascii_digit()))
        .map_or(2, |i| i + 2);
    let indent = " ".repeat(lead + marker);
    text.lines()
        .map(|l| {
            // Never split a word, not even at its own hyphen: "dry-" / "cleaned" on two lines reads as a
            // word broken in half. A word longer than the whole width still has to be cut.
            // Unicode line breaking only where Chinese needs it (between characters): in English it also
            // breaks after a dash, splitting "2–3" and "dry-cleaned", so English breaks at spaces only.
            let separator = if l.chars().any(is_cjk) {
                textwrap::WordSeparator::UnicodeBreakProperties
            } else {
                textwrap::WordSeparator::AsciiSpace
            };
            let options = textwrap::Options::new(width)
                .subsequent_indent(&indent)
                .word_separator(separator)
                .word_splitter(textwrap::WordSplitter::NoHyphenation);
            textwrap::fill(l, options)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Han characters and full-width punctuation: text that breaks between characters, not at spaces.
fn is_cjk(c: char) -> bool {
    matches!(c, '\u{2E80}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}')
}

fn line(w: &mut Box<dyn Write>, text: &str) {
    let written = match WIDTH.get().copied().flatten() {
        Some(width) => writeln!(w, "{}", wrap(text, width)),
        None => writeln!(w, "{text}"),
    };
    if let Err(e) = written {
        super::output::finish_on_write_error(&e);
    }
}

/// How choices are numbered on screen.
#[derive(Clone, Copy, PartialEq)]
enum Numbering {
    /// A person playing: the seeded order, numbered by position.
    Shown,
    /// A `--choices` script: file order, numbered as the script addresses them.
    FileOrder,
}

fn print_choices(w: &mut Box<dyn Write>, session: &Session, lang: Lang, numbering: Numbering) {
    let Some(node) = session.current_node() else { return };
    let mut offered = session.offered().to_vec();
    if numbering == Numbering::FileOrder {
        offered.sort_unstable();
    }
    for (position, &index) in offered.iter().enumerate() {
        let number = match numbering {
            Numbering::Shown => position + 1,
            Numbering::FileOrder => index + 1,
        };
        line(w, &format!("  {number}. {}", node.choices[index].text.get(lang)));
    }
}

fn print_events(w: &mut Box<dyn Write>, events: &[DialogueEvent], scenario: &Scenario, lang: Lang) {
    for event in events {
        match event {
            DialogueEvent::CustomerSpeaks {
                narration, line: said, ..
            } => {
                line(w, "");
                if let Some(n) = narration {
                    line(w, &stage_direction(n.get(lang), lang));
                }
                line(
                    w,
                    &format!("{}{}{}", tr(Phrase::Customer, lang), colon(lang), said.get(lang)),
                );
            }
            DialogueEvent::AgentSays { text, .. } => line(
                w,
                &format!("{}{}{}", tr(Phrase::You, lang), colon(lang), text.get(lang)),
            ),
            DialogueEvent::Account(entry) => line(
                w,
                &format!(
                    "  [{} {} → {}]",
                    tr(Phrase::Account, lang),
                    describe_entry(entry, scenario, lang),
                    crate::describe::balance_short(entry.balance, lang)
                ),
            ),
            DialogueEvent::PromiseOpened { text, .. } => line(
                w,
                &format!(
                    "  [{}{}{}]",
                    tr(Phrase::PromiseOpened, lang),
                    colon(lang),
                    text.get(lang)
                ),
            ),
            DialogueEvent::MoodChanged { to, .. } => line(
                w,
                &format!("  [{}{}{}]", tr(Phrase::Mood, lang), colon(lang), to.label().get(lang)),
            ),
            DialogueEvent::AccountClosed { balance } => line(
                w,
                &format!(
                    "\n*** {} {} ***",
                    tr(Phrase::AccountClosed, lang),
                    stage_direction(&crate::describe::balance_short(*balance, lang), lang)
                ),
            ),
            DialogueEvent::Finished { .. } => {}
        }
    }
}

/// What an answer did — the agent's line, the account, promises and mood — then the feedback on it, as the
/// game shows it after each choice, and only then what comes next (the customer's reply, or the end).
fn print_answer(w: &mut Box<dyn Write>, events: &[DialogueEvent], session: &Session, scenario: &Scenario, lang: Lang) {
    let next = events
        .iter()
        .position(|e| {
            matches!(
                e,
                DialogueEvent::CustomerSpeaks { .. }
                    | DialogueEvent::AccountClosed { .. }
                    | DialogueEvent::Finished { .. }
            )
        })
        .unwrap_or(events.len());
    print_events(w, &events[..next], scenario, lang);
    if let Some(step) = session.last_step() {
        line(
            w,
            &format!(
                "  {}{}{}",
                tr(Phrase::FeedbackNote, lang),
                colon(lang),
                cited(step.feedback.get(lang), step.cites, lang)
            ),
        );
    }
    print_events(w, &events[next..], scenario, lang);
}

fn print_debrief(w: &mut Box<dyn Write>, report: &Report, lang: Lang) {
    line(w, "");
    line(
        w,
        &format!(
            "=== {}{}{} — {} ===",
            tr(Phrase::Outcome, lang),
            colon(lang),
            report.outcome.label().get(lang),
            report.ending_title.get(lang)
        ),
    );
    line(w, report.epilogue.get(lang));
    line(
        w,
        &format!(
            "{}{}{}",
            tr(Phrase::FinalBalance, lang),
            colon(lang),
            crate::describe::balance_words(report.final_balance, lang)
        ),
    );
    // The trainee's judgement beside the customer's fate.
    let counts = class_counts(report.steps.iter().map(|s| s.review), lang);
    line(
        w,
        &format!(
            "{}{}{}{}",
            tr(Phrase::Accuracy, lang),
            colon(lang),
            accuracy_text(report.accuracy),
            if counts.is_empty() {
                String::new()
            } else {
                stage_direction(&counts, lang)
            }
        ),
    );
    line(w, tr(Phrase::AccuracyHint, lang));
    let timeline: Vec<String> = report.timeline.iter().map(ToString::to_string).collect();
    line(
        w,
        &format!("{}{}{}", tr(Phrase::Timeline, lang), colon(lang), timeline.join(" → ")),
    );
    line(
        w,
        &format!("\n{}{}", tr(Phrase::GoldenSteps, lang), colon(lang).trim_end()),
    );
    for (step, status) in report.golden_checklist().iter() {
        let mark = match status {
            StepStatus::Applied => "[x]",
            StepStatus::Missed => "[ ]",
            StepStatus::NotOffered => "[-]",
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
            tr(Phrase::Applied, lang),
            tr(Phrase::Missed, lang),
            tr(Phrase::NotOffered, lang)
        ),
    );
    if !report.anti_patterns.is_empty() {
        line(
            w,
            &format!("\n{}{}", tr(Phrase::AntiPatterns, lang), colon(lang).trim_end()),
        );
        for &a in &report.anti_patterns {
            line(w, &format!("  ! {}", a.name().get(lang)));
            // The trainee's own lines, never the documents' example of the mistake from another case.
            for (step, said) in report.lines_committing(a) {
                line(w, &format!("    {step}. “{}”", said.get(lang)));
            }
        }
    }
    line(
        w,
        &format!("\n{}{}", tr(Phrase::Feedback, lang), colon(lang).trim_end()),
    );
    for (i, step) in report.steps.iter().enumerate() {
        let delta = stage_direction(&format!("{:+}", step.delta), lang);
        line(w, &format!("  {}. {} {delta}", i + 1, step.text.get(lang)));
        line(
            w,
            &format!(
                "     {}{}{}",
                tr(Phrase::Judgement, lang),
                colon(lang),
                review_text(step.review, lang)
            ),
        );
        line(w, &format!("     {}", cited(step.feedback.get(lang), step.cites, lang)));
    }
    line(w, &format!("\n{}", report.word_of_mouth.get(lang)));
    line(
        w,
        &format!("\n{}{}", tr(Phrase::HowScored, lang), colon(lang).trim_end()),
    );
    for rule in goodwill_engine::account::rules() {
        line(w, &format!("  · {}", rule.get(lang)));
    }
    line(w, &format!("  · {}", goodwill_engine::accuracy::rules().get(lang)));
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn long_chinese_lines_wrap_by_unicode_rules_with_a_hanging_indent() {
        let text =
            "  2. 对不起，是我不小心，把汤洒到您身上了。我马上给您拿热毛巾，西服我们负责送去干洗，散席前一定送回来。";
        let wrapped = wrap(text, 30);
        let lines: Vec<&str> = wrapped.lines().collect();
        assert!(lines.len() > 2, "{wrapped}");
        for line in &lines[1..] {
            assert!(line.starts_with("     "), "continues under the text: {line:?}");
            let first = line.trim_start().chars().next().unwrap();
            assert!(
                !"。，、；：？！）”".contains(first),
                "a line starts with {first:?}: {wrapped}"
            );
        }
        for line in &lines {
            assert!(textwrap::core::display_width(line) <= 30, "{line:?}");
        }
        // English breaks between words, never inside one.
        let en = wrap(
            "Customer: I'm so sorry! That was my carelessness, and I'll have it cleaned right away.",
            24,
        );
        for line in en.lines() {
            assert!(!line.ends_with('-'), "{en}");
        }
        assert!(en.contains("carelessness,"), "{en}");
    }

    #[test]
    fn english_never_breaks_inside_a_word_even_at_its_hyphen() {
        let text = "  [Account +10 [promise kept: Bring the suit back, dry-cleaned, before the party leaves] → 46]";
        for width in 40..=70 {
            let wrapped = wrap(text, width);
            assert!(wrapped.contains("dry-cleaned,"), "width {width}:\n{wrapped}");
            for line in wrapped.lines() {
                assert!(!line.trim_end().ends_with('-'), "width {width}:\n{wrapped}");
            }
        }
        // Every shipped English line, at several widths: each break falls where the text had a space.
        for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios")).unwrap() {
            let file = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for en in file.split("en: \"").skip(1).filter_map(|p| p.split('"').next()) {
                for width in [40, 57, 80] {
                    let wrapped = wrap(&format!("  3. {en}"), width);
                    for pair in wrapped.lines().collect::<Vec<_>>().windows(2) {
                        let before = pair[0].split(' ').next_back().unwrap_or("");
                        let after = pair[1].split_whitespace().next().unwrap_or("");
                        assert!(
                            en.contains(&format!("{before} {after}")) || !en.contains(&format!("{before}{after}")),
                            "width {width} splits {before:?}|{after:?}:\n{wrapped}"
                        );
                    }
                }
            }
        }
    }
}
