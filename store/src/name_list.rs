//! A list of trainee names as a trainer types or pastes it (one per line, or separated by commas, 、 or
//! semicolons): each name checked by the same rules as one typed alone ([`clean_name`]), repeats dropped,
//! and every refused piece kept with the reason, so nothing the trainer typed vanishes unexplained.

use crate::names::clean_name;

/// What separates names in a typed or pasted list: line breaks, tabs (a spreadsheet column), commas and
/// semicolons in both widths, and the Chinese enumeration comma 、.
pub const NAME_SEPARATORS: [char; 8] = ['\n', '\r', '\t', ',', '，', '、', ';', '；'];

/// The usable names of a list, in the order typed, and the pieces refused with why.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NameList {
    pub names: Vec<String>,
    /// Each refused piece (at most 80 characters of it, escaped) and the reason.
    pub refused: Vec<(String, String)>,
}

/// Splits `text` at [`NAME_SEPARATORS`] and checks each piece; empty pieces (two separators in a row, a
/// trailing newline) are skipped, and a name given twice is kept once.
pub fn parse_name_list(text: &str) -> NameList {
    let mut list = NameList::default();
    for piece in text.split(NAME_SEPARATORS) {
        if piece.trim().is_empty() {
            continue;
        }
        match clean_name("trainee", piece) {
            Ok(name) if list.names.contains(&name) => {}
            Ok(name) => list.names.push(name),
            Err(e) => {
                let shown: String = piece.trim().chars().take(80).collect();
                list.refused.push((shown.escape_debug().to_string(), e.to_string()));
            }
        }
    }
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pasted_list_gives_each_name_once_and_says_what_it_refused() {
        let list = parse_name_list("王芳\n李明、Ann , 王芳；\n\n  Bob\t赵六\r\n");
        assert_eq!(list.names, ["王芳", "李明", "Ann", "Bob", "赵六"]);
        assert!(list.refused.is_empty());
        let long = "长".repeat(41);
        let list = parse_name_list(&format!("Cai\n{long}\nDan\u{7}x"));
        assert_eq!(list.names, ["Cai"]);
        assert_eq!(list.refused.len(), 2, "{:?}", list.refused);
        assert!(list.refused[0].1.contains("at most"), "{:?}", list.refused);
        assert!(
            list.refused[1].0.contains("\\u{7}"),
            "shown escaped: {:?}",
            list.refused
        );
    }
}
