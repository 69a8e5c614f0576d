//! `goodwill profile | class | export | import | report`: trainees, class sessions and their results.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use goodwill_engine::{Bilingual, Lang, Scenario, quote};
use goodwill_store::{Attempt, Store, clock, summary};

use super::ReportFormat;
use super::output::{outln, printable};

/// Opens the results database in the data directory, or explains why not. The statements it builds (the
/// outbox's, `report --format xapi`) name trainees under the saved account home page; a settings file the
/// game would refuse counts as unset, as it does in the game.
pub fn open_store(data_dir: Option<&Path>) -> Result<Store, String> {
    let store = Store::open_in(&goodwill_store::data_dir(data_dir)).map_err(|e| e.to_string())?;
    if let Some(page) = crate::config::saved_lrs_settings()
        .ok()
        .and_then(|s| s.account_home_page)
    {
        store.set_account_home_page(&page).map_err(|e| e.to_string())?;
    }
    Ok(store)
}

/// Every scenario installed here that loads, as the game lists them.
pub fn installed_scenarios() -> Vec<Scenario> {
    crate::paths::scenario_files()
        .iter()
        .filter_map(|f| goodwill_engine::load_file(f).scenario)
        .collect()
}

/// Scenario id → title, from every scenario file that loads.
pub fn scenario_titles() -> BTreeMap<String, Bilingual> {
    installed_scenarios().into_iter().map(|s| (s.id, s.title)).collect()
}

pub fn profile_add(store: &Store, name: &str) -> Result<i32, String> {
    let name = store.add_profile(name).map_err(|e| e.to_string())?;
    outln!(
        "profile {} is ready ({})",
        goodwill_engine::quote(&name),
        store.path().display()
    );
    Ok(0)
}

pub fn profile_list(store: &Store) -> Result<i32, String> {
    let profiles = store.profiles().map_err(|e| e.to_string())?;
    if profiles.is_empty() {
        outln!("no profiles yet: create one in the game or with `goodwill profile add NAME`");
    }
    for p in profiles {
        let attempts = store
            .finished_attempts(Some(&p.name), None)
            .map_err(|e| e.to_string())?;
        outln!("{}\t{} finished attempt(s)", printable(&p.name), attempts.len());
    }
    Ok(0)
}

pub fn class_new(store: &Store, name: &str, trainees: &[String], scenarios: &[String]) -> Result<i32, String> {
    let titles = scenario_titles();
    for id in scenarios {
        if !titles.contains_key(id) {
            let known: Vec<&str> = titles.keys().map(String::as_str).collect();
            return Err(format!(
                "no scenario with id {}; known: {}",
                quote(id),
                known.join(", ")
            ));
        }
    }
    let class = store
        .create_class(name, trainees, scenarios)
        .map_err(|e| e.to_string())?;
    outln!(
        "class session `{}`: {} trainee(s) [{}], {} scenario(s) [{}]",
        printable(&class.name),
        class.trainees.len(),
        printable(&class.trainees.join(", ")),
        class.scenarios.len(),
        class.scenarios.join(", ")
    );
    Ok(0)
}

pub fn class_list(store: &Store) -> Result<i32, String> {
    let classes = store.classes().map_err(|e| e.to_string())?;
    if classes.is_empty() {
        outln!("no class sessions yet: `goodwill class new NAME --trainees A,B --scenarios spilled-soup`");
    }
    for c in classes {
        outln!(
            "{}\tcreated {}\ttrainees: {}\tscenarios: {}",
            printable(&c.name),
            clock::short(c.created_at),
            printable(&c.trainees.join(", ")),
            c.scenarios.join(", ")
        );
    }
    Ok(0)
}

/// Prints the trainee × scenario grid of a class session (latest outcome, balance and accuracy, "—" when
/// the accuracy is unknown).
pub fn class_show(store: &Store, name: &str) -> Result<i32, String> {
    let class = store.require_class(name).map_err(|e| e.to_string())?;
    let attempts = store.finished_attempts(None, Some(name)).map_err(|e| e.to_string())?;
    let overview = summary::class_overview(&class, &attempts);
    let scenarios = overview.scenarios();
    outln!("trainee\t{}", scenarios.join("\t"));
    for (trainee, results) in &overview.grid {
        let cells: Vec<String> = scenarios
            .iter()
            .map(|id| {
                results
                    .get(id)
                    .and_then(|r| r.latest.as_ref())
                    .map(|a| {
                        format!(
                            "{} {} {}",
                            a.outcome.map_or("-", |o| o.code()),
                            a.final_balance.unwrap_or(0),
                            crate::describe::accuracy_text(a.accuracy)
                        )
                    })
                    .unwrap_or_else(|| "-".into())
            })
            .collect();
        outln!("{}\t{}", printable(trainee), cells.join("\t"));
    }
    Ok(0)
}

pub fn export(store: &Store, session: Option<&str>, out: &Path) -> Result<i32, String> {
    let exchange = store.export_to_file(session, out).map_err(|e| e.to_string())?;
    outln!(
        "wrote {}: {} attempt(s), {} profile(s), {} class session(s)",
        out.display(),
        exchange.attempts.len(),
        exchange.profiles.len(),
        exchange.classes.len()
    );
    Ok(0)
}

/// Merges every file or none: each is checked against the rules and the scenarios installed here first.
pub fn import(store: &Store, files: &[PathBuf]) -> Result<i32, String> {
    let summaries = store
        .import_files(files, &installed_scenarios())
        .map_err(|e| format!("{e}\nnothing was imported (from any of the files)"))?;
    for (file, summary) in files.iter().zip(summaries) {
        outln!("{}: {summary}", file.display());
    }
    Ok(0)
}

pub fn report(store: &Store, session: &str, format: ReportFormat, out: &Path, lang: Lang) -> Result<i32, String> {
    // Before the work of rendering: a bad --out is named at once.
    store.check_output(out).map_err(|e| e.to_string())?;
    if format == ReportFormat::Xapi {
        // Streamed one attempt at a time: memory does not grow with the class.
        let written = store
            .write_xapi_report(session, &scenario_titles(), out)
            .map_err(|e| e.to_string())?;
        outln!(
            "wrote {} ({written} finished attempt(s) of class session {})",
            out.display(),
            quote(session)
        );
        return Ok(0);
    }
    let data = store
        .report_data(session, scenario_titles())
        .map_err(|e| e.to_string())?;
    let bytes = format.render(&data, lang);
    store.write_output(out, &bytes).map_err(|e| e.to_string())?;
    outln!(
        "wrote {} ({} finished attempt(s) of class session {})",
        out.display(),
        data.attempts.len(),
        quote(session)
    );
    Ok(0)
}

/// One line per attempt: id, trainee, case, start, decisions so far, state.
fn attempt_line(a: &Attempt) -> String {
    let state = match (a.finished_at, a.outcome) {
        (Some(_), Some(outcome)) => format!(
            "{} {} accuracy {}",
            outcome.code(),
            a.final_balance.unwrap_or(0),
            crate::describe::accuracy_text(a.accuracy)
        ),
        (Some(_), None) => "finished".into(),
        (None, _) if a.discarded => "discarded".into(),
        (None, _) => "unfinished".into(),
    };
    // A class vote is listed under its class session, marked as the class's.
    let who = if a.is_class_vote() {
        format!("{} (class vote)", printable(&a.profile))
    } else {
        printable(&a.profile)
    };
    format!(
        "{}\t{}\t{}\t{}\t{} decision(s)\t{state}",
        a.id,
        who,
        a.scenario,
        clock::short(a.started_at),
        a.steps
    )
}

/// `attempts list`: finished attempts and the unfinished ones that can be resumed, or only the latter.
pub fn attempts_list(store: &Store, unfinished_only: bool, profile: Option<&str>) -> Result<i32, String> {
    let mut attempts = store.unfinished().map_err(|e| e.to_string())?;
    if !unfinished_only {
        attempts.extend(store.finished_attempts(None, None).map_err(|e| e.to_string())?);
    }
    // A class vote is the class's, never a trainee's, even one named like the class.
    attempts.retain(|a| profile.is_none_or(|p| a.profile == p && !a.is_class_vote()));
    if attempts.is_empty() {
        outln!(
            "{}",
            if unfinished_only {
                "no unfinished attempts"
            } else {
                "no attempts yet"
            }
        );
    }
    for a in &attempts {
        outln!("{}", attempt_line(a));
    }
    Ok(0)
}

/// `attempts discard ID`: sets an unfinished attempt aside (it stays on record).
pub fn attempts_discard(store: &Store, id: &str) -> Result<i32, String> {
    let attempt = store.find_attempt(id).map_err(|e| e.to_string())?;
    store.discard_attempt(&attempt.id).map_err(|e| e.to_string())?;
    outln!(
        "discarded {}",
        attempt_line(&store.find_attempt(&attempt.id).map_err(|e| e.to_string())?)
    );
    Ok(0)
}

/// `attempts resume ID`: plays an unfinished attempt on from where it stopped, in the terminal.
pub fn attempts_resume(
    store: &Store,
    id: &str,
    lang: Lang,
    choices: Option<&[usize]>,
    json: bool,
) -> Result<i32, String> {
    let attempt = store.find_attempt(id).map_err(|e| e.to_string())?;
    super::play::resume(store, &attempt, lang, choices, json)
}
