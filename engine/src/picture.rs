//! A picture of the conversation as an SVG graph, laid out in layers by `layout-rs`: every node with the
//! balance range it can be reached with, every choice as an arrow coloured by what it does to the account
//! and labelled with its number (file order), effect, promises and conditions; the best and worst paths,
//! each outcome tier's example path and, for a debrief, the trainee's own path drawn over it.
//!
//! Small scenarios are drawn whole. Above [`FULL_LIMIT`] nodes only the highlighted paths are drawn, and
//! runs of nodes they pass straight through are folded into one box, so a 1,000-node case still gives a
//! picture one can read (and lays out in moments).

use std::collections::{BTreeMap, HashMap};

use layout::backends::svg::SVGWriter;
use layout::core::base::Orientation;
use layout::core::color::Color;
use layout::core::style::{LineStyleKind, StyleAttr};
use layout::std_shapes::render::get_shape_size;
use layout::std_shapes::shapes::{Arrow, Element, LineEndKind, ShapeKind};
use layout::topo::layout::VisualGraph;

use crate::account::Outcome;
use crate::analyze::Analysis;
use crate::graph;
use crate::schema::Scenario;
use crate::tells::immediate_score;
use crate::text::Lang;

/// Scenarios with more nodes than this are drawn collapsed (highlighted paths only).
pub const FULL_LIMIT: usize = 60;

const FONT: usize = 13;

/// One path drawn over the graph.
struct Highlight {
    label: String,
    legend: String,
    colour: u32,
    width: usize,
    dashed: bool,
    /// `(node, choice)` steps, in order.
    steps: Vec<(usize, usize)>,
}

/// The `(node, choice)` steps of a path of 0-based file-order choices from the start, and whether it
/// reaches an end. Stops early at an end, a missing node or a choice that does not exist.
pub fn steps(scenario: &Scenario, choices: &[usize]) -> Result<Vec<(usize, usize)>, String> {
    let targets = graph::choice_targets(scenario);
    let mut node = scenario
        .node_index(&scenario.start)
        .ok_or("the start node does not exist")?;
    let mut out = Vec::new();
    for (i, &choice) in choices.iter().enumerate() {
        let count = scenario.nodes[node].choices.len();
        if choice >= count {
            return Err(format!(
                "step {}: node `{}` has {count} choices, not {}",
                i + 1,
                scenario.nodes[node].id,
                choice + 1
            ));
        }
        out.push((node, choice));
        match targets[node][choice] {
            Some(next) => node = next,
            None if i + 1 < choices.len() => {
                return Err(format!(
                    "step {}: the conversation ends there, but the path has {} more choice(s)",
                    i + 1,
                    choices.len() - i - 1
                ));
            }
            None => {}
        }
    }
    Ok(out)
}

fn tier_colour(outcome: Outcome) -> u32 {
    match outcome {
        Outcome::Lost => 0x8e44adff,
        Outcome::Resolved => 0xd68910ff,
        Outcome::Retained => 0x148f77ff,
        Outcome::Loyal => 0x1a5276ff,
    }
}

/// Fill for a node by the middle of its balance range, light red (upset) to light green (satisfied).
fn node_fill(range: Option<(i32, i32)>) -> u32 {
    match range {
        None => 0xe5e7e9ff,
        Some((min, max)) => match (min + max) / 2 {
            ..30 => 0xfadbd8ff,
            30..60 => 0xfcf3cfff,
            60..80 => 0xd5f5e3ff,
            _ => 0xd6eaf8ff,
        },
    }
}

fn numbered(steps: &[(usize, usize)]) -> String {
    steps
        .iter()
        .map(|&(_, c)| (c + 1).to_string())
        .collect::<Vec<_>>()
        .join(",")
}

/// Draws the scenario. `trainee` is a path of 0-based file-order choices (a debrief's run), drawn in
/// blue beside the best path. `lang` picks the language of the title.
pub fn draw_svg(
    scenario: &Scenario,
    analysis: &Analysis,
    trainee: Option<&[usize]>,
    lang: Lang,
) -> Result<String, String> {
    let mut highlights: Vec<Highlight> = Vec::new();
    if let Some(choices) = trainee {
        let steps = steps(scenario, choices)?;
        highlights.push(Highlight {
            label: "yours".into(),
            legend: format!("blue: the trainee's path (--choices {})", numbered(&steps)),
            colour: 0x2e86c1ff,
            width: 6,
            dashed: false,
            steps,
        });
    }
    if let Some(best) = &analysis.best {
        highlights.push(Highlight {
            label: "best".into(),
            legend: format!(
                "green: the best path, final balance {} ({}), --choices {}",
                best.final_balance,
                best.outcome.code(),
                numbered(&steps(scenario, &best.choices)?)
            ),
            colour: 0x239b56ff,
            width: 5,
            dashed: false,
            steps: steps(scenario, &best.choices)?,
        });
    }
    if let Some(worst) = &analysis.worst {
        highlights.push(Highlight {
            label: "worst".into(),
            legend: format!(
                "red: the worst path, final balance {} ({}), --choices {}",
                worst.final_balance,
                worst.outcome.code(),
                numbered(&steps(scenario, &worst.choices)?)
            ),
            colour: 0xc0392bff,
            width: 5,
            dashed: false,
            steps: steps(scenario, &worst.choices)?,
        });
    }
    for (outcome, end) in &analysis.example_paths {
        let steps = steps(scenario, &end.choices)?;
        highlights.push(Highlight {
            label: format!("e.g. {}", outcome.code()),
            legend: format!(
                "dashed: an example path ending {} (final {}), --choices {}",
                outcome.code(),
                end.final_balance,
                numbered(&steps)
            ),
            colour: tier_colour(*outcome),
            width: 3,
            dashed: true,
            steps,
        });
    }
    // Which highlights pass along each choice (in priority order: trainee, best, worst, examples).
    let mut on_edge: BTreeMap<(usize, usize), Vec<usize>> = BTreeMap::new();
    for (h, highlight) in highlights.iter().enumerate() {
        for &step in &highlight.steps {
            let list = on_edge.entry(step).or_default();
            if !list.contains(&h) {
                list.push(h);
            }
        }
    }
    let targets = graph::choice_targets(scenario);
    let collapsed = scenario.nodes.len() > FULL_LIMIT;
    // The choices drawn: all of them, or (collapsed) only those on a highlighted path.
    let drawn: Vec<(usize, usize)> = if collapsed {
        on_edge.keys().copied().collect()
    } else {
        scenario
            .nodes
            .iter()
            .enumerate()
            .flat_map(|(n, node)| (0..node.choices.len()).map(move |c| (n, c)))
            .collect()
    };
    let mut shown = vec![!collapsed; scenario.nodes.len()];
    for &(n, c) in &drawn {
        shown[n] = true;
        if let Some(m) = targets[n][c] {
            shown[m] = true;
        }
    }
    if let Some(start) = scenario.node_index(&scenario.start) {
        shown[start] = true;
    }
    // Folding (collapsed only): a node with one drawn way in and one drawn way out, both through a single
    // choice, joins its predecessor's fold.
    let mut fold_of: Vec<Option<usize>> = vec![None; scenario.nodes.len()];
    if collapsed {
        let mut ins: HashMap<usize, Vec<usize>> = HashMap::new();
        let mut outs: HashMap<usize, Vec<(usize, Option<usize>)>> = HashMap::new();
        for &(n, c) in &drawn {
            outs.entry(n).or_default().push((c, targets[n][c]));
            if let Some(m) = targets[n][c] {
                ins.entry(m).or_default().push(n);
            }
        }
        let start = scenario.node_index(&scenario.start);
        // Every drawn way in comes from one node, and every drawn way out goes to one other node.
        let single = |v: Option<&Vec<usize>>| v.is_some_and(|v| v.windows(2).all(|w| w[0] == w[1]) && !v.is_empty());
        let passes_through = |n: usize| {
            Some(n) != start
                && single(ins.get(&n))
                && outs
                    .get(&n)
                    .is_some_and(|v| !v.is_empty() && v.iter().all(|&(_, t)| t.is_some() && t == v[0].1))
        };
        let order = graph::topological_order(&graph::successors(scenario), start.unwrap_or(0)).unwrap_or_default();
        for &n in &order {
            if !shown[n] || !passes_through(n) {
                continue;
            }
            let pred = ins[&n][0];
            fold_of[n] = Some(if passes_through(pred) {
                fold_of[pred].unwrap_or(pred)
            } else {
                n
            });
        }
    }
    let mut vg = Sketch::default();
    let mut handles = HashMap::new();
    let mut fold_members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (n, fold) in fold_of.iter().enumerate() {
        if let Some(head) = fold {
            fold_members.entry(*head).or_default().push(n);
        }
    }
    let box_style =
        |fill: u32, width: usize| StyleAttr::new(Color::new(0x34495eff), width, Some(Color::new(fill)), 6, FONT);
    let add_box = |vg: &mut Sketch, label: &str, fill: u32, width: usize| {
        let shape = ShapeKind::new_box(label);
        let size = get_shape_size(Orientation::TopToBottom, &shape, FONT, false);
        vg.add_node(Element::create(
            shape,
            box_style(fill, width),
            Orientation::TopToBottom,
            size,
        ))
    };
    let start = scenario.node_index(&scenario.start);
    for (n, node) in scenario.nodes.iter().enumerate() {
        if !shown[n] || fold_of[n].is_some_and(|head| head != n) {
            continue;
        }
        let range = analysis.nodes.get(n).copied().flatten().map(|r| (r.min, r.max));
        if let Some(members) = fold_of[n].and_then(|head| fold_members.get(&head)) {
            let last = &scenario.nodes[*members.last().expect("a fold has its head")];
            let label = format!(
                "{} … {}\n({} nodes passed straight through)",
                node.id,
                last.id,
                members.len()
            );
            let handle = add_box(&mut vg, &label, 0xf2f3f4ff, 1);
            for &m in members {
                handles.insert(m, handle);
            }
        } else {
            let balance = match range {
                Some((min, max)) if min == max => format!("balance {min}"),
                Some((min, max)) => format!("balance {min}–{max}"),
                None => "never reached".to_string(),
            };
            let mark = if Some(n) == start { "▶ " } else { "" };
            let handle = add_box(
                &mut vg,
                &format!("{mark}{}\n{balance}", node.id),
                node_fill(range),
                if Some(n) == start { 3 } else { 1 },
            );
            handles.insert(n, handle);
        }
    }
    let end = {
        let shape = ShapeKind::new_circle("End");
        let size = get_shape_size(Orientation::TopToBottom, &shape, FONT, true);
        vg.add_node(Element::create(
            shape,
            box_style(0xd5d8dcff, 2),
            Orientation::TopToBottom,
            size,
        ))
    };
    // Edges go in in topological order of their source: layout-rs checks each new edge for a cycle by
    // searching onwards from its target, which then has no edges yet.
    let rank: Vec<usize> = {
        let start = scenario.node_index(&scenario.start).unwrap_or(0);
        let order = graph::topological_order(&graph::successors(scenario), start).unwrap_or_default();
        let mut rank = vec![usize::MAX; scenario.nodes.len()];
        for (i, &n) in order.iter().enumerate() {
            rank[n] = i;
        }
        rank
    };
    let mut drawn = drawn;
    drawn.sort_by_key(|&(n, c)| (rank[n], n, c));
    for &(n, c) in &drawn {
        let (Some(&from), to) = (handles.get(&n), targets[n][c]) else {
            continue;
        };
        let to = match to {
            Some(m) => match handles.get(&m) {
                Some(&h) => h,
                None => continue,
            },
            None => end,
        };
        // Inside a fold only the way through is drawn (it is one box).
        if from == to {
            continue;
        }
        let choice = &scenario.nodes[n].choices[c];
        let score = immediate_score(scenario, choice);
        let mut label = format!("{}: {score:+}", c + 1);
        if let Some(p) = &choice.promise {
            label.push_str(&format!(", promises {p}"));
        }
        for p in &choice.keeps {
            label.push_str(&format!(", keeps {p}"));
        }
        for p in &choice.breaks_promises {
            label.push_str(&format!(", breaks {p}"));
        }
        if !choice.when.is_empty() {
            let when: Vec<String> = choice.when.iter().map(|w| w.describe()).collect();
            label.push_str(&format!("\nif {}", when.join(" and ")));
        }
        let paths = on_edge.get(&(n, c));
        let (colour, width, style) = match paths.and_then(|p| p.first()) {
            Some(&h) => {
                let h = &highlights[h];
                (
                    h.colour,
                    h.width,
                    if h.dashed {
                        LineStyleKind::Dashed
                    } else {
                        LineStyleKind::Normal
                    },
                )
            }
            None if score > 0 => (0x52be80ff, 1, LineStyleKind::Normal),
            None if score < 0 => (0xec7063ff, 1, LineStyleKind::Normal),
            None => (0x909497ff, 1, LineStyleKind::Normal),
        };
        if let Some(paths) = paths {
            let names: Vec<&str> = paths.iter().map(|&h| highlights[h].label.as_str()).collect();
            label.push_str(&format!("\n[{}]", names.join(" · ")));
        }
        let look = StyleAttr::new(Color::new(colour), width, None, 0, FONT - 2);
        vg.arrows.push((
            Arrow::new(
                LineEndKind::None,
                LineEndKind::Arrow,
                style,
                &label,
                &look,
                &None,
                &None,
            ),
            from,
            to,
        ));
    }
    // The legend: what the colours mean, and the paths as `--choices` to replay them.
    let mut legend = vec![format!("{} — {}", scenario.id, scenario.title.get(lang))];
    legend
        .push("arrows: choice number (file order): immediate score; light green deposits, light red withdraws".into());
    legend.extend(highlights.iter().map(|h| h.legend.clone()));
    if collapsed {
        let hidden = shown.iter().filter(|s| !**s).count();
        legend.push(format!(
            "collapsed: {} nodes; only the highlighted paths are drawn ({hidden} nodes not drawn)",
            scenario.nodes.len()
        ));
    }
    let legend_shape = ShapeKind::new_box(&legend.join("\n"));
    let size = get_shape_size(Orientation::TopToBottom, &legend_shape, FONT, false);
    vg.add_node(Element::create(
        legend_shape,
        box_style(0xffffffff, 1),
        Orientation::TopToBottom,
        size,
    ));
    lay_out(vg)
}

/// The boxes and arrows to lay out (kept so a failed layout can be tried again from scratch).
#[derive(Default)]
struct Sketch {
    boxes: Vec<Element>,
    arrows: Vec<(Arrow, usize, usize)>,
}

impl Sketch {
    fn add_node(&mut self, element: Element) -> usize {
        self.boxes.push(element);
        self.boxes.len() - 1
    }

    fn graph(&self) -> VisualGraph {
        let mut vg = VisualGraph::new(Orientation::TopToBottom);
        // layout-rs re-verifies the whole graph after every edge with a search that can take exponential
        // time on graphs with many paths (a conversation is one); this graph is already known to be acyclic.
        vg.dag.set_validate(false);
        let handles: Vec<_> = self.boxes.iter().map(|b| vg.add_node(b.clone())).collect();
        for (arrow, from, to) in &self.arrows {
            vg.add_edge(arrow.clone(), handles[*from], handles[*to]);
        }
        vg
    }
}

/// Lays the sketch out and renders it. layout-rs can trip on its own assertions for some graphs; then the
/// layout is tried again without its crossing optimisation, then with plain placement.
fn lay_out(sketch: Sketch) -> Result<String, String> {
    // A tripped assertion is expected and handled here: keep its message off the user's terminal.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = try_layouts(&sketch);
    std::panic::set_hook(hook);
    result
}

fn try_layouts(sketch: &Sketch) -> Result<String, String> {
    for (disable_optimisation, disable_layout) in [(false, false), (true, false), (true, true)] {
        let mut vg = sketch.graph();
        let rendered = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || {
            let mut svg = SVGWriter::new();
            vg.do_it(false, disable_optimisation, disable_layout, &mut svg);
            svg.finalize()
        }));
        if let Ok(svg) = rendered {
            return Ok(on_white(svg));
        }
    }
    Err("the graph layout failed for this scenario".into())
}

/// Paints a white background under the drawing: layout-rs leaves it transparent, which viewers and
/// converters show as black.
fn on_white(svg: String) -> String {
    let Some(open) = svg.find("<svg") else { return svg };
    let Some(end) = svg[open..].find('>') else { return svg };
    let at = open + end + 1;
    // layout-rs sizes the canvas generously; crop it to what is drawn, with a margin.
    let Some((x0, y0, x1, y1)) = content_box(&svg[at..]) else {
        return format!(
            "{}<rect width=\"100%\" height=\"100%\" fill=\"white\"/>{}",
            &svg[..at],
            &svg[at..]
        );
    };
    let (x, y) = (x0 - MARGIN, y0 - MARGIN);
    let (w, h) = (x1 - x0 + 2.0 * MARGIN, y1 - y0 + 2.0 * MARGIN);
    format!(
        "{}<svg width=\"{w:.0}\" height=\"{h:.0}\" viewBox=\"{x:.1} {y:.1} {w:.1} {h:.1}\" xmlns=\"http://www.w3.org/2000/svg\"><rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" fill=\"white\"/>{}",
        &svg[..open],
        &svg[at..]
    )
}

/// Blank space kept around the drawing, in SVG units.
const MARGIN: f64 = 40.0;

/// The box (x0, y0, x1, y1) that holds every shape drawn: rectangles, ellipses, the points of every
/// path, and text anchors. Markers (in `<defs>`) are left out: they are drawn at path ends anyway.
fn content_box(body: &str) -> Option<(f64, f64, f64, f64)> {
    let mut bounds: Option<(f64, f64, f64, f64)> = None;
    let mut add = |x: f64, y: f64| {
        let b = bounds.get_or_insert((x, y, x, y));
        *b = (b.0.min(x), b.1.min(y), b.2.max(x), b.3.max(y));
    };
    let body = body.find("</defs>").map_or(body, |i| &body[i..]);
    for tag in body.split('<').skip(1) {
        let tag = tag.split('>').next().unwrap_or_default();
        let name = tag.split_whitespace().next().unwrap_or_default();
        let attr = |key: &str| -> Option<f64> {
            let start = tag.find(&format!(" {key}=\""))? + key.len() + 3;
            tag[start..].split('"').next()?.trim().parse().ok()
        };
        match name {
            "rect" => {
                if let (Some(x), Some(y), Some(w), Some(h)) = (attr("x"), attr("y"), attr("width"), attr("height")) {
                    add(x, y);
                    add(x + w, y + h);
                }
            }
            "ellipse" | "circle" => {
                if let (Some(cx), Some(cy)) = (attr("cx"), attr("cy")) {
                    let rx = attr("rx").or(attr("r")).unwrap_or(0.0);
                    let ry = attr("ry").or(attr("r")).unwrap_or(0.0);
                    add(cx - rx, cy - ry);
                    add(cx + rx, cy + ry);
                }
            }
            "path" => {
                let Some(start) = tag.find(" d=\"") else { continue };
                let d = tag[start + 4..].split('"').next().unwrap_or_default();
                let numbers: Vec<f64> = d
                    .split(|c: char| c.is_ascii_alphabetic() || c == ',' || c.is_whitespace())
                    .filter_map(|t| t.parse().ok())
                    .collect();
                for pair in numbers.chunks_exact(2) {
                    add(pair[0], pair[1]);
                }
            }
            "text" | "tspan" => {
                if let (Some(x), Some(y)) = (attr("x"), attr("y")) {
                    add(x, y);
                }
            }
            _ => {}
        }
    }
    bounds
}

/// The SVG in a self-contained HTML page.
pub fn html_page(title: &str, svg: &str) -> String {
    let escaped: String = title
        .chars()
        .map(|c| match c {
            '<' => "&lt;".to_string(),
            '>' => "&gt;".to_string(),
            '&' => "&amp;".to_string(),
            '"' => "&quot;".to_string(),
            c => c.to_string(),
        })
        .collect();
    format!(
        "<!DOCTYPE html>\n<html lang=\"zh\">\n<head><meta charset=\"utf-8\"><title>{escaped}</title></head>\n<body style=\"font-family: sans-serif\">\n<h1>{escaped}</h1>\n{svg}\n</body>\n</html>\n"
    )
}
