//! `dragoman index` and `dragoman corpus import` as a user runs them.

use std::path::PathBuf;
use std::process::Command;

fn dragoman() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dragoman"))
}

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn corpus_cli_index_seeds_text_and_json() {
    let out = dragoman().args(["index", "--corpus"]).arg(manifest().join("seeds")).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for want in ["statements: 2", "sc-resolution", "document", "distinct entities:", "skipped: 0", "time: gazetteer", "read+extract"] {
        assert!(text.contains(want), "{want:?} not in\n{text}");
    }
    // Seven citations of SC 1540 and SC 2325, one of S/2017/1025, whatever the gazetteer.
    assert!(text.lines().any(|l| l.trim_start().starts_with("sc-resolution") && l.contains(" 7 mentions")), "{text}");

    let out = dragoman().args(["index", "--json", "--corpus"]).arg(manifest().join("seeds")).output().unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["statements"], 2);
    assert_eq!(v["mentions_by_kind"]["sc-resolution"], 7);
    assert_eq!(v["mentions_by_kind"]["document"], 1);
    assert_eq!(v["skipped"].as_array().map(Vec::len), Some(0));
    assert!(v["distinct_entities"].as_u64().unwrap() >= 4);
    assert!(v["timings_ms"]["read_extract"].as_f64().is_some());
}

#[test]
fn corpus_cli_import_then_index_reports_bad_files() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("gd");
    let out =
        dragoman().args(["corpus", "import"]).arg(manifest().join("tests/data/gd_sample/ungdc_sample.jsonl.gz")).arg("--out").arg(&out_dir).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("imported 200 statements (3.6 MB of text)"), "{text}");
    assert!(text.contains("0 bad lines"), "{text}");

    std::fs::write(out_dir.join("bad.txt"), b"\xff\xfe\x00\x00binary").unwrap();
    let out = dragoman().args(["index", "--json", "--corpus"]).arg(&out_dir).output().unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["statements"], 200);
    let skipped = v["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 1);
    assert!(skipped[0]["path"].as_str().unwrap().ends_with("bad.txt"));
    assert!(skipped[0]["reason"].as_str().unwrap().contains("binary"));

    // A missing corpus folder is a usage error.
    let out = dragoman().args(["index", "--corpus"]).arg(dir.path().join("missing")).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing"));
    // A missing input file too.
    let out = dragoman().args(["corpus", "import"]).arg(dir.path().join("none.jsonl")).arg("--out").arg(&out_dir).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}
