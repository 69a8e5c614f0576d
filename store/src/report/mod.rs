//! `goodwill report`: a class session's results gathered ([`ReportData`]) and written as data: CSV or xAPI
//! statements. The HTML page is a view of the same data, drawn in the root crate (`goodwill::pages`).

mod csv;
mod xapi;

use std::collections::BTreeMap;
use std::path::Path;

use goodwill_engine::{Bilingual, Lang};

use crate::error::Result;
use crate::records::{Attempt, ClassSession, Decision, ObserverMarks};
use crate::reflection::{Plan, Reflection};
use crate::store::Store;
use crate::summary::{ClassOverview, class_overview};

pub use self::csv::{GROUP_GAME_COLUMNS, VOTE_COLUMNS};
pub use xapi::{ACCOUNT_HOME_PAGE, ACTIVITY_BASE, AttemptRecord, CLASS_HOME_PAGE, RECORD_EXTENSION, class_activity};
pub(crate) use xapi::{Context as XapiContext, attempt_statements, reflected};

/// The data formats the store writes a report in (`goodwill report --format html` is drawn by the root
/// crate's `pages`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    /// The class votes' CSV: one row per trainee's vote at each step.
    Votes,
    /// The group games' CSV: one row per pair and round, with the promise game's tallies.
    GroupGames,
    Xapi,
}

impl Format {
    pub fn parse(name: &str) -> Option<Format> {
        match name.to_ascii_lowercase().as_str() {
            "csv" => Some(Format::Csv),
            "votes" => Some(Format::Votes),
            "group-games" | "groupgames" => Some(Format::GroupGames),
            "xapi" | "json" => Some(Format::Xapi),
            _ => None,
        }
    }
}

/// Everything a report shows about one class session.
#[derive(Debug, Clone)]
pub struct ReportData {
    pub overview: ClassOverview,
    /// Finished attempts under the class, oldest first.
    pub attempts: Vec<Attempt>,
    pub decisions: BTreeMap<String, Vec<Decision>>,
    /// Attempt id → the observer's checklist, for the attempts an observer marked (pair exercises).
    pub observer_marks: BTreeMap<String, ObserverMarks>,
    /// Attempt id → the trainee's answers to the case's reflection questions (attempts with none left out).
    pub reflections: BTreeMap<String, Vec<Reflection>>,
    /// Attempt id → the improvement plan made after it.
    pub plans: BTreeMap<String, Plan>,
    /// The class's group games (the promise and responsibility games), oldest first.
    pub group_games: Vec<crate::group_games::GroupGame>,
    /// Scenario id → title, from the scenario files (ids without a file show as their id).
    pub titles: BTreeMap<String, Bilingual>,
    pub generated_at: i64,
    /// The `homePage` of trainee accounts in xAPI statements ([`Store::account_home_page`]).
    pub account_home_page: String,
}

impl ReportData {
    pub fn class(&self) -> &ClassSession {
        &self.overview.class
    }

    /// The scenario's title in `lang`, or its id when no file describes it.
    pub fn title(&self, scenario: &str, lang: Lang) -> String {
        self.titles
            .get(scenario)
            .map(|t| t.get(lang).to_owned())
            .unwrap_or_else(|| scenario.to_owned())
    }
}

impl Store {
    /// Gathers what a report on class session `class` needs.
    pub fn report_data(&self, class: &str, titles: BTreeMap<String, Bilingual>) -> Result<ReportData> {
        let session = self.require_class(class)?;
        let attempts = self.finished_attempts(None, Some(class))?;
        let mut decisions = BTreeMap::new();
        let mut observer_marks = BTreeMap::new();
        let mut reflections = BTreeMap::new();
        let mut plans = BTreeMap::new();
        for attempt in &attempts {
            let written = self.reflections(&attempt.id)?;
            if !written.is_empty() {
                reflections.insert(attempt.id.clone(), written);
            }
            if let Some(plan) = self.plan(&attempt.id)? {
                plans.insert(attempt.id.clone(), plan);
            }
            decisions.insert(attempt.id.clone(), self.decisions(&attempt.id)?);
            let marks = self.observer_marks(&attempt.id)?;
            if !marks.is_empty() {
                observer_marks.insert(attempt.id.clone(), marks);
            }
        }
        Ok(ReportData {
            overview: class_overview(&session, &attempts),
            attempts,
            decisions,
            observer_marks,
            reflections,
            plans,
            group_games: self.group_games(&session.name)?,
            titles,
            generated_at: crate::clock::now_ms(),
            account_home_page: self.account_home_page(),
        })
    }
}

impl Store {
    /// Writes class session `class`'s xAPI statements to `out` (through the output guard, atomically)
    /// one attempt at a time: the memory it takes does not grow with the class. Returns how many
    /// finished attempts it wrote.
    pub fn write_xapi_report(&self, class: &str, titles: &BTreeMap<String, Bilingual>, out: &Path) -> Result<usize> {
        let session = self.require_class(class)?;
        let attempts = self.finished_attempts(None, Some(class))?;
        let home_page = self.account_home_page();
        let context = xapi::Context {
            class: Some(&session),
            titles,
            home_page: &home_page,
        };
        self.output_guard().replace_streaming(out, |file| {
            let mut writer = xapi::StatementWriter::new(file);
            for attempt in attempts.iter().cloned() {
                let reflections = self.reflections(&attempt.id).map_err(std::io::Error::other)?;
                let exported = crate::records::ExportedAttempt {
                    decisions: self.decisions(&attempt.id).map_err(std::io::Error::other)?,
                    observer_marks: self.observer_marks(&attempt.id).map_err(std::io::Error::other)?,
                    attempt,
                    // As the outbox built them when the attempt finished (see `outbox.rs`).
                    reflections: Vec::new(),
                    plan: None,
                };
                writer.attempt(&context, &exported)?;
                writer.reflections(&context, &exported.attempt, &reflections)?;
            }
            writer.finish().map(|_| ())
        })?;
        Ok(attempts.len())
    }
}

/// Renders the report in `format`; `lang` picks the language of titles and labels.
pub fn render(format: Format, data: &ReportData, lang: Lang) -> Vec<u8> {
    match format {
        Format::Csv => csv::render(data, lang),
        Format::Votes => csv::render_votes(data, lang),
        Format::GroupGames => csv::render_group_games(data),
        Format::Xapi => xapi::render(data, &data.account_home_page),
    }
}

/// A golden step's short name, for column headers (the CSV's here, the HTML page's in `goodwill::pages`).
pub fn step_label(number: usize, lang: Lang) -> String {
    let name = goodwill_engine::Principle::GOLDEN_STEPS[number - 1].name();
    format!("{number}. {}", name.get(lang))
}
