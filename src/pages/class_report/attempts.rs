//! The report's lists of attempts: the mistakes the class made, and every attempt with its columns.

use std::collections::BTreeMap;

use goodwill_engine::{AntiPattern, Lang};
use goodwill_store::Attempt;
use goodwill_store::clock::short;
use goodwill_store::report::ReportData;
use maud::{Markup, html};

use super::{outcome_cell, scrolling, trainee_attempts};
use crate::describe::accuracy_text;
use crate::i18n::{Phrase, balance_value, tr};

/// One column of the attempt list: its header and what an attempt shows in it. A new column (say, a
/// measure a later version keeps per attempt) is one more entry in [`COLUMNS`].
pub struct Column {
    pub header: fn(Lang) -> String,
    /// The cell's CSS class (`name` never wraps, `num` is right-aligned), or none.
    pub class: Option<&'static str>,
    pub cell: fn(&ReportData, &Attempt, Lang) -> Markup,
}

pub const COLUMNS: &[Column] = &[
    Column {
        header: |lang| tr(Phrase::ReportStarted, lang).into(),
        class: Some("name"),
        cell: |_, a, _| html! { (short(a.started_at)) },
    },
    Column {
        header: |lang| tr(Phrase::Trainee, lang).into(),
        class: Some("name"),
        cell: |_, a, _| html! { (a.profile) },
    },
    Column {
        header: |lang| tr(Phrase::Case, lang).into(),
        class: None,
        cell: |data, a, lang| html! { (data.title(&a.scenario, lang)) },
    },
    Column {
        header: |lang| tr(Phrase::Outcome, lang).into(),
        class: Some("nowrap"),
        cell: |_, a, lang| {
            let (label, class_name) = outcome_cell(a.outcome, lang);
            html! { span class=(class_name) { (label) } }
        },
    },
    Column {
        header: |lang| tr(Phrase::ReportBalance, lang).into(),
        class: Some("num"),
        cell: |_, a, lang| html! { @if let Some(balance) = a.final_balance { (balance_value(balance, lang)) } },
    },
    Column {
        header: |lang| tr(Phrase::Accuracy, lang).into(),
        class: Some("num"),
        cell: |_, a, _| html! { (accuracy_text(a.accuracy)) },
    },
    Column {
        header: |lang| tr(Phrase::ReportMistakes, lang).into(),
        class: Some("wide"),
        cell: |_, a, lang| html! { (mistake_names(&a.anti_patterns, lang)) },
    },
    Column {
        header: |lang| tr(Phrase::ReportPartner, lang).into(),
        class: Some("name"),
        cell: |_, a, _| html! { (a.customer_player.as_deref().unwrap_or("")) },
    },
];

/// "争论谁对谁错、敷衍道歉", or "none" when there were none.
fn mistake_names(mistakes: &[AntiPattern], lang: Lang) -> String {
    if mistakes.is_empty() {
        return tr(Phrase::ReportNoMistakes, lang).into();
    }
    let names: Vec<String> = mistakes.iter().map(|m| m.name().get(lang).to_owned()).collect();
    names.join(tr(Phrase::ListComma, lang))
}

/// Each mistake the documents warn against that someone in the class made: how many attempts made it,
/// and who (with how many times each). A class vote's mistakes are the class's, listed with it.
pub fn mistakes(data: &ReportData, lang: Lang) -> Markup {
    let mut by_mistake: BTreeMap<AntiPattern, BTreeMap<&str, usize>> = BTreeMap::new();
    for attempt in trainee_attempts(data) {
        for &mistake in &attempt.anti_patterns {
            *by_mistake
                .entry(mistake)
                .or_default()
                .entry(attempt.profile.as_str())
                .or_default() += 1;
        }
    }
    html! {
        h2 { (tr(Phrase::ReportMistakes, lang)) }
        @if by_mistake.is_empty() {
            p { (tr(Phrase::NoAntiPatterns, lang)) }
        } @else {
            p class="hint" { (tr(Phrase::ReportMistakesHint, lang)) }
            (scrolling(html! {
                table {
                    tr {
                        th { (tr(Phrase::ReportMistakes, lang)) }
                        th class="num" { (tr(Phrase::ReportAttemptsCount, lang)) }
                        th { (tr(Phrase::ReportTrainees, lang)) }
                    }
                    @for (mistake, who) in &by_mistake {
                        tr {
                            td { (mistake.name().get(lang)) }
                            td class="num" { (who.values().sum::<usize>()) }
                            td {
                                @for (i, (name, times)) in who.iter().enumerate() {
                                    @if i > 0 { (tr(Phrase::ListComma, lang)) }
                                    span class="name" { (name) @if *times > 1 { " ×" (times) } }
                                }
                            }
                        }
                    }
                }
            }))
        }
    }
}

/// Every trainee's finished attempt, oldest first, one column per entry of [`COLUMNS`] (the class votes
/// have their own section).
pub fn attempt_list(data: &ReportData, lang: Lang) -> Markup {
    let attempts: Vec<&Attempt> = trainee_attempts(data).collect();
    html! {
        h2 { (tr(Phrase::ReportAttempts, lang)) }
        @if attempts.is_empty() {
            p { (tr(Phrase::ReportNone, lang)) }
        } @else {
            (scrolling(html! {
                table {
                    tr { @for column in COLUMNS { th class=[column.class] { ((column.header)(lang)) } } }
                    @for a in attempts {
                        tr { @for column in COLUMNS { td class=[column.class] { ((column.cell)(data, a, lang)) } } }
                    }
                }
            }))
        }
    }
}
