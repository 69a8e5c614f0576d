//! How the engine's account entries read to a trainee, shared by the terminal and the game.

use goodwill_engine::account::sincerity_percent;
use goodwill_engine::account::{Entry, EntryReason};
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

/// A balance as a trainee can read it. The documents and the guide give the account as 0–100; below 0 it
/// is overdrawn and closed, so a negative number is never shown bare: 「账户透支 46 分，已关闭」 /
/// "account overdrawn by 46 points, closed". A balance of 0 or more is its number.
pub fn balance_words(balance: i32, lang: Lang) -> String {
    if balance >= 0 {
        return balance.to_string();
    }
    let overdraft = balance.unsigned_abs();
    match lang {
        Lang::Zh => format!("账户透支 {overdraft} 分，已关闭"),
        Lang::En => format!("account overdrawn by {overdraft} points, closed"),
    }
}

/// [`balance_words`] where room is short (a grid cell, a bar's value): 「透支 46」 / "overdrawn 46".
pub fn balance_short(balance: i32, lang: Lang) -> String {
    if balance >= 0 {
        return balance.to_string();
    }
    let overdraft = balance.unsigned_abs();
    match lang {
        Lang::Zh => format!("透支 {overdraft}"),
        Lang::En => format!("overdrawn {overdraft}"),
    }
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
    fn an_overdrawn_balance_is_told_in_words_never_as_a_bare_negative_number() {
        assert_eq!(balance_words(-46, Lang::Zh), "账户透支 46 分，已关闭");
        assert_eq!(balance_words(-140, Lang::En), "account overdrawn by 140 points, closed");
        assert_eq!(balance_short(-46, Lang::Zh), "透支 46");
        for b in [0, 55, 100] {
            assert_eq!(balance_words(b, Lang::Zh), b.to_string());
            assert_eq!(balance_short(b, Lang::En), b.to_string());
        }
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
