//! Regions of a draft that are never checked: URLs, Markdown code spans and fenced code
//! blocks, and HTML comments.

use crate::citation::Span;

/// The excluded byte ranges of `text`, sorted and non-overlapping.
pub fn excluded_regions(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    urls(text, &mut out);
    code(text, &mut out);
    html_comments(text, &mut out);
    out.sort_by_key(|r| (r.start, r.end));
    // Merge overlaps.
    let mut merged: Vec<Span> = Vec::with_capacity(out.len());
    for r in out {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

/// Whether `span` overlaps any region of the sorted list `regions`.
pub(crate) fn overlaps_any(regions: &[Span], span: &Span) -> bool {
    let i = regions.partition_point(|r| r.end <= span.start);
    regions.get(i).is_some_and(|r| r.start < span.end)
}

/// Where a URL starting before `from` ends: at whitespace or a delimiter.
fn url_end(bytes: &[u8], from: usize) -> usize {
    bytes[from..].iter().position(|&b| b.is_ascii_whitespace() || matches!(b, b'<' | b'>' | b'"' | b')' | b']')).map_or(bytes.len(), |k| from + k)
}

/// URLs. Linear: a marker inside the URL found before it is part of that URL (every URL
/// ends at the same delimiter), so no stretch of text is scanned forward twice, and the
/// backward scans stop at the previous marker's `/` or `.`.
fn urls(text: &str, out: &mut Vec<Span>) {
    let bytes = text.as_bytes();
    let mut covered = 0;
    for marker in ["://", "www."] {
        for at in memchr::memmem::find_iter(bytes, marker.as_bytes()) {
            if at < covered {
                continue;
            }
            // Back to the start of the scheme (or of `www.`).
            let mut start = at;
            if marker == "://" {
                while start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || matches!(bytes[start - 1], b'+' | b'-' | b'.')) {
                    start -= 1;
                }
                if start == at {
                    continue;
                }
            } else if start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'/') {
                continue;
            }
            let end = url_end(bytes, at + marker.len());
            covered = end;
            out.push(start..end);
        }
        covered = 0;
    }
    // `undocs.org/S/2017/1025` written without a scheme.
    for at in memchr::memmem::find_iter(bytes, b".org/") {
        if at < covered {
            continue;
        }
        let mut start = at;
        while start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || matches!(bytes[start - 1], b'-' | b'.')) {
            start -= 1;
        }
        let end = url_end(bytes, at + 5);
        covered = end;
        out.push(start..end);
    }
}

/// Markdown fenced code blocks (``` or ~~~) and inline code spans.
fn code(text: &str, out: &mut Vec<Span>) {
    if memchr::memchr2(b'`', b'~', text.as_bytes()).is_none() {
        return;
    }
    let mut fence: Option<(usize, &str)> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let marker = if trimmed.starts_with("```") {
            Some("```")
        } else if trimmed.starts_with("~~~") {
            Some("~~~")
        } else {
            None
        };
        match (fence, marker) {
            (None, Some(m)) => fence = Some((offset, m)),
            (Some((start, m)), Some(m2)) if m == m2 => {
                out.push(start..offset + line.len());
                fence = None;
            }
            (None, None) => inline_code(line, offset, out),
            _ => {}
        }
        offset += line.len();
    }
    if let Some((start, _)) = fence {
        out.push(start..text.len());
    }
}

fn inline_code(line: &str, offset: usize, out: &mut Vec<Span>) {
    let bytes = line.as_bytes();
    let mut i = 0;
    while let Some(k) = memchr::memchr(b'`', &bytes[i..]) {
        let open = i + k;
        let ticks = bytes[open..].iter().take_while(|&&b| b == b'`').count();
        let after = open + ticks;
        let closing = "`".repeat(ticks);
        match line[after..].find(closing.as_str()) {
            Some(c) => {
                let end = after + c + ticks;
                out.push(offset + open..offset + end);
                i = end;
            }
            None => break,
        }
    }
}

/// HTML comments, an unclosed one running to the end. Linear: an opener inside a comment
/// is part of it, and after an unclosed comment there is nothing left to find.
fn html_comments(text: &str, out: &mut Vec<Span>) {
    let mut covered = 0;
    for at in memchr::memmem::find_iter(text.as_bytes(), b"<!--") {
        if at < covered {
            continue;
        }
        // From the opener itself, so `<!-->` is a (closed) comment.
        let end = memchr::memmem::find(&text.as_bytes()[at..], b"-->").map_or(text.len(), |e| at + e + 3);
        out.push(at..end);
        if end == text.len() {
            break;
        }
        covered = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn excluded(text: &str) -> Vec<&str> {
        excluded_regions(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn finds_urls_code_and_comments() {
        assert_eq!(excluded("see https://undocs.org/S/2017/1025 now"), ["https://undocs.org/S/2017/1025"]);
        assert_eq!(excluded("see undocs.org/S/2017/1025."), ["undocs.org/S/2017/1025."]);
        assert_eq!(excluded("a `resolution 1540` b"), ["`resolution 1540`"]);
        assert_eq!(excluded("x\n```\nresolution 1540\n```\ny"), ["```\nresolution 1540\n```\n"]);
        assert_eq!(excluded("a <!-- note --> b"), ["<!-- note -->"]);
        assert!(excluded("plain text").is_empty());
    }

    #[test]
    fn overlap_query() {
        let r = vec![2..4, 8..10];
        assert!(overlaps_any(&r, &(3..5)));
        assert!(!overlaps_any(&r, &(4..8)));
        assert!(overlaps_any(&r, &(0..20)));
    }
}
