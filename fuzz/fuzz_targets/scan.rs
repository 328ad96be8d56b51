//! The citation grammar on arbitrary text: never panics, and every citation's span and
//! part spans lie inside the text on character boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    for c in dragoman::citation::scan(text) {
        assert!(c.span.start <= c.span.end && c.span.end <= text.len());
        assert!(text.is_char_boundary(c.span.start) && text.is_char_boundary(c.span.end));
    }
});
