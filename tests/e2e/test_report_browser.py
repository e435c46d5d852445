#!/usr/bin/env python3
"""`thomas report` pages in a real browser (headless Chromium, one launch for every check,
driven over the DevTools protocol by tests/e2e/chromium.py): each page loads with no console
error and no network request; nothing is wider than the window at 100 % and at 200 % zoom or
on the printed page; a one-patient report prints on one A4 and one Letter page; a hostile
note is text; a follow-up of one patient prints a page per leg; the drawn leg angles match
the input; every drawing has a title and a description. The PDFs and PNGs are kept in OUT_DIR for a person to look at (CI artefacts).

Usage: test_report_browser.py THOMAS_BINARY OUT_DIR. Exits 77 (skipped) without Chromium."""
import math
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from chromium import Browser, find_chromium, pdf_page_count  # noqa: E402

BINARY, OUT = sys.argv[1], os.path.abspath(sys.argv[2])
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SKIP = 77
failures = []

if not find_chromium():
    print("SKIPPED: no chromium found; install it with 'apt-get install chromium' "
          "(scripts/install-deps.sh chromium) to run the browser checks of thomas report")
    sys.exit(SKIP)

os.makedirs(OUT, exist_ok=True)


def check(label, condition, detail=""):
    if not condition:
        failures.append(f"{label} {detail}".rstrip())


def report(name, *args, stdin=None):
    path = os.path.join(OUT, name + ".html")
    env = dict(os.environ, SOURCE_DATE_EPOCH="1790000000")
    r = subprocess.run([BINARY, "report", *args, "-o", path], input=stdin, capture_output=True,
                       env=env, cwd=ROOT, timeout=60)
    if r.returncode != 0:
        sys.exit(f"thomas report {' '.join(args)} failed ({r.returncode}): {r.stderr.decode()}")
    return path


HOSTILE = '<script>alert("x")</script> & \'quoted\''
caseload_csv = os.path.join(OUT, "caseload.csv")
with open(caseload_csv, "w", encoding="utf-8", newline="") as f:
    f.write("patient_id,side,thigh_angle,knee_flexion,rotation,abduction,lumbar_flat,pain,notes\n")
    f.write('H1,left,5,70,,,yes,hip,"' + HOSTILE.replace('"', '""') + '"\n')
    f.write("H2,right,500,70,,,yes,none,typo in the thigh angle\n")
generated = subprocess.run([sys.executable, os.path.join(ROOT, "bench", "gen_clinic_csv.py"),
                            "300", "--seed", "7"], capture_output=True, check=True).stdout
with open(caseload_csv, "ab") as f:
    f.write(generated.split(b"\n", 1)[1])

small_csv = os.path.join(OUT, "caseload-small.csv")
with open(small_csv, "w", encoding="utf-8", newline="") as f:
    f.write("patient_id,side,thigh_angle,knee_flexion,lumbar_flat,pain\n"
            "P1,left,5,70,yes,hip\nP1,right,-10,80,yes,stretch\nP2,left,12,50,yes,stretch\n")

pages = {
    "both-sides": (report("both-sides", "--file", "examples/both-sides.yaml"),
                   {"left": (-8, 88), "right": (6, 72)}),
    "one-leg": (report("one-leg", "--thigh", "12", "--knee", "50", "--side", "left",
                       "--lumbar-flat", "yes", "--pain", "stretch"), {"left": (12, 50)}),
    "many-notes": (report("many-notes", "--file", "tests/fixtures/report/many-notes.yaml"),
                   {"left": (8, 60), "right": (4, 70)}),
    "caseload": (report("caseload", "--csv", caseload_csv, "--patient", "patient_id"), {}),
    # A three-row caseload: the summary and the histograms, whose printed length is fixed.
    "caseload-small": (report("caseload-small", "--csv", small_csv), {}),
    # One patient's three visits with both legs tested: a printed page per leg.
    "visits": (report("visits", "--visits", *sorted(
        os.path.join("examples", "visits", n)
        for n in os.listdir(os.path.join(ROOT, "examples", "visits")))), {}),
}
# Printed pages (A4, Letter) of each page but the big caseload's, whose length follows the CSV.
PRINTED = {"visits": (2, 2), "caseload-small": (1, 2)}

# Width of the printed column on A4 (210 mm less 2 x 12 mm margins) in CSS pixels.
A4_COLUMN = round((210 - 24) / 25.4 * 96)

start = time.monotonic()
with Browser() as browser:
    for name, (path, legs) in pages.items():
        page = browser.open("file://" + path, width=1000, height=1000)
        # Nothing beyond the right edge: at 100 %, at 200 % zoom (half the CSS width), printed.
        for label, width, media in (("100 %", 1000, "screen"), ("200 % zoom", 500, "screen"),
                                    ("print", A4_COLUMN, "print")):
            page.set_width(width)
            page.call("Emulation.setEmulatedMedia", media=media)
            scroll, inner = page.evaluate(
                "[document.documentElement.scrollWidth, window.innerWidth]")
            check(f"{name} at {label}: content within the width", scroll <= inner,
                  f"(scrollWidth {scroll} > {inner})")
            # Nor hidden in a box that scrolls sideways (the tables' wrappers).
            boxes = page.evaluate(
                "[...document.querySelectorAll('*')].filter(e => e.scrollWidth > "
                "e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible')"
                ".map(e => e.tagName + '.' + e.className)")
            check(f"{name} at {label}: no box scrolls sideways", not boxes, repr(boxes))
        page.call("Emulation.setEmulatedMedia", media="")
        page.set_width(1000, 1000)
        with open(os.path.join(OUT, name + ".png"), "wb") as f:
            # A caseload's full length (its referral list) is slow to capture: its first screen.
            page.set_width(1000, 1400)
            f.write(page.screenshot(full_page=name != "caseload"))
        with open(os.path.join(OUT, name + "-200pct.png"), "wb") as f:
            page.set_width(500, 1000, scale=2)  # what a 1000 px window shows at 200 %
            f.write(page.screenshot(full_page=False))
            page.set_width(1000, 1000)
        a4, letter = page.pdf("a4"), page.pdf("letter")
        with open(os.path.join(OUT, name + ".pdf"), "wb") as f:
            f.write(a4)
        if name != "caseload":
            want_a4, want_letter = PRINTED.get(name, (1, 1))
            check(f"{name}: {want_a4} page(s) on A4", pdf_page_count(a4) == want_a4,
                  f"({pdf_page_count(a4)} pages)")
            check(f"{name}: {want_letter} page(s) on Letter", pdf_page_count(letter) == want_letter,
                  f"({pdf_page_count(letter)} pages)")
        # Every drawing says what it shows; nothing runs.
        check(f"{name}: every svg has a title and a desc", page.evaluate(
            "[...document.querySelectorAll('svg')].every("
            "s => s.querySelector(':scope > title') && s.querySelector(':scope > desc'))"))
        check(f"{name}: no script element", page.evaluate("document.scripts.length") == 0)
        # The leg angles as the browser holds the drawing.
        for side, (thigh, knee) in legs.items():
            coords = page.evaluate(
                f"['thigh', 'shank'].map(c => {{ const l = document.querySelector("
                f"'svg[aria-labelledby^=\"leg-{side}-\"] line.' + c); return l && "
                "['x1','y1','x2','y2'].map(a => +l.getAttribute(a)); })")
            if not all(coords):
                check(f"{name}: {side} leg drawn", False, repr(coords))
                continue
            angles = [math.degrees(math.atan2(-(y2 - y1), x2 - x1)) for x1, y1, x2, y2 in coords]
            check(f"{name}: {side} thigh at {thigh}", abs(angles[0] - thigh) < 0.05, repr(angles))
            check(f"{name}: {side} knee at {knee}",
                  abs((angles[0] - angles[1]) % 360 - knee) < 0.05, repr(angles))
        if name == "caseload":
            text = page.evaluate("document.body.innerText")
            check("caseload: the hostile note shows as text", HOSTILE in text)
            check("caseload: the bad row is listed", "thigh_angle 500 is outside" in text)
            check("caseload: rules, version, SHA-256 and the judgement line",
                  "Rule set default version" in text and "SHA-256" in text and
                  "supports a clinician's judgement" in text)
        if name == "visits":
            text = page.evaluate("document.body.innerText")
            check("visits: both legs of P-017", "Patient P-017, left leg" in text and
                  "Patient P-017, right leg" in text)
            check("visits: the knee as judged", "Knee flexion minus thigh angle" in text)
            check("visits: a chart per judged measure and leg",
                  page.evaluate("document.querySelectorAll('.series svg').length") == 4)
        errors = page.console_errors()
        check(f"{name}: no console error or network request", not errors, repr(errors))
took = time.monotonic() - start

if failures:
    print("\n".join(failures))
    sys.exit(1)
print(f"ok: {len(pages)} pages checked in one Chromium in {took:.1f} s; PNG and PDF in {OUT}")
