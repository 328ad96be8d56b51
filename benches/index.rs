//! Corpus index benchmarks: `cargo bench --bench index`.
//!
//! The corpus: the folder `$DRAGOMAN_GD_DIR` when set (an already imported General Debate
//! corpus), else the full UN General Debate corpus (../shared/data, 10,952 statements,
//! 199 MB) imported into a temporary folder first, else (the bench says so) the committed
//! 200-statement sample, tests/data/gd_sample. The gazetteer is the bundled one.
//!
//! - `index/cold`: `CorpusIndex::build` over the whole folder, from nothing, on every core
//!   (SPEC §6: under 3 s on 2 cores). Peak memory is measured outside, on the binary:
//!   `scripts/bench_index.sh`.
//! - `query/entity_at`, `query/statements_citing`, `query/facts`: one query each, over
//!   positions and keys drawn from the index itself. Criterion reports the mean; the p50 and
//!   p99 over 100,000 single timed queries of each are printed first (SPEC §6: p99 under
//!   1 ms).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use dragoman::corpus::import::import_file;
use dragoman::gazetteer::Gazetteer;
use dragoman::index::CorpusIndex;
#[path = "../tests/common/rng.rs"]
mod rng;
use rng::Rng;

const CORPUS: &str = "../shared/data/un_general_debate_corpus/ungdc_1946_2024.jsonl.gz";
const SAMPLE: &str = "tests/data/gd_sample/ungdc_sample.jsonl.gz";

/// The corpus folder, and the temporary folder that holds it (kept alive by the caller).
fn corpus_dir() -> (PathBuf, Option<tempfile::TempDir>) {
    if let Some(dir) = std::env::var_os("DRAGOMAN_GD_DIR").map(PathBuf::from) {
        eprintln!("index bench: corpus {} (DRAGOMAN_GD_DIR)", dir.display());
        return (dir, None);
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let full = root.join(CORPUS);
    let source = if full.exists() {
        full
    } else {
        eprintln!("index bench: {} is absent: benchmarking on the 200-statement sample {SAMPLE} instead", full.display());
        root.join(SAMPLE)
    };
    let tmp = tempfile::tempdir().expect("temporary folder");
    let dir = tmp.path().join("gd");
    let t = Instant::now();
    let report = import_file(&source, &dir).expect("import the corpus");
    eprintln!(
        "index bench: imported {} statements ({:.1} MB) from {} in {:.2} s",
        report.imported,
        report.text_bytes as f64 / 1e6,
        source.display(),
        t.elapsed().as_secs_f64()
    );
    (dir, Some(tmp))
}

/// Query targets: (path, byte offset) pairs, half on a mention, half anywhere in the
/// file; and keys, weighted like the corpus (drawn from mentions).
fn targets(index: &CorpusIndex, n: usize) -> (Vec<(PathBuf, usize)>, Vec<String>) {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let files: Vec<_> = index.files().collect();
    let keys: Vec<String> = index.keys().map(str::to_string).collect();
    let mut positions = Vec::with_capacity(n);
    let mut query_keys = Vec::with_capacity(n);
    while positions.len() < n {
        let key = &keys[rng.below(keys.len())];
        let ms = index.mentions(key);
        let m = &ms[rng.below(ms.len())];
        if rng.next() % 2 == 0 {
            positions.push((index.path(m.file).to_path_buf(), m.span.start + rng.below(m.span.len())));
        } else {
            let f = files[rng.below(files.len())];
            let len = std::fs::metadata(index.path(f)).map_or(1, |m| m.len() as usize);
            positions.push((index.path(f).to_path_buf(), rng.below(len)));
        }
        query_keys.push(key.clone());
    }
    (positions, query_keys)
}

fn percentiles(name: &str, mut times: Vec<Duration>) {
    times.sort_unstable();
    let at = |q: f64| times[((times.len() as f64 * q) as usize).min(times.len() - 1)];
    eprintln!(
        "{name:<26} n={} p50 {:>8.2} µs  p99 {:>8.2} µs  max {:>9.2} µs",
        times.len(),
        at(0.50).as_secs_f64() * 1e6,
        at(0.99).as_secs_f64() * 1e6,
        times[times.len() - 1].as_secs_f64() * 1e6
    );
}

fn bench(c: &mut Criterion) {
    let (dir, _tmp) = corpus_dir();
    let gazetteer = Gazetteer::bundled();
    let roots = [dir];

    let t = Instant::now();
    let (index, skipped) = CorpusIndex::build(&roots, gazetteer);
    let stats = index.stats();
    eprintln!(
        "index bench: first build {:.2} s: {} statements, {} mentions, {} distinct, {} skipped",
        t.elapsed().as_secs_f64(),
        stats.statements,
        stats.mentions,
        stats.distinct,
        skipped.len()
    );

    let mut group = c.benchmark_group("index");
    group.sample_size(10).measurement_time(Duration::from_secs(30));
    group.bench_function("cold", |b| b.iter(|| CorpusIndex::build(&roots, gazetteer)));
    group.finish();

    const N: usize = 100_000;
    let (positions, keys) = targets(&index, N);
    let mut sink = 0usize;
    let mut times = Vec::with_capacity(N);
    for (p, off) in &positions {
        let t = Instant::now();
        sink += index.entity_at(p, *off).map_or(0, |e| e.mention.span.len());
        times.push(t.elapsed());
    }
    percentiles("entity_at", std::mem::take(&mut times));
    for k in &keys {
        let t = Instant::now();
        sink += index.statements_citing(k).len();
        times.push(t.elapsed());
    }
    percentiles("statements_citing", std::mem::take(&mut times));
    for k in &keys {
        let t = Instant::now();
        sink += index.facts(k).statements;
        times.push(t.elapsed());
    }
    percentiles("facts (hover)", std::mem::take(&mut times));
    for k in keys.iter().take(2000) {
        let t = Instant::now();
        sink += index.search(&k[..k.len().min(4)], 20).len();
        times.push(t.elapsed());
    }
    percentiles("search (4-char prefix)", times);
    // The worst case: the key with the most mentions.
    if let Some(top) = index.keys().max_by_key(|k| index.mentions(k).len()).map(str::to_string) {
        let mut times = Vec::with_capacity(1000);
        for _ in 0..1000 {
            let t = Instant::now();
            sink += index.facts(&top).statements;
            times.push(t.elapsed());
        }
        percentiles(&format!("facts({top})"), times);
    }
    std::hint::black_box(sink);

    let mut group = c.benchmark_group("query");
    let mut i = 0;
    group.bench_function("entity_at", |b| {
        b.iter(|| {
            i = (i + 1) % positions.len();
            let (p, off) = &positions[i];
            index.entity_at(p, *off).map(|e| e.mention.span.start)
        })
    });
    group.bench_function("statements_citing", |b| {
        b.iter(|| {
            i = (i + 1) % keys.len();
            index.statements_citing(&keys[i]).len()
        })
    });
    group.bench_function("facts", |b| {
        b.iter(|| {
            i = (i + 1) % keys.len();
            index.facts(&keys[i]).statements
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
