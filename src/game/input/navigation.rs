//! Floor 2 · Keyboard navigation: arrows move to the nearest button in that direction as laid out (↑/↓ by row,
//! ←/→ by column), Tab walks the focus order, and a screen opens with its first button focused.
//!
//! Why this is not Bevy's `bevy_input_focus` (0.19.1, enabled in Cargo.toml for `bevy_ui_widgets`), read
//! piece by piece against what the screens need:
//! - `InputFocus` holds an `Entity`. Our screens rebuild their buttons whenever what they show changes
//!   (settings, select, class setup, play, transcript…: `despawn_related::<Children>` and spawn again),
//!   and the focus must stay on the same line across that — Enter on "text size" cycles it and leaves the
//!   highlight there. An entity focus dies with the old button; `Focus` keeps the position in focus order
//!   (`ActionButton::order`), which the rebuilt button has again. The screens, the tour and the tests all
//!   set and read focus by that order.
//! - `TabNavigation` walks `TabIndex`es under `TabGroup`s and keeps inside a modal group only once the focus
//!   is already in it: with the pause menu or the glossary open and nothing focused, Tab would land on the
//!   screen beneath. Its key handling is an observer on the primary window's `FocusedInput<KeyboardInput>`,
//!   which the headless tests (no window) never trigger. Our Tab is the same wrap-around walk in
//!   `ActionButton::order`, over the overlay's buttons alone while one is open.
//! - `directional_navigation`'s automatic mode (`AutoDirectionalNavigation` in bevy_ui) scores candidates by
//!   distance and overlap per compass octant; ours weighs "across" three times "along", so a grid of menu
//!   buttons moves by row and column as it looks, skips arrows a screen's `Shortcuts` table claims
//!   (the replay's ←/→), and steps through the order when nothing is laid out (the headless tests).
//! - First focus on opening: Bevy's `AutoFocus` focuses one marked entity when it is spawned; a screen here
//!   opens on its lowest order unless its root says `NoFirstFocus`, and an overlay takes the focus to its
//!   own first button.

use bevy::prelude::*;

use super::*;
use crate::game::state::Screen;

pub(super) fn keyboard_navigation(
    keys: Res<ButtonInput<KeyCode>>,
    mut focus: ResMut<Focus>,
    buttons: Query<(&ActionButton, Has<OverlayButton>, &ComputedNode, &UiGlobalTransform)>,
    cyclers: Query<(&ActionButton, &Cycler)>,
    tables: Query<&Shortcuts>,
    mut actions: MessageWriter<UiAction>,
) {
    // ←/→ on a focused value chooser step the value, both ways; the focus stays.
    if let Some((button, cycler)) = focus.0.and_then(|f| cyclers.iter().find(|(b, _)| b.order == f)) {
        if keys.just_pressed(KeyCode::ArrowRight) {
            actions.write(button.action);
            return;
        }
        if keys.just_pressed(KeyCode::ArrowLeft) {
            actions.write(cycler.back);
            return;
        }
    }
    let overlay = buttons.iter().any(|(_, o, _, _)| o);
    let mut shown: Vec<(usize, UiAction, Rect)> = buttons
        .iter()
        .filter(|(_, o, _, _)| !overlay || *o)
        .map(|(b, _, node, at)| (b.order, b.action, Rect::from_center_size(at.translation, node.size)))
        .collect();
    shown.sort_by_key(|(o, _, _)| *o);
    if shown.is_empty() {
        return;
    }
    let position = focus.0.and_then(|f| shown.iter().position(|(o, _, _)| *o == f));
    let shift = keys.pressed(KeyCode::ShiftLeft) || keys.pressed(KeyCode::ShiftRight);
    // An arrow in a shown screen's own key table is that screen's, not a focus move.
    let taken = |key: KeyCode| tables.iter().any(|t| t.0.iter().any(|(k, _)| *k == key));
    let arrow = [
        (KeyCode::ArrowDown, Vec2::Y),
        (KeyCode::ArrowUp, Vec2::NEG_Y),
        (KeyCode::ArrowRight, Vec2::X),
        (KeyCode::ArrowLeft, Vec2::NEG_X),
    ]
    .into_iter()
    .find(|&(key, _)| keys.just_pressed(key) && !taken(key))
    .map(|(_, direction)| direction);
    let tab = keys.just_pressed(KeyCode::Tab);
    if tab || arrow.is_some() {
        let linear = |forward: bool| match position {
            None if forward => 0,
            None => shown.len() - 1,
            Some(p) if forward => (p + 1) % shown.len(),
            Some(p) => (p + shown.len() - 1) % shown.len(),
        };
        let laid_out = shown.iter().any(|(_, _, r)| r.size() != Vec2::ZERO);
        let next = match (tab, arrow, position) {
            // Tab walks every button in focus order, so nothing is out of the keyboard's reach.
            (true, _, _) => Some(linear(!shift)),
            // The first arrow press lands on the first (or, going up, the last) button.
            (false, Some(direction), None) => Some(linear(direction.x + direction.y > 0.0)),
            (false, Some(direction), Some(p)) if laid_out => nearest_in_direction(&shown, p, direction),
            // Without a layout (the headless tests) ↑/↓ step through the order; ←/→ have no meaning.
            (false, Some(direction), Some(_)) if direction.x == 0.0 => Some(linear(direction.y > 0.0)),
            _ => None,
        };
        if let Some(next) = next {
            focus.0 = Some(shown[next].0);
        }
    } else if (keys.just_pressed(KeyCode::Enter) || keys.just_pressed(KeyCode::NumpadEnter))
        && let Some(p) = position
    {
        actions.write(shown[p].1);
    }
}

/// The button an arrow key moves to: the closest one whose centre lies that way, preferring the same row
/// (for ←/→) or column (for ↑/↓) — so a grid of menu buttons moves by row and by column as it looks.
fn nearest_in_direction(shown: &[(usize, UiAction, Rect)], from: usize, direction: Vec2) -> Option<usize> {
    let here = shown[from].2;
    let tolerance = here.half_size().dot(direction.abs()) * 0.5;
    shown
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != from)
        .filter_map(|(i, (_, _, rect))| {
            let offset = rect.center() - here.center();
            let along = offset.dot(direction);
            if along <= tolerance {
                return None;
            }
            let across = offset.dot(direction.perp()).abs();
            // Across the direction counts three times as much: the next row down beats a nearer
            // button beside it, and within a row the column beneath wins.
            Some((i, along + 3.0 * across))
        })
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(i, _)| i)
}

/// Something is focused when a screen opens: its first button in focus order (the resume offer, the
/// first case, the most recent trainee…), so Enter does the likely thing and the highlight shows where
/// the keyboard is. A screen whose root carries [`NoFirstFocus`] is left alone (the play screen: its
/// answers are given by number, and an answer focused by default would be pressed by an Enter meant to
/// skip the text).
pub(super) fn focus_first_on_open(
    mut transitions: MessageReader<StateTransitionEvent<Screen>>,
    unfocused_screens: Query<(), With<NoFirstFocus>>,
    first_focus: Query<&FirstFocus>,
    mut return_focus: ResMut<ReturnFocus>,
    mut pending: Local<bool>,
    mut focus: ResMut<Focus>,
    buttons: Query<(&ActionButton, Has<OverlayButton>)>,
    opened_overlay: Query<(), Added<OverlayButton>>,
    mut under_overlay: Local<Option<Option<usize>>>,
) {
    let overlay = buttons.iter().any(|(_, o)| o);
    // A menu laid over the screen (pause, "quit?", the glossary) takes the focus to its first button, and
    // gives it back where it was once it closes.
    if !opened_overlay.is_empty() {
        let inside = focus.0.is_some_and(|f| buttons.iter().any(|(b, o)| o && b.order == f));
        if !inside {
            under_overlay.get_or_insert(focus.0);
            focus.0 = None;
        }
        *pending = true;
    } else if transitions.read().count() > 0 {
        *under_overlay = None;
        *pending = true;
    } else if !overlay && let Some(before) = under_overlay.take() {
        let still_there = |f: usize| buttons.iter().any(|(b, _)| b.order == f);
        if focus.0.is_none_or(|f| !still_there(f)) {
            focus.0 = before.filter(|&f| still_there(f));
        }
        if focus.0.is_none() {
            *pending = true;
        }
    }
    if !*pending {
        return;
    }
    if (!overlay && !unfocused_screens.is_empty()) || focus.0.is_some() {
        *pending = false;
        return_focus.0 = None;
        return;
    }
    let shown: Vec<usize> = buttons
        .iter()
        .filter(|(_, o)| !overlay || *o)
        .map(|(b, _)| b.order)
        .collect();
    let Some(&first) = shown.iter().min() else {
        return;
    };
    // Coming back to a screen: the button the player left it from; else the screen's own choice; else
    // its first.
    let wanted = [
        (!overlay).then_some(return_focus.0).flatten(),
        (!overlay).then(|| first_focus.iter().next().map(|f| f.0)).flatten(),
    ];
    focus.0 = Some(
        wanted
            .into_iter()
            .flatten()
            .find(|o| shown.contains(o))
            .unwrap_or(first),
    );
    if !overlay {
        return_focus.0 = None;
    }
    *pending = false;
}
