#!/usr/bin/env bash
# Checks that the benchmark's yardsticks still implement the default rule set: scores
# gen_clinic_csv.py output with `thomas batch` (the reference: the embedded rules/default.yaml),
# bench/hand_loop.cpp and, where `mlr` is installed, bench/thomas_default.mlr, and compares the
# result, implicated, flags and next_step columns row by row (parsed with Python's csv module).
# Prints the first differing rows of each yardstick and exits 1 on any difference, so a change of
# rules/default.yaml that is not carried into the yardsticks is caught before they are timed.
# It also counts the outcomes thomas gave and fails when one never occurs (every result, tissue,
# flag and first step, and an incomplete test), so the generated data keeps reaching every branch.
#
# Usage: bench/check_yardsticks.sh [ROWS] [SEED...]   (defaults: 200000 rows, seeds 1 2 3)
# Environment: BUILD_DIR (default build-bench), HAND_LOOP (a hand_loop binary to check instead
# of the one built here), MLR_SCRIPT (default bench/thomas_default.mlr), SHOW (differing rows
# printed per yardstick and seed, default 10).
# Exit codes: 0 all equal, 1 a difference or a missing outcome, 2 a program failed.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-200000}
shift || true
seeds=(1 2 3)
if [ $# -gt 0 ]; then
  seeds=("$@")
fi
build=${BUILD_DIR:-build-bench}
mlr_script=${MLR_SCRIPT:-bench/thomas_default.mlr}

scripts/install-deps.sh libbenchmark-dev  # THOMAS_BUILD_BENCH needs it; skipped when installed
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DTHOMAS_BUILD_TESTS=OFF \
  -DTHOMAS_BUILD_BENCH=ON >/dev/null
cmake --build "$build" -j 2 --target thomas hand_loop >/dev/null
thomas="$build/src/thomas"
hand=${HAND_LOOP:-$build/bench/hand_loop}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

outputs=()
for seed in "${seeds[@]}"; do
  data="$tmp/clinic_$seed.csv"
  python3 bench/gen_clinic_csv.py "$rows" --seed "$seed" -o "$data"
  # thomas exits 65 when some rows are result=error: the generator writes a few bad rows.
  "$thomas" batch "$data" -o "$tmp/thomas_$seed.csv" 2>/dev/null || [ $? -eq 65 ] ||
    { echo "thomas batch failed on seed $seed" >&2; exit 2; }
  "$hand" <"$data" >"$tmp/hand_$seed.csv" || { echo "$hand failed on seed $seed" >&2; exit 2; }
  if command -v mlr >/dev/null; then
    mlr --icsv --ocsv put -f "$mlr_script" "$data" >"$tmp/miller_$seed.csv" ||
      { echo "mlr failed on seed $seed" >&2; exit 2; }
  fi
  outputs+=("$seed")
done
command -v mlr >/dev/null ||
  echo "mlr not installed (scripts/install-deps.sh miller): Miller yardstick not checked"

python3 - "$tmp" "$rows" "${SHOW:-10}" "${outputs[@]}" <<'PY'
import collections, csv, os, sys

tmp, rows, show, seeds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
COLUMNS = ("result", "implicated", "flags", "next_step")
INPUTS = ("thigh_angle", "knee_flexion", "rotation", "abduction", "lumbar_flat", "pain")
csv.field_size_limit(1 << 24)


def records(path):
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        missing = [c for c in ("patient_id", "side", *INPUTS, *COLUMNS) if c not in header]
        if missing:
            sys.exit(f"{path}: no column {', '.join(missing)}")
        at = {name: header.index(name) for name in header}
        for cells in reader:
            yield {name: cells[i] if i < len(cells) else "" for name, i in at.items()}


def show_row(r):
    return "|".join(r[c] for c in COLUMNS)


seen = collections.Counter()  # outcomes thomas gave, over every seed
differ = False
for seed in seeds:
    yardsticks = [n for n in ("hand", "miller") if os.path.exists(f"{tmp}/{n}_{seed}.csv")]
    reference = list(records(f"{tmp}/thomas_{seed}.csv"))
    if len(reference) != rows:
        sys.exit(f"seed {seed}: thomas wrote {len(reference)} rows, expected {rows}")
    for r in reference:
        seen["result " + r["result"]] += 1
        seen["next_step " + (r["next_step"] or "-")] += 1
        for t in filter(None, r["implicated"].split(";")):
            seen["tissue " + t] += 1
        for fl in filter(None, r["flags"].split(";")):
            seen["flag " + fl] += 1
        if r["result"] == "retest" and r["lumbar_flat"] != "no":
            seen["retest with the back flat or not recorded (incomplete test)"] += 1
    for name in yardsticks:
        label = {"hand": "hand loop", "miller": "Miller"}[name]
        got = list(records(f"{tmp}/{name}_{seed}.csv"))
        diffs = 0
        if len(got) != len(reference):
            print(f"seed {seed}: {label} wrote {len(got)} rows, thomas {len(reference)}")
            diffs += 1
        for n, (want, have) in enumerate(zip(reference, got), start=1):
            if (want["patient_id"], want["side"]) != (have["patient_id"], have["side"]):
                print(f"seed {seed} row {n}: {label} is out of step with thomas "
                      f"({have['patient_id']} {have['side']} against {want['patient_id']} "
                      f"{want['side']})")
                diffs += 1
                break
            if any(want[c] != have[c] for c in COLUMNS):
                diffs += 1
                if diffs <= show:
                    cells = ", ".join(f"{c}={want[c]!r}" for c in INPUTS)
                    print(f"seed {seed} row {n} ({cells}):\n"
                          f"    thomas    {show_row(want)}\n    {label:<9} {show_row(have)}")
        verdict = "same" if diffs == 0 else f"{diffs} rows DIFFER"
        print(f"seed {seed}: {label} against thomas batch on {len(reference)} rows: {verdict}")
        differ |= diffs > 0

expected = (
    [f"result {r}" for r in ("negative", "borderline", "positive", "retest", "refer", "error")]
    + [f"tissue {t}" for t in ("iliopsoas", "rectus_femoris", "tensor_fasciae_latae",
                               "sartorius")]
    + [f"flag {f}" for f in ("hip_joint", "lumbar_spine", "knee_joint", "nerve")]
    + [f"next_step {s}" for s in ("1", "2", "3", "5")]
    + ["retest with the back flat or not recorded (incomplete test)"]
)
total = rows * len(seeds)
print(f"outcomes of thomas batch over {total} rows:")
for key in expected + sorted(set(seen) - set(expected)):
    print(f"  {key:<62}{seen[key]:>9}")
never = [key for key in expected if seen[key] == 0]
if never:
    print("NEVER OCCURRED (extend bench/gen_clinic_csv.py): " + "; ".join(never))
print("yardsticks DIFFER from thomas batch" if differ else "yardsticks match thomas batch")
sys.exit(1 if differ or never else 0)
PY
