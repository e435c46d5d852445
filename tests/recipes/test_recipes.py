#!/usr/bin/env python3
"""Runs a scaling recipe of doc/recipes/ (GNU parallel or Dask) on a small generated clinic file
full of quoted commas, doubled quotes, line breaks inside quotes (LF and CRLF) and bad rows,
cut into many partitions, and compares its output and exit status byte for byte with one
`thomas batch` process (GNU parallel: CSV and JSON Lines; Dask: CSV). Exit 77 (CTest: skipped) when the engine is not
installed (scripts/test.sh installs parallel and python3-distributed).
Usage: test_recipes.py THOMAS parallel|dask"""
import os
import random
import shutil
import subprocess
import sys
import tempfile

THOMAS, ENGINE = sys.argv[1], sys.argv[2]
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RECIPES = os.path.join(ROOT, "doc", "recipes")
SKIP = 77


def clinic(rows, seed):
    rng = random.Random(seed)
    notes = ['"a, b, c"', '"said ""ouch"" twice"', '"two\nlines"', '"crlf\r\nnote, too"',
             '""', "plain", '"""quoted"""', '"\n"']
    breaks = ["\n", "\r\n"]
    out = ["\ufeffid,side,Thigh angle (deg),knee_flexion,lumbar_flat,pain,notes\r\n"]
    for i in range(rows):
        thigh = rng.choice(["-12", "3", "8.5", "0", "120", "abc", "", "5,5"])
        thigh = f'"{thigh}"' if "," in thigh else thigh
        pain = rng.choice(["none", "stretch", '"stretch,hip"', "ouch", "knee"])
        row = (f"P{i},{rng.choice(['left', 'right', 'up'])},{thigh},{rng.randint(40, 100)},"
               f"{rng.choice(['yes', 'no', ''])},{pain},{rng.choice(notes)}")
        if rng.random() < 0.02:
            row += ",extra"  # a ragged row
        out.append(row + rng.choice(breaks))
    return "".join(out).encode()


def python_with_dask():
    for python in (sys.executable, "/usr/bin/python3"):
        if os.path.exists(python) and subprocess.run(
                [python, "-c", "import dask.distributed"], capture_output=True).returncode == 0:
            return python
    return None


def main():
    if ENGINE == "parallel":
        gnu = shutil.which("parallel") and b"GNU parallel" in subprocess.run(
            ["parallel", "--version"], capture_output=True).stdout  # not moreutils' parallel
        if not gnu:
            print("SKIPPED: GNU parallel is not installed (apt-get install parallel, or "
                  "scripts/install-deps.sh parallel)")
            return SKIP
    else:
        python = python_with_dask()
        if python is None:
            print("SKIPPED: Dask distributed is not installed (apt-get install "
                  "python3-distributed, or scripts/install-deps.sh python3-distributed)")
            return SKIP
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "clinic.csv")
        with open(path, "wb") as f:
            f.write(clinic(800, 15))
        # Dask starts a cluster per run (seconds): CSV only; the partition flags are the same.
        for options in ([], ["--format", "jsonl"]) if ENGINE == "parallel" else ([],):
            one = subprocess.run([THOMAS, "batch", path, *options], capture_output=True)
            if one.returncode != 65 or b"(line " not in one.stdout:
                failures.append(f"{options}: the test file should give error rows with line "
                                f"numbers (exit {one.returncode})")
            env = dict(os.environ, THOMAS=THOMAS, PARTITION_BYTES="4000")
            if ENGINE == "parallel":
                cmd = [os.path.join(RECIPES, "parallel_batch.sh"), path, *options]
            else:
                cmd = [python, os.path.join(RECIPES, "dask_batch.py"), path, "--workers", "2",
                       "--partition-bytes", "4000", "--thomas", THOMAS, "--", *options]
            r = subprocess.run(cmd, capture_output=True, env=env, timeout=120)
            if r.stdout != one.stdout:
                failures.append(f"{ENGINE} {options}: output differs from one thomas batch "
                                f"({len(r.stdout)} vs {len(one.stdout)} bytes); stderr:\n"
                                + r.stderr.decode(errors="replace")[-2000:])
            if r.returncode != one.returncode:
                failures.append(f"{ENGINE} {options}: exit {r.returncode}, expected "
                                f"{one.returncode}")
    if failures:
        print("\n".join(failures))
        return 1
    print(f"{ENGINE} recipe: byte for byte the output and exit status of one thomas batch")
    return 0


if __name__ == "__main__":
    sys.exit(main())
