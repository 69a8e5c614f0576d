//! The endings check: an ending's text must not tell of a promise or an event that some path reading it
//! never made or never had, nor say that one was not made, or did not happen, on a path where it was. An
//! author declares the `words` a text would use to speak of each promise and event ("一小时", "within the
//! hour"), and the `not_words` that say it did not happen ("一身汤渍"); every ending text (the default of each outcome and each of
//! its variants) that uses one of them is checked against every path that ends on it, over the
//! scenario's [`StateGraph`].

use std::collections::BTreeMap;

use crate::account::{AccountState, Outcome, PromiseStatus};
use crate::schema::{Ending, Endings, Scenario};
use crate::states::StateGraph;
use crate::text::Bilingual;

// Choosing an ending's text lives here, beside its check, so the file format need not know the account.
impl Endings {
    /// The ending of an outcome tier.
    pub fn of(&self, outcome: Outcome) -> &Ending {
        match outcome {
            Outcome::Lost => &self.lost,
            Outcome::Resolved => &self.resolved,
            Outcome::Retained => &self.retained,
            Outcome::Loyal => &self.loyal,
        }
    }
}

impl Ending {
    /// Which text a path ending in `state` reads: the index of the first variant whose conditions all
    /// hold, or `None` for the default.
    pub fn variant_for(&self, scenario: &Scenario, state: &AccountState) -> Option<usize> {
        self.variants.iter().position(|v| state.allows(scenario, &v.when))
    }

    /// The (title, epilogue) of variant `variant` (`None`: the default).
    pub fn text(&self, variant: Option<usize>) -> (&Bilingual, &Bilingual) {
        match variant.and_then(|i| self.variants.get(i)) {
            Some(v) => (v.title.as_ref().unwrap_or(&self.title), &v.epilogue),
            None => (&self.title, &self.epilogue),
        }
    }
}

/// What an ending text speaks of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Subject {
    /// A promise (index into `Scenario::promises`).
    Promise(usize),
    /// An event (index into `Scenario::events`).
    Event(usize),
}

/// An ending text that speaks of something some path reaching it did not do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnfoundedClaim {
    pub outcome: Outcome,
    /// The variant (0-based) whose text it is; `None`: the ending's default text.
    pub variant: Option<usize>,
    /// The word was found in the title (else in the epilogue).
    pub in_title: bool,
    /// The word the text uses.
    pub word: String,
    pub subject: Subject,
    /// The word says the promise was not made or the event did not happen (one of its `not_words`).
    pub negated: bool,
    /// One path (node index, 0-based choice) that reads this text and did not do what it says (or did
    /// what it says was not done).
    pub example: Vec<(usize, usize)>,
}

impl UnfoundedClaim {
    /// The promise or event id.
    pub fn subject_id<'s>(&self, scenario: &'s Scenario) -> &'s str {
        match self.subject {
            Subject::Promise(i) => &scenario.promises[i].id,
            Subject::Event(i) => &scenario.events[i].id,
        }
    }

    /// "promise `within-hour`" / "event `suit-cleaned`".
    pub fn subject_label(&self, scenario: &Scenario) -> String {
        match self.subject {
            Subject::Promise(_) => format!("promise `{}`", self.subject_id(scenario)),
            Subject::Event(_) => format!("event `{}`", self.subject_id(scenario)),
        }
    }
}

/// The first of `words` that `text` uses, in either language (English without regard to case).
fn word_in<'w>(text: &Bilingual, words: &'w [String]) -> Option<&'w str> {
    let en = text.en.to_lowercase();
    words
        .iter()
        .filter(|w| !w.trim().is_empty())
        .find(|w| text.zh.contains(w.as_str()) || en.contains(&w.to_lowercase()))
        .map(String::as_str)
}

/// Whether the path that ended in `account` made the promise or had the event.
fn did(account: &AccountState, subject: Subject) -> bool {
    match subject {
        Subject::Promise(i) => account.promise_status(i) != PromiseStatus::NotMade,
        Subject::Event(i) => account.happened(i),
    }
}

/// Every ending text that claims a promise or an event some path reaching it lacks: one finding per
/// (text, promise or event), with the first such path found.
pub fn unfounded_claims(scenario: &Scenario, graph: &StateGraph) -> Vec<UnfoundedClaim> {
    // (what, the words, whether they say it did *not* happen)
    let mut subjects: Vec<(Subject, &[String], bool)> = Vec::new();
    for (i, p) in scenario.promises.iter().enumerate() {
        subjects.push((Subject::Promise(i), p.words.as_slice(), false));
        subjects.push((Subject::Promise(i), p.not_words.as_slice(), true));
    }
    for (i, e) in scenario.events.iter().enumerate() {
        subjects.push((Subject::Event(i), e.words.as_slice(), false));
        subjects.push((Subject::Event(i), e.not_words.as_slice(), true));
    }
    subjects.retain(|(_, words, _)| !words.is_empty());
    if subjects.is_empty() {
        return Vec::new();
    }
    let mut found: BTreeMap<(Outcome, Option<usize>, Subject, bool), UnfoundedClaim> = BTreeMap::new();
    for (e, end) in graph.ends.iter().enumerate() {
        let ending = scenario.endings.of(end.outcome);
        let variant = ending.variant_for(scenario, &end.account);
        let (title, epilogue) = ending.text(variant);
        for &(subject, words, negated) in &subjects {
            // A text that says it happened is wrong where it did not, and one that says it did not,
            // where it did.
            if did(&end.account, subject) != negated || found.contains_key(&(end.outcome, variant, subject, negated)) {
                continue;
            }
            let (word, in_title) = match (word_in(epilogue, words), word_in(title, words)) {
                (Some(w), _) => (w, false),
                (None, Some(w)) => (w, true),
                (None, None) => continue,
            };
            found.insert(
                (end.outcome, variant, subject, negated),
                UnfoundedClaim {
                    outcome: end.outcome,
                    variant,
                    in_title,
                    word: word.to_string(),
                    subject,
                    negated,
                    example: graph.path_to_end(e as u32),
                },
            );
        }
    }
    found.into_values().collect()
}

/// Words a feedback line uses when it says the customer is gone for good: true only if every path
/// through the choice ends lost.
pub const GONE_FOR_GOOD: &[&str] = &[
    "永远失去",
    "再也不会来",
    "再也不来",
    "不会再来",
    "一去不回",
    "gone for good",
    "for good",
    "never come back",
    "never be back",
    "won't be back",
    "will not be back",
];

/// A choice whose feedback says the customer is gone for good, though some path through it does not
/// end lost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedbackClaim {
    pub node: usize,
    pub choice: usize,
    pub word: &'static str,
    /// A path through the choice (node index, 0-based choice) that ends better than lost.
    pub example: Vec<(usize, usize)>,
    pub outcome: Outcome,
}

fn gone_word(text: &Bilingual) -> Option<&'static str> {
    let en = text.en.to_lowercase();
    GONE_FOR_GOOD
        .iter()
        .copied()
        .find(|w| text.zh.contains(w) || en.contains(w))
}

/// Every choice whose feedback says the customer is gone for good while some path through it ends
/// resolved or better, with one such path.
pub fn unfounded_feedback(scenario: &Scenario, graph: &StateGraph) -> Vec<FeedbackClaim> {
    use crate::states::To;
    // Outcomes reachable from each state (bit per outcome), from the ends back.
    let mut reach = vec![0u8; graph.states.len()];
    let bits = |to: To, reach: &[u8]| match to {
        To::State(t) => reach[t as usize],
        To::End(e) => 1 << graph.ends[e as usize].outcome as u8,
    };
    for &s in graph.order.iter().rev() {
        reach[s as usize] = graph.states[s as usize]
            .edges
            .iter()
            .fold(0, |m, &(_, to)| m | bits(to, &reach));
    }
    let not_lost = !(1u8 << Outcome::Lost as u8);
    let mut found: Vec<FeedbackClaim> = Vec::new();
    for (s, state) in graph.states.iter().enumerate() {
        for &(choice, to) in &state.edges {
            let Some(word) = gone_word(&scenario.nodes[state.node].choices[choice].feedback) else {
                continue;
            };
            if bits(to, &reach) & not_lost == 0 || found.iter().any(|f| (f.node, f.choice) == (state.node, choice)) {
                continue;
            }
            // Follow a way to an end better than lost.
            let mut path = graph.path_to(s as u32);
            path.push((state.node, choice));
            let mut at = to;
            let outcome = loop {
                match at {
                    To::End(e) => break graph.ends[e as usize].outcome,
                    To::State(t) => {
                        let here = &graph.states[t as usize];
                        let Some(&(c, next)) = here.edges.iter().find(|&&(_, n)| bits(n, &reach) & not_lost != 0)
                        else {
                            break Outcome::Lost;
                        };
                        path.push((here.node, c));
                        at = next;
                    }
                }
            };
            found.push(FeedbackClaim {
                node: state.node,
                choice,
                word,
                example: path,
                outcome,
            });
        }
    }
    found.sort_by_key(|f| (f.node, f.choice));
    found
}
