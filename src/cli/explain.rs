//! `dragoman explain TEXT`: what hover shows for the first citation or name in TEXT
//! ([`analysis::hover::first`]: the first target, looked up with the server's
//! `target_at` and `hover`), with what the corpus (`--corpus DIR`, default the workspace's
//! `seeds/` or the bundled statements) says of it. Plain text by default, Markdown (as the
//! editor gets it) or JSON on request.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;
use dragoman::analysis::{self, render, Document, Knowledge};
use dragoman::corpus::default_roots;
use dragoman::gazetteer::Gazetteer;
use dragoman::index::CorpusIndex;
use serde_json::json;

use super::EXIT_ERROR;

/// How `explain` prints the hover.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub(crate) enum ExplainFormat {
    /// Plain text, for a terminal.
    Human,
    /// Markdown, exactly as the editor receives it.
    Markdown,
    /// JSON: the matched text, its byte span, and every field of the hover.
    Json,
}

pub fn run(text: &str, corpus: &[PathBuf], format: ExplainFormat) -> ExitCode {
    let roots = if corpus.is_empty() { default_roots(std::env::current_dir().ok().as_deref()) } else { corpus.to_vec() };
    if let Some(missing) = roots.iter().find(|r| !r.exists()) {
        eprintln!("dragoman: {}: no such file or folder", missing.display());
        return ExitCode::from(EXIT_ERROR);
    }
    let (index, _skipped) = CorpusIndex::build(&roots, Gazetteer::bundled());
    let doc = Document::new(text);
    let Some(h) = analysis::hover::first(&doc, &Knowledge::new(&index)) else {
        eprintln!("dragoman: no citation or known name in {text:?}");
        return ExitCode::from(1);
    };
    match format {
        ExplainFormat::Human => println!("{}", render::plain(&h.info)),
        ExplainFormat::Markdown => println!("{}", render::markdown(&h.info)),
        ExplainFormat::Json => {
            let v = json!({ "text": &text[h.span.clone()], "start": h.span.start, "end": h.span.end, "hover": render::json(&h.info) });
            println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
        }
    }
    ExitCode::SUCCESS
}
