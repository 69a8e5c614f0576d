//! A scenario laid out as the sheets a trainer edits: a row per choice (beside the node's customer lines), a
//! row per field of the case, per promise, per event and per ending text. No file format here.

use goodwill_engine::Scenario;
use goodwill_engine::schema::{Condition, Next, Node};
use goodwill_engine::text::Bilingual;

use super::book::{Col, Field, Grid, Sheet, Value, choice_columns, table_header};

/// A cell to write: text, or a number the spreadsheet keeps as a number.
#[derive(Debug, Clone, PartialEq)]
pub enum Out {
    Empty,
    Text(String),
    Int(i64),
}

impl Out {
    fn text(s: &str) -> Out {
        if s.is_empty() {
            Out::Empty
        } else {
            Out::Text(s.to_string())
        }
    }
}

/// One sheet to write.
#[derive(Debug, Clone)]
pub struct Table {
    pub sheet: Sheet,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Out>>,
}

/// Every sheet of a case, and what the drop-down lists offer.
#[derive(Debug, Clone)]
pub struct Book {
    pub tables: Vec<Table>,
    /// The choices sheet's columns, in order.
    pub columns: Vec<Col>,
    pub node_ids: Vec<String>,
    pub promise_ids: Vec<String>,
    pub event_ids: Vec<String>,
}

impl Book {
    pub fn table(&self, sheet: Sheet) -> &Table {
        self.tables
            .iter()
            .find(|t| t.sheet == sheet)
            .expect("every sheet is laid out")
    }

    /// The sheets as a reader would find them in the file (for the check that nothing is lost).
    pub fn as_read(&self) -> Vec<Grid> {
        self.tables
            .iter()
            .map(|t| {
                let mut rows = vec![t.header.iter().map(|h| Value::Text(h.clone())).collect()];
                rows.extend(t.rows.iter().map(|r| {
                    r.iter()
                        .map(|c| match c {
                            Out::Empty => Value::Empty,
                            Out::Text(s) => Value::Text(s.clone()),
                            Out::Int(n) => Value::Number(*n as f64),
                        })
                        .collect()
                }));
                Grid {
                    sheet: t.sheet,
                    rows,
                    lines: Vec::new(),
                }
            })
            .collect()
    }
}

/// `PromiseOpen(call-by-two); BalanceAbove(40)`: conditions as a cell holds them.
pub fn conditions(list: &[Condition]) -> String {
    list.iter()
        .map(|c| match c {
            Condition::PromiseOpen(id) => format!("PromiseOpen({id})"),
            Condition::PromiseKept(id) => format!("PromiseKept({id})"),
            Condition::PromiseBroken(id) => format!("PromiseBroken({id})"),
            Condition::PromiseNotMade(id) => format!("PromiseNotMade({id})"),
            Condition::BalanceAbove(v) => format!("BalanceAbove({v})"),
            Condition::BalanceBelow(v) => format!("BalanceBelow({v})"),
            Condition::Happened(id) => format!("Happened({id})"),
            Condition::NotHappened(id) => format!("NotHappened({id})"),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Items of a list cell, separated by semicolons.
pub fn list(items: &[String]) -> Out {
    Out::text(&items.join("; "))
}

/// The cell for a yes/no value: "是" for yes, "否" for an explicit no, empty for "not said".
pub fn yes_no(value: Option<bool>) -> Out {
    match value {
        Some(true) => Out::Text("是".into()),
        Some(false) => Out::Text("否".into()),
        None => Out::Empty,
    }
}

/// How an ending is named in its column.
pub fn ending_name(index: usize) -> &'static str {
    [
        "失去客户 Lost",
        "问题解决 Resolved",
        "留住客户 Retained",
        "忠诚客户 Loyal",
    ][index]
}

/// One customer line slot of a node: the condition of its group (empty for the node's own lines), the
/// group's narration on its first slot, and one wording.
struct LineSlot {
    when: String,
    narration: Option<Bilingual>,
    customer: Option<Bilingual>,
}

fn line_slots(node: &Node) -> Vec<LineSlot> {
    let mut slots = Vec::new();
    let mut group = |when: String, narration: &Option<Bilingual>, lines: &[Bilingual]| {
        if lines.is_empty() {
            slots.push(LineSlot {
                when,
                narration: narration.clone(),
                customer: None,
            });
            return;
        }
        for (k, line) in lines.iter().enumerate() {
            slots.push(LineSlot {
                when: when.clone(),
                narration: if k == 0 { narration.clone() } else { None },
                customer: Some(line.clone()),
            });
        }
    };
    group(String::new(), &node.narration, &node.customer);
    for variant in &node.variants {
        group(conditions(&variant.when), &variant.narration, &variant.customer);
    }
    slots
}

/// The whole case as sheets. `comment` is the text of the comment lines above `Scenario(` in its file.
pub fn book(s: &Scenario, comment: &str) -> Book {
    let applies = s
        .nodes
        .iter()
        .flat_map(|n| &n.choices)
        .map(|c| c.applies.len())
        .max()
        .unwrap_or(0);
    let breaks = s
        .nodes
        .iter()
        .flat_map(|n| &n.choices)
        .map(|c| c.breaks.len())
        .max()
        .unwrap_or(0);
    let columns = choice_columns(applies, breaks);
    let mut choice_rows = Vec::new();
    for node in &s.nodes {
        let slots = line_slots(node);
        for k in 0..slots.len().max(node.choices.len()).max(1) {
            let slot = slots.get(k);
            let choice = node.choices.get(k);
            let row = columns
                .iter()
                .map(|col| {
                    let narration = || slot.and_then(|s| s.narration.as_ref());
                    let customer = || slot.and_then(|s| s.customer.as_ref());
                    match col {
                        Col::Node => Out::text(&node.id),
                        Col::LineWhen => slot.map_or(Out::Empty, |s| Out::text(&s.when)),
                        Col::NarrationZh => narration().map_or(Out::Empty, |b| Out::text(&b.zh)),
                        Col::NarrationEn => narration().map_or(Out::Empty, |b| Out::text(&b.en)),
                        Col::CustomerZh => customer().map_or(Out::Empty, |b| Out::text(&b.zh)),
                        Col::CustomerEn => customer().map_or(Out::Empty, |b| Out::text(&b.en)),
                        _ => match choice {
                            None => Out::Empty,
                            Some(c) => match col {
                                Col::AnswerZh => Out::text(&c.text.zh),
                                Col::AnswerEn => Out::text(&c.text.en),
                                Col::Effect => Out::Int(i64::from(c.effect)),
                                Col::Applies(n) => {
                                    c.applies.get(n - 1).map_or(Out::Empty, |p| Out::Text(format!("{p:?}")))
                                }
                                Col::Breaks(n) => {
                                    c.breaks.get(n - 1).map_or(Out::Empty, |a| Out::Text(format!("{a:?}")))
                                }
                                Col::Next => Out::Text(match &c.next {
                                    Next::Node(id) => id.clone(),
                                    Next::End => "End".into(),
                                }),
                                Col::Promise => c.promise.as_deref().map_or(Out::Empty, Out::text),
                                Col::Keeps => list(&c.keeps),
                                Col::BreaksPromises => list(&c.breaks_promises),
                                Col::Marks => list(&c.marks),
                                Col::When => Out::text(&conditions(&c.when)),
                                Col::Sincerity => yes_no(c.rate_sincerity.then_some(true)),
                                Col::FeedbackZh => Out::text(&c.feedback.zh),
                                Col::FeedbackEn => Out::text(&c.feedback.en),
                                Col::Cites => c.cites.map_or(Out::Empty, |d| Out::Text(format!("{d:?}"))),
                                _ => Out::Empty,
                            },
                        },
                    }
                })
                .collect();
            choice_rows.push(row);
        }
    }

    let mut case_rows = Vec::new();
    for field in Field::ALL {
        let both = |b: &Bilingual| (Out::text(&b.zh), Out::text(&b.en));
        let one = |o: Out| (o, Out::Empty);
        let card = s.role_card.as_ref();
        let (b, c) = match field {
            Field::Comment => one(Out::text(comment)),
            Field::Id => one(Out::text(&s.id)),
            Field::Version => one(Out::Int(i64::from(s.version))),
            Field::Title => both(&s.title),
            Field::Setting => both(&s.setting),
            Field::Source => one(Out::Text(format!("{:?}", s.source))),
            Field::Difficulty => one(Out::Text(format!("{:?}", s.difficulty))),
            Field::Agent => both(&s.agent),
            Field::CustomerName => both(&s.customer.name),
            Field::Persona => both(&s.customer.persona),
            Field::StartingBalance => one(Out::Int(i64::from(s.customer.starting_balance))),
            Field::Temper => one(Out::Int(i64::from(s.customer.temper))),
            Field::Sex => one(s.customer.sex.map_or(Out::Empty, |v| Out::Text(format!("{v:?}")))),
            Field::Age => one(s.customer.age.map_or(Out::Empty, |v| Out::Text(format!("{v:?}")))),
            Field::Glasses => one(yes_no(s.customer.glasses)),
            Field::Start => one(Out::text(&s.start)),
            Field::PairWith => one(s.pair_with.as_deref().map_or(Out::Empty, Out::text)),
            Field::RoleHappened => card.map_or((Out::Empty, Out::Empty), |r| both(&r.happened)),
            Field::RoleWants => card.map_or((Out::Empty, Out::Empty), |r| both(&r.wants)),
            Field::RoleUpset => card.map_or((Out::Empty, Out::Empty), |r| both(&r.upset)),
            Field::Reflection1 => s.reflection.first().map_or((Out::Empty, Out::Empty), both),
            Field::Reflection2 => s.reflection.get(1).map_or((Out::Empty, Out::Empty), both),
        };
        case_rows.push(vec![Out::Text(field.label().into()), b, c]);
    }

    let promise_rows = s
        .promises
        .iter()
        .map(|p| {
            vec![
                Out::text(&p.id),
                Out::text(&p.text.zh),
                Out::text(&p.text.en),
                Out::Int(i64::from(p.value)),
                list(&p.words),
                list(&p.not_words),
            ]
        })
        .collect();
    let event_rows = s
        .events
        .iter()
        .map(|e| {
            vec![
                Out::text(&e.id),
                Out::text(&e.text.zh),
                Out::text(&e.text.en),
                list(&e.words),
                list(&e.not_words),
            ]
        })
        .collect();
    let mut ending_rows = Vec::new();
    let e = &s.endings;
    for (k, ending) in [&e.lost, &e.resolved, &e.retained, &e.loyal].into_iter().enumerate() {
        let name = Out::Text(ending_name(k).into());
        ending_rows.push(vec![
            name.clone(),
            Out::Empty,
            Out::text(&ending.title.zh),
            Out::text(&ending.title.en),
            Out::text(&ending.epilogue.zh),
            Out::text(&ending.epilogue.en),
        ]);
        for v in &ending.variants {
            ending_rows.push(vec![
                name.clone(),
                Out::text(&conditions(&v.when)),
                v.title.as_ref().map_or(Out::Empty, |t| Out::text(&t.zh)),
                v.title.as_ref().map_or(Out::Empty, |t| Out::text(&t.en)),
                Out::text(&v.epilogue.zh),
                Out::text(&v.epilogue.en),
            ]);
        }
    }

    let header = |sheet: Sheet| table_header(sheet).iter().map(|h| h.to_string()).collect();
    Book {
        tables: vec![
            Table {
                sheet: Sheet::Choices,
                header: columns.iter().map(|c| c.header()).collect(),
                rows: choice_rows,
            },
            Table {
                sheet: Sheet::Case,
                header: header(Sheet::Case),
                rows: case_rows,
            },
            Table {
                sheet: Sheet::Promises,
                header: header(Sheet::Promises),
                rows: promise_rows,
            },
            Table {
                sheet: Sheet::Events,
                header: header(Sheet::Events),
                rows: event_rows,
            },
            Table {
                sheet: Sheet::Endings,
                header: header(Sheet::Endings),
                rows: ending_rows,
            },
        ],
        columns,
        node_ids: s.nodes.iter().map(|n| n.id.clone()).collect(),
        promise_ids: s.promises.iter().map(|p| p.id.clone()).collect(),
        event_ids: s.events.iter().map(|e| e.id.clone()).collect(),
    }
}
