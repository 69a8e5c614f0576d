//! The workbook: written with `rust_xlsxwriter` (drop-down lists, number checks, notes on the headers, a
//! protected glossary), read with `calamine` (which also opens a copy saved as .xls, .xlsb or .ods).

use std::io::Cursor;

use calamine::{Data, Reader, open_workbook_auto_from_rs};
use goodwill_engine::{AntiPattern, Principle, Source};
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, Format, FormatAlign, FormatBorder, Formula,
    Note, Workbook, Worksheet, XlsxError,
};

use super::book::{Col, Field, GLOSSARY_SHEET, Grid, LISTS_SHEET, Sheet, Value, column_letter};
use super::glossary;
use super::to_sheet::{Book, Out, Table, ending_name};

/// How many rows below the case's own the drop-downs and checks reach, so a trainer's new rows get them too.
const ROOM: u32 = 200;

/// The workbook's bytes.
pub fn write(book: &Book) -> Result<Vec<u8>, String> {
    build(book).map_err(|e| format!("cannot write the workbook: {e}"))
}

/// A list on the hidden lists sheet, as a formula a drop-down reads.
struct Lists {
    nodes: String,
    promises: String,
    events: String,
    principles: String,
    anti: String,
    documents: String,
    yes_no: String,
    endings: String,
    difficulty: String,
    sex: String,
    age: String,
}

fn build(book: &Book) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_background_color(Color::RGB(0xDDE8F3))
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Top);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);

    // The lists first in memory (their ranges are needed by the drop-downs), last in the workbook.
    let mut columns: Vec<Vec<String>> = Vec::new();
    let mut range = |items: Vec<String>| -> String {
        let col = columns.len();
        let len = items.len().max(1);
        columns.push(items);
        let letter = column_letter(col);
        format!("='{LISTS_SHEET}'!${letter}$1:${letter}${len}")
    };
    let mut nodes = book.node_ids.clone();
    nodes.push("End".into());
    let lists = Lists {
        nodes: range(nodes),
        promises: range(book.promise_ids.clone()),
        events: range(book.event_ids.clone()),
        principles: range(Principle::ALL.iter().map(|p| format!("{p:?}")).collect()),
        anti: range(AntiPattern::ALL.iter().map(|a| format!("{a:?}")).collect()),
        documents: range(Source::ALL.iter().map(|d| format!("{d:?}")).collect()),
        yes_no: range(vec!["是".into(), "否".into()]),
        endings: range((0..4).map(|k| ending_name(k).to_string()).collect()),
        difficulty: range(vec!["Easy".into(), "Medium".into(), "Hard".into()]),
        sex: range(vec!["Male".into(), "Female".into()]),
        age: range(vec!["Young".into(), "Middle".into(), "Older".into()]),
    };

    for table in &book.tables {
        let sheet = workbook.add_worksheet();
        sheet.set_name(table.sheet.name())?;
        write_table(sheet, table, &header, &wrap)?;
        match table.sheet {
            Sheet::Choices => choices_sheet(sheet, table, book, &lists)?,
            Sheet::Case => case_sheet(sheet, table, &lists)?,
            Sheet::Promises => {
                widths(sheet, &[16.0, 40.0, 40.0, 8.0, 24.0, 24.0])?;
                whole_number(sheet, 3, table.rows.len(), 1, 40)?;
            }
            Sheet::Events => widths(sheet, &[18.0, 40.0, 40.0, 24.0, 24.0])?,
            Sheet::Endings => {
                widths(sheet, &[16.0, 26.0, 20.0, 24.0, 50.0, 50.0])?;
                list(
                    sheet,
                    0,
                    table.rows.len(),
                    &lists.endings,
                    DataValidationErrorStyle::Stop,
                )?;
            }
        }
    }
    glossary_sheet(workbook.add_worksheet(), &header, &wrap)?;
    let sheet = workbook.add_worksheet();
    sheet.set_name(LISTS_SHEET)?;
    for (col, items) in columns.iter().enumerate() {
        for (row, item) in items.iter().enumerate() {
            sheet.write_string(row as u32, col as u16, item)?;
        }
    }
    sheet.set_hidden(true);
    workbook.save_to_buffer()
}

fn write_table(sheet: &mut Worksheet, table: &Table, header: &Format, wrap: &Format) -> Result<(), XlsxError> {
    for (col, text) in table.header.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, text, header)?;
    }
    for (r, row) in table.rows.iter().enumerate() {
        for (col, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32 + 1, col as u16);
            match cell {
                Out::Empty => {}
                Out::Text(s) => {
                    sheet.write_string_with_format(r, c, s, wrap)?;
                }
                Out::Int(n) => {
                    sheet.write_number_with_format(r, c, *n as f64, wrap)?;
                }
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

fn widths(sheet: &mut Worksheet, widths: &[f64]) -> Result<(), XlsxError> {
    for (col, width) in widths.iter().enumerate() {
        sheet.set_column_width(col as u16, *width)?;
    }
    Ok(())
}

/// A drop-down in column `col` from row 2 to the case's rows and [`ROOM`] more.
fn list(
    sheet: &mut Worksheet,
    col: u16,
    rows: usize,
    source: &str,
    style: DataValidationErrorStyle,
) -> Result<(), XlsxError> {
    let validation = DataValidation::new()
        .allow_list_formula(Formula::new(source))
        .set_error_style(style)
        .set_error_title("不在列表中 Not in the list")?
        .set_error_message(
            "请从下拉列表中选择（说明见「词表 Glossary」）。\nChoose from the drop-down list (see the glossary sheet).",
        )?;
    sheet.add_data_validation(1, col, rows as u32 + ROOM, col, &validation)?;
    Ok(())
}

fn whole_number(sheet: &mut Worksheet, col: u16, rows: usize, min: i32, max: i32) -> Result<(), XlsxError> {
    let validation = DataValidation::new()
        .allow_whole_number(DataValidationRule::Between(min, max))
        .set_error_title("需要整数 A whole number")?
        .set_error_message(format!(
            "请填 {min} 到 {max} 之间的整数。\nWrite a whole number from {min} to {max}."
        ))?;
    sheet.add_data_validation(1, col, rows as u32 + ROOM, col, &validation)?;
    Ok(())
}

fn choices_sheet(sheet: &mut Worksheet, table: &Table, book: &Book, lists: &Lists) -> Result<(), XlsxError> {
    let rows = table.rows.len();
    for (i, col) in book.columns.iter().enumerate() {
        let c = i as u16;
        let width = match col {
            Col::Node | Col::Next | Col::Promise => 16.0,
            Col::LineWhen | Col::When => 22.0,
            Col::NarrationZh | Col::NarrationEn => 30.0,
            Col::CustomerZh | Col::AnswerZh | Col::FeedbackZh => 36.0,
            Col::CustomerEn | Col::AnswerEn | Col::FeedbackEn => 44.0,
            Col::Effect | Col::Cites | Col::Sincerity => 9.0,
            Col::Applies(_) | Col::Breaks(_) => 22.0,
            Col::Keeps | Col::BreaksPromises | Col::Marks => 16.0,
        };
        sheet.set_column_width(c, width)?;
        let note = col.note();
        if !note.is_empty() {
            sheet.insert_note(
                0,
                c,
                &Note::new(note).set_author("Goodwill").set_width(360).set_height(110),
            )?;
        }
        // Ids a trainer adds on another sheet may not be listed yet: those lists warn and let them keep it.
        match col {
            Col::Effect => whole_number(sheet, c, rows, -40, 40)?,
            Col::Applies(_) => list(sheet, c, rows, &lists.principles, DataValidationErrorStyle::Stop)?,
            Col::Breaks(_) => list(sheet, c, rows, &lists.anti, DataValidationErrorStyle::Stop)?,
            Col::Next => list(sheet, c, rows, &lists.nodes, DataValidationErrorStyle::Warning)?,
            Col::Promise => list(sheet, c, rows, &lists.promises, DataValidationErrorStyle::Warning)?,
            Col::Sincerity => list(sheet, c, rows, &lists.yes_no, DataValidationErrorStyle::Stop)?,
            Col::Cites => list(sheet, c, rows, &lists.documents, DataValidationErrorStyle::Stop)?,
            _ => {}
        }
    }
    let _ = &lists.events;
    sheet.set_freeze_panes(1, 1)?;
    Ok(())
}

fn case_sheet(sheet: &mut Worksheet, table: &Table, lists: &Lists) -> Result<(), XlsxError> {
    widths(sheet, &[30.0, 60.0, 60.0])?;
    for (r, row) in table.rows.iter().enumerate() {
        let Some(Out::Text(label)) = row.first() else { continue };
        let Some(field) = Field::from_label(label) else {
            continue;
        };
        let at = r as u32 + 1;
        let hint = field.hint();
        if !hint.is_empty() {
            sheet.insert_note(
                at,
                0,
                &Note::new(hint).set_author("Goodwill").set_width(320).set_height(80),
            )?;
        }
        let source = match field {
            Field::Source => Some(&lists.documents),
            Field::Difficulty => Some(&lists.difficulty),
            Field::Sex => Some(&lists.sex),
            Field::Age => Some(&lists.age),
            Field::Glasses => Some(&lists.yes_no),
            Field::Start => Some(&lists.nodes),
            _ => None,
        };
        if let Some(source) = source {
            let validation = DataValidation::new()
                .allow_list_formula(Formula::new(source))
                .set_error_style(DataValidationErrorStyle::Warning);
            sheet.add_data_validation(at, 1, at, 1, &validation)?;
        }
        let range = match field {
            Field::StartingBalance => Some((0, 100)),
            Field::Temper => Some((25, 300)),
            _ => None,
        };
        if let Some((min, max)) = range {
            let validation = DataValidation::new()
                .allow_whole_number(DataValidationRule::Between(min, max))
                .set_error_message(format!(
                    "请填 {min} 到 {max} 之间的整数。\nWrite a whole number from {min} to {max}."
                ))?;
            sheet.add_data_validation(at, 1, at, 1, &validation)?;
        }
    }
    Ok(())
}

/// Every tag with its definition and an example, and the conditions; locked against edits.
fn glossary_sheet(sheet: &mut Worksheet, header: &Format, wrap: &Format) -> Result<(), XlsxError> {
    sheet.set_name(GLOSSARY_SHEET)?;
    let heads = [
        "名称 Tag",
        "类别 Kind",
        "中文名",
        "Name",
        "出处 Source",
        "定义",
        "Definition",
        "例句",
        "Example",
    ];
    for (col, text) in heads.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *text, header)?;
    }
    let mut row = 1u32;
    let mut put = |sheet: &mut Worksheet, cells: [String; 9]| -> Result<(), XlsxError> {
        for (col, text) in cells.iter().enumerate() {
            sheet.write_string_with_format(row, col as u16, text, wrap)?;
        }
        row += 1;
        Ok(())
    };
    for p in Principle::ALL {
        let (name, definition, example) = (p.name(), p.description(), glossary::principle_example(p));
        let kind = match p.golden_step() {
            Some(n) => format!("原则（黄金第{n}步） Principle (golden step {n})"),
            None => "原则 Principle".into(),
        };
        put(
            sheet,
            [
                format!("{p:?}"),
                kind,
                name.zh,
                name.en,
                p.source().number().into(),
                definition.zh,
                definition.en,
                example.zh,
                example.en,
            ],
        )?;
    }
    for a in AntiPattern::ALL {
        let name = a.name();
        let (definition, example) = glossary::anti_pattern_entry(a);
        put(
            sheet,
            [
                format!("{a:?}"),
                "反模式 Anti-pattern".into(),
                name.zh,
                name.en,
                a.source().number().into(),
                definition.zh,
                definition.en,
                example.zh,
                example.en,
            ],
        )?;
    }
    for (form, zh, en) in glossary::CONDITIONS {
        put(
            sheet,
            [
                form.into(),
                "条件 Condition".into(),
                String::new(),
                String::new(),
                String::new(),
                zh.into(),
                en.into(),
                String::new(),
                String::new(),
            ],
        )?;
    }
    for doc in Source::ALL {
        let title = doc.title();
        put(
            sheet,
            [
                format!("{doc:?}"),
                "来源文件 Document".into(),
                title.zh,
                title.en,
                doc.number().into(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ],
        )?;
    }
    widths(sheet, &[26.0, 22.0, 20.0, 28.0, 8.0, 40.0, 44.0, 36.0, 44.0])?;
    sheet.set_freeze_panes(1, 1)?;
    sheet.protect();
    Ok(())
}

/// The sheets of a workbook file (.xlsx, or .xls/.xlsb/.ods): the five a case is made of; others (the
/// glossary, the lists, a trainer's own notes) are left alone.
pub fn read(bytes: Vec<u8>) -> Result<Vec<Grid>, String> {
    let mut workbook = open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| {
        format!("this is not a workbook Goodwill can read (save it as .xlsx from Excel, WPS or LibreOffice): {e}")
    })?;
    let mut grids = Vec::new();
    for name in workbook.sheet_names() {
        let Some(sheet) = Sheet::named(&name) else { continue };
        let range = workbook
            .worksheet_range(&name)
            .map_err(|e| format!("cannot read the sheet `{name}`: {e}"))?;
        let (height, width) = range.end().map_or((0, 0), |(r, c)| (r as usize + 1, c as usize + 1));
        let rows = (0..height)
            .map(|r| {
                (0..width)
                    .map(|c| match range.get_value((r as u32, c as u32)) {
                        None | Some(Data::Empty) => Value::Empty,
                        Some(Data::String(s)) => Value::Text(s.clone()),
                        Some(Data::Float(f)) => Value::Number(*f),
                        Some(Data::Int(i)) => Value::Number(*i as f64),
                        Some(Data::Bool(b)) => Value::Bool(*b),
                        Some(Data::DateTime(d)) => Value::Date(d.to_string()),
                        Some(Data::DateTimeIso(d)) | Some(Data::DurationIso(d)) => Value::Date(d.clone()),
                        Some(Data::Error(e)) => Value::Error(format!("{e:?}")),
                    })
                    .collect()
            })
            .collect();
        grids.push(Grid {
            sheet,
            rows,
            lines: Vec::new(),
        });
    }
    Ok(grids)
}
