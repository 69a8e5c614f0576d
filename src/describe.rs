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

/// A balance as a trainee can read it. The documents and the guide give the account as 0–100; below 0 it
/// is overdrawn and closed, so a negative number is never shown bare: 「账户透支 46 分，已关闭」 /
/// "account overdrawn by 46 points, closed". A balance of 0 or more is its number.
pub fn balance_words(balance: i32, lang: Lang) -> String {
    balance_or(balance, Phrase::OverdrawnClosed, lang)
}

/// [`balance_words`] where room is short (a grid cell, a bar's value): 「透支 46」 / "overdrawn 46".
pub fn balance_short(balance: i32, lang: Lang) -> String {
    balance_or(balance, Phrase::OverdrawnShort, lang)
}

/// The balance, or below zero the overdraft in the words of `phrase`.
fn balance_or(balance: i32, phrase: Phrase, lang: Lang) -> String {
    if balance >= 0 {
        balance.to_string()
    } else {
        crate::i18n::fill(phrase, lang, &[("amount", &balance.unsigned_abs())])
    }
}

/// An accuracy as the trainee reads it: `82%`, or `—` when it is unknown (recorded before accuracy).
pub fn accuracy_text(accuracy: Option<u8>) -> String {
    accuracy.map_or_else(|| "—".to_owned(), |a| format!("{a}%"))
}

/// A class vote's step in one line, for the class view and the report: "第 2 步：最佳回答得 3 / 5 票（60%）"
/// / "Step 2: 3 of 5 votes for the best answer (60%)"; "nobody voted" when nobody did.
pub fn vote_step_line(split: &goodwill_store::VoteSplit, number: usize, lang: Lang) -> String {
    let total = split.total();
    match split.best_percent() {
        _ if total == 0 => crate::i18n::fill(Phrase::ReportVoteStepNobody, lang, &[("step", &number)]),
        Some(pct) => crate::i18n::fill(
            Phrase::ReportVoteStepLine,
            lang,
            &[
                ("step", &number),
                ("best", &split.best_votes()),
                ("n", &total),
                ("pct", &pct),
            ],
        ),
        None => crate::i18n::fill(Phrase::ReportVoteStepNoBest, lang, &[("step", &number), ("n", &total)]),
    }
}

/// An answer's votes and share: "3 票 · 60%" / "3 votes · 60%" ("1 vote" for one).
pub fn votes_share(votes: u32, share: f32, lang: Lang) -> String {
    let pct = (share * 100.0).round();
    let phrase = if votes == 1 {
        Phrase::ReportOneVoteShare
    } else {
        Phrase::ReportVotesShare
    };
    crate::i18n::fill(phrase, lang, &[("n", &votes), ("pct", &pct)])
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

/// Feedback with the document it cites, named once. Most feedback already ends with its references —
/// 「……（000、003）」 — so the cited document's title goes in place of its number there
/// (「……（000《道歉的魔力·重视客户的不满》、003）」) instead of a second bracket after it; feedback that
/// does not name the document gets the title in a bracket of its own.
pub fn cited(feedback: &str, cites: goodwill_engine::Source, lang: Lang) -> String {
    let title = cites.title();
    let title = title.get(lang);
    let trimmed = feedback.trim_end();
    if let Some(slot) = goodwill_engine::text::citation_slot(trimmed, cites.number(), lang) {
        return format!("{}{title}{}", &trimmed[..slot.start], &trimmed[slot.end..]);
    }
    // A full-width bracket needs no space before it.
    let gap = if lang == Lang::Zh { "" } else { " " };
    format!("{trimmed}{gap}{}", stage_direction(title, lang))
}

/// A plan's target: "做到：诚心诚意道歉" / "Avoid: Arguing about who is at fault".
pub fn plan_target(target: goodwill_store::reflection::PlanTarget, lang: Lang) -> String {
    use goodwill_store::reflection::PlanTarget;
    let (kind, name) = match target {
        PlanTarget::Apply(p) => (Phrase::PlanApply, p.name()),
        PlanTarget::Avoid(a) => (Phrase::PlanAvoid, a.name()),
    };
    format!("{}{}{}", tr(kind, lang), colon(lang), name.get(lang))
}

/// A plan as one line for the title: each item, with the trainee's own words in brackets.
pub fn plan_line(plan: &goodwill_store::reflection::Plan, lang: Lang) -> String {
    let separator = if lang == Lang::Zh { "；" } else { "; " };
    plan.items
        .iter()
        .map(|item| match &item.own_words {
            Some(words) if lang == Lang::En => {
                format!("{} {}", plan_target(item.target, lang), stage_direction(words, lang))
            }
            Some(words) => format!("{}{}", plan_target(item.target, lang), stage_direction(words, lang)),
            None => plan_target(item.target, lang),
        })
        .collect::<Vec<_>>()
        .join(separator)
}

/// How a planned item went: "做到：诚心诚意道歉 计划前 0/1 → 计划后 1/1 有进步".
pub fn plan_item_line(item: &goodwill_store::plan_progress::ItemProgress, lang: Lang) -> String {
    use goodwill_store::plan_progress::Moved;
    let tally = |t: goodwill_store::summary::StepTally| format!("{}/{}", t.applied, t.offered);
    let moved = match item.moved() {
        Moved::Better => Phrase::MovedBetter,
        Moved::Same => Phrase::MovedSame,
        Moved::Worse => Phrase::MovedWorse,
        Moved::NotYet => Phrase::MovedNotYet,
    };
    format!(
        "{} {} {}",
        plan_target(item.target, lang),
        crate::i18n::fill(
            Phrase::PlanBeforeSince,
            lang,
            &[("before", &tally(item.before)), ("since", &tally(item.since))]
        ),
        tr(moved, lang)
    )
}

/// One round of the promise game in words, for that round's agent `name`: a promise they could not keep
/// first (it is the costly thing, 003), then no request at all, then how they answered the requests.
pub fn promise_round_line(name: &str, tally: &goodwill_store::group_games::PromiseTally, lang: Lang) -> String {
    use crate::i18n::fill;
    let (made, declined, not_kept) = (tally.made, tally.declined_well, tally.not_kept);
    if not_kept > 0 {
        fill(Phrase::DebriefNotKept, lang, &[("name", &name), ("n", &not_kept)])
    } else if tally.asked == 0 && made == 0 {
        fill(Phrase::DebriefNoneAsked, lang, &[("name", &name)])
    } else if made == 0 && declined > 0 {
        fill(Phrase::DebriefDeclinedAll, lang, &[("name", &name), ("d", &declined)])
    } else if made == 0 {
        fill(Phrase::DebriefFlatNo, lang, &[("name", &name)])
    } else if declined == 0 {
        fill(Phrase::DebriefKeptOnly, lang, &[("name", &name), ("m", &made)])
    } else {
        fill(
            Phrase::DebriefKept,
            lang,
            &[("name", &name), ("m", &made), ("d", &declined)],
        )
    }
}

/// A promise-game pair's one-line debrief: each round's agent in a clause, round one first ("Ann made 1
/// promise(s) they could not keep: worse than none; Bob promised nothing rashly and declined 5 well").
pub fn promise_pair_line(pair: &goodwill_store::group_games::GroupPair, lang: Lang) -> String {
    let clauses: Vec<String> = pair
        .rounds
        .iter()
        .enumerate()
        .map(|(r, tally)| promise_round_line(pair.agent(r + 1), tally, lang))
        .collect();
    clauses.join(if lang == Lang::Zh { "；" } else { "; " })
}

/// The promise game's four counters, in the order of `PromiseTally::counts`.
pub const TALLY_COUNTERS: [Phrase; 4] = [
    Phrase::TallyAsked,
    Phrase::TallyMade,
    Phrase::TallyDeclined,
    Phrase::TallyNotKept,
];

/// "Promises asked 6 · Promises made 2 · Declined well 4 · Could not keep 1".
pub fn tally_line(tally: &goodwill_store::group_games::PromiseTally, lang: Lang) -> String {
    let parts: Vec<String> = TALLY_COUNTERS
        .iter()
        .zip(tally.counts())
        .map(|(words, n)| format!("{} {n}", tr(*words, lang)))
        .collect();
    parts.join(" · ")
}

/// A group game's name.
pub fn group_game_name(game: goodwill_store::group_games::GroupGameKind) -> Phrase {
    match game {
        goodwill_store::group_games::GroupGameKind::Promise => Phrase::PromiseGame,
        goodwill_store::group_games::GroupGameKind::Responsibility => Phrase::ResponsibilityGame,
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

    #[test]
    fn a_citation_the_feedback_already_names_is_named_once_with_its_title() {
        use goodwill_engine::Source;
        // Each title starts with its document's number, so the number is replaced by the whole title.
        let title = |source: Source, lang: Lang| source.title().get(lang).to_owned();
        let t000 = title(Source::Doc000, Lang::Zh);
        assert!(t000.starts_with("000"), "{t000}");
        let zh = cited("只会加重不满。（000、003）", Source::Doc000, Lang::Zh);
        assert_eq!(zh, format!("只会加重不满。（{t000}、003）"));
        assert_eq!(zh.matches("000").count(), 1, "{zh}");
        let rule = cited("推到了他身上。（000 第 39 条）", Source::Doc000, Lang::Zh);
        assert_eq!(rule, format!("推到了他身上。（{t000} 第 39 条）"));
        let second = cited("passing the buck. (003, 004)", Source::Doc004, Lang::En);
        assert_eq!(
            second,
            format!("passing the buck. (003, {})", title(Source::Doc004, Lang::En))
        );
        // Feedback that names no document, or another one, gets the title after it.
        let bare = cited("听完再说。", Source::Doc001, Lang::Zh);
        assert_eq!(bare, format!("听完再说。（{}）", title(Source::Doc001, Lang::Zh)));
        let other = cited("He waits. (003)", Source::Doc002, Lang::En);
        assert!(
            other.ends_with(&format!("(003) ({})", title(Source::Doc002, Lang::En))),
            "{other}"
        );
    }

    #[test]
    fn a_promise_round_reads_by_what_matters_most_first() {
        use goodwill_store::group_games::PromiseTally;
        let t = |asked, made, declined_well, not_kept| PromiseTally {
            asked,
            made,
            declined_well,
            not_kept,
        };
        let line = |tally| super::promise_round_line("Ann", &tally, Lang::En);
        assert_eq!(
            line(t(5, 2, 3, 1)),
            "Ann made 1 promise(s) they could not keep: worse than none"
        );
        assert_eq!(line(t(0, 0, 0, 0)), "Ann was asked for no promises");
        assert_eq!(line(t(4, 0, 4, 0)), "Ann promised nothing rashly and declined 4 well");
        assert_eq!(line(t(4, 0, 0, 0)), "Ann promised nothing, but declined none well");
        assert_eq!(line(t(3, 2, 0, 0)), "Ann made 2 promise(s) they can keep");
        assert_eq!(
            line(t(3, 2, 1, 0)),
            "Ann made 2 promise(s) they can keep and declined 1 well"
        );
    }
}
