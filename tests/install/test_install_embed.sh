#!/usr/bin/env bash
# Installs the build into a temporary prefix, checks that every file lands in its usual place,
# then configures, builds and runs examples/embed against that prefix with find_package(thomas).
# Usage: test_install_embed.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix

cmake --install "$build" --prefix "$prefix" >"$tmp/install.log"

missing=0
for f in bin/thomas share/thomas/rules/default.yaml share/man/man1/thomas.1 \
         share/bash-completion/completions/thomas share/zsh/vendor-completions/_thomas \
         share/fish/vendor_completions.d/thomas.fish include/thomas/engine.h \
         lib/libthomas.a lib/cmake/thomas/thomasConfig.cmake \
         lib/cmake/thomas/thomasConfigVersion.cmake lib/cmake/thomas/thomasTargets.cmake; do
  if [ ! -e "$prefix/$f" ]; then
    echo "not installed: $f"
    missing=1
  fi
done
[ "$missing" -eq 0 ]

"$prefix/bin/thomas" --version | grep -q '^thomas '
if command -v man >/dev/null; then  # man-db is not on every minimal machine
  page=$(MANWIDTH=200 man -l "$prefix/share/man/man1/thomas.1" 2>/dev/null || true)
  echo "$page" | grep -Eq 'thomas +- +score a Thomas test' || { echo "man page does not render"; exit 1; }
fi

cmake -S "$src/examples/embed" -B "$tmp/embed" -DCMAKE_PREFIX_PATH="$prefix" \
      >"$tmp/configure.log" || { cat "$tmp/configure.log"; exit 1; }
cmake --build "$tmp/embed" >"$tmp/build.log" 2>&1 || { cat "$tmp/build.log"; exit 1; }
out=$("$tmp/embed/thomas_embed")
echo "$out" | head -n 1
echo "$out" | grep -q '^result positive, next step 3$'
echo "install and embed: ok"
