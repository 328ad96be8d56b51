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
  = help: suggestion: Write “2004”

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

/// A draft with three form slips (a capital, a missing space, a symbol) and a wrong year.
const SLIPS: &str = "We recall Resolution 1540 (2005) and\nresolution 2325(2016), see S/PRST 2017/2.\n";

#[test]
fn fix_writes_the_safe_fixes_and_reports_what_remains() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(p.join("draft.md"), SLIPS).unwrap();
    // A byte-order mark and CRLF line ends survive the rewrite.
    std::fs::write(p.join("bom.txt"), "\u{feff}Under resolution 1540(2004).\r\n").unwrap();
    std::fs::write(p.join("clean.txt"), "Under resolution 1540 (2004).\n").unwrap();
    let o = dragoman(&["check", "--fix", "."], p);
    assert_eq!(o.status.code(), Some(1), "the wrong year remains: {}", stdout(&o));
    assert_eq!(std::fs::read_to_string(p.join("draft.md")).unwrap(), "We recall resolution 1540 (2005) and\nresolution 2325 (2016), see S/PRST/2017/2.\n");
    assert_eq!(std::fs::read(p.join("bom.txt")).unwrap(), "\u{feff}Under resolution 1540 (2004).\r\n".as_bytes());
    let out = stdout(&o);
    for line in [
        "bom.txt:1: fixed dragoman/missing-space: Insert a space\n",
        "draft.md:1: fixed dragoman/capitalized-resolution: Write “resolution” (was “Resolution”)\n",
        "draft.md:2: fixed dragoman/missing-space: Insert a space\n",
        "draft.md:2: fixed dragoman/symbol-format: Write “S/PRST/2017/2” (was “S/PRST 2017/2”)\n",
    ] {
        assert!(out.contains(line), "{line:?} in {out}");
    }
    assert!(out.contains("error[dragoman/wrong-year]") && out.contains("help: suggestion: Write “2004”"), "{out}");
    assert!(!out.contains("warning["), "no warning remains: {out}");
    assert!(out.ends_with("3 files checked: 4 fixes in 2 files applied; remaining: 1 error, 0 warnings, 0 notes\n"), "{out}");
    // Fixing again changes nothing; with only safe slips the exit is 0 after the fix.
    let o = dragoman(&["check", "--fix", "draft.md"], p);
    assert!(stdout(&o).ends_with("1 file checked: 0 fixes in 0 files applied; remaining: 1 error, 0 warnings, 0 notes\n"), "{}", stdout(&o));
    std::fs::write(p.join("form.md"), "See S/PV 8140 and resolution 2325(2016).\n").unwrap();
    let o = dragoman(&["check", "--fix", "--format", "json", "form.md"], p);
    assert_eq!(o.status.code(), Some(0), "nothing remains: {}", stdout(&o));
    assert_eq!(json(&o), serde_json::json!([{ "path": "form.md", "diagnostics": [] }]), "stdout stays JSON");
    assert!(stderr(&o).contains("form.md:1: fixed dragoman/symbol-format"), "{}", stderr(&o));
}

#[test]
fn diff_shows_the_safe_fixes_without_writing() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(p.join("draft.md"), SLIPS).unwrap();
    let o = dragoman(&["check", "--diff", "draft.md"], p);
    assert_eq!(o.status.code(), Some(1), "nothing written: the findings remain");
    assert_eq!(std::fs::read_to_string(p.join("draft.md")).unwrap(), SLIPS);
    let expected = "\
--- a/draft.md
+++ b/draft.md
@@ -1,2 +1,2 @@
-We recall Resolution 1540 (2005) and
-resolution 2325(2016), see S/PRST 2017/2.
+We recall resolution 1540 (2005) and
+resolution 2325 (2016), see S/PRST/2017/2.
";
    assert_eq!(stdout(&o), expected);
    assert!(stderr(&o).contains("3 fixes in 1 file would be applied (nothing written)"), "{}", stderr(&o));
    // The diff applies with `git apply` (when git is here) and gives what --fix writes.
    if Command::new("git").arg("--version").output().is_ok() {
        std::fs::write(p.join("d.patch"), stdout(&o)).unwrap();
        let a = Command::new("git").args(["apply", "--unsafe-paths", "d.patch"]).current_dir(p).output().unwrap();
        assert!(a.status.success(), "{}", String::from_utf8_lossy(&a.stderr));
        let applied = std::fs::read_to_string(p.join("draft.md")).unwrap();
        std::fs::write(p.join("draft.md"), SLIPS).unwrap();
        dragoman(&["check", "--fix", "draft.md"], p);
        assert_eq!(applied, std::fs::read_to_string(p.join("draft.md")).unwrap());
    }
    let o = dragoman(&["check", "--diff", "--format", "json", "draft.md"], p);
    assert_eq!(o.status.code(), Some(2), "--diff is a diff, not JSON");
    let o = dragoman(&["check", "--diff", "--fix", "draft.md"], p);
    assert_eq!(o.status.code(), Some(2));
}

/// Validate a SARIF log against the SARIF 2.1.0 schema shipped in tests/data/sarif, with
/// Python's jsonschema (`.ci/tools-setup.sh` installs it). `None` when it is not available.
fn validate_sarif(log: &str) -> Option<Result<(), String>> {
    let home = std::env::var("HOME").unwrap_or_default();
    let venv = PathBuf::from(std::env::var("DRAGOMAN_CI_TOOLS").unwrap_or(format!("{home}/.cache/dragoman-ci"))).join("venv/bin/python");
    let python = std::env::var("DRAGOMAN_PYTHON").map(PathBuf::from).unwrap_or(if venv.exists() { venv } else { PathBuf::from("python3") });
    let has = Command::new(&python).args(["-c", "import jsonschema"]).output().ok()?;
    if !has.status.success() {
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("log.sarif"), log).unwrap();
    let script = "import json,sys,jsonschema\n\
schema=json.load(open(sys.argv[1]))\n\
log=json.load(open(sys.argv[2]))\n\
errors=sorted(jsonschema.Draft4Validator(schema).iter_errors(log), key=lambda e: list(e.path))\n\
for e in errors[:10]: print('/'.join(map(str, e.path)), e.message)\n\
sys.exit(1 if errors else 0)\n";
    let schema = root().join("tests/data/sarif/sarif-schema-2.1.0.json");
    let o = Command::new(&python).args(["-c", script]).arg(&schema).arg(dir.path().join("log.sarif")).output().unwrap();
    Some(if o.status.success() { Ok(()) } else { Err(format!("{}{}", stdout(&o), stderr(&o))) })
}

#[test]
fn sarif_is_valid_sarif_2_1_0_with_rules_help_and_fixes() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::create_dir(p.join("drafts")).unwrap();
    std::fs::write(p.join("drafts/draft one.md"), SLIPS).unwrap();
    std::fs::write(p.join("drafts/blob.txt"), [0u8, 1, 2, 3]).unwrap();
    let o = dragoman(&["check", "--format", "sarif", "drafts"], p);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let log = json(&o);
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), dragoman::rules::Rule::ALL.len());
    let wrong_year = rules.iter().find(|r| r["id"] == "dragoman/wrong-year").unwrap();
    assert_eq!(
        wrong_year["help"]["text"],
        "The year given is not the year the resolution was adopted. Write \"resolution 1540 (2004)\", not \"resolution 1540 (2005)\"."
    );
    assert_eq!(wrong_year["defaultConfiguration"]["level"], "error");
    let results = run["results"].as_array().unwrap();
    let codes: Vec<&str> = results.iter().map(|r| r["ruleId"].as_str().unwrap()).collect();
    assert_eq!(codes, ["dragoman/capitalized-resolution", "dragoman/wrong-year", "dragoman/missing-space", "dragoman/symbol-format"]);
    let first = &results[0];
    assert_eq!(first["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "drafts/draft%20one.md");
    assert_eq!(first["locations"][0]["physicalLocation"]["region"], serde_json::json!({"startLine": 1, "startColumn": 11, "endLine": 1, "endColumn": 21}));
    assert_eq!(first["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"], "resolution");
    assert_eq!(first["fixes"][0]["properties"]["applicability"], "safe");
    assert_eq!(results[1]["fixes"][0]["properties"]["applicability"], "maybeIncorrect");
    assert_eq!(rules[first["ruleIndex"].as_u64().unwrap() as usize]["id"], first["ruleId"]);
    // The skipped binary file is a notification, and the run still succeeded.
    let inv = &run["invocations"][0];
    assert_eq!(inv["executionSuccessful"], true);
    assert_eq!(inv["toolExecutionNotifications"][0]["level"], "note");
    match validate_sarif(&stdout(&o)) {
        Some(r) => r.expect("the log validates against the SARIF 2.1.0 schema"),
        None => eprintln!("SKIPPED: SARIF schema validation: Python's jsonschema is not installed (run .ci/tools-setup.sh)"),
    }
    // An empty run validates too.
    std::fs::create_dir(p.join("none")).unwrap();
    let o = dragoman(&["check", "--format", "sarif", "none"], p);
    assert_eq!(o.status.code(), Some(0));
    if let Some(r) = validate_sarif(&stdout(&o)) {
        r.expect("an empty log validates");
    }
}

#[test]
fn github_format_prints_workflow_annotations() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("d.md"), "a\nWe recall resolution 1540 (2005), resolution 2325(2016) and the IAEA.\n").unwrap();
    let o = dragoman(&["check", "--format", "github", "d.md"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    let expected = "\
::error file=d.md,line=2,endLine=2,col=27,endColumn=33,title=dragoman/wrong-year::Security Council resolution 1540 was adopted on 28 April 2004, not in 2005: write “1540 (2004)”. (suggestion: Write “2004”)
::warning file=d.md,line=2,endLine=2,col=50,endColumn=56,title=dragoman/missing-space::A space separates the number from the year: write “2325 (2016)”. (fix: Insert a space)
::notice file=d.md,line=2,endLine=2,col=65,endColumn=69,title=dragoman/acronym-first-use::“IAEA” is used before it is spelled out: at first use write “International Atomic Energy Agency (IAEA)”. (suggestion: Spell out: “International Atomic Energy Agency (IAEA)”)
";
    assert_eq!(stdout(&o), expected);
    assert!(stderr(&o).contains("1 file checked: 1 error, 1 warning, 1 note"), "{}", stderr(&o));
}

#[test]
fn skipped_files_do_not_change_the_exit_code_and_empty_folders_say_why() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::create_dir_all(p.join("drafts/img")).unwrap();
    std::fs::write(p.join("drafts/good.md"), "We recall resolution 1540(2004).\n").unwrap();
    std::fs::write(p.join("drafts/img/scan.txt"), b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR").unwrap();
    // A finding and a binary file in the folder: exit 1 (the finding), the file a notice.
    let o = dragoman(&["check", "drafts"], p);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("notice: drafts/img/scan.txt: binary file, not text: skipped"), "{}", stderr(&o));
    assert!(stdout(&o).ends_with("1 file checked (1 skipped): 0 errors, 1 warning, 0 notes\n"), "{}", stdout(&o));
    // Nothing else: exit 0.
    std::fs::write(p.join("drafts/good.md"), "We recall resolution 1540 (2004).\n").unwrap();
    assert_eq!(dragoman(&["check", "drafts"], p).status.code(), Some(0));
    // Named explicitly, the binary file is an I/O error.
    let o = dragoman(&["check", "drafts/img/scan.txt"], p);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("binary file, not text: cannot check it"), "{}", stderr(&o));
    // An empty folder: 0 files checked, and a hint.
    std::fs::create_dir(p.join("empty")).unwrap();
    std::fs::write(p.join("empty/notes.docx"), "x").unwrap();
    let o = dragoman(&["check", "empty"], p);
    assert_eq!((o.status.code(), stdout(&o).as_str()), (Some(0), "0 files checked: 0 errors, 0 warnings, 0 notes\n"));
    assert!(stderr(&o).contains("hint: no .txt, .md or .markdown draft under empty"), "{}", stderr(&o));
}
