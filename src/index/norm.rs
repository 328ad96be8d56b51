//! The corpus index's normalized text: the same rules as
//! [`crate::gazetteer::normalize::Normalized`] (every run of white space and hyphens becomes
//! one space, `’` becomes `'`, the soft hyphen is dropped), built for throughput over a
//! whole corpus.
//!
//! Contract: `Norm::new(s).text == Normalized::new(s).text` for every `s`, and
//! [`Norm::original_range`] / [`Norm::normalized_offset`] agree with `Normalized`'s on
//! character boundaries (tested). Instead of one map entry per byte, the map back to the
//! original is a list of anchors where the offset between the two texts changes (a run of
//! two or more break characters, a multi-byte break character, `’`, a soft hyphen); between
//! anchors the bytes correspond one to one. Prose has few such places, so building it costs
//! little more than a copy.

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

/// A normalized text and the anchors that map it back to the original.
#[derive(Debug, Clone, Default)]
pub(crate) struct Norm {
    pub text: String,
    /// `(normalized offset, original offset)`, both increasing; the first is `(0, 0)`.
    anchors: Vec<(u32, u32)>,
}

impl Norm {
    pub fn new(original: &str) -> Norm {
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
        Norm { text, anchors }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::normalize::Normalized;

    fn same(original: &str) {
        let a = Norm::new(original);
        let b = Normalized::new(original);
        assert_eq!(a.text, b.text, "{original:?}");
        let bounds: Vec<usize> = (0..=a.text.len()).filter(|&i| a.text.is_char_boundary(i)).collect();
        for (x, &s) in bounds.iter().enumerate() {
            for &e in &bounds[x + 1..] {
                assert_eq!(a.original_range(original, s..e), b.original_range(original, s..e), "{original:?} {s}..{e}");
            }
        }
        for o in (0..=original.len()).filter(|&o| original.is_char_boundary(o)) {
            assert_eq!(a.normalized_offset(o), b.normalized_offset(o), "{original:?} at {o}");
        }
    }

    #[test]
    fn agrees_with_the_gazetteer_normalization() {
        for s in [
            "",
            " ",
            "abc",
            "the United Nations Register of\nConventional Arms to be",
            "The IAEA’s low-\r\n  enriched\u{a0}uranium, weapon- storage, Non‑Proliferation",
            "  leading and trailing \n\n",
            "soft\u{ad}hyphen and dis\u{ad}\narmament",
            "Ñúñez (Perú): 𝄞 The Secretary-General’s report (S/2017/1025)\u{2028}x\u{85}y",
            "--- - -- a\u{2010}b\u{2011}c\u{3000}d’’e\u{ad}",
            "\u{ad}\u{ad}x\u{ad}",
        ] {
            same(s);
        }
    }
}
