//! What a trainee writes after a debrief: answers to the case's reflection questions, and an improvement
//! plan (one to three golden steps to apply, or anti-patterns to avoid, next time). The records, the rules
//! every way in applies to them (the game, an import). How a plan went: [`crate::plan_progress`].

use goodwill_engine::text::is_invisible;
use goodwill_engine::{AntiPattern, Bilingual, Principle, quote};
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

/// Longest answer to a reflection question, in characters: a few paragraphs, which still fit one card of
/// the trainer's screen and one cell of a spreadsheet.
pub const MAX_ANSWER_CHARS: usize = 1000;
/// Longest "in my own words" note on a plan item.
pub const MAX_OWN_WORDS_CHARS: usize = 120;
/// Most items one plan holds: more is no plan for next time.
pub const MAX_PLAN_ITEMS: usize = 3;
/// Longest question text an import may carry (a question is one or two sentences).
const MAX_QUESTION_CHARS: usize = 400;
/// A case carries at most this many reflection questions (`goodwill_engine::schema`'s limit).
const MAX_QUESTIONS: u8 = goodwill_engine::schema::MAX_REFLECTION_QUESTIONS as u8;

/// A trainee's answer to one reflection question of an attempt's case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reflection {
    /// The question's place in the case's `reflection` list, 1-based.
    pub question: u8,
    /// The question's words as they were asked (the case may reword it later).
    pub asked: Bilingual,
    /// The trainee's own words, in whatever language they typed.
    pub answer: String,
    pub answered_at: i64,
}

/// One thing a plan aims at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanTarget {
    /// A golden step to apply next time.
    Apply(Principle),
    /// An anti-pattern to avoid next time.
    Avoid(AntiPattern),
}

impl PlanTarget {
    /// Every target a plan may pick from: the golden steps in their order, then the anti-patterns.
    pub fn all() -> Vec<PlanTarget> {
        Principle::GOLDEN_STEPS
            .iter()
            .map(|&p| PlanTarget::Apply(p))
            .chain(AntiPattern::ALL.iter().map(|&a| PlanTarget::Avoid(a)))
            .collect()
    }

    /// The step's or the anti-pattern's name.
    pub fn name(self) -> Bilingual {
        match self {
            PlanTarget::Apply(p) => p.name(),
            PlanTarget::Avoid(a) => a.name(),
        }
    }
}

/// One item of a plan: what it aims at, and optionally the trainee's own words for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanItem {
    pub target: PlanTarget,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub own_words: Option<String>,
}

/// An improvement plan, made at the end of an attempt's debrief: it belongs to that attempt's trainee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub made_at: i64,
    pub items: Vec<PlanItem>,
}

/// Invisible characters text may still hold between visible ones (the joiners some scripts need).
fn joiner(ch: char) -> bool {
    matches!(ch, '\u{200C}' | '\u{200D}' | '\u{FE00}'..='\u{FE0F}')
}

/// Typed text as it is stored: composed (NFC), trimmed, with Windows line ends made plain; refused when
/// empty, longer than `most` characters, or holding a control character other than a line break, or an
/// invisible or direction-changing one (it would show as something other than what was typed).
pub fn clean_text(what: &str, text: &str, most: usize) -> Result<String, String> {
    let text: String = text.replace("\r\n", "\n").nfc().collect();
    let text = text.trim();
    if text.chars().all(|c| c.is_whitespace() || is_invisible(c)) {
        return Err(format!("{what} is empty: write something, or leave it out"));
    }
    let count = text.chars().count();
    if count > most {
        return Err(format!("{what} has {count} characters: at most {most} are kept"));
    }
    if let Some(bad) = text
        .chars()
        .find(|&c| (c.is_control() && c != '\n') || (is_invisible(c) && !joiner(c)))
    {
        return Err(format!(
            "{what} holds a control, invisible or direction-changing character (U+{:04X})",
            u32::from(bad)
        ));
    }
    Ok(text.to_owned())
}

/// Checks an answer before it is stored or imported, and cleans it (see [`clean_text`]).
pub fn check_reflection(reflection: &mut Reflection) -> Result<(), String> {
    if !(1..=MAX_QUESTIONS).contains(&reflection.question) {
        return Err(format!(
            "reflection question {} does not exist (a case has 1–{MAX_QUESTIONS})",
            reflection.question
        ));
    }
    for (lang, text) in [("Chinese", &reflection.asked.zh), ("English", &reflection.asked.en)] {
        if text.trim().is_empty() || text.chars().count() > MAX_QUESTION_CHARS {
            return Err(format!(
                "reflection question {}: its {lang} words are missing or longer than {MAX_QUESTION_CHARS} characters",
                reflection.question
            ));
        }
    }
    reflection.answer = clean_text("the answer", &reflection.answer, MAX_ANSWER_CHARS)
        .map_err(|e| format!("reflection question {}: {e}", reflection.question))?;
    Ok(())
}

/// Checks a plan before it is stored or imported: 1–[`MAX_PLAN_ITEMS`] different targets, golden steps
/// only among the principles, own words clean (see [`clean_text`]).
pub fn check_plan(plan: &mut Plan) -> Result<(), String> {
    if plan.items.is_empty() || plan.items.len() > MAX_PLAN_ITEMS {
        return Err(format!(
            "a plan holds 1–{MAX_PLAN_ITEMS} items, not {}",
            plan.items.len()
        ));
    }
    let mut seen = Vec::new();
    for item in &mut plan.items {
        if let PlanTarget::Apply(p) = item.target
            && p.golden_step().is_none()
        {
            return Err(format!(
                "{} is not one of the golden steps",
                quote(p.name().en.as_str())
            ));
        }
        if seen.contains(&item.target) {
            return Err(format!(
                "{} is in the plan twice",
                quote(item.target.name().en.as_str())
            ));
        }
        seen.push(item.target);
        if let Some(words) = &item.own_words {
            item.own_words = Some(clean_text("a plan item's own words", words, MAX_OWN_WORDS_CHARS)?);
        }
    }
    Ok(())
}
