//! The phone page as served: the trainer's language, no external request of any kind, texts set only as
//! text, Chinese words with full-width punctuation, large text and tap targets, and the seat kept in
//! localStorage and re-read when the phone comes back.

mod support;

use std::net::SocketAddr;
use std::sync::Arc;

use goodwill_engine::{Bilingual, Lang};
use goodwill_vote::{VoteConfig, VoteServer};

fn serve(lang: Lang) -> (VoteServer, SocketAddr) {
    let mut config = VoteConfig::new(vec!["安".into()], true, lang, Bilingual::new("汤", "Soup"));
    config.bind = "127.0.0.1:0".parse().expect("addr");
    let server = VoteServer::start(config, Arc::new(|| {})).expect("server starts");
    let addr = ([127, 0, 0, 1], server.port()).into();
    (server, addr)
}

/// The string literals of the page's Chinese word table.
fn chinese_words(page: &str) -> Vec<String> {
    let start = page.find("zh: {").expect("a zh table");
    let end = page[start..].find("en: {").expect("an en table after it") + start;
    page[start..end]
        .split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

#[test]
fn the_page_is_self_contained_in_the_trainers_language() {
    let (_server, addr) = serve(Lang::Zh);
    let page = support::get(addr, "/").expect("page");
    assert_eq!(page.status, 200);
    assert!(page.header("content-type").is_some_and(|t| t.starts_with("text/html")));
    let csp = page
        .header("content-security-policy")
        .expect("a content security policy");
    assert!(
        csp.contains("default-src 'none'") && csp.contains("connect-src 'self'"),
        "{csp}"
    );
    let body = &page.body;
    assert!(body.contains("<html lang=\"zh\">"));
    assert!(!body.contains("{{LANG}}"));
    for external in ["http://", "https://", "<link", "<script src", "<img", "@import", "url("] {
        assert!(
            !body.contains(external),
            "the page must not load anything: found {external}"
        );
    }
    for unsafe_sink in ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write"] {
        assert!(
            !body.contains(unsafe_sink),
            "server texts are set as text only: found {unsafe_sink}"
        );
    }

    let (_server, addr) = serve(Lang::En);
    let english = support::get(addr, "/").expect("page").body;
    assert!(english.contains("<html lang=\"en\">"));
}

#[test]
fn the_words_say_votes_can_change_in_both_languages_with_full_width_chinese_punctuation() {
    let (_server, addr) = serve(Lang::Zh);
    let body = support::get(addr, "/").expect("page").body;
    assert!(body.contains("投票结束前，你可以随时更改选择。"));
    assert!(body.contains("You can change your vote until the vote closes."));
    let words = chinese_words(&body);
    assert!(words.len() > 20, "the Chinese table has its words: {}", words.len());
    for word in words
        .iter()
        .filter(|w| w.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)))
    {
        assert!(
            !word.contains([',', '.', ':', '!', '?', '(', ')']),
            "ASCII punctuation in Chinese text: {word}"
        );
    }
}

#[test]
fn text_and_tap_targets_are_phone_sized_and_the_page_keeps_its_token_and_listens_for_returns() {
    let (_server, addr) = serve(Lang::Zh);
    let body = support::get(addr, "/").expect("page").body;
    assert!(body.contains("html { font-size: 18px"), "body text is at least 18 px");
    assert!(body.contains("width=device-width"), "laid out for a phone's width");
    let button_rule = body.split("button {").nth(1).expect("a button rule");
    let min_height: u32 = button_rule
        .split("min-height:")
        .nth(1)
        .and_then(|s| s.trim_start().split("px").next())
        .and_then(|n| n.trim().parse().ok())
        .expect("buttons have a min-height");
    assert!(min_height >= 48, "tap targets are at least 48 px: {min_height}");
    for needed in [
        "localStorage",
        "EventSource",
        "\"visibilitychange\"",
        "\"online\"",
        "addEventListener(\"open\"",
        "new URLSearchParams(location.search).get(\"code\")",
        "aria-pressed",
    ] {
        assert!(body.contains(needed), "the page uses {needed}");
    }
}
