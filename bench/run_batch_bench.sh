#!/usr/bin/env bash
# Times `thomas batch` (--jobs 1 and 2) on a synthetic clinic CSV next to a hand-written
# single-purpose C++ loop (bench/hand_loop.cpp), Miller (bench/thomas_default.mlr, where `mlr` is
# installed) and the scaling recipes of doc/recipes/ (GNU parallel and Dask, where installed;
# RECIPES=0 skips them), in one run, and prints rows per second, the ratios and peak memory. Each command runs REPEAT times, interleaved, and
# the best run counts (the machine is shared; the best run is the least disturbed one).
# Before timing, bench/check_yardsticks.sh checks on 20,000 rows that both yardsticks still give
# the same result columns as `thomas batch` (run it alone for the full check), and stops if not.
#
# Usage: bench/run_batch_bench.sh [ROWS] [REPEAT]     (defaults: 1000000 rows, 5 runs)
# Environment: BUILD_DIR (default build-bench), MLR_REPEAT (default 1: Miller is slow).
# Needs: cmake, g++, python3; installs libbenchmark-dev (bench_engine) and miller through
# scripts/install-deps.sh if missing; without mlr the Miller comparison is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
repeat=${2:-5}
build=${BUILD_DIR:-build-bench}

# The bench-only extras (the test suite needs neither); skipped when already installed.
scripts/install-deps.sh libbenchmark-dev miller

cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DTHOMAS_BUILD_TESTS=OFF \
  -DTHOMAS_BUILD_BENCH=ON >/dev/null
cmake --build "$build" -j 2 --target thomas hand_loop bench_engine >/dev/null

data="$build/clinic_${rows}.csv"
if [ ! -f "$data" ]; then
  echo "generating $data ..."
  python3 bench/gen_clinic_csv.py "$rows" --seed 1 -o "$data"
fi

# The yardsticks must do the same job as thomas: refuse to time ones that drifted from the rules.
if ! BUILD_DIR="$build" bench/check_yardsticks.sh 20000 1 >"$build/check_yardsticks.txt"; then
  cat "$build/check_yardsticks.txt"
  echo "bench/check_yardsticks.sh: the yardsticks differ from thomas batch; not timing them" >&2
  exit 1
fi
echo "yardsticks: same result columns as thomas batch on 20000 rows (bench/check_yardsticks.sh)"

echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "input:   $data ($(du -m "$data" | cut -f1) MB, $rows data rows)"
echo "engine micro-benchmark (ns per scored record):"
"$build/bench/bench_engine" --benchmark_min_time=0.5 2>/dev/null | grep '^bm_' | sed 's/^/  /'

python3 - "$build" "$data" "$repeat" "${MLR_REPEAT:-1}" "$rows" "${RECIPES:-1}" <<'PY'
import os, shutil, subprocess, sys

sys.path.insert(0, "bench")
import timing  # noqa: E402

build, data, repeat, mlr_repeat = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
rows, recipes = int(sys.argv[5]), sys.argv[6] == "1"
thomas = os.path.abspath(f"{build}/src/thomas")
cmds = {
    "thomas batch": [thomas, "batch", data],
    "thomas -j 2": [thomas, "batch", data, "--jobs", "2"],
    "hand loop": [f"{build}/bench/hand_loop"],
}
if shutil.which("mlr") and mlr_repeat > 0:
    cmds["miller"] = ["mlr", "--icsv", "--ocsv", "put", "-f", "bench/thomas_default.mlr", data]
# The recipes (doc/scaling.md): 8 MiB partitions, two jobs / worker processes. Their peak RSS is
# that of the largest single process (the Dask client or a worker), not the sum.
if recipes and shutil.which("parallel"):
    cmds["GNU parallel"] = ["doc/recipes/parallel_batch.sh", data]
dask_python = next((p for p in (sys.executable, "/usr/bin/python3") if subprocess.run(
    [p, "-c", "import dask.distributed"], capture_output=True).returncode == 0), None)
if recipes and dask_python:
    cmds["Dask"] = [dask_python, "doc/recipes/dask_batch.py", data, "--workers", "2",
                    "--thomas", thomas]
ENV = dict(os.environ, THOMAS=thomas)


RSS_FILE = os.path.join(build, "bench_rss.txt")


def run(cmd):
    stdin = open(data, "rb") if cmd[-1] != data else subprocess.DEVNULL
    return timing.run(cmd, RSS_FILE, stdin=stdin, env=ENV)


best = {name: (float("inf"), float("inf"), 0.0) for name in cmds}
for i in range(max(repeat, mlr_repeat)):
    for name, cmd in cmds.items():
        if i >= (mlr_repeat if name == "miller" else repeat):
            continue
        wall, cpu, rss = run(cmd)
        b = best[name]
        best[name] = (min(b[0], wall), min(b[1], cpu), max(b[2], rss))

print(f"best of {repeat} runs (Miller: {mlr_repeat}), output to /dev/null:")
print(f"  {'command':<14}{'wall s':>9}{'cpu s':>9}{'peak RSS MB':>13}{'rows/s':>12}")
for name, (wall, cpu, rss) in best.items():
    print(f"  {name:<14}{wall:>9.2f}{cpu:>9.2f}{rss:>13.1f}{rows / wall:>12,.0f}")
t, h = best["thomas batch"], best["hand loop"]
ok = True
print(f"thomas / hand loop: {t[0] / h[0]:.2f}x wall, {t[1] / h[1]:.2f}x cpu  (target <= 2)")
ok &= t[1] / h[1] <= 2.0
if "miller" in best:
    m = best["miller"]
    print(f"miller / thomas:    {m[0] / t[0]:.1f}x wall, {m[1] / t[1]:.1f}x cpu  (target >= 10)")
    ok &= m[1] / t[1] >= 10
else:
    print("miller: not installed (scripts/install-deps.sh miller) or MLR_REPEAT=0, comparison "
          "skipped")
print(f"thomas peak RSS: {t[2]:.1f} MB (target < 32)")
ok &= t[2] < 32
j2 = best["thomas -j 2"]
print(f"thomas -j 2 / hand loop: {j2[0] / h[0]:.2f}x wall  (target <= 1.0)")
print(f"thomas -j 1 / -j 2:      {t[0] / j2[0]:.2f}x wall  (target >= 1.7)")
print(f"thomas -j 2 peak RSS: {j2[2]:.1f} MB (target < 32)")
ok &= j2[0] / h[0] <= 1.0 and t[0] / j2[0] >= 1.7 and j2[2] < 32
print("targets met" if ok else "TARGETS MISSED")
sys.exit(0 if ok else 1)
PY
