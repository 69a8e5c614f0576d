//! The class report page as a browser reads it: self-contained, with every name and text a trainee or
//! trainer typed shown as text, never as markup. (Moved from the store's `tests/reports.rs`.)

use crate::pages::test_support::visible;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use goodwill_engine::{Bilingual, Lang, Scenario, Session, load_file};
use goodwill_store::report::ReportData;
use goodwill_store::{AttemptRecorder, DecisionInput, Mode, NewAttempt, Store, Vote};

use super::page;

const HOSTILE: &str = "<script>alert(\"x\")</script> & 'Co', \"quoted\"\nnew line";

/// A fresh, empty directory, unique per test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("goodwill-pages-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn scenario(name: &str) -> Arc<Scenario> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("scenarios/{name}.ron"));
    Arc::new(load_file(&path).scenario.expect("shipped scenario loads"))
}

/// Plays 1-based `choices`, recording each decision, and finishes the attempt if the case ends; its id.
fn play(store: &Store, new: NewAttempt, choices: &[usize], rating: Option<u8>) -> String {
    let mut session = Session::new(scenario(&new.scenario), new.seed);
    let id = store.start_attempt(&new).unwrap();
    for &c in choices {
        let (_, decision) = DecisionInput::play(&mut session, c - 1, rating, 1500).unwrap();
        store
            .record_decision_and_finish(&id, &decision, session.report())
            .unwrap();
    }
    id
}

/// A shipped case's best path by the engine's analysis (1-based file indices), so no test names positions
/// that a content rewrite would move.
fn best_path(name: &str) -> Vec<usize> {
    let best = goodwill_engine::analyze::analyze(&scenario(name))
        .best
        .expect("a best path");
    best.choices.iter().map(|c| c + 1).collect()
}

fn in_class(profile: &str, name: &str, class: &str) -> NewAttempt {
    NewAttempt {
        class: Some(class.to_owned()),
        ..NewAttempt::solo(profile, name, scenario(name).version, 7)
    }
}

/// The store tests' class: hostile text in the class name, a customer player's name and a scenario title.
fn class_with_results(name: &str) -> (Store, ReportData) {
    let store = Store::open_in(&scratch(name)).unwrap();
    let trainees = ["李明".to_owned(), "Ann".to_owned()];
    let cases = ["spilled-soup".to_owned(), "roaming-charge".to_owned()];
    store.create_class("Class <b>7</b>", &trainees, &cases).unwrap();
    // Profile names cannot hold a newline, so the hostile text reaches the reports through the class name,
    // a customer player's name and a scenario title instead.
    let class = "Class <b>7</b>";
    play(
        &store,
        in_class("李明", "spilled-soup", class),
        &best_path("spilled-soup"),
        None,
    );
    // Two attempts left after two decisions.
    play(
        &store,
        in_class("李明", "roaming-charge", class),
        &best_path("roaming-charge")[..2],
        None,
    );
    play(
        &store,
        in_class("Ann", "spilled-soup", class),
        &best_path("spilled-soup")[..2],
        None,
    );
    let pair = NewAttempt {
        mode: Mode::Pair,
        customer_player: Some("<img src=x onerror=alert(1)>".into()),
        observer: Some("李明".into()),
        round: Some(1),
        pair_id: Some("p".into()),
        ..in_class("Ann", "roaming-charge", class)
    };
    let pair = play(&store, pair, &best_path("roaming-charge"), Some(4));
    store
        .set_observer_marks(&pair, &vec![(1, true), (2, false), (3, true)])
        .unwrap();
    // A trainee who takes the worst line everywhere overdraws the account.
    let soup = scenario("spilled-soup");
    let worst = goodwill_engine::analyze::analyze(&soup).worst.expect("a worst path");
    assert!(
        worst.final_balance < 0,
        "the soup's worst path overdraws: {}",
        worst.final_balance
    );
    let worst: Vec<usize> = worst.choices.iter().map(|c| c + 1).collect();
    play(&store, in_class("Bo", "spilled-soup", class), &worst, None);
    let mut titles = BTreeMap::new();
    titles.insert("spilled-soup".to_owned(), scenario("spilled-soup").title.clone());
    titles.insert("roaming-charge".to_owned(), Bilingual::new("漫游费 <i>", HOSTILE));
    let data = store.report_data(class, titles).unwrap();
    (store, data)
}

/// Every `<` in the page must open one of the tags the report itself writes.
fn assert_only_own_markup(html: &str) {
    const OWN: [&str; 29] = [
        "!DOCTYPE",
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "header",
        "section",
        "div",
        "h1",
        "h2",
        "h3",
        "p",
        "table",
        "tr",
        "th",
        "td",
        "ul",
        "li",
        "span",
        "figure",
        "figcaption",
        "svg",
        "line",
        "text",
        "polyline",
        "rect",
        "g",
    ];
    for (i, _) in html.match_indices('<') {
        let rest = &html[i + 1..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '!' || *c == '/')
            .collect();
        let bare = name.trim_start_matches('/');
        assert!(
            OWN.contains(&bare),
            "unexpected markup (user text became a tag?) at {i}: {}",
            &html[i..(i + 40).min(html.len())]
        );
    }
}

#[test]
fn html_is_self_contained_and_escapes_every_name_and_text() {
    let (_store, data) = class_with_results("html");
    for lang in [Lang::Zh, Lang::En] {
        let html = page(&data, lang);
        assert_only_own_markup(&html);
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
        assert!(html.contains("Class &lt;b&gt;7&lt;/b&gt;"));
        assert!(html.contains("<svg"), "balance curves are drawn inline");
        assert!(
            !html.contains("http://") || !html.contains("src=\"http"),
            "no external resources"
        );
        assert!(!html.contains("<link") && !html.contains("<script"));
        assert!(html.contains("李明"));
    }
    let zh = page(&data, Lang::Zh);
    assert!(zh.contains("七大黄金步骤"));
}

#[test]
fn every_balance_chart_is_well_formed_svg_naming_each_trainee() {
    let (_store, data) = class_with_results("chart");
    for id in data.overview.scenarios() {
        let curves = data.overview.curves(&id);
        if curves.is_empty() {
            continue;
        }
        let svg = super::chart::balance_chart(&curves, &data.title(&id, Lang::En), Lang::En).into_string();
        let doc = roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("not well-formed SVG: {e}\n{svg}"));
        let shown: Vec<&str> = doc
            .descendants()
            .filter(|n| n.is_text())
            .filter_map(|n| n.text())
            .collect();
        for (trainee, _) in &curves {
            assert!(
                shown.contains(&trainee.as_str()),
                "{trainee} does not name a line: {shown:?}"
            );
        }
        // The steps are labelled along the bottom: "Start", then 1, 2, … up to the longest curve's last.
        let longest = curves.iter().map(|(_, c)| c.len()).max().unwrap() - 1;
        assert!(shown.contains(&"Start") && shown.contains(&"Step"), "{shown:?}");
        assert!(
            shown.contains(&longest.to_string().as_str()),
            "step {longest} is labelled: {shown:?}"
        );
        assert_eq!(
            doc.descendants().filter(|n| n.tag_name().name() == "polyline").count(),
            curves.len()
        );
    }
}

#[test]
fn the_report_reads_on_a_phone_and_prints_on_a4() {
    let (_store, data) = class_with_results("media");
    let html = page(&data, Lang::Zh);
    let style = &html[html.find("<style>").unwrap()..html.find("</style>").unwrap()];
    // Print: A4, each section on a page of its own, wide tables printed whole, charts fitted to the page.
    assert!(style.contains("@page{size:A4"), "{style}");
    let print = &style[style.find("@media print").expect("a print stylesheet")..];
    assert!(print.contains("section{break-before:page}"), "{print}");
    assert!(print.contains(".scroll{overflow:visible}"), "{print}");
    // A phone: tables scroll in their own box, names never break a letter a line, charts scale down.
    assert!(style.contains("@media (max-width:600px)"), "{style}");
    assert!(style.contains(".scroll{overflow-x:auto"), "{style}");
    assert!(style.contains(".name,.nowrap{white-space:nowrap}"), "{style}");
    assert!(
        style.contains(".grid td{white-space:nowrap}"),
        "outcome cells keep their lines whole: {style}"
    );
    assert!(
        style.contains("figure svg{display:block;width:100%;height:auto}"),
        "{style}"
    );
    // …and the page uses them: every table sits in a scrolling box, every trainee's name cell is `name`.
    assert_eq!(
        html.matches("<table").count(),
        html.matches("<div class=\"scroll\"><table").count()
    );
    for name in ["李明", "Ann", "Bo"] {
        assert!(
            html.contains(&format!("<th class=\"name\">{name}</th>")),
            "{name}'s row head"
        );
    }
    // Every chart scales: it has a viewBox, and sections number as many as the report's parts.
    assert!(
        html.contains("viewBox=\"0.0 0.0 560.0 280.0\""),
        "charts scale from their viewBox"
    );
    assert_eq!(html.matches("<section").count(), super::SECTIONS.len());
}

#[test]
fn the_report_lists_mistakes_observer_marks_and_sincerity_ratings() {
    let (_store, data) = class_with_results("pairs");
    let pair = data
        .attempts
        .iter()
        .find(|a| a.customer_player.is_some())
        .expect("the pair attempt");
    let ratings: Vec<u8> = data.decisions[&pair.id].iter().filter_map(|d| d.sincerity).collect();
    assert!(!ratings.is_empty(), "the pair round was rated");
    let mistakes: Vec<_> = data.attempts.iter().flat_map(|a| a.anti_patterns.clone()).collect();
    assert!(!mistakes.is_empty(), "somebody made a mistake");
    for lang in [Lang::Zh, Lang::En] {
        let text = visible(&page(&data, lang));
        for mistake in &mistakes {
            assert!(text.contains(mistake.name().get(lang)), "{:?} is not listed", mistake);
        }
        // The observer's ticks: step 1 seen, step 2 not, beside the model's verdict.
        let observed = &text[text
            .find(crate::i18n::tr(crate::i18n::Phrase::ReportObserverMarks, lang))
            .unwrap()..];
        assert!(observed.contains("李明"), "the observer is named");
        let observer_tick = |n: usize| {
            let label = goodwill_store::report::step_label(n, lang);
            let at = observed.find(&label).expect("the step's row") + label.len();
            observed[at..].split_whitespace().next().unwrap_or("").to_owned()
        };
        assert_eq!(observer_tick(1), "✓", "{observed}");
        assert_eq!(observer_tick(2), "×", "{observed}");
        assert_eq!(observer_tick(4), "—", "step 4 was not marked: {observed}");
        // The ratings, each with its word, under the sincerity heading.
        let rated = &text[text
            .find(crate::i18n::tr(crate::i18n::Phrase::ReportSincerity, lang))
            .unwrap()..];
        let word = crate::i18n::tr(crate::i18n::Phrase::Sincerity4, lang);
        assert!(rated.contains(word), "rating 4 reads as {word}: {rated}");
    }
}

#[test]
fn an_overdrawn_account_reads_as_closed_with_the_overdraft_in_words() {
    let (_store, data) = class_with_results("overdraft");
    let bo = data.attempts.iter().find(|a| a.profile == "Bo").unwrap();
    let balance = bo.final_balance.unwrap();
    assert!(balance < 0);
    let zh = visible(&page(&data, Lang::Zh));
    assert!(zh.contains(&format!("账户已关闭（透支 {}）", -balance)), "{zh}");
    let en = visible(&page(&data, Lang::En));
    assert!(
        en.contains(&format!("account closed (overdrawn by {})", -balance)),
        "{en}"
    );
    for text in [zh, en] {
        assert!(!text.contains(&balance.to_string()), "{balance} is shown as a number");
    }
}

#[test]
fn the_account_is_called_what_the_game_calls_it() {
    // The game, the guide and the documents' glossary say 情绪账户; no word of the interface says otherwise.
    for &phrase in crate::i18n::Phrase::ALL {
        let zh = crate::i18n::tr(phrase, Lang::Zh);
        assert!(!zh.contains("情感账户"), "{phrase:?}: {zh}");
    }
    let (_store, data) = class_with_results("words");
    let zh = page(&data, Lang::Zh);
    assert!(zh.contains("情绪账户") && !zh.contains("情感账户"));
}

/// A voter's name that would be markup if it were not escaped (a name may hold `<`; the store refuses only
/// control and invisible characters).
const HOSTILE_VOTER: &str = "<i>Zed</i>";

/// The votes at step `step` (0-based) where `offered` is on offer and `played` is played: at the first
/// step the class wanted another answer (Ann and Bob) and the trainer played their own pick (only the
/// hostile name voted for it); later Ann and Bob vote for what is played, 李明 for another answer.
fn class_votes_at(step: usize, offered: &[usize], played: usize) -> Vec<Vote> {
    let other = offered
        .iter()
        .copied()
        .find(|&c| c != played)
        .expect("two answers on offer");
    if step == 0 {
        vec![
            Vote::new("Ann", other),
            Vote::new("Bob", other),
            Vote::new(HOSTILE_VOTER, played),
        ]
    } else {
        vec![
            Vote::new("Ann", played),
            Vote::new("Bob", played),
            Vote::new("李明", other),
        ]
    }
}

/// A class with a trainee's solo attempt and one class vote over the soup case's best path, with
/// [`class_votes_at`]'s votes; the votes given at each step.
fn class_with_a_vote(name: &str) -> (Store, ReportData, Vec<Vec<Vote>>) {
    class_with_a_vote_along(name, &best_path("spilled-soup"))
}

/// The same, the class vote answering along `path` (1-based file indices).
fn class_with_a_vote_along(name: &str, path: &[usize]) -> (Store, ReportData, Vec<Vec<Vote>>) {
    const CLASS: &str = "Class <b>7</b>";
    let store = Store::open_in(&scratch(name)).unwrap();
    let trainees = ["Ann".to_owned(), "Bob".to_owned(), "李明".to_owned()];
    store
        .create_class(CLASS, &trainees, &["spilled-soup".to_owned()])
        .unwrap();
    play(
        &store,
        in_class("Ann", "spilled-soup", CLASS),
        &best_path("spilled-soup"),
        None,
    );
    let soup = scenario("spilled-soup");
    let mut recorder = AttemptRecorder::new(NewAttempt::class_vote(CLASS, "spilled-soup", soup.version, 7)).unwrap();
    let mut session = Session::new(soup, 7);
    let mut given = Vec::new();
    for (step, &number) in path.iter().enumerate() {
        let votes = class_votes_at(step, session.offered(), number - 1);
        let played = recorder
            .choose_with_votes(Some(&store), &mut session, number - 1, &votes, 2000)
            .unwrap();
        played.saved.unwrap();
        given.push(votes);
    }
    assert!(session.is_over(), "the class played the case to its end");
    let mut titles = BTreeMap::new();
    titles.insert("spilled-soup".to_owned(), scenario("spilled-soup").title.clone());
    let data = store.report_data(CLASS, titles).unwrap();
    (store, data, given)
}

/// The text a reader sees in the class votes' section of `html`, and nothing from the sections around it.
fn class_vote_section(html: &str) -> String {
    let section = html
        .split("<section")
        .skip(1)
        .find(|s| s.contains("class=\"classvote\""))
        .expect("a section holding the class votes");
    let section = &section[..section.find("</section>").expect("the section ends")];
    visible(&format!("<body><section{section}"))
}

/// `text` as the page writes it (escaped).
fn escaped(text: &str) -> String {
    maud::html! { (text) }.into_string()
}

#[test]
fn a_class_vote_has_its_own_section_with_every_steps_split_and_is_no_trainee() {
    let (_store, data, given) = class_with_a_vote("class-vote");
    let vote = &data.overview.class_votes[0];
    let decisions = &data.decisions[&vote.id];
    assert_eq!(decisions.len(), given.len());
    for lang in [Lang::Zh, Lang::En] {
        let html = page(&data, lang);
        assert_only_own_markup(&html);
        assert!(html.contains("&lt;i&gt;Zed&lt;/i&gt;"), "the voter's name is text");
        // The class is no trainee: its name is the page's heading, and in no row, key or list below it.
        let body = &html[html.find("<body>").unwrap()..];
        assert_eq!(
            body.matches("Class &lt;b&gt;7&lt;/b&gt;").count(),
            1,
            "the class's name only heads the page"
        );
        let heading = crate::i18n::tr(crate::i18n::Phrase::ReportClassVotes, lang);
        let section = &class_vote_section(&html);
        assert!(section.contains(heading), "{section}");
        // The case, how it ended (in words), and the accuracy.
        assert!(
            section.contains(&escaped(&data.title("spilled-soup", lang))),
            "{section}"
        );
        let outcome = vote.outcome.expect("finished").label().get(lang).to_owned();
        assert!(section.contains(&outcome), "{section}");
        let balance = crate::i18n::balance_value(vote.final_balance.unwrap(), lang);
        assert!(section.contains(&balance), "{section}");
        assert!(
            section.contains(&crate::describe::accuracy_text(vote.accuracy)),
            "{section}"
        );
        // Every step: each answer in the order shown, followed by its votes and share, the best starred,
        // the played one marked, and the trainer's pick named where the class wanted another answer.
        let pick = crate::i18n::tr(crate::i18n::Phrase::ReportTrainerPick, lang);
        for (i, (decision, votes)) in decisions.iter().zip(&given).enumerate() {
            let starts = |n: usize| match lang {
                Lang::Zh => format!("第 {n} 步："),
                Lang::En => format!("Step {n}:"),
            };
            let from = section
                .find(&starts(i + 1))
                .unwrap_or_else(|| panic!("step {}: {section}", i + 1));
            let block = &section[from..];
            let block = &block[..block.find(&starts(i + 2)).unwrap_or(block.len())];
            let total = votes.len();
            let top = decision.transcript.options.iter().map(|o| o.score).max().unwrap();
            let options = &decision.transcript.options;
            let words: Vec<String> = options.iter().map(|o| escaped(o.text.get(lang))).collect();
            let mut at = 0;
            for (k, choice) in decision.transcript.step.shown.iter().enumerate() {
                let found = at
                    + block[at..]
                        .find(&words[k])
                        .unwrap_or_else(|| panic!("step {}: answer {} in order: {block}", i + 1, words[k]));
                let before = &block[at..found];
                let what = format!("step {}, {}", i + 1, words[k]);
                assert_eq!(before.contains('★'), options[k].score == top, "{what}: ★ {block}");
                assert_eq!(before.contains('▶'), *choice == decision.choice, "{what}: ▶ {block}");
                // Its share is on its own line, before the next answer.
                at = found + words[k].len();
                let end = words
                    .get(k + 1)
                    .and_then(|next| block[at..].find(next.as_str()))
                    .map_or(block.len(), |n| at + n);
                let count = votes.iter().filter(|v| v.choice == *choice).count();
                let percent = (count * 100 + total / 2) / total;
                let share = match lang {
                    Lang::Zh => format!("{count} 票 · {percent}%"),
                    Lang::En => format!("{count} votes · {percent}%"),
                };
                assert!(
                    block[at..end].contains(&share),
                    "{what}: {share} in {}",
                    &block[at..end]
                );
            }
            assert_eq!(
                block.contains(pick),
                i == 0,
                "step {}: trainer's pick only at the first: {block}",
                i + 1
            );
        }
    }
    let zh = visible(&page(&data, Lang::Zh));
    let first = &decisions[0];
    let best = first.vote_split().best_votes();
    assert!(
        zh.contains(&format!("第 1 步：最佳回答得 {best} / 3 票")),
        "the step's line counts the best answer's votes: {zh}"
    );
}

#[test]
fn the_class_votes_read_on_a_phone_and_print_on_a4() {
    let (_store, data, _) = class_with_a_vote("class-vote-media");
    let html = page(&data, Lang::En);
    let style = &html[html.find("<style>").unwrap()..html.find("</style>").unwrap()];
    let print = &style[style.find("@media print").expect("a print stylesheet")..];
    // The bars print (browsers drop backgrounds unless told), and a step is never cut across two pages.
    assert!(
        print.contains(".bar,.fill{-webkit-print-color-adjust:exact;print-color-adjust:exact}"),
        "{print}"
    );
    assert!(
        print.contains(".vstep{break-inside:avoid}") || print.contains(",.vstep{break-inside:avoid}"),
        "{print}"
    );
    // On a phone a bar shrinks with the line and its count never breaks; no table to scroll.
    assert!(style.contains(".bar{flex:0 1 16rem"), "{style}");
    assert!(style.contains(".count{white-space:nowrap"), "{style}");
    let section = &html[html.find("class=\"classvote\"").unwrap()..];
    let section = &section[..section.find("</section>").unwrap()];
    assert!(
        !section.contains("<table"),
        "the class votes are lines that wrap, not a wide table"
    );
    // Each bar's length is its share.
    assert!(
        section.contains("<span class=\"fill\" style=\"width:67%\">"),
        "{section}"
    );
}

#[test]
fn an_overdrawn_class_vote_reads_as_closed_with_the_overdraft_in_words() {
    let soup = scenario("spilled-soup");
    let worst = goodwill_engine::analyze::analyze(&soup).worst.expect("a worst path");
    let path: Vec<usize> = worst.choices.iter().map(|c| c + 1).collect();
    let (_store, data, _) = class_with_a_vote_along("class-vote-overdrawn", &path);
    let balance = data.overview.class_votes[0].final_balance.unwrap();
    assert!(balance < 0, "the worst path overdraws: {balance}");
    let section = &class_vote_section(&page(&data, Lang::En));
    assert!(
        section.contains(&format!("Final balance: account closed (overdrawn by {})", -balance)),
        "{section}"
    );
    assert!(
        !section.contains(&balance.to_string()),
        "{balance} is shown as a number: {section}"
    );
}
