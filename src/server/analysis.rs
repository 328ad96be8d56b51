//! Diagnostics for a draft: `Checker::check` and `report::diagnostics_json`, exactly what
//! `dragoman check --format json` prints (in the negotiated encoding), deserialized into
//! LSP types. The only thing added is the typing filter: while the user types, a finding
//! whose span touches the caret (the end of the last edit) is held back.

use tower_lsp_server::ls_types::Diagnostic;

use crate::check::Checker;
use crate::config::Config;
use crate::position::Encoding;
use crate::report::diagnostics_json;
use crate::rules::Finding;

/// Findings of `text`, minus those touching `caret` when one is given.
pub fn findings(text: &str, config: &Config, caret: Option<usize>) -> Vec<Finding> {
    let mut findings = Checker::new(config).check(text);
    if let Some(at) = caret {
        findings.retain(|f| !touches(&f.span, at));
    }
    findings
}

/// Whether a finding's span touches the caret (the caret at either end counts: the
/// citation is still being typed there).
pub fn touches(span: &std::ops::Range<usize>, caret: usize) -> bool {
    span.start <= caret && caret <= span.end
}

/// The LSP diagnostics of `findings` in `text`.
pub fn to_diagnostics(text: &str, findings: &[Finding], enc: Encoding) -> Vec<Diagnostic> {
    diagnostics_json(text, findings, enc)
        .into_iter()
        .filter_map(|v| match serde_json::from_value(v) {
            Ok(d) => Some(d),
            Err(e) => {
                eprintln!("dragoman: internal: a diagnostic did not deserialize: {e}");
                None
            }
        })
        .collect()
}

/// Diagnostics of `text`: [`findings`] then [`to_diagnostics`].
pub fn diagnostics(text: &str, config: &Config, enc: Encoding, caret: Option<usize>) -> Vec<Diagnostic> {
    to_diagnostics(text, &findings(text, config, caret), enc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::ls_types::NumberOrString;

    #[test]
    fn same_as_check_json_and_typing_filter() {
        let text = "We recall resolution 1540(2004) and Resolution 2325 (2016).";
        let config = Config::default();
        let all = diagnostics(text, &config, Encoding::Utf16, None);
        let json = diagnostics_json(text, &Checker::new(&config).check(text), Encoding::Utf16);
        assert_eq!(serde_json::to_value(&all).unwrap(), serde_json::Value::Array(json));
        assert_eq!(all.len(), 2);
        assert_eq!(all[1].code, Some(NumberOrString::String("dragoman/capitalized-resolution".into())));
        // Typing just after `(2004)`: that finding is held back, the other stays.
        let typing = diagnostics(text, &config, Encoding::Utf16, Some(text.find(") and").unwrap() + 1));
        assert_eq!(typing.len(), 1);
        assert_eq!(typing[0].code, all[1].code);
    }
}
