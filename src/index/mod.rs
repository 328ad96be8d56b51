//! The corpus index: which statements mention which resolutions, documents, instruments and
//! organizations, and exactly where.
//!
//! The API the language server calls (documented with examples in `src/index/API.md`):
//!
//! - [`CorpusIndex::build`] / [`CorpusIndex::build_with_progress`]`(roots, gazetteer)` →
//!   `(CorpusIndex, Vec<Skipped>)`: walks the roots (`.txt`/`.md`, honouring `.gitignore`),
//!   reads and extracts the files in parallel on every core; bad files are skipped and
//!   reported, never fatal.
//! - [`CorpusIndex::update_file`], [`CorpusIndex::update_text`], [`CorpusIndex::remove_file`]:
//!   incremental; only that file's mentions change.
//! - [`CorpusIndex::mentions`]`(key)` → `&[Mention]` (earliest statement first, then text
//!   order); [`CorpusIndex::statements_citing`]`(key)` → one `(FileId, &Mention)` per
//!   statement, the defining mention preferred; [`CorpusIndex::entity_at`]`(path, offset)`;
//!   [`CorpusIndex::facts`]`(key)` → [`CorpusFacts`]; [`CorpusIndex::search`]`(query, limit)`;
//!   [`CorpusIndex::path`], [`CorpusIndex::statement`], [`CorpusIndex::snippet`],
//!   [`CorpusIndex::defined_name`], [`CorpusIndex::stats`].
//!
//! Keys: `SC 1540`, `GA 70/1`, `S/2017/1025` (citation keys), `org:iaea`, `instrument:att`
//! (gazetteer), `defined:GTRI` (acronyms only the corpus defines); see [`keys`].
//!
//! Memory: the index holds no corpus text; snippets are read from disk on demand.
//! Ordering: statements are ordered by date (front-matter `date`, else `year`; undated
//! last), then by path. Everything is `Send + Sync`.

mod defined;
mod describe;
mod extract;
pub mod keys;
mod search;

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::citation::Kind;
use crate::corpus::{read_statement, walk, Statement};
use crate::gazetteer::Gazetteer;
use crate::hover::CorpusFacts;

use extract::{extract, Extracted, KeyRef};
pub use keys::{KeyKind, Role, DEFINED_PREFIX};
pub use search::SearchHit;

/// A statement's number in the index. Stable while the index lives; a removed file's id is
/// not reused for another path.
pub type FileId = u32;

/// Most statements named in [`CorpusFacts::cited_by`].
pub const CITED_BY_MAX: usize = 5;

/// One mention of an entity or citation in a corpus file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mention {
    pub file: FileId,
    /// Byte range in the file.
    pub span: Range<usize>,
    /// 0-based line of `span.start`.
    pub line: u32,
    /// UTF-16 column of `span.start`.
    pub utf16_col: u32,
    /// Line and UTF-16 column of `span.end`.
    pub end_line: u32,
    pub end_utf16_col: u32,
    pub role: Role,
}

/// A file the index could not read, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: String,
}

impl std::fmt::Display for Skipped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.reason)
    }
}

/// The entity under a position: its key and the mention there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntityAt<'a> {
    pub key: &'a str,
    pub mention: &'a Mention,
}

/// Counts, for `dragoman index` and logs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct IndexStats {
    pub statements: usize,
    pub mentions: usize,
    /// Distinct keys with at least one mention.
    pub distinct: usize,
    /// Per key kind (`sc-resolution`, `organization`, `defined`, ...): mentions.
    pub mentions_by_kind: BTreeMap<&'static str, usize>,
    /// Per key kind: distinct keys.
    pub distinct_by_kind: BTreeMap<&'static str, usize>,
}

#[derive(Debug)]
struct FileEntry {
    path: PathBuf,
    statement: Statement,
    date_order: u32,
    /// (start, end, key) of every mention, by start.
    at: Vec<(u32, u32, u32)>,
    /// Document key → what this statement calls it.
    descriptions: Vec<(u32, Box<str>)>,
    /// Corpus-defined key → the long form this statement gives.
    definitions: Vec<(u32, Box<str>)>,
}

/// The index. See the module documentation.
#[derive(Debug)]
pub struct CorpusIndex {
    gazetteer: Arc<Gazetteer>,
    files: Vec<Option<FileEntry>>,
    by_path: HashMap<PathBuf, FileId>,
    keys: Vec<Box<str>>,
    key_kinds: Vec<KeyKind>,
    key_ids: HashMap<Box<str>, u32>,
    /// Key id → its mentions, ordered by (statement date, file id, offset).
    mentions: Vec<Vec<Mention>>,
    /// Key id → how many statements mention it.
    statement_counts: Vec<u32>,
    /// Gazetteer entity index → key id.
    entity_keys: Vec<u32>,
    search: search::StaticTable,
    timings: BuildTimings,
}

/// The phases of [`CorpusIndex::build`], for `dragoman index` and benchmarks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct BuildTimings {
    /// The empty index: gazetteer copy, search table.
    pub setup: Duration,
    /// Walking the roots.
    pub walk: Duration,
    /// Building the gazetteer's name automaton (zero when a search already built it).
    pub matcher: Duration,
    /// Reading and extracting the files, on `threads` threads.
    pub extract: Duration,
    pub threads: usize,
    /// Ordering the statements and filling the tables.
    pub tables: Duration,
    pub total: Duration,
}

/// An absolute path for `p`: canonical when it exists (or its folder does), else joined to
/// the current folder.
fn norm_path(p: &Path) -> PathBuf {
    if let Ok(c) = std::fs::canonicalize(p) {
        return c;
    }
    if let (Some(parent), Some(name)) = (p.parent(), p.file_name()) {
        let parent = if parent.as_os_str().is_empty() { Path::new(".") } else { parent };
        if let Ok(c) = std::fs::canonicalize(parent) {
            return c.join(name);
        }
    }
    std::env::current_dir().map(|d| d.join(p)).unwrap_or_else(|_| p.to_path_buf())
}

impl CorpusIndex {
    /// An index of nothing, ready for [`CorpusIndex::update_file`].
    pub fn empty(gazetteer: &Gazetteer) -> CorpusIndex {
        let gazetteer = Arc::new(gazetteer.clone());
        let mut index = CorpusIndex {
            search: search::StaticTable::new(&gazetteer),
            gazetteer,
            files: Vec::new(),
            by_path: HashMap::new(),
            keys: Vec::new(),
            key_kinds: Vec::new(),
            key_ids: HashMap::new(),
            mentions: Vec::new(),
            statement_counts: Vec::new(),
            entity_keys: Vec::new(),
            timings: BuildTimings::default(),
        };
        let gz = Arc::clone(&index.gazetteer);
        index.entity_keys = gz.entities().iter().map(|e| index.intern(&e.key, KeyKind::Entity(e.kind))).collect();
        index
    }

    /// Index every `.txt`/`.md` file under `roots` (files or folders).
    pub fn build(roots: &[PathBuf], gazetteer: &Gazetteer) -> (CorpusIndex, Vec<Skipped>) {
        Self::build_with_progress(roots, gazetteer, &|_, _| {})
    }

    /// [`CorpusIndex::build`], calling `progress(done, total)` from the worker threads about
    /// every 1% of the files and once at the end.
    pub fn build_with_progress(roots: &[PathBuf], gazetteer: &Gazetteer, progress: &(dyn Fn(usize, usize) + Sync)) -> (CorpusIndex, Vec<Skipped>) {
        let t0 = Instant::now();
        let mut index = CorpusIndex::empty(gazetteer);
        let mut timings = BuildTimings { setup: t0.elapsed(), ..BuildTimings::default() };
        let t = Instant::now();
        let mut skipped = Vec::new();
        let mut paths: Vec<PathBuf> = Vec::new();
        for root in roots {
            // Canonicalize the root once; the files under it inherit an absolute path.
            let root = norm_path(root);
            let (files, errors) = walk(&root);
            paths.extend(files);
            skipped.extend(errors.into_iter().map(|e| Skipped { path: e.path, reason: e.reason }));
        }
        // Overlapping roots: each file once.
        paths.sort_unstable();
        paths.dedup();
        let total = paths.len();
        timings.walk = t.elapsed();
        let t = Instant::now();
        if total > 0 {
            index.gazetteer.prepare_matcher();
        }
        timings.matcher = t.elapsed();
        let t = Instant::now();
        let step = (total / 100).max(1);
        let next = AtomicUsize::new(0);
        let done = AtomicUsize::new(0);
        let threads = std::thread::available_parallelism().map_or(2, |n| n.get()).clamp(1, 8).min(total.max(1));
        let gz: &Gazetteer = &index.gazetteer;
        let mut results: Vec<(usize, Result<Extracted, String>)> = std::thread::scope(|s| {
            let workers: Vec<_> = (0..threads)
                .map(|_| {
                    s.spawn(|| {
                        let mut out = Vec::new();
                        loop {
                            let i = next.fetch_add(1, Ordering::Relaxed);
                            if i >= total {
                                break;
                            }
                            out.push((i, read_statement(&paths[i]).map(|text| extract(&text, gz))));
                            let d = done.fetch_add(1, Ordering::Relaxed) + 1;
                            if d % step == 0 && d != total {
                                progress(d, total);
                            }
                        }
                        out
                    })
                })
                .collect();
            workers.into_iter().flat_map(|w| w.join().unwrap_or_default()).collect()
        });
        progress(total, total);
        timings.extract = t.elapsed();
        timings.threads = threads;
        let t = Instant::now();
        let mut ok: Vec<(usize, Extracted)> = Vec::with_capacity(results.len());
        for (i, r) in results.drain(..) {
            match r {
                Ok(e) => ok.push((i, e)),
                Err(reason) => skipped.push(Skipped { path: paths[i].clone(), reason }),
            }
        }
        ok.sort_by(|a, b| a.1.statement.date_order().cmp(&b.1.statement.date_order()).then_with(|| paths[a.0].cmp(&paths[b.0])));
        for (i, e) in ok {
            let id = index.files.len() as FileId;
            index.files.push(None);
            index.by_path.insert(paths[i].clone(), id);
            index.insert(id, paths[i].clone(), e, true);
        }
        skipped.sort_by(|a, b| a.path.cmp(&b.path));
        timings.tables = t.elapsed();
        timings.total = t0.elapsed();
        index.timings = timings;
        (index, skipped)
    }

    /// Where the last [`CorpusIndex::build`] spent its time (zero for [`CorpusIndex::empty`]).
    pub fn build_timings(&self) -> BuildTimings {
        self.timings
    }

    fn intern(&mut self, key: &str, kind: KeyKind) -> u32 {
        if let Some(&id) = self.key_ids.get(key) {
            return id;
        }
        let id = self.keys.len() as u32;
        self.keys.push(key.into());
        self.key_kinds.push(kind);
        self.key_ids.insert(key.into(), id);
        self.mentions.push(Vec::new());
        self.statement_counts.push(0);
        id
    }

    fn sort_key(&self, m: &Mention) -> (u32, FileId, usize) {
        (self.date_of(m.file), m.file, m.span.start)
    }

    /// Put file `id`'s extraction into the tables. `append`: the file sorts after every
    /// file already in (the build), so mentions can be pushed at the end.
    fn insert(&mut self, id: FileId, path: PathBuf, e: Extracted, append: bool) {
        let date_order = e.statement.date_order();
        self.files[id as usize] =
            Some(FileEntry { path, statement: e.statement, date_order, at: Vec::new(), descriptions: Vec::new(), definitions: Vec::new() });
        let mut at = Vec::with_capacity(e.mentions.len());
        let mut per_key: Vec<(u32, Mention)> = Vec::with_capacity(e.mentions.len());
        for m in e.mentions {
            let key = match m.key {
                KeyRef::Entity(i) => self.entity_keys[i],
                KeyRef::Owned(k, kind) => self.intern(&k, kind),
            };
            at.push((m.span.start as u32, m.span.end as u32, key));
            per_key.push((
                key,
                Mention { file: id, span: m.span, line: m.line, utf16_col: m.utf16_col, end_line: m.end_line, end_utf16_col: m.end_utf16_col, role: m.role },
            ));
        }
        let descriptions =
            e.descriptions.into_iter().map(|(k, d)| (self.intern(&k, KeyKind::Citation(crate::citation::Kind::Document)), d.into_boxed_str())).collect();
        let definitions = e.definitions.into_iter().map(|(k, d)| (self.intern(&k, KeyKind::Defined), d.into_boxed_str())).collect();
        if let Some(f) = self.files[id as usize].as_mut() {
            f.at = at;
            f.descriptions = descriptions;
            f.definitions = definitions;
        }
        let mut keys: Vec<u32> = per_key.iter().map(|(k, _)| *k).collect();
        keys.sort_unstable();
        keys.dedup();
        for k in keys {
            self.statement_counts[k as usize] += 1;
        }
        if append {
            for (key, m) in per_key {
                self.mentions[key as usize].push(m);
            }
        } else {
            // Group by key (stable: text order within a key), then splice each group in at
            // its place: a file's mentions of a key are contiguous in the ordering.
            per_key.sort_by_key(|(k, _)| *k);
            let mut i = 0;
            while i < per_key.len() {
                let key = per_key[i].0;
                let j = i + per_key[i..].iter().take_while(|(k, _)| *k == key).count();
                let first = self.sort_key(&per_key[i].1);
                let list = &self.mentions[key as usize];
                let pos = list.partition_point(|m| self.sort_key(m) < first);
                let group: Vec<Mention> = per_key[i..j].iter().map(|(_, m)| m.clone()).collect();
                self.mentions[key as usize].splice(pos..pos, group);
                i = j;
            }
        }
    }

    /// Take file `id`'s mentions out of the tables and forget the file.
    fn take_out(&mut self, id: FileId) -> Option<FileEntry> {
        let entry = self.files.get(id as usize)?.as_ref()?;
        let want = (entry.date_order, id);
        let mut keys: Vec<u32> = entry.at.iter().map(|a| a.2).collect();
        keys.sort_unstable();
        keys.dedup();
        for key in keys {
            self.statement_counts[key as usize] -= 1;
            let list = &self.mentions[key as usize];
            let lo = list.partition_point(|m| (self.date_of(m.file), m.file) < want);
            let hi = lo + list[lo..].iter().take_while(|m| m.file == id).count();
            self.mentions[key as usize].drain(lo..hi);
        }
        self.files[id as usize].take()
    }

    fn date_of(&self, id: FileId) -> u32 {
        self.files[id as usize].as_ref().map_or(u32::MAX, |f| f.date_order)
    }

    /// Read (or re-read) one file and index it, leaving every other file as it is. A file
    /// that can no longer be read is taken out of the index and reported.
    pub fn update_file(&mut self, path: &Path) -> Result<FileId, Skipped> {
        let p = norm_path(path);
        match read_statement(&p) {
            Ok(text) => Ok(self.update_text(&p, &text)),
            Err(reason) => {
                self.remove_file(&p);
                Err(Skipped { path: p, reason })
            }
        }
    }

    /// Index `text` as the content of `path` (e.g. an unsaved editor buffer).
    pub fn update_text(&mut self, path: &Path, text: &str) -> FileId {
        let p = self.lookup_path(path).unwrap_or_else(|| norm_path(path));
        let e = extract(text, &self.gazetteer);
        let id = match self.by_path.get(&p) {
            Some(&id) => {
                self.take_out(id);
                id
            }
            None => {
                let id = self.files.len() as FileId;
                self.files.push(None);
                self.by_path.insert(p.clone(), id);
                id
            }
        };
        self.insert(id, p, e, false);
        id
    }

    /// Forget a file. Returns whether it was indexed.
    pub fn remove_file(&mut self, path: &Path) -> bool {
        let Some(p) = self.lookup_path(path) else {
            return false;
        };
        let Some(id) = self.by_path.remove(&p) else {
            return false;
        };
        self.take_out(id).is_some()
    }

    fn lookup_path(&self, path: &Path) -> Option<PathBuf> {
        if self.by_path.contains_key(path) {
            return Some(path.to_path_buf());
        }
        let p = norm_path(path);
        self.by_path.contains_key(&p).then_some(p)
    }

    /// The id of an indexed file.
    pub fn file_id(&self, path: &Path) -> Option<FileId> {
        match self.by_path.get(path) {
            Some(&id) => Some(id),
            None => self.by_path.get(&norm_path(path)).copied(),
        }
    }

    /// The ids of every indexed file, in statement order (by date, then path, at build).
    pub fn files(&self) -> impl Iterator<Item = FileId> + '_ {
        self.files.iter().enumerate().filter(|(_, f)| f.is_some()).map(|(i, _)| i as FileId)
    }

    fn entry(&self, id: FileId) -> &FileEntry {
        self.files.get(id as usize).and_then(Option::as_ref).expect("FileId from this index, of a file still indexed")
    }

    /// The path of a file. Panics on an id this index never gave or has removed.
    pub fn path(&self, id: FileId) -> &Path {
        &self.entry(id).path
    }

    /// The metadata of a statement. Panics like [`CorpusIndex::path`].
    pub fn statement(&self, id: FileId) -> &Statement {
        &self.entry(id).statement
    }

    /// Number of indexed statements.
    pub fn len(&self) -> usize {
        self.by_path.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_path.is_empty()
    }

    /// The gazetteer the index was built with.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// What kind of thing `key` names, if the index knows the key.
    pub fn kind(&self, key: &str) -> Option<KeyKind> {
        self.key_ids.get(key).map(|&k| self.key_kinds[k as usize])
    }

    /// Every mention of `key`: earliest statement first, then in text order.
    pub fn mentions(&self, key: &str) -> &[Mention] {
        self.key_ids.get(key).map_or(&[], |&k| &self.mentions[k as usize])
    }

    /// One mention per statement that mentions `key`, earliest statement first: the
    /// statement's defining mention (`Full Name (ACR)`) when it has one, else its first.
    pub fn statements_citing(&self, key: &str) -> Vec<(FileId, &Mention)> {
        let list = self.mentions(key);
        let mut out: Vec<(FileId, &Mention)> = Vec::new();
        for m in list {
            match out.last_mut() {
                Some(last) if last.0 == m.file => {
                    if m.role == Role::Definition && last.1.role != Role::Definition {
                        last.1 = m;
                    }
                }
                _ => out.push((m.file, m)),
            }
        }
        out
    }

    /// The entity or citation whose mention covers byte `offset` of `path`.
    pub fn entity_at(&self, path: &Path, offset: usize) -> Option<EntityAt<'_>> {
        let id = self.file_id(path)?;
        let entry = self.files.get(id as usize)?.as_ref()?;
        let i = entry.at.partition_point(|a| a.0 as usize <= offset).checked_sub(1)?;
        let (start, end, key) = entry.at[i];
        if offset >= end as usize {
            return None;
        }
        let list = &self.mentions[key as usize];
        let want = (entry.date_order, id, start as usize);
        let j = list.partition_point(|m| self.sort_key(m) < want);
        let mention = list.get(j).filter(|m| m.file == id && m.span.start == start as usize)?;
        Some(EntityAt { key: &self.keys[key as usize], mention })
    }

    /// Who to name for a statement: `Kazakhstan (Mr. Umarov)`, else the file name.
    pub fn who(&self, id: FileId) -> String {
        let e = self.entry(id);
        e.statement.label().unwrap_or_else(|| e.path.file_stem().map_or_else(|| e.path.display().to_string(), |s| s.to_string_lossy().into_owned()))
    }

    /// What the corpus knows about `key`: how many statements mention it, who (at most
    /// [`CITED_BY_MAX`], earliest first) and, for documents, what the corpus calls it.
    pub fn facts(&self, key: &str) -> CorpusFacts {
        let Some(&k) = self.key_ids.get(key) else { return CorpusFacts::default() };
        let statements = self.statement_counts[k as usize] as usize;
        // Only document symbols have descriptions.
        let may_describe = matches!(self.key_kinds[k as usize], KeyKind::Citation(Kind::Document | Kind::MeetingRecord | Kind::PresidentialStatement));
        let mut cited_by = Vec::new();
        let mut described_as = None;
        let mut last = None;
        for m in &self.mentions[k as usize] {
            if last == Some(m.file) {
                continue;
            }
            last = Some(m.file);
            if cited_by.len() < CITED_BY_MAX {
                cited_by.push(self.who(m.file));
            }
            if may_describe && described_as.is_none() {
                described_as = self.entry(m.file).descriptions.iter().find(|(dk, _)| *dk == k).map(|(_, d)| d.to_string());
            }
            if cited_by.len() >= CITED_BY_MAX && (described_as.is_some() || !may_describe) {
                break;
            }
        }
        CorpusFacts { statements, cited_by, described_as }
    }

    /// The long form the corpus gives a `defined:` key (from the earliest defining statement).
    pub fn defined_name(&self, key: &str) -> Option<&str> {
        let &k = self.key_ids.get(key)?;
        self.statements_citing(key).iter().find_map(|(f, _)| self.entry(*f).definitions.iter().find(|(dk, _)| *dk == k).map(|(_, d)| &**d))
    }

    /// The line(s) of a mention, read from disk now (`None` if the file changed so that the
    /// mention no longer fits). At most 400 bytes, cut at character boundaries.
    pub fn snippet(&self, m: &Mention) -> Option<String> {
        let text = read_statement(self.files.get(m.file as usize)?.as_ref()?.path.as_path()).ok()?;
        text.get(m.span.clone())?;
        let start = text[..m.span.start].rfind('\n').map_or(0, |i| i + 1);
        let end = text[m.span.end..].find('\n').map_or(text.len(), |i| m.span.end + i);
        let mut s = text[start..end].trim().to_string();
        if s.len() > 400 {
            let mut cut = 400;
            while !s.is_char_boundary(cut) {
                cut -= 1;
            }
            s.truncate(cut);
            s.push('…');
        }
        Some(s)
    }

    /// Counts per kind.
    pub fn stats(&self) -> IndexStats {
        let mut st = IndexStats { statements: self.len(), ..IndexStats::default() };
        for (k, list) in self.mentions.iter().enumerate() {
            if list.is_empty() {
                continue;
            }
            let kind = self.key_kinds[k].name();
            st.mentions += list.len();
            st.distinct += 1;
            *st.mentions_by_kind.entry(kind).or_default() += list.len();
            *st.distinct_by_kind.entry(kind).or_default() += 1;
        }
        st
    }

    /// Every key with at least one mention.
    pub fn keys(&self) -> impl Iterator<Item = &str> + '_ {
        self.keys.iter().zip(&self.mentions).filter(|(_, m)| !m.is_empty()).map(|(k, _)| &**k)
    }

    /// Prefix and fuzzy search over everything the corpus, the gazetteer and the catalogue
    /// know, best first (see [`search`]).
    pub fn search(&self, query: &str, limit: usize) -> Vec<SearchHit> {
        search::search(self, query, limit)
    }
}

#[cfg(test)]
mod tests;
