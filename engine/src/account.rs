//! The emotional-account model (document 001, after Janelle Barlow).
//!
//! Every customer holds an account with the business. Good service deposits, bad service withdraws,
//! "sometimes with interest"; once the account is overdrawn it is closed and the relationship is over.
//! The rules, all in whole points so that a run is exactly reproducible. Document 001 gives the idea
//! (deposits, withdrawals with interest, a closed account); the figures are this game's own.
//!
//! * **Balance.** 0–100, where 50 is neutral. It starts where the incident left it.
//! * **Deposits** add the choice's effect, capped at 100. *Game rule, not a document's claim:* the same
//!   good move repeated is worth less each time: the n-th use of a principle earns 60 % of the one
//!   before (100 %, 60 %, 36 %, …). The move is the first principle the choice applies. (Document 000
//!   says a second and third *sincere* apology can still win the customer back; this rule only says
//!   that saying the same thing again adds less than saying it the first time.)
//! * **Withdrawals** cost more while the customer is already upset (001: "有时甚至连本带利"). *Game
//!   rule:* how much more. Anger is how far the balance sits below
//!   neutral, 0 % at 50 and above, 100 % at 0. Interest = anger × temper (the customer's 50–200 % setting),
//!   so a withdrawal of 10 from a furious, short-tempered customer costs up to 10 + 10 × 150 % = 25.
//! * **Promises are debts** (document 003: "如果随意承诺无法实现的事情，那最终的损失要比失去一次服务严重
//!   得多。一旦承诺就要想办法兑现"). *Game rule, not a document's claim:* the credit and the double
//!   penalty below. A line that makes a promise is deposited as usual, but that deposit is
//!   goodwill bought *on credit*. Keeping the promise deposits its value and clears the credit.
//!   Breaking it — or leaving it open when the conversation ends — takes the credit back **and**
//!   withdraws twice the promise's value, with interest if the customer is upset. So a broken promise
//!   always costs more than keeping it would have earned (at least 2 × value against value), whatever
//!   the customer's mood, and promising what you cannot deliver always ends below not promising at all.
//! * **Sincerity.** In a pair exercise the customer player rates how sincere the agent sounded (1–5) on the
//!   lines the author marks; the rating scales that line's deposit — 0 %, 40 %, 70 %, 100 %, 120 % —
//!   because "an apology only works when it is sincere" (000, 001). Solo play has no rating and scores
//!   the line as written. Withdrawals are never scaled: a rude line sincerely said is still rude.
//! * **Overdraft.** A balance below zero closes the account at once: the case ends as lost.
//! * **Conditions.** A choice or a customer line may be offered only while a promise is open, kept,
//!   broken or not made, or while the balance is above or below a value ([`AccountState::allows`]).
//!
//! All arithmetic saturates, so no value in a file, however large, can overflow a run.

use serde::{Deserialize, Serialize};

use crate::principles::Principle;
use crate::schema::{Condition, MAX_BALANCE, PromiseDef, Scenario};
use crate::text::{Bilingual, t};

/// Balance at which the customer is neither pleased nor upset.
pub const NEUTRAL: i32 = 50;
/// Each repeat of the same move earns this percentage of the previous one.
pub const REPEAT_PERCENT: i32 = 60;
/// A broken promise withdraws this many times its value (on top of taking back its credit).
pub const BROKEN_PROMISE_FACTOR: i32 = 2;

/// A choice's *immediate score*: what it does to the account before repetition, interest or sincerity —
/// its `effect`, plus the value of the promises it keeps, less [`BROKEN_PROMISE_FACTOR`] times the value
/// of those it breaks. The debrief compares options by it, and the tells check calls a node's highest
/// (ties included) its best choices.
pub fn immediate_score(scenario: &Scenario, choice: &crate::schema::Choice) -> i32 {
    // Saturating: a file's numbers are checked by the validator, but nothing here may overflow first.
    let value = |id: &String| scenario.promise(id).map_or(0, |p| p.value);
    let kept = choice.keeps.iter().map(value).fold(0i32, i32::saturating_add);
    let broken = choice.breaks_promises.iter().map(value).fold(0i32, i32::saturating_add);
    choice
        .effect
        .saturating_add(kept)
        .saturating_sub(BROKEN_PROMISE_FACTOR.saturating_mul(broken))
}

/// Interest in percent charged on a withdrawal at `balance` for a customer of `temper` percent.
pub fn interest_percent(balance: i32, temper: i32) -> i32 {
    let anger = (i64::from(NEUTRAL) - i64::from(balance)) * 100 / i64::from(NEUTRAL);
    let anger = anger.clamp(0, 100) as i32;
    anger * temper.clamp(0, 400) / 100
}

/// The full cost of withdrawing `amount` (> 0) at `balance`: `(amount, interest)`.
pub fn withdrawal_cost(amount: i32, balance: i32, temper: i32) -> (i32, i32) {
    let interest = round_div(amount.saturating_mul(interest_percent(balance, temper)), 100);
    (amount, interest)
}

/// What a deposit of `amount` is worth when the same move was already made `repeats` times.
pub fn repeated_deposit(amount: i32, repeats: u32) -> i32 {
    let mut value = amount;
    for _ in 0..repeats {
        let next = round_div(value.saturating_mul(REPEAT_PERCENT), 100);
        // Small values stop shrinking (60 % of 1 rounds back to 1): nothing changes after that.
        if next == value {
            break;
        }
        value = next;
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
    round_div(amount.saturating_mul(sincerity_percent(rating)), 100)
}

/// Integer division rounding half away from zero.
fn round_div(numerator: i32, denominator: i32) -> i32 {
    let (n, d) = (i64::from(numerator), i64::from(denominator));
    let half = d / 2;
    let q = if n >= 0 { (n + half) / d } else { (n - half) / d };
    q as i32
}

/// Adds `delta` to `balance`, capping at the top of the scale. The floor is not capped: a negative
/// result means the account is overdrawn.
pub fn apply(balance: i32, delta: i32) -> i32 {
    balance.saturating_add(delta).min(MAX_BALANCE)
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

    pub fn label(self) -> Bilingual {
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

    pub fn label(self) -> Bilingual {
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

/// The scoring rules as a trainee reads them in the debrief (the module docs are the reference).
pub fn rules() -> [Bilingual; 6] {
    [
        t(
            "账户余额 0–100，50 为平静。低于 30 结束为“失去客户”，30–59 为“问题解决”，60–79 为“留住客户”，80 以上为“忠诚客户”；余额跌破 0，账户当场关闭。",
            "The balance runs 0–100; 50 is calm. Below 30 at the end the customer is lost, 30–59 resolved, 60–79 retained, 80 and above loyal; below 0 the account closes on the spot.",
        ),
        t(
            "好的服务是存款，差的服务是取款，“有时甚至连本带利”（001）。利息怎么算是本游戏的规则（不是文件原话）：顾客越生气（余额低于 50），取款另收的利息越高；急性子的顾客利息更高。",
            "Good service deposits, bad service withdraws, \"sometimes with interest\" (001). How interest is charged is a rule of this game (not a claim of the documents): the angrier the customer (below 50), the more interest a withdrawal costs on top, and short-tempered customers charge more.",
        ),
        t(
            "承诺是债务：003 说，随意承诺无法实现的事情，最终的损失要比失去一次服务严重得多；一旦承诺就要想办法兑现。许下承诺时得到的好感是“赊来的”，兑现承诺，再存入承诺的分值。本游戏的规则（不是文件原话）：违背承诺或到结束仍未兑现，要收回赊来的好感，再扣两倍分值，顾客不满时另收利息。所以违背承诺永远比不许诺更糟。",
            "Promises are debts: 003 says that promising what cannot be done costs far more in the end than losing one sale, and that a promise once made must be kept. The goodwill a promise earns is on credit; keep it and its value is deposited. A rule of this game (not a claim of the documents): break it, or leave it unkept at the end, and the credit is taken back plus twice its value, with interest if the customer is upset. So a broken promise is always worse than no promise.",
        ),
        t(
            "本游戏的规则（不是文件原话）：同一招重复使用，每次只得上一次的 60%。换一种真诚的做法，比重复同一句话更有用。",
            "A rule of this game (not a claim of the documents): the same move repeated earns 60 % of the time before. A different sincere step does more than the same words again.",
        ),
        t(
            "双人练习中，扮演顾客的同伴为标记的句子打真诚度分（1–5），存款按 0%、40%、70%、100%、120% 计：道歉只有真诚才有效（000、001）。",
            "In a pair exercise the customer player rates the sincerity of marked lines (1–5), and the deposit counts 0 %, 40 %, 70 %, 100 % or 120 %: an apology only works when it is sincere (000, 001).",
        ),
        t(
            "选项的顺序每次随机，与好坏无关；句子的长短也不代表好坏。读懂顾客，才拿得到分。",
            "Choices are shown in a random order each time, and a line's length says nothing about its worth: only reading the customer earns the score.",
        ),
    ]
}

/// Why the balance moved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "promise", rename_all = "snake_case")]
pub enum EntryReason {
    /// What the agent just said.
    Choice,
    /// A promise was kept.
    PromiseKept(String),
    /// A promise was broken.
    PromiseBroken(String),
    /// A promise was still open when the conversation ended.
    PromiseUnkept(String),
}

/// One deposit or withdrawal, with the model's adjustments spelled out for the trainee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub reason: EntryReason,
    /// The amount the author wrote (positive deposit, negative withdrawal). For a broken promise: the
    /// credit taken back plus twice the promise's value.
    pub base: i32,
    /// For a deposit: how many times this move was already made (each repeat earns less).
    pub repeats: u32,
    /// For a withdrawal: the interest charged on top because the customer was already upset.
    pub interest: i32,
    /// The sincerity rating (1–5) that scaled this deposit, when it was rated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sincerity: Option<u8>,
    /// For a broken promise: the part of `base` that takes back the goodwill the promise bought.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub credit: i32,
    /// What actually moved: `base` after repetition, sincerity or interest. Negative for withdrawals.
    pub delta: i32,
    /// The balance after this entry.
    pub balance: i32,
}

fn is_zero(v: &i32) -> bool {
    *v == 0
}

/// Where a promise stands on the current path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PromiseStatus {
    #[default]
    NotMade,
    Open,
    Kept,
    Broken,
}

/// Everything about a run that scoring depends on. Cheap to clone; the analyser explores with it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AccountState {
    pub balance: i32,
    /// How often each principle has been the leading move of a deposit (indexed like `Principle::ALL`).
    repeats: [u8; Principle::ALL.len()],
    /// Promises owed, as indices into `Scenario::promises`, in the order they were made.
    open_promises: Vec<usize>,
    /// Per promise (indexed like `Scenario::promises`): where it stands, and the goodwill it bought on
    /// credit while open.
    promises: Vec<(PromiseStatus, i32)>,
    /// Per event (indexed like `Scenario::events`): marked on this path. Empty when the file has none.
    happened: Vec<bool>,
    pub closed: bool,
}

/// What a choice does to the account, without its words: the parts of a [`crate::schema::Choice`] that
/// scoring reads, small enough (16 bytes) to keep in a table for walks over large files.
#[derive(Debug, Clone, Copy)]
pub struct Move<'s> {
    pub effect: i32,
    /// The principle whose repeats are counted (the first one the choice applies).
    pub lead: Option<Principle>,
    pub rate_sincerity: bool,
    /// The choice, when it makes, keeps or breaks a promise or marks an event (most do none of these).
    pub promises: Option<&'s crate::schema::Choice>,
}

impl<'s> Move<'s> {
    pub fn of(choice: &'s crate::schema::Choice) -> Self {
        let promises = choice.promise.is_some()
            || !choice.keeps.is_empty()
            || !choice.breaks_promises.is_empty()
            || !choice.marks.is_empty();
        Move {
            effect: choice.effect,
            lead: choice.applies.first().copied(),
            rate_sincerity: choice.rate_sincerity,
            promises: promises.then_some(choice),
        }
    }
}

impl AccountState {
    pub fn new(scenario: &Scenario) -> Self {
        AccountState {
            balance: scenario.customer.starting_balance,
            repeats: [0; Principle::ALL.len()],
            open_promises: Vec::new(),
            promises: vec![(PromiseStatus::NotMade, 0); scenario.promises.len()],
            happened: vec![false; scenario.events.len()],
            closed: false,
        }
    }

    pub fn mood(&self) -> Mood {
        Mood::of(self.balance)
    }

    pub fn open_promises<'s>(&self, scenario: &'s Scenario) -> Vec<&'s PromiseDef> {
        self.open_promises.iter().map(|&i| &scenario.promises[i]).collect()
    }

    /// Where the promise with this index stands.
    pub fn promise_status(&self, index: usize) -> PromiseStatus {
        self.promises.get(index).map_or(PromiseStatus::NotMade, |p| p.0)
    }

    /// Every promise's status, in declaration order (the part of the state conditions can see).
    pub fn promise_statuses(&self) -> impl Iterator<Item = PromiseStatus> + '_ {
        self.promises.iter().map(|p| p.0)
    }

    /// Whether the event with this index was marked on this path.
    pub fn happened(&self, index: usize) -> bool {
        self.happened.get(index).copied().unwrap_or(false)
    }

    /// Whether every condition holds in this state. A condition naming an undeclared promise or event
    /// never holds (the validator reports it).
    pub fn allows(&self, scenario: &Scenario, conditions: &[Condition]) -> bool {
        conditions.iter().all(|c| {
            let status = |id: &str| {
                scenario
                    .promises
                    .iter()
                    .position(|p| p.id == id)
                    .map(|i| self.promise_status(i))
            };
            match c {
                Condition::PromiseOpen(id) => status(id) == Some(PromiseStatus::Open),
                Condition::PromiseKept(id) => status(id) == Some(PromiseStatus::Kept),
                Condition::PromiseBroken(id) => status(id) == Some(PromiseStatus::Broken),
                Condition::PromiseNotMade(id) => status(id) == Some(PromiseStatus::NotMade),
                Condition::BalanceAbove(v) => self.balance > *v,
                Condition::BalanceBelow(v) => self.balance < *v,
                Condition::Happened(id) => scenario.event_index(id).is_some_and(|i| self.happened(i)),
                Condition::NotHappened(id) => scenario.event_index(id).is_some_and(|i| !self.happened(i)),
            }
        })
    }

    /// The choices of node `node` offered in this state, in file order.
    pub fn offered(&self, scenario: &Scenario, node: usize) -> Vec<usize> {
        let mut offered = Vec::new();
        self.offered_into(scenario, node, &mut offered);
        offered
    }

    /// [`Self::offered`] into a buffer the caller reuses (the length-tell plays step through every node
    /// of large files many times; a fresh vector a step was a large share of `check`'s time).
    pub fn offered_into(&self, scenario: &Scenario, node: usize, offered: &mut Vec<usize>) {
        offered.clear();
        offered.extend(
            scenario.nodes[node]
                .choices
                .iter()
                .enumerate()
                .filter(|(_, c)| c.when.is_empty() || self.allows(scenario, &c.when))
                .map(|(i, _)| i),
        );
    }

    fn deposit(&mut self, reason: EntryReason, base: i32, lead: Option<Principle>, sincerity: Option<u8>) -> Entry {
        let repeats = lead.map_or(0, |p| u32::from(self.repeats[principle_index(p)]));
        let mut delta = repeated_deposit(base, repeats);
        if let Some(rating) = sincerity {
            delta = sincere_deposit(delta, rating);
        }
        if let Some(p) = lead {
            let slot = &mut self.repeats[principle_index(p)];
            *slot = slot.saturating_add(1);
        }
        self.balance = apply(self.balance, delta);
        Entry {
            reason,
            base,
            repeats,
            interest: 0,
            sincerity,
            credit: 0,
            delta,
            balance: self.balance,
        }
    }

    fn withdraw(&mut self, reason: EntryReason, amount: i32, credit: i32, temper: i32) -> Entry {
        let (amount, interest) = withdrawal_cost(amount, self.balance, temper);
        let delta = amount.saturating_add(interest).saturating_neg();
        self.balance = apply(self.balance, delta);
        Entry {
            reason,
            base: amount.saturating_neg(),
            repeats: 0,
            interest,
            sincerity: None,
            credit,
            delta,
            balance: self.balance,
        }
    }

    /// Withdraws a broken or unkept promise: its credit back plus twice its value, with interest.
    fn default_on(&mut self, scenario: &Scenario, index: usize, reason: EntryReason) -> Entry {
        let temper = scenario.customer.temper;
        let value = BROKEN_PROMISE_FACTOR.saturating_mul(scenario.promises[index].value);
        let credit = std::mem::take(&mut self.promises[index].1);
        self.promises[index].0 = PromiseStatus::Broken;
        self.withdraw(reason, value.saturating_add(credit), credit, temper)
    }

    /// Scores one choice and returns the account entries it caused. Pure: no randomness involved.
    /// `sincerity` is the customer player's rating in a pair exercise; it only counts on lines the author
    /// marked `rate_sincerity`.
    pub fn apply_choice(
        &mut self,
        scenario: &Scenario,
        node: usize,
        choice: usize,
        sincerity: Option<u8>,
    ) -> Vec<Entry> {
        let mut entries = Vec::new();
        self.apply_choice_into(scenario, node, choice, sincerity, &mut entries);
        entries
    }

    /// [`Self::apply_choice`], appending the entries to `entries` (a buffer the caller reuses).
    pub fn apply_choice_into(
        &mut self,
        scenario: &Scenario,
        node: usize,
        choice: usize,
        sincerity: Option<u8>,
        entries: &mut Vec<Entry>,
    ) {
        let choice = Move::of(&scenario.nodes[node].choices[choice]);
        self.apply_move_into(scenario, &choice, sincerity, entries);
    }

    /// [`Self::apply_choice_into`] for a choice's [`Move`], taken once (the length-tell walks step through
    /// every node of a large file many times, and reaching each choice again was most of their cost).
    pub fn apply_move_into(
        &mut self,
        scenario: &Scenario,
        choice: &Move,
        sincerity: Option<u8>,
        entries: &mut Vec<Entry>,
    ) {
        let temper = scenario.customer.temper;
        let sincerity = sincerity.filter(|_| choice.rate_sincerity).map(|r| r.clamp(1, 5));
        let mut earned = 0;
        if choice.effect > 0 {
            let entry = self.deposit(EntryReason::Choice, choice.effect, choice.lead, sincerity);
            earned = entry.delta;
            entries.push(entry);
        } else if choice.effect < 0 {
            entries.push(self.withdraw(EntryReason::Choice, choice.effect.saturating_neg(), 0, temper));
        }
        if let Some(choice) = choice.promises {
            self.promise_moves(scenario, choice, earned, entries);
        }
        if self.balance < 0 {
            self.closed = true;
        }
    }

    /// The promise part of a choice: keeps, then breaks, then a new promise (bought with `earned`); and
    /// the events it marks.
    fn promise_moves(
        &mut self,
        scenario: &Scenario,
        choice: &crate::schema::Choice,
        earned: i32,
        entries: &mut Vec<Entry>,
    ) {
        for id in &choice.keeps {
            if let Some(i) = self.take_open_promise(scenario, id) {
                self.promises[i] = (PromiseStatus::Kept, 0);
                let value = scenario.promises[i].value;
                entries.push(self.deposit(EntryReason::PromiseKept(id.clone()), value, None, None));
            }
        }
        for id in &choice.breaks_promises {
            if let Some(i) = self.take_open_promise(scenario, id) {
                entries.push(self.default_on(scenario, i, EntryReason::PromiseBroken(id.clone())));
            }
        }
        if let Some(id) = &choice.promise
            && let Some(i) = scenario.promises.iter().position(|p| &p.id == id)
            && self.promises[i].0 != PromiseStatus::Open
        {
            self.open_promises.push(i);
            self.promises[i] = (PromiseStatus::Open, earned);
        }
        for id in &choice.marks {
            if let Some(i) = scenario.event_index(id)
                && let Some(slot) = self.happened.get_mut(i)
            {
                *slot = true;
            }
        }
    }

    /// Settles promises still open when the conversation ends: each counts as broken.
    pub fn settle(&mut self, scenario: &Scenario) -> Vec<Entry> {
        let owed = std::mem::take(&mut self.open_promises);
        let mut entries = Vec::new();
        for i in owed {
            if self.closed {
                break;
            }
            let reason = EntryReason::PromiseUnkept(scenario.promises[i].id.clone());
            entries.push(self.default_on(scenario, i, reason));
            if self.balance < 0 {
                self.closed = true;
            }
        }
        entries
    }

    /// The outcome this state earns if the conversation ends now (after [`Self::settle`]).
    pub fn outcome(&self) -> Outcome {
        if self.closed {
            Outcome::Lost
        } else {
            Outcome::for_final_balance(self.balance)
        }
    }

    fn take_open_promise(&mut self, scenario: &Scenario, id: &str) -> Option<usize> {
        let pos = self.open_promises.iter().position(|&i| scenario.promises[i].id == id)?;
        Some(self.open_promises.remove(pos))
    }
}

fn principle_index(p: Principle) -> usize {
    Principle::ALL.iter().position(|q| *q == p).unwrap_or(0)
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
    fn repeating_a_move_earns_less_each_time() {
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
