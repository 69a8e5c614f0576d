//! Shortcuts a trainee could score with without reading the case: does the longest line tend to be the
//! best one, and how far does "always pick the longest" get? (Position is no tell: choices are shown in
//! an order drawn from the seed, see [`crate::session`].)
//!
//! A choice's *immediate score* is what it does to the account before the model's adjustments: its
//! `effect`, plus the value of the promises it keeps, less twice the value of those it breaks. The best
//! choices of a node are those with the highest immediate score (ties count as best).

use std::sync::Arc;

use serde::Serialize;

use crate::account::AccountState;
use crate::account::{BROKEN_PROMISE_FACTOR, Outcome};
use crate::schema::{Choice, Scenario};
use crate::session::ChoiceTargets;
use crate::text::Lang;

/// Above this share of nodes, "the longest line is the best" is a tell worth a warning.
pub const LONGEST_IS_BEST_LIMIT: f64 = 0.40;

/// The length tell in one language.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LengthTell {
    /// Nodes whose (unique) longest line is among their best choices.
    pub longest_is_best: usize,
    /// Nodes with at least two choices.
    pub nodes: usize,
    /// Where "always pick the longest offered line" ends (seed 0).
    pub always_longest: Outcome,
    pub always_longest_balance: i32,
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
}

impl RankTell {
    /// True when picking by length rank alone keeps the customer.
    pub fn is_a_tell(&self) -> bool {
        self.outcome >= Outcome::Retained
    }
}

/// What a choice does to the account before repetition, interest or sincerity.
pub fn immediate_score(scenario: &Scenario, choice: &Choice) -> i32 {
    // Saturating: a file's numbers are checked by the validator, but nothing here may overflow first.
    let value = |id: &String| scenario.promise(id).map_or(0, |p| p.value);
    let kept = choice.keeps.iter().map(value).fold(0i32, i32::saturating_add);
    let broken = choice.breaks_promises.iter().map(value).fold(0i32, i32::saturating_add);
    choice
        .effect
        .saturating_add(kept)
        .saturating_sub(BROKEN_PROMISE_FACTOR.saturating_mul(broken))
}

fn length(choice: &Choice, lang: Lang) -> usize {
    choice.text.get(lang).chars().filter(|c| !c.is_whitespace()).count()
}

/// Every choice's length, per node, in one language: counted once, used by every strategy.
type Lengths = Vec<Vec<usize>>;

fn lengths(scenario: &Scenario, lang: Lang) -> Lengths {
    scenario
        .nodes
        .iter()
        .map(|n| n.choices.iter().map(|c| length(c, lang)).collect())
        .collect()
}

fn length_tell(scenario: &Scenario, targets: &ChoiceTargets, lengths: &Lengths) -> LengthTell {
    let mut tell = LengthTell {
        longest_is_best: 0,
        nodes: 0,
        always_longest: Outcome::Lost,
        always_longest_balance: 0,
    };
    for (node, lengths) in scenario.nodes.iter().zip(lengths).filter(|(n, _)| n.choices.len() >= 2) {
        tell.nodes += 1;
        let scores: Vec<i32> = node.choices.iter().map(|c| immediate_score(scenario, c)).collect();
        let best = scores.iter().copied().max().unwrap_or(0);
        let longest = lengths.iter().copied().max().unwrap_or(0);
        let mut longest_choices = (0..lengths.len()).filter(|&i| lengths[i] == longest);
        if let (Some(only), None) = (longest_choices.next(), longest_choices.next())
            && scores[only] == best
        {
            tell.longest_is_best += 1;
        }
    }
    (tell.always_longest, tell.always_longest_balance) = play_by_rank(scenario, targets, lengths, 0, true);
    tell
}

/// Plays picking, at every node, the offered line of length rank `rank` (0 = longest, or shortest when
/// `longest` is false; clamped to the choices offered). Ties go to the later line in the file. Scored
/// on the account alone, exactly as a session scores it, without building a transcript.
fn play_by_rank(
    scenario: &Scenario,
    targets: &ChoiceTargets,
    lengths: &Lengths,
    rank: usize,
    longest: bool,
) -> (Outcome, i32) {
    let mut state = AccountState::new(scenario);
    let mut node = scenario.nodes.iter().position(|n| n.id == scenario.start);
    // A validated scenario has no loop; the bound keeps an unvalidated one from spinning.
    for _ in 0..=scenario.nodes.len() {
        let Some(at) = node else { break };
        let mut offered = state.offered(scenario, at);
        offered.sort_by_key(|&i| (lengths[at][i], i));
        if longest {
            offered.reverse();
        }
        let Some(&pick) = offered.get(rank).or(offered.last()) else {
            break;
        };
        state.apply_choice(scenario, at, pick, None);
        node = targets[at][pick].filter(|_| !state.closed);
    }
    state.settle(scenario);
    (state.outcome(), state.balance)
}

fn best_rank(scenario: &Scenario, targets: &ChoiceTargets, by_lang: &[(&str, &Lengths); 2]) -> RankTell {
    let mut best = RankTell {
        strategy: String::new(),
        outcome: Outcome::Lost,
        balance: i32::MIN,
    };
    for (code, lengths) in by_lang {
        for longest in [true, false] {
            for rank in 0..4 {
                let (outcome, balance) = play_by_rank(scenario, targets, lengths, rank, longest);
                if balance > best.balance {
                    let ordinal = ["", "2nd ", "3rd ", "4th "][rank];
                    let which = if longest { "longest" } else { "shortest" };
                    best = RankTell {
                        strategy: format!("{code}, always the {ordinal}{which}"),
                        outcome,
                        balance,
                    };
                }
            }
        }
    }
    best
}

/// The length tells of a validated scenario, in both languages.
pub fn tells(scenario: &Arc<Scenario>) -> Tells {
    let targets = crate::graph::choice_targets(scenario);
    let (zh, en) = (lengths(scenario, Lang::Zh), lengths(scenario, Lang::En));
    Tells {
        zh: length_tell(scenario, &targets, &zh),
        en: length_tell(scenario, &targets, &en),
        best_rank: best_rank(scenario, &targets, &[("zh", &zh), ("en", &en)]),
    }
}
