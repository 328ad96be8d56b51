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

/// One entry of a walk: a file to read, or a path that could not be walked.
#[derive(Debug)]
pub enum Walked {
    File(PathBuf),
    Error(PathBuf, String),
}

/// The `.txt` and `.md` files under `root` (or `root` itself when it is a file, whatever
/// its extension), honouring `.gitignore`, in a stable order. Symbolic-link loops and
/// unreadable folders come back as errors; the walk goes on.
pub fn walk(root: &Path) -> Vec<Walked> {
    if !root.exists() && root.symlink_metadata().is_err() {
        return vec![Walked::Error(root.to_path_buf(), ReadError::NotFound.to_string())];
    }
    if root.is_file() {
        return vec![Walked::File(root.to_path_buf())];
    }
    let mut out = Vec::new();
    let walker = ignore::WalkBuilder::new(root).follow_links(true).hidden(true).sort_by_file_name(|a, b| a.cmp(b)).build();
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_some_and(|t| t.is_file()) && is_text_file(e.path()) => out.push(Walked::File(e.into_path())),
            Ok(_) => {}
            Err(err) => {
                let path = match &err {
                    ignore::Error::WithPath { path, .. } => path.clone(),
                    _ => root.to_path_buf(),
                };
                out.push(Walked::Error(path, err.to_string()));
            }
        }
    }
    out
}
