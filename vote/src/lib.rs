//! Goodwill's class vote: trainees vote from their phones on what the agent says next. A small HTTP
//! server (axum on its own thread) carries the votes; the engine decides what is offered and what a
//! choice does, and the game's runner records. The same server carries a pair round's observer's marks
//! from their phone (`ObserverServer`). No Bevy here.

pub mod from_session;
mod http;
pub mod lan;
pub mod limit;
pub mod model;
pub mod observer;
pub mod room;
pub mod server;

pub use from_session::{outcome_from_session, step_from_session, summary_from_session};
pub use limit::{Rate, RateLimits};
pub use model::{Majority, Phase, RoomView, StepOutcome, Tally, VoteOption, VoteStep, VoteSummary};
pub use observer::{MarkError, Marks, ObserverView};
pub use server::{ObserverConfig, ObserverServer, VoteConfig, VoteServer, Waker};
