//! Hover: what the data hold about a target, as a plain [`Hover`] value. Nothing is escaped
//! or formatted here; [`super::render`] writes Markdown for the editor, plain text for a
//! terminal, and JSON. Never invents: a field the data lack is left out, and each fact says
//! where it came from.

use serde::{Deserialize, Serialize};

use super::{target_at, targets, Document, Knowledge, Ranged, Target};
use crate::catalogue::{GaLookup, GaSession, ScLookup};
use crate::citation::{Citation, Dating, Kind, Number, Organ};
use crate::gazetteer::{Entity, EntityKind};
use crate::hover::{undocs_link, CorpusFacts};
use crate::index::DEFINED_PREFIX;
use crate::rules::format_date;

/// What hover shows about one target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hover {
    pub kind: HoverKind,
    /// `Security Council resolution 1540 (2004)`, `Arms Trade Treaty (ATT)`.
    pub title: String,
    /// What the catalogue or the gazetteer records, in the order shown.
    pub facts: Vec<Fact>,
    /// A sentence about the lookup itself, when the data cannot say more (`Not in the
    /// bundled catalogue.`).
    pub status: Option<String>,
    /// Where the draft disagrees with the data (`Cited here with the year 2005; …`).
    pub warnings: Vec<String>,
    /// Passages of a text (a resolution's paragraphs), each with where it comes from.
    pub extracts: Vec<Extract>,
    /// What the corpus of statements says.
    pub corpus: Option<CorpusFacts>,
    /// Web pages (undocs.org, the official site): plain http(s) URLs.
    pub links: Vec<String>,
}

/// What kind of thing a hover is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum HoverKind {
    Resolution,
    Document,
    MeetingRecord,
    PresidentialStatement,
    Organization,
    Instrument,
    /// An acronym only the corpus spells out.
    Defined,
}

impl HoverKind {
    /// Whether it is a citation (of a resolution or a document) rather than a name.
    pub fn is_citation(self) -> bool {
        matches!(self, HoverKind::Resolution | HoverKind::Document | HoverKind::MeetingRecord | HoverKind::PresidentialStatement)
    }
}

/// One recorded fact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fact {
    pub label: Label,
    pub value: String,
    pub source: Source,
}

/// What a fact is (a key into the words each output uses for it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Label {
    /// Adoption date (`28 April 2004`).
    AdoptedOn,
    /// The meeting that adopted it (`S/PV.4956`).
    Meeting,
    /// A Security Council resolution's agenda item.
    Subject,
    /// A General Assembly resolution's title.
    Title,
    /// The library's bracketed description of a resolution.
    Note,
    /// An entity's category (`UN principal organ`).
    Category,
    Description,
    /// Other acronyms and names.
    AlsoKnownAs,
    Founded,
    /// An instrument's adoption date.
    Adopted,
    EnteredIntoForce,
}

/// Where a fact comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    /// The bundled catalogue of resolutions (`data/*_resolutions.tsv`).
    Catalogue,
    /// The bundled gazetteer (`data/gazetteer.toml`).
    Gazetteer,
    /// The corpus of statements.
    Corpus,
}

/// A passage of a text, with a label (`operative paragraph 2`) and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extract {
    pub label: String,
    pub text: String,
    pub source: String,
}

/// The hover at byte `offset` of `doc`: [`target_at`], then [`of_target`].
pub fn hover(doc: &Document, k: &Knowledge, offset: usize) -> Option<Ranged<Hover>> {
    let t = target_at(doc, k, offset)?;
    Some(Ranged { span: t.span, info: of_target(k, &t.info)? })
}

/// What `dragoman explain` shows: the hover of the first target of `doc` ([`targets`]),
/// found with [`target_at`] at its start exactly as the server finds it under the cursor.
pub fn first(doc: &Document, k: &Knowledge) -> Option<Ranged<Hover>> {
    targets(doc, k).into_iter().find_map(|t| hover(doc, k, t.span.start))
}

/// What the data hold about `target`. `None` for a key the gazetteer and the corpus do not
/// know.
pub fn of_target(k: &Knowledge, target: &Target) -> Option<Hover> {
    match target {
        Target::Citation(c) => Some(citation(k, c)),
        Target::Entity { key } | Target::Defined { key } => {
            let mut h = match k.gazetteer().get(key) {
                Some(e) => entity(e),
                None => defined(k, key)?,
            };
            h.corpus = Some(k.facts(key));
            Some(h)
        }
    }
}

fn fact(label: Label, value: impl Into<String>, source: Source) -> Fact {
    Fact { label, value: value.into(), source }
}

fn adopted(facts: &mut Vec<Fact>, date: Option<&str>, meeting: Option<&str>) {
    if let Some(d) = date.and_then(format_date) {
        facts.push(fact(Label::AdoptedOn, d, Source::Catalogue));
        if let Some(m) = meeting {
            facts.push(fact(Label::Meeting, m, Source::Catalogue));
        }
    }
}

/// A citation's hover: what the catalogue knows, what the corpus says, the undocs.org link.
pub fn citation(k: &Knowledge, c: &Citation) -> Hover {
    let mut h = Hover {
        kind: HoverKind::Resolution,
        title: String::new(),
        facts: Vec::new(),
        status: None,
        warnings: Vec::new(),
        extracts: Vec::new(),
        corpus: Some(k.facts(&c.key)),
        links: undocs_link(c).into_iter().collect(),
    };
    match (&c.kind, &c.number) {
        (Kind::Resolution(Organ::SecurityCouncil), Some(Number::Plain { value, .. })) => match k.catalogue.sc(*value) {
            ScLookup::Found(r) => {
                h.title = format!("Security Council resolution {} ({})", r.number, r.year);
                // The document that exists, whatever year the draft gives.
                h.links = vec![format!("https://undocs.org/S/RES/{}({})", r.number, r.year)];
                adopted(&mut h.facts, r.date, r.meeting);
                h.facts.extend(r.topic.map(|t| fact(Label::Subject, t, Source::Catalogue)));
                h.facts.extend(r.note.map(|n| fact(Label::Note, n, Source::Catalogue)));
                if let Dating::Year { value: y, .. } = c.dating {
                    if y != r.year {
                        h.warnings.push(format!("Cited here with the year {y}; it was adopted in {}.", r.year));
                    }
                }
            }
            ScLookup::BeyondCatalogue { last } => {
                h.title = format!("Security Council resolution {value}");
                h.status = Some(format!(
                    "Numbered past the last resolution in the catalogue ({} of {}): nothing is known about it.",
                    last.number,
                    last.date.and_then(format_date).unwrap_or_else(|| last.year.to_string())
                ));
            }
            ScLookup::Invalid => h.title = "Not a Security Council resolution number".into(),
        },
        (Kind::Resolution(Organ::GeneralAssembly), Some(Number::Sessional { session, value, .. })) => {
            h.title = format!("General Assembly resolution {session}/{value}");
            match GaSession::parse(session).map(|s| k.catalogue.ga(s, *value)) {
                Some(GaLookup::Found(r)) => {
                    h.facts.extend(r.title.map(|t| fact(Label::Title, t, Source::Catalogue)));
                    adopted(&mut h.facts, r.date, r.meeting);
                }
                Some(GaLookup::PastSessionEnd { last }) => h.status = Some(format!("No such resolution: session {session} adopted {last} resolutions.")),
                _ => h.status = Some("Not in the bundled catalogue (it covers sessions 74 onward).".into()),
            }
        }
        (Kind::Resolution(organ), _) => {
            h.title = format!("{} resolution {}", organ.name(), c.key.split_once(' ').map_or(c.key.as_str(), |(_, k)| k));
            h.status = Some("Not in the bundled catalogue.".into());
        }
        (Kind::Decision(organ), _) => {
            h.title = format!("{} decision {}", organ.name(), c.key.split_once(" decision ").map_or(c.key.as_str(), |(_, k)| k));
            h.status = Some("Not in the bundled catalogue.".into());
        }
        (Kind::Document, _) => (h.kind, h.title) = (HoverKind::Document, format!("Document {}", c.key)),
        (Kind::MeetingRecord, _) => (h.kind, h.title) = (HoverKind::MeetingRecord, format!("Meeting record {}", c.key)),
        (Kind::PresidentialStatement, _) => {
            (h.kind, h.title) = (HoverKind::PresidentialStatement, format!("Statement by the President of the Security Council {}", c.key))
        }
    }
    h
}

/// `28 April 2004` for `2004-04-28`, `April 2004` for `2004-04`, `2004` for `2004`.
pub fn format_loose_date(date: &str) -> String {
    const MONTHS: [&str; 12] = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
    match date.split('-').count() {
        3 => format_date(date).unwrap_or_else(|| date.to_string()),
        2 => {
            let (y, m) = date.split_once('-').unwrap_or((date, ""));
            match m.parse::<usize>().ok().and_then(|m| MONTHS.get(m.checked_sub(1)?)) {
                Some(month) => format!("{month} {y}"),
                None => date.to_string(),
            }
        }
        _ => date.to_string(),
    }
}

/// A link is kept only when it is a plain http(s) URL that cannot break out of Markdown.
pub fn safe_link(link: &str) -> Option<&str> {
    let ok = (link.starts_with("https://") || link.starts_with("http://"))
        && !link.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '(' | ')' | '<' | '>' | '[' | ']' | '"' | '`' | '\\'));
    ok.then_some(link)
}

/// An instrument's or organization's hover: full name and acronym, kind and category,
/// description, other names, key dates, link. Without corpus facts.
pub fn entity(e: &Entity) -> Hover {
    let g = Source::Gazetteer;
    let mut facts = Vec::new();
    if !e.category.trim().is_empty() {
        facts.push(fact(Label::Category, e.category.as_str(), g));
    }
    facts.extend(e.description.as_deref().filter(|d| !d.trim().is_empty()).map(|d| fact(Label::Description, d, g)));
    let others: Vec<&str> = e.acronyms.iter().skip(1).chain(&e.aliases).map(String::as_str).collect();
    if !others.is_empty() {
        facts.push(fact(Label::AlsoKnownAs, others.join("; "), g));
    }
    for (label, d) in [(Label::Founded, &e.founded), (Label::Adopted, &e.adopted), (Label::EnteredIntoForce, &e.entry_into_force)] {
        facts.extend(d.as_deref().map(|d| fact(label, format_loose_date(d), g)));
    }
    Hover {
        kind: match e.kind {
            EntityKind::Organization => HoverKind::Organization,
            EntityKind::Instrument => HoverKind::Instrument,
        },
        title: e.label(),
        facts,
        status: None,
        warnings: Vec::new(),
        extracts: Vec::new(),
        corpus: None,
        links: e.link.as_deref().and_then(safe_link).map(str::to_string).into_iter().collect(),
    }
}

/// The hover of an acronym only the corpus spells out (`defined:GTRI`).
fn defined(k: &Knowledge, key: &str) -> Option<Hover> {
    let acr = key.strip_prefix(DEFINED_PREFIX)?;
    let name = k.index.defined_name(key)?;
    Some(Hover {
        kind: HoverKind::Defined,
        title: format!("{name} ({acr})"),
        facts: Vec::new(),
        status: Some("An acronym the corpus spells out; not in the gazetteer.".into()),
        warnings: Vec::new(),
        extracts: Vec::new(),
        corpus: None,
        links: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::fixture::Fixture;
    use crate::analysis::render;
    use expect_test::{expect, Expect};

    /// The hover at the fixture's cursor, as `*span*` and the plain rendering; the span must
    /// be the marked one when the fixture marks a range.
    #[track_caller]
    fn check(fixture: &str, want: Expect) {
        let f = Fixture::parse(fixture);
        let index = f.index();
        let k = Knowledge::new(&index);
        let doc = Document::new(f.text.as_str());
        let got = match hover(&doc, &k, f.cursor()) {
            Some(h) => {
                if let Some(r) = f.range.as_ref() {
                    assert_eq!(&h.span, r, "span");
                }
                format!("*{}*\n{}\n", &f.text[h.span.clone()], render::plain(&h.info))
            }
            None => "(none)\n".to_string(),
        };
        want.assert_eq(&got);
    }

    #[test]
    fn security_council_resolution_with_the_corpus() {
        check(
            "//- seeds\n//- draft\nWe recall $0resolution 15$040\n(2004)$0.",
            expect![[r#"
                *resolution 1540
                (2004)*
                Security Council resolution 1540 (2004)
                Adopted on 28 April 2004 at meeting S/PV.4956
                Subject: Non-proliferation of weapons of mass destruction
                Cited in 1 corpus statement: Kazakhstan (Mr. Umarov)
                https://undocs.org/S/RES/1540(2004)
            "#]],
        );
    }

    #[test]
    fn wrong_year_and_beyond_the_catalogue() {
        check(
            "resolution $01540 (2005)",
            expect![[r#"
                *resolution 1540 (2005)*
                Security Council resolution 1540 (2004)
                Adopted on 28 April 2004 at meeting S/PV.4956
                Subject: Non-proliferation of weapons of mass destruction
                ⚠ Cited here with the year 2005; it was adopted in 2004.
                Not cited in the corpus.
                https://undocs.org/S/RES/1540(2004)
            "#]],
        );
        check(
            "resolution $09999 (2030)",
            expect![[r#"
                *resolution 9999 (2030)*
                Security Council resolution 9999
                Numbered past the last resolution in the catalogue (2825 of 29 June 2026): nothing is known about it.
                Not cited in the corpus.
                https://undocs.org/S/RES/9999(2030)
            "#]],
        );
    }

    #[test]
    fn general_assembly_resolutions() {
        check(
            "resolution $079/1",
            expect![[r#"
                *resolution 79/1*
                General Assembly resolution 79/1
                The Pact for the Future
                Adopted on 22 September 2024 at meeting A/79/PV.3
                Not cited in the corpus.
                https://undocs.org/A/RES/79/1
            "#]],
        );
        check(
            "resolution $070/1",
            expect![[r#"
                *resolution 70/1*
                General Assembly resolution 70/1
                Not in the bundled catalogue (it covers sessions 74 onward).
                Not cited in the corpus.
                https://undocs.org/A/RES/70/1
            "#]],
        );
    }

    #[test]
    fn a_document_the_corpus_describes() {
        check(
            "//- seeds\n//- draft\nthe report ($0S/2017/1025$0)",
            expect![[r#"
                *S/2017/1025*
                Document S/2017/1025
                The corpus describes it as: “the Secretary-General's report”
                Cited in 1 corpus statement: Kazakhstan (Mr. Sadykov)
                https://undocs.org/S/2017/1025
            "#]],
        );
    }

    #[test]
    fn an_instrument_and_an_organization() {
        check(
            "//- seeds\n//- draft\nthe $0Arms Tr$0ade Treaty$0 matters",
            expect![[r#"
                *Arms Trade Treaty*
                Arms Trade Treaty (ATT)
                Instrument · Treaty
                The treaty regulating the international trade in conventional arms, from small arms to battle tanks, combat aircraft and warships.
                Adopted 2 April 2013 · Entered into force 24 December 2014
                Mentioned in 1 corpus statement: Kazakhstan (Mr. Sadykov)
                https://thearmstradetreaty.org
            "#]],
        );
        check(
            "and the I$0AEA.",
            expect![[r#"
                *IAEA*
                International Atomic Energy Agency (IAEA)
                Organization · UN-related organization
                The international organization that promotes the peaceful use of nuclear energy and verifies safeguards.
                Founded 29 July 1957
                https://www.iaea.org
            "#]],
        );
    }

    #[test]
    fn an_acronym_only_the_corpus_spells_out() {
        check(
            "//- corpus/a.txt\nMr. A (Freedonia): We welcome the Lake Victoria Fisheries Accord (LVFA) and its work.\n//- draft\nAs for the L$0VFA, we agree.",
            expect![[r#"
                *LVFA*
                Lake Victoria Fisheries Accord (LVFA)
                An acronym the corpus spells out; not in the gazetteer.
                Mentioned in 1 corpus statement: Freedonia (Mr. A)
            "#]],
        );
    }

    #[test]
    fn an_entity_states_only_the_data() {
        let g = crate::gazetteer::Gazetteer::parse(include_str!("../../tests/data/gazetteer_fixture.toml")).unwrap();
        let iaea = entity(g.get("org:iaea").unwrap());
        assert_eq!(
            render::markdown(&iaea),
            "**International Atomic Energy Agency (IAEA)**\n\nOrganization · UN-related organization\n\nThe international organization that promotes the peaceful use of nuclear energy and verifies safeguards.\n\nFounded 29 July 1957\n\n[https://www.iaea.org](https://www.iaea.org)"
        );
        assert!(iaea.facts.iter().all(|f| f.source == Source::Gazetteer));
        let att = render::plain(&entity(g.get("instrument:att").unwrap()));
        assert!(att.contains("Adopted 2 April 2013 · Entered into force 24 December 2014"), "{att}");
        let unodc = entity(g.get("unodc").unwrap());
        assert!(unodc.facts.iter().any(|f| f.label == Label::Founded && f.value == "1997"), "{unodc:?}");
        assert!(!unodc.facts.iter().any(|f| f.label == Label::Description), "{unodc:?}");
    }

    #[test]
    fn nothing_to_hover() {
        check("We $0agree.", expect!["(none)\n"]);
    }
}
