//! The report's balance chart: every trainee's latest balance curve on one set of axes, drawn inline
//! through the one SVG writer, with the steps labelled along the bottom and the balance up the side.
//! The names are in a key under the chart (HTML, so it wraps on a phone and never runs off the
//! drawing); each line also carries its trainee's name as a tooltip. No scripts, no external files.

use goodwill_engine::Lang;
use maud::{Markup, html};

use crate::i18n::{Phrase, tr};
use crate::pages::svg::{self, Frame};

/// Distinct colours for up to ten curves, then they repeat.
const COLOURS: [&str; 10] = [
    "#2f6f9f", "#c0612b", "#3f8f4f", "#8a4fa0", "#b8962e", "#2a9d8f", "#d1495b", "#5c6b73", "#7a9e3d", "#9c6644",
];

const W: f32 = 560.0;
const H: f32 = 280.0;
const LEFT: f32 = 58.0;
const RIGHT: f32 = 16.0;
const TOP: f32 = 12.0;
const PLOT_H: f32 = 210.0;
/// Text size in the drawing's units: the chart scales with the page, so this stays readable from a
/// phone's 360 px (about 10 px) to a projector.
const FONT: f32 = 16.0;
/// The lowest balance drawn: an overdraft shows as a dip into the "closed" band below zero.
const FLOOR: i32 = -20;

/// A line chart of balance (0–100, with a "closed" band below zero) against step, one polyline per
/// named curve; `caption` names it for screen readers.
pub fn balance_chart(curves: &[(String, Vec<i32>)], caption: &str, lang: Lang) -> Markup {
    let plot_w = W - LEFT - RIGHT;
    let steps = curves.iter().map(|(_, c)| c.len()).max().unwrap_or(1).max(2) - 1;
    let x = |i: usize| LEFT + plot_w * i as f32 / steps as f32;
    let y = |b: i32| TOP + PLOT_H * ((100 - b.clamp(FLOOR, 100)) as f32 / (100 - FLOOR) as f32);
    let polyline = |i: usize, curve: &[i32]| {
        // Trainees who took the same path would hide each other: nudge each line a little.
        let nudge = (i as f32 - (curves.len() as f32 - 1.0) / 2.0) * 2.5;
        let points: Vec<String> = curve
            .iter()
            .enumerate()
            .map(|(k, &b)| format!("{:.1},{:.1}", x(k), y(b) + nudge))
            .collect();
        points.join(" ")
    };
    // Every step labelled while they fit (about 28 units apart), else every second, fifth…
    let every = [1, 2, 5, 10, 20, 50]
        .into_iter()
        .find(|&n| plot_w / steps as f32 * n as f32 >= 28.0)
        .unwrap_or(100);
    let frame = Frame {
        x: 0.0,
        y: 0.0,
        width: W.into(),
        height: H.into(),
    };
    let axis_y = TOP + PLOT_H;
    svg::root(
        frame,
        Some(caption),
        html! {
            rect x=(LEFT) y=(y(0)) width=(plot_w) height=(axis_y - y(0)) fill="#fbe3e1" {}
            text x=(LEFT + 6.0) y=(y(0) + FONT + 2.0) font-size=(FONT * 0.85) fill="#a93226" {
                (tr(Phrase::ReportClosed, lang))
            }
            @for (level, label) in [(0, "0"), (30, "30"), (50, "50"), (80, "80"), (100, "100")] {
                line x1=(LEFT) x2=(LEFT + plot_w) y1=(y(level)) y2=(y(level))
                    stroke=(if level == 0 { "#c0392b" } else { "#ddd" }) {}
                text x=(LEFT - 6.0) y=(y(level) + FONT * 0.35) font-size=(FONT) text-anchor="end" fill="#555" { (label) }
            }
            @for k in (0..=steps).filter(|k| k % every == 0 || *k == steps) {
                line x1=(x(k)) x2=(x(k)) y1=(axis_y) y2=(axis_y + 4.0) stroke="#888" {}
                text x=(x(k)) y=(axis_y + FONT + 4.0) font-size=(FONT) text-anchor="middle" fill="#555" {
                    @if k == 0 { (tr(Phrase::ChartStart, lang)) } @else { (k) }
                }
            }
            text x=(LEFT + plot_w / 2.0) y=(H - 6.0) font-size=(FONT) text-anchor="middle" fill="#333" {
                (tr(Phrase::ChartStep, lang))
            }
            text x=(14.0) y=(TOP + PLOT_H / 2.0) font-size=(FONT) text-anchor="middle" fill="#333"
                transform=(format!("rotate(-90 14 {})", TOP + PLOT_H / 2.0)) {
                (tr(Phrase::ReportBalance, lang))
            }
            @for (i, (name, curve)) in curves.iter().enumerate() {
                polyline fill="none" stroke=(COLOURS[i % COLOURS.len()]) stroke-width="2.5" points=(polyline(i, curve)) {
                    title { (name) }
                }
            }
        },
    )
}

/// The chart's key: each trainee's colour and name, as a list that wraps with the page.
pub fn key(curves: &[(String, Vec<i32>)]) -> Markup {
    html! {
        ul class="key" {
            @for (i, (name, _)) in curves.iter().enumerate() {
                li class="name" {
                    span class="swatch" style={ "background:" (COLOURS[i % COLOURS.len()]) } {}
                    (name)
                }
            }
        }
    }
}
