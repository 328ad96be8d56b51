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

/// Read `path` as UTF-8 text. A byte-order mark is dropped.
pub fn read_text(path: &Path) -> Result<String, ReadError> {
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => ReadError::NotFound,
        _ => ReadError::Io(e),
    })?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge(meta.len()));
    }
    let bytes = std::fs::read(path).map_err(ReadError::Io)?;
    decode(bytes)
}

/// Write `text` over the file at `path` (a fixed draft), keeping a byte-order mark if the
/// file on disk starts with one ([`read_text`] drops it). The file is written in place, so
/// its permissions, owner and links stay as they are.
pub fn write_text_like(path: &Path, text: &str) -> std::io::Result<()> {
    let mut head = [0u8; 3];
    let bom = {
        use std::io::Read;
        let mut f = std::fs::File::open(path)?;
        f.read(&mut head)? == 3 && head == [0xef, 0xbb, 0xbf]
    };
    if bom {
        let mut bytes = Vec::with_capacity(text.len() + 3);
        bytes.extend_from_slice(&head);
        bytes.extend_from_slice(text.as_bytes());
        std::fs::write(path, bytes)
    } else {
        std::fs::write(path, text)
    }
}

/// Decode bytes as a text file.
pub fn decode(bytes: Vec<u8>) -> Result<String, ReadError> {
    let head = &bytes[..bytes.len().min(8192)];
    if memchr::memchr(0, head).is_some() {
        return Err(ReadError::Binary);
    }
    let mut text = String::from_utf8(bytes).map_err(|e| ReadError::InvalidUtf8 { offset: e.utf8_error().valid_up_to() })?;
    if text.starts_with('\u{feff}') {
        text.drain(..3);
    }
    Ok(text)
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
        Ok(_) => {}
    }
    let walker = ignore::WalkBuilder::new(root).follow_links(true).hidden(true).sort_by_file_name(|a, b| a.cmp(b)).build();
    for entry in walker {
        match entry {
            Ok(e) => {
                if e.file_type().is_some_and(|t| t.is_file()) && is_text_file(e.path()) {
                    files.push(e.into_path());
                }
            }
            Err(err) => errors.push(describe(&err, root)),
        }
    }
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
