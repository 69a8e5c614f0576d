//! `goodwill new ID --from-document N`: starts a scenario from a skeleton instead of a copy of another
//! case (a copy keeps its id, its facts and its tags, and each of those is a mistake waiting to happen).

use std::path::{Path, PathBuf};

use goodwill_engine::Source;
use goodwill_store::output::OutputGuard;

use super::output::outln;

/// `000`…`004`, `3`, or `Doc003`.
pub fn parse_document(text: &str) -> Result<Source, String> {
    let digits = text.trim().trim_start_matches("Doc").trim_start_matches("doc");
    let number: Option<u32> = digits.parse().ok();
    Source::ALL
        .into_iter()
        .find(|s| Some(s.number().parse::<u32>().unwrap_or(u32::MAX)) == number)
        .ok_or_else(|| {
            format!(
                "unknown document {}: expected one of 000, 001, 002, 003, 004",
                goodwill_engine::quote(text)
            )
        })
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Writes `text` to `path` only if nothing is there yet, through the store's one file writer: never over
/// an existing scenario, never through a symlink planted at that name, never over the results database's
/// files, never half-written.
fn write_new(path: &Path, text: &str, guard: &OutputGuard) -> Result<(), String> {
    guard.create(path, text.as_bytes()).map_err(|e| match &e {
        goodwill_store::StoreError::Io { source, .. } if source.kind() == std::io::ErrorKind::AlreadyExists => {
            format!(
                "{} already exists: choose another id, or pass --out with a new file name",
                path.display()
            )
        }
        _ => format!("cannot create {}: {e}", path.display()),
    })
}

pub fn run(id: &str, document: &str, out: Option<&Path>, guard: &OutputGuard) -> Result<i32, String> {
    if !valid_id(id) {
        return Err(format!(
            "scenario id {} must be lowercase letters, digits and dashes, e.g. `late-delivery`",
            goodwill_engine::quote(id)
        ));
    }
    let source = parse_document(document)?;
    let path: PathBuf = match out {
        Some(path) => path.to_path_buf(),
        None => crate::paths::scenarios_dir().join(format!("{id}.ron")),
    };
    write_new(&path, &goodwill_engine::generate::skeleton(id, source), guard)?;
    let loaded = goodwill_engine::load_file(&path);
    // The placeholders are the skeleton's own: `check` lists them, one line each, as they remain.
    let placeholders = loaded
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("left from `goodwill new`"))
        .count();
    for d in loaded
        .diagnostics
        .iter()
        .filter(|d| !d.message.contains("left from `goodwill new`"))
    {
        outln!("{d}");
    }
    outln!(
        "wrote {}: a two-node skeleton adapted from document {} that already checks and plays.",
        path.display(),
        source.number()
    );
    outln!(
        "Replace every 【…】 / […] with the case's words ({placeholders} lines hold them; `goodwill check` lists those left), then run:"
    );
    outln!("  goodwill check {}", path.display());
    outln!("  goodwill play --text {} --choices 1,1", path.display());
    Ok(if loaded.is_ok() { 0 } else { 1 })
}
