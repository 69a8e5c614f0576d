//! The one HTML page writer: a self-contained page (doctype, charset, title, one style block, the body),
//! for the conversation map and the class report. No scripts and no external files, so a page opens
//! the same from a USB stick or a shared drive; maud escapes every value spliced in.

use goodwill_engine::Lang;
use maud::{DOCTYPE, Markup, PreEscaped, html};

/// The whole page: `title` in the tab, `style` (the page's own CSS, written here, not user text) in the
/// head, `body` as given.
pub fn page(lang: Lang, title: &str, style: &str, body: Markup) -> String {
    let page = html! {
        (DOCTYPE) "\n"
        html lang=(if lang == Lang::Zh { "zh-CN" } else { "en" }) {
            head {
                meta charset="utf-8";
                title { (title) }
                style { (PreEscaped(style)) }
            }
            body { (body) }
        }
    };
    let mut page = page.into_string();
    page.push('\n');
    page
}
