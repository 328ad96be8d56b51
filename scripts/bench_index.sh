#!/usr/bin/env bash
# Cold index of the full General Debate corpus with the release binary: wall time, CPU and
# peak memory (SPEC §6: under 3 s on 2 cores, under 0.5 GB).
#
#   scripts/bench_index.sh [CORPUS_DIR] [RUNS]
#
# CORPUS_DIR defaults to target/gd-corpus, imported from
# ../shared/data/un_general_debate_corpus/ungdc_1946_2024.jsonl.gz on first use.
# Query latencies (p50/p99) are in `cargo bench --bench index`.
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-target/gd-corpus}"
runs="${2:-5}"
bin=target/release/dragoman
src=../shared/data/un_general_debate_corpus/ungdc_1946_2024.jsonl.gz
cargo build --release --quiet
if [ ! -d "$dir" ]; then
  if [ ! -f "$src" ]; then
    echo "no corpus: $src is absent and $dir does not exist" >&2
    exit 2
  fi
  "$bin" corpus import "$src" --out "$dir"
fi
echo "machine: $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq "$runs"); do
  /usr/bin/time -f "run $i: %e s wall, %U s user, %S s sys, %P CPU, peak RSS %M KB" \
    "$bin" index --corpus "$dir" 2>&1 >/dev/null | tail -1
done
"$bin" index --corpus "$dir" | tail -1
