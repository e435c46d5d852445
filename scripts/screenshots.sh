#!/usr/bin/env bash
# Regenerates the screenshots of `thomas report` that the README shows (doc/screenshots/*.png):
# the report of one test (examples/both-sides.yaml) and the caseload of a synthetic clinic CSV
# (bench/gen_clinic_csv.py, fixed seed) and the follow-up of examples/visits.csv, rendered by
# headless Chromium. The date on the pages
# is fixed (SOURCE_DATE_EPOCH), so the images change only when the reports do.
# Usage: scripts/screenshots.sh [THOMAS_BINARY]   (default build/src/thomas)
set -euo pipefail
cd "$(dirname "$0")/.."
thomas="${1:-build/src/thomas}"
[ -x "$thomas" ] || { echo "no $thomas: build first (cmake --build build)" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=1790000000

"$thomas" report --file examples/both-sides.yaml -o "$work/test.html"
python3 bench/gen_clinic_csv.py 500 --seed 1 -o "$work/clinic.csv"
"$thomas" report --csv "$work/clinic.csv" --patient patient_id -o "$work/caseload.html"
"$thomas" report --visits --csv examples/visits.csv -o "$work/visits.html"

mkdir -p doc/screenshots
python3 - "$work" <<'PY'
import os, sys
sys.path.insert(0, "tests/e2e")
from chromium import Browser
work = sys.argv[1]
with Browser() as browser:
    for name, full in (("test", True), ("caseload", False), ("visits", False)):
        page = browser.open(f"file://{work}/{name}.html", width=900, height=1250)
        with open(f"doc/screenshots/report-{name}.png", "wb") as f:
            f.write(page.screenshot(full_page=full))
        print(f"doc/screenshots/report-{name}.png")
PY
