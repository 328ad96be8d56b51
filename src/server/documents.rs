//! The open documents: one rope per document, edited incrementally.
//!
//! Contract: every method runs synchronously and holds the lock only for the edit, so the
//! language server applies content changes in the order the client sent them, before it
//! awaits anything. A change is applied all or nothing: if any change event of a
//! notification is out of range (or the version does not move forward, or the document is
//! not open) the document keeps its previous text and version and an error is returned.
//!
//! Identity: a version number is the client's and is no identity across close and reopen
//! (or a second `didOpen`, or a save with text). Every state of a document's text gets a
//! [`Document::revision`] unique in the server's life; anything computed from a document
//! (analysis, caches) is keyed and checked by revision, never by version.

use std::collections::HashMap;
use std::sync::Mutex;

use ropey::Rope;
use tower_lsp_server::ls_types::{Position, Range, TextDocumentContentChangeEvent, Uri};

use crate::position::{rope, Encoding, LineCol, PositionError};

/// One open document.
#[derive(Debug, Clone)]
pub struct Document {
    pub rope: Rope,
    pub version: i32,
    /// Unique per text state for the server's life (see the module's contract).
    pub revision: u64,
    pub language: String,
    /// Byte offset just after the text of the last edit: where the user is typing. `None`
    /// after open and after save.
    pub caret: Option<usize>,
}

/// A cheap copy of a document's state (a rope clone shares its nodes).
pub type Snapshot = Document;

/// Why a change was not applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeError {
    NotOpen,
    StaleVersion {
        current: i32,
        got: i32,
    },
    Position(PositionError),
    /// A range whose end precedes its start.
    InvertedRange,
}

impl std::fmt::Display for ChangeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ChangeError::NotOpen => write!(f, "the document is not open"),
            ChangeError::StaleVersion { current, got } => write!(f, "version {got} is not newer than the current version {current}"),
            ChangeError::Position(e) => write!(f, "{e}"),
            ChangeError::InvertedRange => write!(f, "a range ends before it starts"),
        }
    }
}

impl std::error::Error for ChangeError {}

/// Convert an LSP position to a byte offset in `rope`.
pub fn offset_of(rope: &Rope, pos: Position, enc: Encoding) -> Result<usize, PositionError> {
    rope::offset(rope, LineCol { line: pos.line, col: pos.character }, enc)
}

/// Convert a byte offset in `rope` to an LSP position.
pub fn position_of(rope: &Rope, offset: usize, enc: Encoding) -> Position {
    let lc = rope::line_col(rope, offset, enc);
    Position { line: lc.line, character: lc.col }
}

/// Convert a byte range in `rope` to an LSP range.
pub fn range_of(rope: &Rope, span: &std::ops::Range<usize>, enc: Encoding) -> Range {
    Range { start: position_of(rope, span.start, enc), end: position_of(rope, span.end, enc) }
}

/// Apply the change events of one notification to `rope`, in order. Returns the byte
/// offset just after the last change's new text.
pub fn apply_changes(rope: &mut Rope, changes: &[TextDocumentContentChangeEvent], enc: Encoding) -> Result<Option<usize>, ChangeError> {
    let mut caret = None;
    for change in changes {
        match change.range {
            None => {
                *rope = Rope::from_str(&change.text);
                caret = None;
            }
            Some(range) => {
                let start = offset_of(rope, range.start, enc).map_err(ChangeError::Position)?;
                let end = offset_of(rope, range.end, enc).map_err(ChangeError::Position)?;
                if end < start {
                    return Err(ChangeError::InvertedRange);
                }
                rope::replace(rope, start, end, &change.text);
                caret = Some(start + change.text.len());
            }
        }
    }
    Ok(caret)
}

/// The open documents.
#[derive(Debug, Default)]
pub struct Documents {
    map: Mutex<HashMap<Uri, Document>>,
    revisions: std::sync::atomic::AtomicU64,
}

impl Documents {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Uri, Document>> {
        // A panic elsewhere while holding the lock cannot leave a half-edited document
        // (edits are made on a copy and swapped in), so a poisoned lock is still usable.
        self.map.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn next_revision(&self) -> u64 {
        self.revisions.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1
    }

    /// Open (or reopen) a document.
    pub fn open(&self, uri: Uri, language: String, version: i32, text: &str) -> Snapshot {
        let doc = Document { rope: Rope::from_str(text), version, revision: self.next_revision(), language, caret: None };
        self.lock().insert(uri, doc.clone());
        doc
    }

    /// Apply a `didChange`: all changes or none. The version must increase.
    pub fn change(&self, uri: &Uri, version: i32, changes: &[TextDocumentContentChangeEvent], enc: Encoding) -> Result<Snapshot, ChangeError> {
        let mut map = self.lock();
        let doc = map.get_mut(uri).ok_or(ChangeError::NotOpen)?;
        if version <= doc.version {
            return Err(ChangeError::StaleVersion { current: doc.version, got: version });
        }
        let mut rope = doc.rope.clone();
        let caret =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| apply_changes(&mut rope, changes, enc))).unwrap_or(Err(ChangeError::InvertedRange))?;
        doc.rope = rope;
        doc.version = version;
        doc.revision = self.next_revision();
        doc.caret = caret;
        Ok(doc.clone())
    }

    /// Record a save: the caret is forgotten (everything is reported). With `text`, the
    /// client's saved text replaces the document's (it should be the same).
    pub fn saved(&self, uri: &Uri, text: Option<&str>) -> Option<Snapshot> {
        let revision = self.next_revision();
        let mut map = self.lock();
        let doc = map.get_mut(uri)?;
        doc.revision = revision;
        if let Some(t) = text {
            if doc.rope != t {
                doc.rope = Rope::from_str(t);
            }
        }
        doc.caret = None;
        Some(doc.clone())
    }

    /// Close a document. Returns whether it was open.
    pub fn close(&self, uri: &Uri) -> bool {
        self.lock().remove(uri).is_some()
    }

    pub fn get(&self, uri: &Uri) -> Option<Snapshot> {
        self.lock().get(uri).cloned()
    }

    /// The current version of `uri`, `None` when closed.
    pub fn version(&self, uri: &Uri) -> Option<i32> {
        self.lock().get(uri).map(|d| d.version)
    }

    /// The current revision of `uri`, `None` when closed.
    pub fn revision(&self, uri: &Uri) -> Option<u64> {
        self.lock().get(uri).map(|d| d.revision)
    }

    /// Every open document.
    pub fn all(&self) -> Vec<(Uri, Snapshot)> {
        self.lock().iter().map(|(u, d)| (u.clone(), d.clone())).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn change(l0: u32, c0: u32, l1: u32, c1: u32, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(Range { start: Position { line: l0, character: c0 }, end: Position { line: l1, character: c1 } }),
            range_length: None,
            text: text.into(),
        }
    }

    #[test]
    fn applies_in_order_and_rejects_whole_notifications() {
        let docs = Documents::default();
        let uri = Uri::from_str("file:///d.txt").unwrap();
        docs.open(uri.clone(), "plaintext".into(), 1, "a𝄞b\r\nline two");
        // UTF-16: 𝄞 is two units, so column 3 is before `b`.
        let d = docs.change(&uri, 2, &[change(0, 3, 0, 4, "B"), change(1, 0, 1, 4, "LINE")], Encoding::Utf16).unwrap();
        assert_eq!(d.rope.to_string(), "a𝄞B\r\nLINE two");
        assert_eq!(d.caret, Some("a𝄞B\r\nLINE".len()));
        // A bad second change leaves the first unapplied too.
        let err = docs.change(&uri, 3, &[change(0, 0, 0, 1, "x"), change(9, 0, 9, 0, "y")], Encoding::Utf16).unwrap_err();
        assert!(matches!(err, ChangeError::Position(_)));
        assert_eq!(docs.get(&uri).unwrap().rope.to_string(), "a𝄞B\r\nLINE two");
        assert_eq!(docs.get(&uri).unwrap().version, 2);
        assert_eq!(docs.change(&uri, 2, &[change(0, 0, 0, 0, "z")], Encoding::Utf16).unwrap_err(), ChangeError::StaleVersion { current: 2, got: 2 });
        assert_eq!(docs.change(&uri, 4, &[change(0, 4, 0, 1, "z")], Encoding::Utf16).unwrap_err(), ChangeError::InvertedRange);
        assert!(docs.close(&uri));
        assert_eq!(docs.change(&uri, 5, &[], Encoding::Utf16).unwrap_err(), ChangeError::NotOpen);
    }

    #[test]
    fn every_text_state_has_its_own_revision() {
        let docs = Documents::default();
        let uri = Uri::from_str("file:///d.txt").unwrap();
        let a = docs.open(uri.clone(), "plaintext".into(), 1, "one").revision;
        let b = docs.open(uri.clone(), "plaintext".into(), 1, "two").revision;
        docs.close(&uri);
        let c = docs.open(uri.clone(), "plaintext".into(), 1, "three").revision;
        let d = docs.saved(&uri, Some("four")).unwrap().revision;
        let e = docs.change(&uri, 2, &[change(0, 0, 0, 0, "x")], Encoding::Utf16).unwrap().revision;
        let all = [a, b, c, d, e];
        assert!(all.windows(2).all(|w| w[0] < w[1]), "{all:?}");
        assert_eq!(docs.revision(&uri), Some(e));
    }
}
