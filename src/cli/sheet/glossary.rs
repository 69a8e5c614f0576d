//! The words of the spreadsheet's read-only glossary: every tag a choice may carry, with what it means and
//! a line that shows it, and the conditions a `when` cell may hold.

use goodwill_engine::text::{Bilingual, t};
use goodwill_engine::{AntiPattern, Principle};

/// What a principle asks for, and a line that does it. The definition is the engine's own
/// ([`Principle::description`]); the example is written for authors.
pub fn principle_example(p: Principle) -> Bilingual {
    use Principle::*;
    match p {
        ListenAndRestate => t(
            "“您是说，订好的蛋糕下午三点还没送到，聚会快开始了，对吗？”",
            "\"So the cake you ordered still hasn't come at three, and the party is about to start — is that right?\"",
        ),
        ThankForComplaint => t(
            "“谢谢您专门打电话来告诉我们，这让我们有机会改正。”",
            "\"Thank you for calling to tell us: it gives us the chance to put it right.\"",
        ),
        ApologiseSincerely => t(
            "“真对不起，让您白等了一个下午。”",
            "\"I'm truly sorry you waited all afternoon for nothing.\"",
        ),
        PromiseToActNow => t(
            "“我现在就查，为了尽快帮您处理，请告诉我订单号。”",
            "\"I'm looking into it right now; so I can help you faster, may I have the order number?\"",
        ),
        ProposeRemedyLetDecide => t(
            "“我可以今晚六点前重新送一个，或者全额退款，您看哪样更好？”",
            "\"I can deliver a new one before six tonight, or refund you in full: which would you prefer?\"",
        ),
        ConfirmSatisfaction => t(
            "“明天我再打电话问问，新的蛋糕大家还满意吗。”",
            "\"I'll call tomorrow to ask whether everyone was happy with the new cake.\"",
        ),
        FixTheProcess => t(
            "“我会让配送单上写清送达时间，以后不再出这样的事。”",
            "\"I'll have the delivery time written on every order so this doesn't happen again.\"",
        ),
        ApologiseInOwnName => t(
            "“是我没安排好，我向您道歉。”",
            "\"I didn't arrange it properly, and I apologise.\"",
        ),
        CompensateAfterApology => t(
            "“真对不起。这次的运费我们不收了，再送您一张优惠券。”",
            "\"I'm so sorry. We won't charge the delivery, and here is a voucher for next time.\"",
        ),
        TakeResponsibilityFirst => t(
            "“先不说是谁的错，我马上把这件事处理好。”",
            "\"Whoever's fault it was, let me sort this out for you first.\"",
        ),
        KeepInformed => t(
            "“师傅还在路上，预计二十分钟到，我十分钟后再给您打电话。”",
            "\"The driver is on his way, about twenty minutes out; I'll ring you again in ten.\"",
        ),
        PromiseOnlyWhatYouCanKeep => t(
            "“今天送不到了，但明早九点前一定送到。”",
            "\"It can't arrive today, but it will be with you before nine tomorrow morning.\"",
        ),
        NeverMakeThemRepeat => t(
            "“同事已经跟我说了经过，您不用再讲一遍。”",
            "\"My colleague has told me what happened; you needn't go through it again.\"",
        ),
    }
}

/// What an anti-pattern is, in a sentence, and a line that commits it.
pub fn anti_pattern_entry(a: AntiPattern) -> (Bilingual, Bilingual) {
    use AntiPattern::*;
    match a {
        ArguingFault => (
            t(
                "和客户争论到底是谁的错。",
                "Arguing with the customer about whose fault it was.",
            ),
            t(
                "“明明是您自己转身碰翻的。”",
                "\"You turned round and knocked it over yourself.\"",
            ),
        ),
        NotMyFault => (
            t(
                "推说这不是自己的错、不是故意的。",
                "Saying it is not your fault, or that you didn't mean it.",
            ),
            t("“这又不是我的错。”", "\"It's not my fault.\""),
        ),
        ItsAllTheSame => (
            t(
                "轻视客户在意的事，好像没什么区别。",
                "Belittling what the customer cares about, as if it made no difference.",
            ),
            t("“不都一样吗？”", "\"Isn't it all the same?\""),
        ),
        NeverHeardOfIt => (
            t(
                "推说从来没听说过这种问题。",
                "Claiming never to have heard of such a problem.",
            ),
            t("“我根本没听过这种事。”", "\"I've never heard of that happening.\""),
        ),
        DontKnow => (
            t(
                "一句“不清楚、不知道”就把客户打发了。",
                "Fobbing the customer off with \"I don't know\".",
            ),
            t("“这个我不清楚。”", "\"I've no idea about that.\""),
        ),
        Interrogating => (
            t(
                "盘问客户，像在审问而不是帮忙。",
                "Questioning the customer as if in a cross-examination, not to help.",
            ),
            t(
                "“你是跟谁说的？哪一天说的？”",
                "\"Who did you speak to? Which day was it?\"",
            ),
        ),
        PerfunctoryApology => (
            t(
                "为了应付而道歉，话里没有诚意。",
                "Apologising to get it over with, with no sincerity in it.",
            ),
            t("“行行行，对不起，可以了吧。”", "\"Fine, fine, sorry. Happy now?\""),
        ),
        BlamingColleague => (
            t(
                "把问题推给不在场的同事。",
                "Pushing the problem onto a colleague who is not there.",
            ),
            t(
                "“维修的吃饭去了，我也没办法。”",
                "\"The repairer is at lunch; there's nothing I can do.\"",
            ),
        ),
        DraggingCompanyIn => (
            t(
                "搬出公司、规定或流程来推卸自己的责任。",
                "Hiding behind the company, its rules or its procedure to shed your own responsibility.",
            ),
            t(
                "“公司规定就是这样，我也做不了主。”",
                "\"Company policy, I'm afraid; it's not up to me.\"",
            ),
        ),
        OverPromising => (
            t("许下自己做不到的承诺。", "Promising what you cannot deliver."),
            t(
                "“放心，半小时内一定送到！”",
                "\"Don't worry, it'll be there within half an hour, guaranteed!\"",
            ),
        ),
        DismissingComplaint => (
            t(
                "认为客户在挑刺，把投诉当作小题大做。",
                "Treating the complaint as nitpicking, making light of it.",
            ),
            t("“很多人都没抱怨啊。”", "\"Nobody else has complained.\""),
        ),
        LeftUninformed => (
            t(
                "让客户干等，没有消息，或到最后一刻才告诉他。",
                "Leaving the customer waiting without news, or telling them at the last minute.",
            ),
            t(
                "“您再等等吧。”（然后一直没有消息）",
                "\"Just wait a bit longer.\" (and then no news)",
            ),
        ),
        NoCallBack => (
            t(
                "说好回电、跟进，却没有做到。",
                "Not calling back or following up as promised.",
            ),
            t(
                "“等他回来再说吧。”（说好两点前回电）",
                "\"We'll see when he's back.\" (after promising a call by two)",
            ),
        ),
    }
}

/// The conditions a `when` cell may hold: how to write each, and what it means.
pub const CONDITIONS: [(&str, &str, &str); 8] = [
    (
        "PromiseOpen(id)",
        "承诺已许下、尚未兑现",
        "the promise was made and is still owed",
    ),
    ("PromiseKept(id)", "承诺已兑现", "the promise was made and kept"),
    ("PromiseBroken(id)", "承诺已违背", "the promise was made and broken"),
    (
        "PromiseNotMade(id)",
        "这条路上没有许下这个承诺",
        "the promise was not made on this path",
    ),
    ("Happened(id)", "事件已发生", "the event was marked on this path"),
    (
        "NotHappened(id)",
        "事件没有发生",
        "the event was not marked on this path",
    ),
    (
        "BalanceAbove(n)",
        "到达时余额高于 n",
        "the balance on arrival is above n",
    ),
    (
        "BalanceBelow(n)",
        "到达时余额低于 n",
        "the balance on arrival is below n",
    ),
];
