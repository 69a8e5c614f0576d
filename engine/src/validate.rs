//! Checks a parsed scenario for everything that would make it unplayable or misleading.
//!
//! Problems are found on the parsed structure and named by their place in it (`nodes[3].choices[1]`);
//! [`crate::locate`] turns all of a file's places into line and column in one pass at the end.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use crate::analyze;
use crate::cues;
use crate::diagnostic::{Diagnostic, Severity};
use crate::graph;
use crate::locate::{self, Key, Lines, QuickMap};
use crate::path;
use crate::principles::{AntiPattern, Principle};
use crate::schema::{Choice, Condition, MAX_BALANCE, MAX_EFFECT, Next, Scenario};
use crate::suggest::did_you_mean;
use crate::text::{Bilingual, Lang};

/// A problem found, with where it is as a path into the file (`None`: the whole file).
struct Pending {
    severity: Severity,
    at: Option<locate::Path>,
    message: String,
    /// Reported before the others: a duplicate id, whose consequences (references that resolve to the
    /// wrong node, or to none) would otherwise come first and hide the cause.
    first: bool,
}

struct Checker<'t> {
    out: Vec<Pending>,
    /// The file's text, for messages that name several places (the nodes that make a tell).
    text: &'t str,
    /// A value is off its scale: the account arithmetic would mislead, so paths are not explored.
    range_errors: bool,
    /// The conversation loops: paths cannot be enumerated.
    looped: bool,
}

/// `base` followed by `more`.
fn join(base: &locate::Path, more: &[Key<'static>]) -> locate::Path {
    let mut path = base.clone();
    path.extend_from_slice(more);
    path
}

impl Checker<'_> {
    fn error(&mut self, at: locate::Path, message: String) {
        self.out.push(Pending {
            severity: Severity::Error,
            at: Some(at),
            message,
            first: false,
        });
    }

    /// An error that causes others (a duplicate id): listed before them, whatever its place in the file.
    fn cause(&mut self, at: locate::Path, message: String) {
        self.out.push(Pending {
            severity: Severity::Error,
            at: Some(at),
            message,
            first: true,
        });
    }

    fn warning(&mut self, at: locate::Path, message: String) {
        self.out.push(Pending {
            severity: Severity::Warning,
            at: Some(at),
            message,
            first: false,
        });
    }

    /// A warning about the whole file.
    fn note(&mut self, message: String) {
        self.out.push(Pending {
            severity: Severity::Warning,
            at: None,
            message,
            first: false,
        });
    }

    fn range_error(&mut self, at: locate::Path, message: String) {
        self.range_errors = true;
        self.error(at, message);
    }

    fn translations(&mut self, text: &Bilingual, what: &str, at: locate::Path) {
        if complete(text) {
            return;
        }
        let missing = text.missing();
        if missing.is_empty() {
            return;
        }
        let names: Vec<&str> = missing
            .iter()
            .map(|l| match l {
                Lang::Zh => "Chinese (zh)",
                Lang::En => "English (en)",
            })
            .collect();
        self.error(
            at,
            format!("missing translation: {what} has no {}", names.join(" and no ")),
        );
    }
}

/// Both languages present (checked without allocating: it runs for every text of every node).
fn complete(text: &Bilingual) -> bool {
    let written = |s: &str| s.chars().any(|c| !c.is_whitespace());
    written(&text.zh) && written(&text.en)
}

/// What [`validate`] found: every diagnostic, and the positions of the extra paths asked for.
pub struct Validation {
    pub diagnostics: Vec<Diagnostic>,
    pub positions: Vec<Option<(usize, usize)>>,
    /// Every path can be followed and scored as written: references resolve, values are on their scales
    /// and the conversation does not loop. Errors that remain (a missing translation, an ending no path
    /// reaches) leave the paths' figures true, so the analyser can still report them.
    pub paths_sound: bool,
}

/// Every problem with `scenario`, parsed from `text` (used only to place diagnostics; `file` labels them).
/// Errors make it unplayable; warnings do not. `extra` asks for the positions of more paths in the same
/// pass over the text (the loader wants the scenario's `id` and `pair_with`).
pub fn validate(scenario: &Arc<Scenario>, file: &Path, text: &str, extra: &[locate::Path]) -> Validation {
    let mut c = Checker {
        out: Vec::new(),
        text,
        range_errors: false,
        looped: false,
    };
    let s = scenario.as_ref();
    check_metadata(&mut c, s);
    check_promises(&mut c, s);
    check_events(&mut c, s);
    let ids = Ids::of(s);
    let mut structure_ok = check_nodes(&mut c, s, &ids);
    structure_ok &= check_endings(&mut c, s, &ids);
    let sound = structure_ok && !c.range_errors;
    if sound {
        // Node ids are unique here, so the validator's map resolves targets as any other would.
        let targets = graph::targets_through(s, &ids.nodes);
        drop(ids);
        check_graph(&mut c, scenario, targets);
    } else {
        let why = if c.range_errors {
            "values out of range"
        } else {
            "errors"
        };
        c.note(format!(
                "paths through the conversation were not checked (unreachable nodes and endings, conditions, tells) because of the {why} above: fix those and check again"
        ));
    }
    let paths_sound = sound && !c.looped;
    let mut validation = place(c.out, file, text, extra);
    validation.paths_sound = paths_sound;
    validation
}

/// Turns pending problems into diagnostics with line and column, sorted by position (whole-file ones last).
fn place(pending: Vec<Pending>, file: &Path, text: &str, extra: &[locate::Path]) -> Validation {
    let mut wanted: Vec<locate::Path> = extra.to_vec();
    let asked: Vec<Option<usize>> = pending
        .iter()
        .map(|p| {
            p.at.as_ref().map(|at| {
                wanted.push(at.clone());
                wanted.len() - 1
            })
        })
        .collect();
    let offsets = locate::locate(text, &wanted);
    // A line index costs a pass over the whole text: for a few positions (usually just the `id` near the
    // top), counting lines up to each one is cheaper.
    let lines = (offsets.len() > 8).then(|| Lines::new(text));
    let position = |i: usize| {
        offsets[i].map(|o| match &lines {
            Some(lines) => lines.position(o),
            None => Lines::new(&text[..o.min(text.len())]).position(o),
        })
    };
    let mut diagnostics: Vec<(bool, Diagnostic)> = pending
        .into_iter()
        .zip(asked)
        .map(|(p, i)| {
            let at = i.and_then(position);
            let diagnostic = match p.severity {
                Severity::Error => Diagnostic::error(file, at, p.message),
                Severity::Warning => Diagnostic::warning(file, at, p.message),
            };
            (p.first, diagnostic)
        })
        .collect();
    diagnostics.sort_by_key(|(first, d)| (!first, d.line.is_none(), d.line, d.column));
    let diagnostics = diagnostics.into_iter().map(|(_, d)| d).collect();
    Validation {
        diagnostics,
        positions: (0..extra.len()).map(position).collect(),
        paths_sound: false,
    }
}

fn check_metadata(c: &mut Checker, s: &Scenario) {
    if s.id.is_empty()
        || !s
            .id
            .chars()
            .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-')
    {
        c.error(
            path!["id"],
            format!(
                "scenario id `{}` must be lowercase letters, digits and dashes (it is stored with results)",
                s.id.escape_debug()
            ),
        );
    }
    c.translations(&s.title, "the title", path!["title"]);
    c.translations(&s.setting, "the setting", path!["setting"]);
    c.translations(&s.agent, "the agent's role", path!["agent"]);
    c.translations(&s.customer.name, "the customer's name", path!["customer", "name"]);
    c.translations(
        &s.customer.persona,
        "the customer's persona",
        path!["customer", "persona"],
    );
    if let Some(card) = &s.role_card {
        c.translations(
            &card.happened,
            "the role card's `happened`",
            path!["role_card", "happened"],
        );
        c.translations(&card.wants, "the role card's `wants`", path!["role_card", "wants"]);
        c.translations(&card.upset, "the role card's `upset`", path!["role_card", "upset"]);
    }
    check_reflection(c, s);
    let balance = s.customer.starting_balance;
    if !(0..=MAX_BALANCE).contains(&balance) {
        c.range_error(
            path!["customer", "starting_balance"],
            format!("starting_balance {balance} is out of range: it must be 0–{MAX_BALANCE} (50 is neutral)"),
        );
    }
    let temper = s.customer.temper;
    if !(25..=300).contains(&temper) {
        c.range_error(
            path!["customer", "temper"],
            format!("temper {temper} is out of range: it must be 25–300 percent (100 is ordinary)"),
        );
    }
}

/// The reflection questions: each in both languages, and no more than
/// [`crate::schema::MAX_REFLECTION_QUESTIONS`].
fn check_reflection(c: &mut Checker, s: &Scenario) {
    for (i, question) in s.reflection.iter().enumerate() {
        c.translations(
            question,
            &format!("reflection question {}", i + 1),
            path!["reflection", i],
        );
    }
    let most = crate::schema::MAX_REFLECTION_QUESTIONS;
    if s.reflection.len() > most {
        c.error(
            path!["reflection", most],
            format!(
                "`reflection` has {} questions: a case carries one or two (keep the ones closest to the trainee's own job)",
                s.reflection.len()
            ),
        );
    }
}

/// Each ending's texts, and the conditions that choose its variants; false when a condition names
/// something undeclared.
fn check_endings(c: &mut Checker, s: &Scenario, ids: &Ids) -> bool {
    let mut ok = true;
    for outcome in crate::account::Outcome::ALL {
        let name = outcome.code();
        let ending = s.endings.of(outcome);
        c.translations(
            &ending.title,
            &format!("the `{name}` ending's title"),
            path!["endings", name, "title"],
        );
        c.translations(
            &ending.epilogue,
            &format!("the `{name}` ending's epilogue"),
            path!["endings", name, "epilogue"],
        );
        for (k, variant) in ending.variants.iter().enumerate() {
            let what = format!("variant {} of the `{name}` ending", k + 1);
            let base = path!["endings", name, "variants", k];
            if variant.when.is_empty() {
                c.warning(
                    base.clone(),
                    format!("{what} has no condition: it always replaces the ending's own text (put the text in the ending itself)"),
                );
            }
            if let Some(title) = &variant.title {
                c.translations(
                    title,
                    &format!("the title of {what}"),
                    join(&base, &[Key::Field("title")]),
                );
            }
            c.translations(
                &variant.epilogue,
                &format!("the epilogue of {what}"),
                join(&base, &[Key::Field("epilogue")]),
            );
            ok &= check_conditions(c, ids, &variant.when, &what, &base);
        }
    }
    ok
}

/// Event ids are unique and well formed, and each event says what happened in both languages.
fn check_events(c: &mut Checker, s: &Scenario) {
    let mut seen = HashSet::new();
    for (i, e) in s.events.iter().enumerate() {
        let at = path!["events", i, "id"];
        if e.id.trim().is_empty() {
            c.error(
                at.clone(),
                "an event has an empty id: give it a short name such as `suit-cleaned`".into(),
            );
        } else if !seen.insert(e.id.as_str()) {
            c.cause(at.clone(), format!("duplicate event id `{}`: rename one", e.id));
        }
        c.translations(&e.text, &format!("event `{}`", e.id), path!["events", i, "text"]);
        for (field, j, word) in e
            .words
            .iter()
            .enumerate()
            .map(|(j, w)| ("words", j, w))
            .chain(e.not_words.iter().enumerate().map(|(j, w)| ("not_words", j, w)))
        {
            if word.trim().is_empty() {
                c.error(
                    path!["events", i, field, j],
                    format!(
                        "event `{}` has an empty word: remove it (an empty word would match every text)",
                        e.id
                    ),
                );
            }
        }
    }
    for (i, p) in s.promises.iter().enumerate() {
        for (field, j, word) in p
            .words
            .iter()
            .enumerate()
            .map(|(j, w)| ("words", j, w))
            .chain(p.not_words.iter().enumerate().map(|(j, w)| ("not_words", j, w)))
        {
            if word.trim().is_empty() {
                c.error(
                    path!["promises", i, field, j],
                    format!(
                        "promise `{}` has an empty word: remove it (an empty word would match every text)",
                        p.id
                    ),
                );
            }
        }
    }
}

/// What to write when an id names nothing declared.
fn declared_list<'a>(kind: &str, ids: impl IntoIterator<Item = &'a str>) -> String {
    let ids: Vec<String> = ids.into_iter().map(|i| format!("`{i}`")).collect();
    if ids.is_empty() {
        format!("the file declares no {kind}s")
    } else {
        format!("declared: {}", ids.join(", "))
    }
}

fn check_promises(c: &mut Checker, s: &Scenario) {
    let mut seen = HashSet::new();
    for (i, p) in s.promises.iter().enumerate() {
        let at = path!["promises", i, "id"];
        if !seen.insert(p.id.as_str()) {
            c.cause(
                at.clone(),
                format!(
                    "duplicate promise id `{}`: rename one (and the choices meant for it)",
                    p.id
                ),
            );
        }
        if !(1..=MAX_EFFECT).contains(&p.value) {
            c.range_error(
                path!["promises", i, "value"],
                format!("promise `{}` has value {}: it must be 1–{MAX_EFFECT}", p.id, p.value),
            );
        }
        c.translations(&p.text, &format!("promise `{}`", p.id), path!["promises", i, "text"]);
    }
}

/// Node ids and promise ids, resolved once so every reference is one lookup.
struct Ids<'s> {
    /// Each node id, with the index of the first node that has it.
    nodes: QuickMap<&'s str, usize>,
    promises: HashSet<&'s str>,
    /// Declared node, promise and event ids in file order (for "did you mean").
    node_list: Vec<&'s str>,
    promise_list: Vec<&'s str>,
    events: Vec<&'s str>,
}

/// Per-node checks. Returns false when references are broken, so the graph checks would mislead.
impl<'s> Ids<'s> {
    fn of(s: &'s Scenario) -> Self {
        // The first node of each id: references resolve through it, and a second node with the id is an
        // error.
        let mut first_at: QuickMap<&str, usize> = QuickMap::with_capacity_and_hasher(s.nodes.len(), Default::default());
        for (n, node) in s.nodes.iter().enumerate() {
            first_at.entry(node.id.as_str()).or_insert(n);
        }
        Ids {
            nodes: first_at,
            promises: s.promises.iter().map(|p| p.id.as_str()).collect(),
            node_list: s.nodes.iter().map(|n| n.id.as_str()).collect(),
            promise_list: s.promises.iter().map(|p| p.id.as_str()).collect(),
            events: s.events.iter().map(|e| e.id.as_str()).collect(),
        }
    }

    /// Why an unknown promise id is wrong, and what it may have meant.
    fn unknown_promise(&self, id: &str) -> String {
        format!(
            "names promise `{id}`, which is not declared in `promises`{}; {}",
            did_you_mean(id, self.promise_list.iter().copied()),
            declared_list("promise", self.promise_list.iter().copied())
        )
    }

    /// Why an unknown event id is wrong, and what it may have meant.
    fn unknown_event(&self, id: &str) -> String {
        format!(
            "names event `{id}`, which is not declared in `events`{}; {}",
            did_you_mean(id, self.events.iter().copied()),
            declared_list("event", self.events.iter().copied())
        )
    }
}

fn check_nodes(c: &mut Checker, s: &Scenario, ids: &Ids) -> bool {
    let mut ok = true;
    if s.nodes.is_empty() {
        c.error(path!["nodes"], "the scenario has no nodes".into());
        return false;
    }
    if !ids.nodes.contains_key(s.start.as_str()) {
        c.error(
            path!["start"],
            format!(
                "start node `{}` does not exist{}",
                s.start,
                did_you_mean(&s.start, ids.node_list.iter().copied())
            ),
        );
        ok = false;
    }
    for (n, node) in s.nodes.iter().enumerate() {
        // Paths are built only for a problem: this runs for every node (building them up front was a
        // third of the validator's allocations).
        let base = || path!["nodes", n];
        let at = || path!["nodes", n, "id"];
        let first = ids.nodes[node.id.as_str()];
        if first != n {
            c.cause(
                at(),
                format!(
                    "duplicate node id `{}`: node {} already uses it (rename one, and the `Node(\"…\")` references meant for it)",
                    node.id,
                    first + 1
                ),
            );
            ok = false;
        }
        if node.customer.is_empty() {
            c.error(at(), format!("node `{}` has no customer line", node.id));
        }
        for (k, line) in node.customer.iter().enumerate().filter(|(_, l)| !complete(l)) {
            c.translations(
                line,
                &format!("customer line {} of node `{}`", k + 1, node.id),
                join(&base(), &[Key::Field("customer"), Key::Index(k)]),
            );
        }
        if let Some(narration) = &node.narration {
            c.translations(
                narration,
                &format!("the narration of node `{}`", node.id),
                join(&base(), &[Key::Field("narration")]),
            );
        }
        for (k, variant) in node.variants.iter().enumerate() {
            let what = format!("variant {} of node `{}`", k + 1, node.id);
            let vbase = join(&base(), &[Key::Field("variants"), Key::Index(k)]);
            if variant.customer.is_empty() {
                c.error(vbase.clone(), format!("{what} has no customer line"));
            }
            if variant.when.is_empty() {
                c.warning(
                    vbase.clone(),
                    format!("{what} has no condition: it always replaces the node's own lines"),
                );
            }
            for (j, line) in variant.customer.iter().enumerate() {
                c.translations(
                    line,
                    &format!("a customer line of {what}"),
                    join(&vbase, &[Key::Field("customer"), Key::Index(j)]),
                );
            }
            if let Some(narration) = &variant.narration {
                c.translations(
                    narration,
                    &format!("the narration of {what}"),
                    join(&vbase, &[Key::Field("narration")]),
                );
            }
            ok &= check_conditions(c, ids, &variant.when, &what, &vbase);
        }
        match node.choices.len() {
            0 => {
                c.error(at(), format!("node `{}` has no way out: it needs 2–4 choices", node.id));
                ok = false;
            }
            2..=4 => {}
            k => c.error(at(), format!("node `{}` has {k} choices: the agent needs 2–4", node.id)),
        }
        for (k, choice) in node.choices.iter().enumerate() {
            ok &= check_choice(c, ids, &node.id, k, choice, s.source, || {
                path!["nodes", n, "choices", k]
            });
        }
    }
    ok
}

/// The vocabulary, for a warning that must say what could be written (built once per process).
fn vocabulary() -> &'static str {
    static VOCABULARY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    VOCABULARY.get_or_init(vocabulary_text)
}

fn vocabulary_text() -> String {
    let principles: Vec<String> = Principle::ALL.iter().map(|p| format!("{p:?}")).collect();
    let anti: Vec<String> = AntiPattern::ALL.iter().map(|a| format!("{a:?}")).collect();
    format!(
        "principles: {}; anti-patterns: {}",
        principles.join(", "),
        anti.join(", ")
    )
}

/// Checks one choice; false when it references something that does not exist.
/// "choice 2 of node `open`", written out only when a message needs it.
struct ChoiceLabel<'a> {
    node: &'a str,
    number: usize,
}

impl std::fmt::Display for ChoiceLabel<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "choice {} of node `{}`", self.number, self.node)
    }
}

fn check_choice(
    c: &mut Checker,
    ids: &Ids,
    node: &str,
    k: usize,
    choice: &Choice,
    source: crate::principles::Source,
    base: impl Fn() -> locate::Path,
) -> bool {
    // Labels and paths are built only for a problem: this runs for every choice of every node.
    let label = ChoiceLabel { node, number: k + 1 };
    let at = |more: &[Key<'static>]| join(&base(), more);
    let text_at = || at(&[Key::Field("text")]);
    let mut ok = true;
    if !complete(&choice.text) {
        c.translations(&choice.text, &label.to_string(), text_at());
    }
    if !complete(&choice.feedback) {
        c.translations(
            &choice.feedback,
            &format!("the feedback of {label}"),
            at(&[Key::Field("feedback")]),
        );
    }
    check_citation(c, &label, choice, source, || at(&[Key::Field("feedback")]));
    if !(-MAX_EFFECT..=MAX_EFFECT).contains(&choice.effect) {
        c.range_error(
            at(&[Key::Field("effect")]),
            format!(
                "{label}: effect {} is out of range (-{MAX_EFFECT} to {MAX_EFFECT})",
                choice.effect
            ),
        );
    }
    if let Next::Node(target) = &choice.next
        && !ids.nodes.contains_key(target.as_str())
    {
        c.error(
            at(&[Key::Field("next")]),
            format!(
                "{label} leads to node `{target}`, which does not exist{}",
                did_you_mean(target, ids.node_list.iter().copied())
            ),
        );
        ok = false;
    }
    if let Some(id) = &choice.promise
        && !ids.promises.contains(id.as_str())
    {
        c.error(
            at(&[Key::Field("promise")]),
            format!("{label}: `promise` {}", ids.unknown_promise(id)),
        );
        ok = false;
    }
    for (field, list) in [("keeps", &choice.keeps), ("breaks_promises", &choice.breaks_promises)] {
        for (j, id) in list.iter().enumerate() {
            if !ids.promises.contains(id.as_str()) {
                c.error(
                    at(&[Key::Field(field), Key::Index(j)]),
                    format!("{label}: `{field}` {}", ids.unknown_promise(id)),
                );
                ok = false;
            }
        }
    }
    for (j, id) in choice.marks.iter().enumerate() {
        if !ids.events.contains(&id.as_str()) {
            c.error(
                at(&[Key::Field("marks"), Key::Index(j)]),
                format!("{label}: `marks` {}", ids.unknown_event(id)),
            );
            ok = false;
        }
    }
    if !choice.when.is_empty() {
        ok &= check_conditions(c, ids, &choice.when, &label, &base());
    }
    if choice.applies.is_empty() && choice.breaks.is_empty() {
        let suggested: Vec<String> = cues::suggest(choice)
            .iter()
            .map(|t| format!("`{}`", t.as_ron()))
            .collect();
        let advice = if suggested.is_empty() {
            format!(
                "add `applies: [...]` or `breaks: [...]` from the vocabulary ({})",
                vocabulary()
            )
        } else {
            format!(
                "its words suggest {} (vocabulary in docs/authoring.md)",
                suggested.join(" or ")
            )
        };
        c.warning(
            text_at(),
            format!(
                "{label} applies no principle and commits no anti-pattern: the debrief cannot explain it; {advice}"
            ),
        );
    }
    if choice.effect > 0 && choice.applies.is_empty() && !choice.breaks.is_empty() {
        c.warning(
            at(&[Key::Field("effect")]),
            format!(
                "{label} deposits {} although it only commits anti-patterns",
                choice.effect
            ),
        );
    }
    if choice.rate_sincerity && choice.effect <= 0 {
        c.warning(
            at(&[Key::Field("rate_sincerity")]),
            format!("{label} asks for a sincerity rating but deposits nothing: the rating cannot change anything"),
        );
    }
    if choice.effect < 0 && choice.breaks.is_empty() && !choice.applies.is_empty() {
        c.warning(
            at(&[Key::Field("effect")]),
            format!(
                "{label} withdraws {} although it only applies principles",
                choice.effect.saturating_neg()
            ),
        );
    }
    ok
}

/// The game names the cited document after the feedback itself (in place of its number when the
/// feedback ends with one in brackets). Feedback that names the number anywhere else would cite it twice.
fn check_citation(
    c: &mut Checker,
    label: &ChoiceLabel,
    choice: &Choice,
    source: crate::principles::Source,
    at: impl Fn() -> locate::Path,
) {
    let cited = choice.cites.unwrap_or(source);
    let number = cited.number();
    for lang in [Lang::Zh, Lang::En] {
        let feedback = choice.feedback.get(lang);
        if crate::text::names_document(feedback, number) && crate::text::citation_slot(feedback, number, lang).is_none()
        {
            let (end, name) = match lang {
                Lang::Zh => (format!("（{number}）"), "Chinese"),
                Lang::En => (format!("({number})"), "English"),
            };
            c.warning(
                at(),
                format!(
                    "the {name} feedback of {label} names document {number}, and the game adds the document's title after the feedback as well, so it would be cited twice: end the feedback with `{end}` (the game puts the title there) or leave the number out"
                ),
            );
        }
    }
}

/// Conditions name declared promises and balances on the scale; false when a promise is unknown.
fn check_conditions(
    c: &mut Checker,
    ids: &Ids,
    conditions: &[Condition],
    label: &dyn std::fmt::Display,
    base: &locate::Path,
) -> bool {
    let mut ok = true;
    for (j, condition) in conditions.iter().enumerate() {
        let at = || join(base, &[Key::Field("when"), Key::Index(j)]);
        if let Some(id) = condition.promise()
            && !ids.promises.contains(id)
        {
            c.error(
                at(),
                format!("{label}: the condition `when` {}", ids.unknown_promise(id)),
            );
            ok = false;
        }
        if let Some(id) = condition.event()
            && !ids.events.contains(&id)
        {
            c.error(at(), format!("{label}: the condition `when` {}", ids.unknown_event(id)));
            ok = false;
        }
        if let Condition::BalanceAbove(v) | Condition::BalanceBelow(v) = condition
            && !(0..=MAX_BALANCE).contains(v)
        {
            c.range_error(
                at(),
                format!("{label}: the condition on balance {v} is off the scale (0–{MAX_BALANCE})"),
            );
        }
    }
    ok
}

fn node_at(n: usize) -> locate::Path {
    path!["nodes", n, "id"]
}

fn check_graph(c: &mut Checker, scenario: &Arc<Scenario>, targets: graph::ChoiceTargets) {
    let s = scenario.as_ref();
    let succ: Vec<Vec<usize>> = targets
        .iter()
        .map(|t| {
            let mut next: Vec<usize> = t.iter().flatten().copied().collect();
            next.sort_unstable();
            next.dedup();
            next
        })
        .collect();
    let Some(start) = s.node_index(&s.start) else { return };
    let order = match graph::topological_order(&succ, start) {
        Ok(order) => order,
        Err(cycle) => {
            c.looped = true;
            let names: Vec<&str> = cycle.iter().map(|&i| s.nodes[i].id.as_str()).collect();
            c.error(
                node_at(cycle[0]),
                format!(
                    "the conversation loops: {} (a scene must always move forward)",
                    names.join(" → ")
                ),
            );
            return;
        }
    };
    let reach = graph::reachable(&succ, start);
    for (i, node) in s.nodes.iter().enumerate() {
        if !reach[i] {
            c.error(
                node_at(i),
                format!("node `{}` is unreachable from the start node `{}`", node.id, s.start),
            );
        }
    }
    let paths = count_paths(&targets, &order, start);
    // Done with: freed before the analysis and the tells, which have tables of their own (peak memory
    // on a large file is a budget of its own).
    drop((succ, order));
    if paths > analyze::EXACT_PATH_LIMIT {
        drop(reach);
        // Too many paths to try them all: the analyser could only sweep approximately, at a cost that
        // grows far faster than reading the file. `check` stays fast; `analyze` does the sweep.
        c.note(format!(
                "{} paths through the conversation, too many for `check` to try: whether every ending can be reached, every condition can hold, and every ending's text is true of the paths that read it, was not checked; run `goodwill analyze` on this file for an approximate sweep",
                if paths == u128::MAX { "more than 10^38".to_string() } else { paths.to_string() }
        ));
        check_tells(c, s, targets);
        return;
    }
    // Few enough paths that the analyser tries every one: its findings are exact.
    let analysis = analyze::analyze(s);
    for outcome in crate::account::Outcome::ALL {
        if analysis.reachable_outcomes.contains(&outcome) {
            continue;
        }
        let at = path!["endings", outcome.code()];
        c.error(
            at,
            format!(
                "the `{}` ending cannot be reached: no path through the conversation ends with that outcome",
                outcome.code()
            ),
        );
    }
    for (i, stats) in analysis.nodes.iter().enumerate() {
        if reach[i] && stats.is_none() {
            c.warning(
                node_at(i),
                format!(
                    "node `{}` is never reached: it is only reachable after the account is already closed, or through choices whose conditions never hold",
                    s.nodes[i].id
                ),
            );
        }
    }
    for &(node, balance) in &analysis.dead_ends {
        let id = &s.nodes[node].id;
        c.error(
            node_at(node),
            format!(
                "node `{id}` offers no choice on some path (arriving with balance {balance}): every choice's `when` fails there; give one choice no condition"
            ),
        );
    }
    check_offers(c, s, &analysis);
    drop(analysis);
    check_tells(c, s, targets);
    // Only a file that declares the words its endings may use (one written for ending conditions) needs
    // every path's ending read; it is then also held to feedback that says the customer is gone for good.
    let words = s
        .promises
        .iter()
        .any(|p| !p.words.is_empty() || !p.not_words.is_empty())
        || s.events.iter().any(|e| !e.words.is_empty() || !e.not_words.is_empty());
    if !words {
        return;
    }
    match crate::states::StateGraph::build(s) {
        Ok(states) => {
            check_endings_tell_the_path(c, s, &states);
            check_feedback_tells_the_path(c, s, &states);
        }
        Err(_) => c.note(format!(
                "more than {} distinct situations in the conversation: whether each ending's text is true of every path that reads it was not checked",
                crate::states::STATE_LIMIT
        )),
    }
}

/// Warns where a choice's feedback says the customer is gone for good while a path through it ends better.
fn check_feedback_tells_the_path(c: &mut Checker, s: &Scenario, states: &crate::states::StateGraph) {
    for claim in crate::endings::unfounded_feedback(s, states) {
        let node = &s.nodes[claim.node];
        c.warning(
            path!["nodes", claim.node, "choices", claim.choice, "feedback"],
            format!(
                "the feedback of choice {} of node `{}` says “{}” (the customer is gone for good), but a path through it ends {}: {}; say what this choice risks, not how the case ends",
                claim.choice + 1,
                node.id,
                claim.word,
                claim.outcome.code(),
                crate::states::StateGraph::describe_path(s, &claim.example),
            ),
        );
    }
}

/// Warns where an ending's text speaks of a promise or an event (by their `words`) that some path
/// reading it did not make or have.
fn check_endings_tell_the_path(c: &mut Checker, s: &Scenario, states: &crate::states::StateGraph) {
    for claim in crate::endings::unfounded_claims(s, states) {
        let name = claim.outcome.code();
        let field = if claim.in_title { "title" } else { "epilogue" };
        let (at, which) = match claim.variant {
            Some(k) => (
                path!["endings", name, "variants", k, field],
                format!("variant {} of the `{name}` ending", k + 1),
            ),
            None => (path!["endings", name, field], format!("the `{name}` ending")),
        };
        if claim.negated {
            let had = match claim.subject {
                crate::endings::Subject::Promise(_) => "made",
                crate::endings::Subject::Event(_) => "had",
            };
            c.warning(
                at,
                format!(
                    "{which} says “{}”, which says {} did not happen, but a path reading it {had} it: {}; choose this text only on paths without it (a variant with `when: [{}]`), and give the others a text true of them",
                    claim.word,
                    claim.subject_label(s),
                    crate::states::StateGraph::describe_path(s, &claim.example),
                    match claim.subject {
                        crate::endings::Subject::Promise(_) => format!("PromiseNotMade(\"{}\")", claim.subject_id(s)),
                        crate::endings::Subject::Event(_) => format!("NotHappened(\"{}\")", claim.subject_id(s)),
                    },
                ),
            );
            continue;
        }
        let lacks = match claim.subject {
            crate::endings::Subject::Promise(_) => "never made",
            crate::endings::Subject::Event(_) => "never had",
        };
        c.warning(
            at,
            format!(
                "{which} says “{}”, which speaks of {}, but a path reading it {lacks} it: {}; choose this text only on paths that did (a variant with `when: [{}]`), and give the others a text true of them",
                claim.word,
                claim.subject_label(s),
                crate::states::StateGraph::describe_path(s, &claim.example),
                match claim.subject {
                    crate::endings::Subject::Promise(_) => format!("PromiseKept(\"{0}\")]` or `[PromiseBroken(\"{0}\")", claim.subject_id(s)),
                    crate::endings::Subject::Event(_) => format!("Happened(\"{}\")", claim.subject_id(s)),
                },
            ),
        );
    }
}

/// How many choice sequences lead from `start` to an end (saturating), counted over the acyclic graph in
/// topological `order`.
fn count_paths(targets: &[Vec<Option<usize>>], order: &[usize], start: usize) -> u128 {
    let mut paths = vec![0u128; targets.len()];
    for &n in order.iter().rev() {
        paths[n] = targets[n]
            .iter()
            .fold(0u128, |total, t| total.saturating_add(t.map_or(1, |m| paths[m])));
    }
    paths[start]
}

/// With every path explored: choices whose conditions never hold, and `keeps:` of promises that cannot
/// be open where the choice is offered.
fn check_offers(c: &mut Checker, s: &Scenario, analysis: &analyze::Analysis) {
    let promise_index: HashMap<&str, usize> = s.promises.iter().enumerate().map(|(i, p)| (p.id.as_str(), i)).collect();
    for (n, node) in s.nodes.iter().enumerate() {
        if analysis.nodes[n].is_none() {
            continue;
        }
        for (k, choice) in node.choices.iter().enumerate() {
            let label = format!("choice {} of node `{}`", k + 1, node.id);
            let base = path!["nodes", n, "choices", k];
            let Some(open) = analysis.offered_with_open[n][k] else {
                c.warning(
                    join(&base, &[Key::Field("when")]),
                    format!("{label} is never offered: its `when` never holds on any path"),
                );
                continue;
            };
            for (j, id) in choice.keeps.iter().enumerate() {
                let Some(&p) = promise_index.get(id.as_str()) else {
                    continue;
                };
                if p < 64 && open & (1 << p) == 0 {
                    c.warning(
                        join(&base, &[Key::Field("keeps"), Key::Index(j)]),
                        format!("{label} keeps promise `{id}`, which cannot be open when this choice is offered: the keep never counts (add `when: [PromiseOpen(\"{id}\")]`, or make the promise earlier)"),
                    );
                }
            }
        }
    }
}

/// Warns when a trainee could score by length instead of by reading.
fn check_tells(c: &mut Checker, scenario: &Scenario, targets: graph::ChoiceTargets) {
    let tells = crate::tells::tells_with_targets(scenario, targets);
    let any = tells.best_rank.is_a_tell() || tells.zh.is_a_tell() || tells.en.is_a_tell();
    if !any {
        return;
    }
    // Where each node is, read only when a tell is to be reported (one pass over the text).
    let positions = locate::node_positions(scenario, c.text);
    let named = |nodes: &[usize]| -> String {
        let names: Vec<String> = nodes
            .iter()
            .map(|&n| {
                let (id, line, column) = &positions[n];
                format!("`{id}` ({line}:{column})")
            })
            .collect();
        names.join(", ")
    };
    // A tell is reported at the first node that makes it, and names the others.
    let at = |nodes: &[usize]| nodes.first().map_or_else(|| path!["nodes"], |&n| node_at(n));
    if tells.best_rank.is_a_tell() {
        let nodes = &tells.best_rank.where_it_picks_best;
        c.warning(
            at(nodes),
            format!(
                "length is a tell: picking by length alone ({}) ends {} ({}); it picks a best answer at {}; at some of these nodes make the right answer another length (sometimes shortest, sometimes in the middle, rarely longest)",
                tells.best_rank.strategy,
                tells.best_rank.outcome.code(),
                tells.best_rank.balance,
                named(nodes)
            ),
        );
    }
    for (lang, tell) in [("Chinese", &tells.zh), ("English", &tells.en)] {
        if tell.is_a_tell() {
            let nodes = &tell.where_longest_is_best;
            c.warning(
                at(nodes),
                format!(
                    "length is a tell in {lang}: the longest line is the best at {} of {} nodes ({:.0} %, limit {:.0} %) and always picking the longest ends {} ({}); the longest line is the best at {}; make some wrong answers long there (excuses, interrogations, detailed over-promises) and some right answers short",
                    tell.longest_is_best,
                    tell.nodes,
                    tell.share() * 100.0,
                    crate::tells::LONGEST_IS_BEST_LIMIT * 100.0,
                    tell.always_longest.code(),
                    tell.always_longest_balance,
                    named(nodes)
                ),
            );
        }
    }
}
