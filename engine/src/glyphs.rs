//! Which characters the game's font can draw: the list `assets/fonts/subset.py` writes beside the font
//! it cuts (`font_chars.txt`), so the checker can name a character that would show as a box.

use std::sync::OnceLock;

/// The font's characters as sorted, inclusive ranges of code points.
fn ranges() -> &'static [(u32, u32)] {
    static RANGES: OnceLock<Vec<(u32, u32)>> = OnceLock::new();
    RANGES.get_or_init(|| {
        include_str!("font_chars.txt")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let (a, b) = l.split_once('-').unwrap_or((l, l));
                Some((
                    u32::from_str_radix(a.trim(), 16).ok()?,
                    u32::from_str_radix(b.trim(), 16).ok()?,
                ))
            })
            .collect()
    })
}

/// True when the shipped font has a glyph for `c` (whitespace and control characters are not drawn, so
/// they count as covered).
pub fn in_font(c: char) -> bool {
    if c.is_whitespace() || c.is_control() {
        return true;
    }
    let code = u32::from(c);
    let ranges = ranges();
    let i = ranges.partition_point(|&(_, end)| end < code);
    ranges.get(i).is_some_and(|&(start, _)| start <= code)
}

/// Every code point the list covers, for the test that holds it to the font itself.
pub fn covered() -> impl Iterator<Item = u32> {
    ranges().iter().flat_map(|&(a, b)| a..=b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_and_name_characters_are_covered_and_an_emoji_is_not() {
        for c in "你好，李先生。喆堃淼A(“”)".chars() {
            assert!(in_font(c), "{c}");
        }
        assert!(!in_font('🙂'));
    }
}
