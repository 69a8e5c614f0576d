//! `goodwill sheet export` and `goodwill sheet import`: a case as a spreadsheet a trainer edits (xlsx, or
//! CSV without a spreadsheet program) and back to RON, checked by the game's own rules, with every
//! problem named by its sheet and cell.

pub mod book;
mod csv;
pub mod from_sheet;
mod glossary;
mod parse;
mod read_choices;
pub mod ron_text;
pub mod to_sheet;
mod xlsx;

use std::path::Path;

use goodwill_engine::Diagnostic;
use goodwill_store::output::OutputGuard;

use super::output::outln;
use book::{Grid, Origin, Place, Problem};

/// The file formats, by the name's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Workbook,
    Csv,
}

fn format_of(path: &Path, reading: bool) -> Result<Format, String> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "xlsx" => Ok(Format::Workbook),
        "xls" | "xlsb" | "ods" if reading => Ok(Format::Workbook),
        "csv" => Ok(Format::Csv),
        _ => Err(format!(
            "{}: the file must end in .xlsx or .csv{}",
            path.display(),
            if reading { " (.xls and .ods are read too)" } else { "" }
        )),
    }
}

/// Writes through the guard: a new file, or with `force` over an existing one.
fn write(guard: &OutputGuard, out: &Path, bytes: &[u8], force: bool) -> Result<(), String> {
    let written = if force {
        guard.replace(out, bytes)
    } else {
        guard.create(out, bytes)
    };
    written.map_err(|e| match &e {
        goodwill_store::StoreError::Io { source, .. } if source.kind() == std::io::ErrorKind::AlreadyExists => format!(
            "{} already exists: nothing was written (pass --force to write over it, or choose another --out)",
            out.display()
        ),
        _ => format!("cannot write {}: {e}", out.display()),
    })
}

/// The `//` lines above `Scenario(` in a scenario file, without their slashes.
fn leading_comment(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.lines()
        .take_while(|l| l.trim_start().starts_with("//") || l.trim().is_empty())
        .filter_map(|l| l.trim_start().strip_prefix("//"))
        .map(|l| l.strip_prefix(' ').unwrap_or(l).trim_end())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The bytes of a case's sheets in `format`, after checking that reading them back gives the same case.
fn export_bytes(scenario: &goodwill_engine::Scenario, comment: &str, format: Format) -> Result<Vec<u8>, String> {
    let book = to_sheet::book(scenario, comment);
    let back = from_sheet::scenario(&book.as_read());
    if back.scenario.as_ref() != Some(scenario) || back.comment != comment {
        let problems: Vec<String> = back
            .problems
            .iter()
            .map(|p| p.show(&Origin::Workbook, Path::new("")))
            .collect();
        return Err(format!(
            "this case cannot be written as a sheet without losing something (a text with spaces at its ends, or two line variants of a node with the same condition?){}{}",
            if problems.is_empty() { "" } else { ":\n" },
            problems.join("\n")
        ));
    }
    match format {
        Format::Workbook => xlsx::write(&book),
        Format::Csv => csv::write(&book),
    }
}

/// `goodwill sheet export CASE --out FILE [--force]`.
pub fn export(case: &str, out: &Path, force: bool, guard: &OutputGuard) -> Result<i32, String> {
    let format = format_of(out, false)?;
    guard.check(out).map_err(|e| e.to_string())?;
    if out.exists() && !force {
        return Err(format!(
            "{} already exists: nothing was written (pass --force to write over it, or choose another --out)",
            out.display()
        ));
    }
    let path = crate::paths::resolve_scenario(case)?;
    let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    // A case with errors is exported too: the sheet is where they get fixed.
    let scenario = goodwill_engine::load::parse(&path, &text)
        .map_err(|d| format!("{d}\n(fix this in the file first: a sheet can only be made from a file that reads)"))?;
    let bytes = export_bytes(&scenario, &leading_comment(&text), format)?;
    write(guard, out, &bytes, force)?;
    let choices: usize = scenario.nodes.iter().map(|n| n.choices.len()).sum();
    outln!(
        "wrote {}: {} nodes, {choices} choices, {} promises, {} events.",
        out.display(),
        scenario.nodes.len(),
        scenario.promises.len(),
        scenario.events.len()
    );
    outln!(
        "Edit it, then: goodwill sheet import {} --out scenarios/{}.ron",
        out.display(),
        scenario.id
    );
    Ok(0)
}

/// Reads a sheet file into its sheets.
fn read(file: &Path) -> Result<(Vec<Grid>, Origin), String> {
    let format = format_of(file, true)?;
    if !file.is_file() {
        return Err(format!("{}: no such file", file.display()));
    }
    let bytes = std::fs::read(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    match format {
        Format::Workbook => Ok((xlsx::read(bytes)?, Origin::Workbook)),
        Format::Csv => Ok((csv::read(file, bytes)?, Origin::Csv(file.to_path_buf()))),
    }
}

/// A diagnostic of the game's checks, named by the cell its value came from.
fn at_cell(d: &Diagnostic, written: &ron_text::Written, origins: &std::collections::HashMap<String, Place>) -> Problem {
    let place = match (d.line, d.column) {
        (Some(line), Some(column)) => written.key_at(line, column).and_then(|key| {
            // The value's own cell, else its nearest enclosing value's.
            let mut key = key;
            loop {
                if let Some(place) = origins.get(key) {
                    return Some(place.clone());
                }
                key = &key[..key.rfind('.')?];
            }
        }),
        _ => None,
    };
    Problem {
        error: d.is_error(),
        at: place,
        sheet: None,
        message: d.message.clone(),
    }
}

/// `goodwill sheet import FILE --out FILE.ron [--force]`.
pub fn import(file: &Path, out: &Path, force: bool, guard: &OutputGuard) -> Result<i32, String> {
    if out.extension().is_none_or(|x| x != "ron") {
        return Err(format!("{}: a scenario file's name ends in .ron", out.display()));
    }
    guard.check(out).map_err(|e| e.to_string())?;
    if out.exists() && !force {
        return Err(format!(
            "{} already exists: nothing was written (pass --force to write over it, or choose another --out)",
            out.display()
        ));
    }
    let (grids, origin) = read(file)?;
    let imported = from_sheet::scenario(&grids);
    let mut problems = imported.problems;
    let mut written_text = None;
    if let Some(scenario) = &imported.scenario {
        let written = ron_text::write(scenario, &imported.comment);
        let loaded = goodwill_engine::load_str(out, &written.text);
        let mut diagnostics = loaded.diagnostics.clone();
        // The checks `goodwill check` adds to a load (rules that read only the answers' words).
        if let Some(scenario) = &loaded.scenario {
            diagnostics.extend(goodwill_engine::surface::diagnostics(scenario, out, &written.text));
        }
        problems.extend(diagnostics.iter().map(|d| at_cell(d, &written, &imported.origins)));
        if loaded.is_ok() {
            written_text = Some(written.text);
        }
    }
    // In the order a trainer reads the file: sheet by sheet, row by row; what concerns no cell last.
    problems.sort_by_key(|p| {
        let sheet = p.at.as_ref().map(|a| a.sheet).or(p.sheet);
        let order = sheet.and_then(|s| book::Sheet::ALL.iter().position(|x| *x == s));
        let cell = p.at.as_ref().map(|a| (a.row, a.col));
        (order.is_none(), order, cell.is_none(), cell)
    });
    let errors = problems.iter().filter(|p| p.error).count();
    let warnings = problems.len() - errors;
    for problem in &problems {
        outln!("{}", problem.show(&origin, file));
    }
    match written_text {
        Some(text) if errors == 0 => {
            write(guard, out, text.as_bytes(), force)?;
            outln!(
                "wrote {}: it checks with 0 errors and {warnings} warning(s). Play it: goodwill play --text {}",
                out.display(),
                out.display()
            );
            Ok(0)
        }
        _ => {
            outln!(
                "{errors} error(s), {warnings} warning(s): nothing was written. Fix the cells named above and import again."
            );
            Ok(1)
        }
    }
}
