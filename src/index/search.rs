//! Prefix and fuzzy search over names, for workspace symbols and completion.
//!
//! Contract: a query matches an entry when it equals one of the entry's terms (key, label,
//! names, acronyms, aliases; case-insensitive), is a prefix of one, is a prefix of a word of
//! one, occurs in one, or its characters occur in order in one (fuzzy), scored in that
//! order; entries the corpus mentions more rank a little higher. The table holds the
//! gazetteer and the catalogue (`SC 1540`, `GA 79/1`); corpus keys are added at query time.

use std::collections::HashSet;

use crate::catalogue::Catalogue;
use crate::gazetteer::Gazetteer;

use super::keys::KeyKind;
use super::CorpusIndex;

/// One search result.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SearchHit {
    /// The key (`org:iaea`, `SC 1540`, `S/2017/1025`, `defined:GTRI`).
    pub key: String,
    /// What to show (`International Atomic Energy Agency (IAEA)`, `resolution 1540 (2004)`).
    pub label: String,
    /// One line more (`organization · UN-related organization · 2 corpus statements`).
    pub detail: String,
    /// The key's kind name (`organization`, `sc-resolution`, ...).
    pub kind: &'static str,
}

#[derive(Debug)]
struct Entry {
    key: String,
    label: String,
    detail: String,
    kind: &'static str,
    terms: Vec<String>,
}

/// The part of the search table that does not change with the corpus.
#[derive(Debug, Default)]
pub(crate) struct StaticTable {
    entries: Vec<Entry>,
    keys: HashSet<String>,
}

impl StaticTable {
    pub(crate) fn new(gazetteer: &Gazetteer) -> StaticTable {
        let mut entries = Vec::new();
        for e in gazetteer.entities() {
            let mut terms: Vec<String> = vec![e.name.to_lowercase()];
            terms.extend(e.acronyms.iter().chain(&e.aliases).map(|t| t.to_lowercase()));
            let detail = if e.category.is_empty() { e.kind.name().to_string() } else { format!("{} · {}", e.kind.name(), e.category) };
            entries.push(Entry { key: e.key.clone(), label: e.label(), detail, kind: e.kind.name(), terms });
        }
        let catalogue = Catalogue::bundled();
        for r in catalogue.sc_all() {
            let label = format!("resolution {} ({})", r.number, r.year);
            let detail = format!("Security Council{}", r.topic.map(|t| format!(" · {t}")).unwrap_or_default());
            let terms = vec![format!("sc {}", r.number), label.clone(), format!("s/res/{} ({})", r.number, r.year)];
            entries.push(Entry { key: format!("SC {}", r.number), label, detail, kind: "sc-resolution", terms });
        }
        for r in catalogue.ga_all() {
            let label = format!("resolution {}/{}", r.session, r.number);
            let detail = format!("General Assembly{}", r.title.map(|t| format!(" · {t}")).unwrap_or_default());
            let terms =
                vec![format!("ga {}/{}", r.session, r.number).to_lowercase(), label.to_lowercase(), format!("a/res/{}/{}", r.session, r.number).to_lowercase()];
            entries.push(Entry { key: format!("GA {}/{}", r.session, r.number), label, detail, kind: "ga-resolution", terms });
        }
        let keys = entries.iter().map(|e| e.key.clone()).collect();
        StaticTable { entries, keys }
    }
}

/// How well `q` matches the term `t` (both lower case); 0 for not at all.
fn score_term(q: &str, t: &str) -> u32 {
    if t == q {
        return 1000;
    }
    if t.starts_with(q) {
        return 900 - (t.len() - q.len()).min(100) as u32;
    }
    if t.match_indices(q).any(|(i, _)| !t[..i].chars().next_back().is_some_and(char::is_alphanumeric)) {
        return 700 - t.len().min(100) as u32;
    }
    if t.contains(q) {
        return 500 - t.len().min(100) as u32;
    }
    // Fuzzy: every query character in order.
    let mut chars = t.chars();
    let mut gaps = 0u32;
    for qc in q.chars().filter(|c| !c.is_whitespace()) {
        let mut skipped = 0;
        loop {
            match chars.next() {
                Some(c) if c == qc => break,
                Some(_) => skipped += 1,
                None => return 0,
            }
        }
        gaps += skipped.min(10);
    }
    300u32.saturating_sub(gaps * 5).max(100)
}

fn score(q: &str, terms: &[String]) -> u32 {
    terms.iter().map(|t| score_term(q, t)).max().unwrap_or(0)
}

fn statements_note(n: usize) -> String {
    match n {
        0 => String::new(),
        1 => " · 1 corpus statement".into(),
        n => format!(" · {n} corpus statements"),
    }
}

/// Search the index's table and corpus keys.
pub(crate) fn search(index: &CorpusIndex, query: &str, limit: usize) -> Vec<SearchHit> {
    let q = query.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    if q.is_empty() || limit == 0 {
        return Vec::new();
    }
    let boost = |key: &str| -> u32 {
        let n = index.mentions(key).len();
        if n == 0 {
            0
        } else {
            (n.ilog2() * 4).min(60)
        }
    };
    let mut scored: Vec<(u32, SearchHit)> = Vec::new();
    for e in &index.search.entries {
        let s = score(&q, &e.terms).max(score_term(&q, &e.key.to_lowercase()));
        if s > 0 {
            let n = index.statements_count(&e.key);
            scored.push((
                s + boost(&e.key),
                SearchHit { key: e.key.clone(), label: e.label.clone(), detail: format!("{}{}", e.detail, statements_note(n)), kind: e.kind },
            ));
        }
    }
    for (k, key) in index.keys.iter().enumerate() {
        if index.mentions[k].is_empty() || index.search.keys.contains(&**key) {
            continue;
        }
        let kind = index.key_kinds[k];
        let (label, terms) = match kind {
            KeyKind::Defined => {
                let acr = key.strip_prefix(super::DEFINED_PREFIX).unwrap_or(key);
                let name = index.first_definition(k as u32).unwrap_or_default();
                (format!("{name} ({acr})"), vec![acr.to_lowercase(), name.to_lowercase()])
            }
            _ => (key.to_string(), vec![key.to_lowercase()]),
        };
        let s = score(&q, &terms);
        if s > 0 {
            let n = index.statements_count(key);
            let detail = format!("{}{}", kind.name(), statements_note(n));
            scored.push((s + boost(key), SearchHit { key: key.to_string(), label, detail, kind: kind.name() }));
        }
    }
    scored.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.label.len().cmp(&b.1.label.len())).then_with(|| a.1.key.cmp(&b.1.key)));
    scored.truncate(limit);
    scored.into_iter().map(|(_, h)| h).collect()
}

impl CorpusIndex {
    /// Number of statements mentioning `key` (cheaper than `statements_citing(key).len()`).
    pub fn statements_count(&self, key: &str) -> usize {
        self.key_ids.get(key).map_or(0, |&k| self.statement_counts[k as usize] as usize)
    }

    /// The long form in the first statement that defines key `k`.
    fn first_definition(&self, k: u32) -> Option<String> {
        self.mentions[k as usize]
            .iter()
            .find_map(|m| self.files[m.file as usize].as_ref()?.definitions.iter().find(|(dk, _)| *dk == k).map(|(_, d)| d.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_exact_prefix_word_substring_fuzzy() {
        assert_eq!(score_term("iaea", "iaea"), 1000);
        assert!(score_term("inter", "international atomic energy agency") > score_term("atomic", "international atomic energy agency"));
        assert!(score_term("atomic", "international atomic energy agency") > score_term("tomic", "international atomic energy agency"));
        assert!(score_term("tomic", "international atomic energy agency") > score_term("iaea", "international atomic energy agency"));
        assert!(score_term("iaea", "international atomic energy agency") > 0);
        assert_eq!(score_term("xyz", "international atomic energy agency"), 0);
    }
}
