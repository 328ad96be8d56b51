//! The gazetteer: the instruments and organizations statements cite, with their names,
//! acronyms, aliases, one-line descriptions, key dates and official links.
//!
//! The data are `data/gazetteer.toml` (one `[[entity]]` table per entry; schema below),
//! compiled into the binary and parsed on first use by [`Gazetteer::bundled`]. This module
//! loads and validates them, finds their names in a text ([`Gazetteer::find`], whole words,
//! across line breaks and line-end hyphens), expands acronyms for the rules
//! ([`crate::rules::KnownAcronyms`]). Hover about an entity is built from these data in
//! [`crate::analysis::hover::entity`].
//!
//! Schema of an entry: `id`, `kind` (`"organization"` | `"instrument"`), `category`, `name`,
//! `acronyms` [..], `aliases` [..], `description`, `founded` / `adopted` /
//! `entry_into_force` (`"YYYY-MM-DD"`, `"YYYY-MM"` or `"YYYY"`), `link`, `well_known`
//! (default false). Unknown fields are ignored.
//!
//! Keys: an entity's [`Entity::key`] is `org:<id>` or `instrument:<id>` (an id that already
//! holds a `:` is kept as it is); the corpus index uses the same keys.

mod matcher;
pub mod normalize;

use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use serde::Deserialize;

pub use matcher::Form;
use matcher::Matcher;
use normalize::Normalized;

/// The bundled data: `data/gazetteer.toml` (coverage measured by `scripts/gazetteer_coverage.py`).
const BUNDLED_TOML: &str = include_str!("../../data/gazetteer.toml");

/// What an entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    Organization,
    Instrument,
}

impl EntityKind {
    /// `organization` / `instrument`.
    pub fn name(self) -> &'static str {
        match self {
            EntityKind::Organization => "organization",
            EntityKind::Instrument => "instrument",
        }
    }

    /// The prefix of keys: `org` / `instrument`.
    pub fn key_prefix(self) -> &'static str {
        match self {
            EntityKind::Organization => "org",
            EntityKind::Instrument => "instrument",
        }
    }
}

/// One instrument or organization.
#[derive(Debug, Clone, Deserialize)]
pub struct Entity {
    pub id: String,
    pub kind: EntityKind,
    #[serde(default)]
    pub category: String,
    pub name: String,
    #[serde(default)]
    pub acronyms: Vec<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "date_field")]
    pub founded: Option<String>,
    #[serde(default, deserialize_with = "date_field")]
    pub adopted: Option<String>,
    #[serde(default, deserialize_with = "date_field")]
    pub entry_into_force: Option<String>,
    #[serde(default)]
    pub link: Option<String>,
    /// Used without being spelled out (`UN`, `NATO`): the acronym rule lets it pass.
    #[serde(default)]
    pub well_known: bool,
    /// `org:<id>` / `instrument:<id>`: filled in on load.
    #[serde(skip)]
    pub key: String,
}

/// A date as TOML may hold it: a string, a bare TOML date, or a year as an integer.
fn date_field<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let v = toml::Value::deserialize(d)?;
    let s = match v {
        toml::Value::String(s) => s,
        toml::Value::Datetime(dt) => dt.to_string(),
        toml::Value::Integer(y) => y.to_string(),
        other => return Err(serde::de::Error::custom(format!("a date must be \"YYYY-MM-DD\" or \"YYYY\", not {other}"))),
    };
    if is_date(&s) {
        Ok(Some(s))
    } else {
        Err(serde::de::Error::custom(format!("{s:?} is not a date of the form \"YYYY-MM-DD\", \"YYYY-MM\" or \"YYYY\"")))
    }
}

fn is_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
    match parts.as_slice() {
        [y] => digits(y, 4),
        [y, m] => digits(y, 4) && digits(m, 2) && (1..=12).contains(&m.parse::<u8>().unwrap_or(0)),
        [y, m, d] => {
            digits(y, 4) && digits(m, 2) && digits(d, 2) && (1..=12).contains(&m.parse::<u8>().unwrap_or(0)) && (1..=31).contains(&d.parse::<u8>().unwrap_or(0))
        }
        _ => false,
    }
}

impl Entity {
    /// The first acronym, if any.
    pub fn acronym(&self) -> Option<&str> {
        self.acronyms.first().map(String::as_str)
    }

    /// `Name (ACRONYM)` or the name alone.
    pub fn label(&self) -> String {
        match self.acronym() {
            Some(a) => format!("{} ({a})", self.name),
            None => self.name.clone(),
        }
    }
}

/// A name of an entity found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityMatch<'g> {
    pub entity: &'g Entity,
    /// Byte range in the text given to [`Gazetteer::find`].
    pub span: Range<usize>,
    pub form: Form,
}

impl PartialEq for Entity {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}
impl Eq for Entity {}

/// Why gazetteer data could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GazetteerError(pub String);

impl std::fmt::Display for GazetteerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "gazetteer: {}", self.0)
    }
}

impl std::error::Error for GazetteerError {}

#[derive(Deserialize)]
struct GazetteerFile {
    #[serde(default, rename = "entity")]
    entities: Vec<Entity>,
}

/// The loaded gazetteer. Cheap to clone (the automaton is shared, and built once for all
/// clones on the first search).
#[derive(Debug, Clone)]
pub struct Gazetteer {
    entities: Vec<Entity>,
    by_key: HashMap<String, usize>,
    by_acronym: HashMap<String, usize>,
    matcher: Arc<Matcher>,
    warnings: Vec<String>,
}

impl Gazetteer {
    /// The gazetteer embedded in the binary, parsed once per process.
    pub fn bundled() -> &'static Gazetteer {
        static GAZETTEER: OnceLock<Gazetteer> = OnceLock::new();
        GAZETTEER.get_or_init(|| Gazetteer::parse(BUNDLED_TOML).expect("bundled gazetteer is well-formed (tested)"))
    }

    /// Parse and validate gazetteer TOML.
    pub fn parse(toml_text: &str) -> Result<Gazetteer, GazetteerError> {
        let file: GazetteerFile = toml::from_str(toml_text).map_err(|e| GazetteerError(e.to_string()))?;
        Gazetteer::from_entities(file.entities)
    }

    /// Build from entities, validating them: ids unique and non-empty, names non-empty,
    /// acronyms without spaces.
    pub fn from_entities(mut entities: Vec<Entity>) -> Result<Gazetteer, GazetteerError> {
        let mut by_key = HashMap::new();
        let mut by_acronym = HashMap::new();
        let mut warnings = Vec::new();
        for (i, e) in entities.iter_mut().enumerate() {
            let which = format!("entry {} ({:?})", i + 1, e.id);
            if e.id.trim().is_empty() {
                return Err(GazetteerError(format!("{which}: empty id")));
            }
            if e.name.trim().is_empty() {
                return Err(GazetteerError(format!("{which}: empty name")));
            }
            if let Some(a) = e.acronyms.iter().find(|a| a.is_empty() || a.chars().any(char::is_whitespace)) {
                return Err(GazetteerError(format!("{which}: acronym {a:?} is empty or has spaces")));
            }
            e.key = if e.id.contains(':') { e.id.clone() } else { format!("{}:{}", e.kind.key_prefix(), e.id) };
            if by_key.insert(e.key.clone(), i).is_some() {
                return Err(GazetteerError(format!("{which}: the id {:?} is used twice", e.id)));
            }
            if e.key != e.id {
                by_key.entry(e.id.clone()).or_insert(i);
            }
            for a in &e.acronyms {
                if let Some(&other) = by_acronym.get(a) {
                    let other: &usize = &other;
                    warnings.push(format!("acronym {a:?} of {:?} is also entry {}'s: the first keeps it", e.id, other + 1));
                } else {
                    by_acronym.insert(a.clone(), i);
                }
            }
        }
        let names = entities.iter().enumerate().flat_map(|(i, e)| {
            let i = i as u32;
            std::iter::once((i, Form::Name, e.name.as_str()))
                .chain(e.aliases.iter().map(move |a| (i, Form::Alias, a.as_str())))
                .chain(e.acronyms.iter().map(move |a| (i, Form::Acronym, a.as_str())))
        });
        let (matcher, w) = Matcher::build(names, |i| entities[i as usize].id.clone());
        warnings.extend(w);
        Ok(Gazetteer { entities, by_key, by_acronym, matcher: Arc::new(matcher), warnings })
    }

    /// Every entity, in file order.
    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    /// An entity by key (`org:iaea`) or id (`iaea`).
    pub fn get(&self, key_or_id: &str) -> Option<&Entity> {
        self.by_key.get(key_or_id).map(|&i| &self.entities[i])
    }

    /// The entity with this acronym (case-sensitive).
    pub fn by_acronym(&self, acronym: &str) -> Option<&Entity> {
        self.by_acronym.get(acronym).map(|&i| &self.entities[i])
    }

    /// The entity whose name or alias is `name` (normalized; first letter either case).
    pub fn by_name(&self, name: &str) -> Option<&Entity> {
        let norm = Normalized::new(name.trim());
        self.matcher
            .find(&norm.text)
            .into_iter()
            .find(|(_, form, r)| *form != Form::Acronym && r.start == 0 && r.end == norm.text.len())
            .map(|(i, _, _)| &self.entities[i as usize])
    }

    /// Data problems that do not stop loading (an acronym or name shared by two entries).
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Every name, alias and acronym of an entity in `text`, whole words, across line
    /// breaks and line-end hyphens, in text order (see [`matcher`] for the rules).
    pub fn find<'g>(&'g self, text: &str) -> Vec<EntityMatch<'g>> {
        let norm = Normalized::new(text);
        self.find_normalized(text, &norm)
    }

    /// [`Gazetteer::find`] on a text already normalized (the corpus index normalizes once).
    pub fn find_normalized<'g>(&'g self, text: &str, norm: &Normalized) -> Vec<EntityMatch<'g>> {
        self.matcher
            .find(&norm.text)
            .into_iter()
            .map(|(i, form, r)| EntityMatch { entity: &self.entities[i as usize], span: norm.original_range(text, r), form })
            .collect()
    }

    /// Matches in a normalized text (`Normalized::text`; ranges in it), with the entity's
    /// index.
    pub(crate) fn find_raw(&self, normalized: &str) -> Vec<(usize, Form, Range<usize>)> {
        self.matcher.find(normalized).into_iter().map(|(i, f, r)| (i as usize, f, r)).collect()
    }

    /// Build the name automaton now if no search has built it yet (the corpus index does
    /// this before extracting, to time it apart).
    pub(crate) fn prepare_matcher(&self) {
        self.matcher.automaton();
    }

    /// The entity at `index` in [`Gazetteer::entities`].
    pub fn entity(&self, index: usize) -> &Entity {
        &self.entities[index]
    }
}

impl crate::rules::KnownAcronyms for Gazetteer {
    fn expand(&self, acronym: &str) -> Option<(&str, bool)> {
        self.by_acronym(acronym).map(|e| (e.name.as_str(), e.well_known))
    }
}

#[cfg(test)]
mod tests;
