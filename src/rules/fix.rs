//! Fixes as text edits, and applying them.

use crate::citation::Span;

/// Replace the bytes of `span` with `new_text`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Edit {
    pub span: Span,
    pub new_text: String,
}

/// A quick fix: a title for the menu and the edits that make it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<Edit>,
}

impl Fix {
    /// A fix of one edit.
    pub fn replace(span: Span, new_text: impl Into<String>) -> Fix {
        let new_text = new_text.into();
        let title = if new_text.trim().is_empty() && !new_text.is_empty() {
            "Insert a space".to_string()
        } else if span.is_empty() {
            format!("Insert “{}”", new_text.trim())
        } else if new_text.is_empty() {
            "Remove it".to_string()
        } else {
            format!("Write “{}”", new_text.trim())
        };
        Fix { title, edits: vec![Edit { span, new_text }] }
    }
}

/// Apply the edits of `fixes` to `text`. Edits that overlap an edit already taken are
/// skipped (they are applied on a later pass, if still needed), so the result is always
/// well-formed. Returns the new text and the number of edits applied.
pub fn apply_fixes<'a>(text: &str, fixes: impl IntoIterator<Item = &'a Fix>) -> (String, usize) {
    let mut edits: Vec<&Edit> = fixes.into_iter().flat_map(|f| f.edits.iter()).collect();
    edits.sort_by_key(|e| (e.span.start, e.span.end));
    edits.dedup();
    let mut out = String::with_capacity(text.len() + 64);
    let mut pos = 0;
    let mut applied = 0;
    for e in edits {
        if e.span.start < pos || e.span.end > text.len() || !text.is_char_boundary(e.span.start) || !text.is_char_boundary(e.span.end) {
            continue;
        }
        out.push_str(&text[pos..e.span.start]);
        out.push_str(&e.new_text);
        pos = e.span.end;
        applied += 1;
    }
    out.push_str(&text[pos..]);
    (out, applied)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn applies_in_order_and_skips_overlaps() {
        let text = "abcdef";
        let fixes = [Fix::replace(4..5, "E"), Fix::replace(0..2, "AB"), Fix::replace(1..3, "x"), Fix::replace(6..6, "!")];
        assert_eq!(apply_fixes(text, &fixes), ("ABcdEf!".to_string(), 3));
    }
}
