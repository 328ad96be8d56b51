//! A resolution of the General Assembly, the Human Rights Council or the Economic and Social
//! Council as `data/resolutions.tsv` records it: a row whose facts are read on access, each
//! with the source it came from.

use super::GaSession;
use crate::citation::{to_roman, Organ};

/// Where a fact in `data/resolutions.tsv` came from (see `scripts/build_catalogue.py` for
/// the precedence).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FactSource {
    /// The United Nations' machine-readable resolution itself (DGACM, AKN4UN XML).
    Record,
    /// The UN Digital Library's record of the resolution (voting collection).
    Library,
    /// What this many later resolutions agree on when they cite it (never fewer than two).
    Citers(u32),
}

impl FactSource {
    fn parse(s: &str) -> Option<FactSource> {
        match s {
            "X" => Some(FactSource::Record),
            "L" => Some(FactSource::Library),
            _ => s.strip_prefix('C')?.parse().ok().filter(|&n| n >= 2).map(FactSource::Citers),
        }
    }
}

/// One fact and its source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sourced<T> {
    pub value: T,
    pub source: FactSource,
}

/// A resolution of the General Assembly, the Human Rights Council or the Economic and Social
/// Council. The session is a [`GaSession`] for every organ: the Human Rights Council's
/// special sessions are `Special`, the Economic and Social Council's `1996/31` has session
/// `Regular(1996)` and its old `1296 (XLIV)` has `Regular(44)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolution {
    pub organ: Organ,
    pub session: GaSession,
    pub number: u32,
    /// The row's fields after the number: parts, date, date source, meeting, title, title
    /// source, citers, another date (read on access, so loading the catalogue reads only the keys).
    rest: &'static str,
}

/// The columns of `rest`.
const PARTS: usize = 0;
const DATE: usize = 1;
const DATE_SOURCE: usize = 2;
const MEETING: usize = 3;
const TITLE: usize = 4;
const TITLE_SOURCE: usize = 5;
const CITERS: usize = 6;
const DATE_ALSO: usize = 7;
pub(super) const REST_FIELDS: usize = 8;

impl Resolution {
    pub(super) fn new(organ: Organ, session: GaSession, number: u32, rest: &'static str) -> Resolution {
        Resolution { organ, session, number, rest }
    }

    fn field(&self, i: usize) -> &'static str {
        self.rest.split('\t').nth(i).unwrap_or("")
    }

    fn sourced(&self, value: usize, source: usize) -> Option<Sourced<&'static str>> {
        let v = self.field(value);
        if v.is_empty() {
            return None;
        }
        Some(Sourced { value: v, source: FactSource::parse(self.field(source))? })
    }

    /// Whether the organ numbered it the old way: the General Assembly's consecutive numbers
    /// with a Roman session before its 31st session (`2625 (XXV)`), the Economic and Social
    /// Council's before 1978 (`1296 (XLIV)`).
    pub fn old_numbering(&self) -> bool {
        match self.organ {
            Organ::GeneralAssembly => self.session.old_ga_numbering(),
            Organ::EconomicAndSocialCouncil => matches!(self.session, GaSession::Regular(n) if n < 1946),
            _ => false,
        }
    }

    /// The number as it is cited: `70/1`, `2625 (XXV)`, `3201 (S-VI)`, `5/1`, `S-29/1`,
    /// `1996/31`, `1296 (XLIV)`.
    pub fn cited(&self) -> String {
        if self.old_numbering() {
            format!("{} ({})", self.number, self.session.roman())
        } else {
            format!("{}/{}", self.session, self.number)
        }
    }

    /// The UN document symbol: `A/RES/70/1`, `A/RES/2625 (XXV)`, `A/HRC/RES/5/1`,
    /// `E/RES/1996/31`, `E/RES/1296 (XLIV)`.
    pub fn symbol(&self) -> String {
        let prefix = match self.organ {
            Organ::GeneralAssembly => "A/RES/",
            Organ::HumanRightsCouncil => "A/HRC/RES/",
            Organ::EconomicAndSocialCouncil => "E/RES/",
            Organ::SecurityCouncil => "S/RES/",
        };
        format!("{prefix}{}", self.cited())
    }

    /// Parts adopted under one number (`A-B`), empty when none.
    pub fn parts(&self) -> &'static str {
        self.field(PARTS)
    }

    /// Adoption date, ISO `YYYY-MM-DD`, with its source.
    pub fn date(&self) -> Option<Sourced<&'static str>> {
        self.sourced(DATE, DATE_SOURCE)
    }

    /// The meeting that adopted it (`A/70/PV.4`), where the record gives it.
    pub fn meeting(&self) -> Option<&'static str> {
        Some(self.field(MEETING)).filter(|m| !m.is_empty())
    }

    /// The title, with its source.
    pub fn title(&self) -> Option<Sourced<&'static str>> {
        self.sourced(TITLE, TITLE_SOURCE)
    }

    /// Another adoption date a lower-precedence source gives (the citing resolutions against
    /// the UN Digital Library's record), with its source: the sources disagree.
    pub fn date_also(&self) -> Option<Sourced<&'static str>> {
        let (value, source) = self.field(DATE_ALSO).split_once(' ')?;
        Some(Sourced { value, source: FactSource::parse(source)? })
    }

    /// How many resolutions in the texts the data hold (General Assembly sessions 74–80,
    /// Security Council 2000–2026) cite it.
    pub fn citers(&self) -> u32 {
        self.field(CITERS).parse().unwrap_or(0)
    }
}

impl GaSession {
    /// Whether a General Assembly session numbered its resolutions consecutively (until the
    /// 30th regular, the 7th special and the 5th emergency special session).
    pub fn old_ga_numbering(self) -> bool {
        match self {
            GaSession::Regular(n) => n <= 30,
            GaSession::Special(n) => n <= 7,
            GaSession::EmergencySpecial(n) => n <= 5,
        }
    }

    /// The session in Roman figures, as old-style numbers cite it: `XXV`, `S-VI`, `ES-V`.
    pub fn roman(self) -> String {
        match self {
            GaSession::Regular(n) => to_roman(n),
            GaSession::Special(n) => format!("S-{}", to_roman(n)),
            GaSession::EmergencySpecial(n) => format!("ES-{}", to_roman(n)),
        }
    }
}

impl Resolution {
    /// The number of fields after the number (for the loader's format check).
    pub(super) fn rest_fields(&self) -> usize {
        self.rest.split('\t').count()
    }
}
