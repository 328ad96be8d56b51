//! A normalized copy of a text for matching names that corpus typesetting breaks up, with a
//! map back to the original byte ranges.
//!
//! Contract: every run of whitespace (any Unicode white space, line breaks and non-breaking
//! spaces included) and hyphens (`-`, U+2010, U+2011) becomes one ASCII space, so
//! `United Nations Register of\nConventional Arms`, `low-\nenriched` and `Non-Proliferation`
//! read as `... Register of Conventional Arms`, `low enriched`, `Non Proliferation`. The
//! typographic apostrophe U+2019 becomes `'` and the soft hyphen U+00AD is dropped. Nothing
//! else changes, so a match in the normalized text maps back to exactly the original bytes
//! it came from ([`Normalized::original_range`]). Patterns are normalized with
//! [`normalize_pattern`] so both sides agree.

use std::ops::Range;

/// The normalized text and, for each of its bytes, the offset in the original text of the
/// character it came from.
#[derive(Debug, Clone, Default)]
pub struct Normalized {
    pub text: String,
    map: Vec<u32>,
}

fn is_break_like(c: char) -> bool {
    c.is_whitespace() || matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

impl Normalized {
    /// Normalize `original` (at most 4 GiB; corpus files are far smaller).
    pub fn new(original: &str) -> Normalized {
        let mut text = String::with_capacity(original.len());
        let mut map = Vec::with_capacity(original.len() + 1);
        let bytes = original.as_bytes();
        let mut i = 0;
        let mut in_run = false;
        while i < bytes.len() {
            let b = bytes[i];
            let (c, len) = if b < 0x80 {
                (b as char, 1)
            } else {
                let c = original[i..].chars().next().unwrap_or(' ');
                (c, c.len_utf8())
            };
            if is_break_like(c) {
                if !in_run {
                    text.push(' ');
                    map.push(i as u32);
                    in_run = true;
                }
            } else if c == '\u{ad}' {
                // soft hyphen: dropped, and it does not end a run
            } else {
                in_run = false;
                let c = if c == '\u{2019}' { '\'' } else { c };
                let start = text.len();
                text.push(c);
                for _ in start..text.len() {
                    map.push(i as u32);
                }
            }
            i += len;
        }
        map.push(original.len() as u32);
        Normalized { text, map }
    }

    /// The original byte range of the normalized range `r` (which must lie within the
    /// normalized text and not start or end inside a character).
    pub fn original_range(&self, original: &str, r: Range<usize>) -> Range<usize> {
        if r.start >= r.end {
            let at = self.map[r.start.min(self.map.len() - 1)] as usize;
            return at..at;
        }
        let start = self.map[r.start] as usize;
        let last = self.map[r.end - 1] as usize;
        let last_len = original[last..].chars().next().map_or(0, char::len_utf8);
        start..last + last_len
    }

    /// The normalized offset of original byte `offset` (the first normalized byte that
    /// comes from at or after it).
    pub fn normalized_offset(&self, offset: usize) -> usize {
        self.map.partition_point(|&m| (m as usize) < offset).min(self.text.len())
    }
}

/// Normalize a name or acronym for matching: the same rules as [`Normalized::new`], with
/// leading and trailing spaces trimmed.
pub fn normalize_pattern(s: &str) -> String {
    Normalized::new(s).text.trim().to_string()
}

/// Whether `c` continues a word (so a match next to it is not a whole word).
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Whether `r` stands as whole words in `text`.
pub fn is_whole_word(text: &str, r: &Range<usize>) -> bool {
    let before = text[..r.start].chars().next_back();
    let after = text[r.end..].chars().next();
    !before.is_some_and(is_word_char) && !after.is_some_and(is_word_char)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_wrapped_names_and_maps_back() {
        let original = "the United Nations Register of\nConventional Arms to be";
        let n = Normalized::new(original);
        assert_eq!(n.text, "the United Nations Register of Conventional Arms to be");
        let at = n.text.find("United").unwrap();
        let end = n.text.find(" to be").unwrap();
        let r = n.original_range(original, at..end);
        assert_eq!(&original[r], "United Nations Register of\nConventional Arms");
    }

    #[test]
    fn hyphens_and_runs_become_one_space() {
        let original = "The IAEA’s low-\r\n  enriched\u{a0}uranium, weapon- storage, Non‑Proliferation";
        let n = Normalized::new(original);
        assert_eq!(n.text, "The IAEA's low enriched uranium, weapon storage, Non Proliferation");
        let s = n.text.find("low").unwrap();
        let e = n.text.find(" uranium").unwrap();
        assert_eq!(&original[n.original_range(original, s..e)], "low-\r\n  enriched");
        let s = n.text.find("Non").unwrap();
        assert_eq!(&original[n.original_range(original, s..n.text.len())], "Non‑Proliferation");
        assert_eq!(n.normalized_offset(original.find("low").unwrap()), s - "low enriched uranium, weapon storage, ".len());
    }

    #[test]
    fn whole_words() {
        assert!(is_whole_word("the IAEA's", &(4..8)));
        assert!(!is_whole_word("UNODCs", &(0..5)));
        assert!(!is_whole_word("éIAEA", &(2..6)));
        assert_eq!(normalize_pattern(" Non-Proliferation  Treaty "), "Non Proliferation Treaty");
    }
}
