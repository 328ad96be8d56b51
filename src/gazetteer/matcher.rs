//! Finding every name, alias and acronym of the gazetteer in a text with one Aho-Corasick
//! automaton.
//!
//! Contract: matches are whole words in the normalized text ([`super::normalize`]), so names
//! wrapped over lines and hyphenated at line ends are found. Acronyms match case-sensitively;
//! names and aliases match exactly except that their first letter may be either case
//! (`the Arms Trade Treaty`, `arms Trade Treaty` would not be, `Arms trade treaty` neither).
//! Where matches overlap, the leftmost wins, then the longest (`United Nations Register of
//! Conventional Arms` over `United Nations`).
//!
//! The automaton is a leftmost-longest DFA (several times faster per byte than an NFA, about
//! 70 ms and a few tens of MB to build for the bundled gazetteer), built on the first search
//! and shared by every clone of the gazetteer. A match that is not a whole word gives way to
//! the longest pattern it begins with that is one.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, Input, MatchKind};

use super::normalize::{is_whole_word, normalize_pattern};

/// How an entity was named.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Form {
    Name,
    Alias,
    Acronym,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Pattern {
    entity: u32,
    form: Form,
}

/// Every entity's names, and the automaton over them (built on first use).
#[derive(Debug)]
pub(crate) struct Matcher {
    /// Pattern id → its normalized text.
    texts: Vec<String>,
    /// Pattern id → entity index and form.
    patterns: Vec<Pattern>,
    /// Pattern id → the ids of the patterns that are proper prefixes of it, longest first.
    prefixes: Vec<Vec<u32>>,
    /// `None` when there are no patterns.
    ac: OnceLock<Option<AhoCorasick>>,
}

/// A raw match: entity index, form, range in the normalized text.
pub(crate) type RawMatch = (u32, Form, Range<usize>);

impl Matcher {
    /// Build from `(entity index, form, text)`. Returns the matcher and a warning for each
    /// pattern claimed by two entities (the first keeps it).
    pub(crate) fn build<'a>(names: impl Iterator<Item = (u32, Form, &'a str)>, label: impl Fn(u32) -> String) -> (Matcher, Vec<String>) {
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut texts: Vec<String> = Vec::new();
        let mut patterns: Vec<Pattern> = Vec::new();
        let mut warnings = Vec::new();
        for (entity, form, raw) in names {
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
                match seen.get(&v) {
                    Some(&p) if patterns[p] == (Pattern { entity, form }) => {}
                    Some(&p) => {
                        if patterns[p].entity != entity && v == norm {
                            warnings.push(format!("{raw:?} names both {} and {}: the first keeps it", label(patterns[p].entity), label(entity)));
                        }
                    }
                    None => {
                        seen.insert(v.clone(), patterns.len());
                        texts.push(v);
                        patterns.push(Pattern { entity, form });
                    }
                }
            }
        }
        let prefixes = texts
            .iter()
            .map(|t| {
                let mut ps: Vec<u32> = (1..t.len()).filter(|&k| t.is_char_boundary(k)).filter_map(|k| seen.get(&t[..k]).map(|&p| p as u32)).collect();
                ps.reverse();
                ps
            })
            .collect();
        (Matcher { texts, patterns, prefixes, ac: OnceLock::new() }, warnings)
    }

    /// The automaton, built on the first call.
    pub(crate) fn automaton(&self) -> Option<&AhoCorasick> {
        self.ac
            .get_or_init(|| {
                if self.texts.is_empty() {
                    return None;
                }
                let build = |k: Option<AhoCorasickKind>| AhoCorasickBuilder::new().match_kind(MatchKind::LeftmostLongest).kind(k).build(&self.texts);
                // A DFA can exceed its size limit for a very large gazetteer: then the default.
                build(Some(AhoCorasickKind::DFA)).or_else(|_| build(None)).ok()
            })
            .as_ref()
    }

    /// Every whole-word match in the normalized `text`, leftmost first, then longest, not
    /// overlapping, in text order.
    pub(crate) fn find(&self, text: &str) -> Vec<RawMatch> {
        let Some(ac) = self.automaton() else { return Vec::new() };
        // Leftmost-longest; a match that is not a whole word gives way to the longest of
        // the patterns it begins with that is one (exactly the other candidates at that
        // start), else the search goes on from the next byte. This is "leftmost, then
        // longest, whole words only" over all overlapping matches, without reporting them.
        let mut out = Vec::new();
        let mut at = 0;
        while at < text.len() {
            let Some(m) = ac.find(Input::new(text).span(at..text.len())) else { break };
            let s = m.start();
            let p = m.pattern().as_usize();
            let chosen = if is_whole_word(text, &(s..m.end())) {
                Some((p, m.end()))
            } else {
                self.prefixes[p].iter().map(|&q| (q as usize, s + self.texts[q as usize].len())).find(|&(_, e)| is_whole_word(text, &(s..e)))
            };
            match chosen {
                Some((p, e)) => {
                    let Pattern { entity, form } = self.patterns[p];
                    out.push((entity, form, s..e));
                    at = e;
                }
                None => at = s + 1,
            }
        }
        out
    }
}
