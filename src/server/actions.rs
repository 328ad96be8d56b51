//! Code actions: the quick fix each diagnostic carries in `data.fix`, "silence this rule
//! here" (an ignore marker on the line before), and `source.fixAll.dragoman`, which applies
//! every safe fix with [`crate::rules::fix_until_stable`] (non-overlapping edits, repeated
//! until nothing changes; content fixes are left to the user) and sends the result as one
//! minimal edit. A quick fix is `isPreferred` only when it is safe.

use std::collections::HashMap;

use ropey::Rope;
use serde::Deserialize;
use tower_lsp_server::ls_types::{CodeAction, CodeActionKind, CodeActionOrCommand, Diagnostic, NumberOrString, Range, TextEdit, Uri, WorkspaceEdit};

use super::documents::{position_of, range_of};
use crate::analysis::{self, Document};
use crate::config::Config;
use crate::position::Encoding;
use crate::report::SOURCE;
use crate::rules::Applicability;

/// The code action kind of fix-all.
pub const FIX_ALL: &str = "source.fixAll.dragoman";

#[derive(Deserialize)]
struct FixData {
    fix: FixJson,
}

#[derive(Deserialize)]
struct FixJson {
    title: String,
    edits: Vec<TextEdit>,
    /// Absent in diagnostics from older servers: then not preferred.
    #[serde(default)]
    applicability: Option<String>,
}

fn workspace_edit(uri: &Uri, edits: Vec<TextEdit>) -> WorkspaceEdit {
    WorkspaceEdit { changes: Some(HashMap::from([(uri.clone(), edits)])), ..Default::default() }
}

fn rule_code(d: &Diagnostic) -> Option<&str> {
    match &d.code {
        Some(NumberOrString::String(s)) if d.source.as_deref() == Some(SOURCE) => Some(s),
        _ => None,
    }
}

/// The quick fix a diagnostic carries, if any.
pub fn quick_fix(uri: &Uri, d: &Diagnostic) -> Option<CodeAction> {
    rule_code(d)?;
    let data: FixData = serde_json::from_value(d.data.clone()?).ok()?;
    let safe = data.fix.applicability.as_deref().and_then(Applicability::parse) == Some(Applicability::Safe);
    Some(CodeAction {
        title: data.fix.title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![d.clone()]),
        edit: Some(workspace_edit(uri, data.fix.edits)),
        is_preferred: Some(safe),
        ..Default::default()
    })
}

/// Whether a document is Markdown (by language id, or by extension when the id is unknown).
pub fn is_markdown(language: &str, uri: &Uri) -> bool {
    language == "markdown" || (language.is_empty() && uri.as_str().ends_with(".md"))
}

/// "Silence this rule here": a `dragoman-ignore-next-line <rule>` marker on a line of its
/// own before the diagnostic's first line, in the document's comment style and line ending,
/// with the line's indentation.
pub fn silence(uri: &Uri, rope: &Rope, markdown: bool, d: &Diagnostic, enc: Encoding) -> Option<CodeAction> {
    let code = rule_code(d)?;
    let line = d.range.start.line as usize;
    if line >= rope.len_lines() {
        return None;
    }
    let text = rope.line(line).to_string();
    let indent: String = text.chars().take_while(|c| *c == ' ' || *c == '\t').collect();
    // The document's own line ending: that of its first line (`\n` when it has one line).
    let first = rope.line(0);
    let n = first.len_chars();
    let eol = match (n.checked_sub(2).map(|i| first.char(i)), n.checked_sub(1).map(|i| first.char(i))) {
        (Some('\r'), Some('\n')) => "\r\n",
        (_, Some('\r')) => "\r",
        _ => "\n",
    };
    let name = code.strip_prefix("dragoman/").unwrap_or(code);
    let marker = if markdown {
        format!("{indent}<!-- dragoman-ignore-next-line {code} -->{eol}")
    } else {
        // The space before `]` keeps the bracket out of the rule name (the marker parser
        // splits on whitespace and would not recognise `name]`, silencing every rule).
        format!("{indent}[dragoman-ignore-next-line {name} ]{eol}")
    };
    let at = position_of(rope, rope.line_to_byte(line), enc);
    Some(CodeAction {
        title: format!("Silence {code} on this line"),
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![d.clone()]),
        edit: Some(workspace_edit(uri, vec![TextEdit { range: Range { start: at, end: at }, new_text: marker }])),
        ..Default::default()
    })
}

/// `source.fixAll.dragoman` for the document, `None` when there is nothing to fix.
pub fn fix_all(uri: &Uri, rope: &Rope, draft: &Document, config: &Config, enc: Encoding) -> Option<CodeAction> {
    let (span, new_text) = analysis::diagnostics::fix_all(draft, config)?;
    Some(CodeAction {
        title: "Fix all Dragoman citation problems".into(),
        kind: Some(CodeActionKind::from(FIX_ALL)),
        edit: Some(workspace_edit(uri, vec![TextEdit { range: range_of(rope, &span, enc), new_text }])),
        ..Default::default()
    })
}

/// Whether the client asked for (or did not restrict) a kind: `only` holds a prefix of it.
pub fn wanted(only: Option<&[CodeActionKind]>, kind: &str) -> bool {
    match only {
        None => true,
        Some(kinds) => kinds.iter().any(|k| kind == k.as_str() || kind.starts_with(&format!("{}.", k.as_str()))),
    }
}

/// All actions for `range` of a document, given the diagnostics the client sent.
#[allow(clippy::too_many_arguments)] // the request's parts, each converted here
pub fn actions(
    uri: &Uri,
    rope: &Rope,
    draft: &Document,
    markdown: bool,
    diagnostics: &[Diagnostic],
    only: Option<&[CodeActionKind]>,
    config: &Config,
    enc: Encoding,
) -> Vec<CodeActionOrCommand> {
    let mut out = Vec::new();
    if wanted(only, CodeActionKind::QUICKFIX.as_str()) {
        out.extend(diagnostics.iter().filter_map(|d| quick_fix(uri, d)).map(CodeActionOrCommand::CodeAction));
        out.extend(diagnostics.iter().filter_map(|d| silence(uri, rope, markdown, d, enc)).map(CodeActionOrCommand::CodeAction));
    }
    // Fix-all is a source action: offered only when asked for by kind.
    if only.is_some() && wanted(only, FIX_ALL) {
        out.extend(fix_all(uri, rope, draft, config, enc).map(CodeActionOrCommand::CodeAction));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::diagnostics::fix_all_text;
    use crate::server::proto::diagnostics;
    use std::str::FromStr;

    fn apply(text: &str, edits: &[TextEdit]) -> String {
        let mut rope = Rope::from_str(text);
        let mut edits = edits.to_vec();
        edits.sort_by_key(|e| std::cmp::Reverse((e.range.start.line, e.range.start.character)));
        for e in edits {
            let a = super::super::documents::offset_of(&rope, e.range.start, Encoding::Utf16).unwrap();
            let b = super::super::documents::offset_of(&rope, e.range.end, Encoding::Utf16).unwrap();
            crate::position::rope::replace(&mut rope, a, b, &e.new_text);
        }
        rope.to_string()
    }

    fn edits(a: &CodeActionOrCommand) -> Vec<TextEdit> {
        let CodeActionOrCommand::CodeAction(a) = a else { panic!("action expected") };
        a.edit.as_ref().unwrap().changes.as_ref().unwrap().values().next().unwrap().clone()
    }

    #[test]
    fn quick_fix_silence_and_fix_all() {
        let uri = Uri::from_str("file:///d.md").unwrap();
        let text = "Intro.\n  We recall resolution 1540(2004) and Resolution 2325 (2016).\n";
        let rope = Rope::from_str(text);
        let config = Config::default();
        let ds = diagnostics(text, &config, Encoding::Utf16, None);
        assert!(ds.len() >= 2, "{ds:?}");
        let acts = actions(&uri, &rope, &Document::new(text), true, &ds[..1], None, &config, Encoding::Utf16);
        assert_eq!(acts.len(), 2, "a fix and a silence");
        let fixed = apply(text, &edits(&acts[0]));
        assert!(fixed.contains("resolution 1540 (2004)"), "{fixed}");
        let silenced = apply(text, &edits(&acts[1]));
        assert!(silenced.contains("\n  <!-- dragoman-ignore-next-line dragoman/missing-space -->\n  We recall"), "{silenced}");
        assert!(diagnostics(&silenced, &config, Encoding::Utf16, None).len() == ds.len() - 1);
        let plain = silence(&uri, &rope, false, &ds[0], Encoding::Utf16).unwrap();
        let p = apply(text, &edits(&CodeActionOrCommand::CodeAction(plain)));
        assert!(p.contains("[dragoman-ignore-next-line missing-space ]"), "{p}");
        assert_eq!(diagnostics(&p, &config, Encoding::Utf16, None).len(), ds.len() - 1);
        let only = [CodeActionKind::from(FIX_ALL)];
        let all = actions(&uri, &rope, &Document::new(text), true, &ds, Some(&only), &config, Encoding::Utf16);
        assert_eq!(all.len(), 1);
        let after = apply(text, &edits(&all[0]));
        assert_eq!(after, fix_all_text(text, &config));
        assert!(
            diagnostics(&after, &config, Encoding::Utf16, None).iter().all(|d| d.data.as_ref().is_none_or(|x| x["fix"]["applicability"] != "safe")),
            "no safe fix is left"
        );
        assert!(actions(&uri, &rope, &Document::new(text), true, &ds, Some(&[CodeActionKind::SOURCE_FIX_ALL]), &config, Encoding::Utf16).len() == 1);
        assert!(actions(&uri, &rope, &Document::new(text), true, &ds, Some(&[CodeActionKind::REFACTOR]), &config, Encoding::Utf16).is_empty());
    }

    /// Issue 14 point 6: the marker used to end in `\n` whatever the document's endings, so
    /// a CR-only document got a mixed ending (and the marker silenced nothing).
    #[test]
    fn silence_keeps_the_documents_line_ending() {
        let uri = Uri::from_str("file:///d.txt").unwrap();
        let config = Config::default();
        for eol in ["\r", "\r\n", "\n"] {
            let text = format!("Intro.{eol}We recall resolution 1540(2004).{eol}Next.");
            let rope = Rope::from_str(&text);
            let ds = diagnostics(&text, &config, Encoding::Utf16, None);
            assert_eq!(ds.len(), 1, "{eol:?} {ds:?}");
            let s = silence(&uri, &rope, false, &ds[0], Encoding::Utf16).unwrap();
            let silenced = apply(&text, &edits(&CodeActionOrCommand::CodeAction(s)));
            assert_eq!(silenced, format!("Intro.{eol}[dragoman-ignore-next-line missing-space ]{eol}We recall resolution 1540(2004).{eol}Next."));
            assert!(diagnostics(&silenced, &config, Encoding::Utf16, None).is_empty(), "{eol:?}: the marker silences the next line");
        }
    }

    #[test]
    fn content_fixes_are_not_preferred_and_fix_all_leaves_them() {
        let uri = Uri::from_str("file:///d.txt").unwrap();
        // A wrong year (content) and a missing space (form) in one draft.
        let text = "We recall resolution 1540 (2005) and resolution 2325(2016).\n";
        let rope = Rope::from_str(text);
        let config = Config::default();
        let ds = diagnostics(text, &config, Encoding::Utf16, None);
        let code = |d: &Diagnostic| match &d.code {
            Some(NumberOrString::String(s)) => s.clone(),
            _ => String::new(),
        };
        let wrong_year = ds.iter().find(|d| code(d) == "dragoman/wrong-year").expect("wrong-year");
        let space = ds.iter().find(|d| code(d) == "dragoman/missing-space").expect("missing-space");
        assert_eq!(wrong_year.data.as_ref().unwrap()["fix"]["applicability"], "maybeIncorrect");
        assert_eq!(space.data.as_ref().unwrap()["fix"]["applicability"], "safe");
        assert_eq!(quick_fix(&uri, wrong_year).unwrap().is_preferred, Some(false));
        assert_eq!(quick_fix(&uri, space).unwrap().is_preferred, Some(true));
        let only = [CodeActionKind::from(FIX_ALL)];
        let all = actions(&uri, &rope, &Document::new(text), false, &ds, Some(&only), &config, Encoding::Utf16);
        assert_eq!(apply(text, &edits(&all[0])), "We recall resolution 1540 (2005) and resolution 2325 (2016).\n", "the year is the user's call");
        // Only a content fix: fix-all has nothing to offer.
        let year_only = "We recall resolution 1540 (2005).\n";
        let ds = diagnostics(year_only, &config, Encoding::Utf16, None);
        assert!(actions(&uri, &Rope::from_str(year_only), &Document::new(year_only), false, &ds, Some(&only), &config, Encoding::Utf16).is_empty());
    }
}
