//! Check throughput: `cargo bench --bench check`.
//!
//! - `check/general-debate`: every statement of the UN General Debate corpus
//!   (../shared/data, 10,952 statements, about 199 MB) checked one after another on one
//!   core; criterion reports MB/s. Without ../shared the seeds, repeated to 8 MB, stand in
//!   (the bench says so).
//! - `scan/general-debate`: the citation grammar alone over the same text.
//! - `check/draft-1mb`: one 1 MB draft (seeds, the example draft and General Debate
//!   statements, concatenated) checked as a whole, the way `dragoman check` and the
//!   language server's on-save validation see it.

use std::io::{BufRead, BufReader};
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use dragoman::check::Checker;
use dragoman::citation::scan;
use dragoman::config::Config;

const CORPUS: &str = "../shared/data/un_general_debate_corpus/ungdc_1946_2024.jsonl.gz";

/// The General Debate statements' texts, or the seeds repeated when the corpus is absent.
fn texts() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let path = root.join(CORPUS);
    if let Ok(file) = std::fs::File::open(&path) {
        let reader = BufReader::with_capacity(1 << 20, flate2::read::GzDecoder::new(file));
        return reader
            .lines()
            .map(|line| {
                let line = line.expect("read corpus line");
                let v: serde_json::Value = serde_json::from_str(&line).expect("corpus line is JSON");
                v["text"].as_str().unwrap_or_default().to_string()
            })
            .collect();
    }
    eprintln!("{} is absent: benchmarking on the seeds repeated to 8 MB instead", path.display());
    let seeds = seeds(root);
    let mut out = Vec::new();
    let mut total = 0;
    while total < 8 << 20 {
        for s in &seeds {
            total += s.len();
            out.push(s.clone());
        }
    }
    out
}

fn seeds(root: &Path) -> Vec<String> {
    let mut paths: Vec<_> = std::fs::read_dir(root.join("seeds"))
        .expect("seeds/")
        .map(|e| e.expect("seeds entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "md"))
        .collect();
    paths.sort();
    paths.iter().map(|p| std::fs::read_to_string(p).expect("read seed")).collect()
}

/// A 1 MB draft: the seeds and the example draft first, then statements until 1 MB.
fn draft_1mb(texts: &[String]) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut draft = seeds(root).join("\n\n");
    draft.push_str("\n\n");
    draft.push_str(&std::fs::read_to_string(root.join("examples/draft.md")).expect("examples/draft.md"));
    for t in texts.iter().cycle() {
        if draft.len() >= 1 << 20 {
            break;
        }
        draft.push_str("\n\n");
        draft.push_str(t);
    }
    // Cut at a character boundary at or after 1 MiB.
    let mut end = (1 << 20).min(draft.len());
    while !draft.is_char_boundary(end) {
        end += 1;
    }
    draft.truncate(end);
    draft
}

fn bench(c: &mut Criterion) {
    let texts = texts();
    let bytes: usize = texts.iter().map(String::len).sum();
    let config = Config::default();
    let checker = Checker::new(&config);

    let mut group = c.benchmark_group("general-debate");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("check", |b| {
        b.iter(|| texts.iter().map(|t| checker.check(t).len()).sum::<usize>());
    });
    group.bench_function("scan", |b| {
        b.iter(|| texts.iter().map(|t| scan(t).len()).sum::<usize>());
    });
    group.finish();

    let draft = draft_1mb(&texts);
    let mut group = c.benchmark_group("draft-1mb");
    group.throughput(Throughput::Bytes(draft.len() as u64));
    group.bench_function("check", |b| b.iter(|| checker.check(&draft).len()));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
