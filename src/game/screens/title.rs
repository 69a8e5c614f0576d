//! Floor 5 · Title screen: name, tagline, who is playing, an interrupted attempt to resume, and the menu.

use bevy::prelude::*;
use goodwill_store::Attempt;

use crate::describe::plan_line;
use crate::game::input::{OverlayButton, Shortcuts, UiAction};
use crate::game::library::Library;
use crate::game::lrs_sender::LrsSender;
use crate::game::palette;
use crate::game::results::{Player, ResultsDb, SaveProblem};
use crate::game::run::{ResumeAttempt, RunEvent};
use crate::game::state::GameSet;
use crate::game::state::Screen;
use crate::game::theme::{Localized, button, button_row, label, overlay_backdrop, panel, screen_root};
use crate::i18n::{Phrase, colon, step_label, tr};

/// The interrupted attempt the title screen offers to resume, if any.
#[derive(Resource, Debug, Default)]
pub struct PendingResume(pub Option<Attempt>);

/// Marks the resume card, for tests.
#[derive(Component)]
pub struct ResumeCard;

/// The "quit?" question over the title screen: Esc (or Quit) asks it, so a stray Esc in front of a class
/// does not close the game.
#[derive(Component)]
pub struct QuitQuestion;

/// Marks the line showing the signed-in trainee's plan, for tests.
#[derive(Component)]
pub struct PlanLine;

/// Focus order of the question's buttons, above every menu button.
const CONFIRM_QUIT_ORDER: usize = 900;

/// The line saying how many results wait to be sent to the LRS, and the last problem sending them.
#[derive(Component)]
pub struct SendingLine;

/// The resume card's line; it names the scenario once the library has loaded it.
#[derive(Component)]
struct ResumeLine;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<PendingResume>()
        .add_systems(OnEnter(Screen::Title), (find_unfinished, spawn).chain())
        .add_systems(
            Update,
            (
                focus_resume.in_set(GameSet::Input),
                act.in_set(GameSet::Act),
                (describe_resume, show_refusal, describe_sending).in_set(GameSet::Present),
            )
                .run_if(in_state(Screen::Title)),
        );
}

/// Offers only the signed-in trainee's own unfinished attempt (or a pair round they played in): at a
/// shared machine the next trainee must never continue, and record into, someone else's. With nobody
/// signed in nothing is offered; signing in as the owner brings the offer back.
fn find_unfinished(db: Res<ResultsDb>, player: Res<Player>, mut pending: ResMut<PendingResume>) {
    pending.0 = player.profile.as_deref().and_then(|trainee| {
        db.read(|store| store.unfinished_of(trainee))
            .and_then(|list| list.into_iter().next())
    });
}

/// With an interrupted attempt waiting, Enter resumes it. (Runs in `Update`, after the screen change has
/// cleared the focus.)
fn focus_resume(pending: Res<PendingResume>, mut focus: ResMut<crate::game::input::Focus>) {
    if pending.is_changed() && pending.0.is_some() {
        focus.0 = Some(0);
    }
}

/// Names the interrupted attempt's scenario by its title (in the current language) once it is loaded.
fn describe_resume(
    library: Res<Library>,
    pending: Res<PendingResume>,
    mut lines: Query<&mut Localized, With<ResumeLine>>,
    added: Query<(), Added<ResumeLine>>,
) {
    if !library.is_changed() && added.is_empty() {
        return;
    }
    let Some(attempt) = pending.0.clone() else { return };
    let title = library.find(&attempt.scenario).map(|s| s.title.clone());
    for mut line in &mut lines {
        let (attempt, title) = (attempt.clone(), title.clone());
        *line = Localized::dynamic(move |lang| {
            let name = title
                .as_ref()
                .map_or(attempt.scenario.clone(), |t| t.get(lang).to_owned());
            format!(
                "{}{}{} · {name} · {} · {}",
                tr(Phrase::Unfinished, lang),
                colon(lang),
                attempt.profile,
                step_label(attempt.steps as usize + 1, lang),
                goodwill_store::clock::short(attempt.started_at)
            )
        });
    }
}

/// Keeps the sending line up to date with the background sender (only when what it knows changed).
fn describe_sending(
    sender: Res<LrsSender>,
    mut lines: Query<(&mut Localized, &mut Node), With<SendingLine>>,
    added: Query<(), Added<SendingLine>>,
    mut shown: Local<Option<u64>>,
) {
    let status = sender.status();
    if *shown == Some(status.generation) && added.is_empty() {
        return;
    }
    *shown = Some(status.generation);
    let visible = status.title_line(goodwill_engine::Lang::En).is_some();
    for (mut line, mut node) in &mut lines {
        node.display = if visible { Display::Flex } else { Display::None };
        let status = status.clone();
        *line = Localized::dynamic(move |lang| status.title_line(lang).unwrap_or_default());
    }
}

/// The runner refused the attempt (the case changed since it was played): the card stays, so it can
/// still be discarded, and says why.
fn show_refusal(
    mut commands: Commands,
    mut events: MessageReader<RunEvent>,
    db: Res<ResultsDb>,
    mut pending: ResMut<PendingResume>,
    cards: Query<Entity, With<ResumeCard>>,
) {
    for event in events.read() {
        let RunEvent::ResumeRefused { attempt, reason } = event else {
            continue;
        };
        pending.0 = db.read(|store| store.attempt(attempt)).flatten();
        for card in &cards {
            let reason = reason.clone();
            commands.entity(card).with_child(label(
                Localized::dynamic(move |lang| format!("⚠ {} ({reason})", tr(Phrase::ResumeRefused, lang))),
                0.9,
                palette::WITHDRAWAL,
            ));
        }
    }
}

fn spawn(mut commands: Commands, player: Res<Player>, db: Res<ResultsDb>, pending: Res<PendingResume>) {
    let who = player.clone();
    let saving = db.is_open();
    let plan = player
        .profile
        .as_deref()
        .and_then(|trainee| db.read(|s| s.current_plan(trainee)).flatten())
        .map(|current| current.plan);
    let db_error = db.error.clone();
    commands
        .spawn((
            Name::new("Title screen"),
            DespawnOnExit(Screen::Title),
            screen_root(),
            Shortcuts(&[
                (KeyCode::Escape, UiAction::Quit),
                (KeyCode::KeyL, UiAction::ToggleLanguage),
            ]),
        ))
        .with_children(|root| {
            // With an unfinished attempt to offer, the heading gives up room so the card and the whole
            // menu still fit one screen at the largest text.
            let compact = pending.0.is_some();
            if !compact {
                root.spawn(Node {
                    height: percent(3),
                    ..default()
                });
            }
            root.spawn(label(Phrase::AppName, if compact { 2.4 } else { 3.6 }, palette::ACCENT));
            root.spawn(label(
                goodwill_engine::text::t("Goodwill · 善意", "善意 · Goodwill"),
                1.4,
                palette::MUTED,
            ));
            if !compact {
                root.spawn(Node {
                    max_width: px(760),
                    margin: UiRect::vertical(px(10)),
                    ..default()
                })
                .with_children(|n| {
                    n.spawn(label(Phrase::Tagline, 1.2, palette::INK));
                });
            }
            root.spawn(label(
                Localized::dynamic(move |lang| who.who_line(saving, lang)),
                1.0,
                palette::MUTED,
            ));
            // The plan the trainee made after an earlier debrief, where they see it on signing in.
            if let Some(plan) = plan {
                root.spawn((
                    PlanLine,
                    Node {
                        max_width: px(1000),
                        ..default()
                    },
                ))
                .with_child(label(
                    Localized::dynamic(move |lang| {
                        format!(
                            "{}{}{}",
                            tr(Phrase::YourPlan, lang),
                            colon(lang),
                            plan_line(&plan, lang)
                        )
                    }),
                    1.0,
                    palette::ACCENT,
                ));
            }
            root.spawn((
                SendingLine,
                label(Localized::dynamic(|_| String::new()), 0.9, palette::MUTED),
            ));
            if let Some(error) = db_error {
                root.spawn((
                    Node {
                        max_width: px(900),
                        padding: UiRect::all(px(10)),
                        border_radius: BorderRadius::all(px(8)),
                        ..default()
                    },
                    BackgroundColor(palette::ERROR_BG),
                ))
                .with_children(|n| {
                    n.spawn(label(
                        Localized::dynamic(move |_| format!("⚠ {error}")),
                        0.9,
                        palette::WITHDRAWAL,
                    ));
                });
            }
            if pending.0.is_some() {
                root.spawn((ResumeCard, panel())).with_children(|p| {
                    p.spawn((
                        ResumeLine,
                        label(Localized::dynamic(|_| String::new()), 1.0, palette::INK),
                    ));
                    p.spawn(button_row()).with_children(|row| {
                        row.spawn(button(Phrase::ResumeAttempt, UiAction::ResumeAttempt, 0));
                        row.spawn(button(Phrase::DiscardAttempt, UiAction::DiscardAttempt, 1));
                    });
                });
            }
            let menu = [
                (Phrase::Play, UiAction::Play),
                (Phrase::PairExercise, UiAction::OpenPair),
                (Phrase::Progress, UiAction::OpenProgress),
                (Phrase::ClassView, UiAction::OpenClass),
                (Phrase::ClassVote, UiAction::OpenClassVote),
                (Phrase::GroupGames, UiAction::OpenGroupGames),
                (Phrase::SwitchTrainee, UiAction::OpenProfiles),
                (Phrase::Settings, UiAction::OpenSettings),
                (Phrase::Guide, UiAction::OpenGuide),
                (Phrase::Quit, UiAction::Quit),
            ];
            // Three to a row, so the whole menu fits a 1280×720 projector even with the resume card.
            root.spawn(Node {
                display: Display::Grid,
                grid_template_columns: RepeatedGridTrack::auto(3),
                column_gap: px(12),
                row_gap: px(10),
                margin: UiRect::top(px(6)),
                ..default()
            })
            .with_children(|grid| {
                for (i, (key, action)) in menu.into_iter().enumerate() {
                    grid.spawn(button(key, action, 10 + i));
                }
            });
            root.spawn(Node {
                height: px(12),
                ..default()
            });
            root.spawn(label(Phrase::TitleHint, 0.9, palette::MUTED));
        });
}

/// The question asking whether to quit, laid over the title screen (one button each way).
fn quit_question() -> impl Bundle {
    (
        Name::new("Quit?"),
        QuitQuestion,
        DespawnOnExit(Screen::Title),
        overlay_backdrop(),
        children![(
            panel(),
            children![
                label(Phrase::QuitQuestion, 1.8, palette::ACCENT),
                (
                    button_row(),
                    children![
                        (
                            button(Phrase::Quit, UiAction::ConfirmQuit, CONFIRM_QUIT_ORDER),
                            OverlayButton
                        ),
                        (
                            button(Phrase::Cancel, UiAction::Back, CONFIRM_QUIT_ORDER + 1),
                            OverlayButton
                        ),
                    ]
                ),
                label(Phrase::QuitHint, 0.9, palette::MUTED),
            ],
        )],
    )
}

fn act(
    mut commands: Commands,
    mut actions: MessageReader<UiAction>,
    mut next: ResMut<NextState<Screen>>,
    mut exit: MessageWriter<AppExit>,
    mut settings: ResMut<crate::game::settings::Settings>,
    mut pending: ResMut<PendingResume>,
    db: Res<ResultsDb>,
    mut problem: ResMut<SaveProblem>,
    library: Res<Library>,
    player: Res<Player>,
    mut resumes: MessageWriter<ResumeAttempt>,
    questions: Query<Entity, With<QuitQuestion>>,
    mut focus: ResMut<crate::game::input::Focus>,
    mut focus_before: Local<Option<usize>>,
) {
    let mut asking = !questions.is_empty();
    for action in actions.read() {
        match action {
            // While the question is up, Esc (Quit) or Cancel (Back) takes it away again.
            UiAction::Quit | UiAction::Back if asking => {
                for question in &questions {
                    commands.entity(question).despawn();
                }
                asking = false;
                focus.0 = focus_before.take();
            }
            UiAction::Quit => {
                *focus_before = focus.0;
                commands.spawn(quit_question());
                asking = true;
            }
            UiAction::ConfirmQuit => {
                exit.write(AppExit::Success);
            }
            _ if asking => {}
            UiAction::Play if player.profile.is_none() && db.is_open() => next.set(Screen::Profiles),
            UiAction::Play => next.set(Screen::Select),
            UiAction::OpenPair => next.set(Screen::PairSetup),
            UiAction::OpenProgress => next.set(Screen::Progress),
            UiAction::OpenClass => next.set(Screen::Class),
            UiAction::OpenClassVote => next.set(Screen::VoteSetup),
            UiAction::OpenGroupGames => next.set(Screen::GroupSetup),
            UiAction::OpenProfiles => next.set(Screen::Profiles),
            UiAction::OpenSettings => next.set(Screen::Settings),
            UiAction::ToggleLanguage => settings.lang = settings.lang.other(),
            UiAction::ResumeAttempt => {
                let Some(attempt) = pending.0.clone() else { continue };
                // The scenarios load in the background: keep the offer until this one is there.
                if library.find(&attempt.scenario).is_none() {
                    warn!("cannot resume yet: scenario `{}` is not loaded", attempt.scenario);
                    continue;
                }
                pending.0 = None;
                resumes.write(ResumeAttempt(attempt));
            }
            UiAction::DiscardAttempt => {
                if let Some(attempt) = pending.0.take() {
                    db.write(&mut problem, |store| store.discard_attempt(&attempt.id));
                }
                next.set(Screen::Title);
            }
            _ => {}
        }
    }
}
