//! Finding every name, alias and acronym of the gazetteer in a text with one Aho-Corasick
//! automaton.
//!
//! Contract: matches are whole words in the normalized text ([`super::normalize`]), so names
//! wrapped over lines and hyphenated at line ends are found. Acronyms match case-sensitively;
//! names and aliases match exactly except that their first letter may be either case
//! (`the Arms Trade Treaty`, `arms Trade Treaty` would not be, `Arms trade treaty` neither).
//! Where matches overlap, the leftmost wins, then the longest (`United Nations Register of
//! Conventional Arms` over `United Nations`).

use std::collections::HashMap;
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::normalize::{is_whole_word, normalize_pattern, Normalized};

/// How an entity was named.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Form {
    Name,
    Alias,
    Acronym,
}

#[derive(Debug, Clone, Copy)]
struct Pattern {
    entity: u32,
    form: Form,
}

/// The compiled automaton over every entity's names.
#[derive(Debug, Clone)]
pub(crate) struct Matcher {
    ac: Option<AhoCorasick>,
    patterns: Vec<Pattern>,
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
        let ac = if texts.is_empty() {
            None
        } else {
            Some(AhoCorasickBuilder::new().match_kind(MatchKind::Standard).build(&texts).expect("gazetteer patterns fit an automaton"))
        };
        (Matcher { ac, patterns }, warnings)
    }

    /// Every whole-word match in `norm`, leftmost-longest, not overlapping, in text order.
    pub(crate) fn find(&self, norm: &Normalized) -> Vec<RawMatch> {
        let Some(ac) = &self.ac else { return Vec::new() };
        let text = norm.text.as_str();
        let mut cands: Vec<RawMatch> = Vec::new();
        for m in ac.find_overlapping_iter(text) {
            let r = m.start()..m.end();
            if is_whole_word(text, &r) {
                let p = self.patterns[m.pattern().as_usize()];
                cands.push((p.entity, p.form, r));
            }
        }
        cands.sort_by(|a, b| a.2.start.cmp(&b.2.start).then(b.2.end.cmp(&a.2.end)));
        let mut out: Vec<RawMatch> = Vec::with_capacity(cands.len());
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

impl PartialEq for Pattern {
    fn eq(&self, other: &Self) -> bool {
        self.entity == other.entity && self.form == other.form
    }
}
