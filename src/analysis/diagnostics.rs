//! Diagnostics and fix-all for a draft: [`Checker::check`], minus what is being typed, and
//! every fix applied pass after pass.

use super::{Document, Span};
use crate::check::Checker;
use crate::config::Config;
use crate::rules::{fix_until_stable, Finding};

/// The findings of `doc`, minus those touching `caret` (the end of the last edit, while the
/// user types) when one is given.
pub fn diagnostics(doc: &Document, config: &Config, caret: Option<usize>) -> Vec<Finding> {
    let mut findings = Checker::new(config).check(doc.text());
    if let Some(at) = caret {
        findings.retain(|f| !touches(&f.span, at));
    }
    findings
}

/// Whether a finding's span touches the caret (the caret at either end counts: the
/// citation is still being typed there).
pub fn touches(span: &Span, caret: usize) -> bool {
    span.start <= caret && caret <= span.end
}

/// The text after applying every safe fix, pass after pass (as `dragoman check --fix` does).
pub fn fix_all_text(text: &str, config: &Config) -> String {
    let checker = Checker::new(config);
    fix_until_stable(text, |t| checker.check(t)).text
}

/// Fix-all as one edit: the smallest span of `doc` to replace, and its replacement. `None`
/// when nothing changes.
pub fn fix_all(doc: &Document, config: &Config) -> Option<(Span, String)> {
    minimal_edit(doc.text(), &fix_all_text(doc.text(), config))
}

/// The smallest single edit that turns `old` into `new`: the common prefix and suffix are
/// left alone. `None` when they are equal.
pub fn minimal_edit(old: &str, new: &str) -> Option<(Span, String)> {
    if old == new {
        return None;
    }
    let mut p = old.bytes().zip(new.bytes()).take_while(|(a, b)| a == b).count();
    while !old.is_char_boundary(p) || !new.is_char_boundary(p) {
        p -= 1;
    }
    let max_s = old.len().min(new.len()) - p;
    let mut s = old.bytes().rev().zip(new.bytes().rev()).take(max_s).take_while(|(a, b)| a == b).count();
    while !old.is_char_boundary(old.len() - s) || !new.is_char_boundary(new.len() - s) {
        s -= 1;
    }
    Some((p..old.len() - s, new[p..new.len() - s].to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_filter() {
        let text = "We recall resolution 1540(2004) and Resolution 2325 (2016).";
        let config = Config::default();
        let all = diagnostics(&Document::new(text), &config, None);
        assert_eq!(all.len(), 2);
        // Typing just after `(2004)`: that finding is held back, the other stays.
        let typing = diagnostics(&Document::new(text), &config, Some(text.find(") and").unwrap() + 1));
        assert_eq!(typing.len(), 1);
        assert_eq!(typing[0].rule, all[1].rule);
    }

    #[test]
    fn fix_all_is_one_minimal_edit_of_safe_fixes() {
        let config = Config::default();
        let text = "We recall resolution 1540 (2005) and resolution 2325(2016).\n";
        assert_eq!(fix_all(&Document::new(text), &config), Some((text.find("(2016)").unwrap()..text.find("(2016)").unwrap(), " ".into())));
        assert_eq!(fix_all(&Document::new("We recall resolution 1540 (2005).\n"), &config), None, "a content fix is the user's call");
    }

    #[test]
    fn minimal_edits_respect_characters() {
        assert_eq!(minimal_edit("a€b", "a€c"), Some((4..5, "c".into())));
        assert_eq!(minimal_edit("aéb", "aèb"), Some((1..3, "è".into())));
        assert_eq!(minimal_edit("aaa", "aa"), Some((2..3, "".into())));
        assert_eq!(minimal_edit("x", "x"), None);
    }
}
