//! Findings as a SARIF 2.1.0 log (`dragoman check --format sarif`), for GitHub code scanning
//! and other CI viewers: one run, every rule with its help text, every finding as a result
//! with its region (1-based lines, UTF-16 columns, as `columnKind` says) and its fix as a
//! SARIF fix (with the fix's applicability in the fix's property bag).
//!
//! The log is validated against the SARIF 2.1.0 JSON schema in `tests/cli.rs`.

use serde_json::{json, Value};

use crate::position::{Encoding, LineIndex};
use crate::rules::{Finding, Rule, Severity};

/// The `$schema` of the log.
pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// One file's findings, as the log is built from them.
pub struct FileFindings<'a> {
    /// The path as the user gave or the walk found it; written as a relative URI reference
    /// when relative, a `file://` URI when absolute.
    pub path: &'a std::path::Path,
    pub text: &'a str,
    pub findings: &'a [Finding],
}

/// A file that could not be checked, or was skipped, for the run's notifications.
pub struct Notice<'a> {
    pub path: &'a std::path::Path,
    pub message: &'a str,
    /// `error` (the run did not check everything it was asked to) or `note` (skipped).
    pub error: bool,
}

/// SARIF's level for a severity: `error`, `warning`, `note`.
pub fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Information | Severity::Hint => "note",
    }
}

/// A rule's help: what it catches and an example of the wrong and the right form.
pub fn help_text(rule: Rule) -> String {
    let (bad, good) = rule.example();
    if good.starts_with('(') {
        format!("{} Example: {bad} {good}.", rule.summary())
    } else {
        format!("{} Write \"{good}\", not \"{bad}\".", rule.summary())
    }
}

fn help_markdown(rule: Rule) -> String {
    let (bad, good) = rule.example();
    if good.starts_with('(') {
        format!("{}\n\nExample: `{bad}` {good}.", rule.summary())
    } else {
        format!("{}\n\nWrite `{good}`, not `{bad}`.", rule.summary())
    }
}

fn rule_json(rule: Rule) -> Value {
    let mut r = json!({
        "id": rule.code(),
        "name": rule.name(),
        "shortDescription": { "text": rule.summary() },
        "fullDescription": { "text": help_text(rule) },
        "help": { "text": help_text(rule), "markdown": help_markdown(rule) },
        "defaultConfiguration": { "level": level(rule.default_severity()) },
    });
    if rule.spec_row() > 0 {
        r["properties"] = json!({ "specRow": rule.spec_row() });
    }
    r
}

/// A path as a SARIF `artifactLocation.uri`: relative paths as a relative reference with
/// `/` separators, absolute ones as `file://` URIs; anything outside RFC 3986's unreserved
/// characters and `/` percent-encoded.
pub fn artifact_uri(path: &std::path::Path) -> String {
    let s = path.to_string_lossy();
    let s = s.strip_prefix("./").unwrap_or(&s);
    let mut out = String::with_capacity(s.len() + 8);
    if path.is_absolute() {
        out.push_str("file://");
    }
    for b in s.bytes() {
        let b = if b == b'\\' && cfg!(windows) { b'/' } else { b };
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A byte range as a SARIF region: 1-based lines and UTF-16 columns (the run's `columnKind`).
fn region(text: &str, index: &LineIndex, span: &std::ops::Range<usize>) -> Value {
    let a = index.line_col(text, span.start, Encoding::Utf16);
    let b = index.line_col(text, span.end, Encoding::Utf16);
    json!({ "startLine": a.line + 1, "startColumn": a.col + 1, "endLine": b.line + 1, "endColumn": b.col + 1 })
}

fn result_json(file: &FileFindings<'_>, index: &LineIndex, f: &Finding) -> Value {
    let uri = artifact_uri(file.path);
    let mut r = json!({
        "ruleId": f.rule.code(),
        "ruleIndex": Rule::ALL.iter().position(|r| *r == f.rule).unwrap_or(0),
        "level": level(f.severity),
        "message": { "text": f.message },
        "locations": [{ "physicalLocation": {
            "artifactLocation": { "uri": uri },
            "region": region(file.text, index, &f.span),
        } }],
    });
    if let Some(fix) = &f.fix {
        let replacements: Vec<Value> =
            fix.edits.iter().map(|e| json!({ "deletedRegion": region(file.text, index, &e.span), "insertedContent": { "text": e.new_text } })).collect();
        r["fixes"] = json!([{
            "description": { "text": fix.title },
            "artifactChanges": [{ "artifactLocation": { "uri": uri }, "replacements": replacements }],
            "properties": { "applicability": fix.applicability.name() },
        }]);
    }
    r
}

/// The SARIF log of a run of `dragoman check`.
pub fn log(files: &[FileFindings<'_>], notices: &[Notice<'_>]) -> Value {
    let mut results = Vec::new();
    for file in files {
        let index = LineIndex::new(file.text);
        results.extend(file.findings.iter().map(|f| result_json(file, &index, f)));
    }
    let notifications: Vec<Value> = notices
        .iter()
        .map(|n| {
            json!({
                "level": if n.error { "error" } else { "note" },
                "message": { "text": n.message },
                "locations": [{ "physicalLocation": { "artifactLocation": { "uri": artifact_uri(n.path) } } }],
            })
        })
        .collect();
    json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "dragoman",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": Rule::ALL.iter().map(|r| rule_json(*r)).collect::<Vec<_>>(),
            } },
            "invocations": [{
                "executionSuccessful": !notices.iter().any(|n| n.error),
                "toolExecutionNotifications": notifications,
            }],
            "columnKind": "utf16CodeUnits",
            "results": results,
        }],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Fix;
    use std::path::Path;

    #[test]
    fn uris_are_relative_references_or_file_uris() {
        assert_eq!(artifact_uri(Path::new("drafts/a b.md")), "drafts/a%20b.md");
        assert_eq!(artifact_uri(Path::new("./d.md")), "d.md");
        assert_eq!(artifact_uri(Path::new("/tmp/é.md")), "file:///tmp/%C3%A9.md");
    }

    #[test]
    fn a_result_has_its_region_rule_and_fix() {
        let text = "x\n€ resolution 2325(2016)";
        let start = text.find("(2016)").unwrap();
        let f = Finding {
            rule: Rule::MissingSpace,
            severity: Severity::Warning,
            span: start..start + 6,
            message: "m".into(),
            fix: Some(Fix::form(start..start, " ")),
        };
        let log = log(&[FileFindings { path: Path::new("d.md"), text, findings: &[f] }], &[]);
        let r = &log["runs"][0]["results"][0];
        assert_eq!(r["ruleId"], "dragoman/missing-space");
        assert_eq!(log["runs"][0]["tool"]["driver"]["rules"][r["ruleIndex"].as_u64().unwrap() as usize]["id"], "dragoman/missing-space");
        // `€` is one UTF-16 unit: column 18 (1-based) on line 2.
        assert_eq!(r["locations"][0]["physicalLocation"]["region"], json!({ "startLine": 2, "startColumn": 18, "endLine": 2, "endColumn": 24 }));
        let fix = &r["fixes"][0];
        assert_eq!(fix["properties"]["applicability"], "safe");
        assert_eq!(fix["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"], " ");
        assert_eq!(log["runs"][0]["invocations"][0]["executionSuccessful"], true);
    }
}
