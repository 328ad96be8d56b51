//! The corpus: a folder tree of past statements, one per `.txt` or `.md` file.
//!
//! This module knows how to find the corpus ([`default_roots`], the [bundled](bundled)
//! statements), how to read one statement with its metadata ([`read_statement`],
//! [`parse_statement`]), and how to turn a JSON-lines corpus into a folder tree
//! ([`import`]). Indexing what the statements cite is [`crate::index`]'s job.

pub mod bundled;
pub mod import;
mod statement;

use std::path::{Path, PathBuf};

pub use crate::files::{walk, WalkError};
pub use bundled::bundled_corpus_dir;
pub use statement::{parse_statement, Statement};

/// Corpus files larger than this are skipped (the longest General Debate statement is
/// about 0.2 MB).
pub const MAX_STATEMENT_BYTES: u64 = 8 * 1024 * 1024;

/// Read one corpus file as text, or say why it is skipped: missing, unreadable, larger
/// than [`MAX_STATEMENT_BYTES`], empty, binary, or not UTF-8.
pub fn read_statement(path: &Path) -> Result<String, String> {
    let meta = std::fs::metadata(path).map_err(|e| crate::files::ReadError::Io(e).to_string())?;
    if !meta.is_file() {
        return Err("not a regular file".into());
    }
    if meta.len() > MAX_STATEMENT_BYTES {
        return Err(format!("too large for a statement ({} bytes; the limit is {MAX_STATEMENT_BYTES})", meta.len()));
    }
    let bytes = std::fs::read(path).map_err(|e| crate::files::ReadError::Io(e).to_string())?;
    let text = crate::files::decode(bytes).map_err(|e| e.to_string())?;
    if text.trim().is_empty() {
        return Err("empty file".into());
    }
    Ok(text)
}

/// The corpus folders to use when none are configured: `<workspace>/seeds` when it is a
/// folder, else the bundled corpus written out to the cache (empty if even that fails).
pub fn default_roots(workspace: Option<&Path>) -> Vec<PathBuf> {
    if let Some(seeds) = workspace.map(|w| w.join("seeds")).filter(|s| s.is_dir()) {
        return vec![seeds];
    }
    match bundled_corpus_dir() {
        Ok(dir) => vec![dir],
        Err(_) => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_roots_prefer_the_workspace_seeds_then_the_bundled_corpus() {
        let ws = tempfile::tempdir().unwrap();
        // No seeds/: the bundled statements, written out as real files.
        let roots = default_roots(Some(ws.path()));
        assert_eq!(roots.len(), 1);
        for (name, text) in bundled::STATEMENTS {
            assert_eq!(std::fs::read_to_string(roots[0].join(name)).unwrap(), *text);
        }
        std::fs::create_dir(ws.path().join("seeds")).unwrap();
        assert_eq!(default_roots(Some(ws.path())), vec![ws.path().join("seeds")]);
    }

    #[test]
    fn read_statement_says_why() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        std::fs::write(&p, "Mr. A (B): text").unwrap();
        assert_eq!(read_statement(&p).unwrap(), "Mr. A (B): text");
        std::fs::write(&p, "\u{feff}x").unwrap();
        assert_eq!(read_statement(&p).unwrap(), "x");
        std::fs::write(&p, b"a\xc3(").unwrap();
        assert!(read_statement(&p).unwrap_err().contains("UTF-8"));
        assert!(read_statement(dir.path()).unwrap_err().contains("not a regular file"));
        assert!(read_statement(&dir.path().join("none.txt")).is_err());
    }
}
