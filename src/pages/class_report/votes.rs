//! The report's class votes: each case the class played together from their phones, with its outcome, and
//! at every step the customer's line, each answer's votes as a bar (★ the best answer, ▶ the one played,
//! "trainer's pick" when that was not the majority's) and who voted for it. The class's attempt is kept
//! here and out of every trainee table.

use goodwill_engine::Lang;
use goodwill_store::clock::short;
use goodwill_store::report::ReportData;
use goodwill_store::{Attempt, Decision};
use maud::{Markup, html};

use super::outcome_cell;
use crate::describe::{accuracy_text, vote_step_line};
use crate::i18n::{Phrase, balance_value, balance_words, colon, fill, quoted, tr};

/// How many characters of the customer's line a step shows: enough to recall the moment, short enough to
/// keep a step on a phone's screen.
const LINE_CHARS: usize = 70;

/// Every class vote of the class, oldest first.
pub fn class_votes(data: &ReportData, lang: Lang) -> Markup {
    let votes = &data.overview.class_votes;
    html! {
        h2 { (tr(Phrase::ReportClassVotes, lang)) }
        @if votes.is_empty() {
            p { (tr(Phrase::ReportNoClassVotes, lang)) }
        } @else {
            p class="hint" { (tr(Phrase::ReportClassVotesHint, lang)) }
            @for attempt in votes {
                (one_vote(data, attempt, data.decisions.get(&attempt.id).map(Vec::as_slice).unwrap_or_default(), lang))
            }
        }
    }
}

/// One class vote: its case, when, how it ended, then every step.
fn one_vote(data: &ReportData, attempt: &Attempt, decisions: &[Decision], lang: Lang) -> Markup {
    let (outcome, outcome_class) = outcome_cell(attempt.outcome, lang);
    let mut voters: Vec<&str> = decisions
        .iter()
        .flat_map(|d| d.votes.iter().map(|v| v.voter.as_str()))
        .collect();
    voters.sort_unstable();
    voters.dedup();
    html! {
        div class="classvote" {
            h3 { (data.title(&attempt.scenario, lang)) " · " (short(attempt.started_at)) }
            p class="meta" {
                (tr(Phrase::Outcome, lang)) (colon(lang)) span class=(outcome_class) { (outcome) }
                @if let Some(balance) = attempt.final_balance {
                    " · " (tr(Phrase::FinalBalance, lang)) (colon(lang)) (balance_value(balance, lang))
                }
                " · " (tr(Phrase::Accuracy, lang)) (colon(lang)) (accuracy_text(attempt.accuracy))
                " · " (tr(Phrase::ReportVoters, lang)) (colon(lang)) (voters.len())
            }
            @if !attempt.anti_patterns.is_empty() {
                @let names: Vec<String> = attempt.anti_patterns.iter().map(|m| m.name().get(lang).to_owned()).collect();
                p class="meta" { (tr(Phrase::ReportMistakes, lang)) (colon(lang)) (names.join(tr(Phrase::ListComma, lang))) }
            }
            @for (i, decision) in decisions.iter().enumerate() {
                (step(decision, i + 1, lang))
            }
        }
    }
}

/// One step: its line, the balance after it, what the customer said, and each answer in the order shown.
fn step(decision: &Decision, number: usize, lang: Lang) -> Markup {
    let split = decision.vote_split();
    let total = split.total();
    let overruled = split.played_against_the_vote();
    let customer = decision.transcript.customer.get(lang);
    html! {
        div class="vstep" {
            p class="vhead" {
                (vote_step_line(&split, number, lang))
                " · " (balance_words(decision.balance_after, lang))
            }
            @if !customer.trim().is_empty() {
                p class="said" { (tr(Phrase::Customer, lang)) (colon(lang)) (quoted(&shortened(customer, LINE_CHARS), lang)) }
            }
            ul class="answers" {
                @for &(choice, votes) in &split.counts {
                    @let percent = (votes * 100 + total / 2).checked_div(total).unwrap_or(0);
                    @let best = split.best.contains(&choice);
                    @let played = choice == split.played;
                    @let voters: Vec<&str> = decision.votes.iter().filter(|v| v.choice == choice).map(|v| v.voter.as_str()).collect();
                    li class=[played.then_some("played")] {
                        span class="line" {
                            @if best { span class="mark" { "★" } " " }
                            @if played { span class="mark" { "▶" } " " }
                            (answer_text(decision, choice, lang))
                            @if played && overruled { " " span class="pick" { (tr(Phrase::ReportTrainerPick, lang)) } }
                        }
                        span class="tally" {
                            span class="bar" { span class="fill" style={ "width:" (percent) "%" } {} }
                            " " span class="count" { (fill(Phrase::ReportVotesShare, lang, &[("n", &votes), ("pct", &percent)])) }
                        }
                        @if !voters.is_empty() {
                            span class="line voters" { (voters.join(tr(Phrase::ListComma, lang))) }
                        }
                    }
                }
            }
        }
    }
}

/// The answer's words as shown at that step (the played one from its record when the step lists no
/// options, as records from before choices were shuffled do); its number otherwise.
fn answer_text(decision: &Decision, choice: usize, lang: Lang) -> String {
    let step = &decision.transcript.step;
    let shown = step.shown.iter().position(|&c| c == choice);
    match shown.and_then(|i| decision.transcript.options.get(i)) {
        Some(option) => option.text.get(lang).to_owned(),
        None if choice == decision.choice => step.text.get(lang).to_owned(),
        None => fill(Phrase::ReportAnswerNumber, lang, &[("n", &(choice + 1))]),
    }
}

/// `text` cut to `max` characters, an ellipsis marking the cut.
fn shortened(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::shortened;

    #[test]
    fn a_long_line_is_cut_with_an_ellipsis_and_a_short_one_kept() {
        assert_eq!(shortened("短句", 5), "短句");
        assert_eq!(shortened("一二三四五六", 5), "一二三四…");
        assert_eq!(shortened("ab cd ef", 4), "ab…");
    }
}
