//! What the server is configured with: the negotiated position encoding, and the
//! configuration merged from `dragoman.toml`, `initializationOptions` and the editor's
//! `dragoman` settings section (`workspace/configuration`, `didChangeConfiguration`).
//!
//! Merge contract: `dragoman.toml` first; editor settings then add corpus folders and
//! exclude globs and override rule severities key by key. Editor paths are relative to the
//! workspace root. Keys other than `corpus`, `rules`, `exclude` and `debounceMs` are ignored
//! (editors send their own, such as `trace`).

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::Value;
use tower_lsp_server::ls_types::{ClientCapabilities, PositionEncodingKind};

use crate::analysis::LinkOptions;
use crate::config::{Config, RawConfig};
use crate::position::Encoding;

/// The pause after a keystroke before diagnostics are recomputed, for a document whose last
/// analysis was expensive (or, with `adaptiveDebounce: false`, for every document).
pub const DEFAULT_DEBOUNCE: Duration = Duration::from_millis(200);

/// An analysis that took at least this long is expensive: the next edit of that document
/// waits the debounce. A cheaper one is redone at once after every edit (a fast typist's
/// keystrokes are 80-150 ms apart, so re-checking costs under a tenth of a core).
pub const EXPENSIVE_ANALYSIS: Duration = Duration::from_millis(10);

/// Pick the position encoding: UTF-8 when the client offers it; else UTF-16 (which every
/// client supports, offered or not), except that a client offering only UTF-32 gets it.
pub fn negotiate_encoding(caps: &ClientCapabilities) -> Encoding {
    let offered: Vec<Encoding> = caps
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref())
        .map(|v| v.iter().filter_map(|k| Encoding::from_lsp_name(k.as_str())).collect())
        .unwrap_or_default();
    if offered.contains(&Encoding::Utf8) {
        Encoding::Utf8
    } else if offered.contains(&Encoding::Utf16) || offered.is_empty() {
        Encoding::Utf16
    } else {
        Encoding::Utf32
    }
}

/// The LSP kind for `enc`.
pub fn encoding_kind(enc: Encoding) -> PositionEncodingKind {
    PositionEncodingKind::from(enc.lsp_name())
}

/// The editor's settings, as sent (the `dragoman` section).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EditorSettings {
    pub raw: RawConfig,
    pub debounce: Option<Duration>,
    /// `adaptiveDebounce` (default on): wait the debounce only after an expensive analysis
    /// ([`EXPENSIVE_ANALYSIS`]); off: after every edit, as before.
    pub adaptive_debounce: Option<bool>,
    /// `links.resolutions`: document links on resolutions cited in prose too, not only on
    /// document symbols (default off: VS Code underlines every link; the Neovim plugin,
    /// where links show no decoration, turns it on).
    pub links: LinkOptions,
}

impl EditorSettings {
    /// Read the `dragoman` section from JSON: either the section itself or an object that
    /// holds it under `dragoman`. `null` gives the defaults; a wrongly typed key is an error.
    pub fn from_json(value: &Value) -> Result<EditorSettings, String> {
        let section = match value.get("dragoman") {
            Some(v) => v,
            None => value,
        };
        let mut out = EditorSettings::default();
        let Some(obj) = section.as_object() else {
            return if section.is_null() { Ok(out) } else { Err(format!("settings must be an object, not {section}")) };
        };
        let strings = |key: &str| -> Result<Vec<String>, String> {
            match obj.get(key) {
                None | Some(Value::Null) => Ok(Vec::new()),
                Some(v) => serde_json::from_value(v.clone()).map_err(|e| format!("dragoman.{key}: {e}")),
            }
        };
        out.raw.corpus = strings("corpus")?;
        out.raw.exclude = strings("exclude")?;
        if let Some(rules) = obj.get("rules").filter(|v| !v.is_null()) {
            out.raw.rules = serde_json::from_value(rules.clone()).map_err(|e| format!("dragoman.rules: {e}"))?;
        }
        match obj.get("links").and_then(|l| l.get("resolutions")) {
            None | Some(Value::Null) => {}
            Some(Value::Bool(b)) => out.links.resolutions = *b,
            Some(v) => return Err(format!("dragoman.links.resolutions must be true or false, not {v}")),
        }
        if let Some(ms) = obj.get("debounceMs").and_then(Value::as_u64) {
            out.debounce = Some(Duration::from_millis(ms));
        }
        match obj.get("adaptiveDebounce") {
            None | Some(Value::Null) => {}
            Some(Value::Bool(b)) => out.adaptive_debounce = Some(*b),
            Some(v) => return Err(format!("dragoman.adaptiveDebounce must be true or false, not {v}")),
        }
        Ok(out)
    }
}

impl EditorSettings {
    /// The pause before re-analysing a document after an edit, given how long its last
    /// analysis took (`None`: none finished yet). Adaptive: none after a cheap analysis,
    /// the debounce after an expensive or unknown one; not adaptive: always the debounce.
    pub fn pause_after_edit(&self, last: Option<Duration>) -> Duration {
        let debounce = self.debounce.unwrap_or(DEFAULT_DEBOUNCE);
        match last {
            Some(cost) if cost < EXPENSIVE_ANALYSIS && self.adaptive_debounce != Some(false) => Duration::ZERO,
            _ => debounce,
        }
    }
}

/// Build the configuration of a workspace rooted at `root` from its `dragoman.toml` (if
/// any) and the editor's settings.
pub fn merge(root: Option<&Path>, editor: &EditorSettings) -> Result<Config, String> {
    let (mut raw, base, source) = match root.map(find_toml).transpose()?.flatten() {
        Some((raw, dir, path)) => (raw, dir, Some(path)),
        None => (RawConfig::default(), root.map(Path::to_path_buf).unwrap_or_default(), None),
    };
    let ws = root.map(Path::to_path_buf).unwrap_or_default();
    // Editor paths resolve against the workspace root, the file's against its folder.
    raw.corpus = raw.corpus.iter().map(|c| base.join(c).to_string_lossy().into_owned()).collect();
    raw.corpus.extend(editor.raw.corpus.iter().map(|c| ws.join(c).to_string_lossy().into_owned()));
    raw.exclude.extend(editor.raw.exclude.iter().cloned());
    raw.rules.extend(editor.raw.rules.iter().map(|(k, v)| (k.clone(), v.clone())));
    let mut config = Config::from_raw(raw, Path::new(""))?;
    config.source = source;
    Ok(config)
}

fn find_toml(root: &Path) -> Result<Option<(RawConfig, PathBuf, PathBuf)>, String> {
    let path = root.join(crate::config::FILE_NAME);
    if !path.is_file() {
        return Ok(None);
    }
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let raw: RawConfig = toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(Some((raw, root.to_path_buf(), path)))
}

/// The corpus folders to index: the configured ones, else the workspace's `seeds/`, else
/// the bundled corpus written out to the cache folder ([`crate::corpus::default_roots`]).
pub fn corpus_folders(config: &Config, root: Option<&Path>) -> Vec<PathBuf> {
    if !config.corpus.is_empty() {
        return config.corpus.clone();
    }
    crate::corpus::default_roots(root)
}

/// Whether a path lies in one of the corpus folders (corpus statements are indexed,
/// never linted).
pub fn in_folders(path: &std::path::Path, folders: &[std::path::PathBuf]) -> bool {
    folders.iter().any(|f| path.starts_with(f) || f.canonicalize().is_ok_and(|c| path.starts_with(c)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{Rule, Severity};
    use serde_json::json;
    use tower_lsp_server::ls_types::GeneralClientCapabilities;

    fn caps(encodings: Option<&[&'static str]>) -> ClientCapabilities {
        ClientCapabilities {
            general: Some(GeneralClientCapabilities {
                position_encodings: encodings.map(|e| e.iter().map(|&s| PositionEncodingKind::from(s)).collect()),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    #[test]
    fn negotiates_like_the_clients_expect() {
        assert_eq!(negotiate_encoding(&caps(Some(&["utf-8", "utf-16", "utf-32"]))), Encoding::Utf8);
        assert_eq!(negotiate_encoding(&caps(Some(&["utf-16"]))), Encoding::Utf16);
        assert_eq!(negotiate_encoding(&caps(None)), Encoding::Utf16);
        assert_eq!(negotiate_encoding(&ClientCapabilities::default()), Encoding::Utf16);
        assert_eq!(negotiate_encoding(&caps(Some(&["utf-32"]))), Encoding::Utf32);
        assert_eq!(negotiate_encoding(&caps(Some(&["utf-32", "utf-16"]))), Encoding::Utf16);
    }

    #[test]
    fn pauses_only_after_an_expensive_analysis() {
        let ms = Duration::from_millis;
        let adaptive = EditorSettings::default();
        assert_eq!(adaptive.pause_after_edit(Some(ms(1))), Duration::ZERO);
        assert_eq!(adaptive.pause_after_edit(Some(EXPENSIVE_ANALYSIS - ms(1))), Duration::ZERO);
        assert_eq!(adaptive.pause_after_edit(Some(EXPENSIVE_ANALYSIS)), DEFAULT_DEBOUNCE);
        assert_eq!(adaptive.pause_after_edit(None), DEFAULT_DEBOUNCE);
        let set = EditorSettings::from_json(&json!({"debounceMs": 50})).unwrap();
        assert_eq!(set.pause_after_edit(Some(ms(30))), ms(50));
        let fixed = EditorSettings::from_json(&json!({"debounceMs": 50, "adaptiveDebounce": false})).unwrap();
        assert_eq!(fixed.pause_after_edit(Some(ms(1))), ms(50));
    }

    #[test]
    fn merges_toml_and_editor_settings() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("dragoman.toml"), "corpus = [\"a\"]\n[rules]\nmissing-year = \"off\"\nwrong-year = \"warning\"\n").unwrap();
        let editor = EditorSettings::from_json(
            &json!({"dragoman": {"corpus": ["b"], "rules": {"wrong-year": "hint"}, "exclude": ["x/**"], "debounceMs": 5, "trace": {"server": "off"}}}),
        )
        .unwrap();
        assert_eq!(editor.debounce, Some(Duration::from_millis(5)));
        let c = merge(Some(dir.path()), &editor).unwrap();
        assert_eq!(c.corpus, [dir.path().join("a"), dir.path().join("b")]);
        assert_eq!(c.rules.severity(Rule::MissingYear), None);
        assert_eq!(c.rules.severity(Rule::WrongYear), Some(Severity::Hint));
        assert!(c.is_excluded(Path::new("x/y.md")));
        assert!(EditorSettings::from_json(&json!({"corpus": "notalist"})).is_err());
        let bad = EditorSettings::from_json(&json!({"rules": {"no-such": "off"}})).unwrap();
        assert!(merge(None, &bad).unwrap_err().contains("unknown rule"));
        assert_eq!(EditorSettings::from_json(&Value::Null).unwrap(), EditorSettings::default());
        assert!(!editor.links.resolutions);
        assert_eq!(editor.adaptive_debounce, None);
        assert_eq!(EditorSettings::from_json(&json!({"adaptiveDebounce": false})).unwrap().adaptive_debounce, Some(false));
        assert!(EditorSettings::from_json(&json!({"adaptiveDebounce": 1})).is_err());
        assert!(EditorSettings::from_json(&json!({"links": {"resolutions": true}})).unwrap().links.resolutions);
        assert!(EditorSettings::from_json(&json!({"links": {"resolutions": "yes"}})).unwrap_err().contains("links.resolutions"));
    }
}
