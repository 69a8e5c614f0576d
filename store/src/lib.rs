//! Goodwill's results store: every attempt and decision in SQLite, profiles, class sessions,
//! export/import that merges machines without duplicates, class votes with every trainee's vote, the
//! trainer's group games (the promise and responsibility games) and the CSV / HTML / xAPI reports.
//! Free of Bevy so it builds and tests in seconds.

mod atomic;
mod attempts;
pub mod clock;
pub mod db;
mod error;
pub mod exchange;
pub mod group_games;
mod lifecycle;
pub mod lrs;
pub mod name_list;
mod names;
pub mod outbox;
pub mod output;
mod people;
pub mod plan_progress;
mod records;
pub mod reflection;
mod reflection_store;
pub mod report;
pub mod rules;
mod store;
pub mod summary;
mod votes;

pub use atomic::Unwritable;
pub use attempts::Resume;
pub use error::{Result, StoreError};
pub use lifecycle::{AttemptRecorder, ResumeError, VoteError};
pub use names::{MAX_NAME_CHARS, clean_name, is_scenario_id};
pub use records::{
    Attempt, ClassSession, Decision, DecisionInput, Mode, NewAttempt, ObserverMarks, Played, Profile, ShownOption,
    TranscriptStep, play_and_record,
};
pub use store::{DATA_DIR_ENV, DB_FILE, Store, data_dir};
pub use votes::{MAX_VOTES_PER_STEP, Vote, VoteSplit};
