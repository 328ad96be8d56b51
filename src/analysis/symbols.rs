//! Document symbols (the draft's citations grouped by kind) and workspace symbols
//! (everything the corpus, the gazetteer and the catalogue know, each at its first corpus
//! statement or at its web page).

use super::{Document, Knowledge, NavTarget, Span};
use crate::citation::{scan, Kind, Organ};
use crate::hover::undocs_link;

/// The citations of one kind in a draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SymbolGroup {
    pub kind: Kind,
    /// `Security Council resolutions`.
    pub title: &'static str,
    pub symbols: Vec<Symbol>,
}

/// One citation: its key (`SC 1540`), its text on one line, its span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbol {
    pub name: String,
    pub detail: String,
    pub span: Span,
}

/// A heading for a kind of citation.
fn kind_title(kind: Kind) -> &'static str {
    match kind {
        Kind::Resolution(Organ::SecurityCouncil) => "Security Council resolutions",
        Kind::Resolution(Organ::GeneralAssembly) => "General Assembly resolutions",
        Kind::Resolution(Organ::HumanRightsCouncil) => "Human Rights Council resolutions",
        Kind::Resolution(Organ::EconomicAndSocialCouncil) => "Economic and Social Council resolutions",
        Kind::Decision(Organ::SecurityCouncil) => "Security Council decisions",
        Kind::Decision(Organ::GeneralAssembly) => "General Assembly decisions",
        Kind::Decision(Organ::HumanRightsCouncil) => "Human Rights Council decisions",
        Kind::Decision(Organ::EconomicAndSocialCouncil) => "Economic and Social Council decisions",
        Kind::Document => "Documents",
        Kind::MeetingRecord => "Meeting records",
        Kind::PresidentialStatement => "Presidential statements",
    }
}

/// The draft's citations grouped by kind, in the order the kinds first appear.
pub fn document_symbols(doc: &Document) -> Vec<SymbolGroup> {
    let mut groups: Vec<SymbolGroup> = Vec::new();
    for c in doc.citations() {
        let symbol = Symbol { name: c.key.clone(), detail: doc.text()[c.span.clone()].split_whitespace().collect::<Vec<_>>().join(" "), span: c.span.clone() };
        match groups.iter_mut().find(|g| g.kind == c.kind) {
            Some(g) => g.symbols.push(symbol),
            None => groups.push(SymbolGroup { kind: c.kind, title: kind_title(c.kind), symbols: vec![symbol] }),
        }
    }
    groups
}

/// Something the knowledge holds, and where to go for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkspaceSymbol {
    /// `International Atomic Energy Agency (IAEA)`, `resolution 1540 (2004)`.
    pub name: String,
    /// The key's kind (`organization`, `instrument`, `defined`, `sc-resolution`, …).
    pub kind: &'static str,
    /// One line more (`organization · UN-related organization · 2 corpus statements`).
    pub detail: String,
    pub target: NavTarget,
}

/// Workspace symbols matching `query` ([`crate::index::CorpusIndex::search`], at most
/// `limit`), each at its first corpus statement, or at its web page (official link,
/// undocs.org) when the corpus does not mention it.
pub fn workspace_symbols(k: &Knowledge, query: &str, limit: usize) -> Vec<WorkspaceSymbol> {
    k.index
        .search(query, limit)
        .into_iter()
        .filter_map(|hit| {
            let target = match k.index.statements_citing(&hit.key).first() {
                Some((file, m)) => NavTarget::Corpus { file: *file, mention: (*m).clone() },
                None => NavTarget::Web {
                    url: match k.gazetteer().get(&hit.key) {
                        Some(e) => e.link.clone()?,
                        None => undocs_link(scan(&hit.label).first()?)?,
                    },
                },
            };
            Some(WorkspaceSymbol { name: hit.label, kind: hit.kind, detail: hit.detail, target })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::fixture::Fixture;
    use expect_test::expect;

    #[test]
    fn citations_grouped_by_kind() {
        let doc = Document::new("resolution 1540\n(2004), S/2017/1025 and resolution 2325 (2016).");
        let got: Vec<String> = document_symbols(&doc)
            .iter()
            .map(|g| format!("{}: {}", g.title, g.symbols.iter().map(|s| format!("{} [{}] {:?}", s.name, s.detail, s.span)).collect::<Vec<_>>().join(", ")))
            .collect();
        expect![[r#"
            [
                "Security Council resolutions: SC 1540 [resolution 1540 (2004)] 0..22, SC 2325 [resolution 2325 (2016)] 40..62",
                "Documents: S/2017/1025 [S/2017/1025] 24..35",
            ]
        "#]]
        .assert_debug_eq(&got);
    }

    #[test]
    fn workspace_symbols_at_a_statement_or_a_web_page() {
        let f = Fixture::parse("//- seeds\n//- draft\n");
        let index = f.index();
        let k = Knowledge::new(&index);
        let at = |query: &str, name: &str| {
            let all = workspace_symbols(&k, query, 200);
            all.into_iter().find(|s| s.name == name).map(|s| s.target).unwrap_or_else(|| panic!("{name} for {query}"))
        };
        assert!(matches!(at("1540", "resolution 1540 (2004)"), NavTarget::Corpus { .. }));
        // Known to the catalogue only: its undocs.org page.
        assert_eq!(at("resolution 2700", "resolution 2700 (2023)"), NavTarget::Web { url: "https://undocs.org/S/RES/2700(2023)".into() });
        assert!(matches!(at("atomic", "International Atomic Energy Agency (IAEA)"), NavTarget::Corpus { .. } | NavTarget::Web { .. }));
    }
}
