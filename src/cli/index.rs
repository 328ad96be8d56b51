//! `dragoman index [--corpus DIR]... [--json]`: build the corpus index and print its counts,
//! the files skipped and the time taken.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use dragoman::corpus::default_roots;
use dragoman::gazetteer::Gazetteer;
use dragoman::index::CorpusIndex;

use super::EXIT_ERROR;

/// How many of the most cited keys to list.
const TOP: usize = 10;

pub fn run(corpus: &[PathBuf], json: bool) -> ExitCode {
    let roots = if corpus.is_empty() { default_roots(std::env::current_dir().ok().as_deref()) } else { corpus.to_vec() };
    if roots.is_empty() {
        eprintln!("dragoman: no corpus: give --corpus DIR (the bundled corpus could not be written to a cache folder)");
        return ExitCode::from(EXIT_ERROR);
    }
    if let Some(missing) = roots.iter().find(|r| !r.exists()) {
        eprintln!("dragoman: {}: no such file or folder", missing.display());
        return ExitCode::from(EXIT_ERROR);
    }
    let t0 = Instant::now();
    let gazetteer = Gazetteer::bundled();
    let t_gaz = t0.elapsed();
    let t1 = Instant::now();
    let (index, skipped) = CorpusIndex::build(&roots, gazetteer);
    let t_build = t1.elapsed();
    let phases = index.build_timings();
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1e3;
    let stats = index.stats();
    let mut top: Vec<(String, usize)> = index.keys().map(|k| (k.to_string(), index.statements_count(k))).collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    top.truncate(TOP);
    if json {
        let value = serde_json::json!({
            "roots": roots,
            "statements": stats.statements,
            "mentions": stats.mentions,
            "mentions_by_kind": stats.mentions_by_kind,
            "distinct_entities": stats.distinct,
            "distinct_by_kind": stats.distinct_by_kind,
            "most_cited": top.iter().map(|(k, n)| serde_json::json!({"key": k, "statements": n})).collect::<Vec<_>>(),
            "skipped": skipped,
            "timings_ms": {
                "gazetteer": ms(t_gaz),
                "build": ms(t_build),
                "setup": ms(phases.setup),
                "walk": ms(phases.walk),
                "matcher": ms(phases.matcher),
                "read_extract": ms(phases.extract),
                "tables": ms(phases.tables),
            },
            "threads": phases.threads,
        });
        println!("{}", serde_json::to_string_pretty(&value).unwrap_or_default());
    } else {
        for r in &roots {
            println!("corpus: {}", r.display());
        }
        println!("statements: {}", stats.statements);
        println!("mentions: {}", stats.mentions);
        for (kind, n) in &stats.mentions_by_kind {
            println!("  {kind:<24} {n:>9} mentions  {:>7} distinct", stats.distinct_by_kind.get(kind).copied().unwrap_or(0));
        }
        println!("distinct entities: {}", stats.distinct);
        if !top.is_empty() {
            println!("most cited (statements):");
            for (k, n) in &top {
                println!("  {k:<32} {n:>7}");
            }
        }
        println!("skipped: {}", skipped.len());
        for s in &skipped {
            println!("  {s}");
        }
        println!(
            "time: gazetteer {:.1} ms, index {:.1} ms (setup {:.1}, walk {:.1}, name automaton {:.1}, read+extract {:.1} on {} threads, tables {:.1})",
            ms(t_gaz),
            ms(t_build),
            ms(phases.setup),
            ms(phases.walk),
            ms(phases.matcher),
            ms(phases.extract),
            phases.threads,
            ms(phases.tables)
        );
    }
    ExitCode::SUCCESS
}
