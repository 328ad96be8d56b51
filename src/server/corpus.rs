//! The server's corpus: the crate's [`CorpusIndex`] (built with the bundled gazetteer)
//! behind a lock, and the translation of its mentions into LSP locations. No corpus logic
//! lives here: indexing, facts and search are the index's, hover is [`crate::analysis`]'s.
//!
//! Positions: the index stores each mention's line and UTF-16 column. For a client that
//! negotiated UTF-8 or UTF-32, a column is converted with the text of its line. Most lines of
//! a statement are ASCII, where every encoding counts alike, so per statement only the lines
//! holding a non-ASCII character are kept ([`Wide`]), read from disk the first time a
//! location in that statement is asked for and cached (a few bytes a statement).
//!
//! Answers that depend only on the corpus (facts, definition locations) are
//! memoized until the corpus changes, so a repeated hover or definition costs a lookup.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock, RwLockReadGuard, RwLockWriteGuard};

use tower_lsp_server::ls_types::{Location, Position, Range, Uri};

use crate::corpus::read_statement;
use crate::gazetteer::Gazetteer;
use crate::hover::CorpusFacts;
use crate::index::{CorpusIndex, FileId, Mention, Skipped};
use crate::position::{Encoding, LineIndex};

/// The lines of one statement that hold a non-ASCII character: (line, text), by line.
#[derive(Debug, Default)]
struct Wide(Vec<(u32, Box<str>)>);

impl Wide {
    fn read(path: &Path) -> Wide {
        let Ok(text) = read_statement(path) else {
            return Wide::default();
        };
        if text.is_ascii() {
            return Wide::default();
        }
        let index = LineIndex::new(&text);
        let mut out = Vec::new();
        for line in 0..index.line_count() {
            let start = index.line_start(line).unwrap_or(text.len());
            let end = index.line_start(line + 1).unwrap_or(text.len());
            let s = text[start..end].trim_end_matches(['\n', '\r']);
            if !s.is_ascii() {
                out.push((line, s.into()));
            }
        }
        Wide(out)
    }

    /// The column in `enc` of UTF-16 column `col` on `line`.
    fn convert(&self, line: u32, col: u32, enc: Encoding) -> u32 {
        let Ok(i) = self.0.binary_search_by_key(&line, |(l, _)| *l) else {
            return col;
        };
        let mut units = 0;
        let mut out = 0;
        for c in self.0[i].1.chars() {
            if units >= col {
                break;
            }
            units += c.len_utf16() as u32;
            out += enc.width(c);
        }
        out
    }
}

/// What the server derives from one indexed file: its URI, and its non-ASCII lines (read
/// when first needed).
#[derive(Debug, Default)]
struct FileInfo {
    uri: Option<Uri>,
    wide: Option<Arc<Wide>>,
}

/// Answers that depend only on the corpus, kept until the corpus changes: hover facts,
/// definition locations (per encoding).
#[derive(Debug, Default)]
struct Memo {
    facts: HashMap<String, CorpusFacts>,
    definitions: HashMap<(String, u8), Arc<Vec<Location>>>,
}

/// Most answers of each kind kept in [`Memo`] (it starts over when full).
const MEMO_MAX: usize = 4096;

fn memo_insert<K: std::hash::Hash + Eq, V>(map: &mut HashMap<K, V>, k: K, v: V) {
    if map.len() >= MEMO_MAX {
        map.clear();
    }
    map.insert(k, v);
}

fn enc_index(enc: Encoding) -> u8 {
    match enc {
        Encoding::Utf8 => 0,
        Encoding::Utf16 => 1,
        Encoding::Utf32 => 2,
    }
}

/// The corpus the server answers from.
///
/// Locking: readers hold [`Corpus::read`] while they compute and while they fill the memo;
/// writers clear the memo and the per-file data while they hold the write lock, so a memo
/// entry never outlives the corpus it was computed from.
#[derive(Debug)]
pub struct Corpus {
    index: RwLock<CorpusIndex>,
    /// The folders it was built from.
    roots: Vec<PathBuf>,
    files: Mutex<HashMap<FileId, FileInfo>>,
    memo: Mutex<Memo>,
    /// Bumped (under the `files` lock) whenever a file changes, so that [`Corpus::prewarm`]
    /// never stores what it read before the change.
    generation: std::sync::atomic::AtomicU64,
}

impl Corpus {
    /// A corpus of no statements (the gazetteer and the catalogue are still searchable).
    pub fn empty() -> Corpus {
        Corpus::from_index(CorpusIndex::empty(Gazetteer::bundled()), Vec::new())
    }

    fn from_index(index: CorpusIndex, roots: Vec<PathBuf>) -> Corpus {
        Corpus {
            index: RwLock::new(index),
            roots,
            files: Mutex::new(HashMap::new()),
            memo: Mutex::new(Memo::default()),
            generation: std::sync::atomic::AtomicU64::new(0),
        }
    }

    /// Index every statement under `roots`; `progress(done, total)` is called from the
    /// worker threads. Returns the files skipped, and why.
    pub fn build(roots: &[PathBuf], progress: &(dyn Fn(usize, usize) + Sync)) -> (Corpus, Vec<Skipped>) {
        let (index, skipped) = CorpusIndex::build_with_progress(roots, Gazetteer::bundled(), progress);
        (Corpus::from_index(index, roots.to_vec()), skipped)
    }

    /// The index, for reading. Hold the guard only for the length of one request.
    pub fn read(&self) -> RwLockReadGuard<'_, CorpusIndex> {
        self.index.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> RwLockWriteGuard<'_, CorpusIndex> {
        self.index.write().unwrap_or_else(|e| e.into_inner())
    }

    pub fn roots(&self) -> &[PathBuf] {
        &self.roots
    }

    /// Number of statements indexed.
    pub fn statements(&self) -> usize {
        self.read().len()
    }

    /// Re-read one statement (added or changed on disk). An unreadable file is taken out
    /// of the index and the reason returned.
    pub fn update_file(&self, path: &Path) -> Result<(), Skipped> {
        let mut index = self.write();
        let old = index.file_id(path);
        let r = index.update_file(path);
        self.forget(old.into_iter().chain(r.as_ref().ok().copied()));
        r.map(|_| ())
    }

    /// Forget one statement.
    pub fn remove_file(&self, path: &Path) {
        let mut index = self.write();
        let old = index.file_id(path);
        index.remove_file(path);
        self.forget(old);
    }

    /// Drop what was derived from `files`, and every memoized answer (call with the write
    /// lock held).
    fn forget(&self, files: impl IntoIterator<Item = FileId>) {
        let mut map = self.files.lock().unwrap_or_else(|e| e.into_inner());
        self.generation.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        for id in files {
            map.remove(&id);
        }
        *self.memo.lock().unwrap_or_else(|e| e.into_inner()) = Memo::default();
    }

    fn memo(&self) -> std::sync::MutexGuard<'_, Memo> {
        self.memo.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// What the corpus knows about a citation's `key` ([`CorpusIndex::facts`], memoized).
    pub fn facts(&self, index: &CorpusIndex, key: &str) -> CorpusFacts {
        if let Some(f) = self.memo().facts.get(key) {
            return f.clone();
        }
        let f = index.facts(key);
        memo_insert(&mut self.memo().facts, key.to_string(), f.clone());
        f
    }

    /// One location per statement mentioning `key` ([`crate::analysis::definition::of_key`]),
    /// memoized per encoding.
    pub fn definitions(&self, index: &CorpusIndex, key: &str, enc: Encoding) -> Arc<Vec<Location>> {
        let k = (key.to_string(), enc_index(enc));
        if let Some(d) = self.memo().definitions.get(&k) {
            return d.clone();
        }
        let targets = crate::analysis::definition::of_key(&crate::analysis::Knowledge::new(index), key);
        let d: Arc<Vec<Location>> = Arc::new(super::proto::locations(&targets, self, index, &[], enc));
        memo_insert(&mut self.memo().definitions, k, d.clone());
        d
    }

    /// For a client that counts columns in UTF-8 or UTF-32: read the non-ASCII lines of
    /// every statement now (in the background, after indexing), so that the first
    /// definition or references answer does not read hundreds of files. The index is locked
    /// only to list the files.
    pub fn prewarm(&self) {
        use std::sync::atomic::Ordering;
        let files: Vec<(FileId, PathBuf)> = {
            let index = self.read();
            index.files().map(|f| (f, index.path(f).to_path_buf())).collect()
        };
        for (id, path) in files {
            let generation = self.generation.load(Ordering::SeqCst);
            if self.files.lock().unwrap_or_else(|e| e.into_inner()).get(&id).is_some_and(|i| i.wide.is_some()) {
                continue;
            }
            let w = Arc::new(Wide::read(&path));
            let mut map = self.files.lock().unwrap_or_else(|e| e.into_inner());
            if self.generation.load(Ordering::SeqCst) == generation {
                map.entry(id).or_default().wide = Some(w);
            }
        }
    }

    fn uri(&self, index: &CorpusIndex, file: FileId) -> Option<Uri> {
        let mut map = self.files.lock().unwrap_or_else(|e| e.into_inner());
        let info = map.entry(file).or_default();
        if info.uri.is_none() {
            info.uri = Uri::from_file_path(index.path(file));
        }
        info.uri.clone()
    }

    fn wide(&self, index: &CorpusIndex, file: FileId) -> Arc<Wide> {
        if let Some(w) = self.files.lock().unwrap_or_else(|e| e.into_inner()).get(&file).and_then(|i| i.wide.clone()) {
            return w;
        }
        // Read outside the lock.
        let w = Arc::new(Wide::read(index.path(file)));
        self.files.lock().unwrap_or_else(|e| e.into_inner()).entry(file).or_default().wide = Some(w.clone());
        w
    }

    /// A mention as an LSP location in `enc` (`index` is this corpus's, already locked).
    pub fn location(&self, index: &CorpusIndex, m: &Mention, enc: Encoding) -> Option<Location> {
        let uri = self.uri(index, m.file)?;
        let (mut a, mut b) = (m.utf16_col, m.end_utf16_col);
        if enc != Encoding::Utf16 {
            let wide = self.wide(index, m.file);
            a = wide.convert(m.line, a, enc);
            b = wide.convert(m.end_line, b, enc);
        }
        Some(Location { uri, range: Range { start: Position { line: m.line, character: a }, end: Position { line: m.end_line, character: b } } })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seeds() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds")
    }

    #[test]
    fn indexes_the_seeds_and_locates_mentions() {
        let (c, skipped) = Corpus::build(&[seeds()], &|_, _| {});
        assert!(skipped.is_empty(), "{skipped:?}");
        assert_eq!(c.statements(), 2);
        let index = c.read();
        let (_, m) = index.statements_citing("SC 1540")[0];
        let loc = c.location(&index, m, Encoding::Utf16).unwrap();
        assert!(loc.uri.as_str().ends_with("004_5167a4cbcf6c02b8.txt"));
        assert_eq!(loc.range.start, Position { line: 2, character: 34 });
    }

    #[test]
    fn converts_columns_on_non_ascii_lines() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        std::fs::write(&p, "Mr. A (B): plain line.\nSeñor 𝄞 — resolution 2325 (2016) matters.\n").unwrap();
        let (c, _) = Corpus::build(&[dir.path().to_path_buf()], &|_, _| {});
        let index = c.read();
        let m = &index.mentions("SC 2325")[0];
        let line = "Señor 𝄞 — resolution 2325 (2016) matters.";
        let at = line.find("resolution").unwrap();
        for (enc, want) in [(Encoding::Utf8, at), (Encoding::Utf16, line[..at].encode_utf16().count()), (Encoding::Utf32, line[..at].chars().count())] {
            let loc = c.location(&index, m, enc).unwrap();
            assert_eq!(loc.range.start, Position { line: 1, character: want as u32 }, "{enc:?}");
        }
        drop(index);
        // Prewarmed: the same answers.
        let (c2, _) = Corpus::build(&[dir.path().to_path_buf()], &|_, _| {});
        c2.prewarm();
        let index2 = c2.read();
        let m2 = &index2.mentions("SC 2325")[0];
        assert_eq!(c2.location(&index2, m2, Encoding::Utf8).unwrap().range.start.character, at as u32);
        drop(index2);
        std::fs::write(&p, "Nothing here.").unwrap();
        c.update_file(&p).unwrap();
        assert!(c.read().mentions("SC 2325").is_empty());
        std::fs::write(&p, [0xff, 0xfe, 0x00]).unwrap();
        assert!(c.update_file(&p).is_err());
        assert_eq!(c.statements(), 0);
        std::fs::write(&p, "S/2017/1025").unwrap();
        c.update_file(&p).unwrap();
        c.remove_file(&p);
        assert_eq!(c.statements(), 0);
    }
}
