//! Checking drafts: the one function both `dragoman check` and the language server call.

use crate::catalogue::Catalogue;
use crate::config::Config;
use crate::gazetteer::Gazetteer;
use crate::rules::{check_text, CheckOptions, Context, Finding, KnownAcronyms};

/// Everything needed to check a draft, assembled once.
pub struct Checker<'a> {
    pub catalogue: &'a Catalogue,
    pub acronyms: Option<&'a dyn KnownAcronyms>,
    pub config: &'a Config,
}

impl<'a> Checker<'a> {
    /// A checker over the bundled catalogue and gazetteer (for the acronym rule) with
    /// `config`.
    pub fn new(config: &'a Config) -> Checker<'a> {
        Checker { catalogue: Catalogue::bundled(), acronyms: Some(Gazetteer::bundled()), config }
    }

    /// Check one draft.
    pub fn check(&self, text: &str) -> Vec<Finding> {
        self.check_dated(text, None)
    }

    /// Check a text written in `year` (a corpus statement): citations of Security Council
    /// resolutions adopted later are taken as another organ's and not judged.
    ///
    /// A leading byte-order mark (U+FEFF) is not text: no rule sees it, and the findings'
    /// spans are offsets in `text` as given (the mark included), so the server, holding the
    /// editor's text with its mark, and `dragoman check`, reading the file's bytes as they
    /// are, report the same positions for the same bytes.
    pub fn check_dated(&self, text: &str, year: Option<u16>) -> Vec<Finding> {
        if let Some(rest) = text.strip_prefix('\u{feff}') {
            let shift = text.len() - rest.len();
            let mut findings = self.check_dated(rest, year);
            for f in &mut findings {
                f.span = f.span.start + shift..f.span.end + shift;
                for e in f.fix.iter_mut().flat_map(|x| x.edits.iter_mut()) {
                    e.span = e.span.start + shift..e.span.end + shift;
                }
            }
            return findings;
        }
        let options = CheckOptions { context: Context { catalogue: self.catalogue, year, acronyms: self.acronyms }, rules: &self.config.rules };
        check_text(text, &options)
    }
}
