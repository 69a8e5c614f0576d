//! The same sheets as one CSV file, for a trainer without a spreadsheet program: each sheet is a section
//! that starts with a line holding only its name in brackets (`[选项 Choices]`), then its header and rows.
//! UTF-8 with a byte-order mark, so Excel shows the Chinese; any text editor or LibreOffice opens it.

use std::path::Path;

use super::book::{Grid, Sheet, Value};
use super::to_sheet::{Book, Out};

/// The file's bytes.
pub fn write(book: &Book) -> Result<Vec<u8>, String> {
    let mut out = Vec::from("\u{feff}".as_bytes());
    {
        let mut writer = csv::WriterBuilder::new().flexible(true).from_writer(&mut out);
        let fail = |e: csv::Error| format!("cannot write the CSV file: {e}");
        for (i, table) in book.tables.iter().enumerate() {
            if i > 0 {
                writer.write_record([""]).map_err(fail)?;
            }
            writer
                .write_record([format!("[{}]", table.sheet.name())])
                .map_err(fail)?;
            writer.write_record(&table.header).map_err(fail)?;
            for row in &table.rows {
                let cells: Vec<String> = row
                    .iter()
                    .map(|c| match c {
                        Out::Empty => String::new(),
                        Out::Text(s) => s.clone(),
                        Out::Int(n) => n.to_string(),
                    })
                    .collect();
                writer.write_record(&cells).map_err(fail)?;
            }
        }
        writer.flush().map_err(|e| format!("cannot write the CSV file: {e}"))?;
    }
    Ok(out)
}

/// The section a line opens, if it is a `[name]` line.
fn section(record: &csv::StringRecord) -> Option<Result<Sheet, String>> {
    let first = record.get(0)?.trim();
    let rest_empty = record.iter().skip(1).all(|c| c.trim().is_empty());
    let name = first.strip_prefix('[')?.strip_suffix(']')?;
    rest_empty.then(|| Sheet::named(name).ok_or_else(|| name.to_string()))
}

/// The sheets of a CSV file written by [`write`] (and edited since).
pub fn read(path: &Path, bytes: Vec<u8>) -> Result<Vec<Grid>, String> {
    let name = path.display();
    // Excel's and WPS's plain "CSV" on a Chinese Windows is GB18030 (GBK): read it as that when it is not
    // UTF-8 (text in one is almost never valid in the other).
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => match encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(e.as_bytes()) {
            Some(text) => text.into_owned(),
            None => {
                return Err(format!(
                    "{name}: 文件既不是 UTF-8 也不是 GBK 编码。在 Excel 里请另存为“CSV UTF-8（逗号分隔）”，在 WPS 或 LibreOffice 里选 UTF-8 编码。 The file is neither UTF-8 nor GBK text: in Excel save as \"CSV UTF-8 (Comma delimited)\"; in WPS or LibreOffice choose the UTF-8 character set."
                ));
            }
        },
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut grids: Vec<Grid> = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                return Err(format!(
                    "{name}:{line}: this line is not valid CSV ({e}): check its quotes"
                ));
            }
        }
        let line = record.position().map_or(0, |p| p.line() as usize);
        match section(&record) {
            Some(Ok(sheet)) => {
                if grids.iter().any(|g| g.sheet == sheet) {
                    return Err(format!(
                        "{name}:{line}: the section [{}] appears twice: merge them",
                        sheet.name()
                    ));
                }
                grids.push(Grid {
                    sheet,
                    rows: Vec::new(),
                    lines: Vec::new(),
                });
                continue;
            }
            Some(Err(other)) => {
                return Err(format!(
                    "{name}:{line}: [{other}] is not a section Goodwill knows: the sections are {}",
                    Sheet::ALL
                        .iter()
                        .map(|s| format!("[{}]", s.name()))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            None => {}
        }
        let Some(grid) = grids.last_mut() else {
            if record.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            return Err(format!(
                "{name}:{line}: the file must start with a section line such as [{}] (export one with `goodwill sheet export CASE --out case.csv`)",
                Sheet::Choices.name()
            ));
        };
        // The blank line between sections belongs to no sheet.
        if record.iter().all(|c| c.trim().is_empty()) && grid.rows.is_empty() {
            continue;
        }
        grid.rows.push(
            record
                .iter()
                .map(|c| {
                    if c.is_empty() {
                        Value::Empty
                    } else {
                        Value::Text(c.to_string())
                    }
                })
                .collect(),
        );
        grid.lines.push(line);
    }
    Ok(grids)
}
