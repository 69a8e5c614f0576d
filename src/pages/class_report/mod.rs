//! The class report as a page (`goodwill report --format html`, the class view's "Export report"): the
//! outcome grid (with each trainee's accuracy), every trainee's balance curve, the golden-step heatmap and
//! every attempt, written with the one HTML page writer. The store gathers the data (`ReportData`) and
//! keeps the CSV and xAPI formats; this is a view of it. Every name and text is escaped (maud), and the page is self-contained:
//! inline CSS and SVG, no scripts.

mod chart;
#[cfg(test)]
mod tests;

use goodwill_engine::{GOLDEN_STEP_COUNT, Lang, Outcome};
use goodwill_store::clock::short;
use goodwill_store::report::{ReportData, step_label};
use goodwill_store::summary::StepTally;
use maud::{Markup, html};

use crate::describe::accuracy_text;
use crate::i18n::{Phrase, colon, tr};

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

/// The report on `data`'s class session as a self-contained HTML page; `lang` picks every word on it.
pub fn page(data: &ReportData, lang: Lang) -> String {
    let class = data.class();
    let report = tr(Phrase::ReportTitle, lang);
    let trainees: Vec<&str> = data.overview.grid.iter().map(|(t, _)| t.as_str()).collect();
    let scenarios = data.overview.scenarios();
    let body = html! {
        h1 { (class.name) }
        p class="meta" { (report) " · " (tr(Phrase::ReportGenerated, lang)) " " (short(data.generated_at)) }
        p { (tr(Phrase::ReportTrainees, lang)) (colon(lang)) (trainees.join(tr(Phrase::ListComma, lang))) }
        (outcome_grid(data, &scenarios, lang))
        h2 { (tr(Phrase::ReportCurves, lang)) }
        @for id in &scenarios {
            @let curves = data.overview.curves(id);
            @if !curves.is_empty() {
                @let title = data.title(id, lang);
                figure {
                    figcaption { (title) }
                    (chart::balance_chart(&curves, &title))
                }
            }
        }
        (heatmap(data, lang))
        (attempt_list(data, lang))
    };
    crate::pages::html::page(lang, &format!("{report} — {}", class.name), STYLE, body)
}

/// Trainee × scenario: the latest outcome and balance, the best outcome in brackets when it differs.
fn outcome_grid(data: &ReportData, scenarios: &[String], lang: Lang) -> Markup {
    html! {
        h2 { (tr(Phrase::ReportOutcomes, lang)) }
        table {
            tr {
                th { (tr(Phrase::Trainee, lang)) }
                @for id in scenarios { th { (data.title(id, lang)) } }
            }
            @for (trainee, results) in &data.overview.grid {
                tr {
                    // The trainee's judgement over their latest attempts, beside the outcomes.
                    th { (trainee) " · " (tr(Phrase::Accuracy, lang)) " " (accuracy_text(data.overview.trainee_accuracy(trainee))) }
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
                            @if let Some(latest) = latest { " · " (tr(Phrase::Accuracy, lang)) " " (accuracy_text(latest.accuracy)) }
                            @if let Some(best) = best { " (" (best.label().get(lang)) ")" }
                        }
                    }
                }
            }
        }
    }
}

/// Trainee × golden step: applied out of offered over their latest attempts, coloured by the share.
fn heatmap(data: &ReportData, lang: Lang) -> Markup {
    html! {
        h2 { (tr(Phrase::ReportHeatmap, lang)) }
        table {
            tr {
                th { (tr(Phrase::Trainee, lang)) }
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
fn attempt_list(data: &ReportData, lang: Lang) -> Markup {
    html! {
        h2 { (tr(Phrase::ReportAttempts, lang)) }
        @if data.attempts.is_empty() {
            p { (tr(Phrase::ReportNone, lang)) }
        } @else {
            table {
                tr {
                    th { (tr(Phrase::ReportStarted, lang)) } th { (tr(Phrase::Trainee, lang)) }
                    th { (tr(Phrase::Case, lang)) } th { (tr(Phrase::Outcome, lang)) }
                    th { (tr(Phrase::ReportBalance, lang)) } th { (tr(Phrase::Accuracy, lang)) }
                    th { (tr(Phrase::ReportPartner, lang)) }
                }
                @for a in &data.attempts {
                    @let (label, class_name) = outcome_cell(a.outcome, lang);
                    tr {
                        td { (short(a.started_at)) }
                        td { (a.profile) }
                        td { (data.title(&a.scenario, lang)) }
                        td class=(class_name) { (label) }
                        td { @if let Some(balance) = a.final_balance { (balance) } }
                        td { (accuracy_text(a.accuracy)) }
                        td { (a.customer_player.as_deref().unwrap_or("")) }
                    }
                }
            }
        }
    }
}
