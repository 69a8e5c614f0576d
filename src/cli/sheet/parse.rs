//! One cell's words read: a tag by any of its names, yes or no, an ending's name, a list, a condition, and
//! the nearest id for a "did you mean".

use std::collections::HashSet;

use goodwill_engine::schema::Condition;
use goodwill_engine::text::Bilingual;
use goodwill_engine::{AntiPattern, Principle};

pub(super) enum Tag {
    Principle(Principle),
    Anti(AntiPattern),
}

/// A tag by its name in the file (`ApologiseSincerely`, any case), or its Chinese or English name; a
/// cell may also hold the name and its Chinese beside it.
pub(super) fn tag(text: &str) -> Option<Tag> {
    let matches = |word: &str, code: &str, name: &Bilingual| {
        let squeezed: String = word.chars().filter(|c| !c.is_whitespace()).collect();
        squeezed.eq_ignore_ascii_case(code) || word == name.zh || word.eq_ignore_ascii_case(&name.en)
    };
    let find = |word: &str| {
        Principle::ALL
            .into_iter()
            .find(|p| matches(word, &format!("{p:?}"), &p.name()))
            .map(Tag::Principle)
            .or_else(|| {
                AntiPattern::ALL
                    .into_iter()
                    .find(|a| matches(word, &format!("{a:?}"), &a.name()))
                    .map(Tag::Anti)
            })
    };
    find(text.trim()).or_else(|| text.split_whitespace().find_map(find))
}

pub(super) fn unknown_tag(text: &str, principle: bool) -> String {
    let names: Vec<String> = if principle {
        Principle::ALL.iter().map(|p| format!("{p:?}")).collect()
    } else {
        AntiPattern::ALL.iter().map(|a| format!("{a:?}")).collect()
    };
    let all: Vec<String> = Principle::ALL
        .iter()
        .map(|p| format!("{p:?}"))
        .chain(AntiPattern::ALL.iter().map(|a| format!("{a:?}")))
        .collect();
    let hint = did_you_mean(text, all.iter().map(String::as_str))
        .map(|m| format!("你是不是想写 `{m}`？ Did you mean `{m}`? "))
        .unwrap_or_default();
    let (zh, en) = if principle {
        ("原则", "principle")
    } else {
        ("反模式", "anti-pattern")
    };
    format!(
        "「{text}」不是{zh}的名字。 {} is not a{} {en}. {hint}请从下拉列表中选（说明见「词表 Glossary」）。 Choose one from the drop-down list (the glossary sheet explains each): {}.",
        goodwill_engine::quote(text),
        if principle { "" } else { "n" },
        names.join(", ")
    )
}

/// "是", "yes", "true", "1", "✓" … and "否", "no", "false", "0".
pub(super) fn yes_no(text: &str) -> Option<bool> {
    let t = text.trim().to_lowercase();
    let first = t.split_whitespace().next().unwrap_or("");
    match first {
        "是" | "yes" | "y" | "true" | "1" | "on" | "✓" | "√" | "对" => Some(true),
        "否" | "no" | "n" | "false" | "0" | "off" | "×" | "不" => Some(false),
        _ => None,
    }
}

pub(super) fn ending_index(name: &str) -> Option<usize> {
    let lower = name.to_lowercase();
    let zh = ["失去客户", "问题解决", "留住客户", "忠诚客户"];
    let en = ["lost", "resolved", "retained", "loyal"];
    (0..4).find(|&k| lower.contains(en[k]) || name.contains(zh[k]))
}

/// The items of a list cell: separated by semicolons (half- or full-width) or line breaks, and for ids
/// (which hold no spaces) also by commas and spaces.
pub(super) fn split_list(text: &str, ids: bool) -> Vec<String> {
    text.split(|c: char| {
        matches!(c, ';' | '；' | '\n' | '\r') || (ids && (matches!(c, ',' | '，' | '、') || c.is_whitespace()))
    })
    .map(str::trim)
    .filter(|s| !s.is_empty())
    .map(str::to_string)
    .collect()
}

/// `PromiseOpen(call-by-two)`, `PromiseOpen("call-by-two")`, `BalanceAbove(40)`; full-width brackets too.
pub(super) fn parse_condition(text: &str) -> Result<Condition, String> {
    let normalized = text.replace('（', "(").replace('）', ")");
    let bad = || {
        format!(
            "「{text}」不是条件。条件的写法如 PromiseOpen(call-by-two)、Happened(suit-cleaned)、BalanceAbove(40)，多个用分号隔开（见「词表 Glossary」）。 Not a condition: write e.g. PromiseOpen(call-by-two), Happened(suit-cleaned) or BalanceAbove(40), separated by semicolons."
        )
    };
    let (name, rest) = normalized.split_once('(').ok_or_else(bad)?;
    let arg = rest.strip_suffix(')').ok_or_else(bad)?;
    let arg = arg
        .trim()
        .trim_matches(|c| matches!(c, '"' | '\'' | '“' | '”' | '「' | '」'))
        .trim()
        .to_string();
    let number = || {
        arg.parse::<i32>().map_err(|_| {
            format!("「{text}」：括号里要写一个整数，例如 BalanceAbove(40)。 The balance condition takes a whole number, e.g. BalanceAbove(40).")
        })
    };
    if arg.is_empty() {
        return Err(bad());
    }
    Ok(match name.trim().to_lowercase().as_str() {
        "promiseopen" => Condition::PromiseOpen(arg),
        "promisekept" => Condition::PromiseKept(arg),
        "promisebroken" => Condition::PromiseBroken(arg),
        "promisenotmade" => Condition::PromiseNotMade(arg),
        "happened" => Condition::Happened(arg),
        "nothappened" => Condition::NotHappened(arg),
        "balanceabove" => Condition::BalanceAbove(number()?),
        "balancebelow" => Condition::BalanceBelow(number()?),
        _ => return Err(bad()),
    })
}

/// The candidate closest to `word`, when it is close enough to be a slip of the keyboard.
pub(super) fn did_you_mean<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_lowercase();
    let mut seen = HashSet::new();
    candidates
        .filter(|c| seen.insert(*c))
        .map(|c| (distance(&lower, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= (c.chars().count() / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance in characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            current.push((previous[j] + cost).min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}
