//! The rules themselves: from a scanned citation and the catalogue to findings.

use std::collections::{HashMap, HashSet};

use super::{Finding, Fix, Rule};
use crate::catalogue::{Catalogue, GaLookup, GaSession, ScLookup, ScResolution};
use crate::citation::{to_roman, Citation, Dating, Kind, Number, Organ, SessionStyle, SlashStyle, Span, YearStyle};

/// Acronyms the checker may ask about (implemented by the gazetteer).
pub trait KnownAcronyms: Sync {
    /// The full name for `acronym`, and whether the acronym is used without spelling out.
    fn expand(&self, acronym: &str) -> Option<(&str, bool)>;
}

/// What the rules know besides the text.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    pub catalogue: &'a Catalogue,
    /// The year the text was written, when known (corpus statements): a Security Council
    /// number adopted later cannot be what the text means.
    pub year: Option<u16>,
    /// Instruments and organizations, for the acronym rule.
    pub acronyms: Option<&'a dyn KnownAcronyms>,
}

impl<'a> Context<'a> {
    pub fn new(catalogue: &'a Catalogue) -> Context<'a> {
        Context { catalogue, year: None, acronyms: None }
    }
}

/// The General Assembly adopted consecutively numbered resolutions until its 30th session
/// (1975): its numbers stayed below this.
const LAST_OLD_GA_NUMBER: u32 = 3600;

/// Apply the citation rules to `citations` (scanned from `text`).
pub fn check_citations(text: &str, citations: &[Citation], cx: &Context<'_>) -> Vec<Finding> {
    // Numbers the text itself cites as old-style General Assembly resolutions: a bare
    // `resolution 1514` elsewhere in the same text means that one.
    let ga_numbers: HashSet<u32> = citations
        .iter()
        .filter(|c| c.kind == Kind::Resolution(Organ::GeneralAssembly))
        .filter_map(|c| match c.number {
            Some(Number::Plain { value, .. }) => Some(value),
            _ => None,
        })
        .collect();
    let mentions = mentions(citations);
    let mut out = Vec::new();
    for (c, mention) in citations.iter().zip(&mentions) {
        let mut f = Findings { text, out: &mut out };
        word_rules(c, &mut f);
        other_organ_abbreviation(c, &mut f);
        match c.kind {
            Kind::Resolution(Organ::SecurityCouncil) => sc_rules(c, cx, &ga_numbers, mention, &mut f),
            Kind::Resolution(Organ::GeneralAssembly) => ga_rules(c, cx, &mut f),
            Kind::Resolution(_) => sessional_format(c, &mut f),
            // Recognized for hover and navigation; the catalogue holds no decisions to check.
            Kind::Decision(_) => {}
            Kind::Document | Kind::MeetingRecord | Kind::PresidentialStatement => symbol_rules(c, &mut f),
        }
    }
    out
}

/// Where a citation stands among the others of the text.
#[derive(Debug, Clone, Copy, Default)]
struct Mention {
    /// The same resolution was cited earlier in the text (in full or not): a short form here
    /// is UN practice (`resolution 1373` after `resolution 1373 (2001)`).
    earlier: bool,
    /// The year written after a later item of the same list (`resolutions 425 and 426
    /// (1978)`): shared by this item when it is this item's own year.
    list_year: Option<u16>,
}

/// The [`Mention`] of each citation, in order.
fn mentions(citations: &[Citation]) -> Vec<Mention> {
    let mut seen: HashSet<&str> = HashSet::new();
    let mut out: Vec<Mention> = citations.iter().map(|c| Mention { earlier: !seen.insert(c.key.as_str()), list_year: None }).collect();
    // Items of one list are consecutive, with rising `list_index`: walk each list backwards,
    // carrying the year of the nearest dated item after.
    let mut year = None;
    for i in (0..citations.len()).rev() {
        let c = &citations[i];
        let continues = citations.get(i + 1).is_some_and(|n| n.list_index > c.list_index && n.list_len == c.list_len);
        if !continues {
            year = None;
        }
        out[i].list_year = year;
        match c.dating {
            Dating::Year { value, .. } | Dating::OfDate { year: Some(value), .. } => year = Some(value),
            _ => {}
        }
    }
    out
}

struct Findings<'o, 't> {
    text: &'t str,
    out: &'o mut Vec<Finding>,
}

impl Findings<'_, '_> {
    fn push(&mut self, rule: Rule, span: Span, message: String, fix: Option<Fix>) {
        self.out.push(Finding { rule, severity: rule.default_severity(), span, message, fix });
    }
}

/// The word: capital mid-sentence, singular before a list.
fn word_rules(c: &Citation, f: &mut Findings<'_, '_>) {
    let Some(w) = c.word.as_ref().filter(|_| matches!(c.kind, Kind::Resolution(_))) else { return };
    let typed = &f.text[w.span.clone()];
    if w.capitalized && !w.sentence_start && !in_title(f.text, c.span.start) && !in_quotation(f.text, c.span.start) && !in_headline(f.text, c.span.start) {
        let lower = typed.to_lowercase();
        let shown = if c.list_len > 1 && !w.plural { "resolutions".to_string() } else { lower.clone() };
        f.push(
            Rule::CapitalizedResolution,
            w.span.clone(),
            format!("“{typed}” is lower case mid-sentence: write “{shown}”."),
            Some(Fix::form(w.span.clone(), lower)),
        );
    }
    if c.list_len > 1 && !w.plural && c.list_index == 0 {
        let plural = format!("{typed}s");
        f.push(
            Rule::PluralResolutions,
            w.span.clone(),
            format!("{} resolutions are cited together: write “{}”.", c.list_len, plural.to_lowercase()),
            Some(Fix::form(w.span.end..w.span.end, "s").titled("Make it plural")),
        );
    }
}

/// `UNGA resolution`, `HRC resolution`, `ECOSOC resolution`: UN style names the organ in full
/// (the Security Council's abbreviations are judged with its other rules).
fn other_organ_abbreviation(c: &Citation, f: &mut Findings<'_, '_>) {
    if c.kind == Kind::Resolution(Organ::SecurityCouncil) {
        return;
    }
    let Some(organ) = c.organ.as_ref().filter(|o| o.abbreviated && o.organ != Organ::SecurityCouncil) else { return };
    let typed = &f.text[organ.span.clone()];
    let name = organ.organ.name();
    f.push(
        Rule::OrganAbbreviation,
        organ.span.clone(),
        format!("UN style names the organ in full: write “{name}”, not “{typed}”."),
        Some(Fix::form(organ.span.clone(), name)),
    );
}

fn sc_rules(c: &Citation, cx: &Context<'_>, ga_numbers: &HashSet<u32>, mention: &Mention, f: &mut Findings<'_, '_>) {
    let Some(Number::Plain { span: num_span, value: n, letters }) = &c.number else { return };
    let n = *n;
    let number_end = letters.as_ref().map_or(num_span.end, |l| l.end);
    let symbol = c.symbol.is_some();
    let lookup = cx.catalogue.sc(n);
    let found = match lookup {
        ScLookup::Found(r) => Some(r),
        _ => None,
    };
    // A number adopted after the text was written is another organ's resolution.
    if let (Some(r), Some(year)) = (found, cx.year) {
        if r.year > year && !matches!(c.dating, Dating::Year { value, .. } if value == r.year) {
            return;
        }
    }
    if matches!(c.dating, Dating::None) && ga_numbers.contains(&n) {
        return;
    }
    if let Some(organ) = &c.organ {
        if organ.abbreviated {
            let (replacement, what) = if organ.includes_word {
                let plural = f.text[organ.span.clone()].ends_with('s');
                (if plural { "Security Council resolutions" } else { "Security Council resolution" }, "resolution")
            } else {
                ("Security Council", "organ")
            };
            let typed = &f.text[organ.span.clone()];
            // `SCR1325`: the number was fused to the abbreviation.
            let fused = f.text.as_bytes().get(organ.span.end).is_some_and(u8::is_ascii_digit);
            let new_text = if fused { format!("{replacement} ") } else { replacement.to_string() };
            f.push(
                Rule::OrganAbbreviation,
                organ.span.clone(),
                format!("UN style names the {what} in full: write “{replacement}”, not “{typed}”."),
                Some(Fix::form(organ.span.clone(), new_text)),
            );
        }
    }
    if let Some(sign) = &c.number_sign {
        let typed = f.text[sign.clone()].trim();
        f.push(
            Rule::NumberSign,
            sign.start..num_span.start,
            format!("A resolution number takes no “{typed}”: write “resolution {n}”."),
            Some(Fix::form(sign.start..num_span.start, "")),
        );
    }
    if let Some(sym) = &c.symbol {
        // `S/Res/1540`: fix the part before the year; the year is judged below.
        let prefix = sym.span.start..number_end;
        let canonical = format!("S/RES/{n}");
        if f.text[prefix.clone()] != canonical {
            f.push(
                Rule::ResolutionSymbol,
                sym.span.clone(),
                format!("The symbol is written “{}”.", sc_symbol(n, found, &c.dating)),
                Some(Fix::form(prefix, canonical)),
            );
        }
    }
    let style_rule = |r: Rule| if symbol { Rule::ResolutionSymbol } else { r };
    let organ_named = c.organ.as_ref().filter(|o| !o.abbreviated).map(|o| o.organ);
    match &c.dating {
        Dating::None => match lookup {
            // A short form after an earlier mention, or a year shared with the list's next item.
            ScLookup::Found(_) if mention.earlier => {}
            ScLookup::Found(r) if mention.list_year == Some(r.year) => {}
            // Part of a quoted title, which is cited as it was written.
            ScLookup::Found(_) if in_quotation(f.text, c.span.start) => {}
            ScLookup::Found(r) => {
                let rule = if symbol {
                    Rule::ResolutionSymbol
                } else if c.list_len > 1 {
                    Rule::ListMissingYear
                } else {
                    Rule::MissingYear
                };
                f.push(
                    rule,
                    c.span.start.max(num_span.start.saturating_sub(0))..number_end,
                    format!(
                        "Security Council resolution {n} is cited without its year: it was adopted {}; write “{n} ({})”.{}",
                        adopted(r),
                        r.year,
                        subject_note(r, f.text)
                    ),
                    Some(Fix::content(number_end..number_end, format!(" ({})", r.year))),
                );
            }
            ScLookup::BeyondCatalogue { last } if n > 9999 && organ_named != Some(Organ::GeneralAssembly) => f.push(
                Rule::UnknownResolution,
                num_span.clone(),
                format!("There is no Security Council resolution {n}: the catalogue's numbers run to {}.{}", last.number, fused_footnote(n, cx)),
                None,
            ),
            ScLookup::BeyondCatalogue { last }
                if n <= last.number + 200 && organ_named != Some(Organ::GeneralAssembly) && cx.year.is_none_or(|y| y >= last.year) =>
            {
                f.push(Rule::BeyondCatalogue, num_span.clone(), beyond(n, last), None);
            }
            _ => {}
        },
        Dating::Year { span: year_span, value: y, style } => {
            let y = *y;
            // The form of the year.
            match style {
                YearStyle::Paren => {}
                YearStyle::SpacedInside => f.push(
                    style_rule(Rule::YearFormat),
                    number_end..year_span.end,
                    format!("No spaces inside the parentheses: write “{n} ({y})”."),
                    Some(Fix::form(number_end..year_span.end, format!(" ({y})"))),
                ),
                YearStyle::ParenNoSpace => f.push(
                    style_rule(Rule::MissingSpace),
                    number_end..year_span.end,
                    format!("A space separates the number from the year: write “{n} ({y})”."),
                    Some(Fix::form(number_end..year_span.start, " ")),
                ),
                YearStyle::Unclosed => f.push(
                    Rule::UnbalancedParenthesis,
                    year_span.clone(),
                    format!("The parenthesis is not closed: write “{n} ({y})”."),
                    Some(Fix::form(year_span.end..year_span.end, ")")),
                ),
                YearStyle::Bracket | YearStyle::Comma | YearStyle::Of => {
                    // Only a year that is the resolution's own is a year typed oddly.
                    if found.is_some_and(|r| r.year == y) {
                        let typed = &f.text[number_end..year_span.end];
                        f.push(
                            style_rule(Rule::YearFormat),
                            num_span.start..year_span.end,
                            format!("The year is written in parentheses: write “{n} ({y})”, not “{n}{typed}”."),
                            Some(Fix::form(number_end..year_span.end, format!(" ({y})"))),
                        );
                    }
                    return;
                }
                YearStyle::TwoDigit => {
                    two_digit(c, n, y, number_end, year_span, found, f);
                    return;
                }
                YearStyle::ThreeDigit => {
                    three_digit(n, number_end, year_span, found, f);
                    return;
                }
            }
            // A year no Security Council resolution can have: before the first (1946) or after
            // the catalogue's last year.
            let last_year = cx.catalogue.sc_last().year;
            if y < FIRST_SC_YEAR || y > last_year {
                let why = if y < FIRST_SC_YEAR {
                    format!("the Council adopted its first resolution in {FIRST_SC_YEAR}")
                } else {
                    format!("{y} is after the catalogue's last year, {last_year}")
                };
                match found {
                    Some(r) => f.push(
                        Rule::WrongYear,
                        year_span.clone(),
                        format!("No Security Council resolution is of {y} ({why}): resolution {n} was adopted {}; write “{n} ({})”.", adopted(r), r.year),
                        Some(Fix::content(year_digits(year_span, f.text), r.year.to_string())),
                    ),
                    None => f.push(
                        Rule::UnknownResolution,
                        num_span.start..year_span.end,
                        format!("There is no Security Council resolution {n} ({y}): {why}.{}", fused_footnote(n, cx)),
                        None,
                    ),
                }
                return;
            }
            // The year itself.
            match lookup {
                ScLookup::Found(r) if r.year == y => {
                    if organ_named == Some(Organ::GeneralAssembly) && y >= 1976 {
                        let organ = c.organ.as_ref().map(|o| o.span.clone()).unwrap_or(num_span.clone());
                        f.push(
                            Rule::WrongOrgan,
                            organ.clone(),
                            format!(
                                "“{n} ({y})” is the form of a Security Council resolution, and Security Council resolution {n} ({y}) exists; General Assembly resolutions since 1976 are cited as session/number (e.g. 70/1). Write “Security Council resolution {n} ({y})”."
                            ),
                            Some(Fix::content(organ, "Security Council")),
                        );
                    }
                }
                ScLookup::Found(r) => {
                    let digits = year_digits(year_span, f.text);
                    if y < r.year && y <= 1975 && n < LAST_OLD_GA_NUMBER {
                        // No General Assembly resolution is named: whether number {n} belongs to the
                        // session of {y} the catalogue cannot say.
                        let session = y - 1945;
                        f.push(
                            Rule::WrongYear,
                            year_span.clone(),
                            format!(
                                "Security Council resolution {n} was adopted {}, not in {y}. A General Assembly resolution is cited with its session in Roman numerals, not a year ({} for the session that opened in {y}), if its number belongs to that session.",
                                adopted(r),
                                to_roman(session)
                            ),
                            None,
                        );
                    } else {
                        f.push(
                            Rule::WrongYear,
                            year_span.clone(),
                            format!(
                                "Security Council resolution {n} was adopted {}, not in {y}: write “{n} ({})”.{}",
                                adopted(r),
                                r.year,
                                subject_note(r, f.text)
                            ),
                            Some(Fix::content(digits, r.year.to_string())),
                        );
                    }
                }
                ScLookup::BeyondCatalogue { .. } if cx.year.is_some_and(|cy| y <= cy) && y < 1976 && n < LAST_OLD_GA_NUMBER => {
                    // An old General Assembly number with a year, in a dated statement.
                }
                ScLookup::BeyondCatalogue { last } if y >= last.year && n <= 9999 => {
                    f.push(Rule::BeyondCatalogue, num_span.start..year_span.end, beyond(n, last), None);
                }
                ScLookup::BeyondCatalogue { .. } | ScLookup::Invalid => {
                    let range = match cx.catalogue.sc_numbers_in_year(y) {
                        Some((a, b)) => format!("the resolutions of {y} are numbered {a} to {b}"),
                        None => format!("the Security Council adopted no resolution in {y}"),
                    };
                    f.push(
                        Rule::UnknownResolution,
                        num_span.start..year_span.end,
                        format!("There is no Security Council resolution {n} ({y}): {range}.{}", fused_footnote(n, cx)),
                        None,
                    );
                }
            }
        }
        // A date (`of 22 November 1967`) or an unreadable year: nothing safe to say.
        Dating::Session { .. } | Dating::OfDate { .. } | Dating::Unreadable => {}
    }
}

/// The year of the Security Council's first resolutions.
const FIRST_SC_YEAR: u16 = 1946;

/// `(004)`: three figures, which no year has. The resolution's own year is offered as a quick
/// fix only (the figures may stand for something else).
fn three_digit(n: u32, number_end: usize, year_span: &Span, found: Option<&ScResolution>, f: &mut Findings<'_, '_>) {
    let typed = f.text[year_span.clone()].to_string();
    match found {
        Some(r) => f.push(
            Rule::WrongYear,
            year_span.clone(),
            format!("“{typed}” is no year: Security Council resolution {n} was adopted {}; write “{n} ({})”.", adopted(r), r.year),
            Some(Fix::content(number_end..year_span.end, format!(" ({})", r.year))),
        ),
        None => f.push(Rule::UnknownResolution, year_span.clone(), format!("“{typed}” is no year, and there is no Security Council resolution {n}."), None),
    }
}

/// A hint for a five-figure number whose first four figures are a resolution: a footnote mark
/// fused to it (`resolution 15401` for 1540 and footnote 1).
fn fused_footnote(n: u32, cx: &Context<'_>) -> String {
    match cx.catalogue.sc(n / 10) {
        ScLookup::Found(r) if n > 9999 => format!(" If a footnote mark is fused to the number, resolution {} ({}) may be meant.", r.number, r.year),
        _ => String::new(),
    }
}

/// Words of a catalogue subject that name no place or party.
const GENERIC_SUBJECT_WORDS: &[&str] = &[
    "Security",
    "Council",
    "General",
    "Assembly",
    "United",
    "Nations",
    "Situation",
    "Question",
    "Letter",
    "Letters",
    "Report",
    "Secretary-General",
    "Admission",
    "Member",
    "Members",
    "International",
    "Court",
    "Justice",
    "Tribunal",
    "Peace",
    "Middle",
    "East",
    "Republic",
    "Democratic",
    "People",
    "Territories",
    "Occupied",
    "Arab",
    "Former",
    "Maintenance",
    "Threats",
    "Complaint",
    "Protection",
    "Election",
    "Items",
    "Item",
    "Date",
    "Dated",
    "Permanent",
    "Representative",
    "President",
    "Situation",
    "Reports",
    "Government",
    "Women",
    "Children",
    "Peacekeeping",
    "Question",
    "Relating",
    "Concerning",
];

/// ` Its subject in the catalogue (“…”) is not named in the text: …` when the catalogue's
/// subject for a number names places or parties (capitalized words: `Eritrea-Ethiopia`, `The
/// situation in Cyprus`) none of which the text mentions (compared by their first six letters,
/// so `Palestine` matches `Palestinian`), so the number itself may be the typo (`resolution
/// 1710` in a text about Lebanon: 1710 is on Eritrea and Ethiopia). Empty when the data cannot
/// say (a thematic subject, no subject).
fn subject_note(r: &ScResolution, text: &str) -> String {
    let Some(topic) = r.topic.filter(|t| t.len() <= 160) else { return String::new() };
    let names: Vec<&str> = topic
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 4 && w.starts_with(|c: char| c.is_uppercase()) && !GENERIC_SUBJECT_WORDS.contains(w))
        .collect();
    let stem = |w: &str| w.char_indices().nth(6).map_or(w, |(i, _)| &w[..i]).to_string();
    if names.is_empty() || names.iter().any(|w| text.contains(&stem(w))) {
        return String::new();
    }
    format!(" Its subject in the catalogue (“{topic}”) is named nowhere in the text: the number itself may be the typo.")
}

/// `(04)`: a two-digit year, or an old General Assembly session typed in Arabic figures.
fn two_digit(c: &Citation, n: u32, v: u16, number_end: usize, year_span: &Span, found: Option<&ScResolution>, f: &mut Findings<'_, '_>) {
    if let Some(r) = found.filter(|r| r.year % 100 == v) {
        f.push(
            Rule::YearFormat,
            c.span.start.max(number_end.saturating_sub(0))..year_span.end,
            format!("The year is written in four digits: write “{n} ({})”.", r.year),
            Some(Fix::form(number_end..year_span.end, format!(" ({})", r.year))),
        );
    } else if (1..=30).contains(&v) && n < LAST_OLD_GA_NUMBER {
        let roman = to_roman(v);
        f.push(
            Rule::SessionNumeral,
            year_span.clone(),
            format!("A General Assembly session is written in Roman numerals: write “{n} ({roman})”."),
            // Content: reading the figures as a session, not a year, is a guess.
            Some(Fix::content(number_end..year_span.end, format!(" ({roman})"))),
        );
    }
}

fn ga_rules(c: &Citation, cx: &Context<'_>, f: &mut Findings<'_, '_>) {
    let organ = c.organ.as_ref().filter(|o| o.organ == Organ::SecurityCouncil);
    match &c.number {
        Some(Number::Plain { span: num_span, value: n, letters }) => {
            let number_end = letters.as_ref().map_or(num_span.end, |l| l.end);
            if let Dating::Session { span, value, special, style } = &c.dating {
                let roman = match special {
                    Some(sp) => format!("{sp}-{}", to_roman(*value)),
                    None => to_roman(*value),
                };
                let canonical = format!(" ({roman})");
                match style {
                    SessionStyle::Roman => {}
                    SessionStyle::Unclosed => f.push(
                        Rule::UnbalancedParenthesis,
                        span.clone(),
                        format!("The parenthesis is not closed: write “{n} ({roman})”."),
                        Some(Fix::form(span.end..span.end, ")")),
                    ),
                    SessionStyle::LowerRoman | SessionStyle::NoSpace | SessionStyle::Arabic => f.push(
                        Rule::SessionNumeral,
                        num_span.start..span.end,
                        format!("The session is written in upper-case Roman numerals after a space: write “{n} ({roman})”."),
                        Some(Fix::form(number_end..span.end, canonical)),
                    ),
                }
                if let Some(o) = organ {
                    f.push(
                        Rule::WrongOrgan,
                        o.span.clone(),
                        format!("“{n} ({roman})” is a General Assembly resolution (numbered by session); Security Council resolutions carry a year. Write “General Assembly resolution {n} ({roman})”."),
                        Some(Fix::content(o.span.clone(), "General Assembly")),
                    );
                }
            }
        }
        Some(Number::Sessional { span, session, value, style, .. }) => {
            sessional_format(c, f);
            if let Some(o) = organ {
                f.push(
                    Rule::WrongOrgan,
                    o.span.clone(),
                    format!("“{session}/{value}” is the number of a General Assembly resolution; Security Council resolutions are numbered N (year). Write “General Assembly resolution {session}/{value}”."),
                    Some(Fix::content(o.span.clone(), "General Assembly")),
                );
            }
            let _ = style;
            let Some(s) = GaSession::parse(session) else { return };
            if let (GaSession::Regular(s), Some(year)) = (s, cx.year) {
                if 1945 + s > year {
                    return;
                }
            }
            match cx.catalogue.ga(s, *value) {
                // A session's last resolutions, adopted in its final days, are the ones the
                // published data most often lack (78/330 of 6 September 2024): a number just past
                // the last one known cannot be checked; one far past it does not exist.
                GaLookup::PastSessionEnd { last } if *value <= last + (last / 10).max(10) => f.push(
                    Rule::BeyondCatalogue,
                    span.clone(),
                    format!(
                        "General Assembly resolution {session}/{value} is numbered past the last resolution of the {} session in Dragoman's catalogue ({session}/{last}); it cannot be checked.",
                        ordinal(s)
                    ),
                    None,
                ),
                GaLookup::PastSessionEnd { last } => f.push(
                    Rule::UnknownGaResolution,
                    span.clone(),
                    format!(
                        "There is no General Assembly resolution {session}/{value}: the {} session's resolutions run from {session}/1 to {session}/{last}.",
                        ordinal(s)
                    ),
                    None,
                ),
                GaLookup::NotCovered => {
                    if let (GaSession::Regular(n), Some((_, hi))) = (s, cx.catalogue.ga_regular_sessions()) {
                        if n > hi + 1 {
                            f.push(
                                Rule::BeyondCatalogue,
                                span.clone(),
                                format!(
                                    "General Assembly session {n} is past the catalogue's last session ({hi}); resolution {session}/{value} cannot be checked."
                                ),
                                None,
                            );
                        }
                    }
                }
                GaLookup::Found(_) | GaLookup::Gap => {}
            }
        }
        None => {}
    }
}

fn ordinal(s: GaSession) -> String {
    match s {
        GaSession::Regular(n) => {
            let suffix = match (n % 10, n % 100) {
                (1, 11) | (2, 12) | (3, 13) => "th",
                (1, _) => "st",
                (2, _) => "nd",
                (3, _) => "rd",
                _ => "th",
            };
            format!("{n}{suffix}")
        }
        other => other.to_string(),
    }
}

/// `70-1`, `70.1`, `70/01`, `A/RES/70/01`, `resolution A/70/1`.
fn sessional_format(c: &Citation, f: &mut Findings<'_, '_>) {
    let Some(Number::Sessional { span, session, value, style, .. }) = &c.number else { return };
    let canonical = format!("{session}/{value}");
    if c.document_as_resolution {
        let typed = &f.text[span.clone()];
        f.push(
            Rule::DocumentAsResolution,
            span.clone(),
            format!("“{typed}” is a document symbol, not a resolution number: write “resolution {canonical}” (its symbol is A/RES/{canonical})."),
            Some(Fix::content(span.clone(), canonical)),
        );
        return;
    }
    // `A/Res/60/251`, `A /RES/70/1`: the number is right, the symbol's spelling is not.
    if let Some(sym) = c.symbol.as_ref().filter(|s| s.malformed && *style == SlashStyle::Slash) {
        let typed = &f.text[sym.span.clone()];
        // `A /RES/25/2625`: no General Assembly resolution is numbered session/number before
        // the 31st session, so respelling the symbol would not make it right.
        let impossible = c.kind == Kind::Resolution(Organ::GeneralAssembly) && session.parse::<u32>().is_ok_and(|s| s < 31);
        if impossible {
            f.push(
                Rule::SymbolFormat,
                sym.span.clone(),
                format!("“{typed}” is malformed, and no General Assembly resolution is numbered {session}/{value}: before its 31st session the Assembly numbered them N (session)."),
                None,
            );
        } else {
            f.push(
                Rule::SymbolFormat,
                sym.span.clone(),
                format!("The symbol is written “{}”, not “{typed}”.", sym.canonical),
                Some(Fix::form(sym.span.clone(), sym.canonical.clone())),
            );
        }
        return;
    }
    if *style == SlashStyle::Slash {
        return;
    }
    let typed = &f.text[span.clone()];
    if *style == SlashStyle::Swapped {
        f.push(
            Rule::SessionalNumber,
            span.clone(),
            format!("No session is numbered {value}: the number and the session seem swapped; write “{canonical}” (session {session}, resolution {value})."),
            // Content: which part was meant as the session is a reading, not a form.
            Some(Fix::content(span.clone(), canonical)),
        );
        return;
    }
    if let Some(sym) = &c.symbol {
        f.push(
            Rule::SessionalNumber,
            sym.span.clone(),
            format!("Write “{}”, not “{}”.", sym.canonical, &f.text[sym.span.clone()]),
            Some(Fix::form(sym.span.clone(), sym.canonical.clone())),
        );
        return;
    }
    f.push(
        Rule::SessionalNumber,
        span.clone(),
        format!("A resolution of the General Assembly is numbered session/number: write “{canonical}”, not “{typed}”."),
        Some(Fix::form(span.clone(), canonical)),
    );
}

/// `S/PRST 2017/2`, `S/PV/8140`, `s/2017/1025`, `S / 2017 / 1025`.
fn symbol_rules(c: &Citation, f: &mut Findings<'_, '_>) {
    let Some(sym) = &c.symbol else { return };
    if sym.incomplete {
        let typed = &f.text[sym.span.clone()];
        f.push(
            Rule::SymbolFormat,
            sym.span.clone(),
            format!("The symbol “{typed}” is incomplete: the document's number is missing after the last slash."),
            None,
        );
        return;
    }
    if !sym.malformed {
        return;
    }
    let typed = &f.text[sym.span.clone()];
    f.push(
        Rule::SymbolFormat,
        sym.span.clone(),
        format!("The symbol is written “{}”, not “{typed}”.", sym.canonical),
        Some(Fix::form(sym.span.clone(), sym.canonical.clone())),
    );
}

fn adopted(r: &ScResolution) -> String {
    match r.date.and_then(format_date) {
        Some(d) => format!("on {d}"),
        None => format!("in {}", r.year),
    }
}

fn beyond(n: u32, last: &ScResolution) -> String {
    format!(
        "Security Council resolution {n} is numbered past the last resolution in Dragoman's catalogue ({} ({}), adopted {}); it cannot be checked.",
        last.number,
        last.year,
        adopted(last).trim_start_matches("on ")
    )
}

fn sc_symbol(n: u32, found: Option<&ScResolution>, dating: &Dating) -> String {
    match (found, dating) {
        (Some(r), _) => format!("S/RES/{n} ({})", r.year),
        (None, Dating::Year { value, .. }) => format!("S/RES/{n} ({value})"),
        _ => format!("S/RES/{n} (<year>)"),
    }
}

/// The four digits of a year span `(2005)`.
fn year_digits(span: &Span, text: &str) -> Span {
    let s = &text[span.clone()];
    let start = s.find(|c: char| c.is_ascii_digit()).unwrap_or(0);
    let len = s[start..].bytes().take_while(u8::is_ascii_digit).count();
    span.start + start..span.start + start + len
}

/// `2004-04-28` → `28 April 2004`.
pub fn format_date(iso: &str) -> Option<String> {
    const MONTHS: [&str; 12] = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
    let mut it = iso.split('-');
    let y = it.next()?;
    let m: usize = it.next()?.parse().ok()?;
    let d: u32 = it.next()?.parse().ok()?;
    Some(format!("{d} {} {y}", MONTHS.get(m.checked_sub(1)?)?))
}

/// Rule 19: an acronym used before it is spelled out. Flags the first use only.
///
/// Two passes, linear in the text: the first finds each known acronym's first use that is
/// not its own definition (`Full Name (ACR)`); the second finds, with one Aho-Corasick
/// automaton over those acronyms' full names, where each name first occurs, so that an
/// acronym whose name was written out earlier is not flagged.
pub(crate) fn check_acronyms(text: &str, excluded: &[Span], cx: &Context<'_>) -> Vec<Finding> {
    let Some(known) = cx.acronyms else { return Vec::new() };
    // (span, acronym, full name) of first uses that are not definitions.
    let mut candidates: Vec<(Span, &str, &str)> = Vec::new();
    let mut seen: HashSet<&str> = HashSet::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // An acronym starts with two capitals in a row, which most of a text lacks: skip
        // 7 bytes at a time (blocks of 8 overlap by one, so no pair falls between them).
        if let Some(block) = bytes.get(i..i + 8) {
            if !has_two_ascii_capitals_in_a_row(u64::from_le_bytes(block.try_into().expect("8 bytes"))) {
                i += 7;
                continue;
            }
        }
        if !bytes[i].is_ascii_uppercase() || (i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] >= 0x80)) {
            i += 1;
            continue;
        }
        let len = bytes[i..].iter().take_while(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || **b == b'-').count();
        let end = i + len;
        let word = text[i..end].trim_end_matches('-');
        let end = i + word.len();
        let followed_by_letter =
            bytes.get(end).is_some_and(|b| b.is_ascii_lowercase() && (*b != b's' || bytes.get(end + 1).is_some_and(u8::is_ascii_alphanumeric)));
        if word.len() >= 2 && !followed_by_letter && !seen.contains(word) && !super::regions::overlaps_any(excluded, &(i..end)) {
            seen.insert(word);
            if let Some((name, well_known)) = known.expand(word) {
                let defined = i > 0 && bytes[i - 1] == b'(' && preceded_by_name(&text[..i - 1], name);
                if !well_known && !defined {
                    candidates.push((i..end, word, name));
                }
            }
        }
        i = end.max(i + 1);
    }
    if candidates.is_empty() {
        return Vec::new();
    }
    // Candidates are in text order: only the text before the last one can spell a name out.
    let first_end = first_spelled_out(text, candidates.iter().map(|c| (c.2, c.0.start)));
    candidates
        .into_iter()
        .filter(|(span, _, name)| first_end.get(name).is_none_or(|&e| e > span.start))
        .map(|(span, word, name)| {
            // Content: the acronym's expansion is the gazetteer's guess (an acronym can stand
            // for more than one body).
            let fix = Fix::content(span.clone(), format!("{name} ({word})")).titled(format!("Spell out: “{name} ({word})”"));
            Finding {
                rule: Rule::AcronymFirstUse,
                severity: Rule::AcronymFirstUse.default_severity(),
                span,
                message: format!("“{word}” is used before it is spelled out: at first use write “{name} ({word})”."),
                fix: Some(fix),
            }
        })
        .collect()
}

/// Whether a byte of `w` (8 bytes of text, little-endian) is an ASCII capital followed by
/// a capital, a digit or a hyphen: how every acronym the rule looks up begins (`IAEA`,
/// `G7`, `G-77`).
fn has_two_ascii_capitals_in_a_row(w: u64) -> bool {
    let next = ascii_uppercase_mask(w) | byte_range_mask(w, b'0', b'9') | byte_range_mask(w, b'-', b'-');
    ascii_uppercase_mask(w) & (next >> 8) != 0
}

/// The high bit of each byte of `w` in `lo..=hi` (ASCII), without branches.
fn byte_range_mask(w: u64, lo: u8, hi: u8) -> u64 {
    const LO7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HI: u64 = 0x8080_8080_8080_8080;
    const ONES: u64 = 0x0101_0101_0101_0101;
    let x = w & LO7;
    let at_least_lo = x + ONES * u64::from(0x80 - lo);
    let past_hi = x + ONES * u64::from(0x80 - hi - 1);
    at_least_lo & !past_hi & !w & HI
}

/// The high bit of each byte of `w` that is an ASCII capital (`A`..=`Z`).
fn ascii_uppercase_mask(w: u64) -> u64 {
    byte_range_mask(w, b'A', b'Z')
}

/// Where each of `names` is first written out in `text`, as the byte offset of its end.
/// A name's words may be separated by any run of white space, as a hard-wrapped draft
/// writes them (`International Atomic Energy\nAgency`). Every occurrence of a name's first
/// word is checked for the rest of its words: found with `memmem` for a few names, with one
/// Aho-Corasick pass for many.
fn first_spelled_out<'n>(text: &str, names: impl Iterator<Item = (&'n str, usize)>) -> HashMap<&'n str, usize> {
    const ONE_BY_ONE: usize = 8;
    let mut by_first_word: HashMap<&str, Vec<&str>> = HashMap::new();
    // Only the text before `limit` matters for a name: where its acronym is first used.
    let mut limits: HashMap<&str, usize> = HashMap::new();
    let mut last = 0;
    for (name, limit) in names {
        let first = name.split(' ').next().unwrap_or(name);
        let group = by_first_word.entry(first).or_default();
        if !group.contains(&name) {
            group.push(name);
        }
        let l = limits.entry(name).or_insert(0);
        *l = (*l).max(limit.min(text.len()));
        last = last.max(*l);
    }
    let text = &text[..last];
    let wanted: usize = by_first_word.values().map(Vec::len).sum();
    let mut found = HashMap::new();
    let first_words: Vec<&str> = by_first_word.keys().copied().collect();
    if first_words.len() <= ONE_BY_ONE {
        // Building an automaton costs more than a few substring searches of a short text.
        // A name is most often written on one line: look for it as written, then word by word
        // only in the text before that (a wrapped form earlier comes first).
        for (&first, group) in &by_first_word {
            for &name in group {
                let text = &text[..limits[name]];
                let exact = memchr::memmem::find(text.as_bytes(), name.as_bytes());
                let before = &text[..exact.unwrap_or(text.len())];
                let wrapped = memchr::memmem::find_iter(before.as_bytes(), first.as_bytes())
                    .find_map(|at| rest_of_name(&text[at + first.len()..], &name[first.len()..]).map(|len| at + first.len() + len));
                if let Some(end) = wrapped.or(exact.map(|at| at + name.len())) {
                    found.insert(name, end);
                }
            }
        }
        return found;
    }
    // Record the names starting with `first` that continue at `end`, where `first` ends.
    let try_at = |first: &str, end: usize, found: &mut HashMap<&'n str, usize>| {
        for &name in &by_first_word[first] {
            if !found.contains_key(name) {
                if let Some(len) = rest_of_name(&text[end..], &name[first.len()..]) {
                    found.insert(name, end + len);
                }
            }
        }
    };
    let Ok(ac) = aho_corasick::AhoCorasick::new(&first_words) else { return found };
    for m in ac.find_overlapping_iter(text) {
        try_at(first_words[m.pattern().as_usize()], m.end(), &mut found);
        if found.len() == wanted {
            break;
        }
    }
    found
}

/// Whether `text` starts with `rest` (the words of a name after the first, each preceded by
/// a space), reading every space of `rest` as any non-empty run of white space. Returns the
/// length of `text` it covers.
fn rest_of_name(text: &str, rest: &str) -> Option<usize> {
    let mut tail = text;
    for word in rest.split(' ').filter(|w| !w.is_empty()) {
        let trimmed = tail.trim_start();
        if trimmed.len() == tail.len() || !trimmed.starts_with(word) {
            return None;
        }
        tail = &trimmed[word.len()..];
    }
    Some(text.len() - tail.len())
}

/// Whether byte `at` stands inside a capitalized name such as “the Committee Established
/// under General Assembly Resolution 32/174”, where the capital is the name's.
fn in_title(text: &str, at: usize) -> bool {
    let mut from = at.saturating_sub(48);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let words: Vec<&str> = text[from..at].split_whitespace().rev().take(3).collect();
    match words.as_slice() {
        [link, name, ..] if matches!(*link, "under" | "Under" | "by" | "of" | "to" | "pursuant") => {
            name.chars().next().is_some_and(char::is_uppercase) && !name.ends_with(['.', ':']) && !matches!(*name, "The" | "In" | "By" | "Under" | "Of" | "To")
        }
        _ => false,
    }
}

/// Whether byte `at` stands inside a quoted title that opened earlier in the same paragraph
/// (`the “Hybrid Implementation of Security Council Resolution 2719 …”`), cited as it was
/// written. A quoted statement (`“On the 10th anniversary of Resolution 16/18, we welcome …”`)
/// is prose like any other: a title is short, holds no sentence end and no clause after a
/// comma.
fn in_quotation(text: &str, at: usize) -> bool {
    let mut from = at.saturating_sub(400);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let paragraph = text[from..at].rsplit("\n\n").next().unwrap_or("");
    let open = match (paragraph.rfind('“'), paragraph.rfind('”')) {
        (Some(open), close) if close.is_none_or(|c| c < open) => at - paragraph.len() + open,
        _ => return false,
    };
    let Some(close) = text[at..].find(['”', '\n']).map(|k| at + k).filter(|&k| text[k..].starts_with('”')) else { return false };
    let quoted = &text[open + '“'.len_utf8()..close];
    let clause_after_comma = quoted.split(", ").skip(1).any(|part| part.starts_with(|c: char| c.is_lowercase()));
    quoted.len() <= 250 && !quoted.contains(". ") && !clause_after_comma
}

/// Whether byte `at` stands in a title-case line: a headline, a masthead or a heading, where
/// every word takes a capital (`Security Council Adopts Resolution 2334 (2016) on Settlements`).
/// The line stands alone (a blank line or the text's edge before or after it, so a line of a
/// hard-wrapped paragraph does not count), holds no sentence end, and all its words but the
/// short linking ones start with a capital or a figure.
fn in_headline(text: &str, at: usize) -> bool {
    const LINKING: &[&str] =
        &["the", "and", "for", "of", "on", "in", "to", "a", "an", "by", "at", "with", "from", "as", "or", "vs", "via", "into", "upon", "over"];
    let Some((start, end)) = crate::line::short_line_around(text, at, 160) else { return false };
    let line = text[start..end].trim();
    if line.len() > 160 || line.ends_with(['.', ';', ',']) || line.contains(". ") {
        return false;
    }
    let blank_before = text[..start]
        .trim_end_matches([' ', '\t', '\r'])
        .strip_suffix('\n')
        .is_none_or(|b| b.trim_end_matches([' ', '\t', '\r']).ends_with('\n') || b.trim().is_empty());
    let blank_after = text[end..].strip_prefix('\n').is_none_or(|a| a.trim_start_matches([' ', '\t', '\r']).starts_with('\n') || a.trim().is_empty());
    if !blank_before && !blank_after {
        return false;
    }
    let words: Vec<&str> =
        line.split_whitespace().map(|w| w.trim_matches(|c: char| !c.is_alphanumeric())).filter(|w| !w.is_empty() && !LINKING.contains(w)).collect();
    // Headlines written by hand keep a verb or two in lower case (`Security Council requires
    // Scheduled Destruction …, Unanimously Adopting Resolution 2118 (2013)`): at most one
    // word in five, and the line begins with a capital.
    let lower = words.iter().filter(|w| !w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())).count();
    let first_capital = words.first().is_some_and(|w| w.starts_with(char::is_uppercase));
    words.len() >= 3 && first_capital && lower * 5 <= words.len() && (lower == 0 || words.len() >= 8)
}

/// Whether `before` ends with `name` (allowing any white space, as names wrap across lines).
fn preceded_by_name(before: &str, name: &str) -> bool {
    let b: Vec<&str> = before.split_whitespace().rev().take(name.split_whitespace().count()).collect();
    let n: Vec<&str> = name.split_whitespace().rev().collect();
    b.len() == n.len() && b.iter().zip(&n).all(|(x, y)| x == y)
}

#[cfg(test)]
mod tests {
    use super::{ascii_uppercase_mask, has_two_ascii_capitals_in_a_row};

    #[test]
    fn finds_capitals_in_a_word_of_eight_bytes() {
        for b in 0..=255u8 {
            for pos in 0..8 {
                let mut block = *b"abcdefgh";
                block[pos] = b;
                let expected: u64 = (0..8).filter(|&k| block[k].is_ascii_uppercase()).map(|k| 0x80 << (8 * k)).sum();
                assert_eq!(ascii_uppercase_mask(u64::from_le_bytes(block)), expected, "{block:?}");
            }
        }
        assert_ne!(ascii_uppercase_mask(u64::from_le_bytes(*b"\xff\xffZ\x80\x7f\x00@[")), 0);
        assert_eq!(ascii_uppercase_mask(u64::from_le_bytes(*b"\xff\xc1\xda\x80\x7f\x00@[")), 0);
    }

    #[test]
    fn a_name_wrapped_across_lines_counts_as_spelled_out() {
        use super::first_spelled_out;
        let name = "International Atomic Energy Agency";
        let ends = |text: &str| first_spelled_out(text, [(name, text.len())].into_iter()).get(name).copied();
        assert_eq!(ends("the International Atomic Energy\nAgency said; "), Some(38));
        assert_eq!(ends("International\u{a0}Atomic  Energy\r\n   Agency"), Some(40));
        assert_eq!(ends("International Atomic Energy Agency, and again International Atomic Energy Agency"), Some(34));
        assert_eq!(ends("International Atomic Energy Commission"), None);
        assert_eq!(ends("International AtomicEnergy Agency"), None);
        assert_eq!(ends("International Atomic Energy Agen"), None);
        // Names that share their first word, or contain one another, are all found.
        let names = ["United Nations", "United Nations Office on Drugs and Crime", "United Kingdom"];
        let text = "the United Nations Office on\nDrugs and Crime and the United Kingdom";
        let found = first_spelled_out(text, names.into_iter().map(|n| (n, text.len())));
        assert_eq!((found["United Nations"], found["United Nations Office on Drugs and Crime"], found["United Kingdom"]), (18, 44, 67));
        // More first words than are searched one by one: the automaton path gives the same.
        let many = [
            "United Nations",
            "United Nations Office on Drugs and Crime",
            "United Kingdom",
            "African Union",
            "Arms Trade Treaty",
            "Bank",
            "Cairo Declaration",
            "Dayton Agreement",
            "European Union",
            "Forum",
        ];
        let text = "the United Nations Office on\nDrugs and Crime and the United Kingdom; the Arms\nTrade Treaty";
        let found = first_spelled_out(text, many.into_iter().map(|n| (n, text.len())));
        assert_eq!((found["United Nations"], found["United Nations Office on Drugs and Crime"], found["United Kingdom"]), (18, 44, 67));
        assert_eq!((found["Arms Trade Treaty"], found.len()), (90, 4));
    }

    #[test]
    fn finds_two_capitals_in_a_row() {
        let pair = |s: &[u8; 8]| has_two_ascii_capitals_in_a_row(u64::from_le_bytes(*s));
        assert!(pair(b"the IAEA"));
        assert!(pair(b"UNa bcde"));
        assert!(pair(b"abcdefUN"));
        assert!(!pair(b"The Ab C"));
        assert!(!pair(b"abcdefgU"));
        assert!(pair(b"the G7 a") && pair(b"the G-77") && !pair(b"the G a "));
        assert!(!pair(b"A\xc3\x89bcdef"));
    }
}
