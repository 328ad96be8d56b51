//! The `dragoman` binary as a user runs it: `check` (human and JSON output, exit codes, bad
//! input), `explain` and `rules`. Expected output is written out in full (inline snapshots).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn dragoman(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dragoman")).args(args).current_dir(cwd).env("NO_COLOR", "1").output().expect("run dragoman")
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

/// `check --format json`'s output, parsed.
fn json(o: &Output) -> serde_json::Value {
    serde_json::from_str(&stdout(o)).expect("check --format json prints JSON")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("stderr is UTF-8")
}

#[test]
fn seeds_are_clean() {
    let o = dragoman(&["check", "seeds"], &root());
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(stdout(&o), "2 files checked: 0 errors, 0 warnings, 0 notes\n");
}

#[test]
fn human_output_has_the_line_a_caret_and_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("draft.md"), "We recall resolution 1540 (2005) and\nresolution 2325(2016).\n").unwrap();
    let o = dragoman(&["check", "draft.md"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    let expected = "\
error[dragoman/wrong-year]: Security Council resolution 1540 was adopted on 28 April 2004, not in 2005: write “1540 (2004)”.
 --> draft.md:1:27
  |
1 | We recall resolution 1540 (2005) and
  |                           ^^^^^^
  |
  = help: fix: Write “2004”

warning[dragoman/missing-space]: A space separates the number from the year: write “2325 (2016)”.
 --> draft.md:2:16
  |
2 | resolution 2325(2016).
  |                ------
  |
  = help: fix: Insert a space

1 file checked: 1 error, 1 warning, 0 notes
";
    assert_eq!(stdout(&o), expected);
}

#[test]
fn json_output_is_lsp_diagnostics_with_the_fix_in_data() {
    let dir = tempfile::tempdir().unwrap();
    // “é” before the citation: the column must count UTF-16 code units.
    std::fs::write(dir.path().join("d.txt"), "Déjà, resolution 1540.\n").unwrap();
    let o = dragoman(&["check", "--format", "json", "d.txt"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    let v = json(&o);
    let files = v.as_array().expect("array of files");
    assert_eq!(files.len(), 1);
    assert_eq!(files[0]["path"], "d.txt");
    let d = &files[0]["diagnostics"][0];
    assert_eq!(d["code"], "dragoman/missing-year");
    assert_eq!(d["severity"], 2);
    assert_eq!(d["source"], "dragoman");
    assert_eq!(d["range"]["start"], serde_json::json!({"line": 0, "character": 17}));
    assert_eq!(d["range"]["end"], serde_json::json!({"line": 0, "character": 21}));
    let edit = &d["data"]["fix"]["edits"][0];
    assert_eq!(edit["newText"].as_str().map(str::trim), Some("(2004)"), "{d}");
}

#[test]
fn bad_input_is_reported_and_the_other_files_are_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(p.join("binary.txt"), [0u8, 159, 146, 150, 0, 1, 2]).unwrap();
    std::fs::write(p.join("latin1.txt"), b"r\xe9solution 1540 (2004)\n").unwrap();
    std::fs::write(p.join("good.md"), "We recall resolution 1540(2004).\n").unwrap();
    let o = dragoman(&["check", "binary.txt", "latin1.txt", "missing.md", "good.md"], p);
    assert_eq!(o.status.code(), Some(2), "an I/O error wins over findings");
    let err = stderr(&o);
    assert!(err.contains("binary.txt") && err.to_lowercase().contains("binary"), "{err}");
    assert!(err.contains("latin1.txt") && err.contains("UTF-8"), "{err}");
    assert!(err.contains("missing.md"), "{err}");
    let out = stdout(&o);
    assert!(out.contains("dragoman/missing-space"), "good.md is still checked: {out}");
    assert!(out.ends_with("1 file checked: 0 errors, 1 warning, 0 notes\n"), "{out}");
}

#[test]
fn corpus_folders_are_not_linted_when_walking_the_workspace() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::create_dir(p.join("seeds")).unwrap();
    std::fs::write(p.join("seeds/old.txt"), "resolution 1540(2004)\n").unwrap();
    std::fs::write(p.join("draft.md"), "resolution 1540 (2004)\n").unwrap();
    let o = dragoman(&["check", "."], p);
    assert_eq!((o.status.code(), stdout(&o).as_str()), (Some(0), "1 file checked: 0 errors, 0 warnings, 0 notes\n"));
    // The same from outside the workspace.
    let o = dragoman(&["check", p.to_str().unwrap()], &root().join("src"));
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    // Named explicitly, the corpus folder is checked.
    let o = dragoman(&["check", "seeds"], p);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn configured_rules_and_ignore_comments_apply() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(p.join("dragoman.toml"), "[rules]\nmissing-year = \"off\"\n").unwrap();
    std::fs::write(p.join("draft.md"), "resolution 1540 and\n<!-- dragoman-ignore-next-line -->\nresolution 1540(2004)\nresolution 1540(2004)\n").unwrap();
    let o = dragoman(&["check", "--format", "json", "draft.md"], p);
    let v = json(&o);
    let codes: Vec<(&str, u64)> =
        v[0]["diagnostics"].as_array().unwrap().iter().map(|d| (d["code"].as_str().unwrap(), d["range"]["start"]["line"].as_u64().unwrap())).collect();
    assert_eq!(codes, [("dragoman/missing-space", 3)]);
    // Run from elsewhere, the workspace's dragoman.toml still applies.
    let o = dragoman(&["check", "--format", "json", p.join("draft.md").to_str().unwrap()], &root().join("src"));
    let v = json(&o);
    assert_eq!(v[0]["diagnostics"].as_array().unwrap().len(), 1, "{v}");
}

#[test]
fn explain_prints_the_hover_of_a_resolution() {
    let o = dragoman(&["explain", "resolution 1540 (2004)"], &root());
    assert_eq!(o.status.code(), Some(0));
    // Plain text for a terminal: no Markdown, no escapes.
    assert_eq!(
        stdout(&o),
        "Security Council resolution 1540 (2004)\nAdopted on 28 April 2004 at meeting S/PV.4956\nSubject: Non-proliferation of weapons of mass destruction\nCited in 1 corpus statement: Kazakhstan (Mr. Umarov)\nhttps://undocs.org/S/RES/1540(2004)\n"
    );
    let o = dragoman(&["explain", "the", "Arms", "Trade", "Treaty"], &root());
    let out = stdout(&o);
    assert!(out.starts_with("Arms Trade Treaty (ATT)\n"), "{out}");
    assert!(out.contains("Entered into force 24 December 2014"), "{out}");
    // Markdown as the editor gets it: only what could start Markdown is escaped.
    let o = dragoman(&["explain", "--format", "markdown", "the", "Arms", "Trade", "Treaty"], &root());
    let out = stdout(&o);
    assert!(out.starts_with("**Arms Trade Treaty (ATT)**\n\nInstrument"), "{out}");
    assert!(out.contains("\n\n[https://thearmstradetreaty.org](https://thearmstradetreaty.org)"), "{out}");
    let o = dragoman(&["explain", "--format", "json", "resolution 1540 (2004)"], &root());
    let v = json(&o);
    assert_eq!((v["text"].as_str(), v["start"].as_u64(), v["end"].as_u64()), (Some("resolution 1540 (2004)"), Some(0), Some(22)));
    assert_eq!(v["hover"]["facts"][0], serde_json::json!({"label": "adopted-on", "value": "28 April 2004", "source": "catalogue"}));
    assert_eq!(v["hover"]["corpus"]["statements"], 1);
    let o = dragoman(&["explain", "nothing to see"], &root());
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn rules_lists_every_code() {
    let o = dragoman(&["rules"], &root());
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    for rule in dragoman::rules::Rule::ALL {
        assert!(out.contains(&rule.code()), "{} missing", rule.code());
    }
}

#[test]
fn usage_errors_exit_2() {
    let o = dragoman(&["check", "--format", "xml", "x.md"], &root());
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn an_acronym_before_its_spelled_out_form_is_noted() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    // SPEC §3 row 19: `the IAEA` with no `International Atomic Energy Agency (IAEA)` earlier.
    std::fs::write(p.join("a.md"), "We thank the IAEA.\nThe International Atomic Energy Agency (IAEA) helps.\n").unwrap();
    std::fs::write(p.join("b.md"), "The International Atomic Energy Agency (IAEA) and\nthe IAEA again; UNICEF needs no spelling out.\n").unwrap();
    // Spelled out without the acronym, wrapped across lines: not flagged either.
    std::fs::write(p.join("c.md"), "The International Atomic Energy\nAgency reports; the IAEA agrees.\n").unwrap();
    let o = dragoman(&["check", "--format", "json", "a.md", "b.md", "c.md"], p);
    assert_eq!(o.status.code(), Some(0), "information does not fail the check");
    let v = json(&o);
    let a = v[0]["diagnostics"].as_array().unwrap();
    assert_eq!(a.len(), 1, "{a:?}");
    assert_eq!(a[0]["code"], "dragoman/acronym-first-use");
    assert_eq!(a[0]["severity"], 3);
    assert_eq!(a[0]["data"]["fix"]["edits"][0]["newText"], "International Atomic Energy Agency (IAEA)");
    assert_eq!(v[1]["diagnostics"], serde_json::json!([]));
    assert_eq!(v[2]["diagnostics"], serde_json::json!([]));
}
