#!/usr/bin/env python3
"""Generate a synthetic, deterministic clinic CSV for benchmarking `thomas batch`.

Usage: gen_clinic_csv.py ROWS [--seed N] [-o PATH] [--crlf]
       gen_clinic_csv.py --history PATIENTS [--seed N] [-o PATH]

The same ROWS and --seed always give byte-identical output (stdlib `random.Random`).
Columns: patient_id,side,thigh_angle,knee_flexion,rotation,abduction,lumbar_flat,pain,notes
Each patient contributes a left and a right row. The data exercises the CSV reader:
quoted pain lists ("hip,groin"), free-text notes with commas, doubled quotes and
occasional embedded newlines, empty (unmeasured) cells, and about 1 row in 10,000
that is deliberately bad (a typo such as 7o, a decimal comma "5,5", an unknown pain word).
1,000,000 rows come to roughly 80 MB.

--history PATIENTS writes a clinic's follow-up history for `thomas progress` instead: each
patient has 3 to 6 visits 2 to 8 weeks apart, both legs tested at each, the thigh angle drifting
down as the programme's steps are recorded done (some patients improve, some do not), the same
goniometer mostly and another device now and then; the rows of all patients are shuffled.
100,000 patients come to about 900,000 rows.
"""

import argparse
import random
import sys

HEADER = "patient_id,side,thigh_angle,knee_flexion,rotation,abduction,lumbar_flat,pain,notes"

# (value, weight) tables.
PAIN = [
    ("none", 52),
    ("stretch", 32),
    ("groin", 4),
    ("knee", 3),
    ("back", 3),
    ("hip", 2),
    ("nerve", 1),
    ("hip,groin", 2),
    ("stretch,knee", 1),
]
LUMBAR = [("yes", 90), ("no", 7), ("", 3)]

# Free-text notes, unquoted here: `cell()` adds RFC 4180 quoting where needed.
NOTE_SHORT = [
    "tight at end range and no pain; retest in two weeks",
    "felt a strong stretch in the front of the thigh",
    "retest after a ten minute warm-up on the bike",
    "desk job; sits about nine hours a day",
    "runner; marathon training block since March",
    "post-op review (ACL); cleared for stretching",
    "good relaxation on the table this time",
    "guarded on the first attempt and better on the second",
    "hamstrings and calves also tight",
    "back stayed flat; knee drifted out slightly",
]
NOTE_WITH_COMMA = [
    "tight, especially after running or long drives",
    "sits a lot, drives two hours a day, stands at work",
    'says it "pulls" at the front of the hip',
    "pain 2/10, stretch only, eased after release",
    'reports "pinching" in the groin, refer?',
    "TFL tender, ITB tight, glutes weak on the right",
]
NOTE_MULTILINE = [
    "first line of the note\nsecond line, written after the retest",
    "low back lifted on the first try\nretested with the pelvis held",
]

BAD_KINDS = ("typo", "decimal_comma", "pain_word")


def cell(text):
    """Quote a field the RFC 4180 way when it holds a comma, a quote or a line break."""
    if "," in text or '"' in text or "\n" in text or "\r" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def weighted(rng, table):
    """Pick a value from a (value, weight) table."""
    total = sum(w for _, w in table)
    x = rng.random() * total
    for value, weight in table:
        x -= weight
        if x < 0:
            return value
    return table[-1][0]


def measure(rng, low, high, decimals_p, empty_p):
    """A measurement in [low, high] as text, sometimes with one decimal, sometimes empty."""
    if rng.random() < empty_p:
        return ""
    value = rng.triangular(low, high)
    if rng.random() < decimals_p:
        return f"{value:.1f}"
    return str(int(round(value)))


def note(rng):
    """A free-text note: often plain, sometimes with commas or quotes, rarely two lines."""
    x = rng.random()
    if x < 0.10:
        return ""
    if x < 0.65:
        return rng.choice(NOTE_SHORT)
    if x < 0.9995:
        return rng.choice(NOTE_WITH_COMMA)
    return rng.choice(NOTE_MULTILINE)


def row(rng, index):
    """One CSV line (without its line ending) for data row `index` (0-based)."""
    patient = f"P{index // 2 + 1:07d}"
    side = "left" if index % 2 == 0 else "right"
    cells = [
        patient,
        side,
        measure(rng, -25.0, 20.0, 0.3, 0.02),
        measure(rng, 40.0, 110.0, 0.1, 0.02),
        measure(rng, -25.0, 25.0, 0.1, 0.05),
        measure(rng, 0.0, 30.0, 0.1, 0.05),
        weighted(rng, LUMBAR),
        weighted(rng, PAIN),
        note(rng),
    ]
    if rng.random() < 1e-4:
        kind = rng.choice(BAD_KINDS)
        if kind == "typo":
            cells[3] = "7o"
        elif kind == "decimal_comma":
            cells[2] = "5,5"
        else:
            cells[7] = "ouch"
    return ",".join(cell(c) for c in cells)


HISTORY_HEADER = ("patient,date,side,thigh_angle,knee_flexion,rotation,abduction,lumbar_flat,"
                  "pain,done,examiner,device,notes")
EXAMINERS = ["A. Meyer", "B. Ortiz", "C. Nguyen", "D. Okafor"]


def history_rows(rng, patients):
    """Every visit row of `patients` patients, in patient order (the caller shuffles)."""
    import datetime
    start = datetime.date(2025, 1, 6)
    for p in range(patients):
        patient = f"P{p + 1:07d}"
        day = start + datetime.timedelta(days=rng.randrange(0, 300))
        visits = rng.randint(3, 6)
        examiner = rng.choice(EXAMINERS)
        responder = rng.random() < 0.6
        thigh = {"left": rng.triangular(-20.0, 20.0), "right": rng.triangular(-20.0, 20.0)}
        done = []
        for v in range(visits):
            device = "goniometer" if rng.random() < 0.95 else "inclinometer"
            for side in ("left", "right"):
                t = thigh[side] + rng.gauss(0.0, 1.0)
                knee = 90.0 + t + rng.gauss(-5.0, 6.0)
                cells = [patient, day.isoformat(), side, f"{t:.0f}", f"{knee:.0f}",
                         f"{rng.gauss(0.0, 6.0):.0f}", f"{abs(rng.gauss(6.0, 4.0)):.0f}",
                         weighted(rng, LUMBAR), weighted(rng, PAIN), ";".join(done), examiner,
                         device, note(rng)]
                yield ",".join(cell(c) for c in cells)
                if responder:
                    thigh[side] -= rng.uniform(1.0, 4.0)
            done = [str(s) for s in range(3, min(7, 3 + 2 * (v + 1)))]
            day += datetime.timedelta(days=rng.randrange(14, 57))


def main(argv=None):
    parser = argparse.ArgumentParser(description="Generate a synthetic clinic CSV.")
    parser.add_argument("rows", type=int, nargs="?", default=0,
                        help="number of data rows (header not counted)")
    parser.add_argument("--history", type=int, metavar="PATIENTS",
                        help="a shuffled follow-up history of PATIENTS patients instead")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("-o", "--output", default="-", help="output path (default stdout)")
    parser.add_argument("--crlf", action="store_true", help="CRLF line endings instead of LF")
    args = parser.parse_args(argv)
    if args.rows < 0:
        parser.error("ROWS must be >= 0")

    rng = random.Random(args.seed)
    eol = "\r\n" if args.crlf else "\n"
    if args.history is not None:
        lines = list(history_rows(rng, args.history))
        rng.shuffle(lines)
        out = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8",
                                                         newline="")
        try:
            out.write(HISTORY_HEADER + eol)
            for i in range(0, len(lines), 10000):
                out.write(eol.join(lines[i:i + 10000]) + eol)
        finally:
            if out is not sys.stdout:
                out.close()
        return 0
    out = (
        sys.stdout
        if args.output == "-"
        else open(args.output, "w", encoding="utf-8", newline="")
    )
    try:
        if out is sys.stdout:
            sys.stdout.reconfigure(newline="")
        lines = [HEADER]
        for i in range(args.rows):
            text = row(rng, i)
            lines.append(text.replace("\n", eol) if args.crlf else text)
            if len(lines) >= 10000:
                out.write(eol.join(lines) + eol)
                lines = []
        if lines:
            out.write(eol.join(lines) + eol)
    finally:
        if out is not sys.stdout:
            out.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
