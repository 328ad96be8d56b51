//! UN document symbols: `S/2017/1025`, `A/72/123`, `S/PV.8140`, `A/79/PV.5`,
//! `S/PRST/2017/2`, `S/RES/1540 (2004)`, `A/RES/70/1`, `A/HRC/RES/5/1`, and the malformed
//! spellings drafters type (`S/PRST 2017/2`, `S/PV/8140`, `s/2017/1025`, `S / 2017 / 1025`).

use super::scan::{boundary_at, boundary_before, digits, skip_inline_space, starts_with_ci};
use super::{from_roman, to_roman, Citation, Dating, Kind, Number, Organ, SessionStyle, SlashStyle, SymbolForm, YearStyle};

/// Parse a symbol starting at `start` (at its `S` or `A`).
pub(super) fn parse_symbol(text: &str, start: usize) -> Option<Citation> {
    if !boundary_before(text, start) {
        return None;
    }
    // `start` may be the end of the text when a caller looks past a word.
    let head = *text.as_bytes().get(start)?;
    let mut malformed = head == b's';
    let organ_head = head.to_ascii_uppercase();
    // The first slash, possibly spaced: `S / 2017`.
    let mut i = start + 1;
    let (slash, spaced) = slash_at(text, i)?;
    malformed |= spaced;
    i = slash;
    let mut sym = Sym { text, start, malformed, end: i };
    match organ_head {
        b'S' => parse_s(&mut sym),
        b'A' => parse_a(&mut sym),
        _ => None,
    }
}

struct Sym<'t> {
    text: &'t str,
    start: usize,
    malformed: bool,
    /// Read position.
    end: usize,
}

impl Sym<'_> {
    fn form(&self, canonical: String) -> SymbolForm {
        let typed = &self.text[self.start..self.end];
        SymbolForm { span: self.start..self.end, malformed: self.malformed || typed != canonical, canonical, incomplete: false }
    }

    fn citation(&self, kind: Kind, key: String, canonical: String) -> Citation {
        Citation {
            kind,
            key,
            span: self.start..self.end,
            organ: None,
            context_organ: None,
            word: None,
            number_sign: None,
            number: None,
            dating: Dating::None,
            symbol: Some(self.form(canonical)),
            document_as_resolution: false,
            list_index: 0,
            list_len: 1,
        }
    }

    /// A keyword (`RES`, `PV`, `PRST`), any case. Wrong case marks the symbol malformed.
    fn keyword(&mut self, word: &str) -> bool {
        if starts_with_ci(self.text, self.end, word) && !self.text.as_bytes().get(self.end + word.len()).is_some_and(u8::is_ascii_alphabetic) {
            if &self.text[self.end..self.end + word.len()] != word {
                self.malformed = true;
            }
            self.end += word.len();
            true
        } else {
            false
        }
    }

    /// A separator between parts: `/` (canonical), or a space / `/` / `.` where the
    /// canonical separator is `expected`. Returns false when there is none.
    fn separator(&mut self, expected: u8) -> bool {
        let bytes = self.text.as_bytes();
        match bytes.get(self.end) {
            Some(&b) if b == expected => {
                self.end += 1;
                // `S/PV. 8140`
                if let Some(j) = skip_inline_space(self.text, self.end) {
                    if j > self.end && j - self.end <= 1 && bytes.get(j).is_some_and(u8::is_ascii_digit) {
                        self.malformed = true;
                        self.end = j;
                    }
                }
                true
            }
            Some(b'/' | b'.') => {
                self.malformed = true;
                self.end += 1;
                true
            }
            Some(b' ' | b'\t') | Some(0xC2) => {
                let Some(j) = skip_inline_space(self.text, self.end) else { return false };
                if j - self.end > 3 || !bytes.get(j).is_some_and(u8::is_ascii_digit) {
                    return false;
                }
                self.malformed = true;
                self.end = j;
                true
            }
            _ => false,
        }
    }

    /// A spaced or plain slash between numeric parts.
    fn slash(&mut self) -> bool {
        match slash_at(self.text, self.end) {
            Some((j, spaced)) => {
                self.malformed |= spaced;
                self.end = j;
                true
            }
            None => false,
        }
    }

    /// Digits; returns their value and span.
    fn number(&mut self) -> Option<(u32, std::ops::Range<usize>)> {
        let start = self.end;
        let end = digits(self.text, start)?;
        if end - start > 6 {
            return None;
        }
        self.end = end;
        Some((self.text[start..end].parse().ok()?, start..end))
    }

    /// Document suffixes `/Add.1`, `/Rev.2`, `/Corr.1`, `/Amend.1` (repeatable).
    fn suffixes(&mut self) -> String {
        let mut out = String::new();
        loop {
            let rest = &self.text[self.end..];
            let Some(r) = rest.strip_prefix('/') else { break };
            let Some(word) = ["Add.", "Rev.", "Corr.", "Amend.", "Summary"].into_iter().find(|w| r.starts_with(w)) else { break };
            let j = self.end + 1 + word.len();
            let Some(d) = digits(self.text, j) else { break };
            out.push('/');
            out.push_str(&self.text[self.end + 1..d]);
            self.end = d;
        }
        out
    }
}

/// A `/` at `i`, possibly with spaces around it (`S / 2017`). Returns the position after
/// it and whether it was spaced.
fn slash_at(text: &str, i: usize) -> Option<(usize, bool)> {
    let bytes = text.as_bytes();
    if bytes.get(i) == Some(&b'/') {
        let after = i + 1;
        return match bytes.get(after) {
            Some(b' ') => {
                let j = skip_inline_space(text, after)?;
                (j - after <= 2 && bytes.get(j).is_some_and(u8::is_ascii_digit)).then_some((j, true))
            }
            _ => Some((after, false)),
        };
    }
    let j = skip_inline_space(text, i)?;
    if j == i || j - i > 2 || bytes.get(j) != Some(&b'/') {
        return None;
    }
    let k = skip_inline_space(text, j + 1)?;
    // `A /RES/70/1`: a space before the slash, then one of the symbols' keywords.
    let keyword = ["RES/", "PV.", "PRST/", "HRC/"].iter().any(|w| starts_with_ci(text, k, w));
    (k - j - 1 <= 2 && (bytes.get(k).is_some_and(u8::is_ascii_digit) || keyword)).then_some((k, true))
}

fn parse_s(sym: &mut Sym<'_>) -> Option<Citation> {
    let text = sym.text;
    if sym.keyword("RES") {
        if !sym.separator(b'/') {
            return None;
        }
        let (number, number_span) = sym.number()?;
        if number == 0 || !boundary_at(text, sym.end) && text.as_bytes().get(sym.end) != Some(&b'(') {
            return None;
        }
        let after_number = sym.end;
        let (dating, end) = year_after(text, after_number);
        sym.end = end;
        let canonical = match &dating {
            Dating::Year { value, .. } => format!("S/RES/{number} ({value})"),
            _ => format!("S/RES/{number}"),
        };
        let mut c = sym.citation(Kind::Resolution(Organ::SecurityCouncil), format!("SC {number}"), canonical);
        if let Some(form) = &mut c.symbol {
            // A missing year is judged by the rules (they know it); the form itself is fine.
            form.malformed = sym.malformed || !matches!(dating, Dating::None | Dating::Year { style: YearStyle::Paren, .. });
        }
        c.number = Some(Number::Plain { span: number_span, value: number, letters: None });
        c.dating = dating;
        return Some(c);
    }
    if sym.keyword("PRST") {
        if !sym.separator(b'/') {
            return None;
        }
        let (year, year_span) = sym.number()?;
        let year = match year_span.len() {
            4 => year,
            2 if year >= 94 => 1900 + year,
            2 => 2000 + year,
            _ => return None,
        };
        if year_span.len() == 2 {
            sym.malformed = true;
        }
        if !sym.slash() {
            return None;
        }
        let (n, _) = sym.number()?;
        if !boundary_at(text, sym.end) {
            return None;
        }
        let canonical = format!("S/PRST/{year}/{n}");
        return Some(sym.citation(Kind::PresidentialStatement, canonical.clone(), canonical));
    }
    if sym.keyword("PV") {
        if !sym.separator(b'.') {
            return None;
        }
        let (n, _) = sym.number()?;
        let resumption = resumption(sym);
        if !boundary_at(text, sym.end) {
            return None;
        }
        let canonical = format!("S/PV.{n}{resumption}");
        return Some(sym.citation(Kind::MeetingRecord, canonical.clone(), canonical));
    }
    // `S/2017/1025` or old-style `S/12345`.
    let (first, first_span) = sym.number()?;
    let year_like = first_span.len() == 4 && (1946..=2100).contains(&first);
    // `S/2017/` with nothing after the slash but spaces and a word's end: a truncated symbol.
    // (A number after a line break is a symbol wrapped, not truncated: left to the slash.)
    if year_like && text.as_bytes().get(sym.end) == Some(&b'/') {
        let after = sym.end + 1;
        let next = skip_inline_space(text, after).and_then(|j| text.as_bytes().get(j).copied());
        if !next.is_some_and(|b| b.is_ascii_digit()) && boundary_at(text, after) {
            sym.end = after;
            let typed = format!("S/{first}/");
            let mut c = sym.citation(Kind::Document, typed.clone(), typed);
            if let Some(form) = &mut c.symbol {
                form.incomplete = true;
            }
            return Some(c);
        }
    }
    if year_like && sym.slash() {
        let (n, _) = sym.number()?;
        let suffix = sym.suffixes();
        if !boundary_at(text, sym.end) {
            return None;
        }
        let canonical = format!("S/{first}/{n}{suffix}");
        return Some(sym.citation(Kind::Document, canonical.clone(), canonical));
    }
    if !boundary_at(text, sym.end) || sym.malformed {
        return None;
    }
    let suffix = sym.suffixes();
    let canonical = format!("S/{first}{suffix}");
    Some(sym.citation(Kind::Document, canonical.clone(), canonical))
}

/// `/Resumption 1` after a meeting number.
fn resumption(sym: &mut Sym<'_>) -> String {
    let rest = &sym.text[sym.end..];
    if let Some(r) = rest.strip_prefix(" (Resumption ") {
        if let Some(d) = digits(r, 0) {
            if r.as_bytes().get(d) == Some(&b')') {
                sym.end += " (Resumption ".len() + d + 1;
                return format!(" (Resumption {})", &r[..d]);
            }
        }
    }
    String::new()
}

fn parse_a(sym: &mut Sym<'_>) -> Option<Citation> {
    let text = sym.text;
    let bytes = text.as_bytes();
    if sym.malformed {
        // `A / 70 / 1` and lower-case `a/` are too easily something else.
        if bytes[sym.start] == b'a' {
            return None;
        }
    }
    if sym.keyword("RES") {
        if !sym.separator(b'/') {
            return None;
        }
        // A/RES/ES-10/1, A/RES/S-32/1
        for prefix in ["ES-", "S-"] {
            if text[sym.end..].starts_with(prefix) {
                let s0 = sym.end;
                sym.end += prefix.len();
                let (session, _) = sym.number()?;
                if !sym.slash() {
                    return None;
                }
                let (n, _) = sym.number()?;
                if !boundary_at(text, sym.end) {
                    return None;
                }
                let session_text = format!("{prefix}{session}");
                let canonical = format!("A/RES/{session_text}/{n}");
                let mut c = sym.citation(Kind::Resolution(Organ::GeneralAssembly), format!("GA {session_text}/{n}"), canonical);
                c.number = Some(Number::Sessional { span: s0..sym.end, session: session_text, value: n, letters: None, style: SlashStyle::Slash });
                return Some(c);
            }
        }
        let s0 = sym.end;
        let (first, first_span) = sym.number()?;
        if sym.slash() {
            let n_start = sym.end;
            let (n, n_span) = sym.number()?;
            if !boundary_at(text, sym.end) {
                return None;
            }
            let leading_zero = n_span.len() > 1 && bytes[n_start] == b'0';
            let canonical = format!("A/RES/{first}/{n}");
            let mut c = sym.citation(Kind::Resolution(Organ::GeneralAssembly), format!("GA {first}/{n}"), canonical);
            c.number = Some(Number::Sessional {
                span: s0..sym.end,
                session: first.to_string(),
                value: n,
                letters: None,
                style: if leading_zero { SlashStyle::LeadingZero } else { SlashStyle::Slash },
            });
            return Some(c);
        }
        // Old style `A/RES/2625 (XXV)` or bare `A/RES/411`.
        let after = sym.end;
        let mut key = format!("GA {first}");
        let mut canonical = format!("A/RES/{first}");
        let mut dating = Dating::None;
        if let Some(j) = skip_inline_space(text, after) {
            if bytes.get(j) == Some(&b'(') {
                if let Some(close) = text[j..].find(')').filter(|&c| c < 12) {
                    let content = &text[j + 1..j + close];
                    if let Some(v) = from_roman(content).filter(|&v| v <= 60) {
                        let roman = to_roman(v);
                        key = format!("GA {first} ({roman})");
                        canonical = format!("A/RES/{first} ({roman})");
                        sym.end = j + close + 1;
                        dating = Dating::Session { span: j..sym.end, value: v, special: None, style: SessionStyle::Roman };
                    }
                }
            }
        }
        if !boundary_at(text, sym.end) {
            return None;
        }
        let mut c = sym.citation(Kind::Resolution(Organ::GeneralAssembly), key, canonical);
        c.number = Some(Number::Plain { span: first_span, value: first, letters: None });
        c.dating = dating;
        return Some(c);
    }
    if text[sym.end..].starts_with("HRC/RES/") {
        sym.end += "HRC/RES/".len();
        let (session, _) = sym.number()?;
        if !sym.slash() {
            return None;
        }
        let (n, _) = sym.number()?;
        if !boundary_at(text, sym.end) {
            return None;
        }
        let canonical = format!("A/HRC/RES/{session}/{n}");
        return Some(sym.citation(Kind::Resolution(Organ::HumanRightsCouncil), format!("HRC {session}/{n}"), canonical));
    }
    if sym.keyword("PV") {
        // Old style `A/PV.799`.
        if !sym.separator(b'.') {
            return None;
        }
        let (n, _) = sym.number()?;
        if !boundary_at(text, sym.end) {
            return None;
        }
        let canonical = format!("A/PV.{n}");
        return Some(sym.citation(Kind::MeetingRecord, canonical.clone(), canonical));
    }
    // Anything else: `A/72/123`, `A/79/PV.5`, `A/C.1/72/L.5`, `A/HRC/52/3`, `A/CONF.151/26`.
    if sym.malformed {
        return None;
    }
    let seg_start = sym.end;
    let mut end = seg_start;
    let mut has_digit = false;
    let mut segments = 0;
    loop {
        let seg_len = text[end..].bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'.' || *b == b'-').count();
        if seg_len == 0 {
            break;
        }
        let mut seg = &text[end..end + seg_len];
        // A sentence full stop is not part of the symbol.
        let trimmed = seg.trim_end_matches('.');
        let stop_here = trimmed.len() < seg.len();
        seg = trimmed;
        has_digit |= seg.bytes().any(|b| b.is_ascii_digit());
        end += seg.len();
        segments += 1;
        if stop_here || text.as_bytes().get(end) != Some(&b'/') || !text.as_bytes().get(end + 1).is_some_and(u8::is_ascii_alphanumeric) {
            break;
        }
        end += 1;
    }
    if !has_digit || segments < 2 && !text[seg_start..end].bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if !boundary_at(text, end) {
        return None;
    }
    sym.end = end;
    let body = &text[seg_start..end];
    // Segments must look like a symbol: start with a digit or an upper-case letter.
    if !body.split('/').all(|s| s.bytes().next().is_some_and(|b| b.is_ascii_digit() || b.is_ascii_uppercase())) {
        return None;
    }
    let canonical = format!("A/{body}");
    let kind = if body.split('/').any(|s| s.starts_with("PV.")) { Kind::MeetingRecord } else { Kind::Document };
    Some(sym.citation(kind, canonical.clone(), canonical))
}

/// A year in parentheses after `S/RES/1540`: ` (2004)`, `(2004)` (malformed), none.
fn year_after(text: &str, at: usize) -> (Dating, usize) {
    let bytes = text.as_bytes();
    let Some(i) = skip_inline_space(text, at) else { return (Dating::None, at) };
    if bytes.get(i) != Some(&b'(') {
        return (Dating::None, at);
    }
    let Some(d) = digits(text, i + 1) else { return (Dating::None, at) };
    if d - i - 1 != 4 {
        return (Dating::None, at);
    }
    let value: u16 = text[i + 1..d].parse().unwrap_or(0);
    let closed = bytes.get(d) == Some(&b')');
    let style = match (closed, i > at) {
        (false, _) => YearStyle::Unclosed,
        (true, true) => YearStyle::Paren,
        (true, false) => YearStyle::ParenNoSpace,
    };
    let end = if closed { d + 1 } else { d };
    (Dating::Year { span: i..end, value, style }, end)
}
