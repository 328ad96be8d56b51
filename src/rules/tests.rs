//! The rule table (SPEC §3): every malformed form gives its code and, where the table
//! gives one, a fix that yields the correct text; every correct form gives nothing.

use super::*;
use crate::catalogue::Catalogue;

fn check(text: &str) -> Vec<Finding> {
    let settings = RuleSettings::default();
    let options = CheckOptions { context: Context::new(Catalogue::bundled()), rules: &settings };
    check_text(text, &options)
}

fn codes(text: &str) -> Vec<&'static str> {
    check(text).iter().map(|f| f.rule.name()).collect()
}

/// Apply every fix until nothing changes (at most a few passes).
fn fixed(text: &str) -> String {
    let mut t = text.to_string();
    for _ in 0..4 {
        let findings = check(&t);
        let (next, n) = apply_fixes(&t, findings.iter().filter_map(|f| f.fix.as_ref()));
        if n == 0 {
            break;
        }
        t = next;
    }
    t
}

/// (typed, expected codes, expected text after fixes or None when there is no fix)
const MALFORMED: &[(&str, &[&str], Option<&str>)] = &[
    // 1
    ("as Resolution 1540 (2004) requires", &["capitalized-resolution"], Some("as resolution 1540 (2004) requires")),
    // 2
    ("under resolution 1540(2004).", &["missing-space"], Some("under resolution 1540 (2004).")),
    // 3
    ("under resolution 1540.", &["missing-year"], Some("under resolution 1540 (2004).")),
    // 4
    ("under resolution 1540 (2005).", &["wrong-year"], Some("under resolution 1540 (2004).")),
    // 5
    ("under resolution 9120 (2016).", &["unknown-resolution"], None),
    ("under resolution 2900 (2026).", &["beyond-catalogue"], None),
    // 6
    ("under resolution 1540 [2004].", &["year-format"], Some("under resolution 1540 (2004).")),
    ("under resolution 1540, 2004.", &["year-format"], Some("under resolution 1540 (2004).")),
    ("under resolution 1540 of 2004.", &["year-format"], Some("under resolution 1540 (2004).")),
    ("under resolution 1540 (04).", &["year-format"], Some("under resolution 1540 (2004).")),
    // 7
    ("of resolution 1540 (2004) and 2325 (2016).", &["plural-resolutions"], Some("of resolutions 1540 (2004) and 2325 (2016).")),
    // 8
    ("of resolutions 1540 and 2325 (2016).", &["list-missing-year"], Some("of resolutions 1540 (2004) and 2325 (2016).")),
    // 9
    ("under UNSCR 1540.", &["organ-abbreviation", "missing-year"], Some("under Security Council resolution 1540 (2004).")),
    ("under SCR 1540.", &["organ-abbreviation", "missing-year"], Some("under Security Council resolution 1540 (2004).")),
    ("under UNSC resolution 1540.", &["organ-abbreviation", "missing-year"], Some("under Security Council resolution 1540 (2004).")),
    // 10
    ("under resolution No. 1540.", &["number-sign", "missing-year"], Some("under resolution 1540 (2004).")),
    ("under resolution #1540.", &["number-sign", "missing-year"], Some("under resolution 1540 (2004).")),
    // 11
    ("see S/Res/1540 (2004).", &["resolution-symbol"], Some("see S/RES/1540 (2004).")),
    ("see S/RES/1540(2004).", &["resolution-symbol"], Some("see S/RES/1540 (2004).")),
    ("see S/RES/1540.", &["resolution-symbol"], Some("see S/RES/1540 (2004).")),
    // 12
    ("General Assembly resolution 1540 (2004)", &["wrong-organ"], Some("Security Council resolution 1540 (2004)")),
    ("Security Council resolution 70/1", &["wrong-organ"], Some("General Assembly resolution 70/1")),
    // 13
    ("resolution 2325 (2016 and", &["unbalanced-parenthesis"], Some("resolution 2325 (2016) and")),
    // 14
    ("resolution 70-1 on", &["sessional-number"], Some("resolution 70/1 on")),
    ("resolution 70.1 on", &["sessional-number"], Some("resolution 70/1 on")),
    ("resolution 70/01 on", &["sessional-number"], Some("resolution 70/1 on")),
    ("see A/RES/70/01 on", &["sessional-number"], Some("see A/RES/70/1 on")),
    // 15
    ("resolution A/70/1 on", &["document-as-resolution"], Some("resolution 70/1 on")),
    // 16
    ("resolution 2625 (25) on", &["session-numeral"], Some("resolution 2625 (XXV) on")),
    ("resolution 2625 (xxv) on", &["session-numeral"], Some("resolution 2625 (XXV) on")),
    ("resolution 2625(XXV) on", &["session-numeral"], Some("resolution 2625 (XXV) on")),
    // 17
    ("resolution 79/999 on", &["unknown-ga-resolution"], None),
    // 18
    ("see S/PRST 2017/2.", &["symbol-format"], Some("see S/PRST/2017/2.")),
    ("see S/PRST/17/2.", &["symbol-format"], Some("see S/PRST/2017/2.")),
    ("see S/PV 8140.", &["symbol-format"], Some("see S/PV.8140.")),
    ("see S/PV/8140.", &["symbol-format"], Some("see S/PV.8140.")),
    ("see s/2017/1025.", &["symbol-format"], Some("see S/2017/1025.")),
    ("see S / 2017 / 1025.", &["symbol-format"], Some("see S/2017/1025.")),
    // Issue 9, class 5: impossible years, three figures, five figures, truncated symbols,
    // session and number swapped.
    ("under resolution 1540 (1940).", &["wrong-year"], Some("under resolution 1540 (2004).")),
    ("under resolution 1540 (2106).", &["wrong-year"], Some("under resolution 1540 (2004).")),
    ("under resolution 9999 (1940).", &["unknown-resolution"], None),
    ("under resolution 1540 (004).", &["wrong-year"], Some("under resolution 1540 (2004).")),
    ("under resolution 15400 (2004).", &["unknown-resolution"], None),
    ("under resolution 15401, States", &["unknown-resolution"], None),
    ("see S/2017/ and", &["symbol-format"], None),
    ("under resolution 251/60 on", &["sessional-number"], Some("under resolution 60/251 on")),
    // Class 1: an annex of the resolution itself; years in words between list items.
    ("annex B to resolution 2231 (2016).", &["wrong-year"], Some("annex B to resolution 2231 (2015).")),
    (
        "resolutions 446 in 1979, 478 in 1980, [6] [7] and 2334 in 2016.",
        &["list-missing-year", "list-missing-year", "list-missing-year"],
        Some("resolutions 446 (1979) in 1979, 478 (1980) in 1980, [6] [7] and 2334 (2016) in 2016."),
    ),
];

#[test]
fn malformed_forms_are_flagged_and_fixed() {
    let mut failures = Vec::new();
    for &(typed, want_codes, want_fixed) in MALFORMED {
        let got = codes(typed);
        if got != want_codes {
            failures.push(format!("{typed:?}: codes {got:?}, want {want_codes:?}"));
            continue;
        }
        let findings = check(typed);
        match want_fixed {
            Some(want) => {
                let got = fixed(typed);
                if got != want {
                    failures.push(format!("{typed:?}: fixed to {got:?}, want {want:?}"));
                }
                // Fixing is idempotent: the fixed text has nothing left to fix.
                let again = check(&got);
                if again.iter().any(|f| f.fix.is_some()) {
                    failures.push(format!("{typed:?}: fixed text still has fixes: {again:?}"));
                }
            }
            None => {
                if findings.iter().any(|f| f.fix.is_some()) {
                    failures.push(format!("{typed:?}: has a fix but the table gives none"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

const CORRECT: &[&str] = &[
    "under resolution 1540 (2004), States",
    "Security Council resolution 2325 (2016)",
    "resolutions 1540 (2004), 1673 (2006) and 2325 (2016)",
    "resolution 1540\n(2004)",
    "resolution\u{a0}1540\u{a0}(2004)",
    "Resolution 1540 (2004) was adopted unanimously.",
    "S/RES/1540 (2004)",
    "General Assembly resolution 70/1",
    "resolution 70/1",
    "resolution 31/16 A",
    "resolution 3367 A (XXX)",
    "resolution 2625 (XXV)",
    "General Assembly resolution 1514 (XV)",
    "resolution 79/334",
    "resolution 80/999",
    "A/RES/70/1",
    "A/HRC/RES/5/1",
    "Human Rights Council resolution 5/1",
    "Economic and Social Council resolution 2016/2",
    "S/2017/1025",
    "A/72/123",
    "S/PV.8140",
    "A/79/PV.5",
    "S/PRST/2017/2",
    "https://undocs.org/S/PRST 2017/2 and `resolution 1540(2004)`",
    "the 1540 Committee",
];

#[test]
fn correct_forms_are_not_flagged() {
    let bad: Vec<_> = CORRECT.iter().map(|t| (t, check(t))).filter(|(_, f)| !f.is_empty()).collect();
    assert!(bad.is_empty(), "{bad:#?}");
}

#[test]
fn every_rule_is_exercised() {
    let mut seen: Vec<&str> = MALFORMED.iter().flat_map(|(_, c, _)| c.iter().copied()).collect();
    seen.push("acronym-first-use");
    for rule in Rule::ALL {
        assert!(seen.contains(&rule.name()), "no table row for {}", rule.name());
    }
}

#[test]
fn messages_name_the_real_year() {
    let f = &check("resolution 1540 (2005)")[0];
    assert_eq!(f.message, "Security Council resolution 1540 was adopted on 28 April 2004, not in 2005: write “1540 (2004)”.");
    let f = &check("resolution 435 (1973)")[0];
    assert!(f.message.contains("adopted on 29 September 1978"), "{}", f.message);
    let f = &check("resolution 1514 (1960)")[0];
    assert!(f.message.contains("(XV for the session that opened in 1960)"), "{}", f.message);
    assert!(f.fix.is_none(), "the organ is ambiguous: no automatic fix");
    // Never invent: 425 is a 1950 General Assembly number, so no "resolution 425 (XXVIII)".
    let f = &check("resolution 425 (1973)")[0];
    assert!(!f.message.contains("425 (XXVIII)"), "{}", f.message);
    // A number whose catalogue subject the text never names may be the typo.
    let f = &check("In Lebanon, resolution 1710 must be implemented.")[0];
    assert!(f.message.contains("Eritrea"), "{}", f.message);
    assert!(check("Eritrea and Ethiopia: resolution 1710 (2005).")[0].message.ends_with("“1710 (2006)”."));
    // Five figures: a footnote mark fused to a number.
    let f = &check("under resolution 15401, States")[0];
    assert!(f.message.contains("resolution 1540 (2004) may be meant"), "{}", f.message);
}

#[test]
fn settings_and_suppressions() {
    let mut settings = RuleSettings::default();
    settings.set(Rule::MissingYear, None);
    settings.set(Rule::MissingSpace, Some(Severity::Error));
    let options = CheckOptions { context: Context::new(Catalogue::bundled()), rules: &settings };
    let f = check_text("resolution 1540 and resolution 2325(2016)", &options);
    assert_eq!(f.len(), 1);
    assert_eq!((f[0].rule, f[0].severity), (Rule::MissingSpace, Severity::Error));
    let text = "<!-- dragoman-ignore-next-line -->\nresolution 1540(2004)\nresolution 1540(2004)";
    assert_eq!(codes(text), ["missing-space"]);
    assert!(check(text)[0].span.start > text.find("\nresolution 1540(2004)\n").unwrap() + 5);
}

/// What the official UN texts treat as normal (tests/official_texts.rs measures it on every
/// published text): each of these, as the UN's own texts write it, is clean.
const UN_PRACTICE: &[(&str, &str)] = &[
    // Short forms after a full citation (issue 9, class 2).
    ("short form", "Recalling resolution 1373 (2001), and stressing that resolution 1373 binds all States,"),
    ("short list after full citations", "resolutions 1908 (2010), 1927 (2010) and 1944 (2010); recalls resolutions 1908, 1927 and 1944"),
    ("symbol without a year after a dated mention", "resolution 1554 of 29 July 2004 (S/RES/1554),"),
    // A year shared by every item of a list.
    ("shared year", "under resolutions 425 and 426 (1978):"),
    ("shared year, three items", "resolutions 233, 234 and 235 (1967)"),
    ("shared date", "resolutions 1649 and 1650 of 21 December 2005,"),
    // Capitals that begin a footnote or an item (class 6).
    ("footnote", "the Agenda.\n\n5 Resolution 70/1.\n\n6 Resolution 2625 (XXV), annex."),
    ("sub-paragraph", "Recalling\n\n(a) Resolution 69/237 of 19 December 2014 calling on"),
    ("quoted title", "welcoming the “Hybrid Implementation of Security Council Resolution 2719 with streamlined responsibilities”,"),
    ("headline", "Security Council Adopts Resolution 2334 (2016) on Israeli Settlements\n\nThe Council today"),
    (
        "headline with a verb in lower case",
        "Council requires Scheduled Destruction of Chemical Weapons, Unanimously Adopting Resolution 2118 (2013)\n\nThe Council",
    ),
    // Legal citations and decisions (class 4).
    ("legal citation", "Declaration on Friendly Relations, G.A. Res. 2625 (XXV), and S.C. res. 1540 (2004)."),
    ("decisions", "Recalling its decision 1995/304 of 26 July 1995 and decision 61/503 A,"),
    // Other bodies' resolutions (class 3).
    ("World Health Assembly", "Recalling World Health Assembly resolutions on ageing, specifically resolution 58.16 of 25 May 2005 on"),
    ("conference report", "(United Nations publication, Sales No. E.96.IV.13), chap. I, resolution 1, annex II."),
    ("ibid.", "Ibid., resolution 2, annex."),
    ("Conference of the Parties", "the Agreement on the Conservation of Albatrosses and Petrels adopted resolution 8.5 in May 2025,"),
    ("territorial assembly", "takes note of resolution No. 2013-3, adopted by the Assembly of French Polynesia on"),
    ("the text itself", "within a period of five months from the date of this\nresolution 4 programme of demilitarization"),
    // Two organs named before one list (class 1).
    ("two organs", "Reaffirming General Assembly and Security Council resolutions 70/262 and 2282 (2016) of 27 April 2016,"),
    // A session's last resolutions, which the catalogue may lack.
    ("past the catalogue's last entry", "its resolution 78/330 of 6 September 2024 on multilingualism"),
];

#[test]
fn un_practice_is_not_flagged() {
    let bad: Vec<_> = UN_PRACTICE
        .iter()
        .map(|(what, t)| (what, t, check(t).into_iter().filter(|f| f.severity <= Severity::Warning).map(|f| f.rule.name()).collect::<Vec<_>>()))
        .filter(|(_, _, f)| !f.is_empty())
        .collect();
    assert!(bad.is_empty(), "{bad:#?}");
}

/// The same texts with a slip still draw the finding: the rules above are not blind spots.
const SLIPS_STILL_FOUND: &[(&str, &str, &str)] = &[
    ("first mention without its year", "stressing that resolution 1373 binds all States, as resolution 1373 (2001) says", "missing-year"),
    ("a list whose years differ", "of resolutions 1540 and 2325 (2016).", "list-missing-year"),
    ("mid-sentence capital", "as set out in paragraph 7 of Resolution 2173 (2014);", "capitalized-resolution"),
    (
        "capital in a wrapped paragraph line",
        "were reintegrated into\nNamibia. Security Council Resolution 432 (1978) has\nthus been fully implemented.",
        "capitalized-resolution",
    ),
    ("dotted number with no other body", "resolution 70.1 on", "sessional-number"),
    ("far past the session's last resolution", "resolution 74/2639 on", "unknown-ga-resolution"),
    ("a list item dated wrong after a date", "resolutions 1750 (2007) of 30 March 2007, 1626 (2006) of 19 September 2006,", "wrong-year"),
];

#[test]
fn slips_beside_un_practice_are_found() {
    for (what, text, rule) in SLIPS_STILL_FOUND {
        assert!(codes(text).contains(rule), "{what}: {text:?} gives {:?}, want {rule}", codes(text));
    }
}

/// What is cited, as far as a form fix may not change it: each citation's key and the last
/// two digits of its year or its session (`(04)` and `(2004)` are the same year written
/// two ways; `1540` and `1540 (2004)` are not: the second adds a year).
fn cited(text: &str) -> Vec<(String, Option<u32>)> {
    use crate::citation::Dating;
    crate::citation::scan(text)
        .into_iter()
        .map(|c| {
            let dated = match c.dating {
                Dating::Year { value, .. } => Some(u32::from(value) % 100),
                Dating::Session { value, .. } => Some(u32::from(value) % 100),
                _ => None,
            };
            (c.key, dated)
        })
        .collect()
}

/// Rules whose fixes change content (a year, a number, an organ, words from a guess):
/// SPEC §3 "Fix applicability". Every other rule's fix is a form fix.
const CONTENT_RULES: &[Rule] =
    &[Rule::MissingYear, Rule::ListMissingYear, Rule::WrongYear, Rule::WrongOrgan, Rule::DocumentAsResolution, Rule::AcronymFirstUse];

#[test]
fn fixes_carry_their_applicability() {
    let mut failures = Vec::new();
    let texts = MALFORMED.iter().map(|m| m.0).chain(["the IAEA said", "see S/RES/1540."]);
    for typed in texts {
        for f in check(typed) {
            let Some(fix) = &f.fix else { continue };
            // `S/RES/1540.` is fixed in two findings: the prefix (form) and the added year,
            // which `resolution-symbol` carries as a content fix.
            // `(25)` read as the 25th session, not a year, is a guess too.
            let added_year = fix.edits.iter().any(|e| e.span.is_empty() && e.new_text.trim_start().starts_with('('));
            let figures_as_session = f.rule == Rule::SessionNumeral && fix.edits.iter().any(|e| typed[e.span.clone()].contains(|c: char| c.is_ascii_digit()));
            // `251/60` read as 60/251: which part is the session is a reading.
            let swapped = f.rule == Rule::SessionalNumber && f.message.contains("swapped");
            let content = CONTENT_RULES.contains(&f.rule) || added_year || figures_as_session || swapped;
            let want = if content { Applicability::MaybeIncorrect } else { Applicability::Safe };
            if fix.applicability != want {
                failures.push(format!("{typed:?} {}: {:?}, want {want:?}", f.rule.name(), fix.applicability));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn safe_fixes_never_change_what_is_cited() {
    // Every malformed form of the table, alone and inside a sentence with correct citations.
    let mut failures = Vec::new();
    for &(typed, _, _) in MALFORMED {
        for text in [typed.to_string(), format!("Recalling resolution 2325 (2016) and {typed} and resolution 70/1 and S/2017/1025.")] {
            let fixed = super::fix_until_stable(&text, check);
            if cited(&fixed.text) != cited(&text) {
                failures.push(format!("{text:?} -> {:?}: cited {:?} became {:?}", fixed.text, cited(&text), cited(&fixed.text)));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn fix_until_stable_leaves_content_to_the_user() {
    let text = "Under Resolution 1540 (2005) and resolution 2325(2016), with UNSCR 1540.";
    let fixed = super::fix_until_stable(text, check);
    assert_eq!(fixed.text, "Under resolution 1540 (2005) and resolution 2325 (2016), with Security Council resolution 1540.");
    let rules: Vec<Rule> = fixed.applied.iter().map(|a| a.rule).collect();
    assert_eq!(rules, [Rule::CapitalizedResolution, Rule::MissingSpace, Rule::OrganAbbreviation]);
    let left: Vec<&str> = check(&fixed.text).iter().map(|f| f.rule.name()).collect();
    // The second `1540` is a short form after the first mention (UN practice): no missing year.
    assert_eq!(left, ["wrong-year"]);
}

/// Organs abbreviated other than the Security Council's, and a Security Council abbreviation
/// fused to its number (forms found in real prose).
#[test]
fn other_organ_abbreviations_and_fused_abbreviation() {
    assert_eq!(codes("The differences between HRC resolution 16/18 and the draft"), ["organ-abbreviation"]);
    assert_eq!(fixed("between HRC resolution 16/18 and"), "between Human Rights Council resolution 16/18 and");
    assert_eq!(fixed("under UNGA resolution 70/1,"), "under General Assembly resolution 70/1,");
    assert_eq!(codes("SCR1325 was initiated in 2000."), ["organ-abbreviation", "missing-year"]);
    assert_eq!(fixed("SCR1325 was initiated in 2000."), "Security Council resolution 1325 (2000) was initiated in 2000.");
    assert!(codes("Human Rights Council resolution 16/18 and General Assembly resolution 70/1").is_empty());
}

/// A General Assembly resolution symbol spelt wrong: the number is right, the form is fixed.
#[test]
fn malformed_general_assembly_symbols() {
    assert_eq!(codes("adopted resolu- tion A/Res/60/251 by"), ["symbol-format"]);
    assert_eq!(fixed("adopted resolu- tion A/Res/60/251 by"), "adopted resolu- tion A/RES/60/251 by");
    assert_eq!(fixed("the symbol A /RES/70/1 is"), "the symbol A/RES/70/1 is");
    assert!(codes("the symbol A/RES/70/1 is").is_empty());
    // Malformed and impossible (no sessional numbers before the 31st session): flagged, no fix.
    let f = check("United Nations A /RES/25/2625 General Assembly");
    assert_eq!((f.len(), f[0].rule, f[0].fix.is_none()), (1, Rule::SymbolFormat, true));
}
