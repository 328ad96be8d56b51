//! The resolution catalogue: every Security Council resolution and the General Assembly
//! resolutions of the sessions the bundled data covers.
//!
//! The data are the tab-separated files `data/sc_resolutions.tsv` and
//! `data/ga_resolutions.tsv` (made by `scripts/build_catalogue.py` from the United Nations'
//! own records; see `NOTICE`). They are compiled into the binary with `include_str!` and
//! parsed on first use into tables that borrow from the embedded text, so loading costs one
//! pass over ~470 kB and no copies.
//!
//! The catalogue never invents: a field the data lacks is `None`, and a number past the
//! last entry is reported as [`ScLookup::BeyondCatalogue`], not as unknown.

use std::sync::OnceLock;

const SC_TSV: &str = include_str!("../../data/sc_resolutions.tsv");
const GA_TSV: &str = include_str!("../../data/ga_resolutions.tsv");

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
}

/// A General Assembly session designator: a regular session (`79`), a special session
/// (`S-32`) or an emergency special session (`ES-11`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum GaSession {
    Regular(u16),
    Special(u16),
    EmergencySpecial(u16),
}

impl GaSession {
    /// Parse `79`, `S-32`, `ES-11`.
    pub fn parse(s: &str) -> Option<GaSession> {
        if let Some(n) = s.strip_prefix("ES-") {
            n.parse().ok().map(GaSession::EmergencySpecial)
        } else if let Some(n) = s.strip_prefix("S-") {
            n.parse().ok().map(GaSession::Special)
        } else {
            s.parse().ok().map(GaSession::Regular)
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

/// A General Assembly resolution as the catalogue knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GaResolution {
    pub session: GaSession,
    pub number: u32,
    /// Parts adopted under one number (`A-B`), empty when none.
    pub parts: &'static str,
    pub date: Option<&'static str>,
    pub meeting: Option<&'static str>,
    pub title: Option<&'static str>,
}

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

/// What the catalogue says about a General Assembly `session/number`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GaLookup<'a> {
    Found(&'a GaResolution),
    /// The session is covered and complete, and its last resolution is numbered lower.
    PastSessionEnd {
        last: u32,
    },
    /// The session is covered but this number is not in the data (a gap, or the session's
    /// latest resolutions): nothing can be said.
    Gap,
    /// The catalogue does not cover this session.
    NotCovered,
}

/// The bundled catalogue. Obtain it with [`Catalogue::bundled`].
#[derive(Debug)]
pub struct Catalogue {
    sc: Vec<ScResolution>,
    ga: Vec<GaResolution>,
    /// Regular sessions whose numbering the data hold in full (so a higher number is an error).
    ga_complete_through: u16,
}

impl Catalogue {
    /// The catalogue embedded in the binary, parsed once per process.
    pub fn bundled() -> &'static Catalogue {
        static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
        CATALOGUE.get_or_init(|| Catalogue::parse(SC_TSV, GA_TSV).expect("bundled catalogue is well-formed"))
    }

    /// Parse catalogue text in the format of the bundled files.
    pub fn parse(sc_tsv: &'static str, ga_tsv: &'static str) -> Result<Catalogue, String> {
        let mut sc = Vec::with_capacity(3000);
        for (i, line) in data_lines(sc_tsv) {
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() != 6 {
                return Err(format!("sc_resolutions.tsv line {}: expected 6 fields", i + 1));
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
            });
        }
        let mut ga = Vec::with_capacity(2500);
        for (i, line) in data_lines(ga_tsv) {
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() != 6 {
                return Err(format!("ga_resolutions.tsv line {}: expected 6 fields", i + 1));
            }
            ga.push(GaResolution {
                session: GaSession::parse(f[0]).ok_or_else(|| format!("ga line {}: bad session", i + 1))?,
                number: f[1].parse().map_err(|_| format!("ga line {}: bad number", i + 1))?,
                parts: f[2],
                date: non_empty(f[3]),
                meeting: non_empty(f[4]),
                title: non_empty(f[5]),
            });
        }
        ga.sort_by_key(|r| (r.session, r.number));
        let last_session = ga
            .iter()
            .filter_map(|r| match r.session {
                GaSession::Regular(n) => Some(n),
                _ => None,
            })
            .max()
            .unwrap_or(0);
        Ok(Catalogue {
            sc,
            ga,
            // The latest session is still adopting resolutions: only earlier ones are complete.
            ga_complete_through: last_session.saturating_sub(1),
        })
    }

    /// Every Security Council resolution, in number order.
    pub fn sc_all(&self) -> &[ScResolution] {
        &self.sc
    }

    /// Every General Assembly resolution the catalogue holds, by session then number.
    pub fn ga_all(&self) -> &[GaResolution] {
        &self.ga
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

    /// Look up General Assembly resolution `session/number`.
    pub fn ga(&self, session: GaSession, number: u32) -> GaLookup<'_> {
        let start = self.ga.partition_point(|r| r.session < session);
        let end = self.ga.partition_point(|r| r.session <= session);
        let in_session = &self.ga[start..end];
        if in_session.is_empty() {
            return GaLookup::NotCovered;
        }
        if let Ok(i) = in_session.binary_search_by_key(&number, |r| r.number) {
            return GaLookup::Found(&in_session[i]);
        }
        let last = in_session.last().map(|r| r.number).unwrap_or(0);
        match session {
            GaSession::Regular(n) if n <= self.ga_complete_through && number > last => GaLookup::PastSessionEnd { last },
            _ => GaLookup::Gap,
        }
    }

    /// The regular General Assembly sessions the catalogue covers, lowest and highest.
    pub fn ga_regular_sessions(&self) -> Option<(u16, u16)> {
        let mut it = self.ga.iter().filter_map(|r| match r.session {
            GaSession::Regular(n) => Some(n),
            _ => None,
        });
        let first = it.next()?;
        Some(it.fold((first, first), |(lo, hi), n| (lo.min(n), hi.max(n))))
    }
}

fn data_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines().enumerate().filter(|(_, l)| !l.is_empty() && !l.starts_with('#'))
}

fn non_empty(s: &str) -> Option<&str> {
    (!s.is_empty()).then_some(s)
}

#[cfg(test)]
mod tests {
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

    #[test]
    fn general_assembly_lookup() {
        let c = Catalogue::bundled();
        match c.ga(GaSession::Regular(74), 92) {
            GaLookup::Found(r) => assert_eq!(r.parts, "A-B"),
            other => panic!("{other:?}"),
        }
        assert_eq!(c.ga(GaSession::Regular(79), 999), GaLookup::PastSessionEnd { last: 334 });
        assert_eq!(c.ga(GaSession::Regular(80), 999), GaLookup::Gap, "the latest session is open");
        assert_eq!(c.ga(GaSession::Regular(70), 1), GaLookup::NotCovered);
        assert_eq!(c.ga_regular_sessions(), Some((74, 80)));
        assert!(matches!(c.ga(GaSession::EmergencySpecial(11), 1), GaLookup::Found(_)));
    }
}
