//! Repairs of message bodies that a client may send but the protocol layer would reject,
//! dropping the whole message (and, for a `didChange`, leaving the server's copy of the
//! document out of step with the editor's from then on).
//!
//! Contract: each repair is linear in the body, returns `None` when the body needs nothing,
//! and otherwise the repaired body and what it did (for the log). The repairs keep the
//! document's UTF-16 positions in step with the editor: a lone surrogate is one UTF-16 unit
//! in the editor and becomes U+FFFD, one unit, in the server (what editors display for it).
//!
//! - invalid UTF-8 → U+FFFD per bad sequence ([`String::from_utf8_lossy`]);
//! - a lone surrogate escape (`"\udc00"`, a high surrogate not followed by a low one) →
//!   `\ufffd`;
//! - a URI value (a key ending in `uri`/`Uri`) holding characters a URI may not hold raw
//!   (a space, as in `file:///drafts/a b.txt`) → those characters percent-encoded.

use std::borrow::Cow;

/// Repair `body`. Returns the body to pass on and a note per repair made.
pub fn repair(body: &[u8]) -> (Cow<'_, [u8]>, Vec<&'static str>) {
    let mut notes = Vec::new();
    let mut out: Cow<'_, [u8]> = match String::from_utf8_lossy(body) {
        Cow::Borrowed(_) => Cow::Borrowed(body),
        Cow::Owned(s) => {
            notes.push("invalid UTF-8 replaced by U+FFFD");
            Cow::Owned(s.into_bytes())
        }
    };
    if let Some(fixed) = lone_surrogates(&out) {
        notes.push("lone UTF-16 surrogate escapes replaced by U+FFFD");
        out = Cow::Owned(fixed);
    }
    if let Some(fixed) = raw_uris(&out) {
        notes.push("characters a URI may not hold raw (such as a space) percent-encoded in a URI");
        out = Cow::Owned(fixed);
    }
    (out, notes)
}

fn hex4(b: &[u8]) -> Option<u32> {
    if b.len() < 4 {
        return None;
    }
    let s = std::str::from_utf8(&b[..4]).ok()?;
    u32::from_str_radix(s, 16).ok()
}

/// Replace lone surrogate `\uXXXX` escapes with `\ufffd`; `None` when there are none.
/// Backslashes occur only inside JSON strings, so no string tracking is needed.
pub fn lone_surrogates(body: &[u8]) -> Option<Vec<u8>> {
    // Prefilter: a surrogate escape starts `\ud` or `\uD`.
    if memchr::memmem::find(body, b"\\ud").is_none() && memchr::memmem::find(body, b"\\uD").is_none() {
        return None;
    }
    let mut out = Vec::with_capacity(body.len());
    let mut changed = false;
    let mut i = 0;
    while let Some(k) = memchr::memchr(b'\\', &body[i..]) {
        let at = i + k;
        out.extend_from_slice(&body[i..at]);
        match body.get(at + 1) {
            Some(b'u') => match hex4(&body[at + 2..]) {
                Some(hi @ 0xD800..=0xDBFF) => {
                    let pair =
                        body.get(at + 6..at + 8) == Some(b"\\u") && hex4(&body[(at + 8).min(body.len())..]).is_some_and(|lo| (0xDC00..=0xDFFF).contains(&lo));
                    if pair {
                        out.extend_from_slice(&body[at..at + 12]);
                        i = at + 12;
                    } else {
                        let _ = hi;
                        out.extend_from_slice(b"\\ufffd");
                        changed = true;
                        i = at + 6;
                    }
                }
                Some(0xDC00..=0xDFFF) => {
                    out.extend_from_slice(b"\\ufffd");
                    changed = true;
                    i = at + 6;
                }
                _ => {
                    out.extend_from_slice(&body[at..at + 2]);
                    i = at + 2;
                }
            },
            Some(_) => {
                out.extend_from_slice(&body[at..at + 2]);
                i = at + 2;
            }
            None => {
                out.push(b'\\');
                i = at + 1;
            }
        }
    }
    out.extend_from_slice(&body[i..]);
    changed.then_some(out)
}

/// Whether `c` may not appear raw in a URI (RFC 3986 allows only these ASCII characters,
/// plus `%` for escapes).
fn needs_escape(c: char) -> bool {
    !(c.is_ascii_alphanumeric() || "-._~:/?#[]@!$&'()*+,;=%".contains(c))
}

fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if needs_escape(c) {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The end (exclusive, after the closing quote) of the JSON string starting at `start`
/// (its opening quote).
fn string_end(body: &[u8], start: usize) -> Option<usize> {
    let mut i = start + 1;
    while i < body.len() {
        match body[i] {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// Percent-encode what may not appear raw in the values of URI keys (`"uri"`,
/// `"rootUri"`, `"targetUri"`…); `None` when every URI is already well-formed.
pub fn raw_uris(body: &[u8]) -> Option<Vec<u8>> {
    let mut out: Option<Vec<u8>> = None;
    let mut copied = 0;
    let finder = memchr::memmem::Finder::new(b"ri\"");
    for k in finder.find_iter(body) {
        // The key ends `uri"` or `Uri"`.
        if k == 0 || !matches!(body[k - 1], b'u' | b'U') {
            continue;
        }
        let mut j = k + 3;
        while body.get(j).is_some_and(|b| b.is_ascii_whitespace()) {
            j += 1;
        }
        if body.get(j) != Some(&b':') {
            continue;
        }
        j += 1;
        while body.get(j).is_some_and(|b| b.is_ascii_whitespace()) {
            j += 1;
        }
        if body.get(j) != Some(&b'"') || j < copied {
            continue;
        }
        let Some(end) = string_end(body, j) else { continue };
        let Ok(value) = serde_json::from_slice::<String>(&body[j..end]) else { continue };
        if !value.chars().any(needs_escape) {
            continue;
        }
        let fixed = serde_json::to_string(&percent_encode(&value)).unwrap_or_default();
        let o = out.get_or_insert_with(|| Vec::with_capacity(body.len() + 16));
        o.extend_from_slice(&body[copied..j]);
        o.extend_from_slice(fixed.as_bytes());
        copied = end;
    }
    let mut o = out?;
    o.extend_from_slice(&body[copied..]);
    Some(o)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(b: &[u8]) -> String {
        String::from_utf8(b.to_vec()).unwrap()
    }

    #[test]
    fn lone_surrogates_become_replacement_characters() {
        assert_eq!(lone_surrogates(br#"{"t":"a\udc00b"}"#).map(|b| text(&b)), Some(r#"{"t":"a\ufffdb"}"#.into()));
        assert_eq!(lone_surrogates(br#"{"t":"\uD800x"}"#).map(|b| text(&b)), Some(r#"{"t":"\ufffdx"}"#.into()));
        assert_eq!(lone_surrogates(br#"{"t":"\ud800\ud800\udc00"}"#).map(|b| text(&b)), Some(r#"{"t":"\ufffd\ud800\udc00"}"#.into()));
        // A pair, an escaped backslash before `ud800`, and a truncated escape stay as they are.
        assert_eq!(lone_surrogates(br#"{"t":"\ud834\udd1e \\ud800 \u00e9"}"#), None);
        assert_eq!(lone_surrogates(br#"{"t":"\ud8"}"#), None);
        let repaired = lone_surrogates(br#"{"t":"\udc00"}"#).unwrap();
        assert_eq!(serde_json::from_slice::<serde_json::Value>(&repaired).unwrap()["t"], "\u{fffd}");
    }

    #[test]
    fn raw_uris_are_percent_encoded() {
        let b = br#"{"textDocument":{"uri":"file:///drafts/a b.txt","text":"a b"},"rootUri" : "file:///w s"}"#;
        assert_eq!(text(&raw_uris(b).unwrap()), r#"{"textDocument":{"uri":"file:///drafts/a%20b.txt","text":"a b"},"rootUri" : "file:///w%20s"}"#);
        assert_eq!(raw_uris(br#"{"uri":"file:///d/a%20b.txt","text":"uri\": x y"}"#), None);
        let (body, notes) = repair(b"{\"uri\":\"file:///\xff\"}");
        assert_eq!(notes.len(), 2);
        assert_eq!(text(&body), r#"{"uri":"file:///%EF%BF%BD"}"#);
    }
}
