//! The corpus index on the seed statements (`seeds/`): every mention the seeds contain,
//! with its exact range (0-based line, UTF-16 column, byte offset), written down by reading
//! the seed text, plus lookups, ordering, search and incremental updates.
//!
//! Exact entity ids come from the fixture gazetteer (`tests/data/gazetteer_fixture.toml`),
//! so these tests do not depend on the bundled data file; one test runs on
//! `Gazetteer::bundled()` with looser assertions.

use std::path::{Path, PathBuf};

use dragoman::gazetteer::Gazetteer;
use dragoman::index::{CorpusIndex, Mention, Role};

const SADYKOV: &str = "000_d4ea41a10ebcdbe5.txt";
const UMAROV: &str = "004_5167a4cbcf6c02b8.txt";

fn seeds() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

fn fixture() -> Gazetteer {
    Gazetteer::parse(include_str!("data/gazetteer_fixture.toml")).expect("fixture gazetteer parses")
}

/// One expected mention: key, role, start (line, UTF-16 column), end (line, column), bytes,
/// and the text it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Want {
    key: String,
    role: Role,
    start: (u32, u32),
    end: (u32, u32),
    bytes: std::ops::Range<usize>,
    text: String,
}

fn m(key: &str, role: Role, start: (u32, u32), end: (u32, u32), bytes: std::ops::Range<usize>, text: &str) -> Want {
    Want { key: key.into(), role, start, end, bytes, text: text.into() }
}

/// Everything the seeds name, in text order. Lines and columns are 0-based; the seeds are
/// ASCII, so UTF-16 columns equal byte columns.
fn expected(file: &str) -> Vec<Want> {
    match file {
        SADYKOV => vec![
            // "The Secretary-General's report (S/2017/1025)"
            m("S/2017/1025", Role::Citation, (5, 41), (5, 52), 288..299, "S/2017/1025"),
            m("instrument:agenda-2030", Role::Name, (16, 33), (17, 23), 777..816, "2030 Agenda for\nSustainable Development"),
            // The Programme of Action's long title over three lines.
            m(
                "instrument:poa-salw",
                Role::Name,
                (42, 36),
                (44, 47),
                2040..2161,
                "Programme of Action\nto Prevent, Combat and Eradicate the Illicit Trade in\nSmall Arms and Light Weapons in All Its Aspects",
            ),
            m("org:un", Role::Name, (53, 29), (53, 43), 2550..2564, "United Nations"),
            m("org:au", Role::Name, (54, 4), (54, 17), 2576..2589, "African Union"),
            // The longest name wins over "United Nations" inside it.
            m("org:unodc", Role::Name, (80, 7), (80, 47), 3781..3821, "United Nations Office on Drugs and Crime"),
            m("org:interpol", Role::Acronym, (81, 4), (81, 12), 3826..3834, "INTERPOL"),
            m("instrument:unroca", Role::Name, (83, 16), (84, 17), 3853..3897, "United Nations Register of\nConventional Arms"),
            m("instrument:att", Role::Name, (87, 22), (87, 39), 4068..4085, "Arms Trade Treaty"),
            m("org:un", Role::Name, (90, 31), (90, 45), 4237..4251, "United Nations"),
        ],
        UMAROV => vec![
            m("SC 1540", Role::Citation, (2, 34), (3, 6), 136..158, "resolution 1540\n(2004)"),
            // A list: the first item from the word, the second alone.
            m("SC 1540", Role::Citation, (10, 28), (10, 51), 451..474, "resolutions 1540 (2004)"),
            m("SC 2325", Role::Citation, (11, 0), (11, 11), 479..490, "2325 (2016)"),
            // An acronym only the corpus defines; plural WMDs keyed WMD.
            m("defined:WMD", Role::Definition, (17, 46), (18, 26), 844..878, "weapons\nof mass destruction (WMDs)"),
            m("defined:WMD", Role::Acronym, (24, 8), (24, 12), 1187..1191, "WMDs"),
            m("org:iaea", Role::Definition, (35, 15), (36, 6), 1640..1681, "International Atomic Energy Agency\n(IAEA)"),
            // "The IAEA's": the acronym alone.
            m("org:iaea", Role::Acronym, (38, 38), (38, 42), 1812..1816, "IAEA"),
            m("org:unodc", Role::Name, (57, 7), (57, 47), 2713..2753, "United Nations Office on Drugs and Crime"),
            m("org:interpol", Role::Acronym, (58, 0), (58, 8), 2755..2763, "INTERPOL"),
            m("SC 1540", Role::Citation, (65, 0), (65, 23), 3023..3046, "resolutions 1540 (2004)"),
            m("SC 2325", Role::Citation, (65, 28), (65, 39), 3051..3062, "2325 (2016)"),
            m("org:un", Role::Name, (74, 18), (74, 32), 3522..3536, "United Nations"),
            m("org:un", Role::Name, (77, 20), (77, 34), 3676..3690, "United Nations"),
            m("SC 1540", Role::Citation, (80, 6), (80, 28), 3819..3841, "resolution 1540 (2004)"),
            m("defined:WMD", Role::Acronym, (83, 17), (83, 21), 3908..3912, "WMDs"),
            m("org:un", Role::Name, (87, 2), (87, 16), 4105..4119, "United Nations"),
            m("defined:WMD", Role::Acronym, (88, 48), (88, 52), 4204..4208, "WMDs"),
            m("SC 1540", Role::Citation, (108, 34), (109, 6), 5181..5203, "resolution 1540\n(2004)"),
        ],
        _ => unreachable!(),
    }
}

/// Every mention of `index` in `path`, in text order, with the text it covers read back.
fn got(index: &CorpusIndex, path: &Path) -> Vec<Want> {
    let id = index.file_id(path).expect("seed indexed");
    let text = std::fs::read_to_string(path).unwrap();
    let mut out: Vec<Want> = Vec::new();
    for key in index.keys() {
        for mm in index.mentions(key).iter().filter(|mm| mm.file == id) {
            out.push(Want {
                key: key.to_string(),
                role: mm.role,
                start: (mm.line, mm.utf16_col),
                end: (mm.end_line, mm.end_utf16_col),
                bytes: mm.span.clone(),
                text: text[mm.span.clone()].to_string(),
            });
        }
    }
    out.sort_by_key(|w| w.bytes.start);
    out
}

fn build_seeds(g: &Gazetteer) -> CorpusIndex {
    let (index, skipped) = CorpusIndex::build(&[seeds()], g);
    assert!(skipped.is_empty(), "{skipped:?}");
    index
}

#[test]
fn corpus_seeds_exact_mentions() {
    let index = build_seeds(&fixture());
    assert_eq!(index.len(), 2);
    for file in [SADYKOV, UMAROV] {
        let want = expected(file);
        let have = got(&index, &seeds().join(file));
        for (i, (w, h)) in want.iter().zip(&have).enumerate() {
            assert_eq!(w, h, "{file}: mention {i}");
        }
        assert_eq!(want.len(), have.len(), "{file}: {have:#?}");
    }
}

#[test]
fn corpus_seeds_statements_and_order() {
    let index = build_seeds(&fixture());
    let a = index.file_id(&seeds().join(SADYKOV)).unwrap();
    let b = index.file_id(&seeds().join(UMAROV)).unwrap();
    assert_eq!(index.statement(a).label().as_deref(), Some("Kazakhstan (Mr. Sadykov)"));
    assert_eq!(index.statement(b).label().as_deref(), Some("Kazakhstan (Mr. Umarov)"));
    // Undated statements: by path.
    assert_eq!(index.files().collect::<Vec<_>>(), vec![a, b]);
    assert_eq!(index.path(a), std::fs::canonicalize(seeds().join(SADYKOV)).unwrap());

    // One per statement; the defining mention represents a statement that defines.
    let unodc: Vec<_> = index.statements_citing("org:unodc").into_iter().map(|(f, mm)| (f, mm.span.start)).collect();
    assert_eq!(unodc, vec![(a, 3781), (b, 2713)]);
    let iaea = index.statements_citing("org:iaea");
    assert_eq!(iaea.len(), 1);
    assert_eq!((iaea[0].0, iaea[0].1.role, iaea[0].1.span.start), (b, Role::Definition, 1640));
    let sc1540 = index.statements_citing("SC 1540");
    assert_eq!((sc1540.len(), sc1540[0].1.span.start), (1, 136));
    assert_eq!(index.mentions("SC 1540").len(), 5);
    assert!(index.statements_citing("SC 9999").is_empty());

    let facts = index.facts("S/2017/1025");
    assert_eq!(facts.statements, 1);
    assert_eq!(facts.cited_by, vec!["Kazakhstan (Mr. Sadykov)".to_string()]);
    assert_eq!(facts.described_as.as_deref(), Some("the Secretary-General's report"));
    assert_eq!(index.facts("org:un").cited_by, vec!["Kazakhstan (Mr. Sadykov)".to_string(), "Kazakhstan (Mr. Umarov)".to_string()]);
    assert_eq!(index.defined_name("defined:WMD"), Some("weapons of mass destruction"));

    let stats = index.stats();
    assert_eq!(stats.statements, 2);
    assert_eq!(stats.mentions, expected(SADYKOV).len() + expected(UMAROV).len());
    assert_eq!(stats.mentions_by_kind.get("sc-resolution"), Some(&7));
    assert_eq!(stats.mentions_by_kind.get("document"), Some(&1));
    assert_eq!(stats.mentions_by_kind.get("defined"), Some(&4));
    assert_eq!(stats.mentions_by_kind.get("organization"), Some(&12));
    assert_eq!(stats.mentions_by_kind.get("instrument"), Some(&4));
    // SC 1540, SC 2325, S/2017/1025, defined:WMD, 5 organizations, 4 instruments.
    assert_eq!(stats.distinct, 13);
}

#[test]
fn corpus_seeds_entity_at_position() {
    let index = build_seeds(&fixture());
    let a = seeds().join(SADYKOV);
    let b = seeds().join(UMAROV);
    let at = |p: &Path, off: usize| index.entity_at(p, off).map(|e| (e.key.to_string(), e.mention.span.clone()));
    // Inside the wrapped Register name, on its second line.
    assert_eq!(at(&a, 3890), Some(("instrument:unroca".into(), 3853..3897)));
    assert_eq!(at(&a, 3853), Some(("instrument:unroca".into(), 3853..3897)));
    assert_eq!(at(&a, 3897), None);
    assert_eq!(at(&a, 3790), Some(("org:unodc".into(), 3781..3821)));
    assert_eq!(at(&a, 290), Some(("S/2017/1025".into(), 288..299)));
    assert_eq!(at(&a, 100), None);
    assert_eq!(at(&b, 1680), Some(("org:iaea".into(), 1640..1681)));
    assert_eq!(at(&b, 3055), Some(("SC 2325".into(), 3051..3062)));
    assert_eq!(at(&b, 5200), Some(("SC 1540".into(), 5181..5203)));
    // A relative path that canonicalizes to the same file.
    let rel = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds/../seeds").join(UMAROV);
    assert_eq!(index.entity_at(&rel, 1812).map(|e| e.key), Some("org:iaea"));
    assert!(index.entity_at(Path::new("/nonexistent/x.txt"), 0).is_none());
}

#[test]
fn corpus_seeds_hyphenated_at_line_end() {
    // "The IAEA's low-\nenriched uranium bank": a name hyphenated at a line end.
    let toml = format!(
        "{}\n[[entity]]\nid = \"leu-bank\"\nkind = \"organization\"\ncategory = \"Fuel bank\"\nname = \"IAEA Low Enriched Uranium Bank\"\naliases = [\"low-enriched uranium bank\"]\n",
        include_str!("data/gazetteer_fixture.toml")
    );
    let g = Gazetteer::parse(&toml).unwrap();
    let index = build_seeds(&g);
    let ms = index.mentions("org:leu-bank");
    assert_eq!(ms.len(), 1, "{ms:?}");
    let mm: &Mention = &ms[0];
    assert_eq!((mm.span.clone(), mm.line, mm.utf16_col, mm.end_line, mm.end_utf16_col, mm.role), (1819..1845, 38, 45, 39, 21, Role::Alias));
    let text = std::fs::read_to_string(seeds().join(UMAROV)).unwrap();
    assert_eq!(&text[mm.span.clone()], "low-\nenriched uranium bank");
}

#[test]
fn corpus_seeds_search() {
    let index = build_seeds(&fixture());
    let first = |q: &str| index.search(q, 5).into_iter().next().map(|h| h.key);
    assert_eq!(first("IAEA").as_deref(), Some("org:iaea"));
    assert_eq!(first("iae").as_deref(), Some("org:iaea"));
    assert_eq!(first("Register of Conv").as_deref(), Some("instrument:unroca"));
    assert_eq!(first("S/2017/10").as_deref(), Some("S/2017/1025"));
    assert_eq!(first("WMD").as_deref(), Some("defined:WMD"));
    // Fuzzy: letters in order.
    assert!(index.search("intrpl", 5).iter().any(|h| h.key == "org:interpol"));
    assert!(index.search("SC 154", 10).iter().any(|h| h.key == "SC 1540"));
    assert!(index.search("", 5).len() <= 5);
}

#[test]
fn corpus_seeds_incremental_add_change_delete() {
    let g = fixture();
    let dir = tempfile::tempdir().unwrap();
    for f in [SADYKOV, UMAROV] {
        std::fs::copy(seeds().join(f), dir.path().join(f)).unwrap();
    }
    let (mut index, skipped) = CorpusIndex::build(&[dir.path().to_path_buf()], &g);
    assert!(skipped.is_empty());
    let before_un = index.mentions("org:un").to_vec();
    let b = dir.path().join(UMAROV);
    let b_id = index.file_id(&b).unwrap();

    // Change: the IAEA paragraph goes, a new citation comes.
    let text = std::fs::read_to_string(&b).unwrap().replace("International Atomic Energy Agency\n(IAEA)", "agency") + "\nSee S/PRST/2017/2.\n";
    std::fs::write(&b, &text).unwrap();
    assert_eq!(index.update_file(&b), Ok(b_id));
    assert_eq!(index.mentions("org:iaea").len(), 1);
    assert_eq!(index.mentions("org:iaea")[0].role, Role::Acronym);
    let prst = index.mentions("S/PRST/2017/2");
    assert_eq!(prst.len(), 1);
    assert_eq!(&text[prst[0].span.clone()], "S/PRST/2017/2");
    // The other statement is untouched.
    let a_id = index.file_id(&dir.path().join(SADYKOV)).unwrap();
    let un_a: Vec<_> = index.mentions("org:un").iter().filter(|x| x.file == a_id).cloned().collect();
    assert_eq!(un_a, before_un.iter().filter(|x| x.file == a_id).cloned().collect::<Vec<_>>());

    // Add a dated statement: it sorts first.
    let c = dir.path().join("new.md");
    std::fs::write(
        &c,
        "---\ndelegation: Chile\nspeaker: Ms. Bachelet\ndate: 2001-05-02\n---\nThe Arms Trade Treaty and the IAEA and resolution 1540 (2004).\n",
    )
    .unwrap();
    let c_id = index.update_file(&c).unwrap();
    assert_eq!(index.statements_citing("SC 1540")[0].0, c_id);
    assert_eq!(index.statements_citing("SC 1540").len(), 2);
    assert_eq!(index.facts("instrument:att").cited_by, vec!["Chile (Ms. Bachelet)".to_string(), "Kazakhstan (Mr. Sadykov)".to_string()]);
    assert_eq!(index.len(), 3);
    // Text the caller already has (an unsaved buffer).
    index.update_text(&c, "---\ndate: 2001-05-02\n---\nNothing cited.\n");
    assert_eq!(index.statements_citing("SC 1540").len(), 1);
    assert_eq!(index.facts("SC 1540").statements, 1);
    assert!(index.statements_citing("instrument:att").iter().all(|(f, _)| *f != c_id));

    for k in index.keys().collect::<Vec<_>>() {
        let n = index.statements_citing(k).len();
        assert_eq!((index.statements_count(k), index.facts(k).statements), (n, n), "{k}");
    }

    // Delete.
    std::fs::remove_file(&b).unwrap();
    assert!(index.update_file(&b).is_err());
    assert!(index.file_id(&b).is_none());
    assert!(index.mentions("SC 1540").is_empty());
    assert!(index.mentions("defined:WMD").is_empty());
    assert!(!index.remove_file(&b));
    assert!(index.remove_file(&c));
    assert_eq!(index.len(), 1);
    assert_eq!(index.stats().mentions, expected(SADYKOV).len());
    // Mentions per key stay in (statement, offset) order after all that, and the kept
    // statement counts agree with the mentions.
    for k in index.keys().collect::<Vec<_>>() {
        let n = index.statements_citing(k).len();
        assert_eq!((index.statements_count(k), index.facts(k).statements), (n, n), "{k}");
        let ms = index.mentions(k);
        assert!(ms.windows(2).all(|w| (w[0].file, w[0].span.start) < (w[1].file, w[1].span.start)), "{k}");
    }
}

#[test]
fn corpus_seeds_bundled_gazetteer() {
    let g = Gazetteer::bundled();
    let index = build_seeds(g);
    let key_of = |acr: &str| g.by_acronym(acr).map(|e| e.key.clone());
    // Citations do not depend on the gazetteer.
    assert_eq!(index.mentions("S/2017/1025").len(), 1);
    assert_eq!(index.mentions("SC 1540").len(), 5);
    assert_eq!(index.mentions("SC 2325").len(), 2);
    for (acr, start) in [("IAEA", 1640usize), ("UNODC", 2713)] {
        if let Some(k) = key_of(acr) {
            assert!(index.mentions(&k).iter().any(|mm| mm.span.start == start), "{k}");
        }
    }
    // Whatever the bundled data call it, the wrapped Register name is found whole.
    let a = seeds().join(SADYKOV);
    if let Some(e) = index.entity_at(&a, 3890) {
        assert_eq!(e.mention.span, 3853..3897, "{}", e.key);
    }
    if let Some(e) = index.entity_at(&a, 2100) {
        assert_eq!(e.mention.span.start, 2040, "{}", e.key);
    }
    assert!(index.stats().mentions >= 13);
}
