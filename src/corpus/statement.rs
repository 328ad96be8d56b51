//! A statement's metadata: from a front-matter block or from the opening `Mr. Name (Country):`
//! line of a UN verbatim record.
//!
//! Contract: [`parse_statement`] never fails. A front-matter block is `---` on the first line,
//! `key: value` lines, and a closing `---` (or `...`); keys are case-insensitive
//! (`speaker`, `delegation` or `country`, `date`, `year`, `session`, `meeting` or `symbol`,
//! `id`, `post`; others are ignored), values may be quoted. A block with no closing line is
//! not front matter. Whatever the block leaves out is taken from the first non-empty line
//! after it when that line opens like a record (`Mr. Sadykov (Kazakhstan):`,
//! `The President (spoke in French):`, `Sheikh Al-Thani (Qatar):`).

use std::sync::OnceLock;

use regex::Regex;
use serde::Serialize;

/// What is known about one corpus statement. Every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Statement {
    pub id: Option<String>,
    /// `Mr. Umarov`: the title and the name as the record gives them.
    pub speaker: Option<String>,
    /// `Kazakhstan`.
    pub delegation: Option<String>,
    /// The speaker's office (`Minister for Foreign Affairs`).
    pub post: Option<String>,
    /// `YYYY-MM-DD` (or `YYYY-MM`) as given.
    pub date: Option<String>,
    pub year: Option<u16>,
    pub session: Option<String>,
    /// The meeting record symbol (`S/PV.8140`).
    pub meeting: Option<String>,
    /// Byte offset where the statement's text begins (after the front matter).
    pub body_start: usize,
}

impl Statement {
    /// Who made it: `Kazakhstan (Mr. Umarov)`, `Kazakhstan`, `Mr. Umarov`, or `None`.
    pub fn label(&self) -> Option<String> {
        match (&self.delegation, &self.speaker) {
            (Some(d), Some(s)) => Some(format!("{d} ({s})")),
            (Some(d), None) => Some(d.clone()),
            (None, Some(s)) => Some(s.clone()),
            (None, None) => None,
        }
    }

    /// A number that orders statements by date: `YYYYMMDD`, with unknown month and day as
    /// 0, and `u32::MAX` when neither date nor year is known (undated statements last).
    pub fn date_order(&self) -> u32 {
        if let Some(d) = &self.date {
            let mut it = d.split('-').map(|p| p.parse::<u32>().ok());
            if let Some(Some(y)) = it.next() {
                let m = it.next().flatten().unwrap_or(0);
                let day = it.next().flatten().unwrap_or(0);
                return y * 10_000 + m.min(99) * 100 + day.min(99);
            }
        }
        self.year.map_or(u32::MAX, |y| y as u32 * 10_000)
    }
}

fn opening_line() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(concat!(
            r"^\s*(?P<speaker>",
            r"(?:Mr|Mrs|Ms|Miss|Mme|Dr|Sir|Dame|Lord|Lady|Baroness|Baron|Prince|Princess|Sheikh|Sheikha|Shaikh|King|Queen|Emir|Archbishop|Cardinal|Monsignor|Msgr|Father|Judge|Archduke|Grand Duke|Crown Prince|Sultan|Rev|Reverend)\.?\s+[^():\n]{1,80}?",
            r"|The (?:Acting |Temporary )?(?:President|Vice-President|Chair|Chairman|Chairperson|Chairwoman|Secretary-General|Deputy Secretary-General)",
            r")\s*(?:\((?P<paren>[^()\n]{1,100})\))?\s*(?:\([^()\n]{0,100}\))?\s*:"
        ))
        .expect("opening-line pattern compiles")
    })
}

fn clean(v: &str) -> Option<String> {
    let v = v.trim();
    let v = if v.len() >= 2 && ((v.starts_with('"') && v.ends_with('"')) || (v.starts_with('\'') && v.ends_with('\''))) { &v[1..v.len() - 1] } else { v };
    let v = v.trim();
    (!v.is_empty()).then(|| v.to_string())
}

/// The front-matter block: `(key, value)` pairs and the offset where the body starts.
fn front_matter(text: &str) -> Option<(Vec<(String, String)>, usize)> {
    let first_end = text.find('\n')?;
    if text[..first_end].trim_end() != "---" {
        return None;
    }
    let mut pairs = Vec::new();
    let mut at = first_end + 1;
    while at < text.len() {
        let end = text[at..].find('\n').map_or(text.len(), |k| at + k);
        let line = text[at..end].trim_end_matches('\r');
        let next = (end + 1).min(text.len());
        if line.trim() == "---" || line.trim() == "..." {
            return Some((pairs, next));
        }
        if let Some((k, v)) = line.split_once(':') {
            pairs.push((k.trim().to_ascii_lowercase(), v.to_string()));
        }
        at = next;
    }
    None
}

/// Read a statement's metadata from its text (see the module contract).
pub fn parse_statement(text: &str) -> Statement {
    let mut st = Statement::default();
    if let Some((pairs, body)) = front_matter(text) {
        st.body_start = body;
        for (k, v) in pairs {
            let Some(v) = clean(&v) else { continue };
            match k.as_str() {
                "id" => st.id = Some(v),
                "speaker" => st.speaker = Some(v),
                "delegation" | "country" => st.delegation = Some(v),
                "post" => st.post = Some(v),
                "date" => st.date = Some(v),
                "year" => st.year = v.parse().ok(),
                "session" => st.session = Some(v),
                "meeting" | "symbol" | "meeting_symbol" => st.meeting = Some(v),
                _ => {}
            }
        }
        if st.year.is_none() {
            st.year = st.date.as_deref().and_then(|d| d.get(..4)).and_then(|y| y.parse().ok());
        }
    }
    if st.speaker.is_none() || st.delegation.is_none() {
        let body = &text[st.body_start..];
        let first = body.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        if let Some(c) = opening_line().captures(first) {
            if st.speaker.is_none() {
                st.speaker = clean(&c["speaker"]);
            }
            if st.delegation.is_none() {
                let paren = c.name("paren").map(|m| m.as_str().trim()).unwrap_or("");
                let lower = paren.to_ascii_lowercase();
                if !paren.is_empty() && !lower.starts_with("spoke in") && !lower.starts_with("interpretation") && !lower.starts_with("speaking in") {
                    st.delegation = Some(paren.to_string());
                }
            }
        }
    }
    st
}

#[cfg(test)]
mod tests {
    use super::*;

    fn who(text: &str) -> (Option<String>, Option<String>) {
        let s = parse_statement(text);
        (s.speaker, s.delegation)
    }

    fn some(a: &str, b: &str) -> (Option<String>, Option<String>) {
        (Some(a.into()), Some(b.into()))
    }

    #[test]
    fn opening_lines_of_records() {
        assert_eq!(who("Mr. Sadykov (Kazakhstan): I thank the Under-\nSecretary"), some("Mr. Sadykov", "Kazakhstan"));
        assert_eq!(who("\n\nMrs. Nusseibeh (United Arab Emirates): We"), some("Mrs. Nusseibeh", "United Arab Emirates"));
        assert_eq!(who("Sheikh Al-Thani (Qatar) (spoke in Arabic): I"), some("Sheikh Al-Thani", "Qatar"));
        assert_eq!(who("Dame Karen Pierce (United Kingdom): Thank you"), some("Dame Karen Pierce", "United Kingdom"));
        assert_eq!(who("The President (spoke in French): I now"), (Some("The President".into()), None));
        assert_eq!(who("The President: I give"), (Some("The President".into()), None));
        assert_eq!(who("Prince Zeid Ra'ad Zeid Al-Hussein (Jordan): It"), some("Prince Zeid Ra'ad Zeid Al-Hussein", "Jordan"));
        assert_eq!(who("We thank Mr. Ballard (Kazakhstan): for"), (None, None));
        assert_eq!(who("At the resumption of the first session: the Argentine delegation"), (None, None));
        assert_eq!(who(""), (None, None));
    }

    #[test]
    fn front_matter_wins_and_sets_body_start() {
        let text = "---\nid: UNGDC_ARG_01_1946\nspeaker: \"Mr. Arce\"\ncountry: Argentina\nyear: 1946\nsession: 1\nextra: x\n---\nMr. Other (Chile): At the resumption";
        let s = parse_statement(text);
        assert_eq!(s.id.as_deref(), Some("UNGDC_ARG_01_1946"));
        assert_eq!(s.label().as_deref(), Some("Argentina (Mr. Arce)"));
        assert_eq!((s.year, s.session.as_deref()), (Some(1946), Some("1")));
        assert_eq!(&text[s.body_start..s.body_start + 9], "Mr. Other");
        assert_eq!(s.date_order(), 19_460_000);
    }

    #[test]
    fn incomplete_front_matter_is_filled_from_the_opening_line() {
        let s = parse_statement("---\ndate: 2017-12-18\nmeeting: S/PV.8140\n---\r\nMr. Umarov (Kazakhstan): We");
        assert_eq!(s.label().as_deref(), Some("Kazakhstan (Mr. Umarov)"));
        assert_eq!((s.year, s.date_order()), (Some(2017), 20_171_218));
        assert_eq!(s.meeting.as_deref(), Some("S/PV.8140"));
        // No closing line: not front matter.
        let s = parse_statement("---\nspeaker: x\nMr. A (B): c");
        assert_eq!((s.speaker, s.body_start), (None, 0));
        assert_eq!(parse_statement("no metadata").date_order(), u32::MAX);
    }
}
