//! How the engine's account entries read to a trainee, shared by the terminal and the game.

use goodwill_engine::account::sincerity_percent;
use goodwill_engine::account::{Entry, EntryReason};
use goodwill_engine::accuracy::{Class, StepReview};
use goodwill_engine::{Lang, Scenario};

use crate::i18n::{Phrase, colon, tr};

/// A deposit or withdrawal as the trainee sees it: `+12`, `-15 (10 + 5 interest)`, or for a broken
/// promise `-33 (credit back 10 + 2 × 10 + 3 interest) [promise broken: have the suit back …]`.
/// Promises are named by their text in `lang`, never by their id.
pub fn describe_entry(entry: &Entry, scenario: &Scenario, lang: Lang) -> String {
    let mut text = format!("{:+}", entry.delta);
    let mut parts = Vec::new();
    if entry.credit > 0 {
        let owed = -entry.base - entry.credit;
        let mut part = format!("{} {} + 2 × {}", tr(Phrase::CreditBack, lang), entry.credit, owed / 2);
        if entry.interest > 0 {
            part += &format!(" + {} {}", entry.interest, tr(Phrase::Interest, lang));
        }
        parts.push(part);
    } else if entry.interest > 0 {
        parts.push(format!(
            "{} + {} {}",
            -entry.base,
            entry.interest,
            tr(Phrase::Interest, lang)
        ));
    }
    if entry.repeats > 0 {
        parts.push(format!("{} ×{}", tr(Phrase::Repeated, lang), entry.repeats + 1));
    }
    if let Some(rating) = entry.sincerity {
        let percent = sincerity_percent(rating);
        parts.push(format!("{} {rating}/5 → {percent}%", tr(Phrase::Sincerity, lang)));
    }
    for part in parts {
        text += &format!(" {}", stage_direction(&part, lang));
    }
    let promise = |key: Phrase, id: &str| {
        let said = scenario.promise(id).map_or(id, |p| p.text.get(lang));
        let label = format!("{}{}{said}", tr(key, lang), colon(lang));
        match lang {
            Lang::Zh => format!(" 【{label}】"),
            Lang::En => format!(" [{label}]"),
        }
    };
    match &entry.reason {
        EntryReason::Choice => {}
        EntryReason::PromiseKept(id) => text += &promise(Phrase::PromiseKept, id),
        EntryReason::PromiseBroken(id) => text += &promise(Phrase::PromiseBroken, id),
        EntryReason::PromiseUnkept(id) => text += &promise(Phrase::PromiseUnkept, id),
    }
    text
}

/// An accuracy as the trainee reads it: `82%`, or `—` when it is unknown (recorded before accuracy).
pub fn accuracy_text(accuracy: Option<u8>) -> String {
    accuracy.map_or_else(|| "—".to_owned(), |a| format!("{a}%"))
}

/// A step's review in a few words: `?? 大错（少了 25 分）` / `?? blunder (25 points given away)`, `✓✓ 最佳`
/// / `✓✓ best` for nothing given away, `—` when unknown.
pub fn review_text(review: Option<StepReview>, lang: Lang) -> String {
    let Some(review) = review else {
        return "—".to_owned();
    };
    let class = review.class;
    let name = class.label();
    match (review.loss, lang) {
        (0, Lang::Zh) => format!("{} {}", class.mark(), name.zh),
        (0, Lang::En) => format!("{} {}", class.mark(), name.en.to_lowercase()),
        (loss, Lang::Zh) => format!("{} {}（少了 {loss} 分）", class.mark(), name.zh),
        (loss, Lang::En) => format!(
            "{} {} ({loss} point{} given away)",
            class.mark(),
            name.en.to_lowercase(),
            if loss == 1 { "" } else { "s" }
        ),
    }
}

/// How many steps fell in each class, best first, leaving out empty classes: `最佳 5 · 失误 1` /
/// `5 best · 1 mistake`. Empty when no step was reviewed.
pub fn class_counts(reviews: impl IntoIterator<Item = Option<StepReview>>, lang: Lang) -> String {
    let mut counts = [0usize; Class::ALL.len()];
    for review in reviews.into_iter().flatten() {
        counts[Class::ALL.iter().position(|c| *c == review.class).unwrap_or(0)] += 1;
    }
    Class::ALL
        .iter()
        .zip(counts)
        .filter(|(_, n)| *n > 0)
        .map(|(class, n)| match lang {
            Lang::Zh => format!("{} {n}", class.label().zh),
            Lang::En => format!("{n} {}", class.label().en.to_lowercase()),
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// A parenthetical — a stage direction, a score, a source: full-width brackets in Chinese.
pub fn stage_direction(text: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("（{text}）"),
        Lang::En => format!("({text})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use goodwill_engine::session::run;
    use std::sync::Arc;

    fn minimal() -> Arc<Scenario> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal.ron");
        Arc::new(goodwill_engine::load_file(&path).scenario.expect("valid"))
    }

    #[test]
    fn a_promise_left_unkept_is_named_by_its_text_with_its_credit_spelled_out() {
        let scenario = minimal();
        // Promise to call back (+10 on credit), then close without calling.
        let session = run(Arc::clone(&scenario), 1, &[1, 1]).unwrap();
        let entry = &session.report().unwrap().settlement[0];
        let zh = describe_entry(entry, &scenario, Lang::Zh);
        let en = describe_entry(entry, &scenario, Lang::En);
        assert!(zh.contains("明天回电") && !zh.contains("call-back"), "{zh}");
        assert!(
            en.contains("Call back tomorrow") && en.contains("credit back 10 + 2 × 10"),
            "{en}"
        );
        assert!(zh.contains("：") && !zh.contains(": ") && !zh.contains('('), "{zh}");
    }
}
