//! What the map draws, before it is placed: a box per node (or fold), an end mark per way out, an arrow
//! per choice with its label and colour, and the legend.

use std::collections::HashMap;

use goodwill_engine::account::immediate_score;
use goodwill_engine::analyze::Analysis;
use goodwill_engine::schema::Condition;
use goodwill_engine::{Lang, Scenario, graph};
use layout::core::base::Orientation;
use layout::core::color::Color;
use layout::core::geometry::Point;
use layout::core::style::{LineStyleKind, StyleAttr};
use layout::std_shapes::render::get_shape_size;
use layout::std_shapes::shapes::{Arrow, Element, LineEndKind, ShapeKind};
use maud::Markup;

use super::MapError;
use super::canvas::{ArrowMark, Legend};
use super::highlight::{Highlight, Kind, outcome_word};
use super::layout::{Sketch, lay_out};
use super::measure::{EDGE_WRAP, NODE_FONT, text_size, wrap};
use super::shown::shown;
use crate::i18n::{Phrase, fill, tr};

/// The font size layout-rs is told for a choice's label. It sizes a label as one of these per letter
/// and per line; the label is drawn at `EDGE_FONT` in a proportional font, which fits that width.
const EDGE_LAYOUT: usize = 9;
/// The font size layout-rs is told for boxes (which are sized here, so this only tags their text).
const NODE_LAYOUT: usize = 20;

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

/// A choice's condition, as the map labels its arrow.
fn condition_words(condition: &Condition, lang: Lang) -> String {
    match condition {
        Condition::PromiseOpen(id) => fill(Phrase::MapPromiseOpen, lang, &[("id", id)]),
        Condition::PromiseKept(id) => fill(Phrase::MapPromiseKept, lang, &[("id", id)]),
        Condition::PromiseBroken(id) => fill(Phrase::MapPromiseBroken, lang, &[("id", id)]),
        Condition::PromiseNotMade(id) => fill(Phrase::MapPromiseNotMade, lang, &[("id", id)]),
        Condition::BalanceAbove(v) => fill(Phrase::MapBalanceAbove, lang, &[("value", v)]),
        Condition::BalanceBelow(v) => fill(Phrase::MapBalanceBelow, lang, &[("value", v)]),
        Condition::Happened(id) => fill(Phrase::MapHappened, lang, &[("id", id)]),
        Condition::NotHappened(id) => fill(Phrase::MapNotHappened, lang, &[("id", id)]),
    }
}

fn box_style(fill: u32, width: usize) -> StyleAttr {
    StyleAttr::new(Color::new(0x34495eff), width, Some(Color::new(fill)), 8, NODE_LAYOUT)
}

/// A box sized here for the font it is drawn in (layout-rs would allow a full letter-height per letter).
fn add_box(sketch: &mut Sketch, label: &str, fill: u32, width: usize) -> usize {
    let (w, h) = text_size(label, NODE_FONT);
    sketch.add_node(Element::create(
        ShapeKind::new_box(label),
        box_style(fill, width),
        Orientation::TopToBottom,
        Point::new(w + 28.0, h + 18.0),
    ))
}

/// The map of `scenario` with `highlights` drawn over it: the `<svg>` element.
pub fn draw(
    scenario: &Scenario,
    analysis: &Analysis,
    highlights: &[Highlight],
    lang: Lang,
) -> Result<Markup, MapError> {
    let targets = graph::choice_targets(scenario);
    let shown = shown(scenario, highlights, &targets);
    let mut sketch = Sketch::default();
    let mut handles = HashMap::new();
    let start = scenario.node_index(&scenario.start);
    for (n, node) in scenario.nodes.iter().enumerate() {
        if !shown.nodes[n] || shown.fold_of[n].is_some_and(|head| head != n) {
            continue;
        }
        let range = analysis.nodes.get(n).copied().flatten().map(|r| (r.min, r.max));
        if let Some(members) = shown.fold_of[n].and_then(|head| shown.fold_members.get(&head)) {
            let last = &scenario.nodes[*members.last().expect("a fold has its head")];
            let label = fill(
                Phrase::MapFold,
                lang,
                &[("first", &node.id), ("last", &last.id), ("count", &members.len())],
            );
            let handle = add_box(&mut sketch, &label, 0xf2f3f4ff, 1);
            for &m in members {
                handles.insert(m, handle);
            }
        } else {
            let balance = tr(Phrase::MapBalance, lang);
            let balance = match range {
                Some((min, max)) if min == max => format!("{balance} {min}"),
                Some((min, max)) => format!("{balance} {min}–{max}"),
                None => tr(Phrase::MapNeverReached, lang).to_string(),
            };
            let mark = if Some(n) == start { "▶ " } else { "" };
            let handle = add_box(
                &mut sketch,
                &format!("{mark}{}\n{balance}", node.id),
                node_fill(range),
                if Some(n) == start { 3 } else { 1 },
            );
            handles.insert(n, handle);
        }
    }
    // Each node that can end the conversation gets an end mark of its own, just below it: one shared end
    // at the bottom drew an arrow across the whole picture from every early way out.
    let end_style = box_style(0xd5d8dcff, 2);
    let mut ends: HashMap<usize, usize> = HashMap::new();
    let mut end_of = |sketch: &mut Sketch, from: usize| {
        *ends.entry(from).or_insert_with(|| {
            let shape = ShapeKind::new_circle(tr(Phrase::MapEnd, lang));
            let size = get_shape_size(Orientation::TopToBottom, &shape, NODE_LAYOUT, true).scale(0.7);
            sketch.add_node(Element::create(
                shape,
                end_style.clone(),
                Orientation::TopToBottom,
                size,
            ))
        })
    };
    // Edges go in in topological order of their source: layout-rs checks each new edge for a cycle by
    // searching onwards from its target, which then has no edges yet.
    let rank: Vec<usize> = {
        let start = start.unwrap_or(0);
        let order = graph::topological_order(&graph::successors(scenario), start).unwrap_or_default();
        let mut rank = vec![usize::MAX; scenario.nodes.len()];
        for (i, &n) in order.iter().enumerate() {
            rank[n] = i;
        }
        rank
    };
    let mut drawn = shown.choices.clone();
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
            None => end_of(&mut sketch, from),
        };
        // Inside a fold only the way through is drawn (it is one box).
        if from == to {
            continue;
        }
        let paths = shown.on_edge.get(&(n, c)).map(Vec::as_slice);
        let (arrow, mark) = choice_arrow(scenario, (n, c), paths, highlights, lang);
        sketch.marks.push(mark);
        sketch.arrows.push((arrow, from, to));
    }
    lay_out(&sketch, &legend(scenario, highlights, &shown, lang))
}

/// The arrow of choice `c` at node `n`, labelled and coloured, and what marks it in the SVG. `paths` are
/// the highlights that take it.
fn choice_arrow(
    scenario: &Scenario,
    (n, c): (usize, usize),
    paths: Option<&[usize]>,
    highlights: &[Highlight],
    lang: Lang,
) -> (Arrow, ArrowMark) {
    let choice = &scenario.nodes[n].choices[c];
    let score = immediate_score(scenario, choice);
    // Short lines: a label is as wide as its longest line, and wide labels spread the layers apart.
    let mut parts = vec![format!("{}: {score:+}", c + 1)];
    if let Some(p) = &choice.promise {
        parts.push(format!("{} {p}", tr(Phrase::MapPromises, lang)));
    }
    let (keeps, breaks) = (tr(Phrase::MapKeeps, lang), tr(Phrase::MapBreaks, lang));
    parts.extend(choice.keeps.iter().map(|p| format!("{keeps} {p}")));
    parts.extend(choice.breaks_promises.iter().map(|p| format!("{breaks} {p}")));
    let mut label = wrap(&parts.join(", "), EDGE_WRAP);
    if !choice.when.is_empty() {
        let when: Vec<String> = choice.when.iter().map(|w| condition_words(w, lang)).collect();
        label.push('\n');
        let when = fill(
            Phrase::MapIf,
            lang,
            &[("conditions", &when.join(tr(Phrase::MapAnd, lang)))],
        );
        label.push_str(&wrap(&when, EDGE_WRAP));
    }
    let (colour, width, style) = match paths.and_then(|p| p.first()) {
        Some(&h) => {
            let h = &highlights[h];
            let style = if h.dashed {
                LineStyleKind::Dashed
            } else {
                LineStyleKind::Normal
            };
            (h.colour, h.width, style)
        }
        None if score > 0 => (0x52be80ff, 1, LineStyleKind::Normal),
        None if score < 0 => (0xec7063ff, 1, LineStyleKind::Normal),
        None => (0x909497ff, 1, LineStyleKind::Normal),
    };
    let mut classes = String::from("choice");
    if let Some(paths) = paths {
        // Named paths by name; the tiers' example paths as one "e.g. lost, loyal".
        let mut names: Vec<String> = paths
            .iter()
            .filter(|&&h| !matches!(highlights[h].kind, Kind::Example(_)))
            .map(|&h| highlights[h].label.clone())
            .collect();
        let tiers: Vec<String> = paths
            .iter()
            .filter_map(|&h| match highlights[h].kind {
                Kind::Example(outcome) => Some(outcome_word(outcome, lang)),
                _ => None,
            })
            .collect();
        if !tiers.is_empty() {
            let tiers = tiers.join(tr(Phrase::ListComma, lang));
            names.push(fill(Phrase::MapExampleLabel, lang, &[("outcomes", &tiers)]));
        }
        label.push('\n');
        label.push_str(&wrap(&format!("[{}]", names.join(" · ")), EDGE_WRAP));
        for &h in paths {
            let class = highlights[h].kind.class();
            if !classes.contains(class) {
                classes.push(' ');
                classes.push_str(class);
            }
        }
    }
    let look = StyleAttr::new(Color::new(colour), width, None, 0, EDGE_LAYOUT);
    let arrow = Arrow::new(
        LineEndKind::None,
        LineEndKind::Arrow,
        style,
        &label,
        &look,
        &None,
        &None,
    );
    // Which choice this arrow is, and which highlighted paths take it.
    let mark = ArrowMark {
        classes,
        node: scenario.nodes[n].id.to_string(),
        choice: c + 1,
    };
    (arrow, mark)
}

/// The legend, drawn under the map: what the colours mean, and the paths as `--choices` to replay them.
fn legend(scenario: &Scenario, highlights: &[Highlight], shown: &super::shown::Shown, lang: Lang) -> Vec<Legend> {
    let mut legend = vec![
        Legend::text(format!("{} — {}", scenario.id, scenario.title.get(lang))),
        Legend::text(tr(Phrase::MapArrows, lang).into()),
    ];
    legend.extend(highlights.iter().zip(&shown.drawn_paths).map(|(h, &drawn)| Legend {
        text: if drawn {
            h.legend.clone()
        } else {
            // Not drawn, so not spelled out in full either.
            let mut text: String = h.legend.chars().take(160).collect();
            if text.len() < h.legend.len() {
                text.push('…');
            }
            format!("{text}{}", tr(Phrase::MapNotDrawn, lang))
        },
        sample: drawn.then_some((h.colour, h.dashed)),
    }));
    if shown.collapsed {
        let hidden = shown.nodes.iter().filter(|s| !**s).count();
        let nodes = scenario.nodes.len();
        legend.push(Legend::text(fill(
            Phrase::MapCollapsed,
            lang,
            &[("nodes", &nodes), ("hidden", &hidden)],
        )));
    }
    legend
}
