//! A self-contained HTML report: inline CSS and SVG, no scripts, every name and text escaped.
//!
//! Written as a maud template: the markup is checked when the crate compiles, and every value spliced
//! into it is escaped unless it is explicitly marked as markup (only the style sheet and the SVG chart,
//! itself a maud template, are).

use goodwill_engine::{GOLDEN_STEP_COUNT, Lang, Outcome};
use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::{ReportData, step_label, svg};
use crate::clock::short;
use crate::summary::StepTally;

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
    let colon = if lang == Lang::Zh { "：" } else { ": " };
    let comma = if lang == Lang::Zh { "、" } else { ", " };
    let trainees: Vec<&str> = data.overview.grid.iter().map(|(t, _)| t.as_str()).collect();
    let scenarios = data.overview.scenarios();
    let page = html! {
        (DOCTYPE) "\n"
        html lang=(if lang == Lang::Zh { "zh-CN" } else { "en" }) {
            head {
                meta charset="utf-8";
                title { (w.title) " — " (class.name) }
                style { (PreEscaped(STYLE)) }
            }
            body {
                h1 { (class.name) }
                p class="meta" { (w.title) " · " (w.generated) " " (short(data.generated_at)) }
                p { (w.trainees) (colon) (trainees.join(comma)) }
                (outcome_grid(data, &scenarios, &w, lang))
                h2 { (w.curves) }
                @for id in &scenarios {
                    @let curves = data.overview.curves(id);
                    @if !curves.is_empty() {
                        @let title = data.title(id, lang);
                        figure {
                            figcaption { (title) }
                            (svg::balance_chart(&curves, &title))
                        }
                    }
                }
                (heatmap(data, &w, lang))
                (attempt_list(data, &w, lang))
            }
        }
    };
    let mut page = page.into_string();
    page.push('\n');
    page
}

/// Trainee × scenario: the latest outcome and balance, the best outcome in brackets when it differs.
fn outcome_grid(data: &ReportData, scenarios: &[String], w: &Words, lang: Lang) -> Markup {
    html! {
        h2 { (w.outcomes) }
        table {
            tr {
                th { (w.trainee) }
                @for id in scenarios { th { (data.title(id, lang)) } }
            }
            @for (trainee, results) in &data.overview.grid {
                tr {
                    th { (trainee) }
                    @for id in scenarios {
                        @let result = results.get(id);
                        @let latest = result.and_then(|r| r.latest.as_ref());
                        @let (label, class_name) = outcome_cell(latest.and_then(|a| a.outcome), lang);
                        @let best = result
                            .and_then(|r| r.best.as_ref())
                            .filter(|b| Some(b.id.as_str()) != latest.map(|l| l.id.as_str()))
                            .and_then(|b| b.outcome);
                        td class=(class_name) {
                            (label)
                            @if let Some(balance) = latest.and_then(|a| a.final_balance) { " · " (balance) }
                            @if let Some(best) = best { " (" (best.label().get(lang)) ")" }
                        }
                    }
                }
            }
        }
    }
}

/// Trainee × golden step: applied out of offered over their latest attempts, coloured by the share.
fn heatmap(data: &ReportData, w: &Words, lang: Lang) -> Markup {
    html! {
        h2 { (w.heatmap) }
        table {
            tr {
                th { (w.trainee) }
                @for n in 1..=GOLDEN_STEP_COUNT { th { (step_label(n, lang)) } }
            }
            @for (trainee, tallies) in &data.overview.heatmap {
                tr {
                    th { (trainee) }
                    @for tally in tallies {
                        td style={ "background:" (heat(*tally)) } { (tally.applied) "/" (tally.offered) }
                    }
                }
            }
        }
    }
}

/// Every finished attempt, oldest first.
fn attempt_list(data: &ReportData, w: &Words, lang: Lang) -> Markup {
    html! {
        h2 { (w.attempts) }
        @if data.attempts.is_empty() {
            p { (w.none) }
        } @else {
            table {
                tr {
                    th { (w.started) } th { (w.trainee) } th { (w.scenario) }
                    th { (w.outcome) } th { (w.balance) } th { (w.partner) }
                }
                @for a in &data.attempts {
                    @let (label, class_name) = outcome_cell(a.outcome, lang);
                    tr {
                        td { (short(a.started_at)) }
                        td { (a.profile) }
                        td { (data.title(&a.scenario, lang)) }
                        td class=(class_name) { (label) }
                        td { @if let Some(balance) = a.final_balance { (balance) } }
                        td { (a.customer_player.as_deref().unwrap_or("")) }
                    }
                }
            }
        }
    }
}
