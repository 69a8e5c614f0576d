//! Placing the map: `layout-rs` lays the boxes and arrows out in layers and renders them onto the
//! [`Canvas`]. It can trip on its own assertions for some graphs; a panic there is contained here and the
//! layout tried again in a simpler mode.
//!
//! layout-rs sizes a choice's label as one font size per letter and per line. Drawn in a proportional
//! face (and Chinese a full em a character), 1.25 lines apart, a real label came out wider and taller
//! than the room it was given, so labels ran into each other and across the lines. So layout-rs is
//! given a stand-in text of exactly the drawn size, and the canvas draws the real label in its place.

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};

use layout::core::base::Orientation;
use layout::core::style::{LineStyleKind, StyleAttr};
use layout::std_shapes::shapes::{Arrow, Element, LineEndKind, ShapeKind};
use layout::topo::layout::VisualGraph;
use maud::Markup;

use super::MapError;
use super::canvas::{ArrowMark, Canvas, Legend};
use super::measure::{EDGE_FONT, text_size};
use super::words::Words;

/// The size, in SVG units, of one letter of a stand-in label as layout-rs measures it.
const STAND_IN_UNIT: usize = 10;
/// Room kept around a label, in SVG units, so neighbours and passing lines stay clear of its text.
const LABEL_ROOM: f64 = 14.0;
/// Space between an arrow and a label drawn beside it rather than on it (see `Canvas::place_labels`).
pub const LABEL_GAP: f64 = 8.0;

/// The boxes and arrows to lay out (kept so a failed layout can be tried again from scratch).
#[derive(Default)]
pub struct Sketch {
    boxes: Vec<Element>,
    /// The boxes' texts, each with its full wording for hover.
    box_texts: HashMap<String, Option<String>>,
    /// `(arrow, from box, to box)`.
    pub arrows: Vec<(Arrow, usize, usize)>,
    /// What marks each arrow in the SVG, by its place in `arrows`.
    pub marks: Vec<ArrowMark>,
    /// Stand-in text → the label drawn in its place, and the arrow (its place in `marks`) it labels.
    labels: HashMap<String, (Words, usize)>,
}

impl Sketch {
    /// A box or an end mark; `hover` is its text in full when the drawing shortens it.
    pub fn add_node(&mut self, element: Element, hover: Option<String>) -> usize {
        if let ShapeKind::Box(label) | ShapeKind::Circle(label) = &element.shape {
            self.box_texts.insert(label.clone(), hover);
        }
        self.boxes.push(element);
        self.boxes.len() - 1
    }

    /// An arrow from box `from` to box `to`, labelled with `label`.
    pub fn add_arrow(
        &mut self,
        label: Words,
        style: LineStyleKind,
        look: StyleAttr,
        mark: ArrowMark,
        from: usize,
        to: usize,
    ) {
        let stand_in = self.stand_in(&label.text);
        let mut look = look;
        look.font_size = STAND_IN_UNIT;
        let arrow = Arrow::new(
            LineEndKind::None,
            LineEndKind::Arrow,
            style,
            &stand_in,
            &look,
            &None,
            &None,
        );
        self.labels.insert(stand_in, (label, self.marks.len()));
        self.marks.push(mark);
        self.arrows.push((arrow, from, to));
    }

    /// A text layout-rs measures at the drawn size of `text` (plus room), unique to this label.
    fn stand_in(&self, text: &str) -> String {
        let (w, h) = text_size(text, EDGE_FONT);
        let unit = STAND_IN_UNIT as f64;
        let tag = format!("\u{1}{}", self.labels.len());
        let columns = (((w + LABEL_ROOM) / unit).ceil() as usize).max(tag.chars().count());
        let rows = (((h + LABEL_ROOM / 2.0) / unit).ceil() as usize).max(1);
        let mut lines = vec![format!("{tag}{}", ".".repeat(columns - tag.chars().count()))];
        lines.extend(std::iter::repeat_n(".".repeat(columns), rows - 1));
        lines.join("\n")
    }

    fn graph(&self) -> VisualGraph {
        let mut vg = VisualGraph::new(Orientation::TopToBottom);
        // layout-rs re-verifies the whole graph after every edge with a search that can take exponential
        // time on graphs with many paths (a conversation is one); this graph is already known to be acyclic.
        vg.dag.set_validate(false);
        let handles: Vec<_> = self.boxes.iter().map(|b| vg.add_node(b.clone())).collect();
        for (i, (arrow, from, to)) in self.arrows.iter().enumerate() {
            let mut arrow = arrow.clone();
            // layout-rs hands an arrow's properties back to the canvas as they are: here, only the
            // arrow's place in `marks`, which the canvas writes as typed, escaped attributes.
            arrow.properties = Some(i.to_string());
            vg.add_edge(arrow, handles[*from], handles[*to]);
        }
        vg
    }
}

/// Lays the sketch out and renders it, with `legend` under it: the `<svg>` element. Tried in full,
/// then without layout-rs's crossing optimisation, then with plain placement.
///
/// A panic in layout-rs (one of its assertions tripping) is caught with `catch_unwind` and the next mode
/// tried. The process's panic hook is left alone: swapping it to keep the assertion's message quiet
/// would, meanwhile, silence every panic on every other thread (the game's systems), which is worse than
/// one message on the terminal when a layout falls back. So that message, when it happens, is printed by
/// the ordinary hook, and the map is drawn all the same.
pub fn lay_out(sketch: &Sketch, legend: &[Legend]) -> Result<Markup, MapError> {
    for (disable_optimisation, disable_layout) in [(false, false), (true, false), (true, true)] {
        let mut vg = sketch.graph();
        let mut canvas = Canvas::new(sketch.box_texts.clone(), sketch.labels.clone(), sketch.marks.clone());
        // The canvas and the graph are thrown away if it unwinds, so no half-changed state is seen after.
        let placed = catch_unwind(AssertUnwindSafe(|| {
            vg.do_it(false, disable_optimisation, disable_layout, &mut canvas);
        }));
        if placed.is_ok() {
            return Ok(canvas.finish(legend));
        }
    }
    Err(MapError::Layout)
}
