//! `goodwill report`: a class session's results gathered ([`ReportData`]) and written as data: CSV or xAPI
//! statements. The HTML page is a view of the same data, drawn in the root crate (`goodwill::pages`).

mod csv;
mod xapi;

use std::collections::BTreeMap;
use std::path::Path;

use goodwill_engine::{Bilingual, Lang};

use crate::error::Result;
use crate::records::{Attempt, ClassSession, Decision, ObserverMarks};
use crate::store::Store;
use crate::summary::{ClassOverview, class_overview};

pub use self::csv::VOTE_COLUMNS;
pub use xapi::{ACCOUNT_HOME_PAGE, ACTIVITY_BASE, AttemptRecord, CLASS_HOME_PAGE, RECORD_EXTENSION, class_activity};
pub(crate) use xapi::{Context as XapiContext, attempt_statements};

/// The data formats the store writes a report in (`goodwill report --format html` is drawn by the root
/// crate's `pages`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    /// The class votes' CSV: one row per trainee's vote at each step.
    Votes,
    Xapi,
}

impl Format {
    pub fn parse(name: &str) -> Option<Format> {
        match name.to_ascii_lowercase().as_str() {
            "csv" => Some(Format::Csv),
            "votes" => Some(Format::Votes),
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
        for attempt in &attempts {
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
                let exported = crate::records::ExportedAttempt {
                    decisions: self.decisions(&attempt.id).map_err(std::io::Error::other)?,
                    observer_marks: self.observer_marks(&attempt.id).map_err(std::io::Error::other)?,
                    attempt,
                };
                writer.attempt(&context, &exported)?;
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
        Format::Xapi => xapi::render(data, &data.account_home_page),
    }
}

/// A golden step's short name, for column headers (the CSV's here, the HTML page's in `goodwill::pages`).
pub fn step_label(number: usize, lang: Lang) -> String {
    let name = goodwill_engine::Principle::GOLDEN_STEPS[number - 1].name();
    format!("{number}. {}", name.get(lang))
}
