#!/usr/bin/env bash
# Quick start, step 1: install what is missing, build thomas, and score a shipped example.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
cmake --build build -j "$(nproc)" --target thomas
echo
echo "$ build/src/thomas score --file examples/right-leg.yaml"
build/src/thomas score --file examples/right-leg.yaml
