//! The report's balance chart: every trainee's latest balance curve on one set of axes, drawn inline
//! through the one SVG writer. No scripts, no external files.

use maud::{Markup, html};

use crate::pages::svg::{self, Frame};

/// Distinct colours for up to ten curves, then they repeat.
const COLOURS: [&str; 10] = [
    "#2f6f9f", "#c0612b", "#3f8f4f", "#8a4fa0", "#b8962e", "#2a9d8f", "#d1495b", "#5c6b73", "#7a9e3d", "#9c6644",
];

/// A line chart of balance (0–100) against step, one polyline per named curve, with a legend.
pub fn balance_chart(curves: &[(String, Vec<i32>)], caption: &str) -> Markup {
    const W: f32 = 640.0;
    const H: f32 = 260.0;
    const LEFT: f32 = 40.0;
    const TOP: f32 = 12.0;
    const PLOT_W: f32 = 440.0;
    const PLOT_H: f32 = 210.0;
    let steps = curves.iter().map(|(_, c)| c.len()).max().unwrap_or(1).max(2) - 1;
    let x = |i: usize| LEFT + PLOT_W * i as f32 / steps as f32;
    // -20..100: an overdraft shows as a dip below the zero line, still inside the plot.
    let y = |b: i32| TOP + PLOT_H * ((100 - b.clamp(-20, 100)) as f32 / 120.0);
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
    let frame = Frame {
        x: 0.0,
        y: 0.0,
        width: W.into(),
        height: H.into(),
    };
    svg::root(
        frame,
        Some(caption),
        html! {
            @for (level, label) in [(0, "0"), (30, "30"), (50, "50"), (80, "80"), (100, "100")] {
                line x1=(LEFT) x2=(LEFT + PLOT_W) y1=(y(level)) y2=(y(level)) stroke="#ddd" {}
                text x=(LEFT - 4.0) y=(y(level) + 3.0) font-size="10" text-anchor="end" fill="#666" { (label) }
            }
            @for (i, (name, curve)) in curves.iter().enumerate() {
                @let colour = COLOURS[i % COLOURS.len()];
                @let ly = TOP + 14.0 + 16.0 * i as f32;
                polyline fill="none" stroke=(colour) stroke-width="2" points=(polyline(i, curve)) {}
                rect x=(LEFT + PLOT_W + 16.0) y=(ly - 9.0) width="10" height="10" fill=(colour) {}
                text x=(LEFT + PLOT_W + 30.0) y=(ly) font-size="12" { (name) }
            }
        },
    )
}
