#!/usr/bin/env python3
"""End-to-end checks of `thomas batch`: rows in = rows out, error messages, exit codes,
formats, delimiters, atomic -o and the closed pipe. Usage: test_batch.py THOMAS_BINARY"""
import csv
import io
import json
import os
import subprocess
import sys
import tempfile
import time

BINARY = sys.argv[1]
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIX = os.path.join(ROOT, "tests", "fixtures", "batch")
failures = []


def run(*args, stdin=None, timeout=60):
    env = dict(os.environ, NO_COLOR="1")
    return subprocess.run([BINARY, "batch", *args], input=stdin, capture_output=True, env=env,
                          timeout=timeout)


def expect(label, got, want):
    if got != want:
        failures.append(f"{label}:\n  expected {want!r}\n  got      {got!r}")


def fixture(name):
    return os.path.join(FIX, name)


# --- every kind of bad row: one output record per input record, messages, exit 65, golden ---
r = run(fixture("bad-rows.csv"))
expect("bad rows exit", r.returncode, 65)
expect("bad rows summary", r.stderr.decode(),
       "thomas batch: 13 rows read, 4 scored (negative 1, positive 2, refer 1), 9 errors\n")
with open(fixture("bad-rows.expected.csv"), "rb") as f:
    expect("bad rows golden output", r.stdout.decode(), f.read().decode())
out = list(csv.reader(io.StringIO(r.stdout.decode(), newline="")))
expect("bad rows: records out", len(out), 14)  # header + 13 data records in
expect("bad rows: header", out[0][-5:], ["result", "implicated", "flags", "next_step", "error"])
expect("bad rows: every record has the header's width", {len(row) for row in out}, {14})
errors = {f"{row[0]} {row[1]}": row[-1] for row in out[1:] if row[9] == "error"}
DEG = "(expected e.g. 12, -7.5, 12° or 12 deg)"
expect("bad rows: messages", errors, {
    "P2 left": f'row 4, column Thigh angle (deg): "7o" is not a number of degrees {DEG}',
    "P2 right": 'row 5, column Thigh angle (deg): "5,5" has a comma; write numbers with a '
                'decimal point and no thousands separator (e.g. 5.5)',
    "P3 left": 'row 6, column Thigh angle (deg): thigh_angle 120 is outside the plausible range '
               '-45 to 90 (rule set "default"); check the value and its sign',
    "P3 right": 'row 7, column pain: unknown pain word "ouch" (accepted: none, stretch, hip, '
                'groin, knee, back, nerve)',
    "P4 left": "row 8: expected 9 fields, found 4",
    "P4 right": 'row 9: expected 9 fields, found 11; extra cells: "extra1", "extra2"',
    "P5 left": "row 10: no measurement in this row (every measurement cell is empty)",
    "P6 right": f'row 13 (line 14), column knee: "x" is not a number of degrees {DEG}; column '
                'lumbar_flat: "maybe" is not yes or no (accepted: yes, no, true, false, 1, 0)',
    "P7 left": "row 14 (line 15): unterminated quoted field starting at line 15",
})
scored = {f"{row[0]} {row[1]}": row[9:13] for row in out[1:] if row[9] != "error"}
expect("bad rows: scored rows", scored, {
    "P1 left": ["positive", "iliopsoas;rectus_femoris", "", "3"],
    "P1 right": ["negative", "", "", "5"],
    "P5 right": ["refer", "", "hip_joint", "2"],
    "P6 left": ["positive", "rectus_femoris", "", "5"],
})
expect("bad rows: quoted newline kept", out[10][8], "a note\nover two lines")

# --- safe spreadsheet neutralises a formula in a passed-through column ---
r = run(fixture("bad-rows.csv"), "--safe-spreadsheet")
row = list(csv.reader(io.StringIO(r.stdout.decode(), newline="")))[11]
expect("safe spreadsheet", row[8], "'=HYPERLINK(\"http://x\")")

# --- JSON Lines: one object per record, row numbers, error rows, input columns ---
r = run(fixture("bad-rows.csv"), "--format", "jsonl")
expect("jsonl exit", r.returncode, 65)
objects = [json.loads(line) for line in r.stdout.decode().splitlines()]
expect("jsonl records", len(objects), 13)
expect("jsonl row numbers", [o["row"] for o in objects], list(range(2, 15)))
expect("jsonl results", [o["result"] for o in objects].count("error"), 9)
expect("jsonl first", (objects[0]["implicated"], objects[0]["next_step"]["number"],
                       objects[0]["input"]["patient"], objects[0]["error"]),
       (["iliopsoas", "rectus_femoris"], 3, "P1", None))
expect("jsonl error", (objects[2]["error"].startswith("row 4, column Thigh angle (deg)"),
                       objects[2]["ruleset"]["name"], objects[2]["input"]["Thigh angle (deg)"]),
       (True, "default", "7o"))
expect("jsonl short row input", objects[6]["input"]["notes"], None)

# --- BOM, CRLF and ';' delimiter; tab delimiter; both knee columns ---
r = run(fixture("semicolon-bom-crlf.csv"), "--delimiter", ";")
expect("semicolon exit", r.returncode, 65)
expect("semicolon output", r.stdout.decode().splitlines(), [
    "Patient;Side;THIGH_ANGLE;Knee_Flexion;Pain;result;implicated;flags;next_step;error",
    'A1;left;12;50;stretch;positive;"iliopsoas;rectus_femoris";;3;',
    'A2;right;5,5;90;none;error;;;;"row 3, column THIGH_ANGLE: ""5,5"" has a comma; write '
    'numbers with a decimal point and no thousands separator (e.g. 5.5)"',
    'A3;left;-8;100;"hip;groin";refer;;hip_joint;2;'])
for delimiter in ("tab", "\\t", "\t"):
    r = run(fixture("tab.tsv"), "--delimiter", delimiter)
    expect(f"tab {delimiter!r} exit", r.returncode, 0)
    expect(f"tab {delimiter!r} output", r.stdout.decode().splitlines()[1:], [
        "T1\t12\t110\tnone\tpositive\tiliopsoas;rectus_femoris\t\t3\t",
        "T2\t-8\t80\tstretch\tretest\t\t\t1\t"])  # no low-back column: not called normal
r = run(fixture("both-knees.csv"))
expect("both knees", r.stdout.decode().splitlines()[1:], [
    "K1,12,70,,positive,iliopsoas;rectus_femoris,,3,",
    "K2,12,,110,positive,iliopsoas;rectus_femoris,,3,",
    'K3,12,70,110,error,,,,"row 4, columns knee_flexion and knee_angle_interior: give knee '
    'flexion (0 = straight) or the interior knee angle (180 = straight), not both"'])

# --- stdin, --map, --ruleset-columns ---
r = run("-", "--map", "thigh_angle=Hip (deg)", "--ruleset-columns",
        stdin=b"id,Hip (deg),knee\nM1,12,50\n")
lines = r.stdout.decode().splitlines()
expect("map exit", r.returncode, 0)
expect("map header", lines[0], "id,Hip (deg),knee,result,implicated,flags,next_step,error,"
                               "ruleset,ruleset_version,ruleset_sha256")
expect("map row", lines[1].split(",")[:9], ["M1", "12", "50", "positive",
                                            "iliopsoas;rectus_femoris", "", "3", "", "default"])
expect("map sha", len(lines[1].split(",")[-1]), 64)

# --- header and usage errors: message and exit code, nothing on stdout ---
def error_case(label, args, stdin, code, message):
    r = run(*args, stdin=stdin)
    expect(f"{label} exit", r.returncode, code)
    expect(f"{label} message", r.stderr.decode(), f"thomas: error: {message}\n")
    expect(f"{label} stdout", r.stdout, b"")


error_case("empty input", ["-"], b"", 65,
           "<stdin>: the input is empty: expected a header row naming the columns (e.g. "
           "side,thigh_angle,knee_flexion)")
error_case("two columns for one field", ["-"], b"thigh,Thigh_Angle\n1,2\n", 65,
           '<stdin>: row 1 (header): column 1 ("thigh") and column 2 ("Thigh_Angle") both map '
           "to thigh_angle; rename one or choose with --map thigh_angle=HEADER")
r = run("-", stdin=b"a,b\n1,2\n")
expect("no measurement column exit", r.returncode, 65)
expect("no measurement column message", r.stderr.decode().startswith(
    'thomas: error: <stdin>: row 1 (header): no column names a measurement (found "a", "b"); '
    'measurement names, case-insensitive: thigh_angle (or "Thigh angle (deg)", "thigh"'), True)
error_case("unknown map field", ["-", "--map", "thigh=a"], b"a,b\n", 64,
           '--map thigh=a: unknown field "thigh" (accepted: side, thigh_angle, knee_flexion, '
           "knee_angle_interior, rotation, abduction, lumbar_flat, pain, red_flags, done, persists)")
error_case("map to a missing column", ["-", "--map", "thigh_angle=c"], b"a,b\n", 64,
           '--map thigh_angle=c: the header has no column "c" (columns: a, b)')
error_case("map without =", ["-", "--map", "thigh_angle"], b"a\n", 64,
           '--map "thigh_angle": expected FIELD=HEADER, e.g. --map "thigh_angle=Hip ext (deg)"')
error_case("bad delimiter", ["-", "--delimiter", "ab"], b"", 64,
           '--delimiter "ab": expected one ASCII character other than a quote or a line break '
           "(e.g. , or ; or tab)")
error_case("missing input", ["no/such.csv"], b"", 66,
           "no/such.csv: cannot open: No such file or directory")

with tempfile.TemporaryDirectory() as tmp:
    bad_rules = os.path.join(tmp, "bad.yaml")
    with open(bad_rules, "w") as f:
        f.write("schema: 1\nnmae: x\n")
    r = run(fixture("tab.tsv"), "--delimiter", "tab", "--rules", bad_rules)
    expect("invalid rules exit", r.returncode, 78)

    # --- -o: complete file on success, the old file kept on failure, no stray temp files ---
    target = os.path.join(tmp, "out.csv")
    r = run(fixture("bad-rows.csv"), "-o", target)
    expect("-o exit", r.returncode, 65)
    with open(target, "rb") as f, open(fixture("bad-rows.expected.csv"), "rb") as g:
        expect("-o content", f.read(), g.read())
    r = run("-", "-o", target, stdin=b"a,b\n1,2\n")  # header error: 65, nothing replaced
    expect("-o header error exit", r.returncode, 65)
    with open(target, "rb") as f, open(fixture("bad-rows.expected.csv"), "rb") as g:
        expect("-o old file kept", f.read(), g.read())
    expect("-o no temp files", sorted(os.listdir(tmp)), ["bad.yaml", "out.csv"])
    r = run(fixture("tab.tsv"), "-o", os.path.join(tmp, "missing-dir", "out.csv"))
    expect("-o missing dir exit", r.returncode, 73)
    r = run(fixture("tab.tsv"), "-o", os.path.join(bad_rules, "out.csv"))
    expect("-o under a file exit", r.returncode, 73)
    if os.geteuid() != 0:  # root ignores directory permissions
        locked = os.path.join(tmp, "locked")
        os.mkdir(locked, 0o555)
        r = run(fixture("tab.tsv"), "-o", os.path.join(locked, "out.csv"))
        expect("-o unwritable dir exit", r.returncode, 73)
        expect("-o unwritable dir empty", os.listdir(locked), [])
    expect("-o still no temp files", sorted(os.listdir(tmp)), ["bad.yaml", "out.csv"])
    # -o naming the input (under any spelling of its path) is refused: the export stays as it was.
    for spelling in (target, os.path.join(tmp, ".", "out.csv")):
        r = run(target, "-o", spelling)
        expect("-o over the input exit", r.returncode, 64)
        expect("-o over the input message", r.stderr.decode(),
               f"thomas: error: -o {spelling}: that is the input file, which the scored output "
               "would replace; write to another file (e.g. scored.csv)\n")
    with open(target, "rb") as f, open(fixture("bad-rows.expected.csv"), "rb") as g:
        expect("-o over the input: file unchanged", f.read(), g.read())
    expect("-o over the input: no temp files", sorted(os.listdir(tmp)), ["bad.yaml", "out.csv"])

    # While a run is in progress the target does not exist; it appears complete at the end.
    slow = os.path.join(tmp, "slow.csv")
    p = subprocess.Popen([BINARY, "batch", "-", "-o", slow], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    p.stdin.write(b"thigh_angle,knee_flexion\n" + b"12,50\n" * 20000)
    p.stdin.flush()
    time.sleep(0.3)
    expect("-o absent while running", os.path.exists(slow), False)
    expect("-o temp present while running",
           any(n.startswith(".slow.csv.tmp-") for n in os.listdir(tmp)), True)
    p.stdin.write(b"5,100\n")
    p.stdin.close()
    expect("-o slow exit", p.wait(timeout=30), 0)
    with open(slow, "rb") as f:
        expect("-o slow lines", len(f.read().splitlines()), 20002)
    expect("-o slow no temp", [n for n in os.listdir(tmp) if ".tmp-" in n], [])

    # --- closed pipe: `| head -n 3` stops thomas quietly with exit 0 ---
    big = os.path.join(tmp, "big.csv")
    subprocess.run([sys.executable, os.path.join(ROOT, "bench", "gen_clinic_csv.py"), "20000",
                    "-o", big], check=True)
    for fmt in ("jsonl", "csv"):
        r = subprocess.run(
            ["bash", "-c", f'cat "$1" | "$2" batch - --format {fmt} | head -n 3; '
                           'echo "status ${PIPESTATUS[1]}" >&2', "-", big, BINARY],
            capture_output=True, timeout=60)
        expect(f"closed pipe {fmt} lines", len(r.stdout.decode().splitlines()), 3)
        expect(f"closed pipe {fmt} stderr", r.stderr.decode(), "status 0\n")
    # A correctness check, not a timing one: the sanitizer (Debug) build on a loaded 2-core
    # machine took over 60 s here once.
    r = run(big, "--format", "jsonl", timeout=600)
    expect("20000 rows in = out", len(r.stdout.splitlines()), 20000)

if failures:
    print("\n".join(failures))
    sys.exit(1)
print("batch e2e: all checks passed")
