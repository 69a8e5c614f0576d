//! A self-contained HTML report: inline CSS and SVG, no scripts, every name and text escaped.

use goodwill_engine::{GOLDEN_STEP_COUNT, Lang, Outcome};

use super::{ReportData, step_label, svg};
use crate::clock::short;
use crate::summary::StepTally;

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn words(lang: Lang) -> Words {
    match lang {
        Lang::Zh => Words {
            title: "培训课报告",
            generated: "生成于",
            trainees: "学员",
            outcomes: "结果：学员 × 案例（最近一次，括号内为最佳）",
            curves: "情感账户余额曲线（每位学员最近一次）",
            heatmap: "七大黄金步骤：做到 / 有机会做",
            attempts: "全部练习",
            trainee: "学员",
            scenario: "案例",
            started: "开始",
            outcome: "结果",
            balance: "余额",
            partner: "顾客扮演者",
            none: "尚无已完成的练习。",
        },
        Lang::En => Words {
            title: "Class session report",
            generated: "Generated",
            trainees: "Trainees",
            outcomes: "Outcomes: trainee × case (latest, best in brackets)",
            curves: "Emotional-account balance (each trainee's latest attempt)",
            heatmap: "Seven golden steps: applied / on offer",
            attempts: "All attempts",
            trainee: "Trainee",
            scenario: "Case",
            started: "Started",
            outcome: "Outcome",
            balance: "Balance",
            partner: "Customer played by",
            none: "No finished attempts yet.",
        },
    }
}

struct Words {
    title: &'static str,
    generated: &'static str,
    trainees: &'static str,
    outcomes: &'static str,
    curves: &'static str,
    heatmap: &'static str,
    attempts: &'static str,
    trainee: &'static str,
    scenario: &'static str,
    started: &'static str,
    outcome: &'static str,
    balance: &'static str,
    partner: &'static str,
    none: &'static str,
}

fn outcome_cell(outcome: Option<Outcome>, lang: Lang) -> (String, &'static str) {
    match outcome {
        Some(o) => (
            o.label().get(lang).to_owned(),
            match o {
                Outcome::Lost => "lost",
                Outcome::Resolved => "resolved",
                Outcome::Retained => "retained",
                Outcome::Loyal => "loyal",
            },
        ),
        None => ("—".to_owned(), "none"),
    }
}

/// Background for a heatmap cell: red (0 %) through amber to green (100 %), grey when never on offer.
fn heat(tally: StepTally) -> String {
    match tally.rate() {
        None => "#eeeeee".to_owned(),
        Some(rate) => {
            let hue = (rate * 120.0).round();
            format!("hsl({hue}, 55%, 70%)")
        }
    }
}

const STYLE: &str = "body{font-family:'Noto Sans CJK SC','Noto Sans SC','PingFang SC','Microsoft YaHei',sans-serif;\
margin:2rem;color:#222;background:#fbfaf7}h1{margin-bottom:0}table{border-collapse:collapse;margin:1rem 0}\
td,th{border:1px solid #ccc;padding:.35rem .6rem;text-align:left;vertical-align:top}th{background:#f0ede6}\
.lost{background:#f4c7c3}.resolved{background:#fbe6b3}.retained{background:#cfe8d2}.loyal{background:#9fd6aa}\
.none{color:#999}.meta{color:#666}figure{margin:1rem 0}figcaption{font-weight:bold}";

pub(super) fn render(data: &ReportData, lang: Lang) -> String {
    let w = words(lang);
    let class = data.class();
    let mut h = String::new();
    h.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{} — {}</title><style>{STYLE}</style>\
         </head><body>",
        if lang == Lang::Zh { "zh-CN" } else { "en" },
        escape(w.title),
        escape(&class.name)
    ));
    h.push_str(&format!(
        "<h1>{}</h1><p class=\"meta\">{} · {} {}</p>",
        escape(&class.name),
        escape(w.title),
        escape(w.generated),
        escape(&short(data.generated_at))
    ));
    let trainees: Vec<String> = data.overview.grid.iter().map(|(t, _)| escape(t)).collect();
    let colon = if lang == Lang::Zh { "：" } else { ": " };
    let comma = if lang == Lang::Zh { "、" } else { ", " };
    h.push_str(&format!("<p>{}{colon}{}</p>", escape(w.trainees), trainees.join(comma)));
    let scenarios = data.overview.scenarios();

    h.push_str(&format!(
        "<h2>{}</h2><table><tr><th>{}</th>",
        escape(w.outcomes),
        escape(w.trainee)
    ));
    for id in &scenarios {
        h.push_str(&format!("<th>{}</th>", escape(&data.title(id, lang))));
    }
    h.push_str("</tr>");
    for (trainee, results) in &data.overview.grid {
        h.push_str(&format!("<tr><th>{}</th>", escape(trainee)));
        for id in &scenarios {
            let result = results.get(id);
            let latest = result.and_then(|r| r.latest.as_ref());
            let (label, class_name) = outcome_cell(latest.and_then(|a| a.outcome), lang);
            let best = result
                .and_then(|r| r.best.as_ref())
                .filter(|b| Some(b.id.as_str()) != latest.map(|l| l.id.as_str()))
                .and_then(|b| b.outcome)
                .map(|o| format!(" ({})", escape(o.label().get(lang))))
                .unwrap_or_default();
            let balance = latest
                .and_then(|a| a.final_balance)
                .map(|b| format!(" · {b}"))
                .unwrap_or_default();
            h.push_str(&format!(
                "<td class=\"{class_name}\">{}{balance}{best}</td>",
                escape(&label)
            ));
        }
        h.push_str("</tr>");
    }
    h.push_str("</table>");

    h.push_str(&format!("<h2>{}</h2>", escape(w.curves)));
    for id in &scenarios {
        let curves = data.overview.curves(id);
        if curves.is_empty() {
            continue;
        }
        let title = data.title(id, lang);
        h.push_str(&format!(
            "<figure><figcaption>{}</figcaption>{}</figure>",
            escape(&title),
            svg::balance_chart(&curves, &title)
        ));
    }

    h.push_str(&format!(
        "<h2>{}</h2><table><tr><th>{}</th>",
        escape(w.heatmap),
        escape(w.trainee)
    ));
    for n in 1..=GOLDEN_STEP_COUNT {
        h.push_str(&format!("<th>{}</th>", escape(&step_label(n, lang))));
    }
    h.push_str("</tr>");
    for (trainee, tallies) in &data.overview.heatmap {
        h.push_str(&format!("<tr><th>{}</th>", escape(trainee)));
        for tally in tallies {
            h.push_str(&format!(
                "<td style=\"background:{}\">{}/{}</td>",
                heat(*tally),
                tally.applied,
                tally.offered
            ));
        }
        h.push_str("</tr>");
    }
    h.push_str("</table>");

    h.push_str(&format!("<h2>{}</h2>", escape(w.attempts)));
    if data.attempts.is_empty() {
        h.push_str(&format!("<p>{}</p>", escape(w.none)));
    } else {
        h.push_str(&format!(
            "<table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
            escape(w.started),
            escape(w.trainee),
            escape(w.scenario),
            escape(w.outcome),
            escape(w.balance),
            escape(w.partner)
        ));
        for a in &data.attempts {
            let (label, class_name) = outcome_cell(a.outcome, lang);
            h.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"{class_name}\">{}</td><td>{}</td><td>{}</td></tr>",
                escape(&short(a.started_at)),
                escape(&a.profile),
                escape(&data.title(&a.scenario, lang)),
                escape(&label),
                a.final_balance.map(|b| b.to_string()).unwrap_or_default(),
                escape(a.customer_player.as_deref().unwrap_or("")),
            ));
        }
        h.push_str("</table>");
    }
    h.push_str("</body></html>\n");
    h
}
