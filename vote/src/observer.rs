//! The pair exercise's observer on a phone, with no IO: the seven golden steps of the round being played,
//! the observer's mark on each (applied, not applied, or not marked yet), and whether the round is still
//! open for marks. The server keeps it beside the room (whose one roster name is the observer) and serves
//! it to that one phone only; the game reads the marks when the round ends, never while the agent plays.

use goodwill_engine::{Bilingual, GOLDEN_STEP_COUNT, Lang, Principle};
use serde::Serialize;

/// One observer's marks: for each golden step (in the checklist's order) `Some(true)` applied,
/// `Some(false)` not applied, `None` not marked.
pub type Marks = [Option<bool>; GOLDEN_STEP_COUNT];

/// Why a mark was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkError {
    /// Steps are numbered 1 to 7.
    StepOutOfRange,
    /// The round is over (or not begun): its marks are what the game recorded.
    RoundClosed,
}

/// What the game reads of the observer's phone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ObserverView {
    /// Whether the observer's phone holds the seat now.
    pub joined: bool,
    pub marks: Marks,
    /// Whether marks are taken (between `open_round` and `close_round`).
    pub open: bool,
}

/// The observer's checklist for the round being played.
pub struct Checklist {
    steps: [Bilingual; GOLDEN_STEP_COUNT],
    round_title: Bilingual,
    marks: Marks,
    open: bool,
    /// Counts every change the phone must re-read (a round opened or closed).
    revision: u64,
}

/// The observer's phone's view (`GET /api/marks`), in the trainer's language.
#[derive(Debug, Clone, Serialize)]
pub struct ChecklistState {
    pub lang: Lang,
    pub me: String,
    pub round_title: String,
    /// Whether marks are taken now.
    pub open: bool,
    pub steps: Vec<StepMark>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StepMark {
    /// 1 to 7.
    pub step: usize,
    pub name: String,
    pub applied: Option<bool>,
}

/// The golden steps' names, in the checklist's order.
pub fn golden_step_names() -> [Bilingual; GOLDEN_STEP_COUNT] {
    Principle::GOLDEN_STEPS.map(|step| step.name())
}

impl Checklist {
    /// A checklist open for marks on the round `round_title`.
    pub fn new(steps: [Bilingual; GOLDEN_STEP_COUNT], round_title: Bilingual) -> Checklist {
        Checklist {
            steps,
            round_title,
            marks: [None; GOLDEN_STEP_COUNT],
            open: true,
            revision: 0,
        }
    }

    pub fn revision(&self) -> u64 {
        self.revision
    }

    pub fn marks(&self) -> Marks {
        self.marks
    }

    pub fn is_open(&self) -> bool {
        self.open
    }

    /// Sets step `step` (1-based) to `applied` (`None` takes the mark back).
    pub fn mark(&mut self, step: usize, applied: Option<bool>) -> Result<(), MarkError> {
        let slot = step
            .checked_sub(1)
            .and_then(|at| self.marks.get_mut(at))
            .ok_or(MarkError::StepOutOfRange)?;
        if !self.open {
            return Err(MarkError::RoundClosed);
        }
        *slot = applied;
        Ok(())
    }

    /// Ends the round's marking: later marks get 409. The marks as they stand.
    pub fn close_round(&mut self) -> Marks {
        if self.open {
            self.open = false;
            self.revision += 1;
        }
        self.marks
    }

    /// A new round: no marks yet, its own title, open for marks.
    pub fn open_round(&mut self, round_title: Bilingual) {
        self.round_title = round_title;
        self.marks = [None; GOLDEN_STEP_COUNT];
        self.open = true;
        self.revision += 1;
    }

    pub fn state_for(&self, me: &str, lang: Lang) -> ChecklistState {
        ChecklistState {
            lang,
            me: me.to_owned(),
            round_title: self.round_title.get(lang).to_owned(),
            open: self.open,
            steps: self
                .steps
                .iter()
                .zip(self.marks)
                .enumerate()
                .map(|(at, (name, applied))| StepMark {
                    step: at + 1,
                    name: name.get(lang).to_owned(),
                    applied,
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checklist() -> Checklist {
        Checklist::new(golden_step_names(), Bilingual::new("第1轮", "Round 1"))
    }

    #[test]
    fn marks_are_set_changed_and_taken_back_until_the_round_closes() {
        let mut list = checklist();
        assert_eq!(list.mark(1, Some(true)), Ok(()));
        assert_eq!(list.mark(7, Some(false)), Ok(()));
        assert_eq!(list.mark(7, None), Ok(()));
        assert_eq!(list.mark(0, Some(true)), Err(MarkError::StepOutOfRange));
        assert_eq!(list.mark(8, Some(true)), Err(MarkError::StepOutOfRange));
        let closed = list.close_round();
        assert_eq!(closed[0], Some(true));
        assert!(closed[1..].iter().all(Option::is_none));
        assert_eq!(list.mark(2, Some(true)), Err(MarkError::RoundClosed));
        assert_eq!(list.marks(), closed, "a refused mark changes nothing");
        list.open_round(Bilingual::new("第2轮", "Round 2"));
        assert_eq!(list.marks(), [None; GOLDEN_STEP_COUNT], "a new round starts unmarked");
        assert_eq!(list.state_for("Cai", Lang::En).round_title, "Round 2");
    }
}
