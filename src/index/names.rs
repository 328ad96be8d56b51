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

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, Input, MatchKind};

use crate::gazetteer::normalize::{is_whole_word, normalize_pattern, Normalized};
use crate::gazetteer::{Form, Gazetteer};

#[derive(Debug, Clone)]
pub(crate) struct NameMatcher {
    /// `None`: use the gazetteer's matcher.
    ac: Option<AhoCorasick>,
    /// Pattern id → (entity index, form).
    patterns: Vec<(u32, Form)>,
    /// Pattern id → the ids of the patterns that are proper prefixes of it, longest first.
    prefixes: Vec<Vec<u32>>,
    /// Pattern id → its length in bytes.
    lens: Vec<u32>,
}

impl NameMatcher {
    pub fn new(gazetteer: &Gazetteer, large: bool) -> NameMatcher {
        if !large {
            return NameMatcher { ac: None, patterns: Vec::new(), prefixes: Vec::new(), lens: Vec::new() };
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
            let build = |k: Option<AhoCorasickKind>| AhoCorasickBuilder::new().match_kind(MatchKind::LeftmostLongest).kind(k).build(&texts);
            build(Some(AhoCorasickKind::DFA)).or_else(|_| build(None)).ok()
        };
        let ids: HashMap<&str, u32> = texts.iter().enumerate().map(|(i, t)| (t.as_str(), i as u32)).collect();
        let prefixes = texts
            .iter()
            .map(|t| {
                let mut ps: Vec<u32> = (1..t.len()).filter(|&k| t.is_char_boundary(k)).filter_map(|k| ids.get(&t[..k]).copied()).collect();
                ps.reverse();
                ps
            })
            .collect();
        let lens = texts.iter().map(|t| t.len() as u32).collect();
        NameMatcher { ac, patterns, prefixes, lens }
    }

    /// Every whole-word match in the normalized `text` (from [`super::norm::Norm`]): (entity
    /// index, form, range), leftmost first, then longest, not overlapping, in text order.
    /// `gazetteer` must be the one the matcher was built from.
    pub fn find(&self, text: &str, gazetteer: &Gazetteer) -> Vec<(usize, Form, Range<usize>)> {
        let Some(ac) = &self.ac else {
            // Normalizing a normalized text changes nothing, so the ranges are the same.
            return gazetteer.find_raw(&Normalized::new(text));
        };
        // Leftmost-longest; a match that is not a whole word gives way to the longest of
        // the patterns it begins with that is one (exactly the other candidates at that
        // start), else the search goes on from the next byte. This is the overlapping
        // search's "leftmost, then longest, whole words only" without reporting every
        // overlapping match.
        let mut out = Vec::new();
        let mut at = 0;
        while at < text.len() {
            let Some(m) = ac.find(Input::new(text).span(at..text.len())) else { break };
            let s = m.start();
            let mut chosen = None;
            if is_whole_word(text, &(s..m.end())) {
                chosen = Some((m.pattern().as_usize(), m.end()));
            } else {
                for &q in &self.prefixes[m.pattern().as_usize()] {
                    let e = s + self.lens[q as usize] as usize;
                    if is_whole_word(text, &(s..e)) {
                        chosen = Some((q as usize, e));
                        break;
                    }
                }
            }
            match chosen {
                Some((p, e)) => {
                    let (entity, form) = self.patterns[p];
                    out.push((entity as usize, form, s..e));
                    at = e;
                }
                None => at = s + 1,
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

    /// The same on all 10,952 General Debate statements (199 MB) when ../shared/data has
    /// them, in release builds.
    #[test]
    fn same_matches_and_normalization_as_the_gazetteer_on_the_full_general_debate_corpus() {
        use std::io::BufRead;
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/un_general_debate_corpus/ungdc_1946_2024.jsonl.gz");
        if !path.exists() || cfg!(debug_assertions) {
            println!("skipped: {} absent or a debug build", path.display());
            return;
        }
        let g = Gazetteer::bundled();
        let m = NameMatcher::new(g, true);
        let reader = std::io::BufReader::new(flate2::read::GzDecoder::new(std::fs::File::open(path).unwrap()));
        let (mut n_texts, mut n_matches) = (0, 0);
        for line in reader.lines() {
            let line = line.unwrap();
            if line.trim().is_empty() {
                continue;
            }
            let v: serde_json::Value = serde_json::from_str(&line).unwrap();
            let text = v["text"].as_str().unwrap();
            let a = super::super::norm::Norm::new(text);
            let b = Normalized::new(text);
            assert_eq!(a.text, b.text, "{}", v["id"]);
            let found = m.find(&a.text, g);
            assert_eq!(found, g.find_raw(&b), "{}", v["id"]);
            for (_, _, r) in &found {
                assert_eq!(a.original_range(text, r.clone()), b.original_range(text, r.clone()), "{}", v["id"]);
            }
            n_texts += 1;
            n_matches += found.len();
        }
        assert_eq!(n_texts, 10_952);
        assert!(n_matches > 250_000, "{n_matches}");
    }
}
