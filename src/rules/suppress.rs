//! Inline suppressions. A line containing one of these markers (in any comment syntax, or
//! none, so plain text works too) silences findings:
//!
//! - `dragoman-ignore-next-line [rule, ...]`: the next line;
//! - `dragoman-ignore-line [rule, ...]`: its own line;
//! - `dragoman-disable [rule, ...]` ... `dragoman-enable`: the lines between;
//! - `dragoman-ignore-file`: the whole text.
//!
//! With rule names (`wrong-year` or `dragoman/wrong-year`) only those rules are silenced.

use super::Rule;

#[derive(Debug, Default)]
pub struct Suppressions {
    /// (first byte, end byte, rules or empty for all)
    ranges: Vec<(usize, usize, Vec<Rule>)>,
}

impl Suppressions {
    pub fn parse(text: &str) -> Suppressions {
        let mut s = Suppressions::default();
        if memchr::memmem::find(text.as_bytes(), b"dragoman-").is_none() {
            return s;
        }
        // Lines as LSP splits them (`\n`, `\r\n` and a lone `\r`), each with its break.
        let lines: Vec<(usize, &str)> = {
            let index = crate::position::LineIndex::new(text);
            (0..index.line_count())
                .map(|l| {
                    let start = index.line_start(l).unwrap_or(text.len());
                    let end = index.line_start(l + 1).unwrap_or(text.len());
                    (start, &text[start..end])
                })
                .collect()
        };
        let mut disabled: Option<(usize, Vec<Rule>)> = None;
        for (i, &(start, line)) in lines.iter().enumerate() {
            let end = start + line.len();
            if let Some(rules) = marker(line, "dragoman-ignore-file") {
                s.ranges.push((0, text.len(), rules));
            }
            if let Some(rules) = marker(line, "dragoman-ignore-next-line") {
                if let Some(&(next_start, next)) = lines.get(i + 1) {
                    s.ranges.push((next_start, next_start + next.len(), rules));
                }
            } else if let Some(rules) = marker(line, "dragoman-ignore-line") {
                s.ranges.push((start, end, rules));
            }
            if let Some(rules) = marker(line, "dragoman-disable") {
                disabled = Some((end, rules));
            } else if marker(line, "dragoman-enable").is_some() {
                if let Some((from, rules)) = disabled.take() {
                    s.ranges.push((from, start, rules));
                }
            }
        }
        if let Some((from, rules)) = disabled {
            s.ranges.push((from, text.len(), rules));
        }
        s
    }

    /// Whether a finding of `rule` starting at byte `at` is silenced.
    pub fn is_suppressed(&self, rule: Rule, at: usize) -> bool {
        self.ranges.iter().any(|(start, end, rules)| (*start..*end).contains(&at) && (rules.is_empty() || rules.contains(&rule)))
    }
}

/// If `line` holds `name` as a whole marker, the rules listed after it.
fn marker(line: &str, name: &str) -> Option<Vec<Rule>> {
    let at = line.find(name)?;
    let after = &line[at + name.len()..];
    if after.starts_with(|c: char| c.is_alphanumeric() || c == '-') {
        return None;
    }
    let rules = after
        .split(|c: char| c.is_whitespace() || c == ',')
        .take_while(|w| !w.starts_with("-->") && !w.starts_with("*/"))
        .filter_map(Rule::from_name)
        .collect();
    Some(rules)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers() {
        let text = "a\n<!-- dragoman-ignore-next-line -->\nb\nc % dragoman-ignore-line wrong-year\nd\n";
        let s = Suppressions::parse(text);
        let at = |needle: &str| text.find(needle).unwrap();
        assert!(!s.is_suppressed(Rule::WrongYear, at("a")));
        assert!(s.is_suppressed(Rule::WrongYear, at("b")));
        assert!(s.is_suppressed(Rule::WrongYear, at("c ")));
        assert!(!s.is_suppressed(Rule::MissingYear, at("c ")));
        assert!(!s.is_suppressed(Rule::WrongYear, at("d")));
    }

    #[test]
    fn regions() {
        let text = "x\n[dragoman-disable]\ny\n[dragoman-enable]\nz\n";
        let s = Suppressions::parse(text);
        assert!(s.is_suppressed(Rule::MissingYear, text.find('y').unwrap()));
        assert!(!s.is_suppressed(Rule::MissingYear, text.find('z').unwrap()));
        assert!(!s.is_suppressed(Rule::MissingYear, text.find('x').unwrap()));
    }
}
