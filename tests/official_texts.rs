//! The official-texts test: the engine over the English texts of resolutions as the UN
//! published them (SPEC §3: the reference for what correct looks like).
//!
//! - `../shared/data/un_resolution_texts_unxml/`: 2,241 General Assembly resolutions (sessions
//!   74–80) and 1,538 Security Council resolutions (2000–2026), body text and footnotes;
//! - `../shared/data/un_sc_resolutions/`: Security Council resolutions 1–899 (OCR of the
//!   printed volumes).
//!
//! It reports the citations parsed per kind and every warning or error, asserts that every
//! finding was reviewed in `tests/data/official_texts_reviewed.tsv`, that the reviewed real
//! slips are all found, and that nothing judged a false positive is flagged. Skips, saying so,
//! when ../shared/data is absent. `DRAGOMAN_REPORT=path` writes every finding with its context;
//! `DRAGOMAN_REVIEW_OUT=path` writes the signatures not yet reviewed.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;

use dragoman::check::Checker;
use dragoman::citation::scan;
use dragoman::config::Config;
use dragoman::rules::{Finding, Severity};

const TEXTS: &str = "../shared/data/un_resolution_texts_unxml";
const OLD_SC: &str = "../shared/data/un_sc_resolutions/sc_resolution_texts_1_899_cr_unsc_gold.jsonl.gz";

/// One resolution: its symbol, the year it was adopted, and its text (body, then footnotes).
struct Text {
    symbol: String,
    year: u16,
    text: String,
}

fn records(path: &Path) -> Vec<serde_json::Value> {
    let file = std::fs::File::open(path).expect("open texts");
    let reader = BufReader::with_capacity(1 << 20, flate2::read::GzDecoder::new(file));
    reader.lines().map(|line| serde_json::from_str(&line.expect("read line")).expect("json line")).collect()
}

fn texts(root: &Path) -> Vec<Text> {
    let mut out = Vec::new();
    for file in ["ga_texts.jsonl.gz", "sc_texts.jsonl.gz"] {
        for v in records(&root.join(TEXTS).join(file)) {
            let year = match v["year"].as_u64() {
                Some(y) => y as u16,
                None => v["date"].as_str().and_then(|d| d.get(..4)).and_then(|y| y.parse().ok()).unwrap_or(0),
            };
            // Footnotes follow the body, one paragraph each, as a printed page has them.
            let mut text = v["text"].as_str().unwrap_or_default().to_string();
            for note in v["footnotes"].as_array().into_iter().flatten() {
                text.push_str("\n\n");
                text.push_str(note.as_str().unwrap_or_default());
            }
            out.push(Text { symbol: v["symbol"].as_str().unwrap_or_default().to_string(), year, text });
        }
    }
    let old = root.join(OLD_SC);
    if old.exists() {
        for v in records(&old) {
            out.push(Text {
                symbol: v["id"].as_str().unwrap_or_default().to_string(),
                year: v["year"].as_u64().unwrap_or(0) as u16,
                text: v["text"].as_str().unwrap_or_default().to_string(),
            });
        }
    }
    out
}

/// A finding as `symbol|rule|typed text`, the form the reviewed list uses.
fn signature(t: &Text, f: &Finding) -> String {
    let typed: String = t.text[f.span.clone()].chars().map(|c| if c.is_whitespace() { ' ' } else { c }).collect();
    format!("{}|{}|{}", t.symbol, f.rule.name(), typed)
}

/// Every warning and error the engine gives on the texts, each judged by reading it in
/// context: `real` (the text deviates from UN style or cites a wrong number or year) or `fp`
/// (a false positive: a correct citation, or not a UN citation). A third column says why.
const REVIEWED: &str = include_str!("data/official_texts_reviewed.tsv");

#[test]
fn official_resolution_texts() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if !root.join(TEXTS).join("ga_texts.jsonl.gz").exists() {
        eprintln!("SKIPPED official-texts test: {} is absent (CI has it)", root.join(TEXTS).display());
        return;
    }
    let config = Config::default();
    let checker = Checker::new(&config);
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    let mut by_rule: BTreeMap<(&str, Severity), usize> = BTreeMap::new();
    let mut signatures = Vec::new();
    let mut report = std::env::var_os("DRAGOMAN_REPORT").map(|p| std::fs::File::create(p).expect("report file"));
    let texts = texts(root);
    for t in &texts {
        for c in scan(&t.text) {
            *kinds.entry(c.kind.name()).or_default() += 1;
        }
        for f in checker.check_dated(&t.text, Some(t.year)) {
            if f.severity > Severity::Warning {
                continue;
            }
            *by_rule.entry((f.rule.name(), f.severity)).or_default() += 1;
            signatures.push(signature(t, &f));
            if let Some(out) = report.as_mut() {
                let a = t.text[..f.span.start].char_indices().rev().nth(80).map_or(0, |(i, _)| i);
                let b = t.text[f.span.end..].char_indices().nth(50).map_or(t.text.len(), |(i, _)| f.span.end + i);
                let ctx = t.text[a..b].replace('\n', "⏎");
                writeln!(out, "{}\t{}\t{}\t{}\t{}", t.symbol, f.rule.name(), &t.text[f.span.clone()].replace('\n', "⏎"), ctx, f.message).unwrap();
            }
        }
    }
    eprintln!("texts: {}", texts.len());
    eprintln!("citations parsed per kind: {kinds:?}");
    eprintln!("warnings and errors per rule: {by_rule:?}");
    assert!(texts.len() >= 3_779, "only {} texts read", texts.len());

    let reviewed: BTreeMap<&str, &str> = REVIEWED
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .filter_map(|l| {
            let mut cols = l.split('\t');
            let verdict = cols.next()?;
            Some((cols.next()?, verdict))
        })
        .collect();
    let found: BTreeSet<&str> = signatures.iter().map(String::as_str).collect();
    let unreviewed: Vec<&str> = found.iter().copied().filter(|s| !reviewed.contains_key(s)).collect();
    let false_positives: Vec<&str> = found.iter().copied().filter(|s| reviewed.get(s) == Some(&"fp")).collect();
    let missed: Vec<&str> = reviewed.iter().filter(|(s, v)| **v == "real" && !found.contains(**s)).map(|(s, _)| *s).collect();
    let real = found.len() - unreviewed.len() - false_positives.len();
    eprintln!("warnings and errors: {} ({} distinct: {real} reviewed real slips, {} false positives)", signatures.len(), found.len(), false_positives.len());
    if let Some(out) = std::env::var_os("DRAGOMAN_REVIEW_OUT") {
        std::fs::write(out, unreviewed.iter().map(|s| format!("?\t{s}\n")).collect::<String>()).unwrap();
    }
    assert!(
        unreviewed.is_empty(),
        "{} findings not in tests/data/official_texts_reviewed.tsv (read them in context; add them with a verdict): {unreviewed:#?}",
        unreviewed.len()
    );
    assert!(false_positives.is_empty(), "{} findings reviewed as false positives are flagged: {false_positives:#?}", false_positives.len());
    assert!(missed.is_empty(), "{} reviewed real slips are no longer found: {missed:#?}", missed.len());
}
