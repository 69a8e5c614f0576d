//! `goodwill profile | class | export | import | report`: trainees, class sessions and their results.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use goodwill_engine::{Lang, Text};
use goodwill_store::report::{Format, render};
use goodwill_store::{Store, clock, exchange, summary};

/// Opens the results database in the data directory, or explains why not.
pub fn open_store(data_dir: Option<&Path>) -> Result<Store, String> {
    Store::open_in(&goodwill_store::data_dir(data_dir)).map_err(|e| e.to_string())
}

/// Scenario id → title, from every scenario file that loads.
pub fn scenario_titles() -> BTreeMap<String, Text> {
    let dir = crate::paths::scenarios_dir();
    goodwill_engine::load::scenario_files(&dir)
        .unwrap_or_default()
        .iter()
        .filter_map(|f| goodwill_engine::load_file(f).scenario)
        .map(|s| (s.id, s.title))
        .collect()
}

pub fn profile_add(store: &Store, name: &str) -> Result<i32, String> {
    let name = store.add_profile(name).map_err(|e| e.to_string())?;
    println!("profile `{name}` is ready ({})", store.path().display());
    Ok(0)
}

pub fn profile_list(store: &Store) -> Result<i32, String> {
    let profiles = store.profiles().map_err(|e| e.to_string())?;
    if profiles.is_empty() {
        println!("no profiles yet: create one in the game or with `goodwill profile add NAME`");
    }
    for p in profiles {
        let attempts = store
            .finished_attempts(Some(&p.name), None)
            .map_err(|e| e.to_string())?;
        println!("{}\t{} finished attempt(s)", p.name, attempts.len());
    }
    Ok(0)
}

pub fn class_new(store: &Store, name: &str, trainees: &[String], scenarios: &[String]) -> Result<i32, String> {
    let titles = scenario_titles();
    for id in scenarios {
        if !titles.contains_key(id) {
            let known: Vec<&str> = titles.keys().map(String::as_str).collect();
            return Err(format!("no scenario with id `{id}`; known: {}", known.join(", ")));
        }
    }
    let class = store
        .create_class(name, trainees, scenarios)
        .map_err(|e| e.to_string())?;
    println!(
        "class session `{}`: {} trainee(s) [{}], {} scenario(s) [{}]",
        class.name,
        class.trainees.len(),
        class.trainees.join(", "),
        class.scenarios.len(),
        class.scenarios.join(", ")
    );
    Ok(0)
}

pub fn class_list(store: &Store) -> Result<i32, String> {
    let classes = store.classes().map_err(|e| e.to_string())?;
    if classes.is_empty() {
        println!("no class sessions yet: `goodwill class new NAME --trainees A,B --scenarios spilled-soup`");
    }
    for c in classes {
        println!(
            "{}\tcreated {}\ttrainees: {}\tscenarios: {}",
            c.name,
            clock::short(c.created_at),
            c.trainees.join(", "),
            c.scenarios.join(", ")
        );
    }
    Ok(0)
}

/// Prints the trainee × scenario grid of a class session (latest outcome and balance).
pub fn class_show(store: &Store, name: &str) -> Result<i32, String> {
    let class = store.require_class(name).map_err(|e| e.to_string())?;
    let attempts = store.finished_attempts(None, Some(name)).map_err(|e| e.to_string())?;
    let overview = summary::class_overview(&class, &attempts);
    let scenarios = overview.scenarios();
    println!("trainee\t{}", scenarios.join("\t"));
    for (trainee, results) in &overview.grid {
        let cells: Vec<String> = scenarios
            .iter()
            .map(|id| {
                results
                    .get(id)
                    .and_then(|r| r.latest.as_ref())
                    .map(|a| {
                        format!(
                            "{} {}",
                            a.outcome.map_or("-", |o| o.code()),
                            a.final_balance.unwrap_or(0)
                        )
                    })
                    .unwrap_or_else(|| "-".into())
            })
            .collect();
        println!("{trainee}\t{}", cells.join("\t"));
    }
    Ok(0)
}

/// Refuses to write a file over the results database itself.
fn check_out(store: &Store, out: &Path) -> Result<(), String> {
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if same(out, store.path()) {
        return Err(format!(
            "{} is the results database; choose another --out",
            out.display()
        ));
    }
    Ok(())
}

pub fn export(store: &Store, session: Option<&str>, out: &Path) -> Result<i32, String> {
    check_out(store, out)?;
    let exchange = store.export_to_file(session, out).map_err(|e| e.to_string())?;
    println!(
        "wrote {}: {} attempt(s), {} profile(s), {} class session(s)",
        out.display(),
        exchange.attempts.len(),
        exchange.profiles.len(),
        exchange.classes.len()
    );
    Ok(0)
}

pub fn import(store: &Store, files: &[PathBuf]) -> Result<i32, String> {
    for file in files {
        let summary = store.import_file(file).map_err(|e| e.to_string())?;
        println!("{}: {summary}", file.display());
    }
    Ok(0)
}

pub fn report(store: &Store, session: &str, format: &str, out: &Path, lang: Lang) -> Result<i32, String> {
    check_out(store, out)?;
    let format = Format::parse(format).ok_or_else(|| format!("unknown format `{format}`: use csv, html or xapi"))?;
    let data = store
        .report_data(session, scenario_titles())
        .map_err(|e| e.to_string())?;
    let bytes = render(format, &data, lang);
    exchange::write_atomically(out, &bytes).map_err(|e| e.to_string())?;
    println!(
        "wrote {} ({} finished attempt(s) of class session `{session}`)",
        out.display(),
        data.attempts.len()
    );
    Ok(0)
}
