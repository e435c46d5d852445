#!/usr/bin/env python3
"""End-to-end checks of `thomas batch` on clinic exports as they are written: a measurement
column it does not read stops the run (exit 64, nothing written) until it is mapped or
ignored, a header cut with another separator names --delimiter, and the README's German
recipe scores examples/clinic-de.csv exactly as the same data in the English layout.
Usage: test_batch_locale.py THOMAS_BINARY"""
import csv
import io
import os
import re
import shlex
import subprocess
import sys
import tempfile

BINARY = sys.argv[1]
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
failures = []


def run(args, stdin=None):
    env = dict(os.environ, NO_COLOR="1")
    return subprocess.run([BINARY, *args], input=stdin, capture_output=True, env=env,
                          timeout=60, cwd=ROOT)


def expect(label, got, want):
    if got != want:
        failures.append(f"{label}:\n  expected {want!r}\n  got      {got!r}")


def rows(text, delimiter):
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


# --- An unread measurement column: exit 64 before anything is written -----------------------
CLINIC = "Patient,Thigh angle (°),Knee (deg),Pain,Notes\nP1,5,80,none,ok\n".encode()
with tempfile.TemporaryDirectory() as tmp:
    out = os.path.join(tmp, "scored.csv")
    r = run(["batch", "-", "-o", out, "--map", "thigh_angle=Thigh angle (°)"], stdin=CLINIC)
    expect("unread column exit", r.returncode, 64)
    expect("unread column: no output file", os.path.exists(out), False)
    expect("unread column: no file left in the folder", os.listdir(tmp), [])
    expect("unread column message", r.stderr.decode(),
           "thomas: error: <stdin>: row 1 (header): a column looks like a field thomas reads, but "
           "it is not read, so its values would be ignored:\n"
           "  column 3 (\"Knee (deg)\"): read it with --map knee_flexion='Knee (deg)' or --map "
           "knee_angle_interior='Knee (deg)', or leave it unread with --ignore 'Knee (deg)'\n")
    # The commands the message offers work as written.
    r = run(["batch", "-", "-o", out, "--map", "thigh_angle=Thigh angle (°)", "--ignore",
             "Knee (deg)"], stdin=CLINIC)
    expect("--ignore exit", r.returncode, 0)
    with open(out, encoding="utf-8") as f:
        expect("--ignore: the row scores on the thigh alone", rows(f.read(), ",")[1][5:9],
               ["positive", "iliopsoas", "", "3"])
    r = run(["batch", "-", "--map", "thigh_angle=Thigh angle (°)", "--map",
             "knee_flexion=Knee (deg)"], stdin=CLINIC)
    expect("--map exit", r.returncode, 0)
    expect("--map: the knee is read", rows(r.stdout.decode(), ",")[1][5:9],
           ["positive", "iliopsoas;rectus_femoris", "", "3"])

# A semicolon export read with the default delimiter names the flag that reads it.
r = run(["batch", "-"], stdin=b"Patient;thigh_angle;knee_flexion\nP1;5;80\n")
expect("semicolon header exit", r.returncode, 64)
expect("semicolon header message", r.stderr.decode(),
       "thomas: error: <stdin>: row 1 (header): the header splits on ';', not on ',' (found 1 "
       "column: "
       "\"Patient;thigh_angle;knee_flexion\"); read it with --delimiter ';'\n")

# A decimal comma needs another separator: "left,72,5" would be read as two cells.
r = run(["batch", "-", "--decimal-comma"], stdin=b"side,thigh_angle\nleft,72\n")
expect("decimal comma with a comma separator exit", r.returncode, 64)
expect("decimal comma with a comma separator message", r.stderr.decode(),
       "thomas: error: --decimal-comma needs another field separator than ',' (e.g. --delimiter "
       "';'): an unquoted 72,5 would be read as two cells\n")

# --- The README's German recipe ----------------------------------------------------------------
with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
    readme = f.read()
match = re.search(r"^(thomas batch examples/clinic-de\.csv(?:.*\\\n)*.*)$", readme, re.M)
expect("README has the German recipe", match is not None, True)
if match:
    args = shlex.split(match.group(1).replace("\\\n", " "))[1:]
    german = run(args)
    english = run(["batch", "tests/fixtures/batch/clinic-en.csv"])
    expect("German recipe exit", german.returncode, 0)
    expect("English twin exit", english.returncode, 0)
    de_rows = rows(german.stdout.decode(), ";")
    en_rows = rows(english.stdout.decode(), ",")
    expect("German recipe: one output row per input row", len(de_rows), 7)
    expect("German recipe: the input columns kept",
           de_rows[0][:3] + de_rows[3][2:7], ["Patient", "Datum", "Seite", "L", "12", "50", "ja",
                                              "Leiste"])
    expect("German recipe: the same results as the English layout",
           [r[-5:] for r in de_rows], [r[-5:] for r in en_rows])
    expect("the example's results differ, so equality is not a coincidence",
           sorted({r[-5] for r in en_rows[1:]}), ["negative", "positive", "refer"])
    # The same file without --decimal-comma: each comma cell is an error naming the flag.
    r = run([a for a in args if a != "--decimal-comma"])
    expect("without --decimal-comma exit", r.returncode, 65)
    first = rows(r.stdout.decode(), ";")[1]
    expect("without --decimal-comma message", first[-1].endswith(
        "for a file written with decimal commas (72,5), add --decimal-comma"), True)

if failures:
    print("\n".join(failures))
    sys.exit(1)
print("batch locale e2e: all checks passed")
