//! The line around a byte offset, found in time bounded by the question asked rather than
//! by the length of the line: heuristics that look at "the line holding this word" only
//! when it is short (a headline, a title) must not scan a 5 MB line once per word.

/// The bounds `(start, end)` of the line holding byte `at` (`start` after the previous
/// `\n` or 0, `end` at the next `\n` or the text's end), or `None` when that line, trimmed
/// of white space, is certainly longer than `max` bytes. `at` must be a character boundary
/// at which a non-white-space character starts (a word).
///
/// The scan stops as soon as it meets a non-white-space character more than `max` bytes
/// from `at`, so on a long line it reads about `2 * max` bytes whatever the line's length
/// (plus any run of white space between the line's edge and its first or last word).
/// When it returns `Some`, the bounds are exact: `text[start..end].trim().len() <= max`
/// is then for the caller to test, as before.
pub fn short_line_around(text: &str, at: usize, max: usize) -> Option<(usize, usize)> {
    let mut start = 0;
    for (k, c) in text[..at].char_indices().rev() {
        if c == '\n' {
            start = k + 1;
            break;
        }
        if !c.is_whitespace() && at - k >= max {
            return None;
        }
    }
    let mut end = text.len();
    for (k, c) in text[at..].char_indices() {
        if c == '\n' {
            end = at + k;
            break;
        }
        if !c.is_whitespace() && k + c.len_utf8() > max {
            return None;
        }
    }
    Some((start, end))
}

#[cfg(test)]
mod tests {
    use super::short_line_around;

    /// The answer agrees with the plain definition (find the `\n`s, trim, compare) on every
    /// offset of texts with short, long, indented and unterminated lines.
    #[test]
    fn agrees_with_the_plain_definition() {
        let texts = [
            "Security Council Adopts Resolution 2334\n\nnext",
            "a\n   b   \nccc",
            &format!("{}\nTitle Line Here\n{}", "x ".repeat(300), "y".repeat(500)),
            &format!("\n{}Word resolution{}\n", " ".repeat(400), " ".repeat(400)),
            &format!("é{}ü resolution", "ñ".repeat(90)),
            "",
        ];
        for text in texts {
            for max in [0, 1, 5, 20, 160] {
                for at in (0..text.len()).filter(|&i| text.is_char_boundary(i) && text[i..].starts_with(|c: char| !c.is_whitespace())) {
                    let start = text[..at].rfind('\n').map_or(0, |k| k + 1);
                    let end = text[at..].find('\n').map_or(text.len(), |k| at + k);
                    let short = text[start..end].trim().len() <= max;
                    match short_line_around(text, at, max) {
                        Some(bounds) => assert_eq!(bounds, (start, end), "{text:?} at {at} max {max}"),
                        None => assert!(!short, "{text:?} at {at} max {max}: said long, is short"),
                    }
                }
            }
        }
    }

    /// On one long line the answer costs about `2 * max` bytes, not the line.
    #[test]
    fn stops_early_on_a_long_line() {
        let text = "word ".repeat(1_000_000);
        assert_eq!(short_line_around(&text, 2_500_000, 160), None);
    }
}
