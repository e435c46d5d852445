#!/usr/bin/env bash
# Quick start, step 2: install what is missing, build everything, and run the whole test
# suite. .ci/run calls exactly this. Each stage prints its duration, so a slow CI run shows
# where the time went.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS=0
stage() {
  printf '==> %s (at %d:%02d)\n' "$1" $((SECONDS / 60)) $((SECONDS % 60))
}

stage "dependencies"
# chromium: the browser checks of `thomas report` (tests/e2e/test_report_browser.py); the
# scaling recipes' engines (tests/recipes/; doc/scaling.md).
scripts/install-deps.sh clang-format clang-tidy chromium parallel python3-distributed
stage "format and lint"
# Every C++ file as .clang-format says, and clang-tidy over the sources this change touches
# (all of src/ would take 6 to 9 minutes on two cores). Any finding fails the run.
scripts/lint.sh --changed
stage "release build"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DTHOMAS_BUILD_TESTS=ON
cmake --build build -j "$(nproc)"

# Hostile input (doc/guarantees.md): the whole suite again under AddressSanitizer and
# UndefinedBehaviorSanitizer (any report fails the test that triggered it), then every libFuzzer
# target for a short smoke run (THOMAS_FUZZ_SECONDS each; scripts/fuzz.sh 600 for a long run).
# The release tests leave a core idle much of the time (they wait on the processes they start),
# so the sanitizer build runs alongside them at the lowest priority (nice 19), its output kept in
# build-asan/build.log and printed once it ends.
asan_build=""
trap '[ -z "$asan_build" ] || kill -- -"$asan_build" 2>/dev/null || true' EXIT
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DTHOMAS_BUILD_TESTS=ON -DTHOMAS_SANITIZE=ON
stage "release tests, sanitizer build alongside"
setsid -w nice -n 19 cmake --build build-asan -j "$(nproc)" >build-asan/build.log 2>&1 &
asan_build=$!  # its own process group (setsid), which the trap stops if a release test fails
ctest --test-dir build --output-on-failure -j "$(nproc)"
stage "sanitizer build (the rest)"
status=0
wait "$asan_build" || status=$?
asan_build=""
cat build-asan/build.log
[ "$status" -eq 0 ] || { echo "failed: the sanitizer build above" >&2; exit 1; }
stage "sanitizer tests"
ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:abort_on_error=1:detect_stack_use_after_return=1" \
UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1" \
  ctest --test-dir build-asan --output-on-failure -j "$(nproc)"
stage "fuzz smoke"
scripts/fuzz.sh "${THOMAS_FUZZ_SECONDS:-8}"
stage "all passed"
