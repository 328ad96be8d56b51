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
//!
//! Built for throughput over a whole corpus: instead of one map entry per byte, the map back
//! to the original is a list of anchors where the offset between the two texts changes (a
//! run of two or more break characters, a multi-byte break character, `’`, a soft hyphen);
//! between anchors the bytes correspond one to one. Prose has few such places, so building
//! it costs little more than a copy.

use std::ops::Range;

/// Byte classes: 0 kept as is, 1 an ASCII break character (white space or `-`), 2 the
/// first byte of a multi-byte character (looked at more closely).
const fn classes() -> [u8; 256] {
    let mut t = [0u8; 256];
    let mut b = 0x80;
    while b < 256 {
        t[b] = 2;
        b += 1;
    }
    t[b' ' as usize] = 1;
    t[b'\t' as usize] = 1;
    t[b'\n' as usize] = 1;
    t[0x0b] = 1;
    t[0x0c] = 1;
    t[b'\r' as usize] = 1;
    t[b'-' as usize] = 1;
    // Unicode White_Space in C1: NEL (U+0085) is 0xC2 0x85; handled as multi-byte.
    t
}

static CLASS: [u8; 256] = classes();

/// Whether 16 bytes copy over unchanged when the byte before them is ordinary: ASCII, no
/// break character but single spaces, and no space last (it could begin a run).
fn plain(c: &[u8]) -> bool {
    let mut bad = false;
    for &b in c {
        bad |= (b >= 0x80) | (b == b'-') | (b.wrapping_sub(0x09) < 5);
    }
    for w in c.windows(2) {
        bad |= (w[0] == b' ') & (w[1] == b' ');
    }
    !bad && c[c.len() - 1] != b' '
}

/// What a non-ASCII character becomes.
enum Wide {
    Keep,
    Break,
    Drop,
    Apostrophe,
}

fn wide(c: char) -> Wide {
    if c.is_whitespace() || matches!(c, '\u{2010}' | '\u{2011}') {
        Wide::Break
    } else if c == '\u{ad}' {
        Wide::Drop
    } else if c == '\u{2019}' {
        Wide::Apostrophe
    } else {
        Wide::Keep
    }
}

/// The normalized text and the anchors that map it back to the original.
#[derive(Debug, Clone, Default)]
pub struct Normalized {
    pub text: String,
    /// `(normalized offset, original offset)`, both increasing; the first is `(0, 0)`.
    anchors: Vec<(u32, u32)>,
}

impl Normalized {
    /// Normalize `original` (at most 4 GiB; corpus files are far smaller).
    pub fn new(original: &str) -> Normalized {
        let bytes = original.as_bytes();
        let mut out: Vec<u8> = Vec::with_capacity(bytes.len());
        let mut anchors: Vec<(u32, u32)> = vec![(0, 0)];
        // original offset - normalized offset, as the last anchor has it.
        let mut delta: usize = 0;
        let mut in_run = false;
        let mut i = 0;
        // Record that normalized byte `out.len()` comes from original byte `at`.
        macro_rules! mark {
            ($at:expr) => {
                let at = $at;
                if at - out.len() != delta {
                    delta = at - out.len();
                    anchors.push((out.len() as u32, at as u32));
                }
            };
        }
        while i < bytes.len() {
            // Copy a stretch of ordinary ASCII at once.
            let start = i;
            loop {
                // 16 bytes at a time while they are plain (see `plain`); the byte before is
                // then ordinary, or a single space before an ordinary byte.
                if i > start {
                    while i + 16 <= bytes.len() && plain(&bytes[i..i + 16]) {
                        i += 16;
                    }
                }
                i += bytes[i..].iter().position(|&b| CLASS[b as usize] != 0).unwrap_or(bytes.len() - i);
                // One space between ordinary bytes stays as it is: part of the stretch.
                if i > start && i + 1 < bytes.len() && bytes[i] == b' ' && CLASS[bytes[i + 1] as usize] == 0 {
                    i += 1;
                    continue;
                }
                break;
            }
            if i > start {
                mark!(start);
                out.extend_from_slice(&bytes[start..i]);
                in_run = false;
                if i == bytes.len() {
                    break;
                }
            }
            let b = bytes[i];
            if CLASS[b as usize] == 1 {
                if !in_run {
                    mark!(i);
                    out.push(b' ');
                    in_run = true;
                }
                i += 1;
                continue;
            }
            // Multi-byte character.
            let c = original[i..].chars().next().unwrap_or(' ');
            let len = c.len_utf8();
            match wide(c) {
                Wide::Break => {
                    if !in_run {
                        mark!(i);
                        out.push(b' ');
                        in_run = true;
                    }
                }
                Wide::Drop => {}
                Wide::Apostrophe => {
                    mark!(i);
                    out.push(b'\'');
                    in_run = false;
                }
                Wide::Keep => {
                    mark!(i);
                    out.extend_from_slice(&bytes[i..i + len]);
                    in_run = false;
                }
            }
            i += len;
        }
        // Only whole characters were copied or replaced by ASCII, so this cannot fail.
        let text = String::from_utf8(out).unwrap_or_default();
        Normalized { text, anchors }
    }

    /// The original offset of normalized offset `n` (a character boundary, or the end).
    fn orig(&self, n: usize) -> usize {
        let k = self.anchors.partition_point(|a| a.0 as usize <= n) - 1;
        let (an, ao) = self.anchors[k];
        ao as usize + (n - an as usize)
    }

    /// The original byte range of the normalized range `r` (character boundaries).
    pub fn original_range(&self, original: &str, r: Range<usize>) -> Range<usize> {
        if r.start >= r.end {
            let at = if r.start >= self.text.len() { original.len() } else { self.orig(r.start) };
            return at..at;
        }
        let start = self.orig(r.start);
        let mut last = r.end - 1;
        while !self.text.is_char_boundary(last) {
            last -= 1;
        }
        let o = self.orig(last);
        let len = original[o..].chars().next().map_or(0, char::len_utf8);
        start..o + len
    }

    /// The first normalized offset that comes from original byte `offset` or after it.
    pub fn normalized_offset(&self, offset: usize) -> usize {
        let k = self.anchors.partition_point(|a| a.1 as usize <= offset).max(1) - 1;
        let (an, ao) = self.anchors[k];
        let n = an as usize + offset.saturating_sub(ao as usize);
        let n = match self.anchors.get(k + 1) {
            Some(&(next_n, _)) => n.min(next_n as usize),
            None => n,
        };
        n.min(self.text.len())
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
    fn wide_characters_soft_hyphens_and_edges() {
        for (original, want) in [
            ("", ""),
            (" ", " "),
            ("abc", "abc"),
            ("  leading and trailing \n\n", " leading and trailing "),
            ("soft\u{ad}hyphen and dis\u{ad}\narmament", "softhyphen and dis armament"),
            ("Ñúñez (Perú): 𝄞 The Secretary-General’s report\u{2028}x\u{85}y", "Ñúñez (Perú): 𝄞 The Secretary General's report x y"),
            ("--- - -- a\u{2010}b\u{2011}c\u{3000}d’’e\u{ad}", " a b c d''e"),
            ("\u{ad}\u{ad}x\u{ad}", "x"),
        ] {
            let n = Normalized::new(original);
            assert_eq!(n.text, want, "{original:?}");
            // Every range maps back to original text that normalizes to it, and back again.
            let bounds: Vec<usize> = (0..=n.text.len()).filter(|&i| n.text.is_char_boundary(i)).collect();
            for (x, &s) in bounds.iter().enumerate() {
                for &e in &bounds[x + 1..] {
                    let r = n.original_range(original, s..e);
                    assert_eq!(Normalized::new(&original[r.clone()]).text, n.text[s..e], "{original:?} {s}..{e}");
                    assert_eq!(n.normalized_offset(r.start), s, "{original:?} {s}..{e}");
                }
            }
        }
        let original = "Perú d’’e";
        let n = Normalized::new(original);
        assert_eq!(&original[n.original_range(original, 0..5)], "Perú");
        assert_eq!(&original[n.original_range(original, 6..10)], "d’’e");
        assert_eq!(n.original_range(original, n.text.len()..n.text.len()), original.len()..original.len());
    }

    #[test]
    fn whole_words() {
        assert!(is_whole_word("the IAEA's", &(4..8)));
        assert!(!is_whole_word("UNODCs", &(0..5)));
        assert!(!is_whole_word("éIAEA", &(2..6)));
        assert_eq!(normalize_pattern(" Non-Proliferation  Treaty "), "Non Proliferation Treaty");
    }
}
