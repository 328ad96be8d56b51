//! The corpus index on the UN General Debate Corpus (CC0; see tests/data/gd_sample/README.md):
//! a committed 200-statement sample, imported and indexed every run, and the full corpus
//! (10,952 statements, 199 MB) from `../shared/data` when it is there.
//!
//! Spot checks are real mentions found by searching the imported statements (line and
//! UTF-16 column 0-based, counting the front-matter lines the importer writes).

use std::path::{Path, PathBuf};
use std::time::Instant;

use dragoman::corpus::import::import_file;
use dragoman::gazetteer::Gazetteer;
use dragoman::index::{CorpusIndex, Role};

fn sample_gz() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/gd_sample/ungdc_sample.jsonl.gz")
}

/// The full corpus: `$DRAGOMAN_GD_CORPUS`, else `../shared/data/...` beside the checkout.
fn full_gz() -> PathBuf {
    std::env::var_os("DRAGOMAN_GD_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/un_general_debate_corpus/ungdc_1946_2024.jsonl.gz"))
}

fn fixture() -> Gazetteer {
    Gazetteer::parse(include_str!("data/gazetteer_fixture.toml")).unwrap()
}

struct Spot {
    file: &'static str,
    key: &'static str,
    role: Role,
    text: &'static str,
    start: (u32, u32),
    end: (u32, u32),
    bytes: std::ops::Range<usize>,
}

/// Mentions in statements that are both in the sample and in the full corpus.
const SPOTS: &[Spot] = &[
    // The organ on one line, the resolution on the next.
    Spot {
        file: "1969/UNGDC_BRA_24_1969.txt",
        key: "SC 242",
        role: Role::Citation,
        text: "Security Council\nresolution 242 (1967)",
        start: (177, 153),
        end: (178, 21),
        bytes: 20304..20342,
    },
    // "Iran’s" earlier on the line: the UTF-16 column is not the byte column.
    Spot {
        file: "2018/UNGDC_ISR_73_2018.txt",
        key: "org:iaea",
        role: Role::Definition,
        text: "International Atomic Energy Agency (IAEA)",
        start: (10, 597),
        end: (10, 638),
        bytes: 1435..1476,
    },
    Spot { file: "1993/UNGDC_KWT_48_1993.txt", key: "S/25811", role: Role::Citation, text: "S/25811", start: (154, 26), end: (154, 33), bytes: 8204..8211 },
    Spot {
        file: "1990/UNGDC_SYR_45_1990.txt",
        key: "SC 425",
        role: Role::Citation,
        text: "Security Council resolution 425 (1978)",
        start: (24, 339),
        end: (24, 377),
        bytes: 8560..8598,
    },
    Spot {
        file: "2013/UNGDC_AUS_68_2013.txt",
        key: "instrument:att",
        role: Role::Name,
        text: "Arms Trade Treaty",
        start: (229, 21),
        end: (229, 38),
        bytes: 10443..10460,
    },
    Spot { file: "2019/UNGDC_MAR_74_2019.txt", key: "org:au", role: Role::Name, text: "African Union", start: (12, 384), end: (12, 397), bytes: 2173..2186 },
    // Wrapped at the line end.
    Spot { file: "1969/UNGDC_MAR_24_1969.txt", key: "org:un", role: Role::Name, text: "United\nNations", start: (145, 45), end: (146, 7), bytes: 7409..7423 },
];

fn check_spots(index: &CorpusIndex, root: &Path) {
    for s in SPOTS {
        let path = root.join(s.file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(&text[s.bytes.clone()], s.text, "{}", s.file);
        for offset in [s.bytes.start, s.bytes.end - 1] {
            let at = index.entity_at(&path, offset).unwrap_or_else(|| panic!("{}: nothing at {offset}", s.file));
            let m = at.mention;
            assert_eq!(
                (at.key, m.role, (m.line, m.utf16_col), (m.end_line, m.end_utf16_col), m.span.clone()),
                (s.key, s.role, s.start, s.end, s.bytes.clone()),
                "{}",
                s.file
            );
        }
        let id = index.file_id(&path).unwrap();
        assert!(index.statements_citing(s.key).iter().any(|(f, _)| *f == id), "{} {}", s.file, s.key);
    }
}

/// Statements citing a key come earliest first.
fn check_order(index: &CorpusIndex, key: &str) {
    let years: Vec<u16> = index.statements_citing(key).iter().map(|(f, _)| index.statement(*f).year.unwrap()).collect();
    assert!(years.windows(2).all(|w| w[0] <= w[1]), "{key}: {years:?}");
}

#[test]
fn corpus_gd_sample_import_and_index() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("gd");
    let report = import_file(&sample_gz(), &root).unwrap();
    assert_eq!((report.imported, report.bad_lines.len(), report.text_bytes), (200, 0, 3_581_379));

    let (index, skipped) = CorpusIndex::build(std::slice::from_ref(&root), &fixture());
    assert!(skipped.is_empty(), "{skipped:?}");
    assert_eq!(index.len(), 200);
    let stats = index.stats();
    println!("{stats:#?}");
    let kinds: Vec<(&str, usize)> = stats.mentions_by_kind.iter().map(|(k, n)| (*k, *n)).collect();
    assert_eq!(
        kinds,
        vec![
            ("defined", 408),
            ("document", 55),
            ("ecosoc-resolution", 1),
            ("ga-resolution", 107),
            ("instrument", 52),
            ("meeting-record", 21),
            ("organization", 2667),
            ("presidential-statement", 1),
            ("sc-resolution", 114),
        ]
    );
    check_spots(&index, &root);
    check_order(&index, "SC 242");
    check_order(&index, "org:iaea");

    // Metadata from the front matter the importer wrote.
    let mar = index.file_id(&root.join("1969/UNGDC_MAR_24_1969.txt")).unwrap();
    let st = index.statement(mar);
    assert_eq!(st.label().as_deref(), Some("Morocco (Mr. LARAKI)"));
    assert_eq!((st.year, st.session.as_deref(), st.id.as_deref()), (Some(1969), Some("24"), Some("UNGDC_MAR_24_1969")));
    // Statements in date order.
    let first = index.files().next().unwrap();
    assert_eq!(index.statement(first).year, Some(1946));
    // Snippets come from disk.
    let m = &index.mentions("S/25811")[0];
    assert!(index.snippet(m).unwrap().contains("(document S/25811)"));
}

#[test]
fn corpus_gd_full_import_and_index() {
    let gz = full_gz();
    if !gz.exists() {
        println!("corpus_gd_full_import_and_index: skipped: {} not found (set DRAGOMAN_GD_CORPUS to run it)", gz.display());
        return;
    }
    if cfg!(debug_assertions) {
        println!("corpus_gd_full_import_and_index: skipped in a debug build (run `cargo test --release`)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("gd");
    let t0 = Instant::now();
    let report = import_file(&gz, &root).unwrap();
    let t_import = t0.elapsed();
    assert_eq!((report.imported, report.bad_lines.len()), (10_952, 0));
    assert!(report.text_bytes > 190_000_000, "{}", report.text_bytes);

    let t1 = Instant::now();
    let (index, skipped) = CorpusIndex::build(std::slice::from_ref(&root), &fixture());
    let t_index = t1.elapsed();
    assert!(skipped.is_empty(), "{skipped:?}");
    assert_eq!(index.len(), 10_952);
    let stats = index.stats();
    println!(
        "full General Debate corpus: import {:.2} s ({:.1} MB), index {:.2} s; {stats:#?}",
        t_import.as_secs_f64(),
        report.text_bytes as f64 / 1e6,
        t_index.as_secs_f64()
    );
    // Citations do not depend on the gazetteer.
    for (kind, n) in [
        ("document", 3255),
        ("ecosoc-resolution", 15),
        ("ga-decision", 16),
        ("ga-resolution", 5923),
        ("hrc-resolution", 6),
        ("meeting-record", 1377),
        ("presidential-statement", 20),
        ("sc-resolution", 6575),
    ] {
        assert_eq!(stats.mentions_by_kind.get(kind), Some(&n), "{kind}");
    }
    check_spots(&index, &root);
    check_order(&index, "SC 242");
    check_order(&index, "instrument:npt");
    assert!(index.statements_citing("SC 242").len() > 500);
}
