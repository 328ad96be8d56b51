//! Document links: the undocs.org page of every citation that has one.

use super::{Document, Span};
use crate::hover::undocs_link;

/// A span of the draft and the web page it links to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub span: Span,
    pub url: String,
}

/// The links of `doc`, in order.
pub fn links(doc: &Document) -> Vec<Link> {
    doc.citations().iter().filter_map(|c| Some(Link { span: c.span.clone(), url: undocs_link(c)? })).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::expect;

    #[test]
    fn undocs_links_of_citations() {
        let doc = Document::new("resolution 1540 (2004), S/2017/1025, resolution 70/1 and the IAEA.");
        let got: Vec<String> = links(&doc).iter().map(|l| format!("{} -> {}", &doc.text()[l.span.clone()], l.url)).collect();
        expect![[r#"
            [
                "resolution 1540 (2004) -> https://undocs.org/S/RES/1540(2004)",
                "S/2017/1025 -> https://undocs.org/S/2017/1025",
                "resolution 70/1 -> https://undocs.org/A/RES/70/1",
            ]
        "#]]
        .assert_debug_eq(&got);
    }
}
