//! The conversation map: a scenario drawn as a graph, laid out in layers by `layout-rs` — every node
//! with the balance range it can be reached with, every choice as an arrow coloured by what it does to
//! the account and labelled with its number (file order), effect, promises and conditions; the best and
//! worst paths, each outcome tier's example path and, for a debrief, the trainee's own path drawn over it.
//!
//! Small scenarios are drawn whole. Above [`FULL_LIMIT`] nodes only the highlighted paths are drawn, and
//! runs of nodes they pass straight through are folded into one box, so a 1,000-node case still gives a
//! map one can read (and lays out in moments).
//!
//! One job a file: [`path`] follows a path through the scenario, `highlight` names the paths drawn,
//! `shown` picks what a large case shows, `sketch` decides the boxes, arrows and legend, `layout` has `layout-rs` place them, and `canvas`
//! writes the placed drawing as SVG.

mod canvas;
mod highlight;
mod layout;
mod measure;
pub mod path;
mod shown;
mod sketch;
#[cfg(test)]
mod tests;

use goodwill_engine::analyze::Analysis;
use goodwill_engine::{Lang, Scenario};
use maud::html;

pub use path::{PathError, played_choices, steps};

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

/// Draws the scenario with its best, worst and example paths as a standalone SVG file. `trainee` is a
/// path of 0-based file-order choices (`analyze --graph --path`), drawn in blue beside the best path.
/// `lang` picks the language of every word on the map.
pub fn draw_svg(
    scenario: &Scenario,
    analysis: &Analysis,
    trainee: Option<&[usize]>,
    lang: Lang,
) -> Result<String, MapError> {
    let highlights = highlight::for_analysis(scenario, analysis, trainee, lang)?;
    Ok(crate::pages::svg::file(sketch::draw(
        scenario,
        analysis,
        &highlights,
        lang,
    )?))
}

/// The debrief's map: the conversation with the trainee's own run ("your path", blue) drawn beside the
/// best path (green), and nothing else highlighted, so the two stand out. `played` is the choice made at
/// each step as a 0-based index into the node's `choices` in the file (what `StepRecord::choice` and the
/// store's decisions hold; [`played_choices`] takes them from step records), starting at the start node.
/// Every arrow of the played path carries `class="choice your-path"` (and `best-path` where the best path
/// takes it too), with `data-node` and `data-choice` (1-based) naming the choice. Large scenarios are
/// drawn collapsed around the two paths, as [`draw_svg`] does.
///
/// Fails, with the step, when `played` does not follow the scenario (a choice a node does not have, or
/// choices past an end).
pub fn draw_played_svg(
    scenario: &Scenario,
    analysis: &Analysis,
    played: &[usize],
    lang: Lang,
) -> Result<String, MapError> {
    let highlights = highlight::for_debrief(scenario, analysis, played, lang)?;
    Ok(crate::pages::svg::file(sketch::draw(
        scenario,
        analysis,
        &highlights,
        lang,
    )?))
}

/// The map as a page to open in a browser: its title (the case's id and title) above the drawing.
pub fn page(scenario: &Scenario, svg_drawing: &str, lang: Lang) -> String {
    let title = format!("{} — {}", scenario.id, scenario.title.get(lang));
    // The drawing is this module's own SVG file; in a page its XML declaration is left out.
    let drawing = svg_drawing
        .strip_prefix("<?xml")
        .and_then(|rest| rest.split_once("?>"))
        .map_or(svg_drawing, |(_, svg)| svg)
        .trim();
    let body = html! {
        h1 { (title) }
        (maud::PreEscaped(drawing))
    };
    super::html::page(lang, &title, "body{font-family:sans-serif}", body)
}
