//! Facts written beside a citation, checked against the catalogue: the adoption date
//! (`wrong-date`), the title after `entitled` (`wrong-title`) and `unanimously` for a
//! Security Council resolution whose vote the records give (`wrong-vote`). Each finding names
//! the recorded fact and its source; a date gets a suggestion (content), a title or a vote
//! none.

use super::beside::{beside, same_title};
use super::checks::{format_date, source_words, Context};
use super::{Finding, Fix, Rule};
use crate::catalogue::{session_key, FactSource, GaLookup, ScLookup};
use crate::citation::{Citation, Dating, Kind, Number, Organ};

/// What the catalogue records about the resolution a citation names.
struct Recorded {
    /// `General Assembly resolution 70/1`.
    name: String,
    /// ISO date and where it comes from (in a message's words).
    date: Option<(&'static str, String)>,
    /// Another date a source gives (the sources disagree): a text writing it is not wrong.
    date_also: Option<&'static str>,
    /// The years a date written beside a citation of this number may have if it is this
    /// resolution at all: a date outside them, unless it differs from the recorded one in
    /// the year alone (`24 December 2107`), is another body's resolution with the same
    /// number (`resolution 42/23 of 27 September 2019` of the Human Rights Council in a text
    /// the grammar reads as the General Assembly's). `None`: the form names this resolution
    /// for certain (`2625 (XXV)`, `1540 (2004)`).
    years: Option<std::ops::RangeInclusive<u16>>,
    /// The Security Council's records date some resolutions by the meeting that adopted them,
    /// which may have run past midnight: the next day is the resolution's date as likely.
    next_day_too: bool,
    /// Adopted in parts (`A-B`) or cited by a part (`65/37 B`): the parts may differ in
    /// date and title, and the catalogue gives one.
    parts: bool,
    /// The title and its source, when it is the UN's record of the resolution: the Library's
    /// catalogue titles are not the resolutions' own words, and a title mined from citing
    /// texts may be a part's (`section III of resolution 64/289, entitled …`).
    title: Option<(&'static str, String)>,
    /// The Security Council's vote, `Y-N-A`.
    vote: Option<&'static str>,
}

fn recorded(c: &Citation, cx: &Context<'_>) -> Option<Recorded> {
    match (&c.kind, &c.number) {
        (Kind::Resolution(Organ::SecurityCouncil), Some(Number::Plain { value, .. })) => {
            let ScLookup::Found(r) = cx.catalogue.sc(*value) else { return None };
            // Cited with another year (judged by `wrong-year`), or adopted after the text was
            // written (another organ's number): the facts beside it are not this one's.
            if matches!(c.dating, Dating::Year { value, .. } if value != r.year) || cx.year.is_some_and(|y| r.year > y) {
                return None;
            }
            Some(Recorded {
                name: format!("Security Council resolution {} ({})", r.number, r.year),
                date: r.date.map(|d| (d, "the Security Council's records".to_string())),
                date_also: None,
                years: (!matches!(c.dating, Dating::Year { .. })).then_some(r.year..=r.year),
                next_day_too: true,
                parts: cited_part(c),
                title: None,
                vote: r.vote,
            })
        }
        (Kind::Resolution(_), _) => {
            let (organ, session, number) = session_key(c)?;
            let r = match organ {
                Organ::GeneralAssembly => match cx.catalogue.ga(session, number) {
                    GaLookup::Found(r) => r,
                    _ => return None,
                },
                _ => cx.catalogue.resolution(organ, session, number)?,
            };
            if let (Organ::GeneralAssembly, crate::catalogue::GaSession::Regular(s), Some(y)) = (organ, session, cx.year) {
                if s > 30 && 1945 + s > y {
                    return None;
                }
            }
            let year = r.date().and_then(|d| d.value.get(..4)?.parse::<u16>().ok());
            let years = match (organ, session) {
                _ if r.old_numbering() => None,
                (Organ::GeneralAssembly, crate::catalogue::GaSession::Regular(s)) => Some(1945 + s..=1946 + s),
                (Organ::EconomicAndSocialCouncil, crate::catalogue::GaSession::Regular(y)) => Some(y..=y),
                _ => year.map(|y| y.saturating_sub(1)..=y + 1),
            };
            Some(Recorded {
                name: format!("{} resolution {}", organ.name(), r.cited()),
                date: r.date().map(|d| (d.value, source_words(d.source))),
                date_also: r.date_also().map(|d| d.value),
                years,
                next_day_too: false,
                parts: !r.parts().is_empty() || cited_part(c),
                title: r.title().filter(|t| t.source == FactSource::Record).map(|t| (t.value, source_words(t.source))),
                vote: None,
            })
        }
        _ => None,
    }
}

/// The findings on the facts written beside each of `citations`.
pub fn check_facts(text: &str, citations: &[Citation], cx: &Context<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for c in citations {
        let b = beside(text, c);
        if b.date.is_none() && b.title.is_none() && b.unanimously.is_none() {
            continue;
        }
        let Some(rec) = recorded(c, cx) else { continue };
        if let (Some(written), Some((date, source))) = (&b.date, &rec.date) {
            let iso = written.iso();
            let same_day = iso.get(4..) == date.get(4..);
            let this_one = rec.years.as_ref().is_none_or(|y| y.contains(&written.year)) || same_day;
            let next_day = rec.next_day_too && next_day(date).as_deref() == Some(iso.as_str());
            if iso != *date && rec.date_also != Some(iso.as_str()) && !next_day && this_one && !rec.parts {
                let right = format_date(date).unwrap_or_else(|| date.to_string());
                let typed = &text[written.span.clone()];
                // The suggestion keeps the order the text uses (`September 25, 2015`).
                let replacement = if typed.starts_with(|ch: char| ch.is_ascii_digit()) { right.clone() } else { month_first(&right) };
                out.push(finding(
                    Rule::WrongDate,
                    written.span.clone(),
                    format!("{} was adopted on {right} ({source}), not on {}.", rec.name, typed.split_whitespace().collect::<Vec<_>>().join(" ")),
                    Some(Fix::content(written.span.clone(), replacement.clone()).titled(format!("Write “{replacement}”"))),
                ));
            }
        }
        if let (Some((span, written)), Some((title, source))) = (&b.title, &rec.title) {
            // After a list the title is the series' (`resolutions 73/262 and 74/137, entitled …`).
            if !same_title(written, title) && !rec.parts && c.list_len == 1 {
                out.push(finding(Rule::WrongTitle, span.clone(), format!("{} is entitled “{title}” ({source}).", rec.name), None));
            }
        }
        if let (Some(span), Some(vote)) = (&b.unanimously, rec.vote) {
            if let Some(words) = not_unanimous(vote) {
                out.push(finding(
                    Rule::WrongVote,
                    span.clone(),
                    format!("{} was adopted {words} (the Security Council's records), not unanimously.", rec.name),
                    None,
                ));
            }
        }
    }
    out
}

/// The ISO date after `date` (`1994-05-16` → `1994-05-17`).
fn next_day(date: &str) -> Option<String> {
    let mut it = date.split('-').map(|p| p.parse::<u32>().ok());
    let (y, m, d) = (it.next()??, it.next()??, it.next()??);
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let last = *days.get(m.checked_sub(1)? as usize)?;
    Some(match (d < last, m < 12) {
        (true, _) => format!("{y:04}-{m:02}-{:02}", d + 1),
        (false, true) => format!("{y:04}-{:02}-01", m + 1),
        (false, false) => format!("{:04}-01-01", y + 1),
    })
}

/// Whether the citation names a part (`65/37 B`, `3211 B (XXIX)`).
fn cited_part(c: &Citation) -> bool {
    matches!(&c.number, Some(Number::Plain { letters: Some(_), .. } | Number::Sessional { letters: Some(_), .. }))
}

fn finding(rule: Rule, span: crate::citation::Span, message: String, fix: Option<Fix>) -> Finding {
    Finding { rule, severity: rule.default_severity(), span, message, fix }
}

/// `25 September 2015` → `September 25, 2015`.
fn month_first(date: &str) -> String {
    match date.split(' ').collect::<Vec<_>>()[..] {
        [d, m, y] => format!("{m} {d}, {y}"),
        _ => date.to_string(),
    }
}

/// For a vote `Y-N-A` with votes against or abstentions, how it was adopted in words (`by 14
/// votes to none, with 1 abstention`); `None` for a vote no one opposed or abstained in, and
/// for what is not a count.
fn not_unanimous(vote: &str) -> Option<String> {
    let n: Vec<u32> = vote.split('-').map(|p| p.trim().parse().ok()).collect::<Option<_>>()?;
    let [yes, no, abstain] = n[..] else { return None };
    if no == 0 && abstain == 0 {
        return None;
    }
    let against = if no == 0 { "none".to_string() } else { no.to_string() };
    let abstentions = match abstain {
        0 => String::new(),
        1 => ", with 1 abstention".to_string(),
        a => format!(", with {a} abstentions"),
    };
    Some(format!("by {yes} votes to {against}{abstentions}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::Catalogue;
    use crate::citation::scan;

    fn check(text: &str) -> Vec<(String, String)> {
        check_facts(text, &scan(text), &Context::new(Catalogue::bundled())).into_iter().map(|f| (f.rule.name().to_string(), f.message)).collect()
    }

    #[test]
    fn a_wrong_date_names_the_recorded_one_and_its_source() {
        assert_eq!(
            check("resolution 70/1 of 25 October 2015"),
            [(
                "wrong-date".to_string(),
                "General Assembly resolution 70/1 was adopted on 25 September 2015 (as 475 later resolutions that cite it agree), not on 25 October 2015."
                    .to_string()
            )]
        );
        assert_eq!(
            check("resolution 2231 (2015), adopted on 17 July 2015"),
            [(
                "wrong-date".to_string(),
                "Security Council resolution 2231 (2015) was adopted on 20 July 2015 (the Security Council's records), not on 17 July 2015.".to_string()
            )]
        );
        assert_eq!(
            check("resolution 1514 (XV) of 14 December 1961")[0].1,
            "General Assembly resolution 1514 (XV) was adopted on 14 December 1960 (UN Digital Library), not on 14 December 1961."
        );
        assert_eq!(
            check("resolution 79/1 of 23 September 2024")[0].1,
            "General Assembly resolution 79/1 was adopted on 22 September 2024 (the UN's machine-readable resolution), not on 23 September 2024."
        );
        // Right dates, in either order; a date the data lack; a wrong year judged elsewhere.
        assert!(check("resolution 70/1 of 25 September 2015 and resolution 2231 (2015) of July 20, 2015").is_empty());
        assert!(check("Human Rights Council resolution 5/1 of 18 June 2007").is_empty());
        assert!(check("resolution 2231 (2016) of 20 July 2015").is_empty());
        // Another body's resolution with the same number (the date is outside the session),
        // unless only the year differs (a slip).
        assert!(check("as decided by the Human Rights Council in its resolution 42/23 of 27 September 2019").is_empty());
        assert!(check("African Commission resolutions 263 of 5 November 2013").is_empty());
        assert_eq!(check("resolution 72/256 of 24 December 2107").len(), 1);
        assert_eq!(check("resolution 973 (X) of 15 December 1995").len(), 1);
        // Parts may differ in date; where the Library and the citers disagree either is right.
        assert!(check("resolution 65/37 B of 4 April 2011").is_empty());
        assert!(check("resolution 62/249 of 15 May 2008 and 62/249 of 15 April 2008").is_empty());
    }

    #[test]
    fn a_security_council_meeting_may_end_past_midnight() {
        // The records date 918 (1994) by its meeting of 16 May; texts cite it of 17 May.
        assert!(check("resolution 918 (1994) of 17 May 1994").is_empty());
        assert_eq!(check("resolution 918 (1994) of 18 May 1994").len(), 1);
        assert_eq!(check("resolution 70/1 of 26 September 2015").len(), 1, "only the Council's records date by meeting");
        assert_eq!(next_day("2000-02-28").as_deref(), Some("2000-02-29"));
        assert_eq!(next_day("1999-12-31").as_deref(), Some("2000-01-01"));
        assert_eq!(next_day("2001-02-28").as_deref(), Some("2001-03-01"));
    }

    #[test]
    fn the_date_suggestion_keeps_the_texts_order() {
        let text = "resolution 2231 (2015) of July 17, 2015";
        let f = check_facts(text, &scan(text), &Context::new(Catalogue::bundled()));
        let fix = f[0].fix.as_ref().unwrap();
        assert!(!fix.is_safe());
        assert_eq!(fix.edits[0].new_text, "July 20, 2015");
    }

    #[test]
    fn titles_and_votes() {
        assert!(check("resolution 70/1 of 25 September 2015, entitled “Transforming our world: the 2030 Agenda for Sustainable Development”").is_empty());
        assert_eq!(
            check("resolution 79/1, entitled “The Pact of the Future”"),
            [(
                "wrong-title".to_string(),
                "General Assembly resolution 79/1 is entitled “The Pact for the Future” (the UN's machine-readable resolution).".to_string()
            )]
        );
        // After a list, the title is the series'.
        assert!(check("resolutions 73/262 and 74/137, entitled “A global call”").is_empty());
        // Titles known only from the Library or from citing texts are not judged.
        assert!(check("resolution 2625 (XXV), entitled “Declaration on Friendly Relations”").is_empty());
        assert!(check("resolution 1514 (XV), entitled “Declaration on the Granting of Independence to Colonial Countries and Peoples”").is_empty());
        assert_eq!(
            check("The Council unanimously adopted resolution 2334 (2016)."),
            [(
                "wrong-vote".to_string(),
                "Security Council resolution 2334 (2016) was adopted by 14 votes to none, with 1 abstention (the Security Council's records), not unanimously."
                    .to_string()
            )]
        );
        assert!(check("resolution 2231 (2015), adopted unanimously").is_empty());
        assert_eq!(not_unanimous("12-2-1").as_deref(), Some("by 12 votes to 2, with 1 abstention"));
        assert_eq!(not_unanimous("adopted unanimously"), None);
        assert_eq!(not_unanimous("14-0-0"), None);
    }
}
