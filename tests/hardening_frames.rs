//! Issue 14, points 1, 2, 4, 6 (URIs) and 9: hostile frames against the real binary over
//! stdio, and a frame fuzzer of our own (cargo-fuzz needs a nightly toolchain CI does not
//! have). Every test ends by checking the server still answers and has not exited.
//!
//! `DRAGOMAN_TEST_EXE=/path/to/an/older/dragoman` runs these against another build (how the
//! figures "before" in the issue's closing note were taken).

mod common;

use std::time::{Duration, Instant};

use common::rng::Rng;
use common::{caps, repo, Client};
use serde_json::{json, Value};

fn exe() -> String {
    std::env::var("DRAGOMAN_TEST_EXE").unwrap_or_else(|_| env!("CARGO_BIN_EXE_dragoman").to_string())
}

async fn started() -> Client {
    let mut c = Client::spawn_binary(&exe(), &[], &[], json!({}));
    c.initialize(caps(Some(&["utf-16"])), &repo(), json!({})).await;
    c
}

const URI: &str = "file:///tmp/dragoman-hard/frames.txt";
const START: &str = "resolution 1540 (2004)\nSecond line with S/2017/1025.\n";

/// The server answers a hover and its process is still running.
async fn alive(c: &mut Client) {
    let h = c.request("textDocument/hover", json!({"textDocument": {"uri": URI}, "position": {"line": 0, "character": 12}})).await.unwrap();
    assert!(h["contents"]["value"].as_str().unwrap().contains("1540"), "{h}");
    let child = c.child.as_mut().unwrap();
    assert!(child.try_wait().unwrap().is_none(), "the server exited");
}

fn is_parse_error(m: &Value) -> bool {
    m.get("method").is_none() && m["id"].is_null() && m["error"]["code"] == -32700
}

fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status.lines().find_map(|l| l.strip_prefix("VmRSS:")).and_then(|v| v.split_whitespace().next()).and_then(|v| v.parse().ok()).unwrap_or(0)
}

/// Point 1: `header + body` overflowed and a slice panicked; the process exited 1.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn content_lengths_near_usize_max_are_answered_not_panicked_on() {
    let mut c = started().await;
    c.open(URI, "plaintext", 1, START).await;
    for huge in ["18446744073709551615", "18446744073709551600", "18446744073709551577"] {
        c.raw(format!("Content-Length: {huge}\r\n\r\n{{}}").as_bytes()).await;
        let e = c.wait_message(is_parse_error).await;
        assert!(e["error"]["message"].as_str().unwrap().contains("over the limit"), "{e}");
        alive(&mut c).await;
    }
    c.shutdown().await;
}

/// Point 2: invalid UTF-8 in a field the server ignores passed the framing check, then the
/// protocol layer's reader ended the input and the process exited. The body is repaired
/// (U+FFFD), said so in the log, and the server goes on.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_utf8_in_an_ignored_field_does_not_end_the_input() {
    let mut c = started().await;
    c.open(URI, "plaintext", 1, START).await;
    let body = b"{\"jsonrpc\":\"2.0\",\"method\":\"$/x\",\"junk\":\"\xff\"}";
    c.raw(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes()).await;
    c.raw(body).await;
    c.wait_for("window/logMessage", |p| p["message"].as_str().is_some_and(|m| m.contains("invalid UTF-8 replaced"))).await;
    alive(&mut c).await;
    // Invalid UTF-8 inside a document's text: the document opens with U+FFFD there.
    let body = b"{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":{\"uri\":\"file:///tmp/dragoman-hard/u8.txt\",\"languageId\":\"plaintext\",\"version\":1,\"text\":\"a\xffb\"}}}";
    c.raw(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes()).await;
    c.raw(body).await;
    let t = c.request("dragoman/documentText", json!({"uri": "file:///tmp/dragoman-hard/u8.txt"})).await.unwrap();
    assert_eq!(t["text"], "a\u{fffd}b");
    c.shutdown().await;
}

/// Point 4: a lone surrogate escape in a didChange was rejected (-32700) and the change
/// dropped, so the next change was applied to the old text. It is held as U+FFFD (one
/// UTF-16 unit, as the surrogate is in the editor), the log says so, and the document
/// stays in step.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lone_surrogate_is_held_as_the_replacement_character_and_edits_stay_in_step() {
    let mut c = started().await;
    let uri = "file:///tmp/dragoman-hard/surrogate.txt";
    let open = format!(
        r#"{{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{{"textDocument":{{"uri":"{uri}","languageId":"plaintext","version":1,"text":"x\udc00y"}}}}}}"#
    );
    c.raw(format!("Content-Length: {}\r\n\r\n{open}", open.len()).as_bytes()).await;
    c.wait_for("window/logMessage", |p| p["message"].as_str().is_some_and(|m| m.contains("lone UTF-16 surrogate"))).await;
    let t = c.request("dragoman/documentText", json!({"uri": uri})).await.unwrap();
    assert_eq!(t["text"], "x\u{fffd}y");
    // Insert a high surrogate alone after `x`, then a normal edit after it (UTF-16 columns
    // count the surrogate as the one unit it is in the editor).
    let change = format!(
        r#"{{"jsonrpc":"2.0","method":"textDocument/didChange","params":{{"textDocument":{{"uri":"{uri}","version":2}},"contentChanges":[{{"range":{{"start":{{"line":0,"character":1}},"end":{{"line":0,"character":1}}}},"text":"\ud800"}}]}}}}"#
    );
    c.raw(format!("Content-Length: {}\r\n\r\n{change}", change.len()).as_bytes()).await;
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"range": {"start": {"line": 0, "character": 3}, "end": {"line": 0, "character": 4}}, "text": "Y. We recall resolution 1540(2004) and"}]}),
    )
    .await;
    let t = c.request("dragoman/documentText", json!({"uri": uri})).await.unwrap();
    assert_eq!(t, json!({"version": 3, "text": "x\u{fffd}\u{fffd}Y. We recall resolution 1540(2004) and"}));
    let d = c.diagnostics(uri, Some(3)).await;
    assert_eq!(d.len(), 1, "{d:?}");
    // The finding (the missing space) is after three UTF-16 units and `Y. We recall resolution 1540`.
    assert_eq!(d[0]["range"]["start"]["character"], 3 + "Y. We recall resolution 1540".len());
    c.open(URI, "plaintext", 1, START).await;
    alive(&mut c).await;
    c.shutdown().await;
}

/// Point 6 (URIs): `file:///drafts/a b.txt` with a raw space was rejected and the
/// document never opened. It opens as `a%20b.txt` and gets diagnostics.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_uri_with_a_raw_space_opens() {
    let mut c = started().await;
    c.open("file:///tmp/dragoman-hard/a b.txt", "plaintext", 1, "We recall resolution 1540(2004).").await;
    let d = c.diagnostics("file:///tmp/dragoman-hard/a%20b.txt", Some(1)).await;
    assert_eq!(d.len(), 1, "{d:?}");
    let t = c.request("dragoman/documentText", json!({"uri": "file:///tmp/dragoman-hard/a b.txt"})).await.unwrap();
    assert_eq!(t["version"], 1);
    c.shutdown().await;
}

/// Point 9: after `Content-Length: 1000000000000` the server buffered all that followed
/// and never answered. It answers at once, drops what follows up to the next header, and
/// its memory does not grow with the garbage.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_oversized_content_length_is_answered_and_the_input_resynchronised() {
    let mut c = started().await;
    c.corpus_ready().await;
    c.open(URI, "plaintext", 1, START).await;
    alive(&mut c).await;
    let pid = c.pid().unwrap();
    let before = rss_kib(pid);
    c.raw(b"Content-Length: 1000000000000\r\n\r\n").await;
    let e = c.wait_message(is_parse_error).await;
    assert!(e["error"]["message"].as_str().unwrap().contains("over the limit"), "{e}");
    // 64 MiB of body that never ends, then a good frame.
    let chunk = vec![b'x'; 1 << 20];
    for _ in 0..64 {
        c.raw(&chunk).await;
    }
    alive(&mut c).await;
    let after = rss_kib(pid);
    eprintln!("RSS before {before} KiB, after 64 MiB of an oversized frame {after} KiB");
    assert!(after < before + 16 * 1024, "RSS grew from {before} KiB to {after} KiB");
    c.shutdown().await;
}

/// A frame fuzzer over the real binary: 400 frames mutated from real ones (flipped and
/// inserted bytes, truncated or lying lengths, random header lines, surrogates, bad UTF-8),
/// with a real request every 40 frames; the server must answer each and never exit.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn frame_fuzzer_the_server_keeps_answering() {
    let mut c = started().await;
    c.open(URI, "plaintext", 1, START).await;
    let seed = std::env::var("DRAGOMAN_FUZZ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0x9E37_79B9_7F4A_7C15u64);
    eprintln!("frame fuzzer seed {seed} (DRAGOMAN_FUZZ_SEED to replay)");
    let mut rng = Rng(seed);
    let fuzz_uri = "file:///tmp/dragoman-hard/fuzz.md";
    let seeds: Vec<Vec<u8>> = vec![
        serde_json::to_vec(&json!({"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":fuzz_uri,"languageId":"markdown","version":1,"text":"resolution 1540 (2004) and S/2017/1025"}}})).unwrap(),
        serde_json::to_vec(&json!({"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":fuzz_uri,"version":2},"contentChanges":[{"range":{"start":{"line":0,"character":3},"end":{"line":0,"character":5}},"text":"\u{1d11e}x"}]}})).unwrap(),
        serde_json::to_vec(&json!({"jsonrpc":"2.0","id":"f","method":"textDocument/hover","params":{"textDocument":{"uri":fuzz_uri},"position":{"line":0,"character":12}}})).unwrap(),
        serde_json::to_vec(&json!({"jsonrpc":"2.0","id":7,"method":"textDocument/documentSymbol","params":{"textDocument":{"uri":fuzz_uri}}})).unwrap(),
        serde_json::to_vec(&json!({"jsonrpc":"2.0","method":"textDocument/didClose","params":{"textDocument":{"uri":fuzz_uri}}})).unwrap(),
        br#"{"jsonrpc":"2.0","method":"$/x","t":"\udc00\ud800"}"#.to_vec(),
    ];
    let started_at = Instant::now();
    for i in 0..400 {
        let mut body = seeds[rng.below(seeds.len())].clone();
        for _ in 0..rng.below(4) {
            let at = rng.below(body.len() + 1);
            match rng.below(6) {
                0 if at < body.len() => body[at] = rng.next() as u8,
                1 => body.insert(at, [b'"', b'\\', b'{', b'}', 0xff, b'\n', 0][rng.below(7)]),
                2 => body.truncate(at),
                3 => body.splice(at..at, b"\\udc00".iter().copied()).for_each(drop),
                _ => {}
            }
        }
        let len = match rng.below(8) {
            0 => body.len() + 1 + rng.below(5),
            1 => body.len().saturating_sub(1 + rng.below(5)),
            2 => [u64::MAX, u64::MAX - 15, 1 << 40, 0][rng.below(4)] as usize,
            _ => body.len(),
        };
        let mut frame = Vec::new();
        if rng.below(10) == 0 {
            frame.extend_from_slice(["Content-Type: x\r\n", "X: \u{e9}\r\n", "garbage\r\n", "Content-Length: 3\r\n"][rng.below(4)].as_bytes());
        }
        frame.extend_from_slice(format!("Content-Length: {len}\r\n\r\n").as_bytes());
        frame.extend_from_slice(&body);
        c.raw(&frame).await;
        if i % 40 == 39 {
            // A lying length may have swallowed the start of the next frame: resynchronise
            // with a frame after some padding, then ask.
            c.raw(b"\r\n\r\n").await;
            c.raw(&[b' '; 64]).await;
            alive_within(&mut c, Duration::from_secs(20)).await;
        }
    }
    alive_within(&mut c, Duration::from_secs(20)).await;
    eprintln!("400 fuzzed frames in {:?}", started_at.elapsed());
    c.shutdown().await;
}

/// [`alive`], retrying: a request sent right after a frame that claimed more bytes than it
/// had may be eaten as that frame's body.
async fn alive_within(c: &mut Client, limit: Duration) {
    let start = Instant::now();
    loop {
        let id = c.request_start("textDocument/hover", json!({"textDocument": {"uri": URI}, "position": {"line": 0, "character": 12}})).await;
        let got = tokio::time::timeout(Duration::from_secs(2), c.response(id)).await;
        if let Ok(Ok(h)) = got {
            assert!(h["contents"]["value"].as_str().unwrap().contains("1540"), "{h}");
            break;
        }
        assert!(start.elapsed() < limit, "the server stopped answering");
        assert!(c.child.as_mut().unwrap().try_wait().unwrap().is_none(), "the server exited");
        // Pad out whatever body the server is still waiting for.
        c.raw(&[b' '; 4096]).await;
    }
    assert!(c.child.as_mut().unwrap().try_wait().unwrap().is_none(), "the server exited");
}
