//! What is under the cursor: a citation, an instrument or organization the gazetteer knows
//! (by any name, alias or acronym), or an acronym only the corpus spells out.
//!
//! [`target_at`] takes citations from the document (scanned once per version, so a citation
//! reads the same under the cursor as in the diagnostics) and looks for names only in the few
//! lines around the offset, so after the first scan its cost does not grow with the draft.
//! [`targets`] lists every target of a text in order (`dragoman explain` takes the first).

use memchr::{memchr_iter, memrchr_iter};

use super::{Document, Knowledge, Ranged, Span};
use crate::citation::Citation;
use crate::index::keys::defined_key;
use crate::index::KeyKind;

/// How far around the cursor [`target_at`] looks: a citation or a name may wrap, so a few
/// lines, at most [`WINDOW_BYTES`] on either side.
const WINDOW_LINES: usize = 3;
const WINDOW_BYTES: usize = 2048;

/// What a span of a draft refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A citation (its inner spans relative to the text it was scanned from).
    Citation(Box<Citation>),
    /// An instrument or organization of the gazetteer (`org:iaea`).
    Entity { key: String },
    /// An acronym only the corpus spells out (`defined:GTRI`).
    Defined { key: String },
}

impl Target {
    /// The key the corpus index files it under (`SC 1540`, `org:iaea`, `defined:GTRI`).
    pub fn key(&self) -> &str {
        match self {
            Target::Citation(c) => &c.key,
            Target::Entity { key } | Target::Defined { key } => key,
        }
    }
}

/// The whole lines around `offset`, at most about [`WINDOW_BYTES`] on either side, cut at
/// character boundaries: the window's start byte.
fn window(text: &str, offset: usize) -> Span {
    let bytes = text.as_bytes();
    let lo = offset.saturating_sub(WINDOW_BYTES);
    let hi = (offset + WINDOW_BYTES).min(text.len());
    // The start of the line `WINDOW_LINES` before the cursor's.
    let mut a = memrchr_iter(b'\n', &bytes[lo..offset]).nth(WINDOW_LINES).map_or(lo, |i| lo + i + 1);
    // The end of the line `WINDOW_LINES` after the cursor's (with its line break).
    let mut b = memchr_iter(b'\n', &bytes[offset..hi]).nth(WINDOW_LINES).map_or(hi, |i| offset + i + 1);
    while !text.is_char_boundary(a) {
        a += 1;
    }
    while !text.is_char_boundary(b) {
        b -= 1;
    }
    a..b
}

/// The one of `spans` under `at`: containing it, else ending at it (the cursor just after).
fn pick<T>(items: impl IntoIterator<Item = (Span, T)> + Clone, at: usize) -> Option<(Span, T)> {
    let items = items.into_iter().collect::<Vec<_>>();
    let i = items.iter().position(|(s, _)| s.start <= at && at < s.end).or_else(|| items.iter().position(|(s, _)| s.end == at))?;
    items.into_iter().nth(i)
}

/// The target at byte `offset` of `doc`: a citation first, else a gazetteer name, else an
/// acronym in capitals (a plural `s` dropped: `WMDs`) that the corpus spells out.
pub fn target_at(doc: &Document, k: &Knowledge, offset: usize) -> Option<Ranged<Target>> {
    let text = doc.text();
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let w = window(text, offset);
    let part = &text[w.clone()];
    let at = offset - w.start;
    let shift = |s: &Span| s.start + w.start..s.end + w.start;
    if let Some(c) = citation_at(doc.citations(), offset) {
        return Some(Ranged { span: c.span.clone(), info: Target::Citation(Box::new(c.clone())) });
    }
    let names = k.gazetteer().find(part);
    if let Some((span, key)) = pick(names.iter().map(|m| (m.span.clone(), &m.entity.key)), at) {
        return Some(Ranged { span: shift(&span), info: Target::Entity { key: key.clone() } });
    }
    let is_word = |c: char| c.is_alphanumeric() || c == '-';
    let start = part[..at].char_indices().rev().take_while(|&(_, c)| is_word(c)).last().map_or(at, |(i, _)| i);
    let end = at + part[at..].char_indices().find(|&(_, c)| !is_word(c)).map_or(part.len() - at, |(i, _)| i);
    let key = defined_acronym(k, &part[start..end])?;
    Some(Ranged { span: shift(&(start..end)), info: Target::Defined { key } })
}

/// The citation of `citations` (in order, not overlapping) under `at`: containing it, else
/// ending at it (the cursor just after). The document's citations are scanned from the whole
/// text once per version, so hover reads a citation exactly as the checker does, with the
/// context of the whole draft (the organ named paragraphs earlier, the full citation a short
/// form is bound to).
fn citation_at(citations: &[Citation], at: usize) -> Option<&Citation> {
    let after = citations.partition_point(|c| c.span.start <= at);
    let containing = after.checked_sub(1).map(|i| &citations[i]).filter(|c| at < c.span.end);
    containing.or_else(|| citations[..after].iter().rev().take(2).find(|c| c.span.end == at))
}

/// `defined:GTRI` for a word in capitals (`GTRI`, plural `GTRIs`) that the corpus spells out.
fn defined_acronym(k: &Knowledge, word: &str) -> Option<String> {
    let acronym = word.strip_suffix('s').filter(|w| w.len() >= 2).unwrap_or(word);
    if acronym.len() < 2 || !acronym.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()) {
        return None;
    }
    let key = defined_key(acronym);
    (k.index.kind(&key) == Some(KeyKind::Defined)).then_some(key)
}

/// Every target of `doc`, in the order they start: citations, the gazetteer names that do
/// not overlap a citation, and corpus-defined acronyms that overlap neither. Each is what
/// [`target_at`] finds at its start.
pub fn targets(doc: &Document, k: &Knowledge) -> Vec<Ranged<Target>> {
    let mut out: Vec<Ranged<Target>> = doc.citations().iter().map(|c| Ranged { span: c.span.clone(), info: Target::Citation(Box::new(c.clone())) }).collect();
    let overlaps = |out: &[Ranged<Target>], s: &Span| out.iter().any(|t| t.span.start < s.end && s.start < t.span.end);
    for n in doc.names(k.gazetteer()) {
        if !overlaps(&out, &n.span) {
            out.push(Ranged { span: n.span.clone(), info: Target::Entity { key: n.key.clone() } });
        }
    }
    let text = doc.text();
    let mut i = 0;
    for word in text.split(|c: char| !(c.is_alphanumeric() || c == '-')) {
        let span = i..i + word.len();
        i = span.end + text[span.end..].chars().next().map_or(0, char::len_utf8);
        if word.is_empty() || overlaps(&out, &span) {
            continue;
        }
        if let Some(key) = defined_acronym(k, word) {
            out.push(Ranged { span, info: Target::Defined { key } });
        }
    }
    out.sort_by_key(|t| t.span.start);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::fixture::Fixture;

    /// The key and the marked span of the target at the fixture's cursor.
    #[track_caller]
    fn check(fixture: &str, want: Option<&str>) {
        let f = Fixture::parse(fixture);
        let index = f.index();
        let k = Knowledge::new(&index);
        let doc = Document::new(f.text.as_str());
        let got = target_at(&doc, &k, f.cursor());
        match (got, want) {
            (None, None) => {}
            (Some(t), Some(key)) => {
                assert_eq!(t.info.key(), key);
                assert_eq!(Some(&t.span), f.range.as_ref(), "span of {key}");
            }
            (got, want) => panic!("wanted {want:?}, got {got:?}"),
        }
    }

    #[test]
    fn a_wrapped_citation() {
        check("Line one.\nWe recall $0resolution 15$040\n(2004)$0 and S/2017/1025.\n", Some("SC 1540"));
    }

    #[test]
    fn just_after_a_citation() {
        check("See $0S/2017/1025$0$0.", Some("S/2017/1025"));
    }

    #[test]
    fn a_wrapped_name() {
        check("Intro.\nWe support the $02030 Age$0nda for\nSustainable Development$0 and the IAEA.\n", Some("instrument:agenda-2030"));
    }

    #[test]
    fn an_acronym_of_the_gazetteer() {
        check("and the $0I$0AEA$0.", Some("org:iaea"));
    }

    #[test]
    fn an_acronym_only_the_corpus_spells_out() {
        let corpus = "//- corpus/a.txt\nMr. A (Freedonia): We welcome the Lake Victoria Fisheries Accord (LVFA) and its work.\n";
        check(&format!("{corpus}//- draft\nAs for the $0L$0VFA$0, we agree."), Some("defined:LVFA"));
        check(&format!("{corpus}//- draft\nAs for the $0L$0VFAs$0, we agree."), Some("defined:LVFA"));
        check(&format!("{corpus}//- draft\nAs for the LVFA, we $0agree."), None);
        // Unknown to the corpus: nothing.
        check("As for the $0LVFA, we agree.", None);
    }

    #[test]
    fn nothing_here() {
        check("L$0ine one.", None);
        check("$0", None);
    }

    #[test]
    fn far_from_the_start_of_a_long_draft() {
        let filler = "Nothing to see here at all.\n".repeat(2000);
        check(&format!("{filler}We recall $0resolution 2$0325 (2016)$0.\n{filler}"), Some("SC 2325"));
    }

    #[test]
    fn every_target_in_order() {
        let corpus = "//- corpus/a.txt\nMr. A (Freedonia): We welcome the Lake Victoria Fisheries Accord (LVFA) and its work.\n";
        let f = Fixture::parse(&format!("{corpus}//- draft\nThe LVFA, the IAEA and resolution 1540 (2004) of the Security Council."));
        let index = f.index();
        let k = Knowledge::new(&index);
        let doc = Document::new(f.text.as_str());
        let keys: Vec<String> = targets(&doc, &k).iter().map(|t| t.info.key().to_string()).collect();
        assert_eq!(keys, ["defined:LVFA", "org:iaea", "SC 1540", "org:sc"]);
        // Each is what target_at finds at its start.
        for t in targets(&doc, &k) {
            assert_eq!(target_at(&doc, &k, t.span.start).map(|x| x.span), Some(t.span));
        }
    }
}
