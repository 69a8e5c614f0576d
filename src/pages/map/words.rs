//! What the map says, and to whom. An author (`analyze --graph`) reads node ids, promise ids and choice
//! numbers in file order — the words of the scenario file. A trainee (the debrief's map) reads the
//! customer's lines, the promises' own words and the numbers *they* were shown in this attempt (the
//! order is drawn from the attempt's seed and recorded in each step), with every text shortened on the
//! drawing and given in full on hover.

use std::collections::HashMap;

use goodwill_engine::account::AccountState;
use goodwill_engine::report::StepRecord;
use goodwill_engine::schema::Condition;
use goodwill_engine::{Bilingual, Lang, Outcome, Scenario};

use super::measure::shorten;
use super::path::{PathError, played_choices, steps};
use crate::i18n::{Phrase, balance_value, fill, quoted, tr};

/// Widths, in ems, of a trainee's texts on the drawing (the full text is on hover and in the list).
const NODE_EM: f64 = 9.0;
const NODE_LINES: usize = 2;
const ANSWER_EM: f64 = 7.0;
const ANSWER_LINES: usize = 3;
const NOTE_EM: f64 = 7.0;

/// One finished (or stopped) attempt as the store and the engine keep it: its step records, each with
/// the order the choices were shown in, and the customer's lines as heard (may be empty: the node's
/// first wording stands in).
#[derive(Debug, Clone, Copy)]
pub struct Attempt<'a> {
    pub steps: &'a [StepRecord],
    pub heard: &'a [Bilingual],
    /// How it ended (outcome and final balance, after any settlement), when it did.
    pub end: Option<(Outcome, i32)>,
}

/// What one attempt showed its trainee, by node.
#[derive(Debug, Clone, Default)]
pub struct Seen {
    /// `(node, choice)` → the 1-based number it was shown with.
    numbers: HashMap<(usize, usize), usize>,
    /// Node → the customer's line as heard.
    heard: HashMap<usize, Bilingual>,
    /// Node → the balance the trainee arrived with.
    reached: HashMap<usize, i32>,
    /// The `(node, choice)` steps taken, in order.
    pub path: Vec<(usize, usize)>,
    /// File-order choices taken (as `steps` takes them).
    pub choices: Vec<usize>,
}

impl Seen {
    /// Reads `attempt` against `scenario`; refused, with the step, when the records no longer follow it.
    pub fn new(scenario: &Scenario, attempt: Attempt) -> Result<Seen, PathError> {
        let choices = played_choices(scenario, attempt.steps)?;
        let path = steps(scenario, &choices)?;
        let mut seen = Seen {
            choices,
            ..Seen::default()
        };
        let mut balance = AccountState::new(scenario).balance;
        for (i, (&(node, _), record)) in path.iter().zip(attempt.steps).enumerate() {
            // Records written before choices were shuffled showed them in file order.
            let order: Vec<usize> = if record.shown.is_empty() {
                (0..scenario.nodes[node].choices.len()).collect()
            } else {
                record.shown.clone()
            };
            for (position, &choice) in order.iter().enumerate() {
                seen.numbers.insert((node, choice), position + 1);
            }
            if let Some(line) = attempt.heard.get(i) {
                seen.heard.insert(node, line.clone());
            }
            seen.reached.insert(node, balance);
            balance = record.balance;
        }
        seen.path = path;
        Ok(seen)
    }

    /// The number choice `(node, choice)` was shown with, if the trainee was shown it.
    pub fn number(&self, node: usize, choice: usize) -> Option<usize> {
        self.numbers.get(&(node, choice)).copied()
    }

    /// The balance the trainee arrived at `node` with, if they reached it.
    pub fn reached(&self, node: usize) -> Option<i32> {
        self.reached.get(&node).copied()
    }

    /// The choices of `node` (which has `count`) the trainee was shown, in the order shown.
    pub fn shown_order(&self, node: usize, count: usize) -> Vec<usize> {
        let mut order: Vec<usize> = (0..count).filter(|&c| self.number(node, c).is_some()).collect();
        order.sort_by_key(|&c| self.number(node, c));
        order
    }

    /// The numbers pressed, in order: "3,1,2".
    pub fn pressed(&self) -> String {
        let numbers: Vec<String> = self
            .path
            .iter()
            .map(|&(n, c)| self.number(n, c).map_or_else(|| "?".into(), |k| k.to_string()))
            .collect();
        numbers.join(",")
    }

    /// The customer's line at `node` as this trainee heard it (or its first wording).
    pub fn line<'s>(&'s self, scenario: &'s Scenario, node: usize, lang: Lang) -> &'s str {
        match self.heard.get(&node) {
            Some(line) => line.get(lang),
            None => first_line(scenario, node, lang),
        }
    }
}

/// The node's first wording, in `lang`.
pub fn first_line(scenario: &Scenario, node: usize, lang: Lang) -> &str {
    scenario.nodes[node].customer.first().map_or("", |line| line.get(lang))
}

/// Who reads the map.
#[derive(Debug, Clone, Copy)]
pub enum Reader<'a> {
    Author,
    Trainee(&'a Seen),
}

/// A text drawn on the map, and its full wording on hover when the drawing shortens it.
#[derive(Debug, Clone, Default)]
pub struct Words {
    pub text: String,
    pub hover: Option<String>,
}

impl Reader<'_> {
    /// A node's box: its id (author) or the customer's line (trainee), and the balance.
    pub fn node(&self, scenario: &Scenario, n: usize, range: Option<(i32, i32)>, start: bool, lang: Lang) -> Words {
        let mark = if start { "▶ " } else { "" };
        let range_words = || {
            let balance = tr(Phrase::MapBalance, lang);
            match range {
                Some((min, max)) if min == max => format!("{balance} {min}"),
                Some((min, max)) => format!("{balance} {min}–{max}"),
                None => tr(Phrase::MapNeverReached, lang).to_string(),
            }
        };
        match self {
            Reader::Author => Words {
                text: format!("{mark}{}\n{}", scenario.nodes[n].id, range_words()),
                hover: None,
            },
            Reader::Trainee(seen) => {
                let line = seen.line(scenario, n, lang);
                let (short, _) = shorten(&quoted(line, lang), NODE_EM, NODE_LINES);
                let balance = match seen.reached.get(&n) {
                    Some(&b) => fill(Phrase::MapYouArrived, lang, &[("balance", &balance_value(b, lang))]),
                    None => range_words(),
                };
                Words {
                    text: format!("{mark}{short}\n{balance}"),
                    hover: Some(line.to_owned()),
                }
            }
        }
    }

    /// A fold's box: a run of `count` nodes passed straight through, from `first` to `last`.
    pub fn fold(&self, scenario: &Scenario, first: usize, last: usize, count: usize, lang: Lang) -> Words {
        match self {
            Reader::Author => Words {
                text: fill(
                    Phrase::MapFold,
                    lang,
                    &[
                        ("first", &scenario.nodes[first].id),
                        ("last", &scenario.nodes[last].id),
                        ("count", &count),
                    ],
                ),
                hover: None,
            },
            Reader::Trainee(seen) => {
                let line = seen.line(scenario, first, lang);
                let (short, _) = shorten(&quoted(line, lang), NODE_EM, 2);
                Words {
                    text: format!("{short}\n{}", fill(Phrase::MapFoldSeen, lang, &[("count", &count)])),
                    hover: Some(line.to_owned()),
                }
            }
        }
    }

    /// A promise as the reader knows it: its id (author) or its words, shortened (trainee).
    pub fn promise(&self, scenario: &Scenario, id: &str, lang: Lang) -> String {
        match (self, scenario.promise(id)) {
            (Reader::Trainee(_), Some(def)) => shorten(&quoted(def.text.get(lang), lang), NOTE_EM, 1).0,
            _ => id.to_owned(),
        }
    }

    /// A choice's condition, as the map labels its arrow.
    pub fn condition(&self, scenario: &Scenario, condition: &Condition, lang: Lang) -> String {
        let author = matches!(self, Reader::Author);
        let promise = |phrase_id: Phrase, phrase_text: Phrase, id: &String| {
            if author {
                fill(phrase_id, lang, &[("id", id)])
            } else {
                fill(phrase_text, lang, &[("text", &self.promise(scenario, id, lang))])
            }
        };
        match condition {
            Condition::PromiseOpen(id) => promise(Phrase::MapPromiseOpen, Phrase::MapPromiseOpenSeen, id),
            Condition::PromiseKept(id) => promise(Phrase::MapPromiseKept, Phrase::MapPromiseKeptSeen, id),
            Condition::PromiseBroken(id) => promise(Phrase::MapPromiseBroken, Phrase::MapPromiseBrokenSeen, id),
            Condition::PromiseNotMade(id) => promise(Phrase::MapPromiseNotMade, Phrase::MapPromiseNotMadeSeen, id),
            Condition::BalanceAbove(v) => fill(Phrase::MapBalanceAbove, lang, &[("value", v)]),
            Condition::BalanceBelow(v) => fill(Phrase::MapBalanceBelow, lang, &[("value", v)]),
            Condition::Happened(id) => self.event(scenario, Phrase::MapHappened, Phrase::MapHappenedSeen, id, lang),
            Condition::NotHappened(id) => {
                self.event(scenario, Phrase::MapNotHappened, Phrase::MapNotHappenedSeen, id, lang)
            }
        }
    }

    /// A condition on an event in the story: by id for an author, by its words for a trainee.
    fn event(&self, scenario: &Scenario, by_id: Phrase, by_text: Phrase, id: &str, lang: Lang) -> String {
        match (self, scenario.events.iter().find(|e| e.id == id)) {
            (Reader::Trainee(_), Some(event)) => {
                let text = shorten(&quoted(event.text.get(lang), lang), NOTE_EM, 1).0;
                fill(by_text, lang, &[("text", &text)])
            }
            _ => fill(by_id, lang, &[("id", &id)]),
        }
    }

    /// The first line of a choice's label: its number and immediate score. An author reads the number in
    /// the file; a trainee the number they were shown, and none where they were never asked.
    pub fn choice_head(&self, n: usize, c: usize, score: i32) -> String {
        match self {
            Reader::Author => format!("{}: {score:+}", c + 1),
            Reader::Trainee(seen) => match seen.number(n, c) {
                Some(k) => format!("{k} · {score:+}"),
                None => format!("{score:+}"),
            },
        }
    }

    /// What the agent says, shortened, for a trainee's label (an author's label leaves it out).
    pub fn answer(&self, text: &Bilingual, lang: Lang) -> Option<Words> {
        match self {
            Reader::Author => None,
            Reader::Trainee(_) => {
                let full = text.get(lang);
                let (short, _) = shorten(&quoted(full, lang), ANSWER_EM, ANSWER_LINES);
                Some(Words {
                    text: short,
                    hover: Some(full.to_owned()),
                })
            }
        }
    }
}
