//! In-process protocol tests: every LSP method the server advertises, driven over
//! in-memory pipes through the real JSON-RPC framing, with the seeds as the corpus.

mod common;

use common::{apply_edits, caps, file_uri, repo, Client};
use dragoman::check::Checker;
use dragoman::config::Config;
use dragoman::position::{Encoding, LineCol, LineIndex};
use dragoman::report::diagnostics_json;
use serde_json::{json, Value};

const DRAFT: &str = "Mr. President,\n\nWe recall resolution 1540(2004) and the Secretary-General's report (S/2017/1025).\n";

fn fast() -> Value {
    json!({"debounceMs": 0})
}

async fn started(encodings: Option<&[&str]>) -> Client {
    let mut c = Client::in_process(fast());
    c.initialize(caps(encodings), &repo(), fast()).await;
    c.corpus_ready().await;
    c
}

fn draft_uri(name: &str) -> String {
    format!("file:///tmp/dragoman-lsp-tests/{name}")
}

/// The expected diagnostics: `dragoman check --format json`'s, in `enc`.
fn expected(text: &str, enc: Encoding) -> Vec<Value> {
    diagnostics_json(text, &Checker::new(&Config::default()).check(text), enc)
}

fn pos(line: u32, character: u32) -> Value {
    json!({"line": line, "character": character})
}

fn at(uri: &str, line: u32, character: u32) -> Value {
    json!({"textDocument": {"uri": uri}, "position": pos(line, character)})
}

/// The (line, UTF-16 column) of `needle` in `text`.
fn find(text: &str, needle: &str) -> (u32, u32) {
    let lc = LineIndex::new(text).line_col(text, text.find(needle).expect(needle), Encoding::Utf16);
    (lc.line, lc.col)
}

#[tokio::test]
async fn initialize_advertises_what_is_implemented_and_negotiates_encoding() {
    for (offered, want) in
        [(Some(&["utf-8", "utf-16", "utf-32"][..]), "utf-8"), (Some(&["utf-16"][..]), "utf-16"), (None, "utf-16"), (Some(&["utf-32"][..]), "utf-32")]
    {
        let mut c = Client::in_process(fast());
        let r = c.initialize(caps(offered), &repo(), fast()).await;
        let caps = &r["capabilities"];
        assert_eq!(caps["positionEncoding"], want, "{offered:?}");
        let mut keys: Vec<&str> = caps.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort();
        assert_eq!(
            keys,
            [
                "codeActionProvider",
                "completionProvider",
                "definitionProvider",
                "documentLinkProvider",
                "documentSymbolProvider",
                "hoverProvider",
                "positionEncoding",
                "referencesProvider",
                "textDocumentSync",
                "workspaceSymbolProvider"
            ]
        );
        assert_eq!(caps["textDocumentSync"]["change"], 2, "incremental");
        assert_eq!(caps["codeActionProvider"]["codeActionKinds"], json!(["quickfix", "source.fixAll.dragoman"]));
        c.shutdown().await;
    }
}

#[tokio::test]
async fn diagnostics_on_open_change_save_and_close() {
    let mut c = started(Some(&["utf-16"])).await;
    let uri = draft_uri("diag.md");
    c.open(&uri, "markdown", 1, DRAFT).await;
    let d = c.diagnostics(&uri, Some(1)).await;
    assert_eq!(Value::Array(d.clone()), Value::Array(expected(DRAFT, Encoding::Utf16)));
    assert_eq!(d[0]["code"], "dragoman/missing-space");
    assert!(d[0]["data"]["fix"]["edits"].is_array());

    // Type `resolution 2325(2016)` at the end of the last line: while the caret is at it,
    // the citation is not flagged.
    let (line, _) = find(DRAFT, "We recall");
    let end = DRAFT.lines().nth(line as usize).unwrap().len() as u32;
    let typed = " We note resolution 2325(2016)";
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"range": {"start": pos(line, end), "end": pos(line, end)}, "text": typed}]}),
    )
    .await;
    let while_typing = c.diagnostics(&uri, Some(2)).await;
    let text2 = DRAFT.replacen("(S/2017/1025).", &format!("(S/2017/1025).{typed}"), 1);
    let full = expected(&text2, Encoding::Utf16);
    assert!(full.len() > while_typing.len(), "the citation at the caret is held back: {full:?}");
    assert!(while_typing.iter().all(|d| d["range"]["end"]["character"].as_u64().unwrap() < (end as u64)));
    // On save everything is reported.
    c.notify("textDocument/didSave", json!({"textDocument": {"uri": uri}})).await;
    let saved = c.diagnostics(&uri, Some(2)).await;
    assert_eq!(Value::Array(saved), Value::Array(full));
    // Closed: cleared.
    c.notify("textDocument/didClose", json!({"textDocument": {"uri": uri}})).await;
    assert!(c.diagnostics(&uri, None).await.is_empty());
    c.shutdown().await;
}

/// Versions 2 to 11 of `uri`, one keystroke each, sent without waiting.
async fn ten_keystrokes(c: &mut Client, uri: &str) {
    for v in 2..=11 {
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": v}, "contentChanges": [{"range": {"start": pos(0, 0), "end": pos(0, 0)}, "text": "a"}]}),
        )
        .await;
    }
}

/// The versions of every publishDiagnostics of `uri` received so far, in order.
fn published_versions(c: &Client, uri: &str) -> Vec<i64> {
    c.notifications.iter().filter(|(m, p)| m == "textDocument/publishDiagnostics" && p["uri"] == uri).map(|(_, p)| p["version"].as_i64().unwrap()).collect()
}

#[tokio::test]
async fn diagnostics_are_debounced() {
    // The fixed debounce (`adaptiveDebounce: false`), as for a draft whose analysis is expensive.
    let mut c = Client::in_process(json!({"adaptiveDebounce": false}));
    c.initialize(caps(None), &repo(), json!({"adaptiveDebounce": false})).await;
    let uri = draft_uri("debounce.txt");
    c.open(&uri, "plaintext", 1, "x\n").await;
    c.diagnostics(&uri, Some(1)).await;
    // Ten quick keystrokes: only the last version is analysed and published.
    ten_keystrokes(&mut c, &uri).await;
    c.diagnostics(&uri, Some(11)).await;
    let published = published_versions(&c, &uri);
    assert!(published.iter().all(|v| *v == 1 || *v == 11), "{published:?}");
    c.shutdown().await;
}

/// Issue 13 point 1: a draft whose analysis is cheap is re-checked at once after every edit,
/// even with a debounce of a minute (which now applies only after an expensive analysis).
#[tokio::test]
async fn cheap_drafts_are_not_debounced() {
    let settings = json!({"debounceMs": 60_000});
    let mut c = Client::in_process(settings.clone());
    c.initialize(caps(None), &repo(), settings).await;
    let uri = draft_uri("adaptive.txt");
    c.open(&uri, "plaintext", 1, "We recall resolution 1540 (2004).\n").await;
    c.diagnostics(&uri, Some(1)).await;
    ten_keystrokes(&mut c, &uri).await;
    // Not a speed assertion: with the minute's debounce applied this would take 60 s.
    let last = tokio::time::timeout(std::time::Duration::from_secs(30), c.diagnostics(&uri, Some(11))).await;
    assert!(last.is_ok(), "no diagnostics for version 11 within 30 s: the one-minute debounce was applied to a cheap draft");
    let published = published_versions(&c, &uri);
    assert!(published.windows(2).all(|w| w[0] < w[1]), "published out of order: {published:?}");
    c.shutdown().await;
}

#[tokio::test]
async fn hover_for_resolutions_and_documents_in_utf8() {
    let mut c = started(Some(&["utf-8", "utf-16"])).await;
    let uri = draft_uri("hover.md");
    // Multi-byte text before the citations: UTF-8 columns differ from UTF-16 ones.
    let text = "Señor Président — 𝄞 we recall resolution 1540\n(2004) and S/2017/1025.\n";
    c.open(&uri, "markdown", 1, text).await;
    let col8 = text.find("1540").unwrap() as u32;
    let h = c.request("textDocument/hover", at(&uri, 0, col8 + 1)).await.unwrap();
    let md = h["contents"]["value"].as_str().unwrap();
    assert_eq!(h["contents"]["kind"], "markdown");
    for want in [
        "Security Council resolution 1540 (2004)",
        "28 April 2004",
        "Non-proliferation",
        "Cited in 1 corpus statement",
        "Kazakhstan",
        "https://undocs.org/S/RES/1540(2004)",
    ] {
        assert!(md.contains(want), "{want} in {md}");
    }
    assert_eq!(h["range"], json!({"start": pos(0, text.find("resolution").unwrap() as u32), "end": pos(1, 6)}));
    let doc = c.request("textDocument/hover", at(&uri, 1, 13)).await.unwrap();
    let md = doc["contents"]["value"].as_str().unwrap();
    assert!(md.contains("Document S/2017/1025") && md.contains("The corpus describes it as") && md.contains("https://undocs.org/S/2017/1025"), "{md}");
    // Nothing under the cursor: null.
    assert_eq!(c.request("textDocument/hover", at(&uri, 0, 1)).await.unwrap(), Value::Null);
    c.shutdown().await;
}

/// The text a location points at, read from the file.
fn located_text(loc: &Value, enc: Encoding) -> String {
    let path = loc["uri"].as_str().unwrap().strip_prefix("file://").unwrap();
    let text = std::fs::read_to_string(path).unwrap();
    let idx = LineIndex::new(&text);
    let p = |v: &Value| idx.offset(&text, LineCol { line: v["line"].as_u64().unwrap() as u32, col: v["character"].as_u64().unwrap() as u32 }, enc).unwrap();
    text[p(&loc["range"]["start"])..p(&loc["range"]["end"])].to_string()
}

#[tokio::test]
async fn definition_lands_on_the_exact_mention_in_each_encoding() {
    for (offered, enc) in [(Some(&["utf-8"][..]), Encoding::Utf8), (None, Encoding::Utf16), (Some(&["utf-32"][..]), Encoding::Utf32)] {
        let mut c = started(offered).await;
        let uri = draft_uri("def.txt");
        let text = "We recall resolution 1540 (2004), S/2017/1025 and resolution 2325 (2016).";
        c.open(&uri, "plaintext", 1, text).await;
        let r = c.request("textDocument/definition", at(&uri, 0, 23)).await.unwrap();
        let locs = r.as_array().expect("locations");
        assert!(!locs.is_empty());
        for l in locs {
            assert!(l["uri"].as_str().unwrap().contains("/seeds/"), "{l}");
            let t = located_text(l, enc);
            assert!(t.starts_with("resolution 1540") && t.ends_with("(2004)"), "{t:?}");
        }
        let r = c.request("textDocument/definition", at(&uri, 0, 37)).await.unwrap();
        assert_eq!(located_text(&r[0], enc), "S/2017/1025");
        // No citation under the cursor: null.
        assert_eq!(c.request("textDocument/definition", at(&uri, 0, 1)).await.unwrap(), Value::Null);
        c.shutdown().await;
    }
}

#[tokio::test]
async fn references_span_corpus_and_open_drafts() {
    let mut c = started(None).await;
    let (a, b) = (draft_uri("ref-a.md"), draft_uri("ref-b.txt"));
    c.open(&a, "markdown", 1, "resolution 1540 (2004) here").await;
    c.open(&b, "plaintext", 1, "and S/RES/1540 (2004) there, and resolution 1540 (2004) again").await;
    let r = c
        .request("textDocument/references", json!({"textDocument": {"uri": a}, "position": pos(0, 12), "context": {"includeDeclaration": true}}))
        .await
        .unwrap();
    let uris: Vec<&str> = r.as_array().unwrap().iter().map(|l| l["uri"].as_str().unwrap()).collect();
    assert_eq!(uris.iter().filter(|u| **u == a).count(), 1, "{uris:?}");
    assert_eq!(uris.iter().filter(|u| **u == b).count(), 2, "{uris:?}");
    assert!(uris.iter().any(|u| u.contains("/seeds/")), "{uris:?}");
    c.shutdown().await;
}

#[tokio::test]
async fn completion_symbols_links_and_workspace_symbols() {
    let mut c = started(None).await;
    let uri = draft_uri("misc.md");
    let text = "We recall resolution 154\nand resolution 2325 (2016), S/2017/1025.\n";
    c.open(&uri, "markdown", 1, text).await;
    let r = c.request("textDocument/completion", at(&uri, 0, 24)).await.unwrap();
    let item = r["items"].as_array().unwrap().iter().find(|i| i["label"] == "1540 (2004)").expect("1540 offered");
    assert!(item["detail"].as_str().unwrap().contains("proliferation"));
    assert_eq!(item["textEdit"]["range"], json!({"start": pos(0, 21), "end": pos(0, 24)}));
    // What every client inserts is the whole `1540 (2004)`: plain text, the same as the
    // insert text, no filter text (Neovim 0.7's omnifunc then starts at the edit's column).
    assert_eq!((&item["textEdit"]["newText"], &item["insertText"], &item["insertTextFormat"]), (&json!("1540 (2004)"), &json!("1540 (2004)"), &json!(1)));
    assert!(item.get("filterText").is_none(), "{item}");
    // Ranked: the corpus (seeds/) cites 1540, so it comes first of 154, 1540 … 1549.
    assert_eq!(r["items"][0]["label"], "1540 (2004)", "{}", r["items"]);

    let syms = c.request("textDocument/documentSymbol", json!({"textDocument": {"uri": uri}})).await.unwrap();
    let names: Vec<&str> = syms.as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Security Council resolutions", "Documents"]);
    assert_eq!(syms[1]["children"][0]["name"], "S/2017/1025");

    // Links: document symbols by default; resolutions cited in prose too with the setting
    // `links.resolutions` (off by default: VS Code underlines every link).
    let targets = |links: Value| -> Vec<String> { links.as_array().unwrap().iter().map(|l| l["target"].as_str().unwrap().to_string()).collect() };
    let links = c.request("textDocument/documentLink", json!({"textDocument": {"uri": uri}})).await.unwrap();
    assert_eq!(targets(links), ["https://undocs.org/S/2017/1025"]);
    c.notify("workspace/didChangeConfiguration", json!({"settings": {"dragoman": {"links": {"resolutions": true}}}})).await;
    let links = c.request("textDocument/documentLink", json!({"textDocument": {"uri": uri}})).await.unwrap();
    assert_eq!(targets(links), ["https://undocs.org/S/RES/154(1960)", "https://undocs.org/S/RES/2325(2016)", "https://undocs.org/S/2017/1025"]);

    let ws = c.request("workspace/symbol", json!({"query": "1540"})).await.unwrap();
    assert!(ws.as_array().unwrap().iter().any(|s| s["name"] == "resolution 1540 (2004)" && s["location"]["uri"].as_str().unwrap().contains("/seeds/")), "{ws}");
    let ws = c.request("workspace/symbol", json!({"query": "IAEA"})).await.unwrap();
    assert_eq!(ws[0]["name"], "International Atomic Energy Agency (IAEA)", "{ws}");

    // Names and acronyms of instruments and organizations.
    c.notify("textDocument/didChange", json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": "the Arms Tr"}]})).await;
    let r = c.request("textDocument/completion", at(&uri, 0, 11)).await.unwrap();
    let labels: Vec<&str> = r["items"].as_array().unwrap().iter().map(|i| i["label"].as_str().unwrap()).collect();
    assert!(labels.contains(&"Arms Trade Treaty (ATT)") && labels.contains(&"ATT"), "{labels:?}");
    c.shutdown().await;
}

fn action_edits(action: &Value, uri: &str) -> Vec<Value> {
    action["edit"]["changes"][uri].as_array().cloned().unwrap_or_default()
}

#[tokio::test]
async fn code_actions_quick_fix_silence_and_fix_all() {
    let mut c = started(None).await;
    let uri = draft_uri("actions.md");
    let text = "Intro.\n\nWe recall resolution 1540(2004) and Resolution 2325 (2016) and S/PRST 2017/2.\n";
    c.open(&uri, "markdown", 1, text).await;
    let diags = c.diagnostics(&uri, Some(1)).await;
    assert!(diags.len() >= 3, "{diags:?}");
    let r = c
        .request("textDocument/codeAction", json!({"textDocument": {"uri": uri}, "range": diags[0]["range"], "context": {"diagnostics": [diags[0]]}}))
        .await
        .unwrap();
    let actions = r.as_array().unwrap();
    assert_eq!(actions.len(), 2, "{actions:?}");
    assert_eq!(actions[0]["kind"], "quickfix");
    let fixed = apply_edits(text, &action_edits(&actions[0], &uri), Encoding::Utf16);
    assert_eq!(expected(&fixed, Encoding::Utf16).len(), diags.len() - 1, "the fix removes its finding: {fixed}");
    let silenced = apply_edits(text, &action_edits(&actions[1], &uri), Encoding::Utf16);
    assert!(silenced.contains("<!-- dragoman-ignore-next-line dragoman/missing-space -->\nWe recall"), "{silenced}");
    assert_eq!(expected(&silenced, Encoding::Utf16).len(), diags.len() - 1);

    // Fix all, as on save: apply it, send it back, and the server finds nothing fixable.
    let r = c
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": {"start": pos(0, 0), "end": pos(0, 0)}, "context": {"diagnostics": [], "only": ["source.fixAll"]}}),
        )
        .await
        .unwrap();
    let fix_all = &r.as_array().unwrap()[0];
    assert_eq!(fix_all["kind"], "source.fixAll.dragoman");
    let all_fixed = apply_edits(text, &action_edits(fix_all, &uri), Encoding::Utf16);
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": action_edits(fix_all, &uri).iter().map(|e| json!({"range": e["range"], "text": e["newText"]})).collect::<Vec<_>>()}),
    )
    .await;
    c.notify("textDocument/didSave", json!({"textDocument": {"uri": uri}})).await;
    let after = c.diagnostics(&uri, Some(2)).await;
    assert!(after.iter().all(|d| d["data"].is_null()), "{after:?}");
    let server_text = c.request("dragoman/documentText", json!({"uri": uri})).await.unwrap();
    assert_eq!(server_text["text"], all_fixed.as_str());
    assert!(all_fixed.contains("resolution 1540 (2004)") && all_fixed.contains("S/PRST/2017/2"), "{all_fixed}");
    c.shutdown().await;
}

#[tokio::test]
async fn progress_watchers_and_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("statements");
    std::fs::create_dir(&corpus).unwrap();
    std::fs::write(corpus.join("a.txt"), "Mr. A (Freedonia): We support resolution 2325 (2016).\n").unwrap();
    std::fs::write(dir.path().join("dragoman.toml"), "corpus = [\"statements\"]\n").unwrap();
    // The editor turns a rule off through workspace/configuration.
    let settings = json!({"rules": {"missing-space": "off"}, "debounceMs": 0});
    let mut c = Client::in_process(settings);
    c.initialize(caps(None), dir.path(), json!({})).await;
    c.corpus_ready().await;
    let kinds: Vec<String> = c.notifications.iter().filter(|(m, _)| m == "$/progress").map(|(_, p)| p["value"]["kind"].as_str().unwrap().to_string()).collect();
    assert_eq!(kinds.first().map(String::as_str), Some("begin"));
    assert_eq!(kinds.last().map(String::as_str), Some("end"));
    let requests: Vec<String> = c.server_requests.lock().unwrap().iter().map(|(m, _)| m.clone()).collect();
    for m in ["workspace/configuration", "client/registerCapability", "window/workDoneProgress/create"] {
        assert!(requests.iter().any(|r| r == m), "{m} in {requests:?}");
    }
    let uri = file_uri(&dir.path().join("draft.md"));
    c.open(&uri, "markdown", 1, "resolution 2325(2016) and Resolution 2325 (2016)").await;
    let d = c.diagnostics(&uri, Some(1)).await;
    assert!(d.iter().all(|d| d["code"] != "dragoman/missing-space"), "{d:?}");
    assert!(d.iter().any(|d| d["code"] == "dragoman/capitalized-resolution"), "{d:?}");
    let r = c.request("textDocument/definition", at(&uri, 0, 12)).await.unwrap();
    assert!(r[0]["uri"].as_str().unwrap().ends_with("statements/a.txt"), "{r}");

    // A new statement on disk, announced by the watcher: indexed alone.
    std::fs::write(corpus.join("b.txt"), "Ms. B (Ruritania): Resolution 2325 (2016) again.\n").unwrap();
    c.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": file_uri(&corpus.join("b.txt")), "type": 1}]})).await;
    let mut found = 0;
    for _ in 0..100 {
        let r = c.request("textDocument/definition", at(&uri, 0, 12)).await.unwrap();
        found = r.as_array().map_or(0, |a| a.len());
        if found == 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(found, 2);

    // didChangeConfiguration with the settings inline: the rule comes back on.
    c.notify("workspace/didChangeConfiguration", json!({"settings": {"dragoman": {"rules": {}}}})).await;
    let d = c
        .wait_for("textDocument/publishDiagnostics", |p| {
            p["uri"] == uri.as_str() && p["diagnostics"].as_array().unwrap().iter().any(|d| d["code"] == "dragoman/missing-space")
        })
        .await;
    assert!(!d["diagnostics"].as_array().unwrap().is_empty());
    c.shutdown().await;
}

#[tokio::test]
async fn bad_requests_get_errors_and_the_server_lives_on() {
    let mut c = started(None).await;
    let uri = draft_uri("bad.txt");
    c.open(&uri, "plaintext", 3, "resolution 1540 (2004)\n").await;
    // A panic inside a request is answered as an internal error.
    let e = c.request("dragoman/debugPanic", json!({})).await.unwrap_err();
    assert_eq!(e["code"], -32603, "{e}");
    // Out of range, unknown document, unknown method.
    assert_eq!(c.request("textDocument/hover", at(&uri, 99, 0)).await.unwrap_err()["code"], -32602);
    assert_eq!(c.request("textDocument/hover", at("file:///nowhere.txt", 0, 0)).await.unwrap_err()["code"], -32602);
    assert_eq!(c.request("textDocument/noSuchThing", json!({})).await.unwrap_err()["code"], -32601);
    // A stale version, an edit out of range and an edit to a closed document are ignored.
    for (v, line) in [(2, 0), (4, 50)] {
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": v}, "contentChanges": [{"range": {"start": pos(line, 0), "end": pos(line, 0)}, "text": "X"}]}),
        )
        .await;
    }
    c.notify("textDocument/didChange", json!({"textDocument": {"uri": "file:///closed.txt", "version": 9}, "contentChanges": [{"text": "x"}]})).await;
    let t = c.request("dragoman/documentText", json!({"uri": uri})).await.unwrap();
    assert_eq!(t, json!({"version": 3, "text": "resolution 1540 (2004)\n"}));
    // Still serving.
    let h = c.request("textDocument/hover", at(&uri, 0, 12)).await.unwrap();
    assert!(h["contents"]["value"].as_str().unwrap().contains("1540"));
    c.shutdown().await;
}
