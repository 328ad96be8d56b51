use super::*;

fn fixture() -> Gazetteer {
    Gazetteer::parse(include_str!("../../tests/data/gazetteer_fixture.toml")).unwrap()
}

#[test]
fn dump_seeds() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let (index, skipped) = CorpusIndex::build(&[root], &fixture());
    assert!(skipped.is_empty());
    for k in index.keys() {
        for m in index.mentions(k) {
            let text = std::fs::read_to_string(index.path(m.file)).unwrap();
            println!("{k:20} {:?} {} {}:{}-{}:{} {:?}", m.role, m.file, m.line, m.utf16_col, m.end_line, m.end_utf16_col, &text[m.span.clone()]);
        }
    }
    println!("{:?}", index.facts("S/2017/1025"));
    println!("{:?}", index.facts("SC 1540"));
}
