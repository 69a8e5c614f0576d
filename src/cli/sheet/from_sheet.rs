//! The sheets read back into a scenario. Every value keeps the cell it came from (keyed by its place in
//! the scenario, `nodes.3.choices.1.effect`), so the game's own checks, which speak of places in the
//! scenario, can name the cell. What only the sheet can get wrong (a word where a number belongs, a tag
//! that does not exist, a next node nobody wrote) is said here, in a trainer's words. The case, promises,
//! events and endings sheets are read here; the choices sheet in `read_choices`.

use std::collections::HashMap;

use goodwill_engine::schema::{
    Age, Condition, Customer, Difficulty, Ending, EndingVariant, Endings, EventDef, PromiseDef, RoleCard, Sex,
};
use goodwill_engine::text::Bilingual;
use goodwill_engine::{Scenario, Source};

use super::book::{Field, Grid, Place, Problem, Sheet, Value, header_matches, table_header};
use super::parse::{did_you_mean, ending_index, parse_condition, split_list, yes_no};

/// What the sheets say: the scenario (when every cell could be read), where each value came from, the
/// file comment, and every problem found.
pub struct Imported {
    pub scenario: Option<Scenario>,
    /// `nodes.3.choices.1.effect` → its cell.
    pub origins: HashMap<String, Place>,
    pub comment: String,
    pub problems: Vec<Problem>,
}

/// Reads the sheets of a case.
pub fn scenario(grids: &[Grid]) -> Imported {
    let mut r = Reader {
        origins: HashMap::new(),
        problems: Vec::new(),
    };
    let grid = |sheet: Sheet| grids.iter().find(|g| g.sheet == sheet);
    let empty = |sheet: Sheet| Grid {
        sheet,
        rows: Vec::new(),
        lines: Vec::new(),
    };
    let (promises_grid, events_grid) = (
        grid(Sheet::Promises).cloned().unwrap_or_else(|| empty(Sheet::Promises)),
        grid(Sheet::Events).cloned().unwrap_or_else(|| empty(Sheet::Events)),
    );
    let promises = r.promises(&promises_grid);
    let events = r.events(&events_grid);
    let ids = Known {
        promises: promises.iter().map(|p| p.id.clone()).collect(),
        events: events.iter().map(|e| e.id.clone()).collect(),
        nodes: Vec::new(),
    };
    let mut missing = false;
    for sheet in [Sheet::Choices, Sheet::Case, Sheet::Endings] {
        if grid(sheet).is_none() {
            r.problems.push(Problem::in_sheet(
                sheet,
                format!(
                    "没有这张工作表。请从 `goodwill sheet export` 导出的文件开始编辑。 The sheet `{}` is missing: start from a file written by `goodwill sheet export`.",
                    sheet.name()
                ),
            ));
            missing = true;
        }
    }
    if missing {
        return r.finish(None, String::new());
    }
    let (choices, case, endings) = (
        grid(Sheet::Choices).expect("checked"),
        grid(Sheet::Case).expect("checked"),
        grid(Sheet::Endings).expect("checked"),
    );
    let mut ids = ids;
    let nodes = r.nodes(choices, &mut ids);
    let endings = r.endings(endings, &ids);
    let header = r.case(case, &ids);
    let comment = header.as_ref().map(|h| h.comment.clone()).unwrap_or_default();
    let scenario = match (header, nodes, endings) {
        (Some(h), Some(nodes), Some(endings)) if !r.problems.iter().any(|p| p.error) => Some(Scenario {
            id: h.id,
            version: h.version,
            title: h.title,
            setting: h.setting,
            source: h.source,
            difficulty: h.difficulty,
            customer: h.customer,
            agent: h.agent,
            promises,
            events,
            start: h.start,
            nodes,
            endings,
            role_card: h.role_card,
            pair_with: h.pair_with,
            reflection: h.reflection,
        }),
        _ => None,
    };
    r.finish(scenario, comment)
}

/// Ids the sheets declare, for the references to them.
pub(super) struct Known {
    pub(super) promises: Vec<String>,
    pub(super) events: Vec<String>,
    pub(super) nodes: Vec<String>,
}

pub(super) struct Reader {
    pub(super) origins: HashMap<String, Place>,
    pub(super) problems: Vec<Problem>,
}

/// The case sheet's fields, read.
struct Header {
    comment: String,
    id: String,
    version: u32,
    title: Bilingual,
    setting: Bilingual,
    source: Source,
    difficulty: Difficulty,
    agent: Bilingual,
    customer: Customer,
    start: String,
    pair_with: Option<String>,
    role_card: Option<RoleCard>,
    reflection: Vec<Bilingual>,
}

/// The column of each header cell of a sheet read by column name; `None` for a column Goodwill does not
/// know (its cells are ignored, with a warning).
fn header_columns(grid: &Grid, r: &mut Reader) -> Vec<Option<usize>> {
    let known = table_header(grid.sheet);
    let Some(first) = grid.rows.first() else {
        return Vec::new();
    };
    first
        .iter()
        .enumerate()
        .map(|(col, cell)| {
            let text = cell.text();
            if text.is_empty() {
                return None;
            }
            let found = known.iter().position(|h| header_matches(h, &text));
            if found.is_none() {
                r.warn(
                    Place::new(grid, 0, col, text.clone()),
                    format!(
                        "Goodwill 不认识这一列，其中的内容不会导入。 A column Goodwill does not know: what it holds is not imported (the columns are: {}).",
                        known.join("、")
                    ),
                );
            }
            found
        })
        .collect()
}

/// The 0-based column of each known header, from [`header_columns`].
fn column_of(columns: &[Option<usize>], index: usize) -> Option<usize> {
    columns.iter().position(|c| *c == Some(index))
}

impl Reader {
    fn finish(self, scenario: Option<Scenario>, comment: String) -> Imported {
        Imported {
            scenario,
            origins: self.origins,
            comment,
            problems: self.problems,
        }
    }

    pub(super) fn error(&mut self, at: Place, message: impl Into<String>) {
        self.problems.push(Problem::error(at, message));
    }

    pub(super) fn warn(&mut self, at: Place, message: impl Into<String>) {
        let mut problem = Problem::error(at, message);
        problem.error = false;
        self.problems.push(problem);
    }

    /// A cell as text; a date or a formula error is reported (a text field never holds one on purpose).
    pub(super) fn text(&mut self, grid: &Grid, row: usize, col: usize, what: &str, key: &str) -> String {
        let place = Place::new(grid, row, col, what);
        let value = grid.cell(row, col);
        match value {
            Value::Date(_) => self.error(
                place.clone(),
                "表格把这里输入的内容变成了日期。请把单元格格式设为“文本”后重新输入。 The spreadsheet turned what was typed here into a date: format the cell as Text and type it again.",
            ),
            Value::Error(e) => self.error(
                place.clone(),
                format!("这个单元格是公式错误 {e}：请填入文字。 The cell holds a formula error ({e}): type the text instead."),
            ),
            _ => {}
        }
        if !key.is_empty() {
            self.origins.insert(key.to_string(), place);
        }
        match value {
            Value::Text(s) => s.trim().to_string(),
            other => other.text(),
        }
    }

    /// Chinese and English text from two cells, remembered under `key.zh` and `key.en` (and `key`, at the
    /// cell a missing translation belongs in).
    pub(super) fn bilingual(
        &mut self,
        grid: &Grid,
        row: usize,
        cols: (usize, usize),
        what: (&str, &str),
        key: &str,
    ) -> Bilingual {
        let zh = self.text(grid, row, cols.0, what.0, &format!("{key}.zh"));
        let en = self.text(grid, row, cols.1, what.1, &format!("{key}.en"));
        let whole = if zh.is_empty() || !en.is_empty() {
            cols.0
        } else {
            cols.1
        };
        let what_whole = if whole == cols.0 { what.0 } else { what.1 };
        self.origins
            .insert(key.to_string(), Place::new(grid, row, whole, what_whole));
        Bilingual { zh, en }
    }

    /// A whole number in `range`; empty gives `None` (the caller decides whether it was required).
    /// A whole number; `range` is the field's scale, said in the message when the cell holds no number.
    pub(super) fn number(
        &mut self,
        grid: &Grid,
        row: usize,
        col: usize,
        what: &str,
        key: &str,
        range: (i64, i64),
    ) -> Option<i64> {
        let place = Place::new(grid, row, col, what);
        self.origins.insert(key.to_string(), place.clone());
        let value = grid.cell(row, col);
        if value.is_empty() {
            return None;
        }
        let parsed = match value {
            Value::Number(n) if n.fract() == 0.0 && n.abs() < 1e12 => Some(*n as i64),
            Value::Text(s) => {
                let s = s.trim().replace('＋', "+").replace(['－', '−'], "-");
                s.strip_prefix('+').unwrap_or(&s).parse::<i64>().ok()
            }
            _ => None,
        };
        // Any whole number is read: the game's checks say when one is off its scale, at this cell.
        match parsed.filter(|n| i32::try_from(*n).is_ok()) {
            Some(n) => Some(n),
            None => {
                self.error(
                    place,
                    format!(
                        "「{}」不是整数：请填 {} 到 {} 之间的整数，例如 {}。 {} is not a whole number: write one from {} to {}, such as {}.",
                        value.text(),
                        range.0,
                        range.1,
                        range.1 / 4,
                        goodwill_engine::quote(&value.text()),
                        range.0,
                        range.1,
                        range.1 / 4,
                    ),
                );
                None
            }
        }
    }

    pub(super) fn required(&mut self, place: Place, what_to_write: &str) {
        self.error(place, format!("这个单元格不能空着：{what_to_write}"));
    }

    /// A list of ids (promises, events) from one cell, each checked against those declared.
    pub(super) fn id_list(
        &mut self,
        grid: &Grid,
        row: usize,
        col: usize,
        what: &str,
        key: &str,
        declared: &[String],
        kind: IdKind,
    ) -> Vec<String> {
        let text = self.text(grid, row, col, what, key);
        let place = Place::new(grid, row, col, what);
        let items: Vec<String> = split_list(&text, true);
        for (k, item) in items.iter().enumerate() {
            self.origins.insert(format!("{key}.{k}"), place.clone());
            self.check_id(&place, item, declared, kind);
        }
        items
    }

    pub(super) fn check_id(&mut self, place: &Place, id: &str, declared: &[String], kind: IdKind) -> bool {
        if declared.iter().any(|d| d == id) {
            return true;
        }
        let (zh, en, sheet) = match kind {
            IdKind::Promise => ("承诺", "promise", Sheet::Promises),
            IdKind::Event => ("事件", "event", Sheet::Events),
            IdKind::Node => ("节点", "node", Sheet::Choices),
        };
        let suggestion = did_you_mean(id, declared.iter().map(String::as_str));
        let (hint_zh, hint_en) = suggestion.map_or((String::new(), String::new()), |m| {
            (format!("你是不是想写 `{m}`？"), format!(" Did you mean `{m}`?"))
        });
        let listed = if declared.is_empty() {
            format!("there are no {en}s yet")
        } else {
            format!(
                "declared: {}",
                declared.iter().map(|d| format!("`{d}`")).collect::<Vec<_>>().join(", ")
            )
        };
        let (add_zh, add_en) = match kind {
            IdKind::Node => (
                format!("或在「{}」表里加上这个节点的行，或写 End 结束对话", sheet.name()),
                "add that node's rows, or write End to end the conversation".to_string(),
            ),
            _ => (
                format!("或先在「{}」表里加上它", sheet.name()),
                format!("or add it to the sheet `{}` first", sheet.name()),
            ),
        };
        self.error(
            place.clone(),
            format!(
                "没有编号为 `{id}` 的{zh}。{hint_zh}请改用已有的编号，{add_zh}。 There is no {en} `{id}`.{hint_en} Use an existing id, {add_en} ({listed})."
            ),
        );
        false
    }

    /// Conditions from one cell, with their promise and event ids checked.
    pub(super) fn conditions(
        &mut self,
        grid: &Grid,
        row: usize,
        col: usize,
        what: &str,
        key: &str,
        ids: &Known,
    ) -> Vec<Condition> {
        let text = self.text(grid, row, col, what, key);
        let place = Place::new(grid, row, col, what);
        let mut out = Vec::new();
        for (k, item) in split_list(&text, false).iter().enumerate() {
            self.origins.insert(format!("{key}.{k}"), place.clone());
            match parse_condition(item) {
                Ok(c) => {
                    let ok = match &c {
                        c if c.promise().is_some() => {
                            self.check_id(&place, c.promise().unwrap_or_default(), &ids.promises, IdKind::Promise)
                        }
                        c if c.event().is_some() => {
                            self.check_id(&place, c.event().unwrap_or_default(), &ids.events, IdKind::Event)
                        }
                        _ => true,
                    };
                    if ok {
                        out.push(c);
                    }
                }
                Err(message) => self.error(place.clone(), message),
            }
        }
        out
    }

    fn promises(&mut self, grid: &Grid) -> Vec<PromiseDef> {
        let cols = header_columns(grid, self);
        let at = |i: usize| column_of(&cols, i);
        let header = table_header(Sheet::Promises);
        let mut out = Vec::new();
        for row in 1..grid.rows.len() {
            if grid.rows[row].iter().all(Value::is_empty) {
                continue;
            }
            let n = out.len();
            let key = format!("promises.{n}");
            let (Some(id_col), Some(zh), Some(en), Some(value_col)) = (at(0), at(1), at(2), at(3)) else {
                self.problems.push(Problem::in_sheet(
                    Sheet::Promises,
                    format!(
                        "表头缺少必需的列。 A column is missing: the header must have {}.",
                        header[..4].join("、")
                    ),
                ));
                return out;
            };
            let id = self.text(grid, row, id_col, header[0], &format!("{key}.id"));
            self.origins
                .insert(key.clone(), Place::new(grid, row, id_col, header[0]));
            if id.is_empty() {
                self.required(
                    Place::new(grid, row, id_col, header[0]),
                    "写上承诺的编号，例如 suit-back。 Write the promise's id, e.g. suit-back.",
                );
            }
            let text = self.bilingual(grid, row, (zh, en), (header[1], header[2]), &format!("{key}.text"));
            let value = self.number(grid, row, value_col, header[3], &format!("{key}.value"), (1, 40));
            if value.is_none() && grid.cell(row, value_col).is_empty() {
                self.required(
                    Place::new(grid, row, value_col, header[3]),
                    "写上承诺的分值（1–40，通常 10–15）。 Write the promise's value (1–40, usually 10–15).",
                );
            }
            let words = self.words(grid, row, at(4), header[4], &format!("{key}.words"));
            let not_words = self.words(grid, row, at(5), header[5], &format!("{key}.not_words"));
            out.push(PromiseDef {
                id,
                text,
                value: value.unwrap_or(0) as i32,
                words,
                not_words,
            });
        }
        out
    }

    fn words(&mut self, grid: &Grid, row: usize, col: Option<usize>, what: &str, key: &str) -> Vec<String> {
        let Some(col) = col else { return Vec::new() };
        let text = self.text(grid, row, col, what, key);
        let place = Place::new(grid, row, col, what);
        let words = split_list(&text, false);
        for k in 0..words.len() {
            self.origins.insert(format!("{key}.{k}"), place.clone());
        }
        words
    }

    fn events(&mut self, grid: &Grid) -> Vec<EventDef> {
        let cols = header_columns(grid, self);
        let at = |i: usize| column_of(&cols, i);
        let header = table_header(Sheet::Events);
        let mut out = Vec::new();
        for row in 1..grid.rows.len() {
            if grid.rows[row].iter().all(Value::is_empty) {
                continue;
            }
            let n = out.len();
            let key = format!("events.{n}");
            let (Some(id_col), Some(zh), Some(en)) = (at(0), at(1), at(2)) else {
                self.problems.push(Problem::in_sheet(
                    Sheet::Events,
                    format!(
                        "表头缺少必需的列。 A column is missing: the header must have {}.",
                        header[..3].join("、")
                    ),
                ));
                return out;
            };
            let id = self.text(grid, row, id_col, header[0], &format!("{key}.id"));
            self.origins
                .insert(key.clone(), Place::new(grid, row, id_col, header[0]));
            if id.is_empty() {
                self.required(
                    Place::new(grid, row, id_col, header[0]),
                    "写上事件的编号，例如 suit-cleaned。 Write the event's id, e.g. suit-cleaned.",
                );
            }
            let text = self.bilingual(grid, row, (zh, en), (header[1], header[2]), &format!("{key}.text"));
            let words = self.words(grid, row, at(3), header[3], &format!("{key}.words"));
            let not_words = self.words(grid, row, at(4), header[4], &format!("{key}.not_words"));
            out.push(EventDef {
                id,
                text,
                words,
                not_words,
            });
        }
        out
    }

    fn endings(&mut self, grid: &Grid, ids: &Known) -> Option<Endings> {
        let cols = header_columns(grid, self);
        let at = |i: usize| column_of(&cols, i);
        let header = table_header(Sheet::Endings);
        let (Some(name_col), Some(when_col), Some(tz), Some(te), Some(ez), Some(ee)) =
            (at(0), at(1), at(2), at(3), at(4), at(5))
        else {
            self.problems.push(Problem::in_sheet(
                Sheet::Endings,
                format!(
                    "表头缺少必需的列。 A column is missing: the header must have {}.",
                    header.join("、")
                ),
            ));
            return None;
        };
        const KEYS: [&str; 4] = ["lost", "resolved", "retained", "loyal"];
        let mut defaults: [Option<(Bilingual, Bilingual)>; 4] = Default::default();
        let mut variants: [Vec<EndingVariant>; 4] = Default::default();
        for row in 1..grid.rows.len() {
            if grid.rows[row].iter().all(Value::is_empty) {
                continue;
            }
            let name = self.text(grid, row, name_col, header[0], "");
            let Some(k) = ending_index(&name) else {
                self.error(
                    Place::new(grid, row, name_col, header[0]),
                    format!(
                        "「{name}」不是结局的名字：请从下拉列表选 失去客户 Lost、问题解决 Resolved、留住客户 Retained 或 忠诚客户 Loyal。 Not an ending: choose Lost, Resolved, Retained or Loyal."
                    ),
                );
                continue;
            };
            let base = format!("endings.{}", KEYS[k]);
            let when_empty = grid.cell(row, when_col).is_empty();
            if when_empty {
                if defaults[k].is_some() {
                    self.error(
                        Place::new(grid, row, when_col, header[1]),
                        "这个结局已经有一行不带条件的默认文字了：给这一行写上条件，或删掉其中一行。 This ending already has a row without a condition (its default text): give this row a condition, or remove one of them.",
                    );
                    continue;
                }
                self.origins
                    .insert(base.clone(), Place::new(grid, row, name_col, header[0]));
                let title = self.bilingual(grid, row, (tz, te), (header[2], header[3]), &format!("{base}.title"));
                let epilogue = self.bilingual(grid, row, (ez, ee), (header[4], header[5]), &format!("{base}.epilogue"));
                defaults[k] = Some((title, epilogue));
            } else {
                let key = format!("{base}.variants.{}", variants[k].len());
                self.origins
                    .insert(key.clone(), Place::new(grid, row, when_col, header[1]));
                let when = self.conditions(grid, row, when_col, header[1], &format!("{key}.when"), ids);
                let title = self.bilingual(grid, row, (tz, te), (header[2], header[3]), &format!("{key}.title"));
                let title = (!title.zh.is_empty() || !title.en.is_empty()).then_some(title);
                let epilogue = self.bilingual(grid, row, (ez, ee), (header[4], header[5]), &format!("{key}.epilogue"));
                variants[k].push(EndingVariant { when, title, epilogue });
            }
        }
        let mut endings = Vec::new();
        for k in 0..4 {
            match defaults[k].take() {
                Some((title, epilogue)) => endings.push(Ending {
                    title,
                    epilogue,
                    variants: std::mem::take(&mut variants[k]),
                }),
                None => self.problems.push(Problem::in_sheet(
                    Sheet::Endings,
                    format!(
                        "结局「{}」缺少不带条件的一行（它的默认标题和尾声）：加上这一行。 The ending {} has no row without a condition (its default title and epilogue): add one.",
                        super::to_sheet::ending_name(k),
                        KEYS[k]
                    ),
                )),
            }
        }
        let [lost, resolved, retained, loyal]: [Ending; 4] = endings.try_into().ok()?;
        Some(Endings {
            lost,
            resolved,
            retained,
            loyal,
        })
    }

    fn case(&mut self, grid: &Grid, ids: &Known) -> Option<Header> {
        let mut rows: HashMap<Field, usize> = HashMap::new();
        for row in 0..grid.rows.len() {
            let label = grid.cell(row, 0).text();
            if label.is_empty() {
                if grid.rows[row].iter().any(|v| !v.is_empty()) {
                    self.error(
                        Place::new(grid, row, 0, "项目 Field"),
                        "这一行没有写项目名，内容无法导入：在 A 列写上项目名。 This row has no field name in column A, so its values cannot be read.",
                    );
                }
                continue;
            }
            if row == 0 && header_matches(table_header(Sheet::Case)[0], &label) {
                continue;
            }
            match Field::from_label(&label) {
                None => self.error(
                    Place::new(grid, row, 0, "项目 Field"),
                    format!(
                        "「{label}」不是案例的项目。 Not a field of the case. The fields are: {}.",
                        Field::ALL.iter().map(|f| f.label()).collect::<Vec<_>>().join("、")
                    ),
                ),
                Some(field) => {
                    if let Some(first) = rows.insert(field, row) {
                        self.error(
                            Place::new(grid, row, 0, field.label()),
                            format!("这个项目在第 {} 行已经有了：删掉其中一行。 This field is already on row {}: remove one of them.", first + 1, first + 1),
                        );
                    }
                }
            }
        }
        let before = self.problems.iter().filter(|p| p.error).count();
        let missing = |field: Field, r: &mut Reader| -> Option<usize> {
            let row = rows.get(&field).copied();
            if row.is_none() {
                r.problems.push(Problem::in_sheet(
                    Sheet::Case,
                    format!(
                        "缺少「{}」这一行：加上它。 The row `{}` is missing: add it.",
                        field.label(),
                        field.label()
                    ),
                ));
            }
            row
        };
        let value = |field: Field, r: &mut Reader, key: &str, required: Option<&str>| -> String {
            let Some(row) = missing(field, r) else {
                return String::new();
            };
            let text = r.text(grid, row, 1, field.label(), key);
            if text.is_empty()
                && let Some(what) = required
            {
                r.required(Place::new(grid, row, 1, field.label()), what);
            }
            text
        };
        let comment = rows
            .get(&Field::Comment)
            .map(|&row| grid.cell(row, 1).text())
            .unwrap_or_default();
        let id = value(
            Field::Id,
            self,
            "id",
            Some(
                "写上案例编号：小写字母、数字和连字符，例如 late-cake。 Write the case's id: lowercase letters, digits and dashes, e.g. late-cake.",
            ),
        );
        let start = value(
            Field::Start,
            self,
            "start",
            Some("写上第一个节点的编号。 Write the first node's id."),
        );
        if let Some(&row) = rows.get(&Field::Start)
            && !start.is_empty()
        {
            self.check_id(
                &Place::new(grid, row, 1, Field::Start.label()),
                &start,
                &ids.nodes,
                IdKind::Node,
            );
        }
        let source_text = value(
            Field::Source,
            self,
            "source",
            Some("写上来源文件 Doc000 … Doc004。 Write the source document, Doc000 … Doc004."),
        );
        let source = (!source_text.is_empty())
            .then(|| self.document(grid, rows[&Field::Source], Field::Source.label(), &source_text))
            .flatten();
        let difficulty_text = value(
            Field::Difficulty,
            self,
            "difficulty",
            Some("写上 Easy、Medium 或 Hard。 Write Easy, Medium or Hard."),
        );
        let difficulty = match difficulty_text.to_lowercase().as_str() {
            "" => None,
            "easy" | "入门" => Some(Difficulty::Easy),
            "medium" | "进阶" => Some(Difficulty::Medium),
            "hard" | "困难" => Some(Difficulty::Hard),
            _ => {
                self.error(
                    Place::new(grid, rows[&Field::Difficulty], 1, Field::Difficulty.label()),
                    format!("「{difficulty_text}」不是难度：请写 Easy、Medium 或 Hard。 Not a difficulty: write Easy, Medium or Hard."),
                );
                None
            }
        };
        let number = |field: Field, r: &mut Reader, key: &str, range: (i64, i64)| -> Option<i64> {
            let row = missing(field, r)?;
            r.number(grid, row, 1, field.label(), key, range)
        };
        let version = match number(Field::Version, self, "version", (1, 99)) {
            None => 1,
            Some(v) => u32::try_from(v).unwrap_or_else(|_| {
                let row = rows[&Field::Version];
                self.error(
                    Place::new(grid, row, 1, Field::Version.label()),
                    format!("版本不能是负数：请写 1、2、3…… The version cannot be negative ({v}): write 1, 2, 3 …"),
                );
                1
            }),
        };
        let balance = number(Field::StartingBalance, self, "customer.starting_balance", (0, 100));
        if balance.is_none()
            && let Some(&row) = rows.get(&Field::StartingBalance)
            && grid.cell(row, 1).is_empty()
        {
            self.required(
                Place::new(grid, row, 1, Field::StartingBalance.label()),
                "写上事发后的余额，0–100（50 为中性）。 Write the balance right after the incident, 0–100 (50 is neutral).",
            );
        }
        let temper = match rows.get(&Field::Temper) {
            Some(&row) => self.number(grid, row, 1, Field::Temper.label(), "customer.temper", (25, 300)),
            None => None,
        }
        .map_or(100, |t| t as i32);
        let both = |field: Field, r: &mut Reader, key: &str| -> Bilingual {
            match rows.get(&field) {
                Some(&row) => r.bilingual(grid, row, (1, 2), (field.label(), field.label()), key),
                None => {
                    if !matches!(
                        field,
                        Field::RoleHappened
                            | Field::RoleWants
                            | Field::RoleUpset
                            | Field::Reflection1
                            | Field::Reflection2
                    ) {
                        missing(field, r);
                    }
                    Bilingual::default()
                }
            }
        };
        let title = both(Field::Title, self, "title");
        let setting = both(Field::Setting, self, "setting");
        let agent = both(Field::Agent, self, "agent");
        let name = both(Field::CustomerName, self, "customer.name");
        let persona = both(Field::Persona, self, "customer.persona");
        let happened = both(Field::RoleHappened, self, "role_card.happened");
        let wants = both(Field::RoleWants, self, "role_card.wants");
        let upset = both(Field::RoleUpset, self, "role_card.upset");
        let reflection: Vec<Bilingual> = [
            both(Field::Reflection1, self, "reflection.0"),
            both(Field::Reflection2, self, "reflection.1"),
        ]
        .into_iter()
        .filter(|q| !q.zh.is_empty() || !q.en.is_empty())
        .collect();
        let role_card = [&happened, &wants, &upset]
            .iter()
            .any(|b| !b.zh.is_empty() || !b.en.is_empty())
            .then_some(RoleCard { happened, wants, upset });
        let optional = |field: Field, r: &mut Reader, key: &str| -> Option<(String, Place)> {
            let row = *rows.get(&field)?;
            let text = r.text(grid, row, 1, field.label(), key);
            (!text.is_empty()).then(|| (text, Place::new(grid, row, 1, field.label())))
        };
        let sex = optional(Field::Sex, self, "customer.sex").and_then(|(text, at)| match text.to_lowercase().as_str() {
            "male" | "男" => Some(Sex::Male),
            "female" | "女" => Some(Sex::Female),
            _ => {
                self.error(at, format!("「{text}」：请写 Male（男）或 Female（女），或空着。 Write Male or Female, or leave it empty."));
                None
            }
        });
        let age = optional(Field::Age, self, "customer.age").and_then(|(text, at)| match text.to_lowercase().as_str() {
            "young" | "年轻" => Some(Age::Young),
            "middle" | "中年" => Some(Age::Middle),
            "older" | "年长" | "老年" => Some(Age::Older),
            _ => {
                self.error(at, format!("「{text}」：请写 Young、Middle 或 Older，或空着。 Write Young, Middle or Older, or leave it empty."));
                None
            }
        });
        let glasses = optional(Field::Glasses, self, "customer.glasses").and_then(|(text, at)| {
            let parsed = yes_no(&text);
            if parsed.is_none() {
                self.error(
                    at,
                    format!("「{text}」：请写 是 或 否，或空着。 Write yes (是) or no (否), or leave it empty."),
                );
            }
            parsed
        });
        let pair_with = optional(Field::PairWith, self, "pair_with").map(|(text, _)| text);
        if self.problems.iter().filter(|p| p.error).count() > before {
            return None;
        }
        Some(Header {
            comment,
            id,
            version,
            title,
            setting,
            source: source?,
            difficulty: difficulty?,
            agent,
            customer: Customer {
                name,
                persona,
                starting_balance: balance? as i32,
                temper,
                sex,
                age,
                glasses,
            },
            start,
            pair_with,
            role_card,
            reflection,
        })
    }

    fn document(&mut self, grid: &Grid, row: usize, what: &str, text: &str) -> Option<Source> {
        let found = super::super::new::parse_document(text).ok();
        if found.is_none() {
            self.error(
                Place::new(grid, row, 1, what),
                format!("「{text}」不是来源文件：请写 Doc000、Doc001、Doc002、Doc003 或 Doc004。 Not a source document: write Doc000 … Doc004."),
            );
        }
        found
    }
}

#[derive(Debug, Clone, Copy)]
pub(super) enum IdKind {
    Promise,
    Event,
    Node,
}
