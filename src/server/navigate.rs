//! Read-only requests: hover, definition, references, document symbols and links,
//! workspace symbols, completion. Each function translates LSP positions into the crate's
//! byte offsets (through [`super::documents`]), calls the citation grammar, the catalogue,
//! [`crate::hover`] or the corpus, and translates the answer back.

use std::path::Path;
use std::str::FromStr;
use std::sync::OnceLock;

use ropey::Rope;
use tower_lsp_server::ls_types::{
    CompletionItem, CompletionItemKind, CompletionList, CompletionTextEdit, DocumentLink, DocumentSymbol, Documentation, Hover, HoverContents,
    Location, MarkupContent, MarkupKind, Position, Range, SymbolInformation, SymbolKind, TextEdit, Uri,
};

use super::corpus::{CorpusSource, Mention};
use super::documents::{position_of, range_of};
use crate::catalogue::Catalogue;
use crate::citation::{scan, Citation, Kind, Organ};
use crate::hover::{hover_markdown, undocs_link};
use crate::position::Encoding;

/// How far around the cursor [`citation_at`] looks: a citation may wrap, so a few lines.
const WINDOW_LINES: usize = 3;
const WINDOW_BYTES: usize = 2048;

/// A citation found at a position: the citation (its inner spans relative to the scanned
/// window) and its span in the document.
#[derive(Debug, Clone)]
pub struct Hit {
    pub citation: Citation,
    pub span: std::ops::Range<usize>,
}

/// The citation under byte `offset`, scanning only the lines around it (so the cost does
/// not grow with the document).
pub fn citation_at(rope: &Rope, offset: usize) -> Option<Hit> {
    let offset = offset.min(rope.len_bytes());
    let line = rope.byte_to_line(offset);
    let first = line.saturating_sub(WINDOW_LINES);
    let last = (line + WINDOW_LINES + 1).min(rope.len_lines());
    let a = rope.line_to_byte(first).max(offset.saturating_sub(WINDOW_BYTES));
    let b = if last >= rope.len_lines() { rope.len_bytes() } else { rope.line_to_byte(last) }.min(offset + WINDOW_BYTES);
    // Snap to character boundaries.
    let a = rope.char_to_byte(rope.byte_to_char(a));
    let b = rope.char_to_byte(rope.byte_to_char(b));
    let window = rope.byte_slice(a..b).to_string();
    let at = offset - a;
    let found = scan(&window);
    let pick = found.iter().position(|c| c.span.start <= at && at < c.span.end).or_else(|| found.iter().position(|c| c.span.end == at))?;
    let citation = found.into_iter().nth(pick)?;
    let span = citation.span.start + a..citation.span.end + a;
    Some(Hit { citation, span })
}

/// Hover for the citation at `offset`: what the catalogue and the corpus say.
pub fn hover(rope: &Rope, offset: usize, corpus: &dyn CorpusSource, enc: Encoding) -> Option<Hover> {
    let hit = citation_at(rope, offset)?;
    let facts = corpus.facts(&hit.citation.key);
    let value = hover_markdown(&hit.citation, Catalogue::bundled(), Some(&facts));
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value }),
        range: Some(range_of(rope, &hit.span, enc)),
    })
}

/// A corpus mention as an LSP location.
pub fn location(m: &Mention, enc: Encoding) -> Option<Location> {
    let uri = Uri::from_file_path(&*m.path)?;
    let (a, b) = m.range(enc);
    Some(Location {
        uri,
        range: Range { start: Position { line: a.line, character: a.col }, end: Position { line: b.line, character: b.col } },
    })
}

/// Go to source statement: the first mention of the citation at `offset` in each corpus
/// statement that cites it.
pub fn definition(rope: &Rope, offset: usize, corpus: &dyn CorpusSource, enc: Encoding) -> Vec<Location> {
    let Some(hit) = citation_at(rope, offset) else { return Vec::new() };
    corpus.statements_citing(&hit.citation.key).iter().filter_map(|m| location(m, enc)).collect()
}

/// The key of the citation at `offset`, for references.
pub fn key_at(rope: &Rope, offset: usize) -> Option<String> {
    citation_at(rope, offset).map(|h| h.citation.key)
}

/// Every mention of `key` in the corpus and in the open drafts (`drafts`: uri, rope and
/// the draft's citations).
pub fn references<'a>(key: &str, corpus: &dyn CorpusSource, drafts: impl IntoIterator<Item = (&'a Uri, &'a Rope, &'a [Citation])>, enc: Encoding) -> Vec<Location> {
    let mut out: Vec<Location> = corpus.mentions(key).iter().filter_map(|m| location(m, enc)).collect();
    for (uri, rope, citations) in drafts {
        out.extend(citations.iter().filter(|c| c.key == key).map(|c| Location { uri: uri.clone(), range: range_of(rope, &c.span, enc) }));
    }
    out
}

/// A heading for a kind of citation.
fn kind_title(kind: Kind) -> &'static str {
    match kind {
        Kind::Resolution(Organ::SecurityCouncil) => "Security Council resolutions",
        Kind::Resolution(Organ::GeneralAssembly) => "General Assembly resolutions",
        Kind::Resolution(Organ::HumanRightsCouncil) => "Human Rights Council resolutions",
        Kind::Resolution(Organ::EconomicAndSocialCouncil) => "Economic and Social Council resolutions",
        Kind::Document => "Documents",
        Kind::MeetingRecord => "Meeting records",
        Kind::PresidentialStatement => "Presidential statements",
    }
}

/// The draft's citations grouped by kind, in the order the kinds first appear.
#[allow(deprecated)]
pub fn document_symbols(rope: &Rope, citations: &[Citation], enc: Encoding) -> Vec<DocumentSymbol> {
    let mut groups: Vec<(Kind, Vec<&Citation>)> = Vec::new();
    for c in citations {
        match groups.iter_mut().find(|(k, _)| *k == c.kind) {
            Some((_, v)) => v.push(c),
            None => groups.push((c.kind, vec![c])),
        }
    }
    groups
        .into_iter()
        .map(|(kind, cs)| {
            let children: Vec<DocumentSymbol> = cs
                .iter()
                .map(|c| {
                    let range = range_of(rope, &c.span, enc);
                    DocumentSymbol {
                        name: c.key.clone(),
                        detail: Some(rope.byte_slice(c.span.clone()).to_string().split_whitespace().collect::<Vec<_>>().join(" ")),
                        kind: if matches!(kind, Kind::Resolution(_)) { SymbolKind::CONSTANT } else { SymbolKind::FILE },
                        tags: None,
                        deprecated: None,
                        range,
                        selection_range: range,
                        children: None,
                    }
                })
                .collect();
            let range = Range { start: children[0].range.start, end: children.iter().map(|c| c.range.end).max_by_key(|p| (p.line, p.character)).unwrap_or(children[0].range.end) };
            DocumentSymbol {
                name: kind_title(kind).to_string(),
                detail: Some(format!("{}", children.len())),
                kind: SymbolKind::NAMESPACE,
                tags: None,
                deprecated: None,
                range,
                selection_range: children[0].range,
                children: Some(children),
            }
        })
        .collect()
}

/// Links to undocs.org for every citation that has one.
pub fn document_links(rope: &Rope, citations: &[Citation], enc: Encoding) -> Vec<DocumentLink> {
    citations
        .iter()
        .filter_map(|c| {
            let link = undocs_link(c)?;
            Some(DocumentLink { range: range_of(rope, &c.span, enc), target: Uri::from_str(&link).ok(), tooltip: Some(link), data: None })
        })
        .collect()
}

/// Workspace symbols: citation keys the corpus knows, with the catalogue's subject.
#[allow(deprecated)]
pub fn workspace_symbols(query: &str, corpus: &dyn CorpusSource, enc: Encoding) -> Vec<SymbolInformation> {
    corpus
        .search(query, 200)
        .iter()
        .filter_map(|m| {
            Some(SymbolInformation {
                name: m.key.clone(),
                kind: SymbolKind::CONSTANT,
                tags: None,
                deprecated: None,
                location: location(m, enc)?,
                container_name: m.path.file_name().map(|n| n.to_string_lossy().into_owned()),
            })
        })
        .collect()
}

/// The most completion items returned at once (the list is marked incomplete beyond).
const MAX_COMPLETIONS: usize = 300;

fn resolution_prefix() -> &'static regex::Regex {
    static RE: OnceLock<regex::Regex> = OnceLock::new();
    RE.get_or_init(|| regex::Regex::new(r"(?i)\bresolutions?[ \t\u{a0}]+(\d+(?:/\d*)?)?$").expect("valid regex"))
}

/// Completion at `offset`: after `resolution `, the catalogue's resolution numbers with
/// their year and subject, filtered by the digits typed so far.
pub fn completion(rope: &Rope, offset: usize, enc: Encoding) -> Option<CompletionList> {
    let offset = offset.min(rope.len_bytes());
    let line_start = rope.line_to_byte(rope.byte_to_line(offset));
    let from = rope.char_to_byte(rope.byte_to_char(line_start.max(offset.saturating_sub(80))));
    let before = rope.byte_slice(from..offset).to_string();
    let caps = resolution_prefix().captures(&before)?;
    let typed = caps.get(1).map_or("", |m| m.as_str());
    let start = offset - typed.len();
    let range = Range { start: position_of(rope, start, enc), end: position_of(rope, offset, enc) };
    let cat = Catalogue::bundled();
    let mut items = Vec::new();
    let mut incomplete = false;
    // Items keep the order given here (most recent first).
    let mut push = |label: String, detail: Option<String>| {
        let sort = format!("{:06}", items.len());
        if items.len() >= MAX_COMPLETIONS {
            incomplete = true;
            return;
        }
        items.push(CompletionItem {
            label: label.clone(),
            kind: Some(CompletionItemKind::REFERENCE),
            detail: detail.clone(),
            documentation: detail.map(Documentation::String),
            sort_text: Some(sort),
            filter_text: Some(label.clone()),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit { range, new_text: label })),
            ..Default::default()
        });
    };
    if !typed.contains('/') {
        // Most recent first: drafts cite recent resolutions most.
        for r in cat.sc_all().iter().rev().filter(|r| r.number.to_string().starts_with(typed)) {
            push(format!("{} ({})", r.number, r.year), r.topic.map(str::to_string));
        }
    }
    for r in cat.ga_all() {
        let label = format!("{}/{}", r.session, r.number);
        if !typed.is_empty() && label.starts_with(typed) {
            push(label, r.title.map(str::to_string));
        }
    }
    Some(CompletionList { is_incomplete: incomplete, items })
}

/// Whether a path lies in one of the corpus folders (corpus statements are indexed,
/// never linted).
pub fn in_folders(path: &Path, folders: &[std::path::PathBuf]) -> bool {
    folders.iter().any(|f| path.starts_with(f) || f.canonicalize().is_ok_and(|c| path.starts_with(c)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::corpus::ScanCorpus;

    fn seeds() -> ScanCorpus {
        ScanCorpus::build(&[std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds")], |_, _| {})
    }

    #[test]
    fn hover_and_definition_on_a_wrapped_citation() {
        let text = "Line one.\nWe recall resolution 1540\n(2004) and S/2017/1025.\n";
        let rope = Rope::from_str(text);
        let corpus = seeds();
        let at = text.find("1540").unwrap();
        let h = hover(&rope, at, &corpus, Encoding::Utf16).unwrap();
        let HoverContents::Markup(m) = h.contents else { panic!("markdown expected") };
        assert!(m.value.contains("Security Council resolution 1540 (2004)"), "{}", m.value);
        assert!(m.value.contains("Kazakhstan"), "{}", m.value);
        assert_eq!(h.range.unwrap().start, Position { line: 1, character: 10 });
        assert_eq!(h.range.unwrap().end, Position { line: 2, character: 6 });
        let defs = definition(&rope, at, &corpus, Encoding::Utf16);
        assert!(!defs.is_empty());
        assert!(defs[0].uri.as_str().ends_with("004_5167a4cbcf6c02b8.txt"));
        assert!(hover(&rope, 2, &corpus, Encoding::Utf16).is_none());
        let doc = hover(&rope, text.find("S/2017").unwrap() + 3, &corpus, Encoding::Utf16).unwrap();
        let HoverContents::Markup(m) = doc.contents else { panic!() };
        assert!(m.value.contains("Secretary"), "{}", m.value);
    }

    #[test]
    fn symbols_links_references() {
        let text = "resolution 1540 (2004), S/2017/1025 and resolution 2325 (2016).";
        let rope = Rope::from_str(text);
        let cs = scan(text);
        let syms = document_symbols(&rope, &cs, Encoding::Utf16);
        assert_eq!(syms.len(), 2);
        assert_eq!(syms[0].name, "Security Council resolutions");
        assert_eq!(syms[0].children.as_ref().unwrap().len(), 2);
        let links = document_links(&rope, &cs, Encoding::Utf16);
        assert_eq!(links[0].target.as_ref().unwrap().as_str(), "https://undocs.org/S/RES/1540(2004)");
        let uri = Uri::from_str("file:///draft.md").unwrap();
        let refs = references("SC 1540", &seeds(), [(&uri, &rope, cs.as_slice())], Encoding::Utf16);
        assert!(refs.iter().any(|l| l.uri == uri));
        assert!(refs.iter().any(|l| l.uri != uri));
        assert!(!workspace_symbols("1540", &seeds(), Encoding::Utf16).is_empty());
    }

    #[test]
    fn completes_resolution_numbers() {
        let text = "as resolution 154";
        let rope = Rope::from_str(text);
        let list = completion(&rope, text.len(), Encoding::Utf16).unwrap();
        let item = list.items.iter().find(|i| i.label == "1540 (2004)").expect("1540 offered");
        assert!(item.detail.as_deref().unwrap_or("").contains("proliferation"), "{item:?}");
        assert!(completion(&Rope::from_str("as said "), 8, Encoding::Utf16).is_none());
        let ga = completion(&Rope::from_str("resolution 79/"), 14, Encoding::Utf16).unwrap();
        assert!(ga.items.iter().any(|i| i.label == "79/1"));
    }
}
