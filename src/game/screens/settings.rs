//! Settings screen: language, text size, fullscreen, feedback timing. Changes apply and save at once.

use bevy::prelude::*;

use super::Screen;
use crate::game::GameSet;
use crate::game::input::{ESC_BACK, UiAction};
use crate::game::settings::{Settings, TextSize};
use crate::game::theme::{Localized, button, label, palette, panel, screen_root};
use crate::i18n::{Key, colon, tr};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Settings), spawn)
        .add_systems(Update, act.in_set(GameSet::Act).run_if(in_state(Screen::Settings)));
}

fn size_key(size: TextSize) -> Key {
    match size {
        TextSize::Small => Key::Small,
        TextSize::Medium => Key::Medium,
        TextSize::Large => Key::Large,
        TextSize::ExtraLarge => Key::ExtraLarge,
    }
}

/// A button whose label shows the setting's current value, e.g. "Text size: Large".
fn setting_button(
    name: Key,
    value: fn(&Settings) -> Key,
    action: UiAction,
    order: usize,
    settings: &Settings,
) -> impl Bundle {
    let current = value(settings);
    button(
        Localized::dynamic(move |lang| format!("{}{}{}", tr(name, lang), colon(lang), tr(current, lang))),
        action,
        order,
    )
}

fn spawn(mut commands: Commands) {
    commands.spawn((
        Name::new("Settings screen"),
        DespawnOnExit(Screen::Settings),
        SettingsRoot,
        screen_root(),
        ESC_BACK,
    ));
}

#[derive(Component)]
struct SettingsRoot;

fn rebuild(commands: &mut Commands, root: Entity, settings: &Settings) {
    commands
        .entity(root)
        .despawn_related::<Children>()
        .with_children(|root| {
            root.spawn(label(Key::Settings, 2.2, palette::ACCENT));
            root.spawn(panel()).with_children(|p| {
                p.spawn(button(
                    Localized::dynamic(|lang| {
                        format!(
                            "{}{}{}",
                            tr(Key::Language, lang),
                            colon(lang),
                            if lang == goodwill_engine::Lang::Zh {
                                "中文"
                            } else {
                                "English"
                            }
                        )
                    }),
                    UiAction::ToggleLanguage,
                    0,
                ));
                p.spawn(setting_button(
                    Key::TextSize,
                    |s| size_key(s.text_size),
                    UiAction::CycleTextSize,
                    1,
                    settings,
                ));
                p.spawn(setting_button(
                    Key::Fullscreen,
                    |s| if s.fullscreen { Key::On } else { Key::Off },
                    UiAction::ToggleFullscreen,
                    2,
                    settings,
                ));
                p.spawn(setting_button(
                    Key::FeedbackTiming,
                    |s| {
                        if s.feedback_after_choice {
                            Key::AfterEachChoice
                        } else {
                            Key::OnlyInDebrief
                        }
                    },
                    UiAction::ToggleFeedback,
                    3,
                    settings,
                ));
            });
            root.spawn(button(Key::Back, UiAction::Back, 4));
            root.spawn(label(Key::MenuHint, 0.9, palette::MUTED));
        });
}

fn act(
    mut commands: Commands,
    mut actions: MessageReader<UiAction>,
    mut settings: ResMut<Settings>,
    mut next: ResMut<NextState<Screen>>,
    roots: Query<(Entity, Has<Children>), With<SettingsRoot>>,
) {
    for action in actions.read() {
        match action {
            UiAction::ToggleLanguage => settings.lang = settings.lang.other(),
            UiAction::CycleTextSize => settings.text_size = settings.text_size.next(),
            UiAction::ToggleFullscreen => settings.fullscreen = !settings.fullscreen,
            UiAction::ToggleFeedback => settings.feedback_after_choice = !settings.feedback_after_choice,
            UiAction::Back => next.set(Screen::Title),
            _ => {}
        }
    }
    for (root, built) in &roots {
        if settings.is_changed() || !built {
            rebuild(&mut commands, root, &settings);
        }
    }
}
