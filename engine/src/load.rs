//! Reading scenario files: parse, validate, and report every problem with its position.
//!
//! Each file is read once; positions come from one structural pass over its text ([`crate::locate`]),
//! so checking is linear in the file's size.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::locate::{Kind, Lines, Tokens};
use crate::path;
use crate::schema::Scenario;
use crate::validate::validate;

/// The result of loading one file: the scenario if it is playable, and every problem found.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub path: PathBuf,
    /// `Some` when the file parsed and has no errors (warnings allowed).
    pub scenario: Option<Scenario>,
    /// `Some` when the file parsed and has errors, but none that changes its paths (see
    /// [`crate::validate::Validation::paths_sound`]): `goodwill analyze` can still report its paths.
    pub draft: Option<Scenario>,
    pub diagnostics: Vec<Diagnostic>,
    /// Where the scenario's `id` and `pair_with` are written, for problems found across files.
    pub id_at: Option<(usize, usize)>,
    pub pair_with_at: Option<(usize, usize)>,
}

impl Loaded {
    /// A file that could not be used at all.
    fn failed(path: &Path, diagnostic: Diagnostic) -> Self {
        Loaded {
            path: path.to_path_buf(),
            scenario: None,
            draft: None,
            diagnostics: vec![diagnostic],
            id_at: None,
            pair_with_at: None,
        }
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.is_error())
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| !d.is_error())
    }

    pub fn is_ok(&self) -> bool {
        self.scenario.is_some()
    }

    /// The first error, for a one-line summary (an error card in the game).
    pub fn first_error(&self) -> Option<&Diagnostic> {
        self.errors().next()
    }
}

/// Windows Notepad starts UTF-8 files with a byte-order mark; it is invisible, so it is skipped rather
/// than reported (positions are then counted as an editor shows them).
fn without_bom(source: &str) -> &str {
    source.strip_prefix('\u{feff}').unwrap_or(source)
}

/// Parses RON text into a scenario without validating it. Syntax errors and unknown or missing fields
/// come back with the position ron reports, and with what to do for the usual slips.
pub fn parse(path: &Path, source: &str) -> Result<Scenario, Diagnostic> {
    let source = without_bom(source);
    ron::Options::default().from_str::<Scenario>(source).map_err(|e| {
        let at = (e.span.start.line, e.span.start.col);
        let at = if at.0 == 0 { None } else { Some(at) };
        let named = match &e.code {
            ron::Error::NoSuchEnumVariant { expected, found, outer } => {
                crate::syntax::unknown_variant(found, expected, outer.as_deref())
            }
            ron::Error::NoSuchStructField { expected, found, .. } => {
                crate::suggest::closest(found, expected.iter().copied())
                    .map(|near| format!("unknown field `{found}`: did you mean `{near}`?"))
            }
            _ => None,
        };
        if let Some(named) = named {
            return Diagnostic::error(path, at, format!("{named} ({})", e.code));
        }
        let (at, message) = explain(source, at, e.code.to_string());
        Diagnostic::error(path, at, message)
    })
}

/// Byte offset of a 1-based (line, column in characters) position.
fn offset_of(text: &str, (line, column): (usize, usize)) -> usize {
    let start = if line <= 1 {
        0
    } else {
        text.match_indices('\n')
            .nth(line - 2)
            .map_or(text.len(), |(i, _)| i + 1)
    };
    text[start..]
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(text.len(), |(i, _)| start + i)
}

/// Full-width punctuation a Chinese input method types in place of RON's ASCII syntax.
const FULL_WIDTH: &[(char, &str)] = &[
    ('：', ":"),
    ('，', ","),
    ('（', "("),
    ('）', ")"),
    ('［', "["),
    ('］', "]"),
    ('【', "["),
    ('】', "]"),
    ('｛', "{"),
    ('｝', "}"),
    ('“', "\""),
    ('”', "\""),
    ('＂', "\""),
    ('；', ","),
    ('、', ","),
];

/// Turns ron's message into one that says what to do, for slips authors make: a JSON file, full-width
/// punctuation from a Chinese input method, `next: "id"` without `Node(…)`, quoted field names.
fn explain(text: &str, at: Option<(usize, usize)>, message: String) -> (Option<(usize, usize)>, String) {
    let lines = Lines::new(text);
    let error_offset = at.map_or(text.len(), |p| offset_of(text, p));
    let mut tokens = Tokens::new(text);
    let first = tokens.peek();
    if matches!(first.kind, Kind::Open(b'{') | Kind::Open(b'[')) {
        return (
            Some(lines.position(first.start)),
            format!(
                "this looks like JSON, but scenario files are RON: write `Scenario(` … `)` instead of `{{` … `}}`, field names without quotes (`id: \"soup\"`, not `\"id\": \"soup\"`) and names bare (`source: Doc001`, `next: Node(\"id\")`); see docs/authoring.md ({message})"
            ),
        );
    }
    if let Some((offset, why)) = crate::syntax::curly_quotes(text, error_offset) {
        return (Some(lines.position(offset)), format!("{why} ({message})"));
    }
    // Walk the tokens up to the error, remembering the last three, and stop at full-width punctuation.
    let mut recent: Vec<crate::locate::Token> = Vec::new();
    loop {
        let token = tokens.next();
        if token.kind == Kind::End || token.start > error_offset {
            break;
        }
        let word = &text[token.start..token.end];
        if token.kind == Kind::Scalar
            && let Some(&(wide, ascii)) = FULL_WIDTH.iter().find(|(c, _)| word.starts_with(*c))
        {
            return (
                Some(lines.position(token.start)),
                format!(
                    "full-width `{wide}` (U+{:04X}) in the file's syntax: RON needs the ASCII `{ascii}` here; switch the input method to half-width punctuation outside quoted text (full-width is fine inside quotes) ({message})",
                    u32::from(wide)
                ),
            );
        }
        recent.push(token);
        if recent.len() > 3 {
            recent.remove(0);
        }
    }
    if let Some((offset, why)) = crate::syntax::string_slip(text, error_offset) {
        return (Some(lines.position(offset)), format!("{why} ({message})"));
    }
    let word = |t: &crate::locate::Token| &text[t.start..t.end];
    // `next: "close"`: the string is where a `Node("…")` belongs.
    if let [.., field, colon, value] = recent.as_slice()
        && colon.kind == Kind::Colon
        && word(field) == "next"
        && word(value).starts_with('"')
    {
        let id = word(value);
        return (
            Some(lines.position(value.start)),
            format!("`next` takes `Node({id})` or `End`: write `next: Node({id})` ({message})"),
        );
    }
    // `"id": …`: a quoted field name.
    if let Some(pos) = recent.iter().position(|t| word(t).starts_with('"'))
        && recent.get(pos + 1).is_some_and(|t| t.kind == Kind::Colon)
    {
        let name = word(&recent[pos]);
        return (
            Some(lines.position(recent[pos].start)),
            format!(
                "field names are written without quotes: `{}:` instead of `{name}:` ({message})",
                name.trim_matches('"')
            ),
        );
    }
    if let Some((offset, why)) = crate::syntax::unclosed_bracket(text, error_offset) {
        return (Some(lines.position(offset)), format!("{why} ({message})"));
    }
    (at, message)
}

/// Parses and validates scenario text. `path` is only used to label diagnostics.
pub fn load_str(path: &Path, source: &str) -> Loaded {
    let source = without_bom(source);
    match parse(path, source) {
        Err(diagnostic) => Loaded::failed(path, diagnostic),
        Ok(scenario) => {
            let mut extra = vec![path!["id"]];
            if scenario.pair_with.is_some() {
                extra.push(path!["pair_with"]);
            }
            // Shared with the tells check's sessions while validating; sole owner again afterwards.
            let scenario = Arc::new(scenario);
            let validation = validate(&scenario, path, source, &extra);
            let playable = !validation.diagnostics.iter().any(Diagnostic::is_error);
            let mut diagnostics = validation.diagnostics;
            diagnostics.extend(crate::leftovers::scan(path, source));
            let scenario = Arc::try_unwrap(scenario).unwrap_or_else(|shared| (*shared).clone());
            let (scenario, draft) = match (playable, validation.paths_sound) {
                (true, _) => (Some(scenario), None),
                (false, true) => (None, Some(scenario)),
                (false, false) => (None, None),
            };
            Loaded {
                path: path.to_path_buf(),
                scenario,
                draft,
                diagnostics,
                id_at: validation.positions[0],
                pair_with_at: validation.positions.get(1).copied().flatten(),
            }
        }
    }
}

/// Parses and validates a file's bytes (read once, by the caller): the command line and the game's
/// asset loader both come here, so they report the same problems.
pub fn load_bytes(path: &Path, bytes: Vec<u8>) -> Loaded {
    match String::from_utf8(bytes) {
        Ok(text) => load_str(path, &text),
        // Not UTF-8: where the valid text stops, for the message.
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let utf16 = bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]);
            let valid = std::str::from_utf8(&bytes[..offset]).unwrap_or_default();
            let (message, at) = if utf16 {
                (
                    "the file is saved as UTF-16 (\"Unicode\" in Notepad): save it as UTF-8",
                    None,
                )
            } else {
                (
                    "the file is not valid UTF-8 text: save it as UTF-8 (in Notepad: Save as → Encoding → UTF-8)",
                    Some(Lines::new(valid).position(offset)),
                )
            };
            Loaded::failed(path, Diagnostic::error(path, at, message))
        }
    }
}

/// Reads, parses and validates one file.
pub fn load_file(path: &Path) -> Loaded {
    match std::fs::read(path) {
        Err(e) => Loaded::failed(
            path,
            Diagnostic::error(path, None, format!("cannot read the file: {e}")),
        ),
        Ok(bytes) => load_bytes(path, bytes),
    }
}

/// Why a set of scenarios could not even be listed.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{0}: no such file or directory")]
    NotFound(PathBuf),
    #[error("{path}: cannot read the directory: {source}")]
    Unreadable { path: PathBuf, source: std::io::Error },
    #[error("{0}: no scenario files (*.ron) in this directory")]
    Empty(PathBuf),
}

/// The `.ron` files in a directory, sorted by name, or the path itself when it is a file.
pub fn scenario_files(path: &Path) -> Result<Vec<PathBuf>, LoadError> {
    if path.is_file() {
        return Ok(vec![path.to_path_buf()]);
    }
    if !path.exists() {
        return Err(LoadError::NotFound(path.to_path_buf()));
    }
    let entries = std::fs::read_dir(path).map_err(|source| LoadError::Unreadable {
        path: path.to_path_buf(),
        source,
    })?;
    // Links are not followed: a scenario folder holds its scenarios, and a link could point anywhere.
    // (A file named directly is read as given.)
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(LoadError::Empty(path.to_path_buf()));
    }
    Ok(files)
}

/// Loads every scenario under the given paths (files or directories). A broken file is reported in
/// its own [`Loaded`]; the others still load. Two files claiming the same scenario id are both errors.
pub fn load_paths(paths: &[PathBuf]) -> Result<Vec<Loaded>, LoadError> {
    let mut loaded = Vec::new();
    for path in paths {
        for file in scenario_files(path)? {
            loaded.push(load_file(&file));
        }
    }
    flag_cross_file_problems(&mut loaded);
    Ok(loaded)
}

/// One file's part in the rules that span files.
pub struct Listed<'a> {
    pub path: &'a Path,
    /// The playable scenario, if any (a broken file takes no part).
    pub scenario: Option<&'a Scenario>,
    pub id_at: Option<(usize, usize)>,
    pub pair_with_at: Option<(usize, usize)>,
}

/// Problems across a set of files, per file in the same order: a scenario id already used by an earlier
/// file (an error: results are stored by id, so the later file must not be played), and `pair_with`
/// naming no loaded scenario (a warning: round two replays the same case). `goodwill check` and the
/// game's library both apply these, so they agree.
pub fn cross_file_problems(files: &[Listed]) -> Vec<(Vec<Diagnostic>, bool)> {
    let mut first_by_id: HashMap<&str, &Path> = HashMap::new();
    let mut out = Vec::with_capacity(files.len());
    for file in files {
        let mut problems = Vec::new();
        let mut duplicate = false;
        if let Some(s) = file.scenario {
            match first_by_id.get(s.id.as_str()) {
                None => {
                    first_by_id.insert(&s.id, file.path);
                }
                Some(first) => {
                    duplicate = true;
                    problems.push(Diagnostic::error(
                        file.path,
                        file.id_at,
                        format!(
                            "duplicate scenario id `{}`: {} already uses it (results are stored by id: give this one its own)",
                            s.id,
                            first.display()
                        ),
                    ));
                }
            }
        }
        out.push((problems, duplicate));
    }
    for (file, (problems, _)) in files.iter().zip(out.iter_mut()) {
        if let Some(partner) = file.scenario.and_then(|s| s.pair_with.as_deref())
            && !first_by_id.contains_key(partner)
        {
            problems.push(Diagnostic::warning(
                file.path,
                file.pair_with_at,
                format!("pair_with names scenario `{partner}`, which is not loaded: round two will replay this case (check the id, or add that scenario's file)"),
            ));
        }
    }
    out
}

/// Applies [`cross_file_problems`] to loaded files: adds the diagnostics, and makes a file whose id is
/// already taken unplayable.
pub fn flag_cross_file_problems(loaded: &mut [Loaded]) {
    let problems = cross_file_problems(
        &loaded
            .iter()
            .map(|l| Listed {
                path: &l.path,
                scenario: l.scenario.as_ref(),
                id_at: l.id_at,
                pair_with_at: l.pair_with_at,
            })
            .collect::<Vec<_>>(),
    );
    for (entry, (diagnostics, duplicate)) in loaded.iter_mut().zip(problems) {
        entry.diagnostics.extend(diagnostics);
        if duplicate {
            entry.scenario = None;
        }
    }
}
