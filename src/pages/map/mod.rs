//! The conversation map: a scenario drawn as a graph, laid out in layers by `layout-rs` — every node
//! with the balance range it can be reached with, every choice as an arrow coloured by what it does to
//! the account and labelled with its effect, promises and conditions; the best and worst paths, each
//! outcome tier's example path and, for a debrief, the trainee's own path drawn over it.
//!
//! Two readers, two vocabularies (`words`): an author's map (`analyze --graph`) names nodes and promises
//! by id and choices by their number in the file; a trainee's map (the debrief's) shows the customer's
//! lines, the promises' words, each answer's text, and the numbers the trainee was shown in that
//! attempt — a trainee never saw the file's order.
//!
//! Small scenarios are drawn whole. Above [`FULL_LIMIT`] nodes only the highlighted paths are drawn, and
//! runs of nodes they pass straight through are folded into one box, so a 1,000-node case still gives a
//! map one can read (and lays out in moments).
//!
//! One job a file: [`path`] follows a path through the scenario, `highlight` names the paths drawn,
//! `shown` picks what a large case shows, `words` says each thing for its reader, `sketch` decides the
//! boxes, arrows and legend, `layout` has `layout-rs` place them, `canvas` writes the placed drawing as
//! SVG, and `page` puts it on a page fitted to the window.

mod canvas;
mod highlight;
mod layout;
mod measure;
mod page;
pub mod path;
mod shown;
mod sketch;
#[cfg(test)]
mod tests;
mod words;

use goodwill_engine::analyze::Analysis;
use goodwill_engine::{Lang, Scenario, graph};

pub use path::{PathError, played_choices, steps};
pub use words::{Attempt, Seen};

/// Scenarios with more nodes than this are drawn collapsed (highlighted paths only).
pub const FULL_LIMIT: usize = 60;

/// Why a map was not drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MapError {
    /// The path to draw does not follow the scenario.
    Path(PathError),
    /// `layout-rs` could not place this graph in any of its modes.
    Layout,
}

impl MapError {
    /// What went wrong, in `lang`.
    pub fn words(&self, lang: Lang) -> String {
        match self {
            MapError::Path(e) => e.words(lang),
            MapError::Layout => crate::i18n::tr(crate::i18n::Phrase::MapLayoutFailed, lang).to_owned(),
        }
    }
}

/// In English, as the command line reports it.
impl std::fmt::Display for MapError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.words(Lang::En))
    }
}

impl std::error::Error for MapError {}

impl From<PathError> for MapError {
    fn from(e: PathError) -> Self {
        MapError::Path(e)
    }
}

/// The author's map (`analyze --graph`): the scenario with its best, worst and example paths as a
/// standalone SVG file, every node by its id and every choice by its number in the file. `trainee` is a
/// path of 0-based file-order choices (`--path`), drawn in blue beside the best path. `lang` picks the
/// language of every word on the map.
pub fn draw_svg(
    scenario: &Scenario,
    analysis: &Analysis,
    trainee: Option<&[usize]>,
    lang: Lang,
) -> Result<String, MapError> {
    let highlights = highlight::for_analysis(scenario, analysis, trainee, lang)?;
    let drawing = sketch::draw(scenario, analysis, &highlights, words::Reader::Author, true, lang)?;
    Ok(crate::pages::svg::file(drawing))
}

/// The trainee's map of one attempt, as a standalone SVG file with its legend: their own run ("your
/// path", blue) beside the best path (green), nothing else highlighted. It speaks in the trainee's
/// terms: each node by the customer's line, promises by their words, each answer by its text
/// (shortened; in full on hover) and — where the trainee was asked — by the number it was *shown*
/// under in this attempt, not its place in the file. Every arrow of the played path carries
/// `class="choice your-path"` (and `best-path` where the best path takes it too), with `data-node` and
/// `data-choice` (1-based, file order) naming the choice for tools. Large scenarios are drawn collapsed
/// around the two paths, as [`draw_svg`] does.
///
/// Fails, with the step, when the attempt's records do not follow the scenario (a choice a node does
/// not have, choices past an end, or a node the file no longer has there).
pub fn draw_played_svg(
    scenario: &Scenario,
    analysis: &Analysis,
    attempt: Attempt,
    lang: Lang,
) -> Result<String, MapError> {
    let seen = Seen::new(scenario, attempt)?;
    let highlights = highlight::for_debrief(scenario, analysis, &seen, lang)?;
    let reader = words::Reader::Trainee(&seen);
    let drawing = sketch::draw(scenario, analysis, &highlights, reader, true, lang)?;
    Ok(crate::pages::svg::file(drawing))
}

/// The debrief's map as a page: the drawing of [`draw_played_svg`] fitted to the window, its legend
/// above it, and below it every step with its options in full, numbered as they were shown, and the
/// best path's answers.
pub fn attempt_page(
    scenario: &Scenario,
    analysis: &Analysis,
    attempt: Attempt,
    lang: Lang,
) -> Result<String, MapError> {
    let seen = Seen::new(scenario, attempt)?;
    let highlights = highlight::for_debrief(scenario, analysis, &seen, lang)?;
    let reader = words::Reader::Trainee(&seen);
    let drawing = sketch::draw(scenario, analysis, &highlights, reader, false, lang)?;
    let targets = graph::choice_targets(scenario);
    let shown = shown::shown(scenario, &highlights, &targets);
    let legend = sketch::legend(scenario, &highlights, &shown, reader, lang);
    let best = highlights
        .iter()
        .find(|h| h.kind == highlight::Kind::Best)
        .map_or(&[][..], |h| &h.steps[..]);
    Ok(page::trainee_page(
        scenario,
        &crate::pages::svg::file(drawing),
        &legend,
        &seen,
        attempt,
        best,
        lang,
    ))
}

/// `analyze --graph`'s map as a page to open in a browser: its title (the case's id and title) above
/// the drawing, fitted to the window.
pub fn page(scenario: &Scenario, svg_drawing: &str, lang: Lang) -> String {
    page::author_page(scenario, svg_drawing, lang)
}
