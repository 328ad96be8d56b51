//! The whole rule set on arbitrary text: never panics, every fix edit lies on character
//! boundaries, and applying all fixes then checking again never panics either.
#![no_main]

use dragoman::check::Checker;
use dragoman::config::Config;
use dragoman::rules::apply_fixes;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let config = Config::default();
    let checker = Checker::new(&config);
    let findings = checker.check(text);
    for f in &findings {
        assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end));
        for e in f.fix.iter().flat_map(|fix| &fix.edits) {
            assert!(text.is_char_boundary(e.span.start) && text.is_char_boundary(e.span.end));
        }
    }
    let (fixed, _) = apply_fixes(text, findings.iter().filter_map(|f| f.fix.as_ref()));
    let _ = checker.check(&fixed);
});
