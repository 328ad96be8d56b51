//! Go to source statement: for the target under the cursor, one place per corpus statement
//! that mentions it (its defining mention when it has one, else its first).

use super::{target_at, Document, Knowledge, NavTarget, Ranged};

/// The statements that mention what is at byte `offset` of `doc`.
pub fn definition(doc: &Document, k: &Knowledge, offset: usize) -> Option<Ranged<Vec<NavTarget>>> {
    let t = target_at(doc, k, offset)?;
    Some(Ranged { span: t.span, info: of_key(k, t.info.key()) })
}

/// One place per corpus statement that mentions `key`, earliest statement first.
pub fn of_key(k: &Knowledge, key: &str) -> Vec<NavTarget> {
    k.index.statements_citing(key).into_iter().map(|(file, m)| NavTarget::Corpus { file, mention: m.clone() }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::fixture::Fixture;

    /// The file names of the statements definition points to, and the target's span.
    #[track_caller]
    fn check(fixture: &str, want: &[&str]) {
        let f = Fixture::parse(fixture);
        let index = f.index();
        let k = Knowledge::new(&index);
        let doc = Document::new(f.text.as_str());
        let got = definition(&doc, &k, f.cursor());
        let files: Vec<String> = got
            .iter()
            .flat_map(|r| &r.info)
            .map(|t| match t {
                NavTarget::Corpus { file, mention } => {
                    let path = index.path(*file);
                    let text = std::fs::read_to_string(path).unwrap_or_default();
                    let name = path.file_name().unwrap().to_string_lossy().into_owned();
                    format!("{name}: {}", text.get(mention.span.clone()).unwrap_or("?").replace('\n', " "))
                }
                other => panic!("not a corpus place: {other:?}"),
            })
            .collect();
        assert_eq!(files, want);
        if let (Some(r), Some(g)) = (&f.range, &got) {
            assert_eq!(&g.span, r);
        }
    }

    #[test]
    fn a_wrapped_citation_in_the_seeds() {
        check(
            "//- seeds\n//- draft\nLine one.\nWe recall $0resolution 15$040\n(2004)$0 and S/2017/1025.\n",
            &["004_5167a4cbcf6c02b8.txt: resolution 1540 (2004)"],
        );
    }

    #[test]
    fn a_name_in_the_statement_that_names_it() {
        check(
            "//- seeds\n//- draft\nIntro.\nWe support the $02030 Age$0nda for\nSustainable Development$0 and the IAEA.\n",
            &["000_d4ea41a10ebcdbe5.txt: 2030 Agenda for Sustainable Development"],
        );
    }

    #[test]
    fn nothing_there_or_nothing_known() {
        check("//- seeds\n//- draft\nWe $0agree.", &[]);
        check("resolution $01540 (2004)", &[]);
    }
}
