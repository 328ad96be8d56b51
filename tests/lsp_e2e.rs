//! End to end over stdio with the real `dragoman` binary, as each editor drives it: the
//! client capabilities of Neovim 0.7 (no `positionEncodings`: UTF-16), Neovim 0.11
//! (`["utf-8","utf-16","utf-32"]`: UTF-8) and VS Code (`["utf-16"]`) are replayed, and every
//! position sent or checked is in the encoding the server chose. Each scenario: diagnostics
//! on open, change (with the typing filter) and save; hover, definition and references on a
//! citation and on instrument and organization names; a quick fix and fix-all applied
//! through incremental edits and re-checked; `shutdown` + `exit` → exit code 0.

mod common;

use common::{apply_edits, caps, editors, file_uri, repo, Client, Editor};
use dragoman::check::Checker;
use dragoman::config::Config;
use dragoman::position::{Encoding, LineCol, LineIndex};
use dragoman::report::diagnostics_json;
use serde_json::{json, Value};

/// A draft with multi-byte text before its citations (so the three encodings' columns
/// differ), a name wrapped over two lines, and fixable mistakes.
const DRAFT: &str = "Mr. President,\n\n\
Señor Président — 𝄞 we recall resolution 1540(2004) and Resolution 2325 (2016), and the IAEA.\n\
The International Atomic Energy Agency (IAEA) and the 2030 Agenda for\n\
Sustainable Development matter, as does the Secretary-General's report (S/PRST 2017/2).\n";

fn exe() -> &'static str {
    env!("CARGO_BIN_EXE_dragoman")
}

fn expected(text: &str, enc: Encoding) -> Vec<Value> {
    diagnostics_json(text, &Checker::new(&Config::default()).check(text), enc)
}

/// The position of byte `offset` of `text` in `enc`.
fn pos(text: &str, offset: usize, enc: Encoding) -> Value {
    let lc = LineIndex::new(text).line_col(text, offset, enc);
    json!({"line": lc.line, "character": lc.col})
}

fn at(uri: &str, text: &str, offset: usize, enc: Encoding) -> Value {
    json!({"textDocument": {"uri": uri}, "position": pos(text, offset, enc)})
}

/// The text a location points at, read from its file, the range taken in `enc`.
fn located_text(loc: &Value, enc: Encoding) -> String {
    let path = loc["uri"].as_str().unwrap().strip_prefix("file://").unwrap().replace("%20", " ");
    let text = std::fs::read_to_string(path).unwrap();
    let idx = LineIndex::new(&text);
    let p = |v: &Value| idx.offset(&text, LineCol { line: v["line"].as_u64().unwrap() as u32, col: v["character"].as_u64().unwrap() as u32 }, enc).unwrap();
    text[p(&loc["range"]["start"])..p(&loc["range"]["end"])].split_whitespace().collect::<Vec<_>>().join(" ")
}

/// LSP text edits as `didChange` content changes: last first, so that each range is still
/// valid when it is applied.
fn as_changes(edits: &[Value]) -> Vec<Value> {
    let mut e: Vec<&Value> = edits.iter().collect();
    let key = |v: &Value| (v["range"]["start"]["line"].as_u64().unwrap(), v["range"]["start"]["character"].as_u64().unwrap());
    e.sort_by_key(|v| std::cmp::Reverse(key(v)));
    e.iter().map(|v| json!({"range": v["range"], "text": v["newText"]})).collect()
}

fn action_edits(action: &Value, uri: &str) -> Vec<Value> {
    action["edit"]["changes"][uri].as_array().cloned().unwrap_or_default()
}

async fn scenario(editor: Editor) {
    let enc = editor.encoding;
    let name = editor.name;
    let mut c = Client::spawn_binary(exe(), &[], &[], json!({"debounceMs": 0}));
    let r = c.initialize(editor.capabilities, &repo(), json!({"debounceMs": 0})).await;
    assert_eq!(r["capabilities"]["positionEncoding"], enc.lsp_name(), "{name}");
    c.corpus_ready().await;
    let uri = format!("file:///tmp/dragoman-e2e/{}/draft.md", name.replace(' ', "-"));

    // Diagnostics on open: exactly `dragoman check --format json`'s, in the encoding.
    c.open(&uri, "markdown", 1, DRAFT).await;
    let d = c.diagnostics(&uri, Some(1)).await;
    assert_eq!(Value::Array(d.clone()), Value::Array(expected(DRAFT, enc)), "{name}");
    assert!(d.iter().any(|d| d["code"] == "dragoman/missing-space"), "{name}: {d:?}");

    // Hover on a citation: the catalogue and the corpus; its range in the encoding.
    let c1540 = DRAFT.find("1540").unwrap();
    let h = c.request("textDocument/hover", at(&uri, DRAFT, c1540 + 1, enc)).await.unwrap();
    let md = h["contents"]["value"].as_str().unwrap();
    for want in ["Security Council resolution 1540 (2004)", "28 April 2004", "Kazakhstan", "https://undocs.org/S/RES/1540(2004)"] {
        assert!(md.contains(want), "{name}: {want} in {md}");
    }
    let start = DRAFT.find("resolution 1540").unwrap();
    assert_eq!(h["range"], json!({"start": pos(DRAFT, start, enc), "end": pos(DRAFT, c1540 + "1540(2004)".len(), enc)}), "{name}");

    // Hover on an acronym and on a name wrapped over two lines: the gazetteer and the corpus.
    let iaea = DRAFT.find("IAEA").unwrap();
    let h = c.request("textDocument/hover", at(&uri, DRAFT, iaea + 2, enc)).await.unwrap();
    assert!(h["contents"]["value"].as_str().unwrap().contains("International Atomic Energy Agency"), "{name}: {h}");
    assert_eq!(h["range"]["start"], pos(DRAFT, iaea, enc), "{name}");
    let agenda = DRAFT.find("2030 Agenda").unwrap();
    let h = c.request("textDocument/hover", at(&uri, DRAFT, agenda + 5, enc)).await.unwrap();
    let md = h["contents"]["value"].as_str().unwrap();
    assert!(md.contains("2030 Agenda for Sustainable Development") && md.contains("corpus statement"), "{name}: {md}");
    assert_eq!(h["range"]["end"], pos(DRAFT, DRAFT.find(" matter").unwrap(), enc), "{name}");

    // Definition: the corpus statements, each on the exact mention.
    let r = c.request("textDocument/definition", at(&uri, DRAFT, c1540, enc)).await.unwrap();
    let locs = r.as_array().expect("locations");
    assert!(!locs.is_empty(), "{name}");
    for l in locs {
        assert!(l["uri"].as_str().unwrap().contains("/seeds/"), "{name}: {l}");
        let t = located_text(l, enc);
        assert!(t.starts_with("resolution 1540") && t.ends_with("(2004)"), "{name}: {t:?}");
    }
    let r = c.request("textDocument/definition", at(&uri, DRAFT, agenda, enc)).await.unwrap();
    assert_eq!(located_text(&r[0], enc), "2030 Agenda for Sustainable Development", "{name}");

    // References: the corpus and the open drafts.
    let r = c
        .request("textDocument/references", json!({"textDocument": {"uri": uri}, "position": pos(DRAFT, c1540, enc), "context": {"includeDeclaration": true}}))
        .await
        .unwrap();
    let locs = r.as_array().unwrap();
    assert!(locs.iter().any(|l| l["uri"] == uri.as_str()) && locs.iter().any(|l| l["uri"].as_str().unwrap().contains("/seeds/")), "{name}: {r}");
    for l in locs.iter().filter(|l| l["uri"] != uri.as_str()) {
        assert!(located_text(l, enc).contains("1540"), "{name}: {l}");
    }

    // A keystroke-sized change: diagnostics while typing hold back the citation at the caret.
    let end = DRAFT.len() - 1;
    let typed = " We note resolution 2325(2016)";
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"range": {"start": pos(DRAFT, end, enc), "end": pos(DRAFT, end, enc)}, "text": typed}]}),
    )
    .await;
    let text2 = format!("{}{typed}\n", &DRAFT[..end]);
    let typing = c.diagnostics(&uri, Some(2)).await;
    let want = dragoman::server::proto::diagnostics(&text2, &Config::default(), enc, Some(end + typed.len()));
    assert_eq!(Value::Array(typing.clone()), serde_json::to_value(&want).unwrap(), "{name}");
    // On save, everything.
    c.notify("textDocument/didSave", json!({"textDocument": {"uri": uri}})).await;
    let saved = c.diagnostics(&uri, Some(2)).await;
    assert_eq!(Value::Array(saved.clone()), Value::Array(expected(&text2, enc)), "{name}");
    assert!(saved.len() > typing.len(), "{name}");

    // A quick fix, applied as the editor would, then re-checked.
    let first = saved.iter().find(|d| !d["data"].is_null()).expect("a fixable diagnostic").clone();
    let r = c
        .request("textDocument/codeAction", json!({"textDocument": {"uri": uri}, "range": first["range"], "context": {"diagnostics": [first]}}))
        .await
        .unwrap();
    let fix = r.as_array().unwrap().iter().find(|a| a["kind"] == "quickfix").expect("a quick fix").clone();
    let edits = action_edits(&fix, &uri);
    let text3 = apply_edits(&text2, &edits, enc);
    c.notify("textDocument/didChange", json!({"textDocument": {"uri": uri, "version": 3}, "contentChanges": as_changes(&edits)})).await;
    c.notify("textDocument/didSave", json!({"textDocument": {"uri": uri}})).await;
    let after = c.diagnostics(&uri, Some(3)).await;
    assert_eq!(Value::Array(after.clone()), Value::Array(expected(&text3, enc)), "{name}");
    assert_eq!(after.len(), saved.len() - 1, "{name}: the fix removed its finding");
    assert_eq!(c.request("dragoman/documentText", json!({"uri": uri})).await.unwrap()["text"], text3.as_str(), "{name}");

    // Fix all (as on save), applied, re-checked: no safe fix is left (content fixes stay
    // for the user).
    let whole = json!({"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}});
    let r = c
        .request("textDocument/codeAction", json!({"textDocument": {"uri": uri}, "range": whole, "context": {"diagnostics": [], "only": ["source.fixAll"]}}))
        .await
        .unwrap();
    let fix_all = r.as_array().unwrap().first().expect("a fix-all action").clone();
    assert_eq!(fix_all["kind"], "source.fixAll.dragoman", "{name}");
    let edits = action_edits(&fix_all, &uri);
    let text4 = apply_edits(&text3, &edits, enc);
    c.notify("textDocument/didChange", json!({"textDocument": {"uri": uri, "version": 4}, "contentChanges": as_changes(&edits)})).await;
    c.notify("textDocument/didSave", json!({"textDocument": {"uri": uri}})).await;
    let fixed = c.diagnostics(&uri, Some(4)).await;
    assert_eq!(Value::Array(fixed.clone()), Value::Array(expected(&text4, enc)), "{name}");
    assert!(fixed.iter().all(|d| d["data"].is_null() || d["data"]["fix"]["applicability"] == "maybeIncorrect"), "{name}: {fixed:?}");
    for want in ["resolution 1540 (2004)", "S/PRST/2017/2", "resolution 2325 (2016)\n"] {
        assert!(text4.contains(want), "{name}: {want:?} in {text4}");
    }
    assert_eq!(c.request("dragoman/documentText", json!({"uri": uri})).await.unwrap()["text"], text4.as_str(), "{name}");
    let again = c
        .request("textDocument/codeAction", json!({"textDocument": {"uri": uri}, "range": whole, "context": {"diagnostics": [], "only": ["source.fixAll"]}}))
        .await
        .unwrap();
    assert!(again.as_array().is_none_or(|a| a.iter().all(|x| action_edits(x, &uri).is_empty())), "{name}: {again}");

    let (took, status) = c.shutdown().await.expect("a child process");
    assert!(status.success(), "{name}: {status:?}");
    assert!(took < std::time::Duration::from_secs(1), "{name}: exit took {took:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn neovim_0_7_over_stdio() {
    scenario(editors().into_iter().find(|e| e.name == "Neovim 0.7").unwrap()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn neovim_0_11_over_stdio() {
    scenario(editors().into_iter().find(|e| e.name == "Neovim 0.11").unwrap()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn vscode_over_stdio() {
    scenario(editors().into_iter().find(|e| e.name == "VS Code").unwrap()).await;
}

/// A workspace without `seeds/` and no configured corpus: the bundled corpus, written out to
/// the cache folder, and definition jumps into it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bundled_corpus_when_the_workspace_has_none() {
    let ws = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let mut c = Client::spawn_binary(exe(), &["lsp"], &[("XDG_CACHE_HOME", cache.path().to_str().unwrap())], json!({}));
    c.initialize(caps(Some(&["utf-16"])), ws.path(), json!({})).await;
    c.corpus_ready().await;
    let uri = file_uri(&ws.path().join("draft.txt"));
    let text = "We recall resolution 1540 (2004).";
    c.open(&uri, "plaintext", 1, text).await;
    let r = c.request("textDocument/definition", at(&uri, text, text.find("1540").unwrap(), Encoding::Utf16)).await.unwrap();
    let target = r[0]["uri"].as_str().unwrap();
    assert!(target.starts_with(&file_uri(&cache.path().join("dragoman").join("bundled-corpus"))), "{target}");
    assert!(located_text(&r[0], Encoding::Utf16).starts_with("resolution 1540"));
    let (_, status) = c.shutdown().await.unwrap();
    assert!(status.success());
}
