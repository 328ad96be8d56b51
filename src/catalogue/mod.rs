//! The resolution catalogue: every Security Council resolution; the General Assembly's
//! resolutions of every session the data cover, old numbering (`2625 (XXV)`) and new
//! (`70/1`), with the session of every old-style number; the Human Rights Council's and the
//! Economic and Social Council's resolutions the data know.
//!
//! The data are tab-separated files made by `scripts/build_catalogue.py` from the United
//! Nations' own records (see `NOTICE`): `data/sc_resolutions.tsv`, `data/resolutions.tsv`
//! (each fact with its source: the machine-readable resolution, the UN Digital Library, or
//! the date or title later resolutions agree on when they cite it) and
//! `data/ga_sessions.tsv`. They are compiled into the binary with `include_str!` and parsed
//! on first use into tables that borrow from the embedded text; a General Assembly, Human
//! Rights Council or ECOSOC row is read only as far as its key, its facts on access.
//!
//! The catalogue never invents: a field the data lacks is `None`, and a number past the
//! last entry is reported as [`ScLookup::BeyondCatalogue`], not as unknown.

mod cite;
mod record;
mod sessions;

#[cfg(test)]
mod tests;

use std::sync::OnceLock;

use crate::citation::Organ;

pub use cite::session_key;
pub use record::{FactSource, Resolution, Sourced};
pub use sessions::{SessionRange, Sessions};

const SC_TSV: &str = include_str!("../../data/sc_resolutions.tsv");
const RESOLUTIONS_TSV: &str = include_str!("../../data/resolutions.tsv");
const GA_SESSIONS_TSV: &str = include_str!("../../data/ga_sessions.tsv");

/// A Security Council resolution as the catalogue knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScResolution {
    pub number: u32,
    pub year: u16,
    /// Adoption date, ISO `YYYY-MM-DD`; `None` where the records do not give it.
    pub date: Option<&'static str>,
    /// Meeting record symbol (`S/PV.4956`) or the written-procedure note.
    pub meeting: Option<&'static str>,
    /// The agenda item under which it was adopted.
    pub topic: Option<&'static str>,
    /// The Dag Hammarskjöld Library's bracketed description (2020 onward only).
    pub note: Option<&'static str>,
    /// The vote, `yes-no-abstain` (`14-0-1`), where the records give it as a count.
    pub vote: Option<&'static str>,
}

/// A session designator: a regular session (`79`), a special session (`S-32`) or an
/// emergency special session (`ES-11`). Used for every organ but the Security Council (the
/// Economic and Social Council's `1996/31` has session `Regular(1996)`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum GaSession {
    Regular(u16),
    Special(u16),
    EmergencySpecial(u16),
}

impl GaSession {
    /// Parse `79`, `S-32`, `ES-11`, and the Roman forms of the old numbering `XXV`, `S-VI`,
    /// `ES-V`.
    pub fn parse(s: &str) -> Option<GaSession> {
        let n = |n: &str| n.parse().ok().or_else(|| crate::citation::from_roman(n).filter(|_| n.bytes().all(|b| b.is_ascii_uppercase())));
        if let Some(rest) = s.strip_prefix("ES-") {
            n(rest).map(GaSession::EmergencySpecial)
        } else if let Some(rest) = s.strip_prefix("S-") {
            n(rest).map(GaSession::Special)
        } else {
            n(s).map(GaSession::Regular)
        }
    }
}

impl std::fmt::Display for GaSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GaSession::Regular(n) => write!(f, "{n}"),
            GaSession::Special(n) => write!(f, "S-{n}"),
            GaSession::EmergencySpecial(n) => write!(f, "ES-{n}"),
        }
    }
}

/// Kept for callers that name the General Assembly's resolutions.
pub type GaResolution = Resolution;

/// What the catalogue says about a Security Council resolution number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScLookup<'a> {
    Found(&'a ScResolution),
    /// Numbered past the catalogue's last entry: it may exist, the data cannot tell.
    BeyondCatalogue {
        last: &'a ScResolution,
    },
    /// Zero: no such resolution.
    Invalid,
}

/// What the catalogue says about a General Assembly `session/number` or old-style
/// `number (SESSION)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GaLookup<'a> {
    Found(&'a Resolution),
    /// The session's numbering is complete in the data, and its last resolution is numbered
    /// lower.
    PastSessionEnd {
        last: u32,
    },
    /// An old-style number cited with a session it does not belong to, near the one the UN
    /// Digital Library's records place it in, `session` (`1966 (XVII)`: 1966 is a number of
    /// the XVIIIth session). `found` is the resolution when the catalogue holds it. A session
    /// far from the number's is another body's numbering and gives [`GaLookup::Gap`].
    OtherSession {
        session: GaSession,
        found: Option<&'a Resolution>,
    },
    /// The session is covered but this number is not in the data (a gap, or a session whose
    /// resolutions the data hold only in part): nothing can be said.
    Gap,
    /// The catalogue does not cover this session.
    NotCovered,
}

/// The bundled catalogue. Obtain it with [`Catalogue::bundled`].
#[derive(Debug)]
pub struct Catalogue {
    sc: Vec<ScResolution>,
    /// General Assembly, Human Rights Council and ECOSOC resolutions, by organ, session and
    /// number.
    resolutions: Vec<Resolution>,
    /// Where the General Assembly's rows are in `resolutions`.
    ga: std::ops::Range<usize>,
    sessions: Sessions,
    /// Regular General Assembly sessions whose numbering the data hold in full (so a higher
    /// number is an error).
    ga_complete: Option<(u16, u16)>,
}

impl Catalogue {
    /// The catalogue embedded in the binary, parsed once per process.
    pub fn bundled() -> &'static Catalogue {
        static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
        CATALOGUE.get_or_init(|| Catalogue::parse_bundled().expect("bundled catalogue is well-formed"))
    }

    /// Parse the embedded data afresh (what [`Catalogue::bundled`] does once; for benchmarks).
    pub fn parse_bundled() -> Result<Catalogue, String> {
        Catalogue::parse(SC_TSV, RESOLUTIONS_TSV, GA_SESSIONS_TSV)
    }

    /// Parse catalogue text in the format of the bundled files.
    pub fn parse(sc_tsv: &'static str, resolutions_tsv: &'static str, sessions_tsv: &'static str) -> Result<Catalogue, String> {
        let mut sc = Vec::with_capacity(3000);
        for (i, line) in data_lines(sc_tsv) {
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() != 7 {
                return Err(format!("sc_resolutions.tsv line {}: expected 7 fields", i + 1));
            }
            let number: u32 = f[0].parse().map_err(|_| format!("sc line {}: bad number", i + 1))?;
            if number as usize != sc.len() + 1 {
                return Err(format!("sc line {}: numbers must run 1, 2, 3, ...", i + 1));
            }
            sc.push(ScResolution {
                number,
                year: f[1].parse().map_err(|_| format!("sc line {}: bad year", i + 1))?,
                date: non_empty(f[2]),
                meeting: non_empty(f[3]),
                topic: non_empty(f[4]),
                note: non_empty(f[5]),
                vote: non_empty(f[6]),
            });
        }
        let mut resolutions: Vec<Resolution> = Vec::with_capacity(10_000);
        for (i, line) in data_lines(resolutions_tsv) {
            let err = |what: &str| format!("resolutions.tsv line {}: {what}", i + 1);
            let mut f = line.splitn(4, '\t');
            let (Some(organ), Some(session), Some(number), Some(rest)) = (f.next(), f.next(), f.next(), f.next()) else {
                return Err(err("too few fields"));
            };
            let organ = match organ {
                "GA" => Organ::GeneralAssembly,
                "HRC" => Organ::HumanRightsCouncil,
                "ECOSOC" => Organ::EconomicAndSocialCouncil,
                _ => return Err(err("bad organ")),
            };
            let r = Resolution::new(organ, GaSession::parse(session).ok_or_else(|| err("bad session"))?, number.parse().map_err(|_| err("bad number"))?, rest);
            if resolutions.last().is_some_and(|p| (p.organ, p.session, p.number) >= (r.organ, r.session, r.number)) {
                return Err(err("rows must be in organ, session, number order, once each"));
            }
            resolutions.push(r);
        }
        if let Some(r) = resolutions.first() {
            if r.rest_fields() != record::REST_FIELDS {
                return Err("resolutions.tsv: expected 11 fields".into());
            }
        }
        let start = resolutions.partition_point(|r| r.organ < Organ::GeneralAssembly);
        let end = resolutions.partition_point(|r| r.organ <= Organ::GeneralAssembly);
        let ga = &resolutions[start..end];
        // The machine-readable record holds whole sessions: those whose first resolution comes
        // from it are complete, but for the latest, which is still adopting resolutions.
        let mut complete = ga.iter().filter_map(|r| match r.session {
            GaSession::Regular(n) if r.number == 1 && r.date().is_some_and(|d| d.source == FactSource::Record) => Some(n),
            _ => None,
        });
        let ga_complete = complete.next().map(|first| (first, complete.next_back().unwrap_or(first).saturating_sub(1)));
        Ok(Catalogue { sc, resolutions, ga: start..end, sessions: Sessions::parse(sessions_tsv)?, ga_complete })
    }

    /// Every Security Council resolution, in number order.
    pub fn sc_all(&self) -> &[ScResolution] {
        &self.sc
    }

    /// Every General Assembly resolution the catalogue holds, by session then number.
    pub fn ga_all(&self) -> &[Resolution] {
        &self.resolutions[self.ga.clone()]
    }

    /// Every resolution of `organ` the catalogue holds (none for the Security Council: see
    /// [`Catalogue::sc_all`]).
    pub fn of_organ(&self, organ: Organ) -> &[Resolution] {
        let start = self.resolutions.partition_point(|r| r.organ < organ);
        let end = self.resolutions.partition_point(|r| r.organ <= organ);
        &self.resolutions[start..end]
    }

    /// The old-style General Assembly sessions and their numbers.
    pub fn ga_sessions(&self) -> &Sessions {
        &self.sessions
    }

    /// The last Security Council resolution in the catalogue.
    pub fn sc_last(&self) -> &ScResolution {
        self.sc.last().expect("catalogue is not empty")
    }

    /// Look up Security Council resolution `number`.
    pub fn sc(&self, number: u32) -> ScLookup<'_> {
        if number == 0 {
            return ScLookup::Invalid;
        }
        match self.sc.get(number as usize - 1) {
            Some(r) => ScLookup::Found(r),
            None => ScLookup::BeyondCatalogue { last: self.sc_last() },
        }
    }

    /// The Security Council resolution numbers adopted in `year`, if the catalogue has any.
    pub fn sc_numbers_in_year(&self, year: u16) -> Option<(u32, u32)> {
        let start = self.sc.partition_point(|r| r.year < year);
        let end = self.sc.partition_point(|r| r.year <= year);
        (start < end).then(|| (self.sc[start].number, self.sc[end - 1].number))
    }

    /// The resolutions of `organ`'s `session`.
    fn session(&self, organ: Organ, session: GaSession) -> &[Resolution] {
        let all = self.of_organ(organ);
        let start = all.partition_point(|r| r.session < session);
        let end = all.partition_point(|r| r.session <= session);
        &all[start..end]
    }

    /// Resolution `number` of `organ`'s `session`, if the catalogue holds it.
    pub fn resolution(&self, organ: Organ, session: GaSession, number: u32) -> Option<&Resolution> {
        let in_session = self.session(organ, session);
        in_session.binary_search_by_key(&number, |r| r.number).ok().map(|i| &in_session[i])
    }

    /// Look up General Assembly resolution `session/number` (or old-style `number (SESSION)`).
    pub fn ga(&self, session: GaSession, number: u32) -> GaLookup<'_> {
        if let Some(r) = self.resolution(Organ::GeneralAssembly, session, number) {
            return GaLookup::Found(r);
        }
        if session.old_ga_numbering() {
            return match self.sessions.of(number) {
                // Numbers of the first session (1-102) are the small numbers every body that
                // numbers its resolutions consecutively also uses (UNCTAD's `11 (II)`).
                Some(range) if range.session != session && self.sessions.near(session, range.session) && !self.sessions.first(range) => {
                    GaLookup::OtherSession { session: range.session, found: self.resolution(Organ::GeneralAssembly, range.session, number) }
                }
                // Far from the number's session: not a slip of the session but another
                // body's numbering (the Economic and Social Council's and the Trusteeship
                // Council's resolutions are also `N (ROMAN)`).
                Some(range) if range.session != session => GaLookup::Gap,
                Some(_) => GaLookup::Gap,
                None if self.session(Organ::GeneralAssembly, session).is_empty() => GaLookup::NotCovered,
                None => GaLookup::Gap,
            };
        }
        let in_session = self.session(Organ::GeneralAssembly, session);
        let Some(last) = in_session.last() else { return GaLookup::NotCovered };
        match (session, self.ga_complete) {
            (GaSession::Regular(n), Some((lo, hi))) if (lo..=hi).contains(&n) && number > last.number => GaLookup::PastSessionEnd { last: last.number },
            _ => GaLookup::Gap,
        }
    }

    /// The regular General Assembly sessions under the new numbering (31 onward) the
    /// catalogue covers, lowest and highest.
    pub fn ga_regular_sessions(&self) -> Option<(u16, u16)> {
        let mut it = self.ga_all().iter().filter_map(|r| match r.session {
            GaSession::Regular(n) if n > 30 => Some(n),
            _ => None,
        });
        let first = it.next()?;
        Some(it.fold((first, first), |(lo, hi), n| (lo.min(n), hi.max(n))))
    }

    /// The regular General Assembly sessions whose numbering the data hold in full.
    pub fn ga_complete_sessions(&self) -> Option<(u16, u16)> {
        self.ga_complete
    }
}

fn data_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines().enumerate().filter(|(_, l)| !l.is_empty() && !l.starts_with('#'))
}

fn non_empty(s: &str) -> Option<&str> {
    (!s.is_empty()).then_some(s)
}
