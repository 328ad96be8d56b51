//! Hover text (Markdown) for a citation: what the catalogue knows, what the corpus says,
//! and the undocs.org link. Never invents: a field the data lack is left out.
//!
//! Text that comes from the corpus goes through [`escape_markdown`], so a statement cannot
//! inject links, images, HTML or commands into the editor.

use crate::catalogue::{Catalogue, GaLookup, GaSession, ScLookup};
use crate::citation::{to_roman, Citation, Dating, Kind, Number, Organ};
use crate::rules::format_date;

/// What the corpus knows about a citation's key, gathered by the corpus index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CorpusFacts {
    /// Number of corpus statements that cite it.
    pub statements: usize,
    /// Who cites it (`Kazakhstan (Mr. Umarov)`), the earliest first, a few at most.
    pub cited_by: Vec<String>,
    /// What a statement says it is: the words around its first mention.
    pub described_as: Option<String>,
}

/// The undocs.org link for a citation, where one exists.
pub fn undocs_link(c: &Citation) -> Option<String> {
    let symbol = match (&c.kind, &c.number) {
        (Kind::Resolution(Organ::SecurityCouncil), Some(Number::Plain { value, .. })) => {
            let year = match &c.dating {
                Dating::Year { value: y, .. } => format!("({y})"),
                _ => String::new(),
            };
            format!("S/RES/{value}{year}")
        }
        (Kind::Resolution(Organ::GeneralAssembly), Some(Number::Sessional { session, value, .. })) => format!("A/RES/{session}/{value}"),
        (Kind::Resolution(Organ::GeneralAssembly), Some(Number::Plain { value, .. })) => match &c.dating {
            Dating::Session { value: s, special: None, .. } => format!("A/RES/{value}({})", to_roman(*s)),
            _ => return None,
        },
        (Kind::Resolution(Organ::HumanRightsCouncil), Some(Number::Sessional { session, value, .. })) => format!("A/HRC/RES/{session}/{value}"),
        (Kind::Resolution(Organ::HumanRightsCouncil), None) => c.key.replacen("HRC ", "A/HRC/RES/", 1),
        (Kind::Resolution(_), _) => return None,
        _ => c.symbol.as_ref()?.canonical.clone(),
    };
    Some(format!("https://undocs.org/{}", symbol.replace(' ', "")))
}

/// The Markdown hover for `c`.
pub fn hover_markdown(c: &Citation, catalogue: &Catalogue, facts: Option<&CorpusFacts>) -> String {
    let mut lines: Vec<String> = Vec::new();
    match (&c.kind, &c.number) {
        (Kind::Resolution(Organ::SecurityCouncil), Some(Number::Plain { value, .. })) => match catalogue.sc(*value) {
            ScLookup::Found(r) => {
                lines.push(format!("**Security Council resolution {} ({})**", r.number, r.year));
                if let Some(d) = r.date.and_then(format_date) {
                    lines.push(format!("Adopted on {d}{}", r.meeting.map(|m| format!(" at meeting {m}")).unwrap_or_default()));
                }
                if let Some(t) = r.topic {
                    lines.push(format!("Subject: {}", escape_markdown(t)));
                }
                if let Some(n) = r.note {
                    lines.push(format!("*{}*", escape_markdown(n)));
                }
                if let Dating::Year { value: y, .. } = c.dating {
                    if y != r.year {
                        lines.push(format!("⚠ Cited here with the year {y}; it was adopted in {}.", r.year));
                    }
                }
            }
            ScLookup::BeyondCatalogue { last } => lines.push(format!(
                "**Security Council resolution {value}**\n\nNumbered past the last resolution in the catalogue ({} of {}): nothing is known about it.",
                last.number,
                last.date.and_then(format_date).unwrap_or_else(|| last.year.to_string())
            )),
            ScLookup::Invalid => lines.push("**Not a Security Council resolution number**".into()),
        },
        (Kind::Resolution(Organ::GeneralAssembly), Some(Number::Sessional { session, value, .. })) => {
            let found = GaSession::parse(session).map(|s| catalogue.ga(s, *value));
            lines.push(format!("**General Assembly resolution {session}/{value}**"));
            match found {
                Some(GaLookup::Found(r)) => {
                    if let Some(t) = r.title {
                        lines.push(escape_markdown(t));
                    }
                    if let Some(d) = r.date.and_then(format_date) {
                        lines.push(format!("Adopted on {d}{}", r.meeting.map(|m| format!(" at meeting {m}")).unwrap_or_default()));
                    }
                }
                Some(GaLookup::PastSessionEnd { last }) => lines.push(format!("No such resolution: session {session} adopted {last} resolutions.")),
                _ => lines.push("Not in the bundled catalogue (it covers sessions 74 onward).".into()),
            }
        }
        (Kind::Resolution(organ), _) => {
            lines.push(format!("**{} resolution {}**", organ.name(), c.key.split_once(' ').map_or(c.key.as_str(), |(_, k)| k)));
            lines.push("Not in the bundled catalogue.".into());
        }
        (Kind::Document, _) => lines.push(format!("**Document {}**", c.key)),
        (Kind::MeetingRecord, _) => lines.push(format!("**Meeting record {}**", c.key)),
        (Kind::PresidentialStatement, _) => lines.push(format!("**Statement by the President of the Security Council {}**", c.key)),
    }
    if let Some(f) = facts {
        if let Some(d) = &f.described_as {
            lines.push(format!("The corpus describes it as: “{}”", escape_markdown(d)));
        }
        if f.statements > 0 {
            let who = if f.cited_by.is_empty() {
                String::new()
            } else {
                format!(": {}", f.cited_by.iter().map(|w| escape_markdown(w)).collect::<Vec<_>>().join("; "))
            };
            let s = if f.statements == 1 { "" } else { "s" };
            lines.push(format!("Cited in {} corpus statement{s}{who}", f.statements));
        } else {
            lines.push("Not cited in the corpus.".into());
        }
    }
    if let Some(link) = undocs_link(c) {
        lines.push(format!("[{link}]({link})"));
    }
    lines.join("\n\n")
}

/// Escape Markdown and HTML so that text shows as written and cannot make links,
/// images, HTML or command URIs.
pub fn escape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '(' | ')' | '#' | '+' | '-' | '.' | '!' | '|' | '~' | ':' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::citation::scan;

    fn hover(text: &str) -> String {
        hover_markdown(&scan(text)[0], Catalogue::bundled(), None)
    }

    #[test]
    fn security_council_hover() {
        assert_eq!(
            hover("resolution 1540 (2004)"),
            "**Security Council resolution 1540 (2004)**\n\nAdopted on 28 April 2004 at meeting S/PV.4956\n\nSubject: Non\\-proliferation of weapons of mass destruction\n\n[https://undocs.org/S/RES/1540(2004)](https://undocs.org/S/RES/1540(2004))"
        );
    }

    #[test]
    fn general_assembly_hover() {
        let h = hover("resolution 79/1");
        assert!(h.starts_with("**General Assembly resolution 79/1**\n\n"), "{h}");
        assert!(h.ends_with("[https://undocs.org/A/RES/79/1](https://undocs.org/A/RES/79/1)"), "{h}");
        assert!(hover("resolution 70/1").contains("Not in the bundled catalogue"));
    }

    #[test]
    fn corpus_text_is_escaped() {
        let facts = CorpusFacts { statements: 1, cited_by: vec!["[x](command:rm)".into()], described_as: Some("<img src=x>".into()) };
        let h = hover_markdown(&scan("S/2017/1025")[0], Catalogue::bundled(), Some(&facts));
        assert!(!h.contains("[x]("), "{h}");
        assert!(!h.contains("<img"), "{h}");
        assert!(h.contains("\\[x\\]\\(command\\:rm\\)"), "{h}");
    }
}
