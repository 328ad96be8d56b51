//! Document links: the undocs.org page of every document symbol (`S/2017/1025`,
//! `S/PV.8140`, `S/PRST/2017/2`, `S/RES/1540 (2004)`), and of every resolution cited in
//! prose (`resolution 1540 (2004)`) when asked for. Editors that underline links (VS Code)
//! make a draft full of resolutions look busy, so those are a setting.

use super::{Document, Span};
use crate::citation::Kind;
use crate::hover::undocs_link;

/// A span of the draft and the web page it links to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub span: Span,
    pub url: String,
}

/// Which citations get a link. The default: document symbols only.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LinkOptions {
    /// Resolutions cited in prose (`resolution 1540 (2004)`) too.
    pub resolutions: bool,
}

/// The links of `doc`, in order: every citation written as a symbol, and resolutions (and
/// decisions) cited in prose when `options.resolutions`.
pub fn links(doc: &Document, options: LinkOptions) -> Vec<Link> {
    doc.citations()
        .iter()
        .filter(|c| options.resolutions || c.symbol.is_some() || matches!(c.kind, Kind::Document | Kind::MeetingRecord | Kind::PresidentialStatement))
        .filter_map(|c| Some(Link { span: c.span.clone(), url: undocs_link(c)? }))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::expect;

    const DRAFT: &str = "resolution 1540 (2004), S/2017/1025, resolution 70/1, S/RES/2325 (2016), S/PV.8140, S/PRST/2017/2 and the IAEA.";

    fn shown(options: LinkOptions) -> Vec<String> {
        let doc = Document::new(DRAFT);
        links(&doc, options).iter().map(|l| format!("{} -> {}", &doc.text()[l.span.clone()], l.url)).collect()
    }

    #[test]
    fn undocs_links_of_citations() {
        expect![[r#"
            [
                "resolution 1540 (2004) -> https://undocs.org/S/RES/1540(2004)",
                "S/2017/1025 -> https://undocs.org/S/2017/1025",
                "resolution 70/1 -> https://undocs.org/A/RES/70/1",
                "S/RES/2325 (2016) -> https://undocs.org/S/RES/2325(2016)",
                "S/PV.8140 -> https://undocs.org/S/PV.8140",
                "S/PRST/2017/2 -> https://undocs.org/S/PRST/2017/2",
            ]
        "#]]
        .assert_debug_eq(&shown(LinkOptions { resolutions: true }));
    }

    #[test]
    fn without_resolution_links_only_symbols() {
        expect![[r#"
            [
                "S/2017/1025 -> https://undocs.org/S/2017/1025",
                "S/RES/2325 (2016) -> https://undocs.org/S/RES/2325(2016)",
                "S/PV.8140 -> https://undocs.org/S/PV.8140",
                "S/PRST/2017/2 -> https://undocs.org/S/PRST/2017/2",
            ]
        "#]]
        .assert_debug_eq(&shown(LinkOptions::default()));
    }
}
