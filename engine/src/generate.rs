//! Synthetic scenarios for benchmarks and tests: large, valid, and with every outcome reachable.

use crate::principles::{AntiPattern, Principle, Source};
use crate::schema::{Choice, Customer, Difficulty, Ending, Endings, Next, Node, PromiseDef, Scenario};
use crate::text::Bilingual;

/// A layered scenario of `nodes` nodes, three choices each. Node `i` leads to `i + 1` and `i + 2`,
/// so the number of paths grows like the Fibonacci numbers (far too many to enumerate at 10,000 nodes).
pub fn layered(nodes: usize) -> Scenario {
    let nodes = nodes.max(2);
    let text = |s: &str| Bilingual::new(s, s);
    let next = |i: usize| {
        if i < nodes {
            Next::Node(format!("n{i}"))
        } else {
            Next::End
        }
    };
    let node_list = (0..nodes)
        .map(|i| Node {
            id: format!("n{i}"),
            narration: None,
            customer: vec![text("…"), text("……")],
            variants: vec![],
            choices: vec![
                choice(
                    12,
                    vec![Principle::ApologiseSincerely],
                    vec![],
                    next(i + 1),
                    (i % 50 == 0).then(|| "p".to_string()),
                    vec![],
                ),
                choice(
                    6,
                    vec![Principle::ListenAndRestate],
                    vec![],
                    next(i + 2),
                    None,
                    if i % 50 == 25 { vec!["p".into()] } else { vec![] },
                ),
                choice(-9, vec![], vec![AntiPattern::ArguingFault], next(i + 1), None, vec![]),
            ],
        })
        .collect();
    let ending = |s: &str| Ending {
        title: text(s),
        epilogue: text(s),
        variants: Vec::new(),
    };
    Scenario {
        id: "generated".into(),
        version: 1,
        title: text("generated"),
        setting: text("generated"),
        source: Source::Doc001,
        difficulty: Difficulty::Hard,
        customer: Customer {
            name: text("c"),
            persona: text("c"),
            starting_balance: 40,
            temper: 100,
            sex: None,
            age: None,
            glasses: None,
        },
        agent: text("a"),
        promises: vec![PromiseDef {
            id: "p".into(),
            text: text("p"),
            value: 5,
            words: Vec::new(),
            not_words: Vec::new(),
        }],
        events: Vec::new(),
        start: "n0".into(),
        nodes: node_list,
        endings: Endings {
            lost: ending("lost"),
            resolved: ending("resolved"),
            retained: ending("retained"),
            loyal: ending("loyal"),
        },
        role_card: None,
        pair_with: None,
        reflection: Vec::new(),
    }
}

fn choice(
    effect: i32,
    applies: Vec<Principle>,
    breaks: Vec<AntiPattern>,
    next: Next,
    promise: Option<String>,
    keeps: Vec<String>,
) -> Choice {
    Choice {
        text: Bilingual::new("…", "…"),
        effect,
        applies,
        breaks,
        promise,
        keeps,
        breaks_promises: vec![],
        marks: vec![],
        feedback: Bilingual::new("…", "…"),
        cites: None,
        rate_sincerity: false,
        when: vec![],
        next,
    }
}

/// A RON string literal.
fn quoted(s: &str) -> String {
    ron::ser::to_string(s).unwrap_or_else(|_| format!("{s:?}"))
}

fn text_ron(t: &Bilingual) -> String {
    format!("(zh: {}, en: {})", quoted(&t.zh), quoted(&t.en))
}

fn ids_ron(ids: &[String]) -> String {
    let ids: Vec<String> = ids.iter().map(|id| quoted(id)).collect();
    format!("[{}]", ids.join(", "))
}

/// Writes a scenario the way an author does (see `docs/authoring.md`): one choice per line, optional
/// fields left out when they hold their default. The loader benchmark times reading this from disk.
pub fn to_authored_ron(s: &Scenario) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(w, "// Generated: {} nodes.\nScenario(", s.nodes.len());
    let _ = writeln!(w, "    id: {},", quoted(&s.id));
    let _ = writeln!(w, "    title: {},", text_ron(&s.title));
    let _ = writeln!(w, "    setting: {},", text_ron(&s.setting));
    let _ = writeln!(w, "    source: {:?},", s.source);
    let _ = writeln!(w, "    difficulty: {:?},", s.difficulty);
    let _ = writeln!(w, "    agent: {},", text_ron(&s.agent));
    let _ = writeln!(
        w,
        "    customer: (name: {}, persona: {}, starting_balance: {}, temper: {}),",
        text_ron(&s.customer.name),
        text_ron(&s.customer.persona),
        s.customer.starting_balance,
        s.customer.temper
    );
    let _ = writeln!(w, "    promises: [");
    for p in &s.promises {
        let _ = writeln!(
            w,
            "        (id: {}, text: {}, value: {}),",
            quoted(&p.id),
            text_ron(&p.text),
            p.value
        );
    }
    let _ = writeln!(w, "    ],\n    start: {},\n    nodes: [", quoted(&s.start));
    for node in &s.nodes {
        let _ = writeln!(w, "        (\n            id: {},", quoted(&node.id));
        let lines: Vec<String> = node.customer.iter().map(text_ron).collect();
        let _ = writeln!(w, "            customer: [{}],", lines.join(", "));
        let _ = writeln!(w, "            choices: [");
        for c in &node.choices {
            let mut fields = vec![format!("text: {}", text_ron(&c.text)), format!("effect: {}", c.effect)];
            if !c.applies.is_empty() {
                let names: Vec<String> = c.applies.iter().map(|p| format!("{p:?}")).collect();
                fields.push(format!("applies: [{}]", names.join(", ")));
            }
            if !c.breaks.is_empty() {
                let names: Vec<String> = c.breaks.iter().map(|a| format!("{a:?}")).collect();
                fields.push(format!("breaks: [{}]", names.join(", ")));
            }
            if let Some(p) = &c.promise {
                fields.push(format!("promise: Some({})", quoted(p)));
            }
            if !c.keeps.is_empty() {
                fields.push(format!("keeps: {}", ids_ron(&c.keeps)));
            }
            if !c.breaks_promises.is_empty() {
                fields.push(format!("breaks_promises: {}", ids_ron(&c.breaks_promises)));
            }
            fields.push(format!("feedback: {}", text_ron(&c.feedback)));
            fields.push(match &c.next {
                Next::Node(id) => format!("next: Node({})", quoted(id)),
                Next::End => "next: End".to_string(),
            });
            let _ = writeln!(w, "                ({}),", fields.join(", "));
        }
        let _ = writeln!(w, "            ],\n        ),");
    }
    let _ = writeln!(w, "    ],\n    endings: (");
    for (name, e) in [
        ("lost", &s.endings.lost),
        ("resolved", &s.endings.resolved),
        ("retained", &s.endings.retained),
        ("loyal", &s.endings.loyal),
    ] {
        let _ = writeln!(
            w,
            "        {name}: (title: {}, epilogue: {}),",
            text_ron(&e.title),
            text_ron(&e.epilogue)
        );
    }
    let _ = writeln!(w, "    ),\n)");
    out
}

/// The tags a new scenario's skeleton uses for the document it is adapted from.
struct Kit {
    open_best: Principle,
    open_fair: Principle,
    open_wrong: AntiPattern,
    close_best: Principle,
    close_wrong: AntiPattern,
    close_wait: AntiPattern,
}

fn kit(source: Source) -> Kit {
    use AntiPattern as A;
    use Principle as P;
    let (open_best, open_fair, open_wrong, close_best, close_wrong, close_wait) = match source {
        Source::Doc000 => (
            P::ApologiseInOwnName,
            P::ApologiseSincerely,
            A::ArguingFault,
            P::CompensateAfterApology,
            A::ItsAllTheSame,
            A::PerfunctoryApology,
        ),
        Source::Doc001 => (
            P::ListenAndRestate,
            P::ThankForComplaint,
            A::Interrogating,
            P::ProposeRemedyLetDecide,
            A::ArguingFault,
            A::NoCallBack,
        ),
        Source::Doc002 => (
            P::KeepInformed,
            P::NeverMakeThemRepeat,
            A::DontKnow,
            P::ProposeRemedyLetDecide,
            A::DismissingComplaint,
            A::LeftUninformed,
        ),
        Source::Doc003 => (
            P::PromiseOnlyWhatYouCanKeep,
            P::ApologiseSincerely,
            A::NotMyFault,
            P::ConfirmSatisfaction,
            A::BlamingColleague,
            A::OverPromising,
        ),
        Source::Doc004 => (
            P::TakeResponsibilityFirst,
            P::ApologiseSincerely,
            A::DontKnow,
            P::ProposeRemedyLetDecide,
            A::NeverHeardOfIt,
            A::LeftUninformed,
        ),
    };
    Kit {
        open_best,
        open_fair,
        open_wrong,
        close_best,
        close_wrong,
        close_wait,
    }
}

/// A new scenario to fill in: every required field, a comment on each, two nodes and four choices a node
/// tagged from the document's vocabulary, and effects that make all four endings reachable — so it passes
/// `goodwill check` (no errors, no warnings) and `goodwill play` finishes it before a word is changed.
/// The answers are placeholders of one length and the same words (what each should say is in its
/// comment), the best ones at different places in the two nodes, and only two of the sixteen paths keep
/// the customer: so neither length, nor position, nor words are a tell.
pub fn skeleton(id: &str, source: Source) -> String {
    let k = kit(source);
    let doc = source.number();
    let title = source.title();
    let (best, fair, wrong) = (k.open_best, k.open_fair, k.open_wrong);
    let (close_best, close_wrong, close_wait) = (k.close_best, k.close_wrong, k.close_wait);
    let name = |p: Principle| p.name().en;
    let anti = |a: AntiPattern| a.name().en;
    let best_zh = best.name().zh;
    let fair_zh = fair.name().zh;
    let wrong_zh = wrong.name().zh;
    let close_best_zh = close_best.name().zh;
    let close_wrong_zh = close_wrong.name().zh;
    let close_wait_zh = close_wait.name().zh;
    let (best_en, fair_en, wrong_en) = (name(best), name(fair), anti(wrong));
    let (close_best_en, close_wrong_en, close_wait_en) = (name(close_best), anti(close_wrong), anti(close_wait));
    let (title_zh, title_en) = (title.zh, title.en);
    format!(
        r#"// A new case adapted from document {doc}, {title_en}.
// Written by `goodwill new {id} --from-document {doc}`. Replace every 【…】 / […] with the case's own words
// (Chinese first, then English), keep the facts and figures of the source, and run `goodwill check` after
// each edit. The format, the vocabulary and how choices are scored: docs/authoring.md.
Scenario(
    id: "{id}",                  // stable: results are stored against it (lowercase letters, digits, dashes)
    version: 1,                  // bump when a change makes old results incomparable
    title: (zh: "【案例标题】", en: "[Title of the case]"),
    setting: (zh: "【地点与时间，一句话】", en: "[Where and when, in one line]"),
    source: Doc{doc},                // {title_zh}
    difficulty: Easy,            // Easy | Medium | Hard
    agent: (zh: "【玩家扮演的员工】", en: "[Who the player speaks as]"),
    customer: (
        name: (zh: "【顾客称呼】", en: "[The customer's name]"),
        persona: (zh: "【顾客是谁、想要什么】", en: "[Who they are and what they want]"),
        starting_balance: 40,    // 0–100 right after the incident; 50 is neutral
        temper: 100,             // 25–300 %: how quickly they anger; 100 is ordinary
    ),
    // Debts the agent may take on; choices open them with `promise: Some("id")`, then `keeps: ["id"]` or
    // `breaks_promises: ["id"]`. For example:
    //     (id: "call-by-two", text: (zh: "两点前回电", en: "Call back by two"), value: 10),
    promises: [],
    start: "open",
    nodes: [
        (
            id: "open",
            narration: Some((zh: "【开场旁白：发生了什么】", en: "[Stage direction: what just happened]")),
            customer: [          // one or more wordings; the session's seed picks one
                (zh: "【顾客的第一句抱怨】", en: "[The customer's first complaint]"),
            ],
            // 2–4 choices, shown in an order drawn from the seed, numbered in file order. Replace each
            // 【回应…】 with the answer its comment describes. Nothing in the words may give the best answer
            // away: vary where it falls among the lengths, and give wrong answers the right words in the
            // wrong place (an apology wrapped round an excuse, thanks that brush the customer off) — `check`
            // warns when picking by length, or by the words alone, could keep the customer.
            choices: [
                (
                    // A wrong answer, like a real excuse.
                    text: (zh: "【回应一】", en: "[Answer A]"),
                    effect: -25,  // -40…40: positive deposits, negative withdraws (with interest while upset)
                    breaks: [{wrong:?}],   // {wrong_zh} / {wrong_en}
                    feedback: (zh: "【为什么不好】（{doc}）", en: "[Why it fails] ({doc})"),
                    next: Node("remedy"),
                ),
                (
                    // The best answer.
                    text: (zh: "【回应二】", en: "[Answer B]"),
                    effect: 30,
                    applies: [{best:?}],   // {best_zh} / {best_en}
                    feedback: (zh: "【为什么好】（{doc}）", en: "[Why it works] ({doc})"),
                    next: Node("remedy"),
                ),
                (
                    // A fair answer, but not the best one: it helps, just not enough.
                    text: (zh: "【回应三】", en: "[Answer C]"),
                    effect: 5,
                    applies: [{fair:?}],   // {fair_zh} / {fair_en}
                    feedback: (zh: "【有用，但还不够】（{doc}）", en: "[Helps, but not enough] ({doc})"),
                    next: Node("remedy"),
                ),
                (
                    // Another wrong answer, one that sounds reasonable.
                    text: (zh: "【回应四】", en: "[Answer D]"),
                    effect: -10,
                    breaks: [{wrong:?}],   // {wrong_zh} / {wrong_en}
                    feedback: (zh: "【为什么不好】（{doc}）", en: "[Why it fails] ({doc})"),
                    next: Node("remedy"),
                ),
            ],
        ),
        (
            id: "remedy",
            customer: [(zh: "【顾客接下来说的话】", en: "[What the customer says next]")],
            choices: [
                (
                    // A wrong answer.
                    text: (zh: "【回应一】", en: "[Answer A]"),
                    effect: -30,
                    breaks: [{close_wrong:?}],   // {close_wrong_zh} / {close_wrong_en}
                    feedback: (zh: "【为什么不好】（{doc}）", en: "[Why it fails] ({doc})"),
                    next: End,   // the outcome is decided by the final balance
                ),
                (
                    // A weak answer: it misses what this document warns against (the tag below says which).
                    text: (zh: "【回应二】", en: "[Answer B]"),
                    effect: -15,
                    breaks: [{close_wait:?}],   // {close_wait_zh} / {close_wait_en}
                    feedback: (zh: "【为什么不够】（{doc}）", en: "[Why it falls short] ({doc})"),
                    next: End,
                ),
                (
                    // The best remedy: what you will do, and by when.
                    text: (zh: "【回应三】", en: "[Answer C]"),
                    effect: 14,
                    applies: [{close_best:?}],   // {close_best_zh} / {close_best_en}
                    feedback: (zh: "【为什么好】（{doc}）", en: "[Why it works] ({doc})"),
                    next: End,
                ),
                (
                    // A fair remedy that helps, just not enough.
                    text: (zh: "【回应四】", en: "[Answer D]"),
                    effect: 5,
                    applies: [{fair:?}],   // {fair_zh} / {fair_en}
                    feedback: (zh: "【有用，但还不够】（{doc}）", en: "[Helps, but not enough] ({doc})"),
                    next: End,
                ),
            ],
        ),
    ],
    endings: (                   // the engine picks the one the final balance earns
        lost: (title: (zh: "【失去客户】", en: "[Lost]"), epilogue: (zh: "【顾客后来怎样】", en: "[What the customer did next]")),
        resolved: (title: (zh: "【事情了结】", en: "[Resolved]"), epilogue: (zh: "【顾客后来怎样】", en: "[What the customer did next]")),
        retained: (title: (zh: "【留住客户】", en: "[Retained]"), epilogue: (zh: "【顾客后来怎样】", en: "[What the customer did next]")),
        loyal: (title: (zh: "【忠诚客户】", en: "[Loyal]"), epilogue: (zh: "【顾客后来怎样】", en: "[What the customer did next]")),
    ),
    // Optional, for the classroom pair exercise (see docs/authoring.md):
    // role_card: Some((happened: (zh: "…", en: "…"), wants: (zh: "…", en: "…"), upset: (zh: "…", en: "…"))),
    // pair_with: Some("another-case-id"),
    // Optional, one or two questions for after the debrief, about the trainee's own job:
    // reflection: [(zh: "【联系自己的工作想一想……】", en: "[Thinking of your own work, …]")],
)
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_authored_form_reads_back_as_the_same_scenario() {
        let s = layered(60);
        let back: Scenario = ron::from_str(&to_authored_ron(&s)).expect("parses");
        assert_eq!(back, s);
    }
}
