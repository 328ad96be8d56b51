//! Issue 14, points 10, 13, 14, 15 and 16: corpus import caps, `check` on things that are
//! not files, a client that never answers, a corpus folder holding the workspace, and
//! bidirectional controls from corpus text.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::{caps, file_uri, Client};
use serde_json::{json, Value};

fn exe() -> String {
    std::env::var("DRAGOMAN_TEST_EXE").unwrap_or_else(|_| env!("CARGO_BIN_EXE_dragoman").to_string())
}

fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status.lines().find_map(|l| l.strip_prefix("VmRSS:")).and_then(|v| v.split_whitespace().next()).and_then(|v| v.parse().ok()).unwrap_or(0)
}

/// Run `dragoman args`, killing it after `limit`: (exit code, stderr, elapsed, peak RSS KiB).
fn run_bounded(args: &[&str], limit: Duration) -> (Option<i32>, String, Duration, u64) {
    let start = Instant::now();
    let mut child = Command::new(exe()).args(args).stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let mut peak = 0;
    let code = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status.code();
        }
        peak = peak.max(rss_kib(child.id()));
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    (code, err.join().unwrap(), start.elapsed(), peak)
}

/// Point 13: `check /dev/zero`, `/dev/null` or a FIFO printed "0 files checked" and exited
/// 0; SPEC §1 says 2 on an I/O error.
#[test]
fn check_on_a_device_or_fifo_is_an_io_error() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.txt");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    for path in ["/dev/zero", "/dev/null", fifo.to_str().unwrap()] {
        let (code, err, took, _) = run_bounded(&["check", path], Duration::from_secs(30));
        assert_eq!(code, Some(2), "{path}: {err}");
        assert!(err.contains("not a regular file"), "{path}: {err}");
        assert!(took < Duration::from_secs(30));
    }
}

/// Point 13: `check /proc/self` followed `/proc/self/root` into `/` and never ended.
#[test]
fn check_on_proc_self_ends() {
    let (code, err, took, _) = run_bounded(&["check", "/proc/self"], Duration::from_secs(120));
    assert!(code.is_some(), "still walking after {took:?}");
    assert!(err.contains("leads back to /"), "{err}");
    eprintln!("check /proc/self: exit {code:?} in {took:?}");
}

/// Point 10: `corpus import /dev/zero` reached 5-10 GB. A line is capped (skipped, never
/// buffered whole) and so is the total read; the import fails with a clear message.
#[test]
fn corpus_import_of_dev_zero_fails_clearly_in_bounded_memory() {
    let out = tempfile::tempdir().unwrap();
    let (code, err, took, peak) = run_bounded(&["corpus", "import", "/dev/zero", "--out", out.path().to_str().unwrap()], Duration::from_secs(300));
    eprintln!("corpus import /dev/zero: exit {code:?} in {took:?}, peak RSS {peak} KiB");
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("without reaching the end"), "{err}");
    assert!(peak < 256 * 1024, "peak RSS {peak} KiB");
}

/// Point 10 at the library level: a gzip that inflates to one long line, then a good line.
#[test]
fn an_overlong_line_is_a_bad_line_and_the_import_goes_on() {
    use dragoman::corpus::import::{import_reader_with, Limits};
    let out = tempfile::tempdir().unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&vec![b'x'; 8 << 20]).unwrap();
    gz.write_all(b"\n{\"id\": \"A_1\", \"year\": 2001, \"text\": \"We recall resolution 1540 (2004).\"}\n").unwrap();
    let bytes = gz.finish().unwrap();
    let reader = BufReader::new(flate2::read::MultiGzDecoder::new(&bytes[..]));
    let report = import_reader_with(reader, out.path(), Limits { line: 1 << 20, total: 1 << 30 }).unwrap();
    assert_eq!(report.imported, 1);
    assert_eq!(report.bad_lines.len(), 1);
    assert!(report.bad_lines[0].message.contains("longer than"), "{:?}", report.bad_lines);
    let zeros = BufReader::new(std::io::repeat(0).take(64 << 20));
    let e = import_reader_with(zeros, out.path(), Limits { line: 1 << 20, total: 16 << 20 }).unwrap_err();
    assert!(e.to_string().contains("without reaching the end"), "{e}");
}

/// A bare JSON-RPC client over the binary's stdio that never answers the server's requests.
struct Mute {
    child: std::process::Child,
    rx: mpsc::Receiver<Value>,
}

impl Mute {
    fn spawn(env: &[(&str, &str)]) -> Mute {
        let mut cmd = Command::new(exe());
        cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::null());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            loop {
                let mut len = 0;
                loop {
                    let mut line = String::new();
                    if r.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    if line.trim().is_empty() {
                        break;
                    }
                    if let Some(v) = line.trim().strip_prefix("Content-Length:") {
                        len = v.trim().parse().unwrap_or(0);
                    }
                }
                let mut body = vec![0; len];
                if r.read_exact(&mut body).is_err() {
                    return;
                }
                if tx.send(serde_json::from_slice(&body).unwrap_or(Value::Null)).is_err() {
                    return;
                }
            }
        });
        Mute { child, rx }
    }

    fn send(&mut self, v: Value) {
        let body = serde_json::to_vec(&v).unwrap();
        let stdin = self.child.stdin.as_mut().unwrap();
        stdin.write_all(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes()).unwrap();
        stdin.write_all(&body).unwrap();
        stdin.flush().unwrap();
    }

    /// The first message satisfying `pred` within `limit`, noting the server's requests.
    fn wait(&self, limit: Duration, requests: &mut Vec<String>, pred: impl Fn(&Value) -> bool) -> Option<Value> {
        let end = Instant::now() + limit;
        while let Some(left) = end.checked_duration_since(Instant::now()) {
            let Ok(m) = self.rx.recv_timeout(left) else { return None };
            if m.get("id").is_some() {
                if let Some(method) = m["method"].as_str() {
                    requests.push(method.to_string());
                }
            }
            if pred(&m) {
                return Some(m);
            }
        }
        None
    }
}

impl Drop for Mute {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Point 14: a client that never answers `window/workDoneProgress/create` or
/// `workspace/configuration` left the corpus unindexed forever.
#[test]
fn a_client_that_never_answers_does_not_stop_the_corpus_from_being_indexed() {
    let mut s = Mute::spawn(&[("DRAGOMAN_CLIENT_TIMEOUT_MS", "300")]);
    let root = file_uri(&common::repo());
    s.send(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": null, "rootUri": root, "capabilities": caps(Some(&["utf-16"]))}}));
    let mut requests = Vec::new();
    assert!(s.wait(Duration::from_secs(20), &mut requests, |m| m["id"] == 1 && m.get("result").is_some()).is_some());
    s.send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    let indexed = s.wait(Duration::from_secs(30), &mut requests, |m| {
        m["method"] == "window/logMessage" && m["params"]["message"].as_str().is_some_and(|t| t.contains("corpus indexed"))
    });
    assert!(indexed.is_some(), "the corpus was never indexed; the server asked {requests:?} and got no answer");
    assert!(requests.iter().any(|r| r == "workspace/configuration"), "{requests:?}");
    assert!(requests.iter().any(|r| r == "window/workDoneProgress/create"), "{requests:?}");
}

/// Point 15: `corpus = ["."]` silently stopped every draft from being checked. The user is
/// told, and drafts open in the editor are checked anyway.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_corpus_folder_holding_the_workspace_is_reported_and_drafts_are_still_checked() {
    let ws = tempfile::tempdir().unwrap();
    std::fs::write(ws.path().join("dragoman.toml"), "corpus = [\".\"]\n").unwrap();
    let draft = ws.path().join("draft.txt");
    let text = "We recall resolution 1540(2004).";
    std::fs::write(&draft, text).unwrap();
    let mut c = Client::spawn_binary(&exe(), &[], &[], json!({}));
    c.initialize(caps(Some(&["utf-16"])), ws.path(), json!({})).await;
    let shown = c.wait_for("window/showMessage", |p| p["message"].as_str().is_some_and(|m| m.contains("holds the whole workspace"))).await;
    assert_eq!(shown["type"], 2);
    let uri = file_uri(&draft);
    c.open(&uri, "plaintext", 1, text).await;
    let d = c.diagnostics(&uri, Some(1)).await;
    assert_eq!(d.len(), 1, "{d:?}");
    c.shutdown().await;
}

/// Point 16: bidirectional controls from corpus text passed into hover. What hover shows of
/// the corpus is `facts` (who cites, what it is called) and `who`: neither holds any.
#[test]
fn bidi_controls_from_the_corpus_never_reach_hover() {
    let mut index = dragoman::index::CorpusIndex::empty(dragoman::gazetteer::Gazetteer::bundled());
    let text = "Mr. Ev\u{202e}lin (Ruri\u{2066}tania): The \u{202e}annual\u{2069} report contained in document S/2017/1025 was noted.\n";
    let id = index.update_text(std::path::Path::new("/tmp/dragoman-hard/bidi.txt"), text);
    let is_bidi = |s: &str| s.chars().any(|c| matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}'));
    let who = index.who(id);
    assert!(who.contains("Evlin"), "{who}");
    assert!(!is_bidi(&who), "{who:?}");
    let facts = index.facts("S/2017/1025");
    let described = facts.described_as.clone().unwrap_or_default();
    assert!(described.contains("annual report"), "{facts:?}");
    assert!(!is_bidi(&described) && facts.cited_by.iter().all(|w| !is_bidi(w)), "{facts:?}");
}
