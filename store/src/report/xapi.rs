//! xAPI 1.0.3 statements (JSON array) for a learning record store: per finished attempt one `completed`
//! statement with the final balance as the score (the outcome and the accuracy are result extensions),
//! and per decision one `responded` statement (with the decision's loss and class when reviewed); per answer
//! to a reflection question one more `responded`, the trainee's text as its `response`.
//!
//! Statement ids are UUID v5 derived from the attempt id, so exporting twice yields the same ids and an
//! LRS keeps one copy. Identifiers live under [`ACTIVITY_BASE`]; trainees are accounts on
//! [`ACCOUNT_HOME_PAGE`] (Goodwill has no e-mail addresses, and must not invent them).
//!
//! A class vote is the class's attempt: its own statements (`responded` per step, `completed`) have the
//! class as their actor, an identified Group (an account on [`CLASS_HOME_PAGE`], so it never merges with a
//! trainee of the same name). Each trainee's vote is one more `responded` statement by that trainee at the
//! step's node, its `response` the choice voted for. It points at the class's decision with
//! `context.statement`, a StatementRef to the class's `responded` statement at that step — xAPI's way to
//! say "this statement happened in the context of that one", and the only one that names the exact class
//! decision (step and choice played): `contextActivities` can name only activities, and the class and the
//! case are already there (`grouping`, `parent`), the same as on every other statement. `registration` is
//! the class attempt's id on all of them, so an LRS gathers the whole class vote by it. A voter not on the
//! class's roster (an anonymous seat, "匿名 1") is an account scoped to the class
//! (`…/classes/<class>/seats`), so "Guest 1" of one class is never "Guest 1" of another, nor a trainee.

use goodwill_engine::{Bilingual, Outcome};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::{Value, json};
use uuid::Uuid;

use std::collections::BTreeMap;
use std::io::Write;

use super::ReportData;
use crate::clock::{iso_duration, rfc3339};
use crate::records::{Attempt, ClassSession, Decision, ExportedAttempt};
use crate::reflection::Reflection;
use crate::votes::Vote;

/// Root of every activity IRI in the statements.
pub const ACTIVITY_BASE: &str = "https://goodwill.example.org/xapi/";
/// The `homePage` of trainee accounts.
pub const ACCOUNT_HOME_PAGE: &str = "https://goodwill.example.org/trainees";
/// The `homePage` of class accounts: the actor of a class vote's own statements.
pub const CLASS_HOME_PAGE: &str = "https://goodwill.example.org/classes";

const VERB_COMPLETED: &str = "http://adlnet.gov/expapi/verbs/completed";
const VERB_RESPONDED: &str = "http://adlnet.gov/expapi/verbs/responded";
const SIMULATION: &str = "http://adlnet.gov/expapi/activities/simulation";
const INTERACTION: &str = "http://adlnet.gov/expapi/activities/cmi.interaction";
/// Lowest balance the model can reach (a full withdrawal with the largest interest from zero).
const MIN_BALANCE: i32 = -200;

/// Everything but RFC 3986's unreserved characters (letters, digits, `-._~`).
const RESERVED: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Percent-encodes (UTF-8) everything but the unreserved characters, so any name fits in an IRI path.
fn encode(segment: &str) -> String {
    utf8_percent_encode(segment, RESERVED).to_string()
}

fn statement_id(attempt: &Attempt, what: &str) -> String {
    let namespace = Uuid::new_v5(&Uuid::NAMESPACE_URL, ACTIVITY_BASE.as_bytes());
    Uuid::new_v5(&namespace, format!("{}:{what}", attempt.id).as_bytes()).to_string()
}

fn lang_map(text: &Bilingual) -> Value {
    json!({ "zh-CN": text.zh, "en-US": text.en })
}

fn actor(data: &Context, name: &str) -> Value {
    json!({
        "objectType": "Agent",
        "name": name,
        "account": { "homePage": data.home_page, "name": name },
    })
}

/// The extension of a `completed` statement that carries the attempt itself (see [`AttemptRecord`]).
pub const RECORD_EXTENSION: &str = "https://goodwill.example.org/xapi/ext/goodwill-record";

/// What a `completed` statement carries so that `goodwill lrs pull` can rebuild the attempt exactly and
/// put it through the checks an import applies: the attempt in its export form, and its class session.
/// It travels as JSON *text* inside the extension, so no LRS can round a 64-bit seed or reorder anything.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct AttemptRecord {
    /// The export file's format name and version, so a newer record is told apart.
    pub format: String,
    pub version: u32,
    pub class: Option<ClassSession>,
    pub attempt: ExportedAttempt,
}

/// What every statement of one class's report shares: the class with its roster, the scenarios' titles
/// and the `homePage` of trainee accounts.
pub(crate) struct Context<'a> {
    /// The class session, when the attempt has one: its grouping activity, and its trainees (a voter among
    /// them is that trainee's account; any other voter is an anonymous seat of this class).
    pub class: Option<&'a ClassSession>,
    pub titles: &'a BTreeMap<String, Bilingual>,
    pub home_page: &'a str,
}

impl Context<'_> {
    fn class_name(&self) -> &str {
        self.class.map(|c| c.name.as_str()).unwrap_or_default()
    }
}

/// Who made an attempt's own statements: the trainee, or for a class vote the class as a Group.
fn attempt_actor(data: &Context, attempt: &Attempt) -> Value {
    if attempt.is_class_vote() {
        let class = attempt.class.as_deref().unwrap_or(&attempt.profile);
        json!({
            "objectType": "Group",
            "name": class,
            "account": { "homePage": CLASS_HOME_PAGE, "name": class },
        })
    } else {
        actor(data, &attempt.profile)
    }
}

/// A class vote's voter: a trainee of the class's roster, or an anonymous seat of this class.
fn voter(data: &Context, name: &str) -> Value {
    if data.class.is_some_and(|c| c.trainees.iter().any(|t| t == name)) {
        return actor(data, name);
    }
    json!({
        "objectType": "Agent",
        "name": name,
        "account": { "homePage": format!("{CLASS_HOME_PAGE}/{}/seats", encode(data.class_name())), "name": name },
    })
}

fn scenario_activity(data: &Context, attempt: &Attempt) -> Value {
    let title = data
        .titles
        .get(&attempt.scenario)
        .cloned()
        .unwrap_or_else(|| Bilingual::new(attempt.scenario.clone(), attempt.scenario.clone()));
    json!({
        "objectType": "Activity",
        "id": format!("{ACTIVITY_BASE}scenarios/{}", encode(&attempt.scenario)),
        "definition": { "name": lang_map(&title), "type": SIMULATION },
    })
}

fn context(data: &Context, attempt: &Attempt, parent: Option<Value>) -> Value {
    // A class's statements are gathered by its grouping activity (`goodwill lrs pull` reads them back by
    // it); an attempt outside any class session has none.
    let mut activities = json!({});
    if let Some(class) = data.class {
        activities["grouping"] = json!([{
            "objectType": "Activity",
            "id": class_activity(&class.name),
            "definition": { "name": { "und": class.name } },
        }]);
    }
    if let Some(parent) = parent {
        activities["parent"] = json!([parent]);
    }
    let mut extensions = json!({
        format!("{ACTIVITY_BASE}ext/seed"): attempt.seed.to_string(),
        format!("{ACTIVITY_BASE}ext/scenario-version"): attempt.scenario_version,
        format!("{ACTIVITY_BASE}ext/mode"): attempt.mode.code(),
    });
    if let Some(customer) = &attempt.customer_player {
        extensions[format!("{ACTIVITY_BASE}ext/customer-player")] = json!(customer);
    }
    json!({
        // The attempt id is a UUID v4: exactly what `registration` is for.
        "registration": attempt.id,
        "platform": "Goodwill",
        "contextActivities": activities,
        "extensions": extensions,
    })
}

/// The IRI of class session `class`'s grouping activity.
pub fn class_activity(class: &str) -> String {
    format!("{ACTIVITY_BASE}classes/{}", encode(class))
}

fn completed(data: &Context, exported: &ExportedAttempt) -> Value {
    let (attempt, decisions) = (&exported.attempt, exported.decisions.as_slice());
    let balance = attempt.final_balance.unwrap_or(0).clamp(MIN_BALANCE, 100);
    let success = attempt.outcome.is_some_and(|o| o >= Outcome::Retained);
    let mut result = json!({
        "score": {
            "scaled": (f64::from(balance) / 100.0).clamp(-1.0, 1.0),
            "raw": balance,
            "min": MIN_BALANCE,
            "max": 100,
        },
        "success": success,
        "completion": true,
        "duration": iso_duration(decisions.iter().fold(0, |total, d| total.saturating_add(d.time_taken_ms))),
    });
    if let Some(outcome) = attempt.outcome {
        result["extensions"] = json!({ format!("{ACTIVITY_BASE}ext/outcome"): outcome.code() });
    }
    // The balance stays the score; accuracy (0–100, the trainee's judgement) rides beside it, and is left
    // out when unknown rather than reported as 0.
    if let Some(accuracy) = attempt.accuracy {
        result["extensions"][format!("{ACTIVITY_BASE}ext/accuracy")] = json!(accuracy);
    }
    let record = AttemptRecord {
        format: crate::records::FORMAT.to_owned(),
        version: crate::records::FORMAT_VERSION,
        class: data.class.cloned(),
        attempt: exported.clone(),
    };
    // Serialising plain records cannot fail; an empty text would be refused by `pull`, never mistaken.
    result["extensions"][RECORD_EXTENSION] = json!(serde_json::to_string(&record).unwrap_or_default());
    json!({
        "id": statement_id(attempt, "completed"),
        "actor": attempt_actor(data, attempt),
        "verb": { "id": VERB_COMPLETED, "display": { "en-US": "completed", "zh-CN": "完成" } },
        "object": scenario_activity(data, attempt),
        "result": result,
        "context": context(data, attempt, None),
        "timestamp": rfc3339(attempt.finished_at.unwrap_or(attempt.started_at)),
    })
}

/// The node a decision was made at, with its question, the answer played and the options shown: the
/// object of the decision's `responded` statement and of every vote at it.
fn node_activity(attempt: &Attempt, decision: &Decision) -> Value {
    let node = format!(
        "{ACTIVITY_BASE}scenarios/{}/nodes/{}",
        encode(&attempt.scenario),
        encode(&decision.node)
    );
    let step = &decision.transcript.step;
    let mut definition = json!({
        "name": lang_map(&decision.transcript.customer),
        "description": lang_map(&step.text),
        "type": INTERACTION,
        "interactionType": "choice",
    });
    // The options in the order the trainee saw them; ids are the choices' numbers in the file (their
    // identity, as in `response`), so the order shown never changes what an id means.
    let options = &decision.transcript.options;
    if !options.is_empty() && options.len() == step.shown.len() {
        definition["choices"] = Value::Array(
            step.shown
                .iter()
                .zip(options)
                .map(|(index, option)| {
                    json!({ "id": index.saturating_add(1).to_string(), "description": lang_map(&option.text) })
                })
                .collect(),
        );
    }
    json!({
        "objectType": "Activity",
        "id": node,
        "definition": definition,
    })
}

/// The id of the statement of `decision` itself (a class vote's votes point at it).
fn step_statement_id(attempt: &Attempt, decision: &Decision) -> String {
    statement_id(attempt, &format!("step-{}", decision.step))
}

/// One trainee's vote at a class vote's step: `responded` by the voter, with the class's decision at that
/// step as its context (`context.statement`, see the module docs).
fn vote_statement(data: &Context, attempt: &Attempt, decision: &Decision, vote: &Vote, best: &[usize]) -> Value {
    let mut context = context(data, attempt, Some(scenario_activity(data, attempt)));
    context["statement"] = json!({
        "objectType": "StatementRef",
        "id": step_statement_id(attempt, decision),
    });
    let mut result = json!({
        "response": vote.choice.saturating_add(1).to_string(),
        "extensions": {
            // What the class played at this step, beside what this trainee voted for.
            format!("{ACTIVITY_BASE}ext/class-response"): decision.choice.saturating_add(1).to_string(),
        },
    });
    if !best.is_empty() {
        result["extensions"][format!("{ACTIVITY_BASE}ext/best-answer")] = json!(best.contains(&vote.choice));
    }
    json!({
        // Unique per step and voter: one vote per voter per step.
        "id": statement_id(attempt, &format!("step-{}-vote:{}", decision.step, vote.voter)),
        "actor": voter(data, &vote.voter),
        "verb": { "id": VERB_RESPONDED, "display": { "en-US": "responded", "zh-CN": "回应" } },
        "object": node_activity(attempt, decision),
        "result": result,
        "context": context,
        "timestamp": rfc3339(decision.decided_at),
    })
}

fn responded(data: &Context, attempt: &Attempt, decision: &Decision) -> Value {
    let mut result = json!({
        "response": decision.choice.saturating_add(1).to_string(),
        "duration": iso_duration(decision.time_taken_ms),
        "extensions": {
            format!("{ACTIVITY_BASE}ext/balance-after"): decision.balance_after,
            format!("{ACTIVITY_BASE}ext/delta"): decision.delta,
        },
    });
    if let Some(review) = decision.transcript.step.review {
        result["extensions"][format!("{ACTIVITY_BASE}ext/loss")] = json!(review.loss);
        result["extensions"][format!("{ACTIVITY_BASE}ext/decision-class")] = json!(review.class.code());
    }
    if let Some(rating) = decision.sincerity {
        result["extensions"][format!("{ACTIVITY_BASE}ext/sincerity")] = json!(rating);
    }
    let step = &decision.transcript.step;
    if let Some(position) = step.shown_position() {
        result["extensions"][format!("{ACTIVITY_BASE}ext/shown-position")] = json!(position.saturating_add(1));
    }
    if attempt.is_class_vote() {
        // The class's split at this step: choice number (as in `response`) → votes, every choice shown.
        let split: serde_json::Map<String, Value> = decision
            .vote_split()
            .counts
            .iter()
            .map(|(choice, n)| (choice.saturating_add(1).to_string(), json!(n)))
            .collect();
        result["extensions"][format!("{ACTIVITY_BASE}ext/vote-split")] = Value::Object(split);
    }
    json!({
        "id": step_statement_id(attempt, decision),
        "actor": attempt_actor(data, attempt),
        "verb": { "id": VERB_RESPONDED, "display": { "en-US": "responded", "zh-CN": "回应" } },
        "object": node_activity(attempt, decision),
        "result": result,
        "context": context(data, attempt, Some(scenario_activity(data, attempt))),
        "timestamp": rfc3339(decision.decided_at),
    })
}

/// A trainee's answer to a reflection question: `responded` to the question (a long fill-in interaction
/// under the case), the answer as the `response`. Its id follows from the attempt, the question and the
/// time it was answered: exported twice it is one statement; an answer rewritten later is a new one.
pub(crate) fn reflected(data: &Context, attempt: &Attempt, reflection: &Reflection) -> Value {
    json!({
        "id": statement_id(attempt, &format!("reflection:{}:{}", reflection.question, reflection.answered_at)),
        "actor": attempt_actor(data, attempt),
        "verb": { "id": VERB_RESPONDED, "display": { "en-US": "responded", "zh-CN": "回应" } },
        "object": {
            "objectType": "Activity",
            "id": format!("{ACTIVITY_BASE}scenarios/{}/reflection/{}", encode(&attempt.scenario), reflection.question),
            "definition": {
                "name": lang_map(&reflection.asked),
                "description": lang_map(&reflection.asked),
                "type": INTERACTION,
                "interactionType": "long-fill-in",
            },
        },
        "result": { "response": reflection.answer },
        "context": context(data, attempt, Some(scenario_activity(data, attempt))),
        "timestamp": rfc3339(reflection.answered_at),
    })
}

/// The statements of one finished attempt, handed to `each` in order: one `responded` per decision (in a
/// class vote followed by one `responded` per vote at it), then `completed`. The one builder of the
/// report and of the LRS outbox.
pub(crate) fn attempt_statements<E>(
    data: &Context,
    exported: &ExportedAttempt,
    mut each: impl FnMut(Value) -> Result<(), E>,
) -> Result<(), E> {
    let attempt = &exported.attempt;
    for decision in &exported.decisions {
        each(responded(data, attempt, decision))?;
        let best = decision.vote_split().best;
        for vote in &decision.votes {
            each(vote_statement(data, attempt, decision, vote, &best))?;
        }
    }
    each(completed(data, exported))
}

/// Writes a JSON array one statement at a time, pretty-printed as `serde_json` prints a whole array, so
/// a class of any size is written in the memory of one attempt.
pub(crate) struct StatementWriter<W: Write> {
    out: W,
    written: usize,
}

impl<W: Write> StatementWriter<W> {
    pub(crate) fn new(out: W) -> Self {
        StatementWriter { out, written: 0 }
    }

    /// The statements of one finished attempt, as [`attempt_statements`] makes them.
    pub(crate) fn attempt(&mut self, data: &Context, exported: &ExportedAttempt) -> std::io::Result<()> {
        attempt_statements(data, exported, |statement| self.push(&statement))
    }

    /// A trainee's answers to the case's reflection questions, each a `responded` after the attempt's own
    /// statements (they are written after it finished: the LRS outbox queues each when it is saved).
    pub(crate) fn reflections(
        &mut self,
        data: &Context,
        attempt: &Attempt,
        reflections: &[Reflection],
    ) -> std::io::Result<()> {
        for reflection in reflections {
            self.push(&reflected(data, attempt, reflection))?;
        }
        Ok(())
    }

    fn push(&mut self, statement: &Value) -> std::io::Result<()> {
        let text = serde_json::to_string_pretty(statement).map_err(std::io::Error::other)?;
        self.out.write_all(if self.written == 0 { b"[\n" } else { b",\n" })?;
        for (i, line) in text.lines().enumerate() {
            if i > 0 {
                self.out.write_all(b"\n")?;
            }
            self.out.write_all(b"  ")?;
            self.out.write_all(line.as_bytes())?;
        }
        self.written += 1;
        Ok(())
    }

    /// Closes the array and hands back the writer.
    pub(crate) fn finish(mut self) -> std::io::Result<W> {
        self.out.write_all(if self.written == 0 { b"[]" } else { b"\n]" })?;
        Ok(self.out)
    }
}

/// Every statement for the class session, as a pretty-printed JSON array.
pub(super) fn render(data: &ReportData, home_page: &str) -> Vec<u8> {
    let context = Context {
        class: Some(data.class()),
        titles: &data.titles,
        home_page,
    };
    let mut writer = StatementWriter::new(Vec::new());
    for attempt in &data.attempts {
        let exported = ExportedAttempt {
            attempt: attempt.clone(),
            decisions: data.decisions.get(&attempt.id).cloned().unwrap_or_default(),
            observer_marks: data.observer_marks.get(&attempt.id).cloned().unwrap_or_default(),
            // As the outbox built them when the attempt finished (see `outbox.rs`).
            reflections: Vec::new(),
            plan: None,
        };
        // Writing into memory cannot fail.
        let _ = writer.attempt(&context, &exported);
        let reflections = data.reflections.get(&attempt.id).map(Vec::as_slice).unwrap_or_default();
        let _ = writer.reflections(&context, &exported.attempt, reflections);
    }
    writer.finish().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_are_written_as_serde_json_prints_the_whole_array() {
        for count in [0usize, 1, 3] {
            let values: Vec<Value> = (0..count)
                .map(|i| json!({ "id": i, "nested": { "a": [1, 2] } }))
                .collect();
            let mut writer = StatementWriter::new(Vec::new());
            for v in &values {
                writer.push(v).unwrap();
            }
            let streamed = writer.finish().unwrap();
            assert_eq!(
                String::from_utf8(streamed).unwrap(),
                serde_json::to_string_pretty(&Value::Array(values)).unwrap()
            );
        }
    }

    #[test]
    fn names_are_percent_encoded_except_unreserved_characters() {
        assert_eq!(encode("spilled-soup_v1.2~x"), "spilled-soup_v1.2~x");
        assert_eq!(encode("Class <b>7</b> 李"), "Class%20%3Cb%3E7%3C%2Fb%3E%20%E6%9D%8E");
    }
}
