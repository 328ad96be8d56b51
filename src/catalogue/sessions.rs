//! Which session an old-style General Assembly number belongs to (`data/ga_sessions.tsv`).
//!
//! Until its 30th session (1975) the General Assembly numbered its resolutions consecutively
//! across sessions, writing the session after the number (`1966 (XVIII)`). The table gives,
//! per session, the lowest and highest number the UN Digital Library records for it: a
//! number in that range belongs to that session for certain. A number between two sessions'
//! ranges (session XIX, 1964–65, has no record at all; the 7th special session neither) is
//! not placed: nothing is said about it.

use super::GaSession;

/// One session's range of numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRange {
    pub session: GaSession,
    pub first: u32,
    pub last: u32,
    /// Dates of its first and last recorded resolutions (ISO).
    pub first_date: &'static str,
    pub last_date: &'static str,
}

/// The old-numbering sessions in number order.
#[derive(Debug, Default)]
pub struct Sessions {
    ranges: Vec<SessionRange>,
}

impl Sessions {
    /// Parse `data/ga_sessions.tsv`: session, lowest, highest, first date, last date.
    pub fn parse(tsv: &'static str) -> Result<Sessions, String> {
        let mut ranges: Vec<SessionRange> = Vec::with_capacity(48);
        for (i, line) in super::data_lines(tsv) {
            let f: Vec<&str> = line.split('\t').collect();
            let err = |what: &str| format!("ga_sessions.tsv line {}: {what}", i + 1);
            let [session, first, last, first_date, last_date] = f[..] else { return Err(err("expected 5 fields")) };
            let range = SessionRange {
                session: GaSession::parse(session).filter(|s| s.old_ga_numbering()).ok_or_else(|| err("bad session"))?,
                first: first.parse().map_err(|_| err("bad number"))?,
                last: last.parse().map_err(|_| err("bad number"))?,
                first_date,
                last_date,
            };
            if range.first > range.last || ranges.last().is_some_and(|p| p.last >= range.first) {
                return Err(err("ranges must rise and not overlap"));
            }
            ranges.push(range);
        }
        Ok(Sessions { ranges })
    }

    /// The session old-style number `number` belongs to for certain, if the data place it.
    pub fn of(&self, number: u32) -> Option<&SessionRange> {
        let i = self.ranges.partition_point(|r| r.last < number);
        self.ranges.get(i).filter(|r| r.first <= number)
    }

    /// Whether sessions `a` and `b` are at most two sessions apart (in the order the table
    /// lists them; a session the table lacks, such as XIX, counts by its number): the
    /// distance of a slip of the session, not of another body's numbering.
    pub fn near(&self, a: GaSession, b: GaSession) -> bool {
        if let (GaSession::Regular(x), GaSession::Regular(y)) = (a, b) {
            return x.abs_diff(y) <= 2;
        }
        let at = |s: GaSession| self.ranges.iter().position(|r| r.session == s);
        matches!((at(a), at(b)), (Some(x), Some(y)) if x.abs_diff(y) <= 2)
    }

    /// Whether `range` is the first session's.
    pub fn first(&self, range: &SessionRange) -> bool {
        self.ranges.first() == Some(range)
    }

    /// How far `number` lies outside `session`'s range (0 inside, `None` for a session the
    /// table lacks).
    pub fn distance(&self, session: GaSession, number: u32) -> Option<u32> {
        let r = self.ranges.iter().find(|r| r.session == session)?;
        Some(r.first.saturating_sub(number).max(number.saturating_sub(r.last)))
    }

    /// The highest old-style number recorded (3541, the 30th session's last).
    pub fn last_number(&self) -> u32 {
        self.ranges.last().map_or(0, |r| r.last)
    }

    pub fn all(&self) -> &[SessionRange] {
        &self.ranges
    }
}
