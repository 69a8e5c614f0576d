//! Floor 2 · Input: every button press, click and shortcut becomes a `UiAction` message the screens act on,
//! so keyboard and mouse players (and the headless tests) drive exactly the same code.

use bevy::prelude::*;

mod navigation;
mod scrolling;

use super::palette;
use crate::game::state::GameSet;
use navigation::{focus_first_on_open, keyboard_navigation};
pub use scrolling::ScrollCue;
use scrolling::{FocusNeedsScroll, keep_scrolled_content_whole, scroll, scroll_focus_into_view, show_scroll_cues};

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
    /// Pair setup: the observer marks the steps on their own phone during the round, or on this screen after it.
    ToggleObserverPhone,
    /// Role card: the observer's phone gave out; free their seat for another phone (the marks stay).
    ReleaseObserverPhone,
    /// Pair exercise: the customer player shows their role card (the agent has looked away).
    RevealCard,
    /// Debrief: go back to step `.0` (0-based) and try another answer, as practice.
    TryFrom(usize),
    /// Debrief: draw the conversation with this run's path and the best one, and open it.
    ShowPathPicture,
    CycleCase,
    /// Pair setup: the case one step back (← on the case chooser).
    CycleCaseBack,
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
    /// A screen with more than one text field: type into field `.0` (class setup: 0 the name, 1 the trainees).
    EditField(usize),
    /// Settings: the text size one step smaller (← on the text-size line).
    CycleTextSizeBack,
    /// Settings: how fast the customer's line appears (slow, normal, fast, at once), forward or back.
    CycleTextSpeed,
    CycleTextSpeedBack,
    /// Class view: write the shown class's report (HTML and CSV) into the results folder.
    ExportReport,
    /// Settings: start typing a trainer PIN, to set one or to unlock the settings it guards.
    EnterPin,
    /// Settings: sending to the learning record store on or off.
    ToggleLrs,
    /// Settings: ask the learning record store whether it answers and accepts the user.
    TestLrs,
    /// Settings: remove the trainer PIN (only while unlocked).
    ClearPin,
    /// Settings: lock the trainer settings again for this session.
    LockSettings,
    /// The first-run introduction, again.
    OpenGuide,
    /// The glossary of the golden steps and account terms, over whatever is on screen.
    OpenGlossary,
    CloseGlossary,
    /// The title's class vote: the class plays a case together from their phones.
    OpenClassVote,
    /// Class vote setup: allow or refuse seats without a name from the roster.
    ToggleAnonymousSeats,
    /// Class vote setup: no time limit per step, or 1, 2 or 3 minutes.
    CycleVoteTimer,
    /// Class vote setup: open the room (the server starts, the projector shows how to join).
    OpenVoteRoom,
    /// Class vote lobby: everyone is in, play the case.
    BeginVoteCase,
    /// Class vote lobby: free seat `.0` (in join order) for the trainee's other phone.
    ReleaseSeat(usize),
    /// Class vote: stop taking votes at this step and show the split.
    CloseVote,
    /// Class vote: play the picked answer (the majority's, unless the trainer picked another).
    PlayVoteAnswer,
    /// Debrief: write answers to the case's reflection questions and pick a plan for next time.
    OpenReflect,
    /// Reflection: save the answer being typed.
    SaveAnswer,
    /// Reflection: pick or put back plan item `.0` (its place in the list offered).
    TogglePlanItem(usize),
    /// Reflection: save the picked items as the plan.
    SavePlan,
    /// Class view: the class's answers to one reflection question (the trainer's, behind the PIN).
    OpenClassAnswers,
    /// Class answers: the next question with answers.
    NextQuestion,
    /// Class answers: hide or show the trainees' names (for the projector).
    ToggleNames,
    /// The title's group games (003's promise and responsibility games), run by the game for the trainer.
    OpenGroupGames,
    /// Group games setup: play game `.0` of `GroupGameKind::ALL`.
    PickGroupGame(usize),
    /// Group games setup: roster name `.0` joins the pair being made (the first one picked goes first).
    AddToPair(usize),
    /// Group games setup: split pair `.0`; its people go back to the roster.
    SplitPair(usize),
    /// Group games setup: pair `.0`'s observer becomes the next one free (or nobody).
    CyclePairObserver(usize),
    /// Group games setup: pair `.0` plays from the next case's cards (or a scene typed on the spot).
    CyclePairCard(usize),
    /// Group games setup: type pair `.0`'s scene.
    TypePairScene(usize),
    /// Group games: each round 5 minutes longer, or shorter.
    LongerRound,
    ShorterRound,
    StartGroupGame,
    /// Group game: on to the next stage (start the clock, swap, discuss, see the results).
    GroupNext,
    /// Group game: pause the round's clock, or start it again.
    ToggleClock,
    /// Group game: pair `pair`'s counter `which` (asked, made, declined well, could not keep) one up or down.
    Tally {
        pair: usize,
        which: usize,
        up: bool,
    },
    /// Group game: the same for the pair the number keys picked (the keyboard's tally keys).
    TallySelected {
        which: usize,
        up: bool,
    },
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

/// A part of a scrolling column that gives up height when the column is short, instead of keeping its
/// full height as the column's other children do: it scrolls inside itself (the play screen's answers,
/// so the customer's line above them stays in sight).
#[derive(Component, Default)]
pub struct ShrinksToFit;

/// On a screen's root: the screen opens with no button focused (see `focus_first_on_open`). Input never
/// names a screen; a screen says what it wants with this marker.
#[derive(Component, Default)]
pub struct NoFirstFocus;

/// On a screen's root: the screen opens with the button of this focus order highlighted instead of its
/// first (the debrief opens on a harmless one, so an Enter left over from the last answer starts nothing).
#[derive(Component, Debug, Clone, Copy)]
pub struct FirstFocus(pub usize);

/// The button a screen being opened should highlight: the one the player left that screen from, when
/// they come back to it (set by the screens, which know where the player is going back to). Taken once.
#[derive(Resource, Debug, Default)]
pub struct ReturnFocus(pub Option<usize>);

/// On a button that steps through values (the pair exercise's case): while it is focused, → sends its
/// action and ← sends `back`, instead of moving the focus, so the value can be stepped both ways.
#[derive(Component, Debug, Clone, Copy)]
pub struct Cycler {
    pub back: UiAction,
}

/// Marks a button as part of an overlay (pause menu): while one exists, only its buttons take focus.
#[derive(Component)]
pub struct OverlayButton;

pub(super) fn plugin(app: &mut App) {
    app.add_message::<UiAction>()
        // Registered by the window plugin in the game; the headless tests have no window.
        .add_message::<bevy::window::RequestRedraw>()
        .init_resource::<Focus>()
        .init_resource::<ReturnFocus>()
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
    screens: Option<Res<State<crate::game::state::Screen>>>,
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
