//! Input: every button press, click and shortcut becomes a `UiAction` message the screens act on,
//! so keyboard and mouse players (and the headless tests) drive exactly the same code.

use bevy::input::mouse::{MouseScrollUnit, MouseWheel};
use bevy::prelude::*;

use super::GameSet;
use super::theme::palette;

/// Something the player asked for.
#[derive(Message, Debug, Clone, Copy, PartialEq, Eq)]
pub enum UiAction {
    Play,
    OpenSettings,
    Quit,
    Back,
    PickScenario(usize),
    /// 0-based choice at the current node.
    Choose(usize),
    /// Skip the text reveal, or move on from a feedback note or the overdraft moment.
    Continue,
    Pause,
    Resume,
    Restart,
    BackToList,
    Retry,
    NextScenario,
    ToggleLanguage,
    CycleTextSize,
    ToggleFullscreen,
    ToggleFeedback,
    /// Pair exercise: the customer player's sincerity rating, 1–5.
    Rate(u8),
    /// Pair exercise: on from a round's debrief.
    NextRound,
    /// The title's "quit?" question answered yes.
    ConfirmQuit,
    /// The select screen: show or hide the details of scenario files that failed to load.
    ToggleProblems,
    OpenProfiles,
    PickProfile(usize),
    CreateProfile,
    CycleClass,
    OpenProgress,
    /// Replay past attempt number `.0` of the progress screen's list.
    OpenAttempt(usize),
    PreviousStep,
    NextStep,
    OpenClass,
    CycleClassScenario,
    OpenPair,
    /// Pair setup: profile `.0` plays the agent / voices the customer / observes (`None`: no observer).
    PickAgent(usize),
    PickCustomer(usize),
    PickObserver(Option<usize>),
    /// Pair exercise: the customer player shows their role card (the agent has looked away).
    RevealCard,
    /// Debrief: go back to step `.0` (0-based) and try another answer, as practice.
    TryFrom(usize),
    /// Debrief: draw the conversation with this run's path and the best one, and open it.
    ShowPathPicture,
    CycleCase,
    StartPair,
    ResumeAttempt,
    DiscardAttempt,
    /// Observer checklist: flip golden step `.0` (0-based).
    ToggleObserverStep(usize),
    Done,
    /// Enter pressed in a text field that holds text.
    SubmitText,
    NewClass,
    /// Class setup: include or leave out trainee `.0` / scenario `.0`.
    ToggleTrainee(usize),
    ToggleCase(usize),
    CreateClass,
    /// Settings: the text size one step smaller (← on the text-size line).
    CycleTextSizeBack,
    /// Settings: start typing a trainer PIN, to set one or to unlock the settings it guards.
    EnterPin,
    /// Settings: remove the trainer PIN (only while unlocked).
    ClearPin,
    /// Settings: lock the trainer settings again for this session.
    LockSettings,
    /// The first-run introduction, again.
    OpenGuide,
    /// The glossary of the golden steps and account terms, over whatever is on screen.
    OpenGlossary,
    CloseGlossary,
}

/// A clickable, focusable button and the action it sends.
/// The number keys 1–9 then 0, on the top row and the keypad: `NUMBER_KEYS[n - 1]` types `n` (0 is 10).
pub const NUMBER_KEYS: [(KeyCode, KeyCode); 10] = [
    (KeyCode::Digit1, KeyCode::Numpad1),
    (KeyCode::Digit2, KeyCode::Numpad2),
    (KeyCode::Digit3, KeyCode::Numpad3),
    (KeyCode::Digit4, KeyCode::Numpad4),
    (KeyCode::Digit5, KeyCode::Numpad5),
    (KeyCode::Digit6, KeyCode::Numpad6),
    (KeyCode::Digit7, KeyCode::Numpad7),
    (KeyCode::Digit8, KeyCode::Numpad8),
    (KeyCode::Digit9, KeyCode::Numpad9),
    (KeyCode::Digit0, KeyCode::Numpad0),
];

/// The number (1–10) typed this frame, on the top row or the keypad.
pub fn number_pressed(keys: &ButtonInput<KeyCode>) -> Option<usize> {
    NUMBER_KEYS
        .iter()
        .position(|&(row, pad)| keys.just_pressed(row) || keys.just_pressed(pad))
        .map(|i| i + 1)
}

#[derive(Component, Debug, Clone, Copy)]
pub struct ActionButton {
    pub action: UiAction,
    /// Position in keyboard focus order (↑/↓/Tab).
    pub order: usize,
}

/// The keys a screen answers to besides menu navigation, as data: put it on the screen's root, and the
/// table lives and dies with the screen. (The play screen's keys depend on the phase and stay in code.)
#[derive(Component, Debug, Clone, Copy)]
pub struct Shortcuts(pub &'static [(KeyCode, UiAction)]);

/// Esc goes back: the table of most screens.
pub const ESC_BACK: Shortcuts = Shortcuts(&[(KeyCode::Escape, UiAction::Back)]);

/// Which button the keyboard has focused (by focus order), if any.
#[derive(Resource, Debug, Default)]
pub struct Focus(pub Option<usize>);

/// A node the mouse wheel and Page Up/Down scroll.
#[derive(Component, Default)]
pub struct Scrollable;

/// Marks a button as part of an overlay (pause menu): while one exists, only its buttons take focus.
#[derive(Component)]
pub struct OverlayButton;

pub(super) fn plugin(app: &mut App) {
    app.add_message::<UiAction>()
        // Registered by the window plugin in the game; the headless tests have no window.
        .add_message::<bevy::window::RequestRedraw>()
        .init_resource::<Focus>()
        .init_resource::<DrawUntil>()
        .add_systems(
            Update,
            (keyboard_navigation, pointer_actions, shortcut_keys)
                .chain()
                .in_set(GameSet::Input),
        )
        .init_resource::<FocusNeedsScroll>()
        .add_systems(
            Update,
            (highlight_focus, scroll, scroll_focus_into_view)
                .chain()
                .in_set(GameSet::Present),
        )
        .add_systems(
            PostUpdate,
            (focus_first_on_open, keep_scrolled_content_whole, show_scroll_cues).before(bevy::ui::UiSystems::Prepare),
        )
        .add_systems(Last, keep_drawing);
}

/// Reactive rendering only draws when something asks for a frame. A click or a screen change takes a few
/// frames to settle (spawn, lay out, shape text), so after any input, action or screen change — and for
/// the first seconds after start — the game keeps asking for frames for a moment, then sleeps again.
#[derive(Resource, Debug)]
pub struct DrawUntil(pub f32);

impl Default for DrawUntil {
    fn default() -> Self {
        DrawUntil(STARTUP_FRAMES_SECS)
    }
}

const STARTUP_FRAMES_SECS: f32 = 2.0;
const SETTLE_SECS: f32 = 0.5;
fn keep_drawing(
    time: Res<Time<Real>>,
    mut until: ResMut<DrawUntil>,
    mut actions: MessageReader<UiAction>,
    keys: Res<ButtonInput<KeyCode>>,
    mouse: Res<ButtonInput<MouseButton>>,
    screens: Option<Res<State<super::screens::Screen>>>,
    library: Option<Res<super::library::Library>>,
    mut redraw: MessageWriter<bevy::window::RequestRedraw>,
) {
    let now = time.elapsed_secs();
    let stirred = actions.read().count() > 0
        || keys.get_just_pressed().next().is_some()
        || keys.get_just_released().next().is_some()
        || mouse.get_just_pressed().next().is_some()
        || mouse.get_just_released().next().is_some()
        || screens.is_some_and(|s| s.is_changed())
        || library.is_some_and(|l| l.is_changed());
    if stirred {
        until.0 = until.0.max(now + SETTLE_SECS);
    }
    if now < until.0 {
        redraw.write(bevy::window::RequestRedraw);
    }
}

fn keyboard_navigation(
    keys: Res<ButtonInput<KeyCode>>,
    mut focus: ResMut<Focus>,
    buttons: Query<(&ActionButton, Has<OverlayButton>, &ComputedNode, &UiGlobalTransform)>,
    tables: Query<&Shortcuts>,
    mut actions: MessageWriter<UiAction>,
) {
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

fn pointer_actions(
    buttons: Query<(&Interaction, &ActionButton), Changed<Interaction>>,
    mut focus: ResMut<Focus>,
    mut actions: MessageWriter<UiAction>,
) {
    for (interaction, button) in &buttons {
        match interaction {
            Interaction::Pressed => {
                focus.0 = Some(button.order);
                actions.write(button.action);
            }
            // Hover only highlights: a pointer resting over a button must not change what Enter does.
            Interaction::Hovered | Interaction::None => {}
        }
    }
}

fn highlight_focus(
    focus: Res<Focus>,
    mut buttons: Query<(&ActionButton, &Interaction, &mut BackgroundColor, &mut BorderColor)>,
) {
    for (button, interaction, mut background, mut border) in &mut buttons {
        let focused = focus.0 == Some(button.order);
        let color = match (interaction, focused) {
            (Interaction::Pressed, _) => palette::BUTTON_PRESSED,
            (_, true) => palette::BUTTON_FOCUS,
            (Interaction::Hovered, _) => palette::BUTTON_HOVER,
            _ => palette::BUTTON,
        };
        if background.0 != color {
            background.0 = color;
        }
        let edge = if focused { palette::ACCENT } else { Color::NONE };
        if border.top != edge {
            *border = BorderColor::all(edge);
        }
    }
}

fn scroll(
    mut wheel: MessageReader<MouseWheel>,
    keys: Res<ButtonInput<KeyCode>>,
    mut scrollables: Query<(&ComputedNode, &mut ScrollPosition), With<Scrollable>>,
) {
    let mut dy: f32 = wheel
        .read()
        .map(|e| match e.unit {
            MouseScrollUnit::Line => -e.y * 40.0,
            MouseScrollUnit::Pixel => -e.y,
        })
        .sum();
    if keys.just_pressed(KeyCode::PageDown) {
        dy += 400.0;
    }
    if keys.just_pressed(KeyCode::PageUp) {
        dy -= 400.0;
    }
    if dy == 0.0 {
        return;
    }
    for (frame, mut position) in &mut scrollables {
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
struct FocusNeedsScroll {
    pending: bool,
    tries: u8,
}

/// Keeps the focused button inside its scrolling container: ↓ past the last visible card scrolls the
/// list, so the keyboard never highlights something off screen. Only a focus move scrolls: the wheel
/// stays free to look elsewhere afterwards.
fn scroll_focus_into_view(
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
    let Some(container) = parents.iter_ancestors(entity).find(|&a| containers.contains(a)) else {
        needs.pending = false;
        return;
    };
    let Ok((frame, frame_transform, mut position)) = containers.get_mut(container) else {
        return;
    };
    if frame.size == Vec2::ZERO {
        return;
    }
    // Physical pixels: both centres come from the last layout, which already includes the scroll.
    let top = transform.translation.y - node.size.y / 2.0;
    let bottom = transform.translation.y + node.size.y / 2.0;
    let frame_top = frame_transform.translation.y - frame.size.y / 2.0;
    let frame_bottom = frame_transform.translation.y + frame.size.y / 2.0;
    let margin = 12.0 / frame.inverse_scale_factor.max(f32::EPSILON);
    let shift = if top < frame_top + margin {
        top - frame_top - margin
    } else if bottom > frame_bottom - margin {
        // A button taller than the frame shows its top.
        (bottom - frame_bottom + margin).min(top - frame_top - margin)
    } else {
        needs.pending = false;
        return;
    };
    let wanted = ((frame.scroll_position.y + shift) * frame.inverse_scale_factor).clamp(0.0, scroll_limit(frame));
    if (wanted - position.0.y).abs() < 0.5
        && (wanted - frame.scroll_position.y * frame.inverse_scale_factor).abs() < 1.0
    {
        // Already as far as it goes.
        needs.pending = false;
        return;
    }
    position.0.y = wanted;
}

/// Something is focused when a screen opens: its first button in focus order (the resume offer, the
/// first case, the most recent trainee…), so Enter does the likely thing and the highlight shows where
/// the keyboard is. The play screen is left alone: its answers are given by number, and an answer focused
/// by default would be pressed by an Enter meant to skip the text.
fn focus_first_on_open(
    mut transitions: MessageReader<StateTransitionEvent<super::screens::Screen>>,
    screen: Option<Res<State<super::screens::Screen>>>,
    mut pending: Local<bool>,
    mut focus: ResMut<Focus>,
    buttons: Query<(&ActionButton, Has<OverlayButton>)>,
    opened_overlay: Query<(), Added<OverlayButton>>,
) {
    let overlay = buttons.iter().any(|(_, o)| o);
    // A menu laid over the screen (pause, "quit?") takes the focus to its first button.
    if !opened_overlay.is_empty() {
        let inside = focus.0.is_some_and(|f| buttons.iter().any(|(b, o)| o && b.order == f));
        if !inside {
            focus.0 = None;
        }
        *pending = true;
    } else if transitions.read().count() > 0 {
        *pending = true;
    }
    if !*pending {
        return;
    }
    if (!overlay && screen.is_some_and(|s| *s.get() == super::screens::Screen::Play)) || focus.0.is_some() {
        *pending = false;
        return;
    }
    if let Some(first) = buttons
        .iter()
        .filter(|(_, o)| !overlay || *o)
        .map(|(b, _)| b.order)
        .min()
    {
        focus.0 = Some(first);
        *pending = false;
    }
}

/// The children of a scrolling column keep their full height: squeezed to fit, a button loses its lower
/// half (the play screen's Continue) and the content never grows past the frame, so nothing scrolls.
fn keep_scrolled_content_whole(
    containers: Query<&Children, (With<Scrollable>, Changed<Children>)>,
    mut nodes: Query<&mut Node, Without<ScrollCue>>,
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

fn show_scroll_cues(
    mut commands: Commands,
    frames: Query<(Entity, &ComputedNode, Option<&Children>), With<Scrollable>>,
    mut cues: Query<(&mut Node, &mut Visibility), With<ScrollCue>>,
) {
    for (frame, computed, children) in &frames {
        let cue = children.and_then(|c| c.iter().find(|&e| cues.contains(e)));
        let overflowing = computed.size.y > 0.0 && computed.content_size.y > computed.size.y + 1.0;
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
                    GlobalZIndex(5),
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

/// Sends the action of every key in the shown screens' tables that was pressed this frame.
fn shortcut_keys(keys: Res<ButtonInput<KeyCode>>, tables: Query<&Shortcuts>, mut actions: MessageWriter<UiAction>) {
    if keys.get_just_pressed().len() == 0 {
        return;
    }
    for Shortcuts(table) in &tables {
        for &(key, action) in *table {
            if keys.just_pressed(key) {
                actions.write(action);
            }
        }
    }
}
