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
stage "release tests"
ctest --test-dir build --output-on-failure -j "$(nproc)"

# Hostile input (doc/guarantees.md): the whole suite again under AddressSanitizer and
# UndefinedBehaviorSanitizer (any report fails the test that triggered it), then every libFuzzer
# target for a short smoke run (THOMAS_FUZZ_SECONDS each; scripts/fuzz.sh 600 for a long run).
stage "sanitizer build"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DTHOMAS_BUILD_TESTS=ON -DTHOMAS_SANITIZE=ON
cmake --build build-asan -j "$(nproc)"
stage "sanitizer tests"
ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:abort_on_error=1:detect_stack_use_after_return=1" \
UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1" \
  ctest --test-dir build-asan --output-on-failure -j "$(nproc)"
stage "fuzz smoke"
scripts/fuzz.sh "${THOMAS_FUZZ_SECONDS:-8}"
stage "all passed"
