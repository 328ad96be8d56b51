//! The corpus bundled in the binary, for workspaces without one of their own.
//!
//! Contract: [`bundled_corpus_dir`] writes the bundled statements to
//! `$XDG_CACHE_HOME/dragoman/bundled-corpus/` (or `~/.cache/dragoman/bundled-corpus/`,
//! falling back to the temporary folder), rewriting a file only when its content differs,
//! and returns the folder, so that locations in the corpus point to real files.

use std::io;
use std::path::{Path, PathBuf};

/// The bundled statements: file name and text.
pub const STATEMENTS: &[(&str, &str)] = &[
    ("000_d4ea41a10ebcdbe5.txt", include_str!("../../seeds/000_d4ea41a10ebcdbe5.txt")),
    ("004_5167a4cbcf6c02b8.txt", include_str!("../../seeds/004_5167a4cbcf6c02b8.txt")),
];

fn cache_base() -> Option<PathBuf> {
    if let Some(x) = std::env::var_os("XDG_CACHE_HOME").map(PathBuf::from).filter(|p| p.is_absolute()) {
        return Some(x);
    }
    std::env::var_os("HOME").map(PathBuf::from).filter(|p| p.is_absolute()).map(|h| h.join(".cache"))
}

/// Write the bundled statements under `dir` (created if needed), leaving files that
/// already hold the right text alone.
pub fn write_to(dir: &Path) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for (name, text) in STATEMENTS {
        let path = dir.join(name);
        if std::fs::read(&path).is_ok_and(|b| b == text.as_bytes()) {
            continue;
        }
        // Write beside and rename, so a concurrent reader never sees half a file.
        let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
        std::fs::write(&tmp, text)?;
        std::fs::rename(&tmp, &path)?;
    }
    Ok(())
}

/// The folder holding the bundled corpus, written out on first use.
pub fn bundled_corpus_dir() -> io::Result<PathBuf> {
    let mut last_err = None;
    let candidates = cache_base()
        .map(|b| b.join("dragoman").join("bundled-corpus"))
        .into_iter()
        .chain(std::iter::once(std::env::temp_dir().join("dragoman").join("bundled-corpus")));
    for dir in candidates {
        match write_to(&dir) {
            Ok(()) => return Ok(dir),
            Err(e) => last_err = Some(e),
        }
    }
    Err(last_err.unwrap_or_else(|| io::Error::other("no cache folder")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_once_and_keeps_identical_files() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("b");
        write_to(&target).unwrap();
        let first = std::fs::metadata(target.join(STATEMENTS[0].0)).unwrap().modified().unwrap();
        write_to(&target).unwrap();
        assert_eq!(std::fs::metadata(target.join(STATEMENTS[0].0)).unwrap().modified().unwrap(), first);
        assert_eq!(std::fs::read_to_string(target.join(STATEMENTS[1].0)).unwrap(), STATEMENTS[1].1);
        assert_eq!(std::fs::read_dir(&target).unwrap().count(), STATEMENTS.len());
    }
}
