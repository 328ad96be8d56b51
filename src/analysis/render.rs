//! One renderer per output, all from the same [`Hover`] value: Markdown for the editor,
//! plain text for a terminal, JSON for `dragoman explain --format json`.
//!
//! This is the only place that escapes. Markdown escaping touches only what could start
//! Markdown syntax, HTML or a link ([`escape_markdown`]), so text shows as written in
//! editors that display the Markdown source (Neovim) as well as in those that render it,
//! and text from the data or the corpus can never inject a link, an image, HTML or a
//! command URI (SPEC §7).

use super::hover::{Fact, Hover, HoverKind, Label, Source};

/// The words before a fact's value in English.
fn prefix(label: Label) -> &'static str {
    match label {
        Label::AdoptedOn => "Adopted on ",
        Label::Meeting => " at meeting ",
        Label::Subject => "Subject: ",
        Label::AlsoKnownAs => "Also: ",
        Label::Founded => "Founded ",
        Label::Adopted => "Adopted ",
        Label::EnteredIntoForce => "Entered into force ",
        Label::Title | Label::Note | Label::Category | Label::Description | Label::CitedBy => "",
    }
}

/// Where a resolution's fact comes from, when not from the UN's record of it:
/// ` (date from 46 later resolutions that cite it)`.
fn provenance(f: &Fact) -> String {
    let what = match f.label {
        Label::AdoptedOn => "date",
        Label::Title => "title",
        _ => return String::new(),
    };
    match f.source {
        Source::Citers(n) => format!(" ({what} from {n} later resolutions that cite it)"),
        Source::Library => " (UN Digital Library)".to_string(),
        _ => String::new(),
    }
}

/// The kind of an entity, capitalised (`Instrument`).
fn kind_name(kind: HoverKind) -> Option<&'static str> {
    match kind {
        HoverKind::Organization => Some("Organization"),
        HoverKind::Instrument => Some("Instrument"),
        _ => None,
    }
}

/// The lines of a hover as `(text, style)`, text unescaped. Shared by the renderers so
/// that they differ only in escaping and emphasis.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    Title,
    Text,
    Italic,
    Link,
}

fn lines(h: &Hover) -> Vec<(String, Style)> {
    let mut out = vec![(h.title.clone(), Style::Title)];
    let category = h.facts.iter().find(|f| f.label == Label::Category);
    if let Some(kind) = kind_name(h.kind) {
        out.push((category.map_or_else(|| kind.to_string(), |c| format!("{kind} · {}", c.value)), Style::Text));
    }
    let dates: Vec<&Fact> = h.facts.iter().filter(|f| matches!(f.label, Label::Founded | Label::Adopted | Label::EnteredIntoForce)).collect();
    let mut dates_shown = false;
    let mut facts = h.facts.iter().peekable();
    while let Some(f) = facts.next() {
        match f.label {
            Label::Category | Label::Meeting => {}
            Label::Note => out.push((f.value.clone(), Style::Italic)),
            Label::Founded | Label::Adopted | Label::EnteredIntoForce if !dates_shown => {
                dates_shown = true;
                let line = dates.iter().map(|d| format!("{}{}", prefix(d.label), d.value)).collect::<Vec<_>>().join(" · ");
                out.push((line, Style::Text));
            }
            Label::Founded | Label::Adopted | Label::EnteredIntoForce => {}
            Label::AdoptedOn => {
                let mut line = format!("{}{}", prefix(f.label), f.value);
                if let Some(m) = facts.peek().filter(|m| m.label == Label::Meeting) {
                    line.push_str(prefix(Label::Meeting));
                    line.push_str(&m.value);
                }
                line.push_str(&provenance(f));
                out.push((line, Style::Text));
            }
            Label::Title => out.push((format!("{}{}", f.value, provenance(f)), Style::Text)),
            Label::CitedBy => {
                let s = if f.value == "1" { "" } else { "s" };
                out.push((
                    format!("Cited in {} resolution{s} of the General Assembly (sessions 74–80) and the Security Council (2000–2026)", f.value),
                    Style::Text,
                ))
            }
            _ => out.push((format!("{}{}", prefix(f.label), f.value), Style::Text)),
        }
    }
    out.extend(h.status.iter().map(|s| (s.clone(), Style::Text)));
    out.extend(h.warnings.iter().map(|w| (format!("⚠ {w}"), Style::Text)));
    out.extend(h.extracts.iter().map(|e| (format!("{}: “{}” ({})", e.label, e.text, e.source), Style::Text)));
    if let Some(c) = &h.corpus {
        let citation = h.kind.is_citation();
        if let Some(d) = &c.described_as {
            out.push((format!("The corpus describes it as: “{d}”"), Style::Text));
        }
        if c.statements > 0 {
            let who = if c.cited_by.is_empty() { String::new() } else { format!(": {}", c.cited_by.join("; ")) };
            let s = if c.statements == 1 { "" } else { "s" };
            let verb = if citation { "Cited" } else { "Mentioned" };
            out.push((format!("{verb} in {} corpus statement{s}{who}", c.statements), Style::Text));
        } else if citation {
            out.push(("Not cited in the corpus.".into(), Style::Text));
        }
    }
    out.extend(h.links.iter().map(|l| (l.clone(), Style::Link)));
    out
}

/// The hover as Markdown for the editor: paragraphs, the title in bold, links as links.
pub fn markdown(h: &Hover) -> String {
    lines(h)
        .into_iter()
        .map(|(text, style)| match style {
            Style::Title => format!("**{}**", escape_markdown(&text)),
            Style::Text => escape_markdown(&text),
            Style::Italic => format!("*{}*", escape_markdown(&text)),
            Style::Link if link_ok(&text) => format!("[{text}]({text})"),
            Style::Link => escape_markdown(&text),
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The hover as plain text for a terminal: one line per paragraph, nothing escaped, control
/// characters (which could drive the terminal) shown as spaces.
pub fn plain(h: &Hover) -> String {
    lines(h).into_iter().map(|(text, _)| text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect::<String>()).collect::<Vec<_>>().join("\n")
}

/// The hover as JSON (every field, facts with their source).
pub fn json(h: &Hover) -> serde_json::Value {
    serde_json::to_value(h).unwrap_or(serde_json::Value::Null)
}

/// Whether a URL can be written as a Markdown link as it is: http(s), no whitespace, no
/// character that could close the link or open another, parentheses balanced.
fn link_ok(url: &str) -> bool {
    let mut depth = 0i32;
    for c in url.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            c if c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '[' | ']' | '"' | '`' | '\\') => return false,
            _ => {}
        }
        if depth < 0 {
            return false;
        }
    }
    depth == 0 && (url.starts_with("https://") || url.starts_with("http://"))
}

/// Whether `chars[..i]` ends with a `www` that starts a word (GFM links `www.…` by itself).
fn www_before(chars: &[char], i: usize) -> bool {
    i >= 3 && chars[i - 3..i].iter().collect::<String>().eq_ignore_ascii_case("www") && (i == 3 || !chars[i - 4].is_alphanumeric())
}

/// Escape one paragraph of text for Markdown, touching only what could start Markdown
/// syntax, HTML or a link:
///
/// - always: `\`, `` ` ``, `*`, `[`, `]`, `~` (code, emphasis, links, strikethrough);
/// - `_` at a word's edge (inside a word it cannot start emphasis);
/// - `<` before a letter, `/`, `!` or `?` (an HTML tag or an autolink), `&` starting an
///   entity (`&lt;`);
/// - what would start a block at the start of the paragraph: `#`, `>`, `-`, `+`, `=`, `|`,
///   and the `.` or `)` after leading digits (an ordered list); leading spaces are dropped
///   (four would make a code block);
/// - what would become a link by itself: `:` before `//`, the `.` of a leading `www.`, `@`
///   between word characters (an e-mail address).
///
/// Line breaks become spaces (a paragraph stays one paragraph).
pub fn escape_markdown(s: &str) -> String {
    let chars: Vec<char> = s.trim_start().chars().map(|c| if c == '\n' || c == '\r' { ' ' } else { c }).collect();
    let word = |i: usize| chars.get(i).is_some_and(|c| c.is_alphanumeric());
    let mut out = String::with_capacity(s.len() + 8);
    let lead_digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
    for (i, &c) in chars.iter().enumerate() {
        let escape = match c {
            '\\' | '`' | '*' | '[' | ']' | '~' => true,
            '_' => !(i > 0 && word(i - 1) && word(i + 1)),
            '<' => chars.get(i + 1).is_some_and(|n| n.is_alphabetic() || matches!(n, '/' | '!' | '?')),
            '&' => {
                let rest: String = chars[i + 1..].iter().take(33).collect();
                let name = rest.strip_prefix('#').unwrap_or(&rest);
                let n = name.chars().take_while(|c| c.is_ascii_alphanumeric()).count();
                n > 0 && name[n..].starts_with(';')
            }
            '#' | '>' | '-' | '+' | '=' | '|' => i == 0,
            '.' | ')' => (i == lead_digits && i > 0) || (c == '.' && www_before(&chars, i)),
            ':' => chars.get(i + 1) == Some(&'/') && chars.get(i + 2) == Some(&'/'),
            '@' => i > 0 && word(i - 1) && word(i + 1),
            _ => false,
        };
        if c == '&' && escape {
            out.push_str("&amp;");
            continue;
        }
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::hover::{Fact, Source};
    use crate::hover::CorpusFacts;

    #[test]
    fn ordinary_punctuation_is_left_alone() {
        for s in [
            "Non-proliferation of weapons of mass destruction",
            "Kazakhstan (Mr. Umarov)",
            "Arms Trade Treaty (ATT)",
            "warships.",
            "S/RES/1540 (2004): 1 + 1 = 2 #3 > 2",
            "file_name_2 and snake_case",
        ] {
            assert_eq!(escape_markdown(s), s);
        }
    }

    #[test]
    fn what_could_start_markdown_is_escaped() {
        let cases = [
            ("[x](command:rm)", "\\[x\\](command:rm)"),
            ("![img](http://x)", "!\\[img\\](http\\://x)"),
            ("<img src=x> and </b> and a < b", "\\<img src=x> and \\</b> and a < b"),
            ("*bold* and _em_ and `code` and ~~gone~~", "\\*bold\\* and \\_em\\_ and \\`code\\` and \\~\\~gone\\~\\~"),
            ("# heading", "\\# heading"),
            ("> quote", "\\> quote"),
            ("- item", "\\- item"),
            ("1990. A year", "1990\\. A year"),
            ("   four spaces", "four spaces"),
            ("see https://evil.example and www.evil.example", "see https\\://evil.example and www\\.evil.example"),
            ("www.evil.example", "www\\.evil.example"),
            ("mail a@b.org", "mail a\\@b.org"),
            ("&lt;script&gt; and AT&T", "&amp;lt;script&amp;gt; and AT&T"),
            ("a\\[b", "a\\\\\\[b"),
            ("line one\nline two", "line one line two"),
        ];
        for (s, want) in cases {
            assert_eq!(escape_markdown(s), want, "{s}");
        }
    }

    fn sample() -> Hover {
        Hover {
            kind: HoverKind::Document,
            title: "Document S/2017/1025".into(),
            facts: vec![Fact { label: Label::Note, value: "*note*".into(), source: Source::Catalogue }],
            status: None,
            warnings: vec![],
            extracts: vec![],
            corpus: Some(CorpusFacts {
                statements: 2,
                cited_by: vec!["[x](command:rm)".into(), "Kazakhstan (Mr. Umarov)".into()],
                described_as: Some("<img src=x>".into()),
            }),
            links: vec!["https://undocs.org/S/2017/1025".into(), "javascript:alert(1)".into()],
        }
    }

    #[test]
    fn markdown_cannot_be_injected() {
        assert_eq!(
            markdown(&sample()),
            "**Document S/2017/1025**\n\n*\\*note\\**\n\nThe corpus describes it as: “\\<img src=x>”\n\nCited in 2 corpus statements: \\[x\\](command:rm); Kazakhstan (Mr. Umarov)\n\n[https://undocs.org/S/2017/1025](https://undocs.org/S/2017/1025)\n\njavascript:alert(1)"
        );
    }

    #[test]
    fn plain_text_is_not_escaped() {
        let mut h = sample();
        h.title.push_str("\u{1b}[31m");
        assert_eq!(
            plain(&h),
            "Document S/2017/1025 [31m\n*note*\nThe corpus describes it as: “<img src=x>”\nCited in 2 corpus statements: [x](command:rm); Kazakhstan (Mr. Umarov)\nhttps://undocs.org/S/2017/1025\njavascript:alert(1)"
        );
    }

    #[test]
    fn json_round_trips() {
        let h = sample();
        let v = json(&h);
        assert_eq!(v["kind"], "document");
        assert_eq!(v["facts"][0]["source"], "catalogue");
        assert_eq!(serde_json::from_value::<Hover>(v).unwrap(), h);
    }
}
