//! Issue 14, points 3, 5 and 6: the server's copy of a document, and what it publishes for
//! it, never diverge from the editor's, across close/reopen races, repeated opens, saves
//! with text, byte-order marks, NULs and line endings. Against the real binary.
//!
//! `DRAGOMAN_TEST_EXE=/path/to/an/older/dragoman` runs these against another build.

mod common;

use std::time::{Duration, Instant};

use common::{caps, repo, Client};
use dragoman::check::Checker;
use dragoman::config::Config;
use dragoman::position::Encoding;
use dragoman::report::diagnostics_json;
use serde_json::{json, Value};

fn exe() -> String {
    std::env::var("DRAGOMAN_TEST_EXE").unwrap_or_else(|_| env!("CARGO_BIN_EXE_dragoman").to_string())
}

async fn started() -> Client {
    let mut c = Client::spawn_binary(&exe(), &[], &[], json!({}));
    c.initialize(caps(Some(&["utf-16"])), &repo(), json!({})).await;
    c
}

/// A draft with `n` findings, one a line.
fn noisy(n: usize) -> String {
    "We recall resolution 1540(2004).\n".repeat(n)
}

/// Every `publishDiagnostics` for `uri` received so far, in order.
fn published(c: &Client, uri: &str) -> Vec<Value> {
    c.notifications.iter().filter(|(m, p)| m == "textDocument/publishDiagnostics" && p["uri"] == uri).map(|(_, p)| p.clone()).collect()
}

/// Let every message the server sent before now arrive (a request answered after them).
async fn settle(c: &mut Client, uri: &str) {
    c.request("dragoman/documentText", json!({"uri": uri})).await.ok();
}

/// Point 3: the analysis of the closed document finished last and its 20,000 diagnostics
/// were published for the reopened one (same URI, same version), and stayed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_late_analysis_of_a_closed_document_is_never_published_for_its_reopened_namesake() {
    let big = noisy(20_000);
    // How long the old analysis takes here (the server does the same work).
    let t = Instant::now();
    let expected = diagnostics_json(&big, &Checker::new(&Config::default()).check(&big), Encoding::Utf16);
    let analysis = t.elapsed();
    assert_eq!(expected.len(), 20_000);
    let mut c = started().await;
    let uri = "file:///tmp/dragoman-hard/race.txt";
    c.open(uri, "plaintext", 1, &big).await;
    // Let the analysis start, then close and reopen at the same version with clean text.
    tokio::time::sleep(Duration::from_millis(50)).await;
    c.notify("textDocument/didClose", json!({"textDocument": {"uri": uri}})).await;
    c.open(uri, "plaintext", 1, "A clean draft.").await;
    // Wait for the late analysis: three times what it takes in this process, and a second.
    tokio::time::sleep(analysis * 3 + Duration::from_secs(1)).await;
    settle(&mut c, uri).await;
    let all = published(&c, uri);
    let last = all.last().expect("diagnostics for the reopened document");
    assert_eq!(
        last["diagnostics"],
        json!([]),
        "the reopened document shows the closed one's diagnostics ({} of them)",
        last["diagnostics"].as_array().map_or(0, |a| a.len())
    );
    // Nothing stale was published after the close either.
    let close = all.iter().position(|p| p["version"].is_null()).unwrap_or(0);
    assert!(all[close..].iter().all(|p| p["diagnostics"] == json!([])), "stale diagnostics published after the close");
    eprintln!("analysis of 20,000 findings in this process: {analysis:?}");
    c.shutdown().await;
}

/// The symbols and links of `uri`, as the server answers them.
async fn symbols_and_links(c: &mut Client, uri: &str) -> (Value, Value) {
    let s = c.request("textDocument/documentSymbol", json!({"textDocument": {"uri": uri}})).await;
    let l = c.request("textDocument/documentLink", json!({"textDocument": {"uri": uri}})).await;
    (s.unwrap_or_else(|e| json!({"error": e})), l.unwrap_or_else(|e| json!({"error": e})))
}

/// Point 5: per-version caches outlived the text: after a save with text, a second didOpen
/// at the same version, or close/reopen, documentSymbol panicked on an out-of-range slice
/// or documentLink answered the old document's links.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn symbols_and_links_follow_the_text_not_the_version() {
    let mut c = started().await;
    let old = format!("{}We recall resolution 1540 (2004) and S/2017/1025.", "Preamble. ".repeat(50));
    let new = "See S/2020/1.";
    // A reference: the answers for `new` in a document that never held anything else.
    let fresh = "file:///tmp/dragoman-hard/fresh.txt";
    c.open(fresh, "plaintext", 1, new).await;
    let expected = symbols_and_links(&mut c, fresh).await;
    assert!(expected.1.as_array().is_some_and(|a| a.len() == 1), "{expected:?}");
    let uri = "file:///tmp/dragoman-hard/cache.txt";
    type Step = fn(&str) -> Vec<(&'static str, Value)>;
    let ways: [(&str, Step); 3] = [
        ("a second didOpen at the same version", |u| {
            vec![("textDocument/didOpen", json!({"textDocument": {"uri": u, "languageId": "plaintext", "version": 1, "text": "See S/2020/1."}}))]
        }),
        ("close and reopen at the same version", |u| {
            vec![
                ("textDocument/didClose", json!({"textDocument": {"uri": u}})),
                ("textDocument/didOpen", json!({"textDocument": {"uri": u, "languageId": "plaintext", "version": 1, "text": "See S/2020/1."}})),
            ]
        }),
        ("didSave with text", |u| vec![("textDocument/didSave", json!({"textDocument": {"uri": u}, "text": "See S/2020/1."}))]),
    ];
    for (what, step) in ways {
        c.open(uri, "plaintext", 1, &old).await;
        let before = symbols_and_links(&mut c, uri).await;
        assert_ne!(before, expected);
        for (method, params) in step(uri) {
            c.notify(method, params).await;
        }
        let after = symbols_and_links(&mut c, uri).await;
        assert_eq!(after.0, expected.0, "document symbols after {what}");
        let links = |v: &Value| v.as_array().map(|a| a.iter().map(|l| (l["range"].clone(), l["target"].clone())).collect::<Vec<_>>());
        assert_eq!(links(&after.1), links(&expected.1), "document links after {what}");
        c.notify("textDocument/didClose", json!({"textDocument": {"uri": uri}})).await;
    }
    c.shutdown().await;
}

/// What `dragoman check --format json` says about `bytes` written to a file: its
/// diagnostics (none when it skipped the file).
fn check_json(bytes: &[u8]) -> Vec<Value> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("draft.txt");
    std::fs::write(&path, bytes).unwrap();
    let out = std::process::Command::new(exe()).args(["check", "--format", "json"]).arg(&path).current_dir(dir.path()).output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    v.as_array().and_then(|a| a.first()).and_then(|f| f["diagnostics"].as_array().cloned()).unwrap_or_default()
}

/// Point 6: the server and `dragoman check` agree on the same bytes: a byte-order mark
/// (the server flagged the first word, and its columns were one off against check's), a
/// NUL (check skipped the file as binary, the server linted it), CR-only and mixed line
/// endings.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_and_check_agree_on_the_same_bytes() {
    let mut c = started().await;
    let cases: [(&str, &str); 6] = [
        ("bom", "\u{feff}Resolution 1540 (2004) is recalled. We recall resolution 1540(2004) and Resolution 2325 (2016)."),
        ("bom-first-word", "\u{feff}Resolution 1540(2004) is recalled."),
        ("nul", "We recall resolution 1540(2004).\0 More text."),
        ("cr-only", "Intro.\rWe recall resolution 1540(2004).\r\rAnd Resolution 2325 (2016).\r"),
        ("mixed", "Intro.\r\nWe recall resolution 1540(2004).\rThen\nresolution 2325(2016) and 𝄞 resolution 1540(2004).\r\n"),
        ("crlf", "We recall\r\nresolution 1540(2004).\r\n"),
    ];
    for (i, (name, text)) in cases.iter().enumerate() {
        let cli = check_json(text.as_bytes());
        let uri = format!("file:///tmp/dragoman-hard/agree-{i}.txt");
        c.open(&uri, "plaintext", 1, text).await;
        let server = c.diagnostics(&uri, Some(1)).await;
        assert_eq!(server, cli, "{name}: the server published what check did not say");
        if *name != "nul" {
            assert!(!cli.is_empty(), "{name}: the case should have findings");
        }
    }
    c.shutdown().await;
}
