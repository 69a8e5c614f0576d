//! Read-side summaries over finished attempts: best and latest per scenario, a trainee's progress from
//! first to latest attempt, and a class's grid, balance curves and golden-step heatmap.
//! Pure functions over [`Attempt`]s, so the game, the reports and the tests share them.

use std::collections::BTreeMap;

use goodwill_engine::{GOLDEN_STEP_COUNT, Scenario, StepStatus};

use crate::records::{Attempt, ClassSession, Decision};

/// A trainee's record on one scenario.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ScenarioResults {
    pub best: Option<Attempt>,
    pub latest: Option<Attempt>,
    pub first: Option<Attempt>,
    pub count: usize,
}

/// Orders results: better tier first, then the higher final balance, then the earlier attempt.
fn rank(a: &Attempt) -> (Option<goodwill_engine::Outcome>, Option<i32>) {
    (a.outcome, a.final_balance)
}

/// Best, first and latest finished attempt per scenario id. `attempts` may be in any order.
pub fn by_scenario(attempts: &[Attempt]) -> BTreeMap<String, ScenarioResults> {
    let mut out: BTreeMap<String, ScenarioResults> = BTreeMap::new();
    let mut sorted: Vec<&Attempt> = attempts.iter().filter(|a| a.is_finished()).collect();
    // In the order they were finished: an attempt resumed and finished later is the later one.
    sorted.sort_by_key(|a| (a.finished_at.unwrap_or(a.started_at), a.id.clone()));
    for attempt in sorted {
        let entry = out.entry(attempt.scenario.clone()).or_default();
        entry.count += 1;
        if entry.first.is_none() {
            entry.first = Some(attempt.clone());
        }
        entry.latest = Some(attempt.clone());
        if entry.best.as_ref().is_none_or(|best| rank(attempt) > rank(best)) {
            entry.best = Some(attempt.clone());
        }
    }
    out
}

/// How often a golden step was applied out of the times it was on offer (applied or missed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StepTally {
    pub applied: u32,
    pub offered: u32,
}

impl StepTally {
    fn add(&mut self, status: StepStatus) {
        if status == StepStatus::Applied {
            self.applied += 1;
        }
        if status.was_offered() {
            self.offered += 1;
        }
    }

    /// Share applied, 0.0–1.0, or `None` when the step was never on offer.
    pub fn rate(self) -> Option<f32> {
        (self.offered > 0).then(|| self.applied as f32 / self.offered as f32)
    }

    /// How `later` compares with `self` (`Greater`: applied more often), like with like: `None` when
    /// either never had the step on offer (an attempt that ended early never reached it, which is no
    /// regression).
    pub fn change_to(self, later: StepTally) -> Option<std::cmp::Ordering> {
        later.rate()?.partial_cmp(&self.rate()?)
    }
}

/// Tallies of the golden steps over some attempts, in document order.
pub fn golden_tallies<'a>(attempts: impl IntoIterator<Item = &'a Attempt>) -> [StepTally; GOLDEN_STEP_COUNT] {
    let mut tallies = [StepTally::default(); GOLDEN_STEP_COUNT];
    for attempt in attempts {
        for (tally, status) in tallies.iter_mut().zip(attempt.golden_checklist().statuses()) {
            tally.add(status);
        }
    }
    tallies
}

/// A trainee's progress: per scenario first and latest, and each golden step in first versus latest attempts.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    pub scenarios: BTreeMap<String, ScenarioResults>,
    pub first_steps: [StepTally; GOLDEN_STEP_COUNT],
    pub latest_steps: [StepTally; GOLDEN_STEP_COUNT],
}

pub fn progress(attempts: &[Attempt]) -> Progress {
    let scenarios = by_scenario(attempts);
    let first_steps = golden_tallies(scenarios.values().filter_map(|r| r.first.as_ref()));
    let latest_steps = golden_tallies(scenarios.values().filter_map(|r| r.latest.as_ref()));
    Progress {
        scenarios,
        first_steps,
        latest_steps,
    }
}

/// The mean accuracy of some attempts, over those whose accuracy is known (rounded); `None` when none is.
pub fn mean_accuracy<'a>(attempts: impl IntoIterator<Item = &'a Attempt>) -> Option<u8> {
    let known: Vec<u32> = attempts.into_iter().filter_map(|a| a.accuracy).map(u32::from).collect();
    let count = u32::try_from(known.len()).ok().filter(|&n| n > 0)?;
    let sum: u32 = known.iter().sum();
    Some(((sum + count / 2) / count) as u8)
}

impl ClassOverview {
    /// A trainee's accuracy over their latest attempt of each scenario of the class, when known.
    pub fn trainee_accuracy(&self, trainee: &str) -> Option<u8> {
        let (_, results) = self.grid.iter().find(|(t, _)| t == trainee)?;
        mean_accuracy(results.values().filter_map(|r| r.latest.as_ref()))
    }
}

/// Accuracy on one golden step: the mean score (see `goodwill_engine::accuracy`) of the decisions at which
/// an answer applying the step was on offer, so "how well you judge the moments where listening was the
/// point" can be followed from first attempt to latest.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct StepAccuracy {
    total: f64,
    pub decisions: u32,
}

impl StepAccuracy {
    /// Whole percent, or `None` when no reviewed decision offered the step.
    pub fn percent(self) -> Option<u8> {
        (self.decisions > 0).then(|| (self.total / f64::from(self.decisions)).round().clamp(0.0, 100.0) as u8)
    }
}

/// Accuracy per golden step over attempts' decisions. Which steps a decision offered is read from the
/// scenario the attempt was played on (same id and version): decisions of a case not installed here,
/// or of another version, or recorded before accuracy, count towards no step.
pub fn golden_accuracy<'a>(
    played: impl IntoIterator<Item = (&'a Attempt, &'a [Decision])>,
    scenarios: &[&Scenario],
) -> [StepAccuracy; GOLDEN_STEP_COUNT] {
    let mut out = [StepAccuracy::default(); GOLDEN_STEP_COUNT];
    for (attempt, decisions) in played {
        let Some(scenario) = scenarios
            .iter()
            .find(|s| s.id == attempt.scenario && s.version == attempt.scenario_version)
        else {
            continue;
        };
        for decision in decisions {
            let step = &decision.transcript.step;
            let (Some(review), Some(node)) = (step.review, scenario.node(&step.node)) else {
                continue;
            };
            let mut offered = [false; GOLDEN_STEP_COUNT];
            for choice in step.shown.iter().filter_map(|&i| node.choices.get(i)) {
                for number in choice.applies.iter().filter_map(|p| p.golden_step()) {
                    offered[number - 1] = true;
                }
            }
            for (slot, _) in out.iter_mut().zip(offered).filter(|(_, on)| *on) {
                slot.total += review.score();
                slot.decisions += 1;
            }
        }
    }
    out
}

/// What the projector's class screen and the reports show for one class session.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassOverview {
    pub class: ClassSession,
    /// Trainee → scenario id → their results (only trainees and scenarios of the class, in class order,
    /// plus anyone who played under the class without being listed).
    pub grid: Vec<(String, BTreeMap<String, ScenarioResults>)>,
    /// Trainee → golden-step tallies over their latest attempt of each scenario.
    pub heatmap: Vec<(String, [StepTally; GOLDEN_STEP_COUNT])>,
    /// The class's own attempts, its class votes (finished, oldest first as given): the class's, not any
    /// trainee's, so they are in neither the grid nor the heatmap. Each decision's votes give the split
    /// (`Decision::vote_split`).
    pub class_votes: Vec<Attempt>,
}

/// Builds the class overview from the attempts played under it. A class vote is kept apart
/// ([`ClassOverview::class_votes`]): no trainee is credited with it, not even one who shares the class
/// session's name.
pub fn class_overview(class: &ClassSession, attempts: &[Attempt]) -> ClassOverview {
    let (class_votes, attempts): (Vec<Attempt>, Vec<Attempt>) =
        attempts.iter().cloned().partition(Attempt::is_class_vote);
    let mut trainees = class.trainees.clone();
    for attempt in &attempts {
        if !trainees.contains(&attempt.profile) {
            trainees.push(attempt.profile.clone());
        }
    }
    let mut grid = Vec::new();
    let mut heatmap = Vec::new();
    for trainee in trainees {
        let mine: Vec<Attempt> = attempts.iter().filter(|a| a.profile == trainee).cloned().collect();
        let results = by_scenario(&mine);
        heatmap.push((
            trainee.clone(),
            golden_tallies(results.values().filter_map(|r| r.latest.as_ref())),
        ));
        grid.push((trainee, results));
    }
    ClassOverview {
        class: class.clone(),
        grid,
        heatmap,
        class_votes,
    }
}

impl ClassOverview {
    /// Scenario ids to show in the grid: the class's own, then any others a trainee played under it.
    pub fn scenarios(&self) -> Vec<String> {
        let mut ids = self.class.scenarios.clone();
        for (_, results) in &self.grid {
            for id in results.keys() {
                if !ids.contains(id) {
                    ids.push(id.clone());
                }
            }
        }
        ids
    }

    /// Each trainee's latest balance curve on `scenario`, for one chart.
    pub fn curves(&self, scenario: &str) -> Vec<(String, Vec<i32>)> {
        self.grid
            .iter()
            .filter_map(|(trainee, results)| {
                let latest = results.get(scenario)?.latest.as_ref()?;
                Some((trainee.clone(), latest.timeline.clone()))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::StepTally;
    use std::cmp::Ordering;

    #[test]
    fn a_step_never_reached_is_no_regression() {
        let applied_once = StepTally { applied: 1, offered: 1 };
        let never_reached = StepTally { applied: 0, offered: 0 };
        let missed_once = StepTally { applied: 0, offered: 1 };
        assert_eq!(applied_once.change_to(never_reached), None);
        assert_eq!(never_reached.change_to(applied_once), None);
        assert_eq!(applied_once.change_to(missed_once), Some(Ordering::Less));
        assert_eq!(missed_once.change_to(applied_once), Some(Ordering::Greater));
    }
}
