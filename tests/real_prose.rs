//! The real-prose test: the checker and hover over short passages of real drafting-style text
//! that no one here wrote (UN press releases, Security Council press statements, the
//! Secretary-General's statements, governments' statements, Security Council Report,
//! encyclopaedia, NGO, academic and news pages), gathered with the search tool and kept with
//! their sources in `tests/data/real_prose/passages.toml`.
//!
//! `tests/data/real_prose/truth.tsv` lists every citation in them, correct or wrong and why.
//! The test scores:
//! - false positives: a warning or error on a correct citation, on another body's resolution
//!   or on text that is no citation;
//! - recall: wrong citations flagged with every rule code the truth expects;
//! - fixes: applying the fixes offered on a wrong citation gives the expected text;
//! - hover: the citation under the cursor (on its number) is recognized with the right key
//!   and gets a hover, for every correct citation; another body's resolution gets none.
//!
//! It prints the scores and every miss, and asserts them against the targets of issue 9
//! where they are reached, else against the level measured (a floor that may only rise).

use std::collections::{BTreeMap, BTreeSet};

use dragoman::analysis::{self, Document, Knowledge, Target};
use dragoman::check::Checker;
use dragoman::config::Config;
use dragoman::gazetteer::Gazetteer;
use dragoman::index::CorpusIndex;
use dragoman::rules::{apply_fixes, Edit, Finding, Severity};
use serde::Deserialize;

const PASSAGES: &str = include_str!("data/real_prose/passages.toml");
const TRUTH: &str = include_str!("data/real_prose/truth.tsv");

#[derive(Deserialize)]
struct Passages {
    passage: Vec<Passage>,
}

#[derive(Deserialize)]
struct Passage {
    id: String,
    kind: String,
    url: String,
    title: String,
    retrieved: String,
    text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Correct,
    Wrong,
    NotUn,
}

/// One row of the truth file, located in its passage.
#[derive(Debug)]
struct Truth {
    id: String,
    text: String,
    key: String,
    verdict: Verdict,
    codes: Vec<String>,
    fixed: Option<String>,
    span: std::ops::Range<usize>,
}

fn passages() -> Vec<Passage> {
    toml::from_str::<Passages>(PASSAGES).expect("passages.toml parses").passage
}

/// The truth rows, each located in its passage after the previous row of that passage.
fn truth(passages: &[Passage]) -> Vec<Truth> {
    let texts: BTreeMap<&str, &str> = passages.iter().map(|p| (p.id.as_str(), p.text.as_str())).collect();
    let mut cursor: BTreeMap<String, usize> = BTreeMap::new();
    let mut out = Vec::new();
    for (n, line) in TRUTH.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 7, "truth.tsv line {}: 7 tab-separated columns expected: {line}", n + 1);
        let [id, text, key, verdict, codes, fixed, why] = cols[..] else { unreachable!() };
        assert!(!why.trim().is_empty(), "truth.tsv line {}: say why", n + 1);
        let passage = texts.get(id).unwrap_or_else(|| panic!("truth.tsv line {}: no passage {id}", n + 1));
        let from = cursor.get(id).copied().unwrap_or(0);
        let at = passage[from..].find(text).unwrap_or_else(|| panic!("truth.tsv line {}: {text:?} not found in {id} after byte {from}", n + 1)) + from;
        cursor.insert(id.to_string(), at + text.len());
        let verdict = match verdict {
            "correct" => Verdict::Correct,
            "wrong" => Verdict::Wrong,
            "not-UN" => Verdict::NotUn,
            other => panic!("truth.tsv line {}: unknown verdict {other}", n + 1),
        };
        assert_eq!(verdict == Verdict::NotUn, key == "not-UN", "truth.tsv line {}: key not-UN goes with verdict not-UN", n + 1);
        let codes: Vec<String> = if codes == "-" { Vec::new() } else { codes.split(',').map(|c| c.trim().to_string()).collect() };
        assert_eq!(verdict == Verdict::Wrong, !codes.is_empty(), "truth.tsv line {}: wrong citations, and only they, name the expected codes", n + 1);
        let fixed = (fixed != "-").then(|| fixed.to_string());
        out.push(Truth { id: id.into(), text: text.into(), key: key.into(), verdict, codes, fixed, span: at..at + text.len() });
    }
    out
}

fn overlaps(a: &std::ops::Range<usize>, b: &std::ops::Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// The entry text after the edits of `findings` that fall inside it.
fn fixed_text(passage: &str, t: &Truth, findings: &[&Finding]) -> String {
    let edits: Vec<Edit> = findings
        .iter()
        .filter_map(|f| f.fix.as_ref())
        .flat_map(|fix| fix.edits.iter())
        .filter(|e| e.span.start >= t.span.start && e.span.end <= t.span.end)
        .map(|e| Edit { span: e.span.start - t.span.start..e.span.end - t.span.start, new_text: e.new_text.clone() })
        .collect();
    // Every fix offered (safe or not): the truth file gives the text a user gets from the quick fixes.
    let fix = dragoman::rules::Fix { title: String::new(), edits, applicability: dragoman::rules::Applicability::MaybeIncorrect };
    apply_fixes(&passage[t.span.clone()], [&fix]).0
}

#[derive(Default)]
struct Scores {
    flags: usize,
    true_positives: usize,
    false_positives: Vec<String>,
    other_codes_on_wrong: Vec<String>,
    wrong: usize,
    recalled: usize,
    missed: Vec<String>,
    fixes_expected: usize,
    fixes_ok: usize,
    fixes_bad: Vec<String>,
    correct_un: usize,
    hovered: usize,
    no_hover: Vec<String>,
    not_un: usize,
    un_hover_on_other_body: Vec<String>,
}

fn score(passages: &[Passage], truth: &[Truth]) -> Scores {
    let config = Config::default();
    let checker = Checker::new(&config);
    let index = CorpusIndex::empty(Gazetteer::bundled());
    let k = Knowledge::new(&index);
    let mut s = Scores::default();
    for p in passages {
        let findings = checker.check(&p.text);
        let rows: Vec<&Truth> = truth.iter().filter(|t| t.id == p.id).collect();
        // Flags: warnings and errors.
        for f in findings.iter().filter(|f| f.severity <= Severity::Warning) {
            s.flags += 1;
            let typed = p.text[f.span.clone()].replace('\n', "⏎");
            let hit: Vec<&&Truth> = rows.iter().filter(|t| overlaps(&t.span, &f.span)).collect();
            if hit.iter().any(|t| t.verdict == Verdict::Wrong && t.codes.iter().any(|c| c == f.rule.name())) {
                s.true_positives += 1;
            } else if hit.iter().any(|t| t.verdict == Verdict::Wrong) {
                s.other_codes_on_wrong.push(format!("{} {} on {typed:?}: {}", p.id, f.rule.name(), f.message));
            } else {
                s.false_positives.push(format!("{} {} on {typed:?}: {}", p.id, f.rule.name(), f.message));
            }
        }
        let doc = Document::new(p.text.as_str());
        for t in &rows {
            let on: Vec<&Finding> = findings.iter().filter(|f| overlaps(&t.span, &f.span)).collect();
            match t.verdict {
                Verdict::Wrong => {
                    s.wrong += 1;
                    let got: BTreeSet<&str> = on.iter().map(|f| f.rule.name()).collect();
                    if t.codes.iter().all(|c| got.contains(c.as_str())) {
                        s.recalled += 1;
                    } else {
                        s.missed.push(format!("{} {:?}: expected {:?}, got {:?}", t.id, t.text, t.codes, got));
                    }
                    if let Some(expected) = &t.fixed {
                        s.fixes_expected += 1;
                        let got = fixed_text(&p.text, t, &on);
                        if &got == expected {
                            s.fixes_ok += 1;
                        } else {
                            s.fixes_bad.push(format!("{} {:?}: fixed to {got:?}, expected {expected:?}", t.id, t.text));
                        }
                    }
                }
                Verdict::Correct | Verdict::NotUn => {
                    // The cursor on the number (or the symbol's first figure).
                    let digit = t.text.find(|c: char| c.is_ascii_digit()).unwrap_or(0);
                    // What the server's hover finds there, if it is a citation.
                    let hit = analysis::target_at(&doc, &k, t.span.start + digit).and_then(|t| match t.info {
                        Target::Citation(c) => Some(c),
                        _ => None,
                    });
                    if t.verdict == Verdict::NotUn {
                        s.not_un += 1;
                        if let Some(h) = hit {
                            s.un_hover_on_other_body.push(format!("{} {:?}: hover as {}", t.id, t.text, h.key));
                        }
                        continue;
                    }
                    s.correct_un += 1;
                    match hit {
                        Some(h) if h.key == t.key && !analysis::hover::citation(&k, &h).title.is_empty() => s.hovered += 1,
                        Some(h) => s.no_hover.push(format!("{} {:?}: recognized as {}, expected {}", t.id, t.text, h.key, t.key)),
                        None => s.no_hover.push(format!("{} {:?}: not recognized, expected {}", t.id, t.text, t.key)),
                    }
                }
            }
        }
    }
    s
}

fn pct(a: usize, b: usize) -> f64 {
    if b == 0 {
        100.0
    } else {
        100.0 * a as f64 / b as f64
    }
}

/// Levels reached so far (floors: they may only rise; the targets of issue 9 are 0 false
/// positives, asserted below, 95 % recall and 99 % hover).
const MIN_RECALLED: usize = 93;
const MIN_FIXES_OK: usize = 89;
const MIN_HOVERED: usize = 133;

#[test]
fn real_prose() {
    let passages = passages();
    let ids: BTreeSet<&str> = passages.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids.len(), passages.len(), "passage ids are unique");
    for p in &passages {
        assert!(p.url.starts_with("http") && !p.title.is_empty() && !p.retrieved.is_empty() && !p.kind.is_empty(), "{}: source recorded", p.id);
    }
    assert!(passages.len() >= 40, "issue 9 asks for at least 40 passages");
    let truth = truth(&passages);
    let mut kinds: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for p in &passages {
        let e = kinds.entry(p.kind.as_str()).or_default();
        e.0 += 1;
        e.1 += truth.iter().filter(|t| t.id == p.id).count();
    }
    let mut per_key_kind: BTreeMap<String, BTreeMap<&str, usize>> = BTreeMap::new();
    for t in &truth {
        let k = match t.key.split_once(' ') {
            Some((organ, _)) => format!("{organ} resolution"),
            None if t.key == "not-UN" => "other body".to_string(),
            None => "document".to_string(),
        };
        let verdict = match t.verdict {
            Verdict::Correct => "correct",
            Verdict::Wrong => "wrong",
            Verdict::NotUn => "not-UN",
        };
        *per_key_kind.entry(k).or_default().entry(verdict).or_default() += 1;
    }
    assert!(kinds.len() >= 8, "issue 9 asks for at least 8 kinds of source");
    let s = score(&passages, &truth);

    eprintln!("real prose: {} passages from {} kinds of source, {} citations", passages.len(), kinds.len(), truth.len());
    for (kind, (n, c)) in &kinds {
        eprintln!("  {kind}: {n} passages, {c} citations");
    }
    for (k, v) in &per_key_kind {
        eprintln!("  {k}: {v:?}");
    }
    eprintln!(
        "flags (warnings and errors): {} = {} expected + {} other codes on wrong citations + {} false positives",
        s.flags,
        s.true_positives,
        s.other_codes_on_wrong.len(),
        s.false_positives.len()
    );
    for fp in &s.false_positives {
        eprintln!("  false positive: {fp}");
    }
    for o in &s.other_codes_on_wrong {
        eprintln!("  other code on a wrong citation: {o}");
    }
    eprintln!("recall on wrong citations: {}/{} ({:.1} %)", s.recalled, s.wrong, pct(s.recalled, s.wrong));
    for m in &s.missed {
        eprintln!("  missed: {m}");
    }
    eprintln!("fixes giving the expected text: {}/{}", s.fixes_ok, s.fixes_expected);
    for b in &s.fixes_bad {
        eprintln!("  fix: {b}");
    }
    eprintln!("hover on correct citations: {}/{} ({:.1} %)", s.hovered, s.correct_un, pct(s.hovered, s.correct_un));
    for h in &s.no_hover {
        eprintln!("  no hover: {h}");
    }
    eprintln!("other bodies' resolutions given a UN hover: {}/{}", s.un_hover_on_other_body.len(), s.not_un);
    for h in &s.un_hover_on_other_body {
        eprintln!("  UN hover: {h}");
    }

    // The target of issue 9, reached: no false positive.
    assert!(s.false_positives.is_empty(), "false positives: {:#?}", s.false_positives);
    assert!(s.recalled >= MIN_RECALLED, "recall fell to {}", s.recalled);
    assert!(s.fixes_ok >= MIN_FIXES_OK, "fixes fell to {}", s.fixes_ok);
    assert!(s.hovered >= MIN_HOVERED, "hover fell to {}", s.hovered);
    assert!(s.un_hover_on_other_body.is_empty(), "other bodies' resolutions given a UN hover: {:?}", s.un_hover_on_other_body);
}
