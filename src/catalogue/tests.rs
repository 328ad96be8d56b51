//! Table tests of the catalogue: each source of facts, its precedence, and the citing-text
//! slips that must not become facts.

use super::*;

#[test]
fn known_security_council_dates() {
    let c = Catalogue::bundled();
    let r = |n| match c.sc(n) {
        ScLookup::Found(r) => r.clone(),
        other => panic!("{n}: {other:?}"),
    };
    assert_eq!(r(1).date, Some("1946-01-25"));
    assert_eq!(r(242).year, 1967);
    assert_eq!(r(1540).date, Some("2004-04-28"));
    assert_eq!(r(1540).topic, Some("Non-proliferation of weapons of mass destruction"));
    assert_eq!(r(2325).date, Some("2016-12-15"));
    assert_eq!((r(2334).vote, r(678).vote, r(2231).vote), (Some("14-0-1"), Some("12-2-1"), Some("15-0-0")));
    assert_eq!(c.sc_last().number, 2825);
    assert!(matches!(c.sc(2826), ScLookup::BeyondCatalogue { last } if last.number == 2825));
    assert_eq!(c.sc(0), ScLookup::Invalid);
}

#[test]
fn years_partition_the_numbers() {
    let c = Catalogue::bundled();
    assert_eq!(c.sc_numbers_in_year(1946), Some((1, 15)));
    assert_eq!(c.sc_numbers_in_year(2004).map(|r| r.0 <= 1540 && 1540 <= r.1), Some(true));
    assert_eq!(c.sc_numbers_in_year(1900), None);
}

fn ga(session: &str, number: u32) -> &'static Resolution {
    match Catalogue::bundled().ga(GaSession::parse(session).unwrap(), number) {
        GaLookup::Found(r) => r,
        other => panic!("{session} {number}: {other:?}"),
    }
}

fn fact(f: Option<Sourced<&'static str>>) -> Option<(&'static str, FactSource)> {
    f.map(|f| (f.value, f.source))
}

#[test]
fn general_assembly_lookup() {
    let c = Catalogue::bundled();
    assert_eq!(ga("74", 92).parts(), "A-B");
    assert_eq!(c.ga(GaSession::Regular(79), 999), GaLookup::PastSessionEnd { last: 334 });
    assert_eq!(c.ga(GaSession::Regular(80), 999), GaLookup::Gap, "the latest session is open");
    assert_eq!(c.ga_complete_sessions(), Some((74, 79)));
    assert_eq!(c.ga(GaSession::Regular(70), 9999), GaLookup::Gap, "session 70 is held only in part");
    assert_eq!(c.ga(GaSession::Regular(99), 1), GaLookup::NotCovered);
    assert_eq!(c.ga_regular_sessions(), Some((31, 80)));
    assert!(matches!(c.ga(GaSession::EmergencySpecial(11), 1), GaLookup::Found(_)));
}

/// Each source, in precedence order: the machine-readable record, the UN Digital Library,
/// then what the citing resolutions agree on.
#[test]
fn facts_keep_their_source() {
    // The record (sessions 74-80).
    let r = ga("79", 1);
    assert_eq!(fact(r.title()), Some(("The Pact for the Future", FactSource::Record)));
    assert_eq!(fact(r.date()), Some(("2024-09-22", FactSource::Record)));
    assert_eq!(r.meeting(), Some("A/79/PV.3"));
    // The UN Digital Library: old numbering, parts, the catalogue suffix stripped.
    let udhr = ga("III", 217);
    assert_eq!(udhr.cited(), "217 (III)");
    assert_eq!(udhr.parts(), "A-E");
    assert_eq!(fact(udhr.date()), Some(("1948-12-10", FactSource::Library)));
    assert_eq!(fact(udhr.title()), Some(("International Bill of Human Rights : Universal Declaration of Human Rights", FactSource::Library)));
    assert_eq!(fact(ga("XV", 1514).date()), Some(("1960-12-14", FactSource::Library)));
    // Adopted without a vote, so absent from the Library: dated by the resolutions citing it.
    let agenda = ga("70", 1);
    assert_eq!(fact(agenda.date()), Some(("2015-09-25", FactSource::Citers(475))));
    assert_eq!(fact(agenda.title()), Some(("Transforming our world: the 2030 Agenda for Sustainable Development", FactSource::Citers(453))));
    assert_eq!(agenda.citers(), 478);
    assert_eq!(agenda.meeting(), None);
    let friendly = ga("XXV", 2625);
    assert_eq!(friendly.cited(), "2625 (XXV)");
    assert_eq!(fact(friendly.date()), Some(("1970-10-24", FactSource::Citers(46))));
    assert_eq!(friendly.symbol(), "A/RES/2625 (XXV)");
    assert_eq!(fact(ga("XXIX", 3314).date()), Some(("1974-12-14", FactSource::Citers(11))));
    assert_eq!(fact(ga("60", 1).date()), Some(("2005-09-16", FactSource::Citers(28))));
    // Cited by eight later resolutions, past the last one the record holds.
    assert_eq!(fact(ga("78", 330).date()), Some(("2024-09-06", FactSource::Citers(8))));
    // The Library and the citers disagree: both are kept, the Library's first.
    let idp = ga("62", 249);
    assert_eq!(fact(idp.date()), Some(("2008-04-15", FactSource::Library)));
    assert_eq!(fact(idp.date_also()).map(|d| d.0), Some("2008-05-15"));
    assert_eq!(agenda.date_also(), None);
    // The record wins over the citers (74/45 and 74/54 are swapped in some citing texts).
    assert_eq!(fact(ga("74", 45).date()).map(|d| d.1), Some(FactSource::Record));
}

/// Slips in the citing texts that must not become facts.
#[test]
fn citing_text_slips_are_not_facts() {
    // `24 December 2107` (three citers) beside the right date (four).
    assert_eq!(fact(ga("72", 256).date()), Some(("2017-12-24", FactSource::Citers(4))));
    // Another body's resolution 72/7 of 19 May 2016 (seven citers) cannot be the General
    // Assembly's: its 72nd session opened in September 2017. The three that agree on a date
    // in the session win.
    assert_eq!(fact(ga("72", 7).date()), Some(("2017-11-17", FactSource::Citers(3))));
    // `1995` for 1955, one citer against 87.
    assert_eq!(fact(ga("X", 973).date()), Some(("1955-12-15", FactSource::Citers(87))));
    // A date only one citing resolution gives is no fact; nor is one that another date ties.
    assert_eq!(ga("31", 93).date(), None);
    // HRC 5/1 is dated only in lists (`resolutions 5/1 and 5/2 of 18 June 2007`), which
    // are not attributed to each item: known, cited, not dated.
    let ib = Catalogue::bundled().resolution(Organ::HumanRightsCouncil, GaSession::Regular(5), 1).expect("HRC 5/1");
    assert_eq!((ib.date(), ib.citers()), (None, 11));
}

#[test]
fn human_rights_council_and_ecosoc() {
    let c = Catalogue::bundled();
    let hrc = |s: &str, n| c.resolution(Organ::HumanRightsCouncil, GaSession::parse(s).unwrap(), n).unwrap();
    assert_eq!(fact(hrc("5", 2).date()), Some(("2007-06-18", FactSource::Citers(4))));
    assert_eq!(hrc("S-29", 1).cited(), "S-29/1");
    assert_eq!(hrc("5", 2).symbol(), "A/HRC/RES/5/2");
    let ecosoc = |s: &str, n| c.resolution(Organ::EconomicAndSocialCouncil, GaSession::parse(s).unwrap(), n).unwrap();
    assert_eq!(fact(ecosoc("1996", 31).date()), Some(("1996-07-25", FactSource::Citers(10))));
    assert_eq!(ecosoc("1996", 31).symbol(), "E/RES/1996/31");
    // The Council's old numbering.
    let old = ecosoc("VII", 155);
    assert_eq!((old.cited().as_str(), old.parts()), ("155 (VII)", "C"));
    assert!(c.of_organ(Organ::HumanRightsCouncil).len() > 300);
    assert!(c.of_organ(Organ::EconomicAndSocialCouncil).iter().all(|r| r.organ == Organ::EconomicAndSocialCouncil));
    assert!(c.of_organ(Organ::SecurityCouncil).is_empty());
}

#[test]
fn old_numbers_belong_to_one_session() {
    let c = Catalogue::bundled();
    let s = c.ga_sessions();
    assert_eq!(s.of(1966).map(|r| r.session), Some(GaSession::Regular(18)));
    assert_eq!(s.of(2625).map(|r| r.session), Some(GaSession::Regular(25)));
    assert_eq!(s.of(1), Some(&s.all()[0]));
    assert_eq!(s.of(3200).map(|r| r.session), Some(GaSession::Special(6)));
    // Session XIX has no record: its numbers are placed nowhere.
    assert_eq!(s.of(2000), None);
    assert_eq!(s.of(3542), None);
    assert_eq!(s.last_number(), 3541);
    // `1966 (XVII)`: 1966 is a number of the XVIIIth session.
    assert!(matches!(c.ga(GaSession::Regular(17), 1966), GaLookup::OtherSession { session: GaSession::Regular(18), .. }));
    // Far from the number's session: another body's numbering (ECOSOC 280 (XI) of 1950).
    assert_eq!(c.ga(GaSession::Regular(11), 280), GaLookup::Gap);
    assert!(s.near(GaSession::Regular(17), GaSession::Regular(19)) && !s.near(GaSession::Regular(4), GaSession::Regular(11)));
    // A number of the first session with another: another body's small number (UNCTAD).
    assert_eq!(c.ga(GaSession::Regular(2), 11), GaLookup::Gap);
    assert!(matches!(c.ga(GaSession::Regular(3), 181), GaLookup::OtherSession { .. }));
    assert_eq!((s.distance(GaSession::Regular(17), 1884), s.distance(GaSession::Regular(18), 1884)), (Some(13), Some(0)));
    // A number of the right session the data lack: nothing to say.
    assert!(c.ga(GaSession::Regular(25), 2622).is_found_or_gap());
    // `3201 (S-VI)` lies between two sessions' recorded ranges: not placed, not an error.
    assert!(!matches!(c.ga(GaSession::Special(6), 3201), GaLookup::OtherSession { .. }));
}

#[test]
fn sessions_parse_in_both_numberings() {
    assert_eq!(GaSession::parse("XXV"), Some(GaSession::Regular(25)));
    assert_eq!(GaSession::parse("S-VI"), Some(GaSession::Special(6)));
    assert_eq!(GaSession::parse("ES-V"), Some(GaSession::EmergencySpecial(5)));
    assert_eq!(GaSession::parse("ES-11"), Some(GaSession::EmergencySpecial(11)));
    assert_eq!(GaSession::parse("xxv"), None);
    assert_eq!(GaSession::parse("IIII"), None);
    assert_eq!(GaSession::Regular(25).roman(), "XXV");
    assert!(GaSession::Special(7).old_ga_numbering() && !GaSession::Special(8).old_ga_numbering());
}

#[test]
fn malformed_data_is_an_error() {
    let sc = "1\t1946\t1946-01-25\tS/PV.2\tx\t\t11-0-0\n";
    let sessions = "I\t1\t102\t1946-01-24\t1946-12-15\n";
    let row = |k: &str| format!("{k}\t\t2015-09-25\tC3\t\tT\tC2\t5\t\n");
    assert!(Catalogue::parse(sc, Box::leak(row("GA\t70\t1").into_boxed_str()), sessions).is_ok());
    for bad in ["WHO\t70\t1", "GA\tseventy\t1", "GA\t70\tone"] {
        assert!(Catalogue::parse(sc, Box::leak(row(bad).into_boxed_str()), sessions).is_err(), "{bad}");
    }
    let unordered: &'static str = Box::leak(format!("{}{}", row("GA\t70\t2"), row("GA\t70\t1")).into_boxed_str());
    assert!(Catalogue::parse(sc, unordered, sessions).is_err());
    assert!(Catalogue::parse(sc, "GA\t70\t1\tonly\n", sessions).is_err());
    assert!(Catalogue::parse(sc, "", "I\t5\t1\t\t\n").is_err());
    // A lone citer is never a source.
    let lone: &'static str = "GA\t70\t1\t\t2015-09-25\tC1\t\t\t\t1\t\n";
    let c = Catalogue::parse(sc, lone, sessions).unwrap();
    assert_eq!(c.resolution(Organ::GeneralAssembly, GaSession::Regular(70), 1).unwrap().date(), None);
}

impl GaLookup<'_> {
    fn is_found_or_gap(&self) -> bool {
        matches!(self, GaLookup::Found(_) | GaLookup::Gap)
    }
}
