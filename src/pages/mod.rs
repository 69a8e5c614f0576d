//! Pages: what Goodwill draws into files for a browser — the conversation map (`goodwill analyze --graph`
//! and the debrief's "conversation map") and the class report (`goodwill report --format html` and the
//! class view's "Export report").
//!
//! No Bevy here: this module stands beside `src/cli` and below `src/game`, and both call it. It holds the
//! one SVG writer ([`svg`]) and the one HTML page writer ([`html`]); every word it shows comes from
//! `crate::i18n`. The engine decides, the store keeps; this only draws.

pub mod class_report;
pub mod html;
pub mod map;
pub mod svg;

/// What the pages' tests share: reading a page as a reader does, and the shipped cases.
#[cfg(test)]
pub(crate) mod test_support {
    use std::path::PathBuf;

    /// The text a reader sees in an HTML page: tags dropped (each leaves a space), entities as they are.
    pub fn visible(page: &str) -> String {
        let body = &page[page.find("<body>").expect("a body")..];
        let mut out = String::new();
        let mut in_tag = false;
        for c in body.chars() {
            match c {
                '<' => in_tag = true,
                '>' => {
                    in_tag = false;
                    out.push(' ');
                }
                _ if !in_tag => out.push(c),
                _ => {}
            }
        }
        out
    }

    /// The shipped scenario files, in name order.
    pub fn shipped_files() -> Vec<PathBuf> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
        let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        files
    }
}
