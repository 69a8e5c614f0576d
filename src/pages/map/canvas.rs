//! Where `layout-rs` draws: the placed map written as SVG through the one SVG writer (`pages::svg`).
//! Its own writer draws Times at the size it lays out with (about twice the width a letter needs), writes
//! choice labels along curved arrows, and scales arrow heads with the line. Here text is a sans-serif face
//! at `NODE_FONT` or `EDGE_FONT`, labels sit level with a white halo over the lines they cross, heads have
//! one size, and the canvas is cropped to what is drawn, with the legend under it.

use std::collections::HashMap;

use layout::core::color::Color;
use layout::core::format::{ClipHandle, RenderBackend};
use layout::core::geometry::Point;
use layout::core::style::StyleAttr;
use maud::{Markup, PreEscaped, html};

use super::layout::LABEL_GAP;
use super::measure::{EDGE_FONT, LEGEND_FONT, LEGEND_WRAP, NODE_FONT, text_size, wrap};
use super::words::Words;
use crate::pages::svg::{self, Frame, at};

/// Blank space kept around the drawing, in SVG units.
const MARGIN: f64 = 24.0;

const STYLE: &str = "\ntext { font-family: \"DejaVu Sans\", \"Noto Sans\", \"Noto Sans CJK SC\", \"Microsoft YaHei\", Arial, sans-serif; fill: #1b2631; }\n\
text.node, text.label { text-anchor: middle; dominant-baseline: central; }\n\
text.label { paint-order: stroke; stroke: white; stroke-width: 5px; stroke-linejoin: round; }\n\
text.legend { dominant-baseline: central; }\n";

/// What marks a choice's arrow in the SVG: `class="choice your-path …"`, `data-node` and `data-choice`
/// (1-based), for tests and styling.
#[derive(Debug, Clone)]
pub struct ArrowMark {
    pub classes: String,
    pub node: String,
    pub choice: usize,
    /// The answer in full, shown on hover (a trainee's map).
    pub hover: Option<String>,
}

/// One line of the legend, with a sample of the line it explains.
pub struct Legend {
    pub text: String,
    /// Colour and dashing of the path it explains.
    pub sample: Option<(u32, bool)>,
}

impl Legend {
    pub fn text(text: String) -> Self {
        Legend { text, sample: None }
    }
}

fn web(colour: Color) -> String {
    colour.to_web_color()
}

pub struct Canvas {
    body: Vec<Markup>,
    clips: Vec<Markup>,
    /// (x0, y0, x1, y1) of everything drawn.
    bounds: Option<(f64, f64, f64, f64)>,
    /// The texts of the boxes (nodes, folds, the end), drawn at `NODE_FONT`, with their hover texts.
    boxes: HashMap<String, Option<String>>,
    /// The choices' labels, by the stand-in text layout-rs placed for each, with the arrow each labels.
    labels: HashMap<String, (Words, usize)>,
    /// What marks each arrow, by the index layout-rs hands back as the arrow's properties.
    marks: Vec<ArrowMark>,
    /// Labels waiting to be placed once every line is drawn: where layout-rs put each, its words and arrow.
    pending: Vec<(Point, Words, Option<ArrowMark>)>,
    /// Points along every arrow drawn, to keep labels off them.
    along: Vec<(f64, f64)>,
    /// Every box and end mark drawn: x0, y0, x1, y1.
    shapes: Vec<[f64; 4]>,
}

/// Whether rectangles `a` and `b` (x0, y0, x1, y1) overlap.
fn overlap(a: &[f64; 4], b: &[f64; 4]) -> bool {
    a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
}

/// Points along a cubic Bézier curve.
fn bezier(p0: Point, c1: Point, c2: Point, p3: Point) -> impl Iterator<Item = (f64, f64)> {
    (0..=24).map(move |i| {
        let t = f64::from(i) / 24.0;
        let u = 1.0 - t;
        let (a, b, c, d) = (u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t);
        (
            a * p0.x + b * c1.x + c * c2.x + d * p3.x,
            a * p0.y + b * c1.y + c * c2.y + d * p3.y,
        )
    })
}

impl Canvas {
    pub fn new(
        boxes: HashMap<String, Option<String>>,
        labels: HashMap<String, (Words, usize)>,
        marks: Vec<ArrowMark>,
    ) -> Self {
        Canvas {
            body: Vec::new(),
            clips: Vec::new(),
            bounds: None,
            boxes,
            labels,
            marks,
            pending: Vec::new(),
            along: Vec::new(),
            shapes: Vec::new(),
        }
    }

    fn grow(&mut self, x: f64, y: f64) {
        let b = self.bounds.get_or_insert((x, y, x, y));
        *b = (b.0.min(x), b.1.min(y), b.2.max(x), b.3.max(y));
    }

    /// `words` centred on `at`, one `<tspan>` a line, with their hover text as a tooltip; `of` names the
    /// arrow a label belongs to.
    fn text(&mut self, at: Point, words: &Words, font: f64, class: &str, of: Option<&ArrowMark>) {
        let (x, y, text, hover) = (at.x, at.y, words.text.as_str(), words.hover.as_deref());
        let (w, h) = text_size(text, font);
        self.grow(x - w / 2.0, y - h / 2.0);
        self.grow(x + w / 2.0, y + h / 2.0);
        let first = y - (text.lines().count().saturating_sub(1)) as f64 * font * 1.25 / 2.0;
        let lines = svg::lines(class, x, first, font, text);
        self.body.push(if hover.is_some() || of.is_some() {
            html! {
                g data-node=[of.map(|m| &m.node)] data-choice=[of.map(|m| m.choice)] {
                    @if let Some(hover) = hover { title { (hover) } }
                    (lines)
                }
            }
        } else {
            lines
        });
    }

    /// A choice's label, kept until every line is drawn (see [`Self::place_labels`]); or, for a text it
    /// did not get from here, that text as it is.
    fn label(&mut self, xy: Point, placed: &str) {
        match self.labels.get(placed) {
            Some((words, arrow)) => {
                let mark = self.marks.get(*arrow).cloned();
                self.pending.push((xy, words.clone(), mark));
            }
            None => {
                let words = Words {
                    text: placed.to_owned(),
                    hover: None,
                };
                self.text(xy, &words, EDGE_FONT, "label", None);
            }
        }
    }

    /// Each label where it is clear of every line, box and label already placed: beside its arrow on
    /// the right or the left inside the room layout-rs kept for it (twice its width, see
    /// `layout::LABEL_GAP`), or else on the arrow itself, its white halo breaking the line, wherever the
    /// fewest lines cross it.
    fn place_labels(&mut self) {
        let pending = std::mem::take(&mut self.pending);
        let sizes: Vec<(f64, f64)> = pending
            .iter()
            .map(|(_, words, _)| text_size(&words.text, EDGE_FONT))
            .collect();
        let rect = |i: usize, x: f64| {
            let ((w, h), y) = (sizes[i], pending[i].0.y);
            [
                x - w / 2.0 - 2.0,
                y - h / 2.0 - 2.0,
                x + w / 2.0 + 2.0,
                y + h / 2.0 + 2.0,
            ]
        };
        // Where each label would sit on its own arrow: the room layout-rs kept for it. A label moved
        // aside must not take a room still to be filled.
        let rooms: Vec<[f64; 4]> = (0..pending.len()).map(|i| rect(i, pending[i].0.x)).collect();
        let mut placed: Vec<[f64; 4]> = Vec::new();
        for (i, (xy, words, mark)) in pending.iter().enumerate() {
            let side = LABEL_GAP / 2.0 + sizes[i].0 / 2.0;
            let crossings = |r: &[f64; 4]| {
                self.along
                    .iter()
                    .filter(|&&(x, y)| x > r[0] && x < r[2] && y > r[1] && y < r[3])
                    .count()
            };
            let blocked = |r: &[f64; 4]| {
                placed
                    .iter()
                    .chain(&self.shapes)
                    .chain(&rooms[i + 1..])
                    .any(|other| overlap(r, other))
            };
            // Nearest first: beside the arrow, then a little further out or up or down, then on it.
            let h = sizes[i].1;
            let mut candidates = Vec::new();
            for dy in [0.0, -h / 3.0, h / 3.0] {
                for dx in [side, -side, side + 16.0, -side - 16.0, side + 32.0, -side - 32.0] {
                    candidates.push((xy.x + dx, xy.y + dy));
                }
            }
            candidates.push((xy.x, xy.y));
            let at = |(x, y): (f64, f64)| {
                let r = rect(i, x);
                [r[0], r[1] + y - xy.y, r[2], r[3] + y - xy.y]
            };
            let (x, y) = candidates
                .iter()
                .copied()
                .find(|&c| crossings(&at(c)) == 0 && !blocked(&at(c)))
                .unwrap_or_else(|| {
                    candidates
                        .iter()
                        .copied()
                        .min_by_key(|&c| (blocked(&at(c)), crossings(&at(c))))
                        .unwrap_or((xy.x, xy.y))
                });
            placed.push(at((x, y)));
            self.text(Point::new(x, y), words, EDGE_FONT, "label", mark.as_ref());
        }
    }

    /// The finished drawing on white, cropped, with the legend under it.
    pub fn finish(mut self, legend: &[Legend]) -> Markup {
        self.place_labels();
        let (x0, y0, x1, y1) = self.bounds.unwrap_or((0.0, 0.0, 100.0, 100.0));
        // The legend: a sample line and a wrapped text a line, left-aligned under the drawing.
        let mut y = y1 + LEGEND_FONT * 1.5;
        let mut legend_svg = Vec::new();
        let mut right = x1;
        for line in legend {
            let text = wrap(&line.text, LEGEND_WRAP);
            let indent = if let Some((colour, dashed)) = line.sample {
                legend_svg.push(html! {
                    line x1=(at(x0)) y1=(at(y)) x2=(at(x0 + 44.0)) y2=(at(y)) stroke=(web(Color::new(colour)))
                        stroke-width="5" stroke-dasharray=[dashed.then_some("8,5")] {}
                });
                56.0
            } else {
                0.0
            };
            legend_svg.push(svg::lines("legend", x0 + indent, y, LEGEND_FONT, &text));
            right = right.max(x0 + indent + text_size(&text, LEGEND_FONT).0);
            y += text.lines().count() as f64 * LEGEND_FONT * 1.25 + LEGEND_FONT * 0.3;
        }
        self.grow(right, y);
        let (x0, y0) = (x0 - MARGIN, y0 - MARGIN);
        let frame = Frame {
            x: x0,
            y: y0,
            width: right - x0 + MARGIN,
            height: y - y0 + MARGIN,
        };
        let content = html! {
            defs {
                marker id="head" markerUnits="userSpaceOnUse" markerWidth="14" markerHeight="10" refX="13"
                    refY="5" orient="auto" {
                    polygon points="0 0, 14 5, 0 10" fill="context-stroke" {}
                }
                @for clip in &self.clips { (clip) }
            }
            style { (PreEscaped(STYLE)) }
            rect x=(at(frame.x)) y=(at(frame.y)) width=(at(frame.width)) height=(at(frame.height)) fill="white" {}
            @for element in &self.body { (element) }
            @for element in &legend_svg { (element) }
        };
        svg::root(frame, None, content)
    }
}

// layout-rs passes properties to rectangles, lines and circles only when an element was created with
// some; the map gives them only to arrows, so those three ignore theirs.
impl RenderBackend for Canvas {
    fn draw_rect(&mut self, xy: Point, size: Point, look: &StyleAttr, _: Option<String>, clip: Option<ClipHandle>) {
        self.shapes.push([xy.x, xy.y, xy.x + size.x, xy.y + size.y]);
        self.grow(xy.x, xy.y);
        self.grow(xy.x + size.x, xy.y + size.y);
        self.body.push(html! {
            rect x=(at(xy.x)) y=(at(xy.y)) width=(at(size.x)) height=(at(size.y)) rx=(look.rounded)
                fill=(look.fill_color.map_or("none".to_string(), web)) stroke=(web(look.line_color))
                stroke-width=(look.line_width) clip-path=[clip.map(|c| format!("url(#C{c})"))] {}
        });
    }

    fn draw_line(&mut self, start: Point, stop: Point, look: &StyleAttr, _: Option<String>) {
        self.grow(start.x, start.y);
        self.grow(stop.x, stop.y);
        self.body.push(html! {
            line x1=(at(start.x)) y1=(at(start.y)) x2=(at(stop.x)) y2=(at(stop.y)) stroke=(web(look.line_color))
                stroke-width=(look.line_width) {}
        });
    }

    fn draw_circle(&mut self, xy: Point, size: Point, look: &StyleAttr, _: Option<String>) {
        let (rx, ry) = (size.x / 2.0, size.y / 2.0);
        self.shapes.push([xy.x - rx, xy.y - ry, xy.x + rx, xy.y + ry]);
        self.grow(xy.x - size.x / 2.0, xy.y - size.y / 2.0);
        self.grow(xy.x + size.x / 2.0, xy.y + size.y / 2.0);
        self.body.push(html! {
            ellipse cx=(at(xy.x)) cy=(at(xy.y)) rx=(at(size.x / 2.0)) ry=(at(size.y / 2.0))
                fill=(look.fill_color.map_or("none".to_string(), web)) stroke=(web(look.line_color))
                stroke-width=(look.line_width) {}
        });
    }

    fn draw_text(&mut self, xy: Point, text: &str, _look: &StyleAttr) {
        // A box's own text, or else a choice's label (layout-rs does not always pass the label's own style).
        if let Some(hover) = self.boxes.get(text).cloned() {
            let words = Words {
                text: text.to_owned(),
                hover,
            };
            self.text(xy, &words, NODE_FONT, "node", None);
        } else {
            self.label(xy, text);
        }
    }

    fn draw_arrow(
        &mut self,
        path: &[(Point, Point)],
        dashed: bool,
        head: (bool, bool),
        look: &StyleAttr,
        properties: Option<String>,
        text: &str,
    ) {
        // `path` is the exit vector of the first point, then the entry vector of each following point
        // (cubic Bézier segments, as layout-rs's own writer draws them).
        let Some(first) = path.first() else { return };
        let mut d = format!("M {:.1} {:.1}", first.0.x, first.0.y);
        if let Some(second) = path.get(1) {
            d.push_str(&format!(
                " C {:.1} {:.1}, {:.1} {:.1}, {:.1} {:.1}",
                first.1.x, first.1.y, second.0.x, second.0.y, second.1.x, second.1.y
            ));
        }
        for point in path.iter().skip(2) {
            d.push_str(&format!(
                " S {:.1} {:.1}, {:.1} {:.1}",
                point.0.x, point.0.y, point.1.x, point.1.y
            ));
        }
        for point in path {
            self.grow(point.1.x, point.1.y);
        }
        // The same curve as `d`, sampled: the first segment from its two control points, each further
        // one (`S`) with its first control point mirrored from the last one's second.
        if let Some(second) = path.get(1) {
            self.along.extend(bezier(first.0, first.1, second.0, second.1));
            for pair in path[1..].windows(2) {
                let (prev, next) = (pair[0], pair[1]);
                let mirrored = Point::new(2.0 * prev.1.x - prev.0.x, 2.0 * prev.1.y - prev.0.y);
                self.along.extend(bezier(prev.1, mirrored, next.0, next.1));
            }
        }
        let mark = properties
            .and_then(|p| p.parse::<usize>().ok())
            .and_then(|i| self.marks.get(i));
        self.body.push(html! {
            g class=[mark.map(|m| &m.classes)] data-node=[mark.map(|m| &m.node)]
                data-choice=[mark.map(|m| m.choice)] {
                @if let Some(hover) = mark.and_then(|m| m.hover.as_ref()) { title { (hover) } }
                path d=(d) fill="none" stroke=(web(look.line_color)) stroke-width=(look.line_width)
                    stroke-dasharray=[dashed.then_some("10,6")] marker-end=[head.1.then_some("url(#head)")] {}
            }
        });
        if !text.is_empty() {
            // Labels are split off into their own connector by layout-rs; one left here sits at the middle.
            let mid = path[path.len() / 2].0;
            self.label(mid, text);
        }
    }

    fn create_clip(&mut self, xy: Point, size: Point, rounded_px: usize) -> ClipHandle {
        let handle = self.clips.len();
        self.clips.push(html! {
            clipPath id={ "C" (handle) } {
                rect x=(at(xy.x)) y=(at(xy.y)) width=(at(size.x)) height=(at(size.y)) rx=(rounded_px) {}
            }
        });
        handle
    }
}
