//! Goodwill's engine: the scenario format, its loader and validator, the emotional-account model, the
//! session state machine and the analyser. It has no Bevy in it, so it builds and tests in seconds;
//! the game and the command line only present what it decides.

pub mod account;
pub mod accuracy;
pub mod analyze;
pub mod cues;
pub mod diagnostic;
pub mod endings;
pub mod generate;
pub mod glyphs;
pub mod golden;
pub mod graph;
pub mod leftovers;
pub mod load;
pub mod locate;
pub mod mistakes;
pub mod principles;
pub mod report;
pub mod schema;
pub mod session;
pub mod states;
pub mod suggest;
pub mod surface;
pub mod syntax;
pub mod tells;
pub mod text;
pub mod validate;

pub use account::{Mood, Outcome};
pub use accuracy::{Class, StepReview};
pub use diagnostic::{Diagnostic, Severity};
pub use golden::{GOLDEN_STEP_COUNT, GoldenChecklist, StepStatus};
pub use load::{Loaded, load_file, load_paths, load_str};
pub use principles::{AntiPattern, Principle, Source};
pub use report::{Report, StepRecord};
pub use schema::{RoleCard, Scenario};
pub use session::{DialogueEvent, Session, SessionError};
pub use text::{Bilingual, Lang, quote};
