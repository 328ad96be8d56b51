//! Grammar tests: what the scanner finds, with the exact ranges.

use super::*;

/// Scan and render each citation as `kind key [typed text]`.
fn render(text: &str) -> Vec<String> {
    scan(text).iter().map(|c| format!("{} {} [{}]", c.kind.name(), c.key, &text[c.span.clone()])).collect()
}

#[test]
fn security_council_forms() {
    assert_eq!(render("under resolution 1540 (2004), States"), ["sc-resolution SC 1540 [resolution 1540 (2004)]"]);
    assert_eq!(render("Security Council resolution 2325 (2016)."), ["sc-resolution SC 2325 [Security Council resolution 2325 (2016)]"]);
    assert_eq!(render("resolution 1540\n(2004)"), ["sc-resolution SC 1540 [resolution 1540\n(2004)]"]);
    assert_eq!(render("resolution\u{a0}1540\u{a0}(2004)"), ["sc-resolution SC 1540 [resolution\u{a0}1540\u{a0}(2004)]"]);
    assert_eq!(render("UNSCR 1540 says"), ["sc-resolution SC 1540 [UNSCR 1540]"]);
    assert_eq!(render("S/RES/1540 (2004)"), ["sc-resolution SC 1540 [S/RES/1540 (2004)]"]);
    assert_eq!(render("S/Res/1540(2004)"), ["sc-resolution SC 1540 [S/Res/1540(2004)]"]);
}

#[test]
fn plural_lists() {
    assert_eq!(
        render("resolutions 1540 (2004), 1673 (2006) and 2325 (2016), which"),
        ["sc-resolution SC 1540 [resolutions 1540 (2004)]", "sc-resolution SC 1673 [1673 (2006)]", "sc-resolution SC 2325 [2325 (2016)]"]
    );
    let c = scan("resolutions 1540 and 2325 (2016)");
    assert_eq!(c.len(), 2);
    assert_eq!((c[0].list_index, c[0].list_len, c[1].list_index), (0, 2, 1));
    assert_eq!(render("resolution 1540 and 15 members"), ["sc-resolution SC 1540 [resolution 1540]"]);
}

#[test]
fn general_assembly_forms() {
    assert_eq!(render("resolution 70/1 on"), ["ga-resolution GA 70/1 [resolution 70/1]"]);
    assert_eq!(render("resolution 2625 (XXV)"), ["ga-resolution GA 2625 (XXV) [resolution 2625 (XXV)]"]);
    assert_eq!(render("resolution 31/16 A"), ["ga-resolution GA 31/16 [resolution 31/16 A]"]);
    assert_eq!(render("resolution 3367 A (XXX)"), ["ga-resolution GA 3367 (XXX) [resolution 3367 A (XXX)]"]);
    assert_eq!(render("resolution 3201 (S-VI)"), ["ga-resolution GA 3201 (S-VI) [resolution 3201 (S-VI)]"]);
    assert_eq!(render("resolution ES-10/1"), ["ga-resolution GA ES-10/1 [resolution ES-10/1]"]);
    assert_eq!(render("A/RES/70/1"), ["ga-resolution GA 70/1 [A/RES/70/1]"]);
    assert_eq!(render("resolution A/70/1"), ["ga-resolution GA 70/1 [resolution A/70/1]"]);
    assert_eq!(render("General Assembly resolution 1514"), ["ga-resolution GA 1514 [General Assembly resolution 1514]"]);
}

#[test]
fn other_organs() {
    assert_eq!(render("Human Rights Council resolution 5/1"), ["hrc-resolution HRC 5/1 [Human Rights Council resolution 5/1]"]);
    assert_eq!(render("A/HRC/RES/5/1"), ["hrc-resolution HRC 5/1 [A/HRC/RES/5/1]"]);
    assert_eq!(render("Economic and Social Council resolution 2016/2"), ["ecosoc-resolution ECOSOC 2016/2 [Economic and Social Council resolution 2016/2]"]);
    // Another body's numbering, or another body, is not a UN citation.
    assert!(render("resolution 3/7-P of the Conference").is_empty());
    assert!(render("OAU resolution 12 (1963)").is_empty());
    assert!(render("resolution No. 25 of the Fourth Meeting of Consultation").is_empty());
}

#[test]
fn legal_citations_and_decisions() {
    assert_eq!(render("G.A. Res. 2625 (XXV), annex"), ["ga-resolution GA 2625 (XXV) [G.A. Res. 2625 (XXV)]"]);
    assert_eq!(render("see S.C. res. 1540 (2004)."), ["sc-resolution SC 1540 [S.C. res. 1540 (2004)]"]);
    // A journal abbreviated the same way is no resolution.
    assert!(render("J. Peace Res. 45 (2008), 3").is_empty());
    assert_eq!(render("(decision 61/503 A)"), ["ga-decision GA decision 61/503 [decision 61/503 A]"]);
    assert_eq!(
        render("The Economic and Social Council,\n\nRecalling its decision 1995/304 of 26 July 1995,"),
        ["ecosoc-decision ECOSOC decision 1995/304 [decision 1995/304]"]
    );
    // A plain number is no UN decision's form.
    assert!(render("by its decision 2 of 1999").is_empty());
}

#[test]
fn annexes_and_years_in_words() {
    // The annex of the resolution itself is cited; a conference's bare number is not.
    assert_eq!(render("annex B to resolution 2231 (2015)"), ["sc-resolution SC 2231 [resolution 2231 (2015)]"]);
    assert_eq!(render("(A/CONF.166/9, annex I to resolution 1, para. 2)"), ["document A/CONF.166/9 [A/CONF.166/9]"]);
    assert_eq!(render("[see A/31/197, annex IV, resolution 11]"), ["document A/31/197 [A/31/197]"]);
    let keys: Vec<String> = scan("resolutions 446 in 1979, 478 in 1980, [6] [7] [8] and 2334 in 2016.").into_iter().map(|c| c.key).collect();
    assert_eq!(keys, ["SC 446", "SC 478", "SC 2334"]);
    // Three figures are read as a (wrong) year, except ones that are a session misread.
    assert!(matches!(scan("resolution 1540 (004)")[0].dating, Dating::Year { value: 4, style: YearStyle::ThreeDigit, .. }));
    assert_eq!(scan("resolution 217(111)")[0].dating, Dating::Unreadable);
    assert_eq!(render("resolution 251/60"), ["ga-resolution GA 60/251 [resolution 251/60]"]);
    assert_eq!(render("see S/2017/ and"), ["document S/2017/ [S/2017/]"]);
    assert!(render("see S/2017/\n1025").is_empty() || render("see S/2017/\n1025")[0].contains("1025"));
}

#[test]
fn short_forms_bound_to_the_full_citation() {
    let text = "General Assembly resolution 2625 (XXV) was adopted in 1970.\nResolution 2625 was adopted in a context";
    assert_eq!(render(text), ["ga-resolution GA 2625 (XXV) [General Assembly resolution 2625 (XXV)]", "ga-resolution GA 2625 (XXV) [Resolution 2625]"]);
    let text = "updating Council resolution 1296 (XLIV) of 23 May 1968; resolution 1296 provides";
    assert_eq!(render(text)[1], "ecosoc-resolution ECOSOC 1296 (XLIV) [resolution 1296]");
    // An organ named before the short form keeps it that organ's.
    let text = "resolution 1514 (XV); Security Council resolution 1514";
    assert_eq!(render(text)[1], "sc-resolution SC 1514 [Security Council resolution 1514]");
}

#[test]
fn documents() {
    assert_eq!(render("report (S/2017/1025) also"), ["document S/2017/1025 [S/2017/1025]"]);
    assert_eq!(render("S/PV.8140."), ["meeting-record S/PV.8140 [S/PV.8140]"]);
    assert_eq!(render("A/79/PV.5,"), ["meeting-record A/79/PV.5 [A/79/PV.5]"]);
    assert_eq!(render("S/PRST/2017/2"), ["presidential-statement S/PRST/2017/2 [S/PRST/2017/2]"]);
    assert_eq!(render("A/72/123 and A/C.1/72/L.5"), ["document A/72/123 [A/72/123]", "document A/C.1/72/L.5 [A/C.1/72/L.5]"]);
    assert_eq!(render("S/2017/1025/Add.1"), ["document S/2017/1025/Add.1 [S/2017/1025/Add.1]"]);
    // Malformed spellings are found with their canonical form.
    for typed in ["S/PRST 2017/2", "S/PRST/17/2"] {
        assert_eq!(render(typed), [format!("presidential-statement S/PRST/2017/2 [{typed}]")]);
    }
    for typed in ["S/PV 8140", "S/PV/8140"] {
        assert_eq!(render(typed), [format!("meeting-record S/PV.8140 [{typed}]")]);
    }
    for typed in ["s/2017/1025", "S / 2017 / 1025"] {
        assert_eq!(render(typed), [format!("document S/2017/1025 [{typed}]")]);
    }
    assert!(render("his/her and s/he and A/B testing").is_empty());
}

#[test]
fn not_citations() {
    assert!(render("the resolution was adopted").is_empty());
    assert!(render("a resolution\n\n123.\tNext paragraph").is_empty());
    assert!(render("resolutionary 1540").is_empty());
    // Five figures are read (for the rules to flag as no resolution), six are not.
    assert!(render("resolution 123456").is_empty());
}

#[test]
fn word_details() {
    let c = &scan("as Resolution 1540 (2004) says")[0];
    let w = c.word.as_ref().unwrap();
    assert!(w.capitalized && !w.sentence_start);
    let c = &scan("Done. Resolution 1540 (2004) says")[0];
    assert!(c.word.as_ref().unwrap().sentence_start);
}

/// Forms and contexts found in real prose (tests/real_prose.rs): the organ a number belongs
/// to when the form rules out the General Assembly, the UN named without an organ, an
/// abbreviation fused to its number, a date in American order.
#[test]
fn organ_by_numbering_and_other_real_forms() {
    // A session before the 31st is the Human Rights Council's when the text names it, before or
    // later in the sentence; with no Council named it stays unread.
    assert_eq!(
        render("He noted that Resolution 16/18 represented an achievement for the Human Rights Council."),
        ["hrc-resolution HRC 16/18 [Resolution 16/18]"]
    );
    assert_eq!(render("The UN Human Rights Council (HRC) met.\n\nResolution 16/18 was the landmark text."), ["hrc-resolution HRC 16/18 [Resolution 16/18]"]);
    assert!(render("under resolution 16/18 of the Board").is_empty());
    // A year as the session is the Economic and Social Council's, in a text of that Council.
    assert_eq!(
        render("The Economic and Social Council,\n\nRecalling its resolution 1993/80 of 30 July 1993,"),
        ["ecosoc-resolution ECOSOC 1993/80 [resolution 1993/80]"]
    );
    assert!(render("Recalling its resolution 1993/80,").is_empty());
    // The Council's short name before a Roman session: ECOSOC's old numbering, never a
    // General Assembly session.
    assert_eq!(render("updating Council resolution 1296 (XLIV) of 23 May 1968"), ["ecosoc-resolution ECOSOC 1296 (XLIV) [resolution 1296 (XLIV)]"]);
    assert_eq!(render("Assembly resolution 2625 (XXV)"), ["ga-resolution GA 2625 (XXV) [resolution 2625 (XXV)]"]);
    // The UN named, no organ.
    assert_eq!(render("United Nations Resolution 1325 (2000)"), ["sc-resolution SC 1325 [Resolution 1325 (2000)]"]);
    // Fused abbreviation.
    assert_eq!(render("SCR1325 was initiated"), ["sc-resolution SC 1325 [SCR1325]"]);
    assert!(render("SCRIPT1325").is_empty());
    // A date after a number, month first and abbreviated, is the number's date.
    assert_eq!(render("resolution 242 of Nov 22, 1967, and"), ["sc-resolution SC 242 [resolution 242 of Nov 22, 1967]"]);
}

/// Contexts that used to hide a citation, and lists written as real prose writes them.
#[test]
fn hidden_contexts_and_real_lists() {
    // A capital before the word that names no body.
    assert_eq!(
        render("Security Council requires Scheduled Destruction, Unanimously Adopting Resolution 2118 (2013)"),
        ["sc-resolution SC 2118 [Resolution 2118 (2013)]"]
    );
    assert_eq!(render("adopted last May resolution 252(1968)"), ["sc-resolution SC 252 [resolution 252(1968)]"]);
    assert_eq!(render("the Security Coucil resolution 2334 (2016)"), ["sc-resolution SC 2334 [resolution 2334 (2016)]"]);
    assert_eq!(render("Through resolution 1540 (2004), States"), ["sc-resolution SC 1540 [resolution 1540 (2004)]"]);
    // Other bodies stay other bodies.
    assert!(render("the OAU resolution 12 of 1985").is_empty());
    assert!(render("the Consultative Meeting resolution 25").is_empty());
    assert!(render("the Council of Europe resolution 1481").is_empty());
    // A list after a colon, with a conjunction fused to the last number.
    assert_eq!(
        render("A further three resolutions have been passed: 1820 (2008), 1888 (2009) and2493 (2019) which"),
        ["sc-resolution SC 1820 [resolutions have been passed: 1820 (2008)]", "sc-resolution SC 1888 [1888 (2009)]", "sc-resolution SC 2493 [2493 (2019)]"]
    );
    assert!(render("resolutions adopted this year: 15 in all").is_empty());
    // Commas separate a plural list's numbers; the singular's comma year stays a year.
    assert_eq!(
        render("It recalled Resolutions 1540, 2042 and 2043 and"),
        ["sc-resolution SC 1540 [Resolutions 1540]", "sc-resolution SC 2042 [2042]", "sc-resolution SC 2043 [2043]"]
    );
    assert_eq!(render("under resolution 1540, 2004, States"), ["sc-resolution SC 1540 [resolution 1540, 2004]"]);
}
