#!/usr/bin/env bash
# Times every case of the bad-input corpus (tests/corpus) against a Release build, in one run:
# the end-to-end cases (score/rules on empty, binary, 10 MB, deeply nested and bomb inputs) and
# `thomas batch` on each corpus CSV plus a generated 10 MB line. Prints each wall time and the
# slowest. The test suite only guards against hangs; this is where "how fast on hostile input"
# is measured (README "Guarantees").
#
# Usage: bench/run_corpus_timing.sh        Environment: BUILD_DIR (default build-bench)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build-bench}

cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j "$(nproc)" --target thomas >/dev/null
bin="$build/src/thomas"

echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
times=$(
  for case in tests/corpus/cases/*.case; do
    python3 tests/corpus/run_case.py "$bin" "$case" --time
  done
  # "NAME: ok<TAB>12.3 ms" (or the problems found instead of ok) -> "batch NAME (ok)<TAB>12.3 ms"
  python3 tests/corpus/run_batch_corpus.py "$bin" tests/corpus/csv --time |
    sed 's/^\([^:]*\): \([^\t]*\)\t/batch \1 (\2)\t/'
)
sorted=$(sort -t$'\t' -k2 -g <<<"$times")
echo "$sorted"
echo "cases: $(wc -l <<<"$sorted"); slowest: $(tail -1 <<<"$sorted")"
