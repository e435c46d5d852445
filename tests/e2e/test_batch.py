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
                'decimal point and no thousands separator (e.g. 5.5); for a file written with '
                'decimal commas (72,5), add --decimal-comma',
    "P3 left": 'row 6, column Thigh angle (deg): thigh_angle 120 is outside the plausible range '
               '-45 to 90 (rule set "default"); check the value and its sign',
    "P3 right": 'row 7, column pain: unknown pain word "ouch" (accepted: none, stretch, hip, '
                "groin, knee, back, nerve; or one of the rule set's 35 synonyms ('thomas rules "
                "show' lists them))",
    "P4 left": "row 8: expected 9 fields, found 4",
    "P4 right": 'row 9: expected 9 fields, found 11; extra cells: "extra1", "extra2"',
    "P5 left": "row 10: no measurement in this row (every measurement cell is empty)",
    "P6 right": f'row 13 (line 14), column knee: "x" is not a number of degrees {DEG}; column '
                'lumbar_flat: "maybe" is not yes or no (accepted: yes, no, true, false, 1, 0; '
                "or the rule set's synonyms ja, j, nein)",
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
    'numbers with a decimal point and no thousands separator (e.g. 5.5); for a file written '
    'with decimal commas (72,5), add --decimal-comma"',
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
           "knee_angle_interior, rotation, abduction, lumbar_flat, pain, red_flags, done, "
           'persists, patient, date, examiner, device); "thigh" is a header name for thigh_angle: '
           "write --map thigh_angle=HEADER")
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

# --- --explain-columns and --patient (the text is thomas score's, from the rule set) ---
def score_json(*args, stdin=None):
    r = subprocess.run([BINARY, "score", *args, "--format", "json"], input=stdin,
                       capture_output=True, env=dict(os.environ, NO_COLOR="1"), timeout=60)
    expect(f"score {args} exit", r.returncode, 0)
    return json.loads(r.stdout.decode())


def leg_args(side, thigh, knee, pain):
    return ["--side", side, f"--thigh={thigh}", f"--knee={knee}", "--lumbar-flat", "yes",
            "--pain", pain]


def pair_json(left, right):
    """thomas score --file of both legs, each given as (thigh, knee, pain)."""
    legs = {side: {"thigh_angle": t, "knee_flexion": k, "lumbar_flat": True, "pain": p}
            for side, (t, k, p) in (("left", left), ("right", right))}
    return score_json("--file", "-", stdin=json.dumps(legs).encode())


def parse_csv(data):
    rows = list(csv.reader(io.StringIO(data.decode(), newline="")))
    return [dict(zip(rows[0], row)) for row in rows[1:]], rows[0]


EXPLAIN = ["next_step_title", "why", "notes"]
RESULT = ["result", "implicated", "flags", "next_step", "error"]
r = run("-", "--explain-columns", "--ruleset-columns",
        stdin=b"id,side,thigh_angle,knee_flexion,lumbar_flat,pain\n"
              b"X1,left,2,80,yes,hip\nX2,left,7o,80,yes,\nX3,right,-12,85,yes,none\n")
expect("explain columns exit", r.returncode, 65)
rows, header = parse_csv(r.stdout)
expect("explain columns header", header[6:], RESULT + EXPLAIN +
       ["ruleset", "ruleset_version", "ruleset_sha256"])
for row, args in ((rows[0], leg_args("left", 2, 80, "hip")),
                  (rows[2], leg_args("right", -12, 85, "none"))):
    want = score_json(*args)
    expect(f"explain columns {row['id']}",
           [row["next_step"], row["next_step_title"], row["why"], row["notes"]],
           [str(want["next_step"]["number"]), want["next_step"]["title"],
            want["next_step"]["why"], " | ".join(want["notes"])])
expect("explain columns: several notes", len(rows[0]["notes"].split(" | ")) >= 2, True)
expect("explain columns: error row", [rows[1][c] for c in ["result"] + EXPLAIN],
       ["error", "", "", ""])
r2 = run("-", "--ruleset-columns", stdin=b"id,thigh\nX,12\n")
expect("without --explain-columns", parse_csv(r2.stdout)[1][2:],
       RESULT + ["ruleset", "ruleset_version", "ruleset_sha256"])
jsonl = b"thigh,pain\n12,hip\n"
expect("--explain-columns adds nothing to jsonl",
       run("-", "--format", "jsonl", "--explain-columns", stdin=jsonl).stdout,
       run("-", "--format", "jsonl", stdin=jsonl).stdout)

# Pairs: P1 has hip pain on its right leg only (right row first), P2 legs 22 degrees apart,
# then an error row between two pairs, and rows that do not pair.
PAIRS = (b"Patient ID,side,thigh_angle,knee_flexion,lumbar_flat,pain\n"
         b"P1,right,2,80,yes,hip\n"           # 2
         b"P1,left,-12,85,yes,stretch\n"      # 3
         b"P2,left,-12,85,yes,none\n"         # 4
         b"P2,right,10,85,yes,none\n"         # 5
         b"P3,left,x,85,yes,none\n"           # 6: error row between pairs
         b"P4,left,-12,85,yes,none\n"         # 7
         b"P4,right,-11,86,yes,stretch\n"     # 8
         b",left,12,50,yes,hip\n"             # 9: no id
         b",right,-12,85,yes,none\n"          # 10: no id
         b"P5,left,12,50,yes,hip\n"           # 11: lone
         b"P6,right,12,50,yes,hip\n"          # 12: same side twice
         b"P6,right,-12,85,yes,none\n"        # 13
         b"P7,left,12,50,yes,hip\n"           # 14: the other leg comes after an error row
         b"P7,right,x,85,yes,none\n"          # 15
         b"P7,right,-12,85,yes,none\n")       # 16: alone (held until the end of the input)
r = run("-", "--patient", "Patient ID", "--explain-columns", stdin=PAIRS)
expect("patient exit", r.returncode, 65)
expect("patient summary", r.stderr.decode(),
       "thomas batch: 15 rows read, 13 scored (negative 7, positive 1, refer 5), 2 errors\n")
rows, header = parse_csv(r.stdout)
expect("patient: one row out per row in, in order",
       [(row["Patient ID"], row["side"]) for row in rows],
       [tuple(line.split(",")[:2]) for line in PAIRS.decode().splitlines()[1:]])
expect("patient header", header[6:], RESULT + EXPLAIN)
p1 = pair_json((-12, 85, "stretch"), (2, 80, "hip"))
expect("pain on one leg: the patient goes to step 2", p1["patient"]["next_step"]["number"], 2)
for row in rows[0:2]:
    expect(f"P1 {row['side']}: patient's step", [row["next_step"], row["next_step_title"],
                                                 row["why"]],
           ["2", p1["patient"]["next_step"]["title"], p1["patient"]["next_step"]["why"]])
for row, leg in ((rows[0], p1["right"]), (rows[1], p1["left"])):
    expect(f"P1 {row['side']}: own leg", [row["result"], row["implicated"], row["flags"]],
           [leg["result"], ";".join(leg["implicated"]), ";".join(leg["flags"])])
expect("P1 right refers", rows[0]["flags"], "hip_joint")
expect("P1 left alone would not be step 2",
       score_json(*leg_args("left", -12, 85, "stretch"))["next_step"]["number"] != 2, True)
p2 = pair_json((-12, 85, "none"), (10, 85, "none"))
notes = ["Thigh angle, left - right: -22 deg (left -12 deg, right 10 deg; notable from 3 deg)",
         "Knee flexion minus thigh angle, left - right: 22 deg (left 97 deg, right 75 deg; "
         "notable from 20 deg)"]
for row, leg in ((rows[2], p2["left"]), (rows[3], p2["right"])):
    expect(f"P2 {row['side']}: step", row["next_step"], str(p2["patient"]["next_step"]["number"]))
    expect(f"P2 {row['side']}: asymmetry notes", row["notes"].split(" | "), leg["notes"] + notes)
expect("P3 error row", [rows[4][c] for c in ["result", "next_step"] + EXPLAIN],
       ["error", "", "", "", ""])
expect("P3 error message", rows[4]["error"].startswith("row 6, column thigh_angle:"), True)
p4 = pair_json((-12, 85, "none"), (-11, 86, "stretch"))
expect("P4 after the error row pairs", [rows[5]["next_step"], rows[6]["next_step"]],
       [str(p4["patient"]["next_step"]["number"])] * 2)
expect("P4: no notable difference", [rows[5]["notes"], rows[6]["notes"]],
       [" | ".join(p4["left"]["notes"]), " | ".join(p4["right"]["notes"])])
alone = parse_csv(run("-", "--explain-columns", stdin=PAIRS).stdout)[0]
expect("unpaired rows as without --patient", rows[7:], alone[7:])
expect("paired rows differ from alone", rows[0] != alone[0] or rows[1] != alone[1], True)

# JSONL: a paired row is its leg's object plus the patient and asymmetry of score's two-leg JSON.
r = run("-", "--patient", "Patient ID", "--format", "jsonl", stdin=PAIRS)
objects = [json.loads(line) for line in r.stdout.decode().splitlines()]
expect("patient jsonl rows", [o["row"] for o in objects], list(range(2, 17)))
for o, side in ((objects[0], "right"), (objects[1], "left")):
    expect(f"P1 jsonl {side} patient", o["patient"], p1["patient"])
    expect(f"P1 jsonl {side} asymmetry", o["asymmetry"], p1["asymmetry"])
    expect(f"P1 jsonl {side} own leg", {k: o[k] for k in ("side", "result", "flags", "notes")},
           {k: p1[side][k] for k in ("side", "result", "flags", "notes")})
expect("P2 jsonl notable", [a["notable"] for a in objects[2]["asymmetry"]
                            if a["measure"] == "thigh_angle"], [True])
expect("unpaired jsonl rows have no patient",
       [o["row"] for o in objects if "patient" in o], [2, 3, 4, 5, 7, 8])

# Usage errors: an unknown column names the header; without --patient nothing pairs.
error_case("patient unknown column", ["-", "--patient", "pid"], PAIRS, 64,
           '--patient pid: the header has no column "pid" (columns: Patient ID, side, '
           "thigh_angle, knee_flexion, lumbar_flat, pain)")
error_case("patient without a side column", ["-", "--patient", "id"], b"id,thigh\nA,1\n", 64,
           "--patient id: the header has no side column, so no row can be paired with the "
           "patient's other leg (columns: id, thigh); add a side column or map one with --map "
           "side=HEADER")

if failures:
    print("\n".join(failures))
    sys.exit(1)
print("batch e2e: all checks passed")
