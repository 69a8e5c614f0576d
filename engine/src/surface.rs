//! Surface tells: rules of thumb that read only the answers' words — never the customer's line — and
//! how often each would keep the customer. If "take the answer that thanks, else the one that
//! apologises" keeps the customer far more often than picking at random, a trainee can score without
//! judgement, and the case teaches the wrong thing.
//!
//! The battery, in Chinese and in English:
//! * every word family of [`crate::cues`] (each principle's and each anti-pattern's cue words), and their
//!   unions (golden-step words, any principle's words, any anti-pattern's words);
//! * 您 per character and 您 at all (in English: please / sir / madam per word, and you / your),
//!   questions, exclamations, numbers and time words, negations, the customer's name or title;
//! * each counted ("the most apology words") or only present or absent ("one that apologises"), as
//!   "the most" and "the fewest", and every ordered pair of them as a trainee would combine them: avoid
//!   one, then prefer another among the answers left; or prefer one, else another;
//! * remaining ties broken at random, or without randomness — the longest, or the shortest, of the tied
//!   answers, then the first in alphabetical order (never the first in the file: the trainee sees a
//!   shuffled order, and authors tend to write the best answer first).
//!
//! Each rule's chance of keeping the customer (retained or loyal) is computed exactly over every path,
//! by dynamic programming over the [`StateGraph`] (each node in each account state, promises and
//! events included), beside the same chance for a player who picks uniformly at random. Rules that
//! pick alike at every situation are played once.

use std::collections::HashMap;

use serde::Serialize;

use crate::account::{Outcome, immediate_score};
use crate::cues::{self, Tag};
use crate::principles::Principle;
use crate::schema::{Choice, Scenario};
use crate::states::{NoGraph, StateGraph, To};

/// No surface rule may keep the customer in more than this share of plays…
pub const KEEP_SHARE_LIMIT: f64 = 0.15;
/// …nor more than this many times as often as a random player.
pub const KEEP_RATIO_LIMIT: f64 = 2.0;
/// How many of the strongest rules a report lists.
pub const TOP: usize = 5;
/// The battery is played only over at most this many states, and this many distinct situations (a node
/// with a set of offered answers): every rule is tried at every situation, so a generated file of
/// thousands of nodes would take minutes. Hand-written cases have a few thousand states at most.
pub const STATE_LIMIT: usize = 100_000;
pub const SITUATION_LIMIT: usize = 4_000;

/// What a rule reads off an answer: one number per answer and language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Feature {
    /// The words of one family of [`cues::families`] (index into it).
    Family(usize),
    GoldenWords,
    PrincipleWords,
    AntiPatternWords,
    /// 您 per thousand characters; in English please / sir / madam per thousand words.
    Politeness,
    /// How often the answer says 您 (in English: you, your).
    You,
    Questions,
    Exclamations,
    NumbersAndTime,
    Negations,
    CustomerName,
    Length,
}

impl Feature {
    fn all() -> Vec<Feature> {
        let mut all: Vec<Feature> = (0..cues::families().len()).map(Feature::Family).collect();
        all.extend([
            Feature::GoldenWords,
            Feature::PrincipleWords,
            Feature::AntiPatternWords,
            Feature::Politeness,
            Feature::You,
            Feature::Questions,
            Feature::Exclamations,
            Feature::NumbersAndTime,
            Feature::Negations,
            Feature::CustomerName,
            Feature::Length,
        ]);
        all
    }

    fn describe(self, lang: usize) -> String {
        match self {
            Feature::Family(i) => {
                let (tag, words) = cues::families()[i];
                let name = match tag {
                    Tag::Applies(p) => format!("{p:?}"),
                    Tag::Breaks(a) => format!("{a:?}"),
                };
                let sample: Vec<&str> = words
                    .iter()
                    .copied()
                    .filter(|w| w.is_ascii() == (lang == 1))
                    .take(3)
                    .collect();
                format!("{name} words ({})", sample.join("/"))
            }
            Feature::GoldenWords => "golden-step words".into(),
            Feature::PrincipleWords => "principle words".into(),
            Feature::AntiPatternWords => "anti-pattern words".into(),
            Feature::Politeness if lang == 0 => "您 per character".into(),
            Feature::Politeness => "please/sir/madam per word".into(),
            Feature::You if lang == 0 => "您".into(),
            Feature::You => "you/your".into(),
            Feature::Questions => "questions".into(),
            Feature::Exclamations => "exclamations".into(),
            Feature::NumbersAndTime => "numbers and time words".into(),
            Feature::Negations => "negations".into(),
            Feature::CustomerName => "mentions of the customer's name".into(),
            Feature::Length => "length".into(),
        }
    }
}

/// What a rule's key reads: a feature's count, or only whether the answer has it at all ("the one that
/// thanks" rather than "the one that thanks most").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Column {
    feature: Feature,
    presence: bool,
}

impl Column {
    /// Every feature's count, then the presence of each that can be counted above one.
    fn all() -> Vec<Column> {
        let features = Feature::all();
        let counts = features.iter().map(|&feature| Column {
            feature,
            presence: false,
        });
        let presence = features
            .iter()
            .filter(|&&f| !matches!(f, Feature::Length | Feature::Politeness))
            .map(|&feature| Column {
                feature,
                presence: true,
            });
        counts.chain(presence).collect()
    }

    fn describe(self, lang: usize, most: bool) -> String {
        let what = self.feature.describe(lang);
        match (self.presence, most) {
            (false, true) => format!("the most {what}"),
            (false, false) => format!("the fewest {what}"),
            (true, true) => format!("one with {what}"),
            (true, false) => format!("one without {what}"),
        }
    }
}

/// Prefer the answers with the most, or the fewest, of a feature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    Most,
    Fewest,
}

/// How a rule settles the answers still tied after its keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Ties {
    /// Uniformly at random among them.
    Random,
    /// The longest of them, then the first in alphabetical order: no randomness (except between
    /// answers with the very same words).
    Longest,
    /// The shortest of them, then the first in alphabetical order.
    Shortest,
}

#[derive(Debug, Clone)]
struct Rule {
    lang: usize,
    keys: Vec<(usize, Direction)>,
    ties: Ties,
}

impl Rule {
    fn describe(&self, columns: &[Column]) -> String {
        let keys: Vec<String> = self
            .keys
            .iter()
            .map(|&(f, d)| columns[f].describe(self.lang, d == Direction::Most))
            .collect();
        let ties = match self.ties {
            Ties::Random => "ties at random",
            Ties::Longest => "ties to the longest",
            Ties::Shortest => "ties to the shortest",
        };
        format!("{}: {}; {ties}", ["zh", "en"][self.lang], keys.join(", then "))
    }
}

/// One rule and what it does over every path.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleResult {
    /// e.g. "zh: the fewest anti-pattern words, then the most ThankForComplaint words (谢谢/感谢); ties at
    /// random".
    pub rule: String,
    pub lang: &'static str,
    pub ties: Ties,
    /// Chance of ending retained or loyal.
    pub keep: f64,
    pub loyal: f64,
    pub lost: f64,
    /// Other rules of the battery that pick exactly alike everywhere.
    pub same_as: usize,
    /// Nodes (file order) where, on some path the rule plays, it picks only best answers while a worse
    /// one is offered: the nodes whose wording feeds the rule.
    #[serde(skip)]
    pub feeding: Vec<usize>,
    /// The same nodes by id.
    pub feeding_nodes: Vec<String>,
}

impl RuleResult {
    /// True when this rule breaks the thresholds against a random player's `random` keep chance: with
    /// randomness, above [`KEEP_SHARE_LIMIT`] or [`KEEP_RATIO_LIMIT`] × random; without, ever keeping
    /// the customer at all.
    pub fn beats(&self, random: f64) -> bool {
        const EPS: f64 = 1e-9;
        match self.ties {
            Ties::Random => self.keep > KEEP_SHARE_LIMIT + EPS || self.keep > KEEP_RATIO_LIMIT * random + EPS,
            Ties::Longest | Ties::Shortest => self.keep > EPS,
        }
    }
}

/// The surface tells of one scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Surface {
    /// A player who picks uniformly at random: chance of keeping the customer, of loyal, of lost.
    pub random_keep: f64,
    pub random_loyal: f64,
    pub random_lost: f64,
    /// Rules played, and how many of them pick differently somewhere.
    pub rules: usize,
    pub distinct: usize,
    /// How many of the distinct rules break the thresholds (with and without randomness).
    pub beating: usize,
    /// Nodes (file order) that feed rules over the limits, with how many such rules each feeds: where
    /// rewording does the most good.
    pub hot_nodes: Vec<(String, usize)>,
    /// The rules with random tie-breaking that keep the customer most often, strongest first (distinct
    /// picks only).
    pub top: Vec<RuleResult>,
    /// Of the rules without randomness, the one that ends best.
    pub deterministic: RuleResult,
}

impl Surface {
    /// The strongest rule with random tie-breaking.
    pub fn strongest(&self) -> &RuleResult {
        &self.top[0]
    }

    /// The rules that break the thresholds: the strongest random one and the best deterministic one,
    /// where they do.
    pub fn offenders(&self) -> Vec<&RuleResult> {
        let mut out: Vec<&RuleResult> = self.top.iter().filter(|r| r.beats(self.random_keep)).take(1).collect();
        if self.deterministic.beats(self.random_keep) {
            out.push(&self.deterministic);
        }
        out
    }

    /// `strongest keep / random keep` (infinite when a random player never keeps the customer).
    pub fn ratio(&self) -> f64 {
        if self.random_keep > 0.0 {
            self.strongest().keep / self.random_keep
        } else if self.strongest().keep > 0.0 {
            f64::INFINITY
        } else {
            0.0
        }
    }
}

/// Counts non-overlapping occurrences of `word` in `text`.
fn count(text: &str, word: &str) -> i32 {
    text.matches(word).count() as i32
}

/// English words, lower-case, with curly apostrophes made straight.
fn tokens(text: &str) -> Vec<String> {
    text.to_lowercase()
        .replace('’', "'")
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|t| !t.is_empty())
        .map(|t| t.trim_matches('\'').to_string())
        .collect()
}

const ZH_NUMERALS: &str = "0123456789０１２３４５６７８９一二三四五六七八九十两半百千万";
const ZH_TIME: &[&str] = &[
    "点", "分钟", "小时", "钟头", "今天", "明天", "昨天", "上午", "下午", "晚上", "早上", "中午", "天", "周", "星期",
    "月", "号",
];
const EN_NUMBERS_AND_TIME: &[&str] = &[
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "hundred",
    "half",
    "hour",
    "hours",
    "minute",
    "minutes",
    "o'clock",
    "today",
    "tomorrow",
    "yesterday",
    "tonight",
    "morning",
    "afternoon",
    "evening",
    "noon",
    "day",
    "days",
    "week",
    "weeks",
    "month",
    "am",
    "pm",
];
const ZH_NEGATIONS: &str = "不没别无未非莫勿";
const EN_NEGATIONS: &[&str] = &[
    "not", "no", "never", "nothing", "none", "nobody", "nowhere", "cannot", "neither", "nor",
];
const EN_POLITE: &[&str] = &["please", "sir", "madam", "ma'am"];
const ZH_TITLES: &[&str] = &["先生", "女士", "小姐", "太太", "阿姨", "老板", "总", "师傅", "大爷"];
const EN_TITLES: &[&str] = &["sir", "madam", "ma'am"];

/// Every feature of one answer in one language.
fn measure(choice: &Choice, lang: usize, features: &[Feature], scenario: &Scenario) -> Vec<i32> {
    let lang_code = [crate::text::Lang::Zh, crate::text::Lang::En][lang];
    let raw = choice.text.get(lang_code);
    let text = raw.to_lowercase();
    let words = tokens(raw);
    let chars = raw.chars().filter(|c| !c.is_whitespace()).count().max(1) as i32;
    let families = cues::families();
    let family = |i: usize| families[i].1.iter().map(|w| count(&text, w)).sum::<i32>();
    let union = |keep: &dyn Fn(Tag) -> bool| {
        (0..families.len())
            .filter(|&i| keep(families[i].0))
            .map(family)
            .sum::<i32>()
    };
    let name = &scenario.customer.name;
    features
        .iter()
        .map(|&f| match f {
            Feature::Family(i) => family(i),
            Feature::GoldenWords => union(&|t| matches!(t, Tag::Applies(p) if Principle::golden_step(p).is_some())),
            Feature::PrincipleWords => union(&|t| matches!(t, Tag::Applies(_))),
            Feature::AntiPatternWords => union(&|t| matches!(t, Tag::Breaks(_))),
            Feature::Politeness if lang == 0 => count(raw, "您") * 1000 / chars,
            Feature::Politeness => {
                let polite = words.iter().filter(|w| EN_POLITE.contains(&w.as_str())).count() as i32;
                polite * 1000 / (words.len().max(1) as i32)
            }
            Feature::You if lang == 0 => count(raw, "您"),
            Feature::You => words
                .iter()
                .filter(|w| matches!(w.as_str(), "you" | "your" | "yours"))
                .count() as i32,
            Feature::Questions => count(raw, "？") + count(raw, "?"),
            Feature::Exclamations => count(raw, "！") + count(raw, "!"),
            Feature::NumbersAndTime if lang == 0 => {
                raw.chars().filter(|c| ZH_NUMERALS.contains(*c)).count() as i32
                    + ZH_TIME.iter().map(|w| count(raw, w)).sum::<i32>()
            }
            Feature::NumbersAndTime => words
                .iter()
                .filter(|w| w.chars().any(|c| c.is_ascii_digit()) || EN_NUMBERS_AND_TIME.contains(&w.as_str()))
                .count() as i32,
            Feature::Negations if lang == 0 => raw.chars().filter(|c| ZH_NEGATIONS.contains(*c)).count() as i32,
            Feature::Negations => words
                .iter()
                .filter(|w| EN_NEGATIONS.contains(&w.as_str()) || w.ends_with("n't"))
                .count() as i32,
            Feature::CustomerName if lang == 0 => {
                let title = ZH_TITLES.iter().find(|t| name.zh.ends_with(*t));
                match title {
                    Some(t) => count(raw, t),
                    None => count(raw, &name.zh).max(0),
                }
            }
            Feature::CustomerName => {
                let full = name.en.to_lowercase();
                let surname = full.split_whitespace().last().unwrap_or("").to_string();
                let by_name = if full.is_empty() { 0 } else { count(&text, &full) };
                let by_surname = words.iter().filter(|w| !surname.is_empty() && **w == surname).count() as i32;
                let by_title = words.iter().filter(|w| EN_TITLES.contains(&w.as_str())).count() as i32;
                by_name.max(by_surname) + by_title
            }
            Feature::Length => chars,
        })
        .collect()
}

/// Every rule of the battery: single keys first, then pairs, each in both languages and with each way
/// of breaking ties (the order in which equally strong rules are named). Pairs are the two a trainee
/// would use: avoid one family, then prefer another ("skip what sounds defensive, then the most golden
/// steps"), and prefer one, else another ("the one that thanks, else the one that apologises"). Length
/// is no key here (the length tells of [`crate::tells`] play it) but breaks ties without randomness.
fn battery(columns: &[Column]) -> Vec<Rule> {
    let keys: Vec<usize> = (0..columns.len())
        .filter(|&f| columns[f].feature != Feature::Length)
        .collect();
    let mut rules = Vec::new();
    for ties in [Ties::Random, Ties::Longest, Ties::Shortest] {
        for lang in 0..2 {
            for &f in &keys {
                for d in [Direction::Most, Direction::Fewest] {
                    rules.push(Rule {
                        lang,
                        keys: vec![(f, d)],
                        ties,
                    });
                }
            }
        }
    }
    for ties in [Ties::Random, Ties::Longest, Ties::Shortest] {
        for lang in 0..2 {
            for &first in &keys {
                for &second in keys.iter().filter(|&&s| s != first) {
                    for d1 in [Direction::Fewest, Direction::Most] {
                        rules.push(Rule {
                            lang,
                            keys: vec![(first, d1), (second, Direction::Most)],
                            ties,
                        });
                    }
                }
            }
        }
    }
    rules
}

/// A node with a set of offered answers: rules pick the same way wherever it recurs.
struct Situation {
    node: usize,
    /// Offered choices (file indices, file order).
    offered: Vec<usize>,
    /// Bit `i` set: offered choice `offered[i]` has the best immediate score among those offered.
    best: u8,
}

/// The picks of a rule at a situation: bit `i` for `offered[i]`.
fn picks(rule: &Rule, situation: &Situation, values: &[Vec<[Vec<i32>; 2]>], length: usize, alphabetical: usize) -> u8 {
    let node = &values[situation.node];
    let offered = &situation.offered;
    let value = |i: usize, f: usize| node[offered[i]][rule.lang][f];
    let mut alive: u8 = ((1u16 << offered.len()) - 1) as u8;
    let members = |alive: u8| (0..offered.len()).filter(move |&i| alive & (1 << i) != 0);
    for &(f, d) in &rule.keys {
        let values = members(alive).map(|i| value(i, f));
        let target = match d {
            Direction::Most => values.max(),
            Direction::Fewest => values.min(),
        };
        alive = members(alive)
            .filter(|&i| Some(value(i, f)) == target)
            .fold(0, |m, i| m | (1 << i));
    }
    // Without randomness: the longest (or shortest), then the first in alphabetical order of the text —
    // never the first in the file, which a trainee never sees (the display is shuffled) and which
    // authors tend to give the best answer. Answers with the very same words stay tied.
    let key = |i: usize| match rule.ties {
        Ties::Longest => (-value(i, length), value(i, alphabetical)),
        _ => (value(i, length), value(i, alphabetical)),
    };
    if rule.ties != Ties::Random {
        let first = members(alive).map(key).min();
        alive = members(alive)
            .filter(|&i| Some(key(i)) == first)
            .fold(0, |m, i| m | (1 << i));
    }
    alive
}

/// Outcome distribution (lost, resolved, retained, loyal) of a policy from every state, and which
/// states it reaches. `policy[s]` is the pick mask at situation `s`; `situation_of[state]`.
fn play(graph: &StateGraph, situation_of: &[usize], policy: &[u8]) -> ([f64; 4], Vec<bool>) {
    let mut value = vec![[0.0f64; 4]; graph.states.len()];
    for &s in graph.order.iter().rev() {
        let state = &graph.states[s as usize];
        let mask = policy[situation_of[s as usize]];
        let mut total = [0.0; 4];
        let mut n = 0.0;
        for (i, &(_, to)) in state.edges.iter().enumerate() {
            if mask & (1 << i) == 0 {
                continue;
            }
            n += 1.0;
            let v = match to {
                To::State(t) => value[t as usize],
                To::End(e) => {
                    let mut v = [0.0; 4];
                    v[graph.ends[e as usize].outcome as usize] = 1.0;
                    v
                }
            };
            for k in 0..4 {
                total[k] += v[k];
            }
        }
        if n > 0.0 {
            for t in &mut total {
                *t /= n;
            }
        }
        value[s as usize] = total;
    }
    let mut reached = vec![false; graph.states.len()];
    if !graph.states.is_empty() {
        reached[0] = true;
    }
    for &s in &graph.order {
        if !reached[s as usize] {
            continue;
        }
        let mask = policy[situation_of[s as usize]];
        for (i, &(_, to)) in graph.states[s as usize].edges.iter().enumerate() {
            if mask & (1 << i) != 0
                && let To::State(t) = to
            {
                reached[t as usize] = true;
            }
        }
    }
    (value.first().copied().unwrap_or([0.0; 4]), reached)
}

/// The surface tells of a scenario, or why its states could not be explored.
pub fn surface_tells(scenario: &Scenario) -> Result<Surface, NoGraph> {
    let graph = StateGraph::build_within(scenario, STATE_LIMIT)?;
    surface(scenario, &graph)
}

/// The surface tells over a built state graph ([`NoGraph::TooLarge`] beyond [`SITUATION_LIMIT`]).
pub fn surface(scenario: &Scenario, graph: &StateGraph) -> Result<Surface, NoGraph> {
    // Picks are bit masks over a node's answers; the validator allows four (more is an error already).
    if scenario.nodes.iter().any(|n| n.choices.len() > 8) {
        return Err(NoGraph::Unplayable);
    }
    let features = Feature::all();
    let columns = Column::all();
    let length = columns
        .iter()
        .position(|c| c.feature == Feature::Length && !c.presence)
        .unwrap_or(0);
    let alphabetical = columns.len();
    // Where each column's count is among the features measured.
    let source: Vec<usize> = columns
        .iter()
        .map(|c| features.iter().position(|&f| f == c.feature).unwrap_or(0))
        .collect();
    // Per node, choice and language: every column, then the text's place in alphabetical order among
    // the node's answers (equal texts share it), for ties broken without randomness.
    let values: Vec<Vec<[Vec<i32>; 2]>> = scenario
        .nodes
        .iter()
        .map(|node| {
            let mut values: Vec<[Vec<i32>; 2]> = node
                .choices
                .iter()
                .map(|c| {
                    [0, 1].map(|lang| {
                        let counts = measure(c, lang, &features, scenario);
                        columns
                            .iter()
                            .zip(&source)
                            .map(|(column, &f)| {
                                if column.presence {
                                    i32::from(counts[f] > 0)
                                } else {
                                    counts[f]
                                }
                            })
                            .collect()
                    })
                })
                .collect();
            for (lang, code) in [crate::text::Lang::Zh, crate::text::Lang::En].into_iter().enumerate() {
                let texts: Vec<&str> = node.choices.iter().map(|c| c.text.get(code)).collect();
                for (i, v) in values.iter_mut().enumerate() {
                    v[lang].push(texts.iter().filter(|t| **t < texts[i]).count() as i32);
                }
            }
            values
        })
        .collect();
    // Situations: each node with each set of offered answers.
    let mut situations: Vec<Situation> = Vec::new();
    let mut index: HashMap<(usize, Vec<usize>), usize> = HashMap::new();
    let situation_of: Vec<usize> = graph
        .states
        .iter()
        .map(|state| {
            let offered: Vec<usize> = state.edges.iter().map(|&(c, _)| c).collect();
            *index.entry((state.node, offered.clone())).or_insert_with(|| {
                let node = &scenario.nodes[state.node];
                let scores: Vec<i32> = offered
                    .iter()
                    .map(|&c| immediate_score(scenario, &node.choices[c]))
                    .collect();
                let top = scores.iter().copied().max().unwrap_or(0);
                let best = scores
                    .iter()
                    .enumerate()
                    .filter(|&(_, &s)| s == top)
                    .fold(0u8, |m, (i, _)| m | (1 << i));
                situations.push(Situation {
                    node: state.node,
                    offered,
                    best,
                });
                situations.len() - 1
            })
        })
        .collect();
    if situations.len() > SITUATION_LIMIT {
        return Err(NoGraph::TooLarge);
    }
    let everything: Vec<u8> = situations
        .iter()
        .map(|s| ((1u16 << s.offered.len()) - 1) as u8)
        .collect();
    let (random, _) = play(graph, &situation_of, &everything);
    let rules = battery(&columns);
    // Rules that pick alike everywhere are played once.
    let mut policies: HashMap<Vec<u8>, (usize, usize)> = HashMap::new();
    let mut order: Vec<Vec<u8>> = Vec::new();
    for (r, rule) in rules.iter().enumerate() {
        let policy: Vec<u8> = situations
            .iter()
            .map(|s| picks(rule, s, &values, length, alphabetical))
            .collect();
        match policies.get_mut(&policy) {
            Some((_, same)) => *same += 1,
            None => {
                policies.insert(policy.clone(), (r, 0));
                order.push(policy);
            }
        }
    }
    let mut results: Vec<RuleResult> = order
        .iter()
        .map(|policy| {
            let (r, same) = policies[policy];
            let rule = &rules[r];
            let (dist, reached) = play(graph, &situation_of, policy);
            // Nodes where the rule, on a path it plays, takes only best answers while a worse is offered.
            let mut feeding: Vec<usize> = Vec::new();
            for (state, &s) in situation_of.iter().enumerate() {
                let situation = &situations[s];
                if reached[state]
                    && situation.best != everything[s]
                    && policy[s] & !situation.best == 0
                    && !feeding.contains(&situation.node)
                {
                    feeding.push(situation.node);
                }
            }
            feeding.sort_unstable();
            RuleResult {
                rule: rule.describe(&columns),
                lang: ["zh", "en"][rule.lang],
                ties: rule.ties,
                keep: dist[Outcome::Retained as usize] + dist[Outcome::Loyal as usize],
                loyal: dist[Outcome::Loyal as usize],
                lost: dist[Outcome::Lost as usize],
                same_as: same,
                feeding_nodes: feeding.iter().map(|&n| scenario.nodes[n].id.clone()).collect(),
                feeding,
            }
        })
        .collect();
    let distinct = results.len();
    let random_keep = random[Outcome::Retained as usize] + random[Outcome::Loyal as usize];
    let beating = results.iter().filter(|r| r.beats(random_keep)).count();
    let mut feeds = vec![0usize; scenario.nodes.len()];
    for r in results.iter().filter(|r| r.beats(random_keep)) {
        for &n in &r.feeding {
            feeds[n] += 1;
        }
    }
    let hot_nodes = feeds
        .iter()
        .enumerate()
        .filter(|&(_, &k)| k > 0)
        .map(|(n, &k)| (scenario.nodes[n].id.clone(), k))
        .collect();
    let strength = |r: &RuleResult| (r.keep, r.loyal, -r.lost);
    // The first of the strongest (the simpler rule among equals).
    let mut deterministic: Option<&RuleResult> = None;
    for r in results.iter().filter(|r| r.ties != Ties::Random) {
        if deterministic.is_none_or(|d| strength(r) > strength(d)) {
            deterministic = Some(r);
        }
    }
    let deterministic = deterministic.unwrap_or(&results[0]).clone();
    results.retain(|r| r.ties == Ties::Random);
    // Strongest first; among equals the rule generated first (the simpler).
    results.sort_by(|a, b| {
        strength(b)
            .partial_cmp(&strength(a))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    results.truncate(TOP);
    Ok(Surface {
        random_keep,
        random_loyal: random[Outcome::Loyal as usize],
        random_lost: random[Outcome::Lost as usize],
        rules: rules.len(),
        distinct,
        beating,
        hot_nodes,
        top: results,
        deterministic,
    })
}

/// The `check` warnings for a scenario read from `text` at `file`: one per rule that breaks the
/// thresholds (the strongest with random ties, the best without randomness), placed at the first node
/// that feeds it and naming every such node with its line and column. Not part of
/// [`crate::validate`]: the battery is the one check too slow to run on every load (the game loads
/// every case at start-up), so `goodwill check` and the authors' tools call it.
pub fn diagnostics(scenario: &Scenario, file: &std::path::Path, text: &str) -> Vec<crate::Diagnostic> {
    let surface = match surface_tells(scenario) {
        Ok(surface) => surface,
        Err(NoGraph::TooLarge) => {
            return vec![crate::Diagnostic::warning(
                file,
                None,
                format!(
                    "more than {STATE_LIMIT} states or {SITUATION_LIMIT} situations in the conversation: the rules that read only the answers' words (surface tells) were not played"
                ),
            )];
        }
        Err(NoGraph::Unplayable) => return Vec::new(),
    };
    let positions = crate::locate::node_positions(scenario, text);
    surface
        .offenders()
        .into_iter()
        .map(|rule| {
            let nodes: Vec<String> = rule
                .feeding
                .iter()
                .map(|&n| {
                    let (id, line, column) = &positions[n];
                    format!("`{id}` ({line}:{column})")
                })
                .collect();
            let at = rule
                .feeding
                .first()
                .map(|&n| (positions[n].1, positions[n].2))
                .filter(|&(line, _)| line > 0);
            let how = match rule.ties {
                Ties::Random => format!(
                    "keeps the customer (retained or loyal) in {:.1} % of plays, against {:.1} % for a random player (limits: {:.0} % and {KEEP_RATIO_LIMIT}× random)",
                    rule.keep * 100.0,
                    surface.random_keep * 100.0,
                    KEEP_SHARE_LIMIT * 100.0,
                ),
                Ties::Longest | Ties::Shortest => format!(
                    "keeps the customer (retained or loyal) with no randomness at all (a random player: {:.1} %)",
                    surface.random_keep * 100.0
                ),
            };
            crate::Diagnostic::warning(
                file,
                at,
                format!(
                    "the words are a tell: “{}”, reading only the answers, {how}; it picks only best answers at {}: give wrong answers there the same words in the wrong place (an apology wrapped round an excuse, thanks that brush off, a policy read out with 抱歉) and let some right answers be plain",
                    rule.rule,
                    if nodes.is_empty() { "no node".to_string() } else { nodes.join(", ") }
                ),
            )
        })
        .collect()
}
