#!/usr/bin/env bash
# Static checks: clang-format (the diff, if any) and clang-tidy (.clang-tidy) over the sources.
# Uses its own Debug build directory, configured only: clang-tidy needs compile_commands.json,
# and no source includes a generated file. Exits non-zero if a file is not formatted or
# clang-tidy reports anything.
# Usage: scripts/lint.sh [--changed | FILE...]   (default: every .cpp under src/ and tools/)
#   --changed: the .cpp files under src/ and tools/ that differ from origin/main (from HEAD~1
#   without that remote), committed or not, or those of the last commit when nothing differs
#   (a clean clone). A changed header stands for the .cpp of the same name. scripts/test.sh
#   (CI) runs this.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${THOMAS_LINT_BUILD:-build-lint}  # another directory keeps two checkouts' runs apart
# THOMAS_UNITY=OFF: with the unity group, compile_commands.json would list only the generated
# unity file and clang-tidy would skip the command-line sources without a word.
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Debug -DTHOMAS_BUILD_TESTS=ON -DTHOMAS_UNITY=OFF \
  >/dev/null

changed_sources() {
  local base=HEAD~1 names f
  if git rev-parse --verify -q origin/main >/dev/null; then
    base=origin/main
  fi
  names=$(git diff --name-only "$base" -- 2>/dev/null || true)
  if [ -z "$names" ]; then
    names=$(git diff-tree --root --no-commit-id --name-only -r HEAD)
  fi
  for f in $names; do
    case "$f" in
      src/*.cpp | tools/*.cpp) if [ -f "$f" ]; then echo "$f"; fi ;;
      *.h) git ls-files "src/*/$(basename "$f" .h).cpp" "tools/$(basename "$f" .h).cpp" ;;
    esac
  done | sort -u
}

if [ "${1:-}" = "--changed" ]; then
  mapfile -t files < <(changed_sources)
  echo "lint: clang-tidy on the ${#files[@]} changed source files: ${files[*]}"
elif [ $# -gt 0 ]; then
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
# With no file named, run-clang-tidy would check every file of the build: nothing to do then.
if [ ${#files[@]} -gt 0 ] &&
  { ! run-clang-tidy -quiet -p "$build" -j "$(nproc)" "${files[@]}" >"$build/tidy.log" 2>&1 ||
    grep -q 'warning:\|error:' "$build/tidy.log"; }; then
  grep -A3 'warning:\|error:' "$build/tidy.log" || true
  status=1
fi
[ $status -eq 0 ] && echo "lint: clean (${#files[@]} files)"
exit $status
