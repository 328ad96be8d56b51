//! Position conversion, in one place: byte offsets ↔ (line, column) in the encoding the
//! client negotiated (UTF-8, UTF-16 or UTF-32 code units). Lines are split on `\n`, `\r\n`
//! and `\r`, as LSP splits them; no other character ends a line.

/// The unit in which columns are counted (LSP `PositionEncodingKind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    Utf8,
    #[default]
    Utf16,
    Utf32,
}

impl Encoding {
    /// The LSP name: `utf-8`, `utf-16`, `utf-32`.
    pub fn lsp_name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf16 => "utf-16",
            Encoding::Utf32 => "utf-32",
        }
    }

    /// Parse an LSP name.
    pub fn from_lsp_name(s: &str) -> Option<Encoding> {
        match s {
            "utf-8" => Some(Encoding::Utf8),
            "utf-16" => Some(Encoding::Utf16),
            "utf-32" => Some(Encoding::Utf32),
            _ => None,
        }
    }

    /// The width of `c` in this encoding's code units.
    pub fn width(self, c: char) -> u32 {
        match self {
            Encoding::Utf8 => c.len_utf8() as u32,
            Encoding::Utf16 => c.len_utf16() as u32,
            Encoding::Utf32 => 1,
        }
    }
}

/// A zero-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct LineCol {
    pub line: u32,
    pub col: u32,
}

/// Why a position could not be converted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PositionError {
    LineOutOfRange { line: u32, lines: u32 },
}

impl std::fmt::Display for PositionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PositionError::LineOutOfRange { line, lines } => write!(f, "line {line} is past the end of the document ({lines} lines)"),
        }
    }
}

impl std::error::Error for PositionError {}

/// Line starts of a text, for converting positions.
///
/// Every conversion costs O(log n) plus a scan of at most [`BLOCK`] bytes, whatever the
/// length of the line: the index keeps, every [`BLOCK`] bytes, how many UTF-16 and UTF-32
/// units the text holds before that point (only for non-ASCII text; in ASCII every
/// encoding counts bytes). A column was counted from the line's start before, so 16,000
/// findings on one 512 KB line took 20 s.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Byte offset of the start of each line.
    starts: Vec<usize>,
    len: usize,
    /// Units before each block's first byte, `None` when the text is ASCII.
    units: Option<Box<Units>>,
}

/// How many bytes the unit tables of [`LineIndex`] step by.
pub const BLOCK: usize = 256;

#[derive(Debug, Clone)]
struct Units {
    utf16: Vec<usize>,
    utf32: Vec<usize>,
}

/// The UTF-16 units of the characters whose first byte is in `bytes` (continuation bytes
/// count nothing, a four-byte character's first byte two), and likewise UTF-32 units.
fn count(bytes: &[u8]) -> (usize, usize) {
    let mut chars = 0;
    let mut astral = 0;
    for &b in bytes {
        chars += usize::from(b & 0xC0 != 0x80);
        astral += usize::from(b >= 0xF0);
    }
    (chars + astral, chars)
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while let Some(k) = memchr::memchr2(b'\n', b'\r', &bytes[i..]) {
            let at = i + k;
            let next = if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') { at + 2 } else { at + 1 };
            starts.push(next);
            i = next;
        }
        let units = (!text.is_ascii()).then(|| {
            let blocks = bytes.len() / BLOCK + 1;
            let mut units = Units { utf16: Vec::with_capacity(blocks), utf32: Vec::with_capacity(blocks) };
            let (mut u16s, mut u32s) = (0, 0);
            units.utf16.push(0);
            units.utf32.push(0);
            for chunk in bytes.chunks(BLOCK) {
                let (a, b) = count(chunk);
                u16s += a;
                u32s += b;
                units.utf16.push(u16s);
                units.utf32.push(u32s);
            }
            Box::new(units)
        });
        LineIndex { starts, len: text.len(), units }
    }

    /// Number of lines (a text ending in a line break has an empty last line).
    pub fn line_count(&self) -> u32 {
        self.starts.len() as u32
    }

    /// Byte offset of the start of `line`.
    pub fn line_start(&self, line: u32) -> Option<usize> {
        self.starts.get(line as usize).copied()
    }

    /// The units of `enc` in `text[..offset]` (`offset` a char boundary).
    fn units_before(&self, text: &str, offset: usize, enc: Encoding) -> usize {
        let Some(units) = self.units.as_deref().filter(|_| enc != Encoding::Utf8) else { return offset };
        let block = offset / BLOCK;
        let (a, b) = count(&text.as_bytes()[block * BLOCK..offset]);
        match enc {
            Encoding::Utf16 => units.utf16[block] + a,
            _ => units.utf32[block] + b,
        }
    }

    /// The (line, column) of byte `offset` (clamped to the text and to a char boundary).
    pub fn line_col(&self, text: &str, offset: usize, enc: Encoding) -> LineCol {
        let mut offset = offset.min(self.len);
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let col = self.units_before(text, offset, enc) - self.units_before(text, start, enc);
        LineCol { line: line as u32, col: col as u32 }
    }

    /// The byte offset of (line, column). A column past the end of the line clamps to the
    /// line's end (as LSP asks); a column inside a character snaps to its start; a line
    /// past the end is an error.
    pub fn offset(&self, text: &str, pos: LineCol, enc: Encoding) -> Result<usize, PositionError> {
        let line = pos.line as usize;
        let Some(&start) = self.starts.get(line) else {
            return Err(PositionError::LineOutOfRange { line: pos.line, lines: self.line_count() });
        };
        let end = self.line_content_end(text, line);
        let target = self.units_before(text, start, enc) + pos.col as usize;
        if self.units_before(text, end, enc) <= target {
            return Ok(end);
        }
        // Start from the last block boundary at or before the character holding `target`
        // (or from the line's start), at a char boundary.
        let mut from = start;
        if let Some(units) = self.units.as_deref().filter(|_| enc != Encoding::Utf8) {
            let table = if enc == Encoding::Utf16 { &units.utf16 } else { &units.utf32 };
            let mut at = (table.partition_point(|&u| u <= target) - 1) * BLOCK;
            while !text.is_char_boundary(at) {
                at += 1;
            }
            from = from.max(at);
        } else {
            // One unit a byte: no scan needed beyond snapping to a char start.
            let mut at = target.min(end);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            return Ok(at);
        }
        let mut units = self.units_before(text, from, enc);
        for (i, c) in text[from..end].char_indices() {
            let w = enc.width(c) as usize;
            if units + w > target {
                return Ok(from + i);
            }
            units += w;
        }
        Ok(end)
    }

    /// End of line `line`'s content, before its line break.
    fn line_content_end(&self, text: &str, line: usize) -> usize {
        match self.starts.get(line + 1) {
            None => self.len,
            Some(&next) if text.as_bytes()[..next].ends_with(b"\r\n") => next - 2,
            Some(&next) => next - 1,
        }
    }
}

/// Position conversion on a [`ropey::Rope`] (the language server's document store), with
/// the same contract as [`LineIndex`]: a column past the end of a line clamps to the line's
/// end, a column inside a character snaps to its start, a line past the end is an error.
/// Every conversion is O(log n) in the document's size, except UTF-8 columns on lines that
/// hold multi-byte characters, which cost O(column).
pub mod rope {
    use super::{Encoding, LineCol, PositionError};
    use ropey::Rope;

    /// Byte offset of the end of `line`'s content (before its line break).
    fn line_content_end(rope: &Rope, line: usize) -> usize {
        let start = rope.line_to_byte(line);
        let slice = rope.line(line);
        let mut len = slice.len_bytes();
        if len > 0 && slice.byte(len - 1) == b'\n' {
            len -= 1;
            if len > 0 && slice.byte(len - 1) == b'\r' {
                len -= 1;
            }
        } else if len > 0 && slice.byte(len - 1) == b'\r' {
            len -= 1;
        }
        start + len
    }

    /// The byte offset of `pos` in `rope`.
    pub fn offset(rope: &Rope, pos: LineCol, enc: Encoding) -> Result<usize, PositionError> {
        let lines = rope.len_lines();
        let line = pos.line as usize;
        if line >= lines {
            return Err(PositionError::LineOutOfRange { line: pos.line, lines: lines as u32 });
        }
        let start = rope.line_to_byte(line);
        let end = line_content_end(rope, line);
        let col = pos.col as usize;
        Ok(match enc {
            Encoding::Utf8 => {
                let b = (start + col).min(end);
                rope.char_to_byte(rope.byte_to_char(b))
            }
            Encoding::Utf16 => {
                let start_cu = rope.char_to_utf16_cu(rope.byte_to_char(start));
                let end_cu = rope.char_to_utf16_cu(rope.byte_to_char(end));
                let target = (start_cu + col).min(end_cu);
                let ch = rope.utf16_cu_to_char(target);
                // A column in the middle of a surrogate pair snaps to the pair's start.
                rope.char_to_byte(ch)
            }
            Encoding::Utf32 => {
                let start_ch = rope.byte_to_char(start);
                let end_ch = rope.byte_to_char(end);
                rope.char_to_byte((start_ch + col).min(end_ch))
            }
        })
    }

    /// The (line, column) of byte `offset` (clamped to the text, snapped to the start of
    /// the character that holds it).
    pub fn line_col(rope: &Rope, offset: usize, enc: Encoding) -> LineCol {
        let offset = offset.min(rope.len_bytes());
        let ch = rope.byte_to_char(offset);
        let line = rope.char_to_line(ch);
        let start_ch = rope.line_to_char(line);
        let col = match enc {
            Encoding::Utf8 => rope.char_to_byte(ch) - rope.char_to_byte(start_ch),
            Encoding::Utf16 => rope.char_to_utf16_cu(ch) - rope.char_to_utf16_cu(start_ch),
            Encoding::Utf32 => ch - start_ch,
        };
        LineCol { line: line as u32, col: col as u32 }
    }

    /// Replace the bytes `start..end` of `rope` with `text` (both ends must be char
    /// boundaries, as [`offset`] returns them).
    pub fn replace(rope: &mut Rope, start: usize, end: usize, text: &str) {
        let (a, b) = (rope.byte_to_char(start), rope.byte_to_char(end.max(start)));
        if b > a {
            rope.remove(a..b);
        }
        if !text.is_empty() {
            rope.insert(a, text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_all_encodings() {
        let text = "a€b\r\n𝄞x\rlast\né";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 4);
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            // Every offset but the middle of a `\r\n` pair is a position.
            for (off, _) in text.char_indices().filter(|&(o, c)| !(c == '\n' && text[..o].ends_with('\r'))) {
                let lc = idx.line_col(text, off, enc);
                assert_eq!(idx.offset(text, lc, enc), Ok(off), "{enc:?} {off} {lc:?}");
            }
        }
        // 𝄞 is two UTF-16 units, four UTF-8 bytes, one UTF-32 unit.
        let x = text.find('x').unwrap();
        assert_eq!(idx.line_col(text, x, Encoding::Utf16), LineCol { line: 1, col: 2 });
        assert_eq!(idx.line_col(text, x, Encoding::Utf8), LineCol { line: 1, col: 4 });
        assert_eq!(idx.line_col(text, x, Encoding::Utf32), LineCol { line: 1, col: 1 });
    }

    /// The column of `offset` counted from the line's start, as it was done before the
    /// unit tables (the reference the index must agree with).
    fn naive(text: &str, offset: usize, enc: Encoding) -> LineCol {
        let idx = LineIndex::new(text);
        let line = idx.starts.partition_point(|&s| s <= offset) - 1;
        LineCol { line: line as u32, col: text[idx.starts[line]..offset].chars().map(|c| enc.width(c)).sum() }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
        /// Long lines crossing many blocks, every width of character: the unit tables
        /// give exactly the columns counted from the line's start, and back.
        #[test]
        fn unit_tables_agree_with_counting(pieces in proptest::collection::vec(proptest::prop_oneof!["a", "é", "€", "𝄞", "\r\n", "\n", "\r", "abcdefghij"], 0..400)) {
            let text: String = pieces.concat();
            let idx = LineIndex::new(&text);
            for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
                for (off, _) in text.char_indices().chain([(text.len(), ' ')]).filter(|&(o, _)| !(text[..o].ends_with('\r') && text[o..].starts_with('\n'))) {
                    let lc = idx.line_col(&text, off, enc);
                    proptest::prop_assert_eq!(lc, naive(&text, off, enc));
                    proptest::prop_assert_eq!(idx.offset(&text, lc, enc), Ok(off));
                }
            }
        }
    }

    #[test]
    fn clamps_columns_and_rejects_lines() {
        let text = "ab\ncd";
        let idx = LineIndex::new(text);
        assert_eq!(idx.offset(text, LineCol { line: 0, col: 99 }, Encoding::Utf16), Ok(2));
        assert!(idx.offset(text, LineCol { line: 5, col: 0 }, Encoding::Utf16).is_err());
    }

    #[test]
    fn rope_agrees_with_line_index() {
        let text = "a€b\r\n𝄞x\rlast\né\u{2028}z\n";
        let idx = LineIndex::new(text);
        let r = ropey::Rope::from_str(text);
        assert_eq!(r.len_lines() as u32, idx.line_count());
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            for off in 0..=text.len() {
                let lc = idx.line_col(text, off, enc);
                assert_eq!(rope::line_col(&r, off, enc), lc, "{enc:?} {off}");
                for col in [lc.col, lc.col + 1, lc.col + 7] {
                    let p = LineCol { line: lc.line, col };
                    assert_eq!(rope::offset(&r, p, enc), idx.offset(text, p, enc), "{enc:?} {p:?}");
                }
            }
        }
        assert!(rope::offset(&r, LineCol { line: 9, col: 0 }, Encoding::Utf16).is_err());
    }
}
