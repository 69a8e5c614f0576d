//! Screenshot tour for CI and reviewers: with `GOODWILL_SCREENSHOTS=DIR` the game drives itself through
//! title, scenario select, play (mid-scenario), pause and debrief, in Chinese and in English, saving a
//! PNG of each into DIR, then quits. It sends the same `UiAction`s a player's keys and clicks send.

use std::path::PathBuf;

use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, save_to_disk};
use bevy::winit::WinitSettings;
use goodwill_engine::Lang;

use super::input::UiAction;
use super::library::Library;
use super::screens::play::{ActiveRun, Phase, StartRun};
use super::settings::Settings;

pub const ENV: &str = "GOODWILL_SCREENSHOTS";

#[derive(Debug, Clone)]
enum Step {
    Lang(Lang),
    Act(UiAction),
    /// Start the first playable scenario.
    Start,
    /// Answer with this 0-based choice once the choices are shown (skipping reveal and feedback).
    Answer(usize),
    /// Keep answering with the first choice until the debrief.
    Finish,
    Shot(&'static str),
}

#[derive(Resource)]
struct Tour {
    dir: PathBuf,
    steps: Vec<Step>,
    next: usize,
    wait: u32,
}

pub fn configure(app: &mut App) {
    let Some(dir) = std::env::var_os(ENV).map(PathBuf::from) else {
        return;
    };
    let _ = std::fs::create_dir_all(&dir);
    let mut steps = Vec::new();
    for (lang, code) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        let shot = |name: &str| Step::Shot(Box::leak(format!("{name}-{code}").into_boxed_str()));
        steps.extend([
            Step::Lang(lang),
            shot("1-title"),
            Step::Act(UiAction::Play),
            shot("2-select"),
            Step::Start,
            Step::Answer(1),
            Step::Act(UiAction::Continue),
            shot("3-play-feedback"),
            Step::Answer(0),
            shot("4-play"),
            Step::Act(UiAction::Pause),
            shot("5-pause"),
            Step::Act(UiAction::Resume),
            Step::Finish,
            shot("6-debrief"),
            Step::Act(UiAction::BackToList),
            Step::Act(UiAction::Back),
            Step::Act(UiAction::OpenSettings),
            shot("7-settings"),
            Step::Act(UiAction::Back),
        ]);
    }
    // Render continuously while touring: nobody is there to send input.
    app.insert_resource(WinitSettings::game())
        .insert_resource(Tour {
            dir,
            steps,
            next: 0,
            wait: 30,
        })
        .add_systems(Update, drive);
}

#[allow(clippy::too_many_arguments)] // a Bevy system: each argument is a resource it drives
fn drive(
    mut commands: Commands,
    mut tour: ResMut<Tour>,
    mut settings: ResMut<Settings>,
    library: Res<Library>,
    run: Option<Res<ActiveRun>>,
    mut actions: MessageWriter<UiAction>,
    mut starts: MessageWriter<StartRun>,
    mut exit: MessageWriter<AppExit>,
) {
    if tour.wait > 0 {
        tour.wait -= 1;
        return;
    }
    let Some(step) = tour.steps.get(tour.next).cloned() else {
        exit.write(AppExit::Success);
        return;
    };
    let mut done = true;
    match step {
        Step::Lang(lang) => settings.lang = lang,
        Step::Act(action) => {
            actions.write(action);
        }
        Step::Start => match library.playable().next() {
            Some(s) => {
                starts.write(StartRun(s.clone()));
            }
            None => done = library.ready,
        },
        Step::Answer(_) | Step::Finish if run.is_none() => done = false,
        Step::Answer(i) => {
            let run = run.as_ref().expect("checked above");
            match run.phase {
                Phase::Choosing => actions.write(UiAction::Choose(i)),
                _ => {
                    done = false;
                    actions.write(UiAction::Continue)
                }
            };
        }
        Step::Finish => {
            let run = run.as_ref().expect("checked above");
            if run.session.is_over() && run.phase != Phase::Reveal && run.phase != Phase::Choosing {
                actions.write(UiAction::Continue);
            } else {
                done = false;
                actions.write(if run.phase == Phase::Choosing {
                    UiAction::Choose(0)
                } else {
                    UiAction::Continue
                });
            }
        }
        Step::Shot(name) => {
            let path = tour.dir.join(format!("{name}.png"));
            commands.spawn(Screenshot::primary_window()).observe(save_to_disk(path));
        }
    }
    if done {
        tour.next += 1;
    }
    tour.wait = 20;
}
