//! Bad corpus files (binary, invalid UTF-8, empty, huge, a symbolic-link loop, unreadable)
//! are skipped and reported by name; the rest of the corpus is indexed.

use std::path::Path;

use dragoman::corpus::MAX_STATEMENT_BYTES;
use dragoman::gazetteer::Gazetteer;
use dragoman::index::CorpusIndex;

fn fixture() -> Gazetteer {
    Gazetteer::parse(include_str!("data/gazetteer_fixture.toml")).unwrap()
}

fn reason_for<'a>(skipped: &'a [dragoman::index::Skipped], name: &str) -> Option<&'a str> {
    skipped.iter().find(|s| s.path.to_string_lossy().contains(name)).map(|s| s.reason.as_str())
}

#[test]
fn corpus_bad_files_are_skipped_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let w = |name: &str, bytes: &[u8]| {
        let p = root.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    };
    w("good/a.txt", b"Mr. A (Chile): The IAEA and resolution 1540 (2004).\n");
    w("good/b.md", "---\nyear: 1999\n---\nMs. B (Peru): The Arms Trade Treaty, S/2017/1025 \u{2014} caf\u{e9}.\n".as_bytes());
    w("binary.txt", b"PK\x03\x04\x00\x00\x00binary\x00stuff");
    w("latin1.txt", b"Mr. C (France): la soci\xe9t\xe9 and the IAEA.\n");
    w("empty.txt", b"");
    w("blank.md", b"  \n\n\t\n");
    w("ignored.pdf", b"%PDF-1.4 IAEA");
    // Huge: over the limit (sparse, so the test stays cheap).
    let huge = std::fs::File::create(root.join("huge.txt")).unwrap();
    huge.set_len(MAX_STATEMENT_BYTES + 1).unwrap();
    drop(huge);
    // A symbolic-link loop: loop/again -> its own parent.
    #[cfg(unix)]
    {
        std::fs::create_dir_all(root.join("loop")).unwrap();
        std::os::unix::fs::symlink(root.join("loop"), root.join("loop/again")).unwrap();
        std::fs::write(root.join("loop/c.txt"), "Mr. D (Mali): The African Union.\n").unwrap();
        // A dangling link.
        std::os::unix::fs::symlink(root.join("nowhere.txt"), root.join("dangling.txt")).unwrap();
    }

    let (index, skipped) = CorpusIndex::build(&[root.to_path_buf()], &fixture());
    let names: Vec<String> = skipped.iter().map(|s| s.to_string()).collect();
    eprintln!("{names:#?}");

    // The good files are all there.
    let good: Vec<&Path> = index.files().map(|f| index.path(f)).collect();
    assert!(good.iter().any(|p| p.ends_with("good/a.txt")));
    assert!(good.iter().any(|p| p.ends_with("good/b.md")));
    assert!(good.iter().any(|p| p.ends_with("loop/c.txt")), "{good:?}");
    assert_eq!(index.len(), 3, "{good:?}");
    assert_eq!(index.mentions("org:iaea").len(), 1);
    assert_eq!(index.mentions("SC 1540").len(), 1);
    assert_eq!(index.mentions("S/2017/1025").len(), 1);
    assert_eq!(index.mentions("org:au").len(), 1);
    // Dated statement first.
    assert!(index.path(index.files().next().unwrap()).ends_with("good/b.md"));

    // Each bad one is reported with its name and why.
    assert!(reason_for(&skipped, "binary.txt").is_some_and(|r| r.contains("binary")), "{names:?}");
    assert!(reason_for(&skipped, "latin1.txt").is_some_and(|r| r.contains("UTF-8")), "{names:?}");
    assert!(reason_for(&skipped, "empty.txt").is_some_and(|r| r.contains("empty")), "{names:?}");
    assert!(reason_for(&skipped, "blank.md").is_some_and(|r| r.contains("empty")), "{names:?}");
    assert!(reason_for(&skipped, "huge.txt").is_some_and(|r| r.contains("too large")), "{names:?}");
    #[cfg(unix)]
    {
        assert!(skipped.iter().any(|s| s.path.to_string_lossy().contains("loop") && s.reason.to_lowercase().contains("loop")), "{names:?}");
        assert!(reason_for(&skipped, "dangling.txt").is_some(), "{names:?}");
    }
    assert!(reason_for(&skipped, "ignored.pdf").is_none());
}

#[test]
fn corpus_bad_files_update_file_reports_and_forgets() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("s.txt");
    std::fs::write(&p, "Mr. A (Chile): The IAEA.\n").unwrap();
    let (mut index, skipped) = CorpusIndex::build(&[dir.path().to_path_buf()], &fixture());
    assert!(skipped.is_empty());
    assert_eq!(index.mentions("org:iaea").len(), 1);
    std::fs::write(&p, b"\xff\xfe not UTF-8").unwrap();
    let err = index.update_file(&p).unwrap_err();
    assert!(err.reason.contains("UTF-8"), "{err}");
    assert!(err.to_string().contains("s.txt"));
    assert!(index.mentions("org:iaea").is_empty());
    assert!(index.is_empty());
    // A root that does not exist is reported, not fatal.
    let (index, skipped) = CorpusIndex::build(&[dir.path().join("missing"), dir.path().to_path_buf()], &fixture());
    assert_eq!(index.len(), 0);
    assert!(skipped.iter().any(|s| s.path.ends_with("missing")));
    assert!(skipped.iter().any(|s| s.path.ends_with("s.txt")));
}
