//! Word cues that suggest which principle or anti-pattern an untagged choice could carry, so the checker's
//! "applies no principle" warning says what to write instead of only what is missing. The cues are simple
//! substrings of the choice's text and feedback, in Chinese and English; they suggest, the author decides.

use crate::principles::{AntiPattern, Principle};
use crate::schema::Choice;

/// A tag the author could add to a choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    Applies(Principle),
    Breaks(AntiPattern),
}

impl Tag {
    /// How it is written in a scenario file, e.g. `applies: [KeepInformed]`.
    pub fn as_ron(self) -> String {
        match self {
            Tag::Applies(p) => format!("applies: [{p:?}]"),
            Tag::Breaks(a) => format!("breaks: [{a:?}]"),
        }
    }
}

/// Lower-case substrings; a choice whose text or feedback contains one is suggested the tag.
const CUES: &[(Tag, &[&str])] = &[
    (
        Tag::Applies(Principle::ApologiseSincerely),
        &["对不起", "抱歉", "道歉", "sorry", "apologi"],
    ),
    (Tag::Applies(Principle::ThankForComplaint), &["谢谢", "感谢", "thank"]),
    (
        Tag::Applies(Principle::ListenAndRestate),
        &[
            "您是说",
            "您的意思",
            "我理解",
            "复述",
            "倾听",
            "you mean",
            "if i understand",
            "restate",
            "listen",
        ],
    ),
    (
        Tag::Applies(Principle::PromiseToActNow),
        &[
            "马上",
            "立刻",
            "立即",
            "现在就",
            "right away",
            "immediately",
            "at once",
            "right now",
        ],
    ),
    (
        Tag::Applies(Principle::ProposeRemedyLetDecide),
        &[
            "您看",
            "您选",
            "哪一种",
            "方案",
            "would you prefer",
            "would you like",
            "which would",
            "option",
        ],
    ),
    (
        Tag::Applies(Principle::ConfirmSatisfaction),
        &[
            "满意吗",
            "还满意",
            "还有什么",
            "satisfied",
            "anything else",
            "is that all right",
        ],
    ),
    (
        Tag::Applies(Principle::FixTheProcess),
        &[
            "流程",
            "改进",
            "避免再",
            "以后不会",
            "process",
            "never happen again",
            "so it doesn't happen",
        ],
    ),
    (
        Tag::Applies(Principle::CompensateAfterApology),
        &[
            "赔偿",
            "补偿",
            "免费",
            "退款",
            "compensat",
            "refund",
            "free of charge",
            "on the house",
        ],
    ),
    (
        Tag::Applies(Principle::TakeResponsibilityFirst),
        &["我负责", "我们的责任", "责任在", "responsib", "our fault", "my fault"],
    ),
    (
        Tag::Applies(Principle::KeepInformed),
        &[
            "随时告诉",
            "告知",
            "进展",
            "进度",
            "给您回电",
            "keep you posted",
            "keep you informed",
            "let you know",
            "update you",
            "call you back",
        ],
    ),
    (
        Tag::Applies(Principle::NeverMakeThemRepeat),
        &[
            "不用再说",
            "不必重复",
            "不用重复",
            "don't need to repeat",
            "no need to repeat",
        ],
    ),
    (
        Tag::Applies(Principle::PromiseOnlyWhatYouCanKeep),
        &["能做到的", "做不到", "can't promise", "what i can do", "i can promise"],
    ),
    (
        Tag::Breaks(AntiPattern::ArguingFault),
        &[
            "是您自己",
            "您自己",
            "怪您",
            "your own fault",
            "you did it",
            "you turned",
        ],
    ),
    (
        Tag::Breaks(AntiPattern::NotMyFault),
        &["不是我的错", "不是故意", "not my fault", "didn't mean"],
    ),
    (Tag::Breaks(AntiPattern::ItsAllTheSame), &["都一样", "all the same"]),
    (
        Tag::Breaks(AntiPattern::NeverHeardOfIt),
        &["没听过", "第一次出现", "never heard", "first time this"],
    ),
    (
        Tag::Breaks(AntiPattern::DontKnow),
        &["不知道", "不清楚", "don't know", "no idea", "not sure"],
    ),
    (
        Tag::Breaks(AntiPattern::Interrogating),
        &["跟谁说", "哪一天", "谁告诉", "who did you", "who told you", "which day"],
    ),
    (
        Tag::Breaks(AntiPattern::PerfunctoryApology),
        &[
            "行了吧",
            "就这样吧",
            "好了好了",
            "敷衍",
            "perfunctor",
            "there, i said sorry",
        ],
    ),
    (
        Tag::Breaks(AntiPattern::BlamingColleague),
        &[
            "同事",
            "吃饭去了",
            "他们部门",
            "colleague",
            "at lunch",
            "their department",
        ],
    ),
    (
        Tag::Breaks(AntiPattern::DraggingCompanyIn),
        &["公司规定", "规定", "政策", "company policy", "rules say", "the rules"],
    ),
    (
        Tag::Breaks(AntiPattern::OverPromising),
        &["保证", "绝对", "一定会", "guarantee", "absolutely", "definitely"],
    ),
    (
        Tag::Breaks(AntiPattern::DismissingComplaint),
        &[
            "很多人都没",
            "别人都没",
            "挑刺",
            "nobody else",
            "no one else complain",
            "nitpick",
        ],
    ),
    (
        Tag::Breaks(AntiPattern::LeftUninformed),
        &[
            "等着",
            "等一下",
            "再等",
            "等通知",
            "蒙在鼓里",
            "没有消息",
            "wait",
            "no news",
            "in the dark",
            "last minute",
        ],
    ),
    (
        Tag::Breaks(AntiPattern::NoCallBack),
        &[
            "回电",
            "回电话",
            "不打电话",
            "没有打",
            "call back",
            "call you back",
            "ring back",
            "follow up",
            "follow-up",
        ],
    ),
];

/// Every word family: a tag and the lower-case words that suggest it (the surface-tell rules of
/// [`crate::surface`] play each family as a rule of thumb).
pub fn families() -> &'static [(Tag, &'static [&'static str])] {
    CUES
}

/// Every cue with the index of its tag in [`CUES`], by the cue's first byte: one pass over the words
/// tries only the cues that can start at each position.
fn cue_index() -> &'static [Vec<(&'static str, usize)>; 256] {
    static INDEX: std::sync::OnceLock<[Vec<(&'static str, usize)>; 256]> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index: [Vec<(&'static str, usize)>; 256] = std::array::from_fn(|_| Vec::new());
        for (tag, (_, cues)) in CUES.iter().enumerate() {
            for cue in *cues {
                index[usize::from(cue.as_bytes()[0])].push((cue, tag));
            }
        }
        index
    })
}

/// Tags whose cues appear in the choice's text or feedback (either language), in vocabulary order. A
/// positive effect puts principles first, a negative one anti-patterns, since that is the likelier fit.
pub fn suggest(choice: &Choice) -> Vec<Tag> {
    // One haystack, lower-cased once: a check of thousands of untagged choices stays cheap.
    let words = [
        &choice.text.zh,
        &choice.text.en,
        &choice.feedback.zh,
        &choice.feedback.en,
    ]
    .map(|s| s.as_str())
    .join("\n")
    .to_lowercase();
    let words = words.as_bytes();
    let by_first_byte = cue_index();
    let mut found = [false; CUES.len()];
    for start in 0..words.len() {
        for &(cue, tag) in &by_first_byte[usize::from(words[start])] {
            if !found[tag] && words[start..].starts_with(cue.as_bytes()) {
                found[tag] = true;
            }
        }
    }
    let mut hits: Vec<Tag> = CUES
        .iter()
        .zip(found)
        .filter(|&(_, hit)| hit)
        .map(|((tag, _), _)| *tag)
        .collect();
    let principle_first = choice.effect >= 0;
    hits.sort_by_key(|tag| matches!(tag, Tag::Applies(_)) != principle_first);
    hits
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Bilingual;

    fn choice(zh: &str, en: &str, effect: i32) -> Choice {
        Choice {
            text: Bilingual::new(zh, en),
            effect,
            applies: vec![],
            breaks: vec![],
            promise: None,
            keeps: vec![],
            breaks_promises: vec![],
            marks: vec![],
            feedback: Bilingual::new("", ""),
            cites: None,
            rate_sincerity: false,
            when: vec![],
            next: crate::schema::Next::End,
        }
    }

    #[test]
    fn a_waiting_line_suggests_the_uninformed_and_no_call_back_anti_patterns() {
        let tags = suggest(&choice("您先等着吧，有消息再说。", "Just wait; we'll see.", -10));
        assert_eq!(tags.first(), Some(&Tag::Breaks(AntiPattern::LeftUninformed)));
        let tags = suggest(&choice("我两点前给您回电。", "I'll call you back by two.", 10));
        assert!(tags.contains(&Tag::Breaks(AntiPattern::NoCallBack)), "{tags:?}");
        let tags = suggest(&choice("真对不起！", "I'm so sorry!", 10));
        assert_eq!(tags, vec![Tag::Applies(Principle::ApologiseSincerely)]);
    }
}
