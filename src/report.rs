//! Findings as LSP `Diagnostic` objects (JSON), shared by `dragoman check --format json`
//! and the language server, so both publish exactly the same thing.

use serde_json::{json, Value};

use crate::position::{Encoding, LineIndex};
use crate::rules::{Finding, Fix};

/// The `source` field of every diagnostic.
pub const SOURCE: &str = "dragoman";

/// An LSP range as JSON.
pub fn range_json(text: &str, index: &LineIndex, span: &std::ops::Range<usize>, enc: Encoding) -> Value {
    let a = index.line_col(text, span.start, enc);
    let b = index.line_col(text, span.end, enc);
    json!({ "start": { "line": a.line, "character": a.col }, "end": { "line": b.line, "character": b.col } })
}

/// A fix as the JSON carried in a diagnostic's `data`: `{"title", "edits": [TextEdit],
/// "applicability": "safe" | "maybeIncorrect"}`.
pub fn fix_json(text: &str, index: &LineIndex, fix: &Fix, enc: Encoding) -> Value {
    let edits: Vec<Value> = fix.edits.iter().map(|e| json!({ "range": range_json(text, index, &e.span, enc), "newText": e.new_text })).collect();
    json!({ "title": fix.title, "edits": edits, "applicability": fix.applicability.name() })
}

/// A finding as an LSP `Diagnostic`.
pub fn diagnostic_json(text: &str, index: &LineIndex, f: &Finding, enc: Encoding) -> Value {
    let mut d = json!({
        "range": range_json(text, index, &f.span, enc),
        "severity": f.severity as u8,
        "code": f.rule.code(),
        "source": SOURCE,
        "message": f.message,
    });
    if let Some(fix) = &f.fix {
        d["data"] = json!({ "fix": fix_json(text, index, fix, enc) });
    }
    d
}

/// Every finding of one text as LSP diagnostics.
pub fn diagnostics_json(text: &str, findings: &[Finding], enc: Encoding) -> Vec<Value> {
    let index = LineIndex::new(text);
    findings.iter().map(|f| diagnostic_json(text, &index, f, enc)).collect()
}
