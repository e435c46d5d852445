#!/usr/bin/env python3
"""End-to-end checks of `thomas progress`: issue 13's acceptance cases through the binary
(a real improvement continues the plan, no reliable change after steps 3 to 6 gives step 7 with
the reason, different devices give a warning), the JSON and CSV shapes parsed, input order not
mattering, every bad input reported with its row and nothing lost, and the exit codes.
Usage: test_progress.py THOMAS_BINARY"""
import csv
import io
import json
import os
import random
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


def check(label, condition, detail=""):
    if not condition:
        failures.append(f"{label}: {detail}")


def course(doc, patient, side):
    found = [p for p in doc["patients"] if p["patient"] == patient and p["side"] == side]
    return found[0] if len(found) == 1 else None


def change(c, measure, since="first"):
    last = c["visits"][-1]["date"]
    found = [x for x in c["changes"]
             if x["measure"] == measure and x["since"] == since and x["to_date"] == last]
    return found[0] if len(found) == 1 else None


HEADER = "patient,date,side,thigh_angle,knee_flexion,lumbar_flat,pain,done,device\n"

# --- The acceptance cases ------------------------------------------------------------------
ACCEPT = HEADER + (
    "A,2026-01-05,right,12,100,yes,stretch,,goniometer\n"
    "A,2026-03-30,right,4,93,yes,stretch,3;4;5;6,goniometer\n"
    "B,2026-01-05,right,12,100,yes,stretch,,goniometer\n"
    "B,2026-03-30,right,11,100,yes,stretch,3;4;5;6,goniometer\n"
    "C,2026-01-05,left,12,100,yes,stretch,,goniometer\n"
    "C,2026-02-05,left,8,98,yes,stretch,3,smartphone app\n")
r = run(["progress", "--csv", "-", "--format", "json"], stdin=ACCEPT.encode())
expect("acceptance exit", r.returncode, 0)
doc = json.loads(r.stdout)
expect("schema", doc["schema"], 1)
expect("rule set", doc["ruleset"]["name"], "default")
expect("patients in order of first appearance", [(p["patient"], p["side"]) for p in doc["patients"]],
       [("A", "right"), ("B", "right"), ("C", "left")])
a, b, c = course(doc, "A", "right"), course(doc, "B", "right"), course(doc, "C", "left")
expect("12 to 4: improved", change(a, "thigh_angle")["change"], "improved")
expect("12 to 4: difference and mdc", (change(a, "thigh_angle")["difference"],
                                       change(a, "thigh_angle")["mdc"]), (-8.0, 2.8))
expect("12 to 4: the plan goes on", a["next_step"]["number"], 3)
expect("12 to 11: no reliable change", change(b, "thigh_angle")["change"], "no_reliable_change")
expect("12 to 11: step 7", b["next_step"]["number"], 7)
check("12 to 11: the reason quotes the change and the mdc",
      "from 12 to 11 degrees" in b["next_step"]["why"] and "2.8 degrees or more" in
      b["next_step"]["why"], b["next_step"]["why"])
check("different devices: a warning", any("different devices" in w for w in c["warnings"]),
      c["warnings"])
expect("different devices: the change is still shown", change(c, "thigh_angle")["change"],
       "improved")
expect("knee judged against the thigh", change(a, "knee_flexion")["minus"], "thigh_angle")
expect("visit members", sorted(a["visits"][0]),
       sorted(["date", "examiner", "device", "origin", "result", "next_step", "measured"]))
expect("change members", sorted(change(a, "thigh_angle")),
       sorted(["measure", "minus", "since", "from_date", "to_date", "from", "to", "difference",
               "mdc", "change", "clinically_significant"]))
expect("no errors", doc["errors"], [])

# The same rows in any order give the same courses (only the patients' order, which follows
# the input, and the rows' origins differ).
def normal(raw):
    d = json.loads(raw)
    for p in d["patients"]:
        for v in p["visits"]:
            v.pop("origin")
    d["patients"].sort(key=lambda p: (p["patient"], p["side"]))
    return d


lines = ACCEPT.splitlines(keepends=True)
body = lines[1:]
random.Random(7).shuffle(body)
shuffled = run(["progress", "--csv", "-", "--format", "json"],
               stdin=("".join([lines[0]] + body)).encode())
expect("shuffled input: same courses", normal(shuffled.stdout), normal(r.stdout))

# CSV: one row per patient, leg and visit.
r = run(["progress", "--csv", "-", "--format", "csv"], stdin=ACCEPT.encode())
expect("csv exit", r.returncode, 0)
table = list(csv.DictReader(io.StringIO(r.stdout.decode(), newline="")))
expect("csv rows", len(table), 6)
expect("csv change column", [t["thigh_angle_change_first"] for t in table if t["patient"] == "B"],
       ["", "no_reliable_change"])
expect("csv course step on the latest row", [t["course_next_step"] for t in table
                                             if t["patient"] == "B"], ["", "7"])

# --- Test files, any order; the text output is in the golden tests --------------------------
files = sorted(os.listdir(os.path.join(ROOT, "examples/visits")), reverse=True)
r = run(["progress", "--format", "json"] + [f"examples/visits/{f}" for f in files])
expect("files exit", r.returncode, 0)
doc = json.loads(r.stdout)
expect("files: both legs", [(p["patient"], p["side"], len(p["visits"])) for p in doc["patients"]],
       [("P-017", "left", 3), ("P-017", "right", 3)])
expect("files: the left leg's step is the patient's, from the right leg",
       course(doc, "P-017", "left")["next_step"]["decided_by"], "right")

# --- Bad input: each reported with its place, everything else still written -----------------
BAD = HEADER + (
    "P1,2026-01-05,left,5,95,yes,stretch,,\n"
    ",2026-01-05,left,5,95,yes,stretch,,\n"          # row 3: no patient
    "P2,05.01.2026,left,5,95,yes,stretch,,\n"         # row 4: not an ISO date
    "P3,2026-01-05,left,5,95,yes,stretch,,\n"
    "P3,2026-01-05,left,9,95,yes,stretch,,\n"         # rows 5 and 6: same day, other values
    "P4,,left,5,95,yes,stretch,,\n"                   # row 7: no date
    "P5,2026-01-05,,5,95,yes,stretch,,\n"             # row 8: no side
    "P6,2026-01-05,left,500,95,yes,stretch,,\n")      # row 9: out of range
r = run(["progress", "--csv", "-", "--format", "json"], stdin=BAD.encode())
expect("bad rows exit", r.returncode, 65)
doc = json.loads(r.stdout)
expect("bad rows: each reported by row", [e["row"] for e in doc["errors"]], [3, 4, 5, 6, 7, 8, 9])
expect("bad rows: the good visit is followed", [p["patient"] for p in doc["patients"]], ["P1"])
check("bad rows: one visit says so", "no follow-up yet: one visit" in doc["patients"][0]["warnings"],
      doc["patients"][0]["warnings"])
check("bad date names the column and the value",
      "column date: expected a date YYYY-MM-DD (ISO 8601), found \"05.01.2026\"" in
      doc["errors"][1]["error"], doc["errors"][1]["error"])
r = run(["progress", "--csv", "-", "--format", "csv"], stdin=BAD.encode())
table = list(csv.DictReader(io.StringIO(r.stdout.decode(), newline="")))
expect("csv: every input row is a row", len(table), 8)

# --- Usage, files and rules ------------------------------------------------------------------
expect("no input", run(["progress"]).returncode, 64)
expect("files and --csv", run(["progress", "a.yaml", "--csv", "-"], stdin=b"").returncode, 64)
expect("--date without --csv", run(["progress", "examples/visits/p017-2026-01-05.yaml",
                                    "--date", "d"]).returncode, 64)
r = run(["progress", "--csv", "-"], stdin=b"date,side,thigh_angle\n2026-01-05,left,3\n")
expect("no patient column", r.returncode, 64)
check("no patient column names the flag", b"--patient COLUMN" in r.stderr, r.stderr)
expect("missing file", run(["progress", "--csv", "no/such.csv"]).returncode, 66)
with open(os.path.join(ROOT, "rules/default.yaml"), encoding="utf-8") as f:
    text = f.read()
text = text.replace("    mdc: 2.8\n", "").replace("    better: lower             # lower = more hip extension\n", "")
text = text.replace("    mdc_source: [S4, jacobson]\n", "")
# The rows and examples that test the thigh's change go too, or the file itself is invalid.
with tempfile.TemporaryDirectory() as tmp:
    rules = os.path.join(tmp, "no-mdc.yaml")
    cut = text[:text.index("  # Follow-up: hip extension reliably worse")] + \
        text[text.index("  - id: psoas_short"):text.index("  # Follow-up (thomas progress compares")] + \
        text[text.index("  # Step 7 only after the planned steps"):text.index("  # Follow-up (thomas progress): the latest")]
    with open(rules, "w", encoding="utf-8") as f:
        f.write(cut)
    check("rule set without the thigh's mdc still loads", run(["rules", "check", rules]).returncode == 0,
          run(["rules", "check", rules]).stderr)
    r = run(["progress", "--rules", rules, "--csv", "examples/visits.csv"])
    expect("rule set without mdc", r.returncode, 78)
    check("rule set without mdc names the measure", b"gives no mdc for thigh_angle" in r.stderr,
          r.stderr)
    out = os.path.join(tmp, "course.csv")
    r = run(["progress", "--csv", "examples/visits.csv", "--format", "csv", "-o", out])
    expect("-o exit", r.returncode, 0)
    check("-o written", os.path.getsize(out) > 0)
    r = run(["progress", "--csv", "no/such.csv", "-o", os.path.join(tmp, "never.csv")])
    check("-o not created on failure", not os.path.exists(os.path.join(tmp, "never.csv")))

# --jobs: byte for byte the same output, messages and exit status for any number of threads, on
# a generated shuffled history (bench/gen_clinic_csv.py) of 600 patients, two blocks' worth.
history = subprocess.run([sys.executable, os.path.join(ROOT, "bench", "gen_clinic_csv.py"),
                          "--history", "600", "--seed", "3"], capture_output=True,
                         check=True).stdout
for fmt in ("text", "json", "csv"):
    runs = [run(["progress", "--csv", "-", "--format", fmt, "--jobs", str(j)], stdin=history)
            for j in (1, 3)]
    check(f"--jobs {fmt}: output made", runs[0].returncode in (0, 65) and len(runs[0].stdout) > 0,
          runs[0].stderr)
    for j, r in zip((3,), runs[1:]):
        expect(f"--jobs {j} {fmt}: exit", r.returncode, runs[0].returncode)
        check(f"--jobs {j} {fmt}: same stdout as --jobs 1", r.stdout == runs[0].stdout)
        expect(f"--jobs {j} {fmt}: same stderr", r.stderr, runs[0].stderr)
doc = json.loads(run(["progress", "--csv", "-", "--format", "json", "--jobs", "2"],
                     stdin=history).stdout)
check("--jobs 2 json: every patient's legs", len(doc["patients"]) >= 2 * 600 - 20,
      len(doc["patients"]))

if failures:
    print("\n".join(failures))
    sys.exit(1)
print("progress: all checks passed")
