//! A raw JSON-RPC client against the real binary over stdio (SPEC §7): bursts of edits,
//! cancellation, malformed frames, unknown methods, bad positions, edits the server must
//! ignore, a panic inside a request, and how the process ends.
//!
//! The panic is triggered with `dragoman/debugPanic`, a request the server answers by
//! panicking only when started with `DRAGOMAN_DEBUG_PANIC=1` (otherwise: method not found).

mod common;

use std::time::Duration;

use common::{caps, repo, Client};
use dragoman::check::Checker;
use dragoman::config::Config;
use dragoman::position::{Encoding, LineIndex};
use dragoman::report::diagnostics_json;
use serde_json::{json, Value};

fn exe() -> &'static str {
    env!("CARGO_BIN_EXE_dragoman")
}

/// The binary with the test-only panic request on, initialized on the repository (seeds as
/// the corpus) with the default debounce.
async fn started() -> Client {
    let mut c = Client::spawn_binary(exe(), &[], &[("DRAGOMAN_DEBUG_PANIC", "1")], json!({}));
    c.initialize(caps(Some(&["utf-16"])), &repo(), json!({})).await;
    c
}

fn pos(line: u32, character: u32) -> Value {
    json!({"line": line, "character": character})
}

fn at(uri: &str, line: u32, character: u32) -> Value {
    json!({"textDocument": {"uri": uri}, "position": pos(line, character)})
}

async fn server_text(c: &mut Client, uri: &str) -> Value {
    c.request("dragoman/documentText", json!({"uri": uri})).await.unwrap()
}

/// Wait for a `window/logMessage` containing `needle`.
async fn logged(c: &mut Client, needle: &str) -> String {
    let p = c.wait_for("window/logMessage", |p| p["message"].as_str().is_some_and(|m| m.contains(needle))).await;
    p["message"].as_str().unwrap().to_string()
}

/// The server still answers.
async fn alive(c: &mut Client, uri: &str) {
    let h = c.request("textDocument/hover", at(uri, 0, 12)).await.unwrap();
    assert!(h["contents"]["value"].as_str().unwrap().contains("1540"), "{h}");
}

const START: &str = "resolution 1540 (2004)\nSecond line with S/2017/1025.\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_500_edits_then_diagnostics_equal_a_fresh_check() {
    let mut c = started().await;
    let uri = "file:///tmp/dragoman-robust/burst.md";
    c.open(uri, "markdown", 1, START).await;
    c.diagnostics(uri, Some(1)).await;
    let pieces = ["resolution 1540(2004) ", "Resolution 2325 (2016). ", "é", "𝄞", "\n", "S/PRST 2017/2 ", "the IAEA ", "x", "resolution 70-1 "];
    let mut text = START.to_string();
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    let mut rand = |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let mut caret = 0;
    for v in 2..=501 {
        // Insert a piece or delete a few characters, at a character boundary.
        let chars: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        let a = chars[rand(chars.len())];
        let (b, insert) = if rand(4) == 0 {
            let i = chars.iter().position(|&x| x == a).unwrap();
            (chars[(i + 1 + rand(3)).min(chars.len() - 1)], "")
        } else {
            (a, pieces[rand(pieces.len())])
        };
        let idx = LineIndex::new(&text);
        let p = |o: usize| {
            let lc = idx.line_col(&text, o, Encoding::Utf16);
            pos(lc.line, lc.col)
        };
        let change = json!({"range": {"start": p(a), "end": p(b)}, "text": insert});
        c.notify("textDocument/didChange", json!({"textDocument": {"uri": uri, "version": v}, "contentChanges": [change]})).await;
        text.replace_range(a..b, insert);
        caret = a + insert.len();
    }
    // After the debounce: exactly a fresh check of the final text, minus what is at the caret.
    let d = c.diagnostics(uri, Some(501)).await;
    let want = dragoman::server::proto::diagnostics(&text, &Config::default(), Encoding::Utf16, Some(caret));
    assert_eq!(Value::Array(d), serde_json::to_value(&want).unwrap());
    assert_eq!(server_text(&mut c, uri).await, json!({"version": 501, "text": text}));
    // On save, all of it.
    c.notify("textDocument/didSave", json!({"textDocument": {"uri": uri}})).await;
    let d = c.diagnostics(uri, Some(501)).await;
    assert_eq!(Value::Array(d), Value::Array(diagnostics_json(&text, &Checker::new(&Config::default()).check(&text), Encoding::Utf16)));
    c.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancel_request_answers_cancelled_or_the_result() {
    let mut c = started().await;
    let uri = "file:///tmp/dragoman-robust/cancel.txt";
    c.open(uri, "plaintext", 1, START).await;
    for method in ["textDocument/references", "workspace/symbol", "textDocument/hover"] {
        let params = match method {
            "workspace/symbol" => json!({"query": "a"}),
            _ => json!({"textDocument": {"uri": uri}, "position": pos(0, 12), "context": {"includeDeclaration": true}}),
        };
        let id = c.request_start(method, params).await;
        c.notify("$/cancelRequest", json!({"id": id})).await;
        match c.response(id).await {
            Ok(_) => {}
            Err(e) => assert_eq!(e["code"], -32800, "{method}: {e}"),
        }
    }
    // Cancelling something already answered, or never sent, is harmless.
    c.notify("$/cancelRequest", json!({"id": 1})).await;
    c.notify("$/cancelRequest", json!({"id": 99999})).await;
    alive(&mut c, uri).await;
    c.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_frames_get_an_error_and_the_server_lives_on() {
    let mut c = started().await;
    let uri = "file:///tmp/dragoman-robust/frames.txt";
    c.open(uri, "plaintext", 1, START).await;
    let is_error = |code: i64| move |m: &Value| m["id"].is_null() && m.get("method").is_none() && m["error"]["code"] == code;
    // A body that is not JSON: parse error.
    let body = b"{this is not json";
    c.raw(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes()).await;
    c.raw(body).await;
    c.wait_message(is_error(-32700)).await;
    alive(&mut c, uri).await;
    // JSON that is not a JSON-RPC message: invalid request.
    let body = br#"{"hello": "world"}"#;
    c.raw(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes()).await;
    c.raw(body).await;
    c.wait_message(is_error(-32600)).await;
    alive(&mut c, uri).await;
    // A Content-Length that is not a number, then garbage: skipped up to the next frame.
    c.raw(b"Content-Length: twelve\r\n\r\n{\"jsonrpc\": garbage}").await;
    c.wait_message(is_error(-32700)).await;
    alive(&mut c, uri).await;
    // Invalid UTF-8 in a body.
    c.raw(b"Content-Length: 4\r\n\r\n\xff\xfe\xfd\xfc").await;
    c.wait_message(is_error(-32700)).await;
    alive(&mut c, uri).await;
    c.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_methods_and_out_of_range_positions_get_errors() {
    let mut c = started().await;
    let uri = "file:///tmp/dragoman-robust/range.txt";
    c.open(uri, "plaintext", 1, START).await;
    assert_eq!(c.request("textDocument/noSuchThing", json!({})).await.unwrap_err()["code"], -32601);
    assert_eq!(c.request("dragoman/noSuchThing", json!({})).await.unwrap_err()["code"], -32601);
    c.notify("dragoman/noSuchNotification", json!({})).await;
    // A line past the end: invalid params, for every request that takes a position.
    for method in ["textDocument/hover", "textDocument/definition", "textDocument/references", "textDocument/completion"] {
        let mut p = at(uri, 99, 0);
        p["context"] = json!({"includeDeclaration": true});
        assert_eq!(c.request(method, p).await.unwrap_err()["code"], -32602, "{method}");
    }
    // A column past the end of a line is clamped to it (LSP says so).
    assert!(c.request("textDocument/hover", at(uri, 0, 9999)).await.is_ok());
    assert!(c.request("textDocument/hover", at(uri, 0, u32::MAX)).await.is_ok());
    // Params of the wrong shape: invalid params.
    assert_eq!(c.request("textDocument/hover", json!({"textDocument": 5})).await.unwrap_err()["code"], -32602);
    // An edit out of range is ignored (whole), with a log line.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"range": {"start": pos(50, 0), "end": pos(50, 1)}, "text": "X"}]}),
    )
    .await;
    logged(&mut c, "past the end").await;
    assert_eq!(server_text(&mut c, uri).await, json!({"version": 1, "text": START}));
    alive(&mut c, uri).await;
    c.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edits_to_unknown_closed_or_stale_documents_are_ignored_with_a_log_line() {
    let mut c = started().await;
    let uri = "file:///tmp/dragoman-robust/stale.txt";
    c.open(uri, "plaintext", 5, START).await;
    let edit =
        |u: &str, v: i64| json!({"textDocument": {"uri": u, "version": v}, "contentChanges": [{"range": {"start": pos(0, 0), "end": pos(0, 0)}, "text": "X"}]});
    c.notify("textDocument/didChange", edit(uri, 4)).await;
    assert!(logged(&mut c, "ignored a change").await.contains("not newer"));
    c.notify("textDocument/didChange", edit(uri, 5)).await;
    logged(&mut c, "version 5 is not newer").await;
    c.notify("textDocument/didChange", edit("file:///tmp/dragoman-robust/never-opened.txt", 1)).await;
    assert!(logged(&mut c, "never-opened.txt").await.contains("not open"));
    c.notify("textDocument/didSave", json!({"textDocument": {"uri": "file:///tmp/dragoman-robust/never-opened.txt"}})).await;
    logged(&mut c, "ignored a save").await;
    c.notify("textDocument/didClose", json!({"textDocument": {"uri": "file:///tmp/dragoman-robust/never-opened.txt"}})).await;
    logged(&mut c, "ignored a close").await;
    assert_eq!(server_text(&mut c, uri).await, json!({"version": 5, "text": START}));
    // Closed: later edits are ignored, requests on it get an error.
    let other = "file:///tmp/dragoman-robust/closed.txt";
    c.open(other, "plaintext", 1, START).await;
    c.notify("textDocument/didClose", json!({"textDocument": {"uri": other}})).await;
    c.notify("textDocument/didChange", edit(other, 2)).await;
    assert!(logged(&mut c, "closed.txt").await.contains("not open"));
    assert_eq!(c.request("textDocument/hover", at(other, 0, 0)).await.unwrap_err()["code"], -32602);
    alive(&mut c, uri).await;
    c.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panic_inside_a_request_is_answered_with_an_error() {
    let mut c = started().await;
    let uri = "file:///tmp/dragoman-robust/panic.txt";
    c.open(uri, "plaintext", 1, START).await;
    for _ in 0..3 {
        let e = c.request("dragoman/debugPanic", json!({})).await.unwrap_err();
        assert_eq!(e["code"], -32603, "{e}");
        assert!(e["message"].as_str().unwrap().contains("panic"), "{e}");
        alive(&mut c, uri).await;
    }
    c.shutdown().await;
    // Without the variable the request does not exist.
    let mut c = Client::spawn_binary(exe(), &[], &[], json!({}));
    c.initialize(caps(None), &repo(), json!({})).await;
    assert_eq!(c.request("dragoman/debugPanic", json!({})).await.unwrap_err()["code"], -32601);
    c.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_before_initialize_are_refused() {
    let mut c = Client::spawn_binary(exe(), &[], &[], json!({}));
    let e = c.request("textDocument/hover", at("file:///x.txt", 0, 0)).await.unwrap_err();
    assert_eq!(e["code"], -32002, "{e}");
    c.initialize(caps(None), &repo(), json!({})).await;
    c.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exit_with_stdin_open_ends_the_process_within_a_second() {
    let mut c = started().await;
    c.open("file:///tmp/dragoman-robust/exit.txt", "plaintext", 1, START).await;
    // No shutdown first: the process ends, with exit code 1 (LSP).
    let (took, status) = c.exit().await.expect("a child process");
    assert!(took < Duration::from_secs(1), "{took:?}");
    assert_eq!(status.code(), Some(1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_then_exit_ends_with_code_zero() {
    let mut c = started().await;
    c.open("file:///tmp/dragoman-robust/shutdown.txt", "plaintext", 1, START).await;
    let (took, status) = c.shutdown().await.expect("a child process");
    assert!(took < Duration::from_secs(1), "{took:?}");
    assert_eq!(status.code(), Some(0));
}
