//! Floor 4 · What the trainee writes after a debrief, while they write it: the answers to the case's
//! reflection questions and the improvement plan being picked, with the one text field moving between
//! them. It saves through the store (which checks the text) and keeps what was refused and why; the
//! reflection screen only draws it and routes actions here.

use bevy::prelude::*;
use goodwill_engine::Bilingual;
use goodwill_store::Attempt;
use goodwill_store::plan_progress::suggested_targets;
use goodwill_store::reflection::{MAX_PLAN_ITEMS, Plan, PlanItem, PlanTarget, Reflection};

use super::results::{ResultsDb, SaveProblem};
use super::text_input::NameBuffer;

/// Where the text field is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Editing {
    /// The answer to question `.0` (0-based).
    Answer(usize),
    /// The own words of picked plan item `.0` (0-based, in pick order).
    Words(usize),
}

/// The reflection and plan being written for one finished attempt.
#[derive(Resource, Debug, Default)]
pub struct ReflectionDraft {
    /// The attempt they follow; `None` when there is nothing to write for (not recorded, a class vote).
    pub attempt: Option<Attempt>,
    pub questions: Vec<Bilingual>,
    /// One per question: the text as typed (or as stored).
    pub answers: Vec<String>,
    /// One per question: the text in `answers` is the one stored.
    pub saved: Vec<bool>,
    pub editing: Option<Editing>,
    /// What the plan offers, in the order shown (see `suggested_targets`).
    pub choices: Vec<PlanTarget>,
    /// What is picked, in pick order, with the own words typed for each.
    pub picked: Vec<PlanItem>,
    pub plan_saved: bool,
    /// Why the last save was refused (the store's words), or that a fourth item was asked for.
    pub refused: Option<String>,
}

impl ReflectionDraft {
    /// A draft for `attempt` (finished, the trainee's) of a case asking `questions`, holding what was
    /// already stored for it; the field opens on the first question.
    pub fn open(db: &ResultsDb, attempt: Attempt, questions: Vec<Bilingual>) -> Self {
        let stored = db.read(|s| s.reflections(&attempt.id)).unwrap_or_default();
        let answers: Vec<String> = (0..questions.len())
            .map(|i| {
                stored
                    .iter()
                    .find(|r| usize::from(r.question) == i + 1)
                    .map(|r| r.answer.clone())
                    .unwrap_or_default()
            })
            .collect();
        let saved = answers.iter().map(|a| !a.is_empty()).collect();
        let plan = db.read(|s| s.plan(&attempt.id)).flatten();
        ReflectionDraft {
            choices: suggested_targets(&attempt),
            picked: plan.as_ref().map(|p| p.items.clone()).unwrap_or_default(),
            plan_saved: plan.is_some(),
            editing: (!questions.is_empty()).then_some(Editing::Answer(0)),
            questions,
            answers,
            saved,
            attempt: Some(attempt),
            refused: None,
        }
    }

    /// Moves the text field to `to`: what the field held goes back into the draft, and `to`'s text into
    /// the field.
    pub fn edit(&mut self, to: Editing, buffer: &mut NameBuffer) {
        if self.editing == Some(to) || !self.exists(to) {
            return;
        }
        self.keep_typed(buffer);
        buffer.0 = self.text_of(to).to_owned();
        self.editing = Some(to);
    }

    fn exists(&self, at: Editing) -> bool {
        match at {
            Editing::Answer(i) => i < self.questions.len(),
            Editing::Words(k) => k < self.picked.len(),
        }
    }

    fn text_of(&self, at: Editing) -> &str {
        match at {
            Editing::Answer(i) => self.answers.get(i).map_or("", String::as_str),
            Editing::Words(k) => self.picked.get(k).and_then(|p| p.own_words.as_deref()).unwrap_or(""),
        }
    }

    /// Copies the field's text into the draft where the field is.
    fn keep_typed(&mut self, buffer: &NameBuffer) {
        match self.editing {
            Some(Editing::Answer(i)) => {
                if let Some(answer) = self.answers.get_mut(i)
                    && *answer != buffer.0
                {
                    answer.clone_from(&buffer.0);
                    self.saved[i] = false;
                }
            }
            Some(Editing::Words(k)) => {
                if let Some(item) = self.picked.get_mut(k) {
                    let words = Some(buffer.0.trim().to_owned()).filter(|w| !w.is_empty());
                    if item.own_words != words {
                        item.own_words = words;
                        self.plan_saved = false;
                    }
                }
            }
            None => {}
        }
    }

    /// Picks offered target `index`, or puts it back; a fourth pick is refused (with the reason kept).
    /// The field leaves the own words of an item put back.
    pub fn toggle(&mut self, index: usize, buffer: &mut NameBuffer) {
        let Some(&target) = self.choices.get(index) else { return };
        self.keep_typed(buffer);
        self.refused = None;
        if let Some(at) = self.picked.iter().position(|p| p.target == target) {
            self.picked.remove(at);
            if let Some(Editing::Words(_)) = self.editing {
                self.editing = None;
                buffer.0.clear();
            }
        } else if self.picked.len() >= MAX_PLAN_ITEMS {
            self.refused = Some(format!("at most {MAX_PLAN_ITEMS}"));
            return;
        } else {
            self.picked.push(PlanItem {
                target,
                own_words: None,
            });
        }
        self.plan_saved = false;
    }

    /// Saves the answer in the field (Enter, or the save button), then moves the field to the next
    /// question still unanswered. An empty answer saves nothing.
    pub fn save_answer(&mut self, db: &ResultsDb, problem: &mut SaveProblem, buffer: &mut NameBuffer) {
        let Some(Editing::Answer(i)) = self.editing else {
            // Enter in an own-words field keeps the words; the plan's own button saves them.
            self.keep_typed(buffer);
            return;
        };
        self.keep_typed(buffer);
        let (Some(attempt), Some(asked)) = (&self.attempt, self.questions.get(i)) else {
            return;
        };
        if self.answers[i].trim().is_empty() {
            return;
        }
        let reflection = Reflection {
            question: u8::try_from(i + 1).unwrap_or(u8::MAX),
            asked: asked.clone(),
            answer: self.answers[i].clone(),
            answered_at: 0,
        };
        let id = attempt.id.clone();
        match db.read(|s| Ok(s.save_reflection(&id, reflection.clone()))) {
            Some(Ok(stored)) => {
                self.answers[i] = stored.answer;
                self.saved[i] = true;
                self.refused = None;
                let next = (0..self.questions.len()).find(|&j| j != i && !self.saved[j]);
                match next {
                    Some(j) => self.edit(Editing::Answer(j), buffer),
                    None => buffer.0.clone_from(&self.answers[i]),
                }
            }
            Some(Err(e @ goodwill_store::StoreError::Invalid(_))) => self.refused = Some(e.to_string()),
            Some(Err(e)) => {
                *problem = SaveProblem::attempt(e);
            }
            None => {}
        }
    }

    /// Saves the picked items as the plan (nothing when none is picked).
    pub fn save_plan(&mut self, db: &ResultsDb, problem: &mut SaveProblem, buffer: &NameBuffer) {
        self.keep_typed(buffer);
        let Some(attempt) = &self.attempt else { return };
        if self.picked.is_empty() {
            return;
        }
        let plan = Plan {
            made_at: 0,
            items: self.picked.clone(),
        };
        let id = attempt.id.clone();
        match db.read(|s| Ok(s.save_plan(&id, plan.clone()))) {
            Some(Ok(stored)) => {
                self.picked = stored.items;
                self.plan_saved = true;
                self.refused = None;
            }
            Some(Err(e @ goodwill_store::StoreError::Invalid(_))) => self.refused = Some(e.to_string()),
            Some(Err(e)) => *problem = SaveProblem::attempt(e),
            None => {}
        }
    }
}
