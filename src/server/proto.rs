//! The protocol edge: every conversion between the analysis layer's plain values (byte
//! spans, [`analysis::Hover`], [`NavTarget`], [`Completions`], …) and `ls_types`. Positions
//! in an open document go through [`super::documents`] (over its rope), positions in a
//! corpus statement through [`Corpus::location`]; both use [`crate::position`]. Nothing
//! here looks at what a text says.

use std::str::FromStr;

use ropey::Rope;
use tower_lsp_server::ls_types::{
    CompletionItem, CompletionItemKind, CompletionList, CompletionTextEdit, Diagnostic, DiagnosticSeverity, DocumentLink, DocumentSymbol, Documentation, Hover,
    HoverContents, InsertTextFormat, Location, MarkupContent, MarkupKind, NumberOrString, Position, Range, SymbolInformation, SymbolKind, TextEdit, Uri,
};

use super::corpus::Corpus;
use super::documents::range_of;
use crate::analysis::{self, render, Completions, Link, NavTarget, Ranged, SymbolGroup, WorkspaceSymbol};
use crate::citation::Kind;
use crate::config::Config;
use crate::index::CorpusIndex;
use crate::position::Encoding;
use crate::report;
use crate::rules::Finding;

/// A hover as LSP Markdown, with the range of what it is about.
pub fn hover(rope: &Rope, h: &Ranged<analysis::Hover>, enc: Encoding) -> Hover {
    Hover { contents: HoverContents::Markup(markdown(render::markdown(&h.info))), range: Some(range_of(rope, &h.span, enc)) }
}

fn markdown(value: String) -> MarkupContent {
    MarkupContent { kind: MarkupKind::Markdown, value }
}

/// The open drafts a request may point into: their URIs and ropes, indexed as the
/// analysis layer's `NavTarget::Draft { draft, .. }`.
pub type Drafts<'a> = &'a [(Uri, Rope)];

/// Where a [`NavTarget`] is, as an LSP location (`None` for a statement that has no file
/// URI, or a web page that is not a valid URI).
pub fn location(t: &NavTarget, corpus: &Corpus, index: &CorpusIndex, drafts: Drafts, enc: Encoding) -> Option<Location> {
    match t {
        NavTarget::Corpus { mention, .. } => corpus.location(index, mention, enc),
        NavTarget::Draft { draft, span } => {
            let (uri, rope) = drafts.get(*draft)?;
            Some(Location { uri: uri.clone(), range: range_of(rope, span, enc) })
        }
        NavTarget::Web { url } => Some(Location { uri: Uri::from_str(url).ok()?, range: Range::default() }),
    }
}

/// Every target that has a location.
pub fn locations(targets: &[NavTarget], corpus: &Corpus, index: &CorpusIndex, drafts: Drafts, enc: Encoding) -> Vec<Location> {
    targets.iter().filter_map(|t| location(t, corpus, index, drafts, enc)).collect()
}

/// The draft's citations grouped by kind, as nested document symbols.
#[allow(deprecated)]
pub fn document_symbols(rope: &Rope, groups: &[SymbolGroup], enc: Encoding) -> Vec<DocumentSymbol> {
    groups
        .iter()
        .filter(|g| !g.symbols.is_empty())
        .map(|g| {
            let children: Vec<DocumentSymbol> = g
                .symbols
                .iter()
                .map(|s| {
                    let range = range_of(rope, &s.span, enc);
                    DocumentSymbol {
                        name: s.name.clone(),
                        detail: Some(s.detail.clone()),
                        kind: if matches!(g.kind, Kind::Resolution(_)) { SymbolKind::CONSTANT } else { SymbolKind::FILE },
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
                name: g.title.to_string(),
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

/// Document links (no resolve).
pub fn links(rope: &Rope, links: &[Link], enc: Encoding) -> Vec<DocumentLink> {
    links
        .iter()
        .map(|l| DocumentLink { range: range_of(rope, &l.span, enc), target: Uri::from_str(&l.url).ok(), tooltip: Some(l.url.clone()), data: None })
        .collect()
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

/// Workspace symbols, each with a location.
#[allow(deprecated)]
pub fn workspace_symbols(symbols: Vec<WorkspaceSymbol>, corpus: &Corpus, index: &CorpusIndex, enc: Encoding) -> Vec<SymbolInformation> {
    symbols
        .into_iter()
        .filter_map(|s| {
            Some(SymbolInformation {
                location: location(&s.target, corpus, index, &[], enc)?,
                name: s.name,
                kind: symbol_kind(s.kind),
                tags: None,
                deprecated: None,
                container_name: Some(s.detail),
            })
        })
        .collect()
}

/// Completion items in the analysis layer's order (`sortText`), each replacing the typed
/// span with its text; a name's documentation is its hover in Markdown.
///
/// What clients insert, and so what an item carries: VS Code, nvim-cmp and blink.cmp apply
/// the `textEdit` whole; Neovim 0.7's `vim.lsp.omnifunc` inserts `textEdit.newText` from the
/// edit's start column, but only when the items have no `filterText` (otherwise from the
/// keyword start, which after `79/` is the end of the line); Neovim 0.11's inserts a
/// plain-text edit only up to its first space (`1540` of `1540 (2004)`: the Neovim plugin
/// completes it on `CompleteDone`); clients without `textEdit` support take `insertText`.
/// So: a plain-text `textEdit`, the same text as `insertText`, and no `filterText` (the
/// label is the filter text by default). A snippet would make Neovim 0.11 insert it whole,
/// but nvim-cmp without a snippet engine configured fails on every snippet item.
pub fn completion(rope: &Rope, c: Completions, enc: Encoding) -> CompletionList {
    let range = range_of(rope, &c.replace, enc);
    let items = c
        .items
        .into_iter()
        .enumerate()
        .map(|(i, item)| CompletionItem {
            documentation: match &item.hover {
                Some(h) => Some(Documentation::MarkupContent(markdown(render::markdown(h)))),
                None => item.detail.clone().map(Documentation::String),
            },
            kind: Some(CompletionItemKind::REFERENCE),
            detail: item.detail,
            sort_text: Some(format!("{i:06}")),
            insert_text: Some(item.insert.clone()),
            insert_text_format: Some(InsertTextFormat::PLAIN_TEXT),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit { range, new_text: item.insert })),
            label: item.label,
            ..Default::default()
        })
        .collect();
    CompletionList { is_incomplete: c.incomplete, items }
}

/// Findings as LSP diagnostics: exactly what `dragoman check --format json` prints (in
/// `enc`), built directly from the typed [`report::Diagnostic`] (no JSON value per
/// diagnostic; only a fix's `data` is a value, as LSP types it).
pub fn to_diagnostics(text: &str, findings: &[Finding], enc: Encoding) -> Vec<Diagnostic> {
    report::diagnostics(text, findings, enc).into_iter().map(lsp_diagnostic).collect()
}

fn lsp_diagnostic(d: report::Diagnostic<'_>) -> Diagnostic {
    let position = |p: report::Position| Position { line: p.line, character: p.character };
    Diagnostic {
        range: Range { start: position(d.range.start), end: position(d.range.end) },
        severity: Some(match d.severity {
            1 => DiagnosticSeverity::ERROR,
            2 => DiagnosticSeverity::WARNING,
            3 => DiagnosticSeverity::INFORMATION,
            _ => DiagnosticSeverity::HINT,
        }),
        code: Some(NumberOrString::String(d.code)),
        source: Some(d.source.to_string()),
        message: d.message.to_string(),
        data: d.data.map(|data| serde_json::to_value(data).unwrap_or(serde_json::Value::Null)),
        ..Default::default()
    }
}

/// A `textDocument/publishDiagnostics` notification as one frame, serialized straight from
/// the typed diagnostics (what [`to_diagnostics`] gives, as the framework would send it,
/// without building a JSON value per diagnostic).
pub fn publish_frame(uri: &Uri, version: Option<i32>, text: &str, findings: &[Finding], enc: Encoding) -> Vec<u8> {
    #[derive(serde::Serialize)]
    struct Params<'a> {
        uri: &'a Uri,
        diagnostics: Vec<report::Diagnostic<'a>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        version: Option<i32>,
    }
    #[derive(serde::Serialize)]
    struct Notification<'a> {
        jsonrpc: &'static str,
        method: &'static str,
        params: Params<'a>,
    }
    let params = Params { uri, diagnostics: report::diagnostics(text, findings, enc), version };
    let body = serde_json::to_vec(&Notification { jsonrpc: "2.0", method: "textDocument/publishDiagnostics", params }).unwrap_or_default();
    super::framing::frame(&body)
}

/// The diagnostics of `text` ([`analysis::diagnostics::diagnostics`], minus what touches
/// `caret`), as LSP diagnostics.
pub fn diagnostics(text: &str, config: &Config, enc: Encoding, caret: Option<usize>) -> Vec<Diagnostic> {
    diagnostics_of(&analysis::Document::new(text), config, enc, caret)
}

/// [`diagnostics`] of an analysis document.
pub fn diagnostics_of(doc: &analysis::Document, config: &Config, enc: Encoding, caret: Option<usize>) -> Vec<Diagnostic> {
    to_diagnostics(doc.text(), &analysis::diagnostics::diagnostics(doc, config, caret), enc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Checker;

    #[test]
    fn diagnostics_are_check_json() {
        let text = "We recall resolution 1540(2004) and Resolution 2325 (2016).";
        let config = Config::default();
        let all = diagnostics(text, &config, Encoding::Utf16, None);
        let json = report::diagnostics_json(text, &Checker::new(&config).check(text), Encoding::Utf16);
        assert_eq!(serde_json::to_value(&all).unwrap(), serde_json::Value::Array(json));
        assert_eq!(all[1].code, Some(NumberOrString::String("dragoman/capitalized-resolution".into())));
    }

    /// The frame the server writes itself holds exactly the notification the framework
    /// would have sent for the same diagnostics (with and without a version).
    #[test]
    fn publish_frame_is_the_frameworks_notification() {
        use tower_lsp_server::ls_types::PublishDiagnosticsParams;
        let text = "é We recall resolution 1540(2004) and Resolution 2325 (2016).\r\nS/2017/1025 and resolution 1540 (2005).";
        let uri = Uri::from_str("file:///tmp/a%20b.txt").unwrap();
        let findings = Checker::new(&Config::default()).check(text);
        assert!(findings.len() >= 3 && findings.iter().any(|f| f.fix.is_some()));
        for (version, enc) in [(Some(7), Encoding::Utf16), (None, Encoding::Utf8), (Some(1), Encoding::Utf32)] {
            let frame = publish_frame(&uri, version, text, &findings, enc);
            let body = &frame[frame.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4..];
            assert!(frame.starts_with(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes()));
            let got: serde_json::Value = serde_json::from_slice(body).unwrap();
            let params = PublishDiagnosticsParams::new(uri.clone(), to_diagnostics(text, &findings, enc), version);
            let want = serde_json::json!({"jsonrpc": "2.0", "method": "textDocument/publishDiagnostics", "params": params});
            assert_eq!(got, want);
        }
    }
}
