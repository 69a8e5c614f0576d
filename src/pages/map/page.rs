//! The map as a page for a browser: fitted to the window (the drawing scales with its `viewBox` to the
//! page's width; on a phone it scrolls sideways at its own size instead of shrinking to nothing), the
//! legend above it, and — on a trainee's page — every answer in full, numbered as it was shown, below.

use goodwill_engine::account::immediate_score;
use goodwill_engine::{Lang, Scenario};
use maud::{Markup, PreEscaped, html};

use super::canvas::Legend;
use super::words::{Attempt, Seen};
use crate::i18n::{Phrase, balance_words, colon, quoted, step_label, tr};

const STYLE: &str = "body{font-family:'Noto Sans CJK SC','Noto Sans SC','PingFang SC','Microsoft YaHei','DejaVu Sans',sans-serif;\
margin:1rem 1.5rem;color:#1b2631;background:#fff;line-height:1.45}\
h1{font-size:1.5rem;margin:.2rem 0 .4rem}h2{font-size:1.2rem;margin:1.5rem 0 .5rem}\
.end{margin:.2rem 0 .6rem;font-weight:bold}\
ul.legend{list-style:none;padding:0;margin:.2rem 0 .8rem}ul.legend li{margin:.15rem 0;display:flex;align-items:baseline;gap:.5rem}\
.sample{flex:none;display:inline-block;width:2.2rem;border-top:5px solid;transform:translateY(-.25em)}\
.sample.dashed{border-top-style:dashed}\
.map{margin:0;overflow-x:auto}.map svg{display:block;width:100%;height:auto}\
.step{margin:.8rem 0;padding:.5rem .8rem;border-left:4px solid #d5d8dc;break-inside:avoid}\
.step h3{font-size:1rem;margin:0 0 .3rem}.said{margin:.2rem 0}\
ul.options{list-style:none;padding:0;margin:.3rem 0}ul.options li{margin:.25rem 0;padding:.15rem .4rem}\
.num{display:inline-block;min-width:1.6em;font-weight:bold}\
li.chosen{background:#e8f1fa;border-left:4px solid #2e86c1}\
.tag{font-size:.85em;padding:0 .35em;border-radius:.3em;margin-left:.4em;white-space:nowrap}\
.tag.you{background:#2e86c1;color:#fff}.tag.best{background:#239b56;color:#fff}.score{color:#566573;margin-left:.4em}\
@media (max-width:700px){body{margin:.6rem}.map svg{width:auto;max-width:none}}\
@media print{.map{overflow:visible}.map svg{width:100%;max-width:100%}.step{page-break-inside:avoid}}";

/// "第1步" / "Step 1", as a heading.
fn step_heading(number: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => step_label(number, lang),
        Lang::En => format!("Step {number}"),
    }
}

/// The drawing's own width, from its `width` attribute, so it is never blown up past it.
fn natural_width(svg: &str) -> Option<f64> {
    let rest = &svg[svg.find("<svg")?..];
    let rest = &rest[rest.find(" width=\"")? + 8..];
    rest[..rest.find('"')?].parse().ok()
}

/// The drawing, fitted: at most its own width, scaled down to the window's.
fn fitted(drawing: &str) -> Markup {
    // The drawing is this module's own SVG; in a page its XML declaration is left out.
    let drawing = drawing
        .strip_prefix("<?xml")
        .and_then(|rest| rest.split_once("?>"))
        .map_or(drawing, |(_, svg)| svg)
        .trim();
    let style = natural_width(drawing).map(|w| format!("max-width:{w:.0}px"));
    html! { figure class="map" style=[style] { (PreEscaped(drawing)) } }
}

/// The legend as a list, each path with a sample of its line.
fn legend_list(legend: &[Legend]) -> Markup {
    html! {
        ul class="legend" {
            @for line in legend {
                li {
                    @if let Some((colour, dashed)) = line.sample {
                        span class=(if dashed { "sample dashed" } else { "sample" })
                            style={ "border-top-color:#" (format!("{:06x}", colour >> 8)) } {}
                    }
                    (line.text)
                }
            }
        }
    }
}

/// `analyze --graph`'s page: the title above the author's drawing (its legend is inside it).
pub fn author_page(scenario: &Scenario, svg_drawing: &str, lang: Lang) -> String {
    let title = format!("{} — {}", scenario.id, scenario.title.get(lang));
    let body = html! {
        h1 { (title) }
        (fitted(svg_drawing))
    };
    crate::pages::html::page(lang, &title, STYLE, body)
}

/// The debrief's page: the case's title, how the attempt ended, the legend, the drawing, then every
/// step with the options in the order shown and the best path's answers.
pub fn trainee_page(
    scenario: &Scenario,
    svg_drawing: &str,
    legend: &[Legend],
    seen: &Seen,
    attempt: Attempt,
    best: &[(usize, usize)],
    lang: Lang,
) -> String {
    let title = format!("{} — {}", tr(Phrase::PathPicture, lang), scenario.title.get(lang));
    let body = html! {
        h1 { (title) }
        @if let Some((outcome, balance)) = attempt.end {
            p class="end" {
                (tr(Phrase::Outcome, lang)) (colon(lang)) (outcome.label().get(lang)) " · " (balance_words(balance, lang))
            }
        }
        (legend_list(legend))
        (fitted(svg_drawing))
        (your_steps(scenario, seen, attempt, best, lang))
        (best_steps(scenario, seen, best, lang))
    };
    crate::pages::html::page(lang, &title, STYLE, body)
}

/// Every step the trainee took: what the customer said, and the options in the order shown, numbered
/// as shown, the one they said marked (with its effect and the balance after it).
fn your_steps(scenario: &Scenario, seen: &Seen, attempt: Attempt, best: &[(usize, usize)], lang: Lang) -> Markup {
    html! {
        section class="steps" {
            h2 { (tr(Phrase::MapStepsHeading, lang)) }
            @for (i, (&(node, chosen), record)) in seen.path.iter().zip(attempt.steps).enumerate() {
                @let choices = &scenario.nodes[node].choices;
                div class="step" {
                    h3 { (step_heading(i + 1, lang)) }
                    p class="said" { b { (tr(Phrase::Customer, lang)) (colon(lang)) } (quoted(seen.line(scenario, node, lang), lang)) }
                    ul class="options" {
                        @for c in seen.shown_order(node, choices.len()) {
                            li class=[(c == chosen).then_some("chosen")] {
                                span class="num" { (seen.number(node, c).unwrap_or(0)) "." }
                                (quoted(choices[c].text.get(lang), lang))
                                span class="score" { "(" (format!("{:+}", immediate_score(scenario, &choices[c]))) ")" }
                                @if c == chosen {
                                    span class="tag you" { (tr(Phrase::MapYouChose, lang)) }
                                    span class="score" { (balance_words(record.balance, lang)) }
                                }
                                @if best.contains(&(node, c)) { span class="tag best" { (tr(Phrase::MapOnBestPath, lang)) } }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The best path's answers, each with the number the trainee saw it under where they were asked.
fn best_steps(scenario: &Scenario, seen: &Seen, best: &[(usize, usize)], lang: Lang) -> Markup {
    html! {
        @if !best.is_empty() {
            section class="steps" {
                h2 { (tr(Phrase::MapBestHeading, lang)) }
                @for (i, &(node, c)) in best.iter().enumerate() {
                    @let choice = &scenario.nodes[node].choices[c];
                    div class="step" {
                        h3 { (step_heading(i + 1, lang)) }
                        p class="said" { b { (tr(Phrase::Customer, lang)) (colon(lang)) } (quoted(seen.line(scenario, node, lang), lang)) }
                        ul class="options" {
                            li {
                                (quoted(choice.text.get(lang), lang))
                                span class="score" { "(" (format!("{:+}", immediate_score(scenario, choice))) ")" }
                                span class="score" {
                                    @match (seen.number(node, c), seen.reached(node)) {
                                        (Some(k), _) => (crate::i18n::fill(Phrase::MapSawAs, lang, &[("number", &k)])),
                                        (None, Some(_)) => (tr(Phrase::MapNotOfferedToYou, lang)),
                                        (None, None) => (tr(Phrase::MapNotAskedThere, lang)),
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
