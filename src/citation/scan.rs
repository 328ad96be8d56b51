//! The scanner: literal anchors first, then a small hand-written parser at each anchor.
//!
//! Anchors (`resolution`, `UNSCR`, `SCR`, `S/`, `A/`, ...) are found with one Aho-Corasick
//! automaton, which runs at memory speed over prose; the parser then reads forward (and
//! looks back a few words for the organ) from each anchor. Text between anchors is never
//! looked at twice, so scanning is linear in the text.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};

use super::symbol::parse_symbol;
use super::{from_roman, Citation, Dating, Kind, Number, Organ, OrganMention, SessionStyle, SlashStyle, Span, Word, YearStyle};

/// Options for [`scan_with`].
#[derive(Debug, Clone, Copy, Default)]
pub struct ScanOptions {}

/// Find every citation in `text`, in order of position.
pub fn scan(text: &str) -> Vec<Citation> {
    scan_with(text, ScanOptions::default())
}

/// [`scan`] with options.
pub fn scan_with(text: &str, _options: ScanOptions) -> Vec<Citation> {
    let mut out = Vec::new();
    let mut consumed = 0usize;
    for m in anchors().find_iter(text) {
        let start = m.start();
        if start < consumed {
            continue;
        }
        let found = match ANCHORS[m.pattern().as_usize()].1 {
            Anchor::Word => parse_resolution_word(text, start, "resolution".len(), &mut out),
            Anchor::LegalAbbrev => parse_legal_abbreviation(text, start, &mut out),
            Anchor::Decision => parse_decision_word(text, start, &mut out),
            Anchor::Abbrev => parse_abbreviation(text, start, &mut out),
            Anchor::Symbol => parse_symbol(text, start).map(|c| {
                let end = c.span.end;
                out.push(c);
                end
            }),
        };
        if let Some(end) = found {
            consumed = end;
        }
    }
    bind_short_forms(&mut out);
    out
}

/// Bind a short form to the full citation it repeats: a bare number (`Resolution 2625`,
/// `resolution 1296`) after the same number was cited earlier in the text with an old-style
/// session (`General Assembly resolution 2625 (XXV)`, `Council resolution 1296 (XLIV)`) is
/// that resolution, as the UN's own texts write it again, unless an organ named before the
/// short form says otherwise. (Security Council short forms share the key of their full
/// citation already: `SC 1373`.)
fn bind_short_forms(citations: &mut [Citation]) {
    let mut full: std::collections::HashMap<u32, (Kind, String)> = std::collections::HashMap::new();
    for c in citations.iter_mut() {
        let Some(Number::Plain { value, .. }) = &c.number else { continue };
        let value = *value;
        match (&c.dating, c.kind) {
            (Dating::Session { .. }, Kind::Resolution(_)) => {
                full.insert(value, (c.kind, c.key.clone()));
            }
            (Dating::None, Kind::Resolution(_)) if c.symbol.is_none() => {
                if let Some((kind, key)) = full.get(&value) {
                    let named = c.organ.as_ref().map(|o| o.organ);
                    if named.is_none_or(|o| Kind::Resolution(o) == *kind) {
                        c.kind = *kind;
                        c.key = key.clone();
                    }
                }
            }
            _ => {}
        }
    }
}

#[derive(Clone, Copy)]
enum Anchor {
    Word,
    /// `Res.`, `res.`: the legal-citation abbreviation of the word (`G.A. Res. 2625 (XXV)`).
    LegalAbbrev,
    Decision,
    Abbrev,
    Symbol,
}

const ANCHORS: &[(&str, Anchor)] = &[
    ("resolution", Anchor::Word),
    ("Resolution", Anchor::Word),
    ("RESOLUTION", Anchor::Word),
    ("Res.", Anchor::LegalAbbrev),
    ("res.", Anchor::LegalAbbrev),
    ("decision", Anchor::Decision),
    ("Decision", Anchor::Decision),
    ("UNSCR", Anchor::Abbrev),
    ("SCR", Anchor::Abbrev),
    ("S/", Anchor::Symbol),
    ("A/", Anchor::Symbol),
    ("s/", Anchor::Symbol),
    ("S /", Anchor::Symbol),
    ("A /", Anchor::Symbol),
];

fn anchors() -> &'static AhoCorasick {
    static AC: OnceLock<AhoCorasick> = OnceLock::new();
    AC.get_or_init(|| AhoCorasick::builder().match_kind(MatchKind::LeftmostLongest).build(ANCHORS.iter().map(|(p, _)| p)).expect("anchor patterns are valid"))
}

// ---------------------------------------------------------------------------------------
// Character classes and small readers shared with `symbol.rs`.

/// The character starting at byte `i`, if any.
pub(super) fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..).and_then(|s| s.chars().next())
}

/// The character ending at byte `i`, if any.
pub(super) fn char_before(text: &str, i: usize) -> Option<char> {
    text.get(..i).and_then(|s| s.chars().next_back())
}

/// Spaces that may separate the parts of a citation: any Unicode white space, which
/// includes the non-breaking spaces U+00A0 and U+202F.
pub(super) fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// True when no letter or digit touches byte `i` from the left.
pub(super) fn boundary_before(text: &str, i: usize) -> bool {
    char_before(text, i).is_none_or(|c| !c.is_alphanumeric() && c != '_')
}

/// True when no letter or digit starts at byte `i`.
pub(super) fn boundary_at(text: &str, i: usize) -> bool {
    char_at(text, i).is_none_or(|c| !c.is_alphanumeric() && c != '_')
}

/// White space from `i`: returns the end and the number of line breaks crossed.
pub(super) fn skip_space(text: &str, mut i: usize) -> (usize, usize) {
    let mut breaks = 0;
    while let Some(c) = char_at(text, i) {
        if !is_space(c) {
            break;
        }
        if c == '\n' {
            breaks += 1;
        }
        i += c.len_utf8();
    }
    (i, breaks)
}

/// White space from `i` that stays within one paragraph (at most one line break).
pub(super) fn skip_inline_space(text: &str, i: usize) -> Option<usize> {
    let (end, breaks) = skip_space(text, i);
    (breaks <= 1).then_some(end)
}

/// ASCII digits from `i`: the end, or `None` when there are none.
pub(super) fn digits(text: &str, i: usize) -> Option<usize> {
    let n = text.as_bytes()[i.min(text.len())..].iter().take_while(|b| b.is_ascii_digit()).count();
    (n > 0).then_some(i + n)
}

/// Case-insensitive ASCII prefix test.
pub(super) fn starts_with_ci(text: &str, i: usize, word: &str) -> bool {
    text.as_bytes().get(i..i + word.len()).is_some_and(|s| s.eq_ignore_ascii_case(word.as_bytes()))
}

// ---------------------------------------------------------------------------------------
// `resolution(s) ...`

fn parse_resolution_word(text: &str, start: usize, len: usize, out: &mut Vec<Citation>) -> Option<usize> {
    if !boundary_before(text, start) {
        return None;
    }
    let mut end = start + len;
    let plural = matches!(text.as_bytes().get(end), Some(b's' | b'S'));
    if plural {
        end += 1;
    }
    if !boundary_at(text, end) {
        return None;
    }
    let bytes = text.as_bytes();
    let all_caps = bytes[start + 1].is_ascii_uppercase();
    let capitalized = bytes[start] == b'R' && !all_caps;
    let organ = organ_before(text, start)?;
    if organ.is_none() && (in_annex_reference(text, start) || refers_to_itself(text, start)) {
        return None;
    }
    let word = Word { span: start..end, plural, capitalized, sentence_start: organ.is_none() && at_sentence_start(text, start) };
    let begin = organ.as_ref().map_or(start, |o| o.span.start);
    let first_item_start = skip_inline_space(text, end)?;
    if first_item_start == end {
        return None;
    }
    parse_items(text, begin, Some(word.clone()), organ.clone(), first_item_start, out).or_else(|| {
        let first = if plural { list_after_colon(text, end)? } else { return None };
        parse_items(text, begin, Some(word), organ, first, out)
    })
}

/// `G.A. Res. 2625 (XXV)`, `S.C. res. 1540 (2004)`: the legal-citation form (the Bluebook's,
/// the ILC's), read like the word itself. Only after an organ: journals are abbreviated the
/// same way (`J. Peace Res. 45 (2008)`). Its capital is the form's, not a capital mid-sentence.
fn parse_legal_abbreviation(text: &str, start: usize, out: &mut Vec<Citation>) -> Option<usize> {
    if !boundary_before(text, start) {
        return None;
    }
    let organ = organ_before(text, start)??;
    let end = start + "Res.".len();
    let first = skip_inline_space(text, end)?;
    if first == end || !text.as_bytes().get(first).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let word = Word { span: start..end, plural: false, capitalized: false, sentence_start: false };
    parse_items(text, organ.span.start, Some(word), Some(organ), first, out)
}

/// `decision 61/503 A`, `its decision 1995/304`: a decision of the General Assembly, the
/// Economic and Social Council or the Human Rights Council, numbered like their resolutions
/// (session or year, then number). The organ is read as for a resolution; a plain number
/// (`decision 2`) is no UN decision's form.
fn parse_decision_word(text: &str, start: usize, out: &mut Vec<Citation>) -> Option<usize> {
    // The word is common in prose: only a figure after it (`decisions 61/503`) is worth reading.
    let word_end = start + "decision".len() + usize::from(text.as_bytes().get(start + "decision".len()) == Some(&b's'));
    if !skip_inline_space(text, word_end).is_some_and(|i| i > word_end && text.as_bytes().get(i).is_some_and(u8::is_ascii_digit)) {
        return None;
    }
    let mut found = Vec::new();
    let end = parse_resolution_word(text, start, "decision".len(), &mut found)?;
    let before = out.len();
    for mut c in found {
        let (Kind::Resolution(organ), Some(Number::Sessional { .. }), None) = (c.kind, &c.number, &c.symbol) else { continue };
        if c.document_as_resolution {
            continue;
        }
        c.kind = Kind::Decision(organ);
        c.key = format!("{} decision {}", organ.key_prefix(), c.key.split_once(' ').map_or("", |(_, k)| k));
        out.push(c);
    }
    (out.len() > before).then_some(end)
}

/// `resolutions have been passed: 1820 (2008), 1888 (2009) …`: where a list of dated numbers
/// begins after a colon a few words after the plural word, in the same sentence.
fn list_after_colon(text: &str, end: usize) -> Option<usize> {
    let mut to = (end + 60).min(text.len());
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    let window = &text[end..to];
    let k = window.find(':')?;
    if window[..k].contains(['.', ';', '\n', '(', ')']) {
        return None;
    }
    let at = skip_inline_space(text, end + k + 1)?;
    match parse_item(text, at, true)? {
        Some(item) if matches!(item.dating, Dating::Year { .. } | Dating::Session { .. }) => Some(at),
        _ => None,
    }
}

/// `UNSCR 1540`, `SCR 1540`.
fn parse_abbreviation(text: &str, start: usize, out: &mut Vec<Citation>) -> Option<usize> {
    if !boundary_before(text, start) {
        return None;
    }
    let len = if text[start..].starts_with("UNSCR") { 5 } else { 3 };
    let mut end = start + len;
    if text.as_bytes().get(end) == Some(&b's') {
        end += 1;
    }
    // `SCR1325`: fused to the number, the abbreviation is still one.
    let fused = text.as_bytes().get(end).is_some_and(u8::is_ascii_digit);
    if !boundary_at(text, end) && !fused {
        return None;
    }
    let organ = OrganMention { organ: Organ::SecurityCouncil, span: start..end, abbreviated: true, includes_word: true };
    let item = skip_inline_space(text, end)?;
    if (item == end && !fused) || !text.as_bytes().get(item).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    parse_items(text, start, None, Some(organ), item, out)
}

/// Parse the list of items after the resolution word, push one citation per item and
/// return the end of the last.
fn parse_items(text: &str, begin: usize, word: Option<Word>, organ: Option<OrganMention>, first: usize, out: &mut Vec<Citation>) -> Option<usize> {
    let plural_word = word.as_ref().is_some_and(|w| w.plural);
    let mut items: Vec<Item> = Vec::new();
    let mut at = first;
    loop {
        let item = parse_item(text, at, items.is_empty())?.map(|i| comma_is_separator(i, plural_word));
        if items.is_empty() && item.is_none() {
            // `resolution` followed by a symbol (`resolution S/RES/1540 (2004)`) or by text.
            return first_is_symbol(text, begin, word, organ, first, out);
        }
        let Some(item) = item else { break };
        let item_end = item.end;
        items.push(item);
        // A further item? A date and a title may stand between (`resolutions 70/1 of
        // 25 September 2015, entitled “…”, and 71/313 of 6 July 2017`).
        let Some((next, _sep)) = list_separator(text, after_date_and_title(text, item_end)) else { break };
        match parse_item(text, next, false).map(|c| c.map(|i| comma_is_separator(i, plural_word))) {
            Some(Some(candidate)) if accepts_continuation(text, &candidate, plural_word) => {
                at = next;
            }
            _ => break,
        }
    }
    if items.is_empty() {
        return None;
    }
    let last_end = items.last().map_or(first, |i| i.end);
    if is_other_body_after(text, last_end) {
        return None;
    }
    // Numbers with nothing to tie them to the UN: no year or session, and no `70/1` form.
    let all_bare = items.iter().all(|i| {
        matches!(i.dating, Dating::None) && matches!(i.number, Number::Plain { .. } | Number::Sessional { style: SlashStyle::Dot | SlashStyle::Dash, .. })
    });
    // `annex I to resolution 1` (of a conference's report): an annex of a bare number is
    // another body's; an annex of a dated one (`annex B to resolution 2231 (2015)`) is cited.
    let annex_of_bare = annex_before(text, begin) == Some(true);
    if organ.is_none() && all_bare && (annex_of_bare || other_body_in_sentence(text, begin, last_end) || in_document_reference(text, begin)) {
        return None;
    }
    // `resolution 65.3`: the World Health Assembly's own form; another body named anywhere
    // earlier in the paragraph makes it that body's.
    let all_dotted = items.iter().all(|i| matches!(i.number, Number::Sessional { style: SlashStyle::Dot, .. }));
    if organ.is_none() && all_dotted && other_body_in_paragraph(text, begin, last_end) {
        return None;
    }
    let n = items.len();
    let end = items.last().map(|i| i.end)?;
    let context_organ = if organ.is_none() { organ_in_sentence(text, begin) } else { None };
    // `Council resolution 1296 (XLIV)`: the Council's short name before a Roman session is
    // the Economic and Social Council's old numbering (the Security Council's never had one).
    let short_council = organ.is_none() && word.is_some() && last_word(text, begin) == "Council";
    for (index, item) in items.into_iter().enumerate() {
        let span = if index == 0 { begin..item.end } else { item.start..item.end };
        let kind = match &item.number {
            Number::Plain { .. } if short_council && matches!(item.dating, Dating::Session { special: None, .. }) => {
                Some(Kind::Resolution(Organ::EconomicAndSocialCouncil))
            }
            _ => infer_kind(&item, organ.as_ref().map(|o| o.organ).or(context_organ)),
        };
        let kind = kind.or_else(|| match &item.number {
            Number::Sessional { session, .. } if organ.is_none() => organ_by_numbering(text, begin, end, session).map(Kind::Resolution),
            _ => None,
        });
        let Some(kind) = kind else { continue };
        out.push(Citation {
            key: item_key(kind, &item),
            kind,
            span,
            organ: if index == 0 { organ.clone() } else { None },
            context_organ,
            word: if index == 0 { word.clone() } else { None },
            number_sign: item.sign,
            number: Some(item.number),
            dating: item.dating,
            symbol: None,
            document_as_resolution: false,
            list_index: index,
            list_len: n,
        });
    }
    Some(end)
}

/// `resolution A/70/1`, `resolution S/RES/1540 (2004)`.
fn first_is_symbol(text: &str, begin: usize, word: Option<Word>, organ: Option<OrganMention>, at: usize, out: &mut Vec<Citation>) -> Option<usize> {
    let mut c = parse_symbol(text, at)?;
    let end = c.span.end;
    match c.kind {
        Kind::Document => {
            // `resolution A/70/1`: the document symbol of a General Assembly resolution's
            // draft or report. Only A/<session>/<n> reads as a resolution number typed wrong.
            let sym = c.symbol.as_ref()?;
            let parts: Vec<&str> = sym.canonical.split('/').collect();
            let [head, session, number] = parts[..] else { return None };
            let session_ok = session.parse::<u16>().is_ok_and(|s| (31..=99).contains(&s));
            let number: u32 = number.parse().ok()?;
            if head != "A" || !session_ok {
                return None;
            }
            let number_span = c.span.clone();
            c = Citation {
                kind: Kind::Resolution(Organ::GeneralAssembly),
                key: format!("GA {session}/{number}"),
                span: begin..end,
                organ,
                context_organ: None,
                word,
                number_sign: None,
                number: Some(Number::Sessional { span: number_span, session: session.to_string(), value: number, letters: None, style: SlashStyle::Slash }),
                dating: Dating::None,
                symbol: None,
                document_as_resolution: true,
                list_index: 0,
                list_len: 1,
            };
        }
        Kind::Resolution(_) => {
            c.span = begin..end;
            c.word = word;
            c.organ = organ;
        }
        _ => return None,
    }
    out.push(c);
    Some(end)
}

/// After the plural word a comma separates items (`Resolutions 1540, 2042 and 2043`), so
/// `1540, 2042` is two numbers, not a number and its year (the singular's `1540, 2004`).
fn comma_is_separator(mut item: Item, plural_word: bool) -> Item {
    if let (true, Dating::Year { style: YearStyle::Comma, .. }, Number::Plain { span, letters, .. }) = (plural_word, &item.dating, &item.number) {
        item.end = letters.as_ref().map_or(span.end, |l| l.end);
        item.dating = Dating::None;
    }
    item
}

/// One item of a resolution list: `1540 (2004)`, `70/1`, `No. 1540`, `260 A (III)`.
#[derive(Debug)]
struct Item {
    start: usize,
    end: usize,
    sign: Option<Span>,
    number: Number,
    dating: Dating,
}

/// Parse an item at `at`. `Ok(None)` (as `Some(None)`) when there is no number there;
/// `None` when the text rules out a citation altogether.
#[allow(clippy::option_option)]
fn parse_item(text: &str, at: usize, first: bool) -> Option<Option<Item>> {
    let bytes = text.as_bytes();
    let mut i = at;
    // `No.`, `no.`, `Nos.`, `#`, `N°`
    let mut sign = None;
    if first {
        for marker in ["Nos.", "No.", "no.", "Nos", "No", "N°", "n°", "#"] {
            if text[i..].starts_with(marker) {
                let after = i + marker.len();
                let (next, _) = skip_space(text, after);
                if bytes.get(next).is_some_and(u8::is_ascii_digit) && (marker == "#" || next > after || marker.ends_with('.')) {
                    sign = Some(i..after);
                    i = next;
                }
                break;
            }
        }
    }
    // Special-session numbers `ES-10/1`, `S-32/1`.
    for prefix in ["ES-", "S-"] {
        if text[i..].starts_with(prefix) {
            let d = i + prefix.len();
            let Some(session_end) = digits(text, d) else { return Some(None) };
            if bytes.get(session_end) != Some(&b'/') {
                return Some(None);
            }
            let Some(num_end) = digits(text, session_end + 1) else { return Some(None) };
            let value: u32 = text[session_end + 1..num_end].parse().ok()?;
            let style = if bytes[session_end + 1] == b'0' && num_end - session_end > 2 { SlashStyle::LeadingZero } else { SlashStyle::Slash };
            let (letters, end) = letters_after(text, num_end, true);
            if !boundary_at(text, end) {
                return Some(None);
            }
            return Some(Some(Item {
                start: at,
                end,
                sign,
                number: Number::Sessional { span: i..num_end, session: text[i..session_end].to_string(), value, letters, style },
                dating: Dating::None,
            }));
        }
    }
    let Some(num_end) = digits(text, i) else { return Some(None) };
    // Five figures are no resolution's number, but a typo or a footnote mark fused to one
    // (`resolution 15401`): read, for the rules to flag.
    if num_end - i > 5 {
        return Some(None);
    }
    // A paragraph number at the start of a line (`\n123.\tText`) is not a citation.
    if first && bytes.get(num_end) == Some(&b'.') && text[..i].trim_end_matches([' ', '\t', '\r']).ends_with('\n') {
        return Some(None);
    }
    // A page number on a line of its own (`resolution\n10\n\n1514 (XV)`).
    if first && text[..i].trim_end_matches([' ', '\t', '\r']).ends_with('\n') && text[num_end..].trim_start_matches([' ', '\t', '\r']).starts_with('\n') {
        return Some(None);
    }
    let value: u32 = text[i..num_end].parse().ok()?;
    // Sessional: `70/1`, `70-1`, `70.1`, `2016/2`.
    if let Some(&sep) = bytes.get(num_end) {
        if matches!(sep, b'/' | b'-' | b'.') {
            if let Some(n2_end) = digits(text, num_end + 1) {
                let session_digits = num_end - i;
                let plausible_dash = session_digits == 2 && (31..=99).contains(&value) && n2_end - num_end - 1 <= 3;
                let ok = match sep {
                    b'/' => n2_end - num_end - 1 <= 4,
                    _ => plausible_dash,
                };
                // `70.1.5` or `70-1-2` are something else.
                let trailing = bytes.get(n2_end).copied();
                let clean_end = !matches!(trailing, Some(b'/' | b'-')) && (trailing != Some(b'.') || !bytes.get(n2_end + 1).is_some_and(u8::is_ascii_digit));
                if ok && clean_end && boundary_at(text, n2_end) {
                    let number: u32 = text[num_end + 1..n2_end].parse().ok()?;
                    if sep == b'/' && (100..1946).contains(&value) && (31..=99).contains(&number) && n2_end - num_end - 1 == 2 {
                        let (letters, end) = letters_after(text, n2_end, true);
                        return Some(Some(Item {
                            start: at,
                            end,
                            sign,
                            number: Number::Sessional { span: i..n2_end, session: number.to_string(), value, letters, style: SlashStyle::Swapped },
                            dating: Dating::None,
                        }));
                    }
                    let style = match sep {
                        b'-' => SlashStyle::Dash,
                        b'.' => SlashStyle::Dot,
                        _ if bytes[num_end + 1] == b'0' && n2_end - num_end > 2 => SlashStyle::LeadingZero,
                        _ => SlashStyle::Slash,
                    };
                    let (letters, end) = letters_after(text, n2_end, true);
                    return Some(Some(Item {
                        start: at,
                        end,
                        sign,
                        number: Number::Sessional { span: i..n2_end, session: text[i..num_end].to_string(), value: number, letters, style },
                        dating: Dating::None,
                    }));
                }
                if sep == b'/' {
                    return Some(None);
                }
            }
        }
    }
    if !boundary_at(text, num_end) && !matches!(bytes.get(num_end), Some(b'(' | b'[')) {
        return Some(None);
    }
    // `resolution 8.5` (a Conference of the Parties), `resolution No. 2013-3` (a territorial
    // assembly): no UN resolution is numbered with a decimal or a hyphenated suffix.
    if matches!(bytes.get(num_end), Some(b'.' | b'-')) && bytes.get(num_end + 1).is_some_and(u8::is_ascii_digit) {
        return Some(None);
    }
    // `a resolution 23 April 1929`: a date, not a number; `100 per cent`, `21 years ago`:
    // a quantity.
    if followed_by_month(text, num_end) || followed_by_unit(text, num_end) {
        return Some(None);
    }
    // Number followed by a unit or a date: `resolution 1 of 2`, `1540 %` are not citations.
    let (letters, after_letters) = letters_after(text, num_end, false);
    let (dating, end) = parse_dating(text, after_letters);
    Some(Some(Item { start: at, end, sign, number: Number::Plain { span: i..num_end, value, letters }, dating }))
}

/// Part letters after a number: ` A`, ` A-B`, ` A and B`. Returns the letters' span and
/// the end of what was read.
fn letters_after(text: &str, at: usize, sessional: bool) -> (Option<Span>, usize) {
    let bytes = text.as_bytes();
    let Some(i) = skip_inline_space(text, at) else { return (None, at) };
    if i == at || !bytes.get(i).is_some_and(|b| (b'A'..=b'H').contains(b)) {
        return (None, at);
    }
    let mut end = i + 1;
    if bytes.get(end) == Some(&b'-') && bytes.get(end + 1).is_some_and(|b| (b'A'..=b'H').contains(b)) {
        end += 2;
    }
    if !boundary_at(text, end) || bytes.get(end) == Some(&b'.') && bytes.get(end + 1).is_some_and(|b| b.is_ascii_alphanumeric()) {
        return (None, at);
    }
    // For a plain number the letter must be followed by its session: `260 A (III)`.
    if !sessional {
        let (next, _) = skip_space(text, end);
        let roman_follows = bytes.get(next) == Some(&b'(') && {
            let close = text[next..].find(')').map(|c| next + c);
            close.is_some_and(|c| session_value(&text[next + 1..c]).is_some())
        };
        // `161 A (1961)`: a part of a Security Council resolution, with its year.
        let year_follows = bytes.get(next) == Some(&b'(') && digits(text, next + 1).is_some_and(|d| d == next + 5 && bytes.get(d) == Some(&b')'));
        if !roman_follows && !year_follows {
            return (None, at);
        }
    }
    (Some(i..end), end)
}

/// The dating after a plain number, and the end of the item.
fn parse_dating(text: &str, at: usize) -> (Dating, usize) {
    let (dating, end) = parse_readable_dating(text, at);
    if dating != Dating::None {
        return (dating, end);
    }
    if let Some((span, year)) = of_date(text, at).or_else(|| on_date(text, at)) {
        let end = span.end;
        return (Dating::OfDate { span, year }, end);
    }
    // Something follows that looks like a garbled year or session: `(i969)`, `{1973)`,
    // `33 8 (1973)`, `41&(1977)`, `/1973)`.
    let bytes = text.as_bytes();
    let Some(i) = skip_inline_space(text, at) else { return (Dating::None, at) };
    if i - at <= 2 {
        let next = bytes.get(i).copied();
        let after = bytes.get(i + 1).copied();
        let garbled = match next {
            Some(b'(' | b'{' | b'[' | b'<' | b'/' | b'%' | b'&' | b'^' | b'*' | b'|' | b'\\' | b'$' | b'#') => true,
            Some(b) if b.is_ascii_digit() => true,
            // `C1967)`: a letter glued to a year.
            Some(b) if b.is_ascii_alphabetic() => {
                after.is_some_and(|a| a.is_ascii_digit())
                    // `22 A, annex`, `43 I (1978)`: a part letter or a misread digit.
                    || (b.is_ascii_uppercase() && !bytes.get(i + 1).is_some_and(u8::is_ascii_alphanumeric) && b != b'A' || b == b'A' && matches!(after, Some(b',' | b']')))
            }
            Some(b',' | b':' | b'-') => matches!(after, Some(b'(' | b'{')) || after.is_some_and(|a| a.is_ascii_digit() || a.is_ascii_alphabetic()),
            _ => false,
        };
        if garbled {
            return (Dating::Unreadable, at);
        }
    }
    (Dating::None, at)
}

/// `of 22 November 1967`, `of November 1967`, `of 20 September`: the span and the year.
fn of_date(text: &str, at: usize) -> Option<(Span, Option<u16>)> {
    let i = skip_inline_space(text, at)?;
    let i = if text[i..].starts_with(',') { skip_inline_space(text, i + 1)? } else { i };
    if !text[i..].starts_with("of") || !boundary_at(text, i + 2) {
        return None;
    }
    let mut j = skip_inline_space(text, i + 2)?;
    if j == i + 2 {
        return None;
    }
    if let Some(d) = digits(text, j) {
        if d - j > 2 {
            return None;
        }
        j = skip_inline_space(text, d)?;
    }
    let month_end = month_at(text, j).or_else(|| month_abbreviation_at(text, j))?;
    let mut end = month_end;
    let mut year = None;
    if let Some(k) = skip_inline_space(text, month_end) {
        // The month first, as in American usage: `of Nov 22, 1967`.
        let k = match digits(text, k) {
            Some(d) if d - k <= 2 && k > month_end && text[d..].starts_with(',') => {
                end = d;
                d
            }
            _ => k,
        };
        let k = if text[k..].starts_with(',') { skip_inline_space(text, k + 1)? } else { k };
        if let Some(d) = digits(text, k) {
            if d - k == 4 && boundary_at(text, d) {
                year = text[k..d].parse().ok();
                end = d;
            }
        }
    }
    Some((at..end, year))
}

/// Space, `word`, space and digits right after `at` (` in 1980`, ` on 1 July`): the span of
/// the digits, as (start, end).
fn word_then_digits(text: &str, at: usize, word: &str) -> Option<(usize, usize)> {
    let i = skip_inline_space(text, at)?;
    if i == at || !text[i..].starts_with(word) || text.as_bytes().get(i + word.len()) != Some(&b' ') {
        return None;
    }
    let j = skip_inline_space(text, i + word.len())?;
    Some((j, digits(text, j)?))
}

/// ` in 1980` right after a number: a year written in words, which is not the citation's year
/// (the rules still ask for it) but does not end a list.
fn in_year(text: &str, at: usize) -> Option<(Span, Option<u16>)> {
    let (j, d) = word_then_digits(text, at, "in")?;
    (d - j == 4 && boundary_at(text, d)).then(|| (at..d, text[j..d].parse().ok()))
}

/// Footnote marks from `i` (`[6] [7] [8]`, spaces between): the position after them.
fn skip_footnote_marks(text: &str, mut i: usize) -> usize {
    loop {
        let Some(j) = skip_inline_space(text, i) else { return i };
        let bytes = text.as_bytes();
        if bytes.get(j) != Some(&b'[') {
            return i;
        }
        match digits(text, j + 1) {
            Some(d) if d - j <= 4 && bytes.get(d) == Some(&b']') => i = d + 1,
            _ => return i,
        }
    }
}

/// `on 1 July`, `on 1 July 2017` right after the number.
fn on_date(text: &str, at: usize) -> Option<(Span, Option<u16>)> {
    let (j, d) = word_then_digits(text, at, "on")?;
    if d - j > 2 {
        return None;
    }
    let k = skip_inline_space(text, d)?;
    let m = month_at(text, k)?;
    let year = skip_inline_space(text, m).and_then(|y| digits(text, y).filter(|e| e - y == 4).map(|e| (y, e))).and_then(|(y, e)| text[y..e].parse().ok());
    Some((at..m, year))
}

const MONTHS: [&str; 12] = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/// The end of a month name starting at `i`.
fn month_at(text: &str, i: usize) -> Option<usize> {
    MONTHS.iter().find(|m| text[i..].starts_with(*m) && boundary_at(text, i + m.len())).map(|m| i + m.len())
}

/// The end of an abbreviated month name starting at `i` (`Nov`, `Sept.`).
fn month_abbreviation_at(text: &str, i: usize) -> Option<usize> {
    const ABBREVIATIONS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec"];
    let m = ABBREVIATIONS.iter().find(|m| text[i..].starts_with(*m))?;
    let end = i + m.len();
    let end = if text[end..].starts_with('.') { end + 1 } else { end };
    boundary_at(text, end).then_some(end)
}

/// Whether a unit follows `at` (after spaces): `100 per cent`, `21 years ago`.
fn followed_by_unit(text: &str, at: usize) -> bool {
    let Some(i) = skip_inline_space(text, at) else { return false };
    if i == at {
        return false;
    }
    let word: &str = text[i..].split(|c: char| !c.is_alphabetic()).next().unwrap_or("");
    matches!(
        word,
        "per"
            | "percent"
            | "years"
            | "year"
            | "days"
            | "months"
            | "weeks"
            | "members"
            | "countries"
            | "States"
            | "million"
            | "billion"
            | "times"
            | "votes"
            | "delegations"
            | "people"
            | "persons"
    )
}

/// Whether a month name follows `at` (after spaces): `23 April 1929`.
fn followed_by_month(text: &str, at: usize) -> bool {
    skip_inline_space(text, at).is_some_and(|i| i > at && month_at(text, i).is_some())
}

/// A year or session in brackets after the number, or `, 2004`, ` of 2004`.
fn parse_readable_dating(text: &str, at: usize) -> (Dating, usize) {
    let bytes = text.as_bytes();
    let Some(i) = skip_inline_space(text, at) else { return (Dating::None, at) };
    let spaced = i > at;
    match bytes.get(i) {
        Some(b'(') => {
            // Spaces just inside the parentheses: `( 1967)`, `(1978 )`.
            let inner_spaced = matches!(bytes.get(i + 1), Some(b' '));
            let inner = if inner_spaced { i + 2 } else { i + 1 };
            if let Some(d_end) = digits(text, inner) {
                let n = d_end - inner;
                let space_before_close = bytes.get(d_end) == Some(&b' ') && bytes.get(d_end + 1) == Some(&b')');
                let closed = bytes.get(d_end) == Some(&b')') || space_before_close;
                let close_end = if space_before_close { d_end + 2 } else { d_end + 1 };
                let value: u16 = text[inner..d_end].parse().unwrap_or(0);
                // Any four figures: a year before 1946 or after the catalogue's last is the
                // rules' to judge (an error), not a reason to miss the citation.
                if n == 4 && value >= 1000 {
                    let style = match (closed, spaced) {
                        (false, _) => YearStyle::Unclosed,
                        _ if inner_spaced || space_before_close => YearStyle::SpacedInside,
                        (true, true) => YearStyle::Paren,
                        (true, false) => YearStyle::ParenNoSpace,
                    };
                    let end = if closed { close_end } else { d_end };
                    if !closed && !boundary_at(text, d_end) {
                        return (Dating::None, at);
                    }
                    return (Dating::Year { span: i..end, value, style }, end);
                }
                if n <= 2 && closed && !inner_spaced && !space_before_close {
                    return (Dating::Year { span: i..d_end + 1, value, style: YearStyle::TwoDigit }, d_end + 1);
                }
                // `1540 (004)`: three figures are no year. (`217(111)` is the session III read
                // by OCR as figures: unreadable, not a year.)
                let roman_misread = text[inner..d_end].bytes().all(|b| b == b'1');
                if n == 3 && closed && !inner_spaced && !space_before_close && !roman_misread {
                    return (Dating::Year { span: i..d_end + 1, value, style: YearStyle::ThreeDigit }, d_end + 1);
                }
                return (Dating::None, at);
            }
            // Roman session: `(XXV)`, `(xxv)`, `(S-VI)`, `(ES-V)`.
            let close = text[inner..].char_indices().take(12).find(|&(_, c)| c == ')' || c == '\n').map(|(k, c)| (inner + k, c));
            let (content_end, closed) = match close {
                Some((k, ')')) => (k, true),
                _ => {
                    let k = inner + text[inner..].bytes().take_while(|b| b.is_ascii_alphabetic() || *b == b'-').count();
                    (k, false)
                }
            };
            let content = &text[inner..content_end];
            if let Some((value, special)) = session_value(content) {
                let upper = content.bytes().all(|b| !b.is_ascii_lowercase());
                let style = if !closed {
                    SessionStyle::Unclosed
                } else if !upper {
                    SessionStyle::LowerRoman
                } else if !spaced {
                    SessionStyle::NoSpace
                } else {
                    SessionStyle::Roman
                };
                if !closed && !boundary_at(text, content_end) {
                    return (Dating::None, at);
                }
                let end = if closed { content_end + 1 } else { content_end };
                return (Dating::Session { span: i..end, value, special, style }, end);
            }
            (Dating::None, at)
        }
        Some(b'[') => {
            if let Some(d_end) = digits(text, i + 1) {
                let value: u16 = text[i + 1..d_end].parse().unwrap_or(0);
                if d_end - i - 1 == 4 && bytes.get(d_end) == Some(&b']') && (1900..=2100).contains(&value) {
                    return (Dating::Year { span: i..d_end + 1, value, style: YearStyle::Bracket }, d_end + 1);
                }
            }
            (Dating::None, at)
        }
        Some(b',') if !spaced => {
            let Some(y) = skip_inline_space(text, i + 1) else { return (Dating::None, at) };
            if let Some(d_end) = digits(text, y) {
                let value: u16 = text[y..d_end].parse().unwrap_or(0);
                if d_end - y == 4 && (1946..=2100).contains(&value) && boundary_at(text, d_end) && bytes.get(d_end) != Some(&b'(') {
                    return (Dating::Year { span: i..d_end, value, style: YearStyle::Comma }, d_end);
                }
            }
            (Dating::None, at)
        }
        Some(b'o') if spaced && text[i..].starts_with("of") => {
            let Some(y) = skip_inline_space(text, i + 2) else { return (Dating::None, at) };
            if y == i + 2 {
                return (Dating::None, at);
            }
            if let Some(d_end) = digits(text, y) {
                let value: u16 = text[y..d_end].parse().unwrap_or(0);
                if d_end - y == 4 && (1946..=2100).contains(&value) && boundary_at(text, d_end) {
                    return (Dating::Year { span: at..d_end, value, style: YearStyle::Of }, d_end);
                }
            }
            (Dating::None, at)
        }
        _ => (Dating::None, at),
    }
}

/// `XXV` → (25, None); `S-VI` → (6, Some("S")); `ES-V` → (5, Some("ES")).
fn session_value(content: &str) -> Option<(u16, Option<&'static str>)> {
    let (special, roman) = if let Some(r) = content.strip_prefix("ES-").or_else(|| content.strip_prefix("es-")) {
        (Some("ES"), r)
    } else if let Some(r) = content.strip_prefix("S-").or_else(|| content.strip_prefix("s-")) {
        (Some("S"), r)
    } else {
        (None, content)
    };
    let value = from_roman(roman)?;
    (value <= 60).then_some((value, special))
}

/// The organ named earlier in the sentence that holds byte `at`, the nearest first.
fn organ_in_sentence(text: &str, at: usize) -> Option<Organ> {
    let mut from = at.saturating_sub(160);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let before = &text[from..at];
    // The sentence starts after the last full stop followed by a space.
    let sentence = match before.rfind(". ") {
        Some(k) => &before[k + 2..],
        None => before,
    };
    let ga = sentence.rfind("General Assembly").or_else(|| sentence.rfind("Assembly"));
    let sc = sentence.rfind("Security Council");
    match (ga, sc) {
        (Some(g), Some(s)) if g > s => Some(Organ::GeneralAssembly),
        (Some(_), None) => Some(Organ::GeneralAssembly),
        (_, Some(_)) => Some(Organ::SecurityCouncil),
        _ => None,
    }
}

/// The last word before byte `at` (spaces skipped).
fn last_word(text: &str, at: usize) -> &str {
    let before = text[..at].trim_end_matches(is_space);
    before.rsplit(|c: char| !c.is_alphanumeric()).next().unwrap_or("")
}

/// How far back [`organ_by_numbering`] looks for the organ's name.
const NUMBERING_CONTEXT: usize = 3000;

/// The organ whose numbering a `session/number` with no organ named must be, when the form
/// rules out the General Assembly (whose sessional numbers begin with its 31st session) and
/// the text names that organ earlier, or later in the same sentence: a session before the
/// 31st is the Human Rights Council's (`Resolution 16/18 represented an achievement for the
/// Human Rights Council`), a year is the Economic and Social Council's (`its resolution
/// 1993/80` in a text of that Council).
fn organ_by_numbering(text: &str, begin: usize, end: usize, session: &str) -> Option<Organ> {
    let s: u32 = session.parse().ok()?;
    let (organ, names): (Organ, &[&str]) = match s {
        1..=30 => (Organ::HumanRightsCouncil, &["Human Rights Council", "HRC"]),
        1946..=2100 => (Organ::EconomicAndSocialCouncil, &["Economic and Social Council", "ECOSOC"]),
        _ => return None,
    };
    let mut from = begin.saturating_sub(NUMBERING_CONTEXT);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let mut to = (end + 300).min(text.len());
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    let after = &text[end..to];
    let after = after.find(". ").or_else(|| after.find('\n')).map_or(after, |k| &after[..k]);
    let named = |hay: &str, base: usize| {
        names.iter().any(|n| hay.match_indices(n).any(|(k, _)| boundary_before(text, base + k) && boundary_at(text, base + k + n.len())))
    };
    (named(&text[from..begin], from) || named(after, end)).then_some(organ)
}

/// Names of bodies other than the UN's organs whose resolutions statements cite.
const OTHER_BODY_MARKERS: &[&str] = &[
    "OAU",
    "Organization of African Unity",
    "OAS",
    "Organization of American States",
    "Summit",
    "summit",
    "Heads of State",
    "League of Arab States",
    "Arab League",
    "Non-Aligned",
    "Islamic Conference",
    "OIC",
    "Conference",
    "Commonwealth",
    "Council of Ministers",
    "Ministerial",
    "ECLAC",
    "CEPAL",
    "World Health",
    "Health Assembly",
    "WHA",
    "Environment Assembly",
    "Educational, Scientific and Cultural Organization",
    "UNESCO",
    "Parties",
    "Agreement on",
    "Food and Agriculture",
    "Labour Organization",
    "Commission on",
    "Board",
    "our President",
    "President of the Republic",
];

/// Whether the sentence around a bare resolution number names another body nearer than a
/// UN organ (`the Heads of State, in resolution 104`; `resolution 104 adopted in 1983 by
/// the Conference of Heads of State`).
fn other_body_in_sentence(text: &str, start: usize, end: usize) -> bool {
    let mut from = start.saturating_sub(160);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let before = &text[from..start];
    let sentence = before.rfind(". ").map_or(before, |k| &before[k + 2..]);
    // The organs themselves: "United Nations" alone also begins the names of agencies and
    // conferences (`United Nations Educational, Scientific and Cultural Organization`).
    let un = ["Security Council", "General Assembly", "Assembly"];
    // Compared by where the names end, so that `World Health Assembly` is the other body's.
    let last_other = OTHER_BODY_MARKERS.iter().filter_map(|m| sentence.rfind(m).map(|k| k + m.len())).max();
    let last_un = un.iter().filter_map(|m| sentence.rfind(m).map(|k| k + m.len())).max();
    if last_other.is_some_and(|o| last_un.is_none_or(|u| o >= u)) {
        return true;
    }
    let mut to = (end + 120).min(text.len());
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    let after = &text[end..to];
    let after = after.find(". ").map_or(after, |k| &after[..k]);
    let first_other = OTHER_BODY_MARKERS.iter().filter_map(|m| after.find(m)).min();
    let first_un = un.iter().filter_map(|m| after.find(m)).min();
    first_other.is_some_and(|o| first_un.is_none_or(|u| o < u))
}

/// `this resolution`, `the present resolution`: the text itself, whatever figure follows
/// (`this\nresolution 4 programme`, where a line break fell in a sentence).
fn refers_to_itself(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end_matches(is_space);
    let last = before.rsplit(|c: char| !c.is_alphabetic()).next().unwrap_or("");
    matches!(last, "this" | "This" | "present")
}

/// A resolution number in a bibliographic reference to another body's report or records:
/// `(United Nations publication, Sales No. E.96.IV.13), chap. I, resolution 1, annex II`,
/// `Ibid., resolution 2`, `vol. 1, Resolutions, sect. IV, resolution 34`. The resolution is the
/// conference's, cited by its place in the report.
fn in_document_reference(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end_matches(is_space);
    if !before.ends_with(',') {
        return false;
    }
    let mut from = at.saturating_sub(300);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let paragraph = text[from..at].rsplit('\n').next().unwrap_or("");
    ["chap.", "sect.", "Sales No.", "Ibid.", "Resolutions,", "vol.", "document "].iter().any(|m| paragraph.contains(m))
}

/// The end of what may follow a list item before the separator: `of 25 September 2015`,
/// `, entitled “…”`. Returns `at` when neither does.
fn after_date_and_title(text: &str, at: usize) -> usize {
    let mut end = of_date(text, at).or_else(|| on_date(text, at)).or_else(|| in_year(text, at)).map_or(at, |(span, _)| span.end);
    let rest = &text[end..];
    let trimmed = rest.trim_start_matches([',', ' ']);
    if let Some(title) = trimmed.strip_prefix("entitled").map(|t| t.trim_start()).and_then(|t| t.strip_prefix('“')) {
        if let Some(close) = title.get(..title.len().min(600)).and_then(|t| t.find('”')) {
            let title_start = text.len() - title.len();
            end = title_start + close + '”'.len_utf8();
        }
    }
    end
}

/// Whether the paragraph before `at` names another body after the last UN organ it names,
/// or the sentence after `end` names one before any UN organ.
fn other_body_in_paragraph(text: &str, at: usize, end: usize) -> bool {
    const UN: [&str; 3] = ["Security Council", "General Assembly", "Assembly"];
    let mut to = (end + 300).min(text.len());
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    let after = &text[end..to];
    let after = after.find(['\n', ';']).map_or(after, |k| &after[..k]);
    let first_other = OTHER_BODY_MARKERS.iter().filter_map(|m| after.find(m)).min();
    let first_un = UN.iter().filter_map(|m| after.find(m)).min();
    if first_other.is_some_and(|o| first_un.is_none_or(|u| o <= u)) {
        return true;
    }
    let mut from = at.saturating_sub(2000);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let paragraph = text[from..at].rsplit('\n').next().unwrap_or("");
    let last_other = OTHER_BODY_MARKERS.iter().filter_map(|m| paragraph.rfind(m).map(|k| k + m.len())).max();
    let last_un = UN.iter().filter_map(|m| paragraph.rfind(m).map(|k| k + m.len())).max();
    last_other.is_some_and(|o| last_un.is_none_or(|u| o >= u))
}

/// `[see A/31/197, annex IV, resolution 11]`: a resolution of a conference, quoted from an
/// annex of a document. `annex B to resolution 2231 (2015)`, `annex II of resolution 60/1` cite
/// the resolution itself (its annex).
fn in_annex_reference(text: &str, at: usize) -> bool {
    annex_before(text, at) == Some(false)
}

/// An annex named just before byte `at`: `Some(true)` for the annex of what follows (`annex B
/// to`, `annex II of`), `Some(false)` for another annex (`annex IV,`), `None` for none.
fn annex_before(text: &str, at: usize) -> Option<bool> {
    let mut from = at.saturating_sub(24);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let window = &text[from..at];
    let k = [window.rfind("annex"), window.rfind("Annex")].into_iter().flatten().max()?;
    let between = window[k + "annex".len()..].trim_end_matches(is_space);
    Some(between.ends_with(" to") || between.ends_with(" of"))
}

/// A list separator after `at`: `, `, ` and `, `, and `, ` as well as `. Returns the start
/// of the next item.
fn list_separator(text: &str, at: usize) -> Option<(usize, &'static str)> {
    let (i, breaks) = skip_space(text, skip_footnote_marks(text, at));
    if breaks > 1 {
        return None;
    }
    let bytes = text.as_bytes();
    let after_word = |i: usize, w: &str| -> Option<usize> {
        if text[i..].starts_with(w) && boundary_at(text, i + w.len()) {
            let j = skip_inline_space(text, i + w.len())?;
            (j > i + w.len()).then_some(j)
        } else {
            None
        }
    };
    if bytes.get(i) == Some(&b',') || bytes.get(i) == Some(&b';') {
        let j = skip_inline_space(text, skip_footnote_marks(text, i + 1))?;
        for w in ["and", "or", "as well as"] {
            if let Some(k) = after_word(j, w) {
                return Some((k, "and"));
            }
        }
        return Some((j, ","));
    }
    if i == at {
        return None;
    }
    for w in ["and", "or", "as well as"] {
        if let Some(k) = after_word(i, w) {
            return Some((k, w));
        }
    }
    // `2467 (2019) and2493 (2019)`: a typo fused the conjunction to the next number.
    if text[i..].starts_with("and") && bytes.get(i + 3).is_some_and(u8::is_ascii_digit) {
        return Some((i + 3, "and"));
    }
    None
}

/// Whether a parsed candidate may continue a list.
fn accepts_continuation(text: &str, item: &Item, plural_word: bool) -> bool {
    let dated = !matches!(item.dating, Dating::None) || matches!(item.number, Number::Sessional { .. });
    if !plural_word {
        // `resolution 1540 (2004) and 2325 (2016)`: only full citations continue a singular.
        return dated && item.sign.is_none();
    }
    if dated {
        return true;
    }
    // A page or footnote number between line breaks (`and\n13\n\n425 (1978)`).
    let line_before = text[..item.start].trim_end_matches([' ', '\t', '\r']).ends_with('\n');
    let line_after = text[item.end..].trim_start_matches([' ', '\t', '\r', '.', ',']).starts_with('\n');
    if line_before && line_after {
        return false;
    }
    // A bare number continues the list only if what follows reads as the list going on or
    // ending, not as a quantity (`resolutions 1540 and 2325, 15 members voted`).
    let (next, _) = skip_space(text, item.end);
    match char_at(text, next) {
        None => true,
        Some(c) if !c.is_alphabetic() => c != '%',
        Some(_) => {
            let word: String = text[next..].chars().take_while(|c| c.is_alphabetic()).collect();
            matches!(
                word.as_str(),
                "and"
                    | "or"
                    | "of"
                    | "on"
                    | "which"
                    | "that"
                    | "adopted"
                    | "as"
                    | "in"
                    | "by"
                    | "to"
                    | "were"
                    | "are"
                    | "is"
                    | "have"
                    | "has"
                    | "had"
                    | "the"
                    | "respectively"
                    | "both"
                    | "concerning"
                    | "regarding"
                    | "demanding"
                    | "calling"
                    | "with"
                    | "for"
                    | "should"
                    | "must"
                    | "remain"
                    | "remains"
                    | "will"
                    | "would"
                    | "continue"
                    | "we"
                    | "relating"
                    | "establishing"
                    | "also"
            )
        }
    }
}

/// The organ named just before the resolution word, `Some(None)` when none is, and `None`
/// when another body is named (`OAU resolution 12`): then this is not a UN citation.
#[allow(clippy::option_option)]
fn organ_before(text: &str, word_start: usize) -> Option<Option<OrganMention>> {
    let mut head_start = word_start.saturating_sub(64);
    while !text.is_char_boundary(head_start) {
        head_start += 1;
    }
    let head = &text[head_start..word_start];
    let trimmed = head.trim_end_matches(is_space);
    let end = head_start + trimmed.len();
    let base = match trimmed.strip_suffix("'s").or_else(|| trimmed.strip_suffix("’s")) {
        Some(b) => b,
        None => trimmed,
    };
    const ORGANS: &[(&str, Organ, bool)] = &[
        ("United Nations Security Council", Organ::SecurityCouncil, false),
        ("UN Security Council", Organ::SecurityCouncil, false),
        ("Security Council", Organ::SecurityCouncil, false),
        ("UNSC", Organ::SecurityCouncil, true),
        ("United Nations General Assembly", Organ::GeneralAssembly, false),
        ("UN General Assembly", Organ::GeneralAssembly, false),
        ("General Assembly", Organ::GeneralAssembly, false),
        ("UNGA", Organ::GeneralAssembly, true),
        ("Human Rights Council", Organ::HumanRightsCouncil, false),
        ("HRC", Organ::HumanRightsCouncil, true),
        ("Economic and Social Council", Organ::EconomicAndSocialCouncil, false),
        ("ECOSOC", Organ::EconomicAndSocialCouncil, true),
        ("GA", Organ::GeneralAssembly, true),
        // The legal-citation form (`G.A. Res. 2625 (XXV)`): a form of its own, not an
        // abbreviation UN style corrects.
        ("G.A.", Organ::GeneralAssembly, false),
        ("S.C.", Organ::SecurityCouncil, false),
    ];
    for &(name, organ, abbreviated) in ORGANS {
        if base.ends_with(name) && boundary_before(text, head_start + base.len() - name.len()) {
            let start = head_start + base.len() - name.len();
            // `General Assembly and Security Council resolutions 70/262 and 2282 (2016)`: each
            // item belongs to the organ its form says.
            let joined = text[..start].trim_end_matches(is_space).strip_suffix("and").map(|b| b.trim_end_matches(is_space));
            if joined.is_some_and(|b| b.ends_with("Assembly") || b.ends_with("Council")) {
                return Some(None);
            }
            return Some(Some(OrganMention { organ, span: start..end, abbreviated, includes_word: false }));
        }
    }
    // `United Nations Resolution 1325`: the UN, with no organ named.
    if base.ends_with("United Nations") {
        return Some(None);
    }
    // The last word before `resolution`.
    let last: &str = base.rsplit(|c: char| !c.is_alphanumeric() && c != '-').next().unwrap_or("");
    if last.is_empty() || !last.chars().next().is_some_and(char::is_uppercase) {
        return Some(None);
    }
    // `Assembly resolution`, `Council resolution`: the organ named by its short name.
    if (last == "Council" || last == "Assembly") && !names_another_body(base, last) {
        return Some(None);
    }
    if is_other_body_name(last) {
        return None;
    }
    let last_start = head_start + base.len() - last.len();
    if capital_says_nothing(text, last_start, last) {
        return Some(None);
    }
    // A name with `of` (`Council of Europe resolution`, `Assembly of French Polynesia
    // resolution`) is another body's.
    let before_last = base[..base.len() - last.len()].trim_end();
    if before_last.ends_with(" of") && before_last[..before_last.len() - 3].rsplit(' ').next().is_some_and(|w| w.starts_with(char::is_uppercase)) {
        return None;
    }
    // Any other capitalized word (`Recalls resolution`, `Welcoming resolution`) names no body:
    // only an explicit other body makes a resolution not the UN's.
    Some(None)
}

/// Whether `word`, written just before `resolution`, names a body other than the UN's organs:
/// an acronym (`OAU`, `OAS`, `WHA`) or a body's noun (`Summit`, `Conference`, `Parliament`).
fn is_other_body_name(word: &str) -> bool {
    const UN_ACRONYMS: &[&str] = &["UN", "U.N.", "UNO"];
    const BODY_NOUNS: &[&str] = &[
        "Summit",
        "Conference",
        "Parliament",
        "Commission",
        "Committee",
        "Board",
        "Union",
        "Organization",
        "Organisation",
        "Congress",
        "Meeting",
        "Ministers",
        "League",
        "Forum",
        "Assembly",
        "Council",
        "Senate",
        "Court",
        "Parties",
        "COP",
        "Trusteeship",
    ];
    let acronym =
        word.len() >= 2 && word.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()) && word.chars().next().is_some_and(|c| c.is_ascii_uppercase());
    (acronym && !UN_ACRONYMS.contains(&word)) || BODY_NOUNS.contains(&word)
}

/// Whether the capital of `word` (starting at byte `at`, right before `resolution`) tells
/// nothing about a body: a month (`adopted last May resolution 252`), a verb or adverb
/// (`Unanimously Adopting Resolution 2118 (2013)`), the first word of a sentence (`Through
/// resolution 1540`), a word in a title-case line, or a typo of the organ's short name
/// (`Security Coucil resolution`).
fn capital_says_nothing(text: &str, at: usize, word: &str) -> bool {
    if MONTHS.contains(&word) || matches!(word, "Through" | "Following" | "Pursuant" | "Per" | "Since" | "After" | "Before" | "Against" | "Like" | "Via") {
        return true;
    }
    let lower = word.to_lowercase();
    let verb_or_adverb = ["ing", "ed", "ly"].iter().any(|e| lower.ends_with(e)) && !matches!(word, "Meeting" | "Assembly" | "Parliamentary");
    if word.chars().skip(1).all(char::is_lowercase) && word.len() > 4 && verb_or_adverb {
        return true;
    }
    if ["council", "assembly"].iter().any(|o| lower != *o && edit_distance_at_most(&lower, o, 2)) {
        return true;
    }
    // A title-case line (a headline): short, no full stop at its end, every longer word
    // capitalized.
    let Some((line_start, line_end)) = crate::line::short_line_around(text, at, 160) else { return false };
    let line = text[line_start..line_end].trim();
    if line.len() > 160 || line.ends_with(['.', ';', ',']) {
        return false;
    }
    let words: Vec<&str> = line.split_whitespace().map(|w| w.trim_matches(|c: char| !c.is_alphanumeric())).filter(|w| w.chars().count() > 3).collect();
    words.len() >= 4 && words.iter().all(|w| w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()))
}

/// Whether `a` and `b` (short words) are at most `max` edits apart (Levenshtein).
fn edit_distance_at_most(a: &str, b: &str, max: usize) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > max {
        return false;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()] <= max
}

/// `Assembly` or `Council` (`word`, ending `base`) preceded by a name that makes it another
/// body: `Parliamentary Assembly`, `Trusteeship Council`, `Permanent Council`.
fn names_another_body(base: &str, word: &str) -> bool {
    let before = base.strip_suffix(word).unwrap_or(base).trim_end();
    let prev = before.rsplit(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
    prev.chars().next().is_some_and(char::is_uppercase) && !matches!(prev, "General" | "Security" | "The" | "This" | "UN" | "Nations")
}

/// `resolution 25 of the Fourth Meeting of Consultation`: a resolution of another body.
fn is_other_body_after(text: &str, end: usize) -> bool {
    let (i, breaks) = skip_space(text, end);
    if breaks > 1 {
        return false;
    }
    let mut to = (i + 120).min(text.len());
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    let words: Vec<&str> = text[i..to].split_whitespace().take(6).collect();
    let rest: &[&str] = match words.as_slice() {
        ["of", "this", "Assembly" | "Assembly.", ..] => return true,
        ["of", "the", rest @ ..] => rest,
        [",", "adopted", "by", "the", rest @ ..] | ["adopted", "by", "the", rest @ ..] => rest,
        [first, "by", "the", rest @ ..] if first.trim_start_matches(',') == "adopted" => rest,
        _ => return false,
    };
    let next = rest.first().map_or("", |w| w.trim_matches(|c: char| !c.is_alphanumeric()));
    // `adopted by the Assembly of French Polynesia`: a territory's or a treaty's assembly.
    if next == "Assembly" && rest.get(1) == Some(&"of") && rest.get(2).is_some_and(|w| w.starts_with(char::is_uppercase) && *w != "the") {
        return true;
    }
    if matches!(next, "General" | "Assembly") && !words.contains(&"adopted") {
        // Named after the number: a General Assembly resolution, not judged in this form.
        return true;
    }
    next.chars().next().is_some_and(char::is_uppercase)
        && !matches!(next, "Security" | "General" | "Council" | "Assembly" | "United" | "Human" | "Economic" | "UN")
}

/// Whether byte `i` begins a sentence, a heading or a list item.
fn at_sentence_start(text: &str, i: usize) -> bool {
    let before = &text[..i];
    let trimmed = before.trim_end_matches(|c: char| is_space(c) && c != '\n');
    if trimmed.is_empty() {
        return true;
    }
    let line_start = trimmed.ends_with('\n');
    if at_line_marker(before) {
        return true;
    }
    let t = trimmed.trim_end();
    let Some(last) = t.chars().next_back() else { return true };
    if matches!(last, '.' | '!' | '?' | ':' | '#' | '>' | '*' | '-' | '•' | '—') {
        return true;
    }
    // An opening quote or bracket after a sentence end: `. “Resolution ...`
    if matches!(last, '"' | '“' | '(' | '[' | '‘' | '\'') {
        let t2 = t[..t.len() - last.len_utf8()].trim_end().trim_end_matches(['"', '”', '’', '\'']);
        return t2.is_empty() || t2.ends_with(['.', '!', '?', ':', '\n']);
    }
    // A heading or a title line: `Resolution 1540` alone at the start of a line after a blank line.
    line_start && before.trim_end_matches(|c: char| is_space(c) && c != '\n').ends_with("\n\n")
}

/// Whether `before` (the text up to a word, spaces trimmed) ends with a line that holds only
/// a marker: a footnote number (`5 Resolution 60/288.`), a sub-paragraph letter (`(a)`,
/// `(iv)`) or a paragraph number (`12`, `3 bis`). The word after it begins a sentence.
fn at_line_marker(before: &str) -> bool {
    // The line is read from its end, only as far as a marker can reach (spaces, at most
    // six bytes, spaces): a long line is not scanned once per word.
    let body = before.trim_end_matches(|c: char| is_space(c) && c != '\n');
    let mut from = body.len();
    for (k, c) in body.char_indices().rev() {
        if is_space(c) || body.len() - k > 6 {
            break;
        }
        from = k;
    }
    let lead = body[..from].trim_end_matches(|c: char| is_space(c) && c != '\n');
    if !(lead.is_empty() || lead.ends_with('\n')) {
        return false;
    }
    let line = &before[lead.len()..];
    // A space separates the marker from the word.
    if !line.ends_with(is_space) {
        return false;
    }
    let marker = line.trim_matches(is_space);
    if marker.is_empty() || marker.len() > 6 {
        return false;
    }
    let inner = marker.strip_prefix('(').and_then(|m| m.strip_suffix(')')).unwrap_or(marker);
    !inner.is_empty() && (inner.bytes().all(|b| b.is_ascii_digit()) || (marker.starts_with('(') && inner.bytes().all(|b| b.is_ascii_lowercase())))
}

/// The kind the grammar infers for an item: from the form first, the organ second.
fn infer_kind(item: &Item, named: Option<Organ>) -> Option<Kind> {
    Some(match &item.number {
        Number::Sessional { session, .. } => {
            if session.starts_with("ES-") || session.starts_with("S-") {
                Kind::Resolution(Organ::GeneralAssembly)
            } else {
                let s: u32 = session.parse().ok()?;
                match named {
                    Some(Organ::HumanRightsCouncil) if s <= 99 => Kind::Resolution(Organ::HumanRightsCouncil),
                    Some(Organ::EconomicAndSocialCouncil) if s >= 1946 => Kind::Resolution(Organ::EconomicAndSocialCouncil),
                    _ if (31..=99).contains(&s) => Kind::Resolution(Organ::GeneralAssembly),
                    Some(Organ::EconomicAndSocialCouncil) | Some(Organ::HumanRightsCouncil) => return None,
                    // `2016/2` or `5/1` with no organ: some other body's numbering.
                    _ => return None,
                }
            }
        }
        Number::Plain { .. } => match (&item.dating, named) {
            // The Economic and Social Council's old numbering (`155 C (VII)`, `1296 (XLIV)`):
            // named, or past the General Assembly's last old-style session (XXX).
            (Dating::Session { special: None, .. }, Some(Organ::EconomicAndSocialCouncil)) => Kind::Resolution(Organ::EconomicAndSocialCouncil),
            (Dating::Session { special: None, value, .. }, None) if *value > 30 => Kind::Resolution(Organ::EconomicAndSocialCouncil),
            (Dating::Session { .. }, _) => Kind::Resolution(Organ::GeneralAssembly),
            (Dating::None, Some(Organ::GeneralAssembly)) => Kind::Resolution(Organ::GeneralAssembly),
            (_, Some(Organ::HumanRightsCouncil | Organ::EconomicAndSocialCouncil)) => return None,
            _ => Kind::Resolution(Organ::SecurityCouncil),
        },
    })
}

/// The normalized key of an item.
fn item_key(kind: Kind, item: &Item) -> String {
    let prefix = match kind {
        Kind::Resolution(o) => o.key_prefix(),
        _ => "",
    };
    match (&item.number, &item.dating) {
        (Number::Sessional { session, value, .. }, _) => format!("{prefix} {session}/{value}"),
        (Number::Plain { value, .. }, Dating::Session { value: s, special, .. }) => {
            let roman = super::to_roman(*s);
            match special {
                Some(sp) => format!("{prefix} {value} ({sp}-{roman})"),
                None => format!("{prefix} {value} ({roman})"),
            }
        }
        (Number::Plain { value, .. }, _) => format!("{prefix} {value}"),
    }
}
