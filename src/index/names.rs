//! Gazetteer names in corpus text, for the index: the same patterns and the same rules as
//! the gazetteer's own matcher (`crate::gazetteer` `matcher.rs`: names, aliases and acronyms
//! normalized, a name's or alias's first letter in either case, acronyms case-sensitive,
//! whole words only, the first entity keeps a shared pattern; where matches overlap the
//! leftmost wins, then the longest), on an automaton chosen for the corpus size.
//!
//! Contract: [`NameMatcher::find`] returns exactly what `Gazetteer::find_raw` returns for
//! the same normalized text (tested). For a large corpus the automaton is a DFA, several
//! times faster per byte than the gazetteer's NFA but bigger and slower to build; for a small
//! one ([`NameMatcher::new`] with `large = false`) nothing is built and the gazetteer's own
//! matcher is used.

use std::collections::HashSet;
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use crate::gazetteer::normalize::{is_whole_word, normalize_pattern, Normalized};
use crate::gazetteer::{Form, Gazetteer};

#[derive(Debug, Clone)]
pub(crate) struct NameMatcher {
    /// `None`: use the gazetteer's matcher.
    ac: Option<AhoCorasick>,
    /// Pattern id → (entity index, form).
    patterns: Vec<(u32, Form)>,
}

impl NameMatcher {
    pub fn new(gazetteer: &Gazetteer, large: bool) -> NameMatcher {
        if !large {
            return NameMatcher { ac: None, patterns: Vec::new() };
        }
        let mut seen: HashSet<String> = HashSet::new();
        let mut texts: Vec<String> = Vec::new();
        let mut patterns: Vec<(u32, Form)> = Vec::new();
        for (i, e) in gazetteer.entities().iter().enumerate() {
            let names = std::iter::once((Form::Name, e.name.as_str()))
                .chain(e.aliases.iter().map(|a| (Form::Alias, a.as_str())))
                .chain(e.acronyms.iter().map(|a| (Form::Acronym, a.as_str())));
            for (form, raw) in names {
                let norm = normalize_pattern(raw);
                if norm.is_empty() {
                    continue;
                }
                let mut variants = vec![norm.clone()];
                if form != Form::Acronym {
                    let mut chars = norm.chars();
                    let first = chars.next().unwrap_or(' ');
                    let rest = chars.as_str();
                    for flipped in [first.to_uppercase().collect::<String>(), first.to_lowercase().collect::<String>()] {
                        let v = format!("{flipped}{rest}");
                        if !variants.contains(&v) {
                            variants.push(v);
                        }
                    }
                }
                for v in variants {
                    if seen.insert(v.clone()) {
                        texts.push(v);
                        patterns.push((i as u32, form));
                    }
                }
            }
        }
        let ac = if texts.is_empty() {
            None
        } else {
            let build = |k: Option<AhoCorasickKind>| AhoCorasickBuilder::new().match_kind(MatchKind::Standard).kind(k).build(&texts);
            build(Some(AhoCorasickKind::DFA)).or_else(|_| build(None)).ok()
        };
        NameMatcher { ac, patterns }
    }

    /// Every whole-word match in the normalized `text` (from [`super::norm::Norm`]): (entity
    /// index, form, range), leftmost first, then longest, not overlapping, in text order.
    /// `gazetteer` must be the one the matcher was built from.
    pub fn find(&self, text: &str, gazetteer: &Gazetteer) -> Vec<(usize, Form, Range<usize>)> {
        let Some(ac) = &self.ac else {
            // Normalizing a normalized text changes nothing, so the ranges are the same.
            return gazetteer.find_raw(&Normalized::new(text));
        };
        let mut cands: Vec<(usize, Form, Range<usize>)> = Vec::new();
        for m in ac.find_overlapping_iter(text) {
            let r = m.start()..m.end();
            if is_whole_word(text, &r) {
                let (e, form) = self.patterns[m.pattern().as_usize()];
                cands.push((e as usize, form, r));
            }
        }
        cands.sort_by(|a, b| a.2.start.cmp(&b.2.start).then(b.2.end.cmp(&a.2.end)));
        let mut out = Vec::with_capacity(cands.len());
        let mut end = 0;
        for c in cands {
            if c.2.start >= end {
                end = c.2.end;
                out.push(c);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_matches_as_the_gazetteer_on_the_seeds() {
        let g = Gazetteer::bundled();
        let f = Gazetteer::parse(include_str!("../../tests/data/gazetteer_fixture.toml")).unwrap();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        let extra = "the united Nations Register of Conventional Armsx, United Nations, UNROCA’s, Arms Trade Treatyx Arms Trade Treaty";
        for gz in [g, &f] {
            for large in [false, true] {
                let m = NameMatcher::new(gz, large);
                for entry in std::fs::read_dir(&dir).unwrap() {
                    let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
                    let n = Normalized::new(&text);
                    assert_eq!(m.find(&n.text, gz), gz.find_raw(&n));
                }
                let n = Normalized::new(extra);
                assert_eq!(m.find(&n.text, gz), gz.find_raw(&n));
            }
        }
    }

    #[test]
    fn same_matches_and_normalization_as_the_gazetteer_on_the_general_debate_sample() {
        use std::io::BufRead;
        let g = Gazetteer::bundled();
        let m = NameMatcher::new(g, true);
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/gd_sample/ungdc_sample.jsonl.gz");
        let reader = std::io::BufReader::new(flate2::read::GzDecoder::new(std::fs::File::open(path).unwrap()));
        let mut n_texts = 0;
        for line in reader.lines() {
            let v: serde_json::Value = serde_json::from_str(&line.unwrap()).unwrap();
            let text = v["text"].as_str().unwrap();
            let a = super::super::norm::Norm::new(text);
            let b = Normalized::new(text);
            assert_eq!(a.text, b.text);
            let found = m.find(&a.text, g);
            assert_eq!(found, g.find_raw(&b));
            for (_, _, r) in found.iter().take(50) {
                assert_eq!(a.original_range(text, r.clone()), b.original_range(text, r.clone()));
                assert_eq!(a.normalized_offset(b.original_range(text, r.clone()).start), r.start);
            }
            n_texts += 1;
        }
        assert_eq!(n_texts, 200);
    }
}
