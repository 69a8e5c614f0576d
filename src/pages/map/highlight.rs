//! The paths drawn over the map, each with its colour, its label on the arrows and its line in the legend.

use goodwill_engine::analyze::{Analysis, PathEnd};
use goodwill_engine::{Lang, Outcome, Scenario};

use super::path::{PathError, numbered, steps};
use super::words::Seen;
use crate::i18n::{Phrase, balance_words, fill, tr};

/// Which path a highlight is, in priority order where paths share an arrow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The trainee's own path.
    Yours,
    Best,
    Worst,
    /// An example path ending in this tier.
    Example(Outcome),
}

impl Kind {
    /// Marks the arrows of this path in the SVG (`class="choice your-path"`), for tests and styling.
    pub fn class(self) -> &'static str {
        match self {
            Kind::Yours => "your-path",
            Kind::Best => "best-path",
            Kind::Worst => "worst-path",
            Kind::Example(_) => "example-path",
        }
    }
}

/// One path drawn over the graph.
pub struct Highlight {
    pub kind: Kind,
    /// Its name on the arrows it takes.
    pub label: String,
    pub legend: String,
    pub colour: u32,
    pub width: usize,
    pub dashed: bool,
    /// `(node, choice)` steps, in order.
    pub steps: Vec<(usize, usize)>,
}

/// The blue of the trainee's own path.
const YOURS: u32 = 0x2e86c1ff;
const BEST: u32 = 0x239b56ff;
const WORST: u32 = 0xc0392bff;

fn tier_colour(outcome: Outcome) -> u32 {
    match outcome {
        Outcome::Lost => 0x8e44adff,
        Outcome::Resolved => 0xd68910ff,
        Outcome::Retained => 0x148f77ff,
        Outcome::Loyal => 0x1a5276ff,
    }
}

/// An outcome as the map names it: its code in English (as `analyze` prints it), its label in Chinese.
pub fn outcome_word(outcome: Outcome, lang: Lang) -> String {
    match lang {
        Lang::Zh => outcome.label().get(lang).to_owned(),
        Lang::En => outcome.code().to_owned(),
    }
}

/// ", final balance 85 (loyal), --choices 1,2,1": how a path ends and how to replay it.
fn path_end(end: &PathEnd, steps: &[(usize, usize)], lang: Lang) -> String {
    fill(
        Phrase::MapPathEnd,
        lang,
        &[
            ("balance", &end.final_balance),
            ("outcome", &outcome_word(end.outcome, lang)),
            ("choices", &numbered(steps)),
        ],
    )
}

fn best(scenario: &Scenario, best: &PathEnd, label: Phrase, lang: Lang) -> Result<Highlight, PathError> {
    let steps = steps(scenario, &best.choices)?;
    Ok(Highlight {
        kind: Kind::Best,
        label: tr(label, lang).into(),
        legend: format!("{}{}", tr(Phrase::MapBestLegend, lang), path_end(best, &steps, lang)),
        colour: BEST,
        width: 5,
        dashed: false,
        steps,
    })
}

/// `analyze --graph`: the trainee's path if given, then the best, the worst and every tier's example.
pub fn for_analysis(
    scenario: &Scenario,
    analysis: &Analysis,
    trainee: Option<&[usize]>,
    lang: Lang,
) -> Result<Vec<Highlight>, PathError> {
    let mut highlights = Vec::new();
    if let Some(choices) = trainee {
        let steps = steps(scenario, choices)?;
        highlights.push(Highlight {
            kind: Kind::Yours,
            label: tr(Phrase::MapTraineeLabel, lang).into(),
            legend: fill(Phrase::MapTraineeLegend, lang, &[("choices", &numbered(&steps))]),
            colour: YOURS,
            width: 6,
            dashed: false,
            steps,
        });
    }
    if let Some(end) = &analysis.best {
        highlights.push(best(scenario, end, Phrase::MapBestLabel, lang)?);
    }
    if let Some(worst) = &analysis.worst {
        let steps = steps(scenario, &worst.choices)?;
        highlights.push(Highlight {
            kind: Kind::Worst,
            label: tr(Phrase::MapWorstLabel, lang).into(),
            legend: fill(
                Phrase::MapWorstLegend,
                lang,
                &[
                    ("balance", &worst.final_balance),
                    ("outcome", &outcome_word(worst.outcome, lang)),
                    ("choices", &numbered(&steps)),
                ],
            ),
            colour: WORST,
            width: 5,
            dashed: false,
            steps,
        });
    }
    for (outcome, end) in &analysis.example_paths {
        let steps = steps(scenario, &end.choices)?;
        highlights.push(Highlight {
            kind: Kind::Example(*outcome),
            label: fill(
                Phrase::MapExampleLabel,
                lang,
                &[("outcomes", &outcome_word(*outcome, lang))],
            ),
            legend: fill(
                Phrase::MapExampleLegend,
                lang,
                &[
                    ("outcome", &outcome_word(*outcome, lang)),
                    ("balance", &end.final_balance),
                    ("choices", &numbered(&steps)),
                ],
            ),
            colour: tier_colour(*outcome),
            width: 3,
            dashed: true,
            steps,
        });
    }
    Ok(highlights)
}

/// The debrief: the played path and the best one, nothing else, in the trainee's terms: the numbers
/// pressed as they were shown, the best path by how it ends (its file-order numbers mean nothing to a
/// trainee, and it passes places they were never asked).
pub fn for_debrief(
    scenario: &Scenario,
    analysis: &Analysis,
    seen: &Seen,
    lang: Lang,
) -> Result<Vec<Highlight>, PathError> {
    let mut highlights = vec![Highlight {
        kind: Kind::Yours,
        label: tr(Phrase::MapYourPath, lang).into(),
        legend: fill(
            Phrase::MapYourPathLegend,
            lang,
            &[("count", &seen.path.len()), ("choices", &seen.pressed())],
        ),
        colour: YOURS,
        width: 6,
        dashed: false,
        steps: seen.path.clone(),
    }];
    if let Some(end) = &analysis.best {
        let steps = steps(scenario, &end.choices)?;
        highlights.push(Highlight {
            kind: Kind::Best,
            label: tr(Phrase::MapBestPath, lang).into(),
            legend: fill(
                Phrase::MapBestSeenLegend,
                lang,
                &[
                    ("balance", &balance_words(end.final_balance, lang)),
                    ("outcome", &end.outcome.label().get(lang)),
                ],
            ),
            colour: BEST,
            width: 5,
            dashed: false,
            steps,
        });
    }
    Ok(highlights)
}
