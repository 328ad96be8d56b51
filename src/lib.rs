//! Dragoman: a language server for diplomatic drafting.
//!
//! The crate is layered (see `ARCHITECTURE.md`): the citation grammar ([`citation`]) and
//! the knowledge ([`catalogue`]) know nothing of each other's users; the analysis
//! ([`rules`], [`check`]) combines them; the CLI and the language server only translate.

pub mod catalogue;
pub mod citation;
pub mod rules;
pub mod position;
pub mod config;
pub mod report;
pub mod check;
pub mod files;
pub mod hover;
pub mod server;
pub mod gazetteer;
pub mod corpus;
pub mod index;
