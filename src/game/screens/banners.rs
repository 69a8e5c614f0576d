//! Floor 5 · Banners across the bottom of the window: what the player must know about the lower floors'
//! state — results not being saved (`results::SaveProblem`), a broken settings file
//! (`settings::SettingsProblem`). Records and settings only hold that state; drawing it is done here.

use bevy::prelude::*;
use goodwill_engine::Lang;

use crate::game::results::{SaveFailure, SaveProblem};
use crate::game::settings::{SettingsFault, SettingsProblem};
use crate::game::state::{GameSet, Screen};
use crate::game::theme::{Localized, label, warning_banner};
use crate::i18n::{Phrase, colon, tr};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        show_save_problem
            .in_set(GameSet::Present)
            .run_if(resource_changed::<SaveProblem>),
    )
    .add_systems(OnEnter(Screen::Title), show_settings_problem)
    .add_systems(OnEnter(Screen::Settings), show_settings_problem);
}

/// Marks the banner that says results are not being saved.
#[derive(Component)]
struct SaveProblemBanner;

/// A failed write is shown at once, across the bottom of every screen, until a new attempt starts: the
/// trainee keeps playing but knows this attempt will not be in their results.
fn show_save_problem(
    mut commands: Commands,
    problem: Res<SaveProblem>,
    banners: Query<Entity, With<SaveProblemBanner>>,
) {
    for banner in &banners {
        commands.entity(banner).despawn();
    }
    let Some(SaveFailure { lost, reason }) = problem.0.clone() else {
        return;
    };
    commands.spawn((
        Name::new("Results not saved"),
        SaveProblemBanner,
        warning_banner(),
        children![label(
            Localized::dynamic(move |lang| format!("{} ({reason})", tr(lost, lang))),
            0.9,
            Color::WHITE,
        )],
    ));
}

/// A broken settings file is announced across the bottom of the title and settings screens: what is wrong
/// and where the file was kept, so a trainer can fix it (or a trainee can tell one).
fn show_settings_problem(mut commands: Commands, problem: Res<SettingsProblem>, screen: Res<State<Screen>>) {
    let Some(broken) = problem.0.clone() else { return };
    commands.spawn((
        Name::new("Settings file problem"),
        DespawnOnExit(*screen.get()),
        warning_banner(),
        children![label(
            Localized::dynamic(move |lang| {
                let kept = broken
                    .kept_as
                    .as_ref()
                    .map(|path| format!("{}{}", colon(lang), path.display()))
                    .unwrap_or_default();
                // Chinese players read the fault in Chinese; the parser's English detail is for English.
                let why = match (lang, &broken.fault) {
                    (Lang::En, SettingsFault::Rules { .. }) => broken.error.clone(),
                    _ => broken.fault.describe(lang),
                };
                let why = goodwill_engine::text::shorten_quoted(&why);
                match lang {
                    Lang::Zh => format!("⚠ {}{kept}（{why}）", tr(Phrase::SettingsBroken, lang)),
                    Lang::En => format!("⚠ {}{kept} ({why})", tr(Phrase::SettingsBroken, lang)),
                }
            }),
            0.9,
            Color::WHITE,
        )],
    ));
}
