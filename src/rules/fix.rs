//! Fixes as text edits, their applicability, and applying them.
//!
//! A fix is either a change of form (a space, a case, brackets, a symbol's format, an organ
//! written in full: [`Applicability::Safe`]) or a change of content (a year, a number, an
//! organ swapped for another, a name spelled out from a guess: [`Applicability::MaybeIncorrect`]).
//! Only safe fixes are applied without the user looking: fix-all, fix-on-save and
//! `dragoman check --fix` go through [`fix_until_stable`]; the others are quick fixes only.

use super::{Finding, Rule};
use crate::citation::Span;

/// Replace the bytes of `span` with `new_text`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Edit {
    pub span: Span,
    pub new_text: String,
}

/// Whether a fix may be applied without the user reviewing it (SPEC §3, "Fix applicability").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Applicability {
    /// Changes form only: what is cited stays the same. Applied by fix-all, fix-on-save and
    /// `check --fix`.
    Safe,
    /// Changes content (a year, a number, an organ, words added from a guess): offered as a
    /// quick fix, never applied automatically.
    MaybeIncorrect,
}

impl Applicability {
    /// The name used in JSON (`data.fix.applicability`) and SARIF: `safe` or `maybeIncorrect`.
    pub fn name(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::MaybeIncorrect => "maybeIncorrect",
        }
    }

    /// Parse [`Applicability::name`]'s output.
    pub fn parse(s: &str) -> Option<Applicability> {
        match s {
            "safe" => Some(Applicability::Safe),
            "maybeIncorrect" => Some(Applicability::MaybeIncorrect),
            _ => None,
        }
    }
}

/// A quick fix: a title for the menu, the edits that make it, and whether it is safe to
/// apply unreviewed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<Edit>,
    pub applicability: Applicability,
}

impl Fix {
    /// A fix of form (one edit): safe to apply unreviewed.
    pub fn form(span: Span, new_text: impl Into<String>) -> Fix {
        Fix::one(span, new_text.into(), Applicability::Safe)
    }

    /// A fix of content (one edit): a suggestion the user reviews.
    pub fn content(span: Span, new_text: impl Into<String>) -> Fix {
        Fix::one(span, new_text.into(), Applicability::MaybeIncorrect)
    }

    /// The same fix under another menu title.
    pub fn titled(mut self, title: impl Into<String>) -> Fix {
        self.title = title.into();
        self
    }

    /// Whether the fix may be applied unreviewed.
    pub fn is_safe(&self) -> bool {
        self.applicability == Applicability::Safe
    }

    fn one(span: Span, new_text: String, applicability: Applicability) -> Fix {
        let title = if new_text.trim().is_empty() && !new_text.is_empty() {
            "Insert a space".to_string()
        } else if span.is_empty() {
            format!("Insert “{}”", new_text.trim())
        } else if new_text.is_empty() {
            "Remove it".to_string()
        } else {
            format!("Write “{}”", new_text.trim())
        };
        Fix { title, edits: vec![Edit { span, new_text }], applicability }
    }
}

/// Apply the edits of `fixes` to `text`. Edits that overlap an edit already taken are
/// skipped (they are applied on a later pass, if still needed), so the result is always
/// well-formed. Returns the new text and the number of edits applied.
pub fn apply_fixes<'a>(text: &str, fixes: impl IntoIterator<Item = &'a Fix>) -> (String, usize) {
    let fixes: Vec<&Fix> = fixes.into_iter().collect();
    let (out, applied) = apply_indexed(text, &fixes);
    (out, applied.iter().map(|a| a.1).sum())
}

/// [`apply_fixes`], telling which fixes had at least one edit applied: `(fix index, edits
/// applied)` in index order.
fn apply_indexed(text: &str, fixes: &[&Fix]) -> (String, Vec<(usize, usize)>) {
    let mut edits: Vec<(&Edit, usize)> = fixes.iter().enumerate().flat_map(|(i, f)| f.edits.iter().map(move |e| (e, i))).collect();
    edits.sort_by_key(|(e, i)| (e.span.start, e.span.end, *i));
    edits.dedup_by(|a, b| a.0 == b.0);
    let mut out = String::with_capacity(text.len() + 64);
    let mut pos = 0;
    let mut applied: Vec<(usize, usize)> = Vec::new();
    for (e, i) in edits {
        if e.span.start < pos || e.span.end > text.len() || !text.is_char_boundary(e.span.start) || !text.is_char_boundary(e.span.end) {
            continue;
        }
        out.push_str(&text[pos..e.span.start]);
        out.push_str(&e.new_text);
        pos = e.span.end;
        match applied.iter_mut().find(|a| a.0 == i) {
            Some(a) => a.1 += 1,
            None => applied.push((i, 1)),
        }
    }
    out.push_str(&text[pos..]);
    applied.sort_unstable();
    (out, applied)
}

/// The most passes [`fix_until_stable`] makes (each applies every non-overlapping safe fix;
/// a fix that uncovers another, like a capital before a missing space, needs a second).
pub const MAX_FIX_PASSES: usize = 8;

/// One safe fix [`fix_until_stable`] applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub rule: Rule,
    /// The fix's menu title (`Write “resolution”`).
    pub title: String,
    /// The 0-based line of its first edit, in the text of the pass that applied it (fixes
    /// do not add or remove line breaks, so this is also the line in the input).
    pub line: usize,
    /// The text the first edit replaced.
    pub before: String,
}

/// A text after its safe fixes, and what was applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fixed {
    pub text: String,
    pub applied: Vec<Applied>,
}

/// Apply every safe fix `check` finds in `text`, pass after pass, until a pass finds
/// nothing more to apply (at most [`MAX_FIX_PASSES`]). Content fixes
/// ([`Applicability::MaybeIncorrect`]) are never applied. The one function behind the
/// server's fix-all (and so fix-on-save) and `dragoman check --fix`.
pub fn fix_until_stable(text: &str, mut check: impl FnMut(&str) -> Vec<Finding>) -> Fixed {
    let mut current = text.to_string();
    let mut applied = Vec::new();
    for _ in 0..MAX_FIX_PASSES {
        let findings = check(&current);
        let safe: Vec<(&Finding, &Fix)> = findings.iter().filter_map(|f| f.fix.as_ref().filter(|x| x.is_safe()).map(|x| (f, x))).collect();
        let fixes: Vec<&Fix> = safe.iter().map(|s| s.1).collect();
        let (next, which) = apply_indexed(&current, &fixes);
        if which.is_empty() || next == current {
            break;
        }
        for (i, _) in which {
            let (finding, fix) = safe[i];
            let first = &fix.edits[0].span;
            applied.push(Applied {
                rule: finding.rule,
                title: fix.title.clone(),
                line: current[..first.start.min(current.len())].bytes().filter(|b| *b == b'\n').count(),
                before: current.get(first.clone()).unwrap_or_default().to_string(),
            });
        }
        current = next;
    }
    Fixed { text: current, applied }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Severity;

    #[test]
    fn applies_in_order_and_skips_overlaps() {
        let text = "abcdef";
        let fixes = [Fix::form(4..5, "E"), Fix::form(0..2, "AB"), Fix::form(1..3, "x"), Fix::form(6..6, "!")];
        assert_eq!(apply_fixes(text, &fixes), ("ABcdEf!".to_string(), 3));
    }

    #[test]
    fn constructors_set_applicability() {
        assert_eq!(Fix::form(0..1, "a").applicability, Applicability::Safe);
        assert_eq!(Fix::content(0..1, "a").applicability, Applicability::MaybeIncorrect);
        assert_eq!(Fix::form(0..0, " ").title, "Insert a space");
        assert_eq!(Fix::content(0..1, "x").titled("T").title, "T");
        for a in [Applicability::Safe, Applicability::MaybeIncorrect] {
            assert_eq!(Applicability::parse(a.name()), Some(a));
        }
    }

    /// A toy checker: every `x` is a safe fix to `y`, every `q` a content fix to `z`, and
    /// `yy` (made by the first pass) a safe fix to `w`.
    fn toy(text: &str) -> Vec<Finding> {
        let mut out = Vec::new();
        for (i, c) in text.char_indices() {
            let (fix, rule) = match c {
                'x' => (Fix::form(i..i + 1, "y"), Rule::MissingSpace),
                'q' => (Fix::content(i..i + 1, "z"), Rule::WrongYear),
                _ => continue,
            };
            out.push(Finding { rule, severity: Severity::Warning, span: i..i + 1, message: String::new(), fix: Some(fix) });
        }
        if let Some(i) = text.find("yy") {
            out.push(Finding {
                rule: Rule::SymbolFormat,
                severity: Severity::Warning,
                span: i..i + 2,
                message: String::new(),
                fix: Some(Fix::form(i..i + 2, "w")),
            });
        }
        out
    }

    #[test]
    fn fix_until_stable_applies_safe_fixes_only_and_repeats() {
        let got = fix_until_stable("a xx q\nx", toy);
        assert_eq!(got.text, "a w q\ny", "content fix `q` left alone; `yy` fixed on the second pass");
        let rules: Vec<(Rule, usize, &str)> = got.applied.iter().map(|a| (a.rule, a.line, a.before.as_str())).collect();
        assert_eq!(rules, [(Rule::MissingSpace, 0, "x"), (Rule::MissingSpace, 0, "x"), (Rule::MissingSpace, 1, "x"), (Rule::SymbolFormat, 0, "yy")]);
        assert_eq!(fix_until_stable("q q", toy), Fixed { text: "q q".into(), applied: vec![] });
    }
}
