//! Acronyms a text spells out itself: `International Atomic Energy Agency (IAEA)`,
//! `weapons of mass destruction (WMDs)`.
//!
//! Contract: [`definitions`] looks at every parenthesized acronym in a normalized text (2 to
//! 12 characters, a capital first, at least two capitals or digits, an optional plural `s`,
//! not a Roman numeral) and finds its long form with the Schwartz–Hearst rule: the acronym's
//! characters appear in order in the words just before the parenthesis, the first one at the
//! start of a word, within `min(n + 5, 2n)` words that do not cross a sentence end; a long
//! form of one word is not taken. Ranges are in the normalized text.

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

/// One `Long Form (ACR)` in a normalized text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Definition {
    /// The acronym as written (`WMDs`).
    pub acronym: String,
    /// The long form (`weapons of mass destruction`).
    pub long_form: Range<usize>,
    /// From the long form's first letter to the closing parenthesis.
    pub whole: Range<usize>,
}

impl Definition {
    /// The acronym without a plural `s` (`WMDs` → `WMD`).
    pub fn singular(&self) -> &str {
        singular(&self.acronym)
    }
}

/// `WMDs` → `WMD`; `PoA`, `IAEA` unchanged.
pub fn singular(acr: &str) -> &str {
    match acr.strip_suffix('s') {
        Some(stem) if stem.len() >= 2 && stem.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()) => stem,
        _ => acr,
    }
}

fn candidate() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"\(([A-Z][A-Za-z0-9&]{1,11})\)").expect("acronym pattern compiles"))
}

fn plausible(acr: &str) -> bool {
    let caps = acr.chars().filter(|c| c.is_ascii_uppercase() || c.is_ascii_digit()).count();
    caps >= 2 && caps * 2 >= acr.len() && !acr.chars().all(|c| "IVXLCDM".contains(c)) && acr.chars().any(|c| c.is_ascii_alphabetic())
}

/// Every definition in the normalized `text`, in text order.
pub fn definitions(text: &str) -> Vec<Definition> {
    let mut out = Vec::new();
    for c in candidate().captures_iter(text) {
        let (Some(whole), Some(acr)) = (c.get(0), c.get(1)) else {
            continue;
        };
        let acronym = acr.as_str();
        if !plausible(acronym) {
            continue;
        }
        if let Some(start) = long_form_start(&text[..whole.start()], singular(acronym)) {
            let end = text[..whole.start()].trim_end().len();
            if start < end && text[start..end].contains(' ') {
                out.push(Definition { acronym: acronym.to_string(), long_form: start..end, whole: start..whole.end() });
            }
        }
    }
    out
}

/// Where the long form of `acr` begins in `before` (the text up to the parenthesis).
fn long_form_start(before: &str, acr: &str) -> Option<usize> {
    let before_trim = before.trim_end();
    let n = acr.chars().count();
    let max_words = (n + 5).min(2 * n);
    // The window: up to max_words words back, not past a sentence end or a parenthesis.
    let mut window_start = before_trim.len();
    let mut words = 0;
    for (i, ch) in before_trim.char_indices().rev() {
        if matches!(ch, '.' | ';' | ':' | '!' | '?' | '(' | ')' | '"' | '“' | '”' | '[' | ']') {
            break;
        }
        if ch == ' ' {
            words += 1;
            if words >= max_words {
                break;
            }
        }
        window_start = i;
    }
    let window = &before_trim[window_start..];
    let lf: Vec<(usize, char)> = window.char_indices().collect();
    let ac: Vec<char> = acr.chars().filter(|c| c.is_alphanumeric()).collect();
    if ac.is_empty() || lf.is_empty() {
        return None;
    }
    let mut l = lf.len() as isize - 1;
    for s in (0..ac.len()).rev() {
        let want = ac[s].to_lowercase().next().unwrap_or(ac[s]);
        loop {
            if l < 0 {
                return None;
            }
            let (_, ch) = lf[l as usize];
            let matches = ch.to_lowercase().next() == Some(want);
            let at_word_start = l == 0 || !lf[l as usize - 1].1.is_alphanumeric();
            if matches && (s != 0 || at_word_start) {
                break;
            }
            l -= 1;
        }
        l -= 1;
    }
    let first = (l + 1) as usize;
    Some(window_start + lf[first].0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defs(text: &str) -> Vec<(String, String)> {
        definitions(text).into_iter().map(|d| (d.acronym, text[d.long_form].to_string())).collect()
    }

    #[test]
    fn finds_long_forms() {
        assert_eq!(
            defs("control of the International Atomic Energy Agency (IAEA) and accompanied"),
            vec![("IAEA".into(), "International Atomic Energy Agency".into())]
        );
        assert_eq!(defs("the testing of weapons of mass destruction (WMDs) and is"), vec![("WMDs".into(), "weapons of mass destruction".into())]);
        assert_eq!(defs("implement the Programme of Action (PoA) fully"), vec![("PoA".into(), "Programme of Action".into())]);
        // Too far back for the rule: not taken.
        assert_eq!(
            defs("the Programme of Action to Prevent, Combat and Eradicate the Illicit Trade in Small Arms and Light Weapons in All Its Aspects (PoA)"),
            vec![]
        );
        assert_eq!(defs("the Global Threat Reduction Initiative (GTRI) of"), vec![("GTRI".into(), "Global Threat Reduction Initiative".into())]);
    }

    #[test]
    fn ignores_what_is_not_a_definition() {
        assert!(defs("resolution 2625 (XXV) and").is_empty());
        assert!(defs("the meeting (S) and (A) or (Mr) and (ABC) alone").is_empty());
        assert!(defs("Kazakhstan (KAZ). The Treaty (NPT)").is_empty());
        assert_eq!(singular("WMDs"), "WMD");
        assert_eq!(singular("PoAs"), "PoAs");
    }
}
