//! Checks a parsed scenario for everything that would make it unplayable or misleading.

use std::collections::HashSet;
use std::path::Path;

use crate::analyze;
use crate::diagnostic::{Diagnostic, SourceIndex};
use crate::graph;
use crate::schema::{Choice, Condition, MAX_BALANCE, MAX_EFFECT, Next, Scenario};
use crate::text::{Lang, Text};

struct Checker<'a> {
    path: &'a Path,
    index: &'a SourceIndex<'a>,
    out: Vec<Diagnostic>,
}

impl Checker<'_> {
    fn error(&mut self, at: Option<(usize, usize)>, message: String) {
        self.out.push(Diagnostic::error(self.path, at, message));
    }

    fn warning(&mut self, at: Option<(usize, usize)>, message: String) {
        self.out.push(Diagnostic::warning(self.path, at, message));
    }

    /// Where a text sits: at its Chinese literal, else its English one, else `fallback`.
    fn text_at(
        &self,
        text: &Text,
        from: Option<(usize, usize)>,
        fallback: Option<(usize, usize)>,
    ) -> Option<(usize, usize)> {
        let from = from.map_or(0, |p| self.index.offset(p));
        [&text.zh, &text.en]
            .into_iter()
            .filter(|s| !s.trim().is_empty())
            .find_map(|s| self.index.locate_from(&format!("\"{s}\""), from))
            .or(fallback)
    }

    fn translations(
        &mut self,
        text: &Text,
        what: &str,
        from: Option<(usize, usize)>,
        fallback: Option<(usize, usize)>,
    ) {
        let missing = text.missing();
        if missing.is_empty() {
            return;
        }
        let at = self.text_at(text, from, fallback);
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

/// Every problem with `scenario`. Errors make it unplayable; warnings do not.
pub fn validate(scenario: &Scenario, path: &Path, index: &SourceIndex) -> Vec<Diagnostic> {
    let mut c = Checker {
        path,
        index,
        out: Vec::new(),
    };
    check_metadata(&mut c, scenario);
    check_promises(&mut c, scenario);
    let structure_ok = check_nodes(&mut c, scenario);
    if structure_ok {
        check_graph(&mut c, scenario);
    }
    c.out.sort_by_key(|d| (d.line, d.column));
    c.out
}

fn check_metadata(c: &mut Checker, s: &Scenario) {
    let id_at = c.index.locate_keyed("id", &s.id, 0);
    if s.id.is_empty()
        || !s
            .id
            .chars()
            .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-')
    {
        c.error(
            id_at,
            format!(
                "scenario id `{}` must be lowercase letters, digits and dashes (it is stored with results)",
                s.id
            ),
        );
    }
    c.translations(&s.title, "the title", None, c.index.locate_field("title"));
    c.translations(&s.setting, "the setting", None, c.index.locate_field("setting"));
    c.translations(&s.agent, "the agent's role", None, c.index.locate_field("agent"));
    c.translations(
        &s.customer.name,
        "the customer's name",
        None,
        c.index.locate_field("customer"),
    );
    c.translations(
        &s.customer.persona,
        "the customer's persona",
        None,
        c.index.locate_field("persona"),
    );
    if let Some(card) = &s.role_card {
        let card_at = c.index.locate_field("role_card");
        c.translations(&card.happened, "the role card's `happened`", None, card_at);
        c.translations(&card.wants, "the role card's `wants`", None, card_at);
        c.translations(&card.upset, "the role card's `upset`", None, card_at);
    }
    let balance = s.customer.starting_balance;
    if !(0..=MAX_BALANCE).contains(&balance) {
        c.error(
            c.index.locate_field("starting_balance"),
            format!("starting_balance {balance} is out of range: it must be 0–{MAX_BALANCE} (50 is neutral)"),
        );
    }
    let temper = s.customer.temper;
    if !(25..=300).contains(&temper) {
        c.error(
            c.index.locate_field("temper"),
            format!("temper {temper} is out of range: it must be 25–300 percent (100 is ordinary)"),
        );
    }
    let endings = [
        (&s.endings.lost, "lost"),
        (&s.endings.resolved, "resolved"),
        (&s.endings.retained, "retained"),
        (&s.endings.loyal, "loyal"),
    ];
    for (ending, name) in endings {
        let at = c.index.locate_field(name);
        c.translations(&ending.title, &format!("the `{name}` ending's title"), at, at);
        c.translations(&ending.epilogue, &format!("the `{name}` ending's epilogue"), at, at);
    }
}

fn check_promises(c: &mut Checker, s: &Scenario) {
    let mut seen = HashSet::new();
    for (i, p) in s.promises.iter().enumerate() {
        let nth = s.promises[..i].iter().filter(|q| q.id == p.id).count();
        let at = c.index.locate_keyed("id", &p.id, nth);
        if !seen.insert(p.id.as_str()) {
            c.error(at, format!("duplicate promise id `{}`", p.id));
        }
        if !(1..=MAX_EFFECT).contains(&p.value) {
            c.error(
                at,
                format!("promise `{}` has value {}: it must be 1–{MAX_EFFECT}", p.id, p.value),
            );
        }
        c.translations(&p.text, &format!("promise `{}`", p.id), at, at);
    }
}

/// Per-node checks. Returns false when references are broken, so the graph checks would mislead.
fn check_nodes(c: &mut Checker, s: &Scenario) -> bool {
    let ids: HashSet<&str> = s.nodes.iter().map(|n| n.id.as_str()).collect();
    let promise_ids: HashSet<&str> = s.promises.iter().map(|p| p.id.as_str()).collect();
    let mut ok = true;
    if s.nodes.is_empty() {
        c.error(c.index.locate_field("nodes"), "the scenario has no nodes".into());
        return false;
    }
    if !ids.contains(s.start.as_str()) {
        c.error(
            c.index.locate_keyed("start", &s.start, 0),
            format!("start node `{}` does not exist", s.start),
        );
        ok = false;
    }
    let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for node in &s.nodes {
        let nth = *seen.entry(node.id.as_str()).and_modify(|n| *n += 1).or_insert(0);
        let at = c.index.locate_keyed("id", &node.id, nth);
        if nth > 0 {
            c.error(at, format!("duplicate node id `{}`", node.id));
            ok = false;
        }
        if node.customer.is_empty() {
            c.error(at, format!("node `{}` has no customer line", node.id));
        }
        for (k, line) in node.customer.iter().enumerate() {
            c.translations(line, &format!("customer line {} of node `{}`", k + 1, node.id), at, at);
        }
        if let Some(narration) = &node.narration {
            c.translations(narration, &format!("the narration of node `{}`", node.id), at, at);
        }
        for (k, variant) in node.variants.iter().enumerate() {
            let what = format!("variant {} of node `{}`", k + 1, node.id);
            if variant.customer.is_empty() {
                c.error(at, format!("{what} has no customer line"));
            }
            if variant.when.is_empty() {
                c.warning(
                    at,
                    format!("{what} has no condition: it always replaces the node's own lines"),
                );
            }
            for line in &variant.customer {
                c.translations(line, &format!("a customer line of {what}"), at, at);
            }
            if let Some(narration) = &variant.narration {
                c.translations(narration, &format!("the narration of {what}"), at, at);
            }
            check_conditions(c, &promise_ids, &variant.when, &what, at);
        }
        match node.choices.len() {
            0 => {
                c.error(at, format!("node `{}` has no way out: it needs 2–4 choices", node.id));
                ok = false;
            }
            2..=4 => {}
            n => c.error(at, format!("node `{}` has {n} choices: the agent needs 2–4", node.id)),
        }
        for (k, choice) in node.choices.iter().enumerate() {
            ok &= check_choice(c, &ids, &promise_ids, &node.id, k, choice, at);
        }
    }
    ok
}

fn check_choice(
    c: &mut Checker,
    ids: &HashSet<&str>,
    promise_ids: &HashSet<&str>,
    node: &str,
    k: usize,
    choice: &Choice,
    node_at: Option<(usize, usize)>,
) -> bool {
    let label = format!("choice {} of node `{node}`", k + 1);
    let at = c.text_at(&choice.text, node_at, node_at);
    let mut ok = true;
    c.translations(&choice.text, &label, node_at, node_at);
    c.translations(&choice.feedback, &format!("the feedback of {label}"), at, at);
    if !(-MAX_EFFECT..=MAX_EFFECT).contains(&choice.effect) {
        let effect_at = c
            .index
            .locate_from(
                &format!("effect: {}", choice.effect),
                at.map_or(0, |p| c.index.offset(p)),
            )
            .or(at);
        c.error(
            effect_at,
            format!(
                "{label}: effect {} is out of range (-{MAX_EFFECT} to {MAX_EFFECT})",
                choice.effect
            ),
        );
    }
    if let Next::Node(target) = &choice.next
        && !ids.contains(target.as_str())
    {
        c.error(
            c.index.locate_keyed("Node", target, 0).or(at),
            format!("{label} leads to node `{target}`, which does not exist"),
        );
        ok = false;
    }
    let promise_refs = choice
        .promise
        .iter()
        .map(|p| ("promise", p))
        .chain(choice.keeps.iter().map(|p| ("keeps", p)))
        .chain(choice.breaks_promises.iter().map(|p| ("breaks_promises", p)));
    for (field, id) in promise_refs {
        if !promise_ids.contains(id.as_str()) {
            c.error(
                c.index.locate_keyed(field, id, 0).or(at),
                format!("{label}: `{field}` names promise `{id}`, which is not declared in `promises`"),
            );
        }
    }
    check_conditions(c, promise_ids, &choice.when, &label, at);
    if choice.applies.is_empty() && choice.breaks.is_empty() {
        c.warning(
            at,
            format!("{label} applies no principle and commits no anti-pattern: the debrief cannot explain it"),
        );
    }
    if choice.effect > 0 && choice.applies.is_empty() && !choice.breaks.is_empty() {
        c.warning(
            at,
            format!(
                "{label} deposits {} although it only commits anti-patterns",
                choice.effect
            ),
        );
    }
    if choice.rate_sincerity && choice.effect <= 0 {
        c.warning(
            c.index
                .locate_from("rate_sincerity", at.map_or(0, |p| c.index.offset(p)))
                .or(at),
            format!("{label} asks for a sincerity rating but deposits nothing: the rating cannot change anything"),
        );
    }
    if choice.effect < 0 && choice.breaks.is_empty() && !choice.applies.is_empty() {
        c.warning(
            at,
            format!(
                "{label} withdraws {} although it only applies principles",
                -choice.effect
            ),
        );
    }
    ok
}

/// Conditions name declared promises and balances on the scale.
fn check_conditions(
    c: &mut Checker,
    promise_ids: &HashSet<&str>,
    conditions: &[Condition],
    label: &str,
    at: Option<(usize, usize)>,
) {
    for condition in conditions {
        if let Some(id) = condition.promise()
            && !promise_ids.contains(id)
        {
            c.error(
                c.index
                    .locate_from(&format!("\"{id}\""), at.map_or(0, |p| c.index.offset(p)))
                    .or(at),
                format!("{label}: the condition `when` names promise `{id}`, which is not declared in `promises`"),
            );
        }
        if let Condition::BalanceAbove(v) | Condition::BalanceBelow(v) = condition
            && !(0..=MAX_BALANCE).contains(v)
        {
            c.error(
                at,
                format!("{label}: the condition on balance {v} is off the scale (0–{MAX_BALANCE})"),
            );
        }
    }
}

fn check_graph(c: &mut Checker, s: &Scenario) {
    let succ = graph::successors(s);
    let Some(start) = s.node_index(&s.start) else { return };
    if let Err(cycle) = graph::topological_order(&succ, start) {
        let names: Vec<&str> = cycle.iter().map(|&i| s.nodes[i].id.as_str()).collect();
        let at = c.index.locate_keyed("id", names[0], 0);
        c.error(
            at,
            format!(
                "the conversation loops: {} (a scene must always move forward)",
                names.join(" → ")
            ),
        );
        return;
    }
    let reach = graph::reachable(&succ, start);
    for (i, node) in s.nodes.iter().enumerate() {
        if !reach[i] {
            c.error(
                c.index.locate_keyed("id", &node.id, 0),
                format!("node `{}` is unreachable from the start node `{}`", node.id, s.start),
            );
        }
    }
    let analysis = analyze::analyze(s);
    for outcome in crate::account::Outcome::ALL {
        if analysis.reachable_outcomes.contains(&outcome) {
            continue;
        }
        let at = c.index.locate_field(outcome.code());
        let message = format!(
            "the `{}` ending cannot be reached: no path through the conversation ends with that outcome",
            outcome.code()
        );
        if analysis.exact {
            c.error(at, message);
        } else {
            c.warning(
                at,
                format!("{message} (checked approximately: too many paths to try them all)"),
            );
        }
    }
    for (i, stats) in analysis.nodes.iter().enumerate() {
        if reach[i] && stats.is_none() {
            let at = c.index.locate_keyed("id", &s.nodes[i].id, 0);
            c.warning(
                at,
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
            c.index.locate_keyed("id", id, 0),
            format!(
                "node `{id}` offers no choice on some path (arriving with balance {balance}): every choice's `when` fails there; give one choice no condition"
            ),
        );
    }
    if analysis.exact {
        check_offers(c, s, &analysis);
    }
    check_tells(c, s);
}

/// With every path explored: choices whose conditions never hold, and `keeps:` of promises that cannot
/// be open where the choice is offered.
fn check_offers(c: &mut Checker, s: &Scenario, analysis: &analyze::Analysis) {
    for (n, node) in s.nodes.iter().enumerate() {
        if analysis.nodes[n].is_none() {
            continue;
        }
        let node_at = c.index.locate_keyed("id", &node.id, 0);
        for (k, choice) in node.choices.iter().enumerate() {
            let label = format!("choice {} of node `{}`", k + 1, node.id);
            let at = c.text_at(&choice.text, node_at, node_at);
            let Some(open) = analysis.offered_with_open[n][k] else {
                c.warning(
                    at,
                    format!("{label} is never offered: its `when` never holds on any path"),
                );
                continue;
            };
            for id in &choice.keeps {
                let Some(p) = s.promises.iter().position(|q| &q.id == id) else {
                    continue;
                };
                if p < 64 && open & (1 << p) == 0 {
                    c.warning(
                        c.index.locate_keyed("keeps", id, 0).or(at),
                        format!("{label} keeps promise `{id}`, which cannot be open when this choice is offered: the keep never counts (add `when: [PromiseOpen(\"{id}\")]`, or make the promise earlier)"),
                    );
                }
            }
        }
    }
}

/// Warns when a trainee could score by length instead of by reading.
fn check_tells(c: &mut Checker, s: &Scenario) {
    let scenario = std::sync::Arc::new(s.clone());
    let tells = crate::tells::tells(&scenario);
    if tells.best_rank.is_a_tell() {
        c.warning(
            c.index.locate_field("nodes"),
            format!(
                "length is a tell: picking by length alone ({}) ends {} ({}); vary where the right answer falls among the lengths (sometimes shortest, sometimes in the middle, rarely longest)",
                tells.best_rank.strategy,
                tells.best_rank.outcome.code(),
                tells.best_rank.balance
            ),
        );
    }
    for (lang, tell) in [("Chinese", tells.zh), ("English", tells.en)] {
        if tell.is_a_tell() {
            c.warning(
                c.index.locate_field("nodes"),
                format!(
                    "length is a tell in {lang}: the longest line is the best at {} of {} nodes ({:.0} %, limit {:.0} %) and always picking the longest ends {} ({}); make some wrong answers long (excuses, interrogations, detailed over-promises) and some right answers short",
                    tell.longest_is_best,
                    tell.nodes,
                    tell.share() * 100.0,
                    crate::tells::LONGEST_IS_BEST_LIMIT * 100.0,
                    tell.always_longest.code(),
                    tell.always_longest_balance
                ),
            );
        }
    }
}
