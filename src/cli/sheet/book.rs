//! What a case looks like as a spreadsheet, whatever the file: the sheets, their columns and rows, a cell's
//! value as read back, and the place of a cell as an error names it (`'选项 Choices'!H12`).

use std::fmt;
use std::path::{Path, PathBuf};

/// A sheet a trainer edits. Its name is Chinese, then English, like everything a trainer reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sheet {
    Choices,
    Case,
    Promises,
    Events,
    Endings,
}

impl Sheet {
    /// In the order the workbook shows them (and a CSV file holds them).
    pub const ALL: [Sheet; 5] = [
        Sheet::Choices,
        Sheet::Case,
        Sheet::Promises,
        Sheet::Events,
        Sheet::Endings,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Sheet::Choices => "选项 Choices",
            Sheet::Case => "案例 Case",
            Sheet::Promises => "承诺 Promises",
            Sheet::Events => "事件 Events",
            Sheet::Endings => "结局 Endings",
        }
    }

    /// The sheet a name means: its full name, or either half of it ("选项", "choices").
    pub fn named(name: &str) -> Option<Sheet> {
        let name = name.trim();
        Sheet::ALL.into_iter().find(|s| {
            let full = s.name();
            let (zh, en) = full.split_once(' ').unwrap_or((full, full));
            name == full || name == zh || name.eq_ignore_ascii_case(en)
        })
    }
}

/// The read-only glossary of tags and conditions (never read back).
pub const GLOSSARY_SHEET: &str = "词表 Glossary";
/// The hidden sheet the drop-down lists read (never read back).
pub const LISTS_SHEET: &str = "列表 Lists";

/// A column of the choices sheet. A node's rows carry its customer lines (one wording a row) beside its
/// choices (one a row).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Col {
    Node,
    LineWhen,
    NarrationZh,
    NarrationEn,
    CustomerZh,
    CustomerEn,
    AnswerZh,
    AnswerEn,
    Effect,
    /// The n-th principle applied (from 1; the first is the move the repetition rule counts).
    Applies(usize),
    /// The n-th anti-pattern committed (from 1).
    Breaks(usize),
    Next,
    Promise,
    Keeps,
    BreaksPromises,
    Marks,
    When,
    Sincerity,
    FeedbackZh,
    FeedbackEn,
    Cites,
}

impl Col {
    pub fn header(self) -> String {
        match self {
            Col::Node => "节点 Node".into(),
            Col::LineWhen => "台词条件 Line when".into(),
            Col::NarrationZh => "旁白（中） Narration zh".into(),
            Col::NarrationEn => "旁白（英） Narration en".into(),
            Col::CustomerZh => "顾客说（中） Customer zh".into(),
            Col::CustomerEn => "顾客说（英） Customer en".into(),
            Col::AnswerZh => "回答（中） Answer zh".into(),
            Col::AnswerEn => "回答（英） Answer en".into(),
            Col::Effect => "效果 Effect".into(),
            Col::Applies(n) => format!("符合{n} Applies {n}"),
            Col::Breaks(n) => format!("违反{n} Breaks {n}"),
            Col::Next => "下一步 Next".into(),
            Col::Promise => "许下承诺 Promise".into(),
            Col::Keeps => "兑现承诺 Keeps".into(),
            Col::BreaksPromises => "违背承诺 Breaks promises".into(),
            Col::Marks => "标记事件 Marks".into(),
            Col::When => "出现条件 When".into(),
            Col::Sincerity => "评真诚度 Rate sincerity".into(),
            Col::FeedbackZh => "反馈（中） Feedback zh".into(),
            Col::FeedbackEn => "反馈（英） Feedback en".into(),
            Col::Cites => "引用文件 Cites".into(),
        }
    }

    /// A note on the header cell: what goes in the column.
    pub fn note(self) -> &'static str {
        match self {
            Col::Node => {
                "节点编号：同一节点的各行写同一个编号（空着表示同上一行）。\nThe node's id, on each of its rows (empty: same as the row above)."
            }
            Col::LineWhen => {
                "空着：顾客的默认台词。写条件（如 PromiseOpen(call-by-two)）：满足条件时改说这几行。\nEmpty: the customer's usual line. A condition: the lines said instead when it holds."
            }
            Col::CustomerZh | Col::CustomerEn => {
                "每行一种说法，游戏随机选一种。\nOne wording a row; the game picks one."
            }
            Col::Effect => {
                "-40 到 40 的整数：正数存入情感账户，负数取出。\nA whole number from -40 to 40: positive deposits, negative withdraws."
            }
            Col::Applies(_) => {
                "从下拉列表选原则（见「词表 Glossary」）；第一个算作这一步的“招式”。\nA principle from the list (see the glossary); the first is the move."
            }
            Col::Breaks(_) => {
                "从下拉列表选反模式（见「词表 Glossary」）。\nAn anti-pattern from the list (see the glossary)."
            }
            Col::Next => "下一个节点的编号，或 End（对话结束）。\nThe next node's id, or End.",
            Col::Promise => {
                "这句话许下的承诺（「承诺 Promises」表里的编号）。\nThe promise this answer makes (an id from the promises sheet)."
            }
            Col::Keeps | Col::BreaksPromises | Col::Marks => "编号，多个用分号隔开。\nIds, separated by semicolons.",
            Col::When => {
                "只在条件都成立时出现，多个用分号隔开（见「词表 Glossary」）。\nOffered only when every condition holds; separate with semicolons."
            }
            Col::Sincerity => {
                "“是”：双人练习时由扮演顾客的人给这句话的真诚度打分。\nYes: in a pair exercise the customer player rates how sincere it sounded."
            }
            Col::Cites => {
                "反馈引用的文件（空着：案例的来源文件）。\nThe document the feedback cites (empty: the case's source)."
            }
            _ => "",
        }
    }

    /// Reads a header cell: the full header, or either language's half of it.
    pub fn from_header(text: &str) -> Option<Col> {
        let text = text.trim();
        let numbered = |zh: &str, en: &str| -> Option<usize> {
            let rest = text
                .strip_prefix(zh)
                .map(|r| r.split_whitespace().next().unwrap_or(""))
                .or_else(|| strip_prefix_ignore_case(text, en).map(str::trim))?;
            rest.parse().ok().filter(|n| *n >= 1)
        };
        if let Some(n) = numbered("符合", "applies") {
            return Some(Col::Applies(n));
        }
        if let Some(n) = numbered("违反", "breaks ") {
            return Some(Col::Breaks(n));
        }
        FIXED.into_iter().find(|c| header_matches(&c.header(), text))
    }
}

/// The columns other than the numbered tag columns.
const FIXED: [Col; 19] = [
    Col::Node,
    Col::LineWhen,
    Col::NarrationZh,
    Col::NarrationEn,
    Col::CustomerZh,
    Col::CustomerEn,
    Col::AnswerZh,
    Col::AnswerEn,
    Col::Effect,
    Col::Next,
    Col::Promise,
    Col::Keeps,
    Col::BreaksPromises,
    Col::Marks,
    Col::When,
    Col::Sincerity,
    Col::FeedbackZh,
    Col::FeedbackEn,
    Col::Cites,
];

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &text[prefix.len()..])
}

/// Whether a header cell names `header` ("效果 Effect"): the whole of it, its Chinese half or its English
/// half (without case), so a trainer who shortens a header loses nothing.
pub fn header_matches(header: &str, cell: &str) -> bool {
    let cell = cell.trim();
    if cell == header {
        return true;
    }
    match header.split_once(' ') {
        Some((zh, en)) => cell == zh || cell.eq_ignore_ascii_case(en),
        None => false,
    }
}

/// The choices sheet's columns for a case whose choices carry at most `applies` principles and `breaks`
/// anti-patterns (never fewer than three and two columns, so there is room to add one).
pub fn choice_columns(applies: usize, breaks: usize) -> Vec<Col> {
    let mut cols = vec![
        Col::Node,
        Col::LineWhen,
        Col::NarrationZh,
        Col::NarrationEn,
        Col::CustomerZh,
        Col::CustomerEn,
        Col::AnswerZh,
        Col::AnswerEn,
        Col::Effect,
    ];
    cols.extend((1..=applies.max(3)).map(Col::Applies));
    cols.extend((1..=breaks.max(2)).map(Col::Breaks));
    cols.extend([
        Col::Next,
        Col::Promise,
        Col::Keeps,
        Col::BreaksPromises,
        Col::Marks,
        Col::When,
        Col::Sincerity,
        Col::FeedbackZh,
        Col::FeedbackEn,
        Col::Cites,
    ]);
    cols
}

/// The header of the sheets read by column name (promises, events, endings).
pub fn table_header(sheet: Sheet) -> &'static [&'static str] {
    match sheet {
        Sheet::Promises => &[
            "编号 Id",
            "内容（中） Text zh",
            "内容（英） Text en",
            "分值 Value",
            "提及词 Words",
            "否定词 Not words",
        ],
        Sheet::Events => &[
            "编号 Id",
            "内容（中） Text zh",
            "内容（英） Text en",
            "提及词 Words",
            "否定词 Not words",
        ],
        Sheet::Endings => &[
            "结局 Ending",
            "条件 When",
            "标题（中） Title zh",
            "标题（英） Title en",
            "尾声（中） Epilogue zh",
            "尾声（英） Epilogue en",
        ],
        Sheet::Case => &["项目 Field", "中文 / 值 Value", "English"],
        Sheet::Choices => &[],
    }
}

/// A field of the case sheet: its label in column A, and whether it is bilingual (columns B and C) or
/// one value (column B).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Comment,
    Id,
    Version,
    Title,
    Setting,
    Source,
    Difficulty,
    Agent,
    CustomerName,
    Persona,
    StartingBalance,
    Temper,
    Sex,
    Age,
    Glasses,
    Start,
    PairWith,
    RoleHappened,
    RoleWants,
    RoleUpset,
    Reflection1,
    Reflection2,
}

impl Field {
    pub const ALL: [Field; 22] = [
        Field::Comment,
        Field::Id,
        Field::Version,
        Field::Title,
        Field::Setting,
        Field::Source,
        Field::Difficulty,
        Field::Agent,
        Field::CustomerName,
        Field::Persona,
        Field::StartingBalance,
        Field::Temper,
        Field::Sex,
        Field::Age,
        Field::Glasses,
        Field::Start,
        Field::PairWith,
        Field::RoleHappened,
        Field::RoleWants,
        Field::RoleUpset,
        Field::Reflection1,
        Field::Reflection2,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Field::Comment => "文件开头注释 File comment",
            Field::Id => "编号 Id",
            Field::Version => "版本 Version",
            Field::Title => "标题 Title",
            Field::Setting => "场景 Setting",
            Field::Source => "来源文件 Source",
            Field::Difficulty => "难度 Difficulty",
            Field::Agent => "员工角色 Agent",
            Field::CustomerName => "顾客姓名 Customer name",
            Field::Persona => "顾客画像 Persona",
            Field::StartingBalance => "起始余额 Starting balance",
            Field::Temper => "脾气 Temper",
            Field::Sex => "性别 Sex",
            Field::Age => "年龄 Age",
            Field::Glasses => "眼镜 Glasses",
            Field::Start => "开始节点 Start",
            Field::PairWith => "配对案例 Pair with",
            Field::RoleHappened => "角色卡：经过 Role card: happened",
            Field::RoleWants => "角色卡：诉求 Role card: wants",
            Field::RoleUpset => "角色卡：情绪 Role card: upset",
            Field::Reflection1 => "思考题一 Reflection question 1",
            Field::Reflection2 => "思考题二 Reflection question 2",
        }
    }

    /// Whether the field is text in both languages (Chinese in B, English in C).
    pub fn bilingual(self) -> bool {
        matches!(
            self,
            Field::Title
                | Field::Setting
                | Field::Agent
                | Field::CustomerName
                | Field::Persona
                | Field::RoleHappened
                | Field::RoleWants
                | Field::RoleUpset
                | Field::Reflection1
                | Field::Reflection2
        )
    }

    /// What to write, for the note beside the label.
    pub fn hint(self) -> &'static str {
        match self {
            Field::Comment => {
                "写在 RON 文件开头的注释（可空）。 The comment at the top of the RON file (may be empty)."
            }
            Field::Id => {
                "小写字母、数字和连字符；发布后不要再改。 Lowercase letters, digits and dashes; never change it once published."
            }
            Field::Version => {
                "改动使旧成绩不可比时加一（空着为 1）。 Bump when old results become incomparable (empty: 1)."
            }
            Field::Source => "Doc000 … Doc004：案例改编自哪份文件。 The document the case is adapted from.",
            Field::Difficulty => "Easy、Medium 或 Hard。 Easy, Medium or Hard.",
            Field::StartingBalance => {
                "0–100，事发后的情感账户余额，50 为中性。 0–100 right after the incident; 50 is neutral."
            }
            Field::Temper => "25–300（%），100 为普通，空着为 100。 25–300 percent; 100 is ordinary (empty: 100).",
            Field::Sex | Field::Age | Field::Glasses => {
                "可空：头像从姓名推断。 May be empty: the portrait reads it from the name."
            }
            Field::Start => "第一个节点的编号。 The first node's id.",
            Field::PairWith => {
                "双人练习第二轮的案例编号（可空）。 The case round two of a pair exercise plays (may be empty)."
            }
            Field::RoleHappened | Field::RoleWants | Field::RoleUpset => {
                "双人练习中扮演顾客的人读的角色卡（可空）。 The customer player's role card (may be empty)."
            }
            Field::Reflection1 | Field::Reflection2 => {
                "复盘后请学员联系自己工作思考的问题（可空）。 A question the trainee answers after the debrief, about their own work (may be empty)."
            }
            _ => "",
        }
    }

    /// The field a label in column A names: the whole label or either half of it.
    pub fn from_label(text: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| {
            let label = f.label();
            let cell = text.trim();
            cell == label
                || label
                    .split_once(' ')
                    .is_some_and(|(zh, en)| cell == zh || cell.eq_ignore_ascii_case(en))
        })
    }
}

/// A cell as read from a file. A CSV file gives only text; a workbook also numbers, truth values, dates
/// (a value Excel turned into a date as it was typed) and formula errors.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    Date(String),
    Error(String),
}

impl Value {
    pub fn is_empty(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text (a whole number without ".0"), trimmed.
    pub fn text(&self) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Text(s) => s.trim().to_string(),
            Value::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Value::Number(n) => n.to_string(),
            Value::Bool(true) => "TRUE".into(),
            Value::Bool(false) => "FALSE".into(),
            Value::Date(s) | Value::Error(s) => s.clone(),
        }
    }
}

/// One sheet as read: its rows from the first (the header), and for a CSV file the line each row starts on.
#[derive(Debug, Clone)]
pub struct Grid {
    pub sheet: Sheet,
    pub rows: Vec<Vec<Value>>,
    /// The file's line of each row (CSV); empty for a workbook, where rows are the sheet's own.
    pub lines: Vec<usize>,
}

impl Grid {
    pub fn cell(&self, row: usize, col: usize) -> &Value {
        self.rows.get(row).and_then(|r| r.get(col)).unwrap_or(&Value::Empty)
    }
}

/// Which file a sheet was read from, so a place is named the way that file is opened.
#[derive(Debug, Clone)]
pub enum Origin {
    Workbook,
    Csv(PathBuf),
}

/// Where a value came from: a cell (0-based row and column of its sheet), with what the column or row is
/// for, to say in a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub sheet: Sheet,
    pub row: usize,
    pub col: usize,
    /// The column's header or the case field's label.
    pub what: String,
    /// The file line of the row, for a CSV file.
    pub line: Option<usize>,
}

/// `A`, `B`, …, `Z`, `AA`: a 0-based column as a spreadsheet names it.
pub fn column_letter(col: usize) -> String {
    let mut n = col + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

impl Place {
    pub fn new(grid: &Grid, row: usize, col: usize, what: impl Into<String>) -> Place {
        Place {
            sheet: grid.sheet,
            row,
            col,
            what: what.into(),
            line: grid.lines.get(row).copied(),
        }
    }

    /// The cell as the file's reader finds it: `'选项 Choices'!H12` in a workbook (what Excel's and
    /// LibreOffice's name box accept), `case.csv:12:H` in a CSV file; then the column's name.
    pub fn show(&self, origin: &Origin) -> String {
        let letter = column_letter(self.col);
        match origin {
            Origin::Workbook => format!("'{}'!{letter}{}（{}）", self.sheet.name(), self.row + 1, self.what),
            Origin::Csv(path) => format!(
                "{}:{}:{letter}（{} · {}）",
                file_name(path),
                self.line.unwrap_or(self.row + 1),
                self.sheet.name(),
                self.what
            ),
        }
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

/// A problem found in the sheets, at a cell or in a whole sheet.
#[derive(Debug, Clone)]
pub struct Problem {
    pub error: bool,
    pub at: Option<Place>,
    /// When there is no cell: the sheet it concerns, if any.
    pub sheet: Option<Sheet>,
    pub message: String,
}

impl Problem {
    pub fn error(at: Place, message: impl Into<String>) -> Problem {
        Problem {
            error: true,
            at: Some(at),
            sheet: None,
            message: message.into(),
        }
    }

    pub fn in_sheet(sheet: Sheet, message: impl Into<String>) -> Problem {
        Problem {
            error: true,
            at: None,
            sheet: Some(sheet),
            message: message.into(),
        }
    }

    pub fn show(&self, origin: &Origin, file: &Path) -> String {
        let severity = if self.error { "error" } else { "warning" };
        let at = match (&self.at, self.sheet, origin) {
            (Some(place), _, _) => place.show(origin),
            (None, Some(sheet), Origin::Workbook) => format!("'{}'", sheet.name()),
            (None, Some(sheet), Origin::Csv(path)) => format!("{}（{}）", file_name(path), sheet.name()),
            (None, None, _) => file_name(file),
        };
        format!("{at}: {severity}: {}", self.message)
    }
}

impl fmt::Display for Sheet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
