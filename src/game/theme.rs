//! Floor 3 · Look and feel: text in the player's language, and the widgets every screen builds from (the
//! colours are `palette`, a floor below).

use std::sync::Arc;

use bevy::prelude::*;
use goodwill_engine::{Bilingual, Lang};

use super::input::{ActionButton, UiAction};
use super::palette;
use super::settings::Settings;
use crate::i18n::{Phrase, tr};

/// Text that follows the language setting: re-rendered whenever the language changes.
#[derive(Component, Clone)]
pub enum Localized {
    Phrase(Phrase),
    Text(Bilingual),
    Dynamic(Arc<dyn Fn(Lang) -> String + Send + Sync>),
}

impl Localized {
    pub fn dynamic(f: impl Fn(Lang) -> String + Send + Sync + 'static) -> Self {
        Localized::Dynamic(Arc::new(f))
    }

    pub fn render(&self, lang: Lang) -> String {
        let text = match self {
            Localized::Phrase(key) => tr(*key, lang).to_string(),
            Localized::Text(text) => text.get(lang).to_string(),
            Localized::Dynamic(f) => f(lang),
        };
        for_the_font(text, lang)
    }
}

/// The shipped font is a Chinese one, whose curly quotes are full-width: in an English line they stand
/// apart from the words they quote ("site:  ‘They …’   His"). English is shown with straight quotes.
pub fn for_the_font(text: String, lang: Lang) -> String {
    if lang == Lang::Zh || !text.contains(['‘', '’', '“', '”']) {
        return text;
    }
    text.chars()
        .map(|c| match c {
            '‘' | '’' => '\'',
            '“' | '”' => '"',
            other => other,
        })
        .collect()
}

impl From<Phrase> for Localized {
    fn from(key: Phrase) -> Self {
        Localized::Phrase(key)
    }
}

impl From<Bilingual> for Localized {
    fn from(text: Bilingual) -> Self {
        Localized::Text(text)
    }
}

impl From<&Bilingual> for Localized {
    fn from(text: &Bilingual) -> Self {
        Localized::Text(text.clone())
    }
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(PostUpdate, render_localized);
}

fn render_localized(settings: Res<Settings>, mut texts: Query<(Ref<Localized>, &mut Text)>) {
    let lang = settings.lang;
    let all = settings.is_changed();
    for (localized, mut text) in &mut texts {
        if all || localized.is_changed() {
            let rendered = localized.render(lang);
            if text.0 != rendered {
                text.0 = rendered;
            }
        }
    }
}

/// A line of text in `rem` units (so the text-size setting scales it) and a colour.
pub fn label(content: impl Into<Localized>, rem: f32, color: Color) -> impl Bundle {
    (
        Text::default(),
        content.into(),
        TextFont {
            font_size: FontSize::Rem(rem),
            ..default()
        },
        TextColor(color),
    )
}

/// A shaded layer over the whole window with its content centred: the pause menu, the quit question.
pub fn overlay_backdrop() -> impl Bundle {
    (
        GlobalZIndex(10),
        Node {
            position_type: PositionType::Absolute,
            width: percent(100),
            height: percent(100),
            align_items: AlignItems::Center,
            justify_content: JustifyContent::Center,
            ..default()
        },
        BackgroundColor(palette::SHADE),
    )
}

/// A red strip across the bottom of the window, above every screen: something the player must know.
pub fn warning_banner() -> impl Bundle {
    (
        GlobalZIndex(20),
        Node {
            position_type: PositionType::Absolute,
            bottom: px(0),
            left: px(0),
            right: px(0),
            padding: UiRect::axes(px(16), px(8)),
            ..default()
        },
        BackgroundColor(palette::WITHDRAWAL),
    )
}

/// A full-window screen root in the background colour, scrolled when its content is taller.
pub fn screen_root() -> impl Bundle {
    (
        Node {
            width: percent(100),
            height: percent(100),
            flex_direction: FlexDirection::Column,
            align_items: AlignItems::Center,
            padding: UiRect::all(px(24)),
            row_gap: px(12),
            overflow: Overflow::scroll_y(),
            ..default()
        },
        BackgroundColor(palette::BACKGROUND),
        super::input::Scrollable,
    )
}

/// A white card with rounded corners.
pub fn panel() -> impl Bundle {
    (
        Node {
            flex_direction: FlexDirection::Column,
            padding: UiRect::all(px(16)),
            row_gap: px(8),
            border_radius: BorderRadius::all(px(10)),
            // Never squeezed below its content when a screen is taller than the window: it scrolls instead.
            flex_shrink: 0.0,
            ..default()
        },
        BackgroundColor(palette::PANEL),
    )
}

/// A focusable button that sends `action` when clicked or activated with Enter.
pub fn button(content: impl Into<Localized>, action: UiAction, order: usize) -> impl Bundle {
    button_at_least(content, action, order, px(220))
}

/// A button at least `min_width` wide (a step number needs less room than a menu entry).
pub fn button_at_least(content: impl Into<Localized>, action: UiAction, order: usize, min_width: Val) -> impl Bundle {
    (
        Button,
        ActionButton { action, order },
        Node {
            padding: UiRect::axes(px(18), px(10)),
            border_radius: BorderRadius::all(px(8)),
            border: UiRect::all(px(2)),
            justify_content: JustifyContent::Center,
            align_items: AlignItems::Center,
            min_width,
            ..default()
        },
        BorderColor::all(Color::NONE),
        BackgroundColor(palette::BUTTON),
        children![label(content, 1.1, palette::INK)],
    )
}

/// A one-line text field; the entity carrying `marker` (a component or several) shows the typed text (see
/// `text_input`).
pub fn text_field(marker: impl Bundle) -> impl Bundle {
    (
        Node {
            min_width: px(420),
            padding: UiRect::axes(px(12), px(8)),
            border: UiRect::all(px(2)),
            border_radius: BorderRadius::all(px(6)),
            ..default()
        },
        BorderColor::all(palette::ACCENT),
        BackgroundColor(Color::WHITE),
        children![(marker, label(Localized::dynamic(|_| "▏".to_owned()), 1.3, palette::INK))],
    )
}

/// Buttons side by side, wrapping on a narrow window.
pub fn button_row() -> Node {
    Node {
        flex_direction: FlexDirection::Row,
        flex_wrap: FlexWrap::Wrap,
        justify_content: JustifyContent::Center,
        column_gap: px(10),
        row_gap: px(10),
        ..default()
    }
}

/// Side-by-side columns across the screen, no wider than `max_width` so lines stay readable on a wide
/// window; each column (see [`column`]) starts at the top.
pub fn columns_row(max_width: f32) -> Node {
    Node {
        flex_direction: FlexDirection::Row,
        column_gap: px(18),
        width: percent(100),
        max_width: px(max_width),
        align_items: AlignItems::FlexStart,
        ..default()
    }
}

/// One of two or more equal columns in a row.
pub fn column() -> Node {
    Node {
        flex_direction: FlexDirection::Column,
        row_gap: px(10),
        flex_grow: 1.0,
        flex_basis: px(0),
        ..default()
    }
}
