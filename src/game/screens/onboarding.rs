//! Floor 5 · First-run guide: a few pages on the emotional account (its scale, the loss line, interest, promises), the
//! seven golden steps and what a trainee is scored on, all in the engine's own words. Shown at the first
//! launch, skippable at any page, and reachable again from the title and settings screens.

use bevy::prelude::*;

use crate::game::glossary::{Rule, balance_scales, golden_steps, rule_entry};
use crate::game::input::{Focus, Scrollable, Shortcuts, UiAction};
use crate::game::palette;
use crate::game::settings::Settings;
use crate::game::state::GameSet;
use crate::game::state::Screen;
use crate::game::theme::{Localized, button, button_row, label, panel};
use crate::i18n::{Phrase, tr};

/// The page shown (0-based) and the screen to return to.
#[derive(Resource, Debug)]
pub struct Guide {
    pub page: usize,
    back_to: Screen,
}

impl Default for Guide {
    fn default() -> Self {
        Guide {
            page: 0,
            back_to: Screen::Title,
        }
    }
}

/// The guide's pages, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Page {
    Account,
    InterestAndPromises,
    GoldenSteps,
    Scoring,
}

const PAGES: [Page; 4] = [
    Page::Account,
    Page::InterestAndPromises,
    Page::GoldenSteps,
    Page::Scoring,
];

/// Focus order of the page buttons: Enter turns the page unless the player moves the focus.
const PREVIOUS: usize = 0;
const NEXT: usize = 1;
const SKIP: usize = 2;

const KEYS: Shortcuts = Shortcuts(&[
    (KeyCode::ArrowLeft, UiAction::PreviousStep),
    (KeyCode::ArrowRight, UiAction::NextStep),
    (KeyCode::Escape, UiAction::Done),
]);

#[derive(Component)]
struct GuideRoot;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Guide>()
        .add_systems(Startup, show_on_first_launch)
        .add_systems(Update, open_from_anywhere.in_set(GameSet::Act))
        .add_systems(OnEnter(Screen::Onboarding), spawn)
        .add_systems(
            Update,
            (
                focus_next_page.in_set(GameSet::Input),
                act.in_set(GameSet::Act),
                rebuild.in_set(GameSet::Present),
            )
                .run_if(in_state(Screen::Onboarding)),
        );
}

fn show_on_first_launch(settings: Res<Settings>, mut next: ResMut<NextState<Screen>>) {
    if !settings.onboarding_seen {
        next.set(Screen::Onboarding);
    }
}

/// "How it works" on the title screen and "Show the guide again" in settings both send `OpenGuide`; the
/// guide returns to whichever screen asked.
fn open_from_anywhere(
    mut actions: MessageReader<UiAction>,
    screen: Res<State<Screen>>,
    mut guide: ResMut<Guide>,
    mut next: ResMut<NextState<Screen>>,
) {
    if actions.read().any(|a| *a == UiAction::OpenGuide) && *screen.get() != Screen::Onboarding {
        *guide = Guide {
            page: 0,
            back_to: *screen.get(),
        };
        next.set(Screen::Onboarding);
    }
}

/// With nothing focused (as every screen opens), Enter turns the page.
fn focus_next_page(mut focus: ResMut<Focus>) {
    if focus.0.is_none() {
        focus.0 = Some(NEXT);
    }
}

fn spawn(mut commands: Commands) {
    commands.spawn((
        Name::new("Guide screen"),
        DespawnOnExit(Screen::Onboarding),
        GuideRoot,
        // Not `screen_root`: only the page body scrolls, so the page buttons stay in view at every text size.
        Node {
            width: percent(100),
            height: percent(100),
            flex_direction: FlexDirection::Column,
            align_items: AlignItems::Center,
            padding: UiRect::all(px(20)),
            row_gap: px(10),
            ..default()
        },
        BackgroundColor(palette::BACKGROUND),
        KEYS,
    ));
}

fn act(
    mut actions: MessageReader<UiAction>,
    mut guide: ResMut<Guide>,
    mut settings: ResMut<Settings>,
    mut next: ResMut<NextState<Screen>>,
) {
    for action in actions.read() {
        let finished = match action {
            UiAction::PreviousStep => {
                guide.page = guide.page.saturating_sub(1);
                false
            }
            UiAction::NextStep => {
                guide.page += 1;
                guide.page >= PAGES.len()
            }
            UiAction::Done => true,
            _ => false,
        };
        if finished {
            if !settings.onboarding_seen {
                settings.onboarding_seen = true;
            }
            guide.page = 0;
            next.set(guide.back_to);
            return;
        }
    }
}

fn rebuild(
    mut commands: Commands,
    guide: Res<Guide>,
    roots: Query<(Entity, Has<Children>), With<GuideRoot>>,
    mut focus: ResMut<Focus>,
) {
    for (root, built) in &roots {
        if built && !guide.is_changed() {
            continue;
        }
        let page_index = guide.page.min(PAGES.len() - 1);
        let page = PAGES[page_index];
        let last = page_index + 1 == PAGES.len();
        // Each page starts with Next focused.
        focus.0 = Some(NEXT);
        commands
            .entity(root)
            .despawn_related::<Children>()
            .with_children(|root| {
                let title = page_title(page);
                root.spawn(label(
                    Localized::dynamic(move |lang| {
                        format!(
                            "{} · {} · {}/{}",
                            tr(Phrase::Guide, lang),
                            tr(title, lang),
                            page_index + 1,
                            PAGES.len()
                        )
                    }),
                    1.6,
                    palette::ACCENT,
                ));
                root.spawn((
                    Node {
                        flex_direction: FlexDirection::Column,
                        flex_grow: 1.0,
                        flex_basis: px(0),
                        width: percent(100),
                        max_width: px(1100),
                        overflow: Overflow::scroll_y(),
                        ..default()
                    },
                    Scrollable,
                ))
                .with_children(|wide| {
                    wide.spawn(panel()).with_children(|p| page_body(p, page));
                });
                root.spawn(Node {
                    flex_shrink: 0.0,
                    ..button_row()
                })
                .with_children(|row| {
                    if page_index > 0 {
                        row.spawn(button(Phrase::PreviousPage, UiAction::PreviousStep, PREVIOUS));
                    }
                    let next_label = if last {
                        Phrase::StartPractising
                    } else {
                        Phrase::NextPage
                    };
                    row.spawn(button(next_label, UiAction::NextStep, NEXT));
                    if !last {
                        row.spawn(button(Phrase::Skip, UiAction::Done, SKIP));
                    }
                });
                // The last page's Enter starts practising: the hint says so.
                let hint = if last { Phrase::GuideHintLast } else { Phrase::GuideHint };
                root.spawn(label(hint, 0.9, palette::MUTED));
            });
    }
}

fn page_title(page: Page) -> Phrase {
    match page {
        Page::Account => Phrase::GuideAccountTitle,
        Page::InterestAndPromises => Phrase::GuideInterestTitle,
        Page::GoldenSteps => Phrase::GoldenSteps,
        Page::Scoring => Phrase::GuideScoredTitle,
    }
}

fn page_body(p: &mut ChildSpawnerCommands, page: Page) {
    match page {
        Page::Account => {
            p.spawn(label(Phrase::GuideAccountIntro, 1.1, palette::INK));
            p.spawn(balance_scales());
            p.spawn(rule_entry(Rule::Scale));
        }
        Page::InterestAndPromises => {
            p.spawn(rule_entry(Rule::Interest));
            p.spawn(rule_entry(Rule::Promises));
            p.spawn(rule_entry(Rule::Repeats));
        }
        Page::GoldenSteps => {
            p.spawn(label(Phrase::GuideStepsIntro, 1.0, palette::INK));
            p.spawn(golden_steps());
        }
        Page::Scoring => {
            p.spawn(label(Phrase::GuideScored, 1.0, palette::INK));
            p.spawn(rule_entry(Rule::Order));
            p.spawn(rule_entry(Rule::Sincerity));
            p.spawn(rule_entry(Rule::Accuracy));
            p.spawn(label(Phrase::GuideGlossaryTip, 1.0, palette::ACCENT));
        }
    }
}
