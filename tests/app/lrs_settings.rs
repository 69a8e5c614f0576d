//! The settings screen's LRS section as a trainer uses it, by keyboard: a bad address is refused with a line
//! and nothing kept, a good one kept (and the password never shown nor written into the settings file),
//! "Test connection" answers in words without holding up a frame, the section waits behind the trainer PIN;
//! and the game's sender, told a wrong password (401), stops and says so until the settings change. The
//! answers from a real LRS need the one `.ci/lrs` starts (skipped, saying so, without it).

use std::time::{Duration, Instant};

use bevy::prelude::*;
use goodwill::game::input::{Focus, UiAction};
use goodwill::game::lrs_sender::LrsSender;
use goodwill::game::settings::Settings;
use goodwill::game::text_input::NameField;
use goodwill_store::lrs::LrsSettings;

use crate::harness::{click, headless_with_settings, press, scenario_dir, tempdir, type_line, visible_text};

const SECRET: &str = "pw-typed-never-shown-5150";

/// The LRS `.ci/lrs` started (endpoint, user, password), or `None` after saying the test skips that part.
fn real_lrs(test: &str) -> Option<(String, String, String)> {
    match (
        std::env::var("GOODWILL_TEST_LRS"),
        std::env::var("GOODWILL_TEST_LRS_USER"),
        std::env::var("GOODWILL_LRS_PASSWORD"),
    ) {
        (Ok(endpoint), Ok(user), Ok(password)) => Some((endpoint, user, password)),
        _ => {
            assert!(std::env::var("CI").as_deref() != Ok("true"), "CI runs without an LRS");
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr().lock(),
                "SKIPPED {test} (its real-LRS part): no LRS configured (GOODWILL_TEST_LRS, GOODWILL_TEST_LRS_USER, \
                 GOODWILL_LRS_PASSWORD); start one with `. .ci/lrs`"
            );
            None
        }
    }
}

/// A Secret Service of this test process's own: a D-Bus session daemon and gnome-keyring-daemon on it,
/// unlocked with a test password, files in a scratch home; `DBUS_SESSION_BUS_ADDRESS` points at it until
/// dropped. Only where no session bus is set (never a desktop's own keyring).
struct PrivateKeyring {
    bus: std::process::Child,
}

impl PrivateKeyring {
    fn start() -> Option<PrivateKeyring> {
        use std::io::{BufRead, Write};
        use std::process::{Command, Stdio};
        let on_path = |program: &str| {
            std::env::var_os("PATH")
                .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
        };
        if !on_path("dbus-daemon") || !on_path("gnome-keyring-daemon") {
            return None;
        }
        let home = tempdir("lrs-settings-keyring");
        for sub in ["data", "run"] {
            std::fs::create_dir_all(home.join(sub)).unwrap();
        }
        let private = |command: &mut Command| {
            command
                .env("HOME", &home)
                .env("XDG_DATA_HOME", home.join("data"))
                .env("XDG_RUNTIME_DIR", home.join("run"));
        };
        let mut bus = Command::new("dbus-daemon");
        bus.args(["--session", "--nofork", "--print-address=1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        private(&mut bus);
        let mut bus = bus.spawn().unwrap();
        let mut address = String::new();
        std::io::BufReader::new(bus.stdout.take().unwrap())
            .read_line(&mut address)
            .unwrap();
        let address = address.trim().to_owned();
        let mut daemon = Command::new("gnome-keyring-daemon");
        daemon
            .args(["--unlock", "--components=secrets"])
            .env("DBUS_SESSION_BUS_ADDRESS", &address)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        private(&mut daemon);
        let mut daemon = daemon.spawn().unwrap();
        daemon.stdin.take().unwrap().write_all(b"unlock-for-this-test").unwrap();
        // It forks the daemon proper and exits once the service is on the bus.
        assert!(daemon.wait().unwrap().success(), "gnome-keyring-daemon did not start");
        // SAFETY: only this test sets it, and the other tests' processes read no keyring of their own
        // through it (the keyring test gives its commands a session of their own).
        unsafe { std::env::set_var("DBUS_SESSION_BUS_ADDRESS", &address) };
        Some(PrivateKeyring { bus })
    }
}

impl Drop for PrivateKeyring {
    fn drop(&mut self) {
        // SAFETY: as above.
        unsafe { std::env::remove_var("DBUS_SESSION_BUS_ADDRESS") };
        // The keyring daemon leaves when its bus goes.
        let _ = self.bus.kill();
        let _ = self.bus.wait();
    }
}

/// Tab until the button of focus order `order` is focused.
fn tab_to(app: &mut App, order: usize) {
    for _ in 0..40 {
        if app.world().resource::<Focus>().0 == Some(order) {
            return;
        }
        press(app, KeyCode::Tab);
    }
    panic!("Tab never reached focus order {order}");
}

/// The focus order of the settings button sending `action`.
fn order_of(app: &mut App, action: UiAction) -> usize {
    let mut buttons = app.world_mut().query::<&goodwill::game::input::ActionButton>();
    buttons
        .iter(app.world())
        .find(|b| b.action == action)
        .map(|b| b.order)
        .unwrap_or_else(|| panic!("no {action:?} button"))
}

/// Opens field `field` (0 address, 1 user, 2 homePage, 3 password) by keyboard, deletes what it holds with
/// Backspace, types `text`, then Enter.
fn type_into(app: &mut App, field: usize, text: &str) {
    use bevy::input::ButtonState;
    use bevy::input::keyboard::{Key, KeyboardInput};
    let order = order_of(app, UiAction::EditField(field));
    tab_to(app, order);
    press(app, KeyCode::Enter);
    let mut fields = app.world_mut().query_filtered::<(), With<NameField>>();
    assert_eq!(fields.iter(app.world()).count(), 1, "a text field opened");
    let held = app
        .world()
        .resource::<goodwill::game::text_input::NameBuffer>()
        .0
        .chars()
        .count();
    for _ in 0..held {
        app.world_mut().write_message(KeyboardInput {
            key_code: KeyCode::Backspace,
            logical_key: Key::Backspace,
            state: ButtonState::Pressed,
            text: None,
            repeat: false,
            window: Entity::PLACEHOLDER,
        });
        app.update();
    }
    type_line(app, text);
}

/// Updates until `visible_text` contains `wanted` (30 s at most), each frame quick.
fn wait_for_text(app: &mut App, wanted: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let started = Instant::now();
        app.update();
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "a frame took {:?}: something waited on the network or the keyring",
            started.elapsed()
        );
        let text = visible_text(app);
        if text.contains(wanted) {
            return text;
        }
        assert!(Instant::now() < deadline, "never shown: «{wanted}» in {text}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn the_settings_screens_lrs_section_checks_keeps_and_tests_by_keyboard() {
    let test = "the_settings_screens_lrs_section_checks_keeps_and_tests_by_keyboard";
    let lrs = real_lrs(test);
    let dir = scenario_dir("lrs-settings", false);
    let start = Settings {
        onboarding_seen: true,
        ..Settings::default()
    };
    let mut app = headless_with_settings(&dir, &tempdir("lrs-settings-data"), start);
    click(&mut app, |b| b.action == UiAction::OpenSettings);
    let text = visible_text(&mut app);
    assert!(
        text.contains("学习记录系统（LRS）") && text.contains("测试连接"),
        "{text}"
    );

    // A bad address: refused with a line, nothing kept.
    type_into(&mut app, 0, "ftp://lrs.example.com/xAPI");
    assert_eq!(app.world().resource::<Settings>().lrs, LrsSettings::default());
    let text = visible_text(&mut app);
    assert!(text.contains("未保存：") && text.contains("http://"), "{text}");

    // On without an address and user is refused by the file's rules too.
    let endpoint = lrs
        .as_ref()
        .map_or("http://127.0.0.1:9/xAPI".to_owned(), |l| l.0.clone());
    let user = lrs.as_ref().map_or("trainer".to_owned(), |l| l.1.clone());
    click(&mut app, |b| b.action == UiAction::ToggleLrs);
    assert!(!app.world().resource::<Settings>().lrs.enabled);
    assert!(visible_text(&mut app).contains("未保存："));

    // Good values are kept (and saved with the settings); the section shows them.
    type_into(&mut app, 0, &endpoint);
    type_into(&mut app, 1, &user);
    type_into(&mut app, 2, "https://training.example.com/trainees");
    click(&mut app, |b| b.action == UiAction::ToggleLrs);
    let kept = app.world().resource::<Settings>().lrs.clone();
    assert_eq!(
        kept,
        LrsSettings {
            enabled: true,
            endpoint: Some(endpoint.clone()),
            user: Some(user.clone()),
            account_home_page: Some("https://training.example.com/trainees".into()),
        }
    );
    assert!(visible_text(&mut app).contains(&endpoint));

    // The password shows as dots while typed, and never in the settings file. Saving it goes to the OS
    // keyring; where this test runs without a session bus there is none, and the line says what to do.
    let order = order_of(&mut app, UiAction::EditField(3));
    tab_to(&mut app, order);
    press(&mut app, KeyCode::Enter);
    for c in SECRET.chars().take(6) {
        app.world_mut().write_message(bevy::window::Ime::Commit {
            window: Entity::PLACEHOLDER,
            value: c.to_string(),
        });
        app.update();
    }
    app.update();
    let typing = visible_text(&mut app);
    assert!(typing.contains("••••••") && !typing.contains(&SECRET[..6]), "{typing}");
    if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none() {
        type_line(&mut app, &SECRET[6..]);
        let said = wait_for_text(&mut app, "GOODWILL_LRS_PASSWORD");
        assert!(said.contains("密码没有保存"), "{said}");
        // With a real Secret Service (this process's own, started here), the same field keeps it there,
        // and the game's sender is told to read it again.
        match PrivateKeyring::start() {
            Some(keyring) => {
                let changes = app
                    .world()
                    .resource::<goodwill::game::lrs_sender::LrsPasswordChanges>()
                    .0;
                type_into(&mut app, 3, SECRET);
                wait_for_text(&mut app, "密码已存入系统钥匙串");
                let kept = goodwill_store::lrs::keyring_password(&endpoint, &user).expect("the keyring answers");
                assert!(
                    kept == Some(goodwill_store::lrs::Password::new(SECRET)),
                    "the keyring holds the typed password"
                );
                assert_eq!(
                    app.world()
                        .resource::<goodwill::game::lrs_sender::LrsPasswordChanges>()
                        .0,
                    changes + 1
                );
                goodwill_store::lrs::forget_password(&endpoint, &user).unwrap();
                drop(keyring);
            }
            None => {
                assert!(
                    std::env::var("CI").as_deref() != Ok("true"),
                    "CI has dbus-daemon and gnome-keyring-daemon"
                );
                use std::io::Write;
                let _ = writeln!(
                    std::io::stderr().lock(),
                    "SKIPPED {test} (its keyring part): dbus-daemon or gnome-keyring-daemon is not installed"
                );
            }
        }
    } else {
        // A desktop session's own keyring is not written by a test: Esc leaves the field.
        press(&mut app, KeyCode::Escape);
    }
    let file = ron::ser::to_string(app.world().resource::<Settings>()).unwrap();
    assert!(!file.contains(SECRET) && !file.contains(&SECRET[..6]), "{file}");

    // Test connection: answered in words, frames never waiting for it.
    if let Some((_, _, _)) = &lrs {
        let test_order = order_of(&mut app, UiAction::TestLrs);
        tab_to(&mut app, test_order);
        press(&mut app, KeyCode::Enter);
        wait_for_text(&mut app, &format!("LRS 已连接：{endpoint}"));
        // A user the LRS does not know: the wrong-password line.
        type_into(&mut app, 1, "nobody-here");
        click(&mut app, |b| b.action == UiAction::TestLrs);
        wait_for_text(&mut app, &format!("LRS {endpoint} 不接受这个用户名或密码"));
        app.world_mut().resource_mut::<Settings>().lang = goodwill_engine::Lang::En;
        app.update();
        app.update();
        let text = visible_text(&mut app);
        assert!(
            text.contains(&format!("The LRS at {endpoint} refused the user name or password")),
            "{text}"
        );
        app.world_mut().resource_mut::<Settings>().lang = goodwill_engine::Lang::Zh;
        app.update();
    }
    // Down: the line says so.
    type_into(&mut app, 0, "http://127.0.0.1:9/xAPI");
    click(&mut app, |b| b.action == UiAction::TestLrs);
    wait_for_text(&mut app, "连接不上 LRS http://127.0.0.1:9/xAPI");
}

#[test]
fn the_lrs_section_waits_behind_the_trainer_pin() {
    let dir = scenario_dir("lrs-settings-pin", false);
    let start = Settings {
        onboarding_seen: true,
        ..Settings::default()
    };
    let mut app = headless_with_settings(&dir, &tempdir("lrs-settings-pin-data"), start);
    click(&mut app, |b| b.action == UiAction::OpenSettings);
    click(&mut app, |b| b.action == UiAction::EnterPin);
    for _ in 0..2 {
        for n in [2, 4, 6, 8] {
            press(&mut app, crate::harness::digit(n));
        }
        press(&mut app, KeyCode::Enter);
    }
    click(&mut app, |b| b.action == UiAction::LockSettings);
    assert!(app.world().resource::<Settings>().locked(app.world().resource()));
    let before = app.world().resource::<Settings>().lrs.clone();
    click(&mut app, |b| b.action == UiAction::ToggleLrs);
    click(&mut app, |b| b.action == UiAction::EditField(0));
    let mut fields = app.world_mut().query_filtered::<(), With<NameField>>();
    assert_eq!(fields.iter(app.world()).count(), 0, "no field opens while locked");
    assert_eq!(app.world().resource::<Settings>().lrs, before);
    let text = visible_text(&mut app);
    assert!(
        text.contains("此项已由培训师锁定") && text.contains("（已锁定）"),
        "{text}"
    );
}

#[test]
fn the_game_stops_sending_on_a_wrong_password_and_starts_again_when_the_settings_change() {
    use crate::harness::{PastAttempt, file_indices, seed_store, shipped_paths};
    let test = "the_game_stops_sending_on_a_wrong_password_and_starts_again_when_the_settings_change";
    let Some((endpoint, user, _)) = real_lrs(test) else {
        return;
    };
    let sending_as = |user: &str| Settings {
        onboarding_seen: true,
        lrs: LrsSettings {
            enabled: true,
            endpoint: Some(endpoint.clone()),
            user: Some(user.to_owned()),
            account_home_page: None,
        },
        ..Settings::default()
    };
    let class = format!("Stop {}", &uuid::Uuid::new_v4().simple().to_string()[..12]);
    let mut app = headless_with_settings(
        &scenario_dir("lrs-401-cases", false),
        &tempdir("lrs-401"),
        sending_as("nobody-here"),
    );
    seed_store(&app, |s| {
        s.create_class(&class, &["Ann".to_owned()], &["spilled-soup".into()])
    });
    let (best, _) = shipped_paths("spilled-soup");
    PastAttempt::played("Ann", "spilled-soup", 5, &file_indices(&best))
        .in_class(&class)
        .record(&app);

    // The LRS answers 401: the title says why, in words, and that sending stopped; the thread ends.
    let said = wait_for_text(&mut app, "不接受这个用户名或密码，已停止发送");
    assert!(said.contains("1 条成绩等待发送"), "{said}");
    let deadline = Instant::now() + Duration::from_secs(10);
    while app.world().resource::<LrsSender>().is_sending() {
        assert!(Instant::now() < deadline, "the sender kept trying after a 401");
        app.update();
        std::thread::sleep(Duration::from_millis(20));
    }
    // It stays stopped: a new result does not wake it.
    PastAttempt::played("Ann", "spilled-soup", 6, &file_indices(&best))
        .in_class(&class)
        .record(&app);
    for _ in 0..20 {
        app.update();
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(!app.world().resource::<LrsSender>().is_sending());
    assert_eq!(seed_store(&app, |s| s.outbox_status(None)).sent, 0);

    // The right user in the settings: it starts again and sends both.
    app.insert_resource(sending_as(&user));
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        app.update();
        let status = seed_store(&app, |s| s.outbox_status(None));
        if status.waiting == 0 && status.sent > 0 {
            assert_eq!(status.parked, 0);
            break;
        }
        assert!(Instant::now() < deadline, "the sender did not start again: {status:?}");
        std::thread::sleep(Duration::from_millis(100));
    }
    let text = visible_text(&mut app);
    assert!(!text.contains("已停止发送") && !text.contains("等待发送"), "{text}");
}
