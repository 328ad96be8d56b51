//! Latency of the language server over stdio (SPEC §6), with the real binary and the same
//! client as the tests. Run with
//!
//! ```text
//! cargo bench --bench lsp_latency
//! ```
//!
//! What it measures:
//! - cold start with the bundled corpus (empty workspace, empty cache folder the first
//!   time): spawn → `initialize` answered → first hover answered → corpus indexed;
//! - with the full General Debate corpus as the corpus (imported once from
//!   `../shared/data/un_general_debate_corpus/ungdc_1946_2024.jsonl.gz` into
//!   `target/lsp-bench/gd/`; skipped with a message when the file is absent) and a 1 MB
//!   draft made of the seeds and General Debate text with citations and names sprinkled in:
//!   `initialize`, corpus indexing, open → diagnostics, keystroke → diagnostics (with the
//!   default 200 ms debounce and with none), hover / definition / references p50 and p99
//!   (client round trips over stdio, so an upper bound of the server's time), the server
//!   work of one keystroke's re-check measured in this process on the same draft, and the
//!   server's peak RSS (`VmHWM`).
//!
//! First, keystroke → diagnostics on drafts of 10 KB, 100 KB, 1 MB and 5 MB with the shipped
//! adaptive debounce beside the old fixed 200 ms one, in the same run (issue 13 point 1).
//!
//! Environment: `LSP_BENCH_N` (requests per measurement, default 500; at most 40 keystrokes
//! per size), `LSP_BENCH_ONLY=debounce` (only the comparison by size), `LSP_BENCH_EXE` (the
//! server binary to time instead of this build's),
//! `LSP_BENCH_ENCODING` (`utf-16`, the default, or `utf-8`).

#[path = "../tests/common/mod.rs"]
mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::{file_uri, Client};
use dragoman::position::{Encoding, LineIndex};
use serde_json::{json, Value};

const GD: &str = "../shared/data/un_general_debate_corpus/ungdc_1946_2024.jsonl.gz";
const DRAFT_BYTES: usize = 1 << 20;
/// Inserted every few kilobytes of the draft.
const SPRINKLE: &str = "\n\nWe recall resolution 1540 (2004), resolution 2325(2016) and the Treaty on the Non-Proliferation of Nuclear Weapons; \
the International Atomic Energy Agency (IAEA) and the Arms Trade Treaty matter, as does the report (S/2017/1025).\n\n";
/// Where the measured requests point, in the middle of the draft.
const MARK: &str = "MARK: we recall resolution 1540 (2004) and the IAEA, the Arms Trade Treaty and the United Nations.";

/// The server binary: this build's, or `LSP_BENCH_EXE` (to time another build, such as
/// the one before a change, in the same run of the same benchmark).
fn exe() -> String {
    std::env::var("LSP_BENCH_EXE").unwrap_or_else(|_| env!("CARGO_BIN_EXE_dragoman").to_string())
}

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

struct Stats {
    p50: Duration,
    p99: Duration,
    max: Duration,
}

fn stats(mut v: Vec<Duration>) -> Stats {
    v.sort();
    let at = |q: f64| v[((v.len() as f64 - 1.0) * q).round() as usize];
    Stats { p50: at(0.5), p99: at(0.99), max: *v.last().unwrap() }
}

fn row(label: &str, s: &Stats) {
    println!("  {label:<44} p50 {:>8.3} ms   p99 {:>8.3} ms   max {:>8.3} ms", ms(s.p50), ms(s.p99), ms(s.max));
}

fn vm_hwm(pid: u32) -> Option<String> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status.lines().find(|l| l.starts_with("VmHWM")).map(|l| l.split_whitespace().skip(1).collect::<Vec<_>>().join(" "))
}

fn caps(enc: Encoding) -> Value {
    match enc {
        Encoding::Utf8 => common::neovim_0_11().capabilities,
        _ => common::vscode().capabilities,
    }
}

/// Text of a statement without its front matter.
fn body(text: &str) -> &str {
    if let Some(rest) = text.strip_prefix("---\n") {
        if let Some(i) = rest.find("\n---\n") {
            return &rest[i + 5..];
        }
    }
    text
}

/// A 1 MB draft: the seeds, then General Debate statements (when imported), with
/// [`SPRINKLE`] every ~4 KB and [`MARK`] in the middle.
fn make_draft(gd: Option<&Path>) -> String {
    make_draft_of(gd, DRAFT_BYTES)
}

/// [`make_draft`] of about `bytes` bytes.
fn make_draft_of(gd: Option<&Path>, bytes: usize) -> String {
    let mut parts: Vec<String> = Vec::new();
    for f in ["seeds/000_d4ea41a10ebcdbe5.txt", "seeds/004_5167a4cbcf6c02b8.txt"] {
        parts.push(std::fs::read_to_string(manifest().join(f)).unwrap());
    }
    if let Some(dir) = gd {
        let mut files: Vec<PathBuf> = Vec::new();
        for year in ["2015", "2016", "2017", "2018"] {
            if let Ok(rd) = std::fs::read_dir(dir.join(year)) {
                files.extend(rd.filter_map(|e| e.ok()).map(|e| e.path()));
            }
        }
        files.sort();
        for f in files.iter().take(200) {
            if let Ok(t) = std::fs::read_to_string(f) {
                parts.push(body(&t).to_string());
            }
        }
    }
    let mut out = String::with_capacity(bytes + 4096);
    let mut marked = false;
    'fill: loop {
        for p in &parts {
            for para in p.split("\n\n") {
                out.push_str(para);
                out.push_str("\n\n");
                if out.len() % 4096 < para.len() + 2 {
                    out.push_str(SPRINKLE);
                }
                if !marked && out.len() >= bytes / 2 {
                    out.push_str(MARK);
                    out.push_str("\n\n");
                    marked = true;
                }
                if out.len() >= bytes {
                    break 'fill;
                }
            }
        }
    }
    out
}

fn pos(text: &str, offset: usize, enc: Encoding) -> Value {
    let lc = LineIndex::new(text).line_col(text, offset, enc);
    json!({"line": lc.line, "character": lc.col})
}

/// Import the General Debate corpus once (it is reused by later runs).
fn gd_corpus() -> Option<PathBuf> {
    let src = manifest().join(GD);
    if !src.is_file() {
        println!("(skipping the General Debate corpus: {} is absent)", src.display());
        return None;
    }
    let out = manifest().join("target/lsp-bench/gd");
    let done = out.join(".imported");
    if !done.is_file() {
        println!("importing the General Debate corpus into {} ...", out.display());
        let t = Instant::now();
        let status = std::process::Command::new(exe()).args(["corpus", "import", "--out"]).arg(&out).arg(&src).status().expect("run dragoman corpus import");
        assert!(status.success(), "dragoman corpus import failed");
        std::fs::write(&done, "").unwrap();
        println!("  imported in {:.1} s", t.elapsed().as_secs_f64());
    }
    Some(out)
}

async fn cold_start_bundled(runs: usize) {
    println!("\nCold start with the bundled corpus ({runs} runs; run 1 with an empty cache folder)");
    let cache = tempfile::tempdir().unwrap();
    let (mut init, mut hover, mut indexed) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        let ws = tempfile::tempdir().unwrap();
        let t0 = Instant::now();
        let mut c = Client::spawn_binary(&exe(), &[], &[("XDG_CACHE_HOME", cache.path().to_str().unwrap())], json!({}));
        c.initialize(caps(Encoding::Utf16), ws.path(), json!({})).await;
        init.push(t0.elapsed());
        let uri = file_uri(&ws.path().join("draft.txt"));
        let text = "We recall resolution 1540 (2004).";
        c.open(&uri, "plaintext", 1, text).await;
        let h = c.request("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 14}})).await.unwrap();
        hover.push(t0.elapsed());
        assert!(h["contents"]["value"].as_str().unwrap().contains("1540"));
        c.corpus_ready().await;
        indexed.push(t0.elapsed());
        c.shutdown().await;
    }
    println!("  run 1: initialize {:.1} ms, first hover {:.1} ms, corpus indexed {:.1} ms", ms(init[0]), ms(hover[0]), ms(indexed[0]));
    row("spawn → initialize answered", &stats(init));
    row("spawn → first hover answered", &stats(hover));
    row("spawn → bundled corpus indexed", &stats(indexed));
}

async fn measure(c: &mut Client, n: usize, method: &str, params: Value) -> Stats {
    for _ in 0..20.min(n) {
        c.request(method, params.clone()).await.unwrap();
    }
    let mut v = Vec::with_capacity(n);
    for _ in 0..n {
        let t = Instant::now();
        let r = c.request(method, params.clone()).await;
        v.push(t.elapsed());
        r.unwrap();
    }
    stats(v)
}

async fn keystrokes(c: &mut Client, uri: &str, text: &mut String, version: &mut i64, n: usize, enc: Encoding, at: usize) -> Stats {
    let mut v = Vec::new();
    for i in 0..n {
        // Type a letter, or delete it again, at the same place.
        let (range, insert) = if i % 2 == 0 { ((at, at), "x") } else { ((at, at + 1), "") };
        let change = json!({"range": {"start": pos(text, range.0, enc), "end": pos(text, range.1, enc)}, "text": insert});
        text.replace_range(range.0..range.1, insert);
        *version += 1;
        let t = Instant::now();
        c.notify("textDocument/didChange", json!({"textDocument": {"uri": uri, "version": *version}, "contentChanges": [change]})).await;
        c.diagnostics(uri, Some(*version)).await;
        v.push(t.elapsed());
    }
    stats(v)
}

/// The server's work for one keystroke, in this process: the edit on the rope, the text
/// out of it, the check with the typing filter, and the LSP diagnostics.
fn keystroke_work(text: &str, enc: Encoding, at: usize, n: usize) -> (Stats, usize) {
    let config = dragoman::config::Config::default();
    let mut rope = ropey::Rope::from_str(text);
    let mut v = Vec::new();
    let mut count = 0;
    for i in 0..n {
        let t = Instant::now();
        if i % 2 == 0 {
            dragoman::position::rope::replace(&mut rope, at, at, "x");
        } else {
            dragoman::position::rope::replace(&mut rope, at, at + 1, "");
        }
        let s = rope.to_string();
        let d = dragoman::server::proto::diagnostics(&s, &config, enc, Some(at + 1));
        count = d.len();
        v.push(t.elapsed());
    }
    (stats(v), count)
}

async fn with_gd(gd: &Path, n: usize, enc: Encoding) {
    let draft = make_draft(Some(gd));
    println!("\nGeneral Debate corpus ({}) and a {:.2} MB draft, encoding {}", gd.display(), draft.len() as f64 / 1e6, enc.lsp_name());
    let ws = tempfile::tempdir().unwrap();
    std::fs::write(ws.path().join("dragoman.toml"), format!("corpus = [{:?}]\n", gd.to_str().unwrap())).unwrap();
    let t0 = Instant::now();
    let mut c = Client::spawn_binary(&exe(), &[], &[], json!({}));
    c.initialize(caps(enc), ws.path(), json!({})).await;
    let t_init = t0.elapsed();
    c.corpus_ready().await;
    let t_index = t0.elapsed();
    let pid = c.pid().unwrap();
    println!("  spawn → initialize answered                  {:>8.1} ms", ms(t_init));
    println!("  spawn → corpus indexed                       {:>8.1} ms", ms(t_index));
    println!("  server peak RSS after indexing                {}", vm_hwm(pid).unwrap_or_default());

    let uri = file_uri(&ws.path().join("draft.md"));
    let t = Instant::now();
    c.open(&uri, "markdown", 1, &draft).await;
    let d = c.diagnostics(&uri, Some(1)).await;
    println!("  didOpen (1 MB) → diagnostics published       {:>8.1} ms ({} diagnostics)", ms(t.elapsed()), d.len());

    let mark = draft.find(MARK).unwrap();
    let at = |needle: &str| json!({"textDocument": {"uri": uri}, "position": pos(&draft, mark + MARK.find(needle).unwrap() + 1, enc), "context": {"includeDeclaration": true}});
    println!("  requests ({n} each, client round trip over stdio):");
    let mut results = Vec::new();
    for (label, method, needle) in [
        ("hover, resolution 1540 (2004)", "textDocument/hover", "resolution 1540"),
        ("hover, IAEA", "textDocument/hover", "IAEA"),
        ("hover, United Nations", "textDocument/hover", "United Nations"),
        ("definition, resolution 1540 (2004)", "textDocument/definition", "resolution 1540"),
        ("definition, IAEA", "textDocument/definition", "IAEA"),
        ("definition, Arms Trade Treaty", "textDocument/definition", "Arms Trade"),
        ("references, resolution 1540 (2004)", "textDocument/references", "resolution 1540"),
        ("references, IAEA", "textDocument/references", "IAEA"),
    ] {
        let r = c.request(method, at(needle)).await.unwrap();
        let size = r.as_array().map(|a| format!(" ({} locations)", a.len())).unwrap_or_default();
        let s = measure(&mut c, n, method, at(needle)).await;
        row(&format!("{label}{size}"), &s);
        results.push(s);
    }
    let s = measure(&mut c, n.min(200), "workspace/symbol", json!({"query": "atomic"})).await;
    row("workspace/symbol \"atomic\"", &s);
    // Completion at the end of `Arms` (names and acronyms starting with it).
    let p = json!({"textDocument": {"uri": uri}, "position": pos(&draft, mark + MARK.find("Arms Trade").unwrap() + 4, enc)});
    let r = c.request("textDocument/completion", p.clone()).await.unwrap();
    let items = r["items"].as_array().map_or(0, |a| a.len());
    let s = measure(&mut c, n.min(200), "textDocument/completion", p).await;
    row(&format!("completion after \"Arms\" ({items} items)"), &s);

    // Keystrokes in the middle of the draft.
    let mut text = draft.clone();
    let mut version = 1;
    let typing_at = mark + MARK.find(" and the IAEA").unwrap();
    let s = keystrokes(&mut c, &uri, &mut text, &mut version, 20, enc, typing_at).await;
    row("keystroke → diagnostics (200 ms debounce)", &s);
    c.notify("workspace/didChangeConfiguration", json!({"settings": {"dragoman": {"debounceMs": 0}}})).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let s = keystrokes(&mut c, &uri, &mut text, &mut version, 40, enc, typing_at).await;
    row("keystroke → diagnostics (no debounce)", &s);
    println!("  server peak RSS at the end                    {}", vm_hwm(pid).unwrap_or_default());
    c.shutdown().await;

    println!("  in this process (the server's own work, no transport):");
    let (s, count) = keystroke_work(&draft, enc, typing_at, 40);
    row(&format!("keystroke: edit + check + diagnostics ({count})"), &s);
    let config = dragoman::config::Config::default();
    let checker = dragoman::check::Checker::new(&config);
    let parts: [(&str, &dyn Fn() -> usize); 2] = [
        ("  of which the check of 1 MB", &|| checker.check(&draft).len()),
        ("  of which the citation scan of 1 MB", &|| dragoman::citation::scan(&draft).len()),
    ];
    for (label, f) in parts {
        let v: Vec<Duration> = (0..20)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(f());
                t.elapsed()
            })
            .collect();
        row(label, &stats(v));
    }
    in_process(gd, &draft, n, enc);
}

/// Hover, definition and references as the server computes them (the functions its
/// handlers call, plus the JSON of the answer), on the same corpus and draft: the first
/// call, then p50/p99 of repeated calls.
fn in_process(gd: &Path, draft: &str, n: usize, enc: Encoding) {
    use dragoman::analysis::{self, Knowledge};
    use dragoman::server::corpus::Corpus;
    use dragoman::server::proto;
    let t = Instant::now();
    let (corpus, _) = Corpus::build(&[gd.to_path_buf()], &|_, _| {});
    println!("  index built in this process in {:.0} ms", ms(t.elapsed()));
    let rope = ropey::Rope::from_str(draft);
    let t = Instant::now();
    let doc = dragoman::analysis::Document::new(draft);
    doc.citations();
    doc.names(dragoman::gazetteer::Gazetteer::bundled());
    println!("  names and citations of the 1 MB draft (once per version, for references): {:.1} ms", ms(t.elapsed()));
    let open = [("file:///tmp/draft.md".parse::<tower_lsp_server::ls_types::Uri>().unwrap(), rope.clone())];
    let mark = draft.find(MARK).unwrap();
    let time = |label: &str, f: &dyn Fn() -> usize| {
        let t = Instant::now();
        let size = f();
        let first = t.elapsed();
        let mut v = Vec::with_capacity(n);
        for _ in 0..n {
            let t = Instant::now();
            std::hint::black_box(f());
            v.push(t.elapsed());
        }
        let s = stats(v);
        println!("  {:<44} first {:>7.3} ms   p50 {:>7.3} ms   p99 {:>7.3} ms   ({size} bytes of JSON)", label, ms(first), ms(s.p50), ms(s.p99));
    };
    for (label, needle) in
        [("resolution 1540 (2004)", "resolution 1540"), ("IAEA", "IAEA"), ("United Nations", "United Nations"), ("Arms Trade Treaty", "Arms Trade")]
    {
        let offset = mark + MARK.find(needle).unwrap() + 1;
        time(&format!("hover, {label}"), &|| {
            let index = corpus.read();
            let facts = |key: &str| corpus.facts(&index, key);
            let k = Knowledge::new(&index).with_facts(&facts);
            serde_json::to_vec(&analysis::hover(&doc, &k, offset).map(|h| proto::hover(&rope, &h, enc))).unwrap().len()
        });
        time(&format!("definition, {label}"), &|| {
            let index = corpus.read();
            let key = analysis::target_at(&doc, &Knowledge::new(&index), offset).unwrap().info.key().to_string();
            serde_json::to_vec(&*corpus.definitions(&index, &key, enc)).unwrap().len()
        });
        time(&format!("references, {label}"), &|| {
            let index = corpus.read();
            let r = analysis::references(&doc, &Knowledge::new(&index), offset, &[&doc]).unwrap();
            serde_json::to_vec(&proto::locations(&r.info, &corpus, &index, &open, enc)).unwrap().len()
        });
    }
}

/// Issue 13 point 1: keystroke → diagnostics by draft size, with the shipped settings
/// (adaptive debounce: none after a cheap analysis) beside the old setting (a fixed 200 ms
/// debounce, `adaptiveDebounce: false`), in the same run, same binary, bundled corpus; and a
/// burst of keystrokes 30 ms apart: how many analyses were published, and the time from the
/// last keystroke to its diagnostics.
async fn debounce_by_size(n: usize, enc: Encoding) {
    println!("\nKeystroke → diagnostics by draft size: shipped (adaptive debounce) beside the old fixed 200 ms, same run ({n} keystrokes each)");
    println!("  {:<8} {:>22} {:>22} {:>14}   {:>32}", "draft", "fixed 200 ms p50/p95", "adaptive p50/p95", "ratio p50", "burst of 20: published, last→diag");
    for (label, bytes) in [("10 KB", 10 << 10), ("100 KB", 100 << 10), ("1 MB", 1 << 20), ("5 MB", 5 << 20)] {
        let draft = make_draft_of(None, bytes);
        let mut cells = Vec::new();
        let mut p50s = Vec::new();
        let mut bursts = Vec::new();
        for settings in [json!({"adaptiveDebounce": false}), json!({})] {
            let ws = tempfile::tempdir().unwrap();
            let mut c = Client::spawn_binary(&exe(), &[], &[], settings.clone());
            c.initialize(caps(enc), ws.path(), settings).await;
            let uri = file_uri(&ws.path().join("draft.md"));
            c.open(&uri, "markdown", 1, &draft).await;
            c.diagnostics(&uri, Some(1)).await;
            let at = draft.find(MARK).unwrap() + MARK.find(" and the IAEA").unwrap();
            let (mut text, mut version) = (draft.clone(), 1);
            let mut v = Vec::new();
            for i in 0..n {
                let (range, insert) = if i % 2 == 0 { ((at, at), "x") } else { ((at, at + 1), "") };
                let change = json!({"range": {"start": pos(&text, range.0, enc), "end": pos(&text, range.1, enc)}, "text": insert});
                text.replace_range(range.0..range.1, insert);
                version += 1;
                let t = Instant::now();
                c.notify("textDocument/didChange", json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]})).await;
                c.diagnostics(&uri, Some(version)).await;
                v.push(t.elapsed());
                // A typist's pause between keystrokes.
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            v.sort();
            let p = |q: f64| v[((v.len() as f64 - 1.0) * q).round() as usize];
            cells.push(format!("{:>8.1} / {:>8.1} ms", ms(p(0.5)), ms(p(0.95))));
            p50s.push(p(0.5));
            // A burst: 20 keystrokes 30 ms apart, then the last one's diagnostics.
            let first = version + 1;
            let mut last_sent = Instant::now();
            for i in 0..20 {
                let (range, insert) = if i % 2 == 0 { ((at, at), "x") } else { ((at, at + 1), "") };
                let change = json!({"range": {"start": pos(&text, range.0, enc), "end": pos(&text, range.1, enc)}, "text": insert});
                text.replace_range(range.0..range.1, insert);
                version += 1;
                c.notify("textDocument/didChange", json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]})).await;
                last_sent = Instant::now();
                tokio::time::sleep(Duration::from_millis(30)).await;
            }
            c.diagnostics(&uri, Some(version)).await;
            let waited = last_sent.elapsed();
            let published = c
                .notifications
                .iter()
                .filter(|(m, p)| m == "textDocument/publishDiagnostics" && p["uri"] == uri.as_str() && p["version"].as_i64().is_some_and(|v| v >= first))
                .count();
            bursts.push(format!("{published:>2}/20, {:>7.1} ms", ms(waited)));
            c.shutdown().await;
        }
        let ratio = p50s[1].as_secs_f64() / p50s[0].as_secs_f64();
        println!("  {label:<8} {:>22} {:>22} {:>13.3}x   fixed {} | adaptive {}", cells[0], cells[1], ratio, bursts[0], bursts[1]);
    }
    println!("  (ratio: adaptive p50 / fixed p50; burst: diagnostics published for the 20 versions, and last keystroke → its diagnostics)");
}

async fn run() {
    let n: usize = std::env::var("LSP_BENCH_N").ok().and_then(|v| v.parse().ok()).unwrap_or(500);
    let enc = std::env::var("LSP_BENCH_ENCODING").ok().and_then(|e| Encoding::from_lsp_name(&e)).unwrap_or(Encoding::Utf16);
    println!("dragoman language-server latency ({} cores)", std::thread::available_parallelism().map_or(0, |n| n.get()));
    // LSP_BENCH_ONLY=debounce: only the keystroke → diagnostics comparison by size.
    let only = std::env::var("LSP_BENCH_ONLY").unwrap_or_default();
    debounce_by_size(n.min(40), enc).await;
    if only == "debounce" {
        return;
    }
    cold_start_bundled(10).await;
    match gd_corpus() {
        Some(gd) => with_gd(&gd, n, enc).await,
        None => println!("(General Debate measurements skipped)"),
    }
}

fn main() {
    // `cargo bench` passes `--bench`; a filter argument is accepted and ignored.
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    rt.block_on(run());
}
