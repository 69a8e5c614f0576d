//! Title screen: name, tagline, Play / Settings / Quit.

use bevy::prelude::*;

use super::Screen;
use crate::game::input::UiAction;
use crate::game::theme::{button, label, palette, screen_root};
use crate::i18n::Key;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Title), spawn)
        .add_systems(Update, (shortcuts, act).chain().run_if(in_state(Screen::Title)));
}

fn spawn(mut commands: Commands) {
    commands.spawn((
        Name::new("Title screen"),
        DespawnOnExit(Screen::Title),
        screen_root(),
        children![
            (Node {
                height: percent(18),
                ..default()
            }),
            label(Key::AppName, 4.0, palette::ACCENT),
            label(
                goodwill_engine::text::t("Goodwill · 善意", "善意 · Goodwill"),
                1.4,
                palette::MUTED
            ),
            (
                Node {
                    max_width: px(760),
                    margin: UiRect::vertical(px(16)),
                    ..default()
                },
                children![label(Key::Tagline, 1.2, palette::INK)],
            ),
            button(Key::Play, UiAction::Play, 0),
            button(Key::Settings, UiAction::OpenSettings, 1),
            button(Key::Quit, UiAction::Quit, 2),
            (Node {
                height: px(24),
                ..default()
            }),
            label(Key::MenuHint, 0.9, palette::MUTED),
        ],
    ));
}

fn shortcuts(keys: Res<ButtonInput<KeyCode>>, mut actions: MessageWriter<UiAction>) {
    if keys.just_pressed(KeyCode::Escape) {
        actions.write(UiAction::Quit);
    }
    if keys.just_pressed(KeyCode::KeyL) {
        actions.write(UiAction::ToggleLanguage);
    }
}

fn act(
    mut actions: MessageReader<UiAction>,
    mut next: ResMut<NextState<Screen>>,
    mut exit: MessageWriter<AppExit>,
    mut settings: ResMut<crate::game::settings::Settings>,
) {
    for action in actions.read() {
        match action {
            UiAction::Play => next.set(Screen::Select),
            UiAction::OpenSettings => next.set(Screen::Settings),
            UiAction::Quit => {
                exit.write(AppExit::Success);
            }
            UiAction::ToggleLanguage => settings.lang = settings.lang.other(),
            _ => {}
        }
    }
}
