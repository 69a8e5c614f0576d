//! Accuracy: how well each decision kept the best ending in reach, as a chess game review marks moves.
//!
//! The outcome is the customer's fate; accuracy is the trainee's judgement. A mistake followed by the
//! best answers can still end loyal (the balance stops at 100), so the outcome alone cannot tell a
//! flawless handling from a recovered blunder. Accuracy can.
//!
//! * **Loss of a decision.** The best final balance still reachable from the state the decision was made
//!   in (node, balance, repeats, promises), less the best still reachable from the state it left. Both
//!   are exact: every continuation is played under the real rules (conditions, promises settled at the
//!   end, an overdrawn account closing on the spot), memoised on the whole state. A loss is never below 0.
//!   In a pair exercise the sincerity rating is part of the state it left, so a best line said without
//!   sincerity loses what the rating cost.
//! * **Final balance without the ceiling.** The balance stops at 100, so two states that can both still
//!   climb past 100 would look equally good and a blunder early in a strong run would cost nothing. The
//!   reckoning therefore counts, beside the final balance, every deposit the ceiling swallows from the
//!   decision on. Every path still plays exactly as the game (conditions and interest read the real,
//!   capped balance); the extra points only measure what a decision gave away and are never shown as a
//!   balance.
//! * **Classes** ([`Class::of`]): best (0 points lost), good (1–[`GOOD_MAX`]), inaccuracy (up to
//!   [`INACCURACY_MAX`]), mistake (up to [`MISTAKE_MAX`]), blunder (more).
//! * **Accuracy of an attempt** ([`accuracy_percent`]): each decision scores `100 × 0.5^(loss / 10)`
//!   ([`HALF_LOSS`]), so giving away 10 points scores 50. The accuracy is half the plain mean of the
//!   scores and half their harmonic mean, rounded to a whole percent: one blunder weighs more than its
//!   share of the steps (as in an online chess review). A flawless attempt scores 100.
//!
//! These are this game's own rules, not a claim of the documents.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};

use crate::account::AccountState;
use crate::graph::{self, ChoiceTargets};
use crate::schema::Scenario;
use crate::text::{Bilingual, t};

/// Largest loss (points of final balance) still classed "good".
pub const GOOD_MAX: i32 = 3;
/// Largest loss still classed an "inaccuracy".
pub const INACCURACY_MAX: i32 = 9;
/// Largest loss still classed a "mistake"; more is a "blunder".
pub const MISTAKE_MAX: i32 = 19;
/// A decision that gives away this many points counts 50 % in the accuracy.
pub const HALF_LOSS: f64 = 10.0;
/// Most states the reckoning explores for one scenario before it gives up (accuracy then unknown). The
/// shipped cases need a few hundred; synthetic files of thousands of nodes would need astronomically
/// many.
pub const STATE_BUDGET: usize = 100_000;

/// How a decision is classed by the points of final balance it gave away.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Class {
    Best,
    Good,
    Inaccuracy,
    Mistake,
    Blunder,
}

impl Class {
    pub const ALL: [Class; 5] = [
        Class::Best,
        Class::Good,
        Class::Inaccuracy,
        Class::Mistake,
        Class::Blunder,
    ];

    /// The class of a decision that gave away `loss` points (see the module docs for the thresholds).
    pub fn of(loss: i32) -> Class {
        match loss {
            i32::MIN..=0 => Class::Best,
            1..=GOOD_MAX => Class::Good,
            _ if loss <= INACCURACY_MAX => Class::Inaccuracy,
            _ if loss <= MISTAKE_MAX => Class::Mistake,
            _ => Class::Blunder,
        }
    }

    pub fn label(self) -> Bilingual {
        match self {
            Class::Best => t("最佳", "Best"),
            Class::Good => t("良好", "Good"),
            Class::Inaccuracy => t("欠妥", "Inaccuracy"),
            Class::Mistake => t("失误", "Mistake"),
            Class::Blunder => t("大错", "Blunder"),
        }
    }

    /// A short mark beside the word, as a chess review writes them (never ★, which the debrief uses for an
    /// option's best immediate score).
    pub fn mark(self) -> &'static str {
        match self {
            Class::Best => "✓✓",
            Class::Good => "✓",
            Class::Inaccuracy => "?!",
            Class::Mistake => "?",
            Class::Blunder => "??",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Class::Best => "best",
            Class::Good => "good",
            Class::Inaccuracy => "inaccuracy",
            Class::Mistake => "mistake",
            Class::Blunder => "blunder",
        }
    }
}

/// One decision's review: the points of best reachable final balance it gave away, and its class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepReview {
    pub loss: i32,
    pub class: Class,
}

impl StepReview {
    pub fn of(loss: i32) -> StepReview {
        let loss = loss.max(0);
        StepReview {
            loss,
            class: Class::of(loss),
        }
    }

    /// This decision's share of an attempt's accuracy, 0–100 (see the module docs).
    pub fn score(self) -> f64 {
        100.0 * 0.5f64.powf(f64::from(self.loss.max(0)) / HALF_LOSS)
    }
}

/// An attempt's accuracy in whole percent: half the plain mean of its decisions' scores, half their
/// harmonic mean (each score counted at least 1), so one blunder weighs more than its share of the
/// steps, as an online chess review's accuracy does. `None` when there is no decision or any decision's
/// review is unknown.
pub fn accuracy_percent(reviews: impl IntoIterator<Item = Option<StepReview>>) -> Option<u8> {
    let mut sum = 0.0;
    let mut inverse = 0.0;
    let mut count = 0u32;
    for review in reviews {
        let score = review?.score();
        sum += score;
        inverse += 1.0 / score.max(1.0);
        count += 1;
    }
    if count == 0 {
        return None;
    }
    let n = f64::from(count);
    let blended = (sum / n + n / inverse) / 2.0;
    Some(blended.round().clamp(0.0, 100.0) as u8)
}

/// The rules of accuracy as the trainee reads them (the debrief's rules and the glossary).
pub fn rules() -> Bilingual {
    t(
        "本游戏的规则（不是文件原话）：准确度看判断，不看结局。每一步都算出“从这一刻起最好能得到的最终余额”（不设 100 的上限），这一步让它少了几分就是这一步的失分：0 分为最佳，1–3 分良好，4–9 分欠妥，10–19 分失误，20 分以上大错。每一步得 100 × 0.5^（失分 ÷ 10）；准确度一半取各步得分的平均数，一半取调和平均数，所以一次大错的分量比它所占的步数更重。犯了大错再挽回，结局可能仍是忠诚客户，准确度却会明显更低。",
        "A rule of this game (not a claim of the documents): accuracy judges the decisions, not the ending. At every step the game works out the best final balance still reachable (counted without the 100 ceiling); what your answer took off it is the step's loss: 0 points is best, 1–3 good, 4–9 an inaccuracy, 10–19 a mistake, 20 or more a blunder. Each step scores 100 × 0.5^(loss ÷ 10); accuracy is half the plain mean of the steps' scores and half their harmonic mean, so one blunder weighs more than its share of the steps. A blunder well recovered can still end loyal, but with a clearly lower accuracy.",
    )
}

/// A state the reckoning explores: the node arrived at and the account on arrival.
type Key = (usize, AccountState);

/// Deeper than this the reckoning gives up (accuracy unknown) rather than risk the stack: the shipped
/// cases are a dozen decisions deep.
pub const MAX_DEPTH: usize = 256;

/// Best reachable final balances, memoised on (node, state), shared by every session of one scenario
/// that is handed the same judge (the analyser's random runs share one).
#[derive(Debug)]
pub struct Judge {
    targets: Arc<ChoiceTargets>,
    memo: Mutex<Memo>,
}

#[derive(Debug, Default)]
struct Memo {
    /// Best reckoning value from a node on arrival with a state: the final balance plus every deposit the
    /// ceiling swallows from there on.
    best: HashMap<Key, i64>,
    /// Set once the budget ran out: every later question is answered "unknown".
    gave_up: bool,
}

impl Judge {
    pub fn new(scenario: &Scenario) -> Judge {
        Judge::with_targets(Arc::new(graph::choice_targets(scenario)))
    }

    /// A judge using choice targets resolved once for the scenario.
    pub fn with_targets(targets: Arc<ChoiceTargets>) -> Judge {
        Judge {
            targets,
            memo: Mutex::new(Memo::default()),
        }
    }

    pub fn targets(&self) -> &Arc<ChoiceTargets> {
        &self.targets
    }

    /// How many (node, state) pairs have been reckoned so far (benchmarks and tests print it).
    pub fn states(&self) -> usize {
        self.memo
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .best
            .len()
    }

    /// The review of choosing `choice` at node `node` in state `before`, which left the account in
    /// `after` (as the session scored it, sincerity included) with `swallowed` points of deposits lost to
    /// the ceiling. `None` when the reckoning ran out of budget.
    pub fn review(
        &self,
        scenario: &Scenario,
        node: usize,
        choice: usize,
        before: &AccountState,
        after: &AccountState,
        swallowed: i32,
    ) -> Option<StepReview> {
        let mut memo = self.memo.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let mut walk = Walk {
            scenario,
            targets: &self.targets,
            memo: &mut memo,
            entries: Vec::new(),
        };
        let best = walk.best(node, before, 0)?;
        let taken = walk
            .after(node, choice, after, 0)?
            .saturating_add(i64::from(swallowed.max(0)));
        let loss = best.saturating_sub(taken).clamp(0, i64::from(i32::MAX));
        Some(StepReview::of(loss as i32))
    }

    /// The best reckoning value reachable on arrival at `node` in `state` (the final balance plus what
    /// the ceiling swallows on the way); `None` when the reckoning ran out of budget.
    pub fn best(&self, scenario: &Scenario, node: usize, state: &AccountState) -> Option<i64> {
        let mut memo = self.memo.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        Walk {
            scenario,
            targets: &self.targets,
            memo: &mut memo,
            entries: Vec::new(),
        }
        .best(node, state, 0)
    }
}

/// What the ceiling swallowed of a move that took the balance from `before` to `after` through `entries`:
/// the entries' full amounts less what the balance really moved.
pub fn swallowed(before: i32, after: i32, entries: &[crate::account::Entry]) -> i32 {
    let intended = entries.iter().map(|e| i64::from(e.delta)).sum::<i64>();
    (intended - (i64::from(after) - i64::from(before))).clamp(0, i64::from(i32::MAX)) as i32
}

struct Walk<'a> {
    scenario: &'a Scenario,
    targets: &'a ChoiceTargets,
    memo: &'a mut Memo,
    /// A buffer for the entries of each move tried.
    entries: Vec<crate::account::Entry>,
}

impl Walk<'_> {
    /// Best reckoning value arriving at `node` in `state`; `None` once over budget.
    fn best(&mut self, node: usize, state: &AccountState, depth: usize) -> Option<i64> {
        if self.memo.gave_up {
            return None;
        }
        let key = (node, state.clone());
        if let Some(&known) = self.memo.best.get(&key) {
            return Some(known);
        }
        if self.memo.best.len() >= STATE_BUDGET || depth > MAX_DEPTH {
            self.memo.gave_up = true;
            return None;
        }
        let offered = state.offered(self.scenario, node);
        let value = if offered.is_empty() {
            // A node offering nothing ends the run (only in unvalidated files), as the session does.
            settled(self.scenario, state.clone())
        } else {
            let mut best = i64::MIN;
            for choice in offered {
                let mut next = state.clone();
                self.entries.clear();
                let mut entries = std::mem::take(&mut self.entries);
                next.apply_choice_into(self.scenario, node, choice, None, &mut entries);
                let lost = swallowed(state.balance, next.balance, &entries);
                self.entries = entries;
                let value = self.after(node, choice, &next, depth)?.saturating_add(i64::from(lost));
                best = best.max(value);
            }
            best
        };
        self.memo.best.insert(key, value);
        Some(value)
    }

    /// Best reckoning value once `choice` at `node` left the account in `after` (not counting what the
    /// ceiling swallowed of that move itself).
    fn after(&mut self, node: usize, choice: usize, after: &AccountState, depth: usize) -> Option<i64> {
        match self.targets.get(node).and_then(|t| t.get(choice)).copied().flatten() {
            Some(next) if !after.closed => self.best(next, after, depth + 1),
            _ => Some(settled(self.scenario, after.clone())),
        }
    }
}

/// The final balance of a run that ends in `state`: open promises settled, as the session does.
fn settled(scenario: &Scenario, mut state: AccountState) -> i64 {
    state.settle(scenario);
    i64::from(state.balance)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_follow_the_documented_thresholds() {
        let classes: Vec<Class> = [0, 1, 3, 4, 9, 10, 19, 20, 90].into_iter().map(Class::of).collect();
        use Class::*;
        assert_eq!(
            classes,
            [
                Best, Good, Good, Inaccuracy, Inaccuracy, Mistake, Mistake, Blunder, Blunder
            ]
        );
        assert_eq!(StepReview::of(-4), StepReview::of(0), "a loss is never negative");
    }

    #[test]
    fn one_blunder_weighs_more_than_its_share() {
        let best = Some(StepReview::of(0));
        assert_eq!(accuracy_percent([best; 6]), Some(100));
        assert_eq!(accuracy_percent([Some(StepReview::of(10)), best]), Some(71));
        // One blunder among six steps: the plain mean alone would say 86.
        let blunder = [Some(StepReview::of(20)), best, best, best, best, best];
        let plain = blunder.iter().map(|r| r.unwrap().score()).sum::<f64>() / 6.0;
        let accuracy = f64::from(accuracy_percent(blunder).unwrap());
        assert!(accuracy < plain - 8.0, "{accuracy} against a plain mean of {plain}");
        assert_eq!(
            accuracy_percent([best, None]),
            None,
            "a step not reckoned makes the accuracy unknown"
        );
        assert_eq!(accuracy_percent([]), None);
    }
}
