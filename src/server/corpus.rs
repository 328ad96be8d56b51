//! What the server asks of the corpus, behind a trait so the corpus index can stand in for
//! the minimal implementation here.
//!
//! [`ScanCorpus`] is that minimal implementation: it scans every statement of the corpus
//! folders with [`crate::citation::scan`] and keeps, per citation key, where it is
//! mentioned, with each mention's range precomputed in all three position encodings (so
//! no statement text stays in memory). It has no logic of its own beyond grouping.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use crate::citation::{scan, Kind};
use crate::files::{read_text, walk, Walked};
use crate::hover::CorpusFacts;
use crate::position::{Encoding, LineCol, LineIndex};

/// One mention of a citation in a corpus statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub path: Arc<Path>,
    pub key: String,
    /// Byte range in the statement.
    pub span: std::ops::Range<usize>,
    /// The range in UTF-8, UTF-16 and UTF-32 columns.
    ranges: [(LineCol, LineCol); 3],
}

impl Mention {
    /// The mention's range in `enc`.
    pub fn range(&self, enc: Encoding) -> (LineCol, LineCol) {
        self.ranges[enc_index(enc)]
    }
}

fn enc_index(enc: Encoding) -> usize {
    match enc {
        Encoding::Utf8 => 0,
        Encoding::Utf16 => 1,
        Encoding::Utf32 => 2,
    }
}

/// The corpus, as the language server uses it. Every method is cheap enough to call from
/// a request (the work happens when files are added).
pub trait CorpusSource: Send + Sync {
    /// Number of statements indexed.
    fn statements(&self) -> usize;
    /// Every mention of `key`, statement by statement.
    fn mentions(&self, key: &str) -> Vec<Mention>;
    /// The first mention of `key` in each statement that cites it.
    fn statements_citing(&self, key: &str) -> Vec<Mention>;
    /// What the corpus knows about `key`.
    fn facts(&self, key: &str) -> CorpusFacts;
    /// Keys matching `query` (case-insensitive substring), with their first mention.
    fn search(&self, query: &str, limit: usize) -> Vec<Mention>;
    /// Re-read one statement (added or changed on disk).
    fn update_file(&self, path: &Path);
    /// Forget one statement.
    fn remove_file(&self, path: &Path);
}

/// One statement's contribution.
#[derive(Debug, Default)]
struct Statement {
    /// `Kazakhstan (Mr. Umarov)`, from the opening `Mr. Name (Country):` line.
    speaker: Option<String>,
    /// Keys and what the text says around the first mention of each document symbol.
    keys: Vec<String>,
    described: HashMap<String, String>,
    mentions: Vec<Mention>,
}

#[derive(Debug, Default)]
struct Inner {
    statements: HashMap<Arc<Path>, Statement>,
    /// key → statements citing it, in path order.
    by_key: HashMap<String, Vec<Arc<Path>>>,
}

/// The minimal corpus: a scan of every statement.
#[derive(Debug, Default)]
pub struct ScanCorpus {
    inner: RwLock<Inner>,
}

impl ScanCorpus {
    /// Index every `.txt`/`.md` file under `roots`, calling `progress(done, total)` now
    /// and then. Unreadable or binary files are skipped with a warning on stderr.
    pub fn build(roots: &[PathBuf], mut progress: impl FnMut(usize, usize)) -> ScanCorpus {
        let mut files = Vec::new();
        for root in roots {
            for w in walk(root) {
                match w {
                    Walked::File(p) => files.push(p),
                    Walked::Error(p, e) => eprintln!("dragoman: corpus: {}: {e}", p.display()),
                }
            }
        }
        files.sort();
        let corpus = ScanCorpus::default();
        let total = files.len();
        for (i, f) in files.iter().enumerate() {
            corpus.update_file(f);
            if i % 64 == 0 {
                progress(i, total);
            }
        }
        progress(total, total);
        corpus
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Inner> {
        self.inner.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Inner> {
        self.inner.write().unwrap_or_else(|e| e.into_inner())
    }
}

fn analyse(path: Arc<Path>, text: &str) -> Statement {
    let index = LineIndex::new(text);
    let mut st = Statement { speaker: speaker(text), ..Default::default() };
    for c in scan(text) {
        let r = |enc| (index.line_col(text, c.span.start, enc), index.line_col(text, c.span.end, enc));
        if !st.keys.contains(&c.key) {
            st.keys.push(c.key.clone());
            if !matches!(c.kind, Kind::Resolution(_)) {
                if let Some(d) = described_as(text, c.span.start) {
                    st.described.insert(c.key.clone(), d);
                }
            }
        }
        st.mentions.push(Mention {
            path: path.clone(),
            key: c.key,
            span: c.span.clone(),
            ranges: [r(Encoding::Utf8), r(Encoding::Utf16), r(Encoding::Utf32)],
        });
    }
    st
}

/// `Kazakhstan (Mr. Umarov)` from an opening `Mr. Umarov (Kazakhstan):` line.
fn speaker(text: &str) -> Option<String> {
    let first = text.lines().find(|l| !l.trim().is_empty())?;
    let (head, _) = first.split_once("):")?;
    let (name, country) = head.rsplit_once(" (")?;
    let name = name.trim();
    let titled = ["Mr. ", "Ms. ", "Mrs. ", "Miss ", "Dr. ", "Sir ", "The President", "The Secretary-General", "Prince ", "King ", "Sheikh ", "Archbishop "];
    (titled.iter().any(|t| name.starts_with(t)) && name.len() < 80 && country.len() < 80).then(|| format!("{} ({name})", country.trim()))
}

/// The words before a mention, back to the start of its sentence (at most ~80 bytes),
/// with whitespace collapsed: "The Secretary-General's report".
fn described_as(text: &str, at: usize) -> Option<String> {
    let mut from = at.saturating_sub(80);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let before = &text[from..at];
    let sentence = before.rsplit_once(". ").map_or(before, |(_, s)| s);
    let words: Vec<&str> = sentence.split_whitespace().collect();
    let d = words.join(" ");
    let d = d.trim_end_matches(['(', ' ', ',']).trim();
    (d.split_whitespace().count() >= 2).then(|| d.to_string())
}

impl CorpusSource for ScanCorpus {
    fn statements(&self) -> usize {
        self.read().statements.len()
    }

    fn mentions(&self, key: &str) -> Vec<Mention> {
        let inner = self.read();
        let Some(paths) = inner.by_key.get(key) else { return Vec::new() };
        paths.iter().flat_map(|p| inner.statements[p].mentions.iter().filter(|m| m.key == key).cloned()).collect()
    }

    fn statements_citing(&self, key: &str) -> Vec<Mention> {
        let inner = self.read();
        let Some(paths) = inner.by_key.get(key) else { return Vec::new() };
        paths.iter().filter_map(|p| inner.statements[p].mentions.iter().find(|m| m.key == key).cloned()).collect()
    }

    fn facts(&self, key: &str) -> CorpusFacts {
        let inner = self.read();
        let Some(paths) = inner.by_key.get(key) else { return CorpusFacts::default() };
        let statements: Vec<&Statement> = paths.iter().map(|p| &inner.statements[p]).collect();
        CorpusFacts {
            statements: statements.len(),
            cited_by: statements.iter().filter_map(|s| s.speaker.clone()).take(5).collect(),
            described_as: statements.iter().find_map(|s| s.described.get(key).cloned()),
        }
    }

    fn search(&self, query: &str, limit: usize) -> Vec<Mention> {
        let q = query.to_lowercase();
        let inner = self.read();
        let mut keys: Vec<&String> = inner.by_key.keys().filter(|k| k.to_lowercase().contains(&q)).collect();
        keys.sort();
        keys.into_iter()
            .take(limit)
            .filter_map(|k| inner.by_key[k].first().and_then(|p| inner.statements[p].mentions.iter().find(|m| &m.key == k).cloned()))
            .collect()
    }

    fn update_file(&self, path: &Path) {
        let text = match read_text(path) {
            Ok(t) => Some(t),
            Err(e) => {
                eprintln!("dragoman: corpus: skipping {}: {e}", path.display());
                None
            }
        };
        let path: Arc<Path> = Arc::from(path);
        let st = text.map(|t| analyse(path.clone(), &t));
        let mut inner = self.write();
        if let Some(old) = inner.statements.remove(&path) {
            for k in old.keys {
                if let Some(v) = inner.by_key.get_mut(&k) {
                    v.retain(|p| p != &path);
                    if v.is_empty() {
                        inner.by_key.remove(&k);
                    }
                }
            }
        }
        if let Some(st) = st {
            for k in &st.keys {
                let v = inner.by_key.entry(k.clone()).or_default();
                let at = v.partition_point(|p| p < &path);
                v.insert(at, path.clone());
            }
            inner.statements.insert(path, st);
        }
    }

    fn remove_file(&self, path: &Path) {
        let mut inner = self.write();
        let path: Arc<Path> = Arc::from(path);
        if let Some(old) = inner.statements.remove(&path) {
            for k in old.keys {
                if let Some(v) = inner.by_key.get_mut(&k) {
                    v.retain(|p| p != &path);
                    if v.is_empty() {
                        inner.by_key.remove(&k);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seeds() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds")
    }

    #[test]
    fn indexes_the_seeds() {
        let c = ScanCorpus::build(&[seeds()], |_, _| {});
        assert_eq!(c.statements(), 2);
        let f = c.facts("SC 1540");
        assert!(f.statements >= 1, "{f:?}");
        assert!(f.cited_by.iter().any(|w| w == "Kazakhstan (Mr. Umarov)"), "{f:?}");
        let m = &c.statements_citing("SC 1540")[0];
        assert!(m.path.ends_with("004_5167a4cbcf6c02b8.txt"));
        // `resolution 1540\n(2004)` on lines 2-3 of the statement.
        assert_eq!(m.range(Encoding::Utf16).0, LineCol { line: 2, col: 34 });
        let d = c.facts("S/2017/1025");
        assert_eq!(d.described_as.as_deref(), Some("The Secretary-General's report"));
        assert!(!c.search("1540", 10).is_empty());
    }

    #[test]
    fn updates_and_removes_files() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        std::fs::write(&p, "Mr. A (B): resolution 2325 (2016) matters.").unwrap();
        let c = ScanCorpus::build(&[dir.path().to_path_buf()], |_, _| {});
        assert_eq!(c.mentions("SC 2325").len(), 1);
        std::fs::write(&p, "Nothing here.").unwrap();
        c.update_file(&p);
        assert!(c.mentions("SC 2325").is_empty());
        std::fs::write(&p, [0xff, 0xfe, 0x00]).unwrap();
        c.update_file(&p);
        assert_eq!(c.statements(), 0);
        std::fs::write(&p, "S/2017/1025").unwrap();
        c.update_file(&p);
        c.remove_file(&p);
        assert_eq!(c.statements(), 0);
    }
}
