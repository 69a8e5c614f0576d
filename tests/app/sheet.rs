//! `goodwill sheet`: a case exported as a workbook or a CSV file and imported back plays as it did; the
//! mistakes a trainer makes in a sheet are named by sheet and cell; nothing is written over without
//! `--force`; and LibreOffice opens the workbook.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use goodwill_engine::Scenario;

use crate::harness::{goodwill, repo, shipped_cases, shipped_paths, tempdir};

fn load(path: &Path) -> Scenario {
    let loaded = goodwill_engine::load_file(path);
    let errors: Vec<String> = loaded.errors().map(ToString::to_string).collect();
    loaded
        .scenario
        .unwrap_or_else(|| panic!("{} does not load:\n{}", path.display(), errors.join("\n")))
}

fn run(args: &[&str]) -> (i32, String) {
    let (code, out, err) = goodwill(args);
    (code, format!("{out}{err}"))
}

/// Exports `case` to `dir/name` and imports it back to `dir/name.ron`: the scenario read from the result.
fn round_trip(case: &str, dir: &Path, name: &str) -> (Scenario, String) {
    let sheet = dir.join(name);
    let ron = dir.join(format!("{name}.ron"));
    let (code, out) = run(&["sheet", "export", case, "--out", sheet.to_str().unwrap()]);
    assert_eq!(code, 0, "export {case} to {name}: {out}");
    let (code, out) = run(&[
        "sheet",
        "import",
        sheet.to_str().unwrap(),
        "--out",
        ron.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "import {name}: {out}");
    assert!(out.contains("0 errors"), "{out}");
    (load(&ron), std::fs::read_to_string(&ron).unwrap())
}

/// Every result a path can have, compared between two copies of a case: the analysis of all its paths
/// (best, worst, every outcome's example, every node's balance range) and the best and worst paths played
/// with three seeds.
fn assert_plays_the_same(case: &str, original: &Scenario, copy: &Scenario) {
    let analysis = |s: &Scenario| serde_json::to_value(goodwill_engine::analyze::analyze(s)).unwrap();
    assert_eq!(analysis(original), analysis(copy), "{case}: the analysis differs");
    let (best, worst) = shipped_paths(case);
    for path in [best, worst] {
        let choices: Vec<usize> = path.iter().map(|c| c - 1).collect();
        for seed in 1..=3 {
            let play = |s: &Scenario| {
                let session = goodwill_engine::session::run(Arc::new(s.clone()), seed, &choices).unwrap();
                (session.report().cloned(), session.events().to_vec(), session.balance())
            };
            assert_eq!(
                play(original),
                play(copy),
                "{case}: path {path:?} with seed {seed} plays differently"
            );
        }
    }
}

#[test]
fn every_shipped_case_round_trips_through_a_workbook_and_a_csv_file() {
    let dir = tempdir("sheet-round-trip");
    let cases = shipped_cases();
    assert_eq!(cases.len(), 10, "the ten shipped cases");
    for case in &cases {
        let original = load(&repo().join("scenarios").join(format!("{case}.ron")));
        for name in [format!("{case}.xlsx"), format!("{case}.csv")] {
            let (copy, text) = round_trip(case, &dir, &name);
            assert_eq!(copy, original, "{name}: the imported case differs from the shipped one");
            assert_plays_the_same(case, &original, &copy);
            // Written like the shipped files: the file's comment on top, four-space indents, `Node("…")`.
            let shipped = std::fs::read_to_string(repo().join("scenarios").join(format!("{case}.ron"))).unwrap();
            assert_eq!(
                text.lines().next(),
                shipped.lines().next(),
                "{name}: the file comment is kept"
            );
            assert!(text.contains("\n    nodes: [\n        (\n            id: "), "{text}");
        }
    }
}

/// The cells of one sheet of a CSV file exported by `goodwill sheet export`, as (line in the file, cells).
fn csv_section(text: &str, section: &str) -> Vec<(usize, Vec<String>)> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let mut inside = false;
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.unwrap();
        let line = record.position().unwrap().line() as usize;
        let first = record.get(0).unwrap_or("");
        if first.starts_with('[') && first.ends_with(']') {
            inside = first == format!("[{section}]");
            continue;
        }
        if inside {
            rows.push((line, record.iter().map(str::to_string).collect()));
        }
    }
    rows
}

fn write_csv(rows: &[Vec<String>]) -> String {
    let mut writer = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
    for row in rows {
        writer.write_record(row).unwrap();
    }
    String::from_utf8(writer.into_inner().unwrap()).unwrap()
}

/// The soup case as CSV with `edit` applied to the choices section's cells (header included, row 0).
fn edited_soup_csv(
    dir: &Path,
    name: &str,
    edit: impl Fn(&mut Vec<Vec<String>>),
) -> (PathBuf, Vec<(usize, Vec<String>)>) {
    let file = dir.join(name);
    let (code, out) = run(&["sheet", "export", "spilled-soup", "--out", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    let text = std::fs::read_to_string(&file).unwrap();
    let choices = csv_section(&text, "选项 Choices");
    let mut rows: Vec<Vec<String>> = choices.iter().map(|(_, r)| r.clone()).collect();
    edit(&mut rows);
    // The choices section is the first: its lines are replaced, the rest of the file kept.
    let rest_from = text
        .lines()
        .position(|l| l.starts_with("\"\"") || l.is_empty())
        .unwrap();
    let rest: Vec<&str> = text.lines().skip(rest_from).collect();
    let rebuilt = format!("[选项 Choices]\n{}{}\n", write_csv(&rows), rest.join("\n"));
    std::fs::write(&file, rebuilt).unwrap();
    (file, choices)
}

fn column(header: &[String], name: &str) -> usize {
    header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name}"))
}

fn letter(col: usize) -> char {
    char::from(b'A' + col as u8)
}

#[test]
fn a_sheets_mistakes_are_named_by_sheet_and_cell_and_nothing_is_written() {
    let dir = tempdir("sheet-mistakes");
    let (file, original) = edited_soup_csv(&dir, "soup.csv", |rows| {
        let header = rows[0].clone();
        // Row 1 is the first choice of the first node; row 2 the second; row 3 the third.
        rows[1][column(&header, "下一步 Next")] = "arguee".into();
        rows[2][column(&header, "符合1 Applies 1")] = "ApologizeSincerely".into();
        rows[3][column(&header, "效果 Effect")] = String::new();
        rows[4][column(&header, "效果 Effect")] = "很多".into();
    });
    let header = &original[0].1;
    let line = |row: usize| original[row].0;
    let ron = dir.join("soup.ron");
    let (code, out) = run(&[
        "sheet",
        "import",
        file.to_str().unwrap(),
        "--out",
        ron.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(!ron.exists(), "nothing is written when a cell is wrong");
    let at = |row: usize, col: &str| {
        format!(
            "soup.csv:{}:{}（选项 Choices · {col}）",
            line(row),
            letter(column(header, col))
        )
    };
    for (place, words) in [
        (at(1, "下一步 Next"), "There is no node `arguee`. Did you mean `argue`?"),
        (at(2, "符合1 Applies 1"), "Did you mean `ApologiseSincerely`?"),
        (at(3, "效果 Effect"), "这个单元格不能空着"),
        (at(4, "效果 Effect"), "「很多」不是整数"),
    ] {
        assert!(
            out.lines()
                .any(|l| l.starts_with(&format!("{place}: error: ")) && l.contains(words)),
            "expected an error at {place} saying {words}:\n{out}"
        );
    }
    assert!(out.contains("4 error(s)"), "{out}");
}

#[test]
fn the_games_own_checks_are_named_by_the_cell_of_the_value() {
    let dir = tempdir("sheet-game-checks");
    let (file, original) = edited_soup_csv(&dir, "soup.csv", |rows| {
        let header = rows[0].clone();
        rows[1][column(&header, "效果 Effect")] = "45".into();
        rows[2][column(&header, "回答（英） Answer en")] = String::new();
    });
    let header = &original[0].1;
    let ron = dir.join("soup.ron");
    let (code, out) = run(&[
        "sheet",
        "import",
        file.to_str().unwrap(),
        "--out",
        ron.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{out}");
    let effect = format!("soup.csv:{}:{}（", original[1].0, letter(column(header, "效果 Effect")));
    let english = format!(
        "soup.csv:{}:{}（",
        original[2].0,
        letter(column(header, "回答（英） Answer en"))
    );
    assert!(
        out.lines()
            .any(|l| l.starts_with(&effect) && l.contains("error") && l.contains("45")),
        "the out-of-range effect at {effect}:\n{out}"
    );
    assert!(
        out.lines()
            .any(|l| l.starts_with(&english) && l.contains("missing translation")),
        "the missing English at {english}:\n{out}"
    );
}

/// A workbook with `edit` applied to the exported soup workbook's choices sheet, written anew (every
/// sheet's values kept).
fn edited_soup_workbook(dir: &Path, edit: impl Fn(&mut Vec<Vec<String>>)) -> PathBuf {
    use calamine::{Data, Reader, open_workbook_auto};
    let exported = dir.join("exported.xlsx");
    let (code, out) = run(&["sheet", "export", "spilled-soup", "--out", exported.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    let mut book = open_workbook_auto(&exported).unwrap();
    let mut workbook = rust_xlsxwriter::Workbook::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        let mut rows: Vec<Vec<String>> = range
            .rows()
            .map(|r| {
                r.iter()
                    .map(|c| match c {
                        Data::Empty => String::new(),
                        Data::Float(f) => f.to_string(),
                        other => other.to_string(),
                    })
                    .collect()
            })
            .collect();
        if name == "选项 Choices" {
            edit(&mut rows);
        }
        let sheet = workbook.add_worksheet();
        sheet.set_name(&name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, text) in row.iter().enumerate() {
                if !text.is_empty() {
                    sheet.write_string(r as u32, c as u16, text).unwrap();
                }
            }
        }
    }
    let edited = dir.join("edited.xlsx");
    workbook.save(&edited).unwrap();
    edited
}

#[test]
fn a_workbooks_mistakes_are_named_like_excel_names_the_cell() {
    let dir = tempdir("sheet-workbook-mistakes");
    let file = edited_soup_workbook(&dir, |rows| {
        let header = rows[0].clone();
        rows[1][column(&header, "下一步 Next")] = "nowhere".into();
        rows[2][column(&header, "违反1 Breaks 1")] = "ApologiseSincerely".into();
        rows[3][column(&header, "效果 Effect")] = "ten".into();
    });
    let (code, out) = run(&[
        "sheet",
        "import",
        file.to_str().unwrap(),
        "--out",
        dir.join("x.ron").to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{out}");
    let header = {
        let (_, rows) = edited_soup_csv(&dir, "header.csv", |_| {});
        rows[0].1.clone()
    };
    for (cell, words) in [
        (
            format!(
                "'选项 Choices'!{}2（下一步 Next）",
                letter(column(&header, "下一步 Next"))
            ),
            "There is no node `nowhere`",
        ),
        (
            format!(
                "'选项 Choices'!{}3（违反1 Breaks 1）",
                letter(column(&header, "违反1 Breaks 1"))
            ),
            "is a principle: put it in an Applies column",
        ),
        (
            format!(
                "'选项 Choices'!{}4（效果 Effect）",
                letter(column(&header, "效果 Effect"))
            ),
            "不是整数",
        ),
    ] {
        assert!(
            out.lines()
                .any(|l| l.starts_with(&format!("{cell}: error: ")) && l.contains(words)),
            "expected an error at {cell} saying {words}:\n{out}"
        );
    }
}

#[test]
fn nothing_is_written_over_without_force() {
    let dir = tempdir("sheet-force");
    let sheet = dir.join("soup.xlsx");
    let ron = dir.join("soup.ron");
    let (code, out) = run(&["sheet", "export", "spilled-soup", "--out", sheet.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    // Export: a trainer's edited sheet is never replaced by accident.
    let (code, out) = run(&["sheet", "export", "roaming-charge", "--out", sheet.to_str().unwrap()]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("already exists") && out.contains("--force"), "{out}");
    // Import: an existing scenario file is kept, byte for byte.
    std::fs::write(&ron, "// the trainer's own file\n").unwrap();
    let (code, out) = run(&[
        "sheet",
        "import",
        sheet.to_str().unwrap(),
        "--out",
        ron.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("already exists") && out.contains("--force"), "{out}");
    assert_eq!(std::fs::read_to_string(&ron).unwrap(), "// the trainer's own file\n");
    let (code, out) = run(&[
        "sheet",
        "import",
        sheet.to_str().unwrap(),
        "--out",
        ron.to_str().unwrap(),
        "--force",
    ]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(load(&ron).id, "spilled-soup");
    let (code, out) = run(&[
        "sheet",
        "export",
        "roaming-charge",
        "--out",
        sheet.to_str().unwrap(),
        "--force",
    ]);
    assert_eq!(code, 0, "{out}");
}

/// Runs LibreOffice headless on `file` with `convert` (a target and filter), into `outdir`, with its own
/// profile folder in `dir` (so a LibreOffice already open on this machine does not take the job); it is
/// given three minutes, then stopped and the test fails.
fn office_convert(office: &str, dir: &Path, convert: &str, outdir: &Path, file: &Path) {
    let mut child = std::process::Command::new(office)
        .args(["--headless", "--convert-to", convert, "--outdir"])
        .arg(outdir)
        .arg(file)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            dir.join("profile").display()
        ))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start LibreOffice");
    let limit = std::time::Instant::now() + std::time::Duration::from_secs(180);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(
                status.success(),
                "LibreOffice failed to convert {} to {convert}: {status}",
                file.display()
            );
            return;
        }
        if std::time::Instant::now() > limit {
            let _ = child.kill();
            panic!("LibreOffice did not convert {} within three minutes", file.display());
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

#[test]
fn libreoffice_opens_the_exported_workbook() {
    use std::io::Write;
    let Some(office) = ["libreoffice", "soffice"].into_iter().find(|p| {
        std::process::Command::new(p)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    }) else {
        // Straight to the terminal, past the test harness's capture, so a CI log shows it.
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED: LibreOffice (libreoffice or soffice) is not installed, so the exported workbook was not opened in it; .ci/run installs libreoffice-calc-nogui"
        );
        return;
    };
    let dir = tempdir("sheet-libreoffice");
    let sheet = dir.join("soup.xlsx");
    let (code, out) = run(&["sheet", "export", "spilled-soup", "--out", sheet.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    // Comma-separated, quoted text, UTF-8 (76): the first sheet, as LibreOffice reads it.
    office_convert(office, &dir, "csv:Text - txt - csv (StarCalc):44,34,76", &dir, &sheet);
    let csv = std::fs::read(dir.join("soup.csv")).expect("LibreOffice wrote the first sheet as CSV");
    let text = String::from_utf8_lossy(&csv);
    assert!(text.contains("你这汤是怎么端的？全洒到我身上了！"), "{text}");
    assert!(text.contains("How are you carrying that soup?"), "{text}");
    // A trainer who edits in LibreOffice saves the workbook with LibreOffice: that file imports too, to
    // the same case.
    let saved = dir.join("saved");
    office_convert(office, &dir, "xlsx:Calc MS Excel 2007 XML", &saved, &sheet);
    let ron = dir.join("soup.ron");
    let (code, out) = run(&[
        "sheet",
        "import",
        saved.join("soup.xlsx").to_str().unwrap(),
        "--out",
        ron.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(load(&ron), load(&repo().join("scenarios/spilled-soup.ron")));
}

/// The text of one part of a workbook (a zip of XML files).
fn workbook_part(file: &Path, part: &str) -> String {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::fs::File::open(file).unwrap()).unwrap();
    let mut text = String::new();
    archive.by_name(part).unwrap().read_to_string(&mut text).unwrap();
    text
}

#[test]
fn the_workbook_offers_drop_downs_and_a_locked_glossary_of_every_tag() {
    use calamine::{Reader, open_workbook_auto};
    let dir = tempdir("sheet-workbook-parts");
    let file = dir.join("soup.xlsx");
    let (code, out) = run(&["sheet", "export", "spilled-soup", "--out", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    let workbook = workbook_part(&file, "xl/workbook.xml");
    let names: Vec<&str> = workbook
        .split("<sheet name=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "选项 Choices",
            "案例 Case",
            "承诺 Promises",
            "事件 Events",
            "结局 Endings",
            "词表 Glossary",
            "列表 Lists"
        ]
    );
    assert!(
        workbook.contains("name=\"列表 Lists\" sheetId=\"7\" state=\"hidden\""),
        "{workbook}"
    );
    // The glossary is locked; the sheets a trainer edits are not.
    let part = |i: usize| workbook_part(&file, &format!("xl/worksheets/sheet{i}.xml"));
    assert!(part(6).contains("<sheetProtection"), "the glossary is protected");
    assert!(!part(1).contains("<sheetProtection"), "the choices sheet is editable");
    // Drop-downs: each tag column lists the tags, the next column the node ids (and End).
    let choices = part(1);
    let (_, header_row) = edited_soup_csv(&dir, "header.csv", |_| {})
        .1
        .into_iter()
        .next()
        .unwrap();
    for (header, list) in [
        ("符合1 Applies 1", "'列表 Lists'!$D$1:$D$13"),
        ("违反1 Breaks 1", "'列表 Lists'!$E$1:$E$13"),
        ("下一步 Next", "'列表 Lists'!$A$1:$A$11"),
    ] {
        let col = letter(column(&header_row, header));
        let validation = choices
            .split("<dataValidation ")
            .find(|v| v.contains(&format!("sqref=\"{col}2:")))
            .unwrap_or_else(|| panic!("no validation on column {col} ({header})"));
        assert!(
            validation.contains("type=\"list\"") && validation.contains(list),
            "{header}: {validation}"
        );
    }
    // Every principle and anti-pattern, with a definition and an example in both languages.
    let mut book = open_workbook_auto(&file).unwrap();
    let glossary = book.worksheet_range("词表 Glossary").unwrap();
    let tags: Vec<Vec<String>> = glossary
        .rows()
        .skip(1)
        .map(|r| r.iter().map(ToString::to_string).collect())
        .filter(|r: &Vec<String>| r[1].contains("Principle") || r[1].contains("Anti-pattern"))
        .collect();
    assert_eq!(tags.len(), 26, "13 principles and 13 anti-patterns");
    for row in &tags {
        assert!(row[5..9].iter().all(|c| !c.trim().is_empty()), "{row:?}");
    }
    assert!(tags.iter().any(|r| r[0] == "DraggingCompanyIn"));
}

#[test]
fn mistakes_on_the_case_and_promise_sheets_are_named_by_their_cells_too() {
    let dir = tempdir("sheet-case-mistakes");
    let file = dir.join("soup.csv");
    let (code, out) = run(&["sheet", "export", "spilled-soup", "--out", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    let text = std::fs::read_to_string(&file).unwrap();
    let line_of = |needle: &str| text.lines().position(|l| l.starts_with(needle)).unwrap() + 1;
    let (balance, promise) = (line_of("起始余额 Starting balance,"), line_of("new-suit,"));
    let edited = text
        .replace("起始余额 Starting balance,30,", "起始余额 Starting balance,三十,")
        .replace(
            "Replace Mr Li's suit with a new one,15,,",
            "Replace Mr Li's suit with a new one,,,",
        )
        .replace("NotHappened(towel-offered)", "NotHappened(towel-ofered)");
    assert_ne!(edited, text);
    std::fs::write(&file, edited).unwrap();
    let (code, out) = run(&[
        "sheet",
        "import",
        file.to_str().unwrap(),
        "--out",
        dir.join("soup.ron").to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{out}");
    for (start, words) in [
        (
            format!("soup.csv:{balance}:B（案例 Case · 起始余额 Starting balance）: error: "),
            "「三十」不是整数",
        ),
        (
            format!("soup.csv:{promise}:D（承诺 Promises · 分值 Value）: error: "),
            "这个单元格不能空着",
        ),
        (
            String::from("soup.csv:"),
            "There is no event `towel-ofered`. Did you mean `towel-offered`?",
        ),
    ] {
        assert!(
            out.lines().any(|l| l.starts_with(&start) && l.contains(words)),
            "expected {start}… {words}:\n{out}"
        );
    }
}

#[test]
fn a_csv_file_saved_by_excel_on_a_chinese_windows_is_read_too() {
    // Excel's and WPS's plain "CSV" there is GBK (GB18030) without a byte-order mark.
    let dir = tempdir("sheet-gbk");
    let file = dir.join("soup.csv");
    let (code, out) = run(&["sheet", "export", "spilled-soup", "--out", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    let text = std::fs::read_to_string(&file).unwrap();
    let (gbk, _, lossy) = encoding_rs::GB18030.encode(text.trim_start_matches('\u{feff}'));
    assert!(!lossy);
    assert!(std::str::from_utf8(&gbk).is_err(), "the test file is not UTF-8");
    std::fs::write(&file, &gbk).unwrap();
    let ron = dir.join("soup.ron");
    let (code, out) = run(&[
        "sheet",
        "import",
        file.to_str().unwrap(),
        "--out",
        ron.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(load(&ron), load(&repo().join("scenarios/spilled-soup.ron")));
    // Bytes that are neither are refused with what to do.
    std::fs::write(&file, b"\xff\xfe\x00[\x00").unwrap();
    let (code, out) = run(&[
        "sheet",
        "import",
        file.to_str().unwrap(),
        "--out",
        dir.join("x.ron").to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("CSV UTF-8"), "{out}");
}
