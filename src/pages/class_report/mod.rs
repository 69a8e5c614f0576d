//! The class report as a page (`goodwill report --format html`, the class view's "Export report"): the
//! outcome grid, every trainee's balance curve, the golden-step heatmap, the class votes with each step's
//! split, the mistakes made, the pair exercises' observer marks and sincerity ratings, the trainees'
//! reflection answers and improvement plans, and every attempt,
//! split, the group games (003's promise and responsibility games) with each pair's tallies, the mistakes made, the pair exercises' observer marks and sincerity ratings, and every attempt,
//! written with the one HTML page writer. A class vote is the class's attempt, not a trainee's: it has its
//! own section and is in no trainee table ([`trainee_attempts`]). The store gathers the data
//! (`ReportData`) and keeps the CSV and xAPI formats; this is a view of it. Every name and text is escaped
//! (maud), and the page is self-contained: inline CSS and SVG, no scripts.
//!
//! It reads on a phone (tables scroll sideways inside their own box, names never break, charts scale to
//! the width) and prints on A4 (a print stylesheet: each section on a new page, charts fitted, nothing
//! cut). The page is a list of [`SECTIONS`], each a function of the data; the attempt list is a list of
//! columns (`attempts::COLUMNS`): a new section or column is one more entry.

mod attempts;
mod chart;
mod grid;
mod group_games;
mod pairs;
mod reflections;
#[cfg(test)]
mod tests;
mod votes;

use goodwill_engine::{Lang, Outcome};
use goodwill_store::Attempt;
use goodwill_store::clock::short;
use goodwill_store::report::ReportData;
use maud::{Markup, html};

use crate::i18n::{Phrase, colon, tr};

/// The sections of the report, in order: each is its own `<section>` (a new page in print).
const SECTIONS: &[fn(&ReportData, Lang) -> Markup] = &[
    grid::outcome_grid,
    balance_curves,
    grid::heatmap,
    votes::class_votes,
    group_games::group_games,
    attempts::mistakes,
    pairs::observer_marks,
    pairs::sincerity,
    reflections::reflections,
    attempts::attempt_list,
];

/// The trainees' attempts, oldest first: every finished attempt under the class but its class votes,
/// which are the class's own (shown in their section), so the class's name never reads as a trainee's.
fn trainee_attempts(data: &ReportData) -> impl Iterator<Item = &Attempt> {
    data.attempts.iter().filter(|a| !a.is_class_vote())
}

/// The outcome's label and the CSS class that colours its cell.
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

/// Screen first, then a phone (under 600 px), then print on A4.
const STYLE: &str = "body{font-family:'Noto Sans CJK SC','Noto Sans SC','PingFang SC','Microsoft YaHei',sans-serif;\
margin:2rem;color:#222;background:#fbfaf7;line-height:1.4}h1{margin:0 0 .2rem;font-size:1.7rem}\
h2{font-size:1.25rem;margin:1.8rem 0 .4rem}h3{font-size:1rem;margin:1rem 0 .3rem}\
.hint,.meta{color:#555;font-size:.92rem;margin:.2rem 0 .5rem}\
.scroll{overflow-x:auto;max-width:100%}\
table{border-collapse:collapse;margin:.4rem 0}\
td,th{border:1px solid #ccc;padding:.35rem .6rem;text-align:left;vertical-align:top}th{background:#f0ede6}\
.name,.nowrap{white-space:nowrap}.num{text-align:right;white-space:nowrap}.mark{text-align:center}\
th.name{position:sticky;left:0}td.wide{min-width:14em}\
.grid td{white-space:nowrap}.line{display:block}.best{color:#555;font-size:.9em}\
.lost{background:#f4c7c3}.resolved{background:#fbe6b3}.retained{background:#cfe8d2}.loyal{background:#9fd6aa}\
.none{color:#999}\
figure{margin:1rem 0;max-width:640px}figcaption{font-weight:bold;margin-bottom:.3rem}\
figure svg{display:block;width:100%;height:auto}\
ul.key{list-style:none;padding:0;margin:.3rem 0;display:flex;flex-wrap:wrap;gap:.2rem 1.2rem}\
.swatch{display:inline-block;width:.9em;height:.9em;margin-right:.35em;vertical-align:-.1em}\
.classvote{max-width:46rem;margin:0 0 1.4rem}.vstep{margin:.8rem 0}.vhead{font-weight:bold;margin:.2rem 0}\
.said{color:#555;margin:.1rem 0 .3rem}ul.answers{list-style:none;padding:0;margin:0}\
ul.answers li{margin:0 0 .45rem;padding-left:.5rem;border-left:3px solid transparent}ul.answers li.played{border-left-color:#2f6f9f}\
.tally{display:flex;align-items:center;gap:.5rem}.bar{flex:0 1 16rem;height:.8em;background:#e6e1d6;border-radius:3px;overflow:hidden}\
.fill{display:block;height:100%;background:#2f6f9f}.count{white-space:nowrap;font-size:.92em}\
.pick{color:#a93226;font-weight:bold;white-space:nowrap}.voters{color:#666;font-size:.85em}\
@media (max-width:600px){body{margin:.7rem;font-size:15px}h1{font-size:1.35rem}td,th{padding:.25rem .4rem}}\
@page{size:A4;margin:14mm 12mm}\
@media print{body{margin:0;background:#fff;font-size:10pt}section{break-before:page}section.first{break-before:auto}\
.scroll{overflow:visible}table{width:100%}tr,figure,.pair,.vstep{break-inside:avoid}\
.bar,.fill{-webkit-print-color-adjust:exact;print-color-adjust:exact}h2,h3{break-after:avoid}\
figure{max-width:150mm}.grid td{white-space:normal}th.name{position:static}td,th{padding:.2rem .35rem;-webkit-print-color-adjust:exact;print-color-adjust:exact}}";

/// The report on `data`'s class session as a self-contained HTML page; `lang` picks every word on it.
pub fn page(data: &ReportData, lang: Lang) -> String {
    let class = data.class();
    let report = tr(Phrase::ReportTitle, lang);
    let trainees: Vec<&str> = data.overview.grid.iter().map(|(t, _)| t.as_str()).collect();
    let body = html! {
        header {
            h1 { (class.name) }
            p class="meta" { (report) " · " (tr(Phrase::ReportGenerated, lang)) " " (short(data.generated_at)) }
            p { (tr(Phrase::ReportTrainees, lang)) (colon(lang)) (trainees.join(tr(Phrase::ListComma, lang))) }
        }
        @for (i, section) in SECTIONS.iter().enumerate() {
            section class=[(i == 0).then_some("first")] { (section(data, lang)) }
        }
    };
    crate::pages::html::page(lang, &format!("{report} — {}", class.name), STYLE, body)
}

/// A wide table in a box of its own that scrolls sideways on a narrow screen (and prints whole).
fn scrolling(table: Markup) -> Markup {
    html! { div class="scroll" { (table) } }
}

/// Every trainee's latest balance curve, one chart a case.
fn balance_curves(data: &ReportData, lang: Lang) -> Markup {
    html! {
        h2 { (tr(Phrase::ReportCurves, lang)) }
        p class="hint" { (tr(Phrase::ReportCurvesHint, lang)) }
        @for id in &data.overview.scenarios() {
            @let curves = data.overview.curves(id);
            @if !curves.is_empty() {
                @let title = data.title(id, lang);
                figure {
                    figcaption { (title) }
                    (chart::balance_chart(&curves, &title, lang))
                    (chart::key(&curves))
                }
            }
        }
    }
}
