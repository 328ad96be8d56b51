//! Test fixtures for the analysis layer (texlab's and rust-analyzer's pattern): a draft with
//! inline `$0` markers, and the corpus it is analysed against.
//!
//! - Markers: one `$0` is the cursor; two mark a range (the cursor at its start); three
//!   mark a range with the cursor at the middle marker. Inline markers, not `^^^` lines
//!   under the text, because columns do not line up under Arabic or Chinese text.
//! - Sections: `//- corpus/NAME.txt` starts a corpus statement, `//- seeds` uses the
//!   repository's `seeds/` as the corpus, and `//- draft` starts the draft. A fixture with
//!   no `//-` line is all draft, with an empty corpus.

use std::path::{Path, PathBuf};

use super::Span;
use crate::gazetteer::Gazetteer;
use crate::index::CorpusIndex;

const MARKER: &str = "$0";

#[derive(Debug, Default)]
pub struct Fixture {
    /// The draft, markers removed.
    pub text: String,
    /// Offsets of the markers in `text`.
    pub markers: Vec<usize>,
    /// The marked range, if any.
    pub range: Option<Span>,
    pub corpus: Vec<(PathBuf, String)>,
    pub seeds: bool,
}

impl Fixture {
    pub fn parse(fixture: &str) -> Fixture {
        let mut f = Fixture::default();
        let mut draft = String::new();
        if !fixture.starts_with("//- ") {
            draft = fixture.to_string();
        } else {
            let mut current: Option<String> = None;
            let mut body = String::new();
            let flush = |name: Option<String>, body: &mut String, f: &mut Fixture, draft: &mut String| {
                match name.as_deref() {
                    Some("draft") => *draft = std::mem::take(body),
                    Some("seeds") => f.seeds = true,
                    Some(path) => f.corpus.push((PathBuf::from("/fixture").join(path), std::mem::take(body))),
                    None => {}
                }
                body.clear();
            };
            for line in fixture.split_inclusive('\n') {
                if let Some(name) = line.strip_prefix("//- ") {
                    flush(current.take(), &mut body, &mut f, &mut draft);
                    current = Some(name.trim().to_string());
                } else {
                    body.push_str(line);
                }
            }
            flush(current.take(), &mut body, &mut f, &mut draft);
        }
        let mut rest = draft.as_str();
        while let Some(i) = rest.find(MARKER) {
            f.text.push_str(&rest[..i]);
            f.markers.push(f.text.len());
            rest = &rest[i + MARKER.len()..];
        }
        f.text.push_str(rest);
        match f.markers[..] {
            [a, b] => f.range = Some(a..b),
            [a, _, c] => f.range = Some(a..c),
            _ => {}
        }
        f
    }

    /// The cursor: the only marker, the start of a two-marker range, or the middle marker.
    pub fn cursor(&self) -> usize {
        match self.markers[..] {
            [a] | [a, _] | [_, a, _] => a,
            _ => panic!("the fixture needs one, two or three $0 markers"),
        }
    }

    /// The corpus index of the fixture.
    pub fn index(&self) -> CorpusIndex {
        let g = Gazetteer::bundled();
        let mut index = if self.seeds { CorpusIndex::build(&[seeds()], g).0 } else { CorpusIndex::empty(g) };
        for (path, text) in &self.corpus {
            index.update_text(path, text);
        }
        index
    }
}

pub fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

#[test]
fn markers_and_sections() {
    let f = Fixture::parse("//- corpus/a.txt\nText.\n//- draft\nSee $0S/20$017/1025$0.");
    assert_eq!(f.text, "See S/2017/1025.");
    assert_eq!((f.cursor(), f.range.clone()), (8, Some(4..15)));
    assert_eq!(f.corpus, [(PathBuf::from("/fixture/corpus/a.txt"), "Text.\n".to_string())]);
}
