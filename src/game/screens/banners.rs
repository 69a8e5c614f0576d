//! Floor 5 · Banners across the bottom of the window: what the player must know about the lower floors'
//! state — results not being saved (`results::SaveProblem`), a broken settings file
//! (`settings::SettingsProblem`). Records and settings only hold that state; drawing it is done here.

use bevy::prelude::*;
use goodwill_engine::Lang;

use crate::game::results::{SaveFailure, SaveProblem};
use crate::game::settings::{BrokenSettings, SettingsFault, SettingsProblem};
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
    .add_systems(OnEnter(Screen::Settings), show_settings_problem)
    .add_systems(
        Update,
        remove_settings_problem
            .in_set(GameSet::Present)
            .run_if(resource_changed::<SettingsProblem>),
    )
    .add_systems(PostUpdate, make_room_for_banners.before(bevy::ui::UiSystems::Prepare));
}

/// A banner across the bottom of the window, for `make_room_for_banners`.
#[derive(Component)]
struct Banner;

/// The top-level nodes of the screens (not the banners themselves).
type ScreenRoots = (Without<ChildOf>, Without<Banner>, With<DespawnOnExit<Screen>>);

/// A screen's root that has been shortened to leave a banner its room.
#[derive(Component)]
struct ShortenedForBanner;

/// The screen stops above the banners instead of running under them: no button (the settings' Back) and
/// no line is hidden by a warning. The root is stretched to the window less the banners' height (the
/// window's implicit root is a grid, which stretches a child to its area less its margins).
fn make_room_for_banners(
    mut commands: Commands,
    banners: Query<&ComputedNode, With<Banner>>,
    mut roots: Query<(Entity, &mut Node, Has<ShortenedForBanner>), ScreenRoots>,
) {
    let height: f32 = banners.iter().map(|b| b.size.y * b.inverse_scale_factor).sum();
    for (root, mut node, shortened) in &mut roots {
        if node.position_type == PositionType::Absolute {
            continue;
        }
        if height > 0.0 {
            if !shortened && node.height != percent(100) {
                continue;
            }
            if node.margin.bottom != px(height) || node.height != Val::Auto {
                node.height = Val::Auto;
                node.align_self = AlignSelf::Stretch;
                node.margin.bottom = px(height);
            }
            if !shortened {
                commands.entity(root).insert(ShortenedForBanner);
            }
        } else if shortened {
            node.height = percent(100);
            node.align_self = AlignSelf::Auto;
            node.margin.bottom = px(0);
            commands.entity(root).remove::<ShortenedForBanner>();
        }
    }
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
        Banner,
        warning_banner(),
        children![label(
            Localized::dynamic(move |lang| format!("{} ({reason})", tr(lost, lang))),
            0.9,
            Color::WHITE,
        )],
    ));
}

/// A broken settings file is announced across the bottom of the title and settings screens: what is wrong,
/// where in the file, and where the file was kept, so a trainer can fix it (or a trainee can tell one).
/// In Chinese the parser's own (English) words are left out: the line and column say where to look.
fn show_settings_problem(mut commands: Commands, problem: Res<SettingsProblem>, screen: Res<State<Screen>>) {
    let Some(broken) = problem.0.clone() else { return };
    commands.spawn((
        Name::new("Settings file problem"),
        SettingsProblemBanner,
        Banner,
        DespawnOnExit(*screen.get()),
        warning_banner(),
        children![label(
            Localized::dynamic(move |lang| settings_problem_text(&broken, lang)),
            0.9,
            Color::WHITE,
        )],
    ));
}

/// Marks the banner about a broken settings file.
#[derive(Component)]
pub struct SettingsProblemBanner;

/// Once settings are saved again (a good file in place of the broken one, which stays kept aside), the
/// warning has done its work and goes.
fn remove_settings_problem(
    mut commands: Commands,
    problem: Res<SettingsProblem>,
    banners: Query<Entity, With<SettingsProblemBanner>>,
) {
    if problem.0.is_none() {
        for banner in &banners {
            commands.entity(banner).despawn();
        }
    }
}

/// The banner's words in `lang`: the place in the file (`line:column` from the parser), the parser's
/// message in English only (it has no other language), shortened, and where the file was kept.
pub fn settings_problem_text(broken: &BrokenSettings, lang: Lang) -> String {
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
    // At most about 80 characters of the parser's words: the rest is in the log.
    let why = goodwill_engine::text::shorten_quoted(&why);
    match lang {
        Lang::Zh => format!("⚠ {}{kept}（{why}）", tr(Phrase::SettingsBroken, lang)),
        Lang::En => format!("⚠ {}{kept} ({why})", tr(Phrase::SettingsBroken, lang)),
    }
}
