//! The emotional-account model (document 001, after Janelle Barlow).
//!
//! Every customer holds an account with the business. Good service deposits, bad service withdraws,
//! "sometimes with interest"; once the account is overdrawn it is closed and the relationship is over.
//! The rules, all in whole points so that a run is exactly reproducible:
//!
//! * **Balance.** 0–100, where 50 is neutral. It starts where the incident left it.
//! * **Deposits** add the choice's effect, capped at 100 — but the same good move repeated is worth less
//!   each time: the n-th use of a principle earns 60 % of the one before (100 %, 60 %, 36 %, …). The move
//!   is identified by the first principle the choice applies ("the third apology is not worth the first").
//! * **Withdrawals** cost more while the customer is already upset. Anger is how far the balance sits below
//!   neutral, 0 % at 50 and above, 100 % at 0. Interest = anger × temper (the customer's 50–200 % setting),
//!   so a withdrawal of 10 from a furious, short-tempered customer costs up to 10 + 10 × 150 % = 25.
//! * **Promises** are debts. Opening one changes nothing yet; keeping it deposits its value (subject to the
//!   repetition rule); breaking it withdraws its value with interest; promises still open when the
//!   conversation ends are settled as broken.
//! * **Sincerity.** In a pair exercise the customer player rates how sincere the agent sounded (1–5) on the
//!   lines the author marks; the rating scales that line's deposit — 0 %, 40 %, 70 %, 100 %, 120 % —
//!   because "an apology only works when it is sincere" (000, 001). Solo play has no rating and scores
//!   the line as written. Withdrawals are never scaled: a rude line sincerely said is still rude.
//! * **Overdraft.** A balance below zero closes the account at once: the case ends as lost.

use serde::{Deserialize, Serialize};

use crate::schema::MAX_BALANCE;
use crate::text::{Text, t};

/// Balance at which the customer is neither pleased nor upset.
pub const NEUTRAL: i32 = 50;
/// Each repeat of the same move earns this percentage of the previous one.
pub const REPEAT_PERCENT: i32 = 60;

/// Interest in percent charged on a withdrawal at `balance` for a customer of `temper` percent.
pub fn interest_percent(balance: i32, temper: i32) -> i32 {
    let anger = ((NEUTRAL - balance) * 100 / NEUTRAL).clamp(0, 100);
    anger * temper.clamp(0, 400) / 100
}

/// The full cost of withdrawing `amount` (> 0) at `balance`: `(amount, interest)`.
pub fn withdrawal_cost(amount: i32, balance: i32, temper: i32) -> (i32, i32) {
    let interest = round_div(amount * interest_percent(balance, temper), 100);
    (amount, interest)
}

/// What a deposit of `amount` is worth when the same move was already made `repeats` times.
pub fn repeated_deposit(amount: i32, repeats: u32) -> i32 {
    let mut value = amount;
    for _ in 0..repeats {
        value = round_div(value * REPEAT_PERCENT, 100);
    }
    value
}

/// Lowest and highest sincerity rating a customer player can give.
pub const SINCERITY_RANGE: std::ops::RangeInclusive<u8> = 1..=5;

/// The share of a rated deposit the agent keeps for a sincerity rating of 1–5 (see the module docs).
pub fn sincerity_percent(rating: u8) -> i32 {
    match rating.clamp(1, 5) {
        1 => 0,
        2 => 40,
        3 => 70,
        4 => 100,
        _ => 120,
    }
}

/// Scales a deposit by a sincerity rating, rounding half away from zero.
pub fn sincere_deposit(amount: i32, rating: u8) -> i32 {
    round_div(amount * sincerity_percent(rating), 100)
}

/// Integer division rounding half away from zero.
fn round_div(numerator: i32, denominator: i32) -> i32 {
    let half = denominator / 2;
    if numerator >= 0 {
        (numerator + half) / denominator
    } else {
        (numerator - half) / denominator
    }
}

/// Adds `delta` to `balance`, capping at the top of the scale. The floor is not capped: a negative
/// result means the account is overdrawn.
pub fn apply(balance: i32, delta: i32) -> i32 {
    (balance + delta).min(MAX_BALANCE)
}

/// The customer's visible mood, read off the balance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Mood {
    Furious,
    Angry,
    Upset,
    Neutral,
    Satisfied,
    Delighted,
}

impl Mood {
    pub const ALL: [Mood; 6] = [
        Mood::Furious,
        Mood::Angry,
        Mood::Upset,
        Mood::Neutral,
        Mood::Satisfied,
        Mood::Delighted,
    ];

    /// Bands: furious < 15 ≤ angry < 30 ≤ upset < 45 ≤ neutral < 60 ≤ satisfied < 80 ≤ delighted.
    pub fn of(balance: i32) -> Mood {
        match balance {
            i32::MIN..=14 => Mood::Furious,
            15..=29 => Mood::Angry,
            30..=44 => Mood::Upset,
            45..=59 => Mood::Neutral,
            60..=79 => Mood::Satisfied,
            _ => Mood::Delighted,
        }
    }

    pub fn label(self) -> Text {
        match self {
            Mood::Furious => t("暴怒", "Furious"),
            Mood::Angry => t("生气", "Angry"),
            Mood::Upset => t("不满", "Upset"),
            Mood::Neutral => t("平静", "Calm"),
            Mood::Satisfied => t("满意", "Satisfied"),
            Mood::Delighted => t("欣喜", "Delighted"),
        }
    }
}

/// How the case ended for the relationship.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// The account was overdrawn, or the customer left furious or angry: they will not come back.
    Lost,
    /// The problem was dealt with, but the customer feels no warmer towards you.
    Resolved,
    /// The customer is satisfied and will come back.
    Retained,
    /// The customer comes back and recommends you (the epaulette and soup cases).
    Loyal,
}

impl Outcome {
    pub const ALL: [Outcome; 4] = [Outcome::Lost, Outcome::Resolved, Outcome::Retained, Outcome::Loyal];

    /// The tier a finished conversation earns with `balance` (after open promises are settled).
    /// Lost below 30, resolved below 60, retained below 80, loyal from 80.
    pub fn for_final_balance(balance: i32) -> Outcome {
        match balance {
            i32::MIN..=29 => Outcome::Lost,
            30..=59 => Outcome::Resolved,
            60..=79 => Outcome::Retained,
            _ => Outcome::Loyal,
        }
    }

    pub fn label(self) -> Text {
        match self {
            Outcome::Lost => t("失去客户", "Lost"),
            Outcome::Resolved => t("问题解决", "Resolved"),
            Outcome::Retained => t("留住客户", "Retained"),
            Outcome::Loyal => t("忠诚客户", "Loyal"),
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Outcome::Lost => "lost",
            Outcome::Resolved => "resolved",
            Outcome::Retained => "retained",
            Outcome::Loyal => "loyal",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_interest_while_the_customer_is_calm() {
        assert_eq!(withdrawal_cost(10, 60, 100), (10, 0));
        assert_eq!(withdrawal_cost(10, 50, 100), (10, 0));
    }

    #[test]
    fn interest_grows_with_anger_and_temper() {
        // At 25 the customer is half-way to furious: 50 % interest for an ordinary temper.
        assert_eq!(withdrawal_cost(10, 25, 100), (10, 5));
        // A short-tempered customer at the same balance charges more.
        assert_eq!(withdrawal_cost(10, 25, 150), (10, 8));
        // At zero, full anger: interest equals the temper.
        assert_eq!(withdrawal_cost(10, 0, 150), (10, 15));
        let mut last = 0;
        for balance in (0..=50).rev() {
            let (_, interest) = withdrawal_cost(20, balance, 100);
            assert!(interest >= last, "interest must not fall as anger rises");
            last = interest;
        }
    }

    #[test]
    fn the_third_apology_is_worth_less_than_the_first() {
        assert_eq!(repeated_deposit(20, 0), 20);
        assert_eq!(repeated_deposit(20, 1), 12);
        assert_eq!(repeated_deposit(20, 2), 7);
    }

    #[test]
    fn balance_is_capped_at_the_top_but_not_the_bottom() {
        assert_eq!(apply(95, 20), 100);
        assert_eq!(apply(5, -20), -15);
    }

    #[test]
    fn moods_and_outcomes_follow_the_documented_bands() {
        assert_eq!(Mood::of(-3), Mood::Furious);
        assert_eq!(Mood::of(50), Mood::Neutral);
        assert_eq!(Mood::of(80), Mood::Delighted);
        assert_eq!(Outcome::for_final_balance(29), Outcome::Lost);
        assert_eq!(Outcome::for_final_balance(30), Outcome::Resolved);
        assert_eq!(Outcome::for_final_balance(60), Outcome::Retained);
        assert_eq!(Outcome::for_final_balance(80), Outcome::Loyal);
    }
}
