//! References: every mention of the target under the cursor, in the corpus and in the open
//! drafts (their citations and gazetteer names).

use super::{target_at, Document, Knowledge, NavTarget, Ranged};

/// Every mention of what is at byte `offset` of `doc`: the corpus's (earliest statement
/// first), then the drafts' (`drafts[i]` gives `NavTarget::Draft { draft: i, .. }`).
pub fn references(doc: &Document, k: &Knowledge, offset: usize, drafts: &[&Document]) -> Option<Ranged<Vec<NavTarget>>> {
    let t = target_at(doc, k, offset)?;
    Some(Ranged { span: t.span, info: of_key(k, t.info.key(), drafts) })
}

/// Every mention of `key` in the corpus and in `drafts`.
pub fn of_key(k: &Knowledge, key: &str, drafts: &[&Document]) -> Vec<NavTarget> {
    let mut out: Vec<NavTarget> = k.index.mentions(key).iter().map(|m| NavTarget::Corpus { file: m.file, mention: m.clone() }).collect();
    for (draft, d) in drafts.iter().enumerate() {
        let citations = d.citations().iter().filter(|c| c.key == key).map(|c| c.span.clone());
        let names = d.names(k.gazetteer()).iter().filter(|n| n.key == key).map(|n| n.span.clone());
        out.extend(citations.chain(names).map(|span| NavTarget::Draft { draft, span }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::fixture::Fixture;

    #[test]
    fn in_the_corpus_and_in_every_draft() {
        let f = Fixture::parse("//- seeds\n//- draft\nWe recall resolution $01540 (2004), and resolution 1540 (2004) again.");
        let index = f.index();
        let k = Knowledge::new(&index);
        let doc = Document::new(f.text.as_str());
        let other = Document::new("In another draft, resolution 1540\n(2004).");
        let r = references(&doc, &k, f.cursor(), &[&doc, &other]).unwrap();
        let drafts: Vec<(usize, &str)> = r
            .info
            .iter()
            .filter_map(|t| match t {
                NavTarget::Draft { draft, span } => Some((*draft, [&doc, &other][*draft].text().get(span.clone()).unwrap())),
                _ => None,
            })
            .collect();
        assert_eq!(drafts, [(0, "resolution 1540 (2004)"), (0, "resolution 1540 (2004)"), (1, "resolution 1540\n(2004)")]);
        assert!(r.info.iter().any(|t| matches!(t, NavTarget::Corpus { .. })), "{r:?}");
    }

    #[test]
    fn names_too() {
        let f = Fixture::parse("//- seeds\n//- draft\nthe 2030 Agenda for\nSustainable $0Development and the IAEA");
        let index = f.index();
        let k = Knowledge::new(&index);
        let doc = Document::new(f.text.as_str());
        let r = references(&doc, &k, f.cursor(), &[&doc]).unwrap();
        assert!(r.info.contains(&NavTarget::Draft { draft: 0, span: 4..43 }), "{r:?}");
        assert!(r.info.iter().any(|t| matches!(t, NavTarget::Corpus { .. })), "{r:?}");
        assert_eq!(references(&doc, &k, 0, &[&doc]), None);
    }
}
