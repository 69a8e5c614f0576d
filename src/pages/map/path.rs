//! A path through a scenario as the map draws it: the `(node, choice)` steps of a list of file-order
//! choices, the choices of a finished run, and a path written as `--choices` takes it.

use std::fmt;

use goodwill_engine::report::StepRecord;
use goodwill_engine::{Lang, Scenario, graph};

use crate::i18n::{Phrase, fill, tr};

/// Why a path cannot be drawn: it does not follow the scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathError {
    NoStart,
    /// At 1-based `step`, `node` has `count` choices, and the path takes the 1-based `choice`.
    NoSuchChoice {
        step: usize,
        node: String,
        count: usize,
        choice: usize,
    },
    /// The conversation ends at `step`, with `more` choices of the path left.
    PastTheEnd {
        step: usize,
        more: usize,
    },
    /// A recorded run was at node `was` at `step`, where the path through this version reaches `here`.
    NodeMoved {
        step: usize,
        was: String,
        here: String,
    },
}

impl PathError {
    /// What went wrong, in `lang`.
    pub fn words(&self, lang: Lang) -> String {
        match self {
            PathError::NoStart => tr(Phrase::MapNoStart, lang).to_owned(),
            PathError::NoSuchChoice {
                step,
                node,
                count,
                choice,
            } => fill(
                Phrase::MapNoSuchChoice,
                lang,
                &[("step", step), ("node", node), ("count", count), ("choice", choice)],
            ),
            PathError::PastTheEnd { step, more } => {
                fill(Phrase::MapPastTheEnd, lang, &[("step", step), ("more", more)])
            }
            PathError::NodeMoved { step, was, here } => fill(
                Phrase::MapNodeMoved,
                lang,
                &[("step", step), ("was", was), ("here", here)],
            ),
        }
    }
}

/// In English, as the command line reports it.
impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.words(Lang::En))
    }
}

impl std::error::Error for PathError {}

/// The `(node, choice)` steps of a path of 0-based file-order choices from the start. Stops early at an
/// end; fails, with the step, at a choice a node does not have or a choice past an end.
pub fn steps(scenario: &Scenario, choices: &[usize]) -> Result<Vec<(usize, usize)>, PathError> {
    let targets = graph::choice_targets(scenario);
    let mut node = scenario.node_index(&scenario.start).ok_or(PathError::NoStart)?;
    let mut out = Vec::new();
    for (i, &choice) in choices.iter().enumerate() {
        let count = scenario.nodes[node].choices.len();
        if choice >= count {
            return Err(PathError::NoSuchChoice {
                step: i + 1,
                node: scenario.nodes[node].id.to_string(),
                count,
                choice: choice + 1,
            });
        }
        out.push((node, choice));
        match targets[node][choice] {
            Some(next) => node = next,
            None if i + 1 < choices.len() => {
                return Err(PathError::PastTheEnd {
                    step: i + 1,
                    more: choices.len() - i - 1,
                });
            }
            None => {}
        }
    }
    Ok(out)
}

/// The choices of a finished run (its [`StepRecord`]s, as a `Report` or the store keeps them), as
/// [`super::draw_played_svg`] takes them. Each record names the node it was played at: a run recorded
/// against an older version of the scenario file, whose nodes no longer line up, is refused with the step
/// rather than drawn along the wrong arrows.
pub fn played_choices(scenario: &Scenario, records: &[StepRecord]) -> Result<Vec<usize>, PathError> {
    let choices: Vec<usize> = records.iter().map(|r| r.choice).collect();
    let steps = steps(scenario, &choices)?;
    for (i, (record, &(node, _))) in records.iter().zip(&steps).enumerate() {
        let here = &scenario.nodes[node].id;
        if record.node != here.as_str() {
            return Err(PathError::NodeMoved {
                step: i + 1,
                was: record.node.clone(),
                here: here.to_string(),
            });
        }
    }
    Ok(choices)
}

/// A path's choice numbers (1-based), as `--choices` takes them. A long path (a large case) is written
/// with its runs counted: `1,1,1,2` is `1×3,2`.
pub fn numbered(steps: &[(usize, usize)]) -> String {
    let mut out: Vec<String> = Vec::new();
    let long = steps.len() > 30;
    let mut i = 0;
    while i < steps.len() {
        let c = steps[i].1;
        let run = steps[i..].iter().take_while(|s| s.1 == c).count();
        let run = if long { run } else { 1 };
        out.push(if run > 1 {
            format!("{}×{run}", c + 1)
        } else {
            (c + 1).to_string()
        });
        i += run;
    }
    out.join(",")
}
