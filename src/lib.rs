//! Dragoman: a language server for diplomatic drafting.
//!
//! The crate is layered (see `ARCHITECTURE.md`): the citation grammar ([`citation`]) and
//! the knowledge ([`catalogue`]) know nothing of each other's users; the analysis
//! ([`rules`], [`check`]) combines them; the CLI and the language server only translate.

pub mod analysis;
pub mod catalogue;
pub mod check;
pub mod citation;
pub mod config;
pub mod corpus;
pub mod files;
pub mod gazetteer;
pub mod hover;
pub mod index;
pub mod line;
pub mod position;
pub mod report;
pub mod rules;
pub mod sarif;
pub mod server;
