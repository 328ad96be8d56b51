//! `dragoman explain TEXT`: what hover shows for the first citation, or else the first
//! instrument, organization or corpus-defined acronym, in TEXT, with what the corpus
//! (`--corpus DIR`, default the workspace's `seeds/` or the bundled statements) says of it.

use std::path::PathBuf;
use std::process::ExitCode;

use dragoman::catalogue::Catalogue;
use dragoman::citation::scan;
use dragoman::corpus::default_roots;
use dragoman::gazetteer::Gazetteer;
use dragoman::hover::hover_markdown;
use dragoman::index::CorpusIndex;

use super::EXIT_ERROR;

pub fn run(text: &str, corpus: &[PathBuf]) -> ExitCode {
    let roots = if corpus.is_empty() { default_roots(std::env::current_dir().ok().as_deref()) } else { corpus.to_vec() };
    if let Some(missing) = roots.iter().find(|r| !r.exists()) {
        eprintln!("dragoman: {}: no such file or folder", missing.display());
        return ExitCode::from(EXIT_ERROR);
    }
    let gazetteer = Gazetteer::bundled();
    let (index, _skipped) = CorpusIndex::build(&roots, gazetteer);
    let hover = if let Some(c) = scan(text).first() {
        Some(hover_markdown(c, Catalogue::bundled(), Some(&index.facts(&c.key))))
    } else if let Some(m) = gazetteer.find(text).first() {
        index.hover_markdown(&m.entity.key).or_else(|| Some(m.entity.hover_markdown()))
    } else {
        // An acronym only the corpus spells out (`GTRI`).
        text.split(|c: char| !c.is_ascii_alphanumeric()).find_map(|w| index.hover_markdown(&format!("defined:{w}")))
    };
    match hover {
        Some(h) => {
            println!("{h}");
            ExitCode::SUCCESS
        }
        None => {
            eprintln!("dragoman: no citation or known name in {text:?}");
            ExitCode::from(1)
        }
    }
}
