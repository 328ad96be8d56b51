use super::*;

fn fixture() -> Gazetteer {
    Gazetteer::parse(include_str!("../../tests/data/gazetteer_fixture.toml")).unwrap()
}

#[test]
fn empty_index_answers_nothing() {
    let index = CorpusIndex::empty(&fixture());
    assert!(index.is_empty());
    assert!(index.mentions("org:iaea").is_empty());
    assert!(index.statements_citing("SC 1540").is_empty());
    assert!(index.entity_at(Path::new("/x.txt"), 0).is_none());
    assert_eq!(index.stats(), IndexStats::default());
    assert_eq!(index.keys().count(), 0);
}

#[test]
fn build_of_nothing_reports_the_missing_root() {
    let (index, skipped) = CorpusIndex::build(&[PathBuf::from("/nonexistent/corpus")], &fixture());
    assert!(index.is_empty());
    assert_eq!(skipped.len(), 1);
    assert_eq!(skipped[0].path, PathBuf::from("/nonexistent/corpus"));
}
