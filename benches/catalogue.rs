//! Catalogue load: `cargo bench --bench catalogue`.
//!
//! - `catalogue/parse`: what [`Catalogue::bundled`] does once per process: parse the three
//!   embedded tables (Security Council, the other organs' resolutions, the old General
//!   Assembly sessions).
//! - `catalogue/count-lines` (baseline): count the lines of the same text, the least any
//!   loader must do; the ratio parse / count-lines is the loader's cost in units of reading
//!   its data once.
//! - `catalogue/lookup-70-1`: look up `70/1` and read its date and title.

use criterion::{criterion_group, criterion_main, Criterion};
use dragoman::catalogue::{Catalogue, GaLookup, GaSession};

const DATA: [&str; 3] = [include_str!("../data/sc_resolutions.tsv"), include_str!("../data/resolutions.tsv"), include_str!("../data/ga_sessions.tsv")];

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("catalogue");
    group.bench_function("parse", |b| b.iter(|| Catalogue::parse_bundled().expect("bundled catalogue").sc_all().len()));
    group.bench_function("count-lines", |b| {
        b.iter(|| DATA.iter().map(|d| memchr::memchr_iter(b'\n', std::hint::black_box(d.as_bytes())).count()).sum::<usize>())
    });
    let cat = Catalogue::bundled();
    group.bench_function("lookup-70-1", |b| {
        b.iter(|| match cat.ga(GaSession::Regular(std::hint::black_box(70)), 1) {
            GaLookup::Found(r) => r.date().map(|d| d.value.len()).unwrap_or(0) + r.title().map(|t| t.value.len()).unwrap_or(0),
            _ => 0,
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
