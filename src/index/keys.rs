//! The key scheme shared by the index, the gazetteer and search (see `API.md`): citation
//! keys as [`crate::citation::Citation::key`] gives them, `org:<id>` / `instrument:<id>`
//! for gazetteer entities, `defined:<ACRONYM>` for acronyms only the corpus defines.

use crate::citation::Kind;
use crate::gazetteer::EntityKind;

/// What a key names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyKind {
    Citation(Kind),
    Entity(EntityKind),
    Defined,
}

impl KeyKind {
    /// A stable lower-case name: the citation kind's (`sc-resolution`, `document`, ...),
    /// `organization`, `instrument`, `defined`.
    pub fn name(self) -> &'static str {
        match self {
            KeyKind::Citation(k) => k.name(),
            KeyKind::Entity(k) => k.name(),
            KeyKind::Defined => "defined",
        }
    }
}

/// The prefix of keys of corpus-defined acronyms.
pub const DEFINED_PREFIX: &str = "defined:";

/// `defined:GTRI`.
pub fn defined_key(acronym: &str) -> String {
    format!("{DEFINED_PREFIX}{acronym}")
}

/// How a mention names its entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// A citation found by the citation grammar.
    Citation,
    /// The entity's full name.
    Name,
    /// Another name of it.
    Alias,
    /// Its acronym.
    Acronym,
    /// `Full Name (ACR)`: where the statement spells the acronym out.
    Definition,
}

impl Role {
    pub fn name(self) -> &'static str {
        match self {
            Role::Citation => "citation",
            Role::Name => "name",
            Role::Alias => "alias",
            Role::Acronym => "acronym",
            Role::Definition => "definition",
        }
    }
}
