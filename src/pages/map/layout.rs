//! Placing the map: `layout-rs` lays the boxes and arrows out in layers and renders them onto the
//! [`Canvas`]. It can trip on its own assertions for some graphs; a panic there is contained here and the
//! layout tried again in a simpler mode.

use std::collections::HashSet;
use std::panic::{AssertUnwindSafe, catch_unwind};

use layout::core::base::Orientation;
use layout::std_shapes::shapes::{Arrow, Element, ShapeKind};
use layout::topo::layout::VisualGraph;
use maud::Markup;

use super::MapError;
use super::canvas::{ArrowMark, Canvas, Legend};

/// The boxes and arrows to lay out (kept so a failed layout can be tried again from scratch).
#[derive(Default)]
pub struct Sketch {
    boxes: Vec<Element>,
    /// The boxes' texts.
    labels: HashSet<String>,
    /// `(arrow, from box, to box)`.
    pub arrows: Vec<(Arrow, usize, usize)>,
    /// What marks each arrow in the SVG, by its place in `arrows`.
    pub marks: Vec<ArrowMark>,
}

impl Sketch {
    pub fn add_node(&mut self, element: Element) -> usize {
        if let ShapeKind::Box(label) | ShapeKind::Circle(label) = &element.shape {
            self.labels.insert(label.clone());
        }
        self.boxes.push(element);
        self.boxes.len() - 1
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
        let mut canvas = Canvas::new(sketch.labels.clone(), sketch.marks.clone());
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
