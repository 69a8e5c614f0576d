//! Floor 1 · The game's shared state names: the order of a frame's work (`GameSet`) and which screen is
//! shown (`Screen`). Every plugin names them, so they stand on the ground floor and import nothing.

use bevy::prelude::*;

/// The order of a frame's work: keys and pointer become actions, screens act on them, the runner plays
/// what they asked, and views redraw from the result — so an answer shows on the frame it was given.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GameSet {
    /// Keyboard, pointer and text input become `UiAction`s.
    Input,
    /// Screens turn actions into navigation and run commands.
    Act,
    /// Drivers other than the keyboard (the class vote) turn what the screens asked of them into run
    /// commands, in time for the runner on the same frame.
    Drive,
    /// The runner plays, records, and reports what happened.
    Run,
    /// Views rebuild from what changed.
    Present,
}

#[derive(States, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Screen {
    #[default]
    Title,
    Select,
    Play,
    Debrief,
    Settings,
    /// Pick or create the trainee profile (and class session) results are kept under.
    Profiles,
    /// A trainee's progress: first versus latest attempts, and their past attempts.
    Progress,
    /// Step-by-step replay of one past attempt.
    Transcript,
    /// The projector's class view: outcomes grid, balance curves, golden-step heatmap.
    Class,
    /// A trainer creates a class session: its name, trainees and assigned scenarios.
    ClassSetup,
    /// Pair exercise: choose the two trainees (and an observer) and the case.
    PairSetup,
    /// Pair exercise: the customer player's role card, hidden from the agent.
    RoleCard,
    /// Pair exercise: the observer's seven-step checklist.
    Observer,
    /// Pair exercise: both rounds side by side.
    PairDebrief,
    /// The first-run guide: the account, the golden steps, what is scored.
    Onboarding,
    /// Class vote: the trainer picks the class session, the case and the rules.
    VoteSetup,
    /// Class vote: the projector shows how to join (QR code, address, code) and who has joined.
    VoteLobby,
    /// After a debrief: answers to the case's reflection questions and the plan for next time.
    Reflect,
    /// The trainer's view of the class's answers to one reflection question.
    ClassAnswers,
    /// Group games: the trainer picks the game, the class session and the pairs.
    GroupSetup,
    /// Group games: the projector runs the game (cards, countdown, swap, tallies, discussion, results).
    GroupGame,
}
