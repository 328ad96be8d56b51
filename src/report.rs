//! Findings as LSP `Diagnostic` objects, shared by `dragoman check --format json` and the
//! language server, so both publish exactly the same thing.
//!
//! Diagnostics are built as small typed values ([`Diagnostic`], borrowing the finding's
//! message and fix) and serialized straight to JSON text: no `serde_json::Value` tree per
//! diagnostic (about 15 KB each when 100,000 of them were built as values, converted to LSP
//! types and back to values for sending). [`diagnostics_json`] gives the same objects as
//! values for callers that compare them.

use serde::Serialize;
use serde_json::Value;

use crate::position::{Encoding, LineIndex};
use crate::rules::{Finding, Fix};

/// The `source` field of every diagnostic.
pub const SOURCE: &str = "dragoman";

/// An LSP position (0-based line, column in the negotiated encoding's units).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Position {
    pub line: u32,
    pub character: u32,
}

/// An LSP range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Range {
    pub start: Position,
    pub end: Position,
}

/// The LSP range of a byte span of `text`.
pub fn range(text: &str, index: &LineIndex, span: &std::ops::Range<usize>, enc: Encoding) -> Range {
    let a = index.line_col(text, span.start, enc);
    let b = index.line_col(text, span.end, enc);
    Range { start: Position { line: a.line, character: a.col }, end: Position { line: b.line, character: b.col } }
}

/// One edit of a fix: an LSP `TextEdit`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TextEdit<'f> {
    pub range: Range,
    pub new_text: &'f str,
}

/// A fix as carried in a diagnostic's `data.fix`: `{"title", "edits": [TextEdit],
/// "applicability": "safe" | "maybeIncorrect"}`. Borrows the finding's fix (no copy of its
/// texts).
#[derive(Debug, Clone, Serialize)]
pub struct FixData<'f> {
    pub title: &'f str,
    pub edits: Vec<TextEdit<'f>>,
    pub applicability: &'static str,
}

impl<'f> FixData<'f> {
    pub fn new(text: &str, index: &LineIndex, fix: &'f Fix, enc: Encoding) -> FixData<'f> {
        FixData {
            title: &fix.title,
            edits: fix.edits.iter().map(|e| TextEdit { range: range(text, index, &e.span, enc), new_text: &e.new_text }).collect(),
            applicability: fix.applicability.name(),
        }
    }
}

/// A diagnostic's `data`: `{"fix": …}`.
#[derive(Debug, Clone, Serialize)]
pub struct Data<'f> {
    pub fix: FixData<'f>,
}

/// A finding as an LSP `Diagnostic`, borrowing the finding's texts. Serializes to the
/// object LSP specifies (`range`, `severity`, `code`, `source`, `message`, `data` when
/// there is a fix).
#[derive(Debug, Clone, Serialize)]
pub struct Diagnostic<'f> {
    pub range: Range,
    pub severity: u8,
    pub code: String,
    pub source: &'static str,
    pub message: &'f str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<Data<'f>>,
}

impl<'f> Diagnostic<'f> {
    pub fn new(text: &str, index: &LineIndex, f: &'f Finding, enc: Encoding) -> Diagnostic<'f> {
        Diagnostic {
            range: range(text, index, &f.span, enc),
            severity: f.severity as u8,
            code: f.rule.code(),
            source: SOURCE,
            message: &f.message,
            data: f.fix.as_ref().map(|fix| Data { fix: FixData::new(text, index, fix, enc) }),
        }
    }
}

/// Every finding of one text as typed LSP diagnostics.
pub fn diagnostics<'f>(text: &str, findings: &'f [Finding], enc: Encoding) -> Vec<Diagnostic<'f>> {
    let index = LineIndex::new(text);
    findings.iter().map(|f| Diagnostic::new(text, &index, f, enc)).collect()
}

/// An LSP range as JSON.
pub fn range_json(text: &str, index: &LineIndex, span: &std::ops::Range<usize>, enc: Encoding) -> Value {
    to_value(&range(text, index, span, enc))
}

/// A fix as the JSON carried in a diagnostic's `data.fix`.
pub fn fix_json(text: &str, index: &LineIndex, fix: &Fix, enc: Encoding) -> Value {
    to_value(&FixData::new(text, index, fix, enc))
}

/// A finding as an LSP `Diagnostic` (JSON).
pub fn diagnostic_json(text: &str, index: &LineIndex, f: &Finding, enc: Encoding) -> Value {
    to_value(&Diagnostic::new(text, index, f, enc))
}

/// Every finding of one text as LSP diagnostics (JSON values).
pub fn diagnostics_json(text: &str, findings: &[Finding], enc: Encoding) -> Vec<Value> {
    let index = LineIndex::new(text);
    findings.iter().map(|f| diagnostic_json(text, &index, f, enc)).collect()
}

fn to_value(v: &impl Serialize) -> Value {
    // Plain structs of strings and numbers: serializing them cannot fail.
    serde_json::to_value(v).unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Checker;
    use crate::config::Config;
    use serde_json::json;

    /// The typed diagnostics serialize to exactly the object LSP specifies, as built by
    /// hand (the form `check --format json` printed before they were typed).
    #[test]
    fn typed_diagnostics_are_the_lsp_objects() {
        let text = "é We recall resolution 1540(2004) and resolution 2325 (2016).";
        let findings = Checker::new(&Config::default()).check(text);
        let d = diagnostics_json(text, &findings, Encoding::Utf16);
        let col = |s: &str| text[..text.find(s).unwrap()].encode_utf16().count();
        let (a, b) = (col("(2004)"), col(" and"));
        let fix_at = col("(2004)");
        assert_eq!(
            d[0],
            json!({
                "range": {"start": {"line": 0, "character": a}, "end": {"line": 0, "character": b}},
                "severity": 2,
                "code": "dragoman/missing-space",
                "source": "dragoman",
                "message": findings[0].message,
                "data": {"fix": {"title": findings[0].fix.as_ref().unwrap().title, "applicability": "safe",
                    "edits": [{"range": {"start": {"line": 0, "character": fix_at}, "end": {"line": 0, "character": fix_at}}, "newText": " "}]}}
            })
        );
        assert_eq!(serde_json::to_value(diagnostics(text, &findings, Encoding::Utf16)).unwrap(), Value::Array(d));
    }
}
