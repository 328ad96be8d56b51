//! Read-only requests: hover, definition, references, document symbols and links,
//! workspace symbols, completion. Each function translates LSP positions into the crate's
//! byte offsets (through [`super::documents`]), calls the citation grammar, the catalogue,
//! [`crate::hover`], the gazetteer or the corpus index, and translates the answer back.
//! Lookups at a position look only at the few lines around it, so their cost does not grow
//! with the draft.

use std::path::Path;
use std::str::FromStr;
use std::sync::OnceLock;

use ropey::Rope;
use tower_lsp_server::ls_types::{
    CompletionItem, CompletionItemKind, CompletionList, CompletionTextEdit, DocumentLink, DocumentSymbol, Documentation, Location, MarkupContent, MarkupKind,
    Range, SymbolInformation, SymbolKind, TextEdit, Uri,
};

use super::corpus::Corpus;
use super::documents::{position_of, range_of};
use crate::analysis::{render, target_at, Document, Knowledge};
use crate::catalogue::Catalogue;
use crate::citation::{scan, Citation, Kind, Organ};
use crate::gazetteer::Gazetteer;
use crate::hover::undocs_link;
use crate::index::{CorpusIndex, SearchHit, DEFINED_PREFIX};
use crate::position::Encoding;

/// Go to source statement: one location per corpus statement that mentions the thing at
/// `offset` (its defining mention when it has one, else its first).
pub fn definition(doc: &Document, offset: usize, corpus: &Corpus, enc: Encoding) -> Vec<Location> {
    let index = corpus.read();
    let Some(target) = target_at(doc, &Knowledge::new(&index), offset) else {
        return Vec::new();
    };
    corpus.definitions(&index, target.info.key(), enc).to_vec()
}

/// The places an open draft mentions things: citation and entity keys with their spans.
pub fn draft_mentions(text: &str, citations: &[Citation], gazetteer: &Gazetteer) -> Vec<(String, std::ops::Range<usize>)> {
    let mut out: Vec<(String, std::ops::Range<usize>)> = citations.iter().map(|c| (c.key.clone(), c.span.clone())).collect();
    out.extend(gazetteer.find(text).into_iter().map(|m| (m.entity.key.clone(), m.span)));
    out
}

/// Every mention of `key` in the corpus and in the open drafts (`drafts`: uri, rope and
/// the draft's mentions from [`draft_mentions`]).
pub fn references<'a>(
    key: &str,
    corpus: &Corpus,
    drafts: impl IntoIterator<Item = (&'a Uri, &'a Rope, &'a [(String, std::ops::Range<usize>)])>,
    enc: Encoding,
) -> Vec<Location> {
    let index = corpus.read();
    let mut out: Vec<Location> = index.mentions(key).iter().filter_map(|m| corpus.location(&index, m, enc)).collect();
    for (uri, rope, mentions) in drafts {
        out.extend(mentions.iter().filter(|(k, _)| k == key).map(|(_, span)| Location { uri: uri.clone(), range: range_of(rope, span, enc) }));
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
            let range = Range {
                start: children[0].range.start,
                end: children.iter().map(|c| c.range.end).max_by_key(|p| (p.line, p.character)).unwrap_or(children[0].range.end),
            };
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

/// The web page of a search hit the corpus does not mention: the entity's official link,
/// or undocs.org for a resolution.
fn web_location(index: &CorpusIndex, hit: &SearchHit) -> Option<Location> {
    let link = match index.gazetteer().get(&hit.key) {
        Some(e) => e.link.clone()?,
        None => undocs_link(scan(&hit.label).first()?)?,
    };
    Some(Location { uri: Uri::from_str(&link).ok()?, range: Range::default() })
}

fn symbol_kind(kind: &str) -> SymbolKind {
    match kind {
        "organization" => SymbolKind::CLASS,
        "instrument" => SymbolKind::STRUCT,
        "defined" => SymbolKind::KEY,
        k if k.ends_with("resolution") => SymbolKind::CONSTANT,
        _ => SymbolKind::FILE,
    }
}

/// Workspace symbols: everything the corpus, the gazetteer and the catalogue know
/// ([`CorpusIndex::search`]), each at its first corpus statement, or at its web page
/// (official link, undocs.org) when the corpus does not mention it.
#[allow(deprecated)]
pub fn workspace_symbols(query: &str, corpus: &Corpus, enc: Encoding) -> Vec<SymbolInformation> {
    let index = corpus.read();
    index
        .search(query, 200)
        .iter()
        .filter_map(|hit| {
            let location = match index.statements_citing(&hit.key).first() {
                Some((_, m)) => corpus.location(&index, m, enc)?,
                None => web_location(&index, hit)?,
            };
            Some(SymbolInformation {
                name: hit.label.clone(),
                kind: symbol_kind(hit.kind),
                tags: None,
                deprecated: None,
                location,
                container_name: Some(hit.detail.clone()),
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
/// their year and subject, filtered by the digits typed so far; in a word, the names and
/// acronyms of instruments and organizations that start with it.
pub fn completion(rope: &Rope, offset: usize, index: &CorpusIndex, enc: Encoding) -> Option<CompletionList> {
    let offset = offset.min(rope.len_bytes());
    let line_start = rope.line_to_byte(rope.byte_to_line(offset));
    let from = rope.char_to_byte(rope.byte_to_char(line_start.max(offset.saturating_sub(80))));
    let before = rope.byte_slice(from..offset).to_string();
    let Some(caps) = resolution_prefix().captures(&before) else {
        return name_completion(rope, &before, offset, index, enc);
    };
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

/// The fewest letters typed before names are offered.
const MIN_NAME_PREFIX: usize = 2;

/// Names and acronyms of instruments and organizations (and acronyms the corpus defines)
/// with a word starting with the word being typed (the end of `before`, which ends at
/// `offset`). For an entity with an acronym two items: `Full Name (ACR)` for a first use
/// and the acronym alone.
fn name_completion(rope: &Rope, before: &str, offset: usize, index: &CorpusIndex, enc: Encoding) -> Option<CompletionList> {
    let typed_start = before.char_indices().rev().take_while(|&(_, c)| c.is_alphanumeric() || c == '-').last().map_or(before.len(), |(i, _)| i);
    let typed = &before[typed_start..];
    if typed.chars().count() < MIN_NAME_PREFIX || !typed.starts_with(char::is_alphabetic) {
        return None;
    }
    let lower = typed.to_lowercase();
    let range = Range { start: position_of(rope, offset - typed.len(), enc), end: position_of(rope, offset, enc) };
    let starts_word = |t: &str| t.to_lowercase().split(|c: char| !c.is_alphanumeric()).any(|w| w.starts_with(&lower));
    let mut items: Vec<CompletionItem> = Vec::new();
    let mut push = |label: String, insert: String, detail: &str, doc: Option<String>| {
        if items.iter().any(|i| i.label == label) {
            return;
        }
        items.push(CompletionItem {
            label: label.clone(),
            kind: Some(CompletionItemKind::REFERENCE),
            detail: Some(detail.to_string()),
            documentation: doc.map(|value| Documentation::MarkupContent(MarkupContent { kind: MarkupKind::Markdown, value })),
            sort_text: Some(format!("{:06}", items.len())),
            filter_text: Some(label),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit { range, new_text: insert })),
            ..Default::default()
        });
    };
    for hit in index.search(typed, 40) {
        if !matches!(hit.kind, "organization" | "instrument" | "defined") {
            continue;
        }
        match index.gazetteer().get(&hit.key) {
            Some(e) => {
                let terms = std::iter::once(&e.name).chain(&e.acronyms).chain(&e.aliases);
                if !terms.clone().any(|t| starts_word(t)) {
                    continue;
                }
                let doc = Some(render::markdown(&crate::analysis::hover::entity(e)));
                push(e.label(), e.label(), &hit.detail, doc.clone());
                if let Some(a) = e.acronym() {
                    push(a.to_string(), a.to_string(), &e.name, doc);
                }
            }
            None => {
                let Some(acr) = hit.key.strip_prefix(DEFINED_PREFIX) else {
                    continue;
                };
                if !starts_word(&hit.label) {
                    continue;
                }
                push(hit.label.clone(), hit.label.clone(), &hit.detail, None);
                push(acr.to_string(), acr.to_string(), &hit.label, None);
            }
        }
    }
    (!items.is_empty()).then_some(CompletionList { is_incomplete: true, items })
}

/// Whether a path lies in one of the corpus folders (corpus statements are indexed,
/// never linted).
pub fn in_folders(path: &Path, folders: &[std::path::PathBuf]) -> bool {
    folders.iter().any(|f| path.starts_with(f) || f.canonicalize().is_ok_and(|c| path.starts_with(c)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::ls_types::Position;

    fn seeds() -> Corpus {
        Corpus::build(&[std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds")], &|_, _| {}).0
    }

    #[test]
    fn definition_of_citations_names_and_acronyms() {
        let corpus = seeds();
        let text = "Line one.\nWe recall resolution 1540\n(2004) and S/2017/1025.\n";
        let defs = definition(&Document::new(text), text.find("1540").unwrap(), &corpus, Encoding::Utf16);
        assert!(defs[0].uri.as_str().ends_with("004_5167a4cbcf6c02b8.txt"), "{defs:?}");
        let text = "Intro.\nWe support the 2030 Agenda for\nSustainable Development and the IAEA.\n";
        let defs = definition(&Document::new(text), text.find("Agenda").unwrap(), &corpus, Encoding::Utf16);
        assert!(defs.iter().any(|l| l.uri.as_str().ends_with("000_d4ea41a10ebcdbe5.txt")), "{defs:?}");
        let uri = Uri::from_str("file:///draft.md").unwrap();
        let rope = Rope::from_str(text);
        let cs = scan(text);
        let mentions = draft_mentions(text, &cs, corpus.read().gazetteer());
        let refs = references("instrument:agenda-2030", &corpus, [(&uri, &rope, mentions.as_slice())], Encoding::Utf16);
        assert!(refs.iter().any(|l| l.uri == uri) && refs.iter().any(|l| l.uri != uri), "{refs:?}");
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "Mr. A (Freedonia): We welcome the Global Threat Reduction Initiative (GTRI) and its work.\n").unwrap();
        let (corpus, _) = Corpus::build(&[dir.path().to_path_buf()], &|_, _| {});
        let text = "As for the GTRI, we agree.";
        let defs = definition(&Document::new(text), text.find("GTRI").unwrap() + 1, &corpus, Encoding::Utf16);
        assert_eq!(defs.len(), 1, "{defs:?}");
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
        let corpus = seeds();
        let mentions = draft_mentions(text, &cs, corpus.read().gazetteer());
        let refs = references("SC 1540", &corpus, [(&uri, &rope, mentions.as_slice())], Encoding::Utf16);
        assert!(refs.iter().any(|l| l.uri == uri));
        assert!(refs.iter().any(|l| l.uri != uri));
        let ws = workspace_symbols("1540", &corpus, Encoding::Utf16);
        assert!(ws.iter().any(|s| s.name == "resolution 1540 (2004)" && s.location.uri.as_str().starts_with("file://")), "{ws:?}");
        // Known to the catalogue only: its undocs.org page.
        let ws = workspace_symbols("resolution 2700", &corpus, Encoding::Utf16);
        assert!(ws.iter().any(|s| s.location.uri.as_str() == "https://undocs.org/S/RES/2700(2023)"), "{ws:?}");
        let ws = workspace_symbols("atomic", &corpus, Encoding::Utf16);
        assert!(ws.iter().any(|s| s.name == "International Atomic Energy Agency (IAEA)"), "{ws:?}");
    }

    #[test]
    fn completes_resolution_numbers_and_names() {
        let corpus = seeds();
        let index = corpus.read();
        let text = "as resolution 154";
        let rope = Rope::from_str(text);
        let list = completion(&rope, text.len(), &index, Encoding::Utf16).unwrap();
        let item = list.items.iter().find(|i| i.label == "1540 (2004)").expect("1540 offered");
        assert!(item.detail.as_deref().unwrap_or("").contains("proliferation"), "{item:?}");
        assert!(completion(&Rope::from_str("as said "), 8, &index, Encoding::Utf16).is_none());
        let ga = completion(&Rope::from_str("resolution 79/"), 14, &index, Encoding::Utf16).unwrap();
        assert!(ga.items.iter().any(|i| i.label == "79/1"));
        let text = "and the Inter";
        let list = completion(&Rope::from_str(text), text.len(), &index, Encoding::Utf16).unwrap();
        let labels: Vec<&str> = list.items.iter().map(|i| i.label.as_str()).collect();
        assert!(labels.contains(&"International Atomic Energy Agency (IAEA)") && labels.contains(&"IAEA"), "{labels:?}");
        let text = "the IA";
        let list = completion(&Rope::from_str(text), text.len(), &index, Encoding::Utf16).unwrap();
        let item = list.items.iter().find(|i| i.label == "IAEA").unwrap();
        let Some(CompletionTextEdit::Edit(e)) = &item.text_edit else { panic!() };
        assert_eq!(e.range.start, Position { line: 0, character: 4 });
        assert!(completion(&Rope::from_str("the I"), 5, &index, Encoding::Utf16).is_none());
    }
}
