//! The protocol edge: every conversion between the analysis layer's plain values (byte
//! spans, [`analysis::Hover`], [`NavTarget`], ...) and `ls_types`. Position conversion goes
//! through [`super::documents`] (over the document's rope) and, for corpus statements,
//! [`Corpus::location`]. Nothing here looks at what a text says.

use tower_lsp_server::ls_types::{Hover, HoverContents, MarkupContent, MarkupKind};

use super::documents::range_of;
use crate::analysis::{self, render, Ranged};
use crate::position::Encoding;
use ropey::Rope;

/// A hover as LSP Markdown, with the range of what it is about.
pub fn hover(rope: &Rope, h: &Ranged<analysis::Hover>, enc: Encoding) -> Hover {
    Hover {
        contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value: render::markdown(&h.info) }),
        range: Some(range_of(rope, &h.span, enc)),
    }
}
