//! Where a run stands on each of the seven golden steps of document 001: applied, missed, or not offered.
//!
//! The one place that decides a step's status; the debrief screen, `goodwill play`, the CSV report and
//! the class summaries all read it from here instead of re-deriving it from lists of principles.

use serde::{Deserialize, Serialize};

use crate::principles::Principle;

/// How many golden steps document 001 teaches.
pub const GOLDEN_STEP_COUNT: usize = Principle::GOLDEN_STEPS.len();

/// One golden step's status at the end of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepStatus {
    /// Some choice the trainee made applied it.
    Applied,
    /// A choice applying it was offered on this path, but the trainee never took one.
    Missed,
    /// No choice on this path applied it, so it could not be applied.
    NotOffered,
}

impl StepStatus {
    /// The status in English lower case, as the CSV report writes it ("applied", "missed", "not offered").
    pub fn code(self) -> &'static str {
        match self {
            StepStatus::Applied => "applied",
            StepStatus::Missed => "missed",
            StepStatus::NotOffered => "not offered",
        }
    }

    /// Whether the trainee had the chance to apply the step (applied or missed).
    pub fn was_offered(self) -> bool {
        self != StepStatus::NotOffered
    }
}

/// The status of every golden step for one run, in document order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct GoldenChecklist {
    statuses: [StepStatus; GOLDEN_STEP_COUNT],
}

impl GoldenChecklist {
    /// From what happened on the path: the principles the chosen lines applied, and those applied by any
    /// line that was offered (chosen or not).
    pub fn from_path(applied: &[Principle], offered: &[Principle]) -> Self {
        Self::from_status(|step| {
            if applied.contains(&step) {
                StepStatus::Applied
            } else if offered.contains(&step) {
                StepStatus::Missed
            } else {
                StepStatus::NotOffered
            }
        })
    }

    /// From the applied and missed lists a [`crate::Report`] or a stored attempt keeps: every other
    /// step was not offered.
    pub fn from_lists(applied: &[Principle], missed: &[Principle]) -> Self {
        // A step that was applied was offered too, so "missed" may simply be read as "offered".
        Self::from_path(applied, missed)
    }

    fn from_status(status: impl Fn(Principle) -> StepStatus) -> Self {
        GoldenChecklist {
            statuses: Principle::GOLDEN_STEPS.map(status),
        }
    }

    /// The status of `step`, or `None` when it is not a golden step.
    pub fn status(&self, step: Principle) -> Option<StepStatus> {
        step.golden_step().map(|number| self.statuses[number - 1])
    }

    /// Every golden step with its status, in document order (step 1 first).
    pub fn iter(&self) -> impl Iterator<Item = (Principle, StepStatus)> + '_ {
        Principle::GOLDEN_STEPS.into_iter().zip(self.statuses)
    }

    /// The statuses alone, indexed by step number minus one.
    pub fn statuses(&self) -> [StepStatus; GOLDEN_STEP_COUNT] {
        self.statuses
    }

    /// The golden steps with status `status`, in document order.
    pub fn with_status(&self, status: StepStatus) -> Vec<Principle> {
        self.iter()
            .filter(|&(_, s)| s == status)
            .map(|(step, _)| step)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn there_are_seven_golden_steps() {
        assert_eq!(GOLDEN_STEP_COUNT, 7);
    }

    #[test]
    fn applied_beats_offered_and_the_rest_were_not_offered() {
        let applied = [Principle::ApologiseSincerely, Principle::KeepInformed];
        let offered = [Principle::ApologiseSincerely, Principle::ListenAndRestate];
        let checklist = GoldenChecklist::from_path(&applied, &offered);
        assert_eq!(
            checklist.status(Principle::ApologiseSincerely),
            Some(StepStatus::Applied)
        );
        assert_eq!(checklist.status(Principle::ListenAndRestate), Some(StepStatus::Missed));
        assert_eq!(checklist.status(Principle::FixTheProcess), Some(StepStatus::NotOffered));
        assert_eq!(checklist.status(Principle::KeepInformed), None, "not a golden step");
        assert_eq!(
            checklist.with_status(StepStatus::Applied),
            [Principle::ApologiseSincerely]
        );
        assert_eq!(
            checklist.with_status(StepStatus::NotOffered).len(),
            GOLDEN_STEP_COUNT - 2
        );
        assert_eq!(
            checklist.iter().next(),
            Some((Principle::ListenAndRestate, StepStatus::Missed))
        );
    }

    #[test]
    fn stored_lists_give_back_the_same_checklist() {
        let applied = [Principle::ThankForComplaint];
        let offered = [Principle::ThankForComplaint, Principle::FixTheProcess];
        let checklist = GoldenChecklist::from_path(&applied, &offered);
        let stored = GoldenChecklist::from_lists(
            &checklist.with_status(StepStatus::Applied),
            &checklist.with_status(StepStatus::Missed),
        );
        assert_eq!(stored, checklist);
    }
}
