//! The report's two grids: trainee × case outcomes, and trainee × golden step.

use goodwill_engine::{GOLDEN_STEP_COUNT, Lang};
use goodwill_store::report::{ReportData, step_label};
use goodwill_store::summary::StepTally;
use maud::{Markup, html};

use super::{outcome_cell, scrolling};
use crate::describe::accuracy_text;
use crate::i18n::{Phrase, balance_value, colon, tr};

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

/// Trainee × scenario: the latest outcome and balance, and the best attempt's when another attempt was
/// better. A balance below zero reads as the account closed, with the overdraft in words. A cell keeps
/// each of its lines whole (on a phone the table scrolls sideways instead, names held in place).
pub fn outcome_grid(data: &ReportData, lang: Lang) -> Markup {
    let scenarios = data.overview.scenarios();
    html! {
        h2 { (tr(Phrase::ReportOutcomes, lang)) }
        (scrolling(html! {
            table class="grid" {
                tr {
                    th class="name" { (tr(Phrase::Trainee, lang)) }
                    @for id in &scenarios { th { (data.title(id, lang)) } }
                }
                @for (trainee, results) in &data.overview.grid {
                    tr {
                        th class="name" {
                            (trainee)
                            // The trainee's judgement over their latest attempts, beside the outcomes.
                            span class="line" { (tr(Phrase::Accuracy, lang)) " " (accuracy_text(data.overview.trainee_accuracy(trainee))) }
                        }
                        @for id in &scenarios {
                            @let result = results.get(id);
                            @let latest = result.and_then(|r| r.latest.as_ref());
                            @let (label, class_name) = outcome_cell(latest.and_then(|a| a.outcome), lang);
                            @let best = result
                                .and_then(|r| r.best.as_ref())
                                .filter(|b| Some(b.id.as_str()) != latest.map(|l| l.id.as_str()));
                            td class={ "cell " (class_name) } {
                                (label)
                                @if let Some(balance) = latest.and_then(|a| a.final_balance) {
                                    span class="line" { (balance_value(balance, lang)) }
                                }
                                @if let Some(latest) = latest {
                                    span class="line" { (tr(Phrase::Accuracy, lang)) " " (accuracy_text(latest.accuracy)) }
                                }
                                @if let Some(best) = best {
                                    span class="line best" {
                                        (tr(Phrase::ReportBest, lang)) (colon(lang)) (outcome_cell(best.outcome, lang).0)
                                        @if let Some(balance) = best.final_balance { " · " (balance_value(balance, lang)) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }))
    }
}

/// Trainee × golden step: applied out of offered over their latest attempts, coloured by the share.
pub fn heatmap(data: &ReportData, lang: Lang) -> Markup {
    html! {
        h2 { (tr(Phrase::ReportHeatmap, lang)) }
        (scrolling(html! {
            table {
                tr {
                    th { (tr(Phrase::Trainee, lang)) }
                    @for n in 1..=GOLDEN_STEP_COUNT { th { (step_label(n, lang)) } }
                }
                @for (trainee, tallies) in &data.overview.heatmap {
                    tr {
                        th class="name" { (trainee) }
                        @for tally in tallies {
                            td class="num" style={ "background:" (heat(*tally)) } { (tally.applied) "/" (tally.offered) }
                        }
                    }
                }
            }
        }))
    }
}
