//! Text as the map draws it: the font sizes, how wide and tall a text comes out, and where lines wrap.

/// Text sizes as drawn, in SVG units. The map is cropped to what is drawn, so these are relative to the
/// drawing: node names are as tall as a node box is wide per seven letters, readable at the size a
/// browser or an image viewer first shows the file.
pub const NODE_FONT: f64 = 20.0;
pub const EDGE_FONT: f64 = 16.0;
pub const LEGEND_FONT: f64 = 18.0;
/// Longest line of a choice's label before it wraps, in letters.
pub const EDGE_WRAP: usize = 22;
/// Longest line of the legend before it wraps, in letters.
pub const LEGEND_WRAP: usize = 110;

/// Breaks `text` into lines of at most `width` letters, at spaces (a longer word keeps its own line).
pub fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = 0;
    // A word longer than a line (a long path's choice numbers) breaks after its commas.
    let words = text.split(' ').flat_map(|word| {
        let mut pieces = Vec::new();
        let mut rest = word;
        while rest.chars().count() > width {
            let cut = rest
                .char_indices()
                .take(width)
                .filter(|&(_, c)| c == ',')
                .last()
                .map_or(rest.len(), |(i, _)| i + 1);
            pieces.push(&rest[..cut]);
            rest = &rest[cut..];
        }
        pieces.push(rest);
        pieces.into_iter().filter(|p| !p.is_empty())
    });
    for word in words {
        let len = word.chars().count();
        if line > 0 && line + 1 + len > width {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += len;
    }
    out
}

/// Width and height of `text` drawn at `font` in a sans-serif face: Latin letters about 0.6 of the size
/// wide, Chinese characters a full size, lines 1.25 apart.
pub fn text_size(text: &str, font: f64) -> (f64, f64) {
    let width = text
        .lines()
        .map(|l| l.chars().map(|c| if c.is_ascii() { 0.6 } else { 1.0 }).sum::<f64>())
        .fold(0.0, f64::max);
    let lines = text.lines().count().max(1) as f64;
    (width * font, lines * font * 1.25)
}
