//! Floor 4 · The pair exercise's observer on a phone: another way to fill in the observer's checklist. When
//! the pair setup asked for it, this driver starts the observer's server (`goodwill_vote::ObserverServer`)
//! as the role card comes up, opens each round for marks, and when the round ends hands the marks made on
//! the phone to the exercise (`PairCommand::PhoneMarks`), which stores them as the shared screen's
//! checklist would. The agent never sees a mark: the game reads them only once the round is over. The
//! server stops when the exercise ends or is left. Screens read [`ObserverPhone`]; nothing here draws.

use std::sync::Arc;

use bevy::prelude::*;
use bevy::winit::{EventLoopProxyWrapper, WinitUserEvent};
use goodwill_engine::Bilingual;
use goodwill_vote::{ObserverConfig, ObserverServer};

use crate::game::class_vote::qr;
use crate::game::run::pair::{PairCommand, PairExercise};
use crate::game::run::{ActiveRun, RunEvent};
use crate::game::settings::Settings;
use crate::game::state::{GameSet, Screen};
use crate::i18n::round_label;

/// The observer's phone, while a pair exercise with it runs.
#[derive(Resource)]
pub struct ObserverPhone {
    pub server: ObserverServer,
    /// The exercise the server belongs to.
    pub pair_id: String,
    /// The round open for marks (or whose marks were taken last).
    pub round: u8,
    /// Whether the observer's phone has joined, as last read: screens redraw when it changes.
    pub joined: bool,
    /// The join address as a QR code (none without a renderer, as in the headless tests).
    pub qr: Option<Handle<Image>>,
}

impl ObserverPhone {
    /// The address with the join code in it, as the QR code carries it: a scan opens the page with the
    /// code filled in.
    pub fn address_with_code(&self) -> String {
        format!("{}?code={}", self.server.join_url(), self.server.join_code())
    }
}

/// Why the observer's server could not start (the role card says so; the observer then marks on the
/// shared screen after the round, as without a phone).
#[derive(Resource, Debug, Default, Clone)]
pub struct ObserverPhoneProblem(pub Option<String>);

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<ObserverPhoneProblem>()
        .add_systems(OnEnter(Screen::RoleCard), open_round)
        .add_systems(
            Update,
            (watch_phone, take_marks)
                .chain()
                .after(GameSet::Run)
                .before(GameSet::Present),
        )
        .add_systems(OnEnter(Screen::Title), stop)
        .add_systems(OnEnter(Screen::PairDebrief), stop);
}

/// "第1轮 · 汤洒了" / "Round 1 · Spilled soup".
fn round_title(exercise: &PairExercise) -> Bilingual {
    let title = &exercise.case().title;
    let round = usize::from(exercise.round);
    Bilingual::new(
        format!("{} · {}", round_label(round, goodwill_engine::Lang::Zh), title.zh),
        format!("{} · {}", round_label(round, goodwill_engine::Lang::En), title.en),
    )
}

/// As a round's role card comes up: the server starts (first round), or the next round opens unmarked.
fn open_round(
    mut commands: Commands,
    exercise: Option<ResMut<PairExercise>>,
    phone: Option<ResMut<ObserverPhone>>,
    settings: Res<Settings>,
    proxy: Option<Res<EventLoopProxyWrapper>>,
    images: Option<ResMut<Assets<Image>>>,
    mut problem: ResMut<ObserverPhoneProblem>,
) {
    let Some(mut exercise) = exercise else { return };
    let Some(observer) = exercise.observer.clone().filter(|_| exercise.observer_phone) else {
        return;
    };
    let title = round_title(&exercise);
    if let Some(mut phone) = phone.filter(|p| p.pair_id == exercise.pair_id) {
        if phone.round != exercise.round {
            phone.server.open_round(title);
            phone.round = exercise.round;
        }
        return;
    }
    // The observer's join must reach the screen at once, though the game sleeps between inputs.
    let wake: goodwill_vote::Waker = match proxy.as_deref() {
        Some(proxy) => {
            let proxy = (**proxy).clone();
            Arc::new(move || {
                let _ = proxy.send_event(WinitUserEvent::WakeUp);
            })
        }
        None => Arc::new(|| {}),
    };
    match ObserverServer::start(ObserverConfig::new(observer, settings.lang, title), wake) {
        Ok(server) => {
            info!("observer's phone: {} (code {})", server.join_url(), server.join_code());
            let mut phone = ObserverPhone {
                server,
                pair_id: exercise.pair_id.clone(),
                round: exercise.round,
                joined: false,
                qr: None,
            };
            phone.qr = images.and_then(|mut images| match qr::image(&phone.address_with_code()) {
                Ok(image) => Some(images.add(image)),
                Err(e) => {
                    error!("the observer's address cannot be drawn as a QR code: {e}");
                    None
                }
            });
            problem.0 = None;
            commands.insert_resource(phone);
        }
        Err(e) => {
            // Without a server the observer marks on the shared screen after the round, as before.
            error!("the observer's phone server could not start: {e}");
            problem.0 = Some(e.to_string());
            exercise.observer_phone = false;
        }
    }
}

/// Reads whether the observer's phone is there (never the marks) so the role card can say so.
fn watch_phone(phone: Option<ResMut<ObserverPhone>>) {
    let Some(mut phone) = phone else { return };
    let joined = phone.server.view().joined;
    if phone.joined != joined {
        phone.joined = joined;
    }
}

/// When a round played with the observer's phone ends, its marking closes and the marks go to the
/// exercise, which stores them with the round's attempt. A step left unmarked counts as not applied, as an
/// unticked box on the shared screen does.
fn take_marks(
    mut events: MessageReader<RunEvent>,
    exercise: Option<Res<PairExercise>>,
    phone: Option<Res<ObserverPhone>>,
    run: Option<Res<ActiveRun>>,
    mut pair: MessageWriter<PairCommand>,
) {
    let finished = events.read().any(|e| *e == RunEvent::Finished);
    let (Some(exercise), Some(phone), Some(run)) = (exercise, phone, run) else {
        return;
    };
    if !finished
        || run.pair.is_none()
        || !exercise.observer_phone
        || phone.pair_id != exercise.pair_id
        || phone.round != exercise.round
        || exercise.observed_this_round.is_some()
    {
        return;
    }
    let marks = phone.server.close_round();
    pair.write(PairCommand::PhoneMarks(marks.map(|m| m == Some(true))));
}

/// The exercise is over or left: the server stops and its port is free.
fn stop(mut commands: Commands) {
    commands.remove_resource::<ObserverPhone>();
}
