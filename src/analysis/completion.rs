//! Completion: after `resolution `, the catalogue's resolution numbers with their year and
//! subject, filtered by the digits typed so far; in a word, the names and acronyms of
//! instruments and organizations (and acronyms the corpus spells out) with a word starting
//! with it.

use std::cmp::Reverse;
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
    let replace = offset - typed.len()..offset;
    let mut candidates: Vec<Candidate> = Vec::new();
    if !typed.contains('/') {
        for r in k.catalogue.sc_all().iter().filter(|r| r.number.to_string().starts_with(typed)) {
            candidates.push(Candidate {
                key: format!("SC {}", r.number),
                label: format!("{} ({})", r.number, r.year),
                number: r.number.to_string(),
                detail: r.topic.map(str::to_string),
            });
        }
    }
    if !typed.is_empty() {
        for r in k.catalogue.ga_all() {
            let label = r.cited();
            if label.starts_with(typed) {
                candidates.push(Candidate { key: format!("GA {label}"), number: label.clone(), label, detail: r.title().map(|t| t.value.to_string()) });
            }
        }
    }
    let items = rank(candidates, doc, k, &replace, typed);
    let incomplete = items.len() > MAX_COMPLETIONS;
    let items =
        items.into_iter().take(MAX_COMPLETIONS).map(|c| Completion { insert: c.label.clone(), label: c.label, detail: c.detail, hover: None }).collect();
    Some(Completions { items, replace, incomplete })
}

/// A resolution that completion may offer: its key (`SC 1540`, `GA 79/1`), what is shown
/// and inserted (`1540 (2004)`, `79/1`), its number as typed (`1540`, `79/1`).
struct Candidate {
    key: String,
    label: String,
    number: String,
    detail: Option<String>,
}

/// Order resolution candidates, best first:
///
/// 1. cited in this draft, most citations first (not counting the citation being typed,
///    which overlaps `typing`);
/// 2. cited in the corpus, in most statements first;
/// 3. nearest in number to what was typed: the fewest digits added to `typed` first, then
///    the smallest number (`154` → `154`, `1540`, `1541` … `1549`); with nothing typed, the
///    most recent first (drafts cite recent resolutions most);
/// 4. Security Council before General Assembly, as the catalogue lists them.
fn rank(candidates: Vec<Candidate>, doc: &Document, k: &Knowledge, typing: &Span, typed: &str) -> Vec<Candidate> {
    let mut in_draft: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for c in doc.citations().iter().filter(|c| c.span.end < typing.start || c.span.start > typing.end) {
        *in_draft.entry(c.key.as_str()).or_default() += 1;
    }
    let rank_of = |i: usize, c: &Candidate| {
        let parts: Vec<u32> = c.number.split('/').map(|p| p.parse().unwrap_or(u32::MAX)).collect();
        Rank {
            draft: Reverse(in_draft.get(c.key.as_str()).copied().unwrap_or(0)),
            corpus: Reverse(k.index.statements_count(&c.key)),
            near: if typed.is_empty() { (0, parts.iter().map(|p| u32::MAX - p).collect()) } else { (c.number.len() - typed.len(), parts) },
            order: i,
        }
    };
    let mut ranked: Vec<(Rank, Candidate)> = candidates.into_iter().enumerate().map(|(i, c)| (rank_of(i, &c), c)).collect();
    ranked.sort_by(|a, b| a.0.cmp(&b.0));
    ranked.into_iter().map(|(_, c)| c).collect()
}

/// A candidate's place in [`rank`]'s order (smaller first), field by field.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct Rank {
    draft: Reverse<usize>,
    corpus: Reverse<usize>,
    /// Digits added to what was typed, then the number's parts (reversed when nothing was typed).
    near: (usize, Vec<u32>),
    order: usize,
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
    use crate::catalogue::Catalogue;
    use expect_test::expect;

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

    /// Completion on a fixture with its own corpus (no seeds), and its first `n` labels.
    fn first(fixture: &str, n: usize) -> Vec<String> {
        let f = Fixture::parse(fixture);
        let index = f.index();
        let doc = Document::new(f.text.as_str());
        let c = completion(&doc, &Knowledge::new(&index), f.cursor()).expect("completions");
        c.items.iter().take(n).map(|i| i.label.clone()).collect()
    }

    #[test]
    fn ranks_by_nearness_of_number_without_citations() {
        // Nothing cited anywhere: the number typed first, then one digit more, smallest first.
        expect![[r#"
            [
                "154 (1960)",
                "1540 (2004)",
                "1541 (2004)",
                "1542 (2004)",
            ]
        "#]]
        .assert_debug_eq(&first("We recall resolution 154$0", 4));
        // Nothing typed: the most recent first.
        let last = Catalogue::bundled().sc_last();
        assert_eq!(first("resolution $0", 1), [format!("{} ({})", last.number, last.year)]);
        // General Assembly: the session typed, numbers in order.
        assert_eq!(first("resolution 79/$0", 3), ["79/1", "79/2", "79/3"]);
    }

    #[test]
    fn ranks_what_the_draft_cites_first() {
        // The draft cites 1549 twice and 1545 once: both come before 154 and 1540.
        let got = first("Recalling resolution 1549 (2004). Noting resolution 1545 (2004). Again resolution 1549 (2004).\nWe recall resolution 154$0", 3);
        assert_eq!(got, ["1549 (2004)", "1545 (2004)", "154 (1960)"]);
    }

    #[test]
    fn ranks_what_the_corpus_cites_after_the_draft() {
        let corpus = "//- corpus/a.txt\nWe recall resolution 1673 (2006) and resolution 1540 (2004).\n//- corpus/b.txt\nResolution 1540 (2004) matters.\n";
        // The corpus: 1540 in two statements, 1673 in one; neither in the draft.
        assert_eq!(first(&format!("{corpus}//- draft\nresolution 1$0"), 2), ["1540 (2004)", "1673 (2006)"]);
        // The draft first: 1674 cited in the draft beats 1673 cited in the corpus.
        assert_eq!(first(&format!("{corpus}//- draft\nSee resolution 1674 (2006).\nresolution 16$0"), 2), ["1674 (2006)", "1673 (2006)"]);
        // The citation being typed (`resolution 154`, a citation of SC 154 as it stands) does
        // not count as cited in the draft: 1540, cited in the corpus, comes first.
        assert_eq!(first(&format!("{corpus}//- draft\nWe recall resolution 154$0"), 2), ["1540 (2004)", "154 (1960)"]);
    }

    #[test]
    fn ranked_before_the_list_is_cut() {
        // 1540 is far down the catalogue's order and past MAX_COMPLETIONS from the end, yet
        // first when the draft cites it.
        let f = Fixture::parse("Recalling resolution 1540 (2004),\nresolution $0");
        let index = f.index();
        let c = completion(&Document::new(f.text.as_str()), &Knowledge::new(&index), f.cursor()).unwrap();
        assert!(c.incomplete);
        assert_eq!(c.items[0].label, "1540 (2004)");
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
