//! Everything one statement mentions, with exact ranges: citations (the citation grammar),
//! gazetteer names (on the normalized text, so wrapped and hyphenated names are found) and
//! the acronyms the statement defines itself.
//!
//! Contract: [`extract`] is pure. Mentions do not overlap: a citation wins over a name
//! inside it (`Security Council resolution 1540 (2004)`), a definition
//! (`International Atomic Energy Agency (IAEA)`, one mention) over the names inside it.
//! Only the body is scanned (not the front matter). Positions are 0-based lines and UTF-16
//! columns, computed with [`crate::position::LineIndex`].

use std::ops::Range;

use crate::citation::{scan, Kind};
use crate::corpus::{parse_statement, Statement};
use crate::gazetteer::normalize::{is_whole_word, Normalized};
use crate::gazetteer::{Entity, Form, Gazetteer};
use crate::position::{Encoding, LineIndex};

use super::defined::definitions;
use super::describe::{described_as, display_phrase};
use super::keys::{defined_key, KeyKind, Role};

/// What a mention refers to, before keys are interned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum KeyRef {
    /// A gazetteer entity, by index.
    Entity(usize),
    Owned(String, KeyKind),
}

#[derive(Debug, Clone)]
pub(crate) struct RawMention {
    pub key: KeyRef,
    pub span: Range<usize>,
    pub role: Role,
    pub line: u32,
    pub utf16_col: u32,
    pub end_line: u32,
    pub end_utf16_col: u32,
}

#[derive(Debug, Default)]
pub(crate) struct Extracted {
    pub statement: Statement,
    /// In text order.
    pub mentions: Vec<RawMention>,
    /// Document symbol key → what the statement calls it (first mention only).
    pub descriptions: Vec<(String, String)>,
    /// Corpus-defined key → the long form.
    pub definitions: Vec<(String, String)>,
}

const STOP: &[&str] = &["the", "of", "and", "for", "on", "in", "to", "a", "an", "de", "la", "des", "du"];

/// Whether a long form is a name of `e` (most of its words are words of its names).
fn names_agree(long_form: &str, e: &Entity) -> bool {
    let names: Vec<String> = std::iter::once(&e.name).chain(&e.aliases).map(|n| n.to_lowercase()).collect();
    let words: Vec<String> =
        long_form.split(|c: char| !c.is_alphanumeric()).map(str::to_lowercase).filter(|w| !w.is_empty() && !STOP.contains(&w.as_str())).collect();
    let hits = words.iter().filter(|w| names.iter().any(|n| n.split(|c: char| !c.is_alphanumeric()).any(|nw| nw == w.as_str()))).count();
    !words.is_empty() && hits * 2 >= words.len()
}

/// Byte ranges to test others against for overlap in O(log n): sorted by start, with the
/// largest end so far (the ranges may overlap each other).
struct Ranges {
    sorted: Vec<Range<usize>>,
    max_end: Vec<usize>,
}

impl Ranges {
    fn new(mut sorted: Vec<Range<usize>>) -> Ranges {
        sorted.sort_by_key(|r| (r.start, r.end));
        let mut m = 0;
        let max_end = sorted.iter().map(|r| {
            m = m.max(r.end);
            m
        });
        let max_end = max_end.collect();
        Ranges { sorted, max_end }
    }

    /// These ranges and `more`.
    fn with(self, more: &[Range<usize>]) -> Ranges {
        if more.is_empty() {
            return self;
        }
        let mut all = self.sorted;
        all.extend_from_slice(more);
        Ranges::new(all)
    }

    /// Whether `r` overlaps any of the ranges (`a.start < r.end && r.start < a.end`).
    fn overlaps(&self, r: &Range<usize>) -> bool {
        let i = self.sorted.partition_point(|a| a.start < r.end);
        i > 0 && self.max_end[i - 1] > r.start
    }
}

struct Pending {
    key: KeyRef,
    norm: Range<usize>,
    role: Role,
}

/// Extract the statement's metadata and mentions.
pub(crate) fn extract(text: &str, gazetteer: &Gazetteer) -> Extracted {
    let statement = parse_statement(text);
    let base = statement.body_start;
    let body = &text[base..];
    let citations = scan(body);
    let norm = Normalized::new(body);
    let matches = gazetteer.find_raw(&norm.text);

    // Definitions first: they claim their whole range.
    let mut pending: Vec<Pending> = Vec::new();
    let mut defined_out: Vec<(String, String)> = Vec::new();
    let mut later_uses: Vec<(String, String, usize)> = Vec::new();
    for d in definitions(&norm.text) {
        let long = &norm.text[d.long_form.clone()];
        let by_name = matches.iter().find(|(_, f, r)| *f != Form::Acronym && *r == d.long_form).map(|(i, _, _)| *i);
        let by_acronym = || {
            [d.acronym.as_str(), d.singular()]
                .into_iter()
                .find_map(|a| gazetteer.by_acronym(a))
                .filter(|e| names_agree(long, e))
                .and_then(|e| gazetteer.entities().iter().position(|x| x.key == e.key))
        };
        let key = match by_name.or_else(by_acronym) {
            Some(i) => KeyRef::Entity(i),
            None => {
                let acr = d.singular().to_string();
                let k = defined_key(&acr);
                if !defined_out.iter().any(|(dk, _)| *dk == k) {
                    defined_out.push((k.clone(), long.to_string()));
                }
                later_uses.push((k.clone(), acr, d.whole.end));
                KeyRef::Owned(k, KeyKind::Defined)
            }
        };
        pending.push(Pending { key, norm: d.whole.clone(), role: Role::Definition });
    }
    let claimed = Ranges::new(pending.iter().map(|p| p.norm.clone()).collect());
    for (i, form, r) in &matches {
        if !claimed.overlaps(r) {
            let role = match form {
                Form::Name => Role::Name,
                Form::Alias => Role::Alias,
                Form::Acronym => Role::Acronym,
            };
            pending.push(Pending { key: KeyRef::Entity(*i), norm: r.clone(), role });
        }
    }
    // Later uses of acronyms only this statement defines: each acronym's uses in turn, a use
    // kept unless it overlaps a mention found before it.
    let mut taken = Ranges::new(pending.iter().map(|p| p.norm.clone()).collect());
    for (key, acr, from) in later_uses {
        let finder = memchr::memmem::Finder::new(acr.as_bytes());
        let mut uses = Vec::new();
        for at in finder.find_iter(&norm.text.as_bytes()[from..]) {
            let start = from + at;
            let mut end = start + acr.len();
            if norm.text[end..].starts_with('s') && !is_whole_word(&norm.text, &(start..end)) {
                end += 1;
            }
            let r = start..end;
            // Uses of one acronym do not overlap each other (a match is followed by a
            // non-word character), so only earlier mentions can take a use's place.
            if is_whole_word(&norm.text, &r) && !taken.overlaps(&r) {
                uses.push(r);
            }
        }
        taken = taken.with(&uses);
        pending.extend(uses.into_iter().map(|r| Pending { key: KeyRef::Owned(key.clone(), KeyKind::Defined), norm: r, role: Role::Acronym }));
    }

    let mut spans: Vec<(KeyRef, Range<usize>, Role)> =
        citations.iter().map(|c| (KeyRef::Owned(c.key.clone(), KeyKind::Citation(c.kind)), base + c.span.start..base + c.span.end, Role::Citation)).collect();
    let cited = Ranges::new(spans.iter().map(|s| s.1.clone()).collect());
    for p in pending {
        let r = norm.original_range(body, p.norm);
        let r = base + r.start..base + r.end;
        if !cited.overlaps(&r) {
            spans.push((p.key, r, p.role));
        }
    }
    spans.sort_by_key(|s| (s.1.start, s.1.end));

    let mut descriptions: Vec<(String, String)> = Vec::new();
    let mut described: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for c in &citations {
        if matches!(c.kind, Kind::Document | Kind::MeetingRecord | Kind::PresidentialStatement) && !described.contains(c.key.as_str()) {
            if let Some(r) = described_as(&norm.text, norm.normalized_offset(c.span.start)) {
                described.insert(&c.key);
                descriptions.push((c.key.clone(), display_phrase(&body[norm.original_range(body, r)])));
            }
        }
    }

    let lines = LineIndex::new(text);
    let mentions = spans
        .into_iter()
        .map(|(key, span, role)| {
            let a = lines.line_col(text, span.start, Encoding::Utf16);
            let b = lines.line_col(text, span.end, Encoding::Utf16);
            RawMention { key, span, role, line: a.line, utf16_col: a.col, end_line: b.line, end_utf16_col: b.col }
        })
        .collect();
    Extracted { statement, mentions, descriptions, definitions: defined_out }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture() -> Gazetteer {
        Gazetteer::parse(include_str!("../../tests/data/gazetteer_fixture.toml")).unwrap()
    }

    fn keyed(g: &Gazetteer, text: &str) -> Vec<(String, String, Role)> {
        extract(text, g)
            .mentions
            .into_iter()
            .map(|m| {
                let k = match m.key {
                    KeyRef::Entity(i) => g.entity(i).key.clone(),
                    KeyRef::Owned(k, _) => k,
                };
                (k, text[m.span].to_string(), m.role)
            })
            .collect()
    }

    #[test]
    fn definitions_citations_names_and_later_uses() {
        let g = fixture();
        let text = "---\nmeeting: S/PV.8140\n---\nMr. A (B): the International Atomic Energy Agency\n(IAEA) and the IAEA; weapons of mass destruction (WMDs) and WMDs, the Global Threat Reduction Initiative (GTRI) and GTRI; Security Council resolution 1540 (2004).";
        let got = keyed(&g, text);
        let want: Vec<(String, String, Role)> = [
            ("org:iaea", "International Atomic Energy Agency\n(IAEA)", Role::Definition),
            ("org:iaea", "IAEA", Role::Acronym),
            ("defined:WMD", "weapons of mass destruction (WMDs)", Role::Definition),
            ("defined:WMD", "WMDs", Role::Acronym),
            ("defined:GTRI", "Global Threat Reduction Initiative (GTRI)", Role::Definition),
            ("defined:GTRI", "GTRI", Role::Acronym),
            ("SC 1540", "Security Council resolution 1540 (2004)", Role::Citation),
        ]
        .into_iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c))
        .collect();
        assert_eq!(got, want);
        let e = extract(text, &g);
        assert_eq!(e.statement.label().as_deref(), Some("B (Mr. A)"));
        assert_eq!(
            e.definitions,
            vec![("defined:WMD".into(), "weapons of mass destruction".into()), ("defined:GTRI".into(), "Global Threat Reduction Initiative".into())]
        );
        let iaea = &e.mentions[0];
        assert_eq!((iaea.line, iaea.utf16_col, iaea.end_line, iaea.end_utf16_col), (3, 15, 4, 6));
    }

    #[test]
    fn utf16_columns_and_descriptions() {
        let g = fixture();
        let text = "Ms. Ñúñez (Perú): 𝄞 The Secretary-General’s report (S/2017/1025) and the IAEA.";
        let e = extract(text, &g);
        assert_eq!(e.descriptions, vec![("S/2017/1025".into(), "the Secretary-General’s report".into())]);
        let sym = e.mentions.iter().find(|m| m.role == Role::Citation).unwrap();
        assert_eq!(&text[sym.span.clone()], "S/2017/1025");
        let col = text[..sym.span.start].encode_utf16().count() as u32;
        assert_eq!((sym.line, sym.utf16_col), (0, col));
    }
}
