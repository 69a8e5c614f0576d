//! The report's group games (003's promise and responsibility games): each game with when it was played
//! and the length of its rounds, and a table of its pairs — who went first, who answered, the observer, the
//! case or scene — with, in the promise game, each round's tally for that round's agent and the pair's
//! one-line debrief.

use goodwill_engine::Lang;
use goodwill_store::clock::short;
use goodwill_store::group_games::GroupGame;
use goodwill_store::report::ReportData;
use maud::{Markup, html};

use crate::describe::{TALLY_COUNTERS, group_game_name, promise_pair_line};
use crate::i18n::{Phrase, colon, fill, round_label, tr};

/// Every group game of the class, oldest first.
pub fn group_games(data: &ReportData, lang: Lang) -> Markup {
    html! {
        h2 { (tr(Phrase::GroupGames, lang)) }
        @if data.group_games.is_empty() {
            p { (tr(Phrase::ReportNoGroupGames, lang)) }
        } @else {
            p class="hint" { (tr(Phrase::ReportGroupGamesHint, lang)) }
            @for game in &data.group_games {
                (one_game(data, game, lang))
            }
        }
    }
}

fn one_game(data: &ReportData, game: &GroupGame, lang: Lang) -> Markup {
    let tallies = game.game.tallies_promises();
    html! {
        h3 { (tr(group_game_name(game.game), lang)) " · " (short(game.started_at)) }
        p class="meta" {
            (tr(Phrase::RoundLength, lang)) (colon(lang)) (fill(Phrase::Minutes, lang, &[("n", &game.round_minutes)]))
            " · " (fill(Phrase::PairsCount, lang, &[("n", &game.pairs.len())]))
        }
        (super::scrolling(html! {
            table class="groupgame" {
                tr {
                    th { (tr(Phrase::PairsHeading, lang)) }
                    @if tallies {
                        th { (tr(Phrase::RoundColumn, lang)) }
                        th { (tr(Phrase::GroupAgent, lang)) }
                        @for counter in TALLY_COUNTERS { th class="num" { (tr(counter, lang)) } }
                    } @else {
                        th { (tr(Phrase::Describer, lang)) }
                        th { (tr(Phrase::Listener, lang)) }
                    }
                    th { (tr(Phrase::Observer, lang)) }
                    th { (tr(Phrase::Case, lang)) }
                }
                @for (i, pair) in game.pairs.iter().enumerate() {
                    @let number = fill(Phrase::PairNumber, lang, &[("n", &(i + 1))]);
                    @let case = pair.case.as_deref().map(|c| data.title(c, lang)).or_else(|| pair.scene.clone()).unwrap_or_default();
                    @let observer = pair.observer.clone().unwrap_or_else(|| "—".to_owned());
                    @if tallies {
                        @for (r, tally) in pair.rounds.iter().enumerate() {
                            tr {
                                td class="name" { (number) }
                                td class="nowrap" { (round_label(r + 1, lang)) }
                                td class="name" { (pair.agent(r + 1)) }
                                @for count in tally.counts() { td class="num" { (count) } }
                                td class="name" { (observer) }
                                td { (case) }
                            }
                        }
                        tr { td colspan="9" class="wide" { (number) (colon(lang)) (promise_pair_line(pair, lang)) } }
                    } @else {
                        tr {
                            td class="name" { (number) }
                            td class="name" { (pair.first_agent) }
                            td class="name" { (pair.first_customer) }
                            td class="name" { (observer) }
                            td { (case) }
                        }
                    }
                }
            }
        }))
    }
}
