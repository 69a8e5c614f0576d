//! The one SVG writer, for the conversation map and the report's balance chart: SVG written with maud,
//! so every text and attribute value is escaped by construction (nothing spliced in as markup but what
//! this module or a caller's own maud template wrote).
//!
//! Every element is written with an explicit end tag (`line … {}` → `<line …></line>`): that is
//! well-formed XML for a standalone `.svg` file, and inside an HTML page a foreign element such as
//! `<line>` without one would swallow the elements after it.

pub use maud::{Markup, PreEscaped, html};

/// A coordinate or length as written: one decimal is finer than a pixel at any zoom the pages are read at.
pub fn at(value: f64) -> String {
    format!("{value:.1}")
}

/// The frame of a drawing: its size on the page and the part of its coordinates it shows.
#[derive(Debug, Clone, Copy)]
pub struct Frame {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

/// An `<svg>` element of `frame`'s size showing `frame`'s area; `label` names it for screen readers.
pub fn root(frame: Frame, label: Option<&str>, content: Markup) -> Markup {
    html! {
        svg xmlns="http://www.w3.org/2000/svg" width=(format!("{:.0}", frame.width))
            height=(format!("{:.0}", frame.height))
            viewBox=(format!("{} {} {} {}", at(frame.x), at(frame.y), at(frame.width), at(frame.height)))
            role=[label.map(|_| "img")] aria-label=[label] {
            (content)
        }
    }
}

/// A standalone `.svg` file: the XML declaration, then the drawing.
pub fn file(drawing: Markup) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n{}\n",
        drawing.into_string()
    )
}

/// `text` centred on (x, y) in `class`'s style, one `<tspan>` a line, lines 1.25 em apart.
pub fn lines(class: &str, x: f64, y: f64, font: f64, text: &str) -> Markup {
    html! {
        text class=(class) x=(at(x)) y=(at(y)) font-size=(font) {
            @for (i, line) in text.lines().enumerate() {
                tspan x=(at(x)) dy={ (if i == 0 { 0.0 } else { 1.25 }) "em" } { (line) }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attributes_are_escaped_and_every_element_is_closed() {
        let drawing = root(
            Frame {
                x: 0.0,
                y: 0.0,
                width: 10.0,
                height: 10.0,
            },
            Some("a \"quoted\" <name>"),
            html! { line x1="0" y1="0" x2="1" y2="1" {} (lines("label", 1.0, 2.0, 9.0, "<b>&\nsecond")) },
        );
        let svg = file(drawing);
        let doc = roxmltree::Document::parse(&svg).expect("well-formed");
        assert_eq!(doc.root_element().attribute("aria-label"), Some("a \"quoted\" <name>"));
        let shown: Vec<&str> = doc
            .descendants()
            .filter(|n| n.is_text())
            .filter_map(|n| n.text())
            .collect();
        assert_eq!(shown, ["<b>&", "second"]);
        assert!(
            svg.contains("<line x1=\"0\" y1=\"0\" x2=\"1\" y2=\"1\"></line>"),
            "{svg}"
        );
    }
}
