#!/usr/bin/env bash
# Builds the .deb with CPack, checks its metadata and contents, runs `thomas --version` from
# the extracted package, and, when run as root on a machine where no thomas package is
# installed yet, installs it with dpkg, runs /usr/bin/thomas --version and removes it again.
# Set THOMAS_TEST_NO_DPKG=1 to skip the real install.
# Usage: test_deb.sh BUILD_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

(cd "$build" && cpack -G DEB -B "$tmp/out" >"$tmp/cpack.log" 2>&1) ||
  { cat "$tmp/cpack.log"; exit 1; }
deb=$(ls "$tmp"/out/thomas_*.deb)
echo "built $(basename "$deb")"

dpkg-deb --field "$deb" Depends | grep -q 'libyaml-cpp0.7'
contents=$(dpkg-deb --contents "$deb")
for f in ./usr/bin/thomas ./usr/share/thomas/rules/default.yaml ./usr/share/man/man1/thomas.1 \
         ./usr/share/bash-completion/completions/thomas ./usr/lib/cmake/thomas/thomasConfig.cmake; do
  echo "$contents" | grep -q " $f\$" || { echo "not in the package: $f"; exit 1; }
done

# Every shared library the binary links directly (NEEDED) comes from a package named in Depends.
dpkg-deb -x "$deb" "$tmp/root"
depends=$(dpkg-deb --field "$deb" Depends)
libs=$(ldd "$tmp/root/usr/bin/thomas")
for soname in $(readelf -d "$tmp/root/usr/bin/thomas" | sed -n 's/.*NEEDED.*\[\(.*\)\]/\1/p'); do
  lib=$(echo "$libs" | awk -v s="$soname" '$1 == s {print $3}')
  pkg=$(dpkg -S "$(readlink -f "$lib")" 2>/dev/null | head -n 1 | cut -d: -f1 || true)
  if [ -n "$pkg" ] && ! echo "$depends" | grep -qw "$pkg"; then
    echo "the binary needs $lib from $pkg, which Depends does not name"
    exit 1
  fi
done
"$tmp/root/usr/bin/thomas" --version | head -n 1

if [ "$(id -u)" -eq 0 ] && [ -z "${THOMAS_TEST_NO_DPKG:-}" ] &&
   ! dpkg-query -W thomas >/dev/null 2>&1; then
  dpkg -i "$deb" >"$tmp/dpkg.log" 2>&1 || { cat "$tmp/dpkg.log"; exit 1; }
  status=0
  /usr/bin/thomas --version | head -n 1 || status=1
  dpkg -r thomas >/dev/null 2>&1 || status=1
  [ "$status" -eq 0 ]
  echo "dpkg -i, thomas --version and dpkg -r: ok"
else
  echo "dpkg -i skipped (not root, THOMAS_TEST_NO_DPKG set, or a thomas package is installed)"
fi
