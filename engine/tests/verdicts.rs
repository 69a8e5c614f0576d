//! The verdicts of the shipped cases: each case scores the responses its source document praises and
//! criticises as the document judges them (the tier, with a margin, and which answer ends above which).
//!
//! One section per case, in the order of the documents (000–004). **An eleventh case's verdicts go here**,
//! in a new section placed by its document, headed `// ── <document>: <the case> ──`; its other rules
//! (clean load, role card, pairing, no length tell) are checked by `shipped_cases.rs` without a word from
//! you, once the case is in its table there. Write each verdict as a walk (`common::walk`) of picks that
//! describe what each answer *does* — `applies_all(&[P::…])`, `commits_all(&[A::…])`, `commits_only`,
//! `opens("promise")`, `keeps`, `breaks_promise`, `clean()`, combined with `.and(…)` — never its position
//! or wording: a pick that matches no offered choice, or more than one, fails and says where. Then state
//! the document's judgement with `assert_verdict("what the document calls it", &report, Outcome::…)`
//! (the tier with 8 points of margin), and compare praised and criticised answers by `final_balance` and
//! `outcome`. Name the test after what the document says happens: `<case>_<answer>_<wins|loses|ends below>…`.

mod common;

use common::*;

use goodwill_engine::analyze::analyze;
use goodwill_engine::{AntiPattern, Outcome, Principle};

use AntiPattern as A;
use Principle as P;

// ── 000: the spilled soup ────────────────────────────────────────────────────────────────────────

/// 小张's way in 000: apologise in his own name and offer dry-cleaning and a fresh soup, bring the suit
/// back before they leave, wave away Mr Li's own apology. Mr Li becomes a regular — 000: “小张真心地向客户
/// 道歉，并且提出了一些补偿措施” … “李先生成了这家酒店的常客”.
fn soup_praised() -> Vec<Pick> {
    vec![
        applies(Principle::ApologiseInOwnName)
            .and(applies(Principle::CompensateAfterApology))
            .and(promises("suit-back")),
        applies(Principle::PromiseToActNow).and(applies(Principle::KeepInformed)),
        applies(Principle::KeepInformed).and(clean()),
        keeps("suit-back").and(applies(Principle::ConfirmSatisfaction)),
        applies(Principle::TakeResponsibilityFirst).and(clean()),
        applies(Principle::FixTheProcess),
    ]
}

#[test]
fn soup_praised_apology_and_dry_cleaning_win_a_regular() {
    let s = shipped_case("spilled-soup");
    let report = walk(&s, soup_praised());
    assert_tier_with_margin(&report, Outcome::Loyal);
    assert!(report.golden_applied.contains(&Principle::ApologiseSincerely));
    assert!(report.other_principles.contains(&Principle::ApologiseInOwnName));
    assert!(report.other_principles.contains(&Principle::CompensateAfterApology));
    assert!(report.anti_patterns.is_empty(), "{:?}", report.anti_patterns);
}

#[test]
fn soup_arguing_that_the_guest_turned_round_loses_him() {
    let s = shipped_case("spilled-soup");
    // 000: “如果…小张认定不是自己的过错…而是指出客户的错误。那么他的这种行为一定会惹怒客户”.
    let report = walk(
        &s,
        vec![
            breaks(AntiPattern::NotMyFault).and(breaks(AntiPattern::ArguingFault)),
            breaks(AntiPattern::ArguingFault),
        ],
    );
    assert_tier_with_margin(&report, Outcome::Lost);
    assert!(report.anti_patterns.contains(&AntiPattern::ArguingFault));
}

#[test]
fn soup_over_promising_a_new_suit_ends_below_the_honest_remedy() {
    let s = shipped_case("spilled-soup");
    // After the towel, the honest remedy (dry-cleaning, agreed with him) against a new suit a waiter
    // cannot deliver — 003: “随意承诺无法实现的事情，那最终的损失要比失去一次服务严重得多”.
    let towel = || {
        applies(Principle::ApologiseSincerely)
            .and(not(applies(Principle::CompensateAfterApology)))
            .and(clean())
    };
    let rest = || {
        vec![
            applies(Principle::PromiseToActNow).and(applies(Principle::KeepInformed)),
            applies(Principle::KeepInformed).and(clean()),
            keeps("suit-back").and(applies(Principle::ConfirmSatisfaction)),
            applies(Principle::TakeResponsibilityFirst).and(clean()),
            applies(Principle::FixTheProcess),
        ]
    };
    let mut honest = vec![
        towel(),
        applies(Principle::ProposeRemedyLetDecide).and(promises("suit-back")),
    ];
    honest.extend(rest());
    let honest = walk(&s, honest);
    // The head waiter overrules the new suit: owning up at once and offering the dry-cleaning (003's
    // "第一时间向客户表示歉意…补救措施") still ends below never over-promising.
    let mut owned = vec![
        towel(),
        breaks(AntiPattern::OverPromising).and(promises("new-suit")),
        breaks_promise("new-suit").and(promises("suit-back")),
    ];
    owned.extend(rest());
    let owned = walk(&s, owned);
    assert!(owned.final_balance < honest.final_balance);
    assert!(owned.outcome < honest.outcome);
    // Putting it off ("明天照常去") leaves the promise owed when he leaves: lost.
    let put_off = walk(
        &s,
        vec![
            towel(),
            breaks(AntiPattern::OverPromising).and(promises("new-suit")),
            commits_only(&[A::OverPromising]),
        ],
    );
    assert_verdict("the new suit put off", &put_off, Outcome::Lost);
    assert!(honest.outcome >= Outcome::Retained, "{}", honest.final_balance);
}

#[test]
fn an_apology_rated_insincere_earns_less_than_one_rated_sincere() {
    // 000: the apology works only when it is sincere. Same words, same path: the customer player's rating
    // decides how much of each marked deposit lands.
    let soup = shipped_case("spilled-soup");
    let sincere = walk_rated(&soup, soup_praised(), Some(5));
    let as_written = walk(&soup, soup_praised());
    let hollow = walk_rated(&soup, soup_praised(), Some(1));
    assert_eq!(sincere.outcome, Outcome::Loyal);
    assert!(sincere.final_balance >= as_written.final_balance);
    assert!(
        hollow.final_balance < as_written.final_balance - 15,
        "a hollow apology must cost the trainee: {} vs {}",
        hollow.final_balance,
        as_written.final_balance
    );
    assert!(
        hollow.outcome < Outcome::Loyal,
        "the praised words said insincerely must not win loyalty"
    );
    let rated: Vec<Option<u8>> = hollow.steps.iter().map(|s| s.sincerity).collect();
    assert!(
        rated.contains(&Some(1)),
        "rated steps carry their rating into the report"
    );
    // Unmarked lines ignore a rating: an insult is not softened or worsened by how it is said.
    let argued = || {
        vec![
            breaks(AntiPattern::NotMyFault).and(breaks(AntiPattern::ArguingFault)),
            breaks(AntiPattern::ArguingFault),
        ]
    };
    assert_eq!(
        walk_rated(&soup, argued(), Some(5)).final_balance,
        walk(&soup, argued()).final_balance
    );
}

// ── 000: the missing epaulette ───────────────────────────────────────────────────────────────────

/// The owner's recovery in 000: he hears her out (“他首先没有辩解，而是倾听”), reproves the assistant in
/// front of her and apologises, has the coat fetched for the next day (“您可以明天再过来，我们去取货”), and
/// apologises again when she collects it.
fn owner_recovery() -> Vec<Pick> {
    vec![
        applies(Principle::ListenAndRestate).and(clean()),
        applies(Principle::TakeResponsibilityFirst).and(applies(Principle::ApologiseSincerely)),
        applies(Principle::ProposeRemedyLetDecide).and(promises("coat-tomorrow")),
        keeps("coat-tomorrow").and(applies(Principle::ApologiseSincerely)),
        applies(Principle::ThankForComplaint).and(clean()),
    ]
}

#[test]
fn epaulette_clerks_line_then_the_owners_recovery_wins_a_regular() {
    let s = shipped_case("missing-epaulette");
    let mut path = vec![breaks(AntiPattern::ItsAllTheSame).and(breaks(AntiPattern::DismissingComplaint))];
    path.extend(owner_recovery());
    let report = walk(&s, path);
    assert_tier_with_margin(&report, Outcome::Loyal);
    assert!(report.anti_patterns.contains(&AntiPattern::ItsAllTheSame));
    assert!(report.golden_applied.contains(&Principle::ListenAndRestate));
    assert!(report.golden_applied.contains(&Principle::ApologiseSincerely));
}

/// 000 as it tells it: the clerk's offhand “昨天那件没有了，昨晚上其他人把它买走了”, then “不都一样吗？有什么
/// 区别？”, then the owner's recovery — “林小姐又多次到这个服装店买衣服，对自己的朋友也多次推荐”: loyal, with
/// 8 points of margin.
#[test]
fn epaulette_as_000_tells_it_the_clerks_two_lines_then_the_owners_recovery_win_a_regular() {
    let s = shipped_case("missing-epaulette");
    let mut path = vec![
        commits_only(&[A::DismissingComplaint]),
        commits_all(&[A::ItsAllTheSame, A::DismissingComplaint]),
    ];
    path.extend(owner_recovery());
    let report = walk(&s, path);
    assert_verdict("000's clerk, then the owner", &report, Outcome::Loyal);
    assert!(report.anti_patterns.contains(&A::ItsAllTheSame));
    assert!(report.anti_patterns.contains(&A::DismissingComplaint));
}

#[test]
fn epaulette_clerks_isnt_it_all_the_same_with_no_recovery_loses_her() {
    let s = shipped_case("missing-epaulette");
    // The clerk carries on arguing (000: “不都一样吗？有什么区别？” … “导致事情越来越糟，几乎闹翻”); the owner
    // never gets to put it right.
    let report = walk(
        &s,
        vec![
            breaks(AntiPattern::ItsAllTheSame).and(breaks(AntiPattern::DismissingComplaint)),
            breaks(AntiPattern::ItsAllTheSame),
        ],
    );
    assert_tier_with_margin(&report, Outcome::Lost);
    assert!(report.anti_patterns.contains(&AntiPattern::ItsAllTheSame));
}

#[test]
fn epaulette_listening_first_and_keeping_the_promise_wins_a_regular() {
    let s = shipped_case("missing-epaulette");
    let report = walk(
        &s,
        vec![
            applies(Principle::ListenAndRestate).and(clean()),
            applies(Principle::ThankForComplaint).and(applies(Principle::ApologiseInOwnName)),
            applies(Principle::ProposeRemedyLetDecide).and(promises("coat-tomorrow")),
            keeps("coat-tomorrow").and(applies(Principle::ApologiseSincerely)),
            applies(Principle::ConfirmSatisfaction).and(clean()),
        ],
    );
    assert_tier_with_margin(&report, Outcome::Loyal);
    assert!(report.anti_patterns.is_empty(), "{:?}", report.anti_patterns);
}

#[test]
fn epaulette_over_promising_half_an_hour_ends_below_the_honest_tomorrow() {
    let s = shipped_case("missing-epaulette");
    let start = || {
        vec![
            applies(Principle::ListenAndRestate).and(clean()),
            applies(Principle::ThankForComplaint).and(applies(Principle::ApologiseInOwnName)),
        ]
    };
    let mut honest = start();
    honest.push(applies(Principle::ProposeRemedyLetDecide).and(promises("coat-tomorrow")));
    honest.push(keeps("coat-tomorrow").and(applies(Principle::ApologiseSincerely)));
    honest.push(applies(Principle::ConfirmSatisfaction).and(clean()));
    let mut over = start();
    over.push(breaks(AntiPattern::OverPromising).and(promises("half-hour")));
    // The best that can follow: own up, and keep the new, honest promise.
    over.push(breaks_promise("half-hour").and(promises("coat-tomorrow")));
    over.push(keeps("coat-tomorrow").and(applies(Principle::ApologiseSincerely)));
    over.push(applies(Principle::ConfirmSatisfaction).and(clean()));
    let honest = walk(&s, honest);
    let over = walk(&s, over);
    assert!(
        over.final_balance < honest.final_balance,
        "{} vs {}",
        over.final_balance,
        honest.final_balance
    );
    assert!(over.outcome < honest.outcome);
}

// ── 001: the drained lagoon ──────────────────────────────────────────────────────────────────────

#[test]
fn drained_lagoon_jennas_answer_wins_the_guest_and_the_schedule_loses_her() {
    let s = shipped_case("drained-lagoon");
    // Jenna: thanks for calling, the room-notice system failed, "的确是我们的错误"; then the golden steps.
    let praised = walk(
        &s,
        &[
            applies_all(&[P::ThankForComplaint, P::ApologiseSincerely, P::TakeResponsibilityFirst]),
            applies_all(&[P::ProposeRemedyLetDecide]).and(opens("refill-by-three")),
            keeps("refill-by-three"),
            applies_all(&[P::FixTheProcess]),
        ],
    );
    assert_verdict("Jenna's answer", &praised, Outcome::Loyal);
    assert!(praised.anti_patterns.is_empty());
    for step in [
        P::ThankForComplaint,
        P::ApologiseSincerely,
        P::ProposeRemedyLetDecide,
        P::FixTheProcess,
    ] {
        assert!(praised.golden_applied.contains(&step), "missing {step:?}");
    }
    // "That's the cleaning schedule", then arguing about the notice.
    let criticised = walk(
        &s,
        &[
            commits_all(&[A::NotMyFault, A::DismissingComplaint]),
            commits_all(&[A::ArguingFault]),
        ],
    );
    assert_verdict("the cleaning-schedule answer", &criticised, Outcome::Lost);
    assert!(criticised.anti_patterns.contains(&A::NotMyFault));
}

#[test]
fn drained_lagoon_promising_the_water_in_an_hour_ends_below_the_honest_three_pm() {
    let s = shipped_case("drained-lagoon");
    let first = || applies_all(&[P::ThankForComplaint, P::ApologiseSincerely, P::TakeResponsibilityFirst]);
    let honest = walk(
        &s,
        &[
            first(),
            opens("refill-by-three"),
            keeps("refill-by-three"),
            applies_all(&[P::FixTheProcess]),
        ],
    );
    let over = walk(
        &s,
        &[
            first(),
            opens("refill-in-hour"),
            breaks_promise("refill-in-hour").and(applies_all(&[P::ApologiseSincerely])),
            applies_all(&[P::FixTheProcess]),
        ],
    );
    assert!(over.final_balance < honest.final_balance);
    assert!(over.outcome < honest.outcome);
    assert!(over.anti_patterns.contains(&A::OverPromising));
}

// ── 002: late for the appointment ────────────────────────────────────────────────────────────────

#[test]
fn late_ringing_early_to_apologise_and_reschedule_wins_and_the_two_fifty_call_loses() {
    let s = shipped_case("late-for-appointment");
    let praised = walk(
        &s,
        &[
            applies_all(&[P::KeepInformed]),
            applies_all(&[P::ApologiseSincerely, P::ProposeRemedyLetDecide]),
            opens("four-sharp"),
            keeps("four-sharp").and(clean()),
        ],
    );
    assert_verdict("ringing early", &praised, Outcome::Loyal);
    assert!(praised.anti_patterns.is_empty());
    // Waiting, then at 2:50 "跟您说一声", then leaving him waiting again.
    let criticised = walk(
        &s,
        &[
            commits_only(&[A::LeftUninformed]),
            commits_all(&[A::LeftUninformed, A::PerfunctoryApology]),
            commits_only(&[A::LeftUninformed]),
        ],
    );
    assert_verdict("the 2:50 call", &criticised, Outcome::Lost);
    assert!(criticised.anti_patterns.contains(&A::LeftUninformed));
    // A text first, or a sincere apology only at 2:50, both stay below ringing early.
    let rest = || [opens("four-sharp"), keeps("four-sharp").and(clean())];
    let mut texted = vec![
        commits_all(&[A::PerfunctoryApology]),
        applies_all(&[P::ApologiseSincerely]),
    ];
    texted.extend(rest());
    let texted = walk(&s, &texted);
    let mut late_sorry = vec![
        commits_only(&[A::LeftUninformed]),
        applies_all(&[P::ApologiseSincerely]),
    ];
    late_sorry.extend(rest());
    let late_sorry = walk(&s, &late_sorry);
    // 002: both are what it forbids ("千万不要"), however well the apology that follows is meant.
    assert!(
        texted.outcome <= Outcome::Resolved,
        "{:?} {}",
        texted.outcome,
        texted.final_balance
    );
    assert!(
        late_sorry.outcome <= Outcome::Resolved,
        "{:?} {}",
        late_sorry.outcome,
        late_sorry.final_balance
    );
    // "Fifteen minutes at most" when you know it is an hour: owned up to at the door, still below.
    let over = walk(
        &s,
        &[
            applies_all(&[P::KeepInformed]),
            applies_all(&[P::ApologiseSincerely, P::ProposeRemedyLetDecide]),
            opens("quarter-past"),
            breaks_promise("quarter-past").and(applies_all(&[P::ApologiseSincerely])),
        ],
    );
    assert!(over.outcome <= Outcome::Resolved && over.final_balance < praised.final_balance);
}

/// 002: "千万不要用发短信的方式通知对方自己会迟到。" A text instead of a call — and, when he rings, another
/// text instead of picking up — loses him, 8 points inside lost; so does answering his call with "这不怪我".
#[test]
fn late_a_text_instead_of_a_call_loses_him() {
    let s = shipped_case("late-for-appointment");
    let text = || commits_all(&[A::LeftUninformed, A::PerfunctoryApology]).and(no_promise());
    let texted_twice = walk(&s, &[text(), commits_all(&[A::PerfunctoryApology, A::LeftUninformed])]);
    assert_verdict("a text, then another text", &texted_twice, Outcome::Lost);
    let excused = walk(&s, &[text(), commits_all(&[A::NotMyFault])]);
    assert_verdict("a text, then 'not my fault'", &excused, Outcome::Lost);
}

// ── 003: the roaming charge ──────────────────────────────────────────────────────────────────────
// 003 sets the call as a role play (角色模拟 2) and leaves the answer open ("答案略"): the verdicts
// pinned here are 003's and 004's rules applied to it.

#[test]
fn roaming_charge_golden_steps_win_loyalty() {
    let s = shipped_case("roaming-charge");
    // 003: "负责任，主要表现在真实的反应情况、不歪曲事实、不掩盖事实"; "一旦承诺就要想办法兑现";
    // 001's seven steps in order.
    let report = walk(
        &s,
        vec![
            applies(Principle::ListenAndRestate).and(applies(Principle::ThankForComplaint)),
            applies(Principle::NeverMakeThemRepeat).and(clean()),
            applies(Principle::TakeResponsibilityFirst).and(clean()),
            applies(Principle::ProposeRemedyLetDecide).and(promises("refund-3days")),
            promises("callback").and(clean()),
            keeps("refund-3days").and(applies(Principle::FixTheProcess)),
        ],
    );
    assert_verdict(
        "003 “真实的反应情况、不歪曲事实、不掩盖事实”, promises kept",
        &report,
        Outcome::Loyal,
    );
    assert!(report.golden_missed.is_empty(), "missed {:?}", report.golden_missed);
    assert!(report.anti_patterns.is_empty(), "{:?}", report.anti_patterns);
}

#[test]
fn roaming_charge_excuses_lose_the_customer() {
    let s = shipped_case("roaming-charge");
    // 003: "“这不是我的错。”“我不是故意的。”……自己已经失去了这些客户", then blaming the system.
    let report = walk(
        &s,
        vec![
            breaks(AntiPattern::NotMyFault).and(breaks(AntiPattern::ArguingFault)),
            breaks(AntiPattern::NotMyFault).and(breaks(AntiPattern::DraggingCompanyIn)),
        ],
    );
    assert_verdict("003 “这不是我的错……已经失去了这些客户”", &report, Outcome::Lost);
}

#[test]
fn roaming_charge_instant_refund_over_promise_ends_below_the_honest_review() {
    let s = shipped_case("roaming-charge");
    // 003: "如果随意承诺无法实现的事情，那最终的损失要比失去一次服务严重得多".
    let start = || {
        vec![
            applies(Principle::ListenAndRestate).and(applies(Principle::ThankForComplaint)),
            applies(Principle::NeverMakeThemRepeat).and(clean()),
            applies(Principle::TakeResponsibilityFirst).and(clean()),
        ]
    };
    let mut honest = start();
    honest.push(applies(Principle::ProposeRemedyLetDecide).and(promises("refund-3days")));
    honest.push(promises("callback").and(clean()));
    honest.push(keeps("refund-3days").and(applies(Principle::FixTheProcess)));
    let mut over = start();
    over.push(breaks(AntiPattern::OverPromising).and(promises("instant-refund")));
    // The best that can follow: apologise, explain, and make the honest promise.
    over.push(breaks_promise("instant-refund").and(promises("refund-3days")));
    over.push(promises("callback").and(clean()));
    over.push(keeps("refund-3days").and(applies(Principle::FixTheProcess)));
    let honest = walk(&s, honest);
    let over = walk(&s, over);
    assert!(
        over.final_balance < honest.final_balance,
        "{} vs {}",
        over.final_balance,
        honest.final_balance
    );
    assert!(over.outcome < honest.outcome);
}

// ── 003: the repairer at lunch ───────────────────────────────────────────────────────────────────

#[test]
fn repairer_reference_answer_makes_a_loyal_customer_and_passing_the_buck_loses_him() {
    let s = shipped_case("repairer-at-lunch");
    // 003's reference answer: "对不起，我们的维修人员去吃饭了，请您告诉我是什么问题，看看我能不能帮助您
    // 解决？" and only if that fails "您可以放在这儿，等维修的过来"; then 003's "要打电话给客户以确认问题
    // 是否得到了解决".
    let praised = walk(
        &s,
        &[
            applies_all(&[P::ApologiseSincerely, P::PromiseToActNow]),
            applies_all(&[P::ListenAndRestate]),
            applies_all(&[P::ProposeRemedyLetDecide]).and(opens("call-by-two")),
            keeps("call-by-two").and(clean()),
        ],
    );
    assert_verdict(
        "003 参考答案 “对不起，我们的维修人员去吃饭了……”",
        &praised,
        Outcome::Loyal,
    );
    assert!(praised.anti_patterns.is_empty());
    // "“维修的去吃饭了”，这样说等于推卸责任", then 004's "不清楚".
    let criticised = walk(&s, &[commits_only(&[A::BlamingColleague]), commits_all(&[A::DontKnow])]);
    assert_verdict("003 “维修的去吃饭了”……等于推卸责任", &criticised, Outcome::Lost);
    assert!(criticised.anti_patterns.contains(&A::BlamingColleague));
    // The same brush-off followed by "every shop's the same" (000's "不都一样吗") is lost too.
    let dismissed = walk(
        &s,
        &[commits_only(&[A::BlamingColleague]), commits_all(&[A::ItsAllTheSame])],
    );
    assert_verdict("003 “维修的去吃饭了” + 000 “不都一样吗”", &dismissed, Outcome::Lost);
}

#[test]
fn repairer_ten_minute_guarantee_ends_below_the_honest_call_back() {
    let s = shipped_case("repairer-at-lunch");
    // 003: "如果随意承诺无法实现的事情，那最终的损失要比失去一次服务严重得多".
    let start = || applies_all(&[P::ApologiseSincerely, P::PromiseToActNow]);
    let honest = walk(
        &s,
        &[
            start(),
            applies_all(&[P::ListenAndRestate]),
            opens("call-by-two"),
            keeps("call-by-two").and(clean()),
        ],
    );
    let over = walk(
        &s,
        &[
            start(),
            applies_all(&[P::ListenAndRestate]),
            opens("ten-minutes").and(applies(P::PromiseToActNow)),
            breaks_promise("ten-minutes").and(applies_all(&[P::ApologiseSincerely])),
        ],
    );
    assert_verdict("003 “一旦发现无法兑现……第一时间……表示歉意”", &over, Outcome::Resolved);
    assert!(over.final_balance < honest.final_balance);
}

// ── 003: the movers with no truck ────────────────────────────────────────────────────────────────

#[test]
fn movers_honest_decline_with_options_wins_and_the_phantom_truck_is_the_worst() {
    let s = shipped_case("movers-no-truck");
    // 003's reference answer: "我知道您希望马上给您服务，不过您也了解，我们公司和你家的距离太远，况且现在
    // 司机又少……", then what can be done.
    let praised = walk(
        &s,
        &[
            applies_all(&[P::ListenAndRestate]),
            applies_all(&[P::PromiseOnlyWhatYouCanKeep]),
            applies_all(&[P::ProposeRemedyLetDecide]).and(opens("by-half-three")),
            keeps("by-half-three").and(clean()),
            applies_all(&[P::FixTheProcess]),
        ],
    );
    assert_verdict(
        "003 参考答案 “我知道您希望马上给您服务，不过……”",
        &praised,
        Outcome::Loyal,
    );
    assert!(praised.other_principles.contains(&P::PromiseOnlyWhatYouCanKeep));
    // "已经确定客户的某些需求无法给予满足，就千万不要轻易进行承诺": promise a truck you don't have,
    // then blame the traffic and dispatch.
    let worst = walk(&s, &[opens("truck-now"), commits_all(&[A::NotMyFault])]);
    assert_verdict("003 “千万不要轻易进行承诺”", &worst, Outcome::Lost);
    assert!(worst.account_closed);
    // The analyser's worst path over the whole case also runs through that promise.
    let analysis = analyze(&s);
    let low = analysis.worst.unwrap();
    let mut node = s.node_index(&s.start).unwrap();
    let mut promised = false;
    for &c in &low.choices {
        let choice = &s.nodes[node].choices[c];
        promised |= choice.promise.as_deref() == Some("truck-now");
        match &choice.next {
            goodwill_engine::schema::Next::Node(id) => node = s.node_index(id).unwrap(),
            goodwill_engine::schema::Next::End => break,
        }
    }
    assert!(promised, "the worst path should promise the truck that doesn't exist");
}

#[test]
fn movers_owning_the_broken_promise_at_once_recovers_only_to_resolved() {
    let s = shipped_case("movers-no-truck");
    // 003: "一旦发现无法兑现对客户许下的承诺，服务人员就要在第一时间向客户表示歉意……还要主动提出具体的
    // 补救措施".
    let recovered = walk(
        &s,
        &[
            opens("truck-now"),
            breaks_promise("truck-now").and(applies_all(&[P::ApologiseSincerely])),
            keeps("by-half-three").and(clean()),
            applies_all(&[P::FixTheProcess]),
        ],
    );
    assert_verdict("003 “第一时间向客户表示歉意”", &recovered, Outcome::Resolved);
    let honest = walk(
        &s,
        &[
            applies_all(&[P::ListenAndRestate]),
            applies_all(&[P::PromiseOnlyWhatYouCanKeep]),
            opens("by-half-three"),
            keeps("by-half-three").and(clean()),
            applies_all(&[P::FixTheProcess]),
        ],
    );
    assert!(recovered.final_balance < honest.final_balance);
    // Another empty promise instead ("快了快了"): 003's "蒙混过关……纯粹是一种侥幸心理".
    let bluff = walk(&s, &[opens("truck-now"), commits_only(&[A::OverPromising])]);
    assert_verdict("003 “蒙混过关……侥幸心理”", &bluff, Outcome::Lost);
}

// ── 003: the house deposit ───────────────────────────────────────────────────────────────────────

#[test]
fn house_deposit_careful_promise_kept_wins_and_holding_it_whatever_then_failing_loses() {
    let s = shipped_case("house-deposit");
    // 003: "对于不能确保兑现的客户要求，服务人员应该坚持“谨慎许诺”的原则"; "可以对其进行比较委婉的承诺，
    // 但是要同时告知客户可能会出现的其他情况".
    let praised = walk(
        &s,
        &[
            applies_all(&[P::ListenAndRestate]).and(no_promise()),
            applies_all(&[P::PromiseOnlyWhatYouCanKeep]).and(opens("first-call")),
            keeps("first-call"),
            applies_all(&[P::ConfirmSatisfaction]).and(no_promise()),
        ],
    );
    assert_verdict("003 “谨慎许诺”", &praised, Outcome::Loyal);
    assert!(praised.anti_patterns.is_empty());
    // "如果不假思索地应承下客户的要求……一旦不能兑现，那么造成的后果就会更严重": "谁来都不卖", then
    // hoping he won't notice ("侥幸心理"), then "not my fault".
    let criticised = walk(
        &s,
        &[
            opens("hold-week"),
            commits_all(&[A::LeftUninformed]).and(breaks_promise("hold-week")),
            commits_all(&[A::NotMyFault]),
        ],
    );
    assert_verdict("003 “不假思索地应承……后果就会更严重”", &criticised, Outcome::Lost);
    // 003: "一旦发现无法兑现……第一时间向客户表示歉意": owning the broken promise at once recovers, but
    // only to resolved.
    let recovered = walk(
        &s,
        &[
            opens("hold-week"),
            breaks_promise("hold-week").and(applies_all(&[P::ApologiseSincerely])),
            applies_all(&[P::ConfirmSatisfaction]).and(no_promise()),
        ],
    );
    assert_verdict("003 “第一时间向客户表示歉意”", &recovered, Outcome::Resolved);
    // No promise at all beats promising the flat and failing, either way.
    let none = walk(
        &s,
        &[
            applies_all(&[P::ListenAndRestate]).and(no_promise()),
            applies_all(&[P::PromiseOnlyWhatYouCanKeep]).and(no_promise()),
            applies_all(&[P::KeepInformed]),
            applies_all(&[P::ConfirmSatisfaction]).and(no_promise()),
        ],
    );
    assert!(none.final_balance > recovered.final_balance);
    assert!(none.final_balance > criticised.final_balance);
    assert!(none.final_balance < praised.final_balance);
}

// ── 004: the broken suitcase wheel ───────────────────────────────────────────────────────────────

/// The duty manager's handling in 004: listen and look at the case, take responsibility for the hotel
/// before the cause is known and ask the guest to state his claim (“我代表饭店向您表示歉意，这件事自然应该由
/// 本店负责，请您提出赔偿的具体要求”), thank him for pointing out the slip, then simply see him to his car
/// with the porter.
fn manager_recovery() -> Vec<Pick> {
    vec![
        applies(Principle::ListenAndRestate).and(clean()),
        applies(Principle::TakeResponsibilityFirst).and(applies(Principle::ProposeRemedyLetDecide)),
        applies(Principle::ThankForComplaint).and(clean()),
        applies(Principle::TakeResponsibilityFirst).and(clean()),
    ]
}

fn porter_argues() -> Pick {
    breaks(AntiPattern::ArguingFault).and(breaks(AntiPattern::NotMyFault))
}

/// 004's own ending: the guest drops the matter and they shake hands at the car. The document calls the
/// manager's handling wise and the guest satisfied (“客人和饭店大家都‘对’了”), but says nothing of his
/// coming back or recommending the hotel: retained, not loyal.
#[test]
fn suitcase_porter_argues_then_the_managers_recovery_keeps_the_guest() {
    let s = shipped_case("broken-suitcase-wheel");
    let mut path = vec![porter_argues()];
    path.extend(manager_recovery());
    let report = walk(&s, path);
    assert_tier_with_margin(&report, Outcome::Retained);
    assert!(report.other_principles.contains(&Principle::TakeResponsibilityFirst));
    assert!(report.golden_applied.contains(&Principle::ThankForComplaint));
    assert!(report.anti_patterns.contains(&AntiPattern::ArguingFault));
    // The farewell holds no apology, and is not marked as a perfunctory one.
    assert!(!report.anti_patterns.contains(&AntiPattern::PerfunctoryApology));
}

#[test]
fn suitcase_responsibility_first_with_follow_up_wins_a_regular() {
    let s = shipped_case("broken-suitcase-wheel");
    // No porter blunder, and the manager goes on to fix the luggage procedure (004: “完善确认工作，避免类似
    // 事件的再次发生”), pay the repair and follow up (001 steps 6–7).
    let report = walk(
        &s,
        vec![
            applies(Principle::TakeResponsibilityFirst).and(applies(Principle::ListenAndRestate)),
            applies(Principle::ListenAndRestate).and(clean()),
            applies(Principle::TakeResponsibilityFirst).and(applies(Principle::ProposeRemedyLetDecide)),
            applies(Principle::ThankForComplaint).and(clean()),
            applies(Principle::FixTheProcess).and(promises("repair-bill")),
            keeps("repair-bill").and(applies(Principle::ConfirmSatisfaction)),
        ],
    );
    assert_tier_with_margin(&report, Outcome::Loyal);
    assert!(report.anti_patterns.is_empty(), "{:?}", report.anti_patterns);
    assert!(report.golden_missed.is_empty(), "missed {:?}", report.golden_missed);
    // Clearly above the document's own ending, not by a point or two.
    let mut documents = vec![porter_argues()];
    documents.extend(manager_recovery());
    let documents = walk(&s, documents);
    assert!(
        report.final_balance >= documents.final_balance + 15,
        "{} vs {}",
        report.final_balance,
        documents.final_balance
    );
}

#[test]
fn suitcase_porters_it_was_already_broken_with_no_recovery_loses_the_guest() {
    let s = shipped_case("broken-suitcase-wheel");
    // 004: “如果这位值班经理也头脑发热，要和客人争个是非曲直的话，那后果是不言而喻的”.
    let report = walk(
        &s,
        vec![
            porter_argues(),
            breaks(AntiPattern::ArguingFault).and(breaks(AntiPattern::DismissingComplaint)),
        ],
    );
    assert_tier_with_margin(&report, Outcome::Lost);
    assert!(report.anti_patterns.contains(&AntiPattern::ArguingFault));
}

#[test]
fn suitcase_over_promising_a_new_case_ends_below_taking_responsibility() {
    let s = shipped_case("broken-suitcase-wheel");
    let start = || vec![porter_argues(), applies(Principle::ListenAndRestate).and(clean())];
    let mut honest = start();
    honest.extend(manager_recovery().into_iter().skip(1));
    let mut over = start();
    over.push(breaks(AntiPattern::OverPromising).and(promises("new-case")));
    // The best that can follow: own up at once, then as the document does.
    over.push(breaks_promise("new-case").and(applies(Principle::ApologiseSincerely)));
    over.extend(manager_recovery().into_iter().skip(2));
    let honest = walk(&s, honest);
    let over = walk(&s, over);
    assert!(
        over.final_balance < honest.final_balance,
        "{} vs {}",
        over.final_balance,
        honest.final_balance
    );
    assert!(over.outcome < honest.outcome);
}

// ── 004: the power cut ───────────────────────────────────────────────────────────────────────────

#[test]
fn power_cut_venting_apology_and_explanation_win_understanding_and_dont_know_loses() {
    let s = shipped_case("power-outage");
    // 004: "待客户将满腹怨气发泄完毕，客服人员才冷静、真诚地向客户表示抱歉，对客户此时的心情表示理解，
    // 并将停电原因和……正在积极地抢修等实际情况耐心详细地告知客户……最终得到客户的谅解".
    let praised = walk(
        &s,
        &[
            applies_all(&[P::ListenAndRestate]),
            applies_all(&[P::ApologiseSincerely]),
            applies_all(&[P::KeepInformed]).and(no_promise()),
            applies_all(&[P::ThankForComplaint]),
        ],
    );
    assert_verdict("004 “最终得到客户的谅解”", &praised, Outcome::Retained);
    assert!(praised.anti_patterns.is_empty());
    // 004: "不负责任只简单的回答“不清楚、不知道”……负面的广告效应", then sending him off to complain.
    let criticised = walk(
        &s,
        &[commits_all(&[A::DontKnow]), commits_only(&[A::DismissingComplaint])],
    );
    assert_verdict("004 “不清楚、不知道”", &criticised, Outcome::Lost);
    assert!(criticised.anti_patterns.contains(&A::DontKnow));
    // Beyond 004's text: 003's "要打电话给客户以确认问题是否得到了解决" and 001 steps 6–7 turn
    // understanding into loyalty.
    let golden = walk(
        &s,
        &[
            applies_all(&[P::ListenAndRestate]),
            applies_all(&[P::ApologiseSincerely]),
            applies_all(&[P::KeepInformed]).and(no_promise()),
            opens("callback"),
            keeps("callback").and(applies_all(&[P::FixTheProcess])),
        ],
    );
    assert_verdict("003 “要打电话给客户以确认问题是否得到了解决”", &golden, Outcome::Loyal);
    // 003: "如果随意承诺无法实现的事情，那最终的损失要比失去一次服务严重得多": guaranteeing power in half
    // an hour ends below the honest explanation, whether or not owned up to.
    let start = || {
        [
            applies_all(&[P::ListenAndRestate]),
            applies_all(&[P::ApologiseSincerely]),
            opens("half-hour").and(applies_all(&[P::PromiseToActNow])),
        ]
    };
    let mut owned = start().into_iter().collect::<Vec<_>>();
    owned.push(breaks_promise("half-hour").and(applies_all(&[P::ApologiseSincerely, P::PromiseOnlyWhatYouCanKeep])));
    owned.push(keeps("callback").and(applies_all(&[P::FixTheProcess])));
    let owned = walk(&s, &owned);
    let mut dropped = start().into_iter().collect::<Vec<_>>();
    // The broken half hour met with a second guarantee (two o'clock), then a text where a call was owed.
    dropped.push(breaks_promise("half-hour").and(commits_all(&[A::OverPromising])));
    dropped.push(commits_all(&[A::NoCallBack]));
    let dropped = walk(&s, &dropped);
    assert!(owned.final_balance < golden.final_balance && owned.outcome <= Outcome::Resolved);
    assert_verdict(
        "003 “随意承诺无法实现的事情” (the half hour broken, then guaranteed again)",
        &dropped,
        Outcome::Lost,
    );
}
