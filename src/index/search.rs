//! Prefix and fuzzy search over names, for workspace symbols and completion.
//!
//! Contract: a query matches an entry when it equals one of the entry's terms (key, label,
//! names, acronyms, aliases; case-insensitive), is a prefix of one, is a prefix of a word of
//! one, occurs in one, or its characters occur in order in one (fuzzy), scored in that
//! order; entries the corpus mentions more rank a little higher. The table holds the
//! gazetteer and the catalogue (`SC 1540`, `GA 79/1`); corpus keys are added at query time.

use std::collections::HashSet;

use crate::catalogue::Catalogue;
use crate::citation::Organ;
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
    /// `key` in lower case, matched like a term.
    key_lower: String,
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
            entries.push(Entry { key: e.key.clone(), key_lower: String::new(), label: e.label(), detail, kind: e.kind.name(), terms });
        }
        let catalogue = Catalogue::bundled();
        for r in catalogue.sc_all() {
            let label = format!("resolution {} ({})", r.number, r.year);
            let detail = format!("Security Council{}", r.topic.map(|t| format!(" · {t}")).unwrap_or_default());
            let terms = vec![format!("sc {}", r.number), label.clone(), format!("s/res/{} ({})", r.number, r.year)];
            entries.push(Entry { key: format!("SC {}", r.number), key_lower: String::new(), label, detail, kind: "sc-resolution", terms });
        }
        for organ in [Organ::GeneralAssembly, Organ::HumanRightsCouncil, Organ::EconomicAndSocialCouncil] {
            for r in catalogue.of_organ(organ) {
                let cited = r.cited();
                let label = format!("resolution {cited}");
                let detail = format!("{}{}", organ.name(), r.title().map(|t| format!(" · {}", t.value)).unwrap_or_default());
                let key = format!("{} {cited}", organ.key_prefix());
                let terms = vec![key.to_lowercase(), label.to_lowercase(), r.symbol().to_lowercase()];
                let kind = match organ {
                    Organ::GeneralAssembly => "ga-resolution",
                    Organ::HumanRightsCouncil => "hrc-resolution",
                    _ => "ecosoc-resolution",
                };
                entries.push(Entry { key, key_lower: String::new(), label, detail, kind, terms });
            }
        }
        for e in &mut entries {
            e.key_lower = e.key.to_lowercase();
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
    // Every later score needs the query's characters in order in the term: reject cheaply.
    if !is_subsequence(q.as_bytes(), t.as_bytes()) {
        return 0;
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

/// Whether the query's bytes other than spaces occur in order in `t` (on UTF-8 bytes, so a
/// character's bytes match only that character's).
fn is_subsequence(q: &[u8], t: &[u8]) -> bool {
    let mut at = 0;
    for &b in q.iter().filter(|b| !b.is_ascii_whitespace()) {
        match memchr::memchr(b, &t[at..]) {
            Some(k) => at += k + 1,
            None => return false,
        }
    }
    true
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
    // Score everything without allocating; build hits for the best `limit` only.
    struct Cand<'a> {
        score: u32,
        label_len: usize,
        key: &'a str,
        /// Static entry index, or corpus key id with its label.
        src: Result<usize, (usize, String)>,
    }
    let mut cands: Vec<Cand<'_>> = Vec::new();
    for (i, e) in index.search.entries.iter().enumerate() {
        let s = score(&q, &e.terms).max(score_term(&q, &e.key_lower));
        if s > 0 {
            cands.push(Cand { score: s + boost(&e.key), label_len: e.label.len(), key: &e.key, src: Ok(i) });
        }
    }
    let mut lower = String::new();
    for (k, key) in index.keys.iter().enumerate() {
        if index.mentions[k].is_empty() || index.search.keys.contains(&**key) {
            continue;
        }
        let (s, label) = match index.key_kinds[k] {
            KeyKind::Defined => {
                let acr = key.strip_prefix(super::DEFINED_PREFIX).unwrap_or(key);
                let name = index.first_definition(k as u32).unwrap_or_default();
                let s = score_term(&q, &acr.to_lowercase()).max(score_term(&q, &name.to_lowercase()));
                (s, format!("{name} ({acr})"))
            }
            _ => {
                lower.clear();
                lower.extend(key.chars().flat_map(char::to_lowercase));
                (score_term(&q, &lower), key.to_string())
            }
        };
        if s > 0 {
            cands.push(Cand { score: s + boost(key), label_len: label.len(), key, src: Err((k, label)) });
        }
    }
    let order = |a: &Cand<'_>, b: &Cand<'_>| b.score.cmp(&a.score).then_with(|| a.label_len.cmp(&b.label_len)).then_with(|| a.key.cmp(b.key));
    if cands.len() > limit {
        cands.select_nth_unstable_by(limit - 1, order);
        cands.truncate(limit);
    }
    cands.sort_by(order);
    cands
        .into_iter()
        .map(|c| {
            let n = index.statements_count(c.key);
            match c.src {
                Ok(i) => {
                    let e = &index.search.entries[i];
                    SearchHit { key: e.key.clone(), label: e.label.clone(), detail: format!("{}{}", e.detail, statements_note(n)), kind: e.kind }
                }
                Err((k, label)) => {
                    let kind = index.key_kinds[k].name();
                    SearchHit { key: c.key.to_string(), label, detail: format!("{kind}{}", statements_note(n)), kind }
                }
            }
        })
        .collect()
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
