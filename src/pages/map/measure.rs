//! Text as the map draws it: the font sizes, how wide and tall a text comes out, and where lines wrap —
//! measured in ems, so a Chinese line (a full em a character, no spaces) wraps as well as an English one.

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

/// How wide a character is drawn, in ems: ASCII about 0.6, Chinese and full-width forms a full em.
pub fn em(c: char) -> f64 {
    if c.is_ascii() { 0.6 } else { 1.0 }
}

fn ems(text: &str) -> f64 {
    text.chars().map(em).sum()
}

/// Punctuation a line must not start with (it stays with the character before it).
fn closes(c: char) -> bool {
    "，。、；：！？」』）》”’…,.;:!?)]%".contains(c)
}

/// Punctuation a line must not end with (it goes with the character after it).
fn opens(c: char) -> bool {
    "「『（《“‘([".contains(c)
}

/// The pieces a line may break between: an English word (with the space before it), or one Chinese
/// character with the punctuation glued to it.
fn pieces(text: &str) -> Vec<(bool, String)> {
    let mut out: Vec<(bool, String)> = Vec::new();
    let mut space = false;
    let mut glue_next = false;
    for c in text.chars() {
        if c == ' ' {
            space = true;
            glue_next = false;
            continue;
        }
        let joins_last = !space
            && out.last().is_some_and(|(_, last)| {
                glue_next || closes(c) || (c.is_ascii() && last.chars().last().is_some_and(|l| l.is_ascii()))
            });
        match out.last_mut() {
            Some((_, last)) if joins_last => last.push(c),
            _ => out.push((space, c.to_string())),
        }
        space = false;
        glue_next = opens(c);
    }
    out
}

/// Breaks a piece wider than `width` ems: after its last comma that fits, or else where it fills the line.
fn split_long(piece: &str, width: f64) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = piece;
    while ems(rest) > width {
        let mut used = 0.0;
        let mut fit = 0;
        let mut comma = None;
        for (i, c) in rest.char_indices() {
            used += em(c);
            if used > width {
                break;
            }
            fit = i + c.len_utf8();
            if c == ',' || c == '，' {
                comma = Some(fit);
            }
        }
        let cut = comma.unwrap_or(fit).max(rest.chars().next().map_or(1, char::len_utf8));
        out.push(rest[..cut].to_owned());
        rest = &rest[cut..];
    }
    if !rest.is_empty() {
        out.push(rest.to_owned());
    }
    out
}

/// `text` broken into lines at most `width` ems wide: at spaces in English, between characters in
/// Chinese (never before a closing mark or after an opening one); a word wider than a line is split.
pub fn wrap_lines(text: &str, width: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        let mut used = 0.0;
        for (space, piece) in pieces(paragraph) {
            for (k, part) in split_long(&piece, width).into_iter().enumerate() {
                let gap = if space && k == 0 && !line.is_empty() { 0.6 } else { 0.0 };
                let w = ems(&part);
                if !line.is_empty() && used + gap + w > width {
                    lines.push(std::mem::take(&mut line));
                    used = 0.0;
                } else if gap > 0.0 {
                    line.push(' ');
                    used += gap;
                }
                line.push_str(&part);
                used += w;
            }
        }
        lines.push(line);
    }
    lines
}

/// Breaks `text` into lines of at most `width` letters (an English letter's width; a Chinese character
/// counts as nearly two), as [`wrap_lines`] does.
pub fn wrap(text: &str, width: usize) -> String {
    wrap_lines(text, width as f64 * 0.6).join("\n")
}

/// `text` in at most `lines` lines of `width` ems, ending in "…" when some was left out; and whether it was.
pub fn shorten(text: &str, width: f64, lines: usize) -> (String, bool) {
    let mut all = wrap_lines(text, width);
    if all.len() <= lines {
        return (all.join("\n"), false);
    }
    all.truncate(lines.max(1));
    if let Some(last) = all.last_mut() {
        while !last.is_empty() && ems(last) + 1.0 > width {
            last.pop();
        }
        let trimmed = last.trim_end_matches([' ', '，', ',', '、']).len();
        last.truncate(trimmed);
        last.push('…');
    }
    (all.join("\n"), true)
}

/// Width and height of `text` drawn at `font` in a sans-serif face: Latin letters about 0.6 of the size
/// wide, Chinese characters a full size, lines 1.25 apart.
pub fn text_size(text: &str, font: f64) -> (f64, f64) {
    let width = text.lines().map(ems).fold(0.0, f64::max);
    let lines = text.lines().count().max(1) as f64;
    (width * font, lines * font * 1.25)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_wraps_between_characters_and_keeps_punctuation_with_its_word() {
        let lines = wrap_lines("非常抱歉，汤洒在您的西装上了，我马上帮您处理。", 8.0);
        assert!(lines.len() >= 3, "{lines:?}");
        for line in &lines {
            assert!(ems(line) <= 8.0, "{line} is wider than 8 em");
            assert!(!line.starts_with('，') && !line.starts_with('。'), "{lines:?}");
        }
        assert_eq!(lines.concat(), "非常抱歉，汤洒在您的西装上了，我马上帮您处理。");
    }

    #[test]
    fn english_wraps_at_spaces_and_long_numbers_after_commas() {
        assert_eq!(
            wrap_lines("I am so sorry about that", 7.0),
            ["I am so", "sorry about", "that"]
        );
        let numbers = wrap("1,2,3,4,5,6,7,8,9,1,2,3", 10);
        assert!(
            numbers.lines().all(|l| l.ends_with(',') || l.ends_with('3')),
            "{numbers}"
        );
    }

    #[test]
    fn a_shortened_text_ends_in_an_ellipsis_within_its_lines() {
        let (short, cut) = shorten("非常抱歉，汤洒在您的西装上了，我马上帮您处理。", 6.0, 2);
        assert!(cut);
        assert_eq!(short.lines().count(), 2);
        assert!(short.ends_with('…'), "{short}");
        let (whole, cut) = shorten("Sorry.", 6.0, 2);
        assert_eq!((whole.as_str(), cut), ("Sorry.", false));
    }
}
