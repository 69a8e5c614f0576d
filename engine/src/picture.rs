//! A picture of the conversation as an SVG graph, laid out in layers by `layout-rs`: every node with the
//! balance range it can be reached with, every choice as an arrow coloured by what it does to the account
//! and labelled with its number (file order), effect, promises and conditions; the best and worst paths,
//! each outcome tier's example path and, for a debrief, the trainee's own path drawn over it.
//!
//! Small scenarios are drawn whole. Above [`FULL_LIMIT`] nodes only the highlighted paths are drawn, and
//! runs of nodes they pass straight through are folded into one box, so a 1,000-node case still gives a
//! picture one can read (and lays out in moments).

use std::collections::{BTreeMap, HashMap};

use layout::core::base::Orientation;
use layout::core::color::Color;
use layout::core::format::{ClipHandle, RenderBackend};
use layout::core::geometry::Point;
use layout::core::style::{LineStyleKind, StyleAttr};
use layout::std_shapes::render::get_shape_size;
use layout::std_shapes::shapes::{Arrow, Element, LineEndKind, ShapeKind};
use layout::topo::layout::VisualGraph;

use crate::account::Outcome;
use crate::account::immediate_score;
use crate::analyze::Analysis;
use crate::graph;
use crate::report::StepRecord;
use crate::schema::{Condition, Scenario};
use crate::text::Lang;

/// Scenarios with more nodes than this are drawn collapsed (highlighted paths only).
pub const FULL_LIMIT: usize = 60;

/// Text sizes as drawn, in SVG units. The picture is cropped to what is drawn, so these are relative to
/// the drawing: node names are as tall as a node box is wide per seven letters, readable at the size a
/// browser or an image viewer first shows the file.
const NODE_FONT: f64 = 20.0;
const EDGE_FONT: f64 = 16.0;
const LEGEND_FONT: f64 = 18.0;
/// The font size layout-rs is told for a choice's label. It sizes a label as one of these per letter
/// and per line; the label is drawn at [`EDGE_FONT`] in a proportional font, which fits that width.
const EDGE_LAYOUT: usize = 9;
/// The font size layout-rs is told for boxes (which are sized here, so this only tags their text).
const NODE_LAYOUT: usize = 20;
/// Longest line of a choice's label before it wraps, in letters.
const EDGE_WRAP: usize = 22;
/// Longest line of the legend before it wraps, in letters.
const LEGEND_WRAP: usize = 110;

/// One path drawn over the graph.
struct Highlight {
    label: String,
    legend: String,
    /// Marks the arrows of this path in the SVG (`class="choice your-path"`), for tests and styling.
    class: &'static str,
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

/// A path's choice numbers (1-based), as `--choices` takes them. A long path (a large case) is written
/// with its runs counted: `1,1,1,2` is `1×3,2`.
fn numbered(steps: &[(usize, usize)]) -> String {
    let mut out: Vec<String> = Vec::new();
    let long = steps.len() > 30;
    let mut i = 0;
    while i < steps.len() {
        let c = steps[i].1;
        let run = steps[i..].iter().take_while(|s| s.1 == c).count();
        let run = if long { run } else { 1 };
        out.push(if run > 1 {
            format!("{}×{run}", c + 1)
        } else {
            (c + 1).to_string()
        });
        i += run;
    }
    out.join(",")
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
            class: "your-path",
            colour: YOURS,
            width: 6,
            dashed: false,
            steps,
        });
    }
    if let Some(best) = &analysis.best {
        highlights.push(best_path(scenario, best, "best", "green: the best path", lang)?);
    }
    if let Some(worst) = &analysis.worst {
        let steps = steps(scenario, &worst.choices)?;
        highlights.push(Highlight {
            label: "worst".into(),
            legend: format!(
                "red: the worst path, final balance {} ({}), --choices {}",
                worst.final_balance,
                worst.outcome.code(),
                numbered(&steps)
            ),
            class: "worst-path",
            colour: 0xc0392bff,
            width: 5,
            dashed: false,
            steps,
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
            class: "example-path",
            colour: tier_colour(*outcome),
            width: 3,
            dashed: true,
            steps,
        });
    }
    draw(scenario, analysis, &highlights, lang)
}

/// The picture's own words in `lang`: the debrief shows it to trainees in the language they play in.
fn say(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// A choice's condition, as the picture labels its arrow.
fn condition_words(condition: &Condition, lang: Lang) -> String {
    match (lang, condition) {
        (Lang::En, c) => c.describe(),
        (Lang::Zh, Condition::PromiseOpen(id)) => format!("承诺“{id}”尚未兑现"),
        (Lang::Zh, Condition::PromiseKept(id)) => format!("承诺“{id}”已兑现"),
        (Lang::Zh, Condition::PromiseBroken(id)) => format!("承诺“{id}”已违背"),
        (Lang::Zh, Condition::PromiseNotMade(id)) => format!("未作出承诺“{id}”"),
        (Lang::Zh, Condition::BalanceAbove(v)) => format!("余额高于 {v}"),
        (Lang::Zh, Condition::BalanceBelow(v)) => format!("余额低于 {v}"),
    }
}

/// The blue of the trainee's own path.
const YOURS: u32 = 0x2e86c1ff;

fn best_path(
    scenario: &Scenario,
    best: &crate::analyze::PathEnd,
    label: &str,
    legend: &str,
    lang: Lang,
) -> Result<Highlight, String> {
    let steps = steps(scenario, &best.choices)?;
    let legend = match lang {
        Lang::Zh => format!(
            "{legend}，最终余额 {}（{}），选择 {}",
            best.final_balance,
            best.outcome.label().get(lang),
            numbered(&steps)
        ),
        Lang::En => format!(
            "{legend}, final balance {} ({}), --choices {}",
            best.final_balance,
            best.outcome.code(),
            numbered(&steps)
        ),
    };
    Ok(Highlight {
        label: label.into(),
        legend,
        class: "best-path",
        colour: 0x239b56ff,
        width: 5,
        dashed: false,
        steps,
    })
}

/// The debrief's picture: the conversation with the trainee's own run ("your path", blue) drawn beside the
/// best path (green), and nothing else highlighted, so the two stand out. `played` is the choice made at
/// each step as a 0-based index into the node's `choices` in the file (what [`StepRecord::choice`] and the
/// store's decisions hold; [`played_choices`] takes them from step records), starting at the start node. Every arrow of the played
/// path carries `class="choice your-path"` (and `best-path` where the best path takes it too), with
/// `data-node` and `data-choice` (1-based) naming the choice. Large scenarios are drawn collapsed around
/// the two paths, as [`draw_svg`] does.
///
/// Fails, with the step, when `played` does not follow the scenario (a choice a node does not have, or
/// choices past an end).
pub fn draw_played_svg(
    scenario: &Scenario,
    analysis: &Analysis,
    played: &[usize],
    lang: Lang,
) -> Result<String, String> {
    let steps = steps(scenario, played)?;
    let legend = match lang {
        Lang::Zh => format!("蓝色：你的路径（{} 个选择：{}）", steps.len(), numbered(&steps)),
        Lang::En => format!("blue: your path ({} choices: {})", steps.len(), numbered(&steps)),
    };
    let mut highlights = vec![Highlight {
        label: say(lang, "你的路径", "your path").into(),
        legend,
        class: "your-path",
        colour: YOURS,
        width: 6,
        dashed: false,
        steps,
    }];
    if let Some(best) = &analysis.best {
        let (label, legend) = (
            say(lang, "最佳路径", "best path"),
            say(lang, "绿色：最佳路径", "green: the best path"),
        );
        highlights.push(best_path(scenario, best, label, legend, lang)?);
    }
    draw(scenario, analysis, &highlights, lang)
}

/// The choices of a finished run (its [`StepRecord`]s, as a `Report` or the store keeps them), as
/// [`draw_played_svg`] takes them. Each record names the node it was played at: a run recorded against an
/// older version of the scenario file, whose nodes no longer line up, is refused with the step rather
/// than drawn along the wrong arrows.
pub fn played_choices(scenario: &Scenario, records: &[StepRecord]) -> Result<Vec<usize>, String> {
    let choices: Vec<usize> = records.iter().map(|r| r.choice).collect();
    let steps = steps(scenario, &choices)?;
    for (i, (record, &(node, _))) in records.iter().zip(&steps).enumerate() {
        let here = &scenario.nodes[node].id;
        if record.node != *here {
            return Err(format!(
                "step {}: the run was at node `{}`, but this scenario's path reaches `{here}` there (was the file changed since?)",
                i + 1,
                record.node
            ));
        }
    }
    Ok(choices)
}

fn draw(scenario: &Scenario, analysis: &Analysis, highlights: &[Highlight], lang: Lang) -> Result<String, String> {
    let collapsed = scenario.nodes.len() > FULL_LIMIT;
    // Collapsed, the tiers' example paths are listed in the legend but not drawn: each one crossing the
    // others made a large case's picture a tangle of short runs (and tens of thousands of pixels wide).
    let drawn_paths: Vec<bool> = highlights
        .iter()
        .map(|h| !(collapsed && h.class == "example-path"))
        .collect();
    // Which highlights pass along each choice (in priority order: trainee, best, worst, examples).
    let mut on_edge: BTreeMap<(usize, usize), Vec<usize>> = BTreeMap::new();
    for (h, highlight) in highlights.iter().enumerate().filter(|&(h, _)| drawn_paths[h]) {
        for &step in &highlight.steps {
            let list = on_edge.entry(step).or_default();
            if !list.contains(&h) {
                list.push(h);
            }
        }
    }
    let targets = graph::choice_targets(scenario);
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
    // A run of one node is shown as itself.
    fold_members.retain(|_, members| members.len() > 1);
    for fold in fold_of.iter_mut() {
        if fold.is_some_and(|head| !fold_members.contains_key(&head)) {
            *fold = None;
        }
    }
    let box_style =
        |fill: u32, width: usize| StyleAttr::new(Color::new(0x34495eff), width, Some(Color::new(fill)), 8, NODE_LAYOUT);
    let add_box = |vg: &mut Sketch, label: &str, fill: u32, width: usize| {
        // Sized here for the font it is drawn in (layout-rs would allow a full letter-height per letter).
        let (w, h) = text_size(label, NODE_FONT);
        vg.add_node(Element::create(
            ShapeKind::new_box(label),
            box_style(fill, width),
            Orientation::TopToBottom,
            Point::new(w + 28.0, h + 18.0),
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
            let label = match lang {
                Lang::Zh => format!("{} … {}\n{} 个节点直接经过", node.id, last.id, members.len()),
                Lang::En => format!(
                    "{} … {}\n{} nodes passed straight through",
                    node.id,
                    last.id,
                    members.len()
                ),
            };
            let handle = add_box(&mut vg, &label, 0xf2f3f4ff, 1);
            for &m in members {
                handles.insert(m, handle);
            }
        } else {
            let balance = match range {
                Some((min, max)) if min == max => format!("{} {min}", say(lang, "余额", "balance")),
                Some((min, max)) => format!("{} {min}–{max}", say(lang, "余额", "balance")),
                None => say(lang, "走不到", "never reached").to_string(),
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
    // Each node that can end the conversation gets an end mark of its own, just below it: one shared end
    // at the bottom drew an arrow across the whole picture from every early way out.
    let end_style = box_style(0xd5d8dcff, 2);
    let mut ends: HashMap<usize, usize> = HashMap::new();
    let mut end_of = |vg: &mut Sketch, from: usize| {
        *ends.entry(from).or_insert_with(|| {
            let shape = ShapeKind::new_circle(say(lang, "结束", "End"));
            let size = get_shape_size(Orientation::TopToBottom, &shape, NODE_LAYOUT, true).scale(0.7);
            vg.add_node(Element::create(
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
            None => end_of(&mut vg, from),
        };
        // Inside a fold only the way through is drawn (it is one box).
        if from == to {
            continue;
        }
        let choice = &scenario.nodes[n].choices[c];
        let score = immediate_score(scenario, choice);
        // Short lines: a label is as wide as its longest line, and wide labels spread the layers apart.
        let mut parts = vec![format!("{}: {score:+}", c + 1)];
        if let Some(p) = &choice.promise {
            parts.push(format!("{} {p}", say(lang, "承诺", "promises")));
        }
        let (keeps, breaks) = (say(lang, "兑现", "keeps"), say(lang, "违背", "breaks"));
        parts.extend(choice.keeps.iter().map(|p| format!("{keeps} {p}")));
        parts.extend(choice.breaks_promises.iter().map(|p| format!("{breaks} {p}")));
        let mut label = wrap(&parts.join(", "), EDGE_WRAP);
        if !choice.when.is_empty() {
            let when: Vec<String> = choice.when.iter().map(|w| condition_words(w, lang)).collect();
            label.push('\n');
            let when = match lang {
                Lang::Zh => format!("条件：{}", when.join("，且")),
                Lang::En => format!("if {}", when.join(" and ")),
            };
            label.push_str(&wrap(&when, EDGE_WRAP));
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
        let mut classes = String::from("choice");
        if let Some(paths) = paths {
            // Named paths by name; the tiers' example paths as one "e.g. lost, loyal".
            let mut names: Vec<String> = paths
                .iter()
                .filter(|&&h| highlights[h].class != "example-path")
                .map(|&h| highlights[h].label.clone())
                .collect();
            let tiers: Vec<&str> = paths
                .iter()
                .filter(|&&h| highlights[h].class == "example-path")
                .map(|&h| highlights[h].label.trim_start_matches("e.g. "))
                .collect();
            if !tiers.is_empty() {
                names.push(format!("e.g. {}", tiers.join(", ")));
            }
            label.push('\n');
            label.push_str(&wrap(&format!("[{}]", names.join(" · ")), EDGE_WRAP));
            for &h in paths {
                if !classes.contains(highlights[h].class) {
                    classes.push(' ');
                    classes.push_str(highlights[h].class);
                }
            }
        }
        let look = StyleAttr::new(Color::new(colour), width, None, 0, EDGE_LAYOUT);
        let mut arrow = Arrow::new(
            LineEndKind::None,
            LineEndKind::Arrow,
            style,
            &label,
            &look,
            &None,
            &None,
        );
        // Which choice this arrow is, and which highlighted paths take it.
        arrow.properties = Some(format!(
            "class=\"{classes}\" data-node=\"{}\" data-choice=\"{}\"",
            escape(&scenario.nodes[n].id),
            c + 1
        ));
        vg.arrows.push((arrow, from, to));
    }
    // The legend, drawn under the picture by [`Canvas::finish`]: what the colours mean, and the paths
    // as `--choices` to replay them.
    let mut legend = vec![
        Legend::text(format!("{} — {}", scenario.id, scenario.title.get(lang))),
        Legend::text(
            say(
                lang,
                "箭头：选项编号（文件中的顺序）：即时得分；浅绿为存入，浅红为取出",
                "arrows: choice number (file order): immediate score; light green deposits, light red withdraws",
            )
            .into(),
        ),
    ];
    legend.extend(highlights.iter().zip(&drawn_paths).map(|(h, &drawn)| Legend {
        text: if drawn {
            h.legend.clone()
        } else {
            // Not drawn, so not spelled out in full either.
            let mut text: String = h.legend.chars().take(160).collect();
            if text.len() < h.legend.len() {
                text.push('…');
            }
            format!("{text}{}", say(lang, "（已折叠，未画出）", " (not drawn: collapsed)"))
        },
        sample: drawn.then_some((h.colour, h.dashed)),
    }));
    if collapsed {
        let hidden = shown.iter().filter(|s| !**s).count();
        let nodes = scenario.nodes.len();
        legend.push(Legend::text(match lang {
            Lang::Zh => format!("已折叠：共 {nodes} 个节点，只画出标出的路径（{hidden} 个节点未画出）"),
            Lang::En => {
                format!("collapsed: {nodes} nodes; only the highlighted paths are drawn ({hidden} nodes not drawn)")
            }
        }));
    }
    lay_out(vg, &legend)
}

/// One line of the legend, with a sample of the line it explains.
struct Legend {
    text: String,
    /// Colour and dashing of the path it explains.
    sample: Option<(u32, bool)>,
}

impl Legend {
    fn text(text: String) -> Self {
        Legend { text, sample: None }
    }
}

/// Breaks `text` into lines of at most `width` letters, at spaces (a longer word keeps its own line).
fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = 0;
    // A word longer than a line (a long path's choice numbers) breaks after its commas.
    let words = text.split(' ').flat_map(|word| {
        let mut pieces = Vec::new();
        let mut rest = word;
        while rest.chars().count() > width {
            let cut = rest
                .char_indices()
                .take(width)
                .filter(|&(_, c)| c == ',')
                .last()
                .map_or(rest.len(), |(i, _)| i + 1);
            pieces.push(&rest[..cut]);
            rest = &rest[cut..];
        }
        pieces.push(rest);
        pieces.into_iter().filter(|p| !p.is_empty())
    });
    for word in words {
        let len = word.chars().count();
        if line > 0 && line + 1 + len > width {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += len;
    }
    out
}

/// Width and height of `text` drawn at `font` in a sans-serif face: Latin letters about 0.6 of the size
/// wide, Chinese characters a full size, lines 1.25 apart.
fn text_size(text: &str, font: f64) -> (f64, f64) {
    let width = text
        .lines()
        .map(|l| l.chars().map(|c| if c.is_ascii() { 0.6 } else { 1.0 }).sum::<f64>())
        .fold(0.0, f64::max);
    let lines = text.lines().count().max(1) as f64;
    (width * font, lines * font * 1.25)
}

/// Text for SVG: markup characters escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// The boxes and arrows to lay out (kept so a failed layout can be tried again from scratch).
#[derive(Default)]
struct Sketch {
    boxes: Vec<Element>,
    /// The boxes' texts.
    labels: std::collections::HashSet<String>,
    arrows: Vec<(Arrow, usize, usize)>,
}

impl Sketch {
    fn add_node(&mut self, element: Element) -> usize {
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
        for (arrow, from, to) in &self.arrows {
            vg.add_edge(arrow.clone(), handles[*from], handles[*to]);
        }
        vg
    }
}

/// Lays the sketch out and renders it. layout-rs can trip on its own assertions for some graphs; then the
/// layout is tried again without its crossing optimisation, then with plain placement.
fn lay_out(sketch: Sketch, legend: &[Legend]) -> Result<String, String> {
    // A tripped assertion is expected and handled here: keep its message off the user's terminal.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = try_layouts(&sketch);
    std::panic::set_hook(hook);
    result.map(|canvas| canvas.finish(legend))
}

fn try_layouts(sketch: &Sketch) -> Result<Canvas, String> {
    for (disable_optimisation, disable_layout) in [(false, false), (true, false), (true, true)] {
        let mut vg = sketch.graph();
        let rendered = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || {
            let mut canvas = Canvas {
                boxes: sketch.labels.clone(),
                ..Canvas::default()
            };
            vg.do_it(false, disable_optimisation, disable_layout, &mut canvas);
            canvas
        }));
        if let Ok(canvas) = rendered {
            return Ok(canvas);
        }
    }
    Err("the graph layout failed for this scenario".into())
}

/// Blank space kept around the drawing, in SVG units.
const MARGIN: f64 = 24.0;

/// Where layout-rs draws: SVG written our way. Its own writer draws Times at the size it lays out with
/// (about twice the width a letter needs), writes choice labels along curved arrows, and scales arrow
/// heads with the line. Here text is a sans-serif face at [`NODE_FONT`] or [`EDGE_FONT`], labels sit
/// level with a white halo over the lines they cross, heads have one size, and the canvas is cropped to
/// what is drawn.
#[derive(Default)]
struct Canvas {
    body: String,
    clips: Vec<String>,
    /// (x0, y0, x1, y1) of everything drawn.
    bounds: Option<(f64, f64, f64, f64)>,
    /// The texts of the boxes (nodes, folds, the end), drawn at [`NODE_FONT`].
    boxes: std::collections::HashSet<String>,
}

impl Canvas {
    fn grow(&mut self, x: f64, y: f64) {
        let b = self.bounds.get_or_insert((x, y, x, y));
        *b = (b.0.min(x), b.1.min(y), b.2.max(x), b.3.max(y));
    }

    /// `text` centred on (x, y), one `<tspan>` a line.
    fn text(&mut self, x: f64, y: f64, text: &str, font: f64, class: &str) {
        let (w, h) = text_size(text, font);
        self.grow(x - w / 2.0, y - h / 2.0);
        self.grow(x + w / 2.0, y + h / 2.0);
        let lines: Vec<&str> = text.lines().collect();
        let first = y - (lines.len().saturating_sub(1)) as f64 * font * 1.25 / 2.0;
        self.body.push_str(&format!(
            "<text class=\"{class}\" x=\"{x:.1}\" y=\"{first:.1}\" font-size=\"{font}\">"
        ));
        for (i, line) in lines.iter().enumerate() {
            let dy = if i == 0 { 0.0 } else { 1.25 };
            self.body
                .push_str(&format!("<tspan x=\"{x:.1}\" dy=\"{dy}em\">{}</tspan>", escape(line)));
        }
        self.body.push_str("</text>\n");
    }

    /// The finished SVG: the drawing on white, cropped, with the legend under it.
    fn finish(mut self, legend: &[Legend]) -> String {
        let (x0, y0, x1, y1) = self.bounds.unwrap_or((0.0, 0.0, 100.0, 100.0));
        // The legend: a sample line and a wrapped text a line, left-aligned under the drawing.
        let mut y = y1 + LEGEND_FONT * 1.5;
        let mut legend_svg = String::new();
        let mut right = x1;
        for line in legend {
            let text = wrap(&line.text, LEGEND_WRAP);
            let indent = if let Some((colour, dashed)) = line.sample {
                let dash = if dashed { " stroke-dasharray=\"8,5\"" } else { "" };
                legend_svg.push_str(&format!(
                    "<line x1=\"{x0:.1}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"{}\" stroke-width=\"5\"{dash}/>\n",
                    x0 + 44.0,
                    Color::new(colour).to_web_color()
                ));
                56.0
            } else {
                0.0
            };
            let lines: Vec<&str> = text.lines().collect();
            legend_svg.push_str(&format!(
                "<text class=\"legend\" x=\"{:.1}\" y=\"{y:.1}\" font-size=\"{LEGEND_FONT}\">",
                x0 + indent
            ));
            for (i, l) in lines.iter().enumerate() {
                let dy = if i == 0 { 0.0 } else { 1.25 };
                legend_svg.push_str(&format!(
                    "<tspan x=\"{:.1}\" dy=\"{dy}em\">{}</tspan>",
                    x0 + indent,
                    escape(l)
                ));
            }
            legend_svg.push_str("</text>\n");
            right = right.max(x0 + indent + text_size(&text, LEGEND_FONT).0);
            y += lines.len() as f64 * LEGEND_FONT * 1.25 + LEGEND_FONT * 0.3;
        }
        self.grow(right, y);
        let (x0, y0) = (x0 - MARGIN, y0 - MARGIN);
        let (w, h) = (right - x0 + MARGIN, y - y0 + MARGIN);
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n\
<svg width=\"{w:.0}\" height=\"{h:.0}\" viewBox=\"{x0:.1} {y0:.1} {w:.1} {h:.1}\" xmlns=\"http://www.w3.org/2000/svg\">\n\
<defs>\n\
<marker id=\"head\" markerUnits=\"userSpaceOnUse\" markerWidth=\"14\" markerHeight=\"10\" refX=\"13\" refY=\"5\" orient=\"auto\">\
<polygon points=\"0 0, 14 5, 0 10\" fill=\"context-stroke\"/></marker>\n\
{}\n</defs>\n\
<style>\n\
text {{ font-family: \"DejaVu Sans\", \"Noto Sans\", \"Noto Sans CJK SC\", \"Microsoft YaHei\", Arial, sans-serif; fill: #1b2631; }}\n\
text.node, text.label {{ text-anchor: middle; dominant-baseline: central; }}\n\
text.label {{ paint-order: stroke; stroke: white; stroke-width: 5px; stroke-linejoin: round; }}\n\
text.legend {{ dominant-baseline: central; }}\n\
</style>\n\
<rect x=\"{x0:.1}\" y=\"{y0:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" fill=\"white\"/>\n\
{}{legend_svg}</svg>\n",
            self.clips.join("\n"),
            self.body
        )
    }
}

impl RenderBackend for Canvas {
    fn draw_rect(
        &mut self,
        xy: Point,
        size: Point,
        look: &StyleAttr,
        properties: Option<String>,
        clip: Option<ClipHandle>,
    ) {
        self.grow(xy.x, xy.y);
        self.grow(xy.x + size.x, xy.y + size.y);
        let fill = look.fill_color.map_or("none".to_string(), |c| c.to_web_color());
        let clip = clip.map_or(String::new(), |c| format!(" clip-path=\"url(#C{c})\""));
        self.body.push_str(&format!(
            "<rect {} x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"{}\" fill=\"{fill}\" stroke=\"{}\" stroke-width=\"{}\"{clip}/>\n",
            properties.unwrap_or_default(),
            xy.x,
            xy.y,
            size.x,
            size.y,
            look.rounded,
            look.line_color.to_web_color(),
            look.line_width
        ));
    }

    fn draw_line(&mut self, start: Point, stop: Point, look: &StyleAttr, properties: Option<String>) {
        self.grow(start.x, start.y);
        self.grow(stop.x, stop.y);
        self.body.push_str(&format!(
            "<line {} x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"{}\" stroke-width=\"{}\"/>\n",
            properties.unwrap_or_default(),
            start.x,
            start.y,
            stop.x,
            stop.y,
            look.line_color.to_web_color(),
            look.line_width
        ));
    }

    fn draw_circle(&mut self, xy: Point, size: Point, look: &StyleAttr, properties: Option<String>) {
        self.grow(xy.x - size.x / 2.0, xy.y - size.y / 2.0);
        self.grow(xy.x + size.x / 2.0, xy.y + size.y / 2.0);
        let fill = look.fill_color.map_or("none".to_string(), |c| c.to_web_color());
        self.body.push_str(&format!(
            "<ellipse {} cx=\"{:.1}\" cy=\"{:.1}\" rx=\"{:.1}\" ry=\"{:.1}\" fill=\"{fill}\" stroke=\"{}\" stroke-width=\"{}\"/>\n",
            properties.unwrap_or_default(),
            xy.x,
            xy.y,
            size.x / 2.0,
            size.y / 2.0,
            look.line_color.to_web_color(),
            look.line_width
        ));
    }

    fn draw_text(&mut self, xy: Point, text: &str, _look: &StyleAttr) {
        // A box's own text, or else a choice's label (layout-rs does not always pass the label's own style).
        if self.boxes.contains(text) {
            self.text(xy.x, xy.y, text, NODE_FONT, "node");
        } else {
            self.text(xy.x, xy.y, text, EDGE_FONT, "label");
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
        let dash = if dashed { " stroke-dasharray=\"10,6\"" } else { "" };
        let end = if head.1 { " marker-end=\"url(#head)\"" } else { "" };
        self.body.push_str(&format!(
            "<g {}><path d=\"{d}\" fill=\"none\" stroke=\"{}\" stroke-width=\"{}\"{dash}{end}/></g>\n",
            properties.unwrap_or_default(),
            look.line_color.to_web_color(),
            look.line_width
        ));
        if !text.is_empty() {
            // Labels are split off into their own connector by layout-rs; one left here sits at the middle.
            let mid = path[path.len() / 2].0;
            self.text(mid.x, mid.y, text, EDGE_FONT, "label");
        }
    }

    fn create_clip(&mut self, xy: Point, size: Point, rounded_px: usize) -> ClipHandle {
        let handle = self.clips.len();
        self.clips.push(format!(
            "<clipPath id=\"C{handle}\"><rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"{rounded_px}\"/></clipPath>",
            xy.x, xy.y, size.x, size.y
        ));
        handle
    }
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
