//! The shipped font: it covers every character the game shows, and English lines get quotes that sit
//! with their words.

use bevy::prelude::*;
use goodwill::game::input::UiAction;
use goodwill::game::run::ActiveRun;
use goodwill::game::settings::Settings;
use goodwill_engine::Lang;

use crate::harness::{click, headless, pick_case_with_keys, press, repo, scenario_dir, type_line, visible_text};

/// Every character the interface and the scenarios show must be in the shipped CJK subset.
#[test]
fn font_covers_every_character() {
    let font = std::fs::read(repo().join("assets/fonts/NotoSansSC-goodwill.otf")).expect("font shipped");
    assert!(
        repo().join("assets/fonts/OFL.txt").is_file(),
        "the font's licence ships with it"
    );
    let face = ttf_parser::Face::parse(&font, 0).expect("the shipped font parses");
    let mut texts: Vec<String> = Vec::new();
    for lang in Lang::ALL {
        texts.extend(
            goodwill::i18n::Phrase::ALL
                .iter()
                .map(|k| goodwill::i18n::tr(*k, lang).to_string()),
        );
        texts.extend(
            goodwill_engine::Principle::ALL
                .iter()
                .map(|p| p.name().get(lang).to_string()),
        );
        texts.extend(
            goodwill_engine::Principle::ALL
                .iter()
                .map(|p| p.description().get(lang).to_string()),
        );
        texts.extend(
            goodwill_engine::account::rules()
                .iter()
                .map(|r| r.get(lang).to_string()),
        );
        texts.push(goodwill_engine::accuracy::rules().get(lang).to_string());
        texts.extend(
            goodwill_engine::accuracy::Class::ALL
                .iter()
                .map(|c| c.label().get(lang).to_string()),
        );
        texts.extend(
            goodwill_engine::accuracy::Class::ALL
                .iter()
                .map(|c| c.mark().to_string()),
        );
        texts.extend(
            goodwill_engine::AntiPattern::ALL
                .iter()
                .map(|p| p.name().get(lang).to_string()),
        );
        {
            use goodwill::game::settings::SettingsFault;
            let faults = [
                SettingsFault::Utf16,
                SettingsFault::NotUtf8 { line: 1 },
                SettingsFault::Rules { line: 1, column: 1 },
                SettingsFault::Unreadable,
            ];
            texts.extend(faults.iter().map(|f| f.describe(lang)));
        }
        {
            // The title's line about results waiting for the LRS, with every problem it can name.
            use goodwill::game::lrs_sender::{SendProblem, SendStatus};
            let endpoint = "http://lrs.example.com/xAPI".to_owned();
            let problems = [
                SendProblem::NotSetUp("no password".into()),
                SendProblem::Unreachable {
                    endpoint: endpoint.clone(),
                },
                SendProblem::WrongPassword {
                    endpoint: endpoint.clone(),
                },
                SendProblem::Forbidden {
                    endpoint: endpoint.clone(),
                },
                SendProblem::Tls { endpoint },
            ];
            for problem in problems {
                let status = SendStatus {
                    enabled: true,
                    waiting: 3,
                    parked: 2,
                    problem: Some(problem),
                    generation: 0,
                };
                texts.extend(status.title_line(lang));
            }
        }
        texts.extend(
            goodwill_engine::Outcome::ALL
                .iter()
                .map(|o| goodwill_engine::report::word_of_mouth(*o).get(lang).to_string()),
        );
    }
    for entry in std::fs::read_dir(repo().join("scenarios")).unwrap() {
        texts.push(std::fs::read_to_string(entry.unwrap().path()).unwrap());
    }
    texts.push("✓×–⚠•→■▏★［］".into());
    let mut missing: Vec<char> = texts
        .concat()
        .chars()
        .filter(|c| !c.is_control() && face.glyph_index(*c).is_none())
        .collect();
    missing.sort();
    missing.dedup();
    assert!(
        missing.is_empty(),
        "not in the font subset (run assets/fonts/subset.py): {missing:?}"
    );
}

/// The checker's list of the font's characters (`engine/src/font_chars.txt`, written by
/// `assets/fonts/subset.py`) is exactly what the shipped font maps: `check` names a character as missing
/// when, and only when, the game would draw a box for it.
#[test]
fn the_checkers_character_list_is_the_fonts() {
    let font = std::fs::read(repo().join("assets/fonts/NotoSansSC-goodwill.otf")).expect("font shipped");
    let face = ttf_parser::Face::parse(&font, 0).expect("the shipped font parses");
    let listed: std::collections::BTreeSet<u32> = goodwill_engine::glyphs::covered().collect();
    let mapped: std::collections::BTreeSet<u32> = (0..0x3_2400u32)
        .filter_map(char::from_u32)
        // Glyph 0 is the box itself (a format 4 table's closing segment maps U+FFFF to it).
        .filter(|c| face.glyph_index(*c).is_some_and(|g| g.0 != 0))
        .map(u32::from)
        .collect();
    let only_listed: Vec<_> = listed.difference(&mapped).take(10).collect();
    let only_mapped: Vec<_> = mapped.difference(&listed).take(10).collect();
    assert!(
        only_listed.is_empty() && only_mapped.is_empty(),
        "rerun assets/fonts/subset.py: listed but not in the font {only_listed:x?}; in the font but not listed {only_mapped:x?}"
    );
    // The whole basic block of CJK ideographs: every character of GB 2312 and of the 8,105 of the
    // 通用规范汉字表 in that block, so a name a trainer types is drawn.
    // The 8,105's characters outside it, in Extensions B–F, as far as Noto Sans CJK SC has them.
    for c in ['喆', '堃', '淼', '犇', '赟', '昇', '玥', '䶮', '𬌗', '𫖯'] {
        assert!(face.glyph_index(c).is_some(), "{c} is drawn");
    }
}

/// A trainee named with a character outside GB 2312 (喆, common in names) is shown by that name, in
/// glyphs the shipped font has.
#[test]
fn a_name_with_a_rare_character_is_shown_in_glyphs_the_font_has() {
    let font = std::fs::read(repo().join("assets/fonts/NotoSansSC-goodwill.otf")).expect("font shipped");
    let face = ttf_parser::Face::parse(&font, 0).expect("the shipped font parses");
    let dir = scenario_dir("rare-name", false);
    let mut app = headless(&dir);
    click(&mut app, |b| b.action == UiAction::Play);
    type_line(&mut app, "王喆");
    let shown = visible_text(&mut app);
    assert!(shown.contains("王喆"), "{shown}");
    let boxes: Vec<char> = shown
        .chars()
        .filter(|c| !c.is_control() && !c.is_whitespace() && face.glyph_index(*c).is_none())
        .collect();
    assert!(boxes.is_empty(), "drawn as boxes: {boxes:?}");
}

/// The shipped font is a Chinese one, whose curly quotes are full-width: English lines are shown with
/// straight quotes, so a quotation doesn't stand apart from its words; Chinese keeps its own.
#[test]
fn english_lines_are_shown_with_quotes_that_sit_with_their_words() {
    let dir = scenario_dir("quotes", false);
    // Quotation marks in the first answer of the case's first node, whatever its words are today.
    let file = dir.join("late-for-appointment.ron");
    let text = std::fs::read_to_string(&file).unwrap();
    let choices = text.find("choices: [").expect("the first node has choices");
    let zh = choices + text[choices..].find("zh: \"").unwrap() + "zh: \"".len();
    let en = choices + text[choices..].find("en: \"").unwrap() + "en: \"".len();
    let mut quoted = text.clone();
    quoted.insert_str(en, "‘Quoted’ ");
    quoted.insert_str(zh, "“引用”");
    std::fs::write(&file, quoted).unwrap();
    let mut app = headless(&dir);
    click(&mut app, |b| b.action == UiAction::Play);
    type_line(&mut app, "Ann");
    pick_case_with_keys(&mut app, "late-for-appointment");
    while app.world().resource::<ActiveRun>().phase != goodwill::game::run::Phase::Choosing {
        press(&mut app, KeyCode::Space);
    }
    let chinese = visible_text(&mut app);
    app.world_mut().resource_mut::<Settings>().lang = Lang::En;
    for _ in 0..3 {
        app.update();
    }
    let english = visible_text(&mut app);
    assert!(english.contains("'Quoted' "), "{english}");
    assert!(!english.contains(['‘', '’', '“', '”']), "{english}");
    assert!(chinese.contains("“引用”"), "{chinese}");
}
