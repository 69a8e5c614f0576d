//! A class vote's ballots: each trainee's pick at one step, checked by one rule whether the game records
//! them or an import brings them in (a choice shown at that step, one vote per voter, a valid name), and
//! the split a projector's bars and the debrief show (votes per choice, the best answer's share).

use std::collections::HashSet;

use goodwill_engine::quote;
use serde::{Deserialize, Serialize};

use crate::names::clean_name;

/// More votes at one step than any class has seats: keeps an imported record bounded.
pub const MAX_VOTES_PER_STEP: usize = 1000;

/// One trainee's vote at one step of a class vote.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Vote {
    /// The seat's name: a trainee of the class, or an anonymous seat ("匿名 1", "Guest 1"). It is a name
    /// as [`crate::clean_name`] leaves it; a voter is not made a trainee profile by voting.
    pub voter: String,
    /// The choice voted for: its 0-based index in the scenario file, as [`crate::Decision::choice`] (never
    /// its position on a phone, which each seat sees shuffled).
    pub choice: usize,
}

impl Vote {
    pub fn new(voter: impl Into<String>, choice: usize) -> Vote {
        Vote {
            voter: voter.into(),
            choice,
        }
    }
}

/// Checks one step's votes against `shown` (the choices offered at that step, file indices) and returns
/// them as the store keeps them: every name cleaned as [`clean_name`] cleans it, sorted by voter (the
/// order the database lists them in, so a record compares equal however its votes were ordered). Refuses
/// a choice not shown, a voter twice (also when two spellings clean to one name) and a bad name.
pub(crate) fn checked_votes(votes: &[Vote], shown: &[usize]) -> Result<Vec<Vote>, String> {
    if votes.len() > MAX_VOTES_PER_STEP {
        return Err(format!(
            "it carries {} votes at one step (at most {MAX_VOTES_PER_STEP})",
            votes.len()
        ));
    }
    if !votes.is_empty() && shown.is_empty() {
        return Err("it carries votes but does not list the choices shown, so no vote can be checked".into());
    }
    let mut voters = HashSet::new();
    let mut out = Vec::with_capacity(votes.len());
    for vote in votes {
        let voter = clean_name("voter", &vote.voter).map_err(|e| e.to_string())?;
        if !shown.contains(&vote.choice) {
            return Err(format!(
                "{} voted for choice {}, which was not offered at this step",
                quote(&voter),
                vote.choice.saturating_add(1)
            ));
        }
        if !voters.insert(voter.clone()) {
            return Err(format!(
                "{} voted twice at this step (one vote per voter per step)",
                quote(&voter)
            ));
        }
        out.push(Vote {
            voter,
            choice: vote.choice,
        });
    }
    out.sort();
    Ok(out)
}

/// How the class split at one step: what the projector's bars and the debrief's "class split beside the
/// best answer" show. Built by [`crate::Decision::vote_split`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoteSplit {
    /// Every choice shown at the step (file index), in the order the trainer's screen showed them, with its
    /// votes — 0 for a choice nobody picked, so every bar can be drawn.
    pub counts: Vec<(usize, u32)>,
    /// The choices with the highest immediate score among those shown (the debrief's ★; several when
    /// tied). Empty when the record lists no options' scores.
    pub best: Vec<usize>,
    /// The choice the class played: the majority's, or the one the trainer picked instead.
    pub played: usize,
}

impl VoteSplit {
    /// The split of `votes` over `shown` (file indices, in the order shown) whose immediate scores are
    /// `scores` (same order; empty when unknown), `played` being the choice played.
    pub fn new(shown: &[usize], scores: &[i32], votes: &[Vote], played: usize) -> VoteSplit {
        let mut counts: Vec<(usize, u32)> = shown.iter().map(|&c| (c, 0)).collect();
        for vote in votes {
            match counts.iter_mut().find(|(c, _)| *c == vote.choice) {
                Some((_, n)) => *n += 1,
                // Only a record from before choices were shown in order lists none; keep its votes anyway.
                None => counts.push((vote.choice, 1)),
            }
        }
        let best = match scores.iter().max() {
            Some(top) if scores.len() == shown.len() => shown
                .iter()
                .zip(scores)
                .filter(|(_, s)| *s == top)
                .map(|(&c, _)| c)
                .collect(),
            _ => Vec::new(),
        };
        VoteSplit { counts, best, played }
    }

    /// How many voted at this step.
    pub fn total(&self) -> u32 {
        self.counts.iter().map(|(_, n)| n).sum()
    }

    /// The votes for `choice` (file index).
    pub fn votes_for(&self, choice: usize) -> u32 {
        self.counts.iter().find(|(c, _)| *c == choice).map_or(0, |(_, n)| *n)
    }

    /// The votes for a best answer (any of [`VoteSplit::best`]).
    pub fn best_votes(&self) -> u32 {
        self.best.iter().map(|&c| self.votes_for(c)).sum()
    }

    /// The best answer's share of the votes, 0.0–1.0; `None` when nobody voted or the best is unknown.
    pub fn best_share(&self) -> Option<f32> {
        let total = self.total();
        (total > 0 && !self.best.is_empty()).then(|| self.best_votes() as f32 / total as f32)
    }

    /// [`VoteSplit::best_share`] in whole percent (rounded).
    pub fn best_percent(&self) -> Option<u8> {
        self.best_share().map(|s| (s * 100.0).round().clamp(0.0, 100.0) as u8)
    }

    /// The most-voted choices (several when tied, in the order shown); empty when nobody voted.
    pub fn leaders(&self) -> Vec<usize> {
        let top = self.counts.iter().map(|(_, n)| *n).max().unwrap_or(0);
        if top == 0 {
            return Vec::new();
        }
        self.counts.iter().filter(|(_, n)| *n == top).map(|(c, _)| *c).collect()
    }

    /// Whether the trainer played a choice the class did not put first (not among the most voted). A tie
    /// the trainer settled is not an override; nor is a step nobody voted at.
    pub fn played_against_the_vote(&self) -> bool {
        let leaders = self.leaders();
        !leaders.is_empty() && !leaders.contains(&self.played)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_vote_is_checked_against_the_choices_shown_and_once_per_voter() {
        let shown = [2, 0, 1];
        let ok = checked_votes(&[Vote::new("Bob", 0), Vote::new(" Ann ", 2)], &shown).unwrap();
        assert_eq!(ok, vec![Vote::new("Ann", 2), Vote::new("Bob", 0)], "cleaned and sorted");
        let e = checked_votes(&[Vote::new("Ann", 3)], &shown).unwrap_err();
        assert!(e.contains("not offered"), "{e}");
        let e = checked_votes(&[Vote::new("Ann", 0), Vote::new("Ann ", 1)], &shown).unwrap_err();
        assert!(e.contains("twice"), "{e}");
        let e = checked_votes(&[Vote::new("\u{202E}Ann", 0)], &shown).unwrap_err();
        assert!(e.contains("voter name"), "{e}");
        assert!(checked_votes(&[Vote::new("Ann", 0)], &[]).is_err());
        assert_eq!(checked_votes(&[], &[]).unwrap(), vec![]);
    }

    #[test]
    fn the_split_counts_every_choice_shown_and_the_best_answers_share() {
        let votes = [
            Vote::new("A", 1),
            Vote::new("B", 1),
            Vote::new("C", 0),
            Vote::new("D", 2),
        ];
        let split = VoteSplit::new(&[2, 0, 1, 3], &[5, -3, 1, 5], &votes, 0);
        assert_eq!(split.counts, vec![(2, 1), (0, 1), (1, 2), (3, 0)]);
        assert_eq!(split.best, vec![2, 3]);
        assert_eq!(split.total(), 4);
        assert_eq!(split.best_votes(), 1);
        assert_eq!(split.best_percent(), Some(25));
        assert_eq!(split.leaders(), vec![1]);
        assert!(split.played_against_the_vote(), "choice 0 had one vote, choice 1 two");
        let nobody = VoteSplit::new(&[0, 1], &[1, 2], &[], 1);
        assert_eq!(nobody.best_share(), None);
        assert!(!nobody.played_against_the_vote());
    }
}
