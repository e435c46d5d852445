#!/usr/bin/env bash
# Build the libFuzzer targets in build-fuzz/ (clang++, ASan + UBSan) and run each for
# SECONDS_PER_TARGET seconds (default 15, so the five take about a minute and a half).
# Longer runs for development: scripts/fuzz.sh 600  (or FUZZ_TARGETS="fuzz_csv_reader" to pick).
# Seeds come from the repository's fixtures; the growing corpus lives in build-fuzz/corpus/ and
# is reused by the next run. Any crash, leak, sanitizer report, timeout or out-of-memory fails the
# script, and the reproducer is kept in build-fuzz/artifacts/ (replay it with
# build-fuzz/fuzz/TARGET FILE). Prints one line per target: runs, seconds, result.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-15}"
build=build-fuzz
targets=(${FUZZ_TARGETS:-fuzz_csv_reader fuzz_rule_loader fuzz_test_file fuzz_parsers fuzz_batch})
jobs="${FUZZ_BUILD_JOBS:-2}"

scripts/install-deps.sh clang libclang-rt-14-dev  # libFuzzer lives in libclang-rt; idempotent
CC=clang CXX=clang++ cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DTHOMAS_BUILD_FUZZ=ON -DTHOMAS_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j "$jobs" --target "${targets[@]}" >/dev/null

# Seeds: every fixture a target can read, copied fresh each run (cheap, and never stale).
seeds="$build/seeds"
rm -rf "$seeds"
mkdir -p "$seeds"/{fuzz_csv_reader,fuzz_rule_loader,fuzz_test_file,fuzz_parsers,fuzz_batch}
cp tests/corpus/csv/*.csv tests/fixtures/batch/*.csv examples/*.csv "$seeds/fuzz_batch/" 2>/dev/null || true
cp rules/*.yaml tests/fixtures/rules/*.yaml "$seeds/fuzz_rule_loader/"
cp tests/corpus/rules/* "$seeds/fuzz_rule_loader/" 2>/dev/null || true
cp examples/*.yaml examples/*.json "$seeds/fuzz_test_file/"
cp tests/corpus/tests/* "$seeds/fuzz_test_file/" 2>/dev/null || true
# CSV seeds carry three option bytes first (chunk size, delimiter, limits): see the target.
i=0
for csv in tests/corpus/csv/*.csv; do
  [ -s "$csv" ] || continue
  i=$((i + 1))
  { printf '\x07\x00\xff'; head -c 2000 "$csv"; } >"$seeds/fuzz_csv_reader/corpus-$i"
done
for rows in 3 8; do
  { printf '\x05\x00\xff'; python3 bench/gen_clinic_csv.py "$rows" --seed "$rows"; } \
    >"$seeds/fuzz_csv_reader/clinic-$rows"
  { printf '\x0b\x01\xff'; python3 bench/gen_clinic_csv.py "$rows" --seed 7 --crlf | tr ',' ';'; } \
    >"$seeds/fuzz_csv_reader/clinic-semicolon-$rows"
done
n=0
for text in 12 -7.5 "12°" "12 deg" "5,5" 7o nan 1e308 -0 "1,234" yes No 1 \
            "none" "hip,groin" "stretch;knee" "1,2,3" "7" "8" left RIGHT; do
  for parser in 0 1 2 3 4; do
    n=$((n + 1))
    printf "\\x0$parser%s" "$text" >"$seeds/fuzz_parsers/seed-$n"
  done
done

# Inputs that once crashed a target are replayed first on every run.
for t in "${targets[@]}"; do
  if [ -d "fuzz/regressions/$t" ]; then
    cp fuzz/regressions/"$t"/* "$seeds/$t/"
  fi
done

declare -A max_len=([fuzz_csv_reader]=4096 [fuzz_rule_loader]=24576 [fuzz_test_file]=4096
                    [fuzz_parsers]=256 [fuzz_batch]=4096)
mkdir -p "$build/artifacts"
export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:abort_on_error=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
status=0
printf '%-18s %12s %8s  %s\n' target runs seconds result
for t in "${targets[@]}"; do
  corpus="$build/corpus/$t"
  mkdir -p "$corpus"
  log="$build/$t.log"
  start=$(date +%s)
  if "$build/fuzz/$t" "$corpus" "$seeds/$t" -max_total_time="$seconds" \
      -max_len="${max_len[$t]}" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$build/artifacts/$t-" >"$log" 2>&1; then
    result=ok
  else
    result="FAILED (see $log and $build/artifacts/)"
    status=1
  fi
  elapsed=$(($(date +%s) - start))
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  printf '%-18s %12s %8s  %s\n' "$t" "${runs:-?}" "$elapsed" "$result"
done
exit "$status"
