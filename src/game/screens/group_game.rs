//! Floor 5 · The projector during a group game: each pair's cards, the countdown (paused, lengthened or
//! shortened by the trainer), the swap, the promise game's counters for each pair, the discussion prompt,
//! and at the end the pairs' tallies side by side with the account's promise rule and a line for each pair.
//! The game's state and timer are `game::group_game`; this only shows them and sends what was pressed.

use bevy::prelude::*;
use goodwill_engine::Lang;
use goodwill_store::group_games::{GroupGameKind, PromiseTally};

use crate::describe::{promise_round_line, tally_line};
use crate::game::group_game::{Card, GroupGameRun, GroupNow, PlannedPair, Stage};
use crate::game::input::{Shortcuts, UiAction, number_pressed};
use crate::game::palette;
use crate::game::results::ShownClass;
use crate::game::state::{GameSet, Screen};
use crate::game::theme::{Localized, button, button_at_least, button_row, label, panel, screen_root};
use crate::i18n::{Phrase, colon, fill, round_label, tr};

use super::group_setup::game_words;

#[derive(Component)]
struct GroupRoot;

/// The countdown's text, and what it last showed (seconds left, paused), so it is redrawn only when that
/// changes.
#[derive(Component, Default)]
pub struct Countdown(Option<(u64, bool)>);

/// The keyboard's tallies: A S D F count one up, Z X C V one down, for the pair a number key picked.
const TALLY_KEYS: Shortcuts = Shortcuts(&[
    (KeyCode::KeyA, UiAction::TallySelected { which: 0, up: true }),
    (KeyCode::KeyS, UiAction::TallySelected { which: 1, up: true }),
    (KeyCode::KeyD, UiAction::TallySelected { which: 2, up: true }),
    (KeyCode::KeyF, UiAction::TallySelected { which: 3, up: true }),
    (KeyCode::KeyZ, UiAction::TallySelected { which: 0, up: false }),
    (KeyCode::KeyX, UiAction::TallySelected { which: 1, up: false }),
    (KeyCode::KeyC, UiAction::TallySelected { which: 2, up: false }),
    (KeyCode::KeyV, UiAction::TallySelected { which: 3, up: false }),
]);

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::GroupGame), spawn_root)
        .add_systems(OnExit(Screen::GroupGame), end_game)
        .add_systems(
            Update,
            (
                act.in_set(GameSet::Act),
                (rebuild, show_countdown).chain().in_set(GameSet::Present),
            )
                .run_if(in_state(Screen::GroupGame)),
        );
}

fn spawn_root(mut commands: Commands, run: Option<ResMut<GroupGameRun>>) {
    commands.spawn((
        Name::new("Group game screen"),
        DespawnOnExit(Screen::GroupGame),
        GroupRoot,
        screen_root(),
        TALLY_KEYS,
    ));
    if let Some(mut run) = run {
        run.set_changed();
    }
}

/// A game left (finished, or abandoned with Back) is over: the next one starts from the setup.
fn end_game(mut commands: Commands) {
    commands.remove_resource::<GroupGameRun>();
}

fn act(
    mut actions: MessageReader<UiAction>,
    keys: Res<ButtonInput<KeyCode>>,
    now: Res<GroupNow>,
    run: Option<ResMut<GroupGameRun>>,
    mut next: ResMut<NextState<Screen>>,
    mut shown: ResMut<ShownClass>,
) {
    let Some(mut run) = run else {
        next.set(Screen::Title);
        return;
    };
    if let Some(n) = number_pressed(&keys).filter(|&n| n <= run.pairs.len()) {
        run.selected = n - 1;
    }
    let now = now.0;
    for action in actions.read() {
        match *action {
            // From the results to the class view, showing this game's class; from a game not finished back
            // to the setup (the game is dropped).
            UiAction::Back if run.stage == Stage::Results => {
                shown.0 = Some(run.class.clone());
                next.set(Screen::Class);
            }
            UiAction::Back => next.set(Screen::GroupSetup),
            UiAction::GroupNext => run.next(now),
            UiAction::ToggleClock => run.toggle_pause(now),
            UiAction::LongerRound => run.adjust(true),
            UiAction::ShorterRound => run.adjust(false),
            UiAction::Tally { pair, which, up } => {
                run.selected = pair;
                run.count(pair, which, up);
            }
            UiAction::TallySelected { which, up } => {
                let pair = run.selected;
                run.count(pair, which, up);
            }
            _ => {}
        }
    }
}

/// "29:41", or "Time is up!", or the time left and "paused".
fn countdown_text(seconds: u64, paused: bool, lang: Lang) -> String {
    if seconds == 0 {
        return tr(Phrase::TimeUp, lang).to_owned();
    }
    let clock = format!("{:02}:{:02}", seconds / 60, seconds % 60);
    let mut line = format!("{}{}{clock}", tr(Phrase::RoundTimeLeft, lang), colon(lang));
    if paused {
        line += &aside(tr(Phrase::ClockPaused, lang), lang);
    }
    line
}

fn show_countdown(
    run: Option<Res<GroupGameRun>>,
    now: Res<GroupNow>,
    mut texts: Query<(&mut Countdown, &mut Localized, &mut TextColor)>,
) {
    let Some(run) = run else { return };
    // Rounded up: a round of 30 minutes shows 30:00 when it starts and "time is up" only at its end.
    let left = run.remaining(now.0);
    let seconds = left.as_secs() + u64::from(left.subsec_nanos() > 0);
    let paused = matches!(run.stage, Stage::Running { clock, .. } if clock.paused());
    for (mut shown, mut text, mut color) in &mut texts {
        if shown.0 == Some((seconds, paused)) {
            continue;
        }
        shown.0 = Some((seconds, paused));
        *text = Localized::dynamic(move |lang| countdown_text(seconds, paused, lang));
        color.0 = if seconds == 0 {
            palette::WITHDRAWAL
        } else {
            palette::ACCENT
        };
    }
}

fn rebuild(mut commands: Commands, run: Option<Res<GroupGameRun>>, roots: Query<Entity, With<GroupRoot>>) {
    let Some(run) = run else { return };
    if !run.is_changed() {
        return;
    }
    let Ok(root) = roots.single() else { return };
    let run = run.clone();
    commands
        .entity(root)
        .despawn_related::<Children>()
        .with_children(|root| {
            let (name, _) = game_words(run.game);
            let round = run.round();
            let stage = run.stage;
            root.spawn(label(
                Localized::dynamic(move |lang| match stage {
                    Stage::Cards { .. } | Stage::Running { .. } => {
                        format!("{} · {}", tr(name, lang), round_label(round.into(), lang))
                    }
                    Stage::Discussion => format!("{} · {}", tr(name, lang), tr(Phrase::Discussion, lang)),
                    Stage::Results => format!("{} · {}", tr(name, lang), tr(Phrase::GroupResults, lang)),
                }),
                2.0,
                palette::ACCENT,
            ));
            match run.stage {
                Stage::Cards { round } => cards_stage(root, &run, round),
                Stage::Running { clock, .. } => running_stage(root, &run, clock.paused()),
                Stage::Discussion => discussion_stage(root, &run),
                Stage::Results => results_stage(root, &run),
            }
        });
}

/// The clock's line and the buttons that change the round's length.
fn clock_row(root: &mut ChildSpawnerCommands, first: Option<(Phrase, UiAction)>, order: usize) {
    root.spawn((
        Countdown::default(),
        label(Localized::dynamic(|_| String::new()), 2.6, palette::ACCENT),
    ));
    root.spawn(button_row()).with_children(|row| {
        if let Some((words, action)) = first {
            row.spawn(button(words, action, order));
        }
        row.spawn(button(Phrase::ShorterRound, UiAction::ShorterRound, order + 1));
        row.spawn(button(Phrase::LongerRound, UiAction::LongerRound, order + 2));
    });
}

fn cards_stage(root: &mut ChildSpawnerCommands, run: &GroupGameRun, round: u8) {
    if round == 2 {
        root.spawn(label(Phrase::SwapHint, 1.3, palette::WITHDRAWAL));
    }
    root.spawn(label(Phrase::ReadTheCards, 1.05, palette::INK));
    root.spawn(button(Phrase::StartClock, UiAction::GroupNext, 0));
    clock_row(root, None, 0);
    root.spawn(cards_row()).with_children(|row| {
        for (p, pair) in run.pairs.iter().enumerate() {
            card_panel(row, run.game, p, pair, round);
        }
    });
    root.spawn(button(Phrase::Back, UiAction::Back, 9999));
}

fn running_stage(root: &mut ChildSpawnerCommands, run: &GroupGameRun, paused: bool) {
    let pause = if paused {
        Phrase::ResumeClock
    } else {
        Phrase::PauseClock
    };
    clock_row(root, Some((pause, UiAction::ToggleClock)), 0);
    let end = if run.round() == 1 {
        Phrase::SwapRoles
    } else {
        Phrase::EndRound
    };
    root.spawn(button(end, UiAction::GroupNext, 3));
    if run.game == GroupGameKind::Promise {
        root.spawn(Node {
            max_width: px(1000),
            ..default()
        })
        .with_child(label(
            Localized::dynamic(|lang| {
                let gap = if lang == Lang::En { " " } else { "" };
                format!(
                    "{}{gap}{}",
                    tr(Phrase::TallyKeys, lang),
                    tr(Phrase::TallyPhoneLater, lang)
                )
            }),
            0.95,
            palette::MUTED,
        ));
    }
    root.spawn(cards_row()).with_children(|row| {
        for (p, pair) in run.pairs.iter().enumerate() {
            row.spawn(panel()).insert(pair_panel_node()).with_children(|panel| {
                pair_heading(panel, run.game, p, pair, run.round(), run.selected == p);
                if run.game == GroupGameKind::Promise {
                    let tally = run.tallies[p][usize::from(run.round()) - 1];
                    counters(panel, p, tally);
                } else {
                    card_brief(panel, pair);
                }
            });
        }
    });
    root.spawn(button(Phrase::Back, UiAction::Back, 9999));
}

fn discussion_stage(root: &mut ChildSpawnerCommands, run: &GroupGameRun) {
    let prompt = match run.game {
        GroupGameKind::Promise => Phrase::PromiseDiscussion,
        GroupGameKind::Responsibility => Phrase::ResponsibilityDiscussion,
    };
    root.spawn(Node {
        max_width: px(1000),
        ..default()
    })
    .with_child(label(prompt, 1.5, palette::INK));
    root.spawn(button(Phrase::FinishGame, UiAction::GroupNext, 0));
    root.spawn(cards_row()).with_children(|row| {
        for (p, pair) in run.pairs.iter().enumerate() {
            row.spawn(panel()).insert(pair_panel_node()).with_children(|panel| {
                pair_heading(panel, run.game, p, pair, 1, false);
            });
        }
    });
    root.spawn(button(Phrase::Back, UiAction::Back, 9999));
}

fn results_stage(root: &mut ChildSpawnerCommands, run: &GroupGameRun) {
    if let Some(saved) = run.saved.clone() {
        let ok = saved.is_ok();
        root.spawn(label(
            Localized::dynamic(move |lang| match &saved {
                Ok(()) => tr(Phrase::GroupGameSaved, lang).to_owned(),
                Err(e) => format!("{}{e}", tr(Phrase::GroupGameNotSaved, lang)),
            }),
            1.0,
            if ok { palette::DEPOSIT } else { palette::WITHDRAWAL },
        ));
    }
    root.spawn(button(Phrase::Back, UiAction::Back, 0));
    root.spawn(cards_row()).with_children(|row| {
        for (p, pair) in run.pairs.iter().enumerate() {
            row.spawn(panel()).insert(pair_panel_node()).with_children(|panel| {
                pair_heading(panel, run.game, p, pair, 1, false);
                if run.game != GroupGameKind::Promise {
                    return;
                }
                for r in 1..=2u8 {
                    let tally = run.tallies[p][usize::from(r) - 1];
                    let agent = pair.roles(r).0.to_owned();
                    panel.spawn(label(
                        Localized::dynamic(move |lang| {
                            format!(
                                "{} · {agent}{}",
                                round_label(r.into(), lang),
                                aside(tr(Phrase::GroupAgent, lang), lang)
                            )
                        }),
                        1.0,
                        palette::INK,
                    ));
                    panel.spawn(label(
                        Localized::dynamic(move |lang| tally_line(&tally, lang)),
                        0.95,
                        palette::INK,
                    ));
                }
                let lines: Vec<(String, PromiseTally)> = (1..=2u8)
                    .map(|r| (pair.roles(r).0.to_owned(), run.tallies[p][usize::from(r) - 1]))
                    .collect();
                panel.spawn(label(
                    Localized::dynamic(move |lang| {
                        let clauses: Vec<String> = lines
                            .iter()
                            .map(|(name, t)| promise_round_line(name, t, lang))
                            .collect();
                        clauses.join(if lang == Lang::Zh { "；" } else { "; " })
                    }),
                    1.0,
                    palette::ACCENT,
                ));
            });
        }
    });
    if run.game == GroupGameKind::Promise {
        root.spawn(panel()).with_children(|panel| {
            panel.spawn(label(Phrase::PromiseRuleHeading, 1.1, palette::INK));
            // The account's rule for promises, as every debrief shows it: it says which part is 003's and
            // which is this game's own.
            let rule = goodwill_engine::account::rules()[2].clone();
            panel.spawn((
                Node {
                    max_width: px(1000),
                    ..default()
                },
                children![label(rule, 1.0, palette::INK)],
            ));
        });
    }
}

/// A word in brackets after a name: full-width in Chinese ("Ann（客户）"), spaced in English ("Ann (customer)").
fn aside(text: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("（{text}）"),
        Lang::En => format!(" ({text})"),
    }
}

/// A pair's panel: a set width (the text inside a row wraps to it; left to the row, the panel's height was
/// reckoned for unwrapped lines and the text spilled out of it), two side by side on a 720p projector.
fn pair_panel_node() -> Node {
    Node {
        flex_direction: FlexDirection::Column,
        padding: UiRect::all(px(16)),
        row_gap: px(6),
        border_radius: BorderRadius::all(px(10)),
        flex_shrink: 0.0,
        width: px(560),
        max_width: percent(100),
        ..default()
    }
}

/// Panels side by side, wrapping on a narrow window.
fn cards_row() -> Node {
    Node {
        flex_direction: FlexDirection::Row,
        flex_wrap: FlexWrap::Wrap,
        justify_content: JustifyContent::Center,
        align_items: AlignItems::FlexStart,
        column_gap: px(14),
        row_gap: px(12),
        width: percent(100),
        ..default()
    }
}

/// "Pair 1: Ann (service agent) — Bob (customer) · Observer: Cai", the picked pair marked with an arrow.
fn pair_heading(
    panel: &mut ChildSpawnerCommands,
    game: GroupGameKind,
    p: usize,
    pair: &PlannedPair,
    round: u8,
    selected: bool,
) {
    let (lead, other) = pair.roles(round);
    let (lead, other) = (lead.to_owned(), other.to_owned());
    let observer = pair.observer.clone();
    let (lead_role, other_role) = roles(game);
    panel.spawn(label(
        Localized::dynamic(move |lang| {
            let mark = if selected { "→ " } else { "" };
            let mut line = format!(
                "{mark}{}{}{lead}{} — {other}{}",
                fill(Phrase::PairNumber, lang, &[("n", &(p + 1))]),
                colon(lang),
                aside(tr(lead_role, lang), lang),
                aside(tr(other_role, lang), lang)
            );
            if let Some(observer) = &observer {
                line += &format!(" · {}{}{observer}", tr(Phrase::Observer, lang), colon(lang));
            }
            line
        }),
        1.05,
        if selected { palette::ACCENT } else { palette::INK },
    ));
}

/// The two parts of a game: the one who goes first, and their partner.
fn roles(game: GroupGameKind) -> (Phrase, Phrase) {
    match game {
        GroupGameKind::Promise => (Phrase::GroupAgent, Phrase::GroupCustomer),
        GroupGameKind::Responsibility => (Phrase::Describer, Phrase::Listener),
    }
}

/// The four counters of a pair, each with its count and a + and a - button.
fn counters(panel: &mut ChildSpawnerCommands, p: usize, tally: PromiseTally) {
    for (which, (words, count)) in crate::describe::TALLY_COUNTERS
        .iter()
        .copied()
        .zip(tally.counts())
        .enumerate()
    {
        panel
            .spawn(Node {
                flex_direction: FlexDirection::Row,
                align_items: AlignItems::Center,
                column_gap: px(8),
                ..default()
            })
            .with_children(|row| {
                row.spawn(label(
                    Localized::dynamic(move |lang| format!("{} {count}", tr(words, lang))),
                    1.05,
                    palette::INK,
                ));
                let order = 100 + p * 10 + which * 2;
                row.spawn(button_at_least(
                    Localized::dynamic(|_| "+".to_owned()),
                    UiAction::Tally {
                        pair: p,
                        which,
                        up: true,
                    },
                    order,
                    px(44),
                ));
                row.spawn(button_at_least(
                    Localized::dynamic(|_| "-".to_owned()),
                    UiAction::Tally {
                        pair: p,
                        which,
                        up: false,
                    },
                    order + 1,
                    px(44),
                ));
            });
    }
}

/// What a pair plays from, in a line: the case's title, or the typed scene.
fn card_brief(panel: &mut ChildSpawnerCommands, pair: &PlannedPair) {
    let card = pair.card.clone();
    panel.spawn(label(
        Localized::dynamic(move |lang| match &card {
            Card::Case(case) => format!("{}{}{}", tr(Phrase::Case, lang), colon(lang), case.title.get(lang)),
            Card::Scene(scene) => scene.clone(),
        }),
        0.95,
        palette::MUTED,
    ));
}

/// A pair's cards for round `round`: what each of the two does in this game, and the case (or scene)
/// they play from — for the promise game the agent's side and the customer's role card, for the
/// responsibility game the work the describer describes.
fn card_panel(row: &mut ChildSpawnerCommands, game: GroupGameKind, p: usize, pair: &PlannedPair, round: u8) {
    let (lead, other) = pair.roles(round);
    let (lead, other) = (lead.to_owned(), other.to_owned());
    let (lead_role, other_role) = roles(game);
    let (lead_task, other_task) = match game {
        GroupGameKind::Promise => (Phrase::CardAgentPromise, Phrase::CardCustomerPromise),
        GroupGameKind::Responsibility => (Phrase::CardDescriber, Phrase::CardListener),
    };
    let card = pair.card.clone();
    row.spawn(panel()).insert(pair_panel_node()).with_children(|panel| {
        pair_heading(panel, game, p, pair, round, false);
        let case_line = card.clone();
        panel.spawn(label(
            Localized::dynamic(move |lang| match &case_line {
                Card::Case(case) => format!("{}{}{}", tr(Phrase::Case, lang), colon(lang), case.title.get(lang)),
                Card::Scene(scene) => format!("{}{}{scene}", tr(Phrase::TypedScene, lang), colon(lang)),
            }),
            0.95,
            palette::MUTED,
        ));
        let side = |who: String, role: Phrase, task: Phrase| {
            Localized::dynamic(move |lang| {
                format!("{who}{}{}{}", aside(tr(role, lang), lang), colon(lang), tr(task, lang))
            })
        };
        panel.spawn(label(side(lead, lead_role, lead_task), 1.0, palette::ACCENT));
        if let Card::Case(case) = &card {
            let who = case.agent.clone();
            let setting = case.setting.clone();
            panel.spawn(label(
                Localized::dynamic(move |lang| format!("{} · {}", who.get(lang), setting.get(lang))),
                0.95,
                palette::INK,
            ));
        }
        panel.spawn(label(side(other, other_role, other_task), 1.0, palette::ACCENT));
        if game == GroupGameKind::Promise
            && let Card::Case(case) = &card
        {
            match &case.role_card {
                Some(role_card) => {
                    panel.spawn(label(&role_card.happened, 0.95, palette::INK));
                    panel.spawn(label(&role_card.wants, 0.95, palette::INK));
                }
                None => {
                    panel.spawn(label(&case.customer.persona, 0.95, palette::INK));
                }
            }
        }
    });
}
