//! The fixed vocabulary of principles and anti-patterns, drawn from the source documents.
//!
//! Scenario authors tag every choice with the principles it applies and the anti-patterns it commits;
//! the debrief turns those tags into the golden-step checklist and the list of mistakes.

use crate::text::{Bilingual, t};
use serde::{Deserialize, Serialize};

/// The training documents the product is built from (`shared/seeds/000`–`004`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Source {
    /// 000: apology cases — the spilled soup and the missing epaulette; "take it seriously".
    Doc000,
    /// 001: the seven golden steps of complaint handling and the emotional account.
    Doc001,
    /// 002: keeping appointments, handling requests, the complaint survey figures.
    Doc002,
    /// 003: responsibility, promises, the repair-man-at-lunch case, the roaming-charge role play.
    Doc003,
    /// 004: taking responsibility, Ford's tyre recall, the broken suitcase wheel.
    Doc004,
}

impl Source {
    pub const ALL: [Source; 5] = [
        Source::Doc000,
        Source::Doc001,
        Source::Doc002,
        Source::Doc003,
        Source::Doc004,
    ];

    /// The document number as written on the seed files.
    pub fn number(self) -> &'static str {
        match self {
            Source::Doc000 => "000",
            Source::Doc001 => "001",
            Source::Doc002 => "002",
            Source::Doc003 => "003",
            Source::Doc004 => "004",
        }
    }

    /// What the document is about, for citations in feedback.
    pub fn title(self) -> Bilingual {
        match self {
            // The titles the texts carry; 000 and 003 carry none of their own, so they are described
            // by the headings and the principle they do carry.
            Source::Doc000 => t(
                "000 道歉的案例与法则39「重视！重视再重视！」",
                "000 apology cases and rule 39 \"Take it seriously! Seriously, and again seriously!\"",
            ),
            Source::Doc001 => t(
                "001《处理客户抱怨的七大黄金步骤》",
                "001 \"Seven golden steps of complaint handling\"",
            ),
            Source::Doc002 => t(
                "002《要遵守与客户的约定》",
                "002 \"Keep your appointments with customers\"",
            ),
            Source::Doc003 => t(
                "003「服务人员的责任感重于一切」与承诺",
                "003 \"A service person's sense of responsibility comes before everything\" and promises",
            ),
            Source::Doc004 => t(
                "004《企业承担责任，重获客户信任》",
                "004 \"The business takes responsibility and regains the customer's trust\"",
            ),
        }
    }
}

/// Good practice. The first seven are the golden steps of document 001, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Principle {
    /// 001 step 1: listen with empathy and restate the complaint.
    ListenAndRestate,
    /// 001 step 2: thank the customer for complaining, and say why.
    ThankForComplaint,
    /// 001 step 3: apologise sincerely (for the mistake, or at least for how they feel).
    ApologiseSincerely,
    /// 001 step 4: promise to act now; ask for details only "so I can help you faster".
    PromiseToActNow,
    /// 001 step 5: propose a remedy and a timeline, and let the customer decide.
    ProposeRemedyLetDecide,
    /// 001 step 6: follow up afterwards and confirm they are satisfied.
    ConfirmSatisfaction,
    /// 001 step 7: review the process so it does not happen again.
    FixTheProcess,
    /// 000: apologise in your own name; do not drag the company in.
    ApologiseInOwnName,
    /// 000: after apologising, make up for the loss.
    CompensateAfterApology,
    /// 004: take responsibility before establishing who was at fault.
    TakeResponsibilityFirst,
    /// 000 (rule 40) and 002: keep customers informed while they wait.
    KeepInformed,
    /// 003: promise only what you can keep.
    PromiseOnlyWhatYouCanKeep,
    /// 002: never make a customer repeat themselves.
    NeverMakeThemRepeat,
}

impl Principle {
    pub const ALL: [Principle; 13] = [
        Principle::ListenAndRestate,
        Principle::ThankForComplaint,
        Principle::ApologiseSincerely,
        Principle::PromiseToActNow,
        Principle::ProposeRemedyLetDecide,
        Principle::ConfirmSatisfaction,
        Principle::FixTheProcess,
        Principle::ApologiseInOwnName,
        Principle::CompensateAfterApology,
        Principle::TakeResponsibilityFirst,
        Principle::KeepInformed,
        Principle::PromiseOnlyWhatYouCanKeep,
        Principle::NeverMakeThemRepeat,
    ];

    /// The seven golden steps of document 001, in their order. The one place their number is written:
    /// everything else counts them with [`crate::GOLDEN_STEP_COUNT`].
    pub const GOLDEN_STEPS: [Principle; 7] = [
        Principle::ListenAndRestate,
        Principle::ThankForComplaint,
        Principle::ApologiseSincerely,
        Principle::PromiseToActNow,
        Principle::ProposeRemedyLetDecide,
        Principle::ConfirmSatisfaction,
        Principle::FixTheProcess,
    ];

    /// 1–[`crate::GOLDEN_STEP_COUNT`] for a golden step, `None` for the other principles.
    pub fn golden_step(self) -> Option<usize> {
        Self::GOLDEN_STEPS.iter().position(|p| *p == self).map(|i| i + 1)
    }

    pub fn name(self) -> Bilingual {
        use Principle::*;
        match self {
            ListenAndRestate => t("同理倾听并复述", "Listen with empathy and restate"),
            ThankForComplaint => t("感谢客户的抱怨", "Thank them for complaining"),
            ApologiseSincerely => t("诚心诚意道歉", "Apologise sincerely"),
            PromiseToActNow => t("承诺立即处理", "Promise to act now"),
            ProposeRemedyLetDecide => t(
                "提出方案与时间表，由客户决定",
                "Propose a remedy and timeline; let them decide",
            ),
            ConfirmSatisfaction => t("处理后确认满意度", "Confirm satisfaction afterwards"),
            FixTheProcess => t("检讨流程，避免重犯", "Fix the process"),
            ApologiseInOwnName => t("以自己的名义道歉", "Apologise in your own name"),
            CompensateAfterApology => t("道歉之后给予补偿", "Compensate after apologising"),
            TakeResponsibilityFirst => t("先承担责任，再论对错", "Take responsibility before establishing fault"),
            KeepInformed => t("及时告知处理进度", "Keep them informed while they wait"),
            PromiseOnlyWhatYouCanKeep => t("只承诺做得到的事", "Promise only what you can keep"),
            NeverMakeThemRepeat => t("不让客户重复诉说", "Never make them repeat themselves"),
        }
    }

    /// What the principle asks of the agent, in a sentence, for the glossary and the first-run guide.
    pub fn description(self) -> Bilingual {
        use Principle::*;
        match self {
            ListenAndRestate => t(
                "专心听完，不打断；再用自己的话复述：“您的意思是因为……而觉得不满意，对吗？”",
                "Hear them out without interrupting, then say it back: \"You're unhappy because…, is that right?\"",
            ),
            ThankForComplaint => t(
                "感谢对方花时间来抱怨，并说明为什么：这让我们有改进的机会。先说谢谢，敌意会骤降。",
                "Thank them for taking the time to complain, and say why: it gives you a chance to put it right. Thanks first takes the heat out.",
            ),
            ApologiseSincerely => t(
                "错在自己，就为错误道歉；错不在己，也为对方的心情道歉：“很抱歉让您这么不高兴。”",
                "If you were wrong, apologise for the mistake; if not, still apologise for how they feel: \"I'm sorry this has upset you so.\"",
            ),
            PromiseToActNow => t(
                "表明马上处理的诚意。要问细节，先说“为了尽快帮您处理”，不要盘问。",
                "Show you will act now. If you need details, say \"so I can help you faster\" first; never interrogate.",
            ),
            ProposeRemedyLetDecide => t(
                "提出解决方法和时间表，把决定权交给顾客：“您是否同意我们这么做？”",
                "Offer a remedy and a timeline, and let the customer decide: \"Would that work for you?\"",
            ),
            ConfirmSatisfaction => t(
                "处理之后再联系，确认对方满意：补救是否有效，对方也感到被重视。",
                "Get back in touch afterwards to check they are satisfied: you learn whether the fix worked, and they feel remembered.",
            ),
            FixTheProcess => t(
                "检讨作业流程，找出原因，避免同样的问题再次发生。",
                "Review how it happened and change the process so it does not happen again.",
            ),
            ApologiseInOwnName => t(
                "用“我”道歉，不要把责任推给公司。",
                "Apologise as \"I\", not on the company's behalf.",
            ),
            CompensateAfterApology => t(
                "道歉之后，再弥补顾客的损失。",
                "After the apology, make up for what they lost.",
            ),
            TakeResponsibilityFirst => t(
                "先承担责任、解决问题，再去弄清是谁的错。",
                "Take responsibility and deal with it first; who was at fault can wait.",
            ),
            KeepInformed => t(
                "顾客等待时，主动告知进度，不要让人蒙在鼓里。",
                "While they wait, tell them how it is going; never leave them in the dark.",
            ),
            PromiseOnlyWhatYouCanKeep => t(
                "只承诺做得到的事；做不到，就说清楚能做什么。",
                "Promise only what you can deliver; if you can't, say what you can do.",
            ),
            NeverMakeThemRepeat => t(
                "不要让顾客把同一件事再说一遍。",
                "Never make the customer tell the story again.",
            ),
        }
    }

    /// A name of a few words, for column headers read from the back of a room.
    pub fn short_name(self) -> Bilingual {
        use Principle::*;
        match self {
            ListenAndRestate => t("倾听复述", "Listen"),
            ThankForComplaint => t("感谢抱怨", "Thank"),
            ApologiseSincerely => t("真诚道歉", "Apologise"),
            PromiseToActNow => t("立即处理", "Act now"),
            ProposeRemedyLetDecide => t("方案与决定", "Remedy"),
            ConfirmSatisfaction => t("确认满意", "Follow up"),
            FixTheProcess => t("检讨流程", "Fix process"),
            other => other.name(),
        }
    }

    /// The document that teaches this principle.
    pub fn source(self) -> Source {
        use Principle::*;
        match self {
            ListenAndRestate
            | ThankForComplaint
            | ApologiseSincerely
            | PromiseToActNow
            | ProposeRemedyLetDecide
            | ConfirmSatisfaction
            | FixTheProcess => Source::Doc001,
            ApologiseInOwnName | CompensateAfterApology => Source::Doc000,
            TakeResponsibilityFirst => Source::Doc004,
            KeepInformed | NeverMakeThemRepeat => Source::Doc002,
            PromiseOnlyWhatYouCanKeep => Source::Doc003,
        }
    }
}

/// Responses the documents warn against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum AntiPattern {
    /// 000/004: arguing about who is at fault.
    ArguingFault,
    /// 003/004: "这不是我的错" / "我不是故意的".
    NotMyFault,
    /// 000: the clerk's "不都一样吗?" — belittling what the customer cares about.
    ItsAllTheSame,
    /// 003: "我根本没听过" / "这是第一次出现此类问题".
    NeverHeardOfIt,
    /// 004: "不清楚、不知道".
    DontKnow,
    /// 001: interrogating — "你是跟谁说的?那一天说的?".
    Interrogating,
    /// 000: an apology made to get it over with.
    PerfunctoryApology,
    /// 003: "维修的吃饭去了" — pushing it onto a colleague who is at lunch.
    BlamingColleague,
    /// 000: apologising on the company's behalf to shift responsibility ("公司规定…").
    DraggingCompanyIn,
    /// 003: promising what cannot be kept.
    OverPromising,
    /// 000 rule 39: "很多人都没抱怨啊" — treating the complaint as nitpicking.
    DismissingComplaint,
    /// 002: leaving the customer waiting without news (a late appointment announced at the last minute,
    /// a repair with no word of progress).
    LeftUninformed,
    /// 001 step 6: not calling back / not following up after promising to.
    NoCallBack,
}

impl AntiPattern {
    pub const ALL: [AntiPattern; 13] = [
        AntiPattern::ArguingFault,
        AntiPattern::NotMyFault,
        AntiPattern::ItsAllTheSame,
        AntiPattern::NeverHeardOfIt,
        AntiPattern::DontKnow,
        AntiPattern::Interrogating,
        AntiPattern::PerfunctoryApology,
        AntiPattern::BlamingColleague,
        AntiPattern::DraggingCompanyIn,
        AntiPattern::OverPromising,
        AntiPattern::DismissingComplaint,
        AntiPattern::LeftUninformed,
        AntiPattern::NoCallBack,
    ];

    /// A neutral description of the mistake. It quotes no one: the documents' example lines come from
    /// particular cases, and a debrief that showed them would put words in the trainee's mouth that they
    /// never said (the debrief quotes the trainee's own lines beside it instead).
    pub fn name(self) -> Bilingual {
        use AntiPattern::*;
        match self {
            ArguingFault => t("争论谁对谁错", "Arguing about who is at fault"),
            NotMyFault => t("推说不是自己的错", "Saying it is not your fault"),
            ItsAllTheSame => t("轻视客户在意的事", "Belittling what the customer cares about"),
            NeverHeardOfIt => t("推说从没听说过", "Claiming never to have heard of it"),
            DontKnow => t("推说不清楚、不知道", "Saying you don't know"),
            Interrogating => t("盘问客户", "Interrogating the customer"),
            PerfunctoryApology => t("敷衍的道歉", "A perfunctory apology"),
            BlamingColleague => t("推给同事", "Blaming a colleague"),
            DraggingCompanyIn => t("把公司拉下水", "Dragging the company in"),
            OverPromising => t("轻率许诺", "Over-promising"),
            DismissingComplaint => t("认为客户在挑刺", "Treating the complaint as nitpicking"),
            LeftUninformed => t("让客户蒙在鼓里", "Leaving the customer uninformed"),
            NoCallBack => t("说好回电却没有回电", "Not calling back as promised"),
        }
    }

    pub fn source(self) -> Source {
        use AntiPattern::*;
        match self {
            ArguingFault | ItsAllTheSame | PerfunctoryApology | DraggingCompanyIn | DismissingComplaint => {
                Source::Doc000
            }
            Interrogating | NoCallBack => Source::Doc001,
            LeftUninformed => Source::Doc002,
            NotMyFault | NeverHeardOfIt | BlamingColleague | OverPromising => Source::Doc003,
            DontKnow => Source::Doc004,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn golden_steps_are_numbered_one_to_seven_in_document_order() {
        assert_eq!(Principle::ListenAndRestate.golden_step(), Some(1));
        assert_eq!(Principle::FixTheProcess.golden_step(), Some(7));
        assert_eq!(Principle::KeepInformed.golden_step(), None);
    }

    #[test]
    fn every_name_is_translated() {
        for p in Principle::ALL {
            assert!(p.name().missing().is_empty(), "{p:?}");
            assert!(p.short_name().missing().is_empty(), "{p:?}");
        }
        for a in AntiPattern::ALL {
            assert!(a.name().missing().is_empty(), "{a:?}");
        }
    }

    #[test]
    fn mistake_names_quote_no_line_from_any_case() {
        for a in AntiPattern::ALL {
            let name = a.name();
            for quote in ['“', '”', '"', '「', '（'] {
                assert!(
                    !name.zh.contains(quote) && !name.en.contains(quote),
                    "{a:?} quotes a line the trainee may never have said: {name:?}"
                );
            }
        }
    }
}
