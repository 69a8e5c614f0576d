//! The pair exercises in the report: what each observer ticked beside the scoring model's verdict, and
//! the sincerity ratings the customer players gave.

use goodwill_engine::{GOLDEN_STEP_COUNT, Lang, StepStatus};
use goodwill_store::Attempt;
use goodwill_store::clock::short;
use goodwill_store::report::{ReportData, step_label};
use maud::{Markup, html};

use super::{scrolling, trainee_attempts};
use crate::i18n::{Phrase, colon, tr};

/// "Ann · 漫游费 · 06-12 09:30": which attempt a block is about.
fn heading(data: &ReportData, attempt: &Attempt, lang: Lang) -> String {
    format!(
        "{} · {} · {}",
        attempt.profile,
        data.title(&attempt.scenario, lang),
        short(attempt.started_at)
    )
}

fn status_mark(status: StepStatus) -> &'static str {
    match status {
        StepStatus::Applied => "✓",
        StepStatus::Missed => "×",
        StepStatus::NotOffered => "—",
    }
}

/// Each observed attempt: the seven steps, the observer's tick and the scoring model's verdict side by
/// side (a narrow table, so it reads on a phone).
pub fn observer_marks(data: &ReportData, lang: Lang) -> Markup {
    let observed: Vec<(&Attempt, &goodwill_store::ObserverMarks)> = trainee_attempts(data)
        .filter_map(|a| data.observer_marks.get(&a.id).map(|m| (a, m)))
        .collect();
    html! {
        h2 { (tr(Phrase::ReportObserverMarks, lang)) }
        @if observed.is_empty() {
            p { (tr(Phrase::ReportNoObserver, lang)) }
        } @else {
            p class="hint" { (tr(Phrase::ReportObserverHint, lang)) }
            @for (attempt, marks) in observed {
                @let model = attempt.golden_checklist().statuses();
                div class="pair" {
                    h3 { (heading(data, attempt, lang)) }
                    p class="meta" {
                        (tr(Phrase::Observer, lang)) (colon(lang)) (attempt.observer.as_deref().unwrap_or("—"))
                        @if let Some(partner) = &attempt.customer_player {
                            " · " (tr(Phrase::CustomerPlayer, lang)) (colon(lang)) (partner)
                        }
                    }
                    (scrolling(html! {
                        table {
                            tr {
                                th { (tr(Phrase::GoldenSteps, lang)) }
                                th class="mark" { (tr(Phrase::ObserverSays, lang)) }
                                th class="mark" { (tr(Phrase::EngineSays, lang)) }
                            }
                            @for n in 1..=GOLDEN_STEP_COUNT {
                                @let ticked = marks.iter().find(|(step, _)| usize::from(*step) == n).map(|&(_, seen)| seen);
                                tr {
                                    td { (step_label(n, lang)) }
                                    td class="mark" {
                                        @match ticked {
                                            Some(true) => "✓",
                                            Some(false) => "×",
                                            None => "—",
                                        }
                                    }
                                    td class="mark" { (status_mark(model[n - 1])) }
                                }
                            }
                        }
                    }))
                }
            }
        }
    }
}

/// Each attempt with sincerity ratings: who rated, every rating in order, and their average.
pub fn sincerity(data: &ReportData, lang: Lang) -> Markup {
    let rated: Vec<(&Attempt, Vec<u8>)> = trainee_attempts(data)
        .filter_map(|a| {
            let ratings: Vec<u8> = data.decisions.get(&a.id)?.iter().filter_map(|d| d.sincerity).collect();
            (!ratings.is_empty()).then_some((a, ratings))
        })
        .collect();
    html! {
        h2 { (tr(Phrase::ReportSincerity, lang)) }
        @if rated.is_empty() {
            p { (tr(Phrase::ReportNoSincerity, lang)) }
        } @else {
            (scrolling(html! {
                table {
                    tr {
                        th { (tr(Phrase::Agent, lang)) }
                        th { (tr(Phrase::Case, lang)) }
                        th { (tr(Phrase::CustomerPlayer, lang)) }
                        th { (tr(Phrase::ReportRatings, lang)) }
                        th class="num" { (tr(Phrase::ReportAverage, lang)) }
                    }
                    @for (attempt, ratings) in &rated {
                        @let words: Vec<String> = ratings.iter().map(|r| rating_words(*r, lang)).collect();
                        @let average = ratings.iter().map(|&r| f32::from(r)).sum::<f32>() / ratings.len() as f32;
                        tr {
                            td class="name" { (attempt.profile) }
                            td { (data.title(&attempt.scenario, lang)) }
                            td class="name" { (attempt.customer_player.as_deref().unwrap_or("—")) }
                            td { (words.join(tr(Phrase::ListComma, lang))) }
                            td class="num" { (format!("{average:.1}")) }
                        }
                    }
                }
            }))
        }
    }
}

/// "4（真诚）" / "4 (sincere)": the rating with its word, as the rating prompt shows it.
fn rating_words(rating: u8, lang: Lang) -> String {
    let word = tr(
        match rating {
            1 => Phrase::Sincerity1,
            2 => Phrase::Sincerity2,
            3 => Phrase::Sincerity3,
            4 => Phrase::Sincerity4,
            _ => Phrase::Sincerity5,
        },
        lang,
    );
    match lang {
        Lang::Zh => format!("{rating}（{word}）"),
        Lang::En => format!("{rating} ({word})"),
    }
}
