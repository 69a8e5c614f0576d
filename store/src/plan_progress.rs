//! How an improvement plan went: for each planned item, the trainee's attempts before the plan against the
//! attempts since, on that step. Pure functions over [`Attempt`]s, shared by the title, progress and the
//! class view.

use goodwill_engine::StepStatus;

use crate::records::Attempt;
use crate::reflection::{Plan, PlanTarget};
use crate::summary::StepTally;

/// A plan with the attempt it was made after.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanOf {
    pub attempt: Attempt,
    pub plan: Plan,
}

/// How one finished attempt went on this target: `Some(true)` done well (the step applied, the
/// anti-pattern not committed), `Some(false)` not, `None` when the step was never on offer.
pub fn went_well(target: PlanTarget, attempt: &Attempt) -> Option<bool> {
    match target {
        PlanTarget::Apply(step) => match attempt.golden_checklist().status(step)? {
            StepStatus::Applied => Some(true),
            status if status.was_offered() => Some(false),
            _ => None,
        },
        PlanTarget::Avoid(pattern) => Some(!attempt.anti_patterns.contains(&pattern)),
    }
}

/// How one planned item went: before the plan (the attempts up to and including the one it was made
/// after) and since (the attempts started after it was made). For a golden step, `applied` of `offered`; for an
/// anti-pattern, attempts that avoided it of all attempts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ItemProgress {
    pub target: PlanTarget,
    pub before: StepTally,
    pub since: StepTally,
}

/// Whether a planned item moved since the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moved {
    /// No attempt since the plan had the item on offer yet.
    NotYet,
    /// Done well more often than before (or, with nothing to compare, done well at least once).
    Better,
    Same,
    Worse,
}

impl ItemProgress {
    pub fn moved(&self) -> Moved {
        if self.since.offered == 0 {
            return Moved::NotYet;
        }
        match self.before.change_to(self.since) {
            Some(std::cmp::Ordering::Greater) => Moved::Better,
            Some(std::cmp::Ordering::Less) => Moved::Worse,
            Some(std::cmp::Ordering::Equal) => Moved::Same,
            None if self.since.applied > 0 => Moved::Better,
            None => Moved::Same,
        }
    }
}

/// How the trainee's finished attempts went on each item of `plan`, made after attempt `made_after`.
/// `attempts` are the trainee's own (any order); class votes and unfinished ones count for nothing.
pub fn plan_progress(plan: &Plan, made_after: &Attempt, attempts: &[Attempt]) -> Vec<ItemProgress> {
    let counted: Vec<&Attempt> = attempts
        .iter()
        .filter(|a| a.is_finished() && !a.is_class_vote())
        .collect();
    plan.items
        .iter()
        .map(|item| {
            let mut before = StepTally::default();
            let mut since = StepTally::default();
            for attempt in &counted {
                let tally = if attempt.id != made_after.id && attempt.started_at >= plan.made_at {
                    &mut since
                } else if attempt.id == made_after.id || attempt.finished_at.is_some_and(|f| f <= plan.made_at) {
                    &mut before
                } else {
                    continue;
                };
                if let Some(well) = went_well(item.target, attempt) {
                    tally.offered += 1;
                    tally.applied += u32::from(well);
                }
            }
            ItemProgress {
                target: item.target,
                before,
                since,
            }
        })
        .collect()
}

/// What a plan made after `attempt` offers first: the golden steps it missed and the anti-patterns it
/// committed (what the debrief just showed), then the other golden steps, then the other anti-patterns.
pub fn suggested_targets(attempt: &Attempt) -> Vec<PlanTarget> {
    let mut out: Vec<PlanTarget> = Vec::new();
    let all = PlanTarget::all();
    let first = all.iter().filter(|t| went_well(**t, attempt) == Some(false)).copied();
    for target in first.chain(all.iter().copied()) {
        if !out.contains(&target) {
            out.push(target);
        }
    }
    out
}
