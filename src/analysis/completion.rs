//! Completion: after `resolution `, the catalogue's resolution numbers with their year and
//! subject, filtered by the digits typed so far; in a word, the names and acronyms of
//! instruments and organizations (and acronyms the corpus spells out) with a word starting
//! with it.

use std::sync::OnceLock;

use super::hover::{self, Hover};
use super::{Document, Knowledge, Span};
use crate::index::DEFINED_PREFIX;

/// The most completion items returned at once (the list is marked incomplete beyond).
const MAX_COMPLETIONS: usize = 300;

/// The fewest letters typed before names are offered.
const MIN_NAME_PREFIX: usize = 2;

/// What completion offers at a place: the items, in the order to show them, and the span
/// they replace (what was typed of the word or number).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completions {
    pub items: Vec<Completion>,
    pub replace: Span,
    /// More items exist than were returned (ask again as the user types).
    pub incomplete: bool,
}

/// One item: what the list shows, what is inserted, one line more, and what hover would
/// say (for a name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    pub label: String,
    pub insert: String,
    pub detail: Option<String>,
    pub hover: Option<Hover>,
}

fn resolution_prefix() -> &'static regex::Regex {
    static RE: OnceLock<regex::Regex> = OnceLock::new();
    RE.get_or_init(|| regex::Regex::new(r"(?i)\bresolutions?[ \t\u{a0}]+(\d+(?:/\d*)?)?$").expect("valid regex"))
}

/// Completion at byte `offset` of `doc` (it looks at most 80 bytes back on the line).
pub fn completion(doc: &Document, k: &Knowledge, offset: usize) -> Option<Completions> {
    let text = doc.text();
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let mut from = line_start.max(offset.saturating_sub(80));
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let before = &text[from..offset];
    let Some(caps) = resolution_prefix().captures(before) else {
        return names(k, before, offset);
    };
    let typed = caps.get(1).map_or("", |m| m.as_str());
    let mut out = Completions { items: Vec::new(), replace: offset - typed.len()..offset, incomplete: false };
    // Items keep the order given here (most recent first).
    let mut push = |label: String, detail: Option<String>| {
        if out.items.len() >= MAX_COMPLETIONS {
            out.incomplete = true;
            return;
        }
        out.items.push(Completion { insert: label.clone(), label, detail, hover: None });
    };
    if !typed.contains('/') {
        // Most recent first: drafts cite recent resolutions most.
        for r in k.catalogue.sc_all().iter().rev().filter(|r| r.number.to_string().starts_with(typed)) {
            push(format!("{} ({})", r.number, r.year), r.topic.map(str::to_string));
        }
    }
    for r in k.catalogue.ga_all() {
        let label = r.cited();
        if !typed.is_empty() && label.starts_with(typed) {
            push(label, r.title().map(|t| t.value.to_string()));
        }
    }
    Some(out)
}

/// Names and acronyms of instruments and organizations (and acronyms the corpus defines)
/// with a word starting with the word being typed (the end of `before`, which ends at
/// `offset`). For an entity with an acronym two items: `Full Name (ACR)` for a first use
/// and the acronym alone.
fn names(k: &Knowledge, before: &str, offset: usize) -> Option<Completions> {
    let typed_start = before.char_indices().rev().take_while(|&(_, c)| c.is_alphanumeric() || c == '-').last().map_or(before.len(), |(i, _)| i);
    let typed = &before[typed_start..];
    if typed.chars().count() < MIN_NAME_PREFIX || !typed.starts_with(char::is_alphabetic) {
        return None;
    }
    let lower = typed.to_lowercase();
    let starts_word = |t: &str| t.to_lowercase().split(|c: char| !c.is_alphanumeric()).any(|w| w.starts_with(&lower));
    let mut items: Vec<Completion> = Vec::new();
    let mut push = |label: String, detail: &str, hover: Option<Hover>| {
        if !items.iter().any(|i| i.label == label) {
            items.push(Completion { insert: label.clone(), label, detail: Some(detail.to_string()), hover });
        }
    };
    for hit in k.index.search(typed, 40) {
        if !matches!(hit.kind, "organization" | "instrument" | "defined") {
            continue;
        }
        match k.gazetteer().get(&hit.key) {
            Some(e) => {
                let terms = std::iter::once(&e.name).chain(&e.acronyms).chain(&e.aliases);
                if !terms.clone().any(|t| starts_word(t)) {
                    continue;
                }
                let h = hover::entity(e);
                push(e.label(), &hit.detail, Some(h.clone()));
                if let Some(a) = e.acronym() {
                    push(a.to_string(), &e.name, Some(h));
                }
            }
            None => {
                let Some(acr) = hit.key.strip_prefix(DEFINED_PREFIX) else {
                    continue;
                };
                if !starts_word(&hit.label) {
                    continue;
                }
                push(hit.label.clone(), &hit.detail, None);
                push(acr.to_string(), &hit.label, None);
            }
        }
    }
    (!items.is_empty()).then_some(Completions { items, replace: offset - typed.len()..offset, incomplete: true })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::fixture::Fixture;

    fn at(fixture: &str) -> Option<Completions> {
        let f = Fixture::parse(&format!("//- seeds\n//- draft\n{fixture}"));
        let index = f.index();
        let doc = Document::new(f.text.as_str());
        let got = completion(&doc, &Knowledge::new(&index), f.cursor());
        if let (Some(r), Some(c)) = (&f.range, &got) {
            assert_eq!(&c.replace, r, "replaced span");
        }
        got
    }

    fn labels(c: &Completions) -> Vec<&str> {
        c.items.iter().map(|i| i.label.as_str()).collect()
    }

    #[test]
    fn resolution_numbers() {
        let c = at("as resolution $0154$0$0").unwrap();
        let item = c.items.iter().find(|i| i.label == "1540 (2004)").expect("1540 offered");
        assert_eq!(item.insert, "1540 (2004)");
        assert!(item.detail.as_deref().unwrap_or("").contains("proliferation"), "{item:?}");
        assert!(labels(&at("resolution 79/$0").unwrap()).contains(&"79/1"));
        let all = at("resolution $0").unwrap();
        assert!(all.incomplete && all.items.len() == MAX_COMPLETIONS);
        assert_eq!(at("as said $0"), None);
    }

    #[test]
    fn names_and_acronyms() {
        let c = at("and the $0Inter$0$0").unwrap();
        let l = labels(&c);
        assert!(l.contains(&"International Atomic Energy Agency (IAEA)") && l.contains(&"IAEA"), "{l:?}");
        let iaea = c.items.iter().find(|i| i.label == "IAEA").unwrap();
        assert_eq!(iaea.hover.as_ref().map(|h| h.title.as_str()), Some("International Atomic Energy Agency (IAEA)"));
        let c = at("the $0IA$0$0").unwrap();
        assert!(labels(&c).contains(&"IAEA"));
        assert_eq!(at("the I$0"), None);
    }
}
