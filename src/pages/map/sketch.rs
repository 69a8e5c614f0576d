//! What the map draws, before it is placed: a box per node (or fold), an end mark per way out, an arrow
//! per choice with its label and colour, and the legend.

use std::collections::HashMap;

use goodwill_engine::account::immediate_score;
use goodwill_engine::analyze::Analysis;
use goodwill_engine::{Lang, Scenario, graph};
use layout::core::base::Orientation;
use layout::core::color::Color;
use layout::core::geometry::Point;
use layout::core::style::{LineStyleKind, StyleAttr};
use layout::std_shapes::render::get_shape_size;
use layout::std_shapes::shapes::{Element, ShapeKind};
use maud::Markup;

use super::MapError;
use super::canvas::{ArrowMark, Legend};
use super::highlight::{Highlight, Kind, outcome_word};
use super::layout::{Sketch, lay_out};
use super::measure::{EDGE_WRAP, NODE_FONT, text_size, wrap};
use super::shown::{Shown, shown};
use super::words::{Reader, Words};
use crate::i18n::{Phrase, fill, tr};

/// Longest line of a trainee's label, in letters (about seven Chinese characters).
const TRAINEE_WRAP: usize = 12;
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

fn box_style(fill: u32, width: usize) -> StyleAttr {
    StyleAttr::new(Color::new(0x34495eff), width, Some(Color::new(fill)), 8, NODE_LAYOUT)
}

/// A box sized here for the font it is drawn in (layout-rs would allow a full letter-height per letter).
fn add_box(sketch: &mut Sketch, label: Words, fill: u32, width: usize) -> usize {
    let (w, h) = text_size(&label.text, NODE_FONT);
    let element = Element::create(
        ShapeKind::new_box(&label.text),
        box_style(fill, width),
        Orientation::TopToBottom,
        Point::new(w + 28.0, h + 18.0),
    );
    sketch.add_node(element, label.hover)
}

/// The map of `scenario` with `highlights` drawn over it, in `reader`'s words: the `<svg>` element, with
/// the legend under the drawing when `legend_inside` (a standalone file), without it when the page
/// around it shows the legend.
pub fn draw(
    scenario: &Scenario,
    analysis: &Analysis,
    highlights: &[Highlight],
    reader: Reader,
    legend_inside: bool,
    lang: Lang,
) -> Result<Markup, MapError> {
    let targets = graph::choice_targets(scenario);
    let shown = shown(scenario, highlights, &targets);
    let mut sketch = Sketch::default();
    let mut handles = HashMap::new();
    let start = scenario.node_index(&scenario.start);
    for n in 0..scenario.nodes.len() {
        if !shown.nodes[n] || shown.fold_of[n].is_some_and(|head| head != n) {
            continue;
        }
        let range = analysis.nodes.get(n).copied().flatten().map(|r| (r.min, r.max));
        if let Some(members) = shown.fold_of[n].and_then(|head| shown.fold_members.get(&head)) {
            let last = *members.last().expect("a fold has its head");
            let label = reader.fold(scenario, n, last, members.len(), lang);
            let handle = add_box(&mut sketch, label, 0xf2f3f4ff, 1);
            for &m in members {
                handles.insert(m, handle);
            }
        } else {
            let label = reader.node(scenario, n, range, Some(n) == start, lang);
            let handle = add_box(
                &mut sketch,
                label,
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
            let element = Element::create(shape, end_style.clone(), Orientation::TopToBottom, size);
            sketch.add_node(element, None)
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
        let (label, style, look, mark) = choice_arrow(scenario, (n, c), paths, highlights, reader, lang);
        sketch.add_arrow(label, style, look, mark, from, to);
    }
    let legend = if legend_inside {
        legend(scenario, highlights, &shown, reader, lang)
    } else {
        Vec::new()
    };
    lay_out(&sketch, &legend)
}

/// The arrow of choice `c` at node `n`: its label (with the full answer on hover), line style and
/// colour, and what marks it in the SVG. `paths` are the highlights that take it.
fn choice_arrow(
    scenario: &Scenario,
    (n, c): (usize, usize),
    paths: Option<&[usize]>,
    highlights: &[Highlight],
    reader: Reader,
    lang: Lang,
) -> (Words, LineStyleKind, StyleAttr, ArrowMark) {
    let choice = &scenario.nodes[n].choices[c];
    let score = immediate_score(scenario, choice);
    let answer = reader.answer(&choice.text, lang);
    let mut lines = vec![reader.choice_head(n, c, score)];
    if let Some(answer) = &answer {
        lines.push(answer.text.clone());
    }
    // Short lines: a label is as wide as its longest line, and wide labels spread the layers apart.
    let mut parts = Vec::new();
    let promise = |id: &String| reader.promise(scenario, id, lang);
    let author = matches!(reader, Reader::Author);
    let said = |word: Phrase| {
        let word = tr(word, lang);
        if author {
            format!("{word} ")
        } else {
            format!("{word}{}", crate::i18n::colon(lang))
        }
    };
    if let Some(p) = &choice.promise {
        parts.push(format!("{}{}", said(Phrase::MapPromises), promise(p)));
    }
    parts.extend(
        choice
            .keeps
            .iter()
            .map(|p| format!("{}{}", said(Phrase::MapKeeps), promise(p))),
    );
    parts.extend(
        choice
            .breaks_promises
            .iter()
            .map(|p| format!("{}{}", said(Phrase::MapBreaks), promise(p))),
    );
    // A trainee's label is narrower: it holds more lines (the answer), and the page lists every text in full.
    let width = if author { EDGE_WRAP } else { TRAINEE_WRAP };
    if !parts.is_empty() {
        lines.push(wrap(&parts.join(tr(Phrase::ListComma, lang)), width));
    }
    if !choice.when.is_empty() {
        let when: Vec<String> = choice
            .when
            .iter()
            .map(|w| reader.condition(scenario, w, lang))
            .collect();
        let when = fill(
            Phrase::MapIf,
            lang,
            &[("conditions", &when.join(tr(Phrase::MapAnd, lang)))],
        );
        lines.push(wrap(&when, width));
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
        // An author's map names the paths on their arrows (there are many); a trainee's has two, told
        // apart by colour in the legend above it, and every letter of width counts there.
        if author {
            lines.push(wrap(&format!("[{}]", names.join(" · ")), EDGE_WRAP));
        }
        for &h in paths {
            let class = highlights[h].kind.class();
            if !classes.contains(class) {
                classes.push(' ');
                classes.push_str(class);
            }
        }
    }
    let look = StyleAttr::new(Color::new(colour), width, None, 0, 0);
    let hover = answer.and_then(|a| a.hover);
    // Which choice this arrow is, and which highlighted paths take it.
    let mark = ArrowMark {
        classes,
        node: scenario.nodes[n].id.to_string(),
        choice: c + 1,
        hover: hover.clone(),
    };
    let label = Words {
        text: lines.join("\n"),
        hover,
    };
    (label, style, look, mark)
}

/// The legend, drawn under the map: what the colours mean, and the paths as `--choices` to replay them.
pub fn legend(scenario: &Scenario, highlights: &[Highlight], shown: &Shown, reader: Reader, lang: Lang) -> Vec<Legend> {
    let mut legend = match reader {
        Reader::Author => vec![
            Legend::text(format!("{} — {}", scenario.id, scenario.title.get(lang))),
            Legend::text(tr(Phrase::MapArrows, lang).into()),
        ],
        Reader::Trainee(_) => vec![Legend::text(tr(Phrase::MapArrowsSeen, lang).into())],
    };
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
