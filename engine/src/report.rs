//! The debrief of one finished run: outcome, balance timeline, golden steps, mistakes, feedback.

use serde::{Deserialize, Serialize};

use crate::account::{AccountState, Entry, Outcome, immediate_score};
use crate::accuracy::{StepReview, accuracy_percent};
use crate::golden::{GoldenChecklist, StepStatus};
use crate::principles::{AntiPattern, Principle, Source};
use crate::schema::Scenario;
use crate::text::{Bilingual, t};

/// One choice as the trainee made it, with why it scored as it did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepRecord {
    pub node: String,
    /// 0-based index of the choice at that node.
    pub choice: usize,
    pub text: Bilingual,
    /// Net change of the balance caused by this step.
    pub delta: i32,
    /// Balance after this step.
    pub balance: i32,
    pub entries: Vec<Entry>,
    pub applies: Vec<Principle>,
    pub breaks: Vec<AntiPattern>,
    pub feedback: Bilingual,
    pub cites: Source,
    /// The customer player's sincerity rating (1–5) when the line was rated in a pair exercise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sincerity: Option<u8>,
    /// The choices offered at this step, as file indices in the order they were shown (empty in records
    /// written before choices were shuffled, which showed them in file order).
    #[serde(default)]
    pub shown: Vec<usize>,
    /// How much of the best reachable final balance this step gave away, and its class (see
    /// [`crate::accuracy`]); `None` in records made before accuracy, or when it could not be reckoned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<StepReview>,
}

impl StepRecord {
    /// The 0-based position the chosen line was shown at, if the order was recorded.
    pub fn shown_position(&self) -> Option<usize> {
        self.shown.iter().position(|&i| i == self.choice)
    }
}

/// One option offered at a step, for the debrief's "why the others were weaker".
#[derive(Debug, Clone, PartialEq)]
pub struct OptionReview {
    pub text: Bilingual,
    /// Its immediate score (see [`crate::account::immediate_score`]): what it does before the model's
    /// adjustments, so options compare like with like.
    pub score: i32,
    /// Why it works or fails, as the author wrote it.
    pub feedback: Bilingual,
    pub cites: Source,
    /// The one the trainee said.
    pub chosen: bool,
    /// Has the highest immediate score at this step (ties are all best).
    pub best: bool,
}

impl StepRecord {
    /// Every option offered at this step, in the order the trainee saw them (file order in records made
    /// before choices were shuffled), each with its score and its reasoning.
    pub fn options(&self, scenario: &Scenario) -> Vec<OptionReview> {
        let Some(node) = scenario.node(&self.node) else {
            return Vec::new();
        };
        let order: Vec<usize> = if self.shown.is_empty() {
            (0..node.choices.len()).collect()
        } else {
            self.shown.clone()
        };
        let scored: Vec<(usize, i32)> = order
            .into_iter()
            .filter(|&i| i < node.choices.len())
            .map(|i| (i, immediate_score(scenario, &node.choices[i])))
            .collect();
        let best = scored.iter().map(|&(_, s)| s).max().unwrap_or(0);
        scored
            .into_iter()
            .map(|(i, score)| {
                let choice = &node.choices[i];
                OptionReview {
                    text: choice.text.clone(),
                    score,
                    feedback: choice.feedback.clone(),
                    cites: choice.citation(scenario),
                    chosen: i == self.choice,
                    best: score == best,
                }
            })
            .collect()
    }
}

/// The result of a finished run. Serialised as-is by `goodwill play --json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub scenario: String,
    pub scenario_version: u32,
    pub seed: u64,
    /// 0-based choice indices, in order.
    pub choices: Vec<usize>,
    pub outcome: Outcome,
    pub final_balance: i32,
    /// The trainee's judgement beside the customer's fate: the mean of every step's score, 0–100 (see
    /// [`crate::accuracy`]); `None` when it could not be reckoned.
    pub accuracy: Option<u8>,
    /// True when the account was overdrawn and the case ended on the spot.
    pub account_closed: bool,
    /// Balance at the start, after each step, and after settling open promises (if any were open).
    pub timeline: Vec<i32>,
    pub steps: Vec<StepRecord>,
    /// Promises still open at the end, settled as broken.
    pub settlement: Vec<Entry>,
    /// Golden steps (001) applied at least once.
    pub golden_applied: Vec<Principle>,
    /// Golden steps offered on this path but never chosen.
    pub golden_missed: Vec<Principle>,
    /// Golden steps this path never offered.
    pub golden_not_offered: Vec<Principle>,
    /// Principles beyond the seven steps that were applied.
    pub other_principles: Vec<Principle>,
    pub anti_patterns: Vec<AntiPattern>,
    /// The ending's text this path reads: the default of its outcome's ending, or the variant chosen
    /// by the path's promises and events (`ending_variant`).
    pub ending_title: Bilingual,
    pub epilogue: Bilingual,
    /// Which variant of the outcome's ending was chosen (0-based, in file order); `None`: the default.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ending_variant: Option<usize>,
    pub word_of_mouth: Bilingual,
}

/// What a finished session hands over to build its [`Report`].
pub(crate) struct ReportInput<'a> {
    pub scenario: &'a Scenario,
    pub seed: u64,
    /// 0-based choice indices, in order.
    pub choices: Vec<usize>,
    /// The account after the last step and the settlement: outcome, final balance, closed or not.
    pub account: &'a AccountState,
    pub timeline: Vec<i32>,
    pub steps: Vec<StepRecord>,
    /// Promises still open at the end, settled as broken.
    pub settlement: Vec<Entry>,
    /// Principles applied by any choice offered along the path (for "missed" versus "not offered").
    pub offered: &'a [Principle],
}

impl Report {
    pub(crate) fn build(input: ReportInput<'_>) -> Report {
        let ReportInput {
            scenario,
            seed,
            choices,
            account,
            timeline,
            steps,
            settlement,
            offered,
        } = input;
        let outcome = account.outcome();
        let applied: Vec<Principle> = Principle::ALL
            .into_iter()
            .filter(|p| steps.iter().any(|s| s.applies.contains(p)))
            .collect();
        let golden = GoldenChecklist::from_path(&applied, offered);
        // The ending's text is chosen by what this path did (promises, events), so it never tells of
        // something the trainee did not do.
        let ending = scenario.endings.of(outcome);
        let ending_variant = ending.variant_for(scenario, account);
        let (title, epilogue) = ending.text(ending_variant);
        Report {
            scenario: scenario.id.clone(),
            scenario_version: scenario.version,
            seed,
            choices,
            outcome,
            final_balance: account.balance,
            accuracy: accuracy_percent(steps.iter().map(|s| s.review)),
            account_closed: account.closed,
            timeline,
            golden_applied: golden.with_status(StepStatus::Applied),
            golden_missed: golden.with_status(StepStatus::Missed),
            golden_not_offered: golden.with_status(StepStatus::NotOffered),
            other_principles: applied.into_iter().filter(|p| p.golden_step().is_none()).collect(),
            anti_patterns: committed(&steps),
            steps,
            settlement,
            ending_title: title.clone(),
            epilogue: epilogue.clone(),
            ending_variant,
            word_of_mouth: word_of_mouth(outcome),
        }
    }

    /// The steps (1-based, with the line the trainee said) that committed `pattern`: the debrief quotes
    /// these, never an example line from the documents, which may come from another case.
    pub fn lines_committing(&self, pattern: AntiPattern) -> Vec<(usize, &Bilingual)> {
        self.steps
            .iter()
            .enumerate()
            .filter(|(_, s)| s.breaks.contains(&pattern))
            .map(|(i, s)| (i + 1, &s.text))
            .collect()
    }

    /// Where this run stands on each golden step (applied, missed, not offered), in document order.
    pub fn golden_checklist(&self) -> GoldenChecklist {
        GoldenChecklist::from_lists(&self.golden_applied, &self.golden_missed)
    }
}

/// What the outcome implies for word of mouth, using the 2005 Wharton survey quoted in document 002:
/// of 100 dissatisfied customers, 32–36 do not return, only 6 % complain to the company, and 31 % tell
/// friends and family.
pub fn word_of_mouth(outcome: Outcome) -> Bilingual {
    match outcome {
        Outcome::Lost => t(
            "据 002 引用的调查：100 位不满的顾客中，有 32–36 位表示不会再光顾，只有 6% 会向企业投诉，却有 31% 会向亲友抱怨。这位顾客很可能就是其中之一——今天失去的不只是一位客人，还有那些听到这段经历的亲友。",
            "Per the survey in 002: of 100 dissatisfied customers, 32–36 said they would not return, only 6% complain to the company, yet 31% complain to friends and family. This customer is likely one of them — you lose not just one guest but the people who hear the story.",
        ),
        Outcome::Resolved => t(
            "问题解决了，但感觉没有变好。002 的调查提醒：不满的顾客只有 6% 会直接向企业抗议，却有 31% 转而向亲友抱怨。把“解决”变成“满意”，才不会让这段经历变成别人口中的反面例子。",
            "The problem is fixed but the feeling is not. The survey in 002 warns that only 6% of unhappy customers protest to the company directly, while 31% complain to friends and family instead. Turning \"resolved\" into \"satisfied\" keeps this from becoming someone's cautionary tale.",
        ),
        Outcome::Retained => t(
            "顾客会再来。002 的调查显示，每 100 位不满的顾客中有 32–36 位表示不再光顾——你把这一位留了下来，也少了一个向亲友抱怨的声音（31%）。",
            "The customer will come back. In the survey in 002, 32–36 of every 100 dissatisfied customers said they would not return — you kept this one, and removed one voice from the 31% who complain to friends and family.",
        ),
        Outcome::Loyal => t(
            "抱怨变成了忠诚：这位顾客会常来，还会向亲友推荐你。002 的调查说，不满的顾客有 31% 会向亲友诉说——被用心照顾的故事同样会传开。",
            "The complaint became loyalty: this customer will return and recommend you. The survey in 002 says 31% of unhappy customers tell friends and family — a story of being well looked after travels too.",
        ),
    }
}

/// The anti-patterns committed along a list of steps, in the order first committed.
pub fn committed(steps: &[StepRecord]) -> Vec<AntiPattern> {
    let mut out: Vec<AntiPattern> = Vec::new();
    for a in steps.iter().flat_map(|s| s.breaks.iter()) {
        if !out.contains(a) {
            out.push(*a);
        }
    }
    out
}
