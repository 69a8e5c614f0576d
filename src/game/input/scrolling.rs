//! Floor 2 · Scrolling: the wheel and Page Up/Down scroll the node under the pointer, keyboard focus is scrolled
//! into view once laid out, scrolled content keeps its height, and a thin bar shows where content scrolls.

use bevy::input::mouse::{MouseScrollUnit, MouseWheel};
use bevy::prelude::*;

use super::*;

pub(super) fn scroll(
    mut wheel: MessageReader<MouseWheel>,
    keys: Res<ButtonInput<KeyCode>>,
    windows: Query<&Window, With<bevy::window::PrimaryWindow>>,
    mut scrollables: Query<(Entity, &ComputedNode, &UiGlobalTransform, &mut ScrollPosition), With<Scrollable>>,
) {
    let turned: f32 = wheel
        .read()
        .map(|e| match e.unit {
            MouseScrollUnit::Line => -e.y * 40.0,
            MouseScrollUnit::Pixel => -e.y,
        })
        .sum();
    let mut paged = 0.0;
    if keys.just_pressed(KeyCode::PageDown) {
        paged += 400.0;
    }
    if keys.just_pressed(KeyCode::PageUp) {
        paged -= 400.0;
    }
    if turned == 0.0 && paged == 0.0 {
        return;
    }
    // The wheel scrolls the innermost area under the pointer that can still move that way (the answers,
    // then the column around them); with no pointer over one (or no window), every area, as the page
    // keys do.
    let pointer = windows.single().ok().and_then(|w| w.physical_cursor_position());
    let can_move = |frame: &ComputedNode, y: f32, dy: f32| {
        let limit = scroll_limit(frame);
        (dy > 0.0 && y < limit - 0.5) || (dy < 0.0 && y > 0.5)
    };
    let under_pointer = pointer.and_then(|at| {
        scrollables
            .iter()
            .filter(|(_, frame, place, _)| Rect::from_center_size(place.translation, frame.size).contains(at))
            .filter(|(_, frame, _, _)| can_move(frame, frame.scroll_position.y * frame.inverse_scale_factor, turned))
            // The innermost is the smallest.
            .min_by(|a, b| (a.1.size.x * a.1.size.y).total_cmp(&(b.1.size.x * b.1.size.y)))
            .map(|(entity, _, _, _)| entity)
    });
    for (entity, frame, _, mut position) in &mut scrollables {
        let mut dy = paged;
        if turned != 0.0 && under_pointer.is_none_or(|under| under == entity) {
            dy += turned;
        }
        if dy == 0.0 {
            continue;
        }
        // From where the content really is, and no further than its end: otherwise a wheel turned past
        // the bottom piles up offset that the next turn up must first unwind before anything moves.
        let limit = scroll_limit(frame);
        position.0.y = (frame.scroll_position.y * frame.inverse_scale_factor + dy).clamp(0.0, limit);
    }
}

/// How far a scrolling node can scroll down, in logical pixels.
fn scroll_limit(frame: &ComputedNode) -> f32 {
    (frame.content_size.y - frame.size.y + frame.scrollbar_size.y).max(0.0) * frame.inverse_scale_factor
}

/// Set when the focus moves, cleared once the focused button is seen inside its scrolling container:
/// the move is finished over the next frames, once the button (perhaps just spawned) has been laid out.
#[derive(Resource, Debug, Default)]
pub(super) struct FocusNeedsScroll {
    pending: bool,
    tries: u8,
}

/// Keeps the focused button inside its scrolling container: ↓ past the last visible card scrolls the
/// list, so the keyboard never highlights something off screen. Only a focus move scrolls: the wheel
/// stays free to look elsewhere afterwards.
pub(super) fn scroll_focus_into_view(
    focus: Res<Focus>,
    mut needs: ResMut<FocusNeedsScroll>,
    buttons: Query<(Entity, &ActionButton, &ComputedNode, &UiGlobalTransform)>,
    parents: Query<&ChildOf>,
    mut containers: Query<(&ComputedNode, &UiGlobalTransform, &mut ScrollPosition), With<Scrollable>>,
) {
    if focus.is_changed() {
        *needs = FocusNeedsScroll {
            pending: true,
            tries: 0,
        };
    }
    if !needs.pending {
        return;
    }
    needs.tries += 1;
    // A button that never gets a layout (the headless tests without one) is given up on.
    if needs.tries > 30 {
        needs.pending = false;
        return;
    }
    let Some(order) = focus.0 else {
        needs.pending = false;
        return;
    };
    let Some((entity, _, node, transform)) = buttons.iter().find(|(_, b, _, _)| b.order == order) else {
        return;
    };
    if node.size == Vec2::ZERO {
        return;
    }
    // Every scrolling container around the button, innermost first: the answers' box inside the
    // conversation column both move, so the button ends up in sight of each.
    let around: Vec<Entity> = parents
        .iter_ancestors(entity)
        .filter(|&a| containers.contains(a))
        .collect();
    if around.is_empty() {
        needs.pending = false;
        return;
    }
    // Physical pixels: the centres come from the last layout, which already includes the scroll.
    let mut top = transform.translation.y - node.size.y / 2.0;
    let mut bottom = transform.translation.y + node.size.y / 2.0;
    let mut moved = false;
    for container in around {
        let Ok((frame, frame_transform, mut position)) = containers.get_mut(container) else {
            continue;
        };
        if frame.size == Vec2::ZERO {
            return;
        }
        let frame_top = frame_transform.translation.y - frame.size.y / 2.0;
        let frame_bottom = frame_transform.translation.y + frame.size.y / 2.0;
        let margin = 12.0 / frame.inverse_scale_factor.max(f32::EPSILON);
        let shift = if top < frame_top + margin {
            top - frame_top - margin
        } else if bottom > frame_bottom - margin {
            // A button taller than the frame shows its top.
            (bottom - frame_bottom + margin).min(top - frame_top - margin)
        } else {
            continue;
        };
        let now = frame.scroll_position.y * frame.inverse_scale_factor;
        let wanted = (now + shift * frame.inverse_scale_factor).clamp(0.0, scroll_limit(frame));
        if (wanted - position.0.y).abs() < 0.5 && (wanted - now).abs() < 1.0 {
            // Already as far as it goes.
            continue;
        }
        position.0.y = wanted;
        moved = true;
        // Where the button will be once this container has scrolled, for the containers around it.
        let done = (wanted - now) / frame.inverse_scale_factor.max(f32::EPSILON);
        top -= done;
        bottom -= done;
    }
    if !moved {
        needs.pending = false;
    }
}

/// The children of a scrolling column keep their full height: squeezed to fit, a button loses its lower
/// half (the play screen's Continue) and the content never grows past the frame, so nothing scrolls.
pub(super) fn keep_scrolled_content_whole(
    containers: Query<&Children, (With<Scrollable>, Changed<Children>)>,
    mut nodes: Query<&mut Node, (Without<ScrollCue>, Without<ShrinksToFit>)>,
) {
    for children in &containers {
        for child in children.iter() {
            if let Ok(mut node) = nodes.get_mut(child)
                && node.flex_shrink != 0.0
            {
                node.flex_shrink = 0.0;
            }
        }
    }
}

/// The thumb drawn at the right edge of a scrolling node whose content is taller than it: where the view
/// is in the content, and that there is more to see.
#[derive(Component)]
pub struct ScrollCue;

const SCROLL_CUE_WIDTH: f32 = 8.0;

pub(super) fn show_scroll_cues(
    mut commands: Commands,
    frames: Query<(Entity, &ComputedNode, Option<&Children>), With<Scrollable>>,
    mut cues: Query<(&mut Node, &mut Visibility), With<ScrollCue>>,
) {
    for (frame, computed, children) in &frames {
        let cue = children.and_then(|c| c.iter().find(|&e| cues.contains(e)));
        // More than rounding (a few physical pixels on a 4K window, whose scale is 3): a bar the whole
        // height of the frame for a pixel's overflow only covers text.
        let slack = 2.0 / computed.inverse_scale_factor.max(f32::EPSILON);
        let overflowing = computed.size.y > 0.0 && computed.content_size.y > computed.size.y + slack;
        let Some(cue) = cue else {
            if overflowing {
                commands.entity(frame).with_child((
                    ScrollCue,
                    Node {
                        position_type: PositionType::Absolute,
                        right: px(2),
                        width: px(SCROLL_CUE_WIDTH),
                        border_radius: BorderRadius::all(px(SCROLL_CUE_WIDTH / 2.0)),
                        ..default()
                    },
                    // The thumb stays on the frame while the content moves under it.
                    bevy::ui::IgnoreScroll(BVec2::TRUE),
                    BackgroundColor(palette::ACCENT.with_alpha(0.55)),
                    // Above the content it scrolls past, within its own layer: a global index would put
                    // the thumb of an overlay (the glossary) under the overlay itself.
                    ZIndex(5),
                ));
            }
            continue;
        };
        let Ok((mut node, mut visibility)) = cues.get_mut(cue) else {
            continue;
        };
        let shown = if overflowing {
            Visibility::Inherited
        } else {
            Visibility::Hidden
        };
        if *visibility != shown {
            *visibility = shown;
        }
        if !overflowing {
            continue;
        }
        let content = computed.content_size.y.max(1.0);
        let length = (computed.size.y / content * 100.0).clamp(5.0, 100.0);
        let start = (computed.scroll_position.y / content * 100.0).clamp(0.0, 100.0 - length);
        let (top, height) = (percent(start), percent(length));
        if node.top != top || node.height != height {
            node.top = top;
            node.height = height;
        }
    }
}
