#!/usr/bin/env bash
# Static checks: clang-format (the diff, if any) and clang-tidy (.clang-tidy) over the sources.
# Uses its own Debug build directory (compile_commands.json).
# Exits non-zero if a file is not formatted or clang-tidy reports anything.
# Usage: scripts/lint.sh [FILE...]   (default: every .cpp under src/ and tools/)
set -euo pipefail
cd "$(dirname "$0")/.."
build=build-lint
# THOMAS_UNITY=OFF: with the unity group, compile_commands.json would list only the generated
# unity file and clang-tidy would skip the command-line sources without a word.
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Debug -DTHOMAS_BUILD_TESTS=ON -DTHOMAS_UNITY=OFF \
  >/dev/null
# The embedded rule data is generated at build time; some sources include its header.
cmake --build "$build" --target thomas_core -j "$(nproc)" >/dev/null

if [ $# -gt 0 ]; then
  files=("$@")
else
  mapfile -t files < <(git ls-files 'src/*.cpp' 'tools/*.cpp')
fi
status=0
mapfile -t formatted < <(git ls-files '*.cpp' '*.h')
if ! clang-format --dry-run -Werror "${formatted[@]}" 2>/dev/null; then
  echo "clang-format: files differ from .clang-format (run clang-format -i on them):"
  clang-format --dry-run "${formatted[@]}" 2>&1 | grep -o '^[^:]*' | sort -u
  status=1
fi
if ! run-clang-tidy -quiet -p "$build" -j "$(nproc)" "${files[@]}" >"$build/tidy.log" 2>&1 ||
   grep -q 'warning:\|error:' "$build/tidy.log"; then
  grep -A3 'warning:\|error:' "$build/tidy.log" || true
  status=1
fi
[ $status -eq 0 ] && echo "lint: clean (${#files[@]} files)"
exit $status
