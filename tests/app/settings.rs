//! The settings a player and a trainer change: language, text speed and size, and the trainer PIN that
//! locks them; a settings file from outside is checked and a broken one kept.

use bevy::prelude::*;
use goodwill::game::input::UiAction;
use goodwill::game::run::ActiveRun;
use goodwill::game::settings::Settings;
use goodwill::game::settings::TextSize;
use goodwill_engine::Lang;

use crate::harness::{
    click, digit, headless, pick_case_with_keys, press, scenario_dir, tempdir, type_line, visible_text,
};

#[test]
fn switching_language_changes_the_visible_text() {
    let dir = scenario_dir("language", false);
    let mut app = headless(&dir);
    assert!(visible_text(&mut app).contains("开始"));
    app.world_mut().resource_mut::<Settings>().lang = Lang::En;
    app.update();
    let text = visible_text(&mut app);
    assert!(text.contains("Play") && !text.contains("开始"), "{text}");
}

#[test]
fn text_speed_setting_slows_the_reveal_or_shows_the_line_at_once() {
    let dir = scenario_dir("text-speed", false);
    let mut app = headless(&dir);
    click(&mut app, |b| b.action == UiAction::OpenSettings);
    // Normal → fast → instant, from the settings screen.
    click(&mut app, |b| b.action == UiAction::CycleTextSpeed);
    click(&mut app, |b| b.action == UiAction::CycleTextSpeed);
    assert_eq!(
        app.world().resource::<Settings>().text_speed,
        goodwill::game::settings::TextSpeed::Instant
    );
    assert!(visible_text(&mut app).contains("立即显示"));
    press(&mut app, KeyCode::Escape);
    click(&mut app, |b| b.action == UiAction::Play);
    type_line(&mut app, "Ann");
    pick_case_with_keys(&mut app, "spilled-soup");
    for _ in 0..3 {
        app.update();
    }
    assert_eq!(
        app.world().resource::<ActiveRun>().phase,
        goodwill::game::run::Phase::Choosing,
        "the answers are offered without waiting for the text"
    );
}

#[test]
fn settings_cycle_backwards_with_the_left_arrow() {
    let dir = scenario_dir("cycle", false);
    let mut app = headless(&dir);
    click(&mut app, |b| b.action == UiAction::OpenSettings);
    assert_eq!(app.world().resource::<Settings>().text_size, TextSize::Medium);
    // The language line is focused when settings open; ↓ to the text size, then ← makes the text
    // smaller, and wraps to the largest.
    press(&mut app, KeyCode::ArrowDown);
    press(&mut app, KeyCode::ArrowLeft);
    assert_eq!(app.world().resource::<Settings>().text_size, TextSize::Small);
    press(&mut app, KeyCode::ArrowLeft);
    assert_eq!(app.world().resource::<Settings>().text_size, TextSize::ExtraLarge);
    press(&mut app, KeyCode::ArrowRight);
    assert_eq!(app.world().resource::<Settings>().text_size, TextSize::Small);
    assert!(
        visible_text(&mut app).contains("字号：小"),
        "{}",
        visible_text(&mut app)
    );
}

/// Types a PIN on the number keys (0 is the tenth), then Enter.
fn type_digits(app: &mut App, digits: &str) {
    for c in digits.chars() {
        let n = c.to_digit(10).unwrap() as usize;
        press(app, digit(if n == 0 { 10 } else { n }));
    }
    press(app, KeyCode::Enter);
}

#[test]
fn a_trainer_pin_locks_language_text_size_and_feedback_until_entered() {
    let dir = scenario_dir("pin", false);
    let mut app = headless(&dir);
    click(&mut app, |b| b.action == UiAction::OpenSettings);
    click(&mut app, |b| b.action == UiAction::EnterPin);
    type_digits(&mut app, "12");
    assert!(app.world().resource::<Settings>().trainer_pin.is_none(), "too short");
    assert!(visible_text(&mut app).contains("4–8"));
    // A new PIN is typed twice; the trainer who set it stays unlocked until *Lock again*.
    type_digits(&mut app, "2468");
    type_digits(&mut app, "2468");
    assert!(!app.world().resource::<Settings>().locked(app.world().resource()));
    click(&mut app, |b| b.action == UiAction::LockSettings);
    let settings = app.world().resource::<Settings>().clone();
    let pin = settings.trainer_pin.clone().expect("a PIN is set");
    // The file keeps a salted hash, never the digits.
    let saved = ron::ser::to_string(&settings).unwrap();
    assert!(!saved.contains("2468") && saved.contains("blake3:"), "{saved}");
    assert!(pin.matches("2468") && !pin.matches("2469"));
    // Locked: the buttons say so and change nothing, and the title's L key cannot switch the language.
    assert!(visible_text(&mut app).contains("已锁定"));
    let size = settings.text_size;
    click(&mut app, |b| b.action == UiAction::CycleTextSize);
    click(&mut app, |b| b.action == UiAction::ToggleFeedback);
    click(&mut app, |b| b.action == UiAction::ToggleLanguage);
    let now = app.world().resource::<Settings>().clone();
    assert_eq!(
        (now.text_size, now.feedback_after_choice, now.lang),
        (size, true, Lang::Zh)
    );
    assert!(visible_text(&mut app).contains("培训师锁定"));
    click(&mut app, |b| b.action == UiAction::Back);
    press(&mut app, KeyCode::KeyL);
    assert_eq!(
        app.world().resource::<Settings>().lang,
        Lang::Zh,
        "L on the title is held too"
    );
    // A wrong PIN keeps the lock; the right one lifts it for this session.
    click(&mut app, |b| b.action == UiAction::OpenSettings);
    click(&mut app, |b| b.action == UiAction::EnterPin);
    type_digits(&mut app, "1111");
    assert!(visible_text(&mut app).contains("密码不对"));
    assert!(app.world().resource::<Settings>().locked(app.world().resource()));
    // The field stays open for another try.
    type_digits(&mut app, "2468");
    assert!(!visible_text(&mut app).contains("已锁定"));
    click(&mut app, |b| b.action == UiAction::CycleTextSize);
    assert_eq!(app.world().resource::<Settings>().text_size, size.next());
    // Lock again, unlock, and remove the PIN: everything is free again.
    click(&mut app, |b| b.action == UiAction::LockSettings);
    assert!(visible_text(&mut app).contains("已锁定"));
    click(&mut app, |b| b.action == UiAction::EnterPin);
    type_digits(&mut app, "2468");
    // Guessing: after three wrong PINs in a row the next try waits, and even the right PIN is not tried
    // during the wait.
    click(&mut app, |b| b.action == UiAction::LockSettings);
    click(&mut app, |b| b.action == UiAction::EnterPin);
    for guess in ["0000", "0001"] {
        type_digits(&mut app, guess);
        assert!(!visible_text(&mut app).contains("秒后再试"));
    }
    type_digits(&mut app, "0002");
    assert!(visible_text(&mut app).contains("密码错误次数过多，请 30 秒后再试"));
    type_digits(&mut app, "2468");
    assert!(visible_text(&mut app).contains("秒后再试"));
    assert!(app.world().resource::<Settings>().locked(app.world().resource()));
    // Leaving the screen does not start the count again.
    click(&mut app, |b| b.action == UiAction::Back);
    click(&mut app, |b| b.action == UiAction::Back);
    click(&mut app, |b| b.action == UiAction::OpenSettings);
    click(&mut app, |b| b.action == UiAction::EnterPin);
    type_digits(&mut app, "2468");
    assert!(app.world().resource::<Settings>().locked(app.world().resource()));
    // Once the wait is over, the right PIN unlocks and the count starts again.
    app.world_mut()
        .resource_mut::<goodwill::game::screens::settings::PinTries>()
        .refused_until = Some(0.0);
    type_digits(&mut app, "2468");
    assert!(!app.world().resource::<Settings>().locked(app.world().resource()));
    assert_eq!(
        app.world()
            .resource::<goodwill::game::screens::settings::PinTries>()
            .wrong_in_a_row,
        0
    );
    click(&mut app, |b| b.action == UiAction::ClearPin);
    assert!(app.world().resource::<Settings>().trainer_pin.is_none());
    click(&mut app, |b| b.action == UiAction::ToggleLanguage);
    assert_eq!(app.world().resource::<Settings>().lang, Lang::En);
}

#[test]
fn a_settings_file_from_outside_is_checked_and_a_broken_one_is_kept() {
    // A PIN typed into the file by hand, a misspelt field, a syntax error: each refused, with the reason.
    for (text, says) in [
        ("(trainer_pin: \"1234\")", "trainer_pin"),
        ("(text_sise: Large)", "text_sise"),
        ("(lang: Zh", ""),
    ] {
        let error = Settings::parse(text).expect_err(text);
        assert!(error.contains(says), "{text}: {error}");
    }
    let good = Settings {
        trainer_pin: goodwill::game::settings::PinHash::new("8080"),
        ..Settings::default()
    };
    let text = ron::ser::to_string(&good).unwrap();
    assert_eq!(
        Settings::parse(&text).unwrap(),
        good,
        "what the game writes, it reads back"
    );
    // A broken file is set aside, byte for byte, and the game says where.
    let config = tempdir("broken-settings");
    let path = config.join("settings.ron");
    std::fs::write(&path, "(trainer_pin: \"1234\")").unwrap();
    let (settings, problem) = Settings::load_from(&path);
    let broken = problem.0.expect("the problem is reported");
    let kept = broken.kept_as.expect("the file is kept");
    assert_eq!(std::fs::read_to_string(&kept).unwrap(), "(trainer_pin: \"1234\")");
    assert!(!path.exists(), "the next save cannot overwrite it");
    assert_eq!(settings.trainer_pin, None);
    settings.save_to(&path).unwrap();
    assert_eq!(std::fs::read_to_string(&kept).unwrap(), "(trainer_pin: \"1234\")");
}

#[test]
fn a_settings_file_that_is_not_utf8_is_kept_and_reported_in_the_players_language() {
    let good = Settings {
        trainer_pin: goodwill::game::settings::PinHash::new("8080"),
        ..Settings::default()
    };
    let text = ron::ser::to_string(&good).unwrap();
    // Notepad's "ANSI" on a Chinese Windows: a comment in GBK ("设置" is C9 E8 D6 C3).
    let mut gbk = b"// \xC9\xE8\xD6\xC3\n".to_vec();
    gbk.extend_from_slice(text.as_bytes());
    // Notepad's "Unicode": UTF-16 little-endian with a byte order mark.
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    // Notepad's "UTF-8" adds a byte order mark: that one is fine.
    let mut with_bom = b"\xEF\xBB\xBF".to_vec();
    with_bom.extend_from_slice(text.as_bytes());
    let (settings, problem) = Settings::load_from(&write_settings("settings-bom", &with_bom));
    assert_eq!(problem.0, None);
    assert_eq!(settings.trainer_pin, good.trainer_pin, "the PIN is read through a BOM");

    for (name, bytes, zh_words) in [("gbk", gbk, "UTF-8"), ("utf16", utf16, "UTF-16")] {
        let path = write_settings(name, &bytes);
        let (settings, problem) = Settings::load_from(&path);
        let broken = problem.0.unwrap_or_else(|| panic!("{name}: the problem is reported"));
        let kept = broken.kept_as.unwrap_or_else(|| panic!("{name}: the file is kept"));
        assert_eq!(std::fs::read(&kept).unwrap(), bytes, "{name}: kept byte for byte");
        assert!(!path.exists(), "{name}: the next save cannot overwrite it");
        settings.save_to(&path).unwrap();
        assert_eq!(std::fs::read(&kept).unwrap(), bytes, "{name}: still there after a save");
        // The banner's reason is in the player's language: Chinese words for a Chinese player.
        let zh = broken.fault.describe(Lang::Zh);
        assert!(zh.contains(zh_words) && zh.contains("另存为"), "{name}: {zh}");
        let latin_words = zh
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| w.len() > 3)
            .count();
        assert!(latin_words <= 1, "{name}: English text in the Chinese reason: {zh}");
        assert!(broken.fault.describe(Lang::En).contains("UTF-8"), "{name}");
    }
}

#[test]
fn a_syntax_error_is_reported_to_a_chinese_player_in_chinese_with_where_it_is() {
    let path = write_settings("settings-syntax", b"(\n text_sise: Large)");
    let (_, problem) = Settings::load_from(&path);
    let broken = problem.0.expect("the problem is reported");
    let zh = broken.fault.describe(Lang::Zh);
    assert!(zh.contains("第 2 行"), "{zh}");
    assert!(
        !zh.chars().any(|c| c.is_ascii_alphabetic()),
        "no parser English for a Chinese player: {zh}"
    );
    assert!(
        broken.error.contains("text_sise"),
        "the English detail keeps the parser's words: {}",
        broken.error
    );
}

fn write_settings(name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = tempdir(name).join("settings.ron");
    std::fs::write(&path, bytes).unwrap();
    path
}
