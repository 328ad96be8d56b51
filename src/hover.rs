//! Data shared by hover and the corpus index: what the corpus knows about a key
//! ([`CorpusFacts`]) and a citation's undocs.org link. The hover itself is built in
//! [`crate::analysis::hover`] and written out in [`crate::analysis::render`].

use serde::{Deserialize, Serialize};

use crate::catalogue::{Catalogue, ScLookup};
use crate::citation::{to_roman, Citation, Dating, Kind, Number, Organ};

/// What the corpus knows about a citation's key, gathered by the corpus index.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorpusFacts {
    /// Number of corpus statements that cite it.
    pub statements: usize,
    /// Who cites it (`Kazakhstan (Mr. Umarov)`), the earliest first, a few at most.
    pub cited_by: Vec<String>,
    /// What a statement says it is: the words around its first mention.
    pub described_as: Option<String>,
}

/// The undocs.org link for a citation, where one exists. A Security Council resolution
/// links with the year the catalogue records, so a citation with a wrong year still links
/// the resolution it names (undocs.org has no `S/RES/1540(2005)`).
pub fn undocs_link(c: &Citation) -> Option<String> {
    let symbol = match (&c.kind, &c.number) {
        (Kind::Resolution(Organ::SecurityCouncil), Some(Number::Plain { value, .. })) => {
            let year = match (Catalogue::bundled().sc(*value), &c.dating) {
                (ScLookup::Found(r), _) => format!("({})", r.year),
                (_, Dating::Year { value: y, .. }) => format!("({y})"),
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
        (Kind::Resolution(Organ::EconomicAndSocialCouncil), Some(Number::Sessional { session, value, .. })) => format!("E/RES/{session}/{value}"),
        (Kind::Resolution(_), _) => return None,
        _ => c.symbol.as_ref()?.canonical.clone(),
    };
    Some(format!("https://undocs.org/{}", symbol.replace(' ', "")))
}
