//! What a text writes beside a citation about the resolution: the adoption date (`of 25
//! September 2015`, `, adopted on 17 July 2015`), its title (`, entitled “…”`) and whether it
//! was adopted unanimously. Plain text in, spans and values out; judging them against the
//! catalogue is [`super::facts`]'s job.

use crate::citation::{Citation, Dating, Span};

const MONTHS: [&str; 12] = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/// A date written in full: `25 September 2015` or `September 25, 2015`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenDate {
    pub span: Span,
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl WrittenDate {
    /// ISO `YYYY-MM-DD`.
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// The facts written beside one citation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Beside {
    pub date: Option<WrittenDate>,
    /// The title between the quotation marks after `entitled`, and its span (the quoted
    /// text alone).
    pub title: Option<(Span, String)>,
    /// `unanimously` (or `unanimous adoption`) said of this resolution: its span.
    pub unanimously: Option<Span>,
}

/// The facts written beside `c` in `text`. Only what stands right after the citation (or
/// right before it, for `unanimously adopted resolution …`) counts, so a date or title of
/// something else in the sentence is never read as the resolution's.
pub fn beside(text: &str, c: &Citation) -> Beside {
    let mut out = Beside::default();
    // A date the grammar already read as the dating (`resolution 242 of 22 November 1967`).
    let mut at = match &c.dating {
        Dating::OfDate { span, .. } => span.start,
        _ => c.span.end,
    };
    if let Some((date, end)) = date_after(text, at) {
        out.date = Some(date);
        at = end;
    }
    if let Some((title, end)) = entitled_after(text, at) {
        // `section I of its resolution 74/133, entitled “…”`: the section's title.
        if !of_a_part(text, c.span.start) {
            out.title = Some(title);
        }
        at = end;
    }
    // `the report of the Secretary-General pursuant to resolution 721 (1991) of 11 December
    // 1991`: the date is the report's.
    if out.date.is_some() && report_before(text, c.span.start) {
        out.date = None;
    }
    out.unanimously = unanimously_after(text, at).or_else(|| unanimously_before(text, c.span.start));
    out
}

/// The sentence before byte `start`, at most 160 bytes of it.
fn sentence_before(text: &str, start: usize) -> &str {
    let mut from = start.saturating_sub(160);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let before = &text[from..start];
    let cut = before.rfind(['.', ';', '\n']).map_or(0, |k| k + 1);
    &before[cut..]
}

/// Whether the citation is introduced as the origin of a report, a letter or a note
/// (`report … pursuant to`, `submitted in accordance with`): a date after it is theirs.
fn report_before(text: &str, start: usize) -> bool {
    let before = sentence_before(text, start);
    let lower = before.to_lowercase();
    let lower = lower.trim_end();
    let lower = lower.strip_suffix("security council").map_or(lower, str::trim_end);
    let lower = lower.strip_suffix("its").map_or(lower, str::trim_end);
    ["pursuant to", "in accordance with", "in response to", "requested in", "under"].iter().any(|p| lower.ends_with(p))
        && ["report", "letter", "note", "communication"].iter().any(|w| lower.contains(w))
}

/// Whether the citation names a part of the resolution (`section I of its resolution …`),
/// so a title after it is the part's.
fn of_a_part(text: &str, start: usize) -> bool {
    let lower = sentence_before(text, start).to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().rev().take(4).collect();
    let words: Vec<&str> = words.into_iter().skip_while(|w| matches!(*w, "its" | "general" | "assembly")).collect();
    words.first() == Some(&"of") && words.get(2).is_some_and(|w| matches!(*w, "section" | "part" | "chapter" | "annex" | "sections" | "parts"))
}

/// Skip spaces (any white space, as a hard-wrapped text breaks lines anywhere).
fn skip_ws(text: &str, at: usize) -> usize {
    at + text[at..].len() - text[at..].trim_start().len()
}

/// `word` at `at`, followed by a word boundary: the end.
fn word_at(text: &str, at: usize, word: &str) -> Option<usize> {
    let rest = text.get(at..)?;
    let end = at + word.len();
    (rest.starts_with(word) && !text[end..].starts_with(|c: char| c.is_alphanumeric())).then_some(end)
}

/// `, of 25 September 2015`, ` adopted on 17 July 2015`, `, adopted by the Council on …`:
/// the date and the end.
fn date_after(text: &str, at: usize) -> Option<(WrittenDate, usize)> {
    let mut i = skip_ws(text, at);
    if text[i..].starts_with(',') {
        i = skip_ws(text, i + 1);
    }
    let i = if let Some(e) = word_at(text, i, "of") {
        e
    } else {
        let e = word_at(text, i, "adopted")?;
        let mut j = skip_ws(text, e);
        // `adopted by the General Assembly on`, `adopted by consensus on`: a few words.
        if let Some(by) = word_at(text, j, "by") {
            let rest = &text[by..text.len().min(by + 60)];
            j = by + rest.find(" on ")? + 1;
        }
        word_at(text, j, "on")?
    };
    let j = skip_ws(text, i);
    if j == i {
        return None;
    }
    let date = date_at(text, j)?;
    let end = date.span.end;
    // `resolutions 181 (II) and 194 (III) of 29 November 1947 and 11 December 1948`: dates
    // of a list, item by item; the first is not the last item's.
    let k = skip_ws(text, end);
    if let Some(a) = word_at(text, k, "and") {
        if date_at(text, skip_ws(text, a)).is_some() {
            return None;
        }
    }
    Some((date, end))
}

/// A full date at `at`: `25 September 2015` or `September 25, 2015`.
pub fn date_at(text: &str, at: usize) -> Option<WrittenDate> {
    let number = |i: usize, max: usize| -> Option<(u32, usize)> {
        let n = text[i..].bytes().take_while(u8::is_ascii_digit).count();
        (1..=max).contains(&n).then(|| text[i..i + n].parse().ok().map(|v| (v, i + n))).flatten()
    };
    let month = |i: usize| MONTHS.iter().position(|m| word_at(text, i, m).is_some()).map(|m| (m as u8 + 1, i + MONTHS[m].len()));
    let (day, month, year_at) = if let Some((d, e)) = number(at, 2) {
        let m_at = skip_ws(text, e);
        if m_at == e {
            return None;
        }
        let (m, e) = month(m_at)?;
        (d, m, e)
    } else {
        let (m, e) = month(at)?;
        let (d, e) = number(skip_ws(text, e), 2)?;
        let e = text[e..].strip_prefix(',').map_or(e, |_| e + 1);
        (d, m, e)
    };
    let y = skip_ws(text, year_at);
    if y == year_at {
        return None;
    }
    let (year, end) = number(y, 4).filter(|(v, e)| *e - y == 4 && *v >= 1900)?;
    if text[end..].starts_with(|c: char| c.is_alphanumeric()) || !(1..=31).contains(&day) {
        return None;
    }
    Some(WrittenDate { span: at..end, year: year as u16, month, day: day as u8 })
}

/// `, entitled “…”` (or `"…"`): the quoted title and the end.
fn entitled_after(text: &str, at: usize) -> Option<((Span, String), usize)> {
    let mut i = skip_ws(text, at);
    if text[i..].starts_with(',') {
        i = skip_ws(text, i + 1);
    }
    let i = skip_ws(text, word_at(text, i, "entitled")?);
    let (open, close) = if text[i..].starts_with('“') {
        ('“', '”')
    } else if text[i..].starts_with('"') {
        ('"', '"')
    } else {
        return None;
    };
    let start = i + open.len_utf8();
    let mut len = if open == '“' { balanced_close(&text[start..])? } else { text[start..].find(close)? };
    // A name quoted inside the title (`entitled “World Social Summit” under the title
    // “Second World Summit …”`): another quotation opens before the clause ends.
    if open == '“' {
        let after = start + len + close.len_utf8();
        let clause_end = text[after..].find(['\n', ',', ';', '.', ')']).map_or(text.len(), |k| after + k);
        if let Some(k) = text[after..clause_end].find('“') {
            let reopen = after + k + '“'.len_utf8();
            len = reopen - start + balanced_close(&text[reopen..])?;
        }
    }
    // A title is a line or two, never a paragraph.
    if len > 400 || text[start..start + len].contains("\n\n") {
        return None;
    }
    let title = text[start..start + len].to_string();
    Some(((start..start + len, title), start + len + close.len_utf8()))
}

/// Where the quotation that opened just before `s` closes, counting quotations inside it
/// (`“… Action, “Water for Sustainable Development”, 2018–2028”`).
fn balanced_close(s: &str) -> Option<usize> {
    let mut depth = 1;
    for (k, c) in s.char_indices() {
        match c {
            '“' => depth += 1,
            '”' => {
                depth -= 1;
                if depth == 0 {
                    return Some(k);
                }
            }
            _ => {}
        }
    }
    None
}

/// `, adopted unanimously`, `, which was unanimously adopted`, `, unanimously adopted`.
fn unanimously_after(text: &str, at: usize) -> Option<Span> {
    let mut i = skip_ws(text, at);
    if text[i..].starts_with(',') {
        i = skip_ws(text, i + 1);
    }
    for lead in ["", "which was", "that was", "adopted"] {
        let j = match lead {
            "" => i,
            _ => match word_at(text, i, lead) {
                Some(e) => skip_ws(text, e),
                None => continue,
            },
        };
        if let Some(e) = word_at(text, j, "unanimously") {
            return Some(j..e);
        }
    }
    None
}

/// `unanimously adopted resolution …`, `the unanimous adoption of resolution …`: right before
/// the citation (allowing `its`, `Security Council`).
fn unanimously_before(text: &str, start: usize) -> Option<Span> {
    let mut from = start.saturating_sub(80);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let before = text[from..start].trim_end();
    let before = before.strip_suffix("Security Council").map_or(before, str::trim_end);
    let before = before.strip_suffix("its").map_or(before, str::trim_end);
    for (phrase, word) in [("unanimously adopted", "unanimously"), ("unanimous adoption of", "unanimous")] {
        if before.ends_with(phrase) {
            let s = from + before.len() - phrase.len();
            return Some(s..s + word.len());
        }
    }
    None
}

/// Titles compared as a reader compares them: only letters and figures count, in any case
/// (not quotation marks, hyphens and dashes, spaces or punctuation), and a leading “The”
/// does not.
pub fn same_title(a: &str, b: &str) -> bool {
    fn norm(s: &str) -> String {
        let s: String = s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect();
        s.strip_prefix("the").map(str::to_string).unwrap_or(s)
    }
    norm(a) == norm(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::citation::scan;

    /// Key, date, title, `unanimously` of each citation.
    type Row = (String, Option<String>, Option<String>, Option<String>);

    fn facts(text: &str) -> Vec<Row> {
        scan(text)
            .iter()
            .map(|c| {
                let b = beside(text, c);
                (c.key.clone(), b.date.map(|d| d.iso()), b.title.map(|t| t.1), b.unanimously.map(|s| text[s].to_string()))
            })
            .collect()
    }

    #[test]
    fn dates_titles_and_votes_beside_a_citation() {
        let f = |t: &str| facts(t).into_iter().next().unwrap();
        assert_eq!(f("resolution 70/1 of 25 September 2015, entitled “Transforming our world: the 2030 Agenda”,").1.as_deref(), Some("2015-09-25"));
        assert_eq!(
            f("resolution 70/1 of 25 September 2015, entitled “Transforming our world: the 2030 Agenda”,").2.as_deref(),
            Some("Transforming our world: the 2030 Agenda")
        );
        assert_eq!(f("resolution 2231 (2015), adopted on 20 July 2015").1.as_deref(), Some("2015-07-20"));
        assert_eq!(f("resolution 69/313, adopted by the General Assembly on 27 July 2015").1.as_deref(), Some("2015-07-27"));
        assert_eq!(f("resolution 242 of 22 November 1967").1.as_deref(), Some("1967-11-22"));
        assert_eq!(f("resolution 70/1 of September 25, 2015").1.as_deref(), Some("2015-09-25"));
        assert_eq!(f("resolution 2625 (XXV) of 24\nOctober 1970").1.as_deref(), Some("1970-10-24"));
        assert_eq!(f("resolution 2231 (2015), adopted unanimously").3.as_deref(), Some("unanimously"));
        assert_eq!(f("resolution 2231 (2015), which was unanimously adopted").3.as_deref(), Some("unanimously"));
        assert_eq!(f("The Council unanimously adopted resolution 2231 (2015).").3.as_deref(), Some("unanimously"));
        assert_eq!(f("the unanimous adoption of Security Council resolution 2231 (2015)").3.as_deref(), Some("unanimous"));
    }

    #[test]
    fn what_is_not_the_resolutions_own() {
        let f = |t: &str| facts(t).into_iter().next().unwrap();
        // A month and year only, a date of something else, a title of something else.
        assert_eq!(f("resolution 70/1 of September 2015").1, None);
        assert_eq!(f("resolution 70/1 and the report of 25 September 2015").1, None);
        assert_eq!(f("resolution 70/1 and the agenda entitled “Our common agenda”").2, None);
        assert_eq!(f("resolution 70/1 of 25 and 26 September 2015").1, None);
        assert_eq!(f("resolution 70/1 of 32 September 2015").1, None);
        assert_eq!(f("resolution 2231 (2015) was not adopted unanimously").3, None);
        // The date of a report, the title of a section.
        assert_eq!(f("the report of the Secretary-General pursuant to Security Council resolution 721 (1991) of 11 December 1991").1, None);
        assert_eq!(f("Reaffirms section I of its resolution 74/133, entitled “Children without parental care”").2, None);
        assert_eq!(f("Recalls its resolution 74/133 of 18 December 2019, entitled “Rights of the child”").2.as_deref(), Some("Rights of the child"));
        // Names quoted inside the title.
        assert_eq!(
            f("its resolution 77/334, entitled “Follow-up to the Decade for Action, “Water for Sustainable Development”, 2018–2028”, in which").2.as_deref(),
            Some("Follow-up to the Decade for Action, “Water for Sustainable Development”, 2018–2028")
        );
        assert_eq!(
            f("its resolution 78/261, entitled “World Social Summit” under the title “Second World Summit”, in which").2.as_deref(),
            Some("World Social Summit” under the title “Second World Summit")
        );
        assert_eq!(f("resolution 79/1 entitled “The Pact of the Future” and its annexes").2.as_deref(), Some("The Pact of the Future"));
        // Dates of a list item by item (`respectively`): not the last item's.
        let list = facts("resolutions 181 (II) and 194 (III) of 29 November 1947 and 11 December 1948");
        assert_eq!(list[1].1, None);
        // In a list, a date after the last item is that item's.
        let list = facts("resolutions 1514 (XV) and 1541 (XV) of 15 December 1960");
        assert_eq!((list[0].1.as_deref(), list[1].1.as_deref()), (None, Some("1960-12-15")));
    }

    #[test]
    fn titles_compare_as_read() {
        assert!(same_title(
            "Global solidarity to fight the coronavirus disease 2019 (COVID\u{2011}19)",
            "Global solidarity to fight the coronavirus disease 2019 (COVID-19)."
        ));
        assert!(same_title("The future  we want", "the future we want"));
        assert!(same_title("The “Space2030” Agenda", "The ‘Space 2030’ Agenda"));
        assert!(same_title("The United Nations Global Counter-Terrorism Strategy", "United Nations Global Counter-Terrorism Strategy"));
        assert!(!same_title("The future we want", "The future we need"));
    }
}
