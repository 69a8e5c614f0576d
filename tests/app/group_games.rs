//! Group games (003's promise game and responsibility game) run by the game for the trainer: three pairs
//! set up from the class roster and played through the cards, the countdown, the swap, the tallies, the
//! discussion and the results, keyboard-only and mouse-only, on a fake clock; the record in the class view
//! and the class report.

use std::time::Duration;

use bevy::prelude::*;
use goodwill::game::group_game::{GroupClock, GroupGameRun, Stage};
use goodwill::game::input::{ActionButton, Focus, UiAction};
use goodwill::game::results::ResultsDb;
use goodwill::game::state::Screen;
use goodwill_store::group_games::{GroupGameKind, PromiseTally};

use crate::harness::{click, headless, press, scenario_dir, screen, seed_store, visible_text};

const CLASS: &str = "周三班";
/// Six players for three pairs, and two observers.
const ROSTER: [&str; 8] = ["Ann", "Bob", "Cai", "Dee", "李明", "王芳", "Eve", "Fay"];
const MINUTE: Duration = Duration::from_secs(60);

/// A game with the class of [`ROSTER`] and a group clock that moves only when the test says.
fn game_app(name: &str) -> (App, GroupClock) {
    let dir = scenario_dir(name, false);
    let mut app = headless(&dir);
    let roster: Vec<String> = ROSTER.map(String::from).to_vec();
    seed_store(&app, |s| s.create_class(CLASS, &roster, &[]));
    let clock = GroupClock::fake();
    app.insert_resource(clock.clone());
    app.update();
    (app, clock)
}

fn focused_action(app: &mut App) -> Option<UiAction> {
    let focused = app.world().resource::<Focus>().0?;
    let mut buttons = app.world_mut().query::<&ActionButton>();
    buttons.iter(app.world()).find(|b| b.order == focused).map(|b| b.action)
}

/// Tabs to the button that sends `action` and presses Enter, as a keyboard-only trainer does.
fn press_on(app: &mut App, action: UiAction) {
    for _ in 0..120 {
        if focused_action(app) == Some(action) {
            press(app, KeyCode::Enter);
            return;
        }
        press(app, KeyCode::Tab);
    }
    panic!("Tab never reached {action:?}: {}", visible_text(app));
}

fn run(app: &App) -> GroupGameRun {
    app.world().resource::<GroupGameRun>().clone()
}

/// Lets a frame or two pass, so the countdown shows the clock's new reading.
fn tick(app: &mut App) {
    for _ in 0..3 {
        app.update();
    }
}

fn tally(asked: u32, made: u32, declined_well: u32, not_kept: u32) -> PromiseTally {
    PromiseTally {
        asked,
        made,
        declined_well,
        not_kept,
    }
}

#[test]
fn a_promise_game_for_three_pairs_runs_keyboard_only_timer_swap_and_tallies() {
    let (mut app, clock) = game_app("gg-keys");
    press_on(&mut app, UiAction::OpenGroupGames);
    assert_eq!(screen(&app), Screen::GroupSetup);
    let text = visible_text(&mut app);
    assert!(
        text.contains("✓ 承诺游戏") && text.contains("30 分钟（文件规定 30 分钟）"),
        "{text}"
    );
    // Three pairs from the roster, in order: the first picked of each goes first. Pair one has an observer.
    for i in 0..6 {
        press_on(&mut app, UiAction::AddToPair(i));
    }
    press_on(&mut app, UiAction::CyclePairObserver(0));
    let text = visible_text(&mut app);
    assert!(
        text.contains("第 1 组：Ann → Bob") && text.contains("第 3 组：李明 → 王芳") && text.contains("观察员：Eve"),
        "{text}"
    );
    press_on(&mut app, UiAction::StartGroupGame);
    assert_eq!(screen(&app), Screen::GroupGame);
    // The cards: each pair's roles and their case's role card, and the document's 30 minutes.
    let text = visible_text(&mut app);
    assert!(
        text.contains("Ann（客户服务人员）") && text.contains("尽可能多地要求对方作出承诺") && text.contains("30:00"),
        "{text}"
    );
    assert_eq!(run(&app).stage, Stage::Cards { round: 1 });
    press_on(&mut app, UiAction::GroupNext);
    assert!(matches!(run(&app).stage, Stage::Running { round: 1, .. }));
    clock.advance(10 * MINUTE + Duration::from_secs(1));
    tick(&mut app);
    assert!(
        visible_text(&mut app).contains("剩余时间：19:59"),
        "{}",
        visible_text(&mut app)
    );
    // The tallies from the keyboard: a number key picks the pair, A S D F count one up, Z takes one back.
    press(&mut app, KeyCode::Digit2);
    for key in [
        KeyCode::KeyA,
        KeyCode::KeyA,
        KeyCode::KeyA,
        KeyCode::KeyS,
        KeyCode::KeyD,
        KeyCode::KeyD,
    ] {
        press(&mut app, key);
    }
    press(&mut app, KeyCode::KeyZ);
    press(&mut app, KeyCode::Digit1);
    press(&mut app, KeyCode::KeyA);
    press(&mut app, KeyCode::KeyF);
    assert_eq!(run(&app).tallies[1][0], tally(2, 1, 2, 0));
    assert_eq!(
        run(&app).tallies[0][0],
        tally(1, 1, 0, 1),
        "a promise not kept was a promise made"
    );
    assert!(visible_text(&mut app).contains("要求承诺 2"));
    // Time runs out: the projector says so, and waits for the trainer to swap.
    clock.advance(20 * MINUTE);
    tick(&mut app);
    assert!(visible_text(&mut app).contains("时间到！"));
    clock.advance(60 * MINUTE);
    tick(&mut app);
    assert!(
        matches!(run(&app).stage, Stage::Running { round: 1, .. }),
        "no swap without the trainer"
    );
    press_on(&mut app, UiAction::GroupNext);
    assert_eq!(run(&app).stage, Stage::Cards { round: 2 });
    let text = visible_text(&mut app);
    assert!(
        text.contains("两人互换角色") && text.contains("Bob（客户服务人员） — Ann（客户）"),
        "{text}"
    );
    press_on(&mut app, UiAction::GroupNext);
    tick(&mut app);
    assert!(
        visible_text(&mut app).contains("30:00"),
        "round two has a clock of its own"
    );
    press_on(&mut app, UiAction::ShorterRound);
    tick(&mut app);
    assert!(visible_text(&mut app).contains("25:00"), "{}", visible_text(&mut app));
    press(&mut app, KeyCode::Digit3);
    press(&mut app, KeyCode::KeyA);
    press(&mut app, KeyCode::KeyD);
    clock.advance(25 * MINUTE);
    tick(&mut app);
    assert!(visible_text(&mut app).contains("时间到！"));
    press_on(&mut app, UiAction::GroupNext);
    assert_eq!(run(&app).stage, Stage::Discussion);
    assert!(visible_text(&mut app).contains("哪些承诺是能兑现的"));
    press_on(&mut app, UiAction::GroupNext);
    assert_eq!(run(&app).stage, Stage::Results);
    tick(&mut app);
    let text = visible_text(&mut app);
    // Side by side: every pair's rounds, the account's promise rule as the debrief words it, a line a pair.
    let rule = goodwill_engine::account::rules()[2].zh.clone();
    assert!(text.contains(&rule), "{text}");
    assert!(
        text.contains("要求承诺 2 · 作出承诺 1 · 得体拒绝 2 · 无法兑现 0"),
        "{text}"
    );
    assert!(text.contains("Ann许下 1 个兑现不了的承诺"), "{text}");
    assert!(text.contains("李明没有被要求承诺"), "{text}");
    assert!(text.contains("结果已保存"), "{text}");
    // Stored under the class, each round's tally for that round's agent.
    let games = seed_store(&app, |s| s.group_games(CLASS));
    assert_eq!(games.len(), 1);
    let game = &games[0];
    assert_eq!(game.game, GroupGameKind::Promise);
    assert_eq!(game.round_minutes, 25);
    assert_eq!(game.pairs.len(), 3);
    assert_eq!(game.pairs[0].observer.as_deref(), Some("Eve"));
    assert_eq!(game.pairs[1].rounds, [tally(2, 1, 2, 0), tally(0, 0, 0, 0)]);
    assert_eq!(game.pairs[2].rounds[1], tally(1, 0, 1, 0));
    assert!(
        game.pairs.iter().all(|p| p.case.is_some()),
        "every pair played from a case's cards"
    );
}

#[test]
fn a_promise_game_runs_mouse_only_and_its_tallies_reach_the_class_view_and_the_report() {
    let (mut app, clock) = game_app("gg-mouse");
    click(&mut app, |b| b.action == UiAction::OpenGroupGames);
    for i in [0, 1, 2, 3, 4, 5] {
        click(&mut app, |b| b.action == UiAction::AddToPair(i));
    }
    click(&mut app, |b| b.action == UiAction::CyclePairObserver(2));
    click(&mut app, |b| b.action == UiAction::CyclePairObserver(2));
    assert!(visible_text(&mut app).contains("观察员：Fay"), "the next one free");
    click(&mut app, |b| b.action == UiAction::StartGroupGame);
    assert_eq!(screen(&app), Screen::GroupGame);
    click(&mut app, |b| b.action == UiAction::GroupNext);
    let up = |pair, which| move |b: &ActionButton| b.action == UiAction::Tally { pair, which, up: true };
    for (pair, which) in [(0, 0), (0, 0), (0, 0), (0, 2), (0, 2), (0, 2), (1, 0), (1, 1), (2, 0)] {
        click(&mut app, up(pair, which));
    }
    click(&mut app, |b| {
        b.action
            == UiAction::Tally {
                pair: 0,
                which: 2,
                up: false,
            }
    });
    clock.advance(30 * MINUTE);
    click(&mut app, |b| b.action == UiAction::GroupNext);
    click(&mut app, |b| b.action == UiAction::GroupNext);
    // Pause: the clock stands still while paused, and goes on from where it stood.
    clock.advance(5 * MINUTE);
    click(&mut app, |b| b.action == UiAction::ToggleClock);
    clock.advance(40 * MINUTE);
    tick(&mut app);
    assert!(
        visible_text(&mut app).contains("25:00（已暂停）"),
        "{}",
        visible_text(&mut app)
    );
    click(&mut app, |b| b.action == UiAction::ToggleClock);
    click(&mut app, |b| b.action == UiAction::LongerRound);
    clock.advance(MINUTE);
    tick(&mut app);
    assert!(visible_text(&mut app).contains("29:00"), "{}", visible_text(&mut app));
    click(&mut app, up(0, 0));
    click(&mut app, up(0, 1));
    click(&mut app, |b| b.action == UiAction::GroupNext);
    click(&mut app, |b| b.action == UiAction::GroupNext);
    assert_eq!(run(&app).stage, Stage::Results);
    tick(&mut app);
    assert!(
        visible_text(&mut app).contains("Bob许下 1 个能兑现的承诺"),
        "{}",
        visible_text(&mut app)
    );
    // Back from the results is the class view, which shows the game with every pair's tallies.
    click(&mut app, |b| b.action == UiAction::Back);
    assert_eq!(screen(&app), Screen::Class);
    let text = visible_text(&mut app);
    assert!(
        text.contains("承诺游戏") && text.contains("每轮时长：35 分钟"),
        "{text}"
    );
    assert!(
        text.contains("第1轮 · Ann：要求承诺 3 · 作出承诺 0 · 得体拒绝 2 · 无法兑现 0"),
        "{text}"
    );
    assert!(text.contains("Ann没有随意许诺，得体地拒绝了 2 次"), "{text}");
    assert!(text.contains("观察员：Fay"), "{text}");
    // The report written from the class view has the group game's table and its CSV.
    click(&mut app, |b| b.action == UiAction::ExportReport);
    let data = app.world().resource::<ResultsDb>().dir.clone();
    let page = std::fs::read_to_string(data.join(format!("reports/{}.html", "周三班"))).expect("HTML report written");
    assert!(page.contains("<h2>小组游戏</h2>"), "the page has the section");
    assert!(page.contains("Ann没有随意许诺，得体地拒绝了 2 次"), "the pair's line");
    assert!(page.contains("<td class=\"num\">3</td><td class=\"num\">0</td><td class=\"num\">2</td>"));
    let csv = std::fs::read_to_string(data.join("reports/周三班.group-games.csv")).expect("CSV written");
    assert_eq!(csv.lines().count(), 1 + 6, "a header and two rounds of three pairs");
}

#[test]
fn the_responsibility_game_swaps_and_discusses_without_tallies() {
    let (mut app, clock) = game_app("gg-duty");
    click(&mut app, |b| b.action == UiAction::OpenGroupGames);
    click(&mut app, |b| b.action == UiAction::PickGroupGame(1));
    assert!(visible_text(&mut app).contains("10 分钟（文件没有规定时长）"));
    for i in 0..4 {
        click(&mut app, |b| b.action == UiAction::AddToPair(i));
    }
    // Pair two plays a scene typed on the spot, not a case.
    let cases = app
        .world()
        .resource::<goodwill::game::library::Library>()
        .sorted()
        .len();
    for _ in 0..=cases {
        if visible_text(&mut app).contains("角色卡：现场写的场景") {
            break;
        }
        click(&mut app, |b| b.action == UiAction::CyclePairCard(1));
    }
    assert!(
        visible_text(&mut app).contains("角色卡：现场写的场景"),
        "after the last case"
    );
    click(&mut app, |b| b.action == UiAction::StartGroupGame);
    assert_eq!(screen(&app), Screen::GroupSetup, "no game without the scene");
    click(&mut app, |b| b.action == UiAction::TypePairScene(1));
    crate::harness::type_line(&mut app, "银行柜台");
    click(&mut app, |b| b.action == UiAction::StartGroupGame);
    assert_eq!(screen(&app), Screen::GroupGame);
    let text = visible_text(&mut app);
    assert!(
        text.contains("Ann（描述者）") && text.contains("性质、内容和承担的责任"),
        "{text}"
    );
    assert!(text.contains("银行柜台"), "{text}");
    click(&mut app, |b| b.action == UiAction::GroupNext);
    assert!(!visible_text(&mut app).contains("要求承诺"), "no counters in this game");
    clock.advance(10 * MINUTE);
    click(&mut app, |b| b.action == UiAction::GroupNext);
    assert!(visible_text(&mut app).contains("Bob（描述者） — Ann（倾听者）"));
    click(&mut app, |b| b.action == UiAction::GroupNext);
    click(&mut app, |b| b.action == UiAction::GroupNext);
    assert!(visible_text(&mut app).contains("互相补充自己的不足"));
    click(&mut app, |b| b.action == UiAction::GroupNext);
    let games = seed_store(&app, |s| s.group_games(CLASS));
    assert_eq!(games[0].game, GroupGameKind::Responsibility);
    assert_eq!(games[0].pairs[1].scene.as_deref(), Some("银行柜台"));
    assert!(games[0].pairs.iter().all(|p| p.rounds.is_empty()));
}

#[test]
fn group_games_open_only_through_the_trainer_pin_when_one_is_set() {
    let dir = scenario_dir("gg-pin", false);
    let data = crate::harness::tempdir("gg-pin-data");
    let locked = goodwill::game::settings::Settings {
        onboarding_seen: true,
        trainer_pin: goodwill::game::settings::PinHash::new("8080"),
        ..Default::default()
    };
    let mut app = crate::harness::headless_with_settings(&dir, &data, locked);
    click(&mut app, |b| b.action == UiAction::OpenGroupGames);
    assert_eq!(screen(&app), Screen::Settings);
    assert!(visible_text(&mut app).contains("小组游戏需要培训师密码"));
}
