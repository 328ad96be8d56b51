//! Workspace configuration: `dragoman.toml` at the workspace root, and the same keys from
//! the editor's `dragoman.*` settings (JSON).
//!
//! ```toml
//! corpus = ["seeds", "../statements"]   # corpus folders, relative to the file
//! exclude = ["archive/**"]               # globs of drafts never checked
//! [rules]
//! missing-year = "off"                   # or "error", "warning", "information", "hint"
//! "dragoman/wrong-year" = "warning"
//! ```

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::rules::{Rule, RuleSettings};

/// The configuration file's name.
pub const FILE_NAME: &str = "dragoman.toml";

/// Settings as read from `dragoman.toml` or the editor.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    #[serde(default)]
    pub corpus: Vec<String>,
    #[serde(default)]
    pub exclude: Vec<String>,
    #[serde(default)]
    pub rules: std::collections::BTreeMap<String, String>,
}

/// Configuration ready to use.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Corpus folders, absolute or relative to the working directory.
    pub corpus: Vec<PathBuf>,
    pub exclude: Option<globset::GlobSet>,
    pub exclude_patterns: Vec<String>,
    pub rules: RuleSettings,
    /// Where the configuration came from, for messages.
    pub source: Option<PathBuf>,
}

impl Config {
    /// Parse TOML text; relative corpus folders resolve against `base`.
    pub fn from_toml(text: &str, base: &Path) -> Result<Config, String> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| e.to_string())?;
        Config::from_raw(raw, base)
    }

    /// Build from already-parsed settings (the editor's JSON uses the same keys).
    pub fn from_raw(raw: RawConfig, base: &Path) -> Result<Config, String> {
        let mut rules = RuleSettings::default();
        for (name, value) in &raw.rules {
            let rule = Rule::from_name(name).ok_or_else(|| {
                let known: Vec<&str> = Rule::ALL.iter().map(|r| r.name()).collect();
                format!("unknown rule {name:?} (known rules: {})", known.join(", "))
            })?;
            rules.set(rule, RuleSettings::parse_value(value).map_err(|e| format!("rule {name}: {e}"))?);
        }
        let mut builder = globset::GlobSetBuilder::new();
        for pattern in &raw.exclude {
            builder.add(globset::Glob::new(pattern).map_err(|e| format!("exclude pattern {pattern:?}: {e}"))?);
        }
        let exclude = if raw.exclude.is_empty() { None } else { Some(builder.build().map_err(|e| e.to_string())?) };
        Ok(Config { corpus: raw.corpus.iter().map(|c| base.join(c)).collect(), exclude, exclude_patterns: raw.exclude, rules, source: None })
    }

    /// Find `dragoman.toml` in `start` or its ancestors and load it. `Ok(None)` when there
    /// is none.
    pub fn discover(start: &Path) -> Result<Option<Config>, String> {
        let start = start.canonicalize().unwrap_or_else(|_| start.to_path_buf());
        for dir in start.ancestors() {
            let path = dir.join(FILE_NAME);
            if path.is_file() {
                let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
                let mut config = Config::from_toml(&text, dir).map_err(|e| format!("{}: {e}", path.display()))?;
                config.source = Some(path);
                return Ok(Some(config));
            }
        }
        Ok(None)
    }

    /// Whether `path` (relative to the workspace, or absolute) is excluded from checking.
    pub fn is_excluded(&self, path: &Path) -> bool {
        self.exclude.as_ref().is_some_and(|set| set.is_match(path) || path.file_name().is_some_and(|n| set.is_match(n)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Severity;

    #[test]
    fn parses_rules_and_corpus() {
        let c = Config::from_toml(
            "corpus = [\"seeds\"]\nexclude = [\"old/**\"]\n[rules]\nmissing-year = \"off\"\n\"dragoman/wrong-year\" = \"warning\"\n",
            Path::new("/ws"),
        )
        .unwrap();
        assert_eq!(c.corpus, [PathBuf::from("/ws/seeds")]);
        assert_eq!(c.rules.severity(Rule::MissingYear), None);
        assert_eq!(c.rules.severity(Rule::WrongYear), Some(Severity::Warning));
        assert!(c.is_excluded(Path::new("old/a.md")));
        assert!(!c.is_excluded(Path::new("new/a.md")));
    }

    #[test]
    fn rejects_unknown_rules_and_severities() {
        assert!(Config::from_toml("[rules]\nno-such-rule = \"off\"\n", Path::new("/")).unwrap_err().contains("unknown rule"));
        assert!(Config::from_toml("[rules]\nmissing-year = \"loud\"\n", Path::new("/")).unwrap_err().contains("unknown severity"));
        assert!(Config::from_toml("colour = 1\n", Path::new("/")).is_err());
    }
}
