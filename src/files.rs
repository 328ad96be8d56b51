//! Reading drafts and corpus files from disk, with the clear errors bad input deserves.

use std::path::{Path, PathBuf};

/// Files larger than this are not read (a draft or a statement is far smaller).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Why a file could not be read as text.
#[derive(Debug)]
pub enum ReadError {
    NotFound,
    Io(std::io::Error),
    TooLarge(u64),
    Binary,
    /// Not UTF-8: the byte offset of the first bad sequence.
    InvalidUtf8 {
        offset: usize,
    },
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::NotFound => write!(f, "no such file or folder"),
            ReadError::Io(e) => write!(f, "cannot read: {e}"),
            ReadError::TooLarge(n) => write!(f, "too large to check ({n} bytes; the limit is {MAX_FILE_BYTES})"),
            ReadError::Binary => write!(f, "binary file, not text: skipped"),
            ReadError::InvalidUtf8 { offset } => write!(f, "not valid UTF-8 (first bad byte at offset {offset}): save it as UTF-8"),
        }
    }
}

/// Whether bytes look like a binary file, not text: a NUL in the first 8 KiB. The one test
/// both `dragoman check` (which skips such a file) and the language server (which does not
/// lint such a document) apply, so they agree on the same bytes.
pub fn looks_binary(head: &[u8]) -> bool {
    memchr::memchr(0, &head[..head.len().min(BINARY_SNIFF)]).is_some()
}

/// How many leading bytes [`looks_binary`] looks at.
pub const BINARY_SNIFF: usize = 8192;

/// Read a draft at `path` as UTF-8 text, a byte-order mark kept (the checker ignores it and
/// counts it in positions, as the server does for an editor's text that holds one).
pub fn read_draft(path: &Path) -> Result<String, ReadError> {
    let bytes = read_bytes(path)?;
    if looks_binary(&bytes) {
        return Err(ReadError::Binary);
    }
    String::from_utf8(bytes).map_err(|e| ReadError::InvalidUtf8 { offset: e.utf8_error().valid_up_to() })
}

fn read_bytes(path: &Path) -> Result<Vec<u8>, ReadError> {
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => ReadError::NotFound,
        _ => ReadError::Io(e),
    })?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge(meta.len()));
    }
    std::fs::read(path).map_err(ReadError::Io)
}

/// Write `text` over the file at `path` (a fixed draft), keeping a byte-order mark if the
/// file on disk starts with one and `text` does not hold it already ([`read_draft`] keeps it). The file is written in place, so
/// its permissions, owner and links stay as they are.
pub fn write_text_like(path: &Path, text: &str) -> std::io::Result<()> {
    let mut head = [0u8; 3];
    let bom = {
        use std::io::Read;
        let mut f = std::fs::File::open(path)?;
        f.read(&mut head)? == 3 && head == [0xef, 0xbb, 0xbf]
    };
    if bom && !text.starts_with('\u{feff}') {
        let mut bytes = Vec::with_capacity(text.len() + 3);
        bytes.extend_from_slice(&head);
        bytes.extend_from_slice(text.as_bytes());
        std::fs::write(path, bytes)
    } else {
        std::fs::write(path, text)
    }
}

/// Decode bytes as a corpus file: a byte-order mark is dropped (editors drop it when they
/// open the file, and corpus locations are positions in what the editor shows).
pub fn decode(bytes: Vec<u8>) -> Result<String, ReadError> {
    if looks_binary(&bytes) {
        return Err(ReadError::Binary);
    }
    let mut text = String::from_utf8(bytes).map_err(|e| ReadError::InvalidUtf8 { offset: e.utf8_error().valid_up_to() })?;
    if text.starts_with('\u{feff}') {
        text.drain(..3);
    }
    Ok(text)
}

/// Bidirectional controls (U+202A–U+202E embeddings and overrides, U+2066–U+2069 isolates,
/// U+200E/U+200F/U+061C marks): in text from the corpus shown to the user (hover), they
/// could reorder what the user reads ("Trojan Source"), so they are removed.
pub fn strip_bidi(s: &str) -> std::borrow::Cow<'_, str> {
    let is_bidi = |c: char| matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}');
    if s.contains(is_bidi) {
        std::borrow::Cow::Owned(s.chars().filter(|&c| !is_bidi(c)).collect())
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// Whether a file name is a draft or statement Dragoman reads when walking a folder.
pub fn is_text_file(path: &Path) -> bool {
    matches!(path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref(), Some("txt" | "md" | "markdown"))
}

/// Walking a draft folder or a corpus root. Contract: [`walk`] returns every `.txt`, `.md`
/// and `.markdown` file under `root` (or `root` itself when it is a file, whatever its
/// extension), honouring `.gitignore`, skipping hidden files, following symbolic links, in
/// file-name order; and, separately, every path the walk could not enter, each with a reason
/// that says what is wrong with it (a symbolic-link loop is reported at the link, a broken
/// link at the link).
/// A path the walk could not use, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkError {
    pub path: PathBuf,
    pub reason: String,
}

/// How deep [`walk`] goes below its root, and how many entries (files and folders) it looks at: a corpus or
/// draft folder is far smaller; `/` is not (indexing it ran for minutes). What is left out
/// is reported as a [`WalkError`].
pub const MAX_WALK_DEPTH: usize = 32;
pub const MAX_WALK_ENTRIES: usize = 500_000;

/// The statement files under `root` and the paths that could not be walked.
pub fn walk(root: &Path) -> (Vec<PathBuf>, Vec<WalkError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    match std::fs::metadata(root) {
        Err(e) => {
            let reason = if root.symlink_metadata().is_ok() { format!("broken symbolic link ({e})") } else { "no such file or folder".to_string() };
            errors.push(WalkError { path: root.to_path_buf(), reason });
            return (files, errors);
        }
        Ok(m) if m.is_file() => {
            files.push(root.to_path_buf());
            return (files, errors);
        }
        Ok(m) if !m.is_dir() => {
            // `/dev/zero`, `/dev/null`, a FIFO, a socket: reading it would never end or
            // read nothing; given explicitly, that is an error, not "0 files checked".
            errors.push(WalkError { path: root.to_path_buf(), reason: "not a regular file or folder (a device, FIFO or socket): not read".into() });
            return (files, errors);
        }
        Ok(_) => {}
    }
    // A symbolic link to a folder holding the root (`/proc/self/root` is `/`) is a loop the
    // walker does not see (the folder is not one it walked through): not followed.
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let left_out = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let walker = ignore::WalkBuilder::new(root)
        .follow_links(true)
        .hidden(true)
        .max_depth(Some(MAX_WALK_DEPTH))
        .sort_by_file_name(|a, b| a.cmp(b))
        .filter_entry({
            let left_out = left_out.clone();
            move |e| {
                if e.path_is_symlink() && e.file_type().is_some_and(|t| t.is_dir()) {
                    if let Ok(target) = e.path().canonicalize() {
                        if canonical_root.starts_with(&target) {
                            let reason = format!("symbolic link loop: it leads back to {}, which holds the folder walked; not followed", target.display());
                            left_out.lock().unwrap_or_else(|p| p.into_inner()).push(WalkError { path: e.path().to_path_buf(), reason });
                            return false;
                        }
                    }
                }
                true
            }
        })
        .build();
    let mut seen = 0usize;
    for entry in walker {
        match entry {
            Ok(e) => {
                seen += 1;
                if seen > MAX_WALK_ENTRIES {
                    errors.push(WalkError {
                        path: root.to_path_buf(),
                        reason: format!("more than {MAX_WALK_ENTRIES} files and folders: the walk stopped there, the rest is left out"),
                    });
                    break;
                }
                if e.depth() == MAX_WALK_DEPTH && e.file_type().is_some_and(|t| t.is_dir()) {
                    left_out
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .push(WalkError { path: e.path().to_path_buf(), reason: format!("more than {MAX_WALK_DEPTH} folders deep: not walked") });
                }
                if e.file_type().is_some_and(|t| t.is_file()) && is_text_file(e.path()) {
                    files.push(e.into_path());
                }
            }
            Err(err) => errors.push(describe(&err, root)),
        }
    }
    errors.extend(std::mem::take(&mut *left_out.lock().unwrap_or_else(|p| p.into_inner())));
    (files, errors)
}

fn describe(err: &ignore::Error, root: &Path) -> WalkError {
    match err {
        ignore::Error::WithPath { path, err } => {
            let mut e = describe(err, path);
            if let ignore::Error::Io(io) = &**err {
                if io.kind() == std::io::ErrorKind::NotFound && path.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink()) {
                    e.reason = "broken symbolic link: its target does not exist".to_string();
                }
            }
            e
        }
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => describe(err, root),
        ignore::Error::Loop { ancestor, child } => {
            WalkError { path: child.clone(), reason: format!("symbolic link loop: it leads back to {}; not followed", ancestor.display()) }
        }
        ignore::Error::Io(io) => WalkError { path: root.to_path_buf(), reason: format!("cannot read: {io}") },
        other => WalkError { path: root.to_path_buf(), reason: other.to_string() },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_loops_and_broken_links() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("a/b")).unwrap();
        std::fs::write(root.join("a/b/x.txt"), "x").unwrap();
        std::fs::write(root.join("a/y.md"), "y").unwrap();
        std::fs::write(root.join("a/z.pdf"), "z").unwrap();
        std::fs::write(root.join(".hidden.txt"), "h").unwrap();
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(root.join("a"), root.join("a/b/up")).unwrap();
            std::os::unix::fs::symlink(root.join("gone"), root.join("a/broken.txt")).unwrap();
        }
        let (mut files, errors) = walk(root);
        files.sort();
        assert_eq!(files, vec![root.join("a/b/x.txt"), root.join("a/y.md")]);
        #[cfg(unix)]
        {
            assert_eq!(errors.len(), 2, "{errors:?}");
            assert!(errors.iter().any(|e| e.path == root.join("a/b/up") && e.reason.contains("loop")), "{errors:?}");
            assert!(errors.iter().any(|e| e.path == root.join("a/broken.txt") && e.reason.contains("broken")), "{errors:?}");
        }
        assert_eq!(walk(&root.join("a/z.pdf")).0, vec![root.join("a/z.pdf")]);
        assert_eq!(walk(&root.join("nope")).1[0].reason, "no such file or folder");
    }
}
