//! Where a scanned citation points in the catalogue: its organ, session and number.

use super::GaSession;
use crate::citation::{Citation, Dating, Kind, Number, Organ};

/// The catalogue key of a citation of a General Assembly, Human Rights Council or Economic
/// and Social Council resolution: `70/1`, `2625 (XXV)`, `3201 (S-VI)`, `5/1`, `1996/31`,
/// `1296 (XLIV)`. `None` for the Security Council (numbered alone), documents, and numbers
/// cited without their session.
pub fn session_key(c: &Citation) -> Option<(Organ, GaSession, u32)> {
    let Kind::Resolution(organ) = c.kind else { return None };
    if organ == Organ::SecurityCouncil {
        return None;
    }
    match (&c.number, &c.dating) {
        (Some(Number::Sessional { session, value, .. }), _) => Some((organ, GaSession::parse(session)?, *value)),
        (Some(Number::Plain { value, .. }), Dating::Session { value: s, special, .. }) => {
            let session = match *special {
                None => GaSession::Regular(*s),
                Some("S") => GaSession::Special(*s),
                Some("ES") => GaSession::EmergencySpecial(*s),
                Some(_) => return None,
            };
            Some((organ, session, *value))
        }
        _ => None,
    }
}
