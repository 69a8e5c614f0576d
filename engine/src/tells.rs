//! Shortcuts a trainee could score with without reading the case: does the longest line tend to be the
//! best one, and how far does "always pick the longest" get? (Position is no tell: choices are shown in
//! an order drawn from the seed, see [`crate::session`].)
//!
//! The best choices of a node are those with the highest immediate score
//! ([`crate::account::immediate_score`]; ties count as best).

use std::sync::Arc;

use serde::Serialize;

use crate::account::{AccountState, Move, Outcome, immediate_score};
use crate::graph::ChoiceTargets;
use crate::schema::{Choice, Scenario};

/// Above this share of nodes, "the longest line is the best" is a tell worth a warning.
pub const LONGEST_IS_BEST_LIMIT: f64 = 0.40;

/// The length tell in one language.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LengthTell {
    /// Nodes whose (unique) longest line is among their best choices.
    pub longest_is_best: usize,
    /// Nodes with at least two choices.
    pub nodes: usize,
    /// Where "always pick the longest offered line" ends (seed 0).
    pub always_longest: Outcome,
    pub always_longest_balance: i32,
    /// The nodes (file order) whose unique longest line is among their best: where the tell is made.
    #[serde(skip)]
    pub where_longest_is_best: Vec<usize>,
}

impl LengthTell {
    pub fn share(&self) -> f64 {
        if self.nodes == 0 {
            0.0
        } else {
            self.longest_is_best as f64 / self.nodes as f64
        }
    }

    /// True when a trainee could do well by length alone.
    pub fn is_a_tell(&self) -> bool {
        self.share() > LONGEST_IS_BEST_LIMIT || self.always_longest >= Outcome::Retained
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tells {
    pub zh: LengthTell,
    pub en: LengthTell,
    /// The best outcome any fixed length rank reaches ("always the 2nd longest", "always the
    /// shortest", …, in either language), with the strategy that reaches it.
    pub best_rank: RankTell,
}

/// A fixed length-rank strategy and where it ends.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RankTell {
    /// e.g. "zh, always the 2nd longest".
    pub strategy: String,
    pub outcome: Outcome,
    pub balance: i32,
    /// The nodes on this strategy's walk where its pick was among the best choices: the nodes that make
    /// the tell.
    #[serde(skip)]
    pub where_it_picks_best: Vec<usize>,
}

impl RankTell {
    /// True when picking by length rank alone keeps the customer.
    pub fn is_a_tell(&self) -> bool {
        self.outcome >= Outcome::Retained
    }
}

/// A choice's length in Chinese and in English: characters other than whitespace. As `Text::get`, a
/// blank language (nothing but whitespace) counts as the other. Both strings are read once, in one pass
/// over the choices (on a large file, reaching the strings is what costs).
fn lengths_of(choice: &Choice) -> (usize, usize) {
    let count = |s: &str| s.chars().filter(|c| !c.is_whitespace()).count();
    let (zh, en) = (count(&choice.text.zh), count(&choice.text.en));
    match (zh, en) {
        (0, en) => (en, en),
        (zh, 0) => (zh, zh),
        both => both,
    }
}

/// In [`Lengths::next`]: the choice ends the conversation.
const END: u32 = u32::MAX;

/// Every choice's length in each language and its immediate score, worked out once and used by every
/// strategy: flat tables for all choices (node `n`'s are `at[n]..at[n + 1]`), so a large file costs a
/// few vectors, not a few a node.
struct Lengths<'s> {
    at: Vec<usize>,
    zh: Vec<u32>,
    en: Vec<u32>,
    scores: Vec<i32>,
    /// What each choice does to the account, for the walks.
    moves: Vec<Move<'s>>,
    /// Per node: some choice has a condition (else all are always offered).
    conditional: Vec<bool>,
    /// Where each choice leads, flat like the rest ([`END`] for an end; a quarter of the room of
    /// `Option<usize>` on a large file).
    next: Vec<u32>,
}

impl<'s> Lengths<'s> {
    fn new(scenario: &'s Scenario, targets: &ChoiceTargets) -> Self {
        let choices: usize = scenario.nodes.iter().map(|n| n.choices.len()).sum();
        let mut lengths = Lengths {
            at: Vec::with_capacity(scenario.nodes.len() + 1),
            zh: Vec::with_capacity(choices),
            en: Vec::with_capacity(choices),
            scores: Vec::with_capacity(choices),
            moves: Vec::with_capacity(choices),
            conditional: Vec::with_capacity(scenario.nodes.len()),
            next: targets
                .iter()
                .flatten()
                .map(|t| t.and_then(|n| u32::try_from(n).ok()).unwrap_or(END))
                .collect(),
        };
        lengths.at.push(0);
        for node in &scenario.nodes {
            for choice in &node.choices {
                let (zh, en) = lengths_of(choice);
                lengths.zh.push(u32::try_from(zh).unwrap_or(u32::MAX));
                lengths.en.push(u32::try_from(en).unwrap_or(u32::MAX));
                lengths.scores.push(immediate_score(scenario, choice));
                lengths.moves.push(Move::of(choice));
            }
            lengths.at.push(lengths.zh.len());
            lengths
                .conditional
                .push(node.choices.iter().any(|c| !c.when.is_empty()));
        }
        lengths
    }

    /// The lengths of node `node`'s choices in language `lang` (0: Chinese, 1: English).
    fn of(&self, lang: usize, node: usize) -> &[u32] {
        let all = if lang == 0 { &self.zh } else { &self.en };
        &all[self.at[node]..self.at[node + 1]]
    }

    /// The immediate scores of node `node`'s choices.
    fn scores(&self, node: usize) -> &[i32] {
        &self.scores[self.at[node]..self.at[node + 1]]
    }
}

fn length_tell(scenario: &Scenario, lengths: &Lengths, lang: usize, always_longest: (Outcome, i32)) -> LengthTell {
    let mut tell = LengthTell {
        longest_is_best: 0,
        nodes: 0,
        always_longest: always_longest.0,
        always_longest_balance: always_longest.1,
        where_longest_is_best: Vec::new(),
    };
    for (n, _) in scenario.nodes.iter().enumerate().filter(|(_, n)| n.choices.len() >= 2) {
        tell.nodes += 1;
        let scores = lengths.scores(n);
        let lengths = lengths.of(lang, n);
        let best = scores.iter().copied().max().unwrap_or(0);
        let longest = lengths.iter().copied().max().unwrap_or(0);
        let mut longest_choices = (0..lengths.len()).filter(|&i| lengths[i] == longest);
        if let (Some(only), None) = (longest_choices.next(), longest_choices.next())
            && scores[only] == best
        {
            tell.longest_is_best += 1;
            tell.where_longest_is_best.push(n);
        }
    }
    tell
}

/// One fixed length-rank strategy: at every node, pick the offered line of length rank `rank` (0 =
/// longest, or shortest when `longest` is false; clamped to the choices offered), by the lengths of
/// language `lang` (0: Chinese, 1: English). Ties go to the later line in the file.
#[derive(Debug, Clone, Copy)]
struct Strategy {
    lang: usize,
    rank: usize,
    longest: bool,
}

impl Strategy {
    /// The choice this strategy picks, given the offered choices of the node sorted by (length in its
    /// language, file order), shortest first.
    fn pick(&self, ascending: &[usize]) -> Option<usize> {
        let last = ascending.len().checked_sub(1)?;
        let rank = self.rank.min(last);
        Some(if self.longest {
            ascending[last - rank]
        } else {
            ascending[rank]
        })
    }
}

/// Plays every strategy to its end and returns (outcome, final balance) for each, in order, scored on
/// the account alone, exactly as a session scores it, without building a transcript.
///
/// The strategies are played in step: those that have picked the same lines so far share one account
/// state and one walk, and split only where their picks differ. Many strategies pick alike (a node with
/// three choices gives the 3rd and 4th rank the same line; Chinese and English often rank lines the same
/// way), so a large file is walked a few times instead of once per strategy.
fn play_by_ranks(scenario: &Scenario, lengths: &Lengths, strategies: &[Strategy]) -> Vec<(Outcome, i32)> {
    struct Walk {
        state: AccountState,
        node: Option<usize>,
        members: Vec<usize>,
    }
    let mut results = vec![(Outcome::Lost, 0); strategies.len()];
    let start = scenario.nodes.iter().position(|n| n.id == scenario.start);
    let mut walks = vec![Walk {
        state: AccountState::new(scenario),
        node: start,
        members: (0..strategies.len()).collect(),
    }];
    let (mut offered, mut orders, mut entries) = (Vec::new(), [Vec::new(), Vec::new()], Vec::new());
    let mut picks: Vec<(Option<usize>, usize)> = Vec::new();
    // A validated scenario has no loop; the bound keeps an unvalidated one from spinning.
    for _ in 0..=scenario.nodes.len() {
        if walks.is_empty() {
            break;
        }
        let mut next_walks = Vec::with_capacity(walks.len());
        for mut walk in walks {
            let Some(at) = walk.node else {
                walk.state.settle(scenario);
                for &m in &walk.members {
                    results[m] = (walk.state.outcome(), walk.state.balance);
                }
                continue;
            };
            if lengths.conditional[at] {
                walk.state.offered_into(scenario, at, &mut offered);
            } else {
                offered.clear();
                offered.extend(0..lengths.at[at + 1] - lengths.at[at]);
            }
            // The offered choices ordered by length in each language, sorted once for all the strategies.
            for (lang, order) in orders.iter_mut().enumerate() {
                let lengths = lengths.of(lang, at);
                order.clear();
                order.extend_from_slice(&offered);
                order.sort_by_key(|&i| (lengths[i], i));
            }
            picks.clear();
            picks.extend(
                walk.members
                    .iter()
                    .map(|&m| (strategies[m].pick(&orders[strategies[m].lang]), m)),
            );
            // Usually every member picks alike: the walk goes on as it is, without regrouping.
            if picks.iter().all(|&(pick, _)| pick == picks[0].0) {
                walk.node = step(scenario, lengths, &mut walk.state, at, picks[0].0, &mut entries);
                next_walks.push(walk);
                continue;
            }
            // Group the members by pick, keeping the first-seen order of picks.
            picks.sort_by_key(|&(pick, _)| pick);
            let mut groups: Vec<(Option<usize>, Vec<usize>)> = Vec::new();
            for &(pick, m) in &picks {
                match groups.last_mut() {
                    Some((p, members)) if *p == pick => members.push(m),
                    _ => groups.push((pick, vec![m])),
                }
            }
            for (pick, members) in groups {
                let mut state = walk.state.clone();
                let node = step(scenario, lengths, &mut state, at, pick, &mut entries);
                next_walks.push(Walk { state, node, members });
            }
        }
        walks = next_walks;
    }
    // Walks cut off by the bound end where they stand.
    for mut walk in walks {
        walk.state.settle(scenario);
        for &m in &walk.members {
            results[m] = (walk.state.outcome(), walk.state.balance);
        }
    }
    results
}

/// Applies `pick` at node `at` and returns where the walk goes next (`None`: it ends; nothing was
/// offered, the conversation ended, or the account closed).
fn step(
    scenario: &Scenario,
    lengths: &Lengths,
    state: &mut AccountState,
    at: usize,
    pick: Option<usize>,
    entries: &mut Vec<crate::account::Entry>,
) -> Option<usize> {
    let pick = pick?;
    entries.clear();
    let choice = lengths.at[at] + pick;
    state.apply_move_into(scenario, &lengths.moves[choice], None, entries);
    let next = lengths.next[choice];
    (next != END && !state.closed).then_some(next as usize)
}

/// Every fixed strategy, languages first, then longest before shortest, then rank (the order the best
/// is chosen in, so ties go to the first as before).
fn strategies() -> Vec<Strategy> {
    let mut all = Vec::new();
    for lang in 0..2 {
        for longest in [true, false] {
            for rank in 0..4 {
                all.push(Strategy { lang, rank, longest });
            }
        }
    }
    all
}

fn best_rank(
    scenario: &Scenario,
    lengths: &Lengths,
    codes: [&str; 2],
    strategies: &[Strategy],
    results: &[(Outcome, i32)],
) -> RankTell {
    let mut best = RankTell {
        strategy: String::new(),
        outcome: Outcome::Lost,
        balance: i32::MIN,
        where_it_picks_best: Vec::new(),
    };
    let mut best_strategy = None;
    for (strategy, &(outcome, balance)) in strategies.iter().zip(results) {
        if balance > best.balance {
            let ordinal = ["", "2nd ", "3rd ", "4th "][strategy.rank];
            let which = if strategy.longest { "longest" } else { "shortest" };
            best = RankTell {
                strategy: format!("{}, always the {ordinal}{which}", codes[strategy.lang]),
                outcome,
                balance,
                where_it_picks_best: Vec::new(),
            };
            best_strategy = Some(*strategy);
        }
    }
    if best.is_a_tell()
        && let Some(strategy) = best_strategy
    {
        best.where_it_picks_best = picks_best_along(scenario, lengths, strategy);
    }
    best
}

/// Walks one strategy alone and lists the nodes where its pick is among the node's best choices.
fn picks_best_along(scenario: &Scenario, lengths: &Lengths, strategy: Strategy) -> Vec<usize> {
    let mut state = AccountState::new(scenario);
    let mut node = scenario.nodes.iter().position(|n| n.id == scenario.start);
    let (mut offered, mut order, mut entries, mut found) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for _ in 0..=scenario.nodes.len() {
        let Some(at) = node else { break };
        state.offered_into(scenario, at, &mut offered);
        let of_lang = lengths.of(strategy.lang, at);
        order.clear();
        order.extend_from_slice(&offered);
        order.sort_by_key(|&i| (of_lang[i], i));
        let pick = strategy.pick(&order);
        let scores = lengths.scores(at);
        let best = offered.iter().map(|&i| scores[i]).max();
        if offered.len() >= 2 && pick.is_some_and(|p| Some(scores[p]) == best) {
            found.push(at);
        }
        node = step(scenario, lengths, &mut state, at, pick, &mut entries);
    }
    found
}

/// The length tells of a validated scenario, in both languages.
pub fn tells(scenario: &Arc<Scenario>) -> Tells {
    tells_with_targets(scenario, crate::graph::choice_targets(scenario))
}

/// [`tells`], with the choice targets the caller already resolved (the validator has them). They are
/// taken, and freed once copied into the walks' flat tables: on a large file the peak memory counts.
pub fn tells_with_targets(scenario: &Scenario, targets: ChoiceTargets) -> Tells {
    let lengths = Lengths::new(scenario, &targets);
    drop(targets);
    let strategies = strategies();
    let results = play_by_ranks(scenario, &lengths, &strategies);
    // "Always the longest" in each language is the rank-0 longest strategy of that language.
    let longest = |lang: usize| {
        strategies
            .iter()
            .position(|s| s.lang == lang && s.rank == 0 && s.longest)
            .map_or((Outcome::Lost, 0), |i| results[i])
    };
    Tells {
        zh: length_tell(scenario, &lengths, 0, longest(0)),
        en: length_tell(scenario, &lengths, 1, longest(1)),
        best_rank: best_rank(scenario, &lengths, ["zh", "en"], &strategies, &results),
    }
}
