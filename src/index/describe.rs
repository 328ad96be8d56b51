//! What a statement says a document is: the noun phrase a symbol stands in parentheses after
//! (`The Secretary-General's report (S/2017/1025)` → `the Secretary-General's report`), or
//! the phrase before `contained in document S/2017/1025`.
//!
//! Contract: [`described_as`] works on the normalized text (see
//! [`crate::gazetteer::normalize`]) and returns at most eight words, starting at the last
//! determiner (`the`, `a`, `an`, `its`, `his`, `her`, `their`, `this`, `that`, `our`) before
//! the symbol and within the same clause (reaching back over `of`, `on`, `by`, `for` to the
//! head noun's determiner: `the report of the Secretary-General`); a capital `The` at a sentence start is lowered.
//! No determiner and more than five words, or nothing there: `None`.

const DETERMINERS: &[&str] = &["the", "a", "an", "its", "his", "her", "their", "this", "that", "our", "my"];
const PREPOSITIONS: &[&str] = &["of", "on", "by", "for"];
const LEADS: &[&str] = &["contained in document", "contained in", "issued as document", "circulated as document", "in document"];

/// How many words before a symbol [`described_as`] looks at: more than the 8 it can use
/// and the 3 it reaches back over, so the answer is the one a search of the whole clause
/// gives.
const WINDOW_WORDS: usize = 12;

/// Where the last `n` space-separated words of `s` start (0 when it has fewer).
fn last_words_start(s: &str, n: usize) -> usize {
    let b = s.as_bytes();
    let mut words = 0;
    let mut i = b.len();
    while i > 0 {
        // Skip spaces, then a word.
        while i > 0 && b[i - 1] == b' ' {
            i -= 1;
        }
        if i == 0 {
            break;
        }
        while i > 0 && b[i - 1] != b' ' {
            i -= 1;
        }
        words += 1;
        if words == n {
            return i;
        }
    }
    0
}

/// The range (in the normalized `text`) of the phrase describing the symbol that starts at
/// normalized offset `at`. Show it with [`display_phrase`] on the original text.
pub fn described_as(text: &str, at: usize) -> Option<std::ops::Range<usize>> {
    // Linear in the phrase, not in the text before it (that made indexing a long statement
    // quadratic): the lead is compared in place, and the clause is looked for only among
    // the last words, the only ones that matter.
    let pre = text[..at].trim_end();
    let pre = if let Some(p) = pre.strip_suffix('(') {
        p.trim_end()
    } else {
        let b = pre.as_bytes();
        let lead = LEADS.iter().find(|l| b.len() > l.len() && b[b.len() - l.len()..].eq_ignore_ascii_case(l.as_bytes()) && b[b.len() - l.len() - 1] == b' ')?;
        pre[..pre.len() - lead.len()].trim_end()
    };
    let window = last_words_start(pre, WINDOW_WORDS);
    let clause_start = pre[window..]
        .char_indices()
        .rev()
        .find(|&(i, c)| matches!(c, ';' | ':' | '!' | '?' | '(' | ')' | '"' | '“' | '”' | ',') || (c == '.' && pre[window + i + 1..].starts_with(' ')))
        .map_or(window, |(i, c)| window + i + c.len_utf8());
    let clause = pre[clause_start..].trim();
    let words: Vec<&str> = clause.split(' ').filter(|w| !w.is_empty()).collect();
    if words.is_empty() {
        return None;
    }
    let tail_from = words.len().saturating_sub(8);
    let det = (tail_from..words.len()).rev().find(|&i| DETERMINERS.contains(&words[i].to_ascii_lowercase().as_str()));
    let mut from = match det {
        Some(i) if i + 1 < words.len() => i,
        Some(_) => return None,
        None if words.len() - tail_from <= 5 => tail_from,
        None => return None,
    };
    // `the report of the Secretary-General`: reach back over `of`/`on`/`by`/`for` to the
    // determiner of the head noun.
    while det.is_some() && from >= 3 && PREPOSITIONS.contains(&words[from - 1]) {
        let Some(j) = (from.saturating_sub(4).max(tail_from)..from - 1).rev().find(|&j| DETERMINERS.contains(&words[j].to_ascii_lowercase().as_str())) else {
            break;
        };
        from = j;
    }
    // Offsets of the words: `clause` is `pre[clause_start..]` trimmed; words are split on one space.
    let clause_off = clause_start + (pre[clause_start..].len() - pre[clause_start..].trim_start().len());
    let mut off = clause_off;
    let mut word_starts = Vec::new();
    for w in clause.split(' ') {
        if !w.is_empty() {
            word_starts.push(off);
        }
        off += w.len() + 1;
    }
    Some(word_starts[from]..clause_off + clause.len())
}

/// A described-as phrase for display, from the original text: whitespace runs become one
/// space, a hyphen at a line end joins the lines, and a leading `The` is lowered.
pub fn display_phrase(original: &str) -> String {
    let mut out = String::with_capacity(original.len());
    let mut run = String::new();
    for c in original.chars() {
        if c.is_whitespace() {
            run.push(c);
            continue;
        }
        if !run.is_empty() {
            let joins = out.ends_with('-') && run.contains(['\n', '\r']);
            if !joins && !out.is_empty() {
                out.push(' ');
            }
            run.clear();
        }
        out.push(c);
    }
    if let Some(rest) = out.strip_prefix("The ") {
        out = format!("the {rest}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn desc(text: &str, symbol: &str) -> Option<String> {
        described_as(text, text.find(symbol).unwrap()).map(|r| display_phrase(&text[r]))
    }

    #[test]
    fn phrases_before_a_symbol() {
        let t = "for her briefing and for highlighting the threat. The Secretary-General's report (S/2017/1025) also indicates";
        assert_eq!(desc(t, "S/2017/1025").as_deref(), Some("the Secretary-General's report"));
        assert_eq!(desc("as noted in his latest report (S/2020/5), we", "S/2020/5").as_deref(), Some("his latest report"));
        assert_eq!(
            desc("We welcome the report of the Secretary-General contained in document A/72/123 and", "A/72/123").as_deref(),
            Some("the report of the Secretary-General")
        );
        assert_eq!(desc("Report (S/2017/1025)", "S/2017/1025").as_deref(), Some("Report"));
        assert_eq!(display_phrase("The Under-\nSecretary-General’s  latest\r\n report"), "the Under-Secretary-General’s latest report");
        assert_eq!(display_phrase("its weapon- storage"), "its weapon- storage");
    }

    #[test]
    fn nothing_to_say() {
        assert_eq!(desc("We refer to S/2017/1025 today", "S/2017/1025"), None);
        assert_eq!(desc("(S/2017/1025)", "S/2017/1025"), None);
        assert_eq!(desc("as the many other long words we could say here (S/1)", "S/1"), None);
    }
}
