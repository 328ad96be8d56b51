//! Hover text for an instrument or organization: what the gazetteer holds, nothing more.

use super::Entity;
use crate::hover::escape_markdown;
use crate::rules::format_date;

/// `28 April 2004` for `2004-04-28`, `April 2004` for `2004-04`, `2004` for `2004`.
pub fn format_loose_date(date: &str) -> String {
    const MONTHS: [&str; 12] = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
    match date.split('-').count() {
        3 => format_date(date).unwrap_or_else(|| date.to_string()),
        2 => {
            let (y, m) = date.split_once('-').unwrap_or((date, ""));
            match m.parse::<usize>().ok().and_then(|m| MONTHS.get(m.checked_sub(1)?)) {
                Some(month) => format!("{month} {y}"),
                None => date.to_string(),
            }
        }
        _ => date.to_string(),
    }
}

/// A link is shown only when it is a plain http(s) URL that cannot break out of Markdown.
fn safe_link(link: &str) -> Option<&str> {
    let ok = (link.starts_with("https://") || link.starts_with("http://"))
        && !link.chars().any(|c| c.is_whitespace() || matches!(c, '(' | ')' | '<' | '>' | '[' | ']' | '"' | '`'));
    ok.then_some(link)
}

impl Entity {
    /// The hover: full name and acronym, kind and category, description, other names, key
    /// dates, link. Fields the data lack are left out.
    pub fn hover_markdown(&self) -> String {
        let mut lines = vec![format!("**{}**", escape_markdown(&self.label()))];
        let mut kind = self.kind.name().to_string();
        kind[..1].make_ascii_uppercase();
        if self.category.trim().is_empty() {
            lines.push(kind);
        } else {
            lines.push(format!("{kind} · {}", escape_markdown(&self.category)));
        }
        if let Some(d) = self.description.as_deref().filter(|d| !d.trim().is_empty()) {
            lines.push(escape_markdown(d));
        }
        let others: Vec<&str> = self.acronyms.iter().skip(1).chain(&self.aliases).map(String::as_str).collect();
        if !others.is_empty() {
            lines.push(format!("Also: {}", escape_markdown(&others.join("; "))));
        }
        let dates: Vec<String> = [("Founded", &self.founded), ("Adopted", &self.adopted), ("Entered into force", &self.entry_into_force)]
            .into_iter()
            .filter_map(|(what, d)| d.as_deref().map(|d| format!("{what} {}", format_loose_date(d))))
            .collect();
        if !dates.is_empty() {
            lines.push(dates.join(" · "));
        }
        if let Some(link) = self.link.as_deref().and_then(safe_link) {
            lines.push(format!("[{link}]({link})"));
        }
        lines.join("\n\n")
    }
}
