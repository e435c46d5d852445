#!/usr/bin/env python3
"""End-to-end checks of `thomas report` without a browser: exit codes, usage errors, atomic
-o, stdout, escaping of hostile cells, the leg angles in the SVG against the input, and the
size and speed of a 10,000-row caseload. Usage: test_report.py THOMAS_BINARY"""
import math
import os
import re
import subprocess
import sys
import tempfile
import time

BINARY = sys.argv[1]
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
failures = []
EPOCH = "1790000000"  # 2026-09-21 14:13 UTC


def run(*args, stdin=None, env_extra=None):
    env = dict(os.environ, NO_COLOR="1", SOURCE_DATE_EPOCH=EPOCH)
    env.update(env_extra or {})
    return subprocess.run([BINARY, "report", *args], input=stdin, capture_output=True,
                          env=env, timeout=120, cwd=ROOT)


def expect(label, got, want):
    if got != want:
        failures.append(f"{label}:\n  expected {want!r}\n  got      {got!r}")


def check(label, condition, detail=""):
    if not condition:
        failures.append(f"{label} {detail}")


def leg_angles(html, side):
    """(thigh, knee flexion) as drawn in the SVG of one leg, read from the line coordinates."""
    svg = re.search(rf'<svg[^>]*aria-labelledby="leg-{side}-title.*?</svg>', html, re.S)
    if not svg:
        return None
    lines = {}
    for name in ("thigh", "shank"):
        m = re.search(rf'<line class="{name}" x1="([-\d.]+)" y1="([-\d.]+)" '
                      rf'x2="([-\d.]+)" y2="([-\d.]+)"', svg.group(0))
        if m:
            x1, y1, x2, y2 = map(float, m.groups())
            lines[name] = math.degrees(math.atan2(-(y2 - y1), x2 - x1))
    thigh = lines.get("thigh")
    knee = None
    if thigh is not None and "shank" in lines:
        knee = (thigh - lines["shank"]) % 360
    return thigh, knee


# --- one test from a file, both legs: the page, its date, its angles ---
r = run("--file", "examples/both-sides.yaml")
expect("both sides exit", r.returncode, 0)
html = r.stdout.decode()
check("both sides: a whole HTML page", html.startswith("<!DOCTYPE html>") and
      html.rstrip().endswith("</html>"))
check("both sides: the date from SOURCE_DATE_EPOCH", "Made 2026-09-21 14:13 UTC" in html)
check("both sides: names the input", "from examples/both-sides.yaml" in html)
check("both sides: no script", "<script" not in html.lower())
for side, (thigh, knee) in {"left": (-8, 88), "right": (6, 72)}.items():
    got = leg_angles(html, side)
    check(f"both sides: {side} leg drawn", got is not None and got[1] is not None, repr(got))
    if got and got[1] is not None:
        check(f"both sides: {side} thigh drawn at {thigh}", abs(got[0] - thigh) < 0.05, repr(got))
        check(f"both sides: {side} knee drawn at {knee}", abs(got[1] - knee) < 0.05, repr(got))

# Flags, at the extremes of the default plausible ranges.
for thigh, knee in ((-45, -10), (90, 160), (-45, 160), (90, -10), (12.5, 47.3)):
    r = run(f"--thigh={thigh}", f"--knee={knee}", "--side", "right")
    expect(f"flags {thigh} {knee} exit", r.returncode, 0)
    got = leg_angles(r.stdout.decode(), "right")
    ok = got and abs(got[0] - thigh) < 0.05 and abs(got[1] - knee % 360) < 0.05
    check(f"flags {thigh} {knee}: drawn at the measured angles", ok, repr(got))

# The same report twice is the same bytes (SOURCE_DATE_EPOCH fixes the date).
expect("reproducible", run("--file", "examples/both-sides.yaml").stdout,
       run("--file", "examples/both-sides.yaml").stdout)

# --- usage errors (64), bad data (65), missing input (66) ---
r = run("--thigh", "5", "--file", "examples/right-leg.yaml")
expect("flags and file exit", r.returncode, 64)
r = run("--thigh", "5", "--csv", "examples/clinic-de.csv")
expect("test and csv exit", r.returncode, 64)
expect("test and csv message", r.stderr.decode(),
       "thomas: error: give one test (measurement flags or --file) or a clinic CSV (--csv), not "
       "both\n")
r = run("--thigh", "5", "--delimiter", ";")
expect("csv flag without csv exit", r.returncode, 64)
expect("csv flag without csv message", r.stderr.decode(),
       "thomas: error: --delimiter reads a clinic CSV: give --csv PATH too\n")
r = run()
expect("nothing exit", r.returncode, 64)
r = run("--thigh", "500")
expect("out of range exit", r.returncode, 65)
r = run("--csv", "no-such.csv")
expect("missing csv exit", r.returncode, 66)
r = run("--thigh", "5", env_extra={"SOURCE_DATE_EPOCH": "yesterday"})
expect("bad SOURCE_DATE_EPOCH exit", r.returncode, 64)

with tempfile.TemporaryDirectory() as tmp:
    # --- -o: atomic; an unwritable target is 73 and leaves nothing behind ---
    out = os.path.join(tmp, "report.html")
    r = run("--file", "examples/both-sides.yaml", "-o", out)
    expect("-o exit", r.returncode, 0)
    expect("-o stdout", r.stdout, b"")
    with open(out, "rb") as f:
        expect("-o holds the page", f.read(), run("--file", "examples/both-sides.yaml").stdout)
    expect("-o leaves no temporary file", sorted(os.listdir(tmp)), ["report.html"])
    r = run("--file", "examples/both-sides.yaml", "-o", os.path.join(tmp, "no", "dir.html"))
    expect("-o into a missing folder exit", r.returncode, 73)
    r = run("--file", "examples/both-sides.yaml", "-o", "-")
    expect("-o - writes stdout", r.stdout[:15], b"<!DOCTYPE html>")
    r = run("--file", "examples/both-sides.yaml", "-o", "/dev/full")
    expect("/dev/full exit", r.returncode, 73)

    # --- a caseload with hostile cells: escaped; bad rows listed; exit 0 ---
    csv_path = os.path.join(tmp, "hostile.csv")
    with open(csv_path, "w", encoding="utf-8", newline="") as f:
        f.write('id,side,thigh_angle,knee_flexion,lumbar_flat,pain,note\n'
                'h1,left,5,70,yes,hip,"<script>alert(""x"")</script> & \'quoted\'"\n'
                'h2,right,500,70,yes,none,"<b>bold</b>"\n'
                'h3,left,-10,80,yes,stretch,ok\n')
    r = run("--csv", csv_path)
    expect("hostile caseload exit", r.returncode, 0)
    page = r.stdout.decode()
    check("hostile note escaped", "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; "
          "&#39;quoted&#39;" in page)
    check("hostile note: no live markup", "<script" not in page and "<b>bold" not in page)
    check("bad row listed", "thigh_angle 500 is outside the plausible range" in page)
    r = run("--csv", "-", stdin=open(csv_path, "rb").read())
    expect("caseload from stdin exit", r.returncode, 0)
    check("caseload from stdin names it", "from &lt;stdin&gt;" in r.stdout.decode())
    # The header problems of batch, with batch's exit codes.
    unread = os.path.join(tmp, "unread.csv")
    with open(unread, "w") as f:
        f.write("side,Knee (deg)\nleft,80\n")
    expect("unread measurement column exit", run("--csv", unread).returncode, 64)

    # --- 10,000 rows: a few hundred kB, a second or two ---
    big = os.path.join(tmp, "big.csv")
    subprocess.run([sys.executable, os.path.join(ROOT, "bench", "gen_clinic_csv.py"), "10000",
                    "-o", big], check=True)
    start = time.monotonic()
    r = run("--csv", big, "--patient", "patient_id", "-o", os.path.join(tmp, "big.html"))
    took = time.monotonic() - start
    expect("10k exit", r.returncode, 0)
    size = os.path.getsize(os.path.join(tmp, "big.html"))
    check("10k rows: under 2 MB", size < 2_000_000, f"({size} bytes)")
    check("10k rows: under 10 s", took < 10, f"({took:.1f} s)")
    with open(os.path.join(tmp, "big.html"), encoding="utf-8") as f:
        big_page = f.read()
    bars = big_page.count('class="bin"')
    check("10k rows: aggregate charts (bins, not rows)", bars < 400, f"({bars} bars)")

# --- visits: test files and a CSV, read as `thomas progress` reads them ---
visit_files = sorted(os.path.join("examples", "visits", n)
                     for n in os.listdir(os.path.join(ROOT, "examples", "visits")))
r = run("--visits", *visit_files)
expect("visits files exit", r.returncode, 0)
html = r.stdout.decode()
check("visits files: a whole HTML page", html.startswith("<!DOCTYPE html>") and
      html.rstrip().endswith("</html>"))
sections = html.count('<section class="patient">')
check("visits files: one section per leg", sections == 2, f"({sections})")
check("visits files: the knee as judged", "Knee flexion minus thigh angle" in html)
check("visits files: changes marked in words", ">improved<" in html)
check("visits files: the summary on stderr", "visits followed" in r.stderr.decode(),
      repr(r.stderr))
r = run("--visits", "--csv", "examples/visits.csv")
expect("visits csv exit", r.returncode, 0)
csv_html = r.stdout.decode()
check("visits csv: three patients, one leg each",
      csv_html.count('<section class="patient">') == 3)
r = run("--visits", "--csv", "-", stdin=open(os.path.join(ROOT, "examples", "visits.csv"), "rb").read())
expect("visits csv stdin exit", r.returncode, 0)
expect("visits csv stdin: the same page but the input's name",
       r.stdout.decode().replace("from &lt;stdin&gt;", "from examples/visits.csv"), csv_html)
hostile = ('patient,date,side,thigh_angle,knee_flexion,lumbar_flat,pain\n'
           '<script>alert(1)</script>,2026-01-05,left,10,95,yes,stretch\n'
           '<script>alert(1)</script>,2026-02-05,left,5,90,yes,stretch\n'
           '"<b>x</b>",2026-02-05,left,500,90,yes,stretch\n')
r = run("--visits", "--csv", "-", stdin=hostile.encode())
expect("visits hostile exit (a row not followed)", r.returncode, 65)
page = r.stdout.decode()
check("visits hostile: no script element", "<script" not in page.lower())
check("visits hostile: the id as text", "&lt;script&gt;alert(1)&lt;/script&gt;" in page)
check("visits hostile: the bad row listed", "Inputs not followed (1)" in page and
      "<b>" not in page)
expect("visits: files and csv exit", run("--visits", visit_files[0], "--csv",
                                         "examples/visits.csv").returncode, 64)
expect("files without --visits exit", run(visit_files[0]).returncode, 64)
expect("--visits alone exit", run("--visits").returncode, 64)
expect("visits and a test exit", run("--visits", visit_files[0], "--thigh", "5").returncode, 64)
r = run("--visits", visit_files[0], "--date", "Datum")
expect("--date without --csv exit", r.returncode, 64)
expect("--date without --csv message", r.stderr.decode(),
       "thomas: error: --date reads a CSV of visits: give --visits --csv PATH too\n")
expect("--patient with visit files exit",
       run("--visits", visit_files[0], "--patient", "p").returncode, 64)
expect("visits csv missing exit", run("--visits", "--csv", "no-such.csv").returncode, 66)
expect("visits csv no date column exit",
       run("--visits", "--csv", "-", stdin=b"patient,side,thigh_angle\nP,left,5\n").returncode, 64)

if failures:
    print("\n".join(failures))
    sys.exit(1)
print("ok")
