//! The analysis layer: what is at a place in a draft, and what Dragoman knows about it.
//!
//! Pure functions over a [`Document`] (one version of a draft: its text, with its citations
//! and names computed once) and the [`Knowledge`] (catalogue, gazetteer, corpus index).
//! Byte offsets go in, plain data comes out: no LSP types, no ropes, no async. The language
//! server ([`crate::server`]) and the CLI only translate positions and types and render
//! the results; neither inspects a draft's text for citations or names.
//!
//! One module per feature, each with one entry function and its tests beside it:
//!
//! | feature | module |
//! | --- | --- |
//! | what is under the cursor | [`target`] |
//! | hover (a plain [`Hover`] value) | [`hover`] |
//! | hover as Markdown, plain text or JSON | [`render`] |
//! | go to source statement | [`definition`] |
//! | references | [`references`] |
//! | completion | [`completion`] |
//! | document and workspace symbols | [`symbols`] |
//! | document links | [`links`] |
//! | diagnostics, fix-all | [`diagnostics`] |

pub mod completion;
pub mod definition;
pub mod diagnostics;
pub mod hover;
pub mod links;
pub mod references;
pub mod render;
pub mod symbols;
pub mod target;

#[cfg(test)]
pub(crate) mod fixture;

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Serialize};

use crate::catalogue::Catalogue;
use crate::citation::{scan, Citation};
use crate::gazetteer::Gazetteer;
use crate::hover::CorpusFacts;
use crate::index::{CorpusIndex, FileId, Mention};

pub use completion::{completion, Completion, Completions};
pub use definition::definition;
pub use hover::{hover, Hover};
pub use links::{links, Link, LinkOptions};
pub use references::references;
pub use symbols::{document_symbols, workspace_symbols, Symbol, SymbolGroup, WorkspaceSymbol};
pub use target::{target_at, targets, Target};

/// A byte range in a document.
pub type Span = Range<usize>;

/// An answer with the span of what it is about (rust-analyzer's `RangeInfo`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ranged<T> {
    pub span: Span,
    pub info: T,
}

/// A name in a draft: the key of what it names (`org:iaea`, `instrument:att`) and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    pub key: String,
    pub span: Span,
}

/// One version of one draft: its text, and what is computed from the whole text once and
/// shared by every request on that version (citations, names).
#[derive(Debug)]
pub struct Document {
    text: Arc<str>,
    citations: OnceLock<Vec<Citation>>,
    names: OnceLock<Vec<Name>>,
}

impl Document {
    pub fn new(text: impl Into<Arc<str>>) -> Document {
        Document { text: text.into(), citations: OnceLock::new(), names: OnceLock::new() }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// Every citation of the draft, in order (scanned on first use).
    pub fn citations(&self) -> &[Citation] {
        self.citations.get_or_init(|| scan(&self.text))
    }

    /// Every instrument or organization the draft names (found on first use).
    pub fn names(&self, gazetteer: &Gazetteer) -> &[Name] {
        self.names.get_or_init(|| gazetteer.find(&self.text).into_iter().map(|m| Name { key: m.entity.key.clone(), span: m.span }).collect())
    }
}

/// What Dragoman knows, apart from the drafts: the catalogue of resolutions, and the corpus
/// index (which holds the gazetteer). `facts` may be memoized by the caller (the server
/// keeps the answers until the corpus changes).
#[derive(Clone, Copy)]
pub struct Knowledge<'a> {
    pub catalogue: &'a Catalogue,
    pub index: &'a CorpusIndex,
    facts: Option<&'a (dyn Fn(&str) -> CorpusFacts + Sync)>,
}

impl<'a> Knowledge<'a> {
    /// The bundled catalogue and `index`.
    pub fn new(index: &'a CorpusIndex) -> Knowledge<'a> {
        Knowledge { catalogue: Catalogue::bundled(), index, facts: None }
    }

    /// Take corpus facts from `facts` (a memo of [`CorpusIndex::facts`]) instead of the index.
    pub fn with_facts(self, facts: &'a (dyn Fn(&str) -> CorpusFacts + Sync)) -> Knowledge<'a> {
        Knowledge { facts: Some(facts), ..self }
    }

    pub fn gazetteer(&self) -> &'a Gazetteer {
        self.index.gazetteer()
    }

    /// What the corpus knows about `key` ([`CorpusIndex::facts`]).
    pub fn facts(&self, key: &str) -> CorpusFacts {
        match self.facts {
            Some(f) => f(key),
            None => self.index.facts(key),
        }
    }
}

/// Where an answer points: a mention in a corpus statement, a span of an open draft (by the
/// caller's index into the drafts it passed), or a web page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NavTarget {
    Corpus { file: FileId, mention: Mention },
    Draft { draft: usize, span: Span },
    Web { url: String },
}
