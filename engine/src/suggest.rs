//! "Did you mean …?": the closest declared name to a misspelt one, for messages that say what to write.

/// The known name closest to `unknown`, when it is close enough to be a slip of the keys (at most a
/// third of its characters, and at least two, differ; case alone never counts against it).
pub fn closest<'a>(unknown: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (unknown.chars().count() / 3).max(2);
    let folded = unknown.to_lowercase();
    known
        .into_iter()
        .filter(|k| *k != unknown)
        .map(|k| (edit_distance(&folded, &k.to_lowercase()), k))
        .filter(|&(d, _)| d <= limit)
        .min()
        .map(|(_, k)| k)
}

/// " (did you mean `x`?)" when a declared name is close to the unknown one, else nothing.
pub fn did_you_mean<'a>(unknown: &str, known: impl IntoIterator<Item = &'a str>) -> String {
    closest(unknown, known).map_or_else(String::new, |k| format!(" (did you mean `{k}`?)"))
}

/// Levenshtein distance over characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let next = (diagonal + usize::from(ca != cb)).min(row[j] + 1).min(row[j + 1] + 1);
            diagonal = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slip_of_the_keys_is_matched_and_a_different_word_is_not() {
        let known = ["argue", "suit-off", "towel"];
        assert_eq!(closest("argeu", known), Some("argue"));
        assert_eq!(closest("Towel", known), Some("towel"));
        assert_eq!(closest("apology", known), None);
    }
}
