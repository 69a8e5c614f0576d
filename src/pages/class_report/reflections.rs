//! What the trainees wrote after their cases, in the report: each answer to a reflection question under
//! the question (grouped by case and by the question's words as asked), and each improvement plan.

use goodwill_engine::{Bilingual, Lang};
use goodwill_store::Attempt;
use goodwill_store::reflection::Reflection;
use goodwill_store::report::ReportData;
use maud::{Markup, html};

use super::trainee_attempts;
use crate::describe::plan_line;
use crate::i18n::{Phrase, colon, tr};

/// A case, a question as asked, and each trainee's answer to it.
type Answered<'a> = (String, Bilingual, Vec<(&'a Attempt, &'a Reflection)>);

/// The answers, one block per case and question, in the order first answered; then the plans.
pub fn reflections(data: &ReportData, lang: Lang) -> Markup {
    let mut questions: Vec<Answered> = Vec::new();
    for attempt in trainee_attempts(data) {
        for reflection in data.reflections.get(&attempt.id).into_iter().flatten() {
            let at = questions
                .iter()
                .position(|(case, asked, _)| *case == attempt.scenario && *asked == reflection.asked);
            match at {
                Some(i) => questions[i].2.push((attempt, reflection)),
                None => questions.push((
                    attempt.scenario.clone(),
                    reflection.asked.clone(),
                    vec![(attempt, reflection)],
                )),
            }
        }
    }
    let plans: Vec<(&Attempt, &goodwill_store::reflection::Plan)> = trainee_attempts(data)
        .filter_map(|a| data.plans.get(&a.id).map(|p| (a, p)))
        .collect();
    html! {
        h2 { (tr(Phrase::ReflectionAnswers, lang)) }
        @if questions.is_empty() {
            p { (tr(Phrase::NoAnswersYet, lang)) }
        }
        @for (case, asked, answers) in &questions {
            div class="reflection" {
                h3 { (data.title(case, lang)) }
                p class="meta" { (asked.get(lang)) }
                ul {
                    @for (attempt, reflection) in answers {
                        li { b { (attempt.profile) } (colon(lang)) (reflection.answer) }
                    }
                }
            }
        }
        @if !plans.is_empty() {
            h3 { (tr(Phrase::ClassPlans, lang)) }
            ul {
                @for (attempt, plan) in &plans {
                    li { b { (attempt.profile) } (colon(lang)) (plan_line(plan, lang)) }
                }
            }
        }
    }
}
